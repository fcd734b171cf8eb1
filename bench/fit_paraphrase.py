"""Fits the paraphrase model (``summarize/paraphrase.py``) on the train part of MSRP and writes
``summarize/paraphrase.json``.

    python bench/fit_paraphrase.py [--data bench/data] [--precision 0.92] [--out summarize/paraphrase.json]

A logistic regression over ``paraphrase.FEATURES``, standardised, with a light L2 penalty, fitted by
Newton's method (deterministic: the same file on every run). Its threshold is the lowest likelihood at
which its precision on the train pairs reaches ``--precision``: set above the 0.90 a story needs, since a
threshold chosen on the pairs it was fitted on reads a little better there than on new pairs. The test
part is never read here; ``bench/quality.py`` reports the model on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.quality import DATA, MSRP, SHARED_DATA, dev_threshold, load_pairs  # noqa: E402
from summarize import paraphrase  # noqa: E402

PENALTY = 1e-3  # L2 on the standardised weights, per pair


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """mean, scale, weights and bias of a logistic regression of ``y`` on ``x``."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.c_[(x - mean) / scale, np.ones(len(x))]
    w = np.zeros(z.shape[1])
    ridge = PENALTY * len(y) * np.diag([1.0] * (z.shape[1] - 1) + [0.0])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        gradient = z.T @ (p - y) + ridge @ w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + ridge
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return mean, scale, w[:-1], float(w[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the folder with msrp.jsonl.xz (default: bench/data, then shared)")
    parser.add_argument("--precision", type=float, default=0.92, help="precision on the train pairs the threshold is set for")
    parser.add_argument("--out", type=Path, default=paraphrase.MODEL, help=f"where to write the model (default: {paraphrase.MODEL.name})")
    args = parser.parse_args()
    data = args.data or next((d for d in (DATA, SHARED_DATA) if (d / MSRP).is_file()), None)
    if data is None:
        parser.error(f"{MSRP} is in neither {DATA} nor {SHARED_DATA}: bench/data/prepare.py --msrp builds it")
    pairs = load_pairs(data, "dev")  # MSRP's train part (bench/data/prepare.py names it dev)
    x = np.array([paraphrase.features(p.a, p.b) for p in pairs])
    y = np.array([p.label for p in pairs], dtype=float)
    mean, scale, weights, bias = fit(x, y)
    fitted = paraphrase.Model(tuple(mean), tuple(scale), tuple(weights), bias, 0.0)
    scores = [fitted.likelihood(tuple(row)) for row in x]
    threshold, precision = dev_threshold(scores, [p.label for p in pairs], args.precision)
    out = {
        "features": list(paraphrase.FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in weights],
        "bias": round(bias, 6),
        "threshold": round(threshold, 6),
        "fitted_on": f"{MSRP}, train part: {len(pairs)} pairs, {int(y.sum())} paraphrases; precision there {precision:.3f}",
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: threshold {threshold:.4f}, train precision {precision:.3f}")
    print("weights:", ", ".join(f"{name} {w:+.2f}" for name, w in zip(paraphrase.FEATURES, weights, strict=True)))


if __name__ == "__main__":
    main()
