"""gopher_quality and gopher_repetition: each rule's drop reason and detail, on text written for it."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from thresher.document import Document
from thresher.filters.gopher import GopherQuality, GopherRepetition, duplicate_ngram_chars, top_ngram_chars
from thresher.registry import registered

ARTICLE = (
    "The harbour town of Kessling voted on Tuesday to rebuild its flood wall, three years after the "
    "storm that put the high street under a metre of water. The council had argued for months about "
    "the cost, which engineers now put at four million pounds, and about whether the new wall should "
    "follow the old line or move further inland.\n\n"
    "Residents who packed the town hall were mostly in favour. Many of them had spent the winter after "
    "the storm living with relatives while their kitchens dried out, and few wanted to repeat it. "
    "\"We have waited long enough,\" said one shop owner, who asked the council to start work before "
    "the autumn tides.\n\n"
    "Work is expected to begin in the spring and to take two years. The county has promised to cover "
    "half of the bill, and the rest will come from a loan that the town will repay over thirty years."
)


def run(f, text: str) -> Document:
    return f(Document("t", text))


def test_registered_by_name():
    assert registered("filter")["gopher_quality"] is GopherQuality
    assert registered("filter")["gopher_repetition"] is GopherRepetition


def test_clean_article_is_kept_by_both():
    doc = GopherRepetition()(GopherQuality()(Document("a", ARTICLE)))
    assert doc.dropped is None


def test_punctuation_is_not_a_word():
    # datatrove's spaCy tokens count every comma and full stop as a word, which drags the share of
    # words with a letter below 0.8 on punctuation-heavy prose; here commas are not words
    text = ("Yes, no, maybe, well, perhaps, indeed, quite, sure, fine, right, okay, and so on. " * 6
            + "That is the end of it.")
    assert run(GopherQuality(), text).dropped is None


def test_short_document():
    doc = run(GopherQuality(), "The flood wall will be rebuilt, the council said on Tuesday.")
    assert (doc.dropped, doc.drop_detail) == ("gopher_quality", "n_words 11 < 50")


def test_mean_word_length_too_short():
    text = " ".join(["a b c de to of in at on it is he we"] * 6) + " the and with that"
    doc = run(GopherQuality(), text)
    assert doc.dropped == "gopher_quality"
    assert doc.drop_detail.startswith("mean_word_length 1.") and doc.drop_detail.endswith("< 3.00")


def test_mean_word_length_too_long():
    text = " ".join(["internationalisation counterrevolutionaries the and"] * 20)
    assert run(GopherQuality(), text).drop_detail == "mean_word_length 12.00 > 10.00"


def test_hashtags():
    text = ARTICLE + "\n\n" + " ".join(f"#flood{i}" for i in range(30))
    assert run(GopherQuality(), text).drop_detail.startswith("hash_word_ratio 0.1")


def test_ellipsis_lines():
    lines = [s.strip()[:60] + "..." for s in ARTICLE.replace("\n\n", " ").split(". ")]
    detail = run(GopherQuality(), "\n".join(lines)).drop_detail
    assert detail.startswith(("ellipsis_word_ratio", "ellipsis_lines_frac 1.00 > 0.30"))
    # with few ellipses per word it is the line rule that fires
    lines = [s + " …" if i % 2 else s + "." for i, s in enumerate(ARTICLE.replace("\n\n", " ").split(". "))]
    assert run(GopherQuality(), "\n".join(lines)).drop_detail == "ellipsis_lines_frac 0.43 > 0.30"


def test_bullet_lines():
    text = "\n".join("• " + s for s in ARTICLE.replace("\n\n", " ").split(". "))
    assert run(GopherQuality(), text).drop_detail == "bullet_lines_frac 1.00 > 0.90"


def test_numbers_table_fails_alpha_rule():
    rows = ["Kessling 1409 1132 618 1573 4402", "Harwick 1811 2245 1313 1790 7020"] * 6
    text = "The scores of the match and the table with the results.\n" + "\n".join(rows)
    detail = run(GopherQuality(), text).drop_detail
    assert detail.startswith("alpha_words_frac 0.") and detail.endswith("< 0.80")


def test_stop_words_are_case_insensitive():
    text = ("THE harbour town voted on Tuesday: rebuild its flood wall, three years after a storm put "
            "its high street under a metre of water. ") * 4
    # "THE" counts as "the", "of" is the second stop word
    assert run(GopherQuality(), text).dropped is None
    text = text.replace(" of ", " in ")
    assert run(GopherQuality(), text).drop_detail == "stop_words 1 < 2"


def test_repeated_lines():
    text = "\n".join(["Read more about the flood wall."] * 4 + [ARTICLE.split("\n\n")[0]])
    doc = run(GopherRepetition(), text)
    assert (doc.dropped, doc.drop_detail) == ("gopher_repetition", "dup_line_frac 0.60 > 0.30")


def test_repeated_paragraph_chars():
    paras = ARTICLE.split("\n\n")
    text = "\n\n".join(paras + [paras[1]])
    # one paragraph in four repeats (0.25 <= 0.30) but it holds more than 20% of the characters
    assert run(GopherRepetition(), text).drop_detail.startswith("dup_para_char_frac 0.2")


def test_doubled_body_is_dropped_when_not_cleaned():
    # the seed's failure mode: a whole body twice; the repetition cleaning rule removes the copy
    # before filters run, but this filter on its own must still see it
    assert run(GopherRepetition(), ARTICLE + "\n\n" + ARTICLE).drop_detail == "dup_para_frac 0.50 > 0.30"


def test_top_ngram():
    text = ARTICLE.split("\n\n")[0] + " " + "flood wall " * 40
    assert run(GopherRepetition(), text).drop_detail.startswith("top_2gram_char_frac 0.")


def test_duplicate_ngrams():
    sentence = "the council will repay the loan over thirty years from the harbour fees"
    text = ARTICLE.split("\n\n")[0] + " " + " and ".join([sentence] * 4) + "."
    detail = run(GopherRepetition(), text).drop_detail
    assert detail.startswith(("dup_5gram_char_frac", "top_")), detail


def test_ngram_helpers():
    ws = ["a", "b", "c", "a", "b", "c", "a", "b", "c"]
    assert top_ngram_chars(ws, 2) == 3 * 3  # "a b" three times
    assert top_ngram_chars(["a", "b", "c", "d"], 2) == 0  # nothing repeats
    assert duplicate_ngram_chars(ws, [1] * 9, 3) == 6  # "abc" repeated twice after its first


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(ARTICLE.split(". ")), min_size=1, max_size=12), st.sampled_from(["\n", "\n\n", " "]))
def test_verdict_is_a_detail_or_none(parts, sep):
    for f in (GopherQuality(), GopherRepetition()):
        detail = f.check(Document("h", sep.join(parts)))
        assert detail is None or (detail.split(" ", 1)[0].replace("_", "").isalnum() and ("<" in detail or ">" in detail))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=6))
def test_repeating_more_never_rescues(k):
    base = ARTICLE + "\n\n" + "\n\n".join([ARTICLE.split("\n\n")[0]] * k)
    more = base + "\n\n" + ARTICLE.split("\n\n")[0]
    if GopherRepetition().check(Document("a", base)) is not None:
        assert GopherRepetition().check(Document("b", more)) is not None


def _scan_every_position(ws, lengths, n):
    """The plain left-to-right scan (Rae et al. 2021, A1.1; datatrove's find_all_duplicate)."""
    grams = list(zip(*(ws[i:] for i in range(n))))
    seen, chars, i = set(), 0, 0
    while i < len(grams):
        if grams[i] in seen:
            chars += sum(lengths[i:i + n])
            i += n
        else:
            seen.add(grams[i])
            i += 1
    return chars


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "dd", "eee"]), max_size=60), st.integers(1, 8))
def test_duplicate_ngram_chars_equals_the_full_scan(ws, n):
    from thresher.filters.gopher import duplicate_ngram_chars

    lengths = [len(w) for w in ws]
    assert duplicate_ngram_chars(ws, lengths, n) == _scan_every_position(ws, lengths, n)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "dd", "eee"]), max_size=40), st.lists(st.integers(1, 6), min_size=1, max_size=6))
