"""Rule ``boilerplate``: page furniture removed from whole-page plain text, the article kept.

Plain text carries no DOM, so the rule reads what a line looks like and where it sits, the way
jusText and boilerpipe do on blocks (Pomikálek 2011, ch. 4; Kohlschütter et al. 2010, WSDM):

1. **Line features**: words (CJK characters count one each), characters, sentence-final
   punctuation (``.!?`` and ``。！？``), stop-word density in the document's language (the most
   frequent words of jusText's stoplists, 58 languages, picked per document), commas, capitalised
   words, digits, URLs, separators, dates, repeats, and the furniture phrase classes of
   :mod:`._boilerplate_phrases` (share, cookie, newsletter, login, comments, related, ad, credit,
   byline, nav, tags, copyright, disclaimer).
2. **Line model**: logistic regression on each line's features and its neighbours' (runs of short
   lines around a contiguous dense region are what a page looks like as text).
3. **Context model**: a second logistic regression on the first one's scores over windows of
   neighbours and on membership of the densest region, the learned counterpart of jusText's
   context smoothing.  Both models' weights ship in ``thresher/data/boilerplate_model.json``,
   trained by ``bench/train_boilerplate.py`` (deterministic, numpy only).
4. **Edges**: furniture phrases at the edges of the kept text (a "Legal Disclaimer:" heading and
   its paragraph, "Comments / No comment", a copyright footer) are trimmed even when long, and a
   headline directly above the first kept paragraph is kept.

Each removal's detail names its class: a phrase class above, ``nav`` for short link-like lines,
or ``low_density`` for lines that read as text outside the article.

>>> from thresher.document import Document
>>> text = ("Home\\nNews\\nSport\\nWeather\\nA headline about rain\\n"
...         + "Heavy rain fell across the region on Tuesday, and the forecasters said that more was on the way. " * 2
...         + "\\nIt was the wettest day of the year so far, according to the local weather service.\\n"
...         + "Share this article\\nCopyright © 2024 Example News. All rights reserved.")
>>> doc = Boilerplate()(Document("d", text))
>>> doc.lines[0], doc.lines[-1]
('A headline about rain', 'It was the wettest day of the year so far, according to the local weather service.')
>>> sorted({r.detail for r in doc.removed})
['copyright', 'nav', 'share']
"""

from __future__ import annotations

import json
import math
import re
from importlib import resources

import numpy as np

from ..document import Document
from ..registry import register
from ..step import Rule
from ..tokens import CJK_RE, WORD_RE
from ._boilerplate_phrases import COMMENTS_START, HEADING, SHORT_WORDS, line_class

# sentence-final punctuation, optionally followed by closing quotes or brackets
_SENT_END = re.compile(r"[.!?。！？…](?:[\"'”’»)\]」』]*)$")
_URL = re.compile(r"https?://|www\.|\b[\w.-]+@[\w-]+\.\w|\b\w+\.(?:com|org|net|co\.uk|html?)\b|(?:^|\s)@\w", re.IGNORECASE)
_URL_HINTS = ("http", "www.", "@", ".com", ".org", ".net", ".co", ".htm")
_SEP = re.compile(r"[|•·»›«‹►▶→]|\s/\s")
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|\d{1,2}:\d\d|\b\d{4}[-/.]\d|\d[-/.]\d{4}\b|"
    r"\b(?:ago|updated|published|posted)\b|年|月|日",
    re.IGNORECASE,
)
# function characters of Japanese and Chinese prose, standing in for stop words in CJK lines
_CJK_FUNC = frozenset("のはがをにでとたてしいなるかもれよりからまだこそ的了是在不和有我这也就人都他她们个上")
_COMMA = re.compile(r"[,，、;；]")
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[^\w\s]")

FEATURES1 = (
    "log_words", "log_chars", "end_punct", "end_colon", "stop_density", "comma_rate", "cap_rate", "digit_rate",
    "punct_rate", "url", "separator", "date", "phrase_short", "phrase_text", "repeated", "cjk",
    "prev_log_words", "next_log_words", "prev_end", "next_end", "good_win2", "good_win5",
    "before_first_good", "after_last_good", "log_dist_good", "position", "rel_words", "in_list", "in_comments",
)
FEATURES2 = (
    "z", "z_prev", "z_next", "z_prev2", "z_next2", "p_win3", "p_win8", "p_max_prev5", "p_max_next5",
    "in_region", "log_words", "end_punct", "phrase_short", "phrase_text", "in_list", "doc_phrase_rate",
    "doc_good_words", "doc_log_lines", "in_comments",
)


def _load_json(name: str) -> dict:
    """A JSON data file shipped in ``thresher/data``."""
    return json.loads(resources.files("thresher").joinpath("data", name).read_text(encoding="utf-8"))


