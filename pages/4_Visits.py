"""Visits: every filtered visit as a table; a selected visit shows its source articles and evidence sentences.

Article titles and evidence are untrusted text: they go to st.dataframe / st.text
(shown as text, never as HTML or Markdown), and links are offered only for
http(s) addresses.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from ui.export import (
    latest_first_order,
    to_csv_bytes,
    to_date_label,
    to_day_numbers,
    to_delegation_label,
    to_evidence_table,
    to_latest_first,
    to_safe_link,
    to_sources_table,
    to_visits_table,
    to_xlsx_bytes,
)
from ui.i18n import fmt_float, fmt_int
from ui.page import setup

TABLE_KEY = "atlas_visits_table"
# A browser table of more rows than this is slow to send and to scroll; the downloads hold every filtered row.
MAX_SHOWN = 2_000
# openpyxl writes ~3,000 rows/s here: 100k rows take ~35 s, 1M would take 6 minutes behind a spinner (Excel's own
# sheet limit is 1,048,575). Above this the Excel button is off and says to narrow the filters or take the CSV.
EXCEL_MAX_ROWS = 100_000


@st.cache_data(show_spinner=False, max_entries=16)
def latest_for(fingerprint: tuple, filters_key: str, _all_visits: pd.DataFrame, _positions: np.ndarray | None,
               _dates: pd.Series) -> pd.DataFrame:
    """The rows the table shows, once per data version and filters (sorting 1M dates is not free): to_latest_first
    of the filtered visits, ordered by their dates alone and only the shown rows taken from the table (_positions:
    the filtered rows' positions in it, None for all)."""
    del fingerprint, filters_key  # the cache key; the frames themselves are not hashed
    order = latest_first_order(to_day_numbers(_dates), MAX_SHOWN)
    return _all_visits.iloc[order if _positions is None else _positions[order]]


ctx = setup("visits")
tr, lang = ctx.t, ctx.lang
st.caption(tr("visits.intro"))
ctx.stop_if_empty()

shown = latest_for(ctx.tables.fingerprint, repr(replace(ctx.filters, lang="")), ctx.tables.visits, ctx.positions,
                   ctx.columns("date")["date"])
table = to_visits_table(shown, lang)
if ctx.n_visits > len(shown):
    st.caption(tr("visits.shown", shown=fmt_int(len(shown), lang), n=fmt_int(ctx.n_visits, lang)))
event = st.dataframe(
    table,
    key=TABLE_KEY,
    on_select="rerun",
    selection_mode="single-row",
    hide_index=True,
    width="stretch",
    column_config={
        "visit_id": st.column_config.TextColumn("ID", width="small"),
        tr("col.confidence"): st.column_config.ProgressColumn(tr("col.confidence"), min_value=0.0, max_value=1.0, format="%.2f"),
    },
)

st.caption(tr("visits.export", n=fmt_int(ctx.n_visits, lang)))
left, right, _ = st.columns([1, 1, 6])
# Files are built only when a button is pressed (from every filtered row, latest first): Excel takes seconds.
# ctx.visits (every column of every filtered row) is only copied then, too.
left.download_button(tr("visits.csv"), data=lambda: to_csv_bytes(to_visits_table(to_latest_first(ctx.visits), lang)),
                     file_name="study-visits.csv", mime="text/csv", on_click="ignore")
too_many = ctx.n_visits > EXCEL_MAX_ROWS
right.download_button(tr("visits.xlsx"), data=lambda: to_xlsx_bytes(to_visits_table(to_latest_first(ctx.visits), lang)),
                      file_name="study-visits.xlsx", on_click="ignore", disabled=too_many,
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      help=tr("visits.xlsx_too_many", max=fmt_int(EXCEL_MAX_ROWS, lang)) if too_many else None)

rows = event.selection.rows if event is not None else []
if not rows:
    st.info(tr("visits.pick"))
    st.stop()

if rows[0] >= len(shown):  # a selection left over from a longer table before the filters changed
    st.info(tr("visits.pick"))
    st.stop()
visit = shown.iloc[rows[0]]
vid = str(visit["visit_id"])
st.subheader(tr("visits.detail", visit_id=vid))
facts = [
    tr("visits.date_line", date=to_date_label(visit["date"], visit["date_precision"], lang),
       precision=tr(f"precision.{visit['date_precision'] if pd.notna(visit['date_precision']) else 'unknown'}")),
    tr("visits.size_line", size=to_delegation_label(visit["delegation_size"], visit["delegation_min"],
                                                    visit["delegation_max"], lang)),
    tr("visits.confidence_line", value=fmt_float(visit["confidence"], lang, 2)),
]
if pd.notna(visit["date_note"]):
    facts.append(tr("visits.date_note", note=visit["date_note"]))
if pd.notna(visit["lead"]):
    facts.append(tr("visits.lead_line", lead=visit["lead"]))
# st.text: these lines hold text read from articles, which must not be interpreted as Markdown.
st.text("\n".join(facts))

st.markdown(f"**{tr('visits.sources')}**")
sources = to_sources_table(vid, ctx.tables.visit_sources, ctx.tables.articles, lang)
if sources.empty:
    st.info(tr("visits.no_sources"))
else:
    link_col = tr("col.url")
    sources[link_col] = sources[link_col].map(to_safe_link)
    st.dataframe(sources, hide_index=True, width="stretch",
                 column_config={link_col: st.column_config.LinkColumn(link_col)})

st.markdown(f"**{tr('visits.evidence')}**")
evidence = to_evidence_table(vid, ctx.tables.visit_sources, lang)
if evidence.empty:
    st.info(tr("visits.no_evidence"))
else:
    st.dataframe(evidence, hide_index=True, width="stretch")