def test_ngrams_answer_the_same_in_any_order(ws, ns):
    # one NGrams object asked for n in any order (a user's thresholds need not be sorted) gives
    # what a fresh one gives for each n alone
    from thresher.filters.gopher import NGrams

    shared = NGrams(ws)
    for n in ns:
        assert shared.top_chars(n) == NGrams(ws).top_chars(n)
        assert shared.duplicate_chars(n) == _scan_every_position(ws, [len(w) for w in ws], n)


def _top_every_ngram(ws, n):
    """top_chars by counting every n-gram: the most frequent repeated one's characters, times its count."""
    counts = Counter(zip(*(ws[i:] for i in range(n))))
    repeated = {g: c for g, c in counts.items() if c > 1}
    if len(ws) < n + 1 or not repeated:
        return 0
    top = max(repeated.values())
    return (max(sum(map(len, g)) for g, c in repeated.items() if c == top) + n - 1) * top


@pytest.mark.parametrize("few", [0, 3, 10**9])  # numpy for every n, for larger sets only, never after n = 2
@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "dd", "eee"]), max_size=80), st.lists(st.integers(1, 9), min_size=1, max_size=8))
def test_ngrams_in_python_and_in_numpy_agree_with_plain_counting(few, ws, ns):
    from thresher.filters import gopher

    old, gopher._FEW = gopher._FEW, few
    try:
        shared = gopher.NGrams(ws)
        for n in ns:
            assert shared.top_chars(n) == _top_every_ngram(ws, n)
            assert shared.duplicate_chars(n) == _scan_every_position(ws, [len(w) for w in ws], n)
    finally:
        gopher._FEW = old


