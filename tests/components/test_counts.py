"""Counts per claims-spec 4: every count of the seed, then cases of our own."""
import pytest

from tests.conftest import process_sentence

C = lambda low, high, q, kind="count", unit=None: (low, high, q, kind, unit)  # noqa: E731

SEED = [
    ("This announcement comes following the capture of Nicolás Maduro by U.S. forces on January 3 and a release "
     "process that has freed between 302 and more than 600 detainees, according to disputed figures between "
     "Chavismo and the NGO Foro Penal.", [C(302, 600, "range", unit="detainees")]),
    ("In contrast, the Cuban regime holds more than a thousand political prisoners without a date for their release.",
     [C(1000, None, "more_than", unit="political prisoners")]),
    ("According to Prisoners Defenders, Cuba ended December 2025 with 1,197 political and conscience prisoners, "
     "having added 134 new ones throughout the year.",
     [C(1197, 1197, "exact", unit="political and conscience prisoners"), C(134, 134, "exact", unit="new ones")]),
    ("This figure represents a recent record, with patterns of arbitrary detentions without due process, and a "
     "total of 1,935 since July 2021.", [C(1935, 1935, "exact")]),
    ("More than 300 Cubans, including former prisoners like José Daniel Ferrer, signed a petition.",
     [C(300, None, "more_than", unit="Cubans")]),
    ("The regime released 553 people in 2025 through an agreement with the U.S. mediated by the Vatican, but NGOs "
     "like Justicia 11J reported only 212-250 for political reasons.",
     [C(553, 553, "exact", unit="people"), C(212, 250, "range")]),
]

OWN = [
    ("Police arrested at least 37 people on the first night.", [C(37, None, "at_least", unit="people")]),
    ("Over 1,200 demonstrators marched through the capital.", [C(1200, None, "more_than", unit="demonstrators")]),
    ("Nearly 80 protesters were injured.", [C(80, 80, "approximate", unit="protesters")]),
    ("About a dozen journalists were held overnight.", [C(12, 12, "approximate", unit="journalists")]),
    ("Dozens of families fled the district.", [C(24, None, "approximate", unit="families")]),
    ("Hundreds of students joined the strike.", [C(200, None, "approximate", unit="students")]),
    ("Eleven were freed late in the evening.", [C(11, 11, "exact")]),
    ("Turnout reached 42 percent in the capital.", [C(42, 42, "exact", "percent", "%")]),
    ("The ruling party won 42% of the vote.", [C(42, 42, "exact", "percent", "%")]),
    ("The donors pledged $2.5 million for the camps.", [C(2_500_000, 2_500_000, "exact", "money", "USD")]),
    ("The budget sets aside 1.2 billion euros for hospitals.", [C(1_200_000_000, 1_200_000_000, "exact", "money", "EUR")]),
    ("Between 20 and 30 soldiers died in the ambush.", [C(20, 30, "range", unit="soldiers")]),
    ("Officials counted 150 to 200 tents in the camp.", [C(150, 200, "range", unit="tents")]),
    ("Fewer than 50 lawyers attended the hearing.", [C(None, 50, "less_than", unit="lawyers")]),
    ("Up to 400 workers could lose their jobs.", [C(None, 400, "at_most", unit="workers")]),
    ("Some 3,000 people were displaced by the floods.", [C(3000, 3000, "approximate", unit="people")]),
    ("Half of the detainees were minors.", [C(50, 50, "exact", "percent", "%")]),
    ("A few hundred supporters gathered outside the court.", [C(200, None, "approximate", unit="supporters")]),
    ("Tens of thousands of people fled the fighting.", [C(20000, None, "approximate", unit="people")]),
    ("The real number could exceed 3,500.", [C(3500, None, "more_than")]),
    ("The increase would add about $96 a year to the bill.", [C(96, 96, "approximate", "money", "USD")]),
    ("The city faced a $5 million to $7 million gap.", [C(5_000_000, 7_000_000, "range", "money", "USD")]),
    ("The ruling party took 70.67 percent of the vote.", [C(70.67, 70.67, "exact", "percent", "%")]),
    ("Three of the five detainees were released.", [C(3, 3, "exact", unit="five detainees"), C(5, 5, "exact", unit="detainees")]),
]

NOT_COUNTS = [
    "A 29-year-old teacher was detained in 2019.",
    "The authorities imposed a nine-hour curfew on the city.",
    "She spent six years in prison before her third trial.",
    "The hearing resumed at 10:30 a.m. in the capital.",
    "Members of Justicia 11J met in the capital.",
    "He made no provision for the arrears in his June 12 budget statement.",
    "Besigye, 68, was seized in Nairobi.",
    "The money for phase two has already been sent.",
    "The budget keeps Fire Station 12 open.",
]


def _counts(nlp, text):
    doc = process_sentence(nlp, text)
    found = []
    for claim in doc._.claims:
        for c in claim._.counts:
            assert doc.text[c.start:c.end] == c.text
            rec = c.as_record()
            found.append((rec["low"], rec["high"], rec["qualifier"], rec["kind"], rec["unit"]))
    return found


@pytest.mark.parametrize("text,expected", SEED + OWN)
def test_counts(nlp, text, expected):
    assert _counts(nlp, text) == expected


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_not_counts(nlp, text):
    assert _counts(nlp, text) == []
