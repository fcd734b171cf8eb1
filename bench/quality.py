"""The quality benchmark: parabrief's briefs measured the way the field measures summaries, on public news
data with human reference summaries, beside the usual baselines, all on parabrief's own sentence splitter.

    python bench/quality.py                  # dev and test, the whole sets (about 2 minutes on 2 cores)
    python bench/quality.py --sample 3       # the first 3 items of each set and split: a smoke run
    python bench/quality.py --split test --json
    python bench/quality.py --split dev --show-junk   # every junk line shown on dev, and why
    python bench/quality.py --data DIR       # the data elsewhere (default: bench/data, else ../shared/quality-data)

The data is not in the repository: bench/data/prepare.py rebuilds it from public repositories
(bench/data/README.md).

What it measures, on each split (dev for tuning, test for reporting; bench/data/README.md):

* single-document, CNN/DailyMail (FRANK's 250 test articles): ROUGE-1/2/L F1 against the highlights of
  parabrief's brief (its headline and first 3 points), lead-3 (the first three sentences, bylines, dates
  and timestamps skipped), and sumy's LexRank and TextRank (3 sentences each);
* multi-document, MultiLing 2011 (10 WikiNews articles a topic, 2 human summaries) and DUC 2004 task 2
  (10 AP and NYT articles a cluster, 4 human summaries; when bench/data has it): a topic's articles
  briefed as one story, cut to 250 words (DUC: 100), against the first sentence of each article, LexRank
  and TextRank over all the topic's sentences, each cut to the same length;
* junk: the share of what parabrief shows (headlines and points) that is a date line, boilerplate (bylines,
  timestamps, reprint notices, share and sign-up lines, bare addresses, template strings), a fragment, or
  broken (unbalanced quotation marks, stray leading punctuation) - checked here, independently of
  parabrief's own filters;
* titles: on real news pages read as HTML, the share whose document headline is the page's own title;
* grouping, ECB+ (news articles labelled with the event they report): a split's articles briefed as one
  day; parabrief's stories against the events: pairwise precision, recall and F1, stories against events,
  and false pairs told apart (two look-alike events of one kind, or unrelated events); the same on the
  news weeks and on the stress day (``load_stress_day``: the news weeks' events beside many different
  undated stories on a few topics, from CNN/DailyMail and BBC News); with test, ECB+'s blind day (every
  article of 12 topics that neither dev nor test holds whole: never read while tuning) where the data has it;
* agreement, MSRP (pairs of news sentences labelled as saying the same thing or not; when bench/data has
  it): parabrief's two sentence matchers (``_matchers``: the paraphrase model, and a story's facts, which
  also take a sentence that adds a clause), precision, recall and F1, beside a word-overlap baseline whose
  threshold is chosen on dev, and that baseline's best recall at each matcher's precision.

ROUGE is Google's rouge-score with the Porter stemmer; ROUGE-L is its summary-level form (rougeLsum, one
sentence a line). Scores are mean F1 x 100; with two references, a summary's score is the mean of the two.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import hashlib
import io
import itertools
import json
import logging
import lzma
import math
import os
import re
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
DATA = ROOT / "bench" / "data"  # where prepare.py writes the data (not committed: .gitignore)
SHARED_DATA = ROOT.parent / "shared" / "quality-data"  # where the steering side may place it
ECB_DAY = "ecbplus_day.jsonl.xz"
FILES = ("cnndm.jsonl.xz", "multiling2011.jsonl.xz", "news_pages.tar.xz", ECB_DAY)
DUC = "duc2004.jsonl.xz"  # measured when it is there (bench/data/prepare.py --duc)
WEEKS = "news_weeks.jsonl.xz"  # measured when it is there (bench/data/prepare.py --giveme)
MSRP = "msrp.jsonl.xz"  # measured when it is there (bench/data/prepare.py --msrp)
BBC = "bbc_news.jsonl.xz"  # with WEEKS, makes the stress day (``load_stress_day``; bench/data/prepare.py --bbc)
STRESS_BBC = ("sport", "politics", "business")  # BBC sections of the stress day: many stories on one topic ...
STRESS_PER_SECTION = 50  # ... this many of each section a split
DAY = dt.date(2026, 12, 1)
SPLITS = ("dev", "test")
BLIND = "blind"  # ECB+ topics measured with test and never read while tuning (bench/data/README.md)
WORDS_MULTI = 250  # the multi-document summary length of MultiLing 2011 ...
WORDS_DUC = 100  # ... and of DUC 2004 (its human summaries' length)
POINTS_SINGLE = 3  # a brief's headline and this many points are its summary


# ---------------------------------------------------------------------------------------------------------
# The data


@dataclass(frozen=True)
class Article:
    id: str
    paragraphs: tuple[str, ...]
    reference: str
    url: str | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    documents: tuple[tuple[str, str, tuple[str, ...]], ...]  # (id, title, paragraphs)
    references: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    id: str
    html: bytes
    title: str | None
    url: str | None


def _jsonl_xz(path: Path) -> Iterator[dict]:
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


@dataclass(frozen=True)
class NewsItem:
    """One article of the labelled news day: the event it reports (``role``: "event" when the day holds
    other articles of it, "single" when it is the day's only one)."""

    id: str
    event: str
    role: str
    lang: str
    title: str | None
    text: str
    source: str | None
    url: str | None
    date: str | None
    topic: str  # events of one kind (two earthquakes, two rehab stays) share a topic; else the event itself


def find_data(given: Path | None) -> Path | None:
    """The folder holding every file of FILES: ``given``, else bench/data, else ../shared/quality-data."""
    for folder in [given] if given else [DATA, SHARED_DATA]:
        if all((folder / name).is_file() for name in FILES):
            return folder
    return None


def load_articles(data: Path, split: str) -> list[Article]:
    return [
        Article(r["id"], tuple(r["paragraphs"]), r["reference"], r.get("url"))
        for r in _jsonl_xz(data / "cnndm.jsonl.xz")
        if r["split"] == split
    ]


def load_topics(data: Path, split: str, file: str = "multiling2011.jsonl.xz") -> list[Topic]:
    return [
        Topic(r["id"], tuple((d["id"], d["title"], tuple(d["paragraphs"])) for d in r["documents"]), tuple(r["references"]))
        for r in _jsonl_xz(data / file)
        if r["split"] == split
    ]


def load_day(data: Path, split: str, file: str = ECB_DAY) -> list[NewsItem]:
    return [
        NewsItem(
            r["id"],
            r["event"],
            r.get("role", "event"),
            r.get("lang") or "en",
            r.get("title"),
            r["text"],
            r.get("source"),
            r.get("url"),
            r.get("date"),
            str(r.get("topic") or r["event"]),
        )
        for r in _jsonl_xz(data / file)
        if r["split"] == split
    ]


def _section(url: str | None) -> str:
    """A CNN/DailyMail article's section, from its address ("sport/football", "news", "us")."""
    url = url or ""
    found = re.search(r"dailymail\.co\.uk/([a-z]+)/(?:([a-z]+)/)?", url) or re.search(r"cnn\.com/(?:\d+/\d+/\d+/)?([a-z]+)", url)
    return "/".join(part for part in found.groups() if part) if found else "other"


def load_stress_day(data: Path, split: str) -> list[NewsItem]:
    """A day as a real inbox brings it: many different stories on a few topics beside events that several
    outlets report. The news weeks' events (dated, several outlets each), every CNN/DailyMail article of
    the split, and STRESS_PER_SECTION BBC articles of each of STRESS_BBC (a split: the parity of the id's
    SHA-1), none of them dated, each with its outlet (CNN, Daily Mail, BBC News). Each CNN/DailyMail and
    BBC article is an event of its own (BBC articles the set repeats word for word are one), with its
    section as its topic: false pairs within a section are two stories on one topic (two football
    stories, two Westminster stories)."""
    items = [dataclasses.replace(item, topic=f"news weeks {item.event}") for item in load_day(data, split, WEEKS)]
    for r in _jsonl_xz(data / "cnndm.jsonl.xz"):
        if r["split"] == split:
            text = "\n".join(r["paragraphs"])
            outlet = "Daily Mail" if "dailymail.co.uk" in (r["url"] or "") else "CNN"
            items.append(
                NewsItem(
                    f"cnndm-{r['id'][:12]}", f"cnndm-{r['id']}", "single", "en", None, text, outlet, r["url"], None, _section(r["url"])
                )
            )
    taken: Counter[str] = Counter()
    first_of: dict[str, str] = {}  # an article's text -> the first article with it
    for r in sorted(_jsonl_xz(data / BBC), key=lambda r: r["id"]):
        own = int(hashlib.sha1(r["id"].encode()).hexdigest(), 16) % 2 == (0 if split == "dev" else 1)
        if not own or r["section"] not in STRESS_BBC or taken[r["section"]] >= STRESS_PER_SECTION:
            continue
        taken[r["section"]] += 1
        text = "\n".join(r["paragraphs"])
        event = first_of.setdefault(" ".join(text.casefold().split()), r["id"])
        items.append(NewsItem(r["id"], event, "single", "en", r["title"], text, "BBC News", None, None, f"bbc {r['section']}"))
    return items


def load_pages(data: Path, split: str) -> list[Page]:
    with tarfile.open(data / "news_pages.tar.xz", "r:xz") as tar:
        members = {m.name: m for m in tar.getmembers()}
        listing = tar.extractfile(members["pages.jsonl"])
        assert listing is not None
        pages = []
        for line in io.TextIOWrapper(listing, encoding="utf-8"):
            record = json.loads(line)
            if record["split"] != split:
                continue
            html = tar.extractfile(members[f"{record['id']}.html"])
            assert html is not None
            pages.append(Page(record["id"], html.read(), record.get("title"), record.get("url")))
    return pages


# ---------------------------------------------------------------------------------------------------------
# Sentences, words, cuts: every system and every reference goes through parabrief's splitter


def sentences(text: str) -> list[str]:
    from translate.segment import split_paragraphs, split_sentences

    return [s for p in split_paragraphs(text) for s in split_sentences(p, "en")]


def article_sentences(paragraphs: Iterable[str]) -> list[str]:
    """An article's sentences as parabrief reads them (a paragraph broken mid-sentence is one)."""
    return sentences("\n\n".join(paragraphs))


def cut_words(lines: Sequence[str], limit: int) -> list[str]:
    """The first ``limit`` words of ``lines``, kept as lines (the last one cut short where it must be)."""
    kept, left = [], limit
    for line in lines:
        words = line.split()
        if left <= 0:
            break
        if words:
            kept.append(" ".join(words[:left]))
            left -= len(words[:left])
    return kept


_WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# ---------------------------------------------------------------------------------------------------------
# The junk checker: what a reader should never see as a headline or a point. Written here, apart from
# parabrief's own filters, so that it measures them rather than repeats them.

_MONTHS = "january february march april may june july august september october november december".split()
_MONTH_ABBR = "jan feb mar apr jun jul aug sep sept oct nov dec".split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_DAY_ABBR = "mon tue tues wed thu thur thurs fri sat sun".split()
_ZONES = "est edt cst cdt mst mdt pst pdt gmt bst utc cet cest et pt ist aest aedt".split()
_CALENDAR = set(_MONTHS + _MONTH_ABBR + _DAYS + _DAY_ABBR)
_DATE_FILLER = set(
    _ZONES + "am pm a m p updated published posted last modified created on at of the in st nd rd th date time today yesterday and".split()
)
_NUMBER = re.compile(r"^\d{1,4}(?:[:./-]\d{1,4}){0,2}(?:st|nd|rd|th|am|pm|h)?$", re.I)
_AGO = re.compile(
    r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b", re.I
)

_BOILERPLATE = [
    re.compile(p, re.I)
    for p in (
        r"for your personal,? non-?commercial use",
        r"\ball rights reserved\b",
        r"\bmay not be (?:re)?(?:published|broadcast|rewritten|redistributed|reproduced)",
        r"\bcopyright\b|©",
        r"\bwithout (?:the )?(?:prior )?(?:written )?permission\b",
        r"\b(?:order|request) (?:a )?reprints?\b|\breprints? (?:and|&) permissions\b",
        r"^\W*share (?:this|the news|on|via|with)\b",
        r"\bsign up (?:for|to|now|here|today)\b|\bsubscribe (?:now|today|to|for|here)\b|\bnewsletters?\b",
        r"\bfollow (?:us|him|her|them) on\b|\bfollow @\w+",
        r"\bclick here\b|\bscroll down for\b|\bdownload (?:our|the) app\b",
        r"^\W*(?:read more|related|advertisement|see also|more from|most popular|recommended)\b",
        r"^\W*(?:end|ends)\W*$",
        r"^\W*(?:published|updated|last updated|posted|modified)\s*:",
        r"^\W*(?:photo|image|picture|video|credit|source)s?\s*(?::|credit\b)",
        r"\bcookies?\b.*\b(?:accept|policy|consent)\b",
        r"^\W*(?:tweet|email|print|facebook|twitter|whatsapp|linkedin|pinterest|reddit)(?:\W+(?:tweet|email|print|facebook|twitter|whatsapp|linkedin|pinterest|reddit))*\W*$",
    )
]
_BYLINE = re.compile(r"^\W*by\W+[A-Z]", re.I)
_BYLINE_TAIL = re.compile(
    r"\b(?:reporter|correspondent|staff writer|editor|for mailonline|for the daily mail|for dailymail\.com)\W*$", re.I
)
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+\b", re.I)
_TEMPLATE = re.compile(r"\{\{|\}\}|\$\{|<%|%>|\[\[|\]\]|\{%|%\}")
_STRAY_START = re.compile(r"^\s*[:;,.)\]}|/\\–—-]")
_FINAL = tuple(".!?\"'”’)]…:")

_VERBS = set(
    """is are am was were be been being has have had do does did done will would can could may might must shall should
    say says said get gets got make makes made go goes went gone take takes took taken see sees saw seen come comes came
    know knew known give gave given tell told find found think thought leave left keep kept let put set run ran hold held
    bring brought begin began become became lose lost pay paid meet met lead led win won sell sold send sent fall fell
    build built buy bought feel felt hear heard mean meant rise rose spend spent stand stood grow grew speak spoke write
    wrote hit cut shot quit read sit sat die dies died kill kills want need use try ask seem show help play move live
    believe happen include continue learn change follow stop create open offer appear expect stay reach remain suggest
    raise pass require report decide warn urge claim deny vow plan face ban add call work""".split()
)
_VERB_SUFFIX = re.compile(r"(?:ed|ing|es|s)$")
_FUNCTION_END = set("a an the of to and or but with for from by in on at as that which who whose his her their its our".split())


def date_reason(text: str) -> str | None:
    """Why a line is only a date or a time ("Saturday, January 8, 2005", "14:11 EST, 25 October 2013 .",
    "UPDATED: Tue., Nov. 19, 2019"), or a short "4 years ago" line; None when it is not."""
    tokens = [t.lower() for t in re.findall(r"[A-Za-z]+|\d[\d:./-]*\w*", text)]
    if not tokens:
        return None
    dated = any(t in _CALENDAR or _NUMBER.match(t) for t in tokens)
    if dated and all(t in _CALENDAR or t in _DATE_FILLER or _NUMBER.match(t) for t in tokens):
        return "only a date or a time"
    ago = _AGO.search(text)
    return f'a short "{ago[0]}" line' if ago and len(text.split()) <= 8 else None


def is_date_line(text: str) -> bool:
    return date_reason(text) is not None


def boilerplate_reason(text: str) -> str | None:
    """Why a line is a reprint notice, a share or sign-up line, a byline, a bare web or mail address or a
    template string; None when it is none of them."""
    for pattern in _BOILERPLATE:
        found = pattern.search(text)
        if found:
            return f'says "{found[0].strip()}"'
    template = _TEMPLATE.search(text)
    if template:
        return f'a template string ("{template[0]}")'
    n = len(text.split())
    if _BYLINE.match(text) and n <= 10 and not any(w.lower() in _VERBS for w in words(text)[1:]):
        return "a byline (By ...)"
    tail = _BYLINE_TAIL.search(text)
    if tail and n <= 10:
        return f"a byline (... {tail[0].strip()})"
    rest = _URL.sub(" ", text)
    if _URL.search(text) and len(words(rest)) <= 3:
        return "a bare web or mail address"
    return None


def is_boilerplate(text: str) -> bool:
    return boilerplate_reason(text) is not None


def has_verb(text: str) -> bool:
    return any(w.lower() in _VERBS or (len(w) > 3 and _VERB_SUFFIX.search(w.lower())) for w in words(text))


def fragment_reason(text: str, headline: bool = False) -> str | None:
    """Why a line is a fragment. A point: under 4 words, or no verb-like word and no final punctuation.
    A headline (which may be a verbless title): a single word ("HONOLULU"), or cut short (ending in "…" or
    in a word like "the"). None when it is not one."""
    found = words(text)
    if headline:
        end = text.rstrip()[-1:]
        if len(found) < 2:
            return "a headline of one word"
        if text.rstrip().endswith(("…", "...")):
            return "a headline cut short (…)"
        if end.isalnum() and found[-1].lower() in _FUNCTION_END:
            return f'a headline ending in "{found[-1]}"'
        return None
    if len(found) < 4:
        return f"{len(found)} word{'' if len(found) == 1 else 's'}"
    if not has_verb(text) and not text.rstrip().endswith(_FINAL):
        return "no verb-like word and no final punctuation"
    return None


def is_fragment(text: str, headline: bool = False) -> bool:
    return fragment_reason(text, headline) is not None


def quotes_reason(text: str) -> str | None:
    """Why a line's quotation marks are unbalanced: an odd number of straight double quotes, unequal curly
    double quotes, or a single quote opened and never closed; None when they are balanced."""
    if text.count('"') % 2:
        return 'an odd number of "'
    if text.count("“") != text.count("”"):
        return f"{text.count('“')} “ and {text.count('”')} ”"
    opened = len(re.findall(r"(?:^|(?<=[\s(\[—–-]))['‘](?!\d0s\b|em\b|til\b|cause\b|n\b)", text))
    closed = len(re.findall(r"(?<=\S)['’](?=$|[\s.,;:!?)\]—–-])", text))
    return "a single quote opened and never closed" if opened > closed else None


def quotes_unbalanced(text: str) -> bool:
    return quotes_reason(text) is not None


def junk_reasons(text: str, headline: bool = False) -> list[tuple[str, str]]:
    """What is wrong with one headline or point, as a reader would see it, and why: (kind, reason) pairs
    (empty: nothing)."""
    found = []
    for kind, reason in (
        ("date", date_reason(text)),
        ("boilerplate", boilerplate_reason(text)),
        ("fragment", fragment_reason(text, headline)),
    ):
        if reason:
            found.append((kind, reason))
            break  # a date line is not also boilerplate, nor boilerplate a fragment
    stray = _STRAY_START.match(text)
    broken = quotes_reason(text) or (f'starts with "{stray[0].strip()}"' if stray else None)
    if broken:
        found.append(("broken", broken))
    return found


def junk_kinds(text: str, headline: bool = False) -> list[str]:
    """What is wrong with one headline or point, as a reader would see it (empty: nothing)."""
    return [kind for kind, _ in junk_reasons(text, headline)]


def is_lead_skip(text: str) -> bool:
    """What lead baselines step over: date lines, timestamps, bylines and other boilerplate, and scraps
    of under 4 words (a byline split at its dots: "By .", "Associated Press .")."""
    return is_date_line(text) or is_boilerplate(text) or len(words(text)) < 4


@dataclass
class Junk:
    shown: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    flagged: int = 0
    examples: list[str] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)  # every flagged line: where, what and why (--show-junk)

    def add(self, text: str, headline: bool = False, where: str = "") -> None:
        self.shown += 1
        found = junk_reasons(text, headline)
        if found:
            self.flagged += 1
            for kind, _ in found:
                self.kinds[kind] = self.kinds.get(kind, 0) + 1
            if len(self.examples) < 12:
                self.examples.append(f"[{'+'.join(kind for kind, _ in found)}] {text[:120]}")
            why = "; ".join(f"{kind}: {reason}" for kind, reason in found)
            self.lines.append({"where": where, "headline": headline, "text": text, "why": why})

    def merge(self, other: Junk) -> None:
        self.shown += other.shown
        self.flagged += other.flagged
        for kind, n in other.kinds.items():
            self.kinds[kind] = self.kinds.get(kind, 0) + n
        self.examples.extend(other.examples[: max(0, 12 - len(self.examples))])
        self.lines.extend(other.lines)

    @property
    def share(self) -> float | None:
        return 100.0 * self.flagged / self.shown if self.shown else None

    def as_dict(self) -> dict:
        return {
            "shown": self.shown,
            "junk": self.flagged,
            "share": _round(self.share),
            "kinds": dict(sorted(self.kinds.items())),
            "examples": self.examples,
        }


