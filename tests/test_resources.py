"""Rule data and the name tables derived from gender-guesser, cached between runs."""
import os

import gender_guesser.detector as gd
import pytest

from extractor import resources

SIMPLE = {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path / "cache"))
    resources._name_tables.cache_clear()
    yield tmp_path / "cache"
    resources._name_tables.cache_clear()


def test_the_tables_are_written_once_and_read_back(fresh_cache):
    names, genders = resources._name_tables()
    files = list(fresh_cache.iterdir())
    assert len(files) == 1 and files[0].name.startswith("names-v") and files[0].suffix == ".json"
    resources._name_tables.cache_clear()
    assert resources._name_tables() == (names, genders)
    assert list(fresh_cache.iterdir()) == files, "nothing rewritten, no partial file left"


def test_gender_is_what_gender_guesser_says():
    detector = gd.Detector(case_sensitive=False)
    for name in ["Maria", "JOSÉ", "Andrea", "Kim", "Delcy", "Anamely", "Xyzzyq", "Erika", "Laszlo", "Ferrer"]:
        assert resources.gender_of(name) == SIMPLE.get(detector.get_gender(name), "unknown"), name
    sample = list(detector.names)[::97]
    assert all(resources.gender_of(n) == SIMPLE.get(detector.get_gender(n), "unknown") for n in sample)


def test_given_names_are_folded():
    names = resources.given_names()
    assert "jose" in names and "maria" in names and "José" not in names


@pytest.mark.parametrize("garbage", ["", "{not json", "[1, 2]", '{"given_names": []}'])
def test_a_damaged_cache_is_rebuilt(fresh_cache, garbage):
    good = resources._name_tables()
    (path,) = list(fresh_cache.iterdir())
    path.write_text(garbage, encoding="utf-8")
    resources._name_tables.cache_clear()
    assert resources._name_tables() == good
    resources._name_tables.cache_clear()
    assert resources._name_tables() == good


def test_an_unwritable_cache_directory_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(blocker / "sub"))  # a directory under a file
    resources._name_tables.cache_clear()
    try:
        names, genders = resources._name_tables()
        assert "maria" in names and genders["maria"] == "female"
    finally:
        resources._name_tables.cache_clear()


def test_the_cache_directory_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("EXTRACTOR_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert resources.cache_dir() == tmp_path / "extractor"
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path / "x"))
    assert resources.cache_dir() == tmp_path / "x"
    assert os.fspath(resources.cache_dir()).endswith("x")
