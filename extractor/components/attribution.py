"""Attribution (claims-spec 6): who the sentence's assertion is attributed to.

Three cues: "according to X"; X as the subject of a communication verb (or of the verb a
participle such as ", citing" hangs from); and quotations, where a sentence inside a
multi-sentence quotation takes the quotation's speaker. Sources are actor mentions from the
actors stage, so "the NGO" and "he" arrive already resolved to names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..resources import load_json
from . import extensions  # noqa: F401
from .base import DEFAULT_CONFIG, Stage
from .extensions import doc_text, release
from .actors import Mention

_QUOTE_CHARS = re.compile(r"[\"“”]")


@dataclass
class AttributionMention:
    source: str
    text: Optional[str]
    cue: Optional[str]
    start: Optional[int]
    end: Optional[int]

    def as_record(self) -> dict:
        return {"source": self.source, "text": self.text, "cue": self.cue, "start": self.start, "end": self.end}


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = load_json("cue_verbs.json")
    return {"verbs": set(data["verbs"]), "phrasal": data["phrasal"], "speakers": set(data["speaker_nouns"]),
            "speech_only": set(data["speech_only"]),
            "preps": set(data["source_preps"])}


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks: curly pairs, straight quotes paired in order.
    An unclosed quotation runs to the end of its paragraph."""
    regions = []
    open_at: Optional[int] = None
    for m in _QUOTE_CHARS.finditer(text):
        ch, pos = m.group(0), m.start()
        if open_at is not None and "\n" in text[open_at:pos]:
            regions.append((open_at, text.find("\n", open_at)))
            open_at = None
        if ch == "“" or (ch == '"' and open_at is None):
            open_at = pos + 1
        elif open_at is not None:
            regions.append((open_at, pos))
            open_at = None
    if open_at is not None:
        end = text.find("\n", open_at)
        regions.append((open_at, end if end >= 0 else len(text)))
    return regions


def _in_regions(pos: int, regions: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in regions)


class _Index:
    """Mentions by token, for lookups while walking the parse."""

    def __init__(self, mentions: list[Mention]):
        self.by_token: dict[int, list[Mention]] = {}
        for m in mentions:
            for i in range(m.tok_start, m.tok_end):
                self.by_token.setdefault(i, []).append(m)
        self.mentions = mentions

    def at(self, i: int) -> Optional[Mention]:
        """The mention a token stands for: a government phrase over the names inside it
        ("the government of X" is the country), else the innermost mention ("U.S." in "U.S. forces")."""
        found = self.by_token.get(i)
        if not found:
            return None
        government = next((m for m in found if m.via == "government"), None)
        if government is not None:
            return government
        return min(found, key=lambda m: m.tok_end - m.tok_start)


def _sources(tok: Token, index: _Index, *, depth: int = 0, document: bool = False) -> list[Mention]:
    """Actors that a subject or an "according to" object stands for.

    A speaker noun reaches the actor it speaks for ("a spokesman for X", "X's lawyers");
    with ``document`` (the object of "according to") so does a document noun ("figures
    between X and Y", "a report by X"). Other nouns reach only examples ("NGOs like X").
    """
    if depth > 4:
        return []
    rules = _rules()
    found: list[Mention] = []
    m = index.at(tok.i)
    if m is not None and not (m.type == "GPE" and m.via != "government" and tok.dep_ in ("poss", "compound")):
        if m.type != "NORP":
            found.append(m)
    else:
        for child in tok.children:
            if child.dep_ == "appos":
                found += _sources(child, index, depth=depth + 1, document=document)
        speaker = tok.lower_ in rules["speakers"] or tok.lemma_ in rules["speakers"]
        if not found and tok.pos_ in ("NOUN", "PROPN"):
            for child in tok.children:
                if child.dep_ in ("poss", "compound", "nmod", "amod") and (speaker or document):
                    inner = index.at(child.i)
                    if inner is not None and inner.type != "NORP":
                        found.append(inner)
                elif child.dep_ == "prep" and (child.lower_ in ("like", "including") or
                                               (speaker or document) and child.lower_ in rules["preps"]):
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            found += _sources(obj, index, depth=depth + 1, document=document)
                elif child.dep_ == "relcl" and document:
                    # "according to a memo Abernathy sent": the memo's author
                    for subj in child.children:
                        if subj.dep_ == "nsubj":
                            found += _sources(subj, index, depth=depth + 1)
    for child in tok.children:
        if child.dep_ == "conj":
            found += _sources(child, index, depth=depth + 1, document=document)
    return found


