"""The numpy automaton walk gives py3langid's own answers, bit for bit."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from thresher.clean import _langid

REF = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
FAST = _langid.load(norm_probs=True)

SAMPLES = [
    "The council met on Tuesday to discuss the new harbour wall.",
    "Le conseil s'est réuni mardi pour discuter du nouveau mur du port.",
    "Der Rat trat am Dienstag zusammen, um über die neue Hafenmauer zu sprechen.",
    "Совет собрался во вторник, чтобы обсудить новую стену гавани.",
    "評議会は火曜日に新しい港の壁について話し合うために集まった。",
    "议会周二开会讨论新的港口墙。", "مجلس المدينة اجتمع يوم الثلاثاء", "סיכום הישיבה של המועצה",
    "", " ", "a", "ab", "12345", "!!!", "\x00\x01\x02", "😀" * 10, "é", "ÉTÉ EN FRANCE",
]


def test_trie_height_fits_the_window():
    # the longest shortest path from the root to any state is the height of the n-gram trie: a
    # state depends only on that many last bytes, so the window must be at least that long
    nm = np.frombuffer(REF.tk_nextmove, dtype=np.uint32)
    rb = np.asarray(REF._rowbase, dtype=np.int64)
    dist = np.full(len(rb), -1)
    dist[0] = 0
    front, depth = np.array([0]), 0
    while True:
        reached = np.zeros(len(rb), dtype=bool)
        reached[nm[(rb[front][:, None] + np.arange(256)).ravel()]] = True
        front = np.flatnonzero(reached & (dist < 0))
        if not len(front):
            break
        depth += 1
        dist[front] = depth
    assert (dist >= 0).all() and depth <= _langid.WINDOW


def _walk_is_the_automaton(walk):
    # for every state s and byte b: the walk's entry at (s's row, b's column) leads to the row of
    # py3langid's next state nm[rb[s] + b] and holds that state's feature
    nm = np.frombuffer(REF.tk_nextmove, dtype=np.uint32).astype(np.int64)
    rb = np.asarray(REF._rowbase, dtype=np.int64)
    out = np.asarray(REF.tk_output, dtype=np.int64)
    k = int(walk["byteclass"].max()) + 1
    assert len(walk["walk"]) == len(walk["walkout"]) == k * (len(nm) // 256)
    # each state's row offset in the walk: the root's is 0, the others follow from the transitions
    offset = np.full(len(rb), -1, dtype=np.int64)
    offset[0] = 0
    cls = walk["byteclass"].astype(np.int64)
    for _ in range(_langid.WINDOW + 1):
        known = np.flatnonzero(offset >= 0)
        at = (offset[known][:, None] + cls).ravel()
        nxt = nm[(rb[known][:, None] + np.arange(256)).ravel()]
        offset[nxt] = walk["walk"][at]
    assert (offset >= 0).all() and (offset % k == 0).all()
    at = (offset[:, None] + cls).ravel()  # every (state, byte)
    nxt = nm[(rb[:, None] + np.arange(256)).ravel()]
    assert np.array_equal(walk["walk"][at], offset[nxt])
    assert np.array_equal(walk["walkout"][at], out[nxt] << _langid.SHIFT)
    # states on the same py3langid row share the walk's row, and no two rows share one
    assert len(np.unique(offset)) == len(np.unique(rb))


def test_walk_tables_are_the_automaton():
    _walk_is_the_automaton({"byteclass": FAST._byteclass, "walk": FAST._walk, "walkout": FAST._walkout})  # cached
    derived = _langid.FastIdentifier(*REF._full_model, REF.tk_nextmove, REF.tk_output, tk_row=REF.tk_row)
    _walk_is_the_automaton({"byteclass": derived._byteclass, "walk": derived._walk, "walkout": derived._walkout})
    assert FAST._byteclass.max() + 1 < 256  # the shipped model's bytes do share columns


@pytest.mark.parametrize("text", SAMPLES)
def test_same_answer_as_py3langid(text):
    assert FAST.classify(text) == REF.classify(text)
    assert FAST.rank(text) == REF.rank(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_same_features_in_the_same_order(text):
    data = REF._encode(text)
    ref = visit_counts(REF.tk_nextmove, REF._rowbase, REF.tk_output, data) or {}
    got = FAST.visits(data)
    assert list(got.items()) == list(ref.items())  # order matters: it is the summation order
    assert FAST.classify(text) == REF.classify(text)
    # the scores themselves, not only the rounded answer: same float32 bits
    assert np.array_equal(FAST._raw_score(data), REF._raw_score(data))


def test_weight_table_is_the_shipped_one_cast_as_numpy_casts_it():
    assert REF.nb_ptc.dtype == np.float16  # the shipped model's table, which the product casts
    assert FAST.nb_ptc.dtype == np.float32 and FAST.nb_ptc.shape == REF.nb_ptc.shape
    assert np.array_equal(FAST.nb_ptc, REF.nb_ptc.astype(np.float32))
    assert np.array_equal(FAST.nb_pc, REF.nb_pc) and FAST.nb_classes == REF.nb_classes


def test_same_answers_with_languages_restricted():
    ref = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    fast = _langid.load(norm_probs=True)
    for ident in (ref, fast):
        ident.set_languages(["en", "fr", "de", "nl"])
    for text in SAMPLES:
        data = REF._encode(text)
        assert np.array_equal(fast._raw_score(data), ref._raw_score(data))
        assert fast.classify(text) == ref.classify(text)


DEV = Path(os.environ.get("THRESHER_DEV", Path(__file__).resolve().parents[3] / "shared" / "data" / "dev"))


@pytest.mark.skipif(not DEV.is_dir(), reason=f"dev pages not at {DEV} (../shared is absent)")
def test_same_answers_on_the_dev_pages():
    for page in sorted(DEV.iterdir()):
        for name in ("raw.txt", "gold.txt"):
            text = (page / name).read_text(encoding="utf-8")
            for i in range(0, min(len(text), 8000), 800):
                sample = text[i:i + 800]
                assert FAST.classify(sample) == REF.classify(sample), (page.name, i)
                data = REF._encode(sample)
                assert np.array_equal(FAST._raw_score(data), REF._raw_score(data)), (page.name, i)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["the ", "der ", "и ", "日本語", "x", " ", "é", "🙂"]), min_size=1, max_size=40),
       st.integers(1, 3000))
def test_same_features_on_long_texts(pieces, times):
    # past 2**14 feature occurrences the sort key no longer fits in int32 and int64 is used
    text = ("".join(pieces) * times)[:40_000]
    data = REF._encode(text)
    ref = visit_counts(REF.tk_nextmove, REF._rowbase, REF.tk_output, data) or {}
    assert list(FAST.visits(data).items()) == list(ref.items())
    assert np.array_equal(FAST._raw_score(data), REF._raw_score(data))


# characters whose UTF-8 bytes fall in many of the walk's byte columns: ASCII letters, digits,
# punctuation and controls, lead and continuation bytes of 2-, 3- and 4-byte sequences
TRICKY = ["the ", "and", "ing ", "e", "t", " ", "\n", "\t", "\x00", "\x7f", "0", "9", ".", ",", "'", "\"",
          "é", "ß", "ü", "Å", "\u00a0", "\u00ad", "ñ", "ç", "ø", "и", "я", "ω", "ק", "ع", "ह", "ก", "ა",
          "日", "語", "한", "\u3000", "\ufeff", "\uffff", "🙂", "𝔘", "\U0010ffff", "de la ", "der ", "по "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=3)), max_size=200))
def test_same_features_over_the_byte_columns(pieces):
    data = REF._encode("".join(pieces))
    ref = visit_counts(REF.tk_nextmove, REF._rowbase, REF.tk_output, data) or {}
    assert list(FAST.visits(data).items()) == list(ref.items())
    assert np.array_equal(FAST._raw_score(data), REF._raw_score(data))


@pytest.mark.parametrize("n", [1, 2, 5, 6, 7, (1 << _langid.SHIFT) - 1, 1 << _langid.SHIFT, (1 << _langid.SHIFT) + 1,
                               1 << (_langid.SHIFT + 1)])
def test_same_features_at_the_lengths_where_the_key_changes(n):
    # the sort key's position bits: SHIFT of them up to 1 << SHIFT bytes, more past that
    data = ("the cat sat on the mat, é日🙂 " * 400).encode()[:n]
    ref = visit_counts(REF.tk_nextmove, REF._rowbase, REF.tk_output, data) or {}
    assert list(FAST.visits(data).items()) == list(ref.items())
    assert np.array_equal(FAST._raw_score(data), REF._raw_score(data))
