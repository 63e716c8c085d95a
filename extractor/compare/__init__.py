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
    """Figure-group records (what ``compare`` writes) of JSONL files."""
    return [g.model_dump(mode="json") for g in _read(paths, FigureGroup, groups=False)]


def read_gold_groups(paths) -> list[GoldGroup]:
    return _read(paths, GoldGroup, groups=True)


def _read(paths, model, *, groups: bool):
    """Records of ``model`` in JSONL files (``-``: stdin; a folder: its ``*.jsonl`` files)."""
    from ..evaluate.metrics import EvaluationError
    from ..io.readers import InputError, claims_files, read_stdin, stdin_text
    from ..schemas import RecordError, iter_jsonl
    out = []
    try:
        files = claims_files([str(p) for p in paths], groups=groups)
        for path in files:
            text = stdin_text(read_stdin()) if path == "-" else None
            out.extend(iter_jsonl("<stdin>" if path == "-" else path, model, text=text))
    except OSError as exc:
        raise EvaluationError(f"{exc.filename or '<stdin>'}: {exc.strerror or exc}") from None
    except (RecordError, InputError) as exc:
        raise EvaluationError(str(exc)) from None
    except ValueError as exc:  # stdin that is binary, not UTF-8 or closed
        raise EvaluationError(f"<stdin>: {exc}") from None
    return out