# ---------------------------------------------------------------------------------------------------------
# The baselines


def lead(lines: Sequence[str], n: int) -> list[str]:
    return [s for s in lines if not is_lead_skip(s)][:n]


class _Words:
    """A word tokenizer for sumy (its own needs NLTK data files); sentences come from parabrief's splitter."""

    @staticmethod
    def to_words(text: str) -> list[str]:
        return words(text)

    @staticmethod
    def to_sentences(text: str) -> list[str]:
        return sentences(text)


def _sumy(kind: str) -> Callable[[Sequence[str], Callable], list[str]]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = (LexRankSummarizer if kind == "lexrank" else TextRankSummarizer)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = _Words()

    def run(lines: Sequence[str], pick: Callable) -> list[str]:
        if not lines:
            return []
        document = ObjectDocumentModel([Paragraph([Sentence(line, tokenizer) for line in lines])])
        return [str(s) for s in summarizer(document, pick)]

    return run


def top(n: int) -> Callable:
    return lambda infos: list(infos)[:n]


def by_rank_to(limit: int, chosen: list[str]) -> Callable:
    """A sumy sentence count that takes the best-rated sentences until ``limit`` words, and records them in
    rank order (sumy hands them back in document order)."""

    def pick(infos: Iterable) -> list:
        taken, total = [], 0
        for info in infos:
            if total >= limit:
                break
            taken.append(info)
            chosen.append(str(info.sentence))
            total += len(str(info.sentence).split())
        return taken

    return pick


