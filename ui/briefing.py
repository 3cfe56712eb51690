"""A printable brief of the current view for a manager: headline numbers, flow map, timeline, top hosts and
topics, where visits go, the travel cost estimate, and the method notes.

`to_brief_html` is pure and returns one self-contained HTML page (inline CSS, charts as inline SVG drawn here, no
JS, no fonts or images from the network). `render_pdf` is the edge that turns it into a PDF with an engine found
on this machine (WeasyPrint, else headless Chromium); when none is there it raises PdfEngineMissing, and the HTML
still works (print it from any browser).
"""

from __future__ import annotations

import ctypes.util
import html
import importlib.util
import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from etl import taxonomy
from ui import cost, geo, insights
from ui.i18n import fmt_float, fmt_int, t

REGIONS_PATH = geo.REGIONS_PATH

# The map's window: all of Indonesia with a small margin (plate carrée: one degree is the same length both ways,
# which at the equator is close enough to true shape for a country 11 degrees either side of it).
MAP_LON = (94.0, 142.0)
MAP_LAT = (-11.8, 7.2)
MAP_WIDTH = 960
TIMELINE_SIZE = (960, 170)
TOP_N = 10
# The busiest routes drawn on the map: beyond a few hundred lines a printed map is a smear and the PDF slow.
MAX_ROUTES = 250

INK = "#1f2a37"
MUTED = "#6b7280"
LAND = "#e9e4d8"
LAND_OTHER = "#f3f2ee"
COAST = "#a9a294"
SEA = "#f4f8fb"
FLOW = "#c2410c"
HOST = "#1d4ed8"
BAR = "#2563eb"

# Section ids, in page order; tests and readers can find each by id.
SECTIONS = ("headline", "map", "timeline", "hosts", "topics", "scopes", "cost", "method")


class PdfEngineMissing(RuntimeError):
    """No PDF engine (WeasyPrint or Chromium) is available on this machine."""


class PdfRenderError(RuntimeError):
    """A PDF engine was found but failed to render the brief."""


def _e(value: object) -> str:
    """Escape any text for HTML: names, leads and institutions come from news articles."""
    return html.escape("" if value is None else str(value), quote=True)


# ------------------------------------------------------------------------------------------------ the map


def _project(lon: float, lat: float, width: float, height: float) -> tuple[float, float]:
    x = (lon - MAP_LON[0]) / (MAP_LON[1] - MAP_LON[0]) * width
    y = (MAP_LAT[1] - lat) / (MAP_LAT[1] - MAP_LAT[0]) * height
    return round(x, 1), round(y, 1)


def read_outline(path: Path = geo.OUTLINE_PATH) -> dict | None:
    """Natural Earth country outlines (ui/geo.py's data/geo/outline.json), or None when the file is absent."""
    try:
        return geo.read_outline(path)
    except (OSError, ValueError):
        return None


def read_region_points(path: Path = REGIONS_PATH) -> list[tuple[float, float]]:
    """(lon, lat) of every gazetteer region: the fallback backdrop when there is no outline."""
    try:
        regions = pd.read_csv(path, usecols=["lon", "lat"])
    except (OSError, ValueError):
        return []
    return [(float(r.lon), float(r.lat)) for r in regions.dropna().itertuples(index=False)]


def read_backdrop() -> tuple[dict | None, list[tuple[float, float]] | None]:
    """(outline, None) when the Natural Earth outline is there, else (None, gazetteer region points)."""
    outline = read_outline()
    return (outline, None) if outline else (None, read_region_points())


