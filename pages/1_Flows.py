"""Flows: who visits whom, as lines over an offline map of Indonesia, with the top routes and one place in detail.

load (cached, ui.page) -> filter (ui.state) -> aggregate (ui.aggregate, cached per filter) -> figure (ui.figures).
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui import aggregate as A
from ui import figures as F
from ui import geo
from ui.data import Tables
from ui.i18n import fmt_int
from ui.page import setup

MAP_KEY = "atlas_flows_map"
PLACE_KEY = "atlas_flows_place"
TOP_N_CHOICES = (10, 25, 50, 100, 200, 300)


class FlowsView(NamedTuple):
    """The routes of one level and filters, with what the page reads from them on every rerun."""

    flows: A.Flows
    n_drawable: int  # routes whose origin and host differ
    same: int  # visits within one place (no line to draw)
    options: list[str]  # places for the detail picker, busiest first


def flow_codes(tables: Tables, level: str) -> A.FlowCodes:
    """Every visit's places as codes at this level, once per table: a new view only counts its rows' codes.
    The province level starts from the region level's name codes (the default level: usually made already)."""
    region = tables.memo("flows.codes.region", lambda: A.build_flow_codes(tables.visits, "region"))
    if level == "region":
        return region
    return tables.memo(f"flows.codes.{level}", lambda: A.build_flow_codes(tables.visits, level, region))


@st.cache_resource(show_spinner=False, max_entries=16)
def flows_for(fingerprint: tuple, filters_key: str, level: str, _codes: A.FlowCodes, _rows: np.ndarray | None
              ) -> FlowsView:
    # Keyed by the data files and the filters, not by hashing the million-row frame itself. cache_resource, not
    # cache_data: pages only read the result, and a shared object saves unpickling a 170k-row route table per rerun.
    del fingerprint, filters_key
    flows = A.build_flows_at(_codes, _rows, geo.read_province_seats())
    routes = flows.routes
    places = flows.places.assign(total=flows.places["visits_in"] + flows.places["visits_out"])
    return FlowsView(
        flows=flows, n_drawable=int((~routes["same_place"]).sum()),
        same=int(routes.loc[routes["same_place"], "visits"].sum()),
        options=places.sort_values(["total", "place"], ascending=[False, True])["place"].tolist(),
    )


@st.cache_resource(show_spinner=False, max_entries=32)
def flow_map_for(fingerprint: tuple, filters_key: str, level: str, shown: int, weight: str, lang: str,
                 _flows: A.Flows) -> go.Figure:
    """The map once per view: a rerun (a click elsewhere on the page) sends the same figure without rebuilding it.
    Streamlit only reads the figure (it serialises a copy), so one object can serve every session."""
    del fingerprint, filters_key, level  # with shown, weight and lang: the cache key
    return F.build_flow_map(_flows, shown, weight, lang)


@st.cache_resource(show_spinner=False, max_entries=32)
def top_routes_for(fingerprint: tuple, filters_key: str, level: str, n: int, weight: str, _flows: A.Flows
                   ) -> pd.DataFrame:
    del fingerprint, filters_key, level  # with n and weight: the cache key
    return A.top_routes(_flows.routes, n, weight)


def whole(x: pd.Series) -> pd.Series:
    """Delegates as whole people, halves rounded up (a range's middle, 14.5, reads as 15, not banker's 14)."""
    return (x + 0.5).floordiv(1).astype("int64")


ctx = setup("flows")
tr, lang = ctx.t, ctx.lang
st.caption(tr("flows.intro"))
ctx.stop_if_empty()

c1, c2, c3 = st.columns([2, 2, 2])
level = c1.radio(tr("flows.level"), A.FLOW_LEVELS, format_func=lambda x: tr(f"flows.level.{x}"), horizontal=True,
                 key="atlas_flows_level")
weight = c2.radio(tr("flows.weight"), A.WEIGHTS, format_func=lambda x: tr(f"flows.weight.{x}"), horizontal=True,
                  key="atlas_flows_weight")
