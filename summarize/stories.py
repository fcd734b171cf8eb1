"""Grouping a day's documents into stories, and one brief per story: a lede, the facts several sources
agree on (each citing every source that states it), then what a single source adds where it matters.

Documents are compared on their English content words and on their names (``names``: keys that meet
across scripts, so a document whose translation failed still finds its story through the names it
shares: Pompeo, Помпео and بومبيو meet). A merge needs agreement on content, in the leads too (two stories on
one topic share names and background, not what their leads say happened), and in their openings where two
documents are in one language (one topic's stories open on two happenings; a translation's wording of an
opening is the translator's, so across languages the leads and names decide), unless both openings give
one telling quantity of one name ("Bitcoin falls below $6,000", "Bitcoin slumps below $6K": one market
move, told by outlets that each go on about something else); documents with no English
to compare need several shared names; documents dated more than ``DATE_GAP`` days apart never merge, nor
do two documents of one outlet in one language whose openings say nothing alike (an outlet's reports of
one running story, its hearing and its verdict, tell two happenings: its background repeats, its openings
do not), and
nor do two groups of sources when every source of one names someone or somewhere that no source of the
other names (look-alike events: two players' arrests, two earthquakes of one region), unless the other
names no one of its own and both tell of one protagonist (a story that moved on: a second clinic).
Grouping is average-linkage agglomerative clustering with a similarity floor, over the pairs an
inverted index of each document's most telling words and names finds, so a day costs what its stories
cost, not the square of its size; a document then left alone joins the story it is most like on average
from a lower floor.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ConfigDict

from translate.documents import TranslatedDocument
from translate.metadata import outlet_key

from . import facts as fx
from . import paraphrase
from .briefs import Brief, Citation, Point, Role, candidates
from .citations import check
from .figures import anchored, figures, told_apart
from .junk import is_junk
from .lemmas import terms
from .names import Lexicon, capitalised, latin_names, marked_names, name_keys, without
from .text import content_words, cosine, idf_weights, overlap, tfidf

SAME_STORY = 0.20  # average likeness of two groups of documents from which they are one story (tuned on
# the dev parts of the two labelled news sets of bench/quality.py: see docs/quality.md)
ALONE = 0.07  # average likeness to a story from which a document left alone joins it (tuned likewise)
NAMES_ONLY = 3  # shared names from which names alone make a likeness, for documents without English
NAMELESS = 0.5  # the share of their English likeness two documents keep when they share no name
MANY_NAMES = 4  # shared names beyond this each add NAME_STEP to a likeness: one event names the same people
NAME_STEP = 0.02
ENGLISH_WORDS = 8  # content words of trusted English from which a document's English is compared (a one-sentence item has ~10)
DATE_GAP = 21  # days between two documents' publish dates from which they are never one story (a news event's reports
# run over two weeks and more: 16 days between the first and last of one news-weeks event; tuned on the dev parts)
LEAD = 3  # a document's lead: its first distinct sentences of trusted English, where it says what happened ...
SAME_LEAD = 0.12  # ... and the cosine between what one's lead says happened (its words less its names) and the
# other's English below which their likeness shrinks in proportion: two stories on one topic share names and
# background (a club, a court), not what happened (tuned on the dev parts of bench/quality.py's days)
OPENING = 2  # a document's opening: its first distinct sentences of trusted English (a title and what happened) ...
SAME_OPENING = 0.15  # ... and the cosine between two openings, as terms, below which their likeness shrinks in
# proportion, to no less than OPENING_FLOOR of it: a story's outlets open on one happening, while one topic's
# stories (two countries' jobless figures, one meeting's previews of two athletes) share their background, not
# their openings; the floor keeps an outlet that opens on another side of one event (tuned likewise)
OPENING_FLOOR = 0.3
DEFINING = 0.8  # a name in this share of a group's documents is one of the group's defining names ...
DEFINED = 5  # ... when the group has this many documents or more: two such groups, one of which never
# names the other's defining name, report two events (two players' arrests, two climbers' falls)
TELLING = 0.5  # a name in this share of a group's documents that no document of the other names is its own:
# a group with none, on the other's protagonist, is the other's story before it moved on (``_two_events``)
COMMON = 0.5  # a word or name in more than this share of the day's documents pairs no documents
FEW = 10  # a word or name in more documents than this pairs only those for which it is one of their ...
INDEXED = 20  # ... INDEXED most telling words or names (tf-idf), so a day of many stories costs what its
# stories cost, not the square of the day (once two documents are paired, their likeness is over all words)
NOUN_CAPITALS = frozenset({"de", "lb"})  # languages that capitalise every noun: their capitals mark no names
MAX_SHARED_POINTS = 7
CENTRAL = 0.15  # a single source's point is shown when it is at least this close to the story's centre


@dataclass(frozen=True)
class StoryPoint(Point):
    """A point of a story: its citations span every source that states it."""

    sources: tuple[str, ...] = ()  # document ids stating it; one id: only that source states it
    differs: tuple[str, ...] = ()  # when the sources give different figures: each one's, in ``sources`` order
    new: bool = True  # not stated by the earlier story this one continues


@dataclass(frozen=True)
class Story:
    __pydantic_config__ = ConfigDict(extra="forbid")

    id: str
    headline: Point
    lede: StoryPoint | None  # what happened: the first fact several sources state (else a single source's opening)
    documents: tuple[str, ...]
    languages: tuple[str, ...]
    points: tuple[StoryPoint, ...]
    first_seen: str | None = None  # the first day the story was briefed (today, for a new one)
    continues: str | None = None  # the earlier story it continues, as DAY/story-N (``continuity``)
    rank: int = 0  # its place in the day's briefing, 1 first (``ranking``); 0 before it is ranked
    outlets: int = 0  # independent outlets: one outlet's documents and copies of one text count once (``ranking``)
    score: float = 0.0  # what ranks it (``ranking``)
    reason: str = ""  # why it stands where it does: "9 outlets in 4 languages, developing since ..."


def trusted_english(doc: TranslatedDocument) -> list[str]:
    """The document's English sentences, less those whose translation the guards flagged and those
    that are not news (boilerplate, template strings: ``junk``)."""
    return [
        s.english
        for p in doc.paragraphs
        for s in p.sentences
        if s.english and not s.flags and not is_junk(s.english, s.source if p.paragraph.lang != "en" else None)
    ]


def lexicon(docs: Sequence[TranslatedDocument]) -> Lexicon:
    """The day's names in the Latin script: from English, and from sources written in it."""
    sentences = [t for d in docs for t in trusted_english(d)]
    sentences += [s.source for d in docs if d.document.lang not in NOUN_CAPITALS for p in d.paragraphs for s in p.sentences]
    return Lexicon(latin_names(sentences))


