"""Pass 2: merge the shards' sorted files out of core, cluster, verify, and write the decisions.

Steps, each leaving files in ``workdir/resolve/`` so that a rerun after a crash redoes only what
was not finished (and, everything being deterministic, gives the same result):

1. **Merge.** For each band (and the exact hashes) the hash space is cut into ranges small enough
   for the memory budget; each range is read from every part's sorted file (binary search into a
   memory map, one part's map open at a time), merged, and documents sharing a hash give edges
   (smallest key, other key). Written range by range as ``edges-<band>.bin`` (raw uint64 pairs),
   one file per band, atomically. A range holds at most ``MERGE_ENTRIES`` entries, so the merge's
   memory does not grow with the corpus.
2. **Cluster** (``graph.py``). The band edges are hashed into partition files of a fixed number of
   pairs, deduplicated one partition at a time; with verification, pairs whose MinHash estimate is
   far below the threshold (``threshold - PREFILTER_MARGIN``) are dropped, so chance collisions do
   not chain unrelated documents into one cluster. Connected components by a union-find over a
   numpy parent array, streaming the pair files in chunks, written out as cluster files of whole
   components. Signatures are read from the shard files in batches of at most ``DOCS_AT_ONCE``
   documents (here and in step 3). Memory: fixed-size chunks and batches, plus 8 bytes per
   candidate document while the pairs are turned into node ids, 4 during the union-find; nothing
   per pair.
3. **Keep one, verify against it.** Within a cluster, documents are taken in key (input) order.
   The first is kept. Each later one is removed when it is at least ``threshold`` similar to an
   already kept document of the cluster, and points at the most similar of them (smallest key on
   ties); otherwise it is kept too. Verifying against the kept document, not the pair that linked
   it, stops chains A~B~C from removing C when C is not like A. Without verification every
   document of a cluster but the first is removed (datatrove's rule). Clusters are decided in
   batches of at most ``DOCS_AT_ONCE`` documents; a larger cluster is decided alone, its members
   looked up that many at a time and its kept documents spilled to a file and read back in blocks
   (``_decide_large``), so neither a cluster's size nor its kept documents' number sets the memory.
4. **Decisions.** Spilled batch by batch to one file per shard, then sorted by key into
   ``decisions/<shard>.npy``; then ``DONE``. Steps 2-4 work in ``resolve/work`` and are redone
   whole by a rerun.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

import numpy as np

from ..stats import Stats
from .config import DedupConfig, ceil_div, resolved_budget_bytes
from .graph import chunk_size, cluster_files, partition_pairs, read_clusters, unique_pairs
from .minhash import estimate, jaccard
from .store import SHARDS, Part, atomic_save, atomic_write_bytes, list_shards, shard_parts

RESOLVE = "resolve"
DECISION_DTYPE = np.dtype([("key", "<i8"), ("kept", "<i8"), ("sim", "<f4"), ("kind", "u1")])
KINDS = ("exact", "near")
# Edges whose signature estimate is this far below the threshold are not verified: with 120 hashes
# the estimate's standard error at J = 0.7 is 0.042, so 0.15 is 3.6 standard errors (P < 2e-4).
PREFILTER_MARGIN = 0.15
# bytes of memory per merged entry: hash + key (16), lexsort index (8), sorted copies (16), slack
_BYTES_PER_ENTRY = 64
# entries merged at once at most (~4 MB of scratch), whatever the budget and the corpus size
MERGE_ENTRIES = 1 << 16
# documents whose signatures (and exact hashes, and places) are in memory at once: 480 bytes each
# with 120 hashes, ~4 MB; fewer when the budget is small
DOCS_AT_ONCE = 1 << 13
# candidate pairs whose two signatures are copied out at once by the prefilter (~1 MB)
_PAIRS_AT_ONCE = 1 << 10


def merge_edges(parts: list[Part], load, budget: int):
    """Edges (smallest key, key) between documents sharing a hash, merged from sorted part files.

    ``load(part)`` gives a uint64[2, n] array (hashes sorted, keys); the hash space is split into
    as many ranges as the budget needs, and each range is a k-way merge of the parts' slices.
    Yields the edges of each range as uint64[n, 2], so that they can be written as they come.
    """
    total = sum(load(p).shape[1] for p in parts)
    ranges = max(1, ceil_div(total * _BYTES_PER_ENTRY, max(budget // 2, 1)), ceil_div(total, MERGE_ENTRIES))
    bounds = [np.uint64(i * (2**64 // ranges)) for i in range(ranges)]
    for r in range(ranges):
        hs, ks = [], []
        for p in parts:
            # one part's map at a time, its slice copied out: the pages a map touched (the binary
            # search faults in ~64 KB around each probe) stay resident until it is closed, so maps
            # kept open for the whole range would hold ~1 MB per part, i.e. grow with the corpus
            a = load(p)
            h = a[0]
            i0 = int(np.searchsorted(h, bounds[r])) if r else 0
            i1 = int(np.searchsorted(h, bounds[r + 1])) if r + 1 < ranges else h.size
            if i1 > i0:
                hs.append(np.array(h[i0:i1]))
                ks.append(np.array(a[1, i0:i1]))
            del a, h
        if not hs:
            continue
        H = np.concatenate(hs)
        K = np.concatenate(ks)
        del hs, ks
        order = np.lexsort((K, H))
        H, K = H[order], K[order]
        del order
        new = np.empty(H.size, bool)
        new[0] = True
        np.not_equal(H[1:], H[:-1], out=new[1:])
        del H
        dup = np.flatnonzero(~new)
        if dup.size:
            out = np.empty((dup.size, 2), np.uint64)
            out[:, 0] = K[np.flatnonzero(new)][np.cumsum(new)[dup] - 1]
            out[:, 1] = K[dup]
            yield out


def write_edges(path: Path, edges) -> None:
    """Write the edge arrays of ``edges`` (uint64[n, 2] each) as one raw file, atomically."""
    tmp = path.with_name(f".tmp-{path.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    with open(tmp, "wb") as fh:
        for e in edges:
            e.tofile(fh)
    os.replace(tmp, path)


class _Lookup:
    """Per candidate document: where it lives, its signature, exact hash and shingle sample."""

    def __init__(self, nodes: np.ndarray, parts: list[Part], near: bool, sample: bool):
        n = nodes.size
        self.part = np.full(n, -1, np.int32)
        self.row = np.zeros(n, np.int64)
        for i, p in enumerate(parts):
            keys = p.load("keys")  # a fresh map: its pages leave when it does
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
        # where each document's sample starts and ends in its part's sample.npy (not the parts' whole
        # offset arrays: a batch touches most parts)
        self.span = np.zeros((n, 2), np.int64) if sample else None
        for i, p in enumerate(parts):
            sel = np.flatnonzero(self.part == i)
            if sel.size == 0:
                continue
            rows = self.row[sel]
            self.exact[sel] = p.load("exact")[rows]
            if sample:
                off = p.load("offsets")
                self.span[sel, 0], self.span[sel, 1] = off[rows], off[rows + 1]  # type: ignore[index]
            if near:
                sig = p.load("sig")
                if self.sig is None:
                    self.sig = np.zeros((n, sig.shape[1]), np.uint32)
                self.sig[sel] = sig[rows]

    def sample(self, i: int) -> np.ndarray:
        start, end = self.span[i].tolist()  # type: ignore[index]
        return self.sample_at(int(self.part[i]), start, end)

    def sample_at(self, part: int, start: int, end: int) -> np.ndarray:
        """Entries ``start .. end`` of a part's sample.npy (any document's, not only this batch's)."""
        if part not in self.samples:
            f = open(self.parts[part].path / "sample.npy", "rb")  # noqa: SIM115 (closed in close())
            fmt = np.lib.format
            if fmt.read_magic(f) == (1, 0):
                fmt.read_array_header_1_0(f)
            else:
                fmt.read_array_header_2_0(f)
            self.samples[part] = (f, f.tell())
        f, base = self.samples[part]
        f.seek(base + 4 * start)
        return np.fromfile(f, np.uint32, end - start)

    def close(self) -> None:
        for f, _ in (self.samples or {}).values():
            f.close()


