"""Bad claims files for ``evaluate``, ``report`` and ``summarize``, end to end, and property tests
over the values and file names they may meet.

- A file that cannot be read (missing, a folder, permission denied, binary, not UTF-8, a line
  that is not a finite JSON record) is one line ``extractor: error: FILE[:LINE]: reason`` and
  exit 2 in whichever role it is given: gold or predictions of ``evaluate``, claims or gold of
  ``report``, claims of ``summarize``. Never a traceback, nothing on stdout, no report written.
- Values the schema allows but no calendar has (``9999-W52``, year ``0000``, week 53 of a year
  with 52), empty texts, counts without bounds, very long names: every command works.
- Property tests (profiles in tests/hypothesis_profiles.py): any JSON value in any field of a
  record is read or refused with ``EvaluationError`` (never another exception), and what is read
  can be summarised, scored and reported; any file name keeps the message on one line of valid
  UTF-8.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Union

import pytest

from extractor import schemas
from extractor.evaluate.metrics import EvaluationError, evaluate_records, read_claims
from extractor.report.html import ReportError, render_report
from extractor.report.summary import format_summary, summarize

from .test_bad_input import assert_no_traceback, assert_stderr_lines, err_line, jsonl, write
from .test_cli import invoke, stderr_of, stdout_of

GOLD = {"doc_id": "d", "claim_id": "d#0", "text": "Cuba holds more than 1,000 prisoners.", "start": 0, "end": 37,
        "counts": [{"text": "more than 1,000 prisoners", "low": 1000, "high": None, "qualifier": "more_than",
                    "unit": "prisoners"}]}
GOOD_LINE = json.dumps(GOLD)


def line_with_low(low: str) -> str:
    return GOOD_LINE.replace("1000", low) + "\n"


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def assert_ran_cleanly(result) -> None:
    """CliRunner keeps an escaped exception instead of printing its traceback: none may escape."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


# --- the bad files ---------------------------------------------------------------------------------

@dataclass
class FileCase:
    """``make(path, monkeypatch)`` puts the bad file at ``path``; the message is
    ``fragments`` after the file's name (``:LINE`` included where there is a line)."""
    id: str
    make: Callable[[Path, pytest.MonkeyPatch], None]
    fragments: tuple


def _content(data: Union[str, bytes]):
    return lambda path, mp: write(path, data)


def _folder(path: Path, mp) -> None:
    path.mkdir()


def _denied(path: Path, mp) -> None:
    """Open fails as chmod 000 makes it fail for a user (tests run as root, where it does not)."""
    write(path, GOOD_LINE + "\n")
    real = open

    def fake_open(file, *args, **kw):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, *args, **kw)
    mp.setattr(schemas, "open", fake_open, raising=False)


FILE_CASES = [
    FileCase("missing", lambda path, mp: None, (": no such file",)),
    FileCase("a-folder", _folder, (": is a folder, expected a JSONL file",)),
    FileCase("permission-denied", _denied, (": Permission denied",)),
    FileCase("binary-png", _content(PNG), (": binary data (NUL bytes), not a text file",)),
    FileCase("nul-bytes-in-text", _content(GOOD_LINE.encode() + b"\n\x00\x00\n"),
             (": binary data (NUL bytes), not a text file",)),
    # line 2 blank, line 3 Latin-1: the line is named (it was "line 0")
    FileCase("not-utf8-line-3", _content(GOOD_LINE.encode() + b"\n\n" + b'{"doc_id": "d", "text": "Caf\xe9"}\n'),
             (":3: not valid UTF-8 (byte 28 of the line)",)),
    FileCase("not-utf8-after-crlf", _content(GOOD_LINE.encode() + b"\r\n\xff\r\n"),
             (":2: not valid UTF-8 (byte 0 of the line)",)),
    FileCase("nan-literal", _content(GOOD_LINE.replace("1000", "NaN") + "\n"),
             (":1: counts.0.low: not a finite number",)),
    FileCase("infinity-literal", _content(GOOD_LINE.replace("null", "-Infinity") + "\n"),
             (":1: counts.0.high: not a finite number",)),
    FileCase("number-too-large-for-a-float", _content(GOOD_LINE.replace("1000", "1e999") + "\n"),
             (":1: counts.0.low: not a finite number",)),
    FileCase("capital-exponent-past-the-floats", _content(GOOD_LINE.replace("1000", "1E+400") + "\n"),
             (":1: counts.0.low: not a finite number",)),
    FileCase("int-past-the-floats", _content(line_with_low(str(10 ** 309))),
             (":1: counts.0.low: a number too large to compare (over 1.8e308)",)),
    FileCase("number-with-5000-digits", _content(GOOD_LINE.replace("1000", "9" * 5000) + "\n"),
             (":1: not valid JSON",)),
    FileCase("array-nested-100000-deep", _content(GOOD_LINE[:-1] + ', "x": ' + "[" * 100000 + "]" * 100000 + "}\n"),
             (":1: not valid JSON",)),
    FileCase("line-not-an-object", _content(GOOD_LINE + "\n[1, 2]\n"), (":2: not a JSON object",)),
]


