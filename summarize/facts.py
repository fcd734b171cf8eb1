"""Facts a story's sources agree on, found over every sentence of its documents.

Each candidate sentence of each document is a ``Statement``: what it says happened (its content words as
lemmas, ``lemmas``, less its names and people's titles), its names (keys that meet across scripts) and its
figures. Two statements of different documents state the same fact when neither denies what the other
says or names another day, they share a name where both name someone, their figures do not contradict
each other, and either each holds enough of what the other says happened (checked both ways, so a
sentence that merely shares a title or a name with another does not count; one may add a detail), or they
give one telling quantity of one thing and name the same people or place ("the fate of more than 1 million
Uyghurs", "the plight of the more than one million Uighur Muslims": ``figures.anchored``), or the
paraphrase model reads them as saying the same thing in other words (``paraphrase``). A sentence that
quotes several states each of them: a source that quotes one of them states that fact with it.
Statements that say the same thing with different figures for the same quantity are one fact on which
the sources differ. Every two statements of a fact state it with each other, so each is an agreeing
citation of whichever one the fact is shown as. Facts several sources state come first, the first of them
one a source opens with, and reports that read on their own (``reads_alone``) before quotations, remarks,
questions, captions and sentences that lean on the one before; then each next fact is the one that adds
the most of what many of the story's sources write (``_ranked``).
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from . import figures as fig
from . import paraphrase
from .briefs import Candidate
from .citations import AGREES, reporting, support
from .lemmas import terms
from .names import ABBREVIATIONS, NOT_NAMES, Lexicon, latin_names, marked_names, name_keys, spelling, without
from .text import content_words

COVERS = 0.25  # share of what a statement says happened that the other must hold ...
COVERED = 0.2  # ... and of what the other says that it must hold, for the two to state one fact
MIN_SHARED = 2  # words of what happened two statements share at the least (1 when they share 2 names or more)
TITLES = frozenset("presid minist secret spokes offici admini direct chief genera govern depart agency foreig state counte".split())
WHEN = frozenset("year last week month day today yester tomorr quarte ago next early late time previo".split())  # when, not what
COMMON = 0.5  # a word in more than this share of the story's statements does not pair statements
WIDELY = 0.4  # a term in this share of a story's documents (2 at the least) is what many of its sources write
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")  # a word as ``names`` reads one: "Kazakhstan's", "Nur" of "Nur-Sultan"


@dataclass(frozen=True)
class Statement:
    doc: str
    candidate: Candidate
    words: frozenset[str]
    names: frozenset[str]
    figures: tuple[fig.Figure, ...]
    named: frozenset[str] = frozenset()  # the content words its names are written with ("tsunam" of "Tsunami")
    parts: tuple[Statement, ...] = ()  # the sentences it holds when it quotes several, each a statement of its own


@dataclass(frozen=True)
class Fact:
    """A statement and, from other documents, the statements that state the same fact: every two of
    them do (``same_fact``), so whichever the fact is shown as, each other one is an agreeing citation."""

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
    """A candidate sentence as what it says happened, whom it names and what figures it gives. A name
    is a word its capitals mark (``names.marked_names``), or the word that opens the sentence when the
    day's sources name someone so ("Pompeo, who is in ..."); names are not part of what happened."""
    text = candidate.text
    named = {w.casefold() for w in marked_names(text)}
    opening = _opening_name(text, day)
    if opening:
        named.add(opening.casefold())
    left_out = TITLES | ABBREVIATIONS | reporting()
    what = frozenset(w for w in terms(without(text, named)) if w not in left_out and not w.isdigit())  # figures apart
    keys = name_keys([text], day) | ({spelling(opening)} if opening else set())
    as_names = frozenset(terms(" ".join(m.group() for m in _TOKEN.finditer(text) if m.group().casefold() in named)))
    parts = tuple(statement(doc, dataclasses.replace(candidate, text=part), day) for part in _parts(text))
    return Statement(doc, candidate, what, frozenset(keys), fig.figures(text), as_names - what, parts)


