"""A translation run over an output folder: one run at a time, the cache used, every document written
atomically, and a report of every input (done, cached, skipped or failed, why, and how long it took).

``translate_files`` is what `parabrief translate` does. Messages for the user go to the "parabrief"
logger, one line each (the library never configures it); progress goes to an ``Events``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import signal
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from filelock import FileLock, Timeout

from . import __version__
from .cache import TranslationCache
from .documents import Document, ParagraphStatus, TranslatedDocument
from .engine import CTranslate2Translator, EngineOptions, Translator
from .errors import InputError, InputStatus, OutputBusy, Stopped, UsageError
from .models import Registry, models_home
from .output import write_atomic, write_document
from .pipeline import Events, StopRequested, prepare, translate_documents
from .readers import Input, discover, read_documents
from .signature import ModelSignature

log = logging.getLogger("parabrief")
LOCK = ".parabrief.lock"
WINDOW = 2048  # sentences read ahead and translated together: batches as full as a whole corpus's, memory flat
RAY_WINDOW = 32768  # a Ray run starts its actors (and loads the model in each) once per window


class Backend(StrEnum):
    LOCAL = "local"  # CTranslate2 in this process
    RAY = "ray"  # a Ray cluster (pip install 'parabrief[ray]')


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """How a run finds its models, caches its translations and runs its engines."""

    engine: EngineOptions = EngineOptions()
    models_file: Path | None = None  # your own models file, added to the built-in one
    cache: Path | None = None  # the translation cache; None: $PARABRIEF_HOME/cache/translations.sqlite
    use_cache: bool = True
    backend: Backend = Backend.LOCAL
    address: str | None = None  # Ray cluster address; None: start a local one
    window: int | None = None  # sentences read and translated together; None: parabrief's choice
    commercial_only: bool = False  # use only models whose licence allows commercial use (also: commercial_only in the models file)
    skip_boilerplate: bool = False  # leave lines no reader sees untranslated (``boilerplate``); `brief` does by default

    def registry(self) -> Registry:
        return Registry(self.models_file, commercial_only=self.commercial_only)

    def open_cache(self) -> TranslationCache | None:
        if not self.use_cache:
            return None
        return TranslationCache(self.cache or models_home().parent / "cache" / "translations.sqlite")


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder`` for this run: a second run on it says so and stops. Temporary files a killed run
    left behind are swept once the lock is held (they never were outputs: writes are renamed into place)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        holder = path.read_text(errors="replace").strip() or "?"
        raise OutputBusy(
            f"{folder}: another parabrief run (pid {holder}) is writing here; wait for it to end or use another --out"
        ) from None
    try:
        path.write_text(str(os.getpid()))  # the lock is held on the file, whatever it holds: say who holds it
        for stale in folder.rglob(".*.tmp"):
            stale.unlink(missing_ok=True)
        yield
    finally:
        lock.release()


@dataclass(frozen=True)
class InputReport:
    input: str
    document: str | None
    status: InputStatus
    reason: str
    seconds: float
    sentences: int = 0  # sentences sent to a model
    from_cache: int = 0  # of which the cache held the translation
    repeated: int = 0  # of which an identical sentence decoded elsewhere in this run gave the English
    skipped: int = 0  # sentences of lines no reader sees, not sent to a model (``RunOptions.skip_boilerplate``)
    tokens: int = 0  # output tokens the model produced for the others


@dataclass(frozen=True)
class TranslationRun:
    signatures: dict[str, ModelSignature]  # model name -> its signature
    inputs: list[InputReport]
    seconds: float

    @property
    def complete(self) -> bool:
        """Nothing skipped or failed, nothing left untranslated."""
        return all(r.status in (InputStatus.DONE, InputStatus.CACHED) and not r.reason for r in self.inputs)


def _untranslated(result: TranslatedDocument, registry: Registry) -> str:
    reasons = []
    for (status, lang), count in result.untranslated.items():
        if status is ParagraphStatus.UNSUPPORTED:
            whose = " whose licence allows commercial use" if registry.licence_excludes(lang) else ""
            reasons.append(f"{count} paragraph(s) in '{lang}' left untranslated: no model{whose} covers this language")
        else:
            name = registry.route(lang).candidates[0]
            reasons.append(
                f"{count} paragraph(s) in '{lang}' left untranslated: model '{name}' is not pulled; "
                f"get it with: parabrief models pull {name}{registry.models_option}"
            )
    return "; ".join(reasons)


def _windows(inputs: Sequence[Input], size: int) -> Iterator[list[tuple[Document | InputError, float]]]:
    """Every input in order, read, prepared and timed, in windows of about ``size`` sentences; a bad input
    keeps its place in its window so that reports stay in input order."""
    window: list[tuple[Document | InputError, float]] = []
    sentences = 0
    clock = time.perf_counter()
    for item in read_documents(discover(inputs)):
        if isinstance(item, InputError):
            log.warning("%s %s", item.status, item)
        else:
            item = prepare(item)
            sentences += sum(len(p.sentences) for p in item.paragraphs)
        window.append((item, time.perf_counter() - clock))
        if sentences >= size:
            yield window
            window, sentences = [], 0
        clock = time.perf_counter()
    if window:
        yield window


def _write(out: Path, result: TranslatedDocument, registry: Registry, signatures: dict[str, ModelSignature], seconds: float) -> InputReport:
    """Write one translated document and report it; ``seconds``: its reading and its share of the translation."""
    clock = time.perf_counter()
    write_document(out, result, signatures)
    sent = [s for p in result.paragraphs if p.model for s in p.sentences]
    reason = _untranslated(result, registry)
    if reason:
        log.warning("%s: %s", result.document.path, reason)
    status = InputStatus.CACHED if sent and all(s.cached for s in sent) else InputStatus.DONE
    return InputReport(
        result.document.path,
        result.document.id,
        status,
        reason,
        round(seconds + time.perf_counter() - clock, 3),
        len(sent),
        sum(1 for s in sent if s.cached),
        sum(1 for s in sent if s.shared),
        sum(len(p.sentences) for p in result.paragraphs if p.status is ParagraphStatus.SKIPPED),
        sum(s.tokens for s in sent if not (s.cached or s.shared)),
    )


class _Engines:
    """Each model's engine, built the first time a window needs it and kept for the run."""

    def __init__(self, registry: Registry, options: RunOptions, given: Mapping[str, Translator]):
        if options.backend not in tuple(Backend):
            raise UsageError(f"unknown engine '{options.backend}' (local or ray)")
        self.registry, self.options = registry, options
        self.built: dict[str, Translator] = dict(given)

    def __call__(self, name: str) -> Translator:
        if name not in self.built:
            if self.options.backend == Backend.RAY:
                from .distributed import RayTranslator

                self.built[name] = RayTranslator(self.registry, name, self.options.engine, self.options.address)
            else:
                self.built[name] = CTranslate2Translator.load(self.registry, name, self.options.engine)
        return self.built[name]

    def signatures(self) -> dict[str, ModelSignature]:
        return {name: engine.signature() for name, engine in self.built.items()}


