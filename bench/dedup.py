"""Dedup accuracy and speed: thresher's DedupIndex against datatrove 0.10's 4-stage MinHash dedup.

    .venv/bin/python bench/dedup.py                    # 20,000 docs: impl. comparison, accuracy, speed
    .venv/bin/python bench/dedup.py --docs 5000 --no-datatrove
    .venv/bin/python bench/dedup.py --scale            # thresher alone on 20k -> 100k -> 1M docs

The corpus (bench/_dedup_corpus.py) recombines paragraphs of real articles from /work/shared and
plants duplicates of known kinds. Ground truth is the exact Jaccard similarity of the two
documents' word 5-gram sets, computed for every planted pair and every pair a method flags
(removed doc, doc kept in its place). A pair counts as caught when the output does not keep both.
Precision: the share of removed documents truly >= 0.7 similar to the document kept for them.

datatrove runs from /work/main/.venv-bench (pip install datatrove spacy -e /work/main; not
datatrove[processing]) in its own process, with the same corpus files and worker count. Peak memory
is sampled every 0.1 s over the run's process tree (psutil): the largest single process, the sum
over all of them, and that sum without file-backed pages (memory-mapped shard files, which the
kernel can drop at any time).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import orjson

sys.path.insert(0, str(Path(__file__).parent))
from _dedup_corpus import SHARED, CorpusMaker

BENCH_VENV = Path(__file__).resolve().parent.parent / ".venv-bench" / "bin" / "python"
BANDS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0001)]


# -- corpus ---------------------------------------------------------------------------------------
def write_corpus(n: int, out: Path, files: int, seed: int = 7) -> list:
    """Write ``n`` docs as ``files`` JSONL files (contiguous ranges: file order = input order)."""
    out.mkdir(parents=True, exist_ok=True)
    per = -(-n // files)
    planted, f, current = [], None, -1
    for i, (text, p) in enumerate(CorpusMaker(seed).docs(n)):
        if i // per != current:
            if f:
                f.close()
            current = i // per
            f = open(out / f"{current:05d}.jsonl", "wb")  # noqa: SIM115
        f.write(orjson.dumps({"id": str(i), "text": text}) + b"\n")
        if p:
            planted.append(p)
    if f:
        f.close()
    return planted


def read_texts(corpus: Path) -> list[str]:
    return [orjson.loads(line)["text"] for f in sorted(corpus.glob("*.jsonl")) for line in open(f, "rb")]


# -- MinHash implementations, measured ------------------------------------------------------------
def compare_impls(texts: list[str], num_perm: int) -> None:
    """Text -> signature docs/s in one process, shingling included, for each implementation."""
    from thresher.dedup.minhash import MinHasher, normalize, shingles, tokens

    print(f"\n== MinHash implementations: text -> {num_perm}-hash signature, 1 process, {len(texts)} docs")
    hasher = MinHasher(num_perm, 1)

    def ours(t):
        return hasher.signature(shingles(normalize(t), 5))

    def grams(t):
        w = tokens(normalize(t))
        return [" ".join(w[i : i + 5]) for i in range(max(1, len(w) - 4))]

    impls = [("numpy + xxhash (thresher)", ours)]
    try:
        import rensa

        def rens(t):
            m = rensa.RMinHash(num_perm=num_perm, seed=1)
            m.update(grams(t))
            return m.digest()

        impls.append(("rensa 0.5 RMinHash", rens))
    except ImportError:
        print("  rensa not installed (pip install rensa): skipped")
    try:
        from datasketch import MinHash

        def dsk(t):
            m = MinHash(num_perm=num_perm, seed=1)
            m.update_batch([g.encode() for g in grams(t)])
            return m.digest()

        impls.append(("datasketch MinHash", dsk))
    except ImportError:
        print("  datasketch not installed (pip install datasketch): skipped")
    impls.append(("(string 5-grams alone)", grams))
    best = {name: 0.0 for name, _ in impls}
    for _ in range(3):  # interleaved rounds, best of three: the machine is shared and noisy
        for name, fn in impls:
            sample = texts if "datasketch" not in name else texts[: max(200, len(texts) // 4)]
            t0 = time.perf_counter()
            for t in sample:
                fn(t)
            best[name] = max(best[name], len(sample) / (time.perf_counter() - t0))
    for name, rate in best.items():
        print(f"  {name:28s} {rate:8.0f} docs/s")
    print("  thresher keeps numpy + xxhash: rensa is at most a little faster here, and only for the signature;\n"
          "  exact verification needs each document's shingle hashes, which numpy computes once for both\n"
          "  and rensa does not expose; and it is one dependency fewer.")


# -- runs, each in its own process ----------------------------------------------------------------
def _maxrss_mb() -> float:
    """This process's peak resident MB: VmHWM where Linux has it, else ru_maxrss. Not ru_maxrss
    alone: after an exec it can hold the peak of the process that forked (subprocess uses vfork),
    here the bench's parent, which made the corpus (~100 MB at 1M documents)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    """Start VmHWM again from the current resident size (Linux; elsewhere nothing)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


