"""Record models of claims-spec section 2: strict for what the extractor writes, tolerant for
what it reads; TIMEX values; JSONL errors that name file and line."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from extractor.schemas import (Actor, Claim, GoldActor, GoldClaim, InputRecord, DateMention, RecordError,
                               is_timex, iter_jsonl)

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
