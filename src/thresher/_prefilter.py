"""RE2 prefilters: skip text in which a large Python pattern cannot match, without running it.

Python's ``re`` tries a big alternation at every position of the text (fetch_errors' list of
error-page phrases costs ~0.3 µs a character); RE2 (google-re2) runs one automaton over it
(``bench/prefilter.py``: 18× faster on that list, rewritten as below). RE2 has no lookarounds, and its ``\\b``, ``\\w``, ``\\d`` and
``\\s`` are ASCII, so a Python pattern cannot simply be handed to it. :func:`superset` rewrites the
pattern into one that matches *at least* wherever the original matches: zero-width assertions are
dropped, classes are widened to Unicode supersets. A :class:`Prefilter` answers "may the Python
pattern match in this text?"; only a *no* is acted on (the text is skipped), and where the answer
is *yes* the Python pattern runs as before, so results never change.

A :class:`Scanner` goes further for patterns that do match: it yields exactly the matches of the
Python pattern's ``finditer``, trying Python's pattern only at the places where RE2 finds that a
match may start.

Without google-re2 (a platform with no wheel) or for a pattern it cannot take, the prefilter
always answers *yes* and the scanner runs Python's ``finditer``: slower, same results.

>>> import re
>>> p = Prefilter(re.compile(r"\\bpage (?:was )?not found\\b"))
>>> p.may_match("the page was not found"), p.may_match("a long article about gardens")
(True, False)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

try:
    import re2 as _re2
except ImportError:  # pragma: no cover - google-re2 ships wheels for the platforms CI uses
    _re2 = None

# Unicode supersets of Python's classes, as RE2 class items (\w: letters, numbers, marks, "_";
# \s: RE2's ASCII spaces plus separators and the C0/C1 spaces Python counts)
_WORD = r"\p{L}\p{N}\p{M}_"
_DIGIT = r"\p{N}"
_SPACE = r"\s\p{Z}\x0b\x1c-\x1f\x85"
# the two characters Python's IGNORECASE equates with "i" and RE2's case folding does not
# (tests/test_prefilter.py checks every code point): texts holding one go to Python's re
_PY_ONLY_FOLDS = ("\u0130", "\u0131")


def _ignores_case(p: re.Pattern) -> bool:
    """IGNORECASE for the whole pattern or a part of it (an inline ``(?i:...)``)."""
    return bool(p.flags & re.IGNORECASE) or re.search(r"\(\?[aLmsux-]*i", p.pattern) is not None


def _python_folds(text: str, ignorecase: bool) -> bool:
    """Whether a case-insensitive pattern must go to Python's re: ``text`` holds a character only it folds.

    (Lone surrogates, which have no UTF-8 for RE2 to read, send a text to Python's re as well.)
    """
    return ignorecase and any(c in text for c in _PY_ONLY_FOLDS)


def superset(pattern: str) -> str:
    """An RE2 pattern matching wherever Python's ``pattern`` matches (raises ValueError if unsure)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = negated = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                raise ValueError("trailing backslash")
            e = pattern[i + 1]
            i += 2
            if in_class:
                if negated and e in "WSDpP":
                    raise ValueError(f"\\{e} in a negated class")
                out.append({"w": _WORD, "d": _DIGIT, "s": _SPACE}.get(e, "\\" + e) if not negated else "\\" + e)
            elif e in "bBAZ":
                continue  # a zero-width assertion: dropping it only widens the match
            else:
                out.append({"w": f"[{_WORD}]", "d": f"[{_DIGIT}]", "s": f"[{_SPACE}]"}.get(e, "\\" + e))
            continue
        if in_class:
            if c == "]" and pattern[i - 1] != "[" and not (negated and pattern[i - 2:i] == "[^"):
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            negated = pattern.startswith("[^", i)
            out.append(c)
            i += 1
            continue
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _group_end(pattern, i)  # a lookaround: zero width, dropped
            continue
        if c in "^$":
            i += 1  # anchors (line or text): dropped as well
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _group_end(pattern: str, i: int) -> int:
    """Index just after the group opening at ``pattern[i]``."""
    depth, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced group")


def _searcher(rx) -> Callable[[bytes, int, int], int]:
    """``(data, pos, endpos) -> `` the start of RE2's leftmost match in ``data[pos:endpos]``, or -1.

    The call google-re2's ``search`` makes (its C ``Match``, unanchored), without the per-call work
    around it: a generator, a match object, the offset checks (callers pass valid offsets). Where
    this google-re2 has no such call, its ``search``.
    """
    match = getattr(getattr(rx, "_regexp", None), "Match", None)
    anchor = getattr(getattr(_re2, "_Anchor", None), "UNANCHORED", None)
    if match is not None and anchor is not None:
        match = functools.partial(match, anchor)
        return lambda data, pos, endpos: match(data, pos, endpos)[0][0]

    def search(data: bytes, pos: int, endpos: int) -> int:  # pragma: no cover - an older google-re2
        m = rx.search(data, pos, endpos)
        return -1 if m is None else m.start()

    return search


def _compile(patterns: tuple[re.Pattern, ...]):
    """One RE2 regex, over UTF-8 bytes, matching wherever any of ``patterns`` matches (None without
    RE2 or if unsure)."""
    if _re2 is None:
        return None
    try:
        flags = {re.IGNORECASE: "i", re.MULTILINE: "m", re.DOTALL: "s"}
        parts = []
        for p in patterns:
            f = "".join(v for k, v in flags.items() if p.flags & k)
            parts.append(f"(?{f}:{superset(p.pattern)})" if f else f"(?:{superset(p.pattern)})")
        opts = _re2.Options()
        opts.max_mem = 64 << 20
        rx = "|".join(parts)
        return _re2.compile(rx.encode(), opts)
    except (ValueError, _re2.error):
        return None


class Prefilter:
    """Whether any of some Python patterns may match a text, answered by RE2."""

    def __init__(self, *patterns: re.Pattern):
        self.rx = _compile(patterns)
        self.search = None if self.rx is None else _searcher(self.rx)
        self.ignorecase = any(map(_ignores_case, patterns))

    def may_match(self, text: str, data: bytes | None = None) -> bool:
        """False only when no pattern can match anywhere in ``text`` (``data``: its UTF-8, if at hand)."""
        if self.search is None or _python_folds(text, self.ignorecase):
            return True
        if data is None:
            try:
                data = text.encode()
            except UnicodeEncodeError:  # a lone surrogate
                return True
        return self.search(data, 0, len(data)) >= 0


class Scanner:
    """``pattern.finditer(text)`` with the same matches, Python's ``re`` tried only where RE2 says one may start.

    Python's ``re`` tries a big alternation at every position of the text; here RE2 finds the leftmost
    place, from the scan position on, where the :func:`superset` pattern matches, which is no later
    than where Python's next match starts. Python's pattern is then tried at that place alone: a
    match is Python's next match; no match moves the scan one character on.
    RE2 reads the UTF-8 bytes of the text, encoded once; offsets are converted as the scan advances.
    """

    def __init__(self, pattern: re.Pattern):
        self.py = pattern
        self.rx = _compile((pattern,))
        self.search = None if self.rx is None else _searcher(self.rx)
        self.ignorecase = _ignores_case(pattern)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None,
                 data: bytes | None = None) -> Iterator[re.Match]:
        """The matches of ``pattern.finditer(text, pos, endpos)``, in order (``data``: the UTF-8 of
        ``text``, if at hand)."""
        n = len(text)
        endpos = n if endpos is None else max(0, min(endpos, n))
        pos = max(0, min(pos, n))
        if self.search is None or _python_folds(text, self.ignorecase):
            data = None
        elif data is None:
            try:
                data = text.encode()
            except UnicodeEncodeError:  # a lone surrogate
                pass
        if data is None:
            yield from self.py.finditer(text, pos, endpos)
            return
        one_byte = len(data) == n  # ASCII: byte and character offsets agree
        cpos = pos
        bpos = pos if one_byte else len(text[:pos].encode())
        bend = endpos if one_byte else bpos + len(text[pos:endpos].encode())
        match = self.py.match
        search = self.search
        while cpos <= endpos:
            b = search(data, bpos, bend)
            if b < 0:
                return
            c = cpos + (b - bpos if one_byte else len(data[bpos:b].decode()))
            found = match(text, c, endpos)
            if found is None:  # RE2's superset only: look again from the next character
                if c >= endpos:
                    return
                cpos, bpos = c + 1, b + (1 if one_byte else len(text[c].encode()))
                continue
            yield found
            e = found.end()
            if e == c:  # an empty match: Python's own scan goes on from here (it must move past it)
                rest = self.py.finditer(text, c, endpos)
                next(rest)
                yield from rest
                return
            cpos, bpos = e, b + (e - c if one_byte else len(text[c:e].encode()))
