"""Documents as a reader knows them: metadata, dates, headlines, and only points worth reading."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from summarize import BriefOptions, brief_files
from summarize.briefing import source_names
from summarize.extractive import ExtractiveSummarizer
from summarize.headlines import WORDS, from_lead, from_title
from summarize.junk import is_junk, repair
from translate import RunOptions
from translate.documents import Paragraph
from translate.metadata import agency, outlet_key, written_date
from translate.models import Registry
from translate.pipeline import prepare, translate_documents
from translate.readers import read_documents
from translate.segment import split_sentences

PAGE = """<html><head><title>Pompeo urges Kazakhstan to press China | Reuters</title>
<meta property="og:site_name" content="Reuters"><meta property="og:title" content="Pompeo urges Kazakhstan to press China over Uighurs">
<meta name="author" content="David Doyle"><meta property="article:published_time" content="2020-02-02T10:00:00Z">
<link rel="canonical" href="https://www.reuters.com/article/pompeo-kazakhstan"></head><body><article>
<h1>Pompeo urges Kazakhstan to press China over Uighurs</h1>
<p>NUR-SULTAN (Reuters) - U.S. Secretary of State Mike Pompeo urged Kazakhstan on Sunday to press Beijing over its treatment of
Muslim minorities, a sensitive matter for the Central Asian nation which has close ties with neighboring China.</p>
<p>"It's always important to make sure that people of all ethnicities have the human rights and dignity that they deserve," he said.</p>
<p>This copy is for your personal, non-commercial use only.</p>
<p>Pompeo met Foreign Minister Mukhtar Tleuberdi and President Kassym-Jomart Tokayev during the visit on Sunday.</p>
</article></body></html>"""


def english_briefs(paths: list[Path]):
    docs = translate_documents([prepare(d) for d in read_documents(paths)], Registry(), lambda name: pytest.fail("no model for English"))
    return [ExtractiveSummarizer().summarize(d) for d in docs]


def test_a_page_gives_its_title_outlet_author_date_and_address_and_the_title_is_the_headline(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (brief,) = english_briefs([tmp_path / "page.html"])
    assert (brief.title, brief.outlet, brief.author) == ("Pompeo urges Kazakhstan to press China over Uighurs", "Reuters", "David Doyle")
    assert (brief.date, brief.url) == ("2020-02-02", "https://www.reuters.com/article/pompeo-kazakhstan")
    assert brief.headline.text == brief.title and brief.headline.citations[0].paragraph == 1
    texts = [p.text for p in brief.points]
    assert not any("non-commercial" in t or "NUR-SULTAN" in t or t == brief.title for t in texts)  # no junk, no dateline, no repeat


def test_a_page_without_title_or_date_is_briefed_with_what_it_has(tmp_path):
    (tmp_path / "bare.html").write_text(
        "<html><body><article><p>Officials said a magnitude 6.8 earthquake struck off the coast of Aomori on Monday, and a tsunami "
        "advisory was issued for the northern coast.</p><p>No damage was reported in the first hours, the agency said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    result = brief_files([tmp_path / "bare.html"], tmp_path / "out", BriefOptions(date=dt.date(2026, 12, 1)), RunOptions(use_cache=False))
    (brief,) = result.briefing.briefs
    assert brief.title is None and brief.date is None and brief.headline.text.startswith("Officials said a magnitude 6.8 earthquake")
    assert "no date found" in (result.folder / "briefing.md").read_text(encoding="utf-8")


def test_jsonl_markdown_and_text_give_their_titles_outlets_and_dates(tmp_path):
    record = {
        "id": "q1",
        "title": "Quake hits Aomori",
        "source": "NHK",
        "url": "https://nhk.example/q1",
        "date": "2026-11-30",
        "author": "Staff",
        "text": "ANKARA, Nov 3 (Reuters) - A strong earthquake shook Aomori on November 3, 2025, officials said.",
    }
    (tmp_path / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "note.md").write_text(
        "# Parliament passes the budget\n\nThe parliament passed the 2027 budget on Tuesday by 301 votes.", encoding="utf-8"
    )
    (tmp_path / "wire.txt").write_text(
        "Floods close schools in Albania\n\nTIRANA, 12 November 2026 (Anadolu Agency) - Schools in the north of Albania were closed "
        "on Thursday after heavy rain flooded roads, the ministry said.",
        encoding="utf-8",
    )
    (tmp_path / "lead.txt").write_text(
        "The ministry said on Thursday that all schools would reopen next week.\n\nMore rain is expected.", encoding="utf-8"
    )
    briefs = {b.doc: b for b in english_briefs(sorted(tmp_path.iterdir()))}
    feed = briefs["feed-q1"]  # the record's metadata beats its text's dateline
    assert (feed.title, feed.outlet, feed.url, feed.date, feed.author) == (
        "Quake hits Aomori",
        "NHK",
        "https://nhk.example/q1",
        "2026-11-30",
        "Staff",
    )
    assert briefs["note"].title == "Parliament passes the budget" and briefs["note"].headline.text == "Parliament passes the budget"
    wire = briefs["wire"]
    assert (wire.title, wire.outlet, wire.date) == ("Floods close schools in Albania", "Anadolu Agency", "2026-11-12")
    assert briefs["lead"].title is None  # a first line that is a sentence is not a title


@pytest.mark.parametrize(
    "text, lang, date",
    [
        ("date 2019-12-22 Global", "en", "2019-12-22"),
        ("WASHINGTON (UrduPoint News / Sputnik - 13th December, 2019) US Secretary", "en", "2019-12-13"),
        ("Më 2 shkurt 2020, Pompeo u takua me Tleuberdin", "sq", "2020-02-02"),
        ("2 ақпанда Нұр-Сұлтанда АҚШ мемлекеттік хатшысы", "kk", None),  # no year written: none is invented
        ("موسكو - 3 - 2 (كونا) -- اكدت الولايات المتحدة", "ar", None),
        ("The meeting is on February 2 in the capital", "en", None),
        ("Veröffentlicht am 05.12.2026, 10.04 Uhr", "de", "2026-12-05"),  # a date in figures, in its language's order
        ("Publié le 05/12/2026 à 10h04", "fr", "2026-12-05"),
        ("Publié le 5 déc. 2026 à 10h04", "fr", "2026-12-05"),  # an abbreviated month in any language
        ("Mis à jour en déc. 2026 à 10h04", "fr", None),  # no day written: none is invented either
        ("5 дек. 2026 г., 10:04", "ru", "2026-12-05"),
        ("Опубликовано 12.05.2026 15:30", "ru", "2026-05-12"),
        ("Updated 12/05/2026 10:04 a.m.", "en", "2026-12-05"),
        ("2026/12/05 10:04", "ja", "2026-12-05"),
        ("2026-12-05T10:04:00Z", "en", "2026-12-05"),
    ],
)
def test_a_written_date_is_read_in_its_language_and_never_given_a_year_it_does_not_write(text, lang, date):
    assert written_date(text, lang) == date


@pytest.mark.parametrize(
    "head, date",
    [
        ("Posted: March 14th, 2013", "2013-03-14"),
        ("posted at 10:04 am on May 14, 2013", "2013-05-14"),
        ("Published 12:17 am, Monday, September 16, 2013", "2013-09-16"),
        ("Published: Tuesday, Aug. 2 2011 7:08 p.m. MDT", "2011-08-02"),  # AP style: abbreviations with a full stop
        ("7:15 a. m. Dec. 7, 2009", "2009-12-07"),
        ("First Posted: 10/25/11 06:44 PM ET Updated: 12/25/11 05:12 AM ET", "2011-10-25"),  # a year in two figures
        ("12/16/08 1:30 AM EST", "2008-12-16"),
        ("Sun., Sept. 8, 2013 11:29 AM PDT", "2013-09-08"),
        ("Monday 16 September 2013 03.31 BST", "2013-09-16"),  # a clock with a full stop
        ("Updated 12.30 GMT, 3 March 2020", "2020-03-03"),
        ("California Earthquake Today 2013 Erupts Outside Sacramento", None),  # "Today" is no date written
        ("Bettie Page, the 1950s pin-up queen who died on Thursday, will be remembered", None),  # nor "the 1950s ... Thursday"
        ("Page was born on April 22, 1923, in Nashville, Tenn.", None),  # a date the story tells, not its dateline
    ],
)
def test_a_dateline_gives_the_date_it_writes_and_a_story_s_own_dates_give_none(head, date):
    assert written_date(head, "en", dateline=True) == date


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        ("LONDON, Dec 3 (Reuters) - A strong earthquake shook the north of Japan.", "Reuters"),
        ("NEW YORK (AP) - Rihanna is mourning the death of her cousin.", "AP"),
        ("By Associated Press\nA storm hit the coast of Texas on Monday.", "AP"),
        ("Video provided by Reuters. A storm hit the coast of Texas on Monday.", None),
        ("Police said the pirates were Somali and Yemeni, the BBC reported. A navy spokesman said no one was hurt.", None),
        ("The gunman shot his bosses, killing a receptionist, officials told The Associated Press.", None),
        ("Morsi's lawyer told AFP that he would appeal, as Reuters reported on Monday.", None),
        ("The actor will join the hit BBC drama next year, a Reuters witness said.", None),
        ("The comments come in a BBC documentary. (Reuters) - The minister resigned on Monday.", "Reuters"),
    ],
)
def test_an_outlet_the_text_cites_is_not_its_credit(text, credited):
    assert agency((Paragraph(0, text, "en"),)) == credited


@pytest.mark.parametrize(
    "outlets",
    [
        [("BBC News", None), ("BBC", None), ("bbc.co.uk", None), (None, "https://www.bbc.com/sport/athletics/123")],
        [("The Washington Post", None), ("washingtonpost.com", None)],
        [("Daily Mail", None), ("dailymail.co.uk", None)],
        [("CNN", None), ("edition.cnn.com", None), (None, "https://edition.cnn.com/2026/12/04/world/x.html")],
    ],
    ids=["bbc", "washingtonpost", "dailymail", "cnn"],
)
def test_one_outlet_is_one_outlet_whether_named_or_addressed(outlets):
    assert len({outlet_key(outlet, url) for outlet, url in outlets}) == 1
    assert outlet_key("Reuters") != outlet_key("BBC News")
    assert outlet_key(None, None) is None


def test_a_year_mentioned_in_the_story_is_not_its_date(tmp_path):
    path = tmp_path / "crash.txt"
    path.write_text(
        "A plane crashed near the airport on Monday.\n\nRescuers worked through the night.\n\nIt was the worst since the attacks. "
        "\n\nOfficials compared it with the September 11, 2001 attacks on New York.",
        encoding="utf-8",
    )
    (brief,) = english_briefs([path])
    assert brief.date is None


def test_a_document_far_from_the_briefings_day_says_when_it_was_published(tmp_path):
    (tmp_path / "old.jsonl").write_text(
        json.dumps(
            {"id": "old", "date": "2005-07-14", "title": "Old floods", "text": "Floods closed the schools in the north on Thursday."}
        )
        + "\n",
        encoding="utf-8",
    )
    result = brief_files([tmp_path / "old.jsonl"], tmp_path / "out", BriefOptions(date=dt.date(2019, 12, 23)), RunOptions(use_cache=False))
    assert "published 2005-07-14" in (result.folder / "briefing.md").read_text(encoding="utf-8")
    assert "published 2005-07-14" in (result.folder / "briefing.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "english, source",
    [
        ("This copy is for your personal, non-commercial use only.", None),
        ("UPDATED: Tue., Nov. 19, 2019", None),
        ("Saturday, January 8, 2005", None),
        ("Daily Mail Reporter .", None),
        ("14:11 EST, 25 October 2013 .", None),
        ("https://www.example.com/news/2019/12/22/story.html", None),
        ("{{nrco.contentDetailController.headline}}", None),
        ("By Jane Smith and John Doe", None),
        ("(Reporting by Jane Smith; Editing by John Doe)", None),
        ("Share the news on", None),
        ("Sign up for our daily newsletter", None),
        ("(END)", None),
        ("(ag/rm)", None),
        ("Advertisement Continue reading the main story", None),  # a page's chrome, glued into one line
        ("Image copyright Getty Images Image caption The pair have been friends for over 20 years", None),
        ("(AP Photo/Thibault Camus, File)", None),
        ("Follow USA TODAY reporter Mike Snider on Twitter: @MikeSnider.", None),
        ("Facebook Twitter Pinterest China's first lunar probe lifts off from its launch pad in Xichang.", None),
        ("In this Dec. 13, 2016, file photo, the logo for Goldman Sachs appears above a trading post.", None),  # a photo caption
        ("This Dec. 28, 2017 photo made available by SpaceX shows a Falcon Heavy rocket on its pad.", None),
        ("FILE - In this Thursday, Dec. 28, 2017 file photo, Ahed Tamimi is brought to a courtroom.", None),
        ("Sorry, this zipcode is not in our deliverable area for this subscription service.", None),  # a paywall
        ("About 4 years ago on KUNA", "حوالي ٤ سنوات فى كونا"),  # Arabic
        ("x y z w", "(النهاية)"),
        ("x y z w", "شارك الخبر على"),
        ("x y z w", "أ س / م م ج"),
        ("x y z w", "Lexo edhe: Pompeo takon Tokayev"),  # Albanian
        ("x y z w", "Të gjitha të drejtat e rezervuara."),
        ("x y z w", "Бөлісу"),  # Kazakh
        ("x y z w", "Барлық құқықтар қорғалған"),
    ],
)
def test_what_is_not_news_is_never_a_point(english, source):
    assert is_junk(english, source)


@pytest.mark.parametrize(
    "sentence",
    [
        "US Secretary of State Mike Pompeo has commended Kazakhstan for its help to refugees.",
        "By the end of the year the government plans to open 20 schools.",
        "He posted a photo of the flooded street on Twitter and Facebook.",
        "In this case, the court ruled that the photo was lawful.",
        "Pompeo i cili ndodhet në kryeqytetin e Kazakistanit, Nur Sultan, u takua me homologun e tij.",
    ],
)
def test_news_is_not_junk(sentence):
    assert not is_junk(sentence)


@pytest.mark.parametrize(
    "raw, fixed",
    [
        (
            '"The protection of basic human rights defines the soul of a nation.',
            '"The protection of basic human rights defines the soul of a nation."',
        ),
        ("We will win, he said.”", "“We will win, he said.”"),
        (": Spokane ad agencies divided over the new rules", "Spokane ad agencies divided over the new rules"),
        ("- As for the situation in Xinjiang, we told them clearly.", "As for the situation in Xinjiang, we told them clearly."),
        ("This is a serious matter, - said Mike Pompeo.", "This is a serious matter, said Mike Pompeo."),
        ("(SOUNDBITE) (English) U.S. SECRETARY OF STATE, MIKE POMPEO, SAYING: It matters.", "It matters."),
        ("HONOLULU (AP) — A tour helicopter crashed on Thursday, killing seven.", "A tour helicopter crashed on Thursday, killing seven."),
        ("DUBAI, Nov 19 (Reuters) - Iran said it had arrested eight people.", "Iran said it had arrested eight people."),
        ("The Russian news agency (Interfax) quoted the statement.", "The Russian news agency (Interfax) quoted the statement."),
        ("Saturday, March 26, 2005 Up to four times as many women as men died.", "Up to four times as many women as men died."),
        ("26 March 2005: The council said it would pay.", "The council said it would pay."),
        ("March 26, 2005 was the day the council paid.", "March 26, 2005 was the day the council paid."),
    ],
)
def test_a_point_reads_on_its_own(raw, fixed):
    assert repair(raw) == fixed


def test_a_sentence_is_never_split_at_a_clock_time():
    assert split_sentences("The crash happened at 10:30 p.m. Thursday near the airport. Police said two died.", "en") == [
        "The crash happened at 10:30 p.m. Thursday near the airport.",
        "Police said two died.",
    ]


def test_a_sentence_is_never_split_after_a_title_before_a_name():
    text = "Like many candidates this year, Ms. Boyle ran a quiet race. Gens. Clark and Shelton agreed. She lost to Mr. Voinovich."
    assert split_sentences(text, "en") == [
        "Like many candidates this year, Ms. Boyle ran a quiet race.",
        "Gens. Clark and Shelton agreed.",
        "She lost to Mr. Voinovich.",
    ]


@pytest.mark.parametrize(
    "lead, headline",
    [
        (
            "HONOLULU (AP) — A tour helicopter crashed into a residential neighborhood on Thursday, killing all seven people on board, "
            "officials said.",
            "A tour helicopter crashed into a residential neighborhood on Thursday, killing all seven people on board",
        ),
        (
            "U.S. Secretary of State Mike Pompeo, in Kazakhstan on Sunday, urged the country to press neighboring Beijing over its "
            "treatment of Muslim minorities such as Uighurs.",
            "U.S. Secretary of State Mike Pompeo urged the country to press neighboring Beijing",
        ),
        (
            "On 2 February in Nur-Sultan, US Secretary of State Mike Pompeo gave an exclusive interview to Radio Azattyq "
            "and spoke at length.",
            "US Secretary of State Mike Pompeo gave an exclusive interview to Radio Azattyq and spoke",
        ),
        ("Pompeo visits Astana.", "Pompeo visits Astana"),
        (
            "But Alberto Bueno prepares to face his former club Real Madrid on Wednesday.",
            "Alberto Bueno prepares to face his former club Real Madrid on Wednesday",
        ),
        ("the club's 'biggest game' for years.", "The club's 'biggest game' for years"),  # a capital, whatever the page's
        (  # never a subject whose verb is cut off: not "Veteran Labour MP ... Jack Cunningham has"
            "Veteran Labour MP and former Cabinet minister Jack Cunningham has said he will stand down at the next general election.",
            "Veteran Labour MP and former Cabinet minister Jack Cunningham has said he will stand down",
        ),
        (  # not "More than 220 National Basketball Association players"
            "More than 220 National Basketball Association players with guaranteed contracts will find out Monday whether they "
            "are to be paid during the lockout.",
            "More than 220 National Basketball Association players with guaranteed contracts will find out Monday",
        ),
        (  # never a clause the cut has only begun: not "... on Tuesday after it"
            "Shares in American Express surged more than 8% on Tuesday after it said it would spin off its financial advisory arm.",
            "Shares in American Express surged more than 8% on Tuesday",
        ),
        (  # an opening participle clause is not the news ...
            "Deprived of a voice in state-controlled newspapers and television, supporters of Malaysia's jailed opposition leader "
            "have turned to the Internet to air their views.",
            "Supporters of Malaysia's jailed opposition leader have turned to the Internet",
        ),
        (  # ... but a participle that opens the news is kept
            "Rising fuel and materials costs are hitting confidence among the UK's small manufacturers despite a rise in output, "
            "business lobby group the CBI says.",
            "Rising fuel and materials costs are hitting confidence among the UK's small manufacturers despite a rise",
        ),
    ],
)
def test_a_lead_becomes_a_whole_headline_of_at_most_16_words(lead, headline):
    made = from_lead(lead)
    assert made == headline and len(made.split()) <= WORDS and not made.endswith(("…", ",", "."))


def test_a_long_lead_keeps_the_clause_the_rest_of_the_document_is_about():
    lead = "They may not be Star Trek-type extraterrestrials, but we may be close to finding evidence of alien life, a NASA scientist says."
    rest = ["The NASA scientist said evidence of life beyond Earth could come within a decade.", "Alien life may be microbial."]
    assert from_lead(lead) == "They may not be Star Trek-type extraterrestrials"  # alone, the lead is only cut
    assert from_lead(lead, rest) == "We may be close to finding evidence of alien life, a NASA scientist says"
    opening = "With the new Avengers film released this week, rugby player James Haskell showed off his inner Iron Man on Instagram."
    assert from_lead(opening, ["Haskell posted the Iron Man picture on Instagram."]) == (
        "Rugby player James Haskell showed off his inner Iron Man on Instagram"
    )
    fled = "A Saudi Arabian man has been arrested at the Mexican border after attempting to flee the country to avoid charges in Utah."
    assert not from_lead(fled, ["The man attempted to flee across the border to Mexico."]).endswith(
        "attempting"
    )  # no participle left dangling
    called = (
        "US Secretary of State Mike Pompeo has called on the international community to offer safety to Uighurs and Kazakhs who flee China."
    )
    assert from_lead(called, ["Uighurs and Kazakhs fled China seeking safety."]).endswith("to offer safety")
    aside = "Kristina Karo alleges that she was a classmate of Ms Kunis, 31, who moved to the U.S. from Ukraine in 1991, and stole her hen."
    assert ", 31," not in from_lead(aside, ["Karo says Ms Kunis stole her hen."])


def test_a_headline_holds_the_main_clause_after_a_long_opening_phrase():
    lead = (
        "In a critical ruling for the National Basketball Association and the players' union, arbitrator John Feerick "
        "decides Monday whether more than 200 players with guaranteed contracts should be paid during the lockout."
    )
    expected = "Arbitrator John Feerick decides Monday whether more than 200 players with guaranteed contracts should be paid"
    assert from_lead(lead) == expected  # not "In a critical ruling for the National Basketball Association and the players' union"
    assert (
        from_lead(lead, ["The union and the league wait for the ruling.", "Players with guaranteed contracts want to be paid."]) == expected
    )


def test_a_headline_never_ends_inside_a_quotation():
    lead = (
        'A Conservative election challenger is quitting after being quoted as wanting a "period of creative destruction '
        'in the public services".'
    )
    context = ["He had called for a period of creative destruction in public services.", "Creative destruction would cut waste."]
    assert from_lead(lead, context) == "A Conservative election challenger is quitting"  # not '... a "period of creative destruction'
    no_boundary = (
        'Transport minister Anna Berg told parliament the "long-awaited reconstruction of the old northern railway bridge '
        'across the river will begin in May".'
    )
    assert from_lead(no_boundary) == "Transport minister Anna Berg told parliament"  # cut short of the quotation, not in it


def test_a_title_loses_its_site_name_and_a_junk_title_gives_no_headline():
    assert from_title("Pompeo urges Kazakhstan to press China | Reuters", "Reuters") == "Pompeo urges Kazakhstan to press China"
    assert from_title("Tuesday, November 19, 2019") is None


def test_sources_are_named_by_outlet_and_two_of_one_outlet_are_told_apart(tmp_path):
    lines = [
        {
            "id": "a",
            "source": "Reuters",
            "title": "Floods close schools in Albania",
            "text": "Schools in the north were closed on Thursday.",
        },
        {"id": "b", "source": "Reuters", "title": "Quake hits Aomori overnight", "text": "A strong earthquake shook Aomori on Monday."},
        {"id": "c", "title": "Budget passes parliament", "text": "The parliament passed the budget on Tuesday by 301 votes."},
    ]
    (tmp_path / "day.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    names = source_names(english_briefs([tmp_path / "day.jsonl"]))
    assert names == {
        "day-a": "Reuters “Floods close schools in Albania”",
        "day-b": "Reuters “Quake hits Aomori overnight”",
        "day-c": "“Budget passes parliament”",
    }
