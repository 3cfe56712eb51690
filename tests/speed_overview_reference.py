"""The Overview's number builders as they were before they read per-table codes (dashboard.py at 9d1ab05), verbatim.

tests/test_speed_overview.py checks the code-based builders in ui/overview.py against these on varied tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import taxonomy
from ui.export import (
    to_date_labels,
    to_latest_first,
    to_place_label_codes,
    to_place_labels,
    to_text_array,
)
from ui.i18n import t

TOP_N = 10


def _distinct_text(first: pd.Series, fallback: pd.Series) -> int:
    """How many distinct values first has, taking fallback where first is missing (missing in both not counted)."""
    merged = pc.coalesce(to_text_array(first), to_text_array(fallback))
    return int(pc.count_distinct(merged, mode="only_valid").as_py())


def build_headline(visits: pd.DataFrame) -> dict[str, float | int | None]:
    """Headline numbers of a visits table; sizes given only as a range or not at all are counted apart.

    >>> build_headline(pd.DataFrame({"delegation_size": [20, None, None], "delegation_min": [None, 10, None],
    ...     "delegation_max": [None, 19, None], "origin_institution": ["A", "A", None], "origin_name": ["x", "x", "y"],
    ...     "host_institution": ["B", "C", None], "host_name": ["z", "w", None], "distance_km": [10.0, 30.0, None]}))["delegates"]
    20
    """
    size = pd.to_numeric(visits["delegation_size"], errors="coerce")
    has_range = visits["delegation_min"].notna() | visits["delegation_max"].notna()
    distance = pd.to_numeric(visits["distance_km"], errors="coerce")
    return {
        "visits": len(visits),
        "delegates": int(size.sum()),
        "size_exact": int(size.notna().sum()),
        "size_range": int((size.isna() & has_range).sum()),
        "size_unknown": int((size.isna() & ~has_range).sum()),
        "visitors": _distinct_text(visits["origin_institution"], visits["origin_name"]),
        "hosts": _distinct_text(visits["host_institution"], visits["host_name"]),
        "median_km": float(distance.median()) if distance.notna().any() else None,
        "no_distance": int(distance.isna().sum()),
    }


def _top_groups(counts: np.ndarray, n: int) -> np.ndarray:
    """Positions of the groups that can be among the n largest counts: every group at least as large as the n-th."""
    if len(counts) <= n:
        return np.arange(len(counts))
    if n <= 0:
        return np.zeros(0, dtype=np.intp)
    kth = np.partition(counts, len(counts) - n)[len(counts) - n]
    return np.flatnonzero(counts >= kth)


def _pair_keys(a: np.ndarray, b: np.ndarray, b_size: int) -> np.ndarray:
    """One int per (a, b) code pair, a * b_size + b: pairs compare and sort as their keys do."""
    return a * max(b_size, 1) + b


def _count_keys(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys in [0, size) ascending and how often each occurs (bincount when the range is small)."""
    if size <= 4 * len(key) + 1_000_000:
        counts = np.bincount(key, minlength=size)
        keys = np.flatnonzero(counts)
        return keys, counts[keys]
    return np.unique(key, return_counts=True)


def _label_codes(values: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """(a code per row, the distinct values) of a text array without nulls."""
    encoded = values.dictionary_encode()
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), encoded.dictionary


