"""The hand-written reference translations of the non-English seeds, and the translator that serves them."""

from __future__ import annotations

import pytest

from translate.guards import numbers
from translate.models import Registry
from translate.pipeline import prepare
from translate.readers import read_documents

from .conftest import SEEDS
from .reference import ReferenceTranslator, load_references, normalize

NON_ENGLISH = {
    "sq": SEEDS / "000_cc55509071a40faa.txt",
    "ar": SEEDS / "001_e16ef8893aa65cca.txt",
    "kk": SEEDS / "002_7246527690d706c8.txt",
}


def segmented() -> list[tuple[str, str]]:
    """(document language, sentence text) for every sentence parabrief segments from the seeds."""
    docs = [prepare(d) for d in read_documents(NON_ENGLISH.values())]
    assert [d.lang for d in docs] == list(NON_ENGLISH)
    return [(d.lang, s.text) for d in docs for p in d.paragraphs for s in p.sentences]


@pytest.fixture(scope="module")
def translator() -> ReferenceTranslator:
    return ReferenceTranslator(Registry().get("nllb-200-distilled-600M"))


def test_every_segmented_sentence_has_a_reference():
    references = load_references()
    keys = {lang: {normalize(source) for source in table} for lang, table in references.items()}
    sentences = segmented()
    missing = [text for lang, text in sentences if normalize(text) not in keys.get(lang, set())]
    assert not missing, f"{len(missing)} sentences have no reference: {missing}"
    # No stale entries either: the fixture is exactly the segmentation.
    assert sum(len(table) for table in references.values()) == len({(lang, normalize(text)) for lang, text in sentences})


def test_references_keep_every_number_of_their_source():
    lost = {
        source: sorted(numbers(source) - numbers(english))
        for table in load_references().values()
        for source, english in table.items()
        if not numbers(source) <= numbers(english)
    }
    assert not lost
    assert numbers("حوالي ٤ سنوات فى كونا") == {"4"}  # Arabic-Indic digits count


def test_reference_translator_returns_them_in_order(translator):
    sentences = segmented()
    texts, langs = [text for _, text in sentences], [lang for lang, _ in sentences]
    assert all(count <= translator.max_input_tokens for count in translator.count_tokens(texts))
    batches = list(translator.translate_batches(texts, langs))
    assert len(batches) > 1
    pairs = [pair for batch in batches for pair in batch]
    assert [i for i, _ in pairs] == list(range(len(texts)))
    references = load_references()
    assert [t.text for _, t in pairs] == [references[lang][text] for lang, text in sentences]
    assert all(t.flags == () for _, t in pairs)
    assert translator.signature().model == "nllb-200-distilled-600M"


def test_a_text_without_a_reference_fails_loudly(translator):
    assert translator.translate_batches([" Біз   бұған\nқуаныштымыз "], ["kk"]).__next__()[0][1].text == "We are glad about this."
    with pytest.raises(KeyError, match="Pompeo arrived"):
        list(translator.translate_batches(["Pompeo arrived."], ["sq"]))
