"""Word and line statistics computed once per document and shared by every step that needs them."""

from __future__ import annotations

import re

from .document import Document

# scripts written without spaces: each character counts as a word for length statistics
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
# a line token of the cleaning rules (fetch_errors, repetition): a CJK/Thai character alone, or a
# run of other word characters
LINE_TOKEN_RE = re.compile(rf"{CJK_RE.pattern}|[^\W{CJK_RE.pattern[1:-1]}]+")
# the first UTF-8 byte of every character CJK_RE matches: U+0E00-U+0E7F (Thai) begins with E0,
# U+3040-U+9FFF with E3-E9, U+AC00-U+D7AF with EA-ED
_CJK_LEAD_BYTES = tuple(bytes([b]) for b in (0xE0, *range(0xE3, 0xEE)))
# the first two UTF-8 bytes of U+2000-U+203F, General Punctuation (spaces, dashes, quotes, "…"):
# none of them is a word character
GENERAL_PUNCTUATION_UTF8 = b"\xe2\x80"


# a filter word: a whitespace-separated token less the punctuation at its edges, so that "U.S.",
# "3.5", "e-mail" and a URL stay one word each and lone punctuation ("-", "—", "...") is no word;
# possessive (``++``): giving back a letter or a mark never lets the next part match, so the words
# are those of ``\w+(?:[^\s\w]+\w+)*``, found ~15% faster
FILTER_WORD_RE = re.compile(r"\w++(?:[^\s\w]++\w++)*+")


def words(doc: Document) -> list[str]:
    """The document's words for the quality filters (computed once, cached until the text changes).

    >>> words(Document("d", "The U.S. economy grew 3.5% — see https://example.com/a-b, don't panic."))
    ['The', 'U.S', 'economy', 'grew', '3.5', 'see', 'https://example.com/a-b', "don't", 'panic']
    """
    w = doc.cache.get("words")
    if w is None:
        w = doc.cache["words"] = find_words(doc.text)
    return w


# what a token's word is stripped of at both ends: every ASCII character that is neither a word
# character nor whitespace, and the commonest such characters of General Punctuation and Latin-1
# (quotes, dashes, the ellipsis, guillemets); the filter keeps only those that are no word character
_EDGE_PUNCTUATION = "".join(
    ch for ch in "".join(map(chr, range(128))) + "“”‘’„‚—–…«»‹›¡¿·•′″"
    if not (ch.isalnum() or ch == "_" or ch.isspace())
)


def find_words(text: str) -> list[str]:
    """``FILTER_WORD_RE.findall(text)``, found token by token without the regex for most tokens.

    No word holds or crosses whitespace (``\\s`` and ``str.split`` know the same characters), and
    inside a whitespace-separated token every run of non-word characters is ``[^\\s\\w]+``, so the
    regex finds at most one word in a token: the token less the non-word characters at both of its
    ends, from its first word character to its last (``\\w`` is ``str.isalnum`` and ``_``). A token
    of letters and digits alone is that word; the others are stripped of common punctuation
    (``_EDGE_PUNCTUATION``, none of it a word character), which leaves nothing (no word), or the
    word when both ends of what is left are word characters; only a token with some other
    character at an end is searched with the regex.
    """
    found: list[str] = []
    add = found.append
    for token in text.split():
        if token.isalnum():
            add(token)
        else:
            w = token.strip(_EDGE_PUNCTUATION)
            if w.isalnum() or w and (w[0].isalnum() or w[0] == "_") and (w[-1].isalnum() or w[-1] == "_"):
                add(w)
            elif w:
                found += FILTER_WORD_RE.findall(token)
    return found


def word_count(text: str) -> int:
    """Words in ``text``; characters of space-less scripts (CJK, Thai) count one each."""
    cjk = len(CJK_RE.findall(text))
    if not cjk:
        return len(FILTER_WORD_RE.findall(text))
    return cjk + len(FILTER_WORD_RE.findall(CJK_RE.sub(" ", text)))


def doc_word_count(doc: Document) -> int:
    """:func:`word_count` of the document's text, from the cached :func:`words` when it has no CJK.

    >>> doc_word_count(Document("d", "Two words")), doc_word_count(Document("d", "日本語 text"))
    (2, 4)
    """
    text = doc.text
    if not may_hold_cjk(text) or not CJK_RE.search(text):
        return len(words(doc))
    return word_count(text)


def may_hold_cjk(text: str) -> bool:
    """False when ``text`` holds no character of ``CJK_RE``: none of their UTF-8 lead bytes is in
    its encoding (``bytes.find`` per byte is several times quicker than the regex's search).
    """
    if text.isascii():
        return False
    data = text.encode("utf-8", "surrogatepass")
    return any(b in data for b in _CJK_LEAD_BYTES)


# paragraphs are separated by blank lines (Gopher counts duplicate paragraphs): two or more line
# breaks, written ``\n\n+`` rather than ``\n{2,}`` so that re scans for its literal start (15x faster)
_PARA_SPLIT = re.compile(r"\n\n+")


def nonblank_index(doc: Document) -> list[int]:
    """Indices of the document's non-blank lines (cached until the text changes: fetch_errors and
    repetition, one after the other, share it; not to be modified)."""
    idx = doc.cache.get("nonblank_index")
    if idx is None:
        idx = doc.cache["nonblank_index"] = [i for i, line in enumerate(doc.lines) if line.strip()]
    return idx


def nonblank_lines(doc: Document) -> list[str]:
    """The document's lines that hold something besides whitespace (cached)."""
    ls = doc.cache.get("nonblank_lines")
    if ls is None:
        ls = doc.cache["nonblank_lines"] = [line for line in doc.lines if line.strip()]
    return ls


def paragraphs(doc: Document) -> list[str]:
    """The stripped text split at blank lines (cached)."""
    ps = doc.cache.get("paragraphs")
    if ps is None:
        ps = doc.cache["paragraphs"] = _PARA_SPLIT.split(doc.text.strip())
    return ps


def duplicates(items: list[str]) -> tuple[int, int]:
    """(repeats, characters in repeats) of ``items``: every occurrence after an item's first.

    That is all of them less one occurrence of each distinct item (counted by set and map in C).
    """
    distinct = set(items)
    if len(distinct) == len(items):
        return 0, 0
    return len(items) - len(distinct), sum(map(len, items)) - sum(map(len, distinct))


def duplicate_lines(doc: Document) -> tuple[int, int]:
    """(repeated non-blank lines, their characters), shared by gopher_repetition and fineweb (cached)."""
    d = doc.cache.get("duplicate_lines")
    if d is None:
        d = doc.cache["duplicate_lines"] = duplicates(nonblank_lines(doc))
    return d


def describe(stat: str, value: float, op: str, limit: float) -> str:
    """A drop detail ``"stat value op limit"``, with enough digits that value and limit differ.

    >>> describe("dup_para_frac", 0.3004, ">", 0.3), describe("n_words", 12, "<", 50)
    ('dup_para_frac 0.3004 > 0.30', 'n_words 12 < 50')
    """
    if isinstance(value, int) and isinstance(limit, int):
        return f"{stat} {value:g} {op} {limit:g}"
    digits = 2
    while digits < 6 and round(value, digits) == round(limit, digits):
        digits += 1
    return f"{stat} {value:.{digits}f} {op} {limit:.2f}"
