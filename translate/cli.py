"""The translation commands: `inspect`, `translate` and `models list|pull|verify`.

Thin: parse options, call the library, print. Domain errors become one line on stderr and an exit code
here and nowhere else.
"""

import dataclasses
import json
import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli_options import (
    DeviceOption,
    InputsArgument,
    JsonOption,
    ModelsOption,
    ProgressBar,
    QuietOption,
    err,
    handles_errors,
    setup_logging,
    with_run_options,
)
from .engine import resolve_device, token_counter
from .errors import EXIT_INCOMPLETE, EXIT_OK, InputError, ParabriefError, UsageError
from .fetch import pull, read_manifest
from .models import Registry
from .pipeline import plan, prepare
from .readers import discover, read_documents
from .run import RunOptions, summary, translate_files

log = logging.getLogger("parabrief")


# ---------------------------------------------------------------------------------------- models

models_app = typer.Typer(help="List, pull and verify the pinned models.", no_args_is_help=True, rich_markup_mode=None)


@models_app.command("list")
@handles_errors
def models_list(models: ModelsOption = None, as_json: JsonOption = False) -> None:
    """Every model: task, hub repository and revision, licence, languages, and whether it is pulled."""
    registry = Registry(models)
    rows: list[dict[str, Any]] = []
    for name, spec in registry.models.items():
        rows.append(
            {
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
            }
        )
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
    names: Annotated[
        list[str] | None, typer.Argument(help="Models to pull; none: every model the routing prefers first, and the first summarizer.")
    ] = None,
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
def models_verify(names: Annotated[list[str] | None, typer.Argument()] = None, models: ModelsOption = None) -> None:
    """Check every file of pulled models against the sha256 in their manifest."""
    registry = Registry(models)
    for name in names or [n for n in registry.models if registry.is_present(n)]:
        read_manifest(registry, name, full=True)
        typer.echo(f"{name}: ok")


# ---------------------------------------------------------------------------------------- inspect


def inspect(inputs: InputsArgument, models: ModelsOption = None, as_json: JsonOption = False) -> None:
    """What parabrief sees before any model runs: languages, paragraphs, sentences, tokens, routing."""
    setup_logging()
    registry = Registry(models)
    failed = False
    counters: dict = {}
    report: list[dict[str, Any]] = []
    for item in read_documents(discover(inputs)):
        if isinstance(item, InputError):
            log.warning("%s %s", item.status, item)
            failed = True
            continue
        document = prepare(item)
        paragraphs = []
        for paragraph in document.paragraphs:
            step = plan(paragraph, registry)
            counted = step.model or (step.candidates[0] if step.candidates else None)
            if counted and counted not in counters:
                counters[counted] = token_counter(registry.get(counted), registry.path(counted)) if registry.is_present(counted) else None
            counter = counters.get(counted)
            tokens = counter([s.text for s in paragraph.sentences]) if counter else None
            paragraphs.append(
                {
                    "index": paragraph.index,
                    "lang": paragraph.lang,
                    "lang_score": paragraph.lang_score,
                    "lang_from": paragraph.lang_from,
                    "route": "translate" if step.model else str(step.status),
                    "model": counted,
                    "sentences": [
                        {"id": s.id, "text": s.text, "tokens": tokens[i] if tokens else None} for i, s in enumerate(paragraph.sentences)
                    ],
                }
            )
        report.append(
            {"id": document.id, "source": document.path, "encoding": document.encoding, "lang": document.lang, "paragraphs": paragraphs}
        )
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for doc in report:
            typer.echo(
                f"{doc['source']}  id={doc['id']}  lang={doc['lang']}  encoding={doc['encoding']}  paragraphs={len(doc['paragraphs'])}"
            )
            for p in doc["paragraphs"]:
                counts = [s["tokens"] for s in p["sentences"]]
                token_text = f"{sum(counts)} tokens" if None not in counts else "tokens: model not pulled"
                where = {"translate": f"-> {p['model']}", "model-missing": f"-> {p['model']} (not pulled)"}.get(p["route"], p["route"])
                typer.echo(
                    f"  ¶{p['index']:<3} {p['lang']:<4} {p['lang_score']:.2f} ({p['lang_from']:<9}) "
                    f"{len(p['sentences']):>3} sentences, {token_text}  {where}"
                )
    raise typer.Exit(EXIT_INCOMPLETE if failed else EXIT_OK)


