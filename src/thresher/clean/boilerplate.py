"""Rule ``boilerplate``: page furniture removed from whole-page plain text, the article kept.

Plain text carries no DOM, so the rule reads what a line looks like and where it sits, the way
jusText and boilerpipe do on blocks (Pomikálek 2011, ch. 4; Kohlschütter et al. 2010, WSDM):

1. **Line features**: words (CJK characters count one each), characters, sentence-final
   punctuation (``.!?`` and ``。！？``), stop-word density in the document's language (the most
   frequent words of jusText's stoplists, 58 languages, picked per document), commas, capitalised
   words, digits, URLs, separators, dates, repeats, and the furniture phrase classes of
   :mod:`._boilerplate_phrases` (share, cookie, newsletter, login, comments, related, ad, credit,
   byline, nav, tags, copyright, disclaimer).
2. **Line model**: logistic regression on each line's features and its neighbours' (runs of short
   lines around a contiguous dense region are what a page looks like as text).
3. **Context model**: a second logistic regression on the first one's scores over windows of
   neighbours and on membership of the densest region, the learned counterpart of jusText's
   context smoothing.  Both models' weights ship in ``thresher/data/boilerplate_model.json``,
   trained by ``bench/train_boilerplate.py`` (deterministic, numpy only).
4. **Edges**: furniture phrases at the edges of the kept text (a "Legal Disclaimer:" heading and
   its paragraph, "Comments / No comment", a copyright footer) are trimmed even when long, and a
   headline directly above the first kept paragraph is kept.

Each removal's detail names its class: a phrase class above, ``nav`` for short link-like lines,
or ``low_density`` for lines that read as text outside the article.

>>> from thresher.document import Document
>>> text = ("Home\\nNews\\nSport\\nWeather\\nA headline about rain\\n"
...         + "Heavy rain fell across the region on Tuesday, and the forecasters said that more was on the way. " * 2
...         + "\\nIt was the wettest day of the year so far, according to the local weather service.\\n"
...         + "Share this article\\nCopyright © 2024 Example News. All rights reserved.")
>>> doc = Boilerplate()(Document("d", text))
>>> doc.lines[0], doc.lines[-1]
('A headline about rain', 'It was the wettest day of the year so far, according to the local weather service.')
>>> sorted({r.detail for r in doc.removed})
['copyright', 'nav', 'share']
"""

from __future__ import annotations

import functools
import json
import math
import pkgutil
import re
import sys
import unicodedata
from bisect import bisect_right
from collections import Counter
from itertools import accumulate, chain, compress, repeat
from operator import add, ge, mul, truediv
from typing import NamedTuple

import numpy as np
import xxhash

from .._cache import cached_arrays
from ..document import Document
from ..registry import register
from ..step import Rule
from ..tokens import CJK_RE
from ._boilerplate_phrases import (
    COMMENTS_START,
    HEADING,
    SHORT_WORDS,
    comments_candidates,
    comments_start,
    line_classes,
    lines_holding,
)

_URL = re.compile(r"https?://|www\.|\b[\w.-]+@[\w-]+\.\w|\b\w+\.(?:com|org|net|co\.uk|html?)\b|(?:^|\s)@\w", re.IGNORECASE)
_URL_HINTS = ("http", "www.", "@", ".co", ".org", ".net", ".htm")  # ".co" stands for ".com" and ".co.uk" too
# the hints holding a dot (".co", "www."...), in one pattern: a text without any (most) skips their substring
# tests, which cost more than re's search for a dot and what is around it
_DOT_HINTS_RE = re.compile(r"\.(?:" + "|".join(f"(?<={re.escape(h)})" if h.endswith(".") else re.escape(h[1:])
                                                for h in _URL_HINTS if h.startswith(".") or h.endswith(".")) + ")")
_OTHER_HINTS = tuple(h for h in _URL_HINTS if "." not in h)


def _url_hint_lines(low: str, lows: list[str]) -> list[bool]:
    """Per line of ``low`` (``lows``), whether one of ``_URL_HINTS`` occurs in it."""
    return lines_holding(_URL_HINTS if _DOT_HINTS_RE.search(low) else _OTHER_HINTS, low, lows)
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|\d{1,2}:\d\d|\b\d{4}[-/.]\d|\d[-/.]\d{4}\b|"
    r"\b(?:ago|updated|published|posted)\b|年|月|日",
    re.IGNORECASE,
)
# function characters of Japanese and Chinese prose, standing in for stop words in CJK lines
_CJK_FUNC = frozenset("のはがをにでとたてしいなるかもれよりからまだこそ的了是在不和有我这也就人都他她们个上")
_COMMAS = ",，、;；"

