"""Bad input, end to end: for each case the exit code, the lines on stderr, the records written.

One table (``CASES``) drives ``extractor extract`` in process (the model is built once and shared
by patching ``extractor.pipeline.build``); ``EVAL_CASES`` does the same for ``evaluate`` and
``report``. A few cases need a real process: broken pipes, SIGINT/SIGTERM in the middle of a run,
the default --max-chars on a 20 MB file. The rules every case obeys:

- exit 0: every document was read (a document with no claims is not an error);
- exit 1: some document was bad: one line ``extractor: error: SOURCE: reason`` for each, the
  other documents are written, and ``OUT.errors.jsonl`` lists the bad ones when -o is given;
- exit 2: bad usage (a path that does not exist, an output that cannot be written): one line
  ``extractor: error: ...`` and nothing is processed;
- never a Python traceback; every record written validates and its offsets index the text.

The README section "Bad inputs" is the table of these cases for users.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Union

import pytest

from extractor.schemas import Claim

from .conftest import ROOT
from .test_cli import MENTION_FIELDS, invoke, stderr_of, stdout_of

# --- helpers -------------------------------------------------------------------------------------

GOOD = "Foro Penal reported 40 new detentions in Havana on January 3.\n"
GOOD2 = "Amnesty International said more than 300 prisoners were freed last week.\n"


def write(path: Path, content: Union[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def parse_jsonl(text: str) -> list[dict]:
    assert text == "" or text.endswith("\n"), "JSONL output ends with a newline"
    return [json.loads(line) for line in text.split("\n") if line != ""]


def check_records(records: list[dict], documents: dict[str, str]) -> None:
    """Each record validates; document[start:end] == text for the claim and every mention;
    claims of a document in order, numbered from 0, not overlapping."""
    last_end: dict[str, int] = {}
    position: dict[str, int] = {}
    for r in records:
        Claim.model_validate(r)
        doc = documents[r["doc_id"]]
        assert doc[r["start"]:r["end"]] == r["text"], r["claim_id"]
        assert r["start"] >= last_end.get(r["doc_id"], 0), r["claim_id"]
        last_end[r["doc_id"]] = r["end"]
        n = position.get(r["doc_id"], 0)
        assert r["claim_id"] == f"{r['doc_id']}#{n}"
        position[r["doc_id"]] = n + 1
        for f in MENTION_FIELDS:
            for m in r[f]:
                if m.get("start") is not None:
                    assert doc[m["start"]:m["end"]] == m["text"], (r["claim_id"], f, m)
                    assert r["start"] <= m["start"] <= m["end"] <= r["end"], (r["claim_id"], f, m)
        for c in r["counts"]:
            if c["low"] is not None and c["high"] is not None:
                assert c["low"] <= c["high"], c


def assert_no_traceback(*texts: str) -> None:
    for t in texts:
        assert "Traceback" not in t, t


def assert_stderr_lines(err: str, expected: list[tuple[str, ...]]) -> None:
    """stderr is exactly len(expected) lines; line k contains every fragment of expected[k]."""
    lines = err.splitlines()
    assert len(lines) == len(expected), err
    for line, frags in zip(lines, expected):
        for frag in frags:
            assert frag in line, (frag, line, err)


@pytest.fixture(scope="module")
def shared_model(nlp):
    """``extractor extract`` in process builds the model once per module, not once per case."""
    import extractor.pipeline as pipeline

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "build", lambda model=pipeline.DEFAULT_MODEL: nlp)
        yield nlp


# --- the table ------------------------------------------------------------------------------------

DONE = "extractor: done:"


def err_line(*frags: str) -> tuple[str, ...]:
    return ("extractor: error: ",) + frags


@dataclass
class Case:
    """``build(tmp)`` writes the inputs and returns (CLI args after 'extract', {doc_id: text} of
    the documents whose claims may be written). ``stderr`` has one tuple of fragments per line.
    ``records`` is the number of records or a predicate over them; ``output`` says whether the
    run writes -o OUT (then ``errors`` is the number of lines in OUT.errors.jsonl)."""
    id: str
    build: Callable[[Path], tuple[list, dict]]
    exit: int
    stderr: list[tuple[str, ...]]
    records: Union[int, Callable[[list[dict]], bool]]
    output: bool = False
    errors: int = 0
    stdin: Optional[str] = None
    bug: Optional[str] = None
    setup: Optional[Callable] = None     # (monkeypatch, tmp) -> None, for faults a test cannot make on disk


def one_file(name: str, content, extra=(), text: Optional[str] = None):
    """One file; ``text`` is what it decodes to when ``content`` is bytes."""
    def build(tmp: Path):
        p = write(tmp / name, content)
        return [p, *extra], {p.stem: content if isinstance(content, str) else text}
    return build


def with_good(name: str, content, extra=()):
    """A bad file between two good ones: the good ones are still written, in order."""
    def build(tmp: Path):
        a = write(tmp / "a-good.txt", GOOD)
        bad = write(tmp / name, content)
        z = write(tmp / "z-good.txt", GOOD2)
        return [a, bad, z, *extra], {"a-good": GOOD, "z-good": GOOD2}
    return build


def jsonl_with_good(line: str, extra=()):
    """A bad JSONL line 2 between two good records."""
    def build(tmp: Path):
        p = write(tmp / "in.jsonl", jsonl({"id": "r1", "text": GOOD}, line, {"id": "r3", "text": GOOD2}))
        return [p, *extra], {"r1": GOOD, "r3": GOOD2}
    return build


def ids(*expected: str) -> Callable[[list[dict]], bool]:
    def pred(records):
        return [r["doc_id"] for r in records] == list(expected)
    pred.__name__ = f"doc ids {list(expected)}"
    return pred


def at_least(n: int) -> Callable[[list[dict]], bool]:
    def pred(records):
        return len(records) >= n
    pred.__name__ = f"at least {n} records"
    return pred


# Short texts with the characters that trip tokenisers and offset arithmetic.
EMOJI = ("Amnesty International said 😀 40 people 👨\u200d👩\u200d👧 were freed on Monday.\n"
         "Foro\u200b Penal counted 12\u200d detainees \ufeffin Havana.\n"
         "Officials said \u202e300 prisoners\u202c were held. قال المسؤولون إن 40 شخصا اعتقلوا.\n"
         "The ministry said שלום 25 people were arrested in Tel Aviv.\n")
QUOTES = ("“We will not stop,” said Delcy Rodríguez, adding that 40 people were freed.\n"
          "\"The NGO counted 300 detainees, he said.\n"
          "‘It is a farce’ said the lawyer. ”Backwards” quotes ‘ and “ lone ones ” too.\n"
          "\"\"\"\"\n")
FOREIGN = ("El gobierno dijo que 300 presos fueron liberados el lunes, según Foro Penal.\n"
           "中国政府周一表示，有40人被释放。\n"
           "Правительство заявило, что 300 заключенных освобождены.\n")
BOILERPLATE = "Related videos:\nFiled under:\nSituation in Cuba\nShare this article\n\n"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00;"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
BAD_UTF8_BOM = b"\xef\xbb\xbfDelcy Rodr\xc3\xadguez said 40 people were freed \xff on Monday.\n"
BAD_UTF8_HTML = (b'<html><head><meta charset="utf-8"><title>T</title></head><body><article><p>The ministry said '
                 b"40 people were \xff\xfe arrested on Monday in the capital of the country, according to "
                 b"Amnesty International.</p></article></body></html>")
BAD_UTF8_PLAIN = b"Delcy Rodr\xc3\xadguez said 40 people were freed \xff on Monday.\n"
CP1252 = "Caf\u00e9 owners said \u201c30 workers\u201d left on Monday.\n"


def _missing_then_good(tmp: Path):
    good = write(tmp / "good.txt", GOOD)
    return [good, tmp / "nope.txt"], {}


def _output_missing_folder(tmp: Path):
    good = write(tmp / "good.txt", GOOD)
    return [good, "-o", tmp / "missing" / "out.jsonl"], {}


def _output_is_input(tmp: Path):
    good = write(tmp / "good.txt", GOOD)
    return [good, "-o", good], {}


def _output_is_input_via_symlink(tmp: Path):
    good = write(tmp / "good.jsonl", jsonl({"id": "r1", "text": GOOD}))
    (tmp / "link.jsonl").symlink_to(good)
    return [good, "-o", tmp / "link.jsonl"], {}


def _output_inside_input_folder(tmp: Path):
    """The second run of `extract FOLDER -o FOLDER/claims.jsonl`: the first run's output now
    sits in the input folder."""
    folder = tmp / "in"
    write(folder / "a.txt", GOOD)
    write(folder / "claims.jsonl", jsonl({"doc_id": "a", "claim_id": "a#0", "doc_date": None, "text": GOOD.strip(),
                                          "start": 0, "end": len(GOOD.strip()), "actors": [], "counts": [],
                                          "dates": [], "attribution": []}))
    return [folder, "-o", folder / "claims.jsonl"], {"a": GOOD}


def _resume_without_output(tmp: Path):
    return [write(tmp / "good.txt", GOOD), "--resume"], {}


def _duplicate_across_files(tmp: Path):
    a = write(tmp / "x" / "same.txt", GOOD)
    b = write(tmp / "y" / "same.txt", GOOD2)
    return [a, b], {"same": GOOD}


def _duplicate_in_jsonl(tmp: Path):
    p = write(tmp / "in.jsonl", jsonl({"id": "r1", "text": GOOD}, {"id": "r1", "text": GOOD2},
                                      {"id": "r3", "text": GOOD2}))
    return [p], {"r1": GOOD, "r3": GOOD2}


def _too_long(tmp: Path):
    long = "The ministry said 40 people were arrested. " * 10 + "\n"
    a = write(tmp / "a-good.txt", GOOD)
    b = write(tmp / "long.txt", long)
    return [a, b, "--max-chars", "200"], {"a-good": GOOD}


def _binary_jsonl(tmp: Path):
    a = write(tmp / "a-good.txt", GOOD)
    b = write(tmp / "data.jsonl", PNG)
    return [a, b], {"a-good": GOOD}


def _unreadable_file(tmp: Path):
    return with_good("locked.txt", GOOD)(tmp)


def _deny_read(name: str):
    """Reading the file ``name`` fails as chmod 000 makes it fail (tests run as root in CI,
    where permissions do not bind)."""
    def setup(mp, tmp: Path):
        real = Path.read_bytes

        def read_bytes(self):
            if self.name == name:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)
        mp.setattr(Path, "read_bytes", read_bytes)
    return setup


def _deny_listing(folder_name: str):
    def setup(mp, tmp: Path):
        real = Path.iterdir

        def iterdir(self):
            if self.name == folder_name:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)
        mp.setattr(Path, "iterdir", iterdir)
    return setup


def _unreadable_subfolder(tmp: Path):
    root = tmp / "in"
    write(root / "a.txt", GOOD)
    (root / "b-locked").mkdir(parents=True)
    write(root / "b-locked" / "x.txt", GOOD)
    write(root / "c.txt", GOOD2)
    return [root], {"a": GOOD, "c": GOOD2}


def _unreadable_top_folder(tmp: Path):
    a = write(tmp / "a-good.txt", GOOD)
    (tmp / "locked").mkdir()
    write(tmp / "locked" / "x.txt", GOOD)
    z = write(tmp / "z-good.txt", GOOD2)
    return [a, tmp / "locked", z], {"a-good": GOOD, "z-good": GOOD2}


def _long_line(tmp: Path):
    # 400,000 characters, one line, no sentence punctuation. Long words keep the token count
    # (what the model's time depends on) to ~30,000; a line of short words takes ~25 s.
    words = ("representatives internationally acknowledged 1,234,567 administrators "
             "counterrevolutionaries Havana-based organizations")
    line = (words + " ") * (400_000 // (len(words) + 1) + 1)
    line = line[:399_999] + "x"
    assert len(line) == 400_000 and "\n" not in line and "." not in line
    return one_file("long-line.txt", line)(tmp)


# --- issue 14: reading faults, names, folder walks, output targets ---------------------------------

def _html(charset: str) -> bytes:
    return (f'<html><head><meta charset="{charset}"><title>T</title></head><body><article><p>The ministry '
            "said 40 people were arrested on Monday in the capital of the country, according to Amnesty "
            "International.</p></article></body></html>").encode("ascii")


def _import_fails_in_html(mp, tmp: Path):
    """The first HTML page meets an ImportError (a broken optional dependency): that page fails."""
    import extractor.io.readers as readers

    def broken(html):
        raise ImportError("cannot import name 'bare_extraction' from 'trafilatura'")
    mp.setattr(readers, "html_to_text", broken)


def _meta_date(value):
    def build(tmp: Path):
        a = write(tmp / "a-good.txt", GOOD)
        doc = write(tmp / "dated.txt", GOOD2)
        write(tmp / "dated.meta.json", json.dumps({"date": value}))
        return [a, doc], {"a-good": GOOD}
    return build


def _duplicate_in_jsonl_with_output(tmp: Path):
    args, docs = _duplicate_in_jsonl(tmp)
    return [*args, "-o", tmp / "out.jsonl"], docs


def _symlink_loop(tmp: Path):
    root = tmp / "in"
    write(root / "a.txt", GOOD)
    write(root / "c.txt", GOOD2)
    (root / "sub").mkdir()
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)
    return [root], {"a": GOOD, "c": GOOD2}


def _folder_linked_twice(tmp: Path):
    root = tmp / "in"
    write(root / "a" / "x.txt", GOOD)
    (root / "b").symlink_to(root / "a", target_is_directory=True)
    return [root], {"x": GOOD}


def _deep_tree(tmp: Path):
    """1,000 nested folders (the recursion limit is 1,000 frames) with a document at the bottom."""
    deep = str(tmp / "in")
    os.mkdir(deep)
    for _ in range(1000):  # one level at a time: os.makedirs itself recurses once per level
        deep += "/d"
        os.mkdir(deep)
    deep = Path(deep)
    write(deep / "bottom.txt", GOOD)
    return [tmp / "in"], {"bottom": GOOD}


FORGED = "evil\nextractor: error: forged.txt: binary data\x1b[2K.txt"


def _newline_in_name(tmp: Path):
    a = write(tmp / "a-good.txt", GOOD)
    bad = write(tmp / FORGED, GIF)
    return [a, bad, "-o", tmp / "out.jsonl"], {"a-good": GOOD}


def _non_utf8_name(tmp: Path):
    """A file name whose bytes are not UTF-8 (Latin-1 "café"): Python holds it with surrogates."""
    p = write(tmp / os.fsdecode(b"caf\xe9.txt"), GOOD)
    return [p, "-o", tmp / "out.jsonl"], {"caf\\xe9": GOOD}


def _partial_is_a_folder(tmp: Path):
    good = write(tmp / "good.txt", GOOD)
    (tmp / "out.jsonl.partial").mkdir()
    return [good, "-o", tmp / "out.jsonl"], {}


def _locked_output(tmp: Path):
    """Another run holds the output's lock (here: the test, through the same flock)."""
    import fcntl

    good = write(tmp / "good.txt", GOOD)
    holder = open(tmp / "out.jsonl.lock", "w")
    fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _HELD.append(holder)
    return [good, "-o", tmp / "out.jsonl"], {}