def build_top_hosts(visits: pd.DataFrame, lang: str, n: int = TOP_N) -> pd.DataFrame:
    """The n most visited host places (unresolved ones keep their written name, marked), most visits first.

    Ties: by host name, then by which (host, province) comes first in the table (what value_counts kept).
    Counted on label codes, not a Python string per visit; only groups that can make the top n get names.
    """
    host, host_labels = to_place_label_codes(visits["host_name"], visits["host_mention"], lang)
    province, province_labels = _label_codes(pc.fill_null(to_text_array(visits["host_province"]), t("unknown", lang)))
    width = max(len(province_labels), 1)
    key = _pair_keys(host, province, width)
    keys, counts = _count_keys(key, len(host_labels) * width)
    top = _top_groups(counts, n)
    chosen, chosen_counts = keys[top], counts[top]
    rows = np.flatnonzero(np.isin(key, chosen))
    _, first = np.unique(key[rows], return_index=True)  # aligned with chosen (both ascending)
    by_first = np.argsort(rows[first], kind="stable")
    chosen, chosen_counts = chosen[by_first], chosen_counts[by_first]
    text = "str" if len(visits) else object  # the dtype pandas infers for these columns of all visits
    out = pd.DataFrame({
        "host": pd.Series(host_labels.take(pa.array(chosen // width)).to_pylist(), dtype=text),
        "province": pd.Series(province_labels.take(pa.array(chosen % width)).to_pylist(), dtype=text),
        "visits": chosen_counts.astype(np.int64),
    })
    out = out.sort_values(["visits", "host"], ascending=[False, True], kind="stable").head(n).reset_index(drop=True)
    return out.rename(columns={"host": t("col.host", lang), "province": t("col.host_province", lang),
                               "visits": t("col.visits", lang)})


def build_top_routes(visits: pd.DataFrame, lang: str, n: int = TOP_N) -> pd.DataFrame:
    """The n most frequent visitor → host routes, most visits first (ties by route text).

    Counted by (visitor, host) label codes; only the distinct pairs get their 'visitor → host' text, and
    pairs whose texts come out equal are added up, as counting the texts does.
    """
    origin, origin_labels = to_place_label_codes(visits["origin_name"], visits["origin_mention"], lang)
    host, host_labels = to_place_label_codes(visits["host_name"], visits["host_mention"], lang)
    width = max(len(host_labels), 1)
    keys, counts = _count_keys(_pair_keys(origin, host, width), len(origin_labels) * width)
    text = pc.binary_join_element_wise(
        origin_labels.take(pa.array(keys // width)), host_labels.take(pa.array(keys % width)),
        pa.scalar(" → ", origin_labels.type))
    route, route_texts = _label_codes(text)
    counts = np.bincount(route, weights=counts, minlength=len(route_texts)).astype(np.int64)
    top = _top_groups(counts, n)
    out = pd.DataFrame({
        "route": pd.Series(route_texts.take(pa.array(top)).to_pylist(), dtype=object),
        "visits": pd.Series(counts[top], dtype="int64[pyarrow]"),  # the dtype value_counts gives for text
    })
    out = out.sort_values(["visits", "route"], ascending=[False, True], kind="stable").head(n).reset_index(drop=True)
    return out.rename(columns={"route": t("col.route", lang), "visits": t("col.visits", lang)})


def build_recent(visits: pd.DataFrame, lang: str, n: int = TOP_N) -> pd.DataFrame:
    """The n latest dated visits, dates written only as precisely as known."""
    dated = to_latest_first(visits, n, dated_only=True)
    visitor = dated["origin_institution"].astype(object).where(
        dated["origin_institution"].notna(), to_place_labels(dated["origin_name"], dated["origin_mention"], lang))
    return pd.DataFrame({
        t("col.date", lang): to_date_labels(dated["date"], dated["date_precision"], lang),
        t("col.visitor", lang): visitor.tolist(),
        t("col.host", lang): to_place_labels(dated["host_name"], dated["host_mention"], lang).tolist(),
        t("col.visit_type", lang): [taxonomy.label(taxonomy.VISIT_TYPES, v, lang) for v in dated["visit_type"]],
    })


def build_quality(visits: pd.DataFrame) -> dict[str, int]:
    """How many visits lack a date, have only a month/year, or have a place that could not be located."""
    precision = visits["date_precision"].fillna("unknown")
    return {
        "unknown_dates": int((visits["date"].isna() | (precision == "unknown")).sum()),
        "partial_dates": int(precision.isin(["month", "year"]).sum()),
        "unresolved_origin": int((visits["origin_resolution"].fillna("unresolved") == "unresolved").sum()),
        "unresolved_host": int((visits["host_resolution"].fillna("unresolved") == "unresolved").sum()),
    }


def build_article_counts(articles: pd.DataFrame) -> dict[str, int]:
    """Articles by status (visit / no_visit / error) and in total (only the status column is needed)."""
    counts = articles["status"].value_counts()
    return {"total": len(articles), **{s: int(counts.get(s, 0)) for s in taxonomy.ARTICLE_STATUSES}}
