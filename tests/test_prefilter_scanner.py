"""Scanner: exactly Python's finditer (same spans, groups, order), whatever the text, pos and endpos."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thresher._prefilter import Scanner
from thresher.clean import fetch_errors as fe

from .test_prefilter import PIECES

PATTERNS = {
    "strong": fe._STRONG, "status": fe._STATUS, "code": fe._CODE_IN, "filler": fe._FILLER,
    # assertions that RE2 cannot run, matches that may be empty, overlapping candidates, a flag
    "bounds": re.compile(r"\bab\w*|(?<=x)y+|(?<!\w)z(?=\d)"),
    "empty": re.compile(r"a*|(?=b)"),
    "overlap": re.compile(r"aab|ab"),
    "case": re.compile(r"straße|ǅ[a-z]", re.IGNORECASE),
    "lines": re.compile(r"^\w+$|\s+$", re.MULTILINE),
}
SCANNERS = {name: Scanner(p) for name, p in PATTERNS.items()}
_ODD = "abxyzAB_45٤٠0ßẞǅǆ ’\u00a0\n\t日"


def _spans(it) -> list:
    return [(m.span(), m.group(), m.groups()) for m in it]


def test_the_rule_patterns_run_on_re2():
    for name in ("strong", "status", "code", "filler"):
        assert SCANNERS[name].rx is not None, name


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(_ODD, max_size=4) | st.text(max_size=3), max_size=10),
       st.sampled_from(sorted(PATTERNS)), st.integers(0, 200), st.integers(0, 200) | st.none())
def test_same_matches_as_finditer(pieces, name, pos, endpos):
    for sep in ("", " ", "\n"):
        text = sep.join(pieces)
        p, s = PATTERNS[name], SCANNERS[name]
        want = _spans(p.finditer(text, pos) if endpos is None else p.finditer(text, pos, endpos))
        assert _spans(s.finditer(text, pos, endpos)) == want, (name, text, pos, endpos)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60),
       st.sampled_from(sorted(PATTERNS)))
def test_same_matches_on_any_unicode(text, name):
    assert _spans(SCANNERS[name].finditer(text)) == _spans(PATTERNS[name].finditer(text))


def test_search_on_real_text():
    text = "Error 404\nThe page you were looking for could not be found.\nGo back home — or search again."
    for name in ("strong", "status", "code", "filler"):
        assert _spans(SCANNERS[name].finditer(text.lower())) == _spans(PATTERNS[name].finditer(text.lower()))
    assert [m.group() for m in SCANNERS["code"].finditer(text)] == ["404"]


def test_without_re2_falls_back_to_python(monkeypatch):
    s = Scanner(PATTERNS["overlap"])
    monkeypatch.setattr(s, "rx", None)
    monkeypatch.setattr(s, "search", None)
    assert _spans(s.finditer("aabab", 1)) == _spans(PATTERNS["overlap"].finditer("aabab", 1))


@pytest.mark.parametrize("text", ["", "a", "日本語のテキスト", "x" * 1000 + "aab"])
def test_edges(text):
    for name, p in PATTERNS.items():
        assert _spans(SCANNERS[name].finditer(text)) == _spans(p.finditer(text)), name