_ALPHA_WORDS = st.sampled_from(["word", "3.5", "2024", "U.S", "e-mail", "²", "½", "Ⅻ", "x2", "_", "é", "日本", "٣", "a_b"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_ALPHA_WORDS, min_size=1, max_size=60), st.floats(0, 1))
def test_alpha_rule_as_its_definition(ws, limit):
    # the filter counts words without a letter only when the words not all letters are too many
    from thresher.filters.gopher import _LETTER
    from thresher.tokens import words

    f = GopherQuality(min_words=0, max_mean_word_length=100, min_mean_word_length=0, min_stop_words=0,
                      min_alpha_words_frac=limit)
    doc = Document("w", " ".join(ws))
    ws = words(doc)
    alpha = 1 - sum(1 for w in ws if not _LETTER.search(w)) / len(ws)
    detail = f.check(doc)
    assert (detail is not None and detail.startswith("alpha_words_frac")) == (alpha < limit)


_STOP_PIECES = st.sampled_from(["the", "The", "THE", "of", "and", "to", "x", "-", "don't", "a-b", "…", " ", "  ", "\n", "\t",
                                ",", ".", "the,", "(of)", "_", "é"])


def _stop_words_rule(ws: list[str], stop_words: frozenset[str], minimum: int) -> str | None:
    """The stop-word rule by its definition: the distinct stop words among the words, in lower case."""
    found = stop_words.intersection(w.lower() for w in ws)
    return f"stop_words {len(found)} < {minimum}" if len(found) < minimum else None


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.lists(_STOP_PIECES, max_size=40), st.lists(st.sampled_from(["x", " ", " - ", " … ", "a-b", "the"]), max_size=8))
       .map("".join), st.integers(0, 4),
       st.sampled_from([None, ["the", "of", "and", "to"], ["-", "don't", "a-b", "the", "…"], ["-", "…", "x"], ["The", "_", "x"]]))
