"""Date expressions -> TIMEX3 values against a reference date (claims-spec 5).

:func:`resolve` tries a table of expression shapes in order (:data:`SHAPES`): each is an
anchored regex over the cleaned expression and a small pure handler (match -> value). The first
shape that matches decides, even when its value is None ("that year" without a narrative year);
dateparser is the fallback for absolute dates in forms no shape covers. Month and weekday words
come from the rule pack's ``calendar.json`` (:func:`build_rules`). Results are cached per
(expression, reference, tense, context, rules), since the same expressions recur across a corpus.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Callable, Mapping, Optional

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# The month each season begins in (northern meteorological seasons, as TIMEX3 news values assume).
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
ORDINAL_HALVES = {"first": 1, "front": 1, "second": 2, "latter": 2, "back": 2, "last": 2}
WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_YEAR_STEPS = {"last": -1, "this": 0, "next": 1}
_BACK = frozenset({"last", "the past", "the previous", "late last", "earlier last", "this past", "past", "previous"})
_AHEAD = frozenset({"next", "the coming", "the following", "the next", "early next", "late next", "coming"})

# Placeholders for the calendar's words, filled in by build_rules.
_MONTH = "<MONTH>"
_MONTH2 = "<MONTH2>"
_WEEKDAY = "<WEEKDAY>"
_HOLIDAY = "<HOLIDAY>"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[5-9]|20)\d{2})"
_EDGE = r"(?:(?:early|late|mid|the end of|the beginning of|the start of|the middle of|end of|start of|end-|mid-)\s*)?"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
# The year a quarter or half may name: "of 2024", "2024", "of fiscal 2024", "of last year", "of the year".
_PERIOD_YEAR = (r"(?:\s+(?:of\s+)?(?:(?:(?:fiscal|fy)\s*)?(?P<year>(?:1[5-9]|20)\d{2})|(?P<rel>last|this|next)\s+year"
                r"|(?P<ctx>that|the same)\s+year|the\s+year))?")
# Prepositions and adverbs that may open a date phrase but are not part of its value.
_LEAD = re.compile(
    r"^(?:(?:on|in|since|by|from|until|till|during|throughout|as of|before|after|at|for|of|"
    r"starting|beginning|through|over|around|about|as early as|as late as|no later than|"
    # "earlier" opens "earlier on Tuesday" but is the value's own word in "later in the day".
    r"(?:earlier|later)(?!\s+(?:in\s+the|that)\s+(?:day|week|month|year)\b))\s+)+"
)


@dataclass(frozen=True)
class Anchor:
    """What a relative expression resolves against: the article date, the tense of the
    governing verb, the year of the surrounding narrative."""
    ref: Optional[dt.date]
    future: bool = False
    context_year: Optional[int] = None
    # A year the sentence itself states: it anchors a quarter or half without one.
    sentence_year: Optional[int] = None
    # The value of the date just before this one (in the sentence, else the claims before it):
    # what "the day before" and "the same quarter a year earlier" count from.
    context_value: Optional[str] = None
    # The first day the article named (its story's first day): what "the first night" is.
    story_day: Optional[str] = None
    # The month the article's fiscal year begins in, when it says ("the fiscal year ending June 30").
    fiscal_start: Optional[int] = None


@dataclass(frozen=True)
class Found:
    """One expression matched by a shape: its cleaned text, the regex groups, and the month and
    weekday numbers its words name (1-12, 0-6)."""
    text: str
    groups: Mapping[str, Optional[str]]
    month: Optional[int] = None
    weekday: Optional[int] = None

    def __getitem__(self, key: str) -> Optional[str]:
        return self.groups.get(key)


Handler = Callable[[Found, Anchor], Optional[str]]


# -- helpers -------------------------------------------------------------------------------------

def _date(year: int, month: int, day: int) -> Optional[str]:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_year(month: int, ref: dt.date, future: bool) -> int:
    if future:
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


def _day_year(month: int, day: int, ref: dt.date, future: bool) -> Optional[int]:
    for year in ((ref.year, ref.year + 1) if future else (ref.year, ref.year - 1)):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if (candidate >= ref) if future else (candidate <= ref):
            return year
    return None


def _weekday_year(month: int, day: int, weekday: Optional[int], ref: dt.date) -> Optional[int]:
    """The year, of the article's and the two beside it, in which ``month`` ``day`` falls on the
    weekday written with it ("Tuesday 10 March"): the writer's weekday fixes the year whatever the
    tense; the nearest to the article when two agree, None when none does (a slip: tense decides)."""
    if weekday is None:
        return None
    agreeing = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate.weekday() == weekday:
            agreeing.append((abs((candidate - ref).days), year))
    return min(agreeing)[1] if agreeing else None


def _week(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _shift_month(ref: dt.date, months: int) -> tuple[int, int]:
    index = ref.year * 12 + ref.month - 1 + months
    return index // 12, index % 12 + 1


# -- handlers, one per shape -----------------------------------------------------------------------

def iso_date(f: Found, at: Anchor) -> Optional[str]:
    """2025-03-04."""
    return _date(int(f["year"]), int(f["m"]), int(f["d"]))


def absolute_date(f: Found, at: Anchor) -> Optional[str]:
    """March 4, 2025 / 4 March 2025: the date as written."""
    return _date(int(f["year"]), f.month, int(f["day"]))


def month_of_relative_year(f: Found, at: Anchor) -> Optional[str]:
    """July last year, August 29 next year."""
    if at.ref is None:
        return None
    year = at.ref.year + _YEAR_STEPS[f["rel"]]
    if f["day"]:
        return _date(year, f.month, int(f["day"]))
    return f"{year}-{f.month:02d}"


def month_day(f: Found, at: Anchor) -> Optional[str]:
    """March 5 / 5 March: the year placing it nearest before the article, after it in future
    tense or with "next"; "that March 5" takes the narrative year."""
    day = int(f["day"])
    if f.text.startswith("that ") and at.context_year:
        year = at.context_year
    elif at.ref is None:
        return None
    else:
        year = _weekday_year(f.month, day, f.weekday, at.ref) \
            or _day_year(f.month, day, at.ref, at.future or f.text.startswith("next "))
        if year is None:
            return None
    return _date(year, f.month, day)


_SPAN_MONTHS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11}


def month_span(f: Found, at: Anchor) -> Optional[str]:
    """"the first three months of 2026" (Q1), "the last six months of the year" (H2); other
    spans ("the first eight months of the year") are their year, the article's when none is named."""
    word = f["n"] or ""
    n = int(word) if word.isdigit() else _SPAN_MONTHS.get(word)
    year = _stated_year(f, at) or (at.ref.year if at.ref is not None else None)
    if year is None or n is None:
        return None
    first = f["edge"] == "first"
    periods = {3: f"Q{1 if first else 4}", 6: f"H{1 if first else 2}"}
    return f"{year}-{periods[n]}" if n in periods else str(year)


