"""`parabrief eval`: scores that move the right way (stand-ins that return the references, or shuffle
them), the same segmentation and cache as `translate`, FLORES-style folders, brief faithfulness, the
licence filter, and bad input met with one line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from summarize.api import BriefOptions, brief_files
from translate.documents import Translation
from translate.errors import EXIT_INCOMPLETE, EXIT_USAGE
from translate.evaluate import devtest_files, evaluate_file, evaluate_folder, routed_languages
from translate.models import ModelSpec, Registry
from translate.run import RunOptions, translate_files
from translate.segment import split_sentences
from translate.signature import ModelSignature

from .conftest import SEEDS, run_cli
from .reference import load_references

ALBANIAN = SEEDS / "000_cc55509071a40faa.txt"
PAIRS = load_references()  # language -> {source sentence: English}

STAND_INS = """
models:
  echo:
    task: translate
    family: nllb
    licence: Apache-2.0
    source: {path: nowhere}
    tokenizer_files: [sentencepiece.bpe.model]
    languages: {sq: als_Latn, kk: kaz_Cyrl, ar: arb_Arab}
    target: eng_Latn
  shuffled:
    task: translate
    family: nllb
    licence: CC-BY-NC-4.0 (non-commercial use only)
    source: {path: nowhere}
    tokenizer_files: [sentencepiece.bpe.model]
    languages: {sq: als_Latn, kk: kaz_Cyrl, ar: arb_Arab}
    target: eng_Latn
  absent:
    task: translate
    family: marian
    licence: MIT
    source: {path: nowhere}
    tokenizer_files: [source.spm, target.spm]
    languages: {ar: ar}
routing:
  sq: [shuffled, echo]
  kk: [shuffled]
  ar: [absent]
  default: []
