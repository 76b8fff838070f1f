"""py3langid's language identifier with its byte-automaton walk and its scoring done by numpy.

py3langid scores a text by walking its UTF-8 bytes through an Aho-Corasick automaton of the
model's byte n-grams, one dependent Python step per byte, then summing the weights of the features
found.  An Aho-Corasick state is the longest suffix of the bytes read so far that is a node of the
n-gram trie, so it depends only on the last ``WINDOW`` bytes, ``WINDOW`` being at least the trie's
height (6 for the model py3langid 0.4 ships; ``tests/clean/test_langid.py`` computes it).  The
state after every byte is therefore ``WINDOW`` independent gathers over the whole byte array from
the root.  Independent gathers let the memory system overlap the misses in the 39 MB automaton that
the per-byte walk waits on one by one: ``python bench/langid.py`` measures both, with warm and with
evicted caches.  A step but the last needs only the next state's row offset, so the walk reads it
from a second table of the same shape, each transition's next row offset (``nextrow``, derived once
into the cache), instead of looking the state's offset up after every gather.

The features are counted in the order py3langid counts them (first occurrence) and scored with
py3langid's own product, ``log1p(counts) @ rows + nb_pc``, on the same float32 numbers: the library
multiplies by rows of its float16 weight table, which numpy's mixed-type product casts to float32
first; here the whole table is cast once, by the same numpy cast, when the model is unpacked into
thresher's cache (57 MB memory-mapped instead of 28), so a document gathers float32 rows and casts
nothing.  The result is the library's, bit for bit (the tests compare the raw scores and the
answers).
"""

from __future__ import annotations

import lzma

import numpy as np
import py3langid
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from .._cache import cached_arrays

WINDOW = 6  # bytes that fix an automaton state: the height of the shipped model's n-gram trie


class FastIdentifier(LanguageIdentifier):
    """A ``LanguageIdentifier`` whose ``_raw_score`` walks the automaton for all bytes at once."""

    __slots__ = ("_nextrow", "_nm", "_out", "_rb")

    def __init__(self, *args, nextrow: np.ndarray | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # views, not copies: the transition table alone is 39 MB
        self._nm = np.frombuffer(self.tk_nextmove, dtype=np.uint32) if not isinstance(self.tk_nextmove, np.ndarray) \
            else self.tk_nextmove
        self._rb = np.asarray(self._rowbase, dtype=np.int64)
        self._out = np.asarray(self.tk_output, dtype=np.int32)
        # the row offset of the state each transition leads to (``_unpack`` derives it once)
        self._nextrow = _next_rows(self._nm, self._rb) if nextrow is None else nextrow

    def features(self, data: bytes) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, counts) in order of first occurrence, the order py3langid's walk counts them."""
        x = np.frombuffer(data, dtype=np.uint8)
        n = len(x)
        # the row offset of the state after each byte; every offset and offset + byte fits in 32 bits
        row = np.full(n, self._rb[0], dtype=np.uint32)
        at = np.empty(n, dtype=np.uint32)  # row + byte: where each transition is read
        nextrow = self._nextrow
        for k in range(min(WINDOW, n) - 1, 0, -1):  # position i reads bytes i - WINDOW + 1 .. i
            np.add(row[k:], x[: n - k], out=at[k:])
            # take with mode="clip" writes into row directly (every index is in range: nothing clips)
            nextrow.take(at[k:], out=row[k:], mode="clip")
        np.add(row, x, out=at)
        feats = self._out.take(self._nm.take(at, mode="clip"), mode="clip")  # the last step: the states themselves
        feats = feats[feats >= 0]
        m = len(feats)
        if not m:
            return feats, feats
        # one sort of (feature << shift | position) groups each feature's occurrences, its first one
        # first: in int32 when both fit in 31 bits (a sample of 800 characters is under 4,096 bytes),
        # which sorts faster than int64
        shift = max(m - 1, 1).bit_length()
        kind = np.int32 if len(self.nb_ptc).bit_length() + shift <= 31 else np.int64
        key = np.sort((feats.astype(kind) << shift) | np.arange(m, dtype=kind))
        f = key >> shift
        edge = np.empty(m + 1, dtype=bool)
        edge[0] = edge[m] = True
        np.not_equal(f[1:], f[:-1], out=edge[1:m])
        starts = np.flatnonzero(edge)
        counts = np.zeros(m, dtype=np.int64)  # at each feature's first position, its count
        counts[key[starts[:-1]] & ((1 << shift) - 1)] = np.diff(starts)
        first = counts > 0
        return feats[first], counts[first]

    def visits(self, data: bytes) -> dict[int, int]:
        """Feature index -> count, in order of first occurrence (what py3langid's walk returns)."""
        ids, counts = self.features(data)
        return dict(zip(ids.tolist(), counts.tolist()))

    def _raw_score(self, text):
        if len(text):
            ids, counts = self.features(text)
            if len(ids):  # py3langid's _sparse_score
                return np.log1p(counts.astype(np.float32)) @ self.nb_ptc.take(ids, axis=0) + self.nb_pc
        return super()._raw_score(text)  # no feature: the library's own fallback


_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def _next_rows(nextmove: np.ndarray, rowbase: np.ndarray) -> np.ndarray:
    """For each transition, the row offset (``_rowbase``) of the state it leads to."""
    return rowbase[nextmove].astype(np.uint32)  # at most 256 x the rows, 9.8 M for the shipped model


def _unpack(path) -> dict[str, np.ndarray]:
    """The arrays of py3langid's xz-compressed npz model file (its own layout, no pickle), the weight
    table ``ptc`` cast to float32 as numpy's product of float32 counts by its float16 rows casts it,
    and the walk's table of next row offsets, ``nextrow``."""
    with lzma.open(path) as src, np.load(src, allow_pickle=False) as data:
        arrays = {k: data[k] for k in _ARRAYS}
    arrays["ptc"] = arrays["ptc"].astype(np.float32)
    arrays["nextrow"] = _next_rows(arrays["nextmove"], arrays["nextmove_row"].astype(np.int64) << 8)
    return arrays


def load(norm_probs: bool = True) -> FastIdentifier:
    """The model py3langid ships, as a :class:`FastIdentifier`.

    Unpacking the model takes about a second; the unpacked arrays (the weight table as float32, and
    the 39 MB ``nextrow`` table) are kept in thresher's cache (:mod:`thresher._cache`) and
    memory-mapped by every later process.
    """
    path = MODEL_DIR / MODEL_FILE
    # the package's own version string (importlib.metadata would cost ~20 ms of start-up to ask)
    key = f"py3langid-{py3langid.__version__}-{path.stat().st_size}-ptc32-nextrow"
    a = cached_arrays(key, lambda: _unpack(path), family="py3langid")
    # the same arguments py3langid's from_model_file passes, the transition rows as an array
    return FastIdentifier(a["ptc"], a["pc"], a["classes"].tolist(), a["nextmove"], a["out_feat"].tolist(),
                          norm_probs=norm_probs, tk_row=a["nextmove_row"].tolist(), nextrow=a["nextrow"])
