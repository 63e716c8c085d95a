"""Where a document of the report comes from, so a reader can trace a claim back to it: its
title, date, source path and URL, from the ``NAME.meta.json`` sidecar (which wins, as it does
for ``extract``) and, for an HTML page, the page's own metadata (trafilatura reads the string
only; nothing is fetched)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

from ..io.readers import HTML_SUFFIXES, InputDoc, TEXT_SUFFIXES, _meta, decode


@dataclass(frozen=True)
class DocSource:
    path: Optional[str] = None    # as given on the command line, or "FILE.jsonl:LINE"
    title: Optional[str] = None
    date: Optional[dt.date] = None
    url: Optional[str] = None


def page_metadata(html: str) -> DocSource:
    """Title, date and URL (canonical link or og:url) an HTML page declares about itself."""
    from trafilatura.metadata import extract_metadata  # lazily: only HTML inputs need it

    found = extract_metadata(html)
    if found is None:
        return DocSource()
    date = None
    if found.date:
        try:
            date = dt.date.fromisoformat(str(found.date)[:10])
        except ValueError:
            date = None
    return DocSource(title=found.title or None, date=date, url=found.url or None)


def source_of(doc: InputDoc) -> DocSource:
    """The provenance of a document read for the report. A JSONL record has only its place
    and date; a file its sidecar and, for HTML, its page metadata too."""
    found = DocSource(path=doc.source, date=doc.date)
    path = Path(doc.source) if doc.source else None
    if path is None or path.suffix.lower() not in TEXT_SUFFIXES | HTML_SUFFIXES or not path.is_file():
        return found
    if path.suffix.lower() in HTML_SUFFIXES:
        try:
            page = page_metadata(decode(path.read_bytes(), name=str(path)))
        except (OSError, ValueError):  # the text was read; a page whose metadata is not is no error
            page = DocSource()
        found = replace(found, title=page.title, url=page.url, date=found.date or page.date)
    meta = _meta(path)  # already read once without error by read_document
    if meta is not None:
        found = replace(found, title=meta.title or found.title, url=meta.url or found.url,
                        date=meta.date or found.date)
    return found
