"""The boilerplate rule's per-line statistics against the plain definitions they compute faster."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from thresher.clean import _boilerplate_phrases as ph
from thresher.clean import boilerplate as bp
from thresher.clean._boilerplate_phrases import LINE_ALL, line_class, line_classes, lines_holding

LINES = [
    "Home | News | Sport",
    "Share this article • Tweet",
    "Posted by Jane Doe / 12 May 2021",
    "Politics/Economy",
    "Heavy rain fell across the region on Tuesday, and forecasters said more was on the way.",
    'He said: "We will rebuild the bridge."',
    "Is it over? (Nobody knows.)",
    "Ingredients:",
    "Contact us at news@example.com or visit www.example.com",
    "Don't miss our well-known, award-winning newsletter; sign-up takes a minute…",
    "東京都は12日、新しい計画を発表しました。",
    "Read more »",
    "» Next story",
    "1,234 people; 5,678 votes, 3 seats",
    '"',
    "Copyright © 2024 Example News",
]
JOINED = "\n".join(LINES)


def test_sentence_end_is_the_final_punctuation_before_closing_quotes():
    pattern = re.compile(r"[.!?。！？…][\"'”’»)\]」』]*$")
    for line in LINES + ["Done.”", "Really?!", "(see above)", "Menu", "”"]:
        assert bp._ends_sentence(line) == bool(pattern.search(line)), line


def test_separators_and_commas_counted_as_the_regular_expressions_do():
    sep = re.compile(r"[|•·»›«‹►▶→]|[ \t\xa0]/[ \t\xa0]")
    seps = bp._char_counts(JOINED, JOINED.lower(), LINES).separators
    assert bp._has_separator(JOINED, LINES, seps) == [bool(sep.search(x)) for x in LINES]
    assert bp._has_separator(JOINED, LINES, seps)[:4] == [True, True, True, False]  # "Politics/Economy": no spaces
    commas = re.compile(r"[,，、;；]")
    counts = bp._char_counts(JOINED, JOINED.lower(), LINES)
    assert counts.commas == [len(commas.findall(x)) for x in LINES]
    assert counts.commas[LINES.index("1,234 people; 5,678 votes, 3 seats")] == 4
    assert counts.cjk == [len(bp.CJK_RE.findall(x)) for x in LINES]


def test_lines_holding_any_needle():
    hints = ("@", "www.", ".co")
    assert lines_holding(hints, JOINED, LINES) == [any(h in x for h in hints) for x in LINES]
    assert lines_holding(("absent",), JOINED, LINES) == [False] * len(LINES)


def test_window_mean_sliding_max_and_distance_match_their_definitions():
    rng = np.random.default_rng(1)
    for n in (1, 2, 3, 7, 12, 30):
        x = rng.random(n).tolist()
        good = (rng.random(n) < 0.3).tolist()
        for r_lo, r_hi in ((2, 2), (3, 3), (8, 8)):
            want = [np.mean(x[max(k - r_lo, 0):k + r_hi + 1]) for k in range(n)]
            assert np.allclose(bp._window_mean(x, r_lo, r_hi), want)
        for lo, hi in ((-5, 0), (1, 6)):
            want = [max([x[j] for j in range(k + lo, k + hi) if 0 <= j < n] or [0.0]) for k in range(n)]
            assert bp._sliding_max(x, lo, hi) == want
        near = [min([abs(k - j) for j in range(n) if good[j]] or [n]) for k in range(n)]
        assert bp._dist_to(good) == near


# probabilities and 0/1 flags, with the values that tie and round: 0, 1, halves and thirds, tiny and huge ones
_VALUES = st.sampled_from([0.0, 1.0, 0.5, 1 / 3, 2 / 3, 1e-300, 0.1, 0.7]) | st.floats(0.0, 1.0) | st.booleans()
_RADII = st.integers(-12, 12)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_VALUES, max_size=40), st.integers(0, 12), st.integers(0, 12))
def test_window_mean_is_the_loop_of_prefix_sums_bit_for_bit(x, r_lo, r_hi):
    n = len(x)
    c = [0.0]
    for v in x:
        c.append(c[-1] + v)
    want = [(c[min(k + r_hi + 1, n)] - c[max(k - r_lo, 0)]) / (min(k + r_hi + 1, n) - max(k - r_lo, 0))
            for k in range(n)]
    assert [v.hex() for v in bp._window_mean(x, r_lo, r_hi)] == [v.hex() for v in want]


@settings(max_examples=1500, deadline=None)
@given(st.lists(_VALUES.map(float), max_size=40), _RADII, _RADII)
def test_sliding_max_is_the_maximum_of_each_slice(x, lo, hi):
    want = [max(x[max(k + lo, 0):max(k + hi, 0)], default=0.0) for k in range(len(x))]
    got = bp._sliding_max(x, lo, hi)
    assert [float(v).hex() for v in got] == [v.hex() for v in want]


def test_possessive_word_patterns_find_the_same_words():
    greedy = re.compile(rf"[^\W{bp._CJK_CLASS}]+(?:['’\-][^\W{bp._CJK_CLASS}]+)*")
    plain = re.compile(r"\w+(?:['’\-]\w+)*")
    for line in LINES + ["it's a well-kept secret—isn't it?", "rock-'n'-roll", "a--b ''c'' d-", "東京abc-def"]:
        low = line.lower()
        assert bp._WORD_NO_CJK.findall(low) == greedy.findall(low)
        assert bp._WORD.findall(low) == plain.findall(low)


def test_line_statistics_on_a_page():
    lines = bp.Lines(["Home", "", "  News | Sport  ", *LINES[4:6], "Ingredients:", "Two eggs", "Flour"])
    assert lines.index == [0, 2, 3, 4, 5, 6, 7]
    assert lines.text[1] == "News | Sport"
    assert lines.words == [1, 2, 16, 7, 1, 2, 1]
    assert lines.end == [False, False, True, True, False, False, False]
    assert lines.good == [False, False, True, False, False, False, False]
    assert lines.in_list == [0.0] * 5 + [1.0, 1.0]  # under a line ending in a colon
    assert lines.f1.shape == (7, len(bp.FEATURES1)) and lines.f1.flags.c_contiguous
    col = {name: lines.f1[:, k].tolist() for k, name in enumerate(bp.FEATURES1)}
    assert col["separator"] == [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert col["end_colon"] == [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    assert col["comma_rate"][2] == 1 / 16
    assert col["log_dist_good"] == np.log1p([2.0, 1.0, 0.0, 1.0, 2.0, 3.0, 4.0]).tolist()
    assert col["good_win2"] == [1 / 3, 1 / 4, 1 / 5, 1 / 5, 1 / 5, 0.0, 0.0]


def test_character_counts_per_line():
    joined = "\n".join(LINES)
    counts = bp._char_counts(joined, joined.lower(), LINES)
    assert counts.digits == [len(re.findall(r"\d", x)) for x in LINES]
    assert counts.punct == [len(re.findall(r"[^\w\s]", x)) for x in LINES]
    assert counts.parts == [len(x.split()) for x in LINES]
    assert counts.caps == [sum(1 for w in x.split() if w[0] != w[0].lower()) for x in LINES]
    assert counts.caps[:2] == [3, 2] and counts.punct[:2] == [2, 1]  # "Home | News | Sport", "Share this article • Tweet"
    # a letter whose lowercase is longer ("İ") shifts the text: parts counted line by line instead
    odd = ["İstanbul Is Big", "a B\u3000C ٣"]
    joined = "\n".join(odd)
    counts = bp._char_counts(joined, joined.lower(), odd)
    assert (counts.digits, counts.punct, counts.caps, counts.parts) == ([0, 1], [0, 0], [3, 2], [3, 4])
    assert bp._char_counts("", "", []) == ([], [], [], [], [], [], [])


def test_character_kinds_are_those_of_re():
    kinds = bp._char_kinds()
    for cp in [*range(0, 0x3100), *range(0x3100, 0x110000, 97), 0x1D7CE, 0x1F600, 0xFF10, 0xD800]:
        c = chr(cp)
        want = (bp._DIGIT_BIT * bool(re.match(r"\d", c)) | bp._WORD_BIT * bool(re.match(r"\w", c))
                | bp._SPACE_BIT * bool(re.match(r"\s", c)) | bp._COMMA_BIT * (c in bp._COMMAS)
                | bp._SEP_BIT * (c in bp._SEP_CHARS) | bp._CJK_BIT * bool(bp.CJK_RE.match(c)))
        assert kinds[cp] == want, hex(cp)


# every phrase pattern beside its case-sensitive form for ASCII lines lowercased
_PAIRS = [(LINE_ALL, ph._LINE_ALL_LOWER),
          *((d[k], low[k]) for d, low in ((ph.TEXT, ph._TEXT_LOWER), (ph.MEDIUM, ph._MEDIUM_LOWER),
                                          (ph.LINE_OWN, ph._LINE_OWN_LOWER)) for k in d)]


def test_phrase_patterns_have_only_small_letters_and_nothing_folding_into_ascii():
    ascii_chars = [chr(c) for c in range(128)]
    for pat, small in _PAIRS:
        assert (small.pattern, small.flags) == (pat.pattern, pat.flags & ~re.IGNORECASE)
        source = re.sub(r"\\.|\(\?P<", "", pat.pattern)  # escapes (\W, \d, \b...) and "(?P<" apart
        assert source == source.lower()
        for c in {c for c in source if not c.isascii()}:
            assert not any(re.fullmatch(re.escape(c), a, re.IGNORECASE) for a in ascii_chars), c


# words and runs of words of the phrasings, as written and capitalised; digits, punctuation and spaces
_SOURCES = [re.sub(r"\\.", " ", pat.pattern) for pat, _ in _PAIRS]
_PHRASE_WORDS = sorted({w for x in _SOURCES for w in re.findall(r"[a-z]+", x) + re.findall(r"[a-z][a-z '-]*[a-z]", x)})
_ASCII_PIECES = (st.sampled_from(_PHRASE_WORDS).flatmap(lambda w: st.sampled_from([w, w.upper(), w.title()]))
                 | st.sampled_from([" ", "  ", "-", "'", "1", "12", "2021", ":", "(", ")", "*", "|", "_", "@", ".",
                                    "(c)", "/"])
                 | st.characters(max_codepoint=127))


def _plain_line_class(line: str, n_words: int) -> str:
    """line_class by its definition: the classes' patterns, in order, on the line as written."""
    for name, pat in ph.TEXT.items():
        if pat.search(line):
            return name
    if n_words <= ph.MEDIUM_WORDS:
        for name, pat in ph.MEDIUM.items():
            if pat.search(line):
                return name
    if n_words <= ph.SHORT_WORDS:
        m = LINE_ALL.search(line)
        if m:
            return m.lastgroup or ""
        for name, pat in ph.LINE_OWN.items():
            if pat.search(line):
                return name
    return ""


