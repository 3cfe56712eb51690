"""Aggregations behind the charts: visits table in, small summary tables out.

Every function is pure (frames in, frames out) and vectorised (groupby / value_counts, no loops over rows), so a
chart never ships raw rows and a million visits aggregate in well under a second. Unknowns are never dropped
silently: each result carries the count of visits it could not place (unknown date, unresolved place, no topic).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ui import geo

FLOW_LEVELS = ("region", "province")
WEIGHTS = ("visits", "delegates")
FREQS = ("month", "quarter", "year")
STACKS = ("none", "topic", "visit_type", "origin_institution_type")
NO_TOPIC = "_none"  # the topic group of visits whose article named no topic
ALL = "_all"  # the single group when a chart is not stacked

# Why a visit end could not be put on the map.
APART_REASONS = ("unresolved", "no_coordinates", "outside_map")


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


@dataclass(frozen=True)
class FlowCodes:
    """Every visit's origin and host as place codes at one level, with the per-visit numbers the flows read.

    Factorizing the place columns is most of build_flows' work: a page reads them once per table and counts each
    filtered view from its row positions (build_flows_at, build_place_detail_at) without touching a string column.
    Codes number the places of the whole table; a view's results only ever show the places its rows use.
    """

    level: str
    o_codes: np.ndarray  # per visit, into o_names (-1 = unresolved)
    o_names: np.ndarray  # distinct and sorted (the order _name_ranks gives): route ties sort on codes
    h_codes: np.ndarray
    h_names: np.ndarray
    o_lat: np.ndarray  # per visit, as stated (NaN unknown)
    o_lon: np.ndarray
    h_lat: np.ndarray
    h_lon: np.ndarray
    size: np.ndarray  # per visit: delegates(visits), NaN unknown
    o_mention: pd.Series  # the ends as written, read only for the unresolved ones of a view
    h_mention: pd.Series
    key_dtypes: tuple  # dtype of the origin and host place keys as build_place_detail groups them
    o_text: tuple | None = None  # the names as (Arrow strings, pandas dtype), see _text_array
    h_text: tuple | None = None
    # Origin and host names together (distinct, sorted) and where each side's codes sit in them: the places table.
    u_names: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    o_to_u: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    h_to_u: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    u_text: tuple | None = None


def _factorize(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize(column)'s codes (int64, -1 = missing) and names (object array), in first-seen order.

    Arrow text is dictionary-encoded directly: the same codes as pandas' route through Arrow, in half the time.
    """
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        arr = pa.array(column.array)
        enc = pc.dictionary_encode(arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr)
        codes = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        return codes, enc.dictionary.to_numpy(zero_copy_only=False).astype(object)
    codes, names = pd.factorize(column, use_na_sentinel=True)
    return codes.astype(np.int64), np.asarray(names, dtype=object)


