"""Counts (claims-spec 4): numbers that count or measure, with range, qualifier, kind and unit.

Numerals are found token by token (digits, words, "a thousand", "2.5 million"): each run is a
``Candidate``. What is not a count is dropped by the first of ``FILTERS`` that says so (years
and other date parts, ages, durations, times of day, ordinals, numbers inside names); a kept
candidate goes through ``STEPS`` in order, which widen it to its qualifier ("more than",
"between X and Y"), its currency or percent sign and the counted noun from the parse.
Fractions and multiples ("half of", "twice the number") are read separately as percents.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Callable, Mapping, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..normalize.numbers import Glued, NumeralRules, as_int, glued, parse_number, word_kind
from ..normalize.timex import TimexRules, resolve
from ..normalize.timex import build_rules as build_timex_rules
from ..packs import Pack
from . import extensions  # noqa: F401
from .base import DEFAULT_CONFIG, Stage, default_pack
from .dates import DateStageRules, is_year
from .dates import compile_rules as compile_date_rules
from .extensions import doc_text, ents_of_label, lowers, texts

Phrases = tuple[tuple[tuple[str, ...], object], ...]

_PROBE = dt.date(2000, 6, 15)  # any date: only whether an entity resolves matters
# Actor mentions whose tokens are a name, so a number among them is part of it ("Justicia 11J").
_NAME_VIA = ("ner", "pattern", "rule")
_NAME_TYPES = ("ORG", "PERSON")
_UNIT_DEPS = ("nummod", "quantmod", "compound", "amod", "nmod")
_GLUED_DOT = re.compile(r"\d[A-Za-z%]+\.$")  # "19C.", "22kW." (not "3.5" or "U.S.")


@dataclass
class CountMention:
    start: int
    end: int
    text: str
    low: Optional[float]
    high: Optional[float]
    qualifier: str
    kind: str
    unit: Optional[str]

    def as_record(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "low": as_int(self.low),
                "high": as_int(self.high), "qualifier": self.qualifier, "kind": self.kind, "unit": self.unit}


# -- rules ---------------------------------------------------------------------------------------

def _split(phrase: str) -> tuple[str, ...]:
    """A phrase as the tokenizer splits it: "two-thirds" is "two", "-", "thirds"."""
    return tuple(phrase.replace("-", " - ").split())


def _phrases(table: Mapping[str, object]) -> Phrases:
    """Phrase -> payload as (words, payload), longest first (the first match wins)."""
    rows = [(_split(k), v) for k, v in table.items()]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _months(pack: Pack) -> frozenset[str]:
    """Lower-case month words before a day number; an abbreviation that is also an ordinary
    word counts only with its full stop."""
    ambiguous = {a.lower() for a in pack.numbers.ambiguous_month_abbreviations}
    words = set()
    for month in pack.calendar.months:
        words.add(month.name.lower())
        words.update(a.lower() for a in month.abbreviations if a.lower() not in ambiguous)
    return frozenset(words)


def _numeral_words(n) -> frozenset[str]:
    """Words that may start a numeral run: a cheap first test before ``word_kind``."""
    words = set(n.units) | set(n.tens) | set(n.scales) | set(n.vague) | set(n.articles)
    words |= {f"{t}-{u}" for t in n.tens for u in n.units}
    return frozenset(words)


@dataclass(frozen=True)
class CountRules:
    """The counts stage's rules, compiled once from a pack (``CountRules.from_pack``)."""
    numerals: NumeralRules
    numeral_words: frozenset[str]
    qualifiers: Phrases
    vague: Mapping[str, int]
    fractions: Phrases
    multiples: Phrases
    multiple_verbs: Phrases
    multiple_followers: frozenset[str]
    fraction_not_after: frozenset[str]
    fraction_by_words: frozenset[str]
    ratio_connectors: tuple[tuple[str, ...], ...]
    threshold_nouns: frozenset[str]
    passing_verbs: frozenset[str]
    street_words: frozenset[str]
    fraction_firsts: frozenset[str]
    fraction_followers: frozenset[str]
    approx_suffixes: tuple[tuple[str, ...], ...]
    at_least_suffixes: tuple[tuple[str, ...], ...]
    percent_signs: tuple[tuple[str, ...], ...]
    percent_followers: tuple[tuple[str, ...], ...]
    measure: frozenset[str]
    duration: frozenset[str]
    symbols: Mapping[str, str]
    symbol_prefixes: Mapping[str, str]
    prefixable_symbols: frozenset[str]
    unit_symbols: tuple[tuple[str, ...], ...]  # spaced unit symbols as token tuples, longest first
    glued_units: frozenset[str]
    unit_or_scale: frozenset[str]
    glued_firsts: frozenset[str]
    currency_words: Mapping[str, str]
    currency_qualified: Mapping[str, str]
    local_currencies: "LocalCurrencies"
    minor_units: Mapping[str, tuple[str, float]]
    name_number_words: frozenset[str]
    months: frozenset[str]
    time_markers: frozenset[str]
    time_phrases: tuple[tuple[str, ...], ...]
    time_leads: Phrases
    negative_words: frozenset[str]
    tolerance_words: frozenset[str]
    unit_scales: frozenset[str]
    rate_phrases: tuple[tuple[str, ...], ...]
    estimate_words: frozenset[str]
    demonstratives: frozenset[str]
    times_words: frozenset[str]
    idiom_one_closers: tuple[tuple[str, ...], ...]
    date_entity_markers: frozenset[str]
    age_cues: frozenset[str]
    age_bounds: frozenset[str]
    definite_reference_words: frozenset[str]
    age_nouns: frozenset[str]
    age_after: tuple[re.Pattern, ...]
    age_after_name: tuple[int, int]
    pronoun_numeral: str
    pronoun_followers: frozenset[str]
    vague_modifiers: frozenset[str]
    vague_scale_modifiers: frozenset[str]
    vague_multiples: Mapping[str, int]
    vague_multiplied: frozenset[str]
    range_connectors: frozenset[str]
    range_openers: frozenset[str]
    range_alternatives: frozenset[str]
    range_scales: frozenset[str]
    change_words: frozenset[str]
    change_level_ratio: float
    nominal_units: frozenset[str]
    partitive_fillers: frozenset[str]
    rate_words: frozenset[str]
    elided_money_leads: frozenset[str]
    age_subjects: frozenset[str]
    negative_ones: frozenset[str]
    one_idiom_nouns: frozenset[str]
    part_nouns: frozenset[str]
    pronoun_one_leads: frozenset[str]
    relative_time_words: frozenset[str]
    # The same pack's date rules: a year or a date in this pack's calendar is not a count.
    years: DateStageRules
    timex: TimexRules

    @classmethod
    def from_pack(cls, pack: Pack) -> "CountRules":
        n, c = pack.numbers, pack.currencies
        words = lambda rows: tuple(sorted((tuple(r.split()) for r in rows), key=len, reverse=True))  # noqa: E731
        quals = {p: q for q, phrases in n.qualifiers.items() for p in phrases}
        return cls(
            numerals=NumeralRules.from_pack(pack), numeral_words=_numeral_words(n), qualifiers=_phrases(quals),
            vague=MappingProxyType(dict(n.vague)), fractions=_phrases(n.fractions), multiples=_phrases(n.multiples),
            multiple_verbs=_phrases(n.multiple_verbs), multiple_followers=frozenset(n.multiple_followers),
            fraction_not_after=frozenset(n.fraction_not_after), fraction_by_words=frozenset(n.fraction_by_words),
            ratio_connectors=words(n.ratio_connectors),
            threshold_nouns=frozenset(n.threshold_nouns), passing_verbs=frozenset(n.passing_verbs),
            street_words=frozenset(n.street_words), fraction_followers=frozenset(n.fraction_followers),
            fraction_firsts=frozenset(_split(k)[0] for k in list(n.fractions) + list(n.multiples)
                                      + list(n.multiple_verbs)),
            approx_suffixes=tuple(tuple(s.split()) for s in n.approximate_suffixes),
            at_least_suffixes=tuple(tuple(s.split()) for s in n.at_least_suffixes),
            percent_signs=words(n.percent_words), percent_followers=words(n.percent_followers),
            measure=frozenset(n.measure_units), duration=frozenset(n.duration_units),
            symbols=MappingProxyType(dict(c.symbols)), symbol_prefixes=MappingProxyType(dict(c.symbol_prefixes)),
            prefixable_symbols=frozenset(c.prefixable_symbols), unit_symbols=_unit_symbol_words(n.unit_symbols),
            glued_units=frozenset(n.glued_unit_symbols), unit_or_scale=frozenset(n.unit_or_scale),
            glued_firsts=frozenset(p[:1].lower() for p in list(c.symbols) + list(c.symbol_prefixes)),
            currency_words=MappingProxyType(dict(c.words)),
            currency_qualified=MappingProxyType(dict(c.qualified)),
            local_currencies=_local_currencies(c.local),
            minor_units=MappingProxyType({w: (u.of, u.factor) for w, u in c.minor_units.items()}),
            name_number_words=frozenset(n.name_number_words), months=_months(pack),
            time_markers=frozenset(n.time_of_day_markers), pronoun_one_leads=frozenset(n.pronoun_one_leads),
            time_phrases=words(n.time_of_day_phrases), idiom_one_closers=words(n.idiom_one_closers),
            time_leads=_phrases({p: True for p in n.time_of_day_leads}), negative_words=frozenset(n.negative_words),
            tolerance_words=frozenset(n.negative_not_after), unit_scales=frozenset(n.measure_scales),
            rate_phrases=words(n.range_rate_phrases), estimate_words=frozenset(n.estimate_words),
            demonstratives=frozenset(n.pronoun_numeral_demonstratives), times_words=frozenset(n.times_words),
            date_entity_markers=frozenset(n.date_entity_markers), age_cues=frozenset(n.age_cues),
            age_bounds=frozenset(n.age_bounds), age_nouns=frozenset(n.age_nouns),
            definite_reference_words=frozenset(n.definite_reference_words), part_nouns=frozenset(n.part_nouns),
            age_after=tuple(re.compile(p) for p in n.age_after_patterns),
            age_after_name=(n.age_after_name_min, n.age_after_name_max), pronoun_numeral=n.pronoun_numeral,
            pronoun_followers=frozenset(n.pronoun_numeral_followers), vague_modifiers=frozenset(n.vague_modifiers),
            vague_scale_modifiers=frozenset(n.vague_scale_modifiers),
            vague_multiples=MappingProxyType(dict(n.vague_multiples)), vague_multiplied=frozenset(n.vague_multiplied),
            range_connectors=frozenset(n.range_connectors), range_openers=frozenset(n.range_openers),
            range_alternatives=frozenset(n.range_alternatives),
            range_scales=frozenset(n.range_scales), change_words=frozenset(n.change_words),
            change_level_ratio=n.change_level_ratio, nominal_units=frozenset(n.nominal_units),
            partitive_fillers=frozenset(n.partitive_fillers), rate_words=frozenset(c.rate_words),
            elided_money_leads=frozenset(c.elided_money_leads), age_subjects=frozenset(n.age_subjects),
            negative_ones=frozenset(n.negative_ones), one_idiom_nouns=frozenset(n.one_idiom_nouns),
            relative_time_words=frozenset(n.relative_time_words), years=compile_date_rules(pack),
            timex=build_timex_rules(pack.calendar))


