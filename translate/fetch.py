"""Pulling a model: download at its pinned commit, check the pins, convert to CTranslate2, write the
manifest; and checking a pulled model against its manifest before it loads.

A pull is staged in a hidden folder beside its destination and renamed into place only when complete,
so an interrupted pull never leaves a model that looks usable.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import os
import shutil
import time
from pathlib import Path

from . import __version__
from .errors import ModelError, SystemFault
from .models import ModelSpec, Registry, Source
from .vocabulary import write_map

log = logging.getLogger("parabrief")
MANIFEST = "manifest.json"
PICKLED = (".bin", ".pt", ".pth", ".pkl", ".ckpt")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(spec: ModelSpec, source: Source) -> Path:
    """The folder holding ``source``'s files: a local path as it is, or a hub snapshot at its commit."""
    if source.path is not None:
        if not source.path.is_dir():
            raise ModelError(f"model '{spec.name}': local folder {source.path} does not exist")
        return source.path
    assert source.repo is not None  # a Source has a path or a repo
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError

    try:
        folder = snapshot_download(source.repo, revision=source.revision, allow_patterns=list(source.files) or None)
    except (HfHubHTTPError, OSError, ValueError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ModelError(
            f"model '{spec.name}': cannot download {source.repo} at {source.revision} ({reason}). "
            f"On a machine with network run `parabrief models pull {spec.name}`, or copy a snapshot of that "
            f"commit here and register its folder as `source: {{path: ...}}` in your own models file (--models FILE)"
        ) from None
    return Path(folder)


def _published_sha256(source: Source, name: str) -> str | None:
    """The sha256 the hub records for a file at the pinned commit (its Git LFS pointer, which the commit
    hash covers), or None for a local folder or a file that is not in LFS."""
    if source.repo is None:
        return None
    from huggingface_hub import HfApi

    try:
        (info,) = HfApi().get_paths_info(source.repo, [name], revision=source.revision)
    except Exception:  # the hub answered nothing usable: no sha256 to compare with
        return None
    lfs = getattr(info, "lfs", None)
    return getattr(lfs, "sha256", None)


def _check_pins(spec: ModelSpec, source: Source, folder: Path) -> None:
    """Every pinned file is there with its pinned size and sha256; every pattern matched something;
    pickled weights (which run code when loaded carelessly) match a sha256 before anything loads them."""
    names = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
    for pattern, pin in source.files.items():
        matched = [n for n in names if fnmatch.fnmatch(n, pattern)]
        if not matched and not pin.optional:
            raise ModelError(f"model '{spec.name}': {source.where} has no file matching '{pattern}'")
        for name in matched:
            path = folder / name
            if pin.size is not None and path.stat().st_size != pin.size:
                raise ModelError(f"model '{spec.name}': {name} is {path.stat().st_size} bytes, pinned {pin.size}; refusing it")
            if pin.sha256 is not None and sha256(path) != pin.sha256:
                raise ModelError(f"model '{spec.name}': {name} does not match its pinned sha256; refusing it")
    if any(n.endswith(".safetensors") for n in names):
        return  # transformers loads safetensors first; pickled files beside them are never opened
    for name in (n for n in names if n.endswith(PICKLED)):
        pinned = source.files.get(name)
        expected = (pinned.sha256 if pinned else None) or _published_sha256(source, name)
        if expected is None:
            raise ModelError(
                f"model '{spec.name}': {name} holds pickled weights and no sha256 to check them against; "
                f"pin it in the models file (files: {{{name}: {{sha256: ...}}}}) or use safetensors"
            )
        if sha256(folder / name) != expected:
            raise ModelError(f"model '{spec.name}': {name} does not match its pinned sha256; refusing it")


def _convert(spec: ModelSpec, folder: Path, staging: Path, quantization: str) -> None:
    try:
        from ctranslate2.converters import TransformersConverter
    except ImportError as error:  # ctranslate2 is there; its converter needs transformers and torch
        raise ModelError(
            f"model '{spec.name}' must be converted, which needs transformers and torch: pip install 'parabrief[convert]' ({error})"
        ) from None
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise ModelError(
            f"model '{spec.name}' must be converted, which needs transformers and torch: pip install 'parabrief[convert]'"
        ) from None
    copy = [name for name in spec.tokenizer_files if (folder / name).is_file()]
    try:  # transformers loads pickled weights with weights_only; remote code is never trusted
        TransformersConverter(str(folder), copy_files=copy, trust_remote_code=False).convert(
            str(staging), quantization=quantization, force=True
        )
    except Exception as error:  # the converter raises anything from KeyError to RuntimeError
        raise ModelError(f"model '{spec.name}': conversion to CTranslate2 failed: {type(error).__name__}: {error}") from None


def pull(spec: ModelSpec, registry: Registry, device: str) -> Path:
    """Fetch, check, convert (or copy a ready conversion) and store ``spec``; returns its folder. A pull
    is staged beside its destination and renamed into place whole; the staging a killed pull left is
    swept by the next pull of that model. A models home the machine cannot write is one line."""
    try:
        return _pull(spec, registry, device)
    except OSError as error:
        raise SystemFault.of(
            f"model '{spec.name}': cannot be stored in {registry.home}",
            error,
            "set PARABRIEF_HOME to a folder with room that this user can write",
        ) from None


def _sweep(destination: Path) -> None:
    """Remove the staging folders of earlier pulls of this model that are no longer running."""
    for stale in destination.parent.glob(f".{destination.name}.partial-*") if destination.parent.is_dir() else ():
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pull(spec: ModelSpec, registry: Registry, device: str) -> Path:
    from .engine import load_ctranslate2

    ctranslate2 = load_ctranslate2()
    destination = registry.path(spec.name)
    _sweep(destination)
    staging = destination.with_name(f".{spec.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        folder = _download(spec, spec.source)
        _check_pins(spec, spec.source, folder)
        if spec.source.format == "ctranslate2":
            shutil.copytree(folder, staging, ignore=shutil.ignore_patterns(".*"))
            quantization = spec.source.quantization or "as published"
        else:
            quantization = spec.quantization_for(device, "int8")
            _convert(spec, folder, staging, quantization)
        if spec.tokenizer is not None:
            tokenizer_folder = _download(spec, spec.tokenizer)
            _check_pins(spec, spec.tokenizer, tokenizer_folder)
            for name in spec.tokenizer_files:
                shutil.copy2(tokenizer_folder / name, staging / name)
        missing = [n for n in spec.tokenizer_files if not (staging / n).is_file()]
        if missing:
            raise ModelError(f"model '{spec.name}': its files lack the tokenizer {', '.join(missing)}")
        english = None
        if spec.task == "translate":  # every translation model here writes English: decode over its pieces
            english = write_map(staging)
            log.info("model '%s': English output over %d of its target pieces (--full-vocabulary: all)", spec.name, english)
        _write_manifest(spec, staging, quantization, ctranslate2.__version__, english)
        if destination.exists():
            old = destination.with_name(f".{spec.name}.old-{os.getpid()}")
            destination.rename(old)
            staging.rename(destination)
            shutil.rmtree(old, ignore_errors=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            staging.rename(destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return destination


def _write_manifest(spec: ModelSpec, folder: Path, quantization: str, converter: str, english: int | None) -> None:
    files = {
        p.relative_to(folder).as_posix(): {"size": p.stat().st_size, "sha256": sha256(p)} for p in sorted(folder.rglob("*")) if p.is_file()
    }
    manifest = {
        "name": spec.name,
        "task": spec.task,
        "family": spec.family,
        "licence": spec.licence,
        "source": spec.source.model_dump(mode="json", exclude_defaults=True, exclude={"files"}),
        "tokenizer": spec.tokenizer.model_dump(mode="json", exclude_defaults=True, exclude={"files"}) if spec.tokenizer else None,
        "quantization": quantization,
        "english_pieces": english,  # target pieces in vmap.txt's English set (translation models)
        "converter": f"ctranslate2 {converter}",
        "parabrief": __version__,
        "pulled_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


VERIFIED = ".verified.json"  # in a model's folder: the files whose sha256 was checked, by identity


def _identity(path: Path) -> list[int]:
    facts = path.stat()
    return [facts.st_size, facts.st_mtime_ns, facts.st_ino]


def read_manifest(registry: Registry, name: str, full: bool = False, sizes: bool = True, verify: bool = False) -> dict:
    """The manifest of a pulled model after checking its files: sizes (unless ``sizes`` is False), and
    sha256 when ``full``, or with ``verify`` when a file changed since its sha256 was last checked
    (size, modification time and inode remembered in VERIFIED, so a model that did not change costs
    nothing to load). A missing or altered file is refused with the command that repairs it."""
    folder = registry.path(name)
    repair = f"parabrief models pull {name}{registry.models_option}"
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"model '{name}' is not pulled; get it with: {repair}") from None
    except (OSError, ValueError) as error:
        raise ModelError(f"model '{name}': unreadable manifest ({error}); repair with: {repair}") from None
    try:
        remembered = json.loads((folder / VERIFIED).read_text(encoding="utf-8")) if verify else {}
    except (OSError, ValueError):
        remembered = {}
    checked = {}
    for relative, facts in manifest["files"].items() if sizes or full or verify else ():
        path = folder / relative
        if not path.is_file():
            raise ModelError(f"model '{name}': {relative} is missing; repair with: {repair}")
        if path.stat().st_size != facts["size"]:
            raise ModelError(
                f"model '{name}': {relative} is {path.stat().st_size} bytes, its manifest says {facts['size']} "
                f"(truncated or altered); repair with: {repair}"
            )
        identity = _identity(path)
        if full or (verify and remembered.get(relative) != [*identity, facts["sha256"]]):
            if sha256(path) != facts["sha256"]:
                raise ModelError(f"model '{name}': {relative} has been altered (its sha256 is not its manifest's); repair with: {repair}")
        checked[relative] = [*identity, facts["sha256"]]
    if verify and checked != remembered:
        try:  # remembered for the next load; a read-only models home just checks again next time
            staging = folder / f"{VERIFIED}.{os.getpid()}.tmp"
            staging.write_text(json.dumps(checked, sort_keys=True), encoding="utf-8")
            os.replace(staging, folder / VERIFIED)
        except OSError:
            pass
    return manifest
