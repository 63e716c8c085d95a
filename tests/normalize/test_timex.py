"""TIMEX3 values per claims-spec 5: the spec's examples, then one table per expression shape."""
import datetime as dt
import json

import pytest

from extractor.components.base import default_pack
from extractor.normalize.timex import SHAPES, build_rules, default_rules, resolve, shape_of
from extractor.packs import Calendar

SAT = dt.date(2026, 1, 31)   # the seed's date, a Saturday
MON = dt.date(2025, 6, 2)    # a Monday

CASES = [
    # (expression, reference, future, context_year, expected) -- expected from claims-spec 5
    ("this Friday", SAT, False, None, "2026-01-30"),
    ("next week", SAT, False, None, "2026-W06"),
    ("January 3", SAT, False, None, "2026-01-03"),
    ("December 2025", SAT, False, None, "2025-12"),
    ("throughout the year", SAT, False, 2025, "2025"),
    ("July 2021", SAT, False, None, "2021-07"),
    ("2025", SAT, False, None, "2025"),
    ("on Monday", MON, False, None, "2025-06-02"),          # a Monday article: that Monday
    ("on Wednesday", MON, False, None, "2025-05-28"),       # past tense: on or before
    ("on Wednesday", MON, True, None, "2025-06-04"),        # future tense: on or after
    ("last Monday", MON, False, None, "2025-05-26"),        # never the article date itself
    ("next Monday", MON, False, None, "2025-06-09"),
    ("last Sunday", MON, False, None, "2025-06-01"),
    ("since March 2", MON, False, None, "2025-03-02"),
    ("late May", MON, False, None, "2025-05"),
    ("in April", SAT, False, None, "2025-04"),              # nearest before the article
    ("earlier this year", MON, False, None, "2025"),
    ("last year", MON, False, None, "2024"),
    ("last month", SAT, False, None, "2025-12"),
    ("this morning", MON, False, None, "2025-06-02"),
    ("yesterday", MON, False, None, "2025-06-01"),
    ("the late 1980s", MON, False, None, "198"),
    ("March 5", MON, False, None, "2025-03-05"),
    ("that May", SAT, False, 2019, "2019-05"),
    ("mid-2024", SAT, False, None, "2024"),
    ("March 5, 2024", None, False, None, "2024-03-05"),
    ("5 March 2024", None, False, None, "2024-03-05"),
    ("two weeks ago", SAT, False, None, "2026-W03"),
    ("the first quarter of 2025", SAT, False, None, "2025-Q1"),
]


@pytest.mark.parametrize("expr,ref,future,context,expected", CASES)
def test_resolve(expr, ref, future, context, expected):
    assert resolve(expr, ref, future=future, context_year=context) == expected


@pytest.mark.parametrize("expr", ["six years", "more than 15 years", "29-year-old", "monthly", "soon",
                                  "a ten-hour break"])
def test_not_calendar_dates(expr):
    assert resolve(expr, SAT) is None


@pytest.mark.parametrize("expr", ["this Friday", "next week", "last month", "yesterday", "on Monday"])
def test_relative_without_reference_is_null(expr):
    assert resolve(expr, None) is None


# --- one table per shape: (expression, reference, future, context_year, expected) ----------------------
FRI = dt.date(2025, 6, 6)    # a Friday
THU = dt.date(2024, 5, 9)    # a Thursday
NOV = dt.date(2025, 11, 20)  # a Thursday in the fourth quarter
JAN = dt.date(2026, 1, 21)

# Shapes whose fourth column is the value of the date named before (context_value), not a year.
CONTEXT_VALUE_SHAPES = ("quarter_rel", "anaphoric", "context_day", "day_part", "the_day", "same_month_back")

