"""Reading input files into documents: discovery, decoding, and the txt / md / html / jsonl formats."""

from __future__ import annotations

import codecs
import dataclasses
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from .documents import Document, Metadata, Paragraph
from .errors import InputError, InputStatus
from .metadata import is_date_line, iso_date, title_like
from .segment import split_paragraphs

log = logging.getLogger("parabrief")

SUFFIXES = {".txt": "text", ".md": "text", ".markdown": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


def discover(inputs: Iterable[Path]) -> list[Path]:
    """Files named directly, and every supported file under the folders named, in a stable order."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            # a broken link is kept, to be reported: nothing in a folder is dropped without a word
            found.extend(sorted(p for p in item.rglob("*") if p.suffix.lower() in SUFFIXES and (p.is_file() or p.is_symlink())))
        else:
            found.append(item)  # a missing or odd file is reported when it is read
    return list(dict.fromkeys(found))


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes to text and the name of the encoding used: BOMs first, then UTF-8, then a detected guess."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise InputError(path, "not a text file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "not a text file (no character encoding fits its bytes)")
    log.warning("%s: not UTF-8; decoded as %s (detected)", path, best.encoding)
    return str(best), best.encoding


@dataclass(frozen=True)
class _Text:
    """One document's text as a file holds it, before it is cut into paragraphs."""

    label: str  # where it was read from, for messages
    name: str  # seeds the document id
    text: str
    encoding: str
    title: str | None = None  # a title the metadata gives apart from the text
    meta: Metadata = Metadata()


def _html(html: str, label: str, name: str, encoding: str) -> _Text:
    """The article text of a web page, one paragraph per block, with navigation, sidebars, footers and
    scripts removed, and the page's title, site name, author, date and address (trafilatura: the
    maintained main-text and metadata extractor for news pages; dates from the page's metadata first)."""
    import trafilatura

    page = trafilatura.bare_extraction(html, include_comments=False, include_tables=True, with_metadata=True)
    found = page if isinstance(page, dict) else page.as_dict() if page is not None else {}
    text = found.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(label, "no article text found in the HTML")
    body = "\n\n".join(line for line in text.splitlines() if line.strip())
    date = iso_date(found.get("date"))
    meta = Metadata(
        outlet=_field(found.get("sitename")),
        author=_field(found.get("author")),
        url=_field(found.get("url")),
        date=date,
        date_from="metadata" if date else None,
    )
    return _Text(label, name, body, encoding, _field(found.get("title")), meta)


def _field(value: object) -> str | None:
    """A metadata field as one clean line, or None when it is empty or not text."""
    if value is None or isinstance(value, dict | list):
        return None
    line = " ".join(str(value).split())
    return line or None


def _record(record: dict, label: str, name: str, encoding: str) -> _Text:
    """A jsonl record: its ``text``, and ``title``, ``source`` (the outlet), ``author``, ``date``, ``url``."""
    date = iso_date(record.get("date"))
    meta = Metadata(
        outlet=_field(record.get("source")),
        author=_field(record.get("author")),
        url=_field(record.get("url")),
        date=date,
        date_from="metadata" if date else None,
    )
    return _Text(label, name, str(record["text"]), encoding, _field(record.get("title")), meta)


def _texts(path: Path) -> Iterator[_Text | InputError]:
    """Each document in one file, or the error of one bad record in a file of many."""
    label = str(path)
    if path.is_symlink() and not path.exists():
        raise InputError(label, "broken symbolic link")
    if not path.exists():
        raise InputError(label, "no such file or folder")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(label, f"cannot be read ({error.strerror or error})", status=InputStatus.FAILED) from None
    text, encoding = decode(data, label)
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    if kind == "html":
        yield _html(text, label, path.stem, encoding)
    elif kind == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                yield _record(record, f"{label}:{number}", f"{path.stem}-{record.get('id', number)}", encoding)
            except (ValueError, KeyError, TypeError, AttributeError):
                yield InputError(f"{label}:{number}", 'not a JSON object with a "text" field')
    else:
        yield _Text(label, path.stem, text, encoding)


def _paragraphs(item: _Text, markdown: bool) -> tuple[tuple[Paragraph, ...], int | None]:
    """The document's paragraphs and the index of the one that is its title. A title the metadata gives
    is the first paragraph (once, when the text starts with it too); a Markdown ``# heading`` or a
    title-like first line (after any date lines) of a text is its title where a body follows it."""
    blocks = split_paragraphs(item.text)
    title: int | None = None
    if item.title:
        if not blocks or " ".join(blocks[0].split()).casefold() != item.title.casefold():
            blocks.insert(0, item.title)
        title = 1
    else:
        first = next((i for i, block in enumerate(blocks) if not is_date_line(block)), None)
        if first is not None and first + 1 < len(blocks):
            heading = re.match(r"#\s+(.+)$", blocks[first]) if markdown else None
            if heading:
                blocks[first] = heading[1].strip()
                title = first + 1
            elif title_like(blocks[first]):
                title = first + 1
    return tuple(Paragraph(i, t) for i, t in enumerate(blocks, start=1)), title


def _slug(stem: str) -> str:
    stem = unicodedata.normalize("NFC", stem)
    slug = re.sub(r"\W+", "-", stem).strip("-_")[:80]
    return slug or "document"


class DocumentIds:
    """Safe, unique, deterministic document ids from file names (``a b.txt`` -> ``a-b``, then ``a-b-2``)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def __call__(self, name: str) -> str:
        base = _slug(name)
        candidate, n = base, 1
        while candidate.lower() in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate.lower())
        return candidate


def read_documents(paths: Iterable[Path]) -> Iterator[Document | InputError]:
    """Every document of every file, unsegmented (paragraph text only), or the error that stopped it."""
    ids = DocumentIds()
    for path in paths:
        try:
            for item in _texts(path):
                if isinstance(item, InputError):
                    yield item
                    continue
                paragraphs, title = _paragraphs(item, markdown=Path(item.label).suffix.lower() in (".md", ".markdown"))
                if not paragraphs:
                    yield InputError(item.label, "empty document (no text)")
                    continue
                if not any(ch.isalpha() for p in paragraphs for ch in p.text):
                    yield InputError(item.label, "no words to translate (only numbers and symbols)")
                    continue
                meta = dataclasses.replace(item.meta, title=title)
                yield Document(id=ids(item.name), path=item.label, paragraphs=paragraphs, encoding=item.encoding, meta=meta)
        except InputError as error:
            yield error
