"""Writers: one output file per shard and kind (kept/dropped), written to a temporary name and
renamed when complete, so a crashed run never leaves a half-written file under its final name.

Rows follow the datatrove/dolma convention: ``{"id", "text", "metadata"}``.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

import orjson
import zstandard

from ..document import Document

SUFFIX = {"none": "", "gzip": ".gz", "zstd": ".zst"}


def doc_row(doc: Document) -> dict[str, Any]:
    """The output row of a document: metadata gains ``removed`` spans and, when dropped, the reason."""
    md = dict(doc.metadata)
    md["removed"] = [r.to_json() for r in doc.removed]
    if doc.dropped is not None:
        md["dropped"] = doc.dropped
        md["drop_detail"] = doc.drop_detail
    # a document dropped after cleaning removed everything keeps its input text: nothing is lost
    text = doc.text if (doc.text or doc.dropped is None) else doc.input
    return {"id": doc.id, "text": text, "metadata": md}


def output_name(shard_name: str, fmt: str, compression: str) -> str:
    if fmt == "parquet":
        return f"{shard_name}.parquet"
    return f"{shard_name}.jsonl{SUFFIX[compression]}"


class ShardWriter:
    """Writes rows of one shard to ``OUTDIR/<kind>/<shard>.<ext>`` atomically."""

    def __init__(self, directory: Path, shard_name: str, fmt: str = "jsonl", compression: str = "zstd",
                 level: int = 3):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / output_name(shard_name, fmt, compression)
        self.tmp = self.path.with_name(self.path.name + ".tmp")
        self.fmt = fmt
        self.rows = 0
        self._batch: list[dict[str, Any]] = []
        self._pq = None
        if fmt == "jsonl":
            raw = open(self.tmp, "wb")
            if compression == "gzip":
                # mtime=0 and no file name: the same rows give the same bytes
                self._fh = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
                self._raw = raw
            elif compression == "zstd":
                self._fh = zstandard.ZstdCompressor(level=level).stream_writer(raw, closefd=False)
                self._raw = raw
            else:
                self._fh, self._raw = raw, None

    def write(self, row: dict[str, Any]) -> None:
        self.rows += 1
        if self.fmt == "jsonl":
            self._fh.write(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE))
        else:
            self._batch.append(row)
            if len(self._batch) >= 2048:
                self._flush_parquet()

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([("id", pa.string()), ("text", pa.string()), ("metadata", pa.string())])
        if self._pq is None:
            self._pq = pq.ParquetWriter(self.tmp, schema, compression="zstd")
        cols = {
            "id": [r["id"] for r in self._batch],
            "text": [r["text"] for r in self._batch],
            # metadata differs between rows (and rules): stored as a JSON string so the schema is stable
            "metadata": [orjson.dumps(r["metadata"], option=orjson.OPT_SORT_KEYS).decode() for r in self._batch],
        }
        self._pq.write_table(pa.table(cols, schema=schema))
        self._batch.clear()

    def close(self) -> Path:
        """Finish the file and move it to its final name."""
        if self.fmt == "jsonl":
            self._fh.close()
            if self._raw is not None:
                self._raw.close()
        else:
            if self._batch or self._pq is None:
                self._flush_parquet()
            self._pq.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        """Close and delete the temporary file (after an error)."""
        try:
            if self.fmt == "jsonl":
                self._fh.close()
                if self._raw is not None:
                    self._raw.close()
            elif self._pq is not None:
                self._pq.close()
        finally:
            self.tmp.unlink(missing_ok=True)
