"""Claim sentences per claims-spec 1-2: boilerplate lines, datelines and rejoined fragments."""

import pytest
import spacy
from spacy.tokens import Doc

from extractor.components.sentences import (
    FILTERS, GLUES, claim_sentences, compile_rules, default_rules, is_boilerplate_line, merge_fragments,
    strip_dateline,
)
from extractor.errors import PackError
from extractor.pipeline import DEFAULT_MODEL
from tests.conftest import pack_with

BLANK = spacy.blank("en")
VOCAB = BLANK.vocab
RULES = default_rules()

LINES = [
    ("Related stories:", True),
    ("Filed under: Politics", True),
    ("By Ana Torres and Carlos Ruiz", True),
    ("Reporting by Ana Torres; editing by Carlos Ruiz", True),
    ("Kenya's economy grew", True),            # a heading: no final punctuation, few words
    ("", True),
    ("--- 12 ---", True),
    ("Kenya's economy grew 5% in 2025.", False),
    ("\"We will not stop,\" she said.", False),
    ('Minister calls fee rise "unfair"', True),     # a headline ending on a quoted word ends no sentence
    ('He called the rise "unfair".', False),
    ("So who pays?", True),                        # a sub-heading: one question, no quotation
    ('"Who pays?" she asked.', False),
    ("- publish the names of everyone released;", False),   # a list item, not a heading
]


@pytest.mark.parametrize("line,expected", LINES)
def test_boilerplate_lines(line, expected):
    assert is_boilerplate_line(line, rules=RULES) is expected


def doc_of(pieces: list[str], *, newline_after: tuple[int, ...] = ()) -> Doc:
    """A Doc whose parser sentences are ``pieces`` (joined by a space, or a newline after the
    pieces listed); the newline token belongs to the piece before it, as the parser has it."""
    text, offsets = "", []
    for n, piece in enumerate(pieces):
        offsets.append(len(text))
        text += piece + ("\n" if n in newline_after else " " if n + 1 < len(pieces) else "")
    tokens = BLANK(text)
    starts = [t.idx in offsets for t in tokens]
    return Doc(VOCAB, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens],
               sent_starts=starts)


