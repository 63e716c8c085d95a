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


def models_dir() -> Path:
    override = os.environ.get("EXTRACTOR_MODELS_DIR")
    for candidate in ([Path(override)] if override else []) + [_PACKAGE / "_models", _PACKAGE.parent / "models"]:
        if (candidate / "numbers.json").is_file():
            return candidate
    raise FileNotFoundError("rule data not found: expected models/ beside the package or EXTRACTOR_MODELS_DIR")


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


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Folded given names from the gender-guesser dictionary (many languages), if installed.

    Used only as evidence that an entity the model typed ORG/GPE is a person.
    """
    try:
        import gender_guesser  # type: ignore
    except ImportError:
        return frozenset()
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names: set[str] = set()
    with open(path, encoding="iso8859-1") as fh:
        for line in fh:
            if line[:1] in "#=":
                continue
            parts = line[:29].split()
            if len(parts) >= 2 and len(parts[1]) > 2:
                names.add(fold(parts[1].replace("+", " ")))
    return frozenset(names)
