"""Figure groups across articles (docs/figure-groups.md): quantities, groups, statuses."""
import json
from dataclasses import replace

import pytest

from extractor.compare.actors import actor_index
from extractor.compare.figures import default_rules, figure_groups, interval, quantity_of, Report, value_text
from extractor.compare.scoring import GoldGroup, score_groups

RULES = default_rules()


def count(text, low, high=None, qualifier="exact", unit=None, kind="count"):
    return {"text": text, "low": low, "high": low if high is None and qualifier == "exact" else high,
            "qualifier": qualifier, "kind": kind, "unit": unit}


def claim(doc, n, date, text, counts, *, sources=(), places=("Kenya",), dates=()):
    # every mention's text stands in its claim, as the record format requires
    text = text + "".join(f" ({name})" for name in (*places, *sources) if name not in text)
    return {"doc_id": doc, "claim_id": f"{doc}#{n}", "doc_date": date, "text": text, "start": 0, "end": len(text),
            "counts": counts, "dates": [{"text": d, "value": d, "type": "DATE"} for d in dates],
            "actors": [{"text": p, "name": p, "type": "GPE"} for p in places]
            + [{"text": s, "name": s, "type": "ORG"} for s in sources],
            "attribution": [{"source": s, "text": s, "cue": "said"} for s in sources]}


@pytest.mark.parametrize("text, c, expected", [
    ("At least 42 people were killed in Kenya, officials said.", count("At least 42 people", 42, None, "at_least", "people"), "dead"),
    ("Rescuers recovered 17 bodies on Friday.", count("17 bodies", 17, unit="bodies"), "dead"),
    ("The ministry said 302 detainees had been freed.", count("302 detainees", 302, unit="detainees"), "releases"),
    ("The toll from the floods has risen to 219, officials said.", count("219", 219), "dead"),
    ("The coast guard raised the number of survivors to 41.", count("41", 41), "survivors"),
    ("At least six people died and at least 30 were missing.", count("at least 30", 30, None, "at_least"), "missing"),
    ("Rescuers recovered 14 bodies and 31 people remained missing.", count("14 bodies", 14, unit="bodies"), "dead"),
    ("Twelve of the survivors were taken to hospital.", count("Twelve of the survivors", 12, unit="survivors"), "hospitalised"),
    ("Foro Penal has counted 143 releases.", count("143 releases", 143, unit="releases"), "releases"),
    ("Some 600 prisoners remain behind bars.", count("Some 600 prisoners", 600, 600, "approximate", "prisoners"), "held"),
    ("Police arrested 200 people in the capital.", count("200 people", 200, unit="people"), "prisoners"),
    ("Thirty-one migrants are still missing.", count("Thirty-one migrants", 31, unit="migrants"), "missing"),
    ("About 3,000 of the deaths occurred in Goma.", count("About 3,000 of the deaths", 3000, 3000, "approximate", "deaths"), None),
    ("Divers found 20 more bodies on Sunday.", count("20 more bodies", 20, unit="bodies"), None),
    ("The council has four members.", count("four", 4), None),
    ("Some 11 million people live in the region.", count("11 million people", 11_000_000, unit="people"), None),
    ("The union demands a 15% pay rise.", count("15%", 15, unit="%", kind="percent"), "percent/demand"),
    ("The employers offered 4.5% for next year.", count("4.5%", 4.5, unit="%", kind="percent"), "percent/offer"),
    ("Turnout reached 91% on Monday, the union said.", count("91%", 91, unit="%", kind="percent"), "percent/participation"),
    ("The strike costs 9 million euros a day.", count("9 million euros", 9e6, unit="EUR", kind="money"), "money/cost/rate"),
    ("The school has 40% of its roof left.", count("40%", 40, unit="%", kind="percent"), None),
    # the predicate beats a nearer event word that only modifies a noun
    ("All 225 people covered by the review of detentions have been released.", count("225 people", 225, unit="people"), "releases"),
    # people counted by what is granted them count that noun
    ("The prosecutor announced measures for 225 people.", count("225 people", 225, unit="people"), "orders"),
    ("Foro Penal counted 69 minors and dozens of teenagers.", count("dozens of teenagers", 24, None, "approximate", "teenagers"), "minors"),
    # a part takes only an event that happens to it, after it
    ("Thirty-nine people were rescued, five of them children.", count("five of them children", 5, unit="children"), None),
    # a conversion in brackets counts what the sum before it counts; a rate after the brackets
    ("The strike costs about 9 million euros ($10.4 million) a day.", count("about 9 million euros", 9e6, 9e6, "approximate", "EUR", "money"), "money/cost/rate"),
    # a sum takes the topic of the word it is attached to, before a nearer or earlier one in the window
    ("It paid out 4.2 million dinars from its 30-million-dinar fund for medical costs.", count("30-million-dinar", 3e7, unit="TND", kind="money"), "money/fund"),
    ("It paid out 4.2 million dinars from its 30-million-dinar fund for medical costs.", count("4.2 million dinars", 4.2e6, unit="TND", kind="money"), "money/payout"),
    ("The agency fined the company 2.5 million dinars.", count("2.5 million dinars", 2.5e6, unit="TND", kind="money"), "money/fine"),
    ("The government approved a grant of 20,000 dinars.", count("20,000 dinars", 2e4, unit="TND", kind="money"), "money/grant"),
    ("Inspectors found about 2,400 tonnes in a store licensed for 1,500.", count("1,500", 1500, kind="measure"), "measure/limit"),
    ("Inspectors found about 2,400 tonnes in a store licensed for 1,500.", count("about 2,400 tonnes", 2400, 2400, "approximate", "tonnes", "measure"), "measure/stock"),
    # a measure with no topic is of what follows "of"
    ("The dam released 12 million cubic metres of tailings.", count("12 million cubic metres", 1.2e7, unit="cubic metres", kind="measure"), "measure/tailings"),
    ("Officers said the methanol, some 620 litres of it, had been recovered.",
     count("some 620 litres", 620, None, "approximate", "litres", "measure"), "measure/methanol"),
    ("The town lies about 30 km to the west.", count("about 30 km", 30, 30, "approximate", "km", "measure"), None),
    # care given is its own figure; more ways of saying missing
    ("More than 200 residents were treated for breathing problems.", count("More than 200 residents", 200, None, "more_than", "residents"), "treated"),
    ("He said at least 12 men had not been heard from since the blast.", count("at least 12 men", 12, None, "at_least", "men"), "missing"),
])
def test_quantity_of(text, c, expected):
    assert text.find(c["text"]) >= 0
    assert quantity_of(c, text, 0, RULES) == expected


def _report(low, high, qualifier):
    return Report(0, "d", "d#0", None, "", "", None, None, low, high, qualifier, "count", None, "dead", None, (), ())


@pytest.mark.parametrize("low, high, qualifier, expected", [
    (40, 40, "exact", (40, 40)),
    (100, 100, "approximate", (90.0, 110.00000000000001)),
    (50, None, "more_than", (50, float("inf"))),
    (None, 30, "less_than", (0.0, 30)),
    (302, 600, "range", (302, 600)),
])
def test_interval(low, high, qualifier, expected):
    assert interval(_report(low, high, qualifier), 0.1) == pytest.approx(expected)


def _story():
    return [
        claim("wire-1", 0, "2024-05-04", "At least 42 people were killed, the Red Cross said.",
              [count("At least 42 people", 42, None, "at_least", "people")], sources=["Red Cross"]),
        claim("paper-2", 0, "2024-05-04", "The floods killed 41 people, the ministry said.",
              [count("41 people", 41, unit="people")], sources=["Interior Ministry"]),
        claim("wire-3", 0, "2024-05-09", "The ministry said 88 people had been killed.",
              [count("88 people", 88, unit="people")], sources=["Interior Ministry"]),
        claim("paper-4", 1, "2024-05-09", "Residents said 150 people were killed.",
              [count("150 people", 150, unit="people")], sources=["residents' committee"]),
        claim("wire-1", 1, "2024-05-04", "About 3,000 people were displaced.",
              [count("About 3,000 people", 3000, 3000, "approximate", "people")]),
        claim("paper-2", 1, "2024-05-04", "Some 3,200 people have been displaced.",
              [count("Some 3,200 people", 3200, 3200, "approximate", "people")]),
        claim("other-5", 0, "2024-05-04", "In Peru, 12 people were killed.",
              [count("12 people", 12, unit="people")], places=("Peru",)),
    ]


