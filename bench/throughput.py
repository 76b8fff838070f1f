"""Throughput of `thresher clean`: documents/s, MB/s and peak memory on a generated corpus.

    python bench/throughput.py [--docs 20000] [--workers 1]
    python bench/throughput.py --vs-datatrove [--docs 2000]

``--vs-datatrove`` runs, side by side on the same JSONL files with one worker each, thresher's
whole default pipeline plus the Gopher, C4 and FineWeb filters, and datatrove 0.10's
GopherRepetition -> GopherQuality -> C4Quality -> FineWebQuality chain (in the bench venv,
``.venv-bench``, see bench/parity.py), and prints both documents/s and the ratio. Both are timed
the same way: the wall time of the whole child process, start-up and imports included (datatrove's
own in-process figure, which leaves out its imports, is printed beside it).

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
import _corpus


def compile_thresher() -> None:
    """Set thresher up before timing it, as installing and a first run do once on a machine:
    byte-compile its modules, as ``pip install`` does for an installed package (and did for
    datatrove's: an editable install has none, and where PYTHONDONTWRITEBYTECODE is set every run
    would compile ~45 modules from source again, ~50 ms), and fill the per-user cache of derived
    tables (the language model's take ~3 s to derive, once; thresher._cache)."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("thresher")
    for d in spec.submodule_search_locations or ():
        compileall.compile_dir(d, quiet=1)
    subprocess.run([sys.executable, "-c", "import thresher; thresher.clean('Warm the cache: a line of text.')"],
                   check=True)


def run_thresher(src: Path, out: Path, workers: int) -> tuple[float, int]:
    """Seconds and peak child RSS (MB) of one `thresher clean` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "thresher.cli", "clean", str(src), "-o", str(out), "-q",
                    "--workers", str(workers), "--overwrite"], check=True)
    dt = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return dt, max(peak, before) // 1024


FILTERS_TOML = '[pipeline]\nfilters = ["gopher_repetition", "gopher_quality", "c4", "fineweb"]\n'
BENCH_PY = Path(__file__).resolve().parents[1] / ".venv-bench" / "bin" / "python"


def vs_datatrove(n: int) -> None:
    """thresher (cleaning + Gopher + C4 + FineWeb) and datatrove's filter chain, one worker each."""
    if not BENCH_PY.exists():
        sys.exit(f"bench: --vs-datatrove needs the bench venv ({BENCH_PY}): python3 -m venv .venv-bench && "
                 ".venv-bench/bin/pip install datatrove spacy regex -e .")
    import json

    docs = _corpus.documents(n, seed=7)
    words = sum(len(d["text"].split()) for d in docs) / len(docs)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        _corpus.write_jsonl(docs, src, files=1)
        cfg = Path(tmp) / "filters.toml"
        cfg.write_text(FILTERS_TOML)
        compile_thresher()
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "thresher.cli", "clean", str(src), "-o", str(Path(tmp) / "t"), "-q",
                        "--workers", "1", "--config", str(cfg)], check=True)
        t_thr = time.perf_counter() - t
        t = time.perf_counter()
        out = subprocess.run([str(BENCH_PY), str(Path(__file__).parent / "_datatrove_chain.py"), str(src),
                              str(Path(tmp) / "dt")], check=True, capture_output=True, text=True)
        t_dt = time.perf_counter() - t  # the whole process, as for thresher: start-up and imports included
        inner = json.loads(out.stdout.strip().splitlines()[-1])["seconds"]
    print(f"corpus: {n:,} generated documents, {words:.0f} words/document, one JSONL file, one worker each")
    print(f"thresher (cleaning rules + gopher_repetition, gopher_quality, c4, fineweb): {n / t_thr:8.1f} documents/s")
    print(f"datatrove 0.10 (GopherRepetition, GopherQuality, C4Quality, FineWebQuality): {n / t_dt:8.1f} documents/s"
          f"  ({n / inner:.1f} timed inside, without its {t_dt - inner:.1f} s of start-up and imports)")
    print(f"ratio: {t_dt / t_thr:.1f}x  (target >= 10x)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=None)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--vs-datatrove", action="store_true", help="side by side with datatrove's filter chain")
    ap.add_argument("--warc", action="store_true", help="WARC in: records/s, extraction share, RSS (bench/warc_throughput.py)")
    args, rest = ap.parse_known_args()
    if args.warc:
        import warc_throughput

        sys.exit(warc_throughput.main(rest))
    if args.vs_datatrove:
        vs_datatrove(args.docs or 2000)
        return
    args.docs = args.docs or 20000
    docs = _corpus.documents(args.docs)
    mb = sum(len(d["text"].encode()) for d in docs) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        _corpus.write_jsonl(docs, src, files=max(2, args.workers * 2))
        compile_thresher()
        dt, peak = run_thresher(src, Path(tmp) / "out", args.workers)
    words = sum(len(d["text"].split()) for d in docs) / len(docs)
    print(f"corpus: {len(docs):,} documents, {mb:.1f} MB, {words:.0f} words/document (generated, bench/_corpus.py)")
    print(f"thresher clean, {args.workers} worker(s): {len(docs) / dt:,.0f} documents/s, {mb / dt:.2f} MB/s, "
          f"{dt:.1f} s, peak RSS {peak} MB")


if __name__ == "__main__":
    main()
