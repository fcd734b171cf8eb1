"""Paragraphs and sentences of every seed, counted by reading the documents; long sentences cut, never lost."""

from __future__ import annotations

import pytest

from translate.pipeline import prepare
from translate.readers import read_documents
from translate.segment import cut_long, split_paragraphs, split_sentences

from .conftest import SEEDS

# Sentences per paragraph, verified by reading each seed. sentencex keeps a quotation whole, so the
# Albanian ¶7 (a sentence, then a two-sentence quote) counts 2.
EXPECTED = {
    "000_cc55509071a40faa": [1, 2, 1, 1, 1, 1, 2, 1, 1],  # Albanian
    "001_e16ef8893aa65cca": [1, 1, 13, 1, 1],  # Arabic: ¶3 is 12 sentences glued by "." plus "(النهاية)"
    "002_7246527690d706c8": [2, 8, 1, 1, 7],  # Kazakh: one sentence per line, most with no final stop
    "003_848f8f51c7c0bbd8": [1, 1, 1, 1, 1, 2, 1, 2, 1, 1, 1, 1, 2, 1, 1],  # English, headline thrice
    "004_761b78ecbf864cc8": [1, 1, 1, 1, 1, 1, 1, 1, 1],  # English with a date header
}


@pytest.fixture(scope="module")
def seeds():
    return {d.id: prepare(d) for d in read_documents(sorted(SEEDS.glob("*.txt")))}


def test_every_seed_has_the_paragraphs_and_sentences_counted_by_hand(seeds):
    assert {doc_id: [len(p.sentences) for p in d.paragraphs] for doc_id, d in seeds.items()} == EXPECTED


def test_no_character_of_a_seed_is_lost_in_segmentation(seeds):
    for doc in seeds.values():
        for p in doc.paragraphs:
            assert "".join("".join(s.text for s in p.sentences).split()) == "".join(p.text.split())


def test_ids_travel_with_the_text(seeds):
    doc = seeds["001_e16ef8893aa65cca"]
    assert [p.index for p in doc.paragraphs] == [1, 2, 3, 4, 5]
    third = doc.paragraphs[2].sentences
    assert [s.id for s in third][:3] == ["p3.s1", "p3.s2", "p3.s3"]
    assert third[0].text.endswith("ووحدة اراضيها.") and third[1].text.startswith("جاء هذا الموقف")


def test_arabic_sentences_glued_by_a_period_are_split():
    assert split_sentences("وصل الوزير الى المدينة.وقال انه سعيد.ثم غادر.", "ar") == [
        "وصل الوزير الى المدينة.",
        "وقال انه سعيد.",
        "ثم غادر.",
    ]


def test_one_sentence_per_line_is_kept_but_hard_wrapped_lines_are_joined():
    assert split_sentences("Біз бұған қуаныштымыз\nБірақ бұл шешілуі тиіс", "kk") == ["Біз бұған қуаныштымыз", "Бірақ бұл шешілуі тиіс"]
    wrapped = "The minister said the talks\nwent well and that more\nwould follow. Then he left."
    assert split_sentences(wrapped, "en") == ["The minister said the talks went well and that more would follow.", "Then he left."]
    one_wrapped = "Odds on Sam fell after the jockey helped\nthe Duke and Duchess rekindle their romance.\nBookies cut them.\nIt follows."
    assert split_sentences(one_wrapped, "en") == [
        "Odds on Sam fell after the jockey helped the Duke and Duchess rekindle their romance.",
        "Bookies cut them.",
        "It follows.",
    ]  # one line wrapped among whole ones


def test_paragraphs_split_on_blank_lines_with_windows_line_ends():
    assert split_paragraphs("One.\r\nStill one.\r\n\r\n\r\nTwo.\r\n  \r\nThree.") == ["One.\nStill one.", "Two.", "Three."]


def test_a_paragraph_broken_mid_sentence_is_one_but_titles_and_lists_stay_apart():
    text = "Odds on the baby being called Sam were cut, after the jockey helped\n\nthe Duke and Duchess rekindle their romance."
    assert split_paragraphs(text) == [
        "Odds on the baby being called Sam were cut, after the jockey helped the Duke and Duchess rekindle their romance."
    ]
    assert split_paragraphs("Apple unveils a phone\n\niPhone 17 is out.") == ["Apple unveils a phone", "iPhone 17 is out."]
    assert split_paragraphs("Three things:\n\n- first\n\nwhat next") == ["Three things:", "- first", "what next"]
    assert split_paragraphs("Він сказав, що\n\nпереговори тривають.") == ["Він сказав, що переговори тривають."]  # any script with case


def words(text: str) -> int:
    return len(text.split())


def test_long_sentences_are_cut_at_clauses_and_nothing_is_lost():
    sentence = ", ".join(f"clause number {i} of a very long sentence" for i in range(40)) + "."
    pieces = cut_long(sentence, words, 20)
    assert all(words(p) <= 20 for p in pieces) and len(pieces) > 1
    assert all(p.endswith(",") or p.endswith(".") for p in pieces)  # cut after clause punctuation
    assert " ".join(pieces) == sentence


def test_a_100000_character_run_without_spaces_is_cut_between_characters():
    run = "ab" * 50_000
    pieces = cut_long(run, lambda t: len(t) // 4, 64)
    assert "".join(pieces) == run and all(len(p) // 4 <= 64 for p in pieces)
