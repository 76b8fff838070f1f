"""Rule ``learned_boilerplate``: lines that recur across many pages of the same source.

Sites repeat headers, footers, disclaimers and "related" blocks on every page; no single-page rule
sees that, and global line dedup (CCNet, dolma) also deletes sentences that are merely common on
the web. This rule counts lines *per source* and removes, from that source's pages, the lines seen
on at least ``min_pages`` of its pages and at least ``min_fraction`` of them.

Source: the URL's registered domain, else ``metadata["source"]``, else the input file.

Memory stays bounded whatever the corpus size: each shard's observer sorts and aggregates its
(source, line) hashes in chunks of at most ``chunk_keys`` and writes them to ``partitions`` files by
hash prefix; ``fit`` then aggregates one partition at a time (about 1/partitions of the distinct
lines) and keeps only the lines that qualify. Exact counts on disk rather than a count-min sketch:
a sketch only over-counts, and over-counting here deletes article text.
"""

from __future__ import annotations

import re
from array import array
from functools import lru_cache
from pathlib import Path

import numpy as np
import xxhash

from ..document import Document
from ..registry import register
from ..step import CorpusStep, Observer

# \d\d* rather than \d+: re scans quickly for a pattern's first character only when the
# pattern starts with a plain class, not with a repeat (twice as fast here)
_DIGITS = re.compile(r"\d\d*")
_NON_WORD = re.compile(r"[\W_]+")  # what is stripped from both ends of a line: anything but letters and digits
# the ASCII characters of _NON_WORD: str.strip of them removes the edge characters _NON_WORD would
# until a letter or digit (done) or a non-ASCII character (then _NON_WORD takes the rest), without
# reversing the line for a regex
_ASCII_NON_ALNUM = "".join(ch for ch in map(chr, range(128)) if not ch.isalnum())


def normalize_lines(lines: list[str]) -> list[str]:
    """Each line lowercased, numbers to 0, edge punctuation gone, space runs to one space."""
    out = []
    for t in _DIGITS.sub("0", "\n".join(lines).lower()).split("\n"):
        # [\W_] is exactly "not str.isalnum()" for one character; most lines start with a letter
        if t and not t[0].isalnum():
            t = t.lstrip(_ASCII_NON_ALNUM)  # the usual edge: quick, and then exact when a letter is left
            if t and not t[0].isalnum():
                t = t[_NON_WORD.match(t).end():]
        if t and not t[-1].isalnum():  # most lines end in "." or the like
            t = t.rstrip(_ASCII_NON_ALNUM)
            if t and not t[-1].isalnum():
                t = t[: len(t) - _NON_WORD.match(t[::-1]).end()]
        # every whitespace character but " " is unprintable: a printable line without "  " has
        # nothing to collapse
        if "  " in t or not t.isprintable():
            t = " ".join(t.split())
        out.append(t)
    return out


def normalize_line(line: str) -> str:
    """:func:`normalize_lines` of one line: '© 2024 Site.' -> '0 site'."""
    return normalize_lines([line])[0]


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # the public-suffix snapshot shipped with tldextract (no download at run time); private suffixes
    # count, so every blogspot.com or github.io site is a source of its own
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


@lru_cache(maxsize=65536)
def registered_domain(url: str) -> str | None:
    """'https://news.bbc.co.uk/x' -> 'bbc.co.uk' (None when the URL has no registrable host)."""
    ext = _extractor()(url)
    if ext.domain and ext.suffix:
        return f"{ext.domain}.{ext.suffix}"
    return ext.domain or None


def source_of(doc: Document) -> str:
    """The source a page belongs to, for per-source statistics."""
    md = doc.metadata
    url = md.get("url")
    if isinstance(url, str) and url:
        dom = registered_domain(url)
        if dom:
            return dom
    src = md.get("source")
    if isinstance(src, str) and src:
        return src
    return str(md.get("file", ""))