def test_groups_and_statuses_of_a_story():
    groups = figure_groups(_story(), rules=RULES)
    by_quantity = {(g["quantity"], g["reports"][0]["doc_id"]): g for g in groups}
    dead = by_quantity[("dead", "wire-1")]
    assert [r["text"] for r in dead["reports"]] == ["At least 42 people", "41 people", "88 people", "150 people"]
    assert dead["status"] == "conflict"  # 88 (ministry) vs 150 (residents) the same day
    displaced = by_quantity[("displaced", "wire-1")]
    assert displaced["status"] == "agree" and displaced["period"] == "2024-05-04"
    assert by_quantity[("dead", "other-5")]["status"] == "single"  # another place: another group
    assert [g["group_id"] for g in groups] == [f"g{n:05d}" for n in range(1, len(groups) + 1)]


def test_one_source_revising_its_figure_is_an_update():
    story = [c for c in _story() if c["doc_id"] in ("paper-2", "wire-3") and c["claim_id"].endswith("#0")]
    groups = figure_groups(story, rules=RULES)
    assert [g["status"] for g in groups] == ["update"]


def test_far_apart_periods_are_separate_groups():
    a = claim("a", 0, "2024-01-02", "Floods killed 10 people.", [count("10 people", 10, unit="people")])
    b = claim("b", 0, "2024-06-02", "Floods killed 30 people.", [count("30 people", 30, unit="people")])
    assert [g["status"] for g in figure_groups([a, b], rules=RULES)] == ["single", "single"]


def test_output_does_not_depend_on_input_order_of_unrelated_documents():
    story = _story()
    once = json.dumps(figure_groups(story, rules=RULES))
    assert json.dumps(figure_groups(list(story), rules=RULES)) == once


def test_actor_index_merges_names_across_documents():
    claims = [
        {"doc_id": "a", "claim_id": "a#0", "actors": [{"text": "the NGO Foro Penal", "name": "Foro Penal", "type": "ORG"}],
         "attribution": [{"source": "Foro Penal"}]},
        {"doc_id": "b", "claim_id": "b#0", "actors": [{"text": "Foro Penal", "name": "Foro Penal", "type": "ORG"},
                                                      {"text": "Caracas", "name": "Caracas", "type": "GPE"}]},
    ]
    index = actor_index(claims)
    assert index[0] == {"name": "Foro Penal", "type": "ORG", "aliases": ["the NGO Foro Penal", "Foro Penal"],
                        "documents": ["a", "b"], "claims": ["a#0", "b#0"], "n_claims": 2, "n_documents": 2,
                        "as_source": 1}
    assert [a["name"] for a in index] == ["Foro Penal", "Caracas"]


def test_score_groups_pairwise_and_status():
    pred = figure_groups(_story(), rules=RULES)
    gold = [GoldGroup.model_validate(g) for g in [
        {"group_id": "dead", "status": "conflict", "counts": [
            {"doc_id": "wire-1", "text": "At least 42 people"}, {"doc_id": "paper-2", "text": "41 people"},
            {"doc_id": "wire-3", "text": "88 people"}, {"doc_id": "paper-4", "text": "150 people"}]},
        {"group_id": "displaced", "status": "agree", "counts": [
            {"doc_id": "wire-1", "text": "About 3,000 people"}, {"doc_id": "paper-2", "text": "Some 3,200 people"}]},
        {"group_id": "peru", "status": "single", "counts": [{"doc_id": "other-5", "text": "12 people"}]},
    ]]
    result = score_groups(gold, pred)
    assert result["pairwise"]["f1"] == 1.0 and result["pairwise"]["tp"] == 7
    assert result["status"]["accuracy"] == 1.0 and result["status"]["total"] == 2
    wrong = [GoldGroup.model_validate({"group_id": "x", "status": "agree", "counts": [
        {"doc_id": "wire-1", "text": "At least 42 people"}, {"doc_id": "other-5", "text": "12 people"}]})]
    scored = score_groups(wrong, pred)
    assert scored["pairwise"]["tp"] == 0 and scored["pairwise"]["fn"] == 1 and scored["status"]["accuracy"] == 0.0


def test_the_report_and_the_summary_list_figures_across_articles_conflicts_first():
    from extractor.report.html import render_report
    from extractor.report.summary import format_summary, summarize
    from extractor.schemas import GoldClaim

    claims = [GoldClaim.model_validate(c) for c in _story()]
    page = render_report(claims)
    section = page[page.index('<section id="figures">'):page.index('<section id="documents">')]
    assert section.index("conflict: dead") < section.index("agree: displaced")
    assert "more than" not in section and "at least 42" in section and 'href="#doc-' in section
    text = format_summary(summarize(claims), figures=figure_groups(_story(), rules=RULES))
    across = text[text.index("== Figures across articles"):]
    assert across.splitlines()[1].startswith("CONFLICT: dead")
    assert "Red Cross" in across and "UPDATE" not in across.split("AGREE")[0].split("CONFLICT")[0]


def test_one_document_has_no_figures_section():
    from extractor.report.html import render_report
    from extractor.schemas import GoldClaim

    one = [GoldClaim.model_validate(c) for c in _story() if c["doc_id"] == "wire-1"]
    assert '<section id="figures">' not in render_report(one)


def _two(text_a, count_a, text_b, count_b, *, places_a=("Kenya",), places_b=("Kenya",), same_doc=False,
         date_b="2024-05-06", dates_a=()):
    a = claim("wire-1", 0, "2024-05-04", text_a, [count_a], places=places_a)
    a["dates"] = [{"text": t, "value": v, "type": "DATE"} for t, v in dates_a]  # (text in the claim, value)
    b = claim("wire-1" if same_doc else "paper-2", 1, date_b, text_b, [count_b], places=places_b)
    return [a, b]


@pytest.mark.parametrize("claims, together", [
    # a town's figure and the nation's are two figures; the nation's goes with its country's
    (_two("In Kenya, 219 people have died in the floods.", count("219 people", 219, unit="people"),
          "More than 50 bodies were recovered in Mai Mahiu.", count("More than 50 bodies", 50, None, "more_than", "bodies"),
          places_b=("Kenya", "Mai Mahiu")), False),
    (_two("In Kenya, 219 people have died in the floods.", count("219 people", 219, unit="people"),
          "The national death toll rose to 229.", count("229", 229)), True),
    # words that qualify the unit, and generic nouns, keep counts apart
    (_two("Two patrol boats joined the search.", count("Two patrol boats", 2, unit="patrol boats"),
          "Four merchant ships joined the search.", count("Four merchant ships", 4, unit="merchant ships")), False),
    (_two("In all, 46,937 households have been displaced.", count("46,937 households", 46937, unit="households"),
          "About 234,685 people have been displaced.", count("About 234,685 people", 234685, 234685, "approximate", "people")), False),
    # one article's two values of one quantity are one figure (a dispute or a change)
    (_two("The ministry counts 49 people missing.", count("49 people", 49, unit="people"),
          "Families say 88 people are missing.", count("88 people", 88, unit="people"), same_doc=True, date_b="2024-05-04"), True),
    # a date the figure started from is not its period ("since the rains began in March")
    (_two("Since the rains began in March, 219 people have died.", count("219 people", 219, unit="people"),
          "Floods have killed 229 people.", count("229 people", 229, unit="people"), dates_a=[("March", "2024-03")]), True),
    (_two("In 2019, 300 people died in floods.", count("300 people", 300, unit="people"),
          "Floods have killed 229 people.", count("229 people", 229, unit="people"), dates_a=[("2019", "2019")]), False),
    # what the clause says caused a count: an outbreak's dead are not a storm's, whatever the place
    (_two("A measles outbreak has killed 40 people in the province.", count("40 people", 40, unit="people"),
          "Landslides after the storm killed 44 people.", count("44 people", 44, unit="people")), False),
    (_two("A measles outbreak has killed 40 people.", count("40 people", 40, unit="people"),
          "The toll has risen to 44, officials said.", count("44", 44)), True),
    # a place named with and without the word of its kind is one place
    (_two("In Kaduna state, 30 people have died of cholera.", count("30 people", 30, unit="people"),
          "Cholera has killed 35 people in Kaduna.", count("35 people", 35, unit="people"),
          places_a=("Kaduna state",), places_b=("Kaduna",)), True),
    # confirmed and suspected cases are two figures; new cases in a week are not the running total
    (_two("Clinics have recorded 900 suspected cases.", count("900 suspected cases", 900, unit="suspected cases"),
          "Laboratories have confirmed 120 cases.", count("120 cases", 120, unit="cases")), False),
    (_two("Clinics have recorded 900 suspected cases.", count("900 suspected cases", 900, unit="suspected cases"),
          "Clinics recorded 150 new suspected cases last week.",
          count("150 new suspected cases", 150, unit="new suspected cases")), False),
    # a date after "since" between the count and it is when the figure began, not its period
    (_two("Clinics have recorded 900 suspected cases since the outbreak was declared in March.",
          count("900 suspected cases", 900, unit="suspected cases"),
          "Some 950 suspected cases have been recorded.", count("Some 950 suspected cases", 950, 950, "approximate",
                                                                 "suspected cases"),
          dates_a=[("March", "2024-03")]), True),
])
def test_which_reports_group_together(claims, together):
    groups = figure_groups(claims, rules=RULES)
    assert (len(groups) == 1) is together