@settings(max_examples=3000, deadline=None)
@given(st.lists(_ASCII_PIECES, max_size=10).map("".join))
def test_ascii_lines_lowercased_match_the_phrase_patterns_as_the_lines_do(line):
    low = line.lower()
    for pat, small in _PAIRS:
        want, got = pat.search(line), small.search(low)
        assert (got and (got.span(), got.lastgroup)) == (want and (want.span(), want.lastgroup))
    want, got = LINE_ALL.match(line), ph._LINE_ALL_LOWER.match(low)
    assert (got and got.lastgroup) == (want and want.lastgroup)
    line = line.strip()
    if line and "\n" not in line:
        for n_words in (len(line.split()), ph.SHORT_WORDS + 1, ph.MEDIUM_WORDS + 1):
            want = _plain_line_class(line, n_words)
            assert line_class(line, n_words) == want
            assert line_classes([line], [n_words]) == [want]


# trigger words joined to others by apostrophes, hyphens and underscores, on several lines
_KEY_PIECES = (st.sampled_from(sorted(ph._KEYED)).flatmap(lambda w: st.sampled_from([w, w.title(), "non-" + w,
                                                                                    w + "'s", "x’" + w, w + "_x"]))
               | st.sampled_from([" ", "-", "'", "’", "_", "\n", "\n", ".", "©", "cookie", "東京"])
               | st.sampled_from(sorted({t for v in ph.TRIGGERS.values() for t in v}))
               | st.sampled_from(["All rights reserved.", "Copyright 2024", "(c) 2023", "We use cookies to improve",
                                  "Subscribe to our newsletter", "Disclaimer:", "was originally published on",
                                  "Accept all", "sign up for updates", "無断転載を禁じます", "クッキーを使用",
                                  "the views expressed here do not necessarily reflect"])
               | st.characters())


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.lists(_KEY_PIECES, max_size=12).map("".join), min_size=1, max_size=5))
def test_line_classes_with_the_documents_words_match_line_by_line(raw):
    lines = [x.strip() for x in "\n".join(raw).split("\n") if x.strip()]
    lows = [x.lower() for x in lines]
    for word in (bp._WORD, bp._WORD_NO_CJK):
        tokens = [word.findall(x) for x in lows]
        words = [len(t) for t in tokens]
        want = [line_class(x, w) for x, w in zip(lines, words)]
        assert line_classes(lines, words, lows, tokens) == want
        if not any(bp.CJK_RE.search(x) for x in lines):
            assert line_classes(lines, words, lows, tokens, cjk=False) == want
    if lines:
        toks, parts = bp._line_tokens("\n".join(lows), len(lines), any(bp.CJK_RE.search(x) for x in lines))
        assert line_classes(lines, [len(t) for t in toks], lows, toks, True, parts) == \
            [line_class(x, len(t)) for x, t in zip(lines, toks)]