def _flow_place_codes(visits: pd.DataFrame, side: str, level: str, named: tuple | None = None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """place_codes' places, renumbered so that code order is name order (routes then sort on codes alone).

    named: this side's region-level (codes, names), which can stand for the name column's codes at province level:
    they differ only on rows whose level is unknown, and those end unresolved either way.
    """
    codes, names = _factorize(visits[f"{side}_name"]) if named is None else named
    unknown = visits[f"{side}_level"].eq("unknown").to_numpy(dtype=bool, na_value=False)
    # Every step below maps small tables of names; the million rows are only indexed (-1 picks an appended -1).
    if level == "province":
        pcodes, pnames = _factorize(visits[f"{side}_province"])
        # One index per row: its province, else its own name (after the provinces), else the last slot (none).
        n_p, n_n = len(pnames), len(names)
        idx = np.append(np.arange(n_p, n_p + n_n), n_p + n_n)[codes]
        idx = np.where(pcodes >= 0, pcodes, idx)
        # A name that is both a province and a place of its own must stay one place.
        remap, names = pd.factorize(np.concatenate([pnames, names]))
        names = np.asarray(names, dtype=object)
        ranks = _name_ranks(names)
        table = np.append(ranks[remap], -1)
    else:
        ranks = _name_ranks(names)
        idx, table = codes.copy(), np.append(ranks, -1)
    idx[unknown] = -1
    sorted_names = np.empty_like(names)
    sorted_names[ranks] = names
    return table[idx], sorted_names


def build_flow_codes(visits: pd.DataFrame, level: str = "region", region: FlowCodes | None = None) -> FlowCodes:
    """Place codes and per-visit numbers of every visit at this level: the part of build_flows a page can keep.

    region: build_flow_codes(visits, "region") when already made: the province level then reuses its name codes
    and per-visit numbers instead of reading those columns again.

    >>> build_flows_at(build_flow_codes(visits), rows)  # the same Flows as build_flows(visits.take(rows))  # doctest: +SKIP
    """
    if level not in FLOW_LEVELS:
        raise ValueError(f"level must be one of {FLOW_LEVELS}, not {level!r}")
    if region is not None and (region.level != "region" or len(region.o_codes) != len(visits)):
        raise ValueError("region must be the region-level codes of these visits")
    if region is not None and level == "region":
        return region
    reuse = region is not None
    o_codes, o_names = _flow_place_codes(visits, "origin", level, (region.o_codes, region.o_names) if reuse else None)
    h_codes, h_names = _flow_place_codes(visits, "host", level, (region.h_codes, region.h_names) if reuse else None)
    u_names = pd.unique(np.concatenate([o_names, h_names]))
    u_names = u_names[np.argsort(_name_ranks(u_names))]
    u_index = pd.Index(u_names, dtype=object)
    # The dtype the old string keys had (it is what the place detail's name column shows), read off zero rows.
    none = visits.iloc[:0]
    key_dtypes = tuple(_place_keys(none, side, level).fillna("?").dtype for side in ("origin", "host"))

    def col(name: str) -> np.ndarray:
        return visits[name].to_numpy(dtype=float, na_value=np.nan)

    return FlowCodes(
        level=level, o_codes=o_codes, o_names=o_names, h_codes=h_codes, h_names=h_names,
        o_lat=col("origin_lat"), o_lon=col("origin_lon"), h_lat=col("host_lat"), h_lon=col("host_lon"),
        size=region.size if region is not None else delegates(visits).to_numpy(dtype=float, na_value=np.nan),
        o_mention=visits["origin_mention"], h_mention=visits["host_mention"], key_dtypes=key_dtypes,
        o_text=_text_array(o_names), h_text=_text_array(h_names),
        u_names=u_names, o_to_u=u_index.get_indexer(o_names), h_to_u=u_index.get_indexer(h_names),
        u_text=_text_array(u_names),
    )


def _text_array(names: np.ndarray) -> tuple[pa.Array, object] | None:
    """The names as an Arrow string array with the dtype pandas gives them, when that dtype is Arrow-backed text:
    a route table's name columns are then taken in Arrow (~1 ms) instead of inferred from 90k objects (~15 ms)."""
    if not len(names):
        return None
    dtype = pd.Series(names).dtype
    if not isinstance(dtype, pd.StringDtype) or dtype.storage != "pyarrow":
        return None
    try:
        return pa.array(names, type=pa.large_string()), dtype
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _names_at(names: np.ndarray, text: tuple[pa.Array, object] | None, idx: np.ndarray):
    """names[idx] as a route table column: the same values and dtype either way."""
    if text is None or not len(idx):
        return names[idx] if len(idx) else np.array([], dtype=object)
    return pd.array(text[0].take(pa.array(idx)), dtype=text[1])


def _side(codes: np.ndarray, names: np.ndarray, lat_v: np.ndarray, lon_v: np.ndarray,
          seats: pd.DataFrame | None) -> _Side:
    # Integer codes, then numpy: grouping a million strings repeatedly is what made this slow.
    k = len(names)
    have = (codes >= 0) & ~np.isnan(lat_v) & ~np.isnan(lon_v)
    # Rows without a place or coordinates go to an extra bin that is dropped: each place still sums its own rows in
    # their order (the same floats), without copying three masked arrays first.
    bins = np.where(have, codes, k)
    n = np.bincount(bins, minlength=k + 1)[:k].astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        lat = np.bincount(bins, weights=lat_v, minlength=k + 1)[:k] / n
        lon = np.bincount(bins, weights=lon_v, minlength=k + 1)[:k] / n
    if seats is not None and len(seats):
        pos = pd.Index(seats["province"]).get_indexer(names)
        hit = pos >= 0
        lat[hit] = seats["lat"].to_numpy(float)[pos[hit]]
        lon[hit] = seats["lon"].to_numpy(float)[pos[hit]]
    place_ok = geo.in_map(pd.Series(lat), pd.Series(lon)).to_numpy(dtype=bool)
    # One False appended: code -1 (unresolved) indexes it.
    ok = np.append(place_ok, False)[codes]
    return _Side(codes=codes, names=names, lat=lat, lon=lon, ok=ok)


def _apart(s: _Side, mentions: pd.Series, rows: np.ndarray | None, side: str) -> pd.DataFrame:
    """Counted reasons why ends of this side are not on the map, with the place (or the text as written).

    mentions: the whole table's column; rows: the view's positions in it (None: all).
    """
    parts = []
    unresolved = s.codes < 0
    if unresolved.any():
        at = np.flatnonzero(unresolved)
        counts = mentions.take(at if rows is None else rows[at]).fillna("?").value_counts()
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
    return build_flows_at(build_flow_codes(visits, level), None, seats)


def build_flows_at(codes: FlowCodes, rows: np.ndarray | None = None, seats: pd.DataFrame | None = None) -> Flows:
    """build_flows of the visits at these row positions of the coded table (None: every visit), from their codes.

    Equal to build_flows(visits.take(rows), codes.level, seats) for codes = build_flow_codes(visits, level).
    """
    def pick(a: np.ndarray) -> np.ndarray:
        return a if rows is None else a[rows]

    size = pick(codes.size)
    seats = seats if codes.level == "province" else None
    o = _side(pick(codes.o_codes), codes.o_names, pick(codes.o_lat), pick(codes.o_lon), seats)
    h = _side(pick(codes.h_codes), codes.h_names, pick(codes.h_lat), pick(codes.h_lon), seats)
    both = o.ok & h.ok
    kh = max(len(h.names), 1)
    known_size = ~np.isnan(size)
    size0 = np.where(known_size, size, 0.0)  # unknown sizes add nothing to a sum of delegates
    n_pairs = len(o.names) * kh
    if n_pairs <= 20_000_000:
        # Dense pair counting in O(n); np.unique would sort a million pairs. Rows not routed go to an extra bin.
        bins = np.multiply(o.codes, kh, dtype=np.int64)  # one 1M-row temporary, filled in place, not four
        bins += h.codes
        bins[~both] = n_pairs
        dense = np.bincount(bins, minlength=n_pairs + 1)[:n_pairs]
        keys = np.flatnonzero(dense)
        counts = dense[keys]
        route_delegates = np.bincount(bins, weights=size0, minlength=n_pairs + 1)[keys]
        sized = np.bincount(bins, weights=known_size, minlength=n_pairs + 1)[keys].astype("int64")
    else:
        pair = o.codes[both].astype(np.int64) * kh + h.codes[both]
        keys, inv, counts = np.unique(pair, return_inverse=True, return_counts=True)
        route_delegates = np.bincount(inv, weights=size0[both], minlength=len(keys))
        sized = np.bincount(inv, weights=known_size[both], minlength=len(keys)).astype("int64")
    if not len(keys):
        route_delegates = route_delegates.astype(np.int64)  # what np.bincount of no routes gave: an int column
    oi, hi = keys // kh, keys % kh
    # Heaviest first, ties by origin then host name. Codes are numbered in name order, and keys come ascending by
    # (origin, host) code: a stable sort on the weights alone leaves ties in name order.
    order = np.lexsort((-route_delegates, -counts))
    oi, hi = oi[order], hi[order]
    # Origin and host are one place when their names are equal: compared on codes too.
    host_of_origin = pd.Index(h.names).get_indexer(o.names) if len(o.names) else np.zeros(0, dtype=np.int64)
    routes = pd.DataFrame({
        "origin": _names_at(o.names, codes.o_text, oi),
        "host": _names_at(h.names, codes.h_text, hi),
        "visits": counts[order].astype("int64"),
        "delegates": route_delegates[order],
        "sized": sized[order],
        "o_lat": o.lat[oi], "o_lon": o.lon[oi], "h_lat": h.lat[hi], "h_lon": h.lon[hi],
        "same_place": host_of_origin[oi] == hi if len(keys) else np.zeros(0, dtype=bool),
    })
    apart = pd.concat([_apart(o, codes.o_mention, rows, "origin"), _apart(h, codes.h_mention, rows, "host")],
                      ignore_index=True)
    return Flows(
        routes=routes, places=_places_coded(codes, o, h, size, size0), apart=apart, n_visits=len(size),
        n_routed=int(both.sum()), n_sized=int(known_size.sum()), level=codes.level,
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


def _places_coded(codes: FlowCodes, o: _Side, h: _Side, size: np.ndarray, size0: np.ndarray) -> pd.DataFrame:
    """_places in numpy over the table's union of place names (sorted, so its order is the name tie-break)."""
    if codes.u_text is None:
        return _places(o, h, size)
    k = len(codes.u_names)
    cols = {}
    for s, to_u, suffix in ((h, codes.h_to_u, "in"), (o, codes.o_to_u, "out")):
        kk = len(s.names)
        bins = np.where(s.ok, s.codes, kk)
        visits = np.zeros(k, dtype=np.int64)
        visits[to_u] = np.bincount(bins, minlength=kk + 1)[:kk]
        dele = np.zeros(k)
        dele[to_u] = np.bincount(bins, weights=size0, minlength=kk + 1)[:kk]
        lat, lon = np.full(k, np.nan), np.full(k, np.nan)
        lat[to_u], lon[to_u] = s.lat, s.lon
        cols[suffix] = (visits, dele, lat, lon)
    (vin, din, lat_in, lon_in), (vout, dout, lat_out, lon_out) = cols["in"], cols["out"]
    used_in, used_out = vin > 0, vout > 0
    at = np.flatnonzero(used_in | used_out)
    if not len(at):
        return _places(o, h, size)
    # A host's coordinates first, a visitor's where the place only sends (or the host side has none).
    lat = np.where(used_in & ~np.isnan(lat_in), lat_in, np.where(used_out, lat_out, np.nan))
    lon = np.where(used_in & ~np.isnan(lon_in), lon_in, np.where(used_out, lon_out, np.nan))
    at = at[np.lexsort((at, -vout[at], -vin[at]))]  # most visits received, then sent, then by name
    return pd.DataFrame({
        "place": _names_at(codes.u_names, codes.u_text, at), "lat": lat[at], "lon": lon[at],
        "visits_in": vin[at], "visits_out": vout[at], "delegates_in": din[at], "delegates_out": dout[at],
    })


def top_routes(routes: pd.DataFrame, n: int, weight: str = "visits") -> pd.DataFrame:
    """The n heaviest drawable routes (origin and host differ) by visits or delegates."""
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {WEIGHTS}, not {weight!r}")
    keys = [weight, "visits"] if weight == "delegates" else ["visits", "delegates"]
    first, second = (routes[k].to_numpy() for k in keys)
    if n > 0 and first.dtype.kind in "if" and second.dtype.kind in "if" and not (
            np.isnan(first.astype(float)).any() or np.isnan(second.astype(float)).any()):
        # What nlargest keeps (the heaviest by both keys, ties in table order), without copying the 170k drawable
        # routes first: a stable sort of their positions, then only the n rows taken.
        pos = np.flatnonzero(~routes["same_place"].to_numpy(dtype=bool))
        pos = pos[np.lexsort((-second[pos], -first[pos]))[:n]]
        return routes.take(pos).reset_index(drop=True)
    drawable = routes[~routes["same_place"]]
    return drawable.nlargest(n, keys).reset_index(drop=True)


def build_place_detail(visits: pd.DataFrame, place: str, level: str = "region") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who came to `place` (by origin) and where people from `place` went (by host), heaviest first."""
    size = delegates(visits)
    o_key = _place_keys(visits, "origin", level)
    h_key = _place_keys(visits, "host", level)
    came = _count_by(o_key[h_key == place], size[h_key == place], "origin")
    went = _count_by(h_key[o_key == place], size[o_key == place], "host")
    return came, went


def build_place_detail_at(codes: FlowCodes, rows: np.ndarray | None, place: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """build_place_detail of the visits at these row positions of the coded table (None: every visit)."""
    def pick(a: np.ndarray) -> np.ndarray:
        return a if rows is None else a[rows]

    o, h, size = pick(codes.o_codes), pick(codes.h_codes), pick(codes.size)
    came = _detail_side(o, codes.o_names, h, codes.h_names, place, size, "origin", codes.key_dtypes[0])
    went = _detail_side(h, codes.h_names, o, codes.o_names, place, size, "host", codes.key_dtypes[1])
    return came, went


def _detail_side(keys: np.ndarray, names: np.ndarray, other: np.ndarray, other_names: np.ndarray, place: str,
                 size: np.ndarray, name: str, dtype) -> pd.DataFrame:
    """The visits whose other end is `place`, counted by this end's place name ("?" when unresolved)."""
    at = np.flatnonzero(other_names == place)  # at most one code: names are distinct
    sel = other == at[0] if len(at) else np.zeros(len(other), dtype=bool)
    k = keys[sel]
    text = np.full(len(k), "?", dtype=object)
    text[k >= 0] = names[k[k >= 0]]
    return _count_by(pd.Series(text, dtype=dtype), pd.Series(size[sel]), name)


def _count_by(keys: pd.Series, size: pd.Series, name: str) -> pd.DataFrame:
    keys = keys.fillna("?")  # an unresolved other end is still a visit: shown as "?"
    g = size.groupby(keys, sort=False)
    out = pd.DataFrame({"visits": g.size(), "delegates": g.sum(min_count=1).fillna(0)})
    out.index.name = name
    return out.reset_index().sort_values(["visits", name], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Timeline:
    """Visits per period and group (long format), and the visits a view leaves out.

    counts: period (Timestamp at the start of the month/quarter/year), group, visits.
    n_unknown_date: visits without even a year. n_year_only: visits dated to a year only, shown in the yearly view
    and left out of monthly/quarterly ones. n_no_topic: visits without a topic (their own group when stacking by
    topic). A visit with several topics counts once in each when stacked by topic (topic_rows says how many rows).
    """

    counts: pd.DataFrame
    freq: str
    stack: str
    n_visits: int
    n_placed: int
    n_unknown_date: int
    n_year_only: int
    topic_rows: int = 0


def month_codes(visits: pd.DataFrame) -> np.ndarray:
    """year * 100 + month (float) of each visit dated to a month or a day; NaN for the others.

    The one costly step of the timeline and the seasonality (reading a million date objects): a page computes it
    once and passes it to both.
    """
    year_d, month = year_month(visits["date"])
    placeable = visits["date_precision"].isin(["day", "month"]).to_numpy(dtype=bool, na_value=False)
    return np.where(placeable & ~np.isnan(year_d), year_d * 100 + month, np.nan)


def _period_codes(visits: pd.DataFrame, freq: str, month_code: np.ndarray | None = None) -> tuple[pd.Series, pd.Series]:
    """An integer period code per visit (NaN when the visit cannot be placed at this freq) and the year-only mask."""
    precision = visits["date_precision"]
    year = visits["year"].astype("float64")
    year_only = precision.eq("year") & year.notna()
    if freq == "year":
        return year, year_only
    code = month_codes(visits) if month_code is None else month_code
    if freq == "quarter":
        code = np.floor(code / 100) * 100 + np.ceil((code % 100) / 3)
    return pd.Series(code, index=visits.index), year_only


def _code_to_period(code: pd.Series, freq: str) -> pd.Series:
    code = code.astype("int64")
    year = code // 100 if freq != "year" else code
    if freq == "year":
        month = pd.Series(1, index=code.index)
    elif freq == "quarter":
        month = (code % 100 - 1) * 3 + 1
    else:
        month = code % 100
    return pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}))


