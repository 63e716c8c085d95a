"""The local engine: documents in, results out, in input order, in bounded memory.

With ``jobs > 1`` a pool of forked worker processes shares the pipeline the parent built (the
model is loaded once, copy-on-write), and at most ``2 * workers`` chunks are in flight, so memory
stays flat however long the input is. There is at most one worker per core (:func:`worker_count`).
Each worker has its own pipe and one task at a time, so a worker that dies is seen at once (its
process sentinel) with the documents it held: they are retried one by one, and one that kills its
worker again is reported. Workers die with the parent (``PR_SET_PDEATHSIG`` on Linux, the pipe's
end-of-file elsewhere). Two fault-injection hooks, read from the environment and meant for tests
only, kill a worker at a document (:func:`_kill_points`, ``EXTRACTOR_FAULT_KILL_WORKER_AT``) or the
parent after N results (``EXTRACTOR_FAULT_KILL_PARENT_AFTER=N``, with ``jobs > 1``).

spaCy's own ``n_process`` is not used because the stages
keep Python objects on the Doc that its inter-process serialisation cannot carry, and because a
failing document must fail alone.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait as mp_wait
from typing import Callable, Iterable, Iterator, Optional

from ..errors import Usage
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


# --- worker processes ------------------------------------------------------------------------
# Each worker has its own pipe and holds at most one task, so the parent always knows which
# documents a dead worker had. A task is a whole chunk, or (a retry after a death) one document.

_WORKER_NLP = None
# The parent's ends of the workers' pipes: a forked worker closes its copies, so that a worker
# sees end-of-file when the parent dies (no other worker keeps the parent's end open).
_PARENT_ENDS: list = []

# Fault-injection hooks, for tests only (tests/test_fault_injection.py); unset in normal use.
KILL_WORKER_AT = "EXTRACTOR_FAULT_KILL_WORKER_AT"
KILL_PARENT_AFTER = "EXTRACTOR_FAULT_KILL_PARENT_AFTER"
PR_SET_PDEATHSIG = 1


def _init_worker(model: Optional[str]) -> None:
    global _WORKER_NLP
    if _WORKER_NLP is None:  # spawned (not forked) workers build their own pipeline
        _WORKER_NLP = build(model or DEFAULT_MODEL)
    # Ctrl-C and SIGTERM go to the parent, which stops the pool; a worker just ends, quietly
    # (a forked worker would otherwise inherit the parent's SIGTERM handler).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this worker when the parent dies (Linux); the pipe's end-of-file
    is the fallback elsewhere. An orphan would otherwise go on and fail writing its results."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc prctl: rely on end-of-file
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)


def _kill_points(value: Optional[str]) -> frozenset:
    """Fault-injection hook: ``EXTRACTOR_FAULT_KILL_WORKER_AT=ID[@ATTEMPT],...`` makes a worker
    SIGKILL itself (as the OOM killer would) when it is handed document ID: on every attempt, or
    only on ATTEMPT (0 is the first try, 1 the retry). For tests; unset in normal use."""
    points = set()
    for part in (value or "").split(","):
        doc_id, _, attempt = part.strip().partition("@")
        if doc_id:
            points.add((doc_id, int(attempt) if attempt else None))
    return frozenset(points)


def _maybe_killed(items: list[Item], attempt: int, points: frozenset) -> None:
    for item in items:
        doc_id = getattr(item, "id", None)
        if (doc_id, None) in points or (doc_id, attempt) in points:
            os.kill(os.getpid(), signal.SIGKILL)


def _serve(conn, model: Optional[str], parent_pid: int, settings: tuple) -> None:
    """A worker's life: tasks in, results out, until the parent says stop or goes away."""
    for end in _PARENT_ENDS:
        end.close()
    _die_with_parent(parent_pid)
    _init_worker(model)
    batch_size, max_chars, explain = settings
    points = _kill_points(os.environ.get(KILL_WORKER_AT))
    try:
        while (task := conn.recv()) is not None:
            task_id, attempt, items = task
            if points:
                _maybe_killed(items, attempt, points)
            conn.send((task_id, _work(items, batch_size, max_chars, explain)))
    except (EOFError, OSError):  # the parent is gone (end-of-file, broken pipe): nothing to report to
        pass


