"""The learning network: who learns from whom, which places teach which topics, how far the learning travels.

Pure functions over a visits DataFrame (columns of etl.schema.VISITS). A place is its gazetteer name
(`origin_name` / `host_name`); a visit whose side has no name is left out of rankings and pairs and is
counted apart by `count_unnamed`, never folded into a zero.
"""

from __future__ import annotations

import ctypes
import itertools
import sys
from collections.abc import Iterable
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


# ------------------------------------------------------------------------------------------------ codes
# A million visits name a few hundred places, ~40 provinces and ~20 topics. Every measure below groups by integer
# codes of those values (pd.factorize, one hashing pass per column) and counts with numpy, instead of building or
# hashing a Python string per row; the values themselves are looked up once per distinct value.


def _codes(series: pd.Series, sort: bool = True) -> tuple[np.ndarray, pd.Index]:
    """(code per row, -1 where missing; the distinct values, sorted so code order is value order)."""
    codes, uniques = pd.factorize(series, sort=sort)
    return np.asarray(codes, dtype=np.int64), uniques


def _lookup(series: pd.Series, fn, missing, dtype) -> np.ndarray:
    """fn applied once per distinct value of series and spread back to every row; `missing` where it is NA."""
    codes, uniques = pd.factorize(series)
    table = np.array([fn(u) for u in uniques] + [missing], dtype=dtype)
    return table[codes]


