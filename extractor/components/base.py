"""What every claim stage shares, in the shape of spaCy's own rulers (``SpanRuler``).

A stage is a ``Stage`` subclass made by a ``@Language.factory`` with ``requires``, ``assigns``
and a ``default_config``. It holds its rule pack (``extractor.packs.Pack``), compiled once into
the stage's own rules object; ``to_disk``/``from_disk`` save and restore the pack with the
pipeline, as ``SpanRuler`` keeps its patterns. A stage whose prerequisite is missing raises
``PipelineError`` (``E010``) when it is added, and again when a Doc reaches it without the
data the earlier stage writes: never a silent no-op.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterable, Iterator, Optional

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import Errors, PipelineError
from ..packs import Pack
from ..resources import models_dir
from . import extensions


@lru_cache(maxsize=None)
def _pack_at(path: str) -> Pack:
    # Keyed by folder: two packs in one process are two entries, never one global set of rules.
    return Pack.from_dir(Path(path))


def default_pack(lang: str = "en", path: Optional[str] = None) -> Pack:
    """The pack at ``path``, else the bundled pack of ``lang``; each folder is read once."""
    return _pack_at(str(Path(path).resolve()) if path else str(models_dir(lang)))


class Stage:
    """A claim stage: a pure ``process(doc)`` over a compiled rules object.

    Subclasses set ``needs`` (the stages that must run before) and implement ``compile`` (pack
    -> rules) and ``process`` (Doc -> Doc).
    """
    needs: ClassVar[tuple[str, ...]] = ()

    def __init__(self, nlp: Language, name: str, *, lang: str = "en", pack_path: Optional[str] = None) -> None:
        self.name = name
        self.lang = lang
        missing = [n for n in self.needs if not any(_factory(nlp, p) == n for p in nlp.pipe_names)]
        if missing:
            raise PipelineError(Errors.E010.format(stage=name, needed=missing[0], pipe_names=nlp.pipe_names))
        self.set_pack(default_pack(lang, pack_path))
        meta = nlp.meta
        # Provenance for every record: which statistical pipeline the stages ran after.
        self.model = {"name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}",
                      "version": str(meta.get("version", "0.0.0"))}

    # -- rules ---------------------------------------------------------------------------------
    def set_pack(self, pack: Pack) -> None:
        self.pack = pack
        self.rules = self.compile(pack)

    def compile(self, pack: Pack) -> Any:
        """The stage's rules object, built once from the pack."""
        return pack

    # -- running -------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        self.check(doc)
        doc.user_data[extensions.MODEL_KEY] = self.model
        return self.process(doc)

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def check(self, doc: Doc) -> None:
        """A Doc that did not pass through the stages this one needs is an error."""
        if "claims_sentences" in self.needs and doc._.claims is None:
            raise PipelineError(Errors.E010.format(stage=self.name, needed="claims_sentences",
                                                   pipe_names="(a Doc without claims)"))
        if "claims_actors" in self.needs and doc._.actor_mentions is None:
            raise PipelineError(Errors.E010.format(stage=self.name, needed="claims_actors",
                                                   pipe_names="(a Doc without actor mentions)"))

    def process(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def initialize(self, get_examples: Optional[Callable] = None, *, nlp: Optional[Language] = None) -> None:
        """Nothing to learn: the rules are data."""

    # -- serialisation: the pack travels with the pipeline -----------------------------------
    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg", {"lang": self.lang})
        self.pack.to_dir(path / "pack")

    def from_disk(self, path, *, exclude: Iterable[str] = ()) -> "Stage":
        path = Path(path)
        cfg = srsly.read_json(path / "cfg")
        self.lang = cfg["lang"]
        self.set_pack(Pack.from_dir(path / "pack", lang=self.lang))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"lang": self.lang, "pack": self.pack.texts})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "Stage":
        msg = srsly.msgpack_loads(data)
        self.lang = msg["lang"]
        self.set_pack(Pack(dict(msg["pack"]), lang=self.lang))
        return self


def _factory(nlp: Language, pipe_name: str) -> str:
    return nlp.get_pipe_meta(pipe_name).factory


# What each factory's default_config holds: the pack's language, or a folder of one's own.
DEFAULT_CONFIG = {"lang": "en", "pack_path": None}

extensions.register()
