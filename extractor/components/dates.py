"""Dates (claims-spec 5): calendar expressions with TIMEX3 values against the article date.

Candidates come from rule patterns (``models/en/date_patterns.json``, with the month and
weekday words of ``calendar.json``) and the model's DATE entities; the longest first, each is
resolved by :func:`extractor.normalize.timex.resolve` with the tense of the verb it modifies and
the year of the surrounding narrative, unless one of :data:`FILTERS` drops it (a count that
looks like a year, a date inside a name, a duration). Each drop is written to
``span._.decisions``.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable, Iterator, Optional

try:  # the parser of the re module, to read which words a date pattern cannot match without
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # Python < 3.11
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..normalize import timex
from ..normalize.timex import resolve
from ..packs import Calendar, Pack
from . import extensions  # noqa: F401
from .base import DEFAULT_CONFIG, Stage, default_pack
from .extensions import doc_text, ents_of_label, scratch

# Any date will do: it tells a relative expression (resolves against some date) from a non-date.
_PROBE_DATE = dt.date(2000, 6, 15)
_PROBE_YEAR = 2000
_YEAR_TOKEN = re.compile(r"^(1[89]|20)\d{2}$")
_STATED_YEAR = re.compile(r"\b(1[5-9]|20)\d{2}\b")
_NAME_DEPS = ("nummod", "compound", "nmod", "appos")
# How far up the parse (and back in the text) a future marker still governs the date.
_FUTURE_REACH = 6
# How many claims back a named date still anchors "the day before", "a week later".
CONTEXT_CLAIMS = 2


@dataclass(frozen=True, eq=False)
class DateStageRules:
    """The dates rules of one pack, compiled once (hashed by identity: a cache key)."""
    patterns: tuple[re.Pattern, ...]
    # Per pattern: words one of which every match contains (lower-case for a case-insensitive
    # pattern), or None; a text with none of them is not scanned by that pattern at all.
    required: tuple[Optional[frozenset[str]], ...]
    future_markers: frozenset[str]
    future_present_forms: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_window_words: frozenset[str]
    year_prepositions: frozenset[str]
    count_approximators: frozenset[str]
    frequency_words: frozenset[str]
    postponing_verbs: frozenset[str]
    postponing_prepositions: frozenset[str]
    postponing_origins: frozenset[str]
    past_gerund_openers: frozenset[str]
    name_entities: frozenset[str]
    calendar_names: frozenset[str]
    needs_context_year: re.Pattern
    timex: timex.TimexRules
    future_until_words: frozenset[str]
    future_noun_modifiers: frozenset[str]
    request_verbs: frozenset[str]
    future_participles: frozenset[str]
    future_conditionals: frozenset[str]
    past_when_negated: frozenset[str]
    dateline: re.Pattern
    year_range_keep_words: frozenset[str]
    ago_bounds: tuple[str, ...] = ()
    rolling_year_followers: frozenset[str] = frozenset()
    fiscal_mention: re.Pattern = re.compile("(?!)")
    calendar_subjects: frozenset[str] = frozenset()
    forecast_subjects: frozenset[str] = frozenset()
    nowadays_heads: frozenset[str] = frozenset()
    unit_span_verbs: frozenset[str] = frozenset()
    designation_verbs: frozenset[str] = frozenset()
    designation_nouns: frozenset[str] = frozenset()
    future_passives: frozenset[str] = frozenset()
    period_end_participles: frozenset[str] = frozenset()
    future_catenatives: frozenset[str] = frozenset()
    fiscal_end: re.Pattern = re.compile("(?!)")
    present_non_events: frozenset[str] = frozenset()
    decision_verbs: frozenset[str] = frozenset()
    now_words: frozenset[str] = frozenset()
    past_only_prepositions: frozenset[str] = frozenset()


def calendar_macros(calendar: Calendar) -> dict[str, str]:
    """The MONTH and WEEKDAY macros of the patterns, from the calendar: full names, and
    abbreviations only with their full stop ("Mar" and "Jan" alone are words and names);
    MONTH_BARE is the abbreviations without it, for a pattern that wants a day number after
    them (wire style: "Nov 14")."""
    dotted = [a for m in calendar.months for a in sorted((a for a in m.abbreviations if a.endswith(".")),
                                                         key=len, reverse=True)]
    bare = [a for m in calendar.months for a in sorted((a for a in m.abbreviations if not a.endswith(".")),
                                                       key=len, reverse=True)]

    def bounded(words: list[str]) -> str:
        return r"(?<![A-Za-z])(?:" + "|".join(re.escape(w) for w in words) + r")(?![A-Za-z])"
    holidays = sorted(calendar.holidays, key=len, reverse=True)
    return {"MONTH": bounded([m.name for m in calendar.months] + dotted), "WEEKDAY": bounded(calendar.weekdays),
            "MONTH_BARE": bounded(bare or [m.name for m in calendar.months]),
            "HOLIDAY": bounded(holidays) if holidays else "(?!)"}


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for _ in range(3):  # macros may name macros
        for key, value in macros.items():
            pattern = pattern.replace("{" + key + "}", value)
    return pattern


def compile_rules(pack: Pack) -> DateStageRules:
    """The stage's rules from a pack's ``date_patterns.json`` and ``calendar.json``."""
    data, calendar = pack.dates, pack.calendar
    macros = {**calendar_macros(calendar), **data.macros}
    # Every date expression starts at a word boundary; saying so first lets the regex engine
    # reject most positions before trying each pattern's optional modifiers.
    patterns = tuple(re.compile(r"\b(?:" + _expand(row.regex, macros) + ")", 0 if row.case_sensitive else re.I)
                     for row in data.patterns)
    names = [m.name for m in calendar.months] + list(calendar.weekdays)
    return DateStageRules(
        patterns=patterns, required=tuple(_required_words(p) for p in patterns),
        future_markers=frozenset(data.future_markers),
        future_present_forms=frozenset(data.future_present_forms),
        future_auxiliaries=frozenset(data.future_auxiliaries),
        future_window_words=frozenset(data.future_window_words),
        year_prepositions=frozenset(data.year_prepositions),
        count_approximators=frozenset(data.count_approximators),
        frequency_words=frozenset(data.frequency_words),
        postponing_verbs=frozenset(data.postponing_verbs),
        postponing_prepositions=frozenset(data.postponing_prepositions),
        postponing_origins=frozenset(data.postponing_origins),
        past_gerund_openers=frozenset(data.past_gerund_openers),
        name_entities=frozenset(data.name_entities),
        calendar_names=frozenset(n.lower() for n in names),
        needs_context_year=re.compile(data.needs_context_year, re.I),
        timex=timex.build_rules(calendar),
        future_until_words=frozenset(data.future_until_words),
        future_noun_modifiers=frozenset(data.future_noun_modifiers),
        request_verbs=frozenset(data.request_verbs),
        future_participles=frozenset(data.future_participles),
        future_conditionals=frozenset(data.future_conditionals),
        past_when_negated=frozenset(data.past_when_negated),
        dateline=re.compile(_expand(data.dateline, macros)),
        year_range_keep_words=frozenset(data.year_range_keep_words),
        ago_bounds=tuple(data.ago_bounds),
        rolling_year_followers=frozenset(data.rolling_year_followers),
        fiscal_mention=re.compile(data.fiscal_mention, re.I),
        calendar_subjects=frozenset(data.calendar_subjects),
        forecast_subjects=frozenset(data.forecast_subjects),
        nowadays_heads=frozenset(data.nowadays_heads),
        unit_span_verbs=frozenset(data.unit_span_verbs),
        designation_verbs=frozenset(data.designation_verbs),
        designation_nouns=frozenset(data.designation_nouns),
        future_passives=frozenset(data.future_passives),
        period_end_participles=frozenset(data.period_end_participles),
        future_catenatives=frozenset(data.future_catenatives),
        fiscal_end=re.compile(_expand(data.fiscal_end, macros), re.I),
        present_non_events=frozenset(data.present_non_events), decision_verbs=frozenset(data.decision_verbs),
        now_words=frozenset(data.now_words), past_only_prepositions=frozenset(data.past_only_prepositions),
    )


def _sequence_words(items) -> Optional[frozenset[str]]:
    """Words one of which any match of a parsed regex sequence contains: the most selective of
    its literal runs and its required groups and alternations; None if it has none."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in list(items) + [(None, None)]:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        found = None
        if op is _sre.SUBPATTERN and not av[1] and not av[2]:
            found = _sequence_words(av[3])
        elif op is _sre.BRANCH:
            branches = [_sequence_words(b) for b in av[1]]
            found = None if any(b is None for b in branches) else frozenset().union(*branches)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            found = _sequence_words(av[2])
        if found is not None:
            options.append(found)
    return max(options, key=lambda o: (min(len(w) for w in o), -len(o)), default=None)


