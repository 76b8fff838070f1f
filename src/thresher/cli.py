"""The command line: ``thresher clean``, ``thresher explain``, ``thresher config``.

Fatal problems (missing input, unwritable output, bad config) print one line and exit 2;
malformed records are reported as warnings and the run goes on.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from .errors import ThresherError

EXIT_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="thresher", description="Separate the grain from the chaff in scraped web text.")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("clean", help="clean a corpus: INPUT files or directories -> OUTDIR/kept, OUTDIR/dropped, stats.json")
    c.add_argument("inputs", nargs="+", metavar="INPUT", help="text, JSONL, Parquet, HTML or WARC files, or directories of them (.gz/.zst read transparently)")
    c.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="output directory")
    c.add_argument("--config", metavar="FILE", help="TOML config; names only what it changes (see `thresher config`)")
    c.add_argument("--format", choices=["jsonl", "parquet"], help="output format (default jsonl)")
    c.add_argument("--compression", choices=["none", "gzip", "zstd"], help="JSONL compression (default zstd)")
    c.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores)")
    c.add_argument("--executor", choices=["local", "ray"], default="local", help="where shards run (default local)")
    c.add_argument("--ray-address", metavar="ADDRESS", help="address of an existing Ray cluster (with --executor ray)")
    c.add_argument("--dedup", choices=["none", "exact", "minhash", "both"],
                   help="remove duplicates across the corpus after cleaning and filters (default none)")
    c.add_argument("--overwrite", action="store_true", help="replace an existing run in OUTDIR instead of resuming it")
    c.add_argument("--text-field", help="JSONL/Parquet field holding the text (default 'text')")
    c.add_argument("--id-field", help="JSONL/Parquet field holding the id (default 'id')")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")

    e = sub.add_parser("explain", help="clean one text file and show every removal with its rule")
    e.add_argument("file", metavar="FILE")
    e.add_argument("--config", metavar="FILE")
    e.add_argument("--url", help="the page's URL (for source and date)")

    g = sub.add_parser("config", help="print the full effective config as TOML")
    g.add_argument("--config", metavar="FILE", help="a partial config to merge over the defaults")

    d = sub.add_parser("dedup-plan", help="bands x rows for a target Jaccard threshold, with its S-curve")
    d.add_argument("--threshold", type=float, required=True)
    d.add_argument("--unverified", action="store_true", help="plan for removal without Jaccard verification")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except ThresherError as e:
        print(f"thresher: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("thresher: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130


def _load_config(args: argparse.Namespace):
    from .config import Config

    over = {}
    for opt, key in (("format", "output.format"), ("compression", "output.compression"),
                     ("text_field", "input.text_field"), ("id_field", "input.id_field"), ("dedup", "pipeline.dedup")):
        if getattr(args, opt, None) is not None:
            over[key] = getattr(args, opt)
    return Config.load(args.config, **over)


def _clean(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .runner import run

    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers must be at least 1, got {args.workers}")
    # loading the config imports the steps' modules and builds their tables: many objects, all of them
    # kept for the whole run, so no cyclic garbage collection while they are made, and none of them
    # scanned by a collection again (nor at exit): they go to the collector's permanent generation
    gc.disable()
    try:
        config = _load_config(args)
    finally:
        gc.freeze()
        gc.enable()
    stats = run(args.inputs, args.output, config, workers=args.workers, executor=args.executor,
                overwrite=args.overwrite, show_progress=False if args.quiet else None, ray_address=args.ray_address)
    if not args.quiet:
        print(summary(stats, Path(args.output)))
    return 0


def summary(stats, out: Path) -> str:
    """A short human summary of a run."""
    d = stats.to_dict()
    docs = d["documents"]
    lines = [f"documents: {docs['in']:,} in, {docs['kept']:,} kept, {docs['dropped']:,} dropped"]
    if d["dropped_by_reason"]:
        lines.append("dropped:   " + ", ".join(f"{k} {v:,}" for k, v in sorted(d["dropped_by_reason"].items(), key=lambda kv: -kv[1])))
    if d["chars_removed_by_rule"]:
        lines.append("removed:   " + ", ".join(f"{k} {v:,} chars" for k, v in sorted(d["chars_removed_by_rule"].items(), key=lambda kv: -kv[1])))
    chars = d["chars"]
    if chars["in"]:
        lines.append(f"text:      {chars['in']:,} chars in, {chars['out']:,} out ({chars['out'] / chars['in']:.0%} kept)")
    lines.append(f"output:    {out / 'kept'}  {out / 'dropped'}  {out / 'stats.json'}")
    return "\n".join(lines)


def _explain(args: argparse.Namespace) -> int:
    from .api import Cleaner
    from .errors import InputError
    from .io.files import open_binary

    if not os.path.isfile(args.file):
        raise InputError(f"input not found: {args.file}")
    with open_binary(args.file) as f:
        data = f.read()
    r = Cleaner(_load_config(args)).clean(data, url=args.url)
    print(r.explain() or "nothing removed")
    md = {k: v for k, v in r.metadata.items() if k not in ("removed",)}
    print("metadata: " + ", ".join(f"{k}={v!r}" for k, v in md.items()))
    print("---")
    print(r.text)
    return 0


def _config(args: argparse.Namespace) -> int:
    from .config import Config

    sys.stdout.write(Config.load(args.config).to_toml())
    return 0


def _dedup_plan(args: argparse.Namespace) -> int:
    from . import dedup
    from .errors import ConfigError

    if not 0.0 < args.threshold <= 1.0:
        raise ConfigError(f"--threshold {args.threshold} must be a Jaccard similarity in (0, 1], e.g. 0.8")
    print(dedup.plan_report(args.threshold, verified=not args.unverified))
    return 0


_COMMANDS = {"clean": _clean, "explain": _explain, "config": _config, "dedup-plan": _dedup_plan}

if __name__ == "__main__":
    sys.exit(main())
