"""``judge``: the one loop that marks every claim and mention, strict and lenient; the scores
and the ``--show-errors`` listing are both read off its marks."""
from __future__ import annotations

import collections
import json

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.evaluate.errors import Explained, disagreements, format_disagreements
from extractor.evaluate.judge import judge
from extractor.evaluate.metrics import FIELDS, evaluate_marks, read_claims, scores_of
from extractor.report.html import render_report
from extractor.schemas import GoldClaim

from ..conftest import SEED_GOLD

TEXT = "Ana Pérez said 5 people were held on 2 January 2025."


def claim(doc="d", text=TEXT, start=0, **fields) -> GoldClaim:
    return GoldClaim.model_validate({"doc_id": doc, "text": text, "start": start, "end": start + len(text), **fields})


def actor(name, text=None, type_="PERSON"):
    return {"text": text or name, "name": name, "type": type_}


def count(low, qualifier="exact", text="5", unit=None):
    return {"text": text, "low": low, "high": low, "qualifier": qualifier, "kind": "count", "unit": unit}


def date(value, text="2 January 2025", type_="DATE"):
    return {"text": text, "value": value, "type": type_}


def source(name, text="Ana Pérez", cue="said"):
    return {"source": name, "text": text, "cue": cue}


def counted(marks, field):
    """(mode, mark) of every counted mark of ``field``, sorted."""
    return sorted((m.mode, m.mark) for m in marks if m.field == field and m.counted)


# --- each mark kind, strict and lenient ------------------------------------------------------------

@pytest.mark.parametrize("field,gold,pred,expected", [
    ("actors", [actor("Ana Pérez")], [actor("Ana Pérez")], [("lenient", "correct"), ("strict", "correct")]),
    # a surname only: no strict match, but the lenient matcher shares a name token
    ("actors", [actor("Ana Pérez")], [actor("Pérez")],
     [("lenient", "correct"), ("strict", "missed"), ("strict", "spurious")]),
    ("actors", [actor("Ana Pérez")], [], [("lenient", "missed"), ("strict", "missed")]),
    ("actors", [], [actor("Ana Pérez")], [("lenient", "spurious"), ("strict", "spurious")]),
    # names are a set per claim: a second mention of the same name is a repeat, not counted
    ("actors", [actor("Ana Pérez")], [actor("Ana Pérez"), actor("Ana Pérez")],
     [("lenient", "correct"), ("strict", "correct")]),
    ("counts", [count(5)], [count(5)], [("lenient", "correct"), ("strict", "correct")]),
    # same number, another qualifier: lenient only
    ("counts", [count(5)], [count(5, "approximate")],
     [("lenient", "correct"), ("strict", "missed"), ("strict", "spurious")]),
    ("counts", [count(5)], [count(6)], [("lenient", "missed"), ("lenient", "spurious"),
                                        ("strict", "missed"), ("strict", "spurious")]),
    # another value at the same place: lenient is overlap
    ("dates", [date("2025-01-02")], [date("2025-01-03")],
     [("lenient", "correct"), ("strict", "missed"), ("strict", "spurious")]),
    # only type DATE is scored
    ("dates", [], [date(None, type_="DURATION")], []),
    ("attribution", [source("Ana Pérez")], [source("Ana Pérez")], [("lenient", "correct"), ("strict", "correct")]),
    ("attribution", [source("Ana Pérez")], [source("the police", text=None)],
     [("lenient", "missed"), ("lenient", "spurious"), ("strict", "missed"), ("strict", "spurious")]),
])
def test_mark_kinds(field, gold, pred, expected):
    marks = judge([claim(**{field: gold})], [claim(**{field: pred})])
    assert counted(marks, field) == expected
    assert counted(marks, "claims") == [("lenient", "correct"), ("strict", "correct")]


def test_unscored_date_is_marked_unscored():
    marks = judge([claim()], [claim(dates=[date(None, type_="DURATION")])])
    assert [(m.field, m.mark) for m in marks if m.field == "dates"] == [("dates", "unscored")]


@pytest.mark.parametrize("gold,pred,expected", [
    ([claim()], [], [("lenient", "missed"), ("strict", "missed")]),
    ([claim()], [claim(), claim(text="Another sentence.", start=100)],
     [("lenient", "correct"), ("lenient", "spurious"), ("strict", "correct"), ("strict", "spurious")]),
])
def test_claim_marks(gold, pred, expected):
    assert counted(judge(gold, pred), "claims") == expected


def test_a_document_without_gold_is_unscored():
    marks = judge([claim()], [claim(), claim(doc="other", actors=[actor("Ana Pérez")])])
    other = [m for m in marks if m.doc_id == "other"]
    assert other and {m.mark for m in other} == {"unscored"} and not any(m.counted for m in other)


