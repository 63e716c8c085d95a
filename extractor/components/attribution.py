"""Attribution (claims-spec 6): who the sentence's assertion is attributed to.

A sentence's own cues run in the order of ``CUES``: "according to X" (a Matcher row of the
pack; also whoever the source is "quoted by"), then the speakers of each communication verb
(``VERB_SPEAKERS``: its subject, reached through participles such as ", citing"; a subject the
parser left off, set off by commas before the verb or hung on the dateline; "Y" of "X quoted Y
as saying" and of "X said, quoting Y"), once the verb has passed ``CUE_VERB_FILTERS``.
Naming verbs ("called it \"...\"") are cues when what they name is a quotation of several words.
A subject noun reaches the actors it speaks for through the person its title names ("lawyer
Gulnara Abdyrakhmanova", "Superintendent of Police Rakesh Tomar"), then ``NOUN_LINKS`` ("a
spokesman for X", "X's lawyers", "NGOs like X", "a bulletin issued by X"), then (a document,
"the statement") the body that issued it in the nearest claim naming one, or (a bare "A
spokesman") the body that spoke just before. A personal pronoun speaking ("she said",
"It added") is the nearest earlier speaker it fits (``pronoun_speaker``). Afterwards
``CONTINUATIONS`` give a sentence inside a multi-sentence quotation its quotation's speaker.
Sources are actor mentions from the actors stage, so "the NGO" and "he" arrive already
resolved to names.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import chain
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Iterator, Mapping, NamedTuple, Optional

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ..packs import Pack
from . import extensions  # noqa: F401
from .actors import Mention
from .base import DEFAULT_CONFIG, Stage, default_pack
from .extensions import doc_text, paragraph_before, release

Region = tuple[int, int]

# "It said" looks this many tokens back for the organisation it stands for.
IT_WINDOW = 120
# A sentence is inside a quotation when this share of its characters is quoted.
QUOTED_SHARE = 0.6
# Bounds of the parse walks: deeper nesting is a parse error more often than a source.
MAX_LINK_DEPTH = 4
MAX_CLIMB = 8

_NOUNS = ("NOUN", "PROPN")
_VERBS = ("VERB", "AUX")
_MODIFIER_DEPS = ("poss", "compound", "nmod", "amod")


@dataclass
class AttributionMention:
    source: str
    text: Optional[str]
    cue: Optional[str]
    start: Optional[int]
    end: Optional[int]
    by: str = field(default="", compare=False)  # the cue pass that found it (not part of the record)
    mention: Optional[Mention] = field(default=None, compare=False, repr=False)  # the actor mention, when named

    def as_record(self) -> dict:
        return {"source": self.source, "text": self.text, "cue": self.cue, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class AttributionRules:
    """The cue rules of a pack, compiled once; the phrase Matcher is built once per vocab."""
    verbs: frozenset[str]
    phrasal: Mapping[str, frozenset[str]]
    speakers: frozenset[str]
    person_speakers: Mapping[str, str]
    body_heads: frozenset[str]
    not_body_modifiers: frozenset[str]
    speech_only: frozenset[str]
    document_nouns: frozenset[str]
    own_outlet: re.Pattern
    preps: frozenset[str]
    example_preps: frozenset[str]
    narrative_subordinators: frozenset[str]
    antecedent_pronouns: frozenset[str]
    speaker_pronouns: Mapping[str, tuple[frozenset[str], str]]
    speaker_window: int
    document_window: int
    place_preps: frozenset[str]
    future_auxiliaries: frozenset[str]
    bare_voices: frozenset[str]
    naming_verbs: frozenset[str]
    naming_min_words: int
    quoted_verb: str
    quoted_marker: str
    quoting: frozenset[str]
    opening: frozenset[str]
    closing: frozenset[str]
    either: frozenset[str]
    quote_chars: re.Pattern
    source_phrases: tuple[tuple[dict[str, Any], ...], ...]
    _matchers: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    def matcher(self, vocab: Vocab) -> Matcher:
        # A Matcher only matches Docs of its own vocab (hand-built test Docs bring their own).
        found = self._matchers.get(id(vocab))
        if found is None or found[0] is not vocab:
            matcher = Matcher(vocab)
            matcher.add("source_phrase", [list(p) for p in self.source_phrases])
            found = self._matchers[id(vocab)] = (vocab, matcher)
        return found[1]


def _person_speakers(pack: Pack) -> Mapping[str, str]:
    """Each one-person speaker noun -> the gender it gives ('' when none), from the actors' one
    table of gendered titles ('spokeswoman' female)."""
    titles = pack.actors.gendered_titles
    gender = {t.lower(): g for g in sorted(titles) for t in titles[g]}
    return MappingProxyType({w: gender.get(w, "") for w in sorted(pack.cues.person_speakers)})


def compile_rules(pack: Pack) -> AttributionRules:
    cues = pack.cues
    marks = cues.quote_marks
    chars = sorted(set(marks.opening) | set(marks.closing) | set(marks.either))
    return AttributionRules(
        verbs=frozenset(cues.verbs),
        phrasal=MappingProxyType({k: frozenset(v) for k, v in cues.phrasal.items()}),
        speakers=frozenset(cues.speaker_nouns), speech_only=frozenset(cues.speech_only),
        person_speakers=_person_speakers(pack),
        # One table of organisation heads for both stages (actors.json body_heads), less the words
        # claims-spec 3 calls generic groups ('police figures' is no body's).
        body_heads=frozenset(pack.actors.body_heads) - {g.lower() for g in pack.actors.generic_plurals},
        not_body_modifiers=frozenset(cues.described_bodies.not_modifiers),
        document_nouns=frozenset(cues.document_nouns),
        own_outlet=re.compile(cues.own_outlet_pattern, re.MULTILINE),
        preps=frozenset(cues.source_preps), example_preps=frozenset(cues.example_preps),
        narrative_subordinators=frozenset(cues.narrative_subordinators),
        antecedent_pronouns=frozenset(cues.antecedent_pronouns),
        speaker_pronouns=MappingProxyType({w: (frozenset(p.types), p.gender)
                                           for w, p in sorted(cues.speaker_pronouns.pronouns.items())}),
        speaker_window=cues.speaker_pronouns.window, document_window=cues.document_window,
        place_preps=frozenset(cues.place_preps), future_auxiliaries=frozenset(cues.future_auxiliaries),
        bare_voices=frozenset(cues.bare_voices),
        naming_verbs=frozenset(cues.naming_quotes.verbs), naming_min_words=cues.naming_quotes.min_words,
        quoted_verb=cues.quoted_speech.verb, quoted_marker=cues.quoted_speech.marker,
        quoting=frozenset(cues.quoted_speech.quoting),
        opening=frozenset(marks.opening), closing=frozenset(marks.closing), either=frozenset(marks.either),
        quote_chars=re.compile("|".join(re.escape(c) for c in chars)),
        source_phrases=tuple(tuple(row) for row in cues.source_phrases),
    )


def default_rules() -> AttributionRules:
    """The rules of the bundled pack, for tests and library callers without a pipeline (the
    pack is read once per folder; compiling it is cheap)."""
    return compile_rules(default_pack())


# --- quotations ------------------------------------------------------------------------------

def quote_regions(text: str, *, rules: Optional[AttributionRules] = None) -> list[Region]:
    """Character ranges inside quotation marks: curly pairs, straight quotes paired in order.
    An unclosed quotation runs to the end of its paragraph, and on into the next paragraph when
    that one opens with a quotation mark (the wire convention for a quotation over several
    paragraphs: only the last paragraph closes it)."""
    rules = rules or default_rules()
    regions = []
    open_at: Optional[int] = None
    line_from = 0  # where the open quotation's current paragraph starts
    for m in rules.quote_chars.finditer(text):
        ch, pos = m.group(0), m.start()
        if open_at is not None:
            nl = text.find("\n", line_from, pos)
            if nl >= 0 and not text[nl:pos].strip() and (ch in rules.opening or ch in rules.either):
                line_from = pos + 1
                continue
            if nl >= 0 and ch in rules.either and _closes_next_paragraph(text, nl, pos):
                regions.append((open_at, pos))
                open_at = None
                continue
            if nl >= 0:
                regions.append((open_at, nl))
                open_at = None
        if ch in rules.opening or (ch in rules.either and open_at is None):
            open_at = line_from = pos + 1
        elif open_at is not None:
            regions.append((open_at, pos))
            open_at = None
    if open_at is not None:
        end = text.find("\n", line_from)
        regions.append((open_at, end if end >= 0 else len(text)))
    return regions


def _closes_next_paragraph(text: str, nl: int, pos: int) -> bool:
    """A straight quotation mark written as a closing one (after a word, before a space, a
    punctuation mark or the end), in the paragraph right after an unclosed quotation, with no mark
    between: that quotation ran on into this paragraph without the wire's opening mark."""
    after = text[pos + 1:pos + 2]
    return pos > 0 and not text[pos - 1].isspace() and (not after or after.isspace() or after in ",.;:!?)") \
        and "\n" not in text[nl:pos].strip()


