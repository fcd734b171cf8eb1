"""What a reader knows a document by: its title, outlet, author, publish date and address.

Pages, feed records and jsonl fields give them as metadata; what they leave out is looked for in the
text: a title-like first line, a dateline's date (read by dateparser in the document's language, never
with a year it does not write) and an agency's credit ("(KUNA)", "transmeton Anadolu Agency (AA)").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

from .documents import Document, Metadata, Paragraph

TITLE_WORDS = 24  # a first line longer than this is a lead, not a title
DATE_HEAD = 100  # characters at a paragraph's start where a dateline's date stands
DATE_PARAGRAPHS = 3  # paragraphs from the start where a dateline may stand
DATELINE_WORDS = 1  # lower-case words a dateline's date may follow besides "posted", "at", "on" and the like ("më 2 shkurt 2020")

# Agencies and outlets as news credits them in the text, in the scripts of the news they appear in.
AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "رويترز", "Рейтер", "Reuters'"),
    "AP": ("(AP)", "Associated Press"),
    "AFP": ("(AFP)", "AFP", "Agence France-Presse", "فرانس برس"),
    "Anadolu Agency": ("Anadolu Agency", "Anadolu Ajansı", "Agjencia Anadolu", "الأناضول"),
    "KUNA": ("KUNA", "كونا"),
    "Azattyq": ("Azattyq", "Азаттық", "Азаттык"),
    "RFE/RL": ("RFE/RL", "Radio Free Europe"),
    "Xinhua": ("Xinhua", "Синьхуа", "شينخوا"),
    "TASS": ("TASS", "ТАСС"),
    "Interfax": ("Interfax", "Интерфакс", "انترفاكس"),
    "Sputnik": ("Sputnik", "Спутник"),
    "UrduPoint News": ("UrduPoint",),
    "Kazinform": ("Kazinform", "Казинформ", "ҚазАқпарат"),
    "WAM": ("(WAM)", "وام"),
    "dpa": ("(dpa)",),
    "EFE": ("(EFE)",),
    "ANSA": ("(ANSA)",),
    "Daily Mail": ("Daily Mail",),
    "BBC": ("BBC",),
    "CNN": ("(CNN)",),
}


@lru_cache(maxsize=1)
def _credits() -> re.Pattern[str]:
    names = sorted((alias for aliases in AGENCIES.values() for alias in aliases), key=len, reverse=True)
    return re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" if n[0].isalnum() else re.escape(n) for n in names))


# An outlet's name written bare is a mention, not a credit, where English reports it as someone else's
# source: "the BBC reported", "told The Associated Press", "a Reuters witness said", "on BBC One",
# "provided by Reuters" (but "By Reuters" opening a line is a byline).
_MENTIONED_AFTER = re.compile(r"(?:\b(?:the|a|an|told|to|on|from|for|with|of|at|according to)|\S[ \t]+by)\s*$", re.I)
_MENTIONED_BEFORE = re.compile(
    r"^(?:['’]s\b|\W{0,2}(?:reported|reports|report|says|said|quoted|cited|revealed|witness|reporter|correspondent|"
    r"journalist|interview|show|series|programme|program|drama|documentary)\b)",
    re.I,
)


def agency(paragraphs: tuple[Paragraph, ...]) -> str | None:
    """The agency credited first in the document's opening paragraphs, by its usual name: as a credit
    writes it ("(AFP)", "TIRANA (Anadolu Agency) -", "KUNA"), not where the text cites it as another's
    source ("the BBC reported", "told AFP")."""
    text = "\n".join(p.text for p in paragraphs[:3])
    for found in _credits().finditer(text):
        written = found.group(0)
        if written[0].isalnum() and (
            _MENTIONED_AFTER.search(text[max(0, found.start() - 16) : found.start()]) or _MENTIONED_BEFORE.match(text[found.end() :])
        ):
            continue
        return next(name for name, aliases in AGENCIES.items() if written in aliases)
    return None


_OUTLET_WORDS = re.compile(r"^the\s+|\s+(?:news|online)$", re.I)


def outlet_key(outlet: str | None, url: str | None = None) -> str | None:
    """The publisher behind an outlet's name or address, as one key: its registered domain's name for an
    address (``edition.cnn.com``: cnn; ``bbc.co.uk``: bbc, the public suffix list's reading), its name
    less "The", "News" and "Online" and all but letters and digits otherwise ("BBC News": bbc; "The
    Washington Post" and ``washingtonpost.com``: washingtonpost). The document's address stands in for
    an outlet it does not name; a host off the public suffix list (an IP address) is its own key."""
    from tld import Result, get_tld

    written = (outlet or "").strip() or (url or "").strip()
    if not written:
        return None
    if "." in written and not any(ch.isspace() for ch in written):
        host = get_tld(written, as_object=True, fix_protocol=True, fail_silently=True)
        if isinstance(host, Result) and host.domain:
            return host.domain.casefold()
        address = urlsplit(written if "://" in written else f"//{written}").hostname
        if address:
            return address  # a host no public suffix names (an IP address, a local name): the host itself
    name = "".join(ch for ch in _OUTLET_WORDS.sub("", written.casefold()) if ch.isalnum())
    return name or None


def title_like(line: str) -> bool:
    """A line that reads as a headline: one line, a few words, letters, no sentence's full stop."""
    words = line.split()
    return (
        "\n" not in line
        and 2 <= len(words) <= TITLE_WORDS
        and sum(ch.isalpha() for ch in line) >= 8
        and not line.rstrip("\"'”’»").endswith((".", ",", ";", ":", "…"))
        and not is_date_line(line)
    )


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)


def _dates(text: str, lang: str) -> list[tuple[str, dt.datetime]]:
    from dateparser.search import search_dates

    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": _date_order(lang),  # search_dates reads 05.12.2026 month first in every language
    }
    for languages in ([lang, "en"] if lang not in READ_AS_ENGLISH else ["en"], None):
        try:
            return search_dates(text, languages=languages, settings=settings) or []
        except (ValueError, KeyError, OverflowError):  # a language dateparser does not know: let it detect
            continue
    return []


