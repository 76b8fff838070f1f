"""Filters ``gopher_quality`` and ``gopher_repetition``: the MassiveText rules of Rae et al. 2021.

Rae et al. 2021, "Scaling Language Models: Methods, Analysis & Insights from Training Gopher",
appendix A1.1 (quality filters) and table A1 (repetition thresholds).  Every drop names the
statistic, its value and the threshold it crossed:

>>> from thresher.document import Document
>>> doc = Document("d", "Buy now! Buy now! Buy now!\\n" * 40)
>>> GopherRepetition()(doc).drop_detail
'dup_line_frac 0.97 > 0.30'

Words are the shared regex tokens of :mod:`thresher.tokens` (letters and digits, never lone
punctuation), so "80% of words contain a letter" means what the paper says; datatrove 0.10's
spaCy tokens count every comma and full stop as a word and trip that rule on clean prose
(``bench/parity.py`` measures the difference).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from itertools import chain, compress, repeat
from operator import add, methodcaller, ne

import numpy as np

from ..document import Document
from ..registry import register
from ..step import Filter
from ..tokens import describe, duplicate_lines, duplicates, find_words, nonblank_lines, paragraphs, words

# Rae et al. 2021, A1.1: "at least two of the following English words"
STOP_WORDS = frozenset({"the", "be", "to", "of", "and", "that", "have", "with"})
# characters that open a bulleted line
BULLETS = ("•", "-", "*", "●", "▪", "◦", "‣", "–")
ELLIPSES = ("...", "…")
# the stop words by how common they are in English text
_COMMONEST = {w: i for i, w in enumerate(["the", "of", "and", "to", "that", "with", "have", "be"])}
_LETTER = re.compile(r"[^\W\d_]")


@register("gopher_quality")
class GopherQuality(Filter):
    """Drops documents outside Gopher's word-count, word-length, symbol, bullet, alpha and stop-word bounds.

    >>> from thresher.document import Document
    >>> GopherQuality()(Document("d", "Too short to be a document.")).drop_detail
    'n_words 6 < 50'
    """

    def __init__(
        self,
        min_words: int = 50,  # Rae et al. 2021, A1.1: "between 50 and 100,000 words"
        max_words: int = 100_000,  # ibid.
        min_mean_word_length: float = 3,  # A1.1: "mean word length ... range of 3 to 10 characters"
        max_mean_word_length: float = 10,  # ibid.
        max_symbol_word_ratio: float = 0.1,  # A1.1: "symbol-to-word ratio greater than 0.1" (# and ellipsis)
        max_bullet_lines_frac: float = 0.9,  # A1.1: "more than 90% of lines starting with a bullet point"
        max_ellipsis_lines_frac: float = 0.3,  # A1.1: "more than 30% ending with an ellipsis"
        min_alpha_words_frac: float = 0.8,  # A1.1: "80% of words ... at least one alphabetic character"
        min_stop_words: int = 2,  # A1.1: "at least two of the following English words"
        stop_words: Iterable[str] = STOP_WORDS,
    ):
        super().__init__()
        self.min_words, self.max_words = min_words, max_words
        self.min_mean_word_length, self.max_mean_word_length = min_mean_word_length, max_mean_word_length
        self.max_symbol_word_ratio = max_symbol_word_ratio
        self.max_bullet_lines_frac = max_bullet_lines_frac
        self.max_ellipsis_lines_frac = max_ellipsis_lines_frac
        self.min_alpha_words_frac = min_alpha_words_frac
        self.min_stop_words = min_stop_words
        self.stop_words = frozenset(w.lower() for w in stop_words)
        # " the ", a stop word between two spaces, is a token and a word of its own (a stop word that
        # is one word, all of a token): finding it in the text finds it among the words; the
        # commonest English words are looked for first
        spaced = sorted(self.stop_words, key=lambda w: (_COMMONEST.get(w, len(_COMMONEST)), w))
        self._spaced_stop_words = tuple(f" {w} " for w in spaced if find_words(w) == [w])

    def check(self, doc: Document) -> str | None:
        ws = words(doc)
        n = len(ws)
        if n < self.min_words:
            return describe("n_words", n, "<", self.min_words)
        if n > self.max_words:
            return describe("n_words", n, ">", self.max_words)
        mean = sum(map(len, ws)) / n
        if mean < self.min_mean_word_length:
            return describe("mean_word_length", mean, "<", self.min_mean_word_length)
        if mean > self.max_mean_word_length:
            return describe("mean_word_length", mean, ">", self.max_mean_word_length)
        text = doc.text
        ratio = text.count("#") / n
        if ratio > self.max_symbol_word_ratio:
            return describe("hash_word_ratio", ratio, ">", self.max_symbol_word_ratio)
        ratio = (text.count("...") + text.count("…")) / n
        if ratio > self.max_symbol_word_ratio:
            return describe("ellipsis_word_ratio", ratio, ">", self.max_symbol_word_ratio)
        lines = nonblank_lines(doc)
        if lines:
            frac = sum(map(methodcaller("startswith", BULLETS), map(str.lstrip, lines))) / len(lines)
            if frac > self.max_bullet_lines_frac:
                return describe("bullet_lines_frac", frac, ">", self.max_bullet_lines_frac)
            frac = sum(map(methodcaller("endswith", ELLIPSES), map(str.rstrip, lines))) / len(lines)
            if frac > self.max_ellipsis_lines_frac:
                return describe("ellipsis_lines_frac", frac, ">", self.max_ellipsis_lines_frac)
        # most words are all letters: when the words that are not (str.isalpha, counted in C) are
        # few enough, so are those without a letter, which are among them; else those are counted
        if 1 - (n - sum(map(str.isalpha, ws))) / n < self.min_alpha_words_frac:
            alpha = 1 - sum(1 for w in ws if not w.isalpha() and not _LETTER.search(w)) / n
            if alpha < self.min_alpha_words_frac:
                return describe("alpha_words_frac", alpha, "<", self.min_alpha_words_frac)
        # most pages have enough stop words between two spaces (a lower bound on those among the words,
        # found by str's substring search), else in lower case already
        enough = self.min_stop_words
        for w in self._spaced_stop_words:
            if enough <= 0:
                break
            enough -= w in text
        if enough <= 0:
            return None
        found = self.stop_words.intersection(ws)
        if len(found) < self.min_stop_words:
            found = self.stop_words.intersection(map(str.lower, ws))
        if len(found) < self.min_stop_words:
            return f"stop_words {len(found)} < {self.min_stop_words}"
        return None


# odd 64-bit multiplier (the golden ratio's bits): an n-gram's hash is its word hashes mixed as a
# polynomial mod 2**64, so every n is one step from n - 1 (in numpy, or in Python for a few positions)
_MIX = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1
# candidate positions up to which an n-gram's repeats are found in plain Python: a numpy call costs
# a few µs whatever its size, a position in Python a fraction of one
_FEW = 96


def _repeated(h: np.ndarray) -> np.ndarray:
    """Mask of the elements of ``h`` whose value occurs more than once."""
    order = h.argsort()
    s = h[order]
    same = s[1:] == s[:-1]
    in_sorted = np.zeros(len(h), dtype=bool)
    in_sorted[1:] = same
    in_sorted[:-1] |= same
    mask = np.empty_like(in_sorted)
    mask[order] = in_sorted
    return mask


class NGrams:
    """Word n-gram hashes of one document, each n built from n - 1.

    Equal n-grams have equal hashes; distinct ones collide with probability ~2**-64 per pair.
    An n-gram can repeat only where its first n - 1 words repeat, so each n looks only at the
    positions that repeated at the n before it: after n = 2 these are a few dozen in prose, and
    they are hashed and grouped in plain Python; many positions (the first n, a repetitive page)
    are hashed in numpy and sorted to set aside the ones whose hash occurs once.
    """

    __slots__ = ("count", "grams", "h1", "h1_list", "hs", "lengths", "n", "pos", "rep_n", "ws")

    def __init__(self, ws: list[str], lengths: list[int] | None = None):
        self.ws, self.lengths = ws, lengths
        self.h1 = np.fromiter(map(hash, ws), dtype=np.int64, count=len(ws)).view(np.uint64)
        self.h1_list: list[int] | None = None  # h1 as Python ints, made when plain Python needs them
        self.n, self.grams = 1, self.h1
        # the positions (ascending) whose rep_n-gram repeats, their hashes, and each hash's count
        # (None until top_chars asks)
        self.pos: list[int] | None = None
        self.hs: list[int] = []
        self.count: Counter | None = None
        self.rep_n = 0

    def of(self, n: int) -> np.ndarray:
        """Hash of the n-gram starting at each word (cheapest when n grows from call to call)."""
        if n < self.n:
            self.n, self.grams = 1, self.h1
        while self.n < n:  # uint64 arrays wrap around silently
            self.grams = self.grams[:-1] * np.uint64(_MIX) + self.h1[self.n:]
            self.n += 1
        return self.grams

    def chars(self, p: int, n: int) -> int:
        """Characters of the words of the n-gram at ``p`` (without the spaces between them)."""
        if self.lengths is None:
            return len("".join(self.ws[p:p + n]))
        return sum(self.lengths[p:p + n])

    def repeats(self, n: int) -> tuple[list[int], list[int]]:
        """Positions whose n-gram occurs more than once, in order, and their hashes."""
        pos = self.pos
        if pos is not None and self.rep_n == n:
            return pos, self.hs
        count = None
        if pos is None or self.rep_n > n:
            g = self.of(n)
            keep = _repeated(g)
            pos, hs = np.flatnonzero(keep).tolist(), g[keep].tolist()
        else:
            hs = self.hs
            last = len(self.h1) - n  # the last position an n-gram starts at: only the last few start later
            if pos and pos[-1] > last:
                k = bisect_right(pos, last)
                pos, hs = pos[:k], hs[:k]
            if len(pos) > _FEW:
                at = np.array(pos)
                h = self.of(n)[at]
                keep = _repeated(h)
                pos, hs = at[keep].tolist(), h[keep].tolist()
            else:
                h1 = self.h1_list
                if h1 is None:
                    h1 = self.h1_list = self.h1.tolist()
                for k in range(self.rep_n, n):  # the (k + 1)-gram at p from the k-gram at p, as ``of`` does
                    hs = [(h * _MIX + h1[p + k]) & _MASK for p, h in zip(pos, hs)]
                count = Counter(hs)
                if len(count) == len(hs):
                    pos = hs = []
                else:
                    keep = list(map((1).__lt__, map(count.__getitem__, hs)))  # count > 1
                    pos, hs = list(compress(pos, keep)), list(compress(hs, keep))
        self.pos, self.hs, self.count, self.rep_n = pos, hs, count, n
        return pos, hs

    def top_chars(self, n: int) -> int:
        """Characters (with the spaces inside) in every occurrence of the most frequent repeated n-gram."""
        if len(self.h1) < n + 1:
            return 0
        pos, hs = self.repeats(n)
        if not pos:
            return 0
        count = self.count
        if count is None:
            count = self.count = Counter(hs)
        top = max(count.values())  # a repeated n-gram's: the others occur once
        at = dict(zip(hs, pos))  # an occurrence of each: all occurrences of an n-gram have its characters
        chars = self.chars
        return (max([chars(at[h], n) for h, c in count.items() if c == top]) + n - 1) * top

    def top_bound(self, upto: int) -> int:
        """A bound on :meth:`top_chars` of every n from the last n asked (m) to ``upto``.

        The most frequent n-gram occurs at most as often as its first m words, a repeated m-gram,
        and its characters and spaces are at most those of ``upto`` words from one of the positions
        where an m-gram repeats. 0 when no m-gram repeats (then no longer n-gram does).
        """
        pos, hs = self.pos, self.hs
        if not pos:
            return 0
        count = self.count
        if count is None:
            count = self.count = Counter(hs)
        spans = map(slice, pos, map(add, pos, repeat(upto)))  # upto words from each position, in C
        if self.lengths is None:
            longest = max(map(len, map("".join, map(self.ws.__getitem__, spans))))
        else:
            longest = max(map(sum, map(self.lengths.__getitem__, spans)))
        return max(count.values()) * (longest + upto - 1)

    def covered_chars(self) -> tuple[int, int]:
        """(n, characters of the words in a later occurrence of a repeated n-gram) for the last n asked.

        It bounds :meth:`duplicate_chars` of this n and of every larger one: the scan counts words
        of later occurrences only, and each later occurrence of an (n + 1)-gram at p covers words
        of later occurrences of n-grams (at p and at p + 1). (0, 0) before any n is asked.
        """
        pos, hs, n = self.pos, self.hs, self.rep_n
        if pos is None:
            return 0, 0
        first = dict(zip(reversed(hs), reversed(pos)))  # each n-gram's first position (set last)
        later = list(compress(pos, map(ne, map(first.__getitem__, hs), pos)))
        words = set(chain.from_iterable(map(range, later, map(add, later, repeat(n)))))
        lengths = map(len, map(self.ws.__getitem__, words)) if self.lengths is None else \
            map(self.lengths.__getitem__, words)
        return n, sum(lengths)

    def duplicate_chars(self, n: int) -> int:
        """Characters of words in n-grams seen before, scanning left to right and jumping over each repeat.

        Only positions whose n-gram occurred earlier can be repeats; the scan visits those alone and
        asks of an n-gram's first occurrence only whether an earlier jump stepped over it.
        """
        if len(self.h1) < n:
            return 0
        pos, hs = self.repeats(n)
        first: dict[int, int] = {}  # hash -> the position of its first occurrence
        jump_from: list[int] = []  # jumps over [r + 1, r + n) after each repeat r, in order
        visited: set[int] = set()  # later occurrences the scan stood on (their n-gram is then seen)
        chars = cursor = 0
        for i, g in zip(pos, hs):
            f = first.setdefault(g, i)
            if i == f or i < cursor:
                continue  # a first occurrence, or inside the jump after the previous repeat
            k = bisect_right(jump_from, f) - 1
            first_seen = k < 0 or f >= jump_from[k] + n - 1
            if first_seen or g in visited:
                chars += self.chars(i, n)
                jump_from.append(i + 1)
                cursor = i + n
            else:
                visited.add(g)
        return chars


def top_ngram_chars(ws: list[str], n: int) -> int:
    """:meth:`NGrams.top_chars` of a word list (``[a b] x3`` in ``a b c a b c a b c`` is 9 characters)."""
    return NGrams(ws).top_chars(n)


def duplicate_ngram_chars(ws: list[str], lengths: list[int], n: int) -> int:
    """:meth:`NGrams.duplicate_chars` of a word list with the given word lengths."""
    return NGrams(ws, lengths).duplicate_chars(n)


@register("gopher_repetition")
class GopherRepetition(Filter):
    """Drops documents whose lines, paragraphs or word n-grams repeat beyond Gopher's table A1.

    >>> from thresher.document import Document
    >>> GopherRepetition()(Document("d", "Same line here.\\n" * 5 + "A different line.")).drop_detail
    'dup_line_frac 0.67 > 0.30'
    """

    def __init__(
        self,
        max_dup_line_frac: float = 0.30,  # Rae et al. 2021, table A1: duplicate line fraction
        max_dup_para_frac: float = 0.30,  # table A1: duplicate paragraph fraction
        max_dup_line_char_frac: float = 0.20,  # table A1: duplicate line character fraction
        max_dup_para_char_frac: float = 0.20,  # table A1: duplicate paragraph character fraction
        # table A1: top 2-, 3-, 4-gram character fraction
        max_top_ngram_char_frac: dict[int, float] | None = None,
        # table A1: duplicate 5- to 10-gram character fraction
        max_dup_ngram_char_frac: dict[int, float] | None = None,
    ):
        super().__init__()
        self.max_dup_line_frac = max_dup_line_frac
        self.max_dup_para_frac = max_dup_para_frac
        self.max_dup_line_char_frac = max_dup_line_char_frac
        self.max_dup_para_char_frac = max_dup_para_char_frac
        top = max_top_ngram_char_frac or {2: 0.20, 3: 0.18, 4: 0.16}  # Rae et al. 2021, table A1
        dup = max_dup_ngram_char_frac or {5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10}  # table A1
        self.max_top_ngram_char_frac = {int(k): float(v) for k, v in top.items()}
        self.max_dup_ngram_char_frac = {int(k): float(v) for k, v in dup.items()}

    def check(self, doc: Document) -> str | None:
        n_chars = len(doc.text)
        if not n_chars:
            return None
        paras = paragraphs(doc)
        dup, chars = duplicates(paras)
        frac = dup / len(paras)
        if frac > self.max_dup_para_frac:
            return describe("dup_para_frac", frac, ">", self.max_dup_para_frac)
        frac = chars / n_chars
        if frac > self.max_dup_para_char_frac:
            return describe("dup_para_char_frac", frac, ">", self.max_dup_para_char_frac)
        lines = nonblank_lines(doc)
        dup, chars = duplicate_lines(doc)
        frac = dup / max(1, len(lines))
        if frac > self.max_dup_line_frac:
            return describe("dup_line_frac", frac, ">", self.max_dup_line_frac)
        frac = chars / n_chars
        if frac > self.max_dup_line_char_frac:
            return describe("dup_line_char_frac", frac, ">", self.max_dup_line_char_frac)
        grams = NGrams(words(doc))
        tops = sorted(self.max_top_ngram_char_frac.items())
        m = bound = 0  # after the first (smallest) n, a bound on the top n-gram characters of every n
        for n, limit in tops:
            if m and bound / n_chars <= limit:
                continue  # the rule cannot fire
            frac = grams.top_chars(n) / n_chars
            if frac > limit:
                return describe(f"top_{n}gram_char_frac", frac, ">", limit)
            if not m:
                m, bound = n, grams.top_bound(tops[-1][0])
        # duplicate n-gram characters are at most the words covered by later occurrences of an
        # n-gram as short as or shorter than n: few enough, and no duplicate rule can fire
        m, covered = grams.covered_chars()
        for n, limit in sorted(self.max_dup_ngram_char_frac.items()):
            if m and n >= m and covered / n_chars <= limit:
                continue
            frac = grams.duplicate_chars(n) / n_chars
            if frac > limit:
                return describe(f"dup_{n}gram_char_frac", frac, ">", limit)
        return None
