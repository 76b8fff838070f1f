"""fetch_errors' line classification equals the plain definition: every pattern run by Python's re
over the joined short lines, every token of every short line checked against the matches."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.clean import fetch_errors as fe
from thresher.document import Document
from thresher.tokens import CJK_RE


def _strong_plain(text: str) -> list:
    """_STRONG by Python's finditer over the runs of lines around trigger words."""
    lines = text.split("\n")
    hot = [bool(fe._STRONG_TRIGGER.search(line)) for line in lines]
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    out, i, n = [], 0, len(lines)
    while i < n:
        if not (hot[i] or (i + 1 < n and hot[i + 1])):
            i += 1
            continue
        j = i
        while j + 1 < n and (hot[j + 1] or (j + 2 < n and hot[j + 2])):
            j += 1
        out.extend(fe._STRONG.finditer(text, starts[i], starts[j] + len(lines[j])))
        i = j + 1
    return out


def reference(rule: fe.FetchErrors, lines: list[str], idx: list[int]) -> dict:
    # word counts as the rule keeps them: up to count_cap
    ntok = {i: min(len(fe._TOKEN.findall(lines[i], 0, 20 * rule.max_line_words)), rule.count_cap) for i in idx}
    short = [i for i in idx if len(lines[i]) <= 12 * rule.max_line_words and ntok[i] <= rule.max_line_words]
    text = fe._lower("\n".join(lines[i] for i in short))
    strong, status = _strong_plain(text), list(fe._STATUS.finditer(text))
    if not strong and not status and not fe._CODE_IN.search(text):
        return {i: (False, 0, ntok[i], []) for i in idx}
    found_all = [(m, 2) for m in strong] + [(m, 1) for m in status] + [(m, 0) for m in fe._FILLER.finditer(text)]
    spans = [m.span() for m, _ in found_all]
    strong_at = [m.span() for m, kind in found_all if kind]
    phrases = [(m.start(), m.group()) for m, kind in found_all if kind == 2]
    out, pos = {}, 0
    for i in short:
        line = lines[i]
        a, b = pos, pos + len(line)
        pos = b + 1
        toks = [(a + m.start(), a + m.end()) for m in fe._TOKEN.finditer(line)]
        codes = {(a + m.start(), a + m.end()) for m in fe._CODE_IN.finditer(line)}
        covered = sum(1 for t in toks if t in codes or any(x <= t[0] and t[1] <= y for x, y in spans))
        level = 2 if any(x < b and y > a for x, y in strong_at) else 1 if codes else 0
        is_err = 0 < len(toks) <= rule.max_line_words and covered >= rule.min_coverage * len(toks)
        out[i] = (is_err, level if is_err else 0, len(toks), [g for p, g in phrases if a <= p < b])
    for i in idx:
        out.setdefault(i, (False, 0, ntok[i], []))
    return out


PIECES = [
    "404", "Error 500", "HTTP/1.1 503 Service Unavailable", "Page Not Found", "Sorry!", "Oops", "Go back home",
    "The page you were looking for doesn't exist.", "Access denied", "Please enable JavaScript",
    "Cloudflare Ray ID: 7f3a9c", "Страница не найдена", "ошибка 404", "ページが見つかりません", "页面不存在",
    "Search", "Menu", "500 people came to the home game.", "the 410 bus", "İstanbul", "ΣΑΣ", "’", "—", " ",
    "\u00a0", "nginx (ubuntu)", "we apologize for the inconvenience", "try again later", "code: 1020",
    "The council met on Tuesday to discuss the new harbour wall and the winter storms.",
]
_line = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), min_size=0, max_size=6).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(_line, min_size=1, max_size=12), st.sampled_from([(0.75, 60), (0.5, 8), (1.0, 3)]))
def test_classify_equals_the_plain_definition(lines, params):
    rule = fe.FetchErrors(min_coverage=params[0], max_line_words=params[1])
    idx = [i for i, line in enumerate(lines) if line.strip()]
    assert rule._classify(lines, idx) == reference(rule, lines, idx)


def test_an_error_page_and_an_article_line():
    rule = fe.FetchErrors()
    lines = ["404 Not Found", "Sorry, the page you requested could not be found.", "",
             "In 2019, 500 people attended the opening of the new library, which took two years to build."]
    got = rule._classify(lines, [0, 1, 3])
    assert got == reference(rule, lines, [0, 1, 3])
    assert got[0][:2] == (True, 2) and got[1][:2] == (True, 2) and got[3][0] is False


# characters drawn from a list of edge cases as often as from all of Unicode (st.text would draw
# mostly from the start of its alphabet)
_TOKEN_TEXT = st.lists(st.sampled_from(list("ab_9 .’—éİяЀѿ҂҃‿⁀⁰«²日本ภ\n-")) | st.characters(), max_size=80).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_TOKEN_TEXT, st.integers(0, 12))
def test_tokens_upto_is_the_capped_token_count(text, cap):
    assert fe._tokens_upto(text, cap) == min(len(fe._TOKEN.findall(text)), cap)


def test_tokens_upto_on_real_lines():
    line = "The council’s plan — a new harbour wall — was approved on Tuesday, 12 votes to 3. " * 8
    assert fe._tokens_upto(line, 61) == 61  # enough starts after ASCII characters: no tokenizing
    assert fe._tokens_upto("naïve café’s 日本語 text", 61) == 7
    assert fe._tokens_upto("", 61) == 0 and fe._tokens_upto("— …", 61) == 0
    assert fe._tokens_upto("Страница «не найдена» — ошибка 404", 61) == 5


