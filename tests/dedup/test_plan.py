"""DedupConfig validation and defaults, plan() and the S-curve table."""

from __future__ import annotations

import itertools
import pickle

import pytest

from thresher.dedup import DedupConfig, candidate_probability, plan, plan_report, s_curve
from thresher.errors import ConfigError


def test_defaults_come_from_the_plan_for_the_threshold():
    cfg = DedupConfig()
    assert (cfg.threshold, cfg.verify, cfg.ngram) == (0.7, "exact", 5)
    assert (cfg.bands, cfg.rows) == plan(0.7) == (20, 6)
    assert candidate_probability(0.7, cfg.bands, cfg.rows) > 0.9
    assert candidate_probability(0.7, 14, 8) < 0.6  # FineWeb's setting misses ~44% at J = 0.7


def test_explicit_bands_rows_and_bool_verify():
    cfg = DedupConfig(bands=14, rows=8, verify=False, threshold=None)
    assert (cfg.bands, cfg.rows, cfg.num_perm, cfg.verify, cfg.threshold) == (14, 8, 112, "none", 0.7)
    assert DedupConfig(verify=True).verify == "exact"
    assert DedupConfig(threshold=0.8).bands == plan(0.8)[0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "fuzzy"}, "'fuzzy' is not one of exact, minhash, both"),
        ({"verify": "maybe"}, "is not one of exact, estimate, none"),
        ({"threshold": 1.5}, "must be a Jaccard similarity"),
        ({"bands": 14}, "give both"),
        ({"ngram": 0}, "ngram 0 must be a positive integer"),
        ({"memory_budget_mb": 8}, "too small"),
    ],
)
def test_bad_values_are_named(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        DedupConfig(**kwargs)


def test_plan_trades_false_positives_and_negatives():
    b_v, r_v = plan(0.7, verified=True)
    b_u, r_u = plan(0.7, verified=False)
    # verified plans catch more at the threshold; unverified ones take fewer candidates below it
    assert candidate_probability(0.7, b_v, r_v) > candidate_probability(0.7, b_u, r_u)
    assert candidate_probability(0.5, b_v, r_v) > candidate_probability(0.5, b_u, r_u)
    for t in (0.5, 0.8, 0.9):
        b, r = plan(t)
        assert b * r <= 128
    with pytest.raises(ConfigError, match="threshold"):
        plan(0)


def test_s_curve_and_report():
    rows = s_curve(14, 8, 0.1)
    assert rows[0] == (0.0, 0.0) and rows[-1] == (1.0, 1.0) and len(rows) == 11
    assert all(p1 <= p2 for (_, p1), (_, p2) in itertools.pairwise(rows))
    text = plan_report(0.8)
    assert text.startswith("Jaccard threshold 0.8: 14 bands x 9 rows = 126 hashes")
    assert "0.80" in text


def test_config_pickles():
    cfg = DedupConfig(threshold=0.8, seed=5)
    assert pickle.loads(pickle.dumps(cfg)) == cfg
