"""The pipeline: reader -> rules -> filters -> writers, and ``Pipeline.run_shard``, the one loop.

Executors (local processes, Ray) only decide where shards run; they all call :meth:`run_shard`.

>>> p = Pipeline()
>>> doc = p.process(p.document_from_text("404\\nPage not found\\n"))
>>> doc.dropped
'fetch_error'
"""

from __future__ import annotations

import io
import math
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import zstandard

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
        """The file whose presence says a pass finished a shard (it holds the shard's stats)."""
        return self.meta / "done" / phase.replace(":", "-") / f"{shard}.json"

    def fitted_marker(self, phase: str) -> Path:
        """The file whose presence says a corpus step's state was merged after its pass."""
        return self.meta / "done" / f"fit-{phase.replace(':', '-')}"

    def state(self, step: str) -> Path:
        return self.meta / "state" / step

    def spill(self, phase: str, shard: str) -> Path:
        """Where a pass leaves one shard's documents for the next pass."""
        return self.meta / "spill" / phase.replace(":", "-") / output_name(shard, "jsonl", "zstd")


class Pipeline:
    """Reader + steps + writers for one configuration."""

    # a shard is read in batches of at most this many documents and (past the first) this many
    # characters, each batch run step by step (:meth:`process_batch`): 256 documents measured
    # fastest over the steps alone on 2,000 generated ones (a whole run is flat within noise from
    # 64 to 1,024), and the character bound keeps a batch of huge pages to a few MB of text
    batch_docs: int = 256
    batch_chars: int = 4_000_000

    def __init__(self, config: Config | None = None, hold_bytes: int = 0):
        """``hold_bytes``: when this one pipeline runs every pass of a run (one worker), documents
        whose texts take up to this many bytes pass from one pass to the next in memory instead of
        through the spill file (:meth:`run_shard`); 0 spills them all."""
        self.config = config or Config()
        self.steps: list[Step] = self.config.build_steps()
        self.reader_options = ReaderOptions(**self.config.input)
        self._loaded: set[tuple[int, str]] = set()
        self.hold_bytes = hold_bytes
        self._held: dict[Path, tuple[list, int]] = {}  # spill path -> the documents it would hold, their bytes
        self._held_bytes = 0

    # -- one document ---------------------------------------------------------------------------
    def document_from_text(self, text: str, id: str = "doc", metadata: dict | None = None) -> Document:
        return Document(id, text, dict(metadata or {}))

    def document(self, rec: Record) -> Document:
        """A Document from a reader's record (HTML is extracted first when the input is HTML)."""
        if rec.html is not None:
            from .io import web

            return web.document_from_html(rec, self.config)
        return Document(rec.id, rec.text, rec.metadata)

    def process(self, doc: Document, stats: Stats | None = None, steps: list[Step] | None = None,
                last: bool = True) -> Document:
        """Run every step (or the given ones) on ``doc``; at the end of the chain (``last``), a
        document left with no text is dropped as ``empty``."""
        return self.process_batch([doc], stats, steps, last)[0]

    def process_batch(self, docs: list[Document], stats: Stats | None = None, steps: list[Step] | None = None,
                      last: bool = True) -> list[Document]:
        """:meth:`process` on each of ``docs``, step by step across the batch instead of document by
        document: every document meets the same steps in the same order, so the result is the same,
        but one step's tables, compiled patterns and automata stay in the CPU caches while it reads
        the whole batch (15-30% faster than one document at a time; ``bench/throughput.py``). A
        dropped document meets no later step."""
        live = docs
        for step in self.steps if steps is None else steps:
            for doc in live:
                step(doc)
            if any(doc.dropped is not None for doc in live):
                live = [doc for doc in live if doc.dropped is None]
        for doc in docs:
            if last and doc.dropped is None and not doc.text.strip():
                doc.drop("empty", "empty input" if not doc.input.strip() else "no text left after cleaning")
            if stats is not None:
                _count(doc, stats)
        return docs

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

    def _phase_upto(self, phase: str) -> int:
        """How many steps have run on a document when ``phase`` has seen it."""
        if phase == "final":
            return len(self.steps)
        return self.steps.index(self._corpus_step(phase))

    def _load_fitted(self, upto: int, out: RunDir) -> None:
        """Load the fitted state of the corpus steps before position ``upto`` (once per process)."""
        active = self.corpus_steps
        for step in self.steps[:upto]:
            # keyed by the state's path: a pipeline reused for another run loads that run's state
            mark = (id(step), str(out.state(step.name)))
            if any(step is a for a in active) and mark not in self._loaded:
                step.load(out.state(step.name))
                self._loaded.add(mark)

    # -- one shard: the one loop ----------------------------------------------------------------
    def run_shard(self, shard: Shard, out: RunDir, phase: str = "final",
                  progress: Callable[[int], None] | None = None) -> Stats:
        """Run one pass over one shard; write its done-marker (with its stats) last.

        The first pass reads the input; in an ``observe:<step>`` pass the documents go through the
        steps before that corpus step, into its observer, and into a spill file that the next pass
        reads instead of cleaning again; the ``final`` pass runs the remaining steps and writes
        the output.  Within ``hold_bytes`` the documents stay in memory for the next pass instead of
        going through the spill (a run that stops in between cleans them again from the input on
        resume, as for a lost spill).
        """
        stats = Stats()
        phases = self.phases()
        k = phases.index(phase)
        final = phase == "final"
        start = prior = self._phase_upto(phases[k - 1]) if k else 0  # steps run (and counted) by earlier passes
        upto = self._phase_upto(phase)
        self._load_fitted(upto, out)
        spilled = out.spill(phases[k - 1], shard.name) if k else None
        held, held_bytes = self._held.pop(spilled, (None, 0)) if spilled is not None else (None, 0)
        if held is not None:
            self._held_bytes -= held_bytes
        elif spilled is not None and not spilled.exists():
            start = 0  # the spill is gone (its shard finished once, then lost its output): clean again
        steps = self.steps[start:upto]
        source = iter(held) if held is not None else _read_spill(spilled) if start else self._read(shard)
        if final:
            ocfg = self.config.output
            kept = ShardWriter(out.kept, shard.name, ocfg["format"], ocfg["compression"])
            dropped = (ShardWriter(out.dropped, shard.name, ocfg["format"], ocfg["compression"])
                       if ocfg["write_dropped"] else _Discard())
            sinks: list = [kept, dropped]
        else:
            observer = self._corpus_step(phase).observer(out.state(phase.split(":", 1)[1]), shard.name)
            handover = _Handover(self, out, phase, shard.name)
            sinks = [handover]
        pending = 0
        try:
            for batch in _batches(source, self.batch_docs, self.batch_chars):
                docs = [d for d in batch if not isinstance(d, Malformed)]
                self.process_batch(docs, stats if final else None, steps, last=final)
                if final:
                    for doc in batch:
                        if isinstance(doc, Malformed):
                            report(f"{doc.loc}: {doc.error}")
                            for key in ("malformed", "docs_in", "docs_dropped", "dropped.malformed"):
                                stats.count(key)
                            dropped.write({"id": doc.loc, "text": doc.raw,
                                           "metadata": {"dropped": "malformed", "drop_detail": doc.error}})
                        else:
                            (kept if doc.dropped is None else dropped).write(doc_row(doc))
                else:
                    for doc in docs:
                        if doc.dropped is None:
                            observer.observe(doc)
                    handover.add(batch)
                pending += len(docs)
                if progress is not None and pending >= 64:
                    progress(pending)
                    pending = 0
            for i, step in enumerate(self.steps):
                if i >= prior:  # steps an earlier pass ran were counted by that pass
                    stats += step.stats
                step.stats = Stats()
            if not final:
                observer.close()
            for w in sinks:
                w.close()
        except BaseException:
            for w in sinks:
                w.abort()
            raise
        if progress is not None and pending:
            progress(pending)
        marker = out.done_marker(phase, shard.name)
        marker.parent.mkdir(parents=True, exist_ok=True)
        tmp = marker.with_suffix(".tmp")
        tmp.write_bytes(stats.to_json())
        tmp.replace(marker)
        if final:  # the spills of this shard are not needed any more
            for p in phases[:-1]:
                out.spill(p, shard.name).unlink(missing_ok=True)
        return stats

    def _read(self, shard: Shard) -> Iterator[Document | Malformed]:
        """The shard's records as documents, keyed by their position in the corpus."""
        for row, rec in enumerate(read_shard(shard, self.reader_options)):
            if isinstance(rec, Malformed):
                yield rec
                continue
            doc = self.document(rec)
            doc.key = (shard.index << 32) | row
            doc.metadata.setdefault("file", rec.file)
            yield doc


