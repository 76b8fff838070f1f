"""Counters that add up across shards and runs, saved as JSON.

>>> a = Stats(); a.count("docs_in"); a.count("chars_removed.repetition", 40)
>>> (a + a).counters["chars_removed.repetition"]
80
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson


@dataclass
class Stats:
    """Named integer counters; histograms are counters named ``hist.<name>.<bucket>``."""

    counters: Counter = field(default_factory=Counter)

    def count(self, key: str, n: int = 1) -> None:
        self.counters[key] += n

    def __add__(self, other: Stats) -> Stats:
        c = Counter(self.counters)
        c.update(other.counters)
        return Stats(c)

    def __iadd__(self, other: Stats) -> Stats:
        self.counters.update(other.counters)
        return self

    def __getitem__(self, key: str) -> int:
        return self.counters.get(key, 0)

    def group(self, prefix: str) -> dict[str, int]:
        """Counters under ``prefix.`` with the prefix stripped, sorted by name."""
        p = prefix + "."
        return {k[len(p):]: v for k, v in sorted(self.counters.items()) if k.startswith(p)}

    def to_dict(self) -> dict[str, Any]:
        """The nested view written to stats.json."""
        c = self.counters
        return {
            "documents": {"in": c.get("docs_in", 0), "kept": c.get("docs_kept", 0), "dropped": c.get("docs_dropped", 0)},
            "dropped_by_reason": self.group("dropped"),
            "chars": {"in": c.get("chars_in", 0), "out": c.get("chars_out", 0)},
            "chars_removed_by_rule": self.group("chars_removed"),
            "docs_changed_by_rule": self.group("docs_changed"),
            "malformed_records": c.get("malformed", 0),
            "counters": dict(sorted(c.items())),
        }

    def to_json(self) -> bytes:
        return orjson.dumps(self.to_dict(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"

    @classmethod
    def from_json(cls, data: bytes) -> Stats:
        return cls(Counter(orjson.loads(data)["counters"]))
