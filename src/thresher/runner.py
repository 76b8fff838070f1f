"""A whole run: shards, resume bookkeeping, the executor, and the summed stats.

An output directory holds ``.thresher/manifest.json`` (config hash and input fingerprint) and a
done-marker per finished shard. Rerunning the same command skips finished shards; a different
config or input is refused (:class:`~thresher.errors.ResumeError`) unless ``overwrite`` is set.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import orjson

from .config import Config
from .errors import MissingDependencyError, OutputError, ResumeError
from .io.files import input_fingerprint, make_shards
from .pipeline import Pipeline, RunDir, load_stats
from .stats import Stats

EXECUTORS = ("local", "ray")
# with one local worker, every pass runs in this process: documents whose input and text take up
# to this many bytes pass from a corpus step's observe pass to the next pass in memory instead of
# through a spill file on disk (a round trip of ~0.1 ms a document); the process grows by about
# twice this (the documents' other parts)
HOLD_BYTES = 64 << 20


def run(inputs: list[str], outdir: str | Path, config: Config, workers: int | None = None,
        executor: str = "local", overwrite: bool = False, show_progress: bool | None = None,
        ray_address: str | None = None) -> Stats:
    """Clean ``inputs`` into ``outdir``; return the run's stats (also written to stats.json)."""
    shards = make_shards(inputs, config.input["shard_files"], config.input["shard_mb"])
    out = RunDir(Path(outdir))
    _prepare(out, config, input_fingerprint(shards), overwrite)
    workers = workers or os.cpu_count() or 1
    if executor not in EXECUTORS:
        raise OutputError(f"unknown executor {executor!r}; valid: {', '.join(EXECUTORS)}")
    if executor == "ray":
        try:
            from .executors import ray as ex
        except ImportError as e:
            raise MissingDependencyError("ray", "ray", "--executor ray") from e
        kwargs = {"address": ray_address}
    else:
        from .executors import local as ex  # type: ignore[no-redef]
        kwargs = {}
    pipeline = Pipeline(config, hold_bytes=HOLD_BYTES if executor == "local" and workers <= 1 else 0)
    if pipeline.hold_bytes:
        kwargs["pipeline"] = pipeline
    for phase in pipeline.phases():
        pending = [s for s in shards if not out.done_marker(phase, s.name).exists()]
        fitted = out.fitted_marker(phase)
        if not pending and (phase == "final" or fitted.exists()):
            continue
        bar = _progress_bar(phase, len(shards), len(shards) - len(pending), show_progress)
        if pending:
            ex.map_shards(config, pending, out, workers, phase=phase, progress=bar.update if bar else None, **kwargs)
        if bar:
            bar.close()
        if phase != "final":
            pipeline.fit(phase, out, [s.name for s in shards])
            fitted.write_bytes(b"")
    stats = load_stats(out, shards, pipeline.phases())
    (out.root / "stats.json").write_bytes(stats.to_json())
    return stats


def _prepare(out: RunDir, config: Config, fingerprint: list, overwrite: bool) -> None:
    """Create the output directory, or check that an existing one belongs to this run."""
    manifest = {"config": config.fingerprint(), "inputs": fingerprint}
    path = out.meta / "manifest.json"
    if out.root.exists() and not out.root.is_dir():
        raise OutputError(f"output path {out.root} exists and is not a directory")
    if out.root.exists() and overwrite:
        for sub in (out.kept, out.dropped, out.meta):
            shutil.rmtree(sub, ignore_errors=True)
        (out.root / "stats.json").unlink(missing_ok=True)
    if path.exists():
        old = orjson.loads(path.read_bytes())
        if old.get("config") != manifest["config"]:
            raise ResumeError(f"{out.root} holds a run made with a different config; use --overwrite to replace it or another -o")
        if old.get("inputs") != manifest["inputs"]:
            raise ResumeError(f"{out.root} holds a run made from different input files; use --overwrite to replace it or another -o")
        return
    if out.root.exists() and any(p.name != ".thresher" for p in out.root.iterdir()):
        raise OutputError(f"output directory {out.root} is not empty and holds no thresher run; choose another -o or --overwrite")
    try:
        out.meta.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(orjson.dumps(manifest, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2))
        tmp.replace(path)
    except OSError as e:
        raise OutputError(f"cannot write to output directory {out.root}: {e.strerror or e}") from None


class _Bar:
    """A tqdm bar counting documents (and documents/s), with shards done and an ETA as its postfix."""

    def __init__(self, phase: str, total_shards: int, done: int):
        import time

        from tqdm import tqdm

        self.total, self.done, self.start_done = total_shards, done, done
        self.clock, self.t0 = time.monotonic, time.monotonic()
        desc = "cleaning" if phase == "final" else phase.replace("observe:", "pass 1: ")
        self.bar = tqdm(desc=desc, unit=" docs", dynamic_ncols=True, file=sys.stderr, smoothing=0.1)
        self._postfix()

    def _postfix(self) -> None:
        text = f"shards {self.done}/{self.total}"
        finished = self.done - self.start_done
        if finished and self.done < self.total:
            eta = (self.clock() - self.t0) / finished * (self.total - self.done)
            text += f", ETA {int(eta // 60)}:{int(eta % 60):02d}"
        self.bar.set_postfix_str(text)

    def update(self, docs: int, shards: int) -> None:
        if docs:
            self.bar.update(docs)
        if shards:
            self.done += shards
            self._postfix()

    def close(self) -> None:
        self.bar.close()


def _progress_bar(phase: str, total: int, done: int, show: bool | None) -> _Bar | None:
    if show is None:
        show = sys.stderr.isatty()
    return _Bar(phase, total, done) if show else None
