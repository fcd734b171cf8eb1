"""Figures: the quantities a sentence states, read the same however they are written.

``$449,000``, ``$449K`` and ``449 thousand dollars`` are one quantity; so are ``1 million`` and ``one
million``, and ``٤`` and ``4``. Each figure keeps what it counts (a currency, a percentage, or the word
after it: ``3 dead``), so that two sources giving different figures for the same thing can be shown as
differing, and the same figure written two ways as agreeing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from translate.metadata import ascii_digits

from .names import skeleton

_WORD_NUMBERS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
        "eighteen nineteen twenty".split()
    )
}
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "trillion": 1e12,
}
_CURRENCY_SIGNS = {"$": "$", "us$": "$", "€": "€", "£": "£", "¥": "¥"}
_CURRENCY_WORDS = {
    "dollar": "$",
    "dollars": "$",
    "usd": "$",
    "euro": "€",
    "euros": "€",
    "eur": "€",
    "pound": "£",
    "pounds": "£",
    "tenge": "tenge",
    "lek": "lek",
    "dinar": "dinar",
    "dinars": "dinar",
}
_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september "
    "october november december".split()
)
_FIGURE = re.compile(
    r"(?P<sign>us\$|[$€£¥])?\s?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + r")(?![\d,.]\d)(?:\s?(?P<scale>thousand|millions?|billions?|trillion|bn|mn|[kmb])\b)?(?:\s?(?P<percent>%|per ?cent))?"
    r"(?:(?<![%t])\s(?P<after>[a-z][a-z-]*))?",
    re.I,
)


@dataclass(frozen=True)
class Figure:
    value: float
    counts: str  # "$", "%", or the word after the number ("dead", "people"); "" when nothing follows
    written: str  # as the sentence writes it

    def same_thing(self, other: Figure) -> bool:
        return bool(self.counts) and self.counts == other.counts


def figures(text: str) -> tuple[Figure, ...]:
    """The quantities ``text`` states; years and days of a date are not quantities."""
    found = []
    plain = ascii_digits(text)
    for m in _FIGURE.finditer(plain):
        number, scale, after = m["number"].lower(), (m["scale"] or "").lower(), (m["after"] or "").lower()
        if number in _WORD_NUMBERS and not (scale or m["sign"]):
            continue  # "one" alone is a word, not a figure
        glued = None if m["sign"] else _GLUED.search(plain[max(0, m.start("number") - 20) : m.start("number")])
        if (glued and glued[1].lower() not in _CURRENCY_WORDS) or (not scale and _NAMING_SUFFIX.match(plain, m.end("number"))):
            continue  # part of a name or an ordinal: "PS4", "G7", "COVID-19", "F-35", "5G", "3D", "2nd" (not "USD6000", "100km")
        before = plain[max(0, m.start() - 12) : m.start()].lower()
        unit = ""
        if len(scale) == 1 and not (m["sign"] or after in _CURRENCY_WORDS or after in _COUNTED or _CURRENCY_BEFORE.search(before)):
            unit, scale = scale, ""  # "the 800m", "a 5k run": metres and kilometres where no currency or people say millions
        value = float(_WORD_NUMBERS[number]) if number in _WORD_NUMBERS else float(number.replace(",", ""))
        value *= _SCALES.get(scale, 1.0)
        if not (m["sign"] or scale or unit or m["percent"]) and (
            1800 <= value <= 2100 or after in _MONTHS or any(x in before for x in _MONTHS)
        ):
            continue  # a year, or the day of a date
        currency = _CURRENCY_SIGNS.get((m["sign"] or "").lower()) or _CURRENCY_WORDS.get(after)
        counts = currency or ("%" if m["percent"] else unit or (after.removesuffix("s") if after and after not in _STOP else ""))
        found.append(Figure(value, counts, m.group(0).strip()))
    return tuple(found)


_COUNTED = frozenset(  # what "3m" counts in millions ("3m people", "2.5m barrels"), where metres it is not
    "people users viewers voters votes homes households jobs customers subscribers visitors passengers children residents "
    "workers barrels tonnes tons copies downloads followers shares cases doses".split()
)
_UNITS = frozenset("mk")  # what an unscaled "800m" or "5k" counts: metres, kilometres
_CURRENCY_BEFORE = re.compile(r"\b(?:" + "|".join(_CURRENCY_WORDS) + r")\s?$")  # "USD 6m", "EUR 5bn"
_GLUED = re.compile(r"([^\W\d_]+)-?$")  # the letters a number is glued to, or joined to by a hyphen
_NAMING_SUFFIX = re.compile(r"(?:st|nd|rd|th|[GD])\b")  # "2nd", "5G", "3D"; a unit ("100km", "40C") leaves a quantity
_STOP = frozenset("a an the and or of in on at to for from by with as is are was were has have had it its".split())


def agree(a: tuple[Figure, ...], b: tuple[Figure, ...]) -> bool:
    """No figure of one contradicts the other: every figure of ``a`` that counts a thing ``b`` also
    counts has one of ``b``'s values for it, or ``a`` gives several figures of that thing and one of
    them is ``b``'s: the others are more quantities of one kind, not one told two ways ("$82 a share,
    $60 in cash and $22 in stock" and "$82 a share")."""
    for x in a:
        same = tuple(y for y in b if x.same_thing(y))
        if same and not shared(tuple(z for z in a if z.same_thing(x)), same):
            return False
    return True