def line_keys(doc: Document, source: str) -> list[int]:
    """One 64-bit key per line of the document: hash of (source, normalised line); 0 for blank lines.

    Cached until the text changes: the observe pass and the rule, when the document is carried to
    it in memory, read the same text.
    """
    cached = doc.cache.get("line_keys")
    if cached is not None and cached[0] == source:
        return cached[1]
    prefix = source + "\x00"
    digest = xxhash.xxh3_64_intdigest
    keys = [(digest((prefix + norm).encode()) or 1) if norm else 0 for norm in normalize_lines(doc.lines)]
    doc.cache["line_keys"] = (source, keys)
    return keys


def _headline_above_text(lines: list[str]) -> bool:
    """The first line is short and the second is prose: a headline over its article."""
    return len(lines[0].split()) <= 20 and len(lines[1].split()) >= 12


class _LineCounter(Observer):
    """Pass-1 counts for one shard, spilled in sorted, aggregated runs."""

    def __init__(self, state_dir: Path, shard: str, partitions: int, chunk_keys: int):
        self.dir = state_dir / "shards"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.shard, self.partitions, self.chunk = shard, partitions, chunk_keys
        self.keys = array("Q")  # 8 bytes a key, not a Python int's 28
        self.srcs = array("Q")
        self.pages: dict[int, int] = {}
        self.runs = 0

    def observe(self, doc: Document) -> None:
        source = source_of(doc)
        sh = xxhash.xxh3_64_intdigest(source.encode())
        self.pages[sh] = self.pages.get(sh, 0) + 1
        distinct = {k for k in line_keys(doc, source) if k}
        self.keys.extend(distinct)
        self.srcs.extend(array("Q", [sh]) * len(distinct))
        if len(self.keys) >= self.chunk:
            self._spill()

    def _spill(self) -> None:
        if not self.keys:
            return
        keys = np.frombuffer(self.keys, dtype=np.uint64).copy()
        srcs = np.frombuffer(self.srcs, dtype=np.uint64).copy()
        self.keys, self.srcs = array("Q"), array("Q")
        keys, srcs, counts = _aggregate(keys, srcs, np.ones(len(keys), dtype=np.uint32))
        part = (keys >> np.uint64(58)) % np.uint64(self.partitions)
        for p in range(self.partitions):
            m = part == p
            tmp = self.dir / f"{self.shard}.r{self.runs}.p{p}.npz.tmp"
            with open(tmp, "wb") as f:
                np.savez(f, keys=keys[m], srcs=srcs[m], counts=counts[m])
            tmp.replace(tmp.with_suffix(""))
        self.runs += 1

    def close(self) -> None:
        self._spill()
        src = np.array(sorted(self.pages), dtype=np.uint64)
        cnt = np.array([self.pages[s] for s in sorted(self.pages)], dtype=np.uint32)
        tmp = self.dir / f"{self.shard}.pages.npz.tmp"
        with open(tmp, "wb") as f:
            np.savez(f, srcs=src, counts=cnt)
        tmp.replace(tmp.with_suffix(""))


def _aggregate(keys: np.ndarray, srcs: np.ndarray, counts: np.ndarray):
    """Sum counts of equal keys: (unique keys, their source, summed counts)."""
    order = np.argsort(keys, kind="stable")
    keys, srcs, counts = keys[order], srcs[order], counts[order]
    if len(keys) == 0:
        return keys, srcs, counts
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], srcs[starts], np.add.reduceat(counts.astype(np.uint64), starts).astype(np.uint32)


