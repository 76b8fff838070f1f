"""HTML and WARC input: charset choice, extraction, time limit, WARC damage and fetch errors.

Every page here is written for the test (no copied pages).
"""

from __future__ import annotations

import gzip
import time
import uuid

import pytest

pytest.importorskip("trafilatura")
pytest.importorskip("fastwarc")

from thresher import Config
from thresher.api import Cleaner
from thresher.io.files import make_shards
from thresher.io.readers import Malformed, ReaderOptions, Record, read_shard
from thresher.io.web import ExtractTimeout, deadline, decode_html, document_from_html
from thresher.pipeline import Pipeline

ARTICLE = ("The village council met on Tuesday evening to discuss the new bridge over the river. "
           "Residents said the old crossing had been closed for most of the winter, and the detour "
           "added forty minutes to every trip to the market town. ")


def page(body: str, head: str = "", title: str = "Bridge plans approved") -> str:
    nav = "<nav><ul>" + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(8)) + "</ul></nav>"
    return (f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>{nav}"
            f"<article><h1>{title}</h1>{body}</article><footer><p>Contact us | Privacy</p></footer></body></html>")


_WORDS = ["orchard", "lantern", "meadow", "quarry", "harbour", "thistle", "pewter", "saddle", "ferry", "granary", "bellows", "cobbler", "chapel", "millpond", "tannery", "hayloft", "spindle", "kiln", "wharf", "turnpike"]


def paragraphs(n: int = 4, extra: str = "") -> str:
    """``n`` distinct paragraphs (the repetition rule would remove copies)."""
    out = []
    for i in range(n):
        w = [_WORDS[(i * 7 + k * 3) % len(_WORDS)] for k in range(12)]
        out.append(f"<p>{ARTICLE if i == 0 else ''}{extra} In paragraph {i} the {w[0]} near the {w[1]} was "
                   f"repaired, while the {w[2]} and the {w[3]} waited for the {w[4]} of the {w[5]}; "
                   f"later the {w[6]}, the {w[7]} and the {w[8]} joined the {w[9]} by the {w[10]} and {w[11]}.</p>")
    return "".join(out)


def html_doc(html, config: Config | None = None, **md):
    p = Pipeline(config or Config())
    return p.process(p.document(Record("t", "", dict(md), html=html)))


# -- charset ---------------------------------------------------------------------------------------
def test_meta_charset_used_when_right():
    data = page(paragraphs(extra="Café déjà vu."), head='<meta charset="windows-1252">').encode("cp1252")
    text, info = decode_html(data)
    assert info == {"charset": "windows-1252", "charset_source": "meta_tag"}
    assert "Café déjà vu" in text


def test_http_header_beats_meta_tag():
    data = page(paragraphs(extra="Straße"), head='<meta charset="utf-8">').encode("iso-8859-15")
    text, info = decode_html(data, http_charset="ISO-8859-15")
    assert info["charset_source"] == "http_header" and "Straße" in text


def test_declared_wrong_utf8_meta_on_cp1252_bytes_is_overruled():
    data = page(paragraphs(extra="Naïve café, crème brûlée."), head='<meta charset="utf-8">').encode("cp1252")
    text, info = decode_html(data)
    assert info["charset_source"] == "detection" and info["charset_declared"] == "utf-8"
    assert "crème brûlée" in text


def test_declared_latin1_on_utf8_bytes_is_overruled():
    data = page(paragraphs(extra="Zoë’s “quoted” words"), head='<meta charset="iso-8859-1">').encode("utf-8")
    text, info = decode_html(data)
    assert info["charset"] == "utf-8" and info["charset_declared"] == "cp1252"
    assert "Zoë’s “quoted”" in text


def test_missing_declaration_is_detected():
    data = page(paragraphs(extra="Ελληνικά γράμματα στο κείμενο.")).encode("utf-8")
    text, info = decode_html(data)
    assert info["charset_source"] == "detection" and "Ελληνικά" in text


def test_utf16_with_bom_and_without():
    html = page(paragraphs(extra="Ünïcödé"), head='<meta charset="utf-16">')
    text, info = decode_html(html.encode("utf-16"))
    assert info["charset_source"] == "bom" and "Ünïcödé" in text
    text, info = decode_html(html.encode("utf-16-le"))
    assert info == {"charset": "utf-16-le", "charset_source": "detection"} and "Ünïcödé" in text


