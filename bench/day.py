"""A real day of foreign-language news, end to end, beside the plain path, on NLLB-600M's shape.

    python bench/day.py                       # the whole day, beam 4 (the model's default), 2 and 1
    python bench/day.py --articles 40 --beams 4,1

The day is ``bench/data/news_day.tar.xz`` (its README: real pages with their boilerplate, in 18
languages, and a second day that carries a quarter of the first over). ``--articles N`` takes the first N
pages of day 1 (by the SHA-1 of their ids, so every language keeps its share) and the day-2 pages that
go with them: those carried over from them, and as many new ones as the whole day 2 has per day-1 page.

Each measurement runs in a process of its own (peak memory is its own ``VmHWM``), on the random-weight
stand-in of NLLB-200-distilled-600M (``bench/shapes.py``), every sentence decoding exactly the
English-to-source length ratio (``measured_ratio``, or ``--ratio``) times its source tokens, rounded up
to 8: random weights never end a sentence, and a real one ends about there. Paths:

- **parabrief**: ``brief`` (extractive summarizer) on day 1 with an empty cache, at each ``--beams``:
  each distinct sentence decoded once, lines no reader sees left untranslated, the English vocabulary
  map of ``--english-pieces`` pieces. Then day 2 with day 1's cache, and day 2 alone with an empty one.
- **plain**: every sentence of every paragraph that is not English, segmented as parabrief segments
  it, through CTranslate2's ``translate_batch`` at the model's own beam size and over every target
  piece, in parabrief's length-sorted batches on parabrief's threads: what a user runs without parabrief.

It prints, for each: wall time, sentences and tokens decoded, what was not decoded and why, peak
memory, the briefing's seconds; the ratio of the paths, and the day extrapolated to 1,000 articles.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
BENCH = ROOT / "bench"
DATA = BENCH / "data" / "news_day.tar.xz"
WORK = BENCH / ".day"
SHAPE = "bench-nllb-600m"  # bench/shapes.py's NLLB-600M stand-in, its tokenizer trained on the seeds
MODEL = "bench-nllb-600m-day"  # the same model, its tokenizer trained on the day (``day_model``)
DAY_PIECES = 16000  # the day's tokenizer: German at 1.66 tokens a word (the seeds' tokenizer: 4.33)
DAY_ONE, DAY_TWO = "2026-12-01", "2026-12-02"
ENGLISH_PIECES = 128000  # see docs/performance.md: the real count is what ``models pull`` records


def unpack(archive: Path, folder: Path) -> list[dict]:
    """The archive's pages under ``folder`` (once), and its articles.jsonl records."""
    if not (folder / "articles.jsonl").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(folder, filter="data")
    return [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def _order(record: dict) -> str:
    return hashlib.sha1(record["id"].encode()).hexdigest()


def choose(records: list[dict], articles: int | None) -> tuple[list[dict], list[dict]]:
    """Day 1's first ``articles`` pages and the day-2 pages that go with them (all: ``None``)."""
    one = sorted((r for r in records if r["day"] == 1), key=_order)
    two = sorted((r for r in records if r["day"] == 2), key=_order)
    if articles is None or articles >= len(one):
        return one, two
    chosen = one[:articles]
    ids = {r["id"] for r in chosen}
    carried = [r for r in two if r["from_day1"] and r["id"] in ids]
    new = [r for r in two if not r["from_day1"]]
    share = round(len(new) * articles / len(one))
    return chosen, carried + new[:share]


def stage(records: list[dict], source: Path, folder: Path) -> Path:
    """A folder holding exactly these pages (links to the unpacked ones)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for r in records:
        (folder / Path(r["file"]).name).symlink_to(source / r["file"])
    return folder


def peak_rss_mb() -> float:
    from bench.run import peak_rss_mb as peak

    return peak()


def parabrief_day(spec: dict) -> dict:
    """``brief`` on one day's folder; the figures of its report.json."""
    from summarize.api import BriefOptions, brief_files
    from translate.engine import EngineOptions
    from translate.pipeline import Events
    from translate.run import RunOptions

    class Peak(Events):
        """The peak so far as each document is written: the last one is the translation's own peak."""

        translation = 0.0

        def written(self, document) -> None:  # noqa: ANN001
            self.translation = peak_rss_mb()

    peak = Peak()

    engine = EngineOptions(device="cpu", beam_size=spec["beam"], output_ratio=spec["ratio"], full_vocabulary=spec["full_vocabulary"])
    run = RunOptions(engine=engine, models_file=Path(spec["models"]), cache=Path(spec["cache"]))
    options = BriefOptions(date=__import__("datetime").date.fromisoformat(spec["date"]), summarizer="extractive")
    clock = time.perf_counter()
    result = brief_files([Path(spec["day"])], Path(spec["out"]), options, run, peak)
    seconds = time.perf_counter() - clock
    report = json.loads((result.folder / "report.json").read_text(encoding="utf-8"))
    inputs = report["inputs"]
    total = lambda key: sum(r.get(key, 0) for r in inputs)  # noqa: E731
    return {
        "seconds": seconds,
        "translation_seconds": report["seconds"],
        "briefing_seconds": report["briefing_seconds"],
        "documents": sum(1 for r in inputs if r["document"]),
        "failed": [f"{r['input']}: {r['reason']}" for r in inputs if not r["document"]],
        "sentences": total("sentences") + total("skipped"),
        "decoded": total("sentences") - total("from_cache") - total("repeated"),
        "tokens": total("tokens"),
        "repeated": total("repeated"),
        "skipped": total("skipped"),
        "from_cache": total("from_cache"),
        "peak_rss_mb": peak_rss_mb(),
        "translation_peak_rss_mb": peak.translation,
    }


def plain_day(spec: dict) -> dict:
    """Every sentence of every paragraph that is not English through ``translate_batch``, at the
    model's defaults, batched and threaded as parabrief batches and threads."""
    from translate.engine import FAMILIES, EngineOptions, _token_batches, load_ctranslate2
    from translate.models import Registry
    from translate.pipeline import prepare
    from translate.readers import discover, read_documents

    clock = time.perf_counter()
    registry = Registry(Path(spec["models"]))
    model = registry.get(spec["model"])
    options = EngineOptions(device="cpu", output_ratio=spec["ratio"])
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=str(registry.path(model.name) / FAMILIES[model.family].source_spm))
    work = []
    for document in read_documents(discover([Path(spec["day"])])):
        if isinstance(document, Exception):
            continue
        for paragraph in prepare(document).paragraphs:
            if paragraph.lang in model.languages:
                work += [(s.text, paragraph.lang) for s in paragraph.sentences]
    pieces = sp.encode([text for text, _ in work], out_type=str)
    sources = [[model.languages[lang], *p, "</s>"] for p, (_, lang) in zip(pieces, work, strict=True)]
    wanted = [options.output_tokens(len(s)) or 0 for s in sources]
    beam = model.decoding.beam_size
    inter, intra = options.threads("cpu")
    ctranslate2 = load_ctranslate2()
    translator = ctranslate2.Translator(
        str(registry.path(model.name)),
        device="cpu",
        compute_type=model.quantization_for("cpu", "default"),
        inter_threads=inter,
        intra_threads=intra,
    )
    futures = []
    for batch in _token_batches([len(s) for s in sources], options.tokens_per_batch(beam), wanted):
        cap = wanted[batch[0]] + 1
        futures += list(
            zip(
                batch,
                translator.translate_batch(
                    [sources[i] for i in batch],
                    target_prefix=[[model.target]] * len(batch),
                    beam_size=beam,
                    no_repeat_ngram_size=model.decoding.no_repeat_ngram_size,
                    repetition_penalty=model.decoding.repetition_penalty,
                    max_decoding_length=cap,
                    min_decoding_length=cap,
                    max_input_length=0,
                    asynchronous=True,
                ),
                strict=True,
            )
        )
    english = {}
    for i, future in futures:
        english[f"{work[i][1]}\t{work[i][0]}"] = sp.decode_pieces(future.result().hypotheses[0][1:])
    seconds = time.perf_counter() - clock
    Path(spec["english"]).write_text(json.dumps(english, ensure_ascii=False), encoding="utf-8")
    return {
        "seconds": seconds,
        "sentences": len(work),
        "decoded": len(work),
        "tokens": sum(wanted),
        "peak_rss_mb": peak_rss_mb(),
    }


