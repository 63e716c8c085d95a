"""Counts (claims-spec 4): numbers that count or measure, with range, qualifier, kind and unit.

Numerals are found token by token (digits, words, "a thousand", "2.5 million"), widened to
their qualifier ("more than", "between X and Y") and to the counted noun from the parse. What
is not a count is filtered by what follows or surrounds the number: years and other date
parts, ages, durations, times of day, ordinals and numbers inside names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

import datetime as dt

from ..normalize.numbers import as_int, parse_number, word_kind
from ..normalize.timex import resolve
from ..resources import load_json
from . import extensions  # noqa: F401
from .base import DEFAULT_CONFIG, Stage
from .dates import is_year
from .extensions import ents_of_label, lowers


@dataclass
class CountMention:
    start: int
    end: int
    text: str
    low: Optional[float]
    high: Optional[float]
    qualifier: str
    kind: str
    unit: Optional[str]

    def as_record(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "low": as_int(self.low),
                "high": as_int(self.high), "qualifier": self.qualifier, "kind": self.kind, "unit": self.unit}


@lru_cache(maxsize=1)
def _rules() -> dict:
    n = load_json("numbers.json")
    c = load_json("currencies.json")
    quals = []
    for qualifier, phrases in n["qualifiers"].items():
        quals += [(p.split(), qualifier) for p in phrases]
    quals.sort(key=lambda q: -len(q[0]))
    return {
        "qualifiers": quals,
        "vague": n["vague"],
        "fractions": sorted(((k.split(), v) for k, v in n["fractions"].items()), key=lambda f: -len(f[0])),
        "multiples": sorted(((k.split(), v) for k, v in n["multiples"].items()), key=lambda f: -len(f[0])),
        "percent": n["percent_words"],
        "measure": set(n["measure_units"]),
        "duration": set(n["duration_units"]),
        "symbols": c["symbols"],
        "currency_words": c["words"],
        "currency_qualified": c["qualified"],
        "name_number_words": set(n["name_number_words"]),
        "fraction_firsts": {k.split()[0] for k in list(n["fractions"]) + list(n["multiples"])},
        "approx_suffix": [s.split() for s in n["approximate_suffixes"]],
        "atleast_suffix": [s.split() for s in n["at_least_suffixes"]],
    }


_PROBE = dt.date(2000, 6, 15)
_YEAR = re.compile(r"^(1[89]|20)\d{2}s?$")
_TIME = re.compile(r"^\d{1,2}:\d{2}$")
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "jan.", "feb", "feb.", "mar.", "apr", "apr.", "jun", "jun.", "jul", "jul.",
           "aug", "aug.", "sep", "sep.", "sept", "sept.", "oct", "oct.", "nov", "nov.", "dec", "dec."}
_VAGUE_MODS = {"a", "few", "several", "many", "tens", "of"}


@lru_cache(maxsize=1)
def _NUMBER_WORDS() -> frozenset[str]:  # noqa: N802 - a constant built once from models/
    n = load_json("numbers.json")
    words = set(n["units"]) | set(n["tens"]) | set(n["scales"]) | set(n["vague"]) | {"a", "an"}
    words |= {f"{t}-{u}" for t in n["tens"] for u in n["units"]}
    return frozenset(words)


def _is_num_token(tok: Token) -> bool:
    low = tok.lower_
    return word_kind(tok.text) is not None or low in _rules()["vague"]


def _numeral_runs(span: Span) -> list[tuple[int, int]]:
    """Token ranges [i, j) that form one numeral ("a thousand", "2.5 million", "one hundred and five")."""
    runs = []
    doc = span.doc
    i = span.start
    words_of = lowers(doc)
    while i < span.end:
        if not (words_of[i][:1].isdigit() or words_of[i] in _NUMBER_WORDS()):
            i += 1
            continue
        tok = doc[i]
        starts_with_a = tok.lower_ in ("a", "an") and i + 1 < span.end and word_kind(doc[i + 1].text) == "scale"
        if not (_is_num_token(tok) or starts_with_a):
            i += 1
            continue
        j = i + 1
        while j < span.end:
            nxt = doc[j]
            if _is_num_token(nxt) and not (word_kind(doc[j - 1].text) == "digit" and word_kind(nxt.text) == "digit"):
                if nxt.lower_ in _rules()["vague"] and j > i:
                    break
                j += 1
            elif nxt.lower_ == "and" and j + 1 < span.end and word_kind(doc[j + 1].text) in ("unit", "tens") \
                    and word_kind(doc[j - 1].text) == "scale" and doc[j - 1].lower_ == "hundred":
                j += 1
            elif nxt.text == "-" and j + 1 < span.end and word_kind(doc[j - 1].text) == "tens" \
                    and word_kind(doc[j + 1].text) == "unit":
                j += 1
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _value(tokens: list[Token]) -> Optional[float]:
    words = [t.text for t in tokens if t.text != "-"]
    if len(words) == 1 and words[0].lower() in _rules()["vague"]:
        return float(_rules()["vague"][words[0].lower()])
    return parse_number(words)


def _match_words(doc: Doc, end: int, phrases, lo: int) -> tuple[int, Optional[object]]:
    """Longest phrase that ends right before token ``end``; returns (its start, payload)."""
    words_of = lowers(doc)
    for words, payload in phrases:
        start = end - len(words)
        if start >= lo and words_of[start:end] == words:
            return start, payload
    return end, None


def _excluded(doc: Doc, i: int, j: int, span: Span, name_tokens: set[int]) -> bool:
    first, last = doc[i], doc[j - 1]
    text = doc[i:j].text
    if any(k in name_tokens for k in range(i, j)):
        return True
    if _TIME.match(text) or (j < len(doc) and doc[j].lower_ in ("a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc")):
        return True
    if i > 0 and doc[i - 1].lower_ in _MONTHS and doc[i - 1].is_title:
        return True  # the day of a date: "the June 12 budget statement", "March 23 Movement"
    if j - i == 1 and is_year(doc, i):
        return True
    if first.ent_type_ in ("DATE", "TIME", "ORDINAL") and _date_like_entity(first):
        return True
    if first.lower_ == "one" and (j == i + 1) and (first.ent_type_ != "CARDINAL" or
                                                   (j < len(doc) and doc[j].lower_ in ("of", "another", "day"))):
        return True
    after = [t.lower_ for t in doc[j:j + 4]]
    joined = " ".join(after)
    if after[:1] == ["-"] and len(after) > 1 and (after[1] in _rules()["duration"] or after[1].startswith("year")):
        return True
    if re.match(r"^(-\s*)?(year|years)\s*-?\s*old", joined) or re.match(r"^(years?-old|year-old)", joined):
        return True
    if i > 0 and doc[i - 1].lower_ in ("aged", "age", "ages"):
        return True
    head_unit = _unit_head(doc, i, j, span)
    if head_unit is not None and head_unit.lower_ in _rules()["duration"]:
        return True
    if after[:1] and after[0] in _rules()["duration"]:
        return True
    if i > 0 and doc[i - 1].is_title and doc[i - 1].pos_ == "PROPN" and first.like_num and j - i == 1 \
            and not doc[i - 1].is_sent_start and not _countable_next(doc, j):
        return True  # "Article 19", "Resolution 2334"
    if i > 0 and doc[i - 1].lower_ in _rules()["name_number_words"]:
        return True
    if re.search(r"\d[A-Za-z]", first.text) or re.search(r"[A-Za-z]\d", first.text):
        return True
    # Comma-separated ages after a name: "Navarro, 57, said"
    if i > 0 and j < len(doc) and doc[i - 1].text == "," and doc[j].text == "," and first.like_num and j - i == 1 \
            and i > 1 and (doc[i - 2].ent_type_ == "PERSON" or doc[i - 2].pos_ == "PROPN" and doc[i - 2].is_title) \
            and (first.text.isdigit() and 15 <= int(first.text) <= 110):
        return True
    return False


def _date_like_entity(tok: Token) -> bool:
    """The model's DATE/TIME entity around ``tok`` is a date or a time span, not a number
    it mislabelled ("Between 20 and 30 soldiers" is tagged DATE by en_core_web_sm)."""
    ent = next((e for e in ents_of_label(tok.doc, tok.ent_type_) if e.start <= tok.i < e.end), None)
    if ent is None or ent.label_ == "ORDINAL":
        return True
    if any(t.lower_ in _rules()["duration"] or t.lower_.rstrip("s") in _rules()["duration"] for t in ent):
        return True
    if any(t.lower_ in ("a.m.", "p.m.", "am", "pm", "ago") for t in ent):
        return True
    return resolve(ent.text, _PROBE, context_year=2000) is not None and not _countable_next(tok.doc, ent.end)


def _countable_next(doc: Doc, j: int) -> bool:
    return j < len(doc) and doc[j].pos_ in ("NOUN", "PROPN") and doc[j].lower_ not in _rules()["duration"]


def _unit_head(doc: Doc, i: int, j: int, span: Span) -> Optional[Token]:
    """The counted noun: the head the numeral modifies, when it stands to the right and close."""
    last = doc[j - 1]
    for tok in (last, doc[i]):
        head = tok.head
        if tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and head.i >= j and head.i - j <= 6 \
                and head.pos_ in ("NOUN", "PROPN") and head.i < span.end:
            return head
    # "dozens of people", "thousands of Cubans": the object of "of".
    if j < span.end and doc[j].lower_ == "of" and j + 1 < span.end:
        for child in doc[j].children:
            if child.dep_ == "pobj" and child.pos_ in ("NOUN", "PROPN"):
                return child
    k = j
    while k < span.end and doc[k].pos_ in ("ADJ", "NOUN", "PROPN", "CCONJ", "VERB") and doc[k].tag_ != "VBD" \
            and doc[k].tag_ != "VBZ" and k - j < 5:
        if doc[k].pos_ == "NOUN" and (k + 1 >= span.end or doc[k + 1].pos_ not in ("NOUN",)):
            return doc[k]
        k += 1
    return None


def find_counts(span: Span, *, name_tokens: Optional[set[int]] = None) -> list[CountMention]:
    """Counts in one sentence. ``name_tokens`` are token indices inside actor names."""
    rules = _rules()
    doc = span.doc
    name_tokens = name_tokens or set()
    results: list[CountMention] = []
    runs = _numeral_runs(span)
    skip_until = -1
    for idx, (i, j) in enumerate(runs):
        if i < skip_until:
            continue
        if _excluded(doc, i, j, span, name_tokens):
            continue
        if doc[i].lower_ == "hundreds" and j + 1 < span.end and doc[j].lower_ == "of" \
                and doc[j + 1].lower_ in ("thousands", "millions"):
            continue
        value = _value(list(doc[i:j]))
        if value is None:
            continue
        vague = j - i == 1 and doc[i].lower_ in rules["vague"]
        prev = doc[i - 1].lower_ if i > span.start else ""
        if j - i == 1 and word_kind(doc[i].text) == "scale" and prev in ("few", "several", "many"):
            # "a few hundred", "several dozen": vague like "hundreds" (spec 4).
            vague, value = True, value * 2
        if vague and i - 2 >= span.start and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in ("tens", "hundreds"):
            # "tens of thousands", "hundreds of thousands"
            value = (20 if doc[i - 2].lower_ == "tens" else 200) * value / 2
            i_qual = i - 2
        else:
            i_qual = i
        low, high, qualifier = value, value, "exact"
        start, end = i, j
        # Left context: qualifier phrases and "between ... and".
        start = i_qual
        # "about $96": the qualifier stands before the currency symbol.
        q_end = i_qual - 1 if i_qual > span.start and doc[i_qual - 1].text in rules["symbols"] else i_qual
        if q_end > span.start and doc[q_end - 1].text.upper() == "US" and q_end < i_qual:
            q_end -= 1
        q_start, q = _match_words(doc, q_end, rules["qualifiers"], span.start)
        if q is not None:
            qualifier, start = q, q_start
        if vague:
            # "a few hundred", "tens of thousands", "several dozen" keep the vague reading.
            while start > span.start and doc[start - 1].lower_ in _VAGUE_MODS and doc[start - 1].lower_ != "of":
                start -= 1
            qualifier, high = ("approximate" if q is None or q == "approximate" else q), None
            if q in ("more_than", "at_least"):
                high = None
        # Ranges: "between A and [more than] B", "A-B", "A to B", "from A to B".
        range_end = None
        k = j
        if k < span.end and doc[k].text in ("-", "–", "—", "to") or (k < span.end and doc[k].lower_ == "and"
                                                                      and start > span.start and doc[start - 1].lower_ == "between"):
            k2 = k + 1
            if k2 < span.end and doc[k2].text in rules["symbols"] and i > span.start and doc[i - 1].text == doc[k2].text:
                k2 += 1  # "$5 million to $7 million"
            _, q2 = (k2, None)
            for words, qual in rules["qualifiers"]:
                if [t.lower_ for t in doc[k2:k2 + len(words)]] == words:
                    k2 += len(words)
                    break
            nxt = next(((a, b) for a, b in runs[idx + 1:] if a == k2), None)
            if nxt is not None and not _excluded(doc, nxt[0], nxt[1], span, name_tokens):
                other = _value(list(doc[nxt[0]:nxt[1]]))
                # A range runs upwards; "won 30-12" is a score, not a range.
                if other is not None and other >= value:
                    if doc[nxt[1] - 1].lower_ in ("million", "billion", "thousand") and value < 1000 and other >= 1000:
                        value *= other / (parse_number([t.text for t in doc[nxt[0]:nxt[1] - 1]]) or 1)
                    low, high, qualifier = value, other, "range"
                    range_end = nxt[1]
                    skip_until = nxt[1]
                    if start > span.start and doc[start - 1].lower_ in ("between", "from"):
                        start -= 1
        end = range_end or j
        # Fractions and multiples of a quantity are percentages.
        kind, unit = "count", None
        # Money: a currency symbol before, or a currency word after.
        sym_start = start
        if q is None and start > span.start and doc[start - 1].text in rules["symbols"]:
            sym_start = start - 1
        symbol = doc[i - 1].text if i > span.start and doc[i - 1].text in rules["symbols"] else None
        if symbol is None and i > span.start + 1 and doc[i - 1].text in rules["symbols"]:
            symbol = doc[i - 1].text
        if symbol:
            kind, unit = "money", rules["symbols"][symbol]
            if i - 2 >= span.start and doc[i - 2].text.upper() == "US" and symbol == "$":
                sym_start = min(sym_start, i - 2)
            start = min(start, sym_start if q is None else start)
        tail = [t.lower_ for t in doc[end:min(end + 3, span.end)]]  # never past the sentence
        if tail[:1] and tail[0] in ("%",) or " ".join(tail[:2]) in ("per cent",) or tail[:1] == ["percent"] \
                or tail[:1] == ["pct"]:
            kind, unit = "percent", "%"
            end += 2 if tail[:2] == ["per", "cent"] else 1
            if tail[1:3] == ["percentage", "points"] or tail[:2] == ["percentage", "points"]:
                end += 2
        elif kind != "money" and tail[:1] and tail[0] in rules["currency_words"]:
            kind, unit = "money", rules["currency_words"][tail[0]]
            end += 1
        elif kind != "money" and len(tail) >= 2 and tail[0] in rules["currency_qualified"] \
                and tail[1] in rules["currency_words"]:
            kind, unit = "money", rules["currency_qualified"][tail[0]]
            end += 2
        if kind == "count":
            head = _unit_head(doc, i, range_end or j, span)
            if head is not None:
                unit_start = range_end or j
                if doc[unit_start].lower_ == "of":
                    unit_start += 1
                    while unit_start < head.i and doc[unit_start].pos_ == "DET":
                        unit_start += 1
                words = doc[unit_start: head.i + 1]
                if head.lower_ in rules["currency_words"]:
                    kind, unit = "money", rules["currency_words"][head.lower_]
                    end = head.i + 1
                elif words.text and not any(t.is_punct and t.text not in ("-",) for t in words):
                    unit = words.text
                    end = head.i + 1
                    if head.lower_ in rules["measure"]:
                        kind = "measure"
        # Right-side qualifiers: "or more", "or so".
        for words in rules["atleast_suffix"]:
            if end + len(words) <= span.end and [t.lower_ for t in doc[end:end + len(words)]] == words \
                    and qualifier == "exact":
                qualifier, high, end = "at_least", None, end + len(words)
        for words in rules["approx_suffix"]:
            if end + len(words) <= span.end and [t.lower_ for t in doc[end:end + len(words)]] == words \
                    and qualifier == "exact":
                qualifier, end = "approximate", end + len(words)
        if qualifier in ("more_than", "at_least"):
            high = None
        elif qualifier in ("less_than", "at_most"):
            low, high = None, value
        if start > span.start and doc[start - 1].lower_ in ("only", "just") and qualifier == "exact":
            pass
        text_span = doc[start:end]
        results.append(CountMention(text_span.start_char, text_span.end_char, text_span.text,
                                    low, high, qualifier, kind, unit))
    results += _fraction_counts(span, {r.start for r in results})
    results.sort(key=lambda r: r.start)
    return results


def _fraction_counts(span: Span, taken: set[int]) -> list[CountMention]:
    """'half of', 'a quarter of', 'twice the number', 'nearly twice' -> percent counts."""
    rules = _rules()
    doc = span.doc
    out = []
    firsts = rules["fraction_firsts"]
    words_of = lowers(doc)
    for i in range(span.start, span.end):
        if words_of[i] not in firsts:
            continue
        for table, need_of in ((rules["fractions"], True), (rules["multiples"], False)):
            for words, value in table:
                j = i + len(words)
                if j > span.end or words_of[i:j] != words:
                    continue
                if need_of and not (j < span.end and doc[j].lower_ in ("of", "the")):
                    continue
                if j < span.end and doc[j].lower_ in rules["duration"] or (
                        j + 1 < span.end and doc[j + 1].lower_ in rules["duration"]):
                    continue
                if i > span.start and doc[i - 1].lower_ in ("a", "an") and words[0] not in ("a", "an"):
                    continue
                start, qualifier = i, "exact"
                q_start, q = _match_words(doc, i, rules["qualifiers"], span.start)
                if q is not None:
                    start, qualifier = q_start, q
                char = doc[start].idx
                if char in taken:
                    continue
                low, high = (value, None) if qualifier in ("more_than", "at_least") else \
                    (None, value) if qualifier in ("less_than", "at_most") else (value, value)
                text = doc[start:j]
                out.append(CountMention(text.start_char, text.end_char, text.text, low, high, qualifier, "percent", "%"))
                break
    return out


class CountStage(Stage):
    """Each claim's count records (``span._.counts``)."""
    needs = ("claims_sentences", "claims_actors")

    def process(self, doc: Doc) -> Doc:
        names = set()
        for m in doc._.actor_mentions:
            if m.via in ("ner", "pattern", "rule") and m.type in ("ORG", "PERSON"):
                names.update(range(m.tok_start, m.tok_end))
        for claim in doc._.claims:
            claim._.counts = [c.as_record() for c in find_counts(claim, name_tokens=names)]
        return doc


@Language.factory("claims_counts", requires=["doc._.claims", "doc._.actor_mentions", "token.dep"],
                  assigns=["span._.counts"], default_config=DEFAULT_CONFIG)
def make_counts(nlp: Language, name: str, lang: str, pack_path: Optional[str]) -> CountStage:
    return CountStage(nlp, name, lang=lang, pack_path=pack_path)
