"""The daily briefing of the seeds with tiny translation models: stories, citations, schema, the page."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from summarize import BriefOptions, brief_files
from summarize.briefing import GUARDED, SCHEMA, BriefingFile, brief_json, label, read_brief, schema
from translate import RunOptions
from translate.output import TranslationFile, read_document, to_json

from .conftest import SEEDS, run_cli

UNRELATED = {
    "football.txt": "Real Madrid beat Barcelona 3-1 at the Bernabeu\n\nVinicius Junior scored twice as Real Madrid beat "
    "Barcelona on Saturday to move four points clear at the top of La Liga.\n\nCarlo Ancelotti praised his players.",
    "quake.txt": "Strong earthquake shakes northern Japan\n\nA magnitude 6.8 earthquake struck off the coast of Aomori on "
    "Monday, the Japan Meteorological Agency said, and a tsunami advisory was issued.",
    "cairo.txt": "توقعت هيئة الارصاد الجوية المصرية طقسا حارا في القاهرة اليوم مع ارتفاع درجات الحرارة.\n\n"
    "وقالت الهيئة ان درجات الحرارة ستصل الى اربعين درجة في جنوب البلاد.وحذرت المواطنين من التعرض لاشعة الشمس.",
}


@pytest.fixture(scope="module")
def briefing(tiny_models, tmp_path_factory) -> Path:
    """`parabrief brief` on the seeds and three unrelated documents, with the tiny translation models."""
    inputs = tmp_path_factory.getbasetemp() / "briefing-inputs"
    inputs.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, inputs / path.name)
    for name, text in UNRELATED.items():
        (inputs / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("outputs")
    result = run_cli("brief", inputs, "--out", out, "--date", "2026-11-23", "--models", tiny_models)
    assert result.exit_code == 0, result.stderr
    return out / "2026-11-23"


def test_the_seeds_are_one_story_with_five_sources_in_four_languages(briefing):
    data = json.loads((briefing / "briefing.json").read_text())
    seeds = sorted(p.stem for p in SEEDS.glob("*.txt"))
    first, *others = data["stories"]
    assert sorted(first["documents"]) == seeds and sorted(first["languages"]) == ["ar", "en", "kk", "sq"]
    assert sorted(len(s["documents"]) for s in others) == [1, 1]  # unrelated news stays apart
    # the tiny model's English of the Cairo weather report is all flagged: no English, listed apart, not a story
    assert data["untranslated"] == [{"doc": "cairo", "languages": ["ar"], "fix": GUARDED}]
    assert [len(s["documents"]) for s in data["stories"]] == sorted((len(s["documents"]) for s in data["stories"]), reverse=True)
    assert {d for s in first["points"] for d in s["sources"]} <= set(seeds)


def test_every_citation_points_at_a_real_paragraph_and_sentence(briefing):
    data = json.loads((briefing / "briefing.json").read_text())
    translations = {p.stem: json.loads(p.read_text()) for p in (briefing / "translations").glob("*.json")}
    points = [p for s in data["stories"] for p in [s["headline"], *s["points"]]]
    points += [p for d in data["documents"] for p in [d["headline"], *d["points"]]]
    cited = [c for p in points for c in p["citations"]]
    assert len(cited) >= 20
    for c in cited:
        paragraphs = translations[c["doc"]]["paragraphs"]
        assert 1 <= c["paragraph"] <= len(paragraphs)
        paragraph = paragraphs[c["paragraph"] - 1]
        assert paragraph["lang"] == c["lang"]
        if c["sentence"]:
            assert c["sentence"] in {s["id"] for s in paragraph["sentences"]}
    for p in points:  # a point shown as sourced has a source citation that passed the check
        if p["supported"]:
            assert any(c["role"] == "source" and c["support"] >= 0.6 for c in p["citations"])


def test_the_json_validates_against_its_schema_and_carries_the_signature(briefing):
    data = json.loads((briefing / "briefing.json").read_text())
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert set(data["signature"]["models"]) == {"tiny-nllb", "tiny-marian"}
    assert data["signature"]["summarizer"] == "extractive"
    assert {d["doc"]: d["date"] for d in data["documents"]}["003_848f8f51c7c0bbd8"] == "2019-12-22"


def test_the_committed_schema_is_the_one_the_models_give():
    assert SCHEMA.read_text(encoding="utf-8") == schema(), "write it anew: see summarize.briefing.schema"


def test_every_json_file_reads_back_into_the_data_it_was_written_from(briefing):
    """The same pydantic models write and read the briefing, the briefs and the translations."""
    text = (briefing / "briefing.json").read_text(encoding="utf-8")
    assert to_json(BriefingFile.model_validate_json(text)) == text
    for path in (briefing / "briefs").glob("*.json"):
        assert brief_json(read_brief(path.read_bytes())) == path.read_text(encoding="utf-8")
    for path in (briefing / "translations").glob("*.json"):
        if path.name != "report.json":
            assert to_json(TranslationFile.model_validate_json(path.read_bytes())) == path.read_text(encoding="utf-8")
            assert read_document(path).document.id == path.stem


def test_markdown_and_per_document_files(briefing):
    markdown = (briefing / "briefing.md").read_text()
    assert markdown.startswith("# Briefing 2026-11-23\n") and "3 stories from 8 documents" in markdown
    # sources are named as readers know them: the outlet, else the title; never the file id
    stories = (briefing / "stories.md").read_text()  # every story in full, every source named
    assert "[UrduPoint News ¶" in stories and "KUNA (ar, no date found)" in stories
    assert "[“Pompeo urges Kazakhstan to press China over Uighurs” ¶" in stories
    assert "`001_e16ef8893aa65cca`" not in markdown + stories and "published 2019-12-22" in stories
    documents = (briefing / "documents.md").read_text()
    assert all(f"## {name}\n" in documents for name in ("KUNA", "UrduPoint News", "Anadolu Agency", "Azattyq"))
    assert sorted(p.name for p in (briefing / "briefs").glob("*.json")) == sorted(
        p.name for p in (briefing / "translations").glob("*.json")
    )


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,1600",
]


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (the README's test command installs it)")
def test_the_page_renders_in_a_browser_and_a_clicked_point_lights_its_sources(briefing, tmp_path):
    page = briefing / "briefing.html"
    # self-contained: nothing to fetch (no src=, no <link>); a link to a source's own article may be there
    assert not re.search(r"<[^>]*\ssrc=|<link\b", page.read_text())
    data = json.loads((briefing / "briefing.json").read_text())
    story = data["stories"][0]
    n, point = next((n, p) for n, p in enumerate(story["points"], start=1) if p["citations"])
    url = f"{page.as_uri()}#pt-{story['id']}-{n}"

    def chromium(*args: str) -> str:
        run = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, url], capture_output=True, text=True, timeout=120
        )
        return run.stdout

    dom = chromium("--dump-dom")  # the page after its script ran, as the browser holds it
    ids = set(re.findall(r'id="([^"]+)"', dom))
    for cites in re.findall(r'data-cites="([^"]*)"', dom):
        assert set(cites.split()) <= ids  # every citation resolves to a paragraph on the page
    lit = set(re.findall(r'class="para hl" id="([^"]+)"', dom))
    assert lit == {f"c-{c['doc']}-p{c['paragraph']}" for c in point["citations"]}
    assert 'dir="rtl"' in dom and 'lang="ar"' in dom
    shot = tmp_path / "briefing.png"
    chromium(f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_the_same_inputs_and_settings_give_byte_identical_files(briefing, tiny_models, tmp_path):
    inputs = briefing.parent.parent / "briefing-inputs"  # the fixture's, beside its outputs
    again = run_cli("brief", inputs, "--out", tmp_path, "--date", "2026-11-23", "--models", tiny_models)
    assert again.exit_code == 0, again.stderr

    def files(root: Path) -> dict:
        return {
            p.relative_to(root): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and p.name != "report.json" and not p.name.startswith(".")
        }

    first, second = files(briefing), files(tmp_path / "2026-11-23")
    assert len(first) == 2 * 8 * 2 + 5 and first == second  # briefing, stories, documents (.md), json, html; timings only in report.json


def test_a_source_named_by_its_title_shows_it_whole_or_cut_where_a_phrase_ends():
    assert label("Pompeo urges Kazakhstan to press China over Uighurs") == "Pompeo urges Kazakhstan to press China over Uighurs"
    assert label("Brexit talks collapse - EU and UK blame each other as the deadline for a trade deal passes at midnight") == (
        "Brexit talks collapse"  # the title's first part
    )
    assert label("Europe's leaders: a summit on energy prices ends without a deal after two days of talks in Brussels") == (
        "Europe's leaders: a summit on energy prices ends without a deal …"  # cut before "after"
    )
    long = "US Secretary of State Mike Pompeo gave an exclusive interview to Radio Azattyq on the situation in Xinjiang"
    assert label(long) == "US Secretary of State Mike Pompeo gave an exclusive interview …"


def test_markdown_files_show_html_in_a_title_as_text_never_as_html(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    record = {
        "id": "nasa",
        "source": "Space <b>News</b> & Co",
        "title": "NASA finds water plumes <script>alert(1)</script>",
        "text": "NASA scientists said on Monday that they had found plumes of water vapour rising above Europa, a moon of Jupiter. "
        "The plumes <img src=x onerror=alert(2)> were seen by the Keck Observatory in Hawaii on 17 nights of observation.",
    }
    (inputs / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = brief_files([inputs], tmp_path / "out", BriefOptions(date=dt.date(2026, 11, 30)), RunOptions(use_cache=False))
    pages = [result.folder / "briefing.md", tmp_path / "out" / "index.md", *result.folder.glob("briefs/*.md")]
    pages += list(result.folder.glob("translations/*.md"))
    assert len(pages) == 4
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text and "<img" not in text and "<b>" not in text, page.name
    assert "NASA finds water plumes &lt;script&gt;alert(1)&lt;/script&gt;" in (result.folder / "briefing.md").read_text(encoding="utf-8")
    assert "1 story from 1 document in 1 language (en)." in (result.folder / "briefing.md").read_text(encoding="utf-8")
