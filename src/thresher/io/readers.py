"""Readers: turn one shard's units into records, reporting malformed ones instead of stopping.

Each reader yields :class:`Record` (a document to clean) or :class:`Malformed` (a record that
could not be read: its location, the raw bytes and the error), in input order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..clean.decode import decode_bytes
from .files import Shard, Unit, file_format, open_binary


@dataclass
class Record:
    """A document as read: id, text (or bytes to decode), metadata, and where it came from."""

    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    loc: str = ""
    html: bytes | str | None = None  # raw HTML for the HTML extractor, when the input is HTML
    file: str = ""  # the input file, relative to its root (a fallback "source" for per-source passes)


@dataclass
class Malformed:
    """A record that could not be read; kept so that nothing is lost."""

    loc: str
    raw: str
    error: str


class ReaderOptions:
    """Field names and similar per-run reader settings (from the [input] config section)."""

    def __init__(self, text_field: str = "text", id_field: str = "id", html_field: str = "html", **_: Any):
        self.text_field = text_field
        self.id_field = id_field
        self.html_field = html_field


def read_shard(shard: Shard, opts: ReaderOptions) -> Iterator[Record | Malformed]:
    """Every record of the shard's units, in order."""
    for unit in shard.units:
        fmt = file_format(unit.path)
        if fmt == "jsonl":
            yield from read_jsonl(unit, opts)
        elif fmt == "parquet":
            yield from read_parquet(unit, opts)
        elif fmt in ("html", "warc"):
            from . import web

            yield from web.read(unit, fmt, opts)
        else:
            yield read_text(unit)


def read_text(unit: Unit) -> Record | Malformed:
    """A whole file as one document; id = its path relative to the input root."""
    try:
        with open_binary(unit.path) as f:
            data = f.read()
    except (OSError, EOFError) as e:
        return Malformed(unit.rel, "", f"cannot read: {e}")
    text, enc = decode_bytes(data)
    rel = unit.rel
    return Record(rel, text, {"file": rel, **enc}, rel, file=rel)


def _lines(unit: Unit) -> Iterator[tuple[int, int, bytes]]:
    """(line number or -1, byte offset, line) of a line-oriented unit, honouring its byte range."""
    with open_binary(unit.path) as f:
        offset = 0
        lineno = 0
        if unit.start:
            f.seek(unit.start - 1)
            # a range starts at the first line that begins inside it
            skipped = f.readline()
            offset = unit.start - 1 + len(skipped)
            lineno = -1
        for line in f:
            if unit.end is not None and offset >= unit.end:
                break
            yield (lineno + 1 if lineno >= 0 else -1), offset, line
            offset += len(line)
            if lineno >= 0:
                lineno += 1


def read_jsonl(unit: Unit, opts: ReaderOptions) -> Iterator[Record | Malformed]:
    """One JSON object a line; blank lines skipped; bad lines reported with file and line."""
    try:
        for lineno, offset, line in _lines(unit):
            loc = f"{unit.rel}:{lineno}" if lineno > 0 else f"{unit.rel}@{offset}"
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as e:
                # orjson rejects invalid UTF-8; retry with replacement before calling the line bad
                try:
                    obj = orjson.loads(line.decode("utf-8", errors="replace"))
                except orjson.JSONDecodeError:
                    yield Malformed(loc, line.decode("utf-8", errors="replace").rstrip("\n"), f"invalid JSON: {e}")
                    continue
            rec = _record(obj, loc, opts, f"{unit.rel}:{lineno}" if lineno > 0 else f"{unit.rel}@{offset}")
            rec.file = unit.rel
            yield rec
    except (OSError, EOFError, ValueError) as e:  # truncated gzip/zstd stream
        yield Malformed(unit.rel, "", f"cannot read further: {e}")


def _record(obj: Any, loc: str, opts: ReaderOptions, default_id: str) -> Record | Malformed:
    """A JSON object -> Record: text and id fields by name; other fields into metadata."""
    if not isinstance(obj, dict):
        return Malformed(loc, orjson.dumps(obj).decode(), f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get(opts.text_field)
    html = obj.get(opts.html_field)
    if text is None and html is None:
        return Malformed(loc, orjson.dumps(obj).decode(), f"no {opts.text_field!r} field")
    if text is not None and not isinstance(text, str):
        return Malformed(loc, orjson.dumps(obj).decode(), f"field {opts.text_field!r} is {type(text).__name__}, not a string")
    rid = obj.get(opts.id_field)
    rid = default_id if rid is None else str(rid)
    md = dict(obj.get("metadata") or {}) if isinstance(obj.get("metadata"), dict) else {}
    for k, v in obj.items():
        if k not in (opts.text_field, opts.id_field, opts.html_field, "metadata"):
            md.setdefault(k, v)
    return Record(rid, text or "", md, loc, html=html if text is None else None)


def read_parquet(unit: Unit, opts: ReaderOptions) -> Iterator[Record | Malformed]:
    """Rows of a Parquet file, streamed by record batch."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(unit.path)
    except Exception as e:  # pyarrow raises several types for a damaged file
        yield Malformed(unit.rel, "", f"not a readable Parquet file: {e}")
        return
    row = 0
    for batch in pf.iter_batches(batch_size=1024):
        for obj in batch.to_pylist():
            row += 1
            md = obj.get("metadata")
            if isinstance(md, str):
                try:
                    obj["metadata"] = orjson.loads(md)
                except orjson.JSONDecodeError:
                    obj["metadata"] = {"metadata": md}
            rec = _record(obj, f"{unit.rel}:row {row}", opts, f"{unit.rel}:{row}")
            rec.file = unit.rel
            yield rec
