"""Steps registered by name: ``@register("fetch_errors")`` on the class, next to its defaults.

The built-in steps' modules are imported when a step of theirs is first asked for (:func:`lookup`),
so a run loads only the modules of the steps it uses; :data:`BUILTIN` says where each one lives.

>>> names("rule")[:3]
['boilerplate', 'c4_lines', 'decode']
>>> lookup("filter", "fineweb").__module__
'thresher.filters.fineweb'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TypeVar

_STEPS: dict[str, dict[str, type]] = {"rule": {}, "filter": {}, "dedup": {}}

# kind -> name -> the module whose @register(name) defines the built-in step (tests check that the
# decorators and this table agree)
BUILTIN: dict[str, dict[str, str]] = {
    "rule": {
        "boilerplate": "thresher.clean.boilerplate",
        "decode": "thresher.clean.decode",
        "fetch_errors": "thresher.clean.fetch_errors",
        "learned_boilerplate": "thresher.clean.learned_boilerplate",
        "metadata": "thresher.clean.metadata",
        "normalize": "thresher.clean.normalize",
        "pii": "thresher.clean.pii",
        "repetition": "thresher.clean.repetition",
        "c4_lines": "thresher.filters.c4",
    },
    "filter": {
        "c4": "thresher.filters.c4",
        "fineweb": "thresher.filters.fineweb",
        "gopher_quality": "thresher.filters.gopher",
        "gopher_repetition": "thresher.filters.gopher",
        "language": "thresher.filters.language",
    },
    "dedup": {"dedup": "thresher.dedup.step"},
}

T = TypeVar("T", bound=type)


def register(name: str) -> Callable[[T], T]:
    """Class decorator: register a Rule, Filter or dedup step under ``name``."""

    def deco(cls: T) -> T:
        kind = cls.kind  # type: ignore[attr-defined]
        table = _STEPS[kind]
        if name in table and table[name] is not cls:
            raise ValueError(f"two {kind}s registered as {name!r}: {table[name].__module__} and {cls.__module__}")
        builtin = BUILTIN[kind].get(name)
        if builtin is not None and builtin != cls.__module__:  # the built-in one, imported or not yet
            raise ValueError(f"two {kind}s registered as {name!r}: {builtin} and {cls.__module__}")
        cls.name = name  # type: ignore[attr-defined]
        table[name] = cls
        return cls

    return deco


def builtin_modules(package: str) -> frozenset[str]:
    """The names of ``package``'s modules that define built-in steps (``"thresher.clean"`` ->
    ``{"boilerplate", ...}``), for the packages that import them on first use."""
    prefix = package + "."
    return frozenset(m[len(prefix):] for table in BUILTIN.values() for m in table.values() if m.startswith(prefix))


def names(kind: str) -> list[str]:
    """The names of every step of ``kind``, built-in or registered, sorted (no module imported)."""
    return sorted(_STEPS[kind].keys() | BUILTIN[kind].keys())


def lookup(kind: str, name: str) -> type | None:
    """The class registered as ``name`` (its module imported if it is a built-in one), or None."""
    cls = _STEPS[kind].get(name)
    if cls is None and name in BUILTIN[kind]:
        importlib.import_module(BUILTIN[kind][name])
        cls = _STEPS[kind].get(name)
    return cls


def registered(kind: str) -> dict[str, type]:
    """Name -> class of every registered step of ``kind`` ('rule', 'filter' or 'dedup')."""
    for module in BUILTIN[kind].values():
        importlib.import_module(module)
    return dict(_STEPS[kind])
