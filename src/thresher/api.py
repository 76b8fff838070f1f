"""The single-document API: ``thresher.clean(text)`` runs the same rules as ``thresher clean``.

>>> r = clean("HTTP/1.1 404 Not Found\\nSorry, the page you requested could not be found.")
>>> r.dropped
'fetch_error'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .clean.decode import decode_bytes
from .config import Config
from .document import Removal
from .io.readers import Record
from .pipeline import Pipeline


@dataclass
class Result:
    """What cleaning one document gives.

    ``removed`` lists spans of the *input* text: ``input[start:end]`` is what ``rule`` removed.
    """

    text: str
    dropped: str | None
    metadata: dict[str, Any]
    removed: list[Removal] = field(default_factory=list)
    drop_detail: str = ""
    input: str = ""

    def explain(self) -> str:
        """The removals, one line each: rule, detail and the removed input text (shortened)."""
        lines = []
        if self.dropped:
            lines.append(f"dropped: {self.dropped} ({self.drop_detail})")
        for r in sorted(self.removed, key=lambda r: r.start):
            snippet = self.input[r.start:r.end].strip().replace("\n", " ⏎ ")
            if len(snippet) > 70:
                snippet = snippet[:67] + "..."
            lines.append(f"[{r.start}:{r.end}] {r.rule}{' (' + r.detail + ')' if r.detail else ''}: {snippet}")
        return "\n".join(lines)


class Cleaner:
    """A reusable cleaner: build once, clean many documents with the same config.

    >>> c = Cleaner()
    >>> c.clean("Hello there, this is a short note.").text
    'Hello there, this is a short note.'
    """

    def __init__(self, config: Config | None = None):
        self.pipeline = Pipeline(config)

    def clean(self, text: str | bytes, *, url: str | None = None, source: str | None = None,
              id: str = "doc", **metadata: Any) -> Result:
        if isinstance(text, (bytes, bytearray)):
            text, enc = decode_bytes(bytes(text))
            metadata.update(enc)
        if url is not None:
            metadata["url"] = url
        if source is not None:
            metadata["source"] = source
        doc = self.pipeline.process(self.pipeline.document_from_text(text, id, metadata))
        return Result(doc.text, doc.dropped, doc.metadata, list(doc.removed), doc.drop_detail, doc.input)

    def clean_html(self, html: str | bytes, *, url: str | None = None, id: str = "doc", **metadata: Any) -> Result:
        """Extract the main text of an HTML page (see ``[html]`` in the config), then clean it.

        ``Result.input`` is the extracted text: removals are spans of it.
        """
        if url is not None:
            metadata["url"] = url
        doc = self.pipeline.process(self.pipeline.document(Record(id, "", metadata, id, html=html)))
        return Result(doc.text, doc.dropped, doc.metadata, list(doc.removed), doc.drop_detail, doc.input)


def clean(text: str | bytes, *, url: str | None = None, source: str | None = None,
          config: Config | None = None, **metadata: Any) -> Result:
    """Clean one document with the default (or the given) config."""
    return Cleaner(config).clean(text, url=url, source=source, **metadata)


def clean_html(html: str | bytes, url: str | None = None, *, config: Config | None = None, **metadata: Any) -> Result:
    """Extract and clean one HTML page (str, or bytes decoded by BOM, meta tag or detection).

    >>> r = clean_html("<html><body><article><p>" + "A sentence about the harvest this year. " * 5 + "</p></article></body></html>")
    >>> r.text.startswith("A sentence about the harvest")
    True
    """
    return Cleaner(config).clean_html(html, url=url, **metadata)
