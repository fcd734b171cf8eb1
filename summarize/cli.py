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
) -> None:
    """The main job: translate what is not English, brief every document, group the day's stories, and
    write OUT/<date>/briefing.md, briefing.json, briefing.html and report.json, with translations/ and
    briefs/ beside them."""
    setup_logging()
    options = BriefOptions(date=date.date() if date else None, summarizer=summarizer)
    with ProgressBar() as bar:
        result = brief_files(inputs, out, options, run, bar)
    log.info(summary(result.translation, result.folder / "translations"))
    stories = len(result.briefing.stories)
    err(f"briefing of {len(result.briefing.briefs)} documents in {stories} stor{'y' if stories == 1 else 'ies'} written to {result.folder}")
    raise typer.Exit(EXIT_OK if result.complete else EXIT_INCOMPLETE)
