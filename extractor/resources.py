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


# Bump when what _parse_names derives changes (fold, the gender mapping), so old caches are not used.
_NAMES_CACHE_FORMAT = 1


def cache_dir() -> Path:
    """Where derived data is kept between runs: $EXTRACTOR_CACHE_DIR, else
    $XDG_CACHE_HOME/extractor, else ~/.cache/extractor."""
    override = os.environ.get("EXTRACTOR_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "extractor"


def _parse_names(path: Path) -> dict:
    """Folded given names, and lower-cased first names whose gender gender-guesser gives as
    (mostly) male or female, from its dictionary."""
    names: set[str] = set()
    with open(path, encoding="iso8859-1") as fh:
        for line in fh:
            if line[:1] in "#=":
                continue
            parts = line[:29].split()
            if len(parts) >= 2 and len(parts[1]) > 2:
                names.add(fold(parts[1].replace("+", " ")))
    import gender_guesser.detector as gd  # type: ignore
    detector = gd.Detector(case_sensitive=False)
    simple = {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}
    genders = {name: simple[g] for name in detector.names if (g := detector.get_gender(name)) in simple}
    return {"given_names": sorted(names), "genders": genders}


@lru_cache(maxsize=1)
def _name_tables() -> tuple[frozenset[str], dict[str, str]]:
    """The gender-guesser dictionary as two tables, parsed once and kept in ``cache_dir()``:
    parsing its 60,000 lines takes half a second, more than the first document's processing,
    while reading the cache takes a few hundredths. Without gender-guesser, both are empty."""
    try:
        import gender_guesser  # type: ignore
    except ImportError:
        return frozenset(), {}
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    stat = path.stat()
    version = getattr(gender_guesser, "__version__", "0")
    key = f"names-v{_NAMES_CACHE_FORMAT}-{version}-{stat.st_size}-{int(stat.st_mtime)}.json"
    cached = cache_dir() / key
    data = None
    try:
        with open(cached, encoding="utf-8") as fh:
            data = json.load(fh)
        if not isinstance(data, dict) or set(data) != {"given_names", "genders"}:
            data = None
    except (OSError, ValueError):
        data = None
    if data is None:
        data = _parse_names(path)
        try:  # a cache that cannot be written only costs the next run the parse
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
            with open(partial, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False)
            os.replace(partial, cached)
        except OSError:
            pass
    return frozenset(data["given_names"]), dict(data["genders"])


def given_names() -> frozenset[str]:
    """Folded given names from the gender-guesser dictionary (many languages), if installed.

    Used only as evidence that an entity the model typed ORG/GPE is a person.
    """
    return _name_tables()[0]


def gender_of(first_name: str) -> str:
    """'male', 'female' or 'unknown' for a first name, as gender-guesser's case-insensitive
    detector says ((mostly) male, (mostly) female, anything else)."""
    return _name_tables()[1].get(first_name.lower(), "unknown")
