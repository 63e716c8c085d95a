"""Attribution per claims-spec 6: every attributed sentence of the seed, then cases of our own."""
import pytest

from tests.conftest import process_sentence

SEED_TEXT_CASES = [
    # (text, expected sources per claim)
    ("The acting president of Venezuela, Delcy Rodríguez, announced this Friday a general amnesty law.",
     [["Delcy Rodríguez"]]),
    ("A release process has freed between 302 and more than 600 detainees, according to disputed figures between "
     "Chavismo and the NGO Foro Penal.", [["Chavismo", "Foro Penal"]]),
    ("Delcy Rodríguez visited the court on Friday. Rodríguez made the statement at an event at the Supreme Court of Justice, "
     "where he indicated that the measure had been discussed with Maduro.", [[], ["Delcy Rodríguez"]]),
    ("According to Prisoners Defenders, Cuba ended December 2025 with 1,197 political and conscience prisoners, "
     "having added 134 new ones throughout the year.", [["Prisoners Defenders"]]),
    ("According to Prisoners Defenders, Cuba holds 1,197 prisoners. Prisoners Defenders verifies cases on a monthly "
     "basis. The regime downplays the numbers, while the NGO reports torture and a lack of transparency.",
     [["Prisoners Defenders"], [], ["Prisoners Defenders"]]),
    ("The regime released 553 people in 2025, but NGOs like Justicia 11J reported only 212-250 for political "
     "reasons, citing opaque processes.", [["Justicia 11J"]]),
    ("Amnesty International demanded that the government of Miguel Díaz-Canel unconditionally release prisoners of "
     "conscience, criticizing the 2025 releases for lacking guarantees.", [["Amnesty International"]]),
    ("Amnesty International called for releases. The NGO reported opacity and returns to prison.",
     [["Amnesty International"], ["Amnesty International"]]),
    ("President Donald Trump warned Havana against receiving more oil or money from Venezuela.", [["Donald Trump"]]),
]

OWN = [
    ("More than 300 Cubans signed a petition led by Anamely Ramos demanding immediate release.", [[]]),
    ("Interior Minister Carlos Ruiz told AFP that the curfew would be lifted.", [["Carlos Ruiz"]]),
    ("Carlos Ruiz said in a statement that 40 people had been detained.", [["Carlos Ruiz"]]),
    ("Carlos Ruiz visited the prison. The camp will close in March, he added.", [[], ["Carlos Ruiz"]]),
    ("\"We will not stop until they are free,\" said Ana Torres.", [["Ana Torres"]]),
    ("Human Rights Watch said: \"The arrests are arbitrary.\"", [["Human Rights Watch"]]),
    ("\"The trial was a farce. Nobody could see the evidence,\" said Ana Torres.", [["Ana Torres"], ["Ana Torres"]]),
    ("According to the daily El Nacional, 14 soldiers died.", [["El Nacional"]]),
    ("It was reported that several people were injured.", [[]]),
    ("Ana Torres signed a petition and joined the march.", [[]]),
    ("A spokeswoman for Human Rights Watch said the arrests were arbitrary.", [["Human Rights Watch"]]),
    ("The Daily Monitor quoted Ana Torres as saying the ruling was late.", [["Ana Torres"]]),
    ("The agency Efe cited Carlos Ruiz as saying the talks had failed.", [["Efe", "Carlos Ruiz"]]),
    ("Ana Torres said: \"The trial was a farce. Nobody saw the evidence.\"", [["Ana Torres"], ["Ana Torres"]]),
    ("The Universities Academic Staff Union began the strike on Monday, after a notice expired, saying the "
     "government had failed to pay.", [["Universities Academic Staff Union"]]),
    ("Police fired tear gas on Monday, when Ana Torres had called for a general strike, according to the daily "
     "El Nacional.", [["El Nacional"]]),
    ("Carlos Ruiz said the party condemned the killings.", [["Carlos Ruiz"]]),
]


def _sources(nlp, text):
    doc = process_sentence(nlp, text)
    return [sorted({a["source"] for a in claim._.attribution}) for claim in doc._.claims]


@pytest.mark.parametrize("text,expected", SEED_TEXT_CASES + OWN)
def test_attribution(nlp, text, expected):
    assert _sources(nlp, text) == [sorted(e) for e in expected]
