"""The HTML pages' templates (``summarize/templates/*.j2``), rendered with Jinja2.

Pages carry text, titles and URLs from the web, so every value a template shows is escaped
(``autoescape``), a missing value is an error rather than an empty string (``StrictUndefined``), and a
link to another site is made only from an ``http(s)`` URL (``safe_url``): anything else is shown as text.
The same data gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

RTL = {"ar", "arz", "ary", "fa", "he", "ur", "ps", "ug", "yi", "sd", "ckb", "dv"}
WEB_SCHEMES = ("http", "https")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_STORY = re.compile(r"[A-Za-z0-9_-]+")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def paragraph_id(doc: str, paragraph: int) -> str:
    """The page's id of a document's paragraph: ``c-<doc>-p3``."""
    return f"c-{doc}-p{paragraph}"


def safe_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) address with a host, else None (shown as text, never as a
    link: no ``javascript:``, ``data:``, relative or malformed address reaches an ``href``)."""
    if not isinstance(url, str) or not url or _CONTROL.search(url):
        return None  # browsers drop spaces, tabs and controls that Python's parser may read otherwise
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in WEB_SCHEMES and parts.hostname else None


def direction(lang: str) -> str:
    """A paragraph's ``dir``: ``rtl`` for the right-to-left languages, else ``auto``."""
    return "rtl" if lang in RTL else "auto"


def cited_paragraphs(citations: Iterable[Any]) -> str:
    """The ids of the paragraphs a point cites, once each, space-separated (a point's ``data-cites``)."""
    return " ".join(dict.fromkeys(paragraph_id(c.doc, c.paragraph) for c in citations))


def cited_sentences(citations: Iterable[Any]) -> str:
    """``doc:p3.s4`` for each cited sentence, space-separated (a point's ``data-sents``)."""
    return " ".join(f"{c.doc}:{c.sentence}" for c in citations if c.sentence)


def day(value: object) -> str | None:
    """``value`` when it is a day (``2026-11-29``), usable in a relative link; else None."""
    return value if isinstance(value, str) and _DAY.fullmatch(value) else None


def earlier(continues: object) -> tuple[str, str] | None:
    """The day and story id of a ``DAY/story-N`` reference, or None when it is not one."""
    if not isinstance(continues, str) or continues.count("/") != 1:
        return None
    when, story = continues.split("/")
    return (when, story) if _DAY.fullmatch(when) and _STORY.fullmatch(story) else None


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 source``, ``3 sources``; ``1 story``, ``2 stories`` with ``words``."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source of an inline script: ``'sha256-…'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(str(script).encode("utf-8")).digest()).decode("ascii") + "'"


ENV = Environment(
    loader=PackageLoader("summarize", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
ENV.filters.update(
    safe_url=safe_url,
    paragraph_id=paragraph_id,
    direction=direction,
    cited_paragraphs=cited_paragraphs,
    cited_sentences=cited_sentences,
    day=day,
    earlier=earlier,
    plural=plural,
    csp_hash=csp_hash,
)


def render(name: str, **context: Any) -> str:
    """The page of template ``name`` (in ``summarize/templates``) with ``context``."""
    return ENV.get_template(name).render(**context)