@register("learned_boilerplate")
class LearnedBoilerplate(CorpusStep):
    """Removes lines that recur on many pages of the same source (a two-pass corpus step).

    Lines are counted after the per-page rules, so that what they already removed (a "related"
    list naming other pages' headlines, say) does not make a page's own headline look recurrent.
    """

    def __init__(self, enabled: bool = True, min_pages: int = 3, min_fraction: float = 0.1,
                 partitions: int = 16, chunk_keys: int = 1_000_000):
        # min_pages 3, min_fraction 0.1: chosen on bench/learned_boilerplate.py (sites of 5–500 pages
        # with slightly varying templates): ≥ 95% of template lines go, < 0.5% of article lines
        super().__init__()
        self.enabled = enabled
        self.min_pages = min_pages
        self.min_fraction = min_fraction
        self.partitions = partitions
        self.chunk_keys = chunk_keys
        self.keys: np.ndarray | None = None
        self.counts: np.ndarray | None = None
        self.pages: dict[int, int] = {}

    def observer(self, state_dir, shard_name: str) -> Observer:
        return _LineCounter(Path(state_dir), shard_name, self.partitions, self.chunk_keys)

    def fit(self, state_dir, shard_names: list[str]) -> None:
        """Merge the shards' counts one partition at a time; keep the lines that qualify."""
        d = Path(state_dir) / "shards"
        page_src, page_cnt = [], []
        for name in shard_names:
            f = d / f"{name}.pages.npz"
            if f.exists():
                z = np.load(f)
                page_src.append(z["srcs"])
                page_cnt.append(z["counts"])
        if page_src:
            srcs, _, pages = _aggregate(np.concatenate(page_src), np.concatenate(page_src), np.concatenate(page_cnt))
        else:
            srcs, pages = np.zeros(0, np.uint64), np.zeros(0, np.uint32)
        kept_keys, kept_counts, kept_pages = [], [], []
        for p in range(self.partitions):
            parts = [np.load(f) for name in shard_names for f in sorted(d.glob(f"{name}.r*.p{p}.npz"))]
            if not parts:
                continue
            keys, ksrc, counts = _aggregate(np.concatenate([z["keys"] for z in parts]),
                                            np.concatenate([z["srcs"] for z in parts]),
                                            np.concatenate([z["counts"] for z in parts]))
            total = pages[np.searchsorted(srcs, ksrc)] if len(srcs) else np.zeros(len(keys), np.uint32)
            ok = (counts >= self.min_pages) & (counts >= self.min_fraction * total)
            kept_keys.append(keys[ok])
            kept_counts.append(counts[ok])
            kept_pages.append(total[ok])
        keys = np.concatenate(kept_keys) if kept_keys else np.zeros(0, np.uint64)
        order = np.argsort(keys)
        tmp = Path(state_dir) / "fitted.npz.tmp"
        with open(tmp, "wb") as f:
            np.savez(f, keys=keys[order],
                     counts=(np.concatenate(kept_counts) if kept_counts else np.zeros(0, np.uint32))[order],
                     pages=(np.concatenate(kept_pages) if kept_pages else np.zeros(0, np.uint32))[order])
        tmp.replace(tmp.with_suffix(""))

    def load(self, state_dir) -> None:
        z = np.load(Path(state_dir) / "fitted.npz")
        self.keys, self.counts, self.pages_of = z["keys"], z["counts"], z["pages"]

    def __call__(self, doc: Document) -> Document:
        if doc.dropped is not None or self.keys is None or not len(self.keys) or not self.enabled:
            return doc
        source = source_of(doc)
        keys = np.array(line_keys(doc, source), dtype=np.uint64)
        pos = np.searchsorted(self.keys, keys)
        pos[pos >= len(self.keys)] = 0
        hit = (self.keys[pos] == keys) & (keys != 0)
        if hit[0] and len(hit) > 1 and not hit[1] and _headline_above_text(doc.lines):
            hit[0] = False  # the page's own headline, recurrent only because "related" lists name it
        if not hit.any():
            return doc
        spans = doc.line_spans()
        cuts = [(spans[i][0], spans[i][1] + 1 if i + 1 < len(spans) else spans[i][1],
                 f"on {self.counts[pos[i]]} of {self.pages_of[pos[i]]} pages of {source}")
                for i in np.flatnonzero(hit)]
        self.apply(doc, cuts)
        return doc