@pytest.mark.parametrize("values, same_doc, sourced, expected", [
    ((49, 88), True, True, "conflict"),     # two values for one day, a named source behind one of them
    ((49, 88), True, False, "update"),      # one article's two figures nobody is named for: not a dispute
    ((49, 88), False, False, "update"),     # two days apart: the figure changed
    ((219, 229), False, True, "update"),
    ((75, 75), False, True, "agree"),
])
def test_status_of_two_reports(values, same_doc, sourced, expected):
    a, b = values
    claims = _two(f"The ministry said {a} people are missing.", count(f"{a} people", a, unit="people"),
                  f"Families said {b} people are missing.", count(f"{b} people", b, unit="people"),
                  same_doc=same_doc, date_b="2024-05-04" if same_doc else "2024-05-06")
    if sourced:
        claims[0]["attribution"] = [{"source": "Ministry of Interior", "text": "The ministry", "cue": "said"}]
    assert [g["status"] for g in figure_groups(claims, rules=RULES)] == [expected]


def test_a_week_date_is_its_monday():
    from extractor.compare.figures import _first_day
    assert str(_first_day("2024-W19")) == "2024-05-06"


@pytest.mark.parametrize("gold, pred, same", [
    ("at least 75", "75", True),
    ("49 people", "49 people", True),
    ("49 people", "9", False),  # a mis-split count must not take another count's gold
    ("About 206,000 people", "206,000", True),
])
def test_gold_and_predicted_counts_align_on_whole_words(gold, pred, same):
    from extractor.compare.scoring import _same_text
    assert _same_text(gold, pred) is same


# -- second round (issue 16): the event's state, the verb's object, dates, parts, sources -------

@pytest.mark.parametrize("text, c, expected", [
    # the count is the object of the verb before it; a relative clause is not its predicate
    ("Authorities released at least 107 people on Saturday who had been jailed during the protests.",
     count("at least 107 people", 107, None, "at_least", "people"), "releases"),
    # a state word before the event: those still held are not those arrested
    ("The group said more than 1,700 people remained in detention.",
     count("more than 1,700 people", 1700, None, "more_than", "people"), "held"),
    ("At least 1,600 people remain behind bars.", count("At least 1,600 people", 1600, None, "at_least", "people"), "held"),
    ("The authorities say about 2,400 people were arrested.",
     count("about 2,400 people", 2400, 2400, "approximate", "people"), "prisoners"),
    # the future: not yet done
    ("Relatives were told that more than 80 inmates would be freed.",
     count("more than 80 inmates", 80, None, "more_than", "inmates"), "releases/expected"),
    ("The group interviewed 31 former detainees.", count("31 former detainees", 31, unit="former detainees"),
     "prisoners/former"),
    # a count of speakers: the event after their speech verb is not theirs
    ("Nearly all described overcrowded cells, and 12 said they had been beaten at the time of arrest.",
     count("12", 12), None),
    ("The toll rose to nine, the coast guard said, as hope faded for dozens still unaccounted for.",
     count("nine", 9), "dead"),
    ("The coast guard said 31 people remained missing.", count("31 people", 31, unit="people"), "missing"),
    # places counted by what is in them
    ("The government has opened 115 camps in 19 counties.", count("19 counties", 19, unit="counties"), "counties/camps"),
    ("Forecasters expect heavy rain in 20 counties.", count("20 counties", 20, unit="counties"), "counties/rain"),
])
def test_quantity_of_events_states_and_places(text, c, expected):
    assert text.find(c["text"]) >= 0
    assert quantity_of(c, text, 0, RULES) == expected


@pytest.mark.parametrize("value, expected", [
    ("2024-W18-WE", "2024-05-04"),  # a weekend: its Saturday
    ("2024-Q2", "2024-04-01"),
    ("2024-H2", "2024-07-01"),
    ("2024-05-03TNI", "2024-05-03"),
    ("2024-05", "2024-05-01"),
    ("2024", "2024-01-01"),
    ("P3D", None),
])
def test_first_day_of_date_values(value, expected):
    from extractor.compare.figures import _first_day
    day = _first_day(value)
    assert (day.isoformat() if day else None) == expected


@pytest.mark.parametrize("text, qualifier, low, high, expected", [
    ("as many as 70 people", "at_most", None, 70, (63.0, 70)),  # an estimate's top is the source's figure
    ("up to 70 people", "at_most", None, 70, (63.0, 70)),
    ("at most 70 people", "at_most", None, 70, (0.0, 70)),  # a bound allows anything below
])
def test_interval_of_upper_bounds(text, qualifier, low, high, expected):
    r = replace(_report(low, high, qualifier), text=text)
    assert interval(r, 0.1, RULES.estimate_ceilings) == pytest.approx(expected)


def _reports(claims):
    from extractor.compare.figures import reports_of
    return {r.text: r for r in reports_of(claims, RULES)}


def _dated(text, counts, dates, doc="d", n=0, doc_date="2024-12-16", **kw):
    c = claim(doc, n, doc_date, text, counts, **kw)
    c["dates"] = [{"text": t, "value": v, "type": "DATE"} for t, v in dates]
    return c


@pytest.mark.parametrize("claims, text, field, expected", [
    # a date goes to the count before it, else to the first after it
    ([_dated("On Saturday the ministry said 103 detainees had been freed, in addition to the 225 released in "
             "mid-November, putting the total at 328.",
             [count("103 detainees", 103, unit="detainees"), count("225", 225), count("328", 328)],
             [("Saturday", "2024-12-14"), ("mid-November", "2024-11")])], "225", "period", "2024-11-01"),
    ([_dated("On Saturday the ministry said 103 detainees had been freed, in addition to the 225 released in "
             "mid-November, putting the total at 328.",
             [count("103 detainees", 103, unit="detainees"), count("225", 225), count("328", 328)],
             [("Saturday", "2024-12-14"), ("mid-November", "2024-11")])], "328", "period", "2024-12-16"),
    # "the number had fallen to 21": what the document counted last, given as a change
    ([_dated("The backlog peaked when 34 ships were waiting at anchor.", [count("34 ships", 34, unit="ships")], []),
      _dated("By Thursday the number had fallen to 21.", [count("21", 21)], [], n=1)], "21", "quantity", "vessels"),
    ([_dated("The backlog peaked when 34 ships were waiting at anchor.", [count("34 ships", 34, unit="ships")], []),
      _dated("By Thursday the number had fallen to 21.", [count("21", 21)], [], n=1)], "21", "after_from", True),
    # a pronoun part with nothing counted after it counts its antecedent
    ([_dated("All 225 people covered by the review have been released.", [count("225 people", 225, unit="people")], []),
      _dated("The rights group says it can verify only 143 of them, and mothers wait outside.",
             [count("143", 143)], [], n=1)], "143", "quantity", "releases"),
    # a sum of a topic the document gave as a rate is that rate
    ([_dated("The ministry said dockworkers earn 2,300 euros a month.",
             [count("2,300 euros", 2300, unit="EUR", kind="money")], []),
      _dated("The union said average earnings were closer to 1,600 euros.",
             [count("1,600 euros", 1600, unit="EUR", kind="money")], [], n=1)], "1,600 euros", "quantity",
     "money/earnings/rate"),
])
def test_report_context(claims, text, field, expected):
    value = getattr(_reports(claims)[text], field)
    assert (value.isoformat() if hasattr(value, "isoformat") else value) == expected


