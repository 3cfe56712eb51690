"""Insights: who learns from whom, the best-practice hubs per topic, one place's profile, what the travel costs,
and a printable brief of the current view.

Thin page: every number comes from the pure modules ui/insights.py and ui/cost.py, the brief from ui/briefing.py.
Place names come from news articles; they are shown through st.dataframe / st.selectbox (text, never HTML).
"""

from __future__ import annotations

import threading
from dataclasses import astuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl import taxonomy
from ui import briefing, cost, insights
from ui import data as data_mod
from ui.cost import CostParams, Range
from ui.i18n import UNKNOWN_MARK, fmt_float, fmt_int
from ui.page import setup
from ui.state import to_query_params

PER_VISIT_ROWS = 500
PAIR_ROWS = 500  # repeat and reciprocal pairs shown, most visits first
TABS = ("network", "hubs", "place", "cost", "brief")  # slugs, in the order the tabs are shown
URL_TAB = "tab"  # the open tab in a link (its slug; the first tab is left out of the URL)
TAB_KEY = "ins_tab"  # the open tab's slug: outlives page changes and language switches (the widget's state does not)
TAB_URL_KEY = "ins_tab_url"  # the tab this session last wrote to the URL (a different one came from outside)
KEPT_KEY = "ins_kept"  # this page's widget values, kept while their tab is closed (Streamlit drops widget state then)
PARAMS_KEY = "ins_params"  # the cost tab's last valid parameters (the brief uses them)
PROFILE_COLUMNS = ("origin_name", "host_name", "year", "topics")
TRIP_COLUMNS = ("delegation_size", "delegation_min", "delegation_max", "distance_km")  # what cost.to_trips reads
LARGEST_COLUMNS = ("visit_id", *TRIP_COLUMNS, "origin_name", "host_name")  # the per-visit table's rows


def network_of(tables: data_mod.Tables) -> insights.NetworkView:
    """The whole table's NetworkView, one per tables object (Tables.memo): every view and session selects from it."""
    return tables.memo("insights.network", lambda: insights.NetworkView(tables.visits))


def start_network_early() -> None:
    """On a cold start, begin the whole table's codes in a worker thread before setup() draws the sidebar and
    filters (Arrow and numpy do most of it without the GIL). A folder still to be built or unreadable is left to
    setup(), which builds the sample or says what is wrong."""
    data_dir = data_mod.resolve_data_dir()
    if not data_mod.has_tables(data_dir):
        return
    try:
        tables = data_mod.load_tables(data_dir)
    except data_mod.DataError:
        return
    full = network_of(tables)  # made here, so the worker and the page share one view

    def start() -> bool:
        threading.Thread(target=full.warm, name="atlas-insights-codes", daemon=True).start()
        return True

    tables.memo("insights.network_warm", start)  # once per tables object


start_network_early()
ctx = setup("insights")
tr, lang = ctx.t, ctx.lang
st.caption(tr("ins.intro"))
ctx.stop_if_empty()

view_key = (
    str(ctx.tables.data_dir),
    data_mod.read_fingerprint(ctx.tables.data_dir),
    tuple(sorted(to_query_params(ctx.filters).items())),
    ctx.n_visits,
)


def network_view() -> insights.NetworkView:
    """The filtered visits as a NetworkView: a selection of the whole table's view, whose name, province, scope and
    topic codes are worked out once per table (Tables.memo) and shared by every view and session."""
    full = network_of(ctx.tables)
    return full if ctx.positions is None else full.select(ctx.positions)


@st.cache_data(show_spinner=False, max_entries=8)
def measure_links(key: tuple) -> dict:
    """Who learns from whom in the view (the first tab), once per (data, filters): a cost parameter, a chosen
    place or another tab reuse them. `key` names the view."""
    del key
    return insights.measure_links(network_view())


@st.cache_data(show_spinner=False, max_entries=8)
def measure_topics(key: tuple) -> dict:
    """The topic hubs of the view, once per (data, filters)."""
    del key
    return insights.measure_topics(network_view(), hubs=10)


@st.cache_data(show_spinner=False, max_entries=8)
def list_places(key: tuple) -> list[str]:
    """The view's named places, most involved first, once per (data, filters)."""
    del key
    return insights.list_places(network_view())


