"""Deterministic synthetic corpora built from real article text (the dev pages' gold articles).

Shared by the benchmarks. Each document is real paragraphs with the dirt a crawler stores around
them: navigation runs, a fetch-error header, a repeated body, a disclaimer, a comment trailer.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import orjson

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "data" / "dev"

NAV = ["Home", "News", "Sport", "Business", "Opinion", "Culture", "Subscribe", "Sign in", "Search", "Menu"]
HEADERS = [["404", "Page not found"], ["HTTP/1.1 503 Service Unavailable"], ["403", "Access denied"], []]
TRAILERS = [["Share this article", "Facebook", "Twitter", "Email"],
            ["Comments", "No comments yet"],
            ["© 2024 Example Media. All rights reserved."],
            ["Disclaimer:", "The views expressed in this article are the author's own and do not necessarily reflect the views of the publisher."]]


def paragraphs() -> list[str]:
    """Every paragraph of the dev gold articles (exits with a message when the data is absent)."""
    if not DEV.is_dir():
        sys.exit(f"bench: the dev pages are not here ({DEV}); this benchmark needs ../shared/data/dev")
    paras = []
    for d in sorted(DEV.iterdir()):
        gold = d / "gold.txt"
        if gold.exists():
            paras += [p.strip() for p in gold.read_text(encoding="utf-8").split("\n") if len(p.split()) >= 8]
    return paras


def documents(n: int, words: int = 580, seed: int = 0) -> list[dict]:
    """``n`` dirty documents of about ``words`` article words each."""
    rng = random.Random(seed)
    paras = paragraphs()
    docs = []
    for i in range(n):
        body, count = [], 0
        while count < words:
            p = rng.choice(paras)
            body.append(p)
            count += len(p.split())
        header = rng.choice(HEADERS[:-1]) if rng.random() < 0.1 else []  # one page in ten fetched badly
        lines = header + rng.sample(NAV, rng.randint(0, 6)) + [f"Report {i}: {body[0][:60]}"] + body
        if rng.random() < 0.2:
            lines += body  # the whole body twice
        lines += rng.choice(TRAILERS)
        docs.append({"id": f"doc-{i:07d}", "text": "\n".join(lines)})
    return docs


def write_jsonl(docs: list[dict], path: Path, files: int = 1) -> list[Path]:
    """Write ``docs`` to ``files`` JSONL files under ``path``; return them."""
    path.mkdir(parents=True, exist_ok=True)
    out = []
    per = (len(docs) + files - 1) // files
    for f in range(files):
        p = path / f"part-{f:03d}.jsonl"
        with open(p, "wb") as fh:
            fh.writelines(orjson.dumps(d) + b"\n" for d in docs[f * per:(f + 1) * per])
        out.append(p)
    return out
