"""Word and line statistics computed once per document and shared by every step that needs them."""

from __future__ import annotations

import re

from .document import Document

# a word: a run of letters/digits, with inner apostrophes or hyphens (don't, well-kept)
WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")
# scripts written without spaces: each character counts as a word for length statistics
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def words(doc: Document) -> list[str]:
    """The document's word tokens (computed once, cached until the text changes)."""
    w = doc.cache.get("words")
    if w is None:
        w = doc.cache["words"] = WORD_RE.findall(doc.text)
    return w


def word_count(text: str) -> int:
    """Words in ``text``; characters of space-less scripts (CJK, Thai) count one each."""
    cjk = len(CJK_RE.findall(text))
    if not cjk:
        return len(WORD_RE.findall(text))
    return cjk + len(WORD_RE.findall(CJK_RE.sub(" ", text)))
