"""Reading inputs (txt, JSONL, stdin) into documents, and writing claims."""
from .readers import InputDoc, InputError, iter_inputs  # noqa: F401