def test_stop_word_rule_as_its_definition(text, minimum, stop_words):
    from thresher.tokens import words

    f = GopherQuality(min_words=0, min_mean_word_length=0, max_mean_word_length=1000, max_symbol_word_ratio=10**9,
                      max_bullet_lines_frac=1, max_ellipsis_lines_frac=1, min_alpha_words_frac=0, min_stop_words=minimum,
                      **({} if stop_words is None else {"stop_words": stop_words}))
    doc = Document("s", text)
    if not words(doc):
        return  # the word-count rule answers first
    assert f.check(doc) == _stop_words_rule(words(doc), f.stop_words, minimum)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "ab", "", " ", "é", "a\n"]), max_size=20))
def test_duplicates_as_a_scan(items):
    from thresher.tokens import duplicates

    seen, n, chars = set(), 0, 0
    for item in items:
        if item in seen:
            n, chars = n + 1, chars + len(item)
        seen.add(item)
    assert duplicates(items) == (n, chars)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "dd", "eee"]), max_size=60), st.integers(1, 6))
def test_covered_characters_bound_every_longer_duplicate_scan(ws, m):
    from thresher.filters.gopher import NGrams

    grams = NGrams(ws)
    grams.repeats(m)
    assert grams.covered_chars()[0] == m
    covered = grams.covered_chars()[1]
    lengths = [len(w) for w in ws]
    # the words of later occurrences of a repeated m-gram, by their definition
    later = {i for i in range(len(ws) - m + 1) if tuple(ws[i:i + m]) in {tuple(ws[j:j + m]) for j in range(i)}}
    assert covered == sum(lengths[k] for k in {i + d for i in later for d in range(m)})
    for n in range(m, m + 6):
        assert _scan_every_position(ws, lengths, n) <= covered


def _repetition_every_statistic(f: GopherRepetition, text: str) -> str | None:
    """gopher_repetition's n-gram rules by their definition: every statistic computed and compared."""
    doc = Document("r", text)
    if not text:
        return None
    detail = GopherRepetition(f.max_dup_line_frac, f.max_dup_para_frac, f.max_dup_line_char_frac,
                              f.max_dup_para_char_frac, {100: 1.0}, {100: 1.0}).check(doc)
    if detail is not None:
        return detail  # a line or paragraph rule
    from thresher.tokens import words

    ws, n_chars = words(doc), len(text)
    for n, limit in sorted(f.max_top_ngram_char_frac.items()):
        if top_ngram_chars(ws, n) / n_chars > limit:
            return f"top_{n}gram_char_frac"
    for n, limit in sorted(f.max_dup_ngram_char_frac.items()):
        if _scan_every_position(ws, [len(w) for w in ws], n) / n_chars > limit:
            return f"dup_{n}gram_char_frac"
    return None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "dd", "eee", "fffff", " ", " ", "\n"]), max_size=80).map("".join),
       st.dictionaries(st.integers(1, 5), st.floats(0, 0.5), max_size=3),
       st.dictionaries(st.integers(2, 12), st.floats(0, 0.5), min_size=1, max_size=6))
@example(text="a b c d x a b c d y", top={5: 0.5}, dup={4: 0.0})  # a 4-gram repeats, no 5-gram does
@example(text="a b c d e f g h i a b c", top={2: 0.3, 3: 0.4}, dup={5: 0.5})  # the top 3-gram bound is exact
def test_repetition_rules_as_every_statistic(text, top, dup):
    f = GopherRepetition(max_dup_line_frac=1, max_dup_para_frac=1, max_dup_line_char_frac=1, max_dup_para_char_frac=1,
                         max_top_ngram_char_frac=top or {100: 1.0}, max_dup_ngram_char_frac=dup)
    detail = f.check(Document("r", text))
    assert (detail and detail.split(" ")[0]) == _repetition_every_statistic(f, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "dd", "eee"]), max_size=60), st.integers(1, 5), st.integers(0, 4))
def test_top_bound_bounds_every_top_ngram_up_to_its_length(ws, m, more):
    from thresher.filters.gopher import NGrams

    grams = NGrams(ws)
    grams.top_chars(m)
    bound = grams.top_bound(m + more)
    for n in range(m, m + more + 1):
        assert _top_every_ngram(ws, n) <= bound
