"""Engines run the pipeline over a stream of documents: ``local`` (one machine, N processes)
and ``dask`` (a cluster). Both call :func:`extractor.engines.local.process_chunk`, so their
records are the same; the filters below give both the same handling of duplicate ids and of
documents an interrupted run already finished."""
from __future__ import annotations

from typing import Iterable, Iterator
from ..errors import EngineError  # noqa: F401  (the engines' error, importable from here)




def _duplicate(doc_id: str, source, first: str):
    from ..io.readers import DocError
    return DocError(source or doc_id, f"duplicate document id {doc_id!r} (first in {first})", None)


def unique_items(items: Iterable, done: set, failed: set) -> Iterator:
    """Input items: a repeated id becomes an error; finished and already-failed ones are skipped.
    ``done`` and ``failed`` are copied now: a writer adding to its sets as it writes must not turn
    a later duplicate into a document "already finished" (silently dropped)."""
    return _unique_items(items, frozenset(done), frozenset(failed))


def _unique_items(items: Iterable, done: frozenset, failed: frozenset) -> Iterator:
    from ..io.readers import DocError, InputDoc

    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, DocError) and item.source in failed:
            continue
        if isinstance(item, InputDoc):
            if item.id in seen:
                if item.source not in failed:  # else reported by the earlier run already
                    yield _duplicate(item.id, item.source, seen[item.id])
                continue
            seen[item.id] = item.source or item.id
            if item.id in done:
                continue  # its first copy, finished by the earlier run; a second is still a duplicate
        yield item


def unique_results(results: Iterable, done: set, failed: set) -> Iterator:
    """The same filter over results computed elsewhere (the Dask engine)."""
    return _unique_results(results, frozenset(done), frozenset(failed))


def _unique_results(results: Iterable, done: frozenset, failed: frozenset) -> Iterator:
    from .local import Result

    seen: dict[str, str] = {}
    for r in results:
        if r.error is not None and r.claims is None and r.source in failed:
            continue
        if r.error is not None and r.error.id is None and r.doc_id is None:
            yield r
            continue
        if r.doc_id is not None and r.doc_id in seen:
            if r.source not in failed:
                yield Result(None, r.source, None, _duplicate(r.doc_id, r.source, seen[r.doc_id]))
            continue
        if r.doc_id is not None:
            seen[r.doc_id] = r.source or r.doc_id
            if r.doc_id in done:
                continue
        yield r