# ---------------------------------------------------------------------------------------------------------
# parabrief, called as a user calls it


@dataclass
class Run:
    briefs: list
    stories: list
    seconds: float
    documents: list


def brief_folder(folder: Path, keep: Path | None, label: str) -> Run:
    from summarize import BriefOptions, brief_files
    from translate import RunOptions

    out = (keep / label) if keep else folder.parent / "out"
    started = time.perf_counter()
    result = brief_files([folder], out, BriefOptions(date=DAY, summarizer="extractive"), RunOptions(use_cache=False))
    seconds = time.perf_counter() - started
    return Run(list(result.briefing.briefs), list(result.briefing.stories), seconds, list(result.briefing.documents))


def matcher(ids: Iterable[str]) -> Callable[..., str | None]:
    """The item a document id (and its source) is of: parabrief names a document after its file, and a
    jsonl record after its file and its id."""
    known = sorted(set(ids), key=len, reverse=True)

    def find(doc: str, source: str = "") -> str | None:
        for item in known:
            if doc == item or doc.startswith(item + "-") or doc.endswith("-" + item):
                return item
        return next((item for item in known if item in source), None)

    return find


def by_item(briefs: Iterable, find: Callable[..., str | None]) -> dict[str, Any]:
    return {item: b for b in briefs if (item := find(str(b.doc), str(getattr(b, "source", "")))) is not None}