def measure(kind: str, spec: dict) -> dict:
    """One measurement in a fresh process: its own peak memory, nothing warm from another."""
    env = {**os.environ, "PARABRIEF_HOME": spec["home"], "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, __file__, "--measure", kind, json.dumps(spec)], capture_output=True, text=True, env=env, cwd=ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def same_english(plain: Path, translations: Path) -> tuple[int, int]:
    """Of the sentences both paths decoded (by language and text), how many got the same English."""
    theirs = json.loads(plain.read_text(encoding="utf-8"))
    ours = {}
    for path in translations.glob("*.json"):
        if path.name == "report.json":
            continue
        for paragraph in json.loads(path.read_text(encoding="utf-8"))["paragraphs"]:
            if paragraph["status"] == "translated":
                ours.update({f"{paragraph['lang']}\t{s['source']}": s["translation"] for s in paragraph["sentences"]})
    both = set(ours) & set(theirs)
    return sum(1 for key in both if ours[key] == theirs[key]), len(both)


def measured_ratio(models: Path, languages: dict[str, int], name: str = MODEL) -> float:
    """English tokens per source token, with the bench model's tokenizer, on real sentence pairs: the
    messages of this machine's gettext catalogues (``/usr/share/locale/LANG/LC_MESSAGES/*.mo``: the
    English original and its translation, four words or more) in each of the day's languages, weighted
    by its pages of the day (``languages``: language -> pages)."""
    import gettext

    import sentencepiece

    from translate.engine import FAMILIES
    from translate.models import Registry

    registry = Registry(models)
    model = registry.get(name)
    sp = sentencepiece.SentencePieceProcessor(model_file=str(registry.path(name) / FAMILIES[model.family].source_spm))
    ratios: dict[str, float] = {}
    for lang in languages:
        pairs = []
        for catalogue in sorted(Path("/usr/share/locale", lang, "LC_MESSAGES").glob("*.mo")):
            try:
                with catalogue.open("rb") as f:
                    messages = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
            except (OSError, ValueError):
                continue
            pairs += [
                (k, v)
                for k, v in messages.items()
                if isinstance(k, str) and isinstance(v, str) and v and len(k.split()) >= 4 and "%" not in k
            ]
        if pairs:
            english = sum(len(p) for p in sp.encode([e for e, _ in pairs]))
            ratios[lang] = english / sum(len(p) for p in sp.encode([t for _, t in pairs]))
    if not ratios:
        raise SystemExit("no gettext catalogue of the day's languages on this machine: give --ratio")
    weights = {lang: languages[lang] for lang in ratios}
    print("English-to-source length:", ", ".join(f"{lang} {r:.2f}" for lang, r in sorted(ratios.items())), flush=True)
    return sum(ratios[lang] * weights[lang] for lang in ratios) / sum(weights.values())


def line(name: str, r: dict, articles: int) -> str:
    per_thousand = r["seconds"] * 1000 / articles / 60
    left = ", ".join(
        f"{r[k]} {label}"
        for k, label in (("repeated", "repeats"), ("skipped", "lines no reader sees"), ("from_cache", "cached"))
        if r.get(k)
    )
    briefing = (
        f", briefing {r['briefing_seconds']:.1f} s ({100 * r['briefing_seconds'] / r['seconds']:.2f}%)" if "briefing_seconds" in r else ""
    )
    translating = f" ({r['translation_peak_rss_mb']:.0f} MB translating)" if r.get("translation_peak_rss_mb") else ""
    return (
        f"{name:<28} {r['seconds']:8.1f} s  {r['decoded']:6} of {r['sentences']:6} sentences decoded, {r['tokens']:8} tokens"
        f"  (not decoded: {left or 'none'}){briefing}; peak {r['peak_rss_mb']:.0f} MB{translating}; 1,000 articles: {per_thousand:.0f} min"
    )


def run_day(args, models: Path, home: Path, model: str = MODEL) -> dict:
    """Every measurement of the day (``args``: as ``main`` parses them), printed as it is made."""
    work = args.work
    records = unpack(args.data, work / "pages")
    one, two = choose(records, args.articles)
    day1 = stage(one, work / "pages", work / "day1")
    day2 = stage(two, work / "pages", work / "day2")
    languages = sorted({r["lang"] for r in one})
    print(
        f"day 1: {len(one)} pages in {len(languages)} languages ({', '.join(languages)}); day 2: {len(two)} pages, "
        f"{sum(r['from_day1'] for r in two)} of them carried over from day 1",
        flush=True,
    )
    ratio = args.ratio or measured_ratio(models, Counter(r["lang"] for r in one if r["lang"] != "en"), model)
    print(f"each sentence decodes {ratio:.2f} x its source tokens (rounded up to 8)", flush=True)
    base = {"models": str(models), "home": str(home), "model": model, "ratio": ratio}
    results: dict = {"articles": len(one), "day2_articles": len(two), "ratio": ratio}
    if args.plain:
        results["plain"] = measure("plain", {**base, "day": str(day1), "english": str(work / "plain-english.json")})
        print(line("plain (beam 4, all pieces)", results["plain"], len(one)), flush=True)
    for beam in args.beams:
        cache = work / f"cache-beam{beam}.sqlite"
        cache.unlink(missing_ok=True)
        common = {**base, "beam": beam, "full_vocabulary": args.full_vocabulary, "cache": str(cache)}
        shutil.rmtree(work / f"out-beam{beam}", ignore_errors=True)
        first = measure("parabrief", {**common, "day": str(day1), "out": str(work / f"out-beam{beam}"), "date": DAY_ONE})
        results[f"beam{beam}"] = first
        print(line(f"parabrief, beam {beam}", first, len(one)), flush=True)
        if "plain" in results:
            same, both = same_english(work / "plain-english.json", work / f"out-beam{beam}" / DAY_ONE / "translations")
            first["same_english"], first["both_decoded"] = same, both
            print(
                f"{'':28} {results['plain']['seconds'] / first['seconds']:.2f}x faster than the plain path; "
                f"the same English for {same} of the {both} sentences both decoded",
                flush=True,
            )
        if beam == args.beams[0]:
            again = measure("parabrief", {**common, "day": str(day2), "out": str(work / f"out-beam{beam}"), "date": DAY_TWO})
            alone_cache = work / "cache-day2-alone.sqlite"
            alone_cache.unlink(missing_ok=True)
            shutil.rmtree(work / "out-day2-alone", ignore_errors=True)
            alone = measure(
                "parabrief", {**common, "cache": str(alone_cache), "day": str(day2), "out": str(work / "out-day2-alone"), "date": DAY_TWO}
            )
            new = again["decoded"] / max(1, alone["decoded"])
            results["day2"], results["day2_alone"] = again, alone
            print(line("  day 2 with day 1's cache", again, len(two)), flush=True)
            print(line("  day 2 alone", alone, len(two)), flush=True)
            print(
                f"{'':28} day 2 took {again['seconds'] / alone['seconds']:.2f} of its time alone; its new sentences are {new:.2f} of "
                f"those it decodes alone (goal: at most 1.2 x that = {1.2 * new:.2f})",
                flush=True,
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--work", type=Path, default=WORK, help="where the pages, caches and outputs go")
    parser.add_argument("--articles", type=int, default=None, help="day 1's first N pages (default: all)")
    parser.add_argument("--beams", type=lambda s: [int(b) for b in s.split(",")], default=[4, 2, 1])
    parser.add_argument("--ratio", type=float, default=None, help="English tokens per source token (default: measured_ratio)")
    parser.add_argument("--english-pieces", type=int, default=ENGLISH_PIECES)
    parser.add_argument("--full-vocabulary", action="store_true", help="parabrief decodes over every target piece too")
    parser.add_argument("--no-plain", dest="plain", action="store_false")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, spec = args.measure
        print(json.dumps((plain_day if kind == "plain" else parabrief_day)(json.loads(spec))))
        return
    from bench.run import HOME, MODELS, english_set
    from bench.shapes import ensure_models

    os.environ["PARABRIEF_HOME"] = str(HOME)
    models = day_models(ensure_models(MODELS, HOME))
    records = unpack(args.data, args.work / "pages")
    day_model(HOME, day_texts(args.work / "pages", records))
    english_set(MODEL, args.english_pieces)
    results = run_day(args, models, HOME)
    results["english_pieces"] = args.english_pieces
    (BENCH / "results.day.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def day_model(home: Path, texts: list[str]) -> None:
    """``MODEL``: the pulled ``SHAPE`` (its files linked, not copied) with a sentencepiece model trained on
    ``texts`` (DAY_PIECES pieces, padded to NLLB's 256,000 as ``bench/shapes.py`` pads). The seeds'
    tokenizer, which has never seen German, cuts it into 4.3 pieces a word, and speed follows the token
    count; pieces the model's vocabulary lacks read as <unk>, which costs the same."""
    from bench.shapes import NLLB_SPM_PIECES, _pad_sentencepiece, _train_spm
    from translate.fetch import MANIFEST, sha256

    source, folder = home / "models" / SHAPE, home / "models" / MODEL
    if (folder / MANIFEST).is_file():
        return
    staging = home / "models" / f".{MODEL}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for path in source.iterdir():
        if path.is_file() and path.name not in ("sentencepiece.bpe.model", MANIFEST) and not path.name.startswith("."):
            os.link(path, staging / path.name)
    spm = _train_spm(texts, staging / "sentencepiece.bpe.model", DAY_PIECES)
    _pad_sentencepiece(spm, NLLB_SPM_PIECES)
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["sentencepiece.bpe.model"] = {"size": spm.stat().st_size, "sha256": sha256(spm)}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    staging.rename(folder)


def day_texts(pages: Path, records: list[dict]) -> list[str]:
    """The text parabrief reads from every page of both days, and the seeds (the day tokenizer's corpus)."""
    from translate.readers import read_documents

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for document in read_documents([pages / r["file"] for r in records]):
        if not isinstance(document, Exception):
            texts.append("\n".join(p.text for p in document.paragraphs))
    return texts


def day_models(models: Path) -> Path:
    """The bench models file, its NLLB stand-in covering every language of the day (NLLB's codes), and
    ``MODEL`` beside it."""
    text = models.read_text(encoding="utf-8")
    languages = (
        "{sq: als_Latn, ar: arb_Arab, kk: kaz_Cyrl, fr: fra_Latn, ru: rus_Cyrl, de: deu_Latn, es: spa_Latn, pl: pol_Latn, "
        "pt: por_Latn, it: ita_Latn, ja: jpn_Jpan, zh: zho_Hans, cs: ces_Latn, hu: hun_Latn, id: ind_Latn, 'no': nob_Latn, "
        "bn: ben_Beng, fi: fin_Latn, an: arg_Latn, nl: nld_Latn, tr: tur_Latn, uk: ukr_Cyrl}"
    )
    start = text.index("  bench-nllb-600m:")
    head, rest = text[:start], text[start:]
    rest = rest.replace(
        rest[rest.index("    languages: ") : rest.index("\n", rest.index("    languages: "))], f"    languages: {languages}", 1
    )
    entry = rest[: rest.index("\n  bench-opus-mt:")]
    day = entry.replace(f"  {SHAPE}:", f"  {MODEL}:", 1).replace(f"path: {SHAPE}", f"path: {MODEL}")
    rest = rest[: rest.index("routing:")] + f"routing:\n  default: [{MODEL}]\n" + rest[rest.index("summarizers:") :]
    out = models.parent / "day-models.yaml"
    out.write_text(head + day + "\n" + rest, encoding="utf-8")
    return out


if __name__ == "__main__":
    main()
