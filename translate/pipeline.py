"""read -> detect -> segment -> translate, with paragraph and sentence ids kept from end to end."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .cache import TranslationCache, cache_key
from .documents import Document, Paragraph, Sentence, Translation, TranslatedDocument, TranslatedParagraph, TranslatedSentence
from .engine import Translator
from .languages import ENGLISH, identify, identify_paragraph
from .models import Registry
from .segment import cut_long, split_sentences

EngineFor = Callable[[str], Translator]  # model name -> its engine, built once


def prepare(document: Document) -> Document:
    """The document with its language, and each paragraph's language and sentences."""
    lang, _ = identify(" ".join(p.text for p in document.paragraphs)[:20000])
    paragraphs = []
    for paragraph in document.paragraphs:
        code, score, source = identify_paragraph(paragraph.text, lang)
        sentences = tuple(
            Sentence(f"p{paragraph.index}.s{n}", text)
            for n, text in enumerate(split_sentences(paragraph.text, code), start=1)
        )
        paragraphs.append(dataclasses.replace(paragraph, lang=code, lang_score=round(score, 4), lang_from=source, sentences=sentences))
    return dataclasses.replace(document, lang=lang, paragraphs=tuple(paragraphs))


@dataclass(frozen=True)
class Plan:
    """What happens to one paragraph: its status and, when it is translated, the model."""

    status: str  # "translate", "english", "no-text", "unsupported", "model-missing"
    model: str | None = None
    candidates: tuple[str, ...] = ()


def plan(paragraph: Paragraph, registry: Registry) -> Plan:
    if paragraph.lang == "zxx":
        return Plan("no-text")
    if paragraph.lang == ENGLISH:
        return Plan("english")
    route = registry.route(paragraph.lang)
    if route.model:
        return Plan("translate", route.model, route.candidates)
    return Plan("model-missing" if route.candidates else "unsupported", None, route.candidates)


@dataclass(frozen=True)
class _Piece:
    """One call's worth of text: a sentence, or a piece of a sentence too long for the model."""

    doc: int
    paragraph: int
    sentence: int
    text: str
    lang: str


def translate_documents(
    documents: Sequence[Document],
    registry: Registry,
    engine_for: EngineFor,
    cache: TranslationCache | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> list[TranslatedDocument]:
    """Translate every non-English paragraph of ``documents`` (already prepared), model by model, with
    all of a model's sentences batched together across documents. With a ``cache``, what it holds is
    not translated again, and each batch is kept in it as soon as it is done."""
    plans = [[plan(p, registry) for p in d.paragraphs] for d in documents]
    by_model: dict[str, list[tuple[int, int, int, Sentence, str]]] = {}
    for d, (document, doc_plans) in enumerate(zip(documents, plans)):
        for p, (paragraph, step) in enumerate(zip(document.paragraphs, doc_plans)):
            if step.status == "translate":
                for s, sentence in enumerate(paragraph.sentences):
                    by_model.setdefault(step.model, []).append((d, p, s, sentence, paragraph.lang))

    engines = {name: engine_for(name) for name in sorted(by_model)}
    pieces_by_model: dict[str, list[_Piece]] = {}
    for name, items in by_model.items():
        engine = engines[name]
        counts = engine.count_tokens([sentence.text for *_, sentence, _ in items])
        length = lambda text, engine=engine: engine.count_tokens([text])[0]  # noqa: E731
        pieces_by_model[name] = [
            _Piece(d, p, s, piece, lang)
            for (d, p, s, sentence, lang), count in zip(items, counts)
            for piece in (
                [sentence.text] if count <= engine.max_input_tokens else cut_long(sentence.text, length, engine.max_input_tokens)
            )
        ]
    if on_total:
        on_total(sum(len(v) for v in pieces_by_model.values()))

    outputs: dict[tuple[int, int, int], list[tuple[Translation, bool]]] = {}
    for name in sorted(pieces_by_model):
        pieces, engine = pieces_by_model[name], engines[name]
        results: list[Translation | None] = [None] * len(pieces)
        keys: list[str] = []
        if cache is not None:
            signature = engine.signature()
            keys = [cache_key(signature, engine.spec.languages.get(x.lang, x.lang), x.text) for x in pieces]
            hits = cache.get_many(keys)
            results = [hits.get(k) for k in keys]
        from_cache = [r is not None for r in results]
        if progress and any(from_cache):
            progress(sum(from_cache))
        missing = [i for i, r in enumerate(results) if r is None]
        for batch in engine.translate_batches([pieces[i].text for i in missing], [pieces[i].lang for i in missing]):
            for j, translation in batch:
                results[missing[j]] = translation
            if cache is not None:
                cache.put_many((keys[missing[j]], translation) for j, translation in batch)
            if progress:
                progress(len(batch))
        for piece, result, cached in zip(pieces, results, from_cache, strict=True):
            outputs.setdefault((piece.doc, piece.paragraph, piece.sentence), []).append((result, cached))

    translated = []
    for d, (document, doc_plans) in enumerate(zip(documents, plans)):
        paragraphs = []
        for p, (paragraph, step) in enumerate(zip(document.paragraphs, doc_plans)):
            sentences = []
            for s, sentence in enumerate(paragraph.sentences):
                results = outputs.get((d, p, s))
                if results is not None:
                    text = " ".join(r.text.strip() for r, _ in results if r.text.strip())
                    flags = tuple(dict.fromkeys(f for r, _ in results for f in r.flags))
                    tokens = sum(r.tokens for r, _ in results)
                    sentences.append(TranslatedSentence(sentence.id, sentence.text, text, flags, tokens, all(c for _, c in results)))
                else:  # English or no text: kept as it is; no model: no translation at all
                    kept = sentence.text if step.status in ("english", "no-text") else None
                    sentences.append(TranslatedSentence(sentence.id, sentence.text, kept))
            status = "translated" if step.status == "translate" else step.status
            paragraphs.append(TranslatedParagraph(paragraph, tuple(sentences), step.model, status))
        translated.append(TranslatedDocument(document, tuple(paragraphs)))
    return translated
