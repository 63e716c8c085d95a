"""The shape the code keeps (docs/architecture.md): small functions, no rule data in stage
modules. Complexity is ruff's McCabe check (``make test`` runs ruff); length is checked here."""
import ast

import pytest

from tests.conftest import ROOT

MAX_LINES = 50
SOURCES = sorted((ROOT / "extractor").rglob("*.py"))


def _functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node.end_lineno - node.lineno + 1


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_is_longer_than_fifty_lines(path):
    long = [(name, n) for name, n in _functions(path) if n > MAX_LINES]
    assert long == []


@pytest.mark.parametrize("path", sorted((ROOT / "extractor" / "components").glob("*.py")), ids=lambda p: p.name)
def test_stage_modules_read_no_rule_files(path):
    """Rules reach a stage through its pack (``Stage.compile``), never a module-level loader."""
    text = path.read_text(encoding="utf-8")
    assert "load_json(" not in text and "load_jsonl(" not in text
