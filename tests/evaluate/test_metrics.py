"""Evaluation (claims-spec section 7) with expected scores computed BY HAND in the comments.

Every gold/pred pair is written as JSONL into tmp_path and scored through
``extractor.evaluate.metrics.evaluate_files`` (and once through ``extractor evaluate --json``).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.evaluate.metrics import evaluate_files

from ..conftest import SEED_GOLD

FIELDS = ("claims", "actors", "counts", "dates", "attribution")
MODES = ("strict", "lenient")
SCORE_KEYS = {"precision", "recall", "f1", "tp", "fp", "fn"}


# --- helpers -------------------------------------------------------------------------------------

def write_jsonl(path: Path, records: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def score(tmp_path: Path, gold: list[dict], pred: list[dict]) -> dict:
    g = write_jsonl(tmp_path / "gold.jsonl", gold)
    p = write_jsonl(tmp_path / "pred.jsonl", pred)
    return evaluate_files([g], [p])


def claim(doc_id: str, text: str, start=None, *, actors=(), counts=(), dates=(), attribution=(),
          with_offsets=True) -> dict:
    # A mention must be found inside its claim (spec 2): placeholder claims carry their mentions'
    # texts after the sentence, which keeps every offset into the sentence unchanged.
    for m in [*actors, *counts, *dates, *attribution]:
        if m.get("text") and m["text"] not in text:
            text = f"{text} {m['text']}"
    rec = {"doc_id": doc_id, "text": text, "actors": list(actors), "counts": list(counts),
           "dates": list(dates), "attribution": list(attribution)}
    if with_offsets:
        rec["start"], rec["end"] = start, start + len(text)
    return rec


def actor(name, type_="PERSON", text=None):
    return {"text": text or name, "name": name, "type": type_}


def count(low, high, qualifier, unit=None, text="x", kind="count"):
    return {"text": text, "low": low, "high": high, "qualifier": qualifier, "kind": kind, "unit": unit}


def date(text, value, type_="DATE", start=None):
    d = {"text": text, "value": value, "type": type_}
    if start is not None:
        d["start"], d["end"] = start, start + len(text)
    return d


def attr(source, text=None, cue="said"):
    return {"source": source, "text": text or source, "cue": cue}


def prf(result_part: dict) -> tuple:
    return (result_part["tp"], result_part["fp"], result_part["fn"],
            result_part["precision"], result_part["recall"], result_part["f1"])


def assert_prf(part: dict, tp, fp, fn, p, r, f1):
    assert (part["tp"], part["fp"], part["fn"]) == (tp, fp, fn)
    assert part["precision"] == pytest.approx(p, abs=1e-4)
    assert part["recall"] == pytest.approx(r, abs=1e-4)
    assert part["f1"] == pytest.approx(f1, abs=1e-4)


# --- (a) perfect prediction ------------------------------------------------------------------------

def test_gold_against_itself_scores_perfectly(tmp_path):
    gold_lines = [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = evaluate_files([SEED_GOLD], [SEED_GOLD])
    doc_id = gold_lines[0]["doc_id"]
    assert list(result["documents"]) == [doc_id]
    for scope in (result["overall"], result["documents"][doc_id]):
        for f in FIELDS:
            for m in MODES:
                s = scope[f][m]
                assert (s["precision"], s["recall"], s["f1"]) == (1.0, 1.0, 1.0), (f, m, s)
                assert s["fp"] == 0 and s["fn"] == 0, (f, m, s)
        # every gold claim is matched to itself
        assert scope["claims"]["strict"]["tp"] == len(gold_lines)
        assert scope["actor_types"]["accuracy"] == 1.0
        assert scope["count_units"]["accuracy"] == 1.0
    # the seed gold has actors, counts, dates and attribution: tp > 0 for each
    for f in FIELDS:
        assert result["overall"][f]["strict"]["tp"] > 0


# --- (b) empty prediction for one document ------------------------------------------------------------

def test_document_without_predicted_claims_scores_zero_recall(tmp_path):
    # Doc A: one claim, predicted perfectly: 1 actor, 1 count, 1 DATE, 1 attribution source.
    a0 = claim("A", "Amnesty International said 300 prisoners were freed on January 3.", 0,
               actors=[actor("Amnesty International", "ORG")],
               counts=[count(300, 300, "exact", "prisoners", "300 prisoners")],
               dates=[date("January 3", "2026-01-03")],
               attribution=[attr("Amnesty International")])
    # Doc B: two claims, no prediction at all.
    b0 = claim("B", "The regime released 553 people in 2025 after six years.", 0,
               actors=[actor("Cuba", "GPE", "The regime"), actor("Cuba", "GPE", "Cuba")],  # one distinct name
               counts=[count(553, 553, "exact", "people", "553 people")],
               dates=[date("2025", "2025"), date("six years", "P6Y", "DURATION")])       # DURATION not scored
    b1 = claim("B", "Justicia 11J reported only 212-250 for political reasons.", 60,
               actors=[actor("Justicia 11J", "ORG")],
               counts=[count(212, 250, "range", None, "212-250")],
               attribution=[attr("Justicia 11J", cue="reported")])
    result = score(tmp_path, [a0, b0, b1], [a0])

    # Gold items of B: claims 2; actors 1 (b0: {Cuba}) + 1 (b1) = 2; counts 1 + 1 = 2;
    # dates 1 (the DURATION is ignored); attribution 1.
    b = result["documents"]["B"]
    expected_fn = {"claims": 2, "actors": 2, "counts": 2, "dates": 1, "attribution": 1}
    for f, fn in expected_fn.items():
        for m in MODES:
            s = b[f][m]
            assert (s["tp"], s["fp"], s["fn"]) == (0, 0, fn), (f, m)
            assert s["recall"] == 0.0 and s["f1"] == 0.0, (f, m)

    # Doc A is perfect on its own.
    for f in FIELDS:
        assert prf(result["documents"]["A"][f]["strict"]) == (1, 0, 0, 1.0, 1.0, 1.0)

    # Micro-average over both documents, e.g. actors: tp 1, fp 0, fn 2
    # -> P = 1/1 = 1.0, R = 1/3 = 0.3333, F1 = 2*1*(1/3)/(1+1/3) = 0.5
    o = result["overall"]
    assert_prf(o["actors"]["strict"], 1, 0, 2, 1.0, 1 / 3, 0.5)
    # claims: tp 1, fn 2 -> same numbers
    assert_prf(o["claims"]["strict"], 1, 0, 2, 1.0, 1 / 3, 0.5)
    # dates: tp 1, fn 1 -> P 1.0, R 0.5, F1 = 2*0.5/1.5 = 0.6667
    assert_prf(o["dates"]["strict"], 1, 0, 1, 1.0, 0.5, 2 / 3)
    # attribution: tp 1, fn 1 -> same
    assert_prf(o["attribution"]["lenient"], 1, 0, 1, 1.0, 0.5, 2 / 3)


# --- (c) a partly wrong prediction ----------------------------------------------------------------------

DOC = ("The acting president, Delcy Rodríguez, said about 300 detainees were freed on January 3, "
       "according to Foro Penal. "
       "Cuba holds more than 1,000 political prisoners, 134 of them new, since July 2021. "
       "Amnesty International demanded their release. "
       "President Donald Trump warned Havana against receiving 5 tankers of oil in 2025.")
S0 = DOC[: DOC.index(" Cuba holds")]
S1 = DOC[DOC.index("Cuba holds"): DOC.index(" Amnesty International demanded")]
S2 = DOC[DOC.index("Amnesty International demanded"): DOC.index(" President Donald")]
S3 = DOC[DOC.index("President Donald"):]


def _partly_wrong():
    o0, o1, o2, o3 = DOC.index(S0), DOC.index(S1), DOC.index(S2), DOC.index(S3)
    gold = [
        claim("d1", S0, o0,
              actors=[actor("Delcy Rodríguez", "PERSON"), actor("Foro Penal", "ORG")],
              counts=[count(300, 300, "approximate", "detainees", "about 300 detainees")],
              dates=[date("January 3", "2026-01-03")],          # no offsets: found by text in the claim
              attribution=[attr("Delcy Rodríguez"), attr("Foro Penal", cue="according to")]),
        claim("d1", S1, o1,
              actors=[actor("Cuba", "GPE")],
              counts=[count(1000, None, "more_than", "political prisoners", "more than 1,000 political prisoners"),
                      count(134, 134, "exact", None, "134")],
              dates=[date("July 2021", "2021-07")]),
        claim("d1", S2, o2,
              actors=[actor("Amnesty International", "ORG")],
              attribution=[attr("Amnesty International", cue="demanded")]),
    ]
    pred = [
        claim("d1", S0, o0,
              actors=[actor("Delcy Rodríguez", "PERSON"),
                      actor("Prisoners Defenders", "ORG")],                       # wrong name, no token overlap
              counts=[count(300, 300, "exact", "detainee", "300 detainees")],     # wrong qualifier, same low
              dates=[date("on January 3", "2025-01-03", start=DOC.index("on January 3"))],  # wrong value, overlaps
              attribution=[attr("Delcy Rodríguez"), attr("Foro Penal", cue="according to"),
                           attr("Chavismo", cue="according to")]),                # one extra source
        claim("d1", S1, o1,
              actors=[actor("Cuba", "ORG")],                                      # right name, wrong type
              counts=[count(1000, None, "more_than", "prisoners", "more than 1,000 political prisoners"),
                      count(134, 134, "exact", "cases", "134")],                  # unit null vs "cases"
              dates=[date("July 2021", "2021-07", start=DOC.index("July 2021"))]),
        # gold S2 is not predicted at all
        claim("d1", S3, o3,                                                       # unmatched predicted claim
              actors=[actor("Havana", "GPE")],
              counts=[count(5, 5, "exact", "tankers", "5 tankers")],
              dates=[date("2025", "2025", start=DOC.index("2025"))],
              attribution=[attr("Donald Trump", cue="warned")]),
    ]
    return gold, pred


# Hand computation, claim by claim (G = gold, P = pred):
#   claims: G0~P0, G1~P1 matched; G2 missed; P3 spurious           -> tp 2, fp 1, fn 1
#           P = 2/3, R = 2/3, F1 = 2/3 (same lenient)
#   actors: G0 {Delcy Rodríguez, Foro Penal} vs {Delcy Rodríguez, Prisoners Defenders} -> tp1 fp1 fn1
#           G1 {Cuba} vs {Cuba} -> tp1;  G2 {Amnesty International} -> fn1;  P3 {Havana} -> fp1
#           total tp 2, fp 2, fn 2 -> P = R = F1 = 0.5 ("Prisoners Defenders" shares no token
#           with "Foro Penal", so lenient is the same)
#   actor types: strict-matched actors Delcy (PERSON=PERSON), Cuba (GPE vs ORG) -> 1/2 = 0.5
#   counts strict: G0 approx 300 vs exact 300 -> fp1 fn1; G1 both equal -> tp2; P3 -> fp1
#           tp 2, fp 2, fn 1 -> P = 2/4 = 0.5, R = 2/3, F1 = 2*0.5*(2/3)/(0.5+2/3) = 4/7 = 0.5714
#   counts lenient: G0 low 300 == 300 -> tp; G1 tp2; P3 fp1
#           tp 3, fp 1, fn 0 -> P = 3/4 = 0.75, R = 1.0, F1 = 1.5/1.75 = 6/7 = 0.8571
#   count units: strict-matched pairs of G1: "political prisoners"~"prisoners" (head prisoner) ok,
#           null vs "cases" wrong -> 1/2 = 0.5
#   dates strict: G0 2026-01-03 vs 2025-01-03 -> fp1 fn1; G1 tp1; P3 fp1
#           tp 1, fp 2, fn 1 -> P = 1/3, R = 1/2, F1 = 2*(1/3)(1/2)/(5/6) = 0.4
#   dates lenient: G0 "January 3" inside "on January 3" -> tp; G1 tp; P3 fp
#           tp 2, fp 1, fn 0 -> P = 2/3, R = 1.0, F1 = (4/3)/(5/3) = 0.8
#   attribution: G0 {Delcy, Foro Penal} vs {Delcy, Foro Penal, Chavismo} -> tp2 fp1
#           G2 {Amnesty International} -> fn1;  P3 {Donald Trump} -> fp1
#           tp 2, fp 2, fn 1 -> P = 0.5, R = 2/3, F1 = 4/7 = 0.5714 (same lenient)
EXPECTED_PARTLY_WRONG = {
    ("claims", "strict"): (2, 1, 1, 2 / 3, 2 / 3, 2 / 3),
    ("claims", "lenient"): (2, 1, 1, 2 / 3, 2 / 3, 2 / 3),
    ("actors", "strict"): (2, 2, 2, 0.5, 0.5, 0.5),
    ("actors", "lenient"): (2, 2, 2, 0.5, 0.5, 0.5),
    ("counts", "strict"): (2, 2, 1, 0.5, 2 / 3, 4 / 7),
    ("counts", "lenient"): (3, 1, 0, 0.75, 1.0, 6 / 7),
    ("dates", "strict"): (1, 2, 1, 1 / 3, 0.5, 0.4),
    ("dates", "lenient"): (2, 1, 0, 2 / 3, 1.0, 0.8),
    ("attribution", "strict"): (2, 2, 1, 0.5, 2 / 3, 4 / 7),
    ("attribution", "lenient"): (2, 2, 1, 0.5, 2 / 3, 4 / 7),
}


@pytest.fixture
def partly_wrong_files(tmp_path):
    gold, pred = _partly_wrong()
    return write_jsonl(tmp_path / "gold.jsonl", gold), write_jsonl(tmp_path / "pred.jsonl", pred)


@pytest.mark.parametrize("field_mode", sorted(EXPECTED_PARTLY_WRONG), ids=lambda fm: f"{fm[0]}-{fm[1]}")
def test_partly_wrong_prediction(partly_wrong_files, field_mode):
    result = evaluate_files([partly_wrong_files[0]], [partly_wrong_files[1]])
    f, m = field_mode
    # one document: the per-document scores are the overall ones
    for scope in (result["overall"], result["documents"]["d1"]):
        assert_prf(scope[f][m], *EXPECTED_PARTLY_WRONG[field_mode])


def test_partly_wrong_prediction_type_and_unit_accuracy(partly_wrong_files):
    result = evaluate_files([partly_wrong_files[0]], [partly_wrong_files[1]])
    for scope in (result["overall"], result["documents"]["d1"]):
        assert scope["actor_types"]["accuracy"] == pytest.approx(0.5)
        assert scope["count_units"]["accuracy"] == pytest.approx(0.5)


def test_cli_evaluate_json_shape_and_scores(partly_wrong_files):
    gold, pred = partly_wrong_files
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"overall", "documents"} <= set(data)
    assert list(data["documents"]) == ["d1"]
    for scope in (data["overall"], data["documents"]["d1"]):
        assert set(FIELDS) | {"actor_types", "count_units"} <= set(scope)
        for f in FIELDS:
            assert set(scope[f]) >= set(MODES)
            for m in MODES:
                assert SCORE_KEYS <= set(scope[f][m]), (f, m)
                for k in ("tp", "fp", "fn"):
                    assert isinstance(scope[f][m][k], int)
                for k in ("precision", "recall", "f1"):
                    assert 0.0 <= scope[f][m][k] <= 1.0
        assert "accuracy" in scope["actor_types"] and "accuracy" in scope["count_units"]
    # and the numbers are the hand-computed ones
    for (f, m), expected in EXPECTED_PARTLY_WRONG.items():
        assert_prf(data["overall"][f][m], *expected)
    assert data["overall"]["actor_types"]["accuracy"] == pytest.approx(0.5)


def test_cli_evaluate_table(partly_wrong_files):
    gold, pred = partly_wrong_files
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--pred", str(pred)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for f in FIELDS:
        assert any(line.split()[:1] == [f] for line in lines), f
    # counts strict P 0.5, R 0.667, F1 0.571 (see hand computation above)
    counts_line = next(line for line in lines if line.startswith("counts"))
    assert "0.500" in counts_line and "0.667" in counts_line and "0.571" in counts_line


# --- matching rules ------------------------------------------------------------------------------------

def test_claims_matched_by_whitespace_normalised_text_when_gold_lacks_offsets(tmp_path):
    gold = [claim("d", "Delcy Rodríguez announced  an amnesty law.", with_offsets=False,
                  actors=[actor("Delcy Rodríguez")]),
            claim("d", "Cuba holds more than a thousand political prisoners.", with_offsets=False)]
    pred = [claim("d", "Delcy Rodríguez announced\nan amnesty law.", 17, actors=[actor("Delcy Rodríguez")]),
            claim("d", "Cuba holds more than a thousand prisoners.", 60)]   # different text: no match
    result = score(tmp_path, gold, pred)
    o = result["overall"]
    # claims: first pair equal after whitespace normalisation -> tp 1; second: fp 1, fn 1
    assert_prf(o["claims"]["strict"], 1, 1, 1, 0.5, 0.5, 0.5)
    # the actor of the matched claim is scored within it: tp 1
    assert_prf(o["actors"]["strict"], 1, 0, 0, 1.0, 1.0, 1.0)


def test_claims_matched_by_overlap_not_by_equal_offsets(tmp_path):
    # gold sentence 10..60; pred covers 5..40 (overlap 30) -> a hit; pred 100..120 -> no overlap.
    gold = [{"doc_id": "d", "text": "g" * 50, "start": 10, "end": 60}]
    pred = [{"doc_id": "d", "text": "p" * 35, "start": 5, "end": 40},
            {"doc_id": "d", "text": "q" * 20, "start": 100, "end": 120}]
    o = score(tmp_path, gold, pred)["overall"]
    # tp 1, fp 1, fn 0 -> P 0.5, R 1.0, F1 = 1/1.5 = 0.6667
    assert_prf(o["claims"]["strict"], 1, 1, 0, 0.5, 1.0, 2 / 3)


# (gold name, predicted name, strict hit, lenient hit)
NAME_CASES = [
    ("Nicolás Maduro", "nicolas maduro", True, True),                 # case and accents
    ("NICOLÁS MADURO", "Nicolas Maduro", True, True),
    ("Foro Penal", "the Foro Penal", True, True),                     # leading "the"
    ("The Vatican", "Vatican", True, True),
    ("O'Brien", "OBrien", True, True),                                # apostrophe
    ("O’Brien", "O'Brien", True, True),                               # curly apostrophe
    ("Prisoners Defenders", "PrisonersDefenders", True, True),        # spaces
    ("Prisoners Defenders", "Prisoners  Defenders", True, True),
    ("Delcy Rodríguez", "Rodríguez", False, True),                    # lenient: token overlap
    ("Delcy Rodríguez", "Delcy Rodriguez", True, True),
    ("Foro Penal", "Prisoners Defenders", False, False),
    ("the Vatican", "the Kremlin", False, False),                     # "the" is no shared token
    ("Theresa May", "Resa May", False, True),                         # "The" inside a word is kept
]


@pytest.mark.parametrize("field", ["actors", "attribution"])
@pytest.mark.parametrize("gold_name,pred_name,strict,lenient", NAME_CASES)
def test_name_comparison(tmp_path, field, gold_name, pred_name, strict, lenient):
    def rec(name):
        kw = ({"actors": [actor(name, "ORG")]} if field == "actors" else {"attribution": [attr(name)]})
        return claim("d", "Some sentence.", 0, **kw)
    result = score(tmp_path, [rec(gold_name)], [rec(pred_name)])
    o = result["overall"][field]
    # one gold item, one predicted item: a hit is tp 1 fp 0 fn 0, a miss tp 0 fp 1 fn 1
    assert (o["strict"]["tp"], o["strict"]["fp"], o["strict"]["fn"]) == ((1, 0, 0) if strict else (0, 1, 1))
    assert (o["lenient"]["tp"], o["lenient"]["fp"], o["lenient"]["fn"]) == ((1, 0, 0) if lenient else (0, 1, 1))


def test_actor_names_scored_as_a_set_per_claim(tmp_path):
    # gold: Delcy Rodríguez twice (two mentions, one name) + Maduro; pred: Delcy once, Maduro twice.
    gold = [claim("d", "s", 0, actors=[actor("Delcy Rodríguez", text="Delcy Rodríguez"),
                                        actor("Delcy Rodríguez", text="she"), actor("Nicolás Maduro")])]
    pred = [claim("d", "s", 0, actors=[actor("Delcy Rodríguez"), actor("Nicolás Maduro", text="Maduro"),
                                        actor("nicolas maduro", text="he")])]
    o = score(tmp_path, gold, pred)["overall"]
    # distinct names: {Delcy Rodríguez, Nicolás Maduro} on both sides -> tp 2, fp 0, fn 0
    assert_prf(o["actors"]["strict"], 2, 0, 0, 1.0, 1.0, 1.0)


def test_actor_type_accuracy_counts_only_strictly_matched_actors(tmp_path):
    gold = [claim("d", "s", 0, actors=[actor("Cuba", "GPE"), actor("Foro Penal", "ORG"), actor("Delcy Rodríguez")])]
    pred = [claim("d", "s", 0, actors=[actor("Cuba", "ORG"), actor("Foro Penal", "ORG"), actor("Rodríguez", "ORG")])]
    o = score(tmp_path, gold, pred)["overall"]
    # strictly matched: Cuba (GPE vs ORG: wrong), Foro Penal (ORG: right); "Rodríguez" matches only
    # leniently, so it is not counted -> accuracy 1/2
    assert o["actor_types"]["accuracy"] == pytest.approx(0.5)
    assert o["actors"]["strict"]["tp"] == 2 and o["actors"]["lenient"]["tp"] == 3


# (gold count, predicted count, strict hit, lenient hit)
COUNT_CASES = [
    ((302, 600, "range"), (302, 600, "range"), True, True),
    ((1197, 1197, "exact"), (1197.0, 1197.0, "exact"), True, True),                  # int == float
    ((300, 300, "approximate"), (300, 300, "exact"), False, True),                  # qualifier differs
    ((1000, None, "more_than"), (1000, None, "at_least"), False, True),
    ((None, 50, "less_than"), (None, 50, "at_most"), False, True),                  # high equal
    ((302, 600, "range"), (302, 650, "range"), False, True),                        # low equal
    ((302, 600, "range"), (300, 600, "range"), False, True),                        # high equal
    ((1000, None, "more_than"), (1001, None, "more_than"), False, False),
    ((1000, None, "more_than"), (1000, 1000, "more_than"), False, True),            # high None vs 1000
]


@pytest.mark.parametrize("g,p,strict,lenient", COUNT_CASES)
def test_count_comparison(tmp_path, g, p, strict, lenient):
    result = score(tmp_path, [claim("d", "s", 0, counts=[count(*g)])], [claim("d", "s", 0, counts=[count(*p)])])
    o = result["overall"]["counts"]
    assert o["strict"]["tp"] == int(strict) and o["strict"]["fp"] == 1 - int(strict)
    assert o["lenient"]["tp"] == int(lenient) and o["lenient"]["fn"] == 1 - int(lenient)


# (gold unit, predicted unit, equal)
UNIT_CASES = [
    ("prisoners", "prisoner", True),
    ("prisoner", "prisoners", True),
    ("Prisoners", "prisoners", True),
    ("political and conscience prisoners", "prisoners", True),    # head word
    ("political prisoners", "political detainees", False),
    ("countries", "country", True),
    (None, None, True),
    (None, "prisoners", False),
    ("detainees", None, False),
    ("USD", "usd", True),
    ("prisoners of conscience", "prisoners", True),
    ("small businesses", "small business", True),
    ("buses", "bus", True),
    ("women", "woman", True),
]


@pytest.mark.parametrize("g_unit,p_unit,equal", UNIT_CASES)
def test_count_unit_accuracy(tmp_path, g_unit, p_unit, equal):
    gold = [claim("d", "s", 0, counts=[count(10, 10, "exact", g_unit)])]
    pred = [claim("d", "s", 0, counts=[count(10, 10, "exact", p_unit)])]
    o = score(tmp_path, gold, pred)["overall"]
    assert o["counts"]["strict"]["tp"] == 1          # the unit does not decide the count match
    assert o["count_units"]["accuracy"] == (1.0 if equal else 0.0)


def test_only_date_type_dates_are_scored(tmp_path):
    text = "For six years, monthly, until January 3."
    gold = [claim("d", text, 0,
                  dates=[date("six years", "P6Y", "DURATION"), date("January 3", "2026-01-03")])]
    pred = [claim("d", text, 0,
                  dates=[date("monthly", "P1M", "SET", start=text.index("monthly")),
                         date("January 3", "2026-01-03", start=text.index("January 3")),
                         date("For six years", "P6Y", "DURATION", start=0)])]
    o = score(tmp_path, gold, pred)["overall"]["dates"]
    # only the two DATEs count: tp 1, fp 0, fn 0 (the DURATION and SET on either side are ignored)
    for m in MODES:
        assert_prf(o[m], 1, 0, 0, 1.0, 1.0, 1.0)


def test_date_lenient_needs_overlapping_spans(tmp_path):
    text = "Freed on January 3 and on January 10."
    gold = [claim("d", text, 100, dates=[date("January 3", "2026-01-03")])]
    # wrong value AND a span that does not overlap the gold one ("January 10", offsets 126..136)
    pred = [claim("d", text, 100, dates=[date("January 10", "2026-01-04", start=100 + text.index("January 10"))])]
    o = score(tmp_path, gold, pred)["overall"]["dates"]
    assert (o["strict"]["tp"], o["lenient"]["tp"]) == (0, 0)
    # and the same wrong value on the gold span is a lenient hit (offsets relative to the document)
    pred = [claim("d", text, 100, dates=[date("January 3", "2026-01-04", start=100 + text.index("January 3"))])]
    o = score(tmp_path, gold, pred)["overall"]["dates"]
    assert (o["strict"]["tp"], o["lenient"]["tp"]) == (0, 1)


def test_empty_gold_file_is_an_error_not_a_perfect_score(tmp_path):
    from extractor.evaluate.metrics import EvaluationError
    gold = write_jsonl(tmp_path / "gold.jsonl", [])
    pred = write_jsonl(tmp_path / "pred.jsonl", [claim("d", "s", 0, actors=[actor("Cuba", "GPE")])])
    # nothing was scored (0 tp, 0 fn): reporting F1 1.0 would be a false success
    with pytest.raises(EvaluationError):
        evaluate_files([gold], [pred])


def test_predicted_documents_without_gold_are_not_scored(tmp_path):
    # (behaviour documented in evaluate_records, not in the spec: such documents are listed as
    # "unscored" rather than counted as false positives)
    gold = [claim("A", "s", 0, actors=[actor("Cuba", "GPE")])]
    pred = [claim("A", "s", 0, actors=[actor("Cuba", "GPE")]),
            claim("Z", "t", 0, actors=[actor("Havana", "GPE")])]
    result = score(tmp_path, gold, pred)
    assert list(result["documents"]) == ["A"]
    assert prf(result["overall"]["actors"]["strict"]) == (1, 0, 0, 1.0, 1.0, 1.0)
    assert result["unscored"] == ["Z"]


# --- reading claims files --------------------------------------------------------------------------

GOOD_LINE = b'{"doc_id": "d", "text": "s"}'


@pytest.mark.parametrize("data,message", [
    # the line that is not UTF-8 is named by its number (blank lines count), never "line 0"
    (GOOD_LINE + b"\n\n" + b'{"doc_id": "d", "text": "Caf\xe9"}\n', ":3: not valid UTF-8 (byte 28 of the line)"),
    (b"\xff" + GOOD_LINE + b"\n", ":1: not valid UTF-8 (byte 0 of the line)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ": binary data (NUL bytes), not a text file"),
    (GOOD_LINE.replace(b"}", b', "counts": [{"text": "s", "low": NaN, "high": null, "qualifier": "exact"}]}'),
     ":1: counts.0.low: not a finite number"),
])
def test_read_claims_names_the_file_and_line_it_cannot_read(tmp_path, data, message):
    from extractor.evaluate.metrics import EvaluationError, read_claims
    path = tmp_path / "gold.jsonl"
    path.write_bytes(data)
    with pytest.raises(EvaluationError) as info:
        read_claims([path])
    assert str(info.value) == f"{path}{message}"
