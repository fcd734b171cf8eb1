"""The day's briefing: every document's brief, the stories they form, and the JSON and Markdown writers
(the HTML page is in ``html.py``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from translate.documents import TranslatedDocument
from translate.output import markdown_text
from translate.signature import BriefingSignature, Signature

from .briefs import Brief, Point, Summarizer
from .continuity import follow
from .history import PastStory, StoryRecord
from .ranking import OLD_DAYS, rank_stories
from .stories import Story, StoryPoint, stories, trusted_english
from .templates import plural

SCHEMA = Path(__file__).with_name("briefing.schema.json")
GUARDED = "the translation guards flagged all of its English (see translations/)"
NO_ENGLISH = "_No English to brief: the document is not translated (see the run's messages and report.json)._"


@dataclass(frozen=True)
class Seen:
    """A document of today's inputs that an earlier day already briefed: listed, not briefed again."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    doc: str
    source: str
    title: str | None
    seen_on: str  # the day it was first briefed


@dataclass(frozen=True)
class Untranslated:
    """A document of the day with no English to brief: no model covers its language, none is pulled, or
    the translation guards flagged all of its English."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    doc: str
    languages: tuple[str, ...]  # the languages of its paragraphs left untranslated
    fix: str  # what gets it translated: the command that pulls its model, or why none can


@dataclass(frozen=True)
class Briefing:
    date: str
    documents: tuple[TranslatedDocument, ...]
    briefs: tuple[Brief, ...]
    stories: tuple[Story, ...]
    seen: tuple[Seen, ...] = ()
    records: tuple[StoryRecord, ...] = ()  # what the history keeps of each story, in ``stories`` order
    untranslated: tuple[Untranslated, ...] = ()  # documents in no story: they have no English

    def developing(self, story: Story) -> str | None:
        """``developing since 2026-11-29 (day 3)`` for a story that continues an earlier one."""
        if not story.continues or not story.first_seen:
            return None
        days = (dt.date.fromisoformat(self.date) - dt.date.fromisoformat(story.first_seen)).days + 1
        return f"developing since {story.first_seen} (day {days})"

    @cached_property
    def brief_of(self) -> dict[str, Brief]:
        """Document id -> its brief."""
        return {b.doc: b for b in self.briefs}

    @cached_property
    def names(self) -> dict[str, str]:
        """Document id -> the name a reader knows its source by (see ``source_names``)."""
        return source_names(self.briefs)

    def published(self, brief: Brief) -> str:
        """When a document is from: its date, marked when it is more than OLD_DAYS from the briefing's
        day ("published 2005-07-14"), or "no date found"."""
        if not brief.date:
            return "no date found"
        far = abs((dt.date.fromisoformat(brief.date) - dt.date.fromisoformat(self.date)).days) > OLD_DAYS
        return f"published {brief.date}" if far else brief.date


LABEL_WORDS = 12  # a source named by its title shows it whole up to this many words


def source_names(briefs: Sequence[Brief]) -> dict[str, str]:
    """Each document's source as readers know it: its outlet, else the start of its title (or headline)
    in quotes, else its id. Two sources of one outlet are told apart by their titles."""

    def short(b: Brief) -> str | None:
        words = label(b.title or b.headline.text)
        return f"“{words}”" if words else None

    base = {b.doc: b.outlet or short(b) or b.doc for b in briefs}
    taken = Counter(base.values())
    names: dict[str, str] = {}
    for b in briefs:
        name = base[b.doc]
        if taken[name] > 1:
            title = short(b) if b.outlet else None
            name = f"{name} {title}" if title else f"{name} ({b.doc})"
        names[b.doc] = name if name not in names.values() else f"{name} ({b.doc})"
    return names


def label(title: str) -> str:
    """A title as a source's name: whole up to LABEL_WORDS words; else its first part (before a colon or
    a dash) when that is short enough; else cut before a word that opens a phrase, marked with "…"."""
    words = title.split()
    if len(words) <= LABEL_WORDS:
        return " ".join(words)
    head = _PART.split(title, maxsplit=1)[0].split()
    if 3 <= len(head) <= LABEL_WORDS:
        return " ".join(head)
    cut = words[:LABEL_WORDS]
    before = [n for n in range(len(cut) - 4, len(cut)) if n > 3 and cut[n].casefold() in _FUNCTION_WORDS]
    if before:
        cut = cut[: before[-1]]  # a phrase ends before the word that opens the next one ("... interview | to Radio")
    while len(cut) > 3 and (cut[-1].casefold() in _FUNCTION_WORDS or cut[-1].endswith((",", ":", ";"))):
        cut.pop()
    return " ".join(cut) + " …"


_PART = re.compile(r"\s*(?::|\s[-–—|]\s)\s*")
_FUNCTION_WORDS = frozenset(
    """a an the of and or but to in on at for with without from by as is are was its his her their after before over into
    than that who which""".split()
)


def build(
    docs: Sequence[TranslatedDocument],
    summarizer: Summarizer,
    date: str,
    past: Sequence[PastStory] = (),
    seen: Sequence[Seen] = (),
    fix: Callable[[str], str] = lambda lang: "get it translated with: parabrief models pull",
) -> Briefing:
    """The day's briefing of ``docs``; ``past``: the last days' stories, which today's may continue;
    ``fix``: what gets a language translated (a command), for the documents left with no English."""
    briefs = [summarizer.summarize(d) for d in docs]
    by_id = {d.document.id: d for d in docs}
    followed = follow(stories(docs, briefs), date, past, by_id)
    english = {d.document.id: " ".join(trusted_english(d)) for d in docs}
    ranks = rank_stories([s for s, _ in followed], {b.doc: b for b in briefs}, english, date)
    followed = [(story, followed[i][1]) for i, story in ranks]  # the best first; the history's records alike
    told = {doc for s, _ in followed for doc in s.documents}
    untranslated = []
    for d in docs:
        if d.document.id not in told:
            languages = tuple(dict.fromkeys(lang for _, lang in d.untranslated))
            why = "; ".join(dict.fromkeys(fix(lang) for lang in languages)) or GUARDED
            untranslated.append(Untranslated(d.document.id, languages or (d.document.lang,), why))
    return Briefing(
        date,
        tuple(docs),
        tuple(briefs),
        tuple(s for s, _ in followed),
        tuple(seen),
        tuple(r for _, r in followed),
        tuple(untranslated),
    )


def not_translated(briefing: Briefing) -> str:
    """``Not translated: 4 documents in ko, it — get them translated with: parabrief models pull nllb-200-distilled-600M``."""
    missing = briefing.untranslated
    languages = ", ".join(dict.fromkeys(lang for u in missing for lang in u.languages))
    fixes = "; ".join(dict.fromkeys(u.fix for u in missing))
    count = f"{len(missing)} document{'s' if len(missing) != 1 else ''}"
    return f"Not translated: {count} in {languages} — {fixes}"


# ------------------------------------------------------------------------------------------- JSON

_BRIEF: TypeAdapter[Brief] = TypeAdapter(Brief)


def brief_json(brief: Brief) -> str:
    """``briefs/<doc-id>.json``: one document's brief."""
    return json.dumps(_BRIEF.dump_python(brief, mode="json"), ensure_ascii=False, indent=2) + "\n"


