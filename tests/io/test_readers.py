"""Inputs as the extractor reads them: decoding, .txt/.html documents with their metadata,
folders, JSONL files and the errors that take a document's place in the stream."""
from __future__ import annotations

import codecs
import datetime as dt
import json
from pathlib import Path

import pytest

from extractor.io.readers import (DocError, InputDoc, InputError, check_inputs, count_inputs, decode, iter_inputs,
                                  jsonl_items, not_an_input, own_record_kind, read_document)

# --- decode ------------------------------------------------------------------------------------------

SENTENCE = "Amnesty International said 1,197 political prisoners remain in jail."


def test_decode_plain_utf8():
    text = "Delcy Rodríguez announced an amnesty — “for all”."
    assert decode(text.encode("utf-8")) == text


def test_decode_utf8_bom_is_not_part_of_the_text():
    data = codecs.BOM_UTF8 + SENTENCE.encode("utf-8")
    text = decode(data)
    assert text == SENTENCE
    assert "\ufeff" not in text


def test_decode_utf16_with_bom():
    data = "Cuba holds 1,000 prisoners.".encode("utf-16")       # with its BOM
    assert decode(data) == "Cuba holds 1,000 prisoners."


def test_decode_cp1252_curly_quotes():
    data = (b"\x93We will not be silenced,\x94 said Amnesty International, which counted 1,197 "
            b"political prisoners in Cuba.\r\n")
    text = decode(data)
    assert text.startswith("\u201cWe will not be silenced,\u201d said")
    assert "\x93" not in text and "\x94" not in text
    assert text.endswith("in Cuba.\r\n")
    assert len(text) == len(data)            # one byte, one character: nothing added or dropped


def test_decode_latin1_e_acute():
    data = b"Caf\xe9 owners in Santiago said 12 people were detained on Monday."
    text = decode(data)
    assert text == "Café owners in Santiago said 12 people were detained on Monday."


def test_decode_invalid_utf8_where_utf8_is_declared_names_the_byte():
    data = b"<html><body><p>Caf\xe9 owners said 12 people were detained.</p></body></html>"
    with pytest.raises(ValueError) as info:
        decode(data, declared="utf-8")
    msg = str(info.value)
    assert "UTF-8" in msg
    bad = data.index(b"\xe9")
    assert f"byte {bad}" in msg
    assert "utf-8" in msg                    # it says what the file declared


def test_decode_nul_bytes_are_binary():
    with pytest.raises(ValueError, match="binary"):
        decode(b"PK\x03\x04\x00\x00\x00\x08 some zip header")


# --- read_document: .txt -------------------------------------------------------------------------------

def test_txt_keeps_crlf_and_id_is_the_name_without_extension(tmp_path):
    content = "Foro Penal reported 40 new detentions.\r\nThe NGO said 12 were minors.\r\n"
    path = tmp_path / "crlf-story.txt"
    path.write_bytes(content.encode("utf-8"))
    doc = read_document(path)
    assert isinstance(doc, InputDoc)
    assert doc.text == content
    assert doc.text.count("\r\n") == 2
    assert doc.id == "crlf-story"
    assert doc.source == str(path)
    assert doc.date is None


