"""`parabrief eval`: how well each pulled model translates a language, on the user's own text or a
FLORES-200 devtest folder, scored with sacrebleu (chrF++ and BLEU, with their signatures); and how
faithful a day's briefs are to their sources.

Segments are translated exactly as `parabrief translate` translates a paragraph: each one is split into
sentences by ``segment.split_sentences`` and goes through ``pipeline.translate_documents`` (cut into
pieces the model takes, looked up in and kept in the same cache under the same key, decoded with the same
guards), so the scores describe what users get. The one difference: the segments' language is given
(``--lang``, or the FLORES file's name), not identified paragraph by paragraph, so every segment reaches
the model being scored.

sacrebleu is a dependency of this feature only (``pip install 'parabrief[eval]'``), imported when scoring.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import statistics
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .documents import Document, Paragraph, ParagraphStatus, Sentence
from .engine import Translator
from .errors import ModelError, UsageError
from .languages import ENGLISH, identify
from .models import Registry
from .pipeline import translate_documents
from .run import RunOptions, _Engines
from .segment import split_sentences

log = logging.getLogger("parabrief")
ENGLISH_FILES = ("eng_Latn", "en", "eng")  # the reference file of a FLORES-style folder, by its code


# ------------------------------------------------------------------------------------------ input


@dataclass(frozen=True)
class Segments:
    """Source segments and their reference English, in order."""

    sources: tuple[str, ...]
    references: tuple[str, ...]

    def first(self, limit: int | None) -> Segments:
        return Segments(self.sources[:limit], self.references[:limit]) if limit else self


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read it ({error.strerror or error})") from None
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def _segment_lines(path: Path) -> list[str]:
    """The file's lines, one segment each; an empty line is refused (it cannot be scored and shifts
    every later line against its reference)."""
    lines = [line.rstrip("\r") for line in _lines(path)]
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            raise UsageError(f"{path}:{n}: empty line; one segment a line, none empty")
    if not lines:
        raise UsageError(f"{path}: no segments")
    return lines


def _jsonl(path: Path) -> Segments:
    sources, references = [], []
    for n, line in enumerate(_lines(path), start=1):
        if not line.strip():
            raise UsageError(f'{path}:{n}: empty line; one {{"source": ..., "reference": ...}} record a line')
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise UsageError(f"{path}:{n}: not JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise UsageError(f'{path}:{n}: not a JSON object with "source" and "reference"')
        for key in ("source", "reference"):
            value = record.get(key)
            if not isinstance(value, str) or not value.strip():
                what = "missing" if key not in record else "empty" if isinstance(value, str) else "not a string"
                raise UsageError(f'{path}:{n}: "{key}" is {what}; every record needs a source and its reference')
        sources.append(record["source"])
        references.append(record["reference"])
    if not sources:
        raise UsageError(f"{path}: no records")
    return Segments(tuple(sources), tuple(references))


def read_segments(source: Path, reference: Path | None = None) -> Segments:
    """``source`` and ``reference``, one segment a line, the same number of lines; or ``source`` alone, a
    jsonl of ``{"source": ..., "reference": ...}`` records."""
    if reference is None:
        if source.suffix != ".jsonl":
            raise UsageError(f'{source}: give its REFERENCE file, or a .jsonl of {{"source": ..., "reference": ...}} records')
        return _jsonl(source)
    if source.suffix == ".jsonl":
        raise UsageError(f"{source}: a jsonl source holds its references; give no REFERENCE")
    sources, references = _segment_lines(source), _segment_lines(reference)
    if len(sources) != len(references):
        raise UsageError(f"{source} has {len(sources)} segments and {reference} {len(references)}; one segment a line, in the same order")
    return Segments(tuple(sources), tuple(references))


def devtest_files(folder: Path) -> dict[str, Path]:
    """Code -> file of a FLORES-style folder: ``CODE.devtest`` (``eng_Latn.devtest``) or ``devtest.CODE``,
    in the folder or in its ``devtest/`` (FLORES-200's ``flores200_dataset/``)."""
    for base in (folder, folder / "devtest"):
        found = {p.name.removesuffix(".devtest"): p for p in sorted(base.glob("*.devtest"))}
        found.update({p.name.removeprefix("devtest."): p for p in sorted(base.glob("devtest.*"))})
        if found:
            return found
    raise UsageError(f"{folder}: no LANG.devtest files (FLORES-200: flores200_dataset/devtest/eng_Latn.devtest, kaz_Cyrl.devtest, ...)")


# ------------------------------------------------------------------------------------------ scoring


class Metrics:
    """sacrebleu's chrF++ (chrF with word bigrams) and BLEU, each with its signature."""

    def __init__(self) -> None:
        try:
            from sacrebleu.metrics import BLEU, CHRF
        except ImportError:
            raise UsageError("parabrief eval scores with sacrebleu, which is not installed: pip install 'parabrief[eval]'") from None
        self.chrf, self.bleu = CHRF(word_order=2), BLEU()
        self.score(["-"], ["-"])  # a signature names the number of references, known once a corpus is scored

    def score(self, hypotheses: Sequence[str], references: Sequence[str]) -> tuple[float, float]:
        refs = [list(references)]
        return (
            round(self.chrf.corpus_score(list(hypotheses), refs).score, 2),
            round(self.bleu.corpus_score(list(hypotheses), refs).score, 2),
        )

    @property
    def signatures(self) -> dict[str, str]:
        return {"chrF++": f"chrF2++|{self.chrf.get_signature()}", "BLEU": f"BLEU|{self.bleu.get_signature()}"}


@dataclass(frozen=True)
class Score:
    """One model on one set of segments."""

    model: str
    licence: str
    chrf: float  # chrF++
    bleu: float
    segments: int
    sentences: int  # what segmentation made of the segments
    cached: int  # sentences the translation cache held
    tokens: int  # output tokens decoded now (not from the cache)
    seconds: float  # the translation, model loading included
    flags: dict[str, int]  # the guards' flags, by kind, over the sentences
    signature: str  # the model's signature line (repo, revision, quantization, device, decoding)

    @property
    def tokens_per_second(self) -> float | None:
        return round(self.tokens / self.seconds, 1) if self.tokens and self.seconds else None

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "tokens_per_second": self.tokens_per_second}