def ordinal_day(f: Found, at: Anchor) -> Optional[str]:
    """"on the 27th": that day of the article's month, else of the month before (after, in
    future tense) when the article's has not reached it (passed it)."""
    if at.ref is None:
        return None
    day = int(f["oday"])
    for shift in (0, 1, 2) if at.future else (0, -1, -2):
        year, month = _shift_month(at.ref, shift)
        value = _date(year, month, day)
        if value and (value >= at.ref.isoformat() if at.future else value <= at.ref.isoformat()):
            return value
    return None


def holiday(f: Found, at: Anchor) -> Optional[str]:
    """"Christmas", "last Christmas", "New Year's Eve": a fixed day, its year as for "March 5"."""
    if at.ref is None:
        return None
    day, mod = int(f["day"]), f["mod"]
    ref = at.ref - dt.timedelta(days=1) if mod == "last" else at.ref
    year = _day_year(f.month, day, ref, (at.future or mod == "next") and mod != "last")
    return _date(year, f.month, day) if year else None


def month_year(f: Found, at: Anchor) -> Optional[str]:
    """December 2025."""
    return f"{int(f['year'])}-{f.month:02d}"


def _year_of_month(month: int, mod: Optional[str], at: Anchor) -> int:
    ref = at.ref
    if mod == "next":
        return ref.year if month > ref.month else ref.year + 1
    if mod == "last":
        return ref.year if month < ref.month else ref.year - 1
    if mod == "this":
        return ref.year
    return _month_year(month, ref, at.future)


def month_alone(f: Found, at: Anchor) -> Optional[str]:
    """May, last May, that May, late May."""
    if f["mod"] == "that" and at.context_year:
        return f"{at.context_year}-{f.month:02d}"
    if at.ref is None:
        return None
    return f"{_year_of_month(f.month, f['mod'], at)}-{f.month:02d}"


def decade(f: Found, at: Anchor) -> Optional[str]:
    """the 1980s."""
    return f["dec"]


def short_decade(f: Found, at: Anchor) -> Optional[str]:
    """the '80s: the twentieth century's."""
    return "19" + f["dec2"][0]


DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}
_DECADE_WORD = "|".join(DECADE_WORDS)


def decade_word(f: Found, at: Anchor) -> Optional[str]:
    """the eighties (and nineties): the twentieth century's, as "the '80s"; a pair is split by the
    dates stage, the first decade here."""
    return "19" + str(DECADE_WORDS[f["dw"]])


def new_year(f: Found, at: Anchor) -> Optional[str]:
    """since the new year: the year begun last (future tense: the one to come)."""
    return None if at.ref is None else str(at.ref.year + at.future)


_FISCAL_MODS = "current|previous|last|prior|past|next|coming|new|this"
_FISCAL_STEPS = {"previous": -1, "last": -1, "prior": -1, "past": -1, "next": 1, "coming": 1}


def fiscal_year(f: Found, at: Anchor, start_month: int = 1) -> Optional[str]:
    """the current fiscal year, the previous financial year, the end of the fiscal year: valued by
    its first year (the notes' call); its start month the article's (``fiscal_start``), else the pack's
    (``calendar.json``)."""
    if at.ref is None:
        return None
    start_month = at.fiscal_start or start_month
    current = at.ref.year - (at.ref.month < start_month)
    mod = f["mod"] or f["mod2"] or ""
    step = _FISCAL_STEPS.get(mod, 1 if mod == "new" and at.future else 0)
    return str(current + step)


def year(f: Found, at: Anchor) -> Optional[str]:
    """2025, mid-2024, fiscal year 2025, 2024/25."""
    return f["year"]


def fiscal_label(f: Found, at: Anchor) -> Optional[str]:
    """FY25, FY2026: the year as written (the notes' call: "FY25" is 2025)."""
    digits = f["fy"]
    return digits if len(digits) == 4 else "20" + digits


