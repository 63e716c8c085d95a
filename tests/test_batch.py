"""Batch processing end to end, in real processes where a real process matters: a mixed folder
(txt, html, jsonl, cp1252, BOM, CRLF and an unreadable document), --jobs 2 against --jobs 1, the
errors file, stdout mode, kill-and-resume, --resume appending, progress bar and summary line, and
a reader that goes away (| head -1).

About 10 extractor processes in all; the long ones run in the background while others go on.
The byte-for-byte comparisons are between separate processes: they assume the package's code
does not change while this module runs."""
from __future__ import annotations

import codecs
import json
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.io.readers import read_document
from extractor.schemas import Claim

from .conftest import ROOT, SEED
from .test_cli import assert_error, assert_offsets, invoke, parse_jsonl, read_text, stderr_of, stdout_of

TIMEOUT = 120
DOC_DATE = "2026-01-31"


def extractor_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "extractor", *[str(a) for a in args]]


def start(*args, cwd=ROOT) -> subprocess.Popen:
    """An extractor process with stdout and stderr on pipes (so stderr is not a terminal)."""
    return subprocess.Popen(extractor_cmd(*args), cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


class Ran:
    """A finished process: returncode, stdout bytes, stderr text."""

    def __init__(self, proc: subprocess.Popen):
        out, err = proc.communicate(timeout=TIMEOUT)
        self.returncode, self.stdout, self.stderr = proc.returncode, out, err.decode("utf-8")

    def err_lines(self) -> list[str]:
        return self.stderr.splitlines()


def summary_lines(ran: Ran) -> list[str]:
    return [line for line in ran.err_lines() if line.startswith("extractor: done:")]


def assert_same_bytes(got: bytes, expected: bytes) -> None:
    """Byte equality; on a mismatch the message names the first line that differs."""
    if got == expected:
        return
    a, b = got.decode("utf-8").split("\n"), expected.decode("utf-8").split("\n")
    k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    raise AssertionError(f"outputs differ at line {k + 1} ({len(a)} vs {len(b)} lines):\n"
                         f"  got:      {a[k] if k < len(a) else '<end>'}\n"
                         f"  expected: {b[k] if k < len(b) else '<end>'}")


# --- the mixed folder -------------------------------------------------------------------------------------

PLAIN = ("Foro Penal reported 40 new detentions on January 3, the NGO said in Caracas.\n"
         "The group said 12 of those detained were minors.\n")
HTML = (Path(__file__).resolve().parent / "data" / "article.html").read_text(encoding="utf-8")
WIRE = [{"id": "wire-1", "text": "Police detained about 50 protesters in Havana on Monday, the Interior Ministry said.",
         "date": "2025-06-03"},
        {"id": "wire-2", "text": "Prisoners Defenders counted 1,197 political prisoners in December 2025."}]
CP1252 = ("\u201cWe will not be silenced,\u201d said Amnesty International, which counted 1,197 political "
          "prisoners in Cuba.\n")
BOM_TEXT = ("Cuba ended December 2025 with more than 1,000 political prisoners, according to "
            "Prisoners Defenders.\n")
CRLF = ("Related videos:\r\n"
        "Delcy Rodríguez announced this Friday a general amnesty law for political prisoners.\r\n"
        "Situation in Cuba\r\n"
        "The NGO said at least 25 people were released on January 14.\r\n")
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"

# doc_ids in input order: sorted file names; the JSONL records in their order
MIXED_IDS = ["a-plain", "b-page", "wire-1", "wire-2", "d-cp1252", "e-bom", "f-crlf"]


def make_mixed_folder(root: Path) -> Path:
    root.mkdir()
    (root / "a-plain.txt").write_text(PLAIN, encoding="utf-8")
    (root / "b-page.html").write_text(HTML, encoding="utf-8")
    (root / "c-wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in WIRE), encoding="utf-8")
    (root / "d-cp1252.txt").write_bytes(CP1252.encode("cp1252"))
    (root / "e-bom.txt").write_bytes(codecs.BOM_UTF8 + BOM_TEXT.encode("utf-8"))
    (root / "f-crlf.txt").write_bytes(CRLF.encode("utf-8"))
    (root / "g-binary.txt").write_bytes(BINARY)
    # a file the project writes beside inputs: never read (it would be an error if it were)
    (root / "h.gold.jsonl").write_text("not json\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Three runs on the same folder, at the same time: -o with --jobs 1, -o with --jobs 2, and
    stdout mode with -q."""
    base = tmp_path_factory.mktemp("mixed")
    root = make_mixed_folder(base / "in")
    out1, out2 = base / "one" / "out.jsonl", base / "two" / "out.jsonl"
    out1.parent.mkdir()
    out2.parent.mkdir()
    cwd3 = base / "stdout-cwd"
    cwd3.mkdir()
    procs = [start("extract", root, "-o", out1, "--jobs", "1", "--doc-date", DOC_DATE),
             start("extract", root, "-o", out2, "--jobs", "2", "--doc-date", DOC_DATE),
             start("extract", root, "--jobs", "1", "-q", "--doc-date", DOC_DATE, cwd=cwd3)]
    one, two, stdout_run = (Ran(p) for p in procs)
    return {"root": root, "out1": out1, "out2": out2, "one": one, "two": two, "stdout": stdout_run,
            "stdout_cwd": cwd3}


@pytest.fixture(scope="module")
def mixed_records(mixed):
    return parse_jsonl(read_text(mixed["out1"]))


def by_doc(records) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r["doc_id"], []).append(r)
    return out


def test_mixed_folder_documents_in_input_order(mixed, mixed_records):
    assert mixed["one"].returncode == 1, mixed["one"].stderr          # one document failed
    ids = list(dict.fromkeys(r["doc_id"] for r in mixed_records))
    assert ids == MIXED_IDS
    for r in mixed_records:
        Claim.model_validate(r)
    for doc_id, records in by_doc(mixed_records).items():
        assert [r["claim_id"] for r in records] == [f"{doc_id}#{n}" for n in range(len(records))]
    root = mixed["root"]
    sources = {r["doc_id"]: r["source"] for r in mixed_records}
    assert sources["a-plain"] == str(root / "a-plain.txt")
    assert sources["b-page"] == str(root / "b-page.html")
    assert sources["wire-1"] == f"{root / 'c-wire.jsonl'}:1"
    assert sources["wire-2"] == f"{root / 'c-wire.jsonl'}:2"


def test_mixed_folder_cp1252_document(mixed_records):
    (r,) = by_doc(mixed_records)["d-cp1252"]
    assert r["text"] == CP1252.strip()
    assert r["text"].startswith("\u201cWe will not be silenced,\u201d said")
    assert r["start"] == 0 and r["end"] == len(CP1252.strip())
    assert [(c["low"], c["high"], c["qualifier"], c["unit"]) for c in r["counts"]] == [
        (1197, 1197, "exact", "political prisoners")]
    assert [a["source"] for a in r["attribution"]] == ["Amnesty International"]
    assert r["doc_date"] == DOC_DATE


def test_mixed_folder_html_document(mixed_records):
    records = by_doc(mixed_records)["b-page"]
    assert all(r["doc_date"] == "2025-11-14" for r in records)      # the page's date beats --doc-date
    texts = " ".join(r["text"] for r in records)
    for marker in ("NAVMARKER", "SCRIPTMARKER", "FOOTERMARKER", "Copyright"):
        assert marker not in texts
    first = next(r for r in records if r["text"].startswith("Amnesty International said"))
    assert [(c["low"], c["high"], c["qualifier"]) for c in first["counts"]] == [(300, None, "more_than")]
    last = next(r for r in records if r["text"].startswith("Foro Penal reported"))
    assert {d["text"]: d["value"] for d in last["dates"]} == {"November 3": "2025-11-03"}


def test_mixed_folder_jsonl_plain_bom_and_crlf_documents(mixed_records):
    docs = by_doc(mixed_records)
    (w1,), (w2,) = docs["wire-1"], docs["wire-2"]
    assert (w1["doc_date"], w2["doc_date"]) == ("2025-06-03", DOC_DATE)     # own date, else --doc-date
    assert w1["text"] == WIRE[0]["text"] and w2["text"] == WIRE[1]["text"]
    assert [(c["low"], c["qualifier"]) for c in w1["counts"]] == [(50, "approximate")]
    assert {d["text"]: d["value"] for d in w2["dates"]} == {"December 2025": "2025-12"}

    plain = docs["a-plain"][0]
    assert plain["text"] == PLAIN.split("\n")[0]
    assert [c["low"] for c in plain["counts"]] == [40]
    assert {d["text"]: d["value"] for d in plain["dates"]} == {"January 3": "2026-01-03"}

    (bom,) = docs["e-bom"]
    assert bom["start"] == 0 and bom["text"] == BOM_TEXT.strip()       # the BOM is not a character
    assert [(c["low"], c["high"], c["qualifier"]) for c in bom["counts"]] == [(1000, None, "more_than")]

    crlf = docs["f-crlf"]
    assert [r["text"] for r in crlf] == [
        "Delcy Rodríguez announced this Friday a general amnesty law for political prisoners.",
        "The NGO said at least 25 people were released on January 14."]
    # offsets count each "\r\n" as two characters
    assert [r["start"] for r in crlf] == [CRLF.index("Delcy"), CRLF.index("The NGO")]
    count = crlf[1]["counts"][0]
    assert (count["text"], count["start"]) == ("at least 25 people", CRLF.index("at least 25"))
    assert {d["text"]: d["value"] for d in crlf[0]["dates"]} == {"this Friday": "2026-01-30"}


def test_mixed_folder_offset_invariant_for_every_record(mixed, mixed_records):
    root = mixed["root"]
    texts = {path.stem: read_document(path).text for path in root.iterdir() if path.suffix in (".txt", ".html")
             and path.stem != "g-binary"}
    texts.update({r["id"]: r["text"] for r in WIRE})
    assert texts["d-cp1252"] == CP1252 and texts["e-bom"] == BOM_TEXT and texts["f-crlf"] == CRLF
    # the HTML text is what 'extractor text FILE' prints
    shown = invoke(["text", root / "b-page.html"])
    assert shown.exit_code == 0, stderr_of(shown)
    assert stdout_of(shown) == texts["b-page"]
    assert_offsets(mixed_records, texts)
    assert {r["doc_id"] for r in mixed_records} == set(texts)


def test_unreadable_document_goes_to_the_errors_file_and_stderr(mixed):
    one, root, out1 = mixed["one"], mixed["root"], mixed["out1"]
    errors_file = out1.with_name("out.errors.jsonl")
    errors = parse_jsonl(read_text(errors_file))
    assert len(errors) == 1
    assert errors[0]["doc_id"] == "g-binary"
    assert errors[0]["source"] == str(root / "g-binary.txt")
    assert "binary" in errors[0]["error"]
    assert set(errors[0]) == {"doc_id", "source", "error"}
    error_lines = [line for line in one.err_lines() if line.startswith("extractor: error:")]
    assert error_lines == [f"extractor: error: {root / 'g-binary.txt'}: {errors[0]['error']}"]
    (summary,) = summary_lines(one)
    assert "8 documents" in summary and "1 error " in summary and str(errors_file) in summary
    assert "Traceback" not in one.stderr
    assert one.stdout == b""
    # only the output and its errors file remain: no partial file, no progress log
    assert sorted(p.name for p in out1.parent.iterdir()) == ["out.errors.jsonl", "out.jsonl"]


def test_two_jobs_output_is_byte_identical_to_one_job(mixed):
    one, two = mixed["one"], mixed["two"]
    assert two.returncode == 1, two.stderr
    out1, out2 = mixed["out1"], mixed["out2"]
    assert_same_bytes(out2.read_bytes(), out1.read_bytes())
    assert out1.with_name("out.errors.jsonl").read_bytes() == out2.with_name("out.errors.jsonl").read_bytes()
    assert [line for line in two.err_lines() if not line.startswith("extractor: done:")] == \
        [line for line in one.err_lines() if not line.startswith("extractor: done:")]
    assert sorted(p.name for p in out2.parent.iterdir()) == ["out.errors.jsonl", "out.jsonl"]


def test_stdout_mode_claims_on_stdout_errors_on_stderr(mixed):
    run = mixed["stdout"]
    assert run.returncode == 1, run.stderr
    assert_same_bytes(run.stdout, mixed["out1"].read_bytes())          # the same claims, the same bytes
    assert run.err_lines() == [f"extractor: error: {mixed['root'] / 'g-binary.txt'}: "
                               "binary data (NUL bytes), not a text file"]
    assert list(mixed["stdout_cwd"].iterdir()) == []                  # no errors file, nothing written


def test_quiet_silences_the_summary_line(mixed):
    assert len(summary_lines(mixed["one"])) == 1 and len(summary_lines(mixed["two"])) == 1
    assert summary_lines(mixed["stdout"]) == []                       # run with -q
    assert "done" not in mixed["stdout"].stderr


def test_no_progress_bar_on_a_pipe(mixed):
    for run in (mixed["one"], mixed["two"], mixed["stdout"]):
        assert "doc/s" not in run.stderr and "it/s" not in run.stderr
        assert "\r" not in run.stderr and "\x1b[" not in run.stderr
        assert all(line.startswith("extractor: ") for line in run.err_lines()), run.stderr


def test_resume_on_a_finished_run_does_not_duplicate_its_errors(mixed, tmp_path):
    out = tmp_path / "out.jsonl"
    errors_file = tmp_path / "out.errors.jsonl"
    out.write_bytes(mixed["out1"].read_bytes())
    errors_file.write_bytes(mixed["out1"].with_name("out.errors.jsonl").read_bytes())
    ran = Ran(start("extract", mixed["root"], "-o", out, "--resume", "--jobs", "1", "--doc-date", DOC_DATE))
    assert out.read_bytes() == mixed["out1"].read_bytes()             # nothing new to add
    assert len(parse_jsonl(read_text(errors_file))) == 1, ran.stderr


# --- kill and resume -------------------------------------------------------------------------------------

N_SEED_COPIES = 40


@pytest.fixture(scope="module")
def seed_input(tmp_path_factory):
    path = tmp_path_factory.mktemp("seedin") / "in.jsonl"
    text = read_text(SEED)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for n in range(N_SEED_COPIES):
            fh.write(json.dumps({"id": f"seed-{n:02d}", "text": text, "date": DOC_DATE}, ensure_ascii=False) + "\n")
    return path


class Background:
    """A module-wide uninterrupted run, started at once and waited for when first needed."""

    def __init__(self, proc: subprocess.Popen, out: Path):
        self.proc, self.out, self._ran = proc, out, None

    def result(self) -> Ran:
        if self._ran is None:
            self._ran = Ran(self.proc)
        return self._ran


@pytest.fixture(scope="module")
def uninterrupted(seed_input, tmp_path_factory):
    out = tmp_path_factory.mktemp("full") / "out.jsonl"
    bg = Background(start("extract", seed_input, "-o", out, "--jobs", "1"), out)
    yield bg
    if bg.proc.poll() is None:  # pragma: no cover - only if a test failed before waiting
        bg.proc.kill()
        bg.proc.wait()


def full_output(bg: Background) -> bytes:
    ran = bg.result()
    assert ran.returncode == 0, ran.stderr
    data = bg.out.read_bytes()
    records = parse_jsonl(data.decode("utf-8"))
    assert len({r["doc_id"] for r in records}) == N_SEED_COPIES
    return data


def wait_for_lines(path: Path, n: int, proc: subprocess.Popen, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            with open(path, "rb") as fh:
                lines = fh.read().count(b"\n")
            if lines >= n:
                return lines
        assert proc.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.02)
    raise AssertionError(f"{path} never reached {n} lines")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_interrupted_run_resumed_equals_an_uninterrupted_one(seed_input, uninterrupted, tmp_path, sig):
    out = tmp_path / "out.jsonl"
    partial, progress = tmp_path / "out.jsonl.partial", tmp_path / "out.jsonl.progress"
    proc = start("extract", seed_input, "-o", out, "--jobs", "1")
    try:
        wait_for_lines(progress, 3, proc)
        proc.send_signal(sig)
        ran = Ran(proc)
    finally:
        if proc.poll() is None:  # pragma: no cover
            proc.kill()
            proc.wait()
    if sig == signal.SIGTERM:
        assert ran.returncode == 130, ran.stderr
        assert "Traceback" not in ran.stderr
        assert f"--resume -o {out}" in ran.err_lines()[-1]
    else:
        assert ran.returncode == -signal.SIGKILL
    assert not out.exists()
    assert partial.exists() and progress.exists()
    finished = [json.loads(line) for line in progress.read_text(encoding="utf-8").splitlines()]
    assert 3 <= len(finished) < N_SEED_COPIES, "the run was interrupted part-way"
    # the partial file holds at least the finished documents' claims
    assert partial.stat().st_size >= finished[-1]["offset"]

    # the SIGKILL case resumes with two workers: still the same bytes as one uninterrupted process
    jobs = "1" if sig == signal.SIGTERM else "2"
    resumed = Ran(start("extract", seed_input, "-o", out, "--jobs", jobs, "--resume"))
    assert resumed.returncode == 0, resumed.stderr
    (summary,) = summary_lines(resumed)
    assert f"done: {N_SEED_COPIES - len(finished)} documents" in summary     # the finished ones are skipped
    assert_same_bytes(out.read_bytes(), full_output(uninterrupted))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


NEW_DOCS = [{"id": "new-1", "text": "Foro Penal reported 40 new detentions on January 3, the NGO said.",
             "date": DOC_DATE},
            {"id": "new-2", "text": "Amnesty International said more than 300 political prisoners remain in jail."}]


def test_resume_on_a_complete_output_appends_only_new_documents(seed_input, uninterrupted, tmp_path):
    full = full_output(uninterrupted)
    out = tmp_path / "out.jsonl"
    out.write_bytes(full)
    grown = tmp_path / "in.jsonl"
    grown.write_text(seed_input.read_text(encoding="utf-8")
                     + "".join(json.dumps(d) + "\n" for d in NEW_DOCS), encoding="utf-8")
    ran = Ran(start("extract", grown, "-o", out, "--jobs", "1", "--resume"))
    assert ran.returncode == 0, ran.stderr
    (summary,) = summary_lines(ran)
    assert "done: 2 documents" in summary
    data = out.read_bytes()
    assert data.startswith(full)
    added = parse_jsonl(data[len(full):].decode("utf-8"))
    assert [r["doc_id"] for r in added] == sorted(r["doc_id"] for r in added)
    assert {r["doc_id"] for r in added} == {"new-1", "new-2"}
    for d in NEW_DOCS:
        records = [r for r in added if r["doc_id"] == d["id"]]
        assert [r["claim_id"] for r in records] == [f"{d['id']}#{n}" for n in range(len(records))]
    assert_offsets(added, {d["id"]: d["text"] for d in NEW_DOCS})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_resume_without_output_is_a_usage_error(seed_input):
    result = invoke(["extract", seed_input, "--resume"])
    assert result.exit_code == 2
    assert_error(result, "--resume", "--output")
    assert stdout_of(result) == ""


# --- a reader that goes away ------------------------------------------------------------------------------

def test_pipe_into_head_exits_quietly(tmp_path):
    path = tmp_path / "in.jsonl"
    text = read_text(SEED)
    path.write_text("".join(json.dumps({"id": f"h{n}", "text": text}, ensure_ascii=False) + "\n"
                            for n in range(6)), encoding="utf-8")
    cmd = " ".join(shlex.quote(a) for a in extractor_cmd("extract", path))
    proc = subprocess.run(["bash", "-c", f"set -o pipefail; {cmd} | head -1"], cwd=ROOT,
                          capture_output=True, timeout=TIMEOUT)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 0, err                                   # the extractor's own status too
    lines = proc.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["claim_id"] == "h0#0"
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err
    # it stopped at the broken pipe: it never got to the summary of a finished run
    assert "extractor: done:" not in err
