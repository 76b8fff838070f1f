"""Rule ``repetition``: paragraphs, and runs of paragraphs, that repeat earlier in the same document.

Scrapers often store a body twice (a print view below the page, an AMP copy, a teaser that is the
first paragraph again).  Every line is keyed by its lowercased word tokens, so case, spacing and
punctuation don't matter; a long line with no exact earlier twin is compared by word 3-shingles
against earlier long lines, so a copy with a few words changed or cut off with "…" still counts.
The first occurrence stays and later copies go, each run recorded as ``repeat of lines 8–13``.

Short lines are left to the ``boilerplate`` rule: a line under ``min_words`` words ("Advertisement",
"Q:", "Yes", "0", a chorus line of a song) is never removed on its own; it goes only as part of a
repeated run that also repeats a long line, at the same offset, or when it is an earlier long line
cut short with "…" (and has at least half of ``min_words``).

>>> from thresher.document import Document
>>> para = "This paragraph is long enough to count on its own because it has more than fifteen words in it."
>>> doc = Repetition()(Document("d", f"Title\\n{para}\\nMiddle line.\\n{para.upper()}"))
>>> doc.text.splitlines()[-1], doc.removed[0].detail
('Middle line.', 'repeat of line 2')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from itertools import compress

from ..document import Document
from ..registry import register
from ..step import Rule
from ..tokens import CJK_RE, nonblank_index
from ..tokens import GENERAL_PUNCTUATION_UTF8 as _PUNCTUATION_START
from ..tokens import LINE_TOKEN_RE as _TOKEN

_WORD = re.compile(r"\w\w*")  # the same tokens in text without CJK (a leading class lets re scan fast)
_ELLIPSIS = re.compile(r"(?:…|\.\.\.|\[…\])\W*$")
_ELLIPSIS_LINE = re.compile(r"(?:…|\.\.\.|\[…\])[^\w\n]*$", re.MULTILINE)  # _ELLIPSIS in some line of a text
_HEAD = 6  # words that index a long line's beginning


@register("repetition")
class Repetition(Rule):
    """Removes later copies of long lines and of runs of lines anchored by a long one."""

    def __init__(
        self,
        min_words: int = 15,  # a line repeats on its own only from 15 words (CJK: 30 characters): the longest
        #   legitimately repeated lines in the 60 dev gold pages are product bullets of 12 words
        min_containment: float = 0.6,  # share of a later line's 3-shingles found in one earlier line; 3 changed
        #   words in a 30-word paragraph still leave ~0.68, unrelated prose shares < 0.1
        shingle: int = 3,  # words per shingle: each edited word spoils only 3 shingles
        max_postings: int = 16,  # earlier lines remembered per shingle, so common phrases can't make it quadratic
        max_shingles: int = 500_000,  # above this many shingles in a document, index a deterministic sample
        max_near_chars: int = 20_000,  # longer lines are matched exactly only (a 50 MB one-line page)
        max_details: int = 16,  # above this many runs, one shared detail keeps the removal a single edit
    ):
        super().__init__()
        self.min_words = min_words
        self.min_containment = min_containment
        self.shingle = shingle
        self.max_postings = max_postings
        self.max_shingles = max_shingles
        self.max_near_chars = max_near_chars
        self.max_details = max_details

    def find(self, doc: Document) -> list[tuple[int, int, str]]:
        lines = doc.lines
        idx = nonblank_index(doc)
        if len(idx) < 2:
            return []
        text = doc.text
        # text without CJK and huge lines: every line's tokens from one translation of the text
        tokens = _plain_tokens(text, lines, idx) if max(map(len, lines)) <= self.max_near_chars else None
        if tokens is not None:
            sizes: list = list(map(len, tokens))
            keys = None  # made only for a document with a candidate repeat (see below)
        else:
            pattern = _TOKEN if CJK_RE.search(text) else _WORD
            keys, sizes, tokens = [], [], []
            for i in idx:
                key, size, toks = _key(lines[i], self.max_near_chars, pattern)
                keys.append(key)
                sizes.append(size)
                tokens.append(toks)
        anchor = [s >= self.min_words for s in sizes]
        total = sum(compress(sizes, anchor))
        if keys is None and total > self.max_shingles:  # _key's sizes: float for a non-ASCII line (the sample
            sizes = [s if lines[i].isascii() else float(s) for s, i in zip(sizes, idx)]  # hashes mod a float)
            total = sum(compress(sizes, anchor))
        vocab = _Vocab()
        sample = max(1, -(-total // self.max_shingles))
        shingles: dict[int, set[tuple[int, ...]]] = {}

        def shingled(p: int) -> set[tuple[int, ...]]:
            if p not in shingles:
                shingles[p] = self._shingles(tokens[p], vocab, sample)
            return shingles[p]

        # a short line ending in "…" may be a long one cut short: looked for only when a line so ends
        cuts = ("…" in text or "..." in text) and _ELLIPSIS_LINE.search(text) is not None
        if keys is None and sample == 1 and self.shingle == 3 and self.min_words >= 3:
            src = self._plain_sources(tokens, anchor, shingled, cuts and (lines, idx, sizes))
        else:
            if keys is None:
                keys = _keys(lines, idx, tokens)
            src = self._sources(lines, idx, keys, sizes, anchor, shingled, cuts)
        if not src:
            return []
        if keys is None:
            keys = _keys(lines, idx, tokens)
        return self._grow(doc, idx, keys, anchor, shingled, src)

    def _grow(self, doc: Document, idx: list[int], keys: list, anchor: list[bool],
              shingled: Callable[[int], set], src: dict[int, int]) -> list[tuple[int, int, str]]:
        """The spans to remove: each repeated long line of ``src`` (non-blank line -> its first
        occurrence) grown into the run around it that repeats at the same offset."""
        lines = doc.lines

        def same(p: int, q: int) -> bool:
            if keys[p] == keys[q]:
                return True
            if not (anchor[p] and anchor[q]) or max(len(lines[idx[p]]), len(lines[idx[q]])) > self.max_near_chars:
                return False
            sp = shingled(p)
            return bool(sp) and len(sp & shingled(q)) >= self.min_containment * len(sp)

        removed: dict[int, int] = {}
        for p, q in sorted(src.items()):
            if p in removed:
                continue
            removed[p] = q
            for step in (1, -1):
                p2, q2 = p + step, q + step
                while 0 <= q2 < p2 < len(idx) and p2 not in removed and same(p2, q2):
                    removed[p2] = src.get(p2, q2)  # name the first occurrence when it is known
                    p2, q2 = p2 + step, q2 + step
        return self._spans(doc, idx, removed)

    def _plain_sources(self, tokens, anchor, shingled, cuts) -> dict[int, int]:
        """``_sources`` for a text whose long lines have 3 tokens or more, no huge line, and word
        3-shingles unsampled (``cuts``: false, or ``(lines, idx, sizes)`` when some line ends in an ellipsis).

        The postings are not built: a union of the shingles of the long lines so far (the indexed ones
        and, so that none need be taken out again, the repeats) says at most how many of a line's
        shingles an indexed line holds; only where that may be enough for a repeat (or is all of them,
        for an exact one) are the keys looked up and the hits counted, line by line, as the postings
        (the first ``max_postings`` indexed lines holding a shingle) would count them.
        (In this text the lines sharing a key are long lines alike, ``first`` holds only those.)
        """
        first: dict[str, int] = {}
        keyed = 0  # long lines before this one are in ``first``
        src: dict[int, int] = {}
        union: set[tuple] = set()
        indexed: list[int] = []
        cap = max(1, self.max_postings)  # a shingle's first line is always posted
        heads: dict[str, list[int]] = {}  # first words of the indexed lines, for copies cut short with "…"
        headed = 0  # indexed lines in ``heads``
        for p, toks in enumerate(tokens):
            if not anchor[p]:
                if cuts and cuts[2][p] >= self.min_words / 2 and _ELLIPSIS.search(cuts[0][cuts[1][p]]):
                    for q in indexed[headed:]:
                        head = heads.setdefault(" ".join(tokens[q][:_HEAD]), [])
                        if len(head) < self.max_postings:
                            head.append(q)
                    headed = len(indexed)
                    cut = " ".join(toks[:-1])  # the last word may be cut off too
                    for q in heads.get(" ".join(toks[:-1][:_HEAD]), ()):
                        if " ".join(tokens[q]).startswith(cut):
                            src[p] = q
                            break
                continue
            before = len(union)
            union.update(zip(toks, toks[1:], toks[2:]))
            new = len(union) - before
            if new == len(toks) - 2:  # every shingle new (and none twice in the line)
                indexed.append(p)
                continue
            if new:  # (with no new shingle, all of them are held: a candidate whatever the share)
                sh = shingled(p)
                shared = len(sh) - new
                if not shared or shared < self.min_containment * len(sh):
                    indexed.append(p)
                    continue
            # a line held by the indexed ones, or most of it: a repeat of one of them? first, exactly
            for r in range(keyed, p):
                if anchor[r]:
                    first.setdefault(" ".join(tokens[r]), r)
            keyed = p + 1
            q = first.setdefault(" ".join(toks), p)
            if q != p:
                src[p] = q
                continue
            # the shingle hits of each indexed line
            sh = shingled(p)
            hits: dict[int, int] = {}
            posted: dict[tuple, int] = {}
            for q in indexed:
                c = 0
                for h in sh & shingled(q):
                    k = posted.get(h, 0)
                    if k < cap:
                        posted[h] = k + 1
                        c += 1
                if c:
                    hits[q] = c
            if hits:
                n = max(hits.values())  # the earliest of the lines sharing most shingles
                if n >= self.min_containment * len(sh):
                    src[p] = min(q for q, c in hits.items() if c == n)
                    continue
            indexed.append(p)
        return src

    def _sources(self, lines, idx, keys, sizes, anchor, shingled, cuts=True) -> dict[int, int]:
        """Position (in ``idx``) of each long line that repeats -> position of the earlier line it repeats.

        ``cuts``: whether some line may end in an ellipsis (if not, the heads are not kept).
        """
        first: dict[str, int] = {}
        src: dict[int, int] = {}
        # the postings of a shingle (earlier kept lines holding it, at most max_postings): the first
        # line in ``post1``, the others in ``post_more``; most shingles occur once, and that split
        # lets set operations in C do the work for them
        post1: dict[tuple, int] = {}
        post_more: dict[tuple, list[int]] = {}
        # until a line shares a shingle with an indexed one (in most documents none does), the
        # postings are not built: the indexed lines and the union of their shingles are kept instead
        lazy: set[tuple] | None = set()
        indexed: list[int] = []
        heads: dict[str, list[int]] = {}  # first words of long lines, for copies cut short with "…"
        for p, key in enumerate(keys):
            q = first.setdefault(key, p)
            if not anchor[p]:
                if cuts and sizes[p] >= self.min_words / 2 and _ELLIPSIS.search(lines[idx[p]]):
                    cut = key.rsplit(" ", 1)[0]  # the last word may be cut off too
                    for q in heads.get(" ".join(cut.split(" ", _HEAD)[:_HEAD]), ()):
                        if keys[q].startswith(cut):
                            src[p] = q
                            break
                continue
            if q != p:
                src[p] = q
                continue
            if len(lines[idx[p]]) > self.max_near_chars:
                continue
            sh = shingled(p)
            if not sh:
                continue
            if lazy is not None:
                before = len(lazy)
                lazy |= sh
                if len(lazy) - before < len(sh):  # a shingle seen before: the postings so far, and on as below
                    for q in indexed:  # (no two of these lines share a shingle)
                        post1.update(dict.fromkeys(shingled(q), q))
                    lazy = None
            seen = sh & post1.keys() if lazy is None else None
            if seen:
                hits = Counter(map(post1.__getitem__, seen))
                for h in seen & post_more.keys():
                    hits.update(post_more[h])
                n = max(hits.values())  # the earliest of the lines sharing most shingles (whatever the set order)
                best = min(q for q, c in hits.items() if c == n)
                if n >= self.min_containment * len(sh):
                    src[p] = best
                    continue
            if cuts:
                head = heads.setdefault(" ".join(key.split(" ", _HEAD)[:_HEAD]), [])
                if len(head) < self.max_postings:
                    head.append(p)
            # only lines that stay are indexed, so sources are first occurrences
            if lazy is not None:
                indexed.append(p)
                continue
            post1.update(dict.fromkeys(sh - seen, p) if seen else dict.fromkeys(sh, p))
            for h in seen:
                more = post_more.setdefault(h, [])
                if len(more) < self.max_postings - 1:
                    more.append(p)
        return src

    def _shingles(self, toks: list[str], vocab: _Vocab, sample: int) -> set[tuple]:
        """Word ``shingle``-grams of a line's tokens; 1 in ``sample`` kept, chosen by the hash of their word
        ids (ids in order of appearance: the same sample whatever PYTHONHASHSEED is)."""
        k = min(self.shingle, len(toks))
        if not k:
            return set()
        if sample == 1:
            return set(zip(toks, toks[1:], toks[2:])) if k == 3 else set(zip(*(toks[j:] for j in range(k))))
        ids = list(map(vocab.__getitem__, toks))
        return {t for t in zip(*(ids[j:] for j in range(k))) if hash(t) % sample == 0}

    def _spans(self, doc: Document, idx: list[int], removed: dict[int, int]) -> list[tuple[int, int, str]]:
        """Each run of removed lines as one span of the text (with its newline), detailed by its source lines."""
        spans = doc.line_spans()
        n_lines = len(spans)
        runs: list[list[int]] = []
        for p in sorted(removed):
            if runs and runs[-1][-1] == p - 1:
                runs[-1].append(p)
            else:
                runs.append([p])
        if len(runs) > self.max_details:
            sources: dict[int, int] = {}
        else:  # input line numbers of the source lines, counted in one pass over the input
            sources = _input_lines(doc, {spans[idx[q]][0] for q in removed.values()})
        out = []
        for run in runs:
            a, b = idx[run[0]], idx[run[-1]]
            start, end = spans[a][0], spans[b][1]
            if b + 1 < n_lines:
                end += 1
                # the copy stood in its own paragraph: take the blank lines after it too
                nxt = idx[run[-1] + 1] if run[-1] + 1 < len(idx) else n_lines
                if (a == 0 or not doc.lines[a - 1].strip()) and nxt > b + 1:
                    end = spans[nxt - 1][1] + (1 if nxt < n_lines else 0)
            elif start > 0:
                start -= 1  # the last line: take the newline before it
            if sources:
                src = sorted(sources[spans[idx[removed[p]]][0]] for p in run)
                detail = f"repeat of line {src[0]}" if src[0] == src[-1] else f"repeat of lines {src[0]}–{src[-1]}"
            else:
                detail = f"repeats of earlier lines ({len(runs)} runs)"
            out.append((start, end, detail))
        return out


def _keys(lines: list[str], idx: list[int], tokens: list[list[str]]) -> list[str]:
    """``_key``'s keys of the lines ``lines[i]`` (``i`` in ``idx``) from their tokens."""
    return [" ".join(t) if t else lines[i].strip() for t, i in zip(tokens, idx)]