_TEXT_CHARS = st.sampled_from(["İ", "A", "a", " ", "\u3000", "\xa0", "1", "٣", ",", "、", "•", "|", "東", "_", "."]) \
    | st.characters()


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.lists(_TEXT_CHARS, min_size=1, max_size=12).map("".join), min_size=1, max_size=5))
def test_character_counts_match_their_definitions(raw):
    lines = [x for x in (y.replace("\n", " ").replace("\r", " ") for y in raw) if x]
    lines = [x for x in lines if "\n" not in x and not any(c in x for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")]
    if not lines:
        return
    joined = "\n".join(lines)
    counts = bp._char_counts(joined, joined.lower(), lines)
    assert counts.digits == [len(re.findall(r"\d", x)) for x in lines]
    assert counts.punct == [len(re.findall(r"[^\w\s]", x)) for x in lines]
    assert counts.commas == [len(re.findall(r"[,，、;；]", x)) for x in lines]
    assert counts.separators == [len(re.findall(r"[|•·»›«‹►▶→]", x)) for x in lines]
    assert counts.cjk == [len(bp.CJK_RE.findall(x)) for x in lines]
    if len(joined.lower()) != len(joined):
        return  # parts by str.split on the lines: test_character_counts_per_line
    # parts between the controls, space and Unicode spaces
    parts = [re.findall(r"[^\x00-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+", x) for x in lines]
    assert counts.parts == [len(p) for p in parts]
    assert counts.caps == [sum(1 for w in p if w[0] != w[0].lower()) for p in parts]


def test_date_lines_as_the_date_feature():
    lines = bp.Lines([*LINES, "12 May 2021", "Updated 3 hours ago", "May 2021 was wet and we all stayed home, sadly, too"])
    assert lines._f1 is None  # the features wait until asked for
    col = bp.FEATURES1.index("date")
    assert [lines.is_date(k) for k in range(len(lines.text))] == [bool(v) for v in lines.f1[:, col]]
    assert lines.is_date(len(LINES)) and lines.is_date(len(LINES) + 1)


_STOP_SAMPLE = sorted(bp._STOP_WORDS)[::37]


def _plain_stopword_language(token_lists: list[list[str]], sample: int = 600) -> int:
    toks: list[str] = []
    for t in sorted(token_lists, key=len, reverse=True):
        toks += t
        if len(toks) > sample:
            break
    counts = [sum(1 for t in toks if t in s) for s in bp._STOP_SETS]
    best = counts.index(max(counts))
    return best if counts[best] > 0 else -1


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_STOP_SAMPLE) | st.sampled_from(["the", "und", "de", "xyz"]) | st.text(max_size=3),
                         max_size=60), max_size=30), st.sampled_from([600, 20, 0]))
