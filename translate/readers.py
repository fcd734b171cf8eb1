"""Reading input files into documents: discovery, decoding, and the txt / md / html / jsonl formats."""

from __future__ import annotations

import codecs
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from .documents import Document, Paragraph
from .errors import InputError, InputStatus
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


def html_to_text(html: str, label: str) -> str:
    """The article text of a web page, one paragraph per block, with navigation, sidebars, footers and
    scripts removed (trafilatura: the maintained main-text extractor for news pages)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True)
    if not text or not text.strip():
        raise InputError(label, "no article text found in the HTML")
    return "\n\n".join(line for line in text.splitlines() if line.strip())


def _texts(path: Path) -> Iterator[tuple[str, str, str, str] | InputError]:
    """(label, name, text, encoding) for each document in one file (name seeds the document id), or
    the error of one bad record in a file of many."""
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
        yield label, path.stem, html_to_text(text, label), encoding
    elif kind == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                body = record["text"]
            except (ValueError, KeyError, TypeError):
                yield InputError(f"{label}:{number}", 'not a JSON object with a "text" field')
                continue
            yield f"{label}:{number}", f"{path.stem}-{record.get('id', number)}", str(body), encoding
    else:
        yield label, path.stem, text, encoding


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
                label, name, text, encoding = item
                paragraphs = tuple(Paragraph(i, t) for i, t in enumerate(split_paragraphs(text), start=1))
                if not paragraphs:
                    yield InputError(label, "empty document (no text)")
                    continue
                if not any(ch.isalpha() for p in paragraphs for ch in p.text):
                    yield InputError(label, "no words to translate (only numbers and symbols)")
                    continue
                yield Document(id=ids(name), path=label, paragraphs=paragraphs, encoding=encoding)
        except InputError as error:
            yield error