def test_charset_recorded_on_the_document():
    doc = html_doc(page(paragraphs(extra="Crème."), head='<meta charset="utf-8">').encode("utf-8"))
    assert doc.dropped is None
    assert doc.metadata["charset"] == "utf-8" and doc.metadata["charset_source"] == "meta_tag"


# -- extraction and metadata ------------------------------------------------------------------------
def test_clean_html_extracts_article_and_metadata():
    html = page(paragraphs(), head='<meta name="author" content="Ann Example">'
                '<meta property="article:published_time" content="2024-03-05">'
                '<meta property="og:site_name" content="Valley News">')
    r = Cleaner().clean_html(html, url="https://news.example.org/2024/03/bridge")
    assert r.dropped is None
    assert "Section 3" not in r.text and "Privacy" not in r.text
    assert r.text.count("The village council met") == 1 and "paragraph 3 the" in r.text
    md = r.metadata
    assert md["title"] == "Bridge plans approved" and md["author"] == "Ann Example"
    assert md["date"] == "2024-03-05" and md["sitename"] == "Valley News"
    assert md["language"] == "en" and md["url"] == "https://news.example.org/2024/03/bridge"


def test_link_heavy_block_removed_and_recorded():
    related = "<p><a href='/a'>Council approves new bridge budget for the coming year</a></p>"
    r = Cleaner().clean_html(page(paragraphs(2) + related + paragraphs(2)))
    assert "budget for the coming year" not in r.text
    assert any(x.rule == "link_density" and "budget" in r.input[x.start:x.end] for x in r.removed)


def test_resiliparse_extractor():
    cfg = Config.from_dict({"html": {"extractor": "resiliparse"}})
    r = Cleaner(cfg).clean_html(page(paragraphs()).encode())
    assert r.dropped is None and "village council" in r.text and r.metadata["extractor"] == "resiliparse"


def test_unknown_extractor_names_the_valid_ones():
    from thresher.errors import ConfigError

    cfg = Config()
    cfg.html["extractor"] = "readability"
    with pytest.raises(ConfigError, match="'readability'.*resiliparse, trafilatura"):
        Cleaner(cfg).clean_html(page(paragraphs()))


def test_empty_body_dropped_as_empty():
    assert html_doc(b"").dropped == "empty"
    assert html_doc(b"<html><head><title>x</title></head><body></body></html>").dropped == "empty"


@pytest.mark.slow
def test_20mb_page():
    body = paragraphs(200) + "<div>" + "<p>filler text in a side box</p>" * 700_000 + "</div>"
    html = page(body).encode()
    assert len(html) > 20_000_000
    t0 = time.perf_counter()
    # extraction only: the rules after it are other modules' business (and their own tests')
    doc = document_from_html(Record("big", "", {}, html=html), Config.from_dict({"html": {"timeout": 120.0}}))
    assert time.perf_counter() - t0 < 60
    assert doc.dropped is None and doc.metadata["extractor"] == "resiliparse (large page)"
    assert "paragraph 199 the" in doc.text


# -- the time limit ------------------------------------------------------------------------------
def test_slow_extraction_abandoned_with_reason():
    slow = page("".join(f"<div><p>{ARTICLE} Item {i}.</p><a href='/x{i}'>link {i}</a></div>" for i in range(4000)))
    doc = html_doc(slow, Config.from_dict({"html": {"timeout": 0.01}}))
    assert doc.dropped == "extract_timeout"
    assert "0.01" in doc.drop_detail
    # the run goes on: the next page is extracted normally, and no alarm is left armed
    assert html_doc(page(paragraphs())).dropped is None
    time.sleep(0.05)


def test_deadline_is_not_swallowed_by_except_exception():
    with pytest.raises(ExtractTimeout), deadline(0.01):
        try:
            time.sleep(1)
        except Exception:  # noqa: BLE001, S110  (what the extractors do; the timeout must get through)
            pass


