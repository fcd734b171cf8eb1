"""Shared fixtures: tiny random-weight models built once per session and pulled through parabrief's
own `models pull` (conversion included) into a session-wide model home."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"  # never reach for the hub in tests
os.environ.setdefault("PARABRIEF_HOME", tempfile.mkdtemp(prefix="parabrief-home-"))
SESSION_HOME = Path(os.environ["PARABRIEF_HOME"])  # where the tiny_models fixture pulls to

import pytest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from summarize.cli import app  # noqa: E402

from .tiny_models import build_tiny_marian, build_tiny_nllb  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_LANGS = {"sq": "als_Latn", "ar": "arb_Arab", "kk": "kaz_Cyrl", "fr": "fra_Latn", "ru": "rus_Cyrl", "de": "deu_Latn"}

TINY_MODELS = f"""
models:
  tiny-nllb:
    task: translate
    family: nllb
    licence: test-only
    source: {{path: tiny-nllb}}
    tokenizer_files: [sentencepiece.bpe.model]
    languages: {SEED_LANGS}
    target: eng_Latn
    max_input_tokens: 48
    decoding: {{beam_size: 2, no_repeat_ngram_size: 4, max_decoding_length: 24}}
  tiny-nllb-f32:
    task: translate
    family: nllb
    licence: test-only
    source: {{path: tiny-nllb}}
    tokenizer_files: [sentencepiece.bpe.model]
    languages: {SEED_LANGS}
    target: eng_Latn
    quantization: {{cpu: float32, cuda: float32}}
    decoding: {{beam_size: 1, max_decoding_length: 24}}
  tiny-marian:
    task: translate
    family: marian
    licence: test-only
    source: {{path: tiny-marian}}
    tokenizer_files: [source.spm, target.spm]
    languages: {{ar: ar}}
    target: en
    max_input_tokens: 48
    decoding: {{beam_size: 2, max_decoding_length: 24}}
routing:
  ar: [tiny-marian]
  sq: [tiny-nllb]
  kk: [tiny-nllb]
  default: [tiny-nllb]
"""


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def run_cli(*args: str):
    """`parabrief ARGS` in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def pulled(folder: Path, models_yaml: str, builders: dict, names: list[str]) -> Path:
    """Build each model into ``folder`` (name -> builder), write the models file, and pull ``names``
    through parabrief's own conversion into the session's model home."""
    for name, build in builders.items():
        build(folder / name, seed_texts())
    models_file = folder / "models.yaml"
    models_file.write_text(models_yaml, encoding="utf-8")
    result = run_cli("models", "pull", *names, "--models", models_file, "--device", "cpu")
    assert result.exit_code == 0, result.output
    return models_file


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> Path:
    """A models file naming tiny NLLB and Marian models trained on the seeds, all of them pulled."""
    builders = {"tiny-nllb": build_tiny_nllb, "tiny-marian": build_tiny_marian}
    return pulled(tmp_path_factory.mktemp("tiny-models"), TINY_MODELS, builders, ["tiny-nllb", "tiny-nllb-f32", "tiny-marian"])


TINY_SUMMARIZERS = """
models:
  tiny-bart:
    task: summarize
    family: bart
    licence: test-only
    source: {path: tiny-bart}
    tokenizer_files: [tokenizer.json]
    max_input_tokens: 64
    decoding: {beam_size: 2, no_repeat_ngram_size: 3, max_decoding_length: 24}
  tiny-qwen:
    task: summarize
    family: qwen2
    licence: test-only
    source: {path: tiny-qwen}
    tokenizer_files: [tokenizer.json]
    max_input_tokens: 64
    decoding: {beam_size: 1, max_decoding_length: 24}
summarizers: [tiny-bart, tiny-qwen]
"""


@pytest.fixture(scope="session")
def tiny_summarizers(tmp_path_factory) -> Path:
    """A models file naming tiny BART and Qwen2 summarizers, pulled (converted) by parabrief."""
    from .tiny_summarizers import build_tiny_bart, build_tiny_qwen2

    builders = {"tiny-bart": build_tiny_bart, "tiny-qwen": build_tiny_qwen2}
    return pulled(tmp_path_factory.mktemp("tiny-summarizers"), TINY_SUMMARIZERS, builders, ["tiny-bart", "tiny-qwen"])
