"""Actors (claims-spec 3): named people, organisations, places and groups, plus the
descriptions and pronouns that refer to them, each with its canonical name.

The statistical NER proposes names; rules from ``models/`` fix what it gets wrong on this
genre (Spanish surnames typed ORG, names it misses in lists, governments that stand for their
country) and resolve "the NGO", "the regime" and "he" to the actor they refer to.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Optional

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..normalize.names import clean_name, name_key, strip_titles
from ..resources import fold, gender_of, given_names, load_json, load_jsonl
from . import extensions  # noqa: F401
from .base import DEFAULT_CONFIG, Stage
from .extensions import doc_text, lowers, sent_starts, texts

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
SPEAKERS = {"spokesman", "spokeswoman", "spokesperson", "official", "officials", "source", "sources",
            "statement", "minister", "lawyer", "lawyers"}
ARMED = {"forces", "troops", "army", "military", "navy", "soldiers", "militia", "militias", "guard"}


@dataclass
class Mention:
    """One actor mention; ``start``/``end`` are character offsets into the document."""
    start: int
    end: int
    text: str
    name: str
    type: str
    tok_start: int
    tok_end: int
    via: str = "ner"           # ner | pattern | rule | government | description | pronoun
    titles: set = field(default_factory=set)

    def as_record(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "name": self.name, "type": self.type}


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = load_json("actors.json")
    countries = load_json("countries.json")
    return {
        **data,
        "titles_set": {t.lower() for t in data["titles"]},
        "portfolio_set": set(data["portfolio_words"]),
        "org_aliases": data["org_conditional_aliases"],
        "org_words": {w.lower() for w in data["org_keywords"]},
        "generic": {g.lower() for g in data["generic_plurals"]},
        "gov": set(data["government_nouns"]),
        "demonyms": {fold(k): v for k, v in countries["demonyms"].items()},
        "aliases": {fold(k): v for k, v in countries["aliases"].items()},
        "cond_aliases": {fold(k): v for k, v in countries["conditional_aliases"].items()},
        "countries": {fold(c): c for c in countries["countries"]},
    }


def _indices(words: list[str], wanted) -> list[int]:
    """Positions of the words in ``wanted``: passes that look for a few words skip creating a
    Token object for every other word of the document."""
    return [i for i, w in enumerate(words) if w in wanted]


def _is_phrase(pattern: list[dict]) -> bool:
    """A pattern that is only a fixed sequence of lower-case words: a PhraseMatcher finds it
    far more cheaply than the token Matcher."""
    return all(set(tok) == {"LOWER"} and isinstance(tok["LOWER"], str) for tok in pattern)


@lru_cache(maxsize=8)
def _matchers(vocab_id: int, vocab) -> tuple[Matcher, dict, PhraseMatcher, PhraseMatcher]:
    matcher = Matcher(vocab)
    lower_phrases = PhraseMatcher(vocab, attr="LOWER")
    meta: dict[str, dict] = {}
    orth_phrases = PhraseMatcher(vocab)
    for i, row in enumerate(load_jsonl("actor_patterns.jsonl")):
        key = f"actor-{i}"
        meta[key] = row
        if "descriptors" in row:
            continue  # scanned directly in _descriptor_names
        if "words" in row:
            orth_phrases.add(key, [_make_doc(vocab, w) for w in row["words"]])
        elif _is_phrase(row["pattern"]):
            lower_phrases.add(key, [_make_doc(vocab, " ".join(tok["LOWER"] for tok in row["pattern"]))])
        else:
            matcher.add(key, [row["pattern"]], greedy="LONGEST")
    phrases = PhraseMatcher(vocab)
    phrases.add("COUNTRY", [_make_doc(vocab, c) for c in load_json("countries.json")["countries"]])
    return matcher, meta, phrases, (lower_phrases, orth_phrases)


@lru_cache(maxsize=1)
def _descriptor_rule() -> tuple[frozenset[str], str]:
    for row in load_jsonl("actor_patterns.jsonl"):
        if "descriptors" in row:
            return frozenset(row["descriptors"]), row["label"]
    return frozenset(), "ORG"


_NAME_POS = ("PROPN", "NOUN", "ADJ", "VERB", "NUM")
_NAME_TAIL = re.compile(r"^(\d+[A-Z]?|[A-Z][A-Za-z]*)$")


def _descriptor_names(doc: Doc) -> Iterable[Span]:
    """'the NGO Foro Penal', 'the daily El Nacional': title-case words after a descriptor."""
    words, _ = _descriptor_rule()
    for i in _indices(lowers(doc), words):
        tok = doc[i]
        if tok.i + 1 >= len(doc):
            continue
        first = doc[tok.i + 1]
        if not (first.is_title and not first.is_sent_start and first.pos_ in _NAME_POS):
            continue
        end = tok.i + 2
        while end < len(doc) and doc[end].is_title:
            end += 1
        if end < len(doc) and _NAME_TAIL.match(doc[end].text) and not doc[end].is_title:
            end += 1  # "Justicia 11J"
        yield doc[tok.i + 1:end]


def _make_doc(vocab, text: str) -> Doc:
    words = text.split(" ")
    return Doc(vocab, words=words, spaces=[True] * (len(words) - 1) + [False])


# --- step 1: candidate name spans ---------------------------------------------------------------

def _candidates(doc: Doc) -> list[tuple[Span, str, str]]:
    """(span, type, via) from NER, rule patterns and the country list; overlaps resolved."""
    matcher, meta, phrases, (lower_phrases, orth_phrases) = _matchers(id(doc.vocab), doc.vocab)
    found: list[tuple[Span, str, str, int]] = []
    for key, start, end in list(matcher(doc)) + list(lower_phrases(doc)) + list(orth_phrases(doc)):
        row = meta[doc.vocab.strings[key]]
        found.append((doc[start:end], row["label"], "pattern", 3))
    label = _descriptor_rule()[1]
    found.extend((span, label, "pattern", 3) for span in _descriptor_names(doc))
    for _, start, end in phrases(doc):
        found.append((doc[start:end], "GPE", "pattern", 2))
    for ent in doc.ents:
        label = ent.label_
        if label in ("FAC", "LOC"):
            if fold(clean_name(ent.text)) in _rules()["countries"] or fold(clean_name(ent.text)) in _rules()["aliases"]:
                label = "GPE"
            else:
                continue
        if label in ACTOR_LABELS:
            found.append((ent, label, "ner", 1))
    found.extend((span, "PERSON", "rule", 0) for span in _missed_person_names(doc, [f[0] for f in found]))
    found.extend((span, label, "rule", 0) for span, label in _untagged_sources(doc, [f[0] for f in found]))
    # Known names and descriptor patterns first; then the longer span ("Kenya National
    # Commission on Human Rights" over the country "Kenya" inside it); overlaps dropped.
    found.sort(key=lambda f: (-(f[3] == 3), -(f[0].end - f[0].start), -f[3], f[0].start))
    taken = [False] * len(doc)
    kept = []
    for span, label, via, _ in found:
        if any(taken[i] for i in range(span.start, span.end)):
            continue
        for i in range(span.start, span.end):
            taken[i] = True
        kept.append((span, label, via))
    kept.sort(key=lambda k: k[0].start)
    return kept


def _missed_person_names(doc: Doc, known: list[Span]) -> Iterable[Span]:
    """Title-case sequences the model did not tag that start with a known given name
    ("Félix Navarro" in a list of names)."""
    names = given_names()
    covered = set()
    for span in known:
        covered.update(range(span.start, span.end))
    # Surnames the model tagged as a person somewhere ("Lukwago"): an untagged "Erias Lukwago"
    # earlier on is the same person's full name.
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON"}
    for i in _indices(texts(doc), surnames):
        if i == 0:
            continue
        tok = doc[i]
        if tok.text in surnames and i - 1 not in covered and doc[i - 1].is_title and doc[i - 1].is_alpha \
                and doc[i - 1].pos_ == "PROPN" and not doc[i - 1].is_sent_start \
                and doc[i - 1].lower_ not in _rules()["titles_set"] and doc[i - 1].lower_ not in _rules()["org_words"]:
            start = i - 1
            if start - 1 >= 0 and start - 1 not in covered and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" \
                    and not doc[start - 1].is_sent_start and doc[start - 1].lower_ not in _rules()["titles_set"]:
                start -= 1
            end = i + 1
            if any(k in covered for k in range(start, i)):
                continue
            # The span may cover a one-token entity on the surname: the longer span wins later.
            yield doc[start:end]
            covered.update(range(start, end))
    i = 0
    words_of = texts(doc)
    while i < len(doc):
        if not words_of[i][:1].isupper():
            i += 1
            continue
        tok = doc[i]
        if i in covered or not (tok.is_title and tok.is_alpha) or fold(tok.text) not in names:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j not in covered and j - i < 5 and (
                doc[j].is_title and (doc[j].is_alpha or "-" in doc[j].text)
                or doc[j].lower_ in ("de", "da", "del", "dos", "van", "von", "al", "bin", "el")
                and j + 1 < len(doc) and doc[j + 1].is_title):
            j += 1
        words = [t.lower_ for t in doc[i:j]]
        # At a sentence start only when the name goes on with a proper noun ("Ana Torres said").
        starts_ok = not tok.is_sent_start or (j - i >= 2 and doc[i + 1].pos_ == "PROPN")
        if j - i >= 2 and starts_ok and not any(w in _rules()["org_words"] for w in words) \
                and fold(doc[i:j].text) not in _rules()["countries"]:
            yield doc[i:j]
        i = max(j, i + 1)


@lru_cache(maxsize=1)
def _cue_lemmas() -> frozenset[str]:
    return frozenset(load_json("cue_verbs.json")["verbs"])


def _untagged_sources(doc: Doc, known: list[Span]) -> Iterable[tuple[Span, str]]:
    """A title-case name the model did not tag, in a place only an actor can stand: the object
    of "according to" ("According to Prisoners Defenders, ...") or the subject of a
    communication verb. A person when it starts with a given name, else an organisation."""
    covered = {i for span in known for i in range(span.start, span.end)}
    rules = _rules()
    words_of = texts(doc)
    for i in range(len(doc)):
        if not words_of[i][:1].isupper() or i in covered:
            continue
        tok = doc[i]
        if not (tok.pos_ in ("PROPN", "NOUN") and tok.is_title and not tok.is_sent_start):
            continue
        head = tok.head
        slot = (tok.dep_ == "pobj" and head.lower_ == "to" and head.i > 0 and doc[head.i - 1].lower_ == "according") \
            or (tok.dep_ == "nsubj" and head.lemma_.lower() in _cue_lemmas())
        if not slot:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].dep_ == "compound" and start - 1 not in covered \
                and doc[start - 1].lower_ not in rules["titles_set"]:
            start -= 1
        span = doc[start:tok.i + 1]
        if len(span) < 2 and not span[0].is_upper:
            continue  # one capitalised word is too often not a name ("Police said")
        if fold(span.text) in rules["countries"] or fold(span.text) in rules["generic"]:
            continue
        yield span, ("PERSON" if fold(span[0].text) in given_names() else "ORG")
        covered.update(range(span.start, span.end))


def _recurring_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A multi-word name recognised once is the same name wherever it recurs untagged."""
    covered = {i for m in mentions for i in range(m.tok_start, m.tok_end)}
    by_text: dict[tuple[str, ...], Mention] = {}
    for m in mentions:
        if m.via in ("ner", "pattern", "rule") and m.type in ("ORG", "PERSON") and len(m.text.split()) >= 2:
            by_text.setdefault(tuple(t.text for t in doc[m.tok_start:m.tok_end]), m)
    added = []
    words_of = texts(doc)
    firsts: dict[str, list[int]] = {}
    for i, word in enumerate(words_of):
        firsts.setdefault(word, []).append(i)
    for words, m in by_text.items():
        n = len(words)
        for i in firsts.get(words[0], ()):
            if any(k in covered for k in range(i, i + n)):
                continue
            if tuple(words_of[i:i + n]) == words:
                span = doc[i:i + n]
                added.append(Mention(span.start_char, span.end_char, span.text, m.name, m.type, i, i + n, "rule",
                                     set(m.titles)))
                covered.update(range(i, i + n))
    return added


