"""Figures across articles: the counts that report one quantity, and whether they agree.

The rules are written out in docs/figure-groups.md section 2, in the order they apply here:
quantity (``quantity_of``), blocking and period (``reports_of``, ``group_reports``), links
(``linked``), values (``interval``) and status (``status_of``). Their words are data,
``models/en/quantities.json``. Groups come in the order of their first report (input order),
reports in period order; ``group_id`` numbers groups in that order.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Callable, Iterable, Optional, Sequence

from ..packs import Quantities
from ..resources import fold

_WORD = re.compile(r"[\w][\w'’-]*")
_AGENT = re.compile(r"(?:er|or)s?$")
# Not a comma ("N people, or some M, were displaced"); a spaced hyphen is a dash ("NAIROBI, May 6 - One more").
_BREAK = re.compile(r"[;:()\[\]\u2013\u2014]|\s-\s")
_STOP = frozenset("a an the of to in on at by for from and or with as its their his her this that".split())
STATUSES = ("conflict", "update", "agree", "single")


Phrases = tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]  # (class, its phrases as word tuples)


def _phrases(table: dict) -> Phrases:
    return tuple((name, tuple(tuple(fold(w).split()) for w in words)) for name, words in table.items())


@dataclass(frozen=True)
class QuantityRules:
    """``quantities.json`` compiled once (the words folded, phrases as word tuples, in order)."""
    nouns: Phrases
    events: Phrases
    implies: dict[str, Optional[str]]
    over: dict[str, frozenset[str]]
    topics: Phrases
    daily: frozenset[str]
    generic: frozenset[str]
    partitive: tuple[tuple[str, ...], ...]
    increments: frozenset[str]
    rates: tuple[tuple[str, ...], ...]
    from_words: tuple[tuple[str, ...], ...]
    breaks: frozenset[str]
    contrast: tuple[tuple[str, ...], ...]
    window: int
    period_days: int
    history_days: int
    conflict_days: int
    share: float
    places: int
    period_starts: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    place_breaks: frozenset[str] = frozenset()
    anaphora: tuple[tuple[str, ...], ...] = ()
    national: tuple[tuple[str, ...], ...] = ()
    collectives: frozenset[str] = frozenset()  # generic units that count groups of people
    countries: frozenset[str] = frozenset()
    place_prepositions: frozenset[str] = frozenset()
    ongoing: dict[str, str] = None  # type: ignore[assignment]  # event -> its state's class
    ongoing_words: frozenset[str] = frozenset()
    future_words: tuple[tuple[str, ...], ...] = ()
    speech_after: frozenset[str] = frozenset()
    former_words: frozenset[str] = frozenset()
    pronoun_parts: tuple[tuple[str, ...], ...] = ()
    location_prepositions: frozenset[str] = frozenset()
    estimate_ceilings: tuple[tuple[str, ...], ...] = ()
    source_breaks: frozenset[str] = frozenset()
    flow_words: frozenset[str] = frozenset()
    state_words: frozenset[str] = frozenset()
    causes: Phrases = ()
    place_types: frozenset[str] = frozenset()
    region: Phrases = ()  # (kind word, phrases): 'provincial' -> province
    national_prepositions: frozenset[str] = frozenset()
    vague_places: frozenset[str] = frozenset()
    flow_period_words: frozenset[str] = frozenset()
    setting_places: int = 2
    setting_documents: int = 2
    list_words: frozenset[str] = frozenset()  # "twelve, then twenty, now twenty-seven": one figure's values
    object_pronouns: frozenset[str] = frozenset()  # "they told us twelve": the speech verb's hearer
    echo_minimum: int = 10  # the smallest value a bare count restates by being equal to it
    body_words: frozenset[str] = frozenset()  # "institute", "directorate": a national or regional body
    subgroups: tuple[tuple[str, ...], ...] = ()  # "among them 11 children": a group within a figure
    plain_people: frozenset[str] = frozenset()  # "people", "others": no group within a figure
    earlier_figure: tuple[tuple[str, ...], ...] = ()  # "had put the toll at": a figure given before
    dimensions: frozenset[str] = frozenset()  # "volume", "depth": what a measure measures of a thing
    remainder_words: frozenset[str] = frozenset()  # "the remaining 16.9 million": what is left of a sum
    place_parts: frozenset[str] = frozenset()  # "At the sports hall, where about 600 evacuees sleep": a part
    object_events: frozenset[str] = frozenset()  # "destroyed", "damaged": what happened to a noun of its own
    synonyms: dict[str, str] = None  # type: ignore[assignment]  # a noun of its own -> the one it is counted as
    other_speakers: frozenset[str] = frozenset()  # "They say 4,000" in a quotation: another party's figure
    final_words: frozenset[str] = frozenset()  # "the last two bodies": the last instalment of a figure
    report_openers: frozenset[str] = frozenset()  # "said ... that two had been sent on": a reported clause opens
    instalments: frozenset[str] = frozenset()  # "and pulled three more": the count before is one instalment
    name_units: frozenset[str] = frozenset()  # "88 names": a list's names count the people on it
    people: frozenset[str] = frozenset()  # the classes events imply: figures of people ("dead", "missing")
    joined_nouns: frozenset[str] = frozenset()  # "40 members and their apprentices had not been seen": one subject
    prior_events: frozenset[str] = frozenset()  # "who had boarded and have not been seen since": missing
    part_changes: dict[str, frozenset[str]] = None  # type: ignore[assignment]  # "five of the injured had died"
    running: frozenset[str] = frozenset()  # "since": a figure runs from the date, wherever the word stands
    figure_words: frozenset[str] = frozenset()  # "the figure of 14": a figure named by its value
    age_words: frozenset[str] = frozenset()  # "children under the age of 16": a group of its own
    cumulative: frozenset[str] = frozenset()  # "dead": figures that only grow, so a later lower one disputes
    dispute_words: tuple[tuple[str, ...], ...] = ()  # "disputed": a claim setting one figure against another
    state_events: frozenset[str] = frozenset()  # "open": a state said after the count, not a deed before it

    @classmethod
    def from_pack(cls, data: Quantities, *, countries: Iterable[str] = ()) -> "QuantityRules":
        words = lambda rows: tuple(tuple(fold(r).split()) for r in rows)  # noqa: E731
        folded = lambda rows: frozenset(fold(r) for r in rows)  # noqa: E731
        return cls(
            _phrases(data.nouns), _phrases({k: e.words for k, e in data.events.items()}),
            {k: e.implies for k, e in data.events.items()}, {k: frozenset(e.over) for k, e in data.events.items()},
            _phrases({k: t.words for k, t in data.topics.items()}),
            frozenset(k for k, t in data.topics.items() if t.daily), frozenset(fold(w) for w in data.generic_units),
            words(data.partitive_after), frozenset(fold(w) for w in data.increment_words), words(data.rate_words),
            words(data.from_words),
            frozenset(fold(w) for w in data.clause_breaks), words(data.contrast_words), data.event_window,
            data.period_window_days,
            data.history_days, data.conflict_days, data.approximate_share, data.places_per_document,
            folded(data.period_start_words), folded(data.auxiliaries), folded(data.place_breaks),
            words(data.place_anaphora), words(data.national_words), folded(data.collective_units), folded(countries),
            folded(data.place_prepositions), {k: e.ongoing for k, e in data.events.items() if e.ongoing},
            folded(data.ongoing_words), words(data.future_words), folded(data.speech_after),
            folded(data.former_words), words(data.pronoun_parts), folded(data.location_prepositions),
            words(data.estimate_ceilings), folded(data.source_breaks), folded(data.flow_words),
            folded(data.state_words), _phrases(data.cause_words), folded(data.place_type_words),
            _phrases(data.region_words), folded(data.national_prepositions), folded(data.vague_places),
            folded(data.flow_period_words), data.setting_places, data.setting_documents,
            list_words=folded(data.list_words), object_pronouns=folded(data.object_pronouns),
            echo_minimum=data.echo_minimum, body_words=folded(data.body_words),
            subgroups=words(data.subgroup_words), plain_people=folded(data.plain_people),
            earlier_figure=words(data.earlier_figure_words), dimensions=folded(data.dimension_words),
            remainder_words=folded(data.remainder_words), object_events=frozenset(data.object_events),
            place_parts=folded(data.place_part_words), joined_nouns=folded(data.joined_noun_words),
            name_units=folded(data.name_units), instalments=folded(data.instalment_words),
            final_words=folded(data.final_words), report_openers=folded(data.report_openers),
            other_speakers=folded(data.other_speakers), prior_events=frozenset(data.prior_events),
            part_changes={k: folded(v) for k, v in data.part_changes.items()}, running=folded(data.running_words),
            figure_words=folded(data.figure_words), age_words=folded(data.age_words),
            cumulative=folded(data.cumulative_classes), dispute_words=words(data.dispute_words),
            state_events=frozenset(data.state_events),
            synonyms={fold(k): fold(v) for k, v in data.noun_synonyms.items()},
            people=frozenset(e.implies for e in data.events.values() if e.implies))

    def noun_of(self, unit: str) -> Optional[str]:
        """The noun class of a unit: the whole unit, else its head word ("political prisoners")."""
        parts = tuple(unit.split())
        for candidate in (parts, parts[-1:]):
            for name, phrases in self.nouns:
                if candidate and candidate in phrases:
                    return name
        return None


def default_rules() -> QuantityRules:
    from ..components.base import default_pack
    pack = default_pack()
    return QuantityRules.from_pack(pack.quantities, countries=pack.countries.countries)


NATIONAL = "*national*"  # the place of a figure of a whole country ("the national death toll")
REGION = "*region*:"  # and a kind: the document's region ("the provincial death toll"), settled in settle_places
_PLACE_TYPES = ("GPE", "LOC", "FAC")


@dataclass(frozen=True)
class Marks:
    """What keeps two reports of one quantity apart (docs/figure-groups.md rule 2): the places
    the count is about, the words that qualify its unit ("merchant" ships, "patrol" boats), and
    the generic noun it counts ("households" are not "people"). Two reports, or two groups, can
    join when, for each of the three, one names none or they share one (and for places, a
    figure of the nation goes with a figure about a country)."""
    places: frozenset[str] = frozenset()
    mods: frozenset[str] = frozenset()
    heads: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()  # what its clause says caused it: "disease", "weather"
    trades: frozenset[str] = frozenset()  # a noun of people by trade counted as people: "two cleaners"

    def agrees(self, other: "Marks", countries: frozenset[str], *, local: bool = True) -> bool:
        """With ``local`` False (reports of two documents), places below the country never clash."""
        return (_places_agree(self.places, other.places, countries, local=local)
                and _share_or_none(self.mods, other.mods)
                and _share_or_none(self.heads, other.heads) and _share_or_none(self.causes, other.causes)
                and _share_or_none(self.trades, other.trades))

    def join(self, other: "Marks") -> "Marks":
        return Marks(self.places | other.places, self.mods | other.mods, self.heads | other.heads,
                     self.causes | other.causes, self.trades | other.trades)


def _share_or_none(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def _places_agree(a: frozenset[str], b: frozenset[str], countries: frozenset[str], *, local: bool = True) -> bool:
    """Places below the country decide when both sides name one: the nation's figure is never a
    place's in it, and two figures of places must share one (the country named beside a place is
    its setting: "on Halmahera island in eastern Indonesia"); else one names none, they share
    one, or the nation's figure meets a country's."""
    national = frozenset((NATIONAL,))
    local_a, local_b = a - countries - national, b - countries - national
    if NATIONAL in a and local_b or NATIONAL in b and local_a:
        return False
    if local_a and local_b:
        return bool(local_a & local_b) or not local
    if _share_or_none(a, b):
        return True
    return a == national and b <= countries or b == national and a <= countries


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
    daily: bool = False  # a figure of one day (turnout): compared only with figures of that day
    position: int = 0  # the claim's place in its document
    after_from: bool = False  # "41, up from 39": the count before it in the claim is its earlier value
    contrast: bool = False  # its claim contrasts with the one before ("But families say ...")
    marks: Marks = Marks()
    subject: tuple[str, ...] = ()  # with no attribution, the body naming the figure ("HRW has documented 24")
    said_on: Optional[dt.date] = None  # a day before its article's that the claim dates the figure to
    partial: bool = False  # counts a part of its article's figure: "four were flown to Lima", "where about 600 sleep"
    owner: tuple[str, ...] = ()  # a body the count is written as belonging to: "the ministry's 14"
    disputed: bool = False  # its claim says a figure is disputed: "a toll of 56 ... was disputed by rights groups"

    @property
    def voices(self) -> tuple[str, ...]:
        """Who stands behind the figure, for its status: the body it is written as belonging to
        ("the union says 17: the ministry's 14 and three welders"), else its sources, else its subject."""
        return self.owner or self.sources or self.subject

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
    """A claim's words, folded, with their character spans, where its clauses break, and the
    noun, event and topic phrases that start at each word: computed once per claim."""
    spans: tuple[tuple[int, int], ...]
    words: tuple[str, ...]
    breaks: frozenset[int]  # k: a clause ends between word k-1 and word k
    nouns: dict[int, str]
    events: dict[int, str]
    topics: dict[int, str]
    bracketed: frozenset[int] = frozenset()  # words inside brackets: "9 million euros ($10.4 million) a day"
    causes: dict[int, str] = None  # type: ignore[assignment]  # cause classes: "killed by cholera"
    commas: frozenset[int] = frozenset()  # k: a comma stands between word k-1 and word k

    @classmethod
    def of(cls, claim: str, rules: QuantityRules) -> "ClaimWords":
        found = [(m.start(), m.end(), _fold_word(m.group(0))) for m in _WORD.finditer(claim)]
        words = tuple(w for _, _, w in found)
        spans = tuple((s, e) for s, e, _ in found)
        # what stands between word k-1 and word k, when it is more than the one space most gaps are
        gaps = {k: gap for k in range(1, len(words)) if (gap := claim[spans[k - 1][1]:spans[k][0]]) != " "}
        breaks = frozenset(k for k in range(1, len(words)) if words[k] in rules.breaks
                           and not (k not in gaps and k + 1 < len(words) and _listed_count(words[k + 1], rules))
                           and not (k not in gaps and k + 1 < len(words) and _paired_verbs(words[k - 1], words[k + 1]))
                           or k in gaps and _BREAK.search(gaps[k]))
        return cls(spans, words, breaks, _starts(words, rules.nouns, stem=False),
                   _starts(words, rules.events, stem=True), _starts(words, rules.topics, stem=True),
                   _bracketed(claim, spans), _starts(words, rules.causes, stem=True),
                   frozenset(k for k, gap in gaps.items() if "," in gap))

    def index(self, start: int, end: int) -> tuple[int, int]:
        """The first word ending after ``start`` and the first starting at or after ``end``."""
        return bisect_right(self._word_ends, start), bisect_left(self._word_starts, end)

    @cached_property
    def _word_starts(self) -> tuple[int, ...]:  # the spans are in text order and never overlap
        return tuple(s for s, _ in self.spans)

    @cached_property
    def _word_ends(self) -> tuple[int, ...]:
        return tuple(e for _, e in self.spans)

    def nearest(self, table: dict[int, str], first: int, after: int, window: int, *,
                clause: bool, behind: bool = True) -> Optional[str]:
        """The entry of ``table`` nearest the words [first, after) (ties: after them), within
        ``window`` words; with ``clause``, never across a clause break; without ``behind``, only
        after them."""
        at = self.nearest_at(table, first, after, window, clause=clause, behind=behind)
        return table[at] if at is not None else None

    def nearest_at(self, table: dict[int, str], first: int, after: int, window: int, *,
                   clause: bool, behind: bool = True, ahead: bool = True) -> Optional[int]:
        """The index of ``nearest``'s entry (without ``ahead``, only before the words)."""
        back = behind
        for distance in range(window):
            i, j = after + distance, first - 1 - distance
            ahead = ahead and not (clause and i in self.breaks)
            if ahead and i in table:
                return i
            back = back and j >= 0 and not (clause and j + 1 in self.breaks)
            if back and j in table:
                return j
        return None