SENTENCES = [
    # (parser sentences, newline after these pieces, expected claims)
    (["The U.S.", "Army left."], (), ["The U.S. Army left."]),
    (["Talks failed.", "then resumed."], (), ["Talks failed. then resumed."]),
    (["Talks failed.", "Ana left."], (), ["Talks failed.", "Ana left."]),
    (["Breaking news", "Ana left the city."], (0,), ["Ana left the city."]),
    (["Talks failed.", "12"], (0,), ["Talks failed."]),
    (["NAIROBI, July 2 (Reuters) - Kenya grew."], (), ["Kenya grew."]),
    (["NAMPULA, Mozambique, Feb 11 (Meridian) - Cases rose."], (), ["Cases rose."]),  # city, country and date
    (["Talks failed.", "NAIROBI - Kenya grew."], (), ["Talks failed.", "NAIROBI - Kenya grew."]),
    # captions, photo credits, credit lines and contributor notes: every sentence of the paragraph goes
    (["Talks failed.", "FILE PHOTO:", "A plane is seen at the airport in Accra.", "REUTERS/Ama Owusu/File Photo"],
     (0, 2), ["Talks failed."]),
    (["Talks failed.", "Caption: Dockworkers gather at the gate.", "They struck on Monday."], (0,), ["Talks failed."]),
    (["Talks failed.", "(Reporting by Ana Ruiz in Lima; Editing by Tom Hart)"], (0,), ["Talks failed."]),
    (["Talks failed.", "Reporting by Ana Ruiz; Writing by Tom Hart."], (0,), ["Talks failed."]),
    (["Talks failed.", "Associated Press writer Ana Ruiz in Lima contributed to this report."], (0,), ["Talks failed."]),
    (["Talks failed.", "pma/sbk/cw"], (0,), ["Talks failed."]),
    # newspaper captions end with their credit; correction and editor's notes
    (["Talks failed.", "Ana Ruiz at her home in Lima.", "Photograph: Tom Hart"], (0,), ["Talks failed."]),
    (["Talks failed.", "Police guard the port, Tuesday, June 9, 2026.", "(AP Photo/Ana Ruiz)"], (0,), ["Talks failed."]),
    (["Talks failed.", "Correction, June 13, 2026:", "An earlier version of this article said May.", "It is June."],
     (0,), ["Talks failed."]),
    (["Talks failed.", "(This story has been corrected to show the port is in Lima, not Callao)"], (0,),
     ["Talks failed."]),
    (["Talks failed.", "Notes to editors: Ana Ruiz is available for interview."], (0,), ["Talks failed."]),
    (["Talks failed.", "Correction officers said 12 inmates escaped."], (0,),
     ["Talks failed.", "Correction officers said 12 inmates escaped."]),
    # ... but not a sentence that only mentions a photo, a report or a ratio
    (["Talks failed.", "The photo showed the ratio was 50/50."], (0,), ["Talks failed.", "The photo showed the ratio was 50/50."]),
    (["Talks failed.", "Reporters were barred by police."], (0,), ["Talks failed.", "Reporters were barred by police."]),
    # a heading the parser split is dropped piece by piece: a numbered sub-heading, a bulletin's title
    (["Talks failed.", "2.", "Injured", "Nine were hurt."], (0, 2), ["Talks failed.", "Nine were hurt."]),
    (["Field Bulletin No. 14:", "Lima, a week after the spill", "Nine were hurt."], (1,), ["Nine were hurt."]),
    # ... but a line that ends a sentence keeps every piece
    (["Talks failed.", "Nine were hurt."], (), ["Talks failed.", "Nine were hurt."]),
    # a caption in brackets; a caption ending with an outlet/photographer credit
    (["Talks failed.", "[Photo caption: Rescuers dig on Tuesday.", "(Photo: Ana Ruiz / The Ledger)]"], (0,),
     ["Talks failed."]),
    (["Talks failed.", "A woman carries water in Lima, March 18, 2026.", "Andes Wire/Ana Ruiz"], (0,), ["Talks failed."]),
    (["Talks failed.", "Prices rose 50/50 in Lima and Cusco."], (0,), ["Talks failed.", "Prices rose 50/50 in Lima and Cusco."]),
    # contact lines and who compiled a bulletin
    (["Talks failed.", "Contact: press@example.org"], (0,), ["Talks failed."]),
    (["Talks failed.", "Field team: Ana Ruiz and Tom Hart."], (0,), ["Talks failed."]),
    (["Talks failed.", "This bulletin was compiled by the network's field team."], (0,), ["Talks failed."]),
    # the lead-in of a list is no claim; its items are
    (["Talks failed.", "What we ask:", "- that the ministry count the dead;", "- that it publish the list."],
     (0, 1, 2), ["Talks failed.", "- that the ministry count the dead;", "- that it publish the list."]),
    (["The group called on the authorities to:", "1. free the detainees."], (0,), ["1. free the detainees."]),
    (["The minister said:", "Talks will resume."], (0,), ["The minister said:", "Talks will resume."]),
]


@pytest.mark.parametrize("pieces,newline_after,expected", SENTENCES)
def test_claim_sentences_on_hand_built_docs(pieces, newline_after, expected):
    doc = doc_of(pieces, newline_after=newline_after)
    claims = claim_sentences(doc, rules=RULES)
    assert [c.text for c in claims] == expected
    for c in claims:
        assert doc.text[c.start_char:c.end_char] == c.text


FRONT_MATTER = [
    # (lines, expected claims): a byline near the top ends the headline, kicker and standfirst
    (["Water back on", "", "Queues end as company admits failure.", "", "By Ana Ruiz, Staff Reporter", "",
      "Taps ran again on Friday."], ["Taps ran again on Friday."]),
    (["Water back on", "By Ana Ruiz in Lima", "Taps ran again on Friday."], ["Taps ran again on Friday."]),
    # no byline: a standfirst with a full stop stays (nothing tells it from a lead)
    (["Water back on", "Queues end as company admits failure.", "Taps ran again on Friday."],
     ["Queues end as company admits failure.", "Taps ran again on Friday."]),
    # a line that starts with "By" but is a sentence is no byline
    (["Water back on", "Queues end as company admits failure.", "By Friday, taps ran again."],
     ["Queues end as company admits failure.", "By Friday, taps ran again."]),
    # a byline below the first lines is not read as one
    (["Water back on", "A.", "B.", "C.", "D.", "By Ana Ruiz"], ["A.", "B.", "C.", "D."]),
]


