"""Study Visit Atlas: the app's entry point (navigation) and its home page, the Overview.

Run with `streamlit run dashboard.py`. Why this multipage design (measured with streamlit 1.67):
- st.navigation here, not pages/ auto-discovery: page names follow the chosen language, URLs are short
  (/flows, /visits), and page files that do not exist yet are simply left out of the menu.
- Clicking a page in the menu clears the URL's query string (in both designs), and widget values are per
  page (their ids include the page), so filters live in st.session_state and ui.page.setup() writes them
  back into the URL on every page: links stay shareable after any page change.
- Every page file calls ui.page.setup() itself, which draws the sidebar, so each page also runs alone
  (AppTest.from_file("pages/4_Visits.py")) and AppTest.switch_page keeps the filters.

The Overview's numbers are built by the pure functions of ui/overview.py (tested in tests/test_overview.py and,
against the code they replaced, tests/test_speed_overview.py); render_overview() only draws them.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

import numpy as np
import streamlit as st

from ui import data as data_mod
from ui import overview
from ui.data import Tables
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

METRIC_WIDTH = 165  # px: room for '1.234.567' and 'Anggota rombongan', five in a row from ~1,300 px


# ---- edges: navigation and rendering ----------------------------------------------------------


def codes_job(tables: Tables) -> Future:
    """The Overview's codes of these tables (ui.overview.build_overview_codes), built once in a worker thread.

    Kept with the tables, so every session shares one build; a thread so that a cold start can begin it while
    setup() filters and draws the sidebar (the build is ~0.3 s of the ~0.4 s the Overview adds at 1M visits).
    """

    def start() -> Future:
        job: Future = Future()

        def build() -> None:
            try:
                job.set_result(overview.build_overview_codes(tables.visits))
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the codes
                job.set_exception(exc)

        threading.Thread(target=build, name="atlas-overview-codes", daemon=True).start()
        return job

    return tables.memo("overview_codes_job", start)


def start_codes_early() -> None:
    """Begin the codes of the data folder's tables before setup(), when they load without help (cold start).

    A folder still to be built or unreadable is left to setup(), which builds the sample or says what is wrong.
    """
    data_dir = data_mod.resolve_data_dir()
    if not data_mod.has_tables(data_dir):
        return
    try:
        codes_job(data_mod.load_tables(data_dir))
    except data_mod.DataError:
        return


@st.cache_data(show_spinner=False, max_entries=16)
def overview_for(fingerprint: tuple, filters_key: str, lang: str, _tables: Tables,
                 _positions: np.ndarray | None) -> dict:
    """Everything the Overview shows, once per data version, filters and language.

    _positions: the rows of _tables.visits that match the filters (None: all). The columns are numbered once per
    table (codes_job, ~0.3 s at 1M visits, kept with the tables for every session), so a new view is counted from
    them in tens of milliseconds instead of reading half a million strings again.
    """
    del fingerprint, filters_key  # the cache key; the tables themselves are not hashed
    job = codes_job(_tables)
    # A failed build is tried again here, so its error shows (and may go) on every run, as an uncached call's would.
    codes = job.result() if job.exception() is None else overview.build_overview_codes(_tables.visits)
    articles = _tables.memo("overview_articles", lambda: overview.build_article_counts(_tables.article_statuses))
    return {**overview.build_overview(codes, _positions, _tables.visits, lang), "articles": articles}


def render_overview() -> None:
    """The home page: headline numbers, top hosts and routes, latest visits, and what is unknown."""
    start_codes_early()
    ctx = setup("overview")
    tr, lang = ctx.t, ctx.lang
    st.caption(tr("app.tagline"))
    ctx.stop_if_empty()

    data = overview_for(ctx.tables.fingerprint, repr(ctx.filters), lang, ctx.tables, ctx.positions)
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
