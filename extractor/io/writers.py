"""Writing claims: to stdout, or to a file that appears only when complete.

A run writing ``OUT`` writes ``OUT.partial`` and logs each finished document in
``OUT.progress`` (its id, where its claims end in the partial file, its error if any). On
success the partial file is renamed to ``OUT`` and ``OUT.errors.jsonl`` lists the failed
documents. An interrupted run leaves both files; ``--resume`` cuts the partial file back to the
last finished document and goes on from there, so the result equals one uninterrupted run.
"""
from __future__ import annotations

import fcntl
import json
import contextlib
import os
import stat
from pathlib import Path
from typing import Optional, TextIO

from ..errors import OutputError, Usage
from .readers import DocError, printable


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def _one_line(record: dict) -> str:
    """A record as one line for every line splitter: JSON leaves U+0085, U+2028 and U+2029 raw,
    which ``str.splitlines`` and some editors take as line ends."""
    return dumps(record).replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _lines(claims: list, *, ascii_only: bool = False) -> str:
    return "".join(json.dumps(c, ensure_ascii=ascii_only) + "\n" for c in claims)


def _write_claims(stream: TextIO, claims: list) -> None:
    """Claims as JSONL; a record the stream cannot encode (a lone surrogate, a non-UTF-8 stdout)
    is written with JSON's \\u escapes instead, so the output stays valid JSON in its encoding."""
    try:
        stream.write(_lines(claims))
    except UnicodeEncodeError:  # nothing was written: the text is encoded before it is written
        stream.write(_lines(claims, ascii_only=True))


class StreamWriter:
    """Claims to a text stream (stdout); errors are only collected."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.errors: list[DocError] = []
        self.done: set[str] = set()
        self.failed_sources: set[str] = set()
        self.errors_path = None
        self.written = 0

    def start(self) -> None:
        pass

    def write(self, doc_id: Optional[str], claims: Optional[list], error: Optional[DocError]) -> None:
        if error is not None:
            self.errors.append(error)
            return
        try:
            if claims:
                _write_claims(self.stream, claims)
            self.stream.flush()
        except BrokenPipeError:
            raise  # the reader went away (| head): the command stops quietly
        except OSError as exc:
            raise _failed("<stdout>", exc, self.written) from None
        self.written += 1

    def finish(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _failed("<stdout>", exc, self.written) from None

    def abort(self) -> None:
        pass


def _failed(path, exc: OSError, documents: int) -> OutputError:
    what = (f"{documents} documents were written before it" if documents
            else "nothing was written")
    return OutputError(Usage.OUTPUT_FAILED.format(path=printable(str(path)), reason=exc.strerror or exc, what=what),
                       documents=documents)


def side_files(path: str | Path) -> tuple[Path, Path, Path]:
    """The files a run writing ``path`` keeps beside it: partial output, progress log, errors."""
    path = Path(path)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return (path.with_name(path.name + ".partial"), path.with_name(path.name + ".progress"),
            path.with_name(stem + ".errors.jsonl"))


def lock_file(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".lock")


def writes_in_place(path: str | Path) -> bool:
    """A device node, pipe or socket (``/dev/null``, ``/dev/stdout``, a FIFO) is written to as it
    is: renaming a finished file over it would replace a system file with a regular file."""
    try:
        st = os.stat(path)  # follows links: /dev/stdout is a link to the real stream
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode) or os.path.abspath(path).startswith(("/dev/", "/proc/"))


def target_of(path: str | Path) -> Path:
    """The file a run writing ``path`` replaces: a symlink's target (the link itself is kept), or
    ``path``."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)


class _Lock:
    """An exclusive ``flock`` on ``OUT.lock``: a second run writing the same output refuses at
    once instead of interleaving its lines with the first one's."""

    def __init__(self, path: Path, output: str):
        self.path = path
        for _attempt in range(3):
            fd = self._open(output)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if os.fstat(fd).st_ino == os.stat(path).st_ino:
                    self.fd: Optional[int] = fd
                    return
            except (BlockingIOError, FileNotFoundError):
                os.close(fd)
                raise OutputError(Usage.OUTPUT_LOCKED.format(output=printable(output),
                                                             lock=printable(str(path)))) from None
            os.close(fd)  # the run before unlinked the file we locked: lock the new one
        raise OutputError(Usage.OUTPUT_LOCKED.format(output=printable(output), lock=printable(str(path))))

    def _open(self, output: str) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            # The first file the run creates: a read-only mount or a folder without write
            # permission shows here, before anything is read.
            raise OutputError(Usage.OUTPUT_UNWRITABLE.format(path=printable(output),
                                                             reason=exc.strerror or exc)) from None

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX: the directory entry lives in the folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot sync a folder; the file itself was synced
    finally:
        os.close(fd)


