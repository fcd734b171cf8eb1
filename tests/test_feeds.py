"""Feeds, URL lists and web pages, against a local HTTP server on 127.0.0.1 that each test starts:
feed metadata, a 404, a slow host, robots.txt, a refused connection, and a page fetched only once."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from translate.documents import Document
from translate.errors import InputError, InputStatus
from translate.readers import discover, read_documents
from translate.web import Fetcher

STORY = "The minister met his counterpart in the capital on Monday and the two discussed trade, energy and the border."


def article(heading: str) -> bytes:
    body = "".join(f"<p>{heading}, paragraph {i}. {STORY}</p>" for i in (1, 2, 3))
    return (
        "<html><head><title>Page title | Page Site</title><meta property='og:site_name' content='Page Site'>"
        "<meta name='author' content='Page Author'><meta name='date' content='2020-01-01'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>Page {heading}</h1>{body}</article><footer>Page Site</footer></body></html>"
    ).encode()


def rss(base: str, *links: str) -> bytes:
    items = "".join(
        f"<item><title>Feed title {n}</title><link>{base}{link}</link><dc:creator>Author {n}</dc:creator>"
        f"<pubDate>Mon, 30 Nov 2026 08:0{n}:00 GMT</pubDate><description>Short teaser.</description></item>"
        for n, link in enumerate(links, start=1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Example News</title><link>{base}/</link><description>News</description>{items}</channel></rss>"
    ).encode()


class Site:
    """A small web site in a thread: path -> (status, content type, body, seconds to wait first)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes, float]] = {}
        self.hits: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                site.hits[self.path] += 1
                site.times.setdefault(self.path, []).append(time.monotonic())
                status, kind, body, wait = site.routes.get(self.path, (404, "text/plain", b"not found", 0.0))
                time.sleep(wait)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True  # a slow handler never holds the test up
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def page(self, path: str, heading: str, wait: float = 0.0) -> str:
        self.routes[path] = (200, "text/html; charset=utf-8", article(heading), wait)
        return self.base + path


@pytest.fixture
def site():
    web = Site()
    web.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /private/\n", 0.0)
    web.thread.start()
    yield web
    web.server.shutdown()
    web.server.server_close()


def fetcher(tmp_path: Path, **options) -> Fetcher:
    settings = {"timeout": (0.3, 0.3), "retries": 1, "backoff": 0.01, "delay": 0.02, **options}
    return Fetcher(tmp_path / "pages", **settings)


def read(inputs, using: Fetcher) -> tuple[list[Document], list[str]]:
    items = list(read_documents(discover(inputs), using))
    errors = [e for e in items if isinstance(e, InputError)]
    assert all(e.status is (InputStatus.FAILED if "cannot be fetched" in e.reason else InputStatus.SKIPPED) for e in errors)
    return [d for d in items if isinstance(d, Document)], [str(e) for e in errors]


def test_rss_file_items_are_fetched_with_the_feed_metadata(site, tmp_path):
    site.page("/news/one.html", "One")
    site.page("/news/two.html", "Two")
    (tmp_path / "daily.rss").write_bytes(rss(site.base, "/news/one.html", "/news/two.html"))
    docs, errors = read([tmp_path / "daily.rss"], fetcher(tmp_path))
    assert errors == []
    one, two = docs
    assert (one.id, one.path) == ("127-0-0-1-news-one", f"{site.base}/news/one.html")
    assert one.paragraphs[one.meta.title - 1].text == "Feed title 1"  # the feed's title, not the page's
    assert (one.meta.outlet, one.meta.author, one.meta.date, one.meta.url) == ("Example News", "Author 1", "2026-11-30", one.path)
    assert one.meta.date_from == "metadata" and two.meta.author == "Author 2"
    assert any(p.text.startswith("One, paragraph 1.") for p in one.paragraphs)


def test_an_aggregators_items_keep_the_outlets_they_name_as_their_source(site, tmp_path):
    """A news aggregator's feed (Google News and the like) names each item's outlet in ``<source>``: those
    are the outlets, one voice each, not the aggregator. An item of another site that names none is
    named by its page; the feed's title names only the feed's own items."""
    for path in ("/a.html", "/b.html", "/c.html"):
        site.page(path, path)
    sources = ('<source url="https://www.reuters.com">Reuters</source>', '<source url="https://apnews.com">AP News</source>', "")
    items = "".join(
        f"<item><title>Item {n}</title><link>{site.base}/{name}.html</link>{source}</item>"
        for n, (name, source) in enumerate(zip("abc", sources, strict=True), start=1)
    )
    channel = "<title>Top stories - News Aggregator</title><link>https://aggregator.example/</link>"
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{channel}{items}</channel></rss>'
    (tmp_path / "top.rss").write_text(feed, encoding="utf-8")
    docs, errors = read([tmp_path / "top.rss"], fetcher(tmp_path))
    assert errors == []
    assert [d.meta.outlet for d in docs] == ["Reuters", "AP News", "Page Site"]


