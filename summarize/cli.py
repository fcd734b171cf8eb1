"""The root `parabrief` command: translate's commands mounted here, plus `summarize` and `brief`."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from translate import __version__
from translate.cli import (
    AddressOption, BatchOption, BeamOption, CacheOption, ComputeOption, DeviceOption, EngineOption, FullVocabularyOption,
    InputsArgument, InterOption, IntraOption, ModelsOption, NoCacheOption, err, handles_errors, open_cache, register,
    run_translation, setup_logging,
)
from translate.documents import TranslatedDocument
from translate.engine import EngineOptions
from translate.errors import EXIT_INCOMPLETE, EXIT_OK
from translate.models import Registry
from translate.output import read_document, signature, write_atomic
from translate.run import output_lock, write_report

from .briefing import Briefing, brief_json, brief_markdown, briefing_json, briefing_markdown, build
from .briefs import Brief, Summarizer
from .abstractive import AbstractiveSummarizer
from .extractive import ExtractiveSummarizer
from .html import briefing_html

SummarizerOption = Annotated[str, typer.Option(
    "--summarizer", help="auto (the first pulled summarization model, else extractive), extractive, or a model name.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"parabrief {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="parabrief",
    help="Translate a folder of news documents into English with pinned models on CTranslate2, and brief them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version.")) -> None:
    """parabrief"""


register(app)


def choose_summarizer(name: str, registry: Registry, options: EngineOptions) -> Summarizer:
    """``extractive``; a summarization model by name; or ``auto``: the first pulled model of the
    registry's summarizers, else extractive."""
    if name == "auto":
        name = next((n for n in registry.summarizers if registry.is_present(n)), "extractive")
    if name == "extractive":
        return ExtractiveSummarizer()
    return AbstractiveSummarizer.load(registry, name, options)


def summarizer_signature(summarizer: Summarizer) -> dict:
    writer = getattr(summarizer, "writer", None)
    return {summarizer.name: writer.signature()} if writer else {}


def write_briefs(out: Path, briefs: list[Brief]) -> None:
    for b in briefs:
        write_atomic(out / f"{b.doc}.json", json.dumps(brief_json(b), ensure_ascii=False, indent=2) + "\n")
        write_atomic(out / f"{b.doc}.md", brief_markdown(b))


@app.command("summarize")
@handles_errors
def summarize(
    folder: Annotated[Path, typer.Argument(help="A folder written by `parabrief translate`.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Where the briefs go (default: FOLDER/briefs).")] = None,
    summarizer: SummarizerOption = "auto",
    models: ModelsOption = None,
    device: DeviceOption = "auto",
) -> None:
    """One English brief per translated document: headline, cited key points, outline."""
    chosen = choose_summarizer(summarizer, Registry(models), EngineOptions(device))
    skipped = 0
    briefs = []
    for path in sorted(p for p in folder.glob("*.json") if p.name != "report.json"):
        try:
            doc = read_document(path)
        except (ValueError, KeyError, TypeError) as error:
            err(f"skipped {path}: not a translation written by parabrief translate ({type(error).__name__})")
            skipped += 1
            continue
        briefs.append(chosen.summarize(doc))
    target = out or folder / "briefs"
    write_briefs(target, briefs)
    err(f"{len(briefs)} briefs written to {target} ({skipped} skipped)")
    raise typer.Exit(EXIT_INCOMPLETE if skipped or not briefs else EXIT_OK)


@app.command("brief")
@handles_errors
def brief(
    inputs: InputsArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="The briefing goes in OUT/<date>/.")] = Path("outputs"),
    date: Annotated[Optional[dt.datetime], typer.Option("--date", formats=["%Y-%m-%d"], help="The briefing's day (default: today).")] = None,
    summarizer: SummarizerOption = "auto",
    models: ModelsOption = None,
    device: DeviceOption = "auto",
    compute_type: ComputeOption = None,
    beam_size: BeamOption = None,
    inter_threads: InterOption = 0,
    intra_threads: IntraOption = 0,
    batch_tokens: BatchOption = 0,
    full_vocabulary: FullVocabularyOption = False,
    cache: CacheOption = None,
    no_cache: NoCacheOption = False,
    engine: EngineOption = "local",
    address: AddressOption = None,
) -> None:
    """The main job: translate what is not English, brief every document, group the day's stories, and
    write OUT/<date>/briefing.md, briefing.json, briefing.html and report.json, with translations/ and
    briefs/ beside them."""
    setup_logging()
    registry = Registry(models)
    options = EngineOptions(device, compute_type, beam_size, inter_threads, intra_threads, batch_tokens, full_vocabulary)
    chosen = choose_summarizer(summarizer, registry, EngineOptions(device, inter_threads=inter_threads, intra_threads=intra_threads))
    day = (date or dt.datetime.now()).strftime("%Y-%m-%d")
    folder = out / day
    with output_lock(folder):
        documents: list[TranslatedDocument] = []  # the briefing shows every document's paragraphs: it keeps them all
        run = run_translation(inputs, folder / "translations", registry, options, open_cache(cache, no_cache), engine, address,
                              documents.append)
        started = time.perf_counter()
        briefing: Briefing = build(documents, chosen, day)
        write_briefs(folder / "briefs", list(briefing.briefs))
        sig = {**signature({**run.signatures, **summarizer_signature(chosen)}), "summarizer": chosen.name}
        write_atomic(folder / "briefing.json", json.dumps(briefing_json(briefing, sig), ensure_ascii=False, indent=2) + "\n")
        write_atomic(folder / "briefing.md", briefing_markdown(briefing, sig))
        write_atomic(folder / "briefing.html", briefing_html(briefing, sig))
        write_report(folder / "report.json", run, {"briefing_seconds": round(time.perf_counter() - started, 3)})
    stories = f"{len(briefing.stories)} stor{'y' if len(briefing.stories) == 1 else 'ies'}"
    err(f"briefing of {len(briefing.briefs)} documents in {stories} written to {folder}")
    raise typer.Exit(EXIT_OK if run.complete else EXIT_INCOMPLETE)
