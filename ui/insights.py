"""The learning network: who learns from whom, which places teach which topics, how far the learning travels.

Pure functions over a visits DataFrame (columns of etl.schema.VISITS). A place is its gazetteer name
(`origin_name` / `host_name`); a visit whose side has no name is left out of rankings and pairs and is
counted apart by `count_unnamed`, never folded into a zero.
"""

from __future__ import annotations

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


def to_scopes(visits: pd.DataFrame) -> pd.Series:
    """The scope of every visit (same index as `visits`)."""
    cols = [
        _col(visits, c).tolist()
        for c in (
            "origin_level", "origin_province", "origin_resolution",
            "host_level", "host_province", "host_resolution",
        )
    ]
    return pd.Series([to_scope(*row) for row in zip(*cols, strict=True)], index=visits.index, dtype=object)


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
    regional = visits[scopes.isin(REGIONAL_SCOPES)]
    if regional.empty:
        return pd.DataFrame(dtype="int64")
    o = regional["origin_province"].map(to_province)
    h = regional["host_province"].map(to_province)
    matrix = pd.crosstab(o.rename("origin_province"), h.rename("host_province"))
    return matrix.reindex(index=_province_order(matrix.index), columns=_province_order(matrix.columns), fill_value=0)


def _named(visits: pd.DataFrame, *sides: str) -> pd.DataFrame:
    mask = pd.Series(True, index=visits.index)
    for side in sides:
        mask &= _col(visits, f"{side}_name").notna()
    return visits[mask]


def count_unnamed(visits: pd.DataFrame) -> dict[str, int]:
    """Visits whose origin, host, or either side has no place name (kept out of rankings and pairs)."""
    o = _col(visits, "origin_name").isna()
    h = _col(visits, "host_name").isna()
    return {"origin": int(o.sum()), "host": int(h.sum()), "either": int((o | h).sum())}


