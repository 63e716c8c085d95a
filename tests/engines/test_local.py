"""The local engine: a failing document fails alone, long documents are refused, chunks grow,
and worker processes give the same results, in the same order, as one process."""
from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from extractor.engines.local import Result, chunked, process_chunk, run, worker_count
from extractor.io.readers import DocError, InputDoc


@Language.component("test_explode_on_marker")
def _explode_on_marker(doc):
    if "EXPLODE" in doc.text:
        raise RuntimeError("boom: the marker was found\nsecond line")
    return doc


@pytest.fixture(scope="module")
def exploding_nlp():
    """A pipeline of its own (the session ``nlp`` is shared and must stay unmodified)."""
    from extractor.pipeline import build
    nlp = build()
    nlp.add_pipe("test_explode_on_marker", last=True)
    return nlp


DATE = dt.date(2026, 1, 31)
SENTENCES = [
    "Foro Penal reported 40 new detentions on January 3.",
    "Amnesty International said more than 300 political prisoners remain in jail in Cuba.",
    "The government released 12 prisoners this Friday, according to state media.",
    "Cuba ended December 2025 with 1,197 political prisoners, according to Prisoners Defenders.",
    "Delcy Rodríguez announced a general amnesty law for political prisoners.",
    "Police detained about 50 protesters in Havana on Monday, the group said.",
]


def doc(n: int, text: str, date=DATE) -> InputDoc:
    return InputDoc(f"d{n:02d}", text, date, f"in.jsonl:{n + 1}")


def test_a_failing_document_fails_alone(exploding_nlp):
    items = [doc(0, SENTENCES[0]), doc(1, SENTENCES[1]),
             doc(2, "Officials said EXPLODE 20 people were held on Sunday."),
             doc(3, SENTENCES[2]), DocError("in.jsonl:5", "not valid JSON"), doc(5, SENTENCES[3])]
    results = process_chunk(exploding_nlp, items, batch_size=8)
    assert [r.doc_id for r in results] == ["d00", "d01", "d02", "d03", None, "d05"]
    bad = results[2]
    assert bad.claims is None
    assert bad.source == "in.jsonl:3"
    assert bad.error is not None and bad.error.id == "d02" and bad.error.source == "in.jsonl:3"
    assert bad.error.reason.startswith("processing failed")
    assert "RuntimeError" in bad.error.reason and "boom" in bad.error.reason
    assert "\n" not in bad.error.reason            # one line for the errors file and stderr
    # the read error stays in its place, untouched
    assert results[4] == Result(None, "in.jsonl:5", None, items[4])
    for r in (results[0], results[1], results[3], results[5]):
        assert r.error is None and r.claims, r
        assert all(c["doc_id"] == r.doc_id and c["source"] == r.source for c in r.claims)
    # the others get the claims they get without the failing neighbour
    alone = process_chunk(exploding_nlp, [items[1]])
    assert alone[0].claims == results[1].claims
    counts = [c["low"] for c in results[0].claims[0]["counts"]]
    assert counts == [40]


def test_every_document_of_a_chunk_failing(exploding_nlp):
    items = [doc(n, f"EXPLODE number {n}.") for n in range(3)]
    results = process_chunk(exploding_nlp, items)
    assert [r.doc_id for r in results] == ["d00", "d01", "d02"]
    assert all(r.claims is None and r.error.reason.startswith("processing failed") for r in results)


def test_max_chars_refuses_long_documents(exploding_nlp):
    nlp = exploding_nlp
    long_text = " ".join(SENTENCES)
    items = [doc(0, SENTENCES[0]), doc(1, long_text)]
    limit = len(SENTENCES[0])
    results = process_chunk(nlp, items, max_chars=limit)
    assert results[0].error is None and results[0].claims
    refused = results[1]
    assert refused.claims is None and refused.doc_id == "d01"
    assert refused.error.id == "d01" and refused.error.source == "in.jsonl:2"
    assert "too long" in refused.error.reason
    assert f"{len(long_text):,}" in refused.error.reason and "--max-chars" in refused.error.reason
    # exactly at the limit is accepted
    assert process_chunk(nlp, [doc(2, SENTENCES[0])], max_chars=limit)[0].error is None