def _subjects(verb: Token) -> list[Token]:
    """Who a cue verb's subject may be, nearest first.

    ", citing ...", ", saying ...", "and added" take the subject of the verb they hang from; a
    participle the parser hung inside a reported clause belongs to the reporting verb, and one
    hung on a subordinate clause ("..., after a notice expired, saying ...") to the main verb.
    """
    own = [c for c in verb.children if c.dep_ == "nsubj"]
    if own:
        return own
    if not (verb.dep_ in ("advcl", "xcomp", "conj", "ccomp") and (verb.tag_ in ("VBG", "VBN") or verb.dep_ == "conj")):
        return []
    if verb.head is verb or verb.head.pos_ not in ("VERB", "AUX"):
        return []
    if verb.tag_ == "VBG":
        for ancestor in verb.ancestors:
            if ancestor.lemma_.lower() in _rules()["verbs"] and ancestor.pos_ == "VERB":
                return _subjects(ancestor)
        found = []
        for ancestor in verb.ancestors:
            found += [c for c in ancestor.children if c.dep_ == "nsubj"]
        return found
    return _subjects(verb.head)


def _subject(verb: Token) -> Optional[Token]:
    found = _subjects(verb)
    return found[0] if found else None


# A "when" clause narrates an event ("..., when X had called for a strike"); other subordinate
# clauses still report what their subject said ("hours after X told a news conference that ...").
_SUBORDINATORS = {"when"}


def _reported_or_subordinate(verb: Token) -> bool:
    """A cue inside what another speaker reports ("X said Frelimo condemned ...") or inside a
    time or reason clause ("..., when X had called for a strike") does not source the sentence."""
    node = verb
    for _ in range(8):
        if node.dep_ in ("advcl", "relcl") and any(c.dep_ in ("mark", "advmod") and c.lower_ in _SUBORDINATORS
                                                  for c in node.children):
            return True
        head = node.head
        if head is node:
            return False
        if node.dep_ in ("ccomp", "conj") and head.lemma_.lower() in _rules()["verbs"] and head.pos_ == "VERB" \
                and node.dep_ == "ccomp" or (node.dep_ == "conj" and head.dep_ == "ccomp"
                                             and head.head.lemma_.lower() in _rules()["verbs"]):
            if verb.lemma_ != "say" or not (verb.head.dep_ == "prep" and verb.head.lower_ == "as"):
                return True
        node = head
    return False


def _cue_verbs(span: Span, regions: list[tuple[int, int]]) -> list[tuple[Token, str]]:
    rules = _rules()
    found = []
    for tok in span:
        if tok.pos_ not in ("VERB", "AUX") or _in_regions(tok.idx, regions):
            continue
        lemma = tok.lemma_.lower()
        if lemma in rules["verbs"]:
            if lemma in rules["speech_only"] and any(c.dep_ == "dobj" for c in tok.children):
                continue
            found.append((tok, tok.text))
        elif lemma in rules["phrasal"]:
            particle = next((c for c in tok.children if c.lower_ in rules["phrasal"][lemma]
                             and c.dep_ in ("prep", "prt")), None)
            if particle is not None:
                found.append((tok, span.doc[tok.i:particle.i + 1].text if particle.i == tok.i + 1 else tok.text))
    return found


def _it_antecedent(subj: Token, mentions: list[Mention]) -> list[Mention]:
    """'It said': the organisation most recently acting as a subject, within a few sentences."""
    prior = [m for m in mentions if m.type == "ORG" and m.tok_end <= subj.i and subj.i - m.tok_end < 120]
    doc = subj.doc
    subjects = [m for m in prior if any(doc[i].dep_ in ("nsubj", "nsubjpass") for i in range(m.tok_start, m.tok_end))]
    return (subjects or prior)[-1:]