_HELD: list = []  # lock holders of the case above, closed (released) when the module ends


CASES = [
    # --- files with nothing to claim: not errors ---
    Case("empty-file", one_file("empty.txt", ""), 0, [(DONE, "1 document,", "0 claims", "0 errors")], 0),
    Case("whitespace-only", one_file("ws.txt", "  \n\t\r\n \u00a0\n\n"), 0, [(DONE, "0 claims", "0 errors")], 0),
    Case("boilerplate-only", one_file("bp.txt", BOILERPLATE), 0, [(DONE, "0 claims", "0 errors")], 0),
    Case("only-numbers", one_file("nums.txt", "12 345 6.7\n1,000 2,000 -3\n2025\n"), 0, [(DONE, "0 errors")], 0),
    # --- unreadable documents: exit 1, the others written ---
    Case("binary-gif-as-txt", with_good("image.txt", GIF), 1,
         [err_line("image.txt: binary data (NUL bytes), not a text file"), (DONE, "3 documents", "1 error")],
         ids("a-good", "z-good")),
    Case("binary-png-as-html-with-output", with_good("image.html", PNG, ["-o", "{tmp}/out.jsonl"]), 1,
         [err_line("image.html: binary data"), (DONE, "1 error", "out.errors.jsonl")],
         ids("a-good", "z-good"), output=True, errors=1),
    Case("invalid-utf8-after-utf8-bom", with_good("bom.txt", BAD_UTF8_BOM), 1,
         [err_line("bom.txt: invalid utf-8 at byte 43"), (DONE, "1 error")], ids("a-good", "z-good")),
    Case("invalid-utf8-in-html-declaring-utf8", with_good("page.html", BAD_UTF8_HTML), 1,
         [err_line("page.html: invalid UTF-8 at byte", "declares utf-8"), (DONE, "1 error")],
         ids("a-good", "z-good")),
    Case("invalid-utf8-undeclared", with_good("plain.txt", BAD_UTF8_PLAIN), 1,
         [err_line("plain.txt: not valid UTF-8 (byte 43) and no text encoding could be detected"), (DONE, "1 error")],
         ids("a-good", "z-good")),
    Case("html-without-article-text",
         with_good("nav.html", "<html><head><title>Home</title></head><body><script>var a = 1;</script></body>"
                               "</html>"), 1,
         [err_line("nav.html: no article text found in the HTML"), (DONE, "1 error")], ids("a-good", "z-good")),
    Case("binary-jsonl-file", _binary_jsonl, 1, [err_line("data.jsonl: binary data"), (DONE, "1 error")],
         ids("a-good")),
    Case("document-over-max-chars", _too_long, 1,
         [err_line("long.txt: document too long: 431 characters (the limit is --max-chars 200)"), (DONE, "1 error")],
         ids("a-good")),
    Case("unreadable-file", _unreadable_file, 1, [err_line("locked.txt: Permission denied"), (DONE, "1 error")],
         ids("a-good", "z-good"), setup=_deny_read("locked.txt")),
    Case("unreadable-folder-given", _unreadable_top_folder, 1,
         [err_line("locked: cannot list the folder: Permission denied"), (DONE, "1 error")], ids("a-good", "z-good"),
         setup=_deny_listing("locked")),
    Case("unreadable-subfolder-inside-folder", _unreadable_subfolder, 1,
         [err_line("b-locked: cannot list the folder: Permission denied"), (DONE, "1 error")], ids("a", "c"),
         setup=_deny_listing("b-locked")),
    # --- text that is odd but readable: exit 0, offsets exact ---
    Case("cp1252-file-is-detected", one_file("cp.txt", CP1252.encode("cp1252"), text=CP1252), 0,
         [(DONE, "1 claim,", "0 errors")],
         lambda rs: [r["text"] for r in rs] == [CP1252.strip()]),
    Case("other-languages", one_file("foreign.txt", FOREIGN), 0, [(DONE, "0 errors")], at_least(1)),
    Case("emoji-zero-width-rtl", one_file("emoji.txt", EMOJI), 0, [(DONE, "0 errors")], at_least(3)),
    Case("unbalanced-and-curly-quotes", one_file("quotes.txt", QUOTES), 0, [(DONE, "0 errors")], at_least(3)),
    Case("crlf-and-lone-cr", one_file("crlf.txt", "Foro Penal reported 40 detentions.\r\nAmnesty said 3 died.\r"
                                                  "Officials said 7 were freed.\r\n"), 0, [(DONE, "0 errors")],
         at_least(2)),
    # --- JSONL records: a bad line is a bad document ---
    Case("jsonl-line-not-json", jsonl_with_good('{"id": "r2", "text": '), 1,
         [err_line("in.jsonl:2: not valid JSON"), (DONE, "1 error")], ids("r1", "r3")),
    Case("jsonl-line-not-an-object", jsonl_with_good('["r2", "text"]'), 1,
         [err_line("in.jsonl:2: not a JSON object"), (DONE, "1 error")], ids("r1", "r3")),
    Case("jsonl-line-without-text", jsonl_with_good('{"id": "r2"}'), 1,
         [err_line("in.jsonl:2: text: Field required"), (DONE, "1 error")], ids("r1", "r3")),
    Case("jsonl-line-without-id", jsonl_with_good('{"text": "Amnesty said 3 died."}'), 1,
         [err_line("in.jsonl:2: id: Field required"), (DONE, "1 error")], ids("r1", "r3")),
    Case("jsonl-text-not-a-string", jsonl_with_good('{"id": "r2", "text": 42}'), 1,
         [err_line("in.jsonl:2: text: Input should be a valid string"), (DONE, "1 error")], ids("r1", "r3")),
    Case("jsonl-text-null", jsonl_with_good('{"id": "r2", "text": null}'), 1,
         [err_line("in.jsonl:2: text:"), (DONE, "1 error")], ids("r1", "r3")),
    Case("jsonl-date-not-a-date", jsonl_with_good('{"id": "r2", "text": "Amnesty said 3 died.", "date": "yesterday"}'),
         1, [err_line("in.jsonl:2: date:"), (DONE, "1 error")], ids("r1", "r3")),
    Case("jsonl-date-impossible", jsonl_with_good('{"id": "r2", "text": "Amnesty said 3 died.", "date": "2025-02-30"}'),
         1, [err_line("in.jsonl:2: date:"), (DONE, "1 error")], ids("r1", "r3")),
    Case("jsonl-duplicate-id", _duplicate_in_jsonl, 1,
         [err_line("in.jsonl:2: duplicate document id 'r1' (first in", "in.jsonl:1)"), (DONE, "1 error")],
         ids("r1", "r3")),
    Case("jsonl-bad-line-with-output", jsonl_with_good("not json at all", ["-o", "{tmp}/out.jsonl"]), 1,
         [err_line("in.jsonl:2: not valid JSON"), (DONE, "1 error", "out.errors.jsonl")], ids("r1", "r3"),
         output=True, errors=1),
    Case("stdin-bad-line", lambda tmp: (["-"], {"r1": GOOD, "r3": GOOD2}), 1,
         [err_line("<stdin>:2: not valid JSON"), (DONE, "1 error")], ids("r1", "r3"),
         stdin=jsonl({"id": "r1", "text": GOOD}, "{oops", {"id": "r3", "text": GOOD2})),
    Case("duplicate-id-across-files", _duplicate_across_files, 1,
         [err_line("same.txt: duplicate document id 'same'"), (DONE, "1 error")], ids("same")),
    Case("quiet-run-has-only-the-error-line", with_good("image.txt", GIF, ["-q"]), 1,
         [err_line("image.txt: binary data")], ids("a-good", "z-good")),
    # --- issue 14: a failure reading one input fails that document alone ---
    Case("html-charset-base64", with_good("b64.html", _html("base64")), 1,
         [err_line("b64.html: the declared charset 'base64' is not a text encoding"), (DONE, "3 documents", "1 error")],
         ids("a-good", "z-good")),
    Case("html-charset-rot13", with_good("rot.html", _html("rot13")), 1,
         [err_line("rot.html: the declared charset 'rot13' is not a text encoding"), (DONE, "1 error")],
         ids("a-good", "z-good")),
    Case("html-charset-zlib-and-hex", lambda tmp: (
        [write(tmp / "a-good.txt", GOOD), write(tmp / "z.html", _html("zlib")), write(tmp / "h.html", _html("hex"))],
        {"a-good": GOOD}), 1,
         [err_line("z.html: the declared charset 'zlib'"), err_line("h.html: the declared charset 'hex'"),
          (DONE, "2 errors")], ids("a-good")),
    Case("html-import-error", with_good("page.html", _html("utf-8")), 1,
         [err_line("page.html: cannot read: ImportError: cannot import name"), (DONE, "1 error")],
         ids("a-good", "z-good"), setup=_import_fails_in_html),
    # --- issue 14: nothing dropped silently ---
    Case("jsonl-duplicate-id-with-output", _duplicate_in_jsonl_with_output, 1,
         [err_line("in.jsonl:2: duplicate document id 'r1' (first in", "in.jsonl:1)"),
          (DONE, "1 error", "out.errors.jsonl")], ids("r1", "r3"), output=True, errors=1),
    *(Case(f"jsonl-date-{name}", jsonl_with_good(json.dumps({"id": "r2", "text": "Amnesty said 3 died.", "date": v})),
           1, [err_line("in.jsonl:2: date: must be an ISO date string YYYY-MM-DD, not"), (DONE, "1 error")],
           ids("r1", "r3"))
      for name, v in [("zero", 0), ("unix-timestamp", 1767225600), ("zero-string", "0"), ("true", True),
                      ("float", 1.5), ("list", [2026, 1, 31])]),
    Case("meta-json-numeric-date", _meta_date(1767225600), 1,
         [err_line("dated.txt: invalid metadata in dated.meta.json (must be an ISO date string"), (DONE, "1 error")],
         ids("a-good")),
    # --- issue 14: folder walks ---
    Case("symlink-loop-reported-once", _symlink_loop, 1,
         [err_line("sub/back: symlink loop: it leads back to", "in, not followed"), (DONE, "3 documents", "1 error")],
         ids("a", "c")),
    Case("folder-linked-twice-read-once", _folder_linked_twice, 0, [(DONE, "1 document,", "0 errors")], ids("x")),
    Case("tree-1000-folders-deep", _deep_tree, 0, [(DONE, "1 document,", "0 errors")], ids("bottom")),
    # --- issue 14: names that are not plain text ---
    Case("newline-and-escape-in-file-name", _newline_in_name, 1,
         [err_line("evil\\nextractor: error: forged.txt: binary data\\x1b[2K.txt: binary data (NUL bytes)"),
          (DONE, "1 error")], ids("a-good"), output=True, errors=1),
    Case("file-name-not-utf8", _non_utf8_name, 0, [(DONE, "1 document,", "0 errors")],
         lambda rs: {r["source"].rsplit("/", 1)[1] for r in rs} == {"caf\\xe9.txt"}, output=True),
    # --- issue 14: outputs that cannot be written ---
    Case("output-partial-is-a-folder", _partial_is_a_folder, 2,
         [err_line("out.jsonl.partial: cannot write the output: it is a folder")], 0),
    Case("output-locked-by-another-run", _locked_output, 2,
         [err_line("out.jsonl: another extractor run is writing this output", "out.jsonl.lock")], 0),
    # --- usage errors: exit 2, one line, nothing processed ---
    Case("path-does-not-exist", _missing_then_good, 2, [err_line("nope.txt: no such file or folder")], 0),
    Case("output-folder-does-not-exist", _output_missing_folder, 2, [err_line("missing", "does not exist")], 0),
    Case("output-is-an-input", _output_is_input, 2, [err_line("the output file is also an input")], 0),
    Case("output-is-an-input-via-symlink", _output_is_input_via_symlink, 2,
         [err_line("the output file is also an input")], 0),
    Case("resume-without-output", _resume_without_output, 2, [err_line("--resume needs --output")], 0),
    Case("output-inside-an-input-folder", _output_inside_input_folder, 0, [(DONE, "1 document,", "0 errors")],
         ids("a"), output=True),
]


