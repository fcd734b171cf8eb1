"""models.yaml: the schema, loading with line-numbered errors, the registry and per-language routing.

The built-in file pins every model by hub repository, 40-hex commit and licence. A user's own file
(``--models FILE``) adds models (a fine-tuned one, an air-gapped copy of a hub snapshot) and overrides
routing entries; its relative paths are relative to the file.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import ConfigError, ModelError, UsageError

BUILTIN_MODELS = Path(__file__).with_name("models.yaml")
Device = Literal["cpu", "cuda"]
Quantization = Literal["int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FilePin(_Strict):
    size: int | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    optional: bool = False  # fetched when the repository has it, not required


class Source(_Strict):
    """Where a model's files come from: a hub repository at a commit, or a local directory."""

    repo: str | None = Field(default=None, pattern=r"^[\w.-]+/[\w.-]+$")
    revision: str | None = Field(default=None, pattern=r"^[0-9a-f]{40}$")
    path: Path | None = None
    format: Literal["transformers", "ctranslate2"] = "transformers"
    files: dict[str, FilePin] = {}
    quantization: str | None = None  # for a ready conversion: how it was quantized
    verified: bool = True  # False: the revision was found in public sources but not checked on the hub

    @model_validator(mode="after")
    def _one_origin(self):
        if (self.repo is None) == (self.path is None):
            raise ValueError("give either repo (with revision) or path")
        if self.repo is not None and self.revision is None:
            raise ValueError("a hub repo needs a 40-hex commit revision (never a branch)")
        return self

    @property
    def where(self) -> str:
        return f"{self.repo}@{(self.revision or '')[:12]}" if self.repo else str(self.path)


class Decoding(_Strict):
    beam_size: int = Field(default=4, ge=1)
    no_repeat_ngram_size: int = Field(default=0, ge=0)
    repetition_penalty: float = Field(default=1.0, gt=0)
    max_length_ratio: float = Field(default=3.0, gt=0)  # output tokens per input token, at most
    max_decoding_length: int = Field(default=512, ge=8)


class ModelSpec(_Strict):
    name: str = ""
    task: Literal["translate", "summarize"]
    family: Literal["nllb", "marian", "madlad", "bart", "qwen2"]
    licence: str
    source: Source
    tokenizer: Source | None = None  # for a ready conversion that ships no tokenizer
    tokenizer_files: list[str]
    languages: dict[str, str] = {}  # ISO 639-1 code -> the model's own code
    target: str = "en"  # the model's code for English
    quantization: dict[Device, Quantization] = {"cpu": "int8", "cuda": "int8_float16"}
    max_input_tokens: int = Field(default=256, ge=8)
    decoding: Decoding = Decoding()

    def quantization_for(self, device: str, default: str) -> str:
        """The quantization models.yaml gives for ``device``, else ``default``."""
        return next((q for d, q in self.quantization.items() if d == device), default)

    @model_validator(mode="after")
    def _t5_never_float16(self):
        if self.family == "madlad" and "float16" in self.quantization.values():
            raise ValueError("T5/MADLAD produces garbage in float16: use int8_float32, bfloat16 or float32")
        if self.family == "madlad" and self.quantization.get("cuda") == "int8_float16":
            raise ValueError("T5/MADLAD produces garbage in float16: use int8_float32 or int8_bfloat16 on cuda")
        return self


class ModelsFile(_Strict):
    models: dict[str, ModelSpec] = {}
    routing: dict[str, list[str]] = {}  # ISO 639-1 code or "default" -> model names, best first
    summarizers: list[str] | None = None  # abstractive summarizers, best first; the first pulled is used
    # SPDX ids of the licences that allow commercial use; a model's licence is the first word of its `licence`.
    # None: the built-in list. A user's file that gives one replaces it.
    commercial_licences: list[str] | None = None
    commercial_only: bool | None = None  # true: use only models whose licence is in commercial_licences