def _paired_verbs(before: str, after: str) -> bool:
    """Two -ing forms joined by "and" are one phrase, not two clauses: "three men suspected of
    making and selling the liquor had been detained" has one predicate."""
    return len(before) > 4 and len(after) > 4 and before.endswith("ing") and after.endswith("ing")


def _listed_count(word: str, rules: QuantityRules) -> bool:
    """A word that opens a noun phrase or a count (``joined_noun_words``, a digit): after "and"
    with no comma it joins a noun to the one before, not a clause ("40 of the association's
    members and their apprentices had not been seen": one subject, one predicate; "lists four
    people as missing, the two operators and two cleaners": one list)."""
    return word[:1].isdigit() or word in rules.joined_nouns


def _bracketed(claim: str, spans: tuple[tuple[int, int], ...]) -> frozenset[int]:
    """The words that stand inside round or square brackets."""
    if "(" not in claim and "[" not in claim:
        return frozenset()
    inside, depth, last = set(), 0, 0
    for k, (start, end) in enumerate(spans):
        gap = claim[last:start]
        depth = max(0, depth + gap.count("(") + gap.count("[") - gap.count(")") - gap.count("]"))
        if depth:
            inside.add(k)
        last = end
    return frozenset(inside)


@lru_cache(maxsize=16)
def _by_prefix(phrases: Phrases) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """The phrases by the first three letters of their first word, in the pack's order: a word
    is tried only against the few phrases that can start with it."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for name, rows in phrases:
        for phrase in rows:
            index.setdefault(phrase[0][:3], []).append((name, phrase))
    return {k: tuple(v) for k, v in index.items()}


def _starts(words: tuple[str, ...], phrases: Phrases, *, stem: bool) -> dict[int, str]:
    """Word index -> the first class (in the pack's order) one of whose phrases starts there."""
    memo = _candidates(phrases, stem)
    found: dict[int, str] = {}
    for i, word in enumerate(words):
        candidates = memo.get(word)
        if candidates is None:
            candidates = memo[word] = _first_word_matches(word, phrases, stem=stem)
        for name, phrase in candidates:
            if len(phrase) == 1 or _phrase_at(words, i, phrase, stem=stem):
                found[i] = name
                break
    return found


_MEMOS: dict[tuple[int, bool], tuple[Phrases, dict]] = {}


def _candidates(phrases: Phrases, stem: bool) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """A memo, per table, of ``_first_word_matches`` by word (the words of news recur), found by
    the table's identity: hashing a whole table on every claim would cost more than it saves."""
    entry = _MEMOS.get((id(phrases), stem))
    if entry is None or entry[0] is not phrases:
        entry = _MEMOS[(id(phrases), stem)] = (phrases, {})
    return entry[1]


def _first_word_matches(word: str, phrases: Phrases, *, stem: bool) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The phrases (in the pack's order) whose first word ``word`` can start: a one-word phrase
    matched whole by ``_phrase_at``, a longer one by its first word (the rest is checked in place)."""
    return tuple((name, phrase) for name, phrase in _by_prefix(phrases).get(word[:3], ())
                 if (_phrase_at((word,), 0, phrase, stem=stem) if len(phrase) == 1 else word == phrase[0]))


def _phrase_at(words: tuple[str, ...], i: int, phrase: tuple[str, ...], *, stem: bool) -> bool:
    """``phrase`` starts at word ``i``: with ``stem`` its last word as a stem ("kill" ->
    killed), never an agent noun ("rescuers", "protesters": the people, not the event)."""
    if i + len(phrase) > len(words) or words[i] != phrase[0] and (len(phrase) > 1 or not stem):
        return False
    *whole, last_word = phrase
    last = words[i + len(whole)]
    if not all(words[i + k] == w for k, w in enumerate(whole)):
        return False
    if not stem:
        return last == last_word
    return last.startswith(last_word) and (last == last_word or _AGENT.search(last) is None)


def is_part(view: ClaimWords, first: int, after: int, rules: QuantityRules) -> bool:
    """'3,000 of the deaths', '12 of the survivors', 'Of the 61 dead, 34 were residents': a part
    of another figure."""
    inside, following = view.words[first:after], view.words[after:after + 3]
    return any(tuple(inside[k:k + len(p)]) == p for p in rules.partitive for k in range(len(inside))) \
        or any(following[:len(p)] == p for p in rules.partitive) or _after_fronted_part(view, first, rules)


def _past_whole(view: ClaimWords, after: int, rules: QuantityRules) -> int:
    """The word after the whole a part is of, when it follows the count ("Six" "of the injured"
    "remained in intensive care"): the whole's noun is not what happened to the part."""
    following = view.words[after:after + 3]
    p = next((p for p in rules.partitive if following[:len(p)] == p), None)
    return min(len(view.words), after + len(p) + 1) if p else after


def _after_fronted_part(view: ClaimWords, first: int, rules: QuantityRules) -> bool:
    """The count opens its clause right after a fronted partitive phrase set off by a comma
    ("Of the 61 dead, 34 were residents of Tawalo"): the whole is that phrase's count."""
    if first not in view.commas:
        return False
    lo = first - 1
    while lo > 0 and lo not in view.breaks and lo not in view.commas:
        lo -= 1
    return lo < first - 2 and any(view.words[lo:lo + len(p)] == p for p in rules.partitive)


def _instalment(view: ClaimWords, after: int, rules: QuantityRules) -> bool:
    """The count is followed in its claim by "and" and, within three words, an addition to it
    (``instalment_words``, "three more", "another" and maybe a number) that no verb of its own
    follows: "recovered six bodies during the night and pulled three more from the collapsed
    unit", "found two bodies on Tuesday and another on Wednesday": the count is one instalment,
    not the total. Not "and more than 30 were missing", "and another has not been found", "and
    that another 130 were damaged" (figures of their own), nor "the toll rose to 58 after 12
    more bodies" (no "and")."""
    words = view.words
    for k in range(after, len(words)):
        if words[k] != "and":
            continue
        at = next((i for i in range(k + 1, min(k + 4, len(words))) if words[i] in rules.instalments), None)
        if at is None or at in view.breaks:
            continue
        rest = at + 1 + (at + 1 < len(words) and _listed_count(words[at + 1], rules))
        if rest >= len(words) or rest in view.breaks or words[rest] not in rules.auxiliaries | {"than"}:
            return True
    return False


def is_addition(view: ClaimWords, first: int, after: int, rules: QuantityRules) -> bool:
    """'20 more bodies', 'another 12' (the word written inside the count or before it, not "more
    than 50"): an addition to another figure; 'the last two bodies' (``final_words`` right
    before it): the last one."""
    own = view.words[first:first + 1] if view.words[first + 1:first + 2] != ("than",) else ()
    return bool(set(view.words[first + 1:first + 2] + view.words[max(0, first - 1):first] + own) & rules.increments) \
        or first > 0 and view.words[first - 1] in rules.final_words


def _event_quantity(event: str, rules: QuantityRules) -> str:
    base, slash, state = event.partition("/")  # "released/expected" -> "releases/expected"
    return (rules.implies.get(base) or base) + slash + state


def _over(event: Optional[str], noun: str, rules: QuantityRules) -> bool:
    return bool(event) and noun in rules.over.get(event.partition("/")[0], ())


def quantity_of(count: dict, claim: str, claim_start: int, rules: QuantityRules, *,
                view: Optional[ClaimWords] = None, vocabulary: frozenset[str] = frozenset(),
                whole: bool = False) -> Optional[str]:
    """What the count counts (rule 1 of docs/figure-groups.md); None when it is no figure to
    compare: an addition, a bare number, a generic noun with nothing said of it. A unit
    qualified by one of ``flow_words`` ("410 new suspected cases") is what is new in a period:
    ``/new``, never the running total. With ``whole``, the count is the whole of a part of its
    claim ("two of the stadium's six gates were open"): what happened is the part's, not its."""
    view = view or ClaimWords.of(claim, rules)
    quantity = _count_quantity(count, view, *view.index(*_relative(count, claim, claim_start)), rules, vocabulary,
                               whole)
    flow = set(_fold_word(count.get("unit") or "").split()[:-1]) & rules.flow_words
    return quantity + "/new" if quantity and flow and (count.get("kind") or "count") == "count" else quantity


def _count_quantity(count: dict, view: ClaimWords, first: int, after: int, rules: QuantityRules,
                    vocabulary: frozenset[str] = frozenset(), whole: bool = False) -> Optional[str]:
    if is_addition(view, first, after, rules) or _instalment(view, after, rules):
        return None
    kind = count.get("kind") or "count"
    unit = _fold_word(count.get("unit") or "").strip()
    if kind != "count":
        return _share_or_sum(view, first, after, kind, unit, rules)
    if is_part(view, first, after, rules):  # a part is a figure only of what then happened to it
        event = _event_of(view, first, _past_whole(view, after, rules), rules, behind=False)
        if event and event.partition("/")[0] in rules.object_events:  # "two of the six gates were open"
            return _own_state(unit, event, rules)
        return _part_change(_event_quantity(event, rules), unit, rules) if event else None
    event = _relative_event(view, after, rules) if whole else _event_of(view, first, after, rules)
    if event and _fronted_whole(view, first, rules):  # "Of the more than 60 people injured, seven were admitted"
        event = _phrase_event(view, first, after, rules)
    if unit.split()[-1:] and unit.split()[-1] in rules.name_units:
        return _named_people(view, first, after, rules)
    noun = (rules.noun_of(unit) or _qualified_class(unit, rules)) if unit else None
    if noun:
        noun = _event_quantity(event, rules) if event and _over(event, noun, rules) else noun
        return noun + "/former" if set(unit.replace("-", " ").split()[:-1]) & rules.former_words else noun
    head = unit.split()[-1] if unit.split() else ""
    head = rules.synonyms.get(head, head)  # "structures" are "buildings": one noun of its own
    if head and unit not in rules.generic and head not in rules.generic and not (event and _is_agent(head)):
        # a noun of its own: "camps"; what happened to it is an event at it, not one a clause away
        close = event and _event_close(view, first, after, rules) and not _done_before(view, first, after, rules)
        return _state_of(_located(view, first, head, rules), event if close else None, unit, rules)
    beneficiary = _noun_before_for(view, first) if unit else None
    if beneficiary:
        return beneficiary
    if event and event.partition("/")[0] in rules.object_events:  # "212 damaged": of a noun named near it
        if unit:
            return None
        # else a noun class named near it: "gates 1 and 4 had been unlocked when the crowd swelled past 30,000"
        return _counted_noun(view, first, after, rules, vocabulary) or view.nearest(view.nouns, first, after,
                                                                                     rules.window, clause=True)
    if event:
        return _event_quantity(event, rules)
    if unit:
        return None  # "people", "men": nothing said of them
    # A count without its noun takes a noun said of it nearby: "the death toll ... has risen to 219".
    named = view.nearest(view.nouns, first, after, 2 * rules.window, clause=False)
    return named if named is not None else _counted_noun(view, first, after, rules, vocabulary)


def _relative_event(view: ClaimWords, after: int, rules: QuantityRules) -> Optional[str]:
    """The event of the relative clause right after a part's whole, its only event ("four of the
    41 inmates who escaped were still at large": escaped); none without one ("two of the
    stadium's six gates were open": the gates there are)."""
    if after >= len(view.words) or view.words[after] not in rules.place_breaks:
        return None
    return _phrase_event(view, after, after + 1, rules)


def _fronted_whole(view: ClaimWords, first: int, rules: QuantityRules) -> bool:
    """The count is the whole of a fronted partitive phrase: "Of the more than 60 people injured, ..."."""
    return any(first >= len(p) and view.words[first - len(p):first] == p
               and (first == len(p) or first - len(p) in view.breaks) for p in rules.partitive)


def _phrase_event(view: ClaimWords, first: int, after: int, rules: QuantityRules) -> Optional[str]:
    """The event said of a fronted partitive's whole within its phrase, before the comma that
    closes it ("Of the more than 60 people injured, seven were still admitted": injured); the
    predicate after the comma is the part's."""
    for k in range(after, len(view.words)):
        if k in view.commas or k in view.breaks:
            return None
        if k in view.events:
            return view.events[k]
    return None


def _done_before(view: ClaimWords, first: int, after: int, rules: QuantityRules) -> bool:
    """The count's event is one of ``state_events`` written before it: what was done to the
    noun, not the state it is in ("the government opened 115 camps" counts the camps, as "running
    167 camps" does; "all six gates open", "six gates were open" are the gates open)."""
    event, at = _event_at(view, first, after, rules)
    return event in rules.state_events and 0 <= at < first


def _own_state(unit: str, event: str, rules: QuantityRules) -> Optional[str]:
    """A part of a noun of its own with what happened to it: "two of the stadium's six gates were
    open" -> ``gates/open``; none for people or a noun class (their parts count their event)."""
    head = unit.split()[-1] if unit.split() else ""
    head = rules.synonyms.get(head, head)
    if not head or head in rules.generic or rules.noun_of(unit) or not head.isalpha():
        return None
    return _state_of(head, event, unit, rules)


def _part_change(quantity: str, unit: str, rules: QuantityRules) -> str:
    """A part of a whole of a class that ``part_changes`` lists for the class the part's event
    implies is what changed since the whole was counted: "five of the injured had died overnight"
    are new deaths (``dead/new``), not the toll, which counts more than the injured who died."""
    whole = rules.noun_of(unit) if unit else None
    return quantity + "/new" if whole and whole in rules.part_changes.get(quantity, ()) else quantity


def _qualified_class(unit: str, rules: QuantityRules) -> Optional[str]:
    """A generic noun qualified by an event word counts the class that event implies, as the
    noun of that class would: "more than 70 injured passengers" are the injured, "dead migrants"
    the dead ("the injured" and "the dead" are nouns of those classes)."""
    words = unit.replace("-", " ").split()
    if not words or words[-1] not in rules.generic:
        return None
    events = _starts(tuple(words[:-1]), rules.events, stem=True)
    implied = (rules.implies.get(e) for _, e in sorted(events.items()))
    return next((c for c in implied if c), None)


def _named_people(view: ClaimWords, first: int, after: int, rules: QuantityRules) -> Optional[str]:
    """A count of names (``name_units``) counts the people a list names: the class of an event
    after it, else of a noun class named after it in its clause ("a list of 23 names of people
    it says are still missing", "the list had 88 names, more than twice the official count of
    missing"); not what stands before it ("can count 533 release orders can publish 533
    names"); else none here (``_quantities`` looks to the figure its document gave before)."""
    event = _event_of(view, first, after, rules, behind=False)
    if event:
        return _event_quantity(event, rules)
    return view.nearest(view.nouns, first, after, rules.window, clause=True, behind=False)


def _event_close(view: ClaimWords, first: int, after: int, rules: QuantityRules) -> bool:
    """The count's event stands within ``event_window`` // 3 words of it, or is its clause's
    predicate: "146 homes destroyed", "320 damaged homes", "homes had been buried", not "marked
    12 other structures in the market for demolition after engineers found cracked columns"."""
    _, at = _event_at(view, first, after, rules)
    near = rules.window // 3
    return at >= 0 and (first - near <= at < after + near or at > after and view.words[at - 1] in rules.auxiliaries)


def _counted_noun(view: ClaimWords, first: int, after: int, rules: QuantityRules,
                  vocabulary: frozenset[str]) -> Optional[str]:
    """A count with no noun near it of a noun class counts the nearest noun of its own that the
    input counts (``counted_nouns``: "its count of destroyed homes to 163", "146 homes destroyed
    and 212 damaged"), with what happened to it: the event right after or before the count
    ("212 damaged"), else the event word qualifying that noun ("destroyed homes"), else the
    count's nearest event."""
    at = view.nearest_at(_vocabulary_at(view, vocabulary), first, after, rules.window, clause=False) \
        if vocabulary else None
    if at is None:
        return None
    event, where = _event_at(view, first, after, rules)
    if where not in (first - 1, after) and at > 0 and view.events.get(at - 1) in rules.object_events:
        event = view.events[at - 1]
    return _state_of(view.words[at], event, "", rules)


def _vocabulary_at(view: ClaimWords, vocabulary: frozenset[str]) -> dict[int, str]:
    return {k: w for k, w in enumerate(view.words) if w in vocabulary}


def _state_of(noun: str, event: Optional[str], unit: str, rules: QuantityRules) -> str:
    """A noun of its own with what happened to it, when that is one of ``object_events`` (its
    event, else a word qualifying its unit): "146 homes destroyed", "212 damaged", "320 damaged
    homes" -> ``homes/destroyed``, ``homes/damaged``: two figures."""
    if event is None or event.partition("/")[0] not in rules.object_events:
        qualifiers = _starts(tuple(unit.split()[:-1]), rules.events, stem=True)
        event = next((e for _, e in sorted(qualifiers.items()) if e in rules.object_events), None)
    return f"{noun}/{event.partition('/')[0]}" if event and event.partition("/")[0] in rules.object_events else noun


def _is_agent(noun: str) -> bool:
    """A noun of people by what they do ("miners", "rescuers", "cyclists", "technicians"): with
    an event said of them it counts like a generic noun ("150 miners remained unaccounted for"
    are missing people)."""
    return _PERSON_NOUN.search(noun) is not None


_PERSON_NOUN = re.compile(r"(?:er|or|ist|ian)s$")


def _event_of(view: ClaimWords, first: int, after: int, rules: QuantityRules, *,
              behind: bool = True) -> Optional[str]:
    """What happened to the counted, as a quantity's event: ``_event_at``'s event, turned into
    its ``ongoing`` class when a state word stands just before it ("1,700 people remained in
    detention" are held, not arrested), with ``/expected`` after a word of the future ("more
    than 80 inmates would be freed": not yet released)."""
    event, at = _event_at(view, first, after, rules, behind=behind)
    if event is None:
        return None
    if event in rules.prior_events:  # "known to have boarded and have not been seen since": missing
        event, at = _then(view, at, rules) or (event, at)
    lo = max(0, at - 3)
    before = [w for k, w in enumerate(view.words[lo:at], lo) if not any(b in view.breaks for b in range(k + 1, at + 1))]
    if rules.ongoing.get(event) and set(before) & rules.ongoing_words:
        event = rules.ongoing[event]
    joined = f" {' '.join(before)} "
    return event + ("/expected" if any(f" {' '.join(w)} " in joined for w in rules.future_words) else "")


def _then(view: ClaimWords, at: int, rules: QuantityRules) -> Optional[tuple[str, int]]:
    """What became of people an event of ``prior_events`` at word ``at`` says were somewhere: the
    event of a second predicate of theirs right after "and" (an auxiliary or an event word next,
    so no subject of its own), in that clause: "who had boarded and have not been seen since"."""
    words = view.words
    j = next((k for k in range(at + 1, min(len(words) - 1, at + rules.window)) if words[k] == "and"), None)
    if j is None or any(k in view.breaks for k in range(at + 1, j)) \
            or words[j + 1] not in rules.auxiliaries and j + 1 not in view.events:
        return None
    i = next((k for k in range(j + 1, min(len(words), j + 1 + rules.window)) if k in view.events
              or k > j + 1 and k in view.breaks), None)
    return (view.events[i], i) if i is not None and i in view.events else None


def _event_at(view: ClaimWords, first: int, after: int, rules: QuantityRules, *,
              behind: bool = True) -> tuple[Optional[str], int]:
    """The event word of the count and its index: the verb the count is the object of (an
    event word right before it: "authorities released at least 107 people"), else the predicate
    of its clause (an event word right after an auxiliary, within twice ``event_window`` words
    after the count, a relative clause left out: "225 people covered by a review of detentions
    have been released", not "107 people ... who had been jailed"; nor past a speech verb: "to
    nine, the coast guard said, as hope faded for dozens still unaccounted for"; nor past an "and"
    that joins a count to a count when the count has had its verb: "At least 14 people died and
    dozens more were injured" died), else the nearest event word.
    A speech verb right after the count ends the search ahead ("12 said they had been beaten at
    the time of arrest": the count is of speakers)."""
    if behind and first - 1 in view.events and first not in view.breaks:
        return view.events[first - 1], first - 1
    if after < len(view.words) and view.words[after] in rules.speech_after and after + 1 not in view.events:
        return (None, -1) if not behind else _nearest_event(view, first, first, rules, behind=True, ahead=False)
    for i in range(after, min(len(view.words), after + 2 * rules.window)):
        if i in view.breaks or view.words[i] in rules.place_breaks or view.words[i] in rules.speech_after:
            break
        if view.words[i] in rules.breaks and any(k in view.events for k in range(after, i)):
            break  # "14 people died and dozens more were injured": the second count's predicate
        if i in view.events and i > 0 and view.words[i - 1] in rules.auxiliaries:
            return view.events[i], i
    return _nearest_event(view, first, after, rules, behind=behind)


def _nearest_event(view: ClaimWords, first: int, after: int, rules: QuantityRules, *, behind: bool,
                   ahead: bool = True) -> tuple[Optional[str], int]:
    at = view.nearest_at(view.events, first, after, rules.window, clause=True, behind=behind, ahead=ahead)
    return (view.events[at], at) if at is not None else (None, -1)


def _located(view: ClaimWords, first: int, head: str, rules: QuantityRules) -> str:
    """A count of places right after a location preposition is the number of places something
    is in: "115 camps in 19 counties" -> ``counties/camps``, "rain in 20 counties" -> ``counties/rain``."""
    if first >= 2 and view.words[first - 1] in rules.location_prepositions and first - 1 not in view.breaks:
        return f"{head}/{view.words[first - 2]}"
    return head


def refers_back(view: ClaimWords, first: int, after: int, count: dict, rules: QuantityRules) -> bool:
    """'verify only 143 of them': a part of a pronoun with nothing counted after it, whose
    quantity is that of the count before it (``pronoun_parts``); not a part that is its clause's
    subject with a verb of its own ("Six of them remain in critical condition": a part of the
    injured, no figure of them)."""
    unit = _fold_word(count.get("unit") or "").split()
    if unit and unit[-1] not in {p[-1] for p in rules.pronoun_parts}:
        return False
    subject = first == 0 or first in view.breaks or first in view.commas  # "Six of them remain in critical condition"
    for p in rules.pronoun_parts:
        for k in range(first + 1, after + 1):
            end = k + len(p)
            if tuple(view.words[k:end]) == p and end >= after and _nothing_after(view, end, rules) \
                    and not (subject and end < len(view.words) and view.words[end] in rules.auxiliaries):
                return True
    return False


def _nothing_after(view: ClaimWords, k: int, rules: QuantityRules) -> bool:
    """Word ``k`` starts no noun of the phrase before it: the clause ends, or a verb follows."""
    return k >= len(view.words) or k in view.breaks or view.words[k] in rules.auxiliaries


def _noun_before_for(view: ClaimWords, first: int) -> Optional[str]:
    """'detention orders for 225 people', 'measures for 225 people': people counted by what is
    granted them count that noun."""
    if first < 2 or view.words[first - 1] != "for":
        return None
    return next((view.nouns[i] for i in range(first - 2, max(-1, first - 5), -1) if i in view.nouns), None)


def _share_or_sum(view: ClaimWords, first: int, after: int, kind: str, unit: str,
                  rules: QuantityRules) -> Optional[str]:
    """A percentage's or a sum's quantity: its kind and unit, the first topic (in the pack's
    order) with a word near it, and ``/rate`` for a rate ("9 million euros a day")."""
    topic = _own_topic(view, first, after) if kind != "percent" else None
    if topic is None:
        near = {view.topics[i] for i in range(max(0, first - rules.window), after + rules.window) if i in view.topics}
        topic = next((name for name, _ in rules.topics if name in near), None)
    if topic is None and kind == "measure":
        topic = _measured(view, first, after)  # "12 million cubic metres of tailings" -> measure/tailings
    if topic is None and kind == "measure":
        topic = _dimension_of(view, first, rules)  # "put the volume of tailings that escaped at 180,000 m3"
    if topic is None:
        return None
    following = tuple(w for k, w in enumerate(view.words[after:after + 9], after) if k not in view.bracketed)[:3]
    rate = any(following[k:k + len(w)] == w for w in rules.rates for k in range(len(following)))
    # "the remaining 16.9 million soles of the emergency pledge": what is left of a sum, not the sum
    rest = kind != "percent" and bool(set(view.words[max(0, first - 2):first]) & rules.remainder_words)
    return f"{kind}/{topic}" + ("/remaining" if rest else "") + ("/rate" if rate else "")  # not the unit


def _measured(view: ClaimWords, first: int, after: int) -> Optional[str]:
    """What a measure with no topic is of: the first word after "of" right after it, an article
    skipped ("190 millimetres of rain", "12 million cubic metres of the tailings"); for "of it"
    in apposition, the noun the comma before the measure follows ("the methanol, some 620
    litres of it")."""
    if after >= len(view.words) or view.words[after] != "of" or after + 1 in view.breaks:
        return None
    rest = [w for w in view.words[after + 1:after + 3] if w not in _STOP]
    if rest[:1] == ["it"]:
        return view.words[first - 1] if first in view.commas and view.words[first - 1] not in _STOP else None
    return rest[0] if rest else None


def _dimension_of(view: ClaimWords, first: int, rules: QuantityRules) -> Optional[str]:
    """What a measure is of when its clause names a dimension of a thing before it: the word
    after "<dimension> of" (``dimension_words``; "It put the volume of tailings that escaped at
    about 180,000 cubic metres": tailings), an article skipped."""
    for k in range(first - 1, max(-1, first - 2 * rules.window), -1):
        if k + 1 in view.breaks:
            return None
        if view.words[k] in rules.dimensions and view.words[k + 1:k + 2] == ("of",):
            rest = [w for w in view.words[k + 2:min(k + 4, first)] if w not in _STOP]
            return rest[0] if rest else None  # "an area of more than 400 square miles": of nothing named
    return None


def _own_topic(view: ClaimWords, first: int, after: int) -> Optional[str]:
    """The topic of the noun or verb a sum or measure is attached to, nearest first (ties: after
    it): a topic word within two words after it, its bracketed conversion skipped ("its
    30-million-dinar fund", "410 million dinars in revenue", "the 20,000-dinar ($6,900) emergency
    grant"), or within two words before it in its clause ("fined NPC 2.5 million dinars", "paid out
    4.2 million dinars", "a grant of 20,000 dinars"): the thing the amount is of, whatever other
    topic stands in the window ("from its 30-million-dinar fund ..., for ... medical costs")."""
    following = [k for k in range(after, min(len(view.words), after + 9)) if k not in view.bracketed][:2]
    for distance in range(2):
        if distance < len(following) and following[distance] in view.topics and not any(
                b in view.breaks for b in range(after, following[distance] + 1)
                if b not in view.bracketed and b - 1 not in view.bracketed):
            return view.topics[following[distance]]
        j = first - 1 - distance
        if j >= 0 and not any(b in view.breaks for b in range(j + 1, first + 1)) and j in view.topics:
            return view.topics[j]
    return None


def _relative(count: dict, claim: str, claim_start: int) -> tuple[int, int]:
    if count.get("start") is not None and count.get("end") is not None:
        return count["start"] - claim_start, count["end"] - claim_start
    at = claim.find(count["text"])
    return (at, at + len(count["text"])) if at >= 0 else (0, len(claim))


# -- reports ------------------------------------------------------------------------------------

_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_PART_OF_YEAR = re.compile(r"^(\d{4})-([QH])([1-4])$")
_CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d-]*W)")