@st.cache_data(show_spinner=False, max_entries=16)
def profile_place(_visits: pd.DataFrame, key: tuple, place: str) -> dict:
    """One place's profile, once per (view, place): moving a slider elsewhere on the page does not redo it."""
    del key
    return insights.profile_place(_visits, place)


@st.cache_resource(show_spinner=False, max_entries=2)  # ~35 MB each at 1M visits; cheap to redo (0.1 s)
def trips_of(_visits: pd.DataFrame, key: tuple, band_edges_km: tuple[float, float], top: int) -> tuple:
    """(cost.Trips of the view, positions of its `top` largest trips): what no cost parameter changes, once per
    view. A resource, not data: the arrays hold a value per visit and must not be copied on every rerun."""
    del key
    trips = cost.to_trips(_visits, band_edges_km)
    return trips, cost.largest_trip_rows(trips, top)


@st.cache_data(show_spinner=False, max_entries=16)
def estimate_cost(_visits: pd.DataFrame, key: tuple, _params: CostParams, top: int) -> tuple:
    """(summary, per-band totals, the `top` largest trips with their place names) of the view under the params,
    once per (view, params); `key` names both. Only these small results are kept, not a row per visit."""
    view, _ = key
    trips, largest = trips_of(_visits, view, _params.band_edges_km, top)
    summary, by_band = cost.summarize_trips(trips, _params)
    # The largest trips first, and not all of a big table: the browser would receive every row.
    rows = rows_of_view(largest, LARGEST_COLUMNS)
    per = cost.estimate_visits(rows, _params).join(rows[["origin_name", "host_name"]])
    return summary, by_band, per


def rows_of_view(rows: np.ndarray, columns: tuple[str, ...]) -> pd.DataFrame:
    """These columns of the filtered visits at these positions among them, with the labels ctx.columns gives: read
    from the whole table, so the view's text columns are not copied for a few hundred rows."""
    at = rows if ctx.positions is None else ctx.positions[rows]
    return ctx.tables.visits[list(columns)].iloc[at]


def kept(key: str, default: object) -> str:
    """`key` for a widget whose value outlives the runs where its tab is closed: when Streamlit has dropped the
    widget's state, it is seeded from the value kept for it (else `default`)."""
    ss = st.session_state
    store = ss.setdefault(KEPT_KEY, {})
    if key not in ss:
        ss[key] = store.get(key, default)
    return key


def keep(key: str, value: object) -> None:
    """Remember a widget's value for the next time its tab is drawn."""
    st.session_state.setdefault(KEPT_KEY, {})[key] = value


def open_tab(labels: list[str]) -> tuple[str, object]:
    """Draw the tabs; return the open one's slug and container (only that tab's content is computed).

    The tab a link names wins (an unknown name is ignored with a notice); else the tab open before, also after another page or
    a language switch (the tabs' labels, and so their widget, change with the language).
    """
    ss = st.session_state
    url = st.query_params.get(URL_TAB)
    if url is not None and url != ss.get(TAB_URL_KEY) and url in TABS:
        ss[TAB_KEY] = url
        ss["ins_w_tab"] = labels[TABS.index(url)]
    elif url and url != ss.get(TAB_URL_KEY):  # a tab name this page does not have: said, like other link values
        st.warning(tr("notice.bad_value", field=tr("ins.tab_field"), value=url))
    slug = ss.get(TAB_KEY) if ss.get(TAB_KEY) in TABS else TABS[0]
    if ss.get("ins_w_tab") not in labels:
        ss["ins_w_tab"] = labels[TABS.index(slug)]
    tabs = st.tabs(labels, key="ins_w_tab", on_change="rerun")
    slug = next((s for s, tab in zip(TABS, tabs, strict=True) if tab.open), TABS[0])
    ss[TAB_KEY] = slug
    written = None if slug == TABS[0] else slug
    if st.query_params.get(URL_TAB) != written:
        if written is None:
            del st.query_params[URL_TAB]
        else:
            st.query_params[URL_TAB] = written
    ss[TAB_URL_KEY] = written
    return slug, tabs[TABS.index(slug)]


