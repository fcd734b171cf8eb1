"""parabrief's foundation: documents in any language in, English paragraphs out, on CTranslate2."""

__version__ = "0.1.0"
