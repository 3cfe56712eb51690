"""The Overview's numbers (pure): integer codes of the columns it reads, built once per visits table, then counted
for any set of rows.

A new view (a filter changed) used to turn half a million names into Arrow strings and number them again (0.4 s at
1M visits); now each column is numbered once per table (build_overview_codes, language-free), and a view is a
gather of its row positions plus np.bincount (milliseconds). What is shown depends on the language only through
the word for 'unknown', which can equal a real name and then counts with it: that merge is done per language on
the distinct labels, not per row.

    codes = build_overview_codes(visits)
    numbers = build_overview(codes, positions, visits, "id")   # positions: rows of visits, or None for all
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import taxonomy
from ui.export import latest_first_order, to_date_labels, to_day_numbers, to_place_labels, to_text_array
from ui.i18n import t

TOP_N = 10
UNDATED = -(2**31)  # to_day_numbers' mark for a visit without a date

# The columns build_overview_codes reads, and those the latest visits are labelled from.
CODE_COLUMNS = (
    "date", "date_precision", "origin_name", "origin_mention", "origin_institution", "origin_resolution",
    "host_name", "host_mention", "host_institution", "host_province", "host_resolution",
    "delegation_size", "delegation_min", "delegation_max", "distance_km",
)
RECENT_COLUMNS = ("date", "date_precision", "origin_name", "origin_mention", "origin_institution",
                  "host_name", "host_mention", "visit_type")


# ---- codes of one visits table --------------------------------------------------------------------


@dataclass(frozen=True)
class TextCodes:
    """A code per row and the distinct texts it points to; a null text stands for the language's 'unknown'."""

    codes: np.ndarray  # int32, one per row
    labels: pa.Array  # large_string, distinct (at most one null)

    def for_lang(self, lang: str) -> tuple[np.ndarray, pa.Array]:
        """(old code -> code, distinct labels) once the null is named t('unknown', lang); equal labels merge."""
        named = pc.fill_null(self.labels, pa.scalar(t("unknown", lang), self.labels.type)).dictionary_encode()
        return _indices(named), named.dictionary


def _indices(encoded: pa.DictionaryArray) -> np.ndarray:
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32)


def to_text_codes(values: pd.Series) -> TextCodes:
    """The distinct texts of a column (missing as one null entry) and a code per row.

    >>> c = to_text_codes(pd.Series(["b", None, "b"]))
    >>> c.codes.tolist(), c.labels.to_pylist()
    ([0, 1, 0], ['b', None])
    """
    encoded = to_text_array(values).cast(pa.large_string()).dictionary_encode(null_encoding="encode")
    return TextCodes(_indices(encoded), encoded.dictionary)


def to_place_codes(names: pd.Series, mentions: pd.Series) -> TextCodes:
    """ui.export.to_place_labels as codes, without a language: the name, else 'mention (?)', else null (unknown).

    Labels that come out equal share a code (a name written like an unresolved mention, say).

    >>> c = to_place_codes(pd.Series(["Kota A", "", None]), pd.Series([None, "Antah", None]))
    >>> [c.labels[int(i)].as_py() for i in c.codes]
    ['Kota A', 'Antah (?)', None]
    """
    name = to_text_array(names).dictionary_encode(null_encoding="encode")
    mention = to_text_array(mentions).dictionary_encode(null_encoding="encode")
    name_dict, mention_dict = name.dictionary, mention.dictionary
    name_ok = pc.fill_null(pc.greater(pc.binary_length(name_dict), 0), False).to_numpy(zero_copy_only=False)
    mention_ok = pc.fill_null(pc.greater(pc.binary_length(mention_dict), 0), False).to_numpy(zero_copy_only=False)
    # Label table: the names, then the mentions marked unresolved, then one null for 'unknown'.
    written = pc.binary_join_element_wise(mention_dict, pa.scalar(" (?)", mention_dict.type),
                                          pa.scalar("", mention_dict.type))
    table = pa.concat_arrays([name_dict.cast(pa.large_string()), written.cast(pa.large_string()),
                              pa.array([None], pa.large_string())])
    unknown = len(name_dict) + len(mention_dict)
    name_code, mention_code = _indices(name), _indices(mention)
    fallback = np.where(mention_ok[mention_code], len(name_dict) + mention_code, unknown)
    code = np.where(name_ok[name_code], name_code, fallback)
    # Entries no row points to as a label (empty names, null mentions) become nulls too: they share the unknown's code.
    usable = np.concatenate([name_ok, mention_ok, [False]])
    merged = pc.if_else(pa.array(usable), table, pa.scalar(None, pa.large_string())).dictionary_encode(
        null_encoding="encode")
    return TextCodes(_indices(merged)[code], merged.dictionary)


