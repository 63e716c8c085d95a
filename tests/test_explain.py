"""extract --explain on every bundled article: the records validate, carry their decisions, and a
decision's offsets index its text in the document; without --explain the records are the golden ones."""
import json

import pytest

from extractor.engines.local import process_chunk
from extractor.io.readers import read_document
from tests.conftest import ROOT

ARTICLES = sorted(p.relative_to(ROOT) for p in ROOT.glob("seeds/**/*.txt"))


@pytest.mark.parametrize("relpath", ARTICLES, ids=lambda p: p.stem)
def test_explained_records_hold_their_decisions(nlp, relpath, monkeypatch):
    monkeypatch.chdir(ROOT)
    item = read_document(relpath)
    explained, = process_chunk(nlp, [item], explain=True)
    assert explained.error is None, explained.error
    golden = (ROOT / "tests" / "data" / "golden" / f"{relpath.stem}.claims.jsonl").read_text(encoding="utf-8")
    plain = [json.loads(line) for line in golden.splitlines()]
    assert [{k: v for k, v in r.items() if k != "decisions"} for r in explained.claims] == plain
    for record in explained.claims:
        for d in record["decisions"]:
            assert d["field"] in ("actors", "counts", "dates", "attribution") and d["by"] and d["action"]
            if d["start"] is not None:
                assert item.text[d["start"]:d["end"]] == d["text"]