# Regions and claims come in text order and do not overlap, so their ends are sorted too: a
# look-up is a binary search, which keeps a long document's quotations linear, not quadratic.

def _sharing(items: list, start: int, end: int, bounds) -> list:
    """The items (sorted, not overlapping; ``bounds(item)`` is its (start, end)) that share a
    character with [start, end)."""
    found = []
    for i in range(bisect_right(items, start, key=lambda x: bounds(x)[1]), len(items)):
        if bounds(items[i])[0] >= end:
            break
        found.append(items[i])
    return found


def overlapping(regions: list[Region], start: int, end: int) -> list[Region]:
    """The regions that share a character with [start, end)."""
    return _sharing(regions, start, end, lambda r: r)


def claims_within(claims: list[Span], start: int, end: int) -> list[Span]:
    """The claims that share a character with [start, end)."""
    return _sharing(claims, start, end, lambda c: (c.start_char, c.end_char))


def quotation_at(claim: Span, regions: list[Region]) -> Optional[Region]:
    """The quotation the claim opens or starts inside (its first character or the one after)."""
    i = bisect_left(regions, claim.start_char, key=lambda r: r[1])
    return regions[i] if i < len(regions) and regions[i][0] <= claim.start_char + 1 else None


def in_regions(pos: int, regions: list[Region]) -> bool:
    return bool(overlapping(regions, pos, pos + 1))


def mostly_quoted(claim: Span, regions: list[Region]) -> bool:
    inside = sum(min(e, claim.end_char) - max(s, claim.start_char)
                 for s, e in overlapping(regions, claim.start_char, claim.end_char))
    return inside >= QUOTED_SHARE * (claim.end_char - claim.start_char)


# --- the document's mentions -------------------------------------------------------------------

class MentionIndex:
    """Mentions by token, for lookups while walking the parse."""

    def __init__(self, mentions: list[Mention]):
        self.by_token: dict[int, list[Mention]] = {}
        for m in mentions:
            for i in range(m.tok_start, m.tok_end):
                self.by_token.setdefault(i, []).append(m)
        self.mentions = mentions
        self.starts = sorted(((m.tok_start, n) for n, m in enumerate(mentions)))
        # the types each name has where the article writes it out (not as a pronoun)
        self.named_types: dict[str, frozenset[str]] = {}
        for m in mentions:
            if m.via != "pronoun":
                self.named_types[m.name] = self.named_types.get(m.name, frozenset()) | {m.type}

    def starting(self, start: int, end: int) -> list[Mention]:
        """The mentions that start in tokens [start, end), in text order (a binary search)."""
        found = []
        for i in range(bisect_left(self.starts, (start, -1)), len(self.starts)):
            if self.starts[i][0] >= end:
                break
            found.append(self.mentions[self.starts[i][1]])
        return found

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


@dataclass
class Context:
    """What the cue passes of one document share; ``decisions`` collects what they decided."""
    rules: AttributionRules
    index: MentionIndex
    regions: list[Region]
    decisions: list[dict] = field(default_factory=list)
    claim: Optional[Span] = None  # the sentence being attributed, when there is one
    # the claims before this one with their sources, nearest last (``document_window`` at most)
    earlier: tuple[tuple[Span, tuple[AttributionMention, ...]], ...] = ()
    # bodies named only by description so far in the document, by their words (``described_body``)
    bodies: dict[tuple[str, ...], str] = field(default_factory=dict)

    def note(self, text: Optional[str], start: Optional[int], end: Optional[int], by: str, action: str) -> None:
        self.decisions.append({"field": "attribution", "text": text, "start": start, "end": end,
                               "by": by, "action": action})


class Found(NamedTuple):
    mention: Mention
    cue: str
    by: str


# --- from a noun to the actors it stands for --------------------------------------------------------

class Reach(NamedTuple):
    """How far a noun reaches: a speaker or document noun reaches the actor it speaks for
    (``speaks``); only a speaker noun itself reaches through a place ('officials in X', not
    'camp managers in X': ``speaker``)."""
    speaks: bool
    document: bool
    depth: int
    speaker: bool = False


def sources_of(tok: Token, ctx: Context, *, depth: int = 0, document: bool = False,
               inherited: bool = False) -> list[Mention]:
    """Actors that a subject or an "according to" object stands for, and its conjuncts'.

    With ``document`` (the object of "according to") a document noun reaches its actor like a
    speaker noun does ("figures between X and Y", "a report by X"); with ``inherited`` (a noun
    a speaker noun reaches, 'officials in the southern division of X') a noun reaches on.
    """
    if depth > MAX_LINK_DEPTH:
        return []
    m = actor_at(tok, ctx)
    if m is not None and not _place_as_modifier(m, tok):
        found = [] if m.type == "NORP" else [titled_person(m, tok, ctx) or named_in_apposition(m, tok, ctx) or m]
    else:
        found = _spoken_for(tok, ctx, depth=depth, document=document, inherited=inherited)
    for child in tok.children:
        if child.dep_ == "conj":
            found += sources_of(child, ctx, depth=depth + 1, document=document, inherited=inherited)
    return found


def actor_at(tok: Token, ctx: Context) -> Optional[Mention]:
    """The mention a token stands for, also where the actors stage spanned only the words before
    the head of the actor's name ('the coast guard' with a mention of "coast" named Greek coast
    guard: "guard" is the rest of that name)."""
    m = ctx.index.at(tok.i)
    if m is not None or tok.pos_ not in _NOUNS:
        return m
    for child in tok.children:
        inner = ctx.index.at(child.i) if child.dep_ == "compound" else None
        if inner is not None and inner.tok_end == tok.i and inner.type != "NORP" and \
                inner.name.split()[-1].lower() == tok.lower_:
            return inner
    return None


def _place_as_modifier(m: Mention, tok: Token) -> bool:
    """'Kenya's lawyers': a named place as a possessor or compound is not itself the speaker."""
    return m.type == "GPE" and m.via != "government" and tok.dep_ in ("poss", "compound")


def _spoken_for(tok: Token, ctx: Context, *, depth: int, document: bool, inherited: bool = False) -> list[Mention]:
    """A noun that is not an actor: the person its title names, its apposition, else what its
    dependents link it to, else (a document) whoever issued it a few claims before."""
    found: list[Mention] = named_in_title(tok, ctx)
    if found:
        return found
    for child in tok.children:
        if child.dep_ == "appos" or _in_parentheses(child):
            found += sources_of(child, ctx, depth=depth + 1, document=document)
    if found or tok.pos_ not in _NOUNS:
        return found
    speakers = ctx.rules.speakers
    speaker = tok.lower_ in speakers or tok.lemma_ in speakers
    reach = Reach(speaker or document or inherited, document, depth, speaker)
    for child in tok.children:
        for link in NOUN_LINKS:
            found += link(child, ctx, reach)
    return found or earlier_issuer(tok, ctx) or described_body(tok, ctx) or earlier_voice(tok, ctx) or \
        voice_of_previous(tok, ctx)


_PERSON = "PERSON"


def _in_parentheses(tok: Token) -> bool:
    """'The UN refugee agency (UNHCR)': a name in parentheses after a noun names it, however the
    parser attached it."""
    doc, first, last = tok.doc, tok.left_edge.i, tok.right_edge.i
    return 0 < first and last < len(doc) - 1 and doc[first - 1].text == "(" and doc[last + 1].text == ")" \
        and tok.head.i < first


