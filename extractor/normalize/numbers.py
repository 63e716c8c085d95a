"""Numerals in digits, words or both -> values ("1,197", "a thousand", "2.5 million", "two dozen").

The number words come from a rules object (``NumeralRules``) built from the rule pack's
``numbers.json``; ``default_rules()`` builds it from the bundled pack for callers without one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping, Optional, Sequence

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


@dataclass(frozen=True)
class NumeralRules:
    """The word tables of numerals: word -> value."""
    units: Mapping[str, int]
    tens: Mapping[str, int]
    scales: Mapping[str, int]
    abbreviations: Mapping[str, int]
    articles: frozenset[str]

    @classmethod
    def from_pack(cls, pack: Any) -> "NumeralRules":
        n = pack.numbers
        return cls(units=MappingProxyType(dict(n.units)), tens=MappingProxyType(dict(n.tens)),
                   scales=MappingProxyType(dict(n.scales)),
                   abbreviations=MappingProxyType(dict(n.scale_abbreviations)), articles=frozenset(n.articles))


def default_rules() -> NumeralRules:
    """The tables of the bundled pack (the pack itself is read once per folder)."""
    from ..components.base import default_pack  # here: the stages import this module
    return NumeralRules.from_pack(default_pack())


def digit_value(text: str) -> Optional[float]:
    """'1,197' -> 1197; '2.5' -> 2.5; anything else -> None."""
    if not _DIGITS.match(text):
        return None
    return float(text.replace(",", ""))


def word_kind(word: str, *, rules: Optional[NumeralRules] = None) -> Optional[str]:
    """Which part a word plays in a numeral: 'digit', 'unit', 'tens', 'scale', 'abbr', or None."""
    r = rules or default_rules()
    low = word.lower()
    if digit_value(word) is not None:
        return "digit"
    for kind, table in (("unit", r.units), ("tens", r.tens), ("scale", r.scales), ("abbr", r.abbreviations)):
        if low in table:
            return kind
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
    for i, word in enumerate(words):
        low = word.lower()
        if low in r.articles and i == 0:
            current = 1.0
            continue
        if low == "and" and seen:
            continue
        kind = word_kind(word, rules=r)
        if kind is None:
            return None
        seen = True
        if kind == "digit":
            if current not in (None, 1.0) or (current == 1.0 and i != 1):
                return None
            current = digit_value(word)
        elif kind in ("unit", "tens"):
            current = _add_word(r, kind, low, current)
        else:
            scale = r.scales[low] if kind == "scale" else r.abbreviations[low]
            base = 1.0 if current is None else current
            if scale <= 100:  # hundred, dozen, score multiply what precedes
                current = base * scale
            else:
                total += base * scale
                current = None
    if not seen:
        return None
    return total + (current or 0)


def as_int(value: Optional[float]) -> Optional[float | int]:
    """Whole numbers as int (the spec's 'int where whole')."""
    if value is None:
        return None
    if float(value).is_integer():
        return int(value)
    return round(value, 4)
