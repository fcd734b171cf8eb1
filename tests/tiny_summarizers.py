"""Tiny random-weight Hugging Face summarization models for tests.

Like ``tiny_models.py`` but for the summarizers: a BART seq2seq model and a
Qwen2 causal LM, each with a byte-level BPE tokenizer trained in-process with
the ``tokenizers`` library, so ``tokenizer.json`` alone is enough on the
CTranslate2 side. Everything is deterministic (seeded weights, deterministic
BPE training): the same texts give byte-identical directories, built in a few
seconds. Weights use a wide init (see ``_init``), so greedy outputs vary, never
contain the special tokens (no eos either: generation always runs to the length
limit), and CTranslate2 (float32) reproduces Hugging Face greedy decoding token
for token. Outputs are random bytes, so decoded text may hold U+FFFD.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

# Qwen2's pre-tokenization regex (from Qwen2.5's tokenizer.json).
_QWEN_SPLIT = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"

# Qwen2.5's chat template without the tools branch and the default system prompt.
QWEN_CHAT_TEMPLATE = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


def _train_bpe(tok: Tokenizer, texts: list[str], specials: list[str], vocab_size: int) -> Tokenizer:
    """Train ``tok`` (a BPE model with its pre-tokenizer set) on the lines of ``texts``.

    ``specials`` get the first ids. All 256 byte symbols are in the alphabet,
    so any text encodes without ``<unk>``. Training is deterministic.
    """
    lines = [line.strip() for text in texts for line in text.splitlines() if line.strip()]
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(lines, trainer)
    return tok


def _save_tokenizer(tok: Tokenizer, out_dir: Path, tokenizer_class: str, **special) -> None:
    """Save ``tok`` as ``out_dir/tokenizer.json`` plus a ``tokenizer_config.json`` naming
    ``tokenizer_class`` (as the real checkpoints do) and the ``special`` entries (``None``
    is written as null). ``chat_template`` stays inside tokenizer_config.json (no .jinja)."""
    from transformers import PreTrainedTokenizerFast

    kwargs = {k: v for k, v in special.items() if v is not None}
    PreTrainedTokenizerFast(tokenizer_object=tok, **kwargs).save_pretrained(out_dir, save_jinja_files=False)
    config_path = Path(out_dir) / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config.update(special, tokenizer_class=tokenizer_class)
    config_path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")


def _init(model, silent_ids: list[int]):
    """Finish a wide-init (std 1.0: logits std ~8, no near-ties) ``model``: eval mode, and

    * attention projections scaled by 1/sqrt(hidden) (std 1/8): std-1 q/k saturate
      the softmax, where float32 noise flips near-tied attention and CTranslate2 vs
      torch logits differ by up to ~3 (greedy mismatches); scaled, they agree to ~3e-5;
    * learned position embeddings (BART) x4, so greedy output varies along the sequence;
    * (tied) embedding rows of ``silent_ids`` zeroed: logit 0, far below the maximum
      (logits have std ~8), so greedy never emits those tokens.
    """
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "attn" in name and name.endswith("proj.weight"):
                param.mul_(model.config.hidden_size**-0.5)
            elif "embed_positions" in name:
                param.mul_(4.0)
        model.get_input_embeddings().weight[silent_ids] = 0.0
    return model.eval()


def build_tiny_bart(out_dir: Path, texts: list[str]) -> Path:
    """Write a tiny BartForConditionalGeneration + roberta-style BPE tokenizer to ``out_dir``.

    Guarantees: ``out_dir/tokenizer.json`` exists and ``AutoTokenizer`` loads it
    (as ``BartTokenizer``, same ids as ``tokenizers``); ids <s>=0, <pad>=1, </s>=2,
    <unk>=3, learned BPE, <mask> last; ``Tokenizer.encode(text).tokens`` is
    ``["<s>", *pieces, "</s>"]`` (the post-processor adds them). At most 256
    source tokens (max_position_embeddings). Config as bart-large-cnn: post-norm
    with embedding layer norm (what CTranslate2's converter needs), decoder start
    = </s>, generation_config.forced_bos_token_id=0 (HF forces <s> as the first
    generated token; CTranslate2 ignores it: pass ``target_prefix=[["<s>"]]``), but
    no forced_eos_token_id. </s> and the other specials are never generated.
    ``config.vocab_size == len(tokenizer)``; weights are safetensors, seeded.
    """
    from transformers import BartConfig, BartForConditionalGeneration

    out_dir = Path(out_dir)
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    _train_bpe(tok, texts, ["<s>", "<pad>", "</s>", "<unk>"], vocab_size=512)
    tok.add_special_tokens(["<mask>"])
    tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0), add_prefix_space=False)
    _save_tokenizer(
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
        vocab_size=tok.get_vocab_size(),
        d_model=64,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        max_position_embeddings=256,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        init_std=1.0,
        normalize_before=False,
        normalize_embedding=True,  # CTranslate2 reads these; transformers 5 omits them
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_eos_token_id=None,  # BartConfig defaults to 2; CTranslate2 has no equivalent
    )
    torch.manual_seed(0)
    model = _init(BartForConditionalGeneration(config), [0, 1, 3, tok.token_to_id("<mask>")])
    model.generation_config.forced_bos_token_id = 0  # transformers 5 drops it from BartConfig kwargs
    model.save_pretrained(out_dir, safe_serialization=True)
    return out_dir


def build_tiny_qwen2(out_dir: Path, texts: list[str]) -> Path:
    """Write a tiny Qwen2ForCausalLM + Qwen-style BPE tokenizer to ``out_dir``.

    Guarantees: ``out_dir/tokenizer.json`` exists (NFC, Qwen2 split regex,
    byte-level, no post-processor tokens: ``encode`` adds nothing); the learned
    vocab comes first, then <|endoftext|>, <|im_start|>, <|im_end|> as special
    tokens (as Qwen2.5). ``tokenizer_config.json`` holds ``chat_template``
    (``QWEN_CHAT_TEMPLATE``), eos=<|im_end|>, pad=<|endoftext|>, no bos.
    Config as Qwen2.5 (tied embeddings, rope_theta 1e6, eos = <|im_end|> in the
    config and generation config, so in CTranslate2's config too); none of the
    three specials is ever generated. ``config.vocab_size == len(tokenizer)``;
    weights are safetensors, seeded.
    """
    from transformers import Qwen2Config, Qwen2ForCausalLM

    out_dir = Path(out_dir)
    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(_QWEN_SPLIT), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    _train_bpe(tok, texts, [], vocab_size=512)
    tok.add_special_tokens(["<|endoftext|>", "<|im_start|>", "<|im_end|>"])
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    _save_tokenizer(
        tok,
        out_dir,
        "Qwen2Tokenizer",
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        bos_token=None,
        unk_token=None,
        chat_template=QWEN_CHAT_TEMPLATE,
    )

    endoftext, im_start, im_end = (tok.token_to_id(t) for t in ("<|endoftext|>", "<|im_start|>", "<|im_end|>"))
    config = Qwen2Config(
        vocab_size=tok.get_vocab_size(),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        rope_theta=1_000_000.0,
        rms_norm_eps=1e-6,
        tie_word_embeddings=True,
        initializer_range=1.0,
        bos_token_id=endoftext,
        eos_token_id=im_end,
        pad_token_id=endoftext,
    )
    torch.manual_seed(0)
    model = _init(Qwen2ForCausalLM(config), [endoftext, im_start, im_end])
    model.save_pretrained(out_dir, safe_serialization=True)
    return out_dir