def topic_label(slug: str) -> str:
    return taxonomy.label(taxonomy.TOPICS, slug, lang)


def show_table(df: pd.DataFrame, columns: dict[str, str], limit: int | None = None) -> None:
    """A read-only table with translated headers; 'None in this view' when empty; at most `limit` rows sent."""
    if df.empty:
        st.caption(tr("ins.none"))
        return
    if limit is not None and len(df) > limit:
        # The rows come most visits first; the rest would only make the page heavy (96k pairs are ~5 MB at 1M).
        st.caption(tr("ins.rows_cap", k=fmt_int(limit, lang), n=fmt_int(len(df), lang)))
        df = df.head(limit)
    shown = df[list(columns)].copy()
    for col in shown.columns:
        # What an article did not say shows as '–' (as on the Visits page), not 'None'; numbers stay numbers.
        if shown[col].dtype == object or pd.api.types.is_string_dtype(shown[col]):
            shown[col] = shown[col].astype(object).where(shown[col].notna(), UNKNOWN_MARK)
    st.dataframe(shown.rename(columns=columns), hide_index=True, width="stretch")


def show_network() -> None:
    """The first tab: who hosts and who visits most, repeat and reciprocal pairs, scopes, the province matrix."""
    net = measure_links(view_key)
    unnamed = net["unnamed"]
    top_n = st.slider(tr("ins.top_n"), min_value=5, max_value=50, step=5, key=kept("ins_w_top", 10))
    keep("ins_w_top", top_n)
    left, right = st.columns(2)
    with left:
        st.subheader(tr("ins.h_hosts"))
        hosts = net["hosts"].head(top_n).copy()
        hosts["topics"] = hosts["topics"].map(lambda ts: ", ".join(topic_label(s) for s in ts[:3]))
        show_table(hosts, {
            "place": tr("ins.col_place"), "province": tr("ins.col_province"), "visits": tr("ins.col_visits"),
            "visitors": tr("ins.col_visitors"), "repeat_visitors": tr("ins.col_repeat_visitors"),
            "n_topics": tr("ins.col_n_topics"), "topics": tr("ins.col_topics"),
        })
    with right:
        st.subheader(tr("ins.h_visitors"))
        show_table(net["visitors"].head(top_n), {
            "place": tr("ins.col_place"), "province": tr("ins.col_province"), "visits": tr("ins.col_visits"),
            "hosts": tr("ins.col_hosts"), "repeat_hosts": tr("ins.col_repeat_hosts"),
            "km_travelled": tr("ins.col_km"), "km_unknown": tr("ins.col_km_unknown"),
        })
        st.caption(tr("ins.km_note"))
    st.caption(tr("ins.unnamed_note", o=fmt_int(unnamed["origin"], lang), h=fmt_int(unnamed["host"], lang)))

    left, right = st.columns(2)
    with left:
        st.subheader(tr("ins.h_repeat"))
        show_table(net["repeat"], {
            "origin": tr("ins.col_origin"), "host": tr("ins.col_host"), "visits": tr("ins.col_visits"),
        }, limit=PAIR_ROWS)
    with right:
        st.subheader(tr("ins.h_reciprocal"))
        show_table(net["reciprocal"], {
            "place_a": "A", "place_b": "B", "a_to_b": tr("ins.col_a_to_b"), "b_to_a": tr("ins.col_b_to_a"),
        }, limit=PAIR_ROWS)

    st.subheader(tr("ins.h_scopes"))
    scopes = net["scopes"].copy()
    scopes["scope"] = scopes["scope"].map(lambda s: tr(f"ins.scope_{s}"))
    scopes["share"] = scopes["share"].map(lambda x: "–" if pd.isna(x) else fmt_float(100 * x, lang, 0) + "%")
    show_table(scopes, {"scope": tr("ins.col_scope"), "visits": tr("ins.col_visits"),
                        "share": tr("ins.col_share_regional")})
    st.caption(tr("ins.scopes_note"))

    st.subheader(tr("ins.h_matrix"))
    matrix = net["matrix"]
    if matrix.empty:
        st.caption(tr("ins.none"))
    else:
        # Empty cells stay blank rather than showing 0 in every one of up to 38 x 38 cells.
        z = matrix.where(matrix > 0).to_numpy(dtype="float64")
        fig = go.Figure(go.Heatmap(
            z=z, x=list(matrix.columns), y=list(matrix.index), colorscale=[[0, "#c6dbef"], [1, "#08306b"]],
            texttemplate="%{z}", hovertemplate="%{y} → %{x}: %{z}<extra></extra>", showscale=False,
        ))
        fig.update_layout(height=max(320, 24 * len(matrix) + 160), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                          yaxis={"autorange": "reversed"}, separators=",." if lang == "id" else ".,")
        st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
        st.caption(tr("ins.matrix_note"))