def test_near_miss_links_the_two_sides():
    (spurious,) = [m for m in judge([claim(counts=[count(5)])], [claim(counts=[count(5, "approximate")])])
                   if m.field == "counts" and m.mode == "strict" and m.mark == "spurious"]
    assert spurious.pred.qualifier == "approximate" and spurious.near.qualifier == "exact"
    assert spurious.counterpart is spurious.near and spurious.side == "pred"


def test_secondary_mismatch_is_a_note_on_a_correct_mark():
    marks = judge([claim(actors=[actor("Ana Pérez", type_="PERSON")])],
                  [claim(actors=[actor("Ana Pérez", type_="ORG")])])
    (m,) = [m for m in marks if m.field == "actors" and m.mode == "strict"]
    assert m.mark == "correct" and m.note == "type ORG, gold PERSON"
    scores = scores_of(marks, ["d"])["overall"]
    assert scores["actor_types"] == {"accuracy": 0.0, "correct": 0, "total": 1}


# --- the scores and the listing come from the same marks --------------------------------------------

def _perturbed(gold: list[GoldClaim]) -> list[GoldClaim]:
    """The gold with some mentions dropped, retyped and renumbered: a prediction with errors."""
    out = []
    for n, c in enumerate(gold):
        d = c.model_dump()
        if n % 3 == 0:
            d["actors"] = d["actors"][1:]
        if n % 4 == 1:
            d["actors"] = [{**a, "type": "ORG"} for a in d["actors"]]
        if n % 5 == 2:
            d["counts"] = [{**k, "qualifier": "approximate"} for k in d["counts"]]
        if n % 7 == 3:
            d["attribution"] = []
        if n % 11 != 5:
            out.append(GoldClaim.model_validate(d))
    return out


def test_scores_and_listing_are_read_off_the_same_marks():
    gold = read_claims([SEED_GOLD])
    pred = _perturbed(gold)
    marks = judge(gold, pred)
    scores = evaluate_marks(marks, gold, pred)["overall"]
    lines = collections.Counter()
    for d in disagreements(marks):
        lines[(d.field, d.status)] += 1
        lines[(d.field, "near")] += int(d.status == "spurious" and d.gold is not None)
    assert lines, "the perturbed prediction has errors"
    for f in FIELDS:
        s = scores[f]["strict"]
        # a missed item linked to a spurious one is listed once, on the spurious line
        assert (lines[(f, "spurious")], lines[(f, "missed")] + lines[(f, "near")]) == (s["fp"], s["fn"]), f
    for label, key in (("actor type", "actor_types"), ("count unit", "count_units")):
        r = scores[key]
        assert lines[(label, "mismatch")] == r["total"] - r["correct"], label


# --- decisions of ``extract --explain`` ---------------------------------------------------------------

AGE = "Ana Pérez, aged 5, was held."


def _explained_pair():
    at = AGE.index("5")
    gold = [claim(text=AGE, counts=[count(5)], actors=[actor("Ana Pérez", type_="PERSON")])]
    decisions = [{"field": "counts", "text": "5", "start": at, "end": at + 1, "by": "is_age", "action": "dropped"},
                 {"field": "actors", "text": "Ana Pérez", "start": 0, "end": 9, "by": "surname",
                  "action": "linked"}]
    pred = [claim(text=AGE, actors=[{**actor("Ana Pérez", type_="ORG"), "start": 0, "end": 9}], decisions=decisions)]
    return gold, pred


def test_show_errors_says_what_the_extractor_decided():
    gold, pred = _explained_pair()
    items = disagreements(judge(gold, pred))
    assert [(d.field, d.status, d.decision) for d in items] == [
        ("actor type", "mismatch", "linked by surname"), ("counts", "missed", "dropped by is_age")]
    assert all(isinstance(d, Explained) for d in items)
    text = format_disagreements(items)
    assert "(dropped by is_age)" in text and "(linked by surname)" in text


def test_without_decisions_the_listing_keeps_its_shape(tmp_path):
    gold, pred = _explained_pair()
    pred = [pred[0].model_copy(update={"decisions": None})]
    items = disagreements(judge(gold, pred))
    assert items and not any(isinstance(d, Explained) for d in items)
    assert "by is_age" not in format_disagreements(items)


def test_cli_show_errors_and_report_show_decisions(tmp_path):
    gold, pred = _explained_pair()
    g, p = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    g.write_text("".join(c.model_dump_json(exclude_none=True) + "\n" for c in gold), encoding="utf-8")
    p.write_text("".join(c.model_dump_json(exclude_none=True) + "\n" for c in pred), encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(main, ["evaluate", "--gold", str(g), "--pred", str(p), "--show-errors"]).output
    assert "dropped by is_age" in out and "linked by surname" in out
    as_json = json.loads(runner.invoke(main, ["evaluate", "--gold", str(g), "--pred", str(p), "--show-errors",
                                              "--json"]).output)
    assert [e.get("decision") for e in as_json["errors"]] == ["linked by surname", "dropped by is_age"]
    page = render_report(pred, gold)
    assert "dropped by is_age" in page and "linked by surname" in page
