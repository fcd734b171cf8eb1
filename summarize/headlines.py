"""Headlines: a document's own title where it has one, else its lead cut to a clause.

Readers scan headlines first, so a headline is whole: the title (its English), or the lead sentence
without its dateline, shortened at a clause boundary to at most ``WORDS`` words. Never a dateline,
never a phrase cut in its middle, never an ellipsis.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from .junk import is_junk, strip_dateline
from .text import content_words

WORDS = 16
MIN_WORDS = 4  # a clause shorter than this does not carry the news

# Where a headline may end, best first: after a comma, semicolon or dash; before a word that starts a
# subordinate clause; before a preposition, "whether" or "if"; before "and" or "but" (which may join two words, not clauses).
_AFTER = re.compile(r"[,;:]$|^[-–—]+$")
_TIERS = (
    frozenset("while whereas who whom which where when after before because since although though saying said says amid".split()),
    frozenset("in on at for to with from by over under into about against during near despite following whether if".split()),
    frozenset("and but as".split()),
)
# ", in Kazakhstan on Sunday," between subject and verb, and "On 2 February in Nur-Sultan," before the
# subject: dropped before cutting, so the headline keeps who did what
_ASIDE = re.compile(r",\s+(?:in|on|at|during|after|before|speaking|visiting|while)\b[^,]{1,40},\s+")
# What a reader can do without in a headline: a relative clause between commas (", whose comic career
# ... radio," / ", who moved to the U.S. in 1991,"), an age (", 31,") and a parenthesis.
_RELATIVE = re.compile(r",\s+(?:who|whose|which|where|aged)\b[^,;:]{1,120},\s+|,\s+\d{1,3},\s+|\s+\([^()]{1,60}\)(?=[\s,.])")
_CONJUNCTION = re.compile(r"^(?:but|and|yet|so|however|meanwhile)\b,?\s+(?=\w)", re.I)  # "But Alberto Bueno prepares ..."
_OPENING = re.compile(r"^(?:on|in|at|during|after|before|earlier|later|last|this|speaking|according to)\b[^,]{1,50},\s+(?=[A-Z])", re.I)
_OPENERS = frozenset(
    "with after before while although though as when if since because despite following amid in on at for under during".split()
)  # a sentence opening with one of these and a comma opens with a clause or phrase, not with its news
TIER_COST = 0.5  # what ending at a weaker boundary costs, against the words it keeps; twice that for
# ending on a participle, whose complement the cut leaves out ("has called | on the world", "attempting | to flee")
_PARTICIPLE = re.compile(r"\w{3,}(?:ed|ing)$")
_TAIL = frozenset(
    "a an the of and or but to in on at for with from by as its his her their our this that"
    # a clause or phrase the cut has only begun: "... 14% on Tuesday after (it)", "... is weird even"
    " he she they we who which whose after before while when because since although though if whether than even"
    " into about against during near despite"
    " mr. mrs. ms. dr. gen. sen. rep. gov. lt. col. capt. sgt. prof. rev.".split()  # a title before the name cut off
)
_BEGUN = frozenset("after before while when because since although though if whether than as".split())  # "after it"
_SAYING = frozenset("said says saying".split())  # a boundary only after a quotation or a comma ("…," said X)
_FINITE = frozenset("is are was were has have had will would can could may might must should shall do does did".split())
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


def from_lead(sentence: str, context: Sequence[str] = ()) -> str:
    """The lead sentence as a headline: no dateline, no opening "But" or "And", no final full stop, a
    capital first, at most WORDS words. A longer lead is cut where a clause (else a phrase) ends; given
    the document's other sentences (``context``), the cut, or the main clause after an opening one, that
    keeps most of what the document goes on about (the words its other sentences repeat)."""
    text = _CONJUNCTION.sub("", strip_dateline(" ".join(sentence.split())).rstrip(" ."), count=1)
    if len(text.split()) > WORDS:
        text = _OPENING.sub("", _RELATIVE.sub(" ", _ASIDE.sub(" ", text, count=1)), count=1)
    words = text.split()
    if len(words) <= WORDS:
        return _capitalised(" ".join(words))
    span = _salient_span(words, context) if context else None
    if span:
        start, cut = span
    else:  # the lead alone, or no span the context bears out: its last good boundary, after an opening clause too long to keep
        start = _opening_clause(words) if _last_boundary(words) is None else 0
        cut = start + (_last_boundary(words[start:]) or WORDS)
    kept = words[start:cut]
    quoted = max((i for i, w in enumerate(kept) if w[:1] in _OPENS), default=0)
    if _unclosed(kept) and quoted >= MIN_WORDS:  # cut where no boundary was: short of the quotation, not in it
        kept = kept[:quoted]
    while len(kept) > MIN_WORDS and (
        (last := kept[-1].strip(",;:").casefold()) in _TAIL or (last == "it" and kept[-2].casefold() in _BEGUN)
    ):
        kept.pop()
    return _capitalised(" ".join(kept).rstrip(",;:-–— "))


def _capitalised(head: str) -> str:
    return head[:1].upper() + head[1:]


def _boundary_tier(words: list[str], n: int) -> int | None:
    """How good a place to end ``words[:n]`` is: 0 after a comma, semicolon or dash, 1 to 3 before a word
    of ``_TIERS``; None for no boundary. Before "said" only after a quotation: "The two prime ministers |
    said Sunday" would be a subject without its verb."""
    if n == len(words) or _AFTER.search(words[n - 1]) or _AFTER.search(words[n]):
        return 0
    word = words[n].strip("\"'“”").casefold()
    if word in _SAYING and not words[n - 1].endswith(("'", '"', "”", "’")):
        return None
    return next((t + 1 for t, tier in enumerate(_TIERS) if word in tier), None)


