"""Actors (claims-spec 3): named people, organisations, places and groups, plus the
descriptions and pronouns that refer to them, each with its canonical name.

The statistical NER proposes names; rules from the pack (``actors.json``, ``countries.json``,
``actor_patterns.jsonl``) fix what it gets wrong on this genre (Spanish surnames typed ORG,
names it misses in lists, governments that stand for their country) and resolve "the NGO",
"the regime" and "he" to the actor they refer to.

``find_actors`` runs ``PASSES`` in order over one list of mentions. Each pass is
``pass(doc, mentions, rules) -> mentions``; the runner stamps every mention a pass created or
changed with that pass's name (``Mention.by``), which the stage writes to ``span._.decisions``.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from types import MappingProxyType
from typing import Callable, Iterable, Mapping, Optional

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ..normalize.names import clean_name, longest_first, strip_titles
from ..packs import ActorPattern, Description, Pack
from ..resources import fold as _fold
from . import extensions  # noqa: F401
from .base import DEFAULT_CONFIG, Stage, default_pack
from .sentences import compile_rules as sentence_rules
from .sentences import is_boilerplate_line
from .extensions import doc_text, lowers, paragraph_before, scratch, sent_starts, texts

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
FIRST = "initial_mentions"  # the pass whose mentions are plain finds, not links
_ABBREVIATION = re.compile(r"\s*\(([A-Z][A-Z.&]{1,8})\)")
_NAME_POS = ("PROPN", "NOUN", "ADJ", "VERB", "NUM")
_NAME_TAIL = re.compile(r"^(\d+[A-Z]?|[A-Z][A-Za-z]*)$")
_TRAILING = ("'s", "’s", "'", "’", ".", ",", "-")


@dataclass
class Mention:
    """One actor mention; ``start``/``end`` are character offsets into the document, ``by``
    the pass that created it or last changed its name, type or extent."""
    start: int
    end: int
    text: str
    name: str
    type: str
    tok_start: int
    tok_end: int
    via: str = "ner"           # ner | pattern | rule | government | description | pronoun
    titles: set = field(default_factory=set)
    by: str = FIRST
    gender: str = ""           # male | female, when the article says so (``article_genders``)

    def as_record(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "name": self.name, "type": self.type}

    def as_decision(self) -> dict:
        return {"field": "actors", "text": self.text, "start": self.start, "end": self.end, "by": self.by,
                "action": "linked"}


# --- rules, compiled once per pack and vocab ------------------------------------------------------

@dataclass(frozen=True, eq=False)
class ActorRuleSet:
    """The actor rules of one pack: word sets, name tables and the matchers over one vocab."""
    titles: frozenset[str]
    titles_longest: tuple[str, ...]
    honours_longest: tuple[str, ...]
    portfolio: frozenset[str]
    org_words: frozenset[str]
    generic: frozenset[str]
    gov: frozenset[str]
    bare_gov: frozenset[str]
    local_gov: frozenset[str]
    local_places: Mapping[str, str]
    local_bare: frozenset[str]
    local_bodies: Mapping[str, str]
    beside_words: frozenset[str]
    at_place_preps: frozenset[str]
    armed: frozenset[str]
    speakers: frozenset[str]
    gov_determiners: frozenset[str]
    description_determiners: frozenset[str]
    possessive_determiners: frozenset[str]
    articles: frozenset[str]
    party_heads: frozenset[str]
    name_particles: frozenset[str]
    given_name_particles: frozenset[str]
    org_joiners: frozenset[str]
    abbreviation_joiners: frozenset[str]
    abbreviation_drop: frozenset[str]
    partial_joiners: frozenset[str]
    male: frozenset[str]
    female: frozenset[str]
    given_names: frozenset[str]
    female_percent: Mapping[str, int]
    name_gender_percent: int
    gendered_titles: Mapping[str, str]
    honorifics: frozenset[str]
    country_titles: frozenset[str]
    leading_verbs: frozenset[str]
    facility_nouns: frozenset[str]
    street_nouns: frozenset[str]
    vessel_nouns: frozenset[str]
    descriptions: Mapping[str, Description]
    corporate_words: frozenset[str]  # the "company" description's name words ("Plc", "Breweries", "Air")
    role_bodies: Mapping[str, tuple[str, ...]]
    pronouns: frozenset[str]
    first_person: Mapping[str, str]
    untagged_first_person: frozenset[str]
    body_heads: frozenset[str]
    org_name_heads: frozenset[str]
    not_region_words: frozenset[str]
    neuter_pronouns: frozenset[str]
    collective_pronouns: frozenset[str]
    collective_heads: frozenset[str]
    role_words: frozenset[str]
    description_heads: frozenset[str]
    quotes: object
    lines: object  # the sentence stage's rules: which lines are headings
    org_aliases: Mapping[str, str]
    demonyms: Mapping[str, str]
    aliases: Mapping[str, str]
    cond_aliases: Mapping[str, str]
    written_forms: frozenset[str]
    place_demonyms: Mapping[str, str]
    currency_symbols: tuple[str, ...]
    countries: Mapping[str, str]
    cue_lemmas: frozenset[str]
    descriptors: frozenset[str]
    descriptor_label: str
    caption_words: frozenset[str]
    post_nominals: frozenset[str]
    compass_words: frozenset[str]
    place_nouns: frozenset[str]
    inhabitant_nouns: frozenset[str]
    place_part_nouns: frozenset[str]
    place_groups: Mapping[str, int]
    body_scope_words: frozenset[str]
    common_body_heads: frozenset[str]
    feature_first_words: frozenset[str]
    sole_body_heads: frozenset[str]
    recurring_body_heads: frozenset[str]
    place_titles: frozenset[str]
    acronym_words: frozenset[str]
    holder_bodies: Mapping[str, str]
    not_body_modifiers: frozenset[str]  # cue_verbs.json described_bodies: 'the same office' stays generic
    not_actor_names: frozenset[str]
    role_kin: Mapping[str, frozenset[str]]
    naming_words: tuple[tuple[str, ...], ...]
    matcher: Matcher
    pattern_rows: Mapping[str, ActorPattern]
    lower_phrases: PhraseMatcher
    orth_phrases: PhraseMatcher
    country_phrases: PhraseMatcher


def _is_phrase(pattern: list[dict]) -> bool:
    """A pattern that is only a fixed sequence of lower-case words: a PhraseMatcher finds it
    far more cheaply than the token Matcher."""
    return all(set(tok) == {"LOWER"} and isinstance(tok["LOWER"], str) for tok in pattern)


def _make_doc(vocab: Vocab, text: str) -> Doc:
    words = text.split(" ")
    return Doc(vocab, words=words, spaces=[True] * (len(words) - 1) + [False])


def _matchers(pack: Pack, vocab: Vocab) -> dict:
    matcher = Matcher(vocab)
    lower_phrases = PhraseMatcher(vocab, attr="LOWER")
    orth_phrases = PhraseMatcher(vocab)
    rows: dict[str, ActorPattern] = {}
    for i, row in enumerate(pack.actor_patterns):
        key = f"actor-{i}"
        rows[key] = row
        if row.descriptors:
            continue  # scanned directly in _descriptor_names
        if row.words:
            orth_phrases.add(key, [_make_doc(vocab, w) for w in row.words])
        elif _is_phrase(row.pattern):
            lower_phrases.add(key, [_make_doc(vocab, " ".join(tok["LOWER"] for tok in row.pattern))])
        else:
            matcher.add(key, [row.pattern], greedy="LONGEST")
    country_phrases = PhraseMatcher(vocab)
    country_phrases.add("COUNTRY", [_make_doc(vocab, c) for c in pack.countries.countries])
    descriptor = next((row for row in pack.actor_patterns if row.descriptors), None)
    return {"matcher": matcher, "pattern_rows": MappingProxyType(rows), "lower_phrases": lower_phrases,
            "orth_phrases": orth_phrases, "country_phrases": country_phrases,
            "descriptors": frozenset(descriptor.descriptors if descriptor else ()),
            "descriptor_label": descriptor.label if descriptor else "ORG"}


def _folded(table: dict[str, str]) -> Mapping[str, str]:
    return MappingProxyType({fold(k): v for k, v in table.items()})


def _name_tables(pack: Pack) -> dict:
    """Given names (``names.json``) and the titles that say a gender."""
    a, table = pack.actors, pack["names.json"].female_percent
    # A title ("Chief", "Lord") or a word the pack lists is no evidence of a person, even if
    # some babies were given it.
    not_names = {fold(t) for t in (*a.titles, *a.honours)} | {fold(w) for w in a.not_given_names}
    return {"given_names": frozenset(table) - not_names, "female_percent": MappingProxyType(dict(table)),
            "name_gender_percent": a.name_gender_percent,
            "gendered_titles": MappingProxyType({t.lower(): g for g in sorted(a.gendered_titles)
                                                 for t in a.gendered_titles[g]})}


def _all_descriptions(pack: Pack) -> Mapping[str, Description]:
    """The pack's description rows, and one row for every body head noun (``body_heads``)
    without its own ("the network", "the directorate", "the observatory"): it describes a body
    whose name has that word, or one the article described with it."""
    a = pack.actors
    rows = dict(a.descriptions)
    for head in sorted(a.body_heads):
        rows.setdefault(head, Description(type="ORG", name_words=[head]))
    return MappingProxyType(rows)


def _description_words(pack: Pack) -> dict:
    """Head nouns of the descriptions: the pack's rows (and the body heads), one-word titles
    ("the mayor") and the "old" of "the 73-year-old"."""
    a = pack.actors
    roles = frozenset(t.lower() for t in a.titles if " " not in t and "." not in t) - set(a.not_role_words) \
        | set(a.role_nouns)
    heads = {phrase.split()[-1] for phrase in _all_descriptions(pack)} | roles | {"old"}
    return {"role_words": roles, "description_heads": frozenset(heads)}


def _reference_words(pack: Pack) -> dict:
    """The word classes of the reference sieve and of the region test."""
    a = pack.actors
    return {"first_person": MappingProxyType({w: number for number in sorted(a.first_person)
                                              for w in a.first_person[number]}),
            "untagged_first_person": frozenset(a.untagged_first_person),
            "honorifics": frozenset(h.lower() for h in (*a.honorifics, *a.honours) if " " not in h),
            "country_titles": frozenset(t.lower() for t in a.country_titles),
            "leading_verbs": frozenset(a.leading_verbs), "facility_nouns": frozenset(a.facility_nouns),
            "street_nouns": frozenset(a.street_nouns),
            "vessel_nouns": frozenset(a.vessel_nouns),
            "body_heads": frozenset(a.body_heads), "org_name_heads": frozenset(a.org_name_heads),
            "not_region_words": frozenset(a.not_region_words),
            "neuter_pronouns": frozenset(a.neuter_pronouns), "collective_pronouns": frozenset(a.collective_pronouns),
            "collective_heads": frozenset(a.collective_heads)}


def _quote_rules(pack: Pack) -> object:
    from .attribution import compile_rules as quote_rules  # attribution imports this module
    return quote_rules(pack)


def compile_rules(pack: Pack, vocab: Vocab) -> ActorRuleSet:
    """The pack's actor rules, with matchers over ``vocab``."""
    a, c = pack.actors, pack.countries
    descriptions = _all_descriptions(pack)
    return ActorRuleSet(
        titles=frozenset(t.lower() for t in a.titles), titles_longest=longest_first(a.titles),
        honours_longest=longest_first(a.honours),
        portfolio=frozenset(a.portfolio_words), org_words=frozenset(w.lower() for w in a.org_keywords),
        generic=frozenset(g.lower() for g in a.generic_plurals), gov=frozenset(a.government_nouns),
        bare_gov=frozenset(a.bare_government_nouns), local_gov=frozenset(a.local_government_words),
        local_places=MappingProxyType(dict(a.local_government_places)),
        local_bare=frozenset(a.local_bare_government_nouns),
        local_bodies=MappingProxyType(dict(a.local_government_bodies)),
        beside_words=frozenset(a.beside_place_words), at_place_preps=frozenset(a.building_prepositions),
        armed=frozenset(a.armed_nouns), speakers=frozenset(a.government_speaker_heads),
        gov_determiners=frozenset(a.government_determiners),
        description_determiners=frozenset(a.description_determiners),
        possessive_determiners=frozenset(a.possessive_determiners), articles=frozenset(a.leading_articles),
        party_heads=frozenset(a.party_heads), name_particles=frozenset(a.name_particles),
        given_name_particles=frozenset(a.given_name_particles), org_joiners=frozenset(a.org_name_joiners),
        abbreviation_joiners=frozenset(a.abbreviation_joiners),
        abbreviation_drop=frozenset(a.abbreviation_leading_drop), partial_joiners=frozenset(a.partial_name_joiners),
        male=frozenset(a.pronoun_genders.get("male", ())), female=frozenset(a.pronoun_genders.get("female", ())),
        **_name_tables(pack),
        descriptions=descriptions, corporate_words=_corporate_words(descriptions),
        pronouns=frozenset(a.pronouns),
        role_bodies=MappingProxyType({role.lower(): tuple(heads) for role, heads in a.role_bodies.items()}),
        **_reference_words(pack), **_description_words(pack), quotes=_quote_rules(pack), lines=sentence_rules(pack),
        org_aliases=MappingProxyType(dict(a.org_conditional_aliases)), demonyms=_folded(c.demonyms),
        aliases=_folded(c.aliases), cond_aliases=_folded(c.conditional_aliases),
        written_forms=frozenset(fold(f) for f in c.written_forms), place_demonyms=_folded(c.place_demonyms),
        currency_symbols=tuple(sorted(pack['currencies.json'].symbols, key=lambda k: (-len(k), k))),
        countries=MappingProxyType({fold(name): name for name in c.countries}),
        cue_lemmas=frozenset(pack.cues.verbs), caption_words=frozenset(w.lower() for w in a.caption_words),
        post_nominals=frozenset(a.post_nominals), compass_words=frozenset(w.lower() for w in a.compass_words),
        place_nouns=frozenset(a.place_nouns), inhabitant_nouns=frozenset(a.inhabitant_nouns),
        place_part_nouns=frozenset(a.place_part_nouns),
        body_scope_words=frozenset(a.body_scope_words),
        place_groups=MappingProxyType({noun: k for k, group in enumerate(a.place_noun_groups) for noun in group}),
        common_body_heads=frozenset(a.common_body_heads), feature_first_words=frozenset(a.feature_first_words),
        not_actor_names=frozenset(fold(n) for n in a.not_actor_names), sole_body_heads=frozenset(a.sole_body_heads),
        recurring_body_heads=frozenset(a.recurring_body_heads), place_titles=frozenset(a.place_titles),
        acronym_words=frozenset(a.acronym_words), holder_bodies=MappingProxyType(dict(a.holder_bodies)),
        not_body_modifiers=frozenset(pack.cues.described_bodies.not_modifiers),
        role_kin=_kin(a.role_kin), naming_words=tuple(tuple(w.lower().split()) for w in a.naming_words),
        **_matchers(pack, vocab))


def _corporate_words(descriptions: Mapping[str, Description]) -> frozenset[str]:
    company = descriptions.get("company")
    return frozenset(company.name_words if company is not None else ())


def _kin(groups: list[list[str]]) -> Mapping[str, frozenset[str]]:
    """Each kin word -> the words of its groups (itself included)."""
    kin: dict[str, set[str]] = {}
    for group in groups:
        for word in group:
            kin.setdefault(word.lower(), set()).update(w.lower() for w in group)
    return MappingProxyType({w: frozenset(ws) for w, ws in kin.items()})


@lru_cache(maxsize=8)
def default_rules(vocab: Vocab, pack_path: Optional[str] = None) -> ActorRuleSet:
    """The bundled (or ``pack_path``) pack's rules over ``vocab``, for tests and library callers
    of ``find_actors``; the stage compiles its own."""
    return compile_rules(default_pack(path=pack_path), vocab)


# The passes fold the same few names over and over: NFKD and casefold once per distinct string.
fold = lru_cache(maxsize=1 << 16)(_fold)


def _indices(words: list[str], wanted) -> list[int]:
    """Positions of the words in ``wanted``: passes that look for a few words skip creating a
    Token object for every other word of the document."""
    return [i for i, w in enumerate(words) if w in wanted]


def _covered(mentions: Iterable[Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.tok_start, m.tok_end)}


# --- candidate name spans ------------------------------------------------------------------------

def _inside_a_name(doc: Doc, i: int, rules: ActorRuleSet) -> bool:
    """A capitalised descriptor after a capitalised word is that name's own ("Kenya Mobile Users
    Association Stephen Otieno", "Zambia Daily Mail"); after "The" it still starts the name."""
    return doc[i].is_title and i > 0 and doc[i - 1].is_title and doc[i - 1].lower_ not in rules.articles \
        and not doc[i].is_sent_start


def _descriptor_names(doc: Doc, rules: ActorRuleSet) -> Iterable[Span]:
    """'the NGO Foro Penal', 'the daily El Nacional': title-case words after a descriptor."""
    for i in _indices(lowers(doc), rules.descriptors):
        if i + 1 >= len(doc) or _inside_a_name(doc, i, rules):
            continue
        first = doc[i + 1]
        if not (first.is_title and not first.is_sent_start and first.pos_ in _NAME_POS):
            continue
        end = i + 2
        # "the daily Jornal do Litoral": a name particle between capitalised words goes on with the name.
        while end < len(doc) and (doc[end].is_title or doc[end].lower_ in rules.name_particles
                                  and end + 1 < len(doc) and doc[end + 1].is_title):
            end += 1
        if end < len(doc) and _NAME_TAIL.match(doc[end].text) and not doc[end].is_title:
            end += 1  # "Justicia 11J"
        yield doc[i + 1:end]


def _pattern_candidates(doc: Doc, rules: ActorRuleSet) -> list[tuple[Span, str, str, int]]:
    """Known names, descriptor patterns (rank 3) and countries (rank 2) from the pack."""
    found = []
    for key, start, end in list(rules.matcher(doc)) + list(rules.lower_phrases(doc)) + list(rules.orth_phrases(doc)):
        found.append((doc[start:end], rules.pattern_rows[doc.vocab.strings[key]].label, "pattern", 3))
    found.extend((span, rules.descriptor_label, "pattern", 3) for span in _descriptor_names(doc, rules))
    found.extend((doc[start:end], "GPE", "pattern", 2) for _, start, end in rules.country_phrases(doc))
    return found


def _region_name(ent: Span, label: str, rules: ActorRuleSet) -> bool:
    """A capitalised LOC is a region ("New South Wales", "the Pacific Northwest"), unless it is
    water or land that no one governs ("Black Sea", "Indian Ocean")."""
    name = clean_name(ent.text)
    return label == "LOC" and name[:1].isupper() and name.split()[-1].lower() not in rules.not_region_words


def _body_named_as_building(ent: Span, rules: ActorRuleSet) -> bool:
    """'the Saudi Gazette' typed a building: a name whose last word, capitalised, is an
    organisation's word ("Gazette", "Times", "Foundation") names a body, an ORG (claims-spec 3)."""
    last = ent[-1]
    return len(ent) >= 2 and last.is_title and last.lower_ in rules.org_words


def _ner_candidates(doc: Doc, rules: ActorRuleSet) -> list[tuple[Span, str, str, int]]:
    """The model's entities of an actor type (rank 1); a FAC or LOC that is a country is a GPE."""
    found = []
    joined = _given_name_places(doc, rules)
    for ent in doc.ents:
        if ent.start in joined:
            found.append((joined[ent.start], "PERSON", "ner", 1))
            continue
        if any(span.start < ent.start < span.end for span in joined.values()):
            continue
        label = ent.label_
        if label in ("FAC", "LOC", "ORG", "GPE") and _aged(ent):
            label = "PERSON"  # "Temirbek Asanaliev, 52," typed a building
        if label == "FAC" and _body_named_as_building(ent, rules):
            label = "ORG"
        elif label in ("FAC", "LOC"):
            key = fold(clean_name(ent.text))
            if key not in rules.countries and key not in rules.aliases and not _region_name(ent, label, rules):
                continue
            label = "GPE"
        # A name has a capital: an all-lower-case entity ('don crazy glasses') is a common word.
        if label in ACTOR_LABELS and any(ch.isupper() for ch in ent.text):
            found.append((ent, label, "ner", 1))
    return found


def _given_name_places(doc: Doc, rules: ActorRuleSet) -> dict[int, Span]:
    """'Marta' typed a place right before 'Solans Ibarz': a given name (names.json) the model took
    for a place, written just before capitalised names that are a person's or no entity, is that
    person's first name. Where such a joined name starts -> the name."""
    joined: dict[int, Span] = {}
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC", "NORP") or len(ent) != 1 or not ent[0].is_title \
                or fold(ent.text) not in rules.given_names or fold(ent.text) in rules.countries:
            continue
        j = ent.end
        while j < len(doc) and j - ent.end < 4 and doc[j].is_title and doc[j].pos_ == "PROPN" \
                and doc[j].ent_type_ in ("", "PERSON") and (doc[j].ent_iob_ != "B" or j == ent.end):
            j += 1
        if j > ent.end and (doc[ent.end].ent_type_ == "PERSON" or j - ent.end >= 2):
            joined[ent.start] = doc[ent.start:j]
    return joined


_AGE_AFTER = re.compile(r",\s+(?:\d{1,3},|(?:a|an)\s+\d{1,3}-year-old\b)")


def _aged(span: Span) -> bool:
    """'Temirbek Asanaliev, 52, ...', 'Fatime Adam, a 34-year-old mother of five': a name of two or
    more capitalised words with an age set off by a comma is a person's (news copy gives ages of
    people only)."""
    return len(span) >= 2 and all(t.is_title for t in span) \
        and _AGE_AFTER.match(doc_text(span.doc), span.end_char) is not None


def _without_overlaps(found: list[tuple]) -> list[tuple]:
    """The first of overlapping spans in the order given wins; the result in document order."""
    taken: set[int] = set()
    kept = []
    for item in found:
        span = item[0]
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        kept.append(item)
    kept.sort(key=lambda k: k[0].start)
    return kept


def _candidates(doc: Doc, rules: ActorRuleSet) -> list[tuple[Span, str, str]]:
    """(span, type, via) from NER, rule patterns and the country list; overlaps resolved."""
    found = _pattern_candidates(doc, rules) + _ner_candidates(doc, rules)
    found.extend((span, "PERSON", "rule", 0) for span in _missed_person_names(doc, [f[0] for f in found], rules))
    found.extend((span, label, "rule", 0) for span, label in _untagged_sources(doc, [f[0] for f in found], rules))
    found.extend((span, "ORG", "rule", 0) for span in _org_head_runs(doc, [f[0] for f in found], rules))
    # Known names and descriptor patterns first; then the longer span ("Kenya National
    # Commission on Human Rights" over the country "Kenya" inside it); overlaps dropped.
    found.sort(key=lambda f: (-(f[3] == 3), -(f[0].end - f[0].start), -f[3], f[0].start))
    return [(span, label, via) for span, label, via, _ in _without_overlaps(found)]


def _org_head_runs(doc: Doc, known: list[Span], rules: ActorRuleSet) -> Iterable[Span]:
    """'The Port Ellery City Council approved': a run of capitalised words that ends in a body's
    head word ("Council", "Network", "Directorate") is that body's name, though the model missed
    it. Not a run that opens its sentence with the head alone, nor one the model saw in part."""
    covered = {i for span in known for i in range(span.start, span.end)}
    for i in _indices(lowers(doc), rules.org_name_heads | rules.body_heads):
        tok = doc[i]
        if not tok.is_title or tok.is_sent_start or i in covered:
            continue
        start = i
        while start > 0 and (doc[start - 1].is_title or doc[start - 1].is_upper and doc[start - 1].is_alpha) \
                and doc[start - 1].lower_ not in rules.articles and not doc[start].is_sent_start \
                and start - 1 not in covered and i - start < 6:
            start -= 1
        if i - start >= 1 and not any(t.lower_ in rules.titles for t in doc[start:i]):
            yield doc[start:i + 1]


def _missed_person_names(doc: Doc, known: list[Span], rules: ActorRuleSet) -> Iterable[Span]:
    """Title-case sequences the model did not tag that are a person's name."""
    covered = {i for span in known for i in range(span.start, span.end)}
    yield from _given_names_of_surnames(doc, covered, rules)
    yield from _given_name_runs(doc, covered, rules)


def _name_word_before(doc: Doc, i: int, covered: set[int], rules: ActorRuleSet) -> bool:
    tok = doc[i]
    return i not in covered and tok.is_title and tok.pos_ == "PROPN" and not tok.is_sent_start \
        and tok.lower_ not in rules.titles


def _given_names_of_surnames(doc: Doc, covered: set[int], rules: ActorRuleSet) -> Iterable[Span]:
    """Surnames the model tagged as a person somewhere ("Lukwago"): an untagged "Erias Lukwago"
    earlier on is the same person's full name."""
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON"}
    for i in _indices(texts(doc), surnames):
        if i == 0 or not (_name_word_before(doc, i - 1, covered, rules) and doc[i - 1].is_alpha) \
                or doc[i - 1].lower_ in rules.org_words:
            continue
        start = i - 1
        if start - 1 >= 0 and _name_word_before(doc, start - 1, covered, rules):
            start -= 1
        if any(k in covered for k in range(start, i)):
            continue
        # The span may cover a one-token entity on the surname: the longer span wins later.
        yield doc[start:i + 1]
        covered.update(range(start, i + 1))


def _name_run_end(doc: Doc, i: int, covered: set[int], rules: ActorRuleSet) -> int:
    """End of the title-case run (with particles: "da Silva") of at most five words from ``i``."""
    j = i + 1
    while j < len(doc) and j not in covered and j - i < 5 and (
            doc[j].is_title and (doc[j].is_alpha or "-" in doc[j].text)
            or doc[j].lower_ in rules.name_particles and j + 1 < len(doc) and doc[j + 1].is_title):
        j += 1
    return j


def _person_entity_end(doc: Doc, j: int) -> int:
    """A run of names that stops where the model's person begins ("Gunnar Þór" + "Hjaltason") runs
    on to that person's end: one name, the longer span, which wins over the model's part."""
    if j < len(doc) and doc[j].ent_iob_ == "B" and doc[j].ent_type_ == "PERSON" and doc[j].is_title:
        j += 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
    return j


def _given_name_runs(doc: Doc, covered: set[int], rules: ActorRuleSet) -> Iterable[Span]:
    """Title-case sequences that start with a known given name ("Félix Navarro" in a list)."""
    names = rules.given_names
    words_of = texts(doc)
    i = 0
    while i < len(doc):
        if not words_of[i][:1].isupper():
            i += 1
            continue
        tok = doc[i]
        if i in covered or not (tok.is_title and tok.is_alpha) or fold(tok.text) not in names:
            i += 1
            continue
        j = _person_entity_end(doc, _name_run_end(doc, i, covered, rules))
        # At a sentence start only when the name goes on with a proper noun ("Ana Torres said").
        starts_ok = not tok.is_sent_start or (j - i >= 2 and doc[i + 1].pos_ == "PROPN")
        if j - i >= 2 and starts_ok and not any(t.lower_ in rules.org_words for t in doc[i:j]) \
                and fold(doc[i:j].text) not in rules.countries:
            yield doc[i:j]
        i = max(j, i + 1)


