"""What every `parabrief` command shares: its options, declared once; the one-line error handling; the
stderr log and progress bar. Commands only parse, call the library and print."""

import functools
import inspect
import logging
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .engine import EngineOptions
from .errors import EXIT_SYSTEM, ParabriefError
from .pipeline import Events
from .run import Backend, RunOptions

log = logging.getLogger("parabrief")

ModelsOption = Annotated[Path | None, typer.Option("--models", help="Your own models file, added to the built-in one.")]
DeviceOption = Annotated[str, typer.Option("--device", help="auto, cpu or cuda.")]
# readable=False: an unreadable input is reported by the run in its one line, not refused by the parser
InputsArgument = Annotated[
    list[str], typer.Argument(help="Files (txt, md, html, jsonl, rss, atom, urls), folders, and http(s) URLs of feeds or pages.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the one-line summary (for cron).")]

# The options of every command that translates, as (annotation, default); `with_run_options` adds them.
RUN_OPTIONS: dict[str, tuple[Any, Any]] = {
    "models": (ModelsOption, None),
    "device": (DeviceOption, "auto"),
    "compute_type": (Annotated[str | None, typer.Option("--compute-type", help="Override the quantization chosen for the device.")], None),
    "beam_size": (Annotated[int | None, typer.Option("--beam-size", min=1, help="Override the model's beam size.")], None),
    "inter_threads": (
        Annotated[int, typer.Option("--inter-threads", min=0, help="Batches decoded in parallel (0: up to 4 on a CPU, 1 on a GPU).")],
        0,
    ),
    "intra_threads": (
        Annotated[int, typer.Option("--intra-threads", min=0, help="Threads per batch (0: the cores shared among the parallel batches).")],
        0,
    ),
    "batch_tokens": (
        Annotated[
            int,
            typer.Option(
                "--batch-tokens",
                min=0,
                help="Source tokens per batch; 0: 1,024 greedy, 768 with beam search "
                "(memory grows with it, the beam size and --inter-threads).",
            ),
        ],
        0,
    ),
    "full_vocabulary": (
        Annotated[
            bool,
            typer.Option("--full-vocabulary", help="Decode over every target piece, not only those English text uses (slower on a CPU)."),
        ],
        False,
    ),
    "commercial": (
        Annotated[bool, typer.Option("--commercial", help="Use only models whose licence allows commercial use (NLLB's does not).")],
        False,
    ),
    "cache": (Annotated[Path | None, typer.Option("--cache", help="Translation cache (SQLite); default: under PARABRIEF_HOME.")], None),
    "no_cache": (Annotated[bool, typer.Option("--no-cache", help="Translate everything again; keep nothing.")], False),
    "engine": (
        Annotated[Backend, typer.Option("--engine", help="local, or ray (a Ray cluster: pip install 'parabrief[ray]').")],
        Backend.LOCAL,
    ),
    "address": (
        Annotated[str | None, typer.Option("--address", help="Ray cluster: auto, ray://host:10001; none: start a local one.")],
        None,
    ),
}

F = TypeVar("F", bound=Callable[..., Any])


def with_run_options(command: F) -> F:
    """Give ``command`` every option of RUN_OPTIONS; it receives them as one ``run: RunOptions``."""
    own = [p for name, p in inspect.signature(command).parameters.items() if name != "run"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        for name, (annotation, default) in RUN_OPTIONS.items()
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in RUN_OPTIONS}
        engine = EngineOptions(
            device=given["device"],
            compute_type=given["compute_type"],
            beam_size=given["beam_size"],
            inter_threads=given["inter_threads"],
            intra_threads=given["intra_threads"],
            batch_tokens=given["batch_tokens"],
            full_vocabulary=given["full_vocabulary"],
        )
        run = RunOptions(
            engine=engine,
            models_file=given["models"],
            cache=given["cache"],
            use_cache=not given["no_cache"],
            backend=Backend(given["engine"]),
            address=given["address"],
            commercial_only=given["commercial"],
        )
        return command(*args, run=run, **kwargs)

    wrapper.__signature__ = inspect.Signature(own + added)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in own + added}
    return wrapper  # type: ignore[return-value]


def err(message: str) -> None:
    typer.echo(f"parabrief: {message}", err=True)


def handles_errors(command: F) -> F:
    """Turn a domain error into its one line and exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ParabriefError as error:
            err(f"error: {error}")
            raise typer.Exit(error.exit_code) from None
        except OSError as error:  # a fault of the machine no library call named: still one line
            where = f"{error.filename}: " if error.filename else ""
            err(f"error: {where}{error.strerror or error}; nothing was half-written: fix it and run the same command again")
            raise typer.Exit(EXIT_SYSTEM) from None

    return wrapper  # type: ignore[return-value]


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a message comes, not the one it was made with (a caller,
    a test runner, may swap it between runs in one process)."""

    @property
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def setup_logging(quiet: bool = False) -> None:
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("parabrief: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


class ProgressBar(Events):
    """A tqdm bar on stderr whose total grows as the run reads ahead (documents stream through in
    windows of a few thousand sentences)."""

    def __init__(self, quiet: bool = False) -> None:
        from tqdm import tqdm

        self.bar = tqdm(unit="sent", desc="translating", file=sys.stderr, disable=True if quiet else None, dynamic_ncols=True)
        self.stop: int | None = None

    def stop_requested(self) -> int | None:
        return self.stop

    def planned(self, sentences: int) -> None:
        self.bar.total = (self.bar.total or 0) + sentences
        self.bar.refresh()

    def translated(self, sentences: int) -> None:
        self.bar.update(sentences)

    def __enter__(self) -> "ProgressBar":
        """While the bar is up, SIGTERM and SIGINT ask the run to stop after the batch in flight (a second
        one stops it at once). Only the main thread can take signals: elsewhere the bar just shows progress."""
        main = threading.current_thread() is threading.main_thread()
        self.previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)} if main else {}
        for s in self.previous:
            signal.signal(s, self._ask_to_stop)
        return self

    def _ask_to_stop(self, number: int, _frame: object) -> None:
        if self.stop is not None:
            raise KeyboardInterrupt
        self.stop = number

    def __exit__(self, *exc: object) -> None:
        for s, handler in self.previous.items():
            signal.signal(s, handler)
        self.bar.close()
