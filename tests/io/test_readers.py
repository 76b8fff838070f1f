"""Readers: every format, compression, byte-range shards and malformed records reported in place."""

from __future__ import annotations

import gzip

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from thresher.io.files import Shard, Unit, make_shards, split_ext
from thresher.io.readers import Malformed, ReaderOptions, Record, read_shard


def read(path, rel=None, **kw):
    return list(read_shard(Shard(0, "s", (Unit(str(path), rel or path.name, **kw),)), ReaderOptions()))


def test_split_ext():
    assert split_ext("a/b.jsonl.zst") == (".jsonl", "zstd")
    assert split_ext("x.txt.gz") == (".txt", "gzip")
    assert split_ext("README") == ("", None)


def test_jsonl_fields_metadata_and_malformed_lines(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'{"id": 7, "text": "hello", "url": "https://x.org/a", "metadata": {"k": 1}}\n'
                  b"\n"
                  b"{broken\n"
                  b'["not", "an", "object"]\n'
                  b'{"id": "n", "text": 5}\n'
                  b'{"text": "caf\xe9 latin-1 byte"}\n')
    recs = read(p)
    assert isinstance(recs[0], Record) and recs[0].id == "7" and recs[0].text == "hello"
    assert recs[0].metadata == {"k": 1, "url": "https://x.org/a"}
    assert [r.loc for r in recs if isinstance(r, Malformed)] == ["a.jsonl:3", "a.jsonl:4", "a.jsonl:5"]
    assert "invalid JSON" in recs[1].error and "expected a JSON object" in recs[2].error
    assert "not a string" in recs[3].error
    assert recs[4].text == "caf\ufffd latin-1 byte" and recs[4].id == "a.jsonl:6"


def test_custom_fields(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text('{"doc_id": "q", "body": "text here"}\n')
    (rec,) = list(read_shard(Shard(0, "s", (Unit(str(p), "a.jsonl"),)), ReaderOptions(text_field="body", id_field="doc_id")))
    assert (rec.id, rec.text) == ("q", "text here")


def test_gzip_and_zstd_are_transparent(tmp_path):
    line = orjson.dumps({"id": "z", "text": "compressed"}) + b"\n"
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(line * 2))
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(line * 3))
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(b"plain text file"))
    assert len(read(tmp_path / "a.jsonl.gz")) == 2
    assert [r.text for r in read(tmp_path / "b.jsonl.zst")] == ["compressed"] * 3
    assert read(tmp_path / "c.txt.gz")[0].text == "plain text file"


def test_truncated_gzip_keeps_good_records_and_reports(tmp_path):
    data = gzip.compress(b"".join(orjson.dumps({"id": str(i), "text": "x" * 50}) + b"\n" for i in range(200)))
    p = tmp_path / "t.jsonl.gz"
    p.write_bytes(data[: len(data) // 2])
    recs = read(p)
    good = [r for r in recs if isinstance(r, Record)]
    assert good and good[0].id == "0"
    assert isinstance(recs[-1], Malformed) and "cannot read further" in recs[-1].error


def test_text_files_decode_and_count_bad_bytes(tmp_path):
    p = tmp_path / "doc.txt"
    p.write_bytes("Zürich ist schön. ".encode() * 20 + b"\xff\xfe broken")
    (rec,) = read(p)
    assert rec.text.startswith("Zürich") and rec.metadata["invalid_sequences"] == 2
    q = tmp_path / "latin.txt"
    q.write_bytes("Le café était très agréable, près de la fenêtre où l'été brillait.".encode("cp1252"))
    (rec,) = read(q)
    assert "café était très" in rec.text and rec.metadata["encoding_source"] == "detected"


def test_parquet_rows(tmp_path):
    p = tmp_path / "a.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["one", "two"], "metadata": ['{"x": 1}', "{}"]}), p)
    recs = read(p)
    assert [(r.id, r.text) for r in recs] == [("a", "one"), ("b", "two")]
    assert recs[0].metadata == {"x": 1}


def test_byte_ranges_split_on_line_boundaries(tmp_path):
    p = tmp_path / "big.jsonl"
    p.write_bytes(b"".join(orjson.dumps({"id": str(i), "text": "w " * (i % 17)}) + b"\n" for i in range(3000)))
    size = p.stat().st_size
    cuts = [0, size // 3, size // 3 + 1, 2 * size // 3, size]
    ids = []
    for a, b in zip(cuts, cuts[1:]):
        ids += [r.id for r in read(p, start=a, end=b)]
    assert ids == [str(i) for i in range(3000)]


def test_shards_group_small_files_and_split_big_ones(tmp_path):
    for i in range(5):
        (tmp_path / f"d{i}.txt").write_text("x")
    big = tmp_path / "z.jsonl"
    big.write_bytes(b'{"text": "abc"}\n' * 200_000)
    shards = make_shards([str(tmp_path)], shard_files=2, shard_mb=1)
    assert [len(s.units) for s in shards[:3]] == [2, 2, 1]
    assert all(s.fmt == "jsonl" for s in shards[3:]) and len(shards) == 3 + 4
    assert [s.name for s in shards] == [f"part-{i:05d}" for i in range(7)]
