"""Actors: links added for descriptions and names as a coreference benchmark scores them (the
passes and rows added after ``test_actors.py``'s tables). Sentences are ours."""
import pytest
from spacy.vocab import Vocab

from extractor.components.actors import PASSES, Mention, default_rules, given_name_people
from tests.conftest import process_sentence


def _actors(doc) -> list[tuple[str, str, str, str]]:
    """(text, name, type, pass) of every actor mention, in reading order."""
    found = []
    for claim in doc._.claims:
        by = {(d["start"], d["end"]): d["by"] for d in claim._.decisions or [] if d["field"] == "actors"}
        found += [(a["text"], a["name"], a["type"], by.get((a["start"], a["end"]), "")) for a in claim._.actors]
    return found


LINKS = [
    # A kin word describes the person the article gave another word of the same relation.
    ("Peter Okafor and his wife are on trial over the death of their son, Daniel. Daniel fell ill in March "
     "and the parents took the child to a clinic.", ("the child", "Daniel", "PERSON")),
    ("Peter Okafor and his wife are on trial over the death of their son, Daniel. Daniel fell ill in March. "
     "The boy died in June.", ("The boy", "Daniel", "PERSON")),
    # A name written as the compound of a description is that name, though the model tagged it elsewhere only.
    ("Lopes left the Scientology organization after leaving the Sea Org group. The Sea Org requires members "
     "to sign a contract. Members of the Sea Org live a strict life.", ("the Sea Org group", "Sea Org", None)),
    # A naming word after a description gives its name; not when the description is the word's subject.
    ("Ana Lopes joined the Church of Scientology in 2001. She later left the group called the Sea Org.",
     ("the group", "Sea Org", None)),
    ("The Harbour Workers Union met on Monday. The union called the Ministry of Labour on Tuesday.",
     ("The union", "Harbour Workers Union", "ORG")),
    # A newspaper or magazine is never "the organization".
    ("Ana Lopes left the Church of Scientology in May. An article in the Harbour Magazine attacked defectors "
     "from the organization.", ("the organization", "Church of Scientology", "ORG")),
    # A reflexive is its clause's subject, not the nearest person before it.
    ("Peter Okafor and his wife are on trial over the death of their son, Daniel. Okafor decided to treat "
     "his son himself.", ("himself", "Peter Okafor", "PERSON")),
]


@pytest.mark.parametrize("text,expected", LINKS)
def test_links(nlp, text, expected):
    found = _actors(process_sentence(nlp, text))
    if expected[2] is None:  # the type is the model's
        found = [(t, n, None, by) for t, n, _, by in found]
    assert expected in {a[:3] for a in found}


NOT_LINKED = [
    # A gendered role word never describes a person of the other gender.
    ("Peter Okafor and his wife are on trial over the death of their son, Daniel. Daniel fell ill in March. "
     "A neighbour said the girl next door was ill.", "the girl"),
]


@pytest.mark.parametrize("text,unlinked", NOT_LINKED)
def test_not_linked(nlp, text, unlinked):
    assert unlinked not in {a[0] for a in _actors(process_sentence(nlp, text))}


def test_given_name_people_runs_before_the_references():
    names = [p.__name__ for p in PASSES]
    assert names.index("given_name_people") < names.index("description_references")


def _named(name: str, type_: str, via: str = "ner") -> Mention:
    return Mention(0, len(name), name, name, type_, 0, 1, via)


@pytest.mark.parametrize("given,expected", [
    # A given name typed a place once and a person twice is a person throughout.
    ([("Gloria", "GPE"), ("Gloria", "PERSON"), ("Gloria", "PERSON")], ["PERSON", "PERSON", "PERSON"]),
    # A tie, a lone person, or a name that opens with no given name changes nothing.
    ([("Gloria", "GPE"), ("Gloria", "PERSON")], ["GPE", "PERSON"]),
    ([("Kitwe", "GPE"), ("Kitwe", "PERSON"), ("Kitwe", "PERSON")], ["GPE", "PERSON", "PERSON"]),
    # A description keeps its own type and casts no vote.
    ([("Gloria", "GPE"), ("Gloria", "PERSON"), ("Gloria", "PERSON", "description")], ["GPE", "PERSON", "PERSON"]),
])
def test_given_name_people(given, expected):
    rules = default_rules(Vocab())
    mentions = [_named(*g) for g in given]
    assert [m.type for m in given_name_people(None, mentions, rules)] == expected


@pytest.mark.parametrize("text,expected", [
    # After a body's head word, "for (the)" and capitalised words go on with its name.
    ("The Kofi Annan Foundation for the Performing Arts made two donations to the museum in 2019.",
     "Kofi Annan Foundation for the Performing Arts"),
    ("The Lagos Institute for Policy Research said it welcomed the move.", "Lagos Institute for Policy Research"),
])
def test_purpose_tail_names(nlp, text, expected):
    assert expected in {a[1] for a in _actors(process_sentence(nlp, text))}


def test_country_qualified_names(nlp):
    # A body's name with its country before it, written in the article, is the fuller name.
    found = _actors(process_sentence(nlp, "The US State Department said it was concerned. The State Department "
                                          "gave no figures."))
    assert ("State Department", "US State Department") in {(a[0], a[1]) for a in found}


def test_two_countries_leave_a_bare_name_alone(nlp):
    found = _actors(process_sentence(nlp, "The US Embassy and the UK Embassy closed. The Embassy reopened on Monday."))
    assert all(n in ("Embassy", "US Embassy", "UK Embassy") and (t != "Embassy" or n == "Embassy")
               for t, n, _, _ in found if "Embassy" in t)
