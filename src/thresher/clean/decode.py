"""Rule ``decode``: bytes to text with the declared or detected encoding, and binary content dropped.

Readers call :func:`decode_bytes` when a record arrives as bytes; the rule itself checks the
decoded text and drops binary content (reason ``binary``) that slipped through as text, and
replaces lone surrogates (a Python string can hold them, UTF-8 cannot) with U+FFFD, so that every
later step and the writers see text that encodes.
"""

from __future__ import annotations

import codecs
import re

from ..document import Document
from ..registry import register
from ..step import Step

_LATIN_FAMILY = ("cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "cp850", "cp775", "latin_1", "mac_roman",
                 "mac_latin2", "iso8859_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10",
                 "iso8859_13", "iso8859_15", "iso8859_16")


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, dict]:
    """Decode ``data``: BOM, then the declared encoding, then strict UTF-8, then detection.

    Returns the text and a dict with ``encoding``, ``encoding_source`` and ``invalid_sequences`` (the
    number of invalid byte sequences replaced by U+FFFD). Never raises on bad bytes.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text, bad = _decode(data[len(bom):], enc)
            return text, {"encoding": enc, "encoding_source": "bom", "invalid_sequences": bad}
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = None
    if declared:
        text, bad = _decode(data, declared)
        if not bad:
            return text, {"encoding": declared.lower(), "encoding_source": "declared", "invalid_sequences": 0}
    try:
        return data.decode("utf-8"), {"encoding": "utf-8", "encoding_source": "utf-8", "invalid_sequences": 0}
    except UnicodeDecodeError as e:
        first_bad = e.start
    # UTF-8 with a few damaged bytes (its other non-ASCII characters decode fine): keep UTF-8 and
    # replace them; a legacy encoding has no valid multi-byte sequences at all, so it is detected
    text, bad = _decode(data, "utf-8")
    valid_multibyte = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    if first_bad > 0 and bad <= max(8, len(data) // 1000) and valid_multibyte >= bad:
        return text, {"encoding": "utf-8", "encoding_source": "utf-8-replaced", "invalid_sequences": bad}
    from charset_normalizer import from_bytes

    results = sorted(from_bytes(data[:200_000]), key=lambda r: (r.chaos, -r.coherence))
    if results:
        encoding = results[0].encoding
        # the detector cannot tell the single-byte Latin code pages apart on short text; the web's
        # most common one, windows-1252, wins when it decodes every byte
        if encoding in _LATIN_FAMILY and encoding != "cp1252":
            try:
                data.decode("cp1252")
                encoding = "cp1252"
            except UnicodeDecodeError:
                pass
        text, bad2 = _decode(data, encoding)
        return text, {"encoding": encoding, "encoding_source": "detected", "invalid_sequences": bad2}
    return text, {"encoding": "utf-8", "encoding_source": "utf-8-replaced", "invalid_sequences": bad}


def _decode(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with replacement; count the invalid sequences that were replaced."""
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    if bad and encoding.replace("_", "-").lower() in ("utf-8", "utf8"):
        bad -= data.count(b"\xef\xbf\xbd")  # replacement characters that were in the input
    return text, bad


_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_SURROGATE = re.compile("[\ud800-\udfff]")


# every byte but the C0 controls _BINARY counts (they are ASCII: no other character's UTF-8 holds one)
_NOT_BINARY_BYTES = bytes(b for b in range(256) if not _BINARY.match(chr(b)))
_REPLACEMENT_UTF8 = "\ufffd".encode()


def binary_fraction(text: str, sample: int = 65536, data: bytes | None = None) -> float:
    """Fraction of characters in a sample that are NUL, other C0 controls or replacement marks.

    Counted in the sample's UTF-8 (``data``, if at hand: ``text[:sample]`` encoded with lone
    surrogates passed): the controls are the bytes left when all others are deleted, a replacement
    mark is three bytes no other character's UTF-8 holds.
    """
    s = text[:sample]
    if not s:
        return 0.0
    if data is None:
        data = s.encode("utf-8", "surrogatepass")
    return (len(data.translate(None, _NOT_BINARY_BYTES)) + data.count(_REPLACEMENT_UTF8)) / len(s)


def _has_surrogate_utf8(data: bytes) -> bool:
    """Whether UTF-8 (lone surrogates passed) holds a surrogate: 0xed then 0xa0-0xbf (0xed then
    0x80-0x9f is U+D000-U+D7FF, Hangul)."""
    if b"\xed" not in data:
        return False
    return any(b in data for b in _SURROGATE_STARTS)


_SURROGATE_STARTS = tuple(bytes((0xED, b)) for b in range(0xA0, 0xC0))


@register("decode")
class Decode(Step):
    """Drops documents whose text is binary: NULs, control characters and replacement marks."""

    kind = "rule"

    def __init__(self, max_binary_fraction: float = 0.10):
        # 10%: text in any script has almost no C0 controls; a decoded image or PDF has 20–60%
        super().__init__()
        self.max_binary_fraction = max_binary_fraction

    def __call__(self, doc: Document) -> Document:
        if doc.dropped is not None:
            return doc
        sample = doc.input[:65536]
        data = sample.encode("utf-8", "surrogatepass")
        frac = binary_fraction(sample, data=data)
        if frac > self.max_binary_fraction or "\x00" in doc.input[:4096]:
            doc.drop("binary", f"control_char_frac {frac:.2f} > {self.max_binary_fraction}")
            return doc
        # the text encodes unless it holds a lone surrogate (its UTF-8 passed starts 0xed 0xa0-0xbf)
        if sample is doc.text and not _has_surrogate_utf8(data):
            return doc
        try:
            doc.text.encode()
        except UnicodeEncodeError:
            edits = [(m.start(), m.end(), "\ufffd") for m in _SURROGATE.finditer(doc.text)]
            doc.edit(edits, None)  # a repair, like normalize's: not a removal
            self.stats.count("lone_surrogates_replaced", len(edits))
        return doc