def _work(items: list[Item], batch_size: int, max_chars: int, explain: bool = False) -> list[Result]:
    return process_chunk(_WORKER_NLP, items, batch_size=batch_size, max_chars=max_chars, explain=explain)


def _death(process) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"{signal.Signals(-code).name}, signal {-code}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def _died(item: Item, how: str) -> Result:
    if isinstance(item, DocError):
        return Result(item.id, item.source, None, item)
    reason = f"processing failed: the worker process died ({how}), on the retry too"
    return Result(item.id, item.source, None, DocError(item.source or item.id, reason, item.id))


class _Slot:
    """One chunk in input order, its results filled in as its tasks come back."""

    def __init__(self, items: list[Item]):
        self.items = items
        self.results: list[Optional[Result]] = [None] * len(items)
        self.left = len(items)

    def fill(self, start: int, results: list[Result]) -> None:
        self.results[start:start + len(results)] = results
        self.left -= len(results)


@dataclass
class _Task:
    slot: _Slot
    start: int
    items: list
    attempt: int


@dataclass
class _Worker:
    process: object
    conn: object
    task: Optional[_Task] = None


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_count(jobs: int, *, cores: Optional[int] = None) -> int:
    """The worker processes a run of ``jobs`` starts at most: one per core, since the pipeline is
    CPU-bound and more workers would only share the same cores (each holding its own documents in
    memory). Workers also start only as chunks wait for one, so a short input never starts more
    workers than it has chunks (and so documents)."""
    return max(1, min(jobs, cores if cores is not None else default_jobs()))


def run(items: Iterable[Item], *, model: str = DEFAULT_MODEL, jobs: int = 1, nlp=None,
        batch_size: int = DEFAULT_BATCH_SIZE, chunk_size: int = DEFAULT_CHUNK_SIZE,
        max_chars: int = DEFAULT_MAX_CHARS, explain: bool = False,
        on_note: Optional[Callable[[str], None]] = None) -> Iterator[Result]:
    """Results of all items, in input order. ``on_note`` hears, once, that ``jobs`` was capped
    (:func:`worker_count`). A worker process that dies (killed by the OOM killer, say) does not stop
    the run: the documents it held are retried one at a time in the other or a new worker, and a
    document that kills its worker again gets an error result."""
    nlp = nlp if nlp is not None else build(model)
    if jobs <= 1:
        for chunk in chunked(items, chunk_size):
            yield from process_chunk(nlp, chunk, batch_size=batch_size, max_chars=max_chars, explain=explain)
        return
    workers = worker_count(jobs)
    if workers < jobs and on_note is not None:
        on_note(Usage.JOBS_CAPPED.format(jobs=jobs, workers=workers))
    pool = _Pool(nlp, model, workers=workers, settings=(batch_size, max_chars, explain))
    yield from pool.results(chunked(items, chunk_size))


