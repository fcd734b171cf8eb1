"""Stories across days: which of today's stories continue one of the last days', and what is new.

Stories are matched on their documents' words and names, the ones grouping reads (``stories``). A
story continues an earlier one when their words are alike and they share names: CLOSE and a few names,
or LOOSE and many (one event told by other outlets on another day names the same people and places). It
then keeps the earlier story's first day, links to it, and each of its points is new unless the earlier
story already stated it (each holding what the other says, with the same figures: ``restates``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from translate.documents import TranslatedDocument

from .citations import support
from .facts import agrees
from .history import PastStory, StoryRecord
from .stories import Story, StoryPoint, document_names, lexicon, trusted_english
from .text import content_words, cosine, tfidf

LOOKBACK = 7  # days before today whose stories a story may continue
CLOSE, FEW = 0.3, 2  # a story continues another when the cosine of their words is CLOSE and they share FEW names ...
LOOSE, MANY = 0.12, 4  # ... or the cosine is LOOSE and they share MANY names
SAME = 0.6  # support each way from which a point restates an earlier fact


def since(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=LOOKBACK)).isoformat()


def texts(story: Story) -> list[str]:
    return [story.headline.text, *([story.lede.text] if story.lede else []), *(p.text for p in story.points)]


def record(story: Story, docs: Mapping[str, TranslatedDocument]) -> StoryRecord:
    """What the history keeps of a story to match the next days' against: its documents' words and
    names, and the lines it showed."""
    members = [docs[d] for d in story.documents]
    (words,) = tfidf([content_words(" ".join(t for d in members for t in trusted_english(d)))])
    day = lexicon(members)
    names = frozenset(n for d in members for n in document_names(d, day))
    return StoryRecord(
        story.id, story.first_seen or "", story.continues, story.headline.text, words, names, len(story.documents), tuple(texts(story)[1:])
    )


def restates(point: str, earlier: str) -> bool:
    """``point`` says again what ``earlier`` said: each holds SAME of the other's words, and they state one
    fact by the matcher a story's facts are found with (``facts.agrees``): a toll that rose ("5 dead" after
    "3 dead"), a denial or another day is news, not a repeat."""
    return min(support(point, earlier, False), support(earlier, point, False)) >= SAME and agrees(point, earlier)


def continues(a: PastStory, b: StoryRecord) -> bool:
    likeness, shared = cosine(a.words, b.words), len(a.names & b.names)
    return (likeness >= CLOSE and shared >= FEW) or (likeness >= LOOSE and shared >= MANY)


def follow(
    stories: Sequence[Story], day: str, past: Sequence[PastStory], docs: Mapping[str, TranslatedDocument]
) -> list[tuple[Story, StoryRecord]]:
    """Today's stories with their first day, the story each continues, and which points are new; each
    with what the history keeps of it."""
    followed = []
    for story in stories:
        mine = record(story, docs)
        best = max(
            (p for p in past if continues(p, mine)),
            key=lambda p: (p.day, cosine(p.words, mine.words)),
            default=None,
        )
        if best is None:
            followed.append((dataclasses.replace(story, first_seen=day, continues=None), dataclasses.replace(mine, first_seen=day)))
            continue

        def known(point: StoryPoint, facts: tuple[str, ...] = best.facts) -> bool:
            return any(restates(point.text, f) for f in facts)

        lede = dataclasses.replace(story.lede, new=not known(story.lede)) if story.lede else None
        points = tuple(dataclasses.replace(p, new=not known(p)) for p in story.points)
        story = dataclasses.replace(story, first_seen=best.first_seen, continues=best.key, lede=lede, points=points)
        followed.append((story, dataclasses.replace(mine, first_seen=best.first_seen, continues=best.key)))
    return followed
