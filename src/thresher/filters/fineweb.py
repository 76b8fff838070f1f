"""Filter ``fineweb``: the heuristics Penedo et al. 2024 added to Gopher and C4 for FineWeb.

Penedo et al. 2024, "The FineWeb Datasets: Decanting the Web for the Finest Text Data at Scale",
section "Developing additional heuristic filters": drop a document when

- the fraction of lines ending in punctuation is ≤ 0.12,
- the fraction of characters in duplicated lines is ≥ 0.1,
- the fraction of lines shorter than 30 characters is ≥ 0.67;

and, from the FineWeb release code (datatrove's ``FineWebQualityFilter``), when newlines per word
exceed 0.3 (a page that is a list).

datatrove 0.10's defaults differ from the paper in one number and two comparisons: its duplicated
line threshold is 0.01 (ten times stricter than the paper's 0.1) and it drops on ``< 0.12`` and
``> 0.67`` where the paper says ``≤`` and ``≥``.  thresher uses the paper's values.

>>> from thresher.document import Document
>>> FineWeb()(Document("d", "Home\\nNews\\nSport\\nWeather\\nA real sentence, at last.")).drop_detail
'short_line_frac 1.00 >= 0.67'
"""

from __future__ import annotations

from ..document import Document
from ..registry import register
from ..step import Filter
from ..tokens import describe, duplicate_lines, nonblank_lines, words

# sentence-final marks of many scripts (Latin, CJK, Arabic, Devanagari, Ethiopic, Armenian, Myanmar)
TERMINAL = ".!?…‼‽⁇⁈⁉。！？｡．؟۔।॥።፧։။"
# a closing quote or bracket may follow the mark: 'He said "yes."' ends in punctuation
_CLOSERS = "\"'”’»)]"


def ends_in_punctuation(line: str) -> bool:
    """True when the line, less trailing closing quotes and brackets, ends with a terminal mark."""
    s = line.rstrip().rstrip(_CLOSERS)
    return bool(s) and s[-1] in TERMINAL


@register("fineweb")
class FineWeb(Filter):
    """Drops pages of unpunctuated lines, short lines, duplicated lines, or one line per few words."""

    def __init__(
        self,
        min_punct_lines_frac: float = 0.12,  # Penedo et al. 2024: "lines ending with punctuation ≤ 0.12"
        max_short_lines_frac: float = 0.67,  # Penedo et al. 2024: "lines shorter than 30 characters ≥ 0.67"
        short_line_length: int = 30,  # ibid.
        max_dup_line_char_frac: float = 0.1,  # Penedo et al. 2024: "characters in duplicated lines ≥ 0.1"
        max_newline_word_ratio: float = 0.3,  # FineWeb code (datatrove FineWebQualityFilter new_line_ratio)
    ):
        super().__init__()
        self.min_punct_lines_frac = min_punct_lines_frac
        self.max_short_lines_frac = max_short_lines_frac
        self.short_line_length = short_line_length
        self.max_dup_line_char_frac = max_dup_line_char_frac
        self.max_newline_word_ratio = max_newline_word_ratio

    def check(self, doc: Document) -> str | None:
        lines = nonblank_lines(doc)
        if not lines:
            return "non_blank_lines 0 < 1"
        n = len(lines)
        frac = sum(map(ends_in_punctuation, lines)) / n
        if frac <= self.min_punct_lines_frac:
            return describe("punct_lines_frac", frac, "<=", self.min_punct_lines_frac)
        short = self.short_line_length
        frac = sum(map(short.__ge__, map(len, lines))) / n
        if frac >= self.max_short_lines_frac:
            return describe("short_line_frac", frac, ">=", self.max_short_lines_frac)
        text = doc.text
        frac = duplicate_lines(doc)[1] / max(1, len(text) - text.count("\n"))
        if frac >= self.max_dup_line_char_frac:
            return describe("dup_line_char_frac", frac, ">=", self.max_dup_line_char_frac)
        ratio = text.count("\n") / max(1, len(words(doc)))
        if ratio > self.max_newline_word_ratio:
            return describe("newline_word_ratio", ratio, ">", self.max_newline_word_ratio)
        return None
