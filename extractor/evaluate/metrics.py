"""Counts of correct, spurious and missed items per field, strict and lenient, overall and per
document, the way nervaluate reports NER: precision, recall and F1 from tp/fp/fn."""
from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..schemas import GoldClaim, RecordError, iter_jsonl
from .matching import (align_claims, counts_lenient, counts_strict, dates_strict, match_one_to_one, names_lenient,
                       names_strict, spans_overlap, units_equal)

FIELDS = ("claims", "actors", "counts", "dates", "attribution")
MODES = ("strict", "lenient")


class EvaluationError(ValueError):
    """Gold and predictions that cannot be compared; the message says why."""


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def scores(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if self.fn == 0 else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if self.fp == 0 else 0.0)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Ratio:
    correct: int = 0
    total: int = 0

    def scores(self) -> dict:
        return {"accuracy": round(self.correct / self.total, 4) if self.total else None,
                "correct": self.correct, "total": self.total}


@dataclass
class Scores:
    fields: dict = field(default_factory=lambda: {f: {m: Tally() for m in MODES} for f in FIELDS})
    actor_types: Ratio = field(default_factory=Ratio)
    count_units: Ratio = field(default_factory=Ratio)

    def merge(self, other: "Scores") -> None:
        for f in FIELDS:
            for m in MODES:
                t = other.fields[f][m]
                self.fields[f][m].add(t.tp, t.fp, t.fn)
        self.actor_types.correct += other.actor_types.correct
        self.actor_types.total += other.actor_types.total
        self.count_units.correct += other.count_units.correct
        self.count_units.total += other.count_units.total

    def as_dict(self) -> dict:
        out = {f: {m: self.fields[f][m].scores() for m in MODES} for f in FIELDS}
        out["actor_types"] = self.actor_types.scores()
        out["count_units"] = self.count_units.scores()
        return out


def _distinct_names(items, attr: str) -> list:
    """First item per distinct name (the spec scores the set of names per claim)."""
    seen, out = set(), []
    from ..normalize.names import name_key
    for item in items:
        key = name_key(getattr(item, attr))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _range_in_claim(claim: GoldClaim, mention) -> Optional[tuple[int, int]]:
    if mention.start is not None and mention.end is not None:
        base = claim.start or 0
        return mention.start - base, mention.end - base
    at = claim.text.find(mention.text)
    return (at, at + len(mention.text)) if at >= 0 else None


def _score_pair(g: Optional[GoldClaim], p: Optional[GoldClaim], s: Scores) -> None:
    gold = g or GoldClaim(doc_id="", text="")
    pred = p or GoldClaim(doc_id="", text="")
    # Claims
    for mode in MODES:
        s.fields["claims"][mode].add(int(g is not None and p is not None), int(g is None), int(p is None))
    # Actors and attribution: sets of distinct names
    for fname, attr in (("actors", "name"), ("attribution", "source")):
        gs = _distinct_names(getattr(gold, fname), attr)
        ps = _distinct_names(getattr(pred, fname), attr)
        for mode, same in (("strict", names_strict), ("lenient", names_lenient)):
            pairs = match_one_to_one(gs, ps, lambda a, b: same(getattr(a, attr), getattr(b, attr)))
            s.fields[fname][mode].add(len(pairs), len(ps) - len(pairs), len(gs) - len(pairs))
            if fname == "actors" and mode == "strict":
                for gi, pi in pairs:
                    s.actor_types.total += 1
                    s.actor_types.correct += int(gs[gi].type == ps[pi].type)
    # Counts
    for mode, same in (("strict", counts_strict), ("lenient", counts_lenient)):
        pairs = match_one_to_one(gold.counts, pred.counts, same)
        s.fields["counts"][mode].add(len(pairs), len(pred.counts) - len(pairs), len(gold.counts) - len(pairs))
        if mode == "strict":
            for gi, pi in pairs:
                s.count_units.total += 1
                s.count_units.correct += int(units_equal(gold.counts[gi].unit, pred.counts[pi].unit))
    # Dates: only type DATE is scored
    gd = [d for d in gold.dates if d.type == "DATE"]
    pd = [d for d in pred.dates if d.type == "DATE"]
    pairs = match_one_to_one(gd, pd, dates_strict)
    s.fields["dates"]["strict"].add(len(pairs), len(pd) - len(pairs), len(gd) - len(pairs))

    def overlap(a, b) -> bool:
        ra, rb = _range_in_claim(gold, a), _range_in_claim(pred, b)
        return ra is not None and rb is not None and spans_overlap(ra, rb)
    pairs = match_one_to_one(gd, pd, overlap)
    s.fields["dates"]["lenient"].add(len(pairs), len(pd) - len(pairs), len(gd) - len(pairs))


def _group(records: Iterable[GoldClaim]) -> "OrderedDict[str, list[GoldClaim]]":
    groups: OrderedDict[str, list[GoldClaim]] = OrderedDict()
    for r in records:
        groups.setdefault(r.doc_id, []).append(r)
    return groups


def evaluate_records(gold: Sequence[GoldClaim], pred: Sequence[GoldClaim]) -> dict:
    """Scores of ``pred`` against ``gold``: documents are those of the gold; predicted
    documents without gold are not scored (see ``unscored`` in the result)."""
    gold_docs, pred_docs = _group(gold), _group(pred)
    if not gold_docs:
        raise EvaluationError("the gold files hold no claims")
    if pred_docs and not set(gold_docs) & set(pred_docs):
        raise EvaluationError("no document is in both the gold and the predictions "
                              f"(gold: {', '.join(list(gold_docs)[:3])}; predicted: {', '.join(list(pred_docs)[:3])})")
    overall = Scores()
    documents = OrderedDict()
    for doc_id, g_claims in gold_docs.items():
        p_claims = pred_docs.get(doc_id, [])
        s = Scores()
        pairs = align_claims(g_claims, p_claims)
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for gi, pi in pairs:
            _score_pair(g_claims[gi], p_claims[pi], s)
        for gi, g in enumerate(g_claims):
            if gi not in matched_g:
                _score_pair(g, None, s)
        for pi, p in enumerate(p_claims):
            if pi not in matched_p:
                _score_pair(None, p, s)
        overall.merge(s)
        documents[doc_id] = s.as_dict()
    return {"overall": overall.as_dict(), "documents": documents,
            "unscored": [d for d in pred_docs if d not in gold_docs]}


def read_claims(paths: Sequence[str | Path]) -> list[GoldClaim]:
    records: list[GoldClaim] = []
    for path in paths:
        try:
            records.extend(iter_jsonl(path, GoldClaim))
        except FileNotFoundError:
            raise EvaluationError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise EvaluationError(f"{path}: is a folder, expected a JSONL file") from None
        except RecordError as exc:
            raise EvaluationError(str(exc)) from None
    return records


def evaluate_files(gold_paths: Sequence[str | Path], pred_paths: Sequence[str | Path]) -> dict:
    return evaluate_records(read_claims(gold_paths), read_claims(pred_paths))
