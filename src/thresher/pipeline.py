"""The pipeline: reader -> rules -> filters -> writers, and ``Pipeline.run_shard``, the one loop.

Executors (local processes, Ray) only decide where shards run; they all call :meth:`run_shard`.

>>> p = Pipeline()
>>> doc = p.process(p.document_from_text("404\\nPage not found\\n"))
>>> doc.dropped
'fetch_error'
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import orjson

from .config import Config
from .document import Document
from .io.files import Shard
from .io.readers import Malformed, ReaderOptions, Record, read_shard
from .io.writers import ShardWriter, doc_row, output_name
from .stats import Stats
from .step import CorpusStep, Step


@dataclass(frozen=True)
class RunDir:
    """The layout of an output directory."""

    root: Path

    @property
    def kept(self) -> Path:
        return self.root / "kept"

    @property
    def dropped(self) -> Path:
        return self.root / "dropped"

    @property
    def meta(self) -> Path:
        return self.root / ".thresher"

    def done_marker(self, phase: str, shard: str) -> Path:
        return self.meta / "done" / phase / f"{shard}.json"

    def state(self, step: str) -> Path:
        return self.meta / "state" / step


class Pipeline:
    """Reader + steps + writers for one configuration."""

    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self.steps: list[Step] = self.config.build_steps()
        self.reader_options = ReaderOptions(**self.config.input)
        self._loaded: set[int] = set()

    # -- one document ---------------------------------------------------------------------------
    def document_from_text(self, text: str, id: str = "doc", metadata: dict | None = None) -> Document:
        return Document(id, text, dict(metadata or {}))

    def document(self, rec: Record) -> Document:
        """A Document from a reader's record (HTML is extracted first when the input is HTML)."""
        if rec.html is not None:
            from .io import web

            return web.document_from_html(rec, self.config)
        return Document(rec.id, rec.text, rec.metadata)

    def process(self, doc: Document, stats: Stats | None = None, steps: list[Step] | None = None) -> Document:
        """Run every step (or the given ones) on ``doc``; a document left with no text is dropped as ``empty``."""
        for step in self.steps if steps is None else steps:
            step(doc)
            if doc.dropped is not None:
                break
        if doc.dropped is None and not doc.text.strip():
            doc.drop("empty", "empty input" if not doc.input.strip() else "no text left after cleaning")
        if stats is not None:
            _count(doc, stats)
        return doc

    # -- corpus passes -----------------------------------------------------------------------
    @property
    def corpus_steps(self) -> list[CorpusStep]:
        return [s for s in self.steps if isinstance(s, CorpusStep) and getattr(s, "enabled", True)]

    def phases(self) -> list[str]:
        """The passes a run makes over the shards: one observe pass per corpus step, then 'final'."""
        return [f"observe:{s.name}" for s in self.corpus_steps] + ["final"]

    def fit(self, phase: str, out: RunDir, shard_names: list[str]) -> None:
        """After an observe pass over every shard: merge the shards' state (in the driver)."""
        step = self._corpus_step(phase)
        step.fit(out.state(step.name), shard_names)

    def _corpus_step(self, phase: str) -> CorpusStep:
        name = phase.split(":", 1)[1]
        return next(s for s in self.corpus_steps if s.name == name)

    def _load_fitted(self, upto: int, out: RunDir) -> None:
        """Load the fitted state of the corpus steps before position ``upto`` (once per process)."""
        active = self.corpus_steps
        for step in self.steps[:upto]:
            if any(step is a for a in active) and id(step) not in self._loaded:
                step.load(out.state(step.name))
                self._loaded.add(id(step))

    # -- one shard: the one loop ----------------------------------------------------------------
    def run_shard(self, shard: Shard, out: RunDir, phase: str = "final",
                  progress: Callable[[int], None] | None = None) -> Stats:
        """Run one pass over one shard; write its done-marker (with its stats) last.

        In an ``observe:<step>`` pass the documents go through the steps before that corpus step
        and into its observer; in the ``final`` pass through every step and into the writers.
        """
        stats = Stats()
        final = phase == "final"
        upto = len(self.steps) if final else self.steps.index(self._corpus_step(phase))
        self._load_fitted(upto, out)
        steps = self.steps[:upto]
        if final:
            ocfg = self.config.output
            kept = ShardWriter(out.kept, shard.name, ocfg["format"], ocfg["compression"])
            dropped = (ShardWriter(out.dropped, shard.name, ocfg["format"], ocfg["compression"])
                       if ocfg["write_dropped"] else _Discard())
            sinks = (kept, dropped)
        else:
            observer = self._corpus_step(phase).observer(out.state(phase.split(":", 1)[1]), shard.name)
        pending = 0
        try:
            for row, rec in enumerate(read_shard(shard, self.reader_options)):
                if isinstance(rec, Malformed):
                    if final:
                        report(f"{rec.loc}: {rec.error}")
                        for key in ("malformed", "docs_in", "docs_dropped", "dropped.malformed"):
                            stats.count(key)
                        dropped.write({"id": rec.loc, "text": rec.raw,
                                       "metadata": {"dropped": "malformed", "drop_detail": rec.error}})
                    continue
                doc = self.document(rec)
                doc.key = (shard.index << 32) | row
                doc.metadata.setdefault("file", rec.file)
                self.process(doc, stats if final else None, steps)
                if final:
                    (kept if doc.dropped is None else dropped).write(doc_row(doc))
                elif doc.dropped is None:
                    observer.observe(doc)
                pending += 1
                if progress is not None and pending >= 64:
                    progress(pending)
                    pending = 0
            for step in self.steps:
                if final:
                    stats += step.stats
                step.stats = Stats()
            if final:
                kept.close()
                dropped.close()
            else:
                observer.close()
        except BaseException:
            if final:
                for w in sinks:
                    w.abort()
            raise
        if progress is not None and pending:
            progress(pending)
        marker = out.done_marker(phase.replace(":", "-"), shard.name)
        marker.parent.mkdir(parents=True, exist_ok=True)
        tmp = marker.with_suffix(".tmp")
        tmp.write_bytes(stats.to_json())
        tmp.replace(marker)
        return stats

    def output_files(self, shard: Shard, out: RunDir) -> list[Path]:
        name = output_name(shard.name, self.config.output["format"], self.config.output["compression"])
        return [out.kept / name, out.dropped / name]