def _required_words(pattern: re.Pattern) -> Optional[frozenset[str]]:
    words = _sequence_words(_sre_parse.parse(pattern.pattern, pattern.flags))
    if words is None or not all(w.isascii() for w in words):
        return None
    return frozenset(w.lower() for w in words) if pattern.flags & re.I else words


def _folded(text: str) -> Optional[str]:
    """``text.lower()`` where it keeps every ASCII letter a case-insensitive regex could match
    in place; None where it may not (a dotless i or long s matches i or s, a dotted capital I
    lowers to two characters)."""
    lower = text.lower()
    return lower if len(lower) == len(text) and "\u0131" not in text and "\u017f" not in text else None


def _may_match(required: Optional[frozenset[str]], pattern: re.Pattern, text: str, lower: Optional[str]) -> bool:
    if required is None:
        return True
    if pattern.flags & re.I:
        return lower is None or any(w in lower for w in required)
    return any(w in text for w in required)


@lru_cache(maxsize=1)
def default_rules() -> DateStageRules:
    """The rules of the bundled pack, for tests and callers without a stage (``is_year``)."""
    return compile_rules(default_pack())


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: Optional[str]
    type: str = "DATE"

    def as_record(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "type": self.type}


# -- tense -----------------------------------------------------------------------------------------

_PRESENT = ("VBZ", "VBP")


def _is_present_be(node: Token) -> bool:
    return node.lemma_ == "be" and node.tag_ in _PRESENT


def _scheduled_copula(node: Token, rules: DateStageRules) -> bool:
    """ "is due in April", "are set for May" (a present copula with a scheduling word), and
    "are to meet in May" (a bare verb under a present "be" with "to")."""
    if _is_present_be(node) and any(c.dep_ in ("acomp", "attr", "xcomp") and c.lower_ in rules.future_markers
                                    for c in node.children):
        return True
    return node.tag_ in ("VB", "VBN") and _is_present_be(node.head) and node.head.i != node.i \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)


def _past_form(verb: Token) -> bool:
    """ "came", "did not come": a verb in the past tense, or with a past "do"."""
    return verb.tag_ == "VBD" or any(c.dep_ == "aux" and c.tag_ == "VBD" and c.lemma_ == "do" for c in verb.children)


def _likely_to(verb: Token, rules: DateStageRules) -> bool:
    """ "stood to lose": a catenative verb with a "to" complement, what is likely to come."""
    return verb.lemma_.lower() in rules.future_catenatives and any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in verb.children)


def _verb_is_future(node: Token, rules: DateStageRules) -> bool:
    """A verb with a future auxiliary, a scheduling verb or form, a bare verb under one, or a
    scheduling copula; never a perfect ("should have been held")."""
    auxiliaries = [c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")]
    if any(a in ("have", "has", "had", "'ve") for a in auxiliaries):
        return False
    negated = any(c.dep_ == "neg" for c in node.children)
    if any(a in rules.future_auxiliaries and not (negated and a in rules.past_when_negated) for a in auxiliaries):
        return True
    if (node.lemma_ in rules.future_markers or node.lower_ in rules.future_markers) \
            and not any(c.dep_ == "prt" for c in node.children):
        return True  # "set for Sunday" schedules; "set up on Thursday" was done
    if node.lower_ in rules.future_present_forms and node.tag_ in _PRESENT:
        return True
    if node.lower_ in rules.future_passives and node.tag_ == "VBN" \
            and any(c.dep_ == "auxpass" and c.tag_ in _PRESENT for c in node.children):
        return True  # "is supposed to carry us through to October"; "was supposed to" may be past
    opened = any(c.dep_ == "mark" and c.lower_ in rules.future_conditionals for c in node.children)
    if opened and (node.tag_ in _PRESENT or node.tag_ == "VBN" and any(
            c.dep_ == "auxpass" and c.tag_ in _PRESENT for c in node.children)):
        return True  # "if the strike runs into March", "if interns are not posted by the end of the month"
    if opened and node.tag_ == "VBD" and node.head.i != node.i and node.head.pos_ in ("VERB", "AUX") \
            and node.head.tag_ != "VBD" and _verb_is_future(node.head, rules):
        return True  # reported speech shifts it back: "would go on unless the company came back by Friday"
    if opened and _past_form(node) and _likely_to(node.head, rules):
        return True  # "stood to lose millions if the vessel did not return before mid-September"
    head = node.head
    if head.i != node.i and (head.lemma_ in rules.future_markers or head.lower_ in rules.future_markers) \
            and (node.tag_ == "VB" or node.dep_ == "xcomp"):
        return True
    if head.i != node.i and head.lemma_.lower() in rules.decision_verbs and node.dep_ == "xcomp" \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        return True  # "voted on Wednesday to join the protest from Monday": what is decided comes after
    return _scheduled_copula(node, rules)


def _finite(verb: Token) -> bool:
    """A verb with a tense of its own ("began", "runs", "has said", "would push"); an
    infinitive or participle ("to reopen", "to be filled", "set for") takes the tense of the
    verb above it."""
    auxiliaries = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if "to" in auxiliaries and verb.tag_ not in ("VBD", "VBZ", "VBP", "MD"):
        return False  # "expected most posts to be filled before Christmas": the passive "be" has no tense
    return verb.tag_ in ("VBD", "VBZ", "VBP", "MD") or bool(auxiliaries)


def _until_present(date_root: Token, verb: Token, rules: DateStageRules) -> bool:
    """ "runs until March", "lasts through June": a present-tense verb with an end point."""
    prep = date_root.head
    progressive = verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in _PRESENT for c in verb.children)
    return (verb.tag_ in _PRESENT or progressive) and prep.lower_ in rules.future_until_words and prep.head.i == verb.i


_BETWEEN_VERB_AND_DATE = ("DET", "NOUN", "PROPN", "PRON", "ADJ", "NUM")


_TIME_OF_DAY_ADVERBS = ("late", "early", "earlier", "later")


