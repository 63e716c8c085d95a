"""Counts of correct, spurious and missed items per field, strict and lenient, overall and per
document, the way nervaluate reports NER: precision, recall and F1 from tp/fp/fn."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..fields import FIELDS as REGISTRY
from ..schemas import GoldClaim, RecordError, iter_jsonl, printable
from .judge import MODES, Mark, group_by_doc, judge

FIELDS = ("claims",) + tuple(f.name for f in REGISTRY)
SECONDARY = tuple(f.secondary.score for f in REGISTRY if f.secondary is not None)


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
    ratios: dict = field(default_factory=lambda: {k: Ratio() for k in SECONDARY})

    def count(self, mark: Mark) -> None:
        """Add one counted mark: tp, fp or fn of its field and mode, and, for a strict correct
        mention with a secondary property, one checked item of that property's accuracy."""
        t = self.fields[mark.field][mark.mode]
        t.add(int(mark.mark == "correct"), int(mark.mark == "spurious"), int(mark.mark == "missed"))
        secondary = _SECONDARY_OF.get(mark.field)
        if secondary is not None and mark.mode == "strict" and mark.mark == "correct":
            r = self.ratios[secondary]
            r.total += 1
            r.correct += int(mark.note is None)

    def merge(self, other: "Scores") -> None:
        for f in FIELDS:
            for m in MODES:
                t = other.fields[f][m]
                self.fields[f][m].add(t.tp, t.fp, t.fn)
        for k, r in other.ratios.items():
            self.ratios[k].correct += r.correct
            self.ratios[k].total += r.total

    def as_dict(self) -> dict:
        out = {f: {m: self.fields[f][m].scores() for m in MODES} for f in FIELDS}
        out.update({k: r.scores() for k, r in self.ratios.items()})
        return out


_SECONDARY_OF = {f.name: f.secondary.score for f in REGISTRY if f.secondary is not None}


def scores_of(marks: Iterable[Mark], doc_ids: Sequence[str]) -> dict:
    """The scores the marks add up to: overall and per document of ``doc_ids`` (the gold's)."""
    per_doc = {d: Scores() for d in doc_ids}
    for m in marks:
        if m.counted and m.doc_id in per_doc:
            per_doc[m.doc_id].count(m)
    overall = Scores()
    for s in per_doc.values():
        overall.merge(s)
    return {"overall": overall.as_dict(), "documents": OrderedDict((d, s.as_dict()) for d, s in per_doc.items())}


def check_comparable(gold_docs: Sequence[str], pred_docs: Sequence[str]) -> None:
    if not gold_docs:
        raise EvaluationError("the gold files hold no claims")
    if not pred_docs:
        # an extraction that wrote nothing would otherwise pass for a real all-zero score
        raise EvaluationError("the predictions hold no claims (an empty file?)")
    if not set(gold_docs) & set(pred_docs):
        raise EvaluationError("no document is in both the gold and the predictions "
                              f"(gold: {', '.join(list(gold_docs)[:3])}; predicted: {', '.join(list(pred_docs)[:3])})")


def evaluate_marks(marks: Sequence[Mark], gold: Sequence[GoldClaim], pred: Sequence[GoldClaim]) -> dict:
    """Scores of the marks ``judge(gold, pred)`` gave: documents are those of the gold;
    predicted documents without gold are not scored (see ``unscored`` in the result)."""
    gold_docs, pred_docs = list(group_by_doc(gold)), list(group_by_doc(pred))
    check_comparable(gold_docs, pred_docs)
    result = scores_of(marks, gold_docs)
    result["unscored"] = [d for d in pred_docs if d not in set(gold_docs)]
    return result


def evaluate_records(gold: Sequence[GoldClaim], pred: Sequence[GoldClaim]) -> dict:
    """Scores of ``pred`` against ``gold`` (see ``evaluate_marks``)."""
    return judged_scores(gold, pred)[0]


def judged_scores(gold: Sequence[GoldClaim], pred: Sequence[GoldClaim]) -> tuple[dict, list[Mark]]:
    """The scores and the marks they count, from one ``judge``: a listing of errors made from
    these marks cannot disagree with the scores."""
    check_comparable(list(group_by_doc(gold)), list(group_by_doc(pred)))
    marks = judge(gold, pred)
    return evaluate_marks(marks, gold, pred), marks