def test_stopword_language_counts_the_stop_words_of_each_language(token_lists, sample):
    assert bp.stopword_language(token_lists, sample) == _plain_stopword_language(token_lists, sample)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_STOP_SAMPLE) | st.sampled_from(["the", "und", "de", "xyz", "и", "的"])
                         | st.text(max_size=3), max_size=60), max_size=30))
def test_packed_stop_counts_hold_each_languages_count(token_lists):
    packed = bp.stop_counts(token_lists)
    for k, s in enumerate(bp._STOP_SETS):
        assert [p >> (16 * k) & 0xFFFF for p in packed] == [sum(1 for t in toks if t in s) for toks in token_lists]


def test_packed_table_is_every_stop_word_with_its_languages():
    # the packed integers are read straight off the stop-word lists; the definition is the languages' sets
    every = set().union(*bp._STOP_SETS)
    assert bp._STOP_WORDS == every == set(bp._STOP_PACKED) == set(bp._STOP_ROW)
    for w in every:
        assert bp._STOP_PACKED[w] == sum(1 << (16 * k) for k, s in enumerate(bp._STOP_SETS) if w in s)
    assert bp._N_LANGS == len(bp._STOP_SETS) == bp._STOP_MEMBER.shape[1]


def test_stopword_language_of_lines_too_long_for_a_field():
    long = ["the"] * 70_000 + ["und"] * 10
    assert bp.stop_counts([long, ["und"]]) is None
    assert bp.stopword_language([long, ["und"] * 5]) == _plain_stopword_language([long, ["und"] * 5])
    assert bp.stopword_language([["und"] * 40_000, ["der"] * 40_000], sample=50_000) == \
        _plain_stopword_language([["und"] * 40_000, ["der"] * 40_000], sample=50_000)
    lines = bp.Lines([" ".join(["the"] * 70_000), "and of the", "und die der"])
    assert lines.f1[:, bp.FEATURES1.index("stop_density")].tolist() == [1.0, 1.0, 0.0]


