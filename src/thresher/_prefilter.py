"""RE2 prefilters: skip text in which a large Python pattern cannot match, without running it.

Python's ``re`` tries a big alternation at every position of the text (fetch_errors' list of
error-page phrases costs ~0.3 µs a character); RE2 (google-re2) runs one automaton over it
(``bench/prefilter.py``: 18× faster on that list, rewritten as below). RE2 has no lookarounds, and its ``\\b``, ``\\w``, ``\\d`` and
``\\s`` are ASCII, so a Python pattern cannot simply be handed to it. :func:`superset` rewrites the
pattern into one that matches *at least* wherever the original matches: zero-width assertions are
dropped, classes are widened to Unicode supersets. A :class:`Prefilter` answers "may the Python
pattern match in this text?"; only a *no* is acted on (the text is skipped), and where the answer
is *yes* the Python pattern runs as before, so results never change.

Without google-re2 (a platform with no wheel) or for a pattern it cannot take, the prefilter
always answers *yes*: slower, same results.

>>> import re
>>> p = Prefilter(re.compile(r"\\bpage (?:was )?not found\\b"))
>>> p.may_match("the page was not found"), p.may_match("a long article about gardens")
(True, False)
"""

from __future__ import annotations

import re

try:
    import re2 as _re2
except ImportError:  # pragma: no cover - google-re2 ships wheels for the platforms CI uses
    _re2 = None

# Unicode supersets of Python's classes, as RE2 class items (\w: letters, numbers, marks, "_";
# \s: RE2's ASCII spaces plus separators and the C0/C1 spaces Python counts)
_WORD = r"\p{L}\p{N}\p{M}_"
_DIGIT = r"\p{N}"
_SPACE = r"\s\p{Z}\x0b\x1c-\x1f\x85"


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


class Prefilter:
    """Whether any of some Python patterns may match a text, answered by RE2."""

    def __init__(self, *patterns: re.Pattern):
        self.rx = None
        if _re2 is None:
            return
        try:
            flags = {re.IGNORECASE: "i", re.MULTILINE: "m", re.DOTALL: "s"}
            parts = []
            for p in patterns:
                f = "".join(v for k, v in flags.items() if p.flags & k)
                parts.append(f"(?{f}:{superset(p.pattern)})" if f else f"(?:{superset(p.pattern)})")
            opts = _re2.Options()
            opts.max_mem = 64 << 20
            self.rx = _re2.compile("|".join(parts), opts)
        except (ValueError, _re2.error):
            self.rx = None

    def may_match(self, text: str) -> bool:
        """False only when no pattern can match anywhere in ``text``."""
        return self.rx is None or self.rx.search(text) is not None
