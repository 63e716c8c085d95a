"""Inputs: ``.txt`` files (with an optional ``.meta.json`` sidecar), folders of them, JSONL
files of ``{"id", "text", "date"?}`` records, and ``-`` for JSONL on stdin.

Offsets index the text exactly as read: files are opened with ``newline=""`` so a ``\\r\\n``
stays two characters, and nothing else is changed.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, TextIO

from pydantic import ValidationError

from ..schemas import DocMeta, InputRecord, RecordError, iter_jsonl


@dataclass(frozen=True)
class InputDoc:
    id: str
    text: str
    date: Optional[dt.date]
    source: Optional[str]


class InputError(ValueError):
    """An input that cannot be read; the message names it."""


def _meta_date(path: Path) -> Optional[dt.date]:
    meta = path.with_name(path.name[: -len(path.suffix)] + ".meta.json")
    if not meta.is_file():
        return None
    try:
        return DocMeta.model_validate_json(meta.read_text(encoding="utf-8")).date
    except (ValidationError, UnicodeDecodeError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else "not UTF-8"
        raise InputError(f"{meta}: invalid metadata ({reason})") from None


def read_text_file(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return fh.read()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from None


def _txt(path: Path, default_date: Optional[dt.date]) -> InputDoc:
    text = read_text_file(path)
    date = _meta_date(path) or default_date
    return InputDoc(path.name[: -len(path.suffix)], text, date, str(path))


def _jsonl(name: str, default_date: Optional[dt.date], text: Optional[str] = None) -> Iterator[InputDoc]:
    try:
        for record in iter_jsonl(name, InputRecord, text=text):
            yield InputDoc(record.id, record.text, record.date or default_date, name)
    except RecordError as exc:
        raise InputError(str(exc)) from None
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror}") from None


def _is_input_file(path: Path) -> bool:
    return path.suffix == ".txt"


def iter_inputs(inputs: list[str], *, doc_date: Optional[dt.date] = None,
                stdin: Optional[TextIO] = None) -> Iterator[InputDoc]:
    """Documents of all inputs, in the order given (folders: sorted, recursively)."""
    for item in inputs:
        if item == "-":
            yield from _jsonl("<stdin>", doc_date, (stdin or sys.stdin).read())
            continue
        path = Path(item)
        if path.is_dir():
            try:
                files = sorted(p for p in path.rglob("*") if p.is_file() and _is_input_file(p))
            except OSError as exc:
                raise InputError(f"{path}: {exc.strerror}") from None
            for file in files:
                yield _txt(file, doc_date)
        elif not path.exists():
            raise InputError(f"{path}: no such file or folder")
        elif path.suffix == ".jsonl":
            yield from _jsonl(str(path), doc_date)
        else:
            yield _txt(path, doc_date)
