"""The speed benchmark: the whole parabrief pipeline against the raw CTranslate2 engine and against plain
transformers, on the same sentences, with equal work forced, on full-size model shapes with random weights.

    python bench/run.py                      # NLLB-600M shape, 200 documents, greedy and beam 4, scaling 1x/4x/16x
    python bench/run.py --docs 50 --scales 1 --beams 1 --model bench-opus-mt

Each measurement runs in a process of its own, so its peak resident memory is its own; each path runs
--repeat times per beam size (in rounds) and its fastest run is kept, with the highest peak. The models are
built and converted once (bench/.models, bench/.home) and reused. Results: a table on stdout and
bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
BENCH = ROOT / "bench"
MODELS, HOME = BENCH / ".models", BENCH / ".home"
SEEDS = ROOT / "seeds"
LANGS = {"000_cc55509071a40faa.txt": "sq", "001_e16ef8893aa65cca.txt": "ar", "002_7246527690d706c8.txt": "kk"}


def workload(folder: Path, documents: int, seed: int = 0) -> Path:
    """``documents`` short news items built from the seeds' Albanian, Arabic and Kazakh sentences: 1 to 3
    paragraphs of 1 to 3 sentences each (sentences of 20 to 400 characters), so lengths spread as in news."""
    from translate.pipeline import prepare
    from translate.readers import read_documents

    by_lang: dict[str, list[str]] = {}
    for doc in read_documents([SEEDS / name for name in LANGS]):
        doc = prepare(doc)
        by_lang.setdefault(doc.lang, []).extend(s.text for p in doc.paragraphs for s in p.sentences if len(s.text) > 20)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    langs = sorted(by_lang)
    for d in range(documents):
        pool = by_lang[langs[d % len(langs)]]
        paragraphs = [" ".join(rng.choice(pool) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 3))]
        (folder / f"doc-{d:05d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    return folder


def sentences(folder: Path, registry, model: str) -> list[tuple[str, str]]:
    """The (text, language) pieces the pipeline sends to the model, in order."""
    from translate.engine import CTranslate2Translator, EngineOptions
    from translate.pipeline import prepare
    from translate.readers import discover, read_documents
    from translate.segment import cut_long

    engine = CTranslate2Translator.load(registry, model, EngineOptions(device="cpu"))
    length = lambda text: engine.count_tokens([text])[0]  # noqa: E731
    pieces = []
    for doc in read_documents(discover([folder])):
        for p in prepare(doc).paragraphs:
            for s in p.sentences:
                pieces.extend((t, p.lang) for t in cut_long(s.text, length, engine.max_input_tokens))
    return pieces


def peak_rss_mb() -> float:
    """This process's own peak resident memory, in MB: ``VmHWM`` of /proc/self/status, which a new
    program starts afresh. Not ``ru_maxrss`` where /proc is there: on Linux a child's keeps its parent's
    high-water mark across fork and exec, so every measurement would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(args) -> dict:
    """One measurement, in this process: prints a JSON line."""
    from translate.engine import EngineOptions
    from translate.models import Registry

    registry = Registry(MODELS / "models.yaml", home=HOME / "models")
    # Every language to the measured model, so that all three paths do the same work with the same model.
    registry.routing = {lang: [args.model] for lang in ("default", *registry.get(args.model).languages)}
    folder, n, beam = Path(args.docs_dir), args.tokens, args.beam
    spec = registry.get(args.model)
    options = EngineOptions(
        device="cpu",
        beam_size=beam,
        inter_threads=args.inter_threads,
        intra_threads=args.intra_threads,
        fixed_output_tokens=n,
        batch_tokens=args.batch_tokens,
        full_vocabulary=args.full_vocabulary,
    )
    if args.path in ("pipeline", "ray"):
        from translate.run import Backend, RunOptions, translate_run

        started = time.perf_counter()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        with tempfile.TemporaryDirectory() as out:
            backend = Backend.RAY if args.path == "ray" else Backend.LOCAL
            run = translate_run([folder], Path(out), registry, RunOptions(engine=options, use_cache=False, backend=backend))
            if not run.complete:
                raise SystemExit(f"the pipeline left work undone: {[r for r in run.inputs if r.reason][:2]}")
            seconds = time.perf_counter() - started
            if args.profile:
                profiler.disable()
                pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
            peak = peak_rss_mb()  # the translation's own, before the briefing below
            from summarize.briefing import build
            from summarize.extractive import ExtractiveSummarizer
            from translate.output import read_document

            # What `brief` adds on top of `translate`: it keeps the day's documents and briefs them.
            documents = [read_document(p) for p in sorted(Path(out).glob("*.json"))]
            clock = time.perf_counter()
            build(documents, ExtractiveSummarizer(), "2026-01-01")
            briefing = time.perf_counter() - clock
        return {
            "seconds": seconds,
            "sentences": sum(r.sentences for r in run.inputs),
            "tokens": sum(r.tokens for r in run.inputs),
            "peak_rss_mb": peak,
            "briefing_seconds": briefing,
            "briefing_peak_rss_mb": peak_rss_mb(),
        }
    work = sentences(folder, registry, args.model)
    if args.path == "raw":
        import sentencepiece

        from translate.engine import _token_batches, load_ctranslate2

        ctranslate2 = load_ctranslate2()  # the same int8 backend as the pipeline's

        sp = sentencepiece.SentencePieceProcessor(model_file=str(HOME / "models" / args.model / "sentencepiece.bpe.model"))
        sources = [
            [spec.languages[lang], *p, "</s>"] for p, (_, lang) in zip(sp.encode([t for t, _ in work], out_type=str), work, strict=False)
        ]
        inter, intra = options.threads("cpu")
        started = time.perf_counter()
        model = ctranslate2.Translator(
            str(HOME / "models" / args.model), device="cpu", compute_type="int8", inter_threads=inter, intra_threads=intra
        )
        # The pipeline's own batches on the pipeline's threads, all submitted at once, without the pipeline.
        futures = [
            future
            for batch in _token_batches([len(s) for s in sources], options.tokens_per_batch(beam))
            for future in model.translate_batch(
                [sources[i] for i in batch],
                target_prefix=[[spec.target]] * len(batch),
                beam_size=beam,
                min_decoding_length=n + 1,
                max_decoding_length=n + 1,
                max_input_length=0,
                use_vmap=not args.full_vocabulary,
                asynchronous=True,
            )
        ]
        for future in futures:
            future.result()
        return {"seconds": time.perf_counter() - started, "sentences": len(work), "tokens": len(work) * n, "peak_rss_mb": peak_rss_mb()}
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    torch.set_num_threads(os.cpu_count())
    hf = MODELS / spec.source.path.name
    tokenizer = AutoTokenizer.from_pretrained(hf)
    work = work[: args.transformers_sentences or len(work)]
    order = sorted(range(len(work)), key=lambda i: (work[i][1], len(work[i][0])))  # by language, then length
    started = time.perf_counter()
    model = AutoModelForSeq2SeqLM.from_pretrained(hf, dtype=torch.float32).eval()
    english = tokenizer.convert_tokens_to_ids(spec.target)
    with torch.inference_mode():
        for b in range(0, len(order), 32):
            batch = [work[i] for i in order[b : b + 32]]
            tokenizer.src_lang = spec.languages[batch[0][1]]  # batches of one language, as a user would make them
            inputs = tokenizer([t for t, _ in batch], return_tensors="pt", padding=True)
            model.generate(
                **inputs, forced_bos_token_id=english, num_beams=beam, do_sample=False, min_new_tokens=n + 1, max_new_tokens=n + 1
            )
    return {"seconds": time.perf_counter() - started, "sentences": len(work), "tokens": len(work) * n, "peak_rss_mb": peak_rss_mb()}


