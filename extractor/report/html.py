"""A self-contained HTML report of claims in the visual language of spaCy's displaCy.

Per document: the article (or, without the documents, the claims' own texts) with each claim
as a block and its actors, counts, dates and attribution sources highlighted as rounded
coloured marks with a small label giving the normalised value (canonical name and type, count
range, TIMEX3 value); the full record of each mention on hover; and a sortable table of the
document's claims. With gold, every claim and mention is marked correct, spurious or missed
(the judgement of ``extractor.evaluate.errors``), each document shows its scores and the
overall score table comes first (the only one when there is one document). Each document
says where it comes from (title, date, source path, URL: ``extractor.report.sources``), and
the legend explains every colour, mark and symbol. Nothing a reader sees is a Python literal:
an unresolved date reads "unresolved", a count without unit "no unit".

No network resources: the CSS and the small sorting script are inline. All document text is
escaped. Documents are ``<details>`` elements. When there are many (more than
``OPEN_UP_TO``) they start closed and their bodies wait, as HTML strings in one inline JSON
block, until a document is opened: the browser then parses only what is looked at, so a report
of thousands of documents opens in a moment.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Mapping, Optional, Sequence

from ..evaluate.errors import ClaimComparison, DocComparison, comparisons_of, describe
from ..evaluate.judge import Mark, judge
from ..evaluate.metrics import FIELDS, SECONDARY, evaluate_marks
from ..fields import BY_NAME, FIELDS as REGISTRY
from ..normalize.names import name_key as _name_key
from ..schemas import GoldClaim, printable
from .sources import DocSource, source_of

OPEN_UP_TO = 10          # documents shown open; more than this and all start closed, rendered when opened

FIELD_CLASS = {f.name: f.look.css for f in REGISTRY}
FIELD_ORDER = {f.name: n for n, f in enumerate(REGISTRY)}
STATUS_GLYPH = {"correct": "✓", "spurious": "✗ spurious", "missed": "missed", "unscored": ""}
UNRESOLVED = "unresolved"  # a date mention whose value could not be worked out
LINKED_SCHEMES = ("http://", "https://")  # only these URLs become links (never javascript: or file:)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    return _name_key(name)


class ReportError(ValueError):
    """Claims and documents that cannot be shown together; the message says why."""


def esc(text: Optional[str]) -> str:
    return html.escape(text or "", quote=True)


def plural(n: int, word: str, words: Optional[str] = None) -> str:
    """"1 claim", "2 claims", "0 claims"."""
    return f"{n:,} {word if n == 1 else words or word + 's'}"


def _plain(fname: str, m):
    """The mention as a reader should see it: a date without value says it is unresolved
    (the shared describers would print Python's ``None``)."""
    if m is not None and fname == "dates" and m.value is None:
        return m.model_copy(update={"value": UNRESOLVED})
    return m


def _unit(unit: Optional[str]) -> str:
    return f"unit {unit}" if unit else "no unit"


def _bound(x) -> str:
    if x is None:
        return "open"
    return f"{int(x):,}" if isinstance(x, float) and x.is_integer() else f"{x:,}"


def _count_detail(m) -> str:
    return f"low {_bound(m.low)}, high {_bound(m.high)}, qualifier {m.qualifier}, kind {m.kind}, {_unit(m.unit)}"


def note_of(mark: Mark) -> Optional[str]:
    """What differs in a correct item, in words (a count's units are named, never ``None``)."""
    if not mark.note:
        return None
    if mark.field == "counts" and mark.counterpart is not None:
        return f"{_unit(mark.mention.unit)}, gold {_unit(mark.counterpart.unit)}"
    return mark.note


# --- one mention -----------------------------------------------------------------------------

def label_of(fname: str, m) -> str:
    """The small label beside a mark: the normalised value."""
    return BY_NAME[fname].look.label(_plain(fname, m), name_key)


def title_of(mark: Mark) -> str:
    """The hover text: the whole normalised record, with gold the judgement, and what the
    extractor decided there when the records say (``extract --explain``)."""
    lines = [describe(mark.field, _plain(mark.field, mark.mention))]
    other = describe(mark.field, _plain(mark.field, mark.counterpart)) if mark.counterpart is not None else None
    if mark.field == "counts":
        lines.append(_count_detail(mark.mention))
    if mark.status != "unscored":
        lines.append(mark.status + ("" if mark.side == "pred" else " (in gold, not predicted)"))
    if other is not None and other != lines[0]:
        lines.append(f"{'gold' if mark.side == 'pred' else 'predicted'}: {other}")
    if mark.note:
        lines.append(note_of(mark))
    if mark.why:
        lines.append(mark.why)
    return "\n".join(lines)


def _shown_text(mark: Mark) -> str:
    """The words a mark stands for: its text, or a source's name where the source has no text."""
    m = mark.mention
    return m.source if mark.field == "attribution" and m.text is None else m.text


def mark_open(mark: Mark, claim_id: str, extra: str = "") -> str:
    cls = f"mention {FIELD_CLASS[mark.field]} {mark.status}{' ' + extra if extra else ''}"
    if mark.note:
        cls += " note"
    text = _shown_text(mark)
    return (f'<mark class="{cls}" data-field="{mark.field}" data-side="{mark.side}" '
            f'data-index="{mark.index}" data-claim-id="{esc(claim_id)}" data-text="{esc(text)}" '
            f'title="{esc(title_of(mark))}">')


def mark_label(mark: Mark, text: Optional[str] = None) -> str:
    glyph = STATUS_GLYPH[mark.status] + (f" ⚠ {note_of(mark)}" if mark.note else "")
    st = f'<span class="st">{esc(glyph)}</span>' if glyph else ""
    return f'<span class="lbl">{esc(text or label_of(mark.field, mark.mention))}{st}</span>'


# --- nested highlights -----------------------------------------------------------------------

@dataclass
class _Span:
    start: int
    end: int
    order: int
    opening: str
    label: str
    labelled: bool = True


def render_spans(text: str, spans: Sequence[_Span], lo: int = 0, hi: Optional[int] = None) -> str:
    """``text[lo:hi]`` escaped, with ``spans`` (inside it) as nested marks. Spans that contain
    others are opened first; a span that crosses the end of another is split in two, the label
    going on its last piece."""
    hi = len(text) if hi is None else hi
    out, pos = [], lo
    queue = sorted(spans, key=lambda s: (s.start, -s.end, s.order))
    while queue:
        s = queue.pop(0)
        out.append(esc(text[pos:s.start]))
        inner, rest = [], []
        for t in queue:
            if t.start >= s.end:
                rest.append(t)
            elif t.end <= s.end:
                inner.append(t)
            else:
                inner.append(_Span(t.start, s.end, t.order, t.opening, t.label, False))
                rest.append(_Span(s.end, t.end, t.order, t.opening, t.label, t.labelled))
        body = render_spans(text, inner, s.start, s.end)
        out.append(f"{s.opening}{body}{s.label if s.labelled else ''}</mark>")
        pos = max(pos, s.end)
        queue = sorted(rest, key=lambda x: (x.start, -x.end, x.order))
    out.append(esc(text[pos:hi]))
    return "".join(out)


def _locate(text: str, base: Optional[int], m, taken: set) -> Optional[tuple[int, int]]:
    """Where mention ``m`` is in ``text`` (which starts at document offset ``base``): by its
    offsets when they agree with its text, else by its text (first occurrence not taken)."""
    if m.text is None:
        return None
    if base is not None and m.start is not None and m.end is not None:
        s, e = m.start - base, m.end - base
        if 0 <= s <= e <= len(text) and text[s:e] == m.text:
            return s, e
    if not m.text:
        return None
    at, first = text.find(m.text), None
    while at >= 0:
        span = (at, at + len(m.text))
        if first is None:
            first = span
        if span not in taken:
            return span
        at = text.find(m.text, at + 1)
    return first


# --- one claim -------------------------------------------------------------------------------

def _claim_block(c: ClaimComparison, text: str, base: Optional[int], claim_id: str) -> str:
    spans, unplaced, taken = [], [], {f: set() for f in FIELD_CLASS}
    actor_at = {}
    for n, mark in enumerate(c.marks):
        where = _locate(text, base, mark.mention, taken[mark.field])
        if where is None:
            unplaced.append(mark)
            continue
        taken[mark.field].add(where)
        order = FIELD_ORDER[mark.field] * 1000 + (500 if mark.side == "gold" else 0) + n
        label = mark_label(mark)
        if mark.field == "actors":
            actor_at[where] = name_key(mark.mention.name)
        elif mark.field == "attribution" and actor_at.get(where) == name_key(mark.mention.source):
            label = mark_label(mark, "SOURCE")  # the actor's label already gives the name
        spans.append(_Span(where[0], where[1], order, mark_open(mark, claim_id), label))
    chips = []
    for mark in c.marks:
        look = BY_NAME[mark.field].look
        if look.chip is not None and not mark.repeat:
            chips.append(f'<span class="chip {look.css} {mark.status}">'
                         f'{esc(look.chip(_plain(mark.field, mark.mention)))}</span>')
    status = c.status
    badge = "" if status == "unscored" else f'<span class="badge {status}">{status}</span>'
    number = claim_id.rsplit("#", 1)[-1]
    parts = [f'<div class="claim {status}" data-claim-id="{esc(claim_id)}" data-status="{status}">',
             f'<div class="claim-head"><span class="cid">#{esc(number)}</span>{badge}{"".join(chips)}</div>',
             f'<div class="claim-text">{render_spans(text, spans)}</div>']
    if unplaced:
        items = "".join(f"{mark_open(m, claim_id, 'unplaced')}{esc(_shown_text(m))}"
                        f"{mark_label(m)}</mark>" for m in unplaced)
        parts.append(f'<div class="unplaced-list">not found in the text: {items}</div>')
    parts.append("</div>")
    return "".join(parts)


def _table_row(c: ClaimComparison, claim_id: str) -> str:
    cells = []
    for f in REGISTRY:
        shown = [_plain(f.name, m.mention) for m in c.marks if m.field == f.name and not m.repeat]
        statuses = [m.status for m in c.marks if m.field == f.name and not m.repeat]
        items = [f'<span class="item {f.look.css} {st}" title="{esc(describe(f.name, m))}">{esc(f.look.cell(m))}</span>'
                 for m, st in zip(shown, statuses)]
        cells.append(f'<td>{"".join(items)}</td>')
    number = claim_id.rsplit("#", 1)[-1]
    return (f'<tr class="claim-row {c.status}" data-claim-id="{esc(claim_id)}"><td>{esc(number)}</td>'
            f'<td>{c.status if c.status != "unscored" else ""}</td><td class="sent">{esc(c.claim.text)}</td>'
            f'{"".join(cells)}</tr>')


# --- one document ----------------------------------------------------------------------------

def _claim_id(c: ClaimComparison) -> str:
    cid = c.claim_id
    return cid if c.pred is not None else f"{cid} (gold)"


def _article(doc: DocComparison, text: Optional[str]) -> str:
    out = []
    if text is None:
        for c in doc.claims:
            out.append(_claim_block(c, c.claim.text, c.claim.start, _claim_id(c)))
        return "".join(out)
    for c in doc.claims:
        if c.pred is not None and c.pred.start is not None and text[c.pred.start:c.pred.end] != c.pred.text:
            raise ReportError(f"{printable(doc.doc_id)}: the text of claim {printable(c.claim_id)} is not at its "
                              f"offsets {c.pred.start}-{c.pred.end} of the document (was it extracted from another "
                              "version?)")
        if c.gold is not None and (text[c.gold.start:c.gold.end] != c.gold.text if c.gold.start is not None
                                   else c.gold.text not in text):
            raise ReportError(f"{printable(doc.doc_id)}: the gold claim {c.gold.text[:60]!r} is not in the document "
                              "(was it labelled on another version?)")
    cursor = 0
    for c in doc.claims:
        claim = c.claim
        inline = (claim.start is not None and claim.end is not None and claim.start >= cursor
                  and text[claim.start:claim.end] == claim.text)
        if inline:
            gap = text[cursor:claim.start]
            if gap.strip():
                out.append(f'<div class="outside">{esc(gap.strip())}</div>')
            cursor = claim.end
        out.append(_claim_block(c, claim.text, claim.start, _claim_id(c)))
    gap = text[cursor:]
    if gap.strip():
        out.append(f'<div class="outside">{esc(gap.strip())}</div>')
    return "".join(out)


def _f1_class(f1: Optional[float]) -> str:
    if f1 is None:
        return ""
    return "good" if f1 >= 0.9 else "fair" if f1 >= 0.6 else "poor"


def _score_table(scores: dict, cls: str) -> str:
    rows = []
    for f in FIELDS:
        s, le = scores[f]["strict"], scores[f]["lenient"]
        rows.append(f'<tr><th>{f}</th>' + "".join(f"<td>{s[k]:.3f}</td>" for k in ("precision", "recall"))
                    + f'<td class="{_f1_class(s["f1"])}">{s["f1"]:.3f}</td>'
                    + "".join(f"<td>{s[k]}</td>" for k in ("tp", "fp", "fn"))
                    + "".join(f"<td>{le[k]:.3f}</td>" for k in ("precision", "recall", "f1")) + "</tr>")

    def acc(r):
        return "-" if r["accuracy"] is None else f'{r["accuracy"]:.3f} ({r["correct"]}/{r["total"]})'
    accuracies = "; ".join(f'{k.replace("_", " ")} accuracy {acc(scores[k])}' for k in SECONDARY)
    return (f'<table class="scores {cls}"><thead><tr><th rowspan="2">field</th><th colspan="6">strict</th>'
            f'<th colspan="3">lenient</th></tr><tr><th>P</th><th>R</th><th>F1</th><th>tp</th><th>fp</th><th>fn</th>'
            f'<th>P</th><th>R</th><th>F1</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f'<p class="acc">{accuracies}</p>')


def _unknown(words: str) -> str:
    return f'<span class="unknown">{words}</span>'


def _source_block(source: Optional[DocSource]) -> str:
    """Where the document comes from: title, date, path and URL, each labelled; what is not
    known is said in words."""
    source = source or DocSource()
    url = source.url
    if url and url.lower().startswith(LINKED_SCHEMES):
        link = f'<a href="{esc(url)}" rel="noopener noreferrer" target="_blank">{esc(url)}</a>'
    else:
        link = esc(url) if url else _unknown("no URL given")
    items = [("title", esc(source.title) if source.title else _unknown("no title given")),
             ("date", esc(source.date.isoformat()) if source.date else _unknown("no date given")),
             ("source", f"<code>{esc(source.path)}</code>" if source.path else _unknown("not recorded")),
             ("URL", link)]
    return ('<dl class="doc-source">' + "".join(f'<div class="src-{k.lower()}"><dt>{k}</dt><dd>{v}</dd></div>'
                                                 for k, v in items) + "</dl>")


def _document(n: int, doc: DocComparison, text: Optional[str], scores: Optional[dict],
              lazy: bool, *, source: Optional[DocSource] = None, table: bool = True) -> tuple[str, Optional[str]]:
    """The document's ``<details>`` and, when ``lazy``, its body apart (the details then hold a
    placeholder that the script fills when the document is opened). ``table``: show the
    document's score table (not when it would repeat the overall one)."""
    n_claims = sum(1 for c in doc.claims if c.pred is not None)
    n_missed = len(doc.claims) - n_claims
    chips = ""
    if scores is not None:
        chips = "".join(f'<span class="f1 {_f1_class(scores[f]["strict"]["f1"])}">{f} F1 '
                        f'{scores[f]["strict"]["f1"]:.2f}</span>' for f in FIELDS)
    elif not doc.scored and doc.claims:
        chips = '<span class="f1">no gold</span>'
    missed = f", {plural(n_missed, 'gold claim')} missed" if n_missed else ""
    title = f'<span class="doc-title">{esc(source.title)}</span>' if source and source.title else ""
    head = (f'<summary><span class="doc-id">{esc(doc.doc_id)}</span>{title}'
            f'<span class="n">{plural(n_claims, "claim")}{missed}</span>{chips}</summary>')
    body = []
    if scores is not None and table:
        body.append(_score_table(scores, "doc-scores"))
    body.append(f'<div class="article">{_article(doc, text) or "<p class=empty>no claims</p>"}</div>')
    if doc.claims:
        body.append('<table class="claims sortable"><thead><tr><th>#</th><th>status</th><th>sentence</th>'
                    + "".join(f"<th>{f.name}</th>" for f in REGISTRY) + '</tr></thead><tbody>')
        body.extend(_table_row(c, _claim_id(c)) for c in doc.claims)
        body.append("</tbody></table>")
    shell = (f'<details class="doc" id="doc-{n}" data-doc-id="{esc(doc.doc_id)}"{"" if lazy else " open"}>{head}'
             f'{_source_block(source)}')
    if lazy:
        return f'{shell}<div class="lazy-body" data-n="{n}">…</div></details>', "".join(body)
    return f'{shell}{"".join(body)}</details>', None


# --- the report ------------------------------------------------------------------------------

def _legend_item(mark: str, words: str) -> str:
    return f'<li>{mark}<span class="says">{words}</span></li>'


def _legend(with_gold: bool) -> str:
    """Every colour, mark and symbol of the page, in words."""
    kinds = [_legend_item(f'<mark class="mention {f.look.css} legend-mark">{f.look.legend}'
                          f'<span class="lbl">{f.look.legend_label}</span></mark>', words)
             for f, words in zip(REGISTRY, _FIELD_WORDS)]
    out = ['<div class="legend" id="legend"><h2>Legend</h2><ul class="legend-fields">', *kinds, "</ul>"]
    if with_gold:
        marks = [_legend_item(f'<mark class="mention actor {s} legend-mark">{s}<span class="lbl">TYPE'
                              f'<span class="st">{esc(STATUS_GLYPH[s])}</span></span></mark>', words)
                 for s, words in _STATUS_WORDS]
        marks.append(_legend_item('<mark class="mention actor correct legend-mark">right<span class="lbl">ORG'
                                  '<span class="st">✓ ⚠ type ORG, gold GPE</span></span></mark>', _NOTE_WORDS))
        out += ['<ul class="legend-status">', *marks, "</ul>"]
    out += ['<ul class="legend-other">', *(_legend_item("", words) for words in _other_words(with_gold)), "</ul></div>"]
    return "".join(out)


_FIELD_WORDS = ("an actor (person, organisation, place): its type and canonical name",
                "a count: its kind and value (a range, or a bound such as ≥ 300); the unit on hover",
                f"a date or duration: its TIMEX3 value, or “{UNRESOLVED}” when the date cannot be worked out",
                "the source a claim is attributed to: its canonical name (SOURCE alone when the words are the name)")
_STATUS_WORDS = (("correct", "✓ correct: predicted and in the gold"),
                 ("spurious", "✗ spurious (red ring): predicted, not in the gold"),
                 ("missed", "missed (dashed, no fill): in the gold, not predicted"))
_NOTE_WORDS = "⚠ right item, but its type or unit differs from the gold (the note says which)"


def _other_words(with_gold: bool) -> list[str]:
    words = ["Each claim is a block, numbered #N; grey text is article text outside any claim.",
             "Hover over a mark for its whole record. With <code>extract --explain</code> records, the hover "
             "also names the pass or filter that decided about it: “dropped by NAME” (the extractor removed it) "
             "or “linked by NAME” (it joined it to the claim).",
             "“not found in the text”: a mention whose words are not in its claim's text."]
    if with_gold:
        words.insert(1, "A claim's left edge: green correct, red spurious, dashed red missed; "
                        "“#N (gold)” is a gold claim the extractor did not find. F1: strict F1 of a field.")
    return words


class Documents(dict):
    """doc_id -> text of the documents read for the report, and in ``sources`` where each
    came from (a dict, so that callers that only want the texts can use it as one)."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: dict[str, DocSource] = {}


def read_documents(inputs: Sequence[str]) -> Documents:
    """doc_id -> text of the documents of ``inputs`` (as ``extract`` reads them), with their
    sources. A document that cannot be read, or an id given twice, is a ``ReportError``; an
    input that cannot be read at all raises the reader's ``InputError``."""
    from ..io.readers import InputDoc, iter_inputs

    texts = Documents()
    for item in iter_inputs(list(inputs)):
        if not isinstance(item, InputDoc):  # a DocError in the document's place
            raise ReportError(f"{item.source}: {item.reason}")
        if item.id in texts:
            raise ReportError(f"duplicate document id {item.id!r} in --docs")
        texts[item.id] = item.text
        try:
            texts.sources[item.id] = source_of(item)
        except ValueError as exc:  # a sidecar changed since the text was read
            raise ReportError(f"{item.source}: {exc}") from None
    return texts


def claim_sources(claims: Sequence[GoldClaim]) -> dict[str, DocSource]:
    """Per document, what its claim records say of it: the input path (``source``, when the
    records kept it) and the date the extractor used (``doc_date``)."""
    out: dict[str, DocSource] = {}
    for c in claims:
        found = out.get(c.doc_id, DocSource())
        path = getattr(c, "source", None)
        out[c.doc_id] = replace(found, path=found.path or path, date=found.date or c.doc_date)
    return out


def _sources(pred, gold, given: Optional[Mapping[str, DocSource]]) -> dict[str, DocSource]:
    """The documents' sources: what was read with them first, then what the records say."""
    out = claim_sources(list(gold or []) + list(pred))
    for doc_id, s in (given or {}).items():
        from_claims = out.get(doc_id, DocSource())
        out[doc_id] = replace(s, path=s.path or from_claims.path, date=s.date or from_claims.date)
    return out


def render_report(pred: Sequence[GoldClaim], gold: Optional[Sequence[GoldClaim]] = None,
                  documents: Optional[Mapping[str, str]] = None, title: str = "Claims report", *,
                  sources: Optional[Mapping[str, DocSource]] = None) -> str:
    """The report as one HTML string. ``documents`` maps doc_id to the document text, to show
    whole articles; without it, the claims' own texts are shown. ``sources``: where each
    document comes from (by default those ``read_documents`` found). Raises
    ``EvaluationError`` when gold and predictions share no document, ``ReportError`` when a
    claim is not at its offsets in the given document."""
    with_gold = gold is not None
    # One judgement: the scores and every mark shown are read off the same marks.
    marks = judge(gold or [], pred)
    result = evaluate_marks(marks, gold, pred) if with_gold else None
    comparisons = comparisons_of(marks)
    known = {d.doc_id for d in comparisons}
    for doc_id in documents or {}:
        if doc_id not in known:
            comparisons.append(DocComparison(doc_id, False, []))
    origin = _sources(pred, gold, sources if sources is not None else getattr(documents, "sources", None))
    lazy = len(comparisons) > OPEN_UP_TO
    # One scored document: its scores are the overall ones, shown once.
    doc_tables = result is not None and len(result["documents"]) > 1
    parts = _head(title, comparisons, with_gold) + _overall(result)
    parts += _figures(pred, {d.doc_id: n for n, d in enumerate(comparisons)})
    parts.append('<section id="documents"><h2>Documents</h2>')
    bodies = []
    for n, doc in enumerate(comparisons):
        text = documents.get(doc.doc_id) if documents else None
        scores = result["documents"].get(doc.doc_id) if result is not None else None
        shell, body = _document(n, doc, text, scores, lazy, source=origin.get(doc.doc_id), table=doc_tables)
        parts.append(shell)
        if lazy:
            bodies.append(body)
    parts.append("</section></main>")
    if lazy:
        # JSON inside <script>: "</" and "<!--" must not appear as such; both are escaped
        payload = json.dumps(bodies, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "\\u003c!--")
        parts.append(f'<script type="application/json" id="doc-bodies">{payload}</script>')
    parts.append(f"<script>{SCRIPT}</script></body></html>\n")
    return "".join(parts)


def _head(title: str, comparisons: Sequence[DocComparison], with_gold: bool) -> list[str]:
    n_claims = sum(1 for d in comparisons for c in d.claims if c.pred is not None)
    return [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">'
             f'<title>{esc(title)}</title><style>{field_css()}{CSS}</style></head><body>',
             f'<header><h1>{esc(title)}</h1><p class="meta">{plural(len(comparisons), "document")}, '
             f'{plural(n_claims, "predicted claim")}{", compared with the gold" if with_gold else ""}</p>'
             f'{_legend(with_gold)}',
             '<p class="tools"><button type="button" id="open-all">open all</button>'
             '<button type="button" id="close-all">close all</button></p></header><main>']


def _figure_row(report: dict, anchors: Mapping[str, int], unit: Optional[str] = None) -> str:
    from ..compare.figures import value_text
    doc = report["doc_id"]
    link = f'<a href="#doc-{anchors[doc]}">{esc(doc)}</a>' if doc in anchors else esc(doc)
    number = report["claim_id"].rsplit("#", 1)[-1] if report.get("claim_id") else ""
    return (f'<tr data-claim-id="{esc(report.get("claim_id") or "")}"><td>{esc(value_text(report, unit))}</td>'
            f'<td>{esc(report["qualifier"].replace("_", " "))}</td>'
            f'<td>{esc(", ".join(report["sources"]) or "no source named")}</td><td>{link} #{esc(number)}</td>'
            f'<td>{esc(report.get("doc_date") or "undated")}</td><td>{esc(report["text"])}</td></tr>')


def _figures(pred: Sequence[GoldClaim], anchors: Mapping[str, int]) -> list[str]:
    """Figures that several documents report, conflicts first, each with its reports side by side."""
    from ..compare.figures import across_articles, figure_groups
    if len({c.doc_id for c in pred}) < 2:
        return []
    groups = across_articles(figure_groups([c.model_dump(mode="json") for c in pred]))
    if not groups:
        return []
    parts = ['<section id="figures"><h2>Figures across articles</h2>'
             '<p class="meta">Counts of one quantity reported by several documents: conflicts first, then '
             'updates (a figure changing over time), then agreements (docs/figure-groups.md).</p>']
    for g in groups:
        period = f" · {esc(g['period'])}" if g["period"] else ""
        parts.append(f'<div class="figure {esc(g["status"])}"><h3>{esc(g["status"])}: {esc(g["quantity"])}{period}</h3>'
                     '<table><thead><tr><th>value</th><th>qualifier</th><th>source</th><th>document, claim</th>'
                     '<th>date</th><th>as written</th></tr></thead><tbody>'
                     + "".join(_figure_row(r, anchors, g["unit"]) for r in g["reports"]) + "</tbody></table></div>")
    parts.append("</section>")
    return parts


def _overall(result: Optional[dict]) -> list[str]:
    if result is None:
        return []
    heading = "Overall scores" if len(result["documents"]) > 1 else "Scores"
    parts = [f'<section id="overall"><h2>{heading}</h2>{_score_table(result["overall"], "overall")}']
    if result.get("unscored"):
        parts.append(f'<p class="acc">not scored (no gold): {esc(", ".join(result["unscored"]))}</p>')
    parts.append("</section>")
    return parts


def field_css() -> str:
    """The colours of the fields, from the registry (the rest of the style sheet is ``CSS``)."""
    out = []
    for f in REGISTRY:
        c = f.look.css
        out.append(f"mark.{c}, .item.{c}, .chip.{c} {{ background: {f.look.colour}; }} "
                   f"mark.{c}.missed {{ border-color: {f.look.missed_border}; }}\n")
    return "".join(out)


CSS = """
:root { --bad: #d62728; --ok: #2a9d4b; }
* { box-sizing: border-box; }
body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0;
  color: #222; background: #fafafa; }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; } h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
.meta, .acc, .hint { color: #555; font-size: 0.9rem; }
.legend { margin: 0.3rem 0 0.6rem; font-size: 0.9rem; }
.legend h2 { font-size: 1rem; margin: 0.6rem 0 0.2rem; }
.legend ul { list-style: none; margin: 0; padding: 0; }
.legend li { line-height: 2.4; }
.legend-fields li, .legend-status li { display: inline-block; width: 49%; vertical-align: top; line-height: 1.4;
  margin: 0.45rem 0; }
.legend-other li { line-height: 1.5; color: #444; margin: 0.2rem 0; }
.legend li mark { display: inline-block; margin-bottom: 0.2rem; }
.says { display: block; color: #444; margin-top: 0.15rem; }
.legend-other .says { display: inline; }
button { font: inherit; font-size: 0.85rem; margin-right: 0.4rem; padding: 0.15rem 0.6rem; border: 1px solid #bbb;
  border-radius: 0.35em; background: #fff; cursor: pointer; }
details.doc { background: #fff; border: 1px solid #ddd; border-radius: 0.5em; margin: 0.6rem 0; padding: 0.4rem 1rem; }
details.doc > summary { cursor: pointer; font-weight: 600; padding: 0.3rem 0; }
.doc-id { margin-right: 0.8rem; } .doc-title { font-weight: normal; margin-right: 0.8rem; }
dl.doc-source { display: flex; flex-wrap: wrap; gap: 0.1rem 1.4rem; margin: 0.2rem 0 0.6rem; font-size: 0.85rem; }
dl.doc-source div { display: flex; gap: 0.4rem; min-width: 0; }
dl.doc-source dt { color: #777; } dl.doc-source dd { margin: 0; overflow-wrap: anywhere; }
dl.doc-source a { color: #1a5fb4; } .unknown { color: #888; font-style: italic; }
.n { font-weight: normal; color: #666; margin-right: 0.8rem; }
.f1 { font-weight: normal; font-size: 0.8rem; border-radius: 0.35em; padding: 0.1em 0.45em; margin-right: 0.3rem;
  background: #eee; }
.f1.good, td.good { background: #d8f2dd; } .f1.fair, td.fair { background: #fdf0c8; }
.f1.poor, td.poor { background: #fbd5d5; }
.article { line-height: 2.6; font-size: 1.05rem; margin: 0.6rem 0 1rem; }
.outside { color: #888; white-space: pre-wrap; line-height: 1.6; margin: 0.4rem 0; font-size: 0.95rem; }
.claim { border-left: 4px solid #ccc; padding: 0.1rem 0 0.3rem 0.8rem; margin: 0.7rem 0; }
.claim.correct { border-left-color: var(--ok); } .claim.spurious { border-left-color: var(--bad); }
.claim.missed { border-left: 4px dashed var(--bad); background: #fff7f7; }
.claim-head { line-height: 1.6; font-size: 0.8rem; color: #555; }
.figure h3 { font-size: 0.95rem; margin: 0.8rem 0 0.3rem; } .figure.conflict h3 { color: var(--bad); }
.claim-text { white-space: pre-wrap; }
.cid { font-weight: 700; margin-right: 0.5rem; }
.badge, .chip { border-radius: 0.35em; padding: 0.05em 0.45em; margin-right: 0.35rem; font-size: 0.75rem; }
.badge.correct { background: #d8f2dd; color: #1b6e33; } .badge.spurious { background: #fbd5d5; color: #9b1c1c; }
.badge.missed { background: #fff; color: #9b1c1c; border: 1px dashed var(--bad); }
.chip { color: #333; white-space: nowrap; }
.chip.spurious { outline: 2px solid var(--bad); } .chip.missed { background: #fff; border: 1px dashed var(--bad); }
mark.mention { padding: 0.45em 0.6em; margin: 0 0.25em; line-height: 1; border-radius: 0.35em;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; color: inherit; }
mark.mention mark.mention { padding: 0.25em 0.4em; margin: 0 0.1em; }
mark.spurious { box-shadow: 0 0 0 2px var(--bad); }
mark.missed { background: #fff; border: 2px dashed; }
mark.unplaced { margin-right: 0.4rem; }
/* nowrap: a label never breaks inside, and with no space before it, never leaves its mark's last word */
.lbl { font-size: 0.7em; font-weight: bold; line-height: 1; border-radius: 0.35em; text-transform: none;
  white-space: nowrap;
  vertical-align: middle; margin-left: 0.5rem; letter-spacing: 0.02em; color: #333; }
.st { margin-left: 0.3em; }
mark.correct > .lbl > .st { color: var(--ok); }
mark.spurious > .lbl > .st, mark.missed > .lbl > .st { color: var(--bad); text-transform: uppercase; }
.unplaced-list { font-size: 0.85rem; color: #666; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; background: #fff; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.45rem; vertical-align: top; text-align: left; }
table.scores td { text-align: right; font-variant-numeric: tabular-nums; }
table.claims { width: 100%; } table.claims td.sent { min-width: 18rem; }
table.sortable th { cursor: pointer; user-select: none; background: #f3f3f3; }
table.sortable th.asc::after { content: " ▲"; } table.sortable th.desc::after { content: " ▼"; }
tr.claim-row.spurious td:nth-child(2) { color: var(--bad); } tr.claim-row.missed { background: #fff7f7; }
.item { display: inline-block; border-radius: 0.3em; padding: 0 0.35em; margin: 0.1em 0.2em 0.1em 0; }
.item.spurious { box-shadow: 0 0 0 2px var(--bad); } .item.missed { background: #fff; border: 1px dashed var(--bad); }
"""

SCRIPT = """
(function () {
  var bodies = null;
  function fill(d) {
    var slot = d.querySelector(".lazy-body");
    if (!slot || slot.parentNode !== d) return;
    if (bodies === null) bodies = JSON.parse(document.getElementById("doc-bodies").textContent);
    slot.insertAdjacentHTML("afterend", bodies[Number(slot.getAttribute("data-n"))]);
    slot.remove();
  }
  document.addEventListener("toggle", function (ev) {
    var d = ev.target;
    if (d.tagName === "DETAILS" && d.classList.contains("doc") && d.open) fill(d);
  }, true);
  function key(td) {
    var t = td ? td.textContent.trim() : "";
    var n = Number(t.replace(/,/g, ""));
    return t !== "" && !isNaN(n) ? [0, n, ""] : [1, 0, t.toLowerCase()];
  }
  document.addEventListener("click", function (ev) {
    var th = ev.target.closest ? ev.target.closest("table.sortable th") : null;
    if (th) {
      var table = th.closest("table"), body = table.tBodies[0], col = th.cellIndex;
      var asc = !th.classList.contains("asc");
      Array.prototype.forEach.call(th.parentNode.children, function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(asc ? "asc" : "desc");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a.cells[col]), y = key(b.cells[col]);
        var c = x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      return;
    }
    if (ev.target.id === "open-all" || ev.target.id === "close-all") {
      var open = ev.target.id === "open-all";
      document.querySelectorAll("details.doc").forEach(function (d) { d.open = open; });
    }
  });
})();
"""
