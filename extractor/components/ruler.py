"""The model's attribute ruler, run faster, with the same result.

spaCy's ``AttributeRuler`` matches every token against every rule with the ``Matcher``; in
``en_core_web_sm`` its rules use ``IN``/``NOT_IN`` sets, which the Matcher checks through a
Python call per token and rule, so the ruler alone took about as long as the parser, or as all
the claim stages together. Almost all of its rules look at one token and test plain
attribute values, so here they become numpy comparisons over the Doc's attribute arrays; any
other rule (several tokens, REGEX, operators, extension attributes) stays with a ``Matcher``.
The matches and the order in which they are applied are spaCy's own (later rules win), so every
token ends with the same POS, MORPH, LEMMA, TAG and DEP: ``tests/components/test_ruler.py``
checks that against the stock component.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

import numpy
from spacy import attrs as spacy_attrs
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

# Attributes whose value the Matcher reads exactly as Doc.to_array does (string hashes, symbol
# ids or 0/1 flags). Others (LENGTH, SENT_START, MORPH, ENT_IOB...) have their own rules in
# the Matcher, so a rule using them stays there.
_STRING_ATTRS = {"ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "TAG", "DEP", "LEMMA", "ENT_TYPE"}
_ARRAY_ATTRS = _STRING_ATTRS | {
    "POS", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER",
    "LIKE_URL", "LIKE_NUM", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
    "IS_CURRENCY"}


@dataclass(frozen=True)
class _Test:
    """One attribute test of one token: a value, a set (IN / NOT_IN) or a REGEX."""
    column: int
    values: tuple[int, ...] = ()
    negate: bool = False  # NOT_IN
    regex: Optional[re.Pattern] = None

    def holds(self, column: numpy.ndarray, strings) -> numpy.ndarray:
        if self.regex is not None:
            # The Matcher searches each token's string; a Doc has far fewer distinct strings.
            distinct = numpy.unique(column)
            found = [h for h in distinct.tolist() if self.regex.search(strings[h])]
            return numpy.isin(column, found) if found else numpy.zeros(len(column), dtype=bool)
        if len(self.values) == 1:
            hit = column == self.values[0]
        else:
            hit = numpy.isin(column, self.values)
        return ~hit if self.negate else hit


def _test(column: int, key: str, value, strings) -> Optional[_Test]:
    """A token attribute test as the Matcher reads it; None if the Matcher has other rules for it."""
    if isinstance(value, bool):
        return _Test(column, (int(value),))
    if isinstance(value, str):
        return _Test(column, (strings.add(value),))
    if isinstance(value, int):
        return _Test(column, (value,))
    if isinstance(value, dict) and len(value) == 1:
        (op, items), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(items, (list, tuple)) \
                and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in items):
            return _Test(column, tuple(get_string_id(v) for v in items), negate=op == "NOT_IN")
        if op == "REGEX" and isinstance(items, str) and key in _STRING_ATTRS:
            return _Test(column, regex=re.compile(items))
    return None


def _token_tests(spec: dict, columns: dict[str, int], strings) -> Optional[list[_Test]]:
    tests = []
    for raw_key, value in spec.items():
        key = raw_key.upper() if isinstance(raw_key, str) else None
        key = "ORTH" if key == "TEXT" else key
        if key not in _ARRAY_ATTRS:
            return None  # OP, extension attributes, LENGTH...: the Matcher's business
        test = _test(columns.setdefault(key, len(columns)), key, value, strings)
        if test is None:
            return None
        tests.append(test)
    return tests


def _needed_value(patterns) -> Optional[tuple[int, int]]:
    """A (column, value) that every pattern of a rule requires of some token, if there is one."""
    needs = set()
    for pattern in patterns:
        plain = [(t.column, t.values[0]) for tests in pattern for t in tests
                 if t.regex is None and not t.negate and len(t.values) == 1]
        if not plain:
            return None
        needs.add(plain[0])
    return needs.pop() if len(needs) == 1 else None


class FastAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` whose fixed-length rules are matched with array comparisons."""

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler", *, validate: bool = False,
                 scorer: Optional[Callable] = None) -> None:
        self._plan = None
        super().__init__(vocab, name, validate=validate, scorer=scorer)

    def clear(self) -> None:
        super().clear()
        self._plan = None

    def add(self, patterns, attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._plan = None

    def _compile(self):
        """Split the rules: those whose every pattern is a fixed sequence of plain token tests,
        as (rule, match id, [[tests per token] per pattern]), and a Matcher for the rest."""
        columns: dict[str, int] = {}
        arrays, rest = [], Matcher(self.vocab, validate=self.validate)
        for i in range(len(self.attrs)):
            key = str(i)
            patterns = self.matcher.get(key)[1]
            compiled = []
            for pattern in patterns:
                tokens = [_token_tests(spec, columns, self.vocab.strings) for spec in pattern]
                if not tokens or any(t is None for t in tokens):
                    compiled = None
                    break
                compiled.append(tokens)
            if compiled is None:
                rest.add(key, patterns)
            else:
                arrays.append((i, self.vocab.strings.add(key), compiled, _needed_value(compiled)))
        ids = [spacy_attrs.IDS[name] for name in sorted(columns, key=columns.get)]
        self._plan = (arrays, rest if len(rest) else None, ids)
        return self._plan

    def _starts(self, pattern, table: numpy.ndarray, n: int) -> numpy.ndarray:
        """Where in the Doc the token sequence ``pattern`` starts (a mask over start positions)."""
        size = n - len(pattern) + 1
        hit = None
        for offset, tests in enumerate(pattern):
            for test in tests:
                h = test.holds(table[test.column], self.vocab.strings)[offset:offset + size]
                hit = h if hit is None else hit & h
        return numpy.ones(size, dtype=bool) if hit is None else hit

    def match(self, doc: Doc):
        arrays, rest, ids = self._plan or self._compile()
        matches = []
        n = len(doc)
        if n and arrays:
            # One row per attribute, so each test reads contiguous memory.
            table = numpy.ascontiguousarray(doc.to_array(ids).reshape(n, len(ids)).T) if ids \
                else numpy.zeros((0, n), dtype=numpy.uint64)
            present: dict[int, set] = {}
            for rule, match_id, patterns, needs in arrays:
                # Most rules name a word or a tag; skip those whose value is nowhere in the Doc.
                if needs is not None:
                    column, value = needs
                    if column not in present:
                        present[column] = set(numpy.unique(table[column]).tolist())
                    if value not in present[column]:
                        continue
                by_length: dict[int, numpy.ndarray] = {}
                for pattern in patterns:
                    if len(pattern) > n:
                        continue
                    hit = self._starts(pattern, table, n)
                    # Two patterns of one rule matching the same tokens are two Matcher matches,
                    # and setting the attributes twice leaves what setting them once does.
                    by_length[len(pattern)] = hit if len(pattern) not in by_length \
                        else by_length[len(pattern)] | hit
                for length, hit in by_length.items():
                    matches.extend((rule, match_id, i, i + length) for i in numpy.flatnonzero(hit).tolist())
        if rest is not None:
            matches.extend((int(self.vocab.strings[m_id]), m_id, s, e)
                           for m_id, s, e in rest(doc, allow_missing=True, as_spans=False))
        matches.sort()
        return matches

    def set_annotations(self, doc: Doc, matches) -> None:
        attrs, indices = self.attrs, self.indices
        for rule, match_id, start, end in matches:
            index = indices[rule]
            position = (start if index >= 0 else end) + index
            if not start <= position < end:
                # The stock component's error for an index outside the matched span.
                return super().set_annotations(doc, [(rule, match_id, start, end)])
            set_token_attrs(doc[position], attrs[rule])


@Language.factory("claims_attribute_ruler",
                  default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}})
def make_attribute_ruler(nlp: Language, name: str, validate: bool, scorer: Optional[Callable]) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def speed_up(nlp: Language, *, name: str = "attribute_ruler") -> bool:
    """Swap the pipeline's stock attribute ruler for the fast one, with the same rules.
    Returns whether a swap was made."""
    if name not in nlp.pipe_names or not isinstance(nlp.get_pipe(name), AttributeRuler) \
            or isinstance(nlp.get_pipe(name), FastAttributeRuler):
        return False
    patterns = nlp.get_pipe(name).patterns
    fast = nlp.replace_pipe(name, "claims_attribute_ruler")
    fast.add_patterns(patterns)
    return True