LocalCurrencies = Mapping[str, tuple[re.Pattern, Mapping[str, str]]]


def _local_currencies(local: Mapping[str, Mapping[str, list[str]]]) -> LocalCurrencies:
    """Per currency word, one pattern over every place word that names its country (longest
    first) and the code of each place word."""
    out = {}
    for word, codes in local.items():
        place_code = {place: code for code, places in sorted(codes.items()) for place in places}
        places = sorted(place_code, key=lambda p: (-len(p), p))
        out[word] = (re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in places) + r")(?![\w-])"),
                     MappingProxyType(place_code))
    return MappingProxyType(out)


def _unit_symbol_words(symbols: list[str]) -> tuple[tuple[str, ...], ...]:
    """Each symbol as token tuples, longest first: as written, and split at "/" the way the
    tokenizer splits it after a space ("180 km/h" is "km", "/", "h")."""
    rows = {tuple(s.split()) for s in symbols}
    rows |= {tuple(w for w in re.split(r"(/)", s) if w) for s in symbols if "/" in s and " " not in s}
    return tuple(sorted(rows, key=lambda w: (-len(w), w)))


def default_rules() -> CountRules:
    """The rules of the bundled pack, for tests and library callers without a stage."""
    return CountRules.from_pack(default_pack())


# -- the candidate --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Context:
    """What every filter and step of one sentence reads."""
    span: Span
    rules: CountRules
    runs: tuple[tuple[int, int], ...]
    names: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Candidate:
    """One numeral run [i, j) and what the steps have read of it; [start, end) is its text."""
    ctx: Context = field(repr=False)
    idx: int  # its place in ctx.runs
    i: int
    j: int
    value: Optional[float] = None
    vague: bool = False
    i_qual: int = 0  # where the left qualifier ends ("tens of" belongs to the number)
    start: int = 0
    end: int = 0
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: str = "exact"
    q: Optional[str] = None  # the qualifier phrase found before the number, if any
    range_end: Optional[int] = None
    kind: str = "count"
    unit: Optional[str] = None

    @property
    def doc(self) -> Doc:
        return self.ctx.span.doc

    @property
    def rules(self) -> CountRules:
        return self.ctx.rules

    def mention(self) -> CountMention:
        text = self.doc[self.start:self.end]
        # A full stop the tokenizer left on a glued last token ("19C.") ends the sentence, not the count.
        # So does one left on a scale abbreviation ("£2.3m.").
        last, k = text[-1].text, text[-1].i
        glued_dot = _ends_run(self.doc, k, self.rules) and _GLUED_DOT.search(last) is not None
        scale_dot = len(last) > 1 and _kind(self.doc, k, self.rules) == "abbr"
        end = text.end_char - (last.endswith(".") and (glued_dot or scale_dot))
        return CountMention(text.start_char, end, doc_text(self.doc)[text.start_char:end] if end < text.end_char
                            else text.text, self.low, self.high, self.qualifier, self.kind, self.unit)


def candidate(span: Span, i: int, j: int, *, rules: CountRules, names: frozenset[int] = frozenset(),
              runs: Optional[tuple[tuple[int, int], ...]] = None) -> Candidate:
    """A candidate for tokens [i, j) of ``span`` (tests build one to try a filter alone)."""
    ctx = Context(span, rules, tuple(numeral_runs(span, rules=rules)) if runs is None else runs, names)
    idx = next((n for n, run in enumerate(ctx.runs) if run == (i, j)), len(ctx.runs))
    return Candidate(ctx, idx, i, j, start=i, end=j)


# -- numeral runs --------------------------------------------------------------------------------

def _is_num_token(tok: Token, rules: CountRules) -> bool:
    kind = word_kind(tok.text, rules=rules.numerals)
    if kind == "glued":
        return _glued_is_number(tok, rules)
    return kind is not None or tok.lower_ in rules.vague


def _glued_is_number(tok: Token, rules: CountRules) -> bool:
    """Letters that name a dollar are a currency only after "$" ("$A82" but not "A320", "S24")."""
    prefix = glued(tok.text, rules=rules.numerals).prefix
    if not prefix or prefix in rules.symbols:
        return True
    return tok.i > 0 and tok.doc[tok.i - 1].text in rules.prefixable_symbols


def _kind(doc: Doc, k: int, rules: CountRules) -> Optional[str]:
    return word_kind(doc[k].text, rules=rules.numerals)


def _glued(doc: Doc, k: int, rules: CountRules) -> Optional[Glued]:
    return glued(doc[k].text, rules=rules.numerals)


def _currency_at(doc: Doc, i: int, lo: int, rules: CountRules) -> Optional[tuple[int, str]]:
    """The currency written before the number at token i: (where it starts, its code). Reads
    "$5", "HK $3.7", "S$3.2" (glued), "$US113" and "US $473" (a prefix that names the dollar)."""
    r, g = rules, _glued(doc, i, rules)
    before = doc[i - 1].text if i > lo else ""
    if g is not None and g.prefix:
        if g.prefix in r.symbol_prefixes and before in r.prefixable_symbols:
            return i - 1, r.symbol_prefixes[g.prefix]  # "$US113", "$A82"
        return (i, r.symbols[g.prefix]) if g.prefix in r.symbols else None
    if before not in r.symbols:
        return None
    prefix = doc[i - 2].text if i - 2 >= lo else ""
    if prefix.lower() in r.numerals.articles:
        prefix = ""  # "A $5-billion loan": the article, not the Australian dollar
    if prefix in r.symbol_prefixes and before in r.prefixable_symbols:
        return i - 2, r.symbol_prefixes[prefix]  # "HK $3.7 billion", "US $5"
    return i - 1, r.symbols[before]


def _ends_run(doc: Doc, k: int, rules: CountRules) -> bool:
    """A token whose unit, percent or scale is glued to it ("310hp", "2.8bn") ends its numeral."""
    g = _glued(doc, k, rules)
    return g is not None and bool(g.kind)


def _joins(doc: Doc, i: int, j: int, end: int, rules: CountRules) -> Optional[bool]:
    """Whether token j continues the numeral that starts at i: True, False, or None (stop)."""
    nxt = doc[j]
    digits = ("digit", "glued")
    if j == i + 1 and _fraction_of_scale(doc, i, end, rules):
        return True  # "half" to "a" of "half a million"
    if _ends_run(doc, j - 1, rules):
        return None
    if nxt.text.removesuffix(".") in rules.unit_or_scale and _currency_at(doc, i, 0, rules) is None:
        return None  # "37 m" is metres; "$37 m" and "S$3.2 m" are millions
    if _is_num_token(nxt, rules) and not (_kind(doc, j - 1, rules) in digits and _kind(doc, j, rules) in digits):
        if _kind(doc, j - 1, rules) in ("unit", "tens") and _kind(doc, j, rules) in digits:
            return None  # "one 25-basis-point cut": two numbers
        if not _words_add_up(doc[j - 1].lower_, nxt.lower_, rules):
            return None  # "one in six two years ago", "four six-packs": two numbers side by side
        return None if nxt.lower_ in rules.vague and j > i else True
    if nxt.text == "-" and j + 1 < end and not doc[j - 1].whitespace_ and not nxt.whitespace_ \
            and _kind(doc, j - 1, rules) == "digit" and _kind(doc, j + 1, rules) == "scale":
        return True  # "a 30-million-dinar fund"
    if nxt.lower_ == "and" and j + 1 < end and _kind(doc, j + 1, rules) in ("unit", "tens") \
            and _kind(doc, j - 1, rules) == "scale" and doc[j - 1].lower_ == "hundred":
        return True  # "one hundred and five"
    return nxt.text == "-" and j + 1 < end and _kind(doc, j - 1, rules) == "tens" and _kind(doc, j + 1, rules) == "unit"


