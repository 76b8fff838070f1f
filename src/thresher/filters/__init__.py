"""Document filters, one module per family; importing this package registers them by name."""

from . import c4, fineweb, gopher, language  # noqa: F401
