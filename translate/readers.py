"""Reading inputs into documents: discovery, decoding, the txt / md / html / jsonl formats, RSS and Atom
feeds (files or URLs), lists of article URLs (``.urls``) and web pages given by URL."""

from __future__ import annotations

import codecs
import dataclasses
import io
import json
import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from charset_normalizer import from_bytes

from .documents import Document, Metadata, Paragraph
from .errors import InputError, InputStatus
from .metadata import is_date_line, iso_date, outlet_key, title_like
from .segment import split_paragraphs
from .web import Fetcher, Page, is_url

log = logging.getLogger("parabrief")

SUFFIXES = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".urls": "urls",
}
FULL_TEXT = 500  # characters of text from which a feed item's content or summary is the article itself

Input = Path | str  # a file or folder, or a URL


def _as_url(item: Input) -> str | None:
    """The URL an input names, or None for a file. A URL that went through ``Path`` (``https:/host/x``)
    is given back its ``//``."""
    text = str(item)
    if is_url(text):
        return text
    mangled = re.match(r"([A-Za-z][A-Za-z0-9+.-]+):/(?!/)", text)
    if isinstance(item, Path) and mangled and len(mangled[1]) > 1 and not item.exists():
        return f"{mangled[1]}://{text[mangled.end() :]}"
    return None


def discover(inputs: Iterable[Input]) -> list[Input]:
    """URLs as given, files named directly, and every supported file under the folders named, in a stable order."""
    found: list[Input] = []
    for raw in inputs:
        url = _as_url(raw)
        if url is not None:
            found.append(url)
            continue
        item = Path(raw)
        if item.is_dir():
            # a broken link is kept, to be reported: nothing in a folder is dropped without a word
            found.extend(sorted(p for p in item.rglob("*") if p.suffix.lower() in SUFFIXES and (p.is_file() or p.is_symlink())))
        else:
            found.append(item)  # a missing or odd file is reported when it is read
    return list(dict.fromkeys(found))


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes to text and the name of the encoding used: BOMs first, then UTF-8, then a detected guess."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise InputError(path, "not a text file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "not a text file (no character encoding fits its bytes)")
    log.warning("%s: not UTF-8; decoded as %s (detected)", path, best.encoding)
    return str(best), best.encoding


@dataclass(frozen=True)
class _Text:
    """One document's text as a file holds it, before it is cut into paragraphs."""

    label: str  # where it was read from, for messages
    name: str  # seeds the document id
    text: str
    encoding: str
    title: str | None = None  # a title the metadata gives apart from the text
    meta: Metadata = Metadata()


def _html(html: str, label: str, name: str, encoding: str) -> _Text:
    """The article text of a web page, one paragraph per block, with navigation, sidebars, footers and
    scripts removed, and the page's title, site name, author, date and address (trafilatura: the
    maintained main-text and metadata extractor for news pages; dates from the page's metadata first)."""
    import trafilatura

    page = trafilatura.bare_extraction(html, include_comments=False, include_tables=True, with_metadata=True)
    found = page if isinstance(page, dict) else page.as_dict() if page is not None else {}
    text = found.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(label, "no article text found in the HTML")
    body = "\n\n".join(line for line in text.splitlines() if line.strip())
    meta = _metadata(found.get("sitename"), found.get("author"), found.get("url"), found.get("date"))
    return _Text(label, name, body, encoding, _field(found.get("title")), meta)


def _metadata(outlet: object, author: object, url: object, date: object) -> Metadata:
    """Metadata as a page, a feed item or a record gives it (a date in any form metadata writes one)."""
    day = iso_date(date)
    return Metadata(outlet=_field(outlet), author=_field(author), url=_field(url), date=day, date_from="metadata" if day else None)


def _field(value: object) -> str | None:
    """A metadata field as one clean line, or None when it is empty or not text."""
    if value is None or isinstance(value, dict | list):
        return None
    line = " ".join(str(value).split())
    return line or None


def _record(record: dict, label: str, name: str, encoding: str) -> _Text:
    """A jsonl record: its ``text``, and ``title``, ``source`` (the outlet), ``author``, ``date``, ``url``."""
    meta = _metadata(record.get("source"), record.get("author"), record.get("url"), record.get("date"))
    return _Text(label, name, str(record["text"]), encoding, _field(record.get("title")), meta)


