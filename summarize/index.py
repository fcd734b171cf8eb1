"""``OUT/index.md`` and ``OUT/index.html``: every briefed day, the newest first, with its stories; and
``OUT/latest``, a link to the newest day's folder. Links are relative, so the pages work from the file
system."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from translate.output import markdown_text, write_atomic

from .history import DayEntry
from .templates import render

LATEST = "latest"


def index_markdown(days: Sequence[DayEntry]) -> str:
    lines = ["# Briefings", ""]
    for entry in days:
        lines += [f"## [{entry.day}]({entry.day}/briefing.md)", ""]
        for _, headline, first_seen, documents in entry.stories:
            since = f" · since {first_seen}" if first_seen != entry.day else ""
            lines.append(
                f"- [{markdown_text(headline)}]({entry.day}/briefing.md) · {documents} source{'s' if documents != 1 else ''}{since}"
            )
        lines.append("")
    return "\n".join(lines)


def write_index(out: Path, days: Sequence[DayEntry]) -> None:
    """The index pages and the ``latest`` link, each replaced atomically."""
    write_atomic(out / "index.md", index_markdown(days))
    write_atomic(out / "index.html", render("index.html.j2", days=days))
    if days:
        link, temporary = out / LATEST, out / f".{LATEST}.tmp"
        temporary.unlink(missing_ok=True)
        os.symlink(days[0].day, temporary)
        os.replace(temporary, link)