class _Discard:
    """Stands in for the dropped-rows writer when ``[output] write_dropped = false``."""

    def write(self, row: dict) -> None:
        pass

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


def _count(doc: Document, stats: Stats) -> None:
    """Per-document counters and histograms."""
    stats.count("docs_in")
    stats.count("chars_in", len(doc.input))
    if doc.dropped is None:
        stats.count("docs_kept")
        stats.count("chars_out", len(doc.text))
        words = doc.metadata.get("words", 0)
        stats.count(f"hist.words.{_bucket(words)}")
    else:
        stats.count("docs_dropped")
        stats.count(f"dropped.{doc.dropped}")
    frac = doc.removed_chars / len(doc.input) if doc.input else 0.0
    stats.count(f"hist.removed_fraction.{min(9, int(frac * 10)) / 10:.1f}")


def _bucket(n: int) -> str:
    """Power-of-two histogram bucket label: 0, 1, 2-3, 4-7, ..."""
    if n <= 0:
        return "0"
    lo = 1 << int(math.log2(n))
    return f"{lo:07d}-{2 * lo - 1}"


def report(message: str) -> None:
    """A warning about the input that does not stop the run (malformed records)."""
    print(f"thresher: warning: {message}", file=sys.stderr, flush=True)


def load_stats(out: RunDir, shards: list[Shard]) -> Stats:
    """Sum the stats of finished shards from their done-markers."""
    total = Stats()
    for s in shards:
        m = out.done_marker("final", s.name)
        if m.exists():
            total += Stats.from_json(m.read_bytes())
    return total


def manifest(config: Config, fingerprint: list) -> bytes:
    return orjson.dumps({"config": config.fingerprint(), "inputs": fingerprint}, option=orjson.OPT_SORT_KEYS)
