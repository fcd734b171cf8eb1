"""Paragraphs, sentences, and cutting sentences too long for a model into pieces that are joined back.

Nothing here ever drops text: every non-space character of a paragraph is in exactly one of its
sentences, and every character of a sentence is in exactly one of its pieces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import sentencex

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_CLAUSE_END = re.compile(r"(?<=[,;:،؛，；：、)\]»”])\s+|\s+(?=[–—]\s)|\s+(?=-\s)")


# A block that stops mid-sentence (no closing mark) and a next block that goes on in lower case
# ("... at Aintree, as" / "the Duke and Duchess ..."): one paragraph, broken by the page or the export.
_ENDS_OPEN = re.compile(r"[\w,;–—-]$")
_LIST_ITEM = re.compile(r"^(?:[-–—*•·]|\d{1,2}[.)])\s")


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, with Windows and old Mac line ends and Unicode forms normalized;
    a block that stops mid-sentence is joined with the next when that goes on in lower case."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = ("\n".join(line.strip() for line in block.split("\n")).strip() for block in _BLANK_LINE.split(text))
    return _unbroken([block for block in blocks if block])


def _unbroken(parts: list[str]) -> list[str]:
    """Parts (blocks or lines), a part that stops mid-sentence joined with the next where that goes on in
    lower case (not a list item's)."""
    joined: list[str] = []
    for part in parts:
        if joined and _ENDS_OPEN.search(joined[-1]) and not _LIST_ITEM.match(joined[-1]) and _continues(part):
            joined[-1] = f"{joined[-1]} {part}"
        else:
            joined.append(part)
    return joined


def _continues(block: str) -> bool:
    """The block starts with a word in lower case only ("but", "the"; not "iPhone" or "- item")."""
    first = block.split(maxsplit=1)[0].rstrip(",;:.!?'\"’”")
    return first.isalpha() and first.islower()


def lines_are_sentences(lines: list[str]) -> bool:
    """True when a block's line breaks end sentences (one sentence per line, as in headline-style text),
    False when the text is hard-wrapped (most continuation lines start with a lower-case letter)."""
    continued = sum(1 for line in lines[1:] if line[:1].islower())
    return continued * 2 < len(lines) - 1


_CLOCK_END = re.compile(r"\b\d{1,2}(?:[:.]\d\d)?\s?[ap]\.m\.$", re.I)
_CLOCK_GOES_ON = re.compile(
    r"^(?:[a-z\d(]|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
    r"|[ECMP][SD]T\b|GMT\b|UTC\b|local\b)"
)


_TITLE_END = re.compile(r"(?:^|\s)(?:Ms|Mses|Ft|Gens)\.$")  # titles sentencex 1.0 ends English sentences at ("Ms. Boyle")


def _rejoin(sentences: list[str], lang: str) -> list[str]:
    """Sentences that a time ("10:30 p.m.") split in two, joined back when the next part goes on with
    the same sentence ("Thursday near the airport."); in English, those split after a title before a
    name ("Ms. Boyle")."""
    joined: list[str] = []
    for sentence in sentences:
        clock = joined and _CLOCK_END.search(joined[-1]) and _CLOCK_GOES_ON.match(sentence)
        if clock or (joined and lang == "en" and _TITLE_END.search(joined[-1]) and sentence[:1].isupper()):
            joined[-1] = f"{joined[-1]} {sentence}"
        else:
            joined.append(sentence)
    return joined


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of one paragraph, by sentencex's rules for ``lang`` (ISO 639-1) and its line breaks
    (``lines_are_sentences``; a line broken mid-sentence goes on on the next), never split at a clock
    time or after an English title."""
    lines = text.split("\n")
    units = _unbroken(lines) if len(lines) > 1 and lines_are_sentences(lines) else [" ".join(lines)]
    code = lang if lang not in ("und", "zxx") else "en"
    sentences: list[str] = []
    for unit in units:
        sentences.extend(_rejoin([s.strip() for s in sentencex.segment(code, unit) if s.strip()], code))
    return sentences


def cut_long(text: str, length: Callable[[str], int], limit: int) -> list[str]:
    """``text`` if it fits in ``limit`` tokens, else pieces that each fit: cut at clause boundaries first,
    then between words, then (a run of letters with no space at all) between characters."""
    return _cut(text, length, limit, level=0)


def _split(text: str, level: int) -> list[str]:
    if level == 0:
        return [p for p in _CLAUSE_END.split(text) if p]
    if level == 1:
        return text.split()
    middle = len(text) // 2
    return [text[:middle], text[middle:]]


def _cut(text: str, length: Callable[[str], int], limit: int, level: int) -> list[str]:
    if length(text) <= limit or len(text) <= 1:
        return [text]
    pieces = _split(text, level)
    if len(pieces) < 2:
        return _cut(text, length, limit, level + 1)
    glue = "" if level == 2 else " "
    packed: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{glue}{piece}" if current else piece
        if current and length(candidate) > limit:
            packed.append(current)
            current = piece
        else:
            current = candidate
    packed.append(current)
    out: list[str] = []
    for piece in packed:
        out.extend(_cut(piece, length, limit, min(level + 1, 2)) if length(piece) > limit else [piece])
    return out
