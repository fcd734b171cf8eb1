"""The translation cache: SQLite (standard library, WAL mode), keyed by content.

A key covers the normalized source text, its language and everything that decides the output: model,
repository, revision, stored quantization, compute type, device and decoding settings. A re-run, or
tomorrow's run on documents that share sentences with today's, pays only for what is new; a changed model
or setting never meets a stale entry. Each batch is committed as soon as it is translated, so a killed run
loses at most the batch in flight. Several runs may share one cache file.

A file that is not a parabrief cache (damaged, or another program's database) is refused, never written
to; a cache the machine cannot write (a full disk, a read-only folder) stops the run with one line.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from .documents import Translation
from .errors import DataError, SystemFault
from .signature import ModelSignature

SCHEMA = "CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, text TEXT NOT NULL, flags TEXT NOT NULL, tokens INTEGER NOT NULL)"


def normalize(text: str) -> str:
    return " ".join(text.split())


def cache_key(signature: ModelSignature, lang: str, text: str) -> str:
    blob = json.dumps([signature.cache_fields(), lang, normalize(text)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


COLUMNS = ["key", "text", "flags", "tokens"]


class TranslationCache:
    def __init__(self, path: Path):
        self.path = path
        aside = f"move it aside (mv {path} {path}.old) or run with --no-cache"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
            tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "translations" not in tables:
                self.db.close()
                raise DataError(f"{path}: not a parabrief translation cache (another program's database); {aside}")
            if tables and [row[1] for row in self.db.execute("PRAGMA table_info(translations)")] != COLUMNS:
                self.db.close()
                raise DataError(f"{path}: not a parabrief translation cache (its table has other columns); {aside}")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit survives a killed process
            self.db.execute(SCHEMA)
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and _refused(error):
                raise self._fault(error) from None
            raise DataError(f"{path}: not a parabrief translation cache ({error}); {aside}") from None
        except OSError as error:
            raise SystemFault.of(
                f"{path}: the translation cache cannot be opened", error, "run with --cache FILE elsewhere, or --no-cache"
            ) from None

    def _fault(self, error: Exception) -> SystemFault:
        return SystemFault(
            f"{self.path}: the translation cache cannot be written ({error}); what was translated before is kept: "
            f"free space or make it writable and run again, or run with --no-cache"
        )

    def get_many(self, keys: Sequence[str]) -> dict[str, Translation]:
        found: dict[str, Translation] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            rows = self.db.execute(f"SELECT key, text, flags, tokens FROM translations WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, text, flags, tokens in rows:
                found[key] = Translation(text, tuple(json.loads(flags)), tokens)
        return found

    def put_many(self, items: Iterable[tuple[str, Translation]]) -> None:
        rows = [(k, t.text, json.dumps(list(t.flags)), t.tokens) for k, t in items]
        try:
            with self.db:  # one transaction per batch
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?)", rows)
        except sqlite3.OperationalError as error:
            if _refused(error):
                raise self._fault(error) from None
            raise

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    def close(self) -> None:
        self.db.close()


def _refused(error: sqlite3.OperationalError) -> bool:
    """SQLite's word for a write the machine refused: a full disk, a read-only file or folder."""
    text = str(error).lower()
    return any(cue in text for cue in ("disk is full", "readonly", "read-only", "disk i/o error", "unable to open"))
