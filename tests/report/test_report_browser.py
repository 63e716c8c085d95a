"""The report in a real browser: Debian's headless Chromium driven by Selenium (never a
downloaded browser). The seed's report with its gold: every claim and every highlighted
mention is in the DOM with the right class, no console errors; what a reader sees (no Python
literal, the legend, plurals, the document's title, date and URL from its sidecar, labels on
the line of their highlight at any width) and a screenshot, kept in outputs/ and at a path
the test prints. A document holding a <script> shows it as text and does not run it.

Skipped, with the reason, only when /usr/bin/chromium or /usr/bin/chromedriver is missing
(`apt-get install chromium chromium-driver`; .ci/run installs them)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from extractor.evaluate.errors import compare_records
from extractor.evaluate.metrics import read_claims
from extractor.report.html import read_documents, render_report

from ..conftest import ROOT, SEED, SEED_GOLD
from .helpers import (EXPECTED_CLAIMS, EXPECTED_MARKS, LITERAL, META, SCRIPT, TEXT, gold_records, plain_records,
                      pred_records, write_jsonl, write_sidecar_case)

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


# Labels whose box breaks across lines, or that sit on another line than the last word before
# them in their mark: the label has left its highlight.
LABELS_OFF_THEIR_LINE = """
return Array.from(document.querySelectorAll('.article mark.mention > .lbl')).filter(function (lbl) {
  var rects = lbl.getClientRects();
  if (rects.length !== 1) return true;
  var walker = document.createTreeWalker(lbl.parentNode, NodeFilter.SHOW_TEXT), last = null, node;
  while ((node = walker.nextNode())) {
    if (lbl.contains(node) || !(node.compareDocumentPosition(lbl) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
    if (node.textContent.trim()) last = node;
  }
  if (last === null) return false;
  var end = last.textContent.replace(/\\s+$/, '').length, range = document.createRange();
  range.setStart(last, end - 1); range.setEnd(last, end);
  var word = range.getClientRects(), box = rects[0];
  var before = word[word.length - 1];
  return Math.abs((before.top + before.bottom) / 2 - (box.top + box.bottom) / 2) > box.height;
}).map(function (lbl) { return lbl.parentNode.getAttribute('data-text') + ' | ' + lbl.textContent; });
"""


def visible_text(driver) -> str:
    return driver.execute_script("return document.body.innerText")


def screenshot(driver, tmp_path: Path, name: str) -> Path:
    """The whole page as a PNG in tmp_path (printed) and in outputs/ for people to look at."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800), 8000))
    shot = tmp_path / name
    assert driver.save_screenshot(str(shot))
    driver.set_window_size(1280, 1600)
    (ROOT / "outputs").mkdir(exist_ok=True)
    shutil.copyfile(shot, ROOT / "outputs" / name)
    print(f"screenshot: {shot} (and outputs/{name})")
    return shot


def _check_reader_sees(browser, seed_claims) -> None:
    """No Python literal, the legend, plurals, the sidecar's title, date and URL, one score table."""
    text = visible_text(browser)
    assert not LITERAL.search(text), LITERAL.search(text)
    assert browser.execute_script("var l = document.getElementById('legend');"
                                  "return l !== null && l.getBoundingClientRect().height > 50")
    assert f"1 document, {len(seed_claims)} predicted claims, compared with the gold" in text
    assert "1 documents" not in text
    meta = SEED.with_name(SEED.stem + ".meta.json").read_text(encoding="utf-8")
    import json
    meta = json.loads(meta)
    source = browser.execute_script("return document.querySelector('dl.doc-source').innerText")
    assert meta["title"] in source and meta["date"] in source and str(SEED) in source
    link = browser.execute_script("var a = document.querySelector('dl.doc-source a');"
                                  "return [a.getAttribute('href'), a.rel, a.textContent]")
    assert link == [meta["url"], "noopener noreferrer", meta["url"]]
    assert browser.execute_script("return document.querySelectorAll('table.scores').length") == 1


def test_seed_report_with_gold(browser, tmp_path, seed_claims):
    pred_path = write_jsonl(tmp_path / "claims.jsonl", seed_claims)
    pred, gold = read_claims([pred_path]), read_claims([SEED_GOLD])
    page = tmp_path / "report.html"
    page.write_text(render_report(pred, gold, read_documents([str(SEED)])), encoding="utf-8")

    log = open_page(browser, page)
    assert errors_of(log) == []
    comparison = compare_records(gold, pred)[0]
    _check_claims(browser, comparison, seed_claims)
    _check_marks(browser, comparison, seed_claims)
    _check_tools(browser)
    _check_reader_sees(browser, seed_claims)
    for width in (1280, 700, 420):
        browser.set_window_size(width, 1600)
        assert browser.execute_script(LABELS_OFF_THEIR_LINE) == [], width
    browser.set_window_size(1280, 1600)
    screenshot(browser, tmp_path, "report-screenshot.png")


def test_what_a_reader_sees_of_the_hand_made_case(browser, tmp_path):
    from extractor.schemas import GoldClaim
    pred, gold = plain_records()
    docs = read_documents([write_sidecar_case(tmp_path)])
    page = tmp_path / "plain.html"
    page.write_text(render_report([GoldClaim.model_validate(r) for r in pred],
                                  [GoldClaim.model_validate(r) for r in gold], docs), encoding="utf-8")
    assert errors_of(open_page(browser, page)) == []
    text = visible_text(browser)
    assert not LITERAL.search(text), LITERAL.search(text)
    assert "1 document, 2 predicted claims, compared with the gold" in text and "2 claims, 1 gold claim missed" in text
    assert "DATE · unresolved" in text and "⚠ no unit, gold unit people" in text
    assert META["title"] in text and META["url"] in text and META["date"] in text
    assert browser.execute_script("return document.querySelector('dl.doc-source a').href") == \
        META["url"].replace('"', "%22")
    for width in (1280, 420):
        browser.set_window_size(width, 1600)
        assert browser.execute_script(LABELS_OFF_THEIR_LINE) == [], width
    browser.set_window_size(1280, 1600)
    screenshot(browser, tmp_path, "report-plain.png")


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
    screenshot(browser, tmp_path, "report-escape.png")


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
