"""Whole runs: byte-identical output whatever the number of workers or the batch size, and resuming
after a crash."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest

import thresher.pipeline as pipeline_module
import thresher.runner as runner_module
from thresher.clean.learned_boilerplate import line_keys
from thresher.config import Config
from thresher.document import Document
from thresher.errors import ResumeError
from thresher.io.files import make_shards
from thresher.io.readers import Malformed, ReaderOptions, read_shard
from thresher.pipeline import Pipeline, _batches
from thresher.runner import run
from thresher.stats import Stats

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


def example_documents() -> list[Document]:
    """The example corpus's documents, plus ones that the chain drops early, late and at its end."""
    p = Pipeline()
    docs = [p.document(r) for shard in make_shards([str(EXAMPLES)])
            for r in read_shard(shard, ReaderOptions()) if not isinstance(r, Malformed)]
    para = ("The council approved the new library budget on Monday after a long debate about opening hours, "
            "and the first branch is expected to open its doors in the spring of next year.\n")
    docs += [
        Document("error", "HTTP/1.1 404 Not Found\nThe page you requested could not be found.\n"),
        Document("blank", "   \n\n"),
        Document("menu-only", "Home\nNews\nSport\nWeather\n"),
        Document("repeated", "Latest news\n" + para * 3 + "Share this article\n"),
        Document("short", "Too short to keep."),
    ]
    assert len(docs) > 10
    return docs


def snapshot(doc: Document) -> tuple:
    return doc.id, doc.text, doc.dropped, doc.metadata, [r.to_json() for r in doc.removed]


@pytest.mark.parametrize("filters", [[], ["gopher_repetition", "gopher_quality", "c4", "fineweb"]])
def test_a_batch_gives_each_document_what_process_gives_it(filters):
    cfg = Config.from_dict({"pipeline": {"filters": filters}})
    one, batched = Pipeline(cfg), Pipeline(cfg)
    s1, s2 = Stats(), Stats()
    alone = [snapshot(one.process(d, s1)) for d in example_documents()]
    together = [snapshot(d) for d in batched.process_batch(example_documents(), s2)]
    assert together == alone
    assert s2.to_dict() == s1.to_dict()
    reasons = {s[2] for s in alone}  # kept, dropped by the first rules, by the filters, at the end
    assert {None, "fetch_error"} <= reasons and ("gopher_quality" in reasons if filters else "empty" in reasons)


def test_batches_keep_order_and_bounds():
    items = [Document(str(i), "x" * n) for i, n in enumerate([5, 5, 5, 50, 5, 5, 5, 5])]
    items.insert(2, Malformed("f.jsonl:3", "{bad", "invalid JSON"))
    batches = list(_batches(iter(items), 3, 20))
    assert [x for b in batches for x in b] == items  # nothing lost, nothing reordered
    assert [[x.id if isinstance(x, Document) else "bad" for x in b] for b in batches] == \
        [["0", "1", "bad"], ["2"], ["3"], ["4", "5", "6"], ["7"]]  # "3" alone: larger than the bound
    assert list(_batches(iter([]), 3, 20)) == []


def test_output_does_not_depend_on_the_batch_size(tmp_path, monkeypatch, capsys):
    src = make_corpus(tmp_path)
    with open(src / "f1.jsonl", "ab") as fh:  # malformed records between documents, reported in order
        fh.write(b'{"id": "broken", "text": \n{"id": "ok", "text": "Another line of text, long enough."}\n[1, 2]\n')
    outs = []
    for size in (256, 1, 7):
        monkeypatch.setattr(Pipeline, "batch_docs", size)
        out = tmp_path / f"o{size}"
        stats = run([str(src)], out, Config(), workers=1, show_progress=False)
        outs.append((digest(out), stats.to_dict()))
    assert outs[0] == outs[1] == outs[2]
    assert outs[0][1]["malformed_records"] == 2
    warnings = capsys.readouterr().err.splitlines()
    assert warnings == warnings[:2] * 3 and "f1.jsonl:41:" in warnings[0] and "f1.jsonl:43:" in warnings[1]


def test_documents_carried_between_passes_in_memory_give_the_same_output(tmp_path, monkeypatch):
    src = make_corpus(tmp_path)  # three shards, each ~19,000 bytes of input and text held
    with open(src / "f1.jsonl", "ab") as fh:
        fh.write(b'{"id": "broken", "text": \n')  # a malformed record is carried along too
    spill_reads: list[str] = []
    read_spill = pipeline_module._read_spill
    monkeypatch.setattr(pipeline_module, "_read_spill", lambda path: spill_reads.append(path.name) or read_spill(path))
    monkeypatch.setattr(Pipeline, "batch_docs", 7)
    outs, reads = [], []
    # nothing held; the first shard held and the other two spilled once they outgrow the rest; all held
    for hold in (0, 25_000, 10**9):
        monkeypatch.setattr(runner_module, "HOLD_BYTES", hold)
        out = tmp_path / f"o{hold}"
        stats = run([str(src)], out, Config(), workers=1, show_progress=False)
        outs.append((digest(out), stats.to_dict()))
        reads.append(len(spill_reads))
        spill_reads.clear()
        assert not any((out / ".thresher" / "spill").rglob("*.zst"))  # spills are removed at the end
    assert outs[0] == outs[1] == outs[2]
    assert reads == [3, 2, 0]


def test_line_keys_are_computed_once_per_text():
    doc = Document("d", "Home\nA line of the article.\nShare")
    keys = line_keys(doc, "example.org")
    assert line_keys(doc, "example.org") is keys  # the observe pass's keys, reused by the rule
    assert line_keys(doc, "other.org") != keys  # another source, other keys
    doc.remove_lines([0], "test")
    assert line_keys(doc, "example.org") == keys[1:]  # an edit clears them
