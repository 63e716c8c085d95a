"""One extraction run as a library call: :class:`ExtractOptions` (checked in one place,
:meth:`ExtractOptions.validate`), then :func:`extract`, which reads the inputs, runs an engine and
writes the claims, and returns a :class:`RunSummary`. ``extractor extract`` is this call plus
printing; it learns of the run's progress through a :class:`Progress`.

Errors: :class:`OptionsError` and :class:`~extractor.io.readers.InputError` before anything is
done, :class:`~extractor.errors.ModelError` and :class:`~extractor.engines.EngineError` when the
model or the engine cannot run (the output being written is left for ``--resume``), and
:class:`RunInterrupted` on Ctrl-C or SIGTERM in the middle of a run.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, TextIO

from . import pipeline
from .engines import EngineError, local, unique_items, unique_results
from .engines.dask import DEFAULT_PARTITION_SIZE
from .errors import ModelError, OptionsError, OutputError, Usage
from .io.readers import HTML_SUFFIXES, ID_FROM, TEXT_SUFFIXES, InputError, check_inputs, iter_inputs, printable
from .io.writers import FileWriter, PartsWriter, StreamWriter, own_files

ENGINES = ("local", "dask")
# What decided each mention, one INFO line per decision, when a run is verbose (extract -v).
log = logging.getLogger("extractor")


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during a run, after ``documents`` documents were written."""

    def __init__(self, documents: int):
        super().__init__(documents)
        self.documents = documents


# What a caller reports as a usage error: the run did nothing useful. An OutputError is one
# too when its ``documents`` is 0 (else some documents were written before the output failed).
USAGE_ERRORS = (OptionsError, InputError, ModelError, EngineError)