def _key(line: str, max_chars: int, pattern: re.Pattern = _TOKEN) -> tuple[str, float, list[str]]:
    """The line's comparison key (lowercased tokens), its length in tokens, and the tokens
    (``pattern``: ``_TOKEN``, or ``_WORD`` when the text holds no CJK)."""
    if len(line) > max_chars:  # no token list for huge lines: compared exactly, case aside
        return "\0" + line.lower(), max_chars, []
    low = line.lower()
    toks = pattern.findall(low)
    # a CJK character counts half a word (Japanese/Chinese words average about two characters)
    size = len(toks) if line.isascii() else len(toks) - len(CJK_RE.findall(line)) / 2
    return (" ".join(toks) if toks else line.strip()), size, toks


# for a whole text: UTF-8 bytes, an ASCII word character lowercased, a newline kept, any other
# ASCII character and a continuation byte a space; the first byte of a non-ASCII character 0xfe
# when it may start a CJK character (U+0E00-U+0FFF, U+3000-U+DFFF), otherwise 0xff
_TEXT_WORD_BYTES = bytes(
    ord(chr(b).lower()) if b < 128 and (chr(b).isalnum() or b == ord("_")) else b if b == ord("\n")
    else ord(" ") if b < 0xC0 else 0xFE if b == 0xE0 or 0xE3 <= b <= 0xED else 0xFF for b in range(256)
)

