"""Where predictions and gold disagree, item by item: each claim and each mention marked
correct, spurious (predicted, not in gold) or missed (in gold, not predicted).

The judgement is the evaluator's strict one (claims-spec 7), with the same strategies as
``metrics``: claims aligned by ``align_claims``; actors and attribution compared as sets of
distinct names per claim; counts by low/high/qualifier; dates by TIMEX value, type DATE only.
So the spurious and missed items of a field add up to the strict fp and fn of ``evaluate``.
A spurious item and a missed item of the same claim that the lenient matcher would pair are
linked to each other (``counterpart``), so a listing can say "predicted X vs gold Y".

Pure functions: nothing here prints.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

from ..normalize.names import name_key
from ..schemas import GoldClaim
from .matching import (align_claims, counts_lenient, counts_strict, dates_strict, match_one_to_one, names_lenient,
                       names_strict, spans_overlap, units_equal)
from .metrics import _range_in_claim

MENTION_FIELDS = ("actors", "counts", "dates", "attribution")
STATUSES = ("correct", "spurious", "missed", "unscored")


@dataclass
class Mark:
    """One mention of one claim and its judgement.

    ``index`` is the mention's position in its claim's list (``gold`` side for missed items,
    ``pred`` side otherwise). ``repeat`` is true for a further mention of a name already judged
    in the same claim (actors and attribution are scored as sets of names). ``note`` says what
    differs in a correct item whose secondary field is wrong (actor type, count unit).
    """
    field: str
    status: str
    mention: object
    index: int
    side: str                                  # "pred" or "gold"
    counterpart: Optional[object] = None       # gold for a correct or spurious item; pred for a missed one
    repeat: bool = False
    note: Optional[str] = None


@dataclass
class ClaimComparison:
    doc_id: str
    status: str                                # correct | spurious | missed | unscored
    pred: Optional[GoldClaim]
    gold: Optional[GoldClaim]
    pred_index: Optional[int]
    gold_index: Optional[int]
    marks: list[Mark] = field(default_factory=list)

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
    field: str                                 # claims, actors, counts, dates, attribution, actor type, count unit
    status: str                                # spurious, missed, or mismatch (type or unit)
    predicted: Optional[str]
    gold: Optional[str]


# --- describing items -------------------------------------------------------------------------

def _num(x) -> str:
    if x is None:
        return "?"
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


def count_value(c) -> str:
    """The normalised value of a count: '302–600', '> 1,000', '≈ 24+'."""
    q, low, high = c.qualifier, c.low, c.high
    if q == "range":
        return f"{_num(low)}–{_num(high)}"
    if q == "more_than":
        return f"> {_num(low)}"
    if q == "at_least":
        return f"≥ {_num(low)}"
    if q == "less_than":
        return f"< {_num(high)}"
    if q == "at_most":
        return f"≤ {_num(high)}"
    if q == "approximate":
        return f"≈ {_num(low if low is not None else high)}" + ("+" if high is None and low is not None else "")
    return _num(low if low is not None else high)


def describe(fname: str, m) -> str:
    """One item in words, with its normalised value: for listings and tooltips."""
    if m is None:
        return "-"
    if fname == "claims":
        return repr(_short(m.text, 60))
    if fname == "actors":
        return f'"{m.text}" -> {m.name} ({m.type})'
    if fname == "counts":
        unit = f" {m.unit}" if m.unit else ""
        return f'"{m.text}" -> {count_value(m)}{unit} [{m.qualifier}, {m.kind}]'
    if fname == "dates":
        return f'"{m.text}" -> {m.value} ({m.type})'
    if fname == "attribution":
        cue = f" [{m.cue}]" if m.cue else ""
        said = f'"{m.text}" -> ' if m.text else ""
        return f"{said}{m.source}{cue}"
    return str(m)


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --- comparing --------------------------------------------------------------------------------

def _by_name(items: Sequence, attr: str) -> "OrderedDict[str, list[int]]":
    groups: OrderedDict[str, list[int]] = OrderedDict()
    for i, item in enumerate(items):
        groups.setdefault(name_key(getattr(item, attr)), []).append(i)
    return groups


def _name_marks(fname: str, attr: str, gold: Sequence, pred: Sequence) -> list[Mark]:
    """Actors or attribution: judged per distinct name, every mention carries its name's mark."""
    g_groups, p_groups = _by_name(gold, attr), _by_name(pred, attr)
    g_first = [gold[ix[0]] for ix in g_groups.values()]
    p_first = [pred[ix[0]] for ix in p_groups.values()]
    g_idx, p_idx = list(g_groups.values()), list(p_groups.values())

    def same_with(matcher):
        return lambda a, b: matcher(getattr(a, attr), getattr(b, attr))
    strict = match_one_to_one(g_first, p_first, same_with(names_strict))
    sg, sp = {g for g, _ in strict}, {p for _, p in strict}
    rest_g = [i for i in range(len(g_first)) if i not in sg]
    rest_p = [i for i in range(len(p_first)) if i not in sp]
    lenient = match_one_to_one([g_first[i] for i in rest_g], [p_first[i] for i in rest_p], same_with(names_lenient))
    p_to_g = {p: g for g, p in strict}
    p_lenient = {rest_p[p]: rest_g[g] for g, p in lenient}
    g_lenient = {g: p for p, g in p_lenient.items()}
    marks = []
    for pk, indices in enumerate(p_idx):
        for n, i in enumerate(indices):
            if pk in p_to_g:
                g = g_first[p_to_g[pk]]
                note = None
                if fname == "actors" and g.type != pred[i].type:
                    note = f"type {pred[i].type}, gold {g.type}"
                marks.append(Mark(fname, "correct", pred[i], i, "pred", g, n > 0, note))
            else:
                cp = g_first[p_lenient[pk]] if pk in p_lenient else None
                marks.append(Mark(fname, "spurious", pred[i], i, "pred", cp, n > 0))
    for gk, indices in enumerate(g_idx):
        if gk in sg:
            continue
        cp = p_first[g_lenient[gk]] if gk in g_lenient else None
        for n, i in enumerate(indices):
            marks.append(Mark(fname, "missed", gold[i], i, "gold", cp, n > 0))
    return marks


