"""What every claim stage shares: declared requires/assigns, rule packs saved with the pipeline,
and Docs that survive serialisation (DocBin, ``n_process``)."""
import json
import shutil

import pytest
import spacy
from spacy.tokens import DocBin

from extractor.components.base import default_pack
from extractor.errors import PackError
from extractor.packs import Pack
from extractor.pipeline import STAGES, build, claims_of, make_doc
from extractor.resources import models_dir
from tests.conftest import DOC_DATE

TEXT = ("Foro Penal said on Friday that 302 prisoners had been freed since January 8.\n\n"
        "Prices rose sharply in Caracas, according to the central bank.\n")


def _claims(nlp, text=TEXT):
    return claims_of(nlp(make_doc(nlp, text, doc_id="t", doc_date=DOC_DATE)))


def test_analyze_pipes_shows_requires_and_assigns_of_every_stage(nlp):
    summary = nlp.analyze_pipes(pretty=False)["summary"]
    for stage in STAGES:
        assert summary[stage]["assigns"], stage
        assert summary[stage]["requires"], stage
    assert "doc._.claims" in summary["claims_sentences"]["assigns"]
    assert "doc._.actor_mentions" in summary["claims_counts"]["requires"]


def test_to_disk_and_spacy_load_round_trip_the_rules(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    for stage in STAGES:
        assert (tmp_path / "pipeline" / stage / "pack" / "numbers.json").is_file()
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    assert _claims(loaded) == _claims(nlp)


def _pack_copy(tmp_path, edit, name="boilerplate.json"):
    folder = tmp_path / "en"
    shutil.copytree(models_dir(), folder)
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_a_pack_of_ones_own_travels_with_the_saved_pipeline(tmp_path):
    folder = _pack_copy(tmp_path, lambda d: d["line_patterns"].append("^prices rose"))
    nlp = build()
    nlp.replace_pipe("claims_sentences", "claims_sentences", config={"pack_path": str(folder)})
    texts = [c["text"] for c in _claims(nlp)]
    assert not any(t.startswith("Prices rose") for t in texts) and texts
    nlp.to_disk(tmp_path / "pipeline")
    shutil.rmtree(folder)  # the saved pipeline must not need the folder any more
    loaded = spacy.load(tmp_path / "pipeline")
    assert [c["text"] for c in _claims(loaded)] == texts


def test_two_packs_live_in_one_process(tmp_path):
    folder = _pack_copy(tmp_path, lambda d: d["line_patterns"].append("^prices rose"))
    stock, custom = default_pack(), default_pack(path=str(folder))
    assert stock is not custom
    assert "^prices rose" in custom.boilerplate.line_patterns
    assert "^prices rose" not in stock.boilerplate.line_patterns


def test_docbin_with_user_data_keeps_the_claims(nlp):
    doc = nlp(make_doc(nlp, TEXT, doc_id="t", doc_date=DOC_DATE))
    want = claims_of(doc)
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    back, = DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab)
    back._.doc_id = "t"
    assert back._.doc_date == DOC_DATE
    assert claims_of(back) == want


def test_nlp_pipe_with_two_processes_gives_the_same_claims(nlp):
    texts = [TEXT, TEXT.replace("302", "41")]
    one = [claims_of(d) for d in nlp.pipe(texts)]
    two = [claims_of(d) for d in nlp.pipe(texts, n_process=2)]
    assert two == one
    assert any(c["counts"] for c in one[0])


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.update(bogus=1), "[E001] boilerplate.json: bogus: Extra inputs are not permitted"),
    (lambda d: d.pop("max_heading_words"), "[E001] boilerplate.json: max_heading_words: Field required"),
    (lambda d: d.update(max_heading_words="25"), "[E001] boilerplate.json: max_heading_words: Input should be a valid integer"),
    (lambda d: d.update(_note="a comment key is allowed"), None),
])
def test_pack_files_are_validated_strictly(tmp_path, edit, message):
    folder = _pack_copy(tmp_path, edit)
    if message is None:
        assert Pack.from_dir(folder).boilerplate.max_heading_words == 25
        return
    with pytest.raises(PackError) as err:
        Pack.from_dir(folder)
    assert str(err.value) == message


def test_a_role_body_must_name_a_description_row(tmp_path):
    folder = _pack_copy(tmp_path, lambda d: d["role_bodies"].update(coach=["team", "squadron"]), "actors.json")
    with pytest.raises(PackError, match="role_bodies names heads with no description row: squadron"):
        Pack.from_dir(folder)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["common_body_heads"].append("squadron"), "common_body_heads: not in body_heads: squadron"),
    (lambda d: d["body_heads"].append("ministry"), "body_heads: each head once, in lower case"),
    (lambda d: d["body_heads"].append("Squadron"), "body_heads: each head once, in lower case"),
    (lambda d: d["place_noun_groups"].append(["oasis"]), r"place_noun_groups: .*not place nouns: oasis"),
    (lambda d: d["place_noun_groups"].append(["city"]), "place_noun_groups: each noun once"),
])
def test_the_body_heads_are_one_table(tmp_path, edit, message):
    folder = _pack_copy(tmp_path, edit, "actors.json")
    with pytest.raises(PackError, match=message):
        Pack.from_dir(folder)


def test_attribution_reads_the_actors_body_heads():
    from extractor.components.attribution import compile_rules
    pack = default_pack()
    assert "heads" not in type(pack.cues.described_bodies).model_fields
    heads = compile_rules(pack).body_heads
    assert heads == frozenset(pack.actors.body_heads) - {g.lower() for g in pack.actors.generic_plurals}
    assert {"ministry", "institute", "union"} <= heads and "police" not in heads


def test_speaker_genders_are_the_actors_gendered_titles():
    from extractor.components.attribution import compile_rules
    pack = default_pack()
    speakers = compile_rules(pack).person_speakers
    assert set(speakers) == set(pack.cues.person_speakers)
    assert speakers["spokeswoman"] == "female" and speakers["chairman"] == "male" and speakers["lawyer"] == ""


def test_a_pack_without_a_file_or_with_an_unknown_file_fails(tmp_path):
    folder = tmp_path / "en"
    shutil.copytree(models_dir(), folder)
    (folder / "numbers.json").unlink()
    with pytest.raises(PackError, match=r"\[E003\] the rule pack 'en' lacks numbers.json"):
        Pack.from_dir(folder)
    shutil.copy(models_dir() / "numbers.json", folder / "numbers.json")
    (folder / "extra.json").write_text("{}", encoding="utf-8")
    with pytest.raises(PackError, match=r"\[E002\] extra.json: not a rule file of the pack"):
        Pack.from_dir(folder)


def test_invalid_json_in_a_pack_names_the_file(tmp_path):
    folder = tmp_path / "en"
    shutil.copytree(models_dir(), folder)
    (folder / "numbers.json").write_text("{", encoding="utf-8")
    with pytest.raises(PackError, match=r"\[E001\] numbers.json: \(file\): not valid JSON"):
        Pack.from_dir(folder)


def test_claims_of_works_on_a_doc_without_an_id(nlp):
    records = claims_of(nlp(TEXT))
    assert records and records[0]["claim_id"] == "doc#0" and records[0]["doc_date"] is None


def test_the_bundled_pack_loads():
    pack = default_pack()
    assert len(pack.calendar.months) == 12
    assert list(pack.texts) == sorted(pack.texts)