def english_set(model: str, pieces: int) -> int:
    """Give the pulled bench model a vocabulary map of its first ``pieces`` target pieces (0: the English
    ones, as ``models pull`` writes it), and its manifest the new file's size, so it loads as pulled.
    The bench's vocabulary is padded with letterless placeholders, which all count as English: this
    stands in for a real vocabulary of which ``pieces`` are English."""
    from translate.fetch import MANIFEST, sha256
    from translate.vocabulary import MAP, target_vocabulary, write_map

    folder = HOME / "models" / model
    kept = write_map(folder, target_vocabulary(folder)[:pieces] if pieces else None)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][MAP] = {"size": (folder / MAP).stat().st_size, "sha256": sha256(folder / MAP)}
    manifest["english_pieces"] = kept
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return kept


def run_one(path: str, docs_dir: Path, args, beam: int, profile: bool = False) -> dict:
    command = [
        sys.executable,
        __file__,
        "--measure",
        path,
        "--docs-dir",
        str(docs_dir),
        "--beam",
        str(beam),
        "--tokens",
        str(args.tokens),
        "--model",
        args.model,
        "--inter-threads",
        str(args.inter_threads),
        "--intra-threads",
        str(args.intra_threads),
        "--transformers-sentences",
        str(args.transformers_sentences),
        "--batch-tokens",
        str(args.batch_tokens),
    ]
    command += (["--profile"] if profile else []) + (["--full-vocabulary"] if args.full_vocabulary else [])
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PARABRIEF_HOME": str(HOME)})
    if done.returncode != 0:
        raise SystemExit(f"{path} failed:\n{done.stderr[-3000:]}")
    if profile:
        sys.stderr.write(done.stderr)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["tokens_per_s"] = result["tokens"] / result["seconds"]
    result["sentences_per_s"] = result["sentences"] / result["seconds"]
    return result