def _run(role: str, bad: Path, tmp_path: Path):
    good = write(tmp_path / "good.jsonl", GOOD_LINE + "\n")
    out = tmp_path / "r.html"
    args = {"evaluate --gold": ["evaluate", "--gold", bad, "--pred", good],
            "evaluate --pred": ["evaluate", "--gold", good, "--pred", bad],
            "report CLAIMS": ["report", bad, "-o", out],
            "report --gold": ["report", good, "--gold", bad, "-o", out],
            "summarize": ["summarize", bad]}[role]
    return invoke(args)


ROLES = ["evaluate --gold", "evaluate --pred", "report CLAIMS", "report --gold", "summarize"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", FILE_CASES, ids=lambda c: c.id)
def test_bad_file(case: FileCase, role: str, tmp_path, monkeypatch):
    bad = tmp_path / "bad.jsonl"
    case.make(bad, monkeypatch)
    result = _run(role, bad, tmp_path)
    err, stdout = stderr_of(result), stdout_of(result)
    assert_ran_cleanly(result)
    assert_no_traceback(err, stdout)
    assert result.exit_code == 2, err + stdout
    assert_stderr_lines(err, [err_line(str(bad) + case.fragments[0], *case.fragments[1:])])
    assert stdout == ""
    assert not (tmp_path / "r.html").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="running as root, where chmod 000 does not stop reading (CI runs as root); the "
                           "permission-denied case of the table makes the open fail in process instead")
def test_unreadable_gold_with_chmod(tmp_path):
    gold = write(tmp_path / "gold.jsonl", GOOD_LINE + "\n")
    gold.chmod(0)
    try:
        result = _run("evaluate --gold", gold, tmp_path)
    finally:
        gold.chmod(0o644)
    assert result.exit_code == 2
    assert_stderr_lines(stderr_of(result), [err_line(f"{gold}: Permission denied")])


@pytest.mark.parametrize("data", [
    pytest.param(b"\xef\xbb\xbf" + GOOD_LINE.encode() + b"\n", id="utf8-bom"),
    pytest.param(GOOD_LINE.encode() + b"\r\n\r\n" + GOOD_LINE.replace("d#0", "d#1").encode() + b"\r\n", id="crlf"),
    pytest.param(GOOD_LINE.encode(), id="no-final-newline"),
])
def test_readable_variants_of_a_good_file(data: bytes, tmp_path):
    path = write(tmp_path / "gold.jsonl", data)
    claims = read_claims([path])
    assert claims and all(c.model_dump(exclude={"claim_id"}) == claims[0].model_dump(exclude={"claim_id"})
                          for c in claims)
    result = invoke(["evaluate", "--gold", path, "--pred", path, "--json"])
    assert result.exit_code == 0, stderr_of(result)
    assert json.loads(stdout_of(result))["overall"]["counts"]["strict"]["f1"] == 1.0


# --- odd but schema-valid values -------------------------------------------------------------------

def _with(**fields) -> dict:
    """A claim of document d whose text holds every mention's text (mentions must be in it)."""
    rec = {"doc_id": "d", "claim_id": "d#0", "text": "", "actors": [], "counts": [], "dates": [], "attribution": []}
    rec.update(fields)
    words = [m["text"] for f in ("actors", "counts", "dates", "attribution") for m in rec[f] if m.get("text")]
    if "text" not in fields:
        rec["text"] = " ".join(words)
    return rec