def _in_source_slot(doc: Doc, tok: Token, rules: ActorRuleSet) -> bool:
    """The object of "according to", or the subject of a communication verb."""
    head = tok.head
    return (tok.dep_ == "pobj" and head.lower_ == "to" and head.i > 0 and doc[head.i - 1].lower_ == "according") \
        or (tok.dep_ == "nsubj" and head.lemma_.lower() in rules.cue_lemmas)


def _untagged_sources(doc: Doc, known: list[Span], rules: ActorRuleSet) -> Iterable[tuple[Span, str]]:
    """A title-case name the model did not tag, in a place only an actor can stand: the object
    of "according to" ("According to Prisoners Defenders, ...") or the subject of a
    communication verb. A person when it starts with a given name, else an organisation."""
    covered = {i for span in known for i in range(span.start, span.end)}
    words_of = texts(doc)
    for i in range(len(doc)):
        if not words_of[i][:1].isupper() or i in covered:
            continue
        tok = doc[i]
        if not (tok.pos_ in ("PROPN", "NOUN") and tok.is_title and not tok.is_sent_start) \
                or not _in_source_slot(doc, tok, rules):
            continue
        start = tok.i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].dep_ == "compound" and start - 1 not in covered \
                and doc[start - 1].lower_ not in rules.titles:
            start -= 1
        span = doc[start:tok.i + 1]
        if len(span) < 2 and not span[0].is_upper:
            continue  # one capitalised word is too often not a name ("Police said")
        if fold(span.text) in rules.countries or fold(span.text) in rules.generic:
            continue
        yield span, ("PERSON" if fold(span[0].text) in rules.given_names or _aged(span) else "ORG")
        covered.update(range(span.start, span.end))


# --- from candidate spans to mentions ---------------------------------------------------------------

_OPENING_PREPS = frozenset({"outside", "inside", "near", "in", "at", "from", "across", "around", "after", "before"})


def _trim_span(span: Span, rules: ActorRuleSet) -> Optional[Span]:
    """Drop a leading determiner/title words and a trailing possessive from a name span."""
    doc = span.doc
    start, end = span.start, span.end
    while end > start and (doc[end - 1].text in _TRAILING or doc[end - 1].is_space):
        end -= 1
    if end - start > 1 and doc[end - 1].lower_ in rules.caption_words and end < len(doc) and doc[end].text == ":":
        end -= 1  # "Captain America Image: ...": the credit's opening word
    if end - start > 1 and _opens_score(doc, end - 1):
        end -= 1  # "putting Sweden 1 – 0 up": the number is a score, not part of the name
    if end - start > 1 and doc[start].is_sent_start and doc[start].lower_ in _OPENING_PREPS:
        start += 1  # "Outside Tocorón, relatives ...": a sentence-opening preposition the model took in
    if end - start > 1 and _compass_adjective(doc[start], rules):
        start += 1  # "eastern Democratic Republic of Congo": where in the place, not its name
    titles = rules.titles
    while start < end - 1 and (doc[start].lower_ in rules.articles or doc[start].lower_ in titles
                               and doc[start].pos_ != "PROPN" or doc[start].lower_ in titles and doc[start + 1].is_title
                               and span.label_ == "PERSON"):
        start += 1
    end = _inner_article_cut(doc, start, end, rules)
    return doc[start:end] if end > start else None


def _compass_adjective(tok: Token, rules: ActorRuleSet) -> bool:
    """'eastern', 'south-western', 'northeastern' in lower case: a part of a place, no name's word."""
    word = tok.text.replace("-", "")
    if not tok.is_lower or not word.endswith("ern"):
        return False
    rest = word[:-3]
    for compass in sorted(rules.compass_words, key=len, reverse=True) * 2:
        rest = rest[len(compass):] if rest.startswith(compass) else rest
    return rest == "" and word != "ern"


def _opens_score(doc: Doc, i: int) -> bool:
    """A number followed by a dash and another number: a score or a range ('1 – 0', '3-2')."""
    return doc[i].like_num and i + 2 < len(doc) and doc[i + 1].text in ("-", "–", "—") and doc[i + 2].like_num


def _inner_article_cut(doc: Doc, start: int, end: int, rules: ActorRuleSet) -> int:
    """'Rathbun the Scientology' (of "According to Rathbun the Scientology property"): a lower-case
    "the" inside a name ends it, unless a joiner comes before ("Society of the ...")."""
    joiners = rules.abbreviation_joiners | rules.org_joiners
    for k in range(start + 1, end - 1):
        if doc[k].text == "the" and doc[k - 1].lower_ not in joiners:
            return k
    return end


def _is_modifier(span: Span) -> bool:
    """A nationality word used as an adjective ("the Cuban regime", "Syrian leader", and the
    second of "the Gabonese and Estonian teams", which the parser hangs on the first)."""
    root = span.root
    first = root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    return first.dep_ in ("amod", "compound", "nmod") and first.head.i >= span.end \
        and root.tag_ in ("JJ", "NNP", "NNPS") and not root.text.endswith("s")


def _followed_by_who(span: Span, rules: ActorRuleSet) -> bool:
    """'Lukwago, who is also the Lord Mayor': only people take "who"."""
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].lower_ == "who" \
        and fold(span.text) not in rules.countries


def _person_like(span: Span, rules: ActorRuleSet) -> bool:
    words = [t for t in span if not t.is_punct]
    if not 1 < len(words) <= 5 or any(t.like_num for t in words):
        return False
    if any(t.lower_ in rules.org_words for t in words) or _opens_with_place(span, rules):
        return False  # "Texas A&M" where the article has Texas as a place: "Texas" is no given name here
    return fold(words[0].text) in rules.given_names and all(t.is_title or t.lower_ in rules.given_name_particles
                                                        for t in words)


def _is_person(token: Token, rules: ActorRuleSet) -> bool:
    return token.ent_type_ == "PERSON" or fold(token.left_edge.text) in rules.given_names


def _listed_with_people(span: Span, rules: ActorRuleSet) -> bool:
    """'Félix Navarro, Maykel Osorbo, and ...': a two-to-four-word title-case name in a list with a
    person is one too, though the name table does not know its first name."""
    words = list(span)
    if not 1 < len(words) <= 4 or not all(t.is_title and t.is_alpha for t in words) \
            or any(t.lower_ in rules.org_words for t in words):
        return False
    root = span.root
    listed = [root.head] if root.dep_ == "conj" else []
    listed += [c for c in root.children if c.dep_ == "conj"]
    return any(_is_person(t, rules) for t in listed)


def _title_run_end(doc: Doc, k: int, end: int, rules: ActorRuleSet) -> int:
    """The end of the capitalised words (and joiners between them) from token ``k``, at most
    six tokens past ``end``."""
    while k < len(doc) and (doc[k].is_title or doc[k].lower_ in rules.org_joiners and k + 1 < len(doc)
                            and doc[k + 1].is_title) and k - end < 6 and not doc[k].is_sent_start:
        k += 1
    return k


def _extend_org(span: Span, rules: ActorRuleSet) -> Span:
    """'Law Society' + 'of Kenya' -> 'Law Society of Kenya'; the model often stops before "of",
    or at the "and" of an "of" tail ('Department of Mineral' + 'and Petroleum Resources')."""
    doc = span.doc
    end = span.end
    if len(span) > 1 and span[-1].lower_ in ("and", "&") and end < len(doc) and doc[end].is_title:
        return doc[span.start:_title_run_end(doc, end, end, rules)]  # "the Department of Mineral and" + ...
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].is_title and not doc[end + 1].is_sent_start:
        return doc[span.start:_title_run_end(doc, end + 1, end, rules)]
    if end + 2 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ == "the" and doc[end + 2].is_title \
            and doc[end + 2].lower_ in rules.compass_words:
        return doc[span.start:end + 3]  # 'Union of Chemical and Mining Workers' + 'of the South'

    has_of = any(t.lower_ == "of" for t in span[1:])
    if has_of and end + 1 < len(doc) and doc[end].lower_ in ("and", "&") and doc[end + 1].is_title \
            and not _second_body(doc, end + 1, rules):
        return doc[span.start:_title_run_end(doc, end, end, rules)]
    return span


def _second_body(doc: Doc, k: int, rules: ActorRuleSet) -> bool:
    """'the Massachusetts Institute of Technology and Colorado State University': after "and", a
    name the model found on its own, ending in an organisation's word, is a second body."""
    ent = next((e for e in doc.ents if e.start == k), None)
    return ent is not None and len(ent) >= 2 and ent[-1].is_title and ent[-1].lower_ in rules.org_words


def _joined_head(span: Span, rules: ActorRuleSet) -> Span:
    """'the Communications and Multimedia Appeals Tribunal': the model often cuts a body's name at
    its "and"; one capitalised word and "and" between the article and a name that ends in a
    body's head word ("Tribunal", "Union") open that name."""
    doc, start = span.doc, span.start
    if start < 3 or span[-1].lower_ not in rules.org_name_heads or doc[start - 1].lower_ not in ("and", "&"):
        return span
    # up to three capitalised words ("the Lakeside Water and Sanitation Company"), none a sentence's first
    k = start - 2
    while k > 0 and start - 1 - k < 3 and doc[k].is_title and not doc[k].is_sent_start \
            and doc[k - 1].lower_ not in rules.articles:
        k -= 1
    if not doc[k].is_title or k == 0 or doc[k - 1].lower_ not in rules.articles:
        return span
    return doc[k:span.end]


def _purpose_tail(span: Span, rules: ActorRuleSet) -> Span:
    """'Andy Warhol Foundation' + 'for the Visual Arts': after a body's head word ("Foundation",
    "Institute", "Council"), "for (the)" and capitalised words go on with its name (the model
    often takes the tail for a second body)."""
    doc, end = span.doc, span.end
    if span[-1].lower_ not in rules.org_name_heads or not span[-1].is_title or end + 1 >= len(doc) \
            or doc[end].lower_ != "for":
        return span
    k = end + 1 + (1 if doc[end + 1].lower_ == "the" else 0)
    if k >= len(doc) or not doc[k].is_title or doc[k].is_sent_start:
        return span
    k = _title_run_end(doc, k, end, rules)
    while k + 1 < len(doc) and doc[k].lower_ == "of" and doc[k + 1].is_title and not doc[k + 1].is_sent_start:
        k = _title_run_end(doc, k + 1, end, rules)  # "... for the Welfare of Immigrants"
    return doc[span.start:k]


def _name_head_after(span: Span, rules: ActorRuleSet) -> Span:
    """'Bangsamoro Civilian Protection' + 'Network', 'Ghana Bankers' + "' Forum": a capitalised
    organisation head right after a name (past a possessive mark) ends that name."""
    doc, k = span.doc, span.end
    if k + 1 < len(doc) and doc[k].text in _TRAILING[:4] and doc[k - 1].text.endswith("s"):
        k += 1
    if k < len(doc) and doc[k].is_title and doc[k].lower_ in rules.org_name_heads and not doc[k].is_sent_start:
        return doc[span.start:k + 1]
    return span


def _title_start(doc: Doc, start: int) -> int:
    """Back from token ``start`` over the capitalised words before it (not past a sentence start)."""
    while start > 0 and doc[start - 1].is_title and not doc[start].is_sent_start:
        start -= 1
    return start


def _body_then_person(span: Span, rules: ActorRuleSet) -> Optional[tuple[Span, Span]]:
    """'... Centre for Electoral Integrity Mutale Banda': after a long title the model runs the
    body's name into the person's; split after the body's head word when a person's name
    (a known given name first) follows it."""
    doc = span.doc
    for k in range(span.start + 1, span.end - 1):
        if (doc[k - 1].lower_ in rules.org_words or _of_a_country(doc, span.start, k, rules)) \
                and _person_like(doc[k:span.end], rules):
            return doc[_title_start(doc, span.start):k], doc[k:span.end]
    # A first name the table lacks ("Mutale Banda"): the two last words are a person when the
    # article writes the last one alone as a person's name ("Banda said") and a body's word
    # comes before them.
    k = span.end - 2
    if k - span.start >= 2 and span[-1].text in _lone_person_words(doc) and doc[k].is_title and doc[k].is_alpha \
            and any(t.lower_ in rules.org_words for t in doc[span.start:k]):
        return doc[_title_start(doc, span.start):k], doc[k:span.end]
    return None


def _of_a_country(doc: Doc, start: int, k: int, rules: ActorRuleSet) -> bool:
    """'Chairman of the National Bank of Tajikistan Sharif Davlatzoda': a body's name may end in
    "of" and its country ('Bank of Tajikistan'), a body's word before them."""
    return k - start >= 3 and doc[k - 2].lower_ == "of" and fold(doc[k - 1].text) in rules.countries \
        and any(t.lower_ in rules.org_words for t in doc[start:k - 2])


def _lone_person_words(doc: Doc) -> frozenset[str]:
    """Words the model tags on their own as a person ("Banda said"); once a document."""
    box = scratch(doc)
    if "actor_lone_people" not in box:
        box["actor_lone_people"] = frozenset(e.text for e in doc.ents if e.label_ == "PERSON" and len(e) == 1)
    return box["actor_lone_people"]


def _body_of_place(span: Span, rules: ActorRuleSet) -> Optional[Span]:
    """'The Fourth Anti-Corruption Criminal Court of Lima': a place after "of" that follows a
    capitalised run ending in a body's word is the end of that body's name."""
    doc, i = span.doc, span.start
    if i < 2 or doc[i - 1].lower_ != "of" or doc[i - 2].lower_ not in rules.body_heads or not doc[i - 2].is_title:
        return None
    start = i - 2
    while start > 0 and (doc[start - 1].is_title or doc[start - 1].text == "-" and start > 1
                         and doc[start - 2].is_title) and not doc[start].is_sent_start \
            and doc[start - 1].lower_ not in rules.articles:
        start -= 1
    return doc[start:span.end]


def _before_bracket(span: Span) -> Span:
    """'Alliance for Democratic Change (ADC': a name the model ran into its bracket ends there."""
    for tok in span[1:]:
        if tok.text == "(":
            return span.doc[span.start:tok.i]
    return span


def _plural_possessive(doc: Doc, i: int) -> bool:
    """The apostrophe of a plural possessive inside a name ("Mineworkers' Solidarity Union")."""
    return doc[i].text in ("'", "’") and i > 0 and doc[i - 1].text.endswith("s")


def _abbreviated_name(doc: Doc, span: Span, rules: ActorRuleSet) -> Optional[tuple[Span, str]]:
    """'The Kenya Medical Practitioners, Pharmacists and Dentists Union (KMPDU)': the full name
    written before a parenthesised abbreviation, which the model often splits at commas."""
    end = span.end
    if not (end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")"):
        return None
    abbr = doc[end + 1].text
    if not (2 <= len(abbr.replace(".", "")) <= 8 and abbr.replace(".", "").isupper()):
        return None
    start = span.start
    while start > 0 and (doc[start - 1].is_title or (doc[start - 1].lower_ in rules.abbreviation_joiners
                                                     or _plural_possessive(doc, start - 1))
                         and start > 1 and doc[start - 2].is_title) and doc[start - 1].lower_ != "the":
        start -= 1
        if doc[start].is_sent_start:
            break
    while doc[start].lower_ in rules.abbreviation_drop:
        start += 1
    full = doc[start:end]
    if full.text[:1].upper() != abbr[:1]:
        full = span
    return full, abbr


def _coordinated_names(span: Span, label: str, rules: ActorRuleSet) -> Optional[list[tuple[Span, str]]]:
    """'clinics in Ghannouch and Chenini': the model often takes two names joined by "and" for one
    body. Split them when neither side has a body's word, the whole is no known country ("Trinidad
    and Tobago"), and the document writes one side on its own as a name; both sides take a place's
    type when either is a place by the document's votes."""
    doc = span.doc
    cut = next((t.i for t in span[1:-1] if t.lower_ == "and"), None)
    if cut is None or label not in ("ORG", "GPE", "PERSON") or fold(span.text) in rules.countries \
            or any(t.lower_ in rules.org_words or not (t.is_title or t.i == cut) for t in span):
        return None
    parts = [doc[span.start:cut], doc[cut + 1:span.end]]
    votes = _place_votes(doc, rules)
    seen = [votes.get(fold(clean_name(p.text)), (0, 0)) for p in parts]
    if not any(sum(v) for v in seen):
        return None
    placed = any(v[0] >= 1 and v[0] >= v[1] for v in seen)
    return [(p, "GPE" if placed else label) for p in parts]


_JOINING_DASHES = ("-", "–", "—")


def _dash_joined_places(span: Span, label: str, rules: ActorRuleSet) -> Optional[list[tuple[Span, str]]]:
    """'Asia-Europe services', 'the US-China talks' taken for one place: two one-word names joined by
    a dash are two places (a route, a pair of partners), neither a given name ("Ana-Maria") nor a
    body's word."""
    if label != "GPE" or len(span) != 3 or span[1].text not in _JOINING_DASHES:
        return None
    sides = [span[0:1], span[2:3]]
    if any(not (s[0].is_alpha and s[0].text[:1].isupper()) or s[0].lower_ in rules.org_words
           or fold(s.text) in rules.given_names and fold(s.text) not in rules.countries for s in sides):
        return None
    return [(s, "GPE") for s in sides]


def _in_portfolio(span: Span, rules: ActorRuleSet) -> bool:
    """Whether ``span`` stands in the "of" tail of a title ("Minister of Social Action and
    Humanitarian Affairs ..."): capitalised words, "and" and "of" back to "Title of"."""
    doc, i = span.doc, span.start - 1
    while i > 0 and (doc[i].is_title or doc[i].lower_ in ("and", "&")) and not doc[i + 1].is_sent_start:
        if doc[i].lower_ == "of":
            break
        i -= 1
    return i > 0 and doc[i].lower_ == "of" and doc[i - 1].lower_ in rules.titles and doc[i - 1].is_title


def _portfolio_split(span: Span, rules: ActorRuleSet) -> Optional[list[Span]]:
    """'Chad's Minister of Social Action and Humanitarian Affairs Hassane Mahamat Abakar': the
    model takes pieces of the portfolio for bodies and runs its last word into the minister's
    name. In a title's "of" tail, the words after the last portfolio word ("Affairs") are the
    person; a piece with no such words is part of the title, no actor. None: not in a title."""
    if not _in_portfolio(span, rules):
        return None
    doc = span.doc
    last = max((t.i for t in span if t.lower_ in rules.portfolio), default=None)
    if last is None:  # a middle piece ("Social Action" before "and") is the title's; else a name after it
        return [] if span.end < len(doc) and doc[span.end].lower_ in ("and", "&") else None
    person = doc[last + 1:span.end]
    return [person] if len(person) >= 2 and all(t.is_title for t in person) else []


def _extended_candidates(doc: Doc, rules: ActorRuleSet) -> list[tuple[Span, str, str]]:
    """Candidates widened to a full name before "(ABBR)" or an "of ..." tail; overlaps resolved
    longest first, so the full name wins over the pieces the model saw."""
    extended = []
    for span, label, via in _candidates(doc, rules):
        people = _portfolio_split(span, rules) if label in ("ORG", "PERSON") and via == "ner" else None
        if people is not None:
            extended.extend((person, "PERSON", via) for person in people)
            continue
        pieces = _coordinated_names(span, label, rules) or _dash_joined_places(span, label, rules)
        if pieces is not None:
            extended.extend((piece, piece_label, via) for piece, piece_label in pieces)
            continue
        split = _body_then_person(span, rules) if label in ("ORG", "PERSON") else None
        if split is not None:
            extended.extend([(split[0], "ORG", via), (split[1], "PERSON", via)])
            continue
        body = _body_of_place(span, rules) if label == "GPE" else None
        if body is not None:
            extended.append((body, "ORG", via))
            continue
        if label in ("ORG", "GPE", "PERSON"):
            span = _before_bracket(span)
            longer = _name_head_after(span, rules)
            span, label = (longer, "ORG") if longer is not span else (span, label)
            found = _abbreviated_name(doc, span, rules)
            if found is not None:
                span, label = found[0], "ORG"
            elif label == "ORG":
                span = _purpose_tail(_extend_org(_joined_head(span, rules), rules), rules)
        extended.append((span, label, via))
    extended.sort(key=lambda c: (-(c[0].end - c[0].start), c[0].start))
    return _without_overlaps(extended)


# Type corrections of a trimmed candidate, applied in this order: (span, label, via, rules) -> label.

