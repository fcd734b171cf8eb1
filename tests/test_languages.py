"""Language identification on the seeds, on short paragraphs, and on a mixed document."""

from __future__ import annotations

from translate.languages import identify, identify_paragraph
from translate.pipeline import prepare
from translate.readers import read_documents

from .conftest import SEEDS


def test_each_seed_is_identified():
    docs = [prepare(d) for d in read_documents(sorted(SEEDS.glob("*.txt")))]
    assert [d.lang for d in docs] == ["sq", "ar", "kk", "en", "en"]
    for doc in docs:  # every paragraph, short ones included, gets its document's language
        assert {p.lang for p in doc.paragraphs} == {doc.lang}, doc.id


def test_short_paragraphs_take_their_documents_language_when_unclear():
    # Too short to be sure on their own (the identifier's own guess for the Arabic line is Egyptian).
    assert identify_paragraph("حوالي ٤ سنوات فى كونا", "ar")[::2] == ("ar", "document")
    assert identify_paragraph("Pompeo urges Kazakhstan to press China over Uighurs", "en")[::2] == ("en", "document")
    # Clear on their own, even when short.
    assert identify_paragraph("Біз бұған қуаныштымыз", "en")[0] == "kk"
    assert identify_paragraph("Ai tha se mbështesin lirinë e Kazakistanit", "ar")[0] == "sq"


def test_a_short_paragraph_in_another_script_keeps_its_own_language():
    assert identify_paragraph("Pompeo urges Kazakhstan to press China over Uighurs", "ar")[0] == "en"


def test_text_without_letters_is_marked_as_no_language():
    assert identify("- 3 - 2 / 2019 ...") == ("zxx", 1.0)


def test_mixed_document_routes_each_paragraph_by_its_own_language(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text(
        "U.S. Secretary of State Mike Pompeo urged Kazakhstan on Sunday to press Beijing over its treatment of Muslim minorities.\n\n"
        "Сұхбаттың толық видеонұсқасын 3 ақпанда Азаттық сайтынан көріп, оқи аласыздар\n\n"
        "Pompeo i cili ndodhet në kryeqytetin e Kazakistanit, Nur Sultan, u takua me homologun e tij Mukhtar Tleuberdi.\n",
        encoding="utf-8",
    )
    (doc,) = [prepare(d) for d in read_documents([path])]
    assert [p.lang for p in doc.paragraphs] == ["en", "kk", "sq"]
