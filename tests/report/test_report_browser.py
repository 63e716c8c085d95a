"""The report in a real browser: Debian's headless Chromium driven by Selenium (never a
downloaded browser). The seed's report with its gold: every claim and every highlighted
mention is in the DOM with the right class, no console errors, a screenshot in outputs/.
A document holding a <script> shows it as text and does not run it.

Skipped, with the reason, only when /usr/bin/chromium or /usr/bin/chromedriver is missing
(`apt-get install chromium chromium-driver`; .ci/run installs them)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor.evaluate.errors import compare_records
from extractor.evaluate.metrics import read_claims
from extractor.report.html import render_report

from ..conftest import ROOT, SEED, SEED_GOLD
from .helpers import EXPECTED_CLAIMS, EXPECTED_MARKS, SCRIPT, TEXT, gold_records, pred_records, write_jsonl

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FIELD_CLASS = {"actors": "actor", "counts": "count", "dates": "date", "attribution": "source"}

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK) and CHROMEDRIVER.is_file()),
    reason="headless browser test needs Debian's /usr/bin/chromium and /usr/bin/chromedriver "
           "(apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1600",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def open_page(driver, path: Path) -> list[dict]:
    """Load the file; returns the console messages of the load."""
    driver.get_log("browser")  # drop what an earlier page left
    from selenium.webdriver.support.ui import WebDriverWait
    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return driver.get_log("browser")


def elements(driver, selector: str) -> list[dict]:
    """Classes, data attributes and text (without the marks' labels) of every element matching
    the CSS selector, in one call."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(function (e) {"
        "  var c = e.cloneNode(true); c.querySelectorAll('.lbl').forEach(function (l) { l.remove(); });"
        "  return {cls: Array.from(e.classList), data: Object.assign({}, e.dataset),"
        "          text: c.textContent}; });", selector)


def errors_of(log: list[dict]) -> list[dict]:
    return [entry for entry in log if entry.get("level") in ("SEVERE", "ERROR")]


def _check_claims(browser, comparison, seed_claims) -> None:
    """Every claim: a block with its status."""
    claims = {c["data"]["claimId"]: c for c in elements(browser, "div.claim")}
    for c in comparison.claims:
        shown = c.claim_id if c.pred is not None else c.claim_id + " (gold)"
        assert shown in claims, shown
        assert c.status in claims[shown]["cls"]
    assert {r["claimId"] for r in (c["data"] for c in elements(browser, "tr.claim-row"))} == set(claims)
    assert {c["claim_id"] for c in seed_claims} <= set(claims)


def _check_marks(browser, comparison, seed_claims) -> None:
    """Every mention: a mark with its field class and its judgement."""
    marks = {}
    for m in elements(browser, "mark.mention:not(.legend-mark)"):
        d = m["data"]
        marks.setdefault((d["claimId"], d["field"], d["side"], int(d["index"])), []).append(m)
    expected = 0
    for c in comparison.claims:
        shown = c.claim_id if c.pred is not None else c.claim_id + " (gold)"
        for mark in c.marks:
            expected += 1
            found = marks.get((shown, mark.field, mark.side, mark.index))
            assert found, (shown, mark.field, mark.side, mark.index, mark.mention.text)
            for el in found:
                assert FIELD_CLASS[mark.field] in el["cls"] and mark.status in el["cls"], el
                assert el["text"].startswith(mark.mention.text or mark.mention.source)
    assert len(marks) == expected
    # every predicted mention of the seed appears, and the missed gold ones are marked
    for record in seed_claims:
        for field in FIELD_CLASS:
            for i, _ in enumerate(record[field]):
                assert (record["claim_id"], field, "pred", i) in marks
    missed = [k for k, v in marks.items() if "missed" in v[0]["cls"]]
    assert len(missed) == sum(1 for c in comparison.claims for m in c.marks if m.status == "missed")


