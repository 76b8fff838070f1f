"""Finding input files, opening them through gzip/zstd, and cutting them into shards.

A shard is a unit of work whose name derives from the input alone (never from a worker), so the
output file names and bytes do not depend on how many workers run or in which order.
"""

from __future__ import annotations

import gzip
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import zstandard

from ..errors import InputError

COMPRESSED = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}
JSONL_EXT = {".jsonl", ".ndjson", ".json"}
PARQUET_EXT = {".parquet"}
HTML_EXT = {".html", ".htm", ".xhtml"}
WARC_EXT = {".warc", ".wet", ".arc"}


def split_ext(path: str | Path) -> tuple[str, str | None]:
    """(format extension, compression) of a file name: 'a.jsonl.zst' -> ('.jsonl', 'zstd')."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    comp = COMPRESSED.get(suffixes[-1]) if suffixes else None
    if comp:
        suffixes = suffixes[:-1]
    return (suffixes[-1] if suffixes else ""), comp


def file_format(path: str | Path) -> str:
    """Which reader takes a file: 'jsonl', 'parquet', 'html', 'warc' or 'text'."""
    ext, _ = split_ext(path)
    if ext in JSONL_EXT:
        return "jsonl"
    if ext in PARQUET_EXT:
        return "parquet"
    if ext in HTML_EXT:
        return "html"
    if ext in WARC_EXT:
        return "warc"
    return "text"


def open_binary(path: str | Path) -> BinaryIO:
    """Open a file for reading, decompressing gzip or zstd by its extension."""
    _, comp = split_ext(path)
    raw = open(path, "rb")
    if comp == "gzip":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if comp == "zstd":
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw, closefd=True))  # type: ignore[return-value]
    return raw


@dataclass(frozen=True)
class Unit:
    """One input file, or a byte range [start, end) of an uncompressed line-oriented file."""

    path: str
    rel: str  # path relative to the input root, used for ids and messages
    start: int = 0
    end: int | None = None


@dataclass(frozen=True)
class Shard:
    """A named list of units processed as one, in order."""

    index: int
    name: str
    units: tuple[Unit, ...] = field(default_factory=tuple)
    fmt: str = "text"


def discover(inputs: list[str]) -> list[tuple[Path, str]]:
    """Every input file as (path, path relative to its input root), sorted; a missing path raises."""
    found: list[tuple[Path, str]] = []
    for item in inputs:
        p = Path(item)
        if not p.exists():
            raise InputError(f"input not found: {item}")
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts))
            found.extend((f, f.relative_to(p).as_posix()) for f in files)
        elif p.is_file():
            found.append((p, p.name))
        else:
            raise InputError(f"input is not a regular file or directory: {item}")
        if not os.access(p, os.R_OK):
            raise InputError(f"input not readable: {item}")
    if not found:
        raise InputError(f"no input files found in: {' '.join(inputs)}")
    return found


def make_shards(inputs: list[str], shard_files: int = 1000, shard_mb: int = 256) -> list[Shard]:
    """Cut the inputs into shards: small one-document files grouped, large line files split by bytes."""
    shards: list[Shard] = []
    group: list[Unit] = []
    limit = shard_mb * 1024 * 1024

    def flush() -> None:
        if group:
            shards.append(Shard(len(shards), f"part-{len(shards):05d}", tuple(group), file_format(group[0].path)))
            group.clear()

    for path, rel in discover(inputs):
        fmt = file_format(path)
        if fmt in ("text", "html"):
            if group and file_format(group[0].path) != fmt:
                flush()
            group.append(Unit(str(path), rel))
            if len(group) >= shard_files:
                flush()
            continue
        flush()
        size = path.stat().st_size
        _, comp = split_ext(path)
        if fmt == "jsonl" and comp is None and size > limit:
            for start in range(0, size, limit):
                shards.append(Shard(len(shards), f"part-{len(shards):05d}", (Unit(str(path), rel, start, min(size, start + limit)),), fmt))
        else:
            shards.append(Shard(len(shards), f"part-{len(shards):05d}", (Unit(str(path), rel),), fmt))
    flush()
    return shards


def input_fingerprint(shards: list[Shard]) -> list[list]:
    """What a resumed run must find unchanged: each unit's path, range, size and mtime."""
    out = []
    for s in shards:
        for u in s.units:
            st = os.stat(u.path)
            out.append([s.name, u.path, u.start, u.end, st.st_size, int(st.st_mtime)])
    return out
