"""Out-of-core pairs and components: equal to an in-memory union-find, for any chunk size."""

from __future__ import annotations

import random

import numpy as np
import pytest

from thresher.dedup.graph import components, partition_pairs, unique_pairs
from thresher.dedup.store import atomic_save


def union_find(pairs: list[tuple[int, int]]) -> dict[int, int]:
    """Plain Python union-find: node -> smallest node of its component."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def graph(seed: int) -> list[tuple[int, int]]:
    """Random pairs (a < b) over sparse 64-bit keys: small clusters, stars, and a long shuffled chain."""
    rng = random.Random(seed)
    keys = sorted(rng.sample(range(1, 2**62), 400))
    pairs = [tuple(sorted(rng.sample(keys, 2))) for _ in range(150)]
    hub = keys[-1]
    pairs += [(k, hub) for k in keys[300:330]]
    chain = keys[100:220]
    rng.shuffle(chain)  # a path through keys in random order: deep trees if nothing jumps pointers
    pairs += [tuple(sorted(p)) for p in zip(chain, chain[1:])]
    rng.shuffle(pairs)
    return pairs


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("chunk", [1, 7, 64, 10_000])
def test_components_equal_an_in_memory_union_find(tmp_path, seed, chunk):
    pairs = graph(seed)
    f = tmp_path / "pairs.bin"
    np.array(pairs, np.uint64).tofile(f)
    nodes, roots = components([f], tmp_path, chunk)
    expected = union_find(pairs)
    assert nodes.tolist() == sorted(expected)
    assert dict(zip(nodes.tolist(), nodes[roots].tolist())) == expected
    assert not list(tmp_path.glob("ids-*"))


def test_components_of_nothing(tmp_path):
    f = tmp_path / "pairs.bin"
    f.write_bytes(b"")
    nodes, roots = components([f], tmp_path)
    assert nodes.size == 0 and roots.size == 0


def test_partitions_hold_every_pair_once_after_unique(tmp_path):
    rng = random.Random(5)
    pairs = [tuple(sorted(rng.sample(range(1000), 2))) for _ in range(3000)]
    files = []
    for i in range(3):  # like band edge files: the same pair in several of them
        e = np.array(rng.sample(pairs, 2000), np.uint64).T.copy()
        files.append(tmp_path / f"edges-{i}.npy")
        atomic_save(files[-1], e)
    raw = partition_pairs(files, tmp_path, chunk=500)
    assert len(raw) == 12
    parts = [unique_pairs(p) for p in raw]
    got = [tuple(x) for p in parts for x in p.tolist()]
    assert len(got) == len(set(got))  # a pair never lands in two partitions
    used = {tuple(x) for f in files for x in np.load(f).T.tolist()}
    assert set(got) == used
    assert all(np.array_equal(p, p[np.lexsort((p[:, 1], p[:, 0]))]) for p in parts)