def _date(value: Optional[str], text: str = "then") -> dict:
    return {"text": text, "value": value, "type": "DATE"}


def _count(low, high, qualifier: str) -> dict:
    return {"text": "some", "low": low, "high": high, "qualifier": qualifier, "kind": "count", "unit": None}


ODD_VALUES = [
    ("year-9999-week-52", [_with(dates=[_date("9999-W52")])]),
    ("year-9999-winter", [_with(dates=[_date("9999-WI"), _date("9999-12-31", "later")])]),
    ("year-0000", [_with(dates=[_date("0000"), _date("0000-W01", "later")])]),
    ("decades", [_with(dates=[_date("199"), _date("000", "ago"), _date("999", "later")])]),
    ("seasons", [_with(dates=[_date(f"2025-{s}", s) for s in ("SP", "SU", "FA", "WI")])]),
    ("week-53-in-a-year-of-52", [_with(dates=[_date("2025-W53"), _date("2026-W53", "later"),
                                              _date("2025-W00", "earlier"), _date("2025-W99-WE", "once")])]),
    ("impossible-days", [_with(dates=[_date("2025-02-30"), _date("2025-13", "later"), _date("2025-00-00", "x")])]),
    ("unresolved-dates", [_with(dates=[_date(None), _date(None, "soon")])]),
    ("empty-texts", [_with(text="", actors=[{"text": "", "name": "", "type": "PERSON"}],
                           counts=[dict(_count(None, None, "range"), text="")],
                           dates=[_date(None, "")], attribution=[{"source": "", "text": "", "cue": ""}])]),
    ("attribution-without-text", [_with(text="x", attribution=[{"source": "Foro Penal", "text": None, "cue": None}])]),
    ("counts-without-bounds", [_with(counts=[_count(None, None, q) for q in
                                             ("exact", "approximate", "more_than", "at_least", "less_than",
                                              "at_most", "range")])]),
    ("huge-and-tiny-counts", [_with(counts=[_count(10 ** 300, 1.7976931348623157e308, "range"),
                                            _count(-(10 ** 308), 5e-324, "range"), _count(0.1, None, "approximate")])]),
    ("very-long-names", [_with(actors=[{"text": "N", "name": "N" * 100_000, "type": "ORG"}],
                               attribution=[{"source": "S" * 100_000, "text": "N", "cue": "said"}])]),
    ("unicode-and-markup", [_with(text="\u202eCuba\u200b said </script><!-- 🇨🇺 \n\r\u2028",
                                  actors=[{"text": "\u202eCuba", "name": "\u202eCuba", "type": "GPE"}])]),
    ("no-mentions", [_with(text="Nothing here.")]),
]


@pytest.mark.parametrize("records", [r for _, r in ODD_VALUES], ids=[i for i, _ in ODD_VALUES])
@pytest.mark.parametrize("command", ["summarize", "summarize --json", "evaluate", "report"])
def test_odd_schema_valid_values(records: list, command: str, tmp_path):
    path = write(tmp_path / "claims.jsonl", jsonl(*records))
    args = {"summarize": ["summarize", path], "summarize --json": ["summarize", path, "--json"],
            "evaluate": ["evaluate", "--gold", path, "--pred", path, "--json"],
            "report": ["report", path, "--gold", path, "-o", tmp_path / "r.html"]}[command]
    result = invoke(args)
    err, stdout = stderr_of(result), stdout_of(result)
    assert_ran_cleanly(result)
    assert result.exit_code == 0, err
    if command == "summarize --json":
        (summary,) = [json.loads(line, parse_constant=_no_constant) for line in stdout.splitlines()]
        assert summary["doc_id"] == "d" and summary["claims"] == len(records)
    elif command == "evaluate":
        assert json.loads(stdout)["overall"]["claims"]["strict"]["f1"] == 1.0
    elif command == "report":
        assert (tmp_path / "r.html").read_text(encoding="utf-8").endswith("</html>\n")
    else:
        assert stdout.startswith("== d (")


def _no_constant(name: str):
    raise AssertionError(f"{name} is not JSON")


# --- property tests --------------------------------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install hypothesis)")

