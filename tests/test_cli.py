"""The commands a user runs, through typer's CliRunner: models list/pull/verify, inspect, translate."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

from translate import __version__
from translate.errors import EXIT_CONFIG, EXIT_INCOMPLETE, EXIT_MODEL
from translate.fetch import sha256
from translate.models import Registry

from .conftest import SEEDS, SESSION_HOME, run_cli

ALBANIAN = SEEDS / "000_cc55509071a40faa.txt"
ARABIC = SEEDS / "001_e16ef8893aa65cca.txt"
KAZAKH = SEEDS / "002_7246527690d706c8.txt"


def test_builtin_models_are_pinned_licensed_and_cover_the_seed_languages():
    registry = Registry()
    for spec in registry.models.values():
        assert re.fullmatch(r"[0-9a-f]{40}", spec.source.revision) and spec.licence
        if spec.tokenizer:
            assert re.fullmatch(r"[0-9a-f]{40}", spec.tokenizer.revision)
    assert registry.route("ar").candidates[0] == "opus-mt-tc-big-ar-en"  # 65.4 chrF++ vs 61.2 for NLLB-600M
    for lang in ("sq", "kk", "fr"):
        assert registry.route(lang).candidates[0] == "nllb-200-distilled-600M"
    default = registry.get("nllb-200-distilled-600M")
    assert default.source.format == "ctranslate2"  # a ready conversion: no torch on the user's machine
    assert default.source.files["model.bin"].sha256


def test_models_list_shows_pins_licences_and_what_is_pulled(tiny_models):
    result = run_cli("models", "list", "--models", tiny_models, "--json")
    assert result.exit_code == 0
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["tiny-nllb"]["present"] is True
    nllb = rows["nllb-200-distilled-600M"]
    assert nllb["present"] is False and nllb["licence"].startswith("CC-BY-NC-4.0")
    assert nllb["revision"] == "302d78f00e6fdb50a1064059df7c392b735e9d05" and "kk" in nllb["languages"]
    text = run_cli("models", "list")
    assert "opus-mt-sq-en" in text.stdout and "not verified" in text.stderr


def test_models_pull_offline_says_what_is_missing_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PARABRIEF_HOME", str(tmp_path))
    result = run_cli("models", "pull", "nllb-200-distilled-600M")
    assert result.exit_code == EXIT_MODEL
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[0].startswith("nllb-200-distilled-600M: licence CC-BY-NC-4.0")  # licence first
    (error,) = [line for line in result.stderr.splitlines() if "error" in line]
    assert "cannot download JustFrederik/nllb-200-distilled-600M-ct2-int8 at 302d78f00e6f" in error
    assert "parabrief models pull nllb-200-distilled-600M" in error and "--models FILE" in error
    assert not any(tmp_path.rglob("*.bin"))


def test_pull_writes_a_manifest_that_verify_checks(tiny_models, tmp_path, monkeypatch):
    monkeypatch.setenv("PARABRIEF_HOME", str(tmp_path))
    assert run_cli("models", "pull", "tiny-marian", "--models", tiny_models).exit_code == 0
    folder = tmp_path / "models" / "tiny-marian"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["source"]["path"].endswith("tiny-marian") and manifest["quantization"] == "int8"
    assert manifest["converter"].startswith("ctranslate2 ") and manifest["licence"] == "test-only"
    assert set(manifest["files"]) == {"config.json", "model.bin", "shared_vocabulary.json", "source.spm", "target.spm", "vmap.txt"}
    assert run_cli("models", "verify", "tiny-marian", "--models", tiny_models).exit_code == 0
    spm = folder / "source.spm"
    data = spm.read_bytes()
    spm.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))  # same size, one byte altered
    result = run_cli("models", "verify", "tiny-marian", "--models", tiny_models)
    assert (
        result.exit_code == EXIT_MODEL
        and "source.spm has been altered" in result.stderr
        and "repair with: parabrief models pull tiny-marian" in result.stderr
    )


def test_a_bad_models_file_names_the_key_and_the_line(tmp_path):
    bad = tmp_path / "models.yaml"
    bad.write_text(
        "models:\n  mine:\n    task: translate\n    family: nllb\n    licence: x\n"
        "    source: {path: here}\n    tokenizer_files: []\n    decoding:\n      beam_size: zero\n",
        encoding="utf-8",
    )
    result = run_cli("models", "list", "--models", bad)
    assert result.exit_code == EXIT_CONFIG
    assert f"{bad}:9: models.mine.decoding.beam_size:" in result.stderr
    bad.write_text("models:\n  mine:\n    task: translate\n    colour: blue\n", encoding="utf-8")
    assert ":4: models.mine.colour: Extra inputs are not permitted" in run_cli("models", "list", "--models", bad).stderr


def test_inspect_shows_languages_sentences_tokens_and_routes(tiny_models):
    result = run_cli("inspect", SEEDS, "--models", tiny_models, "--json")
    assert result.exit_code == 0
    docs = {d["id"]: d for d in json.loads(result.stdout)}
    arabic = docs["001_e16ef8893aa65cca"]
    assert arabic["lang"] == "ar" and {p["model"] for p in arabic["paragraphs"]} == {"tiny-marian"}
    assert len(arabic["paragraphs"][2]["sentences"]) == 13
    assert all(isinstance(s["tokens"], int) and s["tokens"] > 2 for p in arabic["paragraphs"] for s in p["sentences"])
    assert {p["route"] for p in docs["003_848f8f51c7c0bbd8"]["paragraphs"]} == {"english"}
    assert {p["model"] for p in docs["002_7246527690d706c8"]["paragraphs"]} == {"tiny-nllb"}
    readable = run_cli("inspect", KAZAKH, "--models", tiny_models)
    assert "¶2   kk" in readable.stdout and "8 sentences" in readable.stdout and "-> tiny-nllb" in readable.stdout


def test_translate_the_seeds(tiny_models, tmp_path):
    out = tmp_path / "out"
    result = run_cli("translate", SEEDS, "--out", out, "--models", tiny_models, "--device", "cpu")
    assert result.exit_code == 0, result.stderr
    assert "5 documents written" in result.stderr and "tokens/s" in result.stderr
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert written == sorted([f"{p.stem}{ext}" for p in SEEDS.glob("*.txt") for ext in (".json", ".md")] + ["report.json"])
    inspected = {d["id"]: d for d in json.loads(run_cli("inspect", SEEDS, "--models", tiny_models, "--json").stdout)}
    for doc_id, seen in inspected.items():
        doc = json.loads((out / f"{doc_id}.json").read_text())
        assert [p["index"] for p in doc["paragraphs"]] == [p["index"] for p in seen["paragraphs"]]
        for para, seen_para in zip(doc["paragraphs"], seen["paragraphs"], strict=False):
            # every input sentence has exactly one translation, in order, under its own id
            assert [(s["id"], s["source"]) for s in para["sentences"]] == [(s["id"], s["text"]) for s in seen_para["sentences"]]
            assert all(isinstance(s["translation"], str) for s in para["sentences"])
            if doc["lang"] == "en":
                assert para["status"] == "english" and para["translation"] == para["source"]
                assert all(s["translation"] == s["source"] for s in para["sentences"])
            else:
                assert para["status"] == "translated" and para["model"] == seen_para["model"]
                assert para["translation"] == " ".join(s["translation"] for s in para["sentences"] if s["translation"])
    kazakh = json.loads((out / "002_7246527690d706c8.json").read_text())
    sig = kazakh["signature"]
    assert sig["version"] == __version__ and set(sig["models"]) == {"tiny-nllb"}
    model = sig["models"]["tiny-nllb"]
    assert (model["quantization"], model["compute_type"], model["device"]) == ("int8", "int8", "cpu")
    assert model["decoding"]["beam_size"] == 2 and model["decoding"]["no_repeat_ngram_size"] == 4
    assert sig["line"].startswith(f"parabrief:{__version__} tiny-nllb@")
    assert json.loads((out / "003_848f8f51c7c0bbd8.json").read_text())["signature"]["models"] == {}
    markdown = (out / "002_7246527690d706c8.md").read_text()
    assert "## ¶2 · kk · translated by tiny-nllb" in markdown and "> Біз бұған қуаныштымыз" in markdown
    assert kazakh["paragraphs"][1]["translation"] in markdown
    assert "eng_Latn" not in json.dumps(kazakh)  # language codes the model emits are not text
    summarized = run_cli("summarize", out)  # report.json beside the translations is not one of them
    assert summarized.exit_code == 0, summarized.stderr
    assert sorted(p.name for p in (out / "briefs").glob("*.json")) == sorted(f"{p.stem}.json" for p in SEEDS.glob("*.txt"))


def test_options_reach_the_signature(tiny_models, tmp_path):
    result = run_cli(
        "translate",
        KAZAKH,
        "--out",
        tmp_path,
        "--models",
        tiny_models,
        "--beam-size",
        "1",
        "--compute-type",
        "float32",
        "--intra-threads",
        "1",
        "--batch-tokens",
        "256",
    )
    assert result.exit_code == 0
    model = json.loads((tmp_path / "002_7246527690d706c8.json").read_text())["signature"]["models"]["tiny-nllb"]
    assert (model["decoding"]["beam_size"], model["compute_type"]) == (1, "float32")


def test_missing_models_and_uncovered_languages_are_said_and_marked(tmp_path, monkeypatch):
    monkeypatch.setenv("PARABRIEF_HOME", str(tmp_path / "empty-home"))
    latin = tmp_path / "in" / "latin.txt"
    latin.parent.mkdir()
    latin.write_text("Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, aliam Aquitani.", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("translate", KAZAKH, SEEDS / "004_761b78ecbf864cc8.txt", latin, "--out", out)
    assert result.exit_code == EXIT_INCOMPLETE
    lines = result.stderr.splitlines()
    assert (
        f"parabrief: {KAZAKH}: 5 paragraph(s) in 'kk' left untranslated: model 'nllb-200-distilled-600M' is not pulled; "
        "get it with: parabrief models pull nllb-200-distilled-600M" in lines
    )
    assert f"parabrief: {latin}: 1 paragraph(s) in 'la' left untranslated: no model covers this language" in lines
    english = json.loads((out / "004_761b78ecbf864cc8.json").read_text())
    assert all(p["status"] == "english" for p in english["paragraphs"])  # the English document is still done
    marked = json.loads((out / "latin.json").read_text())["paragraphs"][0]
    assert (marked["status"], marked["translation"], marked["sentences"][0]["translation"]) == ("unsupported", None, None)


def test_bad_inputs_are_skipped_with_a_reason_and_the_run_finishes(tiny_models, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "in" / "ok.txt").write_text("Біз бұған қуаныштымыз", encoding="utf-8")
    result = run_cli("translate", tmp_path / "in", tmp_path / "nope.txt", "--out", tmp_path / "out", "--models", tiny_models)
    assert result.exit_code == EXIT_INCOMPLETE
    assert f"parabrief: skipped {tmp_path / 'in' / 'blob.txt'}: not a text file (contains NUL bytes)" in result.stderr
    assert f"parabrief: skipped {tmp_path / 'nope.txt'}: no such file or folder" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["ok.json", "ok.md", "report.json"]


def ready_conversion_models(tmp_path: Path, tiny_models: Path, sha: str) -> Path:
    """A models file naming a ready CTranslate2 conversion that ships no tokenizer, and where to get it."""
    pulled = SESSION_HOME / "models" / "tiny-nllb"
    ready = tmp_path / "ready"
    shutil.copytree(pulled, ready, ignore=shutil.ignore_patterns("*.model", "manifest.json"), dirs_exist_ok=True)
    size = (ready / "model.bin").stat().st_size
    path = tmp_path / "ready.yaml"
    path.write_text(
        f"""
