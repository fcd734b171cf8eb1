"""Full-size random-weight stand-ins for parabrief's pinned models, for benchmarks.

No hub here, so the real checkpoints cannot be had; throughput depends only on the shapes. Each builder
writes a Hugging Face folder with the real model's config shape (vocabulary included: the output
projection and softmax are full size), seeded default-init weights (std 0.02) as safetensors, and a
tokenizer trained on the given texts and padded to the real vocabulary size with placeholder tokens.
``ensure_models`` builds what is missing and pulls each through parabrief's own ``models pull``
(conversion included), so a benchmark loads them exactly as it would load the real models.

Padding. Every tokenizer is trained small on the texts (sentencepiece, 2,000 pieces: 1.5 to 2.1 tokens
a word on the seeds; byte-level BPE, 3,000: 1.2 to 1.35 on English; about the real tokenizers'
fertility), then filled up with placeholders ``▁⟨0⟩``, ``▁⟨1⟩``, ... after the trained pieces and before
the special tokens added on top. In a sentencepiece model they are UNUSED pieces: encoding never
produces them (same pieces, same ids as unpadded), decoding prints them. In a BPE model no merge
produces them. So the pieces parabrief feeds CTranslate2 are unchanged, and the output decodes to text.

Outputs are meaningless: with init std 0.02 the logits are nearly flat and greedy search mostly repeats
one token (often the previous one). End-of-sentence practically never comes, so decoding runs to its
length cap (parabrief: 2.5 x the longest source + 8), about twice a real translation's length: time
tokens per second, or pass min_decoding_length = max_decoding_length.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NLLB_VOCAB, NLLB_SPM_PIECES = 256206, 256000  # facebook/nllb-200-distilled-600M
MARIAN_VOCAB = 58101  # Helsinki-NLP/opus-mt-* (base), <pad> last
BART_VOCAB = 50264  # sshleifer/distilbart-cnn-12-6; <mask> is 50264, past the embedding, as there
LICENCE = "random weights (benchmark)"

MODELS_YAML = f"""\
# Full-size random-weight stand-ins for the pinned models (bench/shapes.py): same shapes, same speed.
models:
  bench-nllb-600m:
    task: translate
    family: nllb
    licence: {LICENCE}
    source: {{path: bench-nllb-600m}}
    tokenizer_files: [sentencepiece.bpe.model]
    languages: {{sq: als_Latn, ar: arb_Arab, arz: arz_Arab, ary: ary_Arab, kk: kaz_Cyrl, fr: fra_Latn, ru: rus_Cyrl, de: deu_Latn}}
    target: eng_Latn
    quantization: {{cpu: int8, cuda: int8_float16}}
    max_input_tokens: 200
    decoding: {{beam_size: 4, no_repeat_ngram_size: 0, max_length_ratio: 2.5}}
  bench-opus-mt:
    task: translate
    family: marian
    licence: {LICENCE}
    source: {{path: bench-opus-mt}}
    tokenizer_files: [source.spm, target.spm]
    languages: {{ar: ar, arz: arz, ary: ary, sq: sq, kk: kk}}
    target: en
    quantization: {{cpu: int8, cuda: int8_float16}}
    max_input_tokens: 256
    decoding: {{beam_size: 4, max_length_ratio: 2.5}}
  bench-distilbart:
    task: summarize
    family: bart
    licence: {LICENCE}
    source: {{path: bench-distilbart}}
    tokenizer_files: [tokenizer.json]
    quantization: {{cpu: int8, cuda: int8_float16}}
    max_input_tokens: 1024
    decoding: {{beam_size: 4, no_repeat_ngram_size: 3, max_decoding_length: 64}}
routing:
  ar: [bench-opus-mt]
  sq: [bench-nllb-600m]
  kk: [bench-nllb-600m]
  default: [bench-nllb-600m]
