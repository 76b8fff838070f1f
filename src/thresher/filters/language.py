"""Filter ``language``: keep documents in the listed languages whose detection score is high enough.

The language and its score come from the ``metadata`` rule (py3langid, normalised probability);
when a document reaches this filter without them they are detected here and written to
``doc.metadata`` (``language``, ``language_score``), so they are always in the output.

>>> from thresher.document import Document
>>> doc = Language(languages=["en"])(Document("d", "Der Hund schläft heute den ganzen Tag im Garten."))
>>> doc.metadata["language"], doc.drop_detail
('de', "language de not in ['en']")
"""

from __future__ import annotations

from collections.abc import Iterable

from ..clean.metadata import detect_language
from ..document import Document
from ..errors import ConfigError
from ..registry import register
from ..step import Filter
from ..tokens import describe


@register("language")
class Language(Filter):
    """Keeps documents whose detected language is listed and scores at least ``min_score``."""

    def __init__(
        self,
        languages: Iterable[str] = ("en",),
        # FineWeb keeps English above 0.65 (Penedo et al. 2024, fastText LID); py3langid's normalised
        # probabilities run higher than fastText's on the same text, so 0.65 is the lenient side
        min_score: float = 0.65,
    ):
        super().__init__()
        if isinstance(languages, str):
            languages = [languages]
        self.languages = sorted({code.strip().lower() for code in languages})
        if not self.languages or not all(c.isalpha() and 2 <= len(c) <= 3 for c in self.languages):
            raise ConfigError(
                f"language: languages={list(languages)!r} must list ISO 639-1 codes such as ['en', 'de']"
            )
        if not 0 <= min_score <= 1:
            raise ConfigError(f"language: min_score={min_score!r} must be between 0 and 1")
        self.min_score = min_score

    def check(self, doc: Document) -> str | None:
        md = doc.metadata
        lang, score = md.get("language"), md.get("language_score")
        if lang is None or score is None:
            lang, score = detect_language(doc.text)
            md["language"], md["language_score"] = lang, score
        if lang not in self.languages:
            return f"language {lang} not in {self.languages}"
        if score < self.min_score:
            return describe(f"language_score[{lang}]", score, "<", self.min_score)
        return None
