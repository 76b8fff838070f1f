"""metadata: title, source, language, date and counts from the cleaned text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.clean.metadata import _DATES, Metadata, detect_language, find_date, find_source, find_title, first_date
from thresher.document import Document


def test_title_is_a_headline_not_a_sentence_byline_or_date():
    assert find_title("Council approves new ferry line\nThe council voted on Tuesday.") == "Council approves new ferry line"
    assert find_title("The council voted on Tuesday.\nMore text.") is None
    assert find_title("By Jane Smith\nThe council voted.") is None
    assert find_title("March 3, 2024\nThe council voted.") is None
    assert find_title("Only one line") is None


def test_source_from_dateline_disclaimer_copyright_or_url():
    assert find_source("LONDON (Reuters) - Shares fell.", "", None) == "Reuters"
    assert find_source("Text.", "Text.\nMENAFN provides the information as is.", None) == "MENAFN"
    assert find_source("Text.", "Text.\n© 2024 The Crumb Diaries. All rights reserved.", None) == "The Crumb Diaries"
    assert find_source("Text.", "Text.", "https://www.example.org/a") == "example.org"


def test_language_and_score():
    assert detect_language("Der Stadtrat hat am Dienstag den Bau einer neuen Fähre beschlossen.")[0] == "de"
    assert detect_language("市議会は火曜日、新しいフェリー航路の建設を承認した。")[0] == "ja"
    assert detect_language("12345 !!! ---") == ("und", 0.0)


def test_dates():
    assert find_date("Posted on March 3, 2024 by Hanna", None) == "2024-03-03"
    assert find_date("Published 14 May 2023", None) == "2023-05-14"
    assert find_date("Updated 2022-11-19 08:00", None) == "2022-11-19"
    assert find_date("No date here.", "https://x.org/2019/11/19/story") == "2019-11-19"


def _first_date_searched_from_the_start(head: str):
    """The match find_date used to take: each pattern searched from position 0, the earliest kept."""
    best = None
    for pattern in _DATES:
        m = pattern.search(head)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


# words that make and break dates (years in and out of range, months, days with suffixes and
# punctuation, digits glued to words), joined by runs of Unicode spaces or by nothing
_DATE_WORDS = st.sampled_from([
    "1999", "2024", "2030", "1899", "20245", "19", "3", "03", "31", "7th", "22nd,", "1st.", "5,", "Sept.", "september",
    "September.", "MAR", "may", "June", "dec.", "Aug", "x", "ab", "-", "/", ".", ",", "é", "İ", "of", "(", "2024-03-05",
    "1998/1/2", "x2024", "2024.", "2024-12-315", "2024-12-31", "2001.1.9", "9", "_",
])
_DATE_GAPS = st.sampled_from([" ", " ", "  ", "\t", "\n", "\u00a0", "\u2003 ", "\u3000", "\x1c", "", "-"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.tuples(_DATE_WORDS, _DATE_GAPS), max_size=30))
def test_first_date_is_the_earliest_match_searched_from_the_start(words):
    head = "".join(w + gap for w, gap in words)
    want, got = _first_date_searched_from_the_start(head), first_date(head)
    assert (got and (got.re, got.span())) == (want and (want.re, want.span()))


def test_first_date_with_a_year_before_it():
    head = "In 1999 we met.\n  Sept.\t\t3rd,   2001 and 2002-01-05"
    assert first_date(head).group() == "Sept.\t\t3rd,   2001"
    assert find_date(head, None) == "2001-09-03"
    assert find_date("Founded 1998, reopened 05  December. \n 2004; see 2003/02/01", None) == "2004-12-05"
    assert find_date("Plan 2030: 31st of May 2024 or 1 June 2024", None) == "2024-06-01"
    assert first_date("Version 2.1999 of 3 May 2024").group() == "3 May 2024"
    assert first_date("In 1999 and on 2024-12-31").group() == "2024-12-31"  # all of it after the last year
    assert first_date("In 1999 and on 2024-12-315") is None


def test_source_patterns_are_searched_only_where_their_words_are():
    # a case-insensitive copyright in any case, (C), ©; a disclaimer's publisher
    assert find_source("Text.", "Text.\nCOPYRIGHT 2020 Acme Corp", None) == "Acme Corp"
    assert find_source("Text.", "Text.\n(C) Acme Corp", None) == "Acme Corp"
    assert find_source("Text.", "Text.\nCoPyRiGhT Acme", None) == "Acme"
    assert find_source("Text.", "Text.\n©Acme", None) == "Acme"
    assert find_source("Text.", "Text.\nACME publishes the content daily.", None) == "ACME"
    assert find_source("Text.", "Acme Corp is the content.", "https://acme.example/") == "acme.example"


def test_rule_keeps_given_values_and_counts_words():
    doc = Document("m", "Harbour ferry line approved\nThe council approved the new line on Tuesday.",
                   {"source": "Given", "url": "https://news.example.com/2024/01/02/x"})
    Metadata()(doc)
    md = doc.metadata
    assert md["source"] == "Given" and md["title"] == "Harbour ferry line approved"
    assert md["language"] == "en" and md["words"] == 12 and md["chars"] == len(doc.text)
    assert md["date"] == "2024-01-02"


def test_copyright_start_letters_have_no_other_case_insensitive_match():
    # _COPYRIGHT_START lists "c", "o", "p", "y", "r" in both cases only: no other character matches them
    # case-insensitively in Python's re (as "ſ" matches "s" and "K" matches "k")
    import re

    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    for letter in "copyr()©":
        assert {m.group() for m in re.finditer(re.escape(letter), every, re.IGNORECASE)} == {letter, letter.upper()}


def _find_source_plain(text: str, input_text: str) -> str | None:
    """find_source by its definition: each pattern searched over the whole tail."""
    from thresher.clean.metadata import _COPYRIGHT, _DATELINE, _PROVIDER

    for line in text.split("\n", 5)[:5]:
        m = _DATELINE.match(line)
        if m:
            return m.group("src")
    for pattern in (_PROVIDER, _COPYRIGHT):
        m = pattern.search(input_text[-5000:])
        if m and m.group("src").lower() not in {"all", "the", "copyright"}:
            return m.group("src").strip()
    return None


_SOURCE_PIECES = st.sampled_from(["©", "(c)", "(C)", "Copyright", "COPYRIGHT", "copyr", "CoPyRiGhT", " ", "\n", "2024",
                                  " - 2025", ",", "Acme", "All", "The", "the", "Corp", "İ", "ſ", "c", "C",
                                  " provides the information", "MENAFN", " publishes the content", "(c", "c)", "(", ")",
                                  "copy", "COPYr", "©©", "é", "“", "\u00a9", "\u0129", "\ud800", "🙂", "K"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_SOURCE_PIECES | st.characters(), max_size=20).map("".join))
def test_find_source_as_the_plain_searches(tail):
    assert find_source("Text.", tail, None) == _find_source_plain("Text.", tail)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_SOURCE_PIECES | st.characters(), max_size=20).map("".join))
def test_copyright_start_is_the_regex_start(tail):
    from thresher.clean.metadata import _COPYRIGHT_START, copyright_start

    m = _COPYRIGHT_START.search(tail)
    assert copyright_start(tail) == (m.start() if m else -1)


def _find_title_plain(text: str) -> str | None:
    """find_title by its definition: a date is where any of _DATES matches."""
    from thresher.clean.metadata import _BYLINE, _SENTENCE_END
    from thresher.tokens import word_count

    first, _, rest = text.partition("\n")
    first = first.strip()
    if not rest.strip() or not first or len(first) > 200 or _SENTENCE_END.search(first):
        return None
    if _BYLINE.match(first) or any(p.search(first) for p in _DATES):
        return None
    return first if 2 <= word_count(first) <= 30 else None


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(_DATE_WORDS, _DATE_GAPS), max_size=12))
def test_find_title_as_the_definition(words):
    first = "".join(w + gap for w, gap in words).replace("\n", " ")
    text = first + "\nThe body of the article, long enough to follow a headline."
    assert find_title(text) == _find_title_plain(text)


_DATELINE_PIECES = st.sampled_from(["LONDON", "WASHINGTON", " ", "  ", "\t", "\n", "(Reuters)", "(AP)", "(MENAFN)", "(", ")",
                                    "Reuters", " - ", "—", ": ", "x", "Text", "É", "(c)", "News Corp"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_DATELINE_PIECES, max_size=16).map("".join))
def test_find_source_datelines_as_the_plain_searches(text):
    assert find_source(text, "", None) == _find_source_plain(text, "")
