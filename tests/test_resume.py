"""Resume after SIGKILL at several points: the rerun's output equals an uninterrupted run's, byte for byte."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
import zstandard

from .test_pipeline import digest

PARAS = [
    "The council voted to extend the tram line to the airport, a project that has been discussed for a decade.",
    "Residents of the eastern districts said the new stops would cut their journey to work by half an hour.",
    "Engineers expect the first trams to run on the new section in the autumn of next year, weather permitting.",
    "The opposition questioned the cost, which has risen by a third since the plan was first approved.",
    "Shop owners along the route asked for help during the construction, which will close two streets.",
]


def make(src: Path, files: int = 4, docs: int = 250) -> None:
    src.mkdir()
    for f in range(files):
        with open(src / f"site{f}.jsonl", "wb") as fh:
            for i in range(docs):
                body = [PARAS[(i + k) % 5] + f" Report {f}-{i}-{k}." for k in range(4)]
                text = "\n".join(["Home", "News", "Subscribe", f"Story {f}-{i}"] + body + ["© 2024 Site", "Share"])
                fh.write(orjson.dumps({"id": f"{f}-{i}", "url": f"https://site{f}.example.org/{i}", "text": text}) + b"\n")


def cmd(src: Path, out: Path, workers: int = 2) -> list[str]:
    return [sys.executable, "-m", "thresher.cli", "clean", str(src), "-o", str(out), "-q", "--workers", str(workers),
            "--dedup", "minhash", "--config", str(src.parent / "small.toml")]


def ids(out: Path) -> list[str]:
    got = []
    for kind in ("kept", "dropped"):
        for p in sorted((out / kind).glob("*.zst")):
            data = zstandard.ZstdDecompressor().stream_reader(p.read_bytes()).read()
            got += [orjson.loads(x)["id"] for x in data.splitlines()]
    return got


def _when(out: Path, point: str) -> bool:
    meta = out / ".thresher"
    if point == "corpus_pass":
        return any((meta / "state").rglob("*.npz")) if (meta / "state").exists() else False
    if point == "cleaning":
        return any((meta / "done").glob("observe-dedup/*.json")) if (meta / "done").exists() else False
    if point == "writing":
        return any(out.glob("kept/*.tmp")) or any(out.glob("kept/*.zst"))
    raise ValueError(point)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    base = tmp_path_factory.mktemp("resume")
    # small spill chunks so that the corpus pass writes many state files to be killed among
    (base / "small.toml").write_text("[rules.learned_boilerplate]\nchunk_keys = 500\n\n[input]\nshard_mb = 1\n")
    src = base / "src"
    make(src)
    ref = base / "ref"
    subprocess.run(cmd(src, ref), check=True)
    return src, ref


@pytest.mark.slow
@pytest.mark.parametrize("point", ["corpus_pass", "cleaning", "writing"])
@pytest.mark.parametrize("workers", [2, 1])  # one worker carries documents between passes in memory
def test_sigkill_then_rerun_gives_identical_output(reference, tmp_path, point, workers):
    src, ref = reference
    out = tmp_path / "out"
    proc = subprocess.Popen(cmd(src, out, workers), start_new_session=True)
    deadline = time.monotonic() + 120
    while not _when(out, point) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    killed = proc.poll() is None
    if killed:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert killed, f"the run finished before reaching {point}; make the corpus bigger"
    subprocess.run(cmd(src, out, workers), check=True)
    assert digest(out) == digest(ref)
    got = ids(out)
    assert sorted(got) == sorted(ids(ref)) and len(got) == len(set(got)) == 1000
