"""``extractor flatten``: claims JSONL as claims/actors/counts/dates/attribution tables, read
back with the csv module (and pyarrow when installed); the README's sqlite, pandas and DuckDB
examples run on the seed's tables."""
from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from typing import Literal, Optional

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from extractor import flatten
from extractor.cli import main
from extractor.fields import FIELDS, NAMES

from .conftest import ROOT
from .test_api import block_importing, run_pycon, skip_without

GOLDEN = ROOT / "tests" / "data" / "golden"
SEED_CLAIMS = GOLDEN / "cibercuba-2026-01-31-amnesty.claims.jsonl"
ALL_CLAIMS = sorted(GOLDEN.glob("*.claims.jsonl"))
TABLES = ("claims", "actors", "counts", "dates", "attribution")


def invoke(args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


def stderr_of(result) -> str:
    try:
        return result.stderr
    except ValueError:  # Click < 8.2 mixes the streams unless asked
        return result.output


def records_of(*paths: Path) -> list[dict]:
    return [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def cell(value) -> str:
    return "" if value is None else str(value)


def parquet_cell(value) -> str:
    """A Parquet value as the CSV spells it (the golden counts' bounds are whole numbers)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return cell(value)


def a_record(claim_id: str = "d#0", text: str = "Text.") -> dict:
    return {"doc_id": "d", "claim_id": claim_id, "doc_date": None, "text": text, "start": 0, "end": len(text),
            "actors": [], "counts": [], "dates": [], "attribution": []}


def write_jsonl(path: Path, lines: list) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def every_golden_table(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    flatten.write_tables([str(p) for p in ALL_CLAIMS], out)
    return out


# --- what the tables hold ------------------------------------------------------------------

def test_the_tables_are_the_claims_and_one_per_field():
    assert flatten.TABLES == TABLES and NAMES == TABLES[1:]


def test_the_columns_come_from_the_record_models():
    columns = {name: [c.name for c in cols] for name, cols in flatten.table_columns().items()}
    assert columns["claims"] == ["doc_id", "claim_id", "doc_date", "text", "start", "end", "source",
                                 "extractor", "model_name", "model_version",
                                 "n_actors", "n_counts", "n_dates", "n_attribution"]
    for f in FIELDS:
        assert columns[f.name] == ["claim_id", "position", *f.record.model_fields]


class _Inner(BaseModel):
    name: str
    version: Optional[str]


class _Shapes(BaseModel):
    a: str
    b: Optional[int]
    c: Optional[float | int]
    d: Literal["x", "y"]
    e: Optional[dt.date]
    f: bool
    g: list[str]
    h: Optional[_Inner] = None


def test_column_kinds_follow_the_annotations_and_nested_models_become_prefixed_columns():
    got = [(c.name, c.kind, c.path) for c in flatten._columns_of(_Shapes)]
    assert got == [("a", "str", ("a",)), ("b", "int", ("b",)), ("c", "float", ("c",)), ("d", "str", ("d",)),
                   ("e", "date", ("e",)), ("f", "bool", ("f",)),
                   ("h_name", "str", ("h", "name")), ("h_version", "str", ("h", "version"))]


def test_csv_rows_equal_the_claims_and_their_mentions(every_golden_table):
    records = records_of(*ALL_CLAIMS)
    header, claims = read_csv(every_golden_table / "claims.csv")
    assert [c["claim_id"] for c in claims] == [r["claim_id"] for r in records]
    for row, record in zip(claims, records):
        for key in ("doc_id", "doc_date", "text", "start", "end", "source"):
            assert row[key] == cell(record.get(key)), (record["claim_id"], key)
        for name in NAMES:
            assert row[f"n_{name}"] == str(len(record[name]))
    for name in NAMES:
        _, rows = read_csv(every_golden_table / f"{name}.csv")
        mentions = [(r["claim_id"], n, m) for r in records for n, m in enumerate(r[name])]
        assert len(rows) == len(mentions) == sum(int(c[f"n_{name}"]) for c in claims)
        for row, (claim_id, n, mention) in zip(rows, mentions):
            assert row == {"claim_id": claim_id, "position": str(n), **{k: cell(v) for k, v in mention.items()}}


def test_every_mention_row_joins_its_claim_on_claim_id(every_golden_table):
    _, claims = read_csv(every_golden_table / "claims.csv")
    by_id = {c["claim_id"]: c for c in claims}
    assert len(by_id) == len(claims)
    for name in NAMES:
        _, rows = read_csv(every_golden_table / f"{name}.csv")
        assert rows, name
        for row in rows:
            claim = by_id[row["claim_id"]]
            if row["start"]:   # a mention's offsets index the document, inside its claim
                assert int(claim["start"]) <= int(row["start"]) < int(row["end"]) <= int(claim["end"])


@pytest.mark.parametrize("text", [
    'Commas, "quotes" and\na line break.',
    "Ünïcödé — and a trailing space ",
    "CR\r\nLF",
])
def test_csv_quotes_what_needs_it_and_reads_back_the_same_text(tmp_path, text):
    src = write_jsonl(tmp_path / "c.jsonl", [a_record(text=text)])
    flatten.write_tables([str(src)], tmp_path / "out")
    raw = (tmp_path / "out" / "claims.csv").read_bytes()
    assert raw.startswith(b"doc_id,claim_id,doc_date,text,") and raw.endswith(b"\r\n")
    _, (row,) = read_csv(tmp_path / "out" / "claims.csv")
    assert row["text"] == text and row["doc_date"] == ""


def test_rows_keep_the_order_of_the_inputs_and_the_output_is_byte_identical(tmp_path):
    one, two = ALL_CLAIMS[0], ALL_CLAIMS[1]
    for name, order in (("ab", [one, two]), ("ab2", [one, two]), ("ba", [two, one])):
        flatten.write_tables([str(p) for p in order], tmp_path / name)
    for table in TABLES:
        ab, ab2, ba = ((tmp_path / n / f"{table}.csv").read_bytes() for n in ("ab", "ab2", "ba"))
        assert ab == ab2
    ids = [[r["claim_id"] for r in read_csv(tmp_path / n / "claims.csv")[1]] for n in ("ab", "ba")]
    assert ids[0] == [r["claim_id"] for r in records_of(one, two)]
    assert ids[1] == [r["claim_id"] for r in records_of(two, one)]


# --- the command --------------------------------------------------------------------------------

def test_the_command_writes_five_csv_tables_and_says_so_on_stderr(tmp_path):
    result = invoke(["flatten", SEED_CLAIMS, "-o", tmp_path / "t"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    assert result.stdout == ""
    assert stderr_of(result).startswith("extractor: wrote claims (15), actors (")


def test_the_command_reads_claims_from_stdin(tmp_path):
    result = invoke(["flatten", "-", "-o", tmp_path / "t"], input=SEED_CLAIMS.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    flatten.write_tables([str(SEED_CLAIMS)], tmp_path / "direct")
    for table in TABLES:
        assert (tmp_path / "t" / f"{table}.csv").read_bytes() == (tmp_path / "direct" / f"{table}.csv").read_bytes()


@pytest.mark.parametrize("lines, message", [
    (["{not json"], "c.jsonl:1: not valid JSON"),
    (["[1, 2]"], "c.jsonl:1: not a JSON object"),
    ([a_record(), "", {"doc_id": "d"}], "c.jsonl:3: claim_id: Field required"),
    ([{**a_record(), "colour": "red"}], "c.jsonl:1: colour: Extra inputs are not permitted"),
    ([{**a_record(), "start": "zero"}], "c.jsonl:1: start: Input should be a valid integer, unable to parse string as an integer"),
    ([{**a_record(), "counts": [{"text": "3"}]}], "c.jsonl:1: counts.0.start: Field required"),
    ([a_record(), a_record()], "c.jsonl: claim_id 'd#0' repeats one read before (in c.jsonl)"),
])
def test_a_bad_line_stops_the_command_naming_file_and_line(tmp_path, monkeypatch, lines, message):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "c.jsonl", lines)
    result = invoke(["flatten", "c.jsonl", "-o", "out"])
    assert result.exit_code == 2
    assert stderr_of(result) == f"extractor: error: {message}\n"
    assert list((tmp_path / "out").iterdir()) == []   # no table half written


@pytest.mark.parametrize("args, message", [
    (["nope.jsonl", "-o", "out"], "nope.jsonl: no such file"),
    ([".", "-o", "out"], ".: is a folder, expected a claims JSONL file"),
    (["c.jsonl", "-o", "c.jsonl"], "c.jsonl: exists and is not a folder"),
])
def test_missing_inputs_and_outputs_are_usage_errors(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "c.jsonl", [a_record()])
    result = invoke(["flatten", *args])
    assert (result.exit_code, stderr_of(result)) == (2, f"extractor: error: {message}\n")


def test_a_table_in_dir_is_replaced_only_when_the_new_one_is_complete(tmp_path):
    out = tmp_path / "out"
    flatten.write_tables([str(SEED_CLAIMS)], out)
    before = {t: (out / f"{t}.csv").read_bytes() for t in TABLES}
    bad = write_jsonl(tmp_path / "bad.jsonl", [a_record(), "{"])
    with pytest.raises(flatten.TableError):
        flatten.write_tables([str(bad)], out)
    assert {t: (out / f"{t}.csv").read_bytes() for t in TABLES} == before
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in TABLES)


def test_parquet_without_pyarrow_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)   # import pyarrow now raises ImportError
    result = invoke(["flatten", SEED_CLAIMS, "--to", "parquet", "-o", tmp_path / "t"])
    assert result.exit_code == 2
    assert stderr_of(result) == ("extractor: error: --to parquet needs pyarrow: "
                                 "pip install 'extractor[parquet]'\n")


def test_parquet_tables_hold_the_csv_rows_with_types(tmp_path, every_golden_table):
    if importlib.util.find_spec("pyarrow") is None:
        pytest.skip("pyarrow is not installed (pip install 'extractor[parquet]')")
    import pyarrow.parquet as pq
    result = invoke(["flatten", *ALL_CLAIMS, "--to", "parquet", "-o", tmp_path / "t"])
    assert result.exit_code == 0, result.output
    columns = flatten.table_columns()
    for table in TABLES:
        got = pq.read_table(tmp_path / "t" / f"{table}.parquet")
        header, rows = read_csv(every_golden_table / f"{table}.csv")
        assert got.column_names == header == [c.name for c in columns[table]]
        assert got.num_rows == len(rows)
        assert [{k: parquet_cell(v) for k, v in r.items()} for r in got.to_pylist()] == rows
    claims = pq.read_table(tmp_path / "t" / "claims.parquet")
    assert str(claims.schema.field("doc_date").type) == "date32[day]"
    assert str(pq.read_table(tmp_path / "t" / "counts.parquet").schema.field("low").type) == "double"


# --- the README's examples --------------------------------------------------------------------

@pytest.fixture
def seed_tables(tmp_path, monkeypatch) -> Path:
    """The README's setting: the seed's tables in outputs/tables/ under the working folder."""
    flatten.write_tables([str(SEED_CLAIMS)], tmp_path / "outputs" / "tables")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("module", ["sqlite3", "pandas", "duckdb"])
def test_the_readme_table_examples_run(seed_tables, module):
    skip_without(module)
    run_pycon(block_importing(module), f"README {module} example")
