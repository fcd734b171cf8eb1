"""The Translator protocol and its CTranslate2 implementation.

An engine is built once per model (loading is the expensive part) and then takes any number of
``translate`` calls. It owns tokenization, corpus-wide length-sorted token batches, the decoding
limits and the guards. The pipeline only sees text in and ``Translation`` out, so a fake engine (tests)
or a distributed one can stand in for it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from . import guards
from .documents import Translation
from .errors import ModelError
from .fetch import read_manifest
from .models import ModelSpec, Registry

Progress = Callable[[int], None]  # called with the number of texts just finished


class Translator(Protocol):
    """Anything that turns texts into English, one ``Translation`` per text, in order."""

    name: str
    max_input_tokens: int

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def translate(self, texts: Sequence[str], langs: Sequence[str], progress: Progress | None = None) -> list[Translation]: ...

    def signature(self) -> dict: ...


@dataclass(frozen=True)
class EngineOptions:
    """How a run uses its engines; None means the model's own default from models.yaml."""

    device: str = "auto"  # "auto", "cpu" or "cuda"
    compute_type: str | None = None  # overrides the quantization chosen for the device
    beam_size: int | None = None
    inter_threads: int = 1  # batches decoded in parallel
    intra_threads: int = 0  # threads per batch; 0 lets CTranslate2 use every core
    batch_tokens: int = 4096  # source tokens per batch


def resolve_device(device: str) -> str:
    if device != "auto":
        return device
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


@dataclass(frozen=True)
class _Family:
    """How a model family wants its tokens: which sentencepiece files, and what goes around a sentence."""

    source_spm: str
    target_spm: str
    lang_token_first: bool  # NLLB: [src_lang] tokens </s>, target prefix [tgt_lang]
    target_token_first: bool  # MADLAD: [<2en>] tokens </s>


FAMILIES = {
    "nllb": _Family("sentencepiece.bpe.model", "sentencepiece.bpe.model", True, False),
    "marian": _Family("source.spm", "target.spm", False, False),
    "madlad": _Family("spiece.model", "spiece.model", False, True),
}


def token_counter(spec: ModelSpec, model_dir: Path) -> Callable[[Sequence[str]], list[int]]:
    """Source length in tokens, special tokens included, from the model's own sentencepiece model."""
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(model_file=str(model_dir / FAMILIES[spec.family].source_spm))
    return lambda texts: [len(p) + 2 for p in processor.encode(list(texts), out_type=str)]


class CTranslate2Translator:
    """A pulled model loaded once into CTranslate2, with its sentencepiece tokenizers."""

    def __init__(self, spec: ModelSpec, model_dir: Path, options: EngineOptions = EngineOptions(), stored_as: str = "unknown"):
        import ctranslate2
        import sentencepiece

        if spec.family not in FAMILIES:
            raise ModelError(f"model '{spec.name}' is a {spec.family} model, not a translation model")
        self.spec = spec
        self.name = spec.name
        self.stored_as = stored_as  # the quantization the model was converted with
        self.family = FAMILIES[spec.family]
        self.max_input_tokens = spec.max_input_tokens
        self.device = resolve_device(options.device)
        self.compute_type = options.compute_type or spec.quantization.get(self.device, "default")
        self.beam_size = options.beam_size or spec.decoding.beam_size
        self.batch_tokens = options.batch_tokens
        try:
            self.source_sp = sentencepiece.SentencePieceProcessor(model_file=str(model_dir / self.family.source_spm))
            self.target_sp = sentencepiece.SentencePieceProcessor(model_file=str(model_dir / self.family.target_spm))
            self.model = ctranslate2.Translator(
                str(model_dir),
                device=self.device,
                compute_type=self.compute_type,
                inter_threads=options.inter_threads,
                intra_threads=options.intra_threads,
            )
        except (OSError, RuntimeError, ValueError) as error:
            raise ModelError(f"model '{spec.name}' in {model_dir} does not load: {error}") from None

    @classmethod
    def load(cls, registry: Registry, name: str, options: EngineOptions = EngineOptions()) -> CTranslate2Translator:
        """The pulled model ``name``, checked against its manifest (file sizes) before it loads."""
        manifest = read_manifest(registry, name)
        return cls(registry.get(name), registry.path(name), options, stored_as=manifest["quantization"])

    def _source(self, pieces: list[str], lang: str) -> list[str]:
        code = self.spec.languages[lang]
        if self.family.lang_token_first:
            return [code, *pieces, "</s>"]
        if self.family.target_token_first:
            return [f"<2{self.spec.target}>", *pieces, "</s>"]
        return [*pieces, "</s>"]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source length in tokens, with the special tokens the model adds."""
        return [len(p) + 2 for p in self.source_sp.encode(list(texts), out_type=str)]

    def translate(self, texts: Sequence[str], langs: Sequence[str], progress: Progress | None = None) -> list[Translation]:
        pieces = self.source_sp.encode(list(texts), out_type=str)
        sources = [self._source(p, lang) for p, lang in zip(pieces, langs)]
        results: list[Translation | None] = [None] * len(sources)
        for batch in _token_batches(sources, self.batch_tokens):
            for i, translation in zip(batch, self._decode([sources[i] for i in batch], [texts[i] for i in batch], [langs[i] for i in batch])):
                results[i] = translation
            if progress:
                progress(len(batch))
        return results  # type: ignore[return-value]

    def _decode(self, sources: list[list[str]], texts: list[str], langs: list[str]) -> list[Translation]:
        decoding = self.spec.decoding
        prefix = [self.spec.target] if self.family.lang_token_first else []
        longest = max(len(s) for s in sources)
        # The cap counts the target prefix: stop a looping decoder long before it fills the page.
        cap = min(decoding.max_decoding_length, math.ceil(decoding.max_length_ratio * longest) + 8) + len(prefix)
        outputs = self.model.translate_batch(
            sources,
            target_prefix=[prefix] * len(sources) if prefix else None,
            beam_size=self.beam_size,
            no_repeat_ngram_size=decoding.no_repeat_ngram_size,
            repetition_penalty=decoding.repetition_penalty,
            max_decoding_length=cap,
            max_input_length=0,  # never truncate: the pipeline cuts long sentences itself
            max_batch_size=0,
        )
        translations = []
        for output, source, text, lang in zip(outputs, sources, texts, langs):
            tokens = output.hypotheses[0][len(prefix):]
            english = self.target_sp.decode_pieces([t for t in tokens if not (t.startswith("<") and t.endswith(">"))])
            capped = len(tokens) + len(prefix) >= cap
            flags = guards.check(text, english, lang, len(source), len(tokens), capped)
            translations.append(Translation(english, flags, len(tokens)))
        return translations

    def signature(self) -> dict:
        """What decided this engine's output, for the signature of every file it contributes to."""
        source = self.spec.source
        return {
            "model": self.name,
            "repo": source.repo or str(source.path),
            "revision": source.revision,
            "licence": self.spec.licence,
            "quantization": self.stored_as,
            "device": self.device,
            "compute_type": self.compute_type,
            "decoding": {**self.spec.decoding.model_dump(), "beam_size": self.beam_size},
        }


def _token_batches(sources: list[list[str]], batch_tokens: int) -> list[list[int]]:
    """Indices of ``sources`` sorted by length and cut into batches of at most ``batch_tokens``
    padded tokens (a longer single source gets a batch of its own)."""
    order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and len(sources[i]) * (len(current) + 1) > batch_tokens:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches
