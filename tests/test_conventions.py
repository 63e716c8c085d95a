"""One convention across the commands that read claims: ``-`` for stdin, several files after one
option (what a shell glob expands to), folders, data on stdout and status on stderr, usage hints
that name the subcommand's help, and shell completion. No model is loaded."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEED_GOLD
from .test_cli import assert_error, invoke, stderr_of, stdout_of

GOLDEN = ROOT / "tests" / "data" / "golden"
SEED_CLAIMS = GOLDEN / "cibercuba-2026-01-31-amnesty.claims.jsonl"
DEV_GOLD = sorted((ROOT / "seeds" / "dev").glob("*.gold.jsonl"))
DEV_CLAIMS = [GOLDEN / p.name.replace(".gold.jsonl", ".claims.jsonl") for p in DEV_GOLD]


def _ok(args, **kw):
    result = invoke(args, **kw)
    assert result.exit_code == 0, stderr_of(result)
    return result


# --- - for stdin ----------------------------------------------------------------------------------

# (the command with FILE where it reads the claims, the file fed on stdin in place of "-")
STDIN_CASES = [
    (["evaluate", "--gold", SEED_GOLD, "--pred", "FILE", "--json"], SEED_CLAIMS),
    (["evaluate", "--gold", "FILE", "--pred", SEED_CLAIMS, "--json"], SEED_GOLD),
    (["summarize", "FILE", "--json"], SEED_CLAIMS),
    (["compare", "FILE"], SEED_CLAIMS),
    (["actors", "FILE"], SEED_CLAIMS),
    (["flatten", "FILE", "-o", "{tmp}/tables"], SEED_CLAIMS),
]


@pytest.mark.parametrize("args, path", STDIN_CASES, ids=["evaluate-pred", "evaluate-gold", "summarize", "compare",
                                                          "actors", "flatten"])
def test_dash_reads_the_same_claims_from_stdin(args, path, tmp_path):
    def run(value, **kw):
        return _ok([value if a == "FILE" else str(a).replace("{tmp}", str(tmp_path)) for a in args], **kw)
    from_file = run(path)
    tables = sorted((p.name, p.read_bytes()) for p in (tmp_path / "tables").glob("*")) if "flatten" in args else []
    from_stdin = run("-", input=path.read_text(encoding="utf-8"))
    assert stdout_of(from_stdin) == stdout_of(from_file)
    if "flatten" in args:
        assert tables and sorted((p.name, p.read_bytes()) for p in (tmp_path / "tables").glob("*")) == tables
    else:
        assert stdout_of(from_file) != ""


def test_report_reads_its_claims_from_stdin_and_says_so_on_stderr(tmp_path):
    out = tmp_path / "r.html"
    result = _ok(["report", "-", "-o", out], input=SEED_CLAIMS.read_text(encoding="utf-8"))
    assert stdout_of(result) == ""                             # status on stderr, not stdout
    assert stderr_of(result).strip() == f"extractor: wrote {out}"
    assert "Foro Penal" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ["evaluate", "--gold", "-", "--pred", "-"],
    ["summarize", "-", "-"],
    ["report", "-", "--gold", "-", "-o", "r.html"],
], ids=["evaluate", "summarize", "report"])
def test_stdin_given_twice_is_refused(args, tmp_path):
    result = invoke(args, input=SEED_CLAIMS.read_text(encoding="utf-8"))
    assert_error(result, "given more than once")
    assert result.exit_code == 2


@pytest.mark.parametrize("data, fragment", [(b"\x00\x01PNG", "<stdin>: binary data"),
                                            (b'{"doc_id": "d", "text": "Caf\xe9"}\n', "<stdin>: not valid UTF-8"),
                                            (b"{oops\n", "<stdin>:1: not valid JSON")],
                         ids=["binary", "latin-1", "bad-line"])
def test_bad_stdin_is_one_line_naming_stdin(data, fragment):
    result = invoke(["summarize", "-"], input=data)
    assert_error(result, fragment)


# --- several files after one option, folders --------------------------------------------------------

def _scores(args):
    return stdout_of(_ok([*args, "--json"]))


def test_several_gold_files_after_one_flag_equal_the_repeated_flag():
    repeated = [a for g in DEV_GOLD for a in ("--gold", g)]
    after_one = ["--gold", *DEV_GOLD]
    preds = ["--pred", *DEV_CLAIMS]
    assert _scores(["evaluate", *after_one, *preds]) == _scores(["evaluate", *repeated,
                                                                  *[a for p in DEV_CLAIMS for a in ("--pred", p)]])


def test_a_folder_reads_its_gold_files_for_gold_and_its_jsonl_files_for_predictions(tmp_path):
    preds = tmp_path / "preds"
    (preds / "sub").mkdir(parents=True)
    for i, p in enumerate(DEV_CLAIMS):
        shutil.copy(p, (preds / "sub" if i % 2 else preds) / p.name)
    (preds / "claims.errors.jsonl").write_text('{"doc_id": null, "source": "x", "error": "e"}\n', encoding="utf-8")
    files = ["evaluate", "--gold", *DEV_GOLD, "--pred", *DEV_CLAIMS]
    # seeds/dev holds .txt inputs and .meta.json sidecars too: --gold reads its *.gold.jsonl only
    folders = ["evaluate", "--gold", ROOT / "seeds" / "dev", "--pred", preds]
    assert _scores(folders) == _scores(files)


def test_several_docs_after_one_flag_for_report(tmp_path):
    doc = ROOT / "seeds" / "cibercuba-2026-01-31-amnesty.txt"
    out = tmp_path / "r.html"
    _ok(["report", SEED_CLAIMS, "-o", out, "--gold", SEED_GOLD, SEED_GOLD.parent / "dev", "--docs", doc])
    page = out.read_text(encoding="utf-8")
    assert "Related videos" in page                      # the whole article, from --docs


def test_values_end_at_double_dash(tmp_path):
    out = tmp_path / "r.html"
    _ok(["report", "-o", out, "--gold", SEED_GOLD, "--", SEED_CLAIMS])
    assert out.is_file()


def test_a_folder_without_jsonl_files(tmp_path):
    (tmp_path / "empty").mkdir()
    assert_error(invoke(["summarize", tmp_path / "empty"]), "empty: is a folder", "no .jsonl files")


# --- usage hints name the subcommand's help ---------------------------------------------------------

@pytest.mark.parametrize("args, command", [
    (["evaluate", "--nope"], "extractor evaluate --help"),
    (["evaluate", "--gold", SEED_GOLD], "extractor evaluate --help"),          # --pred missing
    (["report", SEED_CLAIMS], "extractor report --help"),                       # -o missing
    (["summarize"], "extractor summarize --help"),
    (["extract", "--jobs", "0", "x"], "extractor extract --help"),
    (["text", "--id"], "extractor text --help"),
    (["nope"], "extractor --help"),
], ids=["evaluate-option", "evaluate-missing", "report", "summarize", "extract", "text", "top-level"])
def test_usage_hint_names_the_subcommand_help(args, command):
    result = invoke(args)
    line = assert_error(result)
    assert line.endswith(f"(see '{command}')"), line
    assert result.exit_code == 2


# --- shell completion -------------------------------------------------------------------------------

@pytest.mark.parametrize("shell, marker", [("bash", "_extractor_completion()"), ("zsh", "#compdef extractor"),
                                           ("fish", "complete --no-files --command extractor")])
def test_shell_completion_script_is_printed(shell, marker):
    env = dict(os.environ, _EXTRACTOR_COMPLETE=f"{shell}_source", PYTHONPATH=str(Path(ROOT)))
    proc = subprocess.run([sys.executable, "-m", "extractor"], capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert marker in proc.stdout.decode(), proc.stdout.decode()[:300]
