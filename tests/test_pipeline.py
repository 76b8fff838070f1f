"""Whole runs: byte-identical output whatever the number of workers, and resuming after a crash."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest

from thresher.config import Config
from thresher.errors import ResumeError
from thresher.runner import run

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def digest(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and ".thresher" not in p.parts}


def make_corpus(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    para = ("Volunteers planted four hundred trees along the canal on Saturday, the third such day this year. "
            "The organisers said they hoped to finish the eastern bank before the summer.")
    for f in range(3):
        with open(src / f"f{f}.jsonl", "wb") as fh:
            for i in range(40):
                text = f"Headline {f} {i}\n{para}\nMenu\nShare\n" + (para + "\n") * (i % 3)
                fh.write(orjson.dumps({"id": f"{f}-{i}", "text": text}) + b"\n")
    return src


def test_output_is_identical_for_any_number_of_workers(tmp_path):
    src = make_corpus(tmp_path)
    outs = []
    for workers in (1, 2, 3):
        out = tmp_path / f"o{workers}"
        run([str(src)], out, Config(), workers=workers, show_progress=False)
        outs.append(digest(out))
    assert outs[0] == outs[1] == outs[2]
    assert any(k.startswith("kept/") for k in outs[0])


def test_rerun_resumes_and_changed_config_is_refused(tmp_path):
    src = make_corpus(tmp_path)
    out = tmp_path / "o"
    first = run([str(src)], out, Config(), workers=1, show_progress=False)
    ref = digest(out)
    # lose one shard's output and marker, as a crash before its rename would
    (out / ".thresher" / "done" / "final" / "part-00001.json").unlink()
    for p in out.glob("*/part-00001*"):
        p.unlink()
    again = run([str(src)], out, Config(), workers=2, show_progress=False)
    assert digest(out) == ref and again.to_dict() == first.to_dict()
    other = Config.from_dict({"rules": {"decode": {"max_binary_fraction": 0.5}}})
    with pytest.raises(ResumeError, match="different config"):
        run([str(src)], out, other, workers=1, show_progress=False)
    run([str(src)], out, other, workers=1, show_progress=False, overwrite=True)


def test_write_dropped_false_counts_but_writes_no_dropped_rows(tmp_path):
    src = make_corpus(tmp_path)
    (src / "err.txt").write_text("HTTP/1.1 404 Not Found\nThe page you requested could not be found.")
    out = tmp_path / "o"
    stats = run([str(src)], out, Config.from_dict({"output": {"write_dropped": False}}), workers=1, show_progress=False)
    assert stats["dropped.fetch_error"] == 1
    assert not (out / "dropped").exists()
