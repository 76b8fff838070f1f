"""HTML in: charset, main-text extraction under a time limit, page metadata -> a :class:`Document`.

The readers hand over a :class:`~thresher.io.readers.Record` with ``html`` set (an HTML file, a
WARC response, a JSONL ``html`` field); :func:`document_from_html` turns it into a Document whose
input text is the extracted main text, and the ordinary thresher rules run on it.

* Charset: byte-order mark, then the HTTP header, then the ``<meta>`` tag, then detection; the
  choice and where it came from are recorded (``charset``, ``charset_source``).
* Extraction: a registered extractor (``[html] extractor``): trafilatura or resiliparse.
* Time limit: an extraction running past ``[html] timeout`` seconds is abandoned and the page
  dropped as ``extract_timeout``.  The limit is a SIGALRM timer (:class:`deadline`), not a helper
  process: it costs two system calls a page instead of shipping every page to another process, and
  the local executor runs shards in the main thread of its worker processes, where SIGALRM works.
  Limits: the alarm is handled between Python bytecodes, so one long C call (lxml parsing a huge
  page) finishes before it fires; off the main thread, or where SIGALRM does not exist, pages run
  without a limit (and ``extract_timeout_unenforced`` is set on the document's metadata).
* Memory: trafilatura's LRU caches are reset every ``RESET_EVERY`` pages (trafilatura #216).

>>> from thresher.io.readers import Record
>>> doc = document_from_html(Record("p", "", {"http_status": 404, "url": "http://a.example/x"}, html=b""), None)
>>> doc.dropped, doc.drop_detail
('fetch_error', 'HTTP 404')
"""

from __future__ import annotations

import codecs
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..clean.decode import decode_bytes
from ..document import Document
from ..errors import ConfigError, MissingDependencyError
from .files import Unit, open_binary
from .readers import Malformed, ReaderOptions, Record

# trafilatura #216: its LRU caches (and htmldate's, courlan's) grow with every new page; 1,000
# pages keeps them bounded and the gc.collect() inside reset_caches() under 0.1% of the run time
RESET_EVERY = 1000
_pages_since_reset = 0  # per process; not a cache, only a counter


# -- reading ------------------------------------------------------------------------------------
def read(unit: Unit, fmt: str, opts: ReaderOptions) -> Iterator[Record | Malformed]:
    """Records of one HTML file (fmt 'html') or one WARC/WET file (fmt 'warc')."""
    if fmt == "warc":
        from .warc import read_warc

        yield from read_warc(unit)
        return
    try:
        with open_binary(unit.path) as f:
            data = f.read()
    except (OSError, EOFError) as e:
        yield Malformed(unit.rel, "", f"cannot read: {e}")
        return
    yield Record(unit.rel, "", {"file": unit.rel}, unit.rel, html=data)


# -- charset ------------------------------------------------------------------------------------
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)
# WHATWG Encoding: labels browsers treat as windows-1252, and UTF-16 in <meta> meaning UTF-8
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "iso_8859-1", "cp819"}
_SINGLE_BYTE = {"cp1252", "windows-1252", "iso-8859-15", "iso8859-15", "cp1250", "windows-1250", "cp1251",
                "windows-1251", "koi8-r", "iso-8859-2", "iso8859-2"}