# where a quotation of several sentences goes on to the next: after a word of three lower-case letters or
# more (not "U.S." or "Mr."), before a capital
_SENTENCE_END = re.compile(r"""(?<=[a-z]{3}[.!?])[”"»’']?\s+(?=[“"«‘']?[A-Z])""")
PART = 4  # words from which a piece of a quotation is a sentence of its own


def _parts(text: str) -> list[str]:
    """The sentences a candidate holds when it quotes several ("“We invite all countries ... in China. We
    call on them to ...,” Pompeo said."); none when it is one sentence."""
    pieces = _SENTENCE_END.split(text)
    return pieces if len(pieces) > 1 and all(len(p.split()) >= PART for p in pieces) else []


def _opening_name(text: str, day: Lexicon) -> str | None:
    """The sentence's first word when it is one of the day's names (capitals mark it elsewhere), else None."""
    first = _TOKEN.search(text)
    if not first or not first.group()[0].isupper() or first.group().casefold() in NOT_NAMES:
        return None
    key = spelling(first.group())
    return first.group() if len(key) >= 3 and key in day.read(first.group()) else None


def same_fact(a: Statement, b: Statement, weight: dict[str, float] | None = None) -> bool | None:
    """True when ``a`` and ``b`` state one fact, False when not, None when they state it with figures
    that differ: the two statements, or a sentence of one that quotes several (``Statement.parts``) and
    the other or a sentence of it, state it (``_states``). ``weight``: how telling each word is (words every
    source uses, such as "meeting", tell less than "refuge"); every word counts 1 without it."""
    if not (a.words & b.words) and len(a.names & b.names) < 2:
        return False
    stating = next(((x, y) for x in (a, *a.parts) for y in (b, *b.parts) if _states(x, y, weight)), None)
    if stating is None:
        return False
    x, y = stating
    if not (fig.agree(x.figures, y.figures) and fig.agree(y.figures, x.figures)):
        return None if fig.near(x.figures, y.figures) else False  # the sources differ, or they tell two quantities
    return fig.within(x.figures, y.figures) and fig.within(y.figures, x.figures)  # one giving a figure the other does not says more


def _states(a: Statement, b: Statement, weight: dict[str, float] | None) -> bool:
    """Two sentences state one fact: neither denies what the other says or names another day
    (``paraphrase.contradicts``), and either each holds enough of what the other says happened
    (``_covers``: one may say more, as a reporter adds a detail), or they give one telling quantity of
    one thing and share a name (``figures.anchored``: numbers and names anchor a fact whatever its words),
    or the paraphrase model reads them as saying the same thing in other words (``paraphrase``)."""
    if paraphrase.contradicts(a.candidate.text, b.candidate.text):
        return False  # one says it did not happen, or names another day
    named = a.names & b.names
    if _covers(a, b, weight):
        return True
    if named and fig.anchored(a.figures, b.figures):
        return True  # one telling quantity of one thing, of the same people or place: one fact in other words
    return bool(named or not (a.names and b.names)) and paraphrase.same(a.candidate.text, b.candidate.text)


def _covers(a: Statement, b: Statement, weight: dict[str, float] | None) -> bool:
    """Each statement holds enough of what the other says happened, checked both ways (a sentence that
    merely shares a title or a name with another, or only when it happened, does not count), and names
    the same people where both name someone, unless what happened matches closer."""
    shared, named = a.words & b.words, a.names & b.names
    if len(shared) < (1 if len(named) >= 2 else MIN_SHARED) or shared <= WHEN:
        return False  # too little in common, or only when it happened ("last year")

    def mass(words: frozenset[str]) -> float:
        return math.fsum(weight.get(w, 1.0) for w in words) if weight else float(len(words))

    small, large = sorted((a, b), key=lambda s: mass(s.words))
    held = mass(shared)
    if held < COVERS * mass(small.words) or held < COVERED * mass(large.words):
        return False
    if a.names and b.names and not named and (len(shared) < 3 or held < 2 * COVERS * mass(small.words)):
        return False  # they name different people and places: only a closer match of what happened counts
    return _holds_each_other(a, b)  # each must hold what the other says, names included (the citation check)