SHAPE_CASES = {
    "iso": [("2025-03-04", None, False, None, "2025-03-04"), ("2025-02-30", SAT, False, None, None)],
    "mdy": [("March 4, 2025", None, False, None, "2025-03-04"),
            ("Friday, Sept. 5, 2025", SAT, False, None, "2025-09-05"), ("February 30, 2025", SAT, False, None, None)],
    "dmy": [("the 4th of March 2025", None, False, None, "2025-03-04"), ("5 Sep 2024", SAT, False, None, "2024-09-05")],
    "myrel": [("January of next year", MON, False, None, "2026-01"),
              ("July last year", MON, False, None, "2024-07"), ("August 29 next year", MON, False, None, "2026-08-29"),
              ("July last year", None, False, None, None)],
    "md": [("March 5", MON, False, None, "2025-03-05"), ("July 1", MON, False, None, "2024-07-01"),
           ("July 1", MON, True, None, "2025-07-01"), ("next March 5", MON, False, None, "2026-03-05"),
           ("that March 5", MON, False, 2019, "2019-03-05"), ("March 5", None, False, None, None)],
    "dm": [("5 March", MON, False, None, "2025-03-05"), ("the 30th of February", MON, False, None, None)],
    "md_range": [("May 19-20", MON, False, None, "2025-05-19"), ("July 1-2", MON, True, None, "2025-07-01")],
    "month_span": [("the first three months of 2024", MON, False, None, "2024-Q1"),
                   ("the last six months of the year", MON, False, None, "2025-H2"),
                   ("the first eight months of the year", MON, False, None, "2025")],
    "ordinal_day": [("the 27th", MON, False, None, "2025-05-27"), ("the 27th", MON, True, None, "2025-06-27"),
                    ("the 2nd", MON, False, None, "2025-06-02"), ("the 31st", MON, True, None, "2025-07-31")],
    "holiday": [("Christmas", MON, False, None, "2024-12-25"), ("Christmas", MON, True, None, "2025-12-25"),
                ("next Christmas", MON, False, None, "2025-12-25"), ("New Year's Eve", MON, False, None, "2024-12-31"),
                ("Christmas", None, False, None, None)],
    "my": [("December 2025", None, False, None, "2025-12"), ("early March of 2024", SAT, False, None, "2024-03")],
    "m": [("May", MON, False, None, "2025-05"), ("July", MON, False, None, "2024-07"),
          ("July", MON, True, None, "2025-07"), ("next May", MON, False, None, "2026-05"),
          ("last July", MON, False, None, "2024-07"),
          ("this July", MON, False, None, "2025-07"), ("that May", MON, False, 2019, "2019-05"),
          ("early last March", MON, False, None, "2025-03"), ("late last November", MON, False, None, "2024-11"),
          ("May", None, False, None, None)],
    "decade": [("the 1990s", None, False, None, "199"), ("the mid-1980s", SAT, False, None, "198")],
    "decade2": [("the '80s", None, False, None, "198"), ("the 90s", SAT, False, None, "199")],
    # "the eighties and nineties": the first here, the dates stage splits the pair ("in their early twenties" is
    # no shape: an age).
    "decade_word": [("the eighties", None, False, None, "198"), ("the late nineties", SAT, False, None, "199"),
                    ("the eighties and nineties", SAT, False, None, "198")],
    "y": [("2025", None, False, None, "2025"), ("fiscal year 2024", SAT, False, None, "2024"),
          ("mid-2024", SAT, False, None, "2024")],
    # Valued by the first year, a fiscal year taken to begin in April (calendar.json); a bare "the fiscal year" is none.
    "fiscal_rel": [("the current fiscal year", SAT, False, None, "2025"), ("the previous fiscal year", MON, False, None,
                                                                           "2024"),
                   ("the end of the fiscal year", MON, False, None, "2025"), ("next financial year", MON, False, None,
                                                                               "2026"),
                   ("the current fiscal year", None, False, None, None)],
    "new_year": [("the new year", SAT, False, None, "2026"), ("the new year", NOV, True, None, "2026")],
    "fy": [("2024/25", None, False, None, "2024"), ("the 2023-2024", SAT, False, None, "2023")],
    "fy_label": [("FY25", None, False, None, "2025"), ("FY2026", SAT, False, None, "2026"),
                 ("FY '24", SAT, False, None, "2024")],
    "season": [("this past summer", SAT, False, None, "2025-SU"), ("this past spring", MON, False, None, "2025-SP"),
               ("last summer", MON, False, None, "2024-SU"), ("next winter", MON, False, None, "2026-WI"),
               # "last" is the latest one over, as "last Monday": in October this spring; early September is
               # still summer (over at the equinox), so "last summer" is last year's.
               ("last spring", dt.date(2026, 10, 7), False, None, "2026-SP"),
               ("last summer", dt.date(2026, 9, 3), False, None, "2025-SU"),
               ("last winter", dt.date(2026, 12, 20), False, None, "2025-WI"),
               ("the autumn of 2023", None, False, None, "2023-FA"), ("that spring", MON, False, 2019, "2019-SP"),
               ("this fall", None, False, None, None),
               # "the autumn" by tense: the latest begun, or in future tense the next not yet over.
               ("the autumn", SAT, False, None, "2025-FA"), ("the fall", dt.date(2026, 7, 16), True, None, "2026-FA"),
               ("the spring", NOV, True, None, "2026-SP")],
    # Counted from the quarter named just before (the last column but one is context_value here).
    "quarter_rel": [("last quarter", NOV, False, None, "2025-Q3"), ("next quarter", NOV, False, None, "2026-Q1"),
                    ("this quarter", MON, False, None, "2025-Q2"),
                    ("the same quarter a year earlier", NOV, False, "2025-Q3", "2024-Q3"),
                    ("the same quarter a year earlier", NOV, False, None, "2024-Q3"),
                    ("the year-ago quarter", MON, False, "2025-Q1", "2024-Q1"),
                    ("the same quarter last year", NOV, False, "2025-Q2", "2024-Q2"),
                    ("the previous quarter", NOV, False, "2025-Q3", "2025-Q2"),
                    ("the latest quarter", MON, False, None, "2025-Q1"), ("the quarter", MON, False, "2024-Q4", "2024-Q4"),
                    ("the quarter", MON, False, None, None), ("last quarter", None, False, None, None)],
    # A quarter without a year: past tense the latest begun by the article date, future the next
    # not yet over; the narrative's year is not used (the context column is context_year here).
    "quarter": [("the first quarter of 2025", None, False, None, "2025-Q1"),
                ("the final quarter", MON, False, None, "2024-Q4"), ("the final quarter", MON, True, None, "2025-Q4"),
                ("the second quarter", MON, False, 2019, "2025-Q2"), ("the third quarter", None, False, None, None),
                ("third-quarter", NOV, False, None, "2025-Q3"), ("the fourth quarter", JAN, False, None, "2025-Q4"),
                ("Q3 2024", None, False, None, "2024-Q3"), ("q1", MON, False, None, "2025-Q1"),
                ("the fourth quarter of last year", MON, False, None, "2024-Q4"),
                ("the fiscal third quarter", NOV, False, None, "2025-Q3"), ("3Q", NOV, False, None, "2025-Q3"),
                ("the second quarter of fiscal 2026", MON, False, None, "2026-Q2")],
    # A quarter or half named by its months; any other run of months is no calendar period.
    "month_range": [("the April-June quarter", dt.date(2026, 7, 9), False, None, "2026-Q2"),
                    ("the July–September period", NOV, False, None, "2025-Q3"),
                    ("the January-June period", MON, False, None, "2025-H1"),
                    ("the October-December quarter", MON, True, None, "2025-Q4"),
                    ("the January-March period of 2024", None, False, None, "2024-Q1"),
                    ("the March-May period", MON, False, None, None)],
    "half": [("the second half of 2024", None, False, None, "2024-H2"), ("second-half", MON, False, None, "2024-H2"),
             ("second-half", MON, True, None, "2025-H2"), ("the first half", MON, False, None, "2025-H1"),
             ("the first half of the year", NOV, False, None, "2025-H1"), ("H1", MON, False, None, "2025-H1"),
             ("H2 2023", None, False, None, "2023-H2"), ("the second half of next year", MON, False, None, "2026-H2"),
             ("the latter half of 2019", None, False, None, "2019-H2"), ("first-half", None, False, None, None)],
    # "Friday, March 6" is the md shape's (tried first); with a part of the day it is this one's.
    # The weekday fixes the year: March 6 is a Friday in 2026, not in 2025 (a Thursday) or 2024.
    "weekday_date": [("Friday night, March 6", MON, False, None, "2026-03-06"),
                     ("Thursday night, March 6", MON, False, None, "2025-03-06"),
                     ("Sunday night, March 6", MON, False, None, "2025-03-06"),
                     ("Friday morning, July 4", MON, True, None, "2025-07-04")],
    "weekday": [("on Monday", MON, False, None, "2025-06-02"), ("Wednesday", MON, True, None, "2025-06-04"),
                ("last Monday", MON, False, None, "2025-05-26"), ("past Thursday", FRI, False, None, "2025-06-05"),
                ("next Monday", MON, False, None, "2025-06-09"), ("coming Friday", FRI, False, None, "2025-06-13"),
                ("this Friday", SAT, False, None, "2026-01-30"), ("Friday evening", FRI, False, None, "2025-06-06"),
                ("this Friday", SAT, True, None, "2026-01-30"), ("this Thursday", MON, False, None, "2025-06-05"),
                ("on Monday", None, False, None, None)],
    "week_to": [("the week to Sunday", MON, False, None, "2025-W22"), ("the seven days ending Friday", MON, False, None, "2025-W22"),
                ("the week to Sunday", None, False, None, None)],
    "nth_week": [("the second week of January", MON, False, None, "2025-W02"),
                 ("the last week of February", MON, False, None, "2025-W09"),
                 ("the first week of March 2024", None, False, None, "2024-W10")],
    "deictic": [("today", MON, False, None, "2025-06-02"), ("yesterday morning", MON, False, None, "2025-06-01"),
                ("last night", MON, False, None, "2025-06-01"), ("tomorrow", MON, False, None, "2025-06-03"),
                ("the day before yesterday", MON, False, None, "2025-05-31"),
                ("the day after tomorrow", MON, False, None, "2025-06-04"), ("tonight", None, False, None, None)],
    "relative": [("next week", SAT, False, None, "2026-W06"), ("the coming weekend", MON, False, None, "2025-W24-WE"),
                 ("last month", SAT, False, None, "2025-12"), ("this month", MON, False, None, "2025-06"),
                 ("next year", MON, False, None, "2026"), ("this past week", MON, False, None, "2025-W22"),
                 ("the year", MON, False, 2019, "2019"), ("the year", MON, False, None, None),
                 ("the weekend", THU, False, None, "2024-W18-WE"), ("the weekend", MON, True, None, "2025-W23-WE"),
                 ("the weekend", FRI, False, None, "2025-W23-WE"), ("the weekend", SAT, False, None, "2026-W05-WE"),
                 ("the next week", MON, False, None, "2025-W24"),
                 ("the same month", MON, False, 2019, None), ("the following year", MON, False, 2019, "2020"),
                 ("the previous year", MON, False, 2019, "2018"), ("the following year", MON, False, None, "2026"), ("last week", None, False, None, None)],
    "yearend": [("by the end of the year", MON, False, None, "2025"), ("the start of the week", MON, False, None, "2025-W23"),
                ("the end of last week", MON, False, None, "2025-W22"),
                ("the end of this month", MON, False, None, "2025-06"), ("the end of last year", MON, False, None, "2024"),
                ("the start of next year", MON, False, None, "2026"), ("the beginning of the month", MON, False, None, "2025-06"),
                ("the end of last month", MON, False, None, "2025-05"), ("by year-end", MON, False, None, "2025"),
                ("the end of the year", None, False, None, None)],
    # "the following year" and "the previous year" are the relative shape's (tried first).
    "context": [("that year", MON, False, 2019, "2019"), ("the next year", MON, False, 2019, "2020"),
                ("that year", MON, False, None, None), ("that month", MON, False, 2019, None)],
    # The day named just before (the context column is context_value here); nothing without one.
    "context_day": [("that day", SAT, False, None, None), ("that night", MON, False, "2025-05-30", "2025-05-30"),
                    ("the same morning", MON, False, "2025-W22", None), ("that day", None, False, "2025-05-30", "2025-05-30")],
    # "during the night" in a report: the night before the article's day; in future tense the article's.
    "the_night": [("the night", MON, False, None, "2025-06-01"), ("the night", MON, True, None, "2025-06-02"),
                  ("the night", None, False, None, None)],
    # Part of the day named just before; after the night before the article, the article's day.
    "day_part": [("during the morning", MON, False, "2025-06-01", "2025-06-02"),
                 ("the afternoon", MON, False, "2025-05-28", "2025-05-28"),
                 ("the morning", MON, False, None, None), ("the morning", MON, True, "2025-06-02", None)],
    "the_day": [("through the day", MON, False, None, "2025-06-02"), ("the day", MON, False, "2025-05-30", "2025-05-30"),
                ("the day", None, False, None, None)],
    # The month named just before, a year back; with none, the article's month a year back.
    "same_month_back": [("the same month last year", MON, False, "2025-04", "2024-04"),
                        ("the same month a year earlier", MON, False, "2025-03-17", "2024-03"),
                        ("in the same month last year", MON, False, None, "2024-06"),
                        ("the same month a year ago", None, False, None, None)],
    # Counted from the first day the article named (test_the_first_night_is_the_story_day); none here.
    "story_first": [("the first night", MON, False, None, None), ("the first week", MON, False, None, None)],
    # Counted from the day named just before (the context column is context_value here), else the article date.
    "anaphoric": [("the day before", MON, False, None, "2025-06-01"), ("the day before", MON, False, "2025-05-28", "2025-05-27"),
                  ("a day earlier", MON, False, "2025-05-28", "2025-05-27"), ("two days later", MON, False, "2025-05-28", "2025-05-30"),
                  ("the next day", MON, False, "2025-05-31", "2025-06-01"), ("the following day", MON, False, None, "2025-06-03"),
                  ("a week earlier", MON, False, None, "2025-W22"), ("a year earlier", MON, False, None, "2024"),
                  ("three months later", MON, False, "2025-01-15", "2025-04"), ("the week before", MON, False, "2025-Q1", "2025-W22"),
                  ("the week before", MON, False, "2025-W07", "2025-W06"), ("a week later", MON, False, "2021-W53", "2025-W24"),
                  ("the day after", None, False, None, None)],
    "within": [("later in the day", MON, False, "2025-05-30", "2025-05-30"), ("earlier in the day", MON, False, None, "2025-06-02"),
               ("later in the week", MON, False, None, "2025-W23"), ("earlier in the month", MON, False, None, "2025-06"),
               ("later that day", MON, False, "2025-05-31", "2025-05-31"), ("earlier in the year", MON, False, None, "2025"),
               ("later in the year", MON, False, 2019, "2019"), ("later in the day", None, False, None, None)],
    "ago": [("two weeks ago", SAT, False, None, "2026-W03"), ("three days ago", MON, False, None, "2025-05-30"),
            ("a month ago", MON, False, None, "2025-05"), ("10 years ago", MON, False, None, "2015"),
            ("a year ago", None, False, None, None)],
}
SHAPE_ROWS = [(shape, *row) for shape, rows in SHAPE_CASES.items() for row in rows]


