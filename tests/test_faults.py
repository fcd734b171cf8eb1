"""Faults of the machine met like bad input: one line, a documented exit code, nothing half-written, and
a rerun that finishes the work with the bytes an undisturbed run writes. Disks that fill or turn
read-only are simulated by writes that raise ENOSPC or EROFS (the tests run as root, where permissions
do not stop a write)."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
from pathlib import Path

import pytest

from translate.errors import EXIT_DATA, EXIT_MODEL, EXIT_SYSTEM
from translate.fetch import VERIFIED
from translate.models import Registry

from .conftest import SEEDS, SESSION_HOME, run_cli
from .test_reliability import cache_rows, corpus, outputs, start, wait_for


def translate(inputs: Path, out: Path, models: Path, cache: Path | None = None, *more: str):
    caching = ["--cache", cache] if cache else ["--no-cache"]
    return run_cli("translate", inputs, "--out", out, "--models", models, *caching, *more)


def one_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("parabrief: error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def undisturbed(tiny_models, tmp_path_factory):
    base = tmp_path_factory.mktemp("undisturbed")
    inputs = corpus(base / "in", documents=12)
    assert translate(inputs, base / "out", tiny_models, base / "cache.sqlite").exit_code == 0
    return inputs, outputs(base / "out")


@pytest.mark.parametrize("content", [b"SQLite format 3\x00 but cut off half-way", b"\x89PNG\r\n\x1a\n not a cache", "foreign"])
def test_a_damaged_or_foreign_cache_is_refused_and_left_as_it_is(tiny_models, tmp_path, content):
    cache = tmp_path / "cache.sqlite"
    if content == "foreign":
        with sqlite3.connect(cache) as db:
            db.execute("CREATE TABLE photos (id INTEGER, data BLOB)")
    else:
        cache.write_bytes(content)
    before = cache.read_bytes()
    result = translate(SEEDS, tmp_path / "out", tiny_models, cache)
    line = one_line(result)
    assert result.exit_code == EXIT_DATA and "not a parabrief translation cache" in line and "--no-cache" in line
    assert cache.read_bytes() == before
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.json"))


def test_a_cache_the_disk_refuses_stops_the_run_in_one_line_and_the_rerun_finishes(tiny_models, undisturbed, tmp_path, monkeypatch):
    inputs, expected = undisturbed
    cache = tmp_path / "cache.sqlite"
    real = sqlite3.Connection.executemany

    class Full(sqlite3.Connection):
        def executemany(self, sql, rows):
            if sql.startswith("INSERT OR REPLACE INTO translations"):
                raise sqlite3.OperationalError("database or disk is full")
            return real(self, sql, rows)

    connect = sqlite3.connect
    monkeypatch.setattr("translate.cache.sqlite3.connect", lambda *a, **k: connect(*a, factory=Full, **k))
    result = translate(inputs, tmp_path / "out", tiny_models, cache)
    assert result.exit_code == EXIT_SYSTEM and "cannot be written" in one_line(result) and "--no-cache" in one_line(result)
    monkeypatch.undo()
    again = translate(inputs, tmp_path / "out", tiny_models, cache)
    assert again.exit_code == 0 and outputs(tmp_path / "out") == expected


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_an_output_folder_that_fills_up_or_turns_read_only_loses_nothing(tiny_models, undisturbed, tmp_path, monkeypatch, code):
    inputs, expected = undisturbed
    out = tmp_path / "out"
    fsync, calls = os.fsync, []

    def failing(fd: int) -> None:
        calls.append(fd)
        if len(calls) > 7:  # a few files are written, then the disk refuses
            raise OSError(code, os.strerror(code))
        fsync(fd)

    monkeypatch.setattr("translate.output.os.fsync", failing)
    result = translate(inputs, out, tiny_models, tmp_path / "cache.sqlite")
    line = one_line(result)
    assert result.exit_code == EXIT_SYSTEM and os.strerror(code).lower() in line.lower() and "run the same command again" in line
    assert not list(out.glob(".*.tmp"))  # nothing half-written
    written = outputs(out)
    assert written and all(expected[name] == data for name, data in written.items())  # what is there is whole and right
    monkeypatch.undo()
    assert translate(inputs, out, tiny_models, tmp_path / "cache.sqlite").exit_code == 0
    assert outputs(out) == expected


@pytest.fixture
def own_models(tiny_models, tmp_path, monkeypatch):
    """A private copy of the pulled tiny models, to damage."""
    home = tmp_path / "home"
    shutil.copytree(SESSION_HOME / "models", home / "models", symlinks=True)
    monkeypatch.setenv("PARABRIEF_HOME", str(home))
    return Registry(tiny_models, home=home / "models")


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "remove"])
def test_an_altered_model_is_refused_before_it_translates(tiny_models, own_models, tmp_path, damage):
    model = own_models.path("tiny-nllb") / "model.bin"
    if damage == "flip a byte":  # same size: only the sha256 tells
        data = bytearray(model.read_bytes())
        data[len(data) // 2] ^= 0xFF
        model.write_bytes(bytes(data))
    elif damage == "truncate":
        model.write_bytes(model.read_bytes()[:-100])
    else:
        model.unlink()
    result = translate(SEEDS / "000_cc55509071a40faa.txt", tmp_path / "out", tiny_models)
    line = one_line(result)
    assert result.exit_code == EXIT_MODEL and "model.bin" in line and "parabrief models pull tiny-nllb" in line
    assert not list((tmp_path / "out").glob("*.json")) if (tmp_path / "out").exists() else True


def test_a_verified_model_is_not_hashed_again_until_it_changes(tiny_models, own_models, tmp_path, monkeypatch):
    hashed: list[str] = []
    import translate.fetch as fetch

    real = fetch.sha256
    monkeypatch.setattr(fetch, "sha256", lambda path: hashed.append(path.name) or real(path))
    assert translate(SEEDS / "000_cc55509071a40faa.txt", tmp_path / "a", tiny_models).exit_code == 0
    assert "model.bin" in hashed and (own_models.path("tiny-nllb") / VERIFIED).is_file()
    hashed.clear()
    assert translate(SEEDS / "000_cc55509071a40faa.txt", tmp_path / "b", tiny_models).exit_code == 0
    assert hashed == []  # the same files: nothing to hash
    model = own_models.path("tiny-nllb") / "model.bin"
    os.utime(model, ns=(model.stat().st_atime_ns, model.stat().st_mtime_ns + 1_000_000))
    assert translate(SEEDS / "000_cc55509071a40faa.txt", tmp_path / "c", tiny_models).exit_code == 0
    assert hashed == ["model.bin"]  # a changed file is checked again


def test_a_models_home_that_cannot_be_written_is_one_line(tiny_models, tmp_path, monkeypatch):
    monkeypatch.setenv("PARABRIEF_HOME", str(tmp_path / "home"))

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr("translate.fetch.shutil.copy2", read_only)
    monkeypatch.setattr("ctranslate2.converters.TransformersConverter.convert", read_only)
    result = run_cli("models", "pull", "tiny-marian", "--models", tiny_models, "--device", "cpu")
    assert result.exit_code != 0 and "Traceback" not in result.stderr
    assert "read-only" in result.stderr.lower() and not Registry(tiny_models, home=tmp_path / "home" / "models").is_present("tiny-marian")


def test_a_pull_killed_midway_is_never_taken_as_present_and_the_next_pull_finishes_it(tiny_models, tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("PARABRIEF_HOME", str(home))
    registry = Registry(tiny_models, home=home / "models")
    stale = home / "models" / ".tiny-marian.partial-999999"  # what a pull killed midway leaves
    shutil.copytree(SESSION_HOME / "models" / "tiny-marian", stale)
    (stale / "manifest.json").unlink()
    assert not registry.is_present("tiny-marian")
    result = run_cli("models", "pull", "tiny-marian", "--models", tiny_models, "--device", "cpu")
    assert result.exit_code == 0, result.stderr
    assert registry.is_present("tiny-marian") and not stale.exists()


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_finishes_the_batch_in_flight_says_how_far_and_the_rerun_resumes(tiny_models, tmp_path, sent):
    from .test_reliability import models as _  # noqa: F401  (the whole-sentence models file is built below)

    models = tiny_models.parent / "whole-sentences.yaml"
    if not models.exists():
        models.write_text(
            tiny_models.read_text(encoding="utf-8").replace("max_input_tokens: 48", "max_input_tokens: 200"), encoding="utf-8"
        )
    inputs = corpus(tmp_path / "in", documents=60)
    reference = tmp_path / "reference"
    done = start(inputs, reference, models, tmp_path / "ref.sqlite")
    assert done.wait(timeout=300) == 0
    out, cache = tmp_path / "out", tmp_path / "cache.sqlite"
    run = start(inputs, out, models, cache)
    wait_for(lambda: cache_rows(cache) > 0)
    run.send_signal(sent)
    code = run.wait(timeout=120)
    stderr = run.stderr.read()
    assert code == 128 + sent, stderr
    lines = [line for line in stderr.splitlines() if "stopped by" in line]
    assert len(lines) == 1 and signal.Signals(sent).name in lines[0] and "run the same command again" in lines[0], stderr
    assert not list(out.glob(".*.tmp")) if out.exists() else True
    kept = cache_rows(cache)
    assert kept > 0  # the batch in flight was finished and cached
    resumed = run_cli("translate", inputs, "--out", out, "--models", models, "--cache", cache, "--batch-tokens", "64", "--skip-boilerplate")
    assert resumed.exit_code == 0 and outputs(out) == outputs(reference)
