"""Dates per claims-spec 5: every date of the seed, then cases of our own."""
import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from extractor.components.dates import (FILTERS, Candidate, DateStage, calendar_macros, compile_rules, default_rules,
                                        find_dates, is_year)
from extractor.components.base import default_pack
from extractor.errors import PipelineError
from extractor.pipeline import DEFAULT_MODEL, make_doc
from tests.conftest import process_sentence

SAT = dt.date(2026, 1, 31)
MON = dt.date(2025, 6, 2)

SEED = [
    ("The acting president of Venezuela, Delcy Rodríguez, announced this Friday a general amnesty law for political "
     "prisoners, which will be discussed in the National Assembly next week to promote national coexistence.",
     SAT, ["2026-01-30", "2026-W06"]),
    ("This announcement comes following the capture of Nicolás Maduro by U.S. forces on January 3.", SAT,
     ["2026-01-03"]),
    ("According to Prisoners Defenders, Cuba ended December 2025 with 1,197 political and conscience prisoners, "
     "having added 134 new ones throughout the year.", SAT, ["2025-12", "2025"]),
    ("This figure represents a recent record, and a total of 1,935 since July 2021.", SAT, ["2021-07"]),
    ("The regime released 553 people in 2025 through an agreement with the U.S.", SAT, ["2025"]),
    ("Amnesty International criticized the 2025 releases for lacking guarantees.", SAT, ["2025"]),
]

OWN = [
    ("Police detained the activist on Monday.", MON, ["2025-06-02"]),
    ("The court heard the case on Wednesday.", MON, ["2025-05-28"]),
    ("The court will hear the case on Wednesday.", MON, ["2025-06-04"]),
    ("The minister resigned last Sunday.", MON, ["2025-06-01"]),
    ("Protesters have camped outside the ministry since March 2.", MON, ["2025-03-02"]),
    ("The talks collapsed in late May.", MON, ["2025-05"]),
    ("The union called a strike earlier this year.", MON, ["2025"]),
    ("The budget was cut last year.", MON, ["2024"]),
    ("The president spoke this morning.", MON, ["2025-06-02"]),
    ("The first arrests took place in April.", MON, ["2025-04"]),
    ("The movement was founded in the late 1980s.", MON, ["198"]),
    ("Observers questioned the March 5 vote.", MON, ["2025-03-05"]),
    ("The report was published on March 5, 2024.", MON, ["2024-03-05"]),
    ("The agency released the figures last month.", MON, ["2025-05"]),
    ("Parliament will debate the bill next week.", MON, ["2025-W24"]),
    ("The lawyer was arrested yesterday.", MON, ["2025-06-01"]),
    ("Eighty-nine bodies were recovered in July last year.", MON, ["2024-07"]),
    ("The country joined the convention on August 29 last year.", MON, ["2024-08-29"]),
    ("The mayor said she would sign the budget on Friday.", MON, ["2025-06-06"]),
    ("The plan, which takes effect July 1, is larger than the last one.", MON, ["2025-07-01"]),
    ("The union wants the money paid by the end of the year.", MON, ["2025"]),
]

THU = dt.date(2025, 11, 20)  # a Thursday in the fourth quarter, for wire and earnings copy
JUN = dt.date(2025, 6, 4)    # a Wednesday in the second quarter

# Halves, quarters and fiscal periods: a stated year, else by tense against the article date
# (past: the latest begun by then; future: the next not yet over), never the narrative's year.
PERIODS = [
    ("The company reported a smaller-than-expected fall in third-quarter earnings on Tuesday.", THU,
     ["2025-Q3", "2025-11-18"]),
    ("Revenue in its legal business rose 4% in the third quarter.", THU, ["2025-Q3"]),
    ("Revenue in its legal business rose 4% in the third quarter.", JUN, ["2024-Q3"]),
    ("Net profit fell to $293 million from $410 million in the same quarter a year earlier.", THU, ["2024-Q3"]),
    ("Sales rose 8% in the second quarter, up from the same quarter a year earlier.", THU, ["2025-Q2", "2024-Q2"]),
    ("The retailer said sales in the first half of 2025 rose 6%.", THU, ["2025-H1"]),
    ("The company expects second-half margins to improve.", JUN, ["2025-H2"]),
    ("Revenue rose 12% in the second half of 2024.", JUN, ["2024-H2"]),
    ("Q3 revenue came in at $1.29 billion.", THU, ["2025-Q3"]),
    ("Output fell 2% in the second quarter of last year.", THU, ["2024-Q2"]),
    ("The airline swung to a loss in the fourth quarter.", JUN, ["2024-Q4"]),
    ("The bank expects growth to slow in the fourth quarter.", JUN, ["2025-Q4"]),
    ("In 2023, sales fell in the fourth quarter.", THU, ["2023", "2023-Q4"]),
]

