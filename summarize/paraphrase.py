"""Whether two English sentences say the same thing, in whatever words a reporter or a translator chose.

A pair of sentences is read as a few measures of what they share (``features``): their words, their
terms (lemmas, ``lemmas``), their word pairs, how well each content word of one finds a word of like
meaning in the other, the words neither finds, their figures, a negation on one side only, their lengths
and the likeness of the sentences as wholes. A logistic model weighs them into the likelihood that the
two are paraphrases. Its weights and its threshold are in ``paraphrase.json``, fitted by
``bench/fit_paraphrase.py`` on the train part of the Microsoft Research Paraphrase Corpus (news sentence
pairs labelled by people); ``bench/quality.py`` reports it on the test part.

Words of like meaning ("fled"/"escaped", "quit"/"resigned") meet through static word vectors:
WordLlama's l2_supercat model (MIT), token embeddings of a large language model trained for sentence
likeness, whose 256-dimensional weights (16 MB) and tokenizer ship inside the ``wordllama`` package. A word's
vector is the mean of its tokens' vectors: no network, no torch, about 70 MB in memory, loaded on first use.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import figures as fig
from .lemmas import negated, terms
from .text import STOPWORDS, words

MODEL = Path(__file__).with_name("paraphrase.json")
ALIGNED = 0.3  # the cosine from which a word finds a word of like meaning in the other sentence
FEATURES = (
    "word_overlap",  # Jaccard of the two sentences' lower-cased words
    "term_overlap",  # Jaccard of their terms (``lemmas.terms``): "fled" and "flee" meet
    "pair_overlap",  # Jaccard of their pairs of adjacent words: word order, a little
    "aligned_less",  # how well each content word finds a word of like meaning on the other side: the weaker side ...
    "aligned_more",  # ... and the stronger side (mean best cosine over its words)
    "unmatched",  # content words of the side with more of them that find nothing like them on the other side
    "figures_apart",  # quantities one sentence gives and the other does not ("$1.5 million" is "1,500,000 dollars")
    "negation_apart",  # one sentence says something did not happen, the other does not
    "length_ratio",  # the shorter sentence's words over the longer's
    "sentence_cosine",  # the cosine of the two sentences' mean vectors
)


@dataclass(frozen=True)
class Model:
    """A logistic model over ``FEATURES``: standardised with ``mean`` and ``scale``, then weighed."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float  # the likelihood from which two sentences are said to say the same thing

    def likelihood(self, values: tuple[float, ...]) -> float:
        z = self.bias + math.fsum((v - m) / s * w for v, m, s, w in zip(values, self.mean, self.scale, self.weights, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


@functools.cache
def model() -> Model:
    """The fitted model (``paraphrase.json``)."""
    fitted = json.loads(MODEL.read_text(encoding="utf-8"))
    if tuple(fitted["features"]) != FEATURES:
        raise ValueError(f"{MODEL.name} was fitted on other features: run bench/fit_paraphrase.py")
    return Model(tuple(fitted["mean"]), tuple(fitted["scale"]), tuple(fitted["weights"]), fitted["bias"], fitted["threshold"])


@functools.cache
def _embedder():  # wordllama's WordLlamaInference
    """WordLlama's bundled model, read from the package's own files (never downloaded)."""
    import wordllama

    return wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


@functools.lru_cache(maxsize=16384)  # 1 KB a word
def vector(word: str) -> np.ndarray:
    """A word's unit vector."""
    return _embedder().embed([word], norm=True)[0]


_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_MONTHS = {  # "may" is left out: it is more often a verb
    name: n
    for n, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}


@dataclass(frozen=True, eq=False)
class Reading:
    """What the model reads of one sentence, once however many sentences it is compared with."""

    words: frozenset[str]
    terms: frozenset[str]
    pairs: frozenset[tuple[str, str]]  # adjacent words
    length: int  # words
    vectors: np.ndarray  # its content words' unit vectors, one a row (0 rows when it has none)
    mean: np.ndarray  # the unit vector of their sum
    figures: tuple[fig.Figure, ...]


@functools.lru_cache(maxsize=4096)  # about 15 KB a sentence: a story's sentences, not a day's
def read(sentence: str) -> Reading:
    """A sentence as the model reads it; cached, since a story compares each sentence with many."""
    tokens = words(sentence)
    content = sorted({w for w in tokens if w not in STOPWORDS and len(w) > 2})
    vectors = np.array([vector(w) for w in content]) if content else np.zeros((0, 0))
    total = vectors.sum(axis=0) if content else np.zeros(0)
    norm = float(np.linalg.norm(total)) if content else 0.0
    return Reading(
        frozenset(tokens),
        frozenset(terms(sentence)),
        frozenset(itertools.pairwise(tokens)),
        len(tokens),
        vectors,
        total / norm if norm else total,
        fig.figures(sentence),
    )


@functools.lru_cache(maxsize=4096)
def _marks(sentence: str) -> tuple[bool, frozenset[tuple[str, str]]]:
    """Whether a sentence says something did not happen, and the times it names (``_times``): what
    ``contradicts`` reads, without the word vectors, so a pair decided on its words never loads them."""
    return negated(sentence), _times(words(sentence))


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _apart(a: tuple[fig.Figure, ...], b: tuple[fig.Figure, ...]) -> int:
    return sum(1 for x in a if not fig.within((x,), b))


def features(a: str, b: str) -> tuple[float, ...]:
    """The measures of ``FEATURES`` for two sentences, symmetric in them."""
    x, y = read(a), read(b)
    if len(x.vectors) and len(y.vectors):
        cosines = x.vectors @ y.vectors.T
        best_x, best_y = cosines.max(axis=1), cosines.max(axis=0)
        aligned = sorted((float(best_x.mean()), float(best_y.mean())))
        unmatched = max(int((best_x < ALIGNED).sum()), int((best_y < ALIGNED).sum()))
        whole = float(x.mean @ y.mean)
    else:
        aligned, unmatched, whole = [0.0, 0.0], max(len(x.vectors), len(y.vectors)), 0.0
    return (
        _jaccard(x.words, y.words),
        _jaccard(x.terms, y.terms),
        _jaccard(x.pairs, y.pairs),
        aligned[0],
        aligned[1],
        float(unmatched),
        float(_apart(x.figures, y.figures) + _apart(y.figures, x.figures)),
        float(_marks(a)[0] != _marks(b)[0]),
        min(x.length, y.length) / (max(x.length, y.length) or 1),
        whole,
    )


def likelihood(a: str, b: str) -> float:
    """How likely the two sentences say the same thing, as the fitted model reads them."""
    return model().likelihood(features(a, b))


def same(a: str, b: str) -> bool:
    """The two sentences say the same thing: neither contradicts the other (``contradicts``), their
    figures agree, and their likelihood reaches the model's threshold."""
    if contradicts(a, b):
        return False
    x, y = read(a), read(b)
    if not (fig.agree(x.figures, y.figures) and fig.agree(y.figures, x.figures)):
        return False
    return likelihood(a, b) >= model().threshold


def contradicts(a: str, b: str) -> bool:
    """However alike their words, the two sentences cannot say the same thing: one says that something
    did not happen (``lemmas.negated``), or they name other times of one kind (days of the week, months,
    dates or years: "in 1989" and "in 1996")."""
    (denied_a, when_a), (denied_b, when_b) = _marks(a), _marks(b)
    if denied_a != denied_b:
        return True
    kinds = {kind for kind, _ in when_a} & {kind for kind, _ in when_b}
    return any(not {t for t in when_a if t[0] == kind} & when_b for kind in kinds)


def _times(tokens: list[str]) -> frozenset[tuple[str, str]]:
    """The times a sentence names, by kind: days of the week, months, dates ("Oct. 16", "16 October") and
    years ("1989")."""
    found = set()
    tokens = [w.split("'")[0].split("’")[0] for w in tokens]  # "1989's": 1989
    for i, w in enumerate(tokens):
        if w in _DAYS:
            found.add(("day", w))
        elif w in _MONTHS:
            month = _MONTHS[w]
            found.add(("month", str(month)))
            for near in (tokens[i + 1 : i + 2], tokens[max(i - 1, 0) : i]):
                if near and near[0].isdigit() and 1 <= int(near[0]) <= 31:
                    found.add(("date", f"{month}-{int(near[0])}"))
        elif len(w) == 4 and w.isdigit() and 1900 <= int(w) <= 2099:
            found.add(("year", w))
    return frozenset(found)