def _date_order(lang: str) -> str:
    """How ``lang`` writes a date in figures: month first in English (as dateparser reads English), year
    first in the languages of YEAR_FIRST, day first elsewhere ("05.12.2026" is 5 December in German)."""
    return "MDY" if lang in READ_AS_ENGLISH else "YMD" if lang in YEAR_FIRST else "DMY"


READ_AS_ENGLISH = frozenset({"en", "und", "zxx"})  # English, and a language not known: its dates are read as English
YEAR_FIRST = frozenset({"zh", "ja", "ko", "hu", "lt", "mn"})


def written_date(text: str, lang: str, dateline: bool = False) -> str | None:
    """The first full date ``text`` writes (day, month and a year it writes out), as YYYY-MM-DD. With
    ``dateline``, only a date where a dateline puts it: before the sentence's words begin ("TIRANA,
    12 November 2026 (AA) -", "Posted at 10:04 am on May 14, 2013"), not one the story tells ("since
    September 11, 2001", "Page was born on April 22, 1923")."""
    plain = _dateable(ascii_digits(text))
    if not _YEAR.search(plain) and not _SHORT_YEAR.search(plain):
        return None  # dateparser would fill in a year: none is ever invented
    for written, found in _dates(plain, lang):
        year = _written_year(written, found.year)
        if year is None:
            continue  # a year it does not write ("Today 2013" read as today, "the 1950s ... on Thursday")
        try:
            value = found.replace(year=year)
        except ValueError:  # 29 February of another year
            continue
        if not re.search(rf"(?<!\d)0?{value.day}(?!\d)", written):
            continue  # nor a day ("déc 2026 à 10h04" read as 1 December)
        before = plain[: max(plain.find(written), 0)]
        if (
            dateline
            and sum(1 for word in re.findall(r"[^\W\d_]+", before) if word[:1].islower() and word not in _DATE_WORDS) > DATELINE_WORDS
        ):
            continue  # the story's words come before it: a date it tells, not its dateline
        return value.date().isoformat()
    return None


