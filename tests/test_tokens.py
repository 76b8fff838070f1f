"""tokens: the shared word regex finds the words of its plain (backtracking) form."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.document import Document
from thresher.tokens import _EDGE_PUNCTUATION, CJK_RE, FILTER_WORD_RE, find_words, paragraphs

PLAIN_WORD_RE = re.compile(r"\w+(?:[^\s\w]+\w+)*")

# letters, digits, "_", marks, punctuation and Unicode spaces, in runs
_PIECES = st.sampled_from(["a", "Zé", "_", "3", "²", "\u0301", ".", "..", "-", "'", "—", "…", "/", " ", "\n", "\u00a0", "\x1c", "語"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_possessive_word_regex_finds_the_plain_words(pieces):
    text = "".join(pieces)
    assert FILTER_WORD_RE.findall(text) == PLAIN_WORD_RE.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_possessive_word_regex_on_any_text(text):
    assert FILTER_WORD_RE.findall(text) == PLAIN_WORD_RE.findall(text)


def test_words_keep_inner_punctuation():
    assert FILTER_WORD_RE.findall("U.S. e-mail ... 3.5% (don't)") == ["U.S", "e-mail", "3.5", "don't"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\n\n", "a", "b c", " ", "\r", "\t"]), max_size=25).map("".join))
def test_paragraphs_split_at_two_or_more_line_breaks(text):
    assert paragraphs(Document("d", text)) == re.split(r"\n{2,}", text.strip())


def test_split_and_regex_agree_on_whitespace_and_word_characters():
    # find_words relies on str.split's whitespace being \s, and on str.isalnum implying \w
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    assert {m.group() for m in re.finditer(r"\s", every)} == {ch for ch in every if ch.isspace()}
    assert {m.group() for m in re.finditer(r"\w", every)} == {ch for ch in every if ch.isalnum()} | {"_"}


_WORD_PIECES = st.sampled_from(["a", "Bc", "9", "_", "é", "日本", "²", ".", ",", "-", "'", "—", "…", " ", "  ", "\n", "\t",
                                "\u00a0", "\u2009", "\u3000", "\x1c", "\u0085", "\u200b", "U.S.", "3.5%", "a_b", "__",
                                # what find_words strips from a token's ends, and non-word characters it does not
                                # strip (an emoji, a currency sign, a combining mark, a control character)
                                "“", "”", "‘", "’", "(", ")", "«", "»", "\"", "🙂", "£", "¶", "\u0301", "\x7f", "\x00"])


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.lists(_WORD_PIECES, max_size=30).map("".join), st.text(max_size=60)))
def test_find_words_finds_the_regex_words(text):
    assert find_words(text) == FILTER_WORD_RE.findall(text)


def test_find_words_strips_only_non_word_characters():
    assert _EDGE_PUNCTUATION and not any(ch.isalnum() or ch == "_" or ch.isspace() for ch in _EDGE_PUNCTUATION)
    assert find_words("“Hello,” (U.S.) said... _x_ £5 🙂ok🙂 ¶") == ["Hello", "U.S", "said", "_x_", "5", "ok"]


def test_cjk_lead_bytes_are_those_of_every_cjk_character():
    from thresher.tokens import _CJK_LEAD_BYTES, CJK_RE

    every = "".join(map(chr, range(0x10000)))
    leads = {ch.encode("utf-8", "surrogatepass")[:1] for ch in CJK_RE.findall(every)}
    assert leads == set(_CJK_LEAD_BYTES)


_CJK_PIECES = st.sampled_from(["a b", " ", "\n", "日本", "語", "ก", "\u0e7f", "\u0e80", "\u3040", "\u303f", "한", "\ud7af",
                               "\ud7b0", "\uac00", "\u4dbf", "\u9fff", "\ua000", "\u0900", "“", "—", "é", "\ud800", "🙂"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_CJK_PIECES, max_size=20).map("".join))
def test_doc_word_count_is_word_count(text):
    from thresher.tokens import doc_word_count, may_hold_cjk, word_count

    assert doc_word_count(Document("d", text)) == word_count(text)
    assert may_hold_cjk(text) or not CJK_RE.search(text)