def show_hubs() -> None:
    """The hosts that received most visits on each topic."""
    net = measure_topics(view_key)
    st.caption(tr("ins.hubs_intro"))
    k = st.slider(tr("ins.hubs_per_topic"), min_value=1, max_value=10, key=kept("ins_w_hubs", 3))
    keep("ins_w_hubs", k)
    hubs = net["hubs"][net["hubs"]["rank"] <= k].copy()
    hubs["topic"] = hubs["topic"].map(topic_label)
    hubs["share"] = hubs["share"].map(lambda x: fmt_float(100 * x, lang, 0) + "%")
    show_table(hubs, {
        "topic": tr("ins.col_topic"), "rank": tr("ins.col_rank"), "place": tr("ins.col_place"),
        "province": tr("ins.col_province"), "visits": tr("ins.col_visits"), "share": tr("ins.col_share"),
    })
    st.caption(tr("ins.untopiced_note", n=fmt_int(net["untopiced"], lang)))


def show_place() -> None:
    """One place's visitors, destinations and topics over the years."""
    places = list_places(view_key)
    if not places:
        st.info(tr("ins.no_places"))
    else:
        stored = st.session_state.get(KEPT_KEY, {}).get("ins_w_place")
        if "ins_w_place" not in st.session_state and stored in places:  # a place of this view chosen before
            st.session_state["ins_w_place"] = stored
        place = st.selectbox(tr("ins.choose_place"), places, key="ins_w_place")
        keep("ins_w_place", place)
        prof = profile_place(ctx.columns(*PROFILE_COLUMNS), view_key, place)
        left, right = st.columns(2)
        with left:
            st.subheader(tr("ins.h_place_visitors"))
            show_table(prof["visitors"], {"place": tr("ins.col_origin"), "visits": tr("ins.col_visits")})
            if prof["unknown_visitors"]:
                st.caption(tr("ins.unknown_visitors_note", n=fmt_int(prof["unknown_visitors"], lang)))
        with right:
            st.subheader(tr("ins.h_place_destinations"))
            show_table(prof["destinations"], {"place": tr("ins.col_host"), "visits": tr("ins.col_visits")})
            if prof["unknown_destinations"]:
                st.caption(tr("ins.unknown_destinations_note", n=fmt_int(prof["unknown_destinations"], lang)))
        st.subheader(tr("ins.h_place_topics"))
        tby = prof["topics_by_year"]
        if tby.empty:
            st.caption(tr("ins.none"))
        else:
            fig = go.Figure()
            for role in ("host", "origin"):
                for topic, part in tby[tby["role"] == role].groupby("topic"):
                    # Arrays, not Series: plotly inspects a Series through narwhals (0.15 s for 32 bars at 1M).
                    fig.add_bar(x=part["year"].to_numpy(dtype=float), y=part["visits"].to_numpy(), width=0.7,
                                name=f"{topic_label(topic)} ({tr('ins.role_' + role)})")
            most = int(tby.groupby("year")["visits"].sum().max())
            # Years on a number line at least six years wide: one or two years of visits as categories drew bars
            # as wide as the chart.
            first, last = int(tby["year"].min()), int(tby["year"].max())
            pad = max(0.0, (5 - (last - first)) / 2)
            fig.update_layout(barmode="stack", height=360, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                              xaxis={"type": "linear", "dtick": 1, "tickformat": "d",
                                     "range": [first - 0.5 - pad, last + 0.5 + pad]},
                              showlegend=True, legend={"orientation": "h"},
                              yaxis={"dtick": 1 if most <= 10 else None, "rangemode": "tozero"})
            st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
        if prof["undated"]:
            st.caption(tr("ins.undated_note", n=fmt_int(prof["undated"], lang)))


