"""Grouping a day's documents into stories, and one merged brief per story with citations into every
source that reports each point.

Documents are compared on their English (content words) and on the names in their source text, read
through a transliteration key, so a document whose translation failed still finds its story through the
names it shares (Pompeo, Помпео and بومبيو meet). Grouping is average-linkage agglomerative clustering
with a similarity floor.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ConfigDict

from translate.documents import TranslatedDocument

from .briefs import Brief, Point, Role
from .citations import check
from .text import content_words, cosine, idf_weights, name_keys, overlap, tfidf

SAME_STORY = 0.15  # average likeness of two groups of documents from which they are one story (tuned on
# the seeds against unrelated news: see tests/test_briefing.py)
AGREES = 0.3  # cosine between two points (of different sources) from which they report the same thing
MAX_SHARED_POINTS = 7


@dataclass(frozen=True)
class StoryPoint(Point):
    """A point of a story: its citations span every source that reports it."""

    sources: tuple[str, ...] = ()  # document ids reporting it; one id: only that source reports it


@dataclass(frozen=True)
class Story:
    __pydantic_config__ = ConfigDict(extra="forbid")

    id: str
    headline: Point
    documents: tuple[str, ...]
    languages: tuple[str, ...]
    points: tuple[StoryPoint, ...]


def trusted_english(doc: TranslatedDocument) -> str:
    """The document's English, less the sentences whose translation the guards flagged."""
    return " ".join(s.english or "" for p in doc.paragraphs for s in p.sentences if not s.flags)


def similarities(docs: Sequence[TranslatedDocument]) -> dict[int, dict[int, float]]:
    """For each document, the documents it shares a word or a name with, and how much: the larger of the
    cosine of their trusted English words and the weighted overlap of their names. Pairs that share
    nothing are never compared (an inverted index finds the others), so a day of thousands of
    documents costs what its overlaps cost, not the square of its size."""
    english = tfidf([content_words(trusted_english(d)) for d in docs])
    names = [
        set(name_keys(trusted_english(d) + ("" if d.document.lang == "en" else " " + " ".join(p.paragraph.text for p in d.paragraphs))))
        for d in docs
    ]
    idf = idf_weights(names)
    mass = [sum(idf[t] for t in keys) for keys in names]
    postings: dict[str, list[int]] = {}
    for i, features in enumerate(english):
        for token in set(features) | names[i]:
            postings.setdefault(token, []).append(i)
    neighbours: dict[int, dict[int, float]] = {i: {} for i in range(len(docs))}
    for members in postings.values():
        if len(members) > 0.5 * len(docs) > 10:
            continue  # a word in most documents tells no story apart (and would make this quadratic)
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if b not in neighbours[a]:
                    neighbours[a][b] = neighbours[b][a] = max(
                        cosine(english[a], english[b]), overlap(names[a], names[b], idf, mass[a], mass[b])
                    )
    return neighbours


def group(docs: Sequence[TranslatedDocument]) -> list[list[int]]:
    """Indices of ``docs`` grouped into stories: biggest first, then in input order. Average linkage:
    the two groups whose documents are most alike on average merge, while that average is SAME_STORY or
    more (pairs that share nothing count as 0)."""
    links = similarities(docs)
    members: dict[int, list[int]] = {i: [i] for i in range(len(docs))}
    heap = [(-s, a, b) for a, row in links.items() for b, s in row.items() if a < b and s >= SAME_STORY]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members or links[a].get(b) != -negative:
            continue  # a stale entry: one side merged since, or their likeness changed
        size_a, size_b = len(members[a]), len(members[b])
        members[a] += members.pop(b)
        row_b = links.pop(b)
        for k in set(links[a]) | set(row_b):  # Lance-Williams update for average linkage
            if k in (a, b):
                continue
            merged = (size_a * links[a].get(k, 0.0) + size_b * row_b.get(k, 0.0)) / (size_a + size_b)
            links[k].pop(b, None)
            links[a][k] = links[k][a] = merged
            if merged >= SAME_STORY:
                heapq.heappush(heap, (-merged, min(a, k), max(a, k)))
        links[a].pop(b, None)
    return sorted((sorted(m) for m in members.values()), key=lambda m: (-len(m), m[0]))


def merge(story_id: str, briefs: Sequence[Brief], docs: dict[str, TranslatedDocument]) -> Story:
    """One brief for a story: points several sources report first (citing each source), then for each
    source the best point only it reports."""
    pool = [(b.doc, p) for b in briefs for p in b.points if p.supported]
    vectors = tfidf([content_words(p.text) + name_keys(p.text) for _, p in pool])
    groups: list[list[int]] = []
    for i, (doc, _) in enumerate(pool):
        home = next(
            (g for g in groups if doc not in {pool[j][0] for j in g} and cosine(vectors[i], vectors[g[0]]) >= AGREES),
            None,
        )
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    merged = []
    for members in groups:
        lead_doc, lead = pool[members[0]]
        others = tuple(dataclasses.replace(c, role=Role.AGREES) for j in members[1:] for c in pool[j][1].citations)
        point = check(dataclasses.replace(lead, citations=lead.citations + others), docs)
        sources = tuple(dict.fromkeys(c.doc for c in point.citations))
        merged.append(StoryPoint(**{f.name: getattr(point, f.name) for f in dataclasses.fields(Point)}, sources=sources))
    shared = sorted((m for m in merged if len(m.sources) > 1), key=lambda m: -len(m.sources))[:MAX_SHARED_POINTS]
    covered = {s for m in shared for s in m.sources}
    only = []
    for brief in briefs:
        if brief.doc in covered:
            continue
        first = next((m for m in merged if m.sources == (brief.doc,)), None)
        if first:
            only.append(first)
    headline = _central_headline(briefs)
    languages = tuple(dict.fromkeys(docs[b.doc].document.lang for b in briefs))
    return Story(id=story_id, headline=headline, documents=tuple(b.doc for b in briefs), languages=languages, points=tuple(shared + only))


def own_title(brief: Brief) -> bool:
    """The brief's headline is its document's own title (not a lead cut short)."""
    return bool(brief.title and brief.headline.text and brief.headline.text.casefold() in brief.title.casefold())


def _central_headline(briefs: Sequence[Brief]) -> Point:
    """The headline most like the others (the story's common thread), preferring trusted translations
    and documents' own titles.
    Its likeness to all the others is its cosine with their sum (unit vectors), so a story of thousands
    of documents costs what it has words, not the square of its size."""
    heads = [b.headline for b in briefs]
    vectors = tfidf([content_words(h.text) + name_keys(h.text) for h in heads])
    total: dict[str, float] = {}
    for vector in vectors:
        for t, w in vector.items():
            total[t] = total.get(t, 0.0) + w

    def score(i: int) -> tuple:
        closeness = cosine(vectors[i], total) - cosine(vectors[i], vectors[i])  # less its likeness to itself
        return (not heads[i].flags, heads[i].supported, own_title(briefs[i]), closeness, -i)

    return heads[max(range(len(heads)), key=score)]


def stories(docs: Sequence[TranslatedDocument], briefs: Sequence[Brief]) -> list[Story]:
    """The day's stories, the most covered first."""
    by_id = {d.document.id: d for d in docs}
    return [merge(f"story-{n}", [briefs[i] for i in members], by_id) for n, members in enumerate(group(docs), start=1)]