# --- step 2: clean spans and fix types -----------------------------------------------------------

def _trim_span(span: Span) -> Optional[Span]:
    """Drop a leading determiner/title words and a trailing possessive from a name span."""
    doc = span.doc
    start, end = span.start, span.end
    while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’", ".", ",", "-") or doc[end - 1].is_space):
        end -= 1
    titles = _rules()["titles_set"]
    while start < end - 1 and (doc[start].lower_ in ("the", "a", "an") or doc[start].lower_ in titles
                               and doc[start].pos_ != "PROPN" or doc[start].lower_ in titles and doc[start + 1].is_title
                               and span.label_ == "PERSON"):
        start += 1
    return doc[start:end] if end > start else None


def _is_modifier(span: Span) -> bool:
    """A nationality word used as an adjective ("the Cuban regime", "Syrian leader")."""
    root = span.root
    return root.dep_ in ("amod", "compound", "nmod") and root.head.i >= span.end and root.tag_ in ("JJ", "NNP", "NNPS") \
        and not root.text.endswith("s")


def _followed_by_who(span: Span) -> bool:
    """'Lukwago, who is also the Lord Mayor': only people take "who"."""
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].lower_ == "who" \
        and fold(span.text) not in _rules()["countries"]


def _person_like(span: Span) -> bool:
    words = [t for t in span if not t.is_punct]
    if not 1 < len(words) <= 5 or any(t.like_num for t in words):
        return False
    if any(t.lower_ in _rules()["org_words"] for t in words):
        return False
    return fold(words[0].text) in given_names() and all(t.is_title or t.lower_ in ("de", "del", "da", "dos") for t in words)