def document_names(doc: TranslatedDocument, day: Lexicon) -> set[str]:
    """A document's names: those of its English and, unless its language capitalises every noun, of its source."""
    return name_keys(_name_sentences(doc), day)


def mentions(doc: TranslatedDocument, day: Lexicon) -> Counter[str]:
    """How many of a document's sentences name each of its names (its protagonist is named most), a
    name that opens a sentence too ("Lohan was ..."), once the document's other sentences mark it."""
    sentences = _name_sentences(doc)
    marked = [name_keys([sentence], day) for sentence in sentences]
    keys = set().union(*marked)  # the document's names
    return Counter(key for sentence, named in zip(sentences, marked, strict=True) for key in named | (capitalised(sentence) & keys))


def _name_sentences(doc: TranslatedDocument) -> list[str]:
    sentences = trusted_english(doc)
    if doc.document.lang not in ("en", *NOUN_CAPITALS):
        sentences += [s.source for p in doc.paragraphs for s in p.sentences]
    return sentences


def similarities(
    docs: Sequence[TranslatedDocument], day: Lexicon | None = None, names: Sequence[set[str]] | None = None
) -> dict[int, dict[int, float]]:
    """For each document, the documents it shares a word or a name with, and how alike they are: when
    both have English, the cosine of their trusted English words scaled by how many of their names they
    share (from NAMELESS when none to NAMELESS + 1 when all: look-alike events with other people and
    places stay apart), plus NAME_STEP for each shared name beyond MANY_NAMES; without English on both
    sides, the weighted overlap of their names when they share NAMES_ONLY or more; 0 for documents dated
    more than DATE_GAP days apart, and for two documents of one outlet (``metadata.outlet_key``) in one
    language whose openings tell two happenings (``_one_happening``; an outlet's editions of one report
    in two languages open in two translators' words). The English likeness shrinks when what neither
    document's lead (its first LEAD sentences) says happened is found in the other's English (below
    SAME_LEAD), and when their openings (their first OPENING sentences, as ``lemmas.terms``) differ
    (below SAME_OPENING) in one language: two stories on one topic share names and background, and their
    leads tell two happenings. It is SAME_STORY at least when both openings give one telling quantity of
    one thing (``figures.anchored``) and name one name. ``names``: each document's ``document_names``,
    when the caller has them."""
    day = day or lexicon(docs)
    trusted = [trusted_english(d) for d in docs]
    bags = [content_words(" ".join(sentences)) for sentences in trusted]
    english = tfidf(bags)
    distinct = [list(dict.fromkeys(sentences)) for sentences in trusted]  # a title repeated on the page counts once
    lead_bags = [[w for sentence in first[:LEAD] for w in _happened(sentence)] for first in distinct]
    leads = tfidf(lead_bags + bags)[: len(docs)]  # weighed with the documents' idf, so a lead compares with a whole document
    opened = [first[:OPENING] for first in distinct]
    opening_figures = [tuple(f for sentence in first for f in figures(sentence)) for first in opened]
    opening_bags = [terms(" ".join(opening)) for opening in opened]
    openings = tfidf(opening_bags + [terms(" ".join(sentences)) for sentences in trusted])[: len(docs)]  # likewise
    has_english = [len(bag) >= ENGLISH_WORDS for bag in bags]
    names = names or [document_names(d, day) for d in docs]
    opening_names = [name_keys(first, day) | (names[i] & {k for s in first for k in capitalised(s)}) for i, first in enumerate(opened)]
    idf = idf_weights(names)
    mass = [math.fsum(idf[t] for t in keys) for keys in names]
    dates = [_date(d) for d in docs]
    languages = [d.document.lang for d in docs]
    outlets = [outlet_key(d.document.meta.outlet, d.document.meta.url) for d in docs]
    tokens = [(set(english[i]) if has_english[i] else set()) | {f"~{n}" for n in names[i]} for i in range(len(docs))]
    df = Counter(t for ts in tokens for t in ts)
    postings: dict[str, list[int]] = {}
    for i, ts in enumerate(tokens):
        words = heapq.nlargest(INDEXED, english[i], key=english[i].__getitem__) if has_english[i] else []
        telling = {*words, *(f"~{n}" for n in heapq.nlargest(INDEXED, names[i], key=lambda n: (idf[n], n)))}
        for token in ts:
            if df[token] <= FEW or token in telling:
                postings.setdefault(token, []).append(i)
    neighbours: dict[int, dict[int, float]] = {i: {} for i in range(len(docs))}
    for members in postings.values():
        if len(members) > COMMON * len(docs) and len(members) > 10:
            continue  # a word in most documents tells no story apart (and would make this quadratic)
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if b in neighbours[a]:
                    continue
                date_a, date_b = dates[a], dates[b]
                if date_a and date_b and abs((date_a - date_b).days) > DATE_GAP:
                    likeness = 0.0
                else:
                    named = overlap(names[a], names[b], idf, mass[a], mass[b])
                    if has_english[a] and has_english[b]:
                        many = max(0, len(names[a] & names[b]) - MANY_NAMES) * NAME_STEP
                        likeness = cosine(english[a], english[b]) * (NAMELESS + named) + many
                        told = max(cosine(leads[a], english[b]), cosine(leads[b], english[a]))
                        likeness *= min(1.0, told / SAME_LEAD)
                        if languages[a] == languages[b]:
                            likeness *= _opened(openings[a], openings[b])
                        if anchored(opening_figures[a], opening_figures[b]) and opening_names[a] & opening_names[b]:
                            likeness = max(likeness, SAME_STORY)  # both open on one telling quantity of one name
                        if languages[a] == languages[b] and likeness and outlets[a] and outlets[a] == outlets[b]:
                            if not _one_happening(opened[a], opened[b]):
                                likeness = 0.0  # one outlet's reports of two happenings
                    else:
                        likeness = named if len(names[a] & names[b]) >= NAMES_ONLY else 0.0
                neighbours[a][b] = neighbours[b][a] = likeness
    return neighbours