"""


class Lookup:
    """A stand-in ``Translator`` answering from a table, keeping every text it was sent."""

    max_input_tokens = 10_000

    def __init__(self, spec: ModelSpec, table: dict[str, str]):
        self.spec, self.name, self.table = spec, spec.name, table
        self.seen: list[str] = []

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) + 2 for t in texts]

    def translate_batches(self, texts: Sequence[str], langs: Sequence[str]) -> Iterator[list[tuple[int, Translation]]]:
        self.seen.extend(texts)
        yield [(i, Translation(self.table[t], (), len(self.table[t].split()))) for i, t in enumerate(texts)]

    def signature(self) -> ModelSignature:
        return ModelSignature.of(self.spec, "stand-in", "cpu", "stand-in", 1)


def stand_ins(models_file: Path) -> dict[str, Lookup]:
    """``echo`` returns each sentence's reference; ``shuffled`` the next sentence's."""
    registry = Registry(models_file)
    pairs = {source: english for table in PAIRS.values() for source, english in table.items()}
    sources = list(pairs)
    rotated = {s: pairs[sources[(i + 1) % len(sources)]] for i, s in enumerate(sources)}
    return {"echo": Lookup(registry.get("echo"), pairs), "shuffled": Lookup(registry.get("shuffled"), rotated)}


@pytest.fixture
def models_file(tmp_path) -> Path:
    path = tmp_path / "stand-ins.yaml"
    path.write_text(STAND_INS, encoding="utf-8")
    return path


def write_pair(folder: Path, lang: str) -> tuple[Path, Path]:
    sources, references = zip(*PAIRS[lang].items(), strict=True)
    (folder / f"{lang}.txt").write_text("\n".join(sources) + "\n", encoding="utf-8")
    (folder / f"{lang}.en.txt").write_text("\n".join(references) + "\n", encoding="utf-8")
    return folder / f"{lang}.txt", folder / f"{lang}.en.txt"


def test_the_references_score_chrf_100_and_a_shuffle_far_less(models_file, tmp_path):
    source, reference = write_pair(tmp_path, "sq")
    translators = stand_ins(models_file)
    options = RunOptions(models_file=models_file, use_cache=False)
    result = evaluate_file(source, reference, options, lang="sq", models=["echo", "shuffled"], translators=translators)
    echo, shuffled = result.scores
    assert (echo.model, echo.chrf, echo.bleu) == ("echo", 100.0, 100.0)
    assert shuffled.chrf < 40 and shuffled.bleu < 15
    assert result.signatures["chrF++"].startswith("chrF2++|nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:")
    assert result.signatures["BLEU"].startswith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert result.routed == "shuffled" and echo.segments == len(PAIRS["sq"]) and echo.tokens > 0
    # the stand-in saw the sentences `translate` would send: segmentation is the pipeline's
    sent = [s for line in PAIRS["sq"] for s in split_sentences(line, "sq")]
    assert translators["echo"].seen == sent
    # a jsonl of records scores the same; the routed model is the default
    records = tmp_path / "sq.jsonl"
    records.write_text("".join(json.dumps({"source": s, "reference": r}) + "\n" for s, r in PAIRS["sq"].items()), encoding="utf-8")
    again = evaluate_file(records, None, options, lang="sq", translators=stand_ins(models_file))
    assert [(s.model, s.chrf) for s in again.scores] == [("shuffled", shuffled.chrf)]


def test_eval_on_the_tiny_models_meets_translate_in_the_cache(tiny_models, tmp_path):
    """`translate` fills the cache; `eval` of the same paragraphs in the same language finds every sentence."""
    cache = tmp_path / "cache.sqlite"
    assert run_cli("translate", ALBANIAN, "--out", tmp_path / "out", "--models", tiny_models, "--cache", cache).exit_code == 0
    (doc,) = [json.loads(p.read_text()) for p in (tmp_path / "out").glob("*.json") if p.name != "report.json"]
    paragraphs = [p["source"] for p in doc["paragraphs"] if p["lang"] == "sq" and p["status"] == "translated" and "\n" not in p["source"]]
    assert len(paragraphs) >= 3
    (tmp_path / "sq.txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(p["translation"] or "-" for p in doc["paragraphs"] if p["source"] in paragraphs) + "\n")
    args = ["eval", tmp_path / "sq.txt", tmp_path / "en.txt", "--lang", "sq", "--models", tiny_models, "--cache", cache]
    result = run_cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    (score,) = json.loads(result.stdout)["scores"]
    assert score["model"] == "tiny-nllb" and score["cached"] == score["sentences"] > 0 and score["tokens"] == 0
    assert score["chrf"] == 100.0  # its references are translate's own output
    table = run_cli(*args, "--model", "tiny-nllb", "--model", "tiny-nllb-f32", "--no-cache")
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert any(line.startswith("tiny-nllb ") and "(routed)" in line for line in lines)
    assert any(line.startswith("tiny-nllb-f32 ") for line in lines) and any(line.startswith("chrF++: chrF2++|") for line in lines)


def flores(folder: Path, langs: dict[str, str], english: list[str]) -> Path:
    """A FLORES-200 layout: folder/devtest/CODE.devtest, line-aligned with eng_Latn.devtest."""
    (folder / "devtest").mkdir(parents=True)
    (folder / "devtest" / "eng_Latn.devtest").write_text("\n".join(english) + "\n", encoding="utf-8")
    for code, text in langs.items():
        (folder / "devtest" / f"{code}.devtest").write_text(text, encoding="utf-8")
    return folder


def test_a_flores_folder_is_scored_per_language_with_a_note_where_routing_misses(models_file, tmp_path):
    sq, en = zip(*list(PAIRS["sq"].items())[:6], strict=True)
    kk = list(PAIRS["kk"])[:6]
    ar = list(PAIRS["ar"])[:6]
    folder = flores(
        tmp_path / "flores200_dataset", {"als_Latn": "\n".join(sq), "kaz_Cyrl": "\n".join(kk), "arb_Arab": "\n".join(ar)}, list(en)
    )
    assert set(devtest_files(folder)) == {"eng_Latn", "als_Latn", "kaz_Cyrl", "arb_Arab"}
    options = RunOptions(models_file=models_file, use_cache=False)
    translators = stand_ins(models_file)
    for table in (dict(zip(kk, en, strict=True)), dict(zip(ar, en, strict=True))):
        translators["echo"].table.update(table)  # echo knows the English of every line
        translators["shuffled"].table.update({s: "Something else entirely." for s in table})
    result = evaluate_folder(folder, options, translators=translators)
    by = {entry.lang: entry for entry in result.languages}
    assert {"sq", "kk", "ar"} <= set(by) and "sq" in routed_languages(Registry(models_file))
    sq_row = by["sq"]
    assert sq_row.routed == "shuffled" and sq_row.best == "echo" and [s.model for s in sq_row.scores] == ["shuffled", "echo"]
    assert sq_row.note and sq_row.note.startswith("routing picks shuffled, but echo scores best")
    assert by["kk"].best == "shuffled" and by["kk"].note is None  # routing's only candidate for kk
    assert not by["ar"].scores and by["ar"].note == "no candidate is pulled (absent)" and not result.complete
    # the command: one line per language not scored, exit 1; --lang limits the folder to one language
    cli = run_cli("eval", folder, "--models", models_file, "--lang", "ar", "--no-cache")
    assert cli.exit_code == EXIT_INCOMPLETE and "ar: not scored: no candidate is pulled (absent)" in cli.stderr


def test_the_licence_filter_changes_the_route_and_refuses_an_uncovered_language(models_file, tmp_path):
    served = Registry(models_file).serving(["echo", "shuffled"])
    assert served.route("sq").model == "shuffled"  # CC-BY-NC-4.0, preferred
    commercial = Registry(models_file, commercial_only=True).serving(["echo", "shuffled"])
    assert commercial.route("sq").model == "echo" and commercial.route("sq").candidates == ("echo",)
    assert commercial.route("kk").candidates == ()  # routing names only the CC-BY-NC-4.0 model for kk
    assert commercial.uncovered("kk") == "no model whose licence allows commercial use covers 'kk'"
    # the models-file setting does the same as the option
    strict = tmp_path / "strict.yaml"
    strict.write_text("commercial_only: true\n" + STAND_INS, encoding="utf-8")
    assert Registry(strict).serving(["echo"]).route("sq").model == "echo"
    # built in: NLLB is skipped, Opus-MT where it exists, MADLAD-400 for the rest
    builtin = Registry(commercial_only=True)
    assert builtin.route("sq").candidates[0] == "opus-mt-sq-en" and builtin.route("ar").candidates[0] == "opus-mt-tc-big-ar-en"
    assert builtin.route("kk").candidates == ("madlad400-3b-mt",) and not builtin.commercial("nllb-200-distilled-600M")
    madlad = builtin.get("madlad400-3b-mt")
    assert "float16" not in madlad.quantization.values() and madlad.quantization["cuda"] != "int8_float16"
    # a run: the Albanian seed goes to the permitted model
    translators = stand_ins(models_file)
    translators["echo"].table = _Everything()
    translate_files(
        [ALBANIAN], tmp_path / "out", RunOptions(models_file=models_file, use_cache=False, commercial_only=True), None, translators
    )
    (doc,) = [json.loads(p.read_text()) for p in (tmp_path / "out").glob("*.json") if p.name != "report.json"]
    assert {p["model"] for p in doc["paragraphs"] if p["lang"] == "sq"} == {"echo"} and list(doc["signature"]["models"]) == ["echo"]


class _Everything(dict):
    def __missing__(self, key: str) -> str:
        return f"English of {len(key)} characters."


def test_eval_refuses_what_the_licence_does_not_allow_in_one_line(models_file, tmp_path):
    models = models_file
    source, reference = write_pair(tmp_path, "kk")
    result = run_cli("eval", source, reference, "--lang", "kk", "--models", models, "--commercial")
    assert result.exit_code == EXIT_USAGE and result.stderr.strip().splitlines() == [
        "parabrief: error: no model whose licence allows commercial use covers 'kk'"
    ]
    refused = run_cli("eval", source, reference, "--lang", "kk", "--models", models, "--commercial", "--model", "shuffled")
    assert refused.exit_code == EXIT_USAGE and len(refused.stderr.strip().splitlines()) == 1
    assert "model 'shuffled' is licensed CC-BY-NC-4.0 (non-commercial use only), which does not allow commercial use" in refused.stderr


@pytest.mark.parametrize(
    ("source", "reference", "message"),
    [
        ("a\nb\nc\n", "A\nB\n", "has 3 segments and"),
        ("a\n\nc\n", "A\nB\nC\n", "src.txt:2: empty line"),
        ("a\nb\n", "A\n  \n", "ref.txt:2: empty line"),
        ('{"source": "a", "reference": "A"}\n{"source": "b"}\n', None, 'src.jsonl:2: "reference" is missing'),
        ('{"source": "a", "reference": "A"}\n{"source": "b", "reference": ""}\n', None, 'src.jsonl:2: "reference" is empty'),
        ('{"source": "a", "reference": "A"}\n["b", "B"]\n', None, "src.jsonl:2: not a JSON object"),
        ('{"source": "a", "reference": "A"}\n{"source": "b",\n', None, "src.jsonl:2: not JSON"),
        ("a\nb\n", None, "give its REFERENCE file"),
    ],
)
def test_bad_input_is_one_line_and_a_non_zero_exit(tmp_path, source, reference, message):
    src = tmp_path / ("src.jsonl" if source.startswith("{") else "src.txt")
    src.write_text(source, encoding="utf-8")
    args = [src]
    if reference is not None:
        (tmp_path / "ref.txt").write_text(reference, encoding="utf-8")
        args.append(tmp_path / "ref.txt")
    result = run_cli("eval", *args, "--lang", "sq")
    assert result.exit_code == EXIT_USAGE and "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert message in line, line


def test_a_flores_folder_without_english_or_misaligned_is_one_line(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "als_Latn.devtest").write_text("a\nb\n")
    assert "no eng_Latn.devtest" in run_cli("eval", folder).stderr
    (folder / "eng_Latn.devtest").write_text("A\n")
    result = run_cli("eval", folder, "--lang", "sq")
    assert result.exit_code == EXIT_USAGE and "has 2 segments and" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_brief_faithfulness_and_the_licences_in_the_briefing_header(tiny_models, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in (ALBANIAN, SEEDS / "003_848f8f51c7c0bbd8.txt"):  # Albanian and English
        shutil.copy(path, inputs / path.name)
    result = brief_files([inputs], tmp_path / "out", BriefOptions(date=dt.date(2026, 12, 1)), RunOptions(models_file=tiny_models))
    day = result.folder
    assert "Models and licences: tiny-nllb (test-only)." in (day / "briefing.md").read_text(encoding="utf-8")
    assert "Models and licences: tiny-nllb (test-only)</p>" in (day / "briefing.html").read_text(encoding="utf-8")
    report = json.loads(run_cli("eval", "--briefing", day, "--json").stdout)
    assert report["documents"] >= 2 and report["points"] > 0 and 0 <= report["supported_share"] <= 1
    assert set(report["support"]) == {"min", "q1", "median", "q3", "max"} and report["support"]["min"] <= report["support"]["median"]
    assert report["methods"] == {"extractive": report["points"]} and report["fallbacks"] == []
    assert report["translated_sentences"] > 0 and isinstance(report["translation_flags"], dict)
    # a point a model wrote that the check refused is listed as having fallen back
    data = json.loads((day / "briefing.json").read_text(encoding="utf-8"))
    point = data["documents"][0]["points"][0]
    point["method"] = "extractive-fallback"
    (day / "briefing.json").write_text(json.dumps(data), encoding="utf-8")
    text = run_cli("eval", "--briefing", day)
    assert text.exit_code == 0 and "fell back from abstractive to extractive: 1" in text.stdout and point["text"] in text.stdout
    assert "citations pass:" in text.stdout and "support (best source citation): min" in text.stdout


def test_a_non_commercial_summarizer_is_refused_under_the_commercial_choice(tmp_path):
    from summarize.api import choose_summarizer
    from translate.engine import EngineOptions
    from translate.errors import UsageError

    models = tmp_path / "models.yaml"
    models.write_text(
        "models:\n  nc-bart:\n    task: summarize\n    family: bart\n    licence: CC-BY-NC-4.0\n    source: {path: nc-bart}\n"
        "    tokenizer_files: [tokenizer.json]\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match="does not allow commercial use"):
        choose_summarizer("nc-bart", Registry(models, commercial_only=True), EngineOptions())
