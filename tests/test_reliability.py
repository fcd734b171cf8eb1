"""Killed runs, re-runs, concurrent runs: the cache and the atomic writes keep every output whole."""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest

from translate.engine import EngineOptions
from translate.errors import EXIT_BUSY
from translate.models import Registry
from translate.run import Events, RunOptions, translate_run

from .conftest import SEEDS, SESSION_HOME, run_cli

PARABRIEF = str(Path(sys.executable).parent / "parabrief")


BOILERPLATE = ("Lexo edhe: Pompeo në Nur Sultan", "Фото: Азаттық")  # a related link, a photo credit: skipped
TITLE = "Pompeo viziton Kazakistanin dhe takon presidentin Tokayev"  # every document's: decoded once, shared


def corpus(folder: Path, documents: int = 60) -> Path:
    """Many documents of unique one-sentence paragraphs in Albanian and Kazakh (every sentence is one
    model call and one cache entry), under one title they all share and ending with a line no reader sees."""
    lines = [
        " ".join(re.sub(r"[^\w\s-]", "", line).split()[:7])
        for name in ("000_cc55509071a40faa.txt", "002_7246527690d706c8.txt")
        for line in (SEEDS / name).read_text(encoding="utf-8").splitlines()
        if len(line.split()) >= 6
    ]
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for d in range(documents):
        paragraphs = [TITLE]
        for _ in range(2):
            n += 1
            paragraphs.append(f"{lines[n % len(lines)]} {n}")
        paragraphs.append(f"{BOILERPLATE[d % 2]} {d}")
        (folder / f"doc-{d:03d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    return folder


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".json", ".md") and p.name != "report.json"}


