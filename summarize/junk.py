"""What is not news, and sentences made fit to read as a point.

A page's text carries more than its story: reprint notices, bylines, time stamps, share and sign-up
lines, end marks, editors' initials, template strings, bare addresses. ``is_junk`` names them, in the
English and, where the translation may not be faithful, in the source (``translate.boilerplate``, whose
lines a briefing's translation skips). ``repair`` makes a sentence readable on its own: no dateline or speaker tag before it, no
transcript dash, no stray punctuation at its start, and its quotation marks balanced.
"""

from __future__ import annotations

import re
from functools import lru_cache

from translate import boilerplate
from translate.metadata import is_date_line

from .text import content_words

MIN_WORDS = 3  # a sentence with fewer content words is not a point ...
MIN_TOKENS = 4  # ... nor one of fewer words

_ENGLISH = re.compile(
    r"^(?:"
    r"this (?:copy|article|material) is for your personal.*|.*\bnon-commercial use only\b.*|.*\ball rights reserved\b.*"
    r"|(?:copyright|©)\b.*|.*\bmay not be (?:published|reproduced|broadcast|rewritten|redistributed)\b.*"
    r"|share(?: this| the news| on| the story)?\b.{0,40}|sign up\b.*|subscribe\b.*|follow us\b.*|click here\b.*"
    r"|read (?:also|more|next)\b.*|see also\b.*|related(?: stories| articles| coverage)?\s*:.*|advertisement|sponsored"
    r"|(?:download|get) (?:the|our) app\b.*|.*\bnewsletter\b.{0,30}|(?:photo|image|picture|file photo|video)(?: credit)?\s*:.*"
    r"|\(?(?:additional )?(?:reporting|writing|editing|compiled|translated) by\b.*"
    r"|by [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?: (?:and|&) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})?(?:,.{0,40})?"
    r"|[\w.'’ -]{2,40} (?:reports?|reporter|correspondent)\s*\.?"
    r"|(?:about |around |some )?\d+ (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago\b.{0,40}"
    r"|\(?(?:the )?end\)?\s*\.?|ends|-30-|#{3}|\*{3}"
    r"|\(?[a-z]{1,4}(?:\s?/\s?[a-z]{1,4})+\)?\s*\.?"
    r"|(?:updated|published|posted|last (?:updated|modified))\b.{0,40}"
    # a page's chrome that extraction glues into a line: "Advertisement Continue reading the main story", "Image copyright
    # Getty Images Image caption ...", "(AP Photo/...)", "Like us on Facebook ...", a share row before a caption
    r"|.*\bcontinue reading the main story\b.*|image (?:copyright|caption)\b.*|\((?:[\w.]+ )?photos?\b[^()]*\)\.?"
    r"|like us on facebook\b.*|follow [\w .'’@-]{1,60} on (?:twitter|facebook|instagram)\b.*|facebook twitter pinterest\b.*"
    r"|.*\bskip in skip x embed x share\b.*|[\w .'’/-]{0,60}\bvia getty images"
    # a news agency's photo caption: "FILE - In this Thursday, Dec. 28, 2017 file photo, ...", "This Dec. 28, 2017 photo made available
    # by SpaceX shows ..."; a paywall's notice: "Sorry, this zipcode is not in our deliverable area ..."
    r"|(?:file\s*[-–—]\s*)?(?:in )?this (?:(?:\w+day,? )?(?:\w{3,9}\.? \d{1,2}, \d{4}|undated|file|handout|aerial),? )*"
    r"(?:photo|image|picture)\b"
    r"(?:,.*| (?:provided|made available|released|taken|shows|from)\b.*)"
    r"|sorry, (?:this|the|you)\b.*\b(?:subscription|subscribers?|not available|deliverable)\b.*"
    r")$",
    re.I,
)
_BYLINE_NAME = re.compile(r"^[Bb]y [A-Z]")  # "by" a name: the English pattern above is case-blind, this is not