def test_a_source_speaks_only_for_its_part_of_the_sentence():
    text = ("The ministry puts the number of displaced at about 235,000, but the Relief Network estimates "
            "that more than 400,000 people have left their homes.")
    c = claim("d", 0, "2024-05-09", text, [count("about 235,000", 235000, 235000, "approximate"),
                                           count("more than 400,000 people", 400000, None, "more_than", "people")])
    c["attribution"] = [{"source": "Relief Network", "text": "the Relief Network", "cue": "estimates"}]
    reports = _reports([c])
    assert reports["about 235,000"].sources == () and reports["more than 400,000 people"].sources == ("Relief Network",)


def test_a_count_right_after_a_figure_of_the_nation_is_national():
    a = claim("n", 0, "2024-05-06", "One more person died, bringing the national death toll to 229.", [count("229", 229)],
              places=())
    b = claim("n", 1, "2024-05-06", "The ministry said at least 75 people were still missing.",
              [count("at least 75 people", 75, None, "at_least", "people")], places=())
    assert "*national*" in _reports([a, b])["at least 75 people"].marks.places


def _spanned(c):
    """Gives every actor of a test claim its character span, as extracted claims have."""
    for a in c["actors"]:
        a["start"] = c["text"].find(a["text"])
        a["end"] = a["start"] + len(a["text"])
    return c


@pytest.mark.parametrize("text, places, sources, expected", [
    # "National" in a body's name does not make its figure the nation's
    ("The National Disaster Agency said floods had killed 12 people in Kaduna.", ("Kaduna",),
     ("National Disaster Agency",), ["kaduna"]),
    # a national figure that lists where most of it fell is still the nation's
    ("Nationally, 96 people have died, most of them in Kaduna and Kano.", ("Kaduna", "Kano"), (), ["*national*"]),
    # (the part after the comma is not the count's clause: its places are where the part fell)
    ("Nationally, 96 people have died, most of them in Nigeria.", ("Nigeria",), (), ["*national*"]),
    ("Nationally, 96 people have died in Nigeria.", ("Nigeria",), (), ["*national*", "nigeria"]),
])
def test_places_of_national_figures(text, places, sources, expected):
    c = _spanned(claim("d", 0, "2024-05-06", text, [count("12 people" if "12" in text else "96 people",
                                                          12 if "12" in text else 96, unit="people")],
                       places=places, sources=sources))
    assert sorted(next(iter(_reports([c]).values())).marks.places) == expected


def test_a_provincial_figure_is_about_the_documents_region():
    a = claim("d", 0, "2024-05-06", "Cholera has spread across Kaduna, officials in Kaduna said.", [], places=("Kaduna",))
    b = claim("d", 1, "2024-05-06", "The provincial death toll stood at 73.", [count("73", 73)], places=())
    assert sorted(_reports([a, b])["73"].marks.places) == ["kaduna"]


def test_a_regional_body_resolved_to_a_place_names_no_place():
    b = claim("d", 1, "2024-05-06", "Among the 27 victims are seven children, according to the provincial government.",
              [count("27 victims", 27, unit="victims")], places=())
    b["actors"] = [{"text": "the provincial government", "name": "Cebu", "type": "GPE",
                    "start": b["text"].find("the provincial"), "end": b["text"].find("the provincial") + 25}]
    assert sorted(_reports([b])["27 victims"].marks.places) == []


def test_a_regional_body_in_the_possessive_names_no_region():
    a = claim("d", 0, "2024-05-06", "Cholera has spread across Kaduna, officials in Kaduna said.", [], places=("Kaduna",))
    b = claim("d", 1, "2024-05-06", "Among the 27 victims are seven children, according to the provincial "
              "government's list.", [count("27 victims", 27, unit="victims")], places=())
    assert sorted(_reports([a, b])["27 victims"].marks.places) == []


@pytest.mark.parametrize("second, expected", [
    # a provincial figure is about the place the document names with the word "province"
    ("The provincial death toll stood at 73.", ["kaduna"]),
    # "the province" resolved by the input to another place is left to that rule too
    ("The death toll in the province stood at 73.", ["kaduna"]),
])
def test_a_region_is_the_place_named_with_its_kind(second, expected):
    a = claim("d", 0, "2024-05-06", "Cholera has reached Kaduna province and the town of Zaria.", [],
              places=("Kaduna province", "Zaria"))
    b = claim("d", 1, "2024-05-06", second, [count("73", 73)], places=())
    if "the province" in second:
        b["actors"] = [{"text": "the province", "name": "Zaria", "type": "GPE",
                        "start": second.find("the province"), "end": second.find("the province") + 12}]
    assert sorted(_reports([_spanned(a), b])["73"].marks.places) == expected


@pytest.mark.parametrize("text, c, expected", [
    # a noun of people by what they do, with an event said of them, counts as the event's
    ("More than 150 miners remained unaccounted for.", count("More than 150 miners", 150, None, "more_than", "miners"),
     "missing"),
    ("Twelve technicians were killed in the explosion.", count("Twelve technicians", 12, unit="technicians"), "dead"),
    # ... and a noun of its own otherwise
    ("As many as 200 miners were at the camp.", count("As many as 200 miners", None, 200, "at_most", "miners"), "miners"),
    # a speech verb followed by an event word is a passive report, not a count of speakers
    ("Volunteers listed 112 people reported missing by relatives.", count("112 people", 112, unit="people"), "missing"),
    ("Rescuers pulled 11 people out alive.", count("11 people", 11, unit="people"), "survivors"),
    ("About 1,100 personnel took part in the search.",
     count("About 1,100 personnel", 1100, 1100, "approximate", "personnel"), "rescuers"),
    # a fronted partitive makes the count a part; a part's event is not the noun of its whole
    ("Of the 61 dead, 34 were residents of the village.", count("34", 34), None),
    ("Six of the injured remained in intensive care.", count("Six", 6), "intensive care"),
    # who is in hospital now, not who was taken there; critical condition is a figure of its own
    ("Of those, 11 remained in hospital on Monday.", count("11", 11), "inpatients"),
    ("According to a bulletin, 52 people remain hospitalised.", count("52 people", 52, unit="people"), "inpatients"),
    ("Doctors said four patients were in critical condition.", count("four patients", 4, unit="patients"), "critical"),
    ("The provincial health office said 38 people had been taken to hospitals.",
     count("38 people", 38, unit="people"), "hospitalised"),
    # where people were before is not what became of them
    ("The desk has collected 31 names of people who were known to have boarded and have not been seen since.",
     count("31 names", 31, unit="names"), "missing"),
    ("The coast guard now estimates that about 290 people were aboard.",
     count("about 290 people", 290, None, "approximate", "people"), "aboard"),
    # two -ing forms joined by "and" are one phrase: the predicate is past them
    ("Police said three men suspected of making and selling the liquor had been detained.",
     count("three men", 3, unit="men"), "prisoners"),
    # a generic noun qualified by an event word is that event's class
    ("Its members recorded more than 70 injured passengers.",
     count("more than 70 injured passengers", 70, None, "more_than", "injured passengers"), "injured"),
])
def test_quantity_of_people_parts_and_passive_reports(text, c, expected):
    assert text.find(c["text"]) >= 0
    assert quantity_of(c, text, 0, RULES) == expected


@pytest.mark.parametrize("word, base", [
    ("rising", "rise"), ("rises", "rise"), ("climbed", "climb"), ("dropping", "drop"), ("raised", "raise"),
    ("tallied", "tally"), ("rose", "rose"),
])
def test_verb_forms(word, base):
    from extractor.compare.figures import verb_forms
    assert base in verb_forms(word)


