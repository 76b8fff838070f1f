"""Exact and near-duplicate removal across the corpus, out of core.

``DedupIndex`` (index.py) is the interface; ``minhash.py`` the pure hashing functions; ``store.py``
pass 1 (one writer per shard); ``resolve.py`` pass 2; ``config.py`` the settings and ``plan``.
"""

from .config import DedupConfig, candidate_probability, plan, plan_report, s_curve
from .index import DedupIndex, Duplicate

__all__ = ["DedupConfig", "DedupIndex", "Duplicate", "candidate_probability", "plan", "plan_report", "s_curve"]
from . import step  # noqa: F401  (registers the "dedup" corpus step)
