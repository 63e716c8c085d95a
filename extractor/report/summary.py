"""Per-document summaries of claims, for reading in a terminal or piping into analysis:
actors ranked by the number of claims they appear in, counts with their units and sources,
and a timeline of the dates. Pure functions: ``summarize`` returns dicts, ``format_summary``
returns text."""
from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from ..fields import FIELDS, count_value
from ..normalize.names import name_key
from ..schemas import GoldClaim

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _month_end(year: int, month: int) -> dt.date:
    """The last day of ``month`` (which may run past 12 into the next year)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, first, 1), _month_end(year, last)


def _week(year: int, week: str, weekend: Optional[str]) -> tuple[dt.date, dt.date]:
    monday = dt.date.fromisocalendar(year, int(week), 1)
    if weekend:
        return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
    return monday, monday + dt.timedelta(days=6)


def _day(year: int, month: str, day: str) -> tuple[dt.date, dt.date]:
    d = dt.date(year, int(month), int(day))
    return d, d


# What follows the year in a TIMEX3 value, and the days it covers.
_PARTS = (
    (re.compile(r"(\d{2})"), lambda y, m: _months(y, int(m), int(m))),
    (re.compile(r"(\d{2})-(\d{2})(?:T\w+)?"), _day),
    (re.compile(r"W(\d{2})(-WE)?"), _week),
    (re.compile(r"Q([1-4])"), lambda y, q: _months(y, 3 * int(q) - 2, 3 * int(q))),
    (re.compile(r"H([12])"), lambda y, h: _months(y, 6 * int(h) - 5, 6 * int(h))),
    (re.compile(r"(SP|SU|FA|WI)"), lambda y, s: _months(y, *_SEASONS[s])),
)


def timex_range(value: Optional[str]) -> Optional[tuple[dt.date, dt.date]]:
    """First and last day a TIMEX3 value covers ('2025-12' -> Dec 1 .. Dec 31); None if unknown."""
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{3}", value):
            y = int(value) * 10
            return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
        m = re.fullmatch(r"(\d{4})(?:-(.*))?", value)
        if not m:
            return None
        year, rest = int(m.group(1)), m.group(2)
        if rest is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        for pattern, days in _PARTS:
            part = pattern.fullmatch(rest)
            if part:
                return days(year, *part.groups())
    except (ValueError, OverflowError):
        # A value the schema allows that names no real span of days: week 53 of a year with 52,
        # year 0, or a span that runs past 9999-12-31 (9999-W52 ends in year 10000).
        return None
    return None


def _timeline_key(value: Optional[str]):
    r = timex_range(value)
    if r is None:
        return (1, dt.date.max, 0, value or "")
    return (0, r[0], -(r[1] - r[0]).days, value)


def _num(x):
    return int(x) if isinstance(x, float) and x.is_integer() else x


def _claim_ids(doc_id: str, claims: Sequence[GoldClaim]) -> list[str]:
    return [c.claim_id or f"{doc_id}#{ci}" for ci, c in enumerate(claims)]


def _actors(doc_id: str, claims: Sequence[GoldClaim]) -> list[dict]:
    """Actors ranked by the claims they appear in, then by mentions, then by first mention."""
    actors: "OrderedDict[str, dict]" = OrderedDict()
    for c in claims:
        seen_here = set()
        for a in c.actors:
            key = name_key(a.name)
            entry = actors.setdefault(key, {"name": a.name, "type": a.type, "claims": 0, "mentions": 0,
                                            "texts": []})
            entry["mentions"] += 1
            if a.text not in entry["texts"]:
                entry["texts"].append(a.text)
            if key not in seen_here:
                seen_here.add(key)
                entry["claims"] += 1
    order = {k: i for i, k in enumerate(actors)}
    ranked = sorted(actors.items(), key=lambda kv: (-kv[1]["claims"], -kv[1]["mentions"], order[kv[0]]))
    return [v for _, v in ranked]


def _counts(doc_id: str, claims: Sequence[GoldClaim]) -> list[dict]:
    """Every count with its value, unit and the claim's sources, in text order."""
    counts = []
    for cid, c in zip(_claim_ids(doc_id, claims), claims):
        sources = []
        for s in c.attribution:
            if s.source not in sources:
                sources.append(s.source)
        for k in c.counts:
            counts.append({"claim_id": cid, "text": k.text, "value": count_value(k), "low": _num(k.low),
                           "high": _num(k.high), "qualifier": k.qualifier, "kind": k.kind, "unit": k.unit,
                           "sources": sources})
    return counts


