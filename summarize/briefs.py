"""What a brief is, and what every summarizer starts from.

A brief's every line is a ``Point`` that carries ``Citation``s to the source paragraphs (and, in a long
paragraph, the sentence) it comes from, each with the support score the citation check gave it.
``candidates`` turns a translated document into the English sentences a point may be made of: boilerplate,
datelines and near-duplicates are removed here, once, for every summarizer.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from pydantic import ConfigDict

from translate.documents import TranslatedDocument
from translate.signature import ModelSignature

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

    def label(self, with_lang: bool = False) -> str:
        where = f"¶{self.paragraph}" + (f" s{self.sentence.rsplit('.s', 1)[1]}" if self.sentence else "")
        return f"{self.lang} {where}" if with_lang else where


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
    source: str
    lang: str
    date: str | None  # the first full date found in the document, ISO
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


_DATELINE = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s*", re.I)
_SPEAKER_TAG = re.compile(r"^(\([A-Z][A-Za-z ]*\)\s*)+([^a-z:]{3,}:\s*)?")  # (SOUNDBITE) (English) MR X, SAYING:
_BOILERPLATE = re.compile(
    r"^([\w.' -]{2,40} reports?|read (also|more)\b.*|see also\b.*|related( stories)?:.*|share\b.*|follow us\b.*"
    r"|subscribe\b.*|click here\b.*|copyright\b.*|all rights reserved.*|\(?the end\)?)[.!]?$",
    re.I,
)
MIN_WORDS = 3  # a sentence with fewer content words is not a point


def clean(text: str) -> str:
    """A sentence without its dateline and speaker tags."""
    return _SPEAKER_TAG.sub("", _DATELINE.sub("", text)).strip()


def is_boilerplate(text: str) -> bool:
    return bool(_BOILERPLATE.match(text.strip())) or len(content_words(text)) < MIN_WORDS


def candidates(doc: TranslatedDocument) -> list[Candidate]:
    """The document's English sentences in source order, less boilerplate and near-duplicates."""
    found: list[Candidate] = []
    for para in doc.paragraphs:
        if para.english is None:
            continue
        for sentence in para.sentences:
            text = clean(sentence.english or "")
            if text and not is_boilerplate(text):
                found.append(
                    Candidate(sentence.id, para.paragraph.index, 0, text, para.paragraph.lang, sentence.flags, len(para.sentences))
                )
    vectors = tfidf([content_words(c.text) for c in found])
    kept: list[int] = []
    for i in range(len(found)):
        if all(cosine(vectors[i], vectors[j]) < DUPLICATE for j in kept):
            kept.append(i)
    return [dataclasses.replace(found[i], position=n) for n, i in enumerate(kept)]


_MONTHS = "january february march april may june july august september october november december".split()
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(_MONTHS) + r"),?\s+((?:19|20)\d\d)\b", re.I)
_MONTH_DAY_YEAR = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I)


def find_date(doc: TranslatedDocument) -> str | None:
    """The first full date (year, month, day) written in the document, in its English, as YYYY-MM-DD."""
    for para in doc.paragraphs:
        text = para.english or ""
        found = []
        for m in _ISO.finditer(text):
            found.append((m.start(), int(m[1]), int(m[2]), int(m[3])))
        for m in _DAY_MONTH_YEAR.finditer(text):
            found.append((m.start(), int(m[3]), _MONTHS.index(m[2].lower()) + 1, int(m[1])))
        for m in _MONTH_DAY_YEAR.finditer(text):
            found.append((m.start(), int(m[3]), _MONTHS.index(m[1].lower()) + 1, int(m[2])))
        for _, year, month, day in sorted(found):
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


OUTLINE_WORDS = 14


def outline(doc: TranslatedDocument) -> tuple[OutlineLine, ...]:
    """One short English line per source paragraph, in source order."""
    lines = []
    for para in doc.paragraphs:
        english = para.english
        first = ""
        if english:
            sentences = [s.english for s in para.sentences]
            first = clean(next((s for s in sentences if s and clean(s)), english)) or english
        words = first.split()
        short = " ".join(words[:OUTLINE_WORDS]) + (" …" if len(words) > OUTLINE_WORDS else "")
        lines.append(OutlineLine(para.paragraph.index, para.paragraph.lang, short))
    return tuple(lines)
