"""Fault injection, end to end: worker processes and the parent are SIGKILLed (as the OOM killer
would) at points chosen by fixed seeds, through the local engine's fault-injection hooks
(``EXTRACTOR_FAULT_KILL_WORKER_AT``, ``EXTRACTOR_FAULT_KILL_PARENT_AFTER``, see
:mod:`extractor.engines.local`). Each run must end (subprocess timeouts: no hang), print no
traceback, exit as the README says, and write, directly or after ``--resume``, the bytes an
uninterrupted ``--jobs 1`` run writes.

Small JSONL inputs keep each extractor process near a second; about ten processes in all."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from extractor.engines.local import KILL_PARENT_AFTER, KILL_WORKER_AT

from .conftest import ROOT
from .test_batch import assert_same_bytes

TIMEOUT = 60
DOCS = 10
SENTENCES = ["Foro Penal reported 40 new detentions on January 3.",
             "Amnesty International said more than 300 political prisoners remain in jail in Cuba.",
             "The government released 12 prisoners this Friday, according to state media.",
             "Police detained about 50 protesters in Havana on Monday, the group said."]
DIED = "processing failed: the worker process died (SIGKILL, signal 9), on the retry too"


class Ran:
    """A finished extractor process: returncode, stderr lines. Killing after the timeout turns a
    hang (the parent's, or an orphaned worker's holding the pipes open) into a failure."""

    def __init__(self, *args, env: dict[str, str]):
        proc = subprocess.Popen([sys.executable, "-m", "extractor", *[str(a) for a in args]], cwd=ROOT,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, **env})
        try:
            _, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise AssertionError(f"extractor {' '.join(map(str, args))} with {env} did not end") from None
        self.returncode, self.lines = proc.returncode, err.decode("utf-8").splitlines()

    def assert_no_traceback(self) -> None:
        assert not any("Traceback" in line for line in self.lines), self.lines
        assert all(line.startswith("extractor: ") for line in self.lines), self.lines


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The input, and what an uninterrupted run without faults writes for it."""
    base = tmp_path_factory.mktemp("faults")
    source = base / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"d{n:02d}", "text": f"{SENTENCES[n % 4]} {SENTENCES[(n + 1) % 4]}",
                                          "date": "2026-01-31"}) + "\n" for n in range(DOCS)), encoding="utf-8")
    out = base / "baseline.jsonl"
    ran = Ran("extract", source, "-o", out, "--jobs", "1", "-q", env={})
    assert ran.returncode == 0 and ran.lines == []
    return {"base": base, "source": source, "baseline": out.read_bytes()}


def without(output: bytes, doc_id: str) -> bytes:
    lines = output.decode("utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if json.loads(line)["doc_id"] != doc_id).encode("utf-8")


def kill_points(seed: int) -> tuple[str, int]:
    """The document whose worker is killed, and how many results the parent gives before it is."""
    rng = random.Random(seed)
    return f"d{rng.randrange(DOCS):02d}", rng.randrange(DOCS)


# (kind, seed): "worker@0" kills the worker given the document on the first try only (the retry
# succeeds); "worker" on every try (the document is reported); "parent" kills the parent, which
# "--resume" then finishes; "parent+worker@0" both.
CASES = [("worker@0", 1), ("worker", 2), ("parent", 3), ("parent", 4), ("parent+worker@0", 5)]


@pytest.mark.parametrize("kind, seed", CASES, ids=[f"{k}-{s}" for k, s in CASES])
def test_killed_processes_end_the_run_cleanly(corpus, kind, seed):
    doc_id, after = kill_points(seed)
    env = {}
    if kind.startswith("worker") or kind.endswith("worker@0"):
        env[KILL_WORKER_AT] = doc_id + ("@0" if kind.endswith("@0") else "")
    if kind.startswith("parent"):
        env[KILL_PARENT_AFTER] = str(after)
    out = corpus["base"] / f"{kind}-{seed}.jsonl"
    ran = Ran("extract", corpus["source"], "-o", out, "--jobs", "2", env=env)
    ran.assert_no_traceback()
    if kind.startswith("parent"):
        assert ran.returncode == -9 and not out.exists()
        ran = Ran("extract", corpus["source"], "-o", out, "--jobs", "2", "--resume", env={})
        ran.assert_no_traceback()
    if kind == "worker":
        source = f"{corpus['source']}:{int(doc_id[1:]) + 1}"
        assert ran.returncode == 1
        assert [x for x in ran.lines if ": error: " in x] == [f"extractor: error: {source}: {DIED}"]
        errors = out.with_name(out.stem + ".errors.jsonl").read_text(encoding="utf-8")
        assert [json.loads(x) for x in errors.splitlines()] == [{"doc_id": doc_id, "source": source, "error": DIED}]
        assert_same_bytes(out.read_bytes(), without(corpus["baseline"], doc_id))
    else:
        assert ran.returncode == 0 and not any(": error: " in x for x in ran.lines), ran.lines
        assert_same_bytes(out.read_bytes(), corpus["baseline"])


NOTE = ("extractor: --jobs 10000: starting at most {cores} worker processes, one per core "
        "(more would only share the same cores)")


@pytest.mark.parametrize("quiet, notes", [
    pytest.param(False, 1, id="said"),
    pytest.param(True, 0, id="quiet"),
])
def test_ten_thousand_jobs_are_capped_and_said_once(corpus, quiet, notes):
    from extractor.engines.local import worker_count

    out = corpus["base"] / f"many-{quiet}.jsonl"
    ran = Ran("extract", corpus["source"], "-o", out, "--jobs", "10000", *(["-q"] if quiet else []), env={})
    ran.assert_no_traceback()
    assert ran.returncode == 0
    assert ran.lines.count(NOTE.format(cores=worker_count(10_000))) == notes
    assert_same_bytes(out.read_bytes(), corpus["baseline"])
