"""The extractive summarizer: built in, no model. Ranks a document's English sentences by centrality
(how much of the rest of the document they share) plus the news lead (earlier is more important), keeps
the best ones that do not repeat each other, and cites each by construction."""

from __future__ import annotations

import math

from translate.documents import TranslatedDocument
from translate.signature import ModelSignature

from .briefs import Brief, Candidate, Citation, Method, Point, candidates, outline
from .citations import check
from .headlines import from_lead, from_title
from .names import marked_names, spelling
from .text import content_words, cosine, tfidf

MAX_POINTS = 7
REDUNDANT = 0.45  # cosine to a chosen point from which a sentence adds too little
FLAGGED_WEIGHT = 0.5  # a sentence whose translation the guards flagged ranks lower


def point_count(available: int) -> int:
    """3 to 7 points, about one for every three sentences; fewer when the document has fewer."""
    return min(available, MAX_POINTS, max(3, math.ceil(available / 3)))


def rank(found: list[Candidate]) -> list[Candidate]:
    """Candidates, best first."""
    vectors = tfidf([content_words(c.text) + [f"~{spelling(w)}" for w in marked_names(c.text)] for c in found])
    scores = []
    for i, c in enumerate(found):
        others = [cosine(vectors[i], v) for j, v in enumerate(vectors) if j != i]
        centrality = sum(others) / len(others) if others else 0.0
        lead = 0.5 / (1 + c.position / 2)
        weight = FLAGGED_WEIGHT if c.flags else 1.0
        scores.append(((centrality + lead) * weight, -c.position))
    order = sorted(range(len(found)), key=lambda i: scores[i], reverse=True)
    return [found[i] for i in order]


def select(found: list[Candidate], exclude: Candidate | None) -> list[Candidate]:
    """The best sentences that do not repeat the headline or each other, in source order."""
    pool = [c for c in found if c is not exclude]
    vectors = {c.sentence: v for c, v in zip(found, tfidf([content_words(c.text) for c in found]), strict=False)}
    chosen: list[Candidate] = [exclude] if exclude else []
    want = point_count(len(pool))
    for c in rank(pool):
        if len(chosen) - bool(exclude) >= want:
            break
        if all(cosine(vectors[c.sentence], vectors[k.sentence]) < REDUNDANT for k in chosen):
            chosen.append(c)
    picked = [c for c in chosen if c is not exclude]
    return sorted(picked, key=lambda c: c.position)


def headline(doc: TranslatedDocument, found: list[Candidate]) -> tuple[Point, bool]:
    """The document's own title (its English) when it has one that reads as a headline, else its lead
    sentence cut to the clause the rest of the document bears out (``headlines``), cited to the
    paragraph it comes from; and whether it is the lead's."""
    doc_id, title = doc.document.id, doc.title
    text = from_title(title.english, doc.document.meta.outlet) if title and title.english else None
    if title and text:
        flags = tuple(dict.fromkeys(f for s in title.sentences for f in s.flags))
        cited = Citation(doc_id, title.paragraph.index, None, title.paragraph.lang)
        return check(Point(text, (cited,), True, Method.EXTRACTIVE, flags), {doc_id: doc}), False
    if not found:
        return Point("", (), False), False
    lead, context = found[0], [c.text for c in found[1:]]
    return check(Point(from_lead(lead.text, context), (lead.citation(doc_id),), True, Method.EXTRACTIVE, lead.flags), {doc_id: doc}), True


class ExtractiveSummarizer:
    name = "extractive"

    def signature(self) -> ModelSignature | None:
        return None

    def summarize(self, doc: TranslatedDocument) -> Brief:
        found = candidates(doc)
        docs = {doc.document.id: doc}
        title, meta = doc.title, doc.document.meta
        head, from_lead_sentence = headline(doc, found)

        def make(c: Candidate) -> Point:
            return check(Point(c.text, (c.citation(doc.document.id),), True, Method.EXTRACTIVE, c.flags), docs)

        return Brief(
            doc=doc.document.id,
            source=doc.document.path,
            lang=doc.document.lang,
            title=title.english if title else None,
            title_original=title.paragraph.text if title and title.paragraph.lang != "en" else None,
            outlet=meta.outlet,
            author=meta.author,
            url=meta.url,
            date=meta.date,
            summarizer=self.name,
            headline=head,
            points=tuple(make(c) for c in select(found, found[0] if from_lead_sentence else None)),
            outline=outline(doc),
        )