def _extend_org(span: Span) -> Span:
    """'Law Society' + 'of Kenya' -> 'Law Society of Kenya'; the model often stops before "of"."""
    doc = span.doc
    end = span.end
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].is_title and not doc[end + 1].is_sent_start:
        k = end + 1
        while k < len(doc) and (doc[k].is_title or doc[k].lower_ in ("and", "the") and k + 1 < len(doc)
                                and doc[k + 1].is_title) and k - end < 6:
            k += 1
        return doc[span.start:k]
    return span


def _abbreviated_name(doc: Doc, span: Span) -> Optional[tuple[Span, str]]:
    """'The Kenya Medical Practitioners, Pharmacists and Dentists Union (KMPDU)': the full name
    written before a parenthesised abbreviation, which the model often splits at commas."""
    end = span.end
    if not (end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")"):
        return None
    abbr = doc[end + 1].text
    if not (2 <= len(abbr.replace(".", "")) <= 8 and abbr.replace(".", "").isupper()):
        return None
    start = span.start
    while start > 0 and (doc[start - 1].is_title or doc[start - 1].lower_ in (",", "and", "of", "for", "&", "on", "in",
                                                                           "to", "against")
                         and start > 1 and doc[start - 2].is_title) and doc[start - 1].lower_ != "the":
        start -= 1
        if doc[start].is_sent_start:
            break
    while doc[start].lower_ in (",", "and", "of", "for", "on", "in", "to", "against"):
        start += 1
    full = doc[start:end]
    if full.text[:1].upper() != abbr[:1]:
        full = span
    return full, abbr


