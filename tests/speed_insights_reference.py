"""ui/insights.py and the estimate/summaries of ui/cost.py as they were before the speed-insights changes
(git show 7e67249:ui/insights.py, 7e67249:ui/cost.py), verbatim but for this docstring and the imports of the cost
part: the reference the faster implementations are compared with in tests/test_speed_insights.py. Not used by the app.
"""
# ruff: noqa

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np
import pandas as pd

# The seven island groups Indonesian statistics and planning use, in west-to-east order.
ISLAND_GROUPS: tuple[str, ...] = (
    "Sumatera",
    "Jawa",
    "Bali-Nusa Tenggara",
    "Kalimantan",
    "Sulawesi",
    "Maluku",
    "Papua",
)

# All 38 provinces, named as data/gazetteer/regions.csv names them (the `*_province` columns).
PROVINCE_GROUP: dict[str, str] = {
    "Aceh": "Sumatera",
    "Sumatera Utara": "Sumatera",
    "Sumatera Barat": "Sumatera",
    "Riau": "Sumatera",
    "Jambi": "Sumatera",
    "Sumatera Selatan": "Sumatera",
    "Bengkulu": "Sumatera",
    "Lampung": "Sumatera",
    "Kepulauan Bangka Belitung": "Sumatera",
    "Kepulauan Riau": "Sumatera",
    "DKI Jakarta": "Jawa",
    "Jawa Barat": "Jawa",
    "Jawa Tengah": "Jawa",
    "Daerah Istimewa Yogyakarta": "Jawa",
    "Jawa Timur": "Jawa",
    "Banten": "Jawa",
    "Bali": "Bali-Nusa Tenggara",
    "Nusa Tenggara Barat": "Bali-Nusa Tenggara",
    "Nusa Tenggara Timur": "Bali-Nusa Tenggara",
    "Kalimantan Barat": "Kalimantan",
    "Kalimantan Tengah": "Kalimantan",
    "Kalimantan Selatan": "Kalimantan",
    "Kalimantan Timur": "Kalimantan",
    "Kalimantan Utara": "Kalimantan",
    "Sulawesi Utara": "Sulawesi",
    "Sulawesi Tengah": "Sulawesi",
    "Sulawesi Selatan": "Sulawesi",
    "Sulawesi Tenggara": "Sulawesi",
    "Gorontalo": "Sulawesi",
    "Sulawesi Barat": "Sulawesi",
    "Maluku": "Maluku",
    "Maluku Utara": "Maluku",
    "Papua": "Papua",
    "Papua Barat": "Papua",
    "Papua Selatan": "Papua",
    "Papua Tengah": "Papua",
    "Papua Pegunungan": "Papua",
    "Papua Barat Daya": "Papua",
}

# Other spellings news and older data use for the same provinces.
PROVINCE_ALIASES: dict[str, str] = {
    "Daerah Khusus Ibukota Jakarta": "DKI Jakarta",
    "Daerah Khusus Jakarta": "DKI Jakarta",
    "Jakarta": "DKI Jakarta",
    "DI Yogyakarta": "Daerah Istimewa Yogyakarta",
    "DIY": "Daerah Istimewa Yogyakarta",
    "Yogyakarta": "Daerah Istimewa Yogyakarta",
    "Bangka Belitung": "Kepulauan Bangka Belitung",
    "Babel": "Kepulauan Bangka Belitung",
    "Kepri": "Kepulauan Riau",
    "NTB": "Nusa Tenggara Barat",
    "NTT": "Nusa Tenggara Timur",
    "Sumut": "Sumatera Utara",
    "Sumbar": "Sumatera Barat",
    "Sumsel": "Sumatera Selatan",
    "Jabar": "Jawa Barat",
    "Jateng": "Jawa Tengah",
    "Jatim": "Jawa Timur",
}

