"""decode: encodings (BOM, declared, UTF-8, detected), counted bad bytes, binary content dropped."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.clean.decode import Decode, binary_fraction, decode_bytes
from thresher.document import Document

TEXT = "Le conseil a voté mardi la création d'une piste cyclable le long du fleuve, près de l'école."


def test_bom_and_declared_encodings():
    assert decode_bytes(b"\xef\xbb\xbf" + TEXT.encode()) == (TEXT, {"encoding": "utf-8", "encoding_source": "bom", "invalid_sequences": 0})
    text, info = decode_bytes(b"\xff\xfe" + TEXT.encode("utf-16-le"))
    assert text == TEXT and info["encoding"] == "utf-16-le"
    text, info = decode_bytes(TEXT.encode("iso-8859-15"), declared="iso-8859-15")
    assert text == TEXT and info["encoding_source"] == "declared"


def test_undecodable_declaration_falls_back():
    text, info = decode_bytes(TEXT.encode(), declared="no-such-charset")
    assert text == TEXT and info["encoding_source"] == "utf-8"


def test_russian_legacy_encoding_is_detected():
    ru = "Городской совет во вторник одобрил строительство новой велосипедной дорожки вдоль реки. " * 3
    text, info = decode_bytes(ru.encode("cp1251"))
    assert text == ru and info["encoding_source"] == "detected"


def test_damaged_utf8_keeps_utf8_and_counts():
    data = (TEXT + " ").encode() * 5 + b"\xff\xfe" + b" fin."
    text, info = decode_bytes(data)
    assert info == {"encoding": "utf-8", "encoding_source": "utf-8-replaced", "invalid_sequences": 2}
    assert text.count("\ufffd") == 2 and text.endswith(" fin.")


def test_binary_is_dropped_text_is_not():
    blob = bytes(range(256)).decode("latin-1") * 10
    doc = Decode()(Document("b", blob))
    assert doc.dropped == "binary" and doc.drop_detail.startswith("control_char_frac")
    assert binary_fraction(TEXT) == 0.0
    assert Decode()(Document("t", TEXT + "\t\x0c")).dropped is None


def test_lone_surrogates_become_replacement_characters_and_the_document_is_cleaned():
    import thresher

    text = "Page title\nThe council met on Tuesday \ud800 to discuss the budget for the coming year, and agreed on it."
    out = thresher.clean(text).text
    assert "\ud800" not in out and "\ufffd" in out
    out.encode()  # every later step, and the writers, get text that encodes


# controls (counted and not), replacement marks, lone surrogates, Hangul (its UTF-8 starts 0xed
# too), other non-ASCII text
_DECODE_TEXT = st.lists(st.sampled_from(["\x00", "\x07", "\x08", "\t", "\n", "\x0b", "\x0c", "\r", "\x0e", "\x1f",
                                         "\x7f", "\x85", "\ufffd", "\ud800", "\udfff", "\ud7a3", "\ud000", "\ufeff",
                                         "a", " ", "é", "日", "\U0001f600"]) | st.characters(), max_size=40).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_DECODE_TEXT, st.integers(1, 50))
def test_binary_fraction_as_the_definition(text, sample):
    import re

    s = text[:sample]
    want = len(re.findall(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]", s)) / len(s) if s else 0.0
    assert binary_fraction(text, sample) == want


@settings(max_examples=2000, deadline=None)
@given(_DECODE_TEXT)
def test_surrogates_found_in_the_utf8(text):
    from thresher.clean.decode import _has_surrogate_utf8

    assert _has_surrogate_utf8(text.encode("utf-8", "surrogatepass")) == any(0xD800 <= ord(c) < 0xE000 for c in text)


def test_a_lone_surrogate_past_the_sample_is_replaced():
    doc = Decode()(Document("d", "a" * 70_000 + "\ud800 b"))
    assert doc.dropped is None and doc.text.endswith("\ufffd b")
