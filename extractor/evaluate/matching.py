"""How a predicted item is judged correct, one strategy per field and mode (claims-spec 7)."""
from __future__ import annotations

import re
from typing import Callable, Optional, Sequence

from ..normalize.names import name_key, name_tokens
from ..resources import fold

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    return _WS.sub(" ", text).strip()


def align_claims(gold: Sequence, pred: Sequence) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index): by character overlap where both have
    offsets, else by equal whitespace-normalised text. Largest overlaps are paired first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if g.start is not None and g.end is not None and p.start is not None and p.end is not None:
                overlap = min(g.end, p.end) - max(g.start, p.start)
                if overlap > 0:
                    candidates.append((overlap, gi, pi))
            elif normalise_text(g.text) == normalise_text(p.text):
                candidates.append((len(g.text), gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def match_one_to_one(gold: Sequence, pred: Sequence, same: Callable[[object, object], bool]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing of items that ``same`` accepts, in order."""
    used: set[int] = set()
    pairs = []
    for pi, p in enumerate(pred):
        for gi, g in enumerate(gold):
            if gi not in used and same(g, p):
                used.add(gi)
                pairs.append((gi, pi))
                break
    return pairs


# --- actors and attribution: sets of names ----------------------------------------------------------

def names_strict(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


def names_lenient(a: str, b: str) -> bool:
    return bool(name_tokens(a) & name_tokens(b)) or names_strict(a, b)


# --- counts -------------------------------------------------------------------------------------------

def _num_eq(a: Optional[float], b: Optional[float]) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)))


def counts_strict(g, p) -> bool:
    return _num_eq(g.low, p.low) and _num_eq(g.high, p.high) and g.qualifier == p.qualifier


def counts_lenient(g, p) -> bool:
    return (g.low is not None and _num_eq(g.low, p.low)) or (g.high is not None and _num_eq(g.high, p.high))


_IRREGULAR = {"people": "person", "men": "man", "women": "woman", "children": "child", "police": "police"}
_UNIT_PREPS = {"of", "for", "in", "from", "with", "at", "on", "who", "that", "which", "to"}


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"), ("zes", "z"),
                         ("uses", "us")):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)] + repl
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _head(unit: Optional[str]) -> Optional[str]:
    """Head word of a unit noun phrase: the last word before a preposition or relative clause
    ("prisoners of conscience" -> "prisoner"), singular."""
    if unit is None:
        return None
    words = re.findall(r"[\w%$€£]+", fold(unit))
    if not words:
        return None
    for i, word in enumerate(words):
        if word in _UNIT_PREPS and i > 0:
            words = words[:i]
            break
    return _singular(words[-1])


def units_equal(g: Optional[str], p: Optional[str]) -> bool:
    return _head(g) == _head(p)


# --- dates --------------------------------------------------------------------------------------------

def dates_strict(g, p) -> bool:
    return g.value is not None and g.value == p.value


def spans_overlap(g_range: tuple[int, int], p_range: tuple[int, int]) -> bool:
    return min(g_range[1], p_range[1]) > max(g_range[0], p_range[0])