def _decide(cfg: DedupConfig, nodes: np.ndarray, roots: np.ndarray, look: _Lookup, stats: Stats):
    """Kept/removed within each cluster: (removed, kept) indices into ``nodes``, similarities, kinds."""
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
    return np.array(rem, np.int64), np.array(kept, np.int64), sims, kinds


def _prefilter(pairs: np.ndarray, parts: list[Part], cfg: DedupConfig, batch: int) -> np.ndarray:
    """Mask of the pairs (uint64[n, 2]) whose signature estimate is within the margin of the threshold."""
    keep = np.zeros(pairs.shape[0], bool)
    for i in range(0, pairs.shape[0], batch):
        cn, inv = np.unique(pairs[i : i + batch].ravel(), return_inverse=True)
        sig = _Lookup(cn, parts, True, False).sig
        inv = inv.reshape(-1, 2)
        for j in range(0, inv.shape[0], _PAIRS_AT_ONCE):  # two signature copies per pair: a few at a time
            a, b = inv[j : j + _PAIRS_AT_ONCE, 0], inv[j : j + _PAIRS_AT_ONCE, 1]
            keep[i + j : i + j + a.size] = estimate(sig[a], sig[b]) >= cfg.threshold - PREFILTER_MARGIN  # type: ignore
        del sig, cn, inv
    return keep


