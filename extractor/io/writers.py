"""Writing claims: to stdout, or to a file that appears only when complete.

A run writing ``OUT`` writes ``OUT.partial`` and logs each finished document in
``OUT.progress`` (its id, where its claims end in the partial file, its error if any). On
success the partial file is renamed to ``OUT`` and ``OUT.errors.jsonl`` lists the failed
documents. An interrupted run leaves both files; ``--resume`` cuts the partial file back to the
last finished document and goes on from there, so the result equals one uninterrupted run.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional, TextIO

from .readers import DocError


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


class StreamWriter:
    """Claims to a text stream (stdout); errors are only collected."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.errors: list[DocError] = []
        self.done: set[str] = set()
        self.failed_sources: set[str] = set()

    def write(self, doc_id: Optional[str], claims: Optional[list], error: Optional[DocError]) -> None:
        if error is not None:
            self.errors.append(error)
            return
        self.stream.write("".join(dumps(c) + "\n" for c in claims or []))
        self.stream.flush()

    def finish(self) -> None:
        self.stream.flush()

    def abort(self) -> None:
        pass


def side_files(path: str | Path) -> tuple[Path, Path, Path]:
    """The files a run writing ``path`` keeps beside it: partial output, progress log, errors."""
    path = Path(path)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return (path.with_name(path.name + ".partial"), path.with_name(path.name + ".progress"),
            path.with_name(stem + ".errors.jsonl"))


class FileWriter:
    """Claims to ``path``, atomically, resumable."""

    def __init__(self, path: str | Path, *, resume: bool = False):
        self.path = Path(path)
        self.partial, self.progress_path, self.errors_path = side_files(self.path)
        self.errors: list[DocError] = []
        self.done: set[str] = set()
        self.failed_sources: set[str] = set()
        if resume:
            self._recover()
        else:
            self.fh = open(self.partial, "w", encoding="utf-8", newline="\n")
            self.log = open(self.progress_path, "w", encoding="utf-8", newline="\n")

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
        self.fh = open(self.partial, "w", encoding="utf-8", newline="\n")
        entries = []
        if self.path.exists():
            with open(self.path, encoding="utf-8") as src:
                for line in src:
                    self.fh.write(line)
                    doc_id = json.loads(line).get("doc_id")
                    if doc_id is not None and doc_id not in self.done:
                        self.done.add(doc_id)
                        entries.append({"doc_id": doc_id, "offset": None})
            self.fh.flush()
        if self.errors_path.exists():
            with open(self.errors_path, encoding="utf-8") as src:
                for line in src:
                    rec = json.loads(line)
                    entries.append({"doc_id": rec.get("doc_id"), "offset": None, "error": rec})
        return entries

    def write(self, doc_id: Optional[str], claims: Optional[list], error: Optional[DocError]) -> None:
        if claims:
            self.fh.write("".join(dumps(c) + "\n" for c in claims))
        self.fh.flush()
        entry = {"doc_id": doc_id, "offset": self.fh.tell()}
        if error is not None:
            self.errors.append(error)
            entry["error"] = error.as_record()
        self.log.write(dumps(entry) + "\n")
        self.log.flush()
        if doc_id is not None:
            self.done.add(doc_id)

    def finish(self) -> None:
        self.fh.close()
        self.log.close()
        if self.errors:
            tmp = self.errors_path.with_name(self.errors_path.name + ".partial")
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.write("".join(dumps(e.as_record()) + "\n" for e in self.errors))
            os.replace(tmp, self.errors_path)
        elif self.errors_path.exists():
            self.errors_path.unlink()
        os.replace(self.partial, self.path)
        self.progress_path.unlink(missing_ok=True)

    def abort(self) -> None:
        """Leave the partial file and the progress log for --resume."""
        for fh in (self.fh, self.log):
            try:
                fh.flush()
                fh.close()
            except (OSError, ValueError):
                pass


class PartsWriter:
    """``--output-dir``: the workers wrote the claims (:func:`write_part`); here only the
    errors and, at the end, the manifest."""

    def __init__(self, output_dir: str | Path):
        self.output_dir = str(output_dir)
        self.errors: list[DocError] = []
        self.done: set[str] = set()
        self.failed_sources: set[str] = set()
        self.parts: list[dict] = []
        self.errors_path = Path(output_dir) / "manifest.json"

    def write(self, doc_id: Optional[str], claims: Optional[list], error: Optional[DocError]) -> None:
        if error is not None:
            self.errors.append(error)

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
    return frozenset({out, *side_files(out)})


def write_atomically(path: str | Path, text: str) -> None:
    """``text`` to ``path``, which holds either its old content or all of the new, never a part."""
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)
