"""The Translator protocol and its CTranslate2 implementation.

An engine is built once per model (loading is the expensive part) and then takes any number of
``translate`` calls. It owns tokenization, corpus-wide length-sorted token batches, the decoding
limits and the guards. The pipeline only sees text in and ``Translation`` out, so a fake engine (tests)
or a distributed one can stand in for it.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Protocol

from . import guards
from .documents import Translation
from .errors import ModelError
from .fetch import read_manifest
from .models import ModelSpec, Registry
from .signature import ModelSignature
from .vocabulary import MAP

Progress = Callable[[int], None]  # called with the number of texts just finished


class Translator(Protocol):
    """Anything that turns texts into English: one ``Translation`` per text, given back batch by batch
    as (index, translation) pairs so that finished work can be kept at once."""

    name: str
    spec: ModelSpec  # its models.yaml entry (language codes, limits)
    max_input_tokens: int

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def translate_batches(self, texts: Sequence[str], langs: Sequence[str]) -> Iterator[list[tuple[int, Translation]]]: ...

    def signature(self) -> ModelSignature: ...


@dataclass(frozen=True, kw_only=True)
class EngineOptions:
    """How a run uses its engines; None means the model's own default from models.yaml. Built by keyword."""

    device: str = "auto"  # "auto", "cpu" or "cuda"
    compute_type: str | None = None  # overrides the quantization chosen for the device
    beam_size: int | None = None
    inter_threads: int = 0  # batches decoded in parallel; 0: chosen for the device (see ``threads``)
    intra_threads: int = 0  # threads per batch; 0: the machine's cores shared among the parallel batches
    batch_tokens: int = 0  # source tokens per batch; 0: chosen for the beam size (see ``tokens_per_batch``)
    full_vocabulary: bool = False  # decode over every target piece, not the English ones (see vocabulary.py)
    fixed_output_tokens: int | None = None  # benchmarks: decode exactly this many tokens per sentence
    output_ratio: float | None = None  # benchmarks: decode exactly ``output_tokens(source tokens)`` per sentence

    def output_tokens(self, length: int) -> int | None:
        """Benchmarks on random weights, which never end a sentence: the tokens a sentence of ``length``
        source tokens decodes, ``fixed_output_tokens`` or ``output_ratio`` times its length (rounded up to
        a multiple of 8, so that length-sorted batches are not cut into one length each); None: decode as
        the model does, up to the length cap."""
        if self.fixed_output_tokens:
            return self.fixed_output_tokens
        if self.output_ratio:
            return max(8, -(-math.ceil(self.output_ratio * length) // 8) * 8)
        return None

    def tokens_per_batch(self, beam_size: int) -> int:
        """Source tokens per batch. A batch's decoder state grows with its tokens times the beam size, so
        beam search gets smaller batches by default: at beam 4, 768 tokens instead of 1,024 took the peak
        from 3.40 to 2.79 GB for 4% fewer tokens/s (NLLB-600M shape, 2 cores; 640: 2.46 GB, 9% fewer)."""
        return self.batch_tokens or (1024 if beam_size == 1 else 768)

    def threads(self, device: str, parallel: bool = True) -> tuple[int, int]:
        """(batches decoded in parallel, threads per batch) for an engine; ``parallel``: it keeps several
        batches in flight. On a CPU, single-threaded batches side by side beat one batch on all cores
        (+15% tokens/s on 2 cores, same memory per token in flight); at most 4, so memory stays bounded.
        Never more threads than cores: CTranslate2's own default of 4 oversubscribes a small server."""
        cores = os.cpu_count() or 1
        inter = self.inter_threads or (min(4, cores) if parallel and device == "cpu" else 1)
        return inter, self.intra_threads or max(1, cores // inter)


def load_ctranslate2():
    """The ``ctranslate2`` module, on oneDNN's int8 path unless the user set ``CT2_USE_MKL``.

    CTranslate2 picks Intel MKL for its int8 matrix products on Intel CPUs. On an AVX-512 VNNI Xeon its
    oneDNN path is faster and lighter (NLLB-600M shape, greedy, two batches side by side: 213 against 196
    tokens/s, 1.32 against 1.59 GB); AMD CPUs never use MKL. The library reads the variable when it
    loads, so every import of it in parabrief goes through here."""
    os.environ.setdefault("CT2_USE_MKL", "0")
    import ctranslate2

    return ctranslate2


def resolve_device(device: str) -> str:
    if device != "auto":
        return device
    return "cuda" if load_ctranslate2().get_cuda_device_count() > 0 else "cpu"


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


def _sentencepiece(path: Path, name: str):
    import sentencepiece

    try:
        return sentencepiece.SentencePieceProcessor(model_file=str(path))
    except (OSError, RuntimeError) as error:
        raise ModelError(f"model '{name}': its tokenizer {path} does not load: {error}") from None


def _count(processor, texts: Sequence[str]) -> list[int]:
    return [len(p) + 2 for p in processor.encode(list(texts), out_type=str)]


def token_counter(spec: ModelSpec, model_dir: Path) -> Callable[[Sequence[str]], list[int]]:
    """Source length in tokens, special tokens included, from the model's own sentencepiece model."""
    return partial(_count, _sentencepiece(model_dir / FAMILIES[spec.family].source_spm, spec.name))


class CTranslate2Translator:
    """A pulled model on CTranslate2, with its sentencepiece tokenizers.

    Cheap to build: the tokenizer loads at once (segmentation needs token counts), the model itself on
    the first sentence it has to translate, after its files are checked against the manifest. A run
    whose sentences are all in the cache never loads it.
    """

    def __init__(self, spec: ModelSpec, model_dir: Path, options: EngineOptions, manifest: dict, check: Callable[[], object]):
        if spec.family not in FAMILIES:
            raise ModelError(f"model '{spec.name}' is a {spec.family} model, not a translation model")
        self.spec = spec
        self.name = spec.name
        self.model_dir = model_dir
        self.options = options
        self.stored_as = manifest["quantization"]  # the quantization the model was converted with
        self.family = FAMILIES[spec.family]
        self.max_input_tokens = spec.max_input_tokens
        self.device = resolve_device(options.device)
        self.compute_type = options.compute_type or spec.quantization_for(self.device, "default")
        self.beam_size = options.beam_size or spec.decoding.beam_size
        # A model pulled with a vocabulary map decodes over its English pieces only.
        self.vocabulary = "full" if options.full_vocabulary or not (model_dir / MAP).is_file() else "english"
        self._source_sp = _sentencepiece(model_dir / self.family.source_spm, spec.name)  # segmentation counts tokens
        self.count_tokens = partial(_count, self._source_sp)
        self._check = check
        self._model = None

    @classmethod
    def load(cls, registry: Registry, name: str, options: EngineOptions = EngineOptions()) -> CTranslate2Translator:
        """The pulled model ``name``; its files are checked against the manifest before the model loads."""
        manifest = read_manifest(registry, name, sizes=False)
        return cls(registry.get(name), registry.path(name), options, manifest, lambda: read_manifest(registry, name, verify=True))

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def _load(self):
        if self._model is None:
            ctranslate2 = load_ctranslate2()
            self._check()
            same = self.family.target_spm == self.family.source_spm  # NLLB: one file, loaded once (a 256k vocabulary)
            self._target_sp = self._source_sp if same else _sentencepiece(self.model_dir / self.family.target_spm, self.name)
            try:
                inter, intra = self.options.threads(self.device)
                self._model = ctranslate2.Translator(
                    str(self.model_dir),
                    device=self.device,
                    compute_type=self.compute_type,
                    inter_threads=inter,
                    intra_threads=intra,
                )
                self._in_flight = inter + 1  # one more than the workers, so none waits while a batch is collected
            except (OSError, RuntimeError, ValueError) as error:
                raise ModelError(f"model '{self.name}' in {self.model_dir} does not load: {error}") from None
        return self._model

    def _source(self, pieces: list[str], lang: str) -> list[str]:
        code = self.spec.languages[lang]
        if self.family.lang_token_first:
            return [code, *pieces, "</s>"]
        if self.family.target_token_first:
            return [f"<2{self.spec.target}>", *pieces, "</s>"]
        return [*pieces, "</s>"]

    def translate(self, texts: Sequence[str], langs: Sequence[str], progress: Progress | None = None) -> list[Translation]:
        return gather(self.translate_batches(texts, langs), len(texts), progress)

    def translate_batches(self, texts: Sequence[str], langs: Sequence[str]) -> Iterator[list[tuple[int, Translation]]]:
        """(index, translation) pairs, one length-sorted batch at a time, so a caller can keep each batch's
        work as soon as it is done. Every worker thread is decoding a batch while the finished one is
        detokenized, checked and handed over."""
        if not texts:
            return
        self._load()
        # Token strings are made batch by batch: held for a whole run, they would grow with its size.
        lengths = self.count_tokens(texts)
        caps = [self._cap(n) for n in lengths]
        pending: deque = deque()
        for batch in _token_batches(lengths, self.options.tokens_per_batch(self.beam_size), caps):
            pieces = self._source_sp.encode([texts[i] for i in batch], out_type=str)
            sources = [self._source(p, langs[i]) for p, i in zip(pieces, batch, strict=False)]
            cap = caps[batch[0]]  # every source in a batch has the same cap
            pending.append((batch, sources, self._submit(sources, cap), cap))
            if len(pending) > self._in_flight:
                yield self._collect(pending.popleft(), texts, langs)
        while pending:
            yield self._collect(pending.popleft(), texts, langs)

    def _cap(self, length: int) -> int:
        """The most tokens a sentence of ``length`` source tokens may decode, target prefix included: a
        looping decoder stops long before it fills the page. It depends on the sentence alone, never on
        its batch mates, so a sentence translates the same in any batch; rounded up to a multiple of 16, so
        that length-sorted batches (which never mix caps) are seldom cut short by it."""
        decoding, prefix = self.spec.decoding, 1 if self.family.lang_token_first else 0
        exact = self.options.output_tokens(length)
        if exact:  # a benchmark's work: exactly this many after the prefix
            return exact + prefix
        cap = math.ceil(decoding.max_length_ratio * length) + 8
        return min(decoding.max_decoding_length, -(-cap // 16) * 16) + prefix

    def _submit(self, sources: list[list[str]], cap: int) -> list:
        """Start decoding a batch in CTranslate2's own threads; returns its futures."""
        decoding = self.spec.decoding
        prefix = [self.spec.target] if self.family.lang_token_first else []
        fixed = self.options.fixed_output_tokens or self.options.output_ratio
        futures = self._load().translate_batch(
            sources,
            target_prefix=[prefix] * len(sources) if prefix else None,
            beam_size=self.beam_size,
            no_repeat_ngram_size=decoding.no_repeat_ngram_size,
            repetition_penalty=decoding.repetition_penalty,
            max_decoding_length=cap,
            max_input_length=0,  # never truncate: the pipeline cuts long sentences itself
            max_batch_size=0,
            min_decoding_length=cap if fixed else 1,
            use_vmap=self.vocabulary == "english",
            asynchronous=True,
        )
        return futures

    def _is_text(self, token: str) -> bool:
        """A piece of the target tokenizer: not a language code, a control token or a padding entry."""
        sp = self._target_sp
        piece = sp.piece_to_id(token)
        return not (sp.is_control(piece) or (piece == sp.unk_id() and token != sp.id_to_piece(piece)))

    def _collect(self, pending, texts, langs) -> list[tuple[int, Translation]]:
        """A submitted batch's translations, detokenized and checked by the guards."""
        batch, sources, futures, cap = pending
        prefix = 1 if self.family.lang_token_first else 0
        done = []
        for i, source, future in zip(batch, sources, futures, strict=False):
            tokens = future.result().hypotheses[0][prefix:]
            english = self._target_sp.decode_pieces([t for t in tokens if self._is_text(t)])
            capped = len(tokens) + prefix >= cap
            flags = guards.check(texts[i], english, langs[i], len(source), len(tokens), capped)
            done.append((i, Translation(english, flags, len(tokens))))
        return done

    def signature(self) -> ModelSignature:
        """What decided this engine's output, for the signature of every file it contributes to (and for
        the cache key of every sentence it translates)."""
        return ModelSignature.of(self.spec, self.stored_as, self.device, self.compute_type, self.beam_size, self.vocabulary)


def gather(batches: Iterator[list[tuple[int, Translation]]], count: int, progress: Progress | None = None) -> list[Translation]:
    """Batches of (index, translation) pairs as one list of ``count`` translations, in index order."""
    results: list[Translation | None] = [None] * count
    for batch in batches:
        for i, translation in batch:
            results[i] = translation
        if progress:
            progress(len(batch))
    done = [r for r in results if r is not None]
    assert len(done) == count, f"{count - len(done)} texts came back untranslated"
    return done


def _token_batches(lengths: list[int], batch_tokens: int, groups: Sequence[int] | None = None) -> list[list[int]]:
    """Indices of sources of these lengths, sorted by length and cut into batches of at most
    ``batch_tokens`` padded tokens (a longer single source gets a batch of its own) and at most
    ``batch_tokens // 32`` sources: each source keeps a decoder state and a row of scores over the whole
    target vocabulary (1 MB for NLLB's 256k pieces) however short it is, so without that bound a batch of
    very short sentences would set the run's peak memory by how many of them a window happens to hold.
    Sources of different ``groups`` (their length caps) never share a batch."""
    group = groups or [0] * len(lengths)
    most = max(1, batch_tokens // 32)
    order = sorted(range(len(lengths)), key=lambda i: (group[i], lengths[i]))
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (lengths[i] * (len(current) + 1) > batch_tokens or len(current) == most or group[i] != group[current[0]]):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches
