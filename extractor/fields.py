"""The one registry of claim fields: every part of the project that handles actors, counts,
dates and attribution (the record model, record building, evaluation, the report and the
summary) reads what it needs from ``FIELDS`` instead of naming the fields itself.

A new field is one more ``Field`` here (and its models in ``schemas``); nothing else lists them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple, Optional

from pydantic import BaseModel

from . import schemas
from .evaluate.matching import counts_lenient, counts_strict, dates_strict, names_lenient, names_strict, spans_overlap
from .evaluate.matching import units_equal
from .normalize.names import name_key


class Item(NamedTuple):
    """A mention as the judge compares it: its position in the claim's list, the mention, and
    where it is in the claim's text (claim-relative offsets; None when it cannot be found)."""
    index: int
    mention: object
    span: Optional[tuple[int, int]]


@dataclass(frozen=True)
class Secondary:
    """A property checked on strictly matched mentions only (actor type, count unit)."""
    label: str                                  # the field name in ``--show-errors``
    score: str                                  # the key of its accuracy in the scores
    agrees: Callable[[object, object], bool]    # (gold, pred) -> same?
    note: Callable[[object, object], str]       # (gold, pred) -> what differs


@dataclass(frozen=True)
class Look:
    """How the report shows a field: css class, colour, legend text, and the label of a mark."""
    css: str
    colour: str
    missed_border: str
    legend: str
    legend_label: str
    label: Callable[[object, Callable[[str], str]], str]   # (mention, name_key) -> small label
    cell: Callable[[object], str]                          # its text in the table of claims
    detail: Optional[Callable[[object], str]] = None       # a further line on hover
    chip: Optional[Callable[[object], str]] = None         # also shown as a chip in the claim's head


@dataclass(frozen=True)
class Field:
    name: str
    record: type[BaseModel]          # strict model: what the extractor writes
    gold: type[BaseModel]            # tolerant model: what gold files and predictions are read as
    extension: str                   # the Span extension the stage fills (``span._.<extension>``)
    stage: str                       # the pipe that fills it
    strict: Callable[[Item, Item], bool]
    lenient: Callable[[Item, Item], bool]
    describe: Callable[[object], str]
    look: Look
    summary: Optional[str]           # key (and heading) of its section in ``summarize``, if any
    group: Optional[Callable[[object], str]] = None   # scored as a set of these keys per claim
    scored: Callable[[object], bool] = lambda m: True  # mentions outside the score are "unscored"
    secondary: Optional[Secondary] = None


# --- describing mentions ------------------------------------------------------------------

def _num(x) -> str:
    if x is None:
        return "?"
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


_BOUNDED = {"more_than": ("> ", "low"), "at_least": ("≥ ", "low"), "less_than": ("< ", "high"),
            "at_most": ("≤ ", "high")}


def count_value(c) -> str:
    """The normalised value of a count: '302–600', '> 1,000', '≈ 24+'."""
    q, low, high = c.qualifier, c.low, c.high
    if q == "range":
        return f"{_num(low)}–{_num(high)}"
    if q in _BOUNDED:
        sign, side = _BOUNDED[q]
        return sign + _num(getattr(c, side))
    if q == "approximate":
        return f"≈ {_num(low if low is not None else high)}" + ("+" if high is None and low is not None else "")
    return _num(low if low is not None else high)


def _describe_actor(m) -> str:
    return f'"{m.text}" -> {m.name} ({m.type})'


def _describe_count(m) -> str:
    unit = f" {m.unit}" if m.unit else ""
    return f'"{m.text}" -> {count_value(m)}{unit} [{m.qualifier}, {m.kind}]'


def _date_value(m) -> str:
    # what readers see for a date the extractor could not place: a word, never a Python literal
    return m.value if m.value is not None else "unresolved"


def _describe_date(m) -> str:
    return f'"{m.text}" -> {_date_value(m)} ({m.type})'


def _describe_source(m) -> str:
    cue = f" [{m.cue}]" if m.cue else ""
    said = f'"{m.text}" -> ' if m.text else ""
    return f"{said}{m.source}{cue}"


# --- labels in the report -----------------------------------------------------------------

def _label_actor(m, key) -> str:
    return m.type if key(m.name) == key(m.text or "") else f"{m.type} · {m.name}"


def _label_count(m, key) -> str:
    return f"{m.kind.upper()} · {count_value(m)}"


def _label_date(m, key) -> str:
    return f"{m.type} · {m.value if m.value is not None else '?'}"