def _line_of(node: yaml.Node, loc: tuple) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location."""
    line = node.start_mark.line + 1
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            match = node.value[key]
        else:
            match = None
        if match is None:
            break
        node, line = match, match.start_mark.line + 1
    return line


def load_models_file(path: Path) -> ModelsFile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the models file ({error.strerror or error})") from None
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}".replace("\n", " ")) from None
    try:
        parsed = ModelsFile.model_validate(data)
    except ValidationError as error:
        # A misspelt key is the likeliest cause of the other errors: name it first.
        errors = sorted(error.errors(), key=lambda e: e["type"] != "extra_forbidden")
        first, more = errors[0], len(errors) - 1
        line = _line_of(node, first["loc"]) if node is not None else None
        key = ".".join(str(k) for k in first["loc"]) or "(top level)"
        also = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
        raise ConfigError(f"{path}:{line}: {key}: {first['msg']}{also}") from None
    base = path.resolve().parent
    models = {}
    for name, spec in parsed.models.items():
        updates = {"name": name}
        for field in ("source", "tokenizer"):
            src = getattr(spec, field)
            if src is not None and src.path is not None and not src.path.is_absolute():
                updates[field] = src.model_copy(update={"path": base / src.path})
        models[name] = spec.model_copy(update=updates)
    return parsed.model_copy(update={"models": models})


def models_home() -> Path:
    """Where pulled models live: $PARABRIEF_HOME/models, or ~/.cache/parabrief/models."""
    home = os.environ.get("PARABRIEF_HOME")
    return (Path(home) if home else Path.home() / ".cache" / "parabrief") / "models"


def spdx(licence: str) -> str:
    """The SPDX id a models.yaml licence starts with: ``CC-BY-NC-4.0 (non-commercial use only)`` -> ``CC-BY-NC-4.0``."""
    return (licence.split() or [""])[0].strip("(),;")


@dataclass(frozen=True)
class Route:
    """Where one source language goes: the model chosen (or None) and every model that could serve it."""

    lang: str
    model: str | None
    candidates: tuple[str, ...]


class Registry:
    """The models a run knows (built-in plus the user's file) and where each is stored."""

    def __init__(self, user_file: Path | None = None, home: Path | None = None, commercial_only: bool = False):
        builtin = load_models_file(BUILTIN_MODELS)
        self.models: dict[str, ModelSpec] = dict(builtin.models)
        self.routing: dict[str, list[str]] = dict(builtin.routing)
        self.summarizers: list[str] = list(builtin.summarizers or [])
        self.commercial_licences: frozenset[str] = frozenset(builtin.commercial_licences or ())
        self.commercial_only = commercial_only or bool(builtin.commercial_only)
        self.user_file = user_file
        if user_file is not None:
            extra = load_models_file(user_file)
            self.models.update(extra.models)
            self.routing.update(extra.routing)
            if extra.summarizers is not None:
                self.summarizers = list(extra.summarizers)
            if extra.commercial_licences is not None:
                self.commercial_licences = frozenset(extra.commercial_licences)
            self.commercial_only = self.commercial_only or bool(extra.commercial_only)
        self.home = home or models_home()
        self.served: frozenset[str] = frozenset()
        for lang, names in self.routing.items():
            for name in names:
                if self.models.get(name, None) is None or self.models[name].task != "translate":
                    raise ConfigError(f"routing for '{lang}' names '{name}', which is not a translation model in models.yaml")
        for name in self.summarizers:
            if self.models.get(name, None) is None or self.models[name].task != "summarize":
                raise ConfigError(f"summarizers names '{name}', which is not a summarization model in models.yaml")
        self.all_routing = self.routing  # before the licence filter: what covers a language at all
        if self.commercial_only:  # routing and `auto` never see a model whose licence does not allow commercial use
            self.routing = {lang: [n for n in names if self.commercial(n)] for lang, names in self.routing.items()}
            self.summarizers = [n for n in self.summarizers if self.commercial(n)]

    def commercial(self, name: str) -> bool:
        """The model's licence (its SPDX id) is one that allows commercial use."""
        return spdx(self.get(name).licence) in self.commercial_licences

    def permitted(self, name: str) -> ModelSpec:
        """The model ``name``, refused when this registry uses only commercially licensed models and it is not one."""
        spec = self.get(name)
        if self.commercial_only and not self.commercial(name):
            raise UsageError(
                f"model '{name}' is licensed {spec.licence}, which does not allow commercial use "
                "(--commercial, or commercial_only in the models file)"
            )
        return spec

    def licence_excludes(self, lang: str) -> bool:
        """A model covers ``lang``, but none whose licence allows commercial use (with ``commercial_only``)."""
        order = self.all_routing.get(lang, []) + self.all_routing.get("default", [])
        return self.commercial_only and any(lang in self.models[n].languages for n in order)

    def uncovered(self, lang: str) -> str:
        """Why no model serves ``lang``: no model covers it, or none whose licence allows commercial use does."""
        if self.licence_excludes(lang):
            return f"no model whose licence allows commercial use covers '{lang}'"
        return f"no model covers '{lang}'"

    @property
    def models_option(self) -> str:
        return f" --models {self.user_file}" if self.user_file else ""

    def get(self, name: str) -> ModelSpec:
        if name not in self.models:
            known = ", ".join(sorted(self.models))
            raise ModelError(f"unknown model '{name}' (known: {known})")
        return self.models[name]

    def path(self, name: str) -> Path:
        return self.home / name

    def is_present(self, name: str) -> bool:
        return name in self.served or (self.path(name) / "manifest.json").is_file()

    def serving(self, names: Iterable[str]) -> Registry:
        """This registry, with the models ``names`` counted as present: a caller serves them itself
        (a stand-in translator behind the ``Translator`` protocol)."""
        for name in names:
            self.get(name)  # an unknown name is an error, as anywhere else
        served = copy.copy(self)
        served.served = self.served | frozenset(names)
        return served

    def route(self, lang: str) -> Route:
        """The first model in the language's preference order (else the default order) that covers it
        and is pulled; ``model`` is None when none is pulled, ``candidates`` then says what to pull."""
        order = self.routing.get(lang, []) + [n for n in self.routing.get("default", []) if n not in self.routing.get(lang, [])]
        candidates = tuple(n for n in order if lang in self.models[n].languages)
        present = next((n for n in candidates if self.is_present(n)), None)
        return Route(lang, present, candidates)
