"""normalize: mojibake repaired, whitespace normalised, author's styling untouched, map exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.clean.normalize import Normalize
from thresher.document import Document


def norm(text: str) -> Document:
    return Normalize()(Document("n", text))


def test_mojibake_is_repaired_line_by_line():
    doc = norm("The cafÃ© opened on Monday.\nA second, clean line.")
    assert doc.text == "The café opened on Monday.\nA second, clean line."
    assert doc.removed == []  # repairs are not removals


def test_clean_text_passes_through_unchanged():
    text = ("“Curly quotes”, full-width ＡＢＣ, the ﬁ ligature and Japanese 日本語のテキスト stay as written.\n\n"
            "Second paragraph — with an em dash.")
    assert norm(text).text == text


def test_newlines_and_spaces():
    doc = norm("  Title  \r\n\r\n\r\n\r\nBody\u00a0\u00a0 text\twith  gaps.\u2028Next\u200b line ")
    assert doc.text == "Title\n\nBody text with gaps.\nNext line"


def test_positions_map_back_after_normalisation():
    text = "Intro line\r\n  Caf\u00c3\u00a9   menu  \r\nLast line"
    doc = norm(text)
    doc.remove_lines([1], "test")
    (r,) = doc.removed
    # from the line's first character to the next line: inner and trailing whitespace included,
    # the indentation that normalisation stripped before the first character not
    assert text[r.start:r.end] == "Caf\u00c3\u00a9   menu  \r\n"


_PIECES = ["The cafÃ© opened", "naïve", "â€œquotedâ€\x9d", "São Paulo", "—", "Â£20", "don’t", "Ã¼ber",
           "日本語", "ï»¿", " ", "\n", "plain words", "1.5", "Ã", "©", "â€™s", "résumé", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_maybe_bad_agrees_with_ftfy_on_the_whole_text(pieces):
    # the windows around non-ASCII runs find what ftfy's is_bad finds on the whole text
    from ftfy.badness import is_bad

    from thresher.clean.normalize import _maybe_bad

    text = "".join(pieces)
    assert _maybe_bad(text) == is_bad(text)
