"""Sentences that say one thing in other words: the paraphrase model, and the story facts and citations it serves."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bench.quality import MSRP, SHARED_DATA, word_overlap
from summarize import facts as fx
from summarize import paraphrase, stories
from summarize.briefs import Role, candidates

from .conftest import ROOT
from .test_stories import english

OVERLAP_AT_090 = 0.606  # the word-overlap baseline's threshold for precision 0.90 on MSRP's train part (bench/quality.py)

IN_OTHER_WORDS = [  # one thing said twice, sharing too few words for word overlap to say so
    (
        "Kazakhstan did not send back the Kazakhs who had fled China.",
        "Kazakhstan refused to return the ethnic Kazakhs who escaped from China.",
    ),
    (
        "Pompeo praised Kazakhstan for bringing home its citizens who had joined terrorist groups.",
        "Pompeo commended Kazakhstan for the repatriation of citizens who joined terrorist groups.",
    ),
    (
        "The prime minister survived a vote of no confidence in parliament.",
        "Parliament failed to topple the prime minister in a confidence vote.",
    ),
]
SAID_OTHERWISE = [  # many words in common, something else said: a denial, a figure, a day, an added event
    ("The minister resigned on Monday after the vote.", "The minister did not resign on Monday after the vote."),
    ("The earthquake killed 3 people in the town on Sunday.", "The earthquake killed 5 people in the town on Sunday."),
    ("The club beat Leeds 2-1 on Saturday, with two goals from Smith.", "The club beat Leeds 2-1 on Sunday, with two goals from Smith."),
    (
        "Police arrested the suspect at the farmhouse on Tuesday and charged him with abduction.",
        "Police arrested the suspect at the farmhouse on Tuesday.",
    ),
]


@pytest.mark.parametrize(("a", "b"), IN_OTHER_WORDS)
def test_sentences_saying_one_thing_in_other_words_are_paraphrases_where_word_overlap_falls_short(a, b):
    assert word_overlap(a, b) < OVERLAP_AT_090
    assert paraphrase.same(a, b) and paraphrase.same(b, a)
    assert paraphrase.likelihood(a, b) == paraphrase.likelihood(b, a)


@pytest.mark.parametrize(("a", "b"), SAID_OTHERWISE)
def test_sentences_sharing_words_but_saying_something_else_are_not_paraphrases(a, b):
    assert not paraphrase.same(a, b) and not paraphrase.same(b, a)


def test_a_word_of_like_meaning_counts_more_than_an_unrelated_one():
    said = "Thousands of people fled the fighting in the north of the country."
    like, unlike = said.replace("fled", "escaped"), said.replace("fled", "painted")
    assert paraphrase.likelihood(said, like) > paraphrase.likelihood(said, unlike)


def test_the_word_vectors_come_from_the_installed_package_and_nothing_is_downloaded(tmp_path):
    # A fresh home: no cache to find them in. The package's own files are read, and no cache is written.
    code = "from summarize import paraphrase; print(paraphrase.likelihood('Rain fell in Paris.', 'It rained in Paris.'))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert 0.0 < float(done.stdout) < 1.0
    assert not any(tmp_path.rglob("*")), list(tmp_path.rglob("*"))


def test_the_shipped_model_is_what_the_fitting_script_makes_from_msrp(tmp_path):
    data = next((d for d in (ROOT / "bench" / "data", SHARED_DATA) if (d / MSRP).is_file()), None)
    if data is None:
        pytest.skip(f"{MSRP} is not here (bench/data/prepare.py --msrp builds it)")
    out = tmp_path / "paraphrase.json"
    done = subprocess.run(
        [sys.executable, "bench/fit_paraphrase.py", "--data", str(data), "--out", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    fitted, shipped = (json.loads(path.read_text(encoding="utf-8")) for path in (out, paraphrase.MODEL))
    assert fitted.keys() == shipped.keys() and fitted["features"] == shipped["features"]
    for key in ("mean", "scale", "weights", "bias", "threshold"):  # the same numbers, to the last digits a BLAS may change
        assert fitted[key] == pytest.approx(shipped[key], abs=1e-4), key


def test_two_sources_stating_one_fact_in_other_words_corroborate_it_and_each_cites_the_other(tmp_path):
    a, b = IN_OTHER_WORDS[0]
    docs = english(tmp_path, [{"id": "ap", "text": a}, {"id": "tass", "text": b}])
    day = stories.lexicon(docs)
    (fact,) = fx.facts([fx.statement(d.document.id, c, day) for d in docs for c in candidates(d)], {})
    point = stories._point(fact, {d.document.id: d for d in docs})
    assert point.supported and point.sources == ("day-ap", "day-tass")
    assert [c.role for c in point.citations] == [Role.SOURCE, Role.AGREES]  # the agreeing citation stands, in other words