# Why a claims file cannot be opened, in the words of the other commands' messages.
_OPEN_ERRORS = ((FileNotFoundError, "no such file"), (IsADirectoryError, "is a folder, expected a JSONL file"),
                (PermissionError, "Permission denied"))


def _cannot_open(path: str | Path, exc: OSError) -> EvaluationError:
    reason = next((r for kind, r in _OPEN_ERRORS if isinstance(exc, kind)), None)
    return EvaluationError(f"{printable(str(path))}: {reason or exc.strerror or type(exc).__name__}")


def read_claims(paths: Sequence[str | Path]) -> list[GoldClaim]:
    """The claims of JSONL files, gold or predicted: ``-`` reads stdin, a folder its ``*.jsonl``
    files (``extractor.io.readers.claims_files``). Anything that keeps a file from being read
    (it cannot be opened, is binary or not UTF-8, a line breaks the schema) is an
    ``EvaluationError`` whose one-line message names the file (and the line)."""
    return read_records(paths, GoldClaim)


def read_records(paths: Sequence[str | Path], model: type, *, groups: bool = False) -> list:
    """Records of ``model`` in JSONL files, read as ``read_claims`` reads claims; ``groups``:
    a folder stands for its ``groups.gold.jsonl`` files (figure groups) instead."""
    from ..io.readers import InputError, claims_files

    try:
        files = claims_files([str(p) for p in paths], groups=groups)
    except InputError as exc:
        raise EvaluationError(str(exc)) from None
    records: list = []
    for path in files:
        try:
            records.extend(_stdin_records(model) if path == "-" else iter_jsonl(path, model))
        except OSError as exc:
            raise _cannot_open(path, exc) from None
        except RecordError as exc:
            raise EvaluationError(str(exc)) from None
    return records


def _stdin_records(model: type) -> list:
    from ..io.readers import read_stdin, stdin_text
    try:
        data = read_stdin()
    except OSError as exc:
        raise EvaluationError(f"<stdin>: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:  # no standard input at all: the message says so
        raise EvaluationError(str(exc)) from None
    try:
        text = stdin_text(data)
    except ValueError as exc:
        raise EvaluationError(f"<stdin>: {exc}") from None
    return list(iter_jsonl("<stdin>", model, text=text))


def evaluate_files(gold_paths: Sequence[str | Path], pred_paths: Sequence[str | Path]) -> dict:
    return evaluate_records(read_claims(gold_paths), read_claims(pred_paths))


def judge_files(gold_paths: Sequence[str | Path], pred_paths: Sequence[str | Path]) -> tuple[dict, list[Mark]]:
    """``judged_scores`` of the claims in the files."""
    return judged_scores(read_claims(gold_paths), read_claims(pred_paths))


# --- as text ----------------------------------------------------------------------------------

def _fmt(x) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def _field_line(name: str, s: dict, le: dict) -> str:
    return (f"{name:<12} {_fmt(s['precision']):>8} {_fmt(s['recall']):>6} {_fmt(s['f1']):>6} {s['tp']:>5} "
            f"{s['fp']:>4} {s['fn']:>4}   {_fmt(le['precision']):>9} {_fmt(le['recall']):>6} {_fmt(le['f1']):>6}")


def format_scores(result: dict) -> str:
    """The evaluation as a plain-text table: per field, the secondary accuracies, and (with
    more than one document) the strict F1 per document."""
    o = result["overall"]
    lines = [f"{'field':<12} {'strict P':>8} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>4} {'fn':>4}   "
             f"{'lenient P':>9} {'R':>6} {'F1':>6}"]
    lines += [_field_line(f, o[f]["strict"], o[f]["lenient"]) for f in FIELDS]
    lines.append("; ".join(f"{k.replace('_', ' ')} accuracy {_fmt(o[k]['accuracy'])} "
                           f"({o[k]['correct']}/{o[k]['total']})" for k in SECONDARY))
    if len(result["documents"]) > 1:
        lines.append("")
        lines.append(f"{'document (strict F1)':<52} " + " ".join(f"{f[:6]:>6}" for f in FIELDS))
        for doc_id, d in result["documents"].items():
            lines.append(f"{doc_id[:52]:<52} " + " ".join(f"{_fmt(d[f]['strict']['f1']):>6}" for f in FIELDS))
    if result.get("unscored"):
        lines.append(f"\nnot scored (no gold): {', '.join(result['unscored'])}")
    return "\n".join(lines)