def _salient_span(words: list[str], context: Sequence[str]) -> tuple[int, int] | None:
    """The span (start, end) of at most WORDS words, ending at a boundary, whose content words the
    context repeats most; it starts at the first word, or after the comma that closes an opening
    clause ("With the film out this week, Haskell showed ...") or before "but". A span from the first
    word holds the main clause after an opening one: it never ends at the opening clause's comma or in
    the first words after it ("In a critical ruling for the league," and "Facing a court challenge, the
    Truth" are no headlines), and no span ends inside a quotation. None when no span is such."""
    seen = Counter(w for text in context for w in set(content_words(text)))
    starts = [0]
    comma = next((i + 1 for i, w in enumerate(words[:-MIN_WORDS]) if w.endswith(",")), None)
    opening = _opening_clause(words)
    if comma is not None and (opening or words[comma].casefold() in ("but", "yet")) and not words[comma].endswith(","):
        starts.append(comma + (words[comma].casefold() in ("but", "yet")))
    best: tuple[float, int, int] | None = None
    span = None
    for start in starts:
        for end in range(min(len(words), start + WORDS), start + MIN_WORDS - 1, -1):
            tier = _boundary_tier(words, end)
            if tier is None or (start == 0 and end < opening + MIN_WORDS) or _unclosed(words[start:end]):
                continue
            gain = sum(math.log1p(seen[w]) for w in content_words(" ".join(words[start:end])))
            dangling = bool(_PARTICIPLE.match(words[end - 1])) and end < len(words)
            score = (gain - TIER_COST * (tier + 2 * dangling), -start, end - start)
            if best is None or score > best:
                best, span = score, (start, end)
    return span


def _unclosed(words: list[str]) -> bool:
    """A quotation opens in ``words`` and does not close there: no headline ends inside one."""
    opened = sum(1 for w in words if w[:1] in _OPENS)
    closed = sum(1 for w in words if w.rstrip(".,;:!?")[-1:] in _CLOSES)
    return opened > closed


_OPENS = frozenset("\"“‘'")
_CLOSES = frozenset("\"”’'")


def _opening_clause(words: list[str]) -> int:
    """How many words the opening clause or phrase takes, up to its comma ("With the film out this week,",
    "In a critical ruling for the league,", "Facing a court challenge,"); 0 when the sentence opens with
    its main clause. A participle opens a clause only when no verb comes before the comma: "Rising fuel
    costs are hitting confidence, the CBI says" opens with its news."""
    comma = next((i + 1 for i, w in enumerate(words[:-MIN_WORDS]) if w.endswith(",")), 0)
    if not comma or words[comma].endswith(","):
        return 0  # no comma, or an appositive's ("When his son, Wil, had ..."): where the clause ends is unknown
    if words[1].casefold() in _FINITE:
        return 0  # "Following is the text ...": the opener is the subject
    if words[0].casefold() in _OPENERS:
        return comma
    participle = _PARTICIPLE.match(words[0]) and words[1][:1].islower()
    return comma if participle and not any(w.casefold() in _FINITE for w in words[:comma]) else 0


def _last_boundary(words: list[str]) -> int | None:
    """The largest n <= WORDS (and >= MIN_WORDS, and MIN_WORDS past an opening clause) such that
    words[:n] ends at the best tier of boundary found (``_boundary_tier``), outside any quotation."""
    opening = _opening_clause(words)
    first = max(MIN_WORDS, opening + MIN_WORDS if opening else 0)
    found = [
        (tier, -n)
        for n in range(min(WORDS, len(words) - 1), first - 1, -1)
        if (tier := _boundary_tier(words, n)) is not None and not _unclosed(words[:n])
    ]
    return -min(found)[1] if found else None
