"""parabrief's foundation: documents in any language in, English paragraphs out, on CTranslate2.

The public API: ``translate_files`` (what `parabrief translate` does) with its ``RunOptions`` and
``EngineOptions``, and ``Events`` for progress.
"""

__version__ = "0.1.0"

from .engine import EngineOptions  # noqa: E402
from .run import Backend, Events, RunOptions, TranslationRun, translate_files  # noqa: E402

__all__ = ["Backend", "EngineOptions", "Events", "RunOptions", "TranslationRun", "translate_files", "__version__"]
