"""Text features for comparing English sentences and documents: content words, TF-IDF vectors, cosine.
Names, and their keys across scripts, are in ``names``.

Sparse vectors are plain dicts: the collections are a day's documents or one document's sentences,
small enough that a dict beats pulling in a machine-learning library.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves said says say told according
mr ms mrs one two three new also would could may might must shall us
""".split()
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def content_words(text: str) -> list[str]:
    """Lower-cased words that carry meaning, cut to six letters so "Kazakh"/"Kazakhs", "urges"/"urge" meet."""
    return [w[:6] for w in words(text) if w not in STOPWORDS and (len(w) > 2 or w.isdigit())]


def tfidf(bags: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """L2-normalized TF-IDF vectors (smoothed idf) of token bags."""
    df = Counter(token for bag in bags for token in set(bag))
    n = len(bags)
    vectors = []
    for bag in bags:
        weights = {t: (1 + math.log(c)) * (1 + math.log((1 + n) / (1 + df[t]))) for t, c in Counter(bag).items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items()})
    return vectors


def idf_weights(sets: Sequence[set[str]]) -> dict[str, float]:
    df = Counter(token for tokens in sets for token in tokens)
    return {t: 1 + math.log((1 + len(sets)) / (1 + c)) for t, c in df.items()}


def overlap(a: set[str], b: set[str], idf: dict[str, float], mass_a: float, mass_b: float) -> float:
    """Weighted overlap coefficient: the idf mass two sets share over the smaller set's mass (the masses:
    each set's idf sum, computed once per set by the caller)."""
    smaller = min(mass_a, mass_b)
    return math.fsum(idf[t] for t in a & b) / smaller if smaller else 0.0  # fsum: the same whatever a set's order


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())
