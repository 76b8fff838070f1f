"""Cleaning rules, one module each, registered by name (:mod:`thresher.registry` imports a rule's
module when the rule is first asked for); ``thresher.clean.<module>`` imports one on first use."""

import importlib

from ..registry import builtin_modules

_MODULES = builtin_modules(__name__)


def __getattr__(name: str):
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
