"""Figures across articles: the counts that report one quantity, and whether they agree.

The rules, in the order they apply (the words are data, ``models/en/quantities.json``):

1. **Quantity.** A count's noun class comes from its unit ("bodies" -> dead); its event from the
   nearest event word around it in its sentence ("freed" -> released). The quantity is the noun
   class, with ``/event`` added when the event is not the one the noun implies
   (``prisoners/released``). A count of a generic noun ("people") takes the noun its event implies
   ("40 people were killed" -> dead), else the event, else its folded unit. Money and
   percentages are ``kind:unit`` with the word they qualify ("a 20% pay rise" -> ``percent:%/pay``).
2. **Blocking.** Reports are compared only within a block: the same quantity and kind, and a
   place the two documents share (each document's most-mentioned places, from its GPE actors;
   documents without one block together).
3. **Period.** Within a block, reports sorted by period (the claim's first resolved date, else the
   article's date; ties in input order) form one group while each lies at most
   ``period_window_days`` after the one before.
4. **Status.** Values are intervals: exact [v, v]; approximate v ± ``approximate_share``; "more
   than"/"at least" [v, ∞); "less than"/"at most" [0, v]; ranges [low, high]. A group whose
   intervals all overlap **agrees**. Two reports that cannot both be true are an **update** when
   their sources share a name (one source revising its figure) or when they were published more
   than ``conflict_days`` apart, else a **conflict**. A group with any conflict is ``conflict``,
   else with any update ``update``, else ``agree``; a group of one report is ``single``.
5. **Order.** Groups in the order of their first report (input order of the claims); reports in
   period order; ``group_id`` numbers groups in that order.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from ..packs import Quantities
from ..resources import fold

_WORD = re.compile(r"[\w][\w'’-]*")
_AGENT = re.compile(r"(?:er|or)s?$")
_STOP = frozenset("a an the of to in on at by for from and or with as its their his her this that".split())
STATUSES = ("conflict", "update", "agree", "single")


@dataclass(frozen=True)
class QuantityRules:
    """``quantities.json`` compiled once: unit words to noun classes, event stems in order."""
    nouns: dict[str, str]
    events: tuple[tuple[str, tuple[tuple[str, ...], ...], Optional[str]], ...]
    generic: frozenset[str]
    partitive: tuple[tuple[str, ...], ...]
    increments: frozenset[str]
    window: int
    period_days: int
    conflict_days: int
    share: float
    places: int

    @classmethod
    def from_pack(cls, data: Quantities) -> "QuantityRules":
        nouns = {fold(w): name for name, words in data.nouns.items() for w in words}
        events = tuple((name, tuple(tuple(fold(w).split()) for w in e.words), e.implies)
                       for name, e in data.events.items())
        return cls(nouns, events, frozenset(fold(w) for w in data.generic_units),
                   tuple(tuple(fold(p).split()) for p in data.partitive_after),
                   frozenset(fold(w) for w in data.increment_words), data.event_window,
                   data.period_window_days, data.conflict_days, data.approximate_share, data.places_per_document)


def default_rules() -> QuantityRules:
    from ..components.base import default_pack
    return QuantityRules.from_pack(default_pack().quantities)


@dataclass(frozen=True)
class Report:
    """One count of one claim, as a figure group lists it."""
    order: int
    doc_id: str
    claim_id: str
    doc_date: Optional[dt.date]
    claim: str
    text: str
    start: Optional[int]
    end: Optional[int]
    low: Optional[float]
    high: Optional[float]
    qualifier: str
    kind: str
    unit: Optional[str]
    quantity: Optional[str]
    period: Optional[dt.date]
    sources: tuple[str, ...]
    actors: tuple[str, ...]

    def record(self) -> dict:
        return {"doc_id": self.doc_id, "claim_id": self.claim_id,
                "doc_date": self.doc_date.isoformat() if self.doc_date else None, "text": self.text,
                "start": self.start, "end": self.end, "low": self.low, "high": self.high,
                "qualifier": self.qualifier, "sources": list(self.sources), "actors": list(self.actors),
                "claim": self.claim}


# -- quantity -----------------------------------------------------------------------------------

_fold_word = lru_cache(maxsize=1 << 16)(fold)  # the same words recur in every article


@dataclass(frozen=True)
class ClaimWords:
    """A claim's words, folded, with their character spans, and the event each word starts:
    computed once per claim, however many counts it holds."""
    spans: tuple[tuple[int, int], ...]
    words: tuple[str, ...]
    events: dict[int, tuple[str, Optional[str]]]

    @classmethod
    def of(cls, claim: str, rules: QuantityRules) -> "ClaimWords":
        found = [(m.start(), m.end(), _fold_word(m.group(0))) for m in _WORD.finditer(claim)]
        words = tuple(w for _, _, w in found)
        return cls(tuple((s, e) for s, e, _ in found), words, _events_of(words, rules))

    def index(self, start: int, end: int) -> tuple[int, int]:
        """The first word ending after ``start`` and the first starting at or after ``end``."""
        first = next((k for k, (_, e) in enumerate(self.spans) if e > start), len(self.spans))
        after = next((k for k, (s, _) in enumerate(self.spans) if s >= end), len(self.spans))
        return first, after


def _events_of(words: tuple[str, ...], rules: QuantityRules) -> dict[int, tuple[str, Optional[str]]]:
    """Word index -> the first event (in the pack's order) whose phrase starts there: its last
    word as a stem ("kill" -> killed), the others whole; never an agent noun ("rescuers")."""
    found: dict[int, tuple[str, Optional[str]]] = {}
    for i, word in enumerate(words):
        for name, phrases, implies in rules.events:
            if any(_phrase_at(words, i, phrase) for phrase in phrases if word.startswith(phrase[0][:3])):
                found[i] = (name, implies)
                break
    return found


def _phrase_at(words: tuple[str, ...], i: int, phrase: tuple[str, ...]) -> bool:
    if i + len(phrase) > len(words):
        return False
    *whole, stem = phrase
    last = words[i + len(whole)]
    # "rescuers", "protesters": the people, not the event
    agent = last != stem and _AGENT.search(last) is not None
    return all(words[i + k] == w for k, w in enumerate(whole)) and last.startswith(stem) and not agent


def nearest_event(view: ClaimWords, start: int, end: int, rules: QuantityRules) -> Optional[tuple[str, Optional[str]]]:
    """The event word nearest the count at ``[start, end)`` of the claim (ties: the one after
    it), within ``event_window`` words either way; the count's own words are not events."""
    first, after = view.index(start, end)
    for distance in range(rules.window):
        for i in (after + distance, first - 1 - distance):
            if i in view.events:
                return view.events[i]
    return None


def _qualified_word(view: ClaimWords, first: int, after: int) -> str:
    """The word a money or percent figure qualifies: the next word ("20% pay rise"), else the
    noun before "of" ("a turnout of 80%")."""
    words = view.words
    if after < len(words) and words[after] not in _STOP and not words[after][:1].isdigit():
        return words[after][:5]
    return words[first - 2][:5] if first >= 2 and words[first - 1] == "of" else ""


def is_part_or_addition(view: ClaimWords, first: int, after: int, rules: QuantityRules) -> bool:
    """'3,000 of the deaths', '20 more bodies', 'another 12': not a total to compare."""
    words = view.words
    inside, following = words[first:after], words[after:after + 3]
    if any(tuple(inside[k:k + len(p)]) == p for p in rules.partitive for k in range(len(inside))) \
            or any(following[:len(p)] == p for p in rules.partitive):
        return True
    return bool(set(inside[1:2] + words[max(0, first - 1):first]) & rules.increments)


def quantity_of(count: dict, claim: str, claim_start: int, rules: QuantityRules, *,
                view: Optional[ClaimWords] = None) -> Optional[str]:
    """What the count counts (rule 1 of the module docstring); None when it is no figure to
    compare: a part or an addition, a bare number, a generic noun with no event."""
    view = view or ClaimWords.of(claim, rules)
    start, end = _relative(count, claim, claim_start)
    first, after = view.index(start, end)
    if is_part_or_addition(view, first, after, rules):
        return None
    unit = _fold_word(count.get("unit") or "").strip()
    kind = count.get("kind") or "count"
    if kind != "count":
        word = _qualified_word(view, first, after)
        return f"{kind}:{unit}/{word}" if word else None
    head = unit.split()[-1] if unit.split() else ""  # "political prisoners" -> prisoners
    noun = rules.nouns.get(unit) or rules.nouns.get(head)
    event = nearest_event(view, start, end, rules)
    if noun:
        return noun if event is None or event[1] == noun else f"{noun}/{event[0]}"
    generic = not head or unit in rules.generic or head in rules.generic
    if event is not None and generic:
        return event[1] or event[0]
    return None if generic else unit


def _relative(count: dict, claim: str, claim_start: int) -> tuple[int, int]:
    if count.get("start") is not None and count.get("end") is not None:
        return count["start"] - claim_start, count["end"] - claim_start
    at = claim.find(count["text"])
    return (at, at + len(count["text"])) if at >= 0 else (0, len(claim))


# -- reports ------------------------------------------------------------------------------------

def _first_day(value: Optional[str]) -> Optional[dt.date]:
    """The first day of a TIMEX3 date value at day, month or year granularity."""
    if not value or not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?", value):
        return None
    parts = value[:10].split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1,
                       int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1)
    except ValueError:
        return None


