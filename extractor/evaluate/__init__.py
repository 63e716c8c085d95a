"""Scoring predicted claims against gold claims (claims-spec 7)."""
from .metrics import FIELDS, evaluate_files, evaluate_records  # noqa: F401
