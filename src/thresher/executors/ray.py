"""Ray executor: the same shards and the same ``Pipeline.run_shard`` as the local executor, as Ray tasks.

Ray tasks rather than Ray Data: a thresher shard is already the unit of work (a file or a byte
range) whose output file, name and done-marker are fixed by the input, so one task per shard gives
the same bytes as the local executor, and resume works unchanged; Ray Data's blocks would re-split
and reorder rows. What is shipped to the workers: the ``Config`` (a small dataclass), the shard
descriptions (paths and byte ranges) and the output directory path. Workers read the inputs and
write the outputs themselves, so on a multi-machine cluster INPUT and OUTDIR must be on a shared
filesystem (NFS, a mounted bucket) visible at the same path on every node.
"""

from __future__ import annotations

from collections.abc import Callable

from ..config import Config
from ..errors import MissingDependencyError
from ..io.files import Shard
from ..pipeline import Pipeline, RunDir

try:
    import ray
except ImportError as e:  # the one boundary where the optional dependency is checked
    raise MissingDependencyError("ray", "ray", "--executor ray") from e


_pipelines: dict[str, Pipeline] = {}  # per Ray worker process: the pipeline of each config it has run


def _run_shards(config: Config, shards: list[Shard], out: RunDir, phase: str) -> int:
    """One Ray task: its shards in order through this worker's pipeline; returns documents seen.

    Ray reuses worker processes between tasks, so each process builds a config's pipeline (and
    loads its models) once, as the local executor's workers do.
    """
    key = config.fingerprint()
    if key not in _pipelines:
        _pipelines.clear()
        _pipelines[key] = Pipeline(config)
    pipeline = _pipelines[key]
    docs = 0

    def count(n: int) -> None:
        nonlocal docs
        docs += n

    for shard in shards:
        pipeline.run_shard(shard, out, phase, progress=count)
    return docs


def map_shards(config: Config, shards: list[Shard], out: RunDir, workers: int, phase: str = "final",
               progress: Callable[[int, int], None] | None = None, address: str | None = None) -> None:
    """Run one pass over ``shards`` as Ray tasks (at most ``workers`` at a time)."""
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=workers, log_to_driver=False, include_dashboard=False)
    task = ray.remote(num_cpus=1)(_run_shards)
    # shards go out in small batches so the pipeline (and its models) is built once per batch
    batch = max(1, min(8, len(shards) // (4 * max(1, workers)) or 1))
    pending = [task.remote(config, shards[i:i + batch], out, phase) for i in range(0, len(shards), batch)]
    sizes = {ref: len(shards[i:i + batch]) for ref, i in zip(pending, range(0, len(shards), batch))}
    while pending:
        done, pending = ray.wait(pending, num_returns=1)
        for ref in done:
            docs = ray.get(ref)  # re-raises a task's error here, with its traceback
            if progress:
                progress(docs, sizes[ref])
