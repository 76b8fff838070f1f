"""Pass 1: a writer per input shard turns documents into sorted files under the work directory.

Layout of ``workdir/shards/s-<quoted shard name>/`` (each ``part-NNNNN`` holds documents in input
order, up to a quarter of the memory budget or ``PART_BYTES``, about 4,000 news articles):

    meta.json                       shard name, documents, parts
    part-00000/keys.npy             int64[n]            global keys, ascending
               exact.npy            uint64[n]           xxh3 of the normalised text
               exact_sorted.npy     uint64[2, n]        (exact hash, key) sorted: merged across shards
               sig.npy              uint32[n, P]        MinHash signatures             (near modes)
               bands.npy            uint64[B, 2, n]     per band (band hash, key) sorted   (near modes)
               sample.npy, offsets.npy                  k smallest shingle hashes      (verify="exact")

A shard is written in ``.tmp-*`` and renamed into place on close, so a shard directory is either
complete or absent; a writer rerun for the same shard replaces it.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import uuid
from pathlib import Path
from typing import Self
from urllib.parse import quote

import numpy as np

from .config import DedupConfig
from .minhash import MinHasher, band_hashes, exact_hash, normalize, shingles

SHARDS = "shards"
# A writer's buffer (estimated bytes) is written out as a part at a quarter of the memory budget or
# at this size, whichever is smaller: the writer's memory then does not grow with the shard. One
# 25,000-article shard: peak 85 MB at 32 MB, 69 at 16, 59 at 8 (a 2,500-article shard, one part:
# 60 MB); resolve visits every part for each batch, so smaller parts cost it time.
PART_BYTES = 16 * 1024 * 1024
_BAND_ROWS = 4096  # signatures band-hashed at once when a part is written


def shard_dir(workdir: Path, name: str) -> Path:
    """Directory of a shard's files: names are quoted so any string is a safe file name."""
    return workdir / SHARDS / ("s-" + quote(name, safe=""))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file through a temporary name and rename it into place."""
    tmp = path.with_name(f".tmp-{path.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def atomic_save(path: Path, array: np.ndarray) -> None:
    """np.save through a temporary name and a rename."""
    tmp = path.with_name(f".tmp-{path.stem}-{os.getpid()}-{uuid.uuid4().hex[:8]}.npy")
    np.save(tmp, array)
    os.replace(tmp, path)


def replace_dir(tmp: Path, final: Path) -> None:
    """Move a finished directory into place, replacing an older one of the same name."""
    if final.exists():
        old = final.with_name(f".old-{final.name}-{uuid.uuid4().hex[:8]}")
        os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, final)


def _save_concatenated(path: Path, arrays: list[np.ndarray], n: int) -> None:
    """``np.save(path, np.concatenate(arrays))`` for uint32 arrays, without the concatenated copy
    (as large as the part's whole buffer of shingle samples)."""
    fmt = np.lib.format
    with open(path, "wb") as f:
        fmt.write_array_header_1_0(f, {"descr": fmt.dtype_to_descr(np.dtype(np.uint32)), "fortran_order": False,
                                       "shape": (n,)})
        for a in arrays:
            f.write(np.ascontiguousarray(a, np.uint32).data)


class ShardWriter:
    """Pass 1 for one input shard: ``add(key, text)`` in row order, then ``close()``.

    >>> import tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> with ShardWriter(d, "a.jsonl", DedupConfig()) as w:
    ...     w.add(0, "One document.")
    ...     w.add(1, "Another one.")
    >>> sorted(p.name for p in shard_dir(d, "a.jsonl").iterdir())
    ['meta.json', 'part-00000']
    """

    def __init__(self, workdir: Path, name: str, cfg: DedupConfig):
        self.workdir = Path(workdir)
        self.name = name
        self.cfg = cfg
        self.near = cfg.mode != "exact"
        self.hasher = MinHasher(cfg.num_perm, cfg.seed) if self.near else None
        self.final = shard_dir(self.workdir, name)
        self.tmp = self.final.with_name(f".tmp-{self.final.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        self.tmp.mkdir(parents=True)
        self.limit = min(cfg.memory_budget_mb * 1024 * 1024 // 4, PART_BYTES)
        self.parts = 0
        self.docs = 0
        self.empty = 0
        self.last_key = -1
        self.closed = False
        self._reset()

    def _reset(self) -> None:
        self.keys: list[int] = []
        self.exact: list[int] = []
        self.sigs: list[np.ndarray] = []
        self.samples: list[np.ndarray] = []
        self.buffered = 0

    def add(self, key: int, text: str) -> None:
        """Add one document; keys must increase. Texts empty after normalisation are never duplicates."""
        if key <= self.last_key:
            raise ValueError(f"dedup keys must increase within a shard: {key} after {self.last_key} in {self.name!r}")
        self.last_key = key
        norm = normalize(text)
        if not norm:
            self.empty += 1
            return
        self.keys.append(key)
        self.exact.append(exact_hash(norm))
        self.buffered += 16
        if self.near:
            sh = shingles(norm, self.cfg.ngram)
            self.sigs.append(self.hasher.signature(sh))  # type: ignore[union-attr]
            self.buffered += 4 * self.cfg.num_perm + 48 * self.cfg.bands  # signature, band hashes at flush
            if self.cfg.verify == "exact":
                sample = sh[: self.cfg.verify_sample].copy()
                self.samples.append(sample)
                self.buffered += 4 * sample.size + 100
        if self.buffered >= self.limit:
            self._flush()

    def _flush(self) -> None:
        if not self.keys:
            return
        part = self.tmp / f"part-{self.parts:05d}"
        part.mkdir()
        keys = np.array(self.keys, np.int64)
        exact = np.array(self.exact, np.uint64)
        np.save(part / "keys.npy", keys)
        np.save(part / "exact.npy", exact)
        order = np.lexsort((keys, exact))
        np.save(part / "exact_sorted.npy", np.stack([exact[order], keys[order].astype(np.uint64)]))
        if self.near:
            sig = np.stack(self.sigs)
            self.sigs = []
            np.save(part / "sig.npy", sig)
            bh = np.concatenate([band_hashes(sig[i : i + _BAND_ROWS], self.cfg.bands, self.cfg.rows)  # type: ignore[arg-type]
                                 for i in range(0, len(sig), _BAND_ROWS)])
            del sig
            bands = np.empty((self.cfg.bands, 2, len(keys)), np.uint64)  # type: ignore[arg-type]
            for b in range(self.cfg.bands):  # type: ignore[arg-type]
                order = np.lexsort((keys, bh[:, b]))
                bands[b, 0] = bh[order, b]
                bands[b, 1] = keys[order]
            np.save(part / "bands.npy", bands)
            if self.cfg.verify == "exact":
                sizes = np.array([s.size for s in self.samples], np.int64)
                np.save(part / "offsets.npy", np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64))
                _save_concatenated(part / "sample.npy", self.samples, int(sizes.sum()))
                self.samples = []
        self.docs += len(keys)
        self.parts += 1
        self._reset()

    def close(self) -> None:
        """Write the last part and move the shard's directory into place."""
        if self.closed:
            return
        self._flush()
        # "written" tells resolve() that a rerun of this shard replaced it
        meta = {"name": self.name, "docs": self.docs, "empty": self.empty, "parts": self.parts,
                "written": uuid.uuid4().hex}
        (self.tmp / "meta.json").write_text(json.dumps(meta))
        replace_dir(self.tmp, self.final)
        self.closed = True

    def abort(self) -> None:
        """Throw away what this writer wrote."""
        self.closed = True
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class Part:
    """Read access to one part of a shard, through memory maps (a fresh one per ``load``: pages a
    map touched count in the process's resident memory until it is closed)."""

    def __init__(self, path: Path):
        self.path = path
        self._headers: dict[str, tuple] = {}

    def load(self, name: str) -> np.ndarray:
        """The array of ``<name>.npy``, read-only, mapped; unmapped when the array and its views go.

        The header is parsed once per part and file (``np.load`` parses it at every call, which
        costs more than the read when resolve visits every part for each batch of documents).
        """
        path = self.path / f"{name}.npy"
        head = self._headers.get(name)
        if head is None:
            m = np.load(path, mmap_mode="r")
            if not m.flags.c_contiguous:
                raise RuntimeError(f"dedup: {path} is not in C order (corrupt work directory)")
            head = self._headers[name] = (m.dtype, m.shape, m.offset)
            del m
        dtype, shape, offset = head
        with open(path, "rb") as f:
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return np.frombuffer(mm, dtype, int(np.prod(shape)), offset).reshape(shape)


def list_shards(workdir: Path) -> dict[str, dict]:
    """Finished shards: directory name -> meta (written by close())."""
    root = Path(workdir) / SHARDS
    out: dict[str, dict] = {}
    if not root.is_dir():
        return out
    for d in sorted(root.iterdir()):
        if d.name.startswith("s-") and (d / "meta.json").is_file():
            out[d.name] = json.loads((d / "meta.json").read_text())
    return out


def shard_parts(workdir: Path, dirname: str, meta: dict) -> list[Part]:
    """The parts of one finished shard."""
    base = Path(workdir) / SHARDS / dirname
    return [Part(base / f"part-{i:05d}") for i in range(meta["parts"])]
