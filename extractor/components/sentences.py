"""Claims are the body sentences of an article: newlines end sentences, headings and page
boilerplate are dropped (claims-spec 1 and 2)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resources import load_json
from . import extensions  # noqa: F401
from .base import DEFAULT_CONFIG, Stage
from .extensions import doc_text, sent_starts


@lru_cache(maxsize=1)
def _rules() -> tuple[list[re.Pattern], int, tuple[str, ...]]:
    data = load_json("boilerplate.json")
    patterns = [re.compile(p, re.IGNORECASE) for p in data["line_patterns"]]
    return patterns, int(data["max_heading_words"]), tuple(data["sentence_final"])


def mark_line_starts(doc: Doc) -> Doc:
    """A line break ends a sentence: headings and paragraphs never run into the next line.

    Runs before the parser, which keeps boundaries that are already set.
    """
    for token in doc[:-1]:
        if "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def is_boilerplate_line(line: str) -> bool:
    """A whole line that is page furniture or a heading rather than article text."""
    patterns, max_words, finals = _rules()
    text = line.strip()
    if not text:
        return True
    if any(p.search(text) for p in patterns):
        return True
    if not text.endswith(finals) and len(text.split()) <= max_words:
        return True
    return not any(ch.isalpha() for ch in text)


_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Z.'’-]+)*)"
    r"(?:,\s*(?:[A-Z][a-z]+\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]+\.?(?:\s+\d{4})?))?"
    r"(?:\s*\([A-Za-z .&-]+\))?\s*[-—–]+\s*"
)


def strip_dateline(span: Span) -> Span:
    """'NAIROBI, July 2 (Reuters) - Kenya's ...' -> the sentence without its dateline: the
    dateline says where the story was filed, it is not part of the claim."""
    m = _DATELINE.match(span.text)
    if not m or m.end() >= len(span.text):
        return span
    trimmed = span.doc.char_span(span.start_char + m.end(), span.end_char, alignment_mode="contract")
    return trimmed if trimmed is not None and len(trimmed) else span


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end] if end > start else None


def _line_of(doc: Doc, span: Span) -> str:
    text = doc_text(doc)
    left = text.rfind("\n", 0, span.start_char) + 1
    right = text.find("\n", span.end_char)
    return text[left: right if right >= 0 else len(text)]


def _merge_fragments(spans: list[Span]) -> list[Span]:
    """Rejoin pieces the parser split inside a line where a sentence cannot end: after an
    abbreviation-like token, before a lowercase word, or a fragment without a letter."""
    merged: list[Span] = []
    for span in spans:
        if merged:
            prev = merged[-1]
            same_line = "\n" not in doc_text(span.doc)[prev.end_char: span.start_char]
            last = prev[-1].text
            first = span[0]
            glue = (
                same_line
                and (
                    first.is_lower and first.is_alpha
                    or not any(c.isalpha() for c in span.text)
                    or not last.endswith((".", "!", "?", "\"", "”", ":", ";")) and not last.endswith("'")
                    or re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.|No\.|St\.", last) is not None
                    and first.is_title
                )
            )
            if glue:
                merged[-1] = span.doc[prev.start: span.end]
                continue
        merged.append(span)
    return merged


def claim_sentences(doc: Doc) -> list[Span]:
    """The sentences of the document that are claims, in reading order."""
    starts = sent_starts(doc) + [len(doc)]
    spans = [s for s in (_trim(doc[a:b]) for a, b in zip(starts, starts[1:])) if s is not None]
    spans = _merge_fragments(spans)
    claims = []
    for span in spans:
        line = _line_of(doc, span)
        if line.strip() == span.text.strip() and is_boilerplate_line(line):
            continue
        if not any(ch.isalpha() for ch in span.text):
            continue
        line_start = doc_text(doc).rfind("\n", 0, span.start_char) + 1
        if not doc_text(doc)[line_start:span.start_char].strip():
            span = strip_dateline(span)
        claims.append(span)
    return claims


@Language.component("claims_newlines", assigns=["token.is_sent_start"])
def newlines_component(doc: Doc) -> Doc:
    return mark_line_starts(doc)


class SentenceStage(Stage):
    """Marks the claim sentences of the document (``doc._.claims``)."""

    def process(self, doc: Doc) -> Doc:
        doc._.claims = claim_sentences(doc)
        return doc


@Language.factory("claims_sentences", requires=["token.is_sent_start"], assigns=["doc._.claims"],
                  default_config=DEFAULT_CONFIG)
def make_sentences(nlp: Language, name: str, lang: str, pack_path: Optional[str]) -> SentenceStage:
    return SentenceStage(nlp, name, lang=lang, pack_path=pack_path)
