"""Rule packs: the rules of one language as data, validated when loaded.

A pack is a folder (``models/en/``) of JSON and JSONL files. Each file has a strict schema
below: a key the code does not use, a missing key or a value of the wrong shape fails at load
with ``FILE: KEY: reason``, so a typo in a rule file can never silently switch a rule off.
Keys that start with ``_`` are comments. A pack is loaded into the stages that use it (see
``Stage`` in ``extractor.components.base``), so two packs can live in one process.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import Errors, PackError


class _Strict(BaseModel):
    """Unknown keys are errors; ``_comment`` keys are dropped before validation."""
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_comments(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("_"))}
        return data


class Month(_Strict):
    name: str
    abbreviations: list[str]


class Calendar(_Strict):
    """Month and weekday words: one home for dates, counts and the TIMEX3 normaliser."""
    months: list[Month] = Field(min_length=12, max_length=12)
    weekdays: list[str] = Field(min_length=7, max_length=7)
    # Fixed-date holidays, name as written -> "MM-DD" ("Christmas": "12-25").
    holidays: dict[str, str] = {}
    # The month a fiscal year begins in where the text does not say ("the current fiscal year").
    fiscal_year_start_month: int = Field(default=1, ge=1, le=12)

    @field_validator("holidays")
    @classmethod
    def _month_days(cls, value: dict[str, str]) -> dict[str, str]:
        for name, md in value.items():
            try:
                dt.date(2000, int(md[:2]), int(md[3:]))
            except ValueError:
                raise ValueError(f"{name}: {md!r} is not a MM-DD day") from None
            if not re.fullmatch(r"\d\d-\d\d", md):
                raise ValueError(f"{name}: {md!r} is not a MM-DD day")
        return value


class Description(_Strict):
    type: Literal["PERSON", "ORG", "GPE"]
    name_words: list[str] = []
    not_words: list[str] = []
    described_only: bool = False
    # Heads of bodies named only by description that this noun describes too ("the company"
    # after "the operator"), or any body's head at all ("the body"); the nearest of the row's own
    # head is preferred.
    also_heads: list[str] = []
    any_head: bool = False
    # At most this many sentences back to its antecedent ("the body": a sentence or two).
    reach: Optional[int] = None
    place: Optional[Literal["country", "city"]] = None
    # With no place named before it, the description is where the story was filed ("the capital"
    # after "ACCRA, July 30 (Reuters) -"); not for "the town", which is rarely the filing place.
    dateline: bool = False


class ActorRules(_Strict):
    government_nouns: list[str]
    # Nouns that stand for the government only with "the" alone ("the state"), and for a place
    # the article writes as a state ("Oyo State") where it has one.
    bare_government_nouns: list[str] = []
    # Modifiers that make a government noun a region's or a town's ("the regional government"):
    # no country's.
    local_government_words: list[str] = []
    # The kind of place (a place noun) a local government word stands for ("district" ->
    # "district", "provincial" -> "province"): that government is the place the article writes
    # as that kind.
    local_government_places: dict[str, str] = {}
    # Government nouns that, bare with "the", are the local government the article writes with
    # the same noun ("the district administration ... the administration").
    local_bare_government_nouns: list[str] = []
    # Nouns (with their modifiers, as written) for a local government's own office: the place of
    # the kind given ("the Collectorate" -> the district).
    local_government_bodies: dict[str, str] = {}
    # Modifiers of a place's appositive noun that set it beside the article's own ("Neemuch, the
    # neighbouring district"): no local government of the article is that place's.
    beside_place_words: list[str] = []
    # Prepositions of place before a local government's office ("outside the Collectorate"): the
    # building, no actor.
    building_prepositions: list[str] = []

    @model_validator(mode="after")
    def _local_places_are_place_nouns(self) -> "ActorRules":
        kinds = set(self.local_government_places.values()) | set(self.local_government_bodies.values())
        unknown = sorted(kinds - set(self.place_nouns))
        if unknown:
            raise ValueError(f"local government kinds not in place_nouns: {', '.join(unknown)}")
        return self
    titles: list[str]
    org_keywords: list[str]
    generic_plurals: list[str]
    descriptions: dict[str, Description]
    pronouns: dict[str, Literal["PERSON"]]
    # First-person pronouns inside a quotation stand for its speaker: "singular" ones for a
    # person, "plural" ones for an organisation or country.
    first_person: dict[Literal["singular", "plural"], list[str]] = {}
    # First-person words of first_person the tagger does not know as pronouns ("mi" of a quoted
    # creole): taken whatever their part of speech.
    untagged_first_person: list[str] = []

    @model_validator(mode="after")
    def _untagged_are_first_person(self) -> "ActorRules":
        unknown = sorted(set(self.untagged_first_person) - {w for ws in self.first_person.values() for w in ws})
        if unknown:
            raise ValueError(f"untagged_first_person: not in first_person: {', '.join(unknown)}")
        return self
    # One-word titles that are no role description of a named person ("the member").
    not_role_words: list[str] = []
    # Role nouns that are no title before a name but describe a person ("the goalkeeper", "X,
    # Panama coach,"): role descriptions besides the one-word titles.
    role_nouns: list[str] = []
    # Head nouns of a body the article may name only by a qualified description ("the Afghan
    # team", "Kenya's central bank", "the labour ministry"): such a description is an ORG itself.
    body_heads: list[str] = []
    # Last words of an organisation's name ("Network", "Forum"): a capitalised one right after
    # a name the model ended early ("Bangsamoro Civilian Protection" + "Network") joins it.
    org_name_heads: list[str] = []
    # Last words of a LOC that is no region (water, mountains): such a LOC is not a GPE.
    not_region_words: list[str] = []
    # Pronouns that stand for an organisation or country ("it said"), when one is salient.
    neuter_pronouns: list[str] = []
    # "they" for a body whose head is one of these ("the team ... they"), when it is salient.
    collective_pronouns: list[str] = []
    collective_heads: list[str] = []
    portfolio_words: list[str]
    org_conditional_aliases: dict[str, str]
    armed_nouns: list[str]
    government_speaker_heads: list[str]
    government_determiners: list[str]
    description_determiners: list[str]
    # Possessive pronouns that make a description definite ("her party"), as "the" does.
    possessive_determiners: list[str] = []
    leading_articles: list[str]
    party_heads: list[str]
    name_particles: list[str]
    given_name_particles: list[str]
    org_name_joiners: list[str]
    abbreviation_joiners: list[str]
    abbreviation_leading_drop: list[str]
    partial_name_joiners: list[str]
    pronoun_genders: dict[Literal["male", "female"], list[str]]
    # Titles that say a person's gender ("Mrs", "spokeswoman"): the article's evidence, which
    # beats the given-name table.
    gendered_titles: dict[Literal["male", "female"], list[str]] = {}
    # A given name is female when at least this percent of its bearers are girls (names.json),
    # male when at most 100 minus it; in between it says nothing.
    name_gender_percent: int = Field(default=80, ge=50, le=100)
    # Words in names.json (babies were given them) that are no evidence of a person's name.
    not_given_names: list[str] = []
    # A title whose body the article leaves unsaid ("deputy governor Efua Mensah" in a story about
    # a central bank): the description heads by which that body is found among the actors before.
    role_bodies: dict[str, list[str]] = {}
    # Forms of address written before a surname ("Ms", "Mr", "Dr", "Cllr"): a name they open is
    # a person's, whatever type the model gave it ("Ms Raman" tagged an organisation).
    honorifics: list[str] = []
    # Honours and forms of address of status before a full name ("Datuk", "Tan Sri", "Alhaji",
    # "Sheikh", "Fr."): titles, never part of the name, and, as honorifics, a person's mark.
    honours: list[str] = []
    # Government titles ("Finance Minister") whose unsaid body is the country: a person with one
    # before the name and no body speaks for the country ("we" in their quotation).
    country_titles: list[str] = []
    # Verbs of "X, who chairs the committee": the clause's object is X's body.
    leading_verbs: list[str] = []
    # Nouns of a facility or a product a name before them labels ("the Kwena mine", "SIM cards").
    facility_nouns: list[str] = []
    # Nouns of a craft written before its name ("the container ship Ever Given"): no actor.
    vessel_nouns: list[str] = []
    # Last words of a street's or a square's name ("Central Square"): a site, no actor.
    street_nouns: list[str] = []

    @model_validator(mode="after")
    def _one_body_table(self) -> "ActorRules":
        # body_heads is the one table of organisation heads (actors and attribution read it):
        # the word lists that qualify its heads may only name heads it has.
        if len(set(self.body_heads)) != len(self.body_heads) or any(h != h.lower() for h in self.body_heads):
            raise ValueError("body_heads: each head once, in lower case")
        for key in ("common_body_heads", "recurring_body_heads"):
            unknown = sorted(set(getattr(self, key)) - set(self.body_heads))
            if unknown:
                raise ValueError(f"{key}: not in body_heads: {', '.join(unknown)}")
        return self

    @model_validator(mode="after")
    def _role_bodies_are_descriptions(self) -> "ActorRules":
        unknown = sorted({h for heads in self.role_bodies.values() for h in heads} - set(self.descriptions))
        if unknown:
            raise ValueError(f"role_bodies names heads with no description row: {', '.join(unknown)}")
        return self
    # Words that open a caption's credit ("... Captain America Image: A. Photographer"): never
    # the last word of a name the model ran into them.
    caption_words: list[str] = []
    # Letters after a name and its comma ("X, QC,"): no name of their own.
    post_nominals: list[str] = []
    # Compass words that, standing alone, name the one country the article names with them ("the North").
    compass_words: list[str] = []
    # Nouns for a place ("city", "village", "neighbourhood"): "the city of X" and "X, a seaside
    # village" write X as a place, whatever type the model gave it.
    place_nouns: list[str] = []
    # Nouns for the people who live somewhere ("Dunedin households", "residents of Tawalo"): a
    # name they qualify is written as a place (actors.slotted_places).
    inhabitant_nouns: list[str] = []
    # Nouns for a part of a place ("the outskirts of X"): the name after their "of" is a place.
    place_part_nouns: list[str] = []
    place_noun_groups: list[list[str]] = []
    # Adjectives of scope that make a body's description specific enough to be its name when the
    # article names it no other way ("the regional health directorate", "the national power utility").
    body_scope_words: list[str] = []
    # Body heads that are also everyday nouns after another noun ("river bank", "detention centre"):
    # only an adjective of scope (body_scope_words) makes such a description a body's name.
    common_body_heads: list[str] = []
    # Heads of a body a country has one of ("the army", "the regulator", "parliament"): named
    # only so, with no qualifier and no body before that fits, the description is the name.
    sole_body_heads: list[str] = []
    # Heads of a body an article may name only by the bare word, written so again and again
    # ("the authority", "the council"): recurring with no body before that fits, that word is
    # the body's name. Heads of body_heads (checked on load).
    recurring_body_heads: list[str] = []
    # Titles whose holder's office is their place's government ("the regional governor's office"):
    # such a possessive makes no body of its own by description.
    place_titles: list[str] = []
    # Nouns of a short name a description gives ("known by its Spanish acronym Sernageomin").
    acronym_words: list[str] = []
    # A title -> the body head its holder's portfolio names ("transport minister" -> "transport ministry").
    holder_bodies: dict[str, str] = {}
    # First words of a natural feature's or a storm's name ("Lake Lanao", "Cyclone Hidaya"), and
    # names that are no actor ("GMT", "El Nino"): whatever the model typed them, no actor.
    feature_first_words: list[str] = []
    not_actor_names: list[str] = []
    # Role nouns that name one relation ("child", "son", "baby"): a person the article gave one of
    # them ("their son, Daniel") is described by the others too ("the child", "the boy").
    role_kin: list[list[str]] = []
    # Words that give a description its name after it ("the elite group within X called the Sea Org").
    naming_words: list[str] = []

    @model_validator(mode="after")
    def _place_groups_are_place_nouns(self) -> "ActorRules":
        grouped = [noun for group in self.place_noun_groups for noun in group]
        unknown = sorted(set(grouped) - set(self.place_nouns))
        if unknown or len(grouped) != len(set(grouped)):
            raise ValueError("place_noun_groups: each noun once, and each one of place_nouns"
                             + (f" (not place nouns: {', '.join(unknown)})" if unknown else ""))
        return self

    @model_validator(mode="after")
    def _kin_are_roles(self) -> "ActorRules":
        unknown = sorted({w for group in self.role_kin for w in group} - set(self.role_nouns))
        if unknown:
            raise ValueError(f"role_kin names words that are no role_nouns: {', '.join(unknown)}")
        return self


class Countries(_Strict):
    aliases: dict[str, str]
    conditional_aliases: dict[str, str]
    countries: list[str]
    demonyms: dict[str, str]
    # Aliases that are another current name of the country ("Ivory Coast"): kept as written.
    written_forms: list[str] = []
    # Nationality adjectives of places below a country ("Welsh"): their government is the place.
    place_demonyms: dict[str, str] = {}

    @model_validator(mode="after")
    def _written_forms_are_aliases(self) -> "Countries":
        unknown = sorted(set(self.written_forms) - set(self.aliases))
        if unknown:
            raise ValueError(f"written_forms: not in aliases: {', '.join(unknown)}")
        return self


class Boilerplate(_Strict):
    line_patterns: list[str]
    paragraph_patterns: list[str]
    max_heading_words: int
    sentence_final: list[str]
    dateline_pattern: str
    fragment_final: list[str]
    abbreviation_pattern: str
    split_abbreviations: list[str]
    closing_marks: list[str]
    byline_pattern: str
    front_matter_lines: int = Field(ge=0)
    list_item_pattern: str

    @field_validator("line_patterns", "paragraph_patterns", "dateline_pattern", "abbreviation_pattern",
                     "byline_pattern", "list_item_pattern")
    @classmethod
    def _regexes(cls, value: Any) -> Any:  # a broken pattern fails at load, not on the first article
        for pattern in value if isinstance(value, list) else [value]:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {pattern!r} ({exc})") from None
        return value


class CueQuotedSpeech(_Strict):
    verb: str
    marker: str
    quoting: list[str] = Field(min_length=1)


class CueQuoteMarks(_Strict):
    opening: list[str]
    closing: list[str]
    either: list[str]


class SpeakerPronoun(_Strict):
    types: list[str] = Field(min_length=1)
    gender: Literal["", "male", "female"] = ""


class CueSpeakerPronouns(_Strict):
    window: int = Field(ge=1)
    pronouns: dict[str, SpeakerPronoun]


class CueNamingQuotes(_Strict):
    verbs: list[str] = Field(min_length=1)
    min_words: int = Field(ge=1)


class CueDescribedBodies(_Strict):
    # The head nouns are the actors' table (actors.json body_heads), one table for both stages.
    not_modifiers: list[str]


class CueRules(_Strict):
    verbs: list[str]
    phrasal: dict[str, list[str]]
    speaker_nouns: list[str]
    # One-person speaker nouns; the gender a word gives is the actors' gendered_titles (one table).
    person_speakers: list[str]
    described_bodies: CueDescribedBodies
    own_outlet_pattern: str
    document_nouns: list[str]
    speech_only: list[str]
    source_preps: list[str]
    example_preps: list[str]
    narrative_subordinators: list[str]
    antecedent_pronouns: list[str]
    speaker_pronouns: CueSpeakerPronouns
    document_window: int = Field(ge=1)
    place_preps: list[str]
    future_auxiliaries: list[str]
    bare_voices: list[str]
    naming_quotes: CueNamingQuotes
    quoted_speech: CueQuotedSpeech
    quote_marks: CueQuoteMarks
    source_phrases: list[list[dict[str, Any]]] = Field(min_length=1)

    @model_validator(mode="after")
    def _people_are_speakers(self) -> "CueRules":
        unknown = sorted(set(self.person_speakers) - set(self.speaker_nouns))
        if unknown:
            raise ValueError(f"person_speakers: not in speaker_nouns: {unknown}")
        return self

    @field_validator("own_outlet_pattern")
    @classmethod
    def _outlet(cls, value: str) -> str:
        try:
            if re.compile(value).groups < 1:
                raise ValueError(f"needs a group for the outlet: {value!r}")
        except re.error as exc:
            raise ValueError(f"not a regular expression: {value!r} ({exc})") from None
        return value


class MinorUnit(_Strict):
    of: str = Field(pattern=r"^[A-Z]{3}$")
    factor: float = Field(gt=0, lt=1)


class Currencies(_Strict):
    symbols: dict[str, str]
    words: dict[str, str]
    qualified: dict[str, str]
    local: dict[str, dict[str, list[str]]]
    symbol_prefixes: dict[str, str]
    prefixable_symbols: list[str]
    minor_units: dict[str, MinorUnit]
    rate_words: list[str]
    elided_money_leads: list[str]


class DatePattern(_Strict):
    regex: str
    case_sensitive: bool = False


class DateRules(_Strict):
    """Date patterns; the MONTH, MONTH_BARE and WEEKDAY macros are made from ``calendar.json``, never here."""
    macros: dict[str, str]
    patterns: list[DatePattern]
    future_markers: list[str]
    year_prepositions: list[str]
    count_approximators: list[str]
    frequency_words: list[str]
    postponing_verbs: list[str]
    postponing_prepositions: list[str]
    # "moved ... to September from June": the origin of a move to a date lies ahead too.
    postponing_origins: list[str]
    past_gerund_openers: list[str]
    name_entities: list[str]
    future_present_forms: list[str]
    future_auxiliaries: list[str]
    future_window_words: list[str]
    needs_context_year: str
    # Prepositions after which a present-tense verb looks ahead ("runs until March").
    past_when_negated: list[str]
    future_conditionals: list[str]
    future_until_words: list[str]
    # Modifiers of a noun that put a date hung on it ahead ("its next meeting in August").
    future_noun_modifiers: list[str]
    # Verbs whose infinitive complement is asked for, so ahead ("asked donors ... to cover July").
    request_verbs: list[str]
    # Participles on a noun or clause that announce a start ("a stoppage starting on October 27").
    future_participles: list[str]
    # A regex (macros expanded) for a dateline opening a claim; its dates are not the claim's.
    dateline: str
    # Words beside "2024-25" that make it one fiscal or season year rather than two years.
    year_range_keep_words: list[str]
    # Bounds before "a year ago" that make it a bound on a span, not a date ("less than a year ago").
    ago_bounds: list[str]
    # Words after "the year" that count it to a day or month ("the year that ended on June 30", "the year to March").
    rolling_year_followers: list[str]
    # A regex: the article names a financial year, so its bare "the year" is that year (not labelled).
    fiscal_mention: str
    # Subjects of a present verb that tell every year's calendar ("the financial year runs from July 1").
    calendar_subjects: list[str]
    # Subjects of a present copula that look ahead ("Our base case is a cut in the third quarter").
    forecast_subjects: list[str]
    # Lemmas above a "today" after a noun that make it a comparison with now ("280% for a typical council today").
    nowadays_heads: list[str]
    # Verbs whose object "the week" / "the year" is the article's own ("began the year short of nurses").
    # Verbs that make a day their object a day of something ("declared Friday a day of mourning"): ahead.
    designation_verbs: list[str] = []
    # The nouns such a verb makes the day ("a day", "a holiday"), by lemma.
    designation_nouns: list[str] = []
    # Passive participles under a present "be" that look ahead ("is supposed to last to October").
    future_passives: list[str] = []
    # Participles on a period whose date is its end, past or ahead ("the fiscal year ending June 30").
    period_end_participles: list[str] = []
    # Verbs whose "to" complement is what is likely to come, whatever their tense ("stood to lose").
    future_catenatives: list[str] = []
    # A regex (macros expanded) for the article's statement of its fiscal year's last month ("the
    # fiscal year ending June 30"); its group ``month`` is that month's word.
    fiscal_end: str = "(?!)"
    # Lemmas of verbs whose simple present does not look ahead (state, measure, report).
    present_non_events: list[str] = []
    # Verbs whose "to" complement is decided, so still to come ("voted to strike from Monday"), by lemma.
    decision_verbs: list[str] = []
    # Adverbs of the present that make "a year earlier" in their sentence count from the article.
    now_words: list[str] = []
    # Prepositions before a date that place it before the article whatever the tense ("since November").
    past_only_prepositions: list[str] = []
    unit_span_verbs: list[str]

    @field_validator("macros")
    @classmethod
    def _calendar_macros(cls, value: dict[str, str]) -> dict[str, str]:
        reserved = sorted({"MONTH", "MONTH_BARE", "WEEKDAY"} & set(value))
        if reserved:
            raise ValueError(f"{', '.join(reserved)} come from calendar.json: remove them here")
        return value

    @field_validator("needs_context_year", "fiscal_mention")
    @classmethod
    def _regex(cls, value: str) -> str:
        import re  # here: the rest of this module has no use for it
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regex: {exc}") from None
        return value


class NumberRules(_Strict):
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    scale_abbreviations: dict[str, int]
    vague: dict[str, int]
    fractions: dict[str, float]
    multiples: dict[str, float]
    multiple_verbs: dict[str, float]
    multiple_followers: list[str]
    fraction_not_after: list[str]
    fraction_by_words: list[str]
    ratio_connectors: list[str]
    threshold_nouns: list[str]
    passing_verbs: list[str]
    street_words: list[str]
    qualifiers: dict[Literal["approximate", "more_than", "less_than", "at_least", "at_most"], list[str]]
    approximate_suffixes: list[str]
    at_least_suffixes: list[str]
    percent_words: list[str]
    measure_units: list[str]
    unit_symbols: list[str]
    glued_unit_symbols: list[str]
    unit_or_scale: list[str]
    percent_suffixes: list[str]
    duration_units: list[str]
    name_number_words: list[str]
    articles: list[str]
    percent_followers: list[str]
    time_of_day_markers: list[str]
    date_entity_markers: list[str]
    age_cues: list[str]
    # Fractions that open a scale with its article ("half a million" is 500,000): word -> factor.
    scale_fractions: dict[str, float] = {}
    # Subjects of "be" whose bare whole-number complement is an age ("My son was 24"), by lemma.
    age_subjects: list[str] = []
    # Before "one", words that make it no count ("no one", "not one line").
    negative_ones: list[str] = []
    # Nouns "one" makes an idiom with ("to one side", "under one arm", "at one point"), by lemma.
    one_idiom_nouns: list[str] = []
    # Nouns for the parts a whole is split in ("two halves of the same problem"): no count.
    part_nouns: list[str] = []
    # Right before "one", words that make it a pronoun, no count ("the one holding", "not one person").
    pronoun_one_leads: list[str] = []
    # Words before a unit of time that make a period ("last year", "this month"): after a multiple,
    # "last year's" is its base, "this year" its time.
    relative_time_words: list[str] = []
    age_bounds: list[str]
    time_of_day_phrases: list[str]
    negative_words: list[str]
    negative_not_after: list[str]
    measure_scales: list[str]
    range_rate_phrases: list[str]
    estimate_words: list[str]
    pronoun_numeral_demonstratives: list[str]
    time_of_day_leads: list[str]
    times_words: list[str]
    idiom_one_closers: list[str]
    definite_reference_words: list[str]
    age_nouns: list[str]
    age_after_patterns: list[str]
    age_after_name_min: int
    age_after_name_max: int
    pronoun_numeral: str
    pronoun_numeral_followers: list[str]
    vague_modifiers: list[str]
    vague_scale_modifiers: list[str]
    vague_multiples: dict[str, int]
    vague_multiplied: list[str]
    range_connectors: list[str]
    range_openers: list[str]
    range_alternatives: list[str]
    range_scales: list[str]
    change_words: list[str]
    change_level_ratio: float = Field(gt=1)
    nominal_units: list[str]
    partitive_fillers: list[str]
    fraction_followers: list[str]
    ambiguous_month_abbreviations: list[str]

    @field_validator("fractions", "multiples", "multiple_verbs", mode="before")
    @classmethod
    def _numbers(cls, value: Any) -> Any:  # JSON writes 50 and 50.0 alike
        return {k: float(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in value.items()} \
            if isinstance(value, dict) else value


class ActorPattern(_Strict):
    """One row: a Matcher ``pattern``, a list of case-sensitive one-token ``words``, or
    ``descriptors`` (a descriptor word before a title-case name, "the NGO Foro Penal")."""
    label: Literal["PERSON", "ORG", "GPE", "NORP"]
    id: str
    pattern: Optional[list[dict[str, Any]]] = None
    words: Optional[list[str]] = None
    descriptors: Optional[list[str]] = None

    @model_validator(mode="after")
    def _one_kind(self) -> "ActorPattern":
        kinds = [k for k in ("pattern", "words", "descriptors") if getattr(self, k)]
        if len(kinds) != 1:
            raise ValueError(f"a row needs exactly one of pattern, words, descriptors (has: {kinds or 'none'})")
        return self


class QuantityEvent(_Strict):
    words: list[str] = Field(min_length=1)
    implies: Optional[str]
    over: list[str] = []
    ongoing: Optional[str] = None


class QuantityTopic(_Strict):
    words: list[str] = Field(min_length=1)
    daily: bool = False


class Quantities(_Strict):
    """What counts count, for figures compared across articles (``extractor compare``)."""
    nouns: dict[str, list[str]]
    events: dict[str, QuantityEvent]
    topics: dict[str, QuantityTopic]
    generic_units: list[str]
    partitive_after: list[str]
    increment_words: list[str]
    rate_words: list[str]
    from_words: list[str]
    clause_breaks: list[str]
    contrast_words: list[str]
    period_start_words: list[str] = []
    auxiliaries: list[str] = []
    place_breaks: list[str] = []
    place_anaphora: list[str] = []
    place_prepositions: list[str] = []
    national_words: list[str] = []
    national_prepositions: list[str] = []
    collective_units: list[str] = []
    ongoing_words: list[str] = []
    future_words: list[str] = []
    speech_after: list[str] = []
    former_words: list[str] = []
    pronoun_parts: list[str] = []
    location_prepositions: list[str] = []
    estimate_ceilings: list[str] = []
    source_breaks: list[str] = []
    flow_words: list[str] = []
    state_words: list[str] = []
    cause_words: dict[str, list[str]] = {}
    place_type_words: list[str] = []
    region_words: dict[str, list[str]] = {}
    event_window: int = Field(ge=1)
    period_window_days: int = Field(ge=0)
    history_days: int = Field(ge=1)
    conflict_days: int = Field(ge=0)
    approximate_share: float = Field(ge=0, le=1)
    places_per_document: int = Field(ge=1)
    vague_places: list[str] = []
    flow_period_words: list[str] = []
    setting_places: int = Field(default=2, ge=1)
    setting_documents: int = Field(default=2, ge=2)
    list_words: list[str] = []
    object_pronouns: list[str] = []
    echo_minimum: int = Field(default=10, ge=0)
    body_words: list[str] = []
    subgroup_words: list[str] = []
    plain_people: list[str] = []
    earlier_figure_words: list[str] = []
    dimension_words: list[str] = []
    remainder_words: list[str] = []
    place_part_words: list[str] = []
    object_events: list[str] = []
    joined_noun_words: list[str] = []
    name_units: list[str] = []
    instalment_words: list[str] = []
    final_words: list[str] = []
    report_openers: list[str] = []
    other_speakers: list[str] = []
    noun_synonyms: dict[str, str] = {}
    prior_events: list[str] = []
    part_changes: dict[str, list[str]] = {}
    running_words: list[str] = []
    figure_words: list[str] = []
    age_words: list[str] = []
    cumulative_classes: list[str] = []
    dispute_words: list[str] = []
    state_events: list[str] = []

    @model_validator(mode="after")
    def _implied_nouns_exist(self) -> "Quantities":
        named = {e.implies for e in self.events.values() if e.implies}
        named |= {n for e in self.events.values() for n in e.over}
        named |= {e.ongoing for e in self.events.values() if e.ongoing}
        unknown = sorted(named - set(self.nouns))
        if unknown:
            raise ValueError(f"events imply nouns that are not listed: {', '.join(unknown)}")
        changes = set(self.part_changes) | {n for wholes in self.part_changes.values() for n in wholes}
        unknown = sorted(changes - set(self.nouns))
        if unknown:
            raise ValueError(f"part_changes name nouns that are not listed: {', '.join(unknown)}")
        unknown = sorted(set(self.prior_events) - set(self.events)) + sorted(set(self.state_events) - set(self.events))
        if unknown:
            raise ValueError(f"prior_events and state_events are not events: {', '.join(unknown)}")
        return self


class GivenNames(_Strict):
    """Folded given names -> percent of their bearers who are girls (built by tools/build_names.py)."""
    female_percent: dict[str, int]

    @field_validator("female_percent")
    @classmethod
    def _percent(cls, value: dict[str, int]) -> dict[str, int]:
        bad = next((k for k, v in value.items() if not 0 <= v <= 100), None)
        if bad is not None:
            raise ValueError(f"{bad!r}: a percent is 0 to 100")
        return value


# file name -> schema; a ``.jsonl`` schema validates each line.
SCHEMAS: dict[str, type[_Strict]] = {
    "actors.json": ActorRules,
    "actor_patterns.jsonl": ActorPattern,
    "boilerplate.json": Boilerplate,
    "calendar.json": Calendar,
    "countries.json": Countries,
    "cue_verbs.json": CueRules,
    "currencies.json": Currencies,
    "date_patterns.json": DateRules,
    "numbers.json": NumberRules,
    "quantities.json": Quantities,
    "names.json": GivenNames,
}


def _error_of(name: str, exc: ValidationError) -> PackError:
    first = exc.errors()[0]
    key = ".".join(str(p) for p in first["loc"]) or "(top level)"
    return PackError(Errors.E001.format(file=name, key=key, reason=first["msg"]))


def validate_file(name: str, text: str) -> Any:
    """The validated content of one pack file, given its text."""
    schema = SCHEMAS.get(name)
    if schema is None:
        raise PackError(Errors.E002.format(file=name, known=", ".join(sorted(SCHEMAS))))
    if name.endswith(".jsonl"):
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                rows.append(_validate(f"{name}:{n}", schema, line))
        return tuple(rows)
    return _validate(name, schema, text)


def _validate(name: str, schema: type[_Strict], text: str) -> Any:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise PackError(Errors.E001.format(file=name, key="(file)", reason=f"not valid JSON: {exc}")) from None
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise _error_of(name, exc) from None


class Pack:
    """A language's rules: the validated files, and their texts (saved with a pipeline)."""

    def __init__(self, texts: dict[str, str], *, lang: str = "en") -> None:
        self.lang = lang
        self.texts = dict(sorted(texts.items()))
        self.files = {name: validate_file(name, text) for name, text in self.texts.items()}
        missing = sorted(set(SCHEMAS) - set(self.files))
        if missing:
            raise PackError(Errors.E003.format(lang=lang, missing=", ".join(missing)))

    @classmethod
    def from_dir(cls, path: Path, *, lang: Optional[str] = None) -> "Pack":
        path = Path(path)
        texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(path.iterdir())
                 if p.suffix in (".json", ".jsonl")}
        return cls(texts, lang=lang or path.name)

    def to_dir(self, path: Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, text in self.texts.items():
            (path / name).write_text(text, encoding="utf-8")

    def __getitem__(self, name: str) -> Any:
        return self.files[name]

    @property
    def actors(self) -> ActorRules:
        return self.files["actors.json"]

    @property
    def actor_patterns(self) -> tuple[ActorPattern, ...]:
        return self.files["actor_patterns.jsonl"]

    @property
    def boilerplate(self) -> Boilerplate:
        return self.files["boilerplate.json"]

    @property
    def calendar(self) -> Calendar:
        return self.files["calendar.json"]

    @property
    def countries(self) -> Countries:
        return self.files["countries.json"]

    @property
    def cues(self) -> CueRules:
        return self.files["cue_verbs.json"]

    @property
    def currencies(self) -> Currencies:
        return self.files["currencies.json"]

    @property
    def dates(self) -> DateRules:
        return self.files["date_patterns.json"]

    @property
    def numbers(self) -> NumberRules:
        return self.files["numbers.json"]

    @property
    def quantities(self) -> Quantities:
        return self.files["quantities.json"]
