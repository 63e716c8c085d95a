"""Claims are the body sentences of an article: newlines end sentences, headings and page
boilerplate are dropped (claims-spec 1 and 2).

The parser's sentences, trimmed of whitespace, are rejoined where the parser split a line
where no sentence ends (``GLUES``), dropped by ``FILTERS`` (a boilerplate or heading line,
a piece without a letter), and a first sentence of a line loses its dateline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..packs import Pack
from . import extensions  # noqa: F401
from .base import DEFAULT_CONFIG, Stage, default_pack
from .extensions import doc_text, sent_starts


@dataclass(frozen=True)
class SentenceRules:
    """The boilerplate rules of a pack, compiled once."""
    line_patterns: tuple[re.Pattern, ...]
    paragraph_patterns: tuple[re.Pattern, ...]
    max_heading_words: int
    sentence_final: tuple[str, ...]
    dateline: re.Pattern
    fragment_final: tuple[str, ...]
    abbreviation: re.Pattern
    split_abbreviations: frozenset[str]
    closing_marks: str
    byline: re.Pattern
    front_matter_lines: int
    list_item: re.Pattern


def compile_rules(pack: Pack) -> SentenceRules:
    rules = pack.boilerplate
    return SentenceRules(
        line_patterns=tuple(re.compile(p, re.IGNORECASE) for p in rules.line_patterns),
        paragraph_patterns=tuple(re.compile(p, re.IGNORECASE) for p in rules.paragraph_patterns),
        max_heading_words=rules.max_heading_words,
        sentence_final=tuple(rules.sentence_final),
        dateline=re.compile(rules.dateline_pattern),
        fragment_final=tuple(rules.fragment_final),
        abbreviation=re.compile(rules.abbreviation_pattern),
        split_abbreviations=frozenset(w.lower() for w in rules.split_abbreviations),
        closing_marks="".join(rules.closing_marks),
        byline=re.compile(rules.byline_pattern),
        front_matter_lines=rules.front_matter_lines,
        list_item=re.compile(rules.list_item_pattern),
    )


def default_rules() -> SentenceRules:
    """The rules of the bundled pack, for tests and library callers without a pipeline."""
    return compile_rules(default_pack())


def mark_line_starts(doc: Doc) -> Doc:
    """A line break ends a sentence: headings and paragraphs never run into the next line.

    Runs before the parser, which keeps boundaries that are already set.
    """
    # Word ids, not Token objects: a document has few distinct words and fewer with a newline.
    orths = doc.to_array(ORTH).tolist()[:-1]
    strings = doc.vocab.strings
    breaks = {orth for orth in set(orths) if "\n" in strings[orth]}
    starts = [i + 1 for i, orth in enumerate(orths) if orth in breaks]
    if starts:
        # One array write: the ``is_sent_start`` setter checks the whole Doc's annotation on
        # every call, which made a long document's line breaks cost quadratic time.
        array = doc.to_array([SENT_START])
        array[starts] = 1
        doc.from_array([SENT_START], array)
    return doc


def _text(span: Span) -> str:
    """``span.text``, sliced from the document text the stages keep rather than rebuilt from tokens."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


_BYLINE_CHARS = 160  # a byline is one short line; longer lines are never tried against its pattern


def is_boilerplate_line(line: str, *, rules: Optional[SentenceRules] = None) -> bool:
    """A whole line that is page furniture or a heading rather than article text."""
    rules = rules or default_rules()
    text = line.strip()
    if not text:
        return True
    if any(p.search(text) for p in rules.line_patterns) or _is_byline(text, rules):
        return True
    if _short_and_unended(text, rules) or len(text.split()) <= rules.max_heading_words and _lone_question(text):
        return True
    return not _has_letter(text)


def _short_and_unended(text: str, rules: SentenceRules) -> bool:
    """A heading's shape: a few words and no sentence-final punctuation."""
    return len(text.split()) <= rules.max_heading_words and not _ends_a_sentence(text, rules)


