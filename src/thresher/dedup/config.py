"""Dedup settings, and choosing LSH bands × rows for a target Jaccard threshold.

>>> cfg = DedupConfig()                       # threshold 0.7, exact verification, 20 bands x 6 rows
>>> (cfg.bands, cfg.rows, cfg.num_perm)
(20, 6, 120)
>>> DedupConfig(bands=14, rows=8, verify=False).verify   # FineWeb's setting, no verification
'none'
>>> plan(0.8)
(14, 9)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..errors import ConfigError

MODES = ("exact", "minhash", "both")
VERIFY = ("exact", "estimate", "none")

# Largest signature plan() considers: 128 hashes is the common MinHash size (datatrove's 14 x 8 = 112,
# text-dedup's default 256 is twice the hashing time for a sharper curve that verification makes
# unnecessary).
MAX_PERM = 128
# Weight of a missed pair against a candidate pair below the threshold when choosing bands x rows.
# Without verification every candidate is removed, so both errors cost the same (0.5, as in
# text-dedup's optimal_param); with verification a false candidate only costs a comparison, so a
# missed duplicate weighs 0.9 (measured in bench/dedup.py: 0.7-0.8 recall 0.97 instead of 0.76).
FN_WEIGHT_VERIFIED = 0.9
FN_WEIGHT_UNVERIFIED = 0.5


@dataclass(frozen=True)
class DedupConfig:
    """How documents are judged duplicates. Every process of one run must use the same config.

    >>> DedupConfig(mode="exact").mode
    'exact'
    """

    # "exact": same normalised text only; "minhash": near duplicates (which include exact ones, J = 1);
    # "both": minhash plus the exact-hash groups joined before clustering (same survivors as "minhash",
    # exact duplicates found even where a band hash would not be compared, e.g. after a config change).
    mode: str = "minhash"
    # 5-word shingles: FineWeb (Penedo et al. 2024, sec. 3.3) and datatrove MinhashConfig.n_grams.
    # Space-less scripts (Japanese, Chinese, Thai, ...) shingle 5 characters instead.
    ngram: int = 5
    # None: chosen by plan(threshold). FineWeb uses 14 x 8 (P(candidate | J=0.7) = 0.56); the default
    # plan(0.7) = 20 x 6 gives 0.92 at J = 0.7 and 0.998 at 0.8, and verification removes the extra
    # candidates below the threshold.
    bands: int | None = None
    rows: int | None = None
    # A removed document is at least this Jaccard-similar to the one kept (when verify != "none").
    # 0.7: the precision target of issue 4; FineWeb's 14 x 8 has its effective threshold near 0.72.
    threshold: float | None = 0.7
    # "exact": Jaccard of the shingle sets (exact up to verify_sample shingles, bottom-k estimate
    # above); "estimate": agreement of the MinHash signatures (std ~0.04 at J = 0.7 with 120
    # hashes); "none": every document linked through the LSH bands is removed (datatrove's way).
    verify: str | bool = "exact"
    # shingles kept per document for exact verification: documents up to this many shingles are
    # compared exactly, longer ones by a bottom-k estimate with standard error ~sqrt(J(1-J)/k) ~ 0.01
    verify_sample: int = 2048
    # bounds each process (a shard writer, resolve); N parallel writers use up to N x this
    memory_budget_mb: int = 2048
    seed: int = 1
    _planned: bool = field(default=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ConfigError(f"dedup mode {self.mode!r} is not one of {', '.join(MODES)}: set mode to one of them")
        verify = {True: "exact", False: "none", None: "none"}.get(self.verify, self.verify)  # type: ignore[arg-type]
        if verify not in VERIFY:
            raise ConfigError(f"dedup verify {self.verify!r} is not one of {', '.join(VERIFY)} (or True/False)")
        object.__setattr__(self, "verify", verify)
        threshold = 0.7 if self.threshold is None else float(self.threshold)
        if not 0.0 < threshold <= 1.0:
            raise ConfigError(f"dedup threshold {self.threshold!r} must be a Jaccard similarity in (0, 1], e.g. 0.7")
        object.__setattr__(self, "threshold", threshold)
        if (self.bands is None) != (self.rows is None):
            raise ConfigError(
                f"dedup bands={self.bands!r}, rows={self.rows!r}: give both (e.g. bands=14, rows=8) "
                "or neither, to have them chosen from the threshold"
            )
        if self.bands is None:
            b, r = plan(threshold, verified=verify != "none")
            object.__setattr__(self, "bands", b)
            object.__setattr__(self, "rows", r)
            object.__setattr__(self, "_planned", True)
        for name in ("ngram", "bands", "rows", "verify_sample", "memory_budget_mb"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ConfigError(f"dedup {name} {value!r} must be a positive integer")
        if self.memory_budget_mb < 64:
            raise ConfigError(f"dedup memory_budget_mb {self.memory_budget_mb} is too small: give at least 64")

    @property
    def num_perm(self) -> int:
        """Hashes per signature: bands × rows."""
        return self.bands * self.rows  # type: ignore[operator]

    def to_dict(self) -> dict:
        """The settings that decide the result (saved in the work directory)."""
        d = asdict(self)
        d.pop("_planned")
        d.pop("memory_budget_mb")  # changes speed, not the result
        return d


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """P(two documents of this Jaccard similarity share at least one band): 1 - (1 - s^r)^b."""
    return 1.0 - (1.0 - similarity**rows) ** bands


def _integral(f, a: float, b: float, steps: int = 200) -> float:
    """Trapezoid integral of ``f`` over [a, b]."""
    if b <= a:
        return 0.0
    h = (b - a) / steps
    return h * (0.5 * f(a) + 0.5 * f(b) + sum(f(a + i * h) for i in range(1, steps)))


def plan(threshold: float, verified: bool = True, max_perm: int = MAX_PERM) -> tuple[int, int]:
    """Bands × rows for a Jaccard ``threshold``, minimising weighted false positives and negatives.

    The false-positive area is the integral of P(candidate) below the threshold, the false-negative
    area that of 1 - P(candidate) above it (as text-dedup's ``optimal_param``); ``verified`` weighs
    a missed pair 0.9 instead of 0.5, because verification drops candidates below the threshold.
    """
    if not 0.0 < threshold <= 1.0:
        raise ConfigError(f"threshold {threshold!r} must be a Jaccard similarity in (0, 1], e.g. 0.8")
    w = FN_WEIGHT_VERIFIED if verified else FN_WEIGHT_UNVERIFIED
    best: tuple[float, int, int] | None = None
    for rows in range(1, max_perm + 1):
        for bands in range(1, max_perm // rows + 1):
            fp = _integral(lambda s, b=bands, r=rows: candidate_probability(s, b, r), 0.0, threshold, 50)
            fn = _integral(lambda s, b=bands, r=rows: 1.0 - candidate_probability(s, b, r), threshold, 1.0, 50)
            cost = (1 - w) * fp + w * fn
            if best is None or cost < best[0] - 1e-12:
                best = (cost, bands, rows)
    assert best is not None
    return best[1], best[2]


def s_curve(bands: int, rows: int, step: float = 0.05) -> list[tuple[float, float]]:
    """Rows ``(similarity, P(candidate))`` from 0 to 1 in ``step`` increments."""
    n = round(1 / step)
    return [(i / n, candidate_probability(i / n, bands, rows)) for i in range(n + 1)]


def plan_report(threshold: float, verified: bool = True, step: float = 0.05) -> str:
    """The text ``thresher dedup-plan --threshold T`` prints: the chosen plan and its S-curve."""
    bands, rows = plan(threshold, verified)
    lines = [
        f"Jaccard threshold {threshold:g}: {bands} bands x {rows} rows = {bands * rows} hashes"
        + f" ({'verified' if verified else 'unverified'}; FineWeb uses 14 x 8)",
        f"  threshold where P(candidate) = 1/2: {(1 - 0.5 ** (1 / bands)) ** (1 / rows):.3f}",
        "  similarity  P(candidate)  FineWeb 14x8",
    ]
    for s, p in s_curve(bands, rows, step):
        bar = "#" * round(p * 30)
        lines.append(f"  {s:10.2f}  {p:12.3f}  {candidate_probability(s, 14, 8):12.3f}  {bar}")
    return "\n".join(lines)


def resolved_budget_bytes(cfg: DedupConfig) -> int:
    """The memory budget in bytes."""
    return int(cfg.memory_budget_mb) * 1024 * 1024


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


__all__ = ["DedupConfig", "candidate_probability", "plan", "plan_report", "s_curve"]
