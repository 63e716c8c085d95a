"""Record formats of ../shared/claims-spec.md as pydantic models.

What the extractor writes is strict (``extra="forbid"``): a typo in a field name is a bug.
What it reads from others (gold files, JSONL inputs) tolerates extra fields, as the spec allows.
"""
from __future__ import annotations

import codecs
import datetime as dt
import json
import math
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Literal, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic import Field as PydanticField
from pydantic_core import PydanticCustomError

ActorType = Literal["PERSON", "ORG", "GPE", "NORP"]
Qualifier = Literal["exact", "approximate", "more_than", "at_least", "less_than", "at_most", "range"]
CountKind = Literal["count", "percent", "money", "measure"]
DateType = Literal["DATE", "DURATION", "SET", "TIME"]

# TIMEX3 values at the granularities the extractor emits: decade, year, season, quarter,
# month, ISO week, day (optionally with a part of day).
TIMEX_RE = re.compile(
    r"^(\d{3}|\d{4}(-(Q[1-4]|SP|SU|FA|WI|H[12]|W\d{2}(-WE)?|\d{2}(-\d{2}(T(MO|AF|EV|NI))?)?))?)$"
)


def is_timex(value: str) -> bool:
    return bool(TIMEX_RE.match(value))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Tolerant(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Mention(_Strict):
    """Base of the mention models a claim lists (one per field of ``extractor.fields``)."""


class GoldMention(_Tolerant):
    """Base of the mention models read from gold files and predictions."""


@lru_cache(maxsize=None)
def mention_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a claim model that hold mentions (lists of a ``Mention``/``GoldMention``),
    in declaration order: ``extractor.fields`` checks them against its registry."""
    out = []
    for name, info in model.model_fields.items():
        args = getattr(info.annotation, "__args__", ())
        if len(args) == 1 and isinstance(args[0], type) and issubclass(args[0], (Mention, GoldMention)):
            out.append(name)
    return tuple(out)


# --- what the extractor writes -------------------------------------------------------------

class Actor(Mention):
    text: str
    start: int
    end: int
    name: str
    type: ActorType


class Count(Mention):
    text: str
    start: int
    end: int
    low: Optional[float | int]
    high: Optional[float | int]
    qualifier: Qualifier
    kind: CountKind
    unit: Optional[str]


class DateMention(Mention):
    text: str
    start: int
    end: int
    value: Optional[str]
    type: DateType

    @field_validator("value")
    @classmethod
    def _timex(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not is_timex(v):
            raise ValueError(f"not a TIMEX3 value: {v!r}")
        return v


class Attribution(Mention):
    source: str
    text: Optional[str]
    cue: Optional[str]
    start: Optional[int] = None
    end: Optional[int] = None


class Decision(_Strict):
    """What a pass or filter decided about a stretch of the claim (``extract --explain``):
    ``{"field": "counts", "by": "is_age", "action": "dropped", ...}``, document offsets. A
    decision about the whole claim (a quotation's speaker carried to it) has no text or offsets."""
    field: str
    text: Optional[str]
    start: Optional[int]
    end: Optional[int]
    by: str
    action: str


class GoldDecision(_Tolerant):
    field: str
    text: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    by: str
    action: str


class ModelInfo(_Strict):
    """The spaCy pipeline that produced a record: its package name and version."""
    name: str
    version: str


class Claim(_Strict):
    """A claim record. Its mention fields are those of ``extractor.fields.FIELDS``, in that
    order (checked there, and by the tests)."""
    doc_id: str
    claim_id: str
    doc_date: Optional[dt.date]
    text: str
    start: int
    end: int
    actors: list[Actor]
    counts: list[Count]
    dates: list[DateMention]
    attribution: list[Attribution]
    source: Optional[str] = None
    extractor: Optional[str] = None
    model: Optional[ModelInfo] = None
    decisions: Optional[list[Decision]] = None


# --- what the extractor reads ----------------------------------------------------------------

class GoldActor(GoldMention):
    text: str
    name: str
    type: ActorType
    start: Optional[int] = None
    end: Optional[int] = None


class GoldCount(GoldMention):
    text: str
    low: Optional[float | int]
    high: Optional[float | int]
    qualifier: Qualifier
    kind: CountKind = "count"
    unit: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


class GoldDate(GoldMention):
    text: str
    value: Optional[str]
    type: DateType = "DATE"
    start: Optional[int] = None
    end: Optional[int] = None


class GoldAttribution(GoldMention):
    source: str
    text: Optional[str] = None
    cue: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


# TIMEX3 years have four digits; dates outside them cannot be written as values.
MIN_YEAR, MAX_YEAR = 1000, 9998


def check_year(value: Optional[dt.date]) -> Optional[dt.date]:
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return value


class GoldClaim(_Tolerant):
    """A claim as read for evaluation: gold or predicted, offsets of mentions optional."""
    doc_id: str
    claim_id: Optional[str] = None
    doc_date: Optional[dt.date] = None
    text: str
    start: Optional[int] = None
    end: Optional[int] = None
    actors: list[GoldActor] = []
    counts: list[GoldCount] = []
    dates: list[GoldDate] = []
    attribution: list[GoldAttribution] = []
    source: Optional[str] = None
    decisions: Optional[list[GoldDecision]] = None

    @model_validator(mode="after")
    def _mentions_in_claim(self):
        """Every mention must be found in its claim: the evaluator locates mentions there."""
        for name in mention_fields(type(self)):
            for m in getattr(self, name):
                if m.text is not None and m.text not in self.text:
                    raise ValueError(f"{name}: the mention {m.text!r} is not in the claim's text")
        return self


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value):
    """Only an ISO ``YYYY-MM-DD`` string is a date: pydantic's lax mode would read 0, "0" or a
    Unix timestamp as a day of 1970, silently giving the document a wrong reference date."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise PydanticCustomError("date_invalid", "'{value}' is not a date ({reason})",
                                      {"value": value, "reason": str(exc)}) from None
    # the value is shown on one line: a message is never more than one line of stderr
    shown = printable(value) if isinstance(value, str) else json.dumps(value)
    raise PydanticCustomError("date_type", "must be an ISO date string YYYY-MM-DD, not {shown}",
                              {"shown": shown[:40]})


def _no_surrogates(value):
    # A lone surrogate (JSON "\ud800") is not Unicode text: it cannot be written as UTF-8.
    if isinstance(value, str) and _SURROGATE.search(value):
        where = _SURROGATE.search(value).start()
        raise PydanticCustomError("lone_surrogate", "a lone surrogate at character {at} is not text", {"at": where})
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


class InputRecord(_Tolerant):
    """One line of a JSONL input: {"id", "text", "date"?}."""
    id: str
    text: str
    date: Optional[dt.date] = None

    _date = field_validator("date", mode="before")(classmethod(lambda cls, v: _iso_date(v)))
    _year = field_validator("date")(classmethod(lambda cls, v: check_year(v)))
    _text = field_validator("id", "text")(classmethod(lambda cls, v: _no_surrogates(v)))

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, v):
        # Numeric ids are common in exported datasets; keep them as their JSON spelling.
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


class TableRow(_Tolerant):
    """One row of a test table (``tests/data/tables``): a sentence, the class its writer put it
    in, its reference date, and every count or every date in it, labelled by hand (a counts
    table holds ``counts``, a dates table ``dates``; an empty list is a row with none)."""
    id: str
    class_: str = PydanticField(alias="class")
    doc_date: Optional[dt.date] = None
    text: str
    counts: Optional[list[GoldCount]] = None
    dates: Optional[list[GoldDate]] = None

    _date = field_validator("doc_date", mode="before")(classmethod(lambda cls, v: _iso_date(v)))
    _year = field_validator("doc_date")(classmethod(lambda cls, v: check_year(v)))
    _text = field_validator("id", "text")(classmethod(lambda cls, v: _no_surrogates(v)))
    _id = field_validator("id", mode="before")(classmethod(lambda cls, v: _json_id(v)))

    @model_validator(mode="after")
    def _mentions_in_text(self):
        for name in ("counts", "dates"):
            for m in getattr(self, name) or ():
                if m.text not in self.text:
                    raise ValueError(f"{name}: the mention {m.text!r} is not in the row's text")
        return self


def _json_id(v):
    # Numeric ids are common in exported datasets; keep them as their JSON spelling.
    return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


class DocMeta(_Tolerant):
    date: Optional[dt.date] = None
    url: Optional[str] = None
    title: Optional[str] = None

    _date = field_validator("date", mode="before")(classmethod(lambda cls, v: _iso_date(v)))
    _year = field_validator("date")(classmethod(lambda cls, v: check_year(v)))


# --- reading JSONL ----------------------------------------------------------------------------

def printable(name: str) -> str:
    """A name (a path, a document id) as messages and records show it: on one line, as valid
    UTF-8. Control and other unprintable characters become escapes (a newline in a name must not
    forge a line of stderr or of the errors file) and bytes that are not UTF-8 (kept by the OS as
    surrogates) become \\xNN. Plain names are returned unchanged, so ``source`` stays the path
    as given."""
    if name.isprintable():
        return name
    out = []
    for ch in name:
        if ch.isprintable():
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xdc00:02x}")
        else:
            out.append(repr(ch)[1:-1])  # repr escapes exactly the unprintable characters
    return "".join(out)


class RecordError(ValueError):
    """A line of a JSONL file that is not a valid record; says file and line (``line`` None:
    the whole file, as for a binary file)."""

    def __init__(self, path: str, line: Optional[int], reason: str):
        self.path, self.line, self.reason = path, line, reason
        where = printable(path) if line is None else f"{printable(path)}:{line}"
        super().__init__(f"{where}: {reason}")


M = TypeVar("M", bound=BaseModel)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()))
    msg = err.get("msg", "invalid")
    return f"{where}: {msg}" if where else msg


# NUL bytes this near the start: an image or an archive, not JSON Lines (as the input reader judges).
BINARY_SNIFF = 8192


def _number_problem(value) -> Optional[str]:
    if isinstance(value, float) and not math.isfinite(value):
        return "not a finite number"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > sys.float_info.max:
        return "a number too large to compare (over 1.8e308)"
    return None


def _bad_number(value, where: tuple = ()) -> Optional[tuple[tuple, str]]:
    """Where a number no float can hold sits in a validated record, and why, or None. JSON has
    no NaN or Infinity, yet the parser takes the literals and turns 1e999 into inf: such a value
    would make ``summarize --json`` print invalid JSON, and an int past the floats breaks the
    comparison of counts."""
    problem = _number_problem(value)
    if problem is not None:
        return where, problem
    if isinstance(value, BaseModel):
        items = ((name, getattr(value, name)) for name in type(value).model_fields)
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if item is None or type(item) is str:
            continue  # most fields, and never a number: no call for them
        found = _bad_number(item, where + (key,))
        if found is not None:
            return found
    return None


def _validated(model: type[M], line: str, name: str, number: int) -> M:
    try:
        record = model.model_validate_json(line)
    except ValidationError as exc:
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            raise RecordError(name, number, "not valid JSON") from None
        if any(e.get("type") == "model_type" for e in exc.errors()):
            raise RecordError(name, number, "not a JSON object") from None
        raise RecordError(name, number, _first_error(exc)) from None
    bad = _bad_number(record)
    if bad is not None:
        raise RecordError(name, number, f"{'.'.join(map(str, bad[0]))}: {bad[1]}")
    return record


def _lines_of(path: str | Path, name: str) -> Iterator[tuple[int, str]]:
    """(number, text) of the lines of a file, decoded one by one so that a line that is not
    UTF-8 is reported with its own number. Lines end as in text mode (\\n, \\r\\n or \\r).
    ``OSError`` (no such file, a folder, permission denied) is the caller's to word."""
    with open(path, "rb") as fh:
        data = fh.read()
    if b"\0" in data[:BINARY_SNIFF]:
        raise RecordError(name, None, "binary data (NUL bytes), not a text file")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RecordError(name, number, f"not valid UTF-8 (byte {exc.start} of the line)") from None


def iter_jsonl(path: str | Path, model: type[M], *, text: Optional[str] = None) -> Iterator[M]:
    """Validate a JSONL file line by line; blank lines are skipped. Every failure to read the
    content (binary data, bytes that are not UTF-8, a bad line) is a ``RecordError``; a file that
    cannot be opened raises the ``OSError``.

    ``text`` lets a caller pass content already read (stdin) while keeping ``path`` for messages.
    """
    for _number, record in numbered_jsonl(path, model, text=text):
        yield record


def numbered_jsonl(path: str | Path, model: type[M], *, text: Optional[str] = None) -> Iterator[tuple[int, M]]:
    """``iter_jsonl`` with each record's line number, for messages about a record as a whole
    (an id given twice)."""
    name = str(path)
    lines = enumerate(text.split("\n"), start=1) if text is not None else _lines_of(path, name)
    for number, line in lines:
        if line.strip():
            yield number, _validated(model, line, name, number)