def _initial_mentions(doc: Doc) -> list[Mention]:
    rules = _rules()
    mentions: list[Mention] = []
    extended = []
    for span, label, via in _candidates(doc):
        if label in ("ORG", "GPE", "PERSON"):
            found = _abbreviated_name(doc, span)
            if found is not None:
                span, label = found[0], "ORG"
            elif label == "ORG":
                span = _extend_org(span)
        extended.append((span, label, via))
    # Longest first, so a full name written before "(ABBR)" wins over the pieces the model saw.
    extended.sort(key=lambda c: (-(c[0].end - c[0].start), c[0].start))
    candidates = []
    taken: set[int] = set()
    for span, label, via in extended:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        candidates.append((span, label, via))
    candidates.sort(key=lambda c: c[0].start)
    for span, label, via in candidates:
        trimmed = _trim_span(span)
        if trimmed is None:
            continue
        text = trimmed.text
        if label == "NORP":
            if _is_modifier(trimmed) or fold(text) in rules["generic"]:
                continue
        if label == "PERSON" and any(ch.isdigit() for ch in text):
            label = "ORG"
        if label == "PERSON" and len(trimmed) == 1 and trimmed.root.dep_ == "pobj" and trimmed.root.head.lower_ == "in":
            label = "GPE"  # "families interviewed in Sylhet": people are not "in" a person
        if label in ("ORG", "GPE") and via != "pattern" and (_person_like(trimmed) or _followed_by_who(trimmed)):
            label = "PERSON"
        if label == "ORG" and fold(text) in rules["countries"]:
            label = "GPE"
        if label in ("PERSON", "GPE", "NORP") and trimmed.root.dep_ == "compound" and fold(text) not in rules["countries"] \
                and trimmed.root.head.lower_ in ("party", "movement", "group", "union", "coalition", "alliance", "front"):
            label = "ORG"  # "the ruling Frelimo party"
        if fold(text) in rules["generic"] or len(text) < 2:
            continue
        if label == "ORG" and _is_title_portfolio(trimmed):
            continue
        if label == "ORG":
            while len(trimmed) > 1 and trimmed[-1].is_lower and trimmed[-1].is_alpha:
                trimmed = trimmed[:-1]  # "the ruling Frelimo party" names "Frelimo"
            text = trimmed.text
        titles = _preceding_titles(doc, trimmed)
        name = strip_titles(clean_name(text)) if label == "PERSON" else clean_name(text)
        if via == "pattern" and span.start > 0 and doc[span.start - 1].lower_ in rules["descriptions"]:
            # "the NGO Foro Penal": the mention as written spans the descriptor; a capitalised
            # descriptor is part of the name ("The Daily Nation").
            descriptor = doc[span.start - 1]
            first = span.start - 1 - (1 if span.start > 1 and doc[span.start - 2].lower_ == "the" else 0)
            titles.add(descriptor.lower_)
            trimmed = doc[first:trimmed.end]
            if descriptor.is_title and not descriptor.is_sent_start and not descriptor.is_upper:
                name = clean_name(doc[descriptor.i:span.end].text)
        mentions.append(Mention(trimmed.start_char, trimmed.end_char, trimmed.text, name, label,
                                trimmed.start, trimmed.end, via, titles))
    return mentions


