"""What `parabrief summarize` and `parabrief brief` do, as functions: brief a folder of translations, or
translate, brief and group a day's documents into its briefing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pydantic import ValidationError

from translate.documents import TranslatedDocument
from translate.engine import EngineOptions, Translator
from translate.errors import UsageError
from translate.models import Registry
from translate.output import read_document, to_json, write_atomic
from translate.pipeline import Events
from translate.run import RunOptions, TranslationRun, output_lock, translate_run, write_report
from translate.signature import BriefingSignature

from .abstractive import AbstractiveSummarizer
from .briefing import (
    DOCUMENTS_MD,
    STORIES_MD,
    TOP,
    Briefing,
    BriefingFile,
    Seen,
    brief_json,
    brief_markdown,
    briefing_markdown,
    build,
    documents_markdown,
    stories_markdown,
)
from .briefs import Brief, Summarizer
from .continuity import since
from .extractive import ExtractiveSummarizer
from .history import History, content_hash
from .html import briefing_html
from .index import write_index

log = logging.getLogger("parabrief")


@dataclass(frozen=True, kw_only=True)
class BriefOptions:
    """What a briefing is of, and who writes its points."""

    date: dt.date | None = None  # the briefing's day; None: today
    summarizer: str = "auto"  # "auto" (the first pulled summarization model, else extractive), "extractive", or a model
    include_seen: bool = False  # brief documents an earlier day already briefed, instead of listing them apart
    top: int = TOP  # stories briefing.md shows in full; the others one line each (all in full in stories.md)
    translate_all: bool = False  # translate lines no reader sees too (bylines, share lines: ``translate.boilerplate``)


def choose_summarizer(name: str, registry: Registry, options: EngineOptions) -> Summarizer:
    """``extractive``; a summarization model by name; or ``auto``: the first pulled model of the
    registry's summarizers, else extractive."""
    if name == "auto":
        name = next((n for n in registry.summarizers if registry.is_present(n)), "extractive")
    if name == "extractive":
        return ExtractiveSummarizer()
    if registry.commercial_only and not registry.commercial(name):
        raise UsageError(
            f"summarizer '{name}' has the licence {registry.get(name).licence}, which does not allow commercial use "
            "(--commercial); choose another with --summarizer, or extractive"
        )
    return AbstractiveSummarizer.load(registry, name, options)


def _summarizer(name: str, registry: Registry, run: RunOptions) -> Summarizer:
    engine = run.engine  # a summarizer decodes one document at a time: only the device and threads apply
    return choose_summarizer(
        name, registry, EngineOptions(device=engine.device, inter_threads=engine.inter_threads, intra_threads=engine.intra_threads)
    )


def write_briefs(out: Path, briefs: Sequence[Brief]) -> None:
    for b in briefs:
        write_atomic(out / f"{b.doc}.json", brief_json(b))
        write_atomic(out / f"{b.doc}.md", brief_markdown(b))


@dataclass(frozen=True)
class Summaries:
    folder: Path  # where the briefs were written
    briefs: tuple[Brief, ...]
    skipped: tuple[str, ...]  # one line for each file that is not a translation by parabrief

    @property
    def complete(self) -> bool:
        return bool(self.briefs) and not self.skipped


def summarize_folder(folder: Path, out: Path | None = None, summarizer: str = "auto", run: RunOptions = RunOptions()) -> Summaries:
    """One brief per translation in ``folder`` (written by `parabrief translate`), into ``out``
    (default ``folder/briefs``): ``<doc-id>.json`` and ``<doc-id>.md``."""
    registry = run.registry()
    chosen = _summarizer(summarizer, registry, run)
    skipped, briefs = [], []
    for path in sorted(p for p in folder.glob("*.json") if p.name != "report.json"):
        try:
            doc = read_document(path)
        except (ValidationError, ValueError) as error:
            line = f"skipped {path}: not a translation written by parabrief translate ({type(error).__name__})"
            log.warning("%s", line)
            skipped.append(line)
            continue
        briefs.append(chosen.summarize(doc))
    target = out or folder / "briefs"
    write_briefs(target, briefs)
    return Summaries(target, tuple(briefs), tuple(skipped))