class _RssSplit:
    """Peak anonymous and file-backed (memory-mapped) resident MB of this process while in use,
    sampled every 5 ms from /proc/self/status (zeros where there is none)."""

    def __enter__(self):
        self.peak = {"RssAnon": 0.0, "RssFile": 0.0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(0.005):
            try:
                with open("/proc/self/status") as f:
                    for line in f:
                        k = line.split(":")[0]
                        if k in self.peak:
                            self.peak[k] = max(self.peak[k], int(line.split()[1]) / 1024)
            except OSError:
                return

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _pass1(args):
    idx, i, path = args
    w = idx.shard_writer(path.name)
    with open(path, "rb") as f:
        for row, line in enumerate(f):
            w.add((i << 32) | row, orjson.loads(line)["text"])
    w.close()
    return _maxrss_mb()


def _filter(args):
    idx, i, path, out, count_only = args
    dec = idx.decisions(path.name)
    if count_only:
        removed = 0
    else:
        removed = {}
    with open(path, "rb") as f, open(out / path.name, "wb") as o:
        for row, line in enumerate(f):
            d = dec.get((i << 32) | row)
            if d is None:
                o.write(line)
            elif count_only:
                removed += 1
            else:
                removed[orjson.loads(line)["id"]] = (d.kept_key, d.similarity, d.kind)
    return removed


def run_thresher(corpus: Path, work: Path, workers: int, cfg_json: str) -> dict:
    """Pass 1 in a pool of workers, resolve, then the filter pass writing the kept docs.

    ``_count_only`` in the config JSON (the growth runs): the filter pass only counts removed
    documents, so this process does not hold a dict of every removed document for scoring.
    """
    from multiprocessing import get_context

    from thresher.dedup import DedupConfig, DedupIndex

    cfg = json.loads(cfg_json)
    count_only = cfg.pop("_count_only", False)
    files = sorted(corpus.glob("*.jsonl"))
    counts = []
    for f in files:  # counted in blocks: reading a whole file would weigh in this process's peak
        with open(f, "rb") as fh:
            counts.append(sum(block.count(b"\n") for block in iter(lambda fh=fh: fh.read(1 << 20), b"")))
    starts = np.cumsum([0] + counts)
    idx = DedupIndex(work / "index", DedupConfig(**cfg))
    (work / "kept").mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with get_context("spawn").Pool(workers) as pool:
        pass1_mb = max(pool.map(_pass1, [(idx, i, f) for i, f in enumerate(files)], chunksize=1))
        t1 = time.perf_counter()
        _reset_peak()  # the peak of resolve alone, not of this process's start
        with _RssSplit() as split:
            stats = idx.resolve()
        t2 = time.perf_counter()
        resolve_mb = _maxrss_mb()
        parts = pool.map(_filter, [(idx, i, f, work / "kept", count_only) for i, f in enumerate(files)],
                         chunksize=1)
    t3 = time.perf_counter()
    memory = {"pass1_mb": pass1_mb, "resolve_mb": resolve_mb, "resolve_anon_mb": split.peak["RssAnon"],
              "resolve_file_mb": split.peak["RssFile"]}
    if count_only:
        return {"seconds": t3 - t0, "stages": {"pass1": t1 - t0, "resolve": t2 - t1, "filter": t3 - t2},
                "removed_count": sum(parts), "stats": dict(stats.counters), "config": repr(idx.cfg), **memory}
    removed = {}
    for part in parts:
        for doc_id, (kept_key, sim, kind) in part.items():
            kept_id = int(starts[kept_key >> 32] + (kept_key & 0xFFFFFFFF))
            removed[doc_id] = (kept_id, sim, kind)
    return {
        "seconds": t3 - t0,
        "stages": {"pass1": t1 - t0, "resolve": t2 - t1, "filter": t3 - t2},
        "removed": removed,
        "stats": dict(stats.counters),
        "config": repr(idx.cfg),
        **memory,
    }


def run_datatrove(corpus: Path, work: Path, workers: int) -> dict:
    """datatrove 0.10 MinHash dedup, 4 stages, FineWeb's 14 x 8 with 5-grams, cluster ids saved."""
    import gzip

    import datatrove.utils.hashes.xxhash as dt_xxhash
    import xxhash
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from datatrove.utils.hashing import HashConfig

    if int(xxhash.VERSION.split(".")[0]) >= 4:  # xxhash 4 takes bytes only; datatrove 0.10 passes str
        dt_xxhash.xxhash64 = lambda data: xxhash.xxh64_intdigest(data.encode() if isinstance(data, str) else data)
    cfg = MinhashConfig(n_grams=5, num_buckets=14, hashes_per_bucket=8, hash_config=HashConfig(precision=64))
    n_files = len(list(corpus.glob("*.jsonl")))

    def reader():
        return JsonlReader(str(corpus), glob_pattern="*.jsonl", id_key="id", text_key="text")

    stages = [
        ([reader(), MinhashDedupSignature(output_folder=str(work / "sigs"), config=cfg)], n_files, workers),
        ([MinhashDedupBuckets(input_folder=str(work / "sigs"), output_folder=str(work / "buckets"), config=cfg)],
         cfg.num_buckets, workers),
        ([MinhashDedupCluster(input_folder=str(work / "buckets"), output_folder=str(work / "remove"), config=cfg,
                              save_cluster_id=True)], 1, 1),
        ([reader(), MinhashDedupFilter(input_folder=str(work / "remove"), load_cluster_ids=True,
                                       exclusion_writer=JsonlWriter(str(work / "removed"))),
          JsonlWriter(str(work / "kept"))], n_files, workers),
    ]
    t0 = time.perf_counter()
    times = []
    for i, (pipeline, tasks, w) in enumerate(stages):
        s = time.perf_counter()
        LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=w, logging_dir=str(work / f"logs{i}")).run()
        times.append(time.perf_counter() - s)
    total = time.perf_counter() - t0
    kept_of, removed = {}, {}
    for sub in ("kept", "removed"):
        for f in sorted((work / sub).glob("*.jsonl.gz")):
            with gzip.open(f, "rb") as lines:
                docs = [orjson.loads(line) for line in lines]
            for d in docs:
                cid = d["metadata"].get("minhash_cluster_id", -1)
                if sub == "kept" and cid != -1:
                    kept_of[cid] = int(d["id"])
                elif sub == "removed":
                    removed[d["id"]] = cid
    removed = {k: (kept_of.get(c, -1), None, "near") for k, c in removed.items()}
    return {"seconds": total, "stages": dict(zip(["signatures", "buckets", "cluster", "filter"], times)),
            "removed": removed}