models:
  ready-nllb:
    task: translate
    family: nllb
    licence: test-only
    source:
      path: {ready}
      format: ctranslate2
      quantization: int8
      files: {{model.bin: {{size: {size}, sha256: "{sha}"}}, config.json: {{}}, "shared_vocabulary.*": {{}}}}
    tokenizer:
      path: {tiny_models.parent / "tiny-nllb"}
      files: {{sentencepiece.bpe.model: {{}}}}
    tokenizer_files: [sentencepiece.bpe.model]
    languages: {{kk: kaz_Cyrl}}
    target: eng_Latn
routing:
  kk: [ready-nllb]
""",
        encoding="utf-8",
    )
    return path


def test_a_ready_conversion_is_pulled_without_torch_and_its_pins_are_checked(tiny_models, tmp_path, monkeypatch):
    models = ready_conversion_models(tmp_path, tiny_models, "0" * 64)
    monkeypatch.setenv("PARABRIEF_HOME", str(tmp_path / "home"))
    refused = run_cli("models", "pull", "ready-nllb", "--models", models)
    assert refused.exit_code == EXIT_MODEL and "model.bin does not match its pinned sha256; refusing it" in refused.stderr
    assert not (tmp_path / "home" / "models" / "ready-nllb").exists()

    models = ready_conversion_models(tmp_path, tiny_models, sha256(tmp_path / "ready" / "model.bin"))
    for module in ("torch", "transformers", "ctranslate2.converters"):
        monkeypatch.setitem(sys.modules, module, None)  # importing any of them now fails
    assert run_cli("models", "pull", "ready-nllb", "--models", models).exit_code == 0
    manifest = json.loads((tmp_path / "home" / "models" / "ready-nllb" / "manifest.json").read_text())
    assert manifest["quantization"] == "int8" and "sentencepiece.bpe.model" in manifest["files"]
    result = run_cli("translate", KAZAKH, "--out", tmp_path / "out", "--models", models)
    assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "out" / "002_7246527690d706c8.json").read_text())["paragraphs"][0]["model"] == "ready-nllb"


def test_pickled_weights_need_a_sha256_before_they_are_converted(tmp_path, monkeypatch):
    from .conftest import seed_texts
    from .tiny_models import build_tiny_marian

    folder = build_tiny_marian(tmp_path / "pickled", seed_texts())
    import torch
    from safetensors.torch import load_file

    torch.save(load_file(folder / "model.safetensors"), folder / "pytorch_model.bin")  # as old checkpoints ship
    (folder / "model.safetensors").unlink()
    models = tmp_path / "models.yaml"
    spec = (
        "models:\n  pickled:\n    task: translate\n    family: marian\n    licence: test-only\n"
        "    source: {{path: pickled{files}}}\n    tokenizer_files: [source.spm, target.spm]\n    languages: {{ar: ar}}\n"
    )
    monkeypatch.setenv("PARABRIEF_HOME", str(tmp_path / "home"))
    models.write_text(spec.format(files=""), encoding="utf-8")
    refused = run_cli("models", "pull", "pickled", "--models", models)
    assert refused.exit_code == EXIT_MODEL
    assert "pytorch_model.bin holds pickled weights and no sha256 to check them against" in refused.stderr
    pin = sha256(folder / "pytorch_model.bin")
    models.write_text(spec.format(files=f", files: {{pytorch_model.bin: {{sha256: '{pin}'}}, config.json: {{}}}}"), encoding="utf-8")
    assert run_cli("models", "pull", "pickled", "--models", models).exit_code == 0
