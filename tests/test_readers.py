"""Reading files: formats, encodings, ids, and bad files reported by name and reason."""

from __future__ import annotations

import codecs

from translate.errors import InputError
from translate.readers import discover, read_documents

KAZAKH = "Біз бұған қуаныштымыз.\n\nБірақ бұл шешілуі тиіс мәселе екенін түсінеміз."


def read(*paths):
    return list(read_documents(discover(paths)))


def test_utf8_with_and_without_bom_and_utf16_read_the_same(tmp_path):
    (tmp_path / "a.txt").write_bytes(KAZAKH.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(codecs.BOM_UTF8 + KAZAKH.encode("utf-8"))
    (tmp_path / "c.txt").write_bytes(KAZAKH.encode("utf-16"))
    docs = read(tmp_path)
    assert [d.encoding for d in docs] == ["utf-8", "utf-8-sig", "utf-16"]
    assert len({tuple(p.text for p in d.paragraphs) for d in docs}) == 1


def test_legacy_8bit_encoding_is_detected_and_reported(tmp_path):
    text = "Министр иностранных дел встретился с коллегой в столице. " * 5
    (tmp_path / "old.txt").write_bytes(text.encode("cp1251"))
    (doc,) = read(tmp_path)
    assert doc.encoding in ("cp1251", "windows-1251") and doc.paragraphs[0].text == text.strip()


def test_bad_files_are_reported_by_name_and_reason_and_the_rest_is_read(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_text("  \n\n \t\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Hello there.", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "gone.txt")
    items = read(*sorted(tmp_path.iterdir()))
    errors = {e.path.rsplit("/", 1)[-1]: e.reason for e in items if isinstance(e, InputError)}
    assert errors == {
        "binary.txt": "not a text file (contains NUL bytes)",
        "empty.txt": "empty document (no text)",
        "link.txt": "broken symbolic link",
    }
    assert [d.id for d in items if not isinstance(d, InputError)] == ["good"]


def test_html_and_jsonl(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>t</title><script>var x=1;</script></head><body><nav>Home | News</nav>"
        "<h1>Pompeo in Kazakhstan</h1><p>First paragraph.</p><p>Second &amp; last.</p></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "feed.jsonl").write_text('{"id": "x1", "text": "One."}\n\n{"text": "Two.\\n\\nThree."}\n', encoding="utf-8")
    page, first, second = read(tmp_path / "page.html", tmp_path / "feed.jsonl")
    assert [p.text for p in page.paragraphs] == ["Pompeo in Kazakhstan", "First paragraph.", "Second & last."]
    assert (first.id, second.id) == ("feed-x1", "feed-3")
    assert [p.text for p in second.paragraphs] == ["Two.", "Three."]


def test_ids_are_safe_and_unique(tmp_path):
    for name in ("a b;rm -rf.txt", "a b;rm -rf.md", "Нұр $(x).txt"):
        (tmp_path / name).write_text("Text.", encoding="utf-8")
    ids = [d.id for d in read(tmp_path)]
    assert ids == ["a-b-rm-rf", "a-b-rm-rf-2", "Нұр-x"]