def _timeline(doc_id: str, claims: Sequence[GoldClaim]) -> list[dict]:
    """The DATE values in time order, each with its wordings and claims."""
    dates: "OrderedDict[Optional[str], dict]" = OrderedDict()
    for cid, c in zip(_claim_ids(doc_id, claims), claims):
        for d in c.dates:
            if d.type != "DATE":
                continue
            entry = dates.setdefault(d.value, {"value": d.value, "texts": [], "claims": []})
            if d.text not in entry["texts"]:
                entry["texts"].append(d.text)
            if cid not in entry["claims"]:
                entry["claims"].append(cid)
    return sorted(dates.values(), key=lambda e: _timeline_key(e["value"]))


def _actor_line(a: dict) -> str:
    return f"  {a['claims']:>3} {a['mentions']:>3}  {a['name']} ({a['type']})"


def _count_line(k: dict) -> str:
    unit = f" {k['unit']}" if k["unit"] else ""
    src = f"  according to {', '.join(k['sources'])}" if k["sources"] else ""
    return (f"  {k['value']}{unit} [{k['qualifier']}, {k['kind']}]  \"{k['text']}\""
            f"  (#{k['claim_id'].rsplit('#', 1)[-1]}){src}")


def _date_line(e: dict) -> str:
    claims = ", ".join("#" + c.rsplit("#", 1)[-1] for c in e["claims"])
    texts = "; ".join(f'"{t}"' for t in e["texts"])
    return f"  {e['value'] or '(unresolved)':<12} {texts}  ({claims})"


@dataclass(frozen=True)
class Section:
    """How one field is summarised: its entries per document, its heading, one line per entry."""
    collect: Callable[[str, Sequence[GoldClaim]], list]
    heading: str
    line: Callable[[dict], str]


_BY_FIELD = {"actors": Section(_actors, "actors (claims, mentions):", _actor_line),
             "counts": Section(_counts, "counts:", _count_line),
             "dates": Section(_timeline, "timeline:", _date_line)}
# The sections, in registry order, under the key each field's ``summary`` names.
SECTIONS: tuple[tuple[str, Section], ...] = tuple((f.summary, _BY_FIELD[f.name]) for f in FIELDS if f.summary)


def summarize_document(doc_id: str, claims: Sequence[GoldClaim]) -> dict:
    doc_date = next((c.doc_date for c in claims if c.doc_date), None)
    out = {"doc_id": doc_id, "doc_date": doc_date.isoformat() if doc_date else None, "claims": len(claims)}
    out.update((key, section.collect(doc_id, claims)) for key, section in SECTIONS)
    return out


def summarize(claims: Sequence[GoldClaim]) -> list[dict]:
    """One summary per document, in the order the documents first appear."""
    groups: "OrderedDict[str, list[GoldClaim]]" = OrderedDict()
    for c in claims:
        groups.setdefault(c.doc_id, []).append(c)
    return [summarize_document(doc_id, cs) for doc_id, cs in groups.items()]


def format_summary(summaries: Sequence[dict], *, figures: Sequence[dict] = ()) -> str:
    """The summaries as text: one short section per summarised field and document, then, when
    ``figures`` (``extractor.compare.figure_groups``) link several documents, the figures
    across articles, conflicts first."""
    from ..compare.figures import format_figures

    across = format_figures(figures)
    text = _format_documents(summaries)
    return text + "\n\n== Figures across articles (conflicts first)\n" + "\n".join(across) if across else text


def _format_documents(summaries: Sequence[dict]) -> str:
    lines: list[str] = []
    for s in summaries:
        if lines:
            lines.append("")
        date = f", dated {s['doc_date']}" if s["doc_date"] else ""
        claims = f"{s['claims']} claim{'' if s['claims'] == 1 else 's'}"
        lines.append(f"== {s['doc_id']} ({claims}{date})")
        for key, section in SECTIONS:
            lines.append(section.heading)
            lines.extend([section.line(e) for e in s[key]] or ["  (none)"])
    return "\n".join(lines)
