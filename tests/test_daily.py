"""Day after day: a briefing that remembers yesterday (history, seen documents, continuing stories,
the index), and a history that a killed run, a rerun or a foreign file never damages."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from summarize import BriefOptions, brief_files
from summarize.continuity import restates
from summarize.history import NAME
from translate import RunOptions
from translate.errors import EXIT_DATA, DataError
from translate.models import Registry

from .conftest import SEEDS, run_cli
from .reference import ReferenceTranslator

QUAKE = (
    "A magnitude 6.8 earthquake struck off the coast of Aomori in northern Japan on Monday, the Japan Meteorological Agency "
    "said, and a tsunami advisory was issued for the Pacific coast. No damage was reported in the first hours, and trains "
    "on the Tohoku line were halted while engineers checked the tracks."
)
FLOODS = (
    "Heavy rain flooded roads across the north of Albania on Tuesday and the ministry closed schools in Shkodra and Lezha. "
    "Rescuers moved 300 families from villages along the Buna river, and the army sent boats to reach those cut off."
)


def day_inputs(folder: Path, seeds: list[str], extra: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name in seeds:
        shutil.copy(SEEDS / name, folder / name)
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    base = tmp_path_factory.mktemp("daily")
    registry = Registry()
    translators = {name: ReferenceTranslator(registry.get(name)) for name in ("nllb-200-distilled-600M", "opus-mt-tc-big-ar-en")}
    plan = {
        "2026-11-29": (["000_cc55509071a40faa.txt", "003_848f8f51c7c0bbd8.txt"], {"quake.txt": QUAKE}),
        "2026-11-30": (["000_cc55509071a40faa.txt", "002_7246527690d706c8.txt", "004_761b78ecbf864cc8.txt"], {"floods.txt": FLOODS}),
        "2026-12-01": (["001_e16ef8893aa65cca.txt", "002_7246527690d706c8.txt"], {}),
    }
    out = base / "out"
    results = {}
    for day, (seeds, extra) in plan.items():
        inputs = day_inputs(base / "in" / day, seeds, extra)
        options = BriefOptions(date=dt.date.fromisoformat(day))
        results[day] = brief_files([inputs], out, options, RunOptions(use_cache=False), translators=translators)
    return out, results, base, translators


def briefing_json(out: Path, day: str) -> dict:
    return json.loads((out / day / "briefing.json").read_text(encoding="utf-8"))


def pompeo(data: dict) -> dict:
    return next(s for s in data["stories"] if "Pompeo" in json.dumps(s))


def test_a_document_briefed_on_an_earlier_day_is_listed_as_seen_not_briefed_again(days):
    out, _, _, _ = days
    second = briefing_json(out, "2026-11-30")
    assert [(s["doc"], s["seen_on"]) for s in second["seen"]] == [("000_cc55509071a40faa", "2026-11-29")]
    assert "000_cc55509071a40faa" not in {b["doc"] for b in second["documents"]}
    assert "seen on 2026-11-29" in (out / "2026-11-30" / "briefing.md").read_text(encoding="utf-8")


def test_a_continuing_story_keeps_its_identity_and_says_what_is_new(days):
    out, _, _, _ = days
    first, second, third = (briefing_json(out, d) for d in ("2026-11-29", "2026-11-30", "2026-12-01"))
    start = pompeo(first)
    assert start["first_seen"] == "2026-11-29" and start["continues"] is None
    assert all(p["new"] for p in start["points"])
    follow = pompeo(second)
    assert follow["first_seen"] == "2026-11-29" and follow["continues"] == f"2026-11-29/{start['id']}"
    assert any(p["new"] for p in [follow["lede"], *follow["points"]] if p)
    floods = next(s for s in second["stories"] if "Albania" in json.dumps(s) and "Pompeo" not in json.dumps(s))
    assert floods["first_seen"] == "2026-11-30" and floods["continues"] is None  # an unrelated story is new
    last = next(s for s in third["stories"] if "001_e16ef8893aa65cca" in s["documents"])  # KUNA, on day 3
    assert last["first_seen"] == "2026-11-29" and last["continues"].startswith("2026-11-30/")
    assert "developing since 2026-11-29 (day 3)" in (out / "2026-12-01" / "briefing.md").read_text(encoding="utf-8")
    reported = [p for p in [follow["lede"], *follow["points"]] if p and not p["new"]]
    assert all("already reported" in (out / "2026-11-30" / "briefing.md").read_text(encoding="utf-8") for _ in reported)


def test_the_index_lists_the_days_newest_first_and_latest_points_at_the_newest(days):
    out, _, _, _ = days
    index = (out / "index.md").read_text(encoding="utf-8")
    assert index.index("## [2026-12-01]") < index.index("## [2026-11-30]") < index.index("## [2026-11-29]")
    assert (out / "latest").is_symlink() and (out / "latest").resolve() == (out / "2026-12-01").resolve()
    assert (out / "index.html").is_file()


def test_rerunning_an_earlier_day_rewrites_that_day_only_and_the_same_bytes(days):
    out, results, base, translators = days

    def files(day: str) -> dict[str, bytes]:
        return {
            p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / day).rglob("*")) if p.is_file() and p.name != "report.json"
        }

    before = {day: files(day) for day in results}
    again = brief_files(
        [base / "in" / "2026-11-30"], out, BriefOptions(date=dt.date(2026, 11, 30)), RunOptions(use_cache=False), translators=translators
    )
    assert again.complete
    assert {day: files(day) for day in results} == before  # that day's bytes again, and the later day untouched


def test_a_run_that_fails_while_recording_leaves_the_history_as_it_was(days, tmp_path, monkeypatch):
    out, _, base, translators = days
    copy = tmp_path / "out"
    shutil.copytree(out, copy, symlinks=True)

    def dump() -> list:
        db = sqlite3.connect(copy / NAME)
        rows = [db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("documents", "stories", "facts")]
        db.close()
        return rows

    before = dump()
    stored = json.dumps

    def interrupted(value, **kwargs):  # the run is stopped while it writes the day's stories, after the old rows went
        raise KeyboardInterrupt

    monkeypatch.setattr("summarize.history.json.dumps", interrupted)
    with pytest.raises(KeyboardInterrupt):
        brief_files(
            [base / "in" / "2026-11-30"],
            copy,
            BriefOptions(date=dt.date(2026, 11, 30)),
            RunOptions(use_cache=False),
            translators=translators,
        )
    monkeypatch.setattr("summarize.history.json.dumps", stored)
    assert dump() == before


@pytest.mark.parametrize("content", [b"this is not a database at all", "foreign"])
def test_a_damaged_or_foreign_history_is_refused_and_never_overwritten(tmp_path, content):
    out = tmp_path / "out"
    out.mkdir()
    history = out / NAME
    if content == "foreign":
        db = sqlite3.connect(history)
        db.execute("CREATE TABLE notes (x TEXT)")
        db.commit()
        db.close()
    else:
        history.write_bytes(content)
    before = history.read_bytes()
    with pytest.raises(DataError, match="not a parabrief history"):
        brief_files([SEEDS / "003_848f8f51c7c0bbd8.txt"], out, BriefOptions(date=dt.date(2026, 12, 1)), RunOptions(use_cache=False))
    result = run_cli("brief", SEEDS / "003_848f8f51c7c0bbd8.txt", "--out", out, "--no-cache")
    assert result.exit_code == EXIT_DATA and "move it aside" in result.stderr and result.stderr.count("\n") == 1
    assert history.read_bytes() == before


def test_a_point_is_already_reported_only_when_it_states_the_earlier_fact_with_its_figures():
    earlier = "At least 12 people died in the fire at the Leeds warehouse on Monday, police said."
    assert restates("Police said at least 12 people died on Monday in the fire at the Leeds warehouse.", earlier)
    assert not restates("At least 15 people died in the fire at the Leeds warehouse on Monday, police said.", earlier)  # the toll rose
    assert not restates("No one died in the fire at the Leeds warehouse on Monday, police said.", earlier)
    assert not restates("The Leeds warehouse reopened on Monday after the fire, its owners said.", earlier)
