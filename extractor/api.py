"""The extractor as two Python calls: :func:`extract` (one text) and :func:`extract_many` (a
stream of documents through ``nlp.pipe``). Both give the records ``extractor extract`` writes.

Without an ``nlp``, the default pipeline of ``model`` is built on first use and kept for the
process (building it takes seconds; running it, milliseconds per sentence).
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from typing import Iterable, Iterator, Optional, Union

from spacy.language import Language

from .errors import Usage
from .pipeline import DEFAULT_MODEL, build, claims_of, make_doc, release
from .schemas import check_year

DEFAULT_BATCH_SIZE = 32

DateLike = Union[dt.date, str, None]
# A document for extract_many: a text, an (id, text) or (id, text, date) tuple, or a mapping
# with "id", "text" and optionally "date" and "source".
DocLike = Union[str, tuple, Mapping]

_PIPELINES: dict[str, Language] = {}
_BUILDING = threading.Lock()


def pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The pipeline of ``model`` that ``extract`` uses, built once per model and process."""
    with _BUILDING:
        if model not in _PIPELINES:
            _PIPELINES[model] = build(model)
        return _PIPELINES[model]


def as_date(value: DateLike) -> Optional[dt.date]:
    """A document's reference date from a ``datetime.date`` (a ``datetime`` gives its date) or
    an ISO ``YYYY-MM-DD`` string; ValueError naming the value otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(Usage.BAD_DATE.format(value=value, reason="not a date in YYYY-MM-DD form")) from None
    elif not isinstance(value, dt.date):
        raise ValueError(Usage.BAD_DATE.format(value=value, reason="expected a datetime.date or a YYYY-MM-DD string"))
    try:
        return check_year(value)
    except ValueError as exc:
        raise ValueError(Usage.BAD_DATE.format(value=value.isoformat(), reason=exc)) from None


def _checked_text(text) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return text


def extract(text: str, *, date: DateLike = None, doc_id: str = "doc", nlp: Optional[Language] = None,
            model: str = DEFAULT_MODEL, source: Optional[str] = None) -> list[dict]:
    """The claim records of ``text`` (spec section 2), against the reference ``date``.
    ``nlp``: a pipeline from :func:`extractor.pipeline.build` (default: :func:`pipeline` of
    ``model``); ``source`` fills each record's ``source``."""
    doc_date = as_date(date)
    text = _checked_text(text)
    if not isinstance(doc_id, str):
        raise TypeError(f"doc_id must be a str, not {type(doc_id).__name__}")
    nlp = nlp if nlp is not None else pipeline(model)
    doc = nlp(make_doc(nlp, text, doc_id=doc_id, doc_date=doc_date))
    try:
        return claims_of(doc, source=source)
    finally:
        release(doc)


def _fields(item: DocLike, number: int) -> tuple:
    """(id, text, date, source) of one document of ``extract_many``."""
    if isinstance(item, str):
        return f"doc-{number}", item, None, None
    if isinstance(item, Mapping):
        if "text" not in item:
            raise ValueError(Usage.BAD_DOCUMENT.format(number=number, reason="the mapping has no 'text'"))
        return item.get("id", f"doc-{number}"), item["text"], item.get("date"), item.get("source")
    if isinstance(item, tuple) and len(item) in (2, 3):
        return (*item, None, None) if len(item) == 2 else (*item, None)
    raise ValueError(Usage.BAD_DOCUMENT.format(
        number=number, reason=f"expected a text, an (id, text, date) tuple or a mapping, not {type(item).__name__}"))


def _documents(docs: Iterable[DocLike]) -> Iterator[tuple]:
    """(id, text, date, source) per document, checked; ids must be unique, as in a run."""
    seen: set[str] = set()
    for number, item in enumerate(docs):
        doc_id, text, date, source = _fields(item, number)
        if isinstance(doc_id, int) and not isinstance(doc_id, bool):
            doc_id = str(doc_id)  # as JSONL inputs keep numeric ids
        if not isinstance(doc_id, str):
            raise ValueError(Usage.BAD_DOCUMENT.format(number=number, reason=f"the id {doc_id!r} is not a str"))
        if doc_id in seen:
            raise ValueError(Usage.REPEATED_DOC_ID.format(number=number, doc_id=doc_id))
        seen.add(doc_id)
        try:
            checked = doc_id, _checked_text(text), as_date(date), source
        except (TypeError, ValueError) as exc:
            raise ValueError(Usage.BAD_DOCUMENT.format(number=number, reason=exc)) from None
        yield checked


def extract_many(docs: Iterable[DocLike], *, nlp: Optional[Language] = None, model: str = DEFAULT_MODEL,
                 batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[list[dict]]:
    """One list of claim records per document of ``docs``, in order, as they are done.

    A document is a text (its id is ``doc-N``, N its place from 0), an ``(id, text)`` or
    ``(id, text, date)`` tuple, or a mapping ``{"id", "text", "date"?, "source"?}``. ``docs``
    is read lazily, a batch at a time, so it may be a generator over any number of documents.
    """
    if batch_size < 1:
        raise ValueError(Usage.AT_LEAST_ONE.format(option="batch-size", value=batch_size))
    return _stream(docs, nlp if nlp is not None else pipeline(model), batch_size)


def _stream(docs: Iterable[DocLike], nlp: Language, batch_size: int) -> Iterator[list[dict]]:
    made = ((make_doc(nlp, text, doc_id=doc_id, doc_date=date), source)
            for doc_id, text, date, source in _documents(docs))
    for doc, source in nlp.pipe(made, as_tuples=True, batch_size=batch_size):
        try:
            yield claims_of(doc, source=source)
        finally:
            release(doc)


__all__ = ["DEFAULT_MODEL", "as_date", "extract", "extract_many", "pipeline"]
