"""Decoding guards: what can be wrong with one sentence's translation, judged after decoding.

The limits that act during decoding (repetition penalties, the output length cap) are the engine's;
these checks name what still went wrong, so the JSON can flag it and nothing is silently trusted.
"""

from __future__ import annotations

import re
import unicodedata

from .languages import ENGLISH, identify, letters

EMPTY = "empty"  # no text came out of a source that had some
REPEATS = "repeats"  # the output loops on a word or phrase
LENGTH_CAPPED = "length-capped"  # decoding stopped at the length cap: the end may be missing
TOO_SHORT = "too-short"  # far fewer tokens out than in: part of the source may have been dropped
UNTRANSLATED = "untranslated"  # the output is the source, or still in the source language
NUMBERS_LOST = "numbers-lost"  # a number of the source is not in the output

_NUMBER = re.compile(r"\d+")


def numbers(text: str) -> set[str]:
    """Digit runs, with every script's digits read as ASCII (Arabic-Indic ٤ -> 4)."""
    ascii_digits = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)
    return set(_NUMBER.findall(ascii_digits))


def repeats(text: str, min_run: int = 3) -> bool:
    """True when some 1-to-4-word phrase occurs ``min_run`` or more times in a row."""
    words = text.split()
    for size in range(1, 5):
        for start in range(len(words) - size * min_run + 1):
            phrase = words[start : start + size]
            if all(words[start + k * size : start + (k + 1) * size] == phrase for k in range(1, min_run)):
                return True
    return False


SHORT_RATIO = 0.35  # output/input tokens below which a long source's translation is suspect
SHORT_MIN_TOKENS = 20


def check(source: str, output: str, source_lang: str, source_tokens: int, output_tokens: int, capped: bool) -> tuple[str, ...]:
    """The flags for one translated piece of text, in a fixed order."""
    flags = []
    if not output.strip():
        return (EMPTY,) if letters(source) else ()
    if repeats(output) and not repeats(source):
        flags.append(REPEATS)
    if capped:
        flags.append(LENGTH_CAPPED)
    if source_tokens >= SHORT_MIN_TOKENS and output_tokens < SHORT_RATIO * source_tokens:
        flags.append(TOO_SHORT)
    same = " ".join(output.split()).casefold() == " ".join(source.split()).casefold()
    if source_lang != ENGLISH and letters(source) >= 3 and (same or _still_in(output, source_lang)):
        flags.append(UNTRANSLATED)
    if numbers(source) - numbers(output):
        flags.append(NUMBERS_LOST)
    return tuple(flags)


def _still_in(output: str, source_lang: str) -> bool:
    if letters(output) < 20:
        return False
    lang, score = identify(output)
    return lang == source_lang and score >= 0.9