def _after_past_verb(doc: Doc, start: int) -> bool:
    """ "said on Wednesday it would ...", "told reporters on Monday that ...": a date right after
    a past-tense verb (and its object) dates that verb, wherever the parser hung it."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "for":
        return False  # "called a strike for Oct. 27": "for" gives the object's date, not the verb's
    if i >= 0 and doc[i].pos_ == "ADP":
        i -= 1
    if i >= 0 and doc[i].pos_ == "ADV" and doc[i].lower_ in _TIME_OF_DAY_ADVERBS:
        i -= 1  # "said late on Thursday it would add flights": the adverb dates the saying too
    for j in range(i, max(i - 3, -1), -1):
        tok = doc[j]
        if tok.tag_ == "VBD":
            return True
        if tok.pos_ not in _BETWEEN_VERB_AND_DATE:
            return False
    return False


def _postponed_to(date_root: Token, rules: DateStageRules) -> bool:
    """ "has been pushed back to March", "was postponed until June": where something is moved
    to lies ahead, whatever the tense of the move."""
    prep = date_root.head
    origin = prep.lower_ in rules.postponing_origins
    if prep.i == date_root.i or not (origin or prep.lower_ in rules.postponing_prepositions):
        return False
    attach = prep.head.head if prep.head.pos_ in ("ADV", "ADP", "PART") else prep.head  # "pushed back to"
    verb = attach
    for _ in range(3):  # "moved its forecast for the first cut to March": the noun's verb
        if verb.pos_ not in ("NOUN", "ADP") or verb.head.i == verb.i:
            break
        verb = verb.head
    if not (verb.pos_ == "VERB" and verb.lemma_.lower() in rules.postponing_verbs):
        return False
    # "moved ... to September from June": the origin counts only beside a destination.
    return not origin or any(c.dep_ == "prep" and c.lower_ in rules.postponing_prepositions for c in attach.children)


def _asks_for(verb: Token, prev: Token, through_noun: bool) -> bool:
    """The date is the time of what a request verb asks for: on its object ("called a strike for
    October 27"), on the thing it invites to ("invited both sides to a meeting on Monday"), or on
    the verb in the present perfect, which cannot take a past day of its own ("have called for
    marches on Thursday")."""
    if through_noun and (prev.dep_ == "dobj" or prev.dep_ == "prep" and prev.lower_ in ("for", "to")):
        return True
    perfect = any(ch.dep_ == "aux" and ch.lower_ in ("have", "has", "'ve") for ch in verb.children)
    return perfect and prev.dep_ == "prep" and prev.lower_ in ("on", "for")


def _verb_decides(node: Token, prev: Token, root: Token, through_noun: bool, rules: DateStageRules) -> Optional[bool]:
    """Whether the verb ``node`` the climb from the date reached (through ``prev``) puts the date
    ahead (True), behind (False), or leaves it to the verbs above (None)."""
    if node.lemma_.lower() in rules.request_verbs and prev.dep_ == "xcomp" and prev.tag_ == "VB" \
            and any(ch.dep_ == "dobj" for ch in node.children) \
            and not any(ch.dep_ == "auxpass" for ch in node.children):
        # "asked donors for $40 million to cover July": what is asked for lies ahead; "was asked to
        # vote on Tuesday" (passive, told afterwards) may be past.
        return True
    if node.lemma_.lower() in rules.request_verbs and _asks_for(node, prev, through_noun):
        return True  # "called a strike for October 27", "invited both sides to a meeting on Monday"
    if through_noun and node.tag_ == "VBN" and node.dep_ == "acl" and prev.dep_ == "prep" and prev.lower_ == "for":
        return None  # "ballots printed for the Nov. 1 vote would have to be reprinted": the clause's tense
    if node.tag_ == "VBN" and node.dep_ == "acl" and not any(ch.dep_ in ("aux", "auxpass") for ch in node.children):
        return _verb_is_future(node, rules)  # "the relief fund set up on Thursday": done, unless scheduled
    if _is_present_be(node) and any(ch.dep_ == "nsubj" and ch.lemma_.lower() in rules.forecast_subjects
                                    for ch in node.children):
        return True  # "Our base case is one cut in the third quarter": a forecast looks ahead
    if _is_present_be(node) and prev.dep_ == "prep" and prev.lower_ == "on" and prev.i > node.i \
            and any(ch.dep_ == "nsubj" and ch.pos_ == "NOUN" for ch in node.children) \
            and not any(ch.dep_ in ("acomp", "attr") for ch in node.children):
        return True  # "the first round is on Nov. 1": a present copula placing a thing on a day schedules it
    if node.tag_ == "VB" and node.dep_ in ("acl", "relcl") and any(
            ch.dep_ == "aux" and ch.lower_ == "to" for ch in node.children):
        return True  # "a contribution of $40 million to cover July and August": a purpose ahead
    if node.tag_ == "VBG" and node.lower_ in rules.future_participles and node.dep_ in ("acl", "advcl"):
        return True  # "called a new five-day stoppage starting on October 27": announced, ahead
    if node.tag_ == "VBG" and node.head.lower_ in rules.past_gerund_openers:
        return False  # "after finding 20 bodies on Thursday": before the verb above
    if _verb_is_future(node, rules) or _until_present(root, node, rules):
        return True
    return False if _finite(node) else None


_SUBORDINATE = ("ccomp", "pcomp", "relcl", "advcl", "csubj")


def _present_under_future(verb: Token, rules: DateStageRules) -> bool:
    """A present-tense verb in a clause under a future one speaks of that future ("we will look
    at what is in the budget on Thursday", "will decide once the data are out on Friday")."""
    if verb.tag_ not in _PRESENT or verb.dep_ not in _SUBORDINATE:
        return False
    node = verb
    for _ in range(3):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return _verb_is_future(node, rules)
    return False


_NOMINAL_DEPS = ("compound", "conj", "npadvmod", "dobj", "oprd", "appos", "attr", "ccomp", "xcomp")


def _designated_day(root: Token, start: int, end: int, rules: DateStageRules) -> bool:
    """ "declared Thursday and Friday days of mourning", "proclaimed Monday a public holiday": the
    day a decision makes a day of something is still to come when the decision is reported."""
    node = root
    for _ in range(3):  # "Friday" of "Thursday and Friday days": Friday -> days -> Thursday -> declared
        if node.dep_ not in _NOMINAL_DEPS or node.head.i == node.i:
            return False
        node = node.head
        if node.pos_ == "VERB":
            break
    if node.pos_ != "VERB" or node.lemma_.lower() not in rules.designation_verbs:
        return False
    verb = node

    def made_day(tok: Token) -> bool:
        if not (tok.lemma_.lower() in rules.designation_nouns and not start <= tok.i < end):
            return False
        while tok.i != verb.i:  # only through nominal links: "declared on Friday that ..." is not one
            if tok.dep_ not in _NOMINAL_DEPS:
                return False
            tok = tok.head
        return True
    return any(made_day(t) for t in verb.subtree)


def _after_past_only_preposition(doc: Doc, start: int, rules: DateStageRules) -> bool:
    """The date at token ``start`` follows one of ``past_only_prepositions``: "the fourth boat to
    reach Indonesia since November" lies back, whatever the tense or how far back."""
    return start > 0 and doc[start - 1].lower_ in rules.past_only_prepositions


def is_future(doc: Doc, start: int, end: int, *, rules: DateStageRules) -> bool:
    """The verb that governs the date is future: "will", "is scheduled to", "is due in",
    "plans to", "runs until". The climb stops at the first verb with a tense of its own ("the
    strike, which began in August, will continue" keeps August in the past); a scheduling
    adjective on the way ("due", "upcoming") decides too."""
    root: Token = doc[start:end].root
    if _after_past_only_preposition(doc, start, rules):
        return False
    if _designated_day(root, start, end, rules):
        return True
    if _after_past_verb(doc, start):
        return False
    if _postponed_to(root, rules):
        return True
    node = prev = root
    through_noun = False  # a noun between the date and the verb: the date is the thing's, not the verb's
    for _ in range(_FUTURE_REACH):
        if node.head.i == node.i:
            break
        through_noun = through_noun or (node.i != root.i and node.pos_ == "NOUN")
        node, prev = node.head, node
        if node.pos_ == "ADJ" and node.lower_ in rules.future_markers:
            return True
        if node.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in rules.future_noun_modifiers
                                       for c in node.children):
            return True  # "until its next meeting in August"
        if node.pos_ in ("VERB", "AUX"):
            decided = _verb_decides(node, prev, root, through_noun, rules)
            if decided is False and _present_under_future(node, rules):
                return True
            if decided is not None:
                return decided
    window = doc[max(start - _FUTURE_REACH, 0):start]
    return any(t.lower_ in rules.future_window_words for t in window) and not any(t.tag_ == "VBD" for t in window)


# -- candidates ---------------------------------------------------------------------------------------

def _doc_candidates(doc: Doc, rules: DateStageRules) -> list[tuple[int, int]]:
    """Character ranges of date-like expressions in the whole document, found once."""
    key = ("date_candidates", id(rules))
    found = scratch(doc).get(key)
    if found is None:
        found = [span for at, part in _paragraphs(doc_text(doc)) for span in _scan(part, at, rules)]
        found += [(e.start_char, e.end_char) for e in ents_of_label(doc, "DATE")]
        # By start, so that a sentence finds its own with a binary search.
        found = sorted(set(found))
        scratch(doc)[key] = found
    return found


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line: a date never runs over a line break, and scanning line by
    line lets a pattern skip every line without its words, so a long document costs per
    character what a short one does."""
    at = 0
    for line in text.split("\n"):
        if line.strip():
            yield at, line
        at += len(line) + 1


def _scan(part: str, at: int, rules: DateStageRules) -> list[tuple[int, int]]:
    lower = _folded(part)
    return [(at + m.start(), at + m.end()) for pattern, required in zip(rules.patterns, rules.required)
            if _may_match(required, pattern, part, lower) for m in pattern.finditer(part) if m.group(0).strip()]


def _candidates(span: Span, rules: DateStageRules) -> list[tuple[int, int]]:
    """Character ranges of date-like expressions inside the sentence, longest first."""
    lo, hi = span.start_char, span.end_char
    found = _doc_candidates(span.doc, rules)
    inside = []
    for s, e in found[bisect_left(found, (lo, -1)):]:
        if s > hi:
            break
        if e <= hi:
            inside.append((s, e))
    return sorted(inside, key=lambda c: (-(c[1] - c[0]), c[0]))


@dataclass
class Candidate:
    """One date-like expression of a sentence, with what the filters need to judge it."""
    start: int
    end: int
    text: str
    tokens: Span
    doc_date: Optional[dt.date]
    context_year: Optional[int]
    rules: DateStageRules
    sentence_year: Optional[int] = None
    context_value: Optional[str] = None
    # Where the claim's dateline ends ("NAIROBI, Nov 14 (Reuters) -"), or -1.
    dateline_end: int = -1
    # The first day the article named, for "the first night".
    story_day: Optional[str] = None
    # Where the sentence's stated year is named: a quarter before it does not take it ("grew in the
    # first quarter, down from 5.0% in the last three months of 2025": the base's year).
    sentence_year_at: int = -1

    @cached_property
    def future(self) -> bool:
        return self.scheduled or present_ahead(self) or year_back(self)

    @cached_property
    def scheduled(self) -> bool:
        """The tense or a word puts the date ahead (:func:`is_future`)."""
        return is_future(self.tokens.doc, self.tokens.start, self.tokens.end, rules=self.rules)

    @cached_property
    def value(self) -> Optional[str]:
        return self.value_after(self.context_value)

    @cached_property
    def narrative_year(self) -> Optional[int]:
        """The narrative's year, except for "later in the year" said in the present or future,
        which is the speaker's year ("We see room for a cut later in the year" after a forecast
        for 2027 is this year)."""
        if self.context_year is None or timex.shape_of(self.text, rules=self.rules.timex) != "within":
            return self.context_year
        verb = next((t for t in self.tokens.root.ancestors if t.pos_ in ("VERB", "AUX") and _finite(t)), None)
        past = verb is not None and (verb.tag_ in ("VBD", "VBN") or any(
            c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children))
        return self.context_year if past or verb is None else None

    def value_as(self, future: bool) -> Optional[str]:
        """The value read in the past (False) or ahead (True), with no context date."""
        return resolve(self.text, self.doc_date, future=future, context_year=self.narrative_year,
                       rules=self.rules.timex, fiscal_start=fiscal_start(self.tokens.doc, self.rules))

    def value_after(self, context_value: Optional[str]) -> Optional[str]:
        """The value counted from ``context_value``, the date named just before this one; a count
        back set against "now" in its sentence counts from the article ("41 per cent a year earlier;
        the figure is now 29 per cent")."""
        if context_value is not None and _against_now(self):
            context_value = None
        unit = _BARE_UNIT.fullmatch(self.text)
        start = self.tokens.start
        if unit and start > 0 and self.tokens.doc[start - 1].lemma_.lower() in self.rules.unit_span_verbs:
            # "began the year short of nurses", "ended the week still arguing": the article's own unit
            return resolve("this " + unit[1].lower(), self.doc_date, rules=self.rules.timex)
        sentence_year = self.sentence_year if self.start > self.sentence_year_at else None

        def valued(future: bool) -> Optional[str]:
            return resolve(self.text, self.doc_date, future=future, context_year=self.narrative_year,
                           rules=self.rules.timex, sentence_year=sentence_year, context_value=context_value,
                           story_day=self.story_day, fiscal_start=fiscal_start(self.tokens.doc, self.rules))
        if self.ends_period:
            return _nearest(valued(False), valued(True), self.doc_date)
        return _now_if_ahead(self, valued(self.future), context_value)

    @cached_property
    def ends_period(self) -> bool:
        """ "the fiscal year ending June 30": the date is a period's end, before or after the article."""
        head = self.tokens.root.head
        return head.lower_ in self.rules.period_end_participles and head.dep_ == "acl" and head.head.pos_ == "NOUN"


# How far back (days) the past reading of a date under a simple present must lie for the present to look ahead.
PRESENT_AHEAD_DAYS = 200


def present_ahead(c: "Candidate") -> bool:
    """A year-less date under the simple present of an event verb ("the plenary sits on November
    19", "the bank wants its payment in April") is still to come when its past reading would lie
    months back: news tells what has happened in the past tense. Verbs of state, measure and report
    ("figures show", "the report covers March") do not look ahead, nor does a present beside a
    recent past ("comes after the capture on January 3")."""
    verb = next((t for t in c.tokens.root.ancestors if t.pos_ in ("VERB", "AUX") and _finite(t)), None)
    if verb is None or verb.tag_ not in _PRESENT or verb.lemma_.lower() in c.rules.present_non_events \
            or any(ch.dep_ in ("aux", "auxpass", "neg") for ch in verb.children) or c.doc_date is None:
        return False
    if _after_past_only_preposition(c.tokens.doc, c.tokens.start, c.rules):
        return False
    past = _START_OF_VALUE.match(c.value_as(False) or "")
    if not past:
        return False
    then = dt.date(int(past[1]), int(past[2]), int(past[3] or 15))
    return (c.doc_date - then).days > PRESENT_AHEAD_DAYS


# How far back (days) a bare day of last year must lie to be read as the next one.
YEAR_BACK_DAYS = 250
_BARE_DAY_SHAPES = frozenset({"md", "dm"})
_YEAR_MODIFIER = re.compile(r"(?:that|this|last|next)\s|the\s+(?!(?:end|beginning|start|middle)\s+of\s)", re.I)


def year_back(c: "Candidate") -> bool:
    """A bare day ("on March 2", "before August 29", "from July 1") whose past reading falls in the
    year before the article's and most of a year back is the next one, whatever the tense: wire
    style writes the year of any day outside the current year ("August 29 last year", "March 2,
    2025"). A bare month keeps the tense's reading ("announced the takeover in April")."""
    text = c.text.strip()
    if c.doc_date is None or _YEAR_MODIFIER.match(text) or timex.shape_of(text, rules=c.rules.timex) \
            not in _BARE_DAY_SHAPES:
        return False
    if _after_past_only_preposition(c.tokens.doc, c.tokens.start, c.rules):
        return False
    past = _START_OF_VALUE.match(c.value_as(False) or "")
    if not past or not past[3] or int(past[1]) >= c.doc_date.year:
        return False
    return (c.doc_date - dt.date(int(past[1]), int(past[2]), int(past[3]))).days > YEAR_BACK_DAYS


def _against_now(c: "Candidate") -> bool:
    """ "a year earlier; the figure is now ...": a count back by years or months in a sentence that also
    says "now" (``now_words``) compares with the present, not with the date named before."""
    text = c.text.lower()
    if timex.shape_of(c.text, rules=c.rules.timex) != "anaphoric" or not text.endswith(("earlier", "before")) \
            or not re.search(r"\b(?:year|month)s?\b", text):
        return False  # "up from 41 a day earlier" counts from the day named, whatever follows
    claim = next((cl for cl in c.tokens.doc._.claims if cl.start <= c.tokens.start < cl.end), None)
    return claim is not None and any(t.lower_ in c.rules.now_words and t.pos_ == "ADV" for t in claim)


def fiscal_start(doc: Doc, rules: DateStageRules) -> Optional[int]:
    """The month the article's fiscal year begins in, when it says where it ends (``fiscal_end``):
    the month after; found once per document."""
    key = ("fiscal_start", id(rules))
    store = scratch(doc)
    if key not in store:
        m = rules.fiscal_end.search(doc_text(doc))
        month = rules.timex.months.get(m["month"].rstrip(".").lower()) if m else None
        store[key] = month % 12 + 1 if month else None
    return store[key]


def _now_if_ahead(c: "Candidate", value: Optional[str], counted_from: Optional[str]) -> Optional[str]:
    """ "Three years later we are counting bodies again": a count on from a past date that lands
    after the article, said in a tense that is not future, is the speaker's now (the count runs
    from an event the copy does not date), at the count's unit; from a date ahead it stands."""
    m = _ANAPHOR_UNIT.match(c.text.strip())
    if not (m and value and c.doc_date and not c.future and c.text.strip().lower().endswith(("later", "after"))):
        return value
    if counted_from and counted_from[:10] > c.doc_date.isoformat()[:len(counted_from[:10])]:
        return value
    now = timex.at_unit(c.doc_date, m["unit"].lower())
    return now if len(value) == len(now) and value > now else value


def _nearest(past: Optional[str], ahead: Optional[str], ref: Optional[dt.date]) -> Optional[str]:
    """Of a day's past and coming occurrence, the one nearer ``ref`` (the past one on a tie, or
    when either is not a day)."""
    try:
        back, forth = dt.date.fromisoformat(past or ""), dt.date.fromisoformat(ahead or "")
    except ValueError:
        return past
    return ahead if ref is not None and (forth - ref) < (ref - back) else past


# -- filters: each says True to drop the candidate ------------------------------------------------------

def is_year(doc: Doc, i: int, *, rules: Optional[DateStageRules] = None) -> bool:
    """A four-digit token used as a year ("in 2025", "the 2025 releases"), not a count ("2000 people")."""
    tok = doc[i]
    if not _YEAR_TOKEN.match(tok.text):
        return False
    rules = rules if rules is not None else default_rules()
    prev = doc[i - 1].lower_ if i > 0 else ""
    counts = _counts_a_noun(doc, i)
    prev2 = " ".join(t.lower_ for t in doc[max(i - 2, 0):i])
    if counts and (prev in rules.count_approximators or prev2 in rules.count_approximators):
        return False  # "Around 1970 students", "Some 1990 families"
    if prev in rules.year_prepositions:
        return True
    if counts and not (i > 0 and (doc[i - 1].pos_ == "DET" or doc[i - 1].tag_ in ("PRP$", "POS"))):
        return False  # "1900 volunteers", "2021 new infections", whatever the name finder said
    return tok.ent_type_ == "DATE" or not counts


def _counts_a_noun(doc: Doc, i: int) -> bool:
    """A plural noun right after the number, or after one adjective ("2021 new infections")."""
    k = i + 1
    if k < len(doc) and doc[k].pos_ == "ADJ":
        k += 1
    return k < len(doc) and doc[k].pos_ == "NOUN" and doc[k].tag_ == "NNS"


def not_a_year(c: Candidate) -> bool:
    """A lone four-digit number that counts something ("2000 people")."""
    t = c.tokens
    return len(t) == 1 and bool(_YEAR_TOKEN.match(t[0].text)) and not is_year(t.doc, t.start, rules=c.rules)


def inside_name(c: Candidate) -> bool:
    """A date-like expression that is part of a name ("Finance Bill 2024", "Zapad-2025",
    "March 23 Movement")."""
    doc, start, end = c.tokens.doc, c.tokens.start, c.tokens.end
    if any(t.ent_type_ in c.rules.name_entities for t in c.tokens):
        return True
    if start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_title:
        return True  # "Zapad-2025"
    root = c.tokens.root
    head = root.head
    # "Finance Bill 2024" (a year after a name), "March 23 Movement" (a date before one).
    return root.dep_ in _NAME_DEPS and head.pos_ == "PROPN" and head.is_title \
        and not (start <= head.i < end) and head.lower_ not in c.rules.calendar_names


def month_of_a_span(c: Candidate) -> bool:
    """ "the smaller April-September crop", "the March-May period": a month joined by a dash to
    another is one end of a run of months that is no calendar period (a quarter or half is read
    whole, as "the April-June quarter"), not a date of its own."""
    if timex.shape_of(c.text, rules=c.rules.timex) != "m":
        return False
    doc, start, end = c.tokens.doc, c.tokens.start, c.tokens.end
    names = c.rules.calendar_names
    after = end + 1 < len(doc) and doc[end].text in ("-", "\u2013") and doc[end + 1].lower_ in names
    before = start >= 2 and doc[start - 1].text in ("-", "\u2013") and doc[start - 2].lower_ in names
    return after or before


def in_dateline(c: Candidate) -> bool:
    """The date of a dateline ("NAIROBI, Nov 14 (Reuters) -") dates the filing, not the claim."""
    return c.start < c.dateline_end


def is_frequency(c: Candidate) -> bool:
    """ "every Monday", "each March": a set of days, not one (TimeML SET)."""
    start = c.tokens.start
    return start > 0 and c.tokens.doc[start - 1].lower_ in c.rules.frequency_words


def is_habitual_holiday(c: Candidate) -> bool:
    """ "I work nights, weekends and Christmas": a bare holiday (or "in the morning") under a
    present verb that does not look ahead is every year's, not one day (a set, as "every Monday")."""
    bare = c.text.split()[0].lower() not in ("last", "this", "next")
    shape = timex.shape_of(c.text, rules=c.rules.timex)
    if shape == "season" and c.text.strip().lower() in timex.SEASONS:
        shape = "holiday"  # "a road that is often closed in winter": every winter, as every Christmas
    if not bare or shape not in ("holiday", "day_part", "yearend"):
        return False  # "I work in the morning" is every morning too; "it does not add up at the end of the month"
    verb = _governing_verb(c)
    if verb is None or c.scheduled or shape == "yearend" and (verb.lemma_ == "be" or _NAMED_UNIT.search(c.text)):
        return False  # "the talks are at the end of the month", "paid at the end of this month" name one
    return verb.tag_ in _PRESENT or verb.tag_ in ("VB", "VBN") and any(
        ch.dep_ in ("aux", "auxpass") and ch.lemma_ in ("do", "be") and ch.tag_ in _PRESENT for ch in verb.children)


def bounded_ago(c: Candidate) -> bool:
    """ "less than a year ago", "more than two years ago": the bound of a span, not a date (as
    "less than a year" is a duration, not labelled)."""
    if timex.shape_of(c.text, rules=c.rules.timex) != "ago":
        return False
    before = " ".join(t.lower_ for t in c.tokens.doc[max(c.tokens.start - 2, 0):c.tokens.start])
    return any(before == b or before.endswith(" " + b) for b in c.rules.ago_bounds)


_NAMED_UNIT = re.compile(r"\bof\s+(?:this|last|next)\b", re.I)
_BARE_UNIT = re.compile(r"the\s+(week|month|year)", re.I)
_THE_YEAR = re.compile(r"(?:(?:for|in|during|over|throughout)\s+)?the\s+year", re.I)


def period_as_modifier(c: Candidate) -> bool:
    """ "would skip its year-end dividend", "a year-end bonus": a period naming a kind of thing, not a time."""
    if timex.shape_of(c.text, rules=c.rules.timex) != "yearend" or not c.text.lower().startswith("year"):
        return False
    last = c.tokens[-1]
    return last.dep_ in ("compound", "amod", "nmod") and last.head.pos_ == "NOUN" and last.head.i >= c.tokens.end


def rolling_year(c: Candidate) -> bool:
    """ "the year that ended on June 30", "the year to March": a year counted to a day it names (a
    financial year), not a calendar year; the day itself stays a date."""
    end = c.tokens.end
    doc = c.tokens.doc
    return _THE_YEAR.fullmatch(c.text) is not None and end < len(doc) \
        and doc[end].lower_ in c.rules.rolling_year_followers


def fiscal_the_year(c: Candidate) -> bool:
    """ "revenue for the year" in an article that has named a financial year: that financial year,
    not labelled (writer K's call, as writer A's "the financial year")."""
    return _THE_YEAR.fullmatch(c.text) is not None \
        and c.rules.fiscal_mention.search(doc_text(c.tokens.doc)[:c.start]) is not None


def _governing_verb(c: Candidate) -> Optional[Token]:
    return next((t for t in c.tokens.root.ancestors if t.pos_ in ("VERB", "AUX")), None)


def habitual_calendar(c: Candidate) -> bool:
    """ "Egypt's financial year runs from July 1 to June 30": a present verb whose subject is a
    kind of year tells every year's calendar, not one date."""
    verb = _governing_verb(c)
    if verb is None or verb.tag_ not in _PRESENT or c.scheduled:
        return False
    return any(ch.dep_ in ("nsubj", "nsubjpass") and ch.lemma_.lower() in c.rules.calendar_subjects
               for ch in verb.children)


def today_as_nowadays(c: Candidate) -> bool:
    """ "compared with about 280% for a typical council today": "today" after a noun in a comparison
    means nowadays (TimeML PRESENT_REF, not emitted, as "now" and "currently")."""
    t = c.tokens
    if c.text.lower() != "today" or t.start == 0 or t.doc[t.start - 1].pos_ not in ("NOUN", "PROPN", "NUM"):
        return False
    return any(a.lemma_.lower() in c.rules.nowadays_heads for a in t.root.ancestors)


def time_of_day(c: Candidate) -> bool:
    """ "a little after two in the morning": an hour, not a day (times of day are not labelled)."""
    if timex.shape_of(c.text, rules=c.rules.timex) != "day_part":
        return False
    doc, start = c.tokens.doc, c.tokens.start
    if start < 2 or doc[start - 1].lower_ != "in":
        return False  # "another five during the morning" counts bodies, not hours
    before = doc[start - 2]  # the word before "in"
    return before.like_num or before.lower_ in ("o'clock", "a.m.", "p.m.")


def comparative_within(c: Candidate) -> bool:
    """ "rain has continued later in the year than usual": a comparison of timing, not a date."""
    end, doc = c.tokens.end, c.tokens.doc
    return timex.shape_of(c.text, rules=c.rules.timex) == "within" and end < len(doc) and doc[end].lower_ == "than"


def indefinite_weekday(c: Candidate) -> bool:
    """ "on a Saturday in May": one unknown day of a month, not a weekday to place (the month stays)."""
    doc, start, end = c.tokens.doc, c.tokens.start, c.tokens.end
    if timex.shape_of(c.text, rules=c.rules.timex) != "weekday" or start == 0 or doc[start - 1].lower_ != "a":
        return False
    return end + 1 < len(doc) and doc[end].lower_ in ("in", "of") and doc[end + 1].lower_ in c.rules.calendar_names


def season_as_modifier(c: Candidate) -> bool:
    """ "its spring survey", "the summer holidays": a season naming a kind of thing, not a time;
    "the fall of the government" is an event. A season with a year or a "last" stays a date."""
    shape = timex.shape_of(c.text, rules=c.rules.timex)
    if shape != "season" or _STATED_YEAR.search(c.text) or c.text.split()[0].lower() in ("last", "this", "next"):
        return False
    root = c.tokens[-1]  # the season word ("the" of "the summer months" hangs on the noun too)
    doc = c.tokens.doc
    if root.dep_ in ("compound", "amod", "nmod") or root.i + 1 < len(doc) and doc[root.i + 1].text in ("-", "–") \
            and not root.whitespace_:
        return True  # "the summer months", "the winter-spring crop"
    return root.lower_ == "fall" and any(ch.dep_ == "prep" and ch.lower_ in ("of", "in") for ch in root.children)


def part_of_other_period(c: Candidate) -> bool:
    """ "the first half of the current one", "the first three months of the current fiscal year":
    a part of a period that is not a calendar year (a fiscal year, a season, a match)."""
    if timex.shape_of(c.text, rules=c.rules.timex) not in ("quarter", "half", "month_span", "month_range"):
        return False
    doc, end = c.tokens.doc, c.tokens.end
    if not (end < len(doc) and doc[end].lower_ == "of"):
        return False
    rest = doc_text(doc)[doc[end].idx + 2:doc[end].idx + 40]
    return _CALENDAR_YEAR_AFTER_OF.match(rest) is None  # "the second half of that year" is a calendar half


_CALENDAR_YEAR_AFTER_OF = re.compile(r"\s+(?:(?:that|this|last|next|the)\s+year\b|(?:fiscal\s+)?(?:1[5-9]|20)\d{2}\b)",
                                     re.I)


def not_calendar(c: Candidate) -> bool:
    """Not a calendar expression at all, whatever the date (a duration, an age)."""
    return c.value is None and resolve(c.text, _PROBE_DATE, future=c.future,
                                       context_year=c.context_year or _PROBE_YEAR, rules=c.rules.timex) is None


def needs_narrative_year(c: Candidate) -> bool:
    """ "that year", "the month": needs a narrative year the article does not give."""
    return c.value is None and c.doc_date is not None and c.context_year is None \
        and bool(c.rules.needs_context_year.search(c.text))


def unresolved(c: Candidate) -> bool:
    """A relative expression that does not resolve against the article date (without a date,
    it is kept with a null value)."""
    return c.value is None and c.doc_date is not None


FILTERS: tuple[Callable[[Candidate], bool], ...] = (in_dateline, not_a_year, inside_name, month_of_a_span, is_frequency,
                                                    is_habitual_holiday, season_as_modifier, period_as_modifier,
                                                    part_of_other_period,
                                                    bounded_ago, rolling_year, fiscal_the_year, habitual_calendar,
                                                    today_as_nowadays, time_of_day, indefinite_weekday,
                                                    comparative_within,
                                                    not_calendar, needs_narrative_year, unresolved)


def _dropped(c: Candidate, by: str) -> dict:
    return {"field": "dates", "text": c.text, "start": c.start, "end": c.end, "by": by, "action": "dropped"}


def dateline_end(span: Span, rules: DateStageRules) -> int:
    """The document offset where a dateline at the start of the claim ends, or -1."""
    m = rules.dateline.match(span.text)
    return span.start_char + m.end() if m else -1


def _in_context(chosen: list[tuple[DateMention, Candidate]], context_value: Optional[str],
                context_period: Optional[str] = None) -> list[DateMention]:
    """In reading order, a date that counts from the one before it ("the third quarter ... the
    same quarter a year earlier") takes its value from that one, else from ``context_value``; a
    year or a quarter back counts from the period named last (``context_period``), not from the
    day a figure was published ("in the final three months of last year, according to figures
    published on Wednesday ... up 6.4% on a year earlier")."""
    out = []
    earlier: Optional[str] = None  # the date named before this one in the sentence
    for mention, cand in sorted(chosen, key=lambda pair: pair[0].start):
        if timex.uses_context(cand.text, rules=cand.rules.timex):
            coarse = context_period is not None and _COARSE_ANAPHOR.search(cand.text) is not None
            mention.value = cand.value_after(context_period if coarse else context_value) or mention.value
        elif earlier is not None:
            mention.value = _future_in_the_past(cand, earlier) or mention.value
        earlier = mention.value or earlier
        context_value = mention.value or context_value
        if mention.value and _PERIOD_VALUE.match(mention.value):
            context_period = mention.value
        out.append(mention)
    return out


_ANAPHOR_UNIT = re.compile(r"^(?:\w+\s+)?(?P<unit>day|week|month|year)s?\s+(?:later|earlier|after|before)$", re.I)
_DAY_PARTS = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_APPOSITION = re.compile(r"^\s*[,\u2013\u2014-]\s*(?:on|in|by)?\s*$")


def _apposed_anaphors(mentions: list[DateMention], text: str) -> list[DateMention]:
    """ "would be held two weeks later, on Nov. 15": a count from an earlier date that the
    sentence restates at once as a date is that date's day, week, month or year, whatever the
    date it was first counted from (the claims before may not name it)."""
    for mention, after in zip(mentions, mentions[1:]):
        m = _ANAPHOR_UNIT.match(mention.text.strip())
        day = _DAY_PARTS.match(after.value or "")
        if m and day and _APPOSITION.match(text[mention.end:after.start]):
            mention.value = timex.at_unit(dt.date(int(day[1]), int(day[2]), int(day[3])), m["unit"].lower())
    return mentions


def _future_in_the_past(cand: Candidate, earlier: str) -> Optional[str]:
    """ "In June we were told the post would be filled by September": a month that "would" come
    after a past date the sentence names is the next such month after that date, not after the
    article's."""
    start = _START_OF_VALUE.match(earlier)
    if not (cand.future and start and cand.doc_date and timex.shape_of(cand.text, rules=cand.rules.timex) == "m") \
            or _MONTH_MODIFIER.match(cand.text):
        return None  # "next May", "that May" say their own year
    then = dt.date(int(start[1]), int(start[2]), int(start[3] or 1))
    if then >= cand.doc_date or not any(c.dep_ == "aux" and c.lower_ == "would"
                                        for a in cand.tokens.root.ancestors for c in a.children):
        return None
    return resolve(cand.text, then, future=True, rules=cand.rules.timex)


_MONTH_MODIFIER = re.compile(r"(?:that|this|last|next|the)\s", re.I)
_START_OF_VALUE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?$")
# Counts back or on by a year, a month or a quarter (from a period, not a day).
_COARSE_ANAPHOR = re.compile(r"\b(?:year|month|quarter)s?\b", re.I)
# A year, month, quarter or half value (not a day or week).
_PERIOD_VALUE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]|Q[1-4]|H[12]))?$")