def test_a_change_with_no_count_before_it_counts_the_noun_named_before_it():
    c = _dated("The agency's toll climbed through the day as excavators reached the site, rising to 27 in the "
               "evening from 19 at midday.", [count("27", 27), count("19", 19)], [])
    reports = _reports([c])
    assert (reports["27"].quantity, reports["19"].quantity, reports["27"].after_from) == ("dead", "dead", True)


@pytest.mark.parametrize("claims, together", [
    # every generic noun but a collective one counts people
    (_two("About 60 others were missing.", count("About 60 others", 60, 60, "approximate", "others"),
          "Some 45 people were still missing.", count("Some 45 people", 45, 45, "approximate", "people")), True),
    (_two("Twelve workers were killed in the blast.", count("Twelve workers", 12, unit="workers"),
          "The blast killed 14 people.", count("14 people", 14, unit="people")), True),
    # a count with no noun takes the generic noun before it in its clause
    (_two("The regency put the number of displaced households at 870.", count("870", 870),
          "About 3,000 people had been displaced.", count("About 3,000 people", 3000, 3000, "approximate", "people")),
     False),
    # a place beside its country is that place's figure, which a figure of the country alone still meets
    (_two("Floods killed 12 people on Halmahera island in Indonesia.", count("12 people", 12, unit="people"),
          "Floods killed 14 people in Indonesia.", count("14 people", 14, unit="people"),
          places_a=("Halmahera", "Indonesia"), places_b=("Indonesia",)), True),
    # two places below the country must share one; the nation's figure is never a place's
    (_two("Floods killed 12 people on Halmahera island in Indonesia.", count("12 people", 12, unit="people"),
          "Floods killed 14 people in Sulawesi, Indonesia.", count("14 people", 14, unit="people"),
          places_a=("Halmahera", "Indonesia"), places_b=("Sulawesi", "Indonesia")), False),
    (_two("Floods killed 12 people on Halmahera island in Indonesia.", count("12 people", 12, unit="people"),
          "Floods have killed 214 people across Indonesia this year.", count("214 people", 214, unit="people"),
          places_a=("Halmahera", "Indonesia"), places_b=("Indonesia",)), False),
])
def test_which_reports_group_together_people_and_places(claims, together):
    groups = figure_groups([_spanned(c) for c in claims], rules=RULES)
    assert (len(groups) == 1) is together


@pytest.mark.parametrize("first, second, expected", [
    # a later figure from another source is no earlier value of a change: a conflict
    ("The toll has risen to 58, the agency said.", "Miners said at least 80 people had died.", "conflict"),
    # the figure before a change in its article is its earlier value
    ("Miners said at least 80 people had died.", "The toll has risen to 58, the agency said.", "update"),
])
def test_a_change_is_against_figures_given_before_it(first, second, expected):
    c1 = claim("d", 0, "2024-05-06", first, [count("58", 58) if "58" in first else
                                             count("at least 80 people", 80, None, "at_least", "people")],
               sources=("Disaster Agency",) if "agency" in first else ("Miners Association",))
    c2 = claim("d", 1, "2024-05-06", second, [count("58", 58) if "58" in second else
                                              count("at least 80 people", 80, None, "at_least", "people")],
               sources=("Disaster Agency",) if "agency" in second else ("Miners Association",))
    assert [g["status"] for g in figure_groups([c1, c2], rules=RULES)] == [expected]


def test_places_two_articles_both_name_most_are_one_setting():
    # a town and the district its event happened in, written for each other by two articles
    def doc(name, date, first, second, text, c):
        return [claim(name, 0, date, f"The plant stands in {first}.", [], places=(first,)),
                claim(name, 1, date, f"Residents of {second} and {first} were evacuated.", [], places=(second, first)),
                claim(name, 2, date, text, [c], places=(second,))]
    claims = doc("a", "2026-10-19", "Ghannouch", "Gabes", "A blast in Gabes killed at least nine workers.",
                 count("at least nine workers", 9, None, "at_least", "workers")) \
        + doc("b", "2026-10-23", "Gabes", "Ghannouch", "Fourteen people have died in the blast in Ghannouch.",
              count("Fourteen people", 14, unit="people"))
    groups = [g for g in figure_groups(claims) if g["quantity"] == "dead"]
    assert [len(g["reports"]) for g in groups] == [2]


def test_a_count_alone_in_a_short_sentence_counts_what_the_sentence_before_names():
    claims = [claim("a", 0, "2026-10-23", "It is the same with the evacuation.", []),
              claim("a", 1, "2026-10-23", "They say 4,000.", [count("4,000", 4000)])]
    assert [g["quantity"] for g in figure_groups(claims)] == ["displaced"]
    claims[0] = claim("a", 0, "2026-10-23", "The committee met on Monday.", [])
    assert [g["quantity"] for g in figure_groups(claims)] == [None]


def test_a_body_giving_a_figure_in_its_own_name_disputes_an_unsourced_one():
    claims = [claim("a", 0, "2024-11-16", "Officials say 28 people were killed in the unrest.",
                    [count("28 people", 28, unit="people")], places=()),
              claim("a", 1, "2024-11-16", "Human Rights Watch has documented 24 killings.",
                    [count("24 killings", 24, unit="killings")], places=("Human Rights Watch",))]
    claims[1]["actors"][0]["type"] = "ORG"
    groups = figure_groups(claims)
    assert [(g["status"], [r["sources"] for r in g["reports"]]) for g in groups] == [("conflict", [[], []])]


@pytest.mark.parametrize("text, counts, expected", [
    ("The ministry said 103 detainees had been freed during the past week, in addition to the 225 released in November.",
     [count("103 detainees", 103, unit="detainees"), count("225", 225)], ["releases/new", "releases"]),
    ("In the past ten days, volunteers recorded 22 deaths.", [count("22 deaths", 22, unit="deaths")], ["dead/new"]),
    ("Officials counted 46 houses buried last week.", [count("46 houses", 46, unit="houses")], ["homes/destroyed"]),
])
def test_a_span_just_past_makes_its_count_a_flow(text, counts, expected):
    claims = [claim("a", 0, "2024-12-16", text, counts)]
    assert [g["quantity"] for g in figure_groups(claims)] == expected


def test_a_figure_someone_gives_with_nothing_said_is_the_articles_main_figure():
    claims = [claim("a", 0, "2026-11-09", "The union counts 19 dead.", [count("19 dead", 19, unit="dead")]),
              claim("a", 1, "2026-11-09", "The ministry counts 16 dead.", [count("16 dead", 16, unit="dead")]),
              claim("a", 2, "2026-11-09", "It says two cleaners are missing.", [count("two cleaners", 2, unit="cleaners")]),
              claim("a", 3, "2026-11-09", "\"The official number climbs closer to ours.", []),
              claim("a", 4, "2026-11-09", "We said 17 when they said 14.", [count("17", 17), count("14", 14)]),
              claim("a", 5, "2026-11-09", "Only two have come back.", [count("two", 2)])]
    quantities = {r["text"]: g["quantity"] for g in figure_groups(claims) for r in g["reports"]}
    assert (quantities["17"], quantities["14"], quantities["two"]) == ("dead", "dead", None)


# -- rules that do not need a table row per noun (issue 16: the Pasco story) --------------------

def _quantities_of(claims):
    return {(r["claim_id"], r["text"]): g["quantity"] for g in figure_groups(claims) for r in g["reports"]}


def test_bare_values_in_a_row_and_a_value_restated_count_what_was_counted_before():
    claims = [claim("a", 0, "2026-03-18", "The toll has risen to 27 deaths.", [count("27 deaths", 27, unit="deaths")]),
              claim("a", 1, "2026-03-18", '"First they told us twelve, then twenty, now twenty-seven," she said.',
                    [count("twelve", 12), count("twenty", 20), count("twenty-seven", 27)], places=()),
              claim("a", 2, "2026-03-18", "The institute counts 34 people dead and 19 missing.",
                    [count("34 people", 34, unit="people"), count("19 missing", 19, unit="missing")]),
              claim("a", 3, "2026-03-18", "The gap between 19 and 34 is the question.",
                    [count("between 19 and 34", 19, 34, "range")]),
              claim("a", 4, "2026-03-18", "Of the 34, nine were employees of the mine.", [count("34", 34), count("nine", 9)])]
    q = _quantities_of(claims)
    assert [q[("a#1", t)] for t in ("twelve", "twenty", "twenty-seven")] == ["dead", "dead", "dead"]
    assert q[("a#3", "between 19 and 34")] is None  # its ends were given to two figures
    assert (q[("a#4", "34")], q[("a#4", "nine")]) == ("dead", "dead/employees")


