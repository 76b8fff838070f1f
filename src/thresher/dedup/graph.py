"""Candidate pairs and their connected components, out of core, in chunks of a fixed size.

Resolve's pass 2 works on pairs of document keys (``a < b``) that shared a band bucket. Nothing
here holds all pairs at once:

* ``partition_pairs`` streams the per-band edge files into raw partition files hashed by the first
  key, each about ``chunk`` pairs, so that repeats of a pair (one per band it shares) land in the
  same partition and ``unique_pairs`` removes them one partition at a time.
* ``components`` streams the kept pair files twice: once to collect the sorted candidate keys (the
  nodes; 8 bytes each) and rewrite the pairs as int32 node ids, once for a union-find over a numpy
  parent array (4 bytes a node): each chunk of pairs hooks the larger root onto the smaller until
  the chunk has no pair across two trees, with pointer jumping over the nodes the chunk touched.
  Unions never split a tree, so one pass over the chunks suffices. Every root is the smallest id
  (= smallest key) of its component, like the in-memory union-find it replaces.

Memory: the chunk's scratch (~50 bytes a pair) plus ~12 bytes per candidate document.

>>> import tempfile
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> f = d / "p.bin"
>>> np.array([[5, 9], [1, 2], [9, 12], [2, 3], [20, 21]], np.uint64).tofile(f)
>>> nodes, roots = components([f], d, chunk=2)
>>> nodes.tolist(), nodes[roots].tolist()
([1, 2, 3, 5, 9, 12, 20, 21], [1, 1, 1, 5, 5, 5, 20, 20])
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

# pairs handled at once; ~50 bytes of scratch each (about 6 MB), whatever the corpus size
CHUNK = 1 << 17
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
# pointer jumping over the whole parent array every this many chunks keeps trees shallow
_COMPRESS_EVERY = 16


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
    """Raw pairs from ``edges-*.npy`` files (uint64[2, n]) hashed by first key into files of ~chunk pairs."""
    sizes = [np.load(f, mmap_mode="r").shape[1] for f in edge_files]
    n_parts = max(1, -(-sum(sizes) // chunk))
    paths = [out / f"raw-{i:05d}.bin" for i in range(n_parts)]
    for p in paths:
        p.write_bytes(b"")
    for f, n in zip(edge_files, sizes):
        for i in range(0, n, chunk):
            e = np.load(f, mmap_mode="r")  # a fresh map per chunk: touched pages leave with it
            pairs = np.empty((min(chunk, n - i), 2), np.uint64)
            pairs[:, 0], pairs[:, 1] = e[0, i : i + chunk], e[1, i : i + chunk]
            del e
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


def _flatten(parent: np.ndarray) -> np.ndarray:
    while True:
        pp = parent[parent]
        if np.array_equal(pp, parent):
            return parent
        parent = pp


def components(pair_files: list[Path], work: Path, chunk: int = CHUNK) -> tuple[np.ndarray, np.ndarray]:
    """(nodes, roots): sorted keys of every document in a pair, and the index of its component's root."""
    nodes = np.empty(0, np.uint64)
    for f in pair_files:
        for i in range(0, _rows(f), chunk):
            nodes = np.union1d(nodes, _read_pairs(f, i, chunk))
    idx_type = np.int32 if nodes.size < 2**31 - 1 else np.int64
    id_files = []
    for k, f in enumerate(pair_files):
        out = work / f"ids-{k:05d}.bin"
        with open(out, "wb") as fh:
            for i in range(0, _rows(f), chunk):
                np.searchsorted(nodes, _read_pairs(f, i, chunk)).astype(idx_type).tofile(fh)
        id_files.append(out)
    parent = np.arange(nodes.size, dtype=idx_type)
    done = 0
    for f in id_files:
        for i in range(0, _rows(f, idx_type), chunk):
            ids = _read_pairs(f, i, chunk, idx_type)
            _union_chunk(parent, ids[:, 0], ids[:, 1])
            done += 1
            if done % _COMPRESS_EVERY == 0:
                parent = _flatten(parent)
        f.unlink()
    return nodes, _flatten(parent)
