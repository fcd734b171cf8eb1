"""bench/quality.py on a tiny data set of the project's own texts, written here in the formats of bench/data's
files (which CI does not have): it runs, and every figure it reports is computed. No thresholds."""

from __future__ import annotations

import io
import json
import lzma
import os
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ENGLISH = {"003": "003_848f8f51c7c0bbd8", "004": "004_761b78ecbf864cc8"}
ALBANIAN = "000_cc55509071a40faa"

# Reference summaries written for the two English seeds, and one for the two as a topic.
REFERENCES = {
    "003": "U.S. Secretary of State Mike Pompeo, visiting Kazakhstan, urged it to press China over its treatment of "
    "Uighurs and other Muslim minorities. He raised the matter with Foreign Minister Mukhtar Tleuberdi, who spoke "
    "instead of economic and security ties. China denies mistreating the Uighurs.",
    "004": "Mike Pompeo commended Kazakhstan for helping refugees from China and for taking back its citizens who had "
    "joined terrorist groups in Syria. He met Foreign Minister Mukhtar Tileuberdi in Washington, and they discussed "
    "human rights in Xinjiang.",
}
TOPIC_REFERENCE = (
    "Mike Pompeo urged Kazakhstan to press China over the Uighurs and ethnic Kazakhs detained in Xinjiang, and "
    "praised it for sheltering those who fled and for bringing its citizens back from Syria. He met Foreign Minister "
    "Mukhtar Tleuberdi, who spoke of economic and security cooperation. China denies any mistreatment."
)