def find_attribution(span: Span, mentions: list[Mention], regions: list[tuple[int, int]], *,
                     index: Optional["_Index"] = None) -> list[AttributionMention]:
    """Sources of one sentence, from its own cues (quotation continuations are added later).
    ``index`` is the mentions' index when the caller has one for the whole document."""
    index = index if index is not None else _Index(mentions)
    doc = span.doc
    out: list[AttributionMention] = []

    def add(m: Mention, cue: str) -> None:
        if all(a.source != m.name or a.cue != cue for a in out):
            out.append(AttributionMention(m.name, m.text, cue, m.start, m.end))

    for tok in span:
        if tok.lower_ == "according" and tok.i + 1 < span.end and doc[tok.i + 1].lower_ == "to" \
                and not _in_regions(tok.idx, regions):
            cue = doc[tok.i:tok.i + 2].text
            for obj in doc[tok.i + 1].children:
                if obj.dep_ == "pobj":
                    for m in _sources(obj, index, document=True):
                        add(m, cue)
    for verb, cue in _cue_verbs(span, regions):
        if _reported_or_subordinate(verb):
            continue
        sources: list[Mention] = []
        for subj in _subjects(verb):
            if subj.lower_ == "it":
                sources = _it_antecedent(subj, mentions)
            else:
                sources = _sources(subj, index)
            if sources:
                break
        # "X quoted/cited Y as saying": Y speaks; with "cite", X does too.
        if verb.lemma_ == "say" and verb.head.dep_ == "prep" and verb.head.lower_ == "as":
            quoting = verb.head.head
            for child in quoting.children:
                if child.dep_ == "dobj":
                    sources += _sources(child, index)
        for m in sources:
            if span.start_char <= m.start < span.end_char:
                add(m, cue)
    return out


def attribute_document(doc: Doc) -> list[list[AttributionMention]]:
    """The attribution of every claim, in claim order; speakers carried across quotations."""
    mentions = doc._.actor_mentions or []
    regions = quote_regions(doc_text(doc))
    claims = doc._.claims or []
    index = _Index(mentions)
    found = {claim.start: find_attribution(claim, mentions, regions, index=index) for claim in claims}
    text = doc_text(doc)
    for claim in claims:
        if found[claim.start] or not _mostly_quoted(claim, regions):
            continue
        speaker = _quotation_speaker(claim, claims, regions, text, found)
        if speaker is not None:
            found[claim.start] = [AttributionMention(speaker.source, None, None, None, None)]
    return [found[claim.start] for claim in claims]


def _mostly_quoted(claim: Span, regions: list[tuple[int, int]]) -> bool:
    inside = sum(max(0, min(e, claim.end_char) - max(s, claim.start_char)) for s, e in regions)
    return inside >= 0.6 * (claim.end_char - claim.start_char)


def _quotation_speaker(claim: Span, claims: list[Span], regions: list[tuple[int, int]],
                       text: str, found: dict[int, list[AttributionMention]]) -> Optional[AttributionMention]:
    """The speaker of the quotation a sentence belongs to: named in another sentence of the same
    quotation, or of the same paragraph's quotation interrupted by its speech tag
    ('"...," X told reporters. "..."')."""
    para_start = text.rfind("\n", 0, claim.start_char) + 1
    para_end = text.find("\n", claim.end_char)
    para_end = len(text) if para_end < 0 else para_end
    region = next(((s, e) for s, e in regions if s <= claim.start_char + 1 and e >= claim.start_char), None)
    same_quote = [c for c in claims if region and c is not claim and c.start_char < region[1] and c.end_char > region[0]]
    same_para = [c for c in claims if c is not claim and para_start <= c.start_char < para_end
                 and any(max(s, c.start_char) < min(e, c.end_char) for s, e in regions)]
    for group in (same_quote, same_para):
        ordered = sorted(group, key=lambda c: abs(c.start_char - claim.start_char))
        for other in ordered:
            for a in found[other.start]:
                if a.cue is not None and a.cue.lower() != "according to":
                    return a
    return None


class AttributionStage(Stage):
    """Each claim's attribution records (``span._.attribution``)."""
    needs = ("claims_sentences", "claims_actors")

    def process(self, doc: Doc) -> Doc:
        found = attribute_document(doc)
        for claim, mentions in zip(doc._.claims, found):
            claim._.attribution = [a.as_record() for a in mentions]
        # The last stage: what remains on the Doc is plain data (it can be serialised).
        release(doc)
        return doc


@Language.factory("claims_attribution", requires=["doc._.claims", "doc._.actor_mentions", "token.dep"],
                  assigns=["span._.attribution"], default_config=DEFAULT_CONFIG)
def make_attribution(nlp: Language, name: str, lang: str, pack_path: Optional[str]) -> AttributionStage:
    return AttributionStage(nlp, name, lang=lang, pack_path=pack_path)
