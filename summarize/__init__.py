"""parabrief's second half: English briefs aligned to source paragraphs, and the daily briefing.

Builds on ``translate``; ``translate`` never imports from here. The public API: ``brief_files`` (what
`parabrief brief` does) with its ``BriefOptions``, and ``summarize_folder`` (`parabrief summarize`).
"""

from .api import BriefingRun, BriefOptions, Summaries, brief_files, summarize_folder

__all__ = ["BriefOptions", "BriefingRun", "Summaries", "brief_files", "summarize_folder"]
