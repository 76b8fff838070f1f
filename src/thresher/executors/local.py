"""Local executor: shards run in worker processes on this machine (or in-process with one worker)."""

from __future__ import annotations

from collections.abc import Callable

from ..config import Config
from ..io.files import Shard
from ..pipeline import Pipeline, RunDir

_worker: dict = {}  # this worker process's pipeline and progress counter, set by _init


def _init(config: Config, counter) -> None:
    _worker["pipeline"] = Pipeline(config)
    _worker["counter"] = counter


def _bump(n: int) -> None:
    with _worker["counter"].get_lock():
        _worker["counter"].value += n


def _run(args: tuple[Shard, RunDir, str]) -> str:
    shard, out, phase = args
    _worker["pipeline"].run_shard(shard, out, phase, progress=_bump)
    return shard.name


def map_shards(config: Config, shards: list[Shard], out: RunDir, workers: int, phase: str = "final",
               progress: Callable[[int, int], None] | None = None, pipeline: Pipeline | None = None) -> None:
    """Run one pass over ``shards``; ``progress(docs, shards_done)`` is called as work advances.

    With one worker, or one shard, the pass runs in this process, on ``pipeline`` when given (the
    run's own, which then carries documents from pass to pass: ``Pipeline(hold_bytes=...)``).
    """
    if workers <= 1 or len(shards) <= 1:
        pipeline = pipeline or Pipeline(config)
        for shard in shards:
            pipeline.run_shard(shard, out, phase, progress=(lambda n: progress(n, 0)) if progress else None)
            if progress:
                progress(0, 1)
        return
    import multiprocessing as mp  # only for more than one worker

    ctx = mp.get_context("fork")
    counter = ctx.Value("q", 0)
    seen = 0
    with ctx.Pool(min(workers, len(shards)), initializer=_init, initargs=(config, counter)) as pool:
        results = pool.imap_unordered(_run, [(s, out, phase) for s in shards], chunksize=1)
        while True:
            try:
                results.next(timeout=0.25)
                done = 1
            except mp.TimeoutError:
                done = 0
            except StopIteration:
                break
            value = counter.value
            if progress:
                progress(value - seen, done)
            seen = value
    if progress and counter.value > seen:
        progress(counter.value - seen, 0)