@pytest.mark.parametrize("n, size, sizes", [
    (0, 8, []),
    (1, 8, [1]),
    (3, 8, [1, 2]),
    (40, 8, [1, 2, 4, 8, 8, 8, 8, 1]),
    (100, 32, [1, 2, 4, 8, 16, 32, 32, 5]),
    (20, 5, [1, 2, 4, 5, 5, 3]),
    (4, 1, [1, 1, 1, 1]),
])
def test_chunked_sizes_grow_to_the_limit(n, size, sizes):
    chunks = list(chunked(iter(range(n)), size))
    assert [len(c) for c in chunks] == sizes
    assert [x for c in chunks for x in c] == list(range(n))      # nothing lost, order kept


def test_chunked_is_lazy():
    pulled = []

    def source():
        for i in range(100):
            pulled.append(i)
            yield i

    it = chunked(source(), 32)
    assert next(it) == [0]
    assert next(it) == [1, 2]
    assert len(pulled) == 3


def _items(extra_failures: bool):
    items = []
    for n in range(12):
        text = SENTENCES[n % len(SENTENCES)] + " " + SENTENCES[(n + 1) % len(SENTENCES)]
        items.append(doc(n, text, date=DATE if n % 3 else None))
    if extra_failures:
        items[5] = doc(5, "Witnesses said EXPLODE 30 people were hurt.")
        items[8] = DocError("in.jsonl:9", "not valid JSON")
    return items


@pytest.mark.parametrize("extra_failures", [False, True], ids=["clean", "with-failures"])
def test_two_jobs_equal_one_job(exploding_nlp, extra_failures):
    items = _items(extra_failures)
    one = list(run(iter(items), nlp=exploding_nlp, jobs=1, chunk_size=4, batch_size=2))
    two = list(run(iter(items), nlp=exploding_nlp, jobs=2, chunk_size=4, batch_size=2))
    assert [r.doc_id for r in one] == [getattr(i, "id", None) for i in items]
    assert two == one                       # records equal, order equal
    assert sum(len(r.claims or []) for r in one) >= 12
    if extra_failures:
        assert two[5].error.reason.startswith("processing failed") and two[5].claims is None
        assert two[8].error is items[8] or two[8].error == items[8]
        assert all(r.error is None for k, r in enumerate(two) if k not in (5, 8))
    else:
        assert all(r.error is None for r in two)


@pytest.fixture
def explaining_claims_of(monkeypatch):
    """``claims_of`` as the pipeline will have it, with an ``explain`` keyword: records each
    call's keywords and marks the records it was asked to explain."""
    import extractor.engines.local as local_engine

    real = local_engine.claims_of
    calls: list[dict] = []

    def claims_of(doc, **kw):
        calls.append(dict(kw))
        explain = kw.pop("explain", False)
        return [dict(r, decisions=["explained"]) if explain else r for r in real(doc, **kw)]
    monkeypatch.setattr(local_engine, "claims_of", claims_of)
    return calls


@pytest.mark.parametrize("explain, keywords, decisions", [
    (False, {"source": "in.jsonl:1"}, None),                      # the keyword is not even passed
    (True, {"source": "in.jsonl:1", "explain": True}, ["explained"]),
], ids=["plain", "explain"])
def test_explain_reaches_claims_of_only_when_asked(exploding_nlp, explaining_claims_of, explain, keywords,
                                                   decisions):
    (result,) = process_chunk(exploding_nlp, [doc(0, SENTENCES[0])], explain=explain)
    assert explaining_claims_of == [keywords]
    assert result.claims and all(c.get("decisions") == decisions for c in result.claims)


def test_explain_reaches_the_worker_processes(exploding_nlp, explaining_claims_of):
    items = _items(False)[:4]
    two = list(run(iter(items), nlp=exploding_nlp, jobs=2, chunk_size=2, batch_size=2, explain=True))
    assert [r.doc_id for r in two] == [i.id for i in items]
    assert all(c["decisions"] == ["explained"] for r in two for c in r.claims)


@pytest.mark.parametrize("jobs, cores, workers", [
    (1, 2, 1),
    (2, 2, 2),
    (3, 2, 2),
    (10_000, 2, 2),
    (10_000, 64, 64),
    (4, 1, 1),
])
def test_worker_count_is_at_most_one_per_core(jobs, cores, workers):
    assert worker_count(jobs, cores=cores) == workers