@dataclass(frozen=True)
class TopicRows:
    """visit_topics resolved against a visits frame once: row position in visits, topic code, topic names.

    Building it costs a hash lookup of every topic row's visit id (~0.4 s CPU for 1.3M rows); a page that shows
    several topic charts builds it once and passes it where a visit_topics frame is accepted.
    """

    pos: np.ndarray
    codes: np.ndarray
    names: np.ndarray


def build_topic_rows(visits: pd.DataFrame, visit_topics: pd.DataFrame | None) -> TopicRows:
    """Resolve visit_topics rows to positions in `visits`; rows of visits not in the frame are dropped."""
    if visit_topics is None or not len(visit_topics) or not len(visits):
        return TopicRows(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.array([], dtype=object))
    # Arrow's hash lookup: ~3x faster than pandas' get_indexer on a million string ids.
    ids = pa.array(visit_topics["visit_id"], type=pa.string())
    pos = pc.index_in(ids, value_set=pa.array(visits["visit_id"], type=pa.string()))
    keep = pc.is_valid(pos).to_numpy(zero_copy_only=False)
    pos = pos.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)[keep]
    tcodes, tnames = pd.factorize(visit_topics["topic"])
    return TopicRows(pos, tcodes[keep].astype(np.int64), np.asarray(tnames, dtype=object))


