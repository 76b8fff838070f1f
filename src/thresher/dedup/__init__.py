"""Exact and near-duplicate removal across the corpus, out of core.

``DedupIndex`` (index.py) is the interface; ``minhash.py`` the pure hashing functions; ``store.py``
pass 1 (one writer per shard); ``resolve.py`` pass 2; ``config.py`` the settings and ``plan``.
The ``dedup`` step (step.py) is registered in :mod:`thresher.registry`; the index and what it needs
are imported on first use, so a run without deduplication does not load them.
"""

from .config import DedupConfig, candidate_probability, plan, plan_report, s_curve

__all__ = ["DedupConfig", "DedupIndex", "Duplicate", "candidate_probability", "plan", "plan_report", "s_curve"]


def __getattr__(name: str):
    if name in ("DedupIndex", "Duplicate"):
        from . import index

        return getattr(index, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
