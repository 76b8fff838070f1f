"""A deterministic dedup corpus from real article paragraphs, with planted duplicates of known kinds.

Paragraphs come from ``/work/shared/data/dev/*/gold.txt`` and ``/work/shared/seed/*``; each
original document is 10-20 paragraphs drawn at random (about 580 words, like a news article).
A share of the documents are planted copies of an earlier document:

    exact       verbatim copy
    rewrap      same words, paragraphs re-wrapped to another line width and case changed
                (an exact duplicate after normalisation)
    substitute  a fraction of the words replaced by other words of the corpus
    insert      words inserted at random places
    header      header and footer lines replaced or added (site name, date, share links, copyright)
    mixed       substitutions + header/footer + re-wrap
    chain       a substituted copy of an earlier planted copy (tests transitive clusters)

Edit rates are drawn so that true Jaccard similarities spread over about 0.4-1.0.
"""

from __future__ import annotations

import random
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

SHARED = Path("/work/shared")
KINDS = ("exact", "rewrap", "substitute", "insert", "header", "mixed", "chain")
_SITES = ["The Daily Ledger", "MENAFN", "Gazette Online", "Metro Wire", "NewsNow24", "The Courier", "Regional Post"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


@dataclass
class Planted:
    """A planted duplicate: document ``copy`` was made from document ``source`` by ``kind``."""

    copy: int
    source: int
    kind: str
    rate: float


def load_paragraphs(shared: Path = SHARED) -> list[str]:
    """Unique paragraphs of at least 8 words from the shared real article text (sorted: deterministic)."""
    files = sorted((shared / "data" / "dev").glob("*/gold.txt")) + sorted((shared / "seed").glob("*"))
    paras: set[str] = set()
    for f in files:
        for p in re.split(r"\n+", f.read_text(encoding="utf-8", errors="replace")):
            p = p.strip()
            if len(p.split()) >= 8:
                paras.add(p)
    return sorted(paras)


def _boiler(rng: random.Random) -> list[str]:
    site = rng.choice(_SITES)
    day = f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2026)}"
    pool = [
        f"Published by {site} on {day}",
        f"By staff writer {rng.randint(1, 999)} | {site}",
        "Share this article on Facebook Twitter LinkedIn WhatsApp Email",
        f"Copyright {rng.randint(2000, 2026)} {site}. All rights reserved.",
        f"Read more stories like this at {site} and subscribe to our newsletter for daily updates",
        "Advertisement - scroll to continue reading",
        f"Related: {rng.choice(_SITES)} coverage of the week in review, part {rng.randint(1, 40)}",
        "Sign up for breaking news alerts and get the top stories delivered to your inbox every morning",
    ]
    return rng.sample(pool, rng.randint(1, 4))


class CorpusMaker:
    """Makes documents one at a time; ``docs(n)`` yields ``(text, planted or None)``."""

    def __init__(self, seed: int = 7, dup_share: float = 0.35, shared: Path = SHARED):
        if not (shared / "data" / "dev").is_dir():
            raise FileNotFoundError(f"{shared}/data/dev is missing: the dedup bench needs the shared article text")
        self.rng = random.Random(seed)
        self.paras = load_paragraphs(shared)
        self.vocab = sorted({w for p in self.paras for w in p.split()})
        self.dup_share = dup_share
        self.recent: list[tuple[int, list[str], bool]] = []  # (index, paragraphs, is a copy): copy sources

    def _original(self) -> list[str]:
        return self.rng.sample(self.paras, self.rng.randint(10, 20))

    def _edit_words(self, paras: list[str], rate: float, insert: bool) -> list[str]:
        rng, vocab = self.rng, self.vocab
        out = []
        for p in paras:
            words = p.split()
            res = []
            for w in words:
                if rng.random() < rate:
                    if insert:
                        res.append(rng.choice(vocab))
                        res.append(w)
                    else:
                        res.append(rng.choice(vocab))
                else:
                    res.append(w)
            out.append(" ".join(res))
        return out

    def _rewrap(self, paras: list[str]) -> list[str]:
        width = self.rng.randint(40, 100)
        return ["\n".join(textwrap.wrap(p, width)) for p in paras]

    def _headers(self, paras: list[str], size: float) -> list[str]:
        rng = self.rng
        body = paras[:]
        if rng.random() < 0.5:
            body = body[1:] if len(body) > 3 else body  # a changed lead line
        extra = max(1, round(size * len(body)))
        head = _boiler(rng) + [rng.choice(self.paras) for _ in range(extra // 2)]
        foot = [rng.choice(self.paras) for _ in range(extra - extra // 2)] + _boiler(rng)
        return head + body + foot

    def _copy(self, index: int) -> tuple[list[str], Planted]:
        rng = self.rng
        kind = rng.choice(KINDS)
        copies = [(i, p) for i, p, is_copy in self.recent if is_copy]
        if kind == "chain" and not copies:
            kind = "substitute"
        pool = copies if kind == "chain" else [(i, p) for i, p, is_copy in self.recent if not is_copy]
        src_i, src = rng.choice(pool)
        rate = 0.0
        if kind == "exact":
            paras = src
        elif kind == "rewrap":
            paras = self._rewrap([p.upper() if rng.random() < 0.2 else p for p in src])
        elif kind in ("substitute", "chain"):
            rate = rng.uniform(0.002, 0.09)
            paras = self._edit_words(src, rate, insert=False)
        elif kind == "insert":
            rate = rng.uniform(0.002, 0.10)
            paras = self._edit_words(src, rate, insert=True)
        elif kind == "header":
            rate = rng.uniform(0.0, 0.7)
            paras = self._headers(src, rate)
        else:  # mixed
            rate = rng.uniform(0.002, 0.05)
            paras = self._rewrap(self._headers(self._edit_words(src, rate, insert=False), rate * 3))
        return paras, Planted(index, src_i, kind, rate)

    def docs(self, n: int):
        """Yield ``(text, Planted | None)`` for documents 0..n-1."""
        for i in range(n):
            planted = None
            if self.recent and self.rng.random() < self.dup_share:
                paras, planted = self._copy(i)
                if planted.kind in ("substitute", "insert"):  # sources of "chain" copies
                    self.recent.append((i, paras, True))
            else:
                paras = self._original()
                self.recent.append((i, paras, False))
            if len(self.recent) > 400:
                self.recent = self.recent[-400:]
            yield "\n\n".join(paras), planted