@pytest.mark.parametrize("shape,expr,ref,future,context,expected", SHAPE_ROWS)
def test_shape(shape, expr, ref, future, context, expected):
    assert shape_of(expr) == shape
    if shape in CONTEXT_VALUE_SHAPES or (shape == "within" and isinstance(context, str)):
        assert resolve(expr, ref, future=future, context_value=context) == expected
    else:
        assert resolve(expr, ref, future=future, context_year=context) == expected


@pytest.mark.parametrize("expr,ref,future,sentence_year,expected", [
    ("the fourth quarter", MON, False, 2023, "2023-Q4"),     # "2023 sales ... in the fourth quarter"
    ("the first half", NOV, False, 2019, "2019-H1"),
    ("the third quarter", MON, True, 2024, "2024-Q3"),
    ("the second quarter of 2021", MON, False, 2024, "2021-Q2"),  # a year of its own wins
])
def test_a_quarter_takes_the_year_its_sentence_states(expr, ref, future, sentence_year, expected):
    assert resolve(expr, ref, future=future, sentence_year=sentence_year) == expected


@pytest.mark.parametrize("expr", ["the past week", "the past year", "the past month", "past week"])
def test_the_past_unit_is_a_duration(expr):
    assert resolve(expr, MON) is None


@pytest.mark.parametrize("expr,story_day,expected", [
    ("the first night", "2025-12-01", "2025-12-01"),
    ("the first week", "2026-10-18", "2026-W43"),   # the seven days from a Sunday: placed by their middle day
])
def test_the_first_night_is_the_story_day(expr, story_day, expected):
    assert resolve(expr, MON, story_day=story_day) == expected


