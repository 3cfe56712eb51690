"""Timeline: visits per month, quarter or year, split by topic, visit type or who travelled; plus seasonality.

Visits dated to a month sit in that month; visits dated to a year only appear in the yearly view; undated visits
are counted and said, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui import aggregate as A
from ui import figures as F
from ui.i18n import MONTHS, fmt_int
from ui.page import setup


@st.cache_resource(show_spinner=False, max_entries=16)
def month_codes_for(fingerprint: tuple, filters_key: str, _visits: pd.DataFrame) -> np.ndarray:
    """Each visit's year-month, read once per data and filters for the timeline and the seasonality (reading a
    million dates is the costly part of both)."""
    del fingerprint, filters_key  # the cache key; the frame itself is not hashed (a million rows)
    return A.month_codes(_visits)


@st.cache_resource(show_spinner=False, max_entries=32)
def timeline_for(fingerprint: tuple, filters_key: str, freq: str, stack: str, _visits: pd.DataFrame,
                 _visit_topics: pd.DataFrame | A.TopicRows, _month_code: np.ndarray) -> A.Timeline:
    # Keyed by the data files and the filters; the frames themselves are not hashed (a million rows).
    del fingerprint, filters_key
    return A.build_timeline(_visits, _visit_topics, freq, stack, month_code=_month_code)


@st.cache_resource(show_spinner=False, max_entries=16)
def seasonality_for(fingerprint: tuple, filters_key: str, _visits: pd.DataFrame, _month_code: np.ndarray
                    ) -> pd.DataFrame:
    del fingerprint, filters_key
    return A.build_seasonality(_visits, month_code=_month_code)


@st.cache_resource(show_spinner=False, max_entries=64)
def timeline_chart_for(key: tuple, _build: Callable[[], go.Figure]) -> go.Figure:
    """A chart built once per view (key: data, filters, which chart and its options, language), so a rerun only sends
    it again. Streamlit only reads the figure (it serialises a copy), so one object can serve every session."""
    del key
    return _build()


ctx = setup("timeline")
tr, lang = ctx.t, ctx.lang
ctx.stop_if_empty()

c1, c2 = st.columns([1, 2])
freq = c1.radio(tr("timeline.freq"), A.FREQS, format_func=lambda x: tr(f"timeline.freq.{x}"), horizontal=True,
                key="atlas_timeline_freq")
stack = c2.radio(tr("timeline.stack"), A.STACKS, format_func=lambda x: tr(f"timeline.stack.{x}"), horizontal=True,
                 key="atlas_timeline_stack")

# The cache key: which data (folder + the files' fingerprint at load) and which filters (not the language).
fingerprint = (str(ctx.tables.data_dir), ctx.tables.fingerprint)
filters_key = repr(replace(ctx.filters, lang="en"))
# Only the columns the timeline reads: copying all of them for a new view cost more than the timeline itself.
visits = ctx.columns("date", "date_precision", "year", *(s for s in A.STACKS if s not in ("none", "topic")))
month_code = month_codes_for(fingerprint, filters_key, visits)
topics = ctx.topic_rows() if stack == "topic" else None
timeline = timeline_for(fingerprint, filters_key, freq, stack, visits, topics, month_code)

if timeline.counts.empty:
    st.info(tr("fig.empty"))
else:
    # The mix (which topics, who travels) changes more than the volume tells: 100% bars show it.
    share = stack != "none" and st.toggle(tr("timeline.share"), key="atlas_timeline_share")
    fig = timeline_chart_for((fingerprint, filters_key, "timeline", freq, stack, share, lang),
                    lambda: F.build_timeline_chart(timeline, lang, share=share))
    st.plotly_chart(fig, key="atlas_timeline_chart",
                    config={"displaylogo": False})
notes = [tr("timeline.placed", placed=fmt_int(timeline.n_placed, lang), total=fmt_int(timeline.n_visits, lang))]
if timeline.n_unknown_date:
    notes.append(tr("timeline.unknown", n=fmt_int(timeline.n_unknown_date, lang)))
if timeline.n_year_only:
    notes.append(tr("timeline.year_only", n=fmt_int(timeline.n_year_only, lang)))
if stack == "topic":
    notes.append(tr("timeline.multi_topic"))
st.caption(" ".join(notes))

st.subheader(tr("timeline.season"))
season = seasonality_for(fingerprint, filters_key, visits, month_code)
if season.empty or season.to_numpy().sum() == 0:
    st.info(tr("fig.empty"))
else:
    fig = timeline_chart_for((fingerprint, filters_key, "season", lang), lambda: F.build_seasonality_heatmap(season, lang))
    st.plotly_chart(fig, key="atlas_timeline_season",
                    config={"displaylogo": False})
    busiest = int(season.sum(axis=0).idxmax())
    st.caption(tr("timeline.season_note") + " " + tr("timeline.busiest",
                                                      month=MONTHS["id" if lang == "id" else "en"][busiest - 1]))