from . import hypothesis_profiles  # noqa: E402,F401  (registers and loads the profile, before any settings)
from hypothesis import given, strategies as st  # noqa: E402

# Any JSON value: what a hand-edited or foreign file may hold where a field is expected.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(-(10 ** 400), 10 ** 400)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)
# Raw lines no json.dumps writes: deep nesting, literals past the floats, bare words.
RAW_VALUES = st.sampled_from(["[" * 5000 + "]" * 5000, "1e999", "-1e999", "9" * 400, "NaN", "-Infinity",
                              "1" + "0" * 4400, '"\\ud800"', "tru", "'x'", "0x10", "01", ".5", "+1", "[1,]"])
RECORD_FIELDS = ["doc_id", "claim_id", "doc_date", "text", "start", "end", "actors", "counts", "dates",
                 "attribution", "decisions"]
MENTION_KEYS = {"actors": ["text", "name", "type", "start", "end"],
                "counts": ["text", "low", "high", "qualifier", "kind", "unit", "start", "end"],
                "dates": ["text", "value", "type", "start", "end"],
                "attribution": ["source", "text", "cue", "start", "end"]}
VALID = {"doc_id": "d", "claim_id": "d#0", "doc_date": "2026-01-31",
         "text": "Foro Penal said 40 people were held in Havana on January 3.", "start": 0, "end": 59,
         "actors": [{"text": "Havana", "name": "Havana", "type": "GPE", "start": 39, "end": 45}],
         "counts": [{"text": "40 people", "low": 40, "high": 40, "qualifier": "exact", "kind": "count",
                     "unit": "people", "start": 16, "end": 25}],
         "dates": [{"text": "January 3", "value": "2026-01-03", "type": "DATE", "start": 49, "end": 58}],
         "attribution": [{"source": "Foro Penal", "text": "Foro Penal", "cue": "said", "start": 0, "end": 10}]}


@st.composite
def damaged_lines(draw) -> str:
    """A valid claim with one field, or one key of one mention, set to an arbitrary JSON value."""
    record = json.loads(json.dumps(VALID))
    field = draw(st.sampled_from(RECORD_FIELDS))
    value = draw(JSON_VALUES)
    if field in MENTION_KEYS and draw(st.booleans()):
        record[field][0][draw(st.sampled_from(MENTION_KEYS[field]))] = "@RAW@"
    else:
        record[field] = "@RAW@"
    raw = draw(RAW_VALUES) if draw(st.integers(0, 4)) == 0 else json.dumps(value, ensure_ascii=draw(st.booleans()))
    return json.dumps(record).replace('"@RAW@"', raw)


def _use(claims) -> None:
    """Everything the commands do with claims that were read: none may raise but the documented
    errors (``EvaluationError`` when gold and predictions cannot be compared, ``ReportError``)."""
    summaries = summarize(claims)
    format_summary(summaries)
    json.dumps(summaries, ensure_ascii=False, allow_nan=False)
    try:
        evaluate_records(claims, claims)
        render_report(claims, claims)
    except (EvaluationError, ReportError):
        pass
    render_report(claims)


