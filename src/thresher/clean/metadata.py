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
# where a _COPYRIGHT match may start: "©", "(c)" or "copyr" in any case (none of these letters has
# another case-insensitive match in Python's re; tests/clean/test_metadata.py checks every character),
# written to start with a class, which re scans for quickly, unlike the case-insensitive pattern
# (copyright_start finds where its first match starts faster still)
_COPYRIGHT_START = re.compile(r"[©(cC](?:(?<=©)|(?<=\()[cC]\)|(?<=[cC])[oO][pP][yY][rR])")
# "©" in UTF-8: its second byte alone is quickly looked for (memchr), unlike any longer string
_COPYRIGHT_SIGN = "©".encode()


def copyright_start(tail: str) -> int:
    """Where the first match of ``_COPYRIGHT_START`` in ``tail`` starts, -1 for none.

    Its starts are "©", "(c)" and "copyr" in any case, found in the UTF-8 text with its ASCII
    letters lowered by ``bytes.find``, much faster than the regex, whose class stops at every "c"
    of the text: no UTF-8 sequence of another character holds an ASCII byte or C2 A9, and
    ``bytes.lower`` lowers ASCII letters alone. The byte offset of the earliest becomes a character
    offset by decoding the bytes before it.
    """
    data = tail.encode("utf-8", "surrogatepass").lower()
    at = data.find(b"copyr")
    if b"\xa9" in data:
        i = data.find(_COPYRIGHT_SIGN)
        if i >= 0 and (at < 0 or i < at):
            at = i
    i = data.find(b"(")  # a few brackets a page: each looked at, rather than a slower search for "(c)"
    while i >= 0 and (at < 0 or i < at):
        if data[i + 1:i + 3] == b"c)":
            at = i
            break
        i = data.find(b"(", i + 1)
    return at if at <= 0 else len(data[:at].decode("utf-8", "surrogatepass"))


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
_YEAR = re.compile(r"(?:19|20)\d\d")
# the longest run of non-space characters between a date's spaces: "September." (month and dot)
_DATE_PART = 10
_DATE_AFTER_YEAR = 6  # the most a date runs on after its year: "-12-31"


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
    if _BYLINE.match(first) or first_date(first):  # a date: first_date finds one when any of _DATES does
        return None
    n = word_count(first)
    return first if 2 <= n <= 30 else None


def find_source(text: str, input_text: str, url: str | None) -> str | None:
    """Publisher from a dateline, a provider disclaimer, a copyright line, else the URL's host."""
    for line in text.split("\n", 5)[:5]:
        m = _DATELINE.match(line) if "(" in line else None  # a dateline names its source in brackets
        if m:
            return m.group("src")
    tail = input_text[-5000:]
    # the plain substrings each pattern needs, first; the copyright search from where one may start
    m = _PROVIDER.search(tail) if "the information" in tail or "the content" in tail else None
    if not m or m.group("src").lower() in {"all", "the", "copyright"}:
        start = copyright_start(tail)
        m = _COPYRIGHT.search(tail, start) if start >= 0 else None
    if m and m.group("src").lower() not in {"all", "the", "copyright"}:
        return m.group("src").strip()
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def _date_search_start(head: str, year: int) -> int:
    """A position no match of ``_DATES`` in ``head`` starts before, ``year`` being where its first year is.

    A date with a later year starts after this one: before its year a date has no four digits in a
    row. The numeric date with this year starts at it; a date in words ending in it ("March 3, 2024",
    "3rd March 2024") is two parts of at most ``_DATE_PART`` characters, each followed by a run of
    spaces, so it starts no earlier than the position returned (``rstrip`` removes exactly such a
    run: ``\\s`` and ``str.isspace`` are the same characters). A search from here finds what a
    search from 0 finds: ``\\b`` still sees the character before the start.
    """
    end_b = len(head[:year].rstrip())  # the part before the year ends here
    end_a = len(head[:max(0, end_b - _DATE_PART)].rstrip())  # the part before that ends here or later
    return max(0, end_a - _DATE_PART)


def first_date(head: str) -> re.Match | None:
    """The earliest match of any of ``_DATES`` in ``head`` (of the first such pattern, on a tie).

    Every date's year is one of ``_YEAR``'s matches (it follows a space or a word boundary, so no
    earlier match overlaps it), and a date ends at most ``_DATE_AFTER_YEAR`` characters after its
    year, its closing ``\\b`` reading one more: the search ends there after the last year.
    """
    if "19" not in head and "20" not in head:  # every date holds a year, which starts with one of them
        return None
    years = list(_YEAR.finditer(head))  # no year, no search
    if not years:
        return None
    start = _date_search_start(head, years[0].start())
    end = years[-1].end() + _DATE_AFTER_YEAR + 1
    best = None
    for pattern in _DATES:
        m = pattern.search(head, start, end)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


def find_date(text: str, url: str | None) -> str | None:
    """The first calendar date near the top of the text (or in the URL), as YYYY-MM-DD."""
    best = first_date(text[:1500])
    found = [best] if best else []
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
