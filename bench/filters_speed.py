"""Per-step time of ``metadata`` and the four quality filters, optionally against another checkout.

    python bench/filters_speed.py [--docs 2000] [--repeat 3] [--against ../main/src]

Runs the default cleaning rules on generated documents up to ``metadata`` once, then times
``metadata``, ``gopher_repetition``, ``gopher_quality``, ``c4`` and ``fineweb`` on fresh copies of
those documents (CPU time, best of ``--repeat`` passes, ms per document). With ``--against SRC``
the same measurement runs in a subprocess importing thresher from ``SRC``, alternating with this
checkout three times, so that both see the same machine (its speed drifts).
"""

from __future__ import annotations

import argparse
import ast
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

STEPS = ["metadata", "gopher_repetition", "gopher_quality", "c4", "fineweb"]
FILTERS = {"pipeline": {"filters": ["gopher_repetition", "gopher_quality", "c4", "fineweb"]}}


def prepare(n: int, path: Path) -> None:
    """Documents as the pipeline hands them to ``metadata`` (id, input, text, metadata), pickled."""
    import _corpus

    from thresher.config import Config
    from thresher.document import Document
    from thresher.pipeline import Pipeline
    from thresher.step import CorpusStep

    steps = [s for s in Pipeline(Config.from_dict(FILTERS)).steps if not isinstance(s, CorpusStep)]
    before = steps[: [s.name for s in steps].index("metadata")]
    out = []
    for d in _corpus.documents(n, seed=7):
        doc = Document(d["id"], d["text"], {})
        for s in before:
            s(doc)
        if not doc.dropped:
            out.append((doc.id, doc.input, doc.text, dict(doc.metadata)))
    path.write_bytes(pickle.dumps(out))


def measure(path: Path, repeat: int) -> dict[str, float]:
    """ms per document of each step, best of ``repeat`` passes (after one warm-up pass)."""
    from thresher.config import Config
    from thresher.document import Document
    from thresher.pipeline import Pipeline

    docs = pickle.loads(path.read_bytes())
    steps = [s for s in Pipeline(Config.from_dict(FILTERS)).steps if s.name in STEPS]
    best = dict.fromkeys(STEPS, float("inf"))
    for attempt in range(repeat + 1):
        spent = dict.fromkeys(STEPS, 0.0)
        for i, inp, text, md in docs:
            doc = Document(i, inp, dict(md), text=text)
            for s in steps:
                t = time.process_time()
                s(doc)
                spent[s.name] += time.process_time() - t
        if attempt:
            best = {k: min(best[k], spent[k]) for k in STEPS}
    return {k: v / len(docs) * 1e3 for k, v in best.items()}


def line(label: str, ms: dict[str, float]) -> str:
    return f"{label:<10}" + "".join(f"{ms[k]:>19.3f}" for k in STEPS) + f"{sum(ms.values()):>9.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--against", help="a thresher source directory (the one holding thresher/) to compare with")
    ap.add_argument("--measure", help=argparse.SUPPRESS)  # internal: measure pickled documents, print a dict
    args = ap.parse_args()
    if args.measure:
        import thresher

        assert thresher.__file__.startswith(args.against), f"thresher imported from {thresher.__file__}"
        print(measure(Path(args.measure), args.repeat))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.pkl"
        prepare(args.docs, path)
        print(f"{'ms/doc':<10}" + "".join(f"{k:>19}" for k in STEPS) + f"{'sum':>9}")
        for _ in range(3 if args.against else 1):
            print(line("this", measure(path, args.repeat)), flush=True)
            if args.against:
                code = (f"import sys; sys.path.insert(0, {args.against!r}); sys.argv = ['x', '--measure', {str(path)!r}, "
                        f"'--repeat', '{args.repeat}', '--against', {args.against!r}]; sys.path.insert(1, {str(Path(__file__).parent)!r}); "
                        "import filters_speed; filters_speed.main()")
                out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
                print(line("against", ast.literal_eval(out)), flush=True)


if __name__ == "__main__":
    main()
