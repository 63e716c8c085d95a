"""The cached lemmatizer leaves every token's lemma as the model's own lemmatizer does."""
import pytest
import spacy
from spacy.tokens import Doc

from extractor.components.lemmas import CachedLemmatizer, speed_up
from tests.conftest import article_texts, stock_and_sped_up

SENTENCES = [
    "The ministers said they had been meeting, and we're gonna keep saying it ain't over.",
    "Saying, said, says, sayings; the geese were flying over the mice.",
    "",
    "\n\n",
]


@pytest.fixture(scope="module")
def pair():
    return stock_and_sped_up(speed_up)


def _texts() -> list[str]:
    return SENTENCES + article_texts()


def test_same_lemmas_as_the_stock_lemmatizer(pair):
    stock, fast = pair
    texts = _texts()
    # Twice: the second pass is answered from the cache.
    for _ in range(2):
        for text, a, b in zip(texts, stock.pipe(texts), fast.pipe(texts)):
            assert [t.lemma_ for t in a] == [t.lemma_ for t in b], text[:60]


def test_keeps_lemmas_already_set(pair):
    _, fast = pair
    doc = Doc(fast.vocab, words=["They", "were", "here"], pos=["PRON", "AUX", "ADV"], lemmas=["", "BE!", ""])
    fast.get_pipe("lemmatizer")(doc)
    assert [t.lemma_ for t in doc] == ["they", "BE!", "here"]


def test_wraps_in_place_and_delegates(pair):
    stock, fast = pair
    assert fast.pipe_names == stock.pipe_names
    wrapper = fast.get_pipe("lemmatizer")
    assert isinstance(wrapper, CachedLemmatizer)
    assert wrapper.mode == "rule" and wrapper.lookups is wrapper.inner.lookups
    assert not speed_up(fast), "already wrapped"
    assert not speed_up(spacy.blank("en")), "no lemmatizer"


def test_only_lemmatizers_whose_lemma_depends_on_word_pos_and_morphology():
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "rule", "overwrite": True})
    assert not speed_up(nlp), "an overwriting lemmatizer replaces lemmas the cache would keep"
