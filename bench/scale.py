"""The briefing at scale: what briefing 1,000 and 5,000 documents of a many-story day of real news costs,
against what translating them costs.

    python bench/scale.py                            # 1,000 and 5,000 documents; best of 3; rate: 100 seed documents, best of 2
    python bench/scale.py --sizes 1000 --repeat 1 --rate-docs 50
    python bench/scale.py --sizes 5000 --profile     # and a cProfile of one build of each size (stderr)

The day. Real English news, each article once, no article twice: the BBC News data set (2004-2005), the
CNN/DailyMail, ECB+ and MultiLing 2011 (WikiNews) articles of the quality benchmark, then Reuters-21578
(1987) stories to fill up to 5,000 (or the largest size); exact duplicates dropped; shuffled (seed 0). A size of N
is the first N of that order. The data is not in the repository: bench/data/prepare.py rebuilds it
(bench/data/README.md). The documents are read from a jsonl by parabrief's own reader and prepared as
the pipeline prepares them (language, sentences, metadata), and every paragraph is given itself as its
English: each document is briefed as if it had been translated into the English it has.

Translation time is not run: it is estimated. The translation rate is measured here, in the same run,
on bench/run.py's raw engine path (the pipeline's batches and threads on the bench NLLB-600M shape,
greedy, 46 tokens a sentence, the full vocabulary, the seed workload of --rate-docs documents, model load
included, fastest of --rate-repeat): its seconds per source token. The raw path decodes every sentence,
as translating a day of news does, while the pipeline decodes each distinct sentence once, and the seed
workload repeats the seeds' sentences. The day's source tokens are counted with that model's own tokenizer,
sentence by sentence; estimated translation seconds = source tokens x seconds per source token
(translation time is linear in documents: docs/performance.md, "Scaling"). The bench tokenizer was
trained on the seeds' Albanian, Arabic and Kazakh, so it cuts English finer than those (the
tokens-a-word line); the estimate per source word, printed beside it, does not depend on that.

Briefing times are each the fastest of --repeat runs: the per-document briefs (the extractive
summarizer), the day's name lexicon, grouping (``stories.group``), the story briefs (``stories.merge``
over every story) and the whole ``briefing.build`` timed on its own; the pairs grouping compared are
those ``stories.similarities`` returns. The day's briefing.html is then timed in Chromium, where it is
installed (``page_timing``): each update a reader makes by filtering or searching. Results: stdout and
bench/results.scale.json.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
BENCH = ROOT / "bench"
DATA = BENCH / "data"
DAY = "2026-12-01"
POOL = 5000  # the day's articles: a size of N is the first N of them


def _jsonl_xz(name: str) -> list[dict]:
    path = DATA / name
    if not path.exists():
        raise SystemExit(f"{path} is missing: bench/data/prepare.py rebuilds it (bench/data/README.md)")
    with lzma.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def news_day(size: int) -> tuple[list[dict], dict[str, int]]:
    """``size`` real articles as jsonl records (id, title, text, source), each once, and how many each set gave."""
    sets: dict[str, list[dict]] = {"bbc": [], "cnndm": [], "ecbplus": [], "multiling": [], "reuters": []}
    for item in _jsonl_xz("bbc_news.jsonl.xz"):
        sets["bbc"].append({"id": item["id"], "title": item["title"], "text": "\n\n".join(item["paragraphs"]), "source": "BBC News"})
    for item in _jsonl_xz("cnndm.jsonl.xz"):
        outlet = "CNN" if "cnn.com" in item["url"] else "Daily Mail"
        sets["cnndm"].append({"id": f"cnndm-{item['id'][:12]}", "text": "\n\n".join(item["paragraphs"]), "source": outlet})
    for item in _jsonl_xz("ecbplus_day.jsonl.xz"):
        sets["ecbplus"].append(
            {"id": f"ecb-{item['id']}", "title": item["title"], "text": item["text"], "source": item["source"], "url": item["url"]}
        )
    for topic in _jsonl_xz("multiling2011.jsonl.xz"):
        for doc in topic["documents"]:
            record = {"id": f"wikinews-{doc['id']}", "title": doc["title"], "text": "\n\n".join(doc["paragraphs"])}
            sets["multiling"].append({**record, "source": "Wikinews"})
    for item in _jsonl_xz("reuters21578.jsonl.xz"):  # the wire's dateline opens its first paragraph, as sent
        paragraphs = [f"{item['dateline']} {item['paragraphs'][0]}".strip(), *item["paragraphs"][1:]]
        sets["reuters"].append({"id": item["id"], "title": item["title"], "text": "\n\n".join(paragraphs), "source": "Reuters"})
    chosen, seen, used = [], set(), dict.fromkeys(sets, 0)
    for name, items in sets.items():  # Reuters last: it fills up what the others leave
        for record in items:
            key = " ".join(record["text"].split()).casefold()
            if key in seen or len(chosen) == size:
                continue
            seen.add(key)
            chosen.append(record)
            used[name] += 1
    if len(chosen) < size:
        raise SystemExit(f"only {len(chosen)} distinct articles in bench/data, fewer than {size}")
    random.Random(0).shuffle(chosen)
    return chosen, used


def as_translated(records: list[dict]):
    """The records read and prepared as the pipeline does, each paragraph its own English."""
    from translate.documents import ParagraphStatus, TranslatedDocument, TranslatedParagraph, TranslatedSentence
    from translate.pipeline import prepare
    from translate.readers import read_documents

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "day.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        documents = [prepare(d) for d in read_documents([path])]
    return [
        TranslatedDocument(
            d,
            tuple(
                TranslatedParagraph(
                    p,
                    tuple(TranslatedSentence(s.id, s.text, s.text) for s in p.sentences),
                    None,
                    ParagraphStatus.NO_TEXT if p.lang == "zxx" else ParagraphStatus.ENGLISH,
                )
                for p in d.paragraphs
            ),
        )
        for d in documents
    ]


def tokenizer(model: str):
    import sentencepiece

    from bench.run import HOME

    return sentencepiece.SentencePieceProcessor(model_file=str(HOME / "models" / model / "sentencepiece.bpe.model"))


def translation_rate(args) -> dict:
    """The engine's seconds per source token (and per word) on bench/run.py's seed workload, every sentence
    decoded (its raw path), fastest run."""
    from bench.run import HOME, MODELS, english_set, run_one, sentences, workload
    from bench.shapes import ensure_models
    from translate.models import Registry

    ensure_models(MODELS, HOME)
    english_set(args.model, 0)
    os.environ["PARABRIEF_HOME"] = str(HOME)
    folder = workload(BENCH / ".work" / f"docs-{args.rate_docs}", args.rate_docs)
    registry = Registry(MODELS / "models.yaml", home=HOME / "models")
    pieces = [text for text, _ in sentences(folder, registry, args.model)]
    sp = tokenizer(args.model)
    source_tokens = sum(len(t) for t in sp.encode(pieces))
    source_words = sum(len(t.split()) for t in pieces)
    run_args = argparse.Namespace(
        tokens=46, model=args.model, inter_threads=0, intra_threads=0, transformers_sentences=0, batch_tokens=0, full_vocabulary=True
    )
    runs = [run_one("raw", folder, run_args, 1) for _ in range(args.rate_repeat)]
    fastest = min(runs, key=lambda r: r["seconds"])
    return {
        "documents": args.rate_docs,
        "sentences": fastest["sentences"],
        "source_tokens": source_tokens,
        "source_words": source_words,
        "output_tokens": fastest["tokens"],
        "seconds": fastest["seconds"],
        "all_seconds": [r["seconds"] for r in runs],
        "tokens_per_s": fastest["tokens"] / fastest["seconds"],
        "source_tokens_per_s": source_tokens / fastest["seconds"],
        "seconds_per_source_token": fastest["seconds"] / source_tokens,
        "seconds_per_source_word": fastest["seconds"] / source_words,
    }


def fastest(repeat: int, work):
    """``work()``'s result and its fastest time of ``repeat`` runs."""
    best, result = float("inf"), None
    for _ in range(repeat):
        clock = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - clock)
    return result, best


