"""Canonical names: titles and leading articles are not part of a name (claims-spec 3)."""
import pytest

from extractor.components.base import default_pack
from extractor.normalize.names import clean_name, longest_first, strip_titles


@pytest.mark.parametrize("text,expected", [
    ("President Donald Trump", "Donald Trump"),
    ("Acting President Delcy Rodríguez", "Delcy Rodríguez"),
    ("Interior Minister Carlos Ruiz", "Carlos Ruiz"),
    ("President", "President"),
    ("president of the court", "president of the court"),
    ("Administrator Bolden", "Bolden"),
    ("Emeritus Professor John Burrows", "John Burrows"),
])
def test_strip_titles(text, expected):
    assert strip_titles(text) == expected
    assert strip_titles(text, titles=longest_first(default_pack().actors.titles)) == expected


def test_strip_titles_uses_the_titles_given():
    assert strip_titles("Chief Ana Torres", titles=("chief",)) == "Ana Torres"
    assert strip_titles("President Ana Torres", titles=("chief",)) == "President Ana Torres"


def test_longest_first_keeps_pack_order_within_a_length():
    assert longest_first(["Vice", "acting president", "Amir"]) == ("acting president", "vice", "amir")


@pytest.mark.parametrize("text,expected", [
    ("the NGO Foro Penal’s", "NGO Foro Penal"),
    ("Chile's", "Chile"),
    ("  Amnesty   International, ", "Amnesty International"),
])
def test_clean_name(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Datuk Faizal Hamdan Rahim", "Faizal Hamdan Rahim"),
    ("Tan Sri Rohana Ismail", "Rohana Ismail"),
    ("Fr. Renato Abellana", "Renato Abellana"),
    # before one word an honour may be the name's own
    ("Sheikh Hasina", "Sheikh Hasina"),
])
def test_honours_go_only_before_a_full_name(text, expected):
    assert strip_titles(text) == expected