def test_every_shape_has_a_table():
    assert [name for name, _, _ in SHAPES] == list(SHAPE_CASES)


@pytest.mark.parametrize("expr,expected", [("3/4/2025", "2025-03-04"), ("2025, March 4", "2025-03-04")])
def test_dateparser_decides_what_no_shape_matches(expr, expected):
    assert shape_of(expr) is None
    assert resolve(expr, SAT) == expected


# dateparser once read "the 1980s and" (an entity cut mid-phrase) as today's date: with no day
# number beside a year it is never asked.
@pytest.mark.parametrize("expr", ["the 1980s and", "1990s and 2000s", "2025 and beyond"])
def test_dateparser_is_not_asked_without_a_day(expr):
    assert resolve(expr, SAT) is None


@pytest.mark.parametrize("ref", [dt.date(50, 3, 1), dt.date(9999, 6, 1)])
def test_reference_outside_four_digit_years_anchors_nothing(ref):
    assert resolve("last week", ref) is None


# --- the words come from the calendar -----------------------------------------------------------------

def _calendar(edit) -> Calendar:
    data = json.loads(default_pack().texts["calendar.json"])
    edit(data)
    return Calendar.model_validate(data)


def test_month_and_weekday_words_are_the_calendars():
    rules = default_rules()
    assert rules.months["sept"] == 9 and rules.months["may"] == 5 and rules.weekdays["sunday"] == 6
    assert len(set(rules.months.values())) == 12 and len(rules.weekdays) == 7


def test_a_calendar_without_a_word_does_not_accept_it():
    def drop_sept(data):
        data["months"][8]["abbreviations"] = ["Sep", "Sep."]
    rules = build_rules(_calendar(drop_sept))
    assert shape_of("Sept. 5", rules=rules) is None and resolve("Sept. 5", SAT, rules=rules) is None
    assert resolve("Sep. 5", SAT, rules=rules) == "2025-09-05"
    assert resolve("Sept. 5", SAT) == "2025-09-05"


def test_a_calendar_in_another_language_is_read():
    def spanish(data):
        data["months"][0] = {"name": "Enero", "abbreviations": ["Ene."]}
        data["weekdays"][4] = "Viernes"
    rules = build_rules(_calendar(spanish))
    assert resolve("enero 3, 2026", SAT, rules=rules) == "2026-01-03"
    assert resolve("viernes", SAT, rules=rules) == "2026-01-30"
    assert shape_of("january 3, 2026", rules=rules) is None
