"""Candidate pairs and their connected components, out of core, in chunks of a fixed size.

Resolve's pass 2 works on pairs of document keys (``a < b``) that shared a band bucket. Nothing
here holds all pairs, or more than two arrays of one entry per candidate document, at once:

* ``partition_pairs`` streams the per-band edge files (raw (a, b) uint64 pairs) into raw partition
  files hashed by the first key, each about ``chunk`` pairs, so that repeats of a pair (one per band
  it shares) land in the same partition and ``unique_pairs`` removes them one partition at a time.
* ``collect_nodes`` writes the sorted distinct keys of the pairs (the nodes) to a file: every
  chunk's keys are cut into key ranges of about ``chunk`` keys (bounds from a 1/64 sample of the
  keys) and each range is deduplicated alone, so no step sorts all the keys at once.
* ``union_find`` rewrites the pairs as int32 node ids (the nodes are in memory for this, 8 bytes
  each) and then, with only a parent array (4 bytes a node), hooks the larger root onto the smaller
  for each chunk until the chunk has no pair across two trees, with pointer jumping over the nodes
  the chunk touched. Unions never split a tree, so one pass over the chunks suffices. Every root is
  the smallest id (= smallest key) of its component, like the in-memory union-find it replaces.
* ``cluster_files`` writes (root, key) records into files by root range, so that each file holds
  whole components of about ``chunk`` documents in all, and the parent array can go.

Memory: the chunk's scratch (~50 bytes a pair) plus, while components are found, 8 bytes per
candidate document (then 4): the only arrays that grow with the corpus (the 1M-document bench
corpus: 480k candidates, 3.8 MB). Reading a cluster file back costs 16 bytes per record, ~1 MB,
or 16 bytes per member of a component larger than ``chunk``.

>>> import tempfile
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> f = d / "p.bin"
>>> np.array([[5, 9], [1, 2], [9, 12], [2, 3], [20, 21]], np.uint64).tofile(f)
>>> nodes, roots = components([f], d, chunk=2)
>>> nodes.tolist(), nodes[roots].tolist()
([1, 2, 3, 5, 9, 12, 20, 21], [1, 1, 1, 5, 5, 5, 20, 20])
>>> [read_clusters(c).tolist() for c in cluster_files([f], d, chunk=4)]
[[[0, 1], [0, 2], [0, 3], [3, 5], [3, 9], [3, 12]], [[6, 20], [6, 21]]]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .config import ceil_div

# pairs handled at once; ~50 bytes of scratch each (about 3 MB), whatever the corpus size
CHUNK = 1 << 16
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
# pointer jumping over the whole parent array every this many chunks keeps trees shallow
_COMPRESS_EVERY = 16
# one key in this many (of each chunk's distinct keys) samples the key ranges of collect_nodes
_STRIDE = 64


def chunk_size(budget: int) -> int:
    """Pairs per chunk for a memory budget in bytes: CHUNK, or less for a very small budget."""
    return max(1 << 12, min(CHUNK, budget // 256))


def _read_pairs(path: Path, start: int = 0, count: int = -1, dtype=np.uint64) -> np.ndarray:
    """Rows ``start .. start + count`` of a raw file of (a, b) pairs, as an array (n, 2)."""
    width = np.dtype(dtype).itemsize * 2
    with open(path, "rb") as f:
        f.seek(start * width)
        return np.fromfile(f, dtype, -1 if count < 0 else 2 * count).reshape(-1, 2)


def _rows(path: Path, dtype=np.uint64) -> int:
    return path.stat().st_size // (2 * np.dtype(dtype).itemsize)


def partition_pairs(edge_files: list[Path], out: Path, chunk: int) -> list[Path]:
    """Raw pairs from edge files (raw (a, b) uint64 pairs) hashed by first key into files of ~chunk pairs."""
    sizes = [_rows(f) for f in edge_files]
    n_parts = max(1, ceil_div(sum(sizes), chunk))
    paths = [out / f"raw-{i:05d}.bin" for i in range(n_parts)]
    for p in paths:
        p.write_bytes(b"")
    for f, n in zip(edge_files, sizes):
        for i in range(0, n, chunk):
            pairs = _read_pairs(f, i, chunk)
            with np.errstate(over="ignore"):
                pid = ((pairs[:, 0] * _GOLDEN) >> np.uint64(32)) % np.uint64(n_parts)
            order = np.argsort(pid, kind="stable")
            pairs, pid = pairs[order], pid[order]
            bounds = np.searchsorted(pid, np.arange(n_parts + 1, dtype=np.uint64))
            for p in np.flatnonzero(np.diff(bounds)).tolist():
                with open(paths[p], "ab") as fh:
                    pairs[bounds[p] : bounds[p + 1]].tofile(fh)
    return paths


def unique_pairs(path: Path) -> np.ndarray:
    """The distinct pairs of a raw pair file, sorted: uint64[n, 2]."""
    x = _read_pairs(path)
    if x.shape[0] == 0:
        return x
    x = x[np.lexsort((x[:, 1], x[:, 0]))]
    keep = np.empty(x.shape[0], bool)
    keep[0] = True
    np.not_equal(x[1:, 0], x[:-1, 0], out=keep[1:])
    keep[1:] |= x[1:, 1] != x[:-1, 1]
    return x[keep]


def _chase(parent: np.ndarray, x: np.ndarray) -> list[np.ndarray]:
    """Roots of ``x``, every node visited on the way set to point at its root; returns the levels."""
    levels = [x]
    r = parent[x]
    while True:
        rr = parent[r]
        if np.array_equal(rr, r):
            break
        levels.append(r)
        r = rr
    for lvl in levels:
        parent[lvl] = r
    levels.append(r)
    return levels


def _union_chunk(parent: np.ndarray, u: np.ndarray, v: np.ndarray) -> None:
    """Join the trees of every pair (u, v) of node ids."""
    seen = np.unique(np.concatenate(_chase(parent, u) + _chase(parent, v)))
    while True:
        ru, rv = parent[u], parent[v]  # roots: every node of `seen` points at one
        cross = ru != rv
        if not cross.any():
            return
        ru, rv = ru[cross], rv[cross]
        np.minimum.at(parent, np.maximum(ru, rv), np.minimum(ru, rv))
        # the hooked roots and their new parents are in `seen`: jump pointers there until flat
        while True:
            p = parent[seen]
            pp = parent[p]
            if np.array_equal(p, pp):
                break
            parent[seen] = pp


def _flatten(parent: np.ndarray, chunk: int) -> np.ndarray:
    """Every node pointed at its root, in place, ``chunk`` nodes at a time (no copy of the array)."""
    while True:
        changed = False
        for lo in range(0, parent.size, chunk):
            p = parent[lo : lo + chunk]
            pp = parent[p]
            if not np.array_equal(p, pp):
                p[:] = pp
                changed = True
        if not changed:
            return parent


def _chunks(pair_files: list[Path], chunk: int, dtype=np.uint64):
    for f in pair_files:
        for i in range(0, _rows(f, dtype), chunk):
            yield _read_pairs(f, i, chunk, dtype)


def collect_nodes(pair_files: list[Path], work: Path, chunk: int) -> tuple[Path, int]:
    """The sorted distinct keys of all pairs, written to ``work/nodes.bin`` (uint64); and their number."""
    sample = np.unique(np.concatenate([np.unique(x)[::_STRIDE] for x in _chunks(pair_files, chunk)]
                                      or [np.empty(0, np.uint64)]))
    step = max(1, chunk // _STRIDE)
    bounds = sample[step::step]  # range r: keys in [bounds[r - 1], bounds[r]); about `chunk` keys each
    del sample
    ranges = [work / f"keys-{r:05d}.bin" for r in range(bounds.size + 1)]
    for r in ranges:
        r.write_bytes(b"")
    for x in _chunks(pair_files, chunk):
        u = np.unique(x)
        cut = np.searchsorted(u, bounds).tolist()
        for r, (a, b) in enumerate(zip([0] + cut, cut + [u.size])):
            if b > a:
                with open(ranges[r], "ab") as fh:
                    u[a:b].tofile(fh)
    out = work / "nodes.bin"
    n = 0
    with open(out, "wb") as fh:
        for r in ranges:
            u = np.unique(np.fromfile(r, np.uint64))
            r.unlink()
            u.tofile(fh)
            n += u.size
    return out, n


def union_find(pair_files: list[Path], nodes_path: Path, n: int, work: Path, chunk: int) -> np.ndarray:
    """Parent array of the nodes in ``nodes_path`` (flat: every node points at its component's smallest id)."""
    idx_type = np.int32 if n < 2**31 - 1 else np.int64
    nodes = np.fromfile(nodes_path, np.uint64)
    id_files = []
    for k, f in enumerate(pair_files):
        out = work / f"ids-{k:05d}.bin"
        with open(out, "wb") as fh:
            for x in _chunks([f], chunk):
                np.searchsorted(nodes, x).astype(idx_type).tofile(fh)
        id_files.append(out)
    del nodes  # the parent array alone from here
    parent = np.arange(n, dtype=idx_type)
    done = 0
    for f in id_files:
        for ids in _chunks([f], chunk, idx_type):
            _union_chunk(parent, ids[:, 0], ids[:, 1])
            done += 1
            if done % _COMPRESS_EVERY == 0:
                _flatten(parent, chunk)
        f.unlink()
    return _flatten(parent, chunk)


def components(pair_files: list[Path], work: Path, chunk: int = CHUNK) -> tuple[np.ndarray, np.ndarray]:
    """(nodes, roots): sorted keys of every document in a pair, and the index of its component's root."""
    nodes_path, n = collect_nodes(pair_files, work, chunk)
    parent = union_find(pair_files, nodes_path, n, work, chunk)
    nodes = np.fromfile(nodes_path, np.uint64)
    nodes_path.unlink()
    return nodes, parent


def cluster_files(pair_files: list[Path], work: Path, chunk: int = CHUNK) -> list[Path]:
    """Components as files of whole components: (root id, key) records, for ``read_clusters``.

    A component goes to file ``root // chunk``, so a file holds the components rooted at ``chunk``
    consecutive nodes: about ``chunk`` documents, more only when components are large.
    """
    nodes_path, n = collect_nodes(pair_files, work, chunk)
    parent = union_find(pair_files, nodes_path, n, work, chunk)
    paths = [work / f"clusters-{i:05d}.bin" for i in range(ceil_div(n, chunk))]
    for p in paths:
        p.write_bytes(b"")
    for lo in range(0, n, chunk):
        root = parent[lo : lo + chunk].astype(np.uint64)
        rec = np.stack([root, _read_keys(nodes_path, lo, chunk)], axis=1)
        fid = root // np.uint64(chunk)
        order = np.argsort(fid, kind="stable")
        rec, fid = rec[order], fid[order]
        bounds = np.searchsorted(fid, np.arange(len(paths) + 1, dtype=np.uint64)).tolist()
        for p, (a, b) in enumerate(zip(bounds, bounds[1:])):
            if b > a:
                with open(paths[p], "ab") as fh:
                    rec[a:b].tofile(fh)
    del parent
    nodes_path.unlink()
    return paths


def _read_keys(path: Path, start: int, count: int) -> np.ndarray:
    with open(path, "rb") as f:
        f.seek(8 * start)
        return np.fromfile(f, np.uint64, count)


def read_clusters(path: Path) -> np.ndarray:
    """A cluster file's records, uint64[n, 2] of (root id, key), sorted by root, then key."""
    x = _read_pairs(path)
    # appended in ascending node order, so a stable sort by root keeps each component's keys ascending
    return x[np.argsort(x[:, 0], kind="stable")]
