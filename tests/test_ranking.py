"""The day's stories in the order that makes news: independent outlets (wire copies count once), the
languages of the coverage, a story that grew since yesterday, how recent; each with its reason."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
from urllib.parse import quote

import pytest

from summarize import BriefOptions, brief_files
from summarize.briefs import Brief, Point
from summarize.ranking import rank_stories, voices
from summarize.stories import Story, StoryPoint
from translate import RunOptions
from translate.errors import UsageError

from .conftest import run_cli
from .test_briefing import FLAGS
from .test_stories import ONE_TOPIC, TOUR

WARNING_3 = (
    "Returning jihadists from Syria put Britain at very significant risk of a terror attack, the Foreign Secretary warned "
    "MPs on Monday, saying about 400 British fighters had come home and were under watch by the security services. The "
    "threat level was kept at severe."
)


def brief(doc: str, outlet: str | None, date: str | None = None, lang: str = "en") -> Brief:
    head = Point(f"Headline of {doc}", (), True)
    return Brief(doc, f"{doc}.txt", lang, None, None, outlet, None, None, date, "extractive", head, (), ())


def story(key: str, documents: tuple[str, ...], continues: str | None = None, new: int = 0) -> Story:
    points = tuple(StoryPoint(f"Fact {n} of {key}.", (), True, new=n < new) for n in range(3))
    first_seen = "2026-11-29" if continues else "2026-11-30"
    return Story(key, Point(key, (), True), None, documents, ("en",), points, first_seen=first_seen, continues=continues)


def test_syndicated_copies_of_one_text_count_as_one_voice(tmp_path):
    plea, warning = ONE_TOPIC["plea"], ONE_TOPIC["warning"]
    records = [  # the plea: one wire story that two outlets republish, and one outlet's own report
        {"id": "plea-wire-a", "source": "Daily A", "text": "Updated 10:02. " + plea[0]},
        {"id": "plea-wire-b", "source": "Daily B", "text": plea[0]},
        {"id": "plea-own", "source": "Paper C", "text": plea[1]},
    ]  # the warning: three outlets, each in its own words
    outlets = ("Daily D", "Daily E", "Paper F")
    records += [
        {"id": f"warning-{n}", "source": o, "text": text} for n, (o, text) in enumerate(zip(outlets, [*warning, WARNING_3], strict=True))
    ]
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "day.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = brief_files([inputs], tmp_path / "out", BriefOptions(date=dt.date(2026, 11, 30)), RunOptions(use_cache=False))
    first, second = result.briefing.stories
    assert len(first.documents) == len(second.documents) == 3
    assert {d.removeprefix("day-") for d in first.documents} == {"warning-0", "warning-1", "warning-2"}  # 3 voices before 2
    assert (first.rank, first.reason, second.rank, second.reason) == (1, "3 outlets in 1 language", 2, "2 outlets in 1 language")
    data = json.loads((result.folder / "briefing.json").read_text(encoding="utf-8"))
    assert [(s["rank"], s["reason"]) for s in data["stories"]] == [(1, first.reason), (2, second.reason)]
    assert "_3 outlets in 1 language_" in (result.folder / "briefing.md").read_text(encoding="utf-8")


def test_one_outlets_documents_are_one_voice_and_documents_without_an_outlet_each_their_own():
    briefs = {"a": brief("a", "KUNA"), "b": brief("b", "kuna"), "c": brief("c", None), "d": brief("d", None)}
    english = {d: f"A different report number {d} of the same event, in words of its own." for d in briefs}
    assert voices(("a", "b", "c", "d"), briefs, english) == 3


def test_a_developing_story_with_new_facts_outranks_an_equal_new_one():
    briefs = {d: brief(d, f"Outlet {d}") for d in ("a", "b", "c", "d")}
    english = {d: f"Report {d} in its own words." for d in briefs}
    new_story, developing = story("new", ("a", "b")), story("developing", ("c", "d"), continues="2026-11-29/story-1", new=2)
    (_, first), (_, second) = rank_stories([new_story, developing], briefs, english, "2026-11-30")
    assert first.id == "developing" and first.score > second.score
    assert first.reason == "2 outlets in 1 language, developing since 2026-11-29, 2 new facts today"
    stale = story("stale", ("c", "d"), continues="2026-11-29/story-1", new=0)  # it continues, but says nothing new
    (_, first), _ = rank_stories([new_story, stale], briefs, english, "2026-11-30")
    assert first.id == "new"


def test_old_documents_weigh_less_and_ties_keep_the_grouping_order():
    briefs = {d: brief(d, f"Outlet {d}", date="2026-11-30") for d in ("a", "b", "c", "d", "e", "f")}
    briefs["e"], briefs["f"] = brief("e", "Outlet e", date="2026-10-01"), brief("f", "Outlet f", date="2026-10-02")
    english = {d: f"Report {d} in its own words." for d in briefs}
    stories = [story("old", ("e", "f")), story("one", ("a", "b")), story("two", ("c", "d"))]
    order = [s.id for _, s in rank_stories(stories, briefs, english, "2026-11-30")]
    assert order == ["one", "two", "old"]
    assert order == [s.id for _, s in rank_stories(stories, briefs, english, "2026-11-30")]  # the same every run
    (_, _, (_, old)) = rank_stories(stories, briefs, english, "2026-11-30")
    assert old.reason == "2 outlets in 1 language, all 2 documents more than 3 days old"
    mixed = story("mixed", ("a", "e", "f"))
    lone = story("lone", ("e",))
    (_, lone), (_, mixed) = sorted(rank_stories([mixed, lone], briefs, english, "2026-11-30"), key=lambda ranked: ranked[1].id)
    assert mixed.reason == "3 outlets in 1 language, 2 of 3 documents more than 3 days old"
    assert lone.reason == "1 outlet in 1 language, more than 3 days old"


PLANTED = "<script>document.title='pwned'</script>"  # an outlet's name that would run, were it not escaped


@pytest.fixture(scope="module")
def ranked_day(tmp_path_factory):
    """`parabrief brief --top 1` on a day of two stories of several outlets and three single reports."""
    base = tmp_path_factory.mktemp("ranked")
    inputs = base / "in"
    inputs.mkdir()
    records = [{"id": f"cup-{n}", "source": f"Sport {n}", "text": text} for n, text in enumerate(ONE_TOPIC["cup"])]
    records += [{"id": f"warning-{n}", "source": f"News {n}", "text": text} for n, text in enumerate([*ONE_TOPIC["warning"], WARNING_3])]
    singles = (("airports", ONE_TOPIC["airports"][0]), ("tour", TOUR), ("plea", ONE_TOPIC["plea"][0]))
    records += [{"id": key, "source": f"Desk {key}", "text": text} for key, text in singles]
    records[-1]["source"] = PLANTED
    (inputs / "day.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    done = run_cli("brief", inputs, "--out", base / "out", "--date", "2026-11-30", "--top", "1")
    assert done.exit_code == 0, done.stderr
    return base / "out" / "2026-11-30", records


def test_top_stories_in_full_the_rest_one_line_each_and_every_story_and_document_reachable(ranked_day):
    day, records = ranked_day
    data = json.loads((day / "briefing.json").read_text(encoding="utf-8"))
    assert [s["rank"] for s in data["stories"]] == [1, 2, 3, 4, 5]
    assert [s["outlets"] for s in data["stories"]] == [3, 2, 1, 1, 1]
    headlines = [s["headline"]["text"] for s in data["stories"]]
    markdown = (day / "briefing.md").read_text(encoding="utf-8")
    top, also, single = markdown.index("## Top stories"), markdown.index("## Also today"), markdown.index("## Single reports")
    assert markdown.index("## The day in five lines") < top < also < single
    assert f"### 1. {headlines[0]}" in markdown[top:also] and "Sources:" in markdown[top:also]  # the top story, in full
    assert f"- {headlines[1]} — Sport 0, Sport 1 (en) — [story 2](stories.md)" in markdown[also:single]  # one line
    assert [line for line in markdown[single:].splitlines() if line.startswith("- ")][:3] == [
        f"- {h} — {outlet}"
        for h, outlet in zip(headlines[2:], ("Desk airports", "Desk tour", PLANTED.replace("<", "&lt;").replace(">", "&gt;")), strict=True)
    ]  # in the order they rank
    stories = (day / "stories.md").read_text(encoding="utf-8")
    assert [stories.index(f"## {n}. {h}") for n, h in enumerate(headlines, start=1)] == sorted(
        stories.index(f"## {n}. {h}") for n, h in enumerate(headlines, start=1)
    )
    documents = (day / "documents.md").read_text(encoding="utf-8")
    assert all(f"## {r['source']}".replace("<", "&lt;").replace(">", "&gt;") in documents for r in records)  # every document's brief
    page = (day / "briefing.html").read_text(encoding="utf-8")
    assert [page.index(f'id="{s["id"]}"') for s in data["stories"]] == sorted(page.index(f'id="{s["id"]}"') for s in data["stories"])
    sections = [page.index(f'id="{anchor}"') for anchor in ("the-day", "top-stories", "also-today", "single-reports")]
    assert sections == sorted(sections) and page.count('<details class="fold f-item"') == 4  # the others folded, one click away
    assert all(f'id="brief-{d["doc"]}"' in page for d in data["documents"])  # every document's brief


def test_top_must_be_a_story_at_least(tmp_path):
    (tmp_path / "a.txt").write_text(ONE_TOPIC["plea"][0], encoding="utf-8")
    with pytest.raises(UsageError, match="top must be at least 1"):
        brief_files([tmp_path / "a.txt"], tmp_path / "out", BriefOptions(top=0), RunOptions(use_cache=False))
    assert not (tmp_path / "out").exists()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (the README's test command installs it)")
def test_the_page_filters_by_language_outlet_and_words_from_its_address_and_runs_nothing_it_reads(ranked_day, tmp_path):
    day, _ = ranked_day
    page = (day / "briefing.html").as_uri()

    def dom(fragment: str) -> str:
        run = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", f"{page}#{fragment}"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        return run.stdout

    def shown(html: str) -> set[str]:
        return {
            m.group(1)
            for m in re.finditer(r'<(?:section|details) class="[^"]*f-item"(?: id="([^"]+)")?(?![^>]*hidden)', html)
            if m.group(1)
        }

    everything = dom("")
    assert "5 of 5 stories, 8 of 8 documents" in everything
    one_outlet = dom("outlet=News%201")  # the warning's story and News 1's own brief
    assert "1 of 5 stories, 1 of 8 documents" in one_outlet and "story-1" in shown(one_outlet)
    words = dom("lang=en&q=wembley")  # a word of the cup's points and headline only
    assert "1 of 5 stories, 1 of 8 documents" in words and shown(words) & {"story-1", "fold-story-2"} == {"fold-story-2"}  # the cup's
    planted = dom("q=" + quote("<img src=x onerror=\"document.title='pwned'\">"))
    assert "0 of 5 stories, 0 of 8 documents" in planted
    for html in (everything, one_outlet, planted):
        assert "pwned</title>" not in html and "<title>Briefing 2026-11-30</title>" in html and "<img" not in html


def test_coverage_from_several_countries_outranks_coverage_from_one():
    hosts = {"a": "https://www.bbc.co.uk/n/1", "b": "https://tengrinews.kz/n/2", "c": "https://www.lemonde.fr/n/3"}
    hosts |= {"d": "https://one.co.uk/x", "e": "https://two.co.uk/y", "f": "https://three.co.uk/z"}
    briefs = {d: dataclasses.replace(brief(d, f"Outlet {d}"), url=url) for d, url in hosts.items()}
    english = {d: f"Report {d} in its own words." for d in briefs}
    (_, first), (_, second) = rank_stories(
        [story("home", ("d", "e", "f")), story("abroad", ("a", "b", "c"))], briefs, english, "2026-11-30"
    )
    assert (first.id, first.reason) == ("abroad", "3 outlets in 1 language from 3 countries")
    assert second.reason == "3 outlets in 1 language"