def _texts(path: Path, web: _Web) -> Iterator[_Text | InputError]:
    """Each document in one file, or the error of one bad record (or URL) in a file of many."""
    label = str(path)
    if path.is_symlink() and not path.exists():
        raise InputError(label, "broken symbolic link")
    if not path.exists():
        raise InputError(label, "no such file or folder")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(label, f"cannot be read ({error.strerror or error})", status=InputStatus.FAILED) from None
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    if kind == "feed":
        yield from _feed(data, label, web)
        return
    text, encoding = decode(data, label)
    if kind == "urls":
        for line in text.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                yield from _guarded(_linked(line.strip(), web))
    elif kind == "html":
        yield _html(text, label, path.stem, encoding)
    elif kind == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                yield _record(record, f"{label}:{number}", f"{path.stem}-{record.get('id', number)}", encoding)
            except (ValueError, KeyError, TypeError, AttributeError):
                yield InputError(f"{label}:{number}", 'not a JSON object with a "text" field')
    else:
        yield _Text(label, path.stem, text, encoding)


def _paragraphs(item: _Text, markdown: bool) -> tuple[tuple[Paragraph, ...], int | None]:
    """The document's paragraphs and the index of the one that is its title. A title the metadata gives
    is the first paragraph (once, when the text starts with it too); a Markdown ``# heading`` or a
    title-like first line (after any date lines) of a text is its title where a body follows it."""
    blocks = split_paragraphs(item.text)
    title: int | None = None
    if item.title:
        if not blocks or " ".join(blocks[0].split()).casefold() != item.title.casefold():
            blocks.insert(0, item.title)
        title = 1
    else:
        first = next((i for i, block in enumerate(blocks) if not is_date_line(block)), None)
        if first is not None and first + 1 < len(blocks):
            heading = re.match(r"#\s+(.+)$", blocks[first]) if markdown else None
            if heading:
                blocks[first] = heading[1].strip()
                title = first + 1
            elif title_like(blocks[first]):
                title = first + 1
    return tuple(Paragraph(i, t) for i, t in enumerate(blocks, start=1)), title


def _slug(stem: str) -> str:
    stem = unicodedata.normalize("NFC", stem)
    slug = re.sub(r"\W+", "-", stem).strip("-_")[:80]
    return slug or "document"


class DocumentIds:
    """Safe, unique, deterministic document ids from file names (``a b.txt`` -> ``a-b``, then ``a-b-2``)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def __call__(self, name: str) -> str:
        base = _slug(name)
        candidate, n = base, 1
        while candidate.lower() in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate.lower())
        return candidate


def read_documents(paths: Iterable[Input], fetcher: Fetcher | None = None) -> Iterator[Document | InputError]:
    """Every document of every input, unsegmented (paragraph text only), or the error that stopped it.
    URLs are fetched with ``fetcher`` (None: a ``Fetcher()`` with its defaults, made when first needed)."""
    ids = DocumentIds()
    web = _Web(fetcher)
    for path in paths:
        try:
            url = _as_url(path)
            for item in _url(url, web) if url is not None else _texts(Path(path), web):
                if isinstance(item, InputError):
                    yield item
                    continue
                paragraphs, title = _paragraphs(item, markdown=Path(item.label).suffix.lower() in (".md", ".markdown"))
                if not paragraphs:
                    yield InputError(item.label, "empty document (no text)")
                    continue
                if not any(ch.isalpha() for p in paragraphs for ch in p.text):
                    yield InputError(item.label, "no words to translate (only numbers and symbols)")
                    continue
                meta = dataclasses.replace(item.meta, title=title)
                yield Document(id=ids(item.name), path=item.label, paragraphs=paragraphs, encoding=item.encoding, meta=meta)
        except InputError as error:
            yield error


# ------------------------------------------------------------------------------------- the web


class _Web:
    """What the URLs of one read share: the fetcher, made when first needed, and the URLs already read
    (a URL that two feeds or lists name is read once)."""

    def __init__(self, fetcher: Fetcher | None) -> None:
        self._fetcher = fetcher
        self.seen: set[str] = set()

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher()
        return self._fetcher

    def first(self, url: str) -> bool:
        """Whether ``url`` is met for the first time in this read."""
        new = url not in self.seen
        self.seen.add(url)
        return new


def _guarded(texts: Iterator[_Text]) -> Iterator[_Text | InputError]:
    """The documents of one URL, or the error that stopped them, so that the rest of a list goes on."""
    try:
        yield from texts
    except InputError as error:
        yield error


def _url_name(url: str) -> str:
    """What a URL's document id is made from: its host and path, without a page suffix."""
    parts = urlsplit(url)
    path = re.sub(r"\.(html?|php|aspx?)$", "", parts.path.rstrip("/"), flags=re.IGNORECASE)
    return f"{parts.hostname or ''}{path}"


def _page(page: Page) -> _Text:
    """A fetched web page through the HTML reader, under the URL it was asked for."""
    if not page.is_html:
        raise InputError(page.url, f"cannot be fetched (not HTML: {page.content_type or 'no content type'})", status=InputStatus.FAILED)
    text, encoding = None, ""
    if page.charset:
        try:
            text, encoding = page.body.decode(page.charset), page.charset.lower()
        except (LookupError, UnicodeDecodeError):
            pass
    if text is None:
        text, encoding = decode(page.body, page.url)
    found = _html(text, page.url, _url_name(page.url), encoding)
    return dataclasses.replace(found, meta=dataclasses.replace(found.meta, url=page.url))