def _is_title_portfolio(span: Span) -> bool:
    """'Education Cabinet' in 'Education Cabinet Secretary Julius Ogamba': part of a title."""
    doc = span.doc
    portfolio = _rules()["portfolio_set"]
    if not all(t.lower_ in portfolio for t in span):
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is not None and (nxt.lower_ in _rules()["titles_set"] or nxt.lower_ in portfolio)


def _preceding_titles(doc: Doc, span: Span) -> set[str]:
    """Title words written before a name ("Interior Minister X", "the acting president of Y, X")."""
    titles_set = _rules()["titles_set"]
    found: set[str] = set()
    i = span.start - 1
    while i >= 0 and (doc[i].lower_ in titles_set or doc[i].is_title and doc[i].pos_ in ("NOUN", "PROPN", "ADJ")
                      and i - 1 >= 0 and doc[i - 1].lower_ in titles_set) and span.start - i <= 3:
        if doc[i].lower_ in titles_set:
            found.add(doc[i].lower_)
        i -= 1
    root = span.root
    if root.dep_ == "appos" and root.head.i < span.start:
        head = root.head
        found.add(head.lower_)
        found.update(t.lower_ for t in head.lefts if t.lower_ in titles_set)
    for child in root.children:
        if child.dep_ == "appos":
            found.add(child.lower_)
    return found


# --- step 3: canonical names over the whole document ------------------------------------------------

def _extend_given_names(doc: Doc, mentions: list[Mention]) -> None:
    """'Erias Lukwago' where the model saw only 'Lukwago' (or nothing) before a one-word name
    it typed as a person: an untagged proper noun right before the surname is the given name."""
    rules = _rules()
    covered = {i for m in mentions for i in range(m.tok_start, m.tok_end)}
    surnames = {m.name for m in mentions if m.type == "PERSON" and len(m.name.split()) == 1}
    for i in _indices(texts(doc), surnames):
        tok = doc[i]
        if tok.i not in covered:
            mentions.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, tok.text, "PERSON", tok.i, tok.i + 1,
                                    "rule"))
            covered.add(tok.i)
    mentions.sort(key=lambda m: m.tok_start)
    for m in mentions:
        if m.type != "PERSON" or m.name not in surnames or m.tok_start == 0:
            continue
        prev = doc[m.tok_start - 1]
        if prev.i in covered or not (prev.is_title and prev.is_alpha and prev.pos_ == "PROPN"):
            continue
        if prev.lower_ in rules["titles_set"] or prev.lower_ in rules["org_words"] or fold(prev.text) in rules["countries"]:
            continue
        span = doc[prev.i:m.tok_end]
        m.start, m.tok_start, m.text = span.start_char, span.start, span.text
        m.name = strip_titles(clean_name(span.text))
        covered.add(prev.i)


