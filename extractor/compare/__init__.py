"""Across articles: figure groups (who reports which figure, agreeing or not) and actors."""
from .figures import STATUSES, figure_groups  # noqa: F401
from .actors import actor_index  # noqa: F401
from .scoring import FigureGroup, GoldGroup, format_group_scores, score_groups  # noqa: F401


def read_claim_dicts(paths) -> list[dict]:
    """Claim records of JSONL files as plain data (tolerant: gold or predicted, ours or others').
    Raises ``EvaluationError`` with a one-line ``FILE[:LINE]: reason``."""
    from ..evaluate.metrics import read_claims
    return [c.model_dump(mode="json") for c in read_claims(list(paths))]


def read_figures(paths) -> list[dict]:
    """Figure-group records (what ``compare`` writes) of JSONL files, ``-`` or folders."""
    from ..evaluate.metrics import read_records
    return [g.model_dump(mode="json") for g in read_records(paths, FigureGroup)]


def read_gold_groups(paths) -> list[GoldGroup]:
    """Hand-labelled figure groups: files, ``-``, or folders (their ``groups.gold.jsonl`` files)."""
    from ..evaluate.metrics import read_records
    return read_records(paths, GoldGroup, groups=True)