class FileWriter:
    """Claims to ``path``, atomically, durably, resumable, under an exclusive lock. A device node
    or pipe is written directly; a symlink's target is written (atomically) and the link kept.
    The constructor takes the lock and checks the side files; :meth:`start` opens them."""

    def __init__(self, path: str | Path, *, resume: bool = False):
        self.given = str(path)
        self.resume = resume
        self.errors: list[DocError] = []
        self.done: set[str] = set()
        self.failed_sources: set[str] = set()
        self.written = 0
        self.fh = self.log = None
        self.direct = writes_in_place(path)
        self.lock: Optional[_Lock] = None
        if self.direct:
            if resume:
                raise OutputError(Usage.RESUME_NOT_A_FILE.format(output=printable(self.given)))
            self.path = Path(path)
            self.errors_path = None
            return
        self.path = target_of(path)
        self.partial, self.progress_path, self.errors_path = side_files(self.path)
        self.lock = _Lock(lock_file(self.path), self.given)
        for side in (self.partial, self.progress_path, self.errors_path):
            if side.is_dir():
                self.lock.release()
                raise OutputError(Usage.OUTPUT_UNWRITABLE.format(path=printable(str(side)), reason="it is a folder"))

    def start(self) -> None:
        try:
            if self.direct:
                self.fh = open(self.path, "w", encoding="utf-8", newline="\n")
            elif self.resume:
                self._recover()
            else:
                self.fh = open(self.partial, "w", encoding="utf-8", newline="\n")
                self.log = open(self.progress_path, "w", encoding="utf-8", newline="\n")
        except OutputError:
            self.abort()
            raise
        except OSError as exc:
            self.abort()
            raise _failed(self.given, exc, 0) from None

    def _recover(self) -> None:
        """Keep what an earlier run finished: an interrupted run's progress log, or a complete OUT."""
        if self.partial.exists() and self.progress_path.exists():
            entries = self._reopen_partial()
        else:
            entries = self._restart_from_output()
        for entry in entries:
            if entry.get("doc_id") is not None:
                self.done.add(entry["doc_id"])
            if entry.get("error"):
                e = entry["error"]
                self.errors.append(DocError(e["source"], e["error"], e.get("doc_id")))
                self.failed_sources.add(e["source"])
        offset = self.fh.tell()
        self.log = open(self.progress_path, "w", encoding="utf-8", newline="\n")
        for entry in entries:
            entry["offset"] = entry.get("offset") if entry.get("offset") is not None else offset
            self.log.write(dumps(entry) + "\n")
        self.log.flush()

    def _reopen_partial(self) -> list[dict]:
        """An interrupted run: its logged documents, the partial file cut back to the last of them."""
        entries = []
        with open(self.progress_path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    entries.append(json.loads(line))
                except json.JSONDecodeError:
                    break  # the last line may have been cut by the interruption
        self.fh = open(self.partial, "r+", encoding="utf-8", newline="\n")
        self.fh.seek(entries[-1]["offset"] if entries else 0)
        self.fh.truncate()
        return entries

    def _restart_from_output(self) -> list[dict]:
        """A complete earlier output (if any): its documents are done and copied into the new
        partial file, its errors are kept; new documents are appended."""
        lines = _finished_lines(self.path, self.given) if self.path.exists() else []
        self.fh = open(self.partial, "w", encoding="utf-8", newline="\n")
        entries, seen = [], set()
        for line, doc_id in lines:
            self.fh.write(line)
            if doc_id is not None and doc_id not in seen:
                seen.add(doc_id)
                entries.append({"doc_id": doc_id, "offset": None})
        self.fh.flush()
        if self.errors_path.exists():
            with open(self.errors_path, encoding="utf-8") as src:
                for line in src:
                    if line.strip():
                        rec = json.loads(line)
                        entries.append({"doc_id": rec.get("doc_id"), "offset": None, "error": rec})
        return entries

    def write(self, doc_id: Optional[str], claims: Optional[list], error: Optional[DocError]) -> None:
        try:
            if claims:
                _write_claims(self.fh, claims)
            self.fh.flush()
            if self.log is not None:
                entry = {"doc_id": doc_id, "offset": self.fh.tell()}
                if error is not None:
                    entry["error"] = error.as_record()
                self.log.write(dumps(entry) + "\n")
                self.log.flush()
        except OSError as exc:
            raise _failed(self.given, exc, self.written) from None
        if error is not None:
            self.errors.append(error)
        if doc_id is not None:
            self.done.add(doc_id)
        self.written += 1

    def finish(self) -> None:
        try:
            self._finish()
        except OSError as exc:
            self.abort()
            raise _failed(self.given, exc, self.written) from None

    def _finish(self) -> None:
        if self.direct:
            self.fh.close()
            return
        # Durable, not only atomic: the data reaches the disk before the name OUT points to it,
        # so a power cut leaves the old OUT or the complete new one, never an empty OUT.
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        self.log.close()
        if self.errors:
            tmp = self.errors_path.with_name(self.errors_path.name + ".partial")
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.write("".join(_one_line(e.as_record()) + "\n" for e in self.errors))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.errors_path)
        elif self.errors_path.exists():
            self.errors_path.unlink()
        os.replace(self.partial, self.path)
        _fsync_folder(self.path.parent)
        self.progress_path.unlink(missing_ok=True)
        self.lock.release()

    def abort(self) -> None:
        """Leave the partial file and the progress log for --resume; release the lock."""
        for fh in (self.fh, self.log):
            if fh is None:
                continue
            try:
                fh.flush()
            except (OSError, ValueError):
                pass
            try:
                fh.close()
            except (OSError, ValueError):
                pass  # a full disk: the buffered rest is lost, the progress log says what is kept
        if self.lock is not None:
            self.lock.release()


