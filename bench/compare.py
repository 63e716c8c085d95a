"""Speed of `extractor compare` on many claims (make bench): the claims of the bundled articles
(tests/data/golden), copied as many documents as needed, each copy dated a few days more than the
period window (quantities.json) after the one before so that copies do not chain into one group,
written to a JSONL file; then the file is read as `extractor compare` reads it and the figure
groups are built, in process. Prints claims, groups and seconds; the goal is 100,000 claims in
under a minute on one core."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def synthetic_claims(n: int) -> list[dict]:
    base = [json.loads(line) for p in sorted((ROOT / "tests" / "data" / "golden").glob("*.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines()]
    from extractor.compare.figures import default_rules
    step = default_rules().period_days + 6
    out: list[dict] = []
    copy = 0
    while len(out) < n:
        for c in base:
            if len(out) == n:
                break
            c = dict(c, doc_id=f"{c['doc_id']}~{copy}", claim_id=f"{c['doc_id']}~{copy}#{c['claim_id'].split('#')[1]}")
            if c["doc_date"]:
                c["doc_date"] = (dt.date.fromisoformat(c["doc_date"]) + dt.timedelta(days=step * copy)).isoformat()
            out.append(c)
        copy += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    from extractor.compare import figure_groups, read_claim_dicts
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.jsonl"
        path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in synthetic_claims(args.claims)),
                        encoding="utf-8")
        start, cpu = time.perf_counter(), time.process_time()
        claims = read_claim_dicts([str(path)])  # as the command reads them: validated line by line
        read = time.perf_counter() - start
        groups = figure_groups(claims)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    reports = sum(len(g["reports"]) for g in groups)
    print(f"compare            : {len(claims):,} claims, {reports:,} counts -> {len(groups):,} figure groups "
          f"in {elapsed:.1f} s wall, {cpu:.1f} s CPU, reading included ({read:.1f} s); one core")


if __name__ == "__main__":
    main()
