"""Keep/drop parity of thresher's published filters with datatrove 0.10's implementations.

    .venv-bench/bin/python bench/parity.py [--docs 6000] [--workers 2]

(the bench venv: ``python3 -m venv .venv-bench && .venv-bench/bin/pip install datatrove spacy regex -e .``;
datatrove is a bench dependency only, never a runtime one.)

Three corpora: the 60 dev pages as fetched (raw.txt), their gold articles (gold.txt), and a
generated corpus of real gold paragraphs recombined with injected junk that exercises every branch
of every filter.  Each thresher filter is compared twice with datatrove:

- *as shipped*: datatrove 0.10 with its defaults;
- *same semantics*: datatrove with thresher's published thresholds (C4: 3 sentences, 5 words a line;
  FineWeb: duplicated-line chars 0.1) and thresher's three deliberate choices, which the report of
  the as-shipped run explains: for the Gopher filters its spaCy tokens with the punctuation-only
  tokens left out (what "word" means in the paper); for Gopher quality, line fractions over
  non-blank lines (datatrove is given the text without its blank lines) and stop words matched
  case-insensitively.  Everything else is datatrove's own code.  The ≥ 98% target is on this.

Every disagreement is grouped by (thresher reason, datatrove reason) and explained.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

try:
    import datatrove  # noqa: F401
    from datatrove.data import Document as DtDoc
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )
    from datatrove.pipeline.filters import c4_filters as _dt_c4
    from datatrove.pipeline.filters import gopher_quality_filter as _dt_gq
    from datatrove.pipeline.filters import gopher_repetition_filter as _dt_gr
    from datatrove.utils.text import PUNCTUATION_SET, TERMINAL_PUNCTUATION, split_into_words
except ImportError:
    sys.exit("bench/parity.py needs datatrove: python3 -m venv .venv-bench && "
             ".venv-bench/bin/pip install datatrove spacy regex -e . (then run it with .venv-bench/bin/python)")

from thresher.document import Document
from thresher.filters.c4 import C4
from thresher.filters.fineweb import FineWeb
from thresher.filters.gopher import GopherQuality, GopherRepetition

DEV = Path(os.environ.get("THRESHER_DEV", Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"))
FILTERS = ["gopher_quality", "gopher_repetition", "c4", "fineweb"]


# ---- datatrove, as shipped and with thresher's semantics ------------------------------------------
def _words_no_punct(text, language="en"):
    """datatrove's spaCy tokens without the tokens made only of punctuation."""
    return [w for w in split_into_words(text, language) if any(c not in PUNCTUATION_SET for c in w)]


_SHIPPED = (split_into_words, _dt_gr.find_top_duplicate, _dt_c4.END_PUNCTUATION)


def _top_repeated(grams: list[str]) -> int:
    """datatrove's find_top_duplicate counting only an n-gram that occurs more than once (as thresher)."""
    n = _SHIPPED[1](grams)
    return n if len(set(grams)) < len(grams) else 0


def _words_no_punct_lower(text, language="en"):
    """As :func:`_words_no_punct`, lowercased: Gopher's stop words then match 'The' (lengths unchanged)."""
    return [w.lower() for w in _words_no_punct(text, language)]


def _nonblank(text: str) -> str:
    """``text`` without its blank lines: datatrove's line fractions then count non-blank lines, as thresher's."""
    return "\n".join(line for line in text.splitlines() if line.strip())


def _semantics(mode: str) -> None:
    """Patch datatrove's module globals to thresher's semantics ('same') or restore them ('shipped')."""
    same = mode == "same"
    _dt_gr.split_into_words = _words_no_punct if same else _SHIPPED[0]
    _dt_gq.split_into_words = _words_no_punct_lower if same else _SHIPPED[0]
    _dt_gr.find_top_duplicate = _top_repeated if same else _SHIPPED[1]
    _dt_c4.END_PUNCTUATION = (*_SHIPPED[2], "”") if same else _SHIPPED[2]


def _datatrove(text: str) -> dict[str, str]:
    """Verdict ('keep' or datatrove's reason) of each datatrove filter, shipped and same-semantics."""
    out = {}
    for mode in ("shipped", "same"):
        _semantics(mode)
        filters = {
            "gopher_quality": GopherQualityFilter(),
            "gopher_repetition": GopherRepetitionFilter(),
            "c4": C4QualityFilter() if mode == "shipped" else C4QualityFilter(min_num_sentences=3, min_words_per_line=5),
            "fineweb": FineWebQualityFilter() if mode == "shipped" else FineWebQualityFilter(
                char_duplicates_ratio=0.1, stop_chars=(*TERMINAL_PUNCTUATION, "…")),
        }
        for name, f in filters.items():
            given = _nonblank(text) if mode == "same" and name == "gopher_quality" else text
            try:
                r = f.filter(DtDoc(text=given, id="x"))
            except (ZeroDivisionError, ValueError) as e:  # datatrove divides by 0 words on empty text
                r = (False, f"error:{type(e).__name__}")
            out[f"{name}/{mode}"] = "keep" if r is True else r[1]
    _semantics("shipped")
    return out