def _first_rows(groups: np.ndarray, valid: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group code, the position of its first row where `valid` (-1 when none): what groupby().first() picks."""
    pos = np.flatnonzero(valid & (groups >= 0))
    first = np.full(n_groups, len(groups), dtype=np.int64)
    np.minimum.at(first, groups[pos], pos)
    first[first == len(groups)] = -1
    return first


def _take(series: pd.Series, rows: np.ndarray) -> pd.Series:
    """series' values at positions `rows` (-1 gives a missing value), same dtype, fresh RangeIndex."""
    return pd.Series(series.array.take(rows, allow_fill=True), name=series.name)


def _count_keys(keys: np.ndarray, space: int, inverse: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(distinct keys ascending, their counts, each key's position among them when asked) for integer keys in
    [0, space). A bincount when the key space is small (place x place, place x topic), else a sort.
    """
    if space <= 4 * len(keys) + (1 << 20):
        counts = np.bincount(keys, minlength=space)
        present = counts > 0
        where = (np.cumsum(present) - 1)[keys] if inverse else None
        return np.flatnonzero(present), counts[present], where
    if inverse:
        uniq, where, counts = np.unique(keys, return_inverse=True, return_counts=True)
        return uniq, counts, where.reshape(-1)
    uniq, counts = np.unique(keys, return_counts=True)
    return uniq, counts, None


def _n_distinct_sorted(values: np.ndarray) -> int:
    """Distinct values of a non-decreasing array (np.unique's hash path is slow on a million of them)."""
    return int(len(values) > 0) + int(np.count_nonzero(np.diff(values)))


def _sorted_names(names: list) -> tuple[np.ndarray, np.ndarray]:
    """(names sorted as an object array, new position of each old code)."""
    order = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    return np.array([names[i] for i in order], dtype=object), rank


# ------------------------------------------------------------------------------------------------ scopes
_PROVINCES: tuple[str, ...] = tuple(PROVINCE_GROUP)  # west to east
_PROVINCE_INDEX = {p: i for i, p in enumerate(_PROVINCES)}
_GROUP_OF = np.array([ISLAND_GROUPS.index(PROVINCE_GROUP[p]) for p in _PROVINCES] + [-1], dtype=np.int64)
_JAWA = ISLAND_GROUPS.index("Jawa")
_SCOPE_CODE = {s: i for i, s in enumerate(SCOPES)}


def _level_kind(level: object) -> int:
    if level in _NO_PLACE_LEVELS:
        return 1
    return 2 if level == "foreign" else 3 if level == "national" else 0


def _level_kinds(level: pd.Series) -> np.ndarray:
    """_level_kind of every row (1 where missing): three comparisons, cheaper than hashing every level."""
    def _is(value: str) -> np.ndarray:
        return level.eq(value).to_numpy(dtype=bool, na_value=False)

    kinds = np.zeros(len(level), dtype=np.int8)
    kinds[_is("national")] = 3
    kinds[_is("foreign")] = 2
    kinds[level.isna().to_numpy(dtype=bool)] = 1
    for value in _NO_PLACE_LEVELS:
        kinds[_is(value)] = 1
    return kinds


def _province_codes(series: pd.Series) -> np.ndarray:
    """Index of each row's canonical province in PROVINCE_GROUP (-1 when missing or not one of the 38)."""
    return _lookup(series, lambda u: _PROVINCE_INDEX.get(to_province(u), -1), -1, np.int64)


def _provinces(visits: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return _province_codes(_col(visits, "origin_province")), _province_codes(_col(visits, "host_province"))


def _scope_codes(visits: pd.DataFrame, provinces: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Code (index into SCOPES) of every visit's scope; the rules of `to_scope`, earlier rules winning."""
    o_level, h_level = _col(visits, "origin_level"), _col(visits, "host_level")
    o_prov, h_prov = provinces if provinces is not None else _provinces(visits)
    o_group, h_group = _GROUP_OF[o_prov], _GROUP_OF[h_prov]
    out = np.full(len(visits), _SCOPE_CODE["other_island"], dtype=np.int8)
    # Lowest priority first: each later assignment overrides, as np.select's earlier conditions would.
    out[h_group == _JAWA] = _SCOPE_CODE["to_java"]
    out[o_group == h_group] = _SCOPE_CODE["within_island"]
    out[o_prov == h_prov] = _SCOPE_CODE["within_province"]
    out[(o_prov < 0) | (h_prov < 0)] = _SCOPE_CODE["unresolved"]
    # A side's level, looked up once per distinct value: 0 a place, 1 none (missing or unknown), 2 foreign,
    # 3 national.
    o_kind, h_kind = _level_kinds(o_level), _level_kinds(h_level)
    out[(o_kind == 3) | (h_kind == 3)] = _SCOPE_CODE["national"]
    out[(o_kind == 2) | (h_kind == 2)] = _SCOPE_CODE["foreign"]
    unresolved = (
        (o_kind == 1) | (h_kind == 1)
        | _col(visits, "origin_resolution").eq("unresolved").fillna(False).to_numpy(dtype=bool)
        | _col(visits, "host_resolution").eq("unresolved").fillna(False).to_numpy(dtype=bool)
    )
    out[unresolved] = _SCOPE_CODE["unresolved"]
    return out


def to_scopes(visits: pd.DataFrame) -> pd.Series:
    """The scope of every visit (same index as `visits`); vectorised, same rules as `to_scope`."""
    return pd.Series(np.array(SCOPES, dtype=object)[_scope_codes(visits)], index=visits.index, dtype=object)


def _count_scopes(codes: np.ndarray) -> pd.DataFrame:
    counts = np.bincount(codes, minlength=len(SCOPES))
    rows = [{"scope": s, "visits": int(counts[i])} for i, s in enumerate(SCOPES)]
    regional_total = sum(r["visits"] for r in rows if r["scope"] in REGIONAL_SCOPES)
    for r in rows:
        if r["scope"] in REGIONAL_SCOPES and regional_total:
            r["share"] = r["visits"] / regional_total
        else:
            r["share"] = float("nan")
    return pd.DataFrame(rows, columns=["scope", "visits", "share"])


def count_scopes(visits: pd.DataFrame) -> pd.DataFrame:
    """Visits per scope, with each regional scope's share of regional visits (apart scopes have no share).

    Columns: scope, visits, share (0..1, NaN for national/foreign/unresolved, and for all when no regional visit).
    """
    return _count_scopes(_scope_codes(visits))


def _province_matrix(scope_codes: np.ndarray, provinces: tuple[np.ndarray, np.ndarray]) -> pd.DataFrame:
    regional = scope_codes < len(REGIONAL_SCOPES)  # REGIONAL_SCOPES come first in SCOPES
    if not regional.any():
        return pd.DataFrame(dtype="int64")
    n = len(_PROVINCES)
    o, h = provinces[0][regional], provinces[1][regional]
    counts = np.bincount(o * n + h, minlength=n * n).reshape(n, n)
    rows, cols = np.flatnonzero(np.bincount(o, minlength=n)), np.flatnonzero(np.bincount(h, minlength=n))
    return pd.DataFrame(
        counts[np.ix_(rows, cols)].astype("int64"),
        index=pd.Index([_PROVINCES[i] for i in rows], name="origin_province"),
        columns=pd.Index([_PROVINCES[i] for i in cols], name="host_province"),
    )


def to_province_matrix(visits: pd.DataFrame) -> pd.DataFrame:
    """Regional visits counted by origin province (rows) x host province (columns), west to east.

    Only provinces that appear are kept; national, foreign and unresolved visits are left out (see count_scopes).
    """
    provinces = _provinces(visits)
    return _province_matrix(_scope_codes(visits, provinces), provinces)


# ------------------------------------------------------------------------------------------------ topics


def count_unnamed(visits: pd.DataFrame) -> dict[str, int]:
    """Visits whose origin, host, or either side has no place name (kept out of rankings and pairs)."""
    o = _col(visits, "origin_name").isna()
    h = _col(visits, "host_name").isna()
    return {"origin": int(o.sum()), "host": int(h.sum()), "either": int((o | h).sum())}


_LIST_TYPES = (list, tuple, np.ndarray)


def _topic_arrays(topics: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row position, topic) for every topic of every visit, the general path (any value `to_topics` reads)."""
    lists = [v if isinstance(v, _LIST_TYPES) else to_topics(v) for v in topics]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    take = np.repeat(np.arange(len(lists)), lengths)
    flat = np.fromiter(itertools.chain.from_iterable(lists), dtype=object, count=int(lengths.sum()))
    keep = ~pd.isna(flat)  # a null inside a list is no topic
    return take[keep], flat[keep]


def _distinct_topic_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, list]:
    """(row position, topic index, topic names) for a few distinct topic values; nulls in a list are none.

    Lists of strings go through Arrow (one C pass instead of a Python step per topic); anything else (a bare
    string, numbers) takes the general path of `to_topics`.
    """
    if set(map(type, values)) <= {list, tuple, np.ndarray, type(None)}:
        try:
            arr = pa.array(values, type=pa.list_(pa.string()), from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError):
            arr = None
        if arr is not None:
            flat = pc.list_flatten(arr)
            keep = flat.is_valid()
            rows = pc.list_parent_indices(arr).filter(keep).to_numpy(zero_copy_only=False)
            enc = flat.filter(keep).dictionary_encode()
            return rows, enc.indices.to_numpy(zero_copy_only=False), enc.dictionary.to_pylist()
    rows, flat_values = _topic_arrays(pd.Series(values, dtype=object))
    idx, uniques = pd.factorize(flat_values)
    return rows, idx, list(uniques)


def _object_ids(values: np.ndarray) -> np.ndarray:
    """id() of every element of an object array as int64. In CPython an id is the object's address, which is what
    an object array holds: read them straight from its buffer (1M visits: ~1 ms instead of ~55 ms through id())."""
    if (sys.implementation.name != "cpython" or values.dtype != object or not values.flags.c_contiguous
            or values.ndim != 1 or values.itemsize != 8 or not len(values)):
        return np.fromiter(map(id, values), dtype=np.int64, count=len(values))
    pointers = (ctypes.c_int64 * len(values)).from_address(values.ctypes.data)
    return np.frombuffer(pointers, dtype=np.int64).copy()  # a copy: `values` may go before the ids do


def _topic_sets(topics: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """(each row's list as a code among the distinct list objects, the (list code, topic code) of every topic of
    every distinct list in list order, topic names sorted, how many distinct lists); nulls in a list are none.

    Visits repeat a few topic combinations, and the loaded table shares one array object between the rows that
    hold equal lists: each distinct object is read once.
    """
    values = topics.to_numpy(dtype=object)
    n = len(values)
    # Group rows by the identity of their value (the frame keeps every object alive, so ids are unique).
    which, distinct_ids = pd.factorize(_object_ids(values))
    some_row = np.empty(len(distinct_ids), dtype=np.int64)
    some_row[which] = np.arange(n)
    d_rows, d_idx, names = _distinct_topic_codes(values[some_row])
    sorted_names, rank = _sorted_names(names)
    d_topics = rank[np.asarray(d_idx, dtype=np.int64)] if len(d_idx) else np.zeros(0, dtype=np.int64)
    return np.asarray(which, dtype=np.int64), np.asarray(d_rows, dtype=np.int64), d_topics, sorted_names, \
        len(distinct_ids)


def _topic_codes(topics: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row position, topic code, topic names sorted) for every topic of every visit; nulls in a list are none."""
    return _spread_topic_sets(*_topic_sets(topics))


def _spread_topic_sets(which: np.ndarray, d_rows: np.ndarray, d_topics: np.ndarray, names: np.ndarray,
                       n_lists: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (row position, topic code, names) entries of rows whose lists are `which` (see _topic_sets)."""
    n = len(which)
    d_lengths = np.bincount(d_rows, minlength=n_lists)
    d_starts = np.cumsum(d_lengths) - d_lengths  # the flat topics of one distinct value are contiguous
    lengths = d_lengths[which]
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    within = np.arange(len(rows), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    flat = np.repeat(d_starts[which], lengths) + within
    return rows, d_topics[flat], names


def explode_topics(visits: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per (visit, topic) with the given columns (default all) and `topic`; visits without a topic are
    dropped (count them with `count_untopiced`)."""
    cols = [c for c in (columns if columns is not None else visits.columns) if c != "topics"]
    if "topics" not in visits.columns or visits.empty:
        return pd.DataFrame({**{c: pd.Series(dtype=object) for c in cols}, "topic": pd.Series(dtype=object)})
    take, codes, names = _topic_codes(visits["topics"])
    out = {c: _col(visits, c).iloc[take].reset_index(drop=True) for c in cols}
    out["topic"] = pd.Series(names[codes], dtype=object)
    return pd.DataFrame(out)


def _count_topics(topics: tuple[np.ndarray, np.ndarray, np.ndarray] | None) -> list[tuple[str, int]]:
    if topics is None:
        return []
    _, codes, names = topics
    counts = np.bincount(codes, minlength=len(names))
    order = np.argsort(-counts, kind="stable")  # names are sorted: ties stay in topic order
    return [(names[i], int(counts[i])) for i in order if counts[i]]


def count_topics(visits: pd.DataFrame) -> list[tuple[str, int]]:
    """(topic, visits) for every topic of the visits, most frequent first, ties by topic."""
    return _count_topics(_View(visits).topics)


def count_untopiced(visits: pd.DataFrame) -> int:
    """Visits whose topic is unknown."""
    if "topics" not in visits.columns:
        return len(visits)
    topics = _View(visits).topics
    return len(visits) - (_n_distinct_sorted(topics[0]) if topics is not None else 0)


# ------------------------------------------------------------------------------------------------ the network


class NetworkView:
    """One visits frame and what several measures share, each computed on first use and then reused.

    `select(positions)` gives the view of some of these visits that reuses these per-row codes instead of hashing
    every name and province again (at 1M visits a new filtered view then costs array takes, not string work):

    >>> full = NetworkView(visits)                       # doctest: +SKIP
    >>> measure_links(full.select(np.flatnonzero(mask)))  # doctest: +SKIP
    """

    def __init__(self, visits: pd.DataFrame) -> None:
        self.visits = visits
        self._notna: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.visits)

    def warm(self) -> None:
        """Work out the per-row codes the first tab reads (origin, host, provinces, scopes, topic lists, distances),
        e.g. in a worker thread while the page draws its sidebar. An error is left for the reader to meet again."""
        try:
            for name in ("origin", "host", "topic_sets", "provinces", "scopes", "distance"):
                getattr(self, name)
            for name in ("origin_province", "origin_level", "host_province", "host_level"):
                self.notna(name)
        except Exception:  # noqa: BLE001 - not cached: whoever asks next computes it and sees the error
            return

    def select(self, positions: np.ndarray) -> NetworkView:
        """The view of the visits at these row positions (ascending, no repeats), sharing this view's codes."""
        return _Selection(self, np.asarray(positions, dtype=np.int64))

    def notna(self, name: str) -> np.ndarray:
        """Where column `name` has a value (all False when the frame lacks it)."""
        if name not in self._notna:
            self._notna[name] = _col(self.visits, name).notna().to_numpy(dtype=bool)
        return self._notna[name]

    def values(self, name: str, rows: np.ndarray) -> pd.Series:
        """Column `name` at these row positions (-1 gives a missing value), same dtype, fresh RangeIndex."""
        return _take(_col(self.visits, name), rows)

    @cached_property
    def origin(self) -> tuple[np.ndarray, pd.Index]:
        return _codes(_col(self.visits, "origin_name"))

    @cached_property
    def host(self) -> tuple[np.ndarray, pd.Index]:
        return _codes(_col(self.visits, "host_name"))

    @cached_property
    def topic_sets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int] | None:
        """Each row's topic list as a code among the distinct lists, and those lists' topics (see _topic_sets)."""
        if "topics" not in self.visits.columns or self.visits.empty:
            return None
        return _topic_sets(self.visits["topics"])

    @cached_property
    def topics(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """(row position, topic code, topic names sorted) for every topic of every row."""
        sets = self.topic_sets
        return None if sets is None else _spread_topic_sets(*sets)

    @cached_property
    def provinces(self) -> tuple[np.ndarray, np.ndarray]:
        return _provinces(self.visits)

    @cached_property
    def scopes(self) -> np.ndarray:
        return _scope_codes(self.visits, self.provinces)

    @cached_property
    def distance(self) -> np.ndarray:
        """distance_km as float64 (NaN where unknown or not a number)."""
        return pd.to_numeric(_col(self.visits, "distance_km"), errors="coerce").astype("float64").to_numpy()

    @cached_property
    def pair_counts(self) -> np.ndarray | None:
        """Visits per (origin code, host code) as a dense matrix; None when there are too many names for one."""
        (o, o_names), (h, h_names) = self.origin, self.host
        n_o, n_h = len(o_names), len(h_names)
        if n_o * n_h > _PAIR_CELLS:
            return None
        both = (o >= 0) & (h >= 0)
        return np.bincount(o[both] * n_h + h[both], minlength=n_o * n_h).reshape(n_o, n_h)

    @cached_property
    def pairs(self) -> pd.DataFrame:
        return _count_pairs(self)


# A dense (origin, host) or (place, place) count matrix up to this many cells (a few hundred places each side: ~0.4M
# at 1M visits), else the pairs that occur are counted by sorting.
_PAIR_CELLS = 1 << 22


def _compact(codes: np.ndarray, names):
    """Codes renumbered over the names that occur, and those names (in their order): what factorizing only these
    rows gives when `names` are sorted."""
    known = codes >= 0
    present = np.bincount(codes[known], minlength=len(names)) > 0
    if present.all():
        return codes, names
    new = np.cumsum(present) - 1
    return np.where(known, new[np.maximum(codes, 0)], -1), names[present]


class _Selection(NetworkView):
    """Some rows of a NetworkView: every per-row array is the full one's, taken at those rows."""

    def __init__(self, full: NetworkView, positions: np.ndarray) -> None:
        if isinstance(full, _Selection):  # a selection of a selection: positions into the full view
            full, positions = full.full, full.positions[positions]
        self.full = full
        self.positions = positions
        self._notna = {}

    def __len__(self) -> int:
        return len(self.positions)

    @property
    def visits(self) -> pd.DataFrame:
        raise AttributeError("a selection reads its rows through the full view")

    def notna(self, name: str) -> np.ndarray:
        if name not in self._notna:
            self._notna[name] = self.full.notna(name)[self.positions]
        return self._notna[name]

    def values(self, name: str, rows: np.ndarray) -> pd.Series:
        rows = np.asarray(rows, dtype=np.int64)
        return self.full.values(name, np.where(rows >= 0, self.positions[np.maximum(rows, 0)], -1))

    @cached_property
    def origin(self) -> tuple[np.ndarray, pd.Index]:
        codes, names = self.full.origin
        return _compact(codes[self.positions], names)

    @cached_property
    def host(self) -> tuple[np.ndarray, pd.Index]:
        codes, names = self.full.host
        return _compact(codes[self.positions], names)

    @cached_property
    def topic_sets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int] | None:
        full = self.full.topic_sets
        if full is None or not len(self.positions):
            return None
        which, *lists = full
        return (which[self.positions], *lists)

    @cached_property
    def topics(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        full = self.full.topics
        if full is None or not len(self.positions):
            return None
        rows, codes, names = full
        inverse = np.full(len(self.full), -1, dtype=np.int64)
        inverse[self.positions] = np.arange(len(self.positions), dtype=np.int64)
        at = inverse[rows]
        keep = at >= 0
        rows, codes = at[keep], codes[keep]
        if len(rows) > 1 and (np.diff(rows) < 0).any():  # positions not ascending: rows in the selection's order
            order = np.argsort(rows, kind="stable")
            rows, codes = rows[order], codes[order]
        codes, names = _compact(codes, names)
        return rows, codes, names

    @cached_property
    def provinces(self) -> tuple[np.ndarray, np.ndarray]:
        o, h = self.full.provinces
        return o[self.positions], h[self.positions]

    @cached_property
    def scopes(self) -> np.ndarray:
        return self.full.scopes[self.positions]

    @cached_property
    def distance(self) -> np.ndarray:
        return self.full.distance[self.positions]


_View = NetworkView


def _rank(view: _View, side: str, other: str) -> tuple[pd.DataFrame, np.ndarray]:
    """The columns both rankings share, one row per named place on `side` (in code order), and the row codes."""
    codes, names = view.origin if side == "origin" else view.host
    other_codes, other_names = view.origin if other == "origin" else view.host
    n = len(names)
    named = codes >= 0
    both = named & (other_codes >= 0)
    m = len(other_names)
    matrix = view.pair_counts
    if matrix is not None:
        per_place = matrix if side == "origin" else matrix.T
        distinct, repeat = (per_place > 0).sum(axis=1), (per_place > 1).sum(axis=1)
    else:
        pair_keys, pair_counts, _ = _count_keys(codes[both] * m + other_codes[both], n * m)
        pair_place = pair_keys // max(m, 1)
        distinct = np.bincount(pair_place, minlength=n)
        repeat = np.bincount(pair_place[pair_counts > 1], minlength=n)
    out = pd.DataFrame({
        "province": view.values(f"{side}_province", _first_rows(codes, view.notna(f"{side}_province"), n)).array,
        "level": view.values(f"{side}_level", _first_rows(codes, view.notna(f"{side}_level"), n)).array,
        "visits": np.bincount(codes[named], minlength=n),
        "distinct": distinct,
        "repeat": repeat,
    }, index=names)
    return out, codes


def _sorted(out: pd.DataFrame, second: str, top: int | None) -> pd.DataFrame:
    out = out.sort_values(["visits", second, "place"], ascending=[False, False, True], kind="stable")
    out = out.reset_index(drop=True)
    return out.head(top) if top else out


# Above this many (place, distinct topic list) cells, places' topics are counted topic by topic instead.
_PLACE_LIST_CELLS = 1 << 22


def _count_place_topics(view: NetworkView, codes: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(place * len(names) + topic for every pair that occurs, ascending; its visits; topic names) over the rows
    whose place code (`codes`, n places) is known; None when the visits have no topics column or no row.

    Rows share a few distinct topic lists: count (place, list) pairs, then add up each topic's lists, instead of
    making one entry per topic of every visit."""
    sets = view.topic_sets
    if sets is None:
        return None
    which, d_rows, d_topics, names, n_lists = sets
    if n * n_lists > _PLACE_LIST_CELLS:
        rows, topic_codes, names = view.topics
        n_topics = max(len(names), 1)
        place = codes[rows]
        keep = place >= 0
        keys, counts, _ = _count_keys(place[keep] * n_topics + topic_codes[keep], n * n_topics)
        return keys, counts, names
    n_topics = max(len(names), 1)
    known = codes >= 0
    # Lists as rows: a topic's lists are then whole rows to add up.
    per_list = np.bincount(which[known] * n + codes[known], minlength=n_lists * n).reshape(n_lists, n)
    counts = np.zeros((n, n_topics), dtype=np.int64)
    # Each topic's count per place: the sum of the counts of the lists that hold it (a list may hold it twice).
    order = np.argsort(d_topics, kind="stable")
    lists, bounds = d_rows[order], np.searchsorted(d_topics[order], np.arange(len(names) + 1))
    for topic in range(len(names)):
        counts[:, topic] = per_list[lists[bounds[topic]:bounds[topic + 1]]].sum(axis=0)
    flat = counts.ravel()
    keys = np.flatnonzero(flat)
    return keys, flat[keys], names


def _rank_hosts(view: _View, top: int | None = None) -> pd.DataFrame:
    cols = ["place", "province", "level", "visits", "visitors", "repeat_visitors", "n_topics", "topics"]
    if not (view.host[0] >= 0).any():
        return pd.DataFrame(columns=cols)
    out, codes = _rank(view, "host", "origin")
    out = out.rename(columns={"distinct": "visitors", "repeat": "repeat_visitors"})
    # Each host's topics, most taught first, ties by slug: count (host, topic) pairs, sort, cut per host.
    n = len(out)
    lists: list[list[str]] = [[] for _ in range(n)]
    counted = _count_place_topics(view, codes, n)
    if counted is not None:
        keys, counts, names = counted
        n_topics = max(len(names), 1)
        place, topic = keys // n_topics, keys % n_topics
        order = np.lexsort((topic, -counts, place))
        place, topic = place[order], topic[order]
        bounds = np.flatnonzero(np.diff(place)) + 1
        for part_place, part_topics in zip(np.split(place, bounds), np.split(topic, bounds), strict=True):
            if len(part_place):
                lists[int(part_place[0])] = names[part_topics].tolist()
    out["topics"] = lists
    out["n_topics"] = out["topics"].map(len)
    out = out.rename_axis("place").reset_index()
    out = out.astype({"visits": "int64", "visitors": "int64", "repeat_visitors": "int64", "n_topics": "int64"})
    return _sorted(out, "visitors", top)[cols]


def rank_hosts(visits: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Hosts ranked by visits received, then distinct visitors.

    Columns: place, province, level, visits, visitors (distinct named origins), repeat_visitors (origins that
    came more than once), n_topics, topics (slugs, most taught first).
    """
    return _rank_hosts(_View(visits), top)


def _rank_visitors(view: _View, top: int | None = None) -> pd.DataFrame:
    cols = ["place", "province", "level", "visits", "hosts", "repeat_hosts", "km_travelled", "km_unknown"]
    if not (view.origin[0] >= 0).any():
        return pd.DataFrame(columns=cols)
    out, codes = _rank(view, "origin", "host")
    out = out.rename(columns={"distinct": "hosts", "repeat": "repeat_hosts"})
    named = codes >= 0
    dist = view.distance[named]
    by = codes[named]
    # pandas' grouped sum (compensated, row order kept) so the totals are the same to the last digit.
    km = pd.Series(dist).groupby(by).sum(min_count=1).reindex(range(len(out)))
    out["km_travelled"] = 2 * km.to_numpy()
    out["km_unknown"] = np.bincount(by[np.isnan(dist)], minlength=len(out)).astype("int64")
    out = out.rename_axis("place").reset_index()
    out = out.astype({"visits": "int64", "hosts": "int64", "repeat_hosts": "int64"})
    return _sorted(out, "hosts", top)[cols]


def rank_visitors(visits: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Visitors ranked by visits made, then distinct hosts.

    Columns: place, province, level, visits, hosts (distinct named hosts), repeat_hosts (hosts visited more than
    once), km_travelled (round trips, 2 x distance_km, over visits with a known distance; NaN when none is known),
    km_unknown (visits whose distance is unknown and so not in km_travelled).
    """
    return _rank_visitors(_View(visits), top)


def _count_pairs(view: _View) -> pd.DataFrame:
    (o, o_names), (h, h_names) = view.origin, view.host
    both = (o >= 0) & (h >= 0)
    if not both.any():
        return pd.DataFrame({"origin": [], "host": [], "visits": []}).astype({"visits": "int64"})
    matrix = view.pair_counts
    if matrix is not None:
        flat = matrix.ravel()
        keys = np.flatnonzero(flat)  # origin * len(h_names) + host, ascending
        counts = flat[keys]
    else:
        keys, counts, _ = _count_keys(o[both] * len(h_names) + h[both], len(o_names) * len(h_names))
    order = np.argsort(-counts, kind="stable")  # most visits first; ties keep origin, host order
    keys, counts = keys[order], counts[order]
    return pd.DataFrame({
        "origin": o_names.take(keys // len(h_names)), "host": h_names.take(keys % len(h_names)),
        "visits": counts.astype("int64"),
    })


def count_pairs(visits: pd.DataFrame) -> pd.DataFrame:
    """Visits per (origin, host) pair of named places. Columns: origin, host, visits."""
    return _count_pairs(_View(visits))


def find_repeat_pairs(visits: pd.DataFrame) -> pd.DataFrame:
    """Pairs where the same origin visited the same host more than once. Columns: origin, host, visits."""
    return _repeat_pairs(count_pairs(visits))


def _repeat_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    return pairs[pairs["visits"] > 1].reset_index(drop=True)


def _reciprocal_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    cols = ["place_a", "place_b", "a_to_b", "b_to_a"]
    # One vocabulary for both sides, sorted, so "A before B" is a comparison of codes.
    o_codes, o_names = pd.factorize(pairs["origin"])
    h_codes, h_names = pd.factorize(pairs["host"])
    names = o_names.append(h_names).unique().sort_values()
    a = names.get_indexer(o_names)[o_codes].astype(np.int64)
    b = names.get_indexer(h_names)[h_codes].astype(np.int64)
    n = len(names)
    keys = a * n + b
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    back = np.searchsorted(sorted_keys, b * n + a)
    found = back < len(keys)
    found[found] = sorted_keys[back[found]] == (b * n + a)[found]
    both = np.flatnonzero(found & (a < b))
    if not len(both):
        # The shape and dtypes the merge gives when no pair goes both ways.
        back_frame = pairs.iloc[:0].rename(columns={"origin": "host", "host": "origin", "visits": "b_to_a"})
        out = pairs.iloc[:0].merge(back_frame, on=["origin", "host"])
        return out.rename(columns={"origin": "place_a", "host": "place_b", "visits": "a_to_b"})[cols]
    a_to_b = pairs["visits"].to_numpy()[both]
    b_to_a = pairs["visits"].to_numpy()[order[back[both]]]
    # Most visits both ways first, then A, then B (codes follow the sorted names).
    rank = np.lexsort((b[both], a[both], -(a_to_b + b_to_a)))
    both = both[rank]
    return pd.DataFrame({
        "place_a": pairs["origin"].array.take(both), "place_b": pairs["host"].array.take(both),
        "a_to_b": a_to_b[rank].astype("int64"), "b_to_a": b_to_a[rank].astype("int64"),
    })[cols]


def _reciprocal_of_view(view: NetworkView) -> pd.DataFrame:
    """_reciprocal_pairs(view.pairs), read from the dense pair matrix when there is one."""
    matrix = view.pair_counts
    (_, o_names), (_, h_names) = view.origin, view.host
    names = o_names.append(h_names).unique().sort_values()  # one sorted vocabulary: "A before B" compares codes
    n = len(names)
    if matrix is None or n * n > _PAIR_CELLS or not matrix.any():
        return _reciprocal_pairs(view.pairs)
    square = np.zeros((n, n), dtype=np.int64)
    square[np.ix_(names.get_indexer(o_names), names.get_indexer(h_names))] = matrix
    a, b = np.nonzero(np.triu((square > 0) & (square.T > 0), 1))
    if not len(a):
        return _reciprocal_pairs(view.pairs)  # the empty frame, shaped as the merge gives it
    a_to_b, b_to_a = square[a, b], square[b, a]
    # Most visits both ways first, then A, then B (codes follow the sorted names).
    rank = np.lexsort((b, a, -(a_to_b + b_to_a)))
    return pd.DataFrame({
        "place_a": names.take(a[rank]), "place_b": names.take(b[rank]),
        "a_to_b": a_to_b[rank].astype("int64"), "b_to_a": b_to_a[rank].astype("int64"),
    })


def find_reciprocal_pairs(visits: pd.DataFrame) -> pd.DataFrame:
    """Pairs of places that visited each other (A -> B and B -> A), each pair once with A before B.

    Columns: place_a, place_b, a_to_b, b_to_a (visit counts each way).
    """
    return _reciprocal_pairs(count_pairs(visits))


def _topic_hubs(view: _View, top: int) -> pd.DataFrame:
    cols = ["topic", "rank", "place", "province", "visits", "share"]
    codes, names = view.host
    if view.topics is None:
        return pd.DataFrame(columns=cols)
    rows, topic_codes, topic_names = view.topics
    host = codes[rows]
    keep = host >= 0
    if not keep.any():
        return pd.DataFrame(columns=cols)
    rows, host, topic_codes = rows[keep], host[keep], topic_codes[keep]
    n = len(names)
    keys = topic_codes * n + host
    uniq, counts, inverse = _count_keys(keys, len(topic_names) * n, inverse=True)
    # The province of each (topic, host): its first row with one, as groupby().first() gives.
    has_province = view.notna("host_province")[rows]
    first = _first_rows(inverse, has_province, len(uniq))
    first_visit = np.where(first >= 0, rows[np.maximum(first, 0)], -1)
    topic, place = uniq // n, uniq % n
    totals = np.bincount(topic, weights=counts, minlength=len(topic_names)).astype(np.int64)[topic]
    # Topics by their visits (then slug), hosts within a topic by visits (then name).
    order = np.lexsort((place, -counts, topic, -totals))
    topic, place, counts, totals, first_visit = (x[order] for x in (topic, place, counts, totals, first_visit))
    starts = np.r_[0, np.flatnonzero(np.diff(topic)) + 1]
    rank = np.arange(len(topic)) - np.repeat(starts, np.diff(np.r_[starts, len(topic)])) + 1
    sel = rank <= top
    return pd.DataFrame({
        "topic": topic_names[topic[sel]], "rank": rank[sel].astype("int64"), "place": names.take(place[sel]),
        "province": view.values("host_province", first_visit[sel]).array, "visits": counts[sel].astype("int64"),
        "share": counts[sel] / totals[sel],
    })[cols]


def find_topic_hubs(visits: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The best-practice hubs of each topic: the hosts that received most visits on it.

    Columns: topic, rank (1 = most visited), place, province, visits, share (of that topic's visits with a named
    host). Topics are ordered by their number of visits; ties between hosts go alphabetically.
    """
    return _topic_hubs(_View(visits), top)


def _list_places(view: _View) -> list[str]:
    (o, o_names), (h, h_names) = view.origin, view.host
    names = o_names.append(h_names).unique().sort_values()
    counts = np.zeros(len(names), dtype=np.int64)
    if len(o_names):
        counts += np.bincount(names.get_indexer(o_names)[o[o >= 0]], minlength=len(names))
    if len(h_names):
        counts += np.bincount(names.get_indexer(h_names)[h[h >= 0]], minlength=len(names))
    return names[np.argsort(-counts, kind="stable")].tolist()  # ties stay in name order


def list_places(visits: pd.DataFrame | NetworkView) -> list[str]:
    """Every named place, most involved (as origin or host) first."""
    return _list_places(visits if isinstance(visits, NetworkView) else NetworkView(visits))


def measure_links(view: NetworkView) -> dict[str, object]:
    """The measures of who learns from whom (the page's first tab), sharing the codes they need.

    Keys: unnamed, hosts, visitors, repeat, reciprocal, scopes, matrix; each the same as the public function of
    that name (count_unnamed, rank_hosts, rank_visitors, find_repeat_pairs, find_reciprocal_pairs, count_scopes,
    to_province_matrix).
    """
    o, h = view.origin[0] < 0, view.host[0] < 0
    return {
        "unnamed": {"origin": int(o.sum()), "host": int(h.sum()), "either": int((o | h).sum())},
        "hosts": _rank_hosts(view),
        "visitors": _rank_visitors(view),
        "repeat": _repeat_pairs(view.pairs),
        "reciprocal": _reciprocal_of_view(view),
        "scopes": _count_scopes(view.scopes),
        "matrix": _province_matrix(view.scopes, view.provinces),
    }


def measure_topics(view: NetworkView, hubs: int = 10) -> dict[str, object]:
    """The topic measures: hubs (top `hubs` hosts per topic), topics (count_topics), untopiced (count_untopiced)."""
    topics = view.topics
    return {
        "hubs": _topic_hubs(view, hubs),
        "topics": _count_topics(topics),
        "untopiced": len(view) - (_n_distinct_sorted(topics[0]) if topics is not None else 0),
    }


def measure_network(visits: pd.DataFrame, hubs: int = 10) -> dict[str, object]:
    """Every network measure of the Insights page in one pass, sharing the codes and topic lists they all need.

    Keys: those of measure_links and measure_topics, and places (list_places).
    """
    view = NetworkView(visits)
    return {**measure_links(view), **measure_topics(view, hubs), "places": _list_places(view)}


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