def _written_year(written: str, year: int) -> int | None:
    """The year of a date dateparser read in ``written``, as the text writes it: in four figures, or in
    two in a date all in figures ("10/25/11", the past century's where this one's is more than a year
    ahead); None when the text writes no year."""
    if str(year) in _YEAR.findall(written):
        return year
    short = _SHORT_YEAR.search(written)
    if short is None or int(short[4]) != year % 100:
        return None
    this_century = 2000 + int(short[4])
    return this_century if this_century <= dt.date.today().year + 1 else this_century - 100


_SHORT_YEAR = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d\d)(?![\d/.])")  # "10/25/11", "05.12.26"


def _dateable(text: str) -> str:
    """``text`` as dateparser reads its dates: abbreviations without their full stop ("Aug. 4, 2013",
    "Sun., Sept. 8" in AP style, "5. Dez. 2026") and no clock times ("03.31 BST", "7:08 p.m. MDT"):
    dateparser finds no date at all in a line that has either."""
    return _CLOCK.sub(" ", _ABBREVIATED.sub(r"\1", _MERIDIEM.sub(r"\1m", text)))


_ABBREVIATED = re.compile(r"\b([^\W\d_]{1,5})\.")  # "Aug.", "Sept.", "déc.", "Dez.", "дек.", "Mi."
_MERIDIEM = re.compile(r"\b([ap])\.\s?m\.", re.I)  # "p.m.", "a. m."
_CLOCK = re.compile(  # "10:04 am", "08.23", "10h04", "6:07:15 PM"; not "05.12.2026" nor an ISO time ("2026-12-05T10:04:00Z")
    r"(?<![\w.:])\d{1,2}[.:h]\s?\d\d(?:[.:]\d\d)?(?![.:]?\d)(?:\s*[ap]m\b)?", re.I
)


def is_date_line(line: str) -> bool:
    """A line that is only a date or a time stamp (with a word or two such as "Updated" or a place)."""
    plain = ascii_digits(line)
    if not re.search(r"\d", plain) or len(plain.split()) > 12:
        return False
    rest = re.sub(r"[\d:./,\-–—()]+", " ", plain)
    words = [w for w in re.findall(r"[^\W\d_]+", rest) if w.casefold() not in _DATE_WORDS]
    return len(words) <= 1


_DATE_WORDS = frozenset(
    """january february march april may june july august september october november december jan feb mar apr jun jul aug sep
    sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    am pm a m p est edt gmt utc bst cet cest pst pdt cst cdt mst mdt ist date updated update published posted last modified
    on at st nd rd th of the""".split()
)


def from_text(document: Document) -> Metadata:
    """The document's metadata, with what its text gives where the metadata is silent: the date of a
    dateline near its start, read in the document's language, and the agency it credits."""
    meta = document.meta
    if meta.date is None:
        for paragraph in document.paragraphs[:DATE_PARAGRAPHS]:
            head = paragraph.text if len(paragraph.text) <= DATE_HEAD * 1.5 else paragraph.text[:DATE_HEAD]
            date = written_date(head, paragraph.lang if paragraph.lang != "und" else document.lang, dateline=True)
            if date:
                meta = dataclasses.replace(meta, date=date, date_from="text")
                break
    if meta.outlet is None:
        meta = dataclasses.replace(meta, outlet=agency(document.paragraphs))
    return meta


def iso_date(value: object) -> str | None:
    """A metadata date (``2020-02-02``, ``2020-02-02T10:00:00Z``, a datetime) as YYYY-MM-DD, or None."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, str):
        found = re.match(r"\s*((?:1[89]|20)\d\d)-(\d\d)-(\d\d)", value)
        if found:
            try:
                return dt.date(int(found[1]), int(found[2]), int(found[3])).isoformat()
            except ValueError:
                return None
        return written_date(value, "en")
    return None