def titled_person(m: Mention, tok: Token, ctx: Context) -> Optional[Mention]:
    """'Head of Public Service Felix Koskei told': a title the actors stage named as a body, with
    the person's name written right after it in the same phrase, is that person speaking; so is
    the person in apposition to it ('The state's Commissioner for Health, Dr. Bola Akintola, said')."""
    if m.type == _PERSON:
        return None
    after = ctx.index.starting(m.tok_end, m.tok_end + 1)
    found = next((p for p in after if p.type == _PERSON and _in_phrase(tok.doc[p.tok_end - 1], tok)), None)
    return found or _apposed_mention(tok, ctx, (_PERSON,), ("pronoun",))


def named_in_apposition(m: Mention, tok: Token, ctx: Context) -> Optional[Mention]:
    """'The main opposition coalition, the Unitary Platform, has demanded': a body the actors
    stage named by its description, with its name in apposition, speaks under that name."""
    if m.via != "description":
        return None
    return _apposed_mention(tok, ctx, _NAMING, _UNNAMED)


def _apposed_mention(tok: Token, ctx: Context, types: tuple[str, ...], not_via: tuple[str, ...]) -> Optional[Mention]:
    """The first actor of one of ``types`` in apposition to ``tok``, not one found ``not_via``."""
    apposed = (ctx.index.at(c.i) for c in tok.children if c.dep_ == "appos")
    return next((a for a in apposed if a is not None and a.type in types and a.via not in not_via), None)


_UNNAMED = ("description", "pronoun")
TITLE_TOKENS = 24  # how far after its role noun a title may name its person

def named_in_title(tok: Token, ctx: Context) -> list[Mention]:
    """'The regent of Central Halmahera, Salim Kadir, said', 'the chairperson of the X-based Y
    Network Z said', 'Superintendent of Police Rakesh Tomar said': a role noun names the person in
    apposition inside it, or the one written right after the organisation of the title, named or
    capitalised (issue 12, long titles); 'Ergeshov's lawyer Gulnara Abdyrakhmanova told', 'news
    website Osh Today cited': a common noun names the name written right after it."""
    if tok.pos_ not in _NOUNS or tok.pos_ == "PROPN" and not tok.is_title:
        return []
    doc = tok.doc
    last = min(tok.right_edge.i, tok.i + TITLE_TOKENS)
    phrase = ctx.index.starting(tok.i + 1, last + 1)
    ends = {m.tok_end for m in phrase if m.type != _PERSON}
    named = [m for m in phrase if m.type == _PERSON and m.tok_end - 1 <= last
             and _in_phrase(doc[m.tok_end - 1], tok)
             and (doc[m.tok_end - 1].dep_ == "appos" or m.tok_start in ends
                  or m.tok_end - 1 == last and _capitalised_body_before(m, tok, ctx.rules))]
    return named[-1:] or name_after_noun(tok, ctx)


def _capitalised_body_before(m: Mention, tok: Token, rules: AttributionRules) -> bool:
    """'Superintendent of Police Rakesh Tomar': the word before the name is a capitalised noun
    of the title's organisation (after a source preposition: 'of', 'for'), not the name's own
    ('the wife of John Smith', 'the victim John')."""
    before = tok.doc[m.tok_start - 1]
    return before.i > tok.i + 1 and (tok.is_title or tok.lower_ in rules.person_speakers) and \
        before.is_title and before.pos_ in _NOUNS and any(t.lower_ in rules.preps for t in tok.doc[tok.i + 1:before.i])


_NAMING = ("PERSON", "ORG")


def name_after_noun(tok: Token, ctx: Context) -> list[Mention]:
    """'Ergeshov's lawyer Gulnara Abdyrakhmanova told', 'Local news website Osh Today cited': a
    common noun with a name written right after it, which the parser hung on the noun or beside
    it on the same verb, is that name (a title before a name)."""
    if tok.pos_ != "NOUN":
        return []
    doc = tok.doc
    for m in ctx.index.starting(tok.i + 1, tok.i + 2):
        head = doc[m.tok_end - 1].head
        if m.type in _NAMING and m.via != "pronoun" and head.i in (tok.i, tok.head.i) and \
                not m.tok_start <= head.i < m.tok_end:
            return [m]
    return []


# Dependencies that open a clause of its own inside a noun phrase ('the opposition, which says its
# candidate Y won'): a name beyond one is not the one the title names.
_CLAUSE_DEPS = ("relcl", "ccomp", "xcomp", "advcl", "nsubj", "nsubjpass", "dobj", "csubj", "parataxis")


def _in_phrase(node: Token, top: Token) -> bool:
    """Whether ``node`` hangs from ``top`` without a clause between."""
    for _ in range(MAX_CLIMB):
        if node.i == top.i:
            return True
        if node.dep_ in _CLAUSE_DEPS or node.head.i == node.i:
            return False
        node = node.head
    return False


