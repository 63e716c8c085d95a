"""The local engine: documents in, results out, in input order, in bounded memory.

With ``jobs > 1`` a pool of forked worker processes shares the pipeline the parent built (the
model is loaded once, copy-on-write), and at most ``2 * jobs`` chunks are in flight, so memory
stays flat however long the input is. spaCy's own ``n_process`` is not used because the stages
keep Python objects on the Doc that its inter-process serialisation cannot carry, and because a
failing document must fail alone.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from ..io.readers import DocError, InputDoc, Item
from ..pipeline import DEFAULT_MODEL, build, claims_of, make_doc, release

# spaCy's own limit: longer texts would need more memory than the parser is designed for.
DEFAULT_MAX_CHARS = 1_000_000
DEFAULT_BATCH_SIZE = 32
DEFAULT_CHUNK_SIZE = 32


@dataclass(frozen=True)
class Result:
    """What became of one input item: its claims, or the reason it failed."""
    doc_id: Optional[str]
    source: Optional[str]
    claims: Optional[list]
    error: Optional[DocError]


def _too_long(item: InputDoc, max_chars: int) -> Optional[DocError]:
    if len(item.text) > max_chars:
        return DocError(item.source or item.id, f"document too long: {len(item.text):,} characters "
                                                f"(the limit is --max-chars {max_chars:,})", item.id)
    return None


def _claims(doc, source: Optional[str], explain: bool) -> list[dict]:
    """The records of ``doc``; ``explain`` is passed only when asked for, so a ``claims_of``
    without the keyword still serves every run without --explain."""
    if explain:
        return claims_of(doc, source=source, explain=True)
    return claims_of(doc, source=source)


def _failure(it: InputDoc, exc: Exception) -> Result:
    first_line = str(exc).splitlines()[0][:200] if str(exc) else ""
    reason = f"processing failed: {type(exc).__name__}: {first_line}"
    return Result(it.id, it.source, None, DocError(it.source or it.id, reason, it.id))


def _finished(doc, item: InputDoc, explain: bool = False) -> Result:
    """The result of a processed document; the Doc's stage data is released at once."""
    result = Result(item.id, item.source, _claims(doc, item.source, explain), None)
    release(doc)
    return result


def _refused(item: Item, max_chars: int) -> Optional[Result]:
    """The result of an item that is not processed at all: a read error, or too long."""
    if isinstance(item, DocError):
        return Result(item.id, item.source, None, item)
    err = _too_long(item, max_chars)
    return Result(item.id, item.source, None, err) if err is not None else None


def _alone(nlp, it: InputDoc, explain: bool) -> Result:
    """One document processed by itself, so that a failure is its own."""
    try:
        return _finished(nlp(make_doc(nlp, it.text, doc_id=it.id, doc_date=it.date)), it, explain)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - reported in the errors file, the run goes on
        return _failure(it, exc)


def process_chunk(nlp, items: list[Item], *, batch_size: int = DEFAULT_BATCH_SIZE,
                  max_chars: int = DEFAULT_MAX_CHARS, explain: bool = False) -> list[Result]:
    """Results of a list of items, in order; a document that fails is retried alone so that
    it alone fails. With ``explain`` the records carry the stages' decisions."""
    out: list[Optional[Result]] = [_refused(item, max_chars) for item in items]
    todo = [(k, item) for k, item in enumerate(items) if out[k] is None]
    try:
        made = (make_doc(nlp, it.text, doc_id=it.id, doc_date=it.date) for _, it in todo)
        for (k, it), doc in zip(todo, nlp.pipe(made, batch_size=max(1, min(batch_size, len(todo))))):
            out[k] = _finished(doc, it, explain)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception:  # noqa: BLE001 - isolate the failing document below
        for k, it in todo:
            if out[k] is None:
                out[k] = _alone(nlp, it, explain)
    return [r for r in out if r is not None]


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Chunks growing 1, 2, 4, ... up to ``size``: the first record comes out quickly, later
    chunks are large enough for efficient batching."""
    chunk: list[Item] = []
    target = 1
    for item in items:
        chunk.append(item)
        if len(chunk) >= target:
            yield chunk
            chunk = []
            target = min(size, target * 2)
    if chunk:
        yield chunk


_WORKER_NLP = None


def _init_worker(model: Optional[str]) -> None:
    global _WORKER_NLP
    if _WORKER_NLP is None:  # spawned (not forked) workers build their own pipeline
        _WORKER_NLP = build(model or DEFAULT_MODEL)
    # Ctrl-C and SIGTERM go to the parent, which stops the pool; a worker just ends, quietly
    # (a forked worker would otherwise inherit the parent's SIGTERM handler).
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _work(items: list[Item], batch_size: int, max_chars: int, explain: bool = False) -> list[Result]:
    return process_chunk(_WORKER_NLP, items, batch_size=batch_size, max_chars=max_chars, explain=explain)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run(items: Iterable[Item], *, model: str = DEFAULT_MODEL, jobs: int = 1, nlp=None,
        batch_size: int = DEFAULT_BATCH_SIZE, chunk_size: int = DEFAULT_CHUNK_SIZE,
        max_chars: int = DEFAULT_MAX_CHARS, explain: bool = False) -> Iterator[Result]:
    """Results of all items, in input order."""
    global _WORKER_NLP
    nlp = nlp if nlp is not None else build(model)
    if jobs <= 1:
        for chunk in chunked(items, chunk_size):
            yield from process_chunk(nlp, chunk, batch_size=batch_size, max_chars=max_chars, explain=explain)
        return
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    _WORKER_NLP = nlp if ctx.get_start_method() == "fork" else None
    pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(model,))
    window = 2 * jobs
    pending: deque = deque()
    try:
        for chunk in chunked(items, chunk_size):
            pending.append(pool.apply_async(_work, (chunk, batch_size, max_chars, explain)))
            while len(pending) >= window or (pending and pending[0].ready()):
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        _WORKER_NLP = None
