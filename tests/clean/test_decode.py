"""decode: encodings (BOM, declared, UTF-8, detected), counted bad bytes, binary content dropped."""

from __future__ import annotations

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