def start(inputs: Path, out: Path, models: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PARABRIEF_HOME": str(SESSION_HOME)}
    return subprocess.Popen(
        [
            PARABRIEF,
            "translate",
            str(inputs),
            "--out",
            str(out),
            "--models",
            str(models),
            "--cache",
            str(cache),
            "--batch-tokens",
            "64",
            "--intra-threads",
            "1",
            "--skip-boilerplate",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def cache_rows(cache: Path) -> int:
    if not cache.exists():
        return 0
    try:
        with sqlite3.connect(cache, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    except sqlite3.OperationalError:  # the table is not created yet
        return 0


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the run never reached the point to stop it at"
        time.sleep(0.005)


@pytest.fixture(scope="module")
def models(tiny_models) -> Path:
    """The tiny models, reading up to 200 tokens: every sentence of the corpus is one piece, one call."""
    path = tiny_models.parent / "whole-sentences.yaml"
    path.write_text(tiny_models.read_text(encoding="utf-8").replace("max_input_tokens: 48", "max_input_tokens: 200"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(models, tmp_path_factory):
    """An uninterrupted run, with a cache of its own."""
    base = tmp_path_factory.mktemp("reference")
    inputs = corpus(base / "in")
    run = start(inputs, base / "out", models, base / "cache.sqlite")
    assert run.wait(timeout=300) == 0, run.stderr.read()
    report = json.loads((base / "out" / "report.json").read_text())
    assert all(r["skipped"] >= 1 for r in report["inputs"])  # the last line, and the seeds' own "read also" lines
    return inputs, outputs(base / "out"), cache_rows(base / "cache.sqlite")


@pytest.mark.parametrize("stop_at", ["at once", "mid-translation", "while writing"])
def test_a_killed_run_resumes_to_byte_identical_outputs(models, reference, tmp_path, stop_at):
    inputs, expected, total = reference
    out, cache = tmp_path / "out", tmp_path / "cache.sqlite"
    run = start(inputs, out, models, cache)
    if stop_at == "mid-translation":
        wait_for(lambda: cache_rows(cache) >= total // 3)
    elif stop_at == "while writing":
        wait_for(lambda: out.exists() and len(list(out.glob("doc-*.json"))) >= 10)
    run.send_signal(signal.SIGKILL)
    run.wait()
    kept = cache_rows(cache)
    if stop_at == "mid-translation":
        assert 0 < kept < total
    for partial in out.glob("doc-*.json") if out.exists() else ():
        json.loads(partial.read_text())  # whatever was written is whole

    resumed = run_cli("translate", inputs, "--out", out, "--models", models, "--cache", cache, "--batch-tokens", "64", "--skip-boilerplate")
    assert resumed.exit_code == 0, resumed.stderr
    assert outputs(out) == expected
    assert not list(out.glob(".*.tmp"))  # what the killed run left half-done is gone
    report = json.loads((out / "report.json").read_text())
    # finished work is not done again: every translation the killed run kept is reused
    assert sum(r["from_cache"] for r in report["inputs"]) >= kept
    assert sum(r["sentences"] - r["from_cache"] - r["repeated"] for r in report["inputs"]) == total - kept  # each new one decoded once


def test_a_second_run_makes_no_model_call_and_a_changed_setting_reuses_nothing(models, reference, tmp_path, monkeypatch):
    inputs, expected, _ = reference
    home = tmp_path / "home"
    monkeypatch.setenv("PARABRIEF_HOME", str(home))
    assert run_cli("models", "pull", "tiny-nllb", "--models", models).exit_code == 0
    cache = tmp_path / "cache.sqlite"
    args = [
        "translate",
        inputs,
        "--out",
        tmp_path / "out",
        "--models",
        models,
        "--cache",
        cache,
        "--batch-tokens",
        "64",
        "--skip-boilerplate",
    ]
    assert run_cli(*args).exit_code == 0
    (home / "models" / "tiny-nllb" / "model.bin").unlink()  # a model call would now fail
    again = run_cli(*args)
    assert again.exit_code == 0, again.stderr
    assert outputs(tmp_path / "out") == expected
    assert {r["status"] for r in json.loads((tmp_path / "out" / "report.json").read_text())["inputs"]} == {"cached"}
    changed = run_cli(*args, "--beam-size", "1")
    assert changed.exit_code == 4 and "model.bin is missing; repair with: parabrief models pull tiny-nllb" in changed.stderr


def test_a_document_sharing_sentences_with_yesterdays_pays_only_for_the_new_ones(tiny_models, tmp_path):
    cache = tmp_path / "cache.sqlite"
    old = (SEEDS / "000_cc55509071a40faa.txt").read_text(encoding="utf-8")
    (tmp_path / "monday").mkdir()
    (tmp_path / "monday" / "story.txt").write_text(old, encoding="utf-8")
    (tmp_path / "tuesday").mkdir()
    (tmp_path / "tuesday" / "story.txt").write_text(old + "\n\nPompeo u largua nga Kazakistani të hënën.\n", encoding="utf-8")
    for day in ("monday", "tuesday"):
        result = run_cli("translate", tmp_path / day, "--out", tmp_path / f"out-{day}", "--models", tiny_models, "--cache", cache)
        assert result.exit_code == 0
    (entry,) = json.loads((tmp_path / "out-tuesday" / "report.json").read_text())["inputs"]
    assert (entry["sentences"], entry["from_cache"], entry["status"]) == (12, 11, "done")


def test_a_second_run_on_the_same_folder_says_so_and_the_first_finishes_whole(models, reference, tmp_path):
    inputs, expected, _ = reference
    out = tmp_path / "out"
    first = start(inputs, out, models, tmp_path / "cache.sqlite")
    wait_for(lambda: (out / ".parabrief.lock").exists() and (out / ".parabrief.lock").read_text().strip() == str(first.pid))
    second = run_cli("translate", inputs, "--out", out, "--models", models, "--cache", tmp_path / "other.sqlite")
    assert second.exit_code == EXIT_BUSY
    assert f"another parabrief run (pid {first.pid}) is writing here" in second.stderr
    assert first.wait(timeout=300) == 0
    assert outputs(out) == expected


def test_a_run_streams_in_windows_lets_written_documents_go_and_writes_what_one_window_writes(models, tmp_path):
    inputs = corpus(tmp_path / "in", documents=40)
    (inputs / "doc-017-empty.txt").write_text("\n\n", encoding="utf-8")  # a bad input mid-run keeps its place
    registry = Registry(models)
    options = RunOptions(engine=EngineOptions(device="cpu"), models_file=models, use_cache=False)
    whole = translate_run([inputs], tmp_path / "whole", registry, dataclasses.replace(options, window=10_000))

    delivered: list[weakref.ref] = []
    live: list[int] = []
    windows: list[int] = []

    class Watch(Events):
        def planned(self, sentences: int) -> None:
            windows.append(sentences)

        def written(self, document) -> None:
            gc.collect()
            live.append(sum(1 for ref in delivered if ref() is not None))  # documents written before this one, still held
            delivered.append(weakref.ref(document))

    streamed = translate_run([inputs], tmp_path / "streamed", registry, dataclasses.replace(options, window=16), Watch())
    assert len(windows) >= 5 and sum(windows) == sum(r.sentences for r in whole.inputs)  # read ahead window by window
    assert len(delivered) == 40 and max(live) <= 10  # never the whole run: at most one window's documents are held
    assert outputs(tmp_path / "streamed") == outputs(tmp_path / "whole")
    # Without a cache, a sentence repeated in two windows is decoded in each: only the shared title's count differs.
    strip = lambda run: [dataclasses.replace(r, seconds=0, repeated=0, tokens=0) for r in run.inputs]  # noqa: E731
    assert strip(streamed) == strip(whole)
    assert sum(r.repeated for r in whole.inputs) == 39 and sum(r.repeated for r in streamed.inputs) == 40 - len(windows)
    assert [r.status for r in streamed.inputs][17] == "skipped"