# Future reference: the next such date after the article; past tense keeps the nearest before.
FUTURE = [
    ("The ruling is due in January.", THU, ["2026-01"]),
    # A past tense opened by "unless"/"if" under a future verb is reported speech shifted back.
    ("He said the strike would go on unless the company came back with an offer by Friday.", THU,
     ["2025-11-21"]),
    ("He said he had met the minister on Friday.", THU, ["2025-11-14"]),
    # Where something is moved to lies ahead; a gerund after "after" comes before its verb.
    ("The trial has been pushed back to March.", THU, ["2026-03"]),
    ("The hearing was postponed until January, court officials said.", THU, ["2026-01"]),
    ("Teams will keep searching until Sunday after finding 20 bodies on Tuesday.", THU, ["2025-11-23", "2025-11-18"]),
    ("Revenue for FY24 rose 11%, and the group expects growth of 8% in FY25.", THU, ["2024", "2025"]),
    ("Exports fell 4% in the week to Sunday, the ministry said.", THU, ["2025-W46"]),
    ("Cases peaked in the second week of January.", THU, ["2025-W02"]),
    ("The final report is due in March, officials said.", THU, ["2026-03"]),
    ("Parliament is scheduled to vote on the bill on Oct. 14.", THU, ["2026-10-14"]),
    ("The ceasefire will last until August.", THU, ["2026-08"]),
    ("A final decision is expected next month.", THU, ["2025-12"]),
    ("Talks are set to resume in February.", THU, ["2026-02"]),
    ("The new tariffs take effect on Jan. 1.", THU, ["2026-01-01"]),
    ("The ban runs until April.", THU, ["2026-04"]),
    # The simple present of an event verb looks ahead when the past reading lies months back; a verb of
    # state or report, a recent past and "since" do not.
    ("The council votes on the plan when it meets on November 12.", dt.date(2026, 10, 20), ["2026-11-12"]),
    ("The ministry wants an answer from the contractor in April.", dt.date(2026, 2, 10), ["2026-04"]),
    ("The protest comes a week after the closure of the plant on January 28.", dt.date(2026, 2, 10),
     ["2026-01-28"]),
    ("It is the third ship to dock at the port since November.", dt.date(2026, 2, 10), ["2025-11"]),
    ("The survey shows a sharp rise in rents in April.", dt.date(2026, 3, 4), ["2025-04"]),
    # A bare day of last year most of a year back is the next one, whatever the tense; a recent one or
    # one of this year stays past.
    ("Booking records showed no cabins free before August 29.", dt.date(2026, 8, 21), ["2026-08-29"]),
    ("The firm had offered a bonus from July 1 to staff who stayed.", dt.date(2026, 4, 14), ["2026-07-01"]),
    ("The shop was robbed on December 28.", dt.date(2026, 1, 5), ["2025-12-28"]),
    ("The law was passed on January 14.", dt.date(2026, 11, 20), ["2026-01-14"]),
    # what a vote or an agreement decides comes after it
    ("Bus owners in Tarija voted on Tuesday to halt services from Monday.", dt.date(2026, 6, 18),
     ["2026-06-16", "2026-06-22"]),
    ("The union agreed on Wednesday to suspend the strike until March.", dt.date(2026, 2, 12), ["2026-02-11", "2026-03"]),
    # a year back set against "now" counts from the article; a day back from the day named
    ("Sales fell by a tenth last year. Women made up 30 per cent of the staff a year earlier; they are now 38 per cent.",
     dt.date(2026, 5, 14), ["2025", "2025"]),
    ("Deaths rose to 58 on Wednesday, up from 41 a day earlier, and the outbreak is now in six districts.",
     dt.date(2025, 2, 13), ["2025-02-12", "2025-02-11"]),
    # "the same month last year": the month named before, a year back; with none, the article's
    ("The clinic treated 412 patients in March, against 260 in the same month last year.", dt.date(2026, 5, 8),
     ["2026-03", "2025-03"]),
    ("Ticket sales were down a fifth on the same month a year earlier.", dt.date(2026, 5, 8), ["2025-05"]),
    ("Herders fear many ewes will lose their lambs in spring.", dt.date(2025, 10, 29), ["2026-SP"]),
    ("The summit is to be held in May.", THU, ["2026-05"]),
    ("The plant is slated to open in May.", THU, ["2026-05"]),
    ("The strike, which began in August, will continue until February.", THU, ["2025-08", "2026-02"]),
    ("The trial opened in April.", THU, ["2025-04"]),
    ("Keller said he would push to reopen the budget in April.", THU, ["2026-04"]),
    # a modal looks ahead, and so does a present tense opened by "if", "once", "until" or "before"
    ("The agency warned that its stocks could run out by September.", THU, ["2026-09"]),
    ("Doctors say the season may last into October.", THU, ["2026-10"]),
    ("If the strike runs into March, exports will suffer.", THU, ["2026-03"]),
    ("Prices will stay high until the harvest begins in July.", THU, ["2026-07"]),
    ("He could not attend the hearing in April because he was ill.", THU, ["2025-04"]),
    # a date right after a past-tense verb dates that verb, wherever the parser hung it
    ("The ministry said on Wednesday it would release 3,000 tonnes of sorghum.", THU, ["2025-11-19"]),
    ("Ruiz told reporters on Monday that the talks would resume.", THU, ["2025-11-17"]),
    ("The ministry will decide on Monday whether the talks resume.", THU, ["2025-11-24"]),
]