def segments_document(sources: Sequence[str], lang: str) -> Document:
    """The segments as one document, a paragraph each, in ``lang``, split into sentences as a paragraph
    of a document being translated is."""
    paragraphs = tuple(
        Paragraph(i, text, lang, 1.0, "given", tuple(Sentence(f"p{i}.s{n}", s) for n, s in enumerate(split_sentences(text, lang), start=1)))
        for i, text in enumerate(sources, start=1)
    )
    return Document("eval", "eval", paragraphs, lang)


def _pinned(registry: Registry, lang: str, name: str) -> Registry:
    """The registry with ``lang`` routed to ``name`` alone."""
    only = copy.copy(registry)
    only.routing = {lang: [name]}
    return only


class Evaluator:
    """Scores models on segments through the translation pipeline, each model's engine built once and
    the run's cache used (and closed by ``close``)."""

    def __init__(self, registry: Registry, options: RunOptions, translators: Mapping[str, Translator] | None = None):
        self.metrics = Metrics()
        self.registry = registry.serving(translators or {})
        self.engines = _Engines(self.registry, options, translators or {})
        self.cache = options.open_cache()

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> Evaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self, name: str, lang: str) -> None:
        """``name`` can be scored on ``lang``: a translation model, permitted, covering it, pulled."""
        spec = self.registry.permitted(name)
        if spec.task != "translate":
            raise UsageError(f"model '{name}' is a {spec.task} model, not a translation model")
        if lang not in spec.languages:
            raise UsageError(f"model '{name}' does not cover '{lang}'")
        if not self.registry.is_present(name):
            raise ModelError(f"model '{name}' is not pulled; get it with: parabrief models pull {name}{self.registry.models_option}")

    def score(self, segments: Segments, lang: str, name: str) -> Score:
        self.check(name, lang)
        clock = time.perf_counter()
        (result,) = translate_documents(
            [segments_document(segments.sources, lang)], _pinned(self.registry, lang, name), self.engines, self.cache
        )
        seconds = time.perf_counter() - clock
        assert all(p.status is ParagraphStatus.TRANSLATED for p in result.paragraphs), f"'{name}' left segments untranslated"
        sentences = [s for p in result.paragraphs for s in p.sentences]
        chrf, bleu = self.metrics.score([p.english or "" for p in result.paragraphs], segments.references)
        score = Score(
            model=name,
            licence=self.registry.get(name).licence,
            chrf=chrf,
            bleu=bleu,
            segments=len(segments.sources),
            sentences=len(sentences),
            cached=sum(1 for s in sentences if s.cached),
            tokens=sum(s.tokens for s in sentences if not (s.cached or s.shared)),
            seconds=round(seconds, 3),
            flags=dict(sorted(Counter(f for s in sentences for f in s.flags).items())),
            signature=self.engines(name).signature().line,
        )
        log.info("%s: %s chrF++ %.2f, BLEU %.2f (%d segments, %.1f s)", lang, name, chrf, bleu, score.segments, seconds)
        return score


