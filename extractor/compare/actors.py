"""Actors across articles: one record per actor, whatever each article called it.

Mentions are one actor when their canonical names fold to the same key (case, accents,
apostrophes and a leading "the" ignored): "the NGO Foro Penal" in one article and "Foro Penal"
in another both carry the name "Foro Penal". An actor's name and type are the ones most of its
mentions carry (ties: the first seen); aliases are the mention texts, in order of first use.
Actors are listed by the number of claims they appear in, then by first appearance.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..resources import fold


def actor_key(name: str) -> str:
    key = fold(name).strip()
    return key[4:] if key.startswith("the ") else key


@dataclass
class _Actor:
    first: int
    names: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    aliases: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)
    as_source: int = 0

    @staticmethod
    def _most(counter: Counter, order: dict) -> str:
        return max(counter, key=lambda k: (counter[k], -order[k]))

    def record(self, order: dict) -> dict:
        return {"name": self._most(self.names, order), "type": self._most(self.types, order),
                "aliases": list(self.aliases), "documents": list(self.documents), "claims": list(self.claims),
                "n_claims": len(self.claims), "n_documents": len(self.documents), "as_source": self.as_source}


def _mentions(claim: dict) -> Iterable[tuple[str, str, str]]:
    for a in claim.get("actors") or []:
        yield a["name"], a.get("type") or "ORG", a.get("text") or a["name"]


def actor_index(claims: Iterable[dict]) -> list[dict]:
    """One record per actor across the claims (module docstring)."""
    actors: dict[str, _Actor] = {}
    order: dict[str, int] = {}  # first appearance of each name, type and alias: the tie rule
    for claim in claims:
        for name, type_, text in _mentions(claim):
            actor = actors.setdefault(actor_key(name), _Actor(len(actors)))
            for value in (name, type_, text):
                order.setdefault(value, len(order))
            actor.names[name] += 1
            actor.types[type_] += 1
            actor.aliases.setdefault(text, None)
            actor.documents.setdefault(claim["doc_id"], None)
            actor.claims.setdefault(claim["claim_id"], None)
        for source in {actor_key(a["source"]) for a in claim.get("attribution") or [] if a.get("source")}:
            if source in actors:
                actors[source].as_source += 1
    ranked = sorted(actors.values(), key=lambda a: (-len(a.claims), a.first))
    return [a.record(order) for a in ranked]
