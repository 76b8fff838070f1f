"""Scaling of `thresher clean`: time per document and peak memory as the corpus grows, workers, Ray.

    python bench/scale.py [--sizes 20000,100000,500000] [--words 150] [--ray]

For each corpus size: one worker (time per document, peak RSS of the run), and at the first
size also 2 workers (speed-up) and, with --ray, the Ray executor on this machine (start-up
measured separately: an empty run first). Documents are generated from real article paragraphs
(bench/_corpus.py) and written as JSONL files of 10,000 documents each, the way crawls are stored.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus


def child_peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def clean(src: Path, out: Path, workers: int, extra: list[str] = ()) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "thresher.cli", "clean", str(src), "-o", str(out), "-q", "--overwrite",
                    "--workers", str(workers), *extra], check=True)
    return time.perf_counter() - t


def run_size(n: int, words: int, tmp: Path, compare: bool, with_ray: bool) -> list[str]:
    src = tmp / f"in-{n}"
    docs = _corpus.documents(n, words=words, seed=n)
    _corpus.write_jsonl(docs, src, files=max(2, n // 10_000))
    del docs
    rows = []
    # peak RSS of children is a high-water mark over all of them: measure each run in a fresh child
    peak_cmd = [sys.executable, "-c", (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)")]
    t = time.perf_counter()
    out = subprocess.run(peak_cmd + [sys.executable, "-m", "thresher.cli", "clean", str(src), "-o", str(tmp / "o1"),
                                     "-q", "--overwrite", "--workers", "1"], check=True, capture_output=True, text=True)
    dt1 = time.perf_counter() - t
    rss = int(out.stdout.strip().splitlines()[-1])
    rows.append(f"{n:>9,} {1:>7} {'local':>8} {n / dt1:>10,.0f} {dt1 / n * 1e3:>10.2f} {rss:>9}")
    if compare:
        dt2 = clean(src, tmp / "o2", 2)
        rows.append(f"{n:>9,} {2:>7} {'local':>8} {n / dt2:>10,.0f} {dt2 / n * 1e3:>10.2f} {'':>9}  speed-up {dt1 / dt2:.2f}x")
        if with_ray:
            empty = tmp / "empty"
            empty.mkdir(exist_ok=True)
            (empty / "one.txt").write_text("A single short document to time Ray's start-up with.")
            start = clean(empty, tmp / "oe", 2, ["--executor", "ray"])
            dtr = clean(src, tmp / "or", 2, ["--executor", "ray"]) - start
            rows.append(f"{n:>9,} {2:>7} {'ray':>8} {n / dtr:>10,.0f} {dtr / n * 1e3:>10.2f} {'':>9}  "
                        f"vs local {dt2 / dtr:.2f}x (start-up {start:.1f} s excluded)")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="20000,100000,500000")
    ap.add_argument("--words", type=int, default=150, help="article words per document")
    ap.add_argument("--ray", action="store_true", help="also time the Ray executor (needs thresher[ray])")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"{'documents':>9} {'workers':>7} {'executor':>8} {'docs/s':>10} {'ms/doc':>10} {'peak MB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for i, n in enumerate(sizes):
            for row in run_size(n, args.words, Path(tmp), compare=(n == 100_000 or len(sizes) == 1), with_ray=args.ray):
                print(row, flush=True)


if __name__ == "__main__":
    main()
