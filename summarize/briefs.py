"""What a brief is, and what every summarizer starts from.

A brief's every line is a ``Point`` that carries ``Citation``s to the source paragraphs (and, in a long
paragraph, the sentence) it comes from, each with the support score the citation check gave it.
``candidates`` turns a translated document into the English sentences a point may be made of: boilerplate,
datelines and near-duplicates are removed here, once, for every summarizer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from pydantic import ConfigDict

from translate.documents import TranslatedDocument
from translate.signature import ModelSignature

from .junk import is_junk, is_sentence, repair
from .text import content_words, cosine, tfidf

LONG_PARAGRAPH = 3  # sentences from which a citation names the sentence, not only the paragraph
DUPLICATE = 0.8  # cosine between two sentences from which the later one is a repeat


class Role(StrEnum):
    SOURCE = "source"  # the point comes from here
    AGREES = "agrees"  # another source reporting it


class Method(StrEnum):
    EXTRACTIVE = "extractive"  # the point is the source's own sentence
    ABSTRACTIVE = "abstractive"  # a model wrote it from its citation, and the check passed it
    FALLBACK = "extractive-fallback"  # a model wrote something the check refused: the selected sentence instead


# The brief's data is also its JSON: pydantic reads and writes these dataclasses (summarize/briefing.py).
_FILE = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Citation:
    __pydantic_config__ = _FILE

    doc: str  # document id
    paragraph: int  # 1-based index, as in ¶3
    sentence: str | None = None  # "p3.s4" when the paragraph is long enough to need it
    lang: str = "en"  # the language of the cited paragraph's source
    role: Role = Role.SOURCE
    support: float = 0.0  # how much of the point the cited English contains (citations.support)

    def label(self, source: str | None = None) -> str:
        """``¶3 s4``, or ``KUNA ¶3 s4`` with the name its source is known by."""
        where = f"¶{self.paragraph}" + (f" s{self.sentence.rsplit('.s', 1)[1]}" if self.sentence else "")
        return f"{source} {where}" if source else where


@dataclass(frozen=True)
class Point:
    __pydantic_config__ = _FILE

    text: str
    citations: tuple[Citation, ...]
    supported: bool  # every citation passed the check
    method: Method = Method.EXTRACTIVE
    flags: tuple[str, ...] = ()  # translation flags of the cited sentences ("repeats", ...)


@dataclass(frozen=True)
class OutlineLine:
    __pydantic_config__ = _FILE

    paragraph: int
    lang: str
    text: str  # one short English line; "" when the paragraph has no English


@dataclass(frozen=True)
class Brief:
    __pydantic_config__ = _FILE

    doc: str
    source: str  # where it was read from
    lang: str
    title: str | None  # the document's own title, in English
    title_original: str | None  # the title as the document wrote it, when that is not English
    outlet: str | None
    author: str | None
    url: str | None
    date: str | None  # its publish date, YYYY-MM-DD: from the page or record, else from a dateline
    summarizer: str
    headline: Point
    points: tuple[Point, ...]
    outline: tuple[OutlineLine, ...]


class Summarizer(Protocol):
    name: str

    def summarize(self, doc: TranslatedDocument) -> Brief: ...

    def signature(self) -> ModelSignature | None:
        """The model's signature; None for a summarizer that runs no model."""
        ...


@dataclass(frozen=True)
class Candidate:
    """An English sentence a point may be made of, with where it came from."""

    sentence: str  # "p3.s2"
    paragraph: int
    position: int  # order among the document's candidates
    text: str
    lang: str
    flags: tuple[str, ...]
    paragraph_size: int  # sentences in its paragraph

    def citation(self, doc: str) -> Citation:
        long = self.paragraph_size >= LONG_PARAGRAPH
        return Citation(doc, self.paragraph, self.sentence if long else None, self.lang)


def candidates(doc: TranslatedDocument) -> list[Candidate]:
    """The document's English sentences in source order, each repaired to stand alone, less its title,
    what is not news (``junk.is_junk``, judged on the English and on the source) and near-duplicates
    (of each other, or of the title)."""
    title = doc.title
    found: list[Candidate] = []
    for para in doc.paragraphs:
        if para.english is None or para is title:
            continue
        foreign = para.paragraph.lang != "en"
        for sentence in para.sentences:
            english = sentence.english or ""
            if is_junk(english, sentence.source if foreign else None):
                continue
            text = repair(english)
            if not is_junk(text) and (foreign or is_sentence(text)):  # English that does not end as a sentence is a caption
                found.append(
                    Candidate(sentence.id, para.paragraph.index, 0, text, para.paragraph.lang, sentence.flags, len(para.sentences))
                )
    vectors = tfidf([content_words(c.text) for c in found] + [content_words(title.english or "") if title else []])
    kept: list[int] = []
    for i in range(len(found)):
        if all(cosine(vectors[i], vectors[j]) < DUPLICATE for j in [*kept, len(found)]):
            kept.append(i)
    return [dataclasses.replace(found[i], position=n) for n, i in enumerate(kept)]


OUTLINE_WORDS = 14


def outline(doc: TranslatedDocument) -> tuple[OutlineLine, ...]:
    """One short English line per source paragraph, in source order."""
    lines = []
    for para in doc.paragraphs:
        english = para.english
        first = ""
        if english:
            sentences = [s.english for s in para.sentences]
            first = repair(next((s for s in sentences if s and repair(s)), english)) or english
        words = first.split()
        short = " ".join(words[:OUTLINE_WORDS]) + (" …" if len(words) > OUTLINE_WORDS else "")
        lines.append(OutlineLine(para.paragraph.index, para.paragraph.lang, short))
    return tuple(lines)