@dataclass(frozen=True)
class BriefingRun:
    folder: Path  # OUT/<date>
    briefing: Briefing
    translation: TranslationRun

    @property
    def complete(self) -> bool:
        return self.translation.complete


@dataclass
class _Keep(Events):
    """Keeps every written document (the briefing shows their paragraphs) and tells the caller's events."""

    caller: Events
    documents: list[TranslatedDocument] = field(default_factory=list)

    def planned(self, sentences: int) -> None:
        self.caller.planned(sentences)

    def translated(self, sentences: int) -> None:
        self.caller.translated(sentences)

    def written(self, document: TranslatedDocument) -> None:
        self.documents.append(document)
        self.caller.written(document)

    def stop_requested(self) -> int | None:
        return self.caller.stop_requested()


def brief_files(
    inputs: Sequence[Path | str],
    out: Path,
    options: BriefOptions = BriefOptions(),
    run: RunOptions = RunOptions(),
    events: Events | None = None,
    translators: Mapping[str, Translator] | None = None,
) -> BriefingRun:
    """The main job: translate what is not English, brief every document, group the day's stories, and
    write OUT/<date>/briefing.md, briefing.json, briefing.html, stories.md, documents.md and report.json, with translations/ and
    briefs/ beside them; then record the day in OUT/history.sqlite and write OUT/index.md, index.html and
    the OUT/latest link. Documents an earlier day briefed are listed apart, not briefed again, and
    stories that continue one of the last days' say so. ``translators``: as for
    ``translate.run.translate_run``."""
    if options.top < 1:
        raise UsageError(f"top must be at least 1 story, not {options.top}")
    registry = run.registry()
    chosen = _summarizer(options.summarizer, registry, run)
    day = (options.date or dt.date.today()).isoformat()
    folder = out / day
    kept = _Keep(events or Events())
    with output_lock(out):  # the whole folder: its days share one history
        history = History(out)  # a damaged or foreign history is refused before anything is written
        try:
            lines = dataclasses.replace(run, skip_boilerplate=not options.translate_all)
            translation = translate_run(inputs, folder / "translations", registry, lines, kept, translators)
            started = time.perf_counter()
            hashes = {d.document.id: content_hash(d) for d in kept.documents}
            seen_on = {} if options.include_seen else history.seen(hashes.values(), before=day)
            fresh = [d for d in kept.documents if hashes[d.document.id] not in seen_on]
            seen = [_seen(d, seen_on[hashes[d.document.id]]) for d in kept.documents if hashes[d.document.id] in seen_on]
            briefing = build(fresh, chosen, day, history.recent_stories(before=day, since=since(day)), seen, partial(_fix, registry))
            write_briefs(folder / "briefs", briefing.briefs)
            summarizer = chosen.signature()
            models = {**translation.signatures, **({chosen.name: summarizer} if summarizer else {})}
            signature = BriefingSignature.of_briefing(models, chosen.name)
            write_atomic(folder / "briefing.json", to_json(BriefingFile.of(briefing, signature)))
            write_atomic(folder / "briefing.md", briefing_markdown(briefing, signature, options.top))
            write_atomic(folder / STORIES_MD, stories_markdown(briefing, signature))
            write_atomic(folder / DOCUMENTS_MD, documents_markdown(briefing, signature))
            write_atomic(folder / "briefing.html", briefing_html(briefing, signature, options.top))
            write_report(folder / "report.json", translation, {"briefing_seconds": round(time.perf_counter() - started, 3)})
            briefed = [(hashes[d.document.id], d.document.id, d.document.path, _title(d)) for d in fresh]
            history.record(day, briefed, briefing.records)
            write_index(out, history.days())
        finally:
            history.close()
    return BriefingRun(folder, briefing, translation)


def _fix(registry: Registry, lang: str) -> str:
    """What gets a language translated: the command that pulls the first model covering it."""
    candidates = registry.route(lang).candidates
    if not candidates:
        return f"no model covers '{lang}' (models.yaml)"
    return f"get it translated with: parabrief models pull {candidates[0]}{registry.models_option}"


def _title(doc: TranslatedDocument) -> str | None:
    title = doc.title
    return (title.english or title.paragraph.text) if title else None


def _seen(doc: TranslatedDocument, day: str) -> Seen:
    return Seen(doc.document.id, doc.document.meta.outlet or doc.document.path, _title(doc), day)
