"""Date expressions -> TIMEX3 values against a reference date (claims-spec 5).

One pure function, :func:`resolve`, handles the expressions news uses; dateparser is the
fallback for absolute dates in forms the rules do not cover. Results are cached per
(expression, reference, tense, context), since the same expressions recur across a corpus.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Optional

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[5-9]|20)\d{2})"
_EDGE = r"(?:(?:early|late|mid|the end of|the beginning of|the start of|the middle of|end of|start of|end-|mid-)\s*)?"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
# Prepositions and adverbs that may open a date phrase but are not part of its value.
_LEAD = re.compile(
    r"^(?:(?:on|in|since|by|from|until|till|during|throughout|as of|before|after|at|for|of|"
    r"starting|beginning|through|over|around|about|as early as|as late as|no later than|earlier|later)\s+)+"
)

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"^(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$")),
    ("mdy", re.compile(rf"^(?:{_WEEKDAY},?\s+)?{_EDGE}{_MONTH}\s+{_DAY},?\s+{_YEAR}$")),
    ("dmy", re.compile(rf"^(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}$")),
    ("myrel", re.compile(rf"^{_MONTH}(?:\s+{_DAY})?,?\s+(?P<rel>last|this|next)\s+year$")),
    ("md", re.compile(rf"^(?:(?:that|this|last|next)\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}{_PART}$")),
    ("dm", re.compile(rf"^(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}$")),
    ("my", re.compile(rf"^{_EDGE}{_MONTH},?\s+(?:of\s+)?{_YEAR}$")),
    ("m", re.compile(rf"^(?P<mod>that|this|last|next|the)?\s*{_EDGE}{_MONTH}$")),
    ("decade", re.compile(r"^(?:the\s+)?(?:early|late|mid|mid-)?\s*(?:-\s*)?(?P<dec>(?:1[5-9]|20)\d)0'?s$")),
    ("decade2", re.compile(r"^(?:the\s+)?(?:early|late|mid|mid-)?\s*'?(?P<dec2>[2-9]0)'?s$")),
    ("y", re.compile(rf"^(?:the\s+)?(?:(?:fiscal|financial|calendar|school)\s+(?:year\s+)?)?{_EDGE}{_YEAR}$")),
    ("fy", re.compile(r"^(?:the\s+)?(?P<year>(?:19|20)\d{2})[/-](?:\d{2}|\d{4})$")),
    ("season", re.compile(rf"^(?P<mod>last|this|next|that|the)?\s*{_EDGE}(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?{_YEAR})?$")),
    ("quarter", re.compile(r"^(?:the\s+)?(?P<q>first|second|third|fourth|final|last)\s+quarter(?:\s+of\s+(?P<year>\d{4}))?$")),
    ("weekday", re.compile(rf"^(?P<mod>this|last|next|that|coming|past)?\s*(?:(?:early|late)\s+)?{_WEEKDAY}{_PART}(?:,?\s+{_MONTH}\s+{_DAY})?$")),
    ("deictic", re.compile(r"^(?P<deixis>today|tonight|yesterday|tomorrow|this morning|this afternoon|this evening|"
                           r"the day before yesterday|the day after tomorrow|"
                           r"(?:yesterday|tomorrow)\s+(?:morning|afternoon|evening|night)|last night|earlier today)$")),
    ("relative", re.compile(r"^(?P<mod>this|last|next|the past|the previous|the coming|the following|earlier this|"
                            r"later this|early this|late last|earlier last|late this|early next|late next|"
                            r"this past|past|coming|previous|the current|the same|the)\s+"
                            r"(?P<unit>week|month|year|weekend)$")),
    ("yearend", re.compile(r"^the end of (?:the|this) (?P<unit>year|month)$")),
    ("context", re.compile(r"^(?P<mod>that|the same|the following|the previous|the next)\s+(?P<unit>year|month)$")),
    ("ago", re.compile(r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                       r"(?P<unit>day|week|month|year)s?\s+ago$")),
]


def _clean(expr: str) -> str:
    text = expr.replace("’", "'").replace("\u00a0", " ").strip().lower()
    text = re.sub(r"\s+", " ", text)
    text = _LEAD.sub("", text)
    return text.strip(" ,.")


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


def _week(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _shift_month(ref: dt.date, months: int) -> tuple[int, int]:
    index = ref.year * 12 + ref.month - 1 + months
    return index // 12, index % 12 + 1


@lru_cache(maxsize=65536)
def resolve(expr: str, ref: Optional[dt.date], *, future: bool = False,
            context_year: Optional[int] = None) -> Optional[str]:
    """TIMEX3 value of a calendar expression, or None when it is not one (a duration, an age).

    ``ref`` is the article date; relative expressions resolve to None without it.
    ``future`` says the governing verb is in the future tense (spec 5: tense decides direction).
    ``context_year`` is the year of the surrounding narrative ("throughout the year", "that May").
    """
    text = _clean(expr)
    if not text:
        return None
    if ref is not None and not 1000 <= ref.year <= 9998:
        ref = None  # TIMEX3 years have four digits: such a reference cannot anchor anything
    for name, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        g = m.groupdict()
        if name == "iso":
            try:
                return dt.date(int(g["year"]), int(g["m"]), int(g["d"])).isoformat()
            except ValueError:
                return None
        if name in ("mdy", "dmy"):
            try:
                return dt.date(int(g["year"]), MONTHS[g["month"]], int(g["day"])).isoformat()
            except ValueError:
                return None
        if name == "myrel":
            if ref is None:
                return None
            year = ref.year + {"last": -1, "this": 0, "next": 1}[g["rel"]]
            month = MONTHS[g["month"]]
            if g.get("day"):
                try:
                    return dt.date(year, month, int(g["day"])).isoformat()
                except ValueError:
                    return None
            return f"{year}-{month:02d}"
        if name in ("md", "dm"):
            month, day = MONTHS[g["month"]], int(g["day"])
            if text.startswith("that ") and context_year:
                year = context_year
            elif ref is None:
                return None
            else:
                year = _day_year(month, day, ref, future or text.startswith("next "))
                if year is None:
                    return None
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return None
        if name == "my":
            return f"{int(g['year'])}-{MONTHS[g['month']]:02d}"
        if name == "m":
            if g["month"] in ("may", "mar", "jun", "jan", "dec", "oct", "aug", "sep", "nov", "feb", "apr", "jul") \
                    and not g.get("mod") and text == g["month"]:
                # A bare short word ("may", "march") is far more often not a date; callers pass
                # capitalised month names only, so "May" here is the month.
                pass
            month = MONTHS[g["month"]]
            mod = g.get("mod")
            if mod == "that" and context_year:
                return f"{context_year}-{month:02d}"
            if ref is None:
                return None
            if mod == "next":
                year = ref.year if month > ref.month else ref.year + 1
            elif mod == "last":
                year = ref.year if month < ref.month else ref.year - 1
            elif mod == "this":
                year = ref.year
            else:
                year = _month_year(month, ref, future)
            return f"{year}-{month:02d}"
        if name == "decade":
            return g["dec"]
        if name == "decade2":
            return "19" + g["dec2"][0]
        if name in ("y", "fy"):
            return g["year"]
        if name == "season":
            code = SEASONS[g["season"]]
            if g.get("year"):
                return f"{g['year']}-{code}"
            mod = g.get("mod")
            if mod == "that" and context_year:
                return f"{context_year}-{code}"
            if ref is None:
                return None
            year = ref.year - 1 if mod == "last" else ref.year + 1 if mod == "next" else ref.year
            return f"{year}-{code}"
        if name == "quarter":
            year = int(g["year"]) if g.get("year") else (context_year or (ref.year if ref else None))
            return f"{year}-Q{ORDINAL_QUARTERS[g['q']]}" if year else None
        if name == "weekday":
            if g.get("month") and g.get("day"):
                if ref is None:
                    return None
                year = _day_year(MONTHS[g["month"]], int(g["day"]), ref, future)
                return dt.date(year, MONTHS[g["month"]], int(g["day"])).isoformat() if year else None
            if ref is None:
                return None
            wd = WEEKDAYS[g["weekday"]]
            mod = g.get("mod")
            if mod in ("last", "past"):
                back = (ref.weekday() - wd) % 7 or 7
                return (ref - dt.timedelta(days=back)).isoformat()
            if mod in ("next", "coming"):
                ahead = (wd - ref.weekday()) % 7 or 7
                return (ref + dt.timedelta(days=ahead)).isoformat()
            if future:
                return (ref + dt.timedelta(days=(wd - ref.weekday()) % 7)).isoformat()
            return (ref - dt.timedelta(days=(ref.weekday() - wd) % 7)).isoformat()
        if name == "deictic":
            if ref is None:
                return None
            d = g["deixis"]
            shift = -2 if "before yesterday" in d else 2 if "after tomorrow" in d else \
                -1 if d.startswith(("yesterday", "last night")) else 1 if d.startswith("tomorrow") else 0
            return (ref + dt.timedelta(days=shift)).isoformat()
        if name == "relative":
            mod, unit = g["mod"], g["unit"]
            if ref is None:
                return None
            if mod == "the" and unit == "year":
                return str(context_year) if context_year else None
            if mod in ("the", "the same"):
                return None
            step = -1 if mod in ("last", "the past", "the previous", "late last", "earlier last", "this past",
                                 "past", "previous") else \
                1 if mod in ("next", "the coming", "the following", "early next", "late next", "coming") else 0
            if unit in ("week", "weekend"):
                value = _week(ref + dt.timedelta(days=7 * step))
                return value + "-WE" if unit == "weekend" else value
            if unit == "month":
                y, m_ = _shift_month(ref, step)
                return f"{y}-{m_:02d}"
            return str(ref.year + step)
        if name == "yearend":
            if ref is None:
                return None
            return str(ref.year) if g["unit"] == "year" else f"{ref.year}-{ref.month:02d}"
        if name == "context":
            if g["unit"] == "year" and context_year:
                shift = 1 if g["mod"] in ("the following", "the next") else -1 if g["mod"] == "the previous" else 0
                return str(context_year + shift)
            return None
        if name == "ago":
            if ref is None:
                return None
            n = int(g["n"]) if g["n"].isdigit() else WORD_NUMBERS[g["n"]]
            unit = g["unit"]
            if unit == "day":
                return (ref - dt.timedelta(days=n)).isoformat()
            if unit == "week":
                return _week(ref - dt.timedelta(days=7 * n))
            if unit == "month":
                y, m_ = _shift_month(ref, -n)
                return f"{y}-{m_:02d}"
            return str(ref.year - n)
    return _dateparser_fallback(text)


_ABSOLUTE_HINT = re.compile(r"\d{4}|\d{1,2}/\d{1,2}/\d{2,4}")


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
