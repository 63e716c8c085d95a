"""The model's lemmatizer, run faster, with the same result.

spaCy's rule lemmatizer visits every token in Python to look its lemma up in a cache keyed by
(word, POS, morphology). Here each Doc's keys are read as one array, a word seen before costs one
dict look-up, and the lemmas are written back with one array call; a key not seen before is
lemmatised by the model's own lemmatizer. Tokens that already have a lemma (the attribute ruler
sets some) keep it, as with the stock component. ``tests/components/test_lemmas.py`` checks the
result against the stock component.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Optional

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc


class CachedLemmatizer:
    """Wraps a rule or lookup ``Lemmatizer`` (whose lemma depends on word, POS and morphology
    alone); everything but processing is the wrapped component's."""

    def __init__(self, inner: Optional[Lemmatizer] = None) -> None:
        self.inner = inner
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        keys = array[:, :3].tolist()
        lemmas = array[:, 3]
        strings = doc.vocab.strings
        known = self._lemmas
        changed = False
        for i, key in enumerate(keys):
            if lemmas[i]:
                continue
            key = tuple(key)
            lemma = known.get(key)
            if lemma is None:
                lemma = known[key] = strings.add(self.inner.lemmatize(doc[i])[0])
            lemmas[i] = lemma
            changed = True
        if changed:
            doc.from_array([LEMMA], lemmas.reshape(n, 1))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def __getattr__(self, name: str):
        # initialize, to_disk, scorer...: the wrapped lemmatizer's
        if name in ("inner", "_lemmas"):
            raise AttributeError(name)
        return getattr(self.inner, name)


@Language.factory("claims_lemmatizer", assigns=["token.lemma"], default_config={"mode": "rule"})
def make_lemmatizer(nlp: Language, name: str, mode: str) -> CachedLemmatizer:
    # The wrapped lemmatizer gets its tables from ``from_disk`` when a saved pipeline is loaded.
    return CachedLemmatizer(Lemmatizer(nlp.vocab, None, name, mode=mode, overwrite=False))


def speed_up(nlp: Language, *, name: str = "lemmatizer") -> bool:
    """Wrap the pipeline's lemmatizer when its lemmas depend on word, POS and morphology alone
    (rule and lookup modes, not overwriting). Returns whether it was wrapped."""
    stock = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if not isinstance(stock, Lemmatizer) or stock.mode not in ("rule", "lookup") or stock.overwrite:
        return False
    nlp.replace_pipe(name, "claims_lemmatizer", config={"mode": stock.mode})
    nlp.get_pipe(name).inner = stock
    return True
