"""Text -> exact hash, shingle set and MinHash signature; signature -> LSH band hashes. Pure functions.

Normalisation for both kinds of duplicate: Unicode NFKC, case folded, whitespace runs collapsed.
Near-duplicate shingles are n-grams of word tokens (``\\w+``: punctuation is ignored); in scripts
written without spaces (Japanese, Chinese, Thai, Lao, Khmer, Myanmar) every character is a token,
so the same n gives character n-grams, and mixed text gets both. Text with fewer than n tokens is
one shingle. Equal normalised texts therefore have equal shingle sets: exact duplicates are near
duplicates with J = 1.

>>> h = MinHasher(num_perm=120, seed=1)
>>> a = h.signature(shingles(normalize("The quick brown fox jumps over the lazy dog by the river"), 5))
>>> b = h.signature(shingles(normalize("the quick brown fox jumps over the lazy dog by the  river!"), 5))
>>> float(estimate(a, b))
1.0
>>> shingles("東京都の天気は晴れです", 5).size    # 11 characters -> 7 character 5-grams
7
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import xxhash

# scripts written without spaces between words: one token per character
_SPACELESS = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_SPACELESS = re.compile(f"[{_SPACELESS}]")
_MIXED_TOKEN = re.compile(rf"[{_SPACELESS}]|[^\W{_SPACELESS}]+")
# \w+ tokens, fast: non-ASCII non-word characters become spaces (a regex pass with few matches),
# then ASCII punctuation becomes spaces in the UTF-8 bytes (bytes.translate) and bytes.split()
_NON_ASCII_NON_WORD = re.compile(r"[^\w\s\x00-\x7f]+")
_ASCII_WORD = {*range(48, 58), *range(65, 91), *range(97, 123), 95}
_TO_SPACE = bytes(c if c in _ASCII_WORD or c >= 128 else 32 for c in range(256))

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_LOW32 = np.uint64(0xFFFFFFFF)
_S30, _S27, _S31, _S32 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(32)
_CHUNK = 4096  # shingles hashed at once: 4096 x 128 x 8 bytes = 4 MB of scratch


def normalize(text: str) -> str:
    """NFKC, case folded, whitespace collapsed to single spaces and stripped."""
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.casefold().split())


def exact_hash(norm: str) -> int:
    """64-bit xxh3 of normalised text (the exact-duplicate key)."""
    return xxhash.xxh3_64_intdigest(norm.encode("utf-8", "surrogatepass"))


def _token_bytes(norm: str) -> list[bytes]:
    """UTF-8 tokens: ``\\w+`` runs, and each character of a space-less script on its own."""
    if norm.isascii():
        return norm.encode().translate(_TO_SPACE).split()
    if _HAS_SPACELESS.search(norm):
        return [t.encode("utf-8", "surrogatepass") for t in _MIXED_TOKEN.findall(norm)]
    return _NON_ASCII_NON_WORD.sub(" ", norm).encode("utf-8", "surrogatepass").translate(_TO_SPACE).split()


def tokens(norm: str) -> list[str]:
    """Word tokens of normalised text; characters of space-less scripts are tokens of their own."""
    return [t.decode("utf-8", "surrogatepass") for t in _token_bytes(norm)]


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, in place on a uint64 array."""
    x ^= x >> _S30
    x *= _MIX1
    x ^= x >> _S27
    x *= _MIX2
    x ^= x >> _S31
    return x


def shingles(norm: str, ngram: int) -> np.ndarray:
    """Sorted unique 32-bit hashes of the token n-grams of normalised text (empty text: none)."""
    toks = _token_bytes(norm)
    if not toks:
        if not norm:
            return np.empty(0, np.uint32)
        return np.array([exact_hash(norm) & 0xFFFFFFFF], np.uint32)  # punctuation only: the text itself
    w = np.fromiter(map(xxhash.xxh3_64_intdigest, toks), np.uint64, len(toks))
    n = min(ngram, len(w))
    m = len(w) - n + 1
    s = w[:m].copy()
    with np.errstate(over="ignore"):
        for k in range(1, n):
            s *= _GOLDEN
            s += w[k : k + m]
        _mix(s)
    return np.unique((s >> _S32).astype(np.uint32))


class MinHasher:
    """MinHash with ``num_perm`` multiply-add-shift hash functions of 32-bit shingle hashes.

    h_i(x) = ((a_i x + b_i) mod 2^64) >> 32 with a_i odd: the strongly universal family of
    Dietzfelbinger (1996) for 32-bit keys; signature values are 32-bit. Numpy does the work in
    blocks, so memory stays small for any document length.
    """

    def __init__(self, num_perm: int, seed: int):
        rng = np.random.default_rng([seed, 0x7468726573686572])  # "thresher"
        self.num_perm = num_perm
        self.a = rng.integers(0, 2**63, num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self.b = rng.integers(0, 2**63, num_perm, dtype=np.uint64) * np.uint64(2)

    def signature(self, sh: np.ndarray) -> np.ndarray:
        """uint32[num_perm] signature of a shingle-hash array (all 0xFFFFFFFF when it is empty)."""
        if sh.size == 0:
            return np.full(self.num_perm, 0xFFFFFFFF, np.uint32)
        x = sh.astype(np.uint64)
        best = None
        with np.errstate(over="ignore"):
            for i in range(0, len(x), _CHUNK):
                block = x[i : i + _CHUNK, None] * self.a
                block += self.b
                low = block.min(axis=0)
                best = low if best is None else np.minimum(best, low)
        return (best >> _S32).astype(np.uint32)


def band_hashes(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """uint64[n, bands]: one hash per band of each signature row (sigs is uint32[n, bands*rows])."""
    n = sigs.shape[0]
    v = sigs.reshape(n, bands, rows).astype(np.uint64)
    h = np.zeros((n, bands), np.uint64)
    with np.errstate(over="ignore"):
        for j in range(rows):
            h *= _GOLDEN
            h += v[:, :, j] + np.uint64(j + 1)
        _mix(h)
    return h


def estimate(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity: the fraction of equal signature values (rows broadcast)."""
    return (a == b).mean(axis=-1)


def jaccard(a: np.ndarray, b: np.ndarray, k: int) -> float:
    """Jaccard of two sorted unique shingle samples, each the k smallest hashes of its document.

    Exact when both documents have fewer than k shingles; otherwise the bottom-k estimate: among
    the k smallest hashes of the union, the fraction present in both.
    """
    if a.size == 0 or b.size == 0:
        return 1.0 if a.size == b.size else 0.0
    if a.size < k and b.size < k:
        inter = np.intersect1d(a, b, assume_unique=True).size
        return inter / (a.size + b.size - inter)
    union = np.union1d(a, b)[:k]
    both = np.isin(union, a, assume_unique=True) & np.isin(union, b, assume_unique=True)
    return float(both.sum()) / union.size