# ------------------------------------------------------------------------------------------ a file


@dataclass(frozen=True)
class FileEval:
    source: str
    reference: str | None
    lang: str
    segments: int
    routed: str | None  # the model routing picks for the language
    scores: tuple[Score, ...]
    signatures: dict[str, str]  # sacrebleu's, per metric

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "scores": [s.as_json() for s in self.scores]}


def source_language(segments: Segments, lang: str | None) -> str:
    """``lang``, or the language identified over all the segments."""
    if lang:
        if lang == ENGLISH:
            raise UsageError("--lang en: English is not translated; give the source's language")
        return lang
    found, _ = identify(" ".join(segments.sources)[:20000])
    if found in (ENGLISH, "zxx"):
        raise UsageError(f"the source reads as '{found}', not a language to translate; give --lang")
    return found


def evaluate_file(
    source: Path,
    reference: Path | None,
    options: RunOptions,
    lang: str | None = None,
    models: Sequence[str] = (),
    limit: int | None = None,
    translators: Mapping[str, Translator] | None = None,
) -> FileEval:
    """Each of ``models`` (default: the one routing picks) on ``source`` against ``reference``."""
    segments = read_segments(source, reference).first(limit)
    lang = source_language(segments, lang)
    with Evaluator(options.registry(), options, translators) as evaluator:
        route = evaluator.registry.route(lang)
        if not models:
            if route.model is None:
                if not route.candidates:
                    raise UsageError(evaluator.registry.uncovered(lang))
                first = route.candidates[0]
                raise ModelError(
                    f"no pulled model covers '{lang}'; get one with: parabrief models pull {first}{evaluator.registry.models_option}"
                )
            models = [route.model]
        for name in models:
            evaluator.check(name, lang)  # every model is checked before the first translates
        scores = tuple(evaluator.score(segments, lang, name) for name in dict.fromkeys(models))
        signatures = evaluator.metrics.signatures
    return FileEval(str(source), str(reference) if reference else None, lang, len(segments.sources), route.model, scores, signatures)


def file_table(result: FileEval) -> str:
    head = f"{result.source} ({result.lang}, {result.segments} segments)" + (f" against {result.reference}" if result.reference else "")
    width = max(len("model"), *(len(s.model) for s in result.scores))
    lines = [head, f"{'model':<{width}}  {'chrF++':>7}  {'BLEU':>6}  {'seconds':>8}  {'tokens/s':>8}  {'cached':>9}  flags"]
    for s in result.scores:
        rate = f"{s.tokens_per_second:.0f}" if s.tokens_per_second else "-"
        flags = ", ".join(f"{k} {v}" for k, v in s.flags.items()) or "-"
        routed = "  (routed)" if s.model == result.routed else ""
        cached = f"{s.cached}/{s.sentences}"
        lines.append(f"{s.model:<{width}}  {s.chrf:>7.2f}  {s.bleu:>6.2f}  {s.seconds:>8.2f}  {rate:>8}  {cached:>9}  {flags}{routed}")
    lines += [f"{metric}: {signature}" for metric, signature in result.signatures.items()]
    lines += [f"{s.model}: {s.licence} · {s.signature}" for s in result.scores]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ a FLORES folder


@dataclass(frozen=True)
class LanguageEval:
    lang: str
    file: str
    segments: int
    routed: str | None
    scores: tuple[Score, ...]
    best: str | None
    note: str | None  # routing does not pick the best, or why nothing was scored

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "scores": [s.as_json() for s in self.scores]}


