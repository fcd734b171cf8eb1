"""The CTranslate2 engine against transformers (the oracle), batching, and the pipeline's promises."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sentencepiece

from translate import guards
from translate.cache import cache_key
from translate.documents import Translation
from translate.engine import CTranslate2Translator, EngineOptions, _token_batches
from translate.fetch import read_manifest
from translate.models import ModelSpec, Registry
from translate.pipeline import prepare, translate_documents
from translate.readers import read_documents
from translate.signature import ModelSignature, Signature
from translate.vocabulary import english as english_piece
from translate.vocabulary import target_vocabulary

from .conftest import SEEDS


def sentences_of_seeds(limit: int = 40) -> list[tuple[str, str]]:
    docs = [prepare(d) for d in read_documents(sorted(SEEDS.glob("*.txt")))]
    pairs = [(s.text, p.lang) for d in docs if d.lang in ("sq", "kk", "ar") for p in d.paragraphs for s in p.sentences]
    return [(t, lang) for t, lang in pairs if len(t) < 200][:limit]


@pytest.mark.parametrize("full_vocabulary", [True, False], ids=["full-vocabulary", "english-vocabulary"])
def test_float32_engine_matches_transformers_generate_token_for_token(tiny_models, full_vocabulary):
    """The oracle: same tokens in, same greedy tokens out, through parabrief's own engine and batching.
    Over the English vocabulary, transformers gets the same restriction as suppressed ids."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    registry = Registry(tiny_models)
    engine = CTranslate2Translator.load(registry, "tiny-nllb-f32", EngineOptions(device="cpu", full_vocabulary=full_vocabulary))
    assert engine.signature().decoding["vocabulary"] == ("full" if full_vocabulary else "english")
    pairs = sentences_of_seeds()
    results = engine.translate([t for t, _ in pairs], [lang for _, lang in pairs])
    hf_dir = tiny_models.parent / "tiny-nllb"
    tokenizer = AutoTokenizer.from_pretrained(hf_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(hf_dir).eval()
    sp = sentencepiece.SentencePieceProcessor(model_file=str(hf_dir / "sentencepiece.bpe.model"))
    english = tokenizer.convert_tokens_to_ids("eng_Latn")
    vocabulary = target_vocabulary(registry.path("tiny-nllb-f32"))
    suppress = None if full_vocabulary else [i for i, piece in enumerate(vocabulary) if not english_piece(piece)]
    for (text, lang), result in zip(pairs, results, strict=True):
        tokenizer.src_lang = engine.spec.languages[lang]
        with torch.no_grad():
            out = model.generate(
                **tokenizer(text, return_tensors="pt"),
                forced_bos_token_id=english,
                num_beams=1,
                do_sample=False,
                max_new_tokens=result.tokens + 1,
                suppress_tokens=suppress,
            )
        tokens = tokenizer.convert_ids_to_tokens(out[0].tolist())[2:]  # decoder start </s>, then eng_Latn
        assert result.text == sp.decode_pieces([t for t in tokens if t != "</s>"]), text
    assert len(pairs) >= 30 and (full_vocabulary or len(suppress) > 100)


def test_english_vocabulary_writes_latin_letters_only_and_is_part_of_the_signature(tiny_models):
    """Pulling writes the map; decoding over it never writes a letter of another script, and the
    vocabulary is in the signature, so the cache never mixes the two."""
    registry = Registry(tiny_models)
    assert all(map(english_piece, ("▁the", "ing", ",", "2019", "€", "▁—", "⟨3⟩", "▁Tiranë", "ğ", "٣", "。")))
    assert not any(map(english_piece, ("▁Тоқ", "ال", "ж", "日本", "α", "ש")))
    manifest = read_manifest(registry, "tiny-nllb")
    vocabulary = target_vocabulary(registry.path("tiny-nllb"))
    assert manifest["english_pieces"] == sum(map(english_piece, vocabulary)) < len(vocabulary)
    assert "vmap.txt" in manifest["files"]

    pairs = [(t, lang) for t, lang in sentences_of_seeds(80) if lang in ("ar", "kk")][:24]
    full = CTranslate2Translator.load(registry, "tiny-nllb", EngineOptions(device="cpu", beam_size=2, full_vocabulary=True))
    narrow = CTranslate2Translator.load(registry, "tiny-nllb", EngineOptions(device="cpu", beam_size=2))
    foreign = lambda text: {c for c in text if not english_piece(c)}  # noqa: E731
    wide = [r.text for r in full.translate([t for t, _ in pairs], [lang for _, lang in pairs])]
    kept = [r.text for r in narrow.translate([t for t, _ in pairs], [lang for _, lang in pairs])]
    assert sum(bool(foreign(w)) for w in wide) > len(pairs) // 2  # random weights wander into every script
    assert not any(foreign(k) for k in kept)
    assert cache_key(full.signature(), "ar", "x") != cache_key(narrow.signature(), "ar", "x")
    assert "|vocab:english" in Signature.of({"tiny-nllb": narrow.signature()}).line


def test_int8_engine_gives_one_translation_per_text_in_order_whatever_the_batching(tiny_models):
    registry = Registry(tiny_models)
    pairs = sentences_of_seeds()
    texts, langs = [t for t, _ in pairs], [lang for _, lang in pairs]
    big = CTranslate2Translator.load(registry, "tiny-nllb", EngineOptions(device="cpu", beam_size=1, inter_threads=1))
    # small batches, three decoded side by side: results still come back to the right sentence
    small = CTranslate2Translator.load(registry, "tiny-nllb", EngineOptions(device="cpu", beam_size=1, batch_tokens=64, inter_threads=3))
    done = []
    one_by_one = [small.translate([t], [lang])[0] for t, lang in pairs[:8]]
    batched = big.translate(texts, langs, progress=done.append)
    assert len(batched) == len(texts) and sum(done) == len(texts)
    assert small.translate(texts, langs) == batched  # batching never changes a result
    assert batched[:8] == one_by_one
    assert big.signature().quantization == "int8" and big.signature().compute_type == "int8"


def test_a_looping_translation_stops_where_its_own_length_says_whatever_its_batch_mates(tiny_models):
    """Random weights over every piece loop until the length cap. The cap is each sentence's own, so the
    same sentence gives the same translation (and the cache's entry stays true) in any batch and any run."""
    registry = Registry(tiny_models)
    sentences = sentences_of_seeds()
    words = [(t.split()[0].strip('.,:;"«»'), lang) for t, lang in sentences[:10]]  # short: a cap of their own
    pairs = words + sentences
    texts, langs = [t for t, _ in pairs], [lang for _, lang in pairs]

    def engine(batch_tokens: int, inter_threads: int) -> CTranslate2Translator:
        options = EngineOptions(device="cpu", beam_size=2, full_vocabulary=True, batch_tokens=batch_tokens, inter_threads=inter_threads)
        return CTranslate2Translator.load(registry, "tiny-nllb", options)

    together = engine(1024, 1).translate(texts, langs)
    assert sum("length-capped" in t.flags for t in together) >= 5
    assert engine(64, 3).translate(texts, langs) == together
    assert [engine(1024, 1).translate([t], [lang])[0] for t, lang in pairs[:10]] == together[:10]


def test_beam_search_decodes_smaller_batches_unless_the_user_sets_their_size(tiny_models):
    """A batch's decoder state grows with the beam: by default a beam-search batch holds at most 768 source
    tokens, a greedy one 1,024; --batch-tokens overrides both."""
    registry = Registry(tiny_models)
    texts = [t for t, _ in sentences_of_seeds()] * 2
    langs = [lang for _, lang in sentences_of_seeds()] * 2

    def largest_batch(options: EngineOptions) -> int:
        engine = CTranslate2Translator.load(registry, "tiny-nllb", options)
        lengths = engine.count_tokens(texts)
        batches = [[i for i, _ in batch] for batch in engine.translate_batches(texts, langs)]
        assert sorted(i for b in batches for i in b) == list(range(len(texts)))
        return max(max(lengths[i] for i in b) * len(b) for b in batches if len(b) > 1)

    assert 768 < largest_batch(EngineOptions(device="cpu", beam_size=1)) <= 1024
    assert largest_batch(EngineOptions(device="cpu", beam_size=4)) <= 768
    assert largest_batch(EngineOptions(device="cpu", beam_size=4, batch_tokens=1024)) > 768


def test_threads_never_outnumber_the_cores(monkeypatch):
    """Parallel single-threaded batches on a small CPU, threads shared out on a big one, one batch on a GPU."""
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert EngineOptions().threads("cpu") == (2, 1)
    assert EngineOptions().threads("cpu", parallel=False) == (1, 2)  # one batch at a time gets every core
    assert EngineOptions().threads("cuda") == (1, 2)
    assert EngineOptions(inter_threads=1).threads("cpu") == (1, 2)
    monkeypatch.setattr("os.cpu_count", lambda: 16)
    assert EngineOptions().threads("cpu") == (4, 4)
    assert EngineOptions(intra_threads=2).threads("cpu") == (4, 2)
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert EngineOptions().threads("cpu") == (1, 1)


@pytest.mark.parametrize("user_value, mkl", [(None, "false"), ("1", "true")])
def test_ctranslate2_multiplies_with_onednn_unless_the_user_asks_for_mkl(tiny_models, user_value, mkl):
    """parabrief chooses the backend when it loads CTranslate2 (which reads the variable then), and
    importing parabrief changes no environment variable."""
    env = {k: v for k, v in os.environ.items() if k != "CT2_USE_MKL"} | ({"CT2_USE_MKL": user_value} if user_value else {})
    script = (
        "import logging, os, translate; assert os.environ.get('CT2_USE_MKL') == " + repr(user_value) + "; "
        "from translate.engine import load_ctranslate2; ctranslate2 = load_ctranslate2(); ctranslate2.set_log_level(logging.INFO); "
        f"ctranslate2.Translator({str(Registry(tiny_models).path('tiny-nllb'))!r}, device='cpu', compute_type='int8')"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"Use Intel MKL: {mkl}" in done.stderr + done.stdout


def test_token_batches_are_length_sorted_and_bounded():
    lengths = [5, 40, 3, 3, 12, 100, 7]
    batches = _token_batches(lengths, 40)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    in_order = [lengths[i] for b in batches for i in b]
    assert in_order == sorted(in_order)
    assert all(len(b) == 1 or lengths[b[-1]] * len(b) <= 40 for b in batches)
    # Very short sentences are bounded by count too: each holds a full-vocabulary row of scores.
    assert [len(b) for b in _token_batches([4] * 100, 1024)] == [32, 32, 32, 4]
    # Sources of different length caps never share a batch.
    assert _token_batches([4, 5, 6, 7], 1024, [16, 16, 32, 32]) == [[0, 1], [2, 3]]


class Recorder:
    """A fake Translator: upper-cases its input and remembers every call, to test the pipeline alone."""

    max_input_tokens = 12

    def __init__(self, spec: ModelSpec):
        self.spec, self.name = spec, spec.name
        self.calls: list[list[str]] = []

    def count_tokens(self, texts):
        return [len(t.split()) for t in texts]

    def translate_batches(self, texts, langs):
        self.calls.append(list(texts))
        yield [(i, Translation(t.upper(), (), len(t.split()))) for i, t in enumerate(texts)]

    def signature(self) -> ModelSignature:
        return ModelSignature.of(self.spec, "fake", "cpu", "fake", 1)


def test_pipeline_cuts_long_sentences_rejoins_them_and_calls_each_model_once(tiny_models, tmp_path):
    long_sentence = "Ai tha se " + ", ".join(f"pika {i} e marrëveshjes është e rëndësishme" for i in range(12)) + "."
    path = tmp_path / "sq.txt"
    path.write_text(f"Sekretari Pompeo tha se e kanë mirëpritur programin e presidentit kazak.\n\n{long_sentence}", encoding="utf-8")
    docs = [prepare(d) for d in read_documents([path, SEEDS / "002_7246527690d706c8.txt"])]
    fake = Recorder(Registry(tiny_models).get("tiny-nllb"))
    (sq, kk) = translate_documents(docs, Registry(tiny_models), lambda name: fake)
    assert len(fake.calls) == 1  # one call for the whole run: batching is the engine's, across documents
    assert all(len(text.split()) <= fake.max_input_tokens for text in fake.calls[0])
    (cut,) = sq.paragraphs[1].sentences
    assert cut.english == long_sentence.upper()  # cut at clauses, translated, joined back whole
    for doc in (sq, kk):
        for para, source in zip(doc.paragraphs, doc.document.paragraphs, strict=False):
            assert [s.id for s in para.sentences] == [s.id for s in source.sentences]
            assert all(s.english == s.source.upper() for s in para.sentences)


def test_guards_flag_what_went_wrong():
    assert guards.check("Biz bugün geldik.", "", "tr", 6, 0, False) == (guards.EMPTY,)
    assert guards.REPEATS in guards.check("Pompeo arrived.", "the the the the", "sq", 5, 4, False)
    assert guards.check("Pompeo arrived.", "Pompeo arrived in the city.", "sq", 5, 7, True) == (guards.LENGTH_CAPPED,)
    assert guards.UNTRANSLATED in guards.check("Біз бұған қуаныштымыз", "Біз бұған қуаныштымыз", "kk", 8, 8, False)
    assert guards.check("حوالي ٤ سنوات", "About four years", "ar", 6, 4, False) == (guards.NUMBERS_LOST,)
    assert guards.check("حوالي ٤ سنوات", "About 4 years", "ar", 6, 4, False) == ()
    assert guards.TOO_SHORT in guards.check("x " * 30, "Short.", "sq", 40, 3, False)


def test_engine_output_is_flagged_by_the_guards(tiny_models):
    """Random weights loop and run to the length cap: the JSON must say so rather than trust them."""
    engine = CTranslate2Translator.load(Registry(tiny_models), "tiny-nllb", EngineOptions(device="cpu", full_vocabulary=True))
    (result,) = engine.translate(["Pompeo shprehu falënderime ndaj Kazakistanit për përpjekjet e treguara."], ["sq"])
    assert guards.LENGTH_CAPPED in result.flags
