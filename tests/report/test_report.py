"""The HTML report, the disagreement listing and the summaries, without a browser: escaping,
every claim and mention present with the right class, correct/spurious/missed marks on a
hand-made gold/prediction pair, nested highlights, and the `report`, `summarize` and
`evaluate --show-errors` commands."""
from __future__ import annotations

import collections
import json
import re
from pathlib import Path
from typing import Optional

import pytest

from tests.test_cli import stderr_of
from click.testing import CliRunner

from extractor.cli import main
from extractor.evaluate.errors import compare_records, disagreements
from extractor.evaluate.metrics import evaluate_records, read_claims
from extractor.report.html import read_documents, render_report, render_spans, _Span
from extractor.report.summary import format_summary, summarize, timex_range
from extractor.schemas import GoldClaim

from ..conftest import ROOT, SEED, SEED_GOLD
from .helpers import (EXPECTED_CLAIMS, EXPECTED_MARKS, LITERAL, META, SCRIPT, TEXT, Element, Page, gold_records,
                      plain_records, pred_records, write_case, write_jsonl, write_sidecar_case)

FIELD_CLASS = {"actors": "actor", "counts": "count", "dates": "date", "attribution": "source"}


def records(dicts):
    return [GoldClaim.model_validate(d) for d in dicts]




