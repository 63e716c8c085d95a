"""Every message the library raises, with a code, in one place (as ``spacy/errors.py``).

``Errors.E010.format(...)`` gives ``"[E010] ..."``; the code lets a user search for a message
and a test assert on it without matching its words. The CLI prints library errors as they are,
on one line.
"""
from __future__ import annotations


class _WithCodes(type):
    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("E") and code[1:].isdigit():
            return f"[{code}] {msg}"
        return msg


class Errors(metaclass=_WithCodes):
    # rule packs
    E001 = "{file}: {key}: {reason}"
    E002 = "{file}: not a rule file of the pack (known files: {known})"
    E003 = "the rule pack '{lang}' lacks {missing}"
    E004 = "rule pack not found: expected models/{lang}/ beside the package or in EXTRACTOR_MODELS_DIR"
    # stages
    E010 = ("{stage} needs {needed} before it in the pipeline (nlp.add_pipe(\"{needed}\") first); "
            "the pipeline is: {pipe_names}")
    # the model
    E020 = "cannot load spaCy model {model!r}: {reason}"
    E021 = "spaCy model {model!r} lacks {missing}, which the extractor needs"


class Usage:
    """Messages about how the command was used. The CLI prints them as they are, after
    ``extractor: error:``, so they carry no code: users read them, scripts test exit codes."""
    RESUME_NEEDS_OUTPUT = "--resume needs --output: there is nothing to resume on stdout"
    DASK_ONLY = "--scheduler and --output-dir need --engine dask"
    OUTPUT_DIR_EXCLUDES = "--output-dir writes one file per partition: it excludes --output and --resume"
    UNKNOWN_ENGINE = "unknown engine {engine!r} (choose from {choices})"
    AT_LEAST_ONE = "--{option} must be at least 1, not {value}"
    NO_OUTPUT_FOLDER = "{output}: the folder {folder} does not exist"
    OUTPUT_IS_INPUT = "{output}: the output file is also an input"
    OUTPUT_IN_INPUT_FOLDER = ("{output}: the output file is inside the input folder {folder}, "
                              "where it would be read as claims")
    NO_SUCH_INPUT = "{path}: no such file or folder"
    DASK_MISSING = "the dask engine needs dask and distributed: pip install 'extractor[dask]'"
    DASK_UNREACHABLE = "cannot reach the Dask scheduler at {scheduler}: {reason}"
    PARQUET_MISSING = "--to parquet needs pyarrow: pip install 'extractor[parquet]'"
    NO_SUCH_CLAIMS = "{path}: no such file"
    CLAIMS_IS_FOLDER = "{path}: is a folder, expected a claims JSONL file"
    REPEATED_CLAIM_ID = "{path}: claim_id {claim_id!r} repeats one read before (in {first})"
    NOT_A_FOLDER = "{path}: exists and is not a folder"
    UNKNOWN_TABLE_FORMAT = "unknown table format {to!r} (choose from {choices})"
    BAD_DATE = "date {value!r}: {reason}"
    BAD_DOCUMENT = "document {number}: {reason}"
    REPEATED_DOC_ID = "document {number}: the id {doc_id!r} repeats an earlier document's"
    JOBS_CAPPED = ("--jobs {jobs}: starting at most {workers} worker processes, one per core "
                   "(more would only share the same cores)")
    STDIN_CLOSED = "-: standard input is closed, there is nothing to read"
    OUTPUT_LOCKED = ("{output}: another extractor run is writing this output (it holds {lock}); "
                     "wait for it to end or choose another -o")
    OUTPUT_UNWRITABLE = "{path}: cannot write the output: {reason}"
    OUTPUT_FAILED = "{path}: writing the output failed: {reason}; {what}"
    RESUME_NOT_A_FILE = "{output}: --resume needs a regular file, not a device or pipe"
    RESUME_BAD_OUTPUT = "{output}:{line}: not a claims record, so the output cannot be resumed: {reason}"
    NO_CLAIMS_IN_FOLDER = "{path}: is a folder, expected a JSONL file or a folder holding some (it has no .jsonl files)"
    UNKNOWN_ID_FROM = "unknown --id-from {id_from!r} (choose from {choices})"
    ID_FROM_PATH_LOCAL_ONLY = "--id-from path works with --engine local only (the dask workers name files by stem)"
    DUPLICATE_ID_HINT = "; use --id-from path for ids from the folder structure"
    NOT_AN_INPUT = "a {kind}, which extract never reads as an input; {use}"
    NO_SUCH_ID = "{path}: no document with the id {doc_id!r}"
    STDIN_TWICE = "- (standard input) is given more than once; it can be read only once"


class ExtractorError(Exception):
    """Base of the library's own errors."""


class PackError(ExtractorError, ValueError):
    """A rule pack that cannot be used: a missing file, an unknown or missing key."""


class PipelineError(ExtractorError, ValueError):
    """A stage added to a pipeline that lacks what the stage needs."""


class ModelError(ExtractorError, RuntimeError):
    """The spaCy model could not be loaded."""


class OptionsError(ExtractorError, ValueError):
    """Options that cannot work together (or an output that cannot be written): nothing was done."""


class InputError(ExtractorError, ValueError):
    """An input that cannot be read at all (a path that does not exist); the message names it."""


class EngineError(ExtractorError, RuntimeError):
    """An engine cannot run (a missing optional dependency, an unreachable scheduler)."""


class TableError(ExtractorError, ValueError):
    """Claims that cannot be written as tables (``extractor flatten``): a bad line, a repeated
    claim_id, a missing optional writer. The message names the file (and line)."""



class OutputError(ExtractorError, RuntimeError):
    """The output cannot be written (a full disk, a read-only folder, another run holding it).
    ``documents``: how many documents had been written when it happened (0: nothing was)."""

    def __init__(self, message: str, *, documents: int = 0):
        super().__init__(message)
        self.message, self.documents = message, documents

    def __str__(self) -> str:
        return self.message