def run_child(python: Path, what: str, corpus: Path, work: Path, workers: int, cfg_json: str = "{}") -> dict:
    """Run one method in a fresh process; add its peak memory."""
    out = work / "result.json"
    cmd = [str(python), __file__, f"--_{what}", str(corpus), str(work), str(workers), cfg_json, str(out)]
    peak = [0, 0, 0]  # sum over the process tree, largest single process, sum of anonymous memory
    stop = threading.Event()
    log = work.parent / f"{what}.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)

    def sample():
        try:
            import psutil
        except ImportError:
            return
        p = psutil.Process(proc.pid)
        while not stop.wait(0.1):
            try:
                infos = [p.memory_info()] + [c.memory_info() for c in p.children(recursive=True)]
                rss = [m.rss for m in infos]
                anon = sum(m.rss - getattr(m, "shared", 0) for m in infos)  # without file pages (memory maps)
                peak[0], peak[1], peak[2] = max(peak[0], sum(rss)), max(peak[1], max(rss)), max(peak[2], anon)
            except psutil.Error:
                pass

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    rc = proc.wait()
    stop.set()
    th.join()
    if rc != 0:
        raise SystemExit(f"{what} run failed (exit {rc}):\n{log.read_text()[-3000:]}")
    res = json.loads(out.read_text())
    res["peak_total_mb"] = peak[0] / 2**20 if peak[0] else None
    if peak[1]:
        res["peak_process_mb"] = peak[1] / 2**20
    res["peak_anon_mb"] = peak[2] / 2**20 if peak[2] else None
    return res