def _item_marks(fname: str, gold: Sequence, pred: Sequence, g_pos: Sequence[int], p_pos: Sequence[int],
                strict: Callable, lenient: Callable) -> list[Mark]:
    """Counts or dates: one-to-one by the strict matcher; leftovers linked by the lenient one."""
    pairs = match_one_to_one(gold, pred, strict)
    sg, sp = {g for g, _ in pairs}, {p for _, p in pairs}
    rest_g = [i for i in range(len(gold)) if i not in sg]
    rest_p = [i for i in range(len(pred)) if i not in sp]
    lpairs = match_one_to_one([gold[i] for i in rest_g], [pred[i] for i in rest_p], lenient)
    p_lenient = {rest_p[p]: rest_g[g] for g, p in lpairs}
    g_lenient = {g: p for p, g in p_lenient.items()}
    p_to_g = {p: g for g, p in pairs}
    marks = []
    for pi, p in enumerate(pred):
        if pi in p_to_g:
            g = gold[p_to_g[pi]]
            note = None
            if fname == "counts" and not units_equal(g.unit, p.unit):
                note = f"unit {p.unit!r}, gold {g.unit!r}"
            marks.append(Mark(fname, "correct", p, p_pos[pi], "pred", g, note=note))
        else:
            cp = gold[p_lenient[pi]] if pi in p_lenient else None
            marks.append(Mark(fname, "spurious", p, p_pos[pi], "pred", cp))
    for gi, g in enumerate(gold):
        if gi not in sg:
            cp = pred[g_lenient[gi]] if gi in g_lenient else None
            marks.append(Mark(fname, "missed", g, g_pos[gi], "gold", cp))
    return marks


_EMPTY = GoldClaim(doc_id="", text="")


def _claim_marks(g: Optional[GoldClaim], p: Optional[GoldClaim]) -> list[Mark]:
    gold, pred = g or _EMPTY, p or _EMPTY
    marks = _name_marks("actors", "name", gold.actors, pred.actors)
    marks += _item_marks("counts", gold.counts, pred.counts, range(len(gold.counts)), range(len(pred.counts)),
                         counts_strict, counts_lenient)
    g_pos = [i for i, d in enumerate(gold.dates) if d.type == "DATE"]
    p_pos = [i for i, d in enumerate(pred.dates) if d.type == "DATE"]

    def overlap(a, b) -> bool:
        ra, rb = _range_in_claim(gold, a), _range_in_claim(pred, b)
        return ra is not None and rb is not None and spans_overlap(ra, rb)
    marks += _item_marks("dates", [gold.dates[i] for i in g_pos], [pred.dates[i] for i in p_pos], g_pos, p_pos,
                         dates_strict, overlap)
    marks += [Mark("dates", "unscored", d, i, "pred") for i, d in enumerate(pred.dates) if d.type != "DATE"]
    marks += _name_marks("attribution", "source", gold.attribution, pred.attribution)
    return marks


