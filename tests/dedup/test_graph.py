"""Out-of-core pairs and components: equal to an in-memory union-find, for any chunk size."""

from __future__ import annotations

import random

import numpy as np
import pytest

from thresher.dedup.graph import cluster_files, collect_nodes, components, partition_pairs, read_clusters, unique_pairs


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
        files.append(tmp_path / f"edges-{i}.bin")
        np.array(rng.sample(pairs, 2000), np.uint64).tofile(files[-1])
    raw = partition_pairs(files, tmp_path, chunk=500)
    assert len(raw) == 12
    parts = [unique_pairs(p) for p in raw]
    got = [tuple(x) for p in parts for x in p.tolist()]
    assert len(got) == len(set(got))  # a pair never lands in two partitions
    used = {tuple(x) for f in files for x in np.fromfile(f, np.uint64).reshape(-1, 2).tolist()}
    assert set(got) == used
    assert all(np.array_equal(p, p[np.lexsort((p[:, 1], p[:, 0]))]) for p in parts)


@pytest.mark.parametrize("chunk", [1, 5, 64, 10_000])
def test_cluster_files_hold_whole_components_in_key_order(tmp_path, chunk):
    pairs = graph(7)
    f = tmp_path / "pairs.bin"
    np.array(pairs, np.uint64).tofile(f)
    expected = union_find(pairs)
    keys = sorted(expected)
    files = cluster_files([f], tmp_path, chunk)
    assert len(files) == -(-len(keys) // chunk)
    seen: dict[int, int] = {}
    file_of: dict[int, int] = {}
    for i, c in enumerate(files):
        rec = read_clusters(c)
        assert np.array_equal(rec, rec[np.lexsort((rec[:, 1], rec[:, 0]))])  # by root, then key
        for root, k in rec.tolist():
            assert root // chunk == i
            assert file_of.setdefault(root, i) == i  # a component never spans two files
            seen[k] = keys[root]
    assert seen == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["pairs.bin"] + [c.name for c in files])


def test_collect_nodes_with_many_key_ranges(tmp_path):
    rng = np.random.default_rng(3)
    pairs = rng.integers(0, 2**63, (5000, 2), dtype=np.uint64)
    pairs[:2500] = rng.integers(0, 300, (2500, 2), dtype=np.uint64)  # many repeats of few keys
    f = tmp_path / "pairs.bin"
    pairs.tofile(f)
    path, n = collect_nodes([f], tmp_path, chunk=128)
    assert np.array_equal(np.fromfile(path, np.uint64), np.unique(pairs)) and n == np.unique(pairs).size
    assert not list(tmp_path.glob("keys-*"))