# Year ranges (two dates, but a fiscal or season year is one), parts of years and months, decades.
RANGES = [
    ("The country was hit by drought in 2011-2012.", THU, ["2011", "2012"]),
    ("The famine of 1968-69 killed thousands.", THU, ["1968", "1969"]),
    ("The war of 1998–2000 displaced a million people.", THU, ["1998", "2000"]),
    ("He led the agency from 2015 to 2018.", THU, ["2015", "2018"]),
    ("Kenya's 2024-25 budget was cut.", THU, ["2024"]),
    ("The plant closed early last March.", THU, ["2025-03"]),
    ("The debt is to be repaid by the end of the year.", THU, ["2025"]),
    ("The plan was unveiled at the end of last year.", THU, ["2024"]),
    ("Inflation peaked in late 2023.", THU, ["2023"]),
    ("Growth picked up in mid-2024.", THU, ["2024"]),
    ("The region was at war for much of the 1990s.", THU, ["199"]),
]

# A dateline's date is not the claim's; a time of day is not a date ("Sunday night" is the Sunday).
DATELINES_AND_TIMES = [
    ("NAIROBI, Nov 14 (Reuters) - Kenyan police arrested 20 people on Tuesday.", THU, ["2025-11-18"]),
    ("GENEVA, Oct. 3 (Reuters) — The agency warned on Friday of famine.", THU, ["2025-11-14"]),
    ("KAMPALA, Uganda, Monday 3 February 2025 — The court adjourned the case on Friday.", THU, ["2025-11-14"]),
    ("WASHINGTON, Nov 19 — The Senate voted on Tuesday.", THU, ["2025-11-18"]),
    ("SETÚBAL, Nov 19 — Dockworkers walked out on Tuesday.", THU, ["2025-11-18"]),
    ("BOGOTÁ, Nov 19 (Reuters) - Protesters blocked the highway on Tuesday.", THU, ["2025-11-18"]),
    ("Police fired tear gas at protesters on Sunday night.", THU, ["2025-11-16"]),
    ("The blast happened at about 3 a.m. on Tuesday.", THU, ["2025-11-18"]),
    ("Rebels attacked the town at dawn on Friday, killing 12.", THU, ["2025-11-14"]),
    ("Soldiers were deployed at 10 p.m. Saturday.", THU, ["2025-11-15"]),
    ("The talks resumed at 10 a.m. on Nov 17.", THU, ["2025-11-17"]),
]

