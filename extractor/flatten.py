"""Claim records for tools that do not read nested JSON: the JSON Schema of a record
(``extractor schema``) and flat tables (``extractor flatten``).

The tables are ``claims`` (one row per claim, with the number of mentions of each field) and one
table per field of :data:`extractor.fields.FIELDS` (one row per mention), keyed by ``claim_id``.
Their columns come from the record models of :mod:`extractor.schemas`, so a field added to the
registry, or a key added to a record, becomes a table or a column here without a change.
Rows are in input order: files as given, lines as read, mentions as listed.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import sys
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Literal, Optional, Sequence, TextIO, Union

from pydantic import BaseModel

from .errors import TableError, Usage
from .fields import FIELDS, NAMES
from .schemas import Claim, GoldClaim, RecordError, iter_jsonl

FORMATS = ("csv", "parquet")
TABLES: tuple[str, ...] = ("claims",) + NAMES
# Rows a Parquet writer holds per table before writing them as one row group.
PARQUET_ROW_GROUP = 10_000


def record_schema(*, gold: bool = False) -> dict:
    """The JSON Schema of a claim record as the extractor writes it, or (``gold``) as the
    evaluator reads gold and predicted claims."""
    # pydantic writes draft 2020-12; saying so lets validators pick the right dialect.
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            **(GoldClaim if gold else Claim).model_json_schema()}


# --- columns ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    kind: str                   # str, int, float, bool or date
    path: tuple[str, ...]       # where the value is in a (dumped) record or mention


_SCALARS = {str: "str", int: "int", float: "float", bool: "bool", dt.date: "date"}


def _options(annotation) -> list:
    """The types a value of ``annotation`` may have, None left out."""
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def _kind(annotation) -> Optional[str]:
    """The column kind of a scalar annotation; None for anything else (lists, models)."""
    kinds = set()
    for option in _options(annotation):
        if typing.get_origin(option) is Literal:
            option = type(typing.get_args(option)[0])
        if option not in _SCALARS:
            return None
        kinds.add(_SCALARS[option])
    if kinds == {"int", "float"}:
        return "float"
    return kinds.pop() if len(kinds) == 1 else None


def _submodel(annotation) -> Optional[type[BaseModel]]:
    options = _options(annotation)
    if len(options) == 1 and isinstance(options[0], type) and issubclass(options[0], BaseModel):
        return options[0]
    return None


def _columns_of(model: type[BaseModel], skip: Sequence[str] = (), prefix: tuple[str, ...] = ()) -> list[Column]:
    """The scalar fields of ``model`` in declaration order; a nested model's fields become
    ``outer_inner`` columns; lists (mentions, decisions) are left to their own tables."""
    out: list[Column] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        kind = _kind(info.annotation)
        if kind is not None:
            out.append(Column("_".join(prefix + (name,)), kind, prefix + (name,)))
        elif (sub := _submodel(info.annotation)) is not None:
            out.extend(_columns_of(sub, prefix=prefix + (name,)))
    return out


def _count_column(field: str) -> Column:
    return Column(f"n_{field}", "int", (field,))


def table_columns() -> dict[str, list[Column]]:
    """The columns of every table, in order: ``claims`` has the claim's own keys and
    ``n_<field>`` per field; a field's table has ``claim_id``, ``position`` (the mention's place
    in the claim's list, from 0) and the mention's keys."""
    key = [Column("claim_id", "str", ("claim_id",)), Column("position", "int", ("position",))]
    out = {"claims": _columns_of(Claim, skip=NAMES) + [_count_column(f.name) for f in FIELDS]}
    for f in FIELDS:
        out[f.name] = key + _columns_of(f.record)
    return out


def _value(row: dict, column: Column):
    value = row
    for step in column.path:
        value = value.get(step) if isinstance(value, dict) else None
    return value


def rows_of(record: dict) -> dict[str, list[dict]]:
    """The rows one claim record adds to each table (before picking columns)."""
    claim = dict(record)
    for name in NAMES:
        claim[name] = len(record[name])
    out = {"claims": [claim]}
    for name in NAMES:
        out[name] = [{"claim_id": record["claim_id"], "position": n, **m} for n, m in enumerate(record[name])]
    return out


# --- reading ------------------------------------------------------------------------------

def _claims_in(path: str, stdin: Optional[TextIO]) -> Iterator[Claim]:
    if path != "-":
        try:
            yield from iter_jsonl(path, Claim)
        except FileNotFoundError:
            raise TableError(Usage.NO_SUCH_CLAIMS.format(path=path)) from None
        except IsADirectoryError:
            raise TableError(Usage.CLAIMS_IS_FOLDER.format(path=path)) from None
        return
    from .io.readers import read_stdin
    data = read_stdin(stdin)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(str(RecordError("<stdin>", 0, f"not UTF-8 ({exc.reason})"))) from None
    yield from iter_jsonl("<stdin>", Claim, text=text)


def read_records(paths: Iterable[str], *, stdin: Optional[TextIO] = None) -> Iterator[dict]:
    """The validated claim records of ``paths`` (``-``: stdin), in order, as plain data.
    Raises :class:`TableError` on a missing file, a bad line (``FILE:LINE: reason``) or a
    ``claim_id`` read before: the tables are keyed by it."""
    seen: dict[str, str] = {}
    for path in paths:
        name = "<stdin>" if path == "-" else path
        try:
            for claim in _claims_in(path, stdin):
                if claim.claim_id in seen:
                    raise TableError(Usage.REPEATED_CLAIM_ID.format(path=name, claim_id=claim.claim_id,
                                                                    first=seen[claim.claim_id]))
                seen[claim.claim_id] = name
                yield claim.model_dump(mode="python")
        except RecordError as exc:
            raise TableError(str(exc)) from None


# --- writing ------------------------------------------------------------------------------

def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class _CsvTable:
    """One table as UTF-8 CSV with a header row (RFC 4180: CRLF line ends, fields quoted when
    they hold a comma, a quote or a line break). An empty cell is a null."""

    def __init__(self, path: Path, columns: list[Column]):
        self.path, self.columns = path, columns
        self.tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        self.fh = open(self.tmp, "w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.fh, lineterminator="\r\n")
        self.writer.writerow([c.name for c in columns])

    def add(self, rows: list[dict]) -> None:
        self.writer.writerows([_csv_text(_value(r, c)) for c in self.columns] for r in rows)

    def close(self) -> None:
        self.fh.close()

    def discard(self) -> None:
        self.fh.close()
        self.tmp.unlink(missing_ok=True)


def _arrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise TableError(Usage.PARQUET_MISSING) from None
    return pyarrow, pyarrow.parquet


class _ParquetTable:
    """One table as a Parquet file, its column types from the record models (counts' bounds
    are float64, dates date32), written a row group at a time."""

    def __init__(self, path: Path, columns: list[Column]):
        pa, self.pq = _arrow()
        types_ = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
                  "date": pa.date32()}
        self.pa, self.path, self.columns = pa, path, columns
        self.schema = pa.schema([pa.field(c.name, types_[c.kind]) for c in columns])
        self.tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        self.writer = self.pq.ParquetWriter(str(self.tmp), self.schema)
        self.rows: list[dict] = []

    def add(self, rows: list[dict]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= PARQUET_ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        data = {c.name: [_value(r, c) for r in self.rows] for c in self.columns}
        self.writer.write_table(self.pa.Table.from_pydict(data, schema=self.schema))
        self.rows = []

    def close(self) -> None:
        if self.rows:
            self._flush()
        self.writer.close()

    def discard(self) -> None:
        self.writer.close()
        self.tmp.unlink(missing_ok=True)


def _output_folder(output_dir: str | Path) -> Path:
    folder = Path(output_dir)
    if folder.exists() and not folder.is_dir():
        raise TableError(Usage.NOT_A_FOLDER.format(path=output_dir))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_tables(paths: Iterable[str], output_dir: str | Path, *, to: str = "csv",
                 stdin: Optional[TextIO] = None) -> dict[str, int]:
    """Write the tables of the claims in ``paths`` as ``output_dir/<table>.<to>``; returns the
    rows written per table. Nothing in ``output_dir`` changes unless every table is complete:
    each is written beside its name and renamed at the end."""
    if to not in FORMATS:
        raise TableError(Usage.UNKNOWN_TABLE_FORMAT.format(to=to, choices=", ".join(FORMATS)))
    if to == "parquet":
        _arrow()  # before anything is read: a missing extra is a usage error
    folder = _output_folder(output_dir)
    table = _CsvTable if to == "csv" else _ParquetTable
    sinks = {}
    counts = dict.fromkeys(TABLES, 0)
    try:
        for name, columns in table_columns().items():
            sinks[name] = table(folder / f"{name}.{to}", columns)
        for record in read_records(paths, stdin=stdin if stdin is not None else sys.stdin):
            for name, rows in rows_of(record).items():
                sinks[name].add(rows)
                counts[name] += len(rows)
        for sink in sinks.values():
            sink.close()
    except BaseException:
        for sink in sinks.values():
            sink.discard()
        raise
    for sink in sinks.values():
        os.replace(sink.tmp, sink.path)
    return counts


__all__ = ["FORMATS", "TABLES", "Column", "read_records", "record_schema", "rows_of", "table_columns",
           "write_tables"]