def _label(name: str | None) -> str | None:
    """A declared charset label normalised, or None when Python does not know it."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _AS_CP1252:
        return "cp1252"
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def decode_html(data: bytes, http_charset: str | None = None) -> tuple[str, dict[str, Any]]:
    """Decode an HTML page: BOM, HTTP header, ``<meta>`` tag, then detection.

    Returns the text and ``{"charset", "charset_source"}`` (source: ``bom``, ``http_header``,
    ``meta_tag`` or ``detection``), plus ``charset_declared`` when a declaration was overruled
    because the bytes do not decode with it (or decode as UTF-8 while a single-byte charset was
    declared: a UTF-8 page with a stale latin-1 header).

    >>> decode_html("<meta charset=utf-8>caf\\u00e9".encode("cp1252"))[1]["charset_source"]
    'detection'
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), {"charset": enc, "charset_source": "bom"}
    head = data[:4096]
    m = _META_CHARSET.search(head)
    meta = _label(m.group(1).decode("ascii", "replace")) if m else None
    if meta and meta.startswith("utf-16"):
        meta = "utf-8"  # an ASCII-readable <meta> cannot be UTF-16 (WHATWG prescan rule)
    overruled = None
    for declared, source in ((_label(http_charset), "http_header"), (meta, "meta_tag")):
        if not declared:
            continue
        if declared.replace("_", "-") in _SINGLE_BYTE and not head.isascii() and _is_utf8(data):
            overruled = declared
            break
        try:
            return data.decode(declared), {"charset": declared, "charset_source": source}
        except (UnicodeDecodeError, LookupError):
            overruled = declared
            break
    info: dict[str, Any] = {}
    utf16 = _sniff_utf16(head)
    if utf16:
        text = data.decode(utf16, errors="replace")
        info = {"charset": utf16, "charset_source": "detection"}
    else:
        text, enc = decode_bytes(data)
        info = {"charset": enc["encoding"], "charset_source": "detection"}
    if overruled:
        info["charset_declared"] = overruled
    return text, info


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _sniff_utf16(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of an ASCII-ish head is NUL, else None."""
    sample = head[:1024]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


# -- the time limit -----------------------------------------------------------------------------
class ExtractTimeout(BaseException):
    """Raised inside an extraction that ran out of time.

    A BaseException, not an Exception, so the ``except Exception`` blocks inside the extractors
    cannot swallow it and carry on with a half-done page.
    """


@contextmanager
def deadline(seconds: float) -> Iterator[bool]:
    """Raise :class:`ExtractTimeout` in the block after ``seconds``; yields whether it is enforced."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield False
        return
    armed = True

    def on_alarm(signum, frame):
        if armed:
            raise ExtractTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- extractors ---------------------------------------------------------------------------------
@dataclass
class Extracted:
    """What an extractor gives: the main text and page metadata (title, author, date, sitename...)."""

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    link_heavy: set[str] = field(default_factory=set)  # blocks (whitespace squashed) that are mostly link text


EXTRACTORS: dict[str, Callable[[str, str | None, dict], Extracted]] = {}


def extractor(name: str) -> Callable:
    """Register an extractor ``fn(html, url, html_config) -> Extracted`` under ``name``."""
    def deco(fn: Callable) -> Callable:
        EXTRACTORS[name] = fn
        return fn

    return deco


def _require(package: str) -> None:
    """Import an optional HTML dependency or raise MissingDependencyError (the one check)."""
    try:
        __import__(package)
    except ImportError:
        raise MissingDependencyError(package, "html", "HTML input") from None


_WS = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


@extractor("trafilatura")
def extract_trafilatura(html: str, url: str | None, cfg: dict) -> Extracted:
    """trafilatura's main text and metadata (its date comes from htmldate), and its link-heavy blocks.

    Links are kept in trafilatura's tree only to measure each block's link density; the text is
    rendered without them, exactly as trafilatura's plain-text output.
    """
    from lxml import etree
    from trafilatura import bare_extraction
    from trafilatura.xml import xmltotxt

    doc = bare_extraction(html, url=url, with_metadata=True, fast=not cfg.get("fallback", False),
                          include_comments=cfg["include_comments"], favor_precision=cfg["favor_precision"],
                          include_links=True)
    if doc is None:
        return Extracted("", {})
    limit = float(cfg.get("max_link_density", 1.0))
    link_heavy = set()
    parts = []
    for tree in (doc.body, doc.commentsbody if cfg["include_comments"] else None):
        if tree is None:
            continue
        if limit < 1.0:
            for el in tree.iter("p", "head", "item", "quote"):
                full = _squash("".join(el.itertext()))
                linked = sum(len(_squash("".join(r.itertext()))) for r in el.iter("ref"))
                if full and linked / len(full) > limit:
                    link_heavy.add(full)
        etree.strip_tags(tree, "ref")
        parts.append(xmltotxt(tree, False))
    d = doc.as_dict()
    md = {k: d.get(k) for k in ("title", "author", "date", "sitename", "hostname", "url", "description")}
    return Extracted("\n\n".join(p for p in parts if p), {k: v for k, v in md.items() if v}, link_heavy)


@extractor("resiliparse")
def extract_resiliparse(html: str, url: str | None, cfg: dict) -> Extracted:
    """resiliparse's main-content text (fast); title from <title>, date from htmldate."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(html)
    text = extract_plain_text(tree, main_content=True, alt_texts=False, comments=cfg["include_comments"])
    md: dict[str, Any] = {"title": (tree.title or "").strip() or None}
    try:
        from htmldate import find_date

        md["date"] = find_date(html, url=url, extensive_search=False)
    except ValueError:  # htmldate rejects some documents it cannot parse
        pass
    return Extracted(text, {k: v for k, v in md.items() if v})


def _extractor(cfg: dict) -> Callable[[str, str | None, dict], Extracted]:
    name = cfg.get("extractor", "trafilatura")
    if name not in EXTRACTORS:
        raise ConfigError(f"[html] extractor {name!r} is not one of {', '.join(sorted(EXTRACTORS))}; "
                          "set it in the [html] section of the config")
    _require(name)
    if name == "trafilatura":
        _require("lxml_html_clean")  # split out of lxml >= 5.2; trafilatura fails to import without it
    return EXTRACTORS[name]


def _reset_caches(name: str) -> None:
    """Count a page; every RESET_EVERY pages clear trafilatura's caches (trafilatura #216)."""
    global _pages_since_reset
    _pages_since_reset += 1
    if _pages_since_reset >= RESET_EVERY and name == "trafilatura":
        from trafilatura.meta import reset_caches

        reset_caches()
        _pages_since_reset = 0


# -- records -> documents -----------------------------------------------------------------------
def skip_reason(md: dict[str, Any]) -> tuple[str, str] | None:
    """(reason, detail) for a WARC capture that is not an HTML page to extract, else None."""
    status = md.get("http_status")
    if md.get("warc_type") == "revisit":
        return "warc_revisit", "revisit record (payload stored with an earlier capture)"
    if isinstance(status, int) and status >= 400:
        return "fetch_error", f"HTTP {status}"
    if isinstance(status, int) and status != 200:
        return "http_status", f"HTTP {status}"
    ctype = md.get("content_type")
    if ctype and not ctype.startswith(("text/html", "application/xhtml", "application/xml", "text/xml")):
        return "not_html", f"content type {ctype}"
    return None


def document_from_html(rec: Record, config) -> Document:
    """A Document from an HTML record: input = the extracted main text, metadata from the page."""
    md = dict(rec.metadata)
    skip = skip_reason(md)
    if skip:
        doc = Document(rec.id, "", md)
        doc.drop(*skip)
        return doc
    cfg = config.html
    fn = _extractor(cfg)
    html = rec.html
    if isinstance(html, (bytes, bytearray)):
        html, info = decode_html(bytes(html), md.pop("http_charset", None))
        md.update(info)
    else:
        md.setdefault("charset_source", "input")  # given as text: already decoded by the caller
    if not html or not html.strip():
        return Document(rec.id, "", md)  # the pipeline drops it as "empty"
    name = cfg.get("extractor", "trafilatura")
    if name == "trafilatura" and len(html) > cfg.get("large_page_mb", 2.0) * 1_000_000:
        # trafilatura's time grows faster than linearly with the page (synthetic pages: 2 MB 7 s,
        # 5 MB 35 s), and most of it is in single lxml calls that no alarm can interrupt;
        # resiliparse is linear (20 MB in 4 s). The largest of the 60 dev pages is 1.4 MB.
        _require("resiliparse")
        fn, name = extract_resiliparse, "resiliparse (large page)"
    try:
        with deadline(float(cfg["timeout"])) as enforced:
            got = fn(html, md.get("url"), cfg)
    except ExtractTimeout:
        doc = Document(rec.id, "", md)
        doc.drop("extract_timeout", f"extraction took more than {cfg['timeout']}s")
        return doc
    finally:
        _reset_caches(cfg.get("extractor", "trafilatura"))
    if not enforced:
        md["extract_timeout_unenforced"] = True
    for key, value in got.metadata.items():
        if key == "url":
            md.setdefault("url", value)
        else:
            md.setdefault("html_" + key if key in ("hostname", "description") else key, value)
    md["extractor"] = name
    if len(got.text.split()) < cfg.get("fallback_min_words", 0) and name == "trafilatura":
        # the extractor found (almost) nothing: an empty output is the worst result, so take
        # resiliparse's main content and let the thresher rules clean it
        _require("resiliparse")
        try:
            with deadline(float(cfg["timeout"])):
                alt = extract_resiliparse(html, md.get("url"), cfg)
        except ExtractTimeout:
            alt = Extracted("")
        if len(alt.text.split()) > len(got.text.split()):
            got = Extracted(alt.text, got.metadata)
            md["extractor"] = "resiliparse (fallback)"
    doc = Document(rec.id, got.text, md)
    if got.link_heavy:
        idx = [i for i, line in enumerate(doc.lines) if line.strip() and _squash(line) in got.link_heavy]
        if idx:
            doc.remove_lines(idx, "link_density", f"> {cfg['max_link_density']} of the text in links")
            doc.tidy()
    return doc