def _datatrove_all(texts: list[str], workers: int) -> list[dict[str, str]]:
    """datatrove verdicts for every text, cached on disk by the corpus hash (spaCy is slow)."""
    import orjson

    key = hashlib.sha1(("semantics-v3\x00" + "\x00".join(texts)).encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "thresher-bench" / f"dt-{key}.json"
    if cache.exists():
        return orjson.loads(cache.read_bytes())
    with ProcessPoolExecutor(workers) as ex:
        res = list(ex.map(_datatrove, texts, chunksize=32))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(orjson.dumps(res))
    return res


def _thresher(texts: list[str]) -> tuple[list[dict[str, str]], float]:
    """thresher's verdict ('keep' or drop detail) of each filter for every text, and the seconds taken."""
    filters = {"gopher_quality": GopherQuality(), "gopher_repetition": GopherRepetition(), "c4": C4(),
               "fineweb": FineWeb()}
    out = []
    t0 = time.perf_counter()
    for i, text in enumerate(texts):
        doc = Document(str(i), text)  # one document: the filters share its tokens through doc.cache
        out.append({name: (f.check(doc) or "keep") for name, f in filters.items()})
    return out, time.perf_counter() - t0


# ---- the corpora -----------------------------------------------------------------------------------
def dev_pages(kind: str) -> list[str]:
    return [(d / f"{kind}.txt").read_text(encoding="utf-8") for d in sorted(DEV.iterdir()) if (d / "gold.txt").exists()]


_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
POLICY = ["This site uses cookies to improve your experience.", "By using this site you agree to our Terms of Use.",
          "Read our Privacy Policy and Cookie Policy for details."]


def generated(n: int, seed: int = 20261101) -> tuple[list[str], list[str]]:
    """``n`` documents of recombined gold paragraphs with injected junk; returns (texts, recipes)."""
    rng = random.Random(seed)
    gold, junk = [], []
    for d in sorted(DEV.iterdir()):
        g = (d / "gold.txt").read_text(encoding="utf-8")
        gl = {line.strip() for line in g.split("\n")}
        gold += [p.strip() for p in g.split("\n") if len(p.split()) >= 6]
        junk += [line.strip() for line in (d / "raw.txt").read_text(encoding="utf-8").split("\n")
                 if line.strip() and line.strip() not in gl]
    short_junk = [j for j in junk if len(j) <= 30]
    injectors = {
        "menu": lambda ps: ps[:1] + rng.sample(short_junk, rng.randint(3, 40)) + ps[1:],
        "page_junk": lambda ps: rng.sample(junk, rng.randint(5, 60)) + ps + rng.sample(junk, rng.randint(0, 30)),
        "repeat_lines": lambda ps: ps + [rng.choice(ps) for _ in range(rng.randint(1, 8))],
        "repeat_body": lambda ps: ps + ps,
        "repeat_phrase": lambda ps: ps + [" ".join([rng.choice(ps)[:40]] * rng.randint(3, 30))],
        "no_punct": lambda ps: [p.rstrip(".!?\"'”’") for p in ps],
        "one_sentence_per_line": lambda ps: [s for p in ps for s in _SENT.split(p)],
        "bullets": lambda ps: [rng.choice("•-") + " " + s for p in ps for s in _SENT.split(p)],
        "ellipsis": lambda ps: [p[: rng.randint(20, 120)].rstrip() + rng.choice(["...", "…"]) for p in ps],
        "hashtags": lambda ps: ps + [" ".join("#" + w.strip(".,") for w in rng.choice(ps).split()[:30])],
        "numbers": lambda ps: ps + [" ".join(str(rng.randint(0, 9999)) for _ in range(rng.randint(5, 12))) + "."
                                    for _ in range(rng.randint(3, 40))],
        "lorem": lambda ps: ps + ["Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod."],
        "curly": lambda ps: ps + ["function init() { return window.dataLayer || []; } is called on load."],
        "javascript": lambda ps: ps + ["Please enable JavaScript in your browser to view this content."],
        "policy": lambda ps: ps + rng.sample(POLICY, rng.randint(1, 3)),
        "citations": lambda ps: [p.replace(". ", ".[1] ", 2) for p in ps],
        "long_word": lambda ps: ps + ["data:" + "".join(rng.choice("ABCDEFabcdef0123456789+/") for _ in range(1200))],
        "truncate": lambda ps: ps[:1] if rng.random() < 0.5 else [" ".join(ps[0].split()[: rng.randint(5, 60)])],
        "blank_lines": lambda ps: ps,  # paragraphs separated by blank lines instead of single newlines
    }
    names = sorted(injectors)
    texts, recipes = [], []
    for _ in range(n):
        k = rng.choice([1, 1, 2, 3, 4, 6, 8, 12, 16])
        start = rng.randrange(len(gold))
        ps = gold[start:start + k] if rng.random() < 0.7 else rng.sample(gold, min(k, len(gold)))
        chosen = [] if rng.random() < 0.2 else rng.sample(names, rng.choice([1, 1, 1, 2, 3]))
        for name in chosen:
            ps = injectors[name](list(ps)) or ps
        sep = "\n\n" if "blank_lines" in chosen or rng.random() < 0.3 else "\n"
        texts.append(sep.join(ps))
        recipes.append("+".join(chosen) or "clean")
    return texts, recipes


# ---- comparison and report ------------------------------------------------------------------------
_TOK = ("tokenisation at the threshold: thresher's words are whitespace tokens less their edge punctuation "
        "(a URL, 'U.S.', '3.5', \"don't\" and a base64 blob with '+/' are one word each); spaCy splits "
        "'don't' into 'do'+'n't', hyphenated words into three tokens and some blobs at '+', '/', so counts and "
        "mean lengths differ by a few percent and documents within that margin of a threshold flip")
EXPLAIN = {
    ("gopher_quality", "keep", "gopher_below_alpha_threshold"):
        "datatrove as shipped counts every punctuation token as a word, so clean prose (and box scores with "
        "many commas/dashes) falls under 80% alphabetic words. thresher follows the paper: a word is letters "
        "or digits, punctuation is not a word. With punctuation tokens left out (same semantics) datatrove "
        "agrees on every dev page; the few generated documents left are " + _TOK,
    ("gopher_quality", "bullet_lines_frac", "keep"):
        "deliberate: thresher's line fractions are over non-blank lines; datatrove divides by all lines, "
        "blank ones included, so a bulleted list with blank lines between items is only ~50% bullets to it.",
    ("gopher_quality", "ellipsis_lines_frac", "keep"):
        "deliberate: as for bullets, thresher's fraction is over non-blank lines, datatrove's over all lines.",
    ("gopher_quality", "mean_word_length", "keep"): _TOK,
    ("gopher_quality", "keep", "gopher_above_avg_threshold"): _TOK,
    ("gopher_quality", "keep", "gopher_below_avg_threshold"): _TOK,
    ("gopher_quality", "n_words", "keep"): _TOK,
    ("gopher_quality", "keep", "gopher_short_doc"): _TOK,
    ("gopher_quality", "hash_word_ratio", "keep"): _TOK + " (the ratio's denominator is the word count)",
    ("gopher_quality", "alpha_words_frac", "*"): _TOK,
    ("gopher_quality", "keep", "*"): _TOK,
    ("gopher_quality", "keep", "gopher_enough_stop_words"):
        "deliberate: thresher matches the stop words case-insensitively ('The' is 'the'); datatrove is "
        "case-sensitive, so a page whose only 'the' is sentence-initial fails there.",
    ("gopher_repetition", "keep", "*"): _TOK,
    **{("gopher_repetition", "keep", f"top_{n}_gram"): "top n-gram: datatrove scores the most frequent n-gram even when it occurs once, so any short text "
        "(or one with a few long CJK 'words') 'repeats' its first n-gram; thresher (and the paper's intent) "
        "scores only n-grams that repeat. With that one change (same semantics) datatrove agrees; what "
        "remains is " + _TOK for n in (2, 3, 4)},
    ("gopher_repetition", "*", "keep"):
        "duplicate n-gram characters at the threshold: n-grams over different tokens (spaCy keeps "
        "punctuation and '#tag' splits differently), " + _TOK,
    ("c4", "keep", "too_few_sentences"):
        "shipped: datatrove defaults to 5 sentences and 3 words a line; the paper (and TFDS c4_utils.py, "
        "which built C4) say 3 sentences and 5 words. thresher uses the paper. Same semantics: sentence "
        "splitting (spaCy sentencizer vs thresher's regex with an abbreviation list) near 3 sentences.",
    ("c4", "sentences", "keep"):
        "sentence splitting near the threshold: spaCy's sentencizer and thresher's regex disagree on "
        "abbreviations, '?' inside quotes and a missing space after a full stop.",
    ("c4", "*", "*"): "curly quotes/apostrophe line endings: datatrove accepts a line ending in ' (the paper "
        "does not); thresher accepts ” as the paper's \".",
    ("fineweb", "keep", "char_dup_ratio"):
        "shipped: datatrove's duplicated-line threshold is 0.01, ten times the paper's 0.1 (thresher uses the "
        "paper's). Raw pages repeat menu items and share links, which trips 0.01 on ~90% of them.",
    ("fineweb", "keep", "line_punct_ratio"):
        "thresher counts a line ending in a closing quote after punctuation ('…said.”') and '…' as ending in "
        "punctuation; datatrove's TERMINAL_PUNCTUATION has neither quotes nor '…' ('...' counts because "
        "of its last '.').",
    ("fineweb", "newline_word_ratio", "keep"): _TOK + " (newlines per word: spaCy's count includes "
        "punctuation tokens, so its ratio is lower)",
    ("fineweb", "*", "*"): "comparison at the threshold: the paper drops at <= 0.12 and >= 0.67, datatrove at "
        "< 0.12 and > 0.67; thresher follows the paper.",
}


def _stat(verdict: str) -> str:
    """The statistic a thresher detail names ('keep' stays 'keep')."""
    return verdict.split(" ", 1)[0]


def compare(corpus: str, ths: list[dict], dts: list[dict], recipes: list[str] | None, classes: dict) -> dict:
    """Agreement per filter and mode; disagreements collected into ``classes``."""
    rows = {}
    for name in FILTERS:
        for mode in ("shipped", "same"):
            agree = 0
            for i, (t, d) in enumerate(zip(ths, dts)):
                tk, dk = t[name] == "keep", d[f"{name}/{mode}"] == "keep"
                if tk == dk:
                    agree += 1
                elif mode == "same" or corpus != "generated":
                    key = (name, mode, _stat(t[name]), d[f"{name}/{mode}"])
                    c = classes.setdefault(key, {"n": Counter(), "example": None})
                    c["n"][corpus] += 1
                    if c["example"] is None:
                        c["example"] = f"{corpus}#{i}" + (f" [{recipes[i]}]" if recipes else "") + f": {t[name]}"
            rows[(name, mode)] = agree / len(ths)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=6000, help="documents in the generated corpus (default 6000)")
    ap.add_argument("--workers", type=int, default=2, help="processes for datatrove (default 2)")
    args = ap.parse_args()
    if not DEV.is_dir():
        sys.exit(f"bench/parity.py: the dev pages are not at {DEV} (set THRESHER_DEV)")
    gen, recipes = generated(args.docs)
    corpora = {"dev raw": (dev_pages("raw"), None), "dev gold": (dev_pages("gold"), None), "generated": (gen, recipes)}
    results, classes, drop_rates = {}, {}, {}
    for cname, (texts, rec) in corpora.items():
        t0 = time.perf_counter()
        dts = _datatrove_all(texts, args.workers)
        dt_time = time.perf_counter() - t0
        ths, th_time = _thresher(texts)
        results[cname] = compare(cname, ths, dts, rec, classes)
        drop_rates[cname] = {n: (sum(t[n] != "keep" for t in ths) / len(texts),
                                 sum(d[f"{n}/shipped"] != "keep" for d in dts) / len(texts)) for n in FILTERS}
        print(f"{cname}: {len(texts)} docs; thresher's 4 filters {len(texts) / th_time:,.0f} docs/s"
              f" (datatrove {dt_time:.0f}s, cached after the first run)", file=sys.stderr)

    print("\nKeep/drop agreement with datatrove 0.10 (same semantics | as shipped);"
          " drop rate thresher / datatrove as shipped")
    print(f"{'filter':<18}" + "".join(f"{c:>38}" for c in corpora))
    for name in FILTERS:
        cells = []
        for c in corpora:
            th, dt = drop_rates[c][name]
            cells.append(f"{results[c][(name, 'same')]:7.1%} | {results[c][(name, 'shipped')]:6.1%}"
                         f"  ({th:4.0%} / {dt:4.0%})")
        print(f"{name:<18}" + "".join(f"{x:>38}" for x in cells))
    target = all(results[c][(n, "same")] >= 0.98 for c in corpora for n in FILTERS)
    print(f"\ntarget >= 98% agreement (same semantics) on every corpus and filter: {'met' if target else 'NOT met'}")

    print("\nDisagreements by class (filter, thresher reason vs datatrove reason), with the explanation:")
    by_filter = defaultdict(list)
    for key, c in classes.items():
        by_filter[key[0]].append((key, c))
    for name in FILTERS:
        for (f, mode, ts, dr), c in sorted(by_filter[name], key=lambda kc: (kc[0][1], -sum(kc[1]["n"].values()))):
            counts = ", ".join(f"{k} {v}" for k, v in sorted(c["n"].items()))
            why = EXPLAIN.get((f, ts, dr)) or EXPLAIN.get((f, ts, "*")) or EXPLAIN.get((f, "*", dr)) or "UNEXPLAINED"
            print(f"- {f} [{mode}] thresher={ts} datatrove={dr}: {counts}\n    e.g. {c['example']}\n    {why}")


if __name__ == "__main__":
    main()
