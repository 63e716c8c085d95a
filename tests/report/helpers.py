"""A small hand-made document with predictions and gold whose judgements are worked out by
hand, and an HTML reader for the report (standard library only)."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

# 0         1         2         3         4         5         6         7
# 0123456789012345678901234567890123456789012345678901234567890123456789012345
TEXT = ('Alpha Beta said that 300 people were detained in Ruritania on March 3. '
        'The <script>window.__pwned = 1</script> tag & "quotes" stay text. '
        'Gamma Corp denied it.')
S0 = TEXT.index("Alpha")
E0 = TEXT.index("March 3.") + len("March 3.")
S1 = TEXT.index("The <script>")
E1 = TEXT.index("stay text.") + len("stay text.")
S2 = TEXT.index("Gamma Corp")
E2 = len(TEXT)
SCRIPT = '<script>window.__pwned = 1</script>'


def at(text: str, start: int = 0) -> tuple[int, int]:
    i = TEXT.index(text, start)
    return i, i + len(text)


def pred_records() -> list[dict]:
    def span(t, start=0):
        s, e = at(t, start)
        return {"text": t, "start": s, "end": e}
    return [
        {"doc_id": "d1", "claim_id": "d1#0", "doc_date": "2026-03-10", "text": TEXT[S0:E0], "start": S0, "end": E0,
         "actors": [dict(span("Alpha Beta"), name="Alpha Beta", type="PERSON"),
                    dict(span("Ruritania"), name="Ruritania", type="ORG")],
         "counts": [dict(span("300 people"), low=300, high=300, qualifier="exact", kind="count", unit="people")],
         "dates": [dict(span("March 3"), value="2026-03-03", type="DATE")],
         "attribution": []},
        {"doc_id": "d1", "claim_id": "d1#1", "doc_date": "2026-03-10", "text": TEXT[S1:E1], "start": S1, "end": E1,
         "actors": [dict(span(SCRIPT), name="script", type="ORG")],
         "counts": [], "dates": [], "attribution": []},
    ]


def gold_records() -> list[dict]:
    return [
        {"doc_id": "d1", "claim_id": "d1#0", "doc_date": "2026-03-10", "text": TEXT[S0:E0], "start": S0, "end": E0,
         "actors": [{"text": "Alpha Beta", "name": "Alpha Beta", "type": "PERSON"},
                    {"text": "Ruritania", "name": "Ruritania", "type": "GPE"}],
         "counts": [{"text": "300 people", "low": 300, "high": None, "qualifier": "at_least", "unit": "people"}],
         "dates": [{"text": "March 3", "value": "2026-03-03", "type": "DATE"}],
         "attribution": [{"source": "Alpha Beta", "text": "Alpha Beta", "cue": "said"}]},
        {"doc_id": "d1", "claim_id": "d1#2", "doc_date": "2026-03-10", "text": TEXT[S2:E2], "start": S2, "end": E2,
         "actors": [{"text": "Gamma Corp", "name": "Gamma Corp", "type": "ORG"}],
         "counts": [], "dates": [],
         "attribution": [{"source": "Gamma Corp", "text": "Gamma Corp", "cue": "denied"}]},
    ]


# Worked out by hand: (field, side, index in the claim's list) -> status, per shown claim id.
EXPECTED_MARKS = {
    "d1#0": {("actors", "pred", 0): "correct", ("actors", "pred", 1): "correct",   # Ruritania: type differs
             ("counts", "pred", 0): "spurious", ("counts", "gold", 0): "missed",  # exact 300 vs at least 300
             ("dates", "pred", 0): "correct", ("attribution", "gold", 0): "missed"},
    "d1#1": {("actors", "pred", 0): "spurious"},
    "d1#2 (gold)": {("actors", "gold", 0): "missed", ("attribution", "gold", 0): "missed"},
}
EXPECTED_CLAIMS = {"d1#0": "correct", "d1#1": "spurious", "d1#2 (gold)": "missed"}


# A sidecar whose title and URL must stay text: markup in the title, quotes and & in the URL.
META = {"date": "2026-03-10", "url": 'https://example.org/news?id=1&x="2"',
        "title": "Alpha <b>Beta</b> & the 300"}
# Python literals a reader must never see (as words: document text may hold "None of them").
LITERAL = re.compile(r"\b(None|True|False)\b|\[\]|\{\}|'[a-z_]+'")


def plain_records() -> tuple[list[dict], list[dict]]:
    """(pred, gold) with the values Python writes as literals: a date that did not resolve, a
    count without unit against a gold one with a unit, an open upper bound, and the
    extractor's decision about the count (``--explain``)."""
    pred, gold = pred_records(), gold_records()
    s, e = at("300 people")
    pred[0]["counts"][0]["unit"] = None
    pred[0]["dates"][0]["value"] = None
    pred[0]["decisions"] = [{"field": "counts", "text": "300 people", "start": s, "end": e, "by": "unit_noun",
                             "action": "linked"}]
    gold[0]["counts"][0].update(qualifier="exact", high=300)
    gold[0]["dates"][0]["value"] = None
    gold[0]["actors"][0]["type"] = "PERSON"
    gold[1]["counts"] = [{"text": "Gamma", "low": 5, "high": None, "qualifier": "at_least"}]
    gold[1]["attribution"][0]["cue"] = None
    return pred, gold


def write_sidecar_case(tmp_path: Path) -> Path:
    """d1.txt (the hand-made document) with its sidecar d1.meta.json; returns the text's path."""
    doc = tmp_path / "d1.txt"
    doc.write_text(TEXT, encoding="utf-8")
    (tmp_path / "d1.meta.json").write_text(json.dumps(META), encoding="utf-8")
    return doc


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def write_case(tmp_path: Path) -> tuple[Path, Path, Path]:
    """pred.jsonl, gold.jsonl and the document d1.txt in tmp_path."""
    doc = tmp_path / "d1.txt"
    doc.write_text(TEXT, encoding="utf-8")
    return (write_jsonl(tmp_path / "pred.jsonl", pred_records()), write_jsonl(tmp_path / "gold.jsonl", gold_records()),
            doc)


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text_parts = [], []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text() for p in self.text_parts)

    def ancestors(self):
        p = self.parent
        while p is not None:
            yield p
            p = p.parent


class Page(HTMLParser):
    """The report's element tree, enough to find elements by tag and class."""
    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", [], None)
        self.stack = [self.root]
        self.elements: list[Element] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        el = Element(tag, attrs, self.stack[-1])
        self.stack[-1].children.append(el)
        self.stack[-1].text_parts.append(el)
        self.elements.append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1].text_parts.append(data)

    def visible_text(self) -> str:
        """The text a reader sees, with the hover texts (``title``), without script and style."""
        def walk(el):
            if el.tag in ("script", "style", "head"):
                return ""
            inner = "".join(p if isinstance(p, str) else walk(p) for p in el.text_parts)
            return inner + (" " + el.attrs["title"] if el.attrs.get("title") else "")
        return walk(self.root)

    def find(self, tag: str, cls: str | None = None, **attrs) -> list[Element]:
        out = []
        for el in self.elements:
            if el.tag != tag or (cls and cls not in el.classes):
                continue
            if all(el.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                out.append(el)
        return out
