"""The day's briefing: every document's brief, the stories they form, and the JSON and Markdown writers
(the HTML page is in ``html.py``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from translate.documents import TranslatedDocument
from translate.signature import BriefingSignature, Signature

from .briefs import Brief, Point, Summarizer
from .stories import Story, stories

SCHEMA = Path(__file__).with_name("briefing.schema.json")
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

    @classmethod
    def of(cls, briefing: Briefing, signature: BriefingSignature) -> BriefingFile:
        return cls(date=briefing.date, signature=signature, stories=briefing.stories, documents=briefing.briefs)


def schema() -> str:
    """briefing.schema.json's text; after a change to the models, write it anew with
    ``python -c 'from summarize.briefing import SCHEMA, schema; SCHEMA.write_text(schema())'``."""
    return json.dumps(BriefingFile.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


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
    lines = [
        f"# {b.headline.text or b.doc}{cites(b.headline)}",
        "",
        *([NO_ENGLISH, ""] if not b.headline.text else []),
        f"`{b.doc}` · {b.lang} · {b.date or 'no date found'} · {b.source}",
        "",
    ]
    lines += [f"- {p.text}{cites(p)}" for p in b.points] or ["(nothing to summarize)"]
    lines += ["", "## Outline", ""]
    lines += [f"{o.paragraph}. ({o.lang}) {o.text or '—'}" for o in b.outline]
    return "\n".join(lines) + "\n"


def briefing_markdown(briefing: Briefing, signature: Signature) -> str:
    briefs = {b.doc: b for b in briefing.briefs}
    langs = sorted({b.lang for b in briefing.briefs})
    lines = [
        f"# Briefing {briefing.date}",
        "",
        f"{len(briefing.stories)} stor{'y' if len(briefing.stories) == 1 else 'ies'} from {len(briefing.briefs)} documents "
        f"in {len(langs)} languages ({', '.join(langs)}).",
        "",
    ]
    for n, story in enumerate(briefing.stories, start=1):
        lines += [f"## {n}. {story.headline.text}", ""]
        lines += ["Sources: " + ", ".join(f"`{d}` ({briefs[d].lang})" for d in story.documents), ""]
        for sp in story.points:
            who = f"reported by {len(sp.sources)} sources" if len(sp.sources) > 1 else f"only in `{sp.sources[0]}`"
            lines.append(f"- {sp.text}{cites(sp, with_lang=True)} — {who}")
        lines.append("")
    lines += ["## Documents", ""]
    for b in briefing.briefs:
        head = f"**{b.headline.text}**{cites(b.headline)}" if b.headline.text else NO_ENGLISH
        lines += [f"### `{b.doc}` ({b.lang}, {b.date or 'no date found'})", "", head, ""]
        lines += [f"- {p.text}{cites(p)}" for p in b.points]
        lines.append("")
    lines += ["---", f"`{signature.line}`", ""]
    return "\n".join(lines)