_CELLS = st.sampled_from([True, False, 0, 1, 7, 0.0, -0.0, 0.1, 1e-300, float("inf"), 2.5])


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 6).flatmap(lambda n: st.lists(st.lists(_CELLS, min_size=n, max_size=n), min_size=1, max_size=8)))
def test_rows_are_the_columns_transposed_bit_for_bit(cols):
    n = len(cols[0])
    got = bp._rows(cols, n)
    want = np.ascontiguousarray(np.array(cols, dtype=np.float64).T)
    assert got.flags.c_contiguous and got.shape == want.shape and got.tobytes() == want.tobytes()


def _plain_features2(z1, lines):
    n = len(z1)
    f1 = lines.f1
    p_arr = bp._sigmoid(z1)
    a, b = bp.densest_region(p_arr * (1.0 - f1[:, 28]), lines.words)
    z, p = z1.tolist(), p_arr.tolist()
    pad = [-3.0, -3.0, *z, -3.0, -3.0]
    rows = zip(
        z, pad[1:n + 1], pad[3:n + 3], pad[0:n], pad[4:n + 4], bp._window_mean(p, 3, 3), bp._window_mean(p, 8, 8),
        bp._sliding_max(p, -5, 0), bp._sliding_max(p, 1, 6), [a <= k < b for k in range(n)],
        *f1[:, [0, 2, 12, 13, 27]].T.tolist(), *([v] * n for v in lines.doc), lines.in_comments,
    )
    return np.array(list(rows), dtype=np.float64)


_PAGE_LINES = [*LINES, "It was the wettest day of the year so far, according to the local weather service.", "Leave a comment", "3 comments", "Ingredients:", "Two eggs", "Related stories", "Heavy rain fell."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PAGE_LINES) | st.text(st.characters(blacklist_characters="\n"), max_size=30),
                min_size=1, max_size=25))
def test_features2_and_repeats_as_their_plain_definitions(page):
    lines = bp.Lines(page)
    if not lines.text:
        return
    z1 = bp._apply(bp._MODEL["stage1"], lines.f1)
    assert bp.features2(z1, lines).tobytes() == _plain_features2(z1, lines).tobytes()
    assert bp.features2(z1, lines).flags.c_contiguous
    col = bp.FEATURES1.index("repeated")
    assert lines.f1[:, col].tolist() == [float(lines.text.count(x) > 1) for x in lines.text]
    good, n = lines.good, len(lines.text)
    first = good.index(True) if any(good) else n
    last = n - 1 - good[::-1].index(True) if any(good) else -1
    assert lines.f1[:, bp.FEATURES1.index("before_first_good")].tolist() == [float(k < first) for k in range(n)]
    assert lines.f1[:, bp.FEATURES1.index("after_last_good")].tolist() == [float(k > last) for k in range(n)]


_TOKEN_BITS = st.sampled_from(["'", "’", "-", "--", "'-", " - ", "_", "a", "B", "9", "é", "İ", "ẞ", "\u0301", "東", "京",
                               "の", "x", "word", " ", "\xa0", "\u2028", "\x1c", "\t", ".", ",", "—", "‘", "\ud800",
                               "\U0001d400", "Ⅷ", "²", "٣"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_TOKEN_BITS | st.text(st.characters(blacklist_characters="\n"), max_size=3), max_size=12)
                .map("".join), min_size=1, max_size=6))
