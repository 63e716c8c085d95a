"""``extractor schema [--gold]``: the JSON Schema of a claim record, from the pydantic models,
and real records validate against it (with ``jsonschema`` when installed)."""
from __future__ import annotations

import copy
import importlib.util
import json

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.schemas import Claim, GoldClaim

from .conftest import ROOT, SEED_GOLD

SEED_CLAIMS = ROOT / "tests" / "data" / "golden" / "cibercuba-2026-01-31-amnesty.claims.jsonl"


def schema_of(*args) -> tuple[str, dict]:
    result = CliRunner().invoke(main, ["schema", *args])
    assert result.exit_code == 0, result.output
    return result.stdout, json.loads(result.stdout)


def records(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def problems(schema: dict, record: dict) -> list[str]:
    """What is wrong with ``record`` under ``schema``: every error jsonschema finds, or, without
    it, the top-level required and forbidden keys."""
    if importlib.util.find_spec("jsonschema") is not None:
        import jsonschema
        validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
        return sorted(e.message for e in validator.iter_errors(record))
    missing = [f"{k!r} is a required property" for k in schema["required"] if k not in record]
    extra = [] if schema.get("additionalProperties", True) else [
        f"unexpected {k!r}" for k in record if k not in schema["properties"]]
    return missing + extra


@pytest.mark.parametrize("args, model", [([], Claim), (["--gold"], GoldClaim)])
def test_schema_prints_the_models_json_schema_with_sorted_keys(args, model):
    text, schema = schema_of(*args)
    assert schema.pop("$schema") == "https://json-schema.org/draft/2020-12/schema"
    assert schema == model.model_json_schema()
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_record_schema_is_strict_and_the_gold_schema_tolerant():
    _, record = schema_of()
    _, gold = schema_of("--gold")
    assert record["additionalProperties"] is False
    assert "additionalProperties" not in gold
    assert set(record["required"]) == {"doc_id", "claim_id", "doc_date", "text", "start", "end", "actors",
                                       "counts", "dates", "attribution"}
    assert set(gold["required"]) == {"doc_id", "text"}


@pytest.mark.parametrize("args, path", [([], SEED_CLAIMS), (["--gold"], SEED_GOLD), (["--gold"], SEED_CLAIMS)])
def test_real_records_validate(args, path):
    _, schema = schema_of(*args)
    checked = records(path)
    assert checked
    for record in checked:
        assert problems(schema, record) == [], record.get("claim_id")


@pytest.mark.parametrize("change, expected", [
    (lambda r: r.pop("claim_id"), "'claim_id' is a required property"),
    (lambda r: r.pop("attribution"), "'attribution' is a required property"),
])
def test_a_broken_record_does_not_validate(change, expected):
    _, schema = schema_of()
    record = copy.deepcopy(records(SEED_CLAIMS)[1])
    change(record)
    assert expected in problems(schema, record)


def test_with_jsonschema_a_wrong_mention_does_not_validate():
    if importlib.util.find_spec("jsonschema") is None:
        pytest.skip("jsonschema is not installed (the check of nested values needs it)")
    _, schema = schema_of()
    record = copy.deepcopy(records(SEED_CLAIMS)[1])
    record["actors"][0]["type"] = "ANIMAL"
    record["counts"][0]["qualifier"] = "lots"
    assert problems(schema, record) == ["'ANIMAL' is not one of ['PERSON', 'ORG', 'GPE', 'NORP']",
                                        "'lots' is not one of ['exact', 'approximate', 'more_than', 'at_least', "
                                        "'less_than', 'at_most', 'range']"]
