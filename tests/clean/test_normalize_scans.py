"""normalize's quick scans find what the plain definitions find, on any text."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from thresher.clean import normalize as nm

_PLAIN_NEWLINES = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")


def plain_edge_spaces(text: str) -> list[tuple[int, int, str]]:
    """Every line's leading and trailing run of edge characters, one deletion each, by a regular
    expression (a line of edge characters only is one leading run)."""
    edge = f"[{re.escape(nm._EDGE_CHARS)}]+"
    return [(m.start(), m.end(), "") for m in re.finditer(f"^{edge}|{edge}$", text, re.MULTILINE)]


_CHARS = st.sampled_from(list("ab \t\n\r\u2028\u2029\x0b\x0c\x85\u00a0\u3000\u2003я")) | st.characters()
# the listed characters drawn about half the time (st.text over this alphabet almost never draws them)
_TEXT = st.lists(_CHARS, max_size=40).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_TEXT)
def test_newlines_as_the_plain_alternation(text):
    assert [m.span() for m in nm._NEWLINES.finditer(text)] == [m.span() for m in _PLAIN_NEWLINES.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(_TEXT)
def test_edge_spaces_as_the_plain_loop(text):
    assert nm._edge_spaces(text) == plain_edge_spaces(text)


def test_real_text_and_non_ascii_runs():
    text = "Title\r\n\u00a0 Indented line\u3000\nplain line\x85last "
    assert [m.group() for m in nm._NEWLINES.finditer(text)] == ["\r\n", "\x85"]
    assert nm._edge_spaces("Title\n\u00a0 Indented\u3000\nplain\nlast ") == [(6, 8, ""), (16, 17, ""), (28, 29, "")]
    assert nm._edge_spaces("no edges here\nat all") == []
    # curly quotes, dashes and lowercase Cyrillic are no mojibake characters; é, € and Ã are
    assert [m.span() for m in nm._MOJIBAKE_RUN.finditer("a’b——c я\n€ café Ã©")] == [(9, 10), (14, 15), (16, 17)]


@settings(max_examples=1000, deadline=None)
@given(_TEXT)
def test_mojibake_runs_as_the_plain_repeat(text):
    plain = re.compile(f"[{nm._MOJIBAKE_CHARS}]+")
    assert [m.span() for m in nm._MOJIBAKE_RUN.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _uncovered_alternatives(chars: str) -> list[str]:
    """The alternatives of ftfy's badness pattern that can match without any of ``chars`` (class syntax).

    An alternative is covered when one of its required items (a literal or a class, not optional)
    admits only characters of ``chars``; then each of its matches holds one of them.
    """
    from re import _constants as c
    from re import _parser

    from ftfy.badness import BADNESS_RE

    one = re.compile(f"[{chars}]")

    def only_chars(op, av) -> bool:
        if op is c.LITERAL:
            return one.fullmatch(chr(av)) is not None
        if op is not c.IN:
            return False
        for iop, iav in av:
            if iop is c.LITERAL and one.fullmatch(chr(iav)):
                continue
            if iop is c.RANGE and all(one.fullmatch(chr(x)) for x in range(iav[0], iav[1] + 1)):
                continue
            return False  # a character outside, a category or a negation
        return True

    (op, (_, alternatives)), = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data
    assert op is c.BRANCH
    return [str(alt) for alt in alternatives if not any(only_chars(o, a) for o, a in alt.data)]


def test_every_ftfy_badness_match_holds_a_mojibake_character():
    from ftfy.badness import BADNESS_RE

    assert _uncovered_alternatives(nm._MOJIBAKE_CHARS) == []
    # a match is at most 7 characters long: within _BADNESS_REACH of any character of it
    assert _parser_width(BADNESS_RE)[1] <= nm._BADNESS_REACH + 1
    # the check sees a missing character: without Ђ, "вЂ" (Windows-1251 mojibake) is uncovered
    assert len(_uncovered_alternatives(nm._MOJIBAKE_CHARS.replace("Ђ", ""))) == 1
    assert len(_uncovered_alternatives(nm._MOJIBAKE_CHARS.replace("£", ""))) > 0  # as "é£": a small accented letter before a currency sign


def _parser_width(pattern: re.Pattern) -> tuple[int, int]:
    from re import _parser

    return _parser.parse(pattern.pattern, pattern.flags).getwidth()


_MOJI_PIECES = ["The cafÃ© opened", "naïve", "â€œquotedâ€\x9d", "São Paulo", "—", "Â£20", "don’t", "Ã¼ber",
                "日本語", "ï»¿", " ", "\n", "plain words", "1.5", "Ã", "©", "â€™s", "résumé", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚",
                "вЂ", "ГўВЂВ", "Âœ", "× ²", "√±", "‚Ä†", "β€™", "ā€", "ØŸ", "“", "”", "œ", "Ù", "Ђ", "a", "1",
                "5 €.", "\nÃ  la carte", "\nÂ "]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_MOJI_PIECES) | st.text(_CHARS, max_size=3), max_size=14))
@example(["The ticket cost 5 €.", "\nÃ  la carte"])  # ftfy's ^[ÃÂ][ ] on a line after another window
def test_maybe_bad_whenever_ftfy_flags_a_line(pieces):
    # normalize repairs only the lines ftfy flags, and only when _maybe_bad says so: it must say so
    # whenever some line is flagged
    from ftfy.badness import is_bad

    text = "".join(pieces)
    lines_flagged = any(is_bad(line) for line in text.split("\n"))
    if lines_flagged:
        assert nm._maybe_bad(text)
    if nm._maybe_bad(text):  # never flagged without ftfy finding mojibake in the text or a line of it
        assert is_bad(text) or lines_flagged


def test_a_line_starting_with_mojibake_is_repaired_after_other_non_ascii_text():
    from thresher.document import Document

    doc = nm.Normalize()(Document("d", "The ticket cost 5 €.\nÃ  la carte dishes were served."))
    assert doc.text == "The ticket cost 5 €.\nà la carte dishes were served."


_NORM_TEXT = st.lists(st.sampled_from(["Plain words. ", "  ", "\n", "\r\n", " \n", "\t", "\u00a0", "\u2003", "\u3000",
                                       "\u200b", "\u00ad", "\ufeff", "\u2028", "\x85", "café ", "Ã©", "’"])
                      | st.characters(), max_size=30).map("".join)


def _normalized(text: str) -> tuple:
    from thresher.document import Document

    doc = nm.Normalize()(Document("n", text))
    return doc.text, [doc.to_input(i) for i in range(len(doc.text) + 1)]


@settings(max_examples=1500, deadline=None)
@given(_NORM_TEXT)
def test_one_scan_for_the_characters_acted_on_changes_nothing(text):
    # with every text sent through the three scans (as if each held such a character): the same text and map
    from unittest import mock

    got = _normalized(text)
    with mock.patch.object(nm, "_ACTED_ON", re.compile("")):  # matches (empty) in any text
        assert _normalized(text) == got


def test_characters_acted_on_cover_the_three_scans():
    for ch in map(chr, range(0x3100)):
        if nm._NEWLINES.match(ch) or nm._ODD_SPACE.match(ch) or nm._INVISIBLE.match(ch):
            assert nm._ACTED_ON.match(ch), hex(ord(ch))
    assert nm._ACTED_ON.search("Plain text, “quoted” — and café.\nNext line.") is None


# the characters the shortcuts below turn on: the ASCII ones acted on, spaces at line edges, the
# other edge characters, mojibake characters, lone surrogates, other non-ASCII text
_QUICK_TEXT = st.lists(st.sampled_from(["Plain words.", " ", "  ", "\n", "\n ", " \n", "\t", "\r", "\x0b", "\x0c",
                                        "\u00a0", "\u3000", "\u2003", "\u200b", "\x85", "café", "Ã©", "’", "é2\nÃ ",
                                        "\ud800", "я", "日本"])
                       | st.characters(), max_size=24).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_QUICK_TEXT)
def test_quick_checks_as_their_definitions(text):
    data = text.encode("utf-8", "surrogatepass")
    others = nm._non_ascii(text, data)
    assert others == "".join(c for c in text if ord(c) > 127)
    plain = not any(c in data for c in nm._ASCII_ACTED_ON) and nm._ACTED_ON.search(others) is None
    assert plain == (nm._ACTED_ON.search(text) is None)
    if plain:  # then only a space can be an edge character
        assert nm._space_at_an_edge(data) == bool(nm._edge_spaces(text))
    assert bool(nm._MOJIBAKE_RUN.search(others)) == bool(nm._MOJIBAKE_RUN.search(text))


@settings(max_examples=1500, deadline=None)
@given(_QUICK_TEXT | _NORM_TEXT)
def test_quick_checks_change_nothing(text):
    # every scan run over the whole text, as before: the same text and map
    from unittest import mock

    got = _normalized(text)
    with mock.patch.object(nm, "_non_ascii", lambda text, data: text), \
            mock.patch.object(nm, "_space_at_an_edge", lambda data: True):
        assert _normalized(text) == got
