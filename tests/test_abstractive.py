"""The abstractive path on tiny random-weight BART and Qwen2 models, converted by parabrief itself."""

from __future__ import annotations

import json

import pytest

from summarize.abstractive import AbstractiveSummarizer
from summarize.extractive import ExtractiveSummarizer
from translate.errors import EXIT_MODEL
from translate.models import Registry
from translate.pipeline import prepare, translate_documents
from translate.readers import read_documents

from .conftest import SEEDS, run_cli

ENGLISH = SEEDS / "003_848f8f51c7c0bbd8.txt"


@pytest.fixture(scope="module")
def doc():
    (d,) = translate_documents([prepare(x) for x in read_documents([ENGLISH])], Registry(), lambda name: None)
    return d


@pytest.mark.parametrize("name", ["tiny-bart", "tiny-qwen"])
def test_a_writer_gives_one_line_per_text_within_its_limits(tiny_summarizers, name):
    summarizer = AbstractiveSummarizer.load(Registry(tiny_summarizers), name)
    texts = ["Pompeo urges Kazakhstan to press China over Uighurs.", "word " * 2000, "Ұзақ мәтін " * 300]
    lines = summarizer.writer.write(texts)
    assert len(lines) == 3 and all(isinstance(line, str) and "\n" not in line for line in lines)
    written = summarizer.writer.generate_ids(texts)  # inputs far past the 64-token limit are cut, not fatal
    assert all(0 < len(ids) <= summarizer.writer.spec.decoding.max_decoding_length for ids in written)
    assert summarizer.writer.signature().quantization == "int8"


@pytest.mark.parametrize("name", ["tiny-bart", "tiny-qwen"])
def test_nonsense_from_a_random_model_never_reaches_the_brief_and_citations_hold(tiny_summarizers, doc, name):
    extractive = ExtractiveSummarizer().summarize(doc)
    brief = AbstractiveSummarizer.load(Registry(tiny_summarizers), name).summarize(doc)
    assert brief.summarizer == name and brief.headline == extractive.headline
    assert [p.citations for p in brief.points] == [p.citations for p in extractive.points]
    assert [p.text for p in brief.points] == [p.text for p in extractive.points]  # nonsense is not supported
    assert {p.method for p in brief.points} == {"extractive-fallback"} and all(p.supported for p in brief.points)


class Paraphraser:
    """A stand-in writer that keeps the first clause of each selection (supported) or invents a figure."""

    def __init__(self, invent: bool):
        self.invent = invent
        self.seen: list[str] = []

    def write(self, texts):
        self.seen.extend(texts)
        return ["Officials said 40 people were hurt." if self.invent else t.split(",")[0] + "." for t in texts]


def test_select_then_write_keeps_supported_lines_and_replaces_invented_ones(doc):
    extractive = ExtractiveSummarizer().summarize(doc)
    writer = Paraphraser(invent=False)
    summarizer = AbstractiveSummarizer.__new__(AbstractiveSummarizer)
    summarizer.writer, summarizer.name, summarizer.selector = writer, "paraphraser", ExtractiveSummarizer()
    brief = summarizer.summarize(doc)
    # the writer saw exactly what each point cites, nothing else
    assert len(writer.seen) == len(extractive.points)
    assert all(p.text.rstrip(".") in seen for p, seen in zip(brief.points, writer.seen, strict=False))
    assert {p.method for p in brief.points} == {"abstractive"} and all(p.supported for p in brief.points)
    assert all(c.support >= 0.6 for p in brief.points for c in p.citations)
    summarizer.writer = Paraphraser(invent=True)
    invented = summarizer.summarize(doc)
    assert [p.text for p in invented.points] == [p.text for p in extractive.points]
    assert {p.method for p in invented.points} == {"extractive-fallback"}


def test_brief_uses_the_first_pulled_summarizer_and_signs_it(tiny_summarizers, tmp_path):
    result = run_cli("brief", ENGLISH, "--out", tmp_path, "--date", "2026-11-23", "--models", tiny_summarizers)
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "2026-11-23" / "briefing.json").read_text())
    assert data["signature"]["summarizer"] == "tiny-bart"
    assert data["signature"]["models"]["tiny-bart"]["repo"].endswith("tiny-bart")
    assert data["documents"][0]["summarizer"] == "tiny-bart"
    chosen = run_cli("summarize", tmp_path / "2026-11-23" / "translations", "--summarizer", "tiny-qwen", "--models", tiny_summarizers)
    assert chosen.exit_code == 0, chosen.stderr
    brief = json.loads((tmp_path / "2026-11-23" / "translations" / "briefs" / "003_848f8f51c7c0bbd8.json").read_text())
    assert brief["summarizer"] == "tiny-qwen"


def test_a_summarizer_that_is_not_pulled_is_named_with_the_command_that_gets_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PARABRIEF_HOME", str(tmp_path / "empty"))
    result = run_cli("brief", ENGLISH, "--out", tmp_path, "--summarizer", "distilbart-cnn-12-6")
    assert result.exit_code == EXIT_MODEL
    assert "model 'distilbart-cnn-12-6' is not pulled; get it with: parabrief models pull distilbart-cnn-12-6" in result.stderr
    auto = run_cli("brief", ENGLISH, "--out", tmp_path, "--date", "2026-11-23")
    assert auto.exit_code == 0  # auto falls back to the built-in extractive summarizer
    assert json.loads((tmp_path / "2026-11-23" / "briefing.json").read_text())["signature"]["summarizer"] == "extractive"
