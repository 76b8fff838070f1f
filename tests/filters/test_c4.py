"""c4 (page filter) and c4_lines (line rule): each rule's reason and detail, on text written for it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.document import Document
from thresher.filters.c4 import C4, C4LineRule, count_sentences
from thresher.registry import registered

PAGE = (
    "Kessling News\n"
    "Home | Politics | Weather\n"
    "The harbour town of Kessling voted on Tuesday to rebuild its flood wall.\n"
    "Engineers put the cost at four million pounds[1], and the county will pay half.\n"
    "Residents who packed the town hall were mostly in favour of the plan.\n"
    "Please enable JavaScript to watch the video of the meeting.\n"
    "This site uses cookies to improve your experience on our pages.\n"
    "Work is expected to begin in the spring...\n"
    "Share"
)


def test_registered():
    assert registered("filter")["c4"] is C4
    assert registered("rule")["c4_lines"] is C4LineRule


def test_page_with_three_sentences_in_kept_lines_is_kept():
    assert C4()(Document("p", PAGE)).dropped is None


def test_too_few_sentences():
    doc = C4()(Document("p", "\n".join(PAGE.split("\n")[:4])))
    assert (doc.dropped, doc.drop_detail) == ("c4", "sentences 2 < 3")


def test_lines_under_five_words_do_not_count():
    # the paper's 5 words a line (datatrove defaults to 3): four-word lines are not kept
    text = "We rebuilt the wall.\nThe county paid half.\nResidents were in favour.\nWork starts in spring."
    assert C4()(Document("p", text)).drop_detail == "sentences 0 < 3"
    assert C4(min_words_per_line=3)(Document("p", text)).dropped is None


def test_lorem_ipsum_and_curly_bracket_drop_the_page():
    doc = C4()(Document("p", PAGE + "\nLorem ipsum dolor sit amet, consectetur adipiscing elit."))
    assert doc.drop_detail == "lorem_ipsum found on line 10"
    doc = C4()(Document("p", PAGE + "\nThe handler is called as init() { return true; } on load."))
    assert doc.drop_detail == "curly_bracket found on line 10"
    # a curly bracket on a line C4 removes anyway (no end punctuation) does not condemn the page
    assert C4()(Document("p", PAGE + "\nvar x = { a: 1 }")).dropped is None


def test_sentence_count():
    assert count_sentences("Mr. Smith met J. Doe in the U.S. on Monday. Then he left!") == 2
    assert count_sentences("He was a chief physician.Police arrived soon after.") == 2
    assert count_sentences("“Is it safe?” she asked. “Yes,” he said.") == 2


def test_c4_lines_removes_each_line_with_its_reason():
    doc = C4LineRule()(Document("p", PAGE))
    assert doc.text == (
        "The harbour town of Kessling voted on Tuesday to rebuild its flood wall.\n"
        "Engineers put the cost at four million pounds, and the county will pay half.\n"
        "Residents who packed the town hall were mostly in favour of the plan."
    )
    # touching lines removed for the same reason share one record: look the reason up line by line
    reasons = {line.strip(): r.detail for r in doc.removed for line in doc.input[r.start:r.end].split("\n")}
    assert reasons["Kessling News"] == "no_terminal_punct"
    assert reasons["[1]"] == "citation"
    assert reasons["Please enable JavaScript to watch the video of the meeting."] == "javascript"
    assert reasons["This site uses cookies to improve your experience on our pages."] == "policy"
    assert reasons["Work is expected to begin in the spring..."] == "no_terminal_punct"


def test_c4_lines_long_word_and_short_line():
    text = "A line with a blob " + "x" * 1001 + ".\nToo short a line.\nThis line has enough words to stay."
    doc = C4LineRule()(Document("p", text))
    assert doc.text == "This line has enough words to stay."
    assert sorted(r.detail for r in doc.removed) == ["too_few_words", "too_long_word"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PAGE.split("\n")), min_size=0, max_size=15))
def test_filter_agrees_with_the_rule(lines):
    # the page filter counts sentences in exactly the lines the rule keeps
    text = "\n".join(lines)
    kept = C4LineRule()(Document("p", text)).text
    verdict = C4().check(Document("p", text))
    if verdict is None or verdict.startswith("sentences"):
        n = sum(count_sentences(line) for line in kept.split("\n") if line)
        assert (verdict is None) == (n >= 3)


# sentence marks, closers, letters of both cases, spaces: where the lookbehind could matter
_SENTENCE_PIECES = st.sampled_from(["a", "Bc", "x", "U", ".", "!", "?", "…", '"', "'", "”", ")", "]", " ", "  ", "\t", "é", "-"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_SENTENCE_PIECES, max_size=30))
def test_sentence_ends_are_those_of_the_pattern_without_its_start_guard(pieces):
    from thresher.filters.c4 import _SENT_END

    plain = re.compile(_SENT_END.pattern.removeprefix(r"(?<![^\s.!?])"))
    assert plain.pattern != _SENT_END.pattern
    line = "".join(pieces)
    assert [(m.span(), m.group(1)) for m in _SENT_END.finditer(line)] == [(m.span(), m.group(1)) for m in plain.finditer(line)]


def _check_scanning_every_line(c4: C4, doc: Document) -> str | None:
    """The filter's definition: scan every line, count sentences in the kept ones."""
    sentences = 0
    for i, verdict, line in c4.lines.scan(doc.lines):
        if verdict in ("lorem_ipsum", "curly_bracket"):
            return f"{verdict} found on line {i + 1}"
        if not verdict:
            sentences += count_sentences(line)
    return f"sentences {sentences} < {c4.min_sentences}" if sentences < c4.min_sentences else None