def shown(brief: Any) -> list[tuple[str, bool]]:
    """What parabrief shows of one brief or story: its headline, a story's lede, then its points."""
    lines = [(brief.headline.text, True)] if getattr(brief, "headline", None) else []
    lede = getattr(brief, "lede", None)
    return lines + ([(lede.text, False)] if lede else []) + [(p.text, False) for p in getattr(brief, "points", ())]


# ---------------------------------------------------------------------------------------------------------
# ROUGE


class Rouge:
    def __init__(self) -> None:
        from rouge_score import rouge_scorer

        self.scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)

    def score(self, references: Sequence[Sequence[str]], summary: Sequence[str]) -> dict[str, float]:
        """F1 x 100 of one summary (its sentences), the mean over its references (each a list of sentences)."""
        prediction = "\n".join(summary)
        scores = [self.scorer.score("\n".join(ref), prediction) for ref in references]
        return {
            "rouge1": 100 * mean(s["rouge1"].fmeasure for s in scores),
            "rouge2": 100 * mean(s["rouge2"].fmeasure for s in scores),
            "rougeL": 100 * mean(s["rougeLsum"].fmeasure for s in scores),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summarize_scores(rows: list[dict[str, float]]) -> dict[str, float | None]:
    return {k: _round(mean(r[k] for r in rows)) if rows else None for k in ("rouge1", "rouge2", "rougeL")}


def mean_words(summaries: Sequence[Sequence[str]]) -> float | None:
    return _round(mean(sum(len(line.split()) for line in summary) for summary in summaries)) if summaries else None


def baseline_junk(summaries: Iterable[Sequence[str]]) -> Junk:
    junk = Junk()
    for summary in summaries:
        for line in summary:
            junk.add(line)
    return junk


# ---------------------------------------------------------------------------------------------------------
# The three measurements


def single_document(articles: list[Article], rouge: Rouge, work: Path, keep: Path | None, split: str) -> dict:
    folder = work / f"single-{split}" / "in"
    folder.mkdir(parents=True)
    for article in articles:
        (folder / f"{article.id}.txt").write_text("\n\n".join(article.paragraphs) + "\n", encoding="utf-8")
    run = brief_folder(folder, keep, f"single-{split}")
    briefs = by_item(run.briefs, matcher(a.id for a in articles))
    lexrank, textrank = _sumy("lexrank"), _sumy("textrank")
    systems: dict[str, list[list[str]]] = {"parabrief": [], "lead-3": [], "LexRank": [], "TextRank": []}
    scores: dict[str, list[dict[str, float]]] = {name: [] for name in systems}
    junk = Junk()
    for article in articles:
        lines = article_sentences(article.paragraphs)
        brief = briefs.get(article.id)
        ours = [text for text, _ in shown(brief)][: 1 + POINTS_SINGLE] if brief else []
        for text, is_headline in shown(brief) if brief else ():
            junk.add(text, is_headline, f"cnndm {article.id}")
        outputs = {"parabrief": ours, "lead-3": lead(lines, 3), "LexRank": lexrank(lines, top(3)), "TextRank": textrank(lines, top(3))}
        reference = [sentences(article.reference)]
        for name, summary in outputs.items():
            systems[name].append(summary)
            scores[name].append(rouge.score(reference, summary))
    table = {name: {**summarize_scores(scores[name]), "words": mean_words(systems[name])} for name in systems}
    table["parabrief"]["junk"] = junk.share
    for name in ("lead-3", "LexRank", "TextRank"):
        table[name]["junk"] = baseline_junk(systems[name]).share
    return {
        "set": "CNN/DailyMail (FRANK)",
        "n": len(articles),
        "briefed": sum(1 for a in articles if a.id in briefs),
        "systems": {k: {m: _round(v) for m, v in row.items()} for k, row in table.items()},
        "junk": junk,
        "seconds": run.seconds,
    }


def multi_document(
    topics: list[Topic],
    rouge: Rouge,
    work: Path,
    keep: Path | None,
    split: str,
    label: str = "MultiLing 2011 (English)",
    limit: int = WORDS_MULTI,
) -> dict:
    from summarize.stories import story_of

    lexrank, textrank = _sumy("lexrank"), _sumy("textrank")
    names = ("parabrief story", "first sentences", "LexRank", "TextRank")
    scores: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    outputs_all: dict[str, list[list[str]]] = {name: [] for name in names}
    junk, seconds, covered = Junk(), 0.0, []
    for topic in topics:
        folder = work / f"multi-{split}-{topic.id}" / "in"
        folder.mkdir(parents=True)
        for doc_id, title, paragraphs in topic.documents:
            record = {"id": doc_id, "title": title, "text": "\n\n".join(paragraphs)}
            (folder / f"{doc_id}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        run = brief_folder(folder, keep, f"multi-{split}-{topic.id}")
        started = time.perf_counter()
        story = story_of(run.documents, run.briefs) if run.briefs else None  # the topic's articles as one story
        seconds += run.seconds + time.perf_counter() - started
        ours = cut_words([text for text, _ in shown(story)], limit) if story else []
        for text, is_headline in shown(story) if story else ():
            junk.add(text, is_headline, f"{label.split()[0].lower()} {topic.id} {story.id if story else ''}".rstrip())
        covered.append(len(story.documents) if story else 0)
        every = [s for _, title, paragraphs in topic.documents for s in [title, *article_sentences(paragraphs)]]
        firsts = [next(iter(lead(article_sentences(paragraphs), 1)), "") for _, _, paragraphs in topic.documents]
        ranked_lex: list[str] = []
        ranked_text: list[str] = []
        lexrank(every, by_rank_to(limit, ranked_lex))
        textrank(every, by_rank_to(limit, ranked_text))
        outputs = {
            "parabrief story": ours,
            "first sentences": cut_words([f for f in firsts if f], limit),
            "LexRank": cut_words(ranked_lex, limit),
            "TextRank": cut_words(ranked_text, limit),
        }
        references = [sentences(ref) for ref in topic.references]
        for name, summary in outputs.items():
            outputs_all[name].append(summary)
            scores[name].append(rouge.score(references, summary))
    table = {name: {**summarize_scores(scores[name]), "words": mean_words(outputs_all[name])} for name in names}
    table["parabrief story"]["junk"] = _round(junk.share)
    for name in names[1:]:
        table[name]["junk"] = _round(baseline_junk(outputs_all[name]).share)
    return {
        "set": label,
        "words": limit,
        "n": len(topics),
        "documents": sum(len(t.documents) for t in topics),
        "story_documents": covered,
        "systems": table,
        "junk": junk,
        "seconds": seconds,
    }


def normalized(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).casefold()


def same_title(headline: str, title: str) -> bool:
    a, b = normalized(headline).rstrip("…").strip(), normalized(title)
    return bool(a and b) and (a == b or a in b or b in a)


def titles(pages: list[Page], work: Path, keep: Path | None, split: str) -> dict:
    folder = work / f"pages-{split}" / "in"
    folder.mkdir(parents=True)
    for page in pages:
        (folder / f"{page.id}.html").write_bytes(page.html)
    run = brief_folder(folder, keep, f"pages-{split}")
    briefs = by_item(run.briefs, matcher(p.id for p in pages))
    junk, matched, misses = Junk(), 0, list[dict[str, str | None]]()
    known = [p for p in pages if p.title]
    for page in pages:
        brief = briefs.get(page.id)
        for text, is_headline in shown(brief) if brief else ():
            junk.add(text, is_headline, f"page {page.id}")
    for page in known:
        brief = briefs.get(page.id)
        headline = brief.headline.text if brief else ""
        if same_title(headline, page.title or ""):
            matched += 1
        elif len(misses) < 10:
            misses.append({"title": page.title, "headline": headline})
    return {
        "set": "news pages (article-extraction-benchmark)",
        "n": len(pages),
        "with_title": len(known),
        "briefed": sum(1 for p in pages if p.id in briefs),
        "title_share": _round(100.0 * matched / len(known)) if known else None,
        "misses": misses,
        "junk": junk,
        "seconds": run.seconds,
    }


def _pairs(labels: Iterable) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(labels).values())


def pairwise(events: dict[str, str], stories: dict[str, str], topics: dict[str, str] | None = None) -> dict:
    """Pairwise precision, recall and F1 of a grouping: over every pair of documents, "in one story"
    against "reports one event" (``events`` and ``stories``: document -> its label). With no pair put
    together, precision is 1 (nothing merged falsely); with no pair to find, recall is 1. With ``topics``
    (document -> its kind of event), the false pairs are told apart: two events of one kind (two
    earthquakes) or unrelated events; ``precision_unrelated`` counts only the latter as errors."""
    gold = _pairs(events.values())
    found = _pairs(stories[d] for d in events)
    right = _pairs((events[d], stories[d]) for d in events)
    precision = right / found if found else 1.0
    recall = right / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
    pairs = {"same_event": gold, "same_story": found, "both": right}
    if topics is not None:
        # false pairs within one topic: in one story and one topic, less those of one event
        sister = _pairs((topics[d], stories[d]) for d in events) - right
        pairs["false_same_kind"] = sister
        pairs["false_unrelated"] = found - right - sister
        result["precision_unrelated"] = round(right / (found - sister), 3) if found - sister else 1.0
    return {**result, "pairs": pairs}


def brief_day(items: list[NewsItem], work: Path, keep: Path | None, label: str) -> tuple[dict[str, str], dict[str, str], Run]:
    """``items`` briefed as one day's jsonl records: each item's story id, each story's headline, and the run."""
    folder = work / label / "in"
    folder.mkdir(parents=True)
    with (folder / "day.jsonl").open("w", encoding="utf-8") as out:
        for item in items:
            fields = {"id": item.id, "title": item.title, "text": item.text, "source": item.source, "url": item.url, "date": item.date}
            out.write(json.dumps({k: v for k, v in fields.items() if v}, ensure_ascii=False) + "\n")
    run = brief_folder(folder, keep, label)
    find = matcher(item.id for item in items)
    story_of = {found: story.id for story in run.stories for doc in story.documents if (found := find(str(doc))) is not None}
    for item in items:  # a document in no story stands alone
        story_of.setdefault(item.id, f"alone:{item.id}")
    headlines = {story.id: story.headline.text for story in run.stories if getattr(story, "headline", None)}
    return story_of, headlines, run


def grouping(items: list[NewsItem], work: Path, keep: Path | None, split: str, label: str = "ECB+ (cltl/ECB-parser)") -> dict:
    """parabrief's stories of one labelled news day against its events. English articles are briefed as
    the day; articles in other languages, which cannot be translated here, are counted apart, with a
    second run of the whole day where the set has them."""
    english = [item for item in items if item.lang == "en"]
    other = [item for item in items if item.lang != "en"]
    events = {item.id: item.event for item in english}
    topics = {item.id: item.topic for item in english}
    name = f"grouping-{label.split()[0].lower()}-{split}"
    story_of, headlines, run = brief_day(english, work, keep, name)
    sizes = Counter(events.values())
    mixed = []
    for story, members in sorted(_members(story_of, english).items(), key=lambda kv: -len(kv[1])):
        kinds = Counter(events[m] for m in members)
        if len(kinds) > 1 and len(mixed) < 10:
            mixed.append({"story": story, "headline": headlines.get(story), "events": dict(kinds.most_common())})
    split_up = []
    for event, n in sizes.most_common():
        parts = Counter(story_of[i] for i, e in events.items() if e == event)
        if len(parts) > 1 and len(split_up) < 10:
            split_up.append({"event": event, "articles": n, "stories": dict(parts.most_common())})
    stories = set(story_of[i] for i in events)
    singles = [item.id for item in english if sizes[item.event] == 1]
    alone = Counter(story_of[i] for i in events)
    result = {
        "set": label,
        "n": len(english),
        "events": len(sizes),
        "events_multi": sum(1 for n in sizes.values() if n > 1),
        "events_single": len(singles),
        "with_outlet": sum(1 for item in english if item.source),
        "stories": len(stories),
        "stories_multi": sum(1 for story in stories if alone[story] > 1),
        **pairwise(events, story_of, topics),
        "events_whole": sum(1 for event, n in sizes.items() if n > 1 and len({story_of[i] for i, e in events.items() if e == event}) == 1),
        "singles_alone": sum(1 for i in singles if alone[story_of[i]] == 1),
        "ranking": ranking(english, story_of, [story.id for story in run.stories]),
        "false_merges": mixed,
        "split_events": split_up,
        "other_languages": {"n": len(other), "languages": dict(Counter(item.lang for item in other).most_common())},
        "seconds": run.seconds,
    }
    if other:
        everything = english + other
        story_all, _, run_all = brief_day(everything, work, keep, f"{name}-all")
        result["other_languages"]["with_them_untranslated"] = {
            **pairwise({item.id: item.event for item in everything}, story_all, {item.id: item.topic for item in everything}),
            "stories": len(set(story_all.values())),
            "events": len({item.event for item in everything}),
        }
        result["seconds"] += run_all.seconds
    return result


RANKED = 10  # the top of a briefing whose order is measured


def ranking(items: list[NewsItem], story_of: dict[str, str], order: list[str]) -> dict:
    """How well the briefing's order puts first the events most outlets covered: nDCG@RANKED, each
    story's gain the number of distinct outlets the labels give its event (an article with no outlet is
    one of its own), credited to the first story of the event only; and the share of the top stories
    that hold one event alone."""
    outlets: dict[str, set[str]] = {}
    for item in items:
        outlets.setdefault(item.event, set()).add(item.source or item.id)
    members = _members(story_of, items)
    credited: set[str] = set()
    dcg, pure = 0.0, 0
    top = [story for story in order if story in members][:RANKED]
    for rank, story in enumerate(top, start=1):
        events = Counter(next(i.event for i in items if i.id == m) for m in members[story])
        event, _ = events.most_common(1)[0]
        pure += len(events) == 1
        if event not in credited:
            credited.add(event)
            dcg += len(outlets[event]) / math.log2(rank + 1)
    ideal = sorted((len(o) for o in outlets.values()), reverse=True)[:RANKED]
    idcg = sum(gain / math.log2(rank + 1) for rank, gain in enumerate(ideal, start=1))
    return {"ndcg": round(dcg / idcg, 3) if idcg else 1.0, "top": len(top), "top_one_event": pure, "copies": _copies(items)}


def _copies(items: list[NewsItem]) -> int:
    """Pairs of articles of one event, from two outlets, one a copy of the other's text as published
    (the same wire story): what ``summarize.ranking`` counts as one voice."""
    from summarize.ranking import COPY, shingles

    by_event: dict[str, list[tuple[NewsItem, set[int]]]] = {}
    for item in items:
        by_event.setdefault(item.event, []).append((item, shingles(item.text)))
    return sum(
        1
        for held in by_event.values()
        for (a, x), (b, y) in itertools.combinations(held, 2)
        if a.source != b.source and x and y and len(x & y) >= COPY * min(len(x), len(y))
    )


def _members(story_of: dict[str, str], items: list[NewsItem]) -> dict[str, list[str]]:
    members: dict[str, list[str]] = {}
    for item in items:
        members.setdefault(story_of[item.id], []).append(item.id)
    return members


# ---------------------------------------------------------------------------------------------------------
# Agreement: do two news sentences state the same fact? (MSRP, when the data folder has it)

BASELINE_PRECISION = 0.90  # the word-overlap baseline's threshold: the lowest whose dev precision reaches this


@dataclass(frozen=True)
class Pair:
    id: str
    label: int  # 1: annotators judged the two sentences to say the same thing
    a: str
    b: str


def load_pairs(data: Path, split: str, file: str = MSRP) -> list[Pair]:
    return [Pair(r["id"], int(r["label"]), r["a"], r["b"]) for r in _jsonl_xz(data / file) if r["split"] == split]


_OVERLAP_TOKEN = re.compile(r"[^\W_]+")  # runs of letters and digits: punctuation is no word


def word_overlap(a: str, b: str) -> float:
    """The baseline's score of a pair: the Jaccard coefficient |A ∩ B| / |A ∪ B| of the sets of the two
    sentences' lower-cased word tokens, punctuation left out (stop words count; "U.S." is "u" and "s")."""
    x, y = set(_OVERLAP_TOKEN.findall(a.casefold())), set(_OVERLAP_TOKEN.findall(b.casefold()))
    return len(x & y) / len(x | y) if x | y else 0.0


def _precision_recall(decided: Sequence[bool], labels: Sequence[int]) -> tuple[float, float]:
    """Precision (1 when no pair is said to agree) and recall (1 when no pair agrees) of decisions."""
    right = sum(1 for said, label in zip(decided, labels, strict=True) if said and label)
    said, agree = sum(1 for d in decided if d), sum(labels)
    return (right / said if said else 1.0, right / agree if agree else 1.0)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _sweep(scores: Sequence[float], labels: Sequence[int]) -> list[tuple[float, float, float]]:
    """(threshold, precision, recall) of "agrees when the score is at least the threshold", at each score."""
    agree, right, said, out = sum(labels), 0, 0, []
    ranked = sorted(zip(scores, labels, strict=True), reverse=True)
    for i, (score, label) in enumerate(ranked):
        right, said = right + label, said + 1
        if i + 1 == len(ranked) or ranked[i + 1][0] != score:
            out.append((score, right / said, right / agree if agree else 1.0))
    return out


def dev_threshold(scores: Sequence[float], labels: Sequence[int], precision: float = BASELINE_PRECISION) -> tuple[float, float]:
    """The lowest threshold whose precision on these (dev) pairs is at least ``precision``, and that
    precision; where none reaches it, the threshold of the highest precision (1.0 with no pairs)."""
    sweep = _sweep(scores, labels)
    reaching = [s for s in sweep if s[1] >= precision]
    chosen = min(reaching) if reaching else max(sweep, key=lambda s: (s[1], -s[0]), default=(1.0, 1.0, 0.0))
    return chosen[0], chosen[1]


def recall_at(scores: Sequence[float], labels: Sequence[int], precision: float) -> float:
    """The highest recall a threshold on ``scores`` reaches with a precision of ``precision`` or more
    (0.0 when none does: no pair said to agree)."""
    return max((r for _, p, r in _sweep(scores, labels) if p >= precision - 1e-9), default=0.0)


def _matchers() -> dict[str, tuple[str, Callable[[str, str], bool]]]:
    """parabrief's sentence matchers by name: what each answers, and the function."""
    from summarize import facts, paraphrase

    return {
        "summarize.paraphrase.same": ("the two say the same thing, in any words", paraphrase.same),
        "summarize.facts.agrees": (
            "the two state one fact: the above, or one holds what the other says and may add a clause "
            "(a story's facts, citations' agreement)",
            facts.agrees,
        ),
    }


def sentence_agreement(pairs: list[Pair], dev: list[Pair]) -> dict:
    """parabrief's matchers (``_matchers``) on MSRP sentence pairs against the labels, beside the
    word-overlap baseline with its threshold chosen on ``dev`` (``dev_threshold``): precision, recall and
    F1 of "the two say the same thing", and the baseline's best recall at each matcher's precision."""
    started = time.perf_counter()
    labels = [pair.label for pair in pairs]
    scores = [word_overlap(pair.a, pair.b) for pair in pairs]
    threshold, dev_precision = dev_threshold([word_overlap(p.a, p.b) for p in dev], [p.label for p in dev])
    base_precision, base_recall = _precision_recall([score >= threshold for score in scores], labels)
    matchers, wrong = [], []
    for name, (question, decide) in _matchers().items():
        decided = [decide(pair.a, pair.b) for pair in pairs]
        precision, recall = _precision_recall(decided, labels)
        matchers.append(
            {
                "matcher": name,
                "question": question,
                "agrees": sum(1 for d in decided if d),
                "precision": round(precision, 3),
                "recall": round(recall, 3),
                "f1": round(_f1(precision, recall), 3),
                "baseline_recall_at_its_precision": round(recall_at(scores, labels, precision), 3),
            }
        )
        if not wrong:
            wrong = [(pair, said) for pair, said in zip(pairs, decided, strict=True) if said != bool(pair.label)]
    return {
        "set": "MSRP (Microsoft Research Paraphrase Corpus)",
        "n": len(pairs),
        "positives": sum(labels),
        "parabrief": matchers,
        "baseline": {
            "score": "word overlap: Jaccard of lower-cased word sets",
            "threshold": round(threshold, 3),
            "dev_precision": round(dev_precision, 3),
            "precision": round(base_precision, 3),
            "recall": round(base_recall, 3),
            "f1": round(_f1(base_precision, base_recall), 3),
        },
        "false_agrees": [{"id": p.id, "a": p.a, "b": p.b} for p, said in wrong if said][:5],  # of the first matcher
        "missed": [{"id": p.id, "a": p.a, "b": p.b} for p, said in wrong if not said][:5],
        "seconds": round(time.perf_counter() - started, 2),
    }


def _agreement_rows(a: dict | None) -> list[str]:
    if a is None:
        return [f"agreement: MSRP not measured ({MSRP} is not in the data folder: bench/data/prepare.py --msrp)"]
    base = a["baseline"]
    rows = [f"agreement: {a['set']}, n={a['n']} sentence pairs ({a['positives']} labelled equivalent); {a['seconds']:.1f} s"]
    for m in a["parabrief"]:
        rows.append(
            f"  {m['matcher']} ({m['question']}): precision {m['precision']:.3f}, recall {m['recall']:.3f}, F1 {m['f1']:.3f} "
            f"({m['agrees']} pairs said to agree); word overlap's best recall at that precision: "
            f"{m['baseline_recall_at_its_precision']:.3f}"
        )
    rows.append(
        f"  word overlap (Jaccard) >= {base['threshold']:.3f}, chosen on dev (dev precision {base['dev_precision']:.3f}): "
        f"precision {base['precision']:.3f}, recall {base['recall']:.3f}, F1 {base['f1']:.3f}"
    )
    return rows


# ---------------------------------------------------------------------------------------------------------
# The run and its report


def first_events(items: list[NewsItem], n: int | None) -> list[NewsItem]:
    """The articles of the first ``n`` events of 2+ articles and of the first ``n`` single ones (all of
    them when ``n`` is None)."""
    if n is None:
        return items
    sizes = Counter(item.event for item in items)
    order = list(dict.fromkeys(item.event for item in items))
    kept = {e for e in order if sizes[e] > 1}
    kept = set(sorted(kept, key=order.index)[:n]) | set([e for e in order if sizes[e] == 1][:n])
    return [item for item in items if item.event in kept]


def measure(split: str, sample: int | None, rouge: Rouge, keep: Path | None, data: Path) -> dict:
    def first(items: list) -> list:
        return items[:sample] if sample is not None else items

    with tempfile.TemporaryDirectory(prefix="parabrief-quality-") as tmp:
        work = Path(tmp)
        single = single_document(first(load_articles(data, split)), rouge, work, keep, split)
        multi = multi_document(first(load_topics(data, split)), rouge, work, keep, split)
        duc = None
        if (data / DUC).is_file():
            duc = multi_document(first(load_topics(data, split, DUC)), rouge, work, keep, split, "DUC 2004 task 2", WORDS_DUC)
        pages = titles(first(load_pages(data, split)), work, keep, split)
        stories = grouping(first_events(load_day(data, split), sample), work, keep, split)
        blind = None
        if split == "test" and (blind_day := load_day(data, BLIND)):
            blind = grouping(first_events(blind_day, sample), work, keep, BLIND, "ECB+ blind (every article of 12 other topics)")
        weeks = stress = None
        if (data / WEEKS).is_file():
            label = "news weeks (Giveme5W1H news_cluster)"
            weeks = grouping(first_events(load_day(data, split, WEEKS), sample), work, keep, split, label)
        if (data / WEEKS).is_file() and (data / BBC).is_file():
            label = "stress day (news weeks + CNN/DailyMail + BBC, many stories on one topic)"
            stress = grouping(first_events(load_stress_day(data, split), sample), work, keep, split, label)
    agreement = None
    if (data / MSRP).is_file():
        agreement = sentence_agreement(first(load_pairs(data, split)), first(load_pairs(data, "dev")))
    overall = Junk()
    for part in (single, multi, *([duc] if duc else []), pages):
        overall.merge(part["junk"])
        part["junk"] = part["junk"].as_dict()
        part["seconds"] = round(part["seconds"], 2)
    for part in (stories, *([blind] if blind else []), *([weeks] if weeks else []), *([stress] if stress else [])):
        part["seconds"] = round(part["seconds"], 2)
    return {
        "single_document": single,
        "multi_document": multi,
        "multi_document_duc": duc,
        "titles": pages,
        "grouping": stories,
        **({"grouping_blind": blind} if split == "test" else {}),
        "grouping_news": weeks,
        "grouping_stress": stress,
        "agreement": agreement,
        "junk": overall.as_dict(),
        "junk_lines": overall.lines,
        "parabrief_seconds": round(sum(part["seconds"] for part in (single, multi, duc, pages, stories, weeks, stress) if part), 2),
    }


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:6.2f}"