def test_more_people_of_another_event_are_no_addition():
    claims = [claim("a", 0, "2026-08-14", "At least 14 people died and dozens more were injured in the fire.",
                    [count("At least 14 people", 14, None, "at_least", "people"), count("dozens", 24, None, "approximate")]),
              claim("a", 1, "2026-08-16", "Divers recovered nine more bodies, bringing the toll to 23.",
                    [count("nine more bodies", 9, unit="bodies"), count("23", 23)])]
    q = _quantities_of(claims)
    assert (q[("a#0", "At least 14 people")], q[("a#0", "dozens")]) == ("dead", "injured")
    assert q[("a#1", "nine more bodies")] is None  # an addition to the toll


def test_a_group_of_people_within_a_figure_is_a_figure_of_its_own():
    claims = [claim("a", 0, "2026-03-15", "At least 12 people were killed, among them 2 children.",
                    [count("At least 12 people", 12, None, "at_least", "people"), count("2 children", 2, unit="children")]),
              claim("b", 0, "2026-03-18", "The company said nine of its employees had died.",
                    [count("nine of its employees", 9, unit="employees")])]
    q = _quantities_of(claims)
    assert (q[("a#0", "At least 12 people")], q[("a#0", "2 children")], q[("b#0", "nine of its employees")]) \
        == ("dead", "dead/children", "dead/employees")


def test_a_national_body_is_no_figure_of_the_nation():
    claims = [claim("a", 0, "2026-03-18", "The national civil defence institute said 27 people had died in Ayarpampa.",
                    [count("27 people", 27, unit="people")], places=("Ayarpampa",)),
              claim("b", 0, "2026-03-19", "Twenty-nine people have died in Ayarpampa.",
                    [count("Twenty-nine people", 29, unit="people")], places=("Ayarpampa",))]
    assert [len(g["reports"]) for g in figure_groups(claims)] == [2]


def test_a_figure_given_before_against_a_later_one_is_an_update():
    claims = [claim("a", 0, "2026-03-18", "The toll has risen to 27 deaths, the institute said.",
                    [count("27 deaths", 27, unit="deaths")], sources=("institute",)),
              claim("a", 1, "2026-03-18", "On Sunday the regional government had put the toll at 12.", [count("12", 12)],
                    sources=("regional government",), dates=("2026-03-15",))]
    claims[1]["dates"][0]["text"] = "On Sunday"
    assert [g["status"] for g in figure_groups(claims)] == ["update"]
    claims[1]["text"] = claims[1]["text"].replace("had put", "puts")
    assert [g["status"] for g in figure_groups(claims)] == ["conflict"]


def test_places_of_two_articles_clash_only_when_one_does_not_name_the_others():
    def two(places_b):
        return [claim("a", 0, "2026-03-15", "At least 12 people were killed in Ayarpampa, near Yanahuanca.",
                      [count("At least 12 people", 12, None, "at_least", "people")], places=("Ayarpampa", "Yanahuanca")),
                claim("b", 0, "2026-03-18", "In Yanahuanca, 27 people have died.", [count("27 people", 27, unit="people")],
                      places=places_b)]
    assert len(figure_groups(two(("Yanahuanca",)))) == 1
    assert len(figure_groups(two(("Sulawesi", "Yanahuanca"))[:1] + [claim(
        "b", 0, "2026-03-18", "In Sulawesi, 27 people have died.", [count("27 people", 27, unit="people")],
        places=("Sulawesi",))])) == 2


def test_homes_destroyed_and_damaged_are_two_figures_with_no_row_for_homes():
    claims = [claim("a", 0, "2026-03-18", "It counts 146 homes destroyed and 212 damaged.",
                    [count("146 homes", 146, unit="homes"), count("212", 212)]),
              claim("b", 0, "2026-03-27", "The institute has revised its count of destroyed homes to 163, with 219 damaged.",
                    [count("163", 163), count("219", 219)])]
    q = _quantities_of(claims)
    assert (q[("a#0", "146 homes")], q[("a#0", "212")], q[("b#0", "163")], q[("b#0", "219")]) \
        == ("homes/destroyed", "homes/damaged", "homes/destroyed", "homes/damaged")


def test_a_measure_of_a_named_dimension_and_a_remainder_of_a_sum():
    claims = [claim("a", 0, "2026-03-15", "It put the volume of tailings that escaped at about 180,000 cubic metres.",
                    [count("about 180,000 cubic metres", 180000, 180000, "approximate", "cubic metres", "measure")]),
              claim("b", 0, "2026-03-27", "The company, which first put the volume at 200,000 cubic metres, now says 420,000.",
                    [count("200,000 cubic metres", 200000, unit="cubic metres", kind="measure"), count("420,000", 420000)]),
              claim("b", 1, "2026-03-27", "The cabinet pledged 20 million soles; the remaining 16.9 million soles are unpaid.",
                    [count("20 million soles", 20e6, unit="PEN", kind="money"),
                     count("16.9 million soles", 16.9e6, unit="PEN", kind="money")])]
    q = _quantities_of(claims)
    assert q[("a#0", "about 180,000 cubic metres")] == "measure/tailings"
    assert q[("b#0", "420,000")] is None or q[("b#0", "420,000")] == q[("b#0", "200,000 cubic metres")]
    assert (q[("b#1", "20 million soles")], q[("b#1", "16.9 million soles")]) == ("money/pledge", "money/pledge/remaining")


def _hospital_story(second):
    # invented: an emergency centre's count of people in hospital, then a director's number
    a = claim("h", 0, "2026-03-15", "The emergency centre said 23 injured people had been taken to hospital.",
              [count("23 injured people", 23, unit="injured people")], sources=("emergency centre",))
    b = claim("h", 1, "2026-03-15", second[0], [count(second[1], second[2], unit=(second[3:] or (None,))[0])],
              sources=("Ana Ruiz",))
    return list(_reports([a, b]).values())


@pytest.mark.parametrize("second, expected", [
    # a smaller number with no noun opening its clause counts a part of the figure before: no dispute
    (("Ana Ruiz said that two had been sent on to the capital.", "two", 2), "update"),
    (("Six remain in critical condition, Ana Ruiz said, and four were flown to the capital.", "four", 4), "update"),
    # a larger one is no part of it; what a speaker says is a figure of its own
    (("Ana Ruiz said that 40 had been sent on to the capital.", "40", 40), "conflict"),
    (("They say 4, Ana Ruiz said.", "4", 4), "conflict"),
    # the people at one place the claim names are a part of the whole
    (("At the clinic in the valley, where about 9 patients wait, Ana Ruiz said she had seen her son.",
      "about 9 patients", 9, "patients"), "update"),
    (("At the clinic in the valley, about 9 patients wait, Ana Ruiz said.", "about 9 patients", 9, "patients"),
     "conflict"),
])
def test_a_number_with_no_noun_counts_a_part(second, expected):
    from extractor.compare.figures import status_of
    assert status_of(_hospital_story(second), RULES) == expected


def test_an_earlier_figure_phrase_dates_only_the_count_after_it():
    # invented: a company's first figure and its new one in one sentence
    c = claim("v", 0, "2026-03-27", "The company, which first put the volume at 180,000 cubic metres, now says 420,000.",
              [count("180,000 cubic metres", 180000, unit="cubic metres", kind="measure"),
               count("420,000", 420000, kind="measure")], places=())
    reports = _reports([c])
    assert reports["180,000 cubic metres"].said_on.isoformat() == "2026-03-26"
    assert reports["420,000"].said_on is None


def test_a_measure_with_no_unit_measures_what_the_measure_before_it_measures():
    # invented: a new figure given as a bare number after a measure with a unit
    c = claim("v", 0, "2026-03-27", "The company, which first put the volume of tailings at 180,000 cubic metres, "
              "now says 420,000.", [count("180,000 cubic metres", 180000, unit="cubic metres", kind="measure"),
                                    count("420,000", 420000, kind="measure")], places=())
    reports = _reports([c])
    assert reports["420,000"].quantity == reports["180,000 cubic metres"].quantity == "measure/tailings"


@pytest.mark.parametrize("report, unit, text", [
    ({"low": 120, "high": None, "qualifier": "more_than"}, "people", "more than 120 people"),
    ({"low": 302, "high": 600, "qualifier": "range"}, "detainees", "between 302 and 600 detainees"),
    ({"low": 3700000000, "high": 3700000000, "qualifier": "exact"}, "KES", "3,700,000,000 KES"),
    ({"low": 3000, "high": 3000, "qualifier": "approximate"}, None, "about 3,000"),
], ids=["more-than", "range", "money", "no-unit"])
def test_a_reports_value_carries_its_groups_unit(report, unit, text):
    assert value_text(report, unit) == text


# -- issue 16, the Ibadan story: rules that decide same quantity and conflict (sentences invented) --

@pytest.mark.parametrize("text, c, expected", [
    # a noun joined by "and" with no comma shares the count's predicate
    ("The union said 30 of its members and their helpers had not been seen since Monday.",
     count("30 of its members", 30, unit="members"), "missing"),
    # names on a list count the people the list names
    ("The committee has drawn up a list of 25 names of people it says are still missing.",
     count("25 names", 25, unit="names"), "missing"),
    # an instalment, the last of a figure, an addition written inside the count: no figure
    ("Divers recovered four bodies in the morning and pulled two more from the hull at noon.",
     count("four bodies", 4, unit="bodies"), None),
    ("The agency said the last three bodies were recovered on Sunday.", count("three bodies", 3, unit="bodies"), None),
    ("Two bodies were found before dawn and another six during the day.", count("another six", 6), None),
    ("More than 50 people died in the fire.", count("More than 50 people", 50, None, "more_than", "people"), "dead"),
    # the predicate of a hospital names the hospitalised, not the injured
    ("He said 18 people with injuries had been taken to hospitals in the city.",
     count("18 people", 18, unit="people"), "hospitalised"),
])
def test_issue16_quantities(text, c, expected):
    assert _quantities_of([claim("a", 0, "2026-11-20", text, [c])])[("a#0", c["text"])] == expected


def test_names_take_the_figure_of_people_given_just_before():
    claims = [claim("a", 0, "2026-11-20", "The village says 40 people are still unaccounted for.",
                    [count("40 people", 40, unit="people")]),
              claim("a", 1, "2026-11-20", "Its list had 52 names on Friday.", [count("52 names", 52, unit="names")])]
    assert _quantities_of(claims)[("a#1", "52 names")] == "missing"


def test_a_country_in_the_possessive_is_no_place_of_the_figure():
    a = claim("a", 0, "2026-03-15", "At least 9 people were killed in a village in Peru's central highlands.",
              [count("At least 9 people", 9, None, "at_least", "people")], places=("Peru",))
    b = claim("b", 0, "2026-03-18", "The toll in Tamba rose to 20.", [count("20", 20)], places=("Tamba",))
    b2 = claim("b", 1, "2026-03-18", "Peru has seen such disasters before.", [], places=("Peru",))
    groups = [g for g in figure_groups([a, b, b2]) if g["quantity"] == "dead"]
    assert [len(g["reports"]) for g in groups] == [2]


def test_a_figure_the_quoted_speaker_attributes_to_others_is_theirs():
    text = "They say 300. We believe more than 500 people were evacuated."
    c = claim("a", 0, "2026-11-20", text, [count("300", 300), count("more than 500 people", 500, None, "more_than",
                                                                    "people")], sources=("Ada Obi",))
    before = claim("a", -1, "2026-11-20", "It is the same with the evacuation.", [])
    groups = [g for g in figure_groups([before, c]) if g["quantity"] == "displaced"]
    assert [(g["status"], len(g["reports"])) for g in groups] == [("conflict", 2)]


# -- issue 16, the Kitwe story: linking rules (sentences invented) ------------------------------

@pytest.mark.parametrize("text, c, expected", [
    # a part of the injured who died are new deaths, not the toll; a part of survivors stays as it was
    ("The minister said seven of the injured had died overnight.", count("seven of the injured", 7, unit="injured"),
     "dead/new"),
    ("Twelve of the survivors were taken to hospital.", count("Twelve of the survivors", 12, unit="survivors"),
     "hospitalised"),
    # fans are people; a crowd and a capacity are figures of their own, whatever noun they are written with
    ("Two fans were crushed to death at the ground last year.", count("Two fans", 2, unit="fans"), "dead"),
    ("Police said about 30,000 people had gathered at the ground.", count("about 30,000 people", 30000, 30000,
                                                                         "approximate", "people"), "crowd"),
    ("The final had drawn 40,000 fans.", count("40,000 fans", 40000, unit="fans"), "crowd"),
    ("The crowd swelled past 30,000.", count("past 30,000", 30000, None, "more_than"), "crowd"),
    ("The match was played at the 25,000-seat ground.", count("25,000-seat", 25000, unit="seat"), "capacity"),
    ("It was a ground built for about 25,000.", count("about 25,000", 25000, 25000, "approximate"), "capacity"),
    # what happened to a noun class of people is the figure: inmates killed are the dead, not prisoners
    ("At least 14 inmates were killed in the riot.", count("At least 14 inmates", 14, None, "at_least", "inmates"),
     "dead"),
    ("Two inmates remained in intensive care.", count("Two inmates", 2, unit="inmates"), "intensive care"),
    ("The prison was built to hold about 600 inmates.", count("about 600 inmates", 600, 600, "approximate", "inmates"),
     "capacity"),
    ("Police said 41 prisoners escaped through a breach in the wall.", count("41 prisoners", 41, unit="prisoners"),
     "escaped"),
])
def test_kitwe_quantities(text, c, expected):
    assert _quantities_of([claim("a", 0, "2026-05-18", text, [c])])[("a#0", c["text"])] == expected


@pytest.mark.parametrize("text, expected", [
    # "had" after a speech verb is reported speech: the figure of the article's day, a dispute
    ("The trust said volunteers had counted 12 deaths.", "conflict"),
    # an earlier figure stated as such: a change
    ("On Sunday the trust had counted 12 deaths.", "update"),
])
def test_a_pluperfect_in_reported_speech_is_no_earlier_figure(text, expected):
    claims = [claim("a", 0, "2026-05-18", "The toll has risen to 24 deaths, the ministry said.",
                    [count("24 deaths", 24, unit="deaths")], sources=("ministry",)),
              claim("a", 1, "2026-05-18", text, [count("12 deaths", 12, unit="deaths")], sources=("trust",))]
    assert [g["status"] for g in figure_groups(claims)] == [expected]


@pytest.mark.parametrize("text, places, together", [
    # a relative clause of the subject names where the counters went, not where the dead died
    ("Volunteers who visited homes in Tawa and Bela had counted 31 deaths.", ("Tawa", "Bela"), True),
    # the figure's own subject: the place is the figure's
    ("The number of people who died in Tawa has risen to 31.", ("Tawa",), False),
])
def test_a_relative_clause_of_the_subject_names_no_place_of_the_figure(text, places, together):
    claims = [claim("a", 0, "2026-05-18", "At least 24 people died in Kitwe, police said.",
                    [count("At least 24 people", 24, None, "at_least", "people")], places=("Kitwe",), sources=("police",)),
              claim("a", 1, "2026-05-18", text, [count("31 deaths" if "deaths" in text else "31", 31,
                                                       unit="deaths" if "deaths" in text else None)], places=places)]
    assert (len([g for g in figure_groups(claims) if g["quantity"] == "dead"]) == 1) == together