FEATURES1 = (
    "log_words", "log_chars", "end_punct", "end_colon", "stop_density", "comma_rate", "cap_rate", "digit_rate",
    "punct_rate", "url", "separator", "date", "phrase_short", "phrase_text", "repeated", "cjk",
    "prev_log_words", "next_log_words", "prev_end", "next_end", "good_win2", "good_win5",
    "before_first_good", "after_last_good", "log_dist_good", "position", "rel_words", "in_list", "in_comments",
)
FEATURES2 = (
    "z", "z_prev", "z_next", "z_prev2", "z_next2", "p_win3", "p_win8", "p_max_prev5", "p_max_next5",
    "in_region", "log_words", "end_punct", "phrase_short", "phrase_text", "in_list", "doc_phrase_rate",
    "doc_good_words", "doc_log_lines", "in_comments",
)


def _load_json(name: str) -> dict:
    """A JSON data file shipped in ``thresher/data`` (read through the package's loader, as
    ``importlib.resources`` would, without importing it)."""
    data = pkgutil.get_data("thresher", f"data/{name}")
    if data is None:
        raise FileNotFoundError(f"thresher/data/{name}: the package's loader cannot read data files")
    return json.loads(data.decode("utf-8"))


def _load_model() -> dict | None:
    try:
        return _load_json("boilerplate_model.json")
    except FileNotFoundError:
        return None


# read-only tables, loaded once at import: each language's stop words (a space-separated string)
_STOP_LANGS: dict[str, str] = _load_json("stopwords.json")["languages"]
_N_LANGS = len(_STOP_LANGS)
_MODEL = _load_model()


# each stop word's languages as one integer: a 1 in the 16-bit field of every language it belongs to, so
# that the sum of a line's words holds the line's stop-word count in each language, one field each
_FIELD_BITS = 16
_FIELD = (1 << _FIELD_BITS) - 1
_STOP_PACKED: dict[str, int] = {}
for _k, _words in enumerate(_STOP_LANGS.values()):
    _bit = 1 << (_k * _FIELD_BITS)
    for _w in _words.split():
        _STOP_PACKED[_w] = _STOP_PACKED.get(_w, 0) | _bit
_STOP_WORDS = frozenset(_STOP_PACKED)


@functools.cache
def _stop_tables() -> tuple[dict[str, int], np.ndarray, list[frozenset]]:
    """Word -> row, rows (word x language membership) and each language's set: for the documents
    whose lines are too long for :func:`stop_counts` (built on first use)."""
    sets = [frozenset(words.split()) for words in _STOP_LANGS.values()]
    row: dict[str, int] = {}
    for words in sets:
        for w in sorted(words):
            row.setdefault(w, len(row))
    member = np.zeros((len(row), len(sets)), dtype=np.float32)
    for k, words in enumerate(sets):
        member[[row[w] for w in words], k] = 1.0
    return row, member, sets


def stop_counts(token_lists: list[list[str]]) -> list[int] | None:
    """Per line, its stop-word count in every language packed in one integer (language ``k``'s in
    bits ``16k`` up); None when a line is too long for a field to hold its count."""
    if any(len(t) >= _FIELD for t in token_lists):
        return None
    get, has = _STOP_PACKED.__getitem__, _STOP_WORDS.__contains__
    return [sum(map(get, filter(has, t))) for t in token_lists]


def stopword_language(token_lists: list[list[str]], sample: int = 600, packed: list[int] | None = None) -> int:
    """Index of the language whose stop words the document's longer lines use most; -1 for none.

    Only the longest lines up to ``sample`` tokens are read, so the choice costs the same for any
    document length.  Their counts per language are the sum of the lines' :func:`stop_counts`
    (``packed``, computed when not given), integers that are exact in any order.
    """
    if packed is None:
        packed = stop_counts(token_lists)
    taken = 0
    total = 0
    for k in sorted(range(len(token_lists)), key=list(map(len, token_lists)).__getitem__, reverse=True):
        taken += len(token_lists[k])
        if packed is not None:
            total += packed[k]
        if taken > sample:
            break
    if packed is None or taken >= _FIELD:  # a field could overflow: count the words one by one
        return _stopword_language_counted(token_lists, sample)
    if not total:
        return -1
    counts = np.frombuffer(total.to_bytes(2 * _N_LANGS, "little"), dtype="<u2")
    return int(np.argmax(counts))


def _stopword_language_counted(token_lists: list[list[str]], sample: int) -> int:
    """:func:`stopword_language` by a Counter of the sampled stop words, for any line length."""
    toks: list[str] = []
    for t in sorted(token_lists, key=len, reverse=True):
        toks += t
        if len(toks) > sample:
            break
    freq = Counter(filter(_STOP_WORDS.__contains__, toks))  # in C: the stop words among the tokens
    if not freq:
        return -1
    # integer counts times 0/1 rows: exact in float32 whatever the order of the rows
    stop_row, stop_member, _ = _stop_tables()
    rows = stop_member.take(np.fromiter(map(stop_row.__getitem__, freq), np.intp, len(freq)), axis=0)
    counts = np.fromiter(freq.values(), np.float32, len(freq)) @ rows
    best = int(np.argmax(counts))
    return best if counts[best] > 0 else -1


