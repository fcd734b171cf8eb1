"""The data that flows through parabrief: documents, paragraphs, sentences, translations.

All frozen. Ids are given once, when a document is read and segmented, and travel unchanged to the
outputs: paragraph ``index`` is 1-based (what a brief cites as ``¶3``) and a sentence id is
``"p3.s2"`` (paragraph 3, sentence 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import ConfigDict


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
class Metadata:
    """What a reader knows a document by, as its page, feed record or text gives it."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    title: int | None = None  # the index of the paragraph that is the document's own title
    outlet: str | None = None  # the site or agency that published it
    author: str | None = None
    date: str | None = None  # publish date, YYYY-MM-DD
    date_from: str | None = None  # "metadata" (page, feed or record) or "text" (a dateline)
    url: str | None = None


@dataclass(frozen=True)
class Document:
    id: str  # unique in a run, safe as a file name
    path: str  # where it was read from (for jsonl: "file.jsonl:LINE")
    paragraphs: tuple[Paragraph, ...]
    lang: str = "und"
    encoding: str = "utf-8"
    meta: Metadata = Metadata()


class ParagraphStatus(StrEnum):
    """What happened to a paragraph on its way to English."""

    TRANSLATED = "translated"  # a model translated it
    ENGLISH = "english"  # already English: kept as it is
    NO_TEXT = "no-text"  # no letters (numbers, symbols): kept as it is
    UNSUPPORTED = "unsupported"  # no model covers its language: no English
    MODEL_MISSING = "model-missing"  # a model covers it but is not pulled: no English
    SKIPPED = "skipped"  # a line no reader sees (a byline, a share line: ``boilerplate``): not translated

    @property
    def kept(self) -> bool:
        """The paragraph is its own English."""
        return self in (ParagraphStatus.ENGLISH, ParagraphStatus.NO_TEXT)


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
    english: str | None  # its translation, the source itself when it needed none, None when no model could
    flags: tuple[str, ...] = ()
    tokens: int = 0  # output tokens the model produced for it
    cached: bool = False  # it came from the translation cache (never written: outputs do not depend on it)
    shared: bool = False  # an identical sentence of the same run was decoded, and its English shared (never written)


@dataclass(frozen=True)
class TranslatedParagraph:
    paragraph: Paragraph
    sentences: tuple[TranslatedSentence, ...]
    model: str | None  # None when passed through (English, or nothing to translate) or left untranslated
    status: ParagraphStatus
    skipped: str | None = None  # SKIPPED: the kind of line it is ("byline", "photo credit", ...)

    @property
    def english(self) -> str | None:
        """The paragraph's English: its translation, the paragraph itself when it needed none, or None."""
        if self.status.kept:
            return self.paragraph.text
        if self.status is not ParagraphStatus.TRANSLATED:
            return None
        return " ".join(s.english for s in self.sentences if s.english)


@dataclass(frozen=True)
class TranslatedDocument:
    document: Document
    paragraphs: tuple[TranslatedParagraph, ...]

    @property
    def title(self) -> TranslatedParagraph | None:
        """The paragraph that is the document's own title, with its English."""
        index = self.document.meta.title
        return self.paragraphs[index - 1] if index else None

    @property
    def untranslated(self) -> dict[tuple[ParagraphStatus, str], int]:
        """(status, language) -> paragraphs left untranslated for want of a model."""
        counts: dict[tuple[ParagraphStatus, str], int] = {}
        for p in self.paragraphs:
            if p.english is None and p.status is not ParagraphStatus.SKIPPED:
                key = (p.status, p.paragraph.lang)
                counts[key] = counts.get(key, 0) + 1
        return counts
