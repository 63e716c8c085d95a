"""The Python API: ``extractor.extract`` and ``extractor.extract_many`` give the records the
command writes; the README's examples run as doctests."""
from __future__ import annotations

import datetime as dt
import doctest
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import extractor
from extractor import api, pipeline
from extractor.cli import main

from .conftest import DOC_DATE, ROOT, SEED

README_SECTIONS = ROOT / "README.md"
SMALL = "Amnesty International said on Friday that 12 journalists were arrested."


# --- the README's pycon blocks, shared with test_flatten ------------------------------------

def pycon_blocks(path: Path = README_SECTIONS) -> list[str]:
    return re.findall(r"^```pycon\n(.*?)^```", path.read_text(encoding="utf-8"), re.S | re.M)


def block_importing(module: str, path: Path = README_SECTIONS) -> str:
    (block,) = [b for b in pycon_blocks(path) if re.search(rf"^>>> import (\w+, )*{module}\b", b, re.M)]
    return block


def run_pycon(block: str, name: str) -> None:
    """Run one pycon block as a doctest; fail with doctest's report."""
    test = doctest.DocTestParser().get_doctest(block, {}, name, str(README_SECTIONS), 0)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=report.append)
    assert test.examples, "the block has no examples"
    assert runner.failures == 0, "".join(report)


