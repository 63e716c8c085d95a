"""extractor compare, extractor actors and evaluate --groups, on the bundled stories' gold claims."""
import json

from click.testing import CliRunner

from extractor.cli import main
from tests.conftest import ROOT

STORIES = ROOT / "seeds" / "stories"


def invoke(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


def test_compare_writes_figure_groups_and_says_so_on_stderr(tmp_path):
    out = tmp_path / "figures.jsonl"
    result = invoke("compare", STORIES, "-o", out)
    assert result.exit_code == 0, result.output
    groups = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert groups and {g["status"] for g in groups} <= {"agree", "update", "conflict", "single"}
    assert [g["group_id"] for g in groups] == [f"g{n:05d}" for n in range(1, len(groups) + 1)]
    assert all(set(g) == {"group_id", "quantity", "unit", "kind", "period", "status", "reports"} for g in groups)
    assert any(g["status"] == "conflict" and len({r["doc_id"] for r in g["reports"]}) > 1 for g in groups)
    assert "figure groups" in result.stderr and result.stdout == ""


def test_compare_to_stdout_equals_the_file(tmp_path):
    out = tmp_path / "figures.jsonl"
    assert invoke("compare", STORIES, "-o", out).exit_code == 0
    assert invoke("compare", STORIES).stdout == out.read_text(encoding="utf-8")


def test_evaluate_groups_scores_gold_against_itself_perfectly(tmp_path):
    gold = sorted(STORIES.glob("*/groups.gold.jsonl"))
    as_figures = tmp_path / "figures.jsonl"
    lines = []
    for path in gold:
        for line in path.read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            lines.append(json.dumps({"group_id": g["group_id"], "status": g["status"],
                                     "reports": [{"doc_id": c["doc_id"], "text": c["text"], "claim": c.get("claim")}
                                                 for c in g["counts"]]}))
    as_figures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("evaluate", "--groups", STORIES, "--pred", as_figures, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["pairwise"]["f1"] == 1.0 and scores["status"]["accuracy"] == 1.0


def test_evaluate_without_gold_or_groups_is_a_usage_error():
    result = invoke("evaluate", "--pred", STORIES / "x.jsonl")
    assert result.exit_code == 2 and "evaluate needs --gold" in result.output


def test_actors_lists_one_line_per_actor_across_documents():
    result = invoke("actors", STORIES)
    assert result.exit_code == 0, result.output
    actors = [json.loads(line) for line in result.stdout.splitlines()]
    names = [a["name"] for a in actors]
    assert len(names) == len(set(names))
    top = actors[0]
    assert top["n_claims"] >= actors[-1]["n_claims"] and top["n_documents"] >= 1
