"""spaCy components, one per extraction stage, and a faster drop-in for the model's attribute ruler;
importing this registers their factories."""
from . import actors, attribution, counts, dates, ruler, sentences  # noqa: F401