def _names(root: Path) -> list[str]:
    """The names of everything under ``root``, sorted; an explicit stack, for trees deeper than
    the recursion limit (``Path.rglob`` and, before Python 3.12, ``os.walk`` recurse)."""
    names, stack = [], [str(root)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                names.append(entry.name)
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
    return sorted(names)


def _remove_tree(root: Path) -> None:
    """Remove what a case made under ``root`` without recursion (pytest's clean-up of old temporary
    folders uses ``shutil.rmtree``, which recurses once per level and fails on the 1,000-deep tree)."""
    folders, stack = [], [str(root)]
    while stack:
        folder = stack.pop()
        folders.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)
    for folder in reversed(folders[1:]):
        os.rmdir(folder)


def _fmt(arg, tmp: Path) -> str:
    return str(arg).replace("{tmp}", str(tmp))


def _params(cases):
    """One param per case; a case with a known bug is a strict xfail naming it."""
    return [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason="BUG: " + c.bug)] if c.bug else [])
            for c in cases]


@pytest.fixture
def case_folder(tmp_path):
    yield tmp_path
    _remove_tree(tmp_path)


@pytest.mark.parametrize("case", _params(CASES))
def test_bad_input(case: Case, case_folder, shared_model, monkeypatch):
    tmp_path = case_folder
    args, documents = case.build(tmp_path)
    args = [_fmt(a, tmp_path) for a in args]
    if case.setup is not None:
        case.setup(monkeypatch, tmp_path)
    out = next((Path(args[k + 1]) for k, a in enumerate(args) if a == "-o"), None)
    before = _names(tmp_path)
    result = invoke(["extract", *args, "-j", "1"], input=case.stdin)
    err, stdout = stderr_of(result), stdout_of(result)
    assert_no_traceback(err, stdout)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == case.exit, err
    assert_stderr_lines(err, case.stderr)
    if case.exit == 2:
        # nothing processed, nothing written
        assert stdout == ""
        assert _names(tmp_path) == before
        return
    if case.output:
        assert stdout == ""
        records = parse_jsonl(out.read_text(encoding="utf-8"))
        errors_file = out.with_name(out.stem + ".errors.jsonl")
        if case.errors:
            errors = parse_jsonl(errors_file.read_text(encoding="utf-8"))
            assert len(errors) == case.errors
            assert all(set(e) == {"doc_id", "source", "error"} for e in errors)
        else:
            assert not errors_file.exists()
        assert not [n for n in _names(tmp_path) if n.endswith((".partial", ".progress", ".lock"))]
    else:
        records = parse_jsonl(stdout)
    if isinstance(case.records, int):
        assert len(records) == case.records, records
    else:
        assert case.records(records), (case.records.__name__, [r["doc_id"] for r in records])
    check_records(records, documents)