# ------------------------------------------------------------------------------------------ travel and cost
BAND_NAMES = [
    tr("ins.band_lt", a=fmt_int(cost.BAND_EDGES_KM[0], lang)),
    tr("ins.band_mid", a=fmt_int(cost.BAND_EDGES_KM[0], lang), b=fmt_int(cost.BAND_EDGES_KM[1], lang)),
    tr("ins.band_gt", b=fmt_int(cost.BAND_EDGES_KM[1], lang)),
]


def range_input(label: str, default: Range, key: str, step: float, fmt: str, problems: list[str]) -> Range:
    """Two number inputs (low, high); a low above its high is reported and the default is used."""
    a, b = st.columns(2)
    low = a.number_input(f"{label} · {tr('ins.low')}", min_value=0.0, step=step, format=fmt,
                         key=kept(f"{key}_lo", float(default.low)))
    high = b.number_input(f"{label} · {tr('ins.high')}", min_value=0.0, step=step, format=fmt,
                          key=kept(f"{key}_hi", float(default.high)))
    keep(f"{key}_lo", low)
    keep(f"{key}_hi", high)
    if low > high:
        problems.append(label)
        return default
    return Range(low, high)


def read_params() -> CostParams:
    """The analyst's parameters from the widgets (defaults until changed)."""
    d = cost.DEFAULT_PARAMS
    problems: list[str] = []
    with st.expander(tr("ins.params")):
        transport = tuple(
            range_input(tr("ins.p_transport", band=BAND_NAMES[i]), d.transport_idr[i], f"ins_w_tr{i}", 100_000.0,
                        "%.0f", problems) for i in range(3)
        )
        per_diem = range_input(tr("ins.p_per_diem"), d.per_diem_idr, "ins_w_pd", 10_000.0, "%.0f", problems)
        lodging = range_input(tr("ins.p_lodging"), d.lodging_idr, "ins_w_lodge", 50_000.0, "%.0f", problems)
        days = range_input(tr("ins.p_days"), d.days, "ins_w_days", 1.0, "%.0f", problems)
        emission = tuple(
            range_input(tr("ins.p_emission", band=BAND_NAMES[i]), d.emission_kg_pkm[i], f"ins_w_ef{i}", 0.01,
                        "%.3f", problems) for i in range(3)
        )
        if st.button(tr("ins.reset_params"), key="ins_w_reset"):
            prefixes = ("ins_w_tr", "ins_w_pd", "ins_w_lodge", "ins_w_days", "ins_w_ef")
            for key in list(st.session_state):
                if str(key).startswith(prefixes):
                    del st.session_state[key]
            store = st.session_state.get(KEPT_KEY, {})
            for key in [k for k in store if k.startswith(prefixes)]:
                del store[key]
            st.session_state.pop(PARAMS_KEY, None)
            st.rerun()
    for what in problems:
        st.warning(tr("ins.bad_range", what=what))
    return CostParams(transport_idr=transport, per_diem_idr=per_diem, lodging_idr=lodging, days=days,
                      emission_kg_pkm=emission)


