"""Scoring figure groups against hand-labelled groups (``extractor evaluate --groups``).

Gold (``groups.gold.jsonl``, docs/figure-groups.md) lists every count of a story's articles in a
group, singles included. Each gold count is matched to one predicted report: the same document,
the same count text (folded; one containing the other as whole words counts), and, when the gold count gives
its ``claim``, a predicted claim that contains it; the first unused report in file order wins.

- **Pairwise** precision, recall and F1 over pairs of matched counts placed in one group: a
  predicted pair is correct when gold puts both counts in one group. Reports no gold count
  matches are extraction errors, scored by ``evaluate --gold``, and left out here.
- **Status accuracy** over gold groups of two or more counts: the predicted status of the
  predicted group that holds most of the group's matched counts (ties: the earlier group); a
  gold group none of whose counts was found counts as wrong.
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Optional, Sequence

from pydantic import BaseModel, ConfigDict

import re

from ..resources import fold

_WORDS = re.compile(r"[\w][\w.,'’%€$-]*[\w%]|[\w%€$]")


class GoldGroupCount(BaseModel):
    model_config = ConfigDict(extra="ignore")
    doc_id: str
    text: str
    claim: Optional[str] = None


class FigureReport(BaseModel):
    model_config = ConfigDict(extra="allow")
    doc_id: str
    text: str
    claim: Optional[str] = None


class FigureGroup(BaseModel):
    """A figure-group record as ``compare`` writes it, read tolerantly for scoring."""
    model_config = ConfigDict(extra="allow")
    group_id: str
    status: str
    reports: list[FigureReport]


class GoldGroup(BaseModel):
    model_config = ConfigDict(extra="ignore")
    group_id: str
    status: str
    counts: list[GoldGroupCount]
    quantity: Optional[str] = None


def _same_text(a: str, b: str) -> bool:
    """Equal, or one contains the other as whole words: "at least 75" and "75", never "9" and
    "49 people" (a character match let a mis-split count take another count's gold)."""
    a, b = f" {' '.join(_WORDS.findall(fold(a)))} ", f" {' '.join(_WORDS.findall(fold(b)))} "
    return a == b or a in b or b in a


def match_counts(gold: Sequence[GoldGroup], pred: Sequence[dict]) -> dict[tuple[int, int], tuple[int, int]]:
    """(gold group, gold count) -> (predicted group, report), by the module's matching rule."""
    reports = [(g, r, rep) for g, group in enumerate(pred) for r, rep in enumerate(group["reports"])]
    by_doc: dict[str, list[tuple[int, int, dict]]] = {}
    for item in reports:
        by_doc.setdefault(item[2]["doc_id"], []).append(item)
    used: set[tuple[int, int]] = set()
    found = {}
    for gi, group in enumerate(gold):
        for ci, count in enumerate(group.counts):
            for g, r, rep in by_doc.get(count.doc_id, []):
                if (g, r) in used or not _same_text(count.text, rep["text"]):
                    continue
                if count.claim and fold(count.claim) not in fold(rep.get("claim") or ""):
                    continue
                used.add((g, r))
                found[(gi, ci)] = (g, r)
                break
    return found


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def score_groups(gold: Sequence[GoldGroup], pred: Sequence[dict]) -> dict:
    found = match_counts(gold, pred)
    gold_of = {pr: gc[0] for gc, pr in found.items()}  # predicted report -> its gold group
    pred_pairs = {frozenset((a, b)) for a, b in combinations(sorted(gold_of), 2) if a[0] == b[0]}
    gold_pairs = {frozenset((found[a], found[b])) for a, b in combinations(sorted(found), 2) if a[0] == b[0]}
    tp = len(pred_pairs & gold_pairs)
    all_gold_pairs = sum(len(g.counts) * (len(g.counts) - 1) // 2 for g in gold)
    statuses = []
    for gi, group in enumerate(gold):
        if len(group.counts) < 2:
            continue
        hits = Counter(found[(gi, ci)][0] for ci in range(len(group.counts)) if (gi, ci) in found)
        predicted = pred[min(hits, key=lambda g: (-hits[g], g))]["status"] if hits else None
        statuses.append({"group_id": group.group_id, "gold": group.status, "predicted": predicted})
    correct = sum(s["gold"] == s["predicted"] for s in statuses)
    return {"pairwise": _prf(tp, len(pred_pairs) - tp, all_gold_pairs - tp),
            "status": {"accuracy": correct / len(statuses) if statuses else None, "correct": correct,
                       "total": len(statuses), "groups": statuses},
            "counts": {"gold": sum(len(g.counts) for g in gold), "matched": len(found)}}


def format_group_scores(result: dict) -> str:
    fmt = (lambda x: "  -  " if x is None else f"{x:.3f}")  # noqa: E731
    p, s, c = result["pairwise"], result["status"], result["counts"]
    lines = [f"figure groups: pairwise P {fmt(p['precision'])}  R {fmt(p['recall'])}  F1 {fmt(p['f1'])} "
             f"(tp {p['tp']}, fp {p['fp']}, fn {p['fn']}); status accuracy {fmt(s['accuracy'])} "
             f"({s['correct']}/{s['total']} groups of two or more); gold counts found {c['matched']}/{c['gold']}"]
    for g in s["groups"]:
        if g["gold"] != g["predicted"]:
            lines.append(f"  {g['group_id']}: gold {g['gold']}, predicted {g['predicted'] or 'not found'}")
    return "\n".join(lines)