# TempEval-style news. "the past week" is a duration (TimeML P1W); "now", "currently" and "in
# recent years" have no calendar value (TimeML PRESENT_REF / PAST_REF): none of them is emitted.
NEWS = [
    ("The minister resigned on Tuesday.", THU, ["2025-11-18"]),
    ("Rebels shelled the town on Monday. The day before, they had cut the road.", THU, ["2025-11-17", "2025-11-16"]),
    ("The army seized the town on March 2. Two days later, it withdrew.", THU, ["2025-03-02", "2025-03-04"]),
    ("Exports were 5% higher a year ago.", THU, ["2024"]),
    ("The talks collapsed this week.", THU, ["2025-W47"]),
    ("Fighting intensified earlier this month.", THU, ["2025-11"]),
    ("More than 40 people died in the past week.", THU, []),
    ("The company is now profitable.", THU, []),
    ("Prices are currently rising.", THU, []),
    ("Exports fell last year.", THU, ["2024"]),
    ("Inequality has grown in recent years.", THU, []),
    ("Police arrested 40 people over the weekend.", THU, ["2025-W46-WE"]),
    ("The vote was held on Saturday, and results were announced later in the day.", THU,
     ["2025-11-15", "2025-11-15"]),
    ("The ministry revised the toll on Tuesday, a day earlier than planned.", THU, ["2025-11-18", "2025-11-17"]),
]

NOT_DATES = [
    "Farmers expect a poor return on the smaller April-September harvest.",
    "The brewer said it would skip its year-end dividend.",
    "The pass is often closed in winter, drivers said.",
    "Output in the March-May period fell by a tenth.",
    "Inspectors visit the mine every Monday.",
    "Ferries leave the island each Sunday at dawn.",
    "She spent six years in prison.",
    "A 29-year-old teacher was detained.",
    "The group publishes a report on a monthly basis.",
    "Cases like Maykel Osorbo remain in prison.",
    "Protests against the Finance Bill 2024 spread quickly.",
    "The exercises, known as Zapad-2025, drew protests.",
    "The March 23 Movement captured the town.",
]


def _values(nlp, text, ref):
    doc = process_sentence(nlp, text, ref)
    out = []
    for claim in doc._.claims:
        for d in claim._.dates:
            assert doc.text[d["start"]:d["end"]] == d["text"]
            if d["type"] == "DATE":
                out.append(d["value"])
    return out


# Counted from the date named before, at the unit's granularity ("in October ... a year earlier" is the year before)
CONTEXTS = [
    ("The war began in 1998. Two years later, the first ceasefire was signed.", THU, ["1998", "2000"]),
    ("The law was passed in 2016 and struck down the following year.", THU, ["2016", "2017"]),
    ("The bank collapsed in 2012; regulators had raised concerns the previous year.", THU, ["2012", "2011"]),
    ("Exports rose 8% in October from a year earlier.", THU, ["2025-10", "2024"]),
]


# Day ranges, days of the month, fixed holidays, spans of months (THU is 2025-11-20).
DAYS = [
    ("The board meeting is scheduled for December 9-10.", THU, ["2025-12-09", "2025-12-10"]),
    ("The strike resumed on the 17th.", THU, ["2025-11-17"]),
    ("The union will strike again on the 27th.", THU, ["2025-11-27"]),
    ("Shops will stay open on Christmas Day.", THU, ["2025-12-25"]),
    ("Sales fell over Christmas, the retailer said.", THU, ["2024-12-25"]),
    ("I work nights, weekends and Christmas.", THU, []),
    ("Output fell in the last three months of 2024.", THU, ["2024-Q4"]),
    ("Seizures rose in the first eight months of the year.", THU, ["2025"]),
]


