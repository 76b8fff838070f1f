"""RE2 prefilter vs Python's re on fetch_errors' phrase patterns, and the rule with and without it.

    python bench/prefilter.py [--docs 1000]

Prints, per pattern, microseconds per document for Python's ``search`` over the whole lowercased
document and for the RE2 prefilter's ``may_match`` (its answer is only used to skip the Python
search), the share of documents the prefilter rules out, and fetch_errors' time per document with
RE2 on (prefilter and scanners) and off (Python's re alone; identical removals, checked).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus

from thresher._prefilter import Prefilter
from thresher.clean import fetch_errors as fe
from thresher.document import Document


def _per_doc(fn, items) -> float:
    t = time.perf_counter()
    for x in items:
        fn(x)
    return (time.perf_counter() - t) / len(items) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    args = ap.parse_args()
    texts = [fe._lower(d["text"]) for d in _corpus.documents(args.docs, seed=7)]
    print(f"{len(texts):,} generated documents (bench/_corpus.py), whole text lowercased\n")
    print(f"{'pattern':<8}{'python re µs/doc':>18}{'RE2 prefilter µs/doc':>22}{'speed-up':>10}{'ruled out':>11}")
    for name, rx in (("strong", fe._STRONG), ("status", fe._STATUS), ("filler", fe._FILLER)):
        pf = Prefilter(rx)
        py = _per_doc(rx.search, texts)
        r2 = _per_doc(pf.may_match, texts)
        out = sum(not pf.may_match(t) for t in texts) / len(texts)
        print(f"{name:<8}{py:18.0f}{r2:22.1f}{py / r2:9.0f}x{out:11.0%}")

    docs = [d["text"] for d in _corpus.documents(args.docs, seed=7)]
    rule = fe.FetchErrors()
    on = _per_doc(lambda t: rule.find(Document("d", t)), docs)
    # off: the prefilter answers "may match" to everything and each scanner runs Python's finditer
    scanners = (fe._SCAN_STRONG, fe._SCAN_STATUS, fe._SCAN_CODE, fe._SCAN_FILLER)
    saved = fe._MAY_STRONG, [s.rx for s in scanners]
    always = Prefilter()
    always.rx = None
    fe._MAY_STRONG = always
    for s in scanners:
        s.rx = None
    try:
        off = _per_doc(lambda t: rule.find(Document("d", t)), docs)
        unfiltered = [rule.find(Document("d", t)) for t in docs]
    finally:
        fe._MAY_STRONG = saved[0]
        for s, rx in zip(scanners, saved[1]):
            s.rx = rx
    same = unfiltered == [rule.find(Document("d", t)) for t in docs]
    print(f"\nfetch_errors.find: {on:.0f} µs/doc with RE2, {off:.0f} with Python's re alone "
          f"({off / on:.1f}x); same removals: {same}")


if __name__ == "__main__":
    main()
