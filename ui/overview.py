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
from concurrent.futures import ThreadPoolExecutor
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


@dataclass(frozen=True)
class Encoded:
    """A text column numbered: a code per row and the distinct values (a missing value is one null entry)."""

    codes: np.ndarray  # int32
    values: pa.Array  # large_string


def to_encoded(values: pd.Series) -> Encoded:
    """Number a text column (as pandas' astype("string") reads it) in one Arrow pass."""
    encoded = to_text_array(values).dictionary_encode(null_encoding="encode")
    return Encoded(_indices(encoded), encoded.dictionary.cast(pa.large_string()))


def to_text_codes(values: pd.Series | Encoded) -> TextCodes:
    """The distinct texts of a column (missing as one null entry) and a code per row.

    >>> c = to_text_codes(pd.Series(["b", None, "b"]))
    >>> c.codes.tolist(), c.labels.to_pylist()
    ([0, 1, 0], ['b', None])
    """
    encoded = values if isinstance(values, Encoded) else to_encoded(values)
    return TextCodes(encoded.codes, encoded.values)


def _non_empty(values: pa.Array) -> np.ndarray:
    return pc.fill_null(pc.greater(pc.binary_length(values), 0), False).to_numpy(zero_copy_only=False)


def to_place_codes(names: pd.Series | Encoded, mentions: pd.Series) -> TextCodes:
    """ui.export.to_place_labels as codes, without a language: the name, else 'mention (?)', else null (unknown).

    Labels that come out equal share a code (a name written like an unresolved mention, say). Mentions are read only
    where the name is missing (5% of the rows at 1M visits).

    >>> c = to_place_codes(pd.Series(["Kota A", "", None]), pd.Series([None, "Antah", None]))
    >>> [c.labels[int(i)].as_py() for i in c.codes]
    ['Kota A', 'Antah (?)', None]
    """
    name = names if isinstance(names, Encoded) else to_encoded(names)
    name_ok = _non_empty(name.values)
    unnamed = np.flatnonzero(~name_ok[name.codes])
    mention = to_text_array(mentions).take(pa.array(unnamed)).dictionary_encode(null_encoding="encode")
    mention_values, mention_codes = mention.dictionary.cast(pa.large_string()), _indices(mention)
    mention_ok = _non_empty(mention_values)
    # Label table: the names, then the mentions marked unresolved, then one null for 'unknown'.
    written = pc.binary_join_element_wise(mention_values, pa.scalar(" (?)", pa.large_string()),
                                          pa.scalar("", pa.large_string()))
    table = pa.concat_arrays([name.values, written, pa.array([None], pa.large_string())])
    code = name.codes.copy()
    code[unnamed] = np.where(mention_ok[mention_codes], len(name.values) + mention_codes,
                             len(name.values) + len(mention_values))
    # Entries no row points to as a label (empty names, null mentions) become nulls too: they share the unknown's code.
    usable = np.concatenate([name_ok, mention_ok, [False]])
    merged = pc.if_else(pa.array(usable), table, pa.scalar(None, pa.large_string())).dictionary_encode(
        null_encoding="encode")
    return TextCodes(_indices(merged)[code], merged.dictionary)


def to_coalesced_codes(first: pd.Series | Encoded, fallback: pd.Series | Encoded) -> TextCodes:
    """The codes of first's text, else fallback's (null when both are missing); equal texts share a code.

    >>> c = to_coalesced_codes(pd.Series(["A", None, None]), pd.Series(["x", "A", None]))
    >>> [c.labels[int(i)].as_py() for i in c.codes]
    ['A', 'A', None]
    """
    first = first if isinstance(first, Encoded) else to_encoded(first)
    fallback = fallback if isinstance(fallback, Encoded) else to_encoded(fallback)
    merged = pa.concat_arrays([first.values, fallback.values]).dictionary_encode(null_encoding="encode")
    remap = _indices(merged)
    missing = pc.is_null(first.values).to_numpy(zero_copy_only=False)
    code = np.where(missing[first.codes], remap[len(first.values) + fallback.codes], remap[first.codes])
    return TextCodes(code, merged.dictionary)


