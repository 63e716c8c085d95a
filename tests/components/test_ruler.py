"""The fast attribute ruler leaves every token as the model's own attribute ruler does."""
import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from extractor.components.ruler import FastAttributeRuler, speed_up
from extractor.pipeline import DEFAULT_MODEL
from tests.conftest import article_texts, stock_and_sped_up


# Sentences that reach the model's rarer rules: several tokens, REGEX, NOT_IN, an index of 1,
# space tokens, and a Doc of one token.
SENTENCES = [
    "I'm gonna say y'all ain't ready, let's go.",
    "There is a dog and there are cats; c'mon, we gotta do it.",
    "But he said: do it! I did. You got it? It gets better, and I have had enough.",
    "Whether it works or not, it's fine, since they'd done it before.\n\n  \n That was that.",
    "Y all ai nt.",
    "Hello",
    "",
    "   ",
]


def _annotations(doc: Doc) -> list[tuple]:
    return [(t.i, t.pos_, t.tag_, t.dep_, t.head.i, t.lemma_, str(t.morph)) for t in doc]


@pytest.fixture(scope="module")
def pair():
    return stock_and_sped_up(speed_up)


def _texts() -> list[str]:
    return SENTENCES + article_texts()


def test_replaces_the_stock_ruler_in_place(pair):
    stock, fast = pair
    assert fast.pipe_names == stock.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert fast.get_pipe("attribute_ruler").patterns == stock.get_pipe("attribute_ruler").patterns
    assert not speed_up(fast), "a second call has nothing to swap"
    assert not speed_up(spacy.blank("en")), "no attribute ruler, nothing to swap"


def test_same_annotations_as_the_stock_ruler(pair):
    stock, fast = pair
    texts = _texts()
    for text, a, b in zip(texts, stock.pipe(texts), fast.pipe(texts)):
        assert _annotations(a) == _annotations(b), text[:60]


def test_same_matches_as_the_stock_ruler(pair):
    stock, fast = pair
    plain = spacy.load(DEFAULT_MODEL, exclude=["ner", "attribute_ruler", "lemmatizer"])
    for text in _texts():
        doc = plain(text)
        assert fast.get_pipe("attribute_ruler").match(doc) == stock.get_pipe("attribute_ruler").match(doc)


def _rulers(patterns: list[dict]) -> tuple[AttributeRuler, FastAttributeRuler]:
    nlp = spacy.blank("en")
    stock = AttributeRuler(nlp.vocab)
    fast = FastAttributeRuler(nlp.vocab)
    stock.add_patterns(patterns)
    fast.add_patterns(patterns)
    return stock, fast


def _tagged(vocab, words: list[str], tags: list[str], deps: list[str]) -> Doc:
    return Doc(vocab, words=words, tags=tags, deps=deps, heads=[0] * len(words))


RULES = [
    # plain values, IN, NOT_IN, a flag, a REGEX, two tokens with index -1, a later rule winning,
    # an operator the fast path leaves to the Matcher, and an empty token pattern.
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"LOWER": {"IN": ["dogs", "cats"]}, "TAG": "NNS"}]], "attrs": {"LEMMA": "animal"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", "NNS"]}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"IS_TITLE": True}]], "attrs": {"MORPH": "Case=Nom"}},
    {"patterns": [[{"TEXT": {"REGEX": "^b.r"}}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"LOWER": "the"}, {"TAG": "NN"}]], "attrs": {"LEMMA": "THING"}, "index": -1},
    {"patterns": [[{"LOWER": "bark"}]], "attrs": {"POS": "PROPN"}},
    {"patterns": [[{"LOWER": "the"}, {"TAG": "NN", "OP": "+"}]], "attrs": {"MORPH": "Definite=Def"}, "index": 0},
    {"patterns": [[{}]], "attrs": {"DEP": "dep"}},
]


def test_rules_of_every_kind_match_as_the_matcher_does():
    stock, fast = _rulers(RULES)
    assert len(fast._compile()[1]) == 1, "only the rule with an operator is left to the Matcher"
    words = ["The", "dog", "and", "the", "cats", "bark", "at", "barns", "."]
    tags = ["DT", "NN", "CC", "DT", "NNS", "VBP", "IN", "NNS", "."]
    deps = ["det", "nsubj", "cc", "det", "conj", "ROOT", "prep", "pobj", "punct"]
    a, b = _tagged(stock.vocab, words, tags, deps), _tagged(fast.vocab, words, tags, deps)
    assert fast.match(b) == stock.match(a)
    assert _annotations(fast(b)) == _annotations(stock(a))
    assert [t.pos_ for t in b] == ["X", "NOUN", "X", "X", "", "PROPN", "X", "VERB", "X"]
    assert b[1].lemma_ == "THING" and b[4].lemma_ == "animal" and str(b[0].morph) == "Definite=Def"  # replaced, not merged


def test_an_index_outside_the_match_fails_as_the_stock_ruler_does():
    stock, fast = _rulers([{"patterns": [[{"LOWER": "a"}]], "attrs": {"POS": "DET"}, "index": 2}])
    doc = Doc(fast.vocab, words=["a", "b"])
    with pytest.raises(ValueError) as fast_error:
        fast(doc)
    with pytest.raises(ValueError) as stock_error:
        stock(Doc(stock.vocab, words=["a", "b"]))
    assert str(fast_error.value) == str(stock_error.value)


def test_rules_added_later_are_used():
    stock, fast = _rulers([{"patterns": [[{"LOWER": "a"}]], "attrs": {"POS": "DET"}}])
    doc = Doc(fast.vocab, words=["a", "b"])
    assert fast(doc)[1].pos_ == ""
    fast.add([[{"LOWER": "b"}]], {"POS": "NOUN"})
    assert fast(Doc(fast.vocab, words=["a", "b"]))[1].pos_ == "NOUN"
    fast.clear()
    assert fast(Doc(fast.vocab, words=["a", "b"]))[0].pos_ == ""


def test_round_trips_through_bytes(pair):
    _, fast = pair
    ruler = fast.get_pipe("attribute_ruler")
    copy = FastAttributeRuler(fast.vocab).from_bytes(ruler.to_bytes())
    assert copy.patterns == ruler.patterns
    doc = spacy.load(DEFAULT_MODEL, exclude=["ner", "attribute_ruler", "lemmatizer"])("They are gonna win.")
    assert copy.match(doc) == ruler.match(doc)
