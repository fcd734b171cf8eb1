"""Translation on a Ray cluster: the Translator protocol again, served by a pool of Ray Data actors that
each load the model once.

The run's sentences (what the cache did not hold) become a Ray Dataset; ``map_batches`` sends blocks of
them to the actors, and each block comes back with its sentence indices, so results are placed by id
whatever the order the actors finish in. CTranslate2 gives a sentence the same translation whatever batch
it is decoded in, so a Ray run writes exactly what a local run writes. A block whose actor dies is
retried by Ray on another actor; the pipeline caches each block as it arrives, so nothing is lost or done
twice beyond the blocks in flight.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from .documents import Translation
from .engine import CTranslate2Translator, EngineOptions, gather, resolve_device
from .errors import UsageError
from .models import Registry
from .signature import ModelSignature

BLOCK = 64  # sentences per Ray task: small enough to spread over actors, large enough to batch well


class _Worker:
    """One Ray actor: the model, loaded once, from the models file and model home every node can read."""

    def __init__(self, models_file: str | None, home: str, name: str, options: EngineOptions):
        registry = Registry(Path(models_file) if models_file else None, home=Path(home))
        self.engine = CTranslate2Translator.load(registry, name, options)

    def __call__(self, block: dict) -> dict:
        texts, langs = [str(t) for t in block["text"]], [str(x) for x in block["lang"]]
        results = gather(self.engine.translate_batches(texts, langs), len(texts))
        return {
            "i": block["i"],
            "text": [r.text for r in results],
            "flags": [json.dumps(list(r.flags)) for r in results],
            "tokens": [r.tokens for r in results],
        }


class RayTranslator:
    """Translates on Ray; tokenization (for segmentation) and the signature are the local engine's."""

    def __init__(self, registry: Registry, name: str, options: EngineOptions, address: str | None = None, actors: int | None = None):
        try:
            import ray  # noqa: F401
        except ImportError:
            raise UsageError("--engine ray needs Ray: pip install 'parabrief[ray]'") from None
        self.local = CTranslate2Translator.load(registry, name, options)  # never loads the model here
        self.name, self.spec, self.max_input_tokens = name, self.local.spec, self.local.max_input_tokens
        self.count_tokens = self.local.count_tokens
        self.registry, self.options, self.address, self.actors = registry, options, address, actors

    def signature(self) -> ModelSignature:
        return self.local.signature()

    def _pool(self) -> tuple[int, dict]:
        """How many actors, and what each one asks of a node: one GPU each, or threads_per_batch CPUs."""
        import ray

        if not ray.is_initialized():
            ray.init(address=self.address, log_to_driver=False, include_dashboard=False)
        if resolve_device(self.options.device) == "cuda":
            gpus = int(ray.cluster_resources().get("GPU", 0)) or 1
            return self.actors or gpus, {"num_gpus": 1}
        threads = self.options.intra_threads or 1
        cpus = int(ray.cluster_resources().get("CPU", os.cpu_count() or 1))
        return self.actors or max(1, cpus // threads), {"num_cpus": threads}

    def translate_batches(self, texts: Sequence[str], langs: Sequence[str]) -> Iterator[list[tuple[int, Translation]]]:
        if not texts:
            return
        import ray

        actors, resources = self._pool()
        # An actor decodes one batch at a time on the CPUs it asked for; Ray runs the actors side by side.
        options = dataclasses.replace(self.options, inter_threads=1, intra_threads=self.options.intra_threads or 1)
        rows = [{"i": i, "text": t, "lang": lang} for i, (t, lang) in enumerate(zip(texts, langs, strict=False))]
        dataset = ray.data.from_items(rows, override_num_blocks=max(1, len(rows) // BLOCK)).map_batches(
            _Worker,
            fn_constructor_kwargs={
                "models_file": str(self.registry.user_file) if self.registry.user_file else None,
                "home": str(self.registry.home),
                "name": self.name,
                "options": options,
            },
            batch_size=BLOCK,
            concurrency=actors,
            **resources,
        )
        for block in dataset.iter_batches(batch_size=None, batch_format="numpy"):
            yield [
                (int(i), Translation(str(text), tuple(json.loads(str(flags))), int(tokens)))
                for i, text, flags, tokens in zip(block["i"], block["text"], block["flags"], block["tokens"], strict=False)
            ]
