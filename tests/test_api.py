"""The Python API does what the commands do: the same files, typed results, keyword-built options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarize import BriefOptions, brief_files, summarize_folder
from translate import EngineOptions, Events, RunOptions, translate_files
from translate.documents import ParagraphStatus
from translate.errors import InputStatus, ModelError

from .conftest import SEEDS, run_cli


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "report.json" and not p.name.startswith(".")
    }


def test_brief_files_writes_what_parabrief_brief_writes_and_returns_the_briefing(tiny_models, tmp_path):
    cli = run_cli("brief", SEEDS, "--out", tmp_path / "cli", "--date", "2026-12-01", "--models", tiny_models, "--no-cache")
    assert cli.exit_code == 0, cli.stderr
    run = RunOptions(engine=EngineOptions(device="cpu"), models_file=tiny_models, use_cache=False)
    result = brief_files([SEEDS], tmp_path / "api", BriefOptions(date=dt.date(2026, 12, 1)), run)
    assert result.folder == tmp_path / "api" / "2026-12-01" and result.complete
    assert files(result.folder) == files(tmp_path / "cli" / "2026-12-01")
    (story,) = result.briefing.stories  # the seeds are one event
    assert set(story.documents) == {p.stem for p in SEEDS.glob("*.txt")}
    assert all(r.status is InputStatus.DONE for r in result.translation.inputs)
    assert set(result.translation.signatures) == {"tiny-nllb", "tiny-marian"}


def test_translate_files_reports_progress_and_each_document_through_events(tiny_models, tmp_path):
    class Seen(Events):
        def __init__(self) -> None:
            self.planned_total, self.done, self.ids = 0, 0, []

        def planned(self, sentences: int) -> None:
            self.planned_total += sentences

        def translated(self, sentences: int) -> None:
            self.done += sentences

        def written(self, document) -> None:
            self.ids.append(document.document.id)

    seen = Seen()
    run = translate_files([SEEDS], tmp_path, RunOptions(models_file=tiny_models, use_cache=False), seen)
    assert run.complete and (tmp_path / "report.json").is_file()
    assert seen.ids == sorted(p.stem for p in SEEDS.glob("*.txt"))  # in input order
    # counted in pieces: sentences, and the parts an over-long sentence is cut into for the model
    assert seen.planned_total == seen.done >= sum(r.sentences for r in run.inputs) > 0
    briefs = summarize_folder(tmp_path, run=RunOptions(models_file=tiny_models))
    assert briefs.complete and briefs.folder == tmp_path / "briefs" and len(briefs.briefs) == 5


def test_library_errors_are_domain_errors_with_their_exit_code(tmp_path, monkeypatch):
    monkeypatch.setenv("PARABRIEF_HOME", str(tmp_path / "empty-home"))
    with pytest.raises(ModelError) as raised:
        brief_files([SEEDS], tmp_path / "out", BriefOptions(summarizer="distilbart-cnn-12-6"))
    assert "not pulled" in str(raised.value) and raised.value.exit_code == 4


def test_options_are_built_by_keyword_so_a_new_field_never_shifts_the_others():
    with pytest.raises(TypeError):
        EngineOptions("cpu", None, 4)  # type: ignore[misc]
    with pytest.raises(TypeError):
        RunOptions(EngineOptions())  # type: ignore[misc]
    assert ParagraphStatus("model-missing") is ParagraphStatus.MODEL_MISSING and ParagraphStatus.ENGLISH.kept


def test_help_texts_reach_the_user_whole():
    """Option help is plain text: the install hint keeps its brackets."""
    result = run_cli("translate", "--help")
    assert "pip install 'parabrief[ray]'" in " ".join(result.stdout.split())