@dataclass(frozen=True)
class FolderEval:
    folder: str
    reference: str
    languages: tuple[LanguageEval, ...]
    without_file: tuple[str, ...]  # routed languages the folder has no file for
    signatures: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Every language with a file was scored."""
        return all(entry.scores for entry in self.languages)

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "languages": [entry.as_json() for entry in self.languages], "complete": self.complete}


def routed_languages(registry: Registry) -> list[str]:
    """Every language a model named in the routing covers (before any licence filter), English aside."""
    names = {n for order in registry.all_routing.values() for n in order}
    return sorted({lang for n in names for lang in registry.models[n].languages} - {ENGLISH})


def file_for(lang: str, files: Mapping[str, Path], registry: Registry) -> Path | None:
    """The file of ``lang``: named by a model's own code for it (NLLB's are FLORES-200's), or by ``lang``."""
    codes = [spec.languages[lang] for spec in registry.models.values() if spec.task == "translate" and lang in spec.languages]
    return next((files[c] for c in [*codes, lang] if c in files), None)


def evaluate_folder(
    folder: Path,
    options: RunOptions,
    lang: str | None = None,
    models: Sequence[str] = (),
    limit: int | None = None,
    translators: Mapping[str, Translator] | None = None,
) -> FolderEval:
    """Every routed language with a file in ``folder``: each pulled candidate (or each of ``models`` that
    covers it) scored against the English file, the best named, and a note where routing picks another."""
    files = devtest_files(folder)
    english = next((files[c] for c in ENGLISH_FILES if c in files), None)
    if english is None:
        raise UsageError(f"{folder}: no eng_Latn.devtest (the English references)")
    references = _segment_lines(english)
    entries: list[LanguageEval] = []
    without: list[str] = []
    with Evaluator(options.registry(), options, translators) as evaluator:
        registry = evaluator.registry
        for name in models:
            registry.permitted(name)  # an unknown or refused model is an error before anything runs
        languages = [lang] if lang else routed_languages(registry)
        for code in languages:
            path = file_for(code, files, registry)
            if path is None or path == english:
                without.append(code)
                continue
            sources = _segment_lines(path)
            if len(sources) != len(references):
                raise UsageError(f"{path} has {len(sources)} segments and {english} {len(references)}; FLORES files are line-aligned")
            segments = Segments(tuple(sources), tuple(references)).first(limit)
            entries.append(_language(evaluator, code, path, segments, models))
        signatures = evaluator.metrics.signatures
    return FolderEval(str(folder), str(english), tuple(entries), tuple(without), signatures)


def _language(evaluator: Evaluator, lang: str, path: Path, segments: Segments, models: Sequence[str]) -> LanguageEval:
    registry = evaluator.registry
    route = registry.route(lang)
    wanted = [n for n in models if lang in registry.get(n).languages] if models else list(route.candidates)
    pulled = [n for n in wanted if registry.is_present(n)]
    entry = LanguageEval(lang, str(path), len(segments.sources), route.model, (), None, None)
    if not route.candidates and not models:
        return dataclasses.replace(entry, note=registry.uncovered(lang))
    if not pulled:
        missing = ", ".join(wanted) or "none of the --model names covers it"
        return dataclasses.replace(entry, note=f"no candidate is pulled ({missing})")
    scores = tuple(evaluator.score(segments, lang, name) for name in pulled)
    best = max(scores, key=lambda s: s.chrf)
    note = None
    if route.model and route.model != best.model:
        chosen = next((s for s in scores if s.model == route.model), None)
        gap = f", {best.chrf - chosen.chrf:.2f} chrF++ more than {route.model}" if chosen else ""
        note = f"routing picks {route.model}, but {best.model} scores best{gap}"
    return dataclasses.replace(entry, scores=scores, best=best.model, note=note)


def folder_table(result: FolderEval) -> str:
    lines = [f"{result.folder}: {len(result.languages)} languages against {result.reference}"]
    for entry in result.languages:
        lines.append(f"{entry.lang}  {Path(entry.file).name} ({entry.segments} segments)  routed: {entry.routed or '-'}")
        for s in entry.scores:
            mark = "  best" if s.model == entry.best else ""
            lines.append(f"    {s.model:<28} chrF++ {s.chrf:6.2f}  BLEU {s.bleu:6.2f}{mark}")
        if entry.note:
            lines.append(f"    note: {entry.note}")
    if result.without_file:
        lines.append(f"no file for {len(result.without_file)} routed languages: {', '.join(result.without_file)}")
    lines += [f"{metric}: {signature}" for metric, signature in result.signatures.items()]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ a briefing


