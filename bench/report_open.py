"""How long a report of many documents takes to open in a browser.

Builds N copies (default 1,000) of the seed's predicted claims, its gold and its text, each
with its own doc_id, renders the report with ``--gold`` and ``--docs`` (the heaviest form),
opens it in Debian's headless Chromium (/usr/bin/chromium via /usr/bin/chromedriver) and
prints the file size, the times until DOMContentLoaded and the load event as measured by the
page's Navigation Timing, the wall time of the load as seen by the driver, and the time to open
(render) one document. Exits 1 when a load takes 5 s or more.

    .venv/bin/python bench/report_open.py [--docs 1000] [--claims outputs/claims.jsonl] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "cibercuba-2026-01-31-amnesty.txt"
SEED_GOLD = ROOT / "seeds" / "cibercuba-2026-01-31-amnesty.gold.jsonl"


def copies(records: list[dict], n: int) -> list[dict]:
    out = []
    for k in range(n):
        doc_id = f"copy-{k:05d}"
        for r in records:
            out.append(dict(r, doc_id=doc_id, claim_id=f"{doc_id}#{r['claim_id'].rsplit('#', 1)[-1]}"))
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="number of documents [1000]")
    ap.add_argument("--claims", default=str(ROOT / "outputs" / "claims.jsonl"), help="the seed's predicted claims")
    ap.add_argument("--keep", default=None, help="write the inputs and the report into this folder")
    ap.add_argument("--runs", type=int, default=3, help="page loads to time [3]")
    args = ap.parse_args(argv)

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    from extractor.evaluate.metrics import read_claims
    from extractor.report.html import render_report

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="report-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    pred = [json.loads(line) for line in open(args.claims, encoding="utf-8") if line.strip()]
    gold = [json.loads(line) for line in open(SEED_GOLD, encoding="utf-8") if line.strip()]
    with open(SEED, encoding="utf-8", newline="") as fh:
        text = fh.read()
    pred_path = write_jsonl(work / "claims.jsonl", copies(pred, args.docs))
    gold_path = write_jsonl(work / "gold.jsonl", copies(gold, args.docs))

    t0 = time.perf_counter()
    page = render_report(read_claims([pred_path]), read_claims([gold_path]),
                         {f"copy-{k:05d}": text for k in range(args.docs)})
    render_s = time.perf_counter() - t0
    report = work / "report.html"
    report.write_text(page, encoding="utf-8")
    print(f"{args.docs} documents, {len(pred) * args.docs} claims: report {report.stat().st_size / 1e6:.1f} MB, "
          f"rendered in {render_s:.2f} s ({report})")

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000", f"--user-data-dir={work / 'profile'}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.set_page_load_timeout(120)
        worst = 0.0
        for run in range(args.runs):
            driver.get("about:blank")
            t0 = time.perf_counter()
            driver.get(report.resolve().as_uri())
            # chromedriver sometimes returns while a large file:// page is still loading: wait for it
            WebDriverWait(driver, 120, poll_frequency=0.02).until(
                lambda d: d.execute_script("return document.readyState === 'complete' && "
                                           "performance.getEntriesByType('navigation')[0].loadEventEnd > 0"))
            wall = time.perf_counter() - t0
            nav = driver.execute_script(
                "var n = performance.getEntriesByType('navigation')[0];"
                "return [n.domContentLoadedEventEnd, n.loadEventEnd, document.querySelectorAll('*').length];")
            errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            worst = max(worst, nav[1] / 1000)
            print(f"run {run + 1}: DOMContentLoaded {nav[0] / 1000:.2f} s, load {nav[1] / 1000:.2f} s, "
                  f"wall (driver) {wall:.2f} s, {nav[2]} elements, {len(errors)} console errors")
        # opening a document the first time parses the inline JSON of all bodies, then renders one
        took = driver.execute_script(
            "var d = document.querySelector('details.doc:last-of-type'), t0 = performance.now();"
            "d.open = true; d.dispatchEvent(new Event('toggle'));"
            "return [performance.now() - t0, d.querySelectorAll('div.claim').length];")
        print(f"opening the last document: {took[0] / 1000:.2f} s, {took[1]} claims shown")
    finally:
        driver.quit()
    print(f"slowest load: {worst:.2f} s ({'under' if worst < 5 else 'OVER'} the 5 s budget)")
    return 0 if worst < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
