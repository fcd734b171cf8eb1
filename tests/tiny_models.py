"""Tiny random-weight Hugging Face translation models for tests.

Everything is built offline and in-process in a few seconds: a sentencepiece
model trained on the given texts, a tokenizer that wraps it, and a seeded
random-weight model small enough to convert with CTranslate2 quickly.
The weights are random, so outputs are gibberish, but deterministic: the same
texts always give the same directories, and CTranslate2 (float32) reproduces
the Hugging Face greedy output token for token.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import sentencepiece as spm
import torch

_DIMS = dict(
    d_model=64,
    encoder_layers=2,
    decoder_layers=2,
    encoder_attention_heads=4,
    decoder_attention_heads=4,
    encoder_ffn_dim=128,
    decoder_ffn_dim=128,
    dropout=0.0,
    attention_dropout=0.0,
    activation_dropout=0.0,
    init_std=1.0,  # far wider than the default 0.02: varied greedy outputs, no near-ties
)


def _init(model, silent_ids: list[int]):
    """Seed-initialised ``model`` in eval mode whose (tied) embedding rows for
    ``silent_ids`` are zero, so those tokens get logit 0 and greedy never emits them."""
    with torch.no_grad():
        model.get_input_embeddings().weight[silent_ids] = 0.0
    return model.eval()


def train_sentencepiece(texts: list[str], model_path: Path, vocab_size: int = 400, model_type: str = "bpe") -> Path:
    """Train a sentencepiece model on ``texts`` and write it to ``model_path``.

    Deterministic (fixed seed, one thread, no shuffling): the same texts give
    byte-identical files. ``character_coverage=1.0`` means every character of
    the corpus (Latin, Arabic, Cyrillic, ...) encodes without ``<unk>``.
    ``hard_vocab_limit=False`` lets training succeed on a few KB of text, so the
    final size may be below ``vocab_size``. Ids: <unk>=0, <s>=1, </s>=2 (as NLLB).
    """
    lines = [line.strip() for text in texts for line in text.splitlines() if line.strip()]
    spm.set_random_generator_seed(0)
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        model_type=model_type,
        vocab_size=vocab_size,
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    model_path = Path(model_path)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    model_path.write_bytes(buf.getvalue())
    return model_path


def build_tiny_nllb(out_dir: Path, texts: list[str]) -> Path:
    """Write a tiny NLLB-style M2M100ForConditionalGeneration + NllbTokenizer to ``out_dir``.

    Guarantees: ``out_dir/sentencepiece.bpe.model`` exists; ``AutoTokenizer``
    loads an ``NllbTokenizer`` that knows all NLLB-200 language codes and encodes
    ``text`` (with ``src_lang`` set) as ``[src_lang] + spm pieces + ["</s>"]``;
    ids bos=0, pad=1, eos=2, unk=3 (spm id + 1 for pieces), decoder start = eos;
    ``config.vocab_size == len(tokenizer)``; weights are safetensors, seeded.
    """
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    out_dir = Path(out_dir)
    train_sentencepiece(texts, out_dir / "sentencepiece.bpe.model")
    # A bare .model gives no language codes: they must be passed explicitly.
    tok = NllbTokenizer.from_pretrained(out_dir, extra_special_tokens=list(FAIRSEQ_LANGUAGE_CODES))
    tok.save_pretrained(out_dir)

    config = M2M100Config(
        vocab_size=len(tok),
        max_position_embeddings=1024,
        activation_function="relu",
        scale_embedding=True,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        tie_word_embeddings=True,
        **_DIMS,
    )
    torch.manual_seed(0)
    silent = [tok.bos_token_id, tok.pad_token_id, tok.unk_token_id, tok.mask_token_id]
    model = _init(M2M100ForConditionalGeneration(config), silent + tok.convert_tokens_to_ids(FAIRSEQ_LANGUAGE_CODES))
    model.save_pretrained(out_dir, safe_serialization=True)
    return out_dir


def build_tiny_marian(out_dir: Path, texts: list[str]) -> Path:
    """Write a tiny MarianMTModel + MarianTokenizer to ``out_dir``.

    One spm model (trained on all texts) is used as both ``source.spm`` and
    ``target.spm``. ``vocab.json`` is the joint Marian vocab: ``</s>``=0,
    ``<unk>``=1, then the spm pieces in spm order, then ``<pad>`` last.
    The tokenizer encodes ``text`` as ``spm pieces + ["</s>"]``. The config has
    eos=0, pad=decoder start=last id, and ``bad_words_ids=[[pad]]`` in the
    generation config (CTranslate2 drops ``<pad>`` from its vocab, so HF must
    never emit it either). Weights are safetensors, seeded.
    """
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    spm_path = train_sentencepiece(texts, out_dir / "source.spm")
    (out_dir / "target.spm").write_bytes(spm_path.read_bytes())
    sp = spm.SentencePieceProcessor(model_file=str(spm_path))
    pieces = ["</s>", "<unk>"]
    pieces += [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if not (sp.is_control(i) or sp.is_unknown(i))]
    pieces.append("<pad>")
    vocab = {p: i for i, p in enumerate(pieces)}
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0), encoding="utf-8")
    tok = MarianTokenizer(str(out_dir / "source.spm"), str(out_dir / "target.spm"), str(out_dir / "vocab.json"))
    tok.save_pretrained(out_dir)

    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        max_position_embeddings=512,
        activation_function="swish",
        scale_embedding=True,
        static_position_embeddings=True,
        share_encoder_decoder_embeddings=True,
        pad_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        decoder_start_token_id=pad,
        **_DIMS,
    )
    torch.manual_seed(0)
    model = _init(MarianMTModel(config), [vocab["<unk>"], pad])
    model.generation_config.bad_words_ids = [[pad]]
    model.save_pretrained(out_dir, safe_serialization=True)
    return out_dir
