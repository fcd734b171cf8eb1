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


@dataclass(frozen=True)
class TranslationRun:
    results: list[TranslatedDocument]
    signatures: dict[str, dict]  # model name -> its signature
    inputs: list[InputReport]
    seconds: float

    @property
    def complete(self) -> bool:
        """Nothing skipped or failed, nothing left untranslated."""
        return all(r.status in ("done", "cached") and not r.reason for r in self.inputs)


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


def translate_run(
    inputs: list[Path],
    out: Path,
    registry: Registry,
    options: EngineOptions,
    cache: TranslationCache | None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    ray_address: str | None = None,
    use_ray: bool = False,
) -> TranslationRun:
    """Read, translate and write every document under ``out``; report every input. With ``use_ray``,
    the models run on a Ray cluster (``ray_address``; none: a local one)."""
    started = time.perf_counter()
    documents: list[Document] = []
    read_seconds: list[float] = []
    slots: list[InputReport | None] = []  # in input order; None: the next document's report, made below
    clock = time.perf_counter()
    for item in read_documents(discover(inputs)):
        if isinstance(item, InputError):
            log.warning("%s %s", item.status, item)
            slots.append(InputReport(item.path, None, item.status, item.reason, round(time.perf_counter() - clock, 3)))
        else:
            documents.append(prepare(item))
            read_seconds.append(time.perf_counter() - clock)
            slots.append(None)
        clock = time.perf_counter()

    engines: dict[str, CTranslate2Translator] = {}

    def engine_for(name: str) -> CTranslate2Translator:
        if use_ray:
            from .distributed import RayTranslator

            engines[name] = RayTranslator(registry, name, options, ray_address)
        else:
            engines[name] = CTranslate2Translator.load(registry, name, options)
        return engines[name]

    clock = time.perf_counter()
    results = translate_documents(documents, registry, engine_for, cache, progress, on_total)
    translate_seconds = time.perf_counter() - clock
    signatures = {name: engine.signature() for name, engine in engines.items()}
    fresh = [sum(1 for p in r.paragraphs if p.model for s in p.sentences if not s.cached) for r in results]
    done = []
    for result, read_time, new in zip(results, read_seconds, fresh):
        clock = time.perf_counter()
        write_document(out, result, signatures)
        share = translate_seconds * new / sum(fresh) if sum(fresh) else 0.0
        sent = [s for p in result.paragraphs if p.model for s in p.sentences]
        cached = sum(1 for s in sent if s.cached)
        reason = _untranslated(result, registry)
        if reason:
            log.warning("%s: %s", result.document.path, reason)
        status = "cached" if sent and cached == len(sent) else "done"
        seconds = round(read_time + share + time.perf_counter() - clock, 3)
        done.append(InputReport(result.document.path, result.document.id, status, reason, seconds, len(sent), cached))
    reports = iter(done)
    return TranslationRun(results, signatures, [slot or next(reports) for slot in slots], time.perf_counter() - started)


def summary(run: TranslationRun, out: Path) -> str:
    """The one line that ends a run."""
    counts = {s: sum(1 for r in run.inputs if r.status == s) for s in ("done", "cached", "skipped", "failed")}
    sentences = sum(r.sentences for r in run.inputs)
    cached = sum(r.from_cache for r in run.inputs)
    tokens = sum(s.tokens for r in run.results for p in r.paragraphs for s in p.sentences if not s.cached)
    rate = tokens / run.seconds if run.seconds else 0.0
    states = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    return (f"{len(run.results)} documents written to {out} ({states or 'no inputs'}); {sentences} sentences translated "
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
