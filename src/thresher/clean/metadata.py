"""Rule ``metadata``: title, source, language, date, and word and character counts.

Runs after the removal rules, on the cleaned text; values the reader or the caller already set
(a JSONL ``title`` field, ``thresher.clean(text, source=...)``) are kept.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from ..document import Document
from ..registry import register
from ..step import Step
from ..tokens import doc_word_count, word_count

# "(MENAFN) Russian President ...", "LONDON (Reuters) - ...", "WASHINGTON (AP) — ..."
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Ý][A-ZÀ-Ý .,'/-]{1,40}\s*)?\((?P<src>[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*){0,3})\)\s*(?:[-–—:]\s*)?\S"
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?P<src>[A-Z][\w&'-]*(?: (?!All\b)[A-Z][\w&'-]*){0,3})",
    re.IGNORECASE,
)
# "MENAFN provides the information ...": a disclaimer that names its publisher
_PROVIDER = re.compile(r"^(?P<src>[A-Z][A-Za-z&.-]{1,30}) (?:provides|publishes|distributes) the (?:information|content)", re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?。！？:;,]$")

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATES = [
    re.compile(r"\b(?P<y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)\b"),
    re.compile(rf"\b{_MON}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+{_MON}\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE),
]
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?:(?P<d>[0-3]?\d)/)?")


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's model, loaded once per process (read-only), walked by numpy (``_langid``)."""
    from . import _langid

    return _langid.load(norm_probs=True)


def detect_language(text: str, sample: int = 800) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of ``text``'s language by py3langid; ('und', 0.0) for no text."""
    s = text[:sample]
    if not any(ch.isalpha() for ch in s):
        return "und", 0.0
    lang, prob = _identifier().classify(s)
    return lang, round(float(prob), 4)


_BYLINE = re.compile(r"^(?:by|posted|published|updated|written|von|por|par|oleh|автор)\b", re.IGNORECASE)


def find_title(text: str) -> str | None:
    """The first line when it reads as a headline: short, not ending like a sentence, not a byline or date."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if not rest.strip() or not first or len(first) > 200 or _SENTENCE_END.search(first):
        return None
    if _BYLINE.match(first) or any(p.search(first) for p in _DATES):
        return None
    n = word_count(first)
    return first if 2 <= n <= 30 else None


def find_source(text: str, input_text: str, url: str | None) -> str | None:
    """Publisher from a dateline, a provider disclaimer, a copyright line, else the URL's host."""
    for line in text.split("\n", 5)[:5]:
        m = _DATELINE.match(line)
        if m:
            return m.group("src")
    for pattern in (_PROVIDER, _COPYRIGHT):
        m = pattern.search(input_text[-5000:])
        if m and m.group("src").lower() not in {"all", "the", "copyright"}:
            return m.group("src").strip()
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def find_date(text: str, url: str | None) -> str | None:
    """The first calendar date near the top of the text (or in the URL), as YYYY-MM-DD."""
    head = text[:1500]
    best = None
    for pattern in _DATES:
        m = pattern.search(head)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m)
    found = [best[1]] if best else []
    if not found and url:
        m = _URL_DATE.search(url)
        if m:
            found = [m]
    for m in found:
        g = m.groupdict()
        mon = int(g["m"]) if g.get("m") else _MONTHS.get(g["mon"].lower().rstrip("."))
        day = int(g["d"]) if g.get("d") else 1
        if mon and 1 <= mon <= 12 and 1 <= day <= 31:
            return f"{int(g['y']):04d}-{mon:02d}-{day:02d}"
    return None


@register("metadata")
class Metadata(Step):
    """Fills title, source, language (+ score), date, words and chars in ``doc.metadata``."""

    kind = "rule"

    def __call__(self, doc: Document) -> Document:
        md = doc.metadata
        text = doc.text
        url = md.get("url")
        if not md.get("title"):
            md["title"] = find_title(text)
        if not md.get("source"):
            md["source"] = find_source(text, doc.input, url)
        lang, score = detect_language(text)
        md.setdefault("language", lang)
        md.setdefault("language_score", score)
        if not md.get("date"):
            md["date"] = find_date(doc.input, url)
        md["words"] = doc_word_count(doc)  # the filters reuse its word list
        md["chars"] = len(text)
        return doc
