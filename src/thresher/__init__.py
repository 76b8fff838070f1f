"""thresher: separate the grain from the chaff in scraped web text.

>>> import thresher
>>> r = thresher.clean("403\\nForbidden\\nA real article sentence that says something useful, and more words.")
>>> "Forbidden" in r.text
False
"""

from .api import Cleaner, Result, clean, clean_html
from .config import Config
from .document import Document, Removal
from .errors import ConfigError, InputError, MissingDependencyError, OutputError, ResumeError, ThresherError
from .pipeline import Pipeline
from .stats import Stats

__version__ = "0.1.0"

__all__ = [
    "Cleaner",
    "Config",
    "ConfigError",
    "Document",
    "InputError",
    "MissingDependencyError",
    "OutputError",
    "Pipeline",
    "Removal",
    "Result",
    "ResumeError",
    "Stats",
    "ThresherError",
    "__version__",
    "clean",
    "clean_html",
]
