"""Briefs of single documents: headline, cited points, outline, date; and the citation check."""

from __future__ import annotations

import pytest

from summarize.briefs import Citation, Point
from summarize.citations import SUPPORTED, check, cited_text, support
from summarize.extractive import ExtractiveSummarizer
from translate.models import Registry
from translate.pipeline import prepare, translate_documents
from translate.readers import read_documents

from .conftest import SEEDS


def english(*names: str):
    docs = [prepare(d) for d in read_documents([SEEDS / n for n in names])]
    return translate_documents(docs, Registry(), lambda name: pytest.fail("no model is needed for English"))


@pytest.fixture(scope="module")
def seeds():
    return {d.document.id: d for d in english("003_848f8f51c7c0bbd8.txt", "004_761b78ecbf864cc8.txt")}


def sentence_texts(doc, paragraph):
    return [s.source for s in doc.paragraphs[paragraph - 1].sentences]


def test_every_citation_resolves_to_the_paragraph_holding_the_points_sentence(seeds):
    for doc in seeds.values():
        brief = ExtractiveSummarizer().summarize(doc)
        assert 3 <= len(brief.points) <= 7
        for point in (brief.headline, *brief.points):
            assert point.supported and len(point.citations) == 1
            (c,) = point.citations
            assert c.doc == doc.document.id and c.support == 1.0
            text = point.text.strip('"“”').removesuffix(".")  # a point's quotes are balanced, a headline has no full stop
            assert any(text in s for s in sentence_texts(doc, c.paragraph)), (point.text, c)


def test_repeated_headline_boilerplate_and_datelines_never_become_points(seeds):
    brief = ExtractiveSummarizer().summarize(seeds["003_848f8f51c7c0bbd8"])
    lines = [brief.headline.text] + [p.text for p in brief.points]
    assert brief.headline.text == "Pompeo urges Kazakhstan to press China over Uighurs"
    assert sum("Pompeo urges Kazakhstan to press China" in line for line in lines) == 1  # it is in the source 4 times
    assert not any("reports." in line or "date 2019" in line or "SOUNDBITE" in line for line in lines)
    assert brief.date == "2019-12-22"
    assert ExtractiveSummarizer().summarize(seeds["004_761b78ecbf864cc8"]).date == "2019-12-13"


def test_the_outline_has_one_short_line_per_paragraph_in_source_order(seeds):
    doc = seeds["003_848f8f51c7c0bbd8"]
    outline = ExtractiveSummarizer().summarize(doc).outline
    assert [o.paragraph for o in outline] == [p.paragraph.index for p in doc.paragraphs]
    assert all(0 < len(o.text.split()) <= 15 for o in outline)
    assert outline[4].text.startswith("U.S. Secretary of State Mike Pompeo, in Kazakhstan")


def test_a_short_document_gets_fewer_points(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("Pompeo visits Astana\n\nThe secretary of state met the foreign minister in the capital on Sunday.", encoding="utf-8")
    (doc,) = translate_documents([prepare(d) for d in read_documents([path])], Registry(), lambda name: None)
    brief = ExtractiveSummarizer().summarize(doc)
    assert brief.headline.text == "Pompeo visits Astana"
    assert [p.text for p in brief.points] == ["The secretary of state met the foreign minister in the capital on Sunday."]


def test_the_citation_check_drops_a_point_its_source_does_not_say(seeds):
    docs = seeds
    doc_id = "004_761b78ecbf864cc8"
    real = cited_text(Citation(doc_id, 6), docs)
    assert real == "The Chinese foreign ministry has rejected the claims as unfounded and untrue."
    assert support("The Chinese foreign ministry rejected the claims as untrue.", real) == 1.0
    assert support("Russia welcomed the claims about Syria and Iraq.", real) < SUPPORTED
    assert support("The Chinese foreign ministry rejected 12 claims.", real) == 0.0  # a figure it does not give
    made_up = check(Point("Kazakhstan signed an oil deal with France.", (Citation(doc_id, 6),), True), docs)
    assert not made_up.supported and made_up.citations[0].support < SUPPORTED
    nowhere = check(Point("The Chinese foreign ministry rejected the claims.", (Citation(doc_id, 99),), True), docs)
    assert not nowhere.supported  # a citation that does not resolve supports nothing


def test_who_reported_a_fact_is_not_part_of_what_a_citation_must_hold():
    said = "Thousands fled the floods in northern Albania, the ministry statement said."
    reported = "Thousands fled the floods in northern Albania, the ministry reported."
    assert support(said, reported) == support(reported, said) == 1.0
    assert support("Thousands fled the floods in northern Albania.", "The ministry reported heavy rain.") < SUPPORTED


def test_a_citation_gives_a_figure_however_it_writes_it():
    point = "More than 1 million people fled the floods, and aid cost $449,000."
    assert support(point, "More than one million people fled the floods, and aid cost 449 thousand dollars.") == 1.0
    assert support(point, "More than one million people fled the floods, and aid cost $500,000.") == 0.0  # another sum
    years = ("The floods of 2019 drove 2 million from home.", "The floods of 2018 drove two million from home.")
    assert support(*years) == 0.0  # a year is no quantity: it is compared as written
