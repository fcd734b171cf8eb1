"""The translation commands: `inspect`, `translate` and `models list|pull|verify`.

Thin: parse options, call the library, print. Domain errors become one line on stderr and an exit code
here and nowhere else.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cache import TranslationCache
from .documents import Document, TranslatedDocument
from .engine import EngineOptions, resolve_device, token_counter
from .errors import EXIT_INCOMPLETE, EXIT_OK, InputError, ParabriefError
from .fetch import pull, read_manifest
from .models import Registry
from .pipeline import plan, prepare
from .readers import discover, read_documents
from .run import TranslationRun, default_cache, output_lock, summary, translate_run, write_report

log = logging.getLogger("parabrief")

ModelsOption = Annotated[Optional[Path], typer.Option("--models", help="Your own models file, added to the built-in one.", exists=False)]
DeviceOption = Annotated[str, typer.Option("--device", help="auto, cpu or cuda.")]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Folder for <doc-id>.json and <doc-id>.md.")]
ComputeOption = Annotated[Optional[str], typer.Option("--compute-type", help="Override the quantization chosen for the device.")]
BeamOption = Annotated[Optional[int], typer.Option("--beam-size", min=1, help="Override the model's beam size.")]
InterOption = Annotated[int, typer.Option("--inter-threads", min=0, help="Batches decoded in parallel (0: up to 4 on a CPU, 1 on a GPU).")]
IntraOption = Annotated[int, typer.Option("--intra-threads", min=0, help="Threads per batch (0: the cores shared among the parallel batches).")]
BatchOption = Annotated[int, typer.Option(
    "--batch-tokens", min=0, help="Source tokens per batch; 0: 1,024 greedy, 768 with beam search (memory grows with it, the beam size and --inter-threads).")]
FullVocabularyOption = Annotated[bool, typer.Option(
    "--full-vocabulary", help="Decode over every target piece, not only those English text uses (slower on a CPU; see README, Speed).")]
InputsArgument = Annotated[list[Path], typer.Argument(help="Files (txt, md, html, jsonl) and folders.", readable=False)]
CacheOption = Annotated[Optional[Path], typer.Option("--cache", help="Translation cache (SQLite); default: under PARABRIEF_HOME.")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Translate everything again; keep nothing.")]
EngineOption = Annotated[str, typer.Option("--engine", help="local, or ray (a Ray cluster: pip install 'parabrief[ray]').")]
AddressOption = Annotated[Optional[str], typer.Option("--address", help="Ray cluster: auto, ray://host:10001; none: start a local one.")]


def err(message: str) -> None:
    typer.echo(f"parabrief: {message}", err=True)


def handles_errors(command):
    """Turn a domain error into its one line and exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ParabriefError as error:
            err(f"error: {error}")
            raise typer.Exit(error.exit_code) from None

    return wrapper


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a message comes, not the one it was made with (a caller,
    a test runner, may swap it between runs in one process)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def setup_logging(quiet: bool = False) -> None:
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("parabrief: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


def _read(inputs: list[Path]) -> tuple[list[Document], list[InputError]]:
    documents, failures = [], []
    for item in read_documents(discover(inputs)):
        if isinstance(item, InputError):
            log.warning("%s %s", item.status, item)
            failures.append(item)
        else:
            documents.append(prepare(item))
    return documents, failures


# ---------------------------------------------------------------------------------------- models

models_app = typer.Typer(help="List, pull and verify the pinned models.", no_args_is_help=True)


@models_app.command("list")
@handles_errors
def models_list(models: ModelsOption = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every model: task, hub repository and revision, licence, languages, and whether it is pulled."""
    registry = Registry(models)
    rows = []
    for name, spec in registry.models.items():
        rows.append({
            "name": name,
            "task": spec.task,
            "family": spec.family,
            "source": spec.source.repo or str(spec.source.path),
            "revision": spec.source.revision,
            "verified": spec.source.verified,
            "licence": spec.licence,
            "languages": sorted(spec.languages),
            "present": registry.is_present(name),
            "routed_for": sorted(lang for lang, names in registry.routing.items() if name in names),
        })
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        langs = row["languages"]
        shown = ", ".join(langs) if len(langs) <= 8 else f"{len(langs)} languages"
        typer.echo(
            f"{row['name']}  [{'pulled' if row['present'] else 'not pulled'}]\n"
            f"    {row['task']} · {row['family']} · licence: {row['licence']}\n"
            f"    {row['source']}" + (f" @ {row['revision']}" if row["revision"] else "") + "\n"
            f"    languages: {shown}" + (f" · routed for: {', '.join(row['routed_for'])}" if row["routed_for"] else "")
        )
        if not row["verified"]:
            err(f"warning: the revision of {row['name']} was found in public sources but not verified against the hub")


@models_app.command("pull")
@handles_errors
def models_pull(
    names: Annotated[Optional[list[str]], typer.Argument(help="Models to pull; none: every model the routing prefers first, and the first summarizer.")] = None,
    models: ModelsOption = None,
    device: DeviceOption = "auto",
) -> None:
    """Download models at their pinned revision, convert them to CTranslate2 and store them with a manifest."""
    from huggingface_hub.utils import logging as hub_logging

    setup_logging()
    hub_logging.set_verbosity_error()  # it logs every retry of an unreachable hub; our one line says it all
    registry = Registry(models)
    wanted = names or list(dict.fromkeys([order[0] for order in registry.routing.values() if order] + registry.summarizers[:1]))
    resolved = resolve_device(device)
    failed = 0
    for name in wanted:
        spec = registry.get(name)
        typer.echo(f"{name}: licence {spec.licence} · {spec.source.where}", err=True)
        try:
            folder = pull(spec, registry, resolved)
        except ParabriefError as error:
            err(f"error: {error}")
            failed = error.exit_code
            continue
        typer.echo(f"{name}: pulled into {folder}", err=True)
    raise typer.Exit(failed)


@models_app.command("verify")
@handles_errors
def models_verify(names: Annotated[Optional[list[str]], typer.Argument()] = None, models: ModelsOption = None) -> None:
    """Check every file of pulled models against the sha256 in their manifest."""
    registry = Registry(models)
    for name in names or [n for n in registry.models if registry.is_present(n)]:
        read_manifest(registry, name, full=True)
        typer.echo(f"{name}: ok")


# ---------------------------------------------------------------------------------------- inspect

def inspect(
    inputs: InputsArgument,
    models: ModelsOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """What parabrief sees before any model runs: languages, paragraphs, sentences, tokens, routing."""
    setup_logging()
    registry = Registry(models)
    documents, failures = _read(inputs)
    counters = {}
    report = []
    for document in documents:
        paragraphs = []
        for paragraph in document.paragraphs:
            step = plan(paragraph, registry)
            counted = step.model or (step.candidates[0] if step.candidates else None)
            if counted and counted not in counters:
                counters[counted] = token_counter(registry.get(counted), registry.path(counted)) if registry.is_present(counted) else None
            counter = counters.get(counted)
            tokens = counter([s.text for s in paragraph.sentences]) if counter else None
            paragraphs.append({
                "index": paragraph.index,
                "lang": paragraph.lang,
                "lang_score": paragraph.lang_score,
                "lang_from": paragraph.lang_from,
                "route": step.status,
                "model": step.model or (step.candidates[0] if step.candidates else None),
                "sentences": [
                    {"id": s.id, "text": s.text, "tokens": tokens[i] if tokens else None}
                    for i, s in enumerate(paragraph.sentences)
                ],
            })
        report.append({"id": document.id, "source": document.path, "encoding": document.encoding, "lang": document.lang, "paragraphs": paragraphs})
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for doc in report:
            typer.echo(f"{doc['source']}  id={doc['id']}  lang={doc['lang']}  encoding={doc['encoding']}  paragraphs={len(doc['paragraphs'])}")
            for p in doc["paragraphs"]:
                tokens = [s["tokens"] for s in p["sentences"]]
                token_text = f"{sum(tokens)} tokens" if None not in tokens else "tokens: model not pulled"
                where = {"translate": f"-> {p['model']}", "model-missing": f"-> {p['model']} (not pulled)"}.get(p["route"], p["route"])
                typer.echo(f"  ¶{p['index']:<3} {p['lang']:<4} {p['lang_score']:.2f} ({p['lang_from']:<9}) {len(p['sentences']):>3} sentences, {token_text}  {where}")
    raise typer.Exit(EXIT_INCOMPLETE if failures else EXIT_OK)


# ---------------------------------------------------------------------------------------- translate





def open_cache(path: Path | None, disabled: bool) -> TranslationCache | None:
    return None if disabled else TranslationCache(path or default_cache())


def run_translation(
    inputs: list[Path], out: Path, registry: Registry, options: EngineOptions, cache: TranslationCache | None,
    engine: str = "local", address: str | None = None, on_document: Callable[[TranslatedDocument], None] | None = None,
) -> TranslationRun:
    """A translation run with a progress bar on stderr and its one-line summary. The bar's total grows as
    the run reads ahead (documents stream through in windows of a few thousand sentences)."""
    from tqdm import tqdm

    if engine not in ("local", "ray"):
        raise typer.BadParameter(f"unknown engine '{engine}' (local or ray)", param_hint="--engine")
    with tqdm(unit="sent", desc="translating", file=sys.stderr, disable=None, dynamic_ncols=True) as bar:

        def more(n: int) -> None:
            bar.total = (bar.total or 0) + n
            bar.refresh()

        run = translate_run(inputs, out, registry, options, cache, bar.update, more, on_document,
                            ray_address=address, use_ray=engine == "ray")
    log.info(summary(run, out))
    return run


def translate(
    inputs: InputsArgument,
    out: OutOption,
    models: ModelsOption = None,
    device: DeviceOption = "auto",
    compute_type: ComputeOption = None,
    beam_size: BeamOption = None,
    inter_threads: InterOption = 0,
    intra_threads: IntraOption = 0,
    batch_tokens: BatchOption = 0,
    full_vocabulary: FullVocabularyOption = False,
    cache: CacheOption = None,
    no_cache: NoCacheOption = False,
    engine: EngineOption = "local",
    address: AddressOption = None,
) -> None:
    """Translate documents into English, paragraph by paragraph; English documents pass through.
    Writes OUT/<doc-id>.json, OUT/<doc-id>.md and OUT/report.json."""
    setup_logging()
    options = EngineOptions(device, compute_type, beam_size, inter_threads, intra_threads, batch_tokens, full_vocabulary)
    registry = Registry(models)
    with output_lock(out):
        run = run_translation(inputs, out, registry, options, open_cache(cache, no_cache), engine, address)
        write_report(out / "report.json", run)
    raise typer.Exit(EXIT_OK if run.complete else EXIT_INCOMPLETE)


def register(app: typer.Typer) -> None:
    """Mount the translation commands on the root `parabrief` app."""
    app.command("inspect")(handles_errors(inspect))
    app.command("translate")(handles_errors(translate))
    app.add_typer(models_app, name="models")
