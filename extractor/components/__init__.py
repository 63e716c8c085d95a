"""spaCy components, one per extraction stage, and faster drop-ins for the model's attribute ruler and
lemmatizer; importing this registers their factories."""
from . import actors, attribution, counts, dates, lemmas, ruler, sentences  # noqa: F401
