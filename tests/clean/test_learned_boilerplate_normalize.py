"""learned_boilerplate's line normalisation equals the plain three-regex definition on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.clean.learned_boilerplate import normalize_line, normalize_lines

_DIGITS = re.compile(r"\d+")
_EDGES = re.compile(r"^(?:[^\w\n]|_)+|(?:[^\w\n]|_)+$", re.MULTILINE)
_SPACES = re.compile(r"[^\S\n]+")


def reference(lines: list[str]) -> list[str]:
    """Lowercase, numbers to 0, non-alphanumerics off each line's ends, whitespace runs to one space."""
    s = _DIGITS.sub("0", "\n".join(lines).lower())
    return _SPACES.sub(" ", _EDGES.sub("", s)).split("\n")


# characters the rules treat differently: digits (ASCII, Arabic-Indic, fullwidth), letters that
# change length or case in context, underscore, punctuation, every kind of whitespace
_TRICKY = "0123456789٣०５aZ_İẞΣσς.,!?…—-'’\"«»()[]©® \t\u00a0\u2003\u3000\x0b\x0c\x1c\x85\u2028\u200bяЯ日本x"


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.text(st.sampled_from(_TRICKY) | st.characters(exclude_characters="\n"), max_size=30),
                max_size=8))
def test_equals_reference_on_arbitrary_lines(lines):
    assert normalize_lines(lines) == reference(lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from(_TRICKY + "\n"), max_size=20), max_size=4))
def test_equals_reference_when_lines_hold_newlines(lines):
    assert normalize_lines(lines) == reference(lines)


def test_every_character_at_the_edges_and_inside():
    # each code point alone, at either end and twice in the middle of a line
    chars = [chr(c) for c in range(0x110000) if c != 10]
    for form in ("{0}", "{0}a", "a{0}", "a{0}{0}b", "x {0} y"):
        lines = [form.format(c) for c in chars]
        assert normalize_lines(lines) == reference(lines), form


def test_real_lines():
    assert normalize_lines(["  © 2024 Valley Echo.  ", "— Read more —", "", "Tel.:  +44 20 7946 0958",
                            "__init__", "«Привет,\tмир!»"]) == [
        "0 valley echo", "read more", "", "tel.: +0 0 0 0", "init", "привет, мир"]
    assert normalize_line("Page 3 of 12") == normalize_line("page 7 OF 9!") == "page 0 of 0"
