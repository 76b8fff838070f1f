"""Time per document of the rules decode, normalize, fetch_errors, repetition and learned_boilerplate's line keys.

    python bench/cleaning_speed.py [--docs 2000] [--repeat 3] [--compare OTHER_SRC]

Generated documents (bench/_corpus.py) go through the default pipeline; each rule is timed on the
documents as they reach it (CPU time, best of ``--repeat``). ``learned_boilerplate`` is timed by
``line_keys``, the part that runs on every document in both of its passes. With ``--compare``,
the same is run again in a subprocess importing thresher from OTHER_SRC (say, an older checkout's
``src``), on the same documents, and both rows are printed.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

RULES = ("decode", "normalize", "fetch_errors", "repetition")


def prepare(n: int) -> dict[str, list[dict]]:
    """Each rule's input documents (as states), run through the pipeline up to the rule."""
    import _corpus

    from thresher.config import Config
    from thresher.document import Document
    from thresher.pipeline import Pipeline
    from thresher.step import CorpusStep

    pipe = Pipeline(Config())
    want = set(RULES) | {"learned_boilerplate"}
    states: dict[str, list[dict]] = {k: [] for k in want}
    for d in _corpus.documents(n, seed=7):
        doc = Document(d["id"], d["text"], {})
        for step in pipe.steps:
            if step.name in want and doc.dropped is None:
                states[step.name].append(doc.to_state())
            if not isinstance(step, CorpusStep):
                step(doc)
            if doc.dropped:
                break
    return states


def timings(states: dict[str, list[dict]], repeat: int) -> dict[str, float]:
    """Milliseconds per document for each rule (best of ``repeat`` runs over fresh copies)."""
    from thresher.clean.learned_boilerplate import line_keys
    from thresher.document import Document
    from thresher.registry import registered

    out = {}
    for name in RULES:
        rule = registered("rule")[name]()
        best = float("inf")
        for _ in range(repeat):
            docs = [Document.from_state(copy.deepcopy(s)) for s in states[name]]
            t = time.process_time()
            for doc in docs:
                rule(doc)
            best = min(best, time.process_time() - t)
        out[name] = best / max(1, len(docs)) * 1e3
    docs = [Document.from_state(s) for s in states["learned_boilerplate"]]
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for doc in docs:
            line_keys(doc, "example.com")
        best = min(best, time.process_time() - t)
    out["learned_boilerplate.line_keys"] = best / max(1, len(docs)) * 1e3
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compare", help="another thresher src directory, timed on the same documents")
    ap.add_argument("--states", help=argparse.SUPPRESS)  # used by the --compare subprocess
    args = ap.parse_args()
    if args.states:
        with open(args.states, "rb") as f:
            print(repr(timings(pickle.load(f), args.repeat)))
        return
    states = prepare(args.docs)
    rows = {"this": timings(states, args.repeat)}
    if args.compare:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "states.pkl")
            with open(path, "wb") as f:
                pickle.dump(states, f)
            env = dict(os.environ, PYTHONPATH=str(Path(args.compare).resolve()))
            res = subprocess.run([sys.executable, __file__, "--states", path, "--repeat", str(args.repeat)],
                                 env=env, check=True, capture_output=True, text=True)
            rows[args.compare] = ast.literal_eval(res.stdout.strip().splitlines()[-1])
    names = list(rows["this"])
    print(f"{len(states['decode']):,} generated documents; ms per document (CPU, best of {args.repeat})\n")
    print(f"{'':<32}" + "".join(f"  {k:>16}" for k in rows))
    for name in names:
        print(f"{name:<32}" + "".join(f"  {r[name]:16.3f}" for r in rows.values()))


if __name__ == "__main__":
    main()
