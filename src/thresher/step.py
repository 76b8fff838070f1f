"""The bases of every pipeline step: one hook each, stats counted by the base.

A :class:`Rule` edits a document: it returns the spans of ``doc.text`` to remove; the base removes
them, records them against the rule's name and counts the characters.  A :class:`Filter` keeps or
drops a whole document: it returns None to keep, or the reason detail to drop.

>>> from thresher.document import Document
>>> class NoShouting(Rule):
...     name = "no_shouting"
...     def find(self, doc):
...         return [s for s, line in zip(doc.line_spans(), doc.lines) if line.isupper()]
>>> doc = Document("d", "HELLO\\nA quiet line.")
>>> NoShouting()(doc).text
'A quiet line.'
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterable, Sequence
from typing import ClassVar

from .document import Document
from .stats import Stats

Span = tuple[int, int]


class Step:
    """Anything the pipeline runs on each document."""

    kind: ClassVar[str] = "step"
    name: ClassVar[str] = "step"

    def __init_subclass__(cls, **kwargs) -> None:
        # record every step's constructor arguments (defaults filled in) as ``_params``, so that
        # params() reports them without each rule keeping its own copy
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is None:
            return
        sig = inspect.signature(init)

        @functools.wraps(init)
        def recording_init(self, *args, **kw):
            bound = sig.bind(self, *args, **kw)
            bound.apply_defaults()
            init(self, *args, **kw)
            self._params = {k: v for k, v in bound.arguments.items() if k != "self"}

        cls.__init__ = recording_init  # type: ignore[method-assign]

    def __init__(self) -> None:
        self.stats = Stats()

    def __call__(self, doc: Document) -> Document:
        raise NotImplementedError

    def params(self) -> dict:
        """The step's parameters as given to its constructor (for `thresher config`)."""
        return dict(getattr(self, "_params", {}))


class Rule(Step):
    """Removes spans of the document's text. Subclasses write :meth:`find` only."""

    kind: ClassVar[str] = "rule"

    def find(self, doc: Document) -> Iterable[Span] | Iterable[tuple[int, int, str]]:
        """Spans ``(start, end)`` or ``(start, end, detail)`` of ``doc.text`` to remove."""
        raise NotImplementedError

    def __call__(self, doc: Document) -> Document:
        if doc.dropped is not None:
            return doc
        spans = list(self.find(doc))
        if spans:
            self.apply(doc, spans)
        return doc

    def apply(self, doc: Document, spans: Sequence) -> int:
        """Remove ``spans`` (each with its own detail, if given) from ``doc`` in one edit; count them."""
        merged: list[list] = []
        for s in sorted(spans, key=lambda s: (s[0], s[1])):
            a, b, d = s[0], s[1], (s[2] if len(s) > 2 else "")
            if b <= a:
                continue
            if merged and a < merged[-1][1]:
                if b <= merged[-1][1]:
                    continue  # inside the previous span
                a = merged[-1][1]  # overlapping: each keeps its own detail, the earlier one its overlap
            if merged and a == merged[-1][1] and d == merged[-1][2]:
                merged[-1][1] = b  # touching spans with one detail: one record
            else:
                merged.append([a, b, d])
        n = doc.edit([(a, b, "", d) for a, b, d in merged], self.name)
        doc.tidy()
        if n:
            self.stats.count(f"chars_removed.{self.name}", n)
            self.stats.count(f"docs_changed.{self.name}")
        return n


class Filter(Step):
    """Keeps or drops whole documents. Subclasses write :meth:`check` only."""

    kind: ClassVar[str] = "filter"

    def check(self, doc: Document) -> str | None:
        """None to keep the document, or the reason detail (statistic, value, threshold) to drop it."""
        raise NotImplementedError

    def __call__(self, doc: Document) -> Document:
        if doc.dropped is not None:
            return doc
        detail = self.check(doc)
        if detail is not None:
            doc.drop(self.name, detail)
        return doc


class CorpusStep(Rule):
    """A step that must see the whole corpus first: observe every document, fit, then apply.

    The pipeline runs it in two passes. Pass 1 calls :meth:`observer` once per shard (in any
    process) and feeds it every document in order; :meth:`fit` then merges the shards' state files
    in the driver; pass 2 calls :meth:`load` once per process and the step like any other.
    All state lives in files under ``state_dir`` so shards and workers can be anywhere.
    """

    kind: ClassVar[str] = "rule"

    def observer(self, state_dir, shard_name: str) -> Observer:
        raise NotImplementedError

    def fit(self, state_dir, shard_names: list[str]) -> None:
        raise NotImplementedError

    def load(self, state_dir) -> None:
        raise NotImplementedError


class Observer:
    """Pass-1 state for one shard: sees each document, then writes its state file atomically."""

    def observe(self, doc: Document) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError
