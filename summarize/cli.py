"""The root `parabrief` command: translate's commands mounted here, plus `summarize` and `brief`."""

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from translate import __version__
from translate.cli import register
from translate.cli_options import (
    DeviceOption,
    InputsArgument,
    ModelsOption,
    ProgressBar,
    QuietOption,
    err,
    handles_errors,
    log,
    setup_logging,
    with_run_options,
)
from translate.engine import EngineOptions
from translate.errors import EXIT_INCOMPLETE, EXIT_OK
from translate.run import RunOptions, summary

from .api import BriefOptions, brief_files, summarize_folder
from .briefing import TOP

SummarizerOption = Annotated[
    str, typer.Option("--summarizer", help="auto (the first pulled summarization model, else extractive), extractive, or a model name.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"parabrief {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="parabrief",
    help="Translate a folder of news documents into English with pinned models on CTranslate2, and brief them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help texts are plain: "pip install 'parabrief[ray]'" must reach the user whole
)


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version.")) -> None:
    """parabrief"""


register(app)


@app.command("summarize")
@handles_errors
def summarize(
    folder: Annotated[Path, typer.Argument(help="A folder written by `parabrief translate`.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Where the briefs go (default: FOLDER/briefs).")] = None,
    summarizer: SummarizerOption = "auto",
    models: ModelsOption = None,
    device: DeviceOption = "auto",
) -> None:
    """One English brief per translated document: headline, cited key points, outline."""
    setup_logging()
    result = summarize_folder(folder, out, summarizer, RunOptions(engine=EngineOptions(device=device), models_file=models))
    err(f"{len(result.briefs)} briefs written to {result.folder} ({len(result.skipped)} skipped)")
    raise typer.Exit(EXIT_OK if result.complete else EXIT_INCOMPLETE)


@app.command("brief")
@handles_errors
@with_run_options
def brief(
    inputs: InputsArgument,
    run: RunOptions,
    out: Annotated[Path, typer.Option("--out", "-o", help="The briefing goes in OUT/<date>/.")] = Path("outputs"),
    date: Annotated[dt.datetime | None, typer.Option("--date", formats=["%Y-%m-%d"], help="The briefing's day (default: today).")] = None,
    summarizer: SummarizerOption = "auto",
    include_seen: Annotated[bool, typer.Option("--include-seen", help="Brief again documents an earlier day briefed.")] = False,
    top: Annotated[
        int, typer.Option("--top", min=1, help="Stories briefing.md shows in full; the others get one line (all in stories.md).")
    ] = TOP,
    translate_all: Annotated[
        bool,
        typer.Option("--translate-all", help="Translate every line, also those no reader sees (bylines, share lines, photo credits)."),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """The main job: translate what is not English, brief every document, group the day's stories, and
    write OUT/<date>/briefing.md, briefing.json, briefing.html and report.json, with translations/ and
    briefs/ beside them; keep the days' history in OUT/history.sqlite and write OUT/index.html."""
    setup_logging(quiet)
    options = BriefOptions(
        date=date.date() if date else None, summarizer=summarizer, include_seen=include_seen, top=top, translate_all=translate_all
    )
    with ProgressBar(quiet) as bar:
        result = brief_files(inputs, out, options, run, bar)
    log.info(summary(result.translation, result.folder / "translations"))
    stories = len(result.briefing.stories)
    seen = f" ({len(result.briefing.seen)} seen on an earlier day)" if result.briefing.seen else ""
    err(
        f"briefing of {len(result.briefing.briefs)} documents{seen} in {stories} stor{'y' if stories == 1 else 'ies'} "
        f"written to {result.folder}"
    )
    raise typer.Exit(EXIT_OK if result.complete else EXIT_INCOMPLETE)
