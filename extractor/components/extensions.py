"""The Doc/Span extensions the stages write, declared once, and per-Doc caches.

What the stages leave on a Doc is plain data, so a Doc they produced survives
``DocBin(store_user_data=True)``, ``Doc.to_bytes`` and ``nlp.pipe(..., n_process=2)``:

- ``doc._.doc_date``: a ``datetime.date``, kept in ``user_data`` as its ISO string;
- ``doc._.claims``: the claim sentences as Spans, kept as (start, end) token offsets;
- ``span._.actors`` / ``counts`` / ``dates`` / ``attribution``: lists of records (dicts of
  claims-spec section 2), as ``claims_of`` writes them;
- ``span._.decisions``: what the passes and filters decided in the claim, as records
  ``{"field", "text", "start", "end", "by", "action"}`` ("dropped by is_age", "linked by
  surname"); ``claims_of(doc, explain=True)`` adds them to the record (``extract --explain``).

Working objects that only later stages of the same run need (actor mentions with their token
offsets, quotation regions, lower-case words) live in a scratch dict outside ``user_data``
(``doc.user_hooks``, which spaCy neither serialises nor copies), dropped by ``release``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from spacy.tokens import Doc, Span

_DATE = "claims_doc_date"
_CLAIMS = "claims_sentences"
_SCRATCH = "claims_scratch"
MODEL_KEY = "claims_model"  # {"name", "version"} of the pipeline the stages ran in


def scratch(doc: Doc) -> dict:
    """Working data of the stages for this Doc (never serialised)."""
    found = doc.user_hooks.get(_SCRATCH)
    if found is None:
        found = doc.user_hooks[_SCRATCH] = {}
    return found


def release(doc: Doc) -> None:
    """Drop the stages' working data: it holds Spans, which point back at the Doc, so a Doc
    left with it is a reference cycle only a full garbage collection frees."""
    doc.user_hooks.pop(_SCRATCH, None)


def _cached(doc: Doc, key: Any, make):
    box = scratch(doc)
    found = box.get(key)
    if found is None:
        found = box[key] = make()
    return found


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy rebuilds it from every token on each access."""
    return _cached(doc, "text", lambda: doc.text)


def set_doc_text(doc: Doc, text: str) -> None:
    """Record the text the Doc was made from (spaCy guarantees ``doc.text == text``)."""
    scratch(doc)["text"] = text


def lowers(doc: Doc) -> list[str]:
    """Lower-case token texts, computed once: comparing Python lists is much cheaper than
    creating a Token object for every look at a word."""
    return _cached(doc, "lowers", lambda: [t.lower_ for t in doc])


def texts(doc: Doc) -> list[str]:
    """Token texts, computed once (see ``lowers``)."""
    return _cached(doc, "texts", lambda: [t.text for t in doc])


def sent_starts(doc: Doc) -> list[int]:
    """Token indices where sentences start, computed once: iterating ``doc.sents`` is costly."""
    return _cached(doc, "sent_starts", lambda: [s.start for s in doc.sents])


def ents_of_label(doc: Doc, label: str) -> list[Span]:
    return _cached(doc, ("ents", label), lambda: [e for e in doc.ents if e.label_ == label])


def _get_date(doc: Doc) -> Optional[dt.date]:
    value = doc.user_data.get(_DATE)
    return dt.date.fromisoformat(value) if value else None


def _set_date(doc: Doc, value: Optional[dt.date]) -> None:
    doc.user_data[_DATE] = value.isoformat() if value is not None else None


def _get_claims(doc: Doc) -> Optional[list[Span]]:
    offsets = doc.user_data.get(_CLAIMS)
    if offsets is None:
        return None
    return _cached(doc, "claims", lambda: [doc[a:b] for a, b in offsets])


def _set_claims(doc: Doc, spans: Optional[list[Span]]) -> None:
    scratch(doc).pop("claims", None)
    doc.user_data[_CLAIMS] = None if spans is None else [(s.start, s.end) for s in spans]


def _get_scratch(name: str):
    return lambda doc: scratch(doc).get(name)


def _set_scratch(name: str):
    def setter(doc: Doc, value) -> None:
        scratch(doc)[name] = value
    return setter


def register() -> None:
    """Declare the extensions (idempotent)."""
    plain = {"doc_id": None}
    for name, default in plain.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Doc.has_extension("doc_date"):
        Doc.set_extension("doc_date", getter=_get_date, setter=_set_date)
    if not Doc.has_extension("claims"):
        Doc.set_extension("claims", getter=_get_claims, setter=_set_claims)
    for name in ("actor_mentions", "quote_spans"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=_get_scratch(name), setter=_set_scratch(name))
    for name in ("actors", "counts", "dates", "attribution", "decisions"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register()


def paragraph_before(text: str, pos: int) -> Optional[tuple[int, int]]:
    """(start, end) of the paragraph before the one that holds character ``pos`` (blank lines
    skipped), or None when that paragraph is the first."""
    para_start = text.rfind("\n", 0, pos) + 1
    prev_end = len(text[:para_start].rstrip())
    if prev_end == 0:
        return None
    return text.rfind("\n", 0, prev_end) + 1, prev_end

