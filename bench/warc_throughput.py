"""WARC throughput: records/s end to end with 1 and 2 workers, extraction's share, RSS over the run.

    .venv/bin/python bench/warc_throughput.py                    # 10,000 records, every figure
    .venv/bin/python bench/warc_throughput.py --cli-records 2000 # shorter CLI and trafilatura runs

The dev pages (``shared/data/dev/*/page.html.gz``) are repeated into WARC response records and
written to several ``.warc.gz`` files (one WARC file is one shard, so 2 workers need 2+ files).

1. in process, over all records: thresher's extraction (``document_from_html``) and rules
   (``Pipeline.process``) timed apart, and the resident set size every 1,000 pages (trafilatura
   #216: it must not keep growing);
2. ``thresher clean DIR -o OUT --workers N`` for N = 1, 2: records/s end to end;
3. trafilatura alone (``extract``, defaults) on the same records, one process.

Caveat: repeated pages favour every method equally, and let trafilatura's caches hit more often
than on a real crawl.  Without the shared data this prints why and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from html_accuracy import dev_and_html

ROOT = Path(__file__).resolve().parent.parent


def warc_record(uri: str, body: bytes, n: int) -> bytes:
    """One gzipped WARC response record around an HTML body."""
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + str(len(body)).encode()
            + b"\r\n\r\n" + body)
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.UUID(int=n)}>\r\n"
            f"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n", compresslevel=1)


def build(dev: Path, n: int, files: int, out: Path) -> list[tuple[str, bytes]]:
    """Write ``n`` records in ``files`` WARC files; return the (url, html) list."""
    import json

    pages = []
    for d in sorted(p for p in dev.iterdir() if (p / "page.html.gz").exists()):
        pages.append((json.loads((d / "meta.json").read_text())["url"], gzip.decompress((d / "page.html.gz").read_bytes())))
    records = [(f"{pages[i % len(pages)][0]}?copy={i}", pages[i % len(pages)][1]) for i in range(n)]
    out.mkdir(parents=True, exist_ok=True)
    per = -(-n // files)
    for f in range(files):
        with open(out / f"crawl-{f:02d}.warc.gz", "wb") as fh:
            fh.writelines(warc_record(records[i][0], records[i][1], i) for i in range(f * per, min(n, (f + 1) * per)))
    return records


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def in_process(records: list[tuple[str, bytes]]) -> None:
    """Extraction vs rules time, and RSS every 1,000 pages."""
    from thresher import Config
    from thresher.io.readers import Record
    from thresher.io.web import document_from_html
    from thresher.pipeline import Pipeline

    rules = [r for r in Config().pipeline["rules"] if r != "learned_boilerplate"]  # a corpus pass: needs a fit
    cfg = Config.from_dict({"pipeline": {"rules": rules}})
    p = Pipeline(cfg)
    t_extract = t_rules = 0.0
    rss = [(0, rss_mb())]
    for i, (url, html) in enumerate(records, 1):
        t0 = time.perf_counter()
        doc = document_from_html(Record(str(i), "", {"url": url, "http_status": 200, "content_type": "text/html"},
                                        html=html), cfg)
        t1 = time.perf_counter()
        p.process(doc)
        t_rules += time.perf_counter() - t1
        t_extract += t1 - t0
        if i % 1000 == 0:
            rss.append((i, rss_mb()))
    total = t_extract + t_rules
    print(f"in process, {len(records)} pages (rules without learned_boilerplate): {len(records) / total:.1f} pages/s; "
          f"extraction {100 * t_extract / total:.0f}% of the time, rules {100 * t_rules / total:.0f}%")
    print("RSS (MB) by pages done: " + ", ".join(f"{i}: {m:.0f}" for i, m in rss))
    print(f"RSS growth from page 1,000 to the end: {rss[-1][1] - rss[1][1]:+.0f} MB" if len(rss) > 2 else "")


def cli(src: Path, tmp: Path, workers: int, n: int) -> float:
    out = tmp / f"out-{workers}"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "thresher.cli", "clean", str(src), "-o", str(out), "--workers", str(workers),
                    "-q", "--overwrite"], check=True, cwd=ROOT)
    secs = time.perf_counter() - t0
    print(f"thresher clean, {workers} worker(s): {n} records in {secs:.1f}s = {n / secs:.1f} records/s")
    return secs


def trafilatura_alone(records: list[tuple[str, bytes]]) -> None:
    import trafilatura

    t0 = time.perf_counter()
    for url, html in records:
        trafilatura.extract(html, url=url)
    secs = time.perf_counter() - t0
    print(f"trafilatura alone (extract, defaults), 1 process: {len(records) / secs:.1f} records/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=10_000, help="records for the in-process RSS run (default 10,000)")
    ap.add_argument("--cli-records", type=int, default=0, help="records for the CLI and trafilatura runs (default: all)")
    ap.add_argument("--files", type=int, default=4, help="WARC files to spread the records over")
    ap.add_argument("--skip-in-process", action="store_true")
    args = ap.parse_args(argv)
    dev = dev_and_html("fastwarc", "trafilatura")
    if dev is None:
        return 0
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        n_cli = args.cli_records or args.records
        records = build(dev, n_cli, args.files, tmp / "warc")
        size = sum(f.stat().st_size for f in (tmp / "warc").iterdir()) / 1e6
        print(f"{n_cli} records in {args.files} WARC files ({size:.0f} MB gzipped) from {dev}")
        for w in (1, 2):
            cli(tmp / "warc", tmp, w, n_cli)
        trafilatura_alone(records)
        if not args.skip_in_process:
            all_records = records if args.records == n_cli else build(dev, args.records, 1, tmp / "rss")
            in_process(all_records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