def _topic_index(visits: pd.DataFrame, topics: pd.DataFrame | TopicRows | None) -> tuple[np.ndarray, ...]:
    rows = topics if isinstance(topics, TopicRows) else build_topic_rows(visits, topics)
    return rows.pos, rows.codes, rows.names


def _count_codes(period: np.ndarray, group: np.ndarray, names: np.ndarray) -> pd.DataFrame:
    """code, group, visits for each (period code, group code) pair present; NaN periods are skipped."""
    have = ~np.isnan(period)
    k = max(len(names), 1)
    key = period[have].astype(np.int64) * k + group[have]
    if len(key) and 0 <= key.min() and key.max() - key.min() <= 50_000_000:
        # Counting into a dense array is O(n); np.unique would sort every row's key.
        lo = key.min()
        dense = np.bincount(key - lo)
        keys = np.flatnonzero(dense)
        counts = dense[keys]
        keys = keys + lo
    else:
        keys, counts = np.unique(key, return_counts=True)
    return pd.DataFrame({"code": keys // k, "group": names[keys % k] if len(keys) else names[:0],
                         "visits": counts.astype("int64")})


def build_timeline(
    visits: pd.DataFrame, visit_topics: pd.DataFrame | TopicRows | None = None, freq: str = "month",
    stack: str = "none", month_code: np.ndarray | None = None,
) -> Timeline:
    """Visits per month / quarter / year, optionally split by topic, visit type or origin institution type.

    month_code: month_codes(visits) when the caller already has it (it is the costly part).
    """
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {FREQS}, not {freq!r}")
    if stack not in STACKS:
        raise ValueError(f"stack must be one of {STACKS}, not {stack!r}")
    code, year_only = _period_codes(visits, freq, month_code)
    period = code.to_numpy(dtype=float, na_value=np.nan)
    topic_rows = 0
    if stack == "topic":
        pos, tcodes, tnames = _topic_index(visits, visit_topics)
        no_topic = np.ones(len(visits), dtype=bool)
        no_topic[pos] = False
        names = np.append(tnames, NO_TOPIC)
        counts = _count_codes(np.concatenate([period[pos], period[no_topic]]),
                              np.concatenate([tcodes, np.full(no_topic.sum(), len(tnames))]), names)
        topic_rows = len(pos)
    elif stack == "none":
        counts = _count_codes(period, np.zeros(len(visits), dtype=np.int64), np.array([ALL], dtype=object))
    else:
        gcodes, gnames = pd.factorize(visits[stack].fillna("other"))
        counts = _count_codes(period, gcodes.astype(np.int64), np.asarray(gnames, dtype=object))
    counts.insert(0, "period", _code_to_period(counts["code"], freq) if len(counts) else pd.Series(
        dtype="datetime64[ns]"))
    counts = counts.drop(columns="code")
    return Timeline(
        counts=counts, freq=freq, stack=stack, n_visits=len(visits), n_placed=int((~np.isnan(period)).sum()),
        n_unknown_date=int(visits["year"].isna().sum()), n_year_only=int(year_only.sum()), topic_rows=topic_rows,
    )