def _dense_codes(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(a code per row numbering the distinct keys, the distinct keys) for int keys in [0, size)."""
    if size <= 4 * len(key) + 1_000_000:
        present = np.zeros(size, dtype=bool)
        present[key] = True
        distinct = np.flatnonzero(present)
        number = np.zeros(size, dtype=np.int32)
        number[distinct] = np.arange(len(distinct), dtype=np.int32)
        return number[key], distinct
    distinct, code = np.unique(key, return_inverse=True)
    return code.astype(np.int32), distinct


PARTS = ("headline", "quality", "hosts", "routes", "recent")


@dataclass(frozen=True)
class OverviewCodes:
    """What the Overview counts, as arrays over the rows of one visits table (built once per data version).

    A part not asked of build_overview_codes is None (its columns were not read).
    """

    n: int
    size: np.ndarray | None = None  # float64 delegation_size, 0 when not given exactly (what the sum adds)
    size_kind: np.ndarray | None = None  # int8: 0 exact, 1 only a range, 2 none
    distance: np.ndarray | None = None  # float64, NaN when unknown
    visitor: TextCodes | None = None  # the visitor's institution, else its place name (null: neither)
    host_entity: TextCodes | None = None  # the same for the host
    flags: np.ndarray | None = None  # uint8 bits, see QUALITY_BITS
    origin: TextCodes | None = None  # place labels
    host: TextCodes | None = None
    province: TextCodes | None = None  # the host's province
    route: np.ndarray | None = None  # int32 per row: which (origin, host) code pair
    route_origin: np.ndarray | None = None  # per route: its origin code
    route_host: np.ndarray | None = None  # per route: its host code
    days: np.ndarray | None = None  # int64 days since 1970, UNDATED when no date
    _per_lang: dict = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def lang_codes(self, lang: str) -> LangCodes:
        """The language's labels for hosts and routes, worked out once per language."""
        with self._lock:
            found = self._per_lang.get(lang)
        if found is None:
            found = build_lang_codes(self, lang)
            with self._lock:
                found = self._per_lang.setdefault(lang, found)
        return found


# Bits of OverviewCodes.flags, in the order to_quality reports them.
QUALITY_BITS = ("unknown_dates", "partial_dates", "unresolved_origin", "unresolved_host")


def _unresolved(resolution: pd.Series) -> np.ndarray:
    return (resolution.fillna("unresolved") == "unresolved").to_numpy(dtype=bool)


def build_overview_codes(visits: pd.DataFrame, parts: tuple[str, ...] = PARTS) -> OverviewCodes:
    """Number the columns the Overview reads (~0.4 s for 1M visits), so that any view is counted in milliseconds."""
    out: dict = {"n": len(visits)}
    if "headline" in parts:
        size = pd.to_numeric(visits["delegation_size"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        has_range = (visits["delegation_min"].notna() | visits["delegation_max"].notna()).to_numpy(dtype=bool)
        out.update(
            size=np.where(np.isnan(size), 0.0, size), size_kind=np.where(np.isnan(size), np.where(has_range, 1, 2), 0).astype(np.int8),
            distance=pd.to_numeric(visits["distance_km"], errors="coerce").to_numpy(dtype=float, na_value=np.nan),
            visitor=_coalesced(visits["origin_institution"], visits["origin_name"]),
            host_entity=_coalesced(visits["host_institution"], visits["host_name"]),
        )
    if "quality" in parts or "recent" in parts:
        out["days"] = to_day_numbers(visits["date"])
    if "quality" in parts:
        precision = visits["date_precision"].fillna("unknown")
        # No date is a null day number: Arrow reads None, NaN and NaT as null (pandas' isna on 1M objects: 36 ms).
        out["flags"] = (
            ((out["days"] == UNDATED) | (precision == "unknown").to_numpy(dtype=bool)).astype(np.uint8)
            | (precision.isin(["month", "year"]).to_numpy(dtype=np.uint8) << 1)
            | (_unresolved(visits["origin_resolution"]).astype(np.uint8) << 2)
            | (_unresolved(visits["host_resolution"]).astype(np.uint8) << 3)
        )
    if "hosts" in parts or "routes" in parts:
        out["host"] = to_place_codes(visits["host_name"], visits["host_mention"])
    if "hosts" in parts:
        out["province"] = to_text_codes(visits["host_province"])
    if "routes" in parts:
        origin, host = to_place_codes(visits["origin_name"], visits["origin_mention"]), out["host"]
        width = max(len(host.labels), 1)
        route, pairs = _dense_codes(origin.codes.astype(np.int64) * width + host.codes, len(origin.labels) * width)
        out.update(origin=origin, route=route, route_origin=(pairs // width).astype(np.int32),
                   route_host=(pairs % width).astype(np.int32))
    return OverviewCodes(**out)


def _coalesced(first: pd.Series, fallback: pd.Series) -> TextCodes:
    merged = pc.coalesce(to_text_array(first), to_text_array(fallback)).cast(pa.large_string())
    encoded = merged.dictionary_encode(null_encoding="encode")
    return TextCodes(_indices(encoded), encoded.dictionary)


@dataclass(frozen=True)
class LangCodes:
    """One language's host and route labels over an OverviewCodes."""

    host_labels: pa.Array
    host_key: np.ndarray | None = None  # int64 per row: host label code * province_width + province label code
    province_width: int = 1
    province_labels: pa.Array | None = None
    route_text: np.ndarray | None = None  # int32 per route: its 'visitor → host' text code (equal texts share one)
    route_texts: pa.Array | None = None


def build_lang_codes(codes: OverviewCodes, lang: str) -> LangCodes:
    """The labels in one language: 'unknown' named, and labels or route texts that come out equal merged."""
    host_remap, host_labels = codes.host.for_lang(lang)
    out: dict = {"host_labels": host_labels}
    if codes.province is not None:
        province_remap, province_labels = codes.province.for_lang(lang)
        width = max(len(province_labels), 1)
        out.update(host_key=host_remap[codes.host.codes].astype(np.int64) * width + province_remap[codes.province.codes],
                   province_width=width, province_labels=province_labels)
    if codes.route is not None:
        origin_remap, origin_labels = codes.origin.for_lang(lang)
        text = pc.binary_join_element_wise(
            origin_labels.take(pa.array(origin_remap[codes.route_origin])),
            host_labels.take(pa.array(host_remap[codes.route_host])),
            pa.scalar(" → ", origin_labels.type)).dictionary_encode()
        out.update(route_text=_indices(text), route_texts=text.dictionary)
    return LangCodes(**out)


# ---- the numbers of one view ------------------------------------------------------------------------


def _rows(values: np.ndarray, positions: np.ndarray | None) -> np.ndarray:
    return values if positions is None else values[positions]


def _distinct(codes: TextCodes, positions: np.ndarray | None) -> int:
    """How many distinct non-null texts the rows hold."""
    seen = np.zeros(len(codes.labels), dtype=bool)
    seen[_rows(codes.codes, positions)] = True
    seen &= pc.is_valid(codes.labels).to_numpy(zero_copy_only=False)
    return int(np.count_nonzero(seen))


def to_headline(codes: OverviewCodes, positions: np.ndarray | None = None) -> dict[str, float | int | None]:
    """Headline numbers of the rows; sizes given only as a range or not at all are counted apart."""
    size = _rows(codes.size, positions)
    kinds = np.bincount(_rows(codes.size_kind, positions), minlength=3)
    distance = _rows(codes.distance, positions)
    known = distance[~np.isnan(distance)]
    return {
        "visits": codes.n if positions is None else len(positions),
        "delegates": int(size.sum()),
        "size_exact": int(kinds[0]),
        "size_range": int(kinds[1]),
        "size_unknown": int(kinds[2]),
        "visitors": _distinct(codes.visitor, positions),
        "hosts": _distinct(codes.host_entity, positions),
        "median_km": float(np.median(known)) if len(known) else None,
        "no_distance": int(len(distance) - len(known)),
    }


def to_quality(codes: OverviewCodes, positions: np.ndarray | None = None) -> dict[str, int]:
    """How many of the rows lack a date, have only a month/year, or have a place that could not be located."""
    counts = np.bincount(_rows(codes.flags, positions), minlength=16)
    return {name: int(counts[(np.arange(16) >> bit) & 1 == 1].sum()) for bit, name in enumerate(QUALITY_BITS)}


def _top_groups(counts: np.ndarray, n: int) -> np.ndarray:
    """Positions of the groups that can be among the n largest counts: every group at least as large as the n-th."""
    if len(counts) <= n:
        return np.arange(len(counts))
    if n <= 0:
        return np.zeros(0, dtype=np.intp)
    kth = np.partition(counts, len(counts) - n)[len(counts) - n]
    return np.flatnonzero(counts >= kth)


def _count_keys(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys in [0, size) ascending and how often each occurs (bincount when the range is small)."""
    if size <= 4 * len(key) + 1_000_000:
        counts = np.bincount(key, minlength=size)
        keys = np.flatnonzero(counts)
        return keys, counts[keys]
    return np.unique(key, return_counts=True)


def _first_rows_of_ties(key: np.ndarray, chosen: np.ndarray, counts: np.ndarray, width: int) -> np.ndarray:
    """Where each chosen (ascending) group first occurs in key, for the groups whose count and host tie with another's
    (only those need it to be ordered); 0 for the rest, which the sort by count and host orders on its own."""
    pair = pd.MultiIndex.from_arrays([counts, chosen // width])
    tied = pair.duplicated(keep=False)
    first = np.zeros(len(chosen), dtype=np.int64)
    if tied.any():
        rows = np.flatnonzero(np.isin(key, chosen[tied]))
        _, at = np.unique(key[rows], return_index=True)  # aligned with chosen[tied] (both ascending)
        first[tied] = rows[at]
    return first


def to_top_hosts(codes: OverviewCodes, lang: str, positions: np.ndarray | None = None, n: int = TOP_N) -> pd.DataFrame:
    """The n most visited host places (unresolved ones keep their written name, marked) with their province.

    Ties: by host name, then by which (host, province) comes first among the rows.
    """
    lc = codes.lang_codes(lang)
    key = _rows(lc.host_key, positions)
    width = lc.province_width
    keys, counts = _count_keys(key, len(lc.host_labels) * width)
    top = _top_groups(counts, n)
    chosen, chosen_counts = keys[top], counts[top]
    by_first = np.argsort(_first_rows_of_ties(key, chosen, chosen_counts, width), kind="stable")
    chosen, chosen_counts = chosen[by_first], chosen_counts[by_first]
    text = "str" if len(key) else object  # the dtype pandas infers for these columns of all visits
    out = pd.DataFrame({
        "host": pd.Series(lc.host_labels.take(pa.array(chosen // width)).to_pylist(), dtype=text),
        "province": pd.Series(lc.province_labels.take(pa.array(chosen % width)).to_pylist(), dtype=text),
        "visits": chosen_counts.astype(np.int64),
    })
    out = out.sort_values(["visits", "host"], ascending=[False, True], kind="stable").head(n).reset_index(drop=True)
    return out.rename(columns={"host": t("col.host", lang), "province": t("col.host_province", lang),
                               "visits": t("col.visits", lang)})


def to_top_routes(codes: OverviewCodes, lang: str, positions: np.ndarray | None = None, n: int = TOP_N) -> pd.DataFrame:
    """The n most frequent visitor → host routes, most visits first (ties by route text).

    Routes whose texts come out equal ('A → B' + 'C' and 'A' + 'B → C') are added up, as counting the texts does.
    """
    lc = codes.lang_codes(lang)
    per_route = np.bincount(_rows(codes.route, positions), minlength=len(lc.route_text))
    counts = np.bincount(lc.route_text, weights=per_route, minlength=len(lc.route_texts)).astype(np.int64)
    present = np.flatnonzero(counts)
    top = present[_top_groups(counts[present], n)]
    out = pd.DataFrame({
        "route": pd.Series(lc.route_texts.take(pa.array(top)).to_pylist(), dtype=object),
        "visits": pd.Series(counts[top], dtype="int64[pyarrow]"),  # the dtype value_counts gives for text
    })
    out = out.sort_values(["visits", "route"], ascending=[False, True], kind="stable").head(n).reset_index(drop=True)
    return out.rename(columns={"route": t("col.route", lang), "visits": t("col.visits", lang)})


def to_recent_rows(codes: OverviewCodes, positions: np.ndarray | None = None, n: int = TOP_N) -> np.ndarray:
    """Positions (in the whole table) of the n latest dated rows, latest first, ties in table order."""
    days = _rows(codes.days, positions)
    dated = np.flatnonzero(days != UNDATED)
    picked = dated[latest_first_order(days[dated], n)]
    return picked if positions is None else positions[picked]


def to_recent_table(dated: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The latest visits as shown, in the order given, dates written only as precisely as known."""
    visitor = dated["origin_institution"].astype(object).where(
        dated["origin_institution"].notna(), to_place_labels(dated["origin_name"], dated["origin_mention"], lang))
    return pd.DataFrame({
        t("col.date", lang): to_date_labels(dated["date"], dated["date_precision"], lang),
        t("col.visitor", lang): visitor.tolist(),
        t("col.host", lang): to_place_labels(dated["host_name"], dated["host_mention"], lang).tolist(),
        t("col.visit_type", lang): [taxonomy.label(taxonomy.VISIT_TYPES, v, lang) for v in dated["visit_type"]],
    })


def build_article_counts(articles: pd.DataFrame) -> dict[str, int]:
    """Articles by status (visit / no_visit / error) and in total (only the status column is needed)."""
    counts = articles["status"].value_counts()
    return {"total": len(articles), **{s: int(counts.get(s, 0)) for s in taxonomy.ARTICLE_STATUSES}}


def build_overview(codes: OverviewCodes, positions: np.ndarray | None, visits: pd.DataFrame, lang: str,
                   n: int = TOP_N) -> dict:
    """Everything the Overview shows about some rows of visits (the table codes were built from), but the articles."""
    recent = visits.iloc[to_recent_rows(codes, positions, n)]
    return {
        "head": to_headline(codes, positions),
        "hosts": to_top_hosts(codes, lang, positions, n),
        "routes": to_top_routes(codes, lang, positions, n),
        "recent": to_recent_table(recent, lang),
        "quality": to_quality(codes, positions),
    }


# ---- the same for a whole table (tests, one-off use) -----------------------------------------------


def build_headline(visits: pd.DataFrame) -> dict[str, float | int | None]:
    """Headline numbers of a visits table (see to_headline)."""
    return to_headline(build_overview_codes(visits, ("headline",)))


def build_quality(visits: pd.DataFrame) -> dict[str, int]:
    """How many visits lack a date, have only a month/year, or have a place that could not be located."""
    return to_quality(build_overview_codes(visits, ("quality",)))


def build_top_hosts(visits: pd.DataFrame, lang: str, n: int = TOP_N) -> pd.DataFrame:
    """The n most visited host places of a visits table (see to_top_hosts)."""
    return to_top_hosts(build_overview_codes(visits, ("hosts",)), lang, None, n)


def build_top_routes(visits: pd.DataFrame, lang: str, n: int = TOP_N) -> pd.DataFrame:
    """The n most frequent routes of a visits table (see to_top_routes)."""
    return to_top_routes(build_overview_codes(visits, ("routes",)), lang, None, n)


def build_recent(visits: pd.DataFrame, lang: str, n: int = TOP_N) -> pd.DataFrame:
    """The n latest dated visits of a visits table, dates written only as precisely as known."""
    return to_recent_table(visits.iloc[to_recent_rows(build_overview_codes(visits, ("recent",)), None, n)], lang)