def test_atom_file_reads_full_content_from_the_feed_and_fetches_the_rest(site, tmp_path):
    link = site.page("/a/linked", "Linked")
    full = "".join(f"&lt;p&gt;Carried, paragraph {i}. {STORY}&lt;/p&gt;" for i in range(1, 6))
    (tmp_path / "wire.atom").write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire Service</title>'
        f"<id>urn:wire</id><updated>2026-11-29T10:00:00Z</updated>"
        f'<entry><title>Linked story</title><link href="{link}"/><id>urn:1</id><updated>2026-11-29T10:00:00Z</updated>'
        "<author><name>Jo Writer</name></author><summary>A teaser.</summary></entry>"
        f'<entry><title>Carried story</title><link href="{site.base}/a/carried"/><id>urn:2</id>'
        "<published>2026-11-28T09:00:00+02:00</published><updated>2026-11-29T10:00:00Z</updated>"
        f'<content type="html">{full}</content></entry>'
        "</feed>",
        encoding="utf-8",
    )
    (linked, carried), errors = read([tmp_path / "wire.atom"], fetcher(tmp_path))
    assert errors == []
    assert (linked.meta.outlet, linked.meta.author, linked.meta.date) == ("Wire Service", "Jo Writer", "2026-11-29")
    assert linked.paragraphs[linked.meta.title - 1].text == "Linked story"
    assert (carried.meta.title, carried.meta.date, carried.meta.url) == (1, "2026-11-28", f"{site.base}/a/carried")
    assert [p.text[:19] for p in carried.paragraphs[:3]] == ["Carried story", "Carried, paragraph ", "Carried, paragraph "]
    assert site.hits["/a/carried"] == 0 and site.hits["/a/linked"] == 1


def test_url_list_reads_the_pages_and_gives_one_line_per_url_that_cannot_be_fetched(site, tmp_path):
    good = site.page("/story", "Story")
    site.routes["/report.pdf"] = (200, "application/pdf", b"%PDF-1.4", 0.0)
    site.routes["/busy"] = (503, "text/plain", b"busy", 0.0)
    (tmp_path / "today.urls").write_text(
        f"# this morning's links\n\n{good}\n{site.base}/missing\n  {site.base}/report.pdf\n{site.base}/busy\nftp://example.org/x\n{good}\n",
        encoding="utf-8",
    )
    docs, errors = read([tmp_path / "today.urls"], fetcher(tmp_path))
    assert [d.id for d in docs] == ["127-0-0-1-story"]  # a URL named twice is read once
    assert errors == [
        f"{site.base}/missing: cannot be fetched (HTTP 404)",
        f"{site.base}/report.pdf: cannot be fetched (not HTML: application/pdf)",
        f"{site.base}/busy: cannot be fetched (HTTP 503)",
        "ftp://example.org/x: not an http or https URL",
    ]
    assert site.hits["/busy"] == 2  # retried once, then given up


def test_a_slow_host_gives_one_line_and_no_hang(site, tmp_path):
    slow = site.page("/slow", "Slow", wait=1.5)
    fast = site.page("/fast", "Fast")
    clock = time.monotonic()
    docs, errors = read([slow, fast], fetcher(tmp_path))
    assert errors == [f"{slow}: cannot be fetched (timed out)"]
    assert [d.id for d in docs] == ["127-0-0-1-fast"]
    assert time.monotonic() - clock < 3


def test_robots_txt_is_honoured_and_fetched_once(site, tmp_path):
    private = site.page("/private/memo", "Memo")
    public = site.page("/public/note", "Note")
    other = site.page("/public/other", "Other")
    docs, errors = read([private, public, other], fetcher(tmp_path))
    assert errors == [f"{private}: cannot be fetched (disallowed by robots.txt)"]
    assert len(docs) == 2 and site.hits["/private/memo"] == 0 and site.hits["/robots.txt"] == 1


def test_a_page_is_fetched_once_across_runs_and_a_feed_every_run(site, tmp_path):
    site.page("/news/one.html", "One")
    site.routes["/feed"] = (200, "application/rss+xml", rss(site.base, "/news/one.html"), 0.0)
    first, _ = read([f"{site.base}/feed"], fetcher(tmp_path))
    second, errors = read([f"{site.base}/feed"], fetcher(tmp_path))  # a new run, the same fetch cache
    assert errors == [] and first == second and first[0].meta.outlet == "Example News"
    assert (site.hits["/news/one.html"], site.hits["/feed"]) == (1, 2)
    assert not [p for p in (tmp_path / "pages").iterdir() if p.name.startswith(".")]  # no temporary file left


def test_requests_to_one_host_keep_their_distance(site, tmp_path):
    urls = [site.page(f"/p{i}", f"P{i}") for i in range(3)]
    docs, _ = read(urls, fetcher(tmp_path, delay=0.2))
    starts = sorted(t for i in range(3) for t in site.times[f"/p{i}"])
    assert len(docs) == 3 and min(b - a for a, b in zip(starts, starts[1:], strict=False)) >= 0.19


def test_an_unreachable_host_says_so_for_each_url_and_the_rest_is_read(site, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    live = site.page("/live", "Live")
    docs, errors = read([f"{dead}/a", f"{dead}/b", live], fetcher(tmp_path))
    assert errors == [f"{dead}/a: cannot be fetched (connection refused)", f"{dead}/b: cannot be fetched (connection refused)"]
    assert [d.id for d in docs] == ["127-0-0-1-live"]


def test_discover_keeps_urls_as_given(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    found = discover([tmp_path, "https://example.org/news/x?id=1", Path("https://example.org/feed")])
    assert found == [tmp_path / "a.txt", "https://example.org/news/x?id=1", "https://example.org/feed"]