def build_seasonality(visits: pd.DataFrame, month_code: np.ndarray | None = None) -> pd.DataFrame:
    """Visits per year (rows) x month 1-12 (columns) for visits dated to a month or a day; zeros where none.

    month_code: month_codes(visits) when the caller already has it.
    """
    code = month_codes(visits) if month_code is None else month_code
    code = code[~np.isnan(code)].astype(np.int64)
    year, month = code // 100, code % 100
    years = np.unique(year)
    # One bincount over (year row, month) cells instead of a crosstab (which groups a million rows by two keys).
    cells = np.bincount(np.searchsorted(years, year) * 12 + (month - 1), minlength=len(years) * 12)
    counts = cells.reshape(len(years), 12).astype(np.int64)
    return pd.DataFrame(counts, index=pd.Index(years, name="year"), columns=pd.Index(range(1, 13), name="month"))


# ---------------------------------------------------------------- topics


@dataclass(frozen=True)
class TopicShares:
    """Visits per topic; a visit with several topics counts in each, so shares add up to more than 100%."""

    shares: pd.DataFrame  # topic, visits, share (of all visits in the selection)
    n_visits: int
    n_no_topic: int
    n_multi: int  # visits with two or more topics


def build_topic_shares(visits: pd.DataFrame, visit_topics: pd.DataFrame | TopicRows) -> TopicShares:
    """Visits per topic and its share of all visits in the selection."""
    pos, tcodes, tnames = _topic_index(visits, visit_topics)
    per_visit = np.bincount(pos, minlength=len(visits))
    counts = np.bincount(tcodes, minlength=len(tnames))
    n = len(visits)
    shares = pd.DataFrame({"topic": tnames, "visits": counts.astype("int64")})
    shares = shares[shares["visits"] > 0]  # topics named only by visits filtered out
    shares["share"] = shares["visits"] / n if n else 0.0
    shares = shares.sort_values(["visits", "topic"], ascending=[False, True]).reset_index(drop=True)
    return TopicShares(shares=shares, n_visits=n, n_no_topic=int((per_visit == 0).sum()),
                       n_multi=int((per_visit >= 2).sum()))