def _load_stopwords() -> tuple[list[str], dict[str, tuple[int, ...]], list[frozenset]]:
    """Language codes, word -> indices of the languages listing it, and each language's set."""
    langs = _load_json("stopwords.json")["languages"]
    codes = list(langs)
    sets = [frozenset(langs[c].split()) for c in codes]
    index: dict[str, list[int]] = {}
    for k, words in enumerate(sets):
        for w in words:
            index.setdefault(w, []).append(k)
    return codes, {w: tuple(v) for w, v in index.items()}, sets


# read-only tables, loaded once at import
_LANGS, _STOP_INDEX, _STOP_SETS = _load_stopwords()
_MODEL = _load_json("boilerplate_model.json") if resources.files("thresher").joinpath(
    "data", "boilerplate_model.json").is_file() else None


def document_stopwords(token_lists: list[list[str]]) -> frozenset:
    """The stop-word set of the language whose stop words the document's longer lines use most."""
    counts = [0] * len(_LANGS)
    seen = 0
    for toks in sorted(token_lists, key=len, reverse=True):
        for t in toks:
            for k in _STOP_INDEX.get(t, ()):
                counts[k] += 1
        seen += len(toks)
        if seen > 600:
            break
    best = max(range(len(counts)), key=counts.__getitem__) if counts else 0
    return _STOP_SETS[best] if counts and counts[best] else frozenset()


class Lines:
    """The non-empty lines of a text with their per-line statistics (one pass, linear)."""

    __slots__ = ("cls", "doc", "end", "f1", "good", "in_comments", "in_list", "index", "reason", "text", "words")

    def __init__(self, lines: list[str]):
        self.index = [i for i, line in enumerate(lines) if line.strip()]
        self.reason: dict[int, str] = {}  # removal class set by the structural passes
        self.text = [lines[i].strip() for i in self.index]
        toks = []
        cjk_counts = []
        lows = [line.lower() for line in self.text]
        for low in lows:
            cjk = CJK_RE.findall(low)
            cjk_counts.append(cjk)
            toks.append(WORD_RE.findall(CJK_RE.sub(" ", low) if cjk else low))
        stops = document_stopwords(toks)
        counts: dict[str, int] = {}
        for line in self.text:
            counts[line] = counts.get(line, 0) + 1
        n = len(self.text)
        self.words = [len(t) + len(c) for t, c in zip(toks, cjk_counts)]
        self.end = [bool(_SENT_END.search(line[-6:])) for line in self.text]
        self.cls = [line_class(line, w) for line, w in zip(self.text, self.words)]
        own = []
        for k, line in enumerate(self.text):
            t, cjk, nw, low = toks[k], cjk_counts[k], self.words[k], lows[k]
            nc = len(line)
            if cjk and len(cjk) >= len(t):
                stop = sum(ch in _CJK_FUNC for ch in cjk) / len(cjk)
            else:
                stop = sum(w in stops for w in t) / len(t) if t else 0.0
            parts = line.split()
            caps = sum(1 for w in parts if w[0].isupper())
            digits = len(_DIGIT.findall(line))
            punct = len(_PUNCT.findall(line))
            cls = self.cls[k]
            own.append((
                math.log1p(nw), math.log1p(nc), float(self.end[k]), float(line.endswith((":", "："))), stop,
                min(len(_COMMA.findall(line)) / max(nw, 1), 1.0), min(caps / max(len(parts), 1), 1.0) if not cjk else 0.0,
                digits / nc, punct / nc,
                float(any(u in low for u in _URL_HINTS) and bool(_URL.search(line))),
                float(bool(_SEP.search(line))), float(nw <= 10 and digits > 0 and bool(_MONTH.search(line))),
                float(bool(cls) and nw <= SHORT_WORDS), float(cls in ("copyright", "disclaimer", "cookie", "newsletter")),
                float(counts[line] > 1), len(cjk) / max(nw, 1),
            ))
        good = [(w >= 10 and e) or w >= 25 for w, e in zip(self.words, self.end)]
        self.good = good
        first = next((k for k in range(n) if good[k]), n)
        last = next((k for k in range(n - 1, -1, -1) if good[k]), -1)
        # distance (in lines) to the nearest good line, both directions, linear
        dist = [n] * n
        d = n
        for k in range(n):
            d = 0 if good[k] else d + 1
            dist[k] = d
        d = n
        for k in range(n - 1, -1, -1):
            d = 0 if good[k] else d + 1
            dist[k] = min(dist[k], d)
        prefix = [0]
        for g in good:
            prefix.append(prefix[-1] + g)
        max_w = max(self.words, default=1) or 1
        # a list introduced by a line ending in a colon: the lines under it until prose or furniture
        in_list = [0.0] * n
        open_list = False
        for k in range(n):
            if open_list and (good[k] or self.cls[k]):
                open_list = False
            in_list[k] = float(open_list)
            if self.text[k].endswith((":", "：")) and self.words[k] <= 25 and not self.cls[k]:
                open_list = True
        self.in_list = in_list
        # below a comment-section opening that follows some prose: the comment section
        in_comments = [0.0] * n
        start = next((k for k in range(first + 1, n) if COMMENTS_START.match(self.text[k])), n)
        for k in range(start, n):
            in_comments[k] = 1.0
        self.in_comments = in_comments
        total_words = sum(self.words) or 1
        self.doc = (
            sum(1 for c in self.cls if c) / max(n, 1),
            sum(w for w, g in zip(self.words, good) if g) / total_words,
            math.log1p(n),
        )
        rows = []
        for k in range(n):
            o = own[k]
            pw = o if k == 0 else own[k - 1]
            nx = o if k == n - 1 else own[k + 1]
            win2 = (prefix[min(n, k + 3)] - prefix[max(0, k - 2)]) / (min(n, k + 3) - max(0, k - 2))
            win5 = (prefix[min(n, k + 6)] - prefix[max(0, k - 5)]) / (min(n, k + 6) - max(0, k - 5))
            rows.append(o + (
                pw[0] if k else 0.0, nx[0] if k < n - 1 else 0.0, pw[2] if k else 0.0, nx[2] if k < n - 1 else 0.0,
                win2, win5, float(k < first), float(k > last), math.log1p(min(dist[k], 50)), k / max(n - 1, 1),
                self.words[k] / max_w, in_list[k], in_comments[k],
            ))
        self.f1 = np.array(rows, dtype=np.float64).reshape(n, len(FEATURES1))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _apply(stage: dict, x: np.ndarray) -> np.ndarray:
    """Logit of one stage's logistic regression on feature rows ``x``."""
    return ((x - np.asarray(stage["mean"])) / np.asarray(stage["scale"])) @ np.asarray(stage["w"]) + stage["b"]


