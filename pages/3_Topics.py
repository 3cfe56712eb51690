"""Topics: what governments go to learn, how that changed by year, and where they go to learn each topic.

A visit with several topics counts in each; the page says so, with the number of such visits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl import taxonomy
from ui import aggregate as A
from ui import figures as F
from ui.i18n import fmt_float, fmt_int
from ui.page import setup

HUB_K = 8


@st.cache_resource(show_spinner=False, max_entries=16)
def topic_tables_for(fingerprint: tuple, filters_key: str, _visits: pd.DataFrame, _rows: A.TopicRows
                     ) -> tuple[A.TopicShares, pd.DataFrame, pd.DataFrame]:
    # Keyed by the data files and the filters; the frames themselves are not hashed (a million rows).
    del fingerprint, filters_key
    return (A.build_topic_shares(_visits, _rows), A.build_topic_year(_visits, _rows),
            A.build_topic_hubs(_visits, _rows, HUB_K))


@st.cache_resource(show_spinner=False, max_entries=64)
def topics_chart_for(key: tuple, _build: Callable[[], go.Figure]) -> go.Figure:
    """A chart built once per view (key: data, filters, which chart and its options, language), so a rerun only sends
    it again. Streamlit only reads the figure (it serialises a copy), so one object can serve every session."""
    del key
    return _build()


ctx = setup("topics")
tr, lang = ctx.t, ctx.lang
ctx.stop_if_empty()

# The cache key: which data (folder + the files' fingerprint at load) and which filters (not the language).
fingerprint = (str(ctx.tables.data_dir), ctx.tables.fingerprint)
filters_key = repr(replace(ctx.filters, lang="en"))
# The columns the three tables read, and the topic rows resolved once (from arrays kept per data version).
shares, by_year, hubs = topic_tables_for(fingerprint, filters_key, ctx.columns("year", "host_name", "host_level"),
                                         ctx.topic_rows())

st.subheader(tr("topics.shares"))
st.caption(tr("topics.multi", multi=fmt_int(shares.n_multi, lang), total=fmt_int(shares.n_visits, lang),
              none=fmt_int(shares.n_no_topic, lang)))
st.plotly_chart(topics_chart_for((fingerprint, filters_key, "shares", lang), lambda: F.build_topic_shares_chart(shares, lang)),
                key="atlas_topics_shares", config={"displaylogo": False})

st.subheader(tr("topics.by_year"))
if by_year.empty:
    st.info(tr("fig.empty"))
else:
    normalize = st.toggle(tr("topics.normalize"), key="atlas_topics_normalize")
    fig = topics_chart_for((fingerprint, filters_key, "by_year", normalize, lang),
                    lambda: F.build_topic_year_heatmap(by_year, lang, normalize))
    st.plotly_chart(fig, key="atlas_topics_year",
                    config={"displaylogo": False})

st.subheader(tr("topics.hubs"))
if hubs.empty:
    st.info(tr("fig.empty"))
else:
    present = shares.shares["topic"].tolist()
    topic = st.selectbox(tr("topics.pick"), present, key="atlas_topics_pick",
                         format_func=lambda s: taxonomy.label(taxonomy.TOPICS, s, lang))
    left, right = st.columns([3, 2])
    with left:
        fig = topics_chart_for((fingerprint, filters_key, "hubs", topic, lang), lambda: F.build_hubs_chart(hubs, topic, lang))
        st.plotly_chart(fig, key="atlas_topics_hubs", config={"displaylogo": False})
        unresolved = int(hubs.loc[hubs["topic"] == topic, "unresolved"].max())
        if unresolved:
            st.caption(tr("topics.hub_unresolved", n=fmt_int(unresolved, lang)))
    with right:
        st.markdown(f"**{tr('topics.hubs_table')}**")
        first = hubs[hubs["rank"] == 1].set_index("topic").reindex(present).dropna(subset=["host"])
        st.dataframe(pd.DataFrame({
            tr("fig.topic"): [taxonomy.label(taxonomy.TOPICS, s, lang) for s in first.index],
            tr("topics.col.top_host"): first["host"].to_numpy(),
            tr("topics.col.hub_share"): [fmt_float(100 * s, lang, 0) + "%" for s in first["share"]],
        }), hide_index=True, width="stretch")
