"""The boilerplate rule's time per document, against its code at another git revision in the same run.

    python bench/boilerplate_speed.py [--docs 1000] [--rounds 12] [--rev da3e1df]

The documents are the generated corpus (bench/_corpus.py) taken through the default pipeline's steps
before ``boilerplate``.  With ``--rev``, ``boilerplate.py`` and ``_boilerplate_phrases.py`` at that
revision are loaded beside the current ones; the two run in alternating rounds (CPU time, the
machine's drift shared) after a check that both find the same removals on every document.

Note: the generated documents repeat most of their lines (they are drawn from a small pool of dev
paragraphs), so anything that remembers lines across documents would look faster here than on a crawl.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus

from thresher.clean import boilerplate
from thresher.config import Config
from thresher.document import Document
from thresher.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]


def _documents(n: int) -> list[Document]:
    """Generated documents as the boilerplate step receives them (the steps before it applied)."""
    p = Pipeline(Config())
    before = p.steps[:[s.name for s in p.steps].index("boilerplate")]
    docs = []
    for d in _corpus.documents(n, seed=7):
        doc = Document(d["id"], d["text"])
        p.process(doc, steps=before, last=False)
        if not doc.dropped:
            docs.append(Document(d["id"], doc.text))
    return docs


def _module_at(rev: str, name: str, path: str, subs: dict[str, str]) -> types.ModuleType:
    """The module at ``path`` as of git revision ``rev``, loaded as ``name`` inside thresher.clean."""
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{path}"], capture_output=True, text=True,
                         check=True).stdout
    for a, b in subs.items():
        src = src.replace(a, b)
    mod = types.ModuleType(name)
    mod.__package__ = "thresher.clean"
    sys.modules[name] = mod
    exec(compile(src, f"{rev}:{path}", "exec"), mod.__dict__)
    return mod


def _old_rule(rev: str):
    """The rule at ``rev`` (its phrase module with it; not registered, so it cannot clash)."""
    _module_at(rev, "thresher.clean._bp_phrases_at_rev", "src/thresher/clean/_boilerplate_phrases.py", {})
    old = _module_at(rev, "thresher.clean._bp_at_rev", "src/thresher/clean/boilerplate.py",
                     {"from ._boilerplate_phrases": "from ._bp_phrases_at_rev", '@register("boilerplate")': ""})
    return old.Boilerplate()


def _round(rule, docs: list[Document]) -> float:
    t = time.process_time()
    for d in docs:
        rule.find(d)
    return (time.process_time() - t) / len(docs) * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--rev", help="a git revision to compare with (e.g. HEAD~3)")
    args = ap.parse_args()
    docs = _documents(args.docs)
    rules = {"current": boilerplate.Boilerplate()}
    if args.rev:
        rules[args.rev] = _old_rule(args.rev)
        bad = sum(rules[args.rev].find(d) != rules["current"].find(d) for d in docs)
        if bad:
            sys.exit(f"{bad} documents get different removals at {args.rev}")
    print(f"{len(docs):,} documents, {sum(len(d.lines) for d in docs) / len(docs):.1f} lines each")
    times: dict[str, list[float]] = {k: [] for k in rules}
    for r in range(args.rounds):
        for name in (list(rules) if r % 2 else list(rules)[::-1]):
            times[name].append(_round(rules[name], docs))
    for name, ts in times.items():
        print(f"{name:>12}: {statistics.median(ts):.3f} ms/doc (median of {len(ts)}, min {min(ts):.3f})")
    if args.rev:
        print(f"{'speed-up':>12}: {statistics.median(times[args.rev]) / statistics.median(times['current']):.2f}x")


if __name__ == "__main__":
    main()
