"""The five seeds end to end as they read with a faithful translation (the reference English of the
Albanian, Arabic and Kazakh seeds, served by a stand-in translator): real headlines, no junk, outlets."""

from __future__ import annotations

import datetime as dt

import pytest

from summarize import BriefOptions, brief_files
from summarize.headlines import WORDS
from translate import RunOptions
from translate.models import Registry

from .conftest import SEEDS
from .reference import ReferenceTranslator

JUNK = ("About 4 years ago", "Share the news", "(End)", "A S / M M J", "Read also", "date 2019", "reports.", "SOUNDBITE")


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    registry = Registry()  # the built-in routing: NLLB for Albanian and Kazakh, Opus-MT for Arabic
    translators = {name: ReferenceTranslator(registry.get(name)) for name in ("nllb-200-distilled-600M", "opus-mt-tc-big-ar-en")}
    out = tmp_path_factory.mktemp("seeds-read")
    result = brief_files([SEEDS], out, BriefOptions(date=dt.date(2019, 12, 23)), RunOptions(use_cache=False), translators=translators)
    assert result.complete
    return result


def test_headlines_are_titles_or_whole_lead_clauses(briefing):
    heads = {b.doc: b.headline.text for b in briefing.briefing.briefs}
    assert heads["003_848f8f51c7c0bbd8"] == "Pompeo urges Kazakhstan to press China over Uighurs"  # its own title
    assert heads["001_e16ef8893aa65cca"].startswith("Washington affirms its support")  # the Arabic title, translated
    assert heads["002_7246527690d706c8"].startswith("US Secretary of State Mike Pompeo gave an exclusive interview")
    for text in heads.values():
        assert 3 <= len(text.split()) <= WORDS and not text.endswith(("…", ",", ".")), text
    (story,) = briefing.briefing.stories
    assert story.headline.text == "Pompeo urges Kazakhstan to press China over Uighurs"
    assert len(story.documents) == 5


def test_no_junk_reaches_a_reader(briefing):
    shown = [b.headline.text for b in briefing.briefing.briefs] + [p.text for b in briefing.briefing.briefs for p in b.points]
    shown += [p.text for s in briefing.briefing.stories for p in s.points]
    for text in shown:
        assert not any(j in text for j in JUNK), text
        assert not text.startswith(("-", ":", ",", ")")) and text.count('"') % 2 == 0, text


def test_sources_are_named_and_dated_as_readers_know_them(briefing):
    assert briefing.briefing.names == {
        "000_cc55509071a40faa": "Anadolu Agency",
        "001_e16ef8893aa65cca": "KUNA",
        "002_7246527690d706c8": "Azattyq",
        "003_848f8f51c7c0bbd8": "“Pompeo urges Kazakhstan to press China over Uighurs”",  # a title whole
        "004_761b78ecbf864cc8": "UrduPoint News",
    }
    markdown = (briefing.folder / "briefing.md").read_text(encoding="utf-8")
    assert "[Anadolu Agency ¶2" in markdown and "`000_cc55509071a40faa`" not in markdown
    assert "Sources: Anadolu Agency (sq, no date found), KUNA (ar, no date found) and 3 more" in markdown  # a top story's first two
    stories = (briefing.folder / "stories.md").read_text(encoding="utf-8")  # every story in full, every source named
    assert "UrduPoint News (en, published 2019-12-13)" in stories and "(en, 2019-12-22)" in stories
    brief = next(b for b in briefing.briefing.briefs if b.doc == "001_e16ef8893aa65cca")
    assert brief.title_original == "واشنطن تؤكد دعمها لسيادة دول اسيا الوسطى ووحدة اراضيها"  # the original is kept
