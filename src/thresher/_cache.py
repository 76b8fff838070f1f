"""A per-user cache of derived arrays, so that every process does not derive them again.

Some read-only tables thresher uses ship compressed: py3langid's model is 4.5 MB of xz that takes
about a second to unpack into 68 MB of arrays, in every process that detects a language.  The
first process stores the unpacked arrays as ``.npy`` files; later ones memory-map them, which takes
milliseconds and lets all the workers of a run share one copy of the pages.

The cache lives in ``$THRESHER_CACHE_DIR``, else ``$XDG_CACHE_HOME/thresher``, else
``~/.cache/thresher``.  An entry is a directory named by its key, written under a temporary name
and renamed into place when complete, so a reader never sees half an entry, and two processes
filling it at once both succeed.  Nothing here is required: an unwritable or damaged cache only
means the arrays are derived again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

FORMAT = 1  # bump when the layout of an entry changes


def cache_dir() -> Path:
    """Where cached entries live (not created here)."""
    env = os.environ.get("THRESHER_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "thresher"


def _read(entry: Path, names: list[str]) -> dict[str, np.ndarray] | None:
    """The entry's arrays, memory-mapped, as plain ndarray views of their maps: ``np.memmap``'s own
    indexing runs Python code on every call (~10 us a document for the language id's gathers), a
    view's does not, and the view keeps the map alive through its ``base``."""
    try:
        return {n: np.load(entry / f"{n}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray) for n in names}
    except (OSError, ValueError):
        return None


def cached_arrays(key: str, build: Callable[[], dict[str, np.ndarray]], family: str | None = None
                  ) -> dict[str, np.ndarray]:
    """The arrays ``build()`` returns, memory-mapped from the cache entry ``key`` when it exists.

    ``key`` must change whenever ``build``'s result would (name the source and its version).
    With ``family`` (a prefix of ``key``), writing a new entry deletes the family's other entries,
    left by other versions, but the newest of them, so the cache does not grow with every upgrade,
    and two versions in use side by side (two checkouts or environments) keep one entry each
    instead of deriving theirs again whenever the other ran last.
    Arrays come back read-only; object arrays are not supported (no pickle is ever loaded).
    """
    entry = cache_dir() / f"{key}-v{FORMAT}"
    manifest = entry / "arrays.txt"
    if manifest.is_file():
        names = manifest.read_text(encoding="utf-8").split()
        found = _read(entry, names)
        if found is not None:
            return found
        shutil.rmtree(entry, ignore_errors=True)  # damaged: derive it again below
    arrays = build()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{entry.name}-", dir=entry.parent))
        try:
            for name, arr in arrays.items():
                np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
            (tmp / "arrays.txt").write_text("\n".join(arrays) + "\n", encoding="utf-8")  # last: marks complete
            os.replace(tmp, entry)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # another process won the race, or the disk is full
        if family:
            others = [old for old in entry.parent.glob(f"{family}-*") if old != entry and old.is_dir()]
            others.sort(key=lambda old: (old.stat().st_mtime_ns, old.name), reverse=True)
            for old in others[1:]:  # a process still mapping one keeps its pages
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass  # no writable cache: the arrays just built serve this process
    return arrays
