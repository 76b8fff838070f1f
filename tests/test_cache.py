"""The per-user array cache: derive once, memory-map after, survive damage and unwritable places."""

from __future__ import annotations

import os

import numpy as np
import pytest

from thresher import _cache


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("THRESHER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _builder(calls: list):
    def build():
        calls.append(1)
        return {"table": np.arange(12, dtype=np.uint32).reshape(3, 4), "labels": np.array(["en", "fr", "de"])}
    return build


def test_second_call_maps_what_the_first_built(cache):
    calls: list = []
    first = _cache.cached_arrays("model-1", _builder(calls))
    second = _cache.cached_arrays("model-1", _builder(calls))
    assert len(calls) == 1
    mapped = second["table"]
    assert type(mapped) is np.ndarray and isinstance(mapped.base, np.memmap) and not mapped.flags.writeable
    np.testing.assert_array_equal(first["table"], second["table"])
    assert second["labels"].tolist() == ["en", "fr", "de"]
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no temporary directory left


def test_a_new_key_builds_again(cache):
    calls: list = []
    _cache.cached_arrays("model-1", _builder(calls))
    _cache.cached_arrays("model-2", _builder(calls))
    assert len(calls) == 2


def test_a_damaged_entry_is_built_again(cache):
    calls: list = []
    _cache.cached_arrays("model-1", _builder(calls))
    entry = next(cache.glob("model-1-v*"))
    (entry / "table.npy").write_bytes(b"not an array")
    again = _cache.cached_arrays("model-1", _builder(calls))
    assert len(calls) == 2
    assert again["table"].tolist() == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    assert _cache.cached_arrays("model-1", _builder(calls))["table"].shape == (3, 4) and len(calls) == 2


def test_an_unwritable_cache_still_returns_the_arrays(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("THRESHER_CACHE_DIR", str(blocker / "cache"))
    calls: list = []
    got = _cache.cached_arrays("model-1", _builder(calls))
    assert got["table"].sum() == 66
    _cache.cached_arrays("model-1", _builder(calls))
    assert len(calls) == 2  # nothing could be stored, so it is built each time


def test_cache_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("THRESHER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _cache.cache_dir() == tmp_path / "thresher"


def test_langid_from_the_cache_is_py3langid(cache):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from thresher.clean import _langid

    ref = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    built, mapped = _langid.load(), _langid.load()  # the first fills the cache, the second maps it
    assert isinstance(mapped.nb_ptc.base, np.memmap)
    for text in ("The council met on Tuesday to discuss the budget.", "Le conseil s'est réuni mardi.",
                 "Der Rat tagte am Dienstag.", "議会は火曜日に予算を審議した。", "12345"):
        assert built.classify(text) == mapped.classify(text) == ref.classify(text)


def test_a_new_entry_keeps_the_newest_other_of_its_family_only(cache):
    calls: list = []
    v = _cache.FORMAT
    _cache.cached_arrays("model-0.1-abc", _builder(calls), family="model")
    _cache.cached_arrays("other-1", _builder(calls), family="other")
    _cache.cached_arrays("model-0.2-abc", _builder(calls), family="model")
    assert sorted(p.name for p in cache.iterdir()) == [f"model-0.1-abc-v{v}", f"model-0.2-abc-v{v}", f"other-1-v{v}"]
    os.utime(cache / f"model-0.1-abc-v{v}", ns=(1, 1))  # written long before 0.2
    _cache.cached_arrays("model-0.3-abc", _builder(calls), family="model")
    assert sorted(p.name for p in cache.iterdir()) == [f"model-0.2-abc-v{v}", f"model-0.3-abc-v{v}", f"other-1-v{v}"]
    assert len(calls) == 4
    for key in ("model-0.2-abc", "model-0.3-abc", "model-0.2-abc"):  # two versions in turn: no derivation
        assert _cache.cached_arrays(key, _builder(calls), family="model")["table"].shape == (3, 4)
    assert len(calls) == 4
