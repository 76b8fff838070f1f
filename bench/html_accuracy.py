"""Token F1 of thresher from HTML against the extractors it wraps, side by side, on the dev pages.

    .venv/bin/python bench/html_accuracy.py            # every method on dev/*/page.html.gz
    .venv/bin/python bench/html_accuracy.py --worst 10 # and thresher's 10 worst pages

The scorer is ``prf`` from ``bench/accuracy.py`` (the plain-text bench): lowercased word tokens,
repeats counted, macro-averaged over pages, an empty output scores 0.  Methods:

* thresher from HTML, default config: trafilatura (no fallback extractors, comments off),
  link-heavy blocks removed, then the ordinary thresher rules;
* the same without the link-density step (to show what it adds);
* trafilatura 2.x alone, default settings and with comments off;
* resiliparse main-content extraction alone.

Needs the ``[html]`` extra.  Without the shared data this prints why and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy import data_dir, macro, prf, print_worst


def load(dev: Path) -> list[dict]:
    """Every page as {id, url, html (bytes), gold}, sorted by id."""
    pages = []
    for d in sorted(p for p in dev.iterdir() if p.is_dir() and (p / "page.html.gz").exists()):
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        pages.append({"id": d.name, "url": meta.get("url"), "html": gzip.decompress((d / "page.html.gz").read_bytes()),
                      "gold": (d / "gold.txt").read_text(encoding="utf-8")})
    return pages


def thresher_html(**html_options) -> Callable[[bytes, str | None], str]:
    """thresher.clean_html with the default config, [html] options overridden."""
    from thresher import Config
    from thresher.api import Cleaner

    cfg = Config()
    cfg.html.update(html_options)
    cleaner = Cleaner(cfg)

    def run(html: bytes, url: str | None) -> str:
        r = cleaner.clean_html(html, url=url)
        return "" if r.dropped else r.text

    return run


def trafilatura_alone(**options) -> Callable[[bytes, str | None], str]:
    import trafilatura

    return lambda html, url: trafilatura.extract(html, url=url, **options) or ""


def resiliparse_alone(html: bytes, url: str | None) -> str:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return extract_plain_text(HTMLTree.parse_from_bytes(html), main_content=True)


def dev_and_html(*modules: str) -> Path | None:
    """The dev pages' folder, or None after saying why the bench is skipped (no data, no [html] extra)."""
    import importlib

    dev = data_dir()
    if dev is None:
        print("skipped: no dev data (shared/data/dev not found next to the repository, at /work/shared, "
              "or at $THRESHER_SHARED)")
        return None
    try:
        for m in modules:
            importlib.import_module(m)
    except ImportError as e:
        print(f"skipped: the [html] extra is not installed ({e}): pip install \"thresher[html]\"")
        return None
    return dev


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worst", type=int, default=0, help="also list thresher's N worst pages")
    args = ap.parse_args(argv)
    dev = dev_and_html("resiliparse", "trafilatura")
    if dev is None:
        return 0
    pages = load(dev)
    methods = [
        ("thresher from HTML (default config)", thresher_html()),
        ("thresher from HTML, no link-density step", thresher_html(max_link_density=1.0)),
        ("trafilatura alone, defaults", trafilatura_alone()),
        ("trafilatura alone, comments off", trafilatura_alone(include_comments=False)),
        ("resiliparse main content alone", resiliparse_alone),
    ]
    print(f"{len(pages)} pages from {dev}")
    print(f"{'method':44s} {'P':>6s} {'R':>6s} {'F1':>6s} {'pages/s':>8s}")
    first = None
    for name, fn in methods:
        t0 = time.perf_counter()
        rows = [(p["id"], *prf(fn(p["html"], p["url"]), p["gold"])) for p in pages]
        secs = time.perf_counter() - t0
        p, r, f = macro(rows)
        print(f"{name:44s} {p:6.3f} {r:6.3f} {f:6.3f} {len(rows) / secs:8.1f}")
        first = first or rows
    if args.worst:
        print(f"thresher's {args.worst} worst pages:")
        print_worst(first, pages, args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