def _cluster_batches(roots: np.ndarray, limit: int):
    """(start, end) runs of whole clusters, ``roots`` sorted: clusters of at most ``limit`` documents
    grouped into runs of at most ``limit``; a larger cluster alone (``_decide_large`` takes it)."""
    if roots.size == 0:
        return
    starts = np.flatnonzero(np.r_[True, roots[1:] != roots[:-1]]).tolist()
    lo = 0
    for s, e in zip(starts, starts[1:] + [roots.size]):
        if e - s > limit:
            if s > lo:
                yield lo, s
            yield s, e
            lo = e
        elif e - lo > limit:
            yield lo, s
            lo = s
    if roots.size > lo:
        yield lo, roots.size


_REP = np.dtype([("key", "<u8"), ("exact", "<u8"), ("part", "<i8"), ("start", "<i8"), ("end", "<i8")])


def _decide_large(cfg: DedupConfig, keys: np.ndarray, parts: list[Part], limit: int, spill: Path, stats: Stats):
    """The rule of ``_decide`` for one cluster of more than ``limit`` documents (``keys`` ascending).

    Members are looked up ``limit`` at a time. The documents kept so far (which can be as many as
    the members) are spilled to two files (``spill``.reps, .sigs) and compared against ``limit``
    at a time, before the kept documents of the member's own chunk, so each member meets every
    earlier kept document in the same order as in ``_decide``: same choices, same similarities.
    Yields, per chunk, the decisions (DECISION_DTYPE) and the part of each removed document.
    """
    stats.count("dedup.clusters")
    near = cfg.mode != "exact"
    with_sample = near and cfg.verify == "exact"
    t = cfg.threshold
    simple = cfg.mode == "exact" or cfg.verify == "none"
    first = None  # (exact hash, signature) of the first member, for the simple rule
    reps, sigs = spill.with_suffix(".reps"), spill.with_suffix(".sigs")
    n_old = 0
    width = cfg.num_perm
    try:
        for c0 in range(0, keys.size, limit):
            ck = keys[c0 : c0 + limit]
            n = ck.size
            look = _Lookup(ck, parts, near, with_sample)
            rem, kept, sims, kinds = [], [], [], []
            try:
                if simple:
                    if first is None:
                        first = (look.exact[0], None if look.sig is None else look.sig[0].copy())
                    for i in range(1 if c0 == 0 else 0, n):
                        same = look.exact[i] == first[0]
                        sim = 1.0 if same or first[1] is None else float(estimate(look.sig[i], first[1]))  # type: ignore[index]
                        rem.append(i), kept.append(keys[0]), sims.append(sim), kinds.append(0 if same else 1)
                else:
                    # against the kept documents of earlier chunks, in their order
                    ex_key = np.zeros(n, np.uint64)
                    ex_found = np.zeros(n, bool)
                    best_key = np.zeros(n, np.uint64)
                    best_sim = np.full(n, -1.0)
                    best_found = np.zeros(n, bool)
                    for b0 in range(0, n_old, limit):
                        meta = np.fromfile(reps, _REP, min(limit, n_old - b0), offset=b0 * _REP.itemsize)
                        sig_b = np.fromfile(sigs, np.uint32, meta.size * width, offset=4 * b0 * width).reshape(-1, width)
                        for i in range(n):
                            if ex_found[i]:
                                continue  # an exact match decides, and the first one is kept
                            same = np.flatnonzero(meta["exact"] == look.exact[i])
                            if same.size:
                                ex_found[i], ex_key[i] = True, meta["key"][same[0]]
                                continue
                            est = estimate(sig_b, look.sig[i])  # type: ignore[index]
                            if cfg.verify == "estimate":
                                j = int(np.argmax(est))
                                cands = [(j, float(est[j]))]
                            else:
                                cands = [(j, jaccard(look.sample(i), look.sample_at(*meta[["part", "start", "end"]][j].tolist()),
                                                     cfg.verify_sample))
                                         for j in np.flatnonzero(est >= t - PREFILTER_MARGIN).tolist()]
                            for j, sim in cands:  # the first best in the kept documents' order
                                if sim > best_sim[i]:
                                    best_sim[i], best_key[i], best_found[i] = sim, meta["key"][j], True
                        del meta, sig_b
                    # then against the kept documents of this chunk, member by member
                    new = [0] if c0 == 0 else []
                    for i in range(1 if c0 == 0 else 0, n):
                        if ex_found[i]:
                            rem.append(i), kept.append(ex_key[i]), sims.append(1.0), kinds.append(0)
                            continue
                        r = np.array(new, np.int64)
                        same = np.flatnonzero(look.exact[r] == look.exact[i])
                        if same.size:
                            rem.append(i), kept.append(ck[r[same[0]]]), sims.append(1.0), kinds.append(0)
                            continue
                        b_key, b_sim, found = best_key[i], float(best_sim[i]), bool(best_found[i])
                        if r.size:
                            est = estimate(look.sig[r], look.sig[i])  # type: ignore[index]
                            if cfg.verify == "estimate":
                                j = int(np.argmax(est))
                                cands = [(j, float(est[j]))]
                            else:
                                cands = [(j, jaccard(look.sample(i), look.sample(int(r[j])), cfg.verify_sample))
                                         for j in np.flatnonzero(est >= t - PREFILTER_MARGIN).tolist()]
                            for j, sim in cands:
                                if sim > b_sim:
                                    b_key, b_sim, found = ck[r[j]], sim, True
                        if found and b_sim >= t:
                            rem.append(i), kept.append(b_key), sims.append(b_sim), kinds.append(1)
                        else:
                            new.append(i)
                            stats.count("dedup.kept_after_verify")
                    if new:
                        meta = np.empty(len(new), _REP)
                        meta["key"], meta["exact"], meta["part"] = ck[new], look.exact[new], look.part[new]
                        if with_sample:
                            meta["start"], meta["end"] = look.span[new, 0], look.span[new, 1]  # type: ignore[index]
                        else:
                            meta["start"] = meta["end"] = 0
                        with open(reps, "ab") as fh:
                            meta.tofile(fh)
                        with open(sigs, "ab") as fh:
                            np.ascontiguousarray(look.sig[new]).tofile(fh)  # type: ignore[index]
                        n_old += len(new)
            finally:
                look.close()
            r = np.array(rem, np.int64)
            dec = np.empty(r.size, DECISION_DTYPE)
            dec["key"], dec["kept"] = ck[r], np.array(kept, np.uint64)
            dec["sim"], dec["kind"] = np.array(sims, np.float32), np.array(kinds, np.uint8)
            yield dec, look.part[r]
            del look
    finally:
        reps.unlink(missing_ok=True)
        sigs.unlink(missing_ok=True)


