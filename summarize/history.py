"""The briefing history: every briefed document and every story, day by day, in ``OUT/history.sqlite``.

A daily job reads it to know what is not news any more (a document briefed on an earlier day) and which
of today's stories continue an earlier one, and writes the day into it in one transaction after the
day's files are written: a run killed at any point leaves the history as it was, and its rerun writes
the same files. Rerunning an earlier day replaces that day's rows only. The file is marked as
parabrief's (``PRAGMA application_id``) with a schema version (``user_version``); any other file, or a
damaged one, is refused with a message that says how to move it aside, and never written to.

Tables (schema 1):

- ``documents(day, hash, doc, source, title)``: each briefed document, by the sha256 of its text;
- ``stories(day, id, first_seen, continues, headline, words, names)``: each story, with the words
  and names it is matched on (JSON) and the story it continues (``DAY/story-N``) or NULL;
- ``facts(day, story, position, text)``: the lede and points of each story, as shown that day.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.documents import TranslatedDocument
from translate.errors import DataError

NAME = "history.sqlite"
APPLICATION_ID = 0x70627266  # "pbrf"
SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE documents (day TEXT NOT NULL, hash TEXT NOT NULL, doc TEXT NOT NULL, source TEXT NOT NULL, title TEXT,
                        PRIMARY KEY (day, hash));
CREATE TABLE stories (day TEXT NOT NULL, id TEXT NOT NULL, first_seen TEXT NOT NULL, continues TEXT, headline TEXT NOT NULL,
                      words TEXT NOT NULL, names TEXT NOT NULL, documents INTEGER NOT NULL, PRIMARY KEY (day, id));
CREATE TABLE facts (day TEXT NOT NULL, story TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL,
                    PRIMARY KEY (day, story, position));
CREATE INDEX documents_by_hash ON documents (hash);
"""


def content_hash(doc: TranslatedDocument) -> str:
    """A document's identity across days: the sha256 of its source text, whitespace normalized."""
    text = "\n\n".join(" ".join(p.paragraph.text.split()) for p in doc.paragraphs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PastStory:
    day: str
    id: str
    first_seen: str
    headline: str
    words: dict[str, float]  # its content words, as a unit vector
    names: frozenset[str]
    facts: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.day}/{self.id}"


@dataclass(frozen=True)
class StoryRecord:
    """What the history keeps of one of today's stories."""

    id: str
    first_seen: str
    continues: str | None
    headline: str
    words: dict[str, float]
    names: frozenset[str]
    documents: int
    facts: tuple[str, ...]


@dataclass(frozen=True)
class DayEntry:
    day: str
    stories: tuple[tuple[str, str, str, int], ...]  # (id, headline, first_seen, documents)


class History:
    """The history file of an output folder, opened for one run (which holds the folder's lock)."""

    def __init__(self, folder: Path):
        self.path = folder / NAME
        fresh = not self.path.exists()
        move = f"move it aside (mv {self.path} {self.path}.old) and run again to start a new history"
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            if fresh:
                self._create()
            app, version = self.db.execute("PRAGMA application_id").fetchone()[0], self.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise DataError(f"{self.path}: not a parabrief history ({error}); {move}") from None
        if app != APPLICATION_ID:
            self.db.close()
            raise DataError(f"{self.path}: not a parabrief history (another program's database); {move}")
        if version != SCHEMA_VERSION:
            self.db.close()
            raise DataError(f"{self.path}: a parabrief history of schema {version}, this parabrief reads {SCHEMA_VERSION}; {move}")

    def _create(self) -> None:
        statements = [s.strip() for s in SCHEMA.split(";") if s.strip()]
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                self.db.execute(statement)
            self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.close()

    def seen(self, hashes: Iterable[str], before: str) -> dict[str, str]:
        """Hash -> the first day before ``before`` on which a document of that text was briefed."""
        found: dict[str, str] = {}
        for digest in set(hashes):
            row = self.db.execute("SELECT MIN(day) FROM documents WHERE hash = ? AND day < ?", (digest, before)).fetchone()
            if row and row[0]:
                found[digest] = row[0]
        return found

    def recent_stories(self, before: str, since: str) -> list[PastStory]:
        """The stories of the days from ``since`` up to (not including) ``before``, the latest day first."""
        rows = self.db.execute(
            "SELECT day, id, first_seen, headline, words, names FROM stories WHERE day < ? AND day >= ? ORDER BY day DESC, id",
            (before, since),
        ).fetchall()
        stories = []
        for day, story_id, first_seen, headline, words, names in rows:
            facts = tuple(
                t for (t,) in self.db.execute("SELECT text FROM facts WHERE day = ? AND story = ? ORDER BY position", (day, story_id))
            )
            stories.append(PastStory(day, story_id, first_seen, headline, json.loads(words), frozenset(json.loads(names)), facts))
        return stories

    def record(self, day: str, documents: Sequence[tuple[str, str, str, str | None]], stories: Sequence[StoryRecord]) -> None:
        """Replace ``day``'s rows with these documents (hash, doc id, source, title) and stories, in one
        transaction."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for table in ("documents", "stories", "facts"):
                self.db.execute(f"DELETE FROM {table} WHERE day = ?", (day,))
            self.db.executemany("INSERT OR IGNORE INTO documents VALUES (?, ?, ?, ?, ?)", [(day, *d) for d in documents])
            for s in stories:
                self.db.execute(
                    "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        day,
                        s.id,
                        s.first_seen,
                        s.continues,
                        s.headline,
                        json.dumps(s.words, sort_keys=True),
                        json.dumps(sorted(s.names)),
                        s.documents,
                    ),
                )
                self.db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?)", [(day, s.id, n, text) for n, text in enumerate(s.facts)])
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def days(self) -> list[DayEntry]:
        """Every day of the history, the newest first, with its stories."""
        entries = []
        for (day,) in self.db.execute(
            "SELECT DISTINCT day FROM stories UNION SELECT DISTINCT day FROM documents ORDER BY 1 DESC"
        ).fetchall():
            rows = self.db.execute(
                "SELECT id, headline, first_seen, documents FROM stories WHERE day = ? ORDER BY CAST(SUBSTR(id, 7) AS INTEGER)", (day,)
            ).fetchall()
            entries.append(DayEntry(day, tuple(tuple(r) for r in rows)))
        return entries
