"""parabrief's second half: English briefs aligned to source paragraphs, and the daily briefing.

Builds on ``translate``; ``translate`` never imports from here.
"""