class _Handover:
    """Where an observe pass leaves one shard's documents (and malformed records) for the next
    pass: in memory while they fit in what is left of the pipeline's ``hold_bytes``, else, from
    the first batch that does not fit, in the spill file (level 1: read once, soon)."""

    def __init__(self, pipeline: Pipeline, out: RunDir, phase: str, shard: str):
        self.pipeline, self.shard = pipeline, shard
        self.path = out.spill(phase, shard)
        self.held: list | None = [] if pipeline.hold_bytes > pipeline._held_bytes else None
        self.bytes = 0
        self.writer: ShardWriter | None = None

    def add(self, batch: list) -> None:
        if self.held is not None:
            self.bytes += sum(map(_held_size, batch))
            if self.pipeline._held_bytes + self.bytes <= self.pipeline.hold_bytes:
                for item in batch:
                    if isinstance(item, Document):
                        item._lines = None  # split again when next asked for: one copy of the text less
                self.held += batch
                return
            batch, self.held = self.held + batch, None  # too much to hold: spill them all
        writer = self._writer()
        for item in batch:
            writer.write(_state(item))

    def _writer(self) -> ShardWriter:
        if self.writer is None:
            self.writer = ShardWriter(self.path.parent, self.shard, "jsonl", "zstd", level=1)
        return self.writer

    def close(self) -> None:
        if self.held is not None:
            self.pipeline._held[self.path] = (self.held, self.bytes)
            self.pipeline._held_bytes += self.bytes
        else:
            self._writer().close()  # (an empty shard leaves an empty spill)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()


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