def test_line_tokens_are_the_word_patterns_matches(page):
    lines = bp.Lines(page)
    pattern = bp._WORD_NO_CJK if any(bp.CJK_RE.search(x) for x in lines.text) else bp._WORD
    assert lines._toks == [pattern.findall(x) for x in lines._lows]
    low = "\n".join(lines._lows)
    for cjk in (False, True):
        want = [(bp._WORD_NO_CJK if cjk else bp._WORD).findall(x) for x in lines._lows]
        toks, parts = bp._line_tokens(low, len(lines.text), cjk)
        assert toks == want
        joined = [t for line in want for t in line if re.search("['’-]", t)]
        assert set(parts) == {w for t in joined for w in re.findall(r"\w+", t)}


def test_lowercasing_keeps_the_token_bits_of_every_character():
    import sys

    kinds = bp._char_kinds_spaced()
    bits = bp._WORD_BIT | bp._CJK_BIT | bp._JOINER_BIT
    chars = "".join(map(chr, range(sys.maxunicode + 1)))
    for c in chars:
        lo = c.lower()
        if len(lo) == 1 and lo != c:
            assert kinds[ord(c)] & bits == kinds[ord(lo)] & bits, hex(ord(c))


# comment-section openings and what surrounds them: the alternatives' words, digits and marks before and
# after, capitals, and characters outside ASCII (the Kelvin sign and long s fold into ASCII letters)
_COMMENT_WORDS = st.sampled_from([
    "comments", "Comment", "comentarios", "comentários", "respostas", "responses", "Replies", "thoughts on",
    "kommentare", "Kommentar schreiben", "komentar", "commentaires", "комментарии", "コメント", "leave a reply",
    "Post a comment", "add a response", "write a comment", "join the discussion", "Join the conversation",
    "show all comments", "view 3 comments", "read comments", "load comments", "see all comments", "What do you think",
    "share your thoughts", "deixe um comentário", "deja tu comentario", "laisser un commentaire", "tinggalkan komentar",
    "оставить комментарий", "conversation", "Discussion", "the", "a", "x", "\u212aommentare", "\u017fhow comments", "İ", "ı", "\u212a", "ab", "co",
])
_COMMENT_MARKS = st.sampled_from(["(12)", "12 ", "3 ", "3", " ", "-", "_", "»", "•", ":", "!", "...", "é", "\t", "\u212a"])
_COMMENT_LINE = st.tuples(st.lists(_COMMENT_MARKS, max_size=2), st.lists(_COMMENT_WORDS, min_size=1, max_size=2),
                          st.lists(_COMMENT_MARKS | _COMMENT_WORDS, max_size=2)).map(lambda t: "".join(t[0] + t[1] + t[2]))


@settings(max_examples=3000, deadline=None)
@given(st.lists(_COMMENT_LINE, max_size=6), st.integers(0, 7))
def test_comment_openings_found_as_the_pattern_finds_them(lines, lo):
    lows = [x.lower() for x in lines]
    cand = ph.comments_candidates(lows)
    for x, c in zip(lines, cand):
        assert c or not ph.COMMENTS_START.match(x), x
    want = next((k for k in range(lo, len(lines)) if ph.COMMENTS_START.match(lines[k])), len(lines))
    assert ph.comments_start(lines, cand, lo) == want


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([".co", ".", "co", "org", ".ne", "net", "htm", ".h", "www", "www.", "@", "http", "htt",
                                 "\n", " ", "a", "é", "ŀ"]), max_size=12).map("".join))
def test_url_hint_lines_as_every_hints_substring_test(low):
    lows = low.split("\n")
    assert bp._url_hint_lines(low, lows) == lines_holding(bp._URL_HINTS, low, lows)


# the credit pattern's pieces: its words at a line's start and after a slash or bar, and the other own classes'
_OWN_PIECES = (st.sampled_from(["photo", "Photo", "image", "credit", "credits", "getty images", "Getty Images", "ap photo",
                                "AFP photo", "reuters", "shutterstock", "istockphoto", "epa-efe", "by", "Posted by",
                                "tags", "Tags:", "about the author", "via", "courtesy of", "фото", "写真", "İ", "K"])
               | st.sampled_from(["/", "|", " / ", " | ", "/ ", "|", ":", "©", "-", "(", "[", ")", " ", "\n", "x"])
               | st.characters())


