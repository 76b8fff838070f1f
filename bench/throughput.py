"""Throughput of `thresher clean`: documents/s, MB/s and peak memory on a generated corpus.

    python bench/throughput.py [--docs 20000] [--workers 1]

The corpus is real article paragraphs with crawler dirt around them (bench/_corpus.py), written
as JSONL; the run is the CLI's own code path (runner.run) in a child process, so the peak RSS
reported is that of the cleaning alone.
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
import _corpus  # noqa: E402


def run_thresher(src: Path, out: Path, workers: int) -> tuple[float, int]:
    """Seconds and peak child RSS (MB) of one `thresher clean` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "thresher.cli", "clean", str(src), "-o", str(out), "-q",
                    "--workers", str(workers), "--overwrite"], check=True)
    dt = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return dt, max(peak, before) // 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    docs = _corpus.documents(args.docs)
    mb = sum(len(d["text"].encode()) for d in docs) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        _corpus.write_jsonl(docs, src, files=max(2, args.workers * 2))
        dt, peak = run_thresher(src, Path(tmp) / "out", args.workers)
    words = sum(len(d["text"].split()) for d in docs) / len(docs)
    print(f"corpus: {len(docs):,} documents, {mb:.1f} MB, {words:.0f} words/document (generated, bench/_corpus.py)")
    print(f"thresher clean, {args.workers} worker(s): {len(docs) / dt:,.0f} documents/s, {mb / dt:.2f} MB/s, "
          f"{dt:.1f} s, peak RSS {peak} MB")


if __name__ == "__main__":
    main()
