"""RE2 prefilters: never say no where the Python pattern matches; say no on ordinary prose."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thresher._prefilter import Prefilter, superset
from thresher.clean import fetch_errors as fe

PATTERNS = {"strong": fe._STRONG, "status": fe._STATUS, "code": fe._CODE_IN, "filler": fe._FILLER}
PREFILTERS = {name: Prefilter(p) for name, p in PATTERNS.items()}

# pieces that make the patterns match, nearly match, or sit next to them in awkward scripts and spaces
PIECES = [
    "the page you requested could not be found", "404", "error 500", "http/1.1 503", "page not found",
    "access denied", "please enable javascript", "страница не найдена", "ошибка 404", "ページが見つかりません",
    "页面不存在", "seite nicht gefunden", "página no encontrada", "we’ll be back soon", "sorry", "go back home",
    "cloudflare ray id: 7f3a", "é", "ß", "٤٠٤", "４０４", "\u00a0", "\u2009", "\x0b", "\x1c", "\n", " ", "’", "—",
    "lexus lc 500", "401(k)", "the weather was fine", "page", "not", "found", "_", "x", "1020", "code:",
]


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_prefilters_compile_with_re2(name):
    assert PREFILTERS[name].rx is not None  # google-re2 is a dependency: a failed rewrite would be silent


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=10), st.sampled_from(sorted(PATTERNS)))
def test_no_from_the_prefilter_means_no_match(pieces, name):
    for sep in ("", " ", "\n"):
        text = sep.join(pieces)
        if PATTERNS[name].search(text):
            assert PREFILTERS[name].may_match(text), (name, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
       st.sampled_from(PIECES))
def test_no_match_missed_next_to_any_character(noise, piece):
    # a match right beside arbitrary characters (word, space, mark, digit of any script)
    for text in (noise + piece, piece + noise, noise + piece + noise):
        for name, rx in PATTERNS.items():
            if rx.search(text):
                assert PREFILTERS[name].may_match(text), (name, text)


def test_prose_is_ruled_out():
    prose = ("The council met on Tuesday to discuss the new harbour wall, which engineers say will protect "
             "the town from winter storms for the next fifty years.")
    assert not PREFILTERS["strong"].may_match(prose.lower())
    assert not PREFILTERS["status"].may_match(prose.lower())


def test_rewrite_widens_classes_and_drops_assertions():
    assert superset(r"\bab(?=c)\d$") == r"ab[\p{N}]"
    assert superset(r"[\w-]+") == r"[\p{L}\p{N}\p{M}_-]+"
    assert superset(r"[^\s.]") == r"[^\s.]"  # a negated class keeps RE2's narrower \s: it excludes less
    with pytest.raises(ValueError):
        superset(r"[^\W]")  # RE2's \W is wider than Python's: excluded more, it could miss a match


def test_unusable_pattern_means_always_maybe():
    p = Prefilter(re.compile(r"[^\W\d]+x"))
    assert p.rx is None and p.may_match("anything")
