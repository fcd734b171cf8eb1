"""The day's briefing: every document's brief, the stories they form, and the JSON and Markdown writers
(the HTML page is in ``html.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate.documents import TranslatedDocument

from .briefs import Brief, Citation, Point, Summarizer
from .stories import Story, stories

SCHEMA = "briefing.schema.json"  # beside this file
NO_ENGLISH = "_No English to brief: the document is not translated (see the run's messages and report.json)._"


@dataclass(frozen=True)
class Briefing:
    date: str
    documents: tuple[TranslatedDocument, ...]
    briefs: tuple[Brief, ...]
    stories: tuple[Story, ...]


def build(docs: Sequence[TranslatedDocument], summarizer: Summarizer, date: str) -> Briefing:
    briefs = [summarizer.summarize(d) for d in docs]
    return Briefing(date, tuple(docs), tuple(briefs), tuple(stories(docs, briefs)))


# ------------------------------------------------------------------------------------------- JSON

def citation_json(c: Citation) -> dict:
    return {"doc": c.doc, "paragraph": c.paragraph, "sentence": c.sentence, "lang": c.lang, "role": c.role, "support": c.support}


def point_json(p: Point) -> dict:
    return {
        "text": p.text,
        "citations": [citation_json(c) for c in p.citations],
        "supported": p.supported,
        "method": p.method,
        "flags": list(p.flags),
    }


def brief_json(b: Brief) -> dict:
    return {
        "doc": b.doc,
        "source": b.source,
        "lang": b.lang,
        "date": b.date,
        "summarizer": b.summarizer,
        "headline": point_json(b.headline),
        "points": [point_json(p) for p in b.points],
        "outline": [{"paragraph": o.paragraph, "lang": o.lang, "text": o.text} for o in b.outline],
    }


def briefing_json(briefing: Briefing, signature: dict) -> dict:
    return {
        "date": briefing.date,
        "signature": signature,
        "stories": [
            {
                "id": s.id,
                "headline": point_json(s.headline),
                "documents": list(s.documents),
                "languages": list(s.languages),
                "points": [{**point_json(sp.point), "sources": list(sp.sources)} for sp in s.points],
            }
            for s in briefing.stories
        ],
        "documents": [brief_json(b) for b in briefing.briefs],
    }


# ------------------------------------------------------------------------------------------- Markdown

def cites(p: Point, with_lang: bool = False) -> str:
    if not p.citations:
        return ""
    text = "[" + ", ".join(c.label(with_lang) for c in p.citations) + "]"
    if not p.supported:
        text += " ⚠ not supported by its source"
    if p.flags:
        text += f" ⚠ translation flagged: {', '.join(p.flags)}"
    return " " + text


def brief_markdown(b: Brief) -> str:
    lines = [f"# {b.headline.text or b.doc}{cites(b.headline)}", "", *([NO_ENGLISH, ""] if not b.headline.text else []), f"`{b.doc}` · {b.lang} · {b.date or 'no date found'} · {b.source}", ""]
    lines += [f"- {p.text}{cites(p)}" for p in b.points] or ["(nothing to summarize)"]
    lines += ["", "## Outline", ""]
    lines += [f"{o.paragraph}. ({o.lang}) {o.text or '—'}" for o in b.outline]
    return "\n".join(lines) + "\n"


def briefing_markdown(briefing: Briefing, signature: dict) -> str:
    briefs = {b.doc: b for b in briefing.briefs}
    langs = sorted({b.lang for b in briefing.briefs})
    lines = [
        f"# Briefing {briefing.date}",
        "",
        f"{len(briefing.stories)} stor{'y' if len(briefing.stories) == 1 else 'ies'} from {len(briefing.briefs)} documents in {len(langs)} languages ({', '.join(langs)}).",
        "",
    ]
    for n, story in enumerate(briefing.stories, start=1):
        lines += [f"## {n}. {story.headline.text}", ""]
        lines += ["Sources: " + ", ".join(f"`{d}` ({briefs[d].lang})" for d in story.documents), ""]
        for sp in story.points:
            who = f"reported by {len(sp.sources)} sources" if len(sp.sources) > 1 else f"only in `{sp.sources[0]}`"
            lines.append(f"- {sp.point.text}{cites(sp.point, with_lang=True)} — {who}")
        lines.append("")
    lines += ["## Documents", ""]
    for b in briefing.briefs:
        head = f"**{b.headline.text}**{cites(b.headline)}" if b.headline.text else NO_ENGLISH
        lines += [f"### `{b.doc}` ({b.lang}, {b.date or 'no date found'})", "", head, ""]
        lines += [f"- {p.text}{cites(p)}" for p in b.points]
        lines.append("")
    lines += ["---", f"`{signature['line']}`", ""]
    return "\n".join(lines)
