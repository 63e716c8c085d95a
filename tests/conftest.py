import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "cibercuba-2026-01-31-amnesty.txt"
SEED_GOLD = ROOT / "seeds" / "cibercuba-2026-01-31-amnesty.gold.jsonl"
DOC_DATE = dt.date(2026, 1, 31)


@pytest.fixture(scope="session")
def nlp():
    from extractor.pipeline import build
    return build()


@pytest.fixture(scope="session")
def seed_text() -> str:
    with open(SEED, encoding="utf-8", newline="") as fh:
        return fh.read()


@pytest.fixture(scope="session")
def seed_claims(nlp, seed_text):
    from extractor.pipeline import claims_of, make_doc
    doc = nlp(make_doc(nlp, seed_text, doc_id=SEED.stem, doc_date=DOC_DATE))
    return claims_of(doc, source=str(SEED))


def process_sentence(nlp, text: str, doc_date=DOC_DATE):
    """Run the whole pipeline over a one-paragraph text; returns the processed Doc."""
    from extractor.pipeline import make_doc
    return nlp(make_doc(nlp, text, doc_id="t", doc_date=doc_date))


def article_texts() -> list[str]:
    """Every bundled article (the seed and the development corpus), as read from disk."""
    out = []
    for path in sorted(ROOT.glob("seeds/**/*.txt")):
        with open(path, encoding="utf-8", newline="") as fh:
            out.append(fh.read())
    return out


def stock_and_sped_up(speed_up):
    """The default model twice (without NER, which the drop-ins do not touch): as shipped, and
    with ``speed_up`` applied."""
    import spacy

    from extractor.pipeline import DEFAULT_MODEL
    stock = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    fast = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    assert speed_up(fast)
    return stock, fast


def pack_with(file: str, **changes):
    """The bundled rule pack with the keys of one of its files changed (a Pack of its own)."""
    import json

    from extractor.components.base import default_pack
    from extractor.packs import Pack
    texts = dict(default_pack().texts)
    data = json.loads(texts[file])
    data.update(changes)
    texts[file] = json.dumps(data)
    return Pack(texts)
