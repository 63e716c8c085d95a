"""Rule data from ``models/``, read once per process.

The rules are data (JSON/JSONL) so that a user can read, diff and extend them without touching
code. Installed wheels carry them as ``extractor/_models``; a source checkout reads ``models/``.
"""
from __future__ import annotations

import json
import os
import unicodedata
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def models_dir(lang: str = "en") -> Path:
    """The rule pack of ``lang``: ``models/<lang>/`` (``$EXTRACTOR_MODELS_DIR/<lang>`` first)."""
    override = os.environ.get("EXTRACTOR_MODELS_DIR")
    for base in ([Path(override)] if override else []) + [_PACKAGE / "_models", _PACKAGE.parent / "models"]:
        if (base / lang / "numbers.json").is_file():
            return base / lang
    from .errors import Errors, PackError
    raise PackError(Errors.E004.format(lang=lang))


@lru_cache(maxsize=None)
def load_json(name: str) -> dict:
    with open(models_dir() / name, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def load_jsonl(name: str) -> tuple[dict, ...]:
    with open(models_dir() / name, encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh if line.strip())


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive key."""
    text = text.replace("’", "'").replace("‘", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
