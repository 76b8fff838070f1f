"""Learned boilerplate: how much of a site's template goes, and how much article text is lost.

    python bench/learned_boilerplate.py [--sites 60] [--min-pages 3] [--min-fraction 0.1]

Builds a corpus of many sites (5–500 pages each). Articles are real text: paragraphs assembled
from sentences of the dev pages' gold articles, so no article line repeats. Each site has a
template of header, footer, disclaimer and "related" lines that varies slightly from page to page
(dates, counters, page numbers, rotating related titles, an occasional missing line). The corpus
runs through `thresher clean` (all defaults, so the per-page rules run too); every output line is
then attributed to the template or the article it came from.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _corpus

from thresher.config import Config
from thresher.runner import run

MENU_WORDS = ["Home", "World", "Politics", "Business", "Tech", "Science", "Health", "Sport", "Culture", "Travel",
              "Opinion", "Video", "Podcasts", "Weather", "Local", "Markets", "Education", "Food", "Style", "Books"]
FOOTERS = [
    "© {year} {site}. All rights reserved.",
    "{site} is a member of the Independent Press Standards Organisation.",
    "Contact us | Advertise with {site} | Careers | Privacy policy",
    "Follow {site} on social media for the latest updates.",
    "Sign up for the {site} morning briefing and get the day's top stories in your inbox.",
    "Disclaimer: the opinions expressed by contributors to {site} are their own and do not reflect the views of the editorial board.",
    "Page {n} of {total}",
    "Last updated {day} {month} {year}, {hour}:{minute}",
    "{count} comments",
    "Read more from {site}",
]


def sentences() -> list[str]:
    out = []
    for p in _corpus.paragraphs():
        out += [s for s in re.split(r"(?<=[.!?])\s+", p) if len(s.split()) >= 6]
    return out


def build(sites: int, seed: int = 1) -> tuple[list[dict], dict[str, set[str]]]:
    """Pages as JSONL records, and for each page the set of its article lines."""
    rng = random.Random(seed)
    sents = sentences()
    sizes = [5, 8, 10, 15, 20, 30, 50, 100, 200, 500]
    docs, truth = [], {}
    for s in range(sites):
        site = f"{rng.choice(['The', 'Daily', 'Morning', 'Evening'])} {rng.choice(['Courier', 'Ledger', 'Post', 'Herald', 'Gazette', 'Observer'])} {s}"
        domain = f"www.{site.split()[-2].lower()}{s}.com"
        menu = rng.sample(MENU_WORDS, rng.randint(5, 12))
        footers = rng.sample(FOOTERS, rng.randint(3, 7))
        pages = sizes[s % len(sizes)]
        titles = []
        for i in range(pages):
            n_par = rng.randint(3, 9)
            article = [" ".join(rng.sample(sents, rng.randint(2, 4))) for _ in range(n_par)]
            title = " ".join(rng.choice(sents).split()[:rng.randint(5, 10)]).rstrip(".,;")
            titles.append(title)
            head = [site] + [m for m in menu if rng.random() > 0.05] + ["Subscribe", "Log in"]
            related = ["Related stories"] + rng.sample(titles, min(3, len(titles)))
            foot = [f.format(site=site, year=rng.choice([2023, 2024]), n=i + 1, total=pages, day=rng.randint(1, 28),
                             month=rng.choice(["March", "April"]), hour=rng.randint(10, 23), minute=rng.randint(10, 59),
                             count=rng.randint(0, 300))
                    for f in footers if rng.random() > 0.05]
            text = "\n".join(head + [title] + article + related + foot)
            doc_id = f"{domain}/{i}"
            docs.append({"id": doc_id, "url": f"https://{domain}/news/{i}", "text": text})
            truth[doc_id] = set([title] + article)
    rng.shuffle(docs)
    return docs, truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=60)
    ap.add_argument("--min-pages", type=int, default=None)
    ap.add_argument("--min-fraction", type=float, default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--verbose", action="store_true", help="show the template lines most often left")
    args = ap.parse_args()
    docs, truth = build(args.sites)
    over = {}
    if args.min_pages is not None:
        over["min_pages"] = args.min_pages
    if args.min_fraction is not None:
        over["min_fraction"] = args.min_fraction
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        _corpus.write_jsonl(docs, src, files=4)
        for label, enabled in (("per-page rules only", False), ("with learned_boilerplate", True)):
            cfg = Config.from_dict({"rules": {"learned_boilerplate": {**over, "enabled": enabled}}})
            t = time.perf_counter()
            run([str(src)], Path(tmp) / label.replace(" ", "_"), cfg, workers=args.workers, show_progress=False)
            dt = time.perf_counter() - t
            kept = {}
            for p in sorted((Path(tmp) / label.replace(" ", "_") / "kept").iterdir()):
                import zstandard

                for line in zstandard.ZstdDecompressor().stream_reader(p.read_bytes()).read().splitlines():
                    row = orjson.loads(line)
                    kept[row["id"]] = row["text"]
            results[label] = (kept, dt)
    template_total = article_total = 0
    print(f"corpus: {len(docs):,} pages on {args.sites} sites (5–500 pages each), articles from real sentences")
    print(f"{'':28} {'template lines removed':>24} {'article lines lost':>20} {'time':>8}")
    for label, (kept, dt) in results.items():
        t_left = a_lost = template_total = article_total = 0
        left_kinds: dict[str, int] = {}
        for d in docs:
            art = truth[d["id"]]
            out_lines = set(kept.get(d["id"], "").split("\n"))
            for line in d["text"].split("\n"):
                if line in art:
                    article_total += 1
                    a_lost += line not in out_lines
                else:
                    template_total += 1
                    if line in out_lines:
                        t_left += 1
                        kind = re.sub(r"\d+", "0", line)[:40]
                        left_kinds[kind] = left_kinds.get(kind, 0) + 1
        print(f"{label:28} {1 - t_left / template_total:>23.1%} {a_lost / article_total:>19.2%} {dt:>7.1f}s")
        if args.verbose:
            for kind, n in sorted(left_kinds.items(), key=lambda kv: -kv[1])[:12]:
                print(f"    left {n:6}  {kind}")
    print("targets: >= 95% of template lines removed, <= 0.5% of article lines lost")
    dev_pages_f1(args.workers)


def dev_pages_f1(workers: int) -> None:
    """The dev pages through `thresher clean` with and without the learned step: F1 must not drop."""
    import json

    from accuracy import prf

    pages = sorted(p for p in _corpus.DEV.iterdir() if (p / "raw.txt").exists())
    recs = [{"id": p.name, "url": json.loads((p / "meta.json").read_text())["url"],
             "text": (p / "raw.txt").read_text(encoding="utf-8")} for p in pages]
    gold = {p.name: (p / "gold.txt").read_text(encoding="utf-8") for p in pages}
    import zstandard

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "dev"
        _corpus.write_jsonl(recs, src, files=2)
        for enabled in (False, True):
            out = Path(tmp) / f"o{enabled}"
            cfg = Config.from_dict({"rules": {"learned_boilerplate": {"enabled": enabled}}})
            run([str(src)], out, cfg, workers=workers, show_progress=False)
            texts = {}
            for p in sorted((out / "kept").iterdir()):
                for line in zstandard.ZstdDecompressor().stream_reader(p.read_bytes()).read().splitlines():
                    row = orjson.loads(line)
                    texts[row["id"]] = row["text"]
            f1 = sum(prf(texts.get(k, ""), g)[2] for k, g in gold.items()) / len(gold)
            print(f"dev pages (60 sites, one page each) through thresher clean, learned_boilerplate "
                  f"{'on ' if enabled else 'off'}: token F1 {f1:.3f}")


if __name__ == "__main__":
    main()
