"""Cleaning rules, one module each; importing this package registers them all by name."""

from . import (  # noqa: F401  # noqa: F401
    boilerplate,
    decode,
    fetch_errors,
    learned_boilerplate,
    metadata,
    normalize,
    pii,
    repetition,
)
