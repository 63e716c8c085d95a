"""Actor rules added for wire and newspaper copy (issue 12): invented sentences, one rule each.

Each row: a text, names (with types) that must be among the claims' actors, and names that must
not be (what the rule removes)."""
from __future__ import annotations

import pytest

from tests.conftest import process_sentence

WIRE = [
    # name_part_mentions: a given name used alone after the full name ("Batbayar said"); its
    # quoted "we" then takes the body the spokesman speaks for.
    ('Batbayar Ganzorig, a spokesman for the State Emergency Commission, spoke on Monday. '
     '"We are sending fuel," Batbayar said.',
     {("Batbayar Ganzorig", "PERSON"), ("State Emergency Commission", "ORG")}, set()),
    # abbreviated_title: a rank written with its full stop is no person.
    ("The brigade's commander, Brig. Gen. Ramon Dizon, said the operation would go on.",
     {("Ramon Dizon", "PERSON")}, {"Brig"}),
    # _aged: a name with an age set off by commas is a person, whatever the model typed it.
    ("The court fined Temirbek Asanaliev, 52, on Thursday. Asanaliev denied the charges.",
     {("Temirbek Asanaliev", "PERSON")}, {"Asanaliev"}),
    ("Fatime Adam, a 34-year-old mother of five, said her family skipped meals.",
     {("Fatime Adam", "PERSON")}, set()),
    # facility_names: a name that labels a mine is no actor, nor its later mentions.
    ("Workers at the Kwena mine near Rustenburg went on strike. Kwena produced 300,000 ounces last year.",
     {("Rustenburg", "GPE")}, {"Kwena"}),
    # _portfolio_split: the minister's name after the last portfolio word; no portfolio piece.
    ("Chad's Minister of Social Action and Humanitarian Affairs Hassane Mahamat Abakar visited the camp.",
     {("Hassane Mahamat Abakar", "PERSON")}, {"Social Action", "Humanitarian Affairs Hassane Mahamat Abakar"}),
    # _body_then_person / _of_a_country: a body's name ending in "of" and its country, run by the
    # model into the name of the person whose title it is.
    ("Chairman of the National Bank of Tajikistan Sharif Davlatzoda told a news conference that rates would rise.",
     {("National Bank of Tajikistan", "ORG"), ("Sharif Davlatzoda", "PERSON")},
     {"National Bank of Tajikistan Sharif Davlatzoda"}),
    # _extend_org and _joined_head: names the model cut at "and".
    ("Officials from the Department of Mineral and Petroleum Resources met the Communications and "
     "Multimedia Appeals Tribunal.",
     {("Department of Mineral and Petroleum Resources", "ORG"),
      ("Communications and Multimedia Appeals Tribunal", "ORG")}, {"Petroleum Resources"}),
    # full_person_names: a surname without its hyphened particle is the full name ("el-").
    ('The port chairman, Admiral Karim el-Masri, spoke on Monday. "We expect more ships," Masri said.',
     {("Karim el-Masri", "PERSON")}, {"Masri"}),
    # "Cr", the councillor's title in New Zealand and Australian copy, is no part of the name.
    ("Cr Tane Morrow, who voted against, said the rise was too steep.", {("Tane Morrow", "PERSON")},
     {"Cr Tane Morrow"}),
    # addressed_person: a rank before a given name and a surname is a person, whatever the model typed.
    ("A police spokesman, Superintendent Chidi Okafor, said two men had been arrested.",
     {("Chidi Okafor", "PERSON")}, {"Superintendent Chidi Okafor"}),
    # _dash_joined_places: two places joined by a dash are two places.
    ("Three lines said they would route their Asia-Europe services through the canal again.",
     {("Asia", "GPE"), ("Europe", "GPE")}, {"Asia-Europe"}),
    # listed_places: an untagged name joined by a dash to a place is the route's other end.
    ("Rescuers say the Libya–Crete route is now one of the busiest.", {("Libya", "GPE"), ("Crete", "GPE")}, set()),
    # facility_names: a ship's name after "ship" is no actor, nor its later mentions.
    ("The work began after the container ship Ever Given blocked the canal. Ever Given was refloated in a week.",
     set(), {"Ever Given"}),
    # facility_name and facility_names: a plaza's name and the name of a market are no actors.
    ("Part of the Adekunle Trade Plaza collapsed on Tuesday, traders at the Oyelami market said. Oyelami was "
     "closed on Wednesday.", set(), {"Adekunle Trade Plaza", "Oyelami"}),
    # place_noun_of: a place after "the hamlet of", though its first word is a given name.
    ("Adelino Moura, a retired shepherd from the hamlet of Vale de Cima, was still waiting for news.",
     {("Adelino Moura", "PERSON"), ("Vale de Cima", "GPE")}, set()),
]


