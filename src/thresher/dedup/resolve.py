"""Pass 2: merge the shards' sorted files out of core, cluster, verify, and write the decisions.

Steps, each leaving files in ``workdir/resolve/`` so that a rerun after a crash redoes only what
was not finished (and, everything being deterministic, gives the same result):

1. **Merge.** For each band (and the exact hashes) the hash space is cut into ranges small enough
   for the memory budget; each range is read from every part's sorted file (binary search into a
   memory map), merged, and documents sharing a hash give edges (smallest key, other key).
   Written as ``edges-<band>.npy``, one file per band, atomically; read back band by band into
   one deduplicated edge list.
2. **Cluster.** Union-find over the edges. With verification, edges whose MinHash estimate is far
   below the threshold (``threshold - PREFILTER_MARGIN``) are dropped first, so chance collisions
   do not chain unrelated documents into one cluster. Signatures are read from the memory-mapped
   shard files in batches sized by the budget (here and in step 3), so memory grows with the
   number of candidate pairs (16 bytes each) and candidate documents (~100 bytes each), not with
   the corpus.
3. **Keep one, verify against it.** Within a cluster, documents are taken in key (input) order.
   The first is kept. Each later one is removed when it is at least ``threshold`` similar to an
   already kept document of the cluster, and points at the most similar of them (smallest key on
   ties); otherwise it is kept too. Verifying against the kept document, not the pair that linked
   it, stops chains A~B~C from removing C when C is not like A. Without verification every
   document of a cluster but the first is removed (datatrove's rule).
4. **Decisions.** One file per shard with the removed keys, ``decisions/<shard>.npy``; then ``DONE``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from ..stats import Stats
from .config import DedupConfig
from .minhash import estimate, jaccard
from .store import Part, atomic_save, atomic_write_bytes, list_shards, shard_parts

RESOLVE = "resolve"
DECISION_DTYPE = np.dtype([("key", "<i8"), ("kept", "<i8"), ("sim", "<f4"), ("kind", "u1")])
KINDS = ("exact", "near")
# Edges whose signature estimate is this far below the threshold are not verified: with 120 hashes
# the estimate's standard error at J = 0.7 is 0.042, so 0.15 is 3.6 standard errors (P < 2e-4).
PREFILTER_MARGIN = 0.15
# bytes of memory per merged entry: hash + key (16), lexsort index (8), sorted copies (16), slack
_BYTES_PER_ENTRY = 64


def merge_edges(parts: list[Part], load, budget: int) -> np.ndarray:
    """Edges (smallest key, key) between documents sharing a hash, merged from sorted part files.

    ``load(part)`` gives a uint64[2, n] array (hashes sorted, keys); the hash space is split into
    as many ranges as the budget needs, and each range is a k-way merge of the parts' slices.
    """
    arrays = [load(p) for p in parts]
    total = sum(a.shape[1] for a in arrays)
    ranges = max(1, -(-total * _BYTES_PER_ENTRY // max(budget // 2, 1)))
    bounds = [np.uint64(i * (2**64 // ranges)) for i in range(ranges)]
    out_a: list[np.ndarray] = []
    out_b: list[np.ndarray] = []
    for r in range(ranges):
        hs, ks = [], []
        for a in arrays:
            h = a[0]
            i0 = int(np.searchsorted(h, bounds[r])) if r else 0
            i1 = int(np.searchsorted(h, bounds[r + 1])) if r + 1 < ranges else h.size
            if i1 > i0:
                hs.append(np.asarray(h[i0:i1]))
                ks.append(np.asarray(a[1, i0:i1]))
        if not hs:
            continue
        H = np.concatenate(hs)
        K = np.concatenate(ks)
        order = np.lexsort((K, H))
        H, K = H[order], K[order]
        new = np.empty(H.size, bool)
        new[0] = True
        np.not_equal(H[1:], H[:-1], out=new[1:])
        first = K[np.flatnonzero(new)][np.cumsum(new) - 1]
        dup = ~new
        if dup.any():
            out_a.append(first[dup])
            out_b.append(K[dup])
    if not out_a:
        return np.empty((2, 0), np.uint64)
    return np.stack([np.concatenate(out_a), np.concatenate(out_b)])


class _Lookup:
    """Per candidate document: where it lives, its signature, exact hash and shingle sample."""

    def __init__(self, nodes: np.ndarray, parts: list[Part], near: bool, sample: bool):
        n = nodes.size
        self.part = np.full(n, -1, np.int32)
        self.row = np.zeros(n, np.int64)
        for i, p in enumerate(parts):
            keys = p.keys
            if keys.size == 0:
                continue
            pos = np.searchsorted(keys, nodes.astype(np.int64))
            hit = (pos < keys.size) & (keys[np.minimum(pos, keys.size - 1)] == nodes.astype(np.int64))
            self.part[hit] = i
            self.row[hit] = pos[hit]
        if (self.part < 0).any():
            raise RuntimeError("dedup resolve: an edge names a document no shard holds (corrupt work directory)")
        self.exact = np.zeros(n, np.uint64)
        self.sig = None
        self.parts = parts
        # shingle samples are read with seeks, not memory maps: pages of a map would count in the
        # process's resident memory until it is closed
        self.samples: dict[int, tuple] = {} if sample else None  # type: ignore[assignment]
        for i, p in enumerate(parts):
            sel = np.flatnonzero(self.part == i)
            if sel.size == 0:
                continue
            rows = self.row[sel]
            self.exact[sel] = p.load("exact")[rows]
            if near:
                sig = p.load("sig")
                if self.sig is None:
                    self.sig = np.zeros((n, sig.shape[1]), np.uint32)
                self.sig[sel] = sig[rows]

    def sample(self, i: int) -> np.ndarray:
        part = int(self.part[i])
        if part not in self.samples:
            f = open(self.parts[part].path / "sample.npy", "rb")  # noqa: SIM115 (closed in close())
            fmt = np.lib.format
            if fmt.read_magic(f) == (1, 0):
                fmt.read_array_header_1_0(f)
            else:
                fmt.read_array_header_2_0(f)
            self.samples[part] = (f, f.tell(), np.load(self.parts[part].path / "offsets.npy"))
        f, base, off = self.samples[part]
        r = self.row[i]
        f.seek(base + 4 * int(off[r]))
        return np.fromfile(f, np.uint32, int(off[r + 1] - off[r]))

    def close(self) -> None:
        for f, _, _ in (self.samples or {}).values():
            f.close()


def _union_find(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Root (smallest index) of every node's component."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(a.tolist(), b.tolist()):
        rx, ry = find(x), find(y)
        if rx != ry:
            if rx < ry:
                parent[ry] = rx
            else:
                parent[rx] = ry
    return np.array([find(x) for x in range(n)], np.int64)


def _decide(cfg: DedupConfig, nodes: np.ndarray, roots: np.ndarray, look: _Lookup, stats: Stats):
    """Kept/removed within each cluster; returns (removed key, kept key, similarity, kind) lists."""
    order = np.lexsort((np.arange(nodes.size), roots))
    roots_sorted = roots[order]
    starts = np.flatnonzero(np.r_[True, roots_sorted[1:] != roots_sorted[:-1]])
    ends = np.r_[starts[1:], order.size]
    rem, kept, sims, kinds = [], [], [], []
    t = cfg.threshold
    for s, e in zip(starts.tolist(), ends.tolist()):
        if e - s < 2:
            continue
        members = order[s:e]  # ascending index = ascending key
        stats.count("dedup.clusters")
        if cfg.mode == "exact" or cfg.verify == "none":
            k = members[0]
            for m in members[1:].tolist():
                same = look.exact[m] == look.exact[k]
                sim = 1.0 if same or look.sig is None else float(estimate(look.sig[m], look.sig[k]))
                rem.append(m), kept.append(k), sims.append(sim), kinds.append(0 if same else 1)
            continue
        reps = [int(members[0])]
        for m in members[1:].tolist():
            r = np.array(reps)
            same = np.flatnonzero(look.exact[r] == look.exact[m])
            if same.size:
                rem.append(m), kept.append(reps[same[0]]), sims.append(1.0), kinds.append(0)
                continue
            est = estimate(look.sig[r], look.sig[m])  # type: ignore[index]
            best, best_sim = -1, -1.0
            if cfg.verify == "estimate":
                j = int(np.argmax(est))
                best, best_sim = j, float(est[j])
            else:
                for j in np.flatnonzero(est >= t - PREFILTER_MARGIN).tolist():
                    sim = jaccard(look.sample(m), look.sample(reps[j]), cfg.verify_sample)
                    if sim > best_sim:
                        best, best_sim = j, sim
            if best >= 0 and best_sim >= t:
                rem.append(m), kept.append(reps[best]), sims.append(best_sim), kinds.append(1)
            else:
                reps.append(m)
                stats.count("dedup.kept_after_verify")
    return nodes[np.array(rem, np.int64)], nodes[np.array(kept, np.int64)], sims, kinds


def _unique_pairs(e: np.ndarray) -> np.ndarray:
    """Edges (2, n) without repeats, sorted."""
    if e.shape[1] == 0:
        return e
    order = np.lexsort((e[1], e[0]))
    e = e[:, order]
    keep = np.r_[True, (e[0, 1:] != e[0, :-1]) | (e[1, 1:] != e[1, :-1])]
    return e[:, keep]


def _batches(sizes: np.ndarray, limit: int):
    """Split consecutive groups of the given sizes into runs of about ``limit`` items: (start, end)."""
    start, total = 0, 0
    for i, n in enumerate(sizes.tolist()):
        if total and total + n > limit:
            yield start, i
            start, total = i, 0
        total += n
    if total:
        yield start, len(sizes)


def resolve(workdir: Path, cfg: DedupConfig) -> Stats:
    """Run pass 2 over every finished shard; a finished resolve with the same shards returns at once."""
    workdir = Path(workdir)
    shards = list_shards(workdir)
    rdir = workdir / RESOLVE
    manifest = json.dumps({"config": cfg.to_dict(), "shards": shards}, sort_keys=True)
    if rdir.is_dir() and (
        not (rdir / "manifest.json").is_file() or (rdir / "manifest.json").read_text() != manifest
    ):
        shutil.rmtree(rdir)  # made for other shards or settings: start over
    if (rdir / "DONE").is_file():
        return Stats(json.loads((rdir / "stats.json").read_text()))
    (rdir / "decisions").mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(rdir / "manifest.json", manifest.encode())
    budget = cfg.memory_budget_mb * 1024 * 1024
    parts = [p for name in sorted(shards) for p in shard_parts(workdir, name, shards[name])]
    stats = Stats()
    stats.count("dedup.docs", sum(m["docs"] for m in shards.values()))

    # 1. merge: one edge file per band, skipped when a previous run finished it
    jobs = []
    if cfg.mode in ("exact", "both"):
        jobs.append(("exact", lambda p: p.load("exact_sorted")))
    if cfg.mode != "exact":
        for b in range(cfg.bands):  # type: ignore[arg-type]
            jobs.append((f"band-{b:03d}", lambda p, b=b: p.load("bands")[b]))
    edges = np.empty((2, 0), np.uint64)
    for name, load in jobs:
        path = rdir / f"edges-{name}.npy"
        if not path.is_file():
            atomic_save(path, merge_edges(parts, load, budget))
        edges = _unique_pairs(np.concatenate([edges, np.load(path)], axis=1))
    stats.count("dedup.candidate_pairs", edges.shape[1])

    # 2. cluster; edges far below the threshold are dropped first (exact duplicates estimate 1.0)
    near = cfg.mode != "exact"
    per_node = 64 + (4 * cfg.num_perm if near else 0)
    limit = max(1000, budget // 4 // per_node)  # documents whose signatures are in memory at once
    if near and cfg.verify != "none" and edges.shape[1]:
        keep = np.zeros(edges.shape[1], bool)
        step = limit // 2
        for i in range(0, edges.shape[1], step):
            cn, inv = np.unique(edges[:, i : i + step], return_inverse=True)
            sig = _Lookup(cn, parts, near, False).sig
            inv = inv.reshape(2, -1)
            keep[i : i + step] = estimate(sig[inv[0]], sig[inv[1]]) >= cfg.threshold - PREFILTER_MARGIN  # type: ignore
        stats.count("dedup.pairs_prefiltered_out", int((~keep).sum()))
        edges = edges[:, keep]
    nodes, inv = np.unique(edges, return_inverse=True)
    inv = inv.reshape(2, -1)
    roots = _union_find(nodes.size, inv[0], inv[1])
    del edges, inv

    # 3. keep one per cluster, verify the others against the kept ones; clusters in batches
    order = np.lexsort((nodes, roots))
    nodes, roots = nodes[order], roots[order]
    starts = np.flatnonzero(np.r_[True, roots[1:] != roots[:-1]]) if nodes.size else np.empty(0, np.int64)
    sizes = np.diff(np.r_[starts, nodes.size])
    rem_l, kept_l, sims_l, kinds_l = [], [], [], []
    for a, b in _batches(sizes, limit):
        lo, hi = starts[a], (starts[b] if b < starts.size else nodes.size)
        look = _Lookup(nodes[lo:hi], parts, near, near and cfg.verify == "exact")
        try:
            r, k, sm, kd = _decide(cfg, nodes[lo:hi], roots[lo:hi], look, stats)
        finally:
            look.close()
        rem_l.append(r), kept_l.append(k), sims_l.extend(sm), kinds_l.extend(kd)
    rem = np.concatenate(rem_l) if rem_l else np.empty(0, np.uint64)
    kept = np.concatenate(kept_l) if kept_l else np.empty(0, np.uint64)
    sims, kinds = np.array(sims_l, np.float32), np.array(kinds_l, np.uint8)
    stats.count("dedup.removed.exact", int((kinds == 0).sum()))
    stats.count("dedup.removed.near", int((kinds == 1).sum()))

    # 4. decisions per shard
    dec = np.empty(rem.size, DECISION_DTYPE)
    dec["key"], dec["kept"], dec["sim"], dec["kind"] = rem, kept, sims, kinds
    dec.sort(order="key")
    for name in sorted(shards):
        keys = np.concatenate([np.asarray(p.keys) for p in shard_parts(workdir, name, shards[name])] or [[]])
        atomic_save(rdir / "decisions" / f"{name}.npy", dec[np.isin(dec["key"], keys)])
    atomic_write_bytes(rdir / "stats.json", json.dumps(dict(stats.counters), sort_keys=True).encode())
    atomic_write_bytes(rdir / "DONE", b"")
    return stats
