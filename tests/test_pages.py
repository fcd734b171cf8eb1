"""The pages are a security surface: text, titles, outlets and URLs come from the web. Attacks planted in
each are briefed through the real path, and the pages (briefing, index) are loaded in headless chromium:
no script runs, no attribute is injected, no ``javascript:`` link is made, and the planted text reads
as text. The index lists the days newest first, and its links lead to pages that exist."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from summarize import BriefOptions, brief_files
from summarize.history import DayEntry
from summarize.templates import render, safe_url
from translate.run import RunOptions

from .test_briefing import CHROMIUM, FLAGS

SCRIPT = "<script>document.title='pwned'</script>"
IMG = "<img src=x onerror=\"document.title='pwned'\">"
JS_URL = "javascript:document.title='pwned'"
BREAKOUT = '" onmouseover="document.title=\'pwned\'" x="'
ATTACKS = (SCRIPT, IMG, BREAKOUT)

DAY_1, DAY_2 = "2026-11-29", "2026-11-30"

STORM = (
    "Hurricane Zelda struck Miami on Sunday, the National Hurricane Center said, and Governor Ron DeSantis declared an "
    "emergency across Florida as winds reached 200 kilometres an hour."
)
HOSTILE = {  # every field a page shows carries an attack
    "id": "hostile",
    "title": f"Hurricane Zelda hits Miami {SCRIPT} {IMG}",
    "source": f"Storm Desk {BREAKOUT} {IMG}",
    "url": JS_URL,
    "date": DAY_1,
    "text": f"{STORM}\n\nOfficials in Miami said {SCRIPT} the storm surge flooded the city centre.\n\n"
    f"Residents of Florida were told {IMG} to stay indoors {BREAKOUT} until Monday.",
}
SNEAKY = {  # an http(s) URL that tries to break out of its href, and an outlet that is a tag
    "id": "sneaky",
    "title": f"Miami counts the damage after Hurricane Zelda {BREAKOUT}",
    "source": IMG,
    "url": 'https://example.com/zelda"onmouseover="document.title=\'pwned\'"x="',
    "date": DAY_1,
    "text": "Hurricane Zelda left two people dead in Miami, the National Hurricane Center said on Sunday, and Governor Ron "
    "DeSantis asked for federal help for Florida.\n\nPower was cut to half a million homes across Florida.",
}
FOLLOW_UP = {  # the next day: the same story goes on
    "id": "follow-up",
    "title": "Hurricane Zelda: Miami begins to rebuild",
    "source": "Gulf Courier",
    "url": "https://example.org/zelda-day-2",
    "date": DAY_2,
    "text": "Hurricane Zelda left Miami flooded on Monday, the National Hurricane Center said, as Governor Ron DeSantis "
    "toured Florida and promised help.\n\nWorkers restored power to 200,000 homes in Florida, officials said.",
}


def _jsonl(path: Path, *records: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    """Two days briefed into one output folder: day 1 the hostile documents, day 2 the hostile one again
    (seen before) and a follow-up of its story."""
    root = tmp_path_factory.mktemp("pages")
    out = root / "outputs"
    day_1 = _jsonl(root / "in-1" / "news.jsonl", HOSTILE, SNEAKY)
    day_2 = _jsonl(root / "in-2" / "news.jsonl", HOSTILE, FOLLOW_UP)
    brief_files([day_1], out, BriefOptions(date=dt.date.fromisoformat(DAY_1)), RunOptions(use_cache=False))
    brief_files([day_2], out, BriefOptions(date=dt.date.fromisoformat(DAY_2)), RunOptions(use_cache=False))
    return out


class Page(HTMLParser):
    """A page's elements (tag and attributes) and its visible text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.title = ""
        self._hidden = 0  # inside <script>, <style> or <title>
        self._in_title = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style", "title"):
            self._hidden += 1
            self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._hidden -= 1
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._hidden:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())

    def hrefs(self) -> list[str]:
        return [a["href"] for tag, a in self.elements if tag == "a" and "href" in a]


def browser_dom(page: Path, profile: Path, fragment: str = "") -> str:
    """The page as headless chromium holds it after its script ran."""
    url = page.as_uri() + (f"#{fragment}" if fragment else "")
    run = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert run.stdout.strip(), run.stderr
    return run.stdout


def assert_nothing_injected(page: Page, scripts: int) -> None:
    assert page.title.strip() != "pwned" and "pwned" not in page.title
    for tag, attributes in page.elements:
        assert tag != "img", attributes
        assert not [name for name in attributes if name.startswith("on")], (tag, attributes)
        for name in ("href", "src", "action", "formaction"):
            value = "".join(attributes.get(name, "").split()).lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attributes)
    assert sum(tag == "script" for tag, _ in page.elements) == scripts  # only the page's own


def ids(page: Page) -> set[str]:
    return {a["id"] for _, a in page.elements if "id" in a}


def assert_links_resolve(page_path: Path, page: Page, root: Path) -> None:
    """Every link of the page is a fragment on it or a relative path to a file under ``root`` (with
    its fragment there), or an http(s) address."""
    for href in page.hrefs():
        parts = urlsplit(href)
        if parts.scheme:
            assert parts.scheme in ("http", "https") and safe_url(href) == href, href
            continue
        target = (page_path.parent / unquote(parts.path)).resolve() if parts.path else page_path
        assert target.is_file() and target.is_relative_to(root.resolve()), href
        if parts.fragment:
            assert unquote(parts.fragment) in ids(Page(target.read_text(encoding="utf-8"))), href


needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (the README's test command installs it)")


@needs_chromium
@pytest.mark.parametrize("day", [DAY_1, DAY_2])
def test_planted_attacks_in_the_briefing_run_nothing_and_read_as_text(outputs, day, tmp_path):
    path = outputs / day / "briefing.html"
    data = json.loads((outputs / day / "briefing.json").read_text(encoding="utf-8"))
    story = data["stories"][0]
    cited = [n for n, p in enumerate(story["points"], start=1) if p["citations"]]
    fragment = f"pt-{story['id']}-{cited[0]}" if cited else f"pt-{story['id']}-0"
    dom = browser_dom(path, tmp_path / "profile", fragment)
    page = Page(dom)
    assert_nothing_injected(page, scripts=1)
    assert 'class="para hl"' in dom  # the page's own script did run (the pointed-at point lit its sources)
    for attack in ATTACKS:  # shown, as text, where it was planted
        assert attack in page.visible, attack
    if day == DAY_1:
        assert JS_URL in page.visible  # the javascript: URL is shown as text, never linked
        assert any(h.startswith("https://example.com/zelda") for h in page.hrefs())  # an http(s) URL is linked, escaped
    assert_links_resolve(path, Page(path.read_text(encoding="utf-8")), outputs)


@needs_chromium
def test_the_second_day_lists_the_repeat_as_seen_and_links_the_story_it_continues(outputs, tmp_path):
    data = json.loads((outputs / DAY_2 / "briefing.json").read_text(encoding="utf-8"))
    page = Page(browser_dom(outputs / DAY_2 / "briefing.html", tmp_path / "profile"))
    assert [s["seen_on"] for s in data["seen"]] == [DAY_1]
    assert f"seen on {DAY_1}" in page.visible and "Seen before" in page.visible
    assert SCRIPT in page.visible  # the seen document's hostile title, as text
    continuing = [s for s in data["stories"] if s["continues"]]
    assert continuing, data["stories"]
    story = continuing[0]
    assert f"developing since {DAY_1} (day 2)" in page.visible
    assert f"../{story['continues'].split('/')[0]}/briefing.html#{story['continues'].split('/')[1]}" in page.hrefs()
    assert ("new today" in page.visible) or ("already reported" in page.visible)


@needs_chromium
def test_the_index_lists_the_days_newest_first_and_its_links_lead_to_pages(outputs, tmp_path):
    path = outputs / "index.html"
    page = Page(browser_dom(path, tmp_path / "profile"))
    assert_nothing_injected(page, scripts=0)
    days = [a["href"].split("/")[0] for tag, a in page.elements if tag == "a" and a.get("href", "").endswith("/briefing.html")]
    assert days == [DAY_2, DAY_1]
    stories = [h for h in page.hrefs() if "#" in h]
    assert stories and {h.split("/")[0] for h in stories} == {DAY_1, DAY_2}
    assert f"since {DAY_1}" in page.visible  # the story that goes on
    assert_links_resolve(path, page, outputs)
    for day in (DAY_1, DAY_2):  # and back: each day's page links the index
        assert "../index.html" in Page((outputs / day / "briefing.html").read_text(encoding="utf-8")).hrefs()


@needs_chromium
def test_the_index_template_escapes_what_the_history_holds(tmp_path):
    days = [
        DayEntry(DAY_2, (("story-1", f"Zelda {SCRIPT} {IMG} {BREAKOUT}", DAY_1, 2),)),
        DayEntry(JS_URL, (("story-1", "not a day: shown, never linked", JS_URL, 1),)),
        DayEntry(DAY_1, ()),
    ]
    path = tmp_path / "index.html"
    path.write_text(render("index.html.j2", days=days), encoding="utf-8")
    page = Page(browser_dom(path, tmp_path / "profile"))
    assert_nothing_injected(page, scripts=0)
    assert SCRIPT in page.visible and IMG in page.visible and BREAKOUT in page.visible and JS_URL in page.visible
    assert page.hrefs() == [f"{DAY_2}/briefing.html", f"{DAY_2}/briefing.html#story-1", f"{DAY_1}/briefing.html"]
    assert "since 2026-11-29" in page.visible and "no new stories" in page.visible


@pytest.mark.parametrize(
    "url",
    [
        JS_URL,
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "http://",
        "https://[::1",
        "",
        None,
    ],
)
def test_safe_url_refuses_all_but_http_and_https(url):
    assert safe_url(url) is None


@pytest.mark.parametrize("url", ["http://example.com", "https://example.com/a?b=1&c=2#x", "HTTPS://EXAMPLE.COM/"])
def test_safe_url_keeps_web_addresses(url):
    assert safe_url(url) == url


def test_the_same_data_renders_the_same_bytes():
    days = [DayEntry(DAY_2, (("story-1", "Zelda", DAY_1, 2), ("story-2", "Other", DAY_2, 1)))]
    assert render("index.html.j2", days=days) == render("index.html.j2", days=list(days))
