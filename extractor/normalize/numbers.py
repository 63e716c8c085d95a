"""Numerals in digits, words or both -> values ("1,197", "a thousand", "2.5 million", "two dozen").

The number words come from a rules object (``NumeralRules``) built from the rule pack's
``numbers.json``; ``default_rules()`` builds it from the bundled pack for callers without one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping, Optional, Sequence

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
# A number written in one token with a currency before it or a unit or scale after it ("S$3.2",
# "310hp", "2.8bn", "RM3.06mil"): what is around the digits is checked against the tables.
_GLUED = re.compile(r"^(?P<pre>\D{1,4}?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<suf>[^\d\s,.]\S*)?$")


@dataclass(frozen=True)
class NumeralRules:
    """The word tables of numerals: word -> value."""
    units: Mapping[str, int]
    tens: Mapping[str, int]
    scales: Mapping[str, int]
    abbreviations: Mapping[str, int]
    articles: frozenset[str]
    # What may stand glued to the digits of one token: currency symbols and codes before them
    # (as written), unit symbols after them (as written), percent abbreviations after them.
    currency_prefixes: frozenset[str] = frozenset()
    unit_symbols: frozenset[str] = frozenset()
    percent_suffixes: frozenset[str] = frozenset()
    # Fractions that open a scale with its article: "half a million" (0.5 of it).
    scale_fractions: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_pack(cls, pack: Any) -> "NumeralRules":
        n = pack.numbers
        units = set(n.unit_symbols) | set(n.glued_unit_symbols)
        return cls(units=MappingProxyType(dict(n.units)), tens=MappingProxyType(dict(n.tens)),
                   scales=MappingProxyType(dict(n.scales)),
                   abbreviations=MappingProxyType(dict(n.scale_abbreviations)), articles=frozenset(n.articles),
                   currency_prefixes=frozenset(pack.currencies.symbols) | frozenset(pack.currencies.symbol_prefixes),
                   unit_symbols=frozenset(units),
                   percent_suffixes=frozenset(n.percent_suffixes),
                   scale_fractions=MappingProxyType(dict(n.scale_fractions)))


def default_rules() -> NumeralRules:
    """The tables of the bundled pack (the pack itself is read once per folder)."""
    from ..components.base import default_pack  # here: the stages import this module
    return NumeralRules.from_pack(default_pack())


def digit_value(text: str) -> Optional[float]:
    """'1,197' -> 1197; '2.5' -> 2.5; anything else -> None."""
    if not _DIGITS.match(text):
        return None
    return float(text.replace(",", ""))


@dataclass(frozen=True)
class Glued:
    """One token that is a number with what is written against it: "S$3.2" (prefix "S$"),
    "310hp" (suffix "hp", kind "unit"), "18pc" (kind "percent"), "2.8bn" (kind "scale")."""
    prefix: str
    number: float
    suffix: str = ""
    kind: str = ""  # "", "unit", "percent" or "scale"
    scale: int = 1

    @property
    def value(self) -> float:
        return self.number * self.scale


def _glued_suffix(suf: str, r: NumeralRules) -> Optional[tuple[str, int]]:
    """A suffix the tables know: (its kind, its scale); scales match in any case ("4.3M")."""
    if suf in r.unit_symbols:
        return "unit", 1
    if suf.lower() in r.percent_suffixes:
        return "percent", 1
    if suf.lower() in r.abbreviations:
        return "scale", r.abbreviations[suf.lower()]
    return None


def glued(word: str, *, rules: Optional[NumeralRules] = None) -> Optional[Glued]:
    """The reading of a one-token number with a currency before or a unit or scale after it;
    None for plain digits and for anything the tables do not know ("11J", "A320", "S24")."""
    r = rules or default_rules()
    m = _GLUED.match(word)
    if (m is None or (m["suf"] or "").endswith(".")) and word.endswith(".") and len(word) > 2:
        m = _GLUED.match(word[:-1])  # a sentence's full stop the tokenizer left on "22kW.", "19C."
    if m is None or not (m["pre"] or m["suf"]):
        return None
    pre, suf = m["pre"] or "", m["suf"] or ""
    if pre and pre not in r.currency_prefixes:
        return None
    number = float(m["num"].replace(",", ""))
    if not suf:
        return Glued(pre, number)
    # After a currency only a scale can follow ("S$3.2m" is millions, "37m" alone metres).
    found = ("scale", r.abbreviations[suf.lower()]) if pre and suf.lower() in r.abbreviations \
        else _glued_suffix(suf, r)
    if found is None or pre and found[0] != "scale":
        return None
    return Glued(pre, number, suf, *found)


def word_kind(word: str, *, rules: Optional[NumeralRules] = None) -> Optional[str]:
    """Which part a word plays in a numeral: 'digit', 'glued' (digits with a currency, unit or
    scale in the same token), 'unit', 'tens', 'scale', 'abbr', or None."""
    r = rules or default_rules()
    low = word.lower()
    if digit_value(word) is not None:
        return "digit"
    if not low.isalpha() and glued(word, rules=r) is not None:  # the cheap test first: most words are letters
        return "glued"
    for kind, table in (("unit", r.units), ("tens", r.tens), ("scale", r.scales), ("abbr", r.abbreviations)):
        if low in table:
            return kind
    if low.endswith(".") and low[:-1] in r.abbreviations:
        return "abbr"  # "£2.3m." at the end of a sentence: the tokenizer keeps the full stop on "m."
    if "-" in low:
        parts = low.split("-")
        if len(parts) == 2 and parts[0] in r.tens and parts[1] in r.units:
            return "tens"
    return None


def _add_word(r: NumeralRules, kind: str, low: str, current: Optional[float]) -> Optional[float]:
    """The running value after a unit or tens word."""
    if kind == "unit":
        return (current or 0) + r.units[low]
    if "-" in low:
        a, b = low.split("-")
        return (current or 0) + r.tens[a] + r.units[b]
    return (current or 0) + r.tens[low]


def parse_number(words: Sequence[str], *, rules: Optional[NumeralRules] = None) -> Optional[float]:
    """Value of a numeral given as its words; None when the words are not one numeral.

    Accepts a leading "a"/"an" ("a thousand"), "and" inside word numerals ("one hundred and
    five"), digits followed by scales ("2.5 million") and hyphenated tens ("twenty-five").
    """
    r = rules or default_rules()
    total = 0.0
    current: Optional[float] = None
    seen = False
    last_scale = 0.0
    start = 0
    if len(words) > 2 and words[0].lower() in r.scale_fractions and words[1].lower() in r.articles:
        start, current = 1, r.scale_fractions[words[0].lower()]  # "half a million"
    for i, word in enumerate(words):
        low = word.lower()
        if i < start:
            continue
        if low in r.articles and i == start:
            current = 1.0 if start == 0 else current
            continue
        if low == "and" and seen:
            continue
        kind = word_kind(word, rules=r)
        if kind is None:
            return None
        seen = True
        if kind in ("digit", "glued"):
            if current not in (None, 1.0) or (current == 1.0 and i != 1):
                return None
            current = digit_value(word) if kind == "digit" else glued(word, rules=r).value
        elif kind in ("unit", "tens"):
            current = _add_word(r, kind, low, current)
        else:
            scale = r.scales[low] if kind == "scale" else r.abbreviations[low.removesuffix(".")]
            base = 1.0 if current is None else current
            if scale <= 100:  # hundred, dozen, score multiply what precedes
                current = base * scale
            elif current is None and total and scale > last_scale:
                total *= scale  # "4 lakh crore", "a thousand million": a larger scale scales the whole
                last_scale = scale
            else:
                total += base * scale
                current, last_scale = None, scale
    if not seen:
        return None
    return total + (current or 0)


def as_int(value: Optional[float]) -> Optional[float | int]:
    """Whole numbers as int (the spec's 'int where whole')."""
    if value is None:
        return None
    value = round(float(value), 4)  # 32.8 * 10**6 is 32799999.999999996 before rounding
    return int(value) if value.is_integer() else value