def _quartiles(values: Sequence[float]) -> dict[str, float] | None:
    if not values:
        return None
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else [values[0]] * 3
    return {"min": min(values), "q1": round(q1, 4), "median": round(median, 4), "q3": round(q3, 4), "max": max(values)}


def brief_faithfulness(folder: Path) -> dict[str, Any]:
    """A folder written by `parabrief brief` (OUT/<date>, or one `parabrief summarize` wrote briefs/ into):
    the share of key points whose citations pass the check, the distribution of their support (the best
    source citation's, per point), the methods that wrote them, the points that fell back from
    abstractive to extractive, and the translation flags by kind."""
    from pydantic import ValidationError

    from summarize.briefing import BriefingFile, read_brief
    from summarize.briefs import Method, Role

    from .output import read_document

    stories: tuple = ()
    path = folder / "briefing.json"
    try:
        if path.is_file():
            day = BriefingFile.model_validate_json(path.read_bytes())
            briefs, stories = day.documents, day.stories
        elif (folder / "briefs").is_dir():
            briefs = tuple(read_brief((p).read_bytes()) for p in sorted((folder / "briefs").glob("*.json")))
        else:
            raise UsageError(f"{folder}: no briefing.json or briefs/ (give a folder written by parabrief brief)")
    except (ValidationError, ValueError) as error:
        raise UsageError(f"{folder}: not a briefing written by parabrief brief ({type(error).__name__})") from None
    points = [(b.doc, p) for b in briefs for p in b.points]
    support = [max((c.support for c in p.citations if c.role is Role.SOURCE), default=0.0) for _, p in points]
    translations = folder / "translations" if (folder / "translations").is_dir() else folder
    sentence_flags: Counter[str] = Counter()
    translated = 0
    for doc_path in sorted(p for p in translations.glob("*.json") if p.name not in ("report.json", "briefing.json")):
        try:
            doc = read_document(doc_path)
        except (ValidationError, ValueError):
            continue
        for para in doc.paragraphs:
            if para.status is ParagraphStatus.TRANSLATED:
                translated += len(para.sentences)
                sentence_flags.update(f for s in para.sentences for f in s.flags)
    story_points = [p for s in stories for p in ([s.lede] if s.lede else []) + list(s.points)]
    supported = sum(1 for _, p in points if p.supported)
    return {
        "folder": str(folder),
        "documents": len(briefs),
        "points": len(points),
        "supported": supported,
        "supported_share": round(supported / len(points), 4) if points else None,
        "support": _quartiles(support),
        "methods": dict(sorted(Counter(str(p.method) for _, p in points).items())),
        "fallbacks": [
            {"doc": doc, "text": p.text, "citations": [c.label() for c in p.citations]} for doc, p in points if p.method is Method.FALLBACK
        ],
        "point_flags": dict(sorted(Counter(f for _, p in points for f in p.flags).items())),
        "translated_sentences": translated,
        "translation_flags": dict(sorted(sentence_flags.items())),
        "story_points": len(story_points),
        "story_points_supported": sum(1 for p in story_points if p.supported),
    }


def faithfulness_text(report: Mapping[str, Any]) -> str:
    points, supported = report["points"], report["supported"]
    share = f"{100 * report['supported_share']:.1f}%" if points else "-"
    lines = [
        f"{report['folder']}: {report['documents']} documents, {points} key points",
        f"citations pass: {supported} of {points} points ({share})",
    ]
    if report["support"]:
        q = report["support"]
        spread = " · ".join(f"{k} {q[k]:.2f}" for k in ("min", "q1", "median", "q3", "max"))
        lines.append(f"support (best source citation): {spread}")
    lines.append("methods: " + (", ".join(f"{k} {v}" for k, v in report["methods"].items()) or "-"))
    flags = ", ".join(f"{k} {v}" for k, v in report["translation_flags"].items()) or "none"
    lines.append(f"translation flags (of {report['translated_sentences']} translated sentences): {flags}")
    if report["point_flags"]:
        lines.append("points citing flagged sentences: " + ", ".join(f"{k} {v}" for k, v in report["point_flags"].items()))
    if report["story_points"]:
        lines.append(f"story points supported: {report['story_points_supported']} of {report['story_points']}")
    lines.append(f"fell back from abstractive to extractive: {len(report['fallbacks'])}")
    lines += [f"  {f['doc']} [{', '.join(f['citations'])}]: {f['text']}" for f in report["fallbacks"]]
    return "\n".join(lines)
