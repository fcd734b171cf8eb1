"""The English output vocabulary: the target pieces English text is written with, as a CTranslate2
vocabulary map (``vmap.txt`` in a pulled model's folder).

A decoder step ends in a projection onto the whole target vocabulary and a softmax over it: for NLLB's
256,206 pieces that is about half of a CPU's work per output token. English output needs only the pieces
written in the Latin script, so ``parabrief models pull`` writes a vocabulary map and the engine decodes
with it (``use_vmap``): every batch scores the pieces whose letters are all Latin (``▁the``, ``ing``,
``▁Tiranë``, ``ğ``) and those without letters (``,``, ``2019``, ``€``, ``▁—``, any script's digits and
punctuation), plus the special tokens. Greedy and beam search then pick what they would have picked,
unless the unrestricted model preferred a piece of another script (copying ``Тоқаев`` instead of
writing ``Tokayev``, or wandering off into the source language).

The set is the same for every batch, on purpose: CTranslate2 4.x keeps the first batch's candidate map
for the target prefix, so a map that adds each source's own pieces gives later batches a wrong
language token. ``--full-vocabulary`` decodes over everything; the choice is part of every output's
signature and of the cache key.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from .errors import ModelError

MAP = "vmap.txt"
_VOCABULARIES = ("target_vocabulary", "shared_vocabulary")  # CTranslate2's names, the target's first
_UNWRITABLE = frozenset(" \t\r\n")  # separators of the map's format (sentencepiece pieces have none)


def _latin(char: str) -> bool:
    category = unicodedata.category(char)
    if category.startswith("L"):
        return unicodedata.name(char, "").startswith("LATIN ")
    if category.startswith("M"):
        return 0x0300 <= ord(char) <= 0x036F  # the combining diacritics Latin letters take
    return True  # digits, punctuation, symbols, spaces: any script's


def english(piece: str) -> bool:
    """True when English text can contain this piece: every letter in it is a Latin letter."""
    return all(map(_latin, piece))


def target_vocabulary(folder: Path) -> list[str]:
    """The target vocabulary of the CTranslate2 model in ``folder`` (``.json`` list or ``.txt`` lines)."""
    for name in _VOCABULARIES:
        if (folder / f"{name}.json").is_file():
            return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        if (folder / f"{name}.txt").is_file():
            lines = (folder / f"{name}.txt").read_text(encoding="utf-8").split("\n")
            return lines[:-1] if lines[-1] == "" else lines
    raise ModelError(f"{folder} holds no CTranslate2 vocabulary ({', '.join(_VOCABULARIES)})")


def write_map(folder: Path, kept: list[str] | None = None) -> int:
    """Write ``folder/vmap.txt`` with the ``kept`` pieces (default: the English ones) as the candidates
    of every batch; returns how many there are."""
    pieces = kept if kept is not None else [p for p in target_vocabulary(folder) if english(p)]
    pieces = [p for p in pieces if p and not _UNWRITABLE.intersection(p)]
    (folder / MAP).write_text("\t" + " ".join(pieces) + "\n", encoding="utf-8")
    return len(pieces)
