"""Rule ``normalize``: mojibake repaired with ftfy, newlines and whitespace normalised.

These edits change characters rather than remove content, so they are not listed in
``removed``; the position map stays exact, so later removals still point at the input.
Counted in stats as ``normalize.lines_repaired`` and ``normalize.chars_changed``.
"""

from __future__ import annotations

import re
from itertools import repeat

import ftfy
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad

from ..document import Document
from ..registry import register
from ..step import Step

# only the repairs that undo damage; styling choices (curly quotes, full-width forms, ligatures,
# NFC/NFKC) are the author's and stay as they are, so clean text passes through unchanged
_FTFY = ftfy.TextFixerConfig(
    unescape_html="auto",
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_terminal_escapes=True,
    remove_control_chars=True,
    normalization=None,
    explain=False,
)

# line separators to \n; other whitespace handled line by line below
# (\r\n as one match; written to start with a class, which re scans for quickly)
_NEWLINE_CHARS = "\r\u2028\u2029\x0b\x0c\x85"
_NEWLINES = re.compile(rf"[{_NEWLINE_CHARS}](?:(?<=\r)\n)?")
# horizontal whitespace runs (incl. no-break and ideographic spaces) and invisible format chars
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{2,}|\t|[\u00a0\u202f](?=\s)")
_INVISIBLE_CHARS = "\u200b\u200e\u200f\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_EDGE_CHARS = " \t\u00a0\u3000"  # stripped from both ends of every line
# a character that _SPACES could match: where none occurs (most text), the run search is skipped
_ODD_SPACE_CHARS = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_ODD_SPACE = re.compile(f"[{_ODD_SPACE_CHARS}]")
# any character the three patterns above act on: text without one (most text) is scanned once, not three times
_ACTED_ON = re.compile(f"[{_NEWLINE_CHARS}{_ODD_SPACE_CHARS}{_INVISIBLE_CHARS}]")


_ASCII = bytes(range(128))
_ASCII_ACTED_ON = tuple(c.encode() for c in "\t\x0b\x0c\r")  # the ASCII characters _ACTED_ON finds


def _non_ascii(text: str, data: bytes) -> str:
    """The characters of ``text`` outside ASCII, in order, from ``data``, its UTF-8 (lone surrogates
    passed): the ASCII bytes deleted (no other character's UTF-8 holds one)."""
    if len(data) == len(text):
        return ""
    return data.translate(None, _ASCII).decode("utf-8", "surrogatepass")


def _space_at_an_edge(data: bytes) -> bool:
    """Whether a line of ``data`` (UTF-8) starts or ends with a space (two searches of the whole
    text for a newline beside a space take longer than these, the lines being few)."""
    rows = data.split(b"\n")
    return any(map(bytes.startswith, rows, repeat(b" "))) or any(map(bytes.endswith, rows, repeat(b" ")))


def _edge_spaces(text: str) -> list[tuple[int, int, str]]:
    """Deletions of the spaces at the start and end of each line."""
    edits = []
    pos = 0
    for line in text.split("\n"):
        body = line.lstrip(_EDGE_CHARS)
        lead = len(line) - len(body)  # a line of spaces only is all lead
        trail = len(body) - len(body.rstrip(_EDGE_CHARS))
        if lead:
            edits.append((pos, pos + lead, ""))
        if trail:
            edits.append((pos + len(line) - trail, pos + len(line), ""))
        pos += len(line) + 1
    return edits