def translate_run(
    inputs: Sequence[Input],
    out: Path,
    registry: Registry,
    options: RunOptions,
    events: Events | None = None,
    translators: Mapping[str, Translator] | None = None,
) -> TranslationRun:
    """Read, translate and write every document under ``out``; report every input. Documents stream
    through in windows of a few thousand sentences, so memory does not grow with the size of the run;
    each one, once written, goes to ``events.written`` and is let go. Holds no lock and writes no report
    (``translate_files`` does both). ``translators`` serve the models they are named for instead of
    the pulled models (a stand-in behind the ``Translator`` protocol)."""
    events = events or Events()
    started = time.perf_counter()
    registry = registry.serving(translators or {})
    engines = _Engines(registry, options, translators or {})
    cache = options.open_cache()
    window = options.window or (RAY_WINDOW if options.backend == Backend.RAY else WINDOW)
    reports: list[InputReport] = []
    try:
        for items in _windows(inputs, window):
            stop = events.stop_requested()
            if stop is not None:
                raise StopRequested(stop)
            clock = time.perf_counter()
            documents = [d for d, _ in items if isinstance(d, Document)]
            results = translate_documents(documents, registry, engines, cache, events, options.skip_boilerplate)
            translate_seconds = time.perf_counter() - clock
            signatures = engines.signatures()
            fresh = [sum(1 for p in r.paragraphs if p.model for s in p.sentences if not (s.cached or s.shared)) for r in results]
            shares = iter([translate_seconds * n / sum(fresh) if sum(fresh) else 0.0 for n in fresh])
            done = iter(results)
            for item, read_time in items:
                if isinstance(item, InputError):
                    reports.append(InputReport(item.path, None, item.status, item.reason, round(read_time, 3)))
                    continue
                result = next(done)
                reports.append(_write(out, result, registry, signatures, read_time + next(shares)))
                events.written(result)
    except StopRequested as stop:
        name = signal.Signals(stop.signal_number).name
        written = sum(1 for r in reports if r.document)
        kept = "translated so far is cached" if cache is not None else "translated so far is lost (--no-cache)"
        raise Stopped(
            f"stopped by {name}: {written} documents written to {out}, what the rest had {kept}; run the same command again to finish",
            stop.signal_number,
        ) from None
    finally:
        if cache is not None:
            cache.close()
    return TranslationRun(engines.signatures(), reports, time.perf_counter() - started)


