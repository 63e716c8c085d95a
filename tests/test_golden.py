"""The claims of every bundled article, diffed against ``tests/data/golden/``.

A change that moves any record shows here as a line-level diff. When a change is meant to move
records, regenerate with ``python -m tests.test_golden`` and say in the commit which records
moved and why.
"""
import difflib
import json
from pathlib import Path

import pytest

from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "data" / "golden"
ARTICLES = sorted(p.relative_to(ROOT) for p in ROOT.glob("seeds/**/*.txt"))


def claims_lines(nlp, relpath: Path) -> list[str]:
    from extractor.engines.local import process_chunk
    from extractor.io.readers import read_document
    result, = process_chunk(nlp, [read_document(relpath)])
    assert result.error is None, result.error
    return [json.dumps(r, ensure_ascii=False) + "\n" for r in result.claims]


def test_every_bundled_article_has_a_golden_file():
    assert sorted(p.name for p in GOLDEN.glob("*.claims.jsonl")) == sorted(f"{p.stem}.claims.jsonl" for p in ARTICLES)


@pytest.mark.parametrize("relpath", ARTICLES, ids=lambda p: p.stem)
def test_claims_equal_the_golden_file(nlp, relpath, monkeypatch):
    monkeypatch.chdir(ROOT)
    expected = (GOLDEN / f"{relpath.stem}.claims.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    got = claims_lines(nlp, relpath)
    diff = "".join(difflib.unified_diff(expected, got, "golden", "now", n=0))
    assert got == expected, diff[:4000]


if __name__ == "__main__":  # regenerate: python -m tests.test_golden
    import os
    from extractor.pipeline import build
    os.chdir(ROOT)
    pipeline = build()
    for path in ARTICLES:
        (GOLDEN / f"{path.stem}.claims.jsonl").write_text("".join(claims_lines(pipeline, path)), encoding="utf-8")