def skip_without(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (the README example needs it)")


@pytest.fixture
def shared(nlp, monkeypatch):
    """extract() without an nlp uses the session's pipeline instead of building its own."""
    monkeypatch.setitem(api._PIPELINES, pipeline.DEFAULT_MODEL, nlp)
    return nlp


# --- extract ---------------------------------------------------------------------------------

def test_extract_on_the_seed_equals_the_commands_records(shared, seed_text, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(pipeline, "build", lambda model=pipeline.DEFAULT_MODEL: shared)
    source = str(SEED.relative_to(ROOT))
    result = CliRunner().invoke(main, ["extract", source, "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    command = [json.loads(line) for line in result.stdout.splitlines()]
    records = extractor.extract(seed_text, date=DOC_DATE, doc_id=SEED.stem, source=source)
    assert len(records) > 10
    assert records == command


@pytest.mark.parametrize("date, expected", [
    (None, None),
    ("2026-01-31", "2026-01-31"),
    (dt.date(2026, 1, 31), "2026-01-31"),
    (dt.datetime(2026, 1, 31, 23, 59), "2026-01-31"),
])
def test_extract_takes_a_date_or_an_iso_string(shared, date, expected):
    (record,) = extractor.extract(SMALL, date=date)
    assert record["doc_date"] == expected
    assert record["dates"][0]["value"] == ("2026-01-30" if expected else None)


@pytest.mark.parametrize("date, message", [
    ("2026-13-01", "date '2026-13-01': not a date in YYYY-MM-DD form"),
    ("31/01/2026", "date '31/01/2026': not a date in YYYY-MM-DD form"),
    ("", "date '': not a date in YYYY-MM-DD form"),
    (dt.date(999, 1, 1), "date '0999-01-01': the year must be between 1000 and 9998"),
    (20260131, "date 20260131: expected a datetime.date or a YYYY-MM-DD string"),
])
def test_a_bad_date_is_a_value_error_naming_it(shared, date, message):
    with pytest.raises(ValueError) as info:
        extractor.extract(SMALL, date=date)
    assert str(info.value) == message


def test_extract_keeps_the_id_and_source_given(shared):
    (record,) = extractor.extract(SMALL, doc_id="a1", source="wire/a1.txt")
    assert (record["doc_id"], record["claim_id"], record["source"]) == ("a1", "a1#0", "wire/a1.txt")
    assert "source" not in extractor.extract(SMALL)[0]


def test_the_default_pipeline_is_built_once_per_model(nlp, monkeypatch):
    built = []
    monkeypatch.setattr(api, "_PIPELINES", {})
    monkeypatch.setattr(api, "build", lambda model: built.append(model) or nlp)
    extractor.extract(SMALL)
    extractor.extract(SMALL)
    list(extractor.extract_many([SMALL]))
    extractor.extract(SMALL, model="other_model")
    assert built == [pipeline.DEFAULT_MODEL, "other_model"]


def test_claims_of_works_on_a_doc_of_plain_nlp_text(nlp):
    (record,) = pipeline.claims_of(nlp(SMALL))
    assert (record["doc_id"], record["doc_date"], record["attribution"][0]["source"]) == (
        "doc", None, "Amnesty International")


def test_import_extractor_loads_neither_spacy_nor_the_api():
    code = "import sys, extractor; print(sorted(m for m in ('spacy', 'extractor.api') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    assert {"extract", "extract_many"} <= set(dir(extractor))


# --- extract_many ------------------------------------------------------------------------------

TEXTS = ("Foro Penal said 300 people were detained.", "No one was hurt.", SMALL, "The UN said so on Monday.")


@pytest.mark.parametrize("docs, expected", [
    # (docs, [(doc_id, date, source)] per document)
    (list(TEXTS), [("doc-0", None, None), ("doc-1", None, None), ("doc-2", None, None), ("doc-3", None, None)]),
    ([("a", TEXTS[0]), ("b", TEXTS[1], "2026-01-31"), ("c", TEXTS[2], dt.date(2025, 2, 18)), (7, TEXTS[3], None)],
     [("a", None, None), ("b", "2026-01-31", None), ("c", "2025-02-18", None), ("7", None, None)]),
    ([{"id": "a", "text": TEXTS[0], "date": "2026-01-31", "source": "x.txt"}, {"text": TEXTS[1]},
      TEXTS[2], {"id": "d", "text": TEXTS[3], "date": None}],
     [("a", "2026-01-31", "x.txt"), ("doc-1", None, None), ("doc-2", None, None), ("d", None, None)]),
])
def test_extract_many_gives_each_documents_records_in_order(shared, docs, expected):
    got = list(extractor.extract_many(iter(docs), batch_size=2))
    assert len(got) == len(expected)
    for records, text, (doc_id, date, source) in zip(got, TEXTS, expected):
        assert records == extractor.extract(text, doc_id=doc_id, date=date, source=source)
        assert [r["doc_id"] for r in records] == [doc_id] * len(records)


def test_extract_many_reads_its_input_lazily(shared):
    read = []

    def documents():
        for n in range(50):
            read.append(n)
            yield f"Document {n} says 3 people left."

    stream = extractor.extract_many(documents(), batch_size=2)
    first = next(stream)
    assert first[0]["doc_id"] == "doc-0"
    assert len(read) < 50
    assert sum(1 for _ in stream) == 49


@pytest.mark.parametrize("docs, message", [
    ([("a", "x"), ("a", "y")], "document 1: the id 'a' repeats an earlier document's"),
    (["x", ("doc-0", "y")], "document 1: the id 'doc-0' repeats an earlier document's"),
    ([("a", "x", "2026-02-30")], "document 0: date '2026-02-30': not a date in YYYY-MM-DD form"),
    ([{"id": "a"}], "document 0: the mapping has no 'text'"),
    ([("a",)], "document 0: expected a text, an (id, text, date) tuple or a mapping, not tuple"),
    ([b"bytes"], "document 0: expected a text, an (id, text, date) tuple or a mapping, not bytes"),
    ([("a", b"bytes")], "document 0: text must be a str, not bytes"),
    ([(None, "x")], "document 0: the id None is not a str"),
])
def test_extract_many_names_the_bad_document(shared, docs, message):
    with pytest.raises(ValueError) as info:
        list(extractor.extract_many(docs))
    assert str(info.value) == message


def test_extract_many_refuses_a_batch_size_below_one(shared):
    with pytest.raises(ValueError, match="--batch-size must be at least 1, not 0"):
        extractor.extract_many(["x"], batch_size=0)


# --- the README ----------------------------------------------------------------------------------

def test_the_readme_python_api_example_runs(shared):
    run_pycon(block_importing("extractor"), "Python API")