def densest_region(p: np.ndarray, words: list[int]) -> tuple[int, int]:
    """``[a, b)`` of the maximum-sum run of (p - 0.5) * sqrt(words): the article's main block."""
    best, best_a, best_b = 0.0, 0, 0
    run, a = 0.0, 0
    for k in range(len(p)):
        v = (p[k] - 0.5) * math.sqrt(words[k] + 1)
        if run <= 0:
            run, a = v, k
        else:
            run += v
        if run > best:
            best, best_a, best_b = run, a, k + 1
    return best_a, best_b


def features2(z1: np.ndarray, lines: Lines) -> np.ndarray:
    """The context model's features from the line model's logits ``z1``."""
    n = len(z1)
    p = _sigmoid(z1)
    a, b = densest_region(p * (1.0 - lines.f1[:, 28]), lines.words)
    cp = np.concatenate(([0.0], np.cumsum(p)))
    idx = np.arange(n)

    def win(r: int) -> np.ndarray:
        lo, hi = np.maximum(idx - r, 0), np.minimum(idx + r + 1, n)
        return (cp[hi] - cp[lo]) / (hi - lo)

    pad = np.concatenate(([-3.0, -3.0], z1, [-3.0, -3.0]))
    ppad = np.concatenate((np.zeros(5), p, np.zeros(5)))
    max_prev = np.array([ppad[k:k + 5].max() for k in range(n)]) if n else np.zeros(0)
    max_next = np.array([ppad[k + 6:k + 11].max() for k in range(n)]) if n else np.zeros(0)
    f1 = lines.f1
    cols = [
        z1, pad[1:n + 1], pad[3:n + 3], pad[0:n], pad[4:n + 4], win(3), win(8), max_prev, max_next,
        ((idx >= a) & (idx < b)).astype(float), f1[:, 0], f1[:, 2], f1[:, 12], f1[:, 13], f1[:, 27],
        *(np.full(n, v) for v in lines.doc), f1[:, 28],
    ]
    return np.stack(cols, axis=1) if n else np.zeros((0, len(FEATURES2)))


def keep_mask(lines: Lines, model: dict) -> list[bool]:
    """Which non-empty lines are article: the two models, then the edge and headline passes."""
    n = len(lines.text)
    if n == 0:
        return []
    if looks_clean(lines):
        return fix_edges(lines, [True] * n)
    z1 = _apply(model["stage1"], lines.f1)
    z2 = _apply(model["stage2"], features2(z1, lines))
    return fix_edges(lines, decide(z2, model["threshold"], model.get("threshold_inside", model["threshold"])))


