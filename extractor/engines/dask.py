"""The Dask engine: the same results as the local engine, computed on a Dask cluster.

The client only plans: it lists input files and splits JSONL files into byte ranges (a scan for
newlines, no parsing), and ships these small partition descriptors. Workers read the paths
themselves (inputs live on storage the workers share), load the spaCy pipeline once per worker
process (a cached loader, counted), and run :func:`extractor.engines.local.process_chunk`, the
function the local engine runs; so the records, and the errors of bad documents, are the same
byte for byte. A lost worker's partitions are recomputed by the scheduler: tasks are pure.

Requires ``pip install 'extractor[dask]'`` (dask and distributed).
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from ..io.readers import (DocError, InputDoc, JSONL_SUFFIXES, is_binary, jsonl_items, read_item, read_stdin,
                          walk)
from ..io.writers import write_manifest, write_part  # noqa: F401  (write_manifest: the engine's API)
from ..errors import Usage
from . import EngineError
from .local import DEFAULT_BATCH_SIZE, DEFAULT_MAX_CHARS, Result, process_chunk

DEFAULT_PARTITION_SIZE = 64


class DaskUnavailable(EngineError):
    """dask/distributed are not installed, or the scheduler cannot be reached."""


@dataclass(frozen=True)
class Partition:
    """What one task processes: files to read, a byte range of a JSONL file, or records
    that only the client has (stdin)."""
    index: int
    files: tuple[str, ...] = ()
    jsonl: Optional[tuple[str, int, int, int]] = None     # path, start byte, end byte, first line
    records: tuple[InputDoc, ...] = ()
    errors: tuple[tuple[int, DocError], ...] = ()          # client-side errors, by position
    doc_date: Optional[dt.date] = None


def _jsonl_ranges(path: Path, size: int) -> Iterator[tuple[int, int, int]]:
    """(start, end, first line) of consecutive ranges of ``size`` lines, cut at newlines."""
    start, line, count, pos = 0, 1, 0, 0
    first = 1
    with open(path, "rb") as fh:
        for raw in fh:
            pos += len(raw)
            line += 1
            count += 1
            if count >= size:
                yield start, pos, first
                start, first, count = pos, line, 0
    if pos > start:
        yield start, pos, first


def plan(inputs: list[str], *, doc_date: Optional[dt.date], partition_size: int,
         exclude: frozenset = frozenset()) -> Iterator[Partition]:
    """Partitions in input order (the same order as the local engine reads)."""
    pieces = _pieces(_sources(inputs, exclude), doc_date=doc_date, partition_size=partition_size)
    for index, fields in enumerate(pieces):
        yield Partition(index, doc_date=doc_date, **fields)


def _kind(path: Path) -> str:
    return "jsonl" if path.suffix.lower() in JSONL_SUFFIXES else "file"


def _sources(inputs: list[str], exclude: frozenset) -> Iterator[tuple[str, object]]:
    """(kind, value) of every input in reading order: a file, a JSONL file, stdin, or the
    error of a folder that cannot be listed."""
    for item in inputs:
        if item == "-":
            yield "stdin", item
            continue
        path = Path(item)
        if not path.is_dir():
            yield _kind(path), path
            continue
        for file in walk(path, exclude=exclude):
            yield ("error", file) if isinstance(file, DocError) else (_kind(file), file)


def _pieces(sources: Iterable[tuple[str, object]], *, doc_date: Optional[dt.date],
            partition_size: int) -> Iterator[dict]:
    """The fields of each partition: runs of plain files cut at ``partition_size``; a JSONL
    file, stdin or an error ends the current run (so partitions keep the reading order)."""
    files: list[str] = []
    for kind, value in sources:
        if kind == "file":
            files.append(str(value))
            if len(files) >= partition_size:
                yield {"files": tuple(files)}
                files = []
            continue
        if files:
            yield {"files": tuple(files)}
            files = []
        yield from _SPLITTERS[kind](value, doc_date=doc_date, partition_size=partition_size)
    if files:
        yield {"files": tuple(files)}


def _jsonl_pieces(path: Path, *, partition_size: int, **_) -> Iterator[dict]:
    """Byte ranges of a JSONL file; a binary file is one range, so that the worker reports it
    once, as the local engine does."""
    try:
        with open(path, "rb") as fh:
            binary = is_binary(fh.read(8192))
        ranges = [(0, 8192, 1)] if binary else list(_jsonl_ranges(path, partition_size))
    except OSError as exc:
        yield {"errors": ((0, DocError(str(path), exc.strerror or str(exc))),)}
        return
    for start, end, first in ranges:
        yield {"jsonl": (str(path), start, end, first)}


def _stdin_pieces(_name: str, *, doc_date: Optional[dt.date], partition_size: int) -> Iterator[dict]:
    """Records of stdin, read here: the workers cannot read the client's stdin."""
    records = list(jsonl_items("<stdin>", read_stdin(), default_date=doc_date))
    for k in range(0, len(records), partition_size):
        chunk = records[k:k + partition_size]
        yield {"records": tuple(r for r in chunk if isinstance(r, InputDoc)),
               "errors": tuple((n, r) for n, r in enumerate(chunk) if isinstance(r, DocError))}