def told_apart(given: list[tuple[Figure, ...]]) -> tuple[Figure, ...] | None:
    """Each source's figure for one thing that the sources give differently (``given``: each source's
    figures of that thing): the figure of each nearest in value to one another source gives otherwise
    (352 yards against 350, not the 101 yards both also give). None when they give it alike."""
    if not all(given):
        return None
    everywhere = set.intersection(*({f.value for f in found} for found in given))
    apart = [[f for f in found if f.value not in everywhere] or list(found) for found in given]

    def distance(f: Figure, i: int) -> float:
        others = [g.value for j, found in enumerate(apart) if j != i for g in found if f.value and g.value and not _close(f.value, g.value)]
        gaps = [abs(math.log(abs(f.value) / abs(value))) for value in others]
        return min(gaps, default=math.inf)

    told = tuple(min(found, key=lambda f: distance(f, i)) for i, found in enumerate(apart))
    return told if len({f.value for f in told}) > 1 else None


APART = 2.0  # two figures of one thing this many times apart or more count two things, not one told two ways


def near(a: tuple[Figure, ...], b: tuple[Figure, ...]) -> bool:
    """Where the two count one thing differently, some two of their figures for it are less than APART
    times apart: sources that differ on a toll or a count ("213 people", "224 people"), not two quantities
    ("41 Kurds" on hunger strike, "1,500 Kurds" outside the hospital). True when none differ."""
    differing = [(x, y) for x in a for y in b if x.same_thing(y) and not _close(x.value, y.value)]
    return not differing or any(max(abs(x.value), abs(y.value)) < APART * min(abs(x.value), abs(y.value)) for x, y in differing)


ANCHOR = 1000.0  # a quantity from which one figure of one thing in two sentences tells that they report one fact


def anchored(a: tuple[Figure, ...], b: tuple[Figure, ...]) -> bool:
    """The two state one telling quantity of one thing: ANCHOR or more ("more than 1 million Uyghurs",
    "the more than one million Uighur"; "$425 million"), where both say what it counts of the same thing,
    a word spelt alike or two spellings of one name (``_one_thing``). Small counts and shares ("2 women",
    "3%") recur in unrelated sentences; a million of one people does not."""
    return any(
        _close(x.value, y.value) and x.value >= ANCHOR and x.counts not in _UNITS and _one_thing(x.counts, y.counts) for x in a for y in b
    )  # a distance is a race's name ("the 5,000m"), not a telling quantity


def _one_thing(x: str, y: str) -> bool:
    """Two figures count one thing: the same, or one name spelt two ways (its first letter and its
    consonants: "uyghur", "uighur"), or one of them says nothing of what it counts."""
    if x == y or not x or not y:
        return True
    return x.isalpha() and y.isalpha() and x[0] == y[0] and skeleton(x) == skeleton(y) != ""


def within(a: tuple[Figure, ...], b: tuple[Figure, ...]) -> bool:
    """Every quantity ``a`` states, ``b`` states too (however each writes it)."""
    return all(any(_close(x.value, y.value) for y in b) for x in a)


def shared(a: tuple[Figure, ...], b: tuple[Figure, ...]) -> bool:
    """The two state at least one same quantity."""
    return any(_close(x.value, y.value) for x in a for y in b)


def _close(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1.0)