def _year_range(c: Candidate) -> Optional[list[DateMention]]:
    """ "2011-2012", "1968-69": two years, one mention each; None for anything else, and for a
    fiscal or season year ("fiscal 2024-25", "the 2024-25 season"), which is one period."""
    m = _YEAR_RANGE.search(c.text)
    if m is None or c.value is None:
        return None
    first, second = int(m["first"]), m["second"]
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    last += 100 if last < first else 0
    near = {t.lower_ for t in c.tokens.doc[max(c.tokens.start - 2, 0):c.tokens.end + 2]}
    if last - first > 50 or near & c.rules.year_range_keep_words:
        return None
    at = c.start + m.start("second")
    return [DateMention(c.start, c.start + m.end("first"), c.text[:m.end("first")], str(first)),
            DateMention(at, c.start + m.end("second"), second, str(last))]


def _day_range(c: Candidate) -> Optional[list[DateMention]]:
    """ "May 19-20": two days, one mention each (the second's text its digits, as for years)."""
    m = _DAY_RANGE.search(c.text)
    if m is None or c.value is None or len(c.value) != 10:
        return None
    first, last = int(m["first"]), int(m["second"])
    value = f"{c.value[:8]}{last:02d}"
    if last <= first or last > 31:
        return None
    at = c.start + m.start("second")
    return [DateMention(c.start, c.start + m.end("first"), c.text[:m.end("first")], c.value),
            DateMention(at, c.start + m.end("second"), m["second"], value)]


