"""The document model: the text being cleaned, its metadata, and every removal as a span of the input.

A :class:`Document` keeps the input text it was made from (``doc.input``) and the current text
(``doc.text``).  Rules edit the current text through :meth:`Document.edit`; the document keeps a
piecewise map from positions in the current text back to positions in the input, so every removal
is recorded as ``Removal(start, end, rule)`` with ``doc.input[start:end]`` the removed characters.

>>> doc = Document("d1", "Menu\\nHello world.\\n")
>>> doc.remove_lines([0], "boilerplate")  # characters removed
5
>>> doc.text, doc.removed[0].start, doc.removed[0].end
('Hello world.\\n', 0, 5)
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@dataclass(frozen=True, slots=True)
class Removal:
    """One removed span of the input text, the rule that removed it, and why."""

    start: int
    end: int
    rule: str
    detail: str = ""

    def to_json(self) -> list:
        return [self.start, self.end, self.rule, self.detail] if self.detail else [self.start, self.end, self.rule]


@dataclass(slots=True)
class Document:
    """A document in the pipeline: ``id``, current ``text``, ``metadata`` and the removal record."""

    id: str
    input: str
    metadata: dict[str, Any] = field(default_factory=dict)
    text: str = None  # type: ignore[assignment]  # the input, until a step edits it
    removed: list[Removal] = field(default_factory=list)
    dropped: str | None = None
    drop_detail: str = ""
    key: int = 0  # position in the corpus: shard index << 32 | row (set by the pipeline)
    # piecewise-linear map current-text position -> input position: segment k starts at text
    # position _tpos[k] and input position _ipos[k]; inside a segment positions advance together.
    _tpos: list[int] = field(default_factory=list, repr=False)
    _ipos: list[int] = field(default_factory=list, repr=False)
    _lines: list[str] | None = field(default=None, repr=False)
    _cuts: list[tuple[int, int]] = field(default_factory=list, repr=False)  # recorded input spans, sorted
    # derived data shared between steps (word lists, line statistics); cleared on every edit
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.text is None:
            self.text = self.input
        if not self._tpos:
            self._tpos, self._ipos = [0], [0]

    # -- position map -------------------------------------------------------------------------
    # Entries (t, i) sorted by t; text from t maps linearly to input from i, up to the next entry.
    # Where text was cut out, two entries share one t: the first is where the text before the cut
    # ends in the input, the second where the text after it starts. A start position maps with the
    # last entry at or before it, an end position with the first.
    def to_input(self, pos: int) -> int:
        """Map a start position of the current text to the input (the character at ``pos``)."""
        k = bisect_right(self._tpos, pos) - 1
        return self._ipos[k] + (pos - self._tpos[k])

    def to_input_end(self, pos: int) -> int:
        """Map an end position of the current text to the input (just after the character before ``pos``)."""
        k = bisect_left(self._tpos, pos)
        if k < len(self._tpos) and self._tpos[k] == pos:
            return self._ipos[k]
        k -= 1
        return self._ipos[k] + (pos - self._tpos[k])

    # -- editing ------------------------------------------------------------------------------
    def edit(self, edits: Iterable[tuple], rule: str | None, detail: str = "") -> int:
        """Replace spans ``(start, end, replacement[, detail])`` of the current text; return characters removed.

        With ``rule`` set, each span is recorded as a :class:`Removal` of the input (with the span's
        own detail, else ``detail``); with ``rule`` None the edit is a normalisation (whitespace,
        repaired characters) and is not recorded. Spans must not overlap.
        """
        spans = sorted(e for e in edits if e[1] > e[0] or e[2])
        if not spans:
            return 0
        text, tpos, ipos = self.text, self._tpos, self._ipos
        n_old = len(tpos)
        out: list[str] = []
        entries: list[tuple[int, int, bool]] = []  # (t, i, is the left entry of a cut)
        cur = 0  # position in old text
        length = 0  # length of new text so far
        seg = 0  # index of the old entry at or before `cur`
        removed = 0

        def copy(a: int, b: int) -> None:
            # copy old text [a, b) and the map entries that cover it
            nonlocal length, seg
            if b <= a:
                return
            out.append(text[a:b])
            while seg + 1 < n_old and tpos[seg + 1] <= a:
                seg += 1
            k, p = seg, a
            while p < b:
                left = k + 1 < n_old and tpos[k + 1] == tpos[k] and p == tpos[k]
                entries.append((length + (p - a), ipos[k] + (p - tpos[k]), left))
                p = min(b, tpos[k + 1] if k + 1 < n_old else len(text) + 1)
                if p < b:
                    k += 1
            seg = k
            length += b - a

        last_end = -1
        for span in spans:
            start, end, repl = span[0], span[1], span[2]
            if start < last_end:
                raise ValueError(f"overlapping edits at {start}")
            copy(cur, start)
            i_start, i_end = self.to_input(start), self.to_input_end(end)
            if rule is not None and i_end > i_start:
                self._record(start, end, i_start, i_end, rule, span[3] if len(span) > 3 else detail)
            removed += end - start - len(repl)
            entries.append((length, self.to_input_end(start), True))  # the kept text before ends here
            if repl:
                out.append(repl)
                entries.append((length, i_start, False))
                length += len(repl)
                entries.append((length, i_end, True))
            entries.append((length, self.to_input(end), False))  # the kept text after starts here
            cur = last_end = end
        copy(cur, len(text))
        tp: list[int] = []
        ip: list[int] = []
        k = 0
        while k < len(entries):
            t = entries[k][0]
            j = k
            while j + 1 < len(entries) and entries[j + 1][0] == t:
                j += 1
            left = entries[k][1] if entries[k][2] else None
            right = entries[j][1]
            if left is not None and left != right:
                tp += [t, t]
                ip += [left, right]
            elif not (tp and ip[-1] + (t - tp[-1]) == right):  # else it continues the previous segment
                tp.append(t)
                ip.append(right)
            k = j + 1
        if not tp or tp[0] != 0:
            tp.insert(0, 0)
            ip.insert(0, self.to_input(0))
        self.text = "".join(out)
        self._tpos, self._ipos = tp, ip
        self._lines = None
        self.cache.clear()
        return removed

    def _record(self, start: int, end: int, a: int, b: int, rule: str, detail: str) -> None:
        """Record text [start, end), input [a, b), as removed, in pieces around input that earlier rules removed.

        Input cut out by normalisation (whitespace) inside the span joins the removal; input that a
        rule already removed stays with that rule's record.
        """
        tpos = self._tpos
        k = bisect_right(tpos, start)
        while k + 1 < len(tpos) and tpos[k] < end:
            if tpos[k + 1] == tpos[k]:  # a cut inside this span: input [gap_a, gap_b) is not in the text
                gap_a, gap_b = self._ipos[k], self._ipos[k + 1]
                inside = [(x, y) for x, y in self._cuts if x < gap_b and y > gap_a]
                if inside:
                    if inside[0][0] > a:
                        self.removed.append(Removal(a, inside[0][0], rule, detail))
                    a = max(a, inside[-1][1])
                k += 1
            k += 1
        if b > a:
            self.removed.append(Removal(a, b, rule, detail))
        self._cuts = sorted(self._cuts + [(r.start, r.end) for r in self.removed[len(self._cuts):]])

    def remove(self, spans: Iterable[tuple[int, int]], rule: str, detail: str = "") -> int:
        """Remove spans of the current text, recording them under ``rule``."""
        return self.edit(((a, b, "") for a, b in merge_spans(spans)), rule, detail)

    # -- line view ----------------------------------------------------------------------------
    @property
    def lines(self) -> list[str]:
        """The current text split on newlines (without the newline characters)."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def line_spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every line of the current text, the end excluding its newline."""
        spans = []
        pos = 0
        for line in self.lines:
            spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        return spans

    def remove_lines(self, indices: Iterable[int], rule: str, detail: str = "") -> int:
        """Remove whole lines (with their newline) by index, recording them under ``rule``."""
        idx = sorted(set(indices))
        if not idx:
            return 0
        spans = self.line_spans()
        n = len(spans)
        cuts = []
        for i in idx:
            a, b = spans[i]
            if i + 1 < n:
                b += 1  # the newline after the line
            elif i > 0 and (i - 1) not in idx:
                a -= 1  # last line: take the newline before it instead
            cuts.append((a, b))
        return self.remove(cuts, rule, detail)

    def tidy(self) -> None:
        """Strip the text and collapse runs of blank lines to one (whitespace only, not recorded)."""
        text = self.text
        # deletions, not replacements, so the map keeps every earlier cut inside a run apart
        edits = [(m.start() + 1, m.end() - 1, "") for m in _BLANKS.finditer(text)]
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        edits = [e for e in edits if e[0] >= lead and e[1] <= trail]
        if lead:
            edits.insert(0, (0, lead, ""))
        if trail < len(text) and trail >= lead:
            edits.append((trail, len(text), ""))
        self.edit(edits, None)

    def to_state(self) -> dict[str, Any]:
        """Everything needed to carry on cleaning this document elsewhere (see :meth:`from_state`)."""
        return {"id": self.id, "input": self.input, "metadata": self.metadata, "text": self.text,
                "removed": [r.to_json() for r in self.removed], "dropped": self.dropped,
                "drop_detail": self.drop_detail, "key": self.key, "t": self._tpos, "i": self._ipos,
                "c": self._cuts}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> Document:
        return cls(d["id"], d["input"], d["metadata"], d["text"], [Removal(*r) for r in d["removed"]],
                   d["dropped"], d["drop_detail"], d["key"], d["t"], d["i"], _cuts=[tuple(c) for c in d["c"]])

    def drop(self, reason: str, detail: str = "") -> None:
        """Mark the document dropped; its text stays as it was, so nothing is lost."""
        self.dropped = reason
        self.drop_detail = detail

    @property
    def removed_chars(self) -> int:
        return sum(r.end - r.start for r in self.removed)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge the ones that overlap or touch."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def covered(spans: Sequence[Removal], start: int, end: int) -> bool:
    """True when input [start, end) lies wholly inside the union of ``spans``."""
    pos = start
    for a, b in merge_spans((r.start, r.end) for r in spans):
        if a <= pos < b:
            pos = b
        if pos >= end:
            return True
    return pos >= end