def test_400000_character_line_without_punctuation(tmp_path, shared_model):
    # Correctness only: how long such input takes is a speed figure, measured by bench/longdoc.py
    # (a wall-clock bound here failed whenever the shared machine was busy).
    args, documents = _long_line(tmp_path)
    result = invoke(["extract", *args, "-j", "1", "-q"])
    err, stdout = stderr_of(result), stdout_of(result)
    assert_no_traceback(err, stdout)
    assert result.exit_code == 0, err
    assert err == ""
    records = parse_jsonl(stdout)
    assert len(records) >= 1
    check_records(records, documents)


# --- evaluate and report --------------------------------------------------------------------------

GOLD = {"doc_id": "d", "claim_id": "d#0", "text": "Cuba holds more than 1,000 prisoners.", "start": 0, "end": 37,
        "counts": [{"text": "more than 1,000 prisoners", "low": 1000, "high": None, "qualifier": "more_than",
                    "unit": "prisoners"}]}
DOC = "Cuba holds more than 1,000 prisoners.\n"


@dataclass
class EvalCase:
    id: str
    gold: list
    pred: list
    exit: int
    fragments: tuple
    command: str = "evaluate"
    bug: Optional[str] = None


EVAL_CASES = [
    EvalCase("gold-unknown-qualifier", [GOLD, dict(GOLD, counts=[dict(GOLD["counts"][0], qualifier="roughly")])],
             [GOLD], 2, ("gold.jsonl:2:", "qualifier")),
    EvalCase("gold-unknown-actor-type",
             [dict(GOLD, actors=[{"text": "Cuba", "name": "Cuba", "type": "COUNTRY"}])], [GOLD], 2,
             ("gold.jsonl:1:", "type")),
    EvalCase("gold-line-not-json", [GOLD, "{oops"], [GOLD], 2, ("gold.jsonl:2:", "not valid JSON")),
    EvalCase("gold-without-claims", [], [GOLD], 2, ("gold files hold no claims",)),
    EvalCase("predictions-for-other-documents", [GOLD], [dict(GOLD, doc_id="other", claim_id="other#0")], 2,
             ("no document is in both",)),
    EvalCase("gold-mention-text-not-in-its-claim",
             [dict(GOLD, counts=[dict(GOLD["counts"][0], text="nine hundred detainees")])], [GOLD], 2,
             ("gold.jsonl:1:", "nine hundred detainees")),
    EvalCase("gold-claim-text-not-in-the-document",
             [dict(GOLD, text="Venezuela holds 900 political prisoners.", end=40, counts=[])], [GOLD], 2,
             ("gold", "Venezuela holds 900"), command="report"),
]


