"""The dedup step inside whole runs: dropped duplicates point at the kept id, any worker count."""

from __future__ import annotations

import orjson
import zstandard

from thresher.config import Config
from thresher.runner import run

from ..test_pipeline import digest

BASE = ("The harbour authority said on Monday that the new ferry terminal would open in the spring, "
        "two years later than planned, after a dispute with the builder over the cost of the foundations. "
        "Passengers will be able to buy tickets at machines on the quay or through the city's transport app, "
        "and the old terminal will close a week after the new one opens. ")


def rows(out, kind):
    got = []
    for p in sorted((out / kind).glob("*.zst")):
        data = zstandard.ZstdDecompressor().stream_reader(p.read_bytes()).read()
        got += [orjson.loads(x) for x in data.splitlines()]
    return got


def corpus(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    texts = {
        "a-original": BASE * 3,
        "b-unrelated": "Volunteers counted 312 species of birds in the wetland this winter, a record for the survey. " * 3,
        "c-near": (BASE * 3).replace("Monday", "Tuesday").replace("spring", "summer"),
        "d-exact": BASE * 3,
    }
    for i, (k, t) in enumerate(texts.items()):
        (src / f"{i}.jsonl").write_bytes(orjson.dumps({"id": k, "text": t}) + b"\n")
    return src


def test_duplicates_dropped_with_the_kept_id_and_similarity(tmp_path):
    src = corpus(tmp_path)
    cfg = Config.from_dict({"pipeline": {"dedup": "minhash"}})
    stats = run([str(src)], tmp_path / "o1", cfg, workers=1, show_progress=False)
    kept = {r["id"] for r in rows(tmp_path / "o1", "kept")}
    dropped = {r["id"]: r["metadata"] for r in rows(tmp_path / "o1", "dropped")}
    assert kept == {"a-original", "b-unrelated"}
    assert dropped["d-exact"]["duplicate_of"] == "a-original" and dropped["d-exact"]["duplicate_similarity"] == 1.0
    assert dropped["c-near"]["duplicate_of"] == "a-original" and 0.7 <= dropped["c-near"]["duplicate_similarity"] < 1.0
    assert dropped["c-near"]["drop_detail"].startswith("near duplicate of a-original")
    assert stats["dropped.duplicate"] == 2
    run([str(src)], tmp_path / "o2", cfg, workers=2, show_progress=False)
    assert digest(tmp_path / "o1") == digest(tmp_path / "o2")


def test_exact_mode_keeps_near_duplicates(tmp_path):
    src = corpus(tmp_path)
    run([str(src)], tmp_path / "o", Config.from_dict({"pipeline": {"dedup": "exact"}}), workers=1, show_progress=False)
    assert {r["id"] for r in rows(tmp_path / "o", "dropped")} == {"d-exact"}
