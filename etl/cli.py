"""The command line: `python -m etl --input PATH [--input PATH ...] --out DIR`.

Thin edge over etl.pipeline.run_etl: parses arguments, shows a progress bar on a
terminal, prints a summary, and turns the pipeline's exceptions into messages and exit
codes (2: unusable arguments; 1: nothing could be read or written; 0 otherwise, even
when some articles are error rows).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from etl import __version__
from etl.readers import DEFAULT_MAX_BYTES  # light: the readers import no pandas or pyarrow

if TYPE_CHECKING:
    from etl.pipeline import RunSummary

DEFAULT_OUT = Path("data/processed")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def default_out() -> Path:
    """The output folder when --out is not given: $ATLAS_DATA_DIR, else data/processed."""
    env = os.environ.get("ATLAS_DATA_DIR")
    return Path(env) if env else DEFAULT_OUT


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the command)."""
    p = argparse.ArgumentParser(
        prog="python -m etl",
        description="Read news articles about study visits and write the tidy visit tables (Parquet).",
    )
    p.add_argument(
        "--input",
        "-i",
        action="append",
        required=True,
        type=Path,
        metavar="PATH",
        help="a .txt/.html/.htm/.json/.jsonl file or a folder of them (recursive); repeatable",
    )
    p.add_argument(
        "--out", "-o", type=Path, default=None, help=f"output folder (default: $ATLAS_DATA_DIR or {DEFAULT_OUT})"
    )
    p.add_argument("--workers", "-w", type=_positive_int, default=1, help="extraction processes (default: 1)")
    p.add_argument(
        "--max-mb",
        type=float,
        default=DEFAULT_MAX_BYTES / (1024 * 1024),
        help="size cap per article in MB (default: %(default)g)",
    )
    p.add_argument(
        "--extractor",
        default=None,
        metavar="MODULE:FUNCTION",
        help="use another extraction function (default: etl.extract:extract_article), e.g. for benchmarks",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    p.add_argument("--log", type=Path, default=None, metavar="FILE", help="also log every error and ignored file here")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


class ExtractorNotFound(ValueError):
    """--extractor does not name an importable function."""


def load_extractor(spec: str):
    """The function named by 'package.module:function'; raises ExtractorNotFound."""
    import importlib

    module_name, _, name = spec.partition(":")
    if not module_name or not name:
        raise ExtractorNotFound(f"--extractor must look like module:function, not {spec!r}")
    try:
        fn = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError) as e:
        raise ExtractorNotFound(f"cannot load extractor {spec!r}: {e}") from e
    if not callable(fn):
        raise ExtractorNotFound(f"extractor {spec!r} is not a function")
    return fn


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from e
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


class _Bar:
    """A tqdm progress bar on stderr driven by run_etl's progress(done, total) callback."""

    def __init__(self) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=None, unit=" articles", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

    def __call__(self, done: int, total: int | None) -> None:
        if total is not None and self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        self.bar.close()


def format_summary(s: RunSummary) -> str:
    """The closing summary printed after a run."""
    lines = [
        f"Wrote {s.out}",
        f"  articles read:      {s.articles:,}",
        f"  visit articles:     {s.visit_articles:,}",
        f"  visits:             {s.visits:,} (from {s.extracted_visits:,} reports)",
        f"  merged duplicates:  {s.merged_duplicates:,}",
        f"  articles w/ errors: {s.error_articles:,}",
    ]
    if s.ignored:
        shown = ", ".join(s.ignored[:5]) + (" ..." if len(s.ignored) > 5 else "")
        lines.append(f"  ignored files:      {len(s.ignored):,} ({shown})")
    for aid, err in s.errors[:5]:
        lines.append(f"    error {aid}: {err}")
    if s.error_articles > 5:
        lines.append(f"    ... see {s.out / 'manifest.json'} and the articles table")
    rate = s.articles / s.seconds if s.seconds else 0.0
    lines.append(f"  time:               {s.seconds:.1f} s ({rate:,.0f} articles/s)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    out = args.out or default_out()
    if args.max_mb <= 0:
        print("error: --max-mb must be positive", file=sys.stderr)
        return EXIT_USAGE
    try:
        extract = load_extractor(args.extractor) if args.extractor else None
    except ExtractorNotFound as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.log:
        try:
            handler = logging.FileHandler(args.log, encoding="utf-8")
        except OSError as e:
            print(f"error: cannot write the log file {args.log}: {e.strerror or e}", file=sys.stderr)
            return EXIT_USAGE
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger = logging.getLogger("etl")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    # Imported only now: pandas and pyarrow take seconds to load on a busy machine.
    from etl.pipeline import EtlError, InputNotFound, run_etl
    from etl.write import OutputError

    bar = _Bar() if not args.quiet and sys.stderr.isatty() else None
    try:
        summary = run_etl(
            args.input,
            out,
            workers=args.workers,
            progress=bar,
            extract=extract,
            max_bytes=int(args.max_mb * 1024 * 1024),
        )
    except InputNotFound as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except EtlError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        print(format_summary(summary))
    return EXIT_OK
