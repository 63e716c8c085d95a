"""The Dask engine's plan (client side only, no cluster needed): partitions in input order,
file runs cut at ``partition_size`` and at every JSONL file or folder error, JSONL files split
into byte ranges that keep their line numbers, a binary JSONL file as one range, stdin records
planned on the client."""
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from extractor.engines.dask import Partition, _items, plan
from extractor.io.readers import DocError, InputDoc, iter_inputs

DATE = dt.date(2026, 1, 31)


def _lines(n: int, first: int = 0) -> str:
    return "".join(json.dumps({"id": f"r{k}", "text": f"Police arrested {k} people."}) + "\n"
                   for k in range(first, first + n))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "c.html"):
        (root / name).write_text("Police arrested 4 people.\n", encoding="utf-8")
    (root / "d.jsonl").write_text(_lines(5), encoding="utf-8")
    (root / "e.txt").write_text("Police arrested 5 people.\n", encoding="utf-8")
    (root / "f.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (root / "sub" / "g.txt").write_text("Police arrested 6 people.\n", encoding="utf-8")
    (root / "notes.md").write_text("not an input\n", encoding="utf-8")
    return root


def _shape(parts: list[Partition], root: Path) -> list[tuple]:
    def rel(p: str) -> str:
        return str(Path(p).relative_to(root))
    return [(p.index, tuple(rel(f) for f in p.files), p.jsonl and (rel(p.jsonl[0]), *p.jsonl[1:]),
             len(p.records), tuple((n, e.reason) for n, e in p.errors), p.doc_date) for p in parts]


def test_plan_of_a_folder(tree):
    parts = list(plan([str(tree)], doc_date=DATE, partition_size=2))
    d_size = (tree / "d.jsonl").stat().st_size
    cut = len(_lines(2))
    assert _shape(parts, tree) == [
        (0, ("a.txt", "b.txt"), None, 0, (), DATE),
        (1, ("c.html",), None, 0, (), DATE),
        (2, (), ("d.jsonl", 0, cut, 1), 0, (), DATE),
        (3, (), ("d.jsonl", cut, 2 * cut, 3), 0, (), DATE),
        (4, (), ("d.jsonl", 2 * cut, d_size, 5), 0, (), DATE),
        (5, ("e.txt",), None, 0, (), DATE),
        (6, (), ("f.jsonl", 0, 8192, 1), 0, (), DATE),
        (7, ("sub/g.txt",), None, 0, (), DATE),
    ]


def test_plan_reads_what_the_local_engine_reads(tree):
    """Every partition's items, in order, are the items the local reader yields."""
    items = [item for part in plan([str(tree), str(tree / "a.txt")], doc_date=DATE, partition_size=3)
             for item in _items(part)]
    assert items == list(iter_inputs([str(tree), str(tree / "a.txt")], doc_date=DATE))


def test_a_folder_that_cannot_be_listed_is_an_error_partition(tree, monkeypatch):
    real = Path.iterdir

    def iterdir(self):
        if self.name == "sub":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    parts = list(plan([str(tree)], doc_date=None, partition_size=10))
    assert [(p.index, len(p.files), p.jsonl is not None, [e.reason for _, e in p.errors]) for p in parts] == [
        (0, 3, False, []), (1, 0, True, []), (2, 1, False, []), (3, 0, True, []),
        (4, 0, False, ["cannot list the folder: Permission denied"])]


def test_stdin_records_are_planned_on_the_client(monkeypatch):
    data = _lines(3) + "not json\n" + _lines(1, first=3)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8"))
    parts = list(plan(["-"], doc_date=DATE, partition_size=2))
    assert [(p.index, [r.id for r in p.records], [(n, e.source) for n, e in p.errors]) for p in parts] == [
        (0, ["r0", "r1"], []), (1, ["r2"], [(1, "<stdin>:4")]), (2, ["r3"], [])]
    items = [item for p in parts for item in _items(p)]
    assert [type(i) for i in items] == [InputDoc, InputDoc, InputDoc, DocError, InputDoc]


def test_a_partition_written_to_output_dir_is_the_local_claims(tree, tmp_path, nlp, monkeypatch):
    """On a worker (no cluster needed): the part file holds the claims of the local engine, and
    the summary lists every document's result without its claims."""
    from extractor.engines import dask as dask_engine
    from extractor.engines.local import process_chunk

    monkeypatch.setattr(dask_engine, "worker_pipeline", lambda model: nlp)
    part = next(plan([str(tree)], doc_date=DATE, partition_size=2))
    out = tmp_path / "parts"
    out.mkdir()
    summary = dask_engine.process_partition(part, "unused", 8, 10_000, str(out))
    want = process_chunk(nlp, _items(part))
    assert {k: summary[k] for k in ("file", "documents", "claims")} == {
        "file": "part-000000.jsonl", "documents": 2, "claims": sum(len(r.claims) for r in want)}
    assert [(r.doc_id, r.claims) for r in summary["results"]] == [(r.doc_id, None) for r in want]
    lines = (out / "part-000000.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [c for r in want for c in r.claims]
    assert sorted(p.name for p in out.iterdir()) == ["part-000000.jsonl"]


class _Future:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class _InProcessClient:
    """Just enough of ``distributed.Client`` to run the engine's client loop in this process."""
    dashboard_link = None

    def scheduler_info(self):
        return {"workers": {"w1": {}}}

    def submit(self, fn, *args, key, pure):
        return _Future(fn(*args))

    def run(self, fn):
        return {"w1": fn()}

    def close(self):
        pass


@pytest.mark.parametrize("output_dir", [False, True], ids=["gathered", "output-dir"])
def test_dask_engine_through_the_library_call_equals_local(tree, tmp_path, nlp, monkeypatch, output_dir):
    """``extract(engine="dask")`` with a stand-in client (no cluster here): the same claims and
    errors as the local engine, and with ``output_dir`` part files that concatenate to them."""
    import extractor.pipeline as pipeline
    from extractor.engines import dask as dask_engine
    from extractor.run import ExtractOptions, extract

    monkeypatch.setattr(pipeline, "build", lambda model=pipeline.DEFAULT_MODEL: nlp)
    monkeypatch.setattr(dask_engine, "worker_pipeline", lambda model: nlp)
    monkeypatch.setattr(dask_engine, "connect", lambda scheduler, n_workers=None: (_InProcessClient(), None))
    local_out = io.StringIO()
    want = extract(ExtractOptions(inputs=(str(tree),), jobs=1), stdout=local_out)
    parts = tmp_path / "parts"
    got_out = io.StringIO()
    options = ExtractOptions(inputs=(str(tree),), engine="dask", partition_size=2,
                             output_dir=str(parts) if output_dir else None)
    got = extract(options, stdout=got_out)
    assert (got.documents, got.claims, got.errors) == (want.documents, want.claims, want.errors)
    assert got.loads_per_worker == {"w1": dask_engine.load_count()}
    if not output_dir:
        assert got_out.getvalue() == local_out.getvalue() and got.errors_path is None
        return
    manifest = json.loads((parts / "manifest.json").read_text(encoding="utf-8"))
    joined = "".join((parts / p["file"]).read_text(encoding="utf-8") for p in manifest["parts"])
    assert joined == local_out.getvalue() and got_out.getvalue() == ""
    assert got.errors_path == parts / "manifest.json"
    assert [e["source"] for e in manifest["errors"]] == [str(tree / "c.html"), str(tree / "f.jsonl")]
