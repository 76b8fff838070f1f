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


def test_next_rows_are_the_row_offsets_of_the_next_states():
    nm = np.frombuffer(REF.tk_nextmove, dtype=np.uint32)
    rb = np.asarray(REF._rowbase, dtype=np.int64)
    assert np.array_equal(FAST._nextrow, rb[nm])  # the cached table, as the walk reads it
    assert np.array_equal(_langid.FastIdentifier(*REF._full_model, REF.tk_nextmove, REF.tk_output,
                                                 tk_row=REF.tk_row)._nextrow, rb[nm])  # derived here


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
