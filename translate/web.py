"""Fetching web pages and feeds: timeouts, retries with backoff, a delay between requests to one host,
robots.txt honoured, and a cache on disk so that a page already fetched is not fetched again.

HTTP goes through requests (the maintained, widely used client) with urllib3's ``Retry`` for
exponential backoff on connection errors, 429 and 5xx. Every URL that cannot be fetched raises one
``InputError(url, "cannot be fetched (REASON)", FAILED)``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import urllib.robotparser
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError, TimeoutError
from urllib3.util.retry import Retry

from . import __version__
from .errors import InputError, InputStatus
from .models import models_home

USER_AGENT = f"parabrief/{__version__}"
ROBOTS_AGENT = "parabrief"
MAX_BYTES = 20 * 1024 * 1024  # a larger response is refused, not read
MAX_SECONDS = 120.0  # a response still arriving after this is given up


def is_url(text: str) -> bool:
    """Whether an input names a URL (any scheme) rather than a file."""
    scheme, _, rest = text.partition("://")
    return bool(rest) and scheme.isascii() and scheme.isalpha() and len(scheme) > 1


def pages_home() -> Path:
    """The default fetch cache: $PARABRIEF_HOME/cache/pages, beside the translation cache."""
    return models_home().parent / "cache" / "pages"


@dataclass(frozen=True)
class Page:
    """One response as it was received (or as the fetch cache kept it)."""

    url: str  # the URL asked for
    final_url: str  # where redirects ended
    content_type: str  # the media type, lower case, without parameters ("text/html")
    charset: str | None  # the charset the server declared, if any
    body: bytes

    @property
    def is_html(self) -> bool:
        if self.content_type in ("text/html", "application/xhtml+xml"):
            return True
        return not self.content_type and self.body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))

    @property
    def is_feed(self) -> bool:
        return self.content_type in ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")


class _Retry(Retry):
    """urllib3's Retry with a server's Retry-After capped at the longest backoff."""

    def get_retry_after(self, response):
        after = super().get_retry_after(response)
        return None if after is None else min(after, self.backoff_max)


def _reason(error: Exception) -> str:
    """Why a request failed, in a few words."""
    cause: object = error.args[0] if isinstance(error, requests.RequestException) and error.args else error
    if isinstance(cause, MaxRetryError):
        cause = cause.reason
    if isinstance(cause, NameResolutionError):  # before NewConnectionError and timeouts: urllib3 derives it from both
        return "host not found"
    if isinstance(cause, NewConnectionError):
        return "connection refused" if isinstance(cause.__cause__, ConnectionRefusedError) or "refused" in str(cause) else "no connection"
    if isinstance(error, requests.Timeout) or isinstance(cause, TimeoutError):
        return "timed out"
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS error"
    if isinstance(error, requests.exceptions.TooManyRedirects):
        return "too many redirects"
    return "connection failed"


def _media_type(header: str) -> tuple[str, str | None]:
    """``text/html; charset=UTF-8`` -> ("text/html", "UTF-8")."""
    kind, *params = header.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            charset = value.strip(" \"'")
    return kind.strip().lower(), charset


class Fetcher:
    """Fetches http(s) URLs politely and keeps the pages it fetched in ``cache`` (files named by the
    sha256 of the URL, written atomically); None: $PARABRIEF_HOME/cache/pages."""

    def __init__(
        self,
        cache: Path | None = None,
        *,
        timeout: tuple[float, float] = (10.0, 20.0),  # connect, read (seconds)
        retries: int = 3,
        backoff: float = 1.0,  # seconds; doubles on each further retry
        delay: float = 1.0,  # seconds between the end of one request to a host and the next
        use_cache: bool = True,
    ) -> None:
        self.cache = cache or pages_home()
        self.timeout = timeout
        self.delay = delay
        self.use_cache = use_cache
        self.requests = 0  # requests sent, robots.txt included
        self._last: dict[str, float] = {}  # host -> when its last request ended
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}  # host -> rules, or why it is unreachable
        retry = _Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            backoff_factor=backoff,
            backoff_max=30.0,
            raise_on_status=False,
        )
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def page(self, url: str) -> Page:
        """The page at ``url``: from the fetch cache when it was fetched before, else fetched and kept."""
        found = self.cached(url)
        if found is None:
            found = self.fetch(url)
            if found.is_html:
                self.keep(found)
        return found

    def fetch(self, url: str) -> Page:
        """``url`` from the network (robots.txt permitting), whatever its content type; raises InputError."""
        url = urldefrag(url).url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(url, "not an http or https URL")
        rules = self._rules(f"{parts.scheme}://{parts.netloc}")
        if isinstance(rules, str):
            raise _failed(url, rules)
        if not rules.can_fetch(ROBOTS_AGENT, url):
            raise _failed(url, "disallowed by robots.txt")
        response = self._get(url)
        try:
            if response.status_code != 200:
                raise _failed(url, f"HTTP {response.status_code}")
            kind, charset = _media_type(response.headers.get("Content-Type", ""))
            body = self._body(url, response)
        finally:
            response.close()
        return Page(url, response.url, kind, charset, body)

    def cached(self, url: str) -> Page | None:
        """The kept page of ``url``, or None."""
        if not self.use_cache:
            return None
        try:
            header, _, body = self._file(url).read_bytes().partition(b"\n")
            fields = json.loads(header)
            return Page(fields["url"], fields["final_url"], fields["content_type"], fields["charset"], body)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # not kept, or a damaged file that the next fetch replaces

    def keep(self, page: Page) -> None:
        """Write ``page`` to the fetch cache: a temporary file in the same folder, synced, then renamed."""
        if not self.use_cache:
            return
        target = self._file(page.url)
        target.parent.mkdir(parents=True, exist_ok=True)
        header = json.dumps({"url": page.url, "final_url": page.final_url, "content_type": page.content_type, "charset": page.charset})
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, prefix=".partial-", delete=False) as out:
            try:
                out.write(header.encode("utf-8") + b"\n" + page.body)
                out.flush()
                os.fsync(out.fileno())
            except BaseException:
                out.close()
                os.unlink(out.name)
                raise
        os.replace(out.name, target)

    def _file(self, url: str) -> Path:
        return self.cache / f"{hashlib.sha256(urldefrag(url).url.encode('utf-8')).hexdigest()}.page"

    def _get(self, url: str) -> requests.Response:
        """One GET (with its retries), after the host's delay."""
        host = urlsplit(url).netloc.lower()
        wait = self._last.get(host, float("-inf")) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.requests += 1
        try:
            return self.session.get(url, timeout=self.timeout, stream=True)
        except requests.RequestException as error:
            raise _failed(url, _reason(error)) from None
        finally:
            self._last[host] = time.monotonic()

    def _body(self, url: str, response: requests.Response) -> bytes:
        chunks, size, start = [], 0, time.monotonic()
        try:
            for chunk in response.iter_content(64 * 1024):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BYTES:
                    raise _failed(url, f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
                if time.monotonic() - start > MAX_SECONDS:
                    raise _failed(url, "timed out")
        except requests.RequestException as error:
            raise _failed(url, _reason(error)) from None
        return b"".join(chunks)

    def _rules(self, origin: str) -> urllib.robotparser.RobotFileParser | str:
        """The robots.txt rules of ``origin``, fetched once: a robots.txt that cannot be had allows
        everything; a host that cannot be reached at all gives the reason, for every URL on it."""
        if origin not in self._robots:
            rules = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
            try:
                response = self._get(f"{origin}/robots.txt")
            except InputError as error:
                self._robots[origin] = error.reason.removeprefix("cannot be fetched (").removesuffix(")")
                return self._robots[origin]
            try:
                text = self._body(origin, response).decode("utf-8", errors="replace") if response.status_code == 200 else ""
            except InputError:
                text = ""
            finally:
                response.close()
            rules.parse(text.splitlines())
            self._robots[origin] = rules
        return self._robots[origin]


def _failed(url: str, reason: str) -> InputError:
    return InputError(url, f"cannot be fetched ({reason})", status=InputStatus.FAILED)
