from types import MappingProxyType

import pytest

from extractor.normalize.numbers import NumeralRules, as_int, default_rules, parse_number, word_kind


@pytest.mark.parametrize("words,value", [
    ("1,197", 1197), ("1,234,567", 1234567), ("a thousand", 1000), ("twelve thousand", 12000),
    ("2.5 million", 2_500_000), ("1.2 billion", 1_200_000_000), ("two dozen", 24), ("a dozen", 12),
    ("one hundred and twenty", 120), ("twenty-five", 25), ("Eleven", 11), ("three hundred thousand", 300_000),
    # Indian scales, and a larger scale after a smaller one scaling the whole
    ("4.5 lakh", 450_000), ("1,200 crore", 12_000_000_000), ("4 lakh crore", 4_000_000_000_000),
    ("a thousand million", 1_000_000_000), ("two million three hundred thousand", 2_300_000),
])
def test_parse_number(words, value):
    assert parse_number(words.split()) == value


@pytest.mark.parametrize("words", ["political", "1,197 2", "a", "and"])
def test_not_numbers(words):
    assert parse_number(words.split()) is None


def test_as_int_keeps_fractions():
    assert as_int(302.0) == 302 and isinstance(as_int(302.0), int)
    assert as_int(2.5) == 2.5
    assert as_int(None) is None


@pytest.mark.parametrize("words,value", [("32.8 million", 32_800_000), ("4.1 billion", 4_100_000_000),
                                         ("0.7 million", 700_000)])
def test_whole_amounts_are_ints_despite_float_error(words, value):
    # 32.8 * 10**6 is 32799999.999999996 in floating point: a whole amount must still be an int.
    got = as_int(parse_number(words.split()))
    assert got == value and isinstance(got, int)


@pytest.mark.parametrize("word,kind", [("12", "digit"), ("seven", "unit"), ("forty", "tens"), ("forty-two", "tens"),
                                       ("million", "scale"), ("bn", "abbr"), ("people", None)])
def test_word_kind(word, kind):
    assert word_kind(word, rules=default_rules()) == kind


def test_the_tables_come_from_the_rules_object():
    tiny = NumeralRules(units=MappingProxyType({"uno": 1, "dos": 2}), tens=MappingProxyType({"veinte": 20}),
                        scales=MappingProxyType({"mil": 1000}), abbreviations=MappingProxyType({}),
                        articles=frozenset({"un"}))
    assert parse_number(["dos", "mil"], rules=tiny) == 2000
    assert parse_number(["un", "mil"], rules=tiny) == 1000
    assert parse_number(["veinte-dos"], rules=tiny) == 22
    assert parse_number(["two"], rules=tiny) is None