def test_txt_meta_sidecar_date_and_default_date(tmp_path):
    (tmp_path / "a.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"date": "2025-06-01", "title": "x", "extra": 1}', encoding="utf-8")
    (tmp_path / "b.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    default = dt.date(2024, 3, 1)
    assert read_document(tmp_path / "a.txt", default_date=default).date == dt.date(2025, 6, 1)  # sidecar wins
    assert read_document(tmp_path / "b.txt", default_date=default).date == default
    assert read_document(tmp_path / "b.txt").date is None


def test_txt_invalid_meta_sidecar_is_an_error_naming_it(tmp_path):
    (tmp_path / "a.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"date": "not a date"}', encoding="utf-8")
    with pytest.raises(ValueError, match="a.meta.json"):
        read_document(tmp_path / "a.txt")


# --- read_document: .html ------------------------------------------------------------------------------

HTML_PAGE = (Path(__file__).resolve().parent.parent / "data" / "article.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def html_doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "amnesty-page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    return read_document(path)


def test_html_is_reduced_to_the_article_text(html_doc):
    text = html_doc.text
    for sentence in ("Amnesty International said on Tuesday that more than 300 political prisoners remain in jail "
                     "in Cuba.",
                     "The government denied the figures and said only 12 people were held last week, according "
                     "to state media.",
                     "Foro Penal reported 40 new detentions on November 3, the group told reporters in Caracas."):
        assert sentence in text
    for marker in ("NAVMARKER", "HEADSCRIPTMARKER", "BODYSCRIPTMARKER", "FOOTERMARKER", "document.write", "<p>"):
        assert marker not in text, marker


def test_html_date_and_id_from_the_page(html_doc):
    assert html_doc.date == dt.date(2025, 11, 14)
    assert html_doc.id == "amnesty-page"


def test_html_sidecar_date_wins_over_the_page(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    (tmp_path / "p.meta.json").write_text('{"date": "2025-12-01"}', encoding="utf-8")
    assert read_document(path).date == dt.date(2025, 12, 1)


def test_html_declared_charset_is_used(tmp_path):
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "Amnesty International said", "\u201cAmnesty International\u201d said")
    path = tmp_path / "cp.html"
    path.write_bytes(page.encode("cp1252"))
    assert "\u201cAmnesty International\u201d said" in read_document(path).text


def test_html_declaring_utf8_with_invalid_bytes_is_refused(tmp_path):
    path = tmp_path / "bad.html"
    path.write_bytes(HTML_PAGE.replace("Caracas", "Car\xe1cas").encode("latin-1"))
    with pytest.raises(ValueError, match="invalid UTF-8 at byte"):
        read_document(path)


@pytest.mark.parametrize("body", ["<script>var a = 1;</script>",
                                  # navigation alone is not an article (found by a new-user review)
                                  "<nav>Home</nav>", "<nav><a href='/'>Home</a> <a href='/c'>Contact us</a></nav>"])
def test_html_without_article_text_is_an_error(tmp_path, body):
    path = tmp_path / "empty.html"
    path.write_text(f"<html><head><title>x</title></head><body>{body}</body></html>", encoding="utf-8")
    with pytest.raises(ValueError, match="no article text"):
        read_document(path)


# --- iter_inputs -----------------------------------------------------------------------------------------

def _ids(items):
    return [(type(i).__name__, i.id) for i in items]


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "b.txt").write_text("Foro Penal reported 40 new detentions.\n", encoding="utf-8")
    (root / "a.txt").write_text("Amnesty said 300 prisoners were freed.\n", encoding="utf-8")
    (root / "a.meta.json").write_text('{"date": "2025-06-01"}', encoding="utf-8")
    (root / "c").mkdir()
    (root / "c" / "d.txt").write_text("Cuba holds 1,000 political prisoners.\n", encoding="utf-8")
    (root / "c" / "c1.jsonl").write_text('{"id": "j1", "text": "One."}\n\n{"id": "j2", "text": "Two.", '
                                         '"date": "2024-02-02"}\n', encoding="utf-8")
    (root / "e.html").write_text(HTML_PAGE, encoding="utf-8")
    # written by the project beside inputs, or not inputs at all: never read
    (root / "a.gold.jsonl").write_text("not json at all\n", encoding="utf-8")
    (root / "out.errors.jsonl").write_text("not json at all\n", encoding="utf-8")
    (root / "notes.md").write_text("Not an input.\n", encoding="utf-8")
    (root / ".hidden.txt").write_text("Hidden.\n", encoding="utf-8")
    return root


def test_folder_is_read_recursively_in_sorted_order_skipping_project_files(folder):
    items = list(iter_inputs([str(folder)], doc_date=dt.date(2026, 1, 31)))
    assert all(isinstance(i, InputDoc) for i in items), items
    # "c" sorts between "b.txt" and "e.html"; inside it "c1.jsonl" before "d.txt"
    assert [i.id for i in items] == ["a", "b", "j1", "j2", "d", "e"]
    by_id = {i.id: i for i in items}
    assert by_id["a"].date == dt.date(2025, 6, 1)        # its sidecar
    assert by_id["b"].date == dt.date(2026, 1, 31)       # doc_date
    assert by_id["j1"].date == dt.date(2026, 1, 31)
    assert by_id["j2"].date == dt.date(2024, 2, 2)       # the record's own date
    assert by_id["e"].date == dt.date(2025, 11, 14)      # the page's date
    assert by_id["j2"].source == str(folder / "c" / "c1.jsonl") + ":3"   # line numbers count blank lines


def test_files_are_read_in_the_order_given(folder):
    inputs = [str(folder / "e.html"), str(folder / "c" / "d.txt"), str(folder / "a.txt")]
    assert [i.id for i in iter_inputs(inputs)] == ["e", "d", "a"]


def test_iter_inputs_is_lazy(folder):
    it = iter_inputs([str(folder)])
    first = next(it)
    assert first.id == "a"
    # b is read only when reached: a change made now is what the reader sees
    (folder / "b.txt").write_text("Changed after the first document was read.\n", encoding="utf-8")
    (folder / "c" / "d.txt").write_bytes(b"\x00binary now")
    rest = list(it)
    assert rest[0].id == "b" and rest[0].text == "Changed after the first document was read.\n"
    assert [type(i).__name__ for i in rest if i.id == "d"] == ["DocError"]


def test_jsonl_bad_lines_become_errors_in_place(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([
        '{"id": "ok1", "text": "Amnesty said 300 prisoners were freed."}',
        '{"id": "broken", "text": ',
        '["not", "an", "object"]',
        '{"id": "notext"}',
        '{"id": 7, "text": "Numeric id."}',
    ]) + "\n", encoding="utf-8")
    items = list(iter_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["InputDoc", "DocError", "DocError", "DocError", "InputDoc"]
    assert [i.source for i in items[1:4]] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "text" in items[3].reason
    assert items[4].id == "7"
    rec = items[1].as_record()
    assert set(rec) == {"doc_id", "source", "error"} and rec["source"] == f"{path}:2"


def test_stdin_dash_reads_jsonl(tmp_path):
    import io
    stdin = io.StringIO('{"id": "s1", "text": "One."}\nnot json\n')
    items = list(iter_inputs(["-"], stdin=stdin))
    assert isinstance(items[0], InputDoc) and items[0].id == "s1"
    assert isinstance(items[1], DocError) and items[1].source == "<stdin>:2"


def test_unreadable_and_undecodable_files_become_errors(tmp_path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text(SENTENCE + "\n", encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(SENTENCE + "\n", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02 not text \x00")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":     # the tests run as root, so chmod 000 would not stop a read
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    items = list(iter_inputs([str(tmp_path)]))
    assert [(type(i).__name__, i.id) for i in items] == [("DocError", "binary"), ("InputDoc", "good"),
                                                           ("DocError", "locked")]
    assert items[0].source == str(binary) and "binary" in items[0].reason
    assert items[2].source == str(locked) and items[2].reason == "Permission denied"


def test_missing_path_becomes_an_error(tmp_path):
    items = list(iter_inputs([str(tmp_path / "gone.txt")]))
    assert len(items) == 1 and isinstance(items[0], DocError)
    assert "no such file" in items[0].reason


# --- count_inputs ------------------------------------------------------------------------------------------

def test_count_inputs(folder):
    # a, b, d, e and the two non-blank lines of c1.jsonl; skipped files not counted
    assert count_inputs([str(folder)]) == 6
    assert count_inputs([str(folder / "a.txt"), str(folder / "c" / "c1.jsonl")]) == 3
    assert count_inputs([str(folder / "a.txt"), "-"]) is None
    assert count_inputs([]) == 0
    assert count_inputs([str(folder)]) == len(list(iter_inputs([str(folder)])))


def test_jsonl_with_bom_and_crlf_line_ends(tmp_path):
    path = tmp_path / "windows.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + b'{"id": "a", "text": "One.\\r\\nTwo."}\r\n{"id": "b", "text": "Three."}\r\n')
    items = list(iter_inputs([str(path)]))
    assert [(i.id, i.text, i.source) for i in items] == [("a", "One.\r\nTwo.", f"{path}:1"),
                                                          ("b", "Three.", f"{path}:2")]
    assert count_inputs([str(path)]) == 2


# --- ids from paths, sidecars, claims files ---------------------------------------------------------

@pytest.mark.parametrize("relative, expected", [
    ("2024/05/06/slug/index.html", "2024/05/06/slug/index"), ("a.txt", "a"), ("x/report.v2.txt", "x/report.v2"),
])
def test_path_id(tmp_path, relative, expected):
    from extractor.io.readers import path_id
    assert path_id(tmp_path / relative, tmp_path) == expected


@pytest.mark.parametrize("id_from, ids, failed", [("stem", ["a", "a", "b"], ["broken"]),
                                                  ("path", ["x/a", "y/a", "b"], ["y/broken"])])
def test_iter_inputs_id_from(tmp_path, id_from, ids, failed):
    root = tmp_path / "in"
    for rel in ("x/a.txt", "y/a.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(SENTENCE, encoding="utf-8")
    (root / "y" / "broken.txt").write_bytes(b"\x00\x01")
    (tmp_path / "b.txt").write_text(SENTENCE, encoding="utf-8")
    # the folder, then a file given directly (it keeps its stem)
    items = list(iter_inputs([str(root), str(tmp_path / "b.txt")], id_from=id_from))
    assert [i.id for i in items if isinstance(i, InputDoc)] == ids
    assert [i.id for i in items if isinstance(i, DocError)] == failed


@pytest.mark.parametrize("name, kind", [("a.meta.json", "metadata sidecar"), ("A.GOLD.JSONL", "gold claims file"),
                                        ("out.errors.jsonl", "errors file"), ("a.jsonl", None), ("a.txt", None)])
def test_sidecar_kind(name, kind):
    from extractor.io.readers import sidecar_kind
    assert sidecar_kind(name) == kind


def _claims_tree(root: Path, names: list[str]) -> Path:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("", encoding="utf-8")
    return root


@pytest.mark.parametrize("names, gold, expected", [
    (["b.jsonl", "a/c.jsonl", "x.txt", "o.errors.jsonl", ".hidden.jsonl"], False, ["a/c.jsonl", "b.jsonl"]),
    (["b.jsonl", "a/c.gold.jsonl", "d.gold.jsonl", "x.meta.json"], True, ["a/c.gold.jsonl", "d.gold.jsonl"]),
    (["b.jsonl", "a/c.gold.jsonl"], False, ["a/c.gold.jsonl", "b.jsonl"]),
    (["b.jsonl", "a/c.jsonl"], True, ["a/c.jsonl", "b.jsonl"]),           # no gold files: all of them
], ids=["claims", "gold-only", "claims-with-gold", "gold-without-gold-files"])
def test_claims_files_of_a_folder(tmp_path, names, gold, expected):
    from extractor.io.readers import claims_files
    root = _claims_tree(tmp_path / "f", names)
    found = claims_files(["-", str(root), "missing.jsonl"], gold=gold)
    assert found == ["-", *(str(root / e) for e in expected), "missing.jsonl"]


def test_claims_files_of_a_folder_without_any(tmp_path):
    from extractor.io.readers import InputError, claims_files
    with pytest.raises(InputError, match="no .jsonl files"):
        claims_files([str(_claims_tree(tmp_path / "f", ["a.txt"]))])


# --- records the extractor writes, given to extract as if they were documents ----------------------

@pytest.mark.parametrize("record, kind", [
    ({"doc_id": "a", "claim_id": "a#0", "text": "x", "actors": [], "extractor": "0"}, "a claims record"),
    ({"doc_id": "a", "claim_id": "a#0", "text": "x", "actors": []}, "a gold claims record"),
    ({"group_id": "g1", "quantity": "dead", "reports": []}, "a figure-group record"),
    ({"group_id": "g1", "quantity": "dead", "counts": []}, "a hand-labelled figure group"),
    ({"name": "X", "aliases": [], "as_source": 0}, "an actor record"),
    ({"source": "a.txt", "error": "cannot read"}, "an error record"),
], ids=["claims", "gold", "figures", "groups-gold", "actors", "errors"])
def test_own_records_are_named_not_read_as_documents(record, kind):
    [error] = list(jsonl_items("out.jsonl", (json.dumps(record) + "\n").encode()))
    assert isinstance(error, DocError) and error.source == "out.jsonl:1"
    assert error.reason.startswith(kind) and "not a document" in error.reason


@pytest.mark.parametrize("line", ['{"id": "a"}', '{"text": "no id"}', '[1, 2]', '{"claim_id": "a#0"}'])
def test_other_bad_lines_keep_the_validation_reason(line):
    [error] = list(jsonl_items("in.jsonl", line.encode()))
    assert isinstance(error, DocError) and own_record_kind(line) is None and "not a document" not in error.reason


@pytest.mark.parametrize("name, kind", [("a.meta.json", "metadata sidecar"), ("a.gold.jsonl", "gold claims file"),
                                        ("groups.gold.jsonl", "figure-groups gold file"),
                                        ("out.errors.jsonl", "errors file")])
def test_a_sidecar_named_directly_is_refused_with_what_reads_it(tmp_path, name, kind):
    (tmp_path / name).write_text("{}\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"{name}: a {kind}, which extract never reads as an input; "):
        check_inputs([str(tmp_path / name)])
    [error] = list(iter_inputs([str(tmp_path / name)]))
    assert isinstance(error, DocError) and error.reason == not_an_input(name)