top_n = c3.select_slider(tr("flows.top_n"), TOP_N_CHOICES, value=50, key="atlas_flows_top_n")

# The cache key: which data (folder + the files' fingerprint at load) and which filters (not the language).
fingerprint = (str(ctx.tables.data_dir), ctx.tables.fingerprint)
filters_key = repr(replace(ctx.filters, lang="en"))
# Row positions into the whole table's place codes, not the filtered frame: no column is copied for a new view.
codes = flow_codes(ctx.tables, level)
view = flows_for(fingerprint, filters_key, level, codes, ctx.positions)
flows = view.flows
shown = min(top_n, view.n_drawable)

fig = flow_map_for(fingerprint, filters_key, level, shown or 1, weight, lang, flows)
event = st.plotly_chart(fig, key=MAP_KEY, on_select="rerun", selection_mode="points",
                        config={"displaylogo": False, "scrollZoom": True})
st.caption(tr("flows.map_source"))

left, right = st.columns([3, 2])
with left:
    st.markdown(tr("flows.summary", routed=fmt_int(flows.n_routed, lang), total=fmt_int(flows.n_visits, lang),
                   routes=fmt_int(view.n_drawable, lang), shown=fmt_int(shown, lang)))
    if not view.n_drawable:
        st.info(tr("flows.no_routes"))
    else:
        top = top_routes_for(fingerprint, filters_key, level, top_n, weight, flows)
        table = pd.DataFrame({
            tr("fig.origin"): top["origin"], tr("fig.host"): top["host"],
            tr("fig.visits"): top["visits"], tr("fig.delegates"): whole(top["delegates"]),
        })
        st.markdown(f"**{tr('flows.top_routes')}**")
        st.dataframe(table, hide_index=True, width="stretch", height=320)
    if weight == "delegates":
        st.caption(tr("flows.sized_note", sized=fmt_int(flows.n_sized, lang), total=fmt_int(flows.n_visits, lang)))
    if view.same:
        st.caption(tr("flows.same_place", n=fmt_int(view.same, lang)))

apart = flows.apart
with right:
    st.markdown(f"**{tr('flows.apart', n=fmt_int(int(apart['visits'].sum()), lang))}**")
    st.caption(tr("flows.apart.help"))
    if len(apart):
        st.dataframe(pd.DataFrame({
            tr("flows.col.side"): [tr(f"flows.side.{s}") for s in apart["side"]],
            tr("flows.col.reason"): [tr(f"flows.reason.{r}") for r in apart["reason"]],
            tr("flows.col.place"): apart["place"],
            tr("fig.visits"): apart["visits"],
        }), hide_index=True, width="stretch", height=320)

# One place in detail: chosen in the list, or by clicking its dot (or a route's arrow: its host) on the map.
options = view.options
points = event.selection.get("points", []) if event is not None and event.selection else []
clicked = None
for p in points:
    cd = p.get("customdata")
    if isinstance(cd, list) and len(cd) == 2:
        cd = cd[1]
    if isinstance(cd, str) and cd in options:
        clicked = cd
if clicked is not None:
    st.session_state[PLACE_KEY] = clicked
if st.session_state.get(PLACE_KEY) not in (None, *options):
    st.session_state[PLACE_KEY] = None
place = st.selectbox(tr("flows.pick"), [None, *options], key=PLACE_KEY,
                     format_func=lambda x: tr("flows.pick.none") if x is None else x)
if place is not None:
    came, went = A.build_place_detail_at(codes, ctx.positions, place)
    a, b = st.columns(2)
    for col, frame, side, title, none in ((a, came, "origin", "flows.came", "flows.none_came"),
                                          (b, went, "host", "flows.went", "flows.none_went")):
        with col:
            st.markdown(f"**{tr(title, place=place)}**")
            if frame.empty:
                st.info(tr(none, place=place))
            else:
                st.dataframe(pd.DataFrame({
                    tr(f"fig.{side}"): frame[side], tr("fig.visits"): frame["visits"],
                    tr("fig.delegates"): whole(frame["delegates"]),
                }), hide_index=True, width="stretch", height=300)