def to_flow_routes(visits: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Visits per origin -> host with both ends on the map; and how many visits could not be drawn.

    Columns: origin, host, o_lon, o_lat, h_lon, h_lat, visits. A visit is not drawn when either end has no
    coordinates or lies outside the map window (e.g. a trip abroad).
    """
    cols = ["origin_name", "host_name", "origin_lon", "origin_lat", "host_lon", "host_lat"]
    if visits.empty:
        return pd.DataFrame(columns=["origin", "host", "o_lon", "o_lat", "h_lon", "h_lat", "visits"]), 0
    v = visits[[c for c in cols if c in visits.columns]].copy()
    for c in cols:
        if c not in v.columns:
            v[c] = None
    for c in cols[2:]:
        v[c] = pd.to_numeric(v[c], errors="coerce")
    inside = pd.Series(True, index=v.index)
    for side in ("origin", "host"):
        inside &= v[f"{side}_lon"].between(*MAP_LON) & v[f"{side}_lat"].between(*MAP_LAT)
    drawn = v[inside].copy()
    drawn["origin_name"] = drawn["origin_name"].astype(object).where(drawn["origin_name"].notna(), "?")
    drawn["host_name"] = drawn["host_name"].astype(object).where(drawn["host_name"].notna(), "?")
    routes = (
        drawn.groupby(["origin_name", "host_name", "origin_lon", "origin_lat", "host_lon", "host_lat"])
        .size()
        .rename("visits")
        .reset_index()
        .rename(columns={"origin_name": "origin", "host_name": "host", "origin_lon": "o_lon", "origin_lat": "o_lat",
                         "host_lon": "h_lon", "host_lat": "h_lat"})
        .sort_values("visits", kind="stable")  # the biggest flows drawn last, on top
        .reset_index(drop=True)
    )
    return routes, int((~inside).sum())


def to_map_svg(visits: pd.DataFrame, outline: dict | None, points: list[tuple[float, float]] | None = None,
               width: int = MAP_WIDTH, labels: int = 6, max_routes: int = MAX_ROUTES,
               routes: pd.DataFrame | None = None) -> str:
    """An inline SVG of Indonesia (outline, else gazetteer dots) with one curved line per origin -> host route.

    Only the `max_routes` busiest routes get a line (line width grows with the square root of the visits); host
    circles count every visit on the map; the `labels` busiest hosts are named.
    """
    height = round(width * (MAP_LAT[1] - MAP_LAT[0]) / (MAP_LON[1] - MAP_LON[0]))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'class="map" font-family="DejaVu Sans, Arial, sans-serif">',
        f'<rect width="{width}" height="{height}" fill="{SEA}"/>',
    ]
    if outline:
        for focus in (False, True):
            d = []
            for country in outline.get("countries", []):
                if bool(country.get("focus")) is not focus:
                    continue
                for ring in country.get("rings", []):
                    pts = [_project(p[0], p[1], width, height) for p in ring]
                    d.append("M" + "L".join(f"{x},{y}" for x, y in pts) + "Z")
            if d:
                fill = LAND if focus else LAND_OTHER
                parts.append(f'<path d="{"".join(d)}" fill="{fill}" stroke="{COAST}" stroke-width="0.6"/>')
    elif points:
        dots = "".join(
            f'<circle cx="{x}" cy="{y}" r="1.6"/>'
            for x, y in (_project(lon, lat, width, height) for lon, lat in points)
            if 0 <= x <= width and 0 <= y <= height
        )
        parts.append(f'<g fill="{COAST}" opacity="0.6">{dots}</g>')

    if routes is None:
        routes, _ = to_flow_routes(visits)
    if not routes.empty:
        top = int(routes["visits"].max())
        for r in routes.tail(max_routes).itertuples(index=False):
            x1, y1 = _project(r.o_lon, r.o_lat, width, height)
            x2, y2 = _project(r.h_lon, r.h_lat, width, height)
            w = 0.8 + 3.2 * math.sqrt(r.visits / top)
            if (x1, y1) == (x2, y2):
                continue  # a visit within one place has no line; its host circle shows it
            # A bend to the left of travel, proportional to length, so A->B and B->A do not overlap.
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            dx, dy = x2 - x1, y2 - y1
            cx, cy = round(mx - dy * 0.2, 1), round(my + dx * 0.2, 1)
            parts.append(
                f'<path d="M{x1},{y1} Q{cx},{cy} {x2},{y2}" fill="none" stroke="{FLOW}" stroke-opacity="0.55" '
                f'stroke-width="{w:.1f}" stroke-linecap="round"><title>{_e(r.origin)} → {_e(r.host)}: '
                f'{int(r.visits)}</title></path>'
            )
            parts.append(f'<circle cx="{x1}" cy="{y1}" r="2" fill="{FLOW}"/>')
        hosts = routes.groupby(["host", "h_lon", "h_lat"])["visits"].sum().reset_index()
        hosts = hosts.sort_values(["visits", "host"], ascending=[False, True])
        hmax = int(hosts["visits"].max())
        for h in hosts.itertuples(index=False):
            x, y = _project(h.h_lon, h.h_lat, width, height)
            r = 3 + 7 * math.sqrt(h.visits / hmax)
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="{r:.1f}" fill="{HOST}" fill-opacity="0.75" stroke="white" '
                f'stroke-width="1"><title>{_e(h.host)}: {int(h.visits)}</title></circle>'
            )
        placed: list[tuple[float, float, float, float]] = []
        for h in hosts.itertuples(index=False):
            if len(placed) >= labels:
                break
            x, y = _project(h.h_lon, h.h_lat, width, height)
            anchor = "end" if x > width * 0.8 else "start"
            dx = -9 if anchor == "end" else 9
            text = f"{h.host} ({int(h.visits)})"
            # Skip a label that would overlap one already drawn (about 7.2 px per character at 13 px).
            w = 7.2 * len(text)
            x0 = x + dx - w if anchor == "end" else x + dx
            box = (x0, y - 19, x0 + w, y - 2)
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                continue
            placed.append(box)
            label = _e(text)
            # A white halo drawn first, then the text: WeasyPrint ignores paint-order, so two elements it is.
            for style in ('fill="white" stroke="white" stroke-width="3.5" stroke-linejoin="round"', f'fill="{INK}"'):
                parts.append(
                    f'<text x="{x + dx}" y="{y - 6}" font-size="13" text-anchor="{anchor}" {style}>{label}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------------------------------------ the timeline


@dataclass(frozen=True)
class TimelineBars:
    """Visits per period for the bar chart, and the visits it leaves out."""

    freq: str  # "month" or "year"
    periods: list[str]  # "2024-03" or "2024"
    counts: list[int]
    n_year_only: int  # dated to a year only: left out of a monthly chart
    n_undated: int


def to_timeline_bars(visits: pd.DataFrame, max_months: int = 36) -> TimelineBars:
    """Monthly bars when the visits dated to a month span at most max_months, else yearly bars.

    Gaps are filled with zero-height bars: a month without a reported visit is a real zero in the data shown.
    """
    year = pd.to_numeric(visits.get("year", pd.Series(dtype="float64")), errors="coerce")
    precision = visits.get("date_precision", pd.Series([None] * len(visits), index=visits.index)).astype(object)
    dates = pd.to_datetime(visits.get("date", pd.Series([None] * len(visits), index=visits.index)), errors="coerce")
    monthly = precision.isin(["day", "month"]) & dates.notna()
    n_undated = int(year.isna().sum())
    if monthly.any():
        months = dates[monthly].dt.year * 12 + dates[monthly].dt.month - 1
        lo, hi = int(months.min()), int(months.max())
        if hi - lo + 1 <= max_months:
            counts = months.value_counts()
            span = range(lo, hi + 1)
            return TimelineBars(
                "month", [f"{m // 12}-{m % 12 + 1:02d}" for m in span], [int(counts.get(m, 0)) for m in span],
                n_year_only=int((year.notna() & ~monthly).sum()), n_undated=n_undated,
            )
    known = year.dropna().astype(int)
    if known.empty:
        return TimelineBars("year", [], [], 0, n_undated)
    counts = known.value_counts()
    span = range(int(known.min()), int(known.max()) + 1)
    return TimelineBars("year", [str(y) for y in span], [int(counts.get(y, 0)) for y in span], 0, n_undated)


def to_timeline_svg(bars: TimelineBars, lang: str, size: tuple[int, int] = TIMELINE_SIZE) -> str:
    """A bar chart SVG of visits per period, with the y-axis maximum and sparse period labels."""
    width, height = size
    left, bottom, top = 56, 28, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'class="timeline" font-family="DejaVu Sans, Arial, sans-serif" font-size="11" fill="{MUTED}">'
    ]
    n = len(bars.counts)
    if n:
        ymax = max(max(bars.counts), 1)
        step = plot_w / n
        bar_w = max(step * 0.8, 1.0)
        parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="{COAST}"/>')
        parts.append(f'<text x="{left - 6}" y="{top + 8}" text-anchor="end">{fmt_int(ymax, lang)}</text>')
        parts.append(f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>')
        every = max(1, math.ceil(n / 12))
        for i, (period, count) in enumerate(zip(bars.periods, bars.counts, strict=True)):
            x = left + i * step + (step - bar_w) / 2
            h = plot_h * count / ymax
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BAR}">'
                f'<title>{_e(period)}: {count}</title></rect>'
            )
            if i % every == 0:
                parts.append(
                    f'<text x="{left + i * step + step / 2:.1f}" y="{height - 8}" text-anchor="middle">'
                    f'{_e(period)}</text>'
                )
    else:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">{_e(t("brief.no_dates", lang))}</text>')
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------------------------------------ the page


def to_idr_range(r: cost.Range, lang: str) -> str:
    """A rupiah range in one unit chosen by its high end: 'Rp 2.1 – 8.6 billion', 'Rp 120 – 480 million'."""
    if r.high >= 1e12:
        return t("brief.idr_trillion", lang,
                 n=f"{fmt_float(r.low / 1e12, lang, 1)} – {fmt_float(r.high / 1e12, lang, 1)}")
    if r.high >= 1e9:
        return t("brief.idr_billion", lang, n=f"{fmt_float(r.low / 1e9, lang, 1)} – {fmt_float(r.high / 1e9, lang, 1)}")
    return t("brief.idr_million", lang, n=f"{fmt_float(r.low / 1e6, lang, 0)} – {fmt_float(r.high / 1e6, lang, 0)}")


def describe_filters(filters: object, lang: str) -> list[str]:
    """Human lines for a ui.state.Filters value (or anything with the same fields); [] when nothing is filtered."""
    if filters is None:
        return []
    lines = []
    y0, y1 = getattr(filters, "year_min", None), getattr(filters, "year_max", None)
    if y0 is not None or y1 is not None:
        lines.append(t("brief.f_years", lang, a=y0 if y0 is not None else "…", b=y1 if y1 is not None else "…"))
    for field, key, table in (
        ("topics", "brief.f_topics", taxonomy.TOPICS),
        ("visit_types", "brief.f_types", taxonomy.VISIT_TYPES),
        ("institution_types", "brief.f_inst", taxonomy.INSTITUTION_TYPES),
        ("origin_provinces", "brief.f_origin", None),
        ("host_provinces", "brief.f_host", None),
    ):
        values = getattr(filters, field, ()) or ()
        if values:
            names = [taxonomy.label(table, v, lang) if table else str(v) for v in values]
            lines.append(t(key, lang, v=", ".join(names)))
    place = getattr(filters, "place", "")
    if place:
        lines.append(t("brief.f_place", lang, v=place))
    return lines


def _table(headers: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    head = "".join(f'<th class="{"num" if i in numeric else ""}">{_e(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td class="{"num" if i in numeric else ""}">{c}</td>' for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


CSS = f"""
@page {{ size: A4; margin: 14mm 13mm 16mm 13mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: {INK}; font-size: 10pt;
  line-height: 1.38; margin: 0 auto; max-width: 190mm; }}
h1 {{ font-size: 19pt; margin: 0 0 2pt 0; }}
h2 {{ font-size: 12.5pt; margin: 12pt 0 5pt 0; border-bottom: 1px solid #d1d5db; padding-bottom: 2pt; }}
.sub {{ color: {MUTED}; margin: 0 0 6pt 0; }}
.kpis {{ display: flex; flex-wrap: wrap; gap: 6pt; margin: 4pt 0; }}
.kpi {{ flex: 1 1 28%; border: 1px solid #e5e7eb; border-radius: 4pt; padding: 5pt 7pt; }}
.kpi b {{ display: block; font-size: 15pt; }}
.kpi span {{ color: {MUTED}; font-size: 8.5pt; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; }}
th, td {{ text-align: left; padding: 2.5pt 5pt; border-bottom: 1px solid #e5e7eb; vertical-align: top; }}
th {{ color: {MUTED}; font-weight: normal; }}
.num {{ text-align: right; white-space: nowrap; }}
.note {{ color: {MUTED}; font-size: 8.5pt; margin: 3pt 0; }}
ul {{ margin: 3pt 0; padding-left: 14pt; }}
li {{ margin: 1.5pt 0; }}
#cost ul, #method ul {{ font-size: 8.8pt; }}
svg {{ display: block; }}
section {{ break-inside: avoid; page-break-inside: avoid; }}
section.long {{ break-inside: auto; page-break-inside: auto; }}
h2 {{ break-after: avoid; page-break-after: avoid; }}
tr, li {{ break-inside: avoid; page-break-inside: avoid; }}
.range {{ font-weight: bold; }}
"""


def to_brief_html(
    visits: pd.DataFrame,
    lang: str = "en",
    params: cost.CostParams = cost.DEFAULT_PARAMS,
    filters: object = None,
    total_visits: int | None = None,
    generated: date | None = None,
    outline: dict | None = None,
    points: list[tuple[float, float]] | None = None,
) -> str:
    """The whole brief as one self-contained HTML page (pure: the outline/points backdrop is passed in).

    total_visits is the size of the unfiltered table, to say "n of m"; generated is the date printed on it.
    """
    lang = "id" if lang == "id" else "en"

    def tr(key: str, **fmt: object) -> str:
        return t(key, lang, **fmt)

    def n(x: object) -> str:
        return fmt_int(x, lang)

    named_origins = visits["origin_name"].dropna().nunique() if "origin_name" in visits else 0
    named_hosts = visits["host_name"].dropna().nunique() if "host_name" in visits else 0
    estimates = cost.estimate_visits(visits, params)
    summary = cost.summarize(estimates)
    # Every network number at once (the measures share their codes and topic lists).
    net = insights.measure_network(visits, hubs=1)
    scopes = net["scopes"].set_index("scope")
    unnamed = net["unnamed"]
    bars = to_timeline_bars(visits)
    routes, not_drawn = to_flow_routes(visits)

    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{_e(tr('brief.title'))}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{_e(tr('brief.title'))}</h1>",
    ]
    when = generated or date.today()
    scope_line = tr("brief.subtitle", n=n(len(visits)), date=when.isoformat())
    if total_visits is not None and total_visits != len(visits):
        scope_line = tr("brief.subtitle_of", n=n(len(visits)), m=n(total_visits), date=when.isoformat())
    out.append(f'<p class="sub">{_e(scope_line)}</p>')
    flines = describe_filters(filters, lang)
    out.append(f'<p class="sub">{_e(tr("brief.filters"))}: {_e("; ".join(flines) if flines else tr("brief.no_filters"))}</p>')

    # Headline numbers.
    regional = int(scopes.loc[list(insights.REGIONAL_SCOPES), "visits"].sum())
    to_java = scopes.loc["to_java", "share"]
    kpis = [
        (n(len(visits)), tr("brief.k_visits")),
        (n(named_origins), tr("brief.k_visitors")),
        (n(named_hosts), tr("brief.k_hosts")),
        (fmt_float(100 * to_java, lang, 0) + "%" if regional else "–", tr("brief.k_to_java", n=n(regional))),
        (to_idr_range(summary.cost_idr, lang) if summary.costed else "–",
         tr("brief.k_cost", n=n(summary.costed))),
        (f"{n(summary.co2_t.low)} – {n(summary.co2_t.high)} t" if summary.costed else "–",
         tr("brief.k_co2", n=n(summary.costed))),
    ]
    out.append(f'<section id="headline"><h2>{_e(tr("brief.h_headline"))}</h2><div class="kpis">')
    out.extend(f'<div class="kpi"><b>{_e(v)}</b><span>{_e(label)}</span></div>' for v, label in kpis)
    out.append("</div></section>")

    # Map.
    out.append(f'<section id="map"><h2>{_e(tr("brief.h_map"))}</h2>')
    out.append(to_map_svg(visits, outline, points, routes=routes))
    note = tr("brief.map_note", n=n(not_drawn))
    if len(routes) > MAX_ROUTES:
        note += " " + tr("brief.map_routes", k=n(MAX_ROUTES), m=n(len(routes)))
    out.append(f'<p class="note">{_e(note)}</p></section>')

    # Timeline.
    out.append(f'<section id="timeline"><h2>{_e(tr("brief.h_timeline"))}</h2>')
    out.append(to_timeline_svg(bars, lang))
    out.append(
        f'<p class="note">{_e(tr("brief.timeline_note_" + bars.freq, y=n(bars.n_year_only), u=n(bars.n_undated)))}</p>'
        "</section>"
    )

    # Top hosts.
    hosts = net["hosts"].head(TOP_N)
    rows = [
        [_e(r.place), _e("–" if pd.isna(r.province) else r.province), n(r.visits), n(r.visitors),
         _e(", ".join(taxonomy.label(taxonomy.TOPICS, s, lang) for s in r.topics[:3]) or "–")]
        for r in hosts.itertuples(index=False)
    ]
    out.append(f'<section id="hosts" class="long"><h2>{_e(tr("brief.h_hosts"))}</h2>')
    if rows:
        out.append(_table([tr("ins.col_place"), tr("ins.col_province"), tr("ins.col_visits"), tr("ins.col_visitors"),
                           tr("ins.col_topics")], rows, {2, 3}))
    else:
        out.append(f'<p class="note">{_e(tr("brief.none"))}</p>')
    out.append(f'<p class="note">{_e(tr("brief.hosts_note", n=n(unnamed["host"])))}</p></section>')

    # Topics and their hubs.
    hubs = net["hubs"]
    hub_of = {r.topic: (r.place, r.visits) for r in hubs.itertuples(index=False)}
    rows = [
        [_e(taxonomy.label(taxonomy.TOPICS, topic, lang)), n(count),
         _e(f"{hub_of[topic][0]} ({n(hub_of[topic][1])})") if topic in hub_of else "–"]
        for topic, count in net["topics"][:TOP_N]
    ]
    out.append(f'<section id="topics" class="long"><h2>{_e(tr("brief.h_topics"))}</h2>')
    if rows:
        out.append(_table([tr("ins.col_topic"), tr("ins.col_visits"), tr("ins.col_hub")], rows, {1}))
    else:
        out.append(f'<p class="note">{_e(tr("brief.none"))}</p>')
    out.append(f'<p class="note">{_e(tr("brief.topics_note", n=n(net["untopiced"])))}</p></section>')

    # Where visits go.
    rows = []
    for s in insights.SCOPES:
        share = scopes.loc[s, "share"]
        rows.append([_e(tr(f"ins.scope_{s}")), n(scopes.loc[s, "visits"]),
                     fmt_float(100 * share, lang, 0) + "%" if not pd.isna(share) else "–"])
    out.append(f'<section id="scopes"><h2>{_e(tr("brief.h_scopes"))}</h2>')
    out.append(_table([tr("ins.col_scope"), tr("ins.col_visits"), tr("ins.col_share_regional")], rows, {1, 2}))
    out.append(f'<p class="note">{_e(tr("ins.scopes_note"))}</p></section>')

    # Cost.
    out.append(f'<section id="cost" class="long"><h2>{_e(tr("brief.h_cost"))}</h2>')
    if summary.costed:
        out.append(
            f'<p>{_e(tr("brief.cost_line", n=n(summary.costed), d=n(summary.delegates), km=n(summary.delegate_km)))} '
            f'<span class="range">{_e(to_idr_range(summary.cost_idr, lang))}</span>; CO₂e <span class="range">{_e(n(summary.co2_t.low))} – {_e(n(summary.co2_t.high))} t</span>.</p>'
        )
    else:
        out.append(f'<p>{_e(tr("brief.cost_none"))}</p>')
    out.append(f'<p class="note">{_e(tr("brief.cost_apart", e=n(summary.estimated_size), s=n(summary.unknown_size), d=n(summary.unknown_distance)))}</p>')
    out.append(f"<ul>{''.join(f'<li>{_e(line)}</li>' for line in to_assumption_lines(params, lang))}</ul></section>")

    # Method.
    out.append(f'<section id="method" class="long"><h2>{_e(tr("brief.h_method"))}</h2><ul>')
    for key in ("brief.m_data", "brief.m_unknown", "brief.m_places", "brief.m_cost", "brief.m_rough"):
        out.append(f"<li>{_e(tr(key, o=n(unnamed['origin']), h=n(unnamed['host'])))}</li>")
    out.append("</ul></section></body></html>")
    return "\n".join(out)


def to_assumption_lines(params: cost.CostParams, lang: str) -> list[str]:
    """The estimate's assumptions, one readable line each, with the defaults' sources."""
    def rng(r: cost.Range, money: bool = True, digits: int = 3) -> str:
        if money:
            return f"Rp {fmt_int(r.low, lang)} – {fmt_int(r.high, lang)}"
        return f"{fmt_float(r.low, lang, digits)} – {fmt_float(r.high, lang, digits)}"

    e0, e1 = params.band_edges_km
    bands = [
        t("ins.band_lt", lang, a=fmt_int(e0, lang)),
        t("ins.band_mid", lang, a=fmt_int(e0, lang), b=fmt_int(e1, lang)),
        t("ins.band_gt", lang, b=fmt_int(e1, lang)),
    ]
    return [
        t("ins.a_delegates", lang),
        t("ins.a_transport", lang, v="; ".join(f"{b}: {rng(r)}" for b, r in zip(bands, params.transport_idr, strict=True))),
        t("ins.a_per_diem", lang, v=rng(params.per_diem_idr)),
        t("ins.a_lodging", lang, v=rng(params.lodging_idr)),
        t("ins.a_days", lang, v=rng(params.days, money=False, digits=0)),
        t("ins.a_emission", lang, v="; ".join(
            f"{b}: {rng(r, money=False)}" for b, r in zip(bands, params.emission_kg_pkm, strict=True))),
        t("ins.a_excluded", lang),
    ]


# ------------------------------------------------------------------------------------------------ PDF (the edge)


def _chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _weasyprint_ok() -> bool:
    """WeasyPrint is installed and the system's Pango it loads is there.

    Checked without importing it: the import costs ~0.8 s, which the Insights page paid on its first view just to
    decide whether to offer the PDF button. render_pdf still reports an import that fails.
    """
    if importlib.util.find_spec("weasyprint") is None:
        return False
    return all(ctypes.util.find_library(lib) is not None for lib in ("pango-1.0", "pangoft2-1.0"))


PDF_ENGINES: dict[str, Callable[[], bool]] = {
    "weasyprint": _weasyprint_ok,
    "chromium": lambda: _chromium_path() is not None,
}


def find_pdf_engine(preferred: tuple[str, ...] = ("weasyprint", "chromium")) -> str | None:
    """The first PDF engine that works on this machine, or None."""
    for name in preferred:
        if PDF_ENGINES[name]():
            return name
    return None


def render_pdf(page_html: str, engine: str | None = None, timeout: float = 90.0) -> bytes:
    """The brief as PDF bytes, rendered offline by `engine` (default: the first found). Raises PdfEngineMissing."""
    engine = engine or find_pdf_engine()
    if engine is None or not PDF_ENGINES.get(engine, lambda: False)():
        raise PdfEngineMissing("no PDF engine found: install WeasyPrint (pip, needs Pango) or Chromium")
    if engine == "weasyprint":
        try:
            import weasyprint  # noqa: PLC0415 - optional and slow to import: only when a PDF is asked for
        except (ImportError, OSError) as exc:
            raise PdfEngineMissing(f"WeasyPrint cannot be loaded: {exc}") from exc
        try:
            # base_url=None and no url_fetcher needed: the page references nothing outside itself.
            return weasyprint.HTML(string=page_html).write_pdf()
        except Exception as exc:  # noqa: BLE001 - any engine failure is one error for the caller
            raise PdfRenderError(f"WeasyPrint failed: {exc}") from exc
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "brief.html", Path(tmp) / "brief.pdf"
        src.write_text(page_html, encoding="utf-8")
        cmd = [
            _chromium_path(), "--headless", "--disable-gpu", "--no-sandbox", "--no-pdf-header-footer",
            "--disable-extensions", "--no-first-run", f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={dst}", src.as_uri(),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, env={**os.environ, "HOME": tmp})
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfRenderError(f"Chromium failed: {exc}") from exc
        if not dst.is_file() or dst.stat().st_size == 0:
            raise PdfRenderError("Chromium wrote no PDF")
        return dst.read_bytes()
