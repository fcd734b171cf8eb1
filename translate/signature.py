"""What decided an output: the signature every file carries, and its one-line form to quote.

A model's signature names its pinned source (repository and revision), its licence, how it is stored and
run (quantization, compute type, device) and its decoding settings. Everything in it but the licence
also keys the translation cache: a changed model or setting never meets a stale entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from . import __version__
from .models import ModelSpec

Decoding = dict[str, int | float | str]  # models.yaml's decoding settings, the beam size used, the vocabulary


class ModelSignature(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, protected_namespaces=())

    model: str
    repo: str
    revision: str | None
    licence: str
    quantization: str  # how the model was converted (stored)
    device: str
    compute_type: str
    decoding: Decoding

    @classmethod
    def of(
        cls, spec: ModelSpec, stored_as: str, device: str, compute_type: str, beam_size: int, vocabulary: str | None = None
    ) -> ModelSignature:
        decoding: Decoding = {**spec.decoding.model_dump(), "beam_size": beam_size}
        if vocabulary is not None:
            decoding["vocabulary"] = vocabulary
        return cls(
            model=spec.name,
            repo=spec.source.repo or str(spec.source.path),
            revision=spec.source.revision,
            licence=spec.licence,
            quantization=stored_as,
            device=device,
            compute_type=compute_type,
            decoding=decoding,
        )

    @property
    def line(self) -> str:
        """``name@revision|q:..|ct:..|dev:..|beam:..|nrng:..[|vocab:..]``"""
        d = self.decoding
        return (
            f"{self.model}@{(self.revision or 'local')[:12]}|q:{self.quantization}|ct:{self.compute_type}|dev:{self.device}"
            f"|beam:{d['beam_size']}|nrng:{d['no_repeat_ngram_size']}" + (f"|vocab:{d['vocabulary']}" if "vocabulary" in d else "")
        )

    def cache_fields(self) -> dict:
        """What decides a translation's text: every field but the licence."""
        return self.model_dump(exclude={"licence"})


class Signature(BaseModel):
    """The tool and every model that contributed to one output."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tool: Literal["parabrief"] = "parabrief"
    version: str
    models: dict[str, ModelSignature]
    line: str

    @classmethod
    def of(cls, models: Mapping[str, ModelSignature]) -> Signature:
        ordered = dict(sorted(models.items()))
        line = " ".join([f"parabrief:{__version__}", *(m.line for m in ordered.values())])
        return Signature(version=__version__, models=ordered, line=line)


class BriefingSignature(Signature):
    """A briefing's signature also names the summarizer that wrote its points."""

    summarizer: str

    @classmethod
    def of_briefing(cls, models: Mapping[str, ModelSignature], summarizer: str) -> BriefingSignature:
        base = Signature.of(models)
        return cls(version=base.version, models=base.models, line=base.line, summarizer=summarizer)