def _finished_lines(path: Path, given: str) -> list[tuple[str, Optional[str]]]:
    """The lines of a finished OUT with their doc ids. A last line cut short (a copy or a disk
    that filled up) is dropped with the rest of its document, which is then extracted again."""
    out: list[tuple[str, Optional[str]]] = []
    cut = False
    with open(path, encoding="utf-8", errors="replace", newline="\n") as src:
        for number, line in enumerate(src, start=1):
            try:
                record = json.loads(line)
                if not line.endswith("\n") or not isinstance(record, dict):
                    raise ValueError("the line is cut short")
            except ValueError as exc:
                if line.endswith("\n"):
                    raise OutputError(Usage.RESUME_BAD_OUTPUT.format(output=printable(given), line=number,
                                                                     reason=str(exc).split(":")[0])) from None
                cut = True
                break
            out.append((line, record.get("doc_id")))
    if cut and out:
        last = out[-1][1]
        while out and out[-1][1] == last:
            out.pop()
    return out


class PartsWriter:
    """``--output-dir``: the workers wrote the claims (:func:`write_part`); here only the
    errors and, at the end, the manifest."""

    def __init__(self, output_dir: str | Path):
        self.written = 0
        self.output_dir = str(output_dir)
        self.errors: list[DocError] = []
        self.done: set[str] = set()
        self.failed_sources: set[str] = set()
        self.parts: list[dict] = []
        self.errors_path = Path(output_dir) / "manifest.json"

    def write(self, doc_id: Optional[str], claims: Optional[list], error: Optional[DocError]) -> None:
        if error is not None:
            self.errors.append(error)

    def start(self) -> None:
        pass

    def finish(self) -> None:
        write_manifest(self.output_dir, self.parts, self.errors)

    def abort(self) -> None:
        pass


def write_part(output_dir: str | Path, index: int, results: list) -> dict:
    """One partition's claims as ``part-NNNNNN.jsonl`` in ``output_dir`` (complete or absent),
    and its line in the manifest."""
    name = f"part-{index:06d}.jsonl"
    target = Path(output_dir) / name
    tmp = target.with_name(name + f".tmp-{os.getpid()}")
    claims = 0
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for r in results:
            for c in r.claims or []:
                fh.write(dumps(c) + "\n")
                claims += 1
    os.replace(tmp, target)
    return {"file": name, "documents": len(results), "claims": claims}


def write_manifest(output_dir: str | Path, parts: list[dict], errors: list[DocError]) -> Path:
    manifest = {
        "parts": [{k: p[k] for k in ("file", "documents", "claims")} for p in parts],
        "documents": sum(p["documents"] for p in parts),
        "claims": sum(p["claims"] for p in parts),
        "errors": [e.as_record() for e in errors],
    }
    path = Path(output_dir) / "manifest.json"
    tmp = path.with_name("manifest.json.tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def own_files(output: Optional[str | Path]) -> frozenset:
    """The files a run writing ``output`` writes, which a folder input must not read back (OUT
    inside the folder)."""
    if output is None:
        return frozenset()
    out = Path(output).resolve()
    return frozenset({out, *side_files(out), lock_file(out)})


def write_atomically(path: str | Path, text: str) -> None:
    """``text`` to ``path``, which holds either its old content or all of the new, never a part;
    a disk or folder that refuses it raises ``OutputError`` (and leaves no temporary file)."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _failed(path, exc, 0) from None