@settings(max_examples=3000, deadline=None)
@given(st.lists(_OWN_PIECES, max_size=10).map("".join))
def test_own_class_is_the_first_own_pattern_that_finds_a_match(line):
    for own, subject in ((ph.LINE_OWN, line), (ph._LINE_OWN_LOWER, line.lower())):
        want = next((name for name, pat in own.items() if pat.search(subject)), "")
        assert ph.own_class(subject, own) == want
    assert ph.own_class("Jane Doe / Getty Images", ph.LINE_OWN) == "credit"


def _plain_trim_link_tail(lines, keep, min_run=6, short_share=0.7):
    """trim_link_tail with its tail found as it was written: lists of the kept and the prose lines."""
    kept = [k for k in range(len(keep)) if keep[k]]
    prose = [k for k in kept if lines.words[k] >= 10 and lines.end[k]]
    if not prose:
        return keep
    tail = [k for k in kept if k > prose[-1]]
    return bp._drop_link_tail(lines, keep, tail, min_run, short_share)


def _plain_fix_edges(lines, keep):
    """fix_edges with its comment-section cut as it was written: the kept words counted line by line."""
    n = len(keep)
    kept = [k for k in range(n) if keep[k]]
    if not kept:
        return keep
    cls, words, text, cand = lines.cls, lines.words, lines.text, lines.comments_cand
    # a comment section under the article: cut from its opening line to the end
    total = sum(words[k] for k in kept)
    before = 0
    for k in range(kept[0], n):
        if keep[k]:
            before += words[k]
        if k > kept[0] and before >= 0.4 * total and cand[k] and ph.COMMENTS_START.match(text[k]):
            for j in range(k, n):
                if keep[j] or not cls[j]:
                    lines.reason[j] = "comments"
                keep[j] = False
            break
    return bp.trim_edges(lines, keep)


# lines: comment openings, furniture, headings, dates, prose and short links, with word counts around the thresholds
_EDGE_TEXTS = st.sampled_from(["Comments", "3 Comments", "Leave a reply", "Share", "Related:", "Tags: news", "12 May 2021",
                               "By Jane Doe", "Home", "Copyright 2024", "Disclaimer:", "A headline here", "Ingredients:",
                               "It rained all day, and the rivers rose over their banks.", "What do you think?", "x"])
_EDGE_LINE = st.tuples(_EDGE_TEXTS, st.sampled_from([0, 1, 2, 3, 6, 8, 9, 10, 12, 25, 40]), st.booleans(), st.booleans(),
                       st.sampled_from(["", "", "", "share", "nav", "comments", "byline", "copyright", "disclaimer"]))


_PROSE = ("It rained all day, and the rivers rose over their banks.", 12, True, True, "")
_LINK = ("Home", 3, True, False, "")


@settings(max_examples=2000, deadline=None)
@given(st.lists(_EDGE_LINE, min_size=1, max_size=20), st.sampled_from([0.0, 1.0, 0.5, -0.5, 2.0]))
# a link tail long enough to go, and one a line short of it (random rows seldom hold either)
@example([_LINK, _PROSE] + [_LINK] * 6, 0.0)
@example([_PROSE] + [_LINK] * 5, 0.0)
def test_edge_passes_match_their_plain_loops(rows, t_in):
    def fake():
        text = [r[0] for r in rows]
        lines = bp.Lines(text)
        lines.words = [r[1] for r in rows]
        lines.end = [r[3] for r in rows]
        lines.cls = [r[4] for r in rows]
        lines.good = [(w >= 10 and e) or w >= 25 for w, e in zip(lines.words, lines.end)]
        return lines
    keep = [r[2] for r in rows]
    a, b = fake(), fake()
    assert bp.trim_link_tail(a, keep[:]) == _plain_trim_link_tail(b, keep[:]) and a.reason == b.reason
    a, b = fake(), fake()
    assert bp.fix_edges(a, keep[:]) == _plain_fix_edges(b, keep[:]) and a.reason == b.reason
    z = np.array([1.0 if k else t_in - 0.25 for k in keep] + [t_in, 0.0])
    want = [v >= 0.0 for v in z.tolist()]
    if any(want):
        i, j = want.index(True), len(want) - want[::-1].index(True)
        want[i:j] = [v >= t_in or k for v, k in zip(z.tolist()[i:j], want[i:j])]
    assert bp.decide(z, 0.0, t_in) == want
