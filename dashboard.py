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

import pandas as pd
import streamlit as st

from etl import taxonomy
from ui.export import to_date_labels, to_latest_first, to_place_labels
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


def build_headline(visits: pd.DataFrame) -> dict[str, float | int | None]:
    """Headline numbers of a visits table; sizes given only as a range or not at all are counted apart.

    >>> build_headline(pd.DataFrame({"delegation_size": [20, None, None], "delegation_min": [None, 10, None],
    ...     "delegation_max": [None, 19, None], "origin_institution": ["A", "A", None], "origin_name": ["x", "x", "y"],
    ...     "host_institution": ["B", "C", None], "host_name": ["z", "w", None], "distance_km": [10.0, 30.0, None]}))["delegates"]
    20
    """
    size = pd.to_numeric(visits["delegation_size"], errors="coerce")
    has_range = visits["delegation_min"].notna() | visits["delegation_max"].notna()
    visitors = visits["origin_institution"].fillna(visits["origin_name"]).dropna()
    hosts = visits["host_institution"].fillna(visits["host_name"]).dropna()
    distance = pd.to_numeric(visits["distance_km"], errors="coerce")
    return {
        "visits": len(visits),
        "delegates": int(size.sum()),
        "size_exact": int(size.notna().sum()),
        "size_range": int((size.isna() & has_range).sum()),
        "size_unknown": int((size.isna() & ~has_range).sum()),
        "visitors": int(visitors.nunique()),
        "hosts": int(hosts.nunique()),
        "median_km": float(distance.median()) if distance.notna().any() else None,
        "no_distance": int(distance.isna().sum()),
    }


def build_top_hosts(visits: pd.DataFrame, lang: str, n: int = TOP_N) -> pd.DataFrame:
    """The n most visited host places (unresolved ones keep their written name, marked), most visits first."""
    hosts = to_place_labels(visits["host_name"], visits["host_mention"], lang)
    province = visits["host_province"].astype(object).where(visits["host_province"].notna(), t("unknown", lang))
    counts = pd.DataFrame({"host": hosts.to_numpy(), "province": province.to_numpy()}).value_counts().rename("visits")
    out = (counts.reset_index().sort_values(["visits", "host"], ascending=[False, True], kind="stable")
           .head(n).reset_index(drop=True))
    return out.rename(columns={"host": t("col.host", lang), "province": t("col.host_province", lang),
                               "visits": t("col.visits", lang)})


def build_top_routes(visits: pd.DataFrame, lang: str, n: int = TOP_N) -> pd.DataFrame:
    """The n most frequent visitor → host routes, most visits first."""
    origin = to_place_labels(visits["origin_name"], visits["origin_mention"], lang).astype("string")
    host = to_place_labels(visits["host_name"], visits["host_mention"], lang).astype("string")
    counts = (origin + " → " + host).value_counts().rename("visits")
    counts.index.name = "route"
    out = (counts.reset_index().sort_values(["visits", "route"], ascending=[False, True], kind="stable")
           .head(n).reset_index(drop=True))
    out["route"] = out["route"].astype(object)
    return out.rename(columns={"route": t("col.route", lang), "visits": t("col.visits", lang)})


def build_recent(visits: pd.DataFrame, lang: str, n: int = TOP_N) -> pd.DataFrame:
    """The n latest dated visits, dates written only as precisely as known."""
    dated = to_latest_first(visits.loc[visits["date"].notna()], n)
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