# Where a visit goes, seen from its origin. The first four are regional visits (both sides a province,
# regency or city with a known province); the last three are counted apart.
REGIONAL_SCOPES: tuple[str, ...] = ("within_province", "within_island", "to_java", "other_island")
APART_SCOPES: tuple[str, ...] = ("national", "foreign", "unresolved")
SCOPES: tuple[str, ...] = REGIONAL_SCOPES + APART_SCOPES

_NO_PLACE_LEVELS = {"unknown"}


def _missing(v: object) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def to_province(name: object) -> str | None:
    """The canonical province name, or None when the name is missing or not one of the 38.

    >>> to_province("Daerah Khusus Ibukota Jakarta")
    'DKI Jakarta'
    """
    if _missing(name):
        return None
    text = " ".join(str(name).split())
    for prefix in ("Provinsi ", "Prov. "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    if text in PROVINCE_GROUP:
        return text
    return PROVINCE_ALIASES.get(text)


def to_island_group(province: object) -> str | None:
    """The island group of a province, or None when the province is unknown.

    >>> to_island_group("Papua Pegunungan")
    'Papua'
    """
    canonical = to_province(province)
    return PROVINCE_GROUP.get(canonical) if canonical else None


def to_topics(value: object) -> list[str]:
    """The topic slugs of one visit as a list (Parquet gives numpy arrays; missing gives [])."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(t) for t in value if not _missing(t)]
    if _missing(value):
        return []
    return [str(value)]


def to_scope(origin_level, origin_province, origin_resolution, host_level, host_province, host_resolution) -> str:
    """Classify one visit: within a province, within an island group, to Java, other cross-island; else apart.

    An unresolved side wins over everything (we do not know where it is); then foreign, then national
    (a ministry is placed at its seat, which says nothing about regional learning).

    >>> to_scope("kota", "Jawa Timur", "gazetteer", "kabupaten", "Bali", "gazetteer")
    'other_island'
    """
    for level, resolution in ((origin_level, origin_resolution), (host_level, host_resolution)):
        if _missing(level) or level in _NO_PLACE_LEVELS or resolution == "unresolved":
            return "unresolved"
    levels = (origin_level, host_level)
    if "foreign" in levels:
        return "foreign"
    if "national" in levels:
        return "national"
    o_prov, h_prov = to_province(origin_province), to_province(host_province)
    if o_prov is None or h_prov is None:
        return "unresolved"
    if o_prov == h_prov:
        return "within_province"
    o_group, h_group = PROVINCE_GROUP[o_prov], PROVINCE_GROUP[h_prov]
    if o_group == h_group:
        return "within_island"
    if h_group == "Jawa":
        return "to_java"
    return "other_island"


def _col(visits: pd.DataFrame, name: str) -> pd.Series:
    # Tolerate frames that lack an optional column: a missing column is all-unknown, not an error.
    if name in visits.columns:
        return visits[name]
    return pd.Series([None] * len(visits), index=visits.index, dtype=object)


def _map_unique(series: pd.Series, fn) -> np.ndarray:
    """fn applied once per distinct value (a million visits name ~40 provinces), as an object array; NA -> None."""
    codes, uniques = pd.factorize(series)
    table = np.array([fn(u) for u in uniques] + [None], dtype=object)
    return table[codes]


def _is(series: pd.Series, *values: str) -> np.ndarray:
    return series.isin(values).fillna(False).to_numpy(dtype=bool)


def to_scopes(visits: pd.DataFrame) -> pd.Series:
    """The scope of every visit (same index as `visits`); vectorised, same rules as `to_scope`."""
    o_level, h_level = _col(visits, "origin_level"), _col(visits, "host_level")
    o_res, h_res = _col(visits, "origin_resolution"), _col(visits, "host_resolution")
    o_prov = _map_unique(_col(visits, "origin_province"), to_province)
    h_prov = _map_unique(_col(visits, "host_province"), to_province)
    o_group = _map_unique(_col(visits, "origin_province"), to_island_group)
    h_group = _map_unique(_col(visits, "host_province"), to_island_group)
    no_prov = pd.isna(o_prov) | pd.isna(h_prov)
    unresolved = (
        o_level.isna().to_numpy(dtype=bool) | _is(o_level, *_NO_PLACE_LEVELS) | _is(o_res, "unresolved")
        | h_level.isna().to_numpy(dtype=bool) | _is(h_level, *_NO_PLACE_LEVELS) | _is(h_res, "unresolved")
    )
    conditions = [
        unresolved,
        _is(o_level, "foreign") | _is(h_level, "foreign"),
        _is(o_level, "national") | _is(h_level, "national"),
        no_prov,
        o_prov == h_prov,
        o_group == h_group,
        h_group == "Jawa",
    ]
    choices = ["unresolved", "foreign", "national", "unresolved", "within_province", "within_island", "to_java"]
    values = np.select([np.asarray(c, dtype=bool) for c in conditions], choices, default="other_island")
    return pd.Series(values, index=visits.index, dtype=object)


def count_scopes(visits: pd.DataFrame) -> pd.DataFrame:
    """Visits per scope, with each regional scope's share of regional visits (apart scopes have no share).

    Columns: scope, visits, share (0..1, NaN for national/foreign/unresolved, and for all when no regional visit).
    """
    counts = to_scopes(visits).value_counts()
    rows = [{"scope": s, "visits": int(counts.get(s, 0))} for s in SCOPES]
    regional_total = sum(r["visits"] for r in rows if r["scope"] in REGIONAL_SCOPES)
    for r in rows:
        if r["scope"] in REGIONAL_SCOPES and regional_total:
            r["share"] = r["visits"] / regional_total
        else:
            r["share"] = float("nan")
    return pd.DataFrame(rows, columns=["scope", "visits", "share"])


def _province_order(names: Iterable[str]) -> list[str]:
    order = list(PROVINCE_GROUP)
    return sorted(set(names), key=lambda p: (order.index(p) if p in order else len(order), p))


def to_province_matrix(visits: pd.DataFrame) -> pd.DataFrame:
    """Regional visits counted by origin province (rows) x host province (columns), west to east.

    Only provinces that appear are kept; national, foreign and unresolved visits are left out (see count_scopes).
    """
    scopes = to_scopes(visits)
    regional = visits[[c for c in ("origin_province", "host_province") if c in visits.columns]]
    regional = regional[scopes.isin(REGIONAL_SCOPES).to_numpy(dtype=bool)]
    if regional.empty:
        return pd.DataFrame(dtype="int64")
    o = pd.Series(_map_unique(_col(regional, "origin_province"), to_province), name="origin_province")
    h = pd.Series(_map_unique(_col(regional, "host_province"), to_province), name="host_province")
    matrix = pd.crosstab(o, h)
    return matrix.reindex(index=_province_order(matrix.index), columns=_province_order(matrix.columns), fill_value=0)


def _named(visits: pd.DataFrame, *sides: str, columns: Iterable[str] = ()) -> pd.DataFrame:
    """The visits whose given sides have a place name, with only `columns` (those present) kept.

    Keeping few columns before filtering matters: a filter copies every column it keeps.
    """
    keep = [c for c in dict.fromkeys([*(f"{s}_name" for s in sides), *columns]) if c in visits.columns]
    frame = visits[keep]
    mask = np.ones(len(frame), dtype=bool)
    for side in sides:
        mask &= _col(frame, f"{side}_name").notna().to_numpy(dtype=bool)
    return frame[mask]


def count_unnamed(visits: pd.DataFrame) -> dict[str, int]:
    """Visits whose origin, host, or either side has no place name (kept out of rankings and pairs)."""
    o = _col(visits, "origin_name").isna()
    h = _col(visits, "host_name").isna()
    return {"origin": int(o.sum()), "host": int(h.sum()), "either": int((o | h).sum())}


def _topic_arrays(topics: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row position, topic) for every topic of every visit; fast path for the lists/arrays Parquet gives."""
    lists = [v if isinstance(v, (list, tuple, np.ndarray)) else to_topics(v) for v in topics]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    take = np.repeat(np.arange(len(lists)), lengths)
    flat = np.fromiter(itertools.chain.from_iterable(lists), dtype=object, count=int(lengths.sum()))
    keep = ~pd.isna(flat)  # a null inside a list is no topic
    return take[keep], flat[keep]


def explode_topics(visits: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per (visit, topic) with the given columns (default all) and `topic`; visits without a topic are
    dropped (count them with `count_untopiced`)."""
    cols = [c for c in (columns if columns is not None else visits.columns) if c != "topics"]
    if "topics" not in visits.columns or visits.empty:
        return pd.DataFrame({**{c: pd.Series(dtype=object) for c in cols}, "topic": pd.Series(dtype=object)})
    take, flat = _topic_arrays(visits["topics"])
    out = {c: _col(visits, c).iloc[take].reset_index(drop=True) for c in cols}
    out["topic"] = pd.Series(flat, dtype=object)
    return pd.DataFrame(out)


def count_untopiced(visits: pd.DataFrame) -> int:
    """Visits whose topic is unknown."""
    if "topics" not in visits.columns:
        return len(visits)
    take, _ = _topic_arrays(visits["topics"])
    return len(visits) - len(np.unique(take))


def _ranked_topics(named: pd.DataFrame, key: str) -> pd.Series:
    """Per place (key column): its topic slugs, most frequent first, ties by slug."""
    ex = explode_topics(named, [key])
    if ex.empty:
        return pd.Series(dtype=object)
    counts = ex.groupby([key, "topic"]).size().rename("n").reset_index()
    counts = counts.sort_values([key, "n", "topic"], ascending=[True, False, True])
    return counts.groupby(key, sort=False)["topic"].agg(list)


def _rank(named: pd.DataFrame, side: str, other: str) -> pd.DataFrame:
    """The columns both rankings share, one row per named place on `side`."""
    key, other_key = f"{side}_name", f"{other}_name"
    frame = pd.DataFrame({
        "place": _col(named, key), "other": _col(named, other_key),
        "province": _col(named, f"{side}_province"), "level": _col(named, f"{side}_level"),
    })
    g = frame.groupby("place", sort=False)
    out = pd.DataFrame({
        "province": g["province"].first(), "level": g["level"].first(), "visits": g.size(),
        "distinct": g["other"].nunique(),
    })
    pairs = frame.dropna(subset=["other"]).groupby(["place", "other"]).size()
    out["repeat"] = (pairs > 1).groupby(level=0).sum().reindex(out.index, fill_value=0)
    return out


def _sorted(out: pd.DataFrame, second: str, top: int | None) -> pd.DataFrame:
    out = out.sort_values(["visits", second, "place"], ascending=[False, False, True], kind="stable")
    out = out.reset_index(drop=True)
    return out.head(top) if top else out


def rank_hosts(visits: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Hosts ranked by visits received, then distinct visitors.

    Columns: place, province, level, visits, visitors (distinct named origins), repeat_visitors (origins that
    came more than once), n_topics, topics (slugs, most taught first).
    """
    cols = ["place", "province", "level", "visits", "visitors", "repeat_visitors", "n_topics", "topics"]
    named = _named(visits, "host", columns=("host_province", "host_level", "origin_name", "topics"))
    if named.empty:
        return pd.DataFrame(columns=cols)
    out = _rank(named, "host", "origin").rename(columns={"distinct": "visitors", "repeat": "repeat_visitors"})
    topics = _ranked_topics(named, "host_name")
    out["topics"] = [topics.get(p, []) for p in out.index]
    out["n_topics"] = out["topics"].map(len)
    out = out.rename_axis("place").reset_index()
    out = out.astype({"visits": "int64", "visitors": "int64", "repeat_visitors": "int64", "n_topics": "int64"})
    return _sorted(out, "visitors", top)[cols]


def rank_visitors(visits: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Visitors ranked by visits made, then distinct hosts.

    Columns: place, province, level, visits, hosts (distinct named hosts), repeat_hosts (hosts visited more than
    once), km_travelled (round trips, 2 x distance_km, over visits with a known distance; NaN when none is known),
    km_unknown (visits whose distance is unknown and so not in km_travelled).
    """
    cols = ["place", "province", "level", "visits", "hosts", "repeat_hosts", "km_travelled", "km_unknown"]
    named = _named(visits, "origin", columns=("origin_province", "origin_level", "host_name", "distance_km"))
    if named.empty:
        return pd.DataFrame(columns=cols)
    out = _rank(named, "origin", "host").rename(columns={"distinct": "hosts", "repeat": "repeat_hosts"})
    dist = pd.to_numeric(_col(named, "distance_km"), errors="coerce").astype("float64")
    by = _col(named, "origin_name")
    out["km_travelled"] = 2 * dist.groupby(by).sum(min_count=1).reindex(out.index)
    out["km_unknown"] = dist.isna().groupby(by).sum().reindex(out.index).astype("int64")
    out = out.rename_axis("place").reset_index()
    out = out.astype({"visits": "int64", "hosts": "int64", "repeat_hosts": "int64"})
    return _sorted(out, "hosts", top)[cols]


def count_pairs(visits: pd.DataFrame) -> pd.DataFrame:
    """Visits per (origin, host) pair of named places. Columns: origin, host, visits."""
    named = _named(visits, "origin", "host")
    if named.empty:
        return pd.DataFrame({"origin": [], "host": [], "visits": []}).astype({"visits": "int64"})
    frame = pd.DataFrame({"origin": _col(named, "origin_name"), "host": _col(named, "host_name")})
    counts = frame.groupby(["origin", "host"]).size().rename("visits").reset_index()
    counts["visits"] = counts["visits"].astype("int64")
    return counts.sort_values(["visits", "origin", "host"], ascending=[False, True, True]).reset_index(drop=True)


def find_repeat_pairs(visits: pd.DataFrame) -> pd.DataFrame:
    """Pairs where the same origin visited the same host more than once. Columns: origin, host, visits."""
    pairs = count_pairs(visits)
    return pairs[pairs["visits"] > 1].reset_index(drop=True)


def find_reciprocal_pairs(visits: pd.DataFrame) -> pd.DataFrame:
    """Pairs of places that visited each other (A -> B and B -> A), each pair once with A before B.

    Columns: place_a, place_b, a_to_b, b_to_a (visit counts each way).
    """
    cols = ["place_a", "place_b", "a_to_b", "b_to_a"]
    pairs = count_pairs(visits)
    back = pairs.rename(columns={"origin": "host", "host": "origin", "visits": "b_to_a"})
    both = pairs.merge(back, on=["origin", "host"])
    both = both[both["origin"] < both["host"]]
    out = both.rename(columns={"origin": "place_a", "host": "place_b", "visits": "a_to_b"})[cols]
    if out.empty:
        return out.reset_index(drop=True)
    total = out["a_to_b"] + out["b_to_a"]
    out = out.assign(_t=total).sort_values(["_t", "place_a", "place_b"], ascending=[False, True, True])
    return out.drop(columns="_t").reset_index(drop=True)


def find_topic_hubs(visits: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The best-practice hubs of each topic: the hosts that received most visits on it.

    Columns: topic, rank (1 = most visited), place, province, visits, share (of that topic's visits with a named
    host). Topics are ordered by their number of visits; ties between hosts go alphabetically.
    """
    cols = ["topic", "rank", "place", "province", "visits", "share"]
    rows = explode_topics(_named(visits, "host", columns=("host_province", "topics")), ["host_name", "host_province"])
    if rows.empty:
        return pd.DataFrame(columns=cols)
    per = rows.groupby(["topic", "host_name"]).agg(visits=("host_province", "size"),
                                                   province=("host_province", "first")).reset_index()
    totals = per.groupby("topic")["visits"].sum()
    per["total"] = per["topic"].map(totals)
    per = per.sort_values(["total", "topic", "visits", "host_name"], ascending=[False, True, False, True])
    per["rank"] = per.groupby("topic").cumcount() + 1
    per = per[per["rank"] <= top]
    out = pd.DataFrame({
        "topic": per["topic"], "rank": per["rank"].astype("int64"), "place": per["host_name"],
        "province": per["province"], "visits": per["visits"].astype("int64"), "share": per["visits"] / per["total"],
    })
    return out.reset_index(drop=True)[cols]


def list_places(visits: pd.DataFrame) -> list[str]:
    """Every named place, most involved (as origin or host) first."""
    names = pd.concat([_col(visits, "origin_name"), _col(visits, "host_name")]).dropna()
    counts = names.value_counts()
    return sorted(counts.index, key=lambda p: (-counts[p], p))


def profile_place(visits: pd.DataFrame, place: str) -> dict[str, object]:
    """One place's visitors (who came to learn from it), destinations (where it went) and topics over time.

    Returns {"visitors": [place, visits], "destinations": [place, visits],
    "topics_by_year": [year, topic, role ('host' | 'origin'), visits], "undated": int, "unknown_visitors": int,
    "unknown_destinations": int}; visits with no year are left out of topics_by_year and counted in "undated";
    visits whose other side has no name are counted in unknown_visitors / unknown_destinations.
    """
    small = visits[[c for c in ("origin_name", "host_name", "year", "topics") if c in visits.columns]]
    as_host = small[_col(small, "host_name").eq(place).fillna(False).to_numpy(dtype=bool)]
    as_origin = small[_col(small, "origin_name").eq(place).fillna(False).to_numpy(dtype=bool)]

    def _count(series: pd.Series) -> pd.DataFrame:
        c = series.dropna().value_counts()
        df = pd.DataFrame({"place": c.index, "visits": c.to_numpy(dtype="int64")})
        return df.sort_values(["visits", "place"], ascending=[False, True]).reset_index(drop=True)

    frames = []
    for role, part in (("host", as_host), ("origin", as_origin)):
        ex = explode_topics(part, ["year"])
        if not ex.empty:
            frames.append(ex.assign(role=role))
    cols = ["year", "topic", "role", "visits"]
    if frames:
        ex = pd.concat(frames, ignore_index=True)
        dated = ex[ex["year"].notna()]
        tby = dated.groupby(["year", "topic", "role"]).size().rename("visits").reset_index()
        tby["year"] = tby["year"].astype("int64")
        tby["visits"] = tby["visits"].astype("int64")
        tby = tby.sort_values(["year", "role", "visits", "topic"], ascending=[True, True, False, True])
        tby = tby.reset_index(drop=True)[cols]
    else:
        tby = pd.DataFrame(columns=cols)
    return {
        "visitors": _count(as_host["origin_name"]),
        "destinations": _count(as_origin["host_name"]),
        "topics_by_year": tby,
        "undated": int(_col(as_host, "year").isna().sum() + _col(as_origin, "year").isna().sum()),
        "unknown_visitors": int(_col(as_host, "origin_name").isna().sum()),
        "unknown_destinations": int(_col(as_origin, "host_name").isna().sum()),
    }


# ------------------------------------------------------------------------------------------------ ui/cost.py (old)

from ui.cost import DEFAULT_PARAMS, BANDS, CostParams, CostSummary, Range


def _num_col(visits: pd.DataFrame, name: str) -> np.ndarray:
    if name not in visits.columns:
        return np.full(len(visits), np.nan)
    return pd.to_numeric(visits[name], errors="coerce").astype("float64").to_numpy()


def estimate_visits(visits: pd.DataFrame, params: CostParams = DEFAULT_PARAMS) -> pd.DataFrame:
    """One estimate row per visit (same index), with visit_id and distance_km kept for reading.

    Vectorised; the same rules as `estimate_visit` (tests hold the two together).
    """
    size, low, high = (_num_col(visits, c) for c in ("delegation_size", "delegation_min", "delegation_max"))
    dist = _num_col(visits, "distance_km")
    # Exact size, else the midpoint of both bounds, else the one bound that is known.
    one_bound = np.where(np.isnan(low), high, low)
    words = np.where(np.isnan(low) | np.isnan(high), one_bound, (low + high) / 2)
    delegates = np.where(np.isnan(size), words, size)
    estimated = np.isnan(size) & ~np.isnan(delegates)
    costed = ~np.isnan(delegates) & ~np.isnan(dist)
    e0, e1 = params.band_edges_km
    band = np.where(dist < e0, 0, np.where(dist <= e1, 1, 2))
    p, days = params, params.days
    fixed_low = p.per_diem_idr.low * days.low + p.lodging_idr.low * max(days.low - 1, 0)
    fixed_high = p.per_diem_idr.high * days.high + p.lodging_idr.high * max(days.high - 1, 0)
    transport_low = np.array([r.low for r in p.transport_idr])[band]
    transport_high = np.array([r.high for r in p.transport_idr])[band]
    ef_low = np.array([r.low for r in p.emission_kg_pkm])[band]
    ef_high = np.array([r.high for r in p.emission_kg_pkm])[band]
    delegate_km = np.where(costed, delegates * 2 * dist, np.nan)
    status = np.select(
        [np.isnan(delegates), np.isnan(dist), estimated], ["unknown_size", "unknown_distance", "estimated"],
        default="exact",
    )
    out = pd.DataFrame({
        "visit_id": visits["visit_id"].to_numpy() if "visit_id" in visits.columns else None,
        "distance_km": dist,
        "delegates": delegates,
        "delegates_estimated": estimated,
        "band": pd.array(np.where(costed, band, -1), dtype="Int64"),
        "delegate_km": delegate_km,
        "cost_low_idr": np.where(costed, delegates * (transport_low + fixed_low), np.nan),
        "cost_high_idr": np.where(costed, delegates * (transport_high + fixed_high), np.nan),
        "co2_low_kg": delegate_km * ef_low,
        "co2_high_kg": delegate_km * ef_high,
        "status": status.astype(object),
    }, index=visits.index)
    out.loc[~costed, "band"] = pd.NA
    return out


def summarize(estimates: pd.DataFrame) -> CostSummary:
    """Add up `estimate_visits` output; the totals cover costed visits only (the rest are counted apart)."""
    status = estimates["status"].value_counts()
    costed = estimates[estimates["status"].isin(["exact", "estimated"])]
    return CostSummary(
        visits=len(estimates),
        costed=len(costed),
        estimated_size=int(status.get("estimated", 0)),
        unknown_size=int(status.get("unknown_size", 0)),
        unknown_distance=int(status.get("unknown_distance", 0)),
        delegates=float(costed["delegates"].sum()),
        delegate_km=float(costed["delegate_km"].sum()),
        cost_idr=Range(float(costed["cost_low_idr"].sum()), float(costed["cost_high_idr"].sum())),
        co2_t=Range(float(costed["co2_low_kg"].sum()) / 1000, float(costed["co2_high_kg"].sum()) / 1000),
    )


def summarize_by_band(estimates: pd.DataFrame) -> pd.DataFrame:
    """Costed visits per distance band: band, visits, delegate_km, cost and CO2 ranges."""
    costed = estimates[estimates["status"].isin(["exact", "estimated"])]
    g = costed.groupby("band").agg(
        visits=("status", "size"), delegate_km=("delegate_km", "sum"),
        cost_low_idr=("cost_low_idr", "sum"), cost_high_idr=("cost_high_idr", "sum"),
        co2_low_kg=("co2_low_kg", "sum"), co2_high_kg=("co2_high_kg", "sum"),
    )
    g = g.reindex(range(len(BANDS)), fill_value=0)
    g.insert(0, "band_name", list(BANDS))
    return g.reset_index().rename(columns={"index": "band"})