def looks_clean(lines: Lines, max_phrases: int = 1, max_short_run: int = 15) -> bool:
    """True for text that is already an article: at most ``max_phrases`` furniture phrases and no
    run of more than ``max_short_run`` short unpunctuated lines (a menu).  On the 60 dev pages every
    clean article but one passes and no whole page with a menu does; such text keeps every line
    but the furniture at its edges.
    """
    if sum(1 for c in lines.cls if c) > max_phrases:
        return False
    run = 0
    for w, e in zip(lines.words, lines.end):
        run = run + 1 if (w <= 6 and not e) else 0
        if run > max_short_run:
            return False
    return True


def decide(z2: np.ndarray, t_out: float, t_in: float) -> list[bool]:
    """Keep lines scoring ``t_out``; between the first and last of those, lines scoring ``t_in``.

    Short lines inside the article (list items, subheadings, quotes) need less evidence than lines
    around it: jusText's near-good blocks between good ones, as two thresholds.
    """
    core = np.flatnonzero(z2 >= t_out)
    keep = z2 >= t_out
    if len(core):
        a, b = core[0], core[-1] + 1
        keep[a:b] |= z2[a:b] >= t_in
    return keep.tolist()


def fix_edges(lines: Lines, keep: list[bool]) -> list[bool]:
    """Trim furniture phrases off the kept text's edges; keep the headline above the first paragraph."""
    n = len(keep)
    kept = [k for k in range(n) if keep[k]]
    if not kept:
        return keep
    cls, words, text = lines.cls, lines.words, lines.text
    # a comment section under the article: cut from its opening line to the end
    total = sum(words[k] for k in kept)
    before = 0
    for k in range(kept[0], n):
        if keep[k]:
            before += words[k]
        if k > kept[0] and before >= 0.4 * total and COMMENTS_START.match(text[k]):
            for j in range(k, n):
                if keep[j] or not lines.cls[j]:
                    lines.reason[j] = "comments"
                keep[j] = False
            break
    kept = [k for k in range(n) if keep[k]]
    if not kept:
        return keep
    # trailing furniture: from the last kept line back, lines of a class (and the heading over them)
    k = kept[-1]
    while k > kept[0] and (cls[k] or HEADING.match(text[k]) or (words[k] <= 3 and not lines.end[k])):
        if cls[k] in ("disclaimer", "copyright") or (cls[k] and words[k] <= SHORT_WORDS) or HEADING.match(text[k]) \
                or any(cls[j] for j in range(k + 1, min(n, k + 3))):
            keep[k] = False
            k -= 1
        else:
            break
    # leading furniture
    kept = [k for k in range(n) if keep[k]]
    for k in kept:
        if cls[k] and words[k] <= SHORT_WORDS and not lines.good[k]:
            keep[k] = False
        else:
            break
    kept = [k for k in range(n) if keep[k]]
    if not kept:
        return keep
    # the headline: a short line without final punctuation right above the first kept paragraph
    first = kept[0]
    for h in (first - 1, first - 2):
        if h < 0 or keep[h]:
            break
        if 2 <= words[h] <= 30 and not lines.end[h] and not cls[h] and not text[h].endswith((":", "：")):
            keep[h] = True
            break
        if not (words[h] <= 8 and (lines.f1[h, 11] or cls[h] == "byline")):
            break  # a date or byline may sit between headline and lede; anything else ends the search
    return keep


def removal_class(lines: Lines, k: int) -> str:
    """The detail recorded for removing non-empty line ``k``."""
    if k in lines.reason:
        return lines.reason[k]
    if lines.cls[k]:
        return lines.cls[k]
    return "nav" if lines.words[k] <= 6 and not lines.end[k] else "low_density"


@register("boilerplate")
class Boilerplate(Rule):
    """Removes navigation, share bars, cookie notices, comment sections and other furniture lines."""

    def __init__(self, threshold: float | None = None):
        super().__init__()
        self._params = {"threshold": threshold}
        if _MODEL is None:
            raise FileNotFoundError("thresher/data/boilerplate_model.json is missing: run bench/train_boilerplate.py")
        self.model = dict(_MODEL)
        if threshold is not None:
            self.model["threshold"] = threshold

    def find(self, doc: Document):
        raw = doc.lines
        lines = Lines(raw)
        if not lines.text:
            return []
        keep = keep_mask(lines, self.model)
        spans = doc.line_spans()
        last = len(spans) - 1
        out: list[tuple[int, int, str]] = []
        for k, i in enumerate(lines.index):
            if keep[k]:
                continue
            a, b = spans[i]
            if i < last:
                b += 1  # with its newline
            elif i > 0:
                a -= 1  # the last line: take the newline before it
            detail = removal_class(lines, k)
            if out and out[-1][2] == detail and out[-1][1] >= a:
                out[-1] = (out[-1][0], b, detail)  # one span per run of the same class
            else:
                out.append((a, b, detail))
        return out