@dataclass(frozen=True)
class ExtractOptions:
    """Everything a run needs to know. ``jobs`` None: one worker per core (local) or a
    LocalCluster of that many (dask). ``id_from``: how files found in folders are named (see
    ``extractor.io.readers.ID_FROM``). ``verbose``: log each record's decisions on the
    ``extractor`` logger (the records carry them only with ``explain``)."""
    inputs: tuple[str, ...]
    output: Optional[str] = None
    output_dir: Optional[str] = None
    resume: bool = False
    model: str = pipeline.DEFAULT_MODEL
    doc_date: Optional[dt.date] = None
    engine: str = "local"
    jobs: Optional[int] = None
    scheduler: Optional[str] = None
    max_chars: int = local.DEFAULT_MAX_CHARS
    batch_size: int = local.DEFAULT_BATCH_SIZE
    partition_size: int = DEFAULT_PARTITION_SIZE
    explain: bool = False
    id_from: str = "stem"
    verbose: bool = False

    @classmethod
    def of(cls, **values) -> "ExtractOptions":
        """Options from command-line values, where None means "the default"."""
        given = {k: v for k, v in values.items() if v is not None}
        if "inputs" in given:
            given["inputs"] = tuple(given["inputs"])
        return cls(**given)

    def validate(self) -> None:
        """Raise on the first thing wrong, in the order the command has always checked them."""
        self._check_values()
        if self.output is not None:
            self._check_output()
        elif self.resume:
            raise OptionsError(Usage.RESUME_NEEDS_OUTPUT)
        if self.engine != "dask" and (self.scheduler or self.output_dir):
            raise OptionsError(Usage.DASK_ONLY)
        if self.output_dir is not None and (self.output is not None or self.resume):
            raise OptionsError(Usage.OUTPUT_DIR_EXCLUDES)
        check_inputs(list(self.inputs))

    def _check_values(self) -> None:
        # The command's own option types catch these first; library callers get the same words.
        if self.engine not in ENGINES:
            raise OptionsError(Usage.UNKNOWN_ENGINE.format(engine=self.engine, choices=", ".join(ENGINES)))
        if self.id_from not in ID_FROM:
            raise OptionsError(Usage.UNKNOWN_ID_FROM.format(id_from=self.id_from, choices=", ".join(ID_FROM)))
        if self.id_from == "path" and self.engine == "dask":
            raise OptionsError(Usage.ID_FROM_PATH_LOCAL_ONLY)
        for name in ("jobs", "max_chars", "batch_size", "partition_size"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise OptionsError(Usage.AT_LEAST_ONE.format(option=name.replace("_", "-"), value=value))

    def _check_output(self) -> None:
        out = Path(self.output).resolve()
        if not out.parent.is_dir():
            raise OptionsError(Usage.NO_OUTPUT_FOLDER.format(output=printable(self.output),
                                                             folder=printable(str(out.parent))))
        if out.is_dir():
            raise OptionsError(Usage.OUTPUT_UNWRITABLE.format(path=printable(self.output), reason="it is a folder"))
        if names_the_output(self.inputs, out):
            raise OptionsError(Usage.OUTPUT_IS_INPUT.format(output=printable(self.output)))


def names_the_output(inputs: Iterable[str], out: Path) -> bool:
    """One of the input paths is the (resolved) output file, also through a symlink."""
    return any(item != "-" and Path(item).exists() and Path(item).resolve() == out for item in inputs)


@dataclass(frozen=True)
class RunSummary:
    """What a finished run did. ``errors``: the failed documents of the output, those of the
    earlier run a ``--resume`` went on with included (what ``errors_path`` lists), so a resumed run
    ends as the uninterrupted run would. ``errors_path``: None when the claims went to a stream;
    ``loads_per_worker``: pipeline builds per Dask worker."""
    documents: int
    claims: int
    errors: int
    errors_path: Optional[Path]
    seconds: float
    loads_per_worker: Optional[dict] = None


class Progress:
    """What a run tells its caller as it goes; each method does nothing here."""

    def loaded(self) -> None:
        """The model is ready (the local engine loads it first); writing is about to start."""

    def started(self, done: int) -> None:
        """Writing starts; ``done`` documents were finished by an earlier run (``--resume``)."""

    def connected(self, client) -> None:
        """The Dask engine has its client."""

    def finished(self, result: local.Result) -> None:
        """One document is written (or failed: ``result.error``)."""

    def note(self, message: str) -> None:
        """Something the run says once (``--jobs`` capped at the cores)."""


def extract(options: ExtractOptions, *, on_progress: Optional[Progress] = None,
            stdout: Optional[TextIO] = None) -> RunSummary:
    """Run ``options``: claims to ``options.output`` (atomically, resumable), to the files of
    ``options.output_dir``, or as JSONL to ``stdout`` (default ``sys.stdout``)."""
    started = time.monotonic()
    progress = on_progress if on_progress is not None else Progress()
    options.validate()
    if options.output_dir is not None:
        Path(options.output_dir).mkdir(parents=True, exist_ok=True)
    # The writer first: its lock and the files it creates show an output that cannot be written
    # (another run, a read-only folder) at once, before the model is loaded.
    writer = _writer(options, stdout if stdout is not None else sys.stdout)
    try:
        # Looked up at call time: tests share one built pipeline by patching pipeline.build.
        nlp = pipeline.build(options.model) if options.engine == "local" else None
        progress.loaded()
        writer.start()
    except BaseException:
        writer.abort()
        raise
    progress.started(len(writer.done))
    stats: dict = {}
    results = _hinted(_results(options, nlp, writer, stats, progress), options.id_from)
    if options.verbose:
        results = _logged(results, keep=options.explain)
    documents, claims, _new_errors = _drain(results, writer, progress)
    if options.output_dir is not None:
        claims = sum(p["claims"] for p in writer.parts)
    return RunSummary(documents, claims, len(writer.errors), writer.errors_path, time.monotonic() - started,
                      stats.get("loads_per_worker"))


def _writer(options: ExtractOptions, stdout: TextIO):
    if options.output_dir is not None:
        return PartsWriter(options.output_dir)
    if options.output is not None:
        return FileWriter(options.output, resume=options.resume)
    return StreamWriter(stdout)


def _results(options: ExtractOptions, nlp, writer, stats: dict, progress: Progress) -> Iterator[local.Result]:
    """The engine's results, with repeated ids and documents an earlier run finished filtered
    the same way for both engines."""
    exclude = own_files(options.output)
    if options.engine == "dask":
        from .engines import dask as dask_engine
        computed = dask_engine.run(
            list(options.inputs), model=options.model, doc_date=options.doc_date, scheduler=options.scheduler,
            exclude=exclude, stats=stats, n_workers=options.jobs, partition_size=options.partition_size,
            batch_size=options.batch_size, max_chars=options.max_chars, output_dir=options.output_dir,
            on_connect=progress.connected, explain=_explained(options))
        return unique_results(_flatten_parts(computed, writer), set(writer.done), set(writer.failed_sources))
    # Copies: the writer adds each document it writes to its own set, and a later document with
    # the same id is a duplicate to report, not one an earlier run finished.
    items = unique_items(iter_inputs(list(options.inputs), doc_date=options.doc_date, exclude=exclude,
                                     id_from=options.id_from),
                         set(writer.done), set(writer.failed_sources))
    return local.run(items, model=options.model, nlp=nlp, jobs=options.jobs or local.default_jobs(),
                     batch_size=options.batch_size, max_chars=options.max_chars, explain=_explained(options),
                     on_note=progress.note)


def _explained(options: ExtractOptions) -> bool:
    """Whether the engine is asked for decisions: for the records (--explain) or for the log. Not
    for the log with --output-dir: the workers write those records themselves, unfiltered."""
    return options.explain or (options.verbose and options.output_dir is None)


def _hinted(results: Iterable[local.Result], id_from: str) -> Iterator[local.Result]:
    """Results whose duplicate-id error, for two files of one stem, says how to tell them apart."""
    for r in results:
        if (id_from == "stem" and r.error is not None and r.error.reason.startswith("duplicate document id")
                and Path(r.error.source).suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES):
            error = dataclasses.replace(r.error, reason=r.error.reason + Usage.DUPLICATE_ID_HINT)
            r = dataclasses.replace(r, error=error)
        yield r


def _logged(results: Iterable[local.Result], *, keep: bool) -> Iterator[local.Result]:
    """Results after their decisions are logged; without ``keep`` (--explain) the records lose
    them again, so that -v alone writes the records a plain run writes."""
    for r in results:
        if r.claims:
            for record in r.claims:
                _log_decisions(record)
            if not keep:
                r = dataclasses.replace(r, claims=[{k: v for k, v in c.items() if k != "decisions"}
                                                   for c in r.claims])
        yield r


def _log_decisions(record: dict) -> None:
    claim_id = printable(str(record.get("claim_id")))
    for d in record.get("decisions") or []:
        log.info("%s: %s by %s: %s", claim_id, d.get("action"), d.get("by"),
                 json.dumps(d.get("text"), ensure_ascii=False))


def _flatten_parts(values: Iterable, writer) -> Iterator[local.Result]:
    """Part summaries (``--output-dir``) into their per-document results; results pass through."""
    for value in values:
        if isinstance(value, dict):
            writer.parts.append(value)
            yield from value["results"]
        else:
            yield value


def _drain(results: Iterable[local.Result], writer, progress: Progress) -> tuple[int, int, int]:
    """Write every result; (documents, claims, errors). A broken pipe goes up untouched: the
    reader went away and there is nothing to keep."""
    documents = claims = errors = 0
    try:
        for result in results:
            writer.write(result.doc_id, result.claims, result.error)
            documents += 1
            if result.error is not None:
                errors += 1
            else:
                claims += len(result.claims or [])
            progress.finished(result)
        writer.finish()
    except (ModelError, EngineError, OutputError, InputError):
        writer.abort()
        raise
    except KeyboardInterrupt:
        writer.abort()
        raise RunInterrupted(documents) from None
    return documents, claims, errors


__all__ = ["ExtractOptions", "OptionsError", "Progress", "RunInterrupted", "RunSummary", "USAGE_ERRORS", "extract"]