# the same, with 0xe2 (the first byte of U+2000-U+2FFF) a space
_TEXT_WORD_BYTES_GP = _TEXT_WORD_BYTES[:0xE2] + b" " + _TEXT_WORD_BYTES[0xE3:]


def _plain_tokens(text: str, lines: list[str], idx: list[int]) -> list[list[str]] | None:
    """The tokens ``_key`` finds in each line ``lines[i]`` (``i`` in ``idx``; ``lines``: ``text`` split on
    newlines), or None when ``text`` holds CJK.

    One translation of the whole text's UTF-8 bytes (General Punctuation deleted) leaves each line's
    words, lowercased, between spaces, as ``_key`` does line by line for a line that lowercases to
    ASCII and General Punctuation; the lines holding another non-ASCII character (one that may
    lowercase to ASCII or be a word character) are lowercased and searched with ``_WORD``.
    """
    if text.isascii():
        rows = text.encode("ascii").translate(_TEXT_WORD_BYTES).decode("ascii").split("\n")
        return [rows[i].split() for i in idx]
    data = text.encode("utf-8", "surrogatepass")
    if data.count(b"\xe2") == data.count(_PUNCTUATION_START):  # every U+2000-U+2FFF character General
        classes = data.translate(_TEXT_WORD_BYTES_GP)  # Punctuation: all three bytes spaces
    else:
        classes = data.replace(_PUNCTUATION_START, b"").translate(_TEXT_WORD_BYTES)
    rows = classes.decode("latin-1").split("\n")
    if classes.isascii():
        return [rows[i].split() for i in idx]
    if b"\xfe" in classes and CJK_RE.search(text):
        return None
    return [rows[i].split() if rows[i].isascii() else _WORD.findall(lines[i].lower()) for i in idx]


class _Vocab(dict):
    """Word -> id in order of first appearance, so shingle hashes don't depend on PYTHONHASHSEED."""

    def __missing__(self, word: str) -> int:
        self[word] = n = len(self)
        return n


def _input_lines(doc: Document, positions: set[int]) -> dict[int, int]:
    """1-based input line number of each current-text position."""
    out = {}
    line, last = 1, 0
    for pos in sorted(positions):
        ipos = doc.to_input(pos)
        line += doc.input.count("\n", last, ipos)
        last = ipos
        out[pos] = line
    return out