summarizers: [bench-distilbart]
"""


def _placeholders(count: int, taken: set[str], spell: Callable[[str], str] = str) -> list[str]:
    """``count`` distinct placeholders ``spell("▁⟨i⟩")`` not in ``taken``. Each begins with ``▁⟨`` and
    ends with ``⟩``, so none is the concatenation of two tokens of a vocabulary without ``⟨`` and ``⟩``."""
    out, i = [], 0
    while len(out) < count:
        piece = spell(f"▁⟨{i}⟩")
        if piece not in taken:
            out.append(piece)
        i += 1
    return out


def _pad_sentencepiece(path: Path, size: int) -> list[str]:
    """Append UNUSED placeholder pieces to the sentencepiece model at ``path`` until it has ``size``
    pieces; returns them. Encoding is unchanged (UNUSED pieces are never produced), ids are kept."""
    from sentencepiece import sentencepiece_model_pb2 as pb

    proto = pb.ModelProto()
    proto.ParseFromString(path.read_bytes())
    added = _placeholders(size - len(proto.pieces), {p.piece for p in proto.pieces})
    score = min(p.score for p in proto.pieces) - 1.0
    for piece in added:
        proto.pieces.add(piece=piece, score=score, type=pb.ModelProto.SentencePiece.UNUSED)
    path.write_bytes(proto.SerializeToString())
    return added


def _lines(texts: list[str]) -> list[str]:
    return [line.strip() for text in texts for line in text.splitlines() if line.strip()]


def _train_spm(texts: list[str], path: Path, pieces: int) -> Path:
    """A BPE sentencepiece model of up to ``pieces`` pieces learnt from ``texts``, written to ``path``.
    Reproducible (seed 0, one thread, input in order); every character of the texts is covered, so
    nothing encodes to <unk>; the limit is soft, so a few KB of seeds still train. <unk>=0 <s>=1 </s>=2."""
    import io

    import sentencepiece as spm

    spm.set_random_generator_seed(0)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_lines(texts)),
        model_writer=model,
        model_type="bpe",
        vocab_size=pieces,
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(model.getvalue())
    return path


def _train_byte_bpe(tok, texts: list[str], specials: list[str], pieces: int) -> None:
    """Train ``tok`` (BPE with a byte-level pre-tokenizer) on ``texts``: ``specials`` first, then the
    256 byte symbols (so no text needs <unk>), then merges up to ``pieces``; decodes byte-level."""
    from tokenizers import decoders, pre_tokenizers, trainers

    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(
        _lines(texts),
        trainers.BpeTrainer(
            vocab_size=pieces, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False
        ),
    )


def _write_fast_tokenizer(tok, out_dir: Path, tokenizer_class: str, **special: str) -> None:
    """``out_dir/tokenizer.json`` and a ``tokenizer_config.json`` that names ``tokenizer_class`` and
    the ``special`` tokens, as a hub checkpoint's does."""
    from transformers import PreTrainedTokenizerFast

    PreTrainedTokenizerFast(tokenizer_object=tok, **special).save_pretrained(out_dir, save_jinja_files=False)
    path = Path(out_dir) / "tokenizer_config.json"
    config = {**json.loads(path.read_text(encoding="utf-8")), **special, "tokenizer_class": tokenizer_class}
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")


def _seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def build_nllb_600m(out_dir: Path, texts: list[str]) -> Path:
    """NLLB-200-distilled-600M's shape: M2M100ForConditionalGeneration, d_model 1024, 12+12 layers,
    16 heads, ffn 4096, relu, scaled embeddings, vocab 256206 (tied), seeded random weights.

    ``sentencepiece.bpe.model``: trained on ``texts`` (2,000 pieces) and padded with UNUSED pieces to
    256,000, as the real one. ``AutoTokenizer`` gives an NllbTokenizer of ``len == 256206 ==
    config.vocab_size``: the fairseq layout (<s> <pad> </s> <unk>, spm pieces at spm id + 1), <mask> and
    the 202 language codes after them, then ``madeupword0``/``1`` as CTranslate2 names the real model's
    two spare rows. Token strings are what parabrief feeds: ``[src_lang, *spm pieces, "</s>"]``.
    """
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    out_dir = Path(out_dir)
    spm_path = _train_spm(texts, out_dir / "sentencepiece.bpe.model", 2000)
    _pad_sentencepiece(spm_path, NLLB_SPM_PIECES)
    tok = NllbTokenizer.from_pretrained(out_dir, extra_special_tokens=list(FAIRSEQ_LANGUAGE_CODES))
    tok.add_tokens([f"madeupword{i}" for i in range(NLLB_VOCAB - len(tok))])
    assert len(tok) == NLLB_VOCAB, len(tok)
    tok.save_pretrained(out_dir)

    config = M2M100Config(
        vocab_size=NLLB_VOCAB,
        d_model=1024,
        encoder_layers=12,
        decoder_layers=12,
        encoder_attention_heads=16,
        decoder_attention_heads=16,
        encoder_ffn_dim=4096,
        decoder_ffn_dim=4096,
        max_position_embeddings=1024,
        activation_function="relu",
        scale_embedding=True,
        dropout=0.1,
        attention_dropout=0.1,
        activation_dropout=0.0,
        init_std=0.02,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        tie_word_embeddings=True,
        tokenizer_class="NllbTokenizer",
    )
    torch.manual_seed(0)
    M2M100ForConditionalGeneration(config).save_pretrained(out_dir, safe_serialization=True)
    return out_dir