_URL = re.compile(r"^\W*(?:https?://|www\.)\S+\W*$", re.I)
_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}|\$\{")


@lru_cache(maxsize=1 << 17)  # a day's briefing asks about each sentence several times (briefs, grouping, stories)
def is_junk(english: str, source: str | None = None, fragments: bool = True) -> bool:
    """True for a line that is not news: boilerplate, a byline, a time stamp or bare date, a share or
    sign-up line, an end mark, editors' initials, a template string, a bare address, or (with
    ``fragments``; a headline may be short) too few words."""
    text = english.strip()
    if (
        _URL.match(text)
        or _TEMPLATE.search(text)
        or is_date_line(text)
        or (_ENGLISH.match(text) and (not text.lower().startswith("by ") or _BYLINE_NAME.match(text)))
    ):
        return True
    if source is not None and (boilerplate.reason(source) or _TEMPLATE.search(source)):
        return True
    return fragments and (len(content_words(text)) < MIN_WORDS or len(text.split()) < MIN_TOKENS)


_ENDS = (".", "!", "?", '"', "'", "”", "’", "»", ")", "…")


def is_sentence(text: str) -> bool:
    """The text ends as a sentence does (a caption or a heading does not)."""
    return text.rstrip().endswith(_ENDS)


_SCRAPED_DATE = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s*", re.I)  # "date 2019-12-22" lines of scraped pages
_SPEAKER_TAG = re.compile(r"^(\([A-Z][A-Za-z ]*\)\s*)+([^a-z:]{3,}:\s*)?")  # (SOUNDBITE) (English) MR X, SAYING:
# A news dateline before the lead: "HONOLULU (AP) —", "WASHINGTON (UrduPoint News / Sputnik - 13th December, 2019)",
# "Moscow - 3 - 2 (KUNA) --", "DUBAI, Nov 19 (Reuters) -".
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’ -]{1,30}(?:,[^()]{1,25})?\s*\([^()]{1,80}\)\s*[-–—:]{0,2}\s*"  # an upper-case place (credit)
    r"|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}(?:,[^()]{1,25})?\s*(?:[-–—]\s*[\d\s-]{1,12})?\s*\([^()]{1,80}\)\s*[-–—:]{1,2}\s*"
    r"|[A-Z][A-Z.'’ -]{2,30}(?:,\s*[A-Z][\w.' ]{1,25})?\s*[-–—:]{1,2}\s+)"  # an upper-case place and a dash
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A date glued before the sentence it dates: "Saturday, March 26, 2005 Up to four times as many ...", "26 March 2005: ..."
_LEADING_DATE = re.compile(
    rf"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}),?\s+\d{{4}}"
    r"\s*[-–—:,.]*\s+(?=[A-Z\"“‘'])"
)
_LEADING_JUNK = re.compile(r"^[\s:;,.)\]}»”’|/*•·-–—]+")
_CAPTION_CUE = re.compile(r"^(?:scroll down for (?:video|more)|watch the video|video)\b[\s:.-]*", re.I)  # glued before a caption
_STRAY_CLOSE = re.compile(r"\s+['’]$")  # a quote's closing mark left alone after the sentence it closed
_TRANSCRIPT_DASH = re.compile(r"^[-–—]\s+")
_DASHED_ATTRIBUTION = re.compile(r",?\s+[-–—]\s+(?=(?:said|says|told|added|asked|noted)\b)")
_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"))


def strip_dateline(text: str) -> str:
    """The sentence without a leading news dateline ("HONOLULU (AP) —")."""
    stripped = _DATELINE.sub("", text, count=1)
    return stripped if len(content_words(stripped)) >= MIN_WORDS else text


def repair(text: str) -> str:
    """A sentence fit to stand alone as a point (see the module's docstring)."""
    text = _SPEAKER_TAG.sub("", _SCRAPED_DATE.sub("", text)).strip()
    text = _STRAY_CLOSE.sub("", _CAPTION_CUE.sub("", text))
    text = strip_dateline(_LEADING_DATE.sub("", text, count=1))
    text = _TRANSCRIPT_DASH.sub("", text)
    text = _DASHED_ATTRIBUTION.sub(", ", text)
    text = _LEADING_JUNK.sub("", text).strip()
    return balance_quotes(text)


def balance_quotes(text: str) -> str:
    """The text with its quotation marks paired: a quote left open is closed at the end, a quote that
    closes without opening (its start was in the sentence before) is opened at the start."""
    for opening, closing in _PAIRS:
        opened, closed = text.count(opening), text.count(closing)
        if opening == "„":  # German-style pairs close with “, which also opens English quotes: leave them
            continue
        if opened > closed:
            text += closing
        elif closed > opened:
            text = opening + text
    if text.count('"') % 2:
        text = text + '"' if text.startswith('"') else '"' + text
    for opening, closing in (("‘", "’"), ("'", "'")):  # single quotes; a mark between letters is an apostrophe
        opened = len(re.findall(rf"(?:^|(?<=[\s(:—–-])){opening}(?=\w)", text))
        closed = len(re.findall(rf"(?<=[\w.,!?]){closing}(?=[\s,.;:!?)]|$)", text))
        if opened > closed:
            text += closing
        elif (
            closed > opened
            and not text.startswith(opening)
            and (text.rstrip(".!?").endswith(closing) or re.search(rf"[,.!?]{closing}\s+\w+\s+(?:said|says|told|added|asked)\b", text))
        ):
            text = opening + text  # a plural possessive ("the players' wives") closes nothing: only a quote's end does
    return text
