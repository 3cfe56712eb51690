"""Write the manager's brief for a data folder: HTML always, PDF when an engine (WeasyPrint or Chromium) is there.

    python scripts/make_briefing.py --data-dir data/processed --lang id --out brief.html --pdf brief.pdf
    python scripts/make_briefing.py --from 2023 --to 2024 --topic egov --host "Jawa Timur" --out brief.html

Filters are the dashboard's (ui/state.py). Exit codes: 0 written, 1 no usable data, 2 PDF asked for but not made
(the HTML is still written).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ui import briefing  # noqa: E402 - the repo root goes on the path first, so the script runs from anywhere
from ui.data import DataError, read_tables, resolve_data_dir  # noqa: E402
from ui.state import Filters, apply_filters  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", type=Path, default=None,
                   help="folder with the ETL's Parquet tables (default: $ATLAS_DATA_DIR or data/processed)")
    p.add_argument("--lang", choices=("en", "id"), default="en")
    p.add_argument("--out", type=Path, default=Path("study-visit-brief.html"), help="HTML file to write")
    p.add_argument("--pdf", type=Path, default=None, help="also write this PDF")
    p.add_argument("--from", dest="year_min", type=int, default=None)
    p.add_argument("--to", dest="year_max", type=int, default=None)
    p.add_argument("--topic", action="append", default=[], help="topic slug (repeatable)")
    p.add_argument("--origin", action="append", default=[], help="visitors' province (repeatable)")
    p.add_argument("--host", action="append", default=[], help="hosts' province (repeatable)")
    p.add_argument("--place", default="", help="place or institution search text")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    data_dir = args.data_dir or resolve_data_dir()
    try:
        tables = read_tables(data_dir)
    except DataError as exc:
        print(f"cannot read the data in {data_dir}: {exc.reason}", file=sys.stderr)
        return 1
    filters = Filters(
        year_min=args.year_min, year_max=args.year_max, topics=tuple(args.topic),
        origin_provinces=tuple(args.origin), host_provinces=tuple(args.host), place=args.place, lang=args.lang,
    )
    visits = apply_filters(tables.visits, filters)
    outline, points = briefing.read_backdrop()
    page = briefing.to_brief_html(visits, args.lang, filters=filters, total_visits=len(tables.visits),
                                  generated=date.today(), outline=outline, points=points)
    args.out.write_text(page, encoding="utf-8")
    print(f"wrote {args.out} ({len(visits)} of {len(tables.visits)} visits)")
    if args.pdf is None:
        return 0
    try:
        args.pdf.write_bytes(briefing.render_pdf(page))
    except briefing.PdfEngineMissing:
        print("no PDF engine here (pip install weasyprint, or install Chromium); open the HTML and print it to PDF",
              file=sys.stderr)
        return 2
    except briefing.PdfRenderError as exc:
        print(f"the PDF could not be made: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