def build_opus_mt(out_dir: Path, texts: list[str]) -> Path:
    """An opus-mt base shape: MarianMTModel, d_model 512, 6+6 layers, 8 heads, ffn 2048, swish, static
    sinusoidal positions, scaled embeddings, shared vocab 58101 (tied), seeded random weights.

    As the real checkpoints lay it out: one spm model (2,000 pieces trained on ``texts``) as
    ``source.spm`` and ``target.spm``; ``vocab.json`` is ``</s>``=0, ``<unk>``=1, the spm pieces, the
    placeholders, ``<pad>``=58100 last (CTranslate2 drops it: 58,100 converted). The placeholders are
    also in the spm files as UNUSED pieces, so parabrief's target decoding prints them.
    """
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out_dir = Path(out_dir)
    spm_path = _train_spm(texts, out_dir / "source.spm", 2000)
    sp = spm.SentencePieceProcessor(model_file=str(spm_path))
    pieces = ["</s>", "<unk>"]
    pieces += [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if not (sp.is_control(i) or sp.is_unknown(i))]
    filler = _pad_sentencepiece(spm_path, sp.get_piece_size() + MARIAN_VOCAB - 1 - len(pieces))
    pieces += filler + ["<pad>"]
    assert len(pieces) == len(set(pieces)) == MARIAN_VOCAB
    shutil.copyfile(spm_path, out_dir / "target.spm")
    (out_dir / "vocab.json").write_text(json.dumps({p: i for i, p in enumerate(pieces)}, ensure_ascii=False), encoding="utf-8")
    MarianTokenizer(str(spm_path), str(out_dir / "target.spm"), str(out_dir / "vocab.json")).save_pretrained(out_dir)

    pad = MARIAN_VOCAB - 1
    config = MarianConfig(
        vocab_size=MARIAN_VOCAB,
        decoder_vocab_size=MARIAN_VOCAB,
        d_model=512,
        encoder_layers=6,
        decoder_layers=6,
        encoder_attention_heads=8,
        decoder_attention_heads=8,
        encoder_ffn_dim=2048,
        decoder_ffn_dim=2048,
        max_position_embeddings=512,
        activation_function="swish",
        scale_embedding=True,
        static_position_embeddings=True,
        share_encoder_decoder_embeddings=True,
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        init_std=0.02,
        pad_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        decoder_start_token_id=pad,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config)
    model.generation_config.bad_words_ids = [[pad]]
    model.save_pretrained(out_dir, safe_serialization=True)
    return out_dir


