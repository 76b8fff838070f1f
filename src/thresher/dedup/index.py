"""The dedup engine's interface: a work directory, a writer per shard, one resolve, decisions per shard.

All state lives in files under the work directory, so the index is a plain picklable value: pass
it to worker processes (or Ray tasks), run ``shard_writer`` there, then ``resolve`` once.

>>> import tempfile
>>> from pathlib import Path
>>> idx = DedupIndex(Path(tempfile.mkdtemp()), DedupConfig())
>>> for shard, texts in [("a", ["Breaking: the river rose two metres overnight in the town."]),
...                      ("b", ["BREAKING:  the river rose two metres overnight in the town.", "Other news."])]:
...     w = idx.shard_writer(shard)
...     for row, text in enumerate(texts):
...         w.add((ord(shard) << 32) | row, text)
...     w.close()
>>> _ = idx.resolve()
>>> idx.decisions("b") == {ord("b") << 32: Duplicate(ord("a") << 32, 1.0, "exact")}
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..errors import ResumeError, ThresherError
from ..stats import Stats
from .config import DedupConfig
from .resolve import KINDS, RESOLVE, resolve
from .store import ShardWriter, atomic_write_bytes, list_shards, shard_dir


class Duplicate(NamedTuple):
    """Why a document was removed: the key of the document kept in its place, and how similar."""

    kept_key: int
    similarity: float
    kind: str  # "exact" (same normalised text) or "near"


class DedupIndex:
    """Exact and MinHash-LSH deduplication over a sharded corpus, out of core.

    Rule: in every cluster the document with the smallest key (the first in input order) is kept;
    a later one is removed when it is at least ``cfg.threshold`` similar to a kept document of its
    cluster, and records that document's key and the similarity (see ``resolve.py``).
    """

    def __init__(self, workdir: Path, cfg: DedupConfig | None = None):
        self.workdir = Path(workdir)
        self.cfg = cfg or DedupConfig()
        self.workdir.mkdir(parents=True, exist_ok=True)
        path = self.workdir / "config.json"
        mine = json.dumps(self.cfg.to_dict(), sort_keys=True)
        if path.is_file():
            theirs = path.read_text()
            if theirs != mine:
                raise ResumeError(
                    f"dedup work directory {self.workdir} was made with {theirs}, not {mine}: "
                    "use a new work directory, or delete this one to start over"
                )
        else:
            atomic_write_bytes(path, mine.encode())

    def __repr__(self) -> str:
        return f"DedupIndex({str(self.workdir)!r}, {self.cfg!r})"

    def shard_writer(self, shard_name: str) -> ShardWriter:
        """Pass 1 for one input shard (any process): ``add(key, text)`` in row order, then ``close()``."""
        return ShardWriter(self.workdir, shard_name, self.cfg)

    def resolve(self) -> Stats:
        """Pass 2, after every shard writer closed: merge, cluster, verify, write the decisions."""
        return resolve(self.workdir, self.cfg)

    def shards(self) -> list[str]:
        """Names of the shards written so far."""
        return sorted(m["name"] for m in list_shards(self.workdir).values())

    def decisions(self, shard_name: str) -> dict[int, Duplicate]:
        """The removed documents of one shard: key -> Duplicate. Documents not listed are kept."""
        rdir = self.workdir / RESOLVE
        if not (rdir / "DONE").is_file():
            raise ThresherError(f"dedup decisions asked for before resolve() finished in {self.workdir}: call resolve()")
        path = rdir / "decisions" / f"{shard_dir(self.workdir, shard_name).name}.npy"
        if not path.is_file():
            known = ", ".join(self.shards()[:5])
            raise ThresherError(
                f"dedup shard {shard_name!r} was not written before resolve() (shards: {known}...): "
                "write every shard, then resolve again"
            )
        dec = np.load(path)
        return {
            int(k): Duplicate(int(kk), round(float(s), 4), KINDS[int(t)])
            for k, kk, s, t in zip(dec["key"], dec["kept"], dec["sim"], dec["kind"])
        }