def _opened(a: dict[str, float], b: dict[str, float]) -> float:
    """The share of two documents' likeness their openings keep: all of it from SAME_OPENING up."""
    return max(OPENING_FLOOR, min(1.0, cosine(a, b) / SAME_OPENING))


def _happened(sentence: str) -> list[str]:
    """A sentence's content words less the names its capitals mark: what it says happened (who and where
    count apart, as names)."""
    return content_words(without(sentence, {w.casefold() for w in marked_names(sentence)}))


def _date(doc: TranslatedDocument) -> dt.date | None:
    return dt.date.fromisoformat(doc.document.meta.date) if doc.document.meta.date else None


def group(docs: Sequence[TranslatedDocument], day: Lexicon | None = None) -> list[list[int]]:
    """Indices of ``docs`` grouped into stories: biggest first, then in input order. Average linkage:
    the two groups whose documents are most alike on average merge, while that average is SAME_STORY or
    more (pairs that share nothing count as 0), unless they report two events (``_two_events``)."""
    day = day or lexicon(docs)
    named_most = {i: mentions(d, day) for i, d in enumerate(docs)}  # in how many of a group's sentences
    names = [set(counts) for counts in named_most.values()]  # each document's ``document_names``
    links = similarities(docs, day, names)
    similarities_of = {i: dict(row) for i, row in links.items()}  # the documents' own likeness, before merging
    members: dict[int, list[int]] = {i: [i] for i in range(len(docs))}
    named: dict[int, Counter[str]] = {i: Counter(keys) for i, keys in enumerate(names)}  # in how many of a group's documents
    heap = [(-s, a, b) for a, row in links.items() for b, s in row.items() if a < b and s >= SAME_STORY]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members or links[a].get(b) != -negative:
            continue  # a stale entry: one side merged since, or their likeness changed
        if _two_events(len(members[a]), named[a], named_most[a], len(members[b]), named[b], named_most[b]):
            links[a][b] = links[b][a] = 0.0
            continue
        size_a, size_b = len(members[a]), len(members[b])
        members[a] += members.pop(b)
        named[a] += named.pop(b)
        named_most[a] += named_most.pop(b)
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
    _attach_alone(members, similarities_of)
    return sorted((sorted(m) for m in members.values()), key=lambda m: (-len(m), m[0]))