def build_topic_year(visits: pd.DataFrame, visit_topics: pd.DataFrame | TopicRows) -> pd.DataFrame:
    """Visits per topic (rows) x year (columns); visits without a year are left out (counted on the Timeline)."""
    pos, tcodes, tnames = _topic_index(visits, visit_topics)
    year = visits["year"].to_numpy(dtype=float, na_value=np.nan)[pos]
    counts = _count_codes(year, tcodes, tnames)
    table = counts.pivot(index="group", columns="code", values="visits").fillna(0).astype("int64")
    # Most-visited topics first, as on the shares chart (ties by slug, so the order is stable).
    order = sorted(table.index, key=lambda s: (-int(table.loc[s].sum()), s))
    table = table.loc[order]
    table.index.name = "topic"
    table.columns.name = "year"
    return table


def build_topic_hubs(visits: pd.DataFrame, visit_topics: pd.DataFrame | TopicRows, k: int = 5) -> pd.DataFrame:
    """For each topic, the k hosts most visited to learn it ("best-practice hubs"), with their share of the topic.

    Unresolved hosts are left out of the ranking; `unresolved` on each row counts them for the topic.
    """
    pos, tcodes, tnames = _topic_index(visits, visit_topics)
    hcodes, hnames = place_codes(visits, "host", "region")
    host = hcodes[pos]
    total = np.bincount(tcodes, minlength=len(tnames))
    unresolved = np.bincount(tcodes[host < 0], minlength=len(tnames))
    known = host >= 0
    counts = _count_codes(host[known].astype(float), tcodes[known], tnames)
    counts = counts.rename(columns={"code": "host"})
    counts["host"] = np.asarray(hnames, dtype=object)[counts["host"].to_numpy()]
    counts = counts.sort_values(["group", "visits", "host"], ascending=[True, False, True])
    counts["rank"] = counts.groupby("group").cumcount() + 1
    hubs = counts[counts["rank"] <= k].rename(columns={"group": "topic"})
    index = pd.Index(tnames)
    t_idx = index.get_indexer(hubs["topic"])
    hubs = hubs.assign(share=hubs["visits"].to_numpy() / total[t_idx], unresolved=unresolved[t_idx].astype("int64"))
    return hubs[["topic", "host", "visits", "rank", "share", "unresolved"]].reset_index(drop=True)


def build_top_places(visits: pd.DataFrame, side: str = "host", k: int = 15, level: str = "region") -> pd.DataFrame:
    """The k places most visited (side="host") or sending most delegations (side="origin"); unresolved counted as "?"."""
    keys = _place_keys(visits, side, level).fillna("?")
    counts = keys.value_counts()
    return pd.DataFrame({"place": counts.index[:k], "visits": counts.to_numpy()[:k]})
