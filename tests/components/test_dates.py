"""Dates per claims-spec 5: every date of the seed, then cases of our own."""
import datetime as dt

import pytest

from tests.conftest import process_sentence

SAT = dt.date(2026, 1, 31)
MON = dt.date(2025, 6, 2)

SEED = [
    ("The acting president of Venezuela, Delcy Rodríguez, announced this Friday a general amnesty law for political "
     "prisoners, which will be discussed in the National Assembly next week to promote national coexistence.",
     SAT, ["2026-01-30", "2026-W06"]),
    ("This announcement comes following the capture of Nicolás Maduro by U.S. forces on January 3.", SAT, ["2026-01-03"]),
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

NOT_DATES = [
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
            assert doc.text[d.start:d.end] == d.text
            if d.type == "DATE":
                out.append(d.value)
    return out


@pytest.mark.parametrize("text,ref,expected", SEED + OWN)
def test_dates(nlp, text, ref, expected):
    assert _values(nlp, text, ref) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(nlp, text):
    assert _values(nlp, text, MON) == []


def test_without_reference_relative_dates_are_null(nlp):
    text = "The law was announced this Friday, after the December 2025 count."
    doc = process_sentence(nlp, text, None)
    values = {d.text: d.value for c in doc._.claims for d in c._.dates}
    assert values == {"this Friday": None, "December 2025": "2025-12"}
