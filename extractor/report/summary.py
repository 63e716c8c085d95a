"""Per-document summaries of claims, for reading in a terminal or piping into analysis:
actors ranked by the number of claims they appear in, counts with their units and sources,
and a timeline of the dates. Pure functions: ``summarize`` returns dicts, ``format_summary``
returns text."""
from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from typing import Optional, Sequence

from ..evaluate.errors import count_value
from ..normalize.names import name_key
from ..schemas import GoldClaim

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


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
        if re.fullmatch(r"\d{2}", rest):
            first = dt.date(year, int(rest), 1)
            nxt = dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        d = re.fullmatch(r"(\d{2})-(\d{2})(?:T\w+)?", rest)
        if d:
            day = dt.date(year, int(d.group(1)), int(d.group(2)))
            return day, day
        w = re.fullmatch(r"W(\d{2})(-WE)?", rest)
        if w:
            monday = dt.date.fromisocalendar(year, int(w.group(1)), 1)
            if w.group(2):
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
            return monday, monday + dt.timedelta(days=6)
        q = re.fullmatch(r"Q([1-4])", rest)
        if q:
            first = dt.date(year, 3 * int(q.group(1)) - 2, 1)
            last_month = 3 * int(q.group(1))
            nxt = dt.date(year + (last_month == 12), last_month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        h = re.fullmatch(r"H([12])", rest)
        if h:
            return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if h.group(1) == "1" else \
                (dt.date(year, 7, 1), dt.date(year, 12, 31))
        if rest in _SEASONS:
            a, b = _SEASONS[rest]
            first = dt.date(year, a, 1)
            end_year, end_month = (year + 1, b - 12) if b > 12 else (year, b)
            nxt = dt.date(end_year + (end_month == 12), end_month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
    except ValueError:
        return None
    return None


def _timeline_key(value: Optional[str]):
    r = timex_range(value)
    if r is None:
        return (1, dt.date.max, 0, value or "")
    return (0, r[0], -(r[1] - r[0]).days, value)


def _num(x):
    return int(x) if isinstance(x, float) and x.is_integer() else x


def summarize_document(doc_id: str, claims: Sequence[GoldClaim]) -> dict:
    actors: "OrderedDict[str, dict]" = OrderedDict()
    counts, dates = [], OrderedDict()
    for ci, c in enumerate(claims):
        cid = c.claim_id or f"{doc_id}#{ci}"
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
        sources = []
        for s in c.attribution:
            if s.source not in sources:
                sources.append(s.source)
        for k in c.counts:
            counts.append({"claim_id": cid, "text": k.text, "value": count_value(k), "low": _num(k.low),
                           "high": _num(k.high), "qualifier": k.qualifier, "kind": k.kind, "unit": k.unit,
                           "sources": sources})
        for d in c.dates:
            if d.type != "DATE":
                continue
            entry = dates.setdefault(d.value, {"value": d.value, "texts": [], "claims": []})
            if d.text not in entry["texts"]:
                entry["texts"].append(d.text)
            if cid not in entry["claims"]:
                entry["claims"].append(cid)
    order = {k: i for i, k in enumerate(actors)}
    ranked = sorted(actors.items(), key=lambda kv: (-kv[1]["claims"], -kv[1]["mentions"], order[kv[0]]))
    timeline = sorted(dates.values(), key=lambda e: _timeline_key(e["value"]))
    doc_date = next((c.doc_date for c in claims if c.doc_date), None)
    return {"doc_id": doc_id, "doc_date": doc_date.isoformat() if doc_date else None, "claims": len(claims),
            "actors": [v for _, v in ranked], "counts": counts, "timeline": timeline}


def summarize(claims: Sequence[GoldClaim]) -> list[dict]:
    """One summary per document, in the order the documents first appear."""
    groups: "OrderedDict[str, list[GoldClaim]]" = OrderedDict()
    for c in claims:
        groups.setdefault(c.doc_id, []).append(c)
    return [summarize_document(doc_id, cs) for doc_id, cs in groups.items()]


def format_summary(summaries: Sequence[dict]) -> str:
    """The summaries as text: three short sections per document."""
    lines: list[str] = []
    for s in summaries:
        if lines:
            lines.append("")
        date = f", dated {s['doc_date']}" if s["doc_date"] else ""
        lines.append(f"== {s['doc_id']} ({s['claims']} claims{date})")
        lines.append("actors (claims, mentions):")
        if not s["actors"]:
            lines.append("  (none)")
        for a in s["actors"]:
            lines.append(f"  {a['claims']:>3} {a['mentions']:>3}  {a['name']} ({a['type']})")
        lines.append("counts:")
        if not s["counts"]:
            lines.append("  (none)")
        for k in s["counts"]:
            unit = f" {k['unit']}" if k["unit"] else ""
            src = f"  according to {', '.join(k['sources'])}" if k["sources"] else ""
            lines.append(f"  {k['value']}{unit} [{k['qualifier']}, {k['kind']}]  \"{k['text']}\""
                         f"  (#{k['claim_id'].rsplit('#', 1)[-1]}){src}")
        lines.append("timeline:")
        if not s["timeline"]:
            lines.append("  (none)")
        for e in s["timeline"]:
            claims = ", ".join("#" + c.rsplit("#", 1)[-1] for c in e["claims"])
            texts = "; ".join(f'"{t}"' for t in e["texts"])
            lines.append(f"  {e['value'] or '(unresolved)':<12} {texts}  ({claims})")
    return "\n".join(lines)