# ---------------------------------------------------------------------------------------- translate


@with_run_options
def translate(
    inputs: InputsArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for <doc-id>.json and <doc-id>.md.")],
    run: RunOptions,
    skip_boilerplate: Annotated[
        bool,
        typer.Option(
            "--skip-boilerplate", help="Leave lines no reader sees untranslated (bylines, share lines, photo credits), as `brief` does."
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Translate documents into English, paragraph by paragraph; English documents pass through.
    Writes OUT/<doc-id>.json, OUT/<doc-id>.md and OUT/report.json."""
    setup_logging(quiet)
    with ProgressBar(quiet) as bar:
        result = translate_files(inputs, out, dataclasses.replace(run, skip_boilerplate=skip_boilerplate), bar)
    err(summary(result, out))
    raise typer.Exit(EXIT_OK if result.complete else EXIT_INCOMPLETE)


# ---------------------------------------------------------------------------------------- eval


@with_run_options
def evaluate(
    run: RunOptions,
    source: Annotated[
        Path | None,
        typer.Argument(
            help='Source segments, one a line (with REFERENCE); a .jsonl of {"source": ..., "reference": ...} records; '
            "or a FLORES-200-style folder of LANG.devtest files (eng_Latn.devtest the references), scored over every routed language."
        ),
    ] = None,
    reference: Annotated[Path | None, typer.Argument(help="The reference English, one segment a line, in SOURCE's order.")] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="The source's language (ISO 639-1); default: identified. With a folder: only this language."),
    ] = None,
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model", help="A pulled model to score (repeat for several); default: the routed one (a folder: every pulled candidate)."
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Score only the first N segments (of each language).")] = None,
    briefing: Annotated[
        Path | None,
        typer.Option("--briefing", help="Instead: how faithful the briefs of a folder written by `parabrief brief` (OUT/<date>) are."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Score pulled models with sacrebleu (chrF++ and BLEU, with their signatures) on your own segments or a
    FLORES-200 devtest folder, translated exactly as `translate` translates (segmentation, guards, cache);
    or, with --briefing, report how faithful a day's briefs are to their sources. Needs the eval extra:
    pip install 'parabrief[eval]'. Use --no-cache to time the models."""
    from .evaluate import brief_faithfulness, evaluate_file, evaluate_folder, faithfulness_text, file_table, folder_table

    setup_logging(quiet=as_json)
    if briefing is not None:
        if source is not None:
            raise UsageError("--briefing takes a folder written by parabrief brief; give no SOURCE with it")
        report = brief_faithfulness(briefing)
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False) if as_json else faithfulness_text(report))
        raise typer.Exit(EXIT_OK)
    if source is None:
        raise UsageError("give SOURCE REFERENCE, a .jsonl SOURCE, a FLORES-style folder, or --briefing DAY_FOLDER")
    if source.is_dir():
        if reference is not None:
            raise UsageError(f"{source} is a folder of LANG.devtest files: give no REFERENCE with it")
        result = evaluate_folder(source, run, lang, model or (), limit)
        typer.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False) if as_json else folder_table(result))
        for entry in result.languages:
            if not entry.scores:
                err(f"{entry.lang}: not scored: {entry.note}")
        raise typer.Exit(EXIT_OK if result.complete else EXIT_INCOMPLETE)
    scored = evaluate_file(source, reference, run, lang, model or (), limit)
    typer.echo(json.dumps(scored.as_json(), indent=2, ensure_ascii=False) if as_json else file_table(scored))
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    """Mount the translation commands on the root `parabrief` app."""
    app.command("inspect")(handles_errors(inspect))
    app.command("translate")(handles_errors(translate))
    app.command("eval")(handles_errors(evaluate))
    app.add_typer(models_app, name="models")