def read_brief(text: str | bytes) -> Brief:
    return _BRIEF.validate_json(text)


class BriefingFile(BaseModel):
    """``briefing.json``: the day's stories and every document's brief, with the signature of every model
    that made them. ``briefing.schema.json`` is generated from this model (``schema``)."""

    model_config = ConfigDict(extra="forbid", title="parabrief daily briefing")

    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    signature: BriefingSignature
    stories: tuple[Story, ...]
    documents: tuple[Brief, ...]
    seen: tuple[Seen, ...]  # inputs already briefed on an earlier day
    untranslated: tuple[Untranslated, ...]  # documents with no English, in no story

    @classmethod
    def of(cls, briefing: Briefing, signature: BriefingSignature) -> BriefingFile:
        return cls(
            date=briefing.date,
            signature=signature,
            stories=briefing.stories,
            documents=briefing.briefs,
            seen=briefing.seen,
            untranslated=briefing.untranslated,
        )


def schema() -> str:
    """briefing.schema.json's text; after a change to the models, write it anew with
    ``python -c 'from summarize.briefing import SCHEMA, schema; SCHEMA.write_text(schema())'``."""
    return json.dumps(BriefingFile.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------------------------- Markdown


def cites(p: Point, names: dict[str, str] | None = None) -> str:
    """`` [KUNA ¶3 s4, Reuters ¶2]`` with the sources' names, `` [¶3 s4]`` without, and any warning."""
    if not p.citations:
        return ""
    text = "[" + ", ".join(c.label(names[c.doc] if names else None) for c in p.citations) + "]"
    if not p.supported:
        text += " ⚠ not supported by its source"
    if p.flags:
        text += f" ⚠ translation flagged: {', '.join(p.flags)}"
    return " " + text


def who_says(point: StoryPoint, names: dict[str, str]) -> str:
    """``reported by 3 sources``, ``only in KUNA``, or ``sources differ: 3 dead [AP] or 4 dead [Reuters]``."""
    if point.differs:
        return "sources differ: " + " or ".join(f"{w} [{names[d]}]" for w, d in zip(point.differs, point.sources, strict=True))
    return f"reported by {len(point.sources)} sources" if len(point.sources) > 1 else f"only in {names[point.sources[0]]}"


def byline(b: Brief, published: str) -> str:
    """Who published a document and when: ``KUNA · Jane Doe · ar · 2019-12-22 · <url or file>``."""
    return " · ".join(x for x in (b.outlet, b.author, b.lang, published, b.url or b.source) if x)


def brief_markdown(b: Brief) -> str:
    """``briefs/<doc-id>.md``; every line's text from the document is escaped (``markdown_text``)."""
    lines = [
        f"# {b.headline.text or b.doc}{cites(b.headline)}",
        "",
        *([NO_ENGLISH, ""] if not b.headline.text else []),
        *([f"_{b.title_original}_", ""] if b.title_original else []),
        f"`{b.doc}` · {byline(b, b.date or 'no date found')}",
        "",
    ]
    lines += [f"- {p.text}{cites(p)}" for p in b.points] or ["(nothing to summarize)"]
    lines += ["", "## Outline", ""]
    lines += [f"{o.paragraph}. ({o.lang}) {o.text or '—'}" for o in b.outline]
    return "\n".join(map(markdown_text, lines)) + "\n"  # our own syntax has no <, > or &


TOP = 10  # stories a briefing shows in full (``--top``); the others one line each
DAY_LINES = 5  # the top stories the day's summary names, with their reasons
TOP_POINTS = 3  # points a top story shows in briefing.md after its lede (every one in stories.md) ...
TOP_SOURCES = 2  # ... and sources it names ("and 13 more")
LINE_OUTLETS = 3  # outlets an "Also today" line names
STORIES_MD, DOCUMENTS_MD = "stories.md", "documents.md"  # every story in full; every document's brief


def briefing_markdown(briefing: Briefing, signature: Signature, top: int = TOP) -> str:
    """``briefing.md``, read in minutes at any volume: the day in five lines; the ``top`` stories in full;
    one line for each other story of two or more outlets ("Also today") and for each single report, by
    language; then what has no English and what was seen before. Every story is in full in stories.md,
    every document's brief in documents.md. Text from the documents is escaped (``markdown_text``)."""
    names = briefing.names
    shown, rest = briefing.stories[:top], briefing.stories[top:]
    lines = _header(briefing, signature)
    if shown:
        lines += ["## The day in five lines", ""]
        lines += [f"{s.rank}. **{s.headline.text}** — {s.reason}" for s in shown[:DAY_LINES]]
        lines += ["", "## Top stories", ""]
        for story in shown:
            lines += _story_markdown(briefing, story, "###", TOP_POINTS, TOP_SOURCES)
    also = [s for s in rest if s.outlets > 1]
    if also:
        lines += ["## Also today", ""]
        lines += [
            f"- {s.headline.text} — {_some(list(dict.fromkeys(names[d] for d in s.documents)), LINE_OUTLETS)} ({', '.join(s.languages)}) — "
            f"[story {s.rank}]({STORIES_MD})"
            for s in also
        ]
        lines.append("")
    singles = [s for s in rest if s.outlets <= 1]
    if singles:
        lines += ["## Single reports", ""]
        for lang in sorted({s.languages[0] for s in singles}):
            lines += [f"### {lang} (their briefs: [{DOCUMENTS_MD}]({DOCUMENTS_MD}))", ""]
            lines += [f"- {s.headline.text}{_outlet(briefing, s.documents[0])}" for s in singles if s.languages[0] == lang]
            lines.append("")
    if briefing.untranslated:
        lines += ["## Not translated", "", not_translated(briefing), ""]
        lines += [f"- {names[u.doc]} ({', '.join(u.languages)}): {u.fix}" for u in briefing.untranslated]
        lines.append("")
    if briefing.seen:
        lines += ["## Seen before", ""]
        lines += [f"- {s.title or s.doc} ({s.source}) — seen on {s.seen_on}" for s in briefing.seen]
        lines.append("")
    lines += [f"Every story in full: [{STORIES_MD}]({STORIES_MD}); every document's brief: [{DOCUMENTS_MD}]({DOCUMENTS_MD}).", ""]
    return _markdown(lines, signature)


def stories_markdown(briefing: Briefing, signature: Signature) -> str:
    """``stories.md``: every story of the day in full, in the briefing's order."""
    lines = _header(briefing, signature)
    for story in briefing.stories:
        lines += _story_markdown(briefing, story, "##")
    return _markdown(lines, signature)


def documents_markdown(briefing: Briefing, signature: Signature) -> str:
    """``documents.md``: every document's brief."""
    names = briefing.names
    lines = [f"# Documents {briefing.date}", ""]
    for b in briefing.briefs:
        head = f"**{b.headline.text}**{cites(b.headline)}" if b.headline.text else NO_ENGLISH
        lines += [f"## {names[b.doc]}", "", head, "", byline(b, briefing.published(b)), ""]
        lines += [f"- {p.text}{cites(p)}" for p in b.points]
        lines.append("")
    return _markdown(lines, signature)


def _header(briefing: Briefing, signature: Signature) -> list[str]:
    langs = sorted({b.lang for b in briefing.briefs})
    return [
        f"# Briefing {briefing.date}",
        "",
        f"{plural(len(briefing.stories), 'story', 'stories')} from {plural(len(briefing.briefs), 'document')} "
        f"in {plural(len(langs), 'language')} ({', '.join(langs)}).",
        "",
        f"Models and licences: {'; '.join(f'{m.model} ({m.licence})' for m in signature.models.values()) or 'none (no model ran)'}.\n",
    ]


def _story_markdown(briefing: Briefing, story: Story, heading: str, points: int | None = None, sources: int | None = None) -> list[str]:
    """A story in full; or, with ``points`` and ``sources``, its lede, its first ``points`` points and its
    first ``sources`` sources, the rest counted and left to stories.md."""
    names, briefs = briefing.names, briefing.brief_of
    lines = [f"{heading} {story.rank}. {story.headline.text}", "", f"_{story.reason}_", ""]
    if story.continues:
        earlier, story_id = story.continues.split("/")
        lines += [f"_{briefing.developing(story)}: continues [{earlier}](../{earlier}/briefing.md) ({story_id})_", ""]
    named = [f"{names[d]} ({briefs[d].lang}, {briefing.published(briefs[d])})" for d in story.documents]
    lines += ["Sources: " + _some(named, sources), ""]
    mark = (lambda p: " · new today" if p.new else " · already reported") if story.continues else (lambda p: "")
    if story.lede:
        lines += [f"**{story.lede.text}**{cites(story.lede, names)} — {who_says(story.lede, names)}{mark(story.lede)}", ""]
    lines += [f"- {sp.text}{cites(sp, names)} — {who_says(sp, names)}{mark(sp)}" for sp in story.points[:points]]
    if points is not None and len(story.points) > points:
        lines.append(f"- … {len(story.points) - points} more in [{STORIES_MD}]({STORIES_MD})")
    lines.append("")
    return lines


def _outlet(briefing: Briefing, doc: str) -> str:
    """`` — KUNA`` for a document with an outlet; nothing for one named by its title, which its line shows."""
    outlet = briefing.brief_of[doc].outlet
    return f" — {outlet}" if outlet else ""


def _some(items: Sequence[str], most: int | None) -> str:
    """``A, B, C and 4 more``: ``most`` of ``items``, or all of them for None or when only two more would
    be left out ("and 1 more" says less than the name)."""
    if most is None or len(items) <= most + 2:
        return ", ".join(items)
    return f"{', '.join(items[:most])} and {len(items) - most} more"


def _markdown(lines: list[str], signature: Signature) -> str:
    return "\n".join([*map(markdown_text, lines), "---", f"`{signature.line}`", ""])  # our own syntax has no <, > or &
