"""The abstractive summarizer: a pinned model on CTranslate2 rewrites each point, "select, then write".

The extractive summarizer selects the sentences worth a point and cites them; the model then writes each
point from its selection alone (the cited sentence, or the cited paragraph), so a citation holds by
construction. Every written point is checked against what it cites: one the source does not support is
replaced by the selected sentence itself, marked ``extractive-fallback``; nothing unsupported is shown as
sourced. Two families: BART (CNN-trained, on ``ctranslate2.Translator``) and an instruct LLM (Qwen2, on
``ctranslate2.Generator``). Tokenization uses the ``tokenizers`` library only: no transformers at run time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import sentencex

from translate.documents import TranslatedDocument
from translate.engine import EngineOptions, load_ctranslate2, resolve_device
from translate.errors import ModelError
from translate.fetch import read_manifest
from translate.models import ModelSpec, Registry
from translate.signature import ModelSignature

from .briefs import Brief, Method
from .citations import check, cited_text
from .extractive import ExtractiveSummarizer

INSTRUCTION = (
    "Write one short sentence, at most 25 words, that states the main fact of this news text. "
    "Use only facts, names and numbers given in the text. Reply with the sentence only."
)


def load_tokenizer(model_dir: Path):
    """tokenizer.json when the model has one; else a byte-level BPE from vocab.json and merges.txt, with
    BART's <s> ... </s> around each text (older BART checkpoints ship only those two files)."""
    from tokenizers import Tokenizer, processors
    from tokenizers.implementations import ByteLevelBPETokenizer

    if (model_dir / "tokenizer.json").is_file():
        return Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    bpe = ByteLevelBPETokenizer(str(model_dir / "vocab.json"), str(model_dir / "merges.txt"))
    ends = {token: bpe.token_to_id(token) for token in ("<s>", "</s>")}
    if None in ends.values():
        raise ValueError(f"{model_dir / 'vocab.json'} has no <s> or </s>")
    bpe.post_processor = processors.RobertaProcessing(("</s>", int(ends["</s>"] or 0)), ("<s>", int(ends["<s>"] or 0)))
    return bpe


def first_sentence(text: str) -> str:
    sentences = [s.strip() for s in sentencex.segment("en", text.strip()) if s.strip()]
    return sentences[0] if sentences else ""


class Writer:
    """A model loaded once that writes one line from each of many texts."""

    def __init__(self, spec: ModelSpec, model_dir: Path, options: EngineOptions, stored_as: str):
        ctranslate2 = load_ctranslate2()
        self.spec = spec
        self.device = resolve_device(options.device)
        self.compute_type = options.compute_type or spec.quantization_for(self.device, "default")
        self.beam_size = options.beam_size or spec.decoding.beam_size
        self.stored_as = stored_as
        try:
            self.tokenizer = load_tokenizer(model_dir)
            kind = ctranslate2.Generator if spec.family == "qwen2" else ctranslate2.Translator
            inter, intra = options.threads(self.device, parallel=False)  # one document's batch at a time
            self.model = kind(str(model_dir), device=self.device, compute_type=self.compute_type, inter_threads=inter, intra_threads=intra)
        except Exception as error:  # tokenizers and CTranslate2 raise plain Exceptions and RuntimeErrors
            raise ModelError(f"model '{spec.name}' in {model_dir} does not load: {error}") from None

    def _limit(self, tokens: list[str], keep_last: str | None) -> list[str]:
        """At most max_input_tokens: a selection is a sentence or a paragraph, so this only bites on a
        paragraph longer than the model reads (its start, the news lead, is kept)."""
        limit = self.spec.max_input_tokens
        if len(tokens) <= limit:
            return tokens
        return tokens[: limit - 1] + [keep_last] if keep_last else tokens[:limit]

    def write(self, texts: Sequence[str]) -> list[str]:
        """One line (the first sentence the model writes) per text."""
        return [
            first_sentence(self.tokenizer.decode([i for i in ids if i is not None], skip_special_tokens=True))
            for ids in self.generate_ids(texts)
        ]

    def generate_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """The token ids the model writes for each text, within the model's input and output limits."""
        if not texts:
            return []
        d = self.spec.decoding
        if self.spec.family == "qwen2":
            prompts = []
            for text in texts:
                body = self.tokenizer.decode(self.tokenizer.encode(text).ids[: self.spec.max_input_tokens])
                prompt = f"<|im_start|>user\n{INSTRUCTION}\n\n{body}<|im_end|>\n<|im_start|>assistant\n"
                prompts.append(self.tokenizer.encode(prompt).tokens)
            results = self.model.generate_batch(
                prompts,
                max_length=d.max_decoding_length,
                sampling_topk=1,
                beam_size=self.beam_size,
                repetition_penalty=d.repetition_penalty,
                no_repeat_ngram_size=d.no_repeat_ngram_size,
                include_prompt_in_result=False,
                end_token=["<|im_end|>", "<|endoftext|>"],  # Qwen2.5 stops on either
            )
            return [r.sequences_ids[0] for r in results]
        # bart: CNN models start their summary with <s>, which CTranslate2 must be told
        sources = [self._limit(e.tokens, "</s>") for e in self.tokenizer.encode_batch(list(texts))]
        results = self.model.translate_batch(
            sources,
            target_prefix=[["<s>"]] * len(sources),
            beam_size=self.beam_size,
            no_repeat_ngram_size=d.no_repeat_ngram_size,
            repetition_penalty=d.repetition_penalty,
            max_decoding_length=d.max_decoding_length,
            max_input_length=0,
        )
        return [[self.tokenizer.token_to_id(t) for t in r.hypotheses[0][1:]] for r in results]

    def signature(self) -> ModelSignature:
        return ModelSignature.of(self.spec, self.stored_as, self.device, self.compute_type, self.beam_size)


class AbstractiveSummarizer:
    def __init__(self, writer: Writer, selector: ExtractiveSummarizer | None = None):
        self.writer = writer
        self.name = writer.spec.name
        self.selector = selector or ExtractiveSummarizer()

    @classmethod
    def load(cls, registry: Registry, name: str, options: EngineOptions = EngineOptions()) -> AbstractiveSummarizer:
        spec = registry.get(name)
        if spec.task != "summarize":
            raise ModelError(f"model '{name}' is a {spec.task} model, not a summarizer")
        manifest = read_manifest(registry, name, verify=True)
        return cls(Writer(spec, registry.path(name), options, manifest["quantization"]))

    def signature(self) -> ModelSignature | None:
        return self.writer.signature()

    def summarize(self, doc: TranslatedDocument) -> Brief:
        selected = self.selector.summarize(doc)
        docs = {doc.document.id: doc}
        selections = [" ".join(cited_text(c, docs) for c in p.citations) for p in selected.points]
        written = self.writer.write(selections)
        points = []
        for point, text in zip(selected.points, written, strict=True):
            candidate = check(dataclasses.replace(point, text=text, method=Method.ABSTRACTIVE), docs) if text else None
            points.append(candidate if candidate and candidate.supported else dataclasses.replace(point, method=Method.FALLBACK))
        return dataclasses.replace(selected, points=tuple(points), summarizer=self.name)