@pytest.mark.parametrize("text, date, expected", [
    # "after" far before the date is when the event happened, not a start of a running figure
    ("Two people died in a crush at the same ground after the match in August last year.", "2025-08", "2025-08-01"),
    ("Two people have died since the rains began in the region in August last year.", "2025-08", "2026-05-17"),
    ("Two people were arrested after the August 2025 match.", "2025-08", "2026-05-17"),
])
def test_only_running_words_far_before_a_date_make_it_a_start(text, date, expected):
    word = "August last year" if "last year" in text else "August 2025"
    c = _dated(text, [count("Two people", 2, unit="people")], [(word, date)], doc_date="2026-05-17")
    assert _reports([c])["Two people"].period.isoformat() == expected


def test_a_figure_named_by_its_value_restates_it():
    claims = [claim("a", 0, "2026-05-18", "The toll has risen to 24, the ministry said.", [count("24", 24)]),
              claim("a", 1, "2026-05-18", "The figure of 24 is the number of bodies that reached the mortuary.",
                    [count("24", 24)])]
    assert _quantities_of(claims)[("a#1", "24")] == "dead"


@pytest.mark.parametrize("text, c, expected", [
    ("Five of the 17 dead were children.", count("Five of the 17 dead", 5, unit="dead"), "dead/children"),
    ("Four of the dead were children under the age of 16.", count("Four of the dead", 4, unit="dead"),
     "dead/children under 16"),
    ("Five of the 17 dead were identified on Tuesday.", count("Five of the 17 dead", 5, unit="dead"), None),
])
def test_a_part_said_to_be_a_group_of_people_is_that_group(text, c, expected):
    assert _quantities_of([claim("a", 0, "2026-05-18", text, [c])])[("a#0", c["text"])] == expected


@pytest.mark.parametrize("later, expected", [
    (count("Five of the 17 dead", 5, unit="dead"), "conflict"),  # a later lower figure of another source
    (count("Eight of the 17 dead", 8, unit="dead"), "update"),  # a rise over time
])
def test_a_figure_that_only_grows_falling_later_is_a_dispute(later, expected):
    claims = [claim("a", 0, "2026-05-17", "The dead included two children, police said.",
                    [count("two children", 2, unit="children")], sources=("police",)),
              claim("b", 0, "2026-05-18", "The trust counted 21 deaths, six of them children.",
                    [count("21 deaths", 21, unit="deaths"), count("six of them children", 6, unit="children")],
                    sources=("trust",)),
              claim("c", 0, "2026-05-20", f"{later['text']} were children.", [later])]
    groups = [g for g in figure_groups(claims) if g["quantity"] == "dead/children"]
    assert [(len(g["reports"]), g["status"]) for g in groups] == [(3, expected)]


def test_two_figures_of_a_claim_that_disputes_one_are_a_conflict_of_its_period():
    text = ("An official toll of 56 dead after a match in Nzerekore in December 2024 was disputed by rights groups, "
            "who estimated that about 135 had died.")
    c = _dated(text, [count("56 dead", 56, unit="dead"), count("about 135", 135, 135, "approximate")],
               [("December 2024", "2024-12")], doc_date="2026-05-17", places=("Nzerekore",))
    assert [(g["period"], g["status"]) for g in figure_groups([c])] == [("2024-12-01", "conflict")]


def test_the_gates_open_are_not_the_gates_there_are():
    claims = [claim("a", 0, "2026-05-17", "The trust said only two of the stadium's six gates were open.",
                    [count("two of the stadium's six gates", 2, unit="gates"), count("six gates", 6, unit="gates")],
                    sources=("trust",)),
              claim("b", 0, "2026-05-18", "The council said all six gates were open from noon.",
                    [count("all six gates", 6, unit="gates")], sources=("council",)),
              claim("c", 0, "2026-05-18", "The government opened 115 camps.", [count("115 camps", 115, unit="camps")]),
              claim("c", 1, "2026-05-18", "Some 14 cholera treatment centres were operating.",
                    [count("Some 14 cholera treatment centres", 14, 14, "approximate", "cholera treatment centres")])]
    q = _quantities_of(claims)
    assert (q[("a#0", "two of the stadium's six gates")], q[("a#0", "six gates")], q[("b#0", "all six gates")]) \
        == ("gates/open", "gates", "gates/open")
    assert (q[("c#0", "115 camps")], q[("c#1", "Some 14 cholera treatment centres")]) == ("camps", "centres/open")


def test_a_clause_opened_by_when_after_a_date_is_of_that_date():
    text = "The council was fined after two fans died at the ground in August last year, when 27,000 people turned up."
    c = _dated(text, [count("two fans", 2, unit="fans"), count("27,000 people", 27000, unit="people")],
               [("August last year", "2025-08")], doc_date="2026-05-18")
    reports = _reports([c])
    assert (reports["27,000 people"].quantity, reports["27,000 people"].period.isoformat()) == ("crowd", "2025-08-01")


def test_a_count_with_no_noun_near_an_object_event_takes_the_noun_class_named_near_it():
    claims = [claim("a", 0, "2026-05-20", "Only gates 1 and 4 had been unlocked when the crowd swelled past 30,000.",
                    [count("past 30,000", 30000, None, "more_than")])]
    assert _quantities_of(claims)[("a#0", "past 30,000")] == "crowd"


@pytest.mark.parametrize("text, counts, expected", [
    # the whole of a fronted partitive takes the event of its phrase, the part the predicate after the comma
    ("Of the more than 60 people injured, seven were still admitted yesterday.",
     [count("more than 60 people", 60, None, "more_than", "people"), count("seven", 7)], ["injured", "inpatients"]),
    # an event word inside a capitalised name is no event
    ("Two supporters interviewed at Chamboli General Hospital said they saw canisters.",
     [count("Two supporters", 2, unit="supporters")], [None]),
])
def test_events_of_fronted_wholes_and_names(text, counts, expected):
    c = claim("a", 0, "2026-05-20", text, counts, places=())
    if "Hospital" in text:
        at = text.index("Chamboli General Hospital")
        c["actors"].append({"text": "Chamboli General Hospital", "start": at, "end": at + 25,
                            "name": "Chamboli General Hospital", "type": "FAC"})
    q = _quantities_of([c])
    assert [q[("a#0", k["text"])] for k in counts] == expected


@pytest.mark.parametrize("text, expected", [
    ("The nine people in custody include two guards, a ticket officer and three men from the town.", "held/men"),
    ("Police detained nine people, and three men were later released.", "releases"),
])
def test_an_item_of_a_list_opened_by_a_subgroup_word_is_a_group(text, expected):
    counts = [count("nine people", 9, unit="people"), count("three men", 3, unit="men")]
    assert _quantities_of([claim("a", 0, "2026-05-18", text, counts)])[("a#0", "three men")] == expected


TICKETS = [count("roughly 31,000 tickets", 31000, 31000, "approximate", "tickets")]


@pytest.mark.parametrize("first, counts, second, c, expected", [
    # the same verb near a count of the claim before: that count's quantity
    ("Police said roughly 31,000 tickets had been sold.", TICKETS,
     "The club again insisted that it sold only 24,500.", count("24,500", 24500), "tickets"),
    # the same object event: the noun of its own near it there
    ("A steward said only gates 1 and 4 had been unlocked when the crowd arrived.", [],
     "The council insists that all six were open.", count("all six", 6), "gates/open"),
    # nothing said alike: no quantity
    ("Police said roughly 31,000 tickets had been sold.", TICKETS,
     "The club said it had lost 24,500.", count("24,500", 24500), None),
])
def test_a_bare_count_said_alike_in_the_claim_before_counts_what_it_counted(first, counts, second, c, expected):
    claims = [claim("a", 0, "2026-05-20", first, counts), claim("a", 1, "2026-05-20", second, [c]),
              claim("b", 0, "2026-05-20", "The stadium has six gates.", [count("six gates", 6, unit="gates")])]
    assert _quantities_of(claims)[("a#1", c["text"])] == expected


def test_the_whole_of_a_part_takes_only_the_event_of_its_relative_clause():
    text = "Police said four of the 41 inmates who escaped were still at large."
    c = claim("a", 0, "2026-09-26", text, [count("four of the 41 inmates", 4, unit="inmates"),
                                           count("41 inmates", 41, unit="inmates")])
    assert _quantities_of([c])[("a#0", "41 inmates")] == "escaped"
