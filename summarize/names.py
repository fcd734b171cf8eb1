"""Names in a document, as keys that meet across scripts without colliding on common words.

A word counts as a name when the text marks it as one: a capitalised word that does not open its
sentence, or one that does but is followed by another (``Mike Pompeo said``), or an acronym; never a
function word, a title, a weekday or a month, written out or abbreviated ("Nov.", "Gen.": ``NOT_NAMES``).
A name's key is its Latin spelling (``pompeo``, ``tleuber``): spellings keep their vowels, so ``Persson``
and ``Prison`` stay apart.

Scripts that write other than Latin reach those keys through a consonant skeleton: ``Помпео`` and
``بومبيو`` both give ``bmb``, as ``Pompeo`` does, and a word of such a script takes the keys of the day's
Latin names that share its skeleton (``Lexicon``). Scripts without capitals (Arabic) have no other way
to mark a name, so only their words that meet a name of the day this way count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from anyascii import anyascii

from .text import STOPWORDS

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
ABBREVIATIONS = frozenset(  # of months ("Nov. 5") and of titles ("Gen. Pinochet", "Sen. Warren"): neither names nor news
    "jan feb mar apr jun jul aug sep sept oct nov dec gen lt col sgt maj capt adm cmdr gov sen rep rev prof jr sr".split()
)
NOT_NAMES = frozenset(
    """mr mrs ms dr sir president minister ministry secretary state states prime chief general official officials spokesperson
    spokesman spokeswoman department government police army court university news agency house senate party council
    committee republic union national international foreign affairs north south east west central northern southern eastern
    western monday tuesday wednesday thursday friday saturday sunday january february march april june july august september
    october november december the a an he she it we they i his her its our their this that these those but and or in on at
    for to of with by from as after before when while if what who why how there here then today yesterday tomorrow also
    some many all most more no not yes however meanwhile earlier later asked speaking according""".split()
).union(STOPWORDS, ABBREVIATIONS)
SKELETON_CONSONANTS = 5
MIN_SKELETON = 3  # a shorter skeleton meets too many words to stand for a name
_SKELETON_MAP = str.maketrans({"p": "b", "v": "f", "q": "k", "c": "k", "x": "ks", "g": "k", "j": "k"})


def spelling(word: str) -> str:
    """A name's key: its Latin letters, lower case, without a possessive, cut to seven letters (so
    ``Kazakhstan``/``Kazakhstan's`` meet, and ``Tleuberdi``/``Tleuberdin`` too)."""
    latin = re.sub(r"[^a-z]", "", anyascii(re.sub(r"['’]s$", "", word)).lower())
    return latin[:7]


def skeleton(word: str) -> str:
    """A consonant skeleton of a word in any script: Pompeo, Помпео and بومبيو all give ``bmb``."""
    if word.startswith("ال") and len(word) > 4:  # the Arabic article
        word = word[2:]
    latin = anyascii(word).lower().translate(_SKELETON_MAP)
    bare = re.sub(r"[^a-z]|[aeiouhwy]", "", latin)
    return re.sub(r"(.)\1+", r"\1", bare)[:SKELETON_CONSONANTS]


def _cased(word: str) -> bool:
    return word[0].lower() != word[0].upper()


def _latin(word: str) -> bool:
    return word.isascii() or anyascii(word).lower() == word.lower()


def marked_names(sentence: str) -> list[str]:
    """The words of one sentence that its capitals mark as names (see the module's docstring)."""
    words = _WORD.findall(sentence)
    candidate = [_cased(w) and w[0].isupper() and w.casefold() not in NOT_NAMES and len(w) > 1 for w in words]
    names = []
    for i, word in enumerate(words):
        if not candidate[i]:
            continue
        acronym = word.isupper() and len(word) >= 2
        if i > 0 or acronym or (i + 1 < len(words) and candidate[i + 1]):
            names.append(word)
    return names


def without(sentence: str, named: set[str]) -> str:
    """``sentence`` with the words in ``named`` (case-folded) blanked out: what it says, less who and where."""
    return _WORD.sub(lambda m: " " if m.group().casefold() in named else m.group(), sentence)


class Lexicon:
    """The day's names in Latin spelling, by skeleton: what a word of another script can be read as."""

    def __init__(self, latin_names: Iterable[str]):
        self.by_skeleton: dict[str, set[str]] = {}
        for name in latin_names:
            bones = skeleton(name)
            if len(bones) >= MIN_SKELETON:
                self.by_skeleton.setdefault(bones, set()).add(spelling(name))

    def read(self, word: str) -> set[str]:
        """The spellings of the day's names this word can be (none for a word that meets no name): the
        longest name skeleton its own begins with, so endings do not matter (``Тоқаевпен``: ``Tokayev``)."""
        bones = skeleton(word)
        for length in range(len(bones), MIN_SKELETON - 1, -1):
            if bones[:length] in self.by_skeleton:
                return self.by_skeleton[bones[:length]]
        return set()


def latin_names(sentences: Iterable[str]) -> list[str]:
    """The names marked in sentences written in the Latin script (English and Latin-script sources)."""
    return [w for s in sentences for w in marked_names(s) if _latin(w)]


def name_keys(sentences: Iterable[str], lexicon: Lexicon) -> set[str]:
    """The keys of every name in the sentences: Latin names by spelling; names of other cased scripts,
    and every word of a script without capitals, through the lexicon."""
    keys: set[str] = set()
    for sentence in sentences:
        marked = marked_names(sentence)
        for word in marked:
            keys |= {spelling(word)} if _latin(word) else lexicon.read(word)
        for word in _WORD.findall(sentence):
            if not _cased(word) and len(word) >= 4:
                keys |= lexicon.read(word)
    return {k for k in keys if len(k) >= 3}


def capitalised(sentence: str) -> set[str]:
    """The keys of a sentence's capitalised words, the one that opens it too: read against names a text
    marks elsewhere, so "Lohan was ..." names Lohan."""
    return {spelling(w) for w in _WORD.findall(sentence) if w[0].isupper()}