def earlier_issuer(tok: Token, ctx: Context) -> list[Mention]:
    """'the statement said', 'according to the update': a definite document noun with no owner
    of its own is the one a source of the nearest claim naming such a document issued ('said in its
    daily update'), among the last ``document_window`` claims."""
    if tok.lemma_.lower() not in ctx.rules.document_nouns or not any(
            c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return []
    lemma = tok.lemma_.lower()
    for claim, sources in reversed(ctx.earlier):
        if not any(t.lemma_.lower() == lemma for t in claim):
            continue
        # the nearest claim naming such a document issued it ('a police statement said' names no one)
        named = [a.mention for a in sources if a.mention is not None]
        return _at_span(tok.doc[tok.left_edge.i:tok.i + 1], named[:1])
    return []


_DESCRIPTION_POS = ("NOUN", "PROPN", "ADJ", "PART")  # the tagger calls some lowercase words PROPN


def described_body(tok: Token, ctx: Context, *, modifier: bool = False) -> list[Mention]:
    """'the provincial disaster office said', 'according to the regional health directorate': a
    body the article names only by a description, which the actors stage left without a mention,
    is an ORG named by that description (claims-spec 3); a shorter one later ('the clerk's office'
    after 'the city clerk's office') is the fuller one named before. With ``modifier``, a
    description modifying a document noun, without an article of its own ('finance ministry data')."""
    rules, doc = ctx.rules, tok.doc
    phrase = doc[_description_start(tok):tok.i + 1]
    words = tuple(t.lower_ for t in phrase[int(not modifier):])
    if tok.lower_ not in rules.body_heads or len(words) < 2 or (not modifier and phrase[0].lower_ != "the") or \
            any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return []
    if not all(_description_word(t, ctx) for t in phrase[int(not modifier):]):
        return []
    fuller = [name for seen, name in ctx.bodies.items() if len(seen) >= len(words) and seen[-len(words):] == words]
    first = phrase[int(not modifier)]
    name = fuller[0] if fuller else _name_ending(words, ctx) or doc_text(doc)[first.idx:phrase.end_char]
    ctx.bodies.setdefault(words, name)
    return [Mention(phrase.start_char, phrase.end_char, phrase.text, name, "ORG", phrase.start, phrase.end,
                    via="description", by="described_body")]


def _description_start(tok: Token) -> int:
    """Where a description starts: its left edge, or (the parser made the head noun a conjunct
    of the first modifier: 'the tourism and civil aviation ministry') the first conjunct's."""
    head = tok.head
    if tok.dep_ == "conj" and head.i < tok.i and head.pos_ == "NOUN" and \
            not any(c.dep_ == "det" for c in tok.children) and \
            not any(c.dep_ != "det" and c.i < head.i for c in head.children) and \
            any(c.dep_ == "cc" and c.i == head.i + 1 for c in head.children):
        return head.left_edge.i
    return tok.left_edge.i


def _description_word(t: Token, ctx: Context) -> bool:
    """A word a description may have: a common noun, adjective or possessive (the tagger calls some
    lowercase nouns PROPN), not one that keeps the phrase generic ('the same office'), and no
    actor the actors stage found: a name, or a word it linked to one ('the ministry's press
    service' is the ministry's); only a lowercase word the model alone took for a name is
    ignored ('the statistics bureau')."""
    if t.pos_ == "CCONJ" and t.dep_ == "cc" and t.head.i < t.i:
        return True  # 'the works and transport ministry'
    if (t.pos_ not in _DESCRIPTION_POS and not _participle_modifier(t)) or t.lower_ in ctx.rules.not_body_modifiers:
        return False
    m = ctx.index.at(t.i)
    return m is None and (t.is_lower or t.pos_ != "PROPN") or m is not None and t.is_lower and m.via == "ner"


def _name_ending(words: tuple[str, ...], ctx: Context) -> Optional[str]:
    """The name of an organisation the article names in full that ends with a description's
    words ('Greek coast guard' for 'the coast guard'); the first in the text."""
    for m in ctx.index.mentions:
        if m.type == "ORG" and m.via != "pronoun":
            parts = tuple(m.name.lower().split())
            if len(parts) > len(words) and parts[-len(words):] == words:
                return m.name
    return None


def speaker_noun(child: Token, ctx: Context, reach: Reach) -> list[Mention]:
    """"X's lawyers", "World Bank officials": the actor modifying a speaker noun (a place only
    modifying a speaker noun itself: 'Nairobi officials', not 'a Stockholm think tank')."""
    if child.dep_ not in _MODIFIER_DEPS or not reach.speaks:
        return []
    inner = actor_at(child, ctx)
    if inner is None and child.dep_ == "compound":
        # 'according to finance ministry data', 'a senior coast guard official', 'a commission official'
        return described_body(child, ctx, modifier=True) or body_by_head_word(child, ctx)
    if inner is not None and not reach.speaker and _place_as_modifier(inner, child):
        return []  # 'a report by a Stockholm think tank': the place only locates a body it does not name
    return [inner] if inner is not None and inner.type != "NORP" else []


def body_by_head_word(tok: Token, ctx: Context) -> list[Mention]:
    """'A commission official said', 'a navy statement said': a lone body noun modifying a speaker
    noun is the body the actors stage read a bare 'the navy' before it as, else the one
    organisation of the article whose name has that word, when there is exactly one. Not after
    'the': 'the union leader said' is the person the article named so (claims-spec 3), not the union."""
    if not tok.is_lower or tok.lower_ not in ctx.rules.body_heads or any(True for _ in tok.children) or \
            any(c.dep_ == "det" and c.lower_ == "the" for c in tok.head.children):
        return []
    # the body the actors stage took a bare 'the navy' for, the nearest before; else the one name
    speaker = tok.head.lower_ in ctx.rules.speakers  # 'a navy statement', not 'court records'
    bare = [m for m in ctx.index.starting(0, tok.i) if speaker and m.type == "ORG" and m.via == "description"
            and m.text.lower().split() == ["the", tok.lower_]]
    if bare:
        return _at_pronoun(tok, bare[-1:])
    names = {m.name: m for m in ctx.index.mentions
             if m.type == "ORG" and m.via != "pronoun" and tok.lower_ in m.name.lower().split()}
    if len(names) != 1:
        return []
    return _at_pronoun(tok, list(names.values()))


def through_preposition(child: Token, ctx: Context, reach: Reach) -> list[Mention]:
    """"a spokesman for X", "a report by X"; any noun reaches its examples ("NGOs like X")."""
    if child.dep_ != "prep":
        return []
    word = child.lower_
    if not (word in ctx.rules.example_preps or reach.speaks and word in ctx.rules.preps):
        return []
    if word in ctx.rules.place_preps and (not reach.speaker or any(c.dep_ == "poss" for c in child.head.children)):
        return []  # 'camp managers in X'; 'their leader in the Assembly' speaks for "their", not the place
    found: list[Mention] = []
    for obj in child.children:
        if obj.dep_ == "pobj":
            found += sources_of(obj, ctx, depth=reach.depth + 1, document=reach.document,
                                inherited=reach.speaks and word not in ctx.rules.example_preps)
    return found


def document_author(child: Token, ctx: Context, reach: Reach) -> list[Mention]:
    """"according to a memo Abernathy sent": the memo's author."""
    if child.dep_ != "relcl" or not reach.document:
        return []
    found: list[Mention] = []
    for subj in child.children:
        if subj.dep_ == "nsubj":
            found += sources_of(subj, ctx, depth=reach.depth + 1)
    return found


def issued_by(child: Token, ctx: Context, reach: Reach) -> list[Mention]:
    """'according to a bulletin issued by the health department', 'figures published on Wednesday
    by X', 'a report released by X found': a document's author, named by the participle on it."""
    document = reach.document or child.head.lemma_.lower() in ctx.rules.document_nouns
    if child.dep_ != "acl" or not document:  # an 'agent' child makes it a passive participle
        return []
    return [m for agent in child.children if agent.dep_ == "agent"
            for obj in agent.children if obj.dep_ == "pobj"
            for m in sources_of(obj, ctx, depth=reach.depth + 1, document=True)]


NOUN_LINKS = (speaker_noun, through_preposition, document_author, issued_by)


# --- cue verbs ----------------------------------------------------------------------------------

def cue_verb_candidates(span: Span, rules: AttributionRules) -> Iterator[tuple[Token, str]]:
    """Communication verbs of the sentence and their cue text ("said", "called for")."""
    for tok in span:
        if tok.pos_ not in _VERBS:
            continue
        lemma = tok.lemma_.lower()
        if lemma in rules.verbs:
            yield tok, tok.text
        elif lemma in rules.phrasal:
            # the particle right after the verb: 'called on X to', not 'called it a final offer on Monday'
            particle = next((c for c in tok.children if c.lower_ in rules.phrasal[lemma]
                             and c.dep_ in ("prep", "prt") and c.i == tok.i + 1), None)
            if particle is not None:
                yield tok, span.doc[tok.i:particle.i + 1].text


def naming_cues(span: Span, ctx: Context) -> Iterator[tuple[Token, str]]:
    """'called it "a step, but a small one"', 'calling them "baseless and malicious"': a naming verb
    whose object is named by a quotation of several words quotes its subject (claims-spec 6); a
    word or two in marks only reports a word used ('what it described as "disproportionate"')."""
    text = doc_text(span.doc)
    for tok in span:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in ctx.rules.naming_verbs or \
                not any(c.dep_ == "dobj" for c in tok.children):
            continue
        end = tok.right_edge.idx + len(tok.right_edge)
        if any(start > tok.idx and len(text[start:stop].split()) >= ctx.rules.naming_min_words
               for start, stop in overlapping(ctx.regions, tok.idx, end)):
            yield tok, tok.text


def inside_quotation(verb: Token, ctx: Context) -> bool:
    """A verb inside quotation marks is the quoted speaker's, not a cue of the sentence."""
    return in_regions(verb.idx, ctx.regions)


def non_speech_sense(verb: Token, ctx: Context) -> bool:
    """'having added 134 new ones': a speech-only verb with a noun object is not speech."""
    return verb.lemma_.lower() in ctx.rules.speech_only and any(c.dep_ == "dobj" for c in verb.children)


def narrates_an_event(verb: Token, ctx: Context) -> bool:
    """'..., when X had called for a strike': a cue in a time clause narrates, it does not source."""
    node = verb
    for _ in range(MAX_CLIMB):
        if node.dep_ in ("advcl", "relcl") and any(c.dep_ in ("mark", "advmod")
                                                  and c.lower_ in ctx.rules.narrative_subordinators
                                                  for c in node.children):
            return True
        if node.head is node:
            return False
        node = node.head
    return False


def reported_by_another_speaker(verb: Token, ctx: Context) -> bool:
    """'X said Frelimo condemned ...': the cue is inside what another speaker reports (except
    the 'as saying' of 'quoted Y as saying', which is how the quoted speaker speaks)."""
    if is_quoted_speech(verb, ctx.rules) or parenthetical_tag(verb):
        return False
    node = verb
    for _ in range(MAX_CLIMB):
        head = node.head
        if head.i == node.i or _framing_clause(node):
            return False
        if node.dep_ == "ccomp" and _is_cue_verb(head, ctx.rules) and not semicolon_between(node, head) \
                and not _tagged_after(node, head) or \
                node.dep_ == "conj" and head.dep_ == "ccomp" and head.head.lemma_.lower() in ctx.rules.verbs:
            return True
        node = head
    return False


def _tagged_after(clause: Token, head: Token) -> bool:
    """'Its chairperson, Isatu Bangura, told a radio station that ..., a station reporter said':
    a report with a named speaker of its own that reports a clause itself, written before a bare
    tag that passes it on (set off by a comma, reporting nothing else), keeps its speaker: nested
    sources each get an entry (annotation-notes). Not 'The vessel reported a blaze ..., the coast
    guard said' (an event)."""
    return clause.right_edge.i + 1 < head.i and clause.doc[clause.right_edge.i + 1].text == "," and \
        any(c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN") for c in clause.children) and \
        any(c.dep_ == "ccomp" for c in clause.children) and \
        not any(c.dep_ in _REPORTED_DEPS and c.i != clause.i for c in head.children)


def semicolon_between(clause: Token, head: Token) -> bool:
    """'X said 40 had died; Y said the toll was 65': the small parser hangs one report on the
    other cue as its object, but a semicolon closes a clause: a clause set off from its head by one
    (before or after it) is a report of its own, not what the head's speaker says."""
    low, high = sorted((clause.i, head.i))
    return any(t.text == ";" and t.head in (clause, head) for t in clause.doc[low + 1:high])


_REPORTED_DEPS = ("ccomp", "xcomp", "advcl", "parataxis")


def parenthetical_tag(verb: Token) -> bool:
    """'Survivors said the boat had left from The Gambia, the official added, and ...': a cue verb
    set off by a comma before its subject, reporting no clause of its own, is a speech tag over
    the sentence however the parser hung it, not a verb inside another speaker's report."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if not subjects or any(c.dep_ in _REPORTED_DEPS for c in verb.children):
        return False
    first = subjects[0].left_edge.i
    return first > 0 and verb.doc[first - 1].text == ","


def _framing_clause(node: Token) -> bool:
    """'X said it would not strike, hours after Y told a news conference ...': an adverbial clause
    with its own subordinator frames the report in time; the writer narrates it, X does not."""
    return node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children)


def negated(verb: Token, ctx: Context) -> bool:
    """'X did not respond to a request for comment', 'X did not say whether ...': no source."""
    return any(c.dep_ == "neg" for c in verb.children)


def passive(verb: Token, ctx: Context) -> bool:
    """'were added to its count', 'is said to have fled': a passive cue names no speaker; nor
    does a past participle modifying a noun ('a minority denied citizenship')."""
    return any(c.dep_ == "auxpass" for c in verb.children) or \
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod") and not any(c.dep_ == "agent" for c in verb.children)


def future(verb: Token, ctx: Context) -> bool:
    """'the finance committee will report by the 14th': a cue still to come reports nothing yet."""
    return any(c.dep_ == "aux" and c.lower_ in ctx.rules.future_auxiliaries for c in verb.children)


CUE_VERB_FILTERS = (inside_quotation, non_speech_sense, negated, passive, future, narrates_an_event,
                    reported_by_another_speaker)


def _is_cue_verb(tok: Token, rules: AttributionRules) -> bool:
    return tok.lemma_.lower() in rules.verbs and tok.pos_ == "VERB"


def is_quoted_speech(verb: Token, rules: AttributionRules) -> bool:
    """The 'saying' of 'X quoted Y as saying'."""
    return verb.lemma_ == rules.quoted_verb and verb.head.dep_ == "prep" and verb.head.lower_ == rules.quoted_marker


_RELATIVE_TAGS = ("WDT", "WP")


def speaking_subjects(verb: Token, rules: AttributionRules) -> list[Token]:
    """Who a cue verb's subject may be, nearest first: its own subject, else (a participle or
    a conjunct hanging from a verb) the subject of the verb it hangs from."""
    own = [c for c in verb.children if c.dep_ == "nsubj"]
    if own and verb.dep_ == "relcl" and own[0].tag_ in _RELATIVE_TAGS:
        # 'Rwanda, which denies ...': a relative pronoun speaks for the noun it refers to
        return [verb.head]
    if own:
        return own
    if verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.lemma_.lower() in rules.document_nouns:
        # 'X issued a news release saying ...': whoever issued the document speaks
        issuing = verb.head.head
        return [c for c in issuing.children if c.dep_ == "nsubj"] if issuing is not verb.head else []
    if not (verb.dep_ in ("advcl", "xcomp", "conj", "ccomp") and (verb.tag_ in ("VBG", "VBN") or verb.dep_ == "conj")):
        return []
    if verb.head is verb or verb.head.pos_ not in _VERBS:
        return []
    if verb.tag_ == "VBG":
        return participle_clause(verb, rules)
    return speaking_subjects(verb.head, rules)


def participle_clause(verb: Token, rules: AttributionRules) -> list[Token]:
    """', citing ...', ', saying ...': a participle the parser hung inside a reported clause
    belongs to the reporting verb; one hung on a subordinate clause ('..., after a notice
    expired, saying ...') takes the subjects of the verbs above it."""
    for ancestor in verb.ancestors:
        if _is_cue_verb(ancestor, rules):
            return speaking_subjects(ancestor, rules)
    found = []
    for ancestor in verb.ancestors:
        found += [c for c in ancestor.children if c.dep_ == "nsubj"]
    return found


def it_antecedent(subj: Token, mentions: list[Mention]) -> list[Mention]:
    """'It said': the organisation most recently acting as a subject, within a few sentences."""
    prior = [m for m in mentions if m.type == "ORG" and m.tok_end <= subj.i and subj.i - m.tok_end < IT_WINDOW]
    doc = subj.doc
    subjects = [m for m in prior if any(doc[i].dep_ in ("nsubj", "nsubjpass") for i in range(m.tok_start, m.tok_end))]
    return (subjects or prior)[-1:]


_DASHES = ("-", "–", "—")
DATELINE_TOKENS = 12  # a dateline's place, date and outlet before its dash


def in_dateline(subj: Token, ctx: Context) -> bool:
    """'NAIVASHA, Thursday 9 May 2024 - Families say': a capitalised place opening the claim
    before a dash is the dateline, not a speaker."""
    claim = ctx.claim
    if claim is None or not subj.text.isupper() or len(subj.text) < 3:
        return False
    before = claim.doc[claim.start:subj.i]
    after = claim.doc[subj.i + 1:min(claim.end, subj.i + DATELINE_TOKENS)]
    return all(t.is_punct or t.text.isupper() for t in before) and any(t.text in _DASHES for t in after)


def last_speaker(subj: Token, ctx: Context) -> tuple[Optional[Span], list[Mention]]:
    """The nearest speaker of the claims just before (``speaker_window``) that a personal pronoun
    can stand for: its type, and its gender when the article gives one ('..., she said' after
    'Ana Torres said'); with the claim that named it."""
    types, gender = ctx.rules.speaker_pronouns[subj.lower_]
    for claim, sources in reversed(ctx.earlier[-ctx.rules.speaker_window:]):
        for a in sources:
            m = a.mention
            if m is None:
                continue
            if _fits(m, types, ctx) and (not gender or getattr(m, "gender", "") in ("", gender)):
                return claim, [m]
            voice = person_voice(m, subj.doc, ctx.rules) if _PERSON in types else None
            if voice is not None and (not gender or voice in ("", gender)):
                return claim, [m]
    return None, []


_PHRASE_DEPS = ("pobj", "prep", "poss", "compound", "appos", "nmod", "amod")


def person_voice(m: Mention, doc: Doc, rules: AttributionRules) -> Optional[str]:
    """'A spokeswoman for OCHA told Reuters ... . "...," she said': a body that spoke through one
    person (a person speaker noun above its mention, in the same phrase) may be "she" after;
    the gender the noun gives ('' when none), or None when the body spoke for itself."""
    noun = _voice_noun(m, doc)
    return None if noun is None else rules.person_speakers.get(noun.lower_)


def _voice_noun(m: Mention, doc: Doc) -> Optional[Token]:
    """The first common noun above a source's mention in its phrase ('spokeswoman' of 'a
    spokeswoman for OCHA', 'official' of 'a coast guard official'), else the role noun in
    apposition to it ('Ásgeir Pálsson, managing director of a federation, said')."""
    node = doc[m.tok_end - 1]
    apposed = next((c for c in node.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    for _ in range(MAX_CLIMB):
        if node.dep_ not in _PHRASE_DEPS or node.head.i == node.i:
            return apposed
        node = node.head
        if not m.tok_start <= node.i < m.tok_end and node.pos_ == "NOUN":
            return node
    return apposed


def earlier_voice(tok: Token, ctx: Context) -> list[Mention]:
    """'a senior coast guard official told AFP ... . ..., the official added': a definite person
    speaker noun with nothing of its own is the one a source of the last few claims spoke
    through (``speaker_window``)."""
    if tok.lower_ not in ctx.rules.person_speakers or not any(
            c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return []
    for _, sources in reversed(ctx.earlier[-ctx.rules.speaker_window:]):
        for a in sources:
            noun = _voice_noun(a.mention, tok.doc) if a.mention is not None else None
            if noun is not None and noun.lower_ == tok.lower_ and noun.i < tok.i:
                return _at_pronoun(tok, [a.mention])
    return []


_BODIES = ("ORG", "GPE")


def voice_of_previous(tok: Token, ctx: Context) -> list[Mention]:
    """'The transport regulator said it had approved the fares. A spokesman said the body would
    monitor ridership': a bare indefinite spokesperson (``bare_voices``), right after a sentence
    of the same paragraph in which a body spoke, speaks for that body."""
    if tok.lower_ not in ctx.rules.bare_voices or ctx.claim is None or not ctx.earlier or \
            any(c.dep_ not in ("det", "amod") or c.dep_ == "det" and c.lower_ not in ("a", "an")
                for c in tok.children):
        return []
    claim, sources = ctx.earlier[-1]
    if "\n" in doc_text(tok.doc)[claim.end_char:ctx.claim.start_char]:
        return []
    body = [a.mention for a in sources if a.mention is not None and a.mention.type in _BODIES]
    return _at_span(tok.doc[tok.left_edge.i:tok.i + 1], body[:1])


def _fits(m: Mention, types: frozenset[str], ctx: Context) -> bool:
    """A mention of one of ``types``, also where the article writes its name out (a pronoun the
    actors stage resolved to a city is not a person)."""
    return m.type in types and bool(ctx.index.named_types.get(m.name, types) & types)


def pronoun_speaker(subj: Token, ctx: Context) -> list[Mention]:
    """Whom a personal pronoun speaking stands for: the nearest earlier speaker it fits, unless
    the actors stage read it as someone the article named after that speaker's claim (the
    pronoun then continues the newer topic: 'X said ... . Y has put three options. She said')."""
    claim, speaker = last_speaker(subj, ctx)
    types = ctx.rules.speaker_pronouns[subj.lower_][0]
    # a reading the pronoun cannot have ('she' for a name the article gives a city) is no reading
    read = [m for m in sources_of(subj, ctx) if _fits(m, types, ctx)]
    if not speaker or read and claim is not None and _named_after(read[0].name, types, claim.end, subj.i, ctx) \
            and _only_of(read[0].name, types, ctx):
        return read
    return _at_pronoun(subj, speaker)


def _only_of(name: str, types: frozenset[str], ctx: Context) -> bool:
    """Whether the article writes ``name`` out only as one of ``types``: a name it also gives a
    place ('Sylhet', once taken for a person) is too weak a topic to outweigh the last speaker."""
    return ctx.index.named_types.get(name, types) <= types


def _named_after(name: str, types: frozenset[str], start: int, end: int, ctx: Context) -> bool:
    """Whether a mention of ``name`` of one of ``types``, other than a pronoun, lies outside
    quotation marks in tokens [start, end): a topic the pronoun may continue (a name the
    speaker's own quotation gives, 'dearer than Valencia', is no new topic of the writer's)."""
    return any(m.name == name and m.type in types and m.via != "pronoun"
               and not in_regions(m.start, ctx.regions) for m in ctx.index.starting(start, end))


def _at_pronoun(subj: Token, mentions: list[Mention]) -> list[Mention]:
    return _at_span(subj.doc[subj.i:subj.i + 1], mentions)


def _at_span(span: Span, mentions: list[Mention]) -> list[Mention]:
    """The mentions' actors, recorded at the words of this sentence that stand for them."""
    return [replace(m, start=span.start_char, end=span.end_char, text=span.text, tok_start=span.start,
                    tok_end=span.end) for m in mentions]


def subject_of_cue_verb(verb: Token, ctx: Context) -> list[Mention]:
    """The actors of the first of the verb's possible subjects that stands for any."""
    for subj in speaking_subjects(verb, ctx.rules):
        if ctx.claim is not None and not ctx.claim.start <= subj.i < ctx.claim.end or in_dateline(subj, ctx):
            continue  # a dateline the parser made a subject ('NAIROBI (Reuters) - X said') is not a speaker
        if subj.lower_ in ctx.rules.speaker_pronouns:
            # a speaker named once is "he"/"she"/"it" after: the nearest earlier speaker the pronoun
            # fits, else the actors stage's reading of it, else (for "it") the nearest speaking body;
            # recorded at the pronoun (the source's text is the word of this sentence)
            sources = pronoun_speaker(subj, ctx)
            if not sources and subj.lower_ in ctx.rules.antecedent_pronouns:
                sources = _at_pronoun(subj, it_antecedent(subj, ctx.index.mentions))
        else:
            sources = sources_of(subj, ctx)
        if sources:
            return sources
    return []


def quoted_as_saying(verb: Token, ctx: Context) -> list[Mention]:
    """'X quoted/cited Y as saying': Y speaks."""
    if not is_quoted_speech(verb, ctx.rules):
        return []
    found: list[Mention] = []
    for child in verb.head.head.children:
        if child.dep_ in ("dobj", "nsubjpass"):  # 'X quoted Y as saying', 'Y was quoted by X as saying'
            found += sources_of(child, ctx)
    return found


def quoting_source(verb: Token, ctx: Context) -> list[Mention]:
    """Whoever passes the words on speaks too: the subject of 'X quoted Y as saying' and the
    agent of 'Y, quoted by X, said' (a participle on the speaker or on the speaker's verb)."""
    quoting = verb.head.head if is_quoted_speech(verb, ctx.rules) else None
    if quoting is None or quoting.lemma_.lower() not in ctx.rules.quoting:
        quoting = next((t for t in _quoting_participles(verb) if t.lemma_.lower() in ctx.rules.quoting), None)
    if quoting is None:
        return []
    found: list[Mention] = []
    for child in quoting.children:
        if child.dep_ == "nsubj":
            found += sources_of(child, ctx)
    return found + _agents(quoting, ctx)


def quoting_participle(verb: Token, ctx: Context) -> list[Mention]:
    """'..., the state news agency said, quoting a court spokesman': whoever a speaker quotes
    speaks too."""
    found: list[Mention] = []
    for child in verb.children:
        if child.tag_ == "VBG" and child.dep_ in ("advcl", "xcomp", "conj") and \
                child.lemma_.lower() in ctx.rules.quoting:
            found += [m for obj in child.children if obj.dep_ == "dobj" for m in sources_of(obj, ctx)]
    return found


def _agents(participle: Token, ctx: Context) -> list[Mention]:
    """The actors of a participle's 'by' phrase ('quoted by X')."""
    return [m for child in participle.children if child.dep_ == "agent"
            for obj in child.children if obj.dep_ == "pobj" for m in sources_of(obj, ctx)]


def _quoting_participles(verb: Token) -> Iterator[Token]:
    """'quoted by X' hung on the cue verb, on its subject ('Y, quoted by X, said') or on the
    subject's apposition ('A member of the council, Valentin Dobre, quoted by X, said')."""
    yield from _participles_on([verb] + [c for c in verb.children if c.dep_ == "nsubj"])


def _participles_on(nodes: list[Token]) -> Iterator[Token]:
    """Past participles hung on the nodes or on their appositions."""
    for node in nodes + [c for n in nodes for c in n.children if c.dep_ == "appos"]:
        yield from (c for c in node.children if c.tag_ == "VBN" and c.dep_ in ("acl", "advcl", "conj", "appos"))


def passed_on_by(obj: Token, ctx: Context) -> Iterator[Found]:
    """'according to Dr. Yaw Boakye, ..., quoted by local radio station Akoma FM': whoever passes
    an 'according to' source's words on is a source too (claims-spec 6, "cited Y as saying")."""
    for participle in _participles_on([obj]):
        if participle.lemma_.lower() in ctx.rules.quoting:
            agent = next((c for c in participle.children if c.dep_ == "agent"), None)
            cue = participle.doc[participle.i:agent.i + 1].text if agent is not None else participle.text
            for m in _agents(participle, ctx):
                yield Found(m, cue, "passed_on_by")


_FINITE = ("VBD", "VBZ", "VBP")
_SPEAKING = ("PERSON", "ORG")
_APPOSITION_DEPS = ("appos", "prep", "pobj", "compound", "amod", "nummod", "npadvmod", "poss", "acl", "relcl")
_RELATIVE = ("WP", "WP$", "WDT")


def apposed_speaker(verb: Token, ctx: Context) -> list[Mention]:
    """A finite cue verb the parser left without a subject, its speaker set off by commas:
    '..., the hospital's director, Dr. Ana Torres, told the Tribune' (the apposition just before
    the verb), 'Carlos Ruiz, whose brother boarded the boat, said' (a name a relative clause
    interrupts)."""
    doc = verb.doc
    if verb.tag_ not in _FINITE or verb.i < 2 or doc[verb.i - 1].text != "," or \
            any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return []
    node = doc[verb.i - 2]
    for _ in range(MAX_CLIMB):
        m = ctx.index.at(node.i)
        if m is not None and m.type in _SPEAKING:
            return [m]
        if node.dep_ not in _APPOSITION_DEPS or node.head.i == node.i or node.head.i >= verb.i:
            break
        node = node.head
    start = ctx.claim.start if ctx.claim is not None else 0
    for m in ctx.index.starting(start, verb.i):
        if m.tok_end + 1 < verb.i and m.type in _SPEAKING and \
                doc[m.tok_end].text == "," and doc[m.tok_end + 1].tag_ in _RELATIVE:
            return [m]
    return []


def opening_subject(verb: Token, ctx: Context) -> list[Mention]:
    """'SEOUL (Harbourwire) - South Korean steelmaker Hanseong Steel Co swung to a loss and said
    ...': a cue verb (or the verb it is a conjunct of) left without a subject in its sentence
    because the parser hung the opening noun phrase on the dateline before it (and made the
    dateline the subject): that phrase, when only nouns and names stand between the sentence's
    start and the verb, is the subject."""
    claim = ctx.claim
    top = verb
    while top.dep_ == "conj" and top.head.i < top.i:
        top = top.head
    if claim is None or top.dep_ != "ROOT" or top.i <= claim.start or any(
            c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and c.i >= claim.start for c in top.children):
        return []  # a subject before the claim is the dateline's ('SEOUL ... swung')
    opening = claim.doc[claim.start:top.i]
    if any(t.pos_ not in _OPENING_POS and not _participle_modifier(t) for t in opening) or \
            all(t.head.i >= claim.start for t in opening):
        return []
    named = [m for m in ctx.index.starting(claim.start, top.i) if m.type in _SPEAKING and m.tok_end <= top.i]
    return named[-1:]


_OPENING_POS = ("NOUN", "PROPN", "ADJ", "DET", "PART", "PUNCT")


def _participle_modifier(t: Token) -> bool:
    """'Oslo-listed', 'the ruling party', 'the state-owned distributor': a lowercase participle
    modifying a noun is part of a noun phrase (a description), not a verb of the clause."""
    return t.pos_ == "VERB" and t.dep_ == "amod" and t.tag_ in ("VBN", "VBG") and t.is_lower


VERB_SPEAKERS = (subject_of_cue_verb, apposed_speaker, quoted_as_saying, quoting_source, quoting_participle,
                 opening_subject)


# --- the cues of a sentence ------------------------------------------------------------------

def according_to(span: Span, ctx: Context) -> Iterator[Found]:
    """'according to X' (the pack's source phrases): the actors the phrase's object reaches."""
    for _, start, end in ctx.rules.matcher(span.doc.vocab)(span):
        phrase = span[start:end]
        if in_regions(phrase[0].idx, ctx.regions):
            continue
        for obj in phrase[-1].children:
            if obj.dep_ == "pobj":
                for m in sources_of(obj, ctx, document=True):
                    yield Found(m, phrase.text, "according_to")
                yield from passed_on_by(obj, ctx)


def cue_verb_speakers(span: Span, ctx: Context) -> Iterator[Found]:
    """The speakers of every communication verb that passes the filters, verb by verb."""
    for verb, cue in chain(cue_verb_candidates(span, ctx.rules), naming_cues(span, ctx)):
        dropped_by = next((f.__name__ for f in CUE_VERB_FILTERS if f(verb, ctx)), None)
        if dropped_by is not None:
            ctx.note(verb.text, verb.idx, verb.idx + len(verb.text), dropped_by, "dropped")
            continue
        for rule in VERB_SPEAKERS:
            for m in rule(verb, ctx):
                if span.start_char <= m.start < span.end_char:
                    yield Found(m, cue, rule.__name__)


CUES = (according_to, cue_verb_speakers)


def attribute_sentence(span: Span, ctx: Context) -> list[AttributionMention]:
    """Sources of one sentence from its own cues, one per (source, cue), in cue order."""
    out: list[AttributionMention] = []
    for cue_pass in CUES:
        for m, cue, by in cue_pass(span, ctx):
            if all(a.source != m.name or a.cue != cue for a in out):
                out.append(AttributionMention(m.name, m.text, cue, m.start, m.end, by=by, mention=m))
                ctx.note(m.text, m.start, m.end, by, "attributed")
    return out


def find_attribution(span: Span, mentions: list[Mention], regions: list[Region], *,
                     rules: Optional[AttributionRules] = None,
                     index: Optional[MentionIndex] = None) -> list[AttributionMention]:
    """Sources of one sentence, from its own cues (quotation continuations are added later).
    ``index`` is the mentions' index when the caller has one for the whole document."""
    ctx = Context(rules or default_rules(), index if index is not None else MentionIndex(mentions), regions,
                  claim=span)
    return attribute_sentence(span, ctx)


# --- across sentences: quotations ------------------------------------------------------------

def quotation_speaker(claim: Span, claims: list[Span], ctx: Context,
                      found: dict[int, list[AttributionMention]]) -> Optional[AttributionMention]:
    """The speaker of the quotation a sentence belongs to: named in another sentence of the same
    quotation, or of the same paragraph's quotation interrupted by its speech tag
    ('"...," X told reporters. "..."'). Only a speech cue names a speaker ("according to" does not);
    a sentence before this one that took the quotation's speaker passes it on (a quotation that
    runs over paragraphs names its speaker once)."""
    for group in (_same_quotation(claim, claims, ctx.regions), _same_paragraph(claim, claims, ctx.regions)):
        for other in sorted(group, key=lambda c: abs(c.start_char - claim.start_char)):
            for a in found[other.start]:
                if a.by != according_to.__name__:
                    return AttributionMention(a.source, None, None, None, None, by="quotation_speaker",
                                              mention=a.mention)
    return None


def _same_quotation(claim: Span, claims: list[Span], regions: list[Region]) -> list[Span]:
    region = quotation_at(claim, regions)
    if region is None:
        return []
    return [c for c in claims_within(claims, region[0], region[1]) if c is not claim]


def _same_paragraph(claim: Span, claims: list[Span], regions: list[Region]) -> list[Span]:
    text = doc_text(claim.doc)
    para_start = text.rfind("\n", 0, claim.start_char) + 1
    para_end = text.find("\n", claim.end_char)
    para_end = len(text) if para_end < 0 else para_end
    return [c for c in claims_within(claims, para_start, para_end) if c is not claim
            and c.start_char >= para_start and overlapping(regions, c.start_char, c.end_char)]


def previous_paragraph_speaker(claim: Span, claims: list[Span], ctx: Context,
                               found: dict[int, list[AttributionMention]]) -> Optional[AttributionMention]:
    """A quoted paragraph that names no speaker keeps the last speaker of the paragraph before
    its quotation ('"...," Mbaye said.' then '"From July, ..."'): the wire convention. Claims
    are visited in order, so a run of such paragraphs passes the speaker on."""
    text = doc_text(claim.doc)
    region = quotation_at(claim, ctx.regions)
    opens = region[0] if region is not None else claim.start_char
    if not _opens_paragraph(text, opens, ctx.rules):
        return None  # '"...," an official told AFP. "..."': the quotation continues its own paragraph's
    before = paragraph_before(text, opens)
    if before is None:
        return None
    prev_start, prev_end = before
    for other in reversed(claims_within(claims, prev_start, prev_end)):
        for a in found.get(other.start, []):
            if a.by != according_to.__name__:
                return AttributionMention(a.source, None, None, None, None, by="previous_paragraph_speaker",
                                          mention=a.mention)
    return None


def _opens_paragraph(text: str, pos: int, rules: AttributionRules) -> bool:
    """Whether only quotation marks and spaces stand before ``pos`` in its paragraph."""
    before = text[text.rfind("\n", 0, pos) + 1:pos]
    return not rules.quote_chars.sub("", before).strip()


def trailing_tag_speaker(claim: Span, claims: list[Span], ctx: Context,
                         found: dict[int, list[AttributionMention]]) -> Optional[AttributionMention]:
    """'... We will cut spending next year.” Mensah said.': a speech tag written as a sentence of
    its own right after a quotation closes (a cue verb with nothing reported after it) names the
    speaker of that quotation."""
    region = quotation_at(claim, ctx.regions)
    if region is None:
        return None
    text = doc_text(claim.doc)
    para_end = text.find("\n", region[1])
    for tag in claims_within(claims, region[1], len(text) if para_end < 0 else para_end)[:2]:
        gap = text[region[1]:tag.start_char]
        if tag is claim or tag.start_char < region[1] or "\n" in gap or not _bare_tag(tag, ctx.rules):
            continue
        for a in found.get(tag.start, []):
            if a.by != according_to.__name__:
                return AttributionMention(a.source, None, None, None, None, by="trailing_tag_speaker",
                                          mention=a.mention)
    return None


def _bare_tag(tag: Span, rules: AttributionRules) -> bool:
    """A sentence that is only a speech tag: its cue verb reports no clause ('Mensah said.')."""
    return any(not any(c.dep_ in ("ccomp", "xcomp", "advcl", "parataxis") for c in verb.children)
               for verb, _ in cue_verb_candidates(tag, rules))


def preceding_sentence_speaker(claim: Span, claims: list[Span], ctx: Context,
                               found: dict[int, list[AttributionMention]]) -> Optional[AttributionMention]:
    """'Ana Torres said the trial was unfair. "It was a farce. ..."': a quotation that opens a
    sentence right after a sentence of the same paragraph reporting a speaker, and names no
    speaker of its own, is that speaker's (the wire convention of a paraphrase, then the quote)."""
    region = quotation_at(claim, ctx.regions)
    text = doc_text(claim.doc)
    if region is None or region[0] > claim.start_char + 1:
        return None
    before = [c for c in claims_within(claims, text.rfind("\n", 0, claim.start_char) + 1, claim.start_char)
              if c.end_char <= claim.start_char]
    if not before or overlapping(ctx.regions, before[-1].start_char, before[-1].end_char):
        return None  # none, or a quoted sentence (its own quotation's speaker is quotation_speaker's)
    for a in found.get(before[-1].start, []):
        if a.by != according_to.__name__:
            return AttributionMention(a.source, None, None, None, None, by="preceding_sentence_speaker",
                                      mention=a.mention)
    return None


CONTINUATIONS = (quotation_speaker, trailing_tag_speaker, previous_paragraph_speaker, preceding_sentence_speaker)


def fits_own_tag(speaker: AttributionMention, claim: Span, regions: list[Region], rules: AttributionRules) -> bool:
    """'"...," he said.' with a "he" nobody named: a speaker carried into the sentence must be one
    its own speech tag's pronoun can stand for (not the place of the paragraph before)."""
    for verb, _ in cue_verb_candidates(claim, rules):
        if in_regions(verb.idx, regions):
            continue
        for subj in verb.children:
            fits = rules.speaker_pronouns.get(subj.lower_) if subj.dep_ == "nsubj" else None
            if fits is not None and (speaker.mention is None or speaker.mention.type not in fits[0]):
                return False
    return True


# --- the writer ---------------------------------------------------------------------------------

OUTLET_LINES = 600  # characters from the top in which a dateline is looked for


def writers_outlet(text: str, rules: AttributionRules) -> Optional[str]:
    """The outlet named in the article's dateline ('NAIROBI, July 2 (Reuters) -'), folded."""
    m = rules.own_outlet.search(text[:OUTLET_LINES])
    return _fold(m.group(1)) if m else None


def _fold(name: str) -> str:
    return " ".join(name.lower().split())


def _is_outlet(a: AttributionMention, own: Optional[str], ctx: Context) -> bool:
    """'according to a Reuters tally' in a Reuters story: the writer, not a source (claims-spec 6)."""
    if own is None or _fold(a.source) != own:
        return False
    ctx.note(a.text, a.start, a.end, "writers_outlet", "dropped")
    return True


def attribute_document(doc: Doc, *, rules: Optional[AttributionRules] = None,
                       decisions: Optional[dict[int, list[dict]]] = None) -> list[list[AttributionMention]]:
    """The attribution of every claim, in claim order; speakers carried across quotations.
    ``decisions``, when given, receives what the passes decided, by claim start token."""
    rules = rules or default_rules()
    mentions = doc._.actor_mentions or []
    regions = quote_regions(doc_text(doc), rules=rules)
    claims = doc._.claims or []
    index = MentionIndex(mentions)
    found: dict[int, list[AttributionMention]] = {}
    notes: dict[int, list[dict]] = {}
    bodies: dict[tuple[str, ...], str] = {}
    own = writers_outlet(doc_text(doc), rules)
    for n, claim in enumerate(claims):
        earlier = tuple((c, tuple(found[c.start])) for c in claims[max(0, n - rules.document_window):n])
        ctx = Context(rules, index, regions, claim=claim, earlier=earlier, bodies=bodies)
        found[claim.start] = [a for a in attribute_sentence(claim, ctx) if not _is_outlet(a, own, ctx)]
        notes[claim.start] = ctx.decisions
    for claim in claims:
        if found[claim.start] or not mostly_quoted(claim, regions):
            continue
        ctx = Context(rules, index, regions, notes[claim.start], claim=claim)
        for continuation in CONTINUATIONS:
            speaker = continuation(claim, claims, ctx, found)
            if speaker is not None and fits_own_tag(speaker, claim, regions, rules):
                found[claim.start] = [speaker]
                ctx.note(None, None, None, continuation.__name__, "attributed")
                break
    if decisions is not None:
        decisions.update(notes)
    return [found[claim.start] for claim in claims]


class AttributionStage(Stage):
    """Each claim's attribution records (``span._.attribution``)."""
    needs = ("claims_sentences", "claims_actors")

    def compile(self, pack: Pack) -> AttributionRules:
        return compile_rules(pack)

    def process(self, doc: Doc) -> Doc:
        notes: dict[int, list[dict]] = {}
        found = attribute_document(doc, rules=self.rules, decisions=notes)
        for claim, mentions in zip(doc._.claims, found):
            claim._.attribution = [a.as_record() for a in mentions]
            if notes.get(claim.start):
                claim._.decisions = list(claim._.decisions or []) + notes[claim.start]
        # The last stage: what remains on the Doc is plain data (it can be serialised).
        release(doc)
        return doc


@Language.factory("claims_attribution", requires=["doc._.claims", "doc._.actor_mentions", "token.dep"],
                  assigns=["span._.attribution"], default_config=DEFAULT_CONFIG)
def make_attribution(nlp: Language, name: str, lang: str, pack_path: Optional[str]) -> AttributionStage:
    return AttributionStage(nlp, name, lang=lang, pack_path=pack_path)
