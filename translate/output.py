"""Writing translations: one JSON and one Markdown file per document, each with its signature.

Files are written to a temporary name, flushed to disk and renamed, so no output is ever half-written.
Nothing in them varies between two runs of the same inputs and settings (no timings, no clock).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from . import __version__
from .documents import Document, Paragraph, Sentence, TranslatedDocument, TranslatedParagraph, TranslatedSentence


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def signature(engines: dict[str, dict]) -> dict:
    """The tool and, for each model used, what decided its output; plus a one-line form to quote."""
    parts = [f"parabrief:{__version__}"]
    for name, sig in sorted(engines.items()):
        revision = (sig.get("revision") or "local")[:12]
        parts.append(
            f"{name}@{revision}|q:{sig['quantization']}|ct:{sig['compute_type']}|dev:{sig['device']}"
            f"|beam:{sig['decoding']['beam_size']}|nrng:{sig['decoding']['no_repeat_ngram_size']}"
            + (f"|vocab:{sig['decoding']['vocabulary']}" if "vocabulary" in sig["decoding"] else "")
        )
    return {"tool": "parabrief", "version": __version__, "models": dict(sorted(engines.items())), "line": " ".join(parts)}


def document_json(doc: TranslatedDocument, engines: dict[str, dict]) -> dict:
    used = {p.model for p in doc.paragraphs if p.model}
    return {
        "id": doc.document.id,
        "source": doc.document.path,
        "encoding": doc.document.encoding,
        "lang": doc.document.lang,
        "paragraphs": [
            {
                "index": p.paragraph.index,
                "lang": p.paragraph.lang,
                "lang_score": p.paragraph.lang_score,
                "lang_from": p.paragraph.lang_from,
                "status": p.status,
                "model": p.model,
                "source": p.paragraph.text,
                "translation": p.text,
                "sentences": [
                    {"id": s.id, "source": s.source, "translation": s.translation, "flags": list(s.flags)}
                    for s in p.sentences
                ],
            }
            for p in doc.paragraphs
        ],
        "signature": signature({name: engines[name] for name in used}),
    }


def document_markdown(doc: TranslatedDocument, engines: dict[str, dict]) -> str:
    """A bilingual view: each source paragraph quoted, then its English."""
    d = doc.document
    lines = [f"# {d.id}", "", f"Source: `{d.path}` · language: {d.lang}", ""]
    for p in doc.paragraphs:
        para = p.paragraph
        how = {"translated": f"translated by {p.model}", "english": "English, kept as it is", "no-text": "no text to translate"}
        lines.append(f"## ¶{para.index} · {para.lang} · {how.get(p.status, p.status.replace('-', ' '))}")
        lines.append("")
        lines.extend(f"> {line}" if line else ">" for line in para.text.split("\n"))
        lines.append("")
        if p.status == "translated":
            lines.append(p.text or "")
            flagged = [f"{s.id}: {', '.join(s.flags)}" for s in p.sentences if s.flags]
            if flagged:
                lines.extend(["", "⚠ " + "; ".join(flagged)])
            lines.append("")
    used = {p.model for p in doc.paragraphs if p.model}
    lines.extend(["---", f"`{signature({n: engines[n] for n in used})['line']}`", ""])
    return "\n".join(lines)


def write_document(out: Path, doc: TranslatedDocument, engines: dict[str, dict]) -> list[Path]:
    """``out/<id>.json`` and ``out/<id>.md``; the id is already a safe, unique file name."""
    json_path, md_path = out / f"{doc.document.id}.json", out / f"{doc.document.id}.md"
    write_atomic(json_path, json.dumps(document_json(doc, engines), ensure_ascii=False, indent=2) + "\n")
    write_atomic(md_path, document_markdown(doc, engines))
    return [json_path, md_path]


def read_document(path: Path) -> TranslatedDocument:
    """A translation written by `write_document`, back as the data it was written from."""
    data = json.loads(path.read_text(encoding="utf-8"))
    paragraphs = []
    for p in data["paragraphs"]:
        sentences = tuple(TranslatedSentence(s["id"], s["source"], s["translation"], tuple(s["flags"])) for s in p["sentences"])
        paragraph = Paragraph(p["index"], p["source"], p["lang"], p["lang_score"], p["lang_from"], tuple(Sentence(s.id, s.source) for s in sentences))
        paragraphs.append(TranslatedParagraph(paragraph, sentences, p["model"], p["status"]))
    document = Document(data["id"], data["source"], tuple(tp.paragraph for tp in paragraphs), data["lang"], data["encoding"])
    return TranslatedDocument(document, tuple(paragraphs))
