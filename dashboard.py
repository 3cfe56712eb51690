"""Study Visit Atlas: the app's entry point (navigation) and its home page, the Overview.

Run with `streamlit run dashboard.py`. Why this multipage design (measured with streamlit 1.67):
- st.navigation here, not pages/ auto-discovery: page names follow the chosen language, URLs are short
  (/flows, /visits), and page files that do not exist yet are simply left out of the menu.
- Clicking a page in the menu clears the URL's query string (in both designs), and widget values are per
  page (their ids include the page), so filters live in st.session_state and ui.page.setup() writes them
  back into the URL on every page: links stay shareable after any page change.
- Every page file calls ui.page.setup() itself, which draws the sidebar, so each page also runs alone
  (AppTest.from_file("pages/4_Visits.py")) and AppTest.switch_page keeps the filters.

The Overview's numbers are built by pure functions below (tested in tests/test_app_overview.py);
render_overview() only draws them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from etl import taxonomy
from ui.export import (
    to_date_labels,
    to_latest_first,
    to_place_label_codes,
    to_place_labels,
    to_text_array,
)
from ui.i18n import fmt_float, fmt_int, t
from ui.page import current_lang, setup

ROOT = Path(__file__).resolve().parent

# page key -> (file under the app folder, URL path, icon). The Overview is drawn by this file.
# No Material icons: the browser fetches those from fonts.gstatic.com, and the app must not call out.
PAGES: dict[str, tuple[str | None, str, str]] = {
    "overview": (None, "", ""),
    "flows": ("pages/1_Flows.py", "flows", ""),
    "timeline": ("pages/2_Timeline.py", "timeline", ""),
    "topics": ("pages/3_Topics.py", "topics", ""),
    "visits": ("pages/4_Visits.py", "visits", ""),
    "insights": ("pages/5_Insights.py", "insights", ""),
    "data": ("pages/6_Data.py", "data", ""),
}

TOP_N = 10
METRIC_WIDTH = 165  # px: room for '1.234.567' and 'Anggota rombongan', five in a row from ~1,300 px


# ---- pure: the Overview's numbers -------------------------------------------------------------


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


# ---- edges: navigation and rendering ----------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=16)
def overview_for(fingerprint: tuple, filters_key: str, lang: str, _visits: pd.DataFrame, _articles: pd.DataFrame) -> dict:
    """Everything the Overview shows, computed once per data version, filters and language (seconds at 1M visits)."""
    del fingerprint, filters_key  # the cache key; the frames themselves are not hashed
    return {
        "head": build_headline(_visits),
        "hosts": build_top_hosts(_visits, lang),
        "routes": build_top_routes(_visits, lang),
        "recent": build_recent(_visits, lang),
        "quality": build_quality(_visits),
        "articles": build_article_counts(_articles),
    }


def render_overview() -> None:
    """The home page: headline numbers, top hosts and routes, latest visits, and what is unknown."""
    ctx = setup("overview")
    tr, lang = ctx.t, ctx.lang
    st.caption(tr("app.tagline"))
    ctx.stop_if_empty()

    data = overview_for(ctx.tables.fingerprint, repr(ctx.filters), lang, ctx.visits, ctx.tables.article_statuses)
    head = data["head"]
    # Fixed-width boxes in a wrapping row: five equal columns cut labels and values on a laptop screen.
    row = st.container(horizontal=True, wrap=True, gap="small")
    boxes = [row.container(width=METRIC_WIDTH) for _ in range(5)]
    boxes[0].metric(tr("overview.visits"), fmt_int(head["visits"], lang))
    boxes[1].metric(
        tr("overview.delegates"), fmt_int(head["delegates"], lang),
        help=tr("overview.delegates_help", ranged=fmt_int(head["size_range"], lang),
                unknown=fmt_int(head["size_unknown"], lang)),
    )
    boxes[1].caption(tr("overview.delegates_note", ranged=fmt_int(head["size_range"], lang),
                        unknown=fmt_int(head["size_unknown"], lang)))
    boxes[2].metric(tr("overview.visitors"), fmt_int(head["visitors"], lang))
    boxes[3].metric(tr("overview.hosts"), fmt_int(head["hosts"], lang))
    median = head["median_km"]
    boxes[4].metric(
        tr("overview.distance"),
        tr("overview.distance_value", km=fmt_int(median, lang)) if median is not None else fmt_float(None, lang),
        help=tr("overview.distance_help", n=fmt_int(head["no_distance"], lang)),
    )

    left, right = st.columns(2)
    with left:
        st.subheader(tr("overview.top_hosts"))
        st.dataframe(data["hosts"], hide_index=True, width="stretch")
    with right:
        st.subheader(tr("overview.top_routes"))
        st.dataframe(data["routes"], hide_index=True, width="stretch")

    st.subheader(tr("overview.recent"))
    st.dataframe(data["recent"], hide_index=True, width="stretch")
    st.caption(tr("overview.more"))

    st.subheader(tr("overview.quality"))
    q = data["quality"]
    lines = [tr(f"overview.{k}", n=fmt_int(v, lang)) for k, v in q.items()]
    a = data["articles"]
    lines.append(tr("overview.articles", visit=fmt_int(a["visit"], lang), total=fmt_int(a["total"], lang),
                    no_visit=fmt_int(a["no_visit"], lang), error=fmt_int(a["error"], lang)))
    st.markdown("\n".join(f"- {line}" for line in lines))


def build_page_list(lang: str, root: Path = ROOT) -> list[tuple[str, str, str | None, str, str]]:
    """(key, title in lang, file or None for the Overview, URL path, icon) of the pages that exist, Overview first."""
    out = []
    for key, (file, url_path, icon) in PAGES.items():
        if file is None or (root / file).is_file():
            out.append((key, t(f"page.{key}", lang), file, url_path, icon))
    return out


def to_st_pages(page_list: list[tuple[str, str, str | None, str, str]]) -> list[st.Page]:
    """The st.Page objects for st.navigation (needs a running app)."""
    return [
        st.Page(render_overview, title=title, icon=icon or None, default=True) if file is None
        else st.Page(file, title=title, icon=icon or None, url_path=url_path)
        for _, title, file, url_path, icon in page_list
    ]


def main() -> None:
    st.navigation(to_st_pages(build_page_list(current_lang()))).run()


if __name__ == "__main__":
    main()
