"""Across articles: figure groups (who reports which figure, agreeing or not) and actors."""
from .figures import STATUSES, figure_groups  # noqa: F401