def _remove_leftovers(workdir: Path) -> None:
    """Delete what killed processes left: a shard writer's ``.tmp-*`` (or a replaced shard's
    ``.old-*``) directory, a half-written ``.tmp-*`` file of resolve. Resolve runs after every
    writer closed, so none of them is still being written."""
    root = workdir / SHARDS
    if root.is_dir():
        for d in root.iterdir():
            if d.name.startswith((".tmp-", ".old-")):
                shutil.rmtree(d, ignore_errors=True)
    for sub in (workdir / RESOLVE, workdir / RESOLVE / "decisions"):
        if sub.is_dir():
            for f in sub.glob(".tmp-*"):
                f.unlink(missing_ok=True)


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
    _remove_leftovers(workdir)
    (rdir / "decisions").mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(rdir / "manifest.json", manifest.encode())
    budget = resolved_budget_bytes(cfg)
    names = sorted(shards)
    parts = [p for name in names for p in shard_parts(workdir, name, shards[name])]
    part_shard = np.array([s for s, name in enumerate(names) for _ in range(shards[name]["parts"])], np.int64)
    stats = Stats()
    stats.count("dedup.docs", sum(m["docs"] for m in shards.values()))

    # 1. merge: one edge file per band, skipped when a previous run finished it
    jobs = []
    if cfg.mode in ("exact", "both"):
        jobs.append(("exact", lambda p: p.load("exact_sorted")))
    if cfg.mode != "exact":
        for b in range(cfg.bands):  # type: ignore[arg-type]
            jobs.append((f"band-{b:03d}", lambda p, b=b: p.load("bands")[b]))
    edge_files = []
    for name, load in jobs:
        path = rdir / f"edges-{name}.bin"
        if not path.is_file():
            write_edges(path, merge_edges(parts, load, budget))
        edge_files.append(path)

    # 2. distinct pairs, partition by partition; those far below the threshold dropped (exact
    #    duplicates estimate 1.0); then connected components
    work = rdir / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    near = cfg.mode != "exact"
    per_node = 64 + (4 * cfg.num_perm if near else 0)
    limit = min(DOCS_AT_ONCE, max(1000, budget // 8 // per_node))  # documents in memory at once
    chunk = chunk_size(budget)
    prefilter = near and cfg.verify != "none"
    n_pairs = n_dropped = 0
    pair_files = []
    for i, raw in enumerate(partition_pairs(edge_files, work, chunk)):
        pairs = unique_pairs(raw)
        raw.unlink()
        n_pairs += pairs.shape[0]
        if prefilter and pairs.shape[0]:
            keep = _prefilter(pairs, parts, cfg, limit // 2)
            n_dropped += int((~keep).sum())
            pairs = pairs[keep]
        pair_files.append(work / f"pairs-{i:05d}.bin")
        pairs.tofile(pair_files[-1])
        del pairs
    stats.count("dedup.candidate_pairs", n_pairs)
    if prefilter and n_pairs:
        stats.count("dedup.pairs_prefiltered_out", n_dropped)
    clusters = cluster_files(pair_files, work, chunk)
    for f in pair_files:
        f.unlink()

    # 3. keep one per cluster, verify the others against the kept ones; clusters in batches (of
    #    whole clusters, from one cluster file at a time), whose decisions are appended to a file
    #    per shard
    removed = np.zeros(2, np.int64)

    def spill(dec: np.ndarray, part: np.ndarray) -> None:
        removed[:] += np.bincount(dec["kind"], minlength=2)[:2]
        shard = part_shard[part]
        for s in np.unique(shard).tolist():
            with open(work / f"dec-{s:05d}.bin", "ab") as fh:
                dec[shard == s].tofile(fh)

    for path in clusters:
        rec = read_clusters(path)  # by cluster, members in key order
        path.unlink()
        roots, nodes = rec[:, 0], rec[:, 1]
        for lo, hi in _cluster_batches(roots, limit):
            if hi - lo > limit:  # one cluster, larger than a batch
                for dec, part in _decide_large(cfg, nodes[lo:hi], parts, limit, work / "large", stats):
                    spill(dec, part)
                continue
            look = _Lookup(nodes[lo:hi], parts, near, near and cfg.verify == "exact")
            try:
                r, k, sm, kd = _decide(cfg, nodes[lo:hi], roots[lo:hi], look, stats)
            finally:
                look.close()
            dec = np.empty(r.size, DECISION_DTYPE)
            dec["key"], dec["kept"] = nodes[lo:hi][r], nodes[lo:hi][k]
            dec["sim"], dec["kind"] = np.array(sm, np.float32), np.array(kd, np.uint8)
            spill(dec, look.part[r])
            del look, dec  # before the next batch's are made, not after
        del rec, roots, nodes
    stats.count("dedup.removed.exact", int(removed[0]))
    stats.count("dedup.removed.near", int(removed[1]))

    # 4. decisions per shard, sorted by key
    for s, name in enumerate(names):
        spill = work / f"dec-{s:05d}.bin"
        dec = np.fromfile(spill, DECISION_DTYPE) if spill.is_file() else np.empty(0, DECISION_DTYPE)
        dec.sort(order="key")
        atomic_save(rdir / "decisions" / f"{name}.npy", dec)
    shutil.rmtree(work, ignore_errors=True)
    atomic_write_bytes(rdir / "stats.json", json.dumps(dict(stats.counters), sort_keys=True).encode())
    atomic_write_bytes(rdir / "DONE", b"")
    return stats
