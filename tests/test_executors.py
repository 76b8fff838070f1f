"""Executors: the Ray executor gives the local executor's output, byte for byte."""

from __future__ import annotations

import pytest

from thresher.config import Config
from thresher.runner import run

from .test_pipeline import digest, make_corpus


def test_ray_and_local_executors_write_identical_bytes(tmp_path):
    ray = pytest.importorskip("ray", reason="the [ray] extra is not installed")
    src = make_corpus(tmp_path)
    run([str(src)], tmp_path / "local", Config(), workers=2, show_progress=False)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        run([str(src)], tmp_path / "ray", Config(), workers=2, executor="ray", show_progress=False)
    finally:
        ray.shutdown()
    assert digest(tmp_path / "local") == digest(tmp_path / "ray")
    assert (tmp_path / "ray" / "stats.json").read_bytes() == (tmp_path / "local" / "stats.json").read_bytes()


def test_unknown_executor_is_a_clear_error(tmp_path):
    from thresher.errors import OutputError

    src = make_corpus(tmp_path)
    with pytest.raises(OutputError, match="unknown executor 'spark'; valid: local, ray"):
        run([str(src)], tmp_path / "o", Config(), executor="spark", show_progress=False)


def test_ray_executor_without_ray_says_how_to_install(tmp_path, monkeypatch):
    import sys

    from thresher.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "ray", None)  # as if the [ray] extra were not installed
    monkeypatch.delitem(sys.modules, "thresher.executors.ray", raising=False)
    import thresher.executors

    monkeypatch.delattr(thresher.executors, "ray", raising=False)
    src = make_corpus(tmp_path)
    with pytest.raises(MissingDependencyError) as e:
        run([str(src)], tmp_path / "o", Config(), executor="ray", show_progress=False)
    assert str(e.value) == '--executor ray needs ray: pip install "thresher[ray]"'