def _words_add_up(prev: str, word: str, rules: CountRules) -> bool:
    """Whether two number words side by side make one numeral: only a tens word before a digit
    word ("twenty five"); a unit or teen word never takes another ("six two" is two numbers)."""
    units, tens = rules.numerals.units, rules.numerals.tens
    if prev in units:
        return word not in units and word not in tens and "-" not in word
    if prev in tens:
        return not (word in tens or units.get(word, 0) >= 10)
    return True


def _starts_run(doc: Doc, i: int, end: int, rules: CountRules, words: Optional[list[str]] = None) -> bool:
    word = (words if words is not None else lowers(doc))[i]
    if not (word[:1].isdigit() or word in rules.numeral_words or _may_be_glued(word, rules)
            or word in rules.numerals.scale_fractions):
        return False
    article_scale = word in rules.numerals.articles and i + 1 < end and _kind(doc, i + 1, rules) == "scale"
    return _is_num_token(doc[i], rules) or article_scale or _fraction_of_scale(doc, i, end, rules)


def _fraction_of_scale(doc: Doc, i: int, end: int, rules: CountRules) -> bool:
    """ "half a million": a fraction, an article and a scale at token i make one numeral."""
    return doc[i].lower_ in rules.numerals.scale_fractions and i + 2 < end \
        and doc[i + 1].lower_ in rules.numerals.articles and _kind(doc, i + 2, rules) == "scale"


def _may_be_glued(word: str, rules: CountRules) -> bool:
    """A cheap first test for a currency glued before digits ("S$3.2", "RM23.50", "USD10")."""
    return word[:1] in rules.glued_firsts and not word.isalpha() and word[-1:].isalnum()


def numeral_runs(span: Span, *, rules: CountRules) -> list[tuple[int, int]]:
    """Token ranges [i, j) that form one numeral ("a thousand", "2.5 million", "one hundred and five")."""
    doc, runs, i = span.doc, [], span.start
    # One look-up of the cached word list, and the cheap first test inline: most words are not numerals.
    words, numeral_words = lowers(doc), rules.numeral_words
    while i < span.end:
        word = words[i]
        if not ((word[:1].isdigit() or word in numeral_words or _may_be_glued(word, rules)
                 or word in rules.numerals.scale_fractions) and _starts_run(doc, i, span.end, rules, words)):
            i += 1
            continue
        j = i + 1
        while j < span.end and _joins(doc, i, j, span.end, rules):
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _value(doc: Doc, i: int, j: int, rules: CountRules) -> Optional[float]:
    words = [t.text for t in doc[i:j] if t.text != "-"]
    if len(words) == 1 and words[0].lower() in rules.vague:
        return float(rules.vague[words[0].lower()])
    return parse_number(words, rules=rules.numerals)


def _match_before(doc: Doc, end: int, phrases: Phrases, lo: int) -> tuple[int, Optional[object]]:
    """Longest phrase that ends right before token ``end``; returns (its start, payload)."""
    words_of = lowers(doc)
    for words, payload in phrases:
        start = end - len(words)
        if start >= lo and tuple(words_of[start:end]) == words:
            return start, payload
    return end, None


def _match_at_texts(doc: Doc, k: int, phrases, limit: int) -> Optional[tuple[str, ...]]:
    """As ``_match_at``, case as written (unit symbols: "MW" is not "mW")."""
    words_of = texts(doc)
    first = words_of[k] if k < limit else None
    for words in phrases:
        if words[0] != first:  # the cheap test first: most phrases start otherwise
            continue
        if k + len(words) <= limit and tuple(words_of[k:k + len(words)]) == words:
            return words
    return None


def _match_at(doc: Doc, k: int, phrases, limit: int) -> Optional[tuple[str, ...]]:
    """The first of ``phrases`` (word tuples) that starts at token ``k`` and ends by ``limit``."""
    words_of = lowers(doc)
    first = words_of[k] if k < len(words_of) else None
    for words in phrases:
        if words[0] == first and k + len(words) <= limit and tuple(words_of[k:k + len(words)]) == words:
            return words
    return None


# -- helpers the filters share ---------------------------------------------------------------------

def _countable_next(doc: Doc, j: int, rules: CountRules) -> bool:
    return j < len(doc) and doc[j].pos_ in ("NOUN", "PROPN") and doc[j].lower_ not in rules.duration


def _unit_head(doc: Doc, i: int, j: int, span: Span, rules: Optional[CountRules] = None) -> Optional[Token]:
    """The counted noun: the head the numeral modifies, when it stands to the right and close;
    with ``rules``, also an adjective used as a noun of people ("16 dead") and the noun of a
    partitive ("19 of 24 economists", "Six of the injured", "30 of them children")."""
    if rules is not None and _nominal_at(doc, j, span.end, rules):
        return doc[j]
    for tok in (doc[j - 1], doc[i]):
        head = tok.head
        if tok.dep_ in _UNIT_DEPS and j <= head.i < span.end and head.i - j <= 6 and head.pos_ in ("NOUN", "PROPN"):
            return _conjoined(doc, _hyphen_end(doc, head, span.end), span.end)
    partitive = _partitive_head(doc, j, span.end, rules) if rules is not None else None
    if partitive is not None:
        return partitive
    # "dozens of people", "thousands of Cubans": the object of "of".
    if j < span.end and doc[j].lower_ == "of" and j + 1 < span.end:
        for child in doc[j].children:
            if child.dep_ == "pobj" and child.pos_ in ("NOUN", "PROPN"):
                return child
    k = j
    while k < span.end and doc[k].pos_ in ("ADJ", "NOUN", "PROPN", "CCONJ", "VERB") and doc[k].tag_ != "VBD" \
            and doc[k].tag_ != "VBZ" and k - j < 5:
        if doc[k].pos_ == "NOUN" and (k + 1 >= span.end or doc[k + 1].pos_ != "NOUN"):
            return doc[k]
        k += 1
    return None


def _nominal_at(doc: Doc, k: int, end: int, rules: CountRules) -> bool:
    """An adjective standing for people right after the number ("16 dead", "130 injured"),
    not modifying a noun of its own ("16 injured workers")."""
    return k < end and doc[k].lower_ in rules.nominal_units and not (k + 1 < end and doc[k + 1].pos_ == "NOUN")


def _hyphen_end(doc: Doc, head: Token, end: int) -> Token:
    """The last word of a hyphenated compound the head opens ("co-defendants", "basis-point")."""
    k = head.i
    while k + 2 < end and doc[k + 1].text == "-" and not doc[k].whitespace_ and not doc[k + 1].whitespace_ \
            and doc[k + 2].is_alpha:
        k += 2
    return doc[k]


def _conjoined(doc: Doc, head: Token, end: int) -> Token:
    """The last of nouns coordinated with the head ("27 leaks, fires and explosions"), when only
    commas, a conjunction and modifiers stand between and no conjunct has a number or a
    determiner of its own ("12 people and 3 dogs" stays two counts)."""
    for conj in (t for t in head.children if t.dep_ == "conj" and t.i > head.i):
        between = doc[head.i + 1:conj.i]
        own = any(t.dep_ in ("nummod", "det", "poss") for t in conj.children)
        if conj.pos_ == "NOUN" and conj.i < end and conj.i - head.i <= 6 and not own \
                and all(t.text == "," or t.pos_ in ("CCONJ", "ADJ", "NOUN") for t in between):
            return _conjoined(doc, conj, end)
    return head


def _partitive_head(doc: Doc, j: int, end: int, rules: CountRules) -> Optional[Token]:
    """The noun of "N of [the, its, 24, the doctors'] X" (and "N more of the X"); none for a
    bare pronoun ("23 of them")."""
    k = j + 1 if j < end and doc[j].lower_ in rules.partitive_fillers else j
    if k >= end or doc[k].lower_ != "of":
        return None
    for k in range(k + 1, min(end, k + 8)):
        t = doc[k]
        if _nominal_at(doc, k, end, rules) and k > j + 1 and doc[k - 1].pos_ == "DET":
            return t  # "Six of the injured"
        if t.pos_ == "NOUN" and not (k + 1 < end and (doc[k + 1].pos_ == "NOUN" or doc[k + 1].tag_ == "POS")):
            return _conjoined(doc, _hyphen_end(doc, t, end), end)
        if not (t.pos_ in ("DET", "NUM", "ADJ", "NOUN", "PROPN", "PRON") or t.tag_ == "POS"):
            return None
    return None


def _unit_start(doc: Doc, first: int, head: Token) -> int:
    """Where the unit's words begin: after a joining hyphen ("50-basis-point"), a filler
    ("Two more of the men"), "of" and its determiners or pronoun ("30 of them children")."""
    k = first
    if k < head.i and (doc[k].text == "-" or doc[k].lower_ == "more"):
        k += 1
    if k < head.i and doc[k].lower_ == "of":
        k += 1
        while k < head.i and doc[k].pos_ in ("DET", "PRON"):
            k += 1
        owner = next((m for m in range(k, head.i) if doc[m].tag_ == "POS"), None)
        k = k if owner is None else owner + 1  # "of the doctors' 19 demands": the owner is not the unit
    return k


