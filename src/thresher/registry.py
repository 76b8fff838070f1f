"""Steps registered by name: ``@register("fetch_errors")`` on the class, next to its defaults.

>>> from thresher.registry import registered
>>> sorted(registered("rule"))[:2]   # doctest: +SKIP
['boilerplate', 'decode']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

_STEPS: dict[str, dict[str, type]] = {"rule": {}, "filter": {}, "dedup": {}}

T = TypeVar("T", bound=type)


def register(name: str) -> Callable[[T], T]:
    """Class decorator: register a Rule, Filter or dedup step under ``name``."""

    def deco(cls: T) -> T:
        kind = cls.kind  # type: ignore[attr-defined]
        table = _STEPS[kind]
        if name in table and table[name] is not cls:
            raise ValueError(f"two {kind}s registered as {name!r}: {table[name].__module__} and {cls.__module__}")
        cls.name = name  # type: ignore[attr-defined]
        table[name] = cls
        return cls

    return deco


def registered(kind: str) -> dict[str, type]:
    """Name -> class of every registered step of ``kind`` ('rule', 'filter' or 'dedup')."""
    return dict(_STEPS[kind])
