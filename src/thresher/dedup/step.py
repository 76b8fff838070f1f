"""The ``dedup`` corpus step: exact and MinHash-LSH duplicates removed after cleaning and filters.

Pass 1 writes each shard's signatures (``DedupIndex.shard_writer``) and the shard's ids; ``fit``
resolves the clusters out of core; pass 2 drops every document the index marks, recording the id
of the document kept in its place (``metadata.duplicate_of``) and the similarity.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from ..document import Document
from ..registry import register
from ..step import CorpusStep, Observer
from .config import DedupConfig

if TYPE_CHECKING:  # the index and the store are imported by a run that removes duplicates, when it starts
    from .index import DedupIndex, Duplicate


def shard_name(key: int) -> str:
    """The shard a document key belongs to (shards are named by their index in the input)."""
    return f"part-{key >> 32:05d}"


class _Writer(Observer):
    """Pass 1 for one shard: signatures through the index's writer, and key -> id for reporting."""

    def __init__(self, index: DedupIndex, state_dir: Path, shard: str):
        self.writer = index.shard_writer(shard)
        self.path = state_dir / "ids" / f"{shard}.json"
        self.ids: list[list] = []

    def observe(self, doc: Document) -> None:
        self.writer.add(doc.key, doc.text)
        self.ids.append([doc.key, doc.id])

    def close(self) -> None:
        from .store import atomic_write_bytes

        self.writer.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.path, orjson.dumps(self.ids))


@register("dedup")
class Dedup(CorpusStep):
    """Drops exact and near duplicates; the first document of each cluster (input order) is kept."""

    kind = "dedup"

    def __init__(self, mode: str = "minhash", ngram: int = 5, bands: int = 0, rows: int = 0,
                 threshold: float = 0.7, verify: str = "exact", memory_budget_mb: int = 2048, seed: int = 1):
        # bands = rows = 0: chosen by dedup.plan(threshold) (see `thresher dedup-plan`)
        super().__init__()
        self.cfg = DedupConfig(mode=mode, ngram=ngram, bands=bands or None, rows=rows or None,
                               threshold=threshold, verify=verify, memory_budget_mb=memory_budget_mb, seed=seed)
        self.index: DedupIndex | None = None
        self._shard: tuple[str, dict[int, Duplicate]] | None = None
        self._ids: dict[str, dict[int, str]] = {}
        self.state_dir: Path | None = None

    def observer(self, state_dir, shard_name: str) -> Observer:
        from .index import DedupIndex

        return _Writer(DedupIndex(Path(state_dir) / "index", self.cfg), Path(state_dir), shard_name)

    def fit(self, state_dir, shard_names: list[str]) -> None:
        from .index import DedupIndex

        DedupIndex(Path(state_dir) / "index", self.cfg).resolve()

    def load(self, state_dir) -> None:
        from .index import DedupIndex

        self.state_dir = Path(state_dir)
        self.index = DedupIndex(self.state_dir / "index", self.cfg)

    def _id_of(self, key: int) -> str:
        """The id of the document with ``key`` (the shard's id list is read once, the last few kept)."""
        name = shard_name(key)
        if name not in self._ids:
            if len(self._ids) > 8:
                self._ids.pop(next(iter(self._ids)))
            pairs = orjson.loads((self.state_dir / "ids" / f"{name}.json").read_bytes())
            self._ids[name] = {k: i for k, i in pairs}
        return self._ids[name][key]

    def __call__(self, doc: Document) -> Document:
        if doc.dropped is not None or self.index is None:
            return doc
        name = shard_name(doc.key)
        if self._shard is None or self._shard[0] != name:
            self._shard = (name, self.index.decisions(name))
        dup = self._shard[1].get(doc.key)
        if dup is not None:
            kept = self._id_of(dup.kept_key)
            doc.metadata["duplicate_of"] = kept
            doc.metadata["duplicate_similarity"] = dup.similarity
            doc.drop("duplicate", f"{dup.kind} duplicate of {kept} (similarity {dup.similarity:.2f})")
            self.stats.count(f"dedup.{dup.kind}")
        return doc