def _error_piece(error: DocError, **_) -> Iterator[dict]:
    yield {"errors": ((0, error),)}


_SPLITTERS = {"jsonl": _jsonl_pieces, "stdin": _stdin_pieces, "error": _error_piece}


def _items(part: Partition) -> list:
    """The input items of a partition, read where the task runs."""
    if part.files:
        return [read_item(Path(f), part.doc_date) for f in part.files]
    if part.jsonl is not None:
        path, start, end, first = part.jsonl
        try:
            with open(path, "rb") as fh:
                fh.seek(start)
                data = fh.read(end - start)
        except OSError as exc:
            return [DocError(path, exc.strerror or str(exc))]
        return list(jsonl_items(path, data, first_line=first, default_date=part.doc_date))
    items: list = list(part.records)
    for position, error in part.errors:
        items.insert(position, error)
    return items


# --- on the workers ----------------------------------------------------------------------------------

_LOCK = threading.Lock()
_PIPELINES: dict = {}
_LOADS = 0


def worker_pipeline(model: str):
    """The worker's pipeline, built on first use and kept for every later task."""
    global _LOADS
    with _LOCK:
        nlp = _PIPELINES.get(model)
        if nlp is None:
            from ..pipeline import build
            nlp = _PIPELINES[model] = build(model)
            _LOADS += 1
        return nlp


def load_count() -> int:
    """How many times this worker process built a pipeline (1 when the cache works)."""
    return _LOADS


def process_partition(part: Partition, model: str, batch_size: int, max_chars: int,
                      output_dir: Optional[str] = None, explain: bool = False) -> list[Result] | dict:
    results = process_chunk(worker_pipeline(model), _items(part), batch_size=batch_size, max_chars=max_chars,
                            explain=explain)
    if output_dir is None:
        return results
    # Archives too large to gather: the worker writes its part; the client keeps a manifest.
    summary = write_part(output_dir, part.index, results)
    summary["results"] = [Result(r.doc_id, r.source, None, r.error) for r in results]
    return summary


# --- on the client -------------------------------------------------------------------------------------

def connect(scheduler: Optional[str], *, n_workers: Optional[int] = None):
    """A Client on ``scheduler``, or on a new LocalCluster of one-thread worker processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable(Usage.DASK_MISSING) from None
    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except (OSError, TimeoutError) as exc:
            raise DaskUnavailable(Usage.DASK_UNREACHABLE.format(scheduler=scheduler, reason=exc)) from None
    from .local import default_jobs, worker_count
    try:
        import bokeh  # noqa: F401  (the dashboard needs it)
        dashboard = ":0"
    except ImportError:
        dashboard = None
    import dask
    # Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536, which hands freed memory back to
    # the system at once; spaCy allocates and frees arrays for every batch, and with it set the
    # same documents took 10-20% longer here. Memory stays flat without it (--jobs does not set it).
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        # One worker per core at most, as the local engine (worker_count): --jobs 10000 is not 10,000 processes.
        cluster = LocalCluster(n_workers=worker_count(n_workers or default_jobs()), threads_per_worker=1,
                               processes=True, dashboard_address=dashboard, silence_logs=40)
    return Client(cluster), cluster


def run(inputs: list[str], *, model: str, doc_date: Optional[dt.date] = None, scheduler: Optional[str] = None,
        n_workers: Optional[int] = None, partition_size: int = DEFAULT_PARTITION_SIZE,
        batch_size: int = DEFAULT_BATCH_SIZE, max_chars: int = DEFAULT_MAX_CHARS, output_dir: Optional[str] = None,
        on_connect: Optional[Callable[[object], None]] = None, stats: Optional[dict] = None,
        client=None, exclude: frozenset = frozenset(), explain: bool = False) -> Iterator[Result | dict]:
    """Results (or, with ``output_dir``, part summaries) of all inputs, in input order."""
    own = client is None
    cluster = None
    if own:
        client, cluster = connect(scheduler, n_workers=n_workers)
    try:
        if on_connect is not None:
            on_connect(client)
        window = max(4, 4 * len(client.scheduler_info().get("workers", {})) or 4)
        pending: deque = deque()
        for part in plan(inputs, doc_date=doc_date, partition_size=partition_size, exclude=exclude):
            pending.append(client.submit(process_partition, part, model, batch_size, max_chars, output_dir, explain,
                                         key=f"extract-{part.index}-{os.getpid()}-{id(part)}", pure=False))
            while len(pending) >= window:
                yield from _unpack(pending.popleft().result())
        while pending:
            yield from _unpack(pending.popleft().result())
        if stats is not None:
            stats["loads_per_worker"] = client.run(load_count)
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()


def _unpack(value) -> Iterable:
    if isinstance(value, dict):
        return [value]
    return value