def _date_like_entity(tok: Token, rules: CountRules) -> bool:
    """The model's DATE/TIME entity around ``tok`` is a date or a time span, not a number
    it mislabelled ("Between 20 and 30 soldiers" is tagged DATE by en_core_web_sm)."""
    ent = next((e for e in ents_of_label(tok.doc, tok.ent_type_) if e.start <= tok.i < e.end), None)
    if ent is None:
        return True
    if ent.start == tok.i and ent.end - tok.i > 1 and not tok.doc[tok.i + 1].like_num \
            and resolve(tok.doc[tok.i + 1:ent.end].text, _PROBE, context_year=2000, rules=rules.timex) is not None \
            and resolve(ent.text, _PROBE, context_year=2000, rules=rules.timex) is None:
        return False  # "up from 49 a day earlier": the date starts after the number ("12 June" has it)
    if any(t.lower_ in rules.duration or t.lower_.rstrip("s") in rules.duration for t in ent):
        return True
    if any(t.lower_ in rules.date_entity_markers for t in ent):
        return True
    return resolve(ent.text, _PROBE, context_year=2000, rules=rules.timex) is not None \
        and not _countable_next(tok.doc, ent.end, rules)


def _after(c: Candidate, n: int = 4) -> list[str]:
    return lowers(c.doc)[c.j:c.j + n]


def _prev(c: Candidate) -> str:
    return lowers(c.doc)[c.i - 1] if c.i > 0 else ""


# -- filters: each says whether the run is not a count ------------------------------------------------

def _written_quantity(c: Candidate) -> bool:
    """A currency before the number or a unit glued to it: a quantity, whatever the parse or
    the name finder thought of it ("Rs 450", "£3.1 billion last year", "310hp")."""
    if _currency_at(c.doc, c.i, c.ctx.span.start, c.rules) is not None:
        return True
    g = _glued(c.doc, c.j - 1, c.rules)
    return g is not None and g.kind in ("unit", "percent")


def is_in_name(c: Candidate) -> bool:
    """Part of an actor's name ("Justicia 11J")."""
    return any(k in c.ctx.names for k in range(c.i, c.j)) and not _written_quantity(c)


def is_time_of_day(c: Candidate) -> bool:
    """"10 a.m.", "6 o'clock", "two in the morning". ("10:30" and "11J" never start a run: ``word_kind``
    reads neither.)"""
    after = _after(c)
    if after and after[0] in c.rules.time_markers:
        return True
    hour = _value(c.doc, c.i, c.j, c.rules)  # "at two in the morning"; "30 in the morning raids" is a count
    if hour is None or not 1 <= hour <= 12:
        return False
    if _match_before(c.doc, c.i, c.rules.time_leads, c.ctx.span.start)[1] is not None:
        return True  # "at half past seven"
    return any(tuple(after[:len(p)]) == p for p in c.rules.time_phrases)


def is_day_of_month(c: Candidate) -> bool:
    """The day of a date: "the June 12 budget statement", "March 23 Movement", "9 November", the
    "20" of "May 19-20"."""
    doc, i = c.doc, c.i
    if i > 0 and _prev(c) in c.rules.months and doc[i - 1].is_title:
        return True
    end = c.ctx.span.end
    if c.j == i + 1 and c.j < end and doc[i].is_digit and len(doc[i]) <= 2 and doc[c.j].lower_ in c.rules.months \
            and doc[c.j].is_title:
        return True  # "9 November 2026", "Thursday 9 May": the day before its month
    # The second day of a range of days: "May 19-20".
    return i > 2 and doc[i - 1].text in ("-", "–") and doc[i - 2].like_num and doc[i - 3].lower_ in c.rules.months \
        and doc[i - 3].is_title


def is_year_number(c: Candidate) -> bool:
    """A year ("in 2025"), as the dates stage reads it."""
    return c.j - c.i == 1 and is_year(c.doc, c.i, rules=c.ctx.rules.years) and not _written_quantity(c)


def is_ordinal(c: Candidate) -> bool:
    """The model's ORDINAL entity."""
    return c.doc[c.i].ent_type_ == "ORDINAL"


def is_date_entity(c: Candidate) -> bool:
    """Inside the model's DATE/TIME entity that is a date or a time span."""
    first = c.doc[c.i]
    if c.j - c.i == 1 and first.is_digit and len(first.text) == 4 and not is_year(c.doc, c.i, rules=c.ctx.rules.years):
        return False  # "2021 new infections": the dates stage does not read it as a year either
    return first.ent_type_ in ("DATE", "TIME") and _date_like_entity(first, c.rules) and not _written_quantity(c)


def is_idiom_one(c: Candidate) -> bool:
    """"from one police station to the next", "one after another": no quantity."""
    if c.j != c.i + 1 or c.doc[c.i].lower_ != c.rules.pronoun_numeral:
        return False
    after = _after(c, 7)
    return any(tuple(after[k:k + len(p)]) == p for k in range(4) for p in c.rules.idiom_one_closers)


def is_pronoun_one(c: Candidate) -> bool:
    """"one of them", "one another", "one day", "that one person", or "one" the model did not call CARDINAL."""
    doc, j = c.doc, c.j
    if j != c.i + 1 or doc[c.i].lower_ != c.rules.pronoun_numeral:
        return False
    if j + 1 < c.ctx.span.end and doc[j].like_num and doc[j + 1].text == "-" and not doc[j].whitespace_:
        return False  # "one 25-basis-point cut": one of a kind a hyphenated number describes
    if c.i > c.ctx.span.start and doc[c.i - 1].lower_ in c.rules.demonstratives and j < c.ctx.span.end \
            and doc[j].tag_ == "NN":
        return True  # "when that one person is not there": a particular one, not a count
    if any(w in c.rules.pronoun_followers for w in _after(c, 1)):
        return True
    if c.i > c.ctx.span.start and doc[c.i - 1].lower_ in c.rules.pronoun_one_leads:
        return True  # "the one holding expensive beans", "not one person in that courtroom"
    return doc[c.i].ent_type_ != "CARDINAL" and not _counts_its_noun(c)


def _counts_its_noun(c: Candidate) -> bool:
    """ "from one cell block", "not pay one franc": "one" on the noun right after it (or after its
    compound), which the name finder did not call CARDINAL, still counts it."""
    doc, i, end = c.doc, c.i, c.ctx.span.end
    head = doc[i].head
    if i > 0 and doc[i - 1].lower_ in c.rules.negative_ones or head.lemma_.lower() in c.rules.one_idiom_nouns:
        return False  # "no one home", "not one line", "to one side", "under one arm"
    return doc[i].dep_ == "nummod" and head.i > i and head.pos_ == "NOUN" and head.i < end \
        and all(doc[k].dep_ in ("compound", "amod") for k in range(i + 1, head.i))



def is_hyphenated_duration(c: Candidate) -> bool:
    """"a nine-hour curfew", "a 10-year sentence"."""
    after = _after(c)
    return after[:1] == ["-"] and len(after) > 1 and (after[1] in c.rules.duration or after[1].startswith("year"))


def is_word_compound(c: Candidate) -> bool:
    """A number word glued by a hyphen to a word that is neither a number nor a unit: a modifier
    ("a one-way ticket", "a one-off payment", "a three-time champion"), not a count."""
    doc, j, end = c.doc, c.j, c.ctx.span.end
    if c.j - c.i != 1 or not doc[c.i].is_alpha or j + 1 >= end or doc[j].text != "-":
        return False
    nxt = doc[j + 1]
    if doc[c.i].whitespace_ or doc[j].whitespace_ or not nxt.is_alpha:
        return False
    word = nxt.lower_
    return word not in c.rules.numeral_words and word not in c.rules.measure and word not in c.rules.duration \
        and word.rstrip("s") not in c.rules.duration and _value(doc, j + 1, j + 2, c.rules) is None


def is_definite_reference(c: Candidate) -> bool:
    """"the two sides", "the three border crossings": a set the story names, not a count;
    "Six of the seven justices" (after "of"), "the two smallest branches" (a subset), digits
    ("the 250 seats") and a number the article counted before ("the four ports") are counts."""
    doc, i, j, end = c.doc, c.i, c.j, c.ctx.span.end
    if j - i != 1 or not doc[i].is_alpha or i < 1 or doc[i - 1].lower_ not in c.rules.definite_reference_words:
        return False
    if i >= 2 and doc[i - 2].lower_ == "of" or _written_quantity(c):
        return False
    head = _unit_head(doc, i, j, c.ctx.span)  # an adjective picks a subset: "the two dissenting members"
    return head is not None and head.tag_ == "NNS" and j < end \
        and all(doc[k].dep_ == "compound" for k in range(j, head.i)) \
        and not _counted_before(c, head)  # "the three border crossings"


# How far back a definite number word looks for the count it restates: about two articles'
# length, so one long document costs per token what short ones do.
COUNTED_BEFORE_TOKENS = 2000


