"""Normalisation, tokens and shingles (word and character), signatures, Jaccard."""

from __future__ import annotations

import re

import numpy as np

from thresher.dedup.minhash import (
    MinHasher,
    band_hashes,
    estimate,
    exact_hash,
    jaccard,
    normalize,
    shingles,
    tokens,
)


def test_normalize_folds_case_width_and_whitespace():
    assert normalize("  Hello\t\tWORLD\n\nagain  ") == "hello world again"
    assert normalize("ＡＢＣ ﬁne") == "abc fine"  # NFKC: full-width letters, ligature
    assert exact_hash(normalize("A  b")) == exact_hash(normalize("a b"))
    assert exact_hash(normalize("a b.")) != exact_hash(normalize("a b"))


def test_tokens_are_word_runs_like_the_regex():
    text = normalize("Don’t “quote” me — café, naïve; ü_x 3.14 🙂great")
    assert tokens(text) == re.findall(r"\w+", text)
    assert tokens(text)[:4] == ["don", "t", "quote", "me"]


def test_spaceless_scripts_get_character_tokens():
    assert tokens(normalize("東京の天気")) == ["東", "京", "の", "天", "気"]
    assert tokens(normalize("ภาษาไทย"))[:3] == ["ภ", "า", "ษ"]
    # mixed text: characters for the Japanese part, words for the rest
    assert tokens(normalize("東京 Tokyo weather")) == ["東", "京", "tokyo", "weather"]
    assert shingles(normalize("東京都の天気は晴れです"), 5).size == 7  # 11 characters -> 7 five-grams


def test_short_and_empty_texts():
    assert shingles("", 5).size == 0
    assert shingles(normalize("hello"), 5).size == 1  # fewer tokens than n: one shingle
    assert shingles(normalize("!!!"), 5).size == 1  # no tokens: the text itself
    assert np.array_equal(shingles(normalize("Hello!"), 5), shingles(normalize("hello"), 5))


def test_shingles_are_sorted_unique():
    sh = shingles(normalize("a b c d e f a b c d e f"), 5)
    assert sh.dtype == np.uint32
    assert np.all(np.diff(sh.astype(np.int64)) > 0)
    assert sh.size == 6  # abcde bcdef cdefa defab efabc fabcd (the 7th repeats the first)


def test_signature_is_deterministic_and_estimates_jaccard():
    words = [f"w{i}" for i in range(400)]
    a = shingles(" ".join(words), 5)
    b = shingles(" ".join(words[:300] + [f"x{i}" for i in range(100)]), 5)
    true = jaccard(a, b, 10_000)
    h1, h2 = MinHasher(120, 1), MinHasher(120, 1)
    sa, sb = h1.signature(a), h2.signature(b)
    assert np.array_equal(sa, h2.signature(a))
    assert abs(float(estimate(sa, sb)) - true) < 0.15
    assert not np.array_equal(MinHasher(120, 2).signature(a), sa)
    assert float(estimate(sa, h1.signature(a))) == 1.0


def test_long_documents_are_hashed_in_blocks():
    sh = np.arange(10_000, dtype=np.uint32) * np.uint32(7919)
    h = MinHasher(16, 1)
    whole = h.signature(np.unique(sh))
    # the minimum over blocks equals the minimum over everything
    x = np.unique(sh).astype(np.uint64)
    with np.errstate(over="ignore"):
        direct = ((x[:, None] * h.a + h.b).min(axis=0) >> np.uint64(32)).astype(np.uint32)
    assert np.array_equal(whole, direct)


def test_band_hashes_equal_only_for_equal_bands():
    sig = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [5, 6, 3, 4]], np.uint32)
    bh = band_hashes(sig, 2, 2)
    assert bh[0, 0] == bh[1, 0] and bh[0, 1] != bh[1, 1]
    assert bh[0, 1] == bh[2, 1] and bh[0, 0] != bh[2, 0]


def test_jaccard_exact_and_bottom_k():
    a = np.arange(0, 1000, dtype=np.uint32)
    b = np.arange(500, 1500, dtype=np.uint32)
    assert jaccard(a, b, 4096) == 500 / 1500
    # samples: the k smallest hashes of each set; the estimate uses the k smallest of the union
    rng = np.random.default_rng(0)
    universe = np.unique(rng.integers(0, 2**32, 20_000, dtype=np.uint64).astype(np.uint32))
    A, B = universe[:12_000], universe[4_000:16_000]  # true J = 8000 / 16000 = 0.5 (after shuffling order)
    perm = rng.permutation(universe.size)
    A, B = np.sort(universe[perm[:12_000]]), np.sort(universe[perm[4_000:16_000]])
    k = 2048
    assert abs(jaccard(A[:k], B[:k], k) - 0.5) < 0.05
    assert jaccard(np.empty(0, np.uint32), np.empty(0, np.uint32), k) == 1.0
    assert jaccard(a, np.empty(0, np.uint32), k) == 0.0