# Issue 13, copy nobody tuned to (THU is 2025-11-20): words that look ahead, seasons and decades as words,
# fiscal years (taken to begin in April), parts of other periods.
UNSEEN = [
    ("Crews hoped to contain the blaze by Saturday.", THU, ["2025-11-22"]),
    ("A herd that gets through December can still be lost in February.", THU, ["2025-12", "2026-02"]),
    ("The council put off the vote until its next meeting in January.", THU, ["2026-01"]),
    ("She said she expected the posts to be filled before Christmas.", THU, ["2025-12-25"]),
    ("The bank moved its forecast for the first cut to March from February.", THU, ["2026-03", "2026-02"]),
    ("The agency asked donors for $12 million to cover January and February.", THU, ["2026-01", "2026-02"]),
    ("Farmers sold their calves in the autumn.", THU, ["2025-FA"]),
    ("The report will be published in the spring.", THU, ["2026-SP"]),
    ("Its summer survey found fewer birds.", THU, []),
    ("Prices have doubled since the new year.", THU, ["2025"]),
    ("Raman was asked to vote on it on Tuesday.", THU, ["2025-11-18"]),
    ("The union called a new strike starting on November 27.", THU, ["2025-11-27"]),
    ("Rescuers recovered four bodies during the night.", THU, ["2025-11-19"]),
    ("The raid came during the night of November 3.", THU, ["2025-11-03"]),
    ("The mill closed twice, in the seventies and eighties.", THU, ["197", "198"]),
    ("Most of the marchers were in their early twenties.", THU, []),
    ("The ministry overspent in the previous fiscal year.", THU, ["2024"]),
    ("Arrears must be cleared by the end of the financial year.", THU, ["2025"]),
    ("The money was set aside for the financial year that began in July.", THU, ["2025-07"]),
    ("Claims fell in the first half of the current one.", THU, []),
    ("Sales fell in 2023 but recovered in the second half of that year.", THU, ["2023", "2023-H2"]),
]


@pytest.mark.parametrize("text,ref,expected", SEED + OWN + PERIODS + FUTURE + RANGES + DATELINES_AND_TIMES + NEWS
                         + CONTEXTS + DAYS + UNSEEN)
def test_dates(nlp, text, ref, expected):
    assert _values(nlp, text, ref) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(nlp, text):
    assert _values(nlp, text, MON) == []


def test_without_reference_relative_dates_are_null(nlp):
    text = "The law was announced this Friday, after the December 2025 count."
    doc = process_sentence(nlp, text, None)
    values = {d["text"]: d["value"] for c in doc._.claims for d in c._.dates}
    assert values == {"this Friday": None, "December 2025": "2025-12"}


# --- what the filters decided -------------------------------------------------------------------------

DROPPED = [
    ("Protests against the Finance Bill 2024 spread quickly.", MON, ("2024", "inside_name")),
    ("The exercises, known as Zapad-2025, drew protests.", MON, ("2025", "inside_name")),
    ("She spent six years in prison.", MON, ("six years", "not_calendar")),
    ("Prices rose that year, the minister said.", MON, ("that year", "needs_narrative_year")),
    # A dateline the sentence stage leaves in the claim (three comma parts): its date is dropped.
    ("KAMPALA, Uganda, Monday, 3 February 2025 \u2014 The court adjourned the case on Friday.", MON,
     ("3 February 2025", "in_dateline")),
]


def _decisions(doc):
    return [d for c in doc._.claims for d in (c._.decisions or []) if d["field"] == "dates"]


@pytest.mark.parametrize("text,ref,expected", DROPPED)
def test_a_dropped_candidate_is_a_decision(nlp, text, ref, expected):
    doc = process_sentence(nlp, text, ref)
    decisions = _decisions(doc)
    for d in decisions:
        assert doc.text[d["start"]:d["end"]] == d["text"]
        assert d["action"] == "dropped"
    assert expected in [(d["text"], d["by"]) for d in decisions]


def test_decisions_do_not_change_the_records(nlp):
    doc = process_sentence(nlp, "Protests against the Finance Bill 2024 spread on Monday.", MON)
    assert [d["value"] for c in doc._.claims for d in c._.dates] == ["2025-06-02"]
    assert [d["by"] for d in _decisions(doc)] == ["inside_name"]


# --- filters over hand-built Docs ---------------------------------------------------------------------

def _doc(nlp, words, *, pos=None, tags=None, ents=None, deps=None, heads=None):
    n = len(words)
    return Doc(nlp.vocab, words=words, spaces=[True] * (n - 1) + [False], pos=pos or ["X"] * n, tags=tags or ["XX"] * n,
               ents=ents, deps=deps or ["dep"] * n, heads=heads or [0] * n)


