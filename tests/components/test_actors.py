"""Actors per claims-spec 3: canonical names and types, resolution of descriptions and pronouns.

The pass tests run one pass of ``PASSES`` over a hand-built Doc and a given mention list, so
the model does not matter; the sentence tables run the whole pipeline.
"""
import dataclasses

import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extractor.components.actors import (
    PASSES, REFERENCES, ActorStage, Antecedents, Mention, _heading_lines, _trim_span, _nearest_fullest, _region_of, article_genders, compile_rules, country_names, defined_abbreviations,
    full_person_names, fuller_org_names, governments_and_forces, org_aliases, resolve_references, run_passes,
    things_with_the,
    surname_mentions, surname_typed_people)
from extractor.components.base import default_pack
from extractor.errors import PipelineError
from extractor.pipeline import DEFAULT_MODEL, make_doc
from tests.conftest import process_sentence

CASES = [
    # (text, expected (name, type) set per claim)
    ("The acting president of Venezuela, Delcy Rodríguez, announced a law to be discussed in the National Assembly.",
     [{("Venezuela", "GPE"), ("Delcy Rodríguez", "PERSON"), ("National Assembly", "ORG")}]),
    ("The capture of Nicolás Maduro by U.S. forces was confirmed by the NGO Foro Penal.",
     [{("Nicolás Maduro", "PERSON"), ("U.S. forces", "ORG"), ("U.S.", "GPE"), ("Foro Penal", "ORG")}]),
    ("In contrast, the Cuban regime holds more than a thousand political prisoners, despite calls from activists.",
     [{("Cuba", "GPE")}]),
    ("Delcy Rodríguez spoke on Friday. Rodríguez said he had discussed the law with Nicolás Maduro. "
     "Maduro was not present.",
     [{("Delcy Rodríguez", "PERSON")}, {("Delcy Rodríguez", "PERSON"), ("Nicolás Maduro", "PERSON")},
      {("Nicolás Maduro", "PERSON")}]),
    ("According to Prisoners Defenders, Cuba jailed 40 artists. Prisoners Defenders verifies cases. The regime "
     "downplays the numbers, while the NGO reports torture.",
     [{("Prisoners Defenders", "ORG"), ("Cuba", "GPE")}, {("Prisoners Defenders", "ORG")},
      {("Prisoners Defenders", "ORG"), ("Cuba", "GPE")}]),
    ("Cases like Félix Navarro, Maykel Osorbo, and Luis Manuel Otero Alcántara remain in prison.",
     [{("Félix Navarro", "PERSON"), ("Maykel Osorbo", "PERSON"), ("Luis Manuel Otero Alcántara", "PERSON")}]),
    ("Cuba jailed 40 artists. Amnesty International demanded that the government of Miguel Díaz-Canel release "
     "prisoners of conscience.",
     [{("Cuba", "GPE")}, {("Amnesty International", "ORG"), ("Miguel Díaz-Canel", "PERSON"), ("Cuba", "GPE")}]),
    ("President Donald Trump warned Havana against receiving oil from Venezuela.",
     [{("Donald Trump", "PERSON"), ("Havana", "GPE"), ("Venezuela", "GPE")}]),
    ("Interior Minister Carlos Ruiz met journalists and police officers.", [{("Carlos Ruiz", "PERSON")}]),
    ("Syrian authorities released 40 detainees.", [{("Syria", "GPE")}]),
    ("More than 300 Cubans signed the letter.", [{("Cubans", "NORP")}]),
    ("The Kenya National Commission on Human Rights (KNCHR) counted 39 deaths. KNCHR chairperson Roseline Odede "
     "spoke in Nairobi.",
     [{("Kenya National Commission on Human Rights", "ORG")},
      {("Kenya National Commission on Human Rights", "ORG"), ("Roseline Odede", "PERSON"), ("Nairobi", "GPE")}]),
    ("Education Cabinet Secretary Julius Ogamba met the lecturers.", [{("Julius Ogamba", "PERSON")}]),
    ("The ruling Frelimo party won the vote.", [{("Frelimo", "ORG")}]),
    # With no country named before it, "the government" is the country the dateline names.
    ("Shelters open\n\nSAN ROQUE, Peru, May 2 (Andes Wire) - The government opened 40 shelters on Monday.",
     [{("Peru", "GPE")}]),
    # So is "the country".
    ("Shelters open\n\nSAN ROQUE, Peru, May 2 (Andes Wire) - Floods hit the country on Monday.",
     [{("Peru", "GPE")}]),
    # an all-lower-case entity is a common word, no name
    ("Visitors could wear a wig or don crazy glasses and have their own photo taken.", [set()]),
    # a name the model typed a building whose last word is an organisation's is a body
    ("Khaled Al-Maeena, editor at large at the Saudi Gazette, said the toll would rise.",
     [{("Khaled Al-Maeena", "PERSON"), ("Saudi Gazette", "ORG")}]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_actor_names(nlp, text, expected):
    doc = process_sentence(nlp, text)
    found = []
    for claim in doc._.claims:
        for m in claim._.actors:
            assert doc.text[m["start"]:m["end"]] == m["text"]
        found.append({(m["name"], m["type"]) for m in claim._.actors})
    assert found == expected


def test_seed_actors_are_resolved(seed_claims):
    """Every surname, pronoun and description of the seed carries the full canonical name."""
    by_text = {(c["claim_id"].split("#")[1], a["text"]): a["name"] for c in seed_claims for a in c["actors"]}
    assert by_text[("3", "Rodríguez")] == "Delcy Rodríguez"
    assert by_text[("3", "he")] == "Delcy Rodríguez"
    assert by_text[("3", "Maduro")] == "Nicolás Maduro"
    assert by_text[("8", "the NGO")] == "Prisoners Defenders"
    assert by_text[("13", "The NGO")] == "Amnesty International"
    assert by_text[("13", "Ferrer")] == "José Daniel Ferrer"
    assert by_text[("12", "the government of Miguel Díaz-Canel")] == "Cuba"


# --- decisions: which pass linked what ------------------------------------------------------------

DECISIONS = [
    ("Delcy Rodríguez spoke on Friday. Rodríguez said he had discussed the law with Nicolás Maduro.",
     {("Rodríguez", "full_person_names"), ("he", "pronoun_references")}),
    ("Syrian authorities released 40 detainees.", {("Syrian authorities", "governments_and_forces")}),
]


@pytest.mark.parametrize("text,expected", DECISIONS)
def test_links_are_written_as_decisions(nlp, text, expected):
    doc = process_sentence(nlp, text)
    decisions = [d for claim in doc._.claims for d in claim._.decisions or [] if d["field"] == "actors"]
    for d in decisions:
        assert doc.text[d["start"]:d["end"]] == d["text"]
        assert d["action"] == "linked"
        assert d["by"] in {p.__name__ for p in PASSES} - {"initial_mentions"}
    assert {(d["text"], d["by"]) for d in decisions} == expected
    # Decisions never reach the records.
    assert all(set(a) == {"text", "start", "end", "name", "type"} for c in doc._.claims for a in c._.actors)


# --- passes over hand-built Docs ------------------------------------------------------------------

@pytest.fixture(scope="module")
def vocab() -> Vocab:
    # English lexical attributes (is_title, lower_) without any statistical model.
    return spacy.blank("en").vocab


@pytest.fixture(scope="module")
def rules(vocab):
    return compile_rules(default_pack(), vocab)


def make(vocab, words, **attrs) -> Doc:
    """A Doc of ``words``, spaced as written: no space inside brackets or before punctuation."""
    spaces = [not (w == "(" or i + 1 < len(words) and words[i + 1] in (")", ".", ",", "'s"))
              for i, w in enumerate(words)]
    return Doc(vocab, words=words, spaces=spaces[:-1] + [False], **attrs)


def mention(doc: Doc, start: int, end: int, type_: str, name=None, via="ner") -> Mention:
    span = doc[start:end]
    return Mention(span.start_char, span.end_char, span.text, name or span.text, type_, start, end, via)


@pytest.mark.parametrize("fits,start,expected", [
    # Most words first; then the nearest full mention before the partial one; else the first.
    ([(0, ["Bill", "Clinton"]), (20, ["Hillary", "Clinton"])], 40, ["Hillary", "Clinton"]),
    ([(0, ["Bill", "Clinton"]), (50, ["Hillary", "Clinton"])], 40, ["Bill", "Clinton"]),
    ([(30, ["Bill", "Clinton"]), (50, ["Hillary", "Clinton"])], 10, ["Bill", "Clinton"]),
    ([(0, ["Bill", "Clinton"]), (20, ["Hillary", "Rodham", "Clinton"])], 10, ["Hillary", "Rodham", "Clinton"]),
])
def test_nearest_fullest(fits, start, expected):
    assert _nearest_fullest(fits, start) == expected


# (words, mentions as (start, end, type), the pass, expected (text, name, type) after it)
CANONICAL = [
    (["Bill", "Clinton", "met", "Hillary", "Clinton", ".", "Clinton", "spoke", "."],
     [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 7, "PERSON")], full_person_names,
     [("Bill Clinton", "Bill Clinton", "PERSON"), ("Hillary Clinton", "Hillary Clinton", "PERSON"),
      ("Clinton", "Hillary Clinton", "PERSON")]),
    (["Ruiz", "spoke", "before", "Carlos", "Ruiz", "."], [(0, 1, "ORG"), (3, 5, "PERSON")], full_person_names,
     [("Ruiz", "Carlos Ruiz", "PERSON"), ("Carlos Ruiz", "Carlos Ruiz", "PERSON")]),
    (["Amnesty", "International", "said", ".", "Amnesty", "added", "."], [(0, 2, "ORG"), (4, 5, "ORG")],
     fuller_org_names,
     [("Amnesty International", "Amnesty International", "ORG"), ("Amnesty", "Amnesty International", "ORG")]),
    (["Law", "Society", "of", "Kenya", "and", "Law", "Society", "."], [(0, 4, "ORG"), (5, 7, "ORG")],
     fuller_org_names,
     [("Law Society of Kenya", "Law Society of Kenya", "ORG"), ("Law Society", "Law Society of Kenya", "ORG")]),
    (["United", "Nations", "Human", "Rights", "Council", "and", "United", "Nations", "."],
     [(0, 5, "ORG"), (6, 8, "ORG")], fuller_org_names,
     [("United Nations Human Rights Council", "United Nations Human Rights Council", "ORG"),
      ("United Nations", "United Nations", "ORG")]),
    (["African", "National", "Congress", "said", "ANC", "won", "."], [(0, 3, "ORG"), (4, 5, "ORG")],
     fuller_org_names,
     [("African National Congress", "African National Congress", "ORG"), ("ANC", "African National Congress", "ORG")]),
    (["Médicos", "Unidos", "(", "MU", ")", "said", "MU", "works", "."], [(0, 2, "ORG"), (6, 7, "PERSON")],
     defined_abbreviations, [("Médicos Unidos", "Médicos Unidos", "ORG"), ("MU", "Médicos Unidos", "ORG")]),
    (["Swaziland", "voted", "."], [(0, 1, "GPE")], country_names, [("Swaziland", "Eswatini", "GPE")]),
    # A current name the article writes is kept (countries.json written_forms); its older name takes it.
    (["Ivory", "Coast", "voted", "."], [(0, 2, "GPE")], country_names, [("Ivory Coast", "Ivory Coast", "GPE")]),
    (["Czech", "Republic", "and", "Czechia", "."], [(0, 2, "GPE"), (3, 4, "GPE")], country_names,
     [("Czech Republic", "Czech Republic", "GPE"), ("Czechia", "Czech Republic", "GPE")]),
    # surname_typed_people: one person's name typed two ways is that person.
    (["Andrei", "Munteanu", "won", ".", "Munteanu", "spoke", "."], [(0, 2, "PERSON"), (4, 5, "NORP")],
     surname_typed_people, [("Andrei Munteanu", "Andrei Munteanu", "PERSON"), ("Munteanu", "Munteanu", "PERSON")]),
    (["Bolat", "Serikbayev", "spoke", ".", "Serikbayev", "said", "."], [(0, 2, "GPE"), (4, 5, "PERSON")],
     surname_typed_people, [("Bolat Serikbayev", "Bolat Serikbayev", "PERSON"), ("Serikbayev", "Serikbayev", "PERSON")]),
    # ... not a name written before the person's full name
    (["Munteanu", "won", ".", "Andrei", "Munteanu", "spoke", "."], [(0, 1, "NORP"), (3, 5, "PERSON")],
     surname_typed_people, [("Munteanu", "Munteanu", "NORP"), ("Andrei Munteanu", "Andrei Munteanu", "PERSON")]),
]


@pytest.mark.parametrize("words,spans,step,expected", CANONICAL)
def test_canonical_name_passes(vocab, rules, words, spans, step, expected):
    doc = make(vocab, words)
    mentions = step(doc, [mention(doc, s, e, t) for s, e, t in spans], rules)
    assert [(m.text, m.name, m.type) for m in mentions] == expected
    assert all(doc.text[m.start:m.end] == m.text for m in mentions)


def test_org_aliases_need_the_full_name_in_the_article(vocab, rules):
    short, full = next(iter(sorted(rules.org_aliases.items())))
    for words, expected in ([short, "said", "."], short), ([short, "said", "."] + full.split(), full):
        doc = make(vocab, words)
        assert org_aliases(doc, [mention(doc, 0, 1, "ORG")], rules)[0].name == expected


SURNAMES = [
    # A surname takes the nearest full name before it, not set order nor the first.
    (["Bill", "Clinton", "and", "Hillary", "Clinton", "met", ".", "Clinton", "left", "."],
     [(0, 2), (3, 5)], [("Clinton", "Hillary Clinton")]),
    (["Bill", "Clinton", "spoke", ".", "Clinton", "left", ".", "Hillary", "Clinton", "came", "."],
     [(0, 2), (7, 9)], [("Clinton", "Bill Clinton")]),
    (["Clinton", "left", ".", "Bill", "Clinton", "came", "."], [(3, 5)], []),
    (["Carlos", "Ruiz", "spoke", ".", "Ruiz", "'s", "aide", "left", "."], [(0, 2)], [("Ruiz", "Carlos Ruiz")]),
]


@pytest.mark.parametrize("words,persons,expected", SURNAMES)
def test_surname_mentions(vocab, rules, words, persons, expected):
    doc = make(vocab, words)
    given = [mention(doc, s, e, "PERSON") for s, e in persons]
    added = surname_mentions(doc, given, rules)[len(given):]
    assert [(m.text, m.name) for m in added] == expected
    assert all(doc.text[m.start:m.end] == m.text for m in added)


PARSED = [
    # words, heads, deps, pos, given mentions (start, end, type), expected added (text, name, type, via)
    (["Cuba", "jailed", "artists", ".", "The", "regime", "denied", "it", "."],
     [1, 1, 1, 1, 5, 6, 6, 6, 6], ["nsubj", "ROOT", "dobj", "punct", "det", "nsubj", "ROOT", "dobj", "punct"],
     ["PROPN", "VERB", "NOUN", "PUNCT", "DET", "NOUN", "VERB", "PRON", "PUNCT"], [(0, 1, "GPE")],
     [("The regime", "Cuba", "GPE", "government")]),
    (["Syrian", "authorities", "released", "detainees", "."], [1, 2, 2, 2, 2],
     ["amod", "nsubj", "ROOT", "dobj", "punct"], ["ADJ", "NOUN", "VERB", "NOUN", "PUNCT"], [],
     [("Syrian authorities", "Syria", "GPE", "government")]),
    (["Regime", "change", "came", "."], [1, 2, 2, 2], ["compound", "nsubj", "ROOT", "punct"],
     ["NOUN", "NOUN", "VERB", "PUNCT"], [], []),
    (["Russian", "forces", "attacked", "."], [1, 2, 2, 2], ["amod", "nsubj", "ROOT", "punct"],
     ["ADJ", "NOUN", "VERB", "PUNCT"], [], [("Russian forces", "Russian forces", "ORG", "rule")]),
    (["Security", "forces", "attacked", "."], [1, 2, 2, 2], ["compound", "nsubj", "ROOT", "punct"],
     ["NOUN", "NOUN", "VERB", "PUNCT"], [], []),
    # "the state" alone is the government; with "of" it is no actor ("the state of emergency").
    (["Peru", "voted", ".", "The", "state", "paid", "."], [1, 1, 1, 4, 5, 5, 5],
     ["nsubj", "ROOT", "punct", "det", "nsubj", "ROOT", "punct"],
     ["PROPN", "VERB", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"], [(0, 1, "GPE")],
     [("The state", "Peru", "GPE", "government")]),
    (["Peru", "voted", ".", "The", "state", "of", "emergency", "ended", "."], [1, 1, 1, 4, 7, 4, 5, 7, 7],
     ["nsubj", "ROOT", "punct", "det", "nsubj", "prep", "pobj", "ROOT", "punct"],
     ["PROPN", "VERB", "PUNCT", "DET", "NOUN", "ADP", "NOUN", "VERB", "PUNCT"], [(0, 1, "GPE")], []),
    # A regional government is no country's.
    (["Peru", "voted", ".", "The", "regional", "government", "paid", "."], [1, 1, 1, 5, 5, 6, 6, 6],
     ["nsubj", "ROOT", "punct", "det", "amod", "nsubj", "ROOT", "punct"],
     ["PROPN", "VERB", "PUNCT", "DET", "ADJ", "NOUN", "VERB", "PUNCT"], [(0, 1, "GPE")], []),
    # Where the article writes one place as a state, "the state" and "the state government" are it.
    (["Oyo", "State", "voted", ".", "The", "state", "government", "paid", "."], [1, 2, 2, 2, 6, 6, 7, 7, 7],
     ["compound", "nsubj", "ROOT", "punct", "det", "compound", "nsubj", "ROOT", "punct"],
     ["PROPN", "PROPN", "VERB", "PUNCT", "DET", "NOUN", "NOUN", "VERB", "PUNCT"], [(0, 2, "GPE")],
     [("The state government", "Oyo State", "GPE", "government")]),
]


@pytest.mark.parametrize("words,heads,deps,pos,given,expected", PARSED)
def test_governments_and_forces(vocab, rules, words, heads, deps, pos, given, expected):
    doc = make(vocab, words, heads=heads, deps=deps, pos=pos)
    start = [mention(doc, s, e, t) for s, e, t in given]
    added = governments_and_forces(doc, start, rules)[len(start):]
    assert [(m.text, m.name, m.type, m.via) for m in added] == expected
    assert all(doc.text[m.start:m.end] == m.text for m in added)


@pytest.mark.parametrize("words,heads,deps,persons,kept", [
    # A one-word "person" with an article of its own is a thing, wherever it recurs; not a given
    # name, nor a word of a longer person's name.
    (["The", "Hajj", "began", ".", "Hajj", "pilgrims", "came", "."], [1, 2, 2, 2, 5, 6, 6, 6],
     ["det", "nsubj", "ROOT", "punct", "compound", "nsubj", "ROOT", "punct"], [(1, 2), (4, 5)], []),
    (["The", "Marilyn", "sold", ".", "Marilyn", "smiled", "."], [1, 2, 2, 2, 5, 5, 5],
     ["det", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"], [(1, 2), (4, 5)], ["Marilyn", "Marilyn"]),
    (["Ana", "Kovac", "spoke", ".", "The", "Kovac", "left", "."], [1, 2, 2, 2, 5, 6, 6, 6],
     ["compound", "nsubj", "ROOT", "punct", "det", "nsubj", "ROOT", "punct"], [(0, 2), (5, 6)],
     ["Ana Kovac", "Kovac"]),
])
def test_things_with_the(vocab, rules, words, heads, deps, persons, kept):
    doc = make(vocab, words, heads=heads, deps=deps)
    found = things_with_the(doc, [mention(doc, s, e, "PERSON") for s, e in persons], rules)
    assert [m.text for m in found] == kept


PRONOUNS = [
    (["Carlos", "Ruiz", "spoke", ".", "He", "left", "."], [("He", "Carlos Ruiz")]),
    (["Carlos", "Ruiz", "spoke", ".", "She", "left", "."], []),
]


@pytest.mark.parametrize("words,expected", PRONOUNS)
def test_pronouns(vocab, rules, words, expected):
    doc = make(vocab, words, heads=[1, 2, 2, 2, 5, 5, 5],
               deps=["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"],
               pos=["PROPN", "PROPN", "VERB", "PUNCT", "PRON", "VERB", "PUNCT"])
    given = [mention(doc, 0, 2, "PERSON")]
    added = resolve_references(doc, given, rules)[1:]
    assert [(m.text, m.name) for m in added] == expected


# The article's own evidence of a gender (``article_genders``), then which person a he/she takes.
# (words, heads, deps, pos, persons as (start, end, titles), genders the pass gives them, he/she -> name)
_SPOKE = (["compound", "nsubj", "ROOT", "punct"], ["PROPN", "PROPN", "VERB", "PUNCT"])
ARTICLE = [
    # A title gives the gender, even of a first name the US birth counts do not know.
    (["Mr", "Zurab", "Chkhaidze", "spoke", ".", "She", "left", "."], [2, 2, 3, 3, 3, 6, 6, 6],
     ["compound", "compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"],
     ["PROPN", "PROPN", "PROPN", "VERB", "PUNCT", "PRON", "VERB", "PUNCT"], [(1, 3, {"mr"})], ["male"], []),
    (["Ms", "Zurab", "Chkhaidze", "spoke", ".", "She", "left", "."], [2, 2, 3, 3, 3, 6, 6, 6],
     ["compound", "compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"],
     ["PROPN", "PROPN", "PROPN", "VERB", "PUNCT", "PRON", "VERB", "PUNCT"], [(1, 3, {"ms"})], ["female"],
     [("She", "Zurab Chkhaidze")]),
    # "her hunger strike": a she/her whose clause has the person as subject.
    (["Mzia", "Amaglobeli", "ended", "her", "hunger", "strike", "."], [1, 2, 2, 5, 5, 2, 2],
     ["compound", "nsubj", "ROOT", "poss", "compound", "dobj", "punct"],
     ["PROPN", "PROPN", "VERB", "PRON", "NOUN", "NOUN", "PUNCT"], [(0, 2, set())], ["female"],
     [("her", "Mzia Amaglobeli")]),
    # Such a pronoun does not overrule a first name the table knows: the "he" is someone else.
    (["Kathryn", "Waters", "said", "he", "left", "."], [1, 2, 2, 4, 2, 2],
     ["compound", "nsubj", "ROOT", "nsubj", "ccomp", "punct"], ["PROPN", "PROPN", "VERB", "PRON", "VERB", "PUNCT"],
     [(0, 2, set())], [""], []),
    # A person whose gender is known beats a nearer one whose first name the table has never seen.
    (["Ruth", "Abernathy", "spoke", ".", "Zurab", "Chkhaidze", "spoke", ".", "She", "left", "."],
     [1, 2, 2, 2, 5, 6, 6, 6, 9, 9, 9], _SPOKE[0] * 2 + ["nsubj", "ROOT", "punct"],
     _SPOKE[1] * 2 + ["PRON", "VERB", "PUNCT"], [(0, 2, set()), (4, 6, set())], ["", ""],
     [("She", "Ruth Abernathy")]),
]


@pytest.mark.parametrize("words,heads,deps,pos,persons,genders,resolved", ARTICLE)
def test_article_genders_and_pronouns(vocab, rules, words, heads, deps, pos, persons, genders, resolved):
    doc = make(vocab, words, heads=heads, deps=deps, pos=pos)
    given = []
    for start, end, titles in persons:
        m = mention(doc, start, end, "PERSON")
        m.titles = set(titles)
        given.append(m)
    given = article_genders(doc, given, rules)
    assert [m.gender for m in given] == genders
    added = resolve_references(doc, given, rules)[len(given):]
    assert [(m.text, m.name) for m in added] == resolved


def test_run_passes_names_the_pass_that_changed_a_mention(vocab, rules):
    doc = make(vocab, ["Bill", "Clinton", "spoke", ".", "Clinton", "left", "."])
    mentions = run_passes(doc, (full_person_names, surname_mentions), rules=rules,
                          mentions=[mention(doc, 0, 2, "PERSON"), mention(doc, 4, 5, "ORG")])
    assert [(m.text, m.name, m.by) for m in mentions] == [
        ("Bill Clinton", "Bill Clinton", "initial_mentions"), ("Clinton", "Bill Clinton", "full_person_names")]


def test_passes_are_listed_in_order():
    names = [p.__name__ for p in PASSES]
    assert names[:8] == ["initial_mentions", "speaking_places", "listed_places", "slotted_places",
                         "writers_outlet_names", "recurring_names", "facility_names", "extend_given_names"]
    assert names[-8:] == ["description_references", "appositive_roles", "pronoun_references", "neuter_pronouns",
                          "quoted_first_person", "fullest_descriptions", "acronym_names", "wrapped_names"]
    # The canonical-name passes run before and after governments and forces.
    gov = names.index("governments_and_forces")
    assert names[gov - 2:gov] == ["surname_mentions", "name_part_mentions"]
    assert "full_person_names" in names[:gov] and "full_person_names" in names[gov:]


# --- the pipe ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bare():
    return spacy.load(DEFAULT_MODEL)


def test_actors_need_the_sentence_stage(bare):
    with pytest.raises(PipelineError, match=r"\[E010\]"):
        bare.add_pipe("claims_actors")


def test_add_pipe_chain():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("claims_sentences")
    stage = nlp.add_pipe("claims_actors")
    assert isinstance(stage, ActorStage)
    with pytest.raises(dataclasses.FrozenInstanceError):
        stage.rules.titles = frozenset()
    text = "Interior Minister Carlos Ruiz said 40 people were arrested in Havana."
    doc = nlp(make_doc(nlp, text, doc_id="t", doc_date=None))
    actors = [a for claim in doc._.claims for a in claim._.actors]
    assert {(a["name"], a["type"]) for a in actors} == {("Carlos Ruiz", "PERSON"), ("Havana", "GPE")}
    assert all(text[a["start"]:a["end"]] == a["text"] for a in actors)


# --- the reference sieve: which pass links what, over whole sentences ------------------------------

SIEVE = [
    # (text, expected (mention text, name, pass) of the links the reference passes made)
    ('Coach Ana Torres praised the players. "I am proud of them," Torres said.',
     {("I", "Ana Torres", "quoted_first_person")}),
    ('The National Union of Port Workers met on Monday. "We will strike," the union said.',
     {("We", "National Union of Port Workers", "quoted_first_person"),
      ("the union", "National Union of Port Workers", "description_references")}),
    ("The Ministry of Labour and the Ministry of Health met. The labour ministry said it would pay.",
     {("The labour ministry", "Ministry of Labour", "description_references"),
      ("it", "Ministry of Labour", "neuter_pronouns")}),
    ("Former minister John Smith was arrested. The 73-year-old denied the charges.",
     {("The 73-year-old", "John Smith", "description_references")}),
    # A person named inside the quotation is not the one the age describes after it.
    ('Former minister John Smith spoke on Monday. "We met Peter Jones there," the 73-year-old said.',
     {("the 73-year-old", "John Smith", "description_references")}),
    # A title no one named carries: the one person the article gave an age.
    ("Dorin Vasilache, 58, was convicted on Monday. Prosecutors said the former official took bribes.",
     {("the former official", "Dorin Vasilache", "description_references")}),
    # A former office ('the former state secretary') may be the subject's past post; a present one is not.
    ("Dorin Vasilache, 58, was convicted on Monday. The former state secretary denied the charges.",
     {("The former state secretary", "Dorin Vasilache", "description_references")}),
    ("Dorin Vasilache, 58, was convicted on Monday. The state secretary denied the charges.", set()),
    ("Dorin Vasilache, 58, and Ana Pop, 61, were convicted. Prosecutors said the former official took bribes.",
     set()),
    # "Lord Mayor" says no gender: the "he" after is the man named later, not the mayor.
    ("Lord Mayor Therese Culhane spoke. Daniel Ferreira broke with Culhane. He said he would appeal.",
     {("He", "Daniel Ferreira", "pronoun_references"), ("he", "Daniel Ferreira", "pronoun_references")}),
    # A non-actor subject between the ministry and "it": the "it" is the law.
    ("The Ministry of Health met on Monday. The ministry said the law was unfair and it should be repealed.",
     {("The ministry", "Ministry of Health", "description_references")}),
    # A role in apposition to a named person describes that person; an indefinite one is not resolved.
    ("Hernan Gomez, the Panama coach, praised the players. Ana Torres, a lawyer, left.",
     {("the Panama coach", "Hernan Gomez", "appositive_roles")}),
    # it/its: the salient body that is a subject; a quoted "it" only for a body in the same quotation.
    ("The National Union of Teachers met on Monday. The union said that it would strike.",
     {("The union", "National Union of Teachers", "description_references"),
      ("it", "National Union of Teachers", "neuter_pronouns")}),
    ('The National Union of Teachers met on Monday. "If the union walks away now, it walks away from the pupils," '
     "Ana Torres said.",
     {("the union", "National Union of Teachers", "description_references"),
      ("it", "National Union of Teachers", "neuter_pronouns")}),
    ('The National Union of Teachers met on Monday. "It is noise," Ana Torres said.', set()),
    # A subject noun inside a quotation does not stand between an outside "it" and its body.
    ('The state news agency KCNA reported the clash. "Reckless provocation deserves harsh punishment," it added.',
     {("it", "KCNA", "neuter_pronouns")}),
    # A body named only by a qualified description is an actor of that name (claims-spec 3).
    ("The Congolese health ministry said 20 people died. The ministry gave no names.",
     {("The Congolese health ministry", "Congolese health ministry", "description_references"),
      ("The ministry", "Congolese health ministry", "description_references")}),
    # A person's quoted "we" is the body that owns the person's role (possessive or "for").
    ('The Harbour Workers Union met on Monday. "We will not sign the deal," the union\'s president, Maria Lopes, '
     'told reporters.',
     {("We", "Harbour Workers Union", "quoted_first_person"),
      ("the union", "Harbour Workers Union", "description_references"),
      # the owner's "the" makes the role definite: a description of the person it is apposed to
      ("the union's president", "Maria Lopes", "description_references")}),
    # The owner of the role is a description inside the person's own role mention ...
    ('The Ministry of Health opened a clinic. "We are ready," Maria Lopes, the ministry\'s director of public health, '
     'told reporters.',
     {("We", "Ministry of Health", "quoted_first_person"),
      ("the ministry", "Ministry of Health", "description_references"),
      ("the ministry's director", "Maria Lopes", "description_references")}),
    # ... or a possessive "its" for the body of the sentence before.
    ('Rescuers worked all night, according to the Ternate Rescue Office. Its head, Yusran Amir, said: '
     '"We need more machines."',
     {("We", "Ternate Rescue Office", "quoted_first_person")}),
    # A long title whose body runs straight into the name, with no comma.
    ("The executive director of the Accra-based Ghana Lenders' Forum Kofi Mensah told reporters on Monday that "
     'lenders would wait. "Our members want to lend more," he said.',
     {("Our", "Ghana Lenders' Forum", "quoted_first_person"), ("he", "Kofi Mensah", "pronoun_references")}),
    # A body compounded before the title.
    ('"We spoke to 40 people," Kenya Red Cross chairperson Ruth Achieng told reporters in Nairobi.',
     {("We", "Kenya Red Cross", "quoted_first_person")}),
    # The apposition hangs on a title of the name ('Brig. Gen.'), not on the name.
    ('The 103rd Brigade moved in. The brigade\'s commander, Brig. Gen. Ramon Cruz, said: "We are holding the town."',
     {("We", "103rd Brigade", "quoted_first_person"),
      ("The brigade", "103rd Brigade", "description_references")}),
    # A description given its name in brackets is that name; a description's abbreviation
    # words fit a body the article names in full.
    ("The World Food Programme cut rations. The UN refugee agency (UNHCR) said arrivals rose. The agency gave no figure.",
     {("The UN refugee agency", "UNHCR", "description_references"),
      ("The agency", "UNHCR", "description_references")}),
    ("The World Food Programme cut rations on Monday. The agency said funds had run out.",
     {("The agency", "World Food Programme", "description_references")}),
    # A quotation over two paragraphs, and a quoted paragraph after it naming no speaker, keep the
    # speaker of the paragraph before (the wire convention).
    ('The Kenya Red Cross opened camps. "Camps are full," said Ruth Achieng, a spokeswoman for the Kenya Red '
     'Cross.\n\n"What we found is simple. The rain came early.\n\n"We will not wait for the next flood."',
     {("we", "Kenya Red Cross", "quoted_first_person"), ("We", "Kenya Red Cross", "quoted_first_person")}),
    # A title whose body goes unsaid belongs to the nearest body of the kind it implies
    # (role_bodies); a spokesman's body is never guessed.
    ("Ghana's central bank cut its main rate on Wednesday. \"We are confident,\" deputy governor Efua Mensah "
     "told reporters.",
     {("Ghana's central bank", "Ghana's central bank", "description_references"),
      ("its", "Ghana's central bank", "neuter_pronouns"), ("We", "Ghana's central bank", "quoted_first_person")}),
    ('Lakeside Mining Ltd cut 200 jobs. "We had no choice," chief executive Ana Torres said.',
     {("We", "Lakeside Mining Ltd", "quoted_first_person")}),
    ('The Ministry of Health met on Monday. "We are ready," spokesman John Banda said.', set()),
    # A capitalised role in apposition (the tagger calls it a proper noun) still names its body.
    ('Jeff Rathke, the State Department Spokesperson, said, "We urge the governments of the region to act."',
     {("the State Department Spokesperson", "State Department", "description_references"),
      ("We", "State Department", "quoted_first_person")}),
    # With no city named before it, "the capital" is where the story was filed; a qualified
    # description ("the northern city of Kaduna") is somewhere else.
    ("Rates fall\n\nACCRA, July 30 (West Coast Wire) - Prices fell, a minister told a news conference in the capital.",
     {("the capital", "Accra", "description_references")}),
    ("Plant to close\n\nLAGOS, Feb 26 (Kestrel News) - Atlantic Crest will close a plant in the northern city of Kaduna.",
     set()),
    # A place named only in a caption line is no place "the city" refers back to.
    ("Rain hit Nairobi on Monday.\n\n[Photo caption: Crews at work in Mombasa. Photo: files]\n\nOfficials "
     "said the city would repair the pipes.",
     {("the city", "Nairobi", "description_references")}),
    # "the rural town of San Blas" names its place right there: no description of another one.
    ("Rates fall\n\nLIMA, July 30 (Andes Wire) - Rain hit Lima. Crews reached the rural town of San Blas on Monday.",
     set()),
    # "the company" finds a body whose name has a company word.
    ("Lakeside Mining Ltd cut 200 jobs. The company said demand had fallen.",
     {("The company", "Lakeside Mining Ltd", "description_references")}),
    # A company word in another language ("Minera") is one; a department is never "the company".
    ("Minera Sol Alto cut 200 jobs. The company said demand had fallen.",
     {("The company", "Minera Sol Alto", "description_references")}),
    ("The Department of Mineral Resources met on Monday. The company said demand had fallen.", set()),
    # Trade words and legal forms of company names ("Tankers", "ASA", "Bhd") and club suffixes ("FK",
    # "Rovers") are name words too; a school is described by "the school".
    ("Nordvik Tankers doubled its quarterly profit on Thursday. The company said rates had risen.",
     {("its", "Nordvik Tankers", "neuter_pronouns"), ("The company", "Nordvik Tankers", "description_references")}),
    # A regulatory board is no company, though its name says what it regulates ("Water"); the
    # cut of a long name at its "and" is mended ("the Lakeside Water and Sanitation Company").
    ("The Lakeside Water and Sanitation Company raised its prices. The Water Services Regulatory Board approved. "
     "The company said costs had doubled.",
     {("its", "Lakeside Water and Sanitation Company", "neuter_pronouns"),
      ("The company", "Lakeside Water and Sanitation Company", "description_references")}),
    ("Lindby FK want a new arena in the city. The club said the vote was unfair.",
     {("The club", "Lindby FK", "description_references")}),
    ("Pupils crowd Mabini Integrated School every morning. The school has 40 rooms.",
     {("The school", "Mabini Integrated School", "description_references")}),
    # A body named only by its description is described later by its own head alone ("the
    # institute", a head of the one body table), never by another row's name word ("mining").
    ("The state marine research institute cut its cod advice on Friday. The institute said stocks had fallen.",
     {("The state marine research institute", "state marine research institute", "description_references"),
      ("its", "state marine research institute", "neuter_pronouns"),
      ("The institute", "state marine research institute", "description_references")}),
    ("The national mining safety agency ordered checks on Monday. The company said it would comply.",
     {("The national mining safety agency", "national mining safety agency", "description_references")}),
    # A body that speaks, described by words of its own, is that body (as attribution takes its source);
    # not one kept generic ('the new office'), nor the same description where it does not speak.
    ("Rain fell on the capital in July, the meteorological department said.",
     {("the meteorological department", "meteorological department", "description_references")}),
    ("The new office said the talks would go on.", set()),
    ("The meteorological department is old.", set()),
    # A relative clause without a comma picks out a new referent; with a comma it describes the old one.
    # A possessive pronoun makes a description definite; the pronoun stays a mention of its own.
    ("The Labour Party met on Monday. Yvette Cooper said her party backed the plan.",
     {("her", "Yvette Cooper", "pronoun_references"), ("party", "Labour Party", "description_references")}),
    # Not a possessive place (the owner's country), nor a possessive role with its name in apposition.
    ("Ana Lopes was jailed in May. Her lawyer, Paulo Mensah, said she was weak. Mensah said his country had "
     "failed her.",
     {("Her", "Ana Lopes", "pronoun_references"), ("she", "Ana Lopes", "pronoun_references"),
      ("his", "Paulo Mensah", "pronoun_references"), ("her", "Ana Lopes", "pronoun_references")}),
    # Family words are roles: they resolve to the person the article gave that role.
    ("Ana Lopes, 40, and her husband Paulo Lopes, 45, left. Her husband said he was tired.",
     {("her", "Ana Lopes", "pronoun_references"), ("Her", "Ana Lopes", "pronoun_references"),
      ("husband", "Paulo Lopes", "description_references"), ("he", "Paulo Lopes", "pronoun_references")}),
    # A quoted "we" of a coach is the country whose coach they are (possessive, or compounded in apposition).
    ('Ghana beat Togo 2-1. After the match, Togo\'s coach Kofi Mensah said, "We were playing a strong side."',
     {("We", "Togo", "quoted_first_person")}),
    ('Ghana beat Togo 2-1. Later, Ama Boateng, Ghana coach, said, "I think we have learned a lot."',
     {("Ghana coach", "Ama Boateng", "appositive_roles"), ("I", "Ama Boateng", "quoted_first_person"),
      ("we", "Ghana", "quoted_first_person")}),
    # A name inside a description it resolves is one mention, the description's.
    ("Ana Lopes left the Riverside Robotics Team organization in May.",
     {("the Riverside Robotics Team organization", "Riverside Robotics Team", "description_references")}),
    ("The Riverside Robotics Team arrived on Monday. The team that scored the most points won the cup.", set()),
    # A body head written bare again and again, with no body named with it, is a body named by
    # the word (recurring_body_heads); its chief's quoted "we" is that body. Not a bare word the
    # article writes once, nor one a name in the article holds.
    ('Tolls rose, the head of the authority that runs the bridge said. The authority\'s chairman, Omar Salim, '
     'spoke. "We are pleased," Salim said. Salim said the authority would cut fees.',
     {("the authority", "authority", "description_references"),
      ("The authority", "authority", "description_references"),
      ("We", "authority", "quoted_first_person"), ("the authority", "authority", "description_references"),
      ("The authority's chairman", "Omar Salim", "description_references")}),
    ("Tolls rose on Monday. Omar Salim said the authority would cut fees.", set()),
    # A body head between a possessive of people and a speaker's noun is the speaker's body.
    ("Tenants' union spokesman Omar Salim said the union would appeal.",
     {("Tenants' union", "Tenants' union", "description_references"),
      ("the union", "Tenants' union", "description_references")}),
    # "our country" in a speaker's words is the country the passage is about.
    ('Floods hit Ghana on Monday. "Our country needs help," Ama Boateng said.',
     {("country", "Ghana", "description_references")}),
    # A mayor's unsaid body is the council (role_bodies).
    ('The council met on Monday. Mayor Ana Torres said the council would act. "We have no choice," Torres said.',
     {("The council", "council", "description_references"), ("the council", "council", "description_references"),
      ("We", "council", "quoted_first_person")}),
    # An indefinite description with words of its own introduces the body a definite one right
    # after refers to (named by it, the indefinite itself unlabelled); not one in apposition to a
    # name, nor a plain one ("a new group").
    ("Thefts doubled, according to a Lima-based monitoring group. The group said police were slow.",
     {("The group", "Lima-based monitoring group", "description_references")}),
    ("Thefts doubled, according to a new group. The group said police were slow.", set()),
    ("The Harbour Bridge Authority met. Tolls rose. Salim said the authority would cut fees. The authority "
     "denied the report.", {("the authority", "Harbour Bridge Authority", "description_references"),
                            ("The authority", "Harbour Bridge Authority", "description_references")}),
    ("The Riverside Robotics Team arrived on Monday. The team, which had travelled for days, said it was tired.",
     {("The team", "Riverside Robotics Team", "description_references"),
      ("it", "Riverside Robotics Team", "neuter_pronouns")}),
    # Bodies named only by description (issue 12): a hyphened modifier, a possessive of people or
    # of a title holder makes the description a body's name; not a building after a preposition of
    # place, nor a governor's office (the region's government).
    ("Bus fares will rise, the state-owned operator said. The operator said costs had doubled.",
     {("the state-owned operator", "state-owned operator", "description_references"),
      ("The operator", "state-owned operator", "description_references")}),
    ("The growers' federation said prices were low. The federation will meet on Friday.",
     {("The growers' federation", "growers' federation", "description_references"),
      ("The federation", "growers' federation", "description_references")}),
    ("The transport minister's office said it had invited the parties.",
     {("The transport minister's office", "transport minister's office", "description_references"),
      ("it", "transport minister's office", "neuter_pronouns")}),
    ("Students held a sit-in outside the vice-chancellor's office on Monday.", set()),
    ("The regional governor's office said it had sent rescuers.", set()),
    # The fullest description names the body, wherever it stands (fullest_descriptions); a
    # description with a word the earlier one lacks is another body until then.
    ("Prices fell, the regulator said. The sector regulator, which sets prices, said exports would fall. "
     "The regulator will meet growers.",
     {("the regulator", "sector regulator", "fullest_descriptions"),
      ("The sector regulator", "sector regulator", "description_references"),
      ("The regulator", "sector regulator", "description_references")}),
    ("The forensic office said 40 bodies were found. The forensic medicine office said it had finished.",
     {("The forensic office", "forensic medicine office", "fullest_descriptions"),
      ("The forensic medicine office", "forensic medicine office", "description_references"),
      ("it", "forensic medicine office", "neuter_pronouns")}),
    ("The water supply department said it would ration. The irrigation department said supply would fall.",
     {("The water supply department", "water supply department", "description_references"),
      ("it", "water supply department", "neuter_pronouns"),
      ("The irrigation department", "irrigation department", "description_references")}),
    # A person apposed to a body's description is the speaker, not the body; the speaker's "we"
    # is the body.
    ('A spokeswoman for the airport operator, Aminata Diallo, said flights were cut. "We expect delays," she said.',
     {("the airport operator", "airport operator", "description_references"),
      ("We", "airport operator", "quoted_first_person"), ("she", "Aminata Diallo", "pronoun_references")}),
    # A participle phrase right after the head is part of the fullest description.
    ("The union representing baggage handlers and ramp agents called the strike. The union said it would go on.",
     {("The union representing baggage handlers and ramp agents", "union representing baggage handlers and ramp "
       "agents", "description_references"),
      ("The union", "union representing baggage handlers and ramp agents", "description_references"),
      ("it", "union representing baggage handlers and ramp agents", "neuter_pronouns")}),
    # "the body" is the nearest body a sentence or two back, whatever its head; "the company"
    # describes an operator the article names only so, its own head preferred.
    ("The transport regulator said it had approved the fares. A spokesman said the body would monitor ridership.",
     {("The transport regulator", "transport regulator", "description_references"),
      ("it", "transport regulator", "neuter_pronouns"),
      ("the body", "transport regulator", "description_references")}),
    ("Fares will rise, the operator said. The operator said costs had doubled. The company said it would invest.",
     {("the operator", "operator", "description_references"), ("The operator", "operator", "description_references"),
      ("The company", "operator", "description_references"), ("it", "operator", "neuter_pronouns")}),
    # A person's role "of" an indefinite body with words of its own introduces that body: the
    # person's quoted "we" and a later "the federation" are it, however far on; not an everyday
    # head ("an economist at an investment bank").
    ('"We are not fools," said Koffi Adou, president of a growers\' cooperative federation. Prices fell in May. '
     'Exports slowed. Buyers waited. Members of the federation met on Friday.',
     {("We", "growers' cooperative federation", "quoted_first_person"), ("president", "Koffi Adou", "appositive_roles"),
      ("the federation", "growers' cooperative federation", "description_references")}),
    ('"We see a plateau," said Nadia Farouk, an economist at an investment bank.', set()),
    # The fullest description the article writes anywhere, in a caption too, names the body.
    ("A victims' committee formed by residents compiled the names. Joseph Kariuki, who chairs the committee, "
     "spoke.\n\nCaption: Members of the Kamuchiri and Kianugu victims' committee read the list.",
     {("the committee", "Kamuchiri and Kianugu victims' committee", "fullest_descriptions")}),
    # A body named only by description that gives its acronym is named by it.
    ("Chile's mining safety regulator ordered cuts. The regulator, known by its Spanish acronym Sernageomin, "
     "did not respond.",
     {("Chile's mining safety regulator", "Sernageomin", "acronym_names"),
      ("The regulator", "Sernageomin", "acronym_names"), ("its", "Sernageomin", "acronym_names")}),
    # A bare "the ministry" with none before it that fits is the nearest portfolio minister's ministry.
    ("The transport minister's office invited the parties to a meeting at the ministry on Wednesday.",
     {("The transport minister's office", "transport minister's office", "description_references"),
      ("the ministry", "transport ministry", "description_references")}),
    ("Deputy Minister Ana Lopes spoke. The meeting was held at the ministry.", set()),
    # Heads of lenders and insurers: "the lender" after a fund, "the state insurer" a body of its own.
    ("The International Monetary Fund approved the loan. The lender said reforms must go on.",
     {("The lender", "International Monetary Fund", "description_references")}),
    ("Claims rose, the state insurer said.", {("the state insurer", "state insurer", "description_references")}),
    # A qualified description sharing its own word with a body named before is that body.
    ("The National Audiovisual Council fined the channel. Critics say Romania's audiovisual regulator is not "
     "independent.", {("Romania's audiovisual regulator", "National Audiovisual Council", "description_references")}),
]


@pytest.mark.parametrize("text,expected", SIEVE)
def test_reference_sieve(nlp, text, expected):
    doc = process_sentence(nlp, text)
    refs = {p.__name__ for p in REFERENCES}
    assert _links(doc, refs) == expected


def _links(doc, passes) -> set[tuple[str, str, str]]:
    """(text, name, pass) of the actor mentions that ``passes`` linked, from each claim's decisions."""
    found = set()
    for claim in doc._.claims:
        names = {(a["start"], a["end"]): a["name"] for a in claim._.actors}
        found |= {(d["text"], names[(d["start"], d["end"])], d["by"]) for d in claim._.decisions or []
                  if d["field"] == "actors" and d["by"] in passes}
    return found


NAME_FIXES = [
    # A surname joined to its particle by a hyphen is written bare later: the same person.
    ("The chairman, Admiral Sherif el-Naggar, spoke on Monday. Naggar said revenue rose.",
     {("Sherif el-Naggar", "PERSON")}),
    # A title word the model ran into an organisation's name belongs to the next person.
    ("NASA Administrator Charles Bolden spoke in Florida.", {("NASA", "ORG"), ("Charles Bolden", "PERSON"),
                                                             ("Florida", "GPE")}),
    # A LOC is a region, unless it is water no one governs.
    ("Fishermen were rescued in the Black Sea on Monday, officials in New South Wales said.",
     {("New South Wales", "GPE")}),
    # A name the model ends before its head word, or runs into its bracket.
    ("The Coastal Fishers Protection Network (CFPN) said boats stayed in port.",
     {("Coastal Fishers Protection Network", "ORG")}),
    ("The High Court of Nairobi heard the case.", {("High Court of Nairobi", "ORG")}),
    ("The Union of Chemical and Mining Workers of the South counts 19 dead.",
     {("Union of Chemical and Mining Workers of the South", "ORG")}),
    ("Officials from the Department of Water and Sanitation visited the site.",
     {("Department of Water and Sanitation", "ORG")}),
    # ... but not over a second body the model found after the "and", nor over a score's number.
    ("A team from the Massachusetts Institute of Technology and Colorado State University studied the crops.",
     {("Massachusetts Institute of Technology", "ORG"), ("Colorado State University", "ORG")}),
    ("Andreas Granqvist scored from the penalty spot, putting Sweden 1 – 0 up.",
     {("Andreas Granqvist", "PERSON"), ("Sweden", "GPE")}),
    # A "person" the article also writes as a plain noun is a thing; one led by a place is a body.
    ("Space Shuttle Atlantis landed in Florida. The space shuttle will go to a museum.", {("Florida", "GPE")}),
    # A compass word alone is the one country the article names with it.
    ("North Korea and South Korea exchanged fire on Thursday. The South fired dozens of shells.",
     {("North Korea", "GPE"), ("South Korea", "GPE")}),
    # Letters after a name and its comma are no name; a nationality is no actor in a coordinated modifier either.
    ("Mark Lee, QC, said the Gabonese and Estonian teams won.", {("Mark Lee", "PERSON")}),
    ("The trainer goes to Texas A&M in College Station, Texas. Texas lost the bid.",
     {("Texas A&M", "ORG"), ("College Station", "GPE"), ("Texas", "GPE")}),
]


@pytest.mark.parametrize("words,start,end,expected", [
    # A caption's credit word before its colon is no part of the name before it.
    (["Black", "Widow", "Image", ":", "Ana", "Lopes"], 0, 3, "Black Widow"),
    (["Image", "Comics", "said", "so"], 0, 2, "Image Comics"),
    (["the", "Picture", "House", ":", "open"], 0, 3, "Picture House"),
])
def test_trim_span_drops_a_caption_word(vocab, rules, words, start, end, expected):
    assert _trim_span(make(vocab, words)[start:end], rules).text == expected


HEADINGS = [
    # (text, character ranges of its heading lines)
    ("Kenya Doctors Strike Over Pay\n\nDoctors went on strike on Monday.", [(0, 29)]),
    ("Doctors went on strike on Monday.", []),
]


@pytest.mark.parametrize("text,expected", HEADINGS)
def test_heading_lines_give_no_names(rules, text, expected):
    assert _heading_lines(text, rules) == expected


@pytest.mark.parametrize("text,expected", NAME_FIXES)
def test_canonical_name_fixes(nlp, text, expected):
    doc = process_sentence(nlp, text)
    assert {(a["name"], a["type"]) for claim in doc._.claims for a in claim._.actors} == expected


def _mentions_at(doc, spans):
    return [mention(doc, s, e, "PERSON") for s, e in spans]


ANTECEDENTS = [
    # (mention token spans, token, limit, texts before it, nearest first)
    ([(0, 1), (2, 3), (4, 5)], 4, 40, ["c", "a"]),
    ([(0, 1), (2, 3), (4, 5)], 5, 1, ["e"]),
    # A mention that covers the token is not before it.
    ([(0, 1), (2, 5)], 3, 40, ["a"]),
]


@pytest.mark.parametrize("spans,i,limit,expected", ANTECEDENTS)
def test_antecedents_are_the_nearest_before(vocab, spans, i, limit, expected):
    doc = make(vocab, ["a", "x", "c", "x", "e", "x"])
    index = Antecedents(_mentions_at(doc, spans))
    assert [m.text for m in index.before(i, limit=limit)] == expected


REGIONS = [
    ([(5, 10), (20, 30)], 7, (5, 10)),
    ([(5, 10), (20, 30)], 10, None),
    ([(5, 10), (20, 30)], 20, (20, 30)),
    ([], 3, None),
]


@pytest.mark.parametrize("regions,pos,expected", REGIONS)
def test_region_of(regions, pos, expected):
    assert _region_of(pos, regions) == expected


@pytest.mark.parametrize("text,expected", [
    # (text, the actor mention texts of its one claim)
    ("Ana Lopes left the Riverside Robotics Team organization in May.",
     ["Ana Lopes", "the Riverside Robotics Team organization"]),
    ("Ana Lopes left the Riverside Robotics Team in May.", ["Ana Lopes", "Riverside Robotics Team"]),
])
def test_a_name_inside_its_description_is_one_mention(nlp, text, expected):
    doc = process_sentence(nlp, text)
    assert [a["text"] for claim in doc._.claims for a in claim._.actors] == expected
