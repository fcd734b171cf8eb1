"""Bad input through the real CLI: each gets one line naming the file and the reason, the rest of the
batch finishes, the exit code says something was skipped, and report.json lists every input."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from translate.errors import EXIT_INCOMPLETE

from .conftest import SEEDS, run_cli

KAZAKH = (SEEDS / "002_7246527690d706c8.txt").read_text(encoding="utf-8")
ALBANIAN = (SEEDS / "000_cc55509071a40faa.txt").read_text(encoding="utf-8")
ARABIC = (SEEDS / "001_e16ef8893aa65cca.txt").read_text(encoding="utf-8")
RUSSIAN = "Министр иностранных дел Казахстана встретился с госсекретарём США в Нур-Султане. " * 4


def make_inputs(folder: Path) -> Path:
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "bom.txt").write_bytes(codecs.BOM_UTF8 + KAZAKH.encode("utf-8"))
    (folder / "utf16.txt").write_bytes(KAZAKH.encode("utf-16"))
    (folder / "legacy.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blank.txt").write_text(" \n\t\n\n  \n", encoding="utf-8")
    (folder / "numbers.txt").write_text("2019-12-22\n\n1 234 567   89.5%\n\n(3) - [4]", encoding="utf-8")
    sentences = [s for s in ALBANIAN.replace("\n\n", " ").split(". ") if s]
    (folder / "one-paragraph.txt").write_text((". ".join(sentences) + ". ") * 50, encoding="utf-8")
    words = ALBANIAN.replace(".", "").replace(",", "").replace("“", "").replace("”", "").split()
    (folder / "no-punctuation.txt").write_text(" ".join(words * 60)[:100_000], encoding="utf-8")
    (folder / "windows.txt").write_bytes(KAZAKH.replace("\n", "\r\n").encode("utf-8"))
    (folder / "mixed.txt").write_text(
        KAZAKH.split("\n\n")[0] + "\n\n" + ARABIC.split("\n\n")[2] + "\n\nThe minister left on Monday.", encoding="utf-8"
    )
    (folder / "latin.txt").write_text(
        "Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, aliam Aquitani.", encoding="utf-8"
    )
    for name in ("a b;$(rm -rf x).txt", "Нұр-Сұлтан жаңалықтары.txt", "'quote' & <tag>.md"):
        (folder / name).write_text(KAZAKH.split("\n\n")[3], encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "windows.txt").write_text("A different document with the same name, about Pompeo.", encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "../../outside", "text": "Pompeo left Astana on Monday."}) + "\n", encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def run(tiny_models, tmp_path_factory):
    base = tmp_path_factory.mktemp("bad")
    inputs = make_inputs(base / "in")
    before = {p for p in base.rglob("*")}
    result = run_cli("translate", inputs, "--out", base / "out", "--models", tiny_models, "--cache", base / "cache.sqlite")
    after = {p for p in base.rglob("*")} - before
    report = {str(Path(r["input"]).relative_to(inputs)): r for r in json.loads((base / "out" / "report.json").read_text())["inputs"]}
    return result, base / "out", report, after, base


def doc(out: Path, name: str) -> dict:
    return json.loads((out / f"{name}.json").read_text(encoding="utf-8"))


def line_for(result, name: str) -> str:
    (line,) = [x for x in result.stderr.splitlines() if f"/{name}:" in x]
    return line


def test_the_run_finishes_and_its_exit_code_says_something_was_skipped(run):
    result, out, report, _, _ = run
    assert result.exit_code == EXIT_INCOMPLETE
    assert "Traceback" not in result.output
    assert len(report) == 18 and all(r["seconds"] >= 0 for r in report.values())  # every input, once


def test_not_text(run):
    result, _, report, _, _ = run
    assert line_for(result, "binary.txt").endswith("binary.txt: not a text file (contains NUL bytes)")
    assert (report["binary.txt"]["status"], report["binary.txt"]["document"]) == ("skipped", None)


def test_broken_symlink(run):
    result, _, report, _, _ = run
    assert line_for(result, "gone.txt").endswith("gone.txt: broken symbolic link")
    assert report["gone.txt"]["status"] == "skipped"


def test_encodings_utf8_bom_utf16_and_a_legacy_guess(run):
    result, out, report, _, _ = run
    assert [p["translation"] for p in doc(out, "bom")["paragraphs"]] == [p["translation"] for p in doc(out, "utf16")["paragraphs"]]
    assert (doc(out, "bom")["encoding"], doc(out, "utf16")["encoding"]) == ("utf-8-sig", "utf-16")
    legacy = doc(out, "legacy")
    assert legacy["encoding"] == "cp1251" and legacy["paragraphs"][0]["source"] == RUSSIAN.strip()
    assert "legacy.txt: not UTF-8; decoded as cp1251 (detected)" in result.stderr
    assert report["legacy.txt"]["status"] == "done"


def test_empty_whitespace_and_numbers_only(run):
    result, out, report, _, _ = run
    assert line_for(result, "empty.txt").endswith("empty.txt: empty document (no text)")
    assert line_for(result, "blank.txt").endswith("blank.txt: empty document (no text)")
    assert line_for(result, "numbers.txt").endswith("numbers.txt: no words to translate (only numbers and symbols)")
    assert {report[n]["status"] for n in ("empty.txt", "blank.txt", "numbers.txt")} == {"skipped"}
    assert not any((out / f"{n}.json").exists() for n in ("empty", "blank", "numbers"))


@pytest.mark.parametrize("name", ["one-paragraph", "no-punctuation"])
def test_100000_characters_in_one_paragraph_are_all_translated(run, name):
    _, out, report, _, base = run
    (paragraph,) = doc(out, name)["paragraphs"]
    source = (base / "in" / f"{name}.txt").read_text(encoding="utf-8").strip()
    assert len(source) > 90_000 and paragraph["source"] == source
    assert "".join(s["source"] for s in paragraph["sentences"]).replace(" ", "") == source.replace(" ", "")
    assert all(s["translation"] for s in paragraph["sentences"])
    assert report[f"{name}.txt"]["status"] == "done"


def by_source(out: Path, ending: str) -> dict:
    (found,) = [
        d for d in (json.loads(p.read_text()) for p in out.glob("*.json") if p.name != "report.json") if d["source"].endswith(ending)
    ]
    return found


def test_windows_line_endings_read_like_unix_ones(run):
    _, out, _, _, _ = run
    windows = by_source(out, "in/windows.txt")
    assert [p["source"] for p in windows["paragraphs"]] == [p["source"] for p in doc(out, "bom")["paragraphs"]]


def test_a_mixed_document_routes_each_paragraph_by_its_own_language(run):
    _, out, _, _, _ = run
    paragraphs = doc(out, "mixed")["paragraphs"]
    assert [(p["lang"], p["model"]) for p in paragraphs] == [("kk", "tiny-nllb"), ("ar", "tiny-marian"), ("en", None)]


def test_a_language_no_model_covers_is_kept_untranslated_and_marked(run):
    result, out, report, _, _ = run
    assert line_for(result, "latin.txt").endswith("latin.txt: 1 paragraph(s) in 'la' left untranslated: no model covers this language")
    (paragraph,) = doc(out, "latin")["paragraphs"]
    assert (paragraph["status"], paragraph["translation"]) == ("unsupported", None)
    assert report["latin.txt"]["reason"].endswith("no model covers this language")


def test_odd_and_colliding_names_give_safe_unique_outputs_inside_the_output_folder(run):
    _, out, report, created, base = run
    assert all(p == out or out in p.parents or p == base / "cache.sqlite" or p.name.startswith("cache.sqlite") for p in created)
    names = sorted(p.name for p in out.iterdir() if p.suffix == ".json" and p.name != "report.json")
    assert all(" " not in n and "$" not in n and "'" not in n and "&" not in n and "<" not in n for n in names)
    assert {
        "a-b-rm-rf-x.json",
        "Нұр-Сұлтан-жаңалықтары.json",
        "quote-tag.json",
        "windows.json",
        "windows-2.json",
        "feed-outside.json",
    } <= set(names)
    assert {doc(out, "windows")["source"], doc(out, "windows-2")["source"]} == {
        str(base / "in" / "windows.txt"),
        str(base / "in" / "sub" / "windows.txt"),
    }


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to drop root's right to read anything")
def test_a_file_that_cannot_be_read(tiny_models, tmp_path):
    """Root reads any file, so the run is made as an unprivileged user (nobody) when the tests run as root."""
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"parabrief-perm-{os.getpid()}"
    folder.mkdir(mode=0o777, exist_ok=True)
    try:
        folder.chmod(0o777)
        (folder / "ok.txt").write_text("The minister left on Monday.", encoding="utf-8")
        locked = folder / "locked.txt"
        locked.write_text("secret", encoding="utf-8")
        locked.chmod(0o000)
        command = [
            str(Path(sys.executable).parent / "parabrief"),
            "translate",
            str(folder / "ok.txt"),
            str(locked),
            "--out",
            str(folder / "out"),
            "--no-cache",
        ]
        if os.geteuid() == 0:
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "PARABRIEF_HOME": str(folder / "home")}
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == EXIT_INCOMPLETE, done.stderr
        assert f"parabrief: failed {locked}: cannot be read (Permission denied)" in done.stderr
        statuses = {Path(r["input"]).name: r["status"] for r in json.loads((folder / "out" / "report.json").read_text())["inputs"]}
        assert statuses == {"ok.txt": "done", "locked.txt": "failed"}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
