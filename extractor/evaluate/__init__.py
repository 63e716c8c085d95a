"""Scoring predicted claims against gold claims (claims-spec 7)."""
# Loaded on first use: ``extractor.fields`` imports ``matching`` from here, and ``metrics``
# imports the registry back.
_EXPORTS = {"FIELDS": "metrics", "evaluate_files": "metrics", "evaluate_records": "metrics", "judge": "judge"}


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(name)
