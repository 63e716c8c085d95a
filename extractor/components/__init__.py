"""spaCy components, one per extraction stage; importing this registers their factories."""
from . import actors, attribution, counts, dates, sentences  # noqa: F401
