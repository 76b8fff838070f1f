"""Filter ``c4`` and cleaning rule ``c4_lines``: the C4 heuristics of Raffel et al. 2020, section 2.2.

The line rules (keep lines that end in terminal punctuation and have at least 5 words; drop lines
that mention javascript or cookie/terms-of-use policies, or hold a word over 1,000 characters;
strip Wikipedia citation marks) and the page rules (drop pages with "lorem ipsum", a curly
bracket, or fewer than 3 sentences in the lines kept) follow the paper and its reference code,
TensorFlow Datasets' ``c4_utils.py``.

Where datatrove 0.10's ``C4QualityFilter`` differs from the paper, thresher keeps the paper:
datatrove defaults to ``min_num_sentences=5`` and ``min_words_per_line=3`` (the paper and
``c4_utils`` say 3 and 5) and also accepts a line ending in ``'``.  thresher also accepts the
typographic closing quote ``”`` as the paper's ``"`` (curly quotes are kept by ``normalize``).

``c4`` only keeps or drops; ``c4_lines`` (not in the default chain) removes the lines C4 removes.

>>> from thresher.document import Document
>>> C4()(Document("d", "Menu\\nHome\\nOne sentence that is long enough.")).drop_detail
'sentences 1 < 3'
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..registry import register
from ..step import Filter, Rule

# c4_utils.py: _END_MARKS = (".", "?", "!", '"'), plus the typographic closing quote
END_MARKS = (".", "?", "!", '"', "”")
CITATION_RE = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")  # c4_utils.py, Wikipedia marks
# c4_utils.py: _POLICY_SUBSTRINGS
POLICY_SUBSTRINGS = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
# a sentence ends at . ! ? (possibly repeated, then closing quotes/brackets) followed by space and
# something that is not a lower-case letter ("“Is it safe?” she asked" is one sentence)
# (or, with the space missing, "physician.Police arrived"); a match starts where the search does
# or at a word (from inside a word it would end where one from the word's start ends, or nowhere),
# so the lookbehind lets it start only there: after a space, after . ! ? or at the line's start
_SENT_END = re.compile(r"(?<![^\s.!?])(\S*?)[.!?…]+[\"'”’)\]]*(?:\s+(?=\S)(?![a-zà-öø-ÿ])|(?<=[a-z][.!?])(?=[A-Z][a-z]))")
_ABBREV = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e", "no", "fig", "gen", "gov", "sen", "rep", "col", "lt", "sgt", "capt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "approx", "dept", "est", "univ"]
)


# what a line may end with after its last sentence: marks and closing quotes or brackets
_LINE_END = ".!?…\"'”’)]"


def count_sentences(line: str) -> int:
    """Sentences in a line that ends a sentence: one plus each inner full stop not after an abbreviation."""
    body = line.rstrip(_LINE_END)
    if "." not in body and "!" not in body and "?" not in body and "…" not in body:
        return 1  # every mark is in the closing run: none has a space or a capital after it, no end is inner
    n = 1
    for m in _SENT_END.finditer(line):
        word = m.group(1).lower().strip("\"'“‘(")
        if len(word) == 1 and word.isalpha() or word in _ABBREV or "." in word:
            continue  # "J. Smith", "Mr. Smith", "U.S. officials"
        n += 1
    return n


class C4Lines:
    """The C4 line rules, shared by the ``c4`` filter and the ``c4_lines`` rule."""

    def __init__(
        self,
        min_words_per_line: int = 5,  # Raffel et al. 2020, §2.2: "lines that contained at least 5 words"
        max_word_length: int = 1000,  # c4_utils.py _MAX_WORD_LENGTH: lines with a longer "word" go
        remove_citations: bool = True,  # c4_utils.py: Wikipedia citation marks [1], [edit]
        filter_javascript: bool = True,  # §2.2: "removed any line with the word Javascript"
        filter_policy: bool = True,  # c4_utils.py: cookie and terms-of-use lines
        filter_lorem_ipsum: bool = True,  # §2.2: "removed any page where the phrase 'lorem ipsum' appeared"
        filter_curly_bracket: bool = True,  # §2.2: "removed any pages that contained a curly bracket"
    ):
        self.min_words_per_line = min_words_per_line
        self.max_word_length = max_word_length
        self.remove_citations = remove_citations
        self.filter_javascript = filter_javascript
        self.filter_policy = filter_policy
        self.filter_lorem_ipsum = filter_lorem_ipsum
        self.filter_curly_bracket = filter_curly_bracket

    def scan(self, lines: list[str]) -> Iterator[tuple[int, str, str]]:
        """``(index, verdict, stripped line)`` per line: verdict '' keeps it, else the rule that removes it.

        Verdicts 'lorem_ipsum' and 'curly_bracket' condemn the whole page (as in ``c4_utils.py``,
        they are checked only on lines the earlier rules keep).
        """
        for i, raw in enumerate(lines):
            line = raw.strip()
            if 0 < self.max_word_length < len(line) and any(len(w) > self.max_word_length for w in line.split()):
                yield i, "too_long_word", line
                continue
            words = line  # words are counted before citation marks go (datatrove 0.10 does the same)
            if self.remove_citations and "[" in line:
                line = CITATION_RE.sub("", line)
            if not line.endswith(END_MARKS) or line.endswith("..."):
                yield i, "no_terminal_punct", line
                continue
            if len(words.split()) < self.min_words_per_line:
                yield i, "too_few_words", line
                continue
            low = line.lower()
            if self.filter_lorem_ipsum and "lorem ipsum" in low:
                yield i, "lorem_ipsum", line
                continue
            if self.filter_javascript and "javascript" in low:
                yield i, "javascript", line
                continue
            if self.filter_curly_bracket and "{" in line:
                yield i, "curly_bracket", line
                continue
            if self.filter_policy and any(map(low.__contains__, POLICY_SUBSTRINGS)):
                yield i, "policy", line
                continue
            yield i, "", line


@register("c4")
class C4(Filter):
    """Drops pages with "lorem ipsum", a curly bracket, or fewer than 3 sentences in the lines C4 keeps."""

    def __init__(
        self,
        min_sentences: int = 3,  # Raffel et al. 2020, §2.2: "discarded any page with fewer than 3 sentences"
        min_words_per_line: int = 5,  # §2.2: "only retained lines that contained at least 5 words"
        max_word_length: int = 1000,  # c4_utils.py _MAX_WORD_LENGTH
        remove_citations: bool = True,
        filter_javascript: bool = True,
        filter_policy: bool = True,
        filter_lorem_ipsum: bool = True,
        filter_curly_bracket: bool = True,
    ):
        super().__init__()
        self.min_sentences = min_sentences
        self.lines = C4Lines(min_words_per_line, max_word_length, remove_citations, filter_javascript,
                             filter_policy, filter_lorem_ipsum, filter_curly_bracket)

    def can_condemn(self, text: str) -> bool:
        """Whether a page rule could fire on some line of ``text``.

        A line's curly bracket is one of the text's; a line's "lorem ipsum" (looked for once its
        citation marks are gone, and lower-cased) is one of the text's with the same marks gone, as
        no mark spans a line, and lower-cased, as lower-casing maps each letter on its own (but a
        Greek sigma, which is no letter of "lorem ipsum"). Lowering the UTF-8 bytes (ASCII letters
        alone, several times faster) finds the phrase where ``str.lower`` does: no other character
        lowers to one of its letters but "İ", to "i" and a combining dot, never followed by "p".
        """
        rules = self.lines
        if rules.filter_curly_bracket and "{" in text:
            return True
        if not rules.filter_lorem_ipsum:
            return False
        if rules.remove_citations and "[" in text:
            text = CITATION_RE.sub("", text)
        return b"lorem ipsum" in text.encode("utf-8", "surrogatepass").lower()

    def check(self, doc: Document) -> str | None:
        sentences = 0
        for i, verdict, line in self.lines.scan(doc.lines):
            if verdict in ("lorem_ipsum", "curly_bracket"):
                return f"{verdict} found on line {i + 1}"
            if not verdict and sentences < self.min_sentences:  # past the minimum, counting on changes nothing
                sentences += count_sentences(line)
                if sentences >= self.min_sentences and not self.can_condemn(doc.text):
                    return None  # only a page rule could still drop the page, and none can fire
        if sentences < self.min_sentences:
            return f"sentences {sentences} < {self.min_sentences}"
        return None


@register("c4_lines")
class C4LineRule(Rule):
    """Removes the lines C4 removes (and Wikipedia citation marks), each recorded with its reason."""

    def __init__(
        self,
        min_words_per_line: int = 5,  # Raffel et al. 2020, §2.2
        max_word_length: int = 1000,  # c4_utils.py _MAX_WORD_LENGTH
        remove_citations: bool = True,  # c4_utils.py
        filter_javascript: bool = True,  # §2.2
        filter_policy: bool = True,  # c4_utils.py
    ):
        super().__init__()
        # lorem ipsum and curly brackets condemn a page, not a line: that is the c4 filter's call
        self.lines = C4Lines(min_words_per_line, max_word_length, remove_citations, filter_javascript,
                             filter_policy, filter_lorem_ipsum=False, filter_curly_bracket=False)

    def find(self, doc: Document) -> list[tuple[int, int, str]]:
        spans = doc.line_spans()
        lines = doc.lines
        last = len(spans) - 1
        out: list[tuple[int, int, str]] = []
        for i, verdict, _ in self.lines.scan(lines):
            a, b = spans[i]
            if verdict:
                if a == b:
                    continue  # blank lines are paragraph breaks, left for tidy()
                out.append((a, b + 1 if i < last else b, verdict))
            elif self.lines.remove_citations and "[" in lines[i]:
                out.extend((a + m.start(), a + m.end(), "citation") for m in CITATION_RE.finditer(lines[i]))
        return out
