"""The Flows page's computations as they were before the flows speed changes, verbatim: git show 9d1ab05:ui/aggregate.py
lines 30-278 (shared helpers, flows) and git show 9d1ab05:ui/figures.py lines 38-41, 47-49 (layout helpers) and
61-215 (the flow map). tests/test_speed_flows.py compares the faster code with these; the ui.geo and ui.i18n functions
they call are unchanged. Not used by the app.
"""
# ruff: noqa

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.compute as pc

from ui import geo
from ui.figures import ARROW, ARROW_AT, CURVE_POINTS, FONT, HOST, ORIGIN, ROUTE, WIDTHS
from ui.i18n import fmt_int, t

FLOW_LEVELS = ("region", "province")
WEIGHTS = ("visits", "delegates")
APART_REASONS = ("unresolved", "no_coordinates", "outside_map")


def _separators(lang: str) -> str:
    # plotly's decimal + thousands characters, so axis ticks read 1.234 in Indonesian and 1,234 in English.
    return ",." if lang == "id" else ".,"


def _base_layout(lang: str, **extra) -> dict:
    return {"font": FONT, "separators": _separators(lang), "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
            "plot_bgcolor": "white", **extra}


# ---------------------------------------------------------------- shared helpers


def delegates(visits: pd.DataFrame) -> pd.Series:
    """Delegation size per visit: the stated size, else the middle of a stated range, else NaN (unknown)."""
    size = visits["delegation_size"].astype("float64")
    mid = (visits["delegation_min"].astype("float64") + visits["delegation_max"].astype("float64")) / 2
    return size.fillna(mid)


