"""A stand-in translator that returns hand-written reference English for the three non-English seeds.

``tests/fixtures/seed_translations.json`` holds, for the Albanian, Arabic and Kazakh seeds, every sentence
parabrief segments from them (the exact text it would send to a model) with a faithful English
translation written by a person, keyed by language so that a reviewer can read them side by side.
``ReferenceTranslator`` satisfies ``translate.engine.Translator`` and answers from that fixture, so the
pipeline and the summarizers can be tested end to end on real English rather than a tiny random model's
output. A text with no reference raises ``KeyError``: a test must fail loudly, never read gibberish.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from translate.documents import Translation
from translate.models import ModelSpec
from translate.signature import ModelSignature

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "seed_translations.json"


def normalize(text: str) -> str:
    """The lookup key: whitespace runs collapsed to one space, none at either end."""
    return " ".join(text.split())


def load_references(path: Path = FIXTURE) -> dict[str, dict[str, str]]:
    """Language code -> {source sentence: English}, as the fixture stores them."""
    return json.loads(path.read_text(encoding="utf-8"))


class ReferenceTranslator:
    """A ``Translator`` whose English is the fixture's, looked up across every language it holds."""

    max_input_tokens = 10_000  # never cut a sentence: the references are for whole sentences
    batch_size = 8  # texts per batch, so callers see more than one batch

    def __init__(self, spec: ModelSpec, path: Path = FIXTURE):
        self.spec = spec
        self.name = spec.name
        self.references: dict[str, str] = {}
        for table in load_references(path).values():
            self.references.update({normalize(source): english for source, english in table.items()})

    def lookup(self, text: str) -> str:
        try:
            return self.references[normalize(text)]
        except KeyError:
            raise KeyError(f"no reference translation for {text!r}") from None

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(text.split()) + 2 for text in texts]

    def translate_batches(self, texts: Sequence[str], langs: Sequence[str]) -> Iterator[list[tuple[int, Translation]]]:
        if len(texts) != len(langs):
            raise ValueError(f"{len(texts)} texts but {len(langs)} languages")
        english = [self.lookup(text) for text in texts]  # every text is checked before the first batch
        for start in range(0, len(english), self.batch_size):
            yield [
                (i, Translation(english[i], (), len(english[i].split()))) for i in range(start, min(start + self.batch_size, len(english)))
            ]

    def signature(self) -> ModelSignature:
        return ModelSignature.of(self.spec, "reference", "cpu", "reference", 1)
