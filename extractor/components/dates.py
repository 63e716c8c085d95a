"""Dates (claims-spec 5): calendar expressions with TIMEX3 values against the article date.

Candidates come from rule patterns (``models/en/date_patterns.json``) and the model's DATE
entities; each is resolved by :func:`extractor.normalize.timex.resolve` with the tense of the
verb it modifies and the year of the surrounding narrative. Durations, ages and frequencies
do not resolve and are dropped.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..normalize.timex import resolve
from ..resources import load_json
from . import extensions  # noqa: F401
from .base import DEFAULT_CONFIG, Stage
from .extensions import doc_text, ents_of_label, scratch

_PROBE_DATE = dt.date(2000, 6, 15)
_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}  # any date: tells relative expressions from non-dates
_YEAR_TOKEN = re.compile(r"^(1[89]|20)\d{2}$")


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: Optional[str]
    type: str = "DATE"

    def as_record(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "type": self.type}


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[re.Pattern], set, set]:
    data = load_json("date_patterns.json")
    macros = data["macros"]

    def expand(p: str) -> str:
        for _ in range(3):
            for k, v in macros.items():
                p = p.replace("{" + k + "}", v)
        return p
    # Every date expression starts at a word boundary; saying so first lets the regex engine
    # reject most positions before trying each pattern's optional modifiers.
    compiled = [re.compile(r"\b(?:" + expand(p) + ")", 0 if case else re.IGNORECASE) for p, case in
                [(row["regex"], row.get("case_sensitive", False)) for row in data["patterns"]]]
    return compiled, set(data["future_markers"]), set(data["year_prepositions"])


@lru_cache(maxsize=1)
def _present_forms() -> frozenset[str]:
    return frozenset(load_json("date_patterns.json")["future_present_forms"])


@lru_cache(maxsize=1)
def _name_entities() -> frozenset[str]:
    return frozenset(load_json("date_patterns.json")["name_entities"])


def _inside_name(doc: Doc, start: int, end: int) -> bool:
    """A date-like expression that is part of a name ("Finance Bill 2024", "Zapad-2025",
    "March 23 Movement")."""
    labels = _name_entities()
    if any(t.ent_type_ in labels for t in doc[start:end]):
        return True
    if start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_title:
        return True  # "Zapad-2025"
    root = doc[start:end].root
    head = root.head
    # "Finance Bill 2024" (a year after a name), "March 23 Movement" (a date before one).
    return root.dep_ in ("nummod", "compound", "nmod", "appos") and head.pos_ == "PROPN" and head.is_title \
        and not (start <= head.i < end) and head.lower_ not in _MONTH_WORDS


def is_year(doc: Doc, i: int) -> bool:
    """A four-digit token used as a year ("in 2025", "the 2025 releases"), not a count ("2000 people")."""
    tok = doc[i]
    if not _YEAR_TOKEN.match(tok.text):
        return False
    _, _, preps = _patterns()
    prev = doc[i - 1].lower_ if i > 0 else ""
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if prev in preps or tok.ent_type_ == "DATE":
        return True
    return not (nxt is not None and nxt.pos_ == "NOUN" and nxt.tag_ == "NNS")


def _is_future(doc: Doc, start: int, end: int) -> bool:
    """The date's governing verb is future: "will", "is scheduled to", "is due to", "plans to"."""
    _, markers, _ = _patterns()
    token = doc[start:end].root
    seen = 0
    node: Token = token
    while seen < 6:
        if node.pos_ in ("VERB", "AUX"):
            for child in node.children:
                if child.dep_ in ("aux", "auxpass") and child.lower_ in ("will", "shall", "'ll", "wo", "would"):
                    return True
            if node.lemma_ in markers or node.lower_ in markers or node.lower_ in _present_forms():
                return True
            if node.tag_ == "VB" and node.head is not node and node.head.lemma_ in markers:
                return True
        if node.head is node:
            break
        node = node.head
        seen += 1
    window = doc[max(start - 6, 0):start]
    return any(t.lower_ in ("will", "'ll") for t in window) and not any(t.tag_ == "VBD" for t in window)


def _doc_candidates(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of date-like expressions in the whole document, found once."""
    found = scratch(doc).get("date_candidates")
    if found is None:
        compiled, _, _ = _patterns()
        text = doc_text(doc)
        found = [(m.start(), m.end()) for pattern in compiled for m in pattern.finditer(text) if m.group(0).strip()]
        found += [(e.start_char, e.end_char) for e in ents_of_label(doc, "DATE")]
        scratch(doc)["date_candidates"] = found
    return found


def _candidates(span: Span) -> list[tuple[int, int]]:
    """Character ranges of date-like expressions inside the sentence."""
    lo, hi = span.start_char, span.end_char
    return [(s, e) for s, e in _doc_candidates(span.doc) if s >= lo and e <= hi]


def _char_span(doc: Doc, start: int, end: int) -> Optional[Span]:
    return doc.char_span(start, end, alignment_mode="expand")


def find_dates(span: Span, doc_date: Optional[dt.date], *, context_year: Optional[int] = None) -> list[DateMention]:
    """Dates in one sentence, longest non-overlapping expressions that resolve, in order."""
    doc = span.doc
    text = doc_text(doc)
    cands = sorted(set(_candidates(span)), key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for start, end in cands:
        if any(start < e and s < end for s, e in taken):
            continue
        expr = text[start:end]
        tokens = _char_span(doc, start, end)
        if tokens is None:
            continue
        if len(tokens) == 1 and _YEAR_TOKEN.match(tokens[0].text) and not is_year(doc, tokens.start):
            continue
        if _inside_name(doc, tokens.start, tokens.end):
            continue
        future = _is_future(doc, tokens.start, tokens.end)
        value = resolve(expr, doc_date, future=future, context_year=context_year)
        if value is None:
            if resolve(expr, _PROBE_DATE, future=future, context_year=context_year or 2000) is None:
                continue  # not a calendar expression at all (a duration, an age)
            if doc_date is not None and context_year is None and re.search(r"\b(that|the)\s+(year|month)|\bthat\b", expr, re.I):
                continue  # needs a narrative year the article does not give
            if doc_date is not None:
                continue
        taken.append((start, end))
        chosen.append(DateMention(start, end, expr, value))
    chosen.sort(key=lambda d: d.start)
    return chosen


def explicit_year(value: Optional[str], expr: str) -> Optional[int]:
    """The year a date states outright, for resolving "throughout the year" later on."""
    if value and re.search(r"\b(1[5-9]|20)\d{2}\b", expr):
        return int(value[:4])
    return None


class DateStage(Stage):
    """Each claim's date records (``span._.dates``), resolved against ``doc._.doc_date``."""
    needs = ("claims_sentences",)

    def process(self, doc: Doc) -> Doc:
        context: Optional[int] = None
        doc_date = doc._.doc_date
        for claim in doc._.claims:
            found = find_dates(claim, doc_date, context_year=context)
            # A year stated in the sentence anchors its own "throughout the year".
            years = [y for y in (explicit_year(d.value, d.text) for d in found) if y]
            if years and years[0] != context:
                found = find_dates(claim, doc_date, context_year=years[0])
            claim._.dates = [d.as_record() for d in found]
            for d in found:
                context = explicit_year(d.value, d.text) or context
        return doc


@Language.factory("claims_dates", requires=["doc._.claims", "doc._.doc_date", "token.dep"],
                  assigns=["span._.dates"], default_config=DEFAULT_CONFIG)
def make_dates(nlp: Language, name: str, lang: str, pack_path: Optional[str]) -> DateStage:
    return DateStage(nlp, name, lang=lang, pack_path=pack_path)