def _ends_a_sentence(text: str, rules: SentenceRules) -> bool:
    """Sentence-final punctuation, inside or before the closing quotes and brackets: a headline
    that ends on a quoted word ('Minister calls fee rise "unfair"') ends no sentence."""
    core = text.rstrip(rules.closing_marks + " ")
    return core.endswith(rules.sentence_final) or (not core and text.endswith(rules.sentence_final))


def _is_byline(text: str, rules: SentenceRules) -> bool:
    return len(text) <= _BYLINE_CHARS and rules.byline.match(text) is not None


def _lone_question(text: str) -> bool:
    """A line that is one question in the writer's own voice, no quotation in it: a sub-heading
    or a headline ("So who pays?"); a question asserts nothing (claims-spec 1)."""
    return text.endswith("?") and text.count("?") == 1 and not any(q in text for q in '"“”‘') \
        and ". " not in text


def strip_dateline(span: Span, *, rules: Optional[SentenceRules] = None) -> Span:
    """'NAIROBI, July 2 (Reuters) - Kenya's ...' -> the sentence without its dateline: the
    dateline says where the story was filed, it is not part of the claim."""
    rules = rules or default_rules()
    text = _text(span)
    m = rules.dateline.match(text)
    if not m or m.end() >= len(text):
        return span
    trimmed = span.doc.char_span(span.start_char + m.end(), span.end_char, alignment_mode="contract")
    return trimmed if trimmed is not None and len(trimmed) else span


def front_matter_end(doc: Doc, *, rules: Optional[SentenceRules] = None) -> int:
    """Where the body starts when a byline line opens the article: the headline, kicker and
    standfirst above the byline are not body sentences, even when a standfirst ends with a full
    stop. Only the first ``front_matter_lines`` lines are read (a sign-off at the foot is no byline)."""
    rules = rules or default_rules()
    text, start, seen = doc_text(doc), 0, 0
    while seen < rules.front_matter_lines and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        if line:
            if _is_byline(line, rules) and not _ends_a_sentence(line, rules):
                return end
            seen += 1
        start = end + 1
    return 0


def trimmed_sentences(doc: Doc) -> list[Span]:
    """The parser's sentences without leading and trailing whitespace tokens; empty ones dropped."""
    starts = sent_starts(doc) + [len(doc)]
    out = []
    for start, end in zip(starts, starts[1:]):
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if end > start:
            out.append(doc[start:end])
    return out


# --- rejoining fragments: each glue says why a piece continues the one before it -------------

def continues_lowercase(prev: Span, span: Span, rules: SentenceRules) -> bool:
    """A piece that starts with a lowercase word continues a sentence."""
    return span[0].is_lower and span[0].is_alpha


def has_no_letter(prev: Span, span: Span, rules: SentenceRules) -> bool:
    """A piece without a letter (a number, a dash) is not a sentence of its own."""
    return not _has_letter(_text(span))


def unfinished(prev: Span, span: Span, rules: SentenceRules) -> bool:
    """The piece before does not end as a sentence ends."""
    return not prev[-1].text.endswith(rules.fragment_final)


def after_abbreviation(prev: Span, span: Span, rules: SentenceRules) -> bool:
    """'U.S.', 'Gen.', 'No.' before a title-case word: an abbreviation, not a sentence end (also a
    title the tokenizer split from its period, 'Brig' '.')."""
    if not span[0].is_title:
        return False
    if rules.abbreviation.fullmatch(prev[-1].text) is not None:
        return True
    return len(prev) > 1 and prev[-1].text == "." and not prev[-2].whitespace_ and \
        prev[-2].lower_ in rules.split_abbreviations


GLUES = (continues_lowercase, has_no_letter, unfinished, after_abbreviation)


def merge_fragments(spans: list[Span], *, rules: SentenceRules) -> list[Span]:
    """Rejoin pieces the parser split inside a line where a sentence cannot end (``GLUES``)."""
    merged: list[Span] = []
    for span in spans:
        if merged:
            prev = merged[-1]
            same_line = "\n" not in doc_text(span.doc)[prev.end_char: span.start_char]
            if same_line and any(glue(prev, span, rules) for glue in GLUES):
                merged[-1] = span.doc[prev.start: span.end]
                continue
        merged.append(span)
    return merged


