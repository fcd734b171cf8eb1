"""The root `parabrief` command: the translation commands, mounted here."""

from __future__ import annotations

import typer

from translate import __version__
from translate.cli import register


def _version(value: bool) -> None:
    if value:
        typer.echo(f"parabrief {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="parabrief",
    help="Translate a folder of news documents into English with pinned models on CTranslate2.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version.")) -> None:
    """parabrief"""


register(app)