def translate_files(
    inputs: Sequence[Input],
    out: Path,
    options: RunOptions = RunOptions(),
    events: Events | None = None,
    translators: Mapping[str, Translator] | None = None,
) -> TranslationRun:
    """Translate files and folders of documents into ``out``: ``<doc-id>.json`` and ``<doc-id>.md`` per
    document and ``report.json``, holding ``out`` against other runs meanwhile."""
    registry = options.registry()
    with output_lock(out):
        run = translate_run(inputs, out, registry, options, events, translators)
        write_report(out / "report.json", run)
    return run


def summary(run: TranslationRun, out: Path) -> str:
    """The one line that ends a run."""
    counts = {s: sum(1 for r in run.inputs if r.status == s) for s in InputStatus}
    sentences = sum(r.sentences for r in run.inputs)
    cached = sum(r.from_cache for r in run.inputs)
    repeated = sum(r.repeated for r in run.inputs)
    skipped = sum(r.skipped for r in run.inputs)
    left = f", {skipped} in lines no reader sees left untranslated" if skipped else ""
    tokens = sum(r.tokens for r in run.inputs)
    rate = tokens / run.seconds if run.seconds else 0.0
    written = counts[InputStatus.DONE] + counts[InputStatus.CACHED]
    states = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    return (
        f"{written} documents written to {out} ({states or 'no inputs'}); {sentences} sentences translated "
        f"({cached} from the cache, {repeated} repeats decoded once{left}), "
        f"{tokens} new tokens in {run.seconds:.1f} s ({rate:.0f} tokens/s)"
    )


def write_report(path: Path, run: TranslationRun, extra: dict | None = None) -> None:
    """report.json: every input with its status, reason and time; the only output that holds timings."""
    report = {
        "tool": f"parabrief {__version__}",
        "seconds": round(run.seconds, 3),
        "inputs": [dataclasses.asdict(r) for r in run.inputs],
        "models": {
            name: {k: getattr(sig, k) for k in ("repo", "revision", "quantization", "compute_type", "device")}
            for name, sig in run.signatures.items()
        },
        **(extra or {}),
    }
    write_atomic(path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
