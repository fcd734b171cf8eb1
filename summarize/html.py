"""briefing.html: one self-contained page (no network at view time). Each story, its brief, and for each
point the cited source paragraphs side by side (original, right-to-left where it is, and the English),
highlighted when the point is clicked. A point's id in the address (``briefing.html#pt-story-1-2``)
opens the page with that point's sources highlighted, so a point can be linked to."""

from __future__ import annotations

from html import escape

from translate.documents import ParagraphStatus, TranslatedDocument
from translate.signature import Signature

from .briefing import Briefing, byline, who_says
from .briefs import Point

RTL = {"ar", "arz", "ary", "fa", "he", "ur", "ps", "ug", "yi", "sd", "ckb", "dv"}

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header,main,footer{max-width:1100px;margin:auto;padding:0 1rem}
h1{margin:1rem 0 .2rem}h2{margin:.2rem 0}.meta{color:#555;font-size:13px}
.story,.brief{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1rem 0}
.point{cursor:pointer;padding:.15rem .3rem;border-radius:4px}.point:hover{background:#f1f5ff}
.point.active{background:#dde8ff}.cite{font-size:12px;color:#1a4fb5;text-decoration:none;margin-left:.2rem}
.warn{color:#a34a00;font-size:12px}.agree{color:#555;font-size:12px}
details.doc{margin:.5rem 0}summary{cursor:pointer;font-weight:600}
.para{display:grid;grid-template-columns:3rem 1fr 1fr;gap:.8rem;padding:.4rem;border-top:1px solid #eee}
.para.hl{background:#fff4c2;outline:2px solid #e0b400}.num{color:#888;font-size:12px}
.src[dir=rtl]{font-size:16px}.wide{grid-column:span 2}.hl-s{background:#ffe27a}
ol.outline{font-size:13px;color:#333}.lede{font-weight:600;list-style:none;margin-left:-1.2rem}
"""

SCRIPT = """
function show(id){
  document.querySelectorAll('.hl,.hl-s,.active').forEach(function(e){e.classList.remove('hl','hl-s','active');});
  var point=document.getElementById(id); if(!point||!point.classList.contains('point')) return;
  point.classList.add('active'); var first=null;
  (point.dataset.cites||'').split(' ').filter(Boolean).forEach(function(c){
    var e=document.getElementById(c); if(!e) return; e.classList.add('hl');
    var d=e.closest('details'); if(d) d.open=true; first=first||e;});
  (point.dataset.sents||'').split(' ').filter(Boolean).forEach(function(s){
    document.querySelectorAll('[data-sid="'+s+'"]').forEach(function(e){e.classList.add('hl-s');});});
  if(first) first.scrollIntoView({block:'center'});
}
document.addEventListener('click',function(e){var p=e.target.closest('.point');
  if(p){e.preventDefault();history.replaceState(null,'','#'+p.id);show(p.id);}});
window.addEventListener('hashchange',function(){show(location.hash.slice(1));});
if(location.hash) show(decodeURIComponent(location.hash.slice(1)));
"""


def paragraph_id(doc: str, paragraph: int) -> str:
    return f"c-{doc}-p{paragraph}"


def _point(point: Point, point_id: str, names: dict[str, str] | None, extra: str = "") -> str:
    cites = " ".join(dict.fromkeys(paragraph_id(c.doc, c.paragraph) for c in point.citations))
    sents = " ".join(f"{c.doc}:{c.sentence}" for c in point.citations if c.sentence)
    chips = "".join(
        f'<a class="cite" href="#{escape(point_id)}" title="{c.role}, support {c.support:.2f}">'
        f"{escape(c.label(names[c.doc] if names else None))}</a>"
        for c in point.citations
    )
    warn = "" if point.supported else ' <span class="warn">⚠ not supported by its source</span>'
    if point.flags:
        warn += f' <span class="warn">⚠ translation flagged: {escape(", ".join(point.flags))}</span>'
    return (
        f'<li class="point" id="{escape(point_id)}" data-cites="{escape(cites)}" data-sents="{escape(sents)}">'
        f"{escape(point.text)} {chips}{warn}{extra}</li>"
    )


def _sources(doc: TranslatedDocument) -> str:
    rows = []
    for para in doc.paragraphs:
        lang = para.paragraph.lang
        direction = "rtl" if lang in RTL else "auto"
        src = " ".join(f'<span data-sid="{escape(doc.document.id)}:{s.id}">{escape(s.source)}</span>' for s in para.sentences)
        if para.status is ParagraphStatus.TRANSLATED:
            english = " ".join(
                f'<span data-sid="{escape(doc.document.id)}:{s.id}">{escape(s.english or "")}</span>' for s in para.sentences
            )
        elif para.english is None:
            english = f'<em class="warn">not translated ({escape(para.status)})</em>'
        else:  # English (or no words): the source is its own English, shown once across both columns
            english = ""
        columns = (
            f'<div class="src" lang="{escape(lang)}" dir="{direction}">{src}</div><div class="en" lang="en">{english}</div>'
            if english
            else f'<div class="src wide" lang="{escape(lang)}" dir="{direction}">{src}</div>'
        )
        rows.append(
            f'<div class="para" id="{escape(paragraph_id(doc.document.id, para.paragraph.index))}">'
            f'<div class="num">¶{para.paragraph.index}</div>{columns}</div>'
        )
    return "".join(rows)


def briefing_html(briefing: Briefing, signature: Signature) -> str:
    docs = {d.document.id: d for d in briefing.documents}
    briefs = {b.doc: b for b in briefing.briefs}
    parts = [
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f"<title>Briefing {escape(briefing.date)}</title><style>{CSS}</style></head><body>",
        f'<header><h1>Briefing {escape(briefing.date)}</h1><p class="meta">{len(briefing.stories)} stories · '
        f"{len(briefing.briefs)} documents · click a point to see its sources</p></header><main>",
    ]
    names = briefing.names
    for story in briefing.stories:
        langs = ", ".join(story.languages)
        parts.append(f'<section class="story" id="{escape(story.id)}"><h2>{escape(story.headline.text)}</h2>')
        parts.append(f'<p class="meta">{len(story.documents)} sources · {escape(langs)}</p><ol class="points">')
        if story.lede:
            lede = _point(story.lede, f"pt-{story.id}-0", names, f' <span class="agree">— {escape(who_says(story.lede, names))}</span>')
            parts.append(lede.replace('class="point"', 'class="point lede"', 1))
        for n, sp in enumerate(story.points, start=1):
            parts.append(_point(sp, f"pt-{story.id}-{n}", names, f' <span class="agree">— {escape(who_says(sp, names))}</span>'))
        parts.append("</ol>")
        for doc_id in story.documents:
            b = briefs[doc_id]
            parts.append(
                f'<details class="doc"><summary>{escape(names[doc_id])} ({escape(b.lang)}, {escape(briefing.published(b))}) — '
                f"{escape(b.headline.text)}</summary>{_sources(docs[doc_id])}</details>"
            )
        parts.append("</section>")
    parts.append("<h2>Documents</h2>")
    for b in briefing.briefs:
        parts.append(
            f'<section class="brief" id="brief-{escape(b.doc)}"><h3>{escape(b.headline.text or "No English to brief: not translated")}</h3>'
        )
        parts.append(f'<p class="meta">{escape(byline(b, briefing.published(b)))}</p><ul>')
        parts.extend(_point(p, f"pt-{b.doc}-{n}", None) for n, p in enumerate(b.points, start=1))
        parts.append('</ul><ol class="outline">')
        parts.extend(
            f'<li><a href="#{escape(paragraph_id(b.doc, o.paragraph))}">¶{o.paragraph}</a> {escape(o.text)}</li>' for o in b.outline
        )
        parts.append("</ol></section>")
    parts.append(
        f'</main><footer><p class="meta"><code>{escape(signature.line)}</code></p></footer><script>{SCRIPT}</script></body></html>\n'
    )
    return "".join(parts)