def _url(url: str, web: _Web) -> Iterator[_Text | InputError]:
    """A URL given as an input: a feed (read as a feed file is) or a page."""
    if not web.first(url):
        return
    page = web.fetcher.page(url)
    if page.is_html:
        yield _page(page)
        return
    feed = _parse_feed(page.body, page.content_type, page.charset)
    if feed is None:
        raise InputError(
            url, f"cannot be fetched (not HTML or a feed: {page.content_type or 'no content type'})", status=InputStatus.FAILED
        )
    yield from _entries(feed, url, web)


def _linked(url: str, web: _Web, title: str | None = None, meta: Metadata = Metadata()) -> Iterator[_Text]:
    """The page at ``url`` (fetched once, then from the fetch cache), with what a feed says of it first."""
    if not web.first(url):
        return
    yield _overlay(_page(web.fetcher.page(url)), title, meta)


def _overlay(found: _Text, title: str | None, meta: Metadata) -> _Text:
    """``found`` with the title and metadata a feed gives in place of the page's own."""
    merged = {f.name: getattr(meta, f.name) or getattr(found.meta, f.name) for f in dataclasses.fields(Metadata)}
    merged["date_from"] = "metadata" if merged["date"] else None
    return dataclasses.replace(found, title=title or found.title, meta=Metadata(**merged))


def _parse_feed(data: bytes, content_type: str | None = None, charset: str | None = None) -> Any:
    """An RSS or Atom feed parsed by feedparser (the standard parser of every RSS and Atom dialect), or
    None when the bytes are no feed. Only bytes are parsed: feedparser itself never reaches the network."""
    import feedparser

    headers = {"content-type": f"{content_type}; charset={charset}" if charset else content_type} if content_type else {}
    feed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    return feed if feed.get("version") else None


def _feed(data: bytes, label: str, web: _Web) -> Iterator[_Text | InputError]:
    """A feed file: each item read from the feed or from its link."""
    feed = _parse_feed(data)
    if feed is None:
        raise InputError(label, "not an RSS or Atom feed")
    yield from _entries(feed, label, web)


def _entries(feed: Any, label: str, web: _Web) -> Iterator[_Text | InputError]:
    """Every item of a feed: from its own content where that is the whole article, else from its link;
    the item's title, author and date are the document's metadata. Its outlet is the one the item names
    as its source (an aggregator's feed: ``<source url="...">Reuters</source>``), else the feed's title
    where the item is the feed's own (no link, or a link to the feed's site); an item linking elsewhere
    without naming its source is named by its page."""
    feed_outlet = _field(feed.feed.get("title"))
    feed_link = _field(feed.feed.get("link"))  # an Atom feed without one gets its id here ("urn:...")
    feed_site = outlet_key(None, feed_link) if feed_link and is_url(feed_link) else None
    for number, entry in enumerate(feed.entries, start=1):
        link = _field(entry.get("link"))
        when = entry.get("published") or entry.get("updated")
        date = iso_date(when) or _struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        author = _field((entry.get("author_detail") or {}).get("name") or entry.get("author"))
        own = link is None or feed_site is None or outlet_key(None, link) == feed_site
        outlet = _field((entry.get("source") or {}).get("title")) or (feed_outlet if own else None)
        meta = Metadata(outlet=outlet, author=author, date=date, date_from="metadata" if date else None, url=link)
        title = _field(entry.get("title"))
        name = _url_name(link) if link else f"{Path(label).stem}-{number}"
        found = _carried(entry, link or f"{label}:{number}", name, feed.get("encoding") or "utf-8")
        if found is not None:
            if link is None or web.first(link):
                yield _overlay(found, title, meta)
        elif link is None:
            yield InputError(f"{label}:{number}", "feed item with neither its text nor a link")
        else:
            yield from _guarded(_linked(link, web, title, meta))


def _carried(entry: Any, label: str, name: str, encoding: str) -> _Text | None:
    """The article a feed item carries in full, or None when only its link leads to it."""
    content = _full_text(entry)
    if content is None:
        return None
    try:
        return _html(f"<html><body><article>{content}</article></body></html>", label, name, encoding)
    except InputError:
        return None


def _full_text(entry: Any) -> str | None:
    """A feed item's content (``content:encoded``, Atom content) or summary when it is the whole article."""
    candidates = [c.get("value") for c in entry.get("content") or []] + [entry.get("summary")]
    for html in candidates:
        if isinstance(html, str) and len(" ".join(re.sub(r"<[^>]*>", " ", html).split())) >= FULL_TEXT:
            return html
    return None


def _struct_date(value: time.struct_time | None) -> str | None:
    return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}" if value else None
