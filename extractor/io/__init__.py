"""Reading inputs (txt, HTML, JSONL, stdin) into documents, and writing claims."""
from .readers import DocError, InputDoc, InputError, iter_inputs  # noqa: F401
