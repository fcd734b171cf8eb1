"""`--engine ray` on a local Ray cluster: the same outputs as a local run, even when an actor is killed."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from .conftest import SEEDS, run_cli
from .test_reliability import corpus, outputs


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


def test_a_killed_actor_loses_and_duplicates_nothing(cluster, tiny_models, inputs, local_run, tmp_path):
    from ray.util.state import list_actors

    cache = tmp_path / "cache.sqlite"
    done = {}
    run = threading.Thread(target=lambda: done.update(result=run_cli(
        "translate", inputs, "--out", tmp_path / "out", "--models", tiny_models, "--engine", "ray", "--cache", cache)))
    run.start()
    deadline, killed = time.monotonic() + 120, None
    while killed is None and time.monotonic() < deadline and run.is_alive():
        workers = [a for a in list_actors(filters=[("state", "=", "ALIVE")], detail=True) if "_Worker" in (a.class_name or "")]
        if workers and workers[0].pid:
            os.kill(workers[0].pid, signal.SIGKILL)
            killed = workers[0].pid
        time.sleep(0.05)
    run.join(timeout=600)
    assert killed, "no actor was seen alive to kill"
    result = done["result"]
    assert result.exit_code == 0, result.stderr
    assert outputs(tmp_path / "out") == local_run  # nothing lost, nothing doubled, same bytes