def test_byte_classes_of_cyrillic_and_punctuation():
    # what _tokens_upto takes as known: every character of U+0400-U+047F is a word character (no CJK),
    # none of U+2000-U+203F is
    import re

    assert all(re.fullmatch(r"\w", chr(c)) for c in range(0x400, 0x480))
    assert not any(re.fullmatch(r"\w", chr(c)) or CJK_RE.match(chr(c)) for c in range(0x2000, 0x2040))
    assert {chr(c).encode()[:1] for c in range(0x400, 0x480)} == {b"\xd0", b"\xd1"}
    assert {chr(c).encode()[:2] for c in range(0x2000, 0x2040)} == {fe._PUNCTUATION_START}


_DOC_LINES = st.lists(_line | st.sampled_from(["", "The council met on Tuesday. " * 12, "word " * 70]),
                      min_size=1, max_size=40).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_DOC_LINES, st.sampled_from([{}, {"max_line_words": 8}, {"min_content_words": 90}, {"max_gap_words": 70}]))
def test_capped_counts_change_no_result(text, params):
    # counting every token of every line instead: the same removals and drops
    def run():
        doc = fe.FetchErrors(**params)(Document("d", text))
        return doc.text, doc.dropped, doc.drop_detail, [(r.start, r.end, r.detail) for r in doc.removed]

    got = run()
    def uncapped(text, data, n_lines, cap, prefix):
        return [len(fe._TOKEN.findall(line[:prefix])) for line in text.split("\n")]

    with mock.patch.object(fe, "_token_counts", uncapped):
        assert run() == got


# lines drawn with the characters the byte classes treat apart: General Punctuation and the other
# characters that start with the byte 0xe2 (some of them word characters), Cyrillic, CJK, other
# letters, a lone surrogate
_CLASS_EDGE = list("ab_9 .’—…\u2000\u203f‿⁀⁰ⁱ①℃™→─éİяЀѿ҂҃日本ภ«-") + ["\ud800", "word " * 13]
_CLASS_CHAR = st.sampled_from(_CLASS_EDGE) | st.characters(blacklist_characters="\n")
_CLASS_LINES = st.lists(st.lists(_CLASS_CHAR, max_size=40).map("".join) | st.lists(_CLASS_CHAR, max_size=3).map("".join),
                        min_size=1, max_size=8)


@settings(max_examples=2000, deadline=None)
@given(_CLASS_LINES, st.integers(0, 70), st.sampled_from([1, 2, 5, 30, 1200]))
def test_token_counts_of_joined_lines_are_each_lines_capped_count(lines, cap, prefix):
    text = "\n".join(lines)
    got = fe._token_counts(text, text.encode("utf-8", "surrogatepass"), len(lines), cap, prefix)
    assert got == [min(len(fe._TOKEN.findall(line[:prefix])), cap) for line in lines]


_CASE_EDGE = list("Kk\u212aſSsİıIiẞßΣσςÉéЯяǅǄǆΩ\u2126ÅåDŽ") + [
    "Page Not Found", "ERROR 404", "Access Denied", "Страница не найдена", "СТРАНИЦА НЕ НАЙДЕНА", "the 410 bus",
    "CAPTCHA", "Enable JavaScript", "a quiet line", "\n", " ", "é"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_CASE_EDGE) | st.characters(codec="utf-8"), max_size=16).map("".join))
def test_no_from_the_evidence_prefilter_on_ascii_lowered_text(text):
    # a no for the text with only its ASCII letters lowercased means: the text is already what
    # _lower makes of it, and none of the three patterns matches that
    if fe._MAY_EVIDENCE.may_match(text, text.encode().lower()):
        return
    low = fe._lower(text)
    assert low.encode() == text.encode().lower()
    assert not fe._STRONG.search(low) and not fe._STATUS.search(low) and not fe._CODE_IN.search(low)


def test_the_evidence_prefilter_runs_on_re2():
    assert fe._MAY_EVIDENCE.rx is not None
    assert fe._MAY_EVIDENCE.may_match("x", "Σ".encode()) and fe._MAY_EVIDENCE.may_match("x", "\u212a".encode())
    assert not fe._MAY_EVIDENCE.may_match("x", b"a quiet line about the harbour")


def test_token_counts_stop_at_the_prefix():
    for lines in ([" a", "b"], ["a", ".a", "ab"], ["日本", "x"]):
        text = "\n".join(lines)
        want = [min(len(fe._TOKEN.findall(line[:1])), 9) for line in lines]
        assert fe._token_counts(text, text.encode(), len(lines), 9, 1) == want


def test_strong_phrases_at_the_start_of_a_line():
    # the trigger word starts the line: the line is searched (and the line before it)
    for lines in (["hello there", "access denied"], ["hello", "x", "access denied", "y", "y"],
                  ["ok", "captcha"], ["a", "b", "c", "d", "captcha"], ["ok", "ok", "ok", "found", "page not found"]):
        text = "\n".join(lines)
        assert [m.span() for m in fe._strong_matches(text)] == [m.span() for m in _strong_plain(text)]
        assert fe._strong_matches(text)


def test_cased_class_is_every_character_that_lowercasing_changes():
    # the class comes from thresher's cache (ranges of cached code points): it must hold exactly the
    # characters outside ASCII whose str.lower differs, asked of every code point here
    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    assert "".join(fe._CASED.findall(every)) == "".join(c for c in every if c.lower() != c)
