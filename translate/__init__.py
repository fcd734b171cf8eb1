"""parabrief's foundation: documents in any language in, English paragraphs out, on CTranslate2."""

import os

__version__ = "0.1.0"

# CTranslate2 picks Intel MKL for its int8 matrix products on Intel CPUs. On an AVX-512 VNNI Xeon (the
# benchmark machine) its oneDNN path is faster and lighter: NLLB-600M shape, greedy, two batches side by
# side, 213 against 196 tokens/s and 1.32 against 1.59 GB. AMD CPUs never use MKL. CTranslate2 reads this
# when its library loads, so it is set here, before anything of parabrief's imports it; a value the
# user set is kept.
os.environ.setdefault("CT2_USE_MKL", "0")