def _decade_pair(c: Candidate) -> Optional[list[DateMention]]:
    """ "the eighties and nineties": two decades, one mention each (the second's text its word)."""
    m = _DECADE_PAIR.search(c.text)
    if m is None or c.value is None:
        return None
    second = m["second"]
    at = c.start + m.start("second")
    value = "19" + str(timex.DECADE_WORDS[second.lower()])
    return [DateMention(c.start, c.start + m.start("joint"), c.text[:m.start("joint")], c.value),
            DateMention(at, at + len(second), second, value)]


_DECADE_PAIR = re.compile(r"(?P<joint>\s+(?:and|or|to)\s+)(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?"
                          r"(?P<second>" + "|".join(timex.DECADE_WORDS) + r")$", re.I)
_DAY_RANGE = re.compile(r"(?P<first>\d{1,2})(?:st|nd|rd|th)?\s*[-–]\s*(?P<second>\d{1,2})$")
_YEAR_RANGE = re.compile(r"(?P<first>(?:1[5-9]|20)\d{2})\s*[-–]\s*(?P<second>\d{4}|\d{2})$")


def find_dates(span: Span, doc_date: Optional[dt.date], *, context_year: Optional[int] = None,
               rules: Optional[DateStageRules] = None, decisions: Optional[list] = None,
               sentence_year: Optional[int] = None, context_value: Optional[str] = None,
               story_day: Optional[str] = None, sentence_year_at: int = -1,
               context_period: Optional[str] = None) -> list[DateMention]:
    """Dates in one sentence, longest non-overlapping expressions that pass the filters, in
    order; each candidate a filter drops is appended to ``decisions`` when given."""
    rules = rules if rules is not None else default_rules()
    doc = span.doc
    text = doc_text(doc)
    chosen: list[tuple[DateMention, Candidate]] = []
    dateline = dateline_end(span, rules)
    for start, end in _candidates(span, rules):
        if any(start < d.end and d.start < end for d, _ in chosen):
            continue
        tokens = doc.char_span(start, end, alignment_mode="expand")
        if tokens is None:
            continue
        cand = Candidate(start, end, text[start:end], tokens, doc_date, context_year, rules,
                         sentence_year, context_value, dateline, story_day, sentence_year_at)
        by = next((f for f in FILTERS if f(cand)), None)
        if by is not None:
            if decisions is not None:
                decisions.append(_dropped(cand, by.__name__))
            continue
        chosen += [(m, cand) for m in _year_range(cand) or _day_range(cand) or _decade_pair(cand)
                   or [DateMention(start, end, cand.text, cand.value)]]
    return _apposed_anaphors(_in_context(chosen, context_value, context_period), text)