def reading(briefing) -> dict:
    """What the day's briefing.md asks of a reader: its words, and those above "Also today" (the day in
    five lines and the top stories in full), at the default --top."""
    from summarize.briefing import briefing_markdown
    from translate.signature import BriefingSignature

    markdown = briefing_markdown(briefing, BriefingSignature.of_briefing({}, "extractive"))
    above = markdown.split("## Also today")[0]
    return {"words": len(markdown.split()), "words_top": len(above.split())}


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
# Appended to a copy of briefing.html: times each change a reader makes, as the page's own listeners see it,
# up to the layout it causes (reading offsetHeight forces it), once the page's first layout is done: every
# language, the first 20 outlets, and two words typed letter by letter; the figures come back in the title.
PAGE_TIMING = """<script>(function(){
function time(box,value,kind){var t=performance.now();box.value=value;box.dispatchEvent(new Event(kind));
  document.body.offsetHeight;return performance.now()-t;}
function values(box,most){return [].slice.call(box.options).map(function(o){return o.value;}).filter(Boolean).slice(0,most);}
var r={items:items.length,language:[],outlet:[],search:[]}; document.body.offsetHeight;
values(fl,99).forEach(function(v){r.language.push(time(fl,v,'change'));}); time(fl,'','change');
values(fo,20).forEach(function(v){r.outlet.push(time(fo,v,'change'));}); time(fo,'','change');
['minister','water'].forEach(function(w){for(var k=1;k<=w.length;k++)r.search.push(time(fq,w.slice(0,k),'input'));time(fq,'','input');});
document.title='timing '+JSON.stringify(r);})();</script>"""


