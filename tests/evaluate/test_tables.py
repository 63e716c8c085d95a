"""Test tables (``extractor.evaluate.tables``): the scorer on hand-built rows whose tp/fp/fn are
counted BY HAND in the comments, the reader's errors (each naming file and line), and
``extractor evaluate --table`` on the smoke tables."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.evaluate.metrics import EvaluationError
from extractor.evaluate.tables import predict, read_table, score_table

from ..conftest import ROOT

SMOKE_COUNTS = ROOT / "tests/data/tables/smoke-counts.jsonl"
SMOKE_DATES = ROOT / "tests/data/tables/smoke-dates.jsonl"


def count(text, low, high, qualifier="exact", kind="count", unit=None, **extra) -> dict:
    return {"text": text, "low": low, "high": high, "qualifier": qualifier, "kind": kind, "unit": unit, **extra}


def date(text, value, type_="DATE") -> dict:
    return {"text": text, "value": value, "type": type_}


def write_rows(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def table_of(tmp_path: Path, rows: list[dict]):
    return read_table(write_rows(tmp_path / "t.jsonl", rows))


# --- the scorer ----------------------------------------------------------------------------------

COUNT_ROWS = [
    {"id": "a", "class": "plain", "text": "Police held 214 people.", "counts": [count("214 people", 214, 214)]},
    {"id": "b", "class": "bounds", "text": "More than 40 villages flooded.",
     "counts": [count("More than 40 villages", 40, None, "more_than")]},
    {"id": "c", "class": "negative", "text": "The FTSE 100 rose.", "counts": []},
    {"id": "d", "class": "plain", "text": "Twelve people and 3 dogs.",
     "counts": [count("Twelve people", 12, 12), count("3 dogs", 3, 3)]},
]

COUNT_CASES = [
    # every gold count (a 1, b 1, d 2) found with its qualifier: tp 4
    ("all right", {"a": [count("214 people", 214, 214)], "b": [count("More than 40 villages", 40, None, "more_than")],
                   "d": [count("Twelve people", 12, 12), count("3 dogs", 3, 3)]},
     {"strict": (4, 0, 0), "lenient": (4, 0, 0)}, {"bounds": (1, 0, 0), "negative": (0, 0, 0), "plain": (3, 0, 0)}),
    # "40" as exact 40-40: strict fp 1 and fn 1 on b; lenient: low 40 equal, tp
    ("qualifier lost", {"a": [count("214 people", 214, 214)], "b": [count("40", 40, 40)],
                        "d": [count("Twelve people", 12, 12), count("3 dogs", 3, 3)]},
     {"strict": (3, 1, 1), "lenient": (4, 0, 0)}, {"bounds": (0, 1, 1), "negative": (0, 0, 0), "plain": (3, 0, 0)}),
    # nothing predicted: all 4 missed; the "100" of the FTSE is a spurious count on c
    ("nothing but a spurious", {"c": [count("100", 100, 100)]},
     {"strict": (0, 1, 4), "lenient": (0, 1, 4)}, {"bounds": (0, 0, 1), "negative": (0, 1, 0), "plain": (0, 0, 3)}),
    # a row left out of the predictions found nothing: d's two counts missed
    ("row without an answer", {"a": [count("214 people", 214, 214)],
                               "b": [count("More than 40 villages", 40, None, "more_than")]},
     {"strict": (2, 0, 2), "lenient": (2, 0, 2)}, {"bounds": (1, 0, 0), "negative": (0, 0, 0), "plain": (1, 0, 2)}),
]


def _tpfpfn(s: dict) -> tuple[int, int, int]:
    return s["tp"], s["fp"], s["fn"]


@pytest.mark.parametrize("name, predictions, overall, classes", COUNT_CASES, ids=[c[0] for c in COUNT_CASES])
def test_count_scores(tmp_path, name, predictions, overall, classes):
    result = score_table(table_of(tmp_path, COUNT_ROWS), predictions)
    assert {m: _tpfpfn(result.overall[m]) for m in overall} == overall
    assert {c: _tpfpfn(s["strict"]) for c, s in result.classes.items()} == classes
    assert list(result.classes) == sorted(classes)


def test_precision_and_recall_by_hand(tmp_path):
    # strict tp 3, fp 1, fn 1 ("qualifier lost"): P = R = 3/4
    result = score_table(table_of(tmp_path, COUNT_ROWS), COUNT_CASES[1][1])
    assert (result.overall["strict"]["precision"], result.overall["strict"]["recall"]) == (0.75, 0.75)
    assert result.class_rows == {"plain": 2, "bounds": 1, "negative": 1}


def test_count_units_are_a_secondary_accuracy(tmp_path):
    # both counts strictly right; one unit differs (null vs "dogs"): units 1 of 2, strict tp unchanged
    rows = [{"id": "d", "class": "plain", "text": "Twelve people and 3 dogs.",
             "counts": [count("Twelve people", 12, 12, unit="people"), count("3 dogs", 3, 3, unit="dogs")]}]
    result = score_table(table_of(tmp_path, rows), {"d": [count("Twelve people", 12, 12, unit="persons"),
                                                          count("3 dogs", 3, 3)]})
    assert _tpfpfn(result.overall["strict"]) == (2, 0, 0)
    assert (result.overall["count_units"]["correct"], result.overall["count_units"]["total"]) == (1, 2)
    assert [e.field for e in result.errors] == ["count unit"]


DATE_ROWS = [
    {"id": "x", "class": "weekday", "doc_date": "2025-11-14", "text": "She resigned on Tuesday.",
     "dates": [date("Tuesday", "2025-11-11")]},
    {"id": "y", "class": "relative", "doc_date": "2025-11-14", "text": "Sales rose last month, for six weeks.",
     "dates": [date("last month", "2025-10")]},
]

DATE_CASES = [
    # both values equal: tp 2; the DURATION "six weeks" is not scored
    ("equal values", {"x": [date("Tuesday", "2025-11-11")],
                      "y": [date("last month", "2025-10"), date("six weeks", "P6W", "DURATION")]},
     (2, 0, 0), (2, 0, 0)),
    # "Tuesday" placed a week off: strict fp 1 fn 1; the spans overlap, so lenient tp
    ("wrong day, same span", {"x": [date("on Tuesday", "2025-11-04")], "y": [date("last month", "2025-10")]},
     (1, 1, 1), (2, 0, 0)),
    # an unresolved value is never strictly right; its span still overlaps
    ("unresolved", {"x": [date("Tuesday", None)], "y": []}, (0, 1, 2), (1, 0, 1)),
]


@pytest.mark.parametrize("name, predictions, strict, lenient", DATE_CASES, ids=[c[0] for c in DATE_CASES])
def test_date_scores(tmp_path, name, predictions, strict, lenient):
    result = score_table(table_of(tmp_path, DATE_ROWS), predictions)
    assert (_tpfpfn(result.overall["strict"]), _tpfpfn(result.overall["lenient"])) == (strict, lenient)


def test_errors_are_listed_per_row_in_table_order(tmp_path):
    result = score_table(table_of(tmp_path, COUNT_ROWS), {"c": [count("100", 100, 100)], "a": []})
    assert [(e.doc_id, e.status) for e in result.errors] == [
        ("a", "missed"), ("b", "missed"), ("c", "spurious"), ("d", "missed"), ("d", "missed")]


def test_an_answer_for_an_unknown_row_is_an_error(tmp_path):
    with pytest.raises(EvaluationError, match="rows the table does not have: zz"):
        score_table(table_of(tmp_path, COUNT_ROWS), {"zz": []})


def test_a_mention_outside_its_row_is_an_error_naming_the_system(tmp_path):
    with pytest.raises(EvaluationError, match="row 'a': quantulum3 gave a mention that cannot be scored"):
        score_table(table_of(tmp_path, COUNT_ROWS), {"a": [count("999 cats", 999, 999)]}, system="quantulum3")


# --- the reader ----------------------------------------------------------------------------------

GOOD = {"id": "r1", "class": "plain", "doc_date": "2025-11-14", "text": "Police held 214 people.",
        "counts": [count("214 people", 214, 214)]}

READER_ERRORS = [
    ("not JSON", [GOOD, "{oops"], "t.jsonl:2: not valid JSON"),
    ("no class", [{k: v for k, v in GOOD.items() if k != "class"}], "t.jsonl:1: class: Field required"),
    ("mention not in text", [{**GOOD, "counts": [count("215 people", 215, 215)]}],
     "t.jsonl:1: Value error, counts: the mention '215 people' is not in the row's text"),
    ("bad doc_date", [{**GOOD, "doc_date": "14/11/2025"}], "t.jsonl:1: doc_date: must be an ISO date string"),
    ("bad qualifier", [{**GOOD, "counts": [count("214 people", 214, 214, "circa")]}], "t.jsonl:1: counts.0.qualifier"),
    ("row without the table's field", [GOOD, {**{k: v for k, v in GOOD.items() if k != "counts"}, "id": "r2"}],
     "t.jsonl:2: the row has no 'counts' list (the table's first row, line 1, has)"),
    ("neither field", [{k: v for k, v in GOOD.items() if k != "counts"}], "t.jsonl:1: the row has no 'counts' or 'dates'"),
    ("repeated id", [GOOD, "", GOOD], "t.jsonl:3: the id 'r1' is also the id of line 1"),
    ("empty", [""], "t.jsonl: the table holds no rows"),
]


@pytest.mark.parametrize("name, lines, message", READER_ERRORS, ids=[c[0] for c in READER_ERRORS])
def test_reader_errors_name_file_and_line(tmp_path, name, lines, message):
    path = write_rows(tmp_path / "t.jsonl", lines)
    with pytest.raises(EvaluationError) as caught:
        read_table(path)
    assert str(caught.value).startswith(f"{tmp_path}/") and message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_table_is_named(tmp_path):
    with pytest.raises(EvaluationError, match="nope.jsonl: no such file"):
        read_table(tmp_path / "nope.jsonl")


def test_the_reader_tolerates_extra_keys_and_numeric_ids(tmp_path):
    table = table_of(tmp_path, [{**GOOD, "id": 7, "note": "a writer's remark",
                                 "counts": [{**GOOD["counts"][0], "why": "plain"}]}])
    assert (table.field, table.rows[0].id, table.rows[0].class_) == ("counts", "7", "plain")


# --- the extractor on the smoke tables, and the command ---------------------------------------------

@pytest.mark.parametrize("path, field", [(SMOKE_COUNTS, "counts"), (SMOKE_DATES, "dates")])
def test_predict_gives_every_row_an_answer(nlp, path, field):
    table = read_table(path)
    predictions = predict(table, nlp=nlp)
    assert table.field == field and list(predictions) == [row.id for row in table.rows]
    assert score_table(table, predictions).overall["strict"]["tp"] > 0


def test_evaluate_table_command_prints_figures_and_errors():
    out = CliRunner().invoke(main, ["evaluate", "--table", str(SMOKE_COUNTS), "--show-errors"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].startswith("counts: ") and lines[2].startswith("all ")
    assert "count unit accuracy" in out.output


def test_evaluate_table_json_has_one_object_per_table():
    out = CliRunner().invoke(main, ["evaluate", "--table", str(SMOKE_COUNTS), str(SMOKE_DATES), "--json"])
    assert out.exit_code == 0, out.output
    assert [r["field"] for r in json.loads(out.output)] == ["counts", "dates"]


@pytest.mark.parametrize("args, message", [
    (["--table", "nope.jsonl"], "nope.jsonl: no such file"),
    (["--table", str(SMOKE_COUNTS), "--pred", "x.jsonl"], "takes no --gold, --pred or --groups"),
    ([], "evaluate needs --pred"),
])
def test_evaluate_table_usage_errors(args, message):
    out = CliRunner().invoke(main, ["evaluate", *args])
    assert out.exit_code == 2 and message in out.output
