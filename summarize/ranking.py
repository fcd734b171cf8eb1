"""The order of a day's stories: what makes news first, each with the reason it stands where it does.

A story's score is one formula::

    score = voices x (1 + LANGUAGE_WEIGHT x (languages - 1) + COUNTRY_WEIGHT x max(0, countries - 1))
                   x (1 - OLD_WEIGHT x old share)
            + GROWTH_WEIGHT x min(new facts, GROWTH_CAP)  (a story that continues an earlier day's)

``voices`` counts independent outlets: documents are one voice when they come from one outlet (its name or
address, ``metadata.outlet_key``: "BBC News" and bbc.co.uk are one), or when
one is a copy of the other's text (the same wire story republished: COPY of its word shingles in the
other). ``languages`` counts the languages of the coverage; ``countries`` the countries its outlets'
addresses name (country-code domains: bbc.co.uk, tengrinews.kz; a generic .com names none, and a story
whose outlets name one or none has no spread from countries); ``old share`` the share of its documents
dated more than OLD_DAYS from the briefing's day; ``new facts`` the points a developing story states
that its earlier days did not. Ties go to more voices, then more documents, then the story grouping put
first, so the order is the same on every run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from translate.metadata import outlet_key

from .briefs import Brief
from .stories import Story
from .text import words

LANGUAGE_WEIGHT = 0.5  # each language beyond the first adds this share of the voices
COUNTRY_WEIGHT = 0.25  # and each country beyond the first this share
OLD_WEIGHT = 0.5  # a story all of whose documents are old keeps this share less of its score
GROWTH_WEIGHT = 0.5  # what each new fact of a developing story adds ...
GROWTH_CAP = 4  # ... up to this many
OLD_DAYS = 3  # a document dated further than this from the briefing's day is not today's news
SHINGLE = 8  # words a shingle holds
COPY = 0.6  # share of one document's shingles found in another from which it is a copy of it


@dataclass(frozen=True)
class Standing:
    """Why a story stands where it does."""

    score: float
    voices: int
    languages: int
    new_facts: int
    old: int  # its documents dated more than OLD_DAYS from the day
    countries: int  # the countries its outlets' addresses name


def voices(documents: Sequence[str], briefs: Mapping[str, Brief], english: Mapping[str, str]) -> int:
    """Independent outlets among ``documents``: one outlet's documents are one voice, and so are copies
    of one text, whoever republished them."""
    parent = {d: d for d in documents}

    def root(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    by_outlet: dict[str, str] = {}
    for d in documents:
        outlet = outlet_key(briefs[d].outlet, briefs[d].url)
        if outlet:
            join(d, by_outlet.setdefault(outlet, d))
    runs = {d: shingles(english.get(d, "")) for d in documents}
    postings: dict[int, list[str]] = {}
    for d in documents:
        for s in runs[d]:
            postings.setdefault(s, []).append(d)
    shared: dict[tuple[str, str], int] = {}
    for holders in postings.values():
        for a, b in itertools.combinations(holders, 2):
            shared[a, b] = shared.get((a, b), 0) + 1
    for (a, b), n in shared.items():
        if n >= COPY * min(len(runs[a]), len(runs[b])):
            join(a, b)
    return len({root(d) for d in documents})


def shingles(text: str) -> set[int]:
    """The text's runs of SHINGLE words, hashed: copies of one text share most of them."""
    tokens = words(text)
    return {hash(tuple(tokens[i : i + SHINGLE])) for i in range(max(0, len(tokens) - SHINGLE + 1))}


def standing(story: Story, briefs: Mapping[str, Brief], english: Mapping[str, str], day: str) -> Standing:
    heard = voices(story.documents, briefs, english)
    today = dt.date.fromisoformat(day)
    dates = [dt.date.fromisoformat(date) for d in story.documents if (date := briefs[d].date)]
    old = sum(1 for date in dates if abs((date - today).days) > OLD_DAYS)
    new = sum(1 for p in (story.lede, *story.points) if p and p.new) if story.continues else 0
    countries = len({c for d in story.documents if (c := country(briefs[d]))})
    spread = 1 + LANGUAGE_WEIGHT * (len(story.languages) - 1) + COUNTRY_WEIGHT * max(0, countries - 1)
    score = heard * spread * (1 - OLD_WEIGHT * old / len(story.documents)) + GROWTH_WEIGHT * min(new, GROWTH_CAP)
    return Standing(round(score, 3), heard, len(story.languages), new, old, countries)


_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?([^/:?#\s]+)", re.I)
_COUNTRY_ALIASES = {"uk": "gb"}


def country(brief: Brief) -> str | None:
    """The country a document's outlet is from, as its address's country-code domain tells it ("bbc.co.uk":
    gb); None for a generic domain (.com, .org) or no address."""
    for address in (brief.url, brief.outlet):
        host = _HOST.match(address or "")
        label = host.group(1).rstrip(".").rsplit(".", 1)[-1].casefold() if host and "." in host.group(1) else ""
        if len(label) == 2 and label.isalpha():
            return _COUNTRY_ALIASES.get(label, label)
    return None


def reason(story: Story, why: Standing) -> str:
    """``9 outlets in 4 languages, developing since 2026-12-02, 3 new facts today``."""
    parts = [f"{why.voices} outlet{'s' if why.voices != 1 else ''} in {why.languages} language{'s' if why.languages != 1 else ''}"]
    if why.countries > 1:
        parts[0] += f" from {why.countries} countries"
    if story.continues and story.first_seen:
        parts.append(f"developing since {story.first_seen}")
        parts.append(f"{why.new_facts} new fact{'s' if why.new_facts != 1 else ''} today" if why.new_facts else "nothing new today")
    if why.old:
        documents = len(story.documents)
        which = "" if documents == 1 else f"all {documents} documents " if why.old == documents else f"{why.old} of {documents} documents "
        parts.append(f"{which}more than {OLD_DAYS} days old")
    return ", ".join(parts)


def rank_stories(stories: Sequence[Story], briefs: Mapping[str, Brief], english: Mapping[str, str], day: str) -> list[tuple[int, Story]]:
    """``stories`` best first, each with its index in ``stories`` and its rank, score, reason and outlets set.
    ``english``: each document's English, where copies of one text are found."""
    found = [standing(s, briefs, english, day) for s in stories]
    order = sorted(range(len(stories)), key=lambda i: (-found[i].score, -found[i].voices, -len(stories[i].documents), i))
    return [
        (i, dataclasses.replace(stories[i], rank=rank, score=found[i].score, reason=reason(stories[i], found[i]), outlets=found[i].voices))
        for rank, i in enumerate(order, start=1)
    ]