def page_timing(briefing, folder: Path) -> dict | None:
    """How fast briefing.html answers a reader in Chromium: milliseconds per update when filtering by each
    language and outlet and when searching as one types (median and slowest of each), on a copy of the page
    without its Content-Security-Policy, so that the timing script may run. None without Chromium."""
    from summarize.html import briefing_html
    from translate.signature import BriefingSignature

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    html = briefing_html(briefing, BriefingSignature.of_briefing({}, "extractive"))
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html, count=1)
    page = folder / "briefing-timed.html"
    page.write_text(html.replace("</body>", PAGE_TIMING + "\n</body>"), encoding="utf-8")
    run = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={folder / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=600,
    )
    found = re.search(r"<title>timing (.*?)</title>", run.stdout)
    if not found:
        raise RuntimeError(f"the timed page gave no figures: {run.stderr[-500:]}")
    times = json.loads(found.group(1).replace("&quot;", '"'))
    summary = {"items": times.pop("items"), "bytes": len(html.encode("utf-8"))}
    for kind, values in times.items():
        values.sort()
        summary[kind] = {"updates": len(values), "median_ms": values[len(values) // 2], "slowest_ms": values[-1]}
    return summary


def measure(docs, repeat: int, profile: bool) -> dict:
    from summarize.briefing import build
    from summarize.extractive import ExtractiveSummarizer
    from summarize.stories import group, lexicon, merge, similarities

    summarizer = ExtractiveSummarizer()
    by_id = {d.document.id: d for d in docs}
    briefs, t_briefs = fastest(repeat, lambda: [summarizer.summarize(d) for d in docs])
    day, t_lexicon = fastest(repeat, lambda: lexicon(docs))
    groups, t_group = fastest(repeat, lambda: group(docs, day))
    _, t_merge = fastest(repeat, lambda: [merge(f"story-{n}", [briefs[i] for i in m], by_id, day) for n, m in enumerate(groups, 1)])
    briefing, t_build = fastest(repeat, lambda: build(docs, summarizer, DAY))
    pairs = sum(len(row) for row in similarities(docs, day).values()) // 2
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(build, docs, summarizer, DAY)
        print(f"--- cProfile of build on {len(docs)} documents", file=sys.stderr)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(20)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    with tempfile.TemporaryDirectory() as folder:
        page = page_timing(briefing, Path(folder))
    return {
        **reading(briefing),
        "page": page,
        "stories": len(briefing.stories),
        "stories_of_several": sum(1 for s in briefing.stories if len(s.documents) > 1),
        "largest_story": max(len(s.documents) for s in briefing.stories),
        "pairs_compared": pairs,
        "seconds": {"briefs": t_briefs, "lexicon": t_lexicon, "group": t_group, "merge": t_merge, "build": t_build},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000", help="documents in each day measured")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each briefing step; the fastest is kept")
    parser.add_argument("--rate-docs", type=int, default=100, help="seed documents the translation rate is measured on")
    parser.add_argument("--rate-repeat", type=int, default=2, help="pipeline runs for the rate; the fastest is kept")
    parser.add_argument("--model", default="bench-nllb-600m")
    parser.add_argument("--profile", action="store_true", help="a cProfile of one build of each size, on stderr")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    records, used = news_day(max(POOL, *sizes))
    rate = translation_rate(args)
    sp = tokenizer(args.model)
    print(
        f"translation rate: engine (every sentence), {args.model}, greedy, 46 tokens a sentence, all pieces, "
        f"{rate['documents']} seed documents "
        f"({rate['sentences']} sentences, {rate['source_tokens']:,} source tokens), "
        f"fastest of {args.rate_repeat} "
        f"({', '.join(f'{s:.1f}' for s in rate['all_seconds'])} s): {rate['tokens_per_s']:.1f} output tokens/s, "
        f"{rate['source_tokens_per_s']:.1f} source tokens/s = {1000 * rate['seconds_per_source_token']:.2f} s per 1,000 source tokens "
        f"({rate['source_tokens'] / rate['source_words']:.2f} tokens a word)"
    )
    print(f"the day: {', '.join(f'{n} {name}' for name, n in used.items())} articles (each once), shuffled; the first N of them")
    results = {"rate": rate, "day": used, "sizes": []}
    for size in sizes:
        docs = as_translated(records[:size])
        mix = Counter(r["id"].split("-")[0] for r in records[:size])
        texts = [s.source for d in docs for p in d.paragraphs for s in p.sentences]
        tokens = sum(len(t) for t in sp.encode(texts))
        words = sum(len(t.split()) for t in texts)
        translation = tokens * rate["seconds_per_source_token"]
        by_words = words * rate["seconds_per_source_word"]
        row = {"documents": len(docs), "articles": dict(mix), "sentences": len(texts), "source_tokens": tokens, "source_words": words}
        row |= {"translation_seconds": translation, "translation_seconds_by_words": by_words, **measure(docs, args.repeat, args.profile)}
        results["sizes"].append(row)
        t = row["seconds"]
        share = {k: 100 * v / translation for k, v in t.items()}
        print(
            f"\n{len(docs):,} documents, {len(texts):,} sentences, {tokens:,} source tokens ({tokens / words:.2f} a word), "
            f"{row['stories']:,} stories ({row['stories_of_several']} of 2 or more documents, the largest {row['largest_story']}), "
            f"{row['pairs_compared']:,} pairs compared ({row['pairs_compared'] / len(docs):.1f} a document); "
            f"articles: {', '.join(f'{n} {name}' for name, n in mix.most_common())}"
        )
        print(
            f"  estimated translation: {translation:,.0f} s "
            f"({tokens:,} tokens x {1000 * rate['seconds_per_source_token']:.2f} s per 1,000); by words: {by_words:,.0f} s"
        )
        for key, label in (
            ("briefs", "per-document briefs"),
            ("lexicon", "the day's name lexicon"),
            ("group", "grouping (stories.group)"),
            ("merge", "story briefs (stories.merge, all)"),
            ("build", "the whole build"),
        ):
            print(f"  {label:<34} {t[key]:>8.2f} s  {share[key]:>6.2f}% of translation  ({100 * t[key] / by_words:.2f}% by words)")
        grouping = t["group"] + t["merge"]
        print(f"  {'grouping + story briefs':<34} {grouping:>8.2f} s  {100 * grouping / translation:>6.2f}% of translation")
        print(f'  briefing.md: {row["words"]:,} words, {row["words_top"]:,} above "Also today" (the day in five lines and the top stories)')
        page = row["page"]
        if page is None:
            print("  briefing.html in Chromium: not measured (no chromium on this machine)")
        else:
            updates = "; ".join(
                f"{kind} {page[kind]['median_ms']:.1f} ms median, {page[kind]['slowest_ms']:.1f} ms slowest ({page[kind]['updates']})"
                for kind in ("language", "outlet", "search")
            )
            print(f"  briefing.html in Chromium ({page['bytes'] / 1e6:.1f} MB, {page['items']:,} items to filter), per update: {updates}")
    print(f"\nbriefing steps: fastest of {args.repeat}; machine: {os.cpu_count()} cores")
    (BENCH / "results.scale.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