def _counted_before(c: Candidate, head: Token) -> bool:
    """The article counted the same things earlier with the same number ("Portugal's four biggest
    container ports ... off the four ports"): the definite mention restates a count."""
    doc, word, lemma = c.doc, c.doc[c.i].lower_, head.lemma_
    return any(doc[k].lower_ == word and (k == 0 or doc[k - 1].lower_ not in c.rules.definite_reference_words)
               and any(t.lemma_ == lemma for t in doc[k + 1:k + 4])
               for k in range(max(0, c.i - COUNTED_BEFORE_TOKENS), c.i - 1))


def is_age(c: Candidate) -> bool:
    """"29-year-old", "57 years old", "aged 57", "aged between 19 and 62"."""
    joined = " ".join(_after(c))
    if any(p.match(joined) for p in c.rules.age_after) or c.i > 0 and _prev(c) in c.rules.age_cues:
        return True
    words = lowers(c.doc)
    if c.i > 1 and words[c.i - 1] in c.rules.range_openers and words[c.i - 2] in c.rules.age_cues:
        return True
    if c.i > 1 and words[c.i - 1] == "of" and words[c.i - 2] in c.rules.age_cues:
        return True  # "two children under the age of five"
    return is_age_bound(c)


def is_copular_age(c: Candidate) -> bool:
    """"My son was 24.", "her grandson, who was 22 and serving a sentence": a bare whole number after
    "be" whose subject is a person (``age_subjects``, or the person a "who" clause hangs on) is an age."""
    doc, i, j, end = c.doc, c.i, c.j, c.ctx.span.end
    tok = doc[i]
    if j - i != 1 or tok.dep_ not in ("attr", "acomp") or tok.head.lemma_ != "be" or _written_quantity(c) \
            or j < end and doc[j].pos_ in ("NOUN", "PROPN"):
        return False
    value, (low, high) = _value(doc, i, j, c.rules), c.rules.age_after_name
    subject = next((ch for ch in tok.head.children if ch.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in ("who", "that") and tok.head.dep_ == "relcl":
        subject = tok.head.head
    return subject is not None and subject.lemma_.lower() in c.rules.age_subjects and value is not None \
        and value == int(value) and low <= value <= high


def is_age_bound(c: Candidate) -> bool:
    """"children under five", "people over 65": a bound on an age after a noun of people, with
    no counted noun of its own ("children under 500 grams" is not)."""
    doc, i, j, end = c.doc, c.i, c.j, c.ctx.span.end
    words = lowers(doc)
    if i < 2 or words[i - 1] not in c.rules.age_bounds or words[i - 2] not in c.rules.age_nouns:
        return False
    return not (j < end and doc[j].pos_ in ("NOUN", "PROPN")) and not _written_quantity(c)


def is_duration(c: Candidate) -> bool:
    """"six years", "three months": the counted noun or the next word is a unit of time."""
    if _written_quantity(c):
        return False
    head = _unit_head(c.doc, c.i, c.j, c.ctx.span)
    if head is not None and head.lower_ in c.rules.duration:
        return True
    after = _after(c)
    return bool(after) and after[0] in c.rules.duration


def is_parts_of_a_whole(c: Candidate) -> bool:
    """ "two halves of the same problem": a whole split in parts (``part_nouns``), not a count."""
    head = _unit_head(c.doc, c.i, c.j, c.ctx.span)
    return head is not None and head.lower_ in c.rules.part_nouns and not _written_quantity(c)


def is_label_number(c: Candidate) -> bool:
    """A number after a capitalised name inside the sentence: "Article 19", "Resolution 2334"."""
    doc, i = c.doc, c.i
    return i > 0 and doc[i - 1].is_title and doc[i - 1].pos_ == "PROPN" and doc[i].like_num and c.j - i == 1 \
        and not doc[i - 1].is_sent_start and not _countable_next(doc, c.j, c.rules) and not _written_quantity(c)


def is_name_number(c: Candidate) -> bool:
    """After a word that numbers things: "phase two", "Fire Station 12", "Bulletin No. 14" (where
    the tokenizer split "No." in two)."""
    if c.i > 0 and _prev(c) in c.rules.name_number_words:
        return True
    doc = c.doc
    return c.i > 1 and doc[c.i - 1].text == "." and not doc[c.i - 2].whitespace_ \
        and (doc[c.i - 2].lower_ + ".") in c.rules.name_number_words


def _multiplies(c: Candidate, after: list[str]) -> bool:
    """ "times" followed by what it multiplies: "the", "as", a comparative ("2.5 times higher"),
    "last year's"; not "three times this year" (a frequency)."""
    k = c.j + 1
    if len(after) < 2:
        return False
    base = _time_base(c.doc, k, c.ctx.span.end, c.rules)
    if base is not None:
        return base
    return after[1] in c.rules.multiple_followers or c.doc[k].tag_ in ("JJR", "RBR")


def _time_base(doc: Doc, k: int, end: int, rules: CountRules) -> Optional[bool]:
    """At token k after a multiple, "last year's" (True: the base is a period's figure) or "this year"
    (False: when, so "three times this year" is a frequency); None for anything else."""
    if doc[k].lower_ not in rules.relative_time_words or k + 1 >= end or doc[k + 1].lower_ not in rules.duration:
        return None
    return k + 2 < end and doc[k + 2].tag_ == "POS"


def is_age_after_name(c: Candidate) -> bool:
    """An age between commas after a name: "Navarro, 57, said"."""
    doc, i, j = c.doc, c.i, c.j
    if not (j - i == 1 and i > 1 and j < len(doc) and doc[i - 1].text == "," and doc[j].text == ","):
        return False
    first, name = doc[i], doc[i - 2]
    low, high = c.rules.age_after_name
    return first.like_num and (name.ent_type_ == "PERSON" or name.pos_ == "PROPN" and name.is_title) \
        and first.text.isdigit() and low <= int(first.text) <= high


def is_part_of_larger_vague(c: Candidate) -> bool:
    """"hundreds" in "hundreds of thousands": the count is the larger amount ("tens" is no run)."""
    doc, j, end = c.doc, c.j, c.ctx.span.end
    return doc[c.i].lower_ in c.rules.vague_multiples and j + 1 < end and doc[j].lower_ == "of" \
        and doc[j + 1].lower_ in c.rules.vague_multiplied


def is_age_range_end(c: Candidate) -> bool:
    """The second age of a range: "aged 25 to 40", "ages 18-34"."""
    doc, runs, idx = c.doc, c.ctx.runs, c.idx
    if idx == 0 or idx > len(runs) or c.i < 2:
        return False
    a, b = runs[idx - 1]
    joins = doc[b].text in c.rules.range_connectors or doc[b].lower_ == "and"
    words = lowers(doc)
    if a > 1 and words[a - 1] in c.rules.range_openers:
        a -= 1  # "aged between 19 and 62"
    return b == c.i - 1 and joins and a > 0 and words[a - 1] in c.rules.age_cues


def is_address(c: Candidate) -> bool:
    """A street number: "10 Downing Street", "575 Wilbraham Road", "16-18 Industrial Avenue"."""
    doc, k, end = c.doc, c.j, c.ctx.span.end
    if k + 1 < end and doc[k].text in c.rules.range_connectors and doc[k + 1].like_num:
        k += 2
    n = 0
    while k < end and doc[k].is_title and n < 4:
        if n > 0 and doc[k].lower_ in c.rules.street_words:
            return True
        k, n = k + 1, n + 1
    return False


def is_not_a_numeral(c: Candidate) -> bool:
    """Words that looked like a numeral but have no value."""
    return _value(c.doc, c.i, c.j, c.rules) is None


Filter = Callable[[Candidate], bool]
# In order; the first that holds drops the run. They also decide whether a range's second number counts.
FILTERS: tuple[Filter, ...] = (is_in_name, is_time_of_day, is_day_of_month, is_year_number, is_ordinal,
                               is_date_entity, is_pronoun_one, is_idiom_one, is_hyphenated_duration, is_word_compound,
                               is_definite_reference, is_age, is_copular_age,
                               is_duration, is_parts_of_a_whole,
                               is_label_number, is_name_number, is_age_after_name, is_age_range_end, is_address)
# Only for a run on its own: the second number of a range is read with the first.
RUN_FILTERS: tuple[Filter, ...] = FILTERS + (is_part_of_larger_vague, is_not_a_numeral)


def dropped_by(c: Candidate, filters: tuple[Filter, ...] = FILTERS) -> Optional[str]:
    """The name of the first filter that drops the candidate, or None."""
    return next((f.__name__ for f in filters if f(c)), None)


# -- steps: each widens or reads the candidate ----------------------------------------------------------

def _money_scale(doc: Doc, i: int, j: int, lo: int, r: CountRules) -> float:
    """What a glued "m" multiplies by: a million after a currency ("£37m"), else 1 (metres)."""
    g = _glued(doc, j - 1, r)
    if g is None or g.kind != "unit" or g.suffix not in r.unit_or_scale or _currency_at(doc, i, lo, r) is None:
        return 1.0
    return float(r.numerals.abbreviations.get(g.suffix.lower(), 1))


def read_value(c: Candidate) -> Candidate:
    """The number, and whether it is vague ("dozens", "a few hundred", "tens of thousands")."""
    doc, r, lo = c.doc, c.rules, c.ctx.span.start
    value = _value(doc, c.i, c.j, r)
    if value is not None:
        value *= _money_scale(doc, c.i, c.j, lo, r)
    vague = c.j - c.i == 1 and doc[c.i].lower_ in r.vague
    if c.j - c.i == 1 and _kind(doc, c.i, r) == "scale" and c.i > lo and doc[c.i - 1].lower_ in r.vague_scale_modifiers:
        vague, value = True, value * 2  # "a few hundred", "several dozen": vague like "hundreds" (spec 4)
    i_qual = c.i
    if value is not None and c.i > lo and doc[c.i - 1].lower_ in r.negative_words \
            and not (c.i - 2 >= lo and doc[c.i - 2].lower_ in r.tolerance_words):
        value, i_qual = -value, c.i - 1  # "minus 40 degrees"; the qualifier before "minus" still reads
    if vague and c.i - 2 >= lo and doc[c.i - 1].lower_ == "of" and doc[c.i - 2].lower_ in r.vague_multiples:
        value, i_qual = r.vague_multiples[doc[c.i - 2].lower_] * value, c.i - 2
    return replace(c, value=value, vague=vague, i_qual=i_qual, start=i_qual, end=c.j, low=value, high=value)


def left_qualifier(c: Candidate) -> Candidate:
    """"more than", "about", "at least" before the number (or before its currency symbol)."""
    doc, r, lo, i_qual = c.doc, c.rules, c.ctx.span.start, c.i_qual
    money = _currency_at(doc, c.i, lo, r) if i_qual == c.i else None
    q_end = min(i_qual, money[0]) if money else i_qual  # "about $96", "some HK $5"
    q_start, q = _match_before(doc, q_end, r.qualifiers, lo)
    if q is None and q_end - 3 >= lo and doc[q_end - 1].lower_ == "of" and doc[q_end - 2].pos_ == "NOUN" \
            and doc[q_end - 3].lower_ in r.estimate_words:
        q = "approximate"  # "at an estimated cost of $38 million": the estimate qualifies the amount
    start = c.start if q is None else q_start if q_start < q_end else q_end
    c = replace(c, q=q, qualifier=q or c.qualifier, start=start)
    if not c.vague:
        return c
    # "a few hundred", "tens of thousands", "several dozen" keep the vague reading.
    start = c.start
    while start > lo and doc[start - 1].lower_ in r.vague_modifiers:
        start -= 1
    return replace(c, start=start, qualifier="approximate" if q in (None, "approximate") else q, high=None)


def _lead(c: Candidate) -> int:
    """Where the number starts with its currency ("$" of "$40", "HK" of "HK $3.7")."""
    money = _currency_at(c.doc, c.i, c.ctx.span.start, c.rules)
    return min(c.start, money[0]) if money else c.start


def _past_sign(c: Candidate, k: int) -> int:
    """Past a percent sign or unit symbol the first number of a range repeats ("2% to 2.5%",
    "1 per cent to 1.5 per cent", "15 kHz to 17 kHz")."""
    r, limit = c.rules, c.ctx.span.end
    words = _match_at(c.doc, k, r.percent_signs, limit) or _match_at_texts(c.doc, k, r.unit_symbols, limit)
    return k + len(words) if words else k


def _past_currency(c: Candidate, k: int) -> int:
    """Past the currency of a range's second number ("$40 and $45", "$5 million to HK $7 million")."""
    doc, r, limit = c.doc, c.rules, c.ctx.span.end
    if k < limit and doc[k].text in r.symbols:
        return k + 1
    if k + 1 < limit and doc[k].text in r.symbol_prefixes and doc[k + 1].text in r.prefixable_symbols:
        return k + 2
    return k


def _connector(c: Candidate, k: int) -> Optional[str]:
    """What joins a range at token k: "to", "-", "and" after "between", "or"; else None."""
    doc, r, span = c.doc, c.rules, c.ctx.span
    if k >= span.end:
        return None
    lead = _lead(c)
    word = doc[k].lower_
    if doc[k].text in r.range_connectors or word in r.range_alternatives:
        return word
    return word if word == "and" and lead > span.start and doc[lead - 1].lower_ == "between" else None


def _range_second(c: Candidate) -> Optional[Candidate]:
    """The run after "-", "to", "or" or "between X and" that may close a range, if any."""
    doc, r, span = c.doc, c.rules, c.ctx.span
    k = _past_sign(c, c.j)
    rate = _match_at(doc, k, r.rate_phrases, span.end) if k == c.j else None
    if rate and _connector(c, k + len(rate)) in r.range_connectors:
        k = k + len(rate)  # "from €1,650 a month to €1,820": the rate is written once
    connector = _connector(c, k)
    if connector is None:
        return None
    k2 = _past_currency(c, k + 1)
    if rate and k2 == k + 1 and (k2 >= span.end or _currency_at(doc, k2, span.start, r) is None):
        return None  # past a rate only to a second amount of money: "€1,650 a month to €1,820"
    if k2 > k + 1 and _currency_at(doc, c.i, span.start, r) is None:
        return None  # "rose 6 percent to $98.3 million": a currency on the second number only
    words = _match_at(doc, k2, (w for w, _ in r.qualifiers), len(doc))  # "between 302 and more than 600"
    k2 += len(words) if words else 0
    if connector in r.range_alternatives and (words or c.vague):
        return None  # "310 or 312 people" is a range; "ten or more" and "dozens or hundreds" are not
    nxt = next((Candidate(c.ctx, n, a, b) for n, (a, b) in enumerate(c.ctx.runs) if n > c.idx and a == k2), None)
    if nxt is None or k > c.j and not rate and texts(doc)[nxt.j:nxt.j + k - c.j] != texts(doc)[c.j:k]:
        return None  # the sign after the first number must stand after the second too ("2% to 2.5%")
    return nxt


def _shared_scale(c: Candidate, a: int, b: int, value: float, other: float) -> float:
    """The first number with the scale word of the second, where it shares it: "2 to 3 million"
    does, "2 to 1 thousand" and "from $500 to $3 million" do not (the range would run downwards)."""
    doc = c.doc
    if not (doc[b - 1].lower_ in c.rules.range_scales and value < 1000 and other >= 1000):
        return value
    scaled = value * other / (parse_number([t.text for t in doc[a:b - 1]], rules=c.rules.numerals) or 1)
    return scaled if scaled <= other else value


def _is_change_word(tok: Token, rules: CountRules) -> bool:
    return tok.lower_ in rules.change_words or tok.pos_ == "VERB" and tok.lemma_.lower() in rules.change_words


def is_change_and_level(c: Candidate, value: float, other: float) -> bool:
    """"A to B" after a verb of change is two figures, not a range: "raised its forecast from 3%
    to 3.4%" (the same quantity at two times), "gained 14p to 1,092p" (a change, then the level
    it reached, far larger); "fell 3% to 4%" stays a range of changes."""
    doc, lo, r = c.doc, c.ctx.span.start, c.rules
    lead = _lead(c)
    before = doc[lead - 1] if lead > lo else None
    if before is None:
        return False
    if before.lower_ == "from":
        return before.head.i != before.i and _is_change_word(before.head, r) \
            and lead - 2 >= lo and doc[lead - 2].pos_ != "ADV"  # "grow anywhere from 2% to 2.5%" is a range
    if before.lower_ == "by" and lead - 2 >= lo:
        before = doc[lead - 2]
    return _is_change_word(before, r) and doc[c.j].lower_ == "to" and other >= r.change_level_ratio * value


def widen_range(c: Candidate) -> Candidate:
    """"between A and [more than] B", "A-B", "A to B", "from A to B", "A or B"; a range runs
    upwards ("won 30-12" is a score, "fell from 4.8% to 4.7%" two figures)."""
    nxt = _range_second(c)
    if nxt is None or dropped_by(nxt):
        return c
    doc, a, b, value, lo = c.doc, nxt.i, nxt.j, c.value, c.ctx.span.start
    other = _value(doc, a, b, c.rules)
    if other is None:
        return c
    other *= _money_scale(doc, a, b, lo, c.rules)
    if other < value or other == value and doc[c.j].lower_ in c.rules.range_alternatives:
        return c
    if is_change_and_level(c, value, other):
        return c
    value = _shared_scale(c, a, b, value, other)
    start = lead = _lead(c)
    if lead > lo and doc[lead - 1].lower_ in c.rules.range_openers:
        start = lead - 1
    start = start if start < lead else c.start
    return replace(c, value=value, low=value, high=other, qualifier="range", range_end=b, end=b, start=start)


def currency_symbol(c: Candidate) -> Candidate:
    """Money by a currency written before the number: "$2.5 million", "US $5", "S$3.2m", "KES 2 billion"."""
    money = _currency_at(c.doc, c.i, c.ctx.span.start, c.rules)
    if money is None:
        return c
    at, code = money
    return replace(c, kind="money", unit=code, start=min(c.start, at) if c.q is None else c.start)


def glued_unit(c: Candidate) -> Candidate:
    """A unit or percent glued to the last number: "310hp", "3-5kW" (measure), "18pc" (percent)."""
    if c.kind != "count":
        return c
    g = _glued(c.doc, (c.range_end or c.j) - 1, c.rules)
    if g is None or g.kind not in ("unit", "percent"):
        return c
    if g.kind == "percent":
        return replace(c, kind="percent", unit="%")
    k = c.end  # "3,923sq m": the unit's first word glued, the rest spaced
    words = texts(c.doc)
    rest = next((w[1:] for w in c.rules.unit_symbols
                 if len(w) > 1 and w[0] == g.suffix and words[k:k + len(w) - 1] == list(w[1:])), ())
    return replace(c, kind="measure", unit=" ".join((g.suffix,) + tuple(rest)), end=k + len(rest))


def unit_symbol(c: Candidate) -> Candidate:
    """A unit symbol after the number, as written: "3.6 MW", "40 nm", "1,520 sq m"."""
    if c.kind != "count":
        return c
    doc, k = c.doc, c.end
    words = _match_at_texts(doc, k, c.rules.unit_symbols, c.ctx.span.end)
    if not words and k < c.ctx.span.end and not doc[k - 1].whitespace_ and doc[k].text in c.rules.glued_units:
        words = (doc[k].text,)  # "37m" that the tokenizer split: glued, so a unit
    if not words:
        return c
    return replace(c, kind="measure", unit=doc[k:k + len(words)].text, end=c.end + len(words))


def _opens_compound(doc: Doc, k: int, limit: int) -> bool:
    """Token k is glued by a hyphen to the next word ("pound-feet")."""
    return k + 2 < limit and doc[k + 1].text == "-" and not doc[k].whitespace_ and not doc[k + 1].whitespace_


def percent_or_currency_word(c: Candidate) -> Candidate:
    """A percent sign or a currency word after the number: "42 percent", "1.2 billion euros",
    "5 Canadian dollars"."""
    r, end = c.rules, c.end
    tail = lowers(c.doc)[end:min(end + 3, c.ctx.span.end)]  # never past the sentence
    sign = next((w for w in r.percent_signs if tuple(tail[:len(w)]) == w), None)
    if sign is not None:
        end += len(sign)
        follower = next((w for w in r.percent_followers if tuple(tail[len(sign):len(sign) + len(w)]) == w), ())
        return replace(c, kind="percent", unit="%", end=end + len(follower))
    if c.kind == "money" or not tail or _opens_compound(c.doc, end, c.ctx.span.end):
        return c  # "300 pound-feet of torque" is a measure (``counted_unit``)
    if tail[0] in r.currency_words:
        return replace(c, kind="money", unit=r.currency_words[tail[0]], end=end + 1)
    if len(tail) >= 2 and tail[0] in r.currency_qualified and tail[1] in r.currency_words:
        return replace(c, kind="money", unit=r.currency_qualified[tail[0]], end=end + 2)
    return c


def counted_unit(c: Candidate) -> Candidate:
    """The counted noun as written ("political prisoners"); a currency or measure noun sets the kind."""
    if c.kind != "count":
        return c
    doc, r, first = c.doc, c.rules, c.range_end or c.j
    head = _unit_head(doc, c.i, first, c.ctx.span, r)
    if head is None:
        return c
    unit_start = _unit_start(doc, first, head)
    words = doc[unit_start:head.i + 1]
    # A currency word closing a hyphenated compound is a unit of measure ("450 foot-pounds of torque").
    compound = head.i - 1 > unit_start and doc[head.i - 1].text == "-" and not doc[head.i - 2].whitespace_
    if head.lower_ in r.currency_words and not compound:
        return replace(c, kind="money", unit=r.currency_words[head.lower_], end=head.i + 1)
    if words.text and not any(t.is_punct and t.text not in "-," for t in words) \
            and (all(t.text != "," for t in words) or any(t.pos_ == "CCONJ" for t in words)):  # a list, not an aside
        kind = "measure" if head.lower_ in r.measure or compound and head.lower_ in r.currency_words else c.kind
        end = head.i + 1
        if kind == "measure" and end < c.ctx.span.end and doc[end].lower_ in r.unit_scales:
            end += 1  # "40 degrees Celsius": the scale is part of the unit
        return replace(c, unit=doc[unit_start:end].text, end=end, kind=kind)
    return c


def minor_unit(c: Candidate) -> Candidate:
    """"62 cents", "44.5 pence": money in the main unit, in the currency the sentence names
    ("62 cents to $78.71"), else the table's ("pence" is sterling)."""
    minor = c.rules.minor_units.get((c.unit or "").lower()) if c.kind in ("count", "measure") else None
    if minor is None or c.value is None:
        return c
    code, factor = minor
    code = _sentence_currency(c) or code
    scale = lambda v: None if v is None else round(v * factor, 6)  # noqa: E731
    return replace(c, kind="money", unit=code, value=scale(c.value), low=scale(c.low), high=scale(c.high))


def local_currency(c: Candidate) -> Candidate:
    """"480,000 shillings" in a Tanzanian story is TZS, "CFA francs" in a Chadian one XAF: a
    currency word several countries use takes the code of the country the article names first;
    a qualifier before the word ("Ugandan shillings") has already decided."""
    if c.kind != "money":
        return c
    doc, r = c.doc, c.rules
    k = next((k for k in range(c.start, c.end) if doc[k].lower_ in r.local_currencies), None)
    if k is None or k > c.ctx.span.start and doc[k - 1].lower_ in r.currency_qualified:
        return c
    code = _first_country_code(doc, doc[k].lower_, r)
    return replace(c, unit=code) if code else c


def _first_country_code(doc: Doc, word: str, r: CountRules) -> Optional[str]:
    """The code of a currency word several countries use, by the country the article names
    first (None when it names none of them)."""
    pattern, place_code = r.local_currencies[word]
    found = pattern.search(doc_text(doc))  # the cached text: Doc.text is rebuilt from its tokens
    return place_code[found.group(0)] if found else None


def _currency_word_code(doc: Doc, k: int, lo: int, r: CountRules) -> str:
    """The code of the currency word at k: its qualifier ("Ugandan shillings"), else the
    country the article names first for a shared word, else the table's."""
    word = doc[k].lower_
    if k > lo and doc[k - 1].lower_ in r.currency_qualified:
        return r.currency_qualified[doc[k - 1].lower_]
    return (_first_country_code(doc, word, r) if word in r.local_currencies else None) or r.currency_words[word]


def exchange_rate(c: Candidate) -> Candidate:
    """"10.45 to the dollar", "around 16,850 per dollar": an exchange rate is money in the
    currency the sentence names before the number ("The cedi traded at ...")."""
    doc, r, span = c.doc, c.rules, c.ctx.span
    k = c.end
    if c.kind != "count" or c.unit is not None or k >= span.end or doc[k].lower_ not in r.rate_words:
        return c
    k += 1 + (k + 1 < span.end and doc[k + 1].pos_ == "DET")
    if k >= span.end or doc[k].lower_ not in r.currency_words and doc[k].text not in r.symbols:
        return c
    named = next((m for m in range(c.i - 1, span.start - 1, -1) if doc[m].lower_ in r.currency_words), None)
    if named is None:
        return c
    return replace(c, kind="money", unit=_currency_word_code(doc, named, span.start, r))


def elided_money(found: list[Candidate]) -> list[Candidate]:
    """"between 28,000 and 32,000 CFA francs, up from about 20,000": a bare number after "from",
    "with", "than" takes the currency of the sentence's amount of money before it."""
    out: list[Candidate] = []
    for c in found:
        money = next((p for p in reversed(out) if p.kind == "money"), None)
        lead = c.start - 1
        if money is not None and c.kind == "count" and c.unit is None and lead >= c.ctx.span.start \
                and c.doc[lead].lower_ in c.rules.elided_money_leads:
            c = replace(c, kind="money", unit=money.unit)
        out.append(c)
    return out


def _sentence_currency(c: Candidate) -> Optional[str]:
    """The currency of the sentence's first amount of money ("$78.71", "1.12 dollars"), if any:
    a currency written before one of its numbers (as ``currency_symbol`` reads it) or a currency
    word right after one ("the euro rose" names no amount)."""
    doc, r, span = c.doc, c.rules, c.ctx.span
    for i, j in c.ctx.runs:
        money = _currency_at(doc, i, span.start, r)
        if money is not None:
            return money[1]
        if j < span.end and doc[j].lower_ in r.currency_words:
            return r.currency_words[doc[j].lower_]
    return None


def ratio(c: Candidate) -> Candidate:
    """"one in five", "two out of three": a share, as a percent of the second number."""
    doc, r = c.doc, c.rules
    if c.qualifier == "range" or c.vague:
        return c
    words = _match_at(doc, c.j, r.ratio_connectors, c.ctx.span.end)
    if not words:
        return c
    k = c.j + len(words)
    run = next(((a, b) for a, b in c.ctx.runs if a == k), None)
    other = _value(doc, run[0], run[1], r) if run else None
    if not other or c.value is None or not 0 < c.value < other:
        return c
    counted = run[1] < c.ctx.span.end and doc[run[1]].tag_ == "NNS"  # "1 in 2000 people" is a share
    if run[1] - run[0] == 1 and not counted and is_year(doc, run[0], rules=r.years):
        return c  # "from €1,610 in 2021": an amount and its year, not a share
    share = round(c.value / other * 100, 1)
    return replace(c, value=share, low=share, high=share, kind="percent", unit="%", end=run[1], range_end=run[1])


def times_multiple(c: Candidate) -> Candidate:
    """ "40 times the legal limit", "12 times as many", "2.5 times higher": a multiple written with digits (or a number
    the multiples table does not list) is a percent of the base, as "three times the cost" is."""
    after = _after(c, 2)
    if c.value is None or c.qualifier == "range" or c.vague or len(after) < 2 \
            or after[0] not in c.rules.times_words or not _multiplies(c, after):
        return c
    value = as_int(c.value * 100)
    return replace(c, value=value, low=value, high=value, kind="percent", unit="%", end=c.j + 1, range_end=c.j + 1)


def threshold(c: Candidate) -> Candidate:
    """"crossed the 50,000 mark", "passed the $1 billion threshold": more than the number."""
    doc, r, lo = c.doc, c.rules, c.ctx.span.start
    if c.qualifier != "exact" or c.end >= c.ctx.span.end:
        return c
    mark = next((k for k in range(c.j, min(c.end + 1, c.ctx.span.end)) if doc[k].lower_ in r.threshold_nouns), None)
    lead = _lead(c)
    if mark is None or lead - 2 < lo or doc[lead - 1].lower_ != "the" or doc[lead - 2].lower_ not in r.passing_verbs:
        return c
    return replace(c, qualifier="more_than", high=None, start=lead - 2, end=mark + 1,
                   unit=c.unit if c.kind != "count" else None)


def right_qualifier(c: Candidate) -> Candidate:
    """"or more", "or so" after the count of an exact number."""
    limit = c.ctx.span.end
    if c.qualifier == "exact":
        words = _match_at(c.doc, c.end, c.rules.at_least_suffixes, limit)
        if words:
            return replace(c, qualifier="at_least", high=None, end=c.end + len(words))
        words = _match_at(c.doc, c.end, c.rules.approx_suffixes, limit)
        if words:
            return replace(c, qualifier="approximate", end=c.end + len(words))
    return c


def bounds(c: Candidate) -> Candidate:
    """Open bounds: "more than" has no high, "fewer than" no low."""
    if c.qualifier in ("more_than", "at_least"):
        return replace(c, high=None)
    if c.qualifier in ("less_than", "at_most"):
        return replace(c, low=None, high=c.value)
    return c


Step = Callable[[Candidate], Candidate]
STEPS: tuple[Step, ...] = (read_value, left_qualifier, widen_range, ratio, times_multiple, currency_symbol,
                           percent_or_currency_word, glued_unit, unit_symbol, counted_unit, minor_unit,
                           local_currency, exchange_rate, threshold, right_qualifier, bounds)


# -- the spine ---------------------------------------------------------------------------------------

def find_counts(span: Span, *, name_tokens: Optional[set[int]] = None, rules: Optional[CountRules] = None,
                decisions: Optional[list[dict]] = None) -> list[CountMention]:
    """Counts in one sentence. ``name_tokens`` are token indices inside actor names; each run a
    filter drops is appended to ``decisions``."""
    rules = rules or default_rules()
    ctx = Context(span, rules, tuple(numeral_runs(span, rules=rules)), frozenset(name_tokens or ()))
    fractions = fraction_counts(span, set(), rules=rules)
    inside = {k for f in fractions for k in range(f.start, f.end)}  # characters of "two-thirds", "doubled"
    kept: list[Candidate] = []
    skip_until = -1
    for idx, (i, j) in enumerate(ctx.runs):
        if i < skip_until or span.doc[i].idx in inside:  # a range's second number, or a fraction's
            continue
        c = Candidate(ctx, idx, i, j)
        by = dropped_by(c, RUN_FILTERS)
        if by is not None:
            if decisions is not None:
                decisions.append(_dropped(span.doc[i:j], by))
            continue
        for step in STEPS:
            c = step(c)
        skip_until = c.range_end or skip_until
        kept.append(c)
    results = [c.mention() for c in elided_money(kept)] + fractions
    results.sort(key=lambda r: r.start)
    return results


def _dropped(words: Span, by: str) -> dict:
    return {"field": "counts", "text": words.text, "start": words.start_char, "end": words.end_char, "by": by,
            "action": "dropped"}


# -- fractions and multiples ----------------------------------------------------------------------------

def _multiple_follows(span: Span, j: int, rules: CountRules) -> bool:
    """"twice the number", "double that", "twice as many": a multiple of something, unlike
    "scored twice", "double-digit" or "twice as United confirmed"."""
    if j < span.end and _time_base(span.doc, j, span.end, rules) is False:
        return False  # "twice this year": when, not a base
    if j >= span.end or span.doc[j].lower_ not in rules.multiple_followers:
        return False
    nxt = span.doc[j + 1] if j + 1 < span.end else None
    return span.doc[j].lower_ != "as" or nxt is not None and nxt.pos_ in ("ADJ", "ADV")


def _fraction_blocked(span: Span, i: int, j: int, words: tuple[str, ...], rules: CountRules) -> bool:
    """"half a day", "twice a week" (time), "the second half of 2024" (a date), "a half" inside
    a longer phrase."""
    words_of, articles = lowers(span.doc), rules.numerals.articles
    if j < span.end and words_of[j] in rules.duration or j + 1 < span.end and words_of[j + 1] in rules.duration:
        return True
    if j + 1 < span.end and words_of[j] in articles and word_kind(words_of[j + 1], rules=rules.numerals) == "scale":
        return True  # "half a million people": a number of its own
    before = words_of[i - 1] if i > span.start else ""
    return before in rules.fraction_not_after or before in articles and words[0] not in articles


def _after_by(span: Span, i: int, rules: CountRules) -> bool:
    """A fraction after "by", its qualifier between or not ("rose by a quarter", "risen by roughly a
    quarter"), or after a qualifier of its own ("almost a third", "about a tenth each")."""
    lead, qualifier = _match_before(span.doc, i, rules.qualifiers, span.start)
    if qualifier is not None and lead < i:
        return True  # "an increase of almost a third.", "cuts of about a tenth each": a qualified share
    return lead > span.start and lowers(span.doc)[lead - 1] in rules.fraction_by_words


def _fraction_at(span: Span, i: int, rules: CountRules) -> Optional[tuple[int, float]]:
    """A fraction ("half of", "a quarter of") or multiple ("twice the", "doubled") at token i:
    (its end, percent)."""
    words_of = lowers(span.doc)
    for table, follows in ((rules.fractions, "fraction"), (rules.multiples, "multiple"), (rules.multiple_verbs, "")):
        for words, value in table:
            j = i + len(words)
            if words[0] != words_of[i] or j > span.end or tuple(words_of[i:j]) != words:
                continue
            if follows == "fraction" and not (j < span.end and words_of[j] in rules.fraction_followers
                                              or _after_by(span, i, rules)):
                continue
            if follows == "multiple" and j < span.end and _time_base(span.doc, j, span.end, rules):
                return j, value  # "more than double last year's"
            if follows == "multiple" and not _multiple_follows(span, j, rules):
                continue
            if follows and _fraction_blocked(span, i, j, words, rules):  # a verb: "doubled last year"
                continue
            return j, value
    return None


def fraction_counts(span: Span, taken: set[int], *, rules: CountRules) -> list[CountMention]:
    """'half of', 'a quarter of', 'twice the number', 'nearly twice' -> percent counts, except
    where a count already starts."""
    doc, out = span.doc, []
    words, firsts = lowers(doc), rules.fraction_firsts
    for i in range(span.start, span.end):
        found = _fraction_at(span, i, rules) if words[i] in firsts else None
        if found is None:
            continue
        j, value = found
        q_start, q = _match_before(doc, i, rules.qualifiers, span.start)
        start, qualifier = (q_start, q) if q is not None else (i, "exact")
        if doc[start].idx in taken:
            continue
        low, high = (value, None) if qualifier in ("more_than", "at_least") else \
            (None, value) if qualifier in ("less_than", "at_most") else (value, value)
        text = doc[start:j]
        out.append(CountMention(text.start_char, text.end_char, text.text, low, high, qualifier, "percent", "%"))
    return out


# -- the stage ---------------------------------------------------------------------------------------

def actor_name_tokens(doc: Doc) -> set[int]:
    """Token indices inside the names of people and organisations the actors stage found."""
    names: set[int] = set()
    for m in doc._.actor_mentions:
        if m.via in _NAME_VIA and m.type in _NAME_TYPES:
            names.update(range(m.tok_start, m.tok_end))
    return names


class CountStage(Stage):
    """Each claim's count records (``span._.counts``) and what the filters dropped (``span._.decisions``)."""
    needs = ("claims_sentences", "claims_actors")

    def compile(self, pack: Pack) -> CountRules:
        return CountRules.from_pack(pack)

    def process(self, doc: Doc) -> Doc:
        # Frozen once: find_counts freezes what it gets, and a frozenset is not copied again.
        names = frozenset(actor_name_tokens(doc))
        for claim in doc._.claims:
            decisions: list[dict] = []
            claim._.counts = [c.as_record() for c in find_counts(claim, name_tokens=names, rules=self.rules,
                                                                 decisions=decisions)]
            claim._.decisions = list(claim._.decisions or []) + decisions
        return doc


@Language.factory("claims_counts", requires=["doc._.claims", "doc._.actor_mentions", "token.dep"],
                  assigns=["span._.counts", "span._.decisions"], default_config=DEFAULT_CONFIG)
def make_counts(nlp: Language, name: str, lang: str, pack_path: Optional[str]) -> CountStage:
    return CountStage(nlp, name, lang=lang, pack_path=pack_path)
