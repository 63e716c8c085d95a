import datetime as dt

import pytest

from extractor.normalize.timex import resolve

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


@pytest.mark.parametrize("expr", ["six years", "more than 15 years", "29-year-old", "monthly", "soon", "a ten-hour break"])
def test_not_calendar_dates(expr):
    assert resolve(expr, SAT) is None


@pytest.mark.parametrize("expr", ["this Friday", "next week", "last month", "yesterday", "on Monday"])
def test_relative_without_reference_is_null(expr):
    assert resolve(expr, None) is None
