"""py3langid's language identifier with its byte-automaton walk and its scoring done by numpy.

py3langid scores a text by walking its UTF-8 bytes through an Aho-Corasick automaton of the
model's byte n-grams, one dependent Python step per byte, then summing the weights of the features
found.  An Aho-Corasick state is the longest suffix of the bytes read so far that is a node of the
n-gram trie, so it depends only on the last ``WINDOW`` bytes, ``WINDOW`` being at least the trie's
height (6 for the model py3langid 0.4 ships; ``tests/clean/test_langid.py`` computes it).  The
state after every byte is therefore ``WINDOW`` independent gathers over the whole byte array from
the root.  Independent gathers let the memory system overlap the misses in the 39 MB automaton that
the per-byte walk waits on one by one: ``python bench/langid.py`` measures both, with warm and with
evicted caches.  The walk does not read py3langid's table (a row of 256 next states per distinct
row of transitions, 39 MB) but one derived once into the cache (:func:`_walk_tables`) that touches
less memory: bytes with equal columns share one column (197 for the shipped model), the columns
text takes most and the rows of the shortest n-grams come first, and each entry holds what the
walk reads next, the next state's row offset (``walk``) or, for the last step, its feature
(``walkout``).

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
# ``walkout`` holds each feature shifted left by SHIFT bits, leaving room for a position below it
# in the sort key: a sample of 800 characters is at most 3,200 bytes, under 1 << SHIFT
SHIFT = 12
_POSITIONS = np.arange(1 << SHIFT, dtype=np.int32)  # a constant, shared by every call


class FastIdentifier(LanguageIdentifier):
    """A ``LanguageIdentifier`` whose ``_raw_score`` walks the automaton for all bytes at once."""

    __slots__ = ("_byteclass", "_walk", "_walkout")

    def __init__(self, *args, walk: dict[str, np.ndarray] | None = None, **kwargs):
        """py3langid's arguments; ``walk``: the walk's tables, when derived already (then the
        library's own walk is never taken, and its ``tk_output`` and ``tk_row`` may be empty)."""
        super().__init__(*args, **kwargs)
        if walk is None:  # ``_unpack`` derives them once into the cache
            nm = self.tk_nextmove if isinstance(self.tk_nextmove, np.ndarray) \
                else np.frombuffer(self.tk_nextmove, dtype=np.uint32)
            walk = _walk_tables(nm, np.asarray(self.tk_row, dtype=np.int64), np.asarray(self.tk_output, dtype=np.int32))
        self._byteclass = walk["byteclass"]
        self._walk = walk["walk"]
        self._walkout = walk["walkout"]

    def features(self, data: bytes) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, counts as float32) in order of first occurrence, the order py3langid's walk
        counts them."""
        if not data:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32)
        x = self._byteclass.take(np.frombuffer(data, dtype=np.uint8))  # each byte's column
        n = len(x)
        # the row offset of the state after each byte (the root's row is the first: offset 0)
        row = np.zeros(n, dtype=np.uint32)
        at = np.empty(n, dtype=np.uint32)  # row + column: where each transition is read
        walk = self._walk
        k = min(WINDOW, n) - 1  # position i reads bytes i - WINDOW + 1 .. i
        if k > 0:  # the first step leaves the root, whose row offset is 0: the columns are the offsets
            walk.take(x[: n - k], out=row[k:], mode="clip")
        for k in range(k - 1, 0, -1):
            np.add(row[k:], x[: n - k], out=at[k:])
            # take with mode="clip" writes into row directly (every index is in range: nothing clips)
            walk.take(at[k:], out=row[k:], mode="clip")
        np.add(row, x, out=at)
        # the last step reads the features of the states themselves: feature << SHIFT, negative for none
        fk = self._walkout.take(at, mode="clip")
        # one sort of (feature << shift | position) groups each feature's occurrences, its first one
        # first, and puts the positions without a feature (negative keys) before them all
        if n <= 1 << SHIFT:
            shift = SHIFT
            key = np.sort(np.bitwise_or(fk, _POSITIONS[:n], out=fk))
        else:  # a long text: positions take more bits, in int64 when int32 cannot hold both
            shift = (n - 1).bit_length()
            kind = np.int32 if len(self.nb_ptc).bit_length() + shift <= 31 else np.int64
            key = np.sort(((fk >> SHIFT).astype(kind) << shift) | np.arange(n, dtype=kind))
        f = key >> shift
        edge = np.empty(n + 1, dtype=bool)
        edge[0] = edge[n] = True
        np.not_equal(f[1:], f[:-1], out=edge[1:n])
        starts = np.flatnonzero(edge)
        if f[0] < 0:  # the group of positions without a feature
            starts = starts[1:]
        counts = np.zeros(n, dtype=np.float32)  # at each feature's first position, its count (exact)
        counts[key[starts[:-1]] & ((1 << shift) - 1)] = np.subtract(starts[1:], starts[:-1])
        first = counts > 0
        return fk[first] >> SHIFT, counts[first]  # fk's high bits are the feature in both cases

    def visits(self, data: bytes) -> dict[int, int]:
        """Feature index -> count, in order of first occurrence (what py3langid's walk returns)."""
        ids, counts = self.features(data)
        return dict(zip(ids.tolist(), counts.astype(np.int64).tolist()))

    def _raw_score(self, text):
        if len(text):
            ids, counts = self.features(text)
            if len(ids):  # py3langid's _sparse_score
                return np.log1p(counts) @ self.nb_ptc.take(ids, axis=0) + self.nb_pc
        # no feature: the library's own answer for that, which its walk gives for no bytes
        return super()._raw_score(b"")


_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def _depths(nextmove: np.ndarray, rowbase: np.ndarray) -> np.ndarray:
    """Each state's distance from the root (0): the length of the n-gram it stands for."""
    depth = np.full(len(rowbase), -1, dtype=np.int64)
    depth[0] = 0
    front, d = np.array([0]), 0
    while len(front):
        reached = np.zeros(len(rowbase), dtype=bool)
        reached[nextmove[(rowbase[front][:, None] + np.arange(256)).ravel()]] = True
        front = np.flatnonzero(reached & (depth < 0))
        d += 1
        depth[front] = d
    return depth


def _walk_tables(nextmove: np.ndarray, tk_row: np.ndarray, out: np.ndarray) -> dict[str, np.ndarray]:
    """The automaton laid out for the walk to touch as little memory as it can.

    py3langid's transition table has a row of 256 next states (one per byte) for each distinct
    row of transitions.  Here:

    - bytes whose columns are equal in every row share one column (``byteclass``: byte -> column;
      the shipped model has 197 distinct columns), the columns of the bytes that extend the most
      n-grams first, so that the transitions text takes share cache lines;
    - the rows are ordered by the length of the shortest n-gram that uses them (the root's row
      first, at offset 0), so that the rows every text visits are packed together;
    - ``walk`` holds each transition's next row offset (row x columns), ``walkout`` the feature
      of the state it leads to (``tk_output``'s, -1 for none) shifted left by ``SHIFT`` bits: the
      walk's last step reads that.
    """
    assert (int(out.max()) + 1).bit_length() + SHIFT <= 31  # a shifted feature and a position fit in int32
    rows = int(tk_row.max()) + 1
    table = nextmove.reshape(-1, 256)[:rows]
    depth = _depths(nextmove, tk_row << 8)
    cols, cls = np.unique(table.T, axis=0, return_inverse=True)  # distinct columns, byte -> column
    k = len(cols)
    order = np.argsort(-(depth[cols] > 1).sum(axis=1), kind="stable")  # columns: most n-grams extended first
    col_of = np.empty(k, dtype=np.int64)
    col_of[order] = np.arange(k)
    rowdepth = np.full(rows, len(depth), dtype=np.int64)
    np.minimum.at(rowdepth, tk_row, depth)
    row_order = np.argsort(rowdepth, kind="stable")  # the new rows' old numbers: shallowest first
    row_of = np.empty(rows, dtype=np.int64)
    row_of[row_order] = np.arange(rows)
    nxt = cols[order].T[row_order]  # (rows, k): next states, new rows x new columns
    return {"byteclass": col_of[cls.ravel()].astype(np.uint32),
            "walk": (row_of[tk_row[nxt]] * k).astype(np.uint32).ravel(),  # at most 256 x rows: fits
            "walkout": (out[nxt].astype(np.int32) << SHIFT).ravel()}  # -1 (no feature): negative


def _unpack(path) -> dict[str, np.ndarray]:
    """The arrays of py3langid's xz-compressed npz model file (its own layout, no pickle), the weight
    table ``ptc`` cast to float32 as numpy's product of float32 counts by its float16 rows casts it,
    and the walk's tables (:func:`_walk_tables`)."""
    with lzma.open(path) as src, np.load(src, allow_pickle=False) as data:
        arrays = {k: data[k] for k in _ARRAYS}
    arrays["ptc"] = arrays["ptc"].astype(np.float32)
    arrays.update(_walk_tables(arrays["nextmove"], arrays["nextmove_row"].astype(np.int64),
                               arrays["out_feat"].astype(np.int32)))
    return arrays


def load(norm_probs: bool = True) -> FastIdentifier:
    """The model py3langid ships, as a :class:`FastIdentifier`.

    Unpacking the model and deriving the walk take about 3 s; the arrays (the weight table as float32, and
    the walk's 30 MB tables) are kept in thresher's cache (:mod:`thresher._cache`) and
    memory-mapped by every later process.
    """
    path = MODEL_DIR / MODEL_FILE
    # the package's own version string (importlib.metadata would cost ~20 ms of start-up to ask); the
    # rest names the derivation (_unpack, _walk_tables, SHIFT): change it whenever the arrays would
    key = (f"py3langid-{py3langid.__version__}-{path.stat().st_size}-ptc32-walk-byteclass-depthrows"
           f"-outfeat{SHIFT}")
    a = cached_arrays(key, lambda: _unpack(path), family="py3langid")
    # the arguments py3langid's from_model_file passes, the transition rows as an array, and no
    # output and row lists, which only the library's walk reads (~15 ms of start-up to make)
    return FastIdentifier(a["ptc"], a["pc"], a["classes"].tolist(), a["nextmove"], [],
                          norm_probs=norm_probs, tk_row=[], walk={k: a[k] for k in ("byteclass", "walk", "walkout")})