def _child_main(argv: list[str]) -> None:
    what, corpus, work, workers, cfg_json, out = argv
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    if what == "--_thresher":
        res = run_thresher(Path(corpus), work, int(workers), cfg_json)
    else:
        res = run_datatrove(Path(corpus), work, int(workers))
    # fallback without psutil; on Linux ru_maxrss survives exec, so it can include the parent's size
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    res["peak_process_mb"] = max(me, kids) / 1024
    Path(out).write_bytes(orjson.dumps(res))


# -- ground truth and scores ----------------------------------------------------------------------
class Truth:
    """Exact Jaccard of word 5-gram sets (Python sets of 64-bit hashes, independent of thresher's)."""

    def __init__(self, texts: list[str]):
        from thresher.dedup.minhash import normalize, tokens

        self.texts, self.normalize, self.tokens, self.cache = texts, normalize, tokens, {}

    def grams(self, i: int) -> np.ndarray:
        g = self.cache.get(i)
        if g is None:
            w = self.tokens(self.normalize(self.texts[i]))
            grams = {" ".join(w[j : j + 5]) for j in range(max(1, len(w) - 4))} if w else set()
            g = self.cache[i] = np.unique(np.array([hash(x) for x in grams], np.int64))
        return g

    def jaccard(self, a: int, b: int) -> float:
        x, y = self.grams(a), self.grams(b)
        inter = np.intersect1d(x, y, assume_unique=True).size
        union = x.size + y.size - inter
        return inter / union if union else 1.0


def score(removed: dict, pairs: dict, truth: Truth, exact_pairs: list) -> dict:
    """Recall per true-similarity band, precision of removed docs, exact-duplicate recall."""
    gone = {int(k) for k in removed}
    rec = {}
    for lo, hi in BANDS:
        sel = [(a, b) for (a, b), j in pairs.items() if lo <= j < hi]
        rec[(lo, hi)] = (sum(a in gone or b in gone for a, b in sel), len(sel))
    good = sum(kept >= 0 and truth.jaccard(int(k), kept) >= 0.7 for k, (kept, _, _) in removed.items())
    errs = [abs(sim - truth.jaccard(int(k), kept)) for k, (kept, sim, kind) in removed.items() if sim is not None]
    return {
        "recall": rec,
        "precision": good / len(removed) if removed else 1.0,
        "removed": len(removed),
        "exact": (sum(a in gone or b in gone for a, b in exact_pairs), len(exact_pairs)),
        "sim_error": (float(np.mean(errs)), float(np.max(errs))) if errs else None,
    }


