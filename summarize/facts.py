"""Facts a story's sources agree on, found over every sentence of its documents.

Each candidate sentence of each document is a ``Statement``: what it says happened (its content words
less its names and people's titles), its names (keys that meet across scripts) and its figures. Two
statements of different documents state the same fact when each holds enough of what the other says
happened (checked both ways, so a sentence that merely shares a title or a name with another does not
count), they share a name where both name someone, and their figures do not contradict each other.
Statements that say the same thing with different figures for the same quantity are one fact on which
the sources differ. Facts are ranked by how many sources state them, then reports before quotations,
then by how central they are to the story.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from . import figures as fig
from .briefs import Candidate
from .citations import AGREES, support
from .names import Lexicon, marked_names, name_keys
from .text import content_words, cosine

COVERS = 0.25  # share of what a statement says happened that the other must hold ...
COVERED = 0.2  # ... and of what the other says that it must hold, for the two to state one fact
MIN_SHARED = 2  # words of what happened two statements share at the least (1 when they share 2 names or more)
TITLES = frozenset("presid minist secret spokes offici admini direct chief genera govern depart agency foreig state counte".split())
COMMON = 0.5  # a word in more than this share of the story's statements does not pair statements


@dataclass(frozen=True)
class Statement:
    doc: str
    candidate: Candidate
    words: frozenset[str]
    names: frozenset[str]
    figures: tuple[fig.Figure, ...]


@dataclass(frozen=True)
class Fact:
    """A statement and, from other documents, the statements that state the same fact."""

    lead: Statement
    others: tuple[Statement, ...]
    centrality: float
    differs: bool  # the sources give different figures for the same quantity

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.lead.doc, *(s.doc for s in self.others))

    @property
    def plainest(self) -> Statement:
        """The statement that says it in the fewest words: the one the fact is shown as."""
        return min((self.lead, *self.others), key=lambda s: len(s.words) + len(s.names))


def statement(doc: str, candidate: Candidate, day: Lexicon) -> Statement:
    """A candidate sentence as what it says happened, whom it names and what figures it gives."""
    named = {w.casefold() for w in marked_names(candidate.text)}
    unnamed = " ".join(t for t in candidate.text.split() if t.strip(".,;:'\"“”()’s").casefold() not in named)
    what = frozenset(w for w in content_words(unnamed) if w not in TITLES and not w.isdigit())  # figures are compared apart
    return Statement(doc, candidate, what, frozenset(name_keys([candidate.text], day)), fig.figures(candidate.text))


def same_fact(a: Statement, b: Statement, weight: dict[str, float] | None = None) -> bool | None:
    """True when ``a`` and ``b`` state one fact, False when not, None when they state it with
    figures that differ. ``weight``: how telling each word is (words every source uses, such as
    "meeting", tell less than "refuge"); every word counts 1 without it."""
    shared, named = a.words & b.words, a.names & b.names
    if len(shared) < (1 if len(named) >= 2 else MIN_SHARED):
        return False

    def mass(words: frozenset[str]) -> float:
        return sum(weight.get(w, 1.0) for w in words) if weight else float(len(words))

    small, large = sorted((a, b), key=lambda s: mass(s.words))
    held = mass(shared)
    if held < COVERS * mass(small.words) or held < COVERED * mass(large.words):
        return False
    if a.names and b.names and not named and (len(shared) < 3 or held < 2 * COVERS * mass(small.words)):
        return False  # they name different people and places: only a closer match of what happened counts
    if min(support(a.candidate.text, b.candidate.text, False), support(b.candidate.text, a.candidate.text, False)) < AGREES:
        return False  # each must hold what the other says, names and figures included (the citation check)
    return True if fig.agree(a.figures, b.figures) and fig.agree(b.figures, a.figures) else None


def facts(statements: Sequence[Statement], centroid: dict[str, float]) -> list[Fact]:
    """The facts of a story, most sources first, then most central; every statement in one fact at most."""
    postings: dict[str, list[int]] = {}
    for i, s in enumerate(statements):
        for word in s.words:
            postings.setdefault(word, []).append(i)
    sources = len({s.doc for s in statements})
    weight = {w: math.log(1 + sources / len({statements[i].doc for i in members})) for w, members in postings.items()}
    links: dict[int, dict[int, bool | None]] = {i: {} for i in range(len(statements))}
    for members in postings.values():
        if len(members) > max(COMMON * len(statements), 8):
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if j in links[i] or statements[i].doc == statements[j].doc:
                    continue
                verdict = same_fact(statements[i], statements[j], weight)
                if verdict is not False:
                    links[i][j] = links[j][i] = verdict
    central = [_centrality(s, centroid) for s in statements]

    def order(i: int) -> tuple:
        return (-len({statements[j].doc for j in links[i]}), -central[i], statements[i].candidate.position)

    used: set[int] = set()
    found: list[Fact] = []
    for i in sorted(range(len(statements)), key=order):
        if i in used:
            continue
        used.add(i)
        others: dict[str, int] = {}
        for j in sorted(links[i], key=lambda j: -central[j]):
            if j not in used and statements[j].doc not in others:
                others[statements[j].doc] = j
        used.update(others.values())
        differs = any(links[i][j] is None for j in others.values())
        found.append(Fact(statements[i], tuple(statements[j] for j in others.values()), central[i], differs))
    return sorted(found, key=lambda f: (-len(f.sources), _quoted(f.plainest), -f.centrality))


def _quoted(s: Statement) -> bool:
    """The statement is a quotation: it reports what someone said, not what happened."""
    return s.candidate.text.lstrip().startswith(('"', "“", "«", "'"))


def _centrality(s: Statement, centroid: dict[str, float]) -> float:
    weights = {w: 1.0 for w in s.words}
    norm = len(weights) ** 0.5 or 1.0
    return cosine({w: 1.0 / norm for w in weights}, centroid)