@register("normalize")
class Normalize(Step):
    """Repairs mojibake (ftfy) and normalises newlines and spaces, keeping the span map exact."""

    kind = "rule"

    def __init__(self, fix_mojibake: bool = True, collapse_spaces: bool = True):
        super().__init__()
        self.fix_mojibake = fix_mojibake
        self.collapse_spaces = collapse_spaces

    def __call__(self, doc: Document) -> Document:
        if doc.dropped is not None:
            return doc
        text = doc.text
        data = text.encode("utf-8", "surrogatepass")
        others = _non_ascii(text, data)
        # no line separator, odd space or invisible character (the ASCII ones looked for in the UTF-8)
        plain = not any(c in data for c in _ASCII_ACTED_ON) and _ACTED_ON.search(others) is None
        edits = [] if plain else [(m.start(), m.end(), "\n") for m in _NEWLINES.finditer(text) if m.group() != "\n"]
        if edits:
            doc.edit(edits, None)
        text = doc.text
        edits = []
        if self.collapse_spaces and ("  " in text or not plain and _ODD_SPACE.search(text)):
            edits.extend((m.start(), m.end(), " ") for m in _SPACES.finditer(text))
        if not plain:
            edits.extend((m.start(), m.end(), "") for m in _INVISIBLE.finditer(text))
        # an edge character at the start or the end of a line (in plain text a space alone can be one)
        if not plain or _space_at_an_edge(data):
            edits.extend(_edge_spaces(text))
        if edits:
            doc.edit(_non_overlapping(edits), None)
            self.stats.count("normalize.space_edits", len(edits))
        # (every character _maybe_bad looks for is outside ASCII, and the edits above insert only ASCII:
        # with none in the text before them, it says no)
        if self.fix_mojibake and _MOJIBAKE_RUN.search(others) and _maybe_bad(doc.text):
            self._repair(doc)
        doc.tidy()
        return doc

    def _repair(self, doc: Document) -> None:
        """Run ftfy on the lines it flags; a changed line is one edit, mapped to its whole input line."""
        edits = []
        pos = 0
        for line in doc.lines:
            if line and is_bad(line):
                fixed = ftfy.fix_text(line, _FTFY)
                if fixed != line:
                    edits.append((pos, pos + len(line), fixed))
            pos += len(line) + 1
        if edits:
            doc.edit(edits, None)
            self.stats.count("normalize.lines_repaired", len(edits))


# Every match of ftfy's badness pattern (``ftfy.badness.BADNESS_RE``, which is_bad searches) holds at
# least one of these characters: the C1 controls, the "bad" symbols, accented capitals and small
# letters, currency, numeric, legal and box-drawing signs, plus the few letters some of its
# alternatives need (œ, Ù, the low single quote, Ђ, and the Cyrillic and Greek capitals that frame
# its Windows-1251/1253 sequences). Curly quotes, dashes, "…", "©" and lowercase Cyrillic alone are
# never mojibake to ftfy. tests/clean/test_normalize_scans.py checks this against ftfy's own pattern.
_MOJIBAKE_CHARS = "".join(MOJIBAKE_CATEGORIES[k] for k in (
    "c1", "bad", "upper_accented", "lower_accented", "currency", "numeric", "law", "box")) + "ŒœÙ‚ЂВГРСΒΓΞΟ"
# a run of them (a class first, then the repeat: re scans quickly only for a pattern that starts with a class)
_MOJIBAKE_RUN = re.compile(f"[{_MOJIBAKE_CHARS}][{_MOJIBAKE_CHARS}]*")
_BADNESS_REACH = 6  # a badness match is at most 7 characters long ("ГўВЂВ" + 2 more), so within 6 of one


def _maybe_bad(text: str) -> bool:
    """True when ftfy would flag some line of ``text`` as mojibake (and rarely when it would not).

    ftfy's matches each hold one of ``_MOJIBAKE_CHARS``, so only windows of the same line reaching
    ``_BADNESS_REACH`` characters around their runs are searched; overlapping windows merge.
    Most text has none of them and is not searched at all.  The one alternative of ftfy's pattern
    anchored at the start, ``^[ÃÂ][ ]``, matches only at the start of what is searched, so it is
    tested at each window that starts a line (``_repair`` asks ftfy line by line).
    """
    if text.isascii():
        return False
    windows: list[list[int]] = []
    n = len(text)
    for m in _MOJIBAKE_RUN.finditer(text):
        a, b = m.start(), m.end()
        lo = max(a - _BADNESS_REACH, 0)
        nl = text.rfind("\n", lo, a)
        lo = nl + 1 if nl >= 0 else lo
        hi = min(b + _BADNESS_REACH, n)
        nl = text.find("\n", b, hi)
        hi = nl if nl >= 0 else hi
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    if any((a == 0 or text[a - 1] == "\n") and text.startswith(_AT_LINE_START, a) for a, _ in windows):
        return True
    return bool(windows) and is_bad("\n".join(text[a:b] for a, b in windows))


_AT_LINE_START = ("Ã ", "Â ")  # what ftfy's ``^[ÃÂ][ ]`` matches


def _non_overlapping(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sort edits and merge overlapping ones (an edge strip inside a collapsed run)."""
    out: list[tuple[int, int, str]] = []
    for a, b, r in sorted(edits):
        if out and a < out[-1][1]:
            pa, pb, pr = out[-1]
            # the overlap is whitespace being deleted or collapsed: deleting wins
            out[-1] = (pa, max(pb, b), "" if (r == "" or pr == "") else pr)
        else:
            out.append((a, b, r))
    return out