def explicit_year(value: Optional[str], expr: str) -> Optional[int]:
    """The year a date states outright, for resolving "throughout the year" later on."""
    if value and _STATED_YEAR.search(expr):
        return int(value[:4])
    return None


class DateStage(Stage):
    """Each claim's date records (``span._.dates``), resolved against ``doc._.doc_date``."""
    needs = ("claims_sentences",)

    def compile(self, pack: Pack) -> DateStageRules:
        return compile_rules(pack)

    def process(self, doc: Doc) -> Doc:
        context: Optional[int] = None
        doc_date = doc._.doc_date
        # The last date named, and how many claims back: "the day before" counts from it only
        # while it is at most CONTEXT_CLAIMS claims old (older, from the article date).
        last: tuple[Optional[str], Optional[str], int] = (None, None, 0)  # and the last period named
        story_day: Optional[str] = None  # the earliest day named so far: "the first night"
        fiscal: Optional[str] = None  # the financial year named last: what a bare "the financial year" is
        for claim in doc._.claims:
            recent, period = last[:2] if last[2] <= CONTEXT_CLAIMS else (None, None)
            if fiscal and _BARE_FISCAL.search(claim.text):
                recent = period = fiscal  # "during the financial year, ... a year earlier": from that year
            found, decisions = self._claim_dates(claim, doc_date, context, recent, story_day, period)
            claim._.dates = [d.as_record() for d in found]
            if decisions:
                claim._.decisions = list(claim._.decisions or []) + decisions
            for d in found:
                context = explicit_year(d.value, d.text) or context
                if d.value and _DAY_VALUE.match(d.value) and (story_day is None or d.value < story_day):
                    story_day = d.value
            # A comparison's base ("up from $4 billion in 2024/25") is not what the next claim counts from.
            named = [d for d in found if d.type == "DATE" and d.value and not _is_base(claim, d)]
            fiscal = next((d.value for d in reversed(named)
                           if timex.shape_of(d.text, rules=self.rules.timex) in _FISCAL_SHAPES), fiscal)
            periods = [d.value for d in named if _PERIOD_VALUE.match(d.value)]
            if named:
                last = (named[-1].value, periods[-1] if periods else None, 1)
            else:
                last = (last[0], last[1], last[2] + 1)
        return doc

    def _claim_dates(self, claim: Span, doc_date: Optional[dt.date], context: Optional[int], recent: Optional[str],
                     story_day: Optional[str], period: Optional[str]) -> tuple[list[DateMention], list[dict]]:
        """One claim's dates; a year the sentence states anchors its own "throughout the year" and
        the "fourth quarter" after it."""
        decisions: list[dict] = []
        found = find_dates(claim, doc_date, context_year=context, rules=self.rules, decisions=decisions,
                           context_value=recent, story_day=story_day, context_period=period)
        stated = [(d.start, y) for d, y in ((d, explicit_year(d.value, d.text)) for d in found) if y]
        if stated and (stated[0][1] != context or any(timex.uses_sentence_year(d.text, rules=self.rules.timex)
                                                      for d in found)):
            decisions = []
            found = find_dates(claim, doc_date, context_year=stated[0][1], rules=self.rules, decisions=decisions,
                               sentence_year=stated[0][1], context_value=recent, story_day=story_day,
                               sentence_year_at=stated[0][0], context_period=period)
        return found, decisions


