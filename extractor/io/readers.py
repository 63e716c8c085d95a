"""Inputs: ``.txt`` and ``.html``/``.htm`` files (with an optional ``.meta.json`` sidecar),
folders of them and of ``.jsonl`` files, JSONL files of ``{"id", "text", "date"?}`` records,
and ``-`` for JSONL on stdin.

Offsets index the document text exactly as the extractor saw it: text files are decoded from
their detected encoding and nothing else is changed (a ``\\r\\n`` stays two characters); HTML is
reduced to its article text by trafilatura, and ``extractor text FILE`` prints that text.

Reading is lazy: documents are yielded one at a time, so a folder of any size is never held in
memory. A document that cannot be read becomes a :class:`DocError` in the stream, in its place,
and the rest go on.
"""
from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, TextIO, Union

from pydantic import ValidationError

from ..errors import InputError, Usage  # noqa: F401  (InputError: raised here, importable from here)
from ..schemas import printable  # noqa: F401  (readers and writers escape names with it)
from ..schemas import DocMeta, InputRecord, RecordError, iter_jsonl

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
# Files the project itself writes beside inputs; never read as input.
SKIPPED_SUFFIXES = (".gold.jsonl", ".errors.jsonl", ".meta.json")
# Encodings accepted from detection: the ones news files come in (spec: never silently mangled).
_DETECTABLE = ("cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "utf_16", "mac_roman", "cp1251",
               "koi8_r", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class InputDoc:
    id: str
    text: str
    date: Optional[dt.date]
    source: Optional[str]


@dataclass(frozen=True)
class DocError:
    """A document that could not be read or processed: where it is and why."""
    source: str
    reason: str
    id: Optional[str] = None

    def as_record(self) -> dict:
        return {"doc_id": self.id, "source": self.source, "error": self.reason}




Item = Union[InputDoc, DocError]

# Characters that would end or forge a line, or move the cursor, in stderr or a line-based file.
BINARY = "binary data (NUL bytes), not a text file"


def is_binary(data: bytes) -> bool:
    """NUL bytes near the start: an image, an archive or another binary file."""
    return b"\x00" in data[:8192]


def decode(data: bytes, *, declared: Optional[str] = None, name: str = "") -> str:
    """Text of a file's bytes, from its BOM, its declared charset, strict UTF-8 or detection."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    if is_binary(data):
        raise ValueError(BINARY)
    text = _as_declared(data, declared, name) if declared else None
    if text is not None:
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    return _detected(data, first_bad, name)


def _as_declared(data: bytes, declared: str, name: str) -> Optional[str]:
    """The text in the charset a page declares; None when Python does not know that charset."""
    try:
        info = codecs.lookup(declared)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        # base64, hex, rot13, zlib: codecs.lookup knows them, but they turn bytes into bytes.
        raise ValueError(f"the declared charset {declared!r} is not a text encoding")
    codec = info.name
    if codec in ("utf-8", "ascii"):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"invalid UTF-8 at byte {exc.start}, though the file declares {declared}") from None
    return _strict(data, codec, name)


def _detected(data: bytes, first_bad: int, name: str) -> str:
    """The text of bytes that are not UTF-8, in the encoding detection finds, if news comes in it."""
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    best = from_bytes(data).best()
    if best is None or best.encoding not in _DETECTABLE:
        raise ValueError(f"not valid UTF-8 (byte {first_bad}) and no text encoding could be detected")
    encoding = best.encoding
    if encoding in ("latin_1", "iso8859_15", "cp1250", "iso8859_2"):
        # News files in a Latin encoding are far more often Windows-1252 (curly quotes at 0x93/0x94),
        # which decodes every byte latin-1 does the same way except 0x80-0x9F.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return _strict(data, encoding, name)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ValueError(f"invalid {encoding} at byte {exc.start}") from None


def _meta(path: Path) -> Optional[DocMeta]:
    meta = path.with_name(path.name[: -len(path.suffix)] + ".meta.json")
    if not meta.is_file():
        return None
    try:
        return DocMeta.model_validate_json(meta.read_text(encoding="utf-8"))
    except (ValidationError, UnicodeDecodeError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else "not UTF-8"
        raise ValueError(f"invalid metadata in {meta.name} ({reason})") from None


def html_to_text(html: str) -> tuple[str, Optional[str], Optional[dt.date]]:
    """(article text, title, publication date) of an HTML page; trafilatura parses the string
    only: nothing is fetched, no external entity or remote resource is resolved."""
    import trafilatura  # imported lazily: only HTML inputs need it

    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                        include_tables=False, include_images=False, include_links=False)
    if found is None:
        return "", None, None
    data = found.as_dict() if hasattr(found, "as_dict") else found
    date = None
    if data.get("date"):
        try:
            date = dt.date.fromisoformat(str(data["date"])[:10])
        except ValueError:
            date = None
    return data.get("text") or "", data.get("title"), date


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def _reads_as_prose(text: str) -> bool:
    """What the page gave holds at least one sentence (a line of four words or more that ends as
    a sentence ends): a page of navigation links ("Home", "Contact") is not an article."""
    return any(len(line.split()) >= 4 and _SENTENCE_END.search(line) for line in text.splitlines())


def read_document(path: Path, *, default_date: Optional[dt.date] = None, doc_id: Optional[str] = None) -> InputDoc:
    """One ``.txt`` or ``.html`` file as the extractor sees it (its id: ``doc_id``, else the file's
    stem). Raises ValueError or OSError."""
    data = path.read_bytes()
    meta = _meta(path)
    date = meta.date if meta and meta.date else None
    if path.suffix.lower() in HTML_SUFFIXES:
        declared = _META_CHARSET.search(data[:4096])
        html = decode(data, declared=declared.group(1).decode("ascii") if declared else None, name=str(path))
        text, _title, page_date = html_to_text(html)
        if not _reads_as_prose(text):
            raise ValueError("no article text found in the HTML")
        date = date or page_date
    else:
        text = decode(data, name=str(path))
    name = doc_id if doc_id is not None else path.name[: -len(path.suffix)]
    return InputDoc(printable(name), text, date or default_date, printable(str(path)))


def read_item(path: Path, default_date: Optional[dt.date], *, doc_id: Optional[str] = None) -> Item:
    """The document of ``path``, or a DocError in its place: whatever goes wrong reading one file
    (a missing optional import, a codec error, a parser bug on a hostile page) fails it alone."""
    name = printable(doc_id if doc_id is not None else path.stem)
    try:
        return read_document(path, default_date=default_date, doc_id=doc_id)
    except OSError as exc:
        return DocError(printable(str(path)), exc.strerror or str(exc), name)
    except ValueError as exc:
        return DocError(printable(str(path)), printable(str(exc)), name)
    except Exception as exc:  # noqa: BLE001 - reported as this document's error, the run goes on
        return DocError(printable(str(path)), _reason(exc), name)


# How a file found in a folder is named: "stem" (a.txt -> "a") or "path", the path under the folder
# given without the extension ("2024/05/06/slug/index"), for archives where every page is index.html.
ID_FROM = ("stem", "path")


def path_id(file: Path, root: Path) -> str:
    """The ``--id-from path`` id of ``file`` found under ``root``: ``/``-separated, no extension."""
    return file.relative_to(root).with_suffix("").as_posix()


def _reason(exc: BaseException) -> str:
    first_line = str(exc).splitlines()[0][:200] if str(exc) else ""
    return printable(f"cannot read: {type(exc).__name__}: {first_line}")


def jsonl_items(name: str, data: bytes, *, first_line: int = 1,
                default_date: Optional[dt.date] = None) -> Iterator[Item]:
    """Records of JSONL bytes (a whole file or a byte range of one starting at line
    ``first_line``); a bad line becomes a DocError naming file and line. JSON Lines are UTF-8
    by definition, so each line is decoded on its own: a range gives the same records as the
    whole file."""
    if first_line == 1 and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if first_line == 1 and is_binary(data):
        yield DocError(name, BINARY)
        return
    name = printable(name)
    for number, raw in enumerate(data.split(b"\n"), start=first_line):
        where = f"{name}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield DocError(where, f"not valid UTF-8 (byte {exc.start} of the line)")
            continue
        if not line.strip():
            continue
        try:
            record = next(iter_jsonl(name, InputRecord, text=line))
        except RecordError as exc:
            yield DocError(where, own_record_kind(line) or exc.reason)
            continue
        yield InputDoc(record.id, record.text, record.date or default_date, where)


# The records the extractor itself writes, by the keys only they have, and the commands that read them (None: none
# does): a user who passes a claims file to ``extract`` is told what it is, not that its lines lack an "id".
OWN_RECORDS = (
    (("group_id", "reports"), "a figure-group record (written by `extractor compare`)", "evaluate --groups"),
    (("group_id", "counts"), "a hand-labelled figure group (groups.gold.jsonl)", "evaluate --groups"),
    (("claim_id", "extractor"), "a claims record (written by `extractor extract`)",
     "evaluate, compare, actors, summarize or report"),
    (("claim_id", "actors"), "a gold claims record", "evaluate --gold"),
    (("aliases", "as_source"), "an actor record (written by `extractor actors`)", None),
    (("source", "error"), "an error record (an .errors.jsonl line)", None),
)


def own_record_kind(line: str) -> Optional[str]:
    """Why a JSONL line that is not a document is not one, when it is a record the extractor writes
    (the first row of OWN_RECORDS whose keys it has), else None."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict) or ("id" in record and "text" in record):
        return None
    for keys, kind, readers in OWN_RECORDS:
        if all(key in record for key in keys):
            use = f"; it is read by {readers}" if readers else ""
            return f"{kind}, not a document {{\"id\", \"text\"}}{use}"
    return None


def _jsonl(name: str, default_date: Optional[dt.date], data: Optional[bytes] = None) -> Iterator[Item]:
    if data is None:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            yield DocError(printable(name), exc.strerror or str(exc))
            return
    yield from jsonl_items(name, data, default_date=default_date)


def is_input_file(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(SKIPPED_SUFFIXES) or name.startswith("."):
        return False
    return path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


def walk(folder: Path, *, exclude: frozenset = frozenset()) -> Iterator[Union[Path, DocError]]:
    """Input files under ``folder`` in sorted order, depth first. A folder that cannot be listed
    becomes a DocError in its place and the walk goes on with its siblings. The walk keeps its
    own stack (a tree of any depth), enters each real folder once (by device and inode: a folder
    linked twice is read once), and reports a symlink that leads back into its own ancestors once,
    as one error, instead of following it until the path is too long."""
    root_key = _folder_key(folder)
    visited = {root_key} if root_key else set()
    listing = _listing(folder)
    if isinstance(listing, DocError):
        yield listing
        return
    stack = [(listing, root_key)]
    ancestors = [root_key]
    while stack:
        entry = next(stack[-1][0], None)
        if entry is None:
            stack.pop()
            ancestors.pop()
            continue
        if entry.is_dir():
            key = _folder_key(entry)
            if key is None:
                continue
            if key in ancestors:
                yield DocError(printable(str(entry)), "symlink loop: it leads back to "
                               f"{printable(str(_ancestor(folder, entry, ancestors.index(key))))}, not followed")
                continue
            if key in visited:
                continue
            visited.add(key)
            listing = _listing(entry)
            if isinstance(listing, DocError):
                yield listing
                continue
            stack.append((listing, key))
            ancestors.append(key)
        elif entry.is_file() and is_input_file(entry) and entry.resolve() not in exclude:
            yield entry


def _folder_key(path: Path) -> Optional[tuple[int, int]]:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


def _listing(folder: Path) -> Union[Iterator[Path], DocError]:
    try:
        return iter(sorted(folder.iterdir(), key=lambda p: p.name))
    except OSError as exc:
        return DocError(printable(str(folder)), f"cannot list the folder: {exc.strerror or exc}")


def _ancestor(root: Path, entry: Path, depth: int) -> Path:
    """The folder ``depth`` levels below ``root`` on the way to ``entry`` (0: ``root`` itself)."""
    parts = entry.relative_to(root).parts
    return root.joinpath(*parts[:depth])


def check_inputs(inputs: list[str]) -> None:
    """Fail fast, before any work, on paths that do not exist (a typo is not a bad document)."""
    for item in inputs:
        if item == "-" and not _stdin_open():
            raise InputError(Usage.STDIN_CLOSED)
        if item != "-" and not Path(item).exists():
            raise InputError(Usage.NO_SUCH_INPUT.format(path=printable(item)))
        if item != "-" and sidecar_kind(item):
            raise InputError(f"{printable(item)}: {not_an_input(item)}")


def _stdin_open() -> bool:
    """False when the command was started with its standard input closed (``extract - <&-``)."""
    if sys.stdin is None:
        return False
    try:
        fd = sys.stdin.fileno()
    except (OSError, ValueError, AttributeError):
        return True  # a stream without a descriptor (a test's or a library caller's): readable
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def iter_inputs(inputs: list[str], *, doc_date: Optional[dt.date] = None, stdin: Optional[TextIO] = None,
                exclude: frozenset = frozenset(), id_from: str = "stem") -> Iterator[Item]:
    """Documents (or DocErrors in their place) of all inputs, in the order given. ``id_from``
    (see :data:`ID_FROM`) names the files found in folders; a file given directly keeps its stem."""
    for item in inputs:
        if item == "-":
            try:
                data = read_stdin(stdin)
            except (OSError, ValueError) as exc:
                yield DocError("<stdin>", f"cannot read: {getattr(exc, 'strerror', None) or exc}")
                continue
            yield from _jsonl("<stdin>", doc_date, data)
            continue
        path = Path(item)
        if path.is_dir():
            for file in walk(path, exclude=exclude):
                if isinstance(file, DocError):
                    yield file
                elif file.suffix.lower() in JSONL_SUFFIXES:
                    yield from _jsonl(str(file), doc_date)
                else:
                    yield read_item(file, doc_date, doc_id=path_id(file, path) if id_from == "path" else None)
        elif not path.exists():
            yield DocError(printable(str(path)), "no such file or folder")
        elif sidecar_kind(item):
            # Named directly, a sidecar would be read as an article (a .meta.json as text with no claims).
            yield DocError(printable(str(path)), not_an_input(item))
        elif path.suffix.lower() in JSONL_SUFFIXES:
            yield from _jsonl(str(path), doc_date)
        else:
            yield read_item(path, doc_date)


def read_stdin(stdin: Optional[TextIO] = None) -> bytes:
    source = stdin or sys.stdin
    if source is None:
        raise ValueError(Usage.STDIN_CLOSED)
    buffer = getattr(source, "buffer", None)
    return buffer.read() if buffer is not None else source.read().encode("utf-8")


def stdin_text(data: bytes) -> str:
    """JSON Lines read from stdin as text (a BOM dropped). Raises ValueError on binary data or
    bytes that are not UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if is_binary(data):
        raise ValueError(BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None


def count_inputs(inputs: list[str]) -> Optional[int]:
    """How many documents the inputs hold, cheaply (for a progress bar's ETA); None for stdin."""
    total = 0
    for item in inputs:
        if item == "-":
            return None
        path = Path(item)
        files = walk(path) if path.is_dir() else [path]
        try:
            for file in files:
                if isinstance(file, DocError):
                    continue
                if file.suffix.lower() in JSONL_SUFFIXES:
                    with open(file, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                else:
                    total += 1
        except OSError:
            return None
    return total


# --- what the other commands read -----------------------------------------------------------------

# A story's hand-labelled figure groups (docs/figure-groups.md): gold, but not claims.
GROUPS_GOLD = "groups.gold.jsonl"

# Files the extractor writes or reads beside the inputs: how their names end, what they are (``extractor
# text`` names them) and what reads them. The first row that fits wins: the groups file is also a *.gold.jsonl.
SIDECARS = ((GROUPS_GOLD, "figure-groups gold file", "it is read by evaluate --groups"),
            (".meta.json", "metadata sidecar", "give the article of the same name beside it, which reads it"),
            (".gold.jsonl", "gold claims file", "it is read by evaluate --gold"),
            (".errors.jsonl", "errors file", "it lists the documents a run could not read"))


def _sidecar(path: str) -> Optional[tuple[str, str, str]]:
    name = Path(path).name.lower()
    # A suffix row fits every name ending in it, the groups row only its whole name.
    return next((row for row in SIDECARS if name == row[0] or row[0].startswith(".") and name.endswith(row[0])), None)


def not_an_input(path: str) -> str:
    """Why a sidecar named as an input is refused: what it is and what reads it."""
    _, kind, use = _sidecar(path)
    return Usage.NOT_AN_INPUT.format(kind=kind, use=use)


def sidecar_kind(path: str) -> Optional[str]:
    """What a sidecar file is ("metadata sidecar", ...), or None for a file that may be an input."""
    row = _sidecar(path)
    return row[1] if row else None


def claims_files(paths: Iterable[str], *, gold: bool = False, groups: bool = False) -> list[str]:
    """The claims files ``paths`` stand for: a file (or ``-``) itself; a folder, its ``*.jsonl``
    files, recursively, in sorted order (never an ``*.errors.jsonl``), and with ``gold`` only its
    ``*.gold.jsonl`` files when it has any. A folder's ``groups.gold.jsonl`` files are figure
    groups, read only with ``groups`` (and then only they). A folder without any is an
    :class:`InputError`."""
    out: list[str] = []
    for item in paths:
        if item == "-" or not Path(item).is_dir():
            out.append(item)
            continue
        found = [str(p) for p in _jsonl_under(Path(item)) if (p.name.lower() == GROUPS_GOLD) == groups]
        if gold and any(f.lower().endswith(".gold.jsonl") for f in found):
            found = [f for f in found if f.lower().endswith(".gold.jsonl")]
        if not found:
            raise InputError(Usage.NO_CLAIMS_IN_FOLDER.format(path=printable(item)))
        out.extend(found)
    return out


def _jsonl_under(folder: Path) -> list[Path]:
    # Not walk(): that one skips the gold files, which are what --gold reads.
    try:
        files = [p for p in folder.rglob("*") if p.suffix.lower() in JSONL_SUFFIXES and p.is_file()]
    except OSError as exc:
        raise InputError(f"{printable(str(folder))}: cannot list the folder: {exc.strerror or exc}") from None
    keep = [p for p in files if not p.name.startswith(".") and not p.name.lower().endswith(".errors.jsonl")]
    return sorted(keep, key=lambda p: p.relative_to(folder).parts)
