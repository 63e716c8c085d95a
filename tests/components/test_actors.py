"""Actors per claims-spec 3: canonical names and types, resolution of descriptions and pronouns."""
import pytest

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
]


@pytest.mark.parametrize("text,expected", CASES)
def test_actor_names(nlp, text, expected):
    doc = process_sentence(nlp, text)
    found = []
    for claim in doc._.claims:
        for m in claim._.actors:
            assert doc.text[m.start:m.end] == m.text
        found.append({(m.name, m.type) for m in claim._.actors})
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
