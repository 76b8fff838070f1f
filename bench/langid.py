"""thresher's numpy walk of py3langid's automaton against py3langid's own, same model, same answers.

    python bench/langid.py [--docs 1000]

Times ``classify`` on the first 800 characters of generated documents (what the metadata rule
reads) twice: with warm caches (one call after another) and with the caches evicted before each
call (a 64 MB array summed), which is what the rule meets in the pipeline, where every other step
runs between two documents. Checks that every answer is identical.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from thresher.clean import _langid


def per_call(fn, texts, evict=None) -> float:
    total = 0.0
    for t in texts:
        if evict is not None:
            evict.sum()
        a = time.perf_counter()
        fn(t)
        total += time.perf_counter() - a
    return total / len(texts) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    args = ap.parse_args()
    texts = [d["text"][:800] for d in _corpus.documents(args.docs, seed=7)]
    lib = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    fast = _langid.load(norm_probs=True)
    same = all(lib.classify(t) == fast.classify(t) for t in texts)
    evict = np.ones(8_000_000)
    print(f"{len(texts):,} texts of 800 characters; identical answers: {same}")
    print(f"{'':<14}{'py3langid µs':>14}{'thresher µs':>13}{'speed-up':>10}")
    for label, ev in (("warm caches", None), ("cold caches", evict)):
        a = per_call(lib.classify, texts, ev)
        b = per_call(fast.classify, texts, ev)
        print(f"{label:<14}{a:14.0f}{b:13.0f}{a / b:9.1f}x")


if __name__ == "__main__":
    main()
