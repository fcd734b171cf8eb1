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


def test_html_keeps_the_article_and_drops_the_page_around_it(tmp_path):
    story = "".join(f"<p>Paragraph {i}: the minister met his counterpart in the capital and discussed trade.</p>" for i in (1, 2, 3))
    (tmp_path / "page.html").write_text(
        "<html><head><title>Pompeo</title><script>var x=1;</script></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><div class='sidebar'><ul><li>Most read</li></ul></div>"
        f"<article><h1>Pompeo in Kazakhstan</h1>{story}</article><footer>Copyright 2020 Example News.</footer></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "blank.html").write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    blank, page = read(tmp_path)
    assert [p.text[:12] for p in page.paragraphs] == ["Pompeo in Ka", "Paragraph 1:", "Paragraph 2:", "Paragraph 3:"]
    assert blank.reason == "no article text found in the HTML"


def test_jsonl_gives_one_document_per_line(tmp_path):
    (tmp_path / "feed.jsonl").write_text('{"id": "x1", "text": "One."}\nnot json\n{"text": "Two.\\n\\nThree."}\n', encoding="utf-8")
    first, bad, second = read(tmp_path / "feed.jsonl")  # a bad line loses only itself
    assert (first.id, second.id) == ("feed-x1", "feed-3")
    assert [p.text for p in second.paragraphs] == ["Two.", "Three."]
    assert bad.path.endswith("feed.jsonl:2") and "JSON object" in bad.reason


def test_ids_are_safe_and_unique(tmp_path):
    for name in ("a b;rm -rf.txt", "a b;rm -rf.md", "Нұр $(x).txt"):
        (tmp_path / name).write_text("Text.", encoding="utf-8")
    ids = [d.id for d in read(tmp_path)]
    assert ids == ["a-b-rm-rf", "a-b-rm-rf-2", "Нұр-x"]
