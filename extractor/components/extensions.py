"""The Doc/Span extensions the components write, declared once."""
from __future__ import annotations

from spacy.tokens import Doc, Span


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get("claims_text")
    if text is None:
        text = doc.user_data["claims_text"] = doc.text
    return text


def lowers(doc: Doc) -> list[str]:
    """Lower-case token texts, computed once: comparing Python lists is much cheaper than
    creating a Token object for every look at a word."""
    found = doc.user_data.get("claims_lowers")
    if found is None:
        found = doc.user_data["claims_lowers"] = [t.lower_ for t in doc]
    return found


def texts(doc: Doc) -> list[str]:
    """Token texts, computed once (see ``lowers``)."""
    found = doc.user_data.get("claims_texts")
    if found is None:
        found = doc.user_data["claims_texts"] = [t.text for t in doc]
    return found


def sent_starts(doc: Doc) -> list[int]:
    """Token indices where sentences start, computed once: iterating ``doc.sents`` is costly."""
    found = doc.user_data.get("claims_sent_starts")
    if found is None:
        found = doc.user_data["claims_sent_starts"] = [s.start for s in doc.sents]
    return found


def ents_of_label(doc: Doc, label: str) -> list[Span]:
    key = ("claims_ents", label)
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = [e for e in doc.ents if e.label_ == label]
    return found


def register() -> None:
    for name, default in (("doc_date", None), ("doc_id", None), ("claims", None), ("actor_mentions", None),
                          ("quote_spans", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name in ("actors", "counts", "dates", "attribution"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register()