def natural_feature(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Lake Lanao', 'Mathare River', 'Cyclone Hidaya', 'GMT': a natural feature, a storm or a
    time zone is no actor, whatever the model typed it (unless a body's word makes it a body's
    name: "Gulf of Gabes Health and Environment Observatory")."""
    if fold(span.text) in rules.not_actor_names:
        return ""
    if len(span) < 2 or any(t.lower_ in rules.org_words or t.lower_ in rules.body_heads for t in span):
        return label
    # "Homa Bay" is a town: a name the document writes in a place slot stays a place.
    feature = span[0].lower_ in rules.feature_first_words or span[-1].is_title \
        and span[-1].lower_ in rules.not_region_words \
        and fold(clean_name(span.text)) not in _cued_places(span.doc, rules)
    return "" if feature else label


def digits_are_org(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'IE6', 'STS-134': a name with digits is no person, nor a place (a product, a mission); a
    sum of money ('RM7.10') is no actor at all."""
    if any(ch.isdigit() for ch in span.text) and _money_amount(span.text, rules):
        return ""  # "RM7.10", "Rs500": a sum of money written with its currency's letters
    if label in ("PERSON", "GPE") and any(ch.isdigit() for ch in span.text):
        return "" if label == "GPE" else "ORG"
    return label


def _money_amount(text: str, rules: ActorRuleSet) -> bool:
    """The text opens with a currency symbol of the pack (currencies.json) right before a digit."""
    return any(text.startswith(symbol) and text[len(symbol):len(symbol) + 1].isdigit()
               for symbol in rules.currency_symbols)


def in_a_place(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'families interviewed in Sylhet': people are not "in" a person."""
    root = span.root
    return "GPE" if label == "PERSON" and len(span) == 1 and root.dep_ == "pobj" and root.head.lower_ == "in" \
        else label


def person_shaped(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """A person's shape (a given name first, "X, who", a list of people) beats the model's
    organisation or place, unless the words around it write it as a place ("in El Hamma")."""
    person_like = _person_like(span, rules) and not (label == "GPE" and _place_cue(span.doc, span, rules))
    if label in ("ORG", "GPE") and via != "pattern" and (person_like or _followed_by_who(span, rules)
                                                         or _listed_with_people(span, rules)):
        return "PERSON"
    return label


def country_org_is_gpe(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """A country, a short form of one ("DPRK"), or a one-word place the model tags as one elsewhere,
    that the model typed as an organisation here."""
    key = fold(span.text)
    known = key in rules.countries or key in rules.aliases or key in rules.cond_aliases \
        or len(span) == 1 and span.text in _place_words(span.doc)  # "Crete", a place elsewhere in the article
    return "GPE" if label == "ORG" and known else label


def party_name(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'the ruling Frelimo party': a name that modifies "party" is the party."""
    root = span.root
    if label in ("PERSON", "GPE", "NORP") and root.dep_ == "compound" and fold(span.text) not in rules.countries \
            and root.head.lower_ in rules.party_heads:
        return "ORG"
    return label


def outlet_or_body(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Sydney Morning Herald', 'Comic Corps': a "person" whose last word names a kind of body;
    'Constructora Andina del Sur', 'Kilele Air': one with a company's word (the "company" row)."""
    last = span[-1]
    if label != "PERSON" or len(span) < 2:
        return label
    if (last.is_title or last.is_upper) and last.lower_ in rules.org_words \
            or any(t.is_title and t.lower_ in rules.corporate_words for t in span):
        return "ORG"
    return label


def _plain_words(doc: Doc, rules: ActorRuleSet) -> frozenset[str]:
    """Words the document also writes in lower case ("iodine", "shuttle"), less those that are
    after a given name in a person the model found ("Waters" of "Kathryn Waters"); once a
    document."""
    box = scratch(doc)
    if "actor_plain_words" not in box:
        named = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
                 and fold(ent[0].text) in rules.given_names for t in ent[1:]}
        box["actor_plain_words"] = frozenset(w for w, t in zip(lowers(doc), doc)
                                             if t.is_lower and t.is_alpha and len(w) > 2 and t.pos_ == "NOUN") - named
    return box["actor_plain_words"]


def common_word_person(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Iodine is essential', 'Space Shuttle Atlantis', 'Homeopathy': a "person" that does not
    open with a given name, one of whose words the article also writes as a plain lower-case
    noun, is a thing the model capitalised into a name (a surname the article pairs with a given
    name elsewhere stays). The given-name table is wide ("Atlantis", "Star"), so only the first
    word counts as one, and not when the article uses it as a noun."""
    if label != "PERSON" or via == "pattern":
        return label
    plain = _plain_words(span.doc, rules)
    first = span[0]
    if fold(first.text) in rules.given_names and first.lower_ not in plain:
        return label
    if not any(t.lower_ in plain for t in span if t.is_alpha):
        return label
    # "Weald Water", "Harbour Fuels": a proper word before a plain one, the whole capitalised
    # inside a sentence, names a body after its place or trade; no person, but an actor.
    proper_first = len(span) == 2 and first.lower_ not in plain and not first.is_sent_start \
        and all(t.is_title for t in span)
    return "ORG" if proper_first else ""


def opening_common_noun(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Methanol attacks the optic nerve', 'Cholera is spread', 'Landlords say': one word opening
    its sentence, capitalised only there, that the article also writes as a plain lower-case noun
    is that noun, no name (not a body's head: 'Parliament' is the parliament)."""
    first = span[0]
    if len(span) != 1 or via == "pattern" or not first.is_sent_start and not (
            first.i > 0 and first.nbor(-1).is_quote and first.nbor(-1).is_sent_start):
        return label
    word = first.lower_
    if word in rules.org_words or word in rules.body_heads or word in rules.description_heads:
        return label
    return "" if word in _plain_words(span.doc, rules) else label


def _surnames(doc: Doc, rules: ActorRuleSet) -> frozenset[str]:
    """Last words of the people the model found with a given name ("Warhol" of "Andy
    Warhol"); once a document."""
    box = scratch(doc)
    if "actor_surnames" not in box:
        box["actor_surnames"] = frozenset(ent[-1].text for ent in doc.ents if ent.label_ == "PERSON"
                                          and len(ent) > 1 and fold(ent[0].text) in rules.given_names)
    return box["actor_surnames"]


def surname_led_person(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Warhol Polaroids', 'the Mensah Foundation' typed a person: a name led by the surname of
    a person the article names in full is a thing or body named after that person, not another
    person (one that opens with a given name, or that the model found whole with one, stays)."""
    if label != "PERSON" or via == "pattern" or len(span) < 2 or fold(span[0].text) in rules.given_names:
        return label
    return "" if span[0].text in _surnames(span.doc, rules) else label


def _opens_with_place(span: Span, rules: ActorRuleSet) -> bool:
    """The first word of a longer name is a place the article names on its own ("Texas" of
    "Texas A&M"); not a country, whose name is also a given name often enough ("Chad", "Jordan")."""
    return len(span) > 1 and span[0].text in _lone_places(span.doc, rules) and fold(span[0].text) not in rules.countries


# Words before a name that put it as a place: people and bodies are not "in" or "near" anything.
_PLACE_CUES = frozenset({"in", "near", "outside", "off"})  # "a reef off Pilar"


def _place_cue(doc: Doc, span: Span, rules: ActorRuleSet) -> bool:
    """'in El Hamma', 'north of Gabes', 'the city of Gabes', 'the outskirts of Juticalpa', 'Accra-based',
    'Chott Essalem, a seaside neighbourhood': the words around a name write it as a place."""
    start = span.start
    if span.end < len(doc) and doc[span.end].text in ("'s", "’s"):
        return False  # "in Bruce Wayne's house": the place is the house
    if start > 0 and doc[start - 1].lower_ in _PLACE_CUES:
        return True
    if span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ == "based":
        return True  # "Accra-based", "Tunis-based"
    if start > 1 and doc[start - 1].lower_ == "of" and (doc[start - 2].lower_ in rules.compass_words
                                                         or doc[start - 2].lower_ in rules.place_nouns
                                                         or doc[start - 2].lemma_.lower() in rules.place_nouns
                                                         or doc[start - 2].lower_ in rules.inhabitant_nouns
                                                         or doc[start - 2].lower_ in rules.place_part_nouns
                                                         or _hometown(doc, start)):
        return True
    if span.end < len(doc) and doc[span.end].is_lower and doc[span.end].lower_ in rules.inhabitant_nouns:
        return True  # "Dunedin households", "St Elizabeth farmers": people live in places
    if _located_in_a_region(doc, span.end, rules):
        return True
    if next(_slot_nouns(doc, start, span.end, rules), None) is not None \
            and span[-1].lower_ not in rules.not_region_words:
        return True  # "Tawalo village", "Memba district"; not "the Black Sea city"
    return any(c.dep_ == "appos" and c.lower_ in rules.place_nouns for c in span.root.children)


def _located_in_a_region(doc: Doc, end: int, rules: ActorRuleSet) -> bool:
    """'above Ayarpampa, in the Pasco region', 'Igawa, in Mbarali district': a comma, "in" and,
    within a few words, a lower-case place noun after a name locate it as a place."""
    if not (end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ == "in"):
        return False
    for tok in doc[end + 2:min(end + 7, len(doc))]:
        if tok.is_punct:
            return False  # "Acme, in a statement, said": the phrase ends with no place noun
        if tok.is_lower and tok.lower_ in rules.place_nouns:
            return True
    return False


def _hometown(doc: Doc, start: int) -> bool:
    """'Marion Black, 71, of Mosgiel': the "of" after a person's age names where the person lives
    (news copy writes a body a person works for without the age: "Ana Ruiz of Oxfam")."""
    return start > 3 and doc[start - 2].text == "," and doc[start - 3].like_num and doc[start - 4].text == ","


def _name_ents(doc: Doc) -> list[Span]:
    """The model's name entities, each without a leading "the"."""
    return [ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent for ent in doc.ents
            if ent.label_ in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "LANGUAGE")]


def _conjoined_with(span: Span, placed: set[int]) -> bool:
    """'Mwanza, Mbeya and Zanzibar': a name listed with a place is a place too."""
    root = span.root
    return root.dep_ == "conj" and root.head.i in placed or any(c.dep_ == "conj" and c.i in placed
                                                                  for c in root.children)


def _dateline_key(doc: Doc, rules: ActorRuleSet) -> Optional[str]:
    """The folded place of the dateline ('DHAKA, Aug 19 (Delta News Agency) -'), if any."""
    first = next(_dateline_places(doc, rules), None)
    return fold(first[1]) if first is not None and first[1] is not None else None


def _dateline_chars(doc: Doc, rules: ActorRuleSet) -> tuple[int, int]:
    """Character range of the first dateline ('SANTA CRUZ, St Elizabeth —'), or (0, 0)."""
    for line in re.finditer(r"^[^\n]+", doc_text(doc)[:DATELINE_CHARS], re.M):
        found = rules.lines.dateline.match(line.group())
        if found:
            return line.start(), line.start() + found.end()
    return 0, 0


def _place_evidence(doc: Doc, rules: ActorRuleSet) -> tuple[Mapping[str, tuple[int, int]], frozenset[str]]:
    """Name -> (times the document writes it as a place, times as a person or body), and the
    names it writes in a place slot at least once. A place slot: the words around it
    (``_place_cue``), a list with a place, the dateline. One model's guess on a foreign name is
    often wrong; the document's majority is the better evidence. Computed once per document."""
    box = scratch(doc)
    if "actor_place_evidence" not in box:
        ents = _name_ents(doc)
        cued = {k for k, span in enumerate(ents) if _place_cue(doc, span, rules)}
        placed = {i for k, span in enumerate(ents) if k in cued or span.label_ in ("GPE", "LOC")
                  for i in range(span.start, span.end)}
        cued |= {k for k, span in enumerate(ents) if k not in cued and _conjoined_with(span, placed)}
        votes: dict[str, list[int]] = {}
        for k, span in enumerate(ents):
            vote = votes.setdefault(fold(clean_name(span.text)), [0, 0])
            vote[0 if span.label_ in ("GPE", "LOC") or k in cued else 1] += 1
        names = {fold(clean_name(ents[k].text)) for k in cued}
        dateline = _dateline_key(doc, rules)
        if dateline:
            votes.setdefault(dateline, [0, 0])[0] += 1
            names.add(dateline)
        box["actor_place_evidence"] = (MappingProxyType({k: (v[0], v[1]) for k, v in votes.items()}),
                                       frozenset(names))
    return box["actor_place_evidence"]


def _place_votes(doc: Doc, rules: ActorRuleSet) -> Mapping[str, tuple[int, int]]:
    return _place_evidence(doc, rules)[0]


def _cued_places(doc: Doc, rules: ActorRuleSet) -> frozenset[str]:
    return _place_evidence(doc, rules)[1]


def place_by_votes(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Gabes governor Samia Karoui', 'Chott Essalem' typed a person, 'Tunis-based' a nationality:
    a name the document writes as a place in a place slot, and as a place at least as often as
    otherwise, is a place. Not a person whose first word is a known given name, nor a name with
    a body's word ("Gabes Court"); an organisation only when one word, places winning outright."""
    if label not in ("PERSON", "NORP", "ORG") or via == "pattern" or any(t.lower_ in rules.org_words for t in span):
        return label
    cue = _place_cue(span.doc, span, rules)
    if label == "PERSON" and fold(span[0].text) in rules.given_names and not cue \
            or label == "NORP" and fold(span.text) in rules.demonyms or label == "ORG" and len(span) > 1:
        return label
    place, other = _place_votes(span.doc, rules).get(fold(clean_name(span.text)), (0, 0))
    wins = place > other if label == "ORG" else place >= 1 and place >= other
    return "GPE" if wins and (cue or _placed_somewhere(span, rules)) else label


def _placed_somewhere(span: Span, rules: ActorRuleSet) -> bool:
    """The name stands in a place slot somewhere in the document (not only tagged a place)."""
    return fold(clean_name(span.text)) in _cued_places(span.doc, rules)


def place_led_person(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Texas A&M' where the article has Texas as a place: a "person" that opens with a place
    the article names on its own is a body named after it."""
    return "ORG" if label == "PERSON" and via != "pattern" and _opens_with_place(span, rules) else label


def body_word_place(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Bank Indonesia', 'Supreme Court of Kenya' typed a place: a multi-word name with a body's
    word that is no country, nor led by a compass word ("West Bank"), is the body."""
    if label != "GPE" or len(span) < 2 or fold(span.text) in rules.countries or span[0].lower_ in rules.compass_words:
        return label
    if _place_cue(span.doc, span, rules):
        return label  # "in College Station": a place named after a body
    return "ORG" if any(t.is_title and t.lower_ in rules.org_words for t in span) else label


def abbreviated_is_org(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Nour Phosphate Chemicals (NPC)': a name the article abbreviates by its initials in brackets
    is a body (people and places are not given such abbreviations in news copy), however
    person-like its first word is."""
    doc, end = span.doc, span.end
    if label not in ("PERSON", "GPE") or not (end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")"):
        return label
    return "ORG" if len(span) > 1 and _is_abbreviation(doc[end + 1].text, span.text) else label


def addressed_person(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Ms Raman', 'Cllr Fordyce' typed an organisation or a place: a form of address before
    capitalised words is a person's name (newspapers write "Ms Raman" for the woman of the lead);
    so is a title before a given name and more ("Superintendent Chidi Nwosu", not "Minister
    Street")."""
    if label == "PERSON" or len(span) < 2 or len(span) > 4:
        return label
    # Not "General Court Martial": a body's word makes it a body.
    titled = len(span) > 2 and span[0].lower_ in rules.titles and fold(span[1].text) in rules.given_names \
        and span[1].lower_ not in rules.titles and not any(t.lower_ in rules.org_words for t in span)
    if span[0].lower_ not in rules.honorifics and not titled:
        return label
    return "PERSON" if all(t.is_title or t.is_upper for t in span[1:] if t.is_alpha) else label


def place_noun_of(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'the hamlet of Vale de Cima', 'the commune of Salamanca': a name after "of" and a place noun
    is that place, however person-like its words ("Vale" is a given name) or whatever the model
    typed it; not a name with a body's word ("the city of Gabes Court")."""
    doc, i = span.doc, span.start
    if label not in ("ORG", "PERSON") or via == "pattern" or i < 2 or doc[i - 1].lower_ != "of" \
            or doc[i - 2].lower_ not in rules.place_nouns or any(t.lower_ in rules.org_words for t in span):
        return label
    return "GPE"


def lower_case_words(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'a sack of millet now sells' typed a person: a name has a capitalised word (ORG spans keep
    their own test later: "coast guard" is read as a description)."""
    return "" if label in ("PERSON", "GPE", "NORP") and not any(t.text[:1].isupper() for t in span) else label


def photo_credit(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'AP Photo/Ruwan Dissanayake', 'Lotus Wire/Le Minh Tuan': an agency and a photographer
    joined by a slash are a picture's credit line, no actor's name (and no fuller form of "AP")."""
    return "" if _CREDIT_SLASH.search(span.text) else label


_CREDIT_SLASH = re.compile(r"[^\W\d]/[^\W\d]")


def demonym_is_norp(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Sri Lankan' typed a person, 'the Chilean border' a place: a nationality word (countries.json
    demonyms) is NORP whatever the model typed it, so that as a modifier ("Sri Lankan law") it is
    no actor; a demonym that is also a name of the country ("U.S.") stays the place."""
    if label == "GPE" and _is_country_word(span.text, rules):
        return label  # "U.S." is a demonym and a name of the country ("the U.S. dollar")
    return "NORP" if label in ("PERSON", "ORG", "GPE") and fold(span.text) in rules.demonyms else label


def abbreviated_title(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Brig. Gen. Ramon Dizon', 'Navy spokesman Cmdr. Nalin Wickramaratne': the tokenizer cuts a
    rank's full stop off, and the model takes the bare rank for a name of its own; a rank written
    with its stop ("cmdr." among the titles) is no actor."""
    doc, end = span.doc, span.end
    if len(span) == 1 and end < len(doc) and doc[end].text == "." and f"{span[0].lower_}." in rules.titles:
        return ""
    return label


def place_noun_last(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Oyo State', 'Lagos State' typed an organisation: a name of proper words whose capitalised
    last word is a place noun is that place (a body's word makes it a body: "Oyo State House of
    Assembly"; not "Islamic State", whose first word is no proper noun of its own)."""
    last = span[-1]
    if label == "ORG" and via != "pattern" and len(span) > 1 and last.is_title and last.lower_ in rules.place_nouns \
            and all(t.pos_ == "PROPN" and t.is_title for t in span) and fold(span[0].text) not in rules.demonyms \
            and not any(t.lower_ in rules.org_words for t in span):
        return "GPE"
    return label


def which_is_no_person(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Frelimo, which has governed Mozambique', 'Minera Condorhuasi, which runs the mine' typed a
    person: people take "who", a body or a place "which" (a place the document's slots make one
    later, ``slotted_places``)."""
    doc, end = span.doc, span.end
    if label == "PERSON" and via != "pattern" and end + 1 < len(doc) and doc[end].text == "," \
            and doc[end + 1].lower_ == "which":
        return "ORG"
    return label


def facility_name(span: Span, label: str, via: str, rules: ActorRuleSet) -> str:
    """'Olorunsogo Trade Plaza', 'Julius Nyerere International Airport' typed an organisation: a
    name whose capitalised last word is a facility's noun names a building or a site, no actor
    (a body's word makes it a body: "Kwena Mine Workers Union")."""
    last = span[-1]
    if len(span) > 1 and last.is_title and not any(t.lower_ in rules.org_words for t in span) \
            and (label in ("ORG", "PERSON") and last.lower_ in rules.facility_nouns
                 or last.lower_ in rules.street_nouns):
        return ""  # a street or a square is no actor whatever the model typed it ("Central Square")
    return label


LABEL_FIXES: tuple[Callable[[Span, str, str, ActorRuleSet], str], ...] = (
    lower_case_words, photo_credit, facility_name, demonym_is_norp, abbreviated_title, addressed_person,
    natural_feature, digits_are_org, in_a_place, common_word_person, opening_common_noun,
    surname_led_person, place_led_person, place_by_votes, place_noun_of, person_shaped, abbreviated_is_org,
    which_is_no_person, place_noun_last,
    body_word_place, country_org_is_gpe, party_name, outlet_or_body)


def _is_title_portfolio(span: Span, rules: ActorRuleSet) -> bool:
    """'Education Cabinet' in 'Education Cabinet Secretary Julius Ogamba': part of a title."""
    doc = span.doc
    if not all(t.lower_ in rules.portfolio for t in span):
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is not None and (nxt.lower_ in rules.titles or nxt.lower_ in rules.portfolio)


def _preceding_titles(doc: Doc, span: Span, rules: ActorRuleSet) -> set[str]:
    """Title words written before a name ("Interior Minister X", "the acting president of Y, X")."""
    titles_set = rules.titles
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


def _without_trailing_title(span: Span, rules: ActorRuleSet) -> Span:
    """'NASA Administrator' (of "NASA Administrator Charles Bolden") is NASA: a title word the
    model ran into an organisation's name is the next person's title. Not after "of" or "the"
    ("Office of the President")."""
    while len(span) > 1 and span[-1].lower_ in rules.titles and span[-2].lower_ not in rules.org_joiners \
            and span[-2].lower_ not in rules.partial_joiners:
        two = f"{span[-2].lower_} {span[-1].lower_}"
        span = span[:-2] if two in rules.titles else span[:-1]  # "Prime Minister" goes whole
    return span


def _typed(span: Span, label: str, via: str, rules: ActorRuleSet) -> Optional[tuple[Span, str]]:
    """The trimmed span and its corrected type, or None for what is no actor."""
    trimmed = _trim_span(span, rules)
    if trimmed is None:
        return None
    if label == "NORP" and _is_modifier(trimmed) or fold(trimmed.text) in rules.generic or len(trimmed.text) < 2:
        return None
    if _post_nominal(trimmed, rules):
        return None
    if label in ("ORG", "PERSON"):
        name_start = _titled_name_start(trimmed, rules)
        if name_start > trimmed.start:
            trimmed, label = trimmed.doc[name_start:trimmed.end], "PERSON"
    for fix in LABEL_FIXES:
        label = fix(trimmed, label, via, rules)
    if not label or label == "NORP" and _is_modifier(trimmed):
        return None  # also a nationality a fix found under another type ("Sri Lankan law")
    if label in ("ORG", "PERSON") and _is_title_portfolio(trimmed, rules):
        return None  # "Shadow Home" of "Shadow Home Secretary Yvette Cooper"
    if label == "ORG":
        if not any(t.text[:1].isupper() for t in trimmed):
            return None  # "coast guard", "statistics": a description the reference passes read, no name
        while len(trimmed) > 1 and trimmed[-1].is_lower and trimmed[-1].is_alpha:
            trimmed = trimmed[:-1]  # "the ruling Frelimo party" names "Frelimo"
        trimmed = _without_trailing_title(trimmed, rules)
        if not len(trimmed) or trimmed.text.lower() in rules.titles:
            return None  # only a title ("Prime Minister's"): no name
    return trimmed, label


def _titled_name_start(span: Span, rules: ActorRuleSet) -> int:
    """'District Collector Anjali Mehrotra', 'Superintendent of Police Rakesh Tomar' taken whole
    by the model (as a body): a title of several words, then a name of at least two capitalised
    words with no body's word, is a person named after the title. Where that name starts, else
    the span's start."""
    words = [t.lower_ for t in span]
    for title in rules.titles_longest:
        size = len(title.split())
        if words[:size] == title.split():
            rest = span[size:]
            if len(rest) >= 2 and all(t.is_title and t.is_alpha for t in rest) \
                    and not any(t.lower_ in rules.org_words or t.lower_ in rules.titles for t in rest):
                return rest.start
            break
    return span.start


def _post_nominal(span: Span, rules: ActorRuleSet) -> bool:
    """'Ana Lopes, QC, said': letters after a name and its comma (a rank, an honour, a degree)
    are no name of their own."""
    doc = span.doc
    return len(span) == 1 and span.text in rules.post_nominals and span.start > 0 and doc[span.start - 1].text == ","


def _without_place_noun(span: Span, label: str, rules: ActorRuleSet) -> Span:
    """'Nampula province', 'Memba district': a place written with a lower-case noun for its kind
    is named without it (the kind is no part of the name; "Nampula Province" keeps it)."""
    if label == "GPE" and len(span) > 1 and span[-1].is_lower and span[-1].lower_ in rules.place_nouns \
            and not _also_a_town(span, rules):
        return span[:-1]
    return span


def _also_a_town(span: Span, rules: ActorRuleSet) -> bool:
    """'Mandsaur district' in an article that writes 'Mandsaur town' too: the district and the
    town share the name, and the larger place keeps its noun to be told apart ("Mandsaur
    district"; the town is "Mandsaur")."""
    town = rules.place_groups.get("town")
    if rules.place_groups.get(span[-1].lower_) == town:
        return False
    name = re.escape(span[:-1].text)
    return any(rules.place_groups.get(w.lower()) == town
               for w in re.findall(rf"\b{name} ([a-z]+)\b", doc_text(span.doc)))


def _mention_of(doc: Doc, span: Span, label: str, via: str, rules: ActorRuleSet) -> Optional[Mention]:
    typed = _typed(span, label, via, rules)
    if typed is None:
        return None
    trimmed, label = typed
    if label == "GPE" and trimmed.end < len(doc) and doc[trimmed.end].is_lower \
            and doc[trimmed.end].lower_ in rules.place_nouns \
            and _also_a_town(doc[trimmed.start:trimmed.end + 1], rules):
        trimmed = doc[trimmed.start:trimmed.end + 1]  # "Mandsaur district" beside "Mandsaur town"
    titles = _preceding_titles(doc, trimmed, rules)
    name = strip_titles(clean_name(trimmed.text), titles=rules.titles_longest, honours=rules.honours_longest) \
        if label == "PERSON" else clean_name(_without_place_noun(trimmed, label, rules).text)
    if via == "pattern" and span.start > 0 and doc[span.start - 1].lower_ in rules.descriptions:
        # "the NGO Foro Penal": the mention as written spans the descriptor; a capitalised
        # descriptor is part of the name ("The Daily Nation").
        descriptor = doc[span.start - 1]
        first = span.start - 1 - (1 if span.start > 1 and doc[span.start - 2].lower_ == "the" else 0)
        titles.add(descriptor.lower_)
        trimmed = doc[first:trimmed.end]
        # A capitalised descriptor is the name's own, and makes it a body ("Bank Indonesia", not
        # the country), also opening a sentence when no article comes before it.
        if descriptor.is_title and not descriptor.is_upper and (not descriptor.is_sent_start or first == descriptor.i):
            name, label = clean_name(doc[descriptor.i:span.end].text), "ORG"
    return Mention(trimmed.start_char, trimmed.end_char, trimmed.text, name, label, trimmed.start, trimmed.end, via,
                   titles)



# --- the passes, in the order of PASSES -----------------------------------------------------------

def _heading_lines(text: str, rules: ActorRuleSet) -> list[tuple[int, int]]:
    """Character ranges of the lines that are headings or page furniture (the sentence stage's
    test), in order."""
    found, start = [], 0
    for line in text.split("\n"):
        if line.strip() and is_boilerplate_line(line, rules=rules.lines):
            found.append((start, start + len(line)))
        start += len(line) + 1
    return found


def _document_headings(doc: Doc, rules: ActorRuleSet) -> list[tuple[int, int]]:
    """``_heading_lines`` of the document, computed once (two passes read them)."""
    box = scratch(doc)
    if "actor_heading_lines" not in box:
        box["actor_heading_lines"] = _heading_lines(doc_text(doc), rules)
    return box["actor_heading_lines"]


def _headline_places(doc: Doc, rules: ActorRuleSet) -> list[Mention]:
    """Places below a country a headline names and the body never writes ("Aragon budget in doubt
    ..." over an article that says only "the region"), in order, as GPE mentions of the headline:
    where the text names no place of a region's kind, "the region" and its government are that
    place. The model's type is no guide in a headline's capitals (it took "Aragon" for a body)."""
    box = scratch(doc)
    if "actor_headline_places" not in box:
        headings = _document_headings(doc, rules)[:1]  # the title line, not a byline or a sub-heading
        text = doc_text(doc)
        body = text[headings[0][1]:] if headings else ""
        found: dict[str, Mention] = {}
        for ent in doc.ents if headings else ():
            name = clean_name(ent.text)
            if ent.label_ in ("GPE", "LOC", "ORG") and len(ent) <= 3 and all(t.is_title for t in ent) \
                    and _region_of(ent.start_char, headings) is not None and name not in body \
                    and fold(name) not in rules.countries and fold(name) not in rules.aliases:
                found.setdefault(name, Mention(ent.start_char, ent.end_char, ent.text, name, "GPE", ent.start,
                                               ent.end, "headline", set()))
        box["actor_headline_places"] = list(found.values())
    return box["actor_headline_places"]


def _headline_places_of_kind(doc: Doc, kind: str, rules: ActorRuleSet) -> list[str]:
    """The names of the headline's places (``_headline_places``), for a place noun of a region's
    kind only ("region", "province"): "the regional government" over "Aragon budget in doubt"."""
    if rules.place_groups.get(kind) != rules.place_groups.get("region"):
        return []
    return [m.name for m in _headline_places(doc, rules)]


def initial_mentions(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """Names from NER, the pack's patterns, the country list and the name rules; no person or
    organisation from a headline, whose capitalised words are no evidence of a name ("Doctors
    Strike Over Pay") and which the claims never include. Its places stay: the country a
    headline names is the one "the government" stands for."""
    headings = _document_headings(doc, rules)
    found = (_mention_of(doc, span, label, via, rules) for span, label, via in _extended_candidates(doc, rules))
    return mentions + [m for m in found if m is not None and (m.type in ("GPE", "NORP")
                                                              or _region_of(m.start, headings) is None)]


def _conj_groups(doc: Doc, tokens: Iterable[int]) -> dict[int, int]:
    """Token -> the first token of its list ("Uvs, Zavkhan and Khovd": one list), for the tokens
    given and every token joined to them by "conj"."""
    group: dict[int, int] = {}
    for i in tokens:
        top = doc[i]
        while top.dep_ == "conj" and top.head.i < top.i:
            top = top.head
        stack = [top]
        while stack:
            tok = stack.pop()
            if tok.i not in group:
                group[tok.i] = top.i
                stack.extend(c for c in tok.children if c.dep_ == "conj")
    return group


def _name_run_before(doc: Doc, i: int, covered: set[int]) -> int:
    """Start of the capitalised compound words before token ``i`` ("Stone" of "Stone Town")."""
    start = i
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].is_title \
            and doc[start - 1].head.i == i and start - 1 not in covered:
        start -= 1
    return start


def _place_slot(doc: Doc, tok: Token, rules: ActorRuleSet) -> bool:
    """'Nuwakot district', 'the southern region of Osh': a lower-case place noun after a proper
    noun, or before its "of", writes it as a place."""
    return next(_slot_nouns(doc, tok.i, tok.i + 1, rules), None) is not None


def _slot_nouns(doc: Doc, start: int, end: int, rules: ActorRuleSet) -> Iterable[str]:
    """The lower-case place nouns right after the name doc[start:end] ("Galway city") or before
    its "of" ("the district of Viseu")."""
    # Not "the Pervomaisky district court": there the place noun is part of a body's name.
    if end < len(doc) and doc[end].is_lower and doc[end].dep_ != "compound" and (
            doc[end].lower_ in rules.place_nouns or doc[end].tag_ == "NNS" and doc[end].lemma_ in rules.place_nouns):
        yield doc[end].lemma_ if doc[end].tag_ == "NNS" else doc[end].lower_  # "Poro and Pilar towns"
    if start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].is_lower \
            and doc[start - 2].lower_ in rules.place_nouns:
        yield doc[start - 2].lower_
    if start > 1 and doc[start - 1].is_lower and doc[start - 1].lower_ in rules.place_nouns \
            and doc[start - 2].lower_ in rules.local_places:
        # "the regional capital Karaganda": a capital, and the place its region is named after
        # (annotation notes l1: the region takes the name the article gives its capital)
        yield doc[start - 1].lower_
        yield rules.local_places[doc[start - 2].lower_]


def listed_places(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'Uvs, Zavkhan and Khovd', 'Nungwi, Paje and Stone Town', 'from Nuwakot district', 'the
    Libya–Crete route': a proper noun the model left untagged that is listed with a place, joined
    to one by a dash, or that a place noun writes as one, is a place (the document's own
    evidence, as for ``place_by_votes``)."""
    covered = _covered(mentions)
    places = [i for m in mentions if m.type == "GPE" and m.via != "pronoun" for i in range(m.tok_start, m.tok_end)]
    groups = _conj_groups(doc, places)
    placed_lists = {groups[i] for i in places}
    headings = _document_headings(doc, rules)
    added = []
    for tok in doc:
        if tok.i in covered or tok.pos_ != "PROPN" or not (tok.is_title and tok.is_alpha) or tok.is_sent_start \
                or tok.lower_ in rules.titles or tok.lower_ in rules.org_words or fold(tok.text) in rules.generic \
                or fold(tok.text) in rules.demonyms and not _is_country_word(tok.text, rules):
            continue  # "the Chilean port": a nationality word is no place's name
        listed = groups.get(tok.i) in placed_lists and tok.i in groups
        # "the Libya–Crete route": a name joined by a dash to a place names the route's other end.
        dashed = tok.i > 1 and doc[tok.i - 1].text in _JOINING_DASHES and tok.i - 2 in groups \
            and tok.i + 1 < len(doc) and not doc[tok.i + 1].is_title
        if not (listed or dashed or _place_slot(doc, tok, rules)) or _region_of(tok.idx, headings) is not None:
            continue
        span = doc[_name_run_before(doc, tok.i, covered):tok.i + 1]
        if any(t.lower_ in rules.org_words or t.lower_ in rules.titles for t in span) or span.start > 0 \
                and (doc[span.start - 1].lower_ in rules.name_particles or doc[span.start - 1].is_title):
            continue  # part of a longer name whose start it cannot see ("Lanao del Sur province")
        if not natural_feature(span, "GPE", "rule", rules):
            continue  # "the Black Sea city": water or land no one governs
        added.append(Mention(span.start_char, span.end_char, span.text, clean_name(span.text), "GPE", span.start,
                             span.end, "rule"))
        covered.update(range(span.start, span.end))
    return mentions + added


def _actor_evidence(doc: Doc, m: Mention, rules: ActorRuleSet) -> bool:
    """A title before the mention, or the mention speaks, is a source, is told something or owns a
    role ("Mwelwa said", "according to Reuters", "told Reuters", "Mwelwa's lawyer"): places do not."""
    root = doc[m.tok_start:m.tok_end].root
    told = root.dep_ in ("dobj", "dative") and root.head.lemma_.lower() in rules.cue_lemmas
    # Only a title word: the nouns in apposition ("Sines, the largest container terminal") say
    # nothing, nor does a modifier that is a title only with a noun ("the former Ben Tre area").
    titled = any(t in rules.titles and (t in rules.role_words or " " in t or "." in t) for t in m.titles)
    return titled or doc[m.tok_start].lower_ in rules.honorifics or told \
        or _in_source_slot(doc, root, rules) or _speaks_or_owns_a_role(doc, m, rules)


def _place_cue_strength(doc: Doc, m: Mention, placed: set[int], dateline: Optional[str], rules: ActorRuleSet) -> int:
    """2 for a mention a place noun, an inhabitant noun, an age's "of", a list of places or the
    dateline writes as a place; 1 for one only after "in", "near" or "outside" ("in Tesla" may
    be a company); 0 for none."""
    span = doc[m.tok_start:m.tok_end]
    bracketed = 0 < m.tok_start and m.tok_end < len(doc) and doc[m.tok_start - 1].text == "(" \
        and doc[m.tok_end].text == ")"  # "(Reuters)" of a dateline, which the parser may list with its place
    start, end = _dateline_chars(doc, rules)
    in_dateline = start <= m.start < end and not bracketed  # its place and region, not its agency
    if dateline is not None and fold(m.name) == dateline or in_dateline or _conjoined_with(span, placed) \
            and not bracketed:
        return 2
    if not _place_cue(doc, span, rules):
        return 0
    return 1 if m.tok_start > 0 and doc[m.tok_start - 1].lower_ in _PLACE_CUES else 2


def _slot_evidence(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> tuple[dict[str, int], set[str]]:
    """Folded name -> the strength of the place slots its mentions stand in, and the names no
    place can be: one a mention writes as a person or body (``_actor_evidence``) or with a
    body's word ("Gabes Court"). A name that labels a facility needs twice the evidence
    ("outside Tocorón" of "Tocorón prison"), so its strength is halved."""
    placed = {i for m in mentions if m.type == "GPE" and m.via != "pronoun" for i in range(m.tok_start, m.tok_end)}
    dateline = _dateline_key(doc, rules)
    strength: dict[str, int] = {}
    barred: set[str] = set()
    labels: set[str] = set()
    for m in (m for m in mentions if m.via in ("ner", "rule")):
        key = fold(m.name)
        if _labels_a_facility(doc, m, rules):
            labels.add(key)
        if _actor_evidence(doc, m, rules) or any(t.lower_ in rules.org_words for t in doc[m.tok_start:m.tok_end]):
            barred.add(key)
        strength[key] = strength.get(key, 0) + _place_cue_strength(doc, m, placed, dateline, rules)
    return {k: v // 2 if k in labels else v for k, v in strength.items()}, barred


def slotted_places(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'the rural town of El Tambo' ... 'to El Tambo' typed a person, 'Dunedin households' ...
    'Dunedin' an organisation: a name the article writes as a place at least once, and never as
    a person or a body, is a place in every mention, whatever the model typed each one (the
    document's evidence beats the model's votes). A name typed an organisation needs more than
    one "in" before it. Not a name in capitals ("DHAKA" of a dateline): the article's own
    spelling names the place."""
    strength, barred = _slot_evidence(doc, mentions, rules)
    retyped: set[str] = set()
    for m in mentions:
        key = fold(m.name)
        if m.via not in ("ner", "rule") or m.type not in ("PERSON", "ORG", "NORP") or key in barred \
                or m.text.isupper() or key in rules.demonyms or strength.get(key, 0) < (2 if m.type == "ORG" else 1):
            continue
        m.type, m.by = "GPE", "slotted_places"
        retyped.add(key)
    scratch(doc)["actor_slotted_places"] = frozenset(retyped)
    return mentions


def writers_outlet_names(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'IBADAN, Nigeria, Nov 24 (West Africa Wire) -' ... 'told West Africa Wire': the outlet in the
    dateline's brackets is an organisation in every mention, whatever the model typed it (a
    place, a person, a nationality)."""
    from .attribution import writers_outlet  # attribution imports this module
    own = writers_outlet(doc_text(doc), rules.quotes)
    if own is None:
        return mentions
    for m in mentions:
        if m.via in ("ner", "rule") and m.type != "ORG" and " ".join(m.name.lower().split()) == own:
            m.type, m.by = "ORG", "writers_outlet_names"
    return mentions


def _slotted(doc: Doc, key: str) -> bool:
    """The folded name is one ``slotted_places`` made a place."""
    return key in scratch(doc).get("actor_slotted_places", ())


def _speaks_or_owns_a_role(doc: Doc, m: Mention, rules: ActorRuleSet) -> bool:
    """The mention is the subject of a communication verb ("Mwelwa said") or owns a role noun
    ("Mwelwa's lawyer")."""
    root = doc[m.tok_start:m.tok_end].root
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in rules.cue_lemmas \
        or root.dep_ == "poss" and (root.head.lower_ in rules.role_words or root.head.lower_ in rules.titles)


def speaking_places(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'"...," Mwelwa said', "Mwelwa's lawyer" where the model typed Mwelwa a place: a one-word
    "place" that is no country, that the article never writes in a place slot, and that speaks or
    has a lawyer, a spokesman or a family somewhere is a person in every mention (so that the
    given name before it and "she" join it)."""
    def candidate(m: Mention) -> bool:
        key = fold(m.text)
        return m.type == "GPE" and m.via == "ner" and m.tok_end - m.tok_start == 1 and key not in rules.countries \
            and key not in rules.aliases and key not in rules.cond_aliases \
            and not _placed_somewhere(doc[m.tok_start:m.tok_end], rules)
    people = {m.text for m in mentions if candidate(m) and _speaks_or_owns_a_role(doc, m, rules)}
    for m in mentions:
        if m.text in people and candidate(m):
            m.type = "PERSON"
    return mentions


def _recurring_single_word(doc: Doc, m: Mention, rules: ActorRuleSet) -> bool:
    """A one-word organisation or place the model tagged ("Wikinews", "FIFA", "Marawi"): its
    recurrences are the same name, though the model misses some (or runs it into a date). Not a
    person (a surname is ``surname_mentions``'), and not a word that is also a plain word at a
    sentence start."""
    tok = doc[m.tok_start]
    return m.via == "ner" and m.type in ("ORG", "GPE") and m.tok_end - m.tok_start == 1 and tok.pos_ == "PROPN" \
        and tok.is_alpha and tok.text[:1].isupper() and not tok.is_sent_start \
        and (tok.text in _place_words(doc) or fold(tok.text) in _cued_places(doc, rules)
             or _slotted(doc, fold(tok.text)) if m.type == "GPE"
             else tok.text not in _place_words(doc))


def _labels_a_facility(doc: Doc, m: Mention, rules: ActorRuleSet) -> bool:
    """The mention modifies a lower-case facility noun ("Kwena mine", "Torugart border crossing")."""
    head = doc[m.tok_start:m.tok_end].root
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head  # "the Ham Luong and Co Chien rivers": the list's first name modifies the noun
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
        if head.is_lower and head.lower_ in rules.facility_nouns:
            return True
    return False


def _names_a_vessel(doc: Doc, m: Mention, rules: ActorRuleSet) -> bool:
    """A lower-case noun of a craft right before the mention ("the container ship Ever Given")."""
    before = doc[m.tok_start - 1] if m.tok_start > 0 else None
    return before is not None and before.is_lower and before.lower_ in rules.vessel_nouns


def facility_names(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'Northcrest Platinum's Kwena mine', 'the Torugart border crossing', 'SIM cards', 'the ship
    Ever Given': a name the model typed a person or a body that labels a facility, a route, a
    product (``facility_nouns``) or a craft (``vessel_nouns``) is no actor; every mention of it
    goes ("at Kwena", "Kwena produced")."""
    found = {m.text for m in mentions if m.type in ("ORG", "PERSON") and m.via in ("ner", "rule")
             and (_labels_a_facility(doc, m, rules) or _names_a_vessel(doc, m, rules))
             and not any(t.lower_ in rules.org_words for t in doc[m.tok_start:m.tok_end])}  # "Border Force"
    if not found:
        return mentions
    return [m for m in mentions if not (m.text in found and m.type in ("ORG", "PERSON", "GPE")
                                        and m.via in ("ner", "rule"))]


def _lone_places(doc: Doc, rules: ActorRuleSet) -> frozenset[str]:
    """Words the model tags as a place on their own ("Texas", not the "Eleni" of a person it
    mistook for a place, nor the "Marta" of "Marta Solans Ibarz", ``_given_name_places``):
    evidence that a name they open is named after the place."""
    box = scratch(doc)
    if "actor_lone_places" not in box:
        joined = _given_name_places(doc, rules)
        box["actor_lone_places"] = frozenset(e.text for e in doc.ents if e.label_ in ("GPE", "LOC") and len(e) == 1
                                             and e.start not in joined)
    return box["actor_lone_places"]


def _place_words(doc: Doc) -> frozenset[str]:
    """Words the model tags as a place more often than as an organisation in the document
    ("Crete" typed ORG once is still no organisation); computed once per document."""
    box = scratch(doc)
    if "actor_place_words" not in box:
        votes: dict[str, int] = {}
        for ent in doc.ents:
            vote = 1 if ent.label_ in ("GPE", "LOC") else -1 if ent.label_ == "ORG" else 0
            for t in ent:
                votes[t.text] = votes.get(t.text, 0) + vote
        box["actor_place_words"] = frozenset(w for w, v in votes.items() if v > 0)
    return box["actor_place_words"]


def _inside_longer_name(doc: Doc, i: int, *, place: bool = False) -> bool:
    """'Explorer' of "Internet Explorer", 'Andes' of "TV Andes": a capitalised word before it makes
    it part of another name (one after it is often a title: "Treasury CS"); a place is also
    part of a body's name a capitalised word follows ("Nampula Community Health Network")."""
    before = i > 0 and (doc[i - 1].is_title or doc[i - 1].is_upper and doc[i - 1].is_alpha) \
        and not doc[i - 1].is_sent_start
    return before or place and i + 1 < len(doc) and doc[i + 1].is_title and not doc[i + 1].is_sent_start


def recurring_names(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """A multi-word name recognised once is the same name wherever it recurs untagged."""
    covered = _covered(mentions)
    by_words: dict[tuple[str, ...], Mention] = {}
    for m in mentions:
        if m.via in ("ner", "pattern", "rule") and (m.type in ("ORG", "PERSON") or _slotted(doc, fold(m.name))) \
                and len(m.text.split()) >= 2 \
                or _recurring_single_word(doc, m, rules):
            by_words.setdefault(tuple(t.text for t in doc[m.tok_start:m.tok_end]), m)
    words_of = texts(doc)
    firsts: dict[str, list[int]] = {}
    for i, word in enumerate(words_of):
        firsts.setdefault(word, []).append(i)
    at = {i: m for m in mentions for i in range(m.tok_start, m.tok_end)}
    added, replaced = [], set()
    # Longest names first, so that a part a longer name replaces recurs nowhere as a name itself.
    for words, m in sorted(by_words.items(), key=lambda kv: (-len(kv[0]), kv[1].tok_start)):
        n = len(words)
        if id(m) in replaced:
            continue
        for i in firsts.get(words[0], ()):
            if tuple(words_of[i:i + n]) != words or n == 1 and _inside_longer_name(doc, i, place=m.type == "GPE"):
                continue
            inside = _parts_inside(at, i, i + n) if any(k in covered for k in range(i, i + n)) else []
            if inside is None:
                continue
            replaced.update(id(p) for p in inside)
            span = doc[i:i + n]
            added.append(Mention(span.start_char, span.end_char, span.text, m.name, m.type, i, i + n, "rule",
                                 set(m.titles)))
            covered.update(range(i, i + n))
    return [m for m in mentions if id(m) not in replaced] + added


def _full_name_shaped(doc: Doc, m: Mention, rules: ActorRuleSet) -> bool:
    """Two to four capitalised words, no country, no body's or place's word, not written as a place."""
    span = doc[m.tok_start:m.tok_end]
    words = [t for t in span if not t.is_punct]
    return 2 <= len(words) <= 4 and all(t.is_title and t.is_alpha for t in words) \
        and fold(m.name) not in rules.countries and not _written_as_place(doc, m.name, rules) \
        and not any(t.lower_ in rules.org_words or t.lower_ in rules.place_nouns for t in words)


def surname_typed_people(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """The model types one person's name two ways: 'Munteanu' typed a group after 'Andrei Munteanu',
    'Bolat Serikbayev' typed a place before 'Serikbayev said'. A one-word name typed otherwise
    that is the last word of a person named in full before it, or a full name typed otherwise
    whose last word the model found alone as a person, is that person (neither written as a place)."""
    ordered = sorted(mentions, key=attrgetter("tok_start"))
    full = [m for m in ordered if m.type == "PERSON" and m.via in _VOTING and len(m.name.split()) >= 2]
    lone = {m.name for m in ordered if m.type == "PERSON" and m.via == "ner" and " " not in m.name}
    for m in ordered:
        if m.type not in ("ORG", "GPE", "NORP") or m.via not in _VOTING:
            continue
        if " " not in m.name:
            before = {p.name for p in full if p.tok_start < m.tok_start and p.name.split()[-1] == m.name}
            if len(before) == 1 and fold(m.name) not in rules.countries \
                    and not _written_as_place(doc, m.name, rules):
                m.type = "PERSON"
        elif m.type != "NORP" and m.name.split()[-1] in lone and _full_name_shaped(doc, m, rules):
            m.type = "PERSON"
    return mentions


def _parts_inside(at: dict[int, Mention], start: int, end: int) -> Optional[list[Mention]]:
    """The model's mentions that lie wholly inside tokens ``start:end`` where a known longer name
    recurs ("Watch Americas" of "Justice Watch Americas interviewed", the model having taken
    "Justice" for a title): the longer name replaces them. None when one reaches outside."""
    parts = list({id(m): m for i in range(start, end) if (m := at.get(i)) is not None}.values())
    if any(m.tok_start < start or m.tok_end > end or m.via != "ner" or m.tok_end - m.tok_start == end - start
           for m in parts):
        return None  # a part that reaches outside, was not the model's, or is the whole span stays
    return parts


def extend_given_names(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'Erias Lukwago' where the model saw only 'Lukwago' (or nothing) before a one-word name
    it typed as a person: an untagged proper noun right before the surname is the given name;
    so is a known given name right before a longer name the model found."""
    covered = _covered(mentions)
    surnames = {m.name for m in mentions if m.type == "PERSON" and len(m.name.split()) == 1}
    mentions = list(mentions)
    for i in _indices(texts(doc), surnames):
        if i not in covered:
            tok = doc[i]
            mentions.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, tok.text, "PERSON", i, i + 1, "rule"))
            covered.add(i)
    mentions.sort(key=lambda m: m.tok_start)
    for m in mentions:
        if m.type != "PERSON" or m.tok_start == 0:
            continue
        prev = doc[m.tok_start - 1]
        # "Attorney General Tarek William Saab" where the model saw "William Saab": a known given
        # name right before a person's name is the first of it.
        if m.name not in surnames and not (fold(prev.text) in rules.given_names and m.via == "ner"):
            continue
        if prev.i in covered or not (prev.is_title and prev.is_alpha and prev.pos_ == "PROPN") \
                or prev.lower_ in rules.titles or prev.lower_ in rules.org_words or fold(prev.text) in rules.countries:
            continue
        span = doc[prev.i:m.tok_end]
        m.start, m.tok_start, m.text = span.start_char, span.start, span.text
        m.name = strip_titles(clean_name(span.text), titles=rules.titles_longest, honours=rules.honours_longest)
        covered.add(prev.i)
    return mentions


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
    if n and part[0] not in words:  # the usual answer, without slicing at every position
        return False
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))


def _is_abbreviation(short: str, full: str) -> bool:
    letters = short.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isupper()):
        return False
    initials = "".join(w[0] for w in full.split() if w[:1].isupper())
    return initials == letters


def _by_word(persons: list[tuple[int, list[str]]]) -> dict[str, list[tuple[int, list[str]]]]:
    """Word -> the (start, name words) that contain it, in the order given."""
    found: dict[str, list[tuple[int, list[str]]]] = {}
    for item in persons:
        for word in dict.fromkeys(item[1]):
            found.setdefault(word, []).append(item)
    return found


def full_person_names(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """Surnames or partial names -> the fullest person name whose words end with or contain them."""
    # (start, name words) of every person mention as it stands before this pass, in document order.
    # Compared without a particle joined by a hyphen ("Naggar" of "Sherif el-Naggar").
    persons = sorted((m.start, _unparticled(m.name.split(), rules)) for m in mentions if m.type == "PERSON")
    spelt = {tuple(_unparticled(m.name.split(), rules)): m.name for m in sorted(mentions, key=lambda m: m.start)
             if m.type == "PERSON"}
    by_word = _by_word(persons)  # blocking: only names that share the first word are compared
    for m in mentions:
        words = _unparticled(m.name.split(), rules)
        if m.type not in ("PERSON", "ORG", "GPE") or not words:
            continue
        fits = [(start, fw) for start, fw in by_word.get(words[0], ())
                if len(fw) > len(words) and (fw[-len(words):] == words or _contains(fw, words))
                or m.type == "ORG" and len(words) > 1 and fw == words]  # "Erias Lukwago" typed ORG once
        if m.type == "ORG" and m.via == "rule" and len(words) > 1 and [words[-1]] in (fw for _, fw in persons):
            m.type = "PERSON"  # an untagged "source" whose surname the model types a person elsewhere
        if not fits or m.type != "PERSON" and fold(m.name) in rules.countries:
            continue
        m.name, m.type = spelt.get(tuple(_nearest_fullest(fits, m.start)), m.name), "PERSON"
    return mentions


def _unparticled(words: list[str], rules: ActorRuleSet) -> list[str]:
    """Name words without a particle joined by a hyphen ("el-Naggar" -> "Naggar", "al-Amin" ->
    "Amin"): news copy drops it on second reference."""
    return [w.split("-", 1)[1] if "-" in w[1:-1] and w.split("-", 1)[0].lower() in rules.name_particles else w
            for w in words]


def defined_abbreviations(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'... Union (KMPDU)': a mention named by the abbreviation takes the name it abbreviates."""
    text = doc_text(doc)
    aliases = {}
    for m in mentions:
        paren = _ABBREVIATION.match(text[m.end:m.end + 12])
        if paren and m.type in ("ORG", "GPE"):
            aliases[paren.group(1)] = m.name
    for m in mentions:
        if m.name in aliases and aliases[m.name] != m.name:
            m.name, m.type = aliases[m.name], "ORG" if m.type != "GPE" else m.type
    return mentions


def _org_keys(orgs: list[str]) -> dict[str, list[str]]:
    """Each word of a name, and "#" + its initials, -> the names with it."""
    found: dict[str, list[str]] = {}
    for full in orgs:
        initials = "#" + "".join(w[0] for w in full.split() if w[:1].isupper())
        for key in dict.fromkeys(full.split() + [initials]):
            found.setdefault(key, []).append(full)
    return found


def fuller_org_names(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'Amnesty' -> 'Amnesty International', 'Law Society' -> 'Law Society of Kenya', 'Atlantic
    Crest' -> 'Atlantic Crest Breweries Plc' (only company words follow: the "company" row's
    name words), an abbreviation -> the name of its initials; but "United Nations" is its own
    body, not "United Nations Human Rights Council"."""
    # Longest first; names of one length in the order the article first uses them.
    orgs = sorted(dict.fromkeys(m.name for m in sorted(mentions, key=lambda m: m.start) if m.type == "ORG"),
                  key=len, reverse=True)
    rank = {name: i for i, name in enumerate(orgs)}
    by_key = _org_keys(orgs)  # blocking: a name is compared only with names that share a word or initials
    for m in mentions:
        if m.type != "ORG" or not m.name.split():
            continue
        words = m.name.split()
        candidates = sorted(set(by_key.get(words[0], ())) | set(by_key.get("#" + m.name.replace(".", ""), ())),
                            key=rank.__getitem__)
        for full in candidates:
            if rank[full] >= rank[m.name]:
                break
            fw = full.split()
            head = fw[:len(words)] == words and len(fw) > len(words)
            partial = len(words) == 1 and words[0] in fw or head and fw[len(words)] in rules.partial_joiners \
                or head and len(fw) == len(words) + 1 and fw[-1].lower() in rules.org_words \
                or head and all(w.lower() in rules.corporate_words for w in fw[len(words):])  # + "Breweries Plc"
            if partial or _is_abbreviation(m.name, full):
                m.name = full
                break
    return mentions


_PLACE_PREPS = ("in", "at", "from", "near", "to", "into", "outside")


def _single_word_people(mentions: list[Mention]) -> Iterable[Mention]:
    """One-word "people" that no longer person's name of the article contains."""
    words = {w for m in mentions if m.type == "PERSON" for w in m.name.split() if " " in m.name}
    return [m for m in mentions if m.type == "PERSON" and " " not in m.name and m.name not in words]


def company_first_words(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'Tembo' after 'Tembo Mobile': a one-word "person" that is the first word of an organisation
    the article names (and of no person's name) is that organisation; the first such name
    in reading order wins."""
    firsts: dict[str, str] = {}
    for m in sorted(mentions, key=attrgetter("start")):
        if m.type == "ORG" and " " in m.name:
            firsts.setdefault(m.name.split()[0], m.name)
    singles = list(_single_word_people(mentions))
    # "... plant in Ghannouch" elsewhere: the word is the place, not the body named after it.
    placed = {m.text for m in singles if _place_cue(doc, doc[m.tok_start:m.tok_end], rules)}
    for m in singles:
        root = doc[m.tok_start:m.tok_end].root
        place_like = root.dep_ == "compound" or root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS \
            or m.text in placed or _written_as_place(doc, m.name, rules)
        if m.name in firsts and not place_like:  # "the Santos terminal", "in Santos": a place
            m.name, m.type = firsts[m.name], "ORG"
    return mentions


def _written_as_place(doc: Doc, name: str, rules: ActorRuleSet) -> bool:
    """The document writes ``name`` in a place slot somewhere ("in Ghannouch", ``_place_evidence``)."""
    return fold(clean_name(name)) in _cued_places(doc, rules)


def org_aliases(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """A short form takes the pack's full name when the article spells that out."""
    text = doc_text(doc)
    for m in mentions:
        if m.type == "ORG" and m.name in rules.org_aliases and rules.org_aliases[m.name] in text:
            m.name = rules.org_aliases[m.name]
    return mentions


def _written_countries(mentions: list[Mention], rules: ActorRuleSet) -> dict[str, str]:
    """Each country the article writes by a current name -> its first such form in the article
    ("Ivory Coast"; the table's own name, as the pack spells it)."""
    written: dict[str, str] = {}
    for m in mentions:
        key = fold(m.name)
        if m.type in ("GPE", "NORP") or m.via == "government":
            if key in rules.written_forms:
                written.setdefault(rules.aliases[key], m.name)
            elif key in rules.countries:
                written.setdefault(rules.countries[key], rules.countries[key])
    return written


def country_names(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'Swaziland' -> 'Eswatini'; 'US' -> 'United States' when the article spells it out; a country
    the article writes by another current name keeps the article's form ('Ivory Coast'), and its
    older names and short forms take that form (countries.json written_forms)."""
    text = doc_text(doc)
    written = _written_countries(mentions, rules)
    for m in mentions:
        if m.type in ("GPE", "NORP") or m.via == "government":
            key = fold(m.name)
            if key in rules.aliases:
                m.name = written.get(rules.aliases[key], rules.aliases[key])
            elif key in rules.cond_aliases:
                full = rules.cond_aliases[key]
                if full in written or full in text:
                    m.name = written.get(full, full)
            elif key in rules.countries:
                m.name = written.get(rules.countries[key], rules.countries[key])
    return mentions


def compass_countries(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'the North', 'The South retaliated' in an article about North and South Korea: a compass
    word standing alone as a place is the one country the article names with it ("North
    Korea"); with none or several such countries it stays as written."""
    countries: dict[str, set[str]] = {}
    for m in mentions:
        words = m.name.split()
        if m.type == "GPE" and len(words) > 1 and words[0].lower() in rules.compass_words \
                and fold(m.name) in rules.countries:
            countries.setdefault(words[0].lower(), set()).add(m.name)
    for m in mentions:
        found = countries.get(m.name.lower(), set()) if m.type in ("GPE", "ORG", "LOC") else set()
        if len(found) == 1:
            m.name, m.type = next(iter(found)), "GPE"
    return mentions


def _is_country_word(words: str, rules: ActorRuleSet) -> bool:
    key = fold(words)
    return key in rules.countries or key in rules.aliases or key in rules.cond_aliases


def country_qualified_names(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'State Department' -> 'US State Department' when the article writes that too: a body's
    name with its country before it is the fuller name (claims-spec 3). Only when one country
    qualifies the name in the article ("US Embassy" and "UK Embassy" leave "Embassy" alone)."""
    names = {m.name for m in mentions if m.type == "ORG"}
    fuller: dict[str, set[str]] = {}
    for full in names:
        words = full.split()
        for n in (1, 2):
            rest = " ".join(words[n:])
            if len(words) > n + 1 and rest in names and _is_country_word(" ".join(words[:n]), rules):
                fuller.setdefault(rest, set()).add(full)
    for m in mentions:
        found = fuller.get(m.name) if m.type == "ORG" else None
        if found is not None and len(found) == 1:
            m.name = next(iter(found))
    return mentions


CANONICALISE = (full_person_names, defined_abbreviations, fuller_org_names, country_qualified_names,
                company_first_words, org_aliases, country_names, compass_countries)


def strip_possessive_token(text: str) -> str:
    return text[:-2] if text.endswith(("'s", "’s")) else text


def surname_mentions(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """Later references by surname ("Ruto told journalists") or by an abbreviation defined
    earlier ("... (KNCHR)", then "KNCHR chairperson") that the model did not tag."""
    # Each key's candidates in document order; a word takes the nearest one before it.
    surnames: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: (m.tok_start, m.tok_end)):
        if m.type == "PERSON" and len(m.name.split()) >= 2:
            surnames.setdefault(m.name.split()[-1], []).append(m)
    text = doc_text(doc)
    for m in mentions:
        paren = _ABBREVIATION.match(text[m.end:m.end + 12])
        if paren and m.type == "ORG":
            surnames.setdefault(paren.group(1), [m])
    covered = _covered(mentions)
    added = []
    keys = set(surnames) | {k + "'s" for k in surnames} | {k + "’s" for k in surnames}
    for i in _indices(texts(doc), keys):
        tok = doc[i]
        word = strip_possessive_token(tok.text)
        before = [m for m in surnames.get(word, ()) if m.tok_start <= i]
        if not before or i in covered or not (tok.is_title or tok.is_upper):
            continue
        target = before[-1]
        added.append(Mention(tok.idx, tok.idx + len(word), word, target.name, target.type, i, i + 1, "rule",
                             set(target.titles)))
    return mentions + added


def _name_parts(mentions: list[Mention]) -> dict[str, Mention]:
    """Non-final words of the people's full names that belong to one person only and are no
    person's last word: word -> that person's first full mention."""
    owners: dict[str, dict[str, Mention]] = {}
    last_words: set[str] = set()
    for m in sorted(mentions, key=lambda m: (m.tok_start, m.tok_end)):
        words = m.name.split()
        if m.type != "PERSON" or m.via == "pronoun" or len(words) < 2:
            continue
        last_words.add(words[-1])
        for word in words[:-1]:
            if word[:1].isupper() and word.isalpha() and len(word) > 2:
                owners.setdefault(word, {}).setdefault(m.name, m)
    return {w: next(iter(ms.values())) for w, ms in owners.items() if len(ms) == 1 and w not in last_words}


def name_part_mentions(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'Batbayar said' after "Batbayar Ganzorig", 'Quispe' after "Marisol Quispe Rojas": where
    the custom shortens a name to its given name (Mongolian, Icelandic, Thai) or to the first
    surname (Spanish), a proper noun that is a non-final word of one person's full name, and of no
    one else's, written after that name, is that person (``surname_mentions`` takes last words)."""
    parts = _name_parts(mentions)
    covered = _covered(mentions)
    added = []
    keys = set(parts) | {k + "'s" for k in parts} | {k + "’s" for k in parts}
    words_of = texts(doc)
    for i in _indices(words_of, keys):
        tok, word = doc[i], strip_possessive_token(doc[i].text)
        target = parts.get(word)
        if target is None or i in covered or target.tok_start > i or tok.pos_ != "PROPN" \
                or i + 1 < len(doc) and doc[i + 1].is_title or i > 0 and doc[i - 1].is_title \
                and not doc[i].is_sent_start:
            continue  # a word of another name ("Batbayar Ganzorig" itself, "Lake Batbayar")
        added.append(Mention(tok.idx, tok.idx + len(word), word, target.name, "PERSON", i, i + 1, "rule",
                             set(target.titles)))
    return mentions + added


@dataclass
class _CountriesSeen:
    """The countries read so far: the one a bare "the government" stands for."""
    last: Optional[str] = None
    counts: dict[str, int] = field(default_factory=dict)

    # The article's country when none is named before the government noun (_article_country).
    fallback: Optional[str] = None
    # The places the article writes as a state (_state_places).
    states: tuple[str, ...] = ()
    # The article's named places (GPE mentions, in order) and, per government noun, the place
    # its last local government was ("administration" -> "Mandsaur district").
    places: list = field(default_factory=list)
    local: dict[str, str] = field(default_factory=dict)
    named: list = field(default_factory=list)

    def likely(self) -> Optional[str]:
        # Ties go to the country named first (dict order is document order).
        return self.last or (max(self.counts, key=self.counts.get) if self.counts else None) or self.fallback


def _country_of(token: Token, by_tok: dict[int, Mention], rules: ActorRuleSet) -> Optional[str]:
    """The country that qualifies a noun: "Cuban", "Kenya's", "of Syria"."""
    for child in token.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            m = by_tok.get(child.i)
            if m is not None and m.type == "GPE":
                return m.name
            demonym = rules.demonyms.get(fold(child.text)) or \
                rules.demonyms.get(fold(doc_span_text(child))) or \
                rules.place_demonyms.get(fold(doc_span_text(child)))  # "Sri Lankan authorities", "Aragonese"
            if demonym:
                return demonym
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                m = by_tok.get(obj.i)
                if m is not None and m.type == "GPE":
                    return m.name
    return None


def doc_span_text(token: Token) -> str:
    """The words from a modifier's own first modifier to it ("Sri Lankan" of "Lankan")."""
    return token.doc[token.left_edge.i:token.i + 1].text


def _government_span(doc: Doc, token: Token) -> Span:
    """'the Cuban regime', 'the government of Miguel Díaz-Canel'."""
    start = min([token.i] + [c.left_edge.i for c in token.lefts
                             if c.dep_ in ("det", "amod", "compound", "poss", "nmod")])
    end = token.i + 1
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            end = max(end, c.right_edge.i + 1)
    return doc[start:end]


def _dateline_country(doc: Doc, rules: ActorRuleSet) -> Optional[str]:
    """'POPAYÁN, Colombia, April 18 (Condor Wire) -': the country a dateline names after its place."""
    for line in re.finditer(r"^[^\n]+", doc_text(doc)[:DATELINE_CHARS], re.M):
        if rules.lines.dateline.match(line.group()):
            for part in line.group().split(",")[1:3]:
                key = fold(part.strip())
                if key in rules.countries:
                    return rules.countries[key]
    return None


# How often a country must be written for the story to be set there, with no dateline naming one.
ARTICLE_COUNTRY_VOTES = 2
# Country names of up to this many words are looked for inside organisations' names.
_COUNTRY_WORDS = 3


def _article_country(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> Optional[str]:
    """The country a story is set in when the sentences name none before "the government": the
    one its dateline names, else the one it writes most anywhere, as a name, inside a body's name
    ("Statistical Institute of Jamaica") or as a nationality word ("Jamaican diaspora"); ties go
    to the one written first."""
    found = _dateline_country(doc, rules)
    if found is not None:
        return found
    votes: dict[str, list[int]] = {}

    def vote(name: str, at: int) -> None:
        votes.setdefault(name, [0, at])[0] += 1
    for m in mentions:
        words = m.name.split()
        if m.type == "GPE" and fold(m.name) in rules.countries:
            vote(rules.countries[fold(m.name)], m.tok_start)
        elif m.type == "ORG":
            for n in range(1, _COUNTRY_WORDS + 1):
                for k in range(len(words) - n + 1):
                    key = fold(" ".join(words[k:k + n]))
                    if key in rules.countries and words[k][:1].isupper():
                        vote(rules.countries[key], m.tok_start)
    for t in doc:
        if t.is_title and fold(t.text) in rules.demonyms:
            vote(rules.demonyms[fold(t.text)], t.i)
    best = max(sorted(votes, key=lambda n: votes[n][1]), key=lambda n: votes[n][0]) if votes else None
    # A country written once may be a neighbour the story mentions in passing.
    return best if best is not None and votes[best][0] >= ARTICLE_COUNTRY_VOTES else None


def _speaks_for(token: Token, rules: ActorRuleSet) -> bool:
    return token.dep_ == "compound" and token.head.lower_ in rules.speakers


def _is_government_noun(token: Token, rules: ActorRuleSet) -> bool:
    if token.lower_ in rules.bare_gov:
        return _bare_state(token)
    return token.lower_ in rules.gov and token.pos_ in ("NOUN", "PROPN") \
        and (token.dep_ != "compound" or _speaks_for(token, rules))


def _bare_state(token: Token) -> bool:
    """'the state can hold these towns', 'the state's financing gap': the noun with "the" alone
    stands for the government; "state media", "the state of emergency", "a state" do not."""
    return token.pos_ == "NOUN" and token.dep_ != "compound" \
        and [c.lower_ for c in token.lefts if c.dep_ not in ("case", "punct")] == ["the"] \
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.rights)


def _state_places(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[str]:
    """Places the article writes as a state ('Oyo State', 'the state of Kerala'), also inside a
    body's name ('the Oyo State Emergency Management Agency'), in order: there "the state" is
    that place, not the country."""
    found: dict[str, None] = {}
    for m in sorted(mentions, key=attrgetter("tok_start")):
        if m.type == "GPE" and any(n in rules.bare_gov for n in _place_nouns_around(doc, m, rules)):
            found.setdefault(m.name)
        elif m.type == "ORG":
            words = m.name.split()
            # a capitalised place word, then the noun, then more of the body's name ("Islamic State" is a name)
            for k in range(1, len(words) - 1):
                if words[k].lower() in rules.bare_gov and words[k][:1].isupper() and words[k - 1][:1].isupper() \
                        and words[k - 1].lower() not in rules.articles:
                    found.setdefault(f"{words[k - 1]} {words[k]}")
    return list(found)


def _government(doc: Doc, token: Token, by_tok: dict[int, Mention], seen: _CountriesSeen,
                rules: ActorRuleSet) -> Optional[Mention]:
    """A government noun stands for its country: the one qualifying it, else the last or most
    named, when a determiner or a speaker noun ("government spokesman") makes it definite."""
    speaker_head = _speaks_for(token, rules)
    state = seen.states[0] if len(seen.states) == 1 else None  # of several states, none
    if token.lower_ in rules.bare_gov:
        if seen.states:  # "Oyo State ... the state's commissioner": the state written
            return _state_mention(doc[token.i - 1:token.i + 1], state) if state else None
    modifiers = {c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod")}
    if modifiers & rules.local_gov:
        # "the district administration": the district the article writes, else no one (never a country)
        return _local_government(doc, token, sorted(modifiers & set(rules.local_places)), by_tok, seen, rules)
    if token.lower_ in rules.local_bare and seen.local.get(token.lower_) and _bare_definite(token):
        # "the district administration ... the administration": the same local government
        return _state_mention(_government_span(doc, token), seen.local[token.lower_])
    if modifiers & rules.bare_gov and token.lower_ not in rules.bare_gov:
        # "the state government" is a state's, never the country's
        return _state_mention(_government_span(doc, token), state) if state else None
    country = _country_of(token, by_tok, rules)
    if country is None:
        definite = any(c.dep_ == "det" and c.lower_ in rules.gov_determiners for c in token.children)
        if (definite or speaker_head) and state and seen.last is None and not seen.counts:
            # a story set in one state that names no country before: its government is the state's
            return _state_mention(_government_span(doc, token), state)
        country = seen.likely() if definite or speaker_head else None
        if country is None and definite and seen.local.get(token.lower_) and _bare_definite(token):
            # a story that names no country: "the government" is the region's government read before
            return _state_mention(_government_span(doc, token), seen.local[token.lower_])
    if country is None:
        return None
    seen.last = country
    span = _government_span(doc, token)
    return Mention(span.start_char, span.end_char, span.text, country, "GPE", span.start, span.end, "government")


def _bare_definite(token: Token) -> bool:
    """'the administration' with nothing else before it and no 'of' after it."""
    return [c.lower_ for c in token.lefts if c.dep_ not in ("case", "punct")] == ["the"] \
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.rights)


def _places_of_kind(doc: Doc, kind: str, places: list[Mention], rules: ActorRuleSet) -> list[str]:
    """The names of the places (GPE mentions, in document order) the article writes as ``kind``
    ('Mandsaur district', 'the district of Viseu'), each name once: a province is no region."""
    written = [(m, set(_place_nouns_around(doc, m, rules))) for m in places if not _other_place(doc, m, rules)]
    return list(dict.fromkeys(m.name for m, nouns in written if kind in nouns))


def _places_in_body_names(word: str, named: list[Mention]) -> list[str]:
    """'Cebu Provincial Health Office' with 'Cebu' named: the place a body's name gives before
    the local government word ("Provincial"), when the article names that place on its own too."""
    names = {m.name for m in named}
    found: dict[str, None] = {}
    for m in named:
        words = m.name.split()
        if m.type == "ORG":
            for k in range(1, len(words) - 1):
                if words[k].lower() == word and " ".join(words[:k]) in names:
                    found.setdefault(" ".join(words[:k]))
    return list(found)


def _other_place(doc: Doc, m: Mention, rules: ActorRuleSet) -> bool:
    """'Neemuch, the neighbouring district': a place the article sets beside its own is not the
    one whose government it reports."""
    root = doc[m.tok_start:m.tok_end].root
    return any(c.dep_ == "appos" and any(t.lower_ in rules.beside_words for t in c.lefts) for c in root.children)


def _local_government(doc: Doc, token: Token, words: list[str], by_tok: dict[int, Mention], seen: _CountriesSeen,
                      rules: ActorRuleSet) -> Optional[Mention]:
    """A local government ("the district administration", "the provincial government") is the
    one place the article writes as its kind (claims-spec 3, annotation notes s1): GPE. Of
    several such places, or none, it stays unlabelled."""
    of_place = [g for p in token.rights if p.dep_ == "prep" and p.lower_ == "of"
                for g in p.children if g.dep_ == "pobj"]
    qualifier = next((by_tok[c.i] for c in token.lefts if c.dep_ in ("compound", "nmod", "poss") and c.i in by_tok
                      and by_tok[c.i].type in ("GPE", "ORG") and " " not in by_tok[c.i].name), None) \
        or next((by_tok[g.i] for g in of_place if g.i in by_tok and by_tok[g.i].type == "GPE"), None)
    if qualifier is not None:  # "the Cebu provincial government" (the model may type the place a body)
        seen.local[token.lower_] = qualifier.name
        return _state_mention(_government_span(doc, token), qualifier.name)
    for word in words:
        names = _places_of_kind(doc, rules.local_places[word], seen.places, rules) \
            or _places_in_body_names(word, seen.named) or _headline_places_of_kind(doc, rules.local_places[word], rules)
        if len(names) == 1:
            seen.local[token.lower_] = names[0]
            return _state_mention(_government_span(doc, token), names[0])
    return None


def _state_mention(span: Span, place: str) -> Mention:
    return Mention(span.start_char, span.end_char, span.text, place, "GPE", span.start, span.end, "government")


def _armed_force(doc: Doc, token: Token, by_tok: dict[int, Mention], rules: ActorRuleSet) -> Optional[Mention]:
    """'U.S. forces', 'Russian troops': an armed force qualified by a country or a leader."""
    if not (token.lower_ in rules.armed and token.pos_ == "NOUN"):
        return None
    mods = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
    qualifier = next((c for c in mods if (by_tok.get(c.i) and by_tok[c.i].type in ("GPE", "PERSON"))
                      or fold(c.text) in rules.demonyms), None)
    if qualifier is None:
        return None
    start = min(c.i for c in mods if c.i >= qualifier.i - 1)
    if qualifier.i in by_tok:
        start = min(start, by_tok[qualifier.i].tok_start)
    span = doc[start:token.i + 1]
    return Mention(span.start_char, span.end_char, span.text, clean_name(span.text), "ORG", start, token.i + 1, "rule")


def _named_places(mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """The places the article names below a country (GPE mentions, not descriptions), in order."""
    return [m for m in sorted(mentions, key=attrgetter("tok_start"))
            if m.type == "GPE" and m.via != "description" and fold(m.name) not in rules.countries]


def local_offices(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'the Collectorate' (``local_government_bodies``): a local government's own office is the one
    place the article writes as its kind, GPE (annotation notes s1), also where the model took
    the word for a name of its own; of several such places, or none, it is left as it was."""
    places = _named_places(mentions, rules)
    by_tok = {i: m for m in mentions for i in range(m.tok_start, m.tok_end)}
    replaced: dict[int, Mention] = {}
    added: list[Mention] = []
    dropped: set[int] = set()
    for i in _indices(lowers(doc), rules.local_bodies):
        own = by_tok.get(i)
        if doc[i].head.lower_ in rules.at_place_preps:
            if own is not None and (own.tok_start, own.tok_end) == (i, i + 1):
                dropped.add(id(own))  # "a protest outside the Collectorate": the building, no actor
            continue
        if i == 0 or doc[i - 1].lower_ not in rules.gov_determiners:
            continue
        names = _places_of_kind(doc, rules.local_bodies[doc[i].lower_], places, rules)
        if len(names) != 1 or own is not None and (own.tok_start, own.tok_end) != (i, i + 1):
            continue
        found = _state_mention(doc[i - 1:i + 1], names[0])
        if own is not None:
            replaced[id(own)] = found
        else:
            added.append(found)
    return [replaced.get(id(m), m) for m in mentions if id(m) not in dropped] + added


def _governor_place(doc: Doc, governor: Token, mentions: list[Mention], rules: ActorRuleSet) -> Optional[str]:
    """The place a governor's office governs: of the kind its local word says ('the regional
    governor' -> the region the text or, for a region, only the headline names), else the one
    place the article writes as a state ('Oyo State')."""
    words = sorted({c.lower_ for c in governor.lefts if c.dep_ in ("amod", "compound")} & set(rules.local_places))
    places = _named_places(mentions, rules)
    for word in words:
        kind = rules.local_places[word]
        names = _places_of_kind(doc, kind, places, rules) or _headline_places_of_kind(doc, kind, rules)
        return names[0] if len(names) == 1 else None
    states = _state_places(doc, mentions, rules)
    return states[0] if len(states) == 1 else None


def governor_offices(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'The regional governor's office declared ...', "Governor's office officials announced": a
    governor's office is the government of the place the governor heads, that place, GPE
    (annotation notes: the Ibadan call, l1)."""
    covered = _covered(mentions)
    added = []
    for tok in doc:
        if tok.lower_ != "office" or tok.i in covered:
            continue
        governor = next((c for c in tok.lefts if c.dep_ == "poss" and c.lower_ == "governor"), None)
        if governor is None or governor.i in covered:
            continue
        place = _governor_place(doc, governor, mentions, rules)
        if place is not None:
            start = min([governor.left_edge.i, governor.i])
            if start > 0 and doc[start - 1].lower_ in rules.gov_determiners and doc[start - 1].head == governor:
                start -= 1
            added.append(_state_mention(doc[start:tok.i + 1], place))
    return mentions + added


def demonym_governments(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'the Welsh Government', 'the Scottish Government', 'Kenyan Government' taken whole by the
    model as a body: a nationality adjective of a country or of a place below one
    (countries.json demonyms, place_demonyms) and a government noun is that place's government,
    the place, GPE (claims-spec 3)."""
    for m in mentions:
        words = m.name.split()
        if m.type != "ORG" or len(words) < 2 or words[-1].lower() not in rules.gov:
            continue
        key = fold(" ".join(words[:-1]))
        place = rules.demonyms.get(key) or rules.place_demonyms.get(key)
        if place is not None:
            m.name, m.type = place, "GPE"
    return mentions


def governments_and_forces(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """Governments as their country and qualified armed forces, read in document order."""
    by_tok = {i: m for m in mentions for i in range(m.tok_start, m.tok_end)}
    seen = _CountriesSeen(fallback=_article_country(doc, mentions, rules),
                          states=tuple(_state_places(doc, mentions, rules)),
                          places=_named_places(mentions, rules), named=sorted(mentions, key=attrgetter("tok_start")))
    headings = _document_headings(doc, rules)
    added: list[Mention] = []
    events = sorted([(m.tok_start, "m", m) for m in mentions] +
                    [(i, "t", doc[i]) for i in _indices(lowers(doc), rules.gov | rules.bare_gov | rules.armed)],
                    key=lambda e: (e[0], e[1]))
    for _, kind, item in events:
        if kind == "m":
            if item.type == "GPE" and fold(item.name) in rules.countries:
                seen.counts[item.name] = seen.counts.get(item.name, 0) + 1
        elif item.i not in by_tok:
            # A headline is no sentence to take a name from ("Philippine army says ..."): a force
            # it names is no actor; its government still says which country the story is about.
            found = _government(doc, item, by_tok, seen, rules) if _is_government_noun(item, rules) \
                else None if _region_of(item.idx, headings) is not None else _armed_force(doc, item, by_tok, rules)
            if found is not None:
                added.append(found)
    return mentions + added


_VOTING = ("ner", "pattern", "rule")


def given_name_people(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'Gloria' typed a place in one sentence and a person in seven: the model types a name by its
    context. A name that opens with a given name (``names.json``) is a person throughout when most
    of its found mentions (not descriptions, pronouns or governments) say so; never a country of
    the table. Places and organisations the model mistypes the other way are left to the type
    rules, which know their words."""
    votes: dict[str, list[int]] = {}
    for m in mentions:
        if m.via in _VOTING and m.type in ("PERSON", "ORG", "GPE"):
            tally = votes.setdefault(m.name, [0, 0])
            tally[m.type != "PERSON"] += 1
    people = {name for name, (person, other) in votes.items()
              if other and person >= 2 and person > other and fold(name.split()[0]) in rules.given_names
              and fold(name) not in rules.countries}
    for m in mentions:
        if m.via in _VOTING and m.name in people:
            m.type = "PERSON"
    return mentions


def name_gender(name: str, rules: ActorRuleSet) -> str:
    """'male', 'female' or 'unknown' for a full name, as the given-name table says of its first word."""
    words = name.split()
    percent = rules.female_percent.get(fold(words[0])) if words else None
    if percent is None:
        return "unknown"
    if percent >= rules.name_gender_percent:
        return "female"
    return "male" if percent <= 100 - rules.name_gender_percent else "unknown"


def _gender_fits(pronoun: str, m: Mention, rules: ActorRuleSet) -> bool:
    """A pronoun never refers to a person of the other gender, as the article says it
    (``Mention.gender``) or else the first name; unknown names fit both (the seed's translation
    calls Delcy Rodríguez "he")."""
    gender = m.gender or name_gender(m.name, rules)
    if pronoun in rules.male:
        return gender != "female"
    if pronoun in rules.female:
        return gender != "male"
    return True


def _gender_known(m: Mention, rules: ActorRuleSet) -> bool:
    words = m.name.split()
    return bool(m.gender) or bool(words) and fold(words[0]) in rules.female_percent


def _titled_genders(mentions: list[Mention], rules: ActorRuleSet) -> dict[str, set[str]]:
    """Name -> genders its titles say ("Mrs Lukwago", "spokeswoman Ana Torres")."""
    said: dict[str, set[str]] = {}
    for m in mentions:
        if m.type == "PERSON":
            for title in sorted(m.titles):
                if title in rules.gendered_titles:
                    said.setdefault(m.name, set()).add(rules.gendered_titles[title])
    return said


def _subject_of(token: Token) -> Optional[Token]:
    """The nearest subject up the heads of ``token``, not the token itself ("Smith said he", "Smith ended her
    strike")."""
    head = token.head
    for _ in range(12):  # a bounded walk: parses of broken text can be deep
        # A relative "which"/"who" stands for a noun up the tree: look on up.
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != token.i
                        and c.tag_ not in ("WDT", "WP")), None)
        if subject is not None and subject.i < token.i:
            return subject
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def _subject_genders(doc: Doc, people: list[Mention], rules: ActorRuleSet) -> dict[str, set[str]]:
    """Name -> the gender of a he/she whose clause has that person as subject, with no other
    person named between them."""
    at = {i: m for m in people for i in range(m.tok_start, m.tok_end)}
    said: dict[str, set[str]] = {}
    for i in _indices(lowers(doc), rules.male | rules.female):
        token = doc[i]
        subject = _subject_of(token) if token.pos_ == "PRON" else None
        m = at.get(subject.i) if subject is not None else None
        if m is None:
            continue
        after = max(t.i for t in subject.subtree) + 1
        if any(k in at and at[k] is not m for k in range(after, i)):
            continue
        said.setdefault(m.name, set()).add("male" if token.lower_ in rules.male else "female")
    return said


def article_genders(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """The gender the article itself gives a person: a title ("Mr", "Mrs", "spokeswoman"), which
    beats the given-name table; else, for a first name the table does not know, a he/she whose
    clause has that person as subject. Only a title beats the table: "Kathryn Waters said. 'That's
    why he did ...'" is about someone else. Evidence both ways says nothing."""
    people = [m for m in mentions if m.type == "PERSON" and m.via not in ("pronoun", "description")]
    titled, by_pronoun = _titled_genders(mentions, rules), _subject_genders(doc, people, rules)
    for m in mentions:
        if m.type != "PERSON":
            continue
        said = titled.get(m.name) or set()
        if not said and name_gender(m.name, rules) == "unknown":
            said = by_pronoun.get(m.name) or set()
        if len(said) == 1:
            m.gender = next(iter(said))
    return mentions


# --- references: a sieve of passes, each linking one kind of reference to an earlier actor -------

# How many mentions before a reference its antecedent search looks at, nearest first: the
# bound that keeps each whole-document pass near-linear (no comparison of all pairs).
NEAREST = 40
# A he/she looks this many sentences back; a role description ("the 73-year-old") fewer.
PRONOUN_SENTENCES = 3
ROLE_SENTENCES = 2
# A quotation's speaker is looked for in the sentences it touches, then in the one before and
# the one after (in that order: '... Torres said: "I ..."' is more common than the reverse).
SPEAKER_SENTENCES = (0, -1, 1)

_AGE = re.compile(r"^\d{1,3}$")


class Antecedents:
    """The mentions of one document by start token. ``before(i)`` bisects to token ``i`` and
    steps back at most ``limit`` mentions, so a reference costs O(log n + limit)."""

    def __init__(self, mentions: Iterable[Mention]):
        self.ordered = sorted(mentions, key=lambda m: (m.tok_start, m.tok_end, m.start))
        self.starts = [m.tok_start for m in self.ordered]
        self.by_token: dict[int, Mention] = {}
        for m in self.ordered:
            self._cover(m)

    def _cover(self, m: Mention) -> None:
        for i in range(m.tok_start, m.tok_end):
            self.by_token.setdefault(i, m)

    def add(self, m: Mention) -> None:
        k = bisect_right(self.starts, m.tok_start)
        self.starts.insert(k, m.tok_start)
        self.ordered.insert(k, m)
        self._cover(m)

    def before(self, i: int, *, limit: int = NEAREST) -> list[Mention]:
        """Mentions that end at or before token ``i``, nearest first."""
        found: list[Mention] = []
        j = bisect_left(self.starts, i) - 1
        while j >= 0 and len(found) < limit:
            if self.ordered[j].tok_end <= i:
                found.append(self.ordered[j])
            j -= 1
        return found

    def after(self, i: int, *, limit: int = NEAREST) -> list[Mention]:
        """Mentions that start after token ``i``, nearest first."""
        k = bisect_right(self.starts, i)
        return self.ordered[k:k + limit]

    def at(self, i: int) -> Optional[Mention]:
        return self.by_token.get(i)


def _sentence_gap(doc: Doc, earlier: int, later: int) -> int:
    starts = sent_starts(doc)
    return bisect_right(starts, later) - bisect_right(starts, earlier)


# However many quoted sentences come between, a pronoun reaches at most this many sentences back.
QUOTED_REACH = 12


def _sorted_quote_regions(doc: Doc, rules: ActorRuleSet) -> list[tuple[int, int]]:
    """The document's quotation regions, sorted; once a document."""
    box = scratch(doc)
    if "actor_quote_regions" not in box:
        box["actor_quote_regions"] = sorted(_quote_regions(doc_text(doc), rules))
    return box["actor_quote_regions"]


def _narrated_before(doc: Doc, rules: ActorRuleSet) -> list[int]:
    """For each sentence, how many sentences before it (itself included) open outside quotation
    marks; once a document. A quotation over several sentences and paragraphs is the speaker's
    own words: the narrative that names the speaker goes on after it."""
    box = scratch(doc)
    if "actor_narrated" not in box:
        regions = _sorted_quote_regions(doc, rules)
        text, counts, n = doc_text(doc), [], 0
        for start in sent_starts(doc):
            pos = doc[start].idx
            quoted = _region_of(pos, regions) is not None or text[pos:pos + 1] in _OPENING_MARKS \
                and _region_of(pos + 1, regions) is not None
            n += 0 if quoted else 1
            counts.append(n)
        box["actor_narrated"] = counts
    return box["actor_narrated"]


def _narrative_gap(doc: Doc, earlier: int, later: int, rules: ActorRuleSet) -> int:
    """Sentences from token ``earlier`` to token ``later``, not counting those that open inside a
    quotation ('Nuno Teixeira ... said ...' then three quoted sentences, then '..., he said');
    none beyond ``QUOTED_REACH`` sentences."""
    starts = sent_starts(doc)
    a, b = bisect_right(starts, earlier) - 1, bisect_right(starts, later) - 1
    if b - a > QUOTED_REACH or _region_of(doc[later].idx, _sorted_quote_regions(doc, rules)) is not None:
        return b - a  # a pronoun inside a quotation is the speaker's: it refers within the quotation
    counts = _narrated_before(doc, rules)
    return counts[b] - counts[a] if a >= 0 else b


# A title word used as a description ("the mayor", "the former minister") when the pack has no
# row for it: it names the person who carries that title.
_ROLE = Description(type="PERSON", described_only=True)
# "the 73-year-old": the nearest person, a sentence or two back.
_AGE_ROLE = Description(type="PERSON")


def _age_phrase(doc: Doc, token: Token) -> Optional[str]:
    """'73-year-old' as spaCy splits it: NUM - year - old."""
    i = token.i
    if token.lower_ != "old" or i < 4:
        return None
    words = [t.lower_ for t in doc[i - 4:i]]
    return "year-old" if _AGE.match(words[0]) and words[1:] == ["-", "year", "-"] else None


def _description_phrase(doc: Doc, token: Token, rules: ActorRuleSet) -> Optional[str]:
    """The description ending at ``token``; two-word ones first ("the rights group")."""
    low = token.lower_
    if token.i > 0 and f"{doc[token.i - 1].lower_} {low}" in rules.descriptions:
        return f"{doc[token.i - 1].lower_} {low}"
    if low in rules.descriptions or low in rules.role_words:
        return low
    return _age_phrase(doc, token)


def _description_rule(phrase: str, rules: ActorRuleSet) -> Description:
    if phrase == "year-old":
        return _AGE_ROLE
    return rules.descriptions.get(phrase) or _ROLE


def _determiner(doc: Doc, token: Token, rules: ActorRuleSet) -> Optional[Token]:
    """The determiner of a description: its ``det`` child or possessive pronoun ("her party"),
    or the first word of an age phrase."""
    det = next((c for c in token.lefts if c.dep_ == "det"
                or c.dep_ == "poss" and c.lower_ in rules.possessive_determiners), None)
    if det is None and token.lower_ == "old" and token.i >= 5 and doc[token.i - 5].dep_ == "det":
        det = doc[token.i - 5]
    return det


def _owner_determiner(token: Token, rules: ActorRuleSet) -> Optional[Token]:
    """'The drivers' confederation', 'the transport minister's office': the parser hangs "the" on
    a common noun's possessive before the head; that article makes the whole description definite.
    Not a title whose office is its place's government ('the regional governor's office')."""
    owner = next((c for c in token.lefts if c.dep_ == "poss" and c.pos_ == "NOUN" and c.is_lower), None)
    if owner is None or owner.lower_ in rules.place_titles:
        return None
    return next((c for c in owner.lefts if c.dep_ == "det" and c.lower_ == "the"), None)


def _country_possessive(token: Token, index: Antecedents, rule: Description) -> Optional[Token]:
    """'Kenya's central bank', 'Tunisia's coach': a country's possessive makes a description of a
    body or a role definite; its first word starts the mention."""
    for child in token.lefts:
        m = index.at(child.i) if child.dep_ == "poss" else None
        if m is not None and m.type == "GPE" and rule.type in ("ORG", "PERSON"):
            return child.doc[m.tok_start]
    return None


def _compound_name(token: Token, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """'the Sea Org group', 'the Scientology organization': a body's name written as a compound of
    the description is what it describes. A country or a union of them there is a qualifier
    ("the Kenya team", "the UN agency", "the EU team")."""
    umbrellas = set(rules.org_aliases) | set(rules.org_aliases.values())
    # A place before a body's head qualifies it ("the Gabes court"): that body is unnamed.
    types = ("ORG",) if token.lower_ in rules.body_heads else ("ORG", "GPE")
    for child in token.lefts:
        m = index.at(child.i) if child.dep_ in ("compound", "nmod") else None
        if m is None and child.dep_ == "compound":
            m = _named_before(token, index)
        if m is not None and m.type in types and fold(m.name) not in rules.countries \
                and m.name not in umbrellas and m.name[:1].isupper() and m.via not in ("pronoun", "description"):
            return m
    return None


def _named_before(token: Token, index: Antecedents) -> Optional[Mention]:
    """'the Sea Org group' where the model tagged "Sea Org" elsewhere but not here: the
    capitalised words right before the head, written as a name the article tags near it
    (before first, then after), are that name."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start:
        start -= 1
    if start == token.i:
        return None
    words = doc[start:token.i].text
    near = index.before(start) + index.after(token.i)  # nearest before first, then after
    return next((m for m in near if m.text == words or m.name == words), None)


def _person_apposed_to_body(found: Mention, rule: Description) -> bool:
    """'A spokeswoman for the airport operator, Aminata Sarr Diallo, said': a person the parser
    hangs on a body's description is the speaker's name, not the body's."""
    return rule.type == "ORG" and found.type == "PERSON"


def _apposed(token: Token, index: Antecedents) -> Optional[Mention]:
    """'The U.N. refugee agency, UNHCR, said': the name in apposition."""
    for child in token.children:
        if child.dep_ == "appos":
            found = index.at(child.i)
            if found is not None:
                return found
    return None


# How far after a description's head its naming word may stand ("group within Scientology called").
_NAMING_REACH = 7
_BETWEEN_NAMING = ("ADP", "DET", "PROPN", "NOUN", "ADJ")


def _called(token: Token, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """'the elite group within Scientology called the Sea Org': a naming word a few words after the
    head, then a name: the description is that name. Not when the head is the word's subject ("the
    union called the ministry"), nor across a clause (only prepositions and nouns between)."""
    if token.dep_ in ("nsubj", "nsubjpass"):
        return None
    doc, k = token.doc, token.i + 1
    while k < min(len(doc), token.i + 1 + _NAMING_REACH):
        words = next((w for w in rules.naming_words if tuple(t.lower_ for t in doc[k:k + len(w)]) == w), None)
        if words is not None:
            j = k + len(words) + (1 if k + len(words) < len(doc) and doc[k + len(words)].lower_ == "the" else 0)
            m = index.at(j) if j < len(doc) else None
            return m if m is not None and m.tok_start == j and m.via in _VOTING else None
        if doc[k].pos_ not in _BETWEEN_NAMING:
            return None
        k += 1
    return None


def _name_words(name: str) -> set[str]:
    """The folded words of a name, to compare names by the words they share."""
    return set(re.findall(r"\w+", fold(name)))


def _initials(name: str) -> str:
    """'World Food Programme' -> 'wfp': a description's name words list bodies by their
    abbreviation ("the agency" fits WFP), and the article may give the name in full only."""
    return "".join(w[0] for w in re.findall(r"\w+", fold(name)) if w not in _NAME_LINKS and len(w) > 1)


_NAME_LINKS = frozenset({"of", "for", "the", "and", "on", "in", "de", "del", "la"})


def _bracketed(token: Token, index: Antecedents) -> Optional[Mention]:
    """'The UN refugee agency (UNHCR) said': the name the description is given in brackets."""
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "(":
        found = index.at(token.i + 2)
        if found is not None and found.type == "ORG" and doc[found.tok_end:found.tok_end + 1].text == ")":
            return found
    return None


def _fits_description(m: Mention, rule: Description, phrase: str,
                      kin: Mapping[str, frozenset[str]] = MappingProxyType({})) -> bool:
    if m.type != rule.type or m.via == "government":
        return False
    head_word = phrase.split()[-1]
    described = phrase in m.titles or head_word in m.titles
    if rule.type == "PERSON":
        described = described or bool(kin.get(head_word, frozenset()) & m.titles)
        return described or rule is _AGE_ROLE
    words = _name_words(m.name) | {_initials(m.name)}
    if any(w in words for w in rule.not_words):
        return False
    if rule.described_only or _named_by_description(m):
        return described or rule.any_head or bool(set(rule.also_heads) & m.titles)
    return not rule.name_words or any(w in words for w in rule.name_words) or head_word in m.titles


def _own_head_first(fits: list[Mention], phrase: str) -> list[Mention]:
    """'the company' after "The handling company" and then "The national carrier": a body the
    article described with the description's own head before one it described with a kin head
    (``also_heads``); otherwise nearest first."""
    head = phrase.split()[-1]
    return sorted(fits, key=lambda m: _named_by_description(m) and head not in m.titles)


def _own_words(token: Token) -> set[str]:
    """'forensic' of "the forensic office", 'irrigation' of "the irrigation department": the
    lower-case words a description's head carries before it."""
    return {c.lower_ for c in token.lefts if c.dep_ in ("amod", "compound") and c.is_lower and c.is_alpha}


def _another_described_body(token: Token, m: Mention) -> bool:
    """'The irrigation department' after "the corporation's water supply department", 'the
    forensic office' after "the regional prosecutor's office": a description with a word the
    earlier description-named body lacks is another body (the fullest-description pass joins
    "the forensic office" to "the forensic medicine office" later)."""
    own = _own_words(token)
    return bool(own) and _named_by_description(m) and not own <= _name_words(m.name)


def _named_by_description(m: Mention) -> bool:
    """A body the article names only by a description ("Chile's mining safety regulator"): its
    words are no proper name, so only its own head describes it later ("the regulator"), never
    another row whose name words it happens to hold ("the company" for its "mining")."""
    words = m.name.split()
    return m.via == "description" and any(w.islower() and w in m.titles for w in words)


def _role_gender_fits(phrase: str, m: Mention, rules: ActorRuleSet) -> bool:
    """'the spokeswoman', 'the boy': a role word that says a gender never describes a person of
    the other one (as the article or the first name says it)."""
    said = rules.gendered_titles.get(phrase.split()[-1])
    if said is None or m.type != "PERSON":
        return True
    return (m.gender or name_gender(m.name, rules)) in ("unknown", said)


def _modifier_words(token: Token) -> set[str]:
    """'labour' of "the labour ministry", "the ministry of labour": words the name should share."""
    words = {fold(c.text) for c in token.lefts if c.dep_ in ("compound", "amod")}
    for prep in token.rights:
        if prep.dep_ == "prep":
            words.update(fold(o.text) for o in prep.children if o.dep_ == "pobj")
    return words


def _best_fit(token: Token, fits: list[Mention]) -> Optional[Mention]:
    """The nearest fitting actor that shares a modifier with the description, else the nearest."""
    wanted = _modifier_words(token)
    if wanted:
        sharing = next((m for m in fits if wanted & _name_words(m.name)), None)
        if sharing is not None:
            return sharing
    return fits[0] if fits else None


def _most_mentioned(fits: list[Mention]) -> Optional[Mention]:
    """Of the candidates (nearest first), the one named most often among them; ties go to the
    nearest (``max`` keeps the first of equals)."""
    counts: dict[str, int] = {}
    for m in fits:
        counts[m.name] = counts.get(m.name, 0) + 1
    return max(fits, key=lambda m: counts[m.name]) if fits else None


def _is_medium(doc: Doc, m: Mention) -> bool:
    """An outlet the story is told through, not one it is about: the one in the dateline's
    brackets ('DHAKA (Delta News Agency) -') or the one a speaker 'told'."""
    root = doc[m.tok_start:m.tok_end].root
    if root.dep_ in ("dobj", "dative") and root.head.lemma_.lower() == "tell":
        return True
    before, after = doc[m.tok_start - 1] if m.tok_start else None, doc[m.tok_end] if m.tok_end < len(doc) else None
    return before is not None and after is not None and before.text == "(" and after.text == ")" \
        and m.tok_end + 1 < len(doc) and doc[m.tok_end + 1].text in ("-", "–", "—")


def _find_antecedent(doc: Doc, token: Token, rule: Description, phrase: str, index: Antecedents,
                     rules: ActorRuleSet) -> Optional[Mention]:
    """The actor a description names: one in apposition, else the nearest earlier that fits."""
    apposed = _apposed(token, index) or _bracketed(token, index) or _compound_name(token, index, rules) \
        or _called(token, index, rules)
    if apposed is not None and not _person_apposed_to_body(apposed, rule):
        return apposed
    pool = index.before(token.i)
    if rule.place is not None:
        return _place_antecedent(doc, token, rule, pool, index, rules)
    if rule is _AGE_ROLE:
        pool = [m for m in pool if _sentence_gap(doc, m.tok_start, token.i) <= ROLE_SENTENCES
                and not _quoted_away(doc, m, token, rules)]
    fits = [m for m in pool if _fits_description(m, rule, phrase, rules.role_kin) and not _is_medium(doc, m)
            and _role_gender_fits(phrase, m, rules) and not _another_described_body(token, m)
            and (rule.reach is None or _sentence_gap(doc, m.tok_start, token.i) <= rule.reach)]
    fits = _own_head_first(fits, phrase)
    if _qualifier(token, index, rules) is not None:
        # "the Syrian refugee team" after "the Afghan team": a qualifier the name lacks is another body.
        # an owner's word too ("the workers' union" -> Union of ... Workers), not a place's ("the state's")
        wanted = _modifier_words(token) | {fold(c.text) for c in token.lefts if c.dep_ == "poss"
                                           and c.lower_ not in rules.place_nouns | rules.bare_gov | rules.gov}
        fits = [m for m in fits if wanted & _name_words(m.name)] \
            or _named_sharing_a_word(token, pool, rules)
    if not fits and (rule is _ROLE or rule.type == "PERSON" and rule is not _AGE_ROLE and _former(token)) \
            and any(c.dep_ == "det" and c.lower_ == "the" for c in token.lefts):
        fits = _aged_subject(doc, phrase, pool, rules)
    return _best_fit(token, fits)


def _former(token: Token) -> bool:
    """'the former state secretary': a title held before is a person's past post, no office's
    present holder, so it may describe the article's subject though no one named carries it."""
    return any(c.lower_ in ("former", "ex") for c in token.lefts)


def _aged_subject(doc: Doc, phrase: str, pool: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'Dorin Vasilache, 58, who oversaw ...' then 'the former official': a title after "the" (not
    "his sister") no one named carries describes the one person the article introduced with an age (wire copy gives the
    age of its subject), if there is exactly one and the title's gender fits."""
    aged = {m.name: m for m in pool if m.via not in ("pronoun", "description")
            and _aged(doc[m.tok_start:m.tok_end])}
    if len(aged) != 1:
        return []
    m = next(iter(aged.values()))
    return [m] if _role_gender_fits(phrase, m, rules) else []


def _quoted_away(doc: Doc, m: Mention, token: Token, rules: ActorRuleSet) -> bool:
    """'"... from the Upper Hunter ...," the 54-year-old said': a person named inside a quotation
    the description is not in is someone the speaker talks about, not the one it describes."""
    regions = _sorted_quote_regions(doc, rules)
    inside = _region_of(m.start, regions)
    return inside is not None and inside != _region_of(token.idx, regions)


def _named_sharing_a_word(token: Token, pool: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """"Romania's audiovisual regulator" after "the National Audiovisual Council (CNA)": a
    qualified body description whose own lower-case word (no scope's, no portfolio's: "the
    health ministry" is no World Health Organization) a body named before shares is that body,
    whatever its head."""
    own = {w for w in _own_words(token) if w not in rules.body_scope_words and w not in rules.portfolio}
    return [m for m in pool if m.type == "ORG" and m.via in _VOTING
            and own & _name_words(m.name)] if own else []


def _in_claims(doc: Doc) -> Optional[frozenset[int]]:
    """The tokens of the document's claims, or None before the sentence stage has run: a place
    named only in a caption or a 'Read more' line ("South Dunedin flood plan pushed back") is no
    place a sentence's "the city" refers back to (the dateline's place is found apart)."""
    claims = doc._.claims
    if claims is None:
        return None
    box = scratch(doc)
    if "actor_claim_tokens" not in box:
        box["actor_claim_tokens"] = frozenset(i for span in claims for i in range(span.start, span.end))
    return box["actor_claim_tokens"]


def _place_antecedent(doc: Doc, token: Token, rule: Description, pool: list[Mention], index: Antecedents,
                      rules: ActorRuleSet) -> Optional[Mention]:
    """The place a place description ("the city", "the country") names, among ``pool`` (the
    mentions before it, nearest first)."""
    if any(c.dep_ == "compound" and (c.is_title or c.lower_ in rules.place_nouns) for c in token.lefts):
        return None  # "the Oeste region" names its own place; "the district municipality" is a body
    if token.dep_ != "appos" and any(p.lower_ == "of" and any(index.at(o.i) is not None for o in p.children
                                                             if o.dep_ == "pobj") for p in token.rights):
        # "the rural town of El Tambo": the place is named right there, its own mention (but
        # "Ibadan, the capital of Oyo State" is Ibadan)
        return None
    # An outlet is never the place ('polled by West Coast Wire' typed as a place by the model):
    # no mention of a name the dateline's brackets or a 'told' gave as the medium.
    media = {m.name for m in pool if _is_medium(doc, m)}
    claimed = _in_claims(doc)
    places = [m for m in pool if m.type == "GPE" and m.via != "description" and m.name not in media
              and (claimed is None or m.tok_start in claimed or rule.place == "country")
              and (fold(m.name) in rules.countries) == (rule.place == "country")]
    # "the nation", "the country": the country the passage is about, not the last one named;
    # with none named before, the country the story is set in (its dateline's, or the one it
    # writes most), as for "the government".
    if rule.place == "country":
        return _most_mentioned(places) or _story_country(doc, index, rules)
    bare = not any(c.dep_ in ("amod", "compound", "nmod") for c in token.lefts) \
        and not any(c.dep_ == "prep" for c in token.rights)  # "the northern city (of Kaduna)" is elsewhere
    places = _place_of_kind(doc, token.lower_, places, index, rules)
    if rules.place_groups.get(token.lower_) == rules.place_groups.get("region") \
            and not any(token.lower_ in _place_kinds(doc, index, rules).get(m.name, ()) for m in places):
        headline = _headline_places(doc, rules)  # no place of its kind in the text
        if len(headline) == 1 and bare:
            return headline[0]
    return next(iter(places), None) or (_dateline_place(doc, index, rules) if bare and rule.dateline else None)


def _story_country(doc: Doc, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    country = _article_country(doc, index.ordered, rules)
    return None if country is None else Mention(0, 0, "", country, "GPE", 0, 0, "dateline", set())


def _place_of_kind(doc: Doc, noun: str, places: list[Mention], index: Antecedents,
                   rules: ActorRuleSet) -> list[Mention]:
    """'the city' after 'Knocknacarra, on the western edge of Galway city' and 'Renmore': the
    places the article writes as this noun come first, and those it writes only as another kind
    ('the district of Viseu' is no "town") drop out; the rest keep their order, nearest first."""
    kinds = _place_kinds(doc, index, rules)
    group = rules.place_groups.get(noun)
    same = [m for m in places if noun in kinds.get(m.name, ())]
    # A place written with no kind may be any; one written only as other kinds is none of this one.
    fits = [m for m in places if m not in same
            and any(rules.place_groups.get(k) == group for k in kinds.get(m.name, {noun}))]
    return same + fits


def _place_kinds(doc: Doc, index: Antecedents, rules: ActorRuleSet) -> dict[str, set[str]]:
    """Per place name, the place nouns the article writes it with, anywhere in the document:
    'Galway city', 'Nuwakot district', 'the district of Viseu', 'Vale de Cima, a hamlet'. Computed
    once per document, from the named places found before descriptions are resolved."""
    box = scratch(doc)
    if "actor_place_kinds" not in box:
        kinds: dict[str, set[str]] = {}
        for m in index.ordered:
            if m.type == "GPE" and m.via != "description":
                for noun in _place_nouns_around(doc, m, rules):
                    kinds.setdefault(m.name, set()).add(noun)
        box["actor_place_kinds"] = kinds
    return box["actor_place_kinds"]


def _place_nouns_around(doc: Doc, m: Mention, rules: ActorRuleSet) -> Iterable[str]:
    yield from _slot_nouns(doc, m.tok_start, m.tok_end, rules)
    last = doc[m.tok_end - 1]
    if m.tok_end - m.tok_start > 1 and last.lower_ in rules.place_nouns:
        yield last.lower_  # "Vinh Long province", "Ho Chi Minh City"
    root = doc[m.tok_start:m.tok_end].root
    yield from (c.lower_ for c in root.children if c.dep_ == "appos" and c.lower_ in rules.place_nouns)


# How far from the top a dateline is looked for (a title line, a byline, then the dateline).
DATELINE_CHARS = 600


def _dateline_place(doc: Doc, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """'ACCRA, July 30 (West Coast Wire) - ... told a news conference in the capital': with no city
    named before it, "the capital" or "the city" is where the story was filed. The dateline is no
    claim, so the place is spelt as the article writes it elsewhere, else in title case."""
    for start, written in _dateline_places(doc, rules):
        if written is None:
            continue
        end = start + len(written)
        span = doc.char_span(start, end, alignment_mode="expand")
        key = fold(written)
        spelt = next((m for m in index.after(span.end) if m.type == "GPE" and fold(m.name) == key), None)
        name = spelt.name if spelt is not None else " ".join(
            w.lower() if w.lower() in rules.name_particles else w.capitalize() for w in written.split())
        return Mention(start, end, written, name, "GPE", span.start, span.end, "dateline", set())
    return None


def _dateline_places(doc: Doc, rules: ActorRuleSet) -> Iterable[tuple[int, Optional[str]]]:
    """For each dateline line near the top, in order: where its place starts and the place as
    written ('DHAKA'), or None when the line opens with no such run of capitals."""
    for line in re.finditer(r"^[^\n]+", doc_text(doc)[:DATELINE_CHARS], re.M):
        if rules.lines.dateline.match(line.group()):
            place = re.match(r"[A-Z][A-Z.'’ -]*[A-Z]", line.group())
            yield (line.start() + place.start(), place.group()) if place else (line.start(), None)


def _description(doc: Doc, token: Token, phrase: str, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """'the NGO' -> the NGO named before; not "the group Foro Penal" (a name follows)."""
    rule = _description_rule(phrase, rules)
    det = _determiner(doc, token, rules) or _owner_determiner(token, rules)
    if det is not None and det.lower_ not in rules.description_determiners | rules.possessive_determiners:
        return None
    det = det or _country_possessive(token, index, rule)
    if det is None and rule.type == "ORG" and token.dep_ == "compound":
        return _owned_body_of_speaker(doc, token, index, rules)
    if det is None or token.dep_ == "compound":
        return None
    if any(c.dep_ in ("prep", "appos", "compound") and c.i > token.i for c in token.children) \
            and token.i + 1 < len(doc) and doc[token.i + 1].is_title:
        return None  # "the group Foro Penal", "the mayor, Ana Torres": the name is right there
    possessive = det.lower_ in rules.possessive_determiners
    # "the authority that runs the waterway" refers back to no one, but of a body the article
    # keeps writing bare it is the first mention (the caller's body, when none before fits).
    restrictive = _restrictive_clause(doc, token)
    if restrictive and not _recurring_bare_head(doc, token, index, rules) \
            or possessive and not (_possessive_resolves(token, rule, index) or _our_country(det, rule, rules)):
        return None
    target = _find_antecedent(doc, token, rule, phrase, index, rules)
    if restrictive and target is not None:
        return None
    if not possessive and rule.type == "ORG" and _bare_head(token):
        # Nearer than the body found, and not in that body's own sentence ("X is a Lima-based
        # group", parsed without the apposition: the indefinite describes X).
        introduced = _introduced_body(doc, token, rules)
        if introduced is not None and (target is None or target.tok_end <= introduced.tok_start
                                       and doc[target.tok_start].sent != doc[introduced.tok_start].sent):
            target = introduced
    # "her party": the pronoun is a mention of its own (of the person), the description starts after it.
    span = doc[det.i + (1 if possessive else 0):token.i + 1]
    if target is None:
        return _unnamed_body(doc, token, span, index, rules)
    return Mention(span.start_char, span.end_char, span.text, target.name, target.type, span.start, span.end,
                   "description", set(target.titles), gender=target.gender)


def _introduced_body(doc: Doc, token: Token, rules: ActorRuleSet) -> Optional[Mention]:
    """'... according to a Bogotá-based conflict monitoring group. The group's director said':
    an indefinite description with words of its own and the same head, at most ROLE_SENTENCES
    back and nearer than any named body, introduces the body the definite one refers to; it is
    named by that description without its article (claims-spec 3). The indefinite mention itself
    stays unlabelled (indefinite descriptions are not resolved). One that gives a person's role
    ("Koffi Adou, president of a growers' cooperative federation") stays the story's body for
    longer, up to QUOTED_REACH sentences."""
    for k in range(token.i - 1, -1, -1):
        t = doc[k]
        gap = _sentence_gap(doc, k, token.i)
        if t.is_sent_start and gap >= QUOTED_REACH:
            break
        if t.lower_ != token.lower_ or t.pos_ != "NOUN" or t.dep_ == "compound" or not _indefinite(t):
            continue
        if gap > ROLE_SENTENCES and not _role_owner(t, rules):
            continue
        return _indefinite_body(doc, t)
    return None


def _role_owner(t: Token, rules: ActorRuleSet) -> bool:
    """'president of a growers' cooperative federation': the body after a role noun's "of"/"for"."""
    return t.dep_ == "pobj" and t.head.lower_ in _ROLE_PREPS[:2] and \
        (t.head.head.lower_ in rules.role_words or t.head.head.lower_ in rules.titles)


def _indefinite_body(doc: Doc, t: Token) -> Optional[Mention]:
    """The body an indefinite description with words of its own introduces, named by it without
    its article ('a Lima-based monitoring group' -> "Lima-based monitoring group"); None for one
    in apposition to a name or a plain one ("a new group")."""
    if t.dep_ == "appos" or any(c.dep_ == "appos" for c in t.children) or t.dep_ == "attr":
        return None  # "Courtroom Observers Network, a Bishkek-based group": the name is the body
    words = [c for c in t.lefts if c.dep_ not in ("det", "punct")]
    # a noun of its own ("monitoring group") or a hyphened one ("Bogotá-based"); "a new group" is too plain
    if not any(c.dep_ in ("compound", "poss") or "-" in doc[c.left_edge.i:c.i + 1].text for c in words):
        return None
    start = min(w.left_edge.i for w in words)
    start += 1 if doc[start].lower_ in ("a", "an") else 0  # "a growers' federation": the article on the owner
    span = doc[start:t.i + 1]
    return Mention(span.start_char, span.end_char, span.text, clean_name(span.text), "ORG", span.start, span.end,
                   "description", {t.lower_})


def _possessive_resolves(token: Token, rule: Description, index: Antecedents) -> bool:
    """'her party', 'his wife': a body or role after a possessive pronoun is the nearest that
    fits. Not a place ("his country" is the owner's country, which the nearest-country rule
    does not find), nor one with its name in apposition ("Her lawyer, X, said": X is the mention)."""
    return rule.place is None and _apposed(token, index) is None


def _owned_body_of_speaker(doc: Doc, token: Token, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """'Ratepayers' group spokesman Doug Fairbairn': a body head between a possessive of no name
    and a speaker's or title's noun is the speaker's body, named by that description (claims-spec 3);
    "the group" later refers to it."""
    role = token.head
    if role.i != token.i + 1 or role.lower_ not in rules.speakers and role.lower_ not in rules.titles:
        return None
    owner = next((c for c in role.lefts if c.dep_ == "poss" and c.i < token.i), None)
    # the owner is people ("Ratepayers'"), not one named or a title's holder ("Governor's office")
    if owner is None or index.at(owner.i) is not None or owner.pos_ not in ("NOUN", "PROPN") \
            or owner.lower_ in rules.titles \
            or any(t.dep_ not in ("case", "punct") for t in doc[owner.i + 1:token.i]):
        return None
    span = doc[owner.left_edge.i:token.i + 1]
    return Mention(span.start_char, span.end_char, span.text, clean_name(span.text), "ORG", span.start, span.end,
                   "description", {token.lower_})


def _our_country(det: Token, rule: Description, rules: ActorRuleSet) -> bool:
    """'our country' in a speaker's words: the country the passage is about, as "the country"
    is (a speaker's own country is the one the story is set in far more often than not)."""
    return rule.place == "country" and rules.first_person.get(det.lower_) == "plural"


def _restrictive_clause(doc: Doc, token: Token) -> bool:
    """'the group whose robots scored most', 'the team that finished last': a relative clause
    without a comma picks out its referent, so the description refers back to no one ("the
    union, which said ..." still does, and so does one in apposition: "Goma, the provincial
    capital that rebels took")."""
    return token.dep_ != "appos" and any(c.dep_ == "relcl" and c.left_edge.i > token.i
                                         and doc[c.left_edge.i - 1].text != "," for c in token.rights)


def _qualifier(token: Token, index: Antecedents, rules: ActorRuleSet) -> Optional[Token]:
    """The word that makes a body's description specific: a country or nationality ("the Afghan
    team", "Kenya's central bank") or a portfolio ("the labour ministry")."""
    for child in token.lefts:
        if child.dep_ not in ("amod", "compound", "poss", "nmod"):
            continue
        m = index.at(child.i)
        if m is not None and m.type in ("GPE", "NORP") or fold(child.text) in rules.demonyms \
                or child.lower_ in rules.portfolio or _owner_qualifier(child, m, token, rules):
            return child
    return None


def _a_building(token: Token, rules: ActorRuleSet) -> bool:
    """'a sit-in outside the vice-chancellor's office', 'Afya House, the ministry's headquarters':
    after a preposition of place, or in apposition to a name, an owner's office is the building."""
    return token.dep_ == "appos" or token.dep_ == "pobj" and token.head.lower_ in rules.at_place_preps


def _owner_qualifier(child: Token, m: Optional[Mention], token: Token, rules: ActorRuleSet) -> bool:
    """'the drivers' confederation', 'the transport minister's office', 'the council's scrutiny
    committee': a possessive common noun, or a body's before a head of its own, makes the
    description a body of its own, named with that owner (claims-spec 3, sub-units included).
    A body's everyday office or side ("the ministry's press service", "the hospital's side") is
    that body's voice, no body of its own; nor is a building ('outside the vice-chancellor's office')."""
    if child.dep_ != "poss" or child.pos_ not in ("NOUN", "PROPN") or _a_building(token, rules):
        return False
    if m is not None:
        return m.type == "ORG" and token.lower_ not in rules.common_body_heads
    return child.pos_ == "NOUN" and child.is_lower and child.is_alpha and child.lower_ not in rules.place_titles


def _body_name_start(doc: Doc, span: Span, qualifier: Token) -> int:
    """Where a body's descriptive name starts: after the determiner ("the Congolese health
    ministry" -> "Congolese health ministry"), and after a size before the qualifier ("the
    six-member Afghan team" -> "Afghan team")."""
    start = span.start + (1 if span[0].dep_ == "det" else 0)
    before = doc[start:qualifier.i]
    if any(t.like_num for t in before):
        hyphens = [t.i for t in before if t.text == "-"]
        start = hyphens[-1] + 2 if hyphens else qualifier.i
    return min(start, qualifier.i)


def _named_later(doc: Doc, token: Token, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """'Kenya's state-funded human rights commission said ... The Kenya National Commission on
    Human Rights (KNCHR) ...': a body described before it is named, a sentence or two on, by a
    name with the description's head and a modifier of it."""
    wanted = _modifier_words(token) | {fold(c.text) for c in token.lefts if c.dep_ == "poss"
                                       and c.lower_ not in rules.place_nouns | rules.bare_gov | rules.gov}
    for m in index.after(token.i):
        if _sentence_gap(doc, token.i, m.tok_start) > ROLE_SENTENCES:
            return None
        words = _name_words(m.name)
        heads = {token.lower_} | set(_description_rule(token.lower_, rules).name_words or ())
        if m.type == "ORG" and m.via in ("ner", "pattern", "rule") and heads & words and wanted & words:
            return m
    return None


def _unnamed_body(doc: Doc, token: Token, span: Span, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """A body the article names only by a qualified description (claims-spec 3): an ORG named by
    the description from its qualifier on ("Afghan team", "Kenya's central bank"); later
    descriptions with its head noun resolve to it."""
    sole = (token.lower_ in rules.sole_body_heads or _recurring_bare_head(doc, token, index, rules)) \
        and span[0].lower_ == "the"
    if token.lower_ not in rules.body_heads and not sole:
        return None
    qualifier = _qualifier(token, index, rules) or _scope_qualifier(token, rules) or (token if sole else None) \
        or _speaker_qualifier(doc, token, span, index, rules)
    if qualifier is None:
        return _holders_body(doc, token, span, rules)
    if _apposed_to_a_name(token, index):
        return None
    later = _named_later(doc, token, index, rules)
    end = _body_tail_end(doc, token, index)
    span = doc[span.start:end]
    name = later.name if later is not None else clean_name(doc[_body_name_start(doc, span, qualifier):end].text)
    return Mention(span.start_char, span.end_char, span.text, name, "ORG", span.start, span.end, "description",
                   {token.lower_})


def _holders_body(doc: Doc, token: Token, span: Span, rules: ActorRuleSet) -> Optional[Mention]:
    """'The transport minister's office said ... a mediation meeting at the ministry': a bare
    body head with no body before it that fits is the body of the nearest holder of a portfolio
    written before it (``holder_bodies``: a minister's ministry), named by portfolio and head
    ("transport ministry", writer M)."""
    holder = next((h for h, body in rules.holder_bodies.items() if body == token.lower_), None)
    if holder is None or not _bare_head(token):
        return None
    for k in range(token.i - 1, -1, -1):
        t = doc[k]
        portfolio = next((c for c in t.lefts if c.dep_ in ("compound", "amod") and c.lower_ in rules.portfolio), None) \
            if t.lower_ == holder else None
        if portfolio is not None:
            return Mention(span.start_char, span.end_char, span.text, f"{portfolio.lower_} {token.lower_}", "ORG",
                           span.start, span.end, "description", {token.lower_})
    return None


def _apposed_to_a_name(token: Token, index: Antecedents) -> bool:
    """'Tembo, Kenya's third-largest operator': a description in apposition to a name describes
    that name's actor, which the article names; it is no body of its own (annotation notes: an
    appositive description next to the name is not labelled)."""
    return token.dep_ == "appos" and index.at(token.head.i) is not None


# How often "the HEAD" must be written bare for the word alone to name the body.
BARE_BODY_MENTIONS = 2


def _bare_head(token: Token) -> bool:
    """'the authority', 'the council's': the head with "the" and no modifier before it."""
    return token.pos_ == "NOUN" and token.dep_ != "compound" \
        and [c.lower_ for c in token.lefts if c.dep_ not in ("case", "punct")] == ["the"]


def _apposed_to_a_name_word(token: Token) -> bool:
    """'The operator, Dar es Salaam-based Kilele Express, did not answer': the head has a name in
    apposition, so the article names that body there."""
    return any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in token.children)


def _head_with_words(token: Token) -> bool:
    """'the education ministry', 'the ministry responsible for fisheries': the head written as a
    body of its own, with words of its own (not "a typical council", nor "Tuesday's council meeting")."""
    if token.dep_ == "compound" or _indefinite(token):
        return False
    return any(c.dep_ in ("amod", "compound", "nmod", "poss") for c in token.lefts) \
        or any(c.dep_ == "amod" for c in token.rights)


def _in_capitalised_name(token: Token) -> bool:
    """'the Coalition for Just Mining', 'Galway City Council': the word capitalised inside a run
    of capitalised words, a name whether or not the model tagged it."""
    doc, i = token.doc, token.i
    if not token.is_title:
        return False
    before = i > 0 and doc[i - 1].is_title and not token.is_sent_start
    after = i + 1 < len(doc) and (doc[i + 1].is_title or doc[i + 1].lower_ in ("of", "for", "on")
                                  and i + 2 < len(doc) and doc[i + 2].is_title)
    return before or after


def _recurring_bare_head(doc: Doc, token: Token, index: Antecedents, rules: ActorRuleSet) -> bool:
    """'the head of the authority ... the authority's chairman ... told the authority': a body
    head (``recurring_body_heads``) the article writes bare again and again names one body, even
    with no word of its own (claims-spec 3); the caller found no body before it that fits. Not
    when the article names a body with that word anywhere ("Galway City Council", a name the
    description missed) or writes the head with words of its own ("the education ministry"):
    then the bare word is that body's, not a body of its own."""
    low = token.lower_
    if low not in rules.recurring_body_heads or not _bare_head(token):
        return False
    box = scratch(doc).setdefault("actor_bare_heads", {})
    if low not in box:
        bare = sum(1 for t in doc if t.lower_ == low and _bare_head(t) and not _apposed_to_a_name_word(t))
        worded = any(t.lower_ == low and _head_with_words(t) for t in doc)
        named = any(m.type == "ORG" and m.via in _VOTING and low in re.findall(r"\w+", fold(m.name))
                    for m in index.ordered) or any(t.lower_ == low and _in_capitalised_name(t) for t in doc)
        box[low] = bare >= BARE_BODY_MENTIONS and not worded and not named
    return box[low]


def _scope_qualifier(token: Token, rules: ActorRuleSet) -> Optional[Token]:
    """'the regional health directorate', 'the disaster office': an adjective of scope or a
    lower-case noun before a body's head makes its description specific (the first such word)."""
    nouns_qualify = token.lower_ not in rules.common_body_heads
    for child in token.lefts:
        if child.dep_ == "amod" and (child.lower_ in rules.body_scope_words or _hyphened_modifier(child)) \
                or nouns_qualify and child.dep_ == "compound" and child.pos_ in ("NOUN", "PROPN") \
                and child.is_lower and child.is_alpha:
            return child.left_edge
    return None


def _hyphened_modifier(child: Token) -> bool:
    """'the state-owned operator', 'the council-run utility': a hyphened adjective of ownership or
    place is a word of the body's own, as an adjective of scope is."""
    words = child.doc[child.left_edge.i:child.i + 1]
    return len(words) == 3 and words[1].text == "-" and all(t.is_lower and t.is_alpha for t in (words[0], words[2]))


def _speaker_qualifier(doc: Doc, token: Token, span: Span, index: Antecedents, rules: ActorRuleSet) -> Optional[Token]:
    """'the meteorological department said', 'according to the city clerk's office': a body that
    speaks, described with words of its own, is the body of that description (claims-spec 3), as
    the attribution stage takes it for the source. Its words are common nouns, adjectives or a
    possessive, no name and none that keeps it generic ('the same office'); the first is returned."""
    if span[0].lower_ != "the" or span.end - span.start < 3 or not _in_source_slot(doc, token, rules):
        return None
    words = doc[span.start + 1:token.i]
    if all((t.pos_ in ("NOUN", "ADJ", "PART", "PROPN") or t.tag_ == "VBG") and (t.is_lower or t.pos_ == "PART")
           and index.at(t.i) is None
           and t.lower_ not in rules.not_body_modifiers for t in words):
        return words[0]
    return None


# At most this many words of an "of" phrase join a body's descriptive name ("court of first instance").
_OF_TAIL = 5


def _body_tail_end(doc: Doc, token: Token, index: Antecedents) -> int:
    """Where a body's descriptive name ends: after its head, or after a place it is "in" or "at"
    ("the regional referral hospital in Mbeya"), or a short "of" phrase with no name in it
    ("court of first instance"); the fullest description is the name (claims-spec 3)."""
    k = token.i + 1
    if k < len(doc) and _participle_tail(doc[k], token, index):
        return doc[k].right_edge.i + 1  # "the union representing baggage handlers, ramp agents and check-in staff"
    if k + 1 < len(doc) and doc[k].lower_ in ("in", "at"):
        place = index.at(k + 1)  # the parser often hangs the place on the verb: adjacency decides
        # "the postgraduate students' association at Barwon University": a named body it sits in, too
        named = place is not None and place.type in ("GPE", "ORG") and place.via in _VOTING + ("dateline",)
        return place.tok_end if named and place.tok_start == k + 1 else k
    prep = doc[k] if k < len(doc) else None
    if prep is not None and prep.lower_ == "of" and prep.head.i == token.i:
        end = prep.right_edge.i + 1
        if end - k <= _OF_TAIL and all(t.is_lower and t.is_alpha for t in doc[k:end]):
            return end
    return k


# At most this many words of a participle phrase join a body's descriptive name.
_PARTICIPLE_TAIL = 12


def _participle_tail(word: Token, token: Token, index: Antecedents) -> bool:
    """'the union representing baggage handlers, ramp agents and check-in staff': a present
    participle right after the head says which body it is; its phrase is part of the fullest
    description (annotation notes, writer M). Not one with a name inside, nor a long one."""
    if word.tag_ != "VBG" or word.dep_ != "acl" or word.head.i != token.i:
        return False
    span = word.doc[word.i:word.right_edge.i + 1]
    return len(span) <= _PARTICIPLE_TAIL and all(index.at(t.i) is None and not t.is_title for t in span)


def _link_in_order(mentions: list[Mention], items: Iterable, link) -> list[Mention]:
    """``link(item, index)`` for each item in reading order; a mention it finds joins the index at
    once, so a later item can take it as its antecedent."""
    index = Antecedents(mentions)
    added: list[Mention] = []
    for item in items:
        found = link(item, index)
        if found is not None:
            added.append(found)
            index.add(found)
    return mentions + added


def description_references(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """Definite descriptions by their head noun (the pack's table: "the ministry", "the team"),
    a title ("the former minister") or an age ("the 73-year-old") -> the nearest earlier actor
    they fit; of several, the one whose name shares the description's modifier ("the labour
    ministry" after "the Ministry of Labour")."""
    occupied = _covered(mentions)

    def link(i: int, index: Antecedents) -> Optional[Mention]:
        token = doc[i]
        if i in occupied:
            return None
        phrase = _description_phrase(doc, token, rules)
        if not phrase or token.pos_ not in ("NOUN", "PROPN") and phrase != "year-old":
            return None
        return _description(doc, token, phrase, index, rules)
    return _link_in_order(mentions, _indices(lowers(doc), rules.description_heads), link)


_REFLEXIVES = ("himself", "herself")


def _reflexive_subject(token: Token, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """'X decided to treat his son himself': a reflexive is the subject of its clause (or of the
    clause it hangs from), not the nearest person before it."""
    if token.lower_ not in _REFLEXIVES:
        return None
    for verb in token.ancestors:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < token.i), None)
        if subject is not None:
            m = index.at(subject.i)
            ok = m is not None and m.type == "PERSON" and _gender_fits(token.lower_, m, rules)
            return m if ok else None
    return None


def _pronoun(doc: Doc, token: Token, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """'he' -> the nearest earlier person of a fitting gender, at most three sentences back, skipping
    people whose first name says nothing."""
    own = _reflexive_subject(token, index, rules)
    fits = [own] if own is not None else \
        [m for m in index.before(token.i) if m.type == "PERSON" and _gender_fits(token.lower_, m, rules)]
    near = [m for m in fits if _sentence_gap(doc, m.tok_start, token.i) <= PRONOUN_SENTENCES] \
        or [m for m in fits if _narrative_gap(doc, m.tok_start, token.i, rules) <= PRONOUN_SENTENCES]
    # A person whose gender is known (the article's or the table's, even "either") beats a nearer
    # one whose first name the table has never seen: US birth counts lack "Zurab" or "Irakli",
    # which then fit both pronouns and would take every "her" after them.
    target = next((m for m in near if _gender_known(m, rules)), near[0] if near else None)
    if target is None:
        return None
    return Mention(token.idx, token.idx + len(token.text), token.text, target.name, "PERSON", token.i, token.i + 1,
                   "pronoun", set(target.titles), gender=target.gender)


def _indefinite(token: Token) -> bool:
    """'a spokeswoman', 'a growers' federation' (the article on the owner): claims-spec 3 resolves
    no indefinite description."""
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.lefts) \
        or any(c.dep_ == "poss" and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in c.lefts)
               for c in token.lefts)


def _appositive_role(doc: Doc, m: Mention, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """'Hernan Dario Gomez, Panama coach, said': a role noun in apposition to a named person is a
    description of that person (its span ends at the role word: "director of the gallery" is
    written "director")."""
    root = doc[m.tok_start:m.tok_end].root
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.lower_ in rules.role_words \
                and index.at(child.i) is None and child.i >= m.tok_end and not _indefinite(child):
            span = doc[child.left_edge.i:child.i + 1]
            return Mention(span.start_char, span.end_char, span.text, m.name, "PERSON", span.start, span.end,
                           "description", set(m.titles), gender=m.gender)
    return None


def appositive_roles(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """Role descriptions in apposition to a named person ("X, the former minister, said") -> that
    person. One look at each person mention's children: linear in the mentions."""
    people = [m for m in sorted(mentions, key=attrgetter("tok_start"))
              if m.type == "PERSON" and m.via not in ("pronoun", "description")]
    return _link_in_order(mentions, people, lambda m, index: _appositive_role(doc, m, index, rules))


def pronoun_references(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """Third-person pronouns (he, his, herself ...) -> the nearest fitting person, in reading
    order, so a pronoun can take a person a description named."""
    def link(i: int, index: Antecedents) -> Optional[Mention]:
        token = doc[i]
        if index.at(i) is not None or token.pos_ != "PRON":
            return None
        return _pronoun(doc, token, index, rules)
    return _link_in_order(mentions, _indices(lowers(doc), rules.pronouns), link)


def _is_subject(token: Token) -> bool:
    return token.dep_ in ("nsubj", "nsubjpass")


def _subject_noun_between(doc: Doc, start: int, end: int, index: Antecedents, tags: tuple[str, ...],
                          quoted: Callable[[Token], bool] = lambda t: False, *, main_only: bool = False) -> bool:
    """A noun of ``tags`` that is a subject between ``start`` and ``end`` and no person ("the
    ministry said the law ... it", "Cyclone Hidaya ... it"): the pronoun is more likely that
    noun than the actor before it. Not one ``quoted`` (inside a quotation the pronoun is not in:
    '"Provocation deserves punishment," it added')."""
    return any(_is_subject(t) and t.tag_ in tags and (index.at(t.i) is None or index.at(t.i).type != "PERSON")
               and not quoted(t) and (not main_only or t.head.dep_ == "ROOT") for t in doc[start:end])


def _speaks_as_it(m: Mention, rules: ActorRuleSet) -> bool:
    """An organisation, or a country (a city is seldom an "it" that acts)."""
    return m.type == "ORG" or m.type == "GPE" and (m.via == "government" or fold(m.name) in rules.countries)


def _is_collective(m: Mention, rules: ActorRuleSet) -> bool:
    """A team or crew, which the article may call "they" (British usage)."""
    words = m.name.lower().split()
    return m.type == "ORG" and bool(words) and (words[-1] in rules.collective_heads
                                                or bool(m.titles & rules.collective_heads))


def _neuter(doc: Doc, token: Token, index: Antecedents, rules: ActorRuleSet,
            regions: list[tuple[int, int]] = ()) -> Optional[Mention]:
    """'it', 'its' -> the nearest organisation or country that is a subject in this sentence or
    the one before, with no other singular subject noun between them; 'they' the same for a team
    (any plural subject noun between wins instead)."""
    plural = token.lower_ in rules.collective_pronouns
    fits = (lambda m: _is_collective(m, rules)) if plural else (lambda m: _speaks_as_it(m, rules))
    tags = ("NNS", "NNPS") if plural else ("NN", "NNP", "NNPS")
    for m in index.before(token.i):
        if _sentence_gap(doc, m.tok_start, token.i) > 1:
            return None
        if not fits(m) or not _salient_subject(doc, m, same_sentence=_sentence_gap(doc, m.tok_start, token.i) == 0):
            continue
        outside = _region_of(token.idx, regions) is None
        quoted = (lambda t: _region_of(t.idx, regions) is not None) if outside else (lambda t: False)
        # "Northcrest said its offer was fair. It said ...": a main clause's "it" after the main
        # subject of the sentence before skips the subjects of what that sentence reported.
        main_only = _is_subject(token) and token.head.dep_ == "ROOT" and _sentence_gap(doc, m.tok_start, token.i) == 1
        return None if _subject_noun_between(doc, m.tok_end, token.i, index, tags, quoted, main_only=main_only) else m
    return None


def _salient_subject(doc: Doc, m: Mention, *, same_sentence: bool) -> bool:
    """A subject (or a name in apposition to one: "The main opposition coalition, the Unitary
    Platform, has demanded"); from the sentence before, only the main clause's subject ("...
    demanded that the government publish ... It says": not the government)."""
    root = doc[m.tok_start:m.tok_end].root
    if root.dep_ == "appos":
        root = root.head
    return _is_subject(root) and (same_sentence or root.head.dep_ == "ROOT")


def _takes_an_actor(token: Token) -> bool:
    """An it/they that may stand for an actor: a subject or a possessive ("its")."""
    return token.dep_ in ("nsubj", "nsubjpass", "poss")


def _quoted_apart(token: Token, m: Mention, regions: list[tuple[int, int]]) -> bool:
    """A quoted "it" whose candidate is outside that quotation ('"... it is noise," said X'): a
    quoted it/they takes only a body named in the same quotation ("If the union walks away, it ...")."""
    region = _region_of(token.idx, regions)
    return region is not None and not region[0] <= m.start < region[1]


def neuter_pronouns(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'The union said it would strike': it/its -> the salient organisation or country (a
    subject, at most a sentence back). A pronoun for a thing that is no actor stays unlabelled."""
    regions = sorted(_quote_regions(doc_text(doc), rules))

    def link(i: int, index: Antecedents) -> Optional[Mention]:
        token = doc[i]
        if index.at(i) is not None or token.pos_ != "PRON" or not _takes_an_actor(token):
            return None
        target = _neuter(doc, token, index, rules, regions)
        if target is None or _quoted_apart(token, target, regions):
            return None
        return Mention(token.idx, token.idx + len(token.text), token.text, target.name, target.type, i, i + 1,
                       "pronoun", set(target.titles))
    return _link_in_order(mentions, _indices(lowers(doc), rules.neuter_pronouns | rules.collective_pronouns), link)


def _outside(pos: int, regions: list[tuple[int, int]]) -> bool:
    return not any(s <= pos < e for s, e in regions)


def _sentence_speaker(sent: Span, index: Antecedents, regions: list[tuple[int, int]],
                      rules: ActorRuleSet) -> Optional[Mention]:
    """The actor that is the subject of a communication verb written outside the quotation marks
    of ``sent`` ('... ," coach Ana Torres said')."""
    for tok in sent:
        if tok.lemma_.lower() not in rules.cue_lemmas or tok.pos_ not in ("VERB", "AUX") \
                or not _outside(tok.idx, regions):
            continue
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and _outside(child.idx, regions):
                found = _subject_actor(child, index)
                if found is not None:
                    return found
    return None


def _subject_actor(subject: Token, index: Antecedents) -> Optional[Mention]:
    """The actor a subject names: itself, or the name apposed to it ('the union's president,
    Edvaldo Nascimento, told reporters')."""
    found = index.at(subject.i)
    for child in ([] if found is not None else subject.children):
        if child.dep_ == "appos" and index.at(child.i) is not None:
            return index.at(child.i)
    return found


def _sentence(doc: Doc, k: int) -> Span:
    starts = sent_starts(doc)
    return doc[starts[k]:starts[k + 1] if k + 1 < len(starts) else len(doc)]


def _quotation_speaker(doc: Doc, region: tuple[int, int], index: Antecedents, regions: list[tuple[int, int]],
                       rules: ActorRuleSet) -> Optional[Mention]:
    """The speaker of a quotation: a cue verb's subject in a sentence the quotation touches, else
    in the sentence before, else in the one after (``SPEAKER_SENTENCES``)."""
    inside = doc.char_span(region[0], max(region[0] + 1, region[1]), alignment_mode="expand")
    if inside is None or not len(inside):
        return None
    starts = sent_starts(doc)
    first, last = bisect_right(starts, inside.start) - 1, bisect_right(starts, inside.end - 1) - 1
    order = list(range(first, last + 1)) + [first + step if step < 0 else last + step
                                             for step in SPEAKER_SENTENCES if step]
    for k in order:
        # A quotation over several paragraphs names its speaker in its first or its last one.
        found = _sentence_speaker(_sentence(doc, k), index, regions, rules) \
            if 0 <= k < len(starts) and (_same_paragraph(doc, k, first) or _same_paragraph(doc, k, last)) else None
        if found is not None:
            return found
    # No cue verb: the person a sentence introducing the quotation is about ('Cornyn issued a
    # statement. "I am disappointed ..."', 'Sunak defended the record: "The Home Secretary and I ..."').
    for k in (first, first - 1):
        found = _subject_person(_sentence(doc, k), index, regions) if k >= 0 else None
        if found is not None:
            return found
    return None


def _same_paragraph(doc: Doc, k: int, first: int) -> bool:
    """Whether sentences ``k`` and ``first`` are in one paragraph: a speaker is never looked for
    across a line break (the next paragraph's "the ministry said" is no one's quotation)."""
    lo, hi = sorted((k, first))
    if lo == hi:
        return True
    text = doc_text(doc)
    return "\n" not in text[_sentence(doc, lo).start_char:_sentence(doc, hi).start_char]


def _subject_person(sent: Span, index: Antecedents, regions: list[tuple[int, int]]) -> Optional[Mention]:
    """The person that is the main subject of ``sent``, written outside quotation marks."""
    for tok in sent:
        if tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT" and _outside(tok.idx, regions):
            m = index.at(tok.i)
            if m is not None and m.type == "PERSON":
                return m
    return None


def _region_of(pos: int, regions: list[tuple[int, int]]) -> Optional[tuple[int, int]]:
    """The quotation region (sorted, not overlapping) that holds character ``pos``."""
    k = bisect_right(regions, (pos, float("inf"))) - 1
    return regions[k] if k >= 0 and regions[k][0] <= pos < regions[k][1] else None


def quoted_first_person(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'"I was not told," Torres said': a first-person pronoun inside quotation marks is the
    quotation's speaker (the quotation regions are attribution's ``quote_regions``). "I/me/my"
    take a person; "we/us/our" an organisation or country that speaks."""
    regions = sorted(_quote_regions(doc_text(doc), rules))
    index = Antecedents(mentions)
    affiliations = _affiliations(doc, mentions, rules)
    speakers: dict[tuple[int, int], Optional[Mention]] = {}

    def speaker_of(k: int) -> Optional[Mention]:
        region = regions[k]
        if region not in speakers:
            found = _quotation_speaker(doc, region, index, regions, rules)
            # A quoted paragraph naming no speaker keeps the speaker of the quotation that ends
            # the paragraph before (the wire convention; attribution's previous_paragraph_speaker).
            if found is None and k > 0 and _next_paragraph(doc_text(doc), regions[k - 1], region):
                found = speaker_of(k - 1)
            speakers[region] = found
        return speakers[region]

    added: list[Mention] = []
    for i in _indices(lowers(doc), rules.first_person):
        token = doc[i]
        region = _region_of(token.idx, regions)
        untagged = token.lower_ in rules.untagged_first_person and not (i > 0 and doc[i - 1].like_num)  # not "5 mi"
        if region is None or index.at(i) is not None or token.pos_ != "PRON" and not untagged or _partitive(token):
            continue
        k = bisect_right(regions, (token.idx, float("inf"))) - 1  # the index of ``region``
        speaker, plural = speaker_of(k), rules.first_person[token.lower_] == "plural"
        if plural and speaker is not None and speaker.type == "PERSON":
            speaker = affiliations.get(speaker.name)  # "'We ...,' said NASA Administrator Charles Bolden"
        if speaker is None or speaker.type not in (("ORG", "GPE") if plural else ("PERSON",)):
            continue
        added.append(Mention(token.idx, token.idx + len(token.text), token.text, speaker.name, speaker.type, i, i + 1,
                             "pronoun", set(speaker.titles), gender=speaker.gender))
    return mentions + added


_OPENING_MARKS = "\"“‘'«"
# Heads of "every one of us", "all of us": the pronoun counts people the speaker and listeners
# share, no named body (annotation notes, writer A: "every one of us" is not labelled).
_PARTITIVE_HEADS = frozenset({"one", "all", "each", "every", "many", "most", "some", "none", "both", "any", "few"})


def _partitive(token: Token) -> bool:
    """'every one of us', 'all of us': a first person counted out of a group is no speaker's body."""
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _PARTITIVE_HEADS


def _next_paragraph(text: str, earlier: tuple[int, int], region: tuple[int, int]) -> bool:
    """Whether ``region`` opens a paragraph and ``earlier`` lies in the paragraph just before it."""
    para_start = text.rfind("\n", 0, region[0]) + 1
    if text[para_start:region[0]].strip().strip(_OPENING_MARKS):
        return False
    before = paragraph_before(text, region[0])
    return before is not None and earlier[1] >= before[0]


def _affiliation_before(doc: Doc, m: Mention, at: dict[int, Mention], rules: ActorRuleSet) -> Optional[Mention]:
    """'NASA Administrator Charles Bolden', 'Tunisia coach Nabil Maaloul': the body written just
    before a person's title."""
    i = _titled_start(doc, m, rules) - 1  # over "Cmdr." too ("Navy spokesman Cmdr. Nalin ...")
    while i >= 0 and doc[i].lower_ in rules.titles and m.tok_start - i <= 4:
        i -= 1
    if i == m.tok_start - 1:
        return None
    body = at.get(i)
    return body if _is_body(body, m) else None


def _is_body(body: Optional[Mention], person: Mention, *, linked: bool = False) -> bool:
    """An organisation or country other than the person; a pronoun's only where its word is the
    role's owner ("Its chairman"), never a word merely written before a name."""
    return body is not None and body.type in ("ORG", "GPE") and (linked or body.via != "pronoun") \
        and body.name != person.name


# How far back from a body written against a name the title's "of" may stand: "the executive
# director of the Accra-based Ghana Bankers' Forum Kofi ..." has "the Accra - based" between.
_TITLE_OF_REACH = 6


def _titled_body_before(doc: Doc, m: Mention, at: dict[int, Mention], rules: ActorRuleSet) -> Optional[Mention]:
    """'the chairman of the Lagos-based Civil Liberties Forum Adewale Okafor': a long title whose
    body runs straight into the name (no comma), so the body is the person's."""
    body = at.get(m.tok_start - 1)
    if not _is_body(body, m) or body.tok_start < 2:
        return None
    for i in range(body.tok_start - 1, max(0, body.tok_start - _TITLE_OF_REACH) - 1, -1):
        if doc[i].lower_ in _ROLE_PREPS[:3]:
            role = doc[i - 1]
            return body if role.lower_ in rules.role_words or role.lower_ in rules.titles else None
        if doc[i].is_punct and doc[i].text not in ("-", "–"):
            return None
    return None


_ROLE_PREPS = ("of", "for", "at", "with")


def _titled_start(doc: Doc, m: Mention, rules: ActorRuleSet) -> int:
    """Where a name's titles start ('Brig. Gen. Ramon Dizon'): an apposition may hang on them."""
    def title_at(k: int) -> bool:  # "Gen." is one token, "Brig." two: "Brig" and "."
        word = doc[k].lower_
        return word in rules.titles or f"{word}." in rules.titles or \
            word == "." and k > 0 and f"{doc[k - 1].lower_}." in rules.titles
    i = m.tok_start
    while i > 0 and title_at(i - 1) and m.tok_start - i < 4:
        i -= 1
    return i


def _role_nouns(doc: Doc, m: Mention, rules: ActorRuleSet) -> list[Token]:
    """The role nouns written against a person's name, nearest first: the title the name (or a
    title of it) is apposed to ('the union's president, Themba Mokoena', 'The brigade's commander,
    Brig. Gen. Ramon Dizon'), a title compounded before it ('the agency's country director Pierre
    Mbaye'), a role apposed after it ('Stephen Otieno, a spokesman for the regulator')."""
    root = doc[m.tok_start:m.tok_end].root
    start = _titled_start(doc, m, rules)
    found = [t.head for t in doc[start:m.tok_end] if t.dep_ == "appos" and t.head.i < start][:1]
    found += [doc[i] for i in range(m.tok_start - 1, max(-1, m.tok_start - 4), -1)
              if doc[i].pos_ == "NOUN" and (m.tok_start <= doc[i].head.i < m.tok_end
                                            or i == m.tok_start - 1 and doc[i].lower_ in rules.titles)]
    # a capitalised role the tagger calls a proper noun ('Jeff Rathke, the State Department Spokesperson')
    found += [c for c in root.children if c.dep_ == "appos" and c.i >= m.tok_end
              and (c.pos_ == "NOUN" or c.lower_ in rules.role_words or c.lower_ in rules.titles)]
    return found


def _owner_tokens(role: Token) -> Iterable[Token]:
    """The words that may name a role's body: its possessive ('the union's president'), a
    compound before it ('KNCHR chairperson', 'coast guard chief') and the object of its
    'of/for/at' ('a spokesman for the regulator', 'head of communications at Kilele Air')."""
    children = list(role.children)
    yield from (c for c in children if c.dep_ == "poss")
    for prep in (c for c in children if c.lower_ in _ROLE_PREPS):
        yield from (g for g in prep.children if g.dep_ == "pobj")
    yield from (c for c in children if c.dep_ == "compound" and c.i < role.i)


def _described_owner(doc: Doc, tok: Token, person: Mention, index: Antecedents,
                     rules: ActorRuleSet) -> Optional[Mention]:
    """A role's owner written as a description or a pronoun and not a mention of its own (it is
    inside the person's role mention, "the ministry's national director", or was left unlinked):
    "the ministry" -> the body the description fits; "its" -> the nearest body at most a
    sentence back."""
    if tok.lower_ in rules.neuter_pronouns and tok.dep_ == "poss":
        return next((b for b in index.before(tok.i) if _is_body(b, person, linked=True) and not _is_medium(doc, b)
                     and _sentence_gap(doc, b.tok_start, tok.i) <= 1), None)
    phrase = _description_phrase(doc, tok, rules)
    if phrase and _indefinite(tok):
        # "president of a growers' cooperative federation": the body the role introduces
        # not an everyday head ("an economist at an investment bank": no body the story is about)
        own = tok.lower_ in rules.body_heads and tok.lower_ not in rules.common_body_heads
        return _indefinite_body(doc, tok) if own else None
    if not phrase:
        return None
    rule = _description_rule(phrase, rules)
    if rule.type not in ("ORG", "GPE") or rule.place is not None and tok.dep_ == "compound":
        return None  # "the agency's country director": a compound place word is part of the title
    found = _find_antecedent(doc, tok, rule, phrase, index, rules)
    return found if _is_body(found, person, linked=True) else None


def _body_of_role(doc: Doc, role: Token, person: Mention, at: dict[int, Mention], index: Antecedents,
                  rules: ActorRuleSet) -> Optional[Mention]:
    """The body a role noun belongs to: the mention its owner word is part of, else the body that
    owner word describes."""
    for tok in _owner_tokens(role):
        body = at.get(tok.i)
        if _is_body(body, person, linked=True):
            return body
        if body is None or body.name == person.name:
            body = _described_owner(doc, tok, person, index, rules)
            if body is not None:
                return body
    return None


def _title_words(doc: Doc, m: Mention, rules: ActorRuleSet) -> list[str]:
    """The words of the title written against a name, nearest first: before it ('Interior Cabinet
    Secretary Kithure Kindiki') and the role nouns apposed to it ('Ana Torres, the chief executive')."""
    before = [doc[i] for i in range(m.tok_start - 1, max(-1, m.tok_start - 5), -1)
              if not (doc[i].is_punct or doc[i].dep_ == "det")]
    # Title words run back from the name while lower-case ones are titles (or words of a title
    # with a body, "chief executive") or words are capitalised.
    end = next((k for k, t in enumerate(before) if t.lower_ not in rules.titles and not t.is_title
                and t.lower_ not in _role_body_words(rules)), len(before))
    taken = [t.lower_ for t in before[:end]]
    for role in _role_nouns(doc, m, rules):
        taken += [role.lower_] + [c.lower_ for c in role.lefts if c.dep_ in ("amod", "compound")]
    return taken


@lru_cache(maxsize=8)
def _role_body_words(rules: ActorRuleSet) -> frozenset[str]:
    """The words of the titles with a body ("chief", "executive" of "chief executive")."""
    return frozenset(w for title in rules.role_bodies for w in title.split())


def _implied_body(doc: Doc, m: Mention, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """'deputy governor Efua Mensah' in a story about a central bank: a title whose body goes
    unsaid belongs to the nearest body before the person of the kind the title implies
    (``role_bodies``), one sharing a word with the title first."""
    words = _title_words(doc, m, rules)
    pairs = [f"{b} {a}" for a, b in zip(words, words[1:])]  # nearest first, so "executive chief" -> "chief executive"
    heads = [h for w in pairs + words for h in rules.role_bodies.get(w, ())]
    if not heads:
        return None
    pool = [b for b in index.before(m.tok_start) if _is_body(b, m, linked=True) and not _is_medium(doc, b)]
    fits = [b for b in pool if any(_fits_description(b, rules.descriptions[h], h) for h in heads)]
    sharing = [b for b in fits if set(words) & _name_words(b.name)]
    return (sharing or fits or [None])[0]


def _led_body(doc: Doc, m: Mention, at: dict[int, Mention], rules: ActorRuleSet) -> Optional[Mention]:
    """'Joseph Kariuki, who chairs the committee': the object of a leading verb (``leading_verbs``)
    in a relative clause on the person is the person's body."""
    root = doc[m.tok_start:m.tok_end].root
    for clause in (c for c in root.children if c.dep_ == "relcl" and c.lemma_.lower() in rules.leading_verbs):
        for obj in (c for c in clause.children if c.dep_ == "dobj"):
            body = at.get(obj.i)
            if _is_body(body, m, linked=True):
                return body
    return None


def _place_of_office(doc: Doc, role: Token, m: Mention, at: dict[int, Mention],
                     rules: ActorRuleSet) -> Optional[Mention]:
    """'Patricia Urrutia, the mayor of the nearby commune of Salamanca': a role whose "of" object
    is a place noun ("commune", "municipality") with a place of its own after "of" belongs to
    that place (a mayor's "we" is the municipality, written as its place)."""
    for prep in (c for c in role.children if c.lower_ == "of"):
        for noun in (g for g in prep.children if g.dep_ == "pobj" and g.lower_ in rules.place_nouns):
            for inner in (c for c in noun.children if c.lower_ == "of"):
                place = next((at[g.i] for g in inner.children if g.dep_ == "pobj" and g.i in at), None)
                if place is not None and place.type == "GPE" and place.name != m.name:
                    return place
    return None


def _title_country(doc: Doc, m: Mention, index: Antecedents, rules: ActorRuleSet) -> Optional[Mention]:
    """'Deputy Finance Minister Lestari Pranoto' with no ministry named: a government title
    (``country_titles``) written before the name is the country's; the country the article names
    most before the person (the first of a tie), as a bare "the government" is."""
    before = [doc[i].lower_ for i in range(_titled_start(doc, m, rules), m.tok_start)]
    words = before + [f"{a} {b}" for a, b in zip(before, before[1:])]
    if not any(w in rules.country_titles for w in words) \
            and not any(doc[i].lower_ in rules.country_titles for i in range(max(0, m.tok_start - 3), m.tok_start)):
        return None
    counts: dict[str, list] = {}
    for b in index.before(m.tok_start):
        if b.type == "GPE" and fold(b.name) in rules.countries and b.via != "pronoun":
            counts.setdefault(b.name, [0, b])[0] += 1
    if not counts:
        return None
    firsts = {name: min(x.tok_start for x in index.before(m.tok_start) if x.name == name) for name in counts}
    best = max(sorted(counts, key=lambda n: firsts[n]), key=lambda n: counts[n][0])
    return counts[best][1]


def _affiliation(doc: Doc, m: Mention, at: dict[int, Mention], index: Antecedents,
                 rules: ActorRuleSet) -> Optional[Mention]:
    body = _affiliation_before(doc, m, at, rules) or _titled_body_before(doc, m, at, rules)
    for role in ([] if body is not None else _role_nouns(doc, m, rules)):
        body = _body_of_role(doc, role, m, at, index, rules) or _place_of_office(doc, role, m, at, rules)
        if body is not None:
            return body
    return body or _implied_body(doc, m, index, rules) or _led_body(doc, m, at, rules) \
        or _title_country(doc, m, index, rules)


def _affiliations(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> dict[str, Mention]:
    """Person name -> the body the article first gives as that person's (before the title, or
    as the owner of the person's role); a person's quoted "we" is that body."""
    # A role description ("Ghana coach" of "X, Ghana coach,") would hide the body inside it.
    at = {i: m for m in mentions if not (m.via == "description" and m.type == "PERSON")
          for i in range(m.tok_start, m.tok_end)}
    index = Antecedents(mentions)
    found: dict[str, Mention] = {}
    for m in sorted(mentions, key=attrgetter("tok_start")):
        if m.type == "PERSON" and m.name not in found and m.via != "pronoun":
            body = _affiliation(doc, m, at, index, rules)
            if body is not None:
                found[m.name] = body
    return found


def _quote_regions(text: str, rules: ActorRuleSet) -> list[tuple[int, int]]:
    from .attribution import quote_regions  # attribution imports this module: import it at call time
    return quote_regions(text, rules=rules.quotes)


def wrapped_names(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'the Scientology organization', 'the Sea Org group': a description that the name inside
    it resolved is one mention of that actor, not two; the name inside is dropped (claims-spec
    3: one entry per mention). One sort and one walk: linear after the sort."""
    wrappers = sorted((m for m in mentions if m.via == "description"), key=attrgetter("tok_start"))
    starts = [w.tok_start for w in wrappers]
    dropped: set[int] = set()
    for m in mentions:
        if m.via in ("description", "pronoun", "government"):
            continue
        k = bisect_right(starts, m.tok_start) - 1
        while k >= 0 and m.tok_start - wrappers[k].tok_start <= 3:
            w = wrappers[k]
            if w.tok_end >= m.tok_end and w.name == m.name and (w.tok_start, w.tok_end) != (m.tok_start, m.tok_end):
                dropped.add(id(m))
                break
            k -= 1
    return [m for m in mentions if id(m) not in dropped]


def _with_article(doc: Doc, m: Mention, rules: ActorRuleSet) -> bool:
    """A one-word name that heads a phrase opened by an article: "the Hajj", "the 1991 Hajj"."""
    tok = doc[m.tok_start]
    return tok.dep_ != "compound" and any(c.dep_ == "det" and c.lower_ in rules.articles for c in tok.lefts)


def _article_right_before(doc: Doc, m: Mention, rules: ActorRuleSet) -> bool:
    return m.tok_start > 0 and doc[m.tok_start - 1].lower_ in rules.articles and doc[m.tok_start].is_title


def things_with_the(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'the Hajj', 'the annual Hajj pilgrimage': a one-word "person" the article writes with an
    article of its own, that is no given name and never stands in a longer name of a person, is
    an event or a thing; every mention of that word goes ("the Marilyn portraits" keep Marilyn)."""
    singles = [m for m in mentions if m.type == "PERSON" and m.via in ("ner", "rule") and m.tok_end - m.tok_start == 1]
    in_full = {w for m in mentions if m.type == "PERSON" and m.tok_end - m.tok_start > 1
               for w in texts(doc)[m.tok_start:m.tok_end]}
    things = {m.text for m in singles if m.text not in in_full and fold(m.text) not in rules.given_names
              and _with_article(doc, m, rules)}
    gone = {id(m) for m in singles if m.text in things}
    # A given name the article stands right before ("seen by the Herald") is a body's name: people
    # are not written "the Karim" (and no "he" may take it).
    for m in singles:
        if id(m) not in gone and m.text not in in_full and _with_article(doc, m, rules) \
                and _article_right_before(doc, m, rules):
            m.type = "ORG"
    return [m for m in mentions if id(m) not in gone]


def _unnamed_bodies(mentions: list[Mention]) -> dict[str, list[Mention]]:
    """Name -> mentions of each body the article names only by description: an ORG whose every
    mention is a description named by its own words, or a pronoun (no name the model or a rule found)."""
    by_name: dict[str, list[Mention]] = {}
    for m in mentions:
        by_name.setdefault(m.name, []).append(m)
    return {name: group for name, group in by_name.items()
            if all(m.type == "ORG" and m.via in ("description", "pronoun") for m in group)
            and any(_named_by_description(m) for m in group)}


def _fuller_body(name: str, heads: set[str], bodies: dict[str, list[Mention]], written: list[str],
                 rules: ActorRuleSet) -> Optional[str]:
    """The one fuller description of the same head whose words hold all of ``name``'s ("regulator"
    -> "sector regulator", "forensic office" -> "forensic medicine office"), a body's or one the
    article writes definite anywhere, in a caption too (``written``); one qualified by a
    country or a nationality ("Ghana's regulator") is that country's body, not a fuller name."""
    words = _name_words(name)
    named = [other for other, group in bodies.items() if heads & {t for m in group for t in m.titles}]
    fuller = [other for other in dict.fromkeys(named + written) if other != name and words < _name_words(other)
              and fold(other).endswith(fold(name).split()[-1])
              and not any(w in rules.countries or w in rules.demonyms for w in _name_words(other) - words)]
    widest = [f for f in fuller if not any(_name_words(f) < _name_words(g) for g in fuller)]
    return widest[0] if len(widest) == 1 else None


def _written_descriptions(doc: Doc, heads: set[str]) -> list[str]:
    """The definite descriptions the article writes with one of ``heads``, each from its first
    word after the article to the head ('Members of the Kamuchiri and Kianugu victims' committee'
    -> "Kamuchiri and Kianugu victims' committee"), in reading order."""
    by_head = _definite_descriptions(doc)
    return [text for _, text in sorted(item for head in heads for item in by_head.get(head, ()))]


def _definite_descriptions(doc: Doc) -> dict[str, list[tuple[int, str]]]:
    """Per head word, the definite descriptions written with it, as (head token, text): read once
    per document, since every unnamed body asks (a scan per body was quadratic on long documents)."""
    box = scratch(doc)
    if "actor_definite_descriptions" not in box:
        found: dict[str, list[tuple[int, str]]] = {}
        for t in doc:
            if t.pos_ != "NOUN" or t.dep_ == "compound" or _indefinite(t):
                continue
            start = t.left_edge.i
            if doc[start].lower_ != "the" or start == t.i - 1:
                continue
            found.setdefault(t.lower_, []).append((t.i, clean_name(doc[start:t.i + 1].text)))
        box["actor_definite_descriptions"] = found
    return box["actor_definite_descriptions"]


def fullest_descriptions(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """'the regulator' ... 'The sector regulator' ... 'the regulator': a body named only by
    description takes its fullest description in the article, wherever that stands (claims-spec 3):
    every mention of a shorter description of the same head whose words the fuller one holds,
    pronouns and quoted "we" included, takes the fuller name."""
    bodies = _unnamed_bodies(mentions)
    renamed: dict[str, str] = {}
    for name in sorted(bodies, key=lambda n: (len(_name_words(n)), n)):
        heads = {t for m in bodies[name] if m.via == "description" for t in m.titles}
        fuller = _fuller_body(name, heads, bodies, _written_descriptions(doc, heads), rules)
        if fuller is not None:
            renamed[name] = fuller
    for name in list(renamed):  # "regulator" -> "sector regulator" -> ...: follow to the end
        seen = {name}
        while renamed[name] in renamed and renamed[name] not in seen:
            seen.add(renamed[name])
            renamed[name] = renamed[renamed[name]]
    for m in mentions:
        if m.name in renamed:
            m.name = renamed[m.name]
    return mentions


def _acronym_given(doc: Doc, m: Mention, rules: ActorRuleSet) -> Optional[str]:
    """'The regulator, known by its Spanish acronym Sernageomin, ...': the capitalised word a
    description's "known by its ... acronym" (``acronym_words``) gives."""
    root = doc[m.tok_start:m.tok_end].root
    for clause in (c for c in root.children if c.dep_ == "acl" and c.lemma_.lower() == "know"):
        for by in (c for c in clause.children if c.lower_ == "by"):
            for word in (g for g in by.children if g.dep_ == "pobj" and g.text[:1].isupper()):
                if any(c.lower_ in rules.acronym_words for c in word.lefts):
                    return word.text
    return None


def acronym_names(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """A body named only by description whose description gives its acronym ("known by its
    Spanish acronym Sernageomin") is named by that acronym, every mention of it (claims-spec 3:
    the fullest proper name the article uses; it spells out no other)."""
    bodies = _unnamed_bodies(mentions)
    renamed = {}
    for name in sorted(bodies):
        given = next((a for m in bodies[name] if m.via == "description" for a in [_acronym_given(doc, m, rules)]
                      if a is not None), None)
        if given is not None:
            renamed[name] = given
    for m in mentions:
        if m.name in renamed:
            m.name = renamed[m.name]
    return mentions


def resolve_references(doc: Doc, mentions: list[Mention], rules: ActorRuleSet) -> list[Mention]:
    """The reference sieve in one call (for library callers): descriptions, then pronouns, then
    first persons in quotations."""
    return run_passes(doc, REFERENCES, rules=rules, mentions=mentions)


REFERENCES: tuple = (description_references, appositive_roles, pronoun_references, neuter_pronouns, quoted_first_person,
                     fullest_descriptions, acronym_names)


# --- the stage ------------------------------------------------------------------------------------

Pass = Callable[[Doc, list[Mention], ActorRuleSet], list[Mention]]

# The canonical-name passes run twice: once the names are found, and again once governments
# and forces (named by their country) have joined.
PASSES: tuple[Pass, ...] = (
    initial_mentions, speaking_places, listed_places, slotted_places, writers_outlet_names, recurring_names,
    facility_names,
    extend_given_names, things_with_the, surname_typed_people,
    *CANONICALISE, surname_mentions, name_part_mentions, governments_and_forces,
    local_offices, demonym_governments, governor_offices,
    *CANONICALISE, given_name_people, article_genders, *REFERENCES, wrapped_names)


# (name, type, start, end) of a mention: what a pass may change.
_state = attrgetter("name", "type", "start", "end")


def run_passes(doc: Doc, passes: Iterable[Pass], *, rules: ActorRuleSet,
               mentions: Optional[list[Mention]] = None) -> list[Mention]:
    """Run ``passes`` in order; a mention a pass created or changed carries that pass's name."""
    mentions = list(mentions or [])
    for step in passes:
        before = {id(m): _state(m) for m in mentions}
        previous = mentions  # held so that no id of a mention in ``before`` is reused
        mentions = step(doc, previous, rules)
        for m in mentions:
            if before.get(id(m)) != _state(m):
                m.by = step.__name__
    return mentions


def find_actors(doc: Doc, *, rules: Optional[ActorRuleSet] = None) -> list[Mention]:
    """All actor mentions of the document in reading order, with canonical names."""
    mentions = run_passes(doc, PASSES, rules=rules or default_rules(doc.vocab))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def mentions_in(span: Span, mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.start >= span.start_char and m.end <= span.end_char]


def _sorted_mentions_in(span: Span, mentions: list[Mention], starts: list[int]) -> list[Mention]:
    """``mentions_in`` over mentions sorted by start (``starts`` their starts): a bisect to the
    span, so giving every claim its mentions costs what the claims and mentions are, not their product."""
    found = []
    for m in mentions[bisect_left(starts, span.start_char):]:
        if m.start >= span.end_char:
            break
        if m.end <= span.end_char:
            found.append(m)
    return found


class ActorStage(Stage):
    """Actor mentions of the whole document (``doc._.actor_mentions``, for later stages), each
    claim's actor records (``span._.actors``) and the links the passes made in it
    (``span._.decisions``)."""
    needs = ("claims_sentences",)

    def __init__(self, nlp: Language, name: str, *, lang: str = "en", pack_path: Optional[str] = None) -> None:
        self.vocab = nlp.vocab  # the matchers are built over it in compile()
        super().__init__(nlp, name, lang=lang, pack_path=pack_path)

    def compile(self, pack: Pack) -> ActorRuleSet:
        return compile_rules(pack, self.vocab)

    def process(self, doc: Doc) -> Doc:
        mentions = find_actors(doc, rules=self.rules)
        doc._.actor_mentions = mentions
        starts = [m.start for m in mentions]  # find_actors returns them sorted by (start, end)
        for claim in doc._.claims:
            inside = _sorted_mentions_in(claim, mentions, starts)
            claim._.actors = [m.as_record() for m in inside]
            claim._.decisions = list(claim._.decisions or []) + [m.as_decision() for m in inside if m.by != FIRST]
        return doc


@Language.factory("claims_actors", requires=["doc._.claims", "doc.ents", "token.dep"],
                  assigns=["doc._.actor_mentions", "span._.actors", "span._.decisions"], default_config=DEFAULT_CONFIG)
def make_actors(nlp: Language, name: str, lang: str, pack_path: Optional[str]) -> ActorStage:
    return ActorStage(nlp, name, lang=lang, pack_path=pack_path)