_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_base(claim: Span, mention: DateMention) -> bool:
    """A date inside a comparison's base: "up from $11.2 million in 2024", "compared with 2023",
    "than in 2021" (what a figure is measured against, not the period it is about)."""
    tokens = claim.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if tokens is None:
        return False
    for a in tokens.root.ancestors:
        up_from = a.lower_ == "from" and a.i > 0 and a.doc[a.i - 1].lower_ in ("up", "down")
        if up_from or a.lemma_.lower() in _BASE_WORDS:
            return True
    return False


_BASE_WORDS = frozenset({"compare", "than", "against", "versus"})
# Shapes that name a financial year ("the 2025/26 financial year", "fiscal 2024", "FY25").
_FISCAL_SHAPES = frozenset({"fy", "fy_label", "fiscal_rel"})
# "the financial year" with nothing between "the" and "financial": the one named before.
_BARE_FISCAL = re.compile(r"\bthe\s+(?:financial|fiscal)\s+year\b", re.I)


@Language.factory("claims_dates", requires=["doc._.claims", "doc._.doc_date", "token.dep"],
                  assigns=["span._.dates", "span._.decisions"], default_config=DEFAULT_CONFIG)
def make_dates(nlp: Language, name: str, lang: str, pack_path: Optional[str]) -> DateStage:
    return DateStage(nlp, name, lang=lang, pack_path=pack_path)