def _one_happening(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two openings tell one happening: a sentence of each says one thing (``paraphrase.same``)."""
    return any(paraphrase.same(x, y) for x in a for y in b)


def _attach_alone(members: dict[int, list[int]], likeness: dict[int, dict[int, float]]) -> None:
    """A document left alone joins the story of several documents it is most like on average, when that
    average is ALONE or more: one report shares less with each of a story's sources than they share
    with each other, so it is held to a lower floor than a group is."""
    story_of = {i: key for key, m in members.items() for i in m}
    for key in [key for key, m in members.items() if len(m) == 1]:
        (doc,) = members[key]
        totals: dict[int, float] = {}
        for other, value in likeness[doc].items():
            home = story_of[other]
            if home != key and len(members[home]) > 1:
                totals[home] = totals.get(home, 0.0) + value
        best = max(totals, key=lambda home: (totals[home] / len(members[home]), -home), default=None)
        if best is not None and totals[best] / len(members[best]) >= ALONE:
            members[best].append(doc)
            del members[key]
            story_of[doc] = best


def _two_events(
    size_a: int, named_a: Counter[str], mentioned_a: Counter[str], size_b: int, named_b: Counter[str], mentioned_b: Counter[str]
) -> bool:
    """Two groups of DEFINED documents or more report two events when one of them has a defining name
    (in DEFINING of its documents) that no document of the other names: the other group's sources, all
    of them, tell of someone or somewhere else. Unless that other group has no name of its own (in
    TELLING of its documents and in none of the first's) and both tell of one protagonist (the name
    their sentences name most): then it is the first's story before it moved on (a star who checks
    into one clinic, then another), not a look-alike event (two players' arrests, two patches)."""
    if size_a < DEFINED or size_b < DEFINED:
        return False
    sides = ((size_a, named_a, named_b), (size_b, named_b, named_a))
    if not any(count >= DEFINING * size and name not in other for size, counts, other in sides for name, count in counts.items()):
        return False
    own = [any(count >= TELLING * size and name not in other for name, count in counts.items()) for size, counts, other in sides]
    return all(own) or not (_protagonists(mentioned_a) & _protagonists(mentioned_b))


def _protagonists(mentioned: Counter[str]) -> set[str]:
    """The names a group's sentences name most (ties and all)."""
    most = max(mentioned.values(), default=0)
    return {name for name, count in mentioned.items() if count == most}


def merge(story_id: str, briefs: Sequence[Brief], docs: dict[str, TranslatedDocument], day: Lexicon) -> Story:
    """One brief for a story: its lede (the first fact several sources state; a single source's report
    when the sources share only quotations, and what a source opens on when they share nothing that one
    of them opens with: background further down is not the news), the other facts several sources
    state, each citing all of them; then, per source, its best point where it is central to the story.
    All in the order facts rank (``facts.facts``): each next one adds the most of what many sources
    write; a line that says little (``facts.says_little``) comes after every line that tells news."""
    statements = [fx.statement(b.doc, c, day) for b in briefs for c in candidates(docs[b.doc])]
    centroid = _centroid(statements)
    found = fx.facts(statements, centroid)
    shared = [_point(f, docs) for f in found if len(f.sources) > 1]
    shared = [p for p in shared if len(p.sources) > 1][: MAX_SHARED_POINTS + 1]
    covered = {(s.doc, s.candidate.sentence) for f in found if len(f.sources) > 1 for s in (f.lead, *f.others)}
    picked = []  # (rank among the facts, fact): each source's best point where it is central
    for brief in briefs:
        shown = {p.text for p in brief.points}
        best = next(
            (
                (n, f)
                for n, f in enumerate(found)
                if f.sources == (brief.doc,)
                and f.lead.candidate.text in shown
                and f.centrality >= CENTRAL
                and (brief.doc, f.lead.candidate.sentence) not in covered
            ),
            None,
        )
        if best:
            picked.append(best)
    singles = [_point(f, docs) for _, f in sorted(picked, key=lambda nf: nf[0])]  # as the facts rank
    singles.sort(key=lambda p: bool(p.flags))  # a translation the guards flagged comes last, and never leads
    told = [p for p in singles if not p.flags and fx.reads_alone(p.text)]
    opening = {(s.doc, s.candidate.sentence) for s in statements if s.candidate.position < OPENING}
    opens = [p for p in told if (p.citations[0].doc, p.citations[0].sentence) in opening]
    lede: StoryPoint | None
    if shared and not fx.reads_alone(shared[0].text) and told:
        lede = told[0]  # the news itself, though one source tells it, before a quotation several repeat
        singles.remove(lede)
    elif opens and not (shared and any((c.doc, c.sentence) in opening for c in shared[0].citations)):
        lede = opens[0]  # what a source opens on, before background several repeat further down
        singles.remove(lede)
    else:
        lede = shared.pop(0) if shared else (singles.pop(0) if singles and not singles[0].flags else None)
    points = sorted(shared + singles, key=lambda p: (bool(p.flags), fx.says_little(p.text)))  # news first, however few tell it
    languages = tuple(dict.fromkeys(docs[b.doc].document.lang for b in briefs))
    return Story(
        id=story_id,
        headline=_central_headline(briefs),
        lede=lede,
        documents=tuple(b.doc for b in briefs),
        languages=languages,
        points=tuple(points),
    )


def _centroid(statements: Sequence[fx.Statement]) -> dict[str, float]:
    total: dict[str, float] = {}
    for s in statements:
        for w in s.words:
            total[w] = total.get(w, 0.0) + 1.0
    norm = sum(v * v for v in total.values()) ** 0.5 or 1.0
    return {w: v / norm for w, v in total.items()}


def _point(fact: fx.Fact, docs: dict[str, TranslatedDocument]) -> StoryPoint:
    """A fact as a point: its plainest statement, citing that statement's sentence as its source and the
    other statements' as agreeing."""
    lead = fact.plainest
    others = [s for s in (fact.lead, *fact.others) if s is not lead]
    citations = (_sentence(lead),) + tuple(dataclasses.replace(_sentence(s), role=Role.AGREES) for s in others)
    flags = tuple(dict.fromkeys(f for s in (lead, *others) for f in s.candidate.flags))
    point = check(Point(lead.candidate.text, citations, True, flags=flags), docs, figures=not fact.differs, agrees=fx.agrees)
    sources = tuple(dict.fromkeys(c.doc for c in point.citations))
    differs = _differing(fact, sources) if fact.differs else ()
    return StoryPoint(**{f.name: getattr(point, f.name) for f in dataclasses.fields(Point)}, sources=sources, differs=differs)


def _sentence(s: fx.Statement) -> Citation:
    """A statement's citation, to its very sentence: the one that states the fact."""
    return dataclasses.replace(s.candidate.citation(s.doc), sentence=s.candidate.sentence)


def _differing(fact: fx.Fact, sources: tuple[str, ...]) -> tuple[str, ...]:
    """Each source's figure for the quantity the sources give differently, in ``sources`` order
    (``figures.told_apart``)."""
    by_doc = {s.doc: s for s in (fact.lead, *fact.others)}
    for counts in sorted({f.counts for s in by_doc.values() for f in s.figures if f.counts}):
        told = told_apart([tuple(f for f in by_doc[d].figures if f.counts == counts) for d in sources])
        if told:
            return tuple(f.written for f in told)
    return ()


def own_title(brief: Brief) -> bool:
    """The brief's headline is its document's own title (not a lead cut short)."""
    return bool(brief.title and brief.headline.text and brief.headline.text.casefold() in brief.title.casefold())


_TEASER = re.compile(r"^\W*(?:watch|listen|see|live|here'?s|here is|how to)(?=[\s:])|\?\W*$", re.I)  # "Watch the …", "When will …?"


def _central_headline(briefs: Sequence[Brief]) -> Point:
    """The headline most like the others (the story's common thread), preferring trusted translations,
    documents' own titles, and a title that tells over one that asks or calls the reader to watch. Its
    likeness to all the others is its cosine with their sum (unit vectors), so a story of thousands of
    documents costs what it has words, not the square of its size."""
    heads = [b.headline for b in briefs]
    vectors = tfidf([content_words(h.text) for h in heads])
    total: dict[str, float] = {}
    for vector in vectors:
        for t, w in vector.items():
            total[t] = total.get(t, 0.0) + w

    def score(i: int) -> tuple:
        closeness = cosine(vectors[i], total) - cosine(vectors[i], vectors[i])  # less its likeness to itself
        return (
            bool(heads[i].text),
            not heads[i].flags,
            heads[i].supported,
            own_title(briefs[i]),
            not _TEASER.search(heads[i].text),
            closeness,
            -i,
        )

    return heads[max(range(len(heads)), key=score)]


def story_of(docs: Sequence[TranslatedDocument], briefs: Sequence[Brief], story_id: str = "story-1") -> Story:
    """The given documents as one story, whatever grouping would make of them (a reader's own selection,
    or a benchmark's topic)."""
    return merge(story_id, briefs, {d.document.id: d for d in docs}, lexicon(docs))


def stories(docs: Sequence[TranslatedDocument], briefs: Sequence[Brief]) -> list[Story]:
    """The day's stories, the most covered first. A document with no English joins the story it shares
    names with, but documents with no English between them are no story: the briefing lists them apart."""
    by_id = {d.document.id: d for d in docs}
    day = lexicon(docs)
    told = [members for members in group(docs, day) if any(briefs[i].headline.text for i in members)]  # a story is told in English
    return [merge(f"story-{n}", [briefs[i] for i in members], by_id, day) for n, members in enumerate(told, start=1)]