@pytest.mark.parametrize("case", _params(EVAL_CASES))
def test_bad_gold(case: EvalCase, tmp_path):
    gold = write(tmp_path / "gold.jsonl", jsonl(*case.gold) if case.gold else "")
    pred = write(tmp_path / "pred.jsonl", jsonl(*case.pred))
    if case.command == "evaluate":
        result = invoke(["evaluate", "--gold", gold, "--pred", pred])
    else:
        doc = write(tmp_path / "d.txt", DOC)
        result = invoke(["report", pred, "--gold", gold, "--docs", doc, "-o", tmp_path / "r.html"])
    err, stdout = stderr_of(result), stdout_of(result)
    assert_no_traceback(err, stdout)
    assert result.exit_code == case.exit, err + stdout
    assert_stderr_lines(err, [err_line(*case.fragments)])
    assert stdout == ""
    assert not (tmp_path / "r.html").exists()


# --- real processes: permissions, 20 MB, pipes, signals -----------------------------------------------

def run_cli(*args, timeout=120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, cwd=ROOT,
                          timeout=timeout, **kw)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="running as root, where chmod 000 does not stop reading (CI runs as root); the "
                           "unreadable-file and unreadable-folder cases of the table cover the same path by "
                           "making the read fail in process")
def test_unreadable_file_and_folder_with_chmod(tmp_path):
    root = tmp_path / "in"
    write(root / "a.txt", GOOD)
    write(root / "b.txt", GOOD2).chmod(0)
    write(tmp_path / "locked" / "x.txt", GOOD)
    (tmp_path / "locked").chmod(0)
    try:
        proc = run_cli("extract", root, tmp_path / "locked", "-j", "1")
    finally:
        (tmp_path / "locked").chmod(0o755)
        (root / "b.txt").chmod(0o644)
    err = proc.stderr.decode()
    assert_no_traceback(err)
    assert proc.returncode == 1, err
    assert_stderr_lines(err, [err_line("b.txt: Permission denied"),
                              err_line("locked: cannot list the folder: Permission denied"), (DONE, "2 errors")])
    records = parse_jsonl(proc.stdout.decode())
    assert [r["doc_id"] for r in records] == ["a"]


