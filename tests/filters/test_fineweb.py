"""fineweb: each of its four rules, with the reason and the measured value."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.document import Document
from thresher.filters.fineweb import FineWeb, ends_in_punctuation
from thresher.registry import registered

PARAS = [
    "The harbour town of Kessling voted on Tuesday to rebuild its flood wall, three years after the storm.",
    "Engineers put the cost at four million pounds, and the county has promised to pay half of the bill.",
    "“We have waited long enough,” said one shop owner, who asked the council to start before autumn.",
    "Work is expected to begin in the spring and to take two years, the council said in a statement.",
]


def check(text: str) -> str | None:
    return FineWeb().check(Document("f", text))


def test_registered():
    assert registered("filter")["fineweb"] is FineWeb


def test_article_is_kept():
    assert check("\n\n".join(PARAS)) is None


def test_line_punctuation():
    lines = [p.rstrip(".”") for p in PARAS] * 2 + ["Kessling council meeting notes, Tuesday evening session"]
    assert check("\n".join(lines)) == "punct_lines_frac 0.00 <= 0.12"


def test_short_lines():
    text = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "About"] + PARAS[:2])
    assert check(text) == "short_line_frac 0.75 >= 0.67"


def test_duplicated_lines():
    text = "\n".join(PARAS + [PARAS[0]])
    detail = check(text)
    assert detail.startswith("dup_line_char_frac 0.2") and detail.endswith(">= 0.10")


def test_newline_ratio():
    items = [f"Item {i}: a flood sandbag, delivered." for i in range(12)]
    assert check("\n\n".join(items)) == "newline_word_ratio 0.31 > 0.30"


def test_terminal_punctuation_of_other_scripts_and_quotes():
    assert ends_in_punctuation("今日は晴れです。")
    assert ends_in_punctuation("He said “yes.”")
    assert ends_in_punctuation("Was it?)")
    assert not ends_in_punctuation("Read more")
    assert not ends_in_punctuation("")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PARAS + ["Home", "Menu", "Share this"]), min_size=1, max_size=20))
def test_detail_names_a_rule(lines):
    detail = check("\n".join(lines))
    assert detail is None or detail.split(" ")[0] in {
        "punct_lines_frac", "short_line_frac", "dup_line_char_frac", "newline_word_ratio"}