def _distinct(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def reports_of(claims: Iterable[dict], rules: QuantityRules) -> list[Report]:
    """Every count of every claim as a Report, in input order."""
    out: list[Report] = []
    for claim in claims:
        doc_date = _first_day(claim.get("doc_date"))
        dated = [_first_day(d.get("value")) for d in claim.get("dates") or [] if d.get("type", "DATE") == "DATE"]
        period = next((d for d in dated if d is not None), None) or doc_date
        sources = _distinct(a.get("source") for a in claim.get("attribution") or [])
        actors = _distinct(a.get("name") for a in claim.get("actors") or [])
        view = ClaimWords.of(claim["text"], rules) if claim.get("counts") else None
        for count in claim.get("counts") or []:
            out.append(Report(
                len(out), claim["doc_id"], claim["claim_id"], doc_date, claim["text"], count["text"],
                count.get("start"), count.get("end"), count.get("low"), count.get("high"),
                count.get("qualifier") or "exact", count.get("kind") or "count", count.get("unit"),
                quantity_of(count, claim["text"], claim.get("start") or 0, rules, view=view), period, sources,
                actors))
    return out


def document_places(claims: Iterable[dict], *, top: int) -> dict[str, tuple[str, ...]]:
    """Each document's ``top`` most-mentioned places (GPE actors, by the number of claims that
    name them; ties by first mention)."""
    seen: dict[str, Counter] = {}
    first: dict[tuple[str, str], int] = {}
    for n, claim in enumerate(claims):
        names = _distinct(fold(a["name"]) for a in claim.get("actors") or [] if a.get("type") == "GPE")
        counter = seen.setdefault(claim["doc_id"], Counter())
        for name in names:
            counter[name] += 1
            first.setdefault((claim["doc_id"], name), n)
    return {doc: tuple(sorted(c, key=lambda name: (-c[name], first[(doc, name)]))[:top]) for doc, c in seen.items()}


# -- groups -------------------------------------------------------------------------------------

class _Sets:
    """Union-find over report positions; the smaller position is a set's root, so the result
    does not depend on the order unions happen in."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _blocks(reports: Sequence[Report], places: dict[str, tuple[str, ...]]) -> dict[tuple, list[Report]]:
    blocks: dict[tuple, list[Report]] = {}
    for r in reports:
        if r.quantity is None:
            continue  # no figure to compare: it stays a group of its own
        for place in places.get(r.doc_id) or ("",):
            blocks.setdefault((r.quantity, r.kind, place), []).append(r)
    return blocks


def _day(r: Report) -> int:
    return r.period.toordinal() if r.period else 0


def group_reports(reports: Sequence[Report], places: dict[str, tuple[str, ...]],
                  rules: QuantityRules) -> list[list[Report]]:
    """Rules 2 and 3: blocks by quantity, kind and place, then chains of close periods."""
    sets = _Sets(len(reports))
    for block in _blocks(reports, places).values():
        chain = sorted(block, key=lambda r: (_day(r), r.order))
        for before, after in zip(chain, chain[1:]):
            if _day(after) - _day(before) <= rules.period_days:
                sets.union(before.order, after.order)
    groups: dict[int, list[Report]] = {}
    for r in reports:
        groups.setdefault(sets.find(r.order), []).append(r)
    return [sorted(g, key=lambda r: (_day(r), r.order)) for _, g in sorted(groups.items())]


def interval(r: Report, share: float) -> tuple[float, float]:
    """The values a report allows (rule 4)."""
    low = r.low if r.low is not None else r.high
    high = r.high if r.high is not None else r.low
    if low is None or high is None:
        return float("-inf"), float("inf")
    if r.qualifier == "approximate":
        return low * (1 - share), high * (1 + share)
    if r.qualifier in ("more_than", "at_least"):
        return low, float("inf")
    if r.qualifier in ("less_than", "at_most"):
        return 0.0, high
    return low, high


def _pair(a: Report, b: Report, rules: QuantityRules) -> Optional[str]:
    """None when both can be true; else 'update' or 'conflict' (rule 4)."""
    (la, ha), (lb, hb) = interval(a, rules.share), interval(b, rules.share)
    if max(la, lb) <= min(ha, hb):
        return None
    if set(a.sources) & set(b.sources):
        return "update"
    return "update" if abs(_published(a) - _published(b)) > rules.conflict_days else "conflict"


def _published(r: Report) -> int:
    return (r.doc_date or dt.date.min).toordinal()


def _has_conflict(group: Sequence[Report], rules: QuantityRules) -> bool:
    """Any two reports published within ``conflict_days`` of each other that conflict. Only
    such pairs are compared, so a long chain of updates costs time linear in its length."""
    ordered = sorted(group, key=lambda r: (_published(r), r.order))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if _published(b) - _published(a) > rules.conflict_days:
                break
            if _pair(a, b, rules) == "conflict":
                return True
    return False


def status_of(group: Sequence[Report], rules: QuantityRules) -> str:
    if len(group) == 1:
        return "single"
    bounds = [interval(r, rules.share) for r in group]
    if max(lo for lo, _ in bounds) <= min(hi for _, hi in bounds):
        return "agree"  # intervals on a line overlap pairwise exactly when they share a point
    # Some two cannot both be true: a conflict if a pair is one, else a figure that changed.
    return "conflict" if _has_conflict(group, rules) else "update"


def _unit(group: Sequence[Report]) -> Optional[str]:
    units = Counter(r.unit for r in group if r.unit)
    return max(units, key=lambda u: (units[u], -next(r.order for r in group if r.unit == u))) if units else None


def _period(group: Sequence[Report]) -> Optional[str]:
    days = sorted({r.period for r in group if r.period})
    if not days:
        return None
    return days[0].isoformat() if days[0] == days[-1] else f"{days[0].isoformat()}/{days[-1].isoformat()}"


def figure_groups(claims: Sequence[dict], *, rules: Optional[QuantityRules] = None) -> list[dict]:
    """The figure-group records of claims records (docs/figure-groups.md), in order."""
    rules = rules or default_rules()
    reports = reports_of(claims, rules)
    groups = group_reports(reports, document_places(claims, top=rules.places), rules)
    groups.sort(key=lambda g: min(r.order for r in g))
    return [{"group_id": f"g{n:05d}", "quantity": g[0].quantity, "unit": _unit(g), "kind": g[0].kind,
             "period": _period(g), "status": status_of(g, rules), "reports": [r.record() for r in g]}
            for n, g in enumerate(groups, 1)]


# -- for people ---------------------------------------------------------------------------------

_QUALIFIER_WORDS = {"approximate": "about", "more_than": "more than", "at_least": "at least",
                    "less_than": "less than", "at_most": "at most"}


def _number(x) -> str:
    if x is None:
        return "?"
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"


def value_text(report: dict) -> str:
    """A report's value in words: "more than 120", "about 3,000", "between 302 and 600"."""
    low, high, qualifier = report.get("low"), report.get("high"), report.get("qualifier") or "exact"
    if qualifier == "range":
        return f"between {_number(low)} and {_number(high)}"
    if qualifier in ("less_than", "at_most"):
        return f"{_QUALIFIER_WORDS[qualifier]} {_number(high if high is not None else low)}"
    word = _QUALIFIER_WORDS.get(qualifier)
    return f"{word} {_number(low)}" if word else _number(low if low is not None else high)


def across_articles(groups: Sequence[dict]) -> list[dict]:
    """The groups a reader of several articles wants first: those reported more than once and
    by more than one document, conflicts first, then updates, then agreements (each kept in
    output order)."""
    shown = [g for g in groups if g["status"] != "single" and len({r["doc_id"] for r in g["reports"]}) > 1]
    return sorted(shown, key=lambda g: STATUSES.index(g["status"]))


def format_figures(groups: Sequence[dict]) -> list[str]:
    """Text lines of the "Figures across articles" section (empty when there is nothing to show)."""
    lines = []
    for g in across_articles(groups):
        lines.append(f"{g['status'].upper()}: {g['quantity']}" + (f" ({g['period']})" if g["period"] else ""))
        for r in g["reports"]:
            sources = ", ".join(r["sources"]) or "no source named"
            lines.append(f"  {value_text(r):<24} {sources:<32} {r['doc_id']} ({r['doc_date'] or 'undated'})")
    return lines