# slotted_places: a name the article writes as a place once is a place in every mention (invented
# places): after "the town of", and after a person's age and "of".
ONE_TYPE = [
    ("Floodwater reached the farming town of Kerrowen on Sunday. Power lines to Kerrowen were still down "
     "on Tuesday, residents said.", "Kerrowen", "GPE"),
    ("Retired nurse Ana Costa, 64, of Vellmoor, said the bus had not come for a week.", "Vellmoor", "GPE"),
    # The region of the dateline is a place; a noun in apposition is no title that makes a person.
    ("PORT AVREL, Kestrel Bay — Fishermen in Kestrel Bay said catches had halved. Kestrel Bay was hit hardest, "
     "the mayor said.", "Kestrel Bay", "GPE"),
    # place_part_nouns: a name after "the outskirts of" is a place; a plural place noun after a list too.
    ("Gangs fought on the outskirts of Valmora on Sunday, police said.", "Valmora", "GPE"),
    ("Fishing outriggers from Poro and Pilar towns joined the rescue. Pilar was spared.", "Pilar", "GPE"),
    # which_is_no_person: a name followed by ", which" is no person (an invented party).
    ("At home, Kivuli, which has ruled since 1990, rejected the report.", "Kivuli", "ORG"),
    # place_noun_last: a name ending in a capitalised place noun is that place.
    ("Officials in Oyo State said 27 people died. Lagos State officials said the market would reopen.",
     "Lagos State", "GPE"),
    # writers_outlet_names: the outlet in the dateline's brackets is an organisation (invented outlet).
    ("ACCRA, July 30 (Gold Coast Wire) - The central bank cut its rate, the bank's governor told Gold Coast Wire.",
     "Gold Coast Wire", "ORG"),
    ("Work stopped at Carvalhal, the country's largest container terminal, on Tuesday. Dockworkers at Carvalhal, "
     "Lisbon and Setúbal walked out.", "Carvalhal", "GPE"),
]


@pytest.mark.parametrize("text,name,label", ONE_TYPE)
def test_a_name_written_as_a_place_is_one_in_every_mention(nlp, text, name, label):
    doc = process_sentence(nlp, text)
    assert {a["type"] for claim in doc._.claims for a in claim._.actors if a["name"] == name} == {label}


@pytest.mark.parametrize("text,present,absent", WIRE)
def test_wire_actor_rules(nlp, text, present, absent):
    doc = process_sentence(nlp, text)
    found = {(a["name"], a["type"]) for claim in doc._.claims for a in claim._.actors}
    assert present <= found
    assert not absent & {name for name, _ in found}


def test_a_creole_first_person_is_the_speaker(nlp):
    """untagged_first_person: quoted "mi" is the speaker, though the tagger takes it for no pronoun;
    "5 mi" (miles) is no one (invented farmer)."""
    doc = process_sentence(nlp, '"Mi cyaan sell what mi nuh grow," said Desmond Reid, a farmer, on Sunday. '
                                '"It is at least 5 mi each way," said Desmond Reid.')
    found = [(a["text"], a["name"]) for claim in doc._.claims for a in claim._.actors if a["text"].lower() == "mi"]
    assert found == [("Mi", "Desmond Reid"), ("mi", "Desmond Reid")]


