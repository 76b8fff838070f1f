"""The command line on bad input: clear one-line errors for fatal problems, warnings for records."""

from __future__ import annotations

import gzip
import subprocess
import sys

import orjson
import pytest
import zstandard

from thresher.cli import main

ARTICLE = ("The river rose by two metres overnight, and the council closed the lower bridge before dawn. "
           "Residents of the old quarter were asked to move their cars to higher streets by noon.\n"
           "Engineers said the flood barrier had held, but warned that more rain was expected on Friday.")


def rows(path):
    data = path.read_bytes()
    if path.suffix == ".zst":
        data = zstandard.ZstdDecompressor().stream_reader(data).read()
    elif path.suffix == ".gz":
        data = gzip.decompress(data)
    return [orjson.loads(x) for x in data.splitlines()]


def all_rows(out, kind):
    return [r for p in sorted((out / kind).iterdir()) for r in rows(p)]


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "thresher.cli", *map(str, args)], capture_output=True, text=True)


def test_missing_input_is_one_line_and_exit_2(tmp_path):
    r = run_cli("clean", tmp_path / "nope", "-o", tmp_path / "out")
    assert r.returncode == 2
    assert r.stderr.strip() == f"thresher: error: input not found: {tmp_path / 'nope'}"
    assert "Traceback" not in r.stderr


def test_unwritable_output_is_one_line(tmp_path):
    (tmp_path / "in.txt").write_text(ARTICLE)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run_cli("clean", tmp_path / "in.txt", "-o", blocker / "sub")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("thresher: error: cannot write to output directory") and r.stderr.count("\n") == 1


def test_unknown_config_key_is_one_line(tmp_path):
    (tmp_path / "in.txt").write_text(ARTICLE)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[output]\ncompresion = 'gzip'\n")
    r = run_cli("clean", tmp_path / "in.txt", "-o", tmp_path / "o", "--config", cfg)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert "unknown key 'compresion' in [output]; valid keys: compression, format, write_dropped" in r.stderr


def test_bad_records_are_reported_and_the_run_goes_on(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(ARTICLE)
    (src / "empty.txt").write_text("")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "latin.txt").write_bytes(ARTICLE.replace("council", "conseil général").encode("cp1252"))
    (src / "bad-utf8.txt").write_bytes(ARTICLE.replace("noon", "noon — naïve café").encode() + b"\xc3\x28 trailing")
    (src / "recs.jsonl").write_bytes(orjson.dumps({"id": "r1", "text": ARTICLE}) + b"\n{oops\n"
                                      + orjson.dumps({"id": "r2", "text": ARTICLE.upper()}) + b"\n")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "-q", "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "thresher: warning: recs.jsonl:2: invalid JSON" in err
    kept = {r["id"]: r for r in all_rows(out, "kept")}
    dropped = {r["id"]: r for r in all_rows(out, "dropped")}
    assert {"good.txt", "latin.txt", "bad-utf8.txt", "r1", "r2"} <= set(kept)
    assert dropped["binary.txt"]["metadata"]["dropped"] == "binary"
    assert dropped["empty.txt"]["metadata"]["dropped"] == "empty"
    assert dropped["recs.jsonl:2"]["metadata"]["dropped"] == "malformed"
    assert dropped["recs.jsonl:2"]["text"] == "{oops"  # nothing lost
    assert "conseil général" in kept["latin.txt"]["text"]
    assert kept["bad-utf8.txt"]["metadata"]["invalid_sequences"] == 1
    stats = orjson.loads((out / "stats.json").read_bytes())
    assert stats["documents"] == {"in": 8, "kept": 5, "dropped": 3}
    assert stats["malformed_records"] == 1


@pytest.mark.slow
def test_fifty_megabyte_one_line_document(tmp_path):
    sentence = "A long line of ordinary prose keeps going without a single newline in sight, "
    (tmp_path / "big.txt").write_text(sentence * (50 * 1024 * 1024 // len(sentence)))
    out = tmp_path / "out"
    assert main(["clean", str(tmp_path / "big.txt"), "-o", str(out), "-q", "--workers", "1"]) == 0
    (row,) = all_rows(out, "kept") + all_rows(out, "dropped")
    assert len(row["text"]) > 49 * 1024 * 1024


def test_output_formats(tmp_path):
    (tmp_path / "in.txt").write_text(ARTICLE)
    for fmt, comp, name in (("jsonl", "gzip", "part-00000.jsonl.gz"), ("jsonl", "none", "part-00000.jsonl"),
                            ("parquet", "zstd", "part-00000.parquet")):
        out = tmp_path / f"o-{fmt}-{comp}"
        assert main(["clean", str(tmp_path / "in.txt"), "-o", str(out), "-q", "--format", fmt, "--compression", comp]) == 0
        assert (out / "kept" / name).exists()
    import pyarrow.parquet as pq

    t = pq.read_table(tmp_path / "o-parquet-zstd" / "kept" / "part-00000.parquet")
    assert t.column_names == ["id", "text", "metadata"] and t.num_rows == 1
    assert rows(tmp_path / "o-jsonl-gzip" / "kept" / "part-00000.jsonl.gz") == rows(tmp_path / "o-jsonl-none" / "kept" / "part-00000.jsonl")


def test_config_command_prints_full_effective_config(tmp_path, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[input]\ntext_field = 'body'\n")
    assert main(["config", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert 'text_field = "body"' in out and "[rules.decode]" in out and "max_binary_fraction = 0.1" in out


def test_explain_shows_rules(tmp_path, capsys):
    p = tmp_path / "d.txt"
    p.write_text("404\nPage not found\n" + ARTICLE)
    assert main(["explain", str(p)]) == 0
    out = capsys.readouterr().out
    assert "fetch_errors" in out and "Page not found" in out and out.rstrip().endswith("expected on Friday.")
