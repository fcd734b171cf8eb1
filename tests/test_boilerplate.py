"""Lines no reader sees are recognised in the source language and left untranslated by `brief` (and by
`translate --skip-boilerplate`); news that only looks like them is translated."""

from __future__ import annotations

import json

import pytest

from translate.boilerplate import paragraph_reason, reason

from .conftest import run_cli

# Each kind of line in each seed language (Albanian, Arabic, Kazakh, and Russian).
SKIPPED = [
    ("sq", "Të gjitha të drejtat e rezervuara © 2020 Anadolu Agency", "copyright notice"),
    ("sq", "Ndaje në Facebook", "share or sign-up line"),
    ("sq", "Nga Arben Hoxha", "byline"),
    ("sq", "Foto: AA", "photo credit"),
    ("sq", "Lexo edhe: Pompeo takon Tokayev në Nur Sultan", "related link"),
    ("sq", "2 shkurt 2020, 14:35", "date line"),
    ("sq", "para 3 orësh", "time stamp"),
    ("sq", "Ballina > Lajme > Bota", "navigation"),
    ("sq", "(Fund)", "end mark"),
    ("sq", "(ah/ak)", "editors' initials"),
    ("ar", "جميع الحقوق محفوظة لوكالة الأنباء الكويتية", "copyright notice"),
    ("ar", "شارك الخبر على", "share or sign-up line"),
    ("ar", "بقلم محمد علي", "byline"),
    ("ar", "صورة: رويترز", "photo credit"),
    ("ar", "اقرأ أيضا: بومبيو يزور طشقند", "related link"),
    ("ar", "حوالي ٤ سنوات فى كونا", "time stamp"),
    ("ar", "أ س / م م ج", "editors' initials"),
    ("ar", "3 فبراير 2020", "date line"),
    ("ar", "الرئيسية > أخبار > العالم", "navigation"),
    ("ar", "(النهاية)", "end mark"),
    ("kk", "Барлық құқықтар қорғалған. Материалдарды пайдаланғанда сілтеме міндетті", "copyright notice"),
    ("kk", "Бөлісу", "share or sign-up line"),
    ("kk", "Тілші: Асқар Нұрланұлы", "byline"),
    ("kk", "Сурет: Азаттық", "photo credit"),
    ("kk", "Оқи отырыңыз: Помпео Астанаға келді", "related link"),
    ("kk", "3 ақпан 2020, 10:15", "date line"),
    ("kk", "3 сағат бұрын", "time stamp"),
    ("kk", "Басты бет > Жаңалықтар > Әлем", "navigation"),
    ("kk", "(Соңы)", "end mark"),
    ("kk", "(ҚА/ДТ)", "editors' initials"),
    ("ru", "© 2020 ТАСС. Все права защищены", "copyright notice"),
    ("ru", "Поделиться", "share or sign-up line"),
    ("ru", "Автор: Иван Петров", "byline"),
    ("ru", "Фото: РИА Новости", "photo credit"),
    ("ru", "Читайте также: Помпео прибыл в Нур-Султан", "related link"),
    ("ru", "3 февраля 2020, 14:30", "date line"),
    ("ru", "Главная > Новости > В мире", "navigation"),
    ("ru", "Реклама", "navigation"),
    ("ru", "3 часа назад", "time stamp"),
    ("ru", "(Конец)", "end mark"),
    ("ru", "(ИП/АС)", "editors' initials"),
]

# News that starts as boilerplate does: kept.
NEWS = [
    ("en", "Reuters reported on Monday that the talks in Nur-Sultan had failed."),
    ("en", "Share prices fell 3% on Monday after the announcement."),
    ("en", "By Monday, the ministry had said nothing about the visit."),
    ("de", "Von der Leyen kündigte am Montag neue Sanktionen an."),
    ("de", "Zum Thema äußerte sich der Minister nicht."),
    ("ar", "شارك الرئيس في القمة التي عقدت في طشقند يوم الاثنين."),
    ("ru", "По теме переговоров министр ничего не сказал журналистам."),
    ("ru", "Фотографии с места событий опубликовали местные СМИ."),
    ("sq", "Nga Kazakistani u larguan mijëra qytetarë drejt Kinës vitin e kaluar."),
    ("kk", "Сұхбаттың толық видеонұсқасын 3 ақпанда Азаттық сайтынан көріп, оқи аласыздар"),
    ("sq", "Pompeo tha më 2 shkurt 2020 se SHBA mbështet sovranitetin e Kazakistanit."),
    ("es", "Viernes 6 de Mayo"),  # an event's date, in a programme or an embedded post: no year, no stamp
    ("ru", "3 февраля"),
]


