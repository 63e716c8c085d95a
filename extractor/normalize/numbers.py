"""Numerals in digits, words or both -> values ("1,197", "a thousand", "2.5 million", "two dozen")."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Sequence

from ..resources import load_json

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict, dict, dict, dict]:
    data = load_json("numbers.json")
    return data["units"], data["tens"], data["scales"], data["scale_abbreviations"]


def digit_value(text: str) -> Optional[float]:
    """'1,197' -> 1197; '2.5' -> 2.5; anything else -> None."""
    if not _DIGITS.match(text):
        return None
    return float(text.replace(",", ""))


def word_kind(word: str) -> Optional[str]:
    """Which part a word plays in a numeral: 'digit', 'unit', 'tens', 'scale', 'abbr', or None."""
    units, tens, scales, abbr = _tables()
    low = word.lower()
    if digit_value(word) is not None:
        return "digit"
    if low in units:
        return "unit"
    if low in tens:
        return "tens"
    if low in scales:
        return "scale"
    if low in abbr:
        return "abbr"
    if "-" in low:
        parts = low.split("-")
        if len(parts) == 2 and parts[0] in tens and parts[1] in units:
            return "tens"
    return None


def parse_number(words: Sequence[str]) -> Optional[float]:
    """Value of a numeral given as its words; None when the words are not one numeral.

    Accepts a leading "a"/"an" ("a thousand"), "and" inside word numerals ("one hundred and
    five"), digits followed by scales ("2.5 million") and hyphenated tens ("twenty-five").
    """
    units, tens, scales, abbr = _tables()
    total = 0.0
    current: Optional[float] = None
    seen = False
    for i, word in enumerate(words):
        low = word.lower()
        if low in ("a", "an") and i == 0:
            current = 1.0
            continue
        if low == "and" and seen:
            continue
        kind = word_kind(word)
        if kind is None:
            return None
        seen = True
        if kind == "digit":
            if current not in (None, 1.0) or (current == 1.0 and i != 1):
                return None
            current = digit_value(word)
        elif kind == "unit":
            current = (current or 0) + units[low]
        elif kind == "tens":
            if "-" in low:
                a, b = low.split("-")
                current = (current or 0) + tens[a] + units[b]
            else:
                current = (current or 0) + tens[low]
        else:
            scale = scales[low] if kind == "scale" else abbr[low]
            base = 1.0 if current is None else current
            if scale == 100:
                current = base * 100
            elif scale < 100:  # dozen, score multiply what precedes
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