# -- WARC ---------------------------------------------------------------------------------------
def warc_record(uri: str, body: bytes, status: int = 200, ctype: str = "text/html; charset=utf-8",
                wtype: str = "response") -> bytes:
    http = f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: {wtype}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: 2024-03-05T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n")


def run_warc(tmp_path, data: bytes):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    shard = make_shards([str(path)])[0]
    p = Pipeline()
    out = []
    for rec in read_shard(shard, ReaderOptions()):
        out.append(rec if isinstance(rec, Malformed) else p.process(p.document(rec)))
    return out


def test_warc_records_fetch_errors_and_skips(tmp_path):
    good = page(paragraphs()).encode()
    data = (warc_record("https://a.example/1", good)
            + warc_record("https://a.example/gone", b"<html><body>Not Found</body></html>", status=404)
            + warc_record("https://a.example/moved", b"", status=301)
            + warc_record("https://a.example/logo.png", b"\x89PNG\r\n", ctype="image/png")
            + warc_record("https://a.example/2", good.replace(b"village", b"town")))
    docs = run_warc(tmp_path, data)
    assert [d.dropped for d in docs] == [None, "fetch_error", "http_status", "not_html", None]
    assert docs[1].drop_detail == "HTTP 404" and docs[1].metadata["url"] == "https://a.example/gone"
    first = docs[0]
    assert first.id.startswith("<urn:uuid:") and first.metadata["warc_record_id"] == first.id
    assert first.metadata["http_status"] == 200 and first.metadata["fetch_date"].startswith("2024-03-05")
    assert first.metadata["charset_source"] == "http_header"
    assert "town" in docs[4].text


def test_warc_truncated_gzip_keeps_good_records_and_reports(tmp_path):
    good = page(paragraphs()).encode()
    whole = b"".join(warc_record(f"https://a.example/{i}", good) for i in range(3))
    last = warc_record("https://a.example/cut", page(paragraphs(300)).encode())
    out = run_warc(tmp_path, whole + last[: len(last) // 2])
    kept = [d for d in out if not isinstance(d, Malformed)]
    damaged = [d for d in out if isinstance(d, Malformed)]
    assert len(kept) == 3 and all(d.dropped is None for d in kept)
    assert len(damaged) >= 1 and ("cut off" in damaged[0].error or "truncated" in damaged[0].error)


def test_warc_run_counts_damage_and_fetch_errors(tmp_path):
    good = page(paragraphs()).encode()
    data = warc_record("https://a.example/1", good) + warc_record("https://a.example/x", b"nope", status=403)
    data += warc_record("https://a.example/cut", good)[:-40]
    src = tmp_path / "in"
    src.mkdir()
    (src / "crawl.warc.gz").write_bytes(data)
    from thresher.pipeline import RunDir

    shard = make_shards([str(src)])[0]
    # per-document rules only: a corpus pass (learned boilerplate) needs its fit step first
    rules = [r for r in Config().pipeline["rules"] if r != "learned_boilerplate"]
    stats = Pipeline(Config.from_dict({"pipeline": {"rules": rules}})).run_shard(shard, RunDir(tmp_path / "out"))
    assert stats["docs_kept"] == 1 and stats["dropped.fetch_error"] == 1 and stats["malformed"] >= 1


def test_html_file_id_is_relative_path(tmp_path):
    d = tmp_path / "site" / "news"
    d.mkdir(parents=True)
    (d / "bridge.html").write_bytes(page(paragraphs()).encode("utf-8"))
    shard = make_shards([str(tmp_path / "site")])[0]
    recs = list(read_shard(shard, ReaderOptions()))
    assert [r.id for r in recs] == ["news/bridge.html"]
    assert document_from_html(recs[0], Config()).metadata["title"] == "Bridge plans approved"


def test_jsonl_html_field(tmp_path):
    import orjson

    path = tmp_path / "pages.jsonl"
    path.write_bytes(orjson.dumps({"id": "p1", "page": page(paragraphs()), "url": "https://a.example/p1"}) + b"\n")
    opts = ReaderOptions(html_field="page")
    recs = list(read_shard(make_shards([str(path)])[0], opts))
    assert recs[0].html is not None
    doc = Pipeline().process(Pipeline().document(recs[0]))
    assert doc.dropped is None and doc.metadata["charset_source"] == "input" and "village" in doc.text

