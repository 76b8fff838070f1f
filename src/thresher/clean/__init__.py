"""Cleaning rules, one module each; importing this package registers them all by name."""

from . import decode, normalize, metadata  # noqa: F401
from . import boilerplate  # noqa: F401
from . import pii  # noqa: F401
from . import learned_boilerplate  # noqa: F401
from . import fetch_errors, repetition  # noqa: F401