def test_pronoun_after_a_quotation_over_paragraphs(nlp):
    """_narrative_gap: quoted sentences do not count towards a narrative pronoun's reach."""
    text = ('Nuno Teixeira, a crane operator, said he had been on the picket line since dawn.\n\n'
            '"People think we are rich. I work nights and weekends. It still does not add up.\n\n'
            '"My rent has gone up by a third. My pay has not. That is the whole story," he said.')
    doc = process_sentence(nlp, text)
    last = doc._.claims[-1]
    assert ("he", "Nuno Teixeira") in {(a["text"], a["name"]) for a in last._.actors}


def test_a_speaking_place_is_a_person(nlp):
    """speaking_places: a one-word "place" (no country, never in a place slot) that speaks or has a
    lawyer is a person in every mention."""
    text = ('The petition of Mwelwa was filed on Thursday. Mwelwa\'s lawyer spoke to reporters. '
            '"We will win," Mwelwa said.')
    doc = process_sentence(nlp, text)
    types = {a["type"] for claim in doc._.claims for a in claim._.actors if a["name"].endswith("Mwelwa")}
    assert types <= {"PERSON"}


PLACE_KINDS = [
    # _place_of_kind: "the city" is the place the article writes as a city, not the nearer suburb.
    ("Rents are rising in Galway. Keady lives in Knocknacarra, on the western edge of Galway city. "
     "Creaven lets flats in Renmore. "
     "Rents in the city rose 8%.", "the city", "Galway"),
    # ... and a place written as another kind is no "town".
    ("The fire broke out south of Castro Daire. It crossed into the district of Viseu. "
     "Residents slept in a school in the town.", "the town", "Castro Daire"),
    # ... a kind written inside the name ("Vinh Long province", "Ho Chi Minh City").
    ("Salt was measured by an institute in Ho Chi Minh City. In Vinh Long province, rice was lost. "
     "Farmers in the province had no water.", "the province", "Vinh Long"),
    # _slot_nouns: "the regional capital X" writes X as a capital and as the region named after it.
    ("The blast hit a mine west of the regional capital Karaganda on Tuesday. A fire in the same region "
     "killed 46 people in 2023.", "the same region", "Karaganda"),
    # governor_offices: a regional governor's office is the region's government, the region.
    ("The blast hit a mine west of the regional capital Karaganda on Tuesday. The regional governor's office "
     "declared two days of mourning.", "The regional governor's office", "Karaganda"),
    # _headline_places: with no region named in the text, the region is the place only the headline names.
    ("Aragon budget in doubt as partner walks out\n\nThe regional government's plan faces defeat in the chamber. "
     "The draft is the largest in the region's history.", "the region", "Aragon"),
    ("Aragon budget in doubt as partner walks out\n\nThe regional government's plan faces defeat in the chamber. "
     "The draft is the largest in the region's history.", "The regional government", "Aragon"),
    # _government: in a story that names no country, "the government" is the region's government read before.
    ("Aragon budget in doubt as partner walks out\n\nThe regional government's plan faces defeat in the chamber. "
     "One union said it backed the government's pay offer.", "the government", "Aragon"),
]


@pytest.mark.parametrize("text,mention,name", PLACE_KINDS)
def test_a_place_description_takes_the_place_of_its_kind(nlp, text, mention, name):
    found = [(a["text"], a["name"]) for claim in process_sentence(nlp, text)._.claims for a in claim._.actors]
    assert (mention, name) in found, found


def test_a_place_noun_before_a_place_description_is_another_body(nlp):
    text = "Residents of Ayarpampa met in Lima. The district municipality said it would help."
    found = [a["text"] for claim in process_sentence(nlp, text)._.claims for a in claim._.actors]
    assert "the district municipality" not in found


@pytest.mark.parametrize("text,start,cued", [
    ("Floodwater reached Quillcamba, in the Pasco region, on Sunday.", 2, True),
    ("Officials at Acme, in a statement, said the region was calm.", 2, False),
])
def test_a_name_located_in_a_region_is_written_as_a_place(nlp, text, start, cued):
    """_located_in_a_region: a comma, "in" and a place noun in the same phrase (invented names)."""
    from extractor.components.actors import _place_cue, default_rules
    doc = nlp(text)
    assert _place_cue(doc, doc[start:start + 1], default_rules(nlp.vocab)) is cued