def agrees(a: str, b: str) -> bool:
    """Two English sentences state one fact, with the same figures: the check facts are found with
    (``same_fact``), on two sentences alone (their names are the day's)."""
    day = Lexicon(latin_names([a, b]))
    first, second = (statement(doc, Candidate(f"{doc}.s1", 1, 0, text, "en", (), 1), day) for doc, text in (("a", a), ("b", b)))
    return same_fact(first, second) is True


def _holds_each_other(a: Statement, b: Statement) -> bool:
    """Each statement's sentence supports the other as an agreeing citation (``citations.support``); their
    figures are compared apart, as quantities."""
    text_a, text_b = a.candidate.text, b.candidate.text
    return min(support(text_a, text_b, False), support(text_b, text_a, False)) >= AGREES


def facts(statements: Sequence[Statement], centroid: dict[str, float]) -> list[Fact]:
    """The facts of a story in the order it shows them (``_ranked``); every statement in one fact at most.
    A capitalised word that other statements of the story write in lower case is a common word there,
    not a name ("the Earthquake/Tsunami damaged region" of a story about a tsunami): it counts in what
    its statement says happened."""
    common = {w for s in statements for w in s.words}
    statements = [_with_common(s, common) for s in statements]
    postings: dict[str, list[int]] = {}
    for i, s in enumerate(statements):
        for word in s.words:
            postings.setdefault(word, []).append(i)
    sources = len({s.doc for s in statements})
    weight = {w: math.log(1 + sources / len({statements[i].doc for i in members})) for w, members in postings.items()}
    for i, s in enumerate(statements):
        for name in s.names:
            postings.setdefault(f"~{name}", []).append(i)  # statements in other words meet through whom they name
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
        others: dict[str, int] = {}  # one statement a document, each stating the fact with every other
        for j in sorted(links[i], key=lambda j: (-central[j], j)):  # the most central, then the first
            if j not in used and statements[j].doc not in others and all(k in links[j] for k in others.values()):
                others[statements[j].doc] = j
        used.update(others.values())
        differs = any(links[i][j] is None for j in others.values())
        found.append(Fact(statements[i], tuple(statements[j] for j in others.values()), central[i], differs))
    return _ranked(found, statements)


def _with_common(s: Statement, common: set[str]) -> Statement:
    """The statement with the words its names are written with that the story writes in lower case."""
    if not s.named & common and not s.parts:
        return s
    parts = tuple(_with_common(p, common) for p in s.parts)
    return dataclasses.replace(s, words=s.words | (s.named & common), parts=parts)


def _terms(text: str) -> set[str]:
    """What a sentence says, as terms: its content words and its pairs of adjacent content words."""
    words = content_words(text)
    return {*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))}


def _ranked(found: Sequence[Fact], statements: Sequence[Statement]) -> list[Fact]:
    """The facts in the order a story shows them: those several sources state first, and the first of
    them (the story's lede) one that a source opens with, where one does: what happened, as an outlet
    leads with it, not the background every wire story repeats further down. Reports that read on their
    own come before quotations and sentences that lean on the one before them; then, each time, the
    fact that says the most (for its length) of what many of the story's sources write and the facts
    before it have not said. What many sources write: a term (``_terms``) in at least WIDELY of the
    story's documents, worth the number of documents writing it.
    This is concept coverage (Gillick and Favre 2009) taken greedily: a fact that only repeats the facts
    before it has nothing left to add. The gains only shrink as the story is told, so a fact's gain is
    recomputed only when it reaches the top (lazy greedy): a story costs about what its facts do."""
    written: dict[str, set[str]] = {}
    for s in statements:
        written.setdefault(s.doc, set()).update(_terms(s.candidate.text))
    documents = Counter(term for terms in written.values() for term in terms)
    floor = max(2.0, WIDELY * len(written))
    worth = {term: n for term, n in documents.items() if n >= floor}
    said = [_terms(f.plainest.candidate.text) & worth.keys() for f in found]
    length = [len(f.plainest.candidate.text.split()) or 1 for f in found]
    alone = [reads_alone(f.plainest.candidate.text) for f in found]  # once each: a fact's key is taken again as facts are told
    told: set[str] = set()
    order: list[Fact] = []

    def key(i: int) -> tuple:
        gain = sum(worth[t] for t in said[i] - told) / length[i]
        opens = not order and any(s.candidate.position == 0 for s in (found[i].lead, *found[i].others))
        return (len(found[i].sources) > 1, alone[i], opens, gain, found[i].centrality, -i)

    heap = [(_negated(key(i)), i) for i in range(len(found))]
    heapq.heapify(heap)
    while heap:
        _, i = heapq.heappop(heap)
        now = key(i)
        if heap and now < _negated(heap[0][0]):
            heapq.heappush(heap, (_negated(now), i))  # said less than when it was ranked: rank it again
            continue
        told |= said[i]
        order.append(found[i])
    return order


