"""language: listed languages above a minimum score; language and score always in metadata."""

from __future__ import annotations

import pytest

from thresher.document import Document
from thresher.errors import ConfigError
from thresher.filters.language import Language
from thresher.registry import registered

EN = "The harbour town voted on Tuesday to rebuild its flood wall, three years after the storm."
DE = "Die Hafenstadt hat am Dienstag beschlossen, ihre Flutmauer drei Jahre nach dem Sturm neu zu bauen."
FR = "La ville portuaire a voté mardi la reconstruction de sa digue, trois ans après la tempête."


def test_registered():
    assert registered("filter")["language"] is Language


def test_keeps_listed_language_and_writes_metadata():
    doc = Language()(Document("e", EN))
    assert doc.dropped is None
    assert doc.metadata["language"] == "en" and doc.metadata["language_score"] > 0.9


def test_drops_other_language_with_reason():
    doc = Language(languages=["en", "fr"])(Document("d", DE))
    assert (doc.dropped, doc.drop_detail) == ("language", "language de not in ['en', 'fr']")
    assert Language(languages="fr")(Document("f", FR)).dropped is None


def test_uses_metadata_from_the_metadata_rule():
    doc = Document("m", EN, metadata={"language": "en", "language_score": 0.41})
    assert Language()(doc).drop_detail == "language_score[en] 0.41 < 0.65"


def test_text_without_letters_is_undetermined():
    doc = Language()(Document("n", "12 14 16 -- 2024"))
    assert doc.metadata["language"] == "und" and doc.drop_detail == "language und not in ['en']"


@pytest.mark.parametrize("kwargs", [{"languages": []}, {"languages": ["english"]}, {"min_score": 1.5}])
def test_bad_parameters_name_the_value(kwargs):
    with pytest.raises(ConfigError, match="language: "):
        Language(**kwargs)
