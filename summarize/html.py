"""briefing.html: one self-contained page (no network at view time). Each story, its brief, and for each
point the cited source paragraphs side by side (original, right-to-left where it is, and the English),
highlighted when the point is clicked. A point's id in the address (``briefing.html#pt-story-1-2``)
opens the page with that point's sources highlighted, so a point can be linked to.

The page is rendered from ``templates/briefing.html.j2`` (``summarize.templates``): every value from the
data is escaped there, and a document's own article is linked only when its URL is http(s)."""

from __future__ import annotations

from translate.signature import Signature

from .briefing import TOP, Briefing, not_translated, who_says
from .templates import RTL, paragraph_id, render

__all__ = ["RTL", "briefing_html", "paragraph_id"]


def briefing_html(briefing: Briefing, signature: Signature, top: int = TOP) -> str:
    """The page: the day in five lines, the ``top`` stories in full, every other story folded under
    "Also today" (two or more outlets) or "Single reports", then every document's brief."""
    names = briefing.names
    return render(
        "briefing.html.j2",
        briefing=briefing,
        signature=signature,
        top=top,
        outlet_names=lambda story: ", ".join(dict.fromkeys(names[d] for d in story.documents)),
        story_outlets=lambda story: "\n".join(dict.fromkeys(o for d in story.documents if (o := briefing.brief_of[d].outlet))),
        languages=sorted({b.lang for b in briefing.briefs}),
        outlets=sorted({b.outlet for b in briefing.briefs if b.outlet}, key=str.casefold),
        briefs=briefing.brief_of,
        docs={d.document.id: d for d in briefing.documents},
        who_says=who_says,
        not_translated=not_translated,
    )
