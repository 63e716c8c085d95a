"""Claim extraction from English news: actors, counts, dates and attribution per sentence."""
__version__ = "0.1.0"

# extract and extract_many load spaCy; they are imported on first use so that `import extractor`
# (and every command that does not run the pipeline) stays fast.
_LAZY = {"extract": "api", "extract_many": "api"}

__all__ = ["__version__", "extract", "extract_many"]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
