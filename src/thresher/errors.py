"""Exceptions raised by thresher.

    ThresherError                 every error thresher raises on purpose; the CLI prints its message
    ├── ConfigError               a bad config file, key, rule name or value
    ├── InputError                an input path that is missing or cannot be read
    ├── OutputError               an output directory that cannot be written
    ├── ResumeError               an existing run directory made with another config or input
    └── MissingDependencyError    an optional extra that is not installed (the message has the pip command)

A malformed *record* is not an exception: readers report it (file and line) and the run goes on.
"""

from __future__ import annotations


class ThresherError(Exception):
    """Base of every error thresher raises on purpose."""


class ConfigError(ThresherError):
    """A config file, key, rule name or value is not valid."""


class InputError(ThresherError):
    """An input path is missing or cannot be read."""


class OutputError(ThresherError):
    """The output directory cannot be created or written."""


class ResumeError(ThresherError):
    """An output directory holds a run made with a different config or input."""


class MissingDependencyError(ThresherError):
    """An optional dependency is needed but not installed."""

    def __init__(self, package: str, extra: str, feature: str):
        super().__init__(f"{feature} needs {package}: pip install \"thresher[{extra}]\"")
