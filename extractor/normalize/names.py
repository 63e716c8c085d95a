"""Canonical actor names and the keys used to compare them (claims-spec 3 and 7)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Sequence

from ..resources import fold

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = " \t\n,;:.\"'“”‘’()[]-–—"


def longest_first(titles: Sequence[str]) -> tuple[str, ...]:
    """Titles lower-cased, longest first, so "acting president" is stripped whole rather than
    leaving "acting"; titles of one length keep their order in the pack."""
    return tuple(sorted((t.lower() for t in titles), key=len, reverse=True))


def _default_titles() -> tuple[str, ...]:
    from ..components.base import default_pack  # the stages import this module: no import cycle at load
    return longest_first(default_pack().actors.titles)


def _default_honours() -> tuple[str, ...]:
    from ..components.base import default_pack
    return longest_first(default_pack().actors.honours)


def strip_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text) if text.endswith(("'s", "’s", "s'", "s’")) else text


def clean_name(text: str) -> str:
    """'the NGO Foro Penal’s' -> 'NGO Foro Penal' (descriptors are removed by the caller)."""
    text = _SPACES.sub(" ", text).strip(_EDGE_PUNCT.replace(".", ""))
    text = strip_possessive(text).strip(_EDGE_PUNCT.replace(".", ""))
    if text.lower().startswith("the "):
        text = text[4:]
    return text


def strip_titles(name: str, *, titles: Sequence[str] = (), honours: Optional[Sequence[str]] = None) -> str:
    """'President Donald Trump' -> 'Donald Trump'; keeps a name that is only a title.
    ``titles`` is a ``longest_first`` tuple; without it, the bundled pack's. ``honours``
    ('Datuk', 'Tan Sri', 'Sheikh') go only before a full name of two words or more: before one
    word an honour may be the name's own ('Sheikh Hasina'); without it, the bundled pack's."""
    titles = titles or _default_titles()
    honours = _default_honours() if honours is None else honours
    changed = True
    while changed:
        changed = False
        low = name.lower()
        for title, words in [(t, 1) for t in titles] + [(h, 2) for h in honours]:
            if low.startswith(title + " ") and len(name) > len(title) + 1:
                rest = name[len(title) + 1:]
                if rest[:1].isupper() and len(rest.split()) >= words:
                    name, changed = rest, True
                    break
    return name


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Comparison key of the evaluator: case, accents, apostrophes, spaces and a leading 'the' ignored."""
    key = fold(name).strip()
    if key.startswith("the "):
        key = key[4:]
    return re.sub(r"[\s'\-]+", "", key)


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> frozenset[str]:
    """Token set for lenient matching ("Rodríguez" overlaps "Delcy Rodríguez")."""
    return frozenset(re.findall(r"\w+", fold(name))) - {"the"}
