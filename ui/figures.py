"""Plotly figures of the dashboard: summary tables (from ui.aggregate) in, go.Figure out, in English or Indonesian.

Pure functions: no Streamlit, no file or network access (the map outline is passed in, see ui.geo), so they are
tested without a browser. Figures only ever hold aggregated numbers, which keeps every payload small.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from etl import taxonomy
from ui import geo
from ui.aggregate import ALL, NO_TOPIC, Flows, Timeline, TopicShares, top_routes
from ui.i18n import MONTHS, fmt_float, fmt_int, t

# One colour per topic, fixed by taxonomy order, so "Health" is the same colour on every chart.
PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#2f4b7c", "#a05195", "#665191", "#d45087", "#7a9e00", "#00876c", "#c27c0e",
)  # fmt: skip
TOPIC_COLORS = {slug: PALETTE[i % len(PALETTE)] for i, slug in enumerate(taxonomy.TOPICS)}
GREY = "#b0b0b0"
ROUTE = "#1f5f8b"
ARROW = "#0d2f4a"  # darker than the lines, so an arrow on a thick line still shows
HOST = "#d9622b"
ORIGIN = "#2a7ab0"
# Line widths (px) of the width classes, thinnest first.
WIDTHS = (1.0, 2.0, 3.4, 5.2, 7.5)
CURVE_POINTS = 12
ARROW_AT = 0.86  # how far along the route (0 = origin, 1 = host) the direction arrow sits, clear of the host dot
FONT = {"family": "Source Sans Pro, Arial, sans-serif", "size": 13}


def _separators(lang: str) -> str:
    # plotly's decimal + thousands characters, so axis ticks read 1.234 in Indonesian and 1,234 in English.
    return ",." if lang == "id" else ".,"


def _pct(x: float, lang: str) -> str:
    return fmt_float(100 * x, lang, 1) + "%"


def _base_layout(lang: str, **extra) -> dict:
    return {"font": FONT, "separators": _separators(lang), "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
            "plot_bgcolor": "white", **extra}


def empty_figure(lang: str) -> go.Figure:
    """A blank figure that says there is nothing to show (pages prefer st.info, this is the fallback)."""
    fig = go.Figure(layout=_base_layout(lang, height=200))
    fig.add_annotation(text=t("fig.empty", lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


# ---------------------------------------------------------------- flow map


def width_classes(weights: pd.Series, n_classes: int = len(WIDTHS)) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Class index (0 = thinnest) per route and each class's (low, high) weight, from the weights' quantiles.

    Quantile edges, not equal steps, because route weights are heavily skewed: a few routes carry most visits.
    """
    w = weights.to_numpy(dtype=float)
    if len(w) == 0:
        return np.zeros(0, dtype=int), []
    # Whole-number inner edges: weights are counts, so a class reads "606–648", never "605–648" after "568–605".
    qs = np.floor(np.quantile(w, np.linspace(0, 1, n_classes + 1)[1:-1]))
    edges = np.unique(np.clip(np.concatenate([[w.min()], qs, [w.max()]]), w.min(), w.max()))
    if len(edges) == 1:
        return np.zeros(len(w), dtype=int), [(float(edges[0]), float(edges[0]))]
    cls = np.clip(np.searchsorted(edges, w, side="left") - 1, 0, len(edges) - 2)
    # Spread the classes actually present over the full range of widths, so a few classes still span thin -> thick.
    bounds = [(float(edges[i]), float(edges[i + 1])) for i in range(len(edges) - 1)]
    return cls, bounds


def class_label(lo: float, hi: float, first: bool, unit: str, lang: str) -> str:
    """Legend text of a width class: the first class holds its low edge, later ones start above it ("5–9 visits")."""
    low = lo if first else math.floor(lo) + 1  # weights are whole visits (delegates: rounded)
    lo_s, hi_s = fmt_int(low, lang), fmt_int(hi, lang)
    if lo_s == hi_s:
        return t("fig.single", lang, lo=lo_s, unit=unit)
    return t("fig.range", lang, lo=lo_s, hi=hi_s, unit=unit)