# Names as the article writes them (issue 12, names4; invented sentences): honours and titles are
# no part of a name; each row: text, (name, type) pairs that must be found, names that must not be.
NAMES = [
    # honours: a Malaysian, Nigerian or Gulf honour before a full name is stripped, as a title is.
    ("Its group chief executive, Datuk Faizal Hamdan Rahim, said costs had doubled.",
     {("Faizal Hamdan Rahim", "PERSON")}, {"Datuk Faizal Hamdan Rahim"}),
    ("Tan Sri Rohana Ismail, the chairwoman, said the board would meet.",
     {("Rohana Ismail", "PERSON")}, {"Tan Sri Rohana Ismail"}),
    ("Alhaji Musa Danladi, a trader in Kano, said prices had doubled.",
     {("Musa Danladi", "PERSON")}, {"Alhaji Musa Danladi"}),
    ("Sheikh Khalid Al-Mansouri opened the port on Monday.",
     {("Khalid Al-Mansouri", "PERSON")}, {"Sheikh Khalid Al-Mansouri"}),
    # _given_name_places: a given name the model typed a place joins the names after it as one person.
    ("The regional finance minister, Marta Solans Ibarz, defended the accounts.",
     {("Marta Solans Ibarz", "PERSON")}, {"Marta"}),
    # demonym_governments and _country_of: a nation's or a region's government is the place (place_demonyms).
    ("A Welsh Government spokesperson said ministers had provided more money.", {("Wales", "GPE")},
     {"Welsh Government"}),
    ("The Aragonese government said the budget would pass.", {("Aragon", "GPE")}, {"Aragonese"}),
    # ... a nationality adjective before anything else names no actor
    ("Welsh farmers said the rain had ruined the hay.", set(), {"Wales", "Welsh"}),
    # Spurious actors: a sum of money, a street or square, a mountain range, a demonym as a
    # modifier and a common noun capitalised only at its sentence's start are no actors.
    ("The longest single journey will cost RM7.10, the operator said.", set(), {"RM7.10"}),
    ("Passengers waited at the Central Square interchange on Wednesday evening.", set(), {"Central Square"}),
    ("The road works in the Pyrenees will be delayed by a year.", set(), {"Pyrenees"}),
    ("Tankers were expected at the Chilean port of Arica on Monday.", set(), {"Chilean"}),
    ("Samples showed the liquor was mixed with methanol. Methanol attacks the optic nerve first.", set(),
     {"Methanol"}),
    # portfolio_words: a portfolio before a title is no body ("Transportation Secretary").
    ("Transportation Secretary Alfredo Lacson said an investigation had begun.", {("Alfredo Lacson", "PERSON")},
     {"Transportation"}),
    # country_names: a current name the article writes is kept; an older name takes it.
    ("Cocoa farmers in Ivory Coast held back beans on Monday.", {("Ivory Coast", "GPE")}, {"Côte d'Ivoire"}),
    ("Fighting in the Democratic Republic of Congo, once called Zaire, went on. Zaire was a name of the past.",
     {("Democratic Republic of Congo", "GPE")}, {"Democratic Republic of the Congo", "Zaire"}),
    ("Farmers in Swaziland sold more sugar.", {("Eswatini", "GPE")}, {"Swaziland"}),
    # an island of a country of several islands is a place of its own
    ("The government of Trinidad and Tobago said visitors from Trinidad would pay more.",
     {("Trinidad", "GPE"), ("Trinidad and Tobago", "GPE")}, set()),
    # _compass_adjective: a lower-case compass adjective is no part of the place's name.
    ("Rebels advanced in eastern Democratic Republic of Congo on Monday.",
     {("Democratic Republic of Congo", "GPE")}, {"eastern Democratic Republic of Congo"}),
]


@pytest.mark.parametrize("text,present,absent", NAMES)
def test_names_as_written(nlp, text, present, absent):
    doc = process_sentence(nlp, text)
    found = {(a["name"], a["type"]) for claim in doc._.claims for a in claim._.actors}
    assert present <= found, found
    assert not absent & {name for name, _ in found}, found
