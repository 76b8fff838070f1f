"""Small synthetic corpora with duplicates of known similarity, and a helper that runs an index."""

from __future__ import annotations

import random
from pathlib import Path

from thresher.dedup import DedupConfig, DedupIndex
from thresher.dedup.minhash import jaccard, normalize, shingles

VOCAB = [f"word{i}" for i in range(5000)]


def article(seed: int, n: int = 300, vocab: list[str] = VOCAB, sep: str = " ") -> str:
    """``n`` random words: distinct articles share almost no 5-grams."""
    rng = random.Random(seed)
    return sep.join(rng.choice(vocab) for _ in range(n))


def replace_block(text: str, start: int, length: int, tag: str = "new", sep: str = " ") -> str:
    """Replace ``length`` consecutive words from ``start`` (a block edit: length + 4 shingles change)."""
    words = text.split(sep) if sep else list(text)
    words[start : start + length] = [f"{tag}{i}" for i in range(length)]
    return sep.join(words)


def true_jaccard(a: str, b: str) -> float:
    return jaccard(shingles(normalize(a), 5), shingles(normalize(b), 5), 10**9)


def key(shard_index: int, row: int) -> int:
    return (shard_index << 32) | row


def write(workdir: Path, corpus: dict[str, list[str]], cfg: DedupConfig | None = None, order=None,
          limit=None) -> DedupIndex:
    """Write every shard (in ``order`` of names, default sorted) into a new index; not resolved yet."""
    idx = DedupIndex(workdir, cfg or DedupConfig())
    names = sorted(corpus)
    for name in order or names:
        w = idx.shard_writer(name)
        if limit:
            w.limit = limit
        for row, text in enumerate(corpus[name]):
            w.add(key(names.index(name), row), text)
        w.close()
    return idx


def run(workdir: Path, corpus: dict[str, list[str]], cfg: DedupConfig | None = None, order=None, limit=None):
    """Write every shard, resolve; decisions per shard."""
    idx = write(workdir, corpus, cfg, order, limit)
    idx.resolve()
    return {name: idx.decisions(name) for name in sorted(corpus)}