def route_curves(routes: pd.DataFrame, points: int = CURVE_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """lon, lat arrays (routes x points) of gently bent routes: A->B and B->A bend to opposite sides, so both show."""
    x0, y0 = routes["o_lon"].to_numpy(float), routes["o_lat"].to_numpy(float)
    x1, y1 = routes["h_lon"].to_numpy(float), routes["h_lat"].to_numpy(float)
    dx, dy = x1 - x0, y1 - y0
    # Control point: the midpoint pushed to the right of the direction of travel by 15% of the length.
    cx, cy = (x0 + x1) / 2 + 0.15 * dy, (y0 + y1) / 2 - 0.15 * dx
    s = np.linspace(0, 1, points)[None, :]
    lon = (1 - s) ** 2 * x0[:, None] + 2 * (1 - s) * s * cx[:, None] + s**2 * x1[:, None]
    lat = (1 - s) ** 2 * y0[:, None] + 2 * (1 - s) * s * cy[:, None] + s**2 * y1[:, None]
    return lon, lat


def _arrows(routes: pd.DataFrame, at: float = ARROW_AT) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Position and heading (degrees clockwise from north) of each route's arrow, from the curve's tangent."""
    x0, y0 = routes["o_lon"].to_numpy(float), routes["o_lat"].to_numpy(float)
    x1, y1 = routes["h_lon"].to_numpy(float), routes["h_lat"].to_numpy(float)
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 + 0.15 * dy, (y0 + y1) / 2 - 0.15 * dx
    px = (1 - at) ** 2 * x0 + 2 * (1 - at) * at * cx + at**2 * x1
    py = (1 - at) ** 2 * y0 + 2 * (1 - at) * at * cy + at**2 * y1
    tx = 2 * (1 - at) * (cx - x0) + 2 * at * (x1 - cx)
    ty = 2 * (1 - at) * (cy - y0) + 2 * at * (y1 - cy)
    return px, py, np.degrees(np.arctan2(tx, ty))


def build_flow_map(
    flows: Flows, n: int = 50, weight: str = "visits", lang: str = "en", outline: dict | None = None,
    labels: int = 8, height: int = 640,
) -> go.Figure:
    """Origin -> host flows over the offline outline of Indonesia.

    Traces: the outline (2), one line trace per width class, the direction arrows (with the route hover), the
    origins (open circles sized by visits made) and the hosts (filled circles sized by visits received).
    """
    outline = geo.read_outline() if outline is None else outline
    # Every trace as a dict, checked once by the one go.Figure below: building go.Scattergeo objects first and
    # adding them one by one had plotly validate each twice (0.1 s of a 0.15 s map at 1M visits).
    traces: list[dict] = [dict(t) for t in geo.to_outline_arrays(outline)]
    routes = top_routes(flows.routes, n, weight)
    unit = t(f"fig.{weight}", lang).lower()
    if len(routes):
        cls, bounds = width_classes(routes[weight])
        lon, lat = route_curves(routes)
        # Thin classes first so heavy routes are drawn on top.
        for k, (lo, hi) in enumerate(bounds):
            rows = np.flatnonzero(cls == k)
            if not len(rows):
                continue
            sep = np.full((len(rows), 1), np.nan)
            x = np.hstack([lon[rows], sep]).ravel()
            y = np.hstack([lat[rows], sep]).ravel()
            width = WIDTHS[round(k * (len(WIDTHS) - 1) / max(len(bounds) - 1, 1))]
            name = class_label(lo, hi, k == 0, unit, lang)
            traces.append({
                "type": "scattergeo", "lon": np.round(x, 3), "lat": np.round(y, 3), "mode": "lines", "name": name,
                "legendgroup": "routes", "line": {"color": ROUTE, "width": width}, "opacity": 0.55,
                "hoverinfo": "skip",
            })
        ax, ay, angle = _arrows(routes)
        hover = [
            t("fig.route_hover", lang, origin=o, host=h, visits=fmt_int(v, lang), delegates=fmt_int(d, lang),
              sized=fmt_int(s, lang))
            for o, h, v, d, s in zip(routes["origin"], routes["host"], routes["visits"], routes["delegates"],
                                     routes["sized"], strict=True)
        ]
        size = 8 + 6 * (cls / max(len(bounds) - 1, 1))
        traces.append({
            "type": "scattergeo", "lon": np.round(ax, 3), "lat": np.round(ay, 3), "mode": "markers",
            "name": t("fig.arrow", lang),
            "marker": {"symbol": "triangle-up", "angle": np.round(angle, 1), "angleref": "north",
                       "size": np.round(size, 1), "color": ARROW, "line": {"width": 0}},
            "text": hover, "hovertemplate": "%{text}<extra></extra>",
            "customdata": np.stack([routes["origin"], routes["host"]], axis=1),
        })
    traces.extend(_place_traces(flows.places, lang, labels))
    return go.Figure(data=traces, layout={
        **_base_layout(lang, height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0}),
        "geo": geo.to_geo_layout(),
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "left", "x": 0,
                   "bgcolor": "rgba(255,255,255,0.9)", "font": {"size": 12}},
        "uirevision": "flows",  # keep the reader's zoom when a control changes
        "clickmode": "event+select",
    })


def _place_traces(places: pd.DataFrame, lang: str, labels: int) -> list[dict]:
    """The origins' rings, the hosts' dots and the biggest hosts' names, as trace dicts (none off the map)."""
    on = geo.in_map(places["lat"], places["lon"]).to_numpy()
    if not on.any():
        return []
    # Plain arrays, not frame slices: a few hundred places, but each pandas step costs more than the numbers.
    name = places["place"].to_numpy(dtype=object)[on]
    lat, lon = places["lat"].to_numpy(float)[on], places["lon"].to_numpy(float)[on]
    vin, vout = places["visits_in"].to_numpy()[on], places["visits_out"].to_numpy()[on]
    peak = max(vin.max(), vout.max(), 1)
    hover = np.array([t("fig.place_hover", lang, place=p, vin=fmt_int(i, lang), vout=fmt_int(o, lang))
                      for p, i, o in zip(name, vin, vout, strict=True)], dtype=object)
    traces = []
    # Visitors as open rings under the hosts' filled dots: a place that both sends and receives shows both.
    for count, label, symbol, color, opacity, line in (
        (vout, "fig.origins_out", "circle-open", ORIGIN, 0.7, {"width": 1.2, "color": ORIGIN}),
        (vin, "fig.hosts_in", "circle", HOST, 0.85, {"width": 0.5, "color": "white"}),
    ):
        part = count > 0
        # Marker area proportional to visits: diameter ~ sqrt, from 4 px to 30 px, one scale for both.
        size = 4 + 26 * np.sqrt(count[part].astype(float) / peak)
        traces.append({
            "type": "scattergeo", "lon": np.round(lon[part], 3), "lat": np.round(lat[part], 3), "mode": "markers",
            "name": t(label, lang),
            "marker": {"symbol": symbol, "size": np.round(size, 1), "color": color, "opacity": opacity,
                       "line": line},
            "text": hover[part], "customdata": name[part], "hovertemplate": "%{text}<extra></extra>",
        })
    hosts = places.loc[on][vin > 0]
    top = spaced_labels(hosts.nlargest(4 * labels, "visits_in"), labels)
    if len(top):
        traces.append({
            "type": "scattergeo", "lon": top["lon"].round(3), "lat": top["lat"].round(3), "mode": "text",
            "text": top["place"], "textposition": "top center", "textfont": {"size": 11, "color": "#333"},
            "hoverinfo": "skip", "showlegend": False,
        })
    return traces


def spaced_labels(candidates: pd.DataFrame, k: int, min_deg: float = 3.5) -> pd.DataFrame:
    """Up to k places, biggest first, skipping any within min_deg of one already labelled (Java is crowded)."""
    chosen: list[int] = []
    lat, lon = candidates["lat"].to_numpy(float), candidates["lon"].to_numpy(float)
    for i in range(len(candidates)):  # at most 4k candidates: a short loop, not one over rows
        if all(abs(lat[i] - lat[j]) + abs(lon[i] - lon[j]) >= min_deg for j in chosen):
            chosen.append(i)
        if len(chosen) == k:
            break
    return candidates.iloc[chosen]


# ---------------------------------------------------------------- timeline


def group_label(stack: str, group: str, lang: str) -> str:
    """What a reader sees for a stack group (taxonomy label, 'No topic stated', or 'Visits')."""
    if group == ALL:
        return t("fig.visits", lang)
    if group == NO_TOPIC:
        return t("fig.no_topic", lang)
    table = {"topic": taxonomy.TOPICS, "visit_type": taxonomy.VISIT_TYPES,
             "origin_institution_type": taxonomy.INSTITUTION_TYPES}.get(stack, {})
    return taxonomy.label(table, group, lang)


def group_color(stack: str, group: str, order: int) -> str:
    if group == NO_TOPIC:
        return GREY
    if stack == "topic":
        return TOPIC_COLORS.get(group, GREY)
    return PALETTE[order % len(PALETTE)]


def _period_label(period: pd.Timestamp, freq: str, lang: str) -> str:
    if freq == "year":
        return str(period.year)
    if freq == "quarter":
        return f"{period.year} {'TW' if lang == 'id' else 'Q'}{(period.month - 1) // 3 + 1}"
    return f"{MONTHS['id' if lang == 'id' else 'en'][period.month - 1][:3]} {period.year}"


PERIOD_DAYS = {"month": 30.44, "quarter": 91.31, "year": 365.25}  # average length of each timeline period
MAX_PERIOD_TICKS = 12  # labelled periods on a short timeline; longer ones are labelled by year


def _period_ticks(periods: pd.Series, freq: str, lang: str) -> dict:
    """x-axis ticks: a label under each month or quarter when the timeline is short (in the page's language), else
    the years, each written in the middle of its year."""
    starts = pd.to_datetime(periods)
    lo, hi = starts.min(), starts.max()
    if freq != "year":
        every = pd.date_range(lo, hi, freq="MS" if freq == "month" else "QS-JAN")
        if len(every) <= 2 * MAX_PERIOD_TICKS:
            shown = every[:: -(-len(every) // MAX_PERIOD_TICKS)]
            half = pd.Timedelta(days=PERIOD_DAYS[freq] / 2)
            return {"tickmode": "array", "tickvals": [p + half for p in shown],
                    "ticktext": [_period_label(p, freq, lang) for p in shown]}
    return {"dtick": "M12", "tickformat": "%Y", "ticklabelmode": "period"}


def build_timeline_chart(timeline: Timeline, lang: str = "en", height: int = 430, share: bool = False) -> go.Figure:
    """Stacked bars of visits per period, one trace per group, the biggest group at the bottom.

    share=True stacks each period to 100%, to show how the mix changes rather than the volume.
    """
    counts = timeline.counts
    if not len(counts):
        return empty_figure(lang)
    totals = counts.groupby("group")["visits"].sum().sort_values(ascending=False)
    order = [g for g in totals.index if g != NO_TOPIC] + ([NO_TOPIC] if NO_TOPIC in totals.index else [])
    freq = timeline.freq
    tick = {"month": "M1", "quarter": "M3", "year": "M12"}[freq]
    # Each bar spans its own period: plotly's default width on a date axis is the smallest gap between bars, so two
    # months a year apart drew year-wide bars under the wrong year's label.
    period_ms = PERIOD_DAYS[freq] * 86_400_000
    fig = go.Figure()
    for i, group in enumerate(order):
        part = counts[counts["group"] == group]
        label = group_label(timeline.stack, group, lang)
        fig.add_trace(go.Bar(
            x=part["period"], y=part["visits"], name=label, marker={"color": group_color(timeline.stack, group, i)},
            xperiod=tick, xperiodalignment="middle", width=0.85 * period_ms,
            customdata=[_period_label(p, freq, lang) for p in part["period"]],
            hovertemplate=f"%{{customdata}}<br>{label}: %{{y:,}}" + (" %" if share else "") + "<extra></extra>",
        ))
    fig.update_layout(
        **_base_layout(lang, height=height), barmode="stack", barnorm="percent" if share else None,
        xaxis={"title": None, "type": "date", "showgrid": False, **_period_ticks(counts["period"], freq, lang)},
        yaxis={"title": t("fig.share_pct" if share else "fig.visits", lang), "gridcolor": "#eee",
               "rangemode": "tozero"},
        # "normal": the biggest group first, as read left to right (stacked bars default to reversed).
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        showlegend=timeline.stack != "none",
    )
    return fig


def build_seasonality_heatmap(season: pd.DataFrame, lang: str = "en", height: int | None = None) -> go.Figure:
    """Month-of-year (x) by year (y) heatmap of visit counts."""
    if season.empty or season.to_numpy().sum() == 0:
        return empty_figure(lang)
    months = [m[:3] for m in MONTHS["id" if lang == "id" else "en"]]
    fig = go.Figure(go.Heatmap(
        z=season.to_numpy(), x=months, y=[str(y) for y in season.index], colorscale="Blues",
        hovertemplate=t("fig.heat_hover", lang, y="%{y}", x="%{x}", z="%{z:,}") + "<extra></extra>",
        colorbar={"title": {"text": t("fig.visits", lang), "side": "right"}, "thickness": 12},
    ))
    fig.update_layout(**_base_layout(lang, height=height or 120 + 24 * len(season)),
                      yaxis={"autorange": "reversed", "type": "category"}, xaxis={"side": "top"})
    return fig


# ---------------------------------------------------------------- topics


def build_topic_shares_chart(shares: TopicShares, lang: str = "en") -> go.Figure:
    """Horizontal bars: share of visits naming each topic, plus a grey bar for visits that name none."""
    rows = shares.shares
    if shares.n_visits == 0:
        return empty_figure(lang)
    labels = [taxonomy.label(taxonomy.TOPICS, s, lang) for s in rows["topic"]] + [t("fig.no_topic", lang)]
    visits = list(rows["visits"]) + [shares.n_no_topic]
    share = [v / shares.n_visits for v in visits]
    colors = [TOPIC_COLORS.get(s, GREY) for s in rows["topic"]] + [GREY]
    hover = [t("fig.share_hover", lang, topic=lab, visits=fmt_int(v, lang), share=_pct(s, lang))
             for lab, v, s in zip(labels, visits, share, strict=True)]
    fig = go.Figure(go.Bar(
        x=share, y=labels, orientation="h", marker={"color": colors}, text=[_pct(s, lang) for s in share],
        textposition="outside", cliponaxis=False, hovertext=hover, hoverinfo="text",
    ))
    fig.update_layout(
        **_base_layout(lang, height=80 + 26 * len(labels), margin={"l": 10, "r": 50, "t": 10, "b": 10}),
        xaxis={"title": t("fig.share", lang), "tickformat": ".0%", "gridcolor": "#eee"},
        yaxis={"autorange": "reversed"},
    )
    return fig


def build_topic_year_heatmap(table: pd.DataFrame, lang: str = "en", normalize: bool = False) -> go.Figure:
    """Topic (y) by year (x) heatmap of visit counts, or of each topic's share of the year's visits."""
    if table.empty:
        return empty_figure(lang)
    z = table.to_numpy(dtype=float)
    if normalize:
        # Divide by the year's topic mentions' visits (column sums): how much of that year's attention a topic had.
        col = z.sum(axis=0)
        z = np.divide(z, col, out=np.zeros_like(z), where=col > 0)
    labels = [taxonomy.label(taxonomy.TOPICS, s, lang) for s in table.index]
    template = "fig.heat_share_hover" if normalize else "fig.heat_hover"
    zfmt = "%{z:.1%}" if normalize else "%{z:,}"
    fig = go.Figure(go.Heatmap(
        z=np.round(z, 4), x=[str(c) for c in table.columns], y=labels, colorscale="YlGnBu",
        hovertemplate=t(template, lang, y="%{y}", x="%{x}", z=zfmt) + "<extra></extra>",
        colorbar=_count_colorbar(z.max(), normalize),
    ))
    fig.update_layout(**_base_layout(lang, height=120 + 26 * len(labels)),
                      xaxis={"type": "category", "side": "top"}, yaxis={"autorange": "reversed"})
    return fig


def _count_colorbar(zmax: float, share: bool) -> dict:
    # Whole-number ticks for counts; with tiny counts ",d" alone repeats labels (0, 1, 1), so step by one.
    if share:
        return {"thickness": 12, "tickformat": ".0%"}
    return {"thickness": 12, "tickformat": ",d", **({"dtick": 1} if zmax <= 5 else {})}


def build_hubs_chart(hubs: pd.DataFrame, topic: str, lang: str = "en") -> go.Figure:
    """Horizontal bars of the hosts most visited for one topic, with their share of the topic's visits."""
    part = hubs[hubs["topic"] == topic].sort_values("rank")
    if part.empty:
        return empty_figure(lang)
    hover = [t("fig.hub_hover", lang, host=h, visits=fmt_int(v, lang), share=_pct(s, lang))
             for h, v, s in zip(part["host"], part["visits"], part["share"], strict=True)]
    fig = go.Figure(go.Bar(
        x=part["visits"], y=part["host"], orientation="h", marker={"color": TOPIC_COLORS.get(topic, GREY)},
        text=[_pct(s, lang) for s in part["share"]], textposition="outside", cliponaxis=False,
        hovertext=hover, hoverinfo="text",
    ))
    fig.update_layout(
        **_base_layout(lang, height=90 + 30 * len(part), margin={"l": 10, "r": 50, "t": 10, "b": 10}),
        xaxis={"title": t("fig.visits", lang), "gridcolor": "#eee"}, yaxis={"autorange": "reversed"},
    )
    return fig


def payload_kb(fig: go.Figure) -> float:
    """Size of the figure's JSON in KB: what the browser receives."""
    return len(fig.to_json()) / 1024
