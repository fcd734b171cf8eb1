"""Checking a point against the paragraphs it cites.

The score is the share of the point's terms (content words as lemmas, ``lemmas``; and all of its numbers, a
quantity however the source writes it: ``figures``) found in the cited English:
a point that says something its source does not say brings words (names, figures, claims) that are not
there. It is the precision side of ROUGE-1 over content words, which is what "the source supports this
line" means for a summary line; an extractive point scores 1.0 by construction.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

from translate.documents import TranslatedDocument
from translate.guards import numbers

from . import figures as fig
from .briefs import Citation, Point, Role
from .lemmas import terms

SUPPORTED = 0.6  # a source citation scoring less does not support its point
AGREES = 0.3  # another source's sentence, through another translation, says it too (facts.COVERED)


def cited_text(citation: Citation, docs: dict[str, TranslatedDocument]) -> str:
    """The English of what a citation points at ("" when it does not resolve)."""
    doc = docs.get(citation.doc)
    if doc is None or not 1 <= citation.paragraph <= len(doc.paragraphs):
        return ""
    para = doc.paragraphs[citation.paragraph - 1]
    if citation.sentence:
        for s in para.sentences:
            if s.id == citation.sentence:
                return s.english or ""
        return ""
    return para.english or ""


@functools.cache
def reporting() -> frozenset[str]:
    """Who reported a fact is not part of it: "…, the statement said" and "…, Anadolu Agency reports" state
    one fact. As terms, made on first use: lemminflect loads its tables then (about 50 MB), so a run that
    only translates never holds them."""
    return frozenset(terms("reported reports reporting statement stated quoted added noted"))


def support(point: str, cited: str, figures: bool = True) -> float:
    """The share of the point's terms (less reporting words) the cited English holds, a figure however
    it writes it ("1 million" as "one million"); 0 for a point with a figure the source does not give
    (unless ``figures`` is False: figures are then compared apart)."""
    said = set(terms(point)) - reporting()
    if not said or not cited:
        return 0.0
    digits = numbers(point)
    given: set[str] = set()  # the digits of the point's figures the cited English gives, however it writes them
    if digits:
        quantities = fig.figures(cited)
        given = {n for f in fig.figures(point) if fig.within((f,), quantities) for n in numbers(f.written)}
    if figures and digits - numbers(cited) - given:
        return 0.0  # a figure the source does not give
    return round(len(said & (set(terms(cited)) | given)) / len(said), 4)


def check(
    point: Point, docs: dict[str, TranslatedDocument], figures: bool = True, agrees: Callable[[str, str], bool] | None = None
) -> Point:
    """The point with each citation scored; citations that do not support it are dropped, and a point
    left with none keeps them all, marked unsupported (never shown as sourced). An agreeing citation stands
    when it holds AGREES of the point's terms, or when ``agrees`` (the matcher that found it, where given)
    says it states the point in other words.
    ``figures`` False: a point whose sources give different figures (shown as differing) is scored on its
    words alone."""
    cited = [cited_text(c, docs) for c in point.citations]
    scored = [dataclasses.replace(c, support=support(point.text, text, figures)) for c, text in zip(point.citations, cited, strict=True)]
    sources = tuple(c for c in scored if c.role is Role.SOURCE and c.support >= SUPPORTED)
    if not sources:
        return dataclasses.replace(point, citations=tuple(c for c in scored if c.role is Role.SOURCE), supported=False)
    agreeing = tuple(
        c
        for c, text in zip(scored, cited, strict=True)
        if c.role is Role.AGREES and (c.support >= AGREES or (agrees is not None and agrees(point.text, text)))
    )
    return dataclasses.replace(point, citations=sources + agreeing, supported=True)