def _rows(systems: dict) -> list[str]:
    rows = [f"  {'system':<18}{'R-1':>7}{'R-2':>7}{'R-L':>7}{'junk %':>8}{'words':>8}"]
    for name, row in systems.items():
        rows.append(
            f"  {name:<18}{_fmt(row['rouge1'])} {_fmt(row['rouge2'])} {_fmt(row['rougeL'])} {_fmt(row['junk'])} {_fmt(row['words'])}"
        )
    return rows


def _grouping_rows(g: dict) -> list[str]:
    out: list[str] = []
    out.append(
        f"grouping: {g['set']}, n={g['n']} English articles briefed together, {g['events']} events "
        f"({g['events_multi']} of 2+ articles, {g['events_single']} single; {g['with_outlet']} articles with an outlet)"
    )
    out.append(
        f"  pairwise precision {g['precision']:.3f}, recall {g['recall']:.3f}, F1 {g['f1']:.3f}; "
        f"{g['stories']} stories ({g['stories_multi']} of 2+ articles) for {g['events']} events"
    )
    out.append(
        f"  false pairs: {g['pairs']['false_same_kind']} between look-alike events (one topic), "
        f"{g['pairs']['false_unrelated']} between unrelated ones (precision counting only these: {g['precision_unrelated']:.3f})"
    )
    r = g["ranking"]
    out.append(
        f"  ranking: nDCG@{RANKED} {r['ndcg']:.3f} (gain: the outlets the labels give each event); "
        f"{r['top_one_event']} of the top {r['top']} stories hold one event; {r['copies']} pairs of wire copies in the day"
    )
    out.append(
        f"  events of 2+ articles whole in one story: {g['events_whole']} of {g['events_multi']}; "
        f"single articles left alone: {g['singles_alone']} of {g['events_single']}"
    )
    other = g["other_languages"]
    if other["n"]:
        them = other["with_them_untranslated"]
        out.append(
            f"  with the {other['n']} non-English articles ({', '.join(f'{k} {v}' for k, v in other['languages'].items())}), "
            f"untranslated: precision {them['precision']:.3f}, recall {them['recall']:.3f}, F1 {them['f1']:.3f}"
        )
    else:
        out.append("  (the set has no non-English articles)")
    return out


