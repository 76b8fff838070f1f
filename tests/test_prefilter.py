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


def _python_only_folds() -> set[str]:
    """Every character that Python's IGNORECASE equates with another one and RE2's (?i) does not."""
    import sys
    from collections import defaultdict
    from re._casefix import _EXTRA_CASES

    import re2

    groups: dict[str, set[str]] = defaultdict(set)
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        low = c.lower()
        groups[low if len(low) == 1 else "i" if cp == 0x130 else c].add(c)  # İ: simple lowercase is "i"
    for lo, extras in _EXTRA_CASES.items():
        groups[chr(lo)].update(map(chr, extras))
    found = set()
    for key, members in groups.items():
        ms = members | {key}
        for a in ms:
            py, r2 = re.compile(re.escape(a), re.IGNORECASE), re2.compile("(?i)" + re2.escape(a))
            found.update(b for b in ms if b != a and py.fullmatch(b) and not r2.fullmatch(b))
    return found


def test_the_characters_only_python_folds_are_all_known():
    from thresher import _prefilter

    assert _python_only_folds() <= set(_prefilter._PY_ONLY_FOLDS) | {"i", "I"}


@pytest.mark.parametrize("text", ["Fİle not found", "fıle not found", "FILE NOT FOUND"])
def test_dotted_and_dotless_i_do_not_hide_a_case_insensitive_match(text):
    from thresher._prefilter import Scanner

    pattern = re.compile(r"file not found", re.IGNORECASE)
    assert pattern.search(text)
    assert Prefilter(pattern).may_match(text)
    assert [m.span() for m in Scanner(pattern).finditer(text)] == [m.span() for m in pattern.finditer(text)]


def test_lone_surrogates_go_to_python():
    from thresher._prefilter import Scanner

    pattern = re.compile(r"not found")
    text = "page \ud800 not found"
    assert Prefilter(pattern).may_match(text)
    assert [m.span() for m in Scanner(pattern).finditer(text)] == [(7, 16)]