def _unscored_marks(p: GoldClaim) -> list[Mark]:
    return [Mark(f, "unscored", m, i, "pred") for f in MENTION_FIELDS for i, m in enumerate(getattr(p, f))]


def _group(records: Iterable[GoldClaim]) -> "OrderedDict[str, list[GoldClaim]]":
    groups: OrderedDict[str, list[GoldClaim]] = OrderedDict()
    for r in records:
        groups.setdefault(r.doc_id, []).append(r)
    return groups


def _sort_key(c: ClaimComparison):
    claim = c.claim
    return (0, claim.start, 0 if c.pred is not None else 1) if claim.start is not None else (1, 0, 0)


def compare_records(gold: Sequence[GoldClaim], pred: Sequence[GoldClaim]) -> list[DocComparison]:
    """Every claim and mention of both sides, judged. Documents in predicted order, then those
    only in the gold; claims of a document in text order (predicted and missed gold claims merged
    by offset). Documents without gold are ``scored=False`` and their items ``unscored``."""
    gold_docs, pred_docs = _group(gold), _group(pred)
    out = []
    for doc_id in list(pred_docs) + [d for d in gold_docs if d not in pred_docs]:
        p_claims = pred_docs.get(doc_id, [])
        if doc_id not in gold_docs:
            out.append(DocComparison(doc_id, False, [
                ClaimComparison(doc_id, "unscored", p, None, pi, None, _unscored_marks(p))
                for pi, p in enumerate(p_claims)]))
            continue
        g_claims = gold_docs[doc_id]
        pairs = align_claims(g_claims, p_claims)
        g_of_p = {pi: gi for gi, pi in pairs}
        matched_g = set(g_of_p.values())
        claims = []
        for pi, p in enumerate(p_claims):
            gi = g_of_p.get(pi)
            g = g_claims[gi] if gi is not None else None
            claims.append(ClaimComparison(doc_id, "correct" if g is not None else "spurious", p, g, pi, gi,
                                          _claim_marks(g, p)))
        missed = [ClaimComparison(doc_id, "missed", None, g, None, gi, _claim_marks(g, None))
                  for gi, g in enumerate(g_claims) if gi not in matched_g]
        if missed:
            claims = sorted(claims + missed, key=_sort_key)
        out.append(DocComparison(doc_id, True, claims))
    return out


def disagreements(comparisons: Sequence[DocComparison]) -> list[Disagreement]:
    """The items where prediction and gold differ, in document and text order: spurious and
    missed claims and mentions (one per distinct name for actors and attribution, as scored),
    and matched items whose actor type or count unit differs."""
    out = []
    for doc in comparisons:
        if not doc.scored:
            continue
        for c in doc.claims:
            sentence = c.claim.text
            if c.status in ("spurious", "missed"):
                out.append(Disagreement(doc.doc_id, c.claim_id, sentence, "claims", c.status,
                                        describe("claims", c.pred), describe("claims", c.gold)))
            for m in c.marks:
                if m.repeat or m.status in ("correct", "unscored") and m.note is None:
                    continue
                if m.status == "correct":
                    fname = "actor type" if m.field == "actors" else "count unit"
                    out.append(Disagreement(doc.doc_id, c.claim_id, sentence, fname, "mismatch",
                                            describe(m.field, m.mention), describe(m.field, m.counterpart)))
                elif m.status == "spurious":
                    out.append(Disagreement(doc.doc_id, c.claim_id, sentence, m.field, "spurious",
                                            describe(m.field, m.mention),
                                            describe(m.field, m.counterpart) if m.counterpart is not None else None))
                else:
                    if m.counterpart is not None:
                        continue  # listed once, with its spurious counterpart
                    out.append(Disagreement(doc.doc_id, c.claim_id, sentence, m.field, "missed",
                                            None, describe(m.field, m.mention)))
    return out


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
        lines.append(f"       {d.field:<12} {d.status:<9} {what}")
    return "\n".join(lines)