def test_20_mb_file_is_refused_by_default_limit(tmp_path):
    """A 20 MB file of ordinary paragraphs is over the default --max-chars (1,000,000): refused
    with the limit in the message, quickly, and the other document is still written."""
    paragraph = ("Cuba ended December 2025 with 1,197 political prisoners, according to Prisoners "
                 "Defenders, which said 40 new detentions were recorded in Havana on January 3.\n")
    big = tmp_path / "big.txt"
    with open(big, "w", encoding="utf-8") as fh:
        for _ in range(20_000_000 // len(paragraph) + 1):
            fh.write(paragraph)
    assert big.stat().st_size >= 20_000_000
    good = write(tmp_path / "good.txt", GOOD)
    proc = run_cli("extract", big, good, "-o", tmp_path / "out.jsonl", "-j", "1")
    err = proc.stderr.decode()
    assert_no_traceback(err)
    assert proc.returncode == 1, err
    assert_stderr_lines(err, [err_line("big.txt: document too long: 20,0", "characters (the limit is --max-chars "
                                       "1,000,000)"), (DONE, "2 documents", "1 error", "out.errors.jsonl")])
    records = parse_jsonl((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert [r["doc_id"] for r in records] == ["good"]


def _many_docs(path: Path, n: int) -> Path:
    texts = [f"Foro Penal reported {k + 2} new detentions in Havana on January 3, according to Amnesty "
             f"International.\nThe ministry said {k + 10} prisoners were freed.\n" for k in range(n)]
    return write(path, jsonl(*({"id": f"d{k:04d}", "text": t, "date": "2026-01-31"} for k, t in enumerate(texts))))


def test_broken_pipe_exits_quietly(tmp_path):
    """`extractor extract ... | head -1`: no BrokenPipeError traceback, exit 0."""
    src = _many_docs(tmp_path / "many.jsonl", 400)
    proc = subprocess.run(["bash", "-c", 'set -o pipefail; "$0" -m extractor extract "$1" | head -1',
                           sys.executable, str(src)], capture_output=True, cwd=ROOT, timeout=120)
    err = proc.stderr.decode()
    assert_no_traceback(err)
    assert "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert proc.returncode == 0, err
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["claim_id"] == "d0000#0"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_mid_batch_keeps_previous_output_and_resumes(tmp_path, signum):
    """A signal in the middle of a run: exit 130 with one line, the previous OUT untouched, and
    --resume finishes the run with every document exactly once, in order."""
    n = 120
    src = _many_docs(tmp_path / "many.jsonl", n)
    out = tmp_path / "out.jsonl"
    previous = '{"previous": "output of an earlier run"}\n'
    out.write_text(previous, encoding="utf-8")
    progress = tmp_path / "out.jsonl.progress"
    # SIGINT as Ctrl-C sends it (to the whole process group, workers too); SIGTERM as `kill PID`.
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "extract", str(src), "-o", str(out), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if progress.exists() and progress.read_text(encoding="utf-8").count("\n") >= 3:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    err = stderr.decode()
    assert_no_traceback(err)
    assert proc.returncode == 130, err
    assert_stderr_lines(err, [("extractor: interrupted after", f"rerun with --resume -o {out} to continue")])
    assert stdout == b""
    assert out.read_text(encoding="utf-8") == previous
    done_before = int(err.split("interrupted after ")[1].split()[0])
    assert 0 < done_before < n

    resumed = run_cli("extract", src, "-o", out, "--resume", "-j", "1", "-q")
    assert_no_traceback(resumed.stderr.decode())
    assert resumed.returncode == 0, resumed.stderr.decode()
    records = parse_jsonl(out.read_text(encoding="utf-8"))
    texts = {r["id"]: r["text"] for r in parse_jsonl(src.read_text(encoding="utf-8"))}
    doc_ids = list(dict.fromkeys(r["doc_id"] for r in records))
    assert doc_ids == sorted(texts), "every document exactly once, in input order"
    assert len(records) == 2 * n
    check_records(records, texts)
    assert not progress.exists() and not (tmp_path / "out.jsonl.partial").exists()