_CJK_CLASS = CJK_RE.pattern[1:-1]
# the words: with inner apostrophes or hyphens (don't, well-kept), CJK characters never part of one (the definition;
# _line_tokens finds the same words by character tables); possessive
# (nothing follows a word in the pattern, so giving characters back never finds another match): faster;
# compiled on first use (the module's __getattr__), as only the tests run them
_WORD_PATTERNS = {
    "_WORD_NO_CJK": rf"[^\W{_CJK_CLASS}]++(?:['’\-][^\W{_CJK_CLASS}]++)*+",
    "_WORD": r"\w++(?:['’\-]\w++)*+",  # the same words in text without CJK characters
}
_SENT_END_CHARS = ".!?。！？…"
_CLOSERS = "\"'”’»)]」』"  # may follow the sentence-final character
_SEP_CHARS = "|•·»›«‹►▶→"
_SLASH_SEP = re.compile(r"[ \t\xa0]/[ \t\xa0]")
# code point -> whether it separates parts: controls, space and the Unicode spaces up to U+3000 (the last one)
_IS_SPACE = np.zeros(0x3002, dtype=bool)
_IS_SPACE[[*range(33), 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]] = True
_PHRASE_TEXT = frozenset(("copyright", "disclaimer", "cookie", "newsletter"))


def _ends_sentence(line: str) -> bool:
    """Whether ``line`` ends in ``.!?`` (or ``。！？…``), closing quotes and brackets after it allowed."""
    bare = line.rstrip(_CLOSERS)
    return bool(bare) and bare[-1] in _SENT_END_CHARS