def _dense_codes(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(a code per row numbering the distinct keys, the distinct keys ascending) for int keys in [0, size)."""
    if size <= 4 * len(key) + 1_000_000:
        present = np.zeros(size, dtype=bool)
        present[key] = True
        distinct = np.flatnonzero(present)
        number = np.zeros(size, dtype=np.int32)
        number[distinct] = np.arange(len(distinct), dtype=np.int32)
        return number[key], distinct
    distinct, code = np.unique(key, return_inverse=True)
    return code.astype(np.int32), distinct


def _pairs(a: TextCodes, b: TextCodes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a code per row for its (a, b) pair, each pair's a code, each pair's b code)."""
    width = max(len(b.labels), 1)
    pair, keys = _dense_codes(a.codes.astype(np.int64) * width + b.codes, len(a.labels) * width)
    return pair, (keys // width).astype(np.int32), (keys % width).astype(np.int32)


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
    host_pair: np.ndarray | None = None  # int32 per row: which (host, province) code pair
    pair_host: np.ndarray | None = None  # per pair: its host code
    pair_province: np.ndarray | None = None  # per pair: its province code
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


def _unresolved(resolution: pa.Array) -> pa.Array:
    return pc.fill_null(pc.equal(resolution, "unresolved"), True)


def _flag(test: pa.Array) -> np.ndarray:
    return test.to_numpy(zero_copy_only=False)


TEXT_COLUMNS = {
    "headline": ("origin_institution", "origin_name", "host_institution", "host_name"),
    "hosts": ("host_name", "host_province"),
    "routes": ("origin_name", "host_name"),
}


def build_overview_codes(visits: pd.DataFrame, parts: tuple[str, ...] = PARTS) -> OverviewCodes:
    """Number the columns the Overview reads (~0.3 s for 1M visits), so that any view is counted in milliseconds.

    Each text column is numbered once (in two worker threads: Arrow does it without the GIL) and shared by the parts,
    while this thread converts the dates (Python objects, which needs the GIL).
    """
    names = dict.fromkeys(c for part in parts for c in TEXT_COLUMNS.get(part, ()))
    with ThreadPoolExecutor(max_workers=2) as pool:
        pending = {name: pool.submit(to_encoded, visits[name]) for name in names}
        days = to_day_numbers(visits["date"]) if "quality" in parts or "recent" in parts else None
        enc = {name: job.result() for name, job in pending.items()}
    out: dict = {"n": len(visits)}
    if "headline" in parts:
        size = pd.to_numeric(visits["delegation_size"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        has_range = (visits["delegation_min"].notna() | visits["delegation_max"].notna()).to_numpy(dtype=bool)
        out.update(
            size=np.where(np.isnan(size), 0.0, size),
            size_kind=np.where(np.isnan(size), np.where(has_range, 1, 2), 0).astype(np.int8),
            distance=pd.to_numeric(visits["distance_km"], errors="coerce").to_numpy(dtype=float, na_value=np.nan),
            visitor=to_coalesced_codes(enc["origin_institution"], enc["origin_name"]),
            host_entity=to_coalesced_codes(enc["host_institution"], enc["host_name"]),
        )
    if "hosts" in parts or "routes" in parts:
        out["host"] = to_place_codes(enc["host_name"], visits["host_mention"])
    if "hosts" in parts:
        out["province"] = to_text_codes(enc["host_province"])
        out["host_pair"], out["pair_host"], out["pair_province"] = _pairs(out["host"], out["province"])
    if "routes" in parts:
        out["origin"] = to_place_codes(enc["origin_name"], visits["origin_mention"])
        out["route"], out["route_origin"], out["route_host"] = _pairs(out["origin"], out["host"])
    if days is not None:
        out["days"] = days
    if "quality" in parts:
        precision = to_text_array(visits["date_precision"])
        unknown = _flag(pc.fill_null(pc.equal(precision, "unknown"), True))
        partial = _flag(pc.fill_null(pc.is_in(precision, pa.array(["month", "year"], precision.type)), False))
        origin_unresolved = _flag(_unresolved(to_text_array(visits["origin_resolution"])))
        host_unresolved = _flag(_unresolved(to_text_array(visits["host_resolution"])))
        # No date is a null day number: Arrow reads None, NaN and NaT as null (pandas' isna on 1M objects: 36 ms).
        out["flags"] = ((out["days"] == UNDATED) | unknown).astype(np.uint8) | (partial.astype(np.uint8) << 1) | (
            origin_unresolved.astype(np.uint8) << 2) | (host_unresolved.astype(np.uint8) << 3)
    return OverviewCodes(**out)


@dataclass(frozen=True)
class LangCodes:
    """One language's host and route labels over an OverviewCodes."""

    host_labels: pa.Array
    province_labels: pa.Array | None = None
    pair_group: np.ndarray | None = None  # per (host, province) code pair: its group, the pairs whose labels are equal
    group_host: np.ndarray | None = None  # per group, in (host label, province label) code order: the host label
    group_province: np.ndarray | None = None  # and the province label
    route_group: np.ndarray | None = None  # int32 per route: its group, the routes whose 'visitor → host' texts are equal
    group_origin: np.ndarray | None = None  # per group: a visitor label (of its first route)
    group_target: np.ndarray | None = None  # per group: that route's host label
    origin_labels: pa.Array | None = None


def build_lang_codes(codes: OverviewCodes, lang: str) -> LangCodes:
    """The labels in one language: 'unknown' named, and labels or route texts that come out equal merged."""
    host_remap, host_labels = codes.host.for_lang(lang)
    out: dict = {"host_labels": host_labels}
    if codes.province is not None:
        province_remap, province_labels = codes.province.for_lang(lang)
        width = max(len(province_labels), 1)
        key = host_remap[codes.pair_host].astype(np.int64) * width + province_remap[codes.pair_province]
        groups, pair_group = np.unique(key, return_inverse=True)
        out.update(province_labels=province_labels, pair_group=pair_group.astype(np.int32),
                   group_host=groups // width, group_province=groups % width)
    if codes.route is not None:
        origin_remap, origin_labels = codes.origin.for_lang(lang)
        origin, host = origin_remap[codes.route_origin], host_remap[codes.route_host]
        width = max(len(host_labels), 1)
        if _has_arrow(origin_labels) or _has_arrow(host_labels):
            # 'A → B' + 'C' and 'A' + 'B → C' read the same: group by the texts themselves.
            text = _route_texts(origin_labels, host_labels, origin, host).dictionary_encode()
            route_group = _indices(text)
            _, first = np.unique(route_group, return_index=True)  # a route of each text stands for it
            origin, host = origin[first], host[first]
        else:
            # Without an arrow in any label a text splits one way only: equal texts are equal label pairs.
            route_group, pairs = _dense_codes(origin.astype(np.int64) * width + host, len(origin_labels) * width)
            origin, host = pairs // width, pairs % width
        out.update(route_group=route_group, group_origin=origin, group_target=host, origin_labels=origin_labels)
    return LangCodes(**out)


def _has_arrow(labels: pa.Array) -> bool:
    return bool(pc.any(pc.match_substring(labels, "→")).as_py())


def _route_texts(origin_labels: pa.Array, host_labels: pa.Array, origin: np.ndarray, host: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(origin_labels.take(pa.array(origin)), host_labels.take(pa.array(host)),
                                       pa.scalar(" → ", origin_labels.type))


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


def _first_rows_of_ties(pair_group: np.ndarray, pairs: np.ndarray, chosen: np.ndarray, counts: np.ndarray,
                        hosts: np.ndarray) -> np.ndarray:
    """Where each chosen group (ascending) first occurs among the rows' pairs, for the groups whose count and host
    tie with another's (only those need it to be ordered); 0 for the rest, which the sort by count and host orders."""
    first = np.zeros(len(chosen), dtype=np.int64)
    tied = pd.MultiIndex.from_arrays([counts, hosts]).duplicated(keep=False) if len(chosen) > 1 else first > 0
    if tied.any():
        groups = pair_group[pairs]
        rows = np.flatnonzero(np.isin(groups, chosen[tied]))
        _, at = np.unique(groups[rows], return_index=True)  # aligned with chosen[tied] (both ascending)
        first[tied] = rows[at]
    return first


def to_top_hosts(codes: OverviewCodes, lang: str, positions: np.ndarray | None = None, n: int = TOP_N) -> pd.DataFrame:
    """The n most visited host places (unresolved ones keep their written name, marked) with their province.

    Ties: by host name, then by which (host, province) comes first among the rows.
    """
    lc = codes.lang_codes(lang)
    pairs = _rows(codes.host_pair, positions)
    per_pair = np.bincount(pairs, minlength=len(lc.pair_group))
    all_counts = np.bincount(lc.pair_group, weights=per_pair, minlength=len(lc.group_host)).astype(np.int64)
    present = np.flatnonzero(all_counts)
    chosen = present[_top_groups(all_counts[present], n)]
    chosen_counts = all_counts[chosen]
    first = _first_rows_of_ties(lc.pair_group, pairs, chosen, chosen_counts, lc.group_host[chosen])
    by_first = np.argsort(first, kind="stable")
    chosen, chosen_counts = chosen[by_first], chosen_counts[by_first]
    text = "str" if len(pairs) else object  # the dtype pandas infers for these columns of all visits
    out = pd.DataFrame({
        "host": pd.Series(lc.host_labels.take(pa.array(lc.group_host[chosen])).to_pylist(), dtype=text),
        "province": pd.Series(lc.province_labels.take(pa.array(lc.group_province[chosen])).to_pylist(), dtype=text),
        "visits": chosen_counts,
    })
    out = out.sort_values(["visits", "host"], ascending=[False, True], kind="stable").head(n).reset_index(drop=True)
    return out.rename(columns={"host": t("col.host", lang), "province": t("col.host_province", lang),
                               "visits": t("col.visits", lang)})


def to_top_routes(codes: OverviewCodes, lang: str, positions: np.ndarray | None = None, n: int = TOP_N) -> pd.DataFrame:
    """The n most frequent visitor → host routes, most visits first (ties by route text).

    Routes whose texts come out equal ('A → B' + 'C' and 'A' + 'B → C') are added up, as counting the texts does.
    """
    lc = codes.lang_codes(lang)
    per_route = np.bincount(_rows(codes.route, positions), minlength=len(lc.route_group))
    counts = np.bincount(lc.route_group, weights=per_route, minlength=len(lc.group_origin)).astype(np.int64)
    present = np.flatnonzero(counts)
    top = present[_top_groups(counts[present], n)]
    out = pd.DataFrame({
        "route": pd.Series(_route_texts(lc.origin_labels, lc.host_labels, lc.group_origin[top],
                                        lc.group_target[top]).to_pylist(), dtype=object),
        "visits": pd.Series(counts[top], dtype="int64[pyarrow]"),  # the dtype value_counts gives for text
    })
    out = out.sort_values(["visits", "route"], ascending=[False, True], kind="stable").head(n).reset_index(drop=True)
    return out.rename(columns={"route": t("col.route", lang), "visits": t("col.visits", lang)})


def to_recent_rows(codes: OverviewCodes, positions: np.ndarray | None = None, n: int = TOP_N) -> np.ndarray:
    """Positions (in the whole table) of the n latest dated rows, latest first, ties in table order."""
    days = _rows(codes.days, positions)
    # The undated have the smallest day number, so they come last: taken only when fewer than n are dated.
    picked = latest_first_order(days, n)
    picked = picked[days[picked] != UNDATED]
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