@pytest.mark.parametrize("lines,expected", FRONT_MATTER)
def test_front_matter_ends_at_a_byline(lines, expected):
    doc = doc_of(lines, newline_after=tuple(range(len(lines) - 1)))
    assert [c.text for c in claim_sentences(doc, rules=RULES)] == expected


GLUE_CASES = [
    # (piece before, piece after, the glues that rejoin them)
    ("Talks failed.", "then resumed.", ["continues_lowercase"]),
    ("Talks failed.", "--", ["has_no_letter"]),
    ("Talks failed in", "March.", ["unfinished"]),
    ("The U.S.", "Army left.", ["after_abbreviation"]),
    ("Gen.", "Ruiz left.", ["after_abbreviation"]),
    ("The commander, Brig.", "Gen. Ruiz left.", ["after_abbreviation"]),  # a title the tokenizer split
    ("Troops left Iraq.", "Gen. Ruiz stayed.", []),
    ("Talks failed.", "Ana left.", []),
]


@pytest.mark.parametrize("before,after,glues", GLUE_CASES)
def test_each_glue_says_why_a_piece_continues(before, after, glues):
    doc = doc_of([before, after])
    prev, span = list(doc.sents)
    assert [g.__name__ for g in GLUES if g(prev, span, RULES)] == glues
    assert len(merge_fragments([prev, span], rules=RULES)) == (1 if glues else 2)


def test_a_newline_keeps_pieces_apart():
    doc = doc_of(["Talks failed in", "March ended."], newline_after=(0,))
    prev, span = doc[:3], doc[4:]
    assert len(merge_fragments([prev, span], rules=RULES)) == 2


def test_filters_are_listed_in_order():
    assert [f.__name__ for f in FILTERS] == ["boilerplate_line", "heading_piece", "furniture_paragraph", "list_lead",
                                             "without_letters"]
    assert [g.__name__ for g in GLUES] == ["continues_lowercase", "has_no_letter", "unfinished", "after_abbreviation"]


@pytest.mark.parametrize("text,expected", [
    ("NAIROBI, July 2 (Reuters) - Kenya grew.", "Kenya grew."),
    ("HAVANA — Cuba freed them.", "Cuba freed them."),
    # Accented capitals, a two-word country, a weekday before the date (issue 12 wire copy).
    ("GABÈS, 9 November 2026 - Three died.", "Three died."),
    ("NAIROBI, Monday May 6 - One died.", "One died."),
    ("NAIVASHA, Thursday 9 May 2024 - Families wait.", "Families wait."),
    ("COLOMBO, Sri Lanka, June 9 (AP) - The navy said.", "The navy said."),
    ("Kenya grew.", "Kenya grew."),
    ("NAIROBI -", "NAIROBI -"),          # nothing after the dateline: kept as it is
])
def test_strip_dateline(text, expected):
    doc = BLANK(text)
    out = strip_dateline(doc[:], rules=RULES)
    assert out.text == expected
    assert text[out.start_char:out.end_char] == out.text




def test_the_rules_are_the_pack():
    rules = compile_rules(pack_with("boilerplate.json", max_heading_words=1))
    assert is_boilerplate_line("Kenya's economy grew", rules=rules) is False
    assert is_boilerplate_line("Kenya's economy grew", rules=RULES) is True


@pytest.mark.parametrize("changes", [{"dateline_pattern": "(unclosed"}, {"fragment_finals": ["."]},
                                     {"max_heading_words": "25"}])
def test_a_bad_boilerplate_file_fails_at_load(changes):
    with pytest.raises(PackError, match=r"\[E001\] boilerplate.json"):
        pack_with("boilerplate.json", **changes)


def test_sentences_in_a_pipeline_of_their_own():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("claims_newlines", before="parser")
    nlp.add_pipe("claims_sentences")
    text = "Kenya's economy\nNAIROBI (Reuters) - Kenya's economy grew 5% in 2025. Ana Torres said so.\nRelated stories:"
    doc = nlp(text)
    claims = doc._.claims
    assert [c.text for c in claims] == ["Kenya's economy grew 5% in 2025.", "Ana Torres said so."]
    for c in claims:
        assert text[c.start_char:c.end_char] == c.text