def _codepoints(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _has_separator(joined: str, texts: list[str], sep_chars: list[int]) -> list[bool]:
    """Per line, whether it holds a separator character (``|``, ``•``, ``»``...: ``sep_chars`` of them)
    or a slash between spaces."""
    hit = [k > 0 for k in sep_chars]
    if "/" in joined:
        hit = [h or ("/" in x and _SLASH_SEP.search(x) is not None) for h, x in zip(hit, texts)]
    return hit


_DIGIT_BIT, _WORD_BIT, _SPACE_BIT, _COMMA_BIT, _SEP_BIT, _CJK_BIT = 1, 2, 4, 8, 16, 32


_KIND_PATTERNS = ((_DIGIT_BIT, r"\d+"), (_WORD_BIT, r"\w+"), (_SPACE_BIT, r"\s+"), (_COMMA_BIT, f"[{_COMMAS}]"),
                  (_SEP_BIT, f"[{re.escape(_SEP_CHARS)}]"), (_CJK_BIT, CJK_RE.pattern + "+"))


def _build_char_kinds() -> np.ndarray:
    chars = "".join(map(chr, range(sys.maxunicode + 1)))
    kinds = np.zeros(len(chars), dtype=np.uint8)
    for bit, pattern in _KIND_PATTERNS:
        for m in re.finditer(pattern, chars):
            kinds[m.start():m.end()] |= bit
    return kinds


@functools.cache
def _char_kinds() -> np.ndarray:
    """Code point -> bits: a digit (``\\d``), a word character (``\\w``), whitespace (``\\s``) as
    Python's re defines them, a comma or semicolon (``_COMMAS``), a separator (``_SEP_CHARS``), a CJK
    character (``CJK_RE``): found by re itself over every code point (~0.2 s), kept in thresher's
    cache (:mod:`thresher._cache`, keyed by the Unicode version and the patterns) for later processes."""
    defs = xxhash.xxh3_64_hexdigest(repr(_KIND_PATTERNS).encode())
    key = f"char-kinds-py{sys.version_info[0]}.{sys.version_info[1]}-unicode{unicodedata.unidata_version}-{defs}"
    return cached_arrays(key, lambda: {"kinds": _build_char_kinds()}, family="char-kinds")["kinds"]


_PART_SPACE_BIT, _JOINER_BIT = 64, 128


@functools.cache
def _char_kinds_spaced() -> np.ndarray:
    """:func:`_char_kinds` with ``_PART_SPACE_BIT`` on the code points that separate parts (``_IS_SPACE``)
    and ``_JOINER_BIT`` on the characters that join words (``'``, ``’``, ``-``)."""
    kinds = _char_kinds().copy()
    kinds[:len(_IS_SPACE)] |= _IS_SPACE.view(np.uint8) * np.uint8(_PART_SPACE_BIT)
    kinds[[ord(c) for c in "'’-"]] |= _JOINER_BIT
    return kinds


def _line_tokens(low: str, n: int, cjk: bool, arrays: list | None = None) -> tuple[list[list[str]], list[str]]:
    """The words of each of the ``n`` lines of ``low`` (joined by newlines), as ``_WORD`` finds them
    (``_WORD_NO_CJK`` when ``cjk``); ``arrays``: the code points of ``low`` and their kinds, if known.

    A word is a run of word characters and of joiners (``'’-``) that have a word character on both
    sides: every other character but the newlines becomes a space, found by table look-ups over the
    whole text, and each line is split on spaces (no word character is whitespace to ``str.split``).
    Also returns the parts of the words holding joiners (``don``, ``t``, ``well``, ``kept``), as
    :func:`line_classes` needs them: the words before and after each joiner.
    """
    if not n:
        return [], []
    if arrays:
        cp, kind = arrays
    else:
        cp = _codepoints(low)
        kind = _char_kinds_spaced().take(cp)
    word = (kind & (_WORD_BIT | _CJK_BIT if cjk else _WORD_BIT)) == _WORD_BIT
    inner = ((kind[1:-1] & _JOINER_BIT) != 0) & word[:-2] & word[2:]
    word[1:-1] |= inner
    word |= cp == 10
    spaced = np.where(word, cp, 32).tobytes().decode("utf-32-le")
    parts: list[str] = []
    if "-" in spaced or "'" in spaced or "’" in spaced:  # every joiner left is one between word characters
        pieces = spaced.replace("’", "-").replace("'", "-").split("-")
        parts = [x.rsplit(None, 1)[-1] for x in pieces[:-1]] + [x.split(None, 1)[0] for x in pieces[1:]]
    return [x.split() for x in spaced.split("\n")], parts


class _CharCounts(NamedTuple):
    """Per line: characters of each kind of :func:`_char_kinds`, and whitespace-separated parts."""

    digits: list[int]
    punct: list[int]  # neither word characters nor whitespace
    commas: list[int]
    separators: list[int]
    cjk: list[int]
    caps: list[int]  # parts starting with a capital letter
    parts: list[int]


def _char_counts(joined: str, low: str, texts: list[str], arrays: list | None = None) -> _CharCounts:
    """The :class:`_CharCounts` of the lines ``texts`` of ``joined`` (lowercased: ``low``).

    One array of code points, table look-ups into one row per statistic and one sum per line of them
    all, instead of a regular expression pass per statistic.  ``arrays``, when given, receives the
    code points of ``low`` and their :func:`_char_kinds_spaced` (for :func:`_line_tokens`) when
    lowercasing kept the length: lowercasing never changes a character's word, CJK and joiner bits.
    """
    if not texts:
        return _CharCounts([], [], [], [], [], [], [])
    cp = _codepoints(joined)
    kind = _char_kinds_spaced().take(cp)
    line_starts = np.concatenate(([0], np.flatnonzero(cp == 10) + 1))  # lines are never empty

    same_length = len(low) == len(joined)  # else lowercasing changed the length (rare): parts line by line
    stack = np.empty((7 if same_length else 5, len(cp)), dtype=np.uint8)  # one row per statistic, one sum
    np.bitwise_and(kind, _DIGIT_BIT, out=stack[0])
    np.equal(kind & (_WORD_BIT | _SPACE_BIT), 0, out=stack[1])
    np.not_equal(kind & _COMMA_BIT, 0, out=stack[2])
    np.not_equal(kind & _SEP_BIT, 0, out=stack[3])
    np.not_equal(kind & _CJK_BIT, 0, out=stack[4])
    if not same_length:
        parts = [t.split() for t in texts]
        return _CharCounts(*np.add.reduceat(stack, line_starts, axis=1, dtype=np.intp).tolist(),
                           [sum(1 for w in p if w[0].isupper()) for p in parts], [len(p) for p in parts])
    space = (kind & _PART_SPACE_BIT) != 0
    start = stack[6]
    np.logical_not(space, out=start)
    start[1:] &= space[:-1]
    cp_low = _codepoints(low)
    np.logical_and(start, cp != cp_low, out=stack[5])
    if arrays is not None:
        arrays += (cp_low, kind)
    return _CharCounts(*np.add.reduceat(stack, line_starts, axis=1, dtype=np.intp).tolist())


def _dist_to(good: list[bool]) -> list[int]:
    """Distance in lines from each line to the nearest ``good`` one (``n`` when there is none)."""
    n = len(good)
    dist = [n] * n
    last = None
    for k in range(n):  # nearest good line at or before k, then at or after it
        if good[k]:
            last = k
        if last is not None:
            dist[k] = k - last
    last = None
    for k in range(n - 1, -1, -1):
        if good[k]:
            last = k
        if last is not None and last - k < dist[k]:
            dist[k] = last - k
    return dist


class Lines:
    """The non-empty lines of a text with their per-line statistics (whole-document passes, linear).

    With a few dozen lines per document, per-line statistics are Python lists; numpy only where it
    works on every character at once (:func:`_char_counts`), for the logarithms and for the feature
    matrix ``f1``.
    """

    __slots__ = ("_cjk", "_chars", "_doc", "_f1", "_f1_cols", "_in_comments", "_in_list", "_joined", "_lang", "_low", "_lows",
                 "_ncjk", "_toks", "_comments_from", "cls", "comments_cand", "end", "good", "index", "reason", "text", "words")

    def __init__(self, lines: list[str]):
        stripped = list(map(str.strip, lines))
        self.index = list(compress(range(len(stripped)), stripped))
        self.reason: dict[int, str] = {}  # removal class set by the structural passes
        text = self.text = list(filter(None, stripped))
        n = len(text)
        joined = "\n".join(text)
        low = joined.lower()
        lows = low.split("\n") if n else []
        arrays: list = []
        chars = _char_counts(joined, low, text, arrays)
        has_cjk = any(chars.cjk)
        toks, parts = _line_tokens(low, n, has_cjk, arrays)
        if has_cjk:
            cjk = [CJK_RE.findall(x) for x in lows]
            ncjk = [len(c) for c in cjk]
        else:
            cjk, ncjk = None, [0] * n
        ntok = list(map(len, toks))
        self.words = words = list(map(add, ntok, ncjk)) if has_cjk else ntok
        self.end = end = [_ends_sentence(x) for x in text]
        self.cls = line_classes(text, words, lows, toks, has_cjk, parts)
        self.good = [(w >= 10 and e) or w >= 25 for w, e in zip(words, end)]
        self.comments_cand = comments_candidates(lows)  # the lines COMMENTS_START may match
        # the rest (the models' features) when first asked for: text that looks clean needs none of it
        self._chars, self._joined, self._low, self._lows, self._toks, self._cjk, self._ncjk = \
            chars, joined, low, lows, toks, cjk, ncjk
        self._f1 = None

    def is_date(self, k: int) -> bool:
        """Whether line ``k`` is a date line (the feature ``date``)."""
        return self.words[k] <= 10 and self._chars.digits[k] > 0 and _MONTH.search(self.text[k]) is not None

    @property
    def f1(self) -> np.ndarray:
        """The line model's features, a row per line (:data:`FEATURES1`)."""
        if self._f1 is None:
            self._features()
        return self._f1

    @property
    def lang(self) -> int:
        """:func:`stopword_language` of the lines."""
        if self._f1 is None:
            self._features()
        return self._lang

    @property
    def in_list(self) -> list[float]:
        if self._f1 is None:
            self._features()
        return self._in_list

    @property
    def in_comments(self) -> list[float]:
        if self._f1 is None:
            self._features()
        return self._in_comments

    @property
    def doc(self) -> tuple[float, float, float]:
        if self._f1 is None:
            self._features()
        return self._doc

    def _features(self) -> None:
        text, words, end, cls, good = self.text, self.words, self.end, self.cls, self.good
        chars, joined, low, lows, toks, cjk, ncjk = \
            self._chars, self._joined, self._low, self._lows, self._toks, self._cjk, self._ncjk
        n = len(text)
        packed = stop_counts(toks)
        self._lang = lang = stopword_language(toks, packed=packed)
        nchars = list(map(len, text))
        if lang < 0:
            stop = [0.0] * n
        elif packed is not None:
            shift = lang * _FIELD_BITS
            stop = [(p >> shift & _FIELD) / max(len(t), 1) for p, t in zip(packed, toks)]
        else:
            has = _stop_tables()[2][lang].__contains__
            stop = [sum(map(has, t)) / max(len(t), 1) for t in toks]
        if cjk is not None:
            for k, c in enumerate(cjk):
                if c and len(c) >= len(toks[k]):
                    stop[k] = sum(ch in _CJK_FUNC for ch in c) / len(c)
        digits, punct, caps, parts = chars.digits, chars.punct, chars.caps, chars.parts
        cap_rate = [0.0 if j else min(c / max(p, 1), 1.0) for c, p, j in zip(caps, parts, ncjk)]
        url = _url_hint_lines(low, lows)
        if any(url):
            url = [h and _URL.search(x) is not None for h, x in zip(url, text)]
        date = [w <= 10 and d > 0 and _MONTH.search(x) is not None for w, d, x in zip(words, digits, text)]
        counts = Counter(text) if len(set(text)) < n else None  # None: no line repeats
        colon = [x.endswith((":", "：")) for x in text]
        first = good.index(True) if any(good) else n
        last = n - 1 - good[::-1].index(True) if any(good) else -1
        # a list introduced by a line ending in a colon: the lines under it until prose or furniture
        in_list = [0.0] * n
        open_list = False
        for k in (range(n) if any(colon) else ()):  # none opens without a colon
            if open_list and (good[k] or cls[k]):
                open_list = False
            in_list[k] = float(open_list)
            if colon[k] and words[k] <= 25 and not cls[k]:
                open_list = True
        self._in_list = in_list
        # below a comment-section opening that follows some prose: the comment section
        self._comments_from = start = comments_start(text, self.comments_cand, first + 1)
        in_comments = [0.0] * start + [1.0] * (n - start)
        self._in_comments = in_comments
        total_words = sum(words) or 1.0
        self._doc = (sum(map(bool, cls)) / max(n, 1), sum(w for w, g in zip(words, good) if g) / total_words,
                    math.log1p(n))
        if not n:
            self._f1 = np.zeros((0, len(FEATURES1)))
            self._f1_cols = ([],) * 5
            return
        # logarithms by numpy on whole columns, as the model was trained (the same bits as then)
        log_words, log_chars, log_dist = np.log1p(
            np.array([words, nchars, [min(d, 50) for d in _dist_to(good)]], dtype=np.float64)).tolist()
        max_words = max(words) or 1.0
        cols = (
            log_words, log_chars, end, colon, stop,
            [min(c / max(w, 1), 1.0) for c, w in zip(chars.commas, words)], cap_rate,
            list(map(truediv, digits, nchars)), list(map(truediv, punct, nchars)),
            url, _has_separator(joined, text, chars.separators), date,
            [bool(c) and w <= SHORT_WORDS for c, w in zip(cls, words)], list(map(_PHRASE_TEXT.__contains__, cls)),
            [counts[x] > 1 for x in text] if counts else [False] * n,
            [j / max(w, 1) for j, w in zip(ncjk, words)] if cjk is not None else [0.0] * n,
            [0.0, *log_words[:-1]], [*log_words[1:], 0.0], [False, *end[:-1]], [*end[1:], False],
            _window_mean(good, 2, 2), _window_mean(good, 5, 5), [True] * first + [False] * (n - first),
            [False] * (last + 1) + [True] * (n - 1 - last),
            log_dist, list(map(truediv, range(n), repeat(max(n - 1, 1)))), list(map(truediv, words, repeat(max_words))),
            in_list, in_comments,
        )
        self._f1 = _rows(cols, n)
        # the columns features2 takes again: log_words, end_punct, phrase_short, phrase_text, in_list
        self._f1_cols = (cols[0], cols[2], cols[12], cols[13], cols[27])


def _rows(cols, n: int) -> np.ndarray:
    """The columns ``cols`` (sequences of ``n`` numbers or bools) as the rows of a C-ordered float64 array."""
    return np.fromiter(chain.from_iterable(cols), np.float64, len(cols) * n).reshape(len(cols), n).T.copy()


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _apply(stage: dict, x: np.ndarray) -> np.ndarray:
    """Logit of one stage's logistic regression on feature rows ``x`` (its weights lists or arrays)."""
    return ((x - np.asarray(stage["mean"])) / np.asarray(stage["scale"])) @ np.asarray(stage["w"]) + stage["b"]


def _as_arrays(stage: dict) -> dict:
    """A stage with its weight lists as arrays, so that :func:`_apply` does not convert them per call."""
    return {k: np.asarray(v) if isinstance(v, list) else v for k, v in stage.items()}


def densest_region(p: np.ndarray | list[float], words) -> tuple[int, int]:
    """``[a, b)`` of the maximum-sum run of (p - 0.5) * sqrt(words): the article's main block.

    Kadane's maximum subarray as prefix sums: the best end maximises its prefix sum less the lowest
    prefix sum before it (linear).
    """
    a = best_a = best_b = 0
    best = 0.0
    cs = low = 0.0  # prefix sum before line k, and the lowest prefix sum up to it (starting at a)
    for k, (x, w) in enumerate(zip(p if isinstance(p, list) else np.asarray(p, dtype=np.float64).tolist(), words)):
        if cs <= low:
            a, low = k, cs
        cs += (x - 0.5) * math.sqrt(float(w) + 1)
        if cs - low > best:
            best, best_a, best_b = cs - low, a, k + 1
    return best_a, best_b


def _window_mean(x: list[float], r_lo: int, r_hi: int) -> list[float]:
    """Mean of ``x`` over lines ``k - r_lo .. k + r_hi`` (clipped at the edges), by prefix sums (added
    in order from 0.0, as a loop would)."""
    n = len(x)
    c = list(accumulate(x, initial=0.0))
    lo = [0] * min(r_lo, n) + list(range(n - r_lo))  # max(k - r_lo, 0)
    hi = list(range(r_hi + 1, n + 1)) + [n] * min(r_hi, n)  # min(k + r_hi + 1, n)
    return [(c[b] - c[a]) / (b - a) for a, b in zip(lo, hi)]


def _sliding_max(x: list[float], lo: int, hi: int) -> list[float]:
    """Per position ``k``, the maximum of ``x[k + lo : k + hi]`` for ``x`` >= 0 (zero outside; ``-0.0``
    not among ``x``): ``x`` padded with zeros, the maximum of its ``hi - lo`` shifted copies."""
    n, width = len(x), hi - lo
    if width <= 0:
        return [0.0] * n
    pad = max(-lo, 0)
    padded = [0.0] * pad + x + [0.0] * max(hi, 0)
    start = lo + pad  # where position 0's window starts in ``padded``
    if width == 1:
        return padded[start:start + n]
    return list(map(max, *(padded[start + i:start + i + n] for i in range(width))))


def features2(z1: np.ndarray, lines: Lines) -> np.ndarray:
    """The context model's features from the line model's logits ``z1``."""
    n = len(z1)
    if not n:
        return np.zeros((0, len(FEATURES2)))
    if lines._f1 is None:
        lines._features()
    z, p = z1.tolist(), _sigmoid(z1).tolist()
    # p * (1 - in_comments) with in_comments 0 or 1: p itself or 0.0 (p is finite and positive)
    s = lines._comments_from  # in_comments: 1.0 from line s on, 0.0 before it
    a, b = densest_region(p[:s] + [0.0] * (n - s), lines.words)
    pad = [-3.0, -3.0, *z, -3.0, -3.0]
    cols = (
        z, pad[1:n + 1], pad[3:n + 3], pad[0:n], pad[4:n + 4], _window_mean(p, 3, 3), _window_mean(p, 8, 8),
        _sliding_max(p, -5, 0), _sliding_max(p, 1, 6), [False] * a + [True] * (b - a) + [False] * (n - b),
        *lines._f1_cols, *([v] * n for v in lines.doc), lines.in_comments,
    )
    return _rows(cols, n)


def keep_mask(lines: Lines, model: dict) -> list[bool]:
    """Which non-empty lines are article: the two models, then the edge and headline passes."""
    n = len(lines.text)
    if n == 0:
        return []
    if looks_clean(lines):
        return fix_edges(lines, [True] * n)
    z1 = _apply(model["stage1"], lines.f1)
    z2 = _apply(model["stage2"], features2(z1, lines))
    keep = decide(z2, model["threshold"], model.get("threshold_inside", model["threshold"]))
    return fix_edges(lines, trim_link_tail(lines, keep))


def trim_link_tail(lines: Lines, keep: list[bool], min_run: int = 6, short_share: float = 0.7) -> list[bool]:
    """Drop what the models kept after the last prose line when it is mostly short link-like lines.

    A page's tail (follow buttons, "related" headlines with their dates, topic lists) is a run of
    short unpunctuated lines; the models judge lines a few at a time and let parts of a long run
    through. A run of at least ``min_run`` kept lines after the last prose line (10+ words ending
    a sentence), ``short_share`` of them short (8 words or fewer) and unpunctuated, goes whole.
    """
    kept = list(compress(range(len(keep)), keep))
    words, end = lines.words, lines.end
    last_prose = next((k for k in reversed(kept) if words[k] >= 10 and end[k]), None)
    if last_prose is None:
        return keep
    return _drop_link_tail(lines, keep, kept[bisect_right(kept, last_prose):], min_run, short_share)


def _drop_link_tail(lines: Lines, keep: list[bool], tail: list[int], min_run: int, short_share: float) -> list[bool]:
    """:func:`trim_link_tail`'s verdict on ``tail``, the kept lines after the last prose line."""
    if len(tail) < min_run:
        return keep
    short = sum(1 for k in tail if lines.words[k] <= 8 and not lines.end[k])
    if short < short_share * len(tail):
        return keep
    for k in tail:
        keep[k] = False
        lines.reason.setdefault(k, "nav" if lines.words[k] <= 6 else "low_density")
    return keep


def looks_clean(lines: Lines, max_phrases: int = 1, max_short_run: int = 15) -> bool:
    """True for text that is already an article: at most ``max_phrases`` furniture phrases and no
    run of more than ``max_short_run`` short unpunctuated lines (a menu).  On the 60 dev pages every
    clean article but one passes and no whole page with a menu does; such text keeps every line
    but the furniture at its edges.
    """
    if sum(1 for c in lines.cls if c) > max_phrases:
        return False
    run = 0
    for w, e in zip(lines.words, lines.end):
        run = run + 1 if (w <= 6 and not e) else 0
        if run > max_short_run:
            return False
    return True


def decide(z2: np.ndarray, t_out: float, t_in: float) -> list[bool]:
    """Keep lines scoring ``t_out``; between the first and last of those, lines scoring ``t_in``.

    Short lines inside the article (list items, subheadings, quotes) need less evidence than lines
    around it: jusText's near-good blocks between good ones, as two thresholds.
    """
    z = z2.tolist()
    keep = list(map(ge, z, repeat(t_out)))
    if any(keep):
        a, b = keep.index(True), len(keep) - keep[::-1].index(True)
        keep[a:b] = [v >= t_in or k for v, k in zip(z[a:b], keep[a:b])]
    return keep


def fix_edges(lines: Lines, keep: list[bool]) -> list[bool]:
    """Cut a comment section under the article, trim furniture phrases off the kept text's edges,
    and keep the headline above the first paragraph."""
    return trim_edges(lines, cut_comments(lines, keep))


def cut_comments(lines: Lines, keep: list[bool]) -> list[bool]:
    """A comment section under the article: cut from its opening line to the end, the first candidate
    line after the first kept one with 40% of the kept words at or above it (``before``: up to each line)."""
    n = len(keep)
    if not any(keep):
        return keep
    first = keep.index(True)
    before = list(accumulate(map(mul, lines.words, keep)))
    total = before[-1]
    for k in compress(range(first + 1, n), lines.comments_cand[first + 1:]):
        if before[k] >= 0.4 * total and COMMENTS_START.match(lines.text[k]):
            for j in range(k, n):
                if keep[j] or not lines.cls[j]:
                    lines.reason[j] = "comments"
                keep[j] = False
            break
    return keep


def trim_edges(lines: Lines, keep: list[bool]) -> list[bool]:
    """Trim furniture phrases off the kept text's edges; keep the headline above the first paragraph."""
    n = len(keep)
    cls, words, text = lines.cls, lines.words, lines.text
    kept = list(compress(range(n), keep))
    if not kept:
        return keep
    # trailing furniture: from the last kept line back, lines of a class (and the heading over them)
    k = kept[-1]
    while k > kept[0] and (cls[k] or HEADING.match(text[k]) or (words[k] <= 3 and not lines.end[k])):
        if cls[k] in ("disclaimer", "copyright") or (cls[k] and words[k] <= SHORT_WORDS) or HEADING.match(text[k]) \
                or any(cls[j] for j in range(k + 1, min(n, k + 3))):
            keep[k] = False
            k -= 1
        else:
            break
    # leading furniture
    kept = list(compress(range(n), keep))
    for k in kept:
        if cls[k] and words[k] <= SHORT_WORDS and not lines.good[k]:
            keep[k] = False
        else:
            break
    kept = list(compress(range(n), keep))
    if not kept:
        return keep
    # the headline: a short line without final punctuation right above the first kept paragraph
    first = kept[0]
    for h in (first - 1, first - 2):
        if h < 0 or keep[h]:
            break
        if 2 <= words[h] <= 30 and not lines.end[h] and not cls[h] and not text[h].endswith((":", "：")):
            keep[h] = True
            break
        if not (words[h] <= 8 and (lines.is_date(h) or cls[h] == "byline")):
            break  # a date or byline may sit between headline and lede; anything else ends the search
    return keep


def removal_class(lines: Lines, k: int) -> str:
    """The detail recorded for removing non-empty line ``k``."""
    if k in lines.reason:
        return lines.reason[k]
    if lines.cls[k]:
        return lines.cls[k]
    return "nav" if lines.words[k] <= 6 and not lines.end[k] else "low_density"


@register("boilerplate")
class Boilerplate(Rule):
    """Removes navigation, share bars, cookie notices, comment sections and other furniture lines."""

    def __init__(self, threshold: float | None = None):
        super().__init__()
        self._params = {"threshold": threshold}
        if _MODEL is None:
            raise FileNotFoundError("thresher/data/boilerplate_model.json is missing: run bench/train_boilerplate.py")
        self.model = dict(_MODEL)
        self.model["stage1"], self.model["stage2"] = _as_arrays(_MODEL["stage1"]), _as_arrays(_MODEL["stage2"])
        if threshold is not None:
            self.model["threshold"] = threshold

    def find(self, doc: Document):
        raw = doc.lines
        lines = Lines(raw)
        if not lines.text:
            return []
        keep = keep_mask(lines, self.model)
        spans = doc.line_spans()
        last = len(spans) - 1
        out: list[tuple[int, int, str]] = []
        for k, i in enumerate(lines.index):
            if keep[k]:
                continue
            a, b = spans[i]
            if i < last:
                b += 1  # with its newline
            elif i > 0:
                a -= 1  # the last line: take the newline before it
            detail = removal_class(lines, k)
            if out and out[-1][2] == detail and out[-1][1] >= a:
                out[-1] = (out[-1][0], b, detail)  # one span per run of the same class
            else:
                out.append((a, b, detail))
        return out


def __getattr__(name: str):
    """The definitions only tests use, built on first use: ``_WORD_NO_CJK`` and ``_WORD`` (patterns),
    ``_STOP_ROW``, ``_STOP_MEMBER`` and ``_STOP_SETS`` (the tables of :func:`_stop_tables`)."""
    if name in _WORD_PATTERNS:
        pat = globals()[name] = re.compile(_WORD_PATTERNS[name])
        return pat
    if name in ("_STOP_ROW", "_STOP_MEMBER", "_STOP_SETS"):
        return _stop_tables()[("_STOP_ROW", "_STOP_MEMBER", "_STOP_SETS").index(name)]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