def year_month(dates: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Year and month (floats, NaN when unknown) of a date column, whatever its dtype.

    Parquet date32 arrives as datetime.date objects; converting those through Arrow is ~8x faster than
    pd.to_datetime on a million objects.
    """
    if pd.api.types.is_datetime64_any_dtype(dates):
        return (dates.dt.year.to_numpy(dtype=float, na_value=np.nan),
                dates.dt.month.to_numpy(dtype=float, na_value=np.nan))
    try:
        arr = pa.array(dates.to_numpy(dtype=object), type=pa.date32(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # strings or mixed values: let pandas parse them
        dt = pd.to_datetime(dates, errors="coerce")
        return dt.dt.year.to_numpy(dtype=float, na_value=np.nan), dt.dt.month.to_numpy(dtype=float, na_value=np.nan)
    year = pc.year(arr).to_numpy(zero_copy_only=False).astype(float)
    month = pc.month(arr).to_numpy(zero_copy_only=False).astype(float)
    return year, month


# ---------------------------------------------------------------- flows


@dataclass(frozen=True)
class Flows:
    """Origin -> host routes and the places on the map, plus what could not be drawn and why.

    routes: origin, host, visits, delegates (sum of known sizes), sized (visits with a known size), coordinates
    o_lat/o_lon/h_lat/h_lon, same_place (origin and host are one place at this level: no line to draw).
    places: place, lat, lon, visits_in, visits_out, delegates_in, delegates_out.
    apart: side (origin/host), reason (APART_REASONS), place (name or the text as written), visits.
    """

    routes: pd.DataFrame
    places: pd.DataFrame
    apart: pd.DataFrame
    n_visits: int
    n_routed: int  # visits with both ends on the map
    n_sized: int  # visits with a known delegation size (stated, or the middle of a range)
    level: str = "region"
    notes: dict = field(default_factory=dict)


def _place_keys(visits: pd.DataFrame, side: str, level: str) -> pd.Series:
    """The place each visit end counts for at this level; missing (NaN/None) when the place is unresolved."""
    name = visits[f"{side}_name"]
    if level == "province":
        prov = visits[f"{side}_province"]
        # Foreign places and bodies without a province keep their own name: they are their own "province".
        key = prov.where(prov.notna(), name)
    else:
        key = name
    return key.where(visits[f"{side}_level"].ne("unknown").to_numpy(), None)


def place_codes(visits: pd.DataFrame, side: str, level: str) -> tuple[np.ndarray, np.ndarray]:
    """Integer code per visit end (-1 = unresolved) and the place name of each code, at region or province level.

    Same places as _place_keys, computed on codes: factorizing whole string columns once is far cheaper than
    string-wise where/fill on a million rows.
    """
    codes, names = pd.factorize(visits[f"{side}_name"], use_na_sentinel=True)
    names = np.asarray(names, dtype=object)
    if level == "province":
        pcodes, pnames = pd.factorize(visits[f"{side}_province"], use_na_sentinel=True)
        codes = np.where(pcodes >= 0, pcodes, np.where(codes >= 0, codes + len(pnames), -1))
        names = np.concatenate([np.asarray(pnames, dtype=object), names])
        # A name that is both a province and a place of its own must stay one place.
        remap, names = pd.factorize(names)
        names = np.asarray(names, dtype=object)
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
    unknown = visits[f"{side}_level"].eq("unknown").to_numpy(dtype=bool, na_value=False)
    return np.where(unknown, -1, codes).astype(np.int64), names


@dataclass(frozen=True)
class _Side:
    """One end of every visit as integer codes into `names` (-1 = unresolved), with per-place coordinates."""

    codes: np.ndarray
    names: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    ok: np.ndarray  # per visit: this end is on the map


def _side(visits: pd.DataFrame, side: str, level: str, seats: pd.DataFrame | None) -> _Side:
    # Integer codes once, then numpy: grouping a million strings repeatedly is what made this slow.
    codes, names = place_codes(visits, side, level)
    k = len(names)
    lat_v = visits[f"{side}_lat"].to_numpy(dtype=float, na_value=np.nan)
    lon_v = visits[f"{side}_lon"].to_numpy(dtype=float, na_value=np.nan)
    have = (codes >= 0) & ~np.isnan(lat_v) & ~np.isnan(lon_v)
    n = np.bincount(codes[have], minlength=k).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        lat = np.bincount(codes[have], weights=lat_v[have], minlength=k) / n
        lon = np.bincount(codes[have], weights=lon_v[have], minlength=k) / n
    if seats is not None and len(seats):
        pos = pd.Index(seats["province"]).get_indexer(names)
        hit = pos >= 0
        lat[hit] = seats["lat"].to_numpy(float)[pos[hit]]
        lon[hit] = seats["lon"].to_numpy(float)[pos[hit]]
    place_ok = geo.in_map(pd.Series(lat), pd.Series(lon)).to_numpy()
    ok = np.zeros(len(codes), dtype=bool)
    known = codes >= 0
    ok[known] = place_ok[codes[known]]  # indexing by code: -1 (unresolved) would wrap to the last place
    return _Side(codes=codes, names=names, lat=lat, lon=lon, ok=ok)


def _apart(s: _Side, mentions: pd.Series, side: str) -> pd.DataFrame:
    """Counted reasons why ends of this side are not on the map, with the place (or the text as written)."""
    parts = []
    unresolved = s.codes < 0
    if unresolved.any():
        counts = mentions[unresolved].fillna("?").value_counts()
        parts.append(pd.DataFrame({"side": side, "reason": "unresolved", "place": counts.index.astype(object),
                                   "visits": counts.to_numpy()}))
    per_place = np.bincount(s.codes[~unresolved & ~s.ok], minlength=len(s.names))
    no_coord = np.isnan(s.lat) | np.isnan(s.lon)
    for reason, mask in (("no_coordinates", no_coord), ("outside_map", ~no_coord)):
        idx = np.flatnonzero(mask & (per_place > 0))
        if len(idx):
            part = pd.DataFrame({"side": side, "reason": reason, "place": s.names[idx], "visits": per_place[idx]})
            parts.append(part.sort_values(["visits", "place"], ascending=[False, True]))
    if not parts:
        return pd.DataFrame({"side": [], "reason": [], "place": [], "visits": []}).astype({"visits": "int64"})
    return pd.concat(parts, ignore_index=True)


def build_flows(visits: pd.DataFrame, level: str = "region", seats: pd.DataFrame | None = None) -> Flows:
    """Aggregate visits to origin -> host routes at region or province level.

    At province level, places count at their province (national bodies at their seat's province) and take the
    province seat's coordinates from `seats` when given; elsewhere a place sits at the mean of its rows' coordinates.

    >>> build_flows(visits).routes[["origin", "host", "visits"]].head(1)  # doctest: +SKIP
    """
    if level not in FLOW_LEVELS:
        raise ValueError(f"level must be one of {FLOW_LEVELS}, not {level!r}")
    size = delegates(visits).to_numpy(dtype=float, na_value=np.nan)
    o = _side(visits, "origin", level, seats if level == "province" else None)
    h = _side(visits, "host", level, seats if level == "province" else None)
    both = o.ok & h.ok
    kh = max(len(h.names), 1)
    pair = o.codes[both].astype(np.int64) * kh + h.codes[both]
    if len(o.names) * kh <= 20_000_000:
        # Dense pair counting in O(n); np.unique would sort a million pairs.
        dense = np.bincount(pair, minlength=len(o.names) * kh)
        keys = np.flatnonzero(dense)
        counts = dense[keys]
        lookup = np.zeros(len(dense), dtype=np.int64)
        lookup[keys] = np.arange(len(keys))
        inv = lookup[pair]
    else:
        keys, inv, counts = np.unique(pair, return_inverse=True, return_counts=True)
    sz = size[both]
    known = ~np.isnan(sz)
    oi, hi = keys // kh, keys % kh
    route_delegates = np.bincount(inv, weights=np.where(known, sz, 0.0), minlength=len(keys))
    # Heaviest first, ties by origin then host name: sorted on integer ranks of the (few) names, not on 170k strings.
    order = np.lexsort((_name_ranks(h.names)[hi], _name_ranks(o.names)[oi], -route_delegates, -counts))
    oi, hi = oi[order], hi[order]
    # Origin and host are one place when their names are equal: compared on codes too.
    host_of_origin = pd.Index(h.names).get_indexer(o.names) if len(o.names) else np.zeros(0, dtype=np.int64)
    routes = pd.DataFrame({
        "origin": o.names[oi] if len(keys) else np.array([], dtype=object),
        "host": h.names[hi] if len(keys) else np.array([], dtype=object),
        "visits": counts[order].astype("int64"),
        "delegates": route_delegates[order],
        "sized": np.bincount(inv, weights=known, minlength=len(keys)).astype("int64")[order],
        "o_lat": o.lat[oi], "o_lon": o.lon[oi], "h_lat": h.lat[hi], "h_lon": h.lon[hi],
        "same_place": host_of_origin[oi] == hi if len(keys) else np.zeros(0, dtype=bool),
    })
    apart = pd.concat([_apart(o, visits["origin_mention"], "origin"), _apart(h, visits["host_mention"], "host")],
                      ignore_index=True)
    return Flows(
        routes=routes, places=_places(o, h, size), apart=apart, n_visits=len(visits), n_routed=int(both.sum()),
        n_sized=int((~np.isnan(size)).sum()), level=level,
    )


def _name_ranks(names: np.ndarray) -> np.ndarray:
    """Each name's position in sorted order (names are distinct strings, as factorize returns them)."""
    ranks = np.empty(len(names), dtype=np.int64)
    ranks[np.argsort(names.astype(str), kind="stable")] = np.arange(len(names))
    return ranks


def _side_totals(s: _Side, size: np.ndarray, suffix: str) -> pd.DataFrame:
    codes = s.codes[s.ok]
    sz = size[s.ok]
    visits = np.bincount(codes, minlength=len(s.names))
    # Unknown sizes count as 0 (sizes are finite head counts: where() instead of nan_to_num's extra inf pass).
    dele = np.bincount(codes, weights=np.where(np.isnan(sz), 0.0, sz), minlength=len(s.names))
    used = visits > 0
    return pd.DataFrame({f"visits_{suffix}": visits[used], f"delegates_{suffix}": dele[used], "lat": s.lat[used],
                         "lon": s.lon[used]}, index=pd.Index(s.names[used], name="place"))


def _places(o: _Side, h: _Side, size: np.ndarray) -> pd.DataFrame:
    inn = _side_totals(h, size, "in")
    out = _side_totals(o, size, "out")
    coords = inn[["lat", "lon"]].combine_first(out[["lat", "lon"]])
    places = inn.drop(columns=["lat", "lon"]).join(out.drop(columns=["lat", "lon"]), how="outer").fillna(0)
    places = places.join(coords)
    for col in ("visits_in", "visits_out"):
        places[col] = places[col].astype("int64")
    places = places.reset_index().sort_values(["visits_in", "visits_out", "place"], ascending=[False, False, True])
    return places[["place", "lat", "lon", "visits_in", "visits_out", "delegates_in", "delegates_out"]].reset_index(
        drop=True
    )


def top_routes(routes: pd.DataFrame, n: int, weight: str = "visits") -> pd.DataFrame:
    """The n heaviest drawable routes (origin and host differ) by visits or delegates."""
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {WEIGHTS}, not {weight!r}")
    drawable = routes[~routes["same_place"]]
    return drawable.nlargest(n, [weight, "visits"] if weight == "delegates" else ["visits", "delegates"]).reset_index(
        drop=True
    )


def build_place_detail(visits: pd.DataFrame, place: str, level: str = "region") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who came to `place` (by origin) and where people from `place` went (by host), heaviest first."""
    size = delegates(visits)
    o_key = _place_keys(visits, "origin", level)
    h_key = _place_keys(visits, "host", level)
    came = _count_by(o_key[h_key == place], size[h_key == place], "origin")
    went = _count_by(h_key[o_key == place], size[o_key == place], "host")
    return came, went


def _count_by(keys: pd.Series, size: pd.Series, name: str) -> pd.DataFrame:
    keys = keys.fillna("?")  # an unresolved other end is still a visit: shown as "?"
    g = size.groupby(keys, sort=False)
    out = pd.DataFrame({"visits": g.size(), "delegates": g.sum(min_count=1).fillna(0)})
    out.index.name = name
    return out.reset_index().sort_values(["visits", name], ascending=[False, True]).reset_index(drop=True)


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
    fig = go.Figure(data=geo.to_outline_traces(outline))
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
            fig.add_trace(go.Scattergeo(
                lon=np.round(x, 3), lat=np.round(y, 3), mode="lines", name=name, legendgroup="routes",
                line={"color": ROUTE, "width": width}, opacity=0.55, hoverinfo="skip",
            ))
        ax, ay, angle = _arrows(routes)
        hover = [
            t("fig.route_hover", lang, origin=o, host=h, visits=fmt_int(v, lang), delegates=fmt_int(d, lang),
              sized=fmt_int(s, lang))
            for o, h, v, d, s in zip(routes["origin"], routes["host"], routes["visits"], routes["delegates"],
                                     routes["sized"], strict=True)
        ]
        size = 8 + 6 * (cls / max(len(bounds) - 1, 1))
        fig.add_trace(go.Scattergeo(
            lon=np.round(ax, 3), lat=np.round(ay, 3), mode="markers", name=t("fig.arrow", lang),
            marker={"symbol": "triangle-up", "angle": np.round(angle, 1), "angleref": "north", "size": np.round(size, 1),
                    "color": ARROW, "line": {"width": 0}},
            text=hover, hovertemplate="%{text}<extra></extra>",
            customdata=np.stack([routes["origin"], routes["host"]], axis=1),
        ))
    _add_places(fig, flows.places, lang, labels)
    fig.update_layout(
        **_base_layout(lang, height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0}),
        geo=geo.to_geo_layout(),
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "left", "x": 0,
                "bgcolor": "rgba(255,255,255,0.9)", "font": {"size": 12}},
        uirevision="flows",  # keep the reader's zoom when a control changes
        clickmode="event+select",
    )
    return fig


def _add_places(fig: go.Figure, places: pd.DataFrame, lang: str, labels: int) -> None:
    on_map = places[geo.in_map(places["lat"], places["lon"])]
    if not len(on_map):
        return
    peak = max(on_map["visits_in"].max(), on_map["visits_out"].max(), 1)
    hover = [t("fig.place_hover", lang, place=p, vin=fmt_int(i, lang), vout=fmt_int(o, lang))
             for p, i, o in zip(on_map["place"], on_map["visits_in"], on_map["visits_out"], strict=True)]
    on_map = on_map.assign(hover=hover)
    # Visitors as open rings under the hosts' filled dots: a place that both sends and receives shows both.
    for col, name, symbol, color, opacity, line in (
        ("visits_out", "fig.origins_out", "circle-open", ORIGIN, 0.7, {"width": 1.2, "color": ORIGIN}),
        ("visits_in", "fig.hosts_in", "circle", HOST, 0.85, {"width": 0.5, "color": "white"}),
    ):
        part = on_map[on_map[col] > 0]
        # Marker area proportional to visits: diameter ~ sqrt, from 4 px to 30 px, one scale for both.
        size = 4 + 26 * np.sqrt(part[col].to_numpy(float) / peak)
        fig.add_trace(go.Scattergeo(
            lon=part["lon"].round(3), lat=part["lat"].round(3), mode="markers", name=t(name, lang),
            marker={"symbol": symbol, "size": np.round(size, 1), "color": color, "opacity": opacity, "line": line},
            text=part["hover"], customdata=part["place"], hovertemplate="%{text}<extra></extra>",
        ))
    top = spaced_labels(on_map[on_map["visits_in"] > 0].nlargest(4 * labels, "visits_in"), labels)
    if len(top):
        fig.add_trace(go.Scattergeo(
            lon=top["lon"].round(3), lat=top["lat"].round(3), mode="text", text=top["place"],
            textposition="top center", textfont={"size": 11, "color": "#333"}, hoverinfo="skip", showlegend=False,
        ))


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


