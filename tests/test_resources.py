"""Rule data, and the given-name table (models/en/names.json) that replaced gender-guesser."""
import re
from pathlib import Path

import pytest
import spacy

from extractor import resources
from extractor.components.actors import compile_rules, name_gender
from extractor.components.base import default_pack
from extractor.errors import PackError
from extractor.packs import validate_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rules():
    return compile_rules(default_pack(), spacy.blank("en").vocab)


def test_names_json_loads_and_validates():
    text = (resources.models_dir() / "names.json").read_text(encoding="utf-8")
    table = validate_file("names.json", text).female_percent
    assert len(table) > 30000
    assert all(k == resources.fold(k) for k in table), "keys are folded"
    assert list(table) == sorted(table), "the build writes keys sorted"


@pytest.mark.parametrize("bad", ['{"female_percent": {"anna": 101}}', '{"female_percent": {"anna": "x"}}',
                                 '{"female_percent": {"anna": 50}, "extra": 1}'])
def test_a_damaged_names_json_is_refused(bad):
    with pytest.raises(PackError):
        validate_file("names.json", bad)


@pytest.mark.parametrize("name,gender", [
    ("Maria Corina Machado", "female"), ("JOSÉ Ferrer", "male"), ("Ruth Abernathy", "female"),
    ("Carlos Ruiz", "male"), ("Casey Kasem", "unknown"), ("Jessie Ware", "unknown"),  # given to both
    ("Zurab Chkhaidze", "unknown"), ("Xyzzyq", "unknown"), ("", "unknown"),   # not in US birth counts
])
def test_genders_of_common_names(rules, name, gender):
    assert name_gender(name, rules) == gender


@pytest.mark.parametrize("word,given", [("maria", True), ("jose", True), ("José", False), ("georgia", False),
                                        ("liberty", False), ("chief", False), ("zurab", False)])
def test_given_names_are_folded_and_skip_not_given_names_and_titles(rules, word, given):
    assert (word in rules.given_names) is given


def test_nothing_imports_gender_guesser():
    """A GPL package at run time is what this table replaced: no source or dependency names it."""
    pattern = re.compile(r"^\s*(import|from)\s+gender_guesser", re.M)
    sources = sorted((ROOT / "extractor").rglob("*.py")) + sorted((ROOT / "tools").rglob("*.py"))
    assert sources and [p for p in sources if pattern.search(p.read_text(encoding="utf-8"))] == []
    assert "gender-guesser" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