def table(split: str, r: dict) -> str:
    s, m, p, g, j = r["single_document"], r["multi_document"], r["titles"], r["grouping"], r["junk"]
    out = [f"== {split} =="]
    duc = (r.get("multi_document_duc") or {}).get("seconds", 0)
    out.append(
        f"single-document: {s['set']}, n={s['n']} articles ({s['briefed']} briefed); "
        f"parabrief: headline + {POINTS_SINGLE} points; baselines: 3 sentences"
    )
    out.extend(_rows(s["systems"]))
    for multi in (m, r.get("multi_document_duc")):
        if multi is None:
            out.append(f"multi-document: DUC 2004 not measured ({DUC} is not in the data folder: bench/data/prepare.py --duc)")
            continue
        held = multi["story_documents"] if len(multi["story_documents"]) <= 5 else f"{sum(multi['story_documents'])} in all"
        out.append(
            f"multi-document: {multi['set']}, n={multi['n']} topics ({multi['documents']} documents; "
            f"parabrief's story holds {held}); cut to {multi['words']} words"
        )
        out.extend(_rows(multi["systems"]))
    out.append(
        f"titles: {p['set']}, n={p['n']} pages ({p['with_title']} with a title, {p['briefed']} briefed): "
        f"headline = page title for {_fmt(p['title_share']).strip()}%"
    )
    blind = (r.get("grouping_blind"), f"grouping: ECB+ blind not measured (a {ECB_DAY} built before it had one: prepare.py --ecb)")
    for grouped, absent in (
        (g, ""),
        *([blind] if split == "test" else []),
        (r.get("grouping_news"), f"grouping: news weeks not measured ({WEEKS} is not in the data folder: bench/data/prepare.py --giveme)"),
        (r.get("grouping_stress"), f"grouping: stress day not measured ({WEEKS} and {BBC} are needed: prepare.py --giveme, --bbc)"),
    ):
        out.extend(_grouping_rows(grouped) if grouped else [absent])
    out.extend(_agreement_rows(r.get("agreement")))
    kinds = ", ".join(f"{k} {v}" for k, v in j["kinds"].items()) or "none"
    out.append(f"junk among all parabrief shows: {_fmt(j['share']).strip()}% ({j['junk']} of {j['shown']} headlines and points; {kinds})")
    others = ("grouping_blind", "grouping_news", "grouping_stress")
    grouped_seconds = g["seconds"] + sum((r.get(key) or {}).get("seconds", 0) for key in others)
    out.append(
        f"parabrief wall time: {r['parabrief_seconds']:.1f} s "
        f"(single {s['seconds']:.1f} s, multi {m['seconds'] + duc:.1f} s, pages {p['seconds']:.1f} s, grouping {grouped_seconds:.1f} s)"
    )
    return "\n".join(out)