def _first_day(value: Optional[str]) -> Optional[dt.date]:
    """The first day of a TIMEX3 date value: a day, an ISO week (its Monday; a weekend,
    ``-WE``, its Saturday), a month, a quarter or half (``2024-Q2``, ``2024-H2``) or a year.
    Anything else after a day's digits (a time of day) is left out."""
    if not value:
        return None
    try:
        week = _WEEK.match(value)
        if week:
            return dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 6 if week.group(3) else 1)
        part = _PART_OF_YEAR.match(value)
        if part:
            size, n = (3 if part.group(2) == "Q" else 6), int(part.group(3))
            return dt.date(int(part.group(1)), (n - 1) * size + 1, 1) if n <= 12 // size else None
        calendar = _CALENDAR.match(value)
        if calendar:
            return dt.date(int(calendar.group(1)), int(calendar.group(2) or 1), int(calendar.group(3) or 1))
    except ValueError:
        return None
    return None


def _distinct(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def _count_dates(claim: dict) -> list[list[dict]]:
    """Each count's dates: every DATE of the claim goes to the last count before it (a date
    closes its count's clause), else to the first count after it; each count's dates nearest
    first. "103 detainees had been freed ..., in addition to the 225 released in mid-November,
    putting the official total at 328": mid-November is the 225's date only; "88% on Tuesday,
    after more than 90% on Monday": each its own day; "On Saturday, the ministry said 103 ...": the 103's."""
    counts = claim.get("counts") or []
    spans = [_relative(c, claim["text"], claim.get("start") or 0) for c in counts]
    out: list[list[tuple[int, int, dict]]] = [[] for _ in counts]
    for n, d in enumerate(claim.get("dates") or []):
        if d.get("type", "DATE") != "DATE" or not spans:
            continue
        at = _date_at(claim, d)
        before = [i for i, (start, _) in enumerate(spans) if start < at]
        k = max(before, key=lambda i: (spans[i][0], -i)) if before else min(range(len(spans)),
                                                                            key=lambda i: (spans[i][0], i))
        out[k].append((abs(at - spans[k][0]), n, d))
        then = _when_after(claim["text"], at + len(d.get("text") or ""), spans)
        if then is not None and then != k:  # "in August last year, when about 27,000 people turned up"
            out[then].append((abs(at - spans[then][0]), n, d))
    return [[d for _, _, d in sorted(found, key=lambda x: x[:2])] for found in out]


_WHEN = re.compile(r"\s*,\s*when\b")


def _when_after(text: str, end: int, spans: Sequence[tuple[int, int]]) -> Optional[int]:
    """The first count of a clause opened by ", when" right after a date, which is that date's
    too: "two fans were crushed to death in August last year, when about 27,000 people turned up"."""
    if end <= 0 or not _WHEN.match(text, end):
        return None
    return next((i for i, (start, _) in sorted(enumerate(spans), key=lambda x: (x[1][0], x[0])) if start >= end), None)


def _flow_counts(claim: dict, rules: QuantityRules) -> frozenset[int]:
    """The counts (by index) that a span of time just past belongs to: the last count before it,
    else, when the span opens the sentence, the first after it; "in", "during", "over", "within" or "for", then
    "the", one of ``flow_period_words`` and, within two words, a unit of time ("103 detainees had
    been freed during the past week", "In the past ten days, volunteers recorded 22 deaths") make
    the count what happened in that span ("last week" alone is a day, not a span)."""
    if not any(w in claim["text"] for w in rules.flow_period_words):
        return frozenset()  # the common case: no regular expression run
    spans = [_relative(c, claim["text"], claim.get("start") or 0) for c in claim.get("counts") or []]
    found = set()
    for m in _flow_span(rules.flow_period_words).finditer(claim["text"]):
        at = m.start()
        earlier = [i for i, (start, _) in enumerate(spans) if start < at]
        if earlier:
            found.add(max(earlier, key=lambda i: (spans[i][0], -i)))
        elif spans and len(_WORD.findall(claim["text"][:at])) < 2:  # fronted: "In the past ten days, ..."
            found.add(min(range(len(spans)), key=lambda i: (spans[i][0], i)))
    return frozenset(found)


@lru_cache(maxsize=4)
def _flow_span(words: frozenset[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in sorted(words))
    return re.compile(rf"\b(?:in|during|over|within|for) the (?:{alternatives})\s+(?:[\w-]+\s+){{0,2}}?"
                      r"(?:days?|nights?|weeks?|fortnight|months?|hours?|years?)\b", re.IGNORECASE)


def _history(claim: dict, dates: Sequence[dict], doc_date: Optional[dt.date],
             rules: QuantityRules, count_end: Optional[int] = None, days: Optional[int] = None) -> Optional[dt.date]:
    """The count's nearest date when it lies ``history_days`` or more before the article's and
    none of ``period_start_words`` stands in the three words before it or between the count and it ("in 2019, 300 died";
    not "since the rains began in March", "after the July 28 election"): the figure is of that time."""
    for d in dates[:1]:
        day = _first_day(d.get("value"))
        at = _date_at(claim, d)
        before = {_fold_word(w) for w in _WORD.findall(claim["text"][:max(at, 0)])[-3:]} & rules.period_starts
        if count_end is not None:  # "cases since the first infections were detected in January"
            between = {_fold_word(w) for w in _WORD.findall(claim["text"][count_end:max(at, count_end)])}
            before |= between & (rules.running or rules.period_starts)
        least = rules.history_days if days is None else days
        if day and doc_date and (doc_date - day).days >= least and not before:
            return day
    return None


def _said_on(claim: dict, view: ClaimWords, count: dict, dates: Sequence[dict], doc_date: Optional[dt.date],
             rules: QuantityRules, end: int, superseded: bool = False) -> Optional[dt.date]:
    """The day before its article's that a figure was given, when its claim gives it as an earlier
    figure (one of ``earlier_figure_words`` before the count: "On Sunday the regional government
    had put the toll at 12", "which first put the volume at 180,000"): the count's own past date,
    else the day before the article's; so is a value followed by another in a row of values ("First
    they told us twelve, then twenty, now twenty-seven": twelve and twenty). A date alone is not
    one: it is often when the event happened ("200 miners were at the camp when the hillside
    collapsed on Tuesday")."""
    if doc_date is None:
        return None
    text, base = claim["text"], claim.get("start") or 0
    first = view.index(*_relative(count, text, base))[0]
    # the phrase stands after the claim's count before this one: "which first put the volume at
    # 180,000 cubic metres, now says 420,000" dates 180,000, not 420,000
    since = max((view.index(*_relative(c, text, base))[1] for c in claim.get("counts") or []
                 if _relative(c, text, base)[1] <= _relative(count, text, base)[0]), default=0)
    if not superseded and not _earlier_figure(view, since, first, rules):
        return None
    return _history(claim, dates, doc_date, rules, end, days=1) or doc_date - dt.timedelta(days=1)


def _earlier_figure(view: ClaimWords, since: int, first: int, rules: QuantityRules) -> bool:
    """One of ``earlier_figure_words`` stands in the words [since, first) before the count, not a
    pluperfect that only reports speech: a "had" phrase after a speech verb of the claim is the
    tense of reported speech, a figure given when the claim says ("Kaoma said volunteers ... had
    counted 21 deaths" is Kaoma's figure of his article's day; "On Sunday the regional government
    had put the toll at 12" is Sunday's)."""
    words = view.words
    if not _has_phrase(words[since:first], rules.earlier_figure):
        return False  # the common case, found without the loop below
    for k in range(since, first):
        for p in rules.earlier_figure:
            if tuple(words[k:k + len(p)]) == p and k + len(p) <= first:
                if p[0] != "had" or not any(w in rules.speech_after for w in words[:k]):
                    return True
    return False


def _date_at(claim: dict, date: dict) -> int:
    if date.get("start") is not None and claim.get("start") is not None:
        return date["start"] - claim["start"]
    return claim["text"].find(date.get("text") or "\0")


def _day_named(dates: Sequence[dict]) -> Optional[dt.date]:
    """The count's nearest day-granular date ("on Monday", "October 13")."""
    return next((day for d in dates if re.match(r"^\d{4}-\d{2}-\d{2}$", d.get("value") or "")
                 and (day := _first_day(d["value"]))), None)


_KINDS = ("money/", "percent/", "measure/")


def _said_before(before: Optional[dict], claim: dict, rules: QuantityRules,
                 main: Optional[str] = None) -> Callable[[ClaimWords, int], Optional[str]]:
    """What a count standing alone counts, found only when asked (rarely): what the claim just
    before names, when it has no count of its own (its last event's class, else its last noun
    class: "It is the same with the evacuation. They say 4,000." -> displaced); else, for a count
    right after a speech verb ("We said 17 when they said 14."), ``main``, the quantity its
    document has reported most so far: a figure someone gives with nothing else said is the
    figure the article is about."""
    def named(view: ClaimWords, first: int) -> Optional[str]:
        if before is not None and not before.get("counts") and _position(before) == _position(claim) - 1:
            previous = ClaimWords.of(before["text"], rules)
            if previous.events:
                return _event_quantity(previous.events[max(previous.events)], rules)
            if previous.nouns:
                return previous.nouns[max(previous.nouns)]
        return main if _after_speech(view, first, rules) else None
    return named


_ADVERBS = frozenset(("only", "just", "about", "some", "nearly", "almost", "roughly", "all", "around"))


def _parallel(before: Optional[dict], claim: dict, counted: Optional[tuple[dict, list[Optional[str]]]],
              rules: QuantityRules, vocabulary: frozenset[str]) -> Callable[[ClaimWords, int, int], Optional[str]]:
    """What a bare count counts when the claim right before says the same of a figure: the verb
    right before the count (adverbs skipped, no speech verb) or the count's object event stands
    there too. Near that word, a noun of its own the input counts, for an object event ("only
    gates 1 and 4 had been unlocked ..." then "all six were open": ``gates/open``), else the
    quantity of that claim's nearest count ("roughly 31,000 tickets had been sold" then "it sold
    only 24,500": tickets). Found only when asked (rarely)."""
    def found(view: ClaimWords, first: int, after: int) -> Optional[str]:
        if before is None or _position(before) != _position(claim) - 1 or before["doc_id"] != claim["doc_id"]:
            return None
        event, _ = _event_at(view, first, after, rules)
        event = event if event and event.partition("/")[0] in rules.object_events else None
        k = first - 1
        while k > 0 and view.words[k] in _ADVERBS:
            k -= 1
        verb = view.words[k] if k >= 0 and view.words[k].isalpha() and view.words[k] not in _STOP \
            and view.words[k] not in rules.speech_after | rules.auxiliaries else None
        if event is None and verb is None:
            return None
        prev = ClaimWords.of(before["text"], rules)
        spots = [j for j, e in sorted(prev.events.items()) if e == event] if event else \
            [j for j, w in enumerate(prev.words) if verb_forms(w) & verb_forms(verb)]
        for j in spots:
            if event:
                noun = prev.nearest_at(_vocabulary_at(prev, vocabulary), j, j + 1, rules.window, clause=False)
                return _state_of(prev.words[noun], event, "", rules) if noun is not None else None
            if counted is not None and counted[0] is before:
                base = before.get("start") or 0
                near = sorted((abs(prev.index(*_relative(c, before["text"], base))[0] - j), n)
                              for n, c in enumerate(before.get("counts") or []) if counted[1][n])
                if near and near[0][0] <= rules.window:
                    return counted[1][near[0][1]]
        return None
    return found


def _main_quantity(seen: Counter, last: dict[str, int]) -> Optional[str]:
    """The quantity reported most (ties: the one reported last)."""
    return max(seen, key=lambda q: (seen[q], last[q])) if seen else None


def _quantities(claim: dict, rules: QuantityRules, view: ClaimWords, previous: Optional[str] = None,
                said_before: Optional[Callable[[ClaimWords, int], Optional[str]]] = None,
                echo: Optional[Callable[[dict], Optional[str]]] = None,
                measured: Optional[Callable[[dict, ClaimWords, list], Optional[str]]] = None,
                vocabulary: frozenset[str] = frozenset(),
                parallel: Optional[Callable[[ClaimWords, int, int], Optional[str]]] = None,
                ) -> tuple[list[tuple[Optional[str], bool, bool]], bool]:
    """The quantity of each count of the claim, whether it follows "from" ("41, up from 39": an earlier
    or later value), and whether the claim holds a contrast word. A count after "from" with no noun of its
    own, or a conversion in brackets, counts what the count before it counts: in the claim, else
    ``previous`` ("By Thursday the number had fallen to 21"); so does a pronoun part ("143 of them")."""
    out: list[tuple[Optional[str], bool, bool]] = []
    counts = claim.get("counts") or []
    spans = [view.index(*_relative(c, claim["text"], claim.get("start") or 0)) for c in counts]
    # a claim of several counts is not counted longer for its numbers ("twelve, then twenty, now twenty-seven")
    numbers = frozenset(k for first, after in spans for k in range(first, after)) if len(spans) > 1 else frozenset()
    for n, count in enumerate(counts):
        first, after = spans[n]
        quantity = quantity_of(count, claim["text"], claim.get("start") or 0, rules, view=view, vocabulary=vocabulary,
                               whole=_is_whole(spans, n, view, rules))
        after_from = follows_phrase(view.words[max(0, first - 2):first], rules.from_words)
        converted = bool(out) and first in view.bracketed  # "9 million euros ($10.4 million)"
        earlier = next((q for q, _, _ in reversed(out) if q), None) if out else previous
        bare = not count.get("unit") and (count.get("kind") or "count") == "count" \
            and not is_part(view, first, after, rules) and not is_addition(view, first, after, rules)
        if converted:
            quantity = out[-1][0]  # the sum just before it, even with no quantity of its own
        elif after_from and not out and not count.get("unit") and _noun_before(view, first):
            quantity = _noun_before(view, first)  # "The agency's toll climbed ..., rising to 27"
        elif after_from and (quantity is None or out and not count.get("unit")):
            quantity = earlier or quantity
        elif quantity is None and refers_back(view, first, after, count, rules):
            quantity = earlier
        elif quantity is None and bare and out and _listed(view, spans[n - 1][1], first, rules):
            quantity = out[-1][0]  # "First they told us twelve, then twenty, now twenty-seven"
            after_from, out[-1] = True, (out[-1][0], True, True)  # values in a row: the ones before are earlier
        elif quantity is None and bare and out and _after_speech(view, first, rules):
            quantity = earlier  # "first put the volume at 180,000 cubic metres, now says 420,000"
        elif quantity is None and bare and out and (counts[n - 1].get("kind") or "count") == "measure":
            quantity = _measure_topic(view, first, after)  # "about 2,400 tonnes in a store licensed for 1,500"
        elif quantity is None and out and (more := _more_of_another(count, view, first, after, out[-1][0], rules)):
            quantity = more  # "At least 14 people died and dozens more were injured"
        elif quantity is None and said_before and _bare(count, view, first, after, rules, numbers):
            quantity = said_before(view, first)  # "It is the same with the evacuation. They say 4,000."
        quantity = _fallbacks(quantity, count, view, (first, after), rules, bare=bare, out=out, counts=counts,
                              previous=previous, measured=measured, echo=echo, parallel=parallel)
        out.append((_within(quantity, count, view, first, after, out, earlier, rules), after_from, False))
    joined = f" {' '.join(view.words)} "
    return out, any(f" {' '.join(w)} " in joined for w in rules.contrast)


def _is_whole(spans: Sequence[tuple[int, int]], n: int, view: ClaimWords, rules: QuantityRules) -> bool:
    """Count ``n`` is the whole of a part of its claim: inside another count ("two of the stadium's
    six gates"), or right after one and a partitive phrase ("Five" "of the" "15 dead")."""
    first, after = spans[n]
    return any(m != n and (a < first and after <= b or b == first - 2 and view.words[b:first] in rules.partitive)
               for m, (a, b) in enumerate(spans))


def _fallbacks(quantity: Optional[str], count: dict, view: ClaimWords, span: tuple[int, int], rules: QuantityRules, *,
               bare: bool, out: list, counts: list, previous: Optional[str],
               measured: Optional[Callable], echo: Optional[Callable], parallel: Optional[Callable]) -> Optional[str]:
    """The rules that look beyond the count's own words, in order: what a measure in the same
    unit measures, the people a list of names counts, a value restated ("Of the 34, ...", "The
    figure of 14 is ..."), and what the claim before says alike ("it sold only 24,500")."""
    first, after = span
    if quantity is None and (count.get("kind") or "count") == "measure" and measured is not None:
        quantity = measured(count, view, [(c, q) for c, (q, _, _) in zip(counts, out)])
    if quantity is None and not out and previous in rules.people and _names(count, view, first, after, rules):
        quantity = previous  # "... 71 people are still unaccounted for. Its list had 88 names"
    if bare and echo is not None and (quantity is None or _named_figure(view, first, rules)):
        quantity = echo(count) or quantity  # "Of the 34, ...", "The gap between 19 and 71": a figure said before
    if quantity is None and bare and parallel is not None:
        quantity = parallel(view, first, after)  # "... 31,000 tickets had been sold." "... it sold only 24,500."
    return quantity


def _named_figure(view: ClaimWords, first: int, rules: QuantityRules) -> bool:
    """The count is named as a figure: right after one of ``figure_words`` and "of" ("The figure
    of 14 is the number of bodies that reached a Government mortuary"): it restates the figure its
    document gave that value, whatever verb stands near."""
    return first >= 2 and view.words[first - 1] == "of" and view.words[first - 2] in rules.figure_words


def _more_of_another(count: dict, view: ClaimWords, first: int, after: int, before: Optional[str],
                     rules: QuantityRules) -> Optional[str]:
    """A number of people with an increment word right after it ("dozens more", "20 more people")
    whose event is not what the count before it in its claim counts: people beyond those, the
    figure of its own event ("At least 14 people died and dozens more were injured": the
    injured), no addition to a figure ("nine more bodies" is one)."""
    if before not in rules.people or first + 1 >= len(view.words) or view.words[first + 1] not in rules.increments:
        return None
    unit = _fold_word(count.get("unit") or "").split()
    if unit and unit[-1] not in rules.generic:
        return None
    event = _event_of(view, first, max(after, first + 2), rules, behind=False)
    quantity = _event_quantity(event, rules) if event else None
    return quantity if quantity and quantity.partition("/")[0] in rules.people and quantity != before else None


def _measure_topic(view: ClaimWords, first: int, after: int) -> Optional[str]:
    """A bare number after a measure of its claim, with a topic word of its own, measures that
    topic ("found about 2,400 tonnes in a store licensed for 1,500": what the licence allows)."""
    topic = _own_topic(view, first, after)
    return f"measure/{topic}" if topic else None


def _names(count: dict, view: ClaimWords, first: int, after: int, rules: QuantityRules) -> bool:
    """A count of names (``name_units``), neither a part nor an addition."""
    unit = _fold_word(count.get("unit") or "").split()
    return bool(unit) and unit[-1] in rules.name_units and not is_part(view, first, after, rules) \
        and not is_addition(view, first, after, rules)


def _within(quantity: Optional[str], count: dict, view: ClaimWords, first: int, after: int,
            out: list[tuple[Optional[str], bool, bool]], earlier: Optional[str], rules: QuantityRules) -> Optional[str]:
    """The quantity of a group of people within a figure (``_subgroup``: "eight of its employees
    were among the dead", "among them 11 children"): the whole's quantity (its own, else the
    count's before it) and the group's noun; else the quantity as found."""
    group = _subgroup(count, view, first, after, rules)
    if not group:
        return quantity
    listed = out and (_follows_any(view, first, rules.subgroups) or _listed_after_subgroup(view, first, rules))
    whole = (out[-1][0] if listed else None) or quantity or (out[-1][0] if out else None) \
        or (earlier if not count.get("unit") else None)  # "the six people in custody include ... three men"
    if not whole and count.get("unit") and is_part(view, first, after, rules):
        whole = rules.noun_of(_fold_word(count["unit"]))  # "Five of the 15 dead were children": of the dead
    return f"{whole}/{group}" if whole and not whole.startswith(_KINDS) else quantity


def _counts_a_part(count: dict, view: ClaimWords, claim: dict, rules: QuantityRules) -> bool:
    """A count with no noun of its own opening its clause, not what a speaker says ("They say 4,000"): its
    noun is one its article named before, so it counts a part of that figure ("17 of those
    patients ... two had been sent on"; "Six of them remain in critical condition, and four were
    flown to Lima"); so is a count of one place, right after one of ``place_part_words`` ("At the
    sports hall, where about 600 evacuees are sleeping"): for its status only."""
    if (count.get("kind") or "count") != "count":
        return False
    first = view.index(*_relative(count, claim["text"], claim.get("start") or 0))[0]
    before = view.words[first - 1] if first else None
    if before in rules.place_parts:
        return True  # the people at one place the claim names: a part of the figure of the whole
    if count.get("unit"):
        return False
    opens = before is None or first in view.breaks or first in view.commas or before in rules.breaks \
        or before in rules.report_openers
    return opens and not _after_speech(view, first, rules)


_BARE_WORDS = 8  # a sentence this short says nothing of its count but the number ("They say 4,000.")


def _bare(count: dict, view: ClaimWords, first: int, after: int, rules: QuantityRules,
          numbers: frozenset[int] = frozenset()) -> bool:
    """A count with no noun of its own in a short claim that names no noun class and no event, and
    neither a part nor an addition: what it counts was said in the sentence before. The claim's
    counts (``numbers``, their words, when it has several) are not counted in its length: '"First
    they told us twelve, then twenty, now twenty-seven," she said.' says nothing but numbers."""
    return not count.get("unit") and (count.get("kind") or "count") == "count" \
        and len(view.words) - len(numbers) <= _BARE_WORDS \
        and not view.nouns \
        and not view.events and not is_part(view, first, after, rules) and not is_addition(view, first, after, rules)


def _subgroup(count: dict, view: ClaimWords, first: int, after: int, rules: QuantityRules) -> Optional[str]:
    """The group of people a count counts within a whole figure, when it says so: a part whose
    noun names a kind of people ("eight of its employees were among the dead", "two of them
    children"), a count right after one of ``subgroup_words`` ("among them 11 children", "the
    27 confirmed dead include the nine mine employees"), or a part of a fronted partitive that is
    such people ("Of the 34, nine were employees"). Nouns of people only (``plain_people`` left
    out): the dead employees are a figure of their own, not the toll."""
    unit = _fold_word(count.get("unit") or "").split()
    head = unit[-1] if unit else None
    if head is None and _after_fronted_part(view, first, rules) and after + 1 < len(view.words) \
            and view.words[after] in rules.auxiliaries:
        head = view.words[after + 1]  # "Of the 34, nine were employees or contract workers of the mine"
    elif head in rules.generic:
        if not (is_part(view, first, after, rules) or _follows_any(view, first, rules.subgroups)
                or _listed_after_subgroup(view, first, rules)):
            return None
    elif is_part(view, first, after, rules):
        head = _predicate_noun(view, after, rules)  # "Five of the 15 dead were children"
    else:
        return None
    if head not in rules.generic or head in rules.plain_people:
        return None
    return head + _aged(view, view.words.index(head, first) if head in view.words[first:] else -1, rules)


def _listed_after_subgroup(view: ClaimWords, first: int, rules: QuantityRules) -> bool:
    """The count is an item of a list that one of ``subgroup_words`` opens in its clause, no verb
    between ("The six people in custody include two stewards, a club ticketing officer and three
    men": the three men are a group of those held, as the two stewards are)."""
    for k in range(first - 1, max(-1, first - rules.window), -1):
        if k + 1 in view.breaks and view.words[k + 1] not in rules.breaks or view.words[k] in rules.auxiliaries \
                or k in view.events:
            return False
        if any(view.words[k - len(p) + 1:k + 1] == p for p in rules.subgroups if k + 1 >= len(p)):
            return k + 1 < first - 1  # right after it is _follows_any's
    return False


def _predicate_noun(view: ClaimWords, after: int, rules: QuantityRules) -> Optional[str]:
    """The noun a part is said to be: the word right after the first auxiliary within four words
    after it (the whole between), an article allowed: "Five of the 15 dead were children" -> children."""
    at = next((k for k in range(after, min(len(view.words), after + 5)) if view.words[k] in rules.auxiliaries
               and not any(b in view.breaks for b in range(after + 1, k + 1))), None)
    if at is None or at + 1 >= len(view.words):
        return None
    k = at + 1 + (view.words[at + 1] in ("a", "an", "the") and at + 2 < len(view.words))
    return view.words[k]


def _aged(view: ClaimWords, at: int, rules: QuantityRules) -> str:
    """An age the group's noun at word ``at`` is qualified by: one of ``age_words`` right after
    it and a number within five words ("children under the age of 16" -> " under 16"), else ""."""
    if at < 0 or at + 1 >= len(view.words) or view.words[at + 1] not in rules.age_words:
        return ""
    number = next((w for w in view.words[at + 2:at + 7] if w[:1].isdigit()), None)
    return f" {view.words[at + 1]} {number}" if number else ""


def _follows_any(view: ClaimWords, first: int, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Word ``first`` comes right after one of ``phrases``, an article between allowed."""
    before = view.words[max(0, first - 4):first]
    if before and before[-1] in ("the", "a", "an"):
        before = before[:-1]
    return any(tuple(before[-len(p):]) == p for p in phrases if len(p) <= len(before)) \
        and first not in view.breaks


def _listed(view: ClaimWords, end: int, first: int, rules: QuantityRules) -> bool:
    """Only ``list_words`` (and punctuation) stand between the count before (ending at word
    ``end``) and word ``first``: "twelve, then twenty, now twenty-seven" are values of one figure."""
    return end < first and all(w in rules.list_words for w in view.words[end:first]) \
        and not any(k in view.breaks and view.words[k] not in rules.list_words for k in range(end + 1, first + 1))


def _after_speech(view: ClaimWords, first: int, rules: QuantityRules) -> bool:
    """A speech verb right before word ``first``, its hearer between them allowed ("now says
    420,000", "they told us twelve")."""
    before = view.words[max(0, first - 2):first]
    heard = len(before) == 2 and before[0] in rules.speech_after and before[1] in rules.object_pronouns
    return bool(before) and (before[-1] in rules.speech_after or heard)


def _noun_before(view: ClaimWords, first: int) -> Optional[str]:
    """The noun class named last before word ``first`` in the claim: what a value given as a
    change counts when its claim gave no count before it ("The agency's toll climbed through
    the day as excavators reached the debris, rising to 27")."""
    return next((view.nouns[k] for k in range(first - 1, -1, -1) if k in view.nouns), None)


def follows_phrase(before: Sequence[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """The words ``before`` end with one of ``phrases``, each word of the phrase matching as
    written or as a form of it (``verb_forms``: "rise to" matches "rising to", "rises to")."""
    memo = _follows_memo(phrases)
    key = tuple(before)
    found = memo.get(key)
    if found is None:  # the same few words stand before counts again and again
        found = memo[key] = any(len(p) <= len(key) and all(w in verb_forms(b) for w, b in zip(p, key[-len(p):]))
                                for p in phrases)
    return found


_FOLLOWS: dict[int, tuple[tuple[tuple[str, ...], ...], dict[tuple[str, ...], bool]]] = {}


def _follows_memo(phrases: tuple[tuple[str, ...], ...]) -> dict[tuple[str, ...], bool]:
    """``follows_phrase``'s answers for a table, by the words before: found by the table's identity."""
    entry = _FOLLOWS.get(id(phrases))
    if entry is None or entry[0] is not phrases:
        entry = _FOLLOWS[id(phrases)] = (phrases, {})
    return entry[1]


@lru_cache(maxsize=1 << 14)
def verb_forms(word: str) -> frozenset[str]:
    """The word and the base forms it can be an inflection of, by the regular English endings:
    -ing ("rising" -> rise, "dropping" -> drop), -ed ("climbed" -> climb, "raised" -> raise,
    "tallied" -> tally), -s and -es. Irregular forms ("rose", "fell") are data of their own."""
    forms = {word}
    for ending, extra in (("ing", ("", "e")), ("ed", ("", "e")), ("es", ("", "e")), ("s", ("",))):
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) >= 2:
            forms.update(stem + e for e in extra)
            if len(stem) >= 3 and stem[-1] == stem[-2] and ending in ("ing", "ed"):
                forms.add(stem[:-1])  # a doubled consonant: "dropping", "dropped"
    if word.endswith("ied") and len(word) > 4:
        forms.add(word[:-3] + "y")
    return frozenset(forms)


def count_sources(claim: dict, count: dict, rules: QuantityRules) -> tuple[str, ...]:
    """The claim's sources that speak for the count: those named in its part of the sentence,
    parts being split by semicolons and ``source_breaks`` ("The ministry puts the number at
    about 235,000, but the Relief Network estimates that more than 400,000 ..." : the network
    does not speak for 235,000); a source the claim names nowhere (a quotation's speaker) speaks
    for every count."""
    if not claim.get("attribution"):
        return ()
    text, base = claim["text"], claim.get("start") or 0
    cuts = [m.start() for m in _source_break(rules.source_breaks).finditer(text)]
    part = _part_of(_relative(count, text, base)[0], cuts)
    return _distinct(a.get("source") for a in claim.get("attribution") or []
                     if (at := _mention_at(a, text, base)) < 0 or _part_of(at, cuts) == part)


def _subject_source(claim: dict, count: dict, places: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """A claim with no attribution whose first actor is a body or a person named before the
    count, no other count between, gives its figure in its own name ("Human Rights Watch has
    documented 24 killings"): that actor is the count's source, for its status only. A name the
    input takes for a place (``places``) is none ("network volunteers in Memba recorded 22")."""
    if claim.get("attribution"):
        return ()
    text, base = claim["text"], claim.get("start") or 0
    at = _relative(count, text, base)[0]
    mentions = sorted(((m, a) for a in claim.get("actors") or [] if (m := _mention_at(a, text, base)) >= 0),
                      key=lambda found: found[0])  # ties: input order
    if not mentions or mentions[0][1].get("type") not in _SOURCE_TYPES or not mentions[0][0] < at \
            or _fold_word(mentions[0][1].get("name") or "") in places:
        return ()
    earlier = [c for c in claim.get("counts") or [] if _relative(c, text, base)[0] < at]
    return (mentions[0][1]["name"],) if mentions[0][1].get("name") and not earlier else ()


_SOURCE_TYPES = ("ORG", "PERSON", "NORP")
_POSSESSIVE = re.compile(r"([\w-]+)['’]s\s+$")


def _speaker_before(claim: dict, count: dict, view: ClaimWords, rules: QuantityRules) -> tuple[str, ...]:
    """A count right after a speech verb whose subject, right before the verb, is one of
    ``other_speakers`` or ``body_words`` and not the claim's attribution ("They say 4,000" in a
    committee member's quotation, "When the authorities say nineteen", "If the government says
    49"): that subject's figure, not the quoted speaker's; for its status only."""
    first = view.index(*_relative(count, claim["text"], claim.get("start") or 0))[0]
    if not claim.get("attribution") or not _after_speech(view, first, rules):
        return ()  # with no attribution the subject is the claim's own voice already (``_subject_source``)
    verb = first - 1 if view.words[first - 1] in rules.speech_after else first - 2
    if verb < 1 or view.words[verb - 1] not in rules.other_speakers | rules.body_words:
        return ()
    start, end = view.spans[verb - 1]
    base = claim.get("start") or 0
    attributed = any(0 <= (at := _mention_at(a, claim["text"], base)) < end and at + len(a.get("text") or "") > start
                     for a in claim.get("attribution") or [])
    return () if attributed else (view.words[verb - 1],)


def _possessor(claim: dict, count: dict, rules: QuantityRules) -> tuple[str, ...]:
    """The body a count is written as belonging to, right before it in the possessive: a name
    the input found there (an ORG, PERSON or NORP mention ending at the "'s"), else one of
    ``body_words`` ("the ministry's 14", "the government's 49"): the figure is that body's,
    whoever the claim quotes giving it; for its status only."""
    text, base = claim["text"], claim.get("start") or 0
    at = _relative(count, text, base)[0]
    found = _POSSESSIVE.search(text[max(0, at - 80):max(at, 0)])
    if found is None:
        return ()
    end = max(0, at - 80) + found.end(1)
    for a in claim.get("actors") or []:
        if a.get("type") in _SOURCE_TYPES and a.get("name") and _relative(a, text, base)[1] == end:
            return (a["name"],)
    word = _fold_word(found.group(1))
    return (word,) if word in rules.body_words else ()


def _mention_at(mention: dict, text: str, base: int) -> int:
    """Where a mention stands in its claim: its span, else its text found (-1: nowhere)."""
    if mention.get("start") is not None:
        return mention["start"] - base
    return text.find(mention["text"]) if mention.get("text") else -1


@lru_cache(maxsize=4)
def _source_break(words: frozenset[str]) -> re.Pattern:
    """Semicolons and the words of ``source_breaks`` (folded, so matched without case)."""
    return re.compile(";" + "".join(f"|\\b{re.escape(w)}\\b" for w in sorted(words)), re.IGNORECASE)


def _part_of(at: int, cuts: Sequence[int]) -> int:
    return sum(1 for c in cuts if c < at)


def _rated(quantity: Optional[str], doc_id: str, rated: set[tuple[str, str]]) -> Optional[str]:
    """A sum of a topic its document gave before as a rate is that rate, "a month" unsaid
    ("earn 2,300 euros a month", then "closer to 1,600 euros"); ``rated`` learns the rates."""
    if not quantity or not quantity.startswith("money/"):
        return quantity
    if quantity.endswith("/rate"):
        rated.add((doc_id, quantity[:-len("/rate")]))
        return quantity
    return quantity + "/rate" if (doc_id, quantity) in rated else quantity


def _position(claim: dict) -> int:
    number = (claim.get("claim_id") or "").rsplit("#", 1)[-1]
    return int(number) if number.isdigit() else 0


def place_names(claims: Iterable[dict], rules: QuantityRules) -> frozenset[str]:
    """The actor names that the claims type as a place (GPE, LOC, FAC) or write right after a
    place preposition ("In Mai Mahiu") or right before a word of a place's kind ("across the
    Ghannouch delegation", ``place_type_words``) at least as often as not: a place the extractor
    typed as a person is still a place. A compass point alone ("the South", ``vague_places``) names
    no place a figure could be told apart by."""
    votes: Counter = Counter()
    for claim in claims:
        for a in claim.get("actors") or []:
            if a.get("name"):
                at, end = _relative(a, claim["text"], claim.get("start") or 0)
                before = _WORD.findall(claim["text"][:max(at, 0)])[-1:]
                after = _WORD.findall(claim["text"][max(end, 0):])[:1] if end > at else []
                local = bool(before) and _fold_word(before[0]) in rules.place_prepositions \
                    or bool(after) and _fold_word(after[0]) in rules.place_types
                votes[_fold_word(a["name"])] += 1 if a.get("type") in _PLACE_TYPES or local else -1
    return frozenset(name for name, vote in votes.items() if vote >= 0 and name and name not in rules.vague_places)


def _values(count: dict) -> tuple[float, ...]:
    """The values a count names: its low and high (one for an exact figure)."""
    return tuple(dict.fromkeys(v for v in (count.get("low"), count.get("high")) if v is not None))


def _echo(count: dict, values: dict[float, str], rules: QuantityRules) -> Optional[str]:
    """What a bare count restates: the quantity its document last gave its value (of at least
    ``echo_minimum``: small numbers recur by chance; never a vague amount such as "hundreds"),
    both ends for a range ("34 people dead and 19
    missing", then "Of the 34, ..." and "The gap between 19 and 71"); none when the ends differ."""
    named = _values(count)
    if not named or count.get("qualifier") == "approximate" or min(named) < rules.echo_minimum:
        return None
    found = {values.get(v) for v in named}
    return found.pop() if len(found) == 1 else None


def _same_measure(count: dict, view: ClaimWords, done: list[tuple[dict, Optional[str]]],
                  measures: dict[str, str], rules: QuantityRules) -> Optional[str]:
    """What a measure with no topic of its own measures: what a measure in the same unit before
    it in its claim measures ("1.1 million cubic metres of tailings had escaped, around six times
    the 180,000 cubic metres the company gave"), else, when its claim names one of
    ``dimension_words``, what its document last measured in that unit ("The company, which first
    put the volume at 180,000 cubic metres, ..."); one with no unit, what the claim's last measure
    before it measures."""
    unit = _fold_word(count.get("unit") or "")
    if not unit and (count.get("kind") or "") == "measure":
        # a measure with no unit is in the unit of the claim's measure before it ("now says 420,000")
        return next((q for other, q in reversed(done) if q and (other.get("kind") or "") == "measure"), None)
    if not unit:
        return None
    for other, quantity in reversed(done):
        if quantity and _fold_word(other.get("unit") or "") == unit and (other.get("kind") or "") == "measure":
            return quantity
    return measures.get(unit) if any(w in rules.dimensions for w in view.words) else None


class _Memory:
    """What each document said before a claim, for the quantities of its counts: its last
    quantity ("the number had fallen to 21"), how often it reported each ("We said 17 ..."),
    its claim before ("the same with the evacuation. They say 4,000.") and the sums it gave as
    rates ("earn 2,300 euros a month")."""

    def __init__(self, vocabulary: frozenset[str] = frozenset()) -> None:
        self.vocabulary = vocabulary  # the nouns of their own the input counts ("homes", "hamlets")
        self.last_quantity: dict[str, str] = {}
        self.reported: dict[str, tuple[Counter, dict[str, int]]] = {}
        self.last_claim: dict[str, dict] = {}
        self.rated: set[tuple[str, str]] = set()
        self.values: dict[str, dict[float, str]] = {}  # each document's values -> the quantity last given them
        self.measures: dict[str, dict[str, str]] = {}  # each document's units of measure -> what it last measured
        self.before: dict[str, tuple[dict, list[Optional[str]]]] = {}  # each document's last claim of counts
        self.seen = 0

    def quantities(self, claim: dict, rules: QuantityRules, view: ClaimWords,
                   before: Optional[dict]) -> tuple[list[tuple[Optional[str], bool, bool]], bool]:
        """``_quantities`` of the claim with the document's memory, learning from it; a count a
        span of time just past belongs to gets ``/new`` (``_flow_counts``)."""
        doc = claim["doc_id"]
        seen, last_seen = self.reported.setdefault(doc, (Counter(), {}))
        values = self.values.setdefault(doc, {})
        measures = self.measures.setdefault(doc, {})
        quantities, contrast = _quantities(claim, rules, view, self.last_quantity.get(doc),
                                           _said_before(before, claim, rules, _main_quantity(seen, last_seen)),
                                           lambda count: _echo(count, values, rules),
                                           lambda count, v, done: _same_measure(count, v, done, measures, rules),
                                           self.vocabulary,
                                           _parallel(before, claim, self.before.get(doc), rules, self.vocabulary))
        self.before[doc] = (claim, [q for q, _, _ in quantities])
        quantities = [(_rated(q, doc, self.rated), f, e) for q, f, e in quantities]
        for count, (quantity, _, _) in zip(claim.get("counts") or [], quantities):
            if quantity:
                self.last_quantity[doc] = quantity
                seen[quantity] += 1
                last_seen[quantity], self.seen = self.seen, self.seen + 1
                for value in _values(count):
                    values[value] = quantity
                if (count.get("kind") or "count") == "measure" and count.get("unit"):
                    measures[_fold_word(count["unit"])] = quantity
        flows = _flow_counts(claim, rules) if rules.flow_period_words else frozenset()
        return [(q + "/new" if n in flows and q and not q.endswith("/new") and not q.startswith(_KINDS) else q, f, e)
                for n, (q, f, e) in enumerate(quantities)], contrast


def counted_nouns(claims: Iterable[dict], rules: QuantityRules) -> frozenset[str]:
    """The head words of the units the input counts that are nouns of their own (not in
    ``nouns``, not generic: "homes", "hamlets", "camps"): a count with no noun takes the nearest
    of them when no noun class stands near it ("its count of destroyed homes to 163")."""
    heads = set()
    for claim in claims:
        for count in claim.get("counts") or []:
            words = _fold_word(count.get("unit") or "").split()
            if words and (count.get("kind") or "count") == "count" and words[-1] not in rules.generic \
                    and words[-1].isalpha() and rules.noun_of(words[-1]) is None:
                heads.add(words[-1])
    return frozenset(heads)


def reports_of(claims: Sequence[dict], rules: QuantityRules, *, known: Optional[frozenset[str]] = None,
               top: Optional[dict[str, tuple[str, ...]]] = None) -> list[Report]:
    """Every count of every claim as a Report, in input order. A report's period is the day a
    daily figure names (turnout "on Monday"), else a date of the past the claim names, else the
    article's date. ``known`` and ``top`` (``place_names``, each document's most-mentioned
    place) are found when not given."""
    out: list[Report] = []
    last_place: dict[str, frozenset[str]] = {}  # each document's place named last: "there", "the area"
    memory = _Memory(counted_nouns(claims, rules))
    known = known if known is not None else place_names(claims, rules)
    regional = _regional_bodies(rules)  # "the provincial government" resolved to a place: a body
    for claim in claims:
        said_before, memory.last_claim[claim["doc_id"]] = memory.last_claim.get(claim["doc_id"]), claim
        if not claim.get("counts"):
            _note_places(claim, last_place, known, rules.place_types)
            continue
        doc_date = _first_day(claim.get("doc_date"))
        dates = _count_dates(claim)
        actors = _distinct(a.get("name") for a in claim.get("actors") or [])
        view = _unnamed_events(ClaimWords.of(claim["text"], rules), claim)
        quantities, contrast = memory.quantities(claim, rules, view, said_before)
        position = _position(claim)
        places = _claim_places(claim, view, known - _possessive_countries(claim, rules.countries), rules.place_types,
                               frozenset(k for k, _ in rules.region), regional)
        earlier = last_place.get(claim["doc_id"], frozenset())
        disputed, mine = _has_phrase(view.words, rules.dispute_words), len(out)  # this claim's reports: out[mine:]
        if places:
            last_place[claim["doc_id"]] = frozenset(p for _, p in places[:1])
        for count, (quantity, after_from, superseded), own in zip(claim["counts"], quantities, dates):
            sources = count_sources(claim, count, rules)
            end = _relative(count, claim["text"], claim.get("start") or 0)[1]
            history, day = _history(claim, own, doc_date, rules, end), _day_named(own)
            marks = _marks(count, claim, view, places, earlier, rules, quantity)
            daily = quantity is not None and quantity.rsplit("/", 1)[-1] in rules.daily
            period = (day if daily else None) or history or doc_date
            if disputed and not own:  # "a toll of 56 dead in December 2024 was disputed by groups who estimated 135"
                period = next((r.period for r in reversed(out[mine:]) if r.quantity == quantity and quantity), period)
            # the day the figure was given, for its status: "On Sunday the regional government had put
            # the toll at 12" in Wednesday's article is Sunday's figure, not a dispute with Tuesday's 27
            said = _said_on(claim, view, count, own, doc_date, rules, end, superseded) if not daily else None
            out.append(Report(
                len(out), claim["doc_id"], claim["claim_id"], doc_date, claim["text"], count["text"],
                count.get("start"), count.get("end"), count.get("low"), count.get("high"),
                count.get("qualifier") or "exact", _kind(count, quantity), count.get("unit"),
                quantity, period, sources, actors, daily, position, after_from, contrast, marks,
                () if sources else _subject_source(claim, count, known), said,
                _counts_a_part(count, view, claim, rules),
                _possessor(claim, count, rules) or _speaker_before(claim, count, view, rules), disputed))
    return settle_places(out, claims, rules, known, top)


def _unnamed_events(view: ClaimWords, claim: dict) -> ClaimWords:
    """The claim's words with no event inside a capitalised name of two words or more: "Two
    supporters interviewed at Chamboli General Hospital" names a hospital, nobody taken to one."""
    if not view.events:
        return view
    named = set()
    for a in claim.get("actors") or []:
        if len((a.get("text") or "").split()) < 2 or a.get("start") is None or a.get("end") is None:
            continue
        lo, hi = view.index(*_relative(a, claim["text"], claim.get("start") or 0))
        named.update(k for k in range(lo, hi) if k in view.events and claim["text"][view.spans[k][0]:][:1].isupper())
    return view if not named else replace(view, events={k: e for k, e in view.events.items() if k not in named})


def _kind(count: dict, quantity: Optional[str]) -> str:
    """The count's kind; a bare number that counts what a sum or a measure before it counts
    ("1.3 million cubic metres ..., up from 1.1 million") is of that sum's or measure's kind."""
    kind = count.get("kind") or "count"
    if kind == "count" and quantity and quantity.startswith(_KINDS):
        return quantity.partition("/")[0]
    return kind


def settle_places(reports: list[Report], claims: Sequence[dict], rules: QuantityRules,
                  known: Optional[frozenset[str]] = None,
                  top: Optional[dict[str, tuple[str, ...]]] = None) -> list[Report]:
    """The document-level context of places: a count whose clause names no place is about the
    place of the last count of its quantity before it in its document that has one ("Families
    in Mai Mahiu say 88 ..." and then a quote with "49" and "88"), else, when its claim or the one
    before it gave a figure of the nation, about the nation. A figure of the document's own region
    ("the provincial death toll") is about its most-mentioned place."""
    last: dict[tuple[str, Optional[str]], tuple[frozenset[str], frozenset[str]]] = {}  # places, causes
    national: dict[str, int] = {}  # each document's last claim that gave a figure of the nation
    local: dict[str, int] = {}  # and its last claim that gave a figure of a place below the country
    known = known if known is not None else place_names(claims, rules)
    if top is None:
        top = document_places(claims, top=1, known=known, types=rules.place_types)
    regions: dict[tuple[str, str], tuple[str, ...]] = {}
    by_doc: dict[str, list[dict]] = {}
    for claim in claims if any(p.startswith(REGION) for r in reports for p in r.marks.places) else ():
        by_doc.setdefault(claim["doc_id"], []).append(claim)
    out = []
    for r in reports:
        places = r.marks.places
        region = next((p[len(REGION):] for p in places if p.startswith(REGION)), None)
        if region is not None:
            if (r.doc_id, region) not in regions:
                regions[(r.doc_id, region)] = region_of(by_doc[r.doc_id], r.doc_id, region, known,
                                                        rules.place_types)
            places = frozenset(regions[(r.doc_id, region)] or top.get(r.doc_id, ()))
        places = places or _inherited(last.get((r.doc_id, r.quantity)), r.marks.causes)
        told = national.get(r.doc_id, -2)
        if not places and told >= r.position - 1 and local.get(r.doc_id) != told:
            places = frozenset((NATIONAL,))  # "... the national death toll to 229. ... at least 75 missing"
        if NATIONAL in places:
            national[r.doc_id] = r.position
        if places - rules.countries - {NATIONAL}:
            local[r.doc_id] = r.position
        if places:
            last[(r.doc_id, r.quantity)] = (places, r.marks.causes)
        out.append(r if places == r.marks.places else replace(r, marks=replace(r.marks, places=places)))
    return out


def _inherited(last: Optional[tuple[frozenset[str], frozenset[str]]], causes: frozenset[str]) -> frozenset[str]:
    """The places of the last report of a quantity, for a count whose clause names none, unless
    their causes differ: a flood's toll is not about where the outbreak's toll before it was."""
    return last[0] if last and _share_or_none(last[1], causes) else frozenset()


def region_of(claims: Sequence[dict], doc_id: str, kind: str, known: frozenset[str],
              types: frozenset[str]) -> tuple[str, ...]:
    """The first place the document names with ``kind``'s word ("Nampula province" for "the
    provincial toll"), as its key; none when it names none."""
    for claim in claims:
        if claim["doc_id"] != doc_id:
            continue
        for a in claim.get("actors") or []:
            name = _fold_word(a.get("name") or "")
            if name in known and name.split()[-1:] == [kind]:
                return (place_key(name, types),)
    return ()


def _note_places(claim: dict, last_place: dict[str, frozenset[str]], known: frozenset[str],
                 types: frozenset[str] = frozenset()) -> None:
    first = next((place_key(_fold_word(a["name"]), types) for a in claim.get("actors") or []
                  if a.get("name") and _fold_word(a["name"]) in known), None)
    if first:
        last_place[claim["doc_id"]] = frozenset((first,))


def place_key(name: str, types: frozenset[str]) -> str:
    """A folded place name without a trailing word of its kind ("nampula province" -> "nampula"),
    so a place named with and without it is one place."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1] in types else name


def _possessive_countries(claim: dict, countries: frozenset[str]) -> frozenset[str]:
    """The countries a claim writes in the possessive ("a farming village in Peru's central
    Andes", "Nigeria's southwestern Oyo State"): the setting of the place they qualify, not a
    place the figure is of; the nation's figure is said otherwise ("across Indonesia", "in Kenya")."""
    text, base = claim["text"], claim.get("start") or 0
    return frozenset(n for a in claim.get("actors") or [] if (n := _fold_word(a.get("name") or "")) in countries
                     and text[max(0, _relative(a, text, base)[1]):][:2] in ("'s", "’s"))


def _claim_places(claim: dict, view: ClaimWords, known: frozenset[str],
                  types: frozenset[str] = frozenset(), regions: frozenset[str] = frozenset(),
                  bodies: tuple[frozenset[str], frozenset[str]] = ()) -> list[tuple[int, str]]:
    """The claim's places (actors named in ``known``) as (word index, folded name), in text order.
    A region's description the input resolved to a name ("the province" as "Memba district") is
    left to the region rule: a wrong antecedent would move the figure to another place; a regional
    body's description resolved to a place ("the provincial government" as "Cebu") is who gives
    the figure, no place of it ("the government" as the country stays the nation)."""
    found = []
    for a in claim.get("actors") or []:
        if not a.get("name") or _fold_word(a["name"]) not in known or _described(a, regions, bodies):
            continue
        at = _relative(a, claim["text"], claim.get("start") or 0)[0]
        if at >= 0:
            found.append((view.index(at, at + 1)[0], place_key(_fold_word(a["name"]), types)))
    return sorted(found)


def _described(actor: dict, regions: frozenset[str], bodies: tuple[frozenset[str], frozenset[str]] = ()) -> bool:
    """The mention is a description of a region ("the province") or of a regional body ("the
    provincial government": a word of ``region_words`` and one of ``body_words``), not the name written."""
    words = _fold_word(actor.get("text") or "").split()
    if len(words) < 2 or words[0] not in _DESCRIPTIONS:
        return False
    return len(words) == 2 and words[1] in regions \
        or bool(bodies) and words[-1] in bodies[1] and any(w in bodies[0] for w in words[1:-1])


def _regional_bodies(rules: QuantityRules) -> tuple[frozenset[str], frozenset[str]]:
    """The one-word ``region_words`` ("provincial", "regional") and the ``body_words``."""
    return frozenset(p[0] for _, rows in rules.region for p in rows if len(p) == 1), rules.body_words


_DESCRIPTIONS = frozenset(("the", "this", "that", "these", "those"))


def _clause_of(view: ClaimWords, first: int, after: int, rules: QuantityRules) -> tuple[int, int]:
    """The words of the count's clause, for its places: clause breaks and ``place_breaks`` end it,
    and so does a comma before a part ("more than 150 miners remained unaccounted for, many of
    them men from Sulawesi": where the part is from), or, for the whole of a fronted partitive
    phrase, the comma that closes it ("Of the 61 dead, 34 were residents of Tawalo")."""
    lo, hi = first, after
    while lo > 0 and lo not in view.breaks and view.words[lo - 1] not in rules.place_breaks \
            and not (lo in view.commas and _closes_relative(view, lo, rules)):
        lo -= 1
    lo = _past_relative_subject(view, lo, first, rules)
    fronted = any(view.words[lo:lo + len(p)] == p and lo + len(p) <= first for p in rules.partitive)
    while hi < len(view.words) and hi not in view.breaks and view.words[hi] not in rules.place_breaks \
            and not (hi in view.commas and (fronted or _opens_part(view, hi, rules))):
        hi += 1
    return lo, hi


def _past_relative_subject(view: ClaimWords, lo: int, first: int, rules: QuantityRules) -> int:
    """Where the count's clause starts when the count is the object of a predicate (its auxiliary
    within three words before the count, only the verb between) whose subject a relative clause
    with no closing comma qualifies (a word of ``place_breaks`` before it in the sentence part):
    the auxiliary
    ("volunteers who visited hospitals and homes in Chamboli and Wusakile had counted 21 deaths":
    where the volunteers went is not where the dead died); else ``lo``."""
    aux = next((k for k in range(first - 1, max(lo, first - 4) - 1, -1) if view.words[k] in rules.auxiliaries), None)
    if aux is None or aux + 1 >= first or any(w in _STOP for w in view.words[aux + 1:first]):
        return lo  # no verb the count is the object of: "The number of people who died in Kitwe has risen to 14"
    for k in range(aux - 1, max(-1, aux - 2 * rules.window), -1):
        if k + 1 in view.breaks and view.words[k + 1] not in rules.breaks:
            return lo  # punctuation that ends the sentence part: no relative clause in it
        if view.words[k] in rules.place_breaks:
            return aux
    return lo


def _closes_relative(view: ClaimWords, k: int, rules: QuantityRules) -> bool:
    """The comma before word ``k`` closes a relative clause: a word of ``place_breaks`` stands
    before it with no other comma or punctuation between ("The regional health directorate, which
    keeps its own count from the morgues in Yanahuanca, also reported 27 deaths": the morgues'
    town is not where the dead died)."""
    for j in range(k - 1, -1, -1):
        if view.words[j] in rules.place_breaks:
            return True
        if j in view.commas or j in view.breaks and view.words[j] not in rules.breaks:
            return False
    return False


def _opens_part(view: ClaimWords, k: int, rules: QuantityRules) -> bool:
    """Word ``k`` and a partitive phrase after it: "many of them", "five of whom"."""
    return any(view.words[k + 1:k + 1 + len(p)] == p for p in rules.partitive)


def _has_phrase(words: Sequence[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    firsts = _first_words(phrases)
    if not any(w in firsts for w in words):
        return False  # the common case, found without joining the words
    joined = f" {' '.join(words)} "
    return any(f" {' '.join(p)} " in joined for p in phrases)


_FIRSTS: dict[int, tuple[tuple[tuple[str, ...], ...], frozenset[str]]] = {}


def _first_words(phrases: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """The words the phrases start with, remembered by the table's identity (as ``_candidates``)."""
    entry = _FIRSTS.get(id(phrases))
    if entry is None or entry[0] is not phrases:
        entry = _FIRSTS[id(phrases)] = (phrases, frozenset(p[0] for p in phrases if p))
    return entry[1]


def _marks(count: dict, claim: dict, view: ClaimWords, places: list[tuple[int, str]],
           earlier: frozenset[str], rules: QuantityRules, quantity: Optional[str] = None) -> Marks:
    """A count's places (those its clause names; the document's last-named place for "there";
    ``NATIONAL`` for "nationally"), its unit's qualifying words and its generic noun."""
    first, after = view.index(*_relative(count, claim["text"], claim.get("start") or 0))
    lo, hi = _clause_of(view, first, after, rules)
    named = frozenset(name for k, name in places if lo <= k < hi)
    clause = view.words[lo:hi]
    if not named and _has_phrase(clause, rules.anaphora):
        named = earlier
    if _national(view, first, after, claim, rules) or _across_country(view, places, lo, hi, rules):
        named = frozenset((NATIONAL,)) | (named & rules.countries)  # "nationally, ..., most of them in Nampula"
    elif not named:
        scope = _unbodied(view, lo, hi, rules)  # "the regional government had put the toll at 12": a body
        kind = next((k for k, phrases in rules.region if _has_phrase(scope, phrases)), None)
        named = frozenset((REGION + kind,)) if kind else named  # the document's region: settle_places
    words = _fold_word(count.get("unit") or "").split()
    mods = frozenset(w for w in words[:-1] if w not in _STOP and w not in rules.generic and not w[0].isdigit())
    mods |= frozenset(w for w in clause if w in rules.state_words)  # "268 cases had been confirmed"
    trades = frozenset()  # "two cleaners" missing are not "two NPC operators" missing: nouns of people by trade
    if words and quantity and quantity.partition("/")[0] != words[-1] and words[-1] not in rules.generic \
            and _is_agent(words[-1]) and rules.noun_of(" ".join(words)) is None:
        trades = frozenset((words[-1],))
    head = words[-1] if words and words[-1] in rules.generic else None
    if not words:  # no noun of its own: the generic noun before it in its clause ("displaced households at 870")
        head = next((w for w in reversed(view.words[max(lo, first - rules.window):first]) if w in rules.generic), None)
    heads = frozenset((head if head in rules.collectives else "people",)) if head else frozenset()
    return Marks(named, mods, heads, _causes(view, first, after, rules), trades)


def _name_words(claim: dict, view: ClaimWords) -> frozenset[int]:
    """The words inside the claim's names of two or more words, places left out: "National" in
    "National Institute for Disaster Risk Management" names a body, not the nation (a one-word
    "Nationally" typed as a person is an extraction slip, not a name)."""
    inside: set[int] = set()
    for a in claim.get("actors") or []:
        if a.get("type") in _PLACE_TYPES or len((a.get("name") or "").split()) < 2:  # a body's name: words of its own
            continue
        if (a.get("start") is None or a.get("end") is None) and not (a.get("text") and a["text"] in claim["text"]):
            continue  # no offsets (hand-labelled claims): the mention's text where it stands
        inside.update(range(*view.index(*_relative(a, claim["text"], claim.get("start") or 0))))
    return frozenset(inside)


def _national(view: ClaimWords, first: int, after: int, claim: dict, rules: QuantityRules) -> bool:
    """One of ``national_words`` in the count's clause (clause breaks only: "and the national toll
    for the outbreak, which began in October, at 128"), outside actor names."""
    lo, hi = first, after
    while lo > 0 and lo not in view.breaks:
        lo -= 1
    while hi < len(view.words) and hi not in view.breaks:
        hi += 1
    if not _has_phrase(view.words[lo:hi], rules.national):
        return False  # the common case: no need to find the names
    names = _name_words(claim, view)
    scope = _unbodied(view, lo, hi, rules)
    return _has_phrase([w if k not in names else "\0" for k, w in enumerate(scope, lo)], rules.national)


def _unbodied(view: ClaimWords, lo: int, hi: int, rules: QuantityRules) -> list[str]:
    """The words [lo, hi) with those that describe a body left out: a word followed within three
    words of its clause, no comma between, by one of ``body_words`` ("the national civil defence institute", "the
    regional health directorate") names who gives the figure, as a capitalised name does, not
    the area the figure is of ("the national death toll" and "the provincial toll" are); so does
    one in the possessive ("according to the provincial government's list")."""
    out = list(view.words[lo:hi])
    if not rules.body_words:
        return out
    for k in range(lo, hi):
        for j in range(k + 1, min(hi, k + 4)):
            if j in view.breaks or j in view.commas:  # "Nationally, the ministry has counted 96"
                break
            if view.words[j].removesuffix("'s") in rules.body_words:
                out[k - lo] = "\0"
                break
    return out


def _across_country(view: ClaimWords, places: list[tuple[int, str]], lo: int, hi: int, rules: QuantityRules) -> bool:
    """A country named in the clause right after one of ``national_prepositions``: "landslides
    had killed 214 people across Indonesia" is the nation's figure, like "across the country"."""
    return any(lo <= k < hi and name in rules.countries and k > 0 and view.words[k - 1] in rules.national_prepositions
               for k, name in places)


def _causes(view: ClaimWords, first: int, after: int, rules: QuantityRules) -> frozenset[str]:
    """The cause classes named in the count's clause, the clause also ending at a speech verb
    ("A cholera outbreak ... has killed at least 41 people, the ministry said, as aid workers
    warned that flooded latrines ...": disease, not weather)."""
    lo, hi = first, after
    while lo > 0 and lo not in view.breaks and view.words[lo - 1] not in rules.speech_after:
        lo -= 1
    while hi < len(view.words) and hi not in view.breaks and view.words[hi] not in rules.speech_after:
        hi += 1
    return frozenset(view.causes[k] for k in range(lo, hi) if k in view.causes)


def document_places(claims: Sequence[dict], *, top: int, known: frozenset[str],
                    types: frozenset[str] = frozenset()) -> dict[str, tuple[str, ...]]:
    """Each document's ``top`` most-mentioned places (actors named in ``known``, the input's
    place names, by the number of claims that name them; ties by first mention)."""
    seen: dict[str, Counter] = {}
    first: dict[tuple[str, str], int] = {}
    for n, claim in enumerate(claims):
        names = _distinct(place_key(_fold_word(a["name"]), types) for a in claim.get("actors") or []
                          if a.get("name") and _fold_word(a["name"]) in known)
        counter = seen.setdefault(claim["doc_id"], Counter())
        for name in names:
            counter[name] += 1
            first.setdefault((claim["doc_id"], name), n)
    return {doc: tuple(sorted(c, key=lambda name: (-c[name], first[(doc, name)]))[:top]) for doc, c in seen.items()}


def setting_aliases(places: dict[str, tuple[str, ...]], rules: QuantityRules) -> dict[str, str]:
    """Places that several articles both name most are one setting: a story's town and the
    district its event happened in ("the city of Gabes", "the plant in Ghannouch"), written
    interchangeably. Two places are one when ``setting_documents`` documents or more have both
    among their ``setting_places`` most-mentioned places below the country; each place maps to
    the first of its setting in alphabetical order."""
    pairs: Counter = Counter()
    for doc in sorted(places):
        top = [p for p in places[doc] if p not in rules.countries][:rules.setting_places]
        pairs.update((a, b) for a in sorted(top) for b in sorted(top) if a < b)
    parent: dict[str, str] = {}

    def root(p: str) -> str:
        while parent.get(p, p) != p:
            p = parent[p]
        return p

    for (a, b), n in sorted(pairs.items()):
        if n >= rules.setting_documents:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {p: root(p) for p in parent}


def merge_settings(reports: list[Report], aliases: dict[str, str]) -> list[Report]:
    """Each report's places with a setting's places written as one (``setting_aliases``)."""
    if not aliases:
        return reports
    out = []
    for r in reports:
        places = frozenset(aliases.get(p, p) for p in r.marks.places)
        out.append(r if places == r.marks.places else replace(r, marks=replace(r.marks, places=places)))
    return out


# -- groups -------------------------------------------------------------------------------------

class _Sets:
    """Union-find over report positions; the smaller position is a set's root. Each set keeps
    the marks of its reports joined, and two sets join only when those agree, so an unmarked
    report never bridges two groups about different places. Places below the country are
    compared document by document: one article's two places are two figures ("142 damaged homes
    in Chott Essalem", "320 across the delegation"); two articles' places clash only when one of
    them does not name the other's place at all. Articles that all name the village, the town
    the injured were taken to and the capital give one event's figures under any of them."""

    def __init__(self, reports: Sequence[Report], countries: frozenset[str],
                 named: Optional[dict[str, frozenset[str]]] = None) -> None:
        self.parent = list(range(len(reports)))
        self.marks = [r.marks for r in reports]
        self.docs = [{r.doc_id: r.marks.places} for r in reports]  # each set's places by document
        named = named or {}
        self.named = [named.get(r.doc_id, frozenset()) for r in reports]  # the places its documents name
        self.countries = countries

    def join(self, i: int, j: int, *, strong: bool) -> None:
        """With ``strong``, only sets that name a place in common, or neither any."""
        a, b = self.find(i), self.find(j)
        if a == b:
            return
        ma, mb = self.marks[a], self.marks[b]
        pa, pb = ma.places, mb.places
        if strong and not (pa & pb or not pa and not pb):
            return
        da, db = self.docs[a], self.docs[b]
        local = not (pa - self.countries <= self.named[b] and pb - self.countries <= self.named[a])
        if ma.agrees(mb, self.countries, local=local) and all(
                _places_agree(da[d], db[d], self.countries) for d in da.keys() & db.keys()):
            low, high = min(a, b), max(a, b)
            self.marks[low] = ma.join(mb)
            merged = dict(da)
            for d, places in db.items():
                merged[d] = merged.get(d, frozenset()) | places
            self.docs[low], self.docs[high] = merged, {}
            self.named[low], self.named[high] = self.named[a] | self.named[b], frozenset()
            self.parent[high] = low

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _blocks(reports: Sequence[Report]) -> dict[tuple, list[Report]]:
    blocks: dict[tuple, list[Report]] = {}
    for r in reports:
        if r.quantity is not None:  # without one, no figure to compare: a group of its own
            blocks.setdefault((r.quantity, r.kind), []).append(r)
    return blocks


class _SharedPlace:
    """Whether two documents share a place or one names none (rule 2's blocking), remembered
    per pair of documents: the reports of a block come from few documents."""

    def __init__(self, places: dict[str, tuple[str, ...]]) -> None:
        self.places = {doc: frozenset(p) for doc, p in places.items()}
        self.known: dict[tuple[str, str], bool] = {}

    def __call__(self, a: str, b: str) -> bool:
        if a == b:
            return True
        found = self.known.get((a, b))
        if found is None:
            pa, pb = self.places.get(a), self.places.get(b)
            found = self.known[(a, b)] = not pa or not pb or bool(pa & pb)
        return found


def _day(r: Report) -> int:
    return r.period.toordinal() if r.period else 0


@lru_cache(maxsize=1 << 14)
def _content_words(name: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(_fold_word(name)) if w not in _STOP)


def same_source(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two lists of sources share one: the same name, or names one of whose words are all
    among the other's, or that share two words ("coast guard" and "Hellenic Coast Guard";
    "interior ministry" and "Ministry of Interior and National Administration")."""
    for x in a:
        for y in b:
            wx, wy = _content_words(x), _content_words(y)
            if wx and wy and (wx <= wy or wy <= wx or len(wx & wy) >= 2):
                return True
    return False


def group_reports(reports: Sequence[Report], places: dict[str, tuple[str, ...]],
                  rules: QuantityRules, named: Optional[dict[str, frozenset[str]]] = None) -> list[list[Report]]:
    """Rules 2 to 4: blocks by quantity, kind and place; within a block, reports whose periods
    lie within the window (the same day for daily figures) join, most recent first, when the
    marks of their groups agree: first those that name a place in common (or neither any),
    then the rest, so that a figure of the nation meets its country before any other."""
    sets = _Sets(reports, rules.countries, named)
    near = _SharedPlace(places)
    chains = [sorted(block, key=lambda r: (_day(r), r.order)) for block in _blocks(reports).values()]
    for strong, chain in ((s, c) for s in (True, False) for c in chains):
        # the reports' fields as lists: this loop meets every pair of a block within the window
        days, docs = [_day(r) for r in chain], [r.doc_id for r in chain]
        daily, orders = [r.daily for r in chain], [r.order for r in chain]
        for k in range(len(chain)):
            day, doc, alone, order = days[k], docs[k], daily[k], orders[k]
            for n in range(k - 1, max(0, k - _MAX_BACK) - 1, -1):
                gap = day - days[n]
                if gap > rules.period_days:
                    break
                if (gap == 0 or not (alone or daily[n])) and (docs[n] == doc or near(docs[n], doc)):
                    sets.join(orders[n], order, strong=strong)
    groups: dict[int, list[Report]] = {}
    for r in reports:
        groups.setdefault(sets.find(r.order), []).append(r)
    return [sorted(g, key=lambda r: (_day(r), r.order)) for _, g in sorted(groups.items())]


# How many earlier reports of a block each report is compared with: bounds the work on a block of
# thousands of reports (a long archive of one quantity and place) while finding every link of a story.
_MAX_BACK = 200


def interval(r: Report, share: float, ceilings: tuple[tuple[str, ...], ...] = ()) -> tuple[float, float]:
    """The values a report allows (rule 5). An upper bound written as an estimate's top ("as
    many as 70", ``ceilings``) allows only values near it: the source puts the figure there."""
    low = r.low if r.low is not None else r.high
    high = r.high if r.high is not None else r.low
    if low is None or high is None:
        return float("-inf"), float("inf")
    if r.qualifier == "approximate" and r.high is None:
        return low * (1 - share), float("inf")  # "dozens", "hundreds": low 24, 200 and no top
    if r.qualifier == "approximate":
        return low * (1 - share), high * (1 + share)
    if r.qualifier in ("more_than", "at_least"):
        return low, float("inf")
    if r.qualifier in ("less_than", "at_most"):
        return (high * (1 - share) if _starts_with_any(r.text, ceilings) else 0.0), high
    return low, high


def _interval(r: Report, rules: QuantityRules) -> tuple[float, float]:
    return interval(r, rules.share, rules.estimate_ceilings)


def _starts_with_any(text: str, phrases: tuple[tuple[str, ...], ...]) -> bool:
    words = tuple(_fold_word(w) for w in _WORD.findall(text)[:3])
    return any(words[:len(p)] == p for p in phrases)


def _pair(a: Report, b: Report, rules: QuantityRules) -> Optional[str]:
    """None when both can be true (or are sums in different currencies); else 'update' or
    'conflict' (rule 6)."""
    (la, ha), (lb, hb) = _interval(a, rules), _interval(b, rules)
    if max(la, lb) <= min(ha, hb) or _currency(a) != _currency(b):
        return None
    if _changed_from(a, b) or _changed_from(b, a):
        return "update"  # an earlier value the article gives as such
    if a.disputed and a.claim_id == b.claim_id:
        return "conflict"  # "an official toll of 56 dead ... was disputed by rights groups, who estimated 135"
    if a.voices and b.voices and same_source(a.voices, b.voices):
        return "update"  # one source revising
    if a.doc_id == b.doc_id and (a.partial and _top(a) < _top(b) or b.partial and _top(b) < _top(a)):
        return "update"  # a smaller number with no noun counts a part of a figure its article gave
    if a.doc_id == b.doc_id and not a.voices and not b.voices:
        # one article's two figures that nobody is named for are not a dispute ('51.3% against
        # her 46.9%'): they count different things, or a change
        return "update"
    if abs(_said_day(a) - _said_day(b)) <= rules.conflict_days:
        return "conflict"
    return "conflict" if _fell(a, b, rules) or _fell(b, a, rules) else "update"


def _fell(a: Report, b: Report, rules: QuantityRules) -> bool:
    """``b``, given later than ``a`` by another source, is below it, and the figure only grows
    (a class of ``cumulative_classes``, or a group within one, never what is new in a period): a
    toll does not fall, so "21 deaths, six of them children" on Monday and "Five of the 15 dead
    were children" on Wednesday dispute each other; a rise is a change over time."""
    classes = (a.quantity or "").split("/")
    if classes[0] not in rules.cumulative or set(classes[1:]) & _FLOWS:
        return False
    return _said_day(a) < _said_day(b) and _top(b) < (a.low if a.low is not None else _top(a))


_FLOWS = frozenset(("new", "expected", "former", "remaining", "rate"))


def _top(r: Report) -> float:
    return r.high if r.high is not None else (r.low if r.low is not None else float("inf"))


def _said_day(r: Report) -> int:
    """The day a figure was given: its own earlier day ("On Sunday ... had put the toll at 12"),
    else its period's."""
    return r.said_on.toordinal() if r.said_on and (r.period is None or r.said_on < r.period) else _day(r)


def _changed_from(a: Report, b: Report) -> bool:
    """``b`` follows one of from_words and ``a`` is a figure its article gave before it: its earlier
    or later value ("41, up from 39"; "the toll has risen to 58", not a later "at least 80")."""
    return b.after_from and a.doc_id == b.doc_id and a.order < b.order


def _currency(r: Report) -> Optional[str]:
    return fold(r.unit or "") if r.kind == "money" else None


def _has_conflict(group: Sequence[Report], rules: QuantityRules) -> bool:
    """Any two reports whose periods lie within ``conflict_days`` of each other that conflict.
    Only such pairs are compared, so a long chain of updates costs time linear in its length."""
    ordered = sorted(group, key=lambda r: (_day(r), r.order))
    days = [_day(r) for r in ordered]
    # a figure that only grows is compared over the whole window: a later lower one disputes it
    grows = (group[0].quantity or "").partition("/")[0] in rules.cumulative
    reach = rules.period_days if grows else rules.conflict_days
    for i, a in enumerate(ordered):
        for j in range(i + 1, min(len(ordered), i + 1 + _MAX_BACK)):
            if days[j] - days[i] > reach:
                break
            if _pair(a, ordered[j], rules) == "conflict":
                return True
    return False


def status_of(group: Sequence[Report], rules: QuantityRules) -> str:
    if len(group) == 1:
        return "single"
    by_currency: dict[Optional[str], list[tuple[float, float]]] = {}
    for r in group:
        by_currency.setdefault(_currency(r), []).append(_interval(r, rules))
    if all(max(lo for lo, _ in b) <= min(hi for _, hi in b) for b in by_currency.values()):
        return "agree"  # intervals on a line overlap pairwise exactly when they share a point
    # Some two cannot both be true: a conflict if a pair is one, else a figure that changed.
    return "conflict" if _has_conflict(group, rules) else "update"


def _unit(group: Sequence[Report]) -> Optional[str]:
    units = Counter(r.unit for r in group if r.unit)
    first: dict[str, int] = {}
    for r in group:
        if r.unit:
            first.setdefault(r.unit, r.order)  # its first report in period order
    return max(units, key=lambda u: (units[u], -first[u])) if units else None


def _period(group: Sequence[Report]) -> Optional[str]:
    days = sorted({r.period for r in group if r.period})
    if not days:
        return None
    return days[0].isoformat() if days[0] == days[-1] else f"{days[0].isoformat()}/{days[-1].isoformat()}"


def figure_groups(claims: Sequence[dict], *, rules: Optional[QuantityRules] = None) -> list[dict]:
    """The figure-group records of claims records (docs/figure-groups.md), in order."""
    rules = rules or default_rules()
    known = place_names(claims, rules)
    places = document_places(claims, top=max(rules.places, 1), known=known, types=rules.place_types)
    reports = reports_of(claims, rules, known=known, top={doc: p[:1] for doc, p in places.items()})
    aliases = setting_aliases(places, rules)
    reports = merge_settings(reports, aliases)
    named = {doc: frozenset(aliases.get(n, n) for n in p) for doc, p in places.items()}
    groups = group_reports(reports, {doc: p[:rules.places] for doc, p in places.items()}, rules, named)
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


def value_text(report: dict, unit: Optional[str] = None) -> str:
    """A report's value in words, with the group's unit when it has one: "more than 120 people",
    "about 3,000", "between 302 and 600 detainees", "3,700,000,000 KES"."""
    low, high, qualifier = report.get("low"), report.get("high"), report.get("qualifier") or "exact"
    if qualifier == "range":
        value = f"between {_number(low)} and {_number(high)}"
    elif qualifier in ("less_than", "at_most"):
        value = f"{_QUALIFIER_WORDS[qualifier]} {_number(high if high is not None else low)}"
    else:
        word = _QUALIFIER_WORDS.get(qualifier)
        value = f"{word} {_number(low)}" if word else _number(low if low is not None else high)
    return f"{value} {unit}" if unit else value


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
            lines.append(f"  {value_text(r, g['unit']):<32} {sources:<32} {r['doc_id']} ({r['doc_date'] or 'undated'})")
    return lines
