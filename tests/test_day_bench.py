"""bench/day.py on a tiny day: it runs both paths and computes its figures (no thresholds: the bench's
own run on the real day is what reports them)."""

from __future__ import annotations

import argparse
import io
import json
import tarfile

from bench.day import run_day

from .conftest import SEEDS, SESSION_HOME

ALBANIAN, KAZAKH = SEEDS / "000_cc55509071a40faa.txt", SEEDS / "002_7246527690d706c8.txt"
NEW = "Presidenti Tokayev priti në Nur Sultan ministrin e jashtëm të Kinës të mërkurën.\n\nTakimi zgjati dy orë."


def archive(path):
    """A two-day archive shaped like news_day.tar.xz: day 1 holds a page and its syndicated copy, day 2
    carries one page over and adds a new one."""
    files = {
        "day1/sq.txt": ALBANIAN.read_bytes(),
        "day1/sq-copy.txt": ALBANIAN.read_bytes(),
        "day1/kk.txt": KAZAKH.read_bytes(),
        "day2/kk.txt": KAZAKH.read_bytes(),
        "day2/new.txt": NEW.encode(),
    }
    records = [
        {
            "id": name.split("/")[1][:-4],
            "day": int(name[3]),
            "lang": "kk" if "kk" in name else "sq",
            "file": name,
            "from_day1": name == "day2/kk.txt",
        }
        for name in files
    ]
    files["articles.jsonl"] = "".join(json.dumps(r) + "\n" for r in records).encode()
    with tarfile.open(path, "w:xz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_the_day_bench_runs_both_paths_and_computes_its_figures(tiny_models, tmp_path):
    models = tmp_path / "whole-sentences.yaml"  # every seed sentence one piece, as with the real model's 200 tokens
    models.write_text(tiny_models.read_text(encoding="utf-8").replace("max_input_tokens: 48", "max_input_tokens: 200"), encoding="utf-8")
    args = argparse.Namespace(
        data=archive(tmp_path / "day.tar.xz"),
        work=tmp_path / "work",
        articles=None,
        beams=[2],
        ratio=1.0,
        plain=True,
        full_vocabulary=True,
    )
    results = run_day(args, models, SESSION_HOME, "tiny-nllb")
    plain, ours, again, alone = results["plain"], results["beam2"], results["day2"], results["day2_alone"]
    assert results["articles"] == 3 and results["day2_articles"] == 2 and results["ratio"] > 0
    assert plain["decoded"] == plain["sentences"] > 0 and plain["tokens"] > 0 and plain["peak_rss_mb"] > 0
    assert ours["repeated"] > 0 and ours["decoded"] + ours["repeated"] <= plain["sentences"]  # the copy is decoded once
    assert ours["both_decoded"] > 0 and ours["same_english"] == ours["both_decoded"]  # same model, same settings: same English
    assert ours["briefing_seconds"] > 0 and ours["documents"] == 3
    assert again["from_cache"] > 0 and again["decoded"] < alone["decoded"]  # day 1's cache serves the page carried over