# kept sentences, and the pieces of a page rule: brackets, "lorem ipsum" in any case, split by
# citation marks (which go before the line is read) or by a line break (which splits the phrase)
_C4_PIECES = st.sampled_from([
    "One sentence that is long enough.", "Two short ones here. And a second one!", "too few.", "no end mark here at all",
    "lorem", "Lorem", "LOREM", " ", "ipsum", "Ipsum", "IPSUM", "[1]", "[]", "[edit]", "[citation needed]", "[x]",
    "{", "}", "\n", ".", "Σ", "İ", "é", "words and more words.",
])


# whole lines, kept ones and ones a page rule fires on only when their citation marks are gone
_C4_LINES = st.sampled_from([
    "One sentence that is long enough.", "Two short ones here. And a second one!", "Menu",
    "Some lorem [1]ipsum text with words.", "LOREM [edit]IPSUM and more words here.", "Lorem ipsum dolor sit amet.",
    "Lorem [x]ipsum with a mark that stays.", "A line {with a bracket} and words.", "words and lorem", "ipsum words here ok.",
])


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.lists(_C4_PIECES, max_size=40).map("".join), st.lists(_C4_LINES, max_size=8).map("\n".join)),
       st.integers(0, 4), st.booleans(), st.booleans(), st.booleans())
def test_stopping_once_enough_sentences_changes_no_verdict(text, min_sentences, citations, lorem, curly):
    c4 = C4(min_sentences=min_sentences, remove_citations=citations, filter_lorem_ipsum=lorem, filter_curly_bracket=curly)
    assert c4.check(Document("p", text)) == _check_scanning_every_line(c4, Document("p", text))


def test_only_dotted_capital_i_and_kelvin_sign_lower_to_ascii_letters():
    # C4.can_condemn looks for "lorem ipsum" in the UTF-8 bytes with ASCII letters lowered: the same
    # answer as str.lower, since no non-ASCII character lowers to a letter of the phrase but "İ",
    # which lowers to "i" and U+0307 (and the phrase needs "p" after its "i")
    every = "".join(map(chr, range(0x80, 0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    found = {ch: ch.lower() for ch in every if any(c.isascii() for c in ch.lower())}
    assert found == {"\u0130": "i\u0307", "\u212a": "k"}


_LOREM_PIECES = st.sampled_from(["lorem", "LOREM", "Lorem", "LoReM", " ", "ipsum", "IPSUM", "İpsum", "\u0130", "\u0307",
                                 "\u212a", "i", "p", "Σ", "é", "\ud800", "ſ", "ﬁ", "x", "\n"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_LOREM_PIECES, max_size=20).map("".join))
def test_lorem_ipsum_found_as_by_str_lower(text):
    c4 = C4(filter_curly_bracket=False)
    assert c4.can_condemn(text) == ("lorem ipsum" in text.lower())


@settings(max_examples=2000, deadline=None)
@given(st.lists(_SENTENCE_PIECES, max_size=30).map("".join))
def test_count_sentences_as_every_match(line):
    # count_sentences skips the regex for a line whose marks all stand in its closing run
    from thresher.filters.c4 import _ABBREV, _SENT_END

    n = 1
    for m in _SENT_END.finditer(line):
        word = m.group(1).lower().strip("\"'“‘(")
        if not (len(word) == 1 and word.isalpha() or word in _ABBREV or "." in word):
            n += 1
    assert count_sentences(line) == n