# --- filters: a sentence that is not a claim ------------------------------------------------------

def _line_of(span: Span) -> str:
    text = doc_text(span.doc)
    left = text.rfind("\n", 0, span.start_char) + 1
    right = text.find("\n", span.end_char)
    return text[left: right if right >= 0 else len(text)]


def boilerplate_line(span: Span, rules: SentenceRules) -> bool:
    """A sentence that is a whole line of page furniture or a heading."""
    line = _line_of(span)
    return line.strip() == _text(span).strip() and is_boilerplate_line(line, rules=rules)


def heading_piece(span: Span, rules: SentenceRules) -> bool:
    """A piece of a heading the parser split ('2.' 'Injured'; 'Field Bulletin No. 14:' 'Ayarpampa,
    thirteen days after ...'): the line as a whole is short and ends no sentence, so no piece of
    it is a claim."""
    line = _line_of(span).strip()
    return _short_and_unended(line, rules) and _has_letter(line)


def _next_line(span: Span) -> str:
    text = doc_text(span.doc)
    end = text.find("\n", span.end_char)
    while end >= 0:
        start, end = end + 1, text.find("\n", end + 1)
        line = text[start: end if end >= 0 else len(text)]
        if line.strip():
            return line
    return ""


def list_lead(span: Span, rules: SentenceRules) -> bool:
    """'What we ask:' or 'The group called on the authorities to:' before a list: a lead-in that
    the list's items finish, each item a claim of its own."""
    line = _line_of(span).rstrip()
    return line.endswith(":") and _text(span).rstrip().endswith(":") and \
        rules.list_item.match(_next_line(span)) is not None


def furniture_paragraph(span: Span, rules: SentenceRules) -> bool:
    """Any sentence of a caption, a credit line or a contributor note: the paragraph says who
    took a photo or wrote the story, it asserts nothing of the story."""
    line = _line_of(span).strip()
    return any(p.search(line) for p in rules.paragraph_patterns)


def without_letters(span: Span, rules: SentenceRules) -> bool:
    """Punctuation or numbers alone assert nothing."""
    return not _has_letter(_text(span))


FILTERS = (boilerplate_line, heading_piece, furniture_paragraph, list_lead, without_letters)


def _opens_its_line(span: Span) -> bool:
    text = doc_text(span.doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    return not text[line_start:span.start_char].strip()


def claim_sentences(doc: Doc, *, rules: Optional[SentenceRules] = None) -> list[Span]:
    """The sentences of the document that are claims, in reading order."""
    rules = rules or default_rules()
    claims = []
    body_start = front_matter_end(doc, rules=rules)
    for span in merge_fragments(trimmed_sentences(doc), rules=rules):
        if span.start_char < body_start or any(f(span, rules) for f in FILTERS):
            continue
        claims.append(strip_dateline(span, rules=rules) if _opens_its_line(span) else span)
    return claims


@Language.component("claims_newlines", assigns=["token.is_sent_start"])
def newlines_component(doc: Doc) -> Doc:
    return mark_line_starts(doc)


class SentenceStage(Stage):
    """Marks the claim sentences of the document (``doc._.claims``)."""

    def compile(self, pack: Pack) -> SentenceRules:
        return compile_rules(pack)

    def process(self, doc: Doc) -> Doc:
        doc._.claims = claim_sentences(doc, rules=self.rules)
        return doc


@Language.factory("claims_sentences", requires=["token.is_sent_start"], assigns=["doc._.claims"],
                  default_config=DEFAULT_CONFIG)
def make_sentences(nlp: Language, name: str, lang: str, pack_path: Optional[str]) -> SentenceStage:
    return SentenceStage(nlp, name, lang=lang, pack_path=pack_path)