@pytest.mark.parametrize("words,pos,tags,i,expected", [
    (["in", "2025"], ["ADP", "NUM"], ["IN", "CD"], 1, True),
    (["the", "2025", "releases"], ["DET", "NUM", "NOUN"], ["DT", "CD", "NNS"], 1, True),
    (["about", "2000", "people"], ["ADV", "NUM", "NOUN"], ["RB", "CD", "NNS"], 1, False),
    (["2000", "people"], ["NUM", "NOUN"], ["CD", "NNS"], 0, False),
    (["2000"], ["NUM"], ["CD"], 0, True),
    (["1700"], ["NUM"], ["CD"], 0, False),
    (["in", "1999"], ["ADP", "NUM"], ["IN", "CD"], 1, True),
    (["around", "1970", "students"], ["ADV", "NUM", "NOUN"], ["RB", "CD", "NNS"], 1, False),
    (["around", "1970", "."], ["ADV", "NUM", "PUNCT"], ["RB", "CD", "."], 1, True),
    (["total", "of", "2010", "candidates"], ["NOUN", "ADP", "NUM", "NOUN"], ["NN", "IN", "CD", "NNS"], 2, False),
])
def test_is_year(nlp, words, pos, tags, i, expected):
    assert is_year(_doc(nlp, words, pos=pos, tags=tags), i) is expected


def _candidate(doc, start, end, doc_date=MON, context_year=None):
    tokens = doc[start:end]
    return Candidate(tokens.start_char, tokens.end_char, tokens.text, tokens, doc_date, context_year, default_rules())


def _first_filter(c):
    return next((f.__name__ for f in FILTERS if f(c)), None)


@pytest.mark.parametrize("words,ents,span,expected", [
    (["The", "Finance", "Bill", "2024", "passed"], ["O", "B-LAW", "I-LAW", "I-LAW", "O"], (3, 4), "inside_name"),
    (["The", "Finance", "Bill", "2024", "passed"], ["O", "O", "O", "B-DATE", "O"], (3, 4), None),
    (["about", "2000", "people"], None, (1, 2), "not_a_year"),
    (["six", "years"], None, (0, 2), "not_calendar"),
    (["that", "year"], None, (0, 2), "needs_narrative_year"),
    (["next", "week"], None, (0, 2), None),
])
def test_filters(nlp, words, ents, span, expected):
    pos = ["NUM" if w.isdigit() else "NOUN" if w in ("people", "years") else "X" for w in words]
    tags = ["CD" if w.isdigit() else "NNS" if w in ("people", "years") else "XX" for w in words]
    doc = _doc(nlp, words, pos=pos, tags=tags, ents=ents)
    assert _first_filter(_candidate(doc, *span)) == expected


def test_an_unresolved_relative_date_is_kept_without_a_reference(nlp):
    doc = _doc(nlp, ["that", "year"])
    assert _first_filter(_candidate(doc, 0, 2, doc_date=None)) is None


def test_find_dates_reports_drops(nlp):
    doc = nlp(make_doc(nlp, "Protests against the Finance Bill 2024 spread quickly.", doc_id="t", doc_date=MON))
    decisions = []
    assert find_dates(doc[:], MON, decisions=decisions) == []
    assert [(d["text"], d["by"]) for d in decisions] == [("2024", "inside_name")]


# --- rules from the pack --------------------------------------------------------------------------------

def test_month_and_weekday_macros_come_from_the_calendar():
    macros = calendar_macros(default_pack().calendar)
    assert "May" in macros["MONTH"] and r"Sept\." in macros["MONTH"] and "Sunday" in macros["WEEKDAY"]
    assert "MONTH" not in default_pack().dates.macros and "WEEKDAY" not in default_pack().dates.macros
    rules = compile_rules(default_pack())
    assert rules.calendar_names >= {"january", "may", "monday", "sunday"}


def test_the_stage_compiles_its_rules_once(nlp):
    stage = nlp.get_pipe("claims_dates")
    assert isinstance(stage, DateStage)
    assert stage.rules is not default_rules() and stage.rules.patterns == default_rules().patterns


# --- as a spaCy pipe --------------------------------------------------------------------------------------

def test_without_sentences_the_factory_raises():
    nlp = spacy.load(DEFAULT_MODEL)
    with pytest.raises(PipelineError, match=r"\[E010\].*claims_sentences"):
        nlp.add_pipe("claims_dates")
    assert "claims_dates" not in nlp.pipe_names


def test_spacy_load_and_add_pipe():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("claims_sentences")
    nlp.add_pipe("claims_dates")
    text = "The minister resigned last Sunday, officials said."
    doc = nlp(make_doc(nlp, text, doc_id="t", doc_date=MON))
    dates = [d for c in doc._.claims for d in c._.dates]
    assert [(d["text"], d["value"]) for d in dates] == [("last Sunday", "2025-06-01")]
    assert all(text[d["start"]:d["end"]] == d["text"] for d in dates)