def best(kept: dict | None, run: dict) -> dict:
    """The faster of two runs of one path (timeit's rule: slower runs measure the machine's other work),
    with the higher of their peaks and every run's seconds."""
    if kept is None:
        return {**run, "all_seconds": [run["seconds"]]}
    fastest = run if run["seconds"] < kept["seconds"] else kept
    return {**fastest, "peak_rss_mb": max(kept["peak_rss_mb"], run["peak_rss_mb"]), "all_seconds": [*kept["all_seconds"], run["seconds"]]}


def main() -> None:
    from translate.engine import EngineOptions

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument(
        "--tokens", type=int, default=46, help="output tokens forced per sentence (46: the English length of this workload's sentences)"
    )
    parser.add_argument("--beams", default="1,4")
    parser.add_argument("--scales", default="1,4,16", help="multiples of --docs for the pipeline's scaling run (empty: none)")
    parser.add_argument("--model", default="bench-nllb-600m")
    parser.add_argument("--inter-threads", type=int, default=0, help="pipeline and raw engine (0: parabrief's choice)")
    parser.add_argument("--intra-threads", type=int, default=0, help="pipeline and raw engine (0: parabrief's choice)")
    parser.add_argument(
        "--transformers-sentences",
        type=int,
        default=256,
        help="transformers on the first N sentences only, for its rate (0: all; it is the slow one)",
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs of each path per beam; the fastest is kept")
    parser.add_argument("--profile", action="store_true", help="print a profile of the pipeline run")
    parser.add_argument(
        "--batch-tokens", type=int, default=0, help="source tokens per batch, pipeline and raw (0: parabrief's choice for the beam)"
    )
    parser.add_argument("--ray", action="store_true", help="add a row for --engine ray on a local Ray cluster")
    parser.add_argument("--full-vocabulary", action="store_true", help="pipeline and raw engine decode over every target piece")
    parser.add_argument(
        "--english-pieces",
        type=int,
        default=0,
        help="decode over the first N target pieces, standing in for a vocabulary of which N are English (0: the map pull writes)",
    )
    parser.add_argument("--measure", choices=["pipeline", "ray", "raw", "transformers"], help=argparse.SUPPRESS)
    parser.add_argument("--docs-dir", help=argparse.SUPPRESS)
    parser.add_argument("--beam", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        args.path = args.measure
        print(json.dumps(measure(args)))
        return

    from bench.shapes import ensure_models

    ensure_models(MODELS, HOME)
    english = english_set(args.model, args.english_pieces)
    options = EngineOptions(inter_threads=args.inter_threads, intra_threads=args.intra_threads, batch_tokens=args.batch_tokens)
    results = {
        "machine": {"cores": os.cpu_count()},
        "model": args.model,
        "docs": args.docs,
        "tokens": args.tokens,
        "threads": "x".join(map(str, options.threads("cpu"))),
        "repeat": args.repeat,
        "vocabulary": "full" if args.full_vocabulary else f"{english} pieces",
        "runs": [],
    }
    work = BENCH / ".work"
    base = workload(work / f"docs-{args.docs}", args.docs)
    rows = []
    paths = ("pipeline", "ray", "raw", "transformers") if args.ray else ("pipeline", "raw", "transformers")
    for beam in [int(b) for b in args.beams.split(",") if b]:
        row = {"beam": beam, "batch_tokens": options.tokens_per_batch(beam)}
        for attempt in range(args.repeat):  # rounds over the paths, so that a slow spell of the machine hits all alike
            for path in paths:
                run = run_one(path, base, args, beam, profile=args.profile and path == "pipeline" and attempt == 0)
                row[path] = best(row.get(path), run)
        (BENCH / "results.partial.json").write_text(json.dumps(rows + [row], indent=2) + "\n")
        row["pipeline_vs_transformers"] = row["pipeline"]["tokens_per_s"] / row["transformers"]["tokens_per_s"]
        row["pipeline_vs_raw"] = row["pipeline"]["tokens_per_s"] / row["raw"]["tokens_per_s"]
        row["memory_vs_transformers"] = row["pipeline"]["peak_rss_mb"] / row["transformers"]["peak_rss_mb"]
        if args.ray:
            row["ray_vs_pipeline"] = row["ray"]["tokens_per_s"] / row["pipeline"]["tokens_per_s"]
        rows.append(row)
    scaling = []
    for scale in [int(s) for s in args.scales.split(",") if s]:
        folder = workload(work / f"docs-{args.docs * scale}", args.docs * scale)
        scaling.append({"scale": scale, "docs": args.docs * scale, **run_one("pipeline", folder, args, 1)})
    results["runs"], results["scaling"] = rows, scaling
    (BENCH / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(
        f"model {args.model}, {args.docs} documents, {args.tokens} output tokens forced per sentence, best of {args.repeat}, "
        f"{results['threads']} (parallel batches x threads each), "
        f"decoding over {results['vocabulary']} of the target vocabulary; "
        f"transformers on {os.cpu_count()} threads"
    )
    print(f"{'beam':>4} {'path':<13} {'tok/s':>8} {'sent/s':>8} {'peak MB':>8} {'seconds':>8}")
    for row in rows:
        for path in paths:
            r = row[path]
            print(
                f"{row['beam']:>4} {path:<13} {r['tokens_per_s']:>8.1f} {r['sentences_per_s']:>8.2f} "
                f"{r['peak_rss_mb']:>8.0f} {r['seconds']:>8.1f}"
            )
        print(
            f"     batches of {row['batch_tokens']} source tokens; "
            f"pipeline/transformers {row['pipeline_vs_transformers']:.2f}x, pipeline/raw {row['pipeline_vs_raw']:.2f}, "
            f"memory pipeline/transformers {row['memory_vs_transformers']:.2f}"
            + (f", ray/pipeline {row['ray_vs_pipeline']:.2f}" if args.ray else "")
        )
    print("scaling (pipeline, greedy; briefing: the extractive briefing of the same documents):")
    for s in scaling:
        print(
            f"  {s['scale']:>3}x {s['docs']:>6} docs {s['seconds']:>8.1f} s {s['tokens_per_s']:>8.1f} tok/s {s['peak_rss_mb']:>8.0f} MB"
            f"  briefing {s['briefing_seconds']:.1f} s ({100 * s['briefing_seconds'] / s['seconds']:.1f}% of the run),"
            f" peak with it {s['briefing_peak_rss_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
