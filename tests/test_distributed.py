"""`--engine ray` on a local Ray cluster: the same outputs as a local run, even when an actor is killed."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from .conftest import SEEDS, run_cli
from .test_reliability import cache_rows, corpus, outputs


@pytest.fixture(scope="module")
def cluster():
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = corpus(tmp_path_factory.mktemp("ray") / "in", documents=300)
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


@pytest.fixture(scope="module")
def local_run(tiny_models, inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    result = run_cli("translate", inputs, "--out", out, "--models", tiny_models, "--no-cache")
    assert result.exit_code == 0, result.stderr
    return outputs(out)


def test_a_ray_run_writes_exactly_what_a_local_run_writes(cluster, tiny_models, inputs, local_run, tmp_path):
    result = run_cli("translate", inputs, "--out", tmp_path, "--models", tiny_models, "--engine", "ray", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert len(local_run) == 2 * 305 and outputs(tmp_path) == local_run


def actor_pids() -> list[int]:
    """Processes of Ray Data actors running parabrief's worker (Ray names them ray::MapWorker(...))."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            title = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("ray::MapWorker") and "_Worker" in title:
            pids.append(int(proc.name))
    return pids


def test_a_killed_actor_loses_and_duplicates_nothing(cluster, tiny_models, inputs, local_run, tmp_path):
    cache = tmp_path / "cache.sqlite"
    done = {}
    run = threading.Thread(
        target=lambda: done.update(
            result=run_cli("translate", inputs, "--out", tmp_path / "out", "--models", tiny_models, "--engine", "ray", "--cache", cache)
        )
    )
    run.start()
    deadline, killed = time.monotonic() + 120, None
    while killed is None and time.monotonic() < deadline and run.is_alive():
        if cache_rows(cache) > 0 and actor_pids():  # mid-run: some blocks done, actors at work
            killed = actor_pids()[0]
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.02)
    run.join(timeout=600)
    assert killed, "no actor was seen alive to kill"
    result = done["result"]
    assert result.exit_code == 0, result.stderr
    assert outputs(tmp_path / "out") == local_run  # nothing lost, nothing doubled, same bytes


def test_without_ray_the_engine_says_how_to_get_it(tiny_models, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    result = run_cli("translate", SEEDS / "002_7246527690d706c8.txt", "--out", tmp_path, "--models", tiny_models, "--engine", "ray")
    assert result.exit_code == 2
    assert "--engine ray needs Ray: pip install 'parabrief[ray]'" in result.stderr