def season(f: Found, at: Anchor) -> Optional[str]:
    """last summer, the winter of 2024."""
    code = SEASONS[f["season"]]
    if f["year"]:
        return f"{f['year']}-{code}"
    if f["mod"] == "that" and at.context_year:
        return f"{at.context_year}-{code}"
    if at.ref is None:
        return None
    if f["mod"] == "this past" or f["mod"] == "the" and not at.future:  # the latest such season begun
        return f"{at.ref.year - (at.ref.month < SEASON_START[code])}-{code}"
    if f["mod"] in ("the", None) and at.future:  # the next one not yet over ("would respond by the fall")
        return f"{at.ref.year + (at.ref.month > SEASON_START[code] + 2)}-{code}"
    if f["mod"] == "last":  # the latest one over by the article date, as "last Monday": in October, this spring
        year = at.ref.year
        while _season_over(year, code) > at.ref:
            year -= 1
        return f"{year}-{code}"
    return f"{at.ref.year + {'next': 1}.get(f['mod'], 0)}-{code}"


def _season_over(year: int, code: str) -> dt.date:
    """The day a season of ``year`` is over: the solstice or equinox three months after it begins
    (the 21st), so that early September is still summer ("last summer" then is last year's)."""
    index = year * 12 + SEASON_START[code] - 1 + 3
    return dt.date(index // 12, index % 12 + 1, 21)


def _stated_year(f: Found, at: Anchor) -> Optional[int]:
    """The year an expression names: "of 2024", "2024", "of last year" (against the article)."""
    if f["year"]:
        return int(f["year"])
    if f["rel"] and at.ref is not None:
        return at.ref.year + _YEAR_STEPS[f["rel"]]
    if f["ctx"] and at.context_year:  # "in 2023 ... the second half of that year"
        return at.context_year
    return None


def _period_year(first_month: int, last_month: int, at: Anchor) -> Optional[int]:
    """The year of a quarter or half that names none: the sentence's own year, else by tense
    against the article, as for a month: the latest one begun by the article date, or in future
    tense the next one not yet over. The narrative's year is not used: an earnings story that
    has just named next year's outlook still means this year's "third quarter"."""
    if at.sentence_year:
        return at.sentence_year
    if at.ref is None:
        return None
    if at.future:
        return at.ref.year if last_month >= at.ref.month else at.ref.year + 1
    return at.ref.year if first_month <= at.ref.month else at.ref.year - 1


def month_range(f: Found, at: Anchor) -> Optional[str]:
    """the July-September period, the April-June quarter (Q), the January-June period (H): a
    calendar quarter or half named by its months, its year as for "the third quarter"; any
    other run of months is no calendar period."""
    first, last = f.month, int(f["m2"] or 0)
    if last == first + 2 and first % 3 == 1:
        unit, number = "Q", (first + 2) // 3
    elif last == first + 5 and first in (1, 7):
        unit, number = "H", (first + 5) // 6
    else:
        return None
    year = _stated_year(f, at) or _period_year(first, last, at)
    return f"{year}-{unit}{number}" if year else None


def quarter(f: Found, at: Anchor) -> Optional[str]:
    """the first quarter (of 2025), third-quarter, Q3 2024, 3Q: the stated year, else
    :func:`_period_year`."""
    number = ORDINAL_QUARTERS[f["q"]] if f["q"] else int(f["qn"] or f["qn2"])
    year = _stated_year(f, at) or _period_year(3 * number - 2, 3 * number, at)
    return f"{year}-Q{number}" if year else None


def half(f: Found, at: Anchor) -> Optional[str]:
    """the second half of 2024, first-half, H1: the stated year, else :func:`_period_year`."""
    number = ORDINAL_HALVES[f["h"]] if f["h"] else int((f["hn"] or f["hn2"]))
    year = _stated_year(f, at) or _period_year(6 * number - 5, 6 * number, at)
    return f"{year}-H{number}" if year else None


_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
_DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_QUARTER_STEPS = {"last": -1, "the previous": -1, "the prior": -1, "the past": -1, "previous": -1, "prior": -1,
                  "this": 0, "the current": 0, "current": 0, "next": 1, "the next": 1, "the coming": 1, "coming": 1}


def _quarter_index(value: Optional[str]) -> Optional[int]:
    m = _QUARTER_VALUE.match(value or "")
    return int(m[1]) * 4 + int(m[2]) - 1 if m else None


def _quarter_value(index: int) -> str:
    return f"{index // 4}-Q{index % 4 + 1}"


def relative_quarter(f: Found, at: Anchor) -> Optional[str]:
    """last quarter, the previous quarter, the same quarter a year earlier, the year-ago quarter:
    counted from the quarter just named (``context_value``), else from the article's quarter;
    a quarter a year back, named without one, is the last full quarter's a year back."""
    if at.ref is None:
        return None
    current = at.ref.year * 4 + (at.ref.month - 1) // 3
    named = _quarter_index(at.context_value)
    if f["yearback"] or f["mod"] in ("the same", "the year-earlier", "the year-ago", "the prior-year",
                                      "the year-before", "the previous year's", "last year's"):
        return _quarter_value((named if named is not None else current - 1) - 4)
    if f["mod"] in ("the latest", "the most recent", "the last"):
        return _quarter_value(current - 1)
    if f["mod"] == "the":
        return _quarter_value(named) if named is not None else None
    step = _QUARTER_STEPS[f["mod"]]
    base = named if named is not None and f["mod"].startswith("the ") else current
    return _quarter_value(base + step)


def dated_weekday(f: Found, at: Anchor) -> Optional[str]:
    """Friday, March 6: the year in which the weekday and the day agree, else by tense."""
    if at.ref is None:
        return None
    year = _weekday_year(f.month, int(f["day"]), f.weekday, at.ref) or _day_year(f.month, int(f["day"]), at.ref,
                                                                                 at.future)
    return dt.date(year, f.month, int(f["day"])).isoformat() if year else None


def weekday(f: Found, at: Anchor) -> Optional[str]:
    """on Monday (on or before the article; on or after in future tense), last Monday (before
    it, never the article date), next Monday (after it), this Monday (in the article's week)."""
    if at.ref is None:
        return None
    ref, wd = at.ref, f.weekday
    if f["mod"] in ("last", "past"):
        return (ref - dt.timedelta(days=(ref.weekday() - wd) % 7 or 7)).isoformat()
    if f["mod"] in ("next", "coming"):
        return (ref + dt.timedelta(days=(wd - ref.weekday()) % 7 or 7)).isoformat()
    if f["mod"] == "this":  # that weekday of the article's ISO week, whatever the tense
        return (ref + dt.timedelta(days=wd - ref.weekday())).isoformat()
    if at.future:
        return (ref + dt.timedelta(days=(wd - ref.weekday()) % 7)).isoformat()
    return (ref - dt.timedelta(days=(ref.weekday() - wd) % 7)).isoformat()


def week_to(f: Found, at: Anchor) -> Optional[str]:
    """the week to Sunday, the seven days ending Friday: the ISO week of that day."""
    day = weekday(f, at)
    return _week(dt.date.fromisoformat(day)) if day else None


_NTH_WEEK = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def nth_week(f: Found, at: Anchor) -> Optional[str]:
    """the second week of January (2025): the ISO week holding that week's middle day."""
    if f["year"]:
        year = int(f["year"])
    elif at.ref is not None:
        year = _year_of_month(f.month, None, at)
    else:
        return None
    if f["nth"] in ("last", "final"):
        last = dt.date(year + f.month // 12, f.month % 12 + 1, 1) - dt.timedelta(days=1)
        return _week(last - dt.timedelta(days=3))
    return _week(dt.date(year, f.month, 7 * (_NTH_WEEK[f["nth"]] - 1) + 4))


def _deictic_shift(word: str) -> int:
    if "before yesterday" in word:
        return -2
    if "after tomorrow" in word:
        return 2
    if word.startswith(("yesterday", "last night")):
        return -1
    return 1 if word.startswith("tomorrow") else 0


def deictic_day(f: Found, at: Anchor) -> Optional[str]:
    """today, yesterday, tomorrow morning, the day before yesterday."""
    if at.ref is None:
        return None
    return (at.ref + dt.timedelta(days=_deictic_shift(f["deixis"]))).isoformat()


def _weekend(at: Anchor) -> str:
    """ "the weekend": the last one begun by the article date, or in future tense the next one;
    in a Friday article, the one that begins the next day (copy filed on a Friday speaks of the
    weekend ahead: 'stranded at the start of the weekend')."""
    saturday, friday = 5, 4
    if at.future or at.ref.weekday() == friday:
        day = at.ref + dt.timedelta(days=(saturday - at.ref.weekday()) % 7)
    else:
        day = at.ref - dt.timedelta(days=(at.ref.weekday() - saturday) % 7)
    return _week(day) + "-WE"


def relative_unit(f: Found, at: Anchor) -> Optional[str]:
    """last week, this month, next year, the coming weekend; "the year" is the narrative's."""
    mod, unit = f["mod"], f["unit"]
    if at.ref is None:
        return None
    if mod == "the" and unit == "year":
        return str(at.context_year) if at.context_year else None
    if mod == "the" and unit == "weekend":
        return _weekend(at)
    if mod in ("the", "the same"):
        return None
    if unit == "year" and at.context_year and mod in ("the following", "the next", "the previous"):
        return str(at.context_year + (-1 if mod == "the previous" else 1))  # "in 2016 ... the following year"
    step = -1 if mod in _BACK else 1 if mod in _AHEAD else 0
    if unit in ("week", "weekend"):
        value = _week(at.ref + dt.timedelta(days=7 * step))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        y, m = _shift_month(at.ref, step)
        return f"{y}-{m:02d}"
    return str(at.ref.year + step)


def end_of_unit(f: Found, at: Anchor) -> Optional[str]:
    """the end of the year / of this month / of last year, the start of next year, year-end:
    the article's unit, or the one before or after it."""
    if at.ref is None:
        return None
    step = _YEAR_STEPS.get(f["mod"] or "this", 0)
    if f["unit"] == "week":  # "the start of the week": the article's week
        return _week(at.ref + dt.timedelta(days=7 * step))
    if f["unit"] == "month":
        y, m = _shift_month(at.ref, step)
        return f"{y}-{m:02d}"
    return str(at.ref.year + step)


def context_unit(f: Found, at: Anchor) -> Optional[str]:
    """that year, the following year: only from a narrative year."""
    if f["unit"] == "year" and at.context_year:
        shift = 1 if f["mod"] in ("the following", "the next") else -1 if f["mod"] == "the previous" else 0
        return str(at.context_year + shift)
    return None


def context_day(f: Found, at: Anchor) -> Optional[str]:
    """that day, that night, the same morning: the day named in the claims just before; nothing
    without one (the article date was a worse guess on the stories and the wire corpus)."""
    m = _DAY_VALUE.match(at.context_value or "")
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def the_night(f: Found, at: Anchor) -> Optional[str]:
    """during the night: in a report, the night before the article's day (valued by the evening's
    day); in future tense, the article's night."""
    if at.ref is None:
        return None
    return (at.ref - dt.timedelta(days=0 if at.future else 1)).isoformat()


def day_part(f: Found, at: Anchor) -> Optional[str]:
    """during the morning, in the afternoon: part of the day named just before (the K and Ibadan
    golds); after the night before the article ("the night", valued by its evening), the article's
    morning. Without a day named, or ahead, which morning is not said."""
    m = _DAY_VALUE.match(at.context_value or "")
    if at.ref is None or at.future or not m:
        return None
    day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    return (at.ref if day == at.ref - dt.timedelta(days=1) else day).isoformat()


def same_month_back(f: Found, at: Anchor) -> Optional[str]:
    """"in April ... the same month last year": the month named just before, a year back; with none
    named, the article's month a year back."""
    m = _COARSE_VALUE.match((at.context_value or "")[:7])
    if m and m["month"]:
        return f"{int(m['year']) - 1}-{m['month']}"
    return None if at.ref is None else f"{at.ref.year - 1}-{at.ref.month:02d}"


def the_day(f: Found, at: Anchor) -> Optional[str]:
    """(through) the day: the day named just before, else the article's (the Halmahera gold)."""
    m = _DAY_VALUE.match(at.context_value or "")
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    return None if at.ref is None else at.ref.isoformat()


def story_first(f: Found, at: Anchor) -> Optional[str]:
    """the first night, the first week (after a collapse, a blast): counted from the first day the
    article named, the day of its event; nothing without one."""
    m = _DAY_VALUE.match(at.story_day or "")
    if not m:
        return None
    day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    # A week is the seven days from that day, placed by its middle day (as "the second week of January").
    return _week(day + dt.timedelta(days=3)) if f["unit"] == "week" else day.isoformat()


def _count(word: str) -> int:
    return int(word) if word.isdigit() else WORD_NUMBERS[word]


def _context_day(at: Anchor, unit: str = "day") -> Optional[dt.date]:
    """The day just named ("on Tuesday ... the day before"), else the article date; for a
    count of months or years, the month or year just named will do ("in 1998 ... two years
    later"), as its first day."""
    value = at.context_value or ""
    m = _DAY_VALUE.match(value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    week = _WEEK_VALUE.match(value)
    if week and unit == "week":  # "the week to Sunday ... the week before": from that week
        try:
            return dt.date.fromisocalendar(int(week["year"]), int(week["week"]), 1)
        except ValueError:
            pass
    coarse = _COARSE_VALUE.match(value) if unit in ("month", "year") else None
    if coarse and (coarse["month"] or unit == "year"):
        return dt.date(int(coarse["year"]), int(coarse["month"] or 1), 1)
    period = _QUARTER_OR_HALF.match(value) if unit == "year" else None
    if period:  # "in the final three months of last year ... up 6.4% on a year earlier": from that quarter
        return dt.date(int(period["year"]), 1 + (int(period["n"]) - 1) * (3 if period["unit"] == "Q" else 6), 1)
    return at.ref


_WEEK_VALUE = re.compile(r"^(?P<year>\d{4})-W(?P<week>0[1-9]|[1-4]\d|5[0-3])$")
_COARSE_VALUE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>0[1-9]|1[0-2]))?$")
_QUARTER_OR_HALF = re.compile(r"^(?P<year>\d{4})-(?P<unit>[QH])(?P<n>[1-4])$")


def at_unit(day: dt.date, unit: str) -> str:
    """``day`` at a unit's granularity: the day, its ISO week, its month or its year."""
    return _at_unit(day, unit)


def _at_unit(day: dt.date, unit: str) -> str:
    if unit == "day":
        return day.isoformat()
    if unit == "week":
        return _week(day)
    if unit == "month":
        return f"{day.year}-{day.month:02d}"
    return str(day.year)


def _shift_unit(day: dt.date, unit: str, n: int) -> dt.date:
    if unit in ("day", "week"):
        return day + dt.timedelta(days=n * (7 if unit == "week" else 1))
    if unit == "month":
        y, m = _shift_month(day, n)
        return dt.date(y, m, 1)
    return dt.date(day.year + n, 1, 1)


def anaphoric(f: Found, at: Anchor) -> Optional[str]:
    """the day before, a day earlier, two weeks later, the next day: counted from the day just
    named, else from the article date, at the unit's granularity."""
    unit = f["unit"] or f["unit2"] or f["unit3"]
    anchor = _context_day(at, unit)
    if anchor is None:
        return None
    way = f["way"] or f["way2"] or f["way3"]
    sign = -1 if way in ("earlier", "before", "previous", "prior") else 1
    n = _count(f["n"]) if f["n"] else 1
    # At the unit's granularity, whatever the anchor's: "in early February ... down from 141 a year
    # earlier" and "in the first quarter ... from a year earlier" are the year before (writers E and I).
    return _at_unit(_shift_unit(anchor, unit, sign * n), unit)


def within_unit(f: Found, at: Anchor) -> Optional[str]:
    """earlier in the day, later in the week, later that month: the unit of the day just named,
    else the article's; "the year" is the narrative's year, else the article's."""
    unit = f["unit"]
    if unit == "year" and at.context_year:
        return str(at.context_year)
    anchor = _context_day(at) if unit != "year" else at.ref
    return _at_unit(anchor, unit) if anchor is not None else None


def ago(f: Found, at: Anchor) -> Optional[str]:
    """two weeks ago, a year ago."""
    if at.ref is None:
        return None
    n = int(f["n"]) if f["n"].isdigit() else WORD_NUMBERS[f["n"]]
    if f["unit"] == "day":
        return (at.ref - dt.timedelta(days=n)).isoformat()
    if f["unit"] == "week":
        return _week(at.ref - dt.timedelta(days=7 * n))
    if f["unit"] == "month":
        y, m = _shift_month(at.ref, -n)
        return f"{y}-{m:02d}"
    return str(at.ref.year - n)


# The shapes in the order they are tried: (name, regex over the cleaned expression, handler).
SHAPES: tuple[tuple[str, str, Handler], ...] = (
    ("iso", r"^(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$", iso_date),
    ("mdy", rf"^(?:{_WEEKDAY},?\s+)?{_EDGE}{_MONTH}\s+{_DAY},?\s+{_YEAR}$", absolute_date),
    ("dmy", rf"^(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}$", absolute_date),
    ("myrel", rf"^{_MONTH}(?:\s+{_DAY})?,?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year$", month_of_relative_year),
    ("md", rf"^(?:(?:that|this|last|next)\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}{_PART}$", month_day),
    ("dm", rf"^(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}$", month_day),
    ("md_range", rf"^(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\s*-\s*(?P<day2>\d{{1,2}})$", month_day),
    ("month_span", rf"^the\s+(?P<edge>first|last|final)\s+(?P<n>\d{{1,2}}|[a-z]+)\s+months{_PERIOD_YEAR}$",
     month_span),
    ("ordinal_day", r"^the (?P<oday>[12]?\d|3[01])(?:st|nd|rd|th)$", ordinal_day),
    ("holiday", rf"^(?:(?P<mod>last|this|next)\s+)?{_HOLIDAY}$", holiday),
    ("my", rf"^{_EDGE}{_MONTH},?\s+(?:of\s+)?{_YEAR}$", month_year),
    ("m", rf"^(?:(?:early|late|mid)[\s-]*)?(?P<mod>that|this|last|next|the)?\s*{_EDGE}{_MONTH}$", month_alone),
    ("decade", r"^(?:the\s+)?(?:early|late|mid|mid-)?\s*(?:-\s*)?(?P<dec>(?:1[5-9]|20)\d)0'?s$", decade),
    ("decade2", r"^(?:the\s+)?(?:early|late|mid|mid-)?\s*'?(?P<dec2>[2-9]0)'?s$", short_decade),
    # "the" is required: "in their early twenties" is an age.
    ("decade_word", rf"^the\s+(?:(?:early|late|mid)[\s-]+)?(?P<dw>{_DECADE_WORD})"
                    rf"(?:\s+(?:and|or|to)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:{_DECADE_WORD}))?$",
     decade_word),
    ("y", rf"^(?:the\s+)?(?:(?:fiscal|financial|calendar|school)\s+(?:year\s+)?)?{_EDGE}{_YEAR}$", year),
    # A bare "the financial year" names none in particular (writer C's gold): a word or "the end of" is needed.
    ("fiscal_rel", r"^(?:(?:the\s+)?(?:end|start|beginning|middle|close)\s+of\s+(?:the\s+)?(?P<mod>" + _FISCAL_MODS
                   + r")?|(?:the\s+)?(?P<mod2>" + _FISCAL_MODS + r"))\s*(?:fiscal|financial)\s+year$", fiscal_year),
    ("new_year", r"^the new year$", new_year),
    ("fy", r"^(?:the\s+)?(?P<year>(?:19|20)\d{2})[/-](?:\d{2}|\d{4})$", year),
    ("fy_label", r"^fy\s?'?(?P<fy>\d{2}|(?:19|20)\d{2})$", fiscal_label),
    ("season", rf"^(?P<mod>this past|last|this|next|that|the)?\s*{_EDGE}(?P<season>spring|summer|autumn|fall|winter)"
               rf"(?:\s+(?:of\s+)?{_YEAR})?$", season),
    ("quarter_rel", r"^(?P<mod>last|this|next|previous|prior|current|coming|the previous|the prior|the past|"
                    r"the current|the next|the coming|the latest|the most recent|the last|the same|the year-earlier|"
                    r"the year-ago|the prior-year|the year-before|the previous year's|last year's|the)\s+"
                    r"(?:(?:fiscal|financial|calendar)\s+)?quarter(?P<yearback>\s+(?:a|one)\s+year\s+"
                    r"(?:earlier|ago|before)|\s+(?:of\s+)?last\s+year|\s+of\s+the\s+previous\s+year)?$",
     relative_quarter),
    ("quarter", rf"^(?:the\s+)?(?:(?:fiscal|financial|calendar)\s+)?(?:(?P<q>first|second|third|fourth|final|last)"
                rf"[\s-]+quarter|q(?P<qn>[1-4])|(?P<qn2>[1-4])q){_PERIOD_YEAR}$", quarter),
    ("month_range", rf"^the\s+{_MONTH}\s*-\s*{_MONTH2}\s+(?:quarter|period|half|months){_PERIOD_YEAR}$", month_range),
    ("half", rf"^(?:the\s+)?(?:(?:fiscal|financial|calendar)\s+)?(?:(?P<h>first|second|latter|front|back)[\s-]+half"
             rf"|h(?P<hn>[12])|(?P<hn2>[12])h){_PERIOD_YEAR}$", half),
    ("weekday_date", rf"^(?P<mod>this|last|next|that|coming|past)?\s*(?:(?:early|late)\s+)?{_WEEKDAY}{_PART}"
                     rf",?\s+{_MONTH}\s+{_DAY}$", dated_weekday),
    ("weekday", rf"^(?P<mod>this|last|next|that|coming|past)?\s*(?:(?:early|late)\s+)?{_WEEKDAY}{_PART}$", weekday),
    ("week_to", rf"^the\s+(?:week|seven\s+days)\s+(?:to|ending|ended|through)\s+(?:on\s+)?(?P<mod>)?{_WEEKDAY}$",
     week_to),
    ("nth_week", rf"^the\s+(?P<nth>first|second|third|fourth|last|final)\s+week\s+of\s+{_MONTH}(?:,?\s+{_YEAR})?$",
     nth_week),
    ("deictic", r"^(?P<deixis>today|tonight|yesterday|tomorrow|this morning|this afternoon|this evening|"
                r"the day before yesterday|the day after tomorrow|"
                r"(?:yesterday|tomorrow)\s+(?:morning|afternoon|evening|night)|last night|earlier today)$",
     deictic_day),
    # "the past week" is a duration (TimeML's P1W), not a calendar week: no shape takes it.
    ("relative", r"^(?P<mod>this|last|next|the previous|the coming|the following|the next(?! year)|earlier this|"
                 r"later this|early this|late last|earlier last|late this|early next|late next|"
                 r"this past|coming|previous|the current|the same|the)\s+"
                 r"(?P<unit>week|month|year|weekend)$", relative_unit),
    ("yearend", r"^(?:(?:the\s+)?(?:end|beginning|start|middle|turn)\s+of\s+(?:the|(?P<mod>this|last|next))\s+"
                r"(?P<unit>year|month|week)|(?P<unit2>year)[- ]end)$", end_of_unit),
    ("context", r"^(?P<mod>that|the same|the following|the previous|the next)\s+(?P<unit>year|month)$", context_unit),
    ("context_day", r"^(?:that|the same)\s+(?:day|night|morning|afternoon|evening)$", context_day),
    ("the_night", r"^the night$", the_night),
    ("day_part", r"^the (?:morning|afternoon|evening)$", day_part),
    ("the_day", r"^the day$", the_day),
    ("same_month_back", r"^the same month (?:last year|a year (?:earlier|ago|before))$", same_month_back),
    ("story_first", r"^the first (?P<unit>night|week)$", story_first),
    ("anaphoric", r"^(?:(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                  r"(?P<unit>day|week|month|year)s?\s+(?P<way>earlier|later|before|after)|the\s+"
                  r"(?P<unit2>day|week|month|year)\s+(?P<way2>before|after)|the\s+"
                  r"(?P<way3>previous|next|following|prior)\s+(?P<unit3>day))$", anaphoric),
    ("within", r"^(?:earlier|later|early|late)\s+(?:in\s+the|that)\s+(?P<unit>day|week|month|year)$", within_unit),
    ("ago", r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago$", ago),
)


# -- rules -------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class TimexRules:
    """The shapes compiled with the calendar's words (hashed by identity: a cache key)."""
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    shapes: tuple[tuple[str, re.Pattern, Handler], ...]
    holidays: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # lower-case name -> (month, day)


def calendar_words(calendar) -> tuple[dict[str, int], dict[str, int]]:
    """Lower-case month words (names and abbreviations without their full stop) -> 1-12, and
    weekday names -> 0-6, from the pack's ``Calendar``."""
    months: dict[str, int] = {}
    for number, month in enumerate(calendar.months, 1):
        for word in [month.name, *month.abbreviations]:
            months.setdefault(word.rstrip(".").lower(), number)
    weekdays = {name.lower(): number for number, name in enumerate(calendar.weekdays)}
    return months, weekdays


def build_rules(calendar) -> TimexRules:
    """The shapes of :data:`SHAPES` with the month and weekday words of ``calendar``."""
    months, weekdays = calendar_words(calendar)
    # Longest first, so that "sept" is not read as "sep" and a stray "t".
    month = r"(?P<month>" + "|".join(sorted(months, key=len, reverse=True)) + r")\.?"
    month2 = month.replace("(?P<month>", "(?P<month2>")
    day = r"(?P<weekday>" + "|".join(weekdays) + r")"
    holidays = {name.replace("’", "'").lower(): (int(md[:2]), int(md[3:]))
                for name, md in getattr(calendar, "holidays", {}).items()}
    named = r"(?P<holiday>" + "|".join(re.escape(h) for h in sorted(holidays, key=len, reverse=True)) + r")" \
        if holidays else r"(?P<holiday>(?!))"
    fiscal_start = getattr(calendar, "fiscal_year_start_month", 1)
    def filled(regex: str) -> str:
        return regex.replace(_MONTH2, month2).replace(_MONTH, month).replace(_WEEKDAY, day).replace(_HOLIDAY, named)
    shapes = tuple((name, re.compile(filled(regex)),
                    partial(handler, start_month=fiscal_start) if handler is fiscal_year else handler)
                   for name, regex, handler in SHAPES)
    return TimexRules(months=months, weekdays=weekdays, shapes=shapes, holidays=holidays)


@lru_cache(maxsize=1)
def default_rules() -> TimexRules:
    """The rules of the bundled pack, for callers that do not hold a stage's rules."""
    from ..components.base import default_pack  # here: the components import this module
    return build_rules(default_pack().calendar)


# -- resolving ---------------------------------------------------------------------------------------

def _clean(expr: str) -> str:
    text = expr.replace("’", "'").replace("\u00a0", " ").replace("\u2013", "-").strip().lower()
    text = re.sub(r"\s+", " ", text)
    text = _LEAD.sub("", text)
    return text.strip(" ,.")


def match_shape(text: str, rules: TimexRules) -> Optional[tuple[str, Handler, Found]]:
    """The first shape that matches the cleaned ``text``: its name, handler and match."""
    for name, pattern, handler in rules.shapes:
        m = pattern.match(text)
        if m:
            groups = m.groupdict()
            month = rules.months.get(groups.get("month") or "")
            if groups.get("month2"):  # "the April-June quarter": the second month's number too
                groups = {**groups, "m2": str(rules.months[groups["month2"]])}
            if groups.get("holiday"):  # a holiday names its month and day
                month, day = rules.holidays[groups["holiday"]]
                groups = {**groups, "day": str(day)}
            found = Found(text, groups, month, rules.weekdays.get(groups.get("weekday") or ""))
            return name, handler, found
    return None


def shape_of(expr: str, *, rules: Optional[TimexRules] = None) -> Optional[str]:
    """The name of the shape that decides ``expr``, or None (dateparser's, or nobody's)."""
    found = match_shape(_clean(expr), rules if rules is not None else default_rules())
    return found[0] if found else None


@lru_cache(maxsize=65536)
def _matched(expr: str, rules: TimexRules) -> Optional[tuple[str, Handler, Found]]:
    """The cleaned expression's shape, once per expression (the anchor varies, the shape not)."""
    text = _clean(expr)
    return match_shape(text, rules) if text else None


# Shapes whose value counts from the date named just before them (``context_value``).
CONTEXT_SHAPES = frozenset({"quarter_rel", "anaphoric", "within", "context_day", "day_part", "the_day",
                            "same_month_back"})


def uses_context(expr: str, *, rules: Optional[TimexRules] = None) -> bool:
    """Whether ``expr`` counts from the date named before it ("the day before")."""
    found = _matched(expr, rules if rules is not None else default_rules())
    return found is not None and found[0] in CONTEXT_SHAPES


def uses_sentence_year(expr: str, *, rules: Optional[TimexRules] = None) -> bool:
    """Whether ``expr`` takes the year its sentence states ("the fourth quarter")."""
    found = _matched(expr, rules if rules is not None else default_rules())
    return found is not None and found[0] in ("quarter", "half", "month_range")


@lru_cache(maxsize=65536)
def resolve(expr: str, ref: Optional[dt.date], *, future: bool = False,
            context_year: Optional[int] = None, rules: Optional[TimexRules] = None,
            sentence_year: Optional[int] = None, context_value: Optional[str] = None,
            story_day: Optional[str] = None, fiscal_start: Optional[int] = None) -> Optional[str]:
    """TIMEX3 value of a calendar expression, or None when it is not one (a duration, an age).

    ``ref`` is the article date; relative expressions resolve to None without it.
    ``future`` says the governing verb is in the future tense (spec 5: tense decides direction).
    ``context_year`` is the year of the surrounding narrative ("throughout the year", "that May").
    ``rules`` default to the bundled pack's (:func:`default_rules`).
    ``sentence_year`` is a year the sentence states ("2024 sales ... in the fourth quarter").
    ``context_value`` is the value of the date named just before ("the day before").
    ``story_day`` is the first day the article named ("the first night").
    ``fiscal_start`` is the month the article's fiscal year begins in, when it says.
    """
    text = _clean(expr)
    if not text:
        return None
    if ref is not None and not 1000 <= ref.year <= 9998:
        ref = None  # TIMEX3 years have four digits: such a reference cannot anchor anything
    found = _matched(expr, rules if rules is not None else default_rules())
    if found is not None:
        _, handler, match = found
        return handler(match, Anchor(ref, future, context_year, sentence_year, context_value, story_day,
                                      fiscal_start))
    return _dateparser_fallback(text)


# A day needs a number of its own beside the year: "the 1980s and" has neither (dateparser gave it today's date).
_ABSOLUTE_HINT = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|(?=.*\b\d{4}\b).*\b\d{1,2}\b")


def _dateparser_fallback(text: str) -> Optional[str]:
    """Absolute dates in other spellings ("3/4/2025", "2025, March 4"); never relative ones,
    which dateparser resolves against today's date rather than the article's."""
    if not _ABSOLUTE_HINT.search(text) or re.search(r"\b(year|month|week|day)s?\b", text):
        return None
    import dateparser  # imported lazily: it costs ~0.3 s at start-up

    parsed = dateparser.parse(text, languages=["en"], settings={
        "STRICT_PARSING": True, "REQUIRE_PARTS": ["year", "month", "day"], "PREFER_DAY_OF_MONTH": "first",
    })
    return parsed.date().isoformat() if parsed else None
