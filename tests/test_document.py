"""The span map: every removal points at exactly the input characters it removed."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.clean.normalize import Normalize
from thresher.document import Document, covered, merge_spans

from .conftest import remainder


def test_remove_lines_records_input_span_with_newline():
    doc = Document("d", "Menu\nHello world.\nFooter")
    doc.remove_lines([0, 2], "boilerplate", "nav")
    assert doc.text == "Hello world."
    assert [(doc.input[r.start:r.end], r.rule, r.detail) for r in doc.removed] == [
        ("Menu\n", "boilerplate", "nav"), ("\nFooter", "boilerplate", "nav")]


def test_spans_stay_exact_after_normalisation_changes_lengths():
    text = "  Caf\u00c3\u00a9   au lait \r\n\tsecond\u200b line  \r\nthird"
    doc = Document("d", text)
    Normalize()(doc)
    assert doc.text == "Café au lait\nsecond line\nthird"
    doc.remove_lines([1], "x")
    (r,) = doc.removed
    assert text[r.start:r.end] == "second\u200b line  \r\n"
    assert doc.text == "Café au lait\nthird"


def test_edit_rejects_overlaps():
    doc = Document("d", "abcdef")
    try:
        doc.edit([(0, 3, ""), (2, 4, "")], "x")
    except ValueError as e:
        assert "overlapping" in str(e)
    else:
        raise AssertionError("overlapping edits were accepted")


def test_tidy_strips_and_collapses_blank_runs_without_recording():
    doc = Document("d", "\n\n  a\n\n\n\nb\n \n")
    doc.tidy()
    assert doc.text == "a\n\nb"
    assert doc.removed == []


def test_merge_and_covered():
    assert merge_spans([(5, 7), (0, 2), (2, 3), (6, 9)]) == [(0, 3), (5, 9)]
    doc = Document("d", "one\ntwo\nthree")
    doc.remove_lines([0, 1], "r")
    assert covered(doc.removed, 0, 8)
    assert not covered(doc.removed, 0, 9)


_ws = re.compile(r"\s+")


def _normalised(text: str) -> Document:
    doc = Document("d", text)
    Normalize()(doc)
    return doc


def _some_lines(doc: Document, data) -> set[int]:
    """Any set of the document's line indices, drawn by hypothesis."""
    n = len(doc.lines)
    return data.draw(st.sets(st.integers(0, max(0, n - 1)), max_size=n))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab Ã©\u200b\t\r\n\u00a0xyz.", max_size=12), min_size=1, max_size=12), st.data())
def test_any_removal_maps_back_to_input(lines, data):
    text = "\n".join(lines)
    doc = _normalised(text)
    before = doc.text
    doc.remove_lines(_some_lines(doc, data), "r")
    # input minus removed spans is the output, up to whitespace and repaired characters
    rest = _ws.sub("", remainder(doc).replace("\u200b", ""))
    out = _ws.sub("", doc.text)
    if "Ã" not in text:  # without mojibake repair, the characters are the same
        assert rest == out
    assert len(doc.text) <= len(before)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab \r\n\u00a0.", max_size=8), min_size=1, max_size=14), st.data())
def test_removals_in_several_rounds_never_overlap_and_account_for_the_input(lines, data):
    doc = _normalised("\n".join(lines))
    for rnd in range(3):
        doc.remove_lines(_some_lines(doc, data), f"r{rnd}")
        doc.tidy()
    assert _ws.sub("", remainder(doc)) == _ws.sub("", doc.text)


def test_adjacent_removals_by_different_rules_keep_their_own_spans():
    text = "keep\nrepeat\npolicy line\nShare\nend"
    doc = Document("d", text)
    doc.remove_lines([1], "repetition")
    doc.remove_lines([1], "boilerplate", "policy")  # "policy line" is now line 1
    doc.remove_lines([1], "boilerplate", "share")
    got = sorted((text[r.start:r.end], r.rule, r.detail) for r in doc.removed)
    assert got == [("Share\n", "boilerplate", "share"), ("policy line\n", "boilerplate", "policy"),
                   ("repeat\n", "repetition", "")]
    assert doc.text == "keep\nend"


def test_state_round_trip_keeps_an_emptied_text_empty():
    doc = Document("d", "Menu\nHello world.\r\nFooter", {"url": "u"})
    Normalize()(doc)
    doc.remove_lines([0, 1, 2], "r")
    again = Document.from_state(doc.to_state())
    assert again.text == "" and again.removed == doc.removed and again.metadata == {"url": "u"}
    doc2 = Document("e", "one\ntwo\nthree")
    doc2.remove_lines([1], "r")
    back = Document.from_state(doc2.to_state())
    back.remove_lines([1], "s")
    # the second removal is recorded in two pieces around the first one
    assert [back.input[r.start:r.end] for r in back.removed] == ["two\n", "\n", "three"]
