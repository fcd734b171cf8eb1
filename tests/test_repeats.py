"""A run decodes each distinct piece once: copies of a document, a title repeated on its page and
sentences shared by several documents get the English of one decoding, byte for byte what they would
get alone. The same words in two languages, or on two models' routes, are not one piece."""

from __future__ import annotations

import json
import shutil

from translate.documents import Document, Paragraph, Sentence
from translate.models import Registry
from translate.pipeline import translate_documents

from .conftest import SEEDS, run_cli
from .test_engine import Recorder

ALBANIAN = SEEDS / "000_cc55509071a40faa.txt"
TITLE = "Pompeo takon homologun kazak në Nur Sultan"


def sent(recorder: Recorder) -> list[str]:
    return [text for call in recorder.calls for text in call]


def test_copies_and_a_title_repeated_three_times_are_decoded_once(tiny_models, tmp_path):
    (tmp_path / "a.txt").write_text(ALBANIAN.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "copy.txt").write_text(ALBANIAN.read_text(encoding="utf-8"), encoding="utf-8")
    body = "Pompeo u takua me homologun e tij Mukhtar Tleuberdi në kryeqytet."
    (tmp_path / "titled.txt").write_text(f"{TITLE}\n\n{TITLE}\n\n{body}\n\n{TITLE}\n", encoding="utf-8")
    from translate.pipeline import prepare
    from translate.readers import read_documents

    docs = [prepare(d) for d in read_documents(sorted(tmp_path.glob("*.txt")))]
    fake = Recorder(Registry(tiny_models).get("tiny-nllb"))
    a, copy, titled = translate_documents(docs, Registry(tiny_models), lambda name: fake)
    texts = sent(fake)
    assert len(texts) == len(set(texts))  # every distinct sentence went to the model once
    assert texts.count(TITLE) == 1 and body in texts
    ours = [s for p in a.paragraphs for s in p.sentences]
    theirs = [s for p in copy.paragraphs for s in p.sentences]
    assert [s.english for s in theirs] == [s.english for s in ours]
    assert not any(s.shared for s in ours) and all(s.shared for s in theirs)  # the copy's English is the first's
    titles = [p.sentences[0] for p in titled.paragraphs if p.paragraph.text == TITLE]
    assert [s.english for s in titles] == [TITLE.upper()] * 3
    assert [s.shared for s in titles] == [False, True, True]


def test_the_same_words_in_two_languages_or_on_two_routes_are_decoded_apart(tiny_models):
    registry = Registry(tiny_models)
    fakes = {name: Recorder(registry.get(name)) for name in ("tiny-nllb", "tiny-marian")}
    words = "Pompeo Tokayev Tleuberdi"  # names read alike in many languages

    def document(n: int, lang: str) -> Document:
        return Document(f"d{n}", f"d{n}.txt", (Paragraph(1, words, lang, 1.0, "paragraph", (Sentence("p1.s1", words),)),), lang)

    sq, kk, ar, sq_again = translate_documents(
        [document(1, "sq"), document(2, "kk"), document(3, "ar"), document(4, "sq")], registry, fakes.__getitem__
    )
    assert sent(fakes["tiny-nllb"]) == [words, words]  # Albanian and Kazakh: two source languages, two decodings
    assert sent(fakes["tiny-marian"]) == [words]  # Arabic goes to another model
    assert [d.paragraphs[0].sentences[0].shared for d in (sq, kk, ar, sq_again)] == [False, False, False, True]


def outputs(folder):
    """Each translation file's bytes, less the line naming where it was read from."""
    return {
        p.name: b"".join(line for line in p.read_bytes().splitlines(keepends=True) if not line.startswith(b'  "source": '))
        for p in sorted(folder.glob("*.json"))
        if p.name != "report.json"
    }


def test_shared_english_is_byte_identical_to_each_document_translated_alone(tiny_models, tmp_path):
    """Real tiny models: the English a copy gets from its original's decoding is what it gets alone."""
    seeds = [SEEDS / "000_cc55509071a40faa.txt", SEEDS / "001_e16ef8893aa65cca.txt", SEEDS / "002_7246527690d706c8.txt"]
    day = tmp_path / "day"
    day.mkdir()
    for seed in seeds:
        shutil.copy(seed, day / seed.name)
        shutil.copy(seed, day / f"again-{seed.name}")
    together = tmp_path / "together"
    result = run_cli("translate", day, "--out", together, "--models", tiny_models, "--no-cache", "--device", "cpu")
    assert result.exit_code == 0, result.stderr
    shared = outputs(together)
    for seed in seeds:
        alone = tmp_path / f"alone-{seed.stem}"
        result = run_cli("translate", seed, "--out", alone, "--models", tiny_models, "--no-cache", "--device", "cpu")
        assert result.exit_code == 0, result.stderr
        ((name, expected),) = outputs(alone).items()
        assert shared[name] == expected
        copy = json.loads(shared[f"again-{name}"])
        assert [p["translation"] for p in copy["paragraphs"]] == [p["translation"] for p in json.loads(expected)["paragraphs"]]
    report = json.loads((together / "report.json").read_text())
    inputs = {r["document"]: r for r in report["inputs"]}
    for seed in seeds:
        first, again = inputs[seed.stem], inputs[f"again-{seed.stem}"]
        assert again["repeated"] == again["sentences"] > 0 and again["tokens"] == 0
        assert first["repeated"] < first["sentences"]
