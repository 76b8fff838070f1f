"""DedupIndex end to end: what is removed, what it points at, and the keep rule."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from thresher.dedup import DedupConfig, DedupIndex, Duplicate
from thresher.errors import ResumeError, ThresherError

from ._corpus import article, key, replace_block, run, true_jaccard

# many short bands: every pair above ~0.3 is a candidate, so verification alone decides
SURE = {"bands": 40, "rows": 2}


def test_exact_near_empty_and_one_word(tmp_path):
    a, x, y = article(1), article(2), article(3)
    near = replace_block(a, 100, 10)  # J ~ 0.84
    corpus = {
        "a": [a, x],
        "b": ["  " + a.upper() + "\n", near, y, "", "hello"],
        "c": ["Hello!", "   \n", "!!!", "?!?", "!!!"],
    }
    d = run(tmp_path, corpus)
    assert d["a"] == {}
    assert d["b"][key(1, 0)] == Duplicate(key(0, 0), 1.0, "exact")
    dup = d["b"][key(1, 1)]
    assert (dup.kept_key, dup.kind) == (key(0, 0), "near")
    assert dup.similarity == pytest.approx(true_jaccard(a, near), abs=1e-4)  # exact verification
    # one-word documents: the same word is the same single shingle (near, J = 1); empty never removed
    # punctuation-only texts are their own single shingle: "!!!" twice is a duplicate, "?!?" is not
    assert d["c"] == {key(2, 0): Duplicate(key(1, 4), 1.0, "near"), key(2, 4): Duplicate(key(2, 2), 1.0, "exact")}
    assert key(1, 3) not in d["b"] and key(2, 1) not in d["c"]


def test_just_under_the_threshold_is_kept_when_verified(tmp_path):
    a = article(10)
    under = replace_block(a, 50, 70)  # J ~ 0.6
    over = replace_block(a, 200, 15, tag="o")  # J ~ 0.8
    assert 0.55 < true_jaccard(a, under) < 0.7 < true_jaccard(a, over)
    corpus = {"s": [a, under, over]}
    verified = run(tmp_path / "v", corpus, DedupConfig(**SURE))["s"]
    assert list(verified) == [key(0, 2)] and verified[key(0, 2)].kept_key == key(0, 0)
    unverified = run(tmp_path / "u", corpus, DedupConfig(**SURE, verify=False))["s"]
    assert set(unverified) == {key(0, 1), key(0, 2)}  # datatrove's rule removes the 0.6 one too
    estimated = run(tmp_path / "e", corpus, DedupConfig(**SURE, verify="estimate"))["s"]
    assert set(estimated) == {key(0, 2)}


def test_chains_are_verified_against_the_kept_document(tmp_path):
    a = article(20)
    b = replace_block(a, 20, 29, tag="b")  # J(a, b) ~ 0.8
    c = replace_block(b, 200, 29, tag="c")  # J(b, c) ~ 0.8, J(a, c) ~ 0.63
    assert true_jaccard(a, c) < 0.7 <= min(true_jaccard(a, b), true_jaccard(b, c))
    d = run(tmp_path / "v", {"s": [a, b, c]}, DedupConfig(**SURE))["s"]
    # b goes (like a); c is kept: it is not like the kept a, and b is gone
    assert set(d) == {key(0, 1)}
    d = run(tmp_path / "u", {"s": [a, b, c]}, DedupConfig(**SURE, verify="none"))["s"]
    assert {k: v.kept_key for k, v in d.items()} == {key(0, 1): key(0, 0), key(0, 2): key(0, 0)}


def test_smallest_key_is_kept_whatever_the_shard_order(tmp_path):
    a = article(30)
    corpus = {"p2": [replace_block(a, 10, 5)], "p1": [a], "p0": [replace_block(a, 200, 5)]}
    d = run(tmp_path, corpus, order=["p2", "p1", "p0"])
    assert d["p0"] == {}  # p0 sorts first: its document has the smallest key and is kept
    assert d["p1"][key(1, 0)].kept_key == key(0, 0) and d["p2"][key(2, 0)].kept_key == key(0, 0)


def test_languages_with_and_without_spaces(tmp_path):
    kana = [chr(c) for c in range(0x3041, 0x3097)] + [chr(c) for c in range(0x4E00, 0x4E00 + 300)]
    ja = article(40, 400, kana, sep="")
    ja_near = replace_block(ja, 100, 8, tag="", sep="")[:-3] + "です。"
    de = article(41, 300, [f"wört{i}" for i in range(3000)])
    ru = article(42, 300, [f"слово{i}" for i in range(3000)])
    th = article(43, 400, [chr(c) for c in range(0x0E01, 0x0E2F)], sep="")
    corpus = {
        "a": [ja, de, ru, th],
        "b": [ja_near, replace_block(de, 50, 5, tag="änderung"), ru.replace("слово1 ", "СЛОВО1  "), article(44, 400, kana, sep="")],
    }
    assert true_jaccard(ja, ja_near) > 0.8
    d = run(tmp_path, corpus)["b"]
    assert {k: v.kept_key for k, v in d.items()} == {key(1, 0): key(0, 0), key(1, 1): key(0, 1), key(1, 2): key(0, 2)}
    assert d[key(1, 2)].kind == "exact"


def test_modes(tmp_path):
    a = article(50)
    corpus = {"s": [a, a.replace(" ", "  "), replace_block(a, 100, 5)]}
    exact = run(tmp_path / "e", corpus, DedupConfig(mode="exact"))["s"]
    assert exact == {key(0, 1): Duplicate(key(0, 0), 1.0, "exact")}
    minhash = run(tmp_path / "m", corpus, DedupConfig(mode="minhash"))["s"]
    both = run(tmp_path / "b", corpus, DedupConfig(mode="both"))["s"]
    assert minhash == both and set(minhash) == {key(0, 1), key(0, 2)}


def test_index_is_picklable_and_checks_its_config(tmp_path):
    idx = DedupIndex(tmp_path, DedupConfig())
    again = pickle.loads(pickle.dumps(idx))
    assert again.workdir == idx.workdir and again.cfg == idx.cfg
    DedupIndex(tmp_path, DedupConfig(memory_budget_mb=512))  # speed only: same results, allowed
    with pytest.raises(ResumeError, match="use a new work directory"):
        DedupIndex(tmp_path, DedupConfig(threshold=0.8))


def test_misuse_is_reported(tmp_path):
    idx = DedupIndex(tmp_path, DedupConfig())
    w = idx.shard_writer("s")
    w.add(5, "text")
    with pytest.raises(ValueError, match="keys must increase"):
        w.add(5, "text")
    w.close()
    with pytest.raises(ThresherError, match="before resolve"):
        idx.decisions("s")
    idx.resolve()
    with pytest.raises(ThresherError, match="'nope' was not written"):
        idx.decisions("nope")


def test_a_rewritten_shard_replaces_the_old_one_and_resolve_reruns(tmp_path):
    a = article(60)
    idx = DedupIndex(tmp_path, DedupConfig())
    for name, texts in (("x", [a]), ("y", [article(61)])):
        with idx.shard_writer(name) as w:
            for row, t in enumerate(texts):
                w.add(key(ord(name), row), t)
    idx.resolve()
    assert idx.decisions("y") == {}
    with idx.shard_writer("y") as w:  # pass 1 of shard y rerun, now with a copy of a
        w.add(key(ord("y"), 0), a)
    idx.resolve()  # the shards changed: resolve starts over
    assert idx.decisions("y") == {key(ord("y"), 0): Duplicate(key(ord("x"), 0), 1.0, "exact")}
    assert idx.shards() == ["x", "y"]


def test_a_failed_writer_leaves_nothing(tmp_path):
    idx = DedupIndex(tmp_path, DedupConfig())
    with pytest.raises(RuntimeError), idx.shard_writer("s") as w:
        w.add(0, "some text")
        raise RuntimeError("reader crashed")
    assert idx.shards() == []


def test_resolve_removes_what_a_killed_writer_left(tmp_path):
    idx = DedupIndex(tmp_path, DedupConfig())
    killed = idx.shard_writer("s")  # killed mid-shard: no close(), no abort()
    killed.add(0, article(70))
    killed._flush()
    assert killed.tmp.is_dir() and killed.tmp.name.startswith(".tmp-")
    with idx.shard_writer("s") as w:  # the rerun of that shard
        w.add(0, article(70))
        w.add(1, article(70))
    (tmp_path / "resolve").mkdir()
    half = tmp_path / "resolve" / ".tmp-edges-band-000.bin-123-abcd"  # a resolve killed mid-write
    half.write_bytes(b"\0" * 16)
    idx.resolve()
    assert not killed.tmp.exists() and not half.exists()
    assert [p.name for p in (tmp_path / "shards").iterdir()] == ["s-s"]
    assert idx.decisions("s") == {1: Duplicate(0, 1.0, "exact")}


def test_sample_file_is_the_saved_concatenation(tmp_path):
    from thresher.dedup.store import _save_concatenated

    arrays = [np.arange(n, dtype=np.uint32) * 7 + n for n in (0, 5, 3000, 1)]
    _save_concatenated(tmp_path / "a.npy", arrays, sum(a.size for a in arrays))
    np.save(tmp_path / "b.npy", np.concatenate(arrays))
    assert (tmp_path / "a.npy").read_bytes() == (tmp_path / "b.npy").read_bytes()