@pytest.fixture
def started_workers(monkeypatch):
    """How many worker processes the runs start."""
    import extractor.engines.local as local_engine

    real = local_engine._Pool._start
    started: list[int] = []

    def start(self):
        started.append(1)
        return real(self)
    monkeypatch.setattr(local_engine._Pool, "_start", start)
    return started


@pytest.mark.parametrize("n, chunk_size, jobs, most", [
    (3, 4, 10_000, 2),          # chunks of 1 and 2: two chunks, two workers at most
    (1, 4, 10_000, 1),
    (12, 4, 10_000, None),      # one per core at most
])
def test_many_jobs_start_no_more_workers_than_cores_or_chunks(exploding_nlp, started_workers, n, chunk_size,
                                                              jobs, most):
    items = _items(False)[:n]
    notes: list[str] = []
    got = list(run(iter(items), nlp=exploding_nlp, jobs=jobs, chunk_size=chunk_size, batch_size=2,
                   on_note=notes.append))
    assert got == list(run(iter(items), nlp=exploding_nlp, jobs=1, chunk_size=chunk_size, batch_size=2))
    cores = worker_count(jobs)
    assert 1 <= len(started_workers) <= min(cores, most or cores)
    assert notes == [f"--jobs {jobs}: starting at most {cores} worker processes, one per core "
                     "(more would only share the same cores)"]


def test_no_note_when_jobs_fit_the_cores(exploding_nlp):
    notes: list[str] = []
    list(run(iter(_items(False)[:2]), nlp=exploding_nlp, jobs=worker_count(2), chunk_size=2, on_note=notes.append))
    assert notes == []


@pytest.mark.parametrize("kill_at, failed", [
    ("d05@0", []),              # killed on the first try: the retry succeeds
    ("d00@0", []),              # the first chunk, of one document
    ("d05", ["d05"]),           # kills its worker every time: reported, the others written
    ("d04,d09@0,d10", ["d04", "d10"]),
    ("d00,d01,d02,d03,d04,d05,d06,d07,d08,d09,d10,d11", [f"d{n:02d}" for n in range(12)]),
])
def test_a_dead_worker_is_replaced_and_its_documents_retried(exploding_nlp, monkeypatch, kill_at, failed):
    from extractor.engines.local import KILL_WORKER_AT

    items = _items(False)
    one = list(run(iter(items), nlp=exploding_nlp, jobs=1, chunk_size=4, batch_size=2))
    monkeypatch.setenv(KILL_WORKER_AT, kill_at)
    two = list(run(iter(items), nlp=exploding_nlp, jobs=2, chunk_size=4, batch_size=2))
    assert [r.doc_id for r in two] == [i.id for i in items]
    assert [r.doc_id for r in two if r.error is not None] == failed
    for got, expected in zip(two, one):
        if got.doc_id in failed:
            assert got.claims is None and got.error.id == got.doc_id and got.error.source == expected.source
            assert got.error.reason == ("processing failed: the worker process died (SIGKILL, signal 9), "
                                        "on the retry too")
        else:
            assert got == expected


@pytest.mark.parametrize("value, points", [
    ("", frozenset()),
    ("d01", frozenset({("d01", None)})),
    ("d01@0, d02@1,", frozenset({("d01", 0), ("d02", 1)})),
])
def test_kill_points_of_the_fault_injection_hook(value, points):
    from extractor.engines.local import _kill_points
    assert _kill_points(value) == points


@pytest.mark.parametrize("jobs", [None, 1, 10_000])
def test_the_dask_local_cluster_is_capped_the_same_way(monkeypatch, jobs):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    from extractor.engines import dask as dask_engine
    from extractor.engines.local import default_jobs

    started: list[int] = []
    monkeypatch.setattr(distributed, "LocalCluster", lambda *, n_workers, **_: started.append(n_workers) or "cluster")
    monkeypatch.setattr(distributed, "Client", lambda cluster, **_: f"client of {cluster}")
    assert dask_engine.connect(None, n_workers=jobs) == ("client of cluster", "cluster")
    assert started == [worker_count(jobs or default_jobs())]