def invoke(args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- the judgements --------------------------------------------------------------------------

def test_marks_of_the_hand_made_pair():
    docs = compare_records(records(gold_records()), records(pred_records()))
    assert [d.doc_id for d in docs] == ["d1"]
    shown = {}
    for c in docs[0].claims:
        cid = c.claim_id if c.pred is not None else c.claim_id + " (gold)"
        shown[cid] = (c.status, {(m.field, m.side, m.index): m.status for m in c.marks})
    assert {k: v[0] for k, v in shown.items()} == EXPECTED_CLAIMS
    assert {k: v[1] for k, v in shown.items()} == EXPECTED_MARKS
    # claims in text order: the missed gold claim comes last, after the spurious one
    assert [c.status for c in docs[0].claims] == ["correct", "spurious", "missed"]
    notes = [m.note for c in docs[0].claims for m in c.marks if m.note]
    assert notes == ["type ORG, gold GPE"]


def test_spurious_and_missed_add_up_to_strict_fp_and_fn():
    for gold, pred in ((records(gold_records()), records(pred_records())),
                       (read_claims([SEED_GOLD]), read_claims([SEED_GOLD]))):
        overall = evaluate_records(gold, pred)["overall"]
        tally = collections.Counter()
        for doc in compare_records(gold, pred):
            for c in doc.claims:
                tally[("claims", c.status)] += 1
                for m in c.marks:
                    if not m.repeat:
                        tally[(m.field, m.status)] += 1
        for f in ("claims", "actors", "counts", "dates", "attribution"):
            s = overall[f]["strict"]
            got = (tally[(f, "correct")], tally[(f, "spurious")], tally[(f, "missed")])
            assert got == (s["tp"], s["fp"], s["fn"]), f


def test_disagreements_of_the_hand_made_pair():
    items = disagreements(compare_records(records(gold_records()), records(pred_records())))
    got = [(d.claim_id, d.field, d.status) for d in items]
    assert got == [("d1#0", "actor type", "mismatch"), ("d1#0", "counts", "spurious"),
                   ("d1#0", "attribution", "missed"), ("d1#1", "claims", "spurious"), ("d1#1", "actors", "spurious"),
                   ("d1#2", "claims", "missed"), ("d1#2", "actors", "missed"), ("d1#2", "attribution", "missed")]
    counts = items[1]
    assert "300" in counts.predicted and "exact" in counts.predicted
    assert "at_least" in counts.gold  # the lenient counterpart: "predicted X vs gold Y"


def test_perfect_predictions_have_no_disagreements():
    gold = read_claims([SEED_GOLD])
    assert disagreements(compare_records(gold, gold)) == []


# --- the HTML --------------------------------------------------------------------------------

@pytest.fixture
def case_html():
    return render_report(records(pred_records()), records(gold_records()), {"d1": TEXT})


def test_document_text_is_escaped(case_html):
    assert SCRIPT not in case_html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in case_html
    assert case_html.count("<script") == 1  # the report's own sorting script, nothing else
    page = Page(case_html)
    claim = page.find("div", "claim", **{"data_claim_id": "d1#1"})[0]
    assert SCRIPT in claim.text()  # shown as text
    assert '&amp; &quot;quotes&quot;' in case_html or '&amp; "quotes"' in case_html


def test_self_contained(case_html):
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', case_html)
    assert "<link" not in case_html and "@import" not in case_html and "url(" not in case_html


def test_self_contained_with_links(tmp_path):
    """A document's URL is a link to follow, never a resource the page loads."""
    page_html = render_report(records(pred_records()), documents=read_documents([write_sidecar_case(tmp_path)]))
    assert not re.search(r'src\s*=', page_html.replace("<script>", ""))
    assert "<link" not in page_html and "@import" not in page_html and "url(" not in page_html
    links = Page(page_html).find("a")
    assert links and all(a.attrs["rel"] == "noopener noreferrer" for a in links)


def test_every_claim_and_mention_with_its_class(case_html):
    page = Page(case_html)
    for cid, status in EXPECTED_CLAIMS.items():
        (claim,) = page.find("div", "claim", data_claim_id=cid)
        assert status in claim.classes
        assert page.find("tr", "claim-row", data_claim_id=cid)
    for cid, marks in EXPECTED_MARKS.items():
        for (field, side, index), status in marks.items():
            found = page.find("mark", "mention", data_claim_id=cid, data_field=field, data_side=side,
                              data_index=str(index))
            assert found, (cid, field, side, index)
            for el in found:
                assert {FIELD_CLASS[field], status} <= el.classes
    total = len(page.find("mark", "mention")) - len(page.find("mark", "legend-mark"))
    assert total == sum(len(m) for m in EXPECTED_MARKS.values())


def test_missed_mentions_are_located_in_the_text(case_html):
    page = Page(case_html)
    (missed_source,) = page.find("mark", "missed", data_claim_id="d1#0", data_field="attribution")
    assert missed_source.text().startswith("Alpha Beta")
    assert not page.find("mark", "unplaced")
    (count,) = page.find("mark", "missed", data_claim_id="d1#0", data_field="counts")
    assert count.text().startswith("300 people")
    assert "at_least" in count.attrs["title"] and "predicted" in count.attrs["title"]


def test_scores_and_labels(case_html):
    page = Page(case_html)
    assert page.find("section")[0].attrs["id"] == "overall"  # the overall table comes first
    (count,) = page.find("mark", "spurious", data_field="counts")
    assert "COUNT · 300" in count.text()
    (date,) = page.find("mark", "date", data_claim_id="d1#0")
    assert "2026-03-03" in date.text()
    (actor,) = page.find("mark", "actor", data_claim_id="d1#0", data_index="1")
    assert "⚠ type ORG, gold GPE" in actor.text() and "type ORG, gold GPE" in actor.attrs["title"]


def test_without_documents_or_gold():
    page_html = render_report(records(pred_records()))
    page = Page(page_html)
    assert not page.find("section", id="overall")
    marks = [m for m in page.find("mark", "mention") if "legend-mark" not in m.classes]
    assert len(marks) == 5 and all("unscored" in m.classes for m in marks)
    assert not page.find("div", "outside")  # only the claims' own texts
    assert "Gamma Corp" not in page_html
    with_docs = Page(render_report(records(pred_records()), documents={"d1": TEXT}))
    (outside,) = with_docs.find("div", "outside")
    assert outside.text() == "Gamma Corp denied it."  # non-claim text of the article


def test_nested_and_crossing_highlights():
    text = "captured by U.S. forces today"
    spans = [_Span(12, 23, 0, '<mark class="outer">', "<i>O</i>"), _Span(12, 16, 1, '<mark class="inner">', "<i>I</i>"),
             _Span(17, 29, 2, '<mark class="cross">', "<i>X</i>")]
    out = render_spans(text, spans)
    assert out == ('captured by <mark class="outer"><mark class="inner">U.S.<i>I</i></mark> '
                   '<mark class="cross">forces</mark><i>O</i></mark><mark class="cross"> today<i>X</i></mark>')
    seed_pred = read_claims([SEED_GOLD])
    page = Page(render_report(seed_pred))
    (us,) = [m for m in page.find("mark", "actor", data_claim_id=f"{SEED.stem}#1")
             if m.attrs.get("data-text") == "U.S."]
    assert any(a.attrs.get("data-text") == "U.S. forces" for a in us.ancestors())


def many(n: int) -> tuple[list[GoldClaim], list[GoldClaim]]:
    preds, golds = [], []
    for k in range(n):
        preds += [dict(r, doc_id=f"d{k}", claim_id=f"d{k}#{r['claim_id'][-1]}") for r in pred_records()]
        golds += [dict(r, doc_id=f"d{k}", claim_id=f"d{k}#{r['claim_id'][-1]}") for r in gold_records()]
    return records(preds), records(golds)


def test_many_documents_start_closed_and_render_when_opened():
    preds, golds = many(12)
    source = render_report(preds, golds, {f"d{k}": TEXT for k in range(12)})
    page = Page(source)
    docs = page.find("details", "doc")
    assert len(docs) == 12 and not any("open" in d.attrs for d in docs)
    assert len(page.find("div", "lazy-body")) == 12 and not page.find("div", "claim")
    # the bodies wait in one JSON block that cannot end the script early
    start = source.index('<script type="application/json" id="doc-bodies">') + len(
        '<script type="application/json" id="doc-bodies">')
    payload = source[start:source.index("</script>", start)]
    assert "<!--" not in payload
    bodies = json.loads(payload)
    assert len(bodies) == 12
    body = Page(bodies[3])
    assert {c.attrs["data-claim-id"] for c in body.find("div", "claim")} == {"d3#0", "d3#1", "d3#2 (gold)"}
    assert "&lt;script&gt;" in bodies[3] and SCRIPT not in bodies[3]


# --- the commands ----------------------------------------------------------------------------

def test_report_command(tmp_path):
    pred, gold, doc = write_case(tmp_path)
    out = tmp_path / "r.html"
    result = invoke(["report", pred, "--gold", gold, "--docs", doc, "-o", out])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    page = Page(out.read_text(encoding="utf-8"))
    assert {c.attrs["data-claim-id"] for c in page.find("div", "claim")} == set(EXPECTED_CLAIMS)


def test_report_command_errors(tmp_path):
    pred, gold, doc = write_case(tmp_path)
    other = tmp_path / "other" / "d1.txt"
    other.parent.mkdir()
    other.write_text("A different text altogether, long enough to hold the offsets of the claims. " * 3,
                     encoding="utf-8")
    cases = [(["report", pred, "--docs", other, "-o", tmp_path / "r.html"], "not at its offsets"),
             (["report", tmp_path / "missing.jsonl", "-o", tmp_path / "r.html"], "no such file"),
             (["report", pred, "--docs", tmp_path / "nope.txt", "-o", tmp_path / "r.html"], "no such file"),
             (["report", pred, "-o", tmp_path / "no" / "r.html"], "does not exist"),
             (["report", pred, "--gold", write_jsonl(tmp_path / "g2.jsonl", [dict(gold_records()[0], doc_id="zz")]),
               "-o", tmp_path / "r.html"], "no document is in both")]
    for args, message in cases:
        result = invoke(args)
        err = stderr_of(result)
        assert result.exit_code == 2, (args, result.output)
        assert err.startswith("extractor: error: ") and message in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r.html").exists()


def test_evaluate_show_errors(tmp_path):
    pred, gold, _ = write_case(tmp_path)
    result = invoke(["evaluate", "--gold", gold, "--pred", pred, "--show-errors"])
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("field ")  # the score table first
    assert "== d1" in out
    assert re.search(r"counts\s+spurious\s+predicted .*300.*exact.* vs gold .*at_least", out)
    assert re.search(r"attribution\s+missed\s+gold .*Alpha Beta", out)
    assert re.search(r"claims\s+spurious", out) and re.search(r"claims\s+missed", out)
    assert "The <script>" in out  # the sentence of the spurious claim
    as_json = json.loads(invoke(["evaluate", "--gold", gold, "--pred", pred, "--show-errors", "--json"]).output)
    assert len(as_json["errors"]) == 8
    assert {"doc_id", "claim_id", "sentence", "field", "status", "predicted", "gold"} == set(as_json["errors"][0])
    plain = invoke(["evaluate", "--gold", gold, "--pred", pred]).output
    assert "== d1" not in plain


def test_summarize_seed_gold():
    (s,) = summarize(read_claims([SEED_GOLD]))
    assert s["doc_id"] == SEED.stem and s["claims"] == 15
    ranked = [a["claims"] for a in s["actors"]]
    assert ranked == sorted(ranked, reverse=True)
    assert s["actors"][0]["name"] == "Cuba"
    starts = [timex_range(e["value"])[0] for e in s["timeline"]]
    assert starts == sorted(starts)
    count = next(c for c in s["counts"] if c["low"] == 302)
    assert count["value"] == "302–600" and count["unit"] == "detainees"
    assert count["sources"] == ["Chavismo", "Foro Penal"]


def test_summarize_command(tmp_path):
    pred, _, _ = write_case(tmp_path)
    result = invoke(["summarize", pred])
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("== d1 (2 claims, dated 2026-03-10)")
    assert re.search(r"actors \(claims, mentions\):\n\s+1\s+1\s+Alpha Beta \(PERSON\)", out)
    assert '300 people [exact, count]  "300 people"  (#0)' in out
    assert re.search(r"timeline:\n\s+2026-03-03\s+\"March 3\"\s+\(#0\)", out)
    lines = invoke(["summarize", pred, "--json"]).output.splitlines()
    (doc,) = [json.loads(line) for line in lines]
    assert doc["timeline"] == [{"value": "2026-03-03", "texts": ["March 3"], "claims": ["d1#0"]}]
    assert doc["counts"][0]["low"] == 300 and doc["counts"][0]["qualifier"] == "exact"
    assert [a["name"] for a in doc["actors"]] == ["Alpha Beta", "Ruritania", "script"]
    result = invoke(["summarize", tmp_path / "missing.jsonl"])
    assert result.exit_code == 2 and stderr_of(result).startswith("extractor: error: ")


@pytest.mark.parametrize("value,first,last", [
    ("2025", "2025-01-01", "2025-12-31"), ("2025-12", "2025-12-01", "2025-12-31"),
    ("2026-W06", "2026-02-02", "2026-02-08"), ("2026-01-30", "2026-01-30", "2026-01-30"),
    ("2025-Q4", "2025-10-01", "2025-12-31"), ("202", "2020-01-01", "2029-12-31"),
    # the granularities of the table, each at its edge
    ("2025-W02-WE", "2025-01-11", "2025-01-12"), ("2025-H2", "2025-07-01", "2025-12-31"),
    ("2025-WI", "2025-12-01", "2026-02-28"), ("2024-02", "2024-02-01", "2024-02-29"),
    ("2025-02-18TMO", "2025-02-18", "2025-02-18")])
def test_timex_range(value, first, last):
    r = timex_range(value)
    assert (r[0].isoformat(), r[1].isoformat()) == (first, last)


@pytest.mark.parametrize("value", [
    # values the schema's pattern allows that name no span of days a date can hold
    "9999-W52", "9999-W52-WE", "9999-WI", "0000", "0000-W01", "000", "2025-W53", "2025-W00", "2025-13",
    "2025-02-30", "2025-00-01"])
def test_timex_range_of_values_no_calendar_holds(value):
    assert timex_range(value) is None


# --- what a fact-checker reads ---------------------------------------------------------------

def _plain_html(**kw) -> str:
    pred, gold = plain_records()
    return render_report(records(pred), records(gold), {"d1": TEXT}, **kw)


def test_no_python_literal_is_shown():
    shown = Page(_plain_html()).visible_text()
    assert not LITERAL.search(shown), LITERAL.search(shown)
    page = Page(_plain_html())
    (date,) = page.find("mark", "date", data_claim_id="d1#0", data_side="pred")
    assert "DATE · unresolved" in date.text() and "-> unresolved (DATE)" in date.attrs["title"]
    (count,) = page.find("mark", "count", data_claim_id="d1#0")
    assert "⚠ no unit, gold unit people" in count.text()
    assert "no unit, gold unit people" in count.attrs["title"] and "linked by unit_noun" in count.attrs["title"]
    (open_count,) = page.find("mark", "count", data_claim_id="d1#2 (gold)")
    assert "high open" in open_count.attrs["title"]


def _claims_of(n_docs: int, n_claims: int) -> list[GoldClaim]:
    out = []
    for k in range(n_docs):
        out += [dict(r, doc_id=f"d{k}", claim_id=f"d{k}#{i}") for i, r in enumerate(pred_records()[:n_claims])]
    return records(out)


@pytest.mark.parametrize("n_docs,n_claims,meta,summary", [
    (1, 1, "1 document, 1 predicted claim", "1 claim"),
    (1, 2, "1 document, 2 predicted claims", "2 claims"),
    (2, 1, "2 documents, 2 predicted claims", "1 claim"),
    (3, 2, "3 documents, 6 predicted claims", "2 claims")])
def test_plurals(n_docs, n_claims, meta, summary):
    page = Page(render_report(_claims_of(n_docs, n_claims)))
    assert page.find("p", "meta")[0].text() == meta
    assert {s.text() for s in page.find("span", "n")} == {summary}


def test_plurals_of_missed_gold_claims():
    (n,) = Page(render_report(records(pred_records()), records(gold_records()))).find("span", "n")
    assert n.text() == "2 claims, 1 gold claim missed"


@pytest.mark.parametrize("n_docs,overall,per_document", [(1, "Scores", 0), (2, "Overall scores", 2),
                                                          (3, "Overall scores", 3)])
def test_one_score_table_per_scored_document_and_one_overall(n_docs, overall, per_document):
    preds, golds = many(n_docs)
    page = Page(render_report(preds, golds))
    assert len(page.find("table", "overall")) == 1
    assert page.find("section", id="overall")[0].children[0].text() == overall
    assert len(page.find("table", "doc-scores")) == per_document


@pytest.mark.parametrize("with_gold,says", [
    (True, ["actor", "count", "date", "source", "correct", "spurious", "missed", "⚠", "unresolved",
            "dropped by", "linked by", "(gold)", "grey text"]),
    (False, ["actor", "count", "date", "source", "unresolved", "dropped by", "linked by", "grey text"])])
def test_legend_explains_every_mark(with_gold, says):
    page = Page(render_report(records(pred_records()), records(gold_records()) if with_gold else None))
    (legend,) = page.find("div", "legend", id="legend")
    text = legend.text()
    assert [w for w in says if w not in text] == []
    assert ("spurious" in text) == with_gold
    marks = [m for m in page.find("mark", "legend-mark")]
    assert {c for m in marks for c in m.classes} >= {"actor", "count", "date", "source"}
    # a symbol in the page is a symbol in the legend
    assert all(s in text for s in ("✓", "✗", "⚠")) == with_gold


def _source_of(page: Page, doc_id: str) -> dict[str, Element]:
    (doc,) = page.find("details", "doc", data_doc_id=doc_id)
    (dl,) = [d for d in page.find("dl", "doc-source") if d.parent is doc]
    return {div.children[0].text(): div.children[1] for div in dl.children}


def _html_page(tmp_path, canonical: str) -> Path:
    page = tmp_path / "page.html"
    page.write_text((ROOT / "tests" / "data" / "article.html").read_text(encoding="utf-8").replace(
        "<title>", f'<link rel="canonical" href="{canonical}"><title>'), encoding="utf-8")
    return page


def test_each_document_says_where_it_comes_from(tmp_path):
    doc = write_sidecar_case(tmp_path)
    source = render_report(records(pred_records()), documents=read_documents([doc]))
    shown = _source_of(Page(source), "d1")
    assert {k: v.text() for k, v in shown.items()} == {"title": META["title"], "date": META["date"],
                                                        "source": str(doc), "URL": META["url"]}
    (link,) = shown["URL"].children
    assert link.tag == "a" and link.attrs["href"] == META["url"] and link.attrs["rel"] == "noopener noreferrer"
    assert "<b>Beta</b>" not in source and "&lt;b&gt;Beta&lt;/b&gt; &amp; the 300" in source
    assert 'href="https://example.org/news?id=1&amp;x=&quot;2&quot;"' in source
    (title,) = Page(source).find("span", "doc-title")
    assert title.text() == META["title"]


def test_an_html_page_gives_its_own_title_date_and_url(tmp_path):
    page = _html_page(tmp_path, "https://news.example/amnesty-300")
    docs = read_documents([page])
    (doc_id,) = docs
    shown = _source_of(Page(render_report([], documents=docs)), doc_id)
    assert {k: v.text() for k, v in shown.items()} == {
        "title": "Amnesty counts 300 prisoners", "date": "2025-11-14", "source": str(page),
        "URL": "https://news.example/amnesty-300"}
    assert [a.tag for a in shown["URL"].children] == ["a"]


@pytest.mark.parametrize("url,linked", [("https://example.org/a", True), ("HTTP://example.org/a", True),
                                        ("javascript:alert(1)", False), ("file:///etc/passwd", False)])
def test_only_web_urls_become_links(tmp_path, url, linked):
    doc = write_sidecar_case(tmp_path)
    (tmp_path / "d1.meta.json").write_text(json.dumps(dict(META, url=url)), encoding="utf-8")
    shown = _source_of(Page(render_report([], documents=read_documents([doc]))), "d1")
    assert shown["URL"].text() == url
    assert [a.tag for a in shown["URL"].children] == (["a"] if linked else [])


@pytest.mark.parametrize("record,path,date", [
    ({"id": "d1", "text": TEXT, "date": "2026-03-09"}, "docs.jsonl:1", "2026-03-09"),
    ({"id": "d1", "text": TEXT}, "docs.jsonl:1", "2026-03-10")])  # the date the claims were extracted with
def test_a_jsonl_document_gives_its_place_and_date(tmp_path, record, path, date):
    docs = read_documents([write_jsonl(tmp_path / "docs.jsonl", [record])])
    shown = _source_of(Page(render_report(records(pred_records()), documents=docs)), "d1")
    assert shown["source"].text() == str(tmp_path / path) and shown["date"].text() == date
    assert shown["title"].text() == "no title given" and shown["URL"].text() == "no URL given"


class SourcedClaim(GoldClaim):
    """A record that keeps the ``source`` the extractor wrote (``GoldClaim`` ignores it)."""
    source: Optional[str] = None


@pytest.mark.parametrize("source,shown_source", [("in/d1.txt", "in/d1.txt"), (None, "not recorded")])
def test_claims_alone_give_their_source_and_date(source, shown_source):
    claims = [SourcedClaim.model_validate(dict(r, source=source)) for r in pred_records()]
    shown = _source_of(Page(render_report(claims)), "d1")
    assert shown["source"].text() == shown_source and shown["date"].text() == "2026-03-10"


def test_report_command_shows_the_sidecar(tmp_path):
    pred, _, _ = write_case(tmp_path)
    doc = write_sidecar_case(tmp_path)
    out = tmp_path / "r.html"
    assert invoke(["report", pred, "--docs", doc, "-o", out]).exit_code == 0
    shown = _source_of(Page(out.read_text(encoding="utf-8")), "d1")
    assert shown["title"].text() == META["title"] and shown["URL"].text() == META["url"]


@pytest.mark.parametrize("n_claims,dated,head", [(1, "2026-03-10", "== d1 (1 claim, dated 2026-03-10)"),
                                                 (2, "2026-03-10", "== d1 (2 claims, dated 2026-03-10)"),
                                                 (1, None, "== d1 (1 claim)")])
def test_summary_heading_plurals(n_claims, dated, head):
    claims = records([dict(r, doc_date=dated) for r in pred_records()[:n_claims]])
    assert format_summary(summarize(claims)).splitlines()[0] == head