def junk_listing(split: str, lines: list[dict]) -> str:
    """Every junk headline and point parabrief showed on one split, where, and why the checker flagged it."""
    out = [f"== junk parabrief showed on {split}: {len(lines)} lines =="]
    if split != "dev":
        out.append("(tune on dev only: what is read here must not steer the filters)")
    for line in lines:
        out.append(f"{line['where']} {'headline' if line['headline'] else 'point'} [{line['why']}]")
        out.append(f"    {line['text']}")
    return "\n".join(out)


def no_data(given: Path | None) -> str:
    where = str(given) if given else f"{DATA.relative_to(ROOT)} or {os.path.relpath(SHARED_DATA, ROOT)}"
    return (
        f"bench/quality.py: no benchmark data in {where} (it needs {', '.join(FILES)}); "
        "rebuild it with bench/data/prepare.py from the public repositories named in bench/data/README.md"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sample",
        type=int,
        default=None,
        metavar="N",
        help="only the first N items of each set and split (for grouping: N events of 2+ articles and N single ones)",
    )
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="keep parabrief's outputs (briefings) under DIR")
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="DIR",
        help="the data folder (default: bench/data when its files are there, else ../shared/quality-data)",
    )
    parser.add_argument(
        "--show-junk",
        action="store_true",
        help="print every junk headline and point parabrief showed, and why it was flagged (tune on dev only)",
    )
    parser.add_argument("--verbose", action="store_true", help="show parabrief's warnings")
    args = parser.parse_args(argv)
    if args.sample is not None and args.sample < 1:
        parser.error("--sample must be at least 1")
    data = find_data(args.data)
    if data is None:
        print(no_data(args.data), file=sys.stderr)
        return 2
    if not args.verbose:
        logging.getLogger("parabrief").addHandler(logging.NullHandler())
        logging.getLogger("parabrief").propagate = False
    splits = SPLITS if args.split == "both" else (args.split,)
    rouge = Rouge()
    started = time.perf_counter()
    results: dict = {}
    for split in splits:
        with contextlib.redirect_stderr(io.StringIO()) if not args.verbose else contextlib.nullcontext():
            results[split] = measure(split, args.sample, rouge, args.keep, data)
        lines = results[split].pop("junk_lines")
        if args.show_junk:
            results[split]["junk"]["lines"] = lines
        if not args.json:
            print(table(split, results[split]), flush=True)
            print()
            if args.show_junk:
                print(junk_listing(split, lines), flush=True)
                print()
    report = {
        "date": DAY.isoformat(),
        "data": str(data),
        "sample": args.sample,
        "splits": results,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(f"total {report['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
