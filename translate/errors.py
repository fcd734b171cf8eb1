"""The domain exceptions: every failure a user can meet, each with the one line that explains it.

The library raises these; only the CLI turns them into a message on stderr and an exit code.
"""

from __future__ import annotations

from enum import StrEnum

# Exit codes of the `parabrief` command (documented in the README).
EXIT_OK = 0
EXIT_INCOMPLETE = 1  # the run finished but some inputs were skipped, failed or left untranslated
EXIT_USAGE = 2  # bad command line (typer's own code)
EXIT_CONFIG = 3  # a models file that does not validate
EXIT_MODEL = 4  # a model that cannot be fetched, converted or loaded
EXIT_BUSY = 5  # another run is writing to the same output folder
EXIT_DATA = 6  # a history or cache file that is damaged or not parabrief's
EXIT_SYSTEM = 7  # the machine refused a write: a disk full, a read-only or vanished folder
EXIT_INTERRUPTED = 130  # stopped by SIGINT (Ctrl-C); 143 for SIGTERM: what is done is kept, a rerun resumes


class InputStatus(StrEnum):
    """What became of one input of a run (``report.json``)."""

    DONE = "done"
    CACHED = "cached"  # every sentence it needed came from the translation cache
    SKIPPED = "skipped"  # refused as input: not text, empty, a broken link
    FAILED = "failed"  # could not be read


class ParabriefError(Exception):
    """Base class; str(error) is the one line shown to the user."""

    exit_code = EXIT_INCOMPLETE


class InputError(ParabriefError):
    """A file that cannot be turned into a document (unreadable, not text, empty)."""

    def __init__(self, path: str, reason: str, status: InputStatus = InputStatus.SKIPPED):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.status = status


class ConfigError(ParabriefError):
    """A models file that is missing or does not validate."""

    exit_code = EXIT_CONFIG


class ModelError(ParabriefError):
    """A model that is unknown, missing locally, cannot be downloaded or does not load."""

    exit_code = EXIT_MODEL


class UsageError(ParabriefError):
    """An option the run cannot honour (an unknown engine, Ray not installed)."""

    exit_code = EXIT_USAGE


class DataError(ParabriefError):
    """A file parabrief keeps (the briefing history, the translation cache) that is damaged or not its own."""

    exit_code = EXIT_DATA


class SystemFault(ParabriefError):
    """The machine refused what parabrief had to do: a full disk, a read-only or vanished folder."""

    exit_code = EXIT_SYSTEM

    @classmethod
    def of(cls, what: str, error: OSError, remedy: str) -> SystemFault:
        reason = error.strerror or type(error).__name__
        return cls(f"{what}: {reason[0].lower() + reason[1:] if reason else 'failed'}; {remedy}")


class Stopped(ParabriefError):
    """The run was asked to stop (SIGTERM, SIGINT) and did, keeping what was done."""

    def __init__(self, message: str, signal_number: int):
        super().__init__(message)
        self.exit_code = 128 + signal_number


class OutputBusy(ParabriefError):
    """Another run holds the output folder."""

    exit_code = EXIT_BUSY
