"""The data that flows through parabrief: documents, paragraphs, sentences, translations.

All frozen. Ids are given once, when a document is read and segmented, and travel unchanged to the
outputs: paragraph ``index`` is 1-based (what a brief cites as ``¶3``) and a sentence id is
``"p3.s2"`` (paragraph 3, sentence 2).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    index: int
    text: str
    lang: str = "und"  # ISO 639-1 code from language identification, "und" when unknown
    lang_score: float = 0.0  # the identifier's probability for ``lang``
    lang_from: str = "paragraph"  # "paragraph" or "document" (too short to tell on its own)
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class Document:
    id: str  # unique in a run, safe as a file name
    path: str  # where it was read from (for jsonl: "file.jsonl:LINE")
    paragraphs: tuple[Paragraph, ...]
    lang: str = "und"
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Translation:
    """One sentence's English, with what the decoding guards noticed about it."""

    text: str
    flags: tuple[str, ...] = ()
    tokens: int = 0  # output tokens produced


@dataclass(frozen=True)
class TranslatedSentence:
    id: str
    source: str
    translation: str | None  # None when no model could translate it
    flags: tuple[str, ...] = ()
    tokens: int = 0  # output tokens the model produced for it
    cached: bool = False  # it came from the translation cache (never written: outputs do not depend on it)


@dataclass(frozen=True)
class TranslatedParagraph:
    paragraph: Paragraph
    sentences: tuple[TranslatedSentence, ...]
    model: str | None  # None when passed through (English, or nothing to translate)
    status: str  # "translated", "english", "no-text", "unsupported", "model-missing"

    @property
    def text(self) -> str | None:
        """The paragraph's English: its translation, the paragraph itself when it needed none, or None."""
        if self.status in ("english", "no-text"):
            return self.paragraph.text
        if self.model is None:
            return None
        return " ".join(s.translation for s in self.sentences if s.translation)


@dataclass(frozen=True)
class TranslatedDocument:
    document: Document
    paragraphs: tuple[TranslatedParagraph, ...]

    @property
    def untranslated(self) -> dict[tuple[str, str], int]:
        """(status, language) -> paragraphs left untranslated for want of a model."""
        counts: dict[tuple[str, str], int] = {}
        for p in self.paragraphs:
            if p.status in ("unsupported", "model-missing"):
                key = (p.status, p.paragraph.lang)
                counts[key] = counts.get(key, 0) + 1
        return counts
