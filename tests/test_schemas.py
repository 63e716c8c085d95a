"""Record models of claims-spec section 2: strict for what the extractor writes, tolerant for
what it reads; TIMEX values; JSONL errors that name file and line."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from extractor.fields import FIELDS, NAMES, records_of
from extractor.schemas import (Actor, Claim, GoldActor, GoldClaim, InputRecord, DateMention, RecordError,
                               is_timex, iter_jsonl, mention_fields)

CLAIM = {
    "doc_id": "d", "claim_id": "d#0", "doc_date": "2026-01-31", "text": "Foro Penal said so.",
    "start": 0, "end": 19,
    "actors": [{"text": "Foro Penal", "start": 0, "end": 10, "name": "Foro Penal", "type": "ORG"}],
    "counts": [], "dates": [],
    "attribution": [{"source": "Foro Penal", "text": "Foro Penal", "cue": "said", "start": 0, "end": 10}],
}


def test_strict_claim_accepts_a_valid_record():
    claim = Claim.model_validate(CLAIM)
    assert claim.actors[0].name == "Foro Penal" and claim.doc_date.isoformat() == "2026-01-31"


@pytest.mark.parametrize("where", ["claim", "actor"])
def test_strict_models_reject_extra_fields(where):
    record = {**CLAIM, "actors": [dict(a) for a in CLAIM["actors"]]}
    if where == "claim":
        record["confidence"] = 0.9
    else:
        record["actors"][0]["lemma"] = "foro penal"
    with pytest.raises(ValidationError, match="(?i)extra"):
        Claim.model_validate(record)


def test_strict_actor_rejects_unknown_type():
    with pytest.raises(ValidationError):
        Actor.model_validate({"text": "x", "start": 0, "end": 1, "name": "X", "type": "LOC"})


def test_tolerant_gold_models_accept_extra_fields():
    gold = GoldClaim.model_validate({
        "doc_id": "d", "text": "Foro Penal said so.", "annotator": "ab", "confidence": 0.9,
        "actors": [{"text": "Foro Penal", "name": "Foro Penal", "type": "ORG", "note": "x"}],
    })
    assert gold.start is None and gold.actors[0].start is None     # offsets optional in gold
    assert GoldActor.model_validate({"text": "a", "name": "A", "type": "GPE", "lemma": "a"}).name == "A"
    rec = InputRecord.model_validate({"id": 7, "text": "t", "url": "https://example.org"})
    assert rec.id == "7" and rec.date is None


@pytest.mark.parametrize("value", ["2026-01-30", "2026-W06", "2025-12", "2025", "198"])
def test_timex_accepts(value):
    assert is_timex(value)
    assert DateMention(text="x", start=0, end=1, value=value, type="DATE").value == value


@pytest.mark.parametrize("value", ["2025-13-99x", "January 2025", "25", "2026-1-3", ""])
def test_timex_rejects(value):
    assert not is_timex(value)
    with pytest.raises(ValidationError, match="TIMEX"):
        DateMention(text="x", start=0, end=1, value=value, type="DATE")


def test_date_value_may_be_null():
    assert DateMention(text="this Friday", start=0, end=11, value=None, type="DATE").value is None


@pytest.mark.parametrize("bad_line,reason", [
    ('{"doc_id": "d", "text": ', "not valid JSON"),
    ('["d", "t"]', "not a JSON object"),
    ('{"doc_id": "d"}', "text"),
    ('{"doc_id": "d", "text": "t", "counts": [{"text": "x", "low": 1, "high": 1, "qualifier": "some"}]}',
     "qualifier"),
])
def test_iter_jsonl_errors_name_file_and_line(tmp_path, bad_line, reason):
    path = tmp_path / "gold.jsonl"
    # line 1 valid, line 2 blank (skipped but counted), line 3 bad
    path.write_text('{"doc_id": "d", "text": "t"}\n\n' + bad_line + "\n", encoding="utf-8")
    records = iter_jsonl(path, GoldClaim)
    assert next(records).doc_id == "d"
    with pytest.raises(RecordError) as info:
        next(records)
    err = info.value
    assert (err.path, err.line) == (str(path), 3)
    assert str(err).startswith(f"{path}:3: ")
    assert reason in str(err)
    assert "\n" not in str(err)


def test_iter_jsonl_text_argument_keeps_the_name():
    records = iter_jsonl("<stdin>", GoldClaim, text='{"doc_id": "d", "text": "t"}\nnope\n')
    assert next(records).text == "t"
    with pytest.raises(RecordError, match=r"^<stdin>:2: "):
        next(records)


# --- the field registry ---------------------------------------------------------------------


MENTION = {"actors": CLAIM["actors"][0], "attribution": CLAIM["attribution"][0],
           "counts": {"text": "5", "start": 0, "end": 1, "low": 5, "high": 5, "qualifier": "exact", "kind": "count",
                      "unit": None},
           "dates": {"text": "2025", "start": 0, "end": 4, "value": "2025", "type": "DATE"}}


@pytest.mark.parametrize("model", [Claim, GoldClaim])
def test_claim_models_list_the_registry_fields_in_order(model):
    assert mention_fields(model) == NAMES == tuple(f.name for f in FIELDS)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_each_field_has_its_models(field):
    assert Claim.model_fields[field.name].annotation.__args__ == (field.record,)
    assert GoldClaim.model_fields[field.name].annotation.__args__ == (field.gold,)
    assert field.record.model_validate(MENTION[field.name]).text == MENTION[field.name]["text"]
    with pytest.raises(ValidationError, match="(?i)extra"):
        field.record.model_validate({**MENTION[field.name], "confidence": 1})
    assert field.gold.model_validate({**MENTION[field.name], "note": "x"}).text == MENTION[field.name]["text"]


DECISION = {"field": "counts", "text": "Foro", "start": 0, "end": 4, "by": "is_age", "action": "dropped"}


def test_decisions_are_optional_and_strict():
    assert Claim.model_validate(CLAIM).decisions is None
    assert Claim.model_validate({**CLAIM, "decisions": [DECISION]}).decisions[0].by == "is_age"
    with pytest.raises(ValidationError, match="(?i)extra"):
        Claim.model_validate({**CLAIM, "decisions": [{**DECISION, "why": "x"}]})
    with pytest.raises(ValidationError):
        Claim.model_validate({**CLAIM, "decisions": [{k: v for k, v in DECISION.items() if k != "by"}]})
    # read back for evaluation, decisions are kept (the listing shows them)
    assert GoldClaim.model_validate({**CLAIM, "decisions": [DECISION]}).decisions[0].action == "dropped"


def test_records_of_reads_each_field_from_its_extension():
    import spacy
    from extractor.components import extensions  # noqa: F401  (declares the extensions)

    doc = spacy.blank("en")("Foro Penal said so.")
    span = doc[0:5]
    for f in FIELDS:
        setattr(span._, f.extension, [MENTION[f.name]])
    assert records_of(span) == {f.name: [MENTION[f.name]] for f in FIELDS}
    assert list(records_of(span)) == list(NAMES)
    assert records_of(doc[0:1]) == {name: [] for name in NAMES}


def test_a_bad_date_is_named_on_one_line():
    # found by make fuzz: a JSONL date holding a newline made the error message two lines
    import pydantic

    from extractor.schemas import InputRecord
    with pytest.raises(pydantic.ValidationError) as err:
        InputRecord.model_validate({"id": "a", "text": "x", "date": "\n2025"})
    message = err.value.errors()[0]["msg"]
    assert "\n" not in message and "\\n2025" in message
