"""Writing translations: one JSON and one Markdown file per document, each with its signature.

The JSON's shape is the pydantic model ``TranslationFile``, used both to write it and to read it back.
Files are written to a temporary name, flushed to disk and renamed, so no output is ever half-written.
Nothing in them varies between two runs of the same inputs and settings (no timings, no clock).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .documents import Document, Metadata, Paragraph, ParagraphStatus, Sentence, TranslatedDocument, TranslatedParagraph, TranslatedSentence
from .errors import SystemFault
from .signature import ModelSignature, Signature


def write_atomic(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all: to a temporary name beside it, flushed to disk, then renamed.
    A write the machine refuses (a full disk, a read-only or vanished folder) is a ``SystemFault``."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as error:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise SystemFault.of(
                f"{path}: cannot be written",
                error,
                "nothing was half-written; make room (or make the folder writable) and run the same command again: it resumes",
            ) from None
        raise


def to_json(model: BaseModel) -> str:
    """The JSON every parabrief file is written as: UTF-8 text, two-space indents, a final newline."""
    return json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, protected_namespaces=())


class SentenceRecord(_Record):
    id: str
    source: str
    translation: str | None  # the sentence's English (its source when it needed no translation)
    flags: list[str]


class ParagraphRecord(_Record):
    index: int
    lang: str
    lang_score: float
    lang_from: str
    status: ParagraphStatus
    skipped: str | None = None  # status "skipped": the kind of line it is ("byline", "photo credit", ...)
    model: str | None
    source: str
    translation: str | None  # the paragraph's English
    sentences: list[SentenceRecord]


class TranslationFile(_Record):
    """``<doc-id>.json``: one translated document."""

    id: str
    source: str
    encoding: str
    lang: str
    meta: Metadata
    paragraphs: list[ParagraphRecord]
    signature: Signature

    @classmethod
    def of(cls, doc: TranslatedDocument, engines: Mapping[str, ModelSignature]) -> TranslationFile:
        used = {p.model for p in doc.paragraphs if p.model}
        d = doc.document
        return cls(
            id=d.id,
            source=d.path,
            encoding=d.encoding,
            lang=d.lang,
            meta=d.meta,
            paragraphs=[
                ParagraphRecord(
                    index=p.paragraph.index,
                    lang=p.paragraph.lang,
                    lang_score=p.paragraph.lang_score,
                    lang_from=p.paragraph.lang_from,
                    status=p.status,
                    skipped=p.skipped,
                    model=p.model,
                    source=p.paragraph.text,
                    translation=p.english,
                    sentences=[SentenceRecord(id=s.id, source=s.source, translation=s.english, flags=list(s.flags)) for s in p.sentences],
                )
                for p in doc.paragraphs
            ],
            signature=Signature.of({name: engines[name] for name in used}),
        )

    def document(self) -> TranslatedDocument:
        """The translated document this file was written from."""
        paragraphs = []
        for p in self.paragraphs:
            sentences = tuple(TranslatedSentence(s.id, s.source, s.translation, tuple(s.flags)) for s in p.sentences)
            paragraph = Paragraph(p.index, p.source, p.lang, p.lang_score, p.lang_from, tuple(Sentence(s.id, s.source) for s in sentences))
            paragraphs.append(TranslatedParagraph(paragraph, sentences, p.model, p.status, p.skipped))
        document = Document(self.id, self.source, tuple(tp.paragraph for tp in paragraphs), self.lang, self.encoding, self.meta)
        return TranslatedDocument(document, tuple(paragraphs))


def markdown_text(text: str) -> str:
    """Text from a document, safe in Markdown: the characters that would open raw HTML (``<``, ``>`` and
    ``&``) written as entities, so a title such as ``<script>...`` is shown, never run, by a renderer that
    passes HTML through."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document_markdown(doc: TranslatedDocument, signature: Signature) -> str:
    """A bilingual view: each source paragraph quoted, then its English."""
    d = doc.document
    lines = [f"# {markdown_text(d.id)}", "", f"Source: `{d.path}` · language: {d.lang}", ""]
    how = {ParagraphStatus.ENGLISH: "English, kept as it is", ParagraphStatus.NO_TEXT: "no text to translate"}
    for p in doc.paragraphs:
        para = p.paragraph
        said = f"translated by {p.model}" if p.status is ParagraphStatus.TRANSLATED else how.get(p.status, p.status.replace("-", " "))
        if p.skipped:
            said = f"not translated: a line no reader sees ({p.skipped})"
        lines.append(f"## ¶{para.index} · {para.lang} · {said}")
        lines.append("")
        lines.extend(f"> {markdown_text(line)}" if line else ">" for line in para.text.split("\n"))
        lines.append("")
        if p.status is ParagraphStatus.TRANSLATED:
            lines.append(markdown_text(p.english or ""))
            flagged = [f"{s.id}: {', '.join(s.flags)}" for s in p.sentences if s.flags]
            if flagged:
                lines.extend(["", "⚠ " + "; ".join(flagged)])
            lines.append("")
    lines.extend(["---", f"`{signature.line}`", ""])
    return "\n".join(lines)


def write_document(out: Path, doc: TranslatedDocument, engines: Mapping[str, ModelSignature]) -> list[Path]:
    """``out/<id>.json`` and ``out/<id>.md``; the id is already a safe, unique file name."""
    json_path, md_path = out / f"{doc.document.id}.json", out / f"{doc.document.id}.md"
    record = TranslationFile.of(doc, engines)
    write_atomic(json_path, to_json(record))
    write_atomic(md_path, document_markdown(doc, record.signature))
    return [json_path, md_path]


def read_document(path: Path) -> TranslatedDocument:
    """A translation written by ``write_document``, back as the data it was written from; a file of
    another shape raises pydantic's ValidationError (a ValueError)."""
    return TranslationFile.model_validate_json(path.read_bytes()).document()
