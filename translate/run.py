"""A translation run over an output folder: one run at a time, the cache used, every document written
atomically, and a report of every input (done, cached, skipped or failed, why, and how long it took).

Messages for the user go to the "parabrief" logger, one line each; the CLI decides where they appear.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from . import __version__
from .cache import TranslationCache
from .documents import Document, TranslatedDocument
from .engine import CTranslate2Translator, EngineOptions
from .errors import EXIT_BUSY, InputError, ParabriefError
from .models import Registry
from .output import write_atomic, write_document
from .pipeline import prepare, translate_documents
from .readers import discover, read_documents

log = logging.getLogger("parabrief")
LOCK = ".parabrief.lock"


class OutputBusy(ParabriefError):
    exit_code = EXIT_BUSY


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder`` for this run: a second run on it says so and stops. Temporary files a killed run
    left behind are swept once the lock is held (they never were outputs: writes are renamed into place)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise OutputBusy(f"{folder}: another parabrief run (pid {holder}) is writing here; wait for it to end or use another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        for stale in folder.rglob(".*.tmp"):
            stale.unlink(missing_ok=True)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@dataclass(frozen=True)
class InputReport:
    input: str
    document: str | None
    status: str  # "done", "cached", "skipped" or "failed"
    reason: str
    seconds: float
    sentences: int = 0  # sentences sent to a model
    from_cache: int = 0  # of which the cache held the translation
    tokens: int = 0  # output tokens the model produced for the others


@dataclass(frozen=True)
class TranslationRun:
    signatures: dict[str, dict]  # model name -> its signature
    inputs: list[InputReport]
    seconds: float

    @property
    def complete(self) -> bool:
        """Nothing skipped or failed, nothing left untranslated."""
        return all(r.status in ("done", "cached") and not r.reason for r in self.inputs)


WINDOW = 2048  # sentences read ahead and translated together: batches as full as a whole corpus's, memory flat
RAY_WINDOW = 32768  # a Ray run starts its actors (and loads the model in each) once per window


def default_cache() -> Path:
    from .models import models_home

    return models_home().parent / "cache" / "translations.sqlite"


def _untranslated(result: TranslatedDocument, registry: Registry) -> str:
    reasons = []
    for (status, lang), count in result.untranslated.items():
        if status == "unsupported":
            reasons.append(f"{count} paragraph(s) in '{lang}' left untranslated: no model covers this language")
        else:
            name = registry.route(lang).candidates[0]
            reasons.append(f"{count} paragraph(s) in '{lang}' left untranslated: model '{name}' is not pulled; "
                           f"get it with: parabrief models pull {name}{registry.models_option}")
    return "; ".join(reasons)


def _windows(inputs: list[Path], size: int) -> Iterator[list[tuple[Document | InputError, float]]]:
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


def _write(out: Path, result: TranslatedDocument, registry: Registry, signatures: dict[str, dict], seconds: float) -> InputReport:
    """Write one translated document and report it; ``seconds``: its reading and its share of the translation."""
    clock = time.perf_counter()
    write_document(out, result, signatures)
    sent = [s for p in result.paragraphs if p.model for s in p.sentences]
    reason = _untranslated(result, registry)
    if reason:
        log.warning("%s: %s", result.document.path, reason)
    status = "cached" if sent and all(s.cached for s in sent) else "done"
    return InputReport(result.document.path, result.document.id, status, reason, round(seconds + time.perf_counter() - clock, 3),
                       len(sent), sum(1 for s in sent if s.cached), sum(s.tokens for s in sent if not s.cached))


def translate_run(
    inputs: list[Path],
    out: Path,
    registry: Registry,
    options: EngineOptions,
    cache: TranslationCache | None,
    progress: Callable[[int], None] | None = None,
    on_more: Callable[[int], None] | None = None,
    on_document: Callable[[TranslatedDocument], None] | None = None,
    ray_address: str | None = None,
    use_ray: bool = False,
    window: int | None = None,
) -> TranslationRun:
    """Read, translate and write every document under ``out``; report every input. Documents stream
    through in windows of ``window`` sentences, so memory does not grow with the size of the run; each
    one, once written, goes to ``on_document`` (the briefing keeps them) and is let go. ``progress`` is
    called with sentences done, ``on_more`` with the sentences of each window as it is read. With
    ``use_ray``, the models run on a Ray cluster (``ray_address``; none: a local one)."""
    started = time.perf_counter()
    engines: dict[str, CTranslate2Translator] = {}

    def engine_for(name: str) -> CTranslate2Translator:
        if name not in engines:
            if use_ray:
                from .distributed import RayTranslator

                engines[name] = RayTranslator(registry, name, options, ray_address)
            else:
                engines[name] = CTranslate2Translator.load(registry, name, options)
        return engines[name]

    reports: list[InputReport] = []
    for items in _windows(inputs, window or (RAY_WINDOW if use_ray else WINDOW)):
        clock = time.perf_counter()
        results = translate_documents([d for d, _ in items if isinstance(d, Document)], registry, engine_for, cache, progress, on_more)
        translate_seconds = time.perf_counter() - clock
        signatures = {name: engine.signature() for name, engine in engines.items()}
        fresh = [sum(1 for p in r.paragraphs if p.model for s in p.sentences if not s.cached) for r in results]
        shares = iter([translate_seconds * n / sum(fresh) if sum(fresh) else 0.0 for n in fresh])
        done = iter(results)
        for item, read_time in items:
            if isinstance(item, InputError):
                reports.append(InputReport(item.path, None, item.status, item.reason, round(read_time, 3)))
                continue
            result = next(done)
            reports.append(_write(out, result, registry, signatures, read_time + next(shares)))
            if on_document:
                on_document(result)
    return TranslationRun({name: engine.signature() for name, engine in engines.items()}, reports, time.perf_counter() - started)


def summary(run: TranslationRun, out: Path) -> str:
    """The one line that ends a run."""
    counts = {s: sum(1 for r in run.inputs if r.status == s) for s in ("done", "cached", "skipped", "failed")}
    sentences = sum(r.sentences for r in run.inputs)
    cached = sum(r.from_cache for r in run.inputs)
    tokens = sum(r.tokens for r in run.inputs)
    rate = tokens / run.seconds if run.seconds else 0.0
    written = counts["done"] + counts["cached"]
    states = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    return (f"{written} documents written to {out} ({states or 'no inputs'}); {sentences} sentences translated "
            f"({cached} from the cache), {tokens} new tokens in {run.seconds:.1f} s ({rate:.0f} tokens/s)")


def write_report(path: Path, run: TranslationRun, extra: dict | None = None) -> None:
    """report.json: every input with its status, reason and time; the only output that holds timings."""
    report = {
        "tool": f"parabrief {__version__}",
        "seconds": round(run.seconds, 3),
        "inputs": [asdict(r) for r in run.inputs],
        "models": {name: {k: sig[k] for k in ("repo", "revision", "quantization", "compute_type", "device")} for name, sig in run.signatures.items()},
        **(extra or {}),
    }
    write_atomic(path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
