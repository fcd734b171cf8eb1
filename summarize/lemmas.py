"""Words as what they say, whatever form a reporter or a translator gave them: the terms two statements
are compared on when the question is whether they state the same thing (``facts``, ``citations``).

A term is a content word's lemma (lemminflect's English lemmas: "fled" and "flee", "kept" and "keeps",
"was discussed" and "discussed" meet), cut to six letters as ``text.content_words`` cuts words, so that a
noun and its verb meet too ("repatriation" and "repatriate"). Word order is not compared, so a passive
sentence holds the terms of its active form. A statement's negation ("did not", "never", "no") is read
apart: two statements that differ only by it say opposite things.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas

from .text import STOPWORDS, words

STEM = 6  # letters a term keeps (``text.content_words`` cuts words alike)
_PREFERRED = ("VERB", "NOUN", "ADJ", "ADV", "PROPN")  # a verb's lemma first: news turns on what was done
NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot".split())
DENIALS = frozenset("refuse deny reject decline fail".split())  # verbs that say something was not done


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """A lower-case word's lemma: as a verb where it is one ("fled": "flee"), else as a noun or an adjective;
    the word itself where lemminflect does not know it (names, most foreign words)."""
    found = getAllLemmas(word)
    for pos in _PREFERRED:
        if pos in found:
            return found[pos][0]
    return next((forms[0] for forms in found.values()), word)


def terms(text: str) -> list[str]:
    """The content words of ``text`` as terms: lemmas cut to STEM letters; figures as written."""
    return [w if w.isdigit() else lemma(w)[:STEM] for w in words(text) if w not in STOPWORDS and (len(w) > 2 or w.isdigit())]


def negated(text: str) -> bool:
    """``text`` says that something did not happen or is not so ("did not", "never", "no one", "refused to")."""
    return any(w in NEGATIONS or _CONTRACTED.search(w) or lemma(w) in DENIALS for w in words(text))


_CONTRACTED = re.compile(r"n['’]t$")