def print_table(results: dict, n: int, pairs: dict) -> None:
    names = list(results)
    w = max(24, *(len(x) + 2 for x in names))
    print(f"\n== Accuracy on {n} docs ({len(pairs)} evaluated pairs: planted + flagged by any method)")
    print(f"{'true Jaccard':14s}{'pairs':>7s}" + "".join(f"{x:>{w}s}" for x in names))
    for band in BANDS:
        tot = next(iter(results.values()))["score"]["recall"][band][1]
        row = f"{band[0]:.1f}-{min(band[1], 1.0):.1f}{'':7s}{tot:>7d}"
        for x in names:
            c, t = results[x]["score"]["recall"][band]
            row += f"{(f'{c / t:.3f}' if t else '-'):>{w}s}"
        print(row)
    lines = {
        "precision (J>=0.7)": lambda s, r: f"{s['precision']:.3f}",
        "exact-dup recall": lambda s, r: f"{s['exact'][0]}/{s['exact'][1]}",
        "docs removed": lambda s, r: str(s["removed"]),
        "|sim - true J| mean/max": lambda s, r: "-" if not s["sim_error"] else "{:.3f}/{:.3f}".format(*s["sim_error"]),
        "docs/s": lambda s, r: f"{n / r['seconds']:.0f}",
        "seconds": lambda s, r: f"{r['seconds']:.1f}",
        "peak MB (1 process)": lambda s, r: f"{r['peak_process_mb']:.0f}",
        "peak MB (all procs)": lambda s, r: "-" if not r.get("peak_total_mb") else f"{r['peak_total_mb']:.0f}",
        "  of it not file maps": lambda s, r: "-" if not r.get("peak_anon_mb") else f"{r['peak_anon_mb']:.0f}",
    }
    for label, fn in lines.items():
        print(f"{label:21s}" + "".join(f"{fn(results[x]['score'], results[x]):>{w}s}" for x in names))
    for x in names:
        st = ", ".join(f"{k} {v:.1f}s" for k, v in results[x]["stages"].items())
        print(f"  {x}: {st}")


VARIANTS = {
    "thresher (20x6, exact verify)": {},
    "thresher (20x6, estimate verify)": {"verify": "estimate"},
    "thresher (14x8, no verify)": {"bands": 14, "rows": 8, "verify": False},
}


def accuracy_and_speed(args, tmp: Path) -> None:
    corpus = tmp / "corpus"
    t0 = time.perf_counter()
    planted = write_corpus(args.docs, corpus, args.files, args.seed)
    texts = read_texts(corpus)
    print(f"corpus: {len(texts)} docs, {len(planted)} planted duplicates, {args.files} files "
          f"({time.perf_counter() - t0:.0f}s to generate)")
    compare_impls(texts[: args.impl_docs], 120)
    results = {}
    for name, over in VARIANTS.items():
        work = tmp / f"run-{len(results)}"
        results[name] = run_child(Path(sys.executable), "thresher", corpus, work, args.workers, json.dumps(over))
    if not args.no_datatrove:
        if BENCH_VENV.is_file():
            results["datatrove 0.10 (14x8)"] = run_child(BENCH_VENV, "datatrove", corpus, tmp / "dt", args.workers)
        else:
            print(f"\n(datatrove skipped: {BENCH_VENV} missing; python -m venv .venv-bench && "
                  ".venv-bench/bin/pip install datatrove spacy -e .)")
    truth = Truth(texts)
    pairs = {}
    for p in planted:
        pairs[(min(p.copy, p.source), max(p.copy, p.source))] = None
    for r in results.values():
        for k, (kept, _, _) in r["removed"].items():
            if kept >= 0:
                pairs[(min(int(k), kept), max(int(k), kept))] = None
    pairs = {ab: truth.jaccard(*ab) for ab in pairs}
    exact_pairs = [(p.source, p.copy) for p in planted if p.kind in ("exact", "rewrap")
                   and truth.normalize(texts[p.copy]) == truth.normalize(texts[p.source])]
    for r in results.values():
        r["score"] = score(r["removed"], pairs, truth, exact_pairs)
    print_table(results, len(texts), pairs)
    main = results[next(iter(VARIANTS))]
    if "datatrove 0.10 (14x8)" in results:
        dt = results["datatrove 0.10 (14x8)"]
        print(f"\nspeed: thresher {len(texts) / main['seconds']:.0f} docs/s vs datatrove "
              f"{len(texts) / dt['seconds']:.0f} docs/s with {args.workers} workers: "
              f"{dt['seconds'] / main['seconds']:.1f}x; peak memory (largest process) "
              f"{main['peak_process_mb']:.0f} MB vs {dt['peak_process_mb']:.0f} MB")
    print(f"thresher config: {main['config']}\nthresher counters: {main['stats']}")