def show_cost() -> None:
    """Delegate-km, cost and CO2 ranges of the view under the analyst's parameters."""
    st.caption(tr("ins.cost_intro"))
    params = read_params()
    st.session_state[PARAMS_KEY] = params
    summary, by, per = estimate_cost(ctx.columns(*TRIP_COLUMNS), (view_key, astuple(params)), params, PER_VISIT_ROWS)
    m1, m2 = st.columns(2)
    m3, m4 = st.columns(2)
    m1.metric(tr("ins.m_costed"), f"{fmt_int(summary.costed, lang)} / {fmt_int(summary.visits, lang)}")
    m2.metric(tr("ins.m_delegate_km"), fmt_int(summary.delegate_km, lang) if summary.costed else "–")
    m3.metric(tr("ins.m_cost"), briefing.to_idr_range(summary.cost_idr, lang) if summary.costed else "–")
    m4.metric(tr("ins.m_co2"), f"{fmt_int(summary.co2_t.low, lang)} – {fmt_int(summary.co2_t.high, lang)} t"
              if summary.costed else "–")
    st.caption(tr("ins.cost_apart", e=fmt_int(summary.estimated_size, lang), s=fmt_int(summary.unknown_size, lang),
                  d=fmt_int(summary.unknown_distance, lang)))

    st.subheader(tr("ins.h_by_band"))
    by["band_name"] = BAND_NAMES
    by["delegate_km"] = by["delegate_km"].map(lambda x: fmt_int(x, lang))
    by["cost"] = [briefing.to_idr_range(Range(lo, hi), lang)
                  for lo, hi in zip(by["cost_low_idr"], by["cost_high_idr"], strict=True)]
    by["co2"] = [f"{fmt_float(lo / 1e3, lang, 1)} – {fmt_float(hi / 1e3, lang, 1)}"
                 for lo, hi in zip(by["co2_low_kg"], by["co2_high_kg"], strict=True)]
    show_table(by, {"band_name": tr("ins.col_band"), "visits": tr("ins.col_visits"),
                    "delegate_km": tr("ins.m_delegate_km"), "cost": tr("ins.m_cost"), "co2": tr("ins.col_co2")})

    st.subheader(tr("ins.h_per_visit"))
    if summary.visits > PER_VISIT_ROWS:
        st.caption(tr("ins.per_visit_cap", k=fmt_int(PER_VISIT_ROWS, lang), n=fmt_int(summary.visits, lang)))
    # Whole km: the distance is between region seats, decimals would claim a precision it does not have.
    per["distance_km"] = per["distance_km"].round(0)
    per["delegate_km"] = per["delegate_km"].round(0)
    per["status"] = per["status"].map(lambda s: tr(f"ins.status_{s}"))
    per["cost"] = [
        "–" if pd.isna(lo) else f"{fmt_float(lo / 1e6, lang, 1)} – {fmt_float(hi / 1e6, lang, 1)}"
        for lo, hi in zip(per["cost_low_idr"], per["cost_high_idr"], strict=True)
    ]
    show_table(per, {
        "visit_id": "ID", "origin_name": tr("ins.col_origin"), "host_name": tr("ins.col_host"),
        "delegates": tr("ins.col_delegates"), "distance_km": "km", "status": tr("ins.col_status"),
        "delegate_km": tr("ins.m_delegate_km"), "cost": tr("ins.col_cost"),
    })

    st.subheader(tr("ins.h_assumptions"))
    st.markdown("\n".join(f"- {line}" for line in briefing.to_assumption_lines(params, lang)))

def show_brief() -> None:
    """Download buttons for the brief of the view (made only when one is pressed)."""
    st.caption(tr("ins.brief_intro"))
    params = st.session_state.get(PARAMS_KEY, cost.DEFAULT_PARAMS)  # as last set on the cost tab
    name = f"study-visit-brief-{lang}"

    def make_html() -> str:
        # Built only when a button is pressed, not on every rerun of the page.
        outline, points = briefing.read_backdrop()
        return briefing.to_brief_html(ctx.visits, lang, params=params, filters=ctx.filters,
                                      total_visits=len(ctx.tables.visits), outline=outline, points=points)

    left, right = st.columns(2)
    left.download_button(tr("ins.brief_html"), data=lambda: make_html().encode("utf-8"), file_name=f"{name}.html",
                         mime="text/html", on_click="ignore", icon=":material/description:", key="ins_w_html")
    engine = briefing.find_pdf_engine()
    if engine is None:
        right.info(tr("ins.brief_no_pdf"))
    else:
        right.download_button(tr("ins.brief_pdf"), data=lambda: briefing.render_pdf(make_html(), engine=engine),
                              file_name=f"{name}.pdf", mime="application/pdf", on_click="ignore",
                              icon=":material/picture_as_pdf:", key="ins_w_pdf")


# ------------------------------------------------------------------------------------------ the tabs
tab, container = open_tab([tr(f"ins.tab_{slug}") for slug in TABS])
with container:
    {"network": show_network, "hubs": show_hubs, "place": show_place, "cost": show_cost, "brief": show_brief}[tab]()