def _check_tools(browser) -> None:
    """The overall score table comes first; sorting a table works without errors."""
    assert browser.execute_script("return document.querySelector('main section').id") == "overall"
    browser.execute_script("document.querySelector('table.claims th:nth-child(2)').click();"
                           "document.querySelector('table.claims th').click();")
    numbers = browser.execute_script(
        "return Array.from(document.querySelectorAll('table.claims tbody tr td:first-child'))"
        ".map(function (td) { return td.textContent; });")
    assert numbers == sorted(numbers, key=lambda n: int(n.split()[0]))
    assert errors_of(browser.get_log("browser")) == []


def test_seed_report_with_gold(browser, tmp_path, seed_claims):
    pred_path = write_jsonl(tmp_path / "claims.jsonl", seed_claims)
    pred, gold = read_claims([pred_path]), read_claims([SEED_GOLD])
    seed_text = SEED.read_text(encoding="utf-8")
    page = tmp_path / "report.html"
    page.write_text(render_report(pred, gold, {SEED.stem: seed_text}), encoding="utf-8")

    log = open_page(browser, page)
    assert errors_of(log) == []
    comparison = compare_records(gold, pred)[0]
    _check_claims(browser, comparison, seed_claims)
    _check_marks(browser, comparison, seed_claims)
    _check_tools(browser)

    # A screenshot for people to look at
    (ROOT / "outputs").mkdir(exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(height, 800), 8000))
    assert browser.save_screenshot(str(ROOT / "outputs" / "report-seed.png"))
    browser.set_window_size(1280, 1600)


def test_script_in_an_article_is_text(browser, tmp_path):
    from extractor.schemas import GoldClaim
    pred = [GoldClaim.model_validate(r) for r in pred_records()]
    gold = [GoldClaim.model_validate(r) for r in gold_records()]
    page = tmp_path / "escape.html"
    page.write_text(render_report(pred, gold, {"d1": TEXT}), encoding="utf-8")
    log = open_page(browser, page)
    assert errors_of(log) == []
    assert browser.execute_script("return window.__pwned") is None
    assert browser.execute_script("return document.querySelectorAll('script').length") == 1
    claim = browser.execute_script("return document.querySelector('div.claim[data-claim-id=\"d1#1\"] .claim-text')"
                                   ".textContent")
    assert SCRIPT in claim
    shown = {c["data"]["claimId"]: c["cls"] for c in elements(browser, "div.claim")}
    assert {k: EXPECTED_CLAIMS[k] in v for k, v in shown.items()} == {k: True for k in EXPECTED_CLAIMS}
    for cid, expected in EXPECTED_MARKS.items():
        for (field, side, index), status in expected.items():
            sel = (f'mark.mention.{FIELD_CLASS[field]}.{status}[data-claim-id="{cid}"][data-side="{side}"]'
                   f'[data-index="{index}"][data-field="{field}"]')
            assert elements(browser, sel), sel
    browser.save_screenshot(str(ROOT / "outputs" / "report-escape.png"))


def test_many_documents_open_on_demand(browser, tmp_path):
    from .test_report import many
    preds, golds = many(30)
    page = tmp_path / "many.html"
    page.write_text(render_report(preds, golds, {f"d{k}": TEXT for k in range(30)}), encoding="utf-8")
    log = open_page(browser, page)
    assert errors_of(log) == []
    assert elements(browser, "div.claim") == []  # nothing rendered before a document is opened
    from selenium.webdriver.support.ui import WebDriverWait
    browser.execute_script("document.querySelector('#doc-7 > summary').click();")
    WebDriverWait(browser, 10).until(lambda d: elements(d, "#doc-7 div.claim"))  # "toggle" fires as a task
    shown = {c["data"]["claimId"]: c["cls"] for c in elements(browser, "#doc-7 div.claim")}
    assert set(shown) == {"d7#0", "d7#1", "d7#2 (gold)"} and "spurious" in shown["d7#1"]
    marks = elements(browser, '#doc-7 mark.mention.count.missed[data-claim-id="d7#0"]')
    assert len(marks) == 1 and marks[0]["text"] == "300 people"
    browser.execute_script("document.getElementById('open-all').click();")
    WebDriverWait(browser, 10).until(lambda d: len(elements(d, "div.claim")) == 30 * 3)
    assert browser.execute_script("return window.__pwned") is None
    assert errors_of(browser.get_log("browser")) == []