def _label_source(m, key) -> str:
    same = m.text is not None and key(m.source) == key(m.text)
    return "SOURCE" if same else f"SOURCE · {m.source}"


def _cell_actor(m) -> str:
    return f"{m.name} ({m.type})"


def _cell_count(m) -> str:
    return count_value(m) + (f" {m.unit}" if m.unit else "")


def _cell_date(m) -> str:
    return f"{_date_value(m)} ({m.type})" if m.type != "DATE" else _date_value(m)


def _cell_source(m) -> str:
    return m.source + (f" ({m.cue})" if m.cue else "")


def _detail_count(m) -> str:
    bound = (lambda x: "open" if x is None else _num(x))  # noqa: E731
    return (f"low {bound(m.low)}, high {bound(m.high)}, qualifier {m.qualifier}, kind {m.kind}, "
            f"unit {m.unit or 'none'}")


def _chip_source(m) -> str:
    return (f"{m.cue} → " if m.cue else "→ ") + m.source


# --- comparing ----------------------------------------------------------------------------

def _overlap(g: Item, p: Item) -> bool:
    return g.span is not None and p.span is not None and spans_overlap(g.span, p.span)


FIELDS: tuple[Field, ...] = (
    Field("actors", schemas.Actor, schemas.GoldActor, "actors", "claims_actors",
          strict=lambda g, p: names_strict(g.mention.name, p.mention.name),
          lenient=lambda g, p: names_lenient(g.mention.name, p.mention.name),
          describe=_describe_actor,
          look=Look("actor", "#c9b8ff", "#8a6cf0", "actor", "TYPE · canonical name", _label_actor, _cell_actor),
          summary="actors", group=lambda m: name_key(m.name),
          secondary=Secondary("actor type", "actor_types", lambda g, p: g.type == p.type,
                              lambda g, p: f"type {p.type}, gold {g.type}")),
    Field("counts", schemas.Count, schemas.GoldCount, "counts", "claims_counts",
          strict=lambda g, p: counts_strict(g.mention, p.mention),
          lenient=lambda g, p: counts_lenient(g.mention, p.mention),
          describe=_describe_count,
          look=Look("count", "#fcd283", "#e0a020", "count", "KIND · value", _label_count, _cell_count,
                    detail=_detail_count),
          summary="counts",
          secondary=Secondary("count unit", "count_units", lambda g, p: units_equal(g.unit, p.unit),
                              lambda g, p: f"unit {p.unit or 'none'}, gold {g.unit or 'none'}")),
    Field("dates", schemas.DateMention, schemas.GoldDate, "dates", "claims_dates",
          strict=lambda g, p: dates_strict(g.mention, p.mention), lenient=_overlap,
          describe=_describe_date,
          look=Look("date", "#a8e6cf", "#3aa57a", "date", "DATE · TIMEX3", _label_date, _cell_date),
          summary="timeline", scored=lambda m: m.type == "DATE"),
    Field("attribution", schemas.Attribution, schemas.GoldAttribution, "attribution", "claims_attribution",
          strict=lambda g, p: names_strict(g.mention.source, p.mention.source),
          lenient=lambda g, p: names_lenient(g.mention.source, p.mention.source),
          describe=_describe_source,
          look=Look("source", "#ffb3cf", "#e0608f", "source", "SOURCE", _label_source, _cell_source,
                    chip=_chip_source),
          summary=None, group=lambda m: name_key(m.source)),
)

NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}


def records_of(span) -> dict:
    """The mention lists of one claim Span, keyed by field in registry order: the part of a
    claim record the stages filled (``claims_of`` adds the claim's own keys around it)."""
    ext = span._  # one Underscore object, not one per field
    return {f.name: list(getattr(ext, f.extension) or []) for f in FIELDS}


def _check_models() -> None:
    """The claim models list exactly the registry's fields, in its order, with its models: a
    field added to one and not the other fails at import, not in a run."""
    for claim, attr in ((schemas.Claim, "record"), (schemas.GoldClaim, "gold")):
        if schemas.mention_fields(claim) != NAMES:
            raise TypeError(f"{claim.__name__} lists {schemas.mention_fields(claim)}, the registry {NAMES}")
        for f in FIELDS:
            (model,) = claim.model_fields[f.name].annotation.__args__
            if model is not getattr(f, attr):
                raise TypeError(f"{claim.__name__}.{f.name} holds {model.__name__}, the registry "
                                f"{getattr(f, attr).__name__}")


_check_models()
