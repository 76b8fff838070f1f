"""Reading WARC, WARC.gz and WET files with fastwarc: one :class:`Record` per captured page.

Only records that stand for a capture are read (``response``, ``resource``, ``revisit``,
``conversion``); ``request``, ``metadata`` and ``warcinfo`` records describe a capture and are not
documents.  Every capture read becomes a record, so nothing disappears without a trace: an HTML
200 response carries its payload in ``html``; a non-200 response, a non-HTML payload or a revisit
carries only its metadata (``http_status``, ``content_type``, ``warc_type``) and
:func:`thresher.io.web.document_from_html` drops it with a counted reason (``fetch_error``,
``http_status``, ``not_html``, ``warc_revisit``).  WET conversion records are plain text.

Damage is reported, never fatal: a record whose payload is shorter than its ``Content-Length`` (a
file cut off mid-record) and a gzip member cut off at the end of the file each yield a
:class:`Malformed`; the good records before them are kept.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator

from ..errors import MissingDependencyError
from .files import Unit, split_ext
from .readers import Malformed, Record

HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")


def _fastwarc():
    """The fastwarc module, or MissingDependencyError: the one place its absence is checked."""
    try:
        from fastwarc import warc
    except ImportError:
        raise MissingDependencyError("fastwarc", "html", "WARC input") from None
    return warc


def read_warc(unit: Unit) -> Iterator[Record | Malformed]:
    """Every capture of a WARC/WET file, in file order; damage at the end reported as Malformed."""
    warc = _fastwarc()
    t = warc.WarcRecordType
    wanted = t.response | t.resource | t.revisit | t.conversion
    last_pos = 0
    seen = 0
    try:
        with open(unit.path, "rb") as f:
            for rec in warc.ArchiveIterator(f, record_types=wanted, parse_http=True, auto_decode="none"):
                seen += 1
                last_pos = rec.stream_pos
                out = _record(rec, unit)
                if out is not None:
                    yield out
    except (OSError, ValueError) as e:  # fastwarc raises OSError on a stream it cannot parse
        yield Malformed(f"{unit.rel}@{last_pos}", "", f"cannot read further: {e}")
        return
    _, comp = split_ext(unit.path)
    if comp == "gzip":
        damage = _gzip_tail_damage(unit.path, last_pos if seen else 0)
        if damage:
            yield Malformed(f"{unit.rel}@{damage[0]}", "", damage[1])


def _record(rec, unit: Unit) -> Record | Malformed | None:
    """One fastwarc record -> Record (payload + metadata) or Malformed (payload cut short)."""
    h = rec.headers
    rid = h.get("WARC-Record-ID") or f"{unit.rel}@{rec.stream_pos}"
    rtype = h.get("WARC-Type") or ""
    url = h.get("WARC-Target-URI")
    md: dict = {"url": url, "fetch_date": h.get("WARC-Date"), "warc_record_id": rid, "warc_type": rtype,
                "warc_file": unit.rel}
    loc = f"{unit.rel}@{rec.stream_pos}"
    expected = rec.content_length  # after parse_http: the bytes left after the HTTP headers
    body = rec.reader.read()
    if len(body) < expected:
        return Malformed(loc, "", f"record {rid} ({url}) cut off: {len(body)} of {expected} payload bytes")
    if rtype == "revisit":
        return Record(rid, "", md, loc, html=b"")
    if rtype == "conversion":  # WET: the crawler's plain text of the page
        return Record(rid, body.decode("utf-8", errors="replace"), md, loc)
    if rec.is_http and rec.http_headers is not None:
        md["http_status"] = rec.http_headers.status_code
        ctype = rec.http_content_type or ""
        charset = rec.http_charset
    else:  # a resource record: the block is the payload, typed by the WARC Content-Type
        ctype = (h.get("Content-Type") or "").split(";")[0].strip().lower()
        charset = None
    md["content_type"] = ctype
    if rec.is_http and rec.http_headers is not None:
        try:
            body = _decode_transfer(body, rec.http_headers)
        except (ValueError, OSError, zlib.error) as e:
            return Malformed(loc, "", f"record {rid} ({url}): cannot undo its HTTP encoding: {e}")
    if charset:
        md["http_charset"] = charset
    if md.get("http_status", 200) != 200 or (ctype and not ctype.startswith(HTML_TYPES)):
        return Record(rid, "", md, loc, html=b"")  # kept as a trace; document_from_html drops it
    return Record(rid, "", md, loc, html=body)


def _decode_transfer(body: bytes, headers) -> bytes:
    """Undo chunked transfer coding and gzip/deflate/br content coding, as a browser would."""
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        out, pos = [], 0
        while True:
            eol = body.find(b"\r\n", pos)
            if eol < 0:
                break
            size = int(body[pos:eol].split(b";")[0].strip() or b"0", 16)
            if size == 0:
                break
            out.append(body[eol + 2:eol + 2 + size])
            pos = eol + 2 + size + 2
        body = b"".join(out)
    coding = (headers.get("Content-Encoding") or "").strip().lower()
    if coding in ("gzip", "x-gzip"):
        return zlib.decompress(body, 16 + zlib.MAX_WBITS)
    if coding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some servers send
    if coding == "br":
        import brotli

        return brotli.decompress(body)
    return body


def _gzip_tail_damage(path: str, start: int) -> tuple[int, str] | None:
    """(offset, message) when a gzip member from ``start`` to the end of the file is cut off, else None."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read()
    pos = start
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            d.decompress(data)
        except zlib.error as e:
            return pos, f"damaged gzip member at byte {pos} of {size}: {e}"
        if not d.eof:
            return pos, f"truncated gzip member at byte {pos} of {size}: the file is cut off; records before it were read"
        used = len(data) - len(d.unused_data)
        pos += used
        data = d.unused_data
    return None
