"""Out-of-core merge, determinism across shard orders and processes, and restart after a crash."""

from __future__ import annotations

import multiprocessing
import random

import numpy as np
import pytest

from thresher.dedup import DedupConfig, DedupIndex
from thresher.dedup import resolve as resolve_mod
from thresher.dedup.store import Part, list_shards, shard_parts
from thresher.errors import ThresherError

from ._corpus import article, key, replace_block, run, write


def _killed_on_call(n: int, real, message: str):
    """``real``, except that its ``n``-th call raises KeyboardInterrupt (a run killed there)."""
    calls = []

    def crashing(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise KeyboardInterrupt(message)
        return real(*args, **kwargs)

    return crashing


def corpus(n_shards: int = 4, per_shard: int = 25, seed: int = 0) -> dict[str, list[str]]:
    """Originals plus exact and near copies scattered over shards."""
    rng = random.Random(seed)
    originals = [article(1000 + i) for i in range(30)]
    out = {}
    for s in range(n_shards):
        texts = []
        for _ in range(per_shard):
            base = rng.choice(originals)
            r = rng.random()
            if r < 0.3:
                texts.append(base)
            elif r < 0.7:
                texts.append(replace_block(base, rng.randrange(250), rng.randrange(1, 40), tag=f"e{rng.random()}"))
            else:
                texts.append(article(rng.randrange(10**6)))
        out[f"shard-{s:02d}.jsonl"] = texts
    return out


def test_same_survivors_whatever_the_order_and_part_size(tmp_path):
    c = corpus()
    first = run(tmp_path / "1", c)
    assert sum(len(d) for d in first.values()) > 30
    assert run(tmp_path / "2", c, order=sorted(c, reverse=True)) == first
    assert run(tmp_path / "3", c, limit=15000) == first  # tiny writer buffer: several parts per shard
    assert len(list((tmp_path / "3" / "shards").glob("*/part-00003"))) == 4


def _write(args):
    idx, name, index, texts = args
    with idx.shard_writer(name) as w:
        for row, t in enumerate(texts):
            w.add(key(index, row), t)


def test_writers_in_other_processes_give_the_same_result(tmp_path):
    c = corpus(seed=1)
    expected = run(tmp_path / "serial", c)
    idx = DedupIndex(tmp_path / "pool", DedupConfig())
    names = sorted(c)
    jobs = [(idx, n, names.index(n), c[n]) for n in reversed(names)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_write, jobs, chunksize=1)
    idx.resolve()
    assert {n: idx.decisions(n) for n in names} == expected


def test_merge_in_many_ranges_equals_one_range(tmp_path):
    c = corpus(seed=2)
    run(tmp_path, c)
    shards = list_shards(tmp_path)
    parts: list[Part] = [p for n in sorted(shards) for p in shard_parts(tmp_path, n, shards[n])]
    for b in range(3):
        one = list(resolve_mod.merge_edges(parts, lambda p, b=b: p.load("bands")[b], 2**30))
        many = list(resolve_mod.merge_edges(parts, lambda p, b=b: p.load("bands")[b], 2000))
        assert len(one) == 1 and len(many) > 1
        one, many = np.concatenate(one), np.concatenate(many)
        assert one.shape[0] > 0
        order1, order2 = np.lexsort(one.T), np.lexsort(many.T)
        assert np.array_equal(one[order1], many[order2])


def test_resolve_interrupted_during_the_merge_reruns_to_the_same_result(tmp_path, monkeypatch):
    c = corpus(seed=3)
    expected = run(tmp_path / "clean", c)

    idx = write(tmp_path / "crash", c)
    names = sorted(c)
    real = resolve_mod.merge_edges
    monkeypatch.setattr(resolve_mod, "merge_edges", _killed_on_call(6, real, "killed during the bucket merge"))
    with pytest.raises(KeyboardInterrupt):
        idx.resolve()
    done = sorted(p.name for p in (tmp_path / "crash" / "resolve").glob("edges-*.bin"))
    assert len(done) == 5 and not (tmp_path / "crash" / "resolve" / "DONE").exists()
    with pytest.raises(ThresherError, match="before resolve"):
        idx.decisions(names[0])

    monkeypatch.setattr(resolve_mod, "merge_edges", real)
    idx.resolve()  # redoes only the bands not finished
    assert {n: idx.decisions(n) for n in names} == expected
    assert idx.resolve().counters == DedupIndex(tmp_path / "crash", DedupConfig()).resolve().counters


def test_small_chunks_and_batches_give_the_same_decisions(tmp_path, monkeypatch):
    c = corpus(seed=4)
    expected = run(tmp_path / "big", c)
    monkeypatch.setattr(resolve_mod, "MERGE_ENTRIES", 3)  # merge ranges of ~3 entries
    monkeypatch.setattr(resolve_mod, "chunk_size", lambda budget: 5)  # partitions, components
    monkeypatch.setattr(resolve_mod, "DOCS_AT_ONCE", 7)  # prefilter and verification batches
    assert run(tmp_path / "small", c) == expected
    assert not (tmp_path / "small" / "resolve" / "work").exists()


def test_resolve_interrupted_after_the_merge_reruns_to_the_same_result(tmp_path, monkeypatch):
    c = corpus(seed=5)
    expected = run(tmp_path / "clean", c)
    idx = write(tmp_path / "crash", c)
    names = sorted(c)
    real = resolve_mod._decide
    monkeypatch.setattr(resolve_mod, "DOCS_AT_ONCE", 10)  # several batches, so some spill first
    monkeypatch.setattr(resolve_mod, "_decide", _killed_on_call(2, real, "killed during verification"))
    with pytest.raises(KeyboardInterrupt):
        idx.resolve()
    assert list((tmp_path / "crash" / "resolve" / "work").glob("dec-*.bin"))
    monkeypatch.setattr(resolve_mod, "_decide", real)
    idx.resolve()  # the spilled decisions of the first run are not counted twice
    assert {n: idx.decisions(n) for n in names} == expected
    assert idx.resolve().counters == DedupIndex(tmp_path / "clean", DedupConfig()).resolve().counters


@pytest.mark.parametrize("limit", [1, 5, 16, 1000])
def test_cluster_batches_cover_every_cluster_whole_and_stay_near_the_limit(limit):
    rng = np.random.default_rng(limit)
    sizes = rng.integers(2, 9, 300)
    roots = np.repeat(np.arange(sizes.size) * 7, sizes)
    batches = list(resolve_mod._cluster_batches(roots, limit))
    assert batches[0][0] == 0 and batches[-1][1] == roots.size
    assert all(a[1] == b[0] for a, b in zip(batches, batches[1:]))
    for lo, hi in batches:
        assert lo == 0 or roots[lo] != roots[lo - 1]  # no cluster is split
        assert hi - lo < limit + sizes.max()
    assert list(resolve_mod._cluster_batches(np.empty(0, np.int64), limit)) == []


def big_cluster(seed: int = 0) -> dict[str, list[str]]:
    """One cluster of ~130 documents: a chain of edits drifting away from its start (so that many of
    them are kept), exact and near copies of earlier links, 33 exact copies of the first."""
    rng = random.Random(seed)
    chain = [article(5000)]
    for i in range(60):
        chain.append(replace_block(chain[-1], rng.randrange(280), 20, tag=f"c{i}x"))
    texts = [chain[0]] * 3
    for i, t in enumerate(chain):
        texts.append(t)
        r = rng.random()
        if r < 0.3:
            texts.append(chain[rng.randrange(i + 1)])
        elif r < 0.6:
            texts.append(replace_block(chain[rng.randrange(i + 1)], rng.randrange(280), 3, tag=f"n{i}x"))
        if i % 2 == 0:
            texts.append(chain[0])
        if i % 4 == 0:
            texts.append(article(6000 + i))
    return {f"s{k}": texts[k::3] for k in range(3)}


@pytest.mark.parametrize("cfg", [{}, {"verify": "estimate"}, {"verify": "none"}, {"mode": "exact"}])
def test_a_cluster_larger_than_a_batch_is_decided_in_chunks_as_if_whole(tmp_path, monkeypatch, cfg):
    c = big_cluster()
    expected = run(tmp_path / "whole", c, DedupConfig(**cfg))
    stats = DedupIndex(tmp_path / "whole", DedupConfig(**cfg)).resolve().counters
    removed = sum(len(d) for d in expected.values())
    real = resolve_mod._decide_large
    sizes = []

    def spy(cfg, keys, *args):
        sizes.append(keys.size)
        return real(cfg, keys, *args)

    monkeypatch.setattr(resolve_mod, "_decide_large", spy)
    monkeypatch.setattr(resolve_mod, "DOCS_AT_ONCE", 7)
    assert run(tmp_path / "chunked", c, DedupConfig(**cfg)) == expected
    assert DedupIndex(tmp_path / "chunked", DedupConfig(**cfg)).resolve().counters == stats
    assert max(sizes) > 4 * 7  # decided in 5 chunks or more
    if cfg in ({}, {"verify": "estimate"}):
        # with verification many documents of the big cluster are kept: they were compared
        # against kept documents read back from the spill, in several blocks
        assert max(sizes) - removed > 2 * 7
    assert not list((tmp_path / "chunked" / "resolve").rglob("large.*"))


@pytest.mark.parametrize("limit", [1, 3, 8, 40])
def test_cluster_batches_put_a_large_cluster_alone(limit):
    sizes = [2, 3, 50, 2, 2, 9, 4, 3]
    roots = np.repeat(np.arange(len(sizes)) * 3, sizes)
    bounds = np.r_[0, np.cumsum(sizes)]
    got = list(resolve_mod._cluster_batches(roots, limit))
    assert got[0][0] == 0 and got[-1][1] == roots.size and all(a[1] == b[0] for a, b in zip(got, got[1:]))
    for lo, hi in got:
        assert lo in bounds and hi in bounds  # whole clusters
        single = np.searchsorted(bounds, hi) - np.searchsorted(bounds, lo) == 1
        assert hi - lo <= limit or single  # a cluster larger than the limit goes alone
