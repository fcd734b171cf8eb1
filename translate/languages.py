"""Offline language identification, per document and per paragraph.

py3langid (a maintained fork of langid.py: 97 languages, a 4.5 MB model bundled in the wheel, no
download, loads in under a second) labels the seeds' Albanian, Arabic, Kazakh and English correctly.
A paragraph too short to judge on its own takes its document's language.
"""

from __future__ import annotations

from functools import lru_cache

ENGLISH = "en"
MIN_LETTERS = 25  # below this a paragraph's own guess is not trusted
MIN_SCORE = 0.90
PLAUSIBLE = 0.01  # a document language less likely than this for a paragraph is not given to it ...
FOREIGN = 1e-4  # ... unless the paragraph is too short to judge, when only a language this unlikely (another script) is not


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def identify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability); ("zxx", 1.0) for text with no letters at all."""
    if letters(text) == 0:
        return "zxx", 1.0
    code, score = _identifier().classify(text)
    return code, float(score)


def identify_paragraph(text: str, document_lang: str) -> tuple[str, float, str]:
    """(code, probability, "paragraph" | "document"): a paragraph's own language when it is long and
    clear enough, or when its document's language is implausible for it (a mixed document; for a
    paragraph too short to judge, only a language written in another script is); otherwise its
    document's language ("Kimi Raikkonen" in an English article is English)."""
    if letters(text) == 0:
        return "zxx", 1.0, "paragraph"
    ranked = dict(_identifier().rank(text))  # normalized probabilities of every language
    code = max(ranked, key=lambda c: ranked[c])
    score = float(ranked[code])
    long_enough = letters(text) >= MIN_LETTERS
    implausible = ranked.get(document_lang, 0.0) < (PLAUSIBLE if long_enough else FOREIGN)
    if (long_enough and score >= MIN_SCORE) or document_lang in ("und", "zxx") or implausible:
        return code, score, "paragraph"
    return document_lang, float(ranked[document_lang]), "document"
