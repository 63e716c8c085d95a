"""Scoring on test tables (``tests/data/tables``): one sentence a row, with every count (or every
date) in it labelled by hand and a class its writer chose ("range", "weekday").

Each row is a document of its own, with the row's ``doc_date``. A system's mentions of the row,
from all the claims it found there, are set against the row's in one claim, and judged by the
judge of ``evaluate`` (``judge.judge`` with the field's rules of ``extractor.fields``): counts
strict when low, high and qualifier are equal, lenient when low or high is; dates strict when the
values are equal (type DATE only), lenient when the spans overlap. Any system can be scored so:
``score_table`` takes the mentions per row id, whoever found them (``bench/anchors.py`` scores
quantulum3 and HeidelTime with it).

Pure functions but ``predict`` (which runs the pipeline); nothing here prints.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional, Sequence

from pydantic import ValidationError

from ..fields import BY_NAME
from ..schemas import GoldClaim, RecordError, TableRow, numbered_jsonl, printable
from .errors import Disagreement, disagreements
from .judge import MODES, Mark, judge
from .metrics import EvaluationError, Scores, _cannot_open

TABLE_FIELDS = ("counts", "dates")
# The secondary accuracy reported with a field's scores (count units), if it has one.
_SECONDARY = {f: BY_NAME[f].secondary.score for f in TABLE_FIELDS if BY_NAME[f].secondary is not None}


@dataclass(frozen=True)
class Table:
    path: str
    field: str                  # "counts" or "dates": what every row labels
    rows: tuple[TableRow, ...]


@dataclass
class TableResult:
    """The scores of one system on one table: overall, per class (classes sorted by name), and
    the disagreements, row by row in table order."""
    table: str
    field: str
    system: str
    rows: int
    overall: dict
    classes: "OrderedDict[str, dict]"
    class_rows: dict[str, int] = field(default_factory=dict)   # rows per class
    errors: list[Disagreement] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"table": self.table, "field": self.field, "system": self.system, "rows": self.rows,
                "overall": self.overall,
                "classes": {c: {"rows": self.class_rows.get(c, 0), **s} for c, s in self.classes.items()}}


# --- reading ----------------------------------------------------------------------------------

def _field_of(row: TableRow) -> Optional[str]:
    return next((f for f in TABLE_FIELDS if getattr(row, f) is not None), None)


def _check_rows(name: str, numbered: Sequence[tuple[int, TableRow]]) -> str:
    """The table's field (the first row's), after checking every row labels it and no id repeats."""
    if not numbered:
        raise EvaluationError(f"{name}: the table holds no rows")
    first_line, first = numbered[0]
    kind = _field_of(first)
    seen: dict[str, int] = {}
    for line, row in numbered:
        if kind is None or getattr(row, kind) is None:
            wanted = kind or " or ".join(repr(f) for f in TABLE_FIELDS)
            raise EvaluationError(f"{name}:{line}: the row has no {wanted if kind is None else repr(wanted)} list"
                                  + (f" (the table's first row, line {first_line}, has)" if kind else ""))
        if row.id in seen:
            raise EvaluationError(f"{name}:{line}: the id {row.id!r} is also the id of line {seen[row.id]}")
        seen[row.id] = line
    return kind  # type: ignore[return-value]


def read_table(path: str | Path) -> Table:
    """A table from its JSONL file; anything wrong with it is an ``EvaluationError`` whose one
    line names the file (and the line): it cannot be opened, a line is not a row, a mention is
    not in its row's text, a row lacks the table's field, an id repeats."""
    name = str(path)
    try:
        numbered = list(numbered_jsonl(path, TableRow))
    except OSError as exc:
        raise _cannot_open(path, exc) from None
    except RecordError as exc:
        raise EvaluationError(str(exc)) from None
    kind = _check_rows(printable(name), numbered)
    return Table(name, kind, tuple(row for _, row in numbered))


# --- the claims set against each other ----------------------------------------------------------

def row_claim(row: TableRow, kind: str, mentions: Sequence) -> GoldClaim:
    """One claim spanning the whole row, holding ``mentions`` (dicts or models) as its ``kind``."""
    return GoldClaim.model_validate({"doc_id": row.id, "claim_id": row.id, "doc_date": row.doc_date,
                                     "text": row.text, "start": 0, "end": len(row.text),
                                     kind: [m if isinstance(m, dict) else m.model_dump() for m in mentions]})


def _pred_claim(table: Table, row: TableRow, mentions: Sequence, system: str) -> GoldClaim:
    try:
        return row_claim(row, table.field, mentions)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        raise EvaluationError(f"{printable(table.path)}: row {row.id!r}: {system} gave a mention that cannot "
                              f"be scored ({where}: {err.get('msg', 'invalid')})") from None


def mentions_of(records: Sequence[dict], kind: str) -> list[dict]:
    """The ``kind`` mentions of all the claim records of one row, in text order (ties: as found)."""
    found = [m for r in records for m in r.get(kind, ())]
    return sorted(found, key=lambda m: (m.get("start") is None, m.get("start") or 0))


def predict(table: Table, *, nlp=None, batch_size: int = 32) -> dict[str, list[dict]]:
    """The extractor's mentions of the table's field, per row id: each row run as a document."""
    from ..api import extract_many

    docs = ({"id": row.id, "text": row.text, "date": row.doc_date} for row in table.rows)
    out = {}
    for row, records in zip(table.rows, extract_many(docs, nlp=nlp, batch_size=batch_size)):
        out[row.id] = mentions_of(records, table.field)
    return out


# --- scores -----------------------------------------------------------------------------------

def _scores_of(s: Scores, kind: str) -> dict:
    out = {mode: s.fields[kind][mode].scores() for mode in MODES}
    if kind in _SECONDARY:
        out[_SECONDARY[kind]] = s.ratios[_SECONDARY[kind]].scores()
    return out


def tally(marks: Sequence[Mark], class_of: Mapping[str, str], kind: str) -> tuple[dict, "OrderedDict[str, dict]"]:
    """Overall and per-class scores of the counted marks of ``kind`` (classes sorted by name)."""
    per_class = {c: Scores() for c in sorted(set(class_of.values()))}
    for m in marks:
        if m.counted and m.field == kind:
            per_class[class_of[m.doc_id]].count(m)
    overall = Scores()
    for s in per_class.values():
        overall.merge(s)
    return _scores_of(overall, kind), OrderedDict((c, _scores_of(s, kind)) for c, s in per_class.items())


def score_table(table: Table, predictions: Mapping[str, Sequence], *, system: str = "extractor") -> TableResult:
    """``system``'s mentions per row id (dicts or mention models; a row not in ``predictions``
    found nothing) scored against the table."""
    unknown = sorted(set(predictions) - {row.id for row in table.rows})
    if unknown:
        raise EvaluationError(f"{printable(table.path)}: {system} answered for rows the table does not have: "
                              + ", ".join(unknown[:3]))
    gold = [row_claim(row, table.field, getattr(row, table.field)) for row in table.rows]
    pred = [_pred_claim(table, row, predictions.get(row.id, ()), system) for row in table.rows]
    marks = judge(gold, pred, fields=(BY_NAME[table.field],))
    overall, classes = tally(marks, {row.id: row.class_ for row in table.rows}, table.field)
    errors = [d for d in disagreements(marks) if d.field != "claims"]
    return TableResult(table.path, table.field, system, len(table.rows), overall, classes,
                       rows_per_class(table), errors)


def evaluate_table(path: str | Path, *, nlp=None) -> TableResult:
    """The extractor on the table at ``path``, scored."""
    table = read_table(path)
    return score_table(table, predict(table, nlp=nlp))


# --- as text ----------------------------------------------------------------------------------

def _fmt(x) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def _line(name: str, rows: int, scores: dict) -> str:
    s, le = scores["strict"], scores["lenient"]
    return (f"{name[:14]:<14} {rows:>4}  {_fmt(s['precision']):>8} {_fmt(s['recall']):>6} {_fmt(s['f1']):>6} "
            f"{s['tp']:>4} {s['fp']:>4} {s['fn']:>4}   {_fmt(le['precision']):>9} {_fmt(le['recall']):>6} "
            f"{_fmt(le['f1']):>6}")


def format_table_result(result: TableResult) -> str:
    """The figures as a plain-text table: all rows, then one line per class."""
    lines = [f"{result.field}: {result.table}, {result.rows} rows ({result.system})",
             f"{'class':<14} {'rows':>4}  {'strict P':>8} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}   "
             f"{'lenient P':>9} {'R':>6} {'F1':>6}",
             _line("all", result.rows, result.overall)]
    lines += [_line(c, result.class_rows.get(c, 0), s) for c, s in result.classes.items()]
    if result.field in _SECONDARY:
        r = result.overall[_SECONDARY[result.field]]
        lines.append(f"{BY_NAME[result.field].secondary.label} accuracy {_fmt(r['accuracy'])} "
                     f"({r['correct']}/{r['total']} of the strictly matched)")
    return "\n".join(lines)


def rows_per_class(table: Table) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in table.rows:
        out[row.class_] = out.get(row.class_, 0) + 1
    return out


def format_row_errors(table: Table, errors: Sequence[Disagreement]) -> str:
    """The rows with a disagreement, in table order: the row, then one line per item."""
    if not errors:
        return "no disagreements: every row matches the table"
    by_row: dict[str, list[Disagreement]] = {}
    for d in errors:
        by_row.setdefault(d.doc_id, []).append(d)
    lines = []
    for row in table.rows:
        if row.id in by_row:
            lines.append(f"{row.id} [{row.class_}] {' '.join(row.text.split())}")
            lines += [f"    {_error_words(d)}" for d in by_row[row.id]]
    return "\n".join(lines)


def _error_words(d: Disagreement) -> str:
    if d.status == "missed":
        return f"missed    gold {d.gold}"
    if d.status == "spurious" and d.gold is not None:
        return f"wrong     predicted {d.predicted}  vs gold {d.gold}"
    if d.status == "spurious":
        return f"spurious  predicted {d.predicted}"
    return f"{d.field}  predicted {d.predicted}  vs gold {d.gold}"


__all__ = ["TABLE_FIELDS", "Table", "TableResult", "evaluate_table", "format_row_errors",
           "format_table_result", "mentions_of", "predict", "read_table", "row_claim", "rows_per_class",
           "score_table", "tally"]
