"""The ``extractor`` command end to end: extract (about 5 model-loading invocations, shared
through module-scoped fixtures) and the errors of extract and evaluate (which fail before the
model is loaded)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.schemas import Claim

from .conftest import ROOT, SEED, SEED_GOLD

MENTION_FIELDS = ("actors", "counts", "dates", "attribution")


# --- helpers -------------------------------------------------------------------------------------

def stderr_of(result) -> str:
    """Click < 8.2 mixes stderr into output unless asked; 8.2+ always keeps it apart."""
    try:
        err = result.stderr
    except ValueError:
        return result.output
    return err if err is not None else result.output


def stdout_of(result) -> str:
    try:
        return result.stdout
    except (AttributeError, ValueError):  # pragma: no cover - very old Click
        return result.output


def invoke(args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


def read_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def parse_jsonl(text: str) -> list[dict]:
    assert text == "" or text.endswith("\n"), "JSONL output ends with a newline"
    return [json.loads(line) for line in text.split("\n") if line != ""]


def assert_offsets(records: list[dict], documents: dict[str, str]) -> None:
    """document[start:end] == text for each claim and each mention with offsets."""
    checked = 0
    for r in records:
        doc = documents[r["doc_id"]]
        assert doc[r["start"]:r["end"]] == r["text"], r["claim_id"]
        for f in MENTION_FIELDS:
            for m in r[f]:
                if m.get("start") is not None and m.get("end") is not None:
                    assert doc[m["start"]:m["end"]] == m["text"], (r["claim_id"], f, m)
                    assert r["start"] <= m["start"] <= m["end"] <= r["end"], (r["claim_id"], f, m)
                    checked += 1
    assert checked > 0 or not any(r[f] for r in records for f in MENTION_FIELDS)


def assert_error(result, *fragments: str) -> str:
    """One line on stderr starting 'extractor: error:', non-zero exit, no traceback."""
    err = stderr_of(result)
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "Traceback" not in err
    # The run's summary line ("extractor: done: ...") may follow a per-document error.
    lines = [line for line in err.strip().splitlines() if not line.startswith("extractor: done:")]
    assert len(lines) == 1, err
    assert lines[0].startswith("extractor: error:"), err
    for frag in fragments:
        assert frag in lines[0], (frag, lines[0])
    return lines[0]


def ids_of(records):
    return [r["doc_id"] for r in records]


def dates_of(records):
    return {d["text"]: d["value"] for r in records for d in r["dates"]}


# --- extract on the seed: -o OUT ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "claims.jsonl"
    result = invoke(["extract", SEED, "-o", out])
    assert result.exit_code == 0, stderr_of(result)
    return result, out


@pytest.fixture(scope="module")
def seed_records(seed_run):
    return parse_jsonl(read_text(seed_run[1]))


def test_output_option_writes_the_file_and_nothing_to_stdout(seed_run, seed_records):
    result, out = seed_run
    assert out.is_file()
    assert stdout_of(result) == ""
    assert len(seed_records) > 0
    # no temporary file left behind next to the output
    assert sorted(p.name for p in out.parent.iterdir()) == ["claims.jsonl"]


def test_seed_records_validate_as_claims(seed_records):
    for r in seed_records:
        Claim.model_validate(r)
        assert r["doc_id"] == SEED.stem
        assert r["doc_date"] == "2026-01-31"          # from the .meta.json sidecar


def test_seed_claim_ids_are_positions_in_order(seed_records):
    assert [r["claim_id"] for r in seed_records] == [f"{SEED.stem}#{n}" for n in range(len(seed_records))]
    starts = [r["start"] for r in seed_records]
    assert starts == sorted(starts)


def test_seed_offset_invariant(seed_records, seed_text):
    assert_offsets(seed_records, {SEED.stem: seed_text})
    # every kind of mention occurs in the seed output, so every kind was checked
    for f in MENTION_FIELDS:
        assert any(r[f] for r in seed_records), f


def test_seed_headings_and_boilerplate_are_not_claims(seed_records):
    texts = [r["text"] for r in seed_records]
    for line in ("Related videos:", "Filed under:", "Situation in Cuba", "Liberation now"):
        assert not any(line in t for t in texts), line
    # the claims are exactly the sentences of the gold
    gold = [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [(r["text"], r["start"], r["end"]) for r in seed_records] == \
        [(g["text"], g["start"], g["end"]) for g in gold]


def test_seed_relative_dates_use_the_meta_date(seed_records):
    dates = dates_of(seed_records[:1])
    # doc_date 2026-01-31 is a Saturday: "this Friday" = 2026-01-30, "next week" = ISO week 6
    assert dates == {"this Friday": "2026-01-30", "next week": "2026-W06"}


# --- folders ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def folder_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("folder")
    (root / "b.txt").write_text("Amnesty International said 300 prisoners were freed on January 3.\n", encoding="utf-8")
    (root / "b.meta.json").write_text('{"date": "2025-06-01"}', encoding="utf-8")
    (root / "a.txt").write_text("Foro Penal reported 40 new detentions on January 3.\n", encoding="utf-8")
    (root / "c").mkdir()
    (root / "c" / "d.txt").write_text("Cuba holds more than 1,000 political prisoners, according to Prisoners "
                                      "Defenders.\n", encoding="utf-8")
    (root / "notes.md").write_text("Not an input file. It says 5 things.\n", encoding="utf-8")
    result = invoke(["extract", root, "--doc-date", "2026-01-31"])
    assert result.exit_code == 0, stderr_of(result)
    return root, parse_jsonl(stdout_of(result))


def test_folder_processes_txt_files_recursively_in_sorted_order(folder_run):
    root, records = folder_run
    assert ids_of(records) == ["a", "b", "d"]
    for r in records:
        Claim.model_validate(r)
    assert_offsets(records, {"a": read_text(root / "a.txt"), "b": read_text(root / "b.txt"),
                             "d": read_text(root / "c" / "d.txt")})


def test_doc_date_option_only_where_there_is_no_other_date(folder_run):
    _, records = folder_run
    by_id = {r["doc_id"]: r for r in records}
    assert by_id["a"]["doc_date"] == "2026-01-31"        # --doc-date
    assert by_id["d"]["doc_date"] == "2026-01-31"
    assert by_id["b"]["doc_date"] == "2025-06-01"        # its .meta.json wins
    # "January 3" without a year: nearest before the reference date
    assert dates_of([by_id["a"]]) == {"January 3": "2026-01-03"}
    assert dates_of([by_id["b"]]) == {"January 3": "2025-01-03"}


# --- JSONL input and stdin --------------------------------------------------------------------------------

JSONL_DOCS = [
    {"id": "r1", "text": "The capture of Nicolás Maduro took place on January 3, according to Foro Penal.",
     "date": "2025-06-01", "extra": "ignored"},
    {"id": "r2", "text": "The capture of Nicolás Maduro took place on January 3, according to Foro Penal."},
]


@pytest.fixture(scope="module")
def jsonl_run(tmp_path_factory):
    path = tmp_path_factory.mktemp("jsonl") / "in.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in JSONL_DOCS), encoding="utf-8")
    result = invoke(["extract", path, "--doc-date", "2024-03-01"])
    assert result.exit_code == 0, stderr_of(result)
    return parse_jsonl(stdout_of(result))


def test_jsonl_input_ids_and_dates(jsonl_run):
    records = jsonl_run
    assert ids_of(records) == ["r1", "r2"]
    assert [r["claim_id"] for r in records] == ["r1#0", "r2#0"]
    r1, r2 = records
    assert r1["doc_date"] == "2025-06-01"               # the record's own date wins over --doc-date
    assert r2["doc_date"] == "2024-03-01"               # --doc-date where the record has none
    assert dates_of([r1]) == {"January 3": "2025-01-03"}
    assert dates_of([r2]) == {"January 3": "2024-01-03"}
    assert_offsets(records, {d["id"]: d["text"] for d in JSONL_DOCS})


def test_stdin_dash_reads_jsonl_in_a_real_process():
    docs = [{"id": "s1", "text": "Delcy Rodríguez announced this Friday a general amnesty law for political prisoners.",
             "date": "2026-01-31"},
            {"id": "s2", "text": "Cuba ended December 2025 with 1,197 political prisoners."}]
    stdin = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    proc = subprocess.run([sys.executable, "-m", "extractor", "extract", "-"], input=stdin.encode("utf-8"),
                          capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    records = parse_jsonl(proc.stdout.decode("utf-8"))
    assert ids_of(records) == ["s1", "s2"]
    for r in records:
        Claim.model_validate(r)
    assert records[0]["doc_date"] == "2026-01-31"
    assert records[1]["doc_date"] is None
    assert dates_of(records[:1]) == {"this Friday": "2026-01-30"}
    assert dates_of(records[1:]) == {"December 2025": "2025-12"}
    assert_offsets(records, {d["id"]: d["text"] for d in docs})


# --- CRLF text without any date -------------------------------------------------------------------------

CRLF_TEXT = ("Related videos:\r\n"
             "Delcy Rodríguez announced this Friday a general amnesty law for political prisoners.\r\n"
             "Situation in Cuba\r\n"
             "Cuba ended December 2025 with 1,197 political and conscience prisoners, according to "
             "Prisoners Defenders.\r\n"
             "Filed under:\r\n")


@pytest.fixture(scope="module")
def crlf_run(tmp_path_factory):
    path = tmp_path_factory.mktemp("crlf") / "crlf-doc.txt"
    path.write_bytes(CRLF_TEXT.encode("utf-8"))
    result = invoke(["extract", path])
    assert result.exit_code == 0, stderr_of(result)
    return parse_jsonl(stdout_of(result))


def test_crlf_file_keeps_offsets(crlf_run):
    records = crlf_run
    assert [r["text"] for r in records] == [
        "Delcy Rodríguez announced this Friday a general amnesty law for political prisoners.",
        "Cuba ended December 2025 with 1,197 political and conscience prisoners, according to Prisoners Defenders.",
    ]
    # offsets count "\r\n" as two characters
    assert records[1]["start"] == CRLF_TEXT.index("Cuba ended")
    assert_offsets(records, {"crlf-doc": CRLF_TEXT})


def test_without_any_date_relative_dates_are_null(crlf_run):
    records = crlf_run
    assert all(r["doc_date"] is None for r in records)
    assert dates_of(records) == {"this Friday": None, "December 2025": "2025-12"}


# --- errors of extract (no model is loaded) --------------------------------------------------------------

def test_missing_input_file(tmp_path):
    result = invoke(["extract", tmp_path / "nope.txt"])
    assert_error(result, "nope.txt")


def test_missing_input_file_in_a_real_process(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "extractor", "extract", str(tmp_path / "nope.txt")],
                          capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode != 0
    err = proc.stderr.decode()
    assert err.startswith("extractor: error:") and err.count("\n") == 1 and "nope.txt" in err, err
    assert "Traceback" not in err
    assert proc.stdout == b""


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_malformed_jsonl_line_names_file_and_line(tmp_path):
    path = _write(tmp_path / "in.jsonl", ['{"id": "a", "text": "Fine."}', '{"id": "b", "text": '])
    assert_error(invoke(["extract", path]), "in.jsonl:2:")


@pytest.mark.parametrize("line", ['["a", "b"]', '"just a string"', "42"])
def test_jsonl_line_that_is_not_an_object(tmp_path, line):
    path = _write(tmp_path / "in.jsonl", ['{"id": "a", "text": "Fine."}', "", line])
    msg = assert_error(invoke(["extract", path]), "in.jsonl:3:")
    assert "object" in msg


def test_jsonl_record_without_text(tmp_path):
    path = _write(tmp_path / "in.jsonl", ['{"id": "a"}'])
    assert_error(invoke(["extract", path]), "in.jsonl:1:", "text")


def test_malformed_jsonl_on_stdin(tmp_path):
    result = invoke(["extract", "-"], input='{"id": "a", "text": "Fine."}\nnot json\n')
    assert_error(result, ":2:")


def test_output_folder_does_not_exist(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Foro Penal reported 40 new detentions.\n", encoding="utf-8")
    result = invoke(["extract", src, "-o", tmp_path / "missing" / "out.jsonl"])
    assert_error(result, "missing")
    assert not (tmp_path / "missing").exists()


def test_duplicate_ids_in_jsonl(tmp_path):
    path = _write(tmp_path / "in.jsonl", ['{"id": "a", "text": "One."}', '{"id": "a", "text": "Two."}'])
    assert_error(invoke(["extract", path]), "'a'")


def test_duplicate_ids_across_folders(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text("Foro Penal reported 40 new detentions.\n", encoding="utf-8")
    assert_error(invoke(["extract", tmp_path]), "same")


# --- errors of evaluate ----------------------------------------------------------------------------------

GOOD_GOLD = {"doc_id": "d", "text": "Cuba holds more than 1,000 prisoners.", "start": 0, "end": 37,
             "counts": [{"text": "more than 1,000 prisoners", "low": 1000, "high": None,
                         "qualifier": "more_than", "unit": "prisoners"}]}


def test_gold_breaking_the_schema(tmp_path):
    bad = dict(GOOD_GOLD, counts=[dict(GOOD_GOLD["counts"][0], qualifier="roughly")])
    gold = _write(tmp_path / "gold.jsonl", [json.dumps(dict(GOOD_GOLD, doc_id="e")), json.dumps(bad)])
    pred = _write(tmp_path / "pred.jsonl", [json.dumps(GOOD_GOLD)])
    result = invoke(["evaluate", "--gold", gold, "--pred", pred])
    assert_error(result, "gold.jsonl:2:", "qualifier")
    assert stdout_of(result) == ""


def test_gold_and_predictions_without_a_common_document(tmp_path):
    gold = _write(tmp_path / "gold.jsonl", [json.dumps(GOOD_GOLD)])
    pred = _write(tmp_path / "pred.jsonl", [json.dumps(dict(GOOD_GOLD, doc_id="other"))])
    assert_error(invoke(["evaluate", "--gold", gold, "--pred", pred, "--json"]), "no document")


def test_evaluate_missing_prediction_file(tmp_path):
    gold = _write(tmp_path / "gold.jsonl", [json.dumps(GOOD_GOLD)])
    assert_error(invoke(["evaluate", "--gold", gold, "--pred", tmp_path / "absent.jsonl"]), "absent.jsonl")


def test_evaluate_malformed_prediction_line(tmp_path):
    gold = _write(tmp_path / "gold.jsonl", [json.dumps(GOOD_GOLD)])
    pred = _write(tmp_path / "pred.jsonl", [json.dumps(GOOD_GOLD), "{oops"])
    assert_error(invoke(["evaluate", "--gold", gold, "--pred", pred]), "pred.jsonl:2:")


def test_output_that_is_also_an_input_is_refused(tmp_path):
    src = tmp_path / "a.txt"
    content = "Foro Penal reported 40 new detentions.\n"
    src.write_text(content, encoding="utf-8")
    assert_error(invoke(["extract", src, "-o", src]), "also an input")
    assert src.read_text(encoding="utf-8") == content


# --- the library call behind extract ---------------------------------------------------------------------

def _options_case(tmp_path: Path, **kw):
    from extractor.run import ExtractOptions
    src = tmp_path / "a.txt"
    src.write_text("Foro Penal reported 40 new detentions.\n", encoding="utf-8")
    values = {k: (str(v).replace("{tmp}", str(tmp_path)) if isinstance(v, str) else v) for k, v in kw.items()}
    values.setdefault("inputs", (str(src),))
    return ExtractOptions.of(**values)


@pytest.mark.parametrize("values, error, fragment", [
    ({"output": "{tmp}/missing/out.jsonl"}, "OptionsError", "the folder"),
    ({"output": "{tmp}/a.txt"}, "OptionsError", "the output file is also an input"),
    ({"resume": True}, "OptionsError", "--resume needs --output"),
    ({"scheduler": "tcp://nowhere:8786"}, "OptionsError", "need --engine dask"),
    ({"engine": "dask", "output_dir": "{tmp}/parts", "output": "{tmp}/out.jsonl"}, "OptionsError",
     "excludes --output"),
    ({"inputs": ("{tmp}/nope.txt",)}, "InputError", "nope.txt: no such file or folder"),
    ({"engine": "spark"}, "OptionsError", "unknown engine 'spark'"),
    ({"batch_size": 0}, "OptionsError", "--batch-size must be at least 1"),
    # the first problem wins, in the order the command checks them
    ({"output": "{tmp}/missing/out.jsonl", "scheduler": "tcp://x:1"}, "OptionsError", "does not exist"),
], ids=["output-folder", "output-is-input", "resume", "scheduler", "output-dir", "missing-input", "engine",
        "batch-size", "order"])
def test_options_validate(tmp_path, values, error, fragment):
    options = _options_case(tmp_path, **values)
    with pytest.raises(ValueError) as caught:
        options.validate()
    assert type(caught.value).__name__ == error
    assert fragment in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]      # nothing written


def test_options_of_treats_none_as_the_default():
    from extractor.engines.local import DEFAULT_MAX_CHARS
    from extractor.pipeline import DEFAULT_MODEL
    from extractor.run import ExtractOptions
    options = ExtractOptions.of(inputs=["-"], model=None, max_chars=None, jobs=None, resume=False)
    assert options == ExtractOptions(inputs=("-",))
    assert (options.model, options.max_chars, options.jobs) == (DEFAULT_MODEL, DEFAULT_MAX_CHARS, None)
    with pytest.raises(AttributeError):
        options.model = "other"                                        # frozen


class _Recorder:
    def __init__(self):
        self.events = []

    def loaded(self):
        self.events.append("loaded")

    def started(self, done):
        self.events.append(("started", done))

    def connected(self, client):  # pragma: no cover - local engine
        self.events.append("connected")

    def finished(self, result):
        self.events.append(("finished", result.doc_id, result.error is not None))

    def note(self, message):  # pragma: no cover - said only when --jobs exceeds the cores
        self.events.append(("note", message))


def test_library_extract_to_a_stream_returns_the_summary(tmp_path, nlp, monkeypatch):
    import io

    import extractor.pipeline as pipeline
    from extractor.run import ExtractOptions, extract
    monkeypatch.setattr(pipeline, "build", lambda model=pipeline.DEFAULT_MODEL: nlp)
    (tmp_path / "a.txt").write_text("Foro Penal reported 40 new detentions on January 3.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"GIF89a\x00\x00")
    stream, recorder = io.StringIO(), _Recorder()
    summary = extract(ExtractOptions(inputs=(str(tmp_path),), jobs=1), on_progress=recorder, stdout=stream)
    records = parse_jsonl(stream.getvalue())
    assert ids_of(records) == ["a"]
    assert (summary.documents, summary.claims, summary.errors) == (2, len(records), 1)
    assert summary.errors_path is None and summary.loads_per_worker is None and summary.seconds >= 0
    assert recorder.events == ["loaded", ("started", 0), ("finished", "a", False), ("finished", "b", True)]


def test_library_extract_to_a_file_names_its_errors_file(tmp_path, nlp, monkeypatch):
    import extractor.pipeline as pipeline
    from extractor.run import ExtractOptions, extract
    monkeypatch.setattr(pipeline, "build", lambda model=pipeline.DEFAULT_MODEL: nlp)
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "r1", "text": "Amnesty said 3 died."}\nnot json\n', encoding="utf-8")
    summary = extract(ExtractOptions(inputs=(str(src),), output=str(tmp_path / "out.jsonl"), jobs=1))
    assert summary.errors == 1 and summary.errors_path == tmp_path / "out.errors.jsonl"
    assert parse_jsonl(read_text(summary.errors_path))[0]["source"] == f"{src}:2"


@pytest.mark.parametrize("flag, decisions", [([], None), (["--explain"], ["explained"])], ids=["plain", "explain"])
def test_explain_option_asks_claims_of_for_the_decisions(tmp_path, nlp, monkeypatch, flag, decisions):
    import extractor.engines.local as local_engine
    import extractor.pipeline as pipeline
    monkeypatch.setattr(pipeline, "build", lambda model=pipeline.DEFAULT_MODEL: nlp)
    real = local_engine.claims_of

    def claims_of(doc, *, source=None, explain=False):
        return [dict(r, decisions=["explained"]) if explain else r for r in real(doc, source=source)]
    monkeypatch.setattr(local_engine, "claims_of", claims_of)
    src = tmp_path / "a.txt"
    src.write_text("Foro Penal reported 40 new detentions on January 3.\n", encoding="utf-8")
    result = invoke(["extract", src, "-j", "1", "-q", *flag])
    assert result.exit_code == 0, stderr_of(result)
    records = parse_jsonl(stdout_of(result))
    assert records and all(r.get("decisions") == decisions for r in records)


# --- ids from the folder structure, extractor text, -v ------------------------------------------------

@pytest.fixture
def shared_nlp(nlp, monkeypatch):
    import extractor.pipeline as pipeline
    monkeypatch.setattr(pipeline, "build", lambda model=pipeline.DEFAULT_MODEL: nlp)
    return nlp


def _archive(root: Path) -> Path:
    """An archive of YYYY/MM/DD/slug/index pages: every file has the stem "index"."""
    for day, slug in (("05", "arrests"), ("06", "amnesty")):
        page = root / "2024" / "05" / day / slug / "index.txt"
        page.parent.mkdir(parents=True)
        page.write_text(f"Foro Penal reported {day} new detentions.\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("flag, ids", [
    (["--id-from", "path"], ["2024/05/05/arrests/index", "2024/05/06/amnesty/index"]),
    (["--id-from", "stem"], ["index"]),
    ([], ["index"]),
], ids=["path", "stem", "default"])
def test_id_from(tmp_path, shared_nlp, flag, ids):
    result = invoke(["extract", _archive(tmp_path / "archive"), "-j", "1", "-q", *flag])
    assert ids_of(parse_jsonl(stdout_of(result))) == ids
    assert result.exit_code == (0 if len(ids) == 2 else 1)


def test_duplicate_stems_suggest_id_from_path(tmp_path, shared_nlp):
    root = _archive(tmp_path / "archive")
    line = assert_error(invoke(["extract", root, "-j", "1", "-q"]))
    second, first = root / "2024/05/06/amnesty/index.txt", root / "2024/05/05/arrests/index.txt"
    assert line == (f"extractor: error: {second}: duplicate document id 'index' (first in {first}); "
                    "use --id-from path for ids from the folder structure")


def test_duplicate_jsonl_ids_get_no_folder_hint(tmp_path, shared_nlp):
    path = _write(tmp_path / "in.jsonl", ['{"id": "a", "text": "One."}', '{"id": "a", "text": "Two."}'])
    line = assert_error(invoke(["extract", path, "-j", "1", "-q"]), "duplicate document id 'a'")
    assert "--id-from" not in line


def test_a_file_given_directly_keeps_its_stem_with_id_from_path(tmp_path, shared_nlp):
    page = _archive(tmp_path / "archive") / "2024/05/05/arrests/index.txt"
    result = invoke(["extract", page, "-j", "1", "-q", "--id-from", "path"])
    assert ids_of(parse_jsonl(stdout_of(result))) == ["index"]


def test_id_from_path_needs_the_local_engine(tmp_path):
    assert_error(invoke(["extract", tmp_path, "--engine", "dask", "--id-from", "path"]), "--engine local only")


TEXT_DOCS = [{"id": "r1", "text": "Foro Penal counted 40 detentions.\n"}, {"id": "r2", "text": "Amnesty said 3 died."}]


def _text_inputs(tmp_path: Path) -> dict:
    (tmp_path / "a.txt").write_bytes("Cuba holds 1,000 prisoners.\r\n".encode("cp1252"))
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(d) + "\n" for d in TEXT_DOCS), encoding="utf-8")
    return {"txt": tmp_path / "a.txt", "html": ROOT / "tests" / "data" / "article.html",
            "jsonl": tmp_path / "in.jsonl"}


@pytest.mark.parametrize("kind, extra, stdin", [
    ("txt", [], None), ("html", [], None), ("jsonl", [], None), ("jsonl", ["--id", "r2"], None),
    ("stdin", [], "jsonl"),
], ids=["txt", "html", "jsonl", "jsonl-id", "stdin"])
def test_text_prints_what_extract_reads(tmp_path, kind, extra, stdin):
    from extractor.io.readers import iter_inputs
    inputs = _text_inputs(tmp_path)
    source = inputs[stdin or kind]
    arg = "-" if stdin else source
    result = invoke(["text", arg, *extra], input=source.read_bytes() if stdin else None)
    assert result.exit_code == 0, stderr_of(result)
    docs = [d for d in iter_inputs([str(source)]) if not extra or d.id == extra[-1]]
    # stdout_bytes: Click's stdout reads "\r\n" as "\n", and the text must keep it
    assert result.stdout_bytes.decode("utf-8").split("\f") == [d.text for d in docs]
    assert len(docs) == (1 if kind in ("txt", "html") or extra else 2)


@pytest.mark.parametrize("command", ["text", "extract"])
@pytest.mark.parametrize("name, kind", [("a.meta.json", "metadata sidecar"), ("a.gold.jsonl", "gold claims file"),
                                        ("groups.gold.jsonl", "figure-groups gold file"),
                                        ("out.errors.jsonl", "errors file")])
def test_text_and_extract_refuse_sidecars(tmp_path, command, name, kind):
    (tmp_path / name).write_text("{}\n", encoding="utf-8")
    result = invoke([command, tmp_path / name])
    assert_error(result, f"{name}: a {kind}, which extract never reads as an input")
    assert result.exit_code == 2 and stdout_of(result) == ""


@pytest.mark.parametrize("lines, args, code, fragment, printed", [
    (['{"id": "a", "text": "One."}', "{oops"], [], 1, "in.jsonl:2: not valid JSON", "One."),
    (['{"id": "a", "text": "One."}'], ["--id", "zz"], 2, "no document with the id 'zz'", ""),
], ids=["bad-line", "unknown-id"])
def test_text_errors(tmp_path, lines, args, code, fragment, printed):
    path = _write(tmp_path / "in.jsonl", lines)
    result = invoke(["text", path, *args])
    assert_error(result, fragment)
    assert result.exit_code == code and stdout_of(result) == printed


@pytest.mark.parametrize("where", [["extract", "-v"], ["-v", "extract"]], ids=["extract", "top-level"])
@pytest.mark.parametrize("explain", [False, True], ids=["records-unchanged", "with-explain"])
def test_verbose_logs_each_decision_on_stderr(tmp_path, shared_nlp, where, explain):
    src = _write(tmp_path / "in.jsonl", [json.dumps({"id": "d", "text": "A 40-year-old man was detained on "
                                                                         "Monday, Foro Penal said."})])
    plain = parse_jsonl(stdout_of(invoke(["extract", src, "-j", "1", "-q"] + (["--explain"] if explain else []))))
    result = invoke([*where, src, "-j", "1", "-q"] + (["--explain"] if explain else []))
    assert result.exit_code == 0, stderr_of(result)
    assert parse_jsonl(stdout_of(result)) == plain                       # -v changes no record
    decisions = [d for r in parse_jsonl(stdout_of(invoke(["extract", src, "-j", "1", "-q", "--explain"])))
                 for d in r["decisions"]]
    assert decisions, "the sentence has decisions to log"
    expected = [f'extractor: d#0: {d["action"]} by {d["by"]}: {json.dumps(d["text"])}' for d in decisions]
    assert stderr_of(result).splitlines() == expected
    assert "dropped by" in stderr_of(result)


def test_without_verbose_nothing_is_logged(tmp_path, shared_nlp):
    src = _write(tmp_path / "in.jsonl", [json.dumps({"id": "d", "text": "A 40-year-old man was detained."})])
    result = invoke(["extract", src, "-j", "1", "-q"])
    assert result.exit_code == 0 and stderr_of(result) == ""


GOLDEN_SEED = Path(__file__).parent / "data" / "golden" / "cibercuba-2026-01-31-amnesty.claims.jsonl"


@pytest.mark.parametrize("command", [["compare"], ["actors"], ["report"]])
def test_a_whole_file_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, monkeypatch, command):
    import extractor.io.writers as writers

    def refuse(path, mode="r", **kw):
        if "w" in mode:
            raise OSError(30, "Read-only file system")
        return open_(path, mode, **kw)
    open_ = open
    monkeypatch.setattr(writers, "open", refuse, raising=False)
    out = tmp_path / ("out.html" if command == ["report"] else "out.jsonl")
    result = invoke(command + [GOLDEN_SEED, "-o", out])
    assert_error(result, "Read-only file system")
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", [["compare"], ["actors"]])
def test_a_whole_file_output_into_a_missing_folder_is_refused(tmp_path, command):
    result = invoke(command + [GOLDEN_SEED, "-o", tmp_path / "missing" / "out.jsonl"])
    assert_error(result, "missing")
    assert not (tmp_path / "missing").exists()


def test_evaluate_refuses_predictions_without_claims(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert_error(invoke(["evaluate", "--gold", "seeds/cibercuba-2026-01-31-amnesty.gold.jsonl", "--pred", empty]),
                 "no claims")


@pytest.mark.parametrize("command", [["compare"], ["actors"], ["report"]])
def test_compare_actors_and_report_never_overwrite_their_input(tmp_path, command):
    claims = tmp_path / "c.jsonl"
    claims.write_text('{"doc_id": "d", "claim_id": "d#0", "doc_date": null, "text": "A.", "start": 0, "end": 2, '
                      '"actors": [], "counts": [], "dates": [], "attribution": []}\n', encoding="utf-8")
    before = claims.read_bytes()
    link = tmp_path / "l.jsonl"
    link.symlink_to(claims)
    for args in ([str(claims), "-o", str(claims)], [str(link), "-o", str(claims)]):
        assert_error(invoke(command + args), "the output file is also an input")
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "c.jsonl").write_bytes(before)
    assert_error(invoke(command + [str(folder), "-o", str(folder / "out.jsonl")]), "inside the input folder")
    assert claims.read_bytes() == before


def test_a_run_of_one_error_on_consecutive_lines_is_printed_once_with_its_count(capsys):
    from types import SimpleNamespace

    from extractor.cli import _Terminal
    from extractor.io.readers import DocError
    terminal = _Terminal(("in.jsonl",), quiet=True)
    for source, reason in [("in.jsonl:1", "bad"), ("in.jsonl:2", "bad"), ("in.jsonl:3", "bad"),
                           ("in.jsonl:4", "other"), ("b.txt", "cannot read"), ("b.txt", "cannot read"),
                           (None, None), ("in.jsonl:6", "other"), ("in.jsonl:7", "other")]:
        terminal.finished(SimpleNamespace(error=DocError(source, reason) if source else None))
    terminal.close()
    assert capsys.readouterr().err.splitlines() == [
        "extractor: error: in.jsonl:1: bad", "extractor: error: in.jsonl: the same error on the next 2 lines",
        "extractor: error: in.jsonl:4: other", "extractor: error: b.txt: cannot read",
        "extractor: error: b.txt: cannot read", "extractor: error: in.jsonl:6: other",
        "extractor: error: in.jsonl: the same error on the next 1 line"]