def _topic_counts(topics: Iterable) -> list[str]:
    counts: dict[str, int] = {}
    for value in topics:
        for t in to_topics(value):
            counts[t] = counts.get(t, 0) + 1
    return [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def rank_hosts(visits: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Hosts ranked by visits received, then distinct visitors.

    Columns: place, province, level, visits, visitors (distinct named origins), repeat_visitors (origins that
    came more than once), n_topics, topics (slugs, most taught first).
    """
    cols = ["place", "province", "level", "visits", "visitors", "repeat_visitors", "n_topics", "topics"]
    named = _named(visits, "host")
    rows = []
    for place, group in named.groupby("host_name", sort=False):
        per_origin = group["origin_name"].dropna().value_counts()
        topics = _topic_counts(group["topics"]) if "topics" in group else []
        rows.append({
            "place": place,
            "province": _first(group["host_province"]),
            "level": _first(group["host_level"]),
            "visits": len(group),
            "visitors": int(per_origin.size),
            "repeat_visitors": int((per_origin > 1).sum()),
            "n_topics": len(topics),
            "topics": topics,
        })
    out = pd.DataFrame(rows, columns=cols)
    out = out.sort_values(["visits", "visitors", "place"], ascending=[False, False, True], kind="stable")
    out = out.reset_index(drop=True)
    return out.head(top) if top else out


def rank_visitors(visits: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Visitors ranked by visits made, then distinct hosts.

    Columns: place, province, level, visits, hosts (distinct named hosts), repeat_hosts (hosts visited more than
    once), km_travelled (round trips, 2 x distance_km, over visits with a known distance), km_unknown (visits
    whose distance is unknown and so not in km_travelled).
    """
    cols = ["place", "province", "level", "visits", "hosts", "repeat_hosts", "km_travelled", "km_unknown"]
    named = _named(visits, "origin")
    rows = []
    for place, group in named.groupby("origin_name", sort=False):
        per_host = group["host_name"].dropna().value_counts()
        dist = pd.to_numeric(_col(group, "distance_km"), errors="coerce")
        rows.append({
            "place": place,
            "province": _first(group["origin_province"]),
            "level": _first(group["origin_level"]),
            "visits": len(group),
            "hosts": int(per_host.size),
            "repeat_hosts": int((per_host > 1).sum()),
            "km_travelled": float(2 * dist.sum()) if dist.notna().any() else float("nan"),
            "km_unknown": int(dist.isna().sum()),
        })
    out = pd.DataFrame(rows, columns=cols)
    out = out.sort_values(["visits", "hosts", "place"], ascending=[False, False, True], kind="stable")
    out = out.reset_index(drop=True)
    return out.head(top) if top else out


def _first(series: pd.Series) -> object:
    values = series.dropna()
    return values.iloc[0] if len(values) else None


def count_pairs(visits: pd.DataFrame) -> pd.DataFrame:
    """Visits per (origin, host) pair of named places. Columns: origin, host, visits."""
    named = _named(visits, "origin", "host")
    if named.empty:
        return pd.DataFrame({"origin": [], "host": [], "visits": []}).astype({"visits": "int64"})
    counts = named.groupby(["origin_name", "host_name"]).size().rename("visits").reset_index()
    counts = counts.rename(columns={"origin_name": "origin", "host_name": "host"})
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
    pairs = count_pairs(visits)
    lookup = {(o, h): n for o, h, n in pairs[["origin", "host", "visits"]].itertuples(index=False)}
    rows = []
    for (o, h), n in lookup.items():
        back = lookup.get((h, o))
        if o < h and back:
            rows.append({"place_a": o, "place_b": h, "a_to_b": n, "b_to_a": back})
    out = pd.DataFrame(rows, columns=["place_a", "place_b", "a_to_b", "b_to_a"])
    if out.empty:
        return out
    total = out["a_to_b"] + out["b_to_a"]
    return out.assign(_t=total).sort_values(["_t", "place_a"], ascending=[False, True]).drop(columns="_t").reset_index(
        drop=True
    )


def explode_topics(visits: pd.DataFrame) -> pd.DataFrame:
    """One row per (visit, topic); visits without a topic are dropped (count them with `count_untopiced`)."""
    if "topics" not in visits.columns or visits.empty:
        return visits.iloc[0:0].assign(topic=pd.Series(dtype=object))
    topics = visits["topics"].map(to_topics)
    out = visits.assign(topic=topics).explode("topic")
    return out[out["topic"].notna()].reset_index(drop=True)


def count_untopiced(visits: pd.DataFrame) -> int:
    """Visits whose topic is unknown."""
    if "topics" not in visits.columns:
        return len(visits)
    return int(sum(1 for v in visits["topics"] if not to_topics(v)))


def find_topic_hubs(visits: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The best-practice hubs of each topic: the hosts that received most visits on it.

    Columns: topic, rank (1 = most visited), place, province, visits, share (of that topic's visits with a named
    host). Topics are ordered by their number of visits; ties between hosts go alphabetically.
    """
    cols = ["topic", "rank", "place", "province", "visits", "share"]
    rows = explode_topics(_named(visits, "host"))
    if rows.empty:
        return pd.DataFrame(columns=cols)
    per = rows.groupby(["topic", "host_name"]).agg(visits=("visit_id", "size"), province=("host_province", _first))
    per = per.reset_index()
    totals = per.groupby("topic")["visits"].sum()
    topic_order = sorted(totals.index, key=lambda t: (-totals[t], t))
    out = []
    for topic in topic_order:
        sub = per[per["topic"] == topic].sort_values(["visits", "host_name"], ascending=[False, True]).head(top)
        for rank, r in enumerate(sub.itertuples(index=False), start=1):
            out.append({
                "topic": topic, "rank": rank, "place": r.host_name, "province": r.province,
                "visits": int(r.visits), "share": r.visits / totals[topic],
            })
    return pd.DataFrame(out, columns=cols)


def list_places(visits: pd.DataFrame) -> list[str]:
    """Every named place, most involved (as origin or host) first."""
    names = pd.concat([_col(visits, "origin_name"), _col(visits, "host_name")]).dropna()
    counts = names.value_counts()
    return sorted(counts.index, key=lambda p: (-counts[p], p))


def profile_place(visits: pd.DataFrame, place: str) -> dict[str, object]:
    """One place's visitors (who came to learn from it), destinations (where it went) and topics over time.

    Returns {"visitors": [place, visits], "destinations": [place, visits],
    "topics_by_year": [year, topic, role ('host' | 'origin'), visits], "undated": int}; visits with no year are
    left out of topics_by_year and counted in "undated".
    """
    as_host = visits[_col(visits, "host_name") == place]
    as_origin = visits[_col(visits, "origin_name") == place]

    def _count(series: pd.Series) -> pd.DataFrame:
        c = series.dropna().value_counts()
        df = pd.DataFrame({"place": c.index, "visits": c.to_numpy(dtype="int64")})
        return df.sort_values(["visits", "place"], ascending=[False, True]).reset_index(drop=True)

    frames = []
    for role, part in (("host", as_host), ("origin", as_origin)):
        ex = explode_topics(part)
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
        "undated": int(as_host["year"].isna().sum() + as_origin["year"].isna().sum()),
    }
