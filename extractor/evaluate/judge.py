"""The one loop that judges predictions against gold (as nervaluate's): every claim and every
mention of both sides gets a ``Mark`` per mode, strict and lenient: correct, spurious
(predicted, not in gold) or missed (in gold, not predicted); documents without gold, and
mentions outside the score (dates not of type DATE), are ``unscored``.

The scores (``metrics``) and the ``--show-errors`` listing and the report (``errors``) are all
read off these marks, so they cannot disagree. How mentions are compared, grouped and checked
comes from the field registry (``extractor.fields``).

Pure functions: nothing here prints.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from ..fields import FIELDS, Field, Item
from ..schemas import GoldClaim
from .matching import align_claims, match_one_to_one

MODES = ("strict", "lenient")
KINDS = ("correct", "spurious", "missed")


@dataclass(eq=False)
class ClaimPair:
    """A predicted claim and the gold claim aligned with it (either may be missing)."""
    doc_id: str
    pred: Optional[GoldClaim]
    gold: Optional[GoldClaim]
    pred_index: Optional[int]
    gold_index: Optional[int]
    scored: bool = True

    @property
    def claim(self) -> GoldClaim:
        """The claim as shown: the prediction when there is one, else the gold."""
        return self.pred if self.pred is not None else self.gold  # type: ignore[return-value]

    @property
    def claim_id(self) -> str:
        c = self.claim
        if c.claim_id:
            return c.claim_id
        return f"{c.doc_id}#{self.pred_index if self.pred is not None else self.gold_index}"

    @property
    def status(self) -> str:
        if not self.scored:
            return "unscored"
        return "correct" if self.pred is not None and self.gold is not None else (
            "spurious" if self.pred is not None else "missed")


@dataclass(frozen=True, eq=False)
class Mark:
    """One judgement: of a claim (``field == "claims"``) or of one mention, in one mode.

    ``index`` is the position of the judged item in its side's list (gold for missed items,
    pred otherwise). ``repeat``: a further mention of a name already judged in the claim (names
    are scored as sets), carrying its name's mark but not counted. ``near``: for a strict
    spurious or missed item, the other side's item the lenient matcher pairs it with. ``note``:
    what differs in a correct item whose secondary property is wrong (actor type, count unit).
    ``why``: the decision of the extractor that overlaps the item ("dropped by is_age").
    """
    claim: ClaimPair
    field: str
    mode: str
    mark: str
    gold: Optional[object]
    pred: Optional[object]
    index: int
    repeat: bool = False
    note: Optional[str] = None
    near: Optional[object] = None
    why: Optional[str] = None

    @property
    def doc_id(self) -> str:
        return self.claim.doc_id

    @property
    def counted(self) -> bool:
        return not self.repeat and self.mark in KINDS

    # How the report and listing read a mark: the item itself and the one it is set against.
    @property
    def status(self) -> str:
        return self.mark

    @property
    def side(self) -> str:
        return "gold" if self.mark == "missed" else "pred"

    @property
    def mention(self):
        return self.gold if self.side == "gold" else self.pred

    @property
    def counterpart(self):
        return self.gold if self.mark == "correct" else self.near


# --- where a mention is ----------------------------------------------------------------------

def range_in_claim(claim: GoldClaim, mention) -> Optional[tuple[int, int]]:
    """The mention's offsets in its claim's text: by its own offsets, else by its text."""
    if mention.start is not None and mention.end is not None:
        base = claim.start or 0
        return mention.start - base, mention.end - base
    if mention.text is None:
        return None
    at = claim.text.find(mention.text)
    return (at, at + len(mention.text)) if at >= 0 else None


def _doc_range(pair: ClaimPair, side: str, mention) -> Optional[tuple[int, int]]:
    """Document offsets of a mention, for comparing with decisions (which carry them)."""
    if mention.start is not None and mention.end is not None:
        return mention.start, mention.end
    for claim in ((pair.gold, pair.pred) if side == "gold" else (pair.pred,)):
        if claim is not None and claim.start is not None and mention.text:
            at = claim.text.find(mention.text)
            if at >= 0:
                return claim.start + at, claim.start + at + len(mention.text)
    return None


def _why(pair: ClaimPair, field: str, side: str, mention) -> Optional[str]:
    """The first decision about this field that overlaps the mention: "dropped by is_age"."""
    decisions = pair.pred.decisions if pair.pred is not None else None
    if not decisions:
        return None
    where = _doc_range(pair, side, mention)
    if where is None:
        return None
    for d in decisions:
        if d.field == field and d.start is not None and d.end is not None \
                and min(d.end, where[1]) > max(d.start, where[0]):
            return f"{d.action} by {d.by}"
    return None


# --- one field of one claim ------------------------------------------------------------------

def _items(f: Field, claim: Optional[GoldClaim]) -> list[Item]:
    if claim is None:
        return []
    return [Item(i, m, range_in_claim(claim, m)) for i, m in enumerate(getattr(claim, f.name)) if f.scored(m)]


def _groups(f: Field, items: Sequence[Item]) -> list[list[Item]]:
    """Items under one key of ``f.group`` together, in order of first mention; else one each."""
    if f.group is None:
        return [[it] for it in items]
    groups: OrderedDict[str, list[Item]] = OrderedDict()
    for it in items:
        groups.setdefault(f.group(it.mention), []).append(it)
    return list(groups.values())


def _near(f: Field, gold: Sequence[Item], pred: Sequence[Item], pairs) -> tuple[dict, dict]:
    """Leftovers of the strict pairing that the lenient matcher pairs: pred -> gold, gold -> pred."""
    rest_g = [i for i in range(len(gold)) if i not in {g for g, _ in pairs}]
    rest_p = [i for i in range(len(pred)) if i not in {p for _, p in pairs}]
    lenient = match_one_to_one([gold[i] for i in rest_g], [pred[i] for i in rest_p], f.lenient)
    p_near = {rest_p[p]: gold[rest_g[g]] for g, p in lenient}
    g_near = {rest_g[g]: pred[rest_p[p]] for g, p in lenient}
    return p_near, g_near


def _pred_marks(f: Field, pair: ClaimPair, mode: str, p_groups, g_of_p: dict, p_near: dict) -> list[Mark]:
    marks = []
    for pk, group in enumerate(p_groups):
        g = g_of_p.get(pk)
        for n, it in enumerate(group):
            if g is not None:
                note = None
                if mode == "strict" and f.secondary and not f.secondary.agrees(g.mention, it.mention):
                    note = f.secondary.note(g.mention, it.mention)
                why = _why(pair, f.name, "pred", it.mention) if note else None
                marks.append(Mark(pair, f.name, mode, "correct", g.mention, it.mention, it.index, n > 0, note,
                                  why=why))
            else:
                near = p_near[pk].mention if pk in p_near else None
                why = _why(pair, f.name, "pred", it.mention) if mode == "strict" else None
                marks.append(Mark(pair, f.name, mode, "spurious", None, it.mention, it.index, n > 0, near=near,
                                  why=why))
    return marks


def _gold_marks(f: Field, pair: ClaimPair, mode: str, g_groups, matched: set, g_near: dict) -> list[Mark]:
    marks = []
    for gk, group in enumerate(g_groups):
        if gk in matched:
            continue
        near = g_near[gk].mention if gk in g_near else None
        for n, it in enumerate(group):
            why = _why(pair, f.name, "gold", it.mention) if mode == "strict" else None
            marks.append(Mark(pair, f.name, mode, "missed", it.mention, None, it.index, n > 0, near=near, why=why))
    return marks


def _field_marks(f: Field, pair: ClaimPair, mode: str) -> list[Mark]:
    g_groups, p_groups = _groups(f, _items(f, pair.gold)), _groups(f, _items(f, pair.pred))
    g_first, p_first = [g[0] for g in g_groups], [p[0] for p in p_groups]
    pairs = match_one_to_one(g_first, p_first, f.strict if mode == "strict" else f.lenient)
    p_near, g_near = _near(f, g_first, p_first, pairs) if mode == "strict" else ({}, {})
    g_of_p = {p: g_first[g] for g, p in pairs}
    marks = _pred_marks(f, pair, mode, p_groups, g_of_p, p_near)
    marks += _gold_marks(f, pair, mode, g_groups, {g for g, _ in pairs}, g_near)
    if mode == "strict" and pair.pred is not None:
        marks += [Mark(pair, f.name, mode, "unscored", None, m, i)
                  for i, m in enumerate(getattr(pair.pred, f.name)) if not f.scored(m)]
    return marks


# --- claims and documents --------------------------------------------------------------------

def _pair_marks(pair: ClaimPair, fields: Sequence[Field], modes: Sequence[str]) -> list[Mark]:
    index = pair.pred_index if pair.pred is not None else pair.gold_index
    if not pair.scored:
        marks = [Mark(pair, "claims", "strict", "unscored", None, pair.pred, index)]
        return marks + [Mark(pair, f.name, "strict", "unscored", None, m, i)
                        for f in fields for i, m in enumerate(getattr(pair.pred, f.name))]
    marks = []
    for mode in modes:
        marks.append(Mark(pair, "claims", mode, pair.status, pair.gold, pair.pred, index))
        for f in fields:
            marks += _field_marks(f, pair, mode)
    return marks


def group_by_doc(records: Iterable[GoldClaim]) -> "OrderedDict[str, list[GoldClaim]]":
    groups: OrderedDict[str, list[GoldClaim]] = OrderedDict()
    for r in records:
        groups.setdefault(r.doc_id, []).append(r)
    return groups


def _text_order(pair: ClaimPair):
    claim = pair.claim
    return (0, claim.start, 0 if pair.pred is not None else 1) if claim.start is not None else (1, 0, 0)


def claim_pairs(doc_id: str, g_claims: Sequence[GoldClaim], p_claims: Sequence[GoldClaim]) -> list[ClaimPair]:
    """The claims of one document, aligned: predicted claims in order, missed gold claims
    merged by offset. Without gold, the predicted claims unscored."""
    if not g_claims:
        return [ClaimPair(doc_id, p, None, pi, None, scored=False) for pi, p in enumerate(p_claims)]
    g_of_p = {pi: gi for gi, pi in align_claims(g_claims, p_claims)}
    pairs = [ClaimPair(doc_id, p, g_claims[g_of_p[pi]] if pi in g_of_p else None, pi, g_of_p.get(pi))
             for pi, p in enumerate(p_claims)]
    matched = set(g_of_p.values())
    missed = [ClaimPair(doc_id, None, g, None, gi) for gi, g in enumerate(g_claims) if gi not in matched]
    return sorted(pairs + missed, key=_text_order) if missed else pairs


def judge(gold_claims: Sequence[GoldClaim], pred_claims: Sequence[GoldClaim], *,
          fields: Sequence[Field] = FIELDS, modes: Sequence[str] = MODES) -> list[Mark]:
    """Every mark, documents in predicted order then those only in the gold, claims of a
    document in text order, per claim: the claim's mark and its fields' marks, per mode."""
    gold_docs, pred_docs = group_by_doc(gold_claims), group_by_doc(pred_claims)
    marks: list[Mark] = []
    for doc_id in list(pred_docs) + [d for d in gold_docs if d not in pred_docs]:
        for pair in claim_pairs(doc_id, gold_docs.get(doc_id, []), pred_docs.get(doc_id, [])):
            marks += _pair_marks(pair, fields, modes)
    return marks