@given(lines=st.lists(damaged_lines(), min_size=1, max_size=3))
def test_any_json_value_in_any_field(lines, tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    try:
        claims = read_claims([path])
    except EvaluationError as exc:
        message = str(exc)
        assert message.startswith(f"{path}:") and len(message.splitlines()) == 1, message
        return
    _use(claims)


# The value space of the schema: TIMEX3 values of every granularity, counts with or without
# bounds, names and texts of any characters (mentions are placed inside their claim's text).
TIMEX = st.from_regex(schemas.TIMEX_RE, fullmatch=True) | st.none()
TEXTS = st.text(max_size=20) | st.sampled_from(["", " ", "N" * 5000, "\n", "</script>"])
NUMBERS = st.none() | st.integers(-(10 ** 308), 10 ** 308) | st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def valid_claims(draw) -> dict:
    mentions = {
        "actors": draw(st.lists(st.fixed_dictionaries({"text": TEXTS, "name": TEXTS, "type": st.sampled_from(
            ["PERSON", "ORG", "GPE", "NORP"])}), max_size=3)),
        "counts": draw(st.lists(st.fixed_dictionaries({
            "text": TEXTS, "low": NUMBERS, "high": NUMBERS, "qualifier": st.sampled_from(
                ["exact", "approximate", "more_than", "at_least", "less_than", "at_most", "range"]),
            "kind": st.sampled_from(["count", "percent", "money", "measure"]), "unit": st.none() | TEXTS}),
            max_size=3)),
        "dates": draw(st.lists(st.fixed_dictionaries({"text": TEXTS, "value": TIMEX, "type": st.sampled_from(
            ["DATE", "DURATION", "SET", "TIME"])}), max_size=3)),
        "attribution": draw(st.lists(st.fixed_dictionaries({"source": TEXTS, "text": st.none() | TEXTS,
                                                            "cue": st.none() | TEXTS}), max_size=2)),
    }
    text = " ".join(m["text"] for ms in mentions.values() for m in ms if m.get("text")) + draw(TEXTS)
    return {"doc_id": draw(st.sampled_from(["a", "b", "\u00e9\n"])), "text": text, **mentions}


@given(records=st.lists(valid_claims(), min_size=1, max_size=4))
def test_schema_valid_records_are_summarised_scored_and_reported(records, tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    claims = read_claims([path])
    assert len(claims) == len(records)
    _use(claims)
    overall = evaluate_records(claims, claims)["overall"]
    json.dumps(overall, allow_nan=False)
    assert all(0 <= part[k] <= 1 for f in overall.values() if "strict" in f for part in f.values()
               for k in ("precision", "recall", "f1"))


# File names: unicode, spaces, newlines, control characters, bytes that are not UTF-8.
NAME_CHARS = st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",))
NAMES = (st.text(NAME_CHARS, min_size=1, max_size=30)
         | st.binary(min_size=1, max_size=30).map(lambda b: os.fsdecode(b.replace(b"/", b"_").replace(b"\0", b"_"))))
BAD_CONTENTS = [b"", b"{oops\n", PNG, b'{"doc_id": "d", "text": "\xe9"}\n', b'{"doc_id": "d", "text": 1}\n', None]


@given(name=NAMES, content=st.sampled_from(BAD_CONTENTS))
def test_file_names_stay_on_one_line_of_utf8(name: str, content: Optional[bytes], tmp_path):
    if name in (".", "..") or len(os.fsencode(name)) > 255:
        return
    path = tmp_path / name
    if path.exists():
        path.unlink()
    if content is not None:
        path.write_bytes(content)
    try:
        claims = read_claims([path])
        evaluate_records(claims, claims)  # an empty file: no gold claims
    except EvaluationError as exc:
        message = str(exc)
        assert len(message.splitlines()) == 1 and message.isprintable(), repr(message)
        message.encode("utf-8")  # no lone surrogate of an undecodable name
        if content is not None and message.startswith(str(tmp_path)):
            assert message.startswith(f"{tmp_path}/{schemas.printable(name)}:"), (message, name)
    else:
        raise AssertionError(f"{content!r} was read as claims")


@pytest.mark.parametrize("name", ["new\nline.jsonl", "esc\x1b[31mred.jsonl", "tab\t and\rcr.jsonl",
                                  "sep\u2028ara\u2029tor\x85.jsonl", "caf\udce9.jsonl", "spaced name é.jsonl"])
def test_cli_error_for_an_odd_file_name_is_one_line(name: str, tmp_path):
    path = tmp_path / name
    path.write_bytes(b"{oops\n")
    result = invoke(["summarize", path])
    err = stderr_of(result)
    assert result.exit_code == 2
    assert_stderr_lines(err, [err_line(f"{schemas.printable(str(path))}:1: not valid JSON")])
    assert name.isprintable() or schemas.printable(name) != name


def test_report_error_naming_an_odd_document_id_is_one_line(tmp_path):
    record = dict(GOLD, doc_id="d\nforged: line", claim_id="d\n#0")
    path = write(tmp_path / "claims.jsonl", jsonl(record))
    with pytest.raises(ReportError) as info:
        render_report(read_claims([path]), documents={"d\nforged: line": "Another text entirely, of some length."})
    assert str(info.value).startswith("d\\nforged: line: the text of claim d\\n#0 is not at its offsets")