PAGE_TITLE = "Town library opens a reading room for children"
PAGE_TEXT = [
    "The town library opened a reading room for children on Monday, after a year of building work paid for by local donors.",
    "The room holds four thousand books and a corner for reading aloud, and it will stay open until eight in the evening on weekdays.",
    "The librarian said that more than two hundred families had asked for library cards in the first week.",
]
TITLES = {
    "003": "Pompeo urges Kazakhstan to press China over Uighurs",
    "004": "Pompeo commends Kazakhstan for sheltering refugees from China",
}
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{PAGE_TITLE} | The Riverside Courier</title>
<meta property="og:title" content="{PAGE_TITLE}">
<meta property="og:site_name" content="The Riverside Courier">
<meta property="article:published_time" content="2026-11-30T08:00:00Z">
</head><body><article>
<h1>{PAGE_TITLE}</h1>
{"".join(f"<p>{p}</p>" for p in PAGE_TEXT)}
</article></body></html>
"""

# Sentence pairs in MSRP's form (label 1: the two say the same thing), written for the two English seeds.
PAIRS = {
    "dev": [
        (
            1,
            "Mike Pompeo urged Kazakhstan to press China over its treatment of the Uighurs.",
            "Pompeo pressed Kazakhstan to raise China's treatment of the Uighurs with Beijing.",
        ),
        (
            0,
            "Pompeo met Foreign Minister Mukhtar Tleuberdi in the capital on Monday.",
            "China denies that it mistreats Uighurs and other Muslim minorities.",
        ),
        (
            1,
            "The town library opened a reading room for children on Monday.",
            "On Monday the library of the town opened a children's reading room.",
        ),
    ],
    "test": [
        (
            0,
            "Kazakhstan took back its citizens who had joined terrorist groups in Syria.",
            "More than two hundred families asked the library for cards in the first week.",
        ),
        (
            1,
            "Pompeo commended Kazakhstan for helping refugees who fled from China.",
            "Pompeo praised Kazakhstan for sheltering refugees from China.",
        ),
        (
            1,
            "The reading room will stay open until eight in the evening on weekdays.",
            "On weekdays the reading room stays open until 8 p.m.",
        ),
    ],
}


def paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


def write_xz(path: Path, records: list[dict]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path.write_bytes(lzma.compress(text.encode("utf-8")))


def tiny_data(folder: Path) -> Path:
    """The files of bench/data, each split holding the same few items."""
    seeds = {key: paragraphs((SEEDS / f"{stem}.txt").read_text(encoding="utf-8")) for key, stem in ENGLISH.items()}
    splits = ("dev", "test")
    write_xz(
        folder / "cnndm.jsonl.xz",
        [
            {"id": f"seed{key}", "split": split, "url": None, "paragraphs": seeds[key], "reference": REFERENCES[key]}
            for split in splits
            for key in seeds
        ],
    )
    documents = [{"id": f"seed{key}", "title": TITLES[key], "paragraphs": seeds[key]} for key in seeds]
    write_xz(
        folder / "multiling2011.jsonl.xz",
        [{"id": "T-pompeo", "split": split, "documents": documents, "references": [TOPIC_REFERENCE]} for split in splits],
    )
    untitled = [{**document, "title": None} for document in documents]  # DUC's articles have no titles
    write_xz(
        folder / "duc2004.jsonl.xz",
        [{"id": "d-pompeo", "split": split, "documents": untitled, "references": [TOPIC_REFERENCE]} for split in splits],
    )
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        listing = "".join(
            json.dumps(
                {"id": "page1", "split": split, "url": "https://courier.example/library", "title": PAGE_TITLE, "title_source": "og:title"}
            )
            + "\n"
            for split in splits
        ).encode("utf-8")
        for name, data in (("page1.html", PAGE.encode("utf-8")), ("pages.jsonl", listing)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    (folder / "news_pages.tar.xz").write_bytes(lzma.compress(archive.getvalue()))
    day = [
        {"id": f"seed{key}", "event": "pompeo", "topic": "pompeo", "role": "event", "lang": "en", "text": "\n\n".join(seeds[key])}
        for key in seeds
    ]
    day.append(
        {
            "id": "seed000",
            "event": "pompeo",
            "topic": "pompeo",
            "role": "event",
            "lang": "sq",
            "text": (SEEDS / f"{ALBANIAN}.txt").read_text(encoding="utf-8"),
        }
    )
    page = {"title": PAGE_TITLE, "text": "\n\n".join(PAGE_TEXT), "source": "The Riverside Courier", "date": "2026-11-30"}
    day.append({"id": "library", "event": "library", "topic": "library", "role": "single", "lang": "en", **page})
    write_xz(folder / "ecbplus_day.jsonl.xz", [{**record, "split": split} for split in (*splits, "blind") for record in day])
    weeks = [{**record, "date": "2019-12-22"} for record in day if record["lang"] == "en"]  # a week of news, with dates
    write_xz(folder / "news_weeks.jsonl.xz", [{**record, "split": split} for split in splits for record in weeks])
    bbc = [{"id": f"bbc-sport-{n:03d}", "section": "sport", "title": PAGE_TITLE, "paragraphs": PAGE_TEXT} for n in range(1, 7)]
    write_xz(folder / "bbc_news.jsonl.xz", bbc)  # some of each split (the parity of the id's SHA-1), one text: one event
    write_xz(
        folder / "msrp.jsonl.xz",
        [
            {"id": f"msrp-{split}-{n:05d}", "split": split, "label": label, "a": a, "b": b}
            for split in splits
            for n, (label, a, b) in enumerate(PAIRS[split], 1)
        ],
    )
    return folder


def run_bench(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), *args], capture_output=True, text=True, env=env, timeout=120)


def numbers(tree: object, path: str = "") -> list[tuple[str, object]]:
    if isinstance(tree, dict):
        return [found for key, value in tree.items() for found in numbers(value, f"{path}.{key}")]
    if isinstance(tree, list):
        return [found for n, value in enumerate(tree) for found in numbers(value, f"{path}[{n}]")]
    return [(path, tree)]


def test_quality_bench_runs_on_a_tiny_sample(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    data = tiny_data(tmp_path / "data")
    done = run_bench("--data", str(data), "--sample", "2", "--json")
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert set(report["splits"]) == {"dev", "test"}
    for split, result in report["splits"].items():
        single, multi, duc, pages, grouping = (
            result[k] for k in ("single_document", "multi_document", "multi_document_duc", "titles", "grouping")
        )
        assert single["n"] == 2 and multi["n"] == 1 and duc["n"] == 1 and pages["n"] == 1 and grouping["n"] == 3, split
        assert multi["words"] == 250 and duc["words"] == 100
        assert grouping["other_languages"]["n"] == 1 and grouping["other_languages"]["languages"] == {"sq": 1}
        shares = [
            (f"{name}.{k}", row[k]) for part in (single, multi, duc) for name, row in part["systems"].items() for k in row if k != "words"
        ]
        shares += [("titles.title_share", pages["title_share"]), ("junk.share", result["junk"]["share"])]
        for where, value in shares:
            assert isinstance(value, int | float) and 0 <= value <= 100, (split, where, value)
        for part in (single, multi, duc):
            for name, row in part["systems"].items():
                assert isinstance(row["words"], int | float) and row["words"] > 0, (split, name)
        for figures in (grouping, grouping["other_languages"]["with_them_untranslated"]):
            for key in ("precision", "recall", "f1"):
                assert isinstance(figures[key], int | float) and 0 <= figures[key] <= 1, (split, key, figures[key])
        assert grouping["precision_unrelated"] is not None and grouping["stories"] >= 1
        assert ("grouping_blind" in result) == (split == "test")  # ECB+'s blind day is measured with test
        if split == "test":
            assert result["grouping_blind"]["set"].startswith("ECB+ blind") and result["grouping_blind"]["n"] == 3
        weeks = result["grouping_news"]
        assert weeks["set"].startswith("news weeks") and weeks["n"] == 3 and weeks["other_languages"]["n"] == 0, split
        assert 0 <= weeks["precision"] <= 1 and 0 <= weeks["recall"] <= 1, split
        stress = result["grouping_stress"]  # the news weeks, the CNN/DailyMail articles and BBC's, in one day
        # --sample 2: the first 2 events of several articles (the seeds' story; BBC's three copies of one text,
        # one event) and the first 2 single ones (the library page, a CNN/DailyMail article)
        assert stress["set"].startswith("stress day") and stress["n"] == 2 + 3 + 2, split
        assert stress["events"] == 4 and stress["pairs"]["same_event"] == 1 + 3, split
        agreement = result["agreement"]
        assert agreement["n"] == 2 and agreement["positives"] == sum(label for label, _, _ in PAIRS[split][:2]), split
        assert [m["matcher"] for m in agreement["parabrief"]] == ["summarize.paraphrase.same", "summarize.facts.agrees"], split
        keys = ("precision", "recall", "f1", "baseline_recall_at_its_precision")
        figures = [(m["matcher"], k, m[k]) for m in agreement["parabrief"] for k in keys]
        figures += [("baseline", k, v) for k, v in agreement["baseline"].items() if k != "score"]
        for who, key, value in figures:
            assert isinstance(value, int | float) and 0 <= value <= 1, (split, who, key, value)
        for where, value in numbers(result):
            assert value is not None or where.endswith((".headline", ".url")), (split, where)


def test_quality_bench_says_where_its_data_goes(tmp_path: Path) -> None:
    done = run_bench("--data", str(tmp_path), "--sample", "1")
    assert done.returncode == 2
    message = done.stderr.strip()
    assert len(message.splitlines()) == 1 and "bench/data/README.md" in message and "prepare.py" in message


def test_quality_bench_names_why_a_line_is_junk() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.quality import junk_reasons

    assert junk_reasons("Saturday, January 8, 2005") == [("date", "only a date or a time")]
    assert junk_reasons("This copy is for your personal, non-commercial use only.")[0][0] == "boilerplate"
    assert [kind for kind, _ in junk_reasons('He said: "We will go on.')] == ["broken"]
    assert junk_reasons("Pompeo urges Kazakhstan to press China over Uighurs", headline=True) == []