def _canonicalise(mentions: list[Mention], doc_text: str) -> None:
    rules = _rules()
    # (start, name words) of every person mention as it stands before this pass, in document order.
    persons = sorted((m.start, m.name.split()) for m in mentions if m.type == "PERSON")
    # Surnames or partial names -> the fullest name whose words end with or contain them.
    for m in mentions:
        if m.type not in ("PERSON", "ORG", "GPE"):
            continue
        words = m.name.split()
        fits = [(start, fw) for start, fw in persons
                if len(fw) > len(words) and (fw[-len(words):] == words or _contains(fw, words))]
        if not fits:
            continue
        if m.type != "PERSON" and fold(m.name) in rules["countries"]:
            continue
        m.name, m.type = " ".join(_nearest_fullest(fits, m.start)), "PERSON"
    aliases = {}
    for m in mentions:
        m_end = m.end
        tail = doc_text[m_end:m_end + 12]
        paren = re.match(r"\s*\(([A-Z][A-Z.&]{1,8})\)", tail)
        if paren and m.type in ("ORG", "GPE"):
            aliases[paren.group(1)] = m.name
    for m in mentions:
        if m.name in aliases and aliases[m.name] != m.name:
            m.name, m.type = aliases[m.name], "ORG" if m.type != "GPE" else m.type
    # Longest first; names of one length in the order the article first uses them.
    orgs = sorted(dict.fromkeys(m.name for m in sorted(mentions, key=lambda m: m.start) if m.type == "ORG"),
                  key=len, reverse=True)
    for m in mentions:
        if m.type != "ORG":
            continue
        words = m.name.split()
        for full in orgs:
            if full == m.name:
                break
            fw = full.split()
            # "Amnesty" -> "Amnesty International", "Law Society" -> "Law Society of Kenya"; but
            # "United Nations" is its own body, not "United Nations Human Rights Council".
            partial = len(words) == 1 and words[0] in fw or \
                fw[:len(words)] == words and len(fw) > len(words) and fw[len(words)] in ("of", "for", "on")
            if partial or _is_abbreviation(m.name, full):
                m.name = full
                break
    for m in mentions:
        if m.type == "ORG" and m.name in rules["org_aliases"] and rules["org_aliases"][m.name] in doc_text:
            m.name = rules["org_aliases"][m.name]
    for m in mentions:
        if m.type in ("GPE", "NORP") or m.via == "government":
            key = fold(m.name)
            if key in rules["aliases"]:
                m.name = rules["aliases"][key]
            elif key in rules["cond_aliases"]:
                full = rules["cond_aliases"][key]
                if full in doc_text:
                    m.name = full
            elif key in rules["countries"]:
                m.name = rules["countries"][key]


def _nearest_fullest(fits: list[tuple[int, list[str]]], start: int) -> list[str]:
    """The tie rule for a partial name with several fuller candidates ("Clinton" after "Bill
    Clinton" and "Hillary Clinton"): the candidates with the most words; of those, the one
    mentioned nearest before ``start``; with none before it, the first in the document.
    ``fits`` holds (start, name words) in document order."""
    most = max(len(words) for _, words in fits)
    longest = [(s, words) for s, words in fits if len(words) == most]
    before = [words for s, words in longest if s < start]
    return before[-1] if before else longest[0][1]


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))


def _is_abbreviation(short: str, full: str) -> bool:
    letters = short.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isupper()):
        return False
    initials = "".join(w[0] for w in full.split() if w[:1].isupper())
    return initials == letters


# --- step 4: governments, armed forces, descriptions, pronouns ---------------------------------------

def _country_of(token: Token, mentions_by_tok: dict[int, Mention]) -> Optional[str]:
    rules = _rules()
    for child in token.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            m = mentions_by_tok.get(child.i)
            if m is not None and m.type == "GPE":
                return m.name
            demonym = rules["demonyms"].get(fold(child.text))
            if demonym:
                return demonym
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                m = mentions_by_tok.get(obj.i)
                if m is not None and m.type == "GPE":
                    return m.name
    return None


