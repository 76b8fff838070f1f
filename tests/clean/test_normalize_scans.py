"""normalize's quick scans find what the plain definitions find, on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.clean import normalize as nm

_PLAIN_NEWLINES = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")


def plain_edge_spaces(text: str) -> list[tuple[int, int, str]]:
    """Every line's leading and trailing run of edge characters, one deletion each."""
    edits, pos = [], 0
    for line in text.split("\n"):
        lead = len(line) - len(line.lstrip(nm._EDGE_CHARS))
        trail = len(line.lstrip(nm._EDGE_CHARS)) - len(line.lstrip(nm._EDGE_CHARS).rstrip(nm._EDGE_CHARS))
        if lead:
            edits.append((pos, pos + lead, ""))
        if trail:
            edits.append((pos + len(line) - trail, pos + len(line), ""))
        pos += len(line) + 1
    return edits


_CHARS = st.sampled_from(list("ab \t\n\r\u2028\u2029\x0b\x0c\x85\u00a0\u3000\u2003я")) | st.characters()


@settings(max_examples=1000, deadline=None)
@given(st.text(_CHARS, max_size=40))
def test_newlines_as_the_plain_alternation(text):
    assert [m.span() for m in nm._NEWLINES.finditer(text)] == [m.span() for m in _PLAIN_NEWLINES.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(st.text(_CHARS, max_size=40))
def test_edge_spaces_as_the_plain_loop(text):
    assert nm._edge_spaces(text) == plain_edge_spaces(text)


def test_real_text_and_non_ascii_runs():
    text = "Title\r\n\u00a0 Indented line\u3000\nplain line\x85last "
    assert [m.group() for m in nm._NEWLINES.finditer(text)] == ["\r\n", "\x85"]
    assert nm._edge_spaces("Title\n\u00a0 Indented\u3000\nplain\nlast ") == [(6, 8, ""), (16, 17, ""), (28, 29, "")]
    assert nm._edge_spaces("no edges here\nat all") == []
    assert [m.span() for m in nm._NON_ASCII.finditer("a’b——c я\n€")] == [(1, 2), (3, 5), (7, 8), (9, 10)]


@settings(max_examples=1000, deadline=None)
@given(st.text(_CHARS, max_size=40))
def test_non_ascii_runs_as_the_plain_repeat(text):
    plain = re.compile(r"[^\x00-\x7f]+")
    assert [m.span() for m in nm._NON_ASCII.finditer(text)] == [m.span() for m in plain.finditer(text)]