@pytest.mark.parametrize(("lang", "line", "kind"), SKIPPED, ids=[f"{lang}-{kind}" for lang, _, kind in SKIPPED])
def test_each_kind_of_line_no_reader_sees_is_named_in_each_seed_language(lang, line, kind):
    assert reason(line, lang) == kind
    assert paragraph_reason(f"{line}\n{line}", lang) == kind  # a paragraph of such lines is one


@pytest.mark.parametrize(("lang", "line"), NEWS, ids=[line[:24] for _, line in NEWS])
def test_news_that_looks_like_boilerplate_is_kept(lang, line):
    assert reason(line, lang) is None


def test_a_paragraph_with_one_news_line_is_kept():
    assert paragraph_reason("Foto: AA\nPompeo u takua me homologun e tij në Nur Sultan.", "sq") is None


ARTICLE = """Pompeo takon homologun kazak në Nur Sultan

Nga Arben Hoxha

Sekretari i Shtetit i SHBA-së, Mike Pompeo u takua me homologun e tij Mukhtar Tleuberdi në kryeqytetin e Kazakistanit.

Lexo edhe: Pompeo takon Tokayev

Pompeo shprehu falënderime ndaj Kazakistanit për përpjekjet e treguara në ndërtimin e paqes në Afganistan.

Të gjitha të drejtat e rezervuara © 2020 Anadolu Agency
"""


def paragraphs(path):
    return {p["index"]: p for p in json.loads(path.read_text(encoding="utf-8"))["paragraphs"]}


def test_brief_leaves_boilerplate_untranslated_and_translate_all_translates_it(tiny_models, tmp_path):
    source = tmp_path / "sq.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    skipping = run_cli("brief", source, "--out", tmp_path / "out", "--date", "2026-12-04", "--models", tiny_models, "--device", "cpu")
    assert skipping.exit_code == 0, skipping.stderr
    day = tmp_path / "out" / "2026-12-04"
    found = paragraphs(day / "translations" / "sq.json")
    assert {i: p["skipped"] for i, p in found.items() if p["status"] == "skipped"} == {
        2: "byline",
        4: "related link",
        6: "copyright notice",
    }
    assert all(found[i]["translation"] is None and found[i]["source"] for i in (2, 4, 6))
    assert found[1]["status"] == found[3]["status"] == found[5]["status"] == "translated"  # the title is never skipped
    (entry,) = json.loads((day / "report.json").read_text())["inputs"]
    assert (entry["skipped"], entry["sentences"]) == (3, 3)
    briefing = json.loads((day / "briefing.json").read_text())
    points = [p for b in briefing["documents"] for p in [b["headline"], *b["points"]]]
    points += [p for s in briefing["stories"] for p in [s["headline"], s["lede"], *s["points"]] if p]
    cited = {c["paragraph"] for point in points for c in point["citations"]}
    assert cited and not cited & {2, 4, 6}  # a skipped line is never a headline, a point or a story's fact
    assert briefing["untranslated"] == []  # a skipped line is not a paragraph left untranslated

    everything = run_cli(
        "brief", source, "--out", tmp_path / "all", "--date", "2026-12-04", "--models", tiny_models, "--device", "cpu", "--translate-all"
    )
    assert everything.exit_code == 0, everything.stderr
    found = paragraphs(tmp_path / "all" / "2026-12-04" / "translations" / "sq.json")
    assert {p["status"] for p in found.values()} == {"translated"}
    (entry,) = json.loads((tmp_path / "all" / "2026-12-04" / "report.json").read_text())["inputs"]
    assert (entry["skipped"], entry["sentences"]) == (0, 6)


def test_translate_translates_every_line_unless_asked_to_skip(tiny_models, tmp_path):
    source = tmp_path / "sq.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    plain = run_cli("translate", source, "--out", tmp_path / "plain", "--models", tiny_models, "--device", "cpu")
    assert plain.exit_code == 0, plain.stderr
    assert {p["status"] for p in paragraphs(tmp_path / "plain" / "sq.json").values()} == {"translated"}
    skipping = run_cli("translate", source, "--out", tmp_path / "skip", "--models", tiny_models, "--device", "cpu", "--skip-boilerplate")
    assert skipping.exit_code == 0, skipping.stderr
    assert "3 in lines no reader sees left untranslated" in skipping.stderr
    found = paragraphs(tmp_path / "skip" / "sq.json")
    assert [i for i, p in found.items() if p["status"] == "skipped"] == [2, 4, 6]
    assert "not translated: a line no reader sees (byline)" in (tmp_path / "skip" / "sq.md").read_text(encoding="utf-8")
