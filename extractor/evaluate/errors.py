"""Where predictions and gold disagree, item by item, read off the strict marks of ``judge``
(the same marks the scores add up): each claim and each mention correct, spurious (predicted,
not in gold) or missed (in gold, not predicted). So the spurious and missed items of a field
add up to the strict fp and fn of ``evaluate``. A spurious item and a missed item of the same
claim that the lenient matcher would pair are linked to each other (``counterpart``), so a
listing can say "predicted X vs gold Y".

Pure functions: nothing here prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from ..fields import BY_NAME, NAMES, count_value  # noqa: F401  (count_value: kept importable from here)
from ..schemas import GoldClaim
from .judge import ClaimPair, Mark, judge

MENTION_FIELDS = NAMES
STATUSES = ("correct", "spurious", "missed", "unscored")


@dataclass
class ClaimComparison:
    """One claim as shown: its pair of predicted and gold claim and its strict mention marks."""
    pair: ClaimPair
    marks: list[Mark] = field(default_factory=list)

    doc_id = property(lambda self: self.pair.doc_id)
    status = property(lambda self: self.pair.status)
    pred = property(lambda self: self.pair.pred)
    gold = property(lambda self: self.pair.gold)
    pred_index = property(lambda self: self.pair.pred_index)
    gold_index = property(lambda self: self.pair.gold_index)
    claim = property(lambda self: self.pair.claim)
    claim_id = property(lambda self: self.pair.claim_id)


@dataclass
class DocComparison:
    doc_id: str
    scored: bool                               # false when the document has no gold
    claims: list[ClaimComparison]


@dataclass(frozen=True)
class Disagreement:
    """One line of ``evaluate --show-errors``."""
    doc_id: str
    claim_id: str
    sentence: str
    field: str                                 # claims, a field's name, or a secondary's (actor type, count unit)
    status: str                                # spurious, missed, or mismatch (type or unit)
    predicted: Optional[str]
    gold: Optional[str]


@dataclass(frozen=True)
class Explained(Disagreement):
    """A disagreement where the prediction says what the extractor decided there (records of
    ``extract --explain``): "dropped by is_age", "linked by surname". A separate class so that
    a listing without decisions keeps its shape (``--json`` objects with no ``decision``)."""
    decision: Optional[str] = None


def _disagreement(*args, why: Optional[str] = None) -> Disagreement:
    return Explained(*args, decision=why) if why else Disagreement(*args)


# --- describing items -------------------------------------------------------------------------

def describe(fname: str, m) -> str:
    """One item in words, with its normalised value: for listings and tooltips."""
    if m is None:
        return "-"
    if fname == "claims":
        return repr(_short(m.text, 60))
    if fname in BY_NAME:
        return BY_NAME[fname].describe(m)
    return str(m)


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --- from marks -------------------------------------------------------------------------------

def comparisons_of(marks: Iterable[Mark]) -> list[DocComparison]:
    """The strict marks grouped per document and claim, in the judge's order. Documents
    without gold are ``scored=False`` and their items ``unscored``."""
    docs: dict[str, DocComparison] = {}
    claims: dict[int, ClaimComparison] = {}
    for m in marks:
        if m.mode != "strict":
            continue
        doc = docs.get(m.doc_id)
        if doc is None:
            doc = docs[m.doc_id] = DocComparison(m.doc_id, m.claim.scored, [])
        if m.field == "claims":
            claims[id(m.claim)] = ClaimComparison(m.claim)
            doc.claims.append(claims[id(m.claim)])
        else:
            claims[id(m.claim)].marks.append(m)
    return list(docs.values())


def compare_records(gold: Sequence[GoldClaim], pred: Sequence[GoldClaim]) -> list[DocComparison]:
    """Every claim and mention of both sides, judged (strict). Documents in predicted order,
    then those only in the gold; claims of a document in text order."""
    return comparisons_of(judge(gold, pred))


def _mention_line(c: ClaimComparison, m: Mark) -> Optional[Disagreement]:
    """The listing line of one strict mention mark, or None when it is not listed."""
    cid, sentence = c.claim_id, c.claim.text
    if m.repeat or m.status == "unscored" or m.status == "correct" and m.note is None:
        return None
    if m.status == "correct":
        return _disagreement(c.doc_id, cid, sentence, BY_NAME[m.field].secondary.label, "mismatch",
                             describe(m.field, m.mention), describe(m.field, m.counterpart), why=m.why)
    if m.status == "spurious":
        near = describe(m.field, m.counterpart) if m.counterpart is not None else None
        return _disagreement(c.doc_id, cid, sentence, m.field, "spurious", describe(m.field, m.mention), near,
                             why=m.why)
    if m.counterpart is not None:
        return None  # listed once, with its spurious counterpart
    return _disagreement(c.doc_id, cid, sentence, m.field, "missed", None, describe(m.field, m.mention), why=m.why)


def listing(comparisons: Sequence[DocComparison]) -> list[Disagreement]:
    out = []
    for doc in comparisons:
        if not doc.scored:
            continue
        for c in doc.claims:
            if c.status in ("spurious", "missed"):
                out.append(Disagreement(doc.doc_id, c.claim_id, c.claim.text, "claims", c.status,
                                        describe("claims", c.pred), describe("claims", c.gold)))
            out.extend(d for d in (_mention_line(c, m) for m in c.marks) if d is not None)
    return out


def disagreements(comparisons: Sequence[DocComparison] | Sequence[Mark]) -> list[Disagreement]:
    """The items where prediction and gold differ, in document and text order: spurious and
    missed claims and mentions (one per distinct name for actors and attribution, as scored),
    and matched items whose actor type or count unit differs. Takes the comparisons, or the
    marks of ``judge`` themselves."""
    if comparisons and isinstance(comparisons[0], Mark):
        comparisons = comparisons_of(comparisons)  # type: ignore[arg-type]
    return listing(comparisons)  # type: ignore[arg-type]


def format_disagreements(items: Sequence[Disagreement], width: int = 100) -> str:
    """The disagreements as text for a terminal: per document, per sentence, one line per item."""
    if not items:
        return "no disagreements: every scored item matches the gold"
    lines: list[str] = []
    doc = claim = None
    for d in items:
        if d.doc_id != doc:
            if lines:
                lines.append("")
            lines.append(f"== {d.doc_id}")
            doc, claim = d.doc_id, None
        if d.claim_id != claim:
            claim = d.claim_id
            lines.append(f"  {d.claim_id.rsplit('#', 1)[-1]:>3}  {_short(d.sentence, width - 7)}")
        if d.status == "spurious" and d.gold is not None:
            what = f"predicted {d.predicted}  vs gold {d.gold}"
        elif d.status == "spurious":
            what = f"predicted {d.predicted}  (not in gold)"
        elif d.status == "missed":
            what = f"gold {d.gold}  (not predicted)"
        else:
            what = f"predicted {d.predicted}  vs gold {d.gold}"
        why = f"  ({d.decision})" if isinstance(d, Explained) and d.decision else ""
        lines.append(f"       {d.field:<12} {d.status:<9} {what}{why}")
    return "\n".join(lines)
