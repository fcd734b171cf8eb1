"""Headlines: a document's own title where it has one, else its lead cut to a clause.

Readers scan headlines first, so a headline is whole: the title (its English), or the lead sentence
without its dateline, shortened at a clause boundary to at most ``WORDS`` words. Never a dateline,
never a phrase cut in its middle, never an ellipsis.
"""

from __future__ import annotations

import re

from .junk import is_junk, strip_dateline

WORDS = 16
MIN_WORDS = 4  # a clause shorter than this does not carry the news

# Where a headline may end, best first: after a comma, semicolon or dash; before a word that starts a
# subordinate clause; before a preposition; before "and" or "but" (which may join two words, not clauses).
_AFTER = re.compile(r"[,;:]$|^[-–—]+$")
_TIERS = (
    frozenset("while whereas who whom which where when after before because since although though saying said says amid".split()),
    frozenset("in on at for to with from by over under into about against during near despite following".split()),
    frozenset("and but as".split()),
)
# ", in Kazakhstan on Sunday," between subject and verb, and "On 2 February in Nur-Sultan," before the
# subject: dropped before cutting, so the headline keeps who did what
_ASIDE = re.compile(r",\s+(?:in|on|at|during|after|before|speaking|visiting|while)\b[^,]{1,40},\s+")
_OPENING = re.compile(r"^(?:on|in|at|during|after|before|earlier|later|last|this|speaking|according to)\b[^,]{1,50},\s+(?=[A-Z])", re.I)
_TAIL = frozenset("a an the of and or but to in on at for with from by as its his her their our this that".split())
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")


def from_title(title: str, outlet: str | None = None) -> str | None:
    """The headline a title gives: the title without its site name ("… | Reuters"); None for a title
    that is junk (a date, a site name alone)."""
    text = " ".join(title.split())
    suffix = _SITE_SUFFIX.search(text)
    if suffix and (outlet is None or outlet.casefold() in suffix.group(0).casefold() or len(suffix.group(0).split()) <= 4):
        text = text[: suffix.start()]
    text = text.strip(" .")
    return None if len(text.split()) < 2 or is_junk(text, fragments=False) else text


def from_lead(sentence: str) -> str:
    """The lead sentence as a headline: no dateline, no final full stop, at most WORDS words cut where a
    clause (else a phrase) ends."""
    text = strip_dateline(" ".join(sentence.split())).rstrip(" .")
    if len(text.split()) > WORDS:
        text = _OPENING.sub("", _ASIDE.sub(" ", text, count=1), count=1)
    words = text.split()
    if len(words) <= WORDS:
        return " ".join(words)
    cut = _last_boundary(words) or WORDS
    kept = words[:cut]
    while len(kept) > MIN_WORDS and kept[-1].strip(",;:").casefold() in _TAIL:
        kept.pop()
    return " ".join(kept).rstrip(",;:-–— ")


def _last_boundary(words: list[str]) -> int | None:
    """The largest n <= WORDS (and >= MIN_WORDS) such that words[:n] ends where the best tier of
    boundary found allows."""
    candidates = range(min(WORDS, len(words) - 1), MIN_WORDS - 1, -1)
    for n in candidates:
        if _AFTER.search(words[n - 1]) or _AFTER.search(words[n]):
            return n
    for tier in _TIERS:
        for n in candidates:
            if words[n].strip("\"'“”").casefold() in tier:
                return n
    return None
