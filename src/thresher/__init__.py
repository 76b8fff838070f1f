"""thresher: separate the grain from the chaff in scraped web text.

>>> import thresher
>>> body = "The council approved the new harbour ferry timetable on Tuesday, after a long debate. " * 3
>>> r = thresher.clean("403\\nForbidden\\n" + body)
>>> r.text == body.strip(), [(x.rule, r.input[x.start:x.end]) for x in r.removed]
(True, [('fetch_errors', '403\\nForbidden\\n')])

A page with nothing but an error and a line of text is an error page, dropped whole:

>>> thresher.clean("403\\nForbidden\\nA short line of text after the error.").dropped
'fetch_error'
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