def _governments_and_forces(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    rules = _rules()
    by_tok = {i: m for m in mentions for i in range(m.tok_start, m.tok_end)}
    added: list[Mention] = []
    last_country: Optional[str] = None
    gpe_counts: dict[str, int] = {}
    heads = rules["gov"] | ARMED
    events = sorted([(m.tok_start, "m", m) for m in mentions] +
                    [(i, "t", doc[i]) for i in _indices(lowers(doc), heads)], key=lambda e: (e[0], e[1]))
    for _, kind, item in events:
        if kind == "m":
            if item.type == "GPE" and fold(item.name) in rules["countries"]:
                gpe_counts[item.name] = gpe_counts.get(item.name, 0) + 1
            continue
        token: Token = item
        if token.i in by_tok:
            continue
        low = token.lower_
        speaker_head = token.dep_ == "compound" and token.head.lower_ in SPEAKERS
        if low in rules["gov"] and token.pos_ in ("NOUN", "PROPN") and (token.dep_ != "compound" or speaker_head):
            dets = [c for c in token.children if c.dep_ == "det" and c.lower_ in ("the", "this", "that")]
            country = _country_of(token, by_tok)
            has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
            if country is None and not dets and not speaker_head:
                continue
            if country is None:
                country = last_country or (max(gpe_counts, key=gpe_counts.get) if gpe_counts else None)
            if country is None:
                continue
            last_country = country
            start = min([token.i] + [c.i for c in token.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nmod")])
            end = token.i + 1
            if has_of:
                for c in token.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        end = max(end, c.right_edge.i + 1)
            span = doc[start:end]
            added.append(Mention(span.start_char, span.end_char, span.text, country, "GPE", start, end, "government"))
        elif low in ARMED and token.pos_ == "NOUN":
            mods = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
            qualifier = next((c for c in mods if (by_tok.get(c.i) and by_tok[c.i].type in ("GPE", "PERSON"))
                              or fold(c.text) in rules["demonyms"]), None)
            if qualifier is None:
                continue
            start = min(c.i for c in mods if c.i >= qualifier.i - 1) if mods else token.i
            if qualifier.i in by_tok:
                start = min(start, by_tok[qualifier.i].tok_start)
            span = doc[start:token.i + 1]
            name = clean_name(span.text)
            added.append(Mention(span.start_char, span.end_char, span.text, name, "ORG", start, token.i + 1, "rule"))
    return added


def _resolve_references(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Definite descriptions and pronouns -> the most recent fitting actor."""
    rules = _rules()
    descriptions = rules["descriptions"]
    pronouns = rules["pronouns"]
    occupied = {i for m in mentions for i in range(m.tok_start, m.tok_end)}
    ordered = sorted(mentions, key=lambda m: m.tok_start)
    added: list[Mention] = []
    starts = sent_starts(doc)

    def sentences_back(i: int, j: int) -> int:
        return bisect_right(starts, i) - bisect_right(starts, j)

    def previous(i: int) -> list[Mention]:
        pool = [m for m in ordered + added if m.tok_end <= i]
        return sorted(pool, key=lambda m: m.tok_start, reverse=True)

    candidates = set(pronouns) | {phrase.split()[-1] for phrase in descriptions}
    for i in _indices(lowers(doc), candidates):
        token = doc[i]
        if token.i in occupied:
            continue
        low = token.lower_
        # Two-word descriptions first ("the rights group", "the prime minister").
        phrase = None
        if token.i > 0 and f"{doc[token.i - 1].lower_} {low}" in descriptions:
            phrase = f"{doc[token.i - 1].lower_} {low}"
        elif low in descriptions:
            phrase = low
        if phrase and token.pos_ in ("NOUN", "PROPN"):
            rule = descriptions[phrase]
            det = [c for c in token.lefts if c.dep_ == "det"]
            if not det or det[0].lower_ not in ("the", "this"):
                continue
            if any(c.dep_ in ("prep", "appos", "compound") and c.i > token.i for c in token.children) \
                    and rule["type"] == "ORG" and token.i + 1 < len(doc) and doc[token.i + 1].is_title:
                continue
            if token.dep_ == "compound":
                continue
            target = _find_antecedent(token, rule, phrase, previous(token.i), doc, ordered)
            if target is None:
                continue
            start = det[0].i
            span = doc[start:token.i + 1]
            added.append(Mention(span.start_char, span.end_char, span.text, target.name, target.type,
                                 start, token.i + 1, "description", set(target.titles)))
            continue
        if low in pronouns and token.pos_ == "PRON":
            target = next((m for m in previous(token.i) if m.type == "PERSON" and _gender_fits(low, m.name)), None)
            if target is not None and sentences_back(token.i, target.tok_start) <= 3:
                added.append(Mention(token.idx, token.idx + len(token.text), token.text, target.name, "PERSON",
                                     token.i, token.i + 1, "pronoun", set(target.titles)))
    return added


def _gender(name: str) -> str:
    """'male', 'female' or 'unknown' from the first name (gender-guesser's dictionary)."""
    return gender_of(name.split()[0]) if name.split() else "unknown"


def _gender_fits(pronoun: str, name: str) -> bool:
    """A pronoun never refers to a person whose first name says the other gender; unknown
    names fit both (the seed's translation calls Delcy Rodríguez "he")."""
    gender = _gender(name)
    if pronoun in ("he", "him", "his"):
        return gender != "female"
    if pronoun in ("she", "her", "hers"):
        return gender != "male"
    return True


def _find_antecedent(token: Token, rule: dict, phrase: str, pool: list[Mention], doc: Doc,
                     everything: list[Mention]) -> Optional[Mention]:
    for child in token.children:
        if child.dep_ == "appos":  # "The U.N. refugee agency, UNHCR, said"
            for m in everything:
                if m.tok_start <= child.i < m.tok_end:
                    return m
    head_word = phrase.split()[-1]
    if "place" in rule:
        countries = _rules()["countries"]
        for m in pool:
            if m.type == "GPE" and m.via != "description" and (fold(m.name) in countries) == (rule["place"] == "country"):
                return m
        return None
    for m in pool:
        if m.type != rule["type"] or m.via == "government":
            continue
        if rule["type"] == "PERSON":
            if phrase in m.titles or head_word in m.titles:
                return m
            continue
        name = fold(m.name)
        words = set(re.findall(r"\w+", name))
        if any(w in words for w in rule.get("not_words", [])):
            continue
        if rule.get("described_only"):
            if phrase in m.titles or head_word in m.titles:
                return m
            continue
        if not rule["name_words"] or any(w in words for w in rule["name_words"]) or head_word in m.titles:
            return m
    return None


def _surname_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Later references by surname ("Ruto told journalists") or by an abbreviation defined
    earlier ("... (KNCHR)", then "KNCHR chairperson") that the model did not tag."""
    # Each key's candidates in document order; a word takes the nearest one before it.
    surnames: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: (m.tok_start, m.tok_end)):
        if m.type == "PERSON" and len(m.name.split()) >= 2:
            surnames.setdefault(m.name.split()[-1], []).append(m)
    text = doc_text(doc)
    for m in mentions:
        paren = re.match(r"\s*\(([A-Z][A-Z.&]{1,8})\)", text[m.end:m.end + 12])
        if paren and m.type == "ORG":
            surnames.setdefault(paren.group(1), [m])
    covered = {i for m in mentions for i in range(m.tok_start, m.tok_end)}
    added = []
    keys = set(surnames) | {k + "'s" for k in surnames} | {k + "’s" for k in surnames}
    for i in _indices(texts(doc), keys):
        tok = doc[i]
        before = [m for m in surnames.get(strip_possessive_token(tok.text), ()) if m.tok_start <= tok.i]
        target = before[-1] if before else None
        if target is None or tok.i in covered or not (tok.is_title or tok.is_upper):
            continue
        text = strip_possessive_token(tok.text)
        added.append(Mention(tok.idx, tok.idx + len(text), text, target.name, target.type, tok.i, tok.i + 1, "rule",
                             set(target.titles)))
    return added


def strip_possessive_token(text: str) -> str:
    return text[:-2] if text.endswith(("'s", "’s")) else text


def find_actors(doc: Doc) -> list[Mention]:
    """All actor mentions of the document in reading order, with canonical names."""
    mentions = _initial_mentions(doc)
    mentions += _recurring_names(doc, mentions)
    _extend_given_names(doc, mentions)
    _canonicalise(mentions, doc_text(doc))
    mentions += _surname_mentions(doc, mentions)
    mentions += _governments_and_forces(doc, mentions)
    _canonicalise(mentions, doc_text(doc))
    mentions += _resolve_references(doc, mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def mentions_in(span: Span, mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.start >= span.start_char and m.end <= span.end_char]


class ActorStage(Stage):
    """Actor mentions of the whole document (``doc._.actor_mentions``, for later stages) and
    each claim's actor records (``span._.actors``)."""
    needs = ("claims_sentences",)

    def process(self, doc: Doc) -> Doc:
        mentions = find_actors(doc)
        doc._.actor_mentions = mentions
        for claim in doc._.claims:
            claim._.actors = [m.as_record() for m in mentions_in(claim, mentions)]
        return doc


@Language.factory("claims_actors", requires=["doc._.claims", "doc.ents", "token.dep"],
                  assigns=["doc._.actor_mentions", "span._.actors"], default_config=DEFAULT_CONFIG)
def make_actors(nlp: Language, name: str, lang: str, pack_path: Optional[str]) -> ActorStage:
    return ActorStage(nlp, name, lang=lang, pack_path=pack_path)