def load_stats(out: RunDir, shards: list[Shard], phases: list[str]) -> Stats:
    """Sum the stats of finished shards from the done-markers of every pass."""
    total = Stats()
    for phase in phases:
        for s in shards:
            m = out.done_marker(phase, s.name)
            if m.exists():
                total += Stats.from_json(m.read_bytes())
    return total


def _batches(source: Iterator, max_items: int, max_chars: int) -> Iterator[list]:
    """``source``'s documents and malformed records in order, in lists of at most ``max_items``
    items holding at most ``max_chars`` characters of input (a larger item alone)."""
    batch: list = []
    chars = 0
    for item in source:
        size = _size(item)
        if batch and (len(batch) >= max_items or chars + size > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += size
    if batch:
        yield batch


def _size(item: Document | Malformed) -> int:
    """Characters of input a document or a malformed record holds (what a batch counts)."""
    return len(item.input) if isinstance(item, Document) else len(item.raw)


def _held_size(item: Document | Malformed) -> int:
    """Bytes a held document's input and text take (most of what holding it costs), or a malformed
    record's raw text."""
    if isinstance(item, Document):
        return sys.getsizeof(item.input) + sys.getsizeof(item.text)
    return sys.getsizeof(item.raw)


def _state(item: Document | Malformed) -> dict:
    """A spill row: a document's state, or a malformed record (:func:`_read_spill` reads both)."""
    if isinstance(item, Malformed):
        return {"malformed": [item.loc, item.raw, item.error]}
    return item.to_state()


def _read_spill(path: Path) -> Iterator[Document | Malformed]:
    with open(path, "rb") as raw:
        reader = io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw))
        for line in reader:
            d = orjson.loads(line)
            if "malformed" in d:
                yield Malformed(*d["malformed"])
            else:
                yield Document.from_state(d)