class _Pool:
    """Worker processes started as tasks wait for one (up to ``workers``), each given one task at
    a time; a dead worker's task is retried document by document, then reported."""

    def __init__(self, nlp, model: str, *, workers: int, settings: tuple):
        global _WORKER_NLP
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        # Forked workers share the parent's pipeline (copy-on-write); spawned ones build their own.
        _WORKER_NLP = nlp if self.ctx.get_start_method() == "fork" else None
        self.model, self.limit, self.settings = model, workers, settings
        self.workers: list[_Worker] = []
        self.todo: deque[_Task] = deque()
        self.tasks: dict[int, _Task] = {}
        self.next_id = 0
        after = os.environ.get(KILL_PARENT_AFTER)
        self.kill_after = int(after) if after else None

    def results(self, chunks: Iterator[list[Item]]) -> Iterator[Result]:
        """Results of the chunks, in order, with at most ``2 * workers`` chunks in flight."""
        slots: deque[_Slot] = deque()
        window, exhausted, given = 2 * self.limit, False, 0
        try:
            while True:
                while slots and slots[0].left == 0:
                    for result in slots.popleft().results:
                        if given == self.kill_after:  # fault-injection hook, see KILL_PARENT_AFTER
                            os.kill(os.getpid(), signal.SIGKILL)
                        given += 1
                        yield result
                if not exhausted and len(slots) < window:
                    chunk = next(chunks, None)
                    exhausted = chunk is None
                    if chunk is not None:
                        slots.append(_Slot(chunk))
                        self.todo.append(_Task(slots[-1], 0, chunk, 0))
                    self._dispatch()
                    self._collect(timeout=0)
                elif slots:
                    self._dispatch()
                    self._collect(timeout=None)
                else:
                    break
            self._stop()
        except BaseException:
            self._kill()
            raise
        finally:
            self._join()

    def _dispatch(self) -> None:
        while self.todo:
            worker = next((w for w in self.workers if w.task is None), None)
            if worker is None and len(self.workers) < self.limit:
                worker = self._start()
            if worker is None:
                return
            task = self.todo.popleft()
            worker.task, task_id = task, self.next_id
            self.tasks[task_id], self.next_id = task, self.next_id + 1
            try:
                worker.conn.send((task_id, task.attempt, task.items))
            except OSError:  # the worker just died: its sentinel says so, and the task is retried
                pass

    def _start(self) -> _Worker:
        conn, child = self.ctx.Pipe(duplex=True)
        _PARENT_ENDS.append(conn)
        process = self.ctx.Process(target=_serve, args=(child, self.model, os.getpid(), self.settings),
                                   daemon=True, name="extractor-worker")
        process.start()
        child.close()
        worker = _Worker(process, conn)
        self.workers.append(worker)
        return worker

    def _collect(self, *, timeout: Optional[float]) -> None:
        """Take in the results that have come back, and the deaths; wait for one if ``timeout``."""
        waiting = {w.conn: w for w in self.workers if w.task is not None}
        sentinels = {w.process.sentinel: w for w in self.workers}
        for ready in mp_wait(list(waiting) + list(sentinels), timeout):
            if ready in waiting:
                self._receive(waiting[ready])
        for ready in mp_wait(list(sentinels), 0):
            self._bury(sentinels[ready])

    def _receive(self, worker: _Worker) -> bool:
        try:
            task_id, results = worker.conn.recv()
        except Exception:  # noqa: BLE001 - a worker that died mid-message: its sentinel tells
            return False
        task = self.tasks.pop(task_id)
        task.slot.fill(task.start, results)
        worker.task = None
        return True

    def _bury(self, worker: _Worker) -> None:
        """A dead worker: keep what it sent before it died, retry or report what it still held."""
        while worker.task is not None and worker.conn.poll() and self._receive(worker):
            pass
        worker.process.join()
        self.workers.remove(worker)
        _PARENT_ENDS.remove(worker.conn)
        worker.conn.close()
        task = worker.task
        if task is None:
            return
        self.tasks = {k: t for k, t in self.tasks.items() if t is not task}
        if task.attempt == 0:
            # Retried one document at a time, so that a document that kills again fails alone.
            retries = [_Task(task.slot, task.start + k, [item], 1) for k, item in enumerate(task.items)]
            self.todo.extendleft(reversed(retries))
        else:
            how = _death(worker.process)
            task.slot.fill(task.start, [_died(item, how) for item in task.items])

    def _stop(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass

    def _kill(self) -> None:
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.kill()

    def _join(self) -> None:
        global _WORKER_NLP
        for worker in self.workers:
            worker.process.join()
            _PARENT_ENDS.remove(worker.conn)
            worker.conn.close()
        self.workers = []
        _WORKER_NLP = None
