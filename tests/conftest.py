"""Shared fixtures: the canonical seed and the dev pages (skipped with a reason when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_49eb4525e4a1980a.txt"
DEV = SHARED / "data" / "dev"


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the canonical seed document is not here ({SEED})")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def dev_pages() -> list[Path]:
    if not DEV.is_dir():
        pytest.skip(f"the dev pages are not here ({DEV})")
    return sorted(p for p in DEV.iterdir() if (p / "gold.txt").exists())


def line_span(text: str, first: int, last: int) -> tuple[int, int]:
    """Input offsets [start, end) of 1-based lines first..last (end excludes the last newline)."""
    lines = text.split("\n")
    start = sum(len(x) + 1 for x in lines[: first - 1])
    end = start + sum(len(x) + 1 for x in lines[first - 1 : last]) - 1
    return start, end


def remainder(doc) -> str:
    """The input without its removed spans, after checking each span is non-empty, inside the
    input, and clear of the others."""
    kept, pos = [], 0
    for r in sorted(doc.removed, key=lambda r: r.start):
        assert pos <= r.start < r.end <= len(doc.input), (r, doc.removed)
        kept.append(doc.input[pos:r.start])
        pos = r.end
    kept.append(doc.input[pos:])
    return "".join(kept)