def scale(args, tmp: Path) -> None:
    print(f"\n== Growth (thresher default config, {args.workers} workers)")
    print("  (MB: peak resident memory; 'pass1' the largest writer process, 'resolve' the process that")
    print("   resolved while it resolved, both by VmHWM, then resolve's peak anonymous / file-mapped")
    print("   memory, sampled every 5 ms;")
    print("   '1 proc' and 'all' sampled over the whole run's process tree)")
    print(f"{'docs':>9s}{'files':>6s}{'pass1 s':>9s}{'resolve s':>10s}{'filter s':>9s}{'total s':>9s}"
          f"{'us/doc':>8s}{'pass1 MB':>9s}{'resolve MB':>11s}{'anon/file':>10s}{'peak MB 1 proc':>15s}{'peak MB all':>12s}"
          f"{'(anon)':>8s}{'removed':>9s}", flush=True)
    for n in [int(x) for x in args.scale_sizes.split(",")]:
        corpus = tmp / f"scale-{n}"
        files = max(args.files, n // 25000)
        write_corpus(n, corpus, files, args.seed)
        r = run_child(Path(sys.executable), "thresher", corpus, tmp / f"scale-run-{n}", args.workers,
                      json.dumps({"_count_only": True}))
        s = r["stages"]
        print(f"{n:9d}{files:6d}{s['pass1']:9.1f}{s['resolve']:10.1f}{s['filter']:9.1f}{r['seconds']:9.1f}"
              f"{1e6 * r['seconds'] / n:8.0f}{r['pass1_mb']:9.0f}{r['resolve_mb']:11.0f}"
              f"{r['resolve_anon_mb']:5.0f}/{r['resolve_file_mb']:<4.0f}"
              f"{r['peak_process_mb']:15.0f}{(r['peak_total_mb'] or 0):12.0f}{(r.get('peak_anon_mb') or 0):8.0f}"
              f"{r['removed_count']:9d}", flush=True)
        import shutil

        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(tmp / f"scale-run-{n}", ignore_errors=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("--_thresher", "--_datatrove"):
        return _child_main(sys.argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--files", type=int, default=8, help="input JSONL files (datatrove splits work by file)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--impl-docs", type=int, default=2000, help="docs for the MinHash implementation comparison")
    ap.add_argument("--no-datatrove", action="store_true")
    ap.add_argument("--scale", action="store_true", help="thresher alone on growing corpora")
    ap.add_argument("--scale-sizes", default="20000,100000,1000000")
    ap.add_argument("--workdir", help="keep files here instead of a temporary directory")
    args = ap.parse_args()
    if not (SHARED / "data" / "dev").is_dir():
        print(f"bench/dedup.py: {SHARED}/data/dev is missing; this bench needs the shared article text. Skipped.")
        return
    with tempfile.TemporaryDirectory(prefix="thresher-dedup-", dir=args.workdir) as tmp:
        if args.scale:
            scale(args, Path(tmp))
        else:
            accuracy_and_speed(args, Path(tmp))


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
