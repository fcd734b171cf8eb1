"""read -> detect -> segment -> translate, with paragraph and sentence ids kept from end to end.

``translate_documents`` runs four small steps: ``plan`` each paragraph (translate it, keep it, or say why
not), cut its sentences into ``pieces`` a model can take, ``translate_pieces`` (what the cache lacks is
decoded batch by batch, each batch kept in the cache at once; a piece that recurs in the run, by its
cache key, is decoded once and its English shared), and ``assemble`` the documents back by their
document and sentence ids.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .boilerplate import paragraph_reason
from .cache import TranslationCache, cache_key
from .documents import (
    Document,
    Paragraph,
    ParagraphStatus,
    Sentence,
    TranslatedDocument,
    TranslatedParagraph,
    TranslatedSentence,
    Translation,
)
from .engine import Translator
from .languages import ENGLISH, identify, identify_paragraph
from .metadata import from_text
from .models import Registry
from .segment import cut_long, split_sentences

EngineFor = Callable[[str], Translator]  # model name -> its engine, built once


class Events:
    """What a run tells its caller as it goes; these do nothing: override the ones you want."""

    def planned(self, sentences: int) -> None:
        """``sentences`` more are to be translated (once per window of documents read). Counted in
        pieces: sentences, and the parts a sentence too long for its model is cut into."""

    def translated(self, sentences: int) -> None:
        """``sentences`` more (pieces) are translated or found in the cache."""

    def written(self, document: TranslatedDocument) -> None:
        """``document`` is translated and its files are written."""

    def stop_requested(self) -> int | None:
        """The signal that asked the run to stop (SIGTERM, SIGINT), or None to go on. The run asks
        after each batch it keeps, so the batch in flight is finished and cached first."""
        return None


class StopRequested(Exception):
    """Raised between batches when ``Events.stop_requested`` says so (``translate_run`` turns it into a
    ``Stopped`` error that says how far the run got)."""

    def __init__(self, signal_number: int):
        super().__init__(signal_number)
        self.signal_number = signal_number


def prepare(document: Document) -> Document:
    """The document with its language, each paragraph's language and sentences, and the metadata its
    text gives where the page or record gave none (a dateline's date, an agency's credit)."""
    lang, _ = identify(" ".join(p.text for p in document.paragraphs)[:20000])
    paragraphs = []
    for paragraph in document.paragraphs:
        code, score, source = identify_paragraph(paragraph.text, lang)
        sentences = tuple(
            Sentence(f"p{paragraph.index}.s{n}", text) for n, text in enumerate(split_sentences(paragraph.text, code), start=1)
        )
        paragraphs.append(dataclasses.replace(paragraph, lang=code, lang_score=round(score, 4), lang_from=source, sentences=sentences))
    prepared = dataclasses.replace(document, lang=lang, paragraphs=tuple(paragraphs))
    return dataclasses.replace(prepared, meta=from_text(prepared))


@dataclass(frozen=True)
class Plan:
    """What happens to one paragraph: its status and, when it is translated, the model."""

    status: ParagraphStatus
    model: str | None = None
    candidates: tuple[str, ...] = ()  # every model that covers its language, preferred first
    skipped: str | None = None  # SKIPPED: the kind of line it is


def plan(paragraph: Paragraph, registry: Registry, skip_boilerplate: bool = False, title: bool = False) -> Plan:
    """What happens to ``paragraph``; with ``skip_boilerplate``, a line no reader sees is not translated
    (never the document's ``title``)."""
    if paragraph.lang == "zxx":
        return Plan(ParagraphStatus.NO_TEXT)
    if paragraph.lang == ENGLISH:
        return Plan(ParagraphStatus.ENGLISH)
    kind = paragraph_reason(paragraph.text, paragraph.lang) if skip_boilerplate and not title else None
    if kind:
        return Plan(ParagraphStatus.SKIPPED, skipped=kind)
    route = registry.route(paragraph.lang)
    if route.model:
        return Plan(ParagraphStatus.TRANSLATED, route.model, route.candidates)
    return Plan(ParagraphStatus.MODEL_MISSING if route.candidates else ParagraphStatus.UNSUPPORTED, None, route.candidates)


Key = tuple[str, str]  # (document id, sentence id)


@dataclass(frozen=True)
class Piece:
    """One call's worth of text: a sentence, or a piece of a sentence too long for the model."""

    key: Key
    text: str
    lang: str


def pieces(documents: Sequence[Document], plans: dict[str, list[Plan]], engine_for: EngineFor) -> dict[str, list[Piece]]:
    """Model name -> the pieces it translates: the sentences of every paragraph routed to it, in order,
    each cut at clause and word boundaries where it is longer than the model takes."""
    routed: dict[str, list[tuple[Key, Sentence, str]]] = {}
    for document in documents:
        for paragraph, step in zip(document.paragraphs, plans[document.id], strict=True):
            if step.model:
                routed.setdefault(step.model, []).extend(((document.id, s.id), s, paragraph.lang) for s in paragraph.sentences)
    found: dict[str, list[Piece]] = {}
    for name in sorted(routed):
        engine, items = engine_for(name), routed[name]
        counts = engine.count_tokens([sentence.text for _, sentence, _ in items])

        def length(text: str, engine: Translator = engine) -> int:
            return engine.count_tokens([text])[0]

        found[name] = [
            Piece(key, piece, lang)
            for (key, sentence, lang), count in zip(items, counts, strict=True)
            for piece in ([sentence.text] if count <= engine.max_input_tokens else cut_long(sentence.text, length, engine.max_input_tokens))
        ]
    return found


class Origin(StrEnum):
    """Where a piece's English came from."""

    DECODED = "decoded"  # the model decoded it in this run
    CACHE = "cache"  # the translation cache held it
    REPEAT = "repeat"  # an identical piece (same cache key) of this run was decoded, and its English is shared


def decode(todo: Sequence[Piece], engine: Translator) -> Iterator[list[tuple[int, Translation]]]:
    """The pieces' translations as (index into ``todo``, translation), one finished batch at a time."""
    return engine.translate_batches([p.text for p in todo], [p.lang for p in todo])


def translate_pieces(
    todo: Sequence[Piece], engine: Translator, cache: TranslationCache | None, events: Events
) -> list[tuple[Translation, Origin]]:
    """Each piece's translation and where it came from. Pieces with one cache key (the same text, once
    its spaces are normalized, for the same model, language and settings) are decoded once, whichever
    documents they come from: a syndicated copy, a title repeated on its page. Each decoded batch is kept
    in the cache as soon as it is done."""
    signature = engine.signature()
    keys = [cache_key(signature, engine.spec.languages.get(p.lang, p.lang), p.text) for p in todo]
    first: dict[str, int] = {}  # each key's first piece: the one decoded
    for i, key in enumerate(keys):
        first.setdefault(key, i)
    pieces_of = Counter(keys)
    found = cache.get_many(list(first)) if cache is not None else {}
    if found:
        events.translated(sum(pieces_of[key] for key in found))
    missing = [i for key, i in first.items() if key not in found]
    for batch in decode([todo[i] for i in missing], engine):
        done = [(keys[missing[j]], translation) for j, translation in batch]
        found.update(done)
        if cache is not None:
            cache.put_many(done)
        events.translated(sum(pieces_of[key] for key, _ in done))
        stop = events.stop_requested()
        if stop is not None:
            raise StopRequested(stop)
    fresh = {keys[i] for i in missing}
    left = sum(1 for key in first if key not in found)
    assert not left, f"{engine.name} left {left} pieces untranslated"
    return [
        (found[key], Origin.CACHE if key not in fresh else Origin.DECODED if first[key] == i else Origin.REPEAT)
        for i, key in enumerate(keys)
    ]


def _joined(sentence: Sentence, results: list[tuple[Translation, Origin]]) -> TranslatedSentence:
    """A sentence's translation from its pieces', joined back: cached when the cache held every piece,
    shared when none of its pieces was decoded for it."""
    text = " ".join(r.text.strip() for r, _ in results if r.text.strip())
    flags = tuple(dict.fromkeys(f for r, _ in results for f in r.flags))
    origins = {origin for _, origin in results}
    cached, shared = origins == {Origin.CACHE}, Origin.DECODED not in origins and Origin.REPEAT in origins
    return TranslatedSentence(sentence.id, sentence.text, text, flags, sum(r.tokens for r, _ in results), cached, shared)


def assemble(
    documents: Sequence[Document], plans: dict[str, list[Plan]], outputs: dict[Key, list[tuple[Translation, Origin]]]
) -> list[TranslatedDocument]:
    """The translated documents, every sentence found by its document and sentence id."""
    translated = []
    for document in documents:
        paragraphs = []
        for paragraph, step in zip(document.paragraphs, plans[document.id], strict=True):
            if step.model:
                sentences = tuple(_joined(s, outputs[(document.id, s.id)]) for s in paragraph.sentences)
            else:  # English or no text: kept as it is; no model, or boilerplate skipped: no English at all
                kept = step.status.kept
                sentences = tuple(TranslatedSentence(s.id, s.text, s.text if kept else None) for s in paragraph.sentences)
            paragraphs.append(TranslatedParagraph(paragraph, sentences, step.model, step.status, step.skipped))
        translated.append(TranslatedDocument(document, tuple(paragraphs)))
    return translated


def translate_documents(
    documents: Sequence[Document],
    registry: Registry,
    engine_for: EngineFor,
    cache: TranslationCache | None = None,
    events: Events | None = None,
    skip_boilerplate: bool = False,
) -> list[TranslatedDocument]:
    """Translate every non-English paragraph of ``documents`` (already prepared, ids unique), model by
    model, with all of a model's sentences batched together across documents. With a ``cache``, what it
    holds is not translated again, and each batch is kept in it as soon as it is done. With
    ``skip_boilerplate``, lines no reader sees (``boilerplate``) are left untranslated, status SKIPPED."""
    events = events or Events()
    plans = {d.id: [plan(p, registry, skip_boilerplate, p.index == d.meta.title) for p in d.paragraphs] for d in documents}
    if len(plans) < len(documents):
        raise ValueError("documents of one translation need unique ids (read them in one read_documents call)")
    work = pieces(documents, plans, engine_for)
    events.planned(sum(len(todo) for todo in work.values()))
    outputs: dict[Key, list[tuple[Translation, Origin]]] = {}
    for name, todo in work.items():
        for piece, result in zip(todo, translate_pieces(todo, engine_for(name), cache, events), strict=True):
            outputs.setdefault(piece.key, []).append(result)
    return assemble(documents, plans, outputs)
