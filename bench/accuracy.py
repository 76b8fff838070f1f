"""Token F1 of thresher's cleaning against the annotated article bodies of the 60 dev pages.

    .venv/bin/python bench/accuracy.py            # raw.txt in, and gold.txt in
    .venv/bin/python bench/accuracy.py --worst 20

Scoring (as in shared/data/README.md): bag-of-words precision, recall and F1 of the cleaned text
against ``gold.txt``, macro-averaged over documents; an empty output scores 0.  Tokenizer: the text
lowercased, every CJK character (Han, hiragana, katakana) one token, and every other run of
Unicode word characters (``\\w+``) one token; repeats count (multiset intersection), so a
duplicated paragraph lowers precision.

Two figures: **raw** feeds each page's whole-page text (``raw.txt``) through the cleaning chain;
**gold** feeds the clean article (``gold.txt``) and shows how much the chain damages clean text.
The chain is ``thresher.clean`` when the package has it, else the registered cleaning rules run in
pipeline order (rules not registered yet are skipped and named).  The data lives outside the
repository (``shared/data/dev``, next to the clone or at /work/shared); without it this prints why
and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ORDER = ("decode", "normalize", "fetch_errors", "repetition", "boilerplate", "metadata")

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]|[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")


def data_dir() -> Path | None:
    """``shared/data/dev``: $THRESHER_SHARED, then next to the repository, then /work/shared."""
    here = Path(__file__).resolve().parent.parent
    for base in (os.environ.get("THRESHER_SHARED"), here.parent / "shared", "/work/shared"):
        if base and (Path(base) / "data" / "dev").is_dir():
            return Path(base) / "data" / "dev"
    return None


def load_pages(dev: Path) -> list[dict]:
    """Every page as {id, url, raw, gold}, sorted by id."""
    pages = []
    for d in sorted(p for p in dev.iterdir() if p.is_dir()):
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        pages.append({"id": d.name, "url": meta.get("url"), "raw": (d / "raw.txt").read_text(encoding="utf-8"),
                      "gold": (d / "gold.txt").read_text(encoding="utf-8")})
    return pages


def tokens(text: str) -> Counter:
    """The bag of lowercased tokens (CJK characters one each, else ``\\w+`` runs)."""
    return Counter(_TOKEN.findall(text.lower()))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall, F1 of ``pred`` against ``gold``; empty output scores 0."""
    p, g = tokens(pred), tokens(gold)
    hit = sum((p & g).values())
    if not hit:
        return 0.0, 0.0, 0.0
    prec, rec = hit / sum(p.values()), hit / sum(g.values())
    return prec, rec, 2 * prec * rec / (prec + rec)


def rule_chain(until: str | None = None) -> tuple[list, list[str]]:
    """Instances of the registered cleaning rules in pipeline order (stopping before ``until``), and the missing names."""
    import thresher.clean  # noqa: F401  registers the rules
    from thresher.registry import registered

    rules = registered("rule")
    steps, missing = [], []
    for name in ORDER:
        if name == until:
            break
        if name in rules:
            steps.append(rules[name]())
        else:
            missing.append(name)
    return steps, missing


def cleaner() -> tuple[Callable[[str, str | None], str], str]:
    """A function text -> cleaned text, and a note saying which chain it is."""
    import thresher

    if hasattr(thresher, "clean") and callable(thresher.clean):
        def run(text: str, url: str | None = None) -> str:
            out = thresher.clean(text, url=url) if url else thresher.clean(text)
            return out if isinstance(out, str) else getattr(out, "text", str(out))

        return run, "thresher.clean"
    from thresher.document import Document

    steps, missing = rule_chain()

    def chain(text: str, url: str | None = None) -> str:
        doc = Document("d", text, metadata={"url": url} if url else {})
        for step in steps:
            doc = step(doc)
        return "" if doc.dropped else doc.text

    note = "registered rules: " + ", ".join(s.name for s in steps)
    if missing:
        note += " (not registered yet, skipped: " + ", ".join(missing) + ")"
    return chain, note


def evaluate(pages: list[dict], clean: Callable[[str, str | None], str], field: str) -> list[tuple[str, float, float, float]]:
    """(id, P, R, F1) of every page with ``field`` ('raw' or 'gold') as the input."""
    return [(p["id"], *prf(clean(p[field], p["url"]), p["gold"])) for p in pages]


def macro(rows: list[tuple[str, float, float, float]]) -> tuple[float, float, float]:
    n = max(len(rows), 1)
    return tuple(sum(r[i] for r in rows) / n for i in (1, 2, 3))  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worst", type=int, default=10, help="per-page figures for the N worst pages (raw input)")
    ap.add_argument("--html", action="store_true",
                    help="score thresher from the pages' HTML beside the extractors it wraps (bench/html_accuracy.py)")
    args = ap.parse_args(argv)
    if args.html:
        import html_accuracy

        return html_accuracy.main(["--worst", str(args.worst)])
    dev = data_dir()
    if dev is None:
        print("skipped: no dev data (shared/data/dev not found next to the repository, at /work/shared, "
              "or at $THRESHER_SHARED)")
        return 0
    pages = load_pages(dev)
    clean, note = cleaner()
    print(f"{len(pages)} pages from {dev}; chain: {note}")
    raw = evaluate(pages, clean, "raw")
    gold = evaluate(pages, clean, "gold")
    for name, rows in (("raw.txt in ", raw), ("gold.txt in", gold)):
        p, r, f = macro(rows)
        print(f"{name}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"worst {args.worst} (raw in):")
    print_worst(raw, pages, args.worst)
    return 0


def print_worst(rows: list[tuple[str, float, float, float]], pages: list[dict], n: int) -> None:
    """Per-page P/R/F1 and URL of the ``n`` pages with the lowest F1."""
    urls = {p["id"]: p["url"] for p in pages}
    for pid, p, r, f in sorted(rows, key=lambda x: x[3])[:n]:
        print(f"  F1 {f:.3f}  P {p:.3f}  R {r:.3f}  {pid[:12]}  {urls[pid]}")


if __name__ == "__main__":
    sys.exit(main())