def _negated(key: tuple) -> tuple:
    return tuple(-v for v in key)


_LEANS = re.compile(  # a sentence that opens on a word pointing back: "They agreed ...", "Then, ...", "Another ship ..."
    r"^\W*(?:he|she|they|it|its|his|her|their|this|that|these|those|i|we|but|and|also|then|another|however|instead|thus|therefore"
    r"|yet|whatever|such)\b",
    re.I,
)


def reads_alone(text: str) -> bool:
    """The sentence is a report that reads on its own: not a quotation, not a remark someone made in a
    few words ("Fundamental human rights matter, said Mike Pompeo."), and not a sentence that leans on the
    one before it in its document ("They agreed ...", "But ..."), not a question or an exclamation, and
    not a caption that only names (``_names_only``)."""
    return not _quoted(text) and not _remark(text) and not _LEANS.match(text) and not _asks_or_exclaims(text) and not _names_only(text)


# a sentence that ends by naming who said it: ", said Mike Pompeo.", ", the minister said.", ", he told reporters."
_ATTRIBUTED = re.compile(r",\s*(?:[\w.'’-]+\s+){0,4}?(?:said|says|added|told)\b(?:\s+[\w.'’-]+){0,4}\s*[.!]?\s*$", re.I)
REMARK = 8  # words before the attribution from which a sentence reports what happened, not a remark


def says_little(text: str) -> bool:
    """The sentence tells no news of its own: a remark ("X matters, said Y"), a quotation that names no
    one and nowhere ("The protection of human rights defines the soul of a nation."), a question or an
    exclamation to the reader ("What games do you get for free in February?"), or a caption that only
    names who and when ("Michael Sheen and Sarah Silverman in 2016.")."""
    return _remark(text) or (_quoted(text) and not marked_names(text)) or _asks_or_exclaims(text) or _names_only(text)


_CALENDAR = frozenset(
    content_words(
        "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
        "august september october november december"
    )
)


def _names_only(text: str) -> bool:
    """The sentence names people, places and a time, and says nothing of what happened: a photo's caption."""
    named = {w.casefold() for w in marked_names(text)}
    return not any(w not in WHEN and w not in _CALENDAR and not w.isdigit() for w in content_words(without(text, named)))


def _remark(text: str) -> bool:
    """The sentence is a remark: a few words someone said, attributed at its end, with no report of its own."""
    found = _ATTRIBUTED.search(text)
    return found is not None and len(text[: found.start()].split()) < REMARK


def _asks_or_exclaims(text: str) -> bool:
    """The sentence asks or exclaims rather than tells ("What games do you get for free?", "Time travel is
    possible!"): it ends in a question or exclamation mark, outside any quotation."""
    return text.rstrip().endswith(("?", "!")) and not _quoted(text)


_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
QUOTED = 0.5  # the share of a sentence's letters inside quotation marks from which it is a quotation


def _quoted(text: str) -> bool:
    """The sentence is a quotation: it reports what someone said, not what happened. It opens on a
    quotation mark, or most of it is quoted ("Microsoft responded by saying: “Microsoft has a long ...”")."""
    if text.lstrip().startswith(('"', "“", "«", "'")):
        return True
    quoted = sum(len(m.group()) for m in _QUOTATION.finditer(text))
    return quoted > QUOTED * len(text)


def _centrality(s: Statement, centroid: dict[str, float]) -> float:
    """The cosine of the statement's words (each weighing 1) with the story's centre, summed exactly
    (``math.fsum``), so that a statement's place does not hang on the order a set gives its words in."""
    return math.fsum(centroid.get(w, 0.0) for w in s.words) / (len(s.words) ** 0.5 or 1.0)