def build_distilbart(out_dir: Path, texts: list[str]) -> Path:
    """distilbart-cnn-12-6's shape: BartForConditionalGeneration, d_model 1024, 12 encoder and 6
    decoder layers, 16 heads, ffn 4096, gelu, post-norm with embedding layer norm, 1024 learned
    positions, vocab 50264 (tied), seeded random weights.

    ``tokenizer.json``: byte-level BPE (3,000 trained on
    ``texts``: <s>=0 <pad>=1 </s>=2 <unk>=3), placeholders up to id 50263, ``<mask>``=50264 (the real
    tokenizer's 50,265 entries; CTranslate2 keeps the first ``vocab_size``: 50,264 converted).
    ``encode(text).tokens`` is ``["<s>", *pieces, "</s>"]``.
    """
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import BartConfig, BartForConditionalGeneration

    out_dir = Path(out_dir)
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    _train_byte_bpe(tok, texts, ["<s>", "<pad>", "</s>", "<unk>"], 3000)
    trained = json.loads(tok.to_str())["model"]
    vocab = trained["vocab"]
    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    spell = lambda piece: byte_level.pre_tokenize_str(piece.replace("▁", " "))[0][0]  # noqa: E731
    vocab.update({p: len(vocab) + i for i, p in enumerate(_placeholders(BART_VOCAB - len(vocab), set(vocab), spell))})
    assert len(vocab) == BART_VOCAB, len(vocab)
    tok.model = models.BPE(vocab=vocab, merges=[tuple(m) for m in trained["merges"]])
    tok.add_special_tokens(["<mask>"])
    tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0), add_prefix_space=False)
    _write_fast_tokenizer(
        tok,
        out_dir,
        "BartTokenizer",
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        cls_token="<s>",
        sep_token="</s>",
    )

    config = BartConfig(
        vocab_size=BART_VOCAB,
        d_model=1024,
        encoder_layers=12,
        decoder_layers=6,
        encoder_attention_heads=16,
        decoder_attention_heads=16,
        encoder_ffn_dim=4096,
        decoder_ffn_dim=4096,
        max_position_embeddings=1024,
        activation_function="gelu",
        scale_embedding=False,
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        init_std=0.02,
        normalize_before=False,
        normalize_embedding=True,  # CTranslate2 reads these; transformers 5 omits them
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_eos_token_id=2,
    )
    torch.manual_seed(0)
    model = BartForConditionalGeneration(config)
    model.generation_config.forced_bos_token_id = 0
    model.save_pretrained(out_dir, safe_serialization=True)
    return out_dir


BUILDERS: dict[str, Callable[[Path, list[str]], Path]] = {
    "bench-nllb-600m": build_nllb_600m,
    "bench-opus-mt": build_opus_mt,
    "bench-distilbart": build_distilbart,
}


def ensure_models(folder: Path, home: Path, texts: list[str] | None = None) -> Path:
    """Build, write and pull whatever is missing; returns ``folder/models.yaml`` (``MODELS_YAML``).

    Each model is built in a hidden folder and renamed to ``folder/NAME`` when complete, so an existing
    ``folder/NAME`` is complete and is kept (whatever ``texts`` it was built from: delete it to rebuild).
    ``texts`` defaults to the repository's seeds. Each model not yet pulled into ``home``
    (``home/models/NAME/manifest.json``) is pulled by ``parabrief models pull NAME --models FILE
    --device cpu`` in a subprocess with PARABRIEF_HOME=home (int8; one process a model, so its memory is
    returned). A second call only checks that the folders and manifests exist.
    """
    folder, home = Path(folder), Path(home)
    folder.mkdir(parents=True, exist_ok=True)
    models_file = folder / "models.yaml"
    if not models_file.is_file() or models_file.read_text(encoding="utf-8") != MODELS_YAML:
        models_file.write_text(MODELS_YAML, encoding="utf-8")
    env = {
        **os.environ,
        "PARABRIEF_HOME": str(home),
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    for name, build in BUILDERS.items():
        if not (folder / name).is_dir():
            staging = Path(tempfile.mkdtemp(prefix=f".{name}.partial-", dir=folder))
            try:
                build(staging, texts if texts is not None else _seed_texts())
                staging.chmod(0o755)
                staging.rename(folder / name)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        if not (home / "models" / name / "manifest.json").is_file():
            command = [
                sys.executable,
                "-c",
                "from summarize.cli import app; app()",
                "models",
                "pull",
                name,
                "--models",
                str(models_file),
                "--device",
                "cpu",
            ]
            result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise RuntimeError(f"pulling {name} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return models_file
