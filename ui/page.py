"""What every page does first: page config, cached data, the shared sidebar, filters kept in the session and URL.

A page is thin:

    ctx = setup("flows")                      # sidebar drawn, filters applied
    if ctx.stop_if_empty(): ...               # friendly message when nothing matches
    fig = figures.build_flows(ctx.visits, ctx.lang)   # pure
    st.plotly_chart(fig)

Filters live in three places that are kept in step here:
- st.session_state[FILTERS_KEY]: the Filters value; survives page changes (widget
  state does not, since widget ids differ per page);
- the sidebar widgets (keys starting "atlas_w_"), seeded from that value each run;
- the URL (st.query_params), so a view can be shared and restored as a link.
A URL that differs from what this session last wrote came from outside (a shared
link, an edited address): it wins. An empty URL after we wrote one means a page
change cleared it: the session's filters win and are written back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from etl import taxonomy
from ui import data as data_mod
from ui.aggregate import TopicRows, build_topic_rows
from ui.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, fmt_int, fmt_timestamp, t
from ui.state import (
    UNKNOWN_PROVINCE,
    URL_KEYS,
    Filters,
    YearBounds,
    count_unknown_year,
    count_unknown_year_excluded,
    filter_mask,
    from_query_params,
    normalize_years,
    province_options,
    select_visit_topics,
    to_query_params,
    to_topic_rows,
    to_year_bounds,
)

T = TypeVar("T")

FILTERS_KEY = "atlas_filters"
LAST_URL_KEY = "atlas_last_url"
NOTICES_KEY = "atlas_notices"
FILTERED_KEY = "atlas_filtered"  # this session's last FilteredView (which visits match its filters)

W_LANG = "atlas_w_lang"
W_YEARS = "atlas_w_years"
W_TOPICS = "atlas_w_topics"
W_TYPES = "atlas_w_types"
W_INST = "atlas_w_inst"
W_ORIGIN = "atlas_w_origin"
W_HOST = "atlas_w_host"
W_PLACE = "atlas_w_place"
WIDGET_KEYS = (W_LANG, W_YEARS, W_TOPICS, W_TYPES, W_INST, W_ORIGIN, W_HOST, W_PLACE)


class FilteredView:
    """The visits that match one set of filters, as row positions into the full table; rows are copied only for
    the columns a page asks for (copying all 35 columns of half a million visits took 0.25 s per new view).

    One per session (ui.page keeps the latest), reused by every rerun and page that shows the same filters.
    Frames handed out are read-only, like the tables.
    """

    def __init__(self, key: tuple, tables: data_mod.Tables, mask: np.ndarray | None) -> None:
        self.key = key
        self.tables = tables
        # None: every row matches (the tables themselves are handed out, nothing is copied).
        self.positions: np.ndarray | None = None if mask is None or mask.all() else np.flatnonzero(mask)
        self.mask = mask
        self.n = len(tables.visits) if self.positions is None else len(self.positions)
        self._kept: dict[tuple, object] = {}  # what was worked out for this view: ("columns", names), ...
        self._lock = threading.Lock()

    def _keep(self, key: tuple, build: Callable[[], T]) -> T:
        """build() once per view and key; the session's reruns and other pages reuse it."""
        with self._lock:
            if key in self._kept:
                return self._kept[key]
        value = build()
        with self._lock:
            return self._kept.setdefault(key, value)

    def frame(self) -> pd.DataFrame:
        """Every column of the matching visits."""
        return self.columns(*self.tables.visits.columns)

    def columns(self, *names: str) -> pd.DataFrame:
        """Only these columns of the matching visits (same index labels as the full frame's rows)."""
        return self._keep(("columns", tuple(names)), lambda: self._take(list(names)))

    def _take(self, names: list[str]) -> pd.DataFrame:
        visits = self.tables.visits
        with self._lock:
            everything = self._kept.get(("columns", tuple(visits.columns)))
        if everything is not None:  # the full frame was copied already: select from it
            return everything[names]
        if self.positions is None:
            return visits if names == list(visits.columns) else visits[names]
        return visits[names].take(self.positions)

    def topic_rows(self) -> TopicRows:
        """The matching visits' topic rows resolved to positions in columns(...)/frame() rows: what
        ui.aggregate.build_topic_rows(frame(), visit_topics()) returns, from per-table arrays instead of matching
        every topic row's visit id again (0.9 s at 1M visits for a new view)."""
        return self._keep(("topic_rows",), self._build_topic_rows)

    def _build_topic_rows(self) -> TopicRows:
        tables = self.tables
        rows = _topic_rows(tables)
        codes, names = tables.memo("topic_codes", lambda: pd.factorize(tables.visit_topics["topic"]))
        if (codes < 0).any():  # a topic row without a topic: let the general path decide what it means
            return build_topic_rows(self.columns("visit_id"), self.visit_topics())
        if self.positions is None:
            keep = rows >= 0
            pos = rows[keep]
        else:
            keep = np.zeros(len(rows), dtype=bool)
            known = rows >= 0
            keep[known] = self.mask[rows[known]]
            inverse = np.full(len(tables.visits), -1, dtype=np.int64)
            inverse[self.positions] = np.arange(self.n)
            pos = inverse[rows[keep]]
        # Topic codes numbered in order of first appearance among these rows, as factorizing them would.
        remap, order = pd.factorize(codes[keep])
        return TopicRows(pos.astype(np.int64), remap.astype(np.int64), np.asarray(names, dtype=object)[order])

    def visit_topics(self) -> pd.DataFrame:
        """The topic rows of the matching visits (all their topics, also those not chosen in the topic filter)."""
        tables = self.tables
        if self.positions is None:
            return tables.visit_topics
        return self._keep(("visit_topics",),
                          lambda: select_visit_topics(tables.visit_topics, _topic_rows(tables), self.mask))


@dataclass(frozen=True)
class PageContext:
    """What a page gets from setup(): all tables, the filtered visits and topics, the filters and a translator.

    The filtered visits are a FilteredView: `visits` copies every column of the matching rows on first use (0.25 s
    at 1M visits for a new view), `columns(...)` only the ones asked for; both are kept for the session's reruns.
    Pages whose computations read a few columns should ask for those.
    """

    tables: data_mod.Tables
    view: FilteredView
    filters: Filters
    lang: str
    t: Callable[..., str]
    unknown_year_excluded: int = 0

    @property
    def visits(self) -> pd.DataFrame:
        """The filtered visits, every column."""
        return self.view.frame()

    def columns(self, *names: str) -> pd.DataFrame:
        """Only these columns of the filtered visits (a KeyError names a column the table does not have)."""
        return self.view.columns(*names)

    @property
    def positions(self) -> np.ndarray | None:
        """Row positions of the filtered visits in tables.visits; None when every visit matches."""
        return self.view.positions

    @property
    def n_visits(self) -> int:
        """How many visits match the filters."""
        return self.view.n

    @property
    def visit_topics(self) -> pd.DataFrame:
        """The topic rows of the filtered visits (all their topics)."""
        return self.view.visit_topics()

    def topic_rows(self) -> TopicRows:
        """The filtered visits' topic rows as positions into columns(...) rows and topic codes (see FilteredView)."""
        return self.view.topic_rows()

    def stop_if_empty(self) -> bool:
        """Show the friendly "nothing matches" message and stop the page when no visit is left."""
        if self.n_visits:
            return False
        if len(self.tables.visits):
            st.info(self.t("filter.empty"))
        else:
            st.info(self.t("data.no_visits"))
        st.stop()
        return True  # not reached under Streamlit; keeps the contract honest outside it


def _url_filter_params() -> dict[str, tuple[str, ...]]:
    """Our keys in the current URL, as key -> all values (comparable with what we wrote)."""
    qp = st.query_params
    return {key: tuple(qp.get_all(key)) for key in URL_KEYS.values() if key in qp}


def current_lang() -> str:
    """The language this run shows, known before the sidebar is drawn (for the page title and navigation)."""
    ss = st.session_state
    if ss.get(W_LANG) in LANGS:
        return ss[W_LANG]
    url = st.query_params.get_all("lang")
    if url and url[0] in LANGS and _url_filter_params() != ss.get(LAST_URL_KEY):
        return url[0]
    f = ss.get(FILTERS_KEY)
    if isinstance(f, Filters):
        return f.lang
    return url[0] if url and url[0] in LANGS else DEFAULT_LANG


def page_title(page_key: str, lang: str) -> str:
    """The browser-tab title of a page."""
    return f"{t(f'page.{page_key}', lang)} · {t('app.title', lang)}"


def _load(lang: str) -> data_mod.Tables:
    """The cached tables, building the sample on first start; a friendly message and stop when impossible."""
    data_dir = data_mod.resolve_data_dir()
    try:
        # Only the default folder is built; a folder named through ATLAS_DATA_DIR is the operator's to fill.
        if not data_mod.is_env_data_dir() and not data_mod.has_tables(data_dir):
            _build_sample(data_dir, lang)
        return data_mod.load_tables(data_dir)
    except data_mod.DataError as exc:
        key = {"missing": "data.missing", "corrupt": "data.corrupt"}.get(exc.kind, "data.build_failed")
        st.error(t(key, lang, path=str(exc.path), reason=exc.reason))
        st.stop()
        raise  # not reached under Streamlit


def _build_sample(data_dir, lang: str) -> None:
    with st.status(t("data.building", lang), expanded=True) as status:
        bar = st.progress(0.0)

        def progress(done: int, total: int | None) -> None:
            share = done / total if total else 0.0
            bar.progress(min(share, 1.0), text=t("data.building_progress", lang, done=done, total=total or "?"))

        data_mod.build_sample_tables(data_dir, progress=progress)
        status.update(state="complete", expanded=False)


@st.cache_data(show_spinner=False, max_entries=4)
def _province_choices(data_dir: str, fingerprint: tuple, _visits: pd.DataFrame) -> list[str]:
    """The province filter's options, once per data version (0.7 s a run for 1M visits otherwise)."""
    del data_dir, fingerprint  # the cache key; _visits is not hashed
    provinces = province_options(_visits)
    if _visits["origin_province"].isna().any() or _visits["host_province"].isna().any():
        provinces = [*provinces, UNKNOWN_PROVINCE]
    return provinces


def _seed(key: str, value, force: bool) -> None:
    if force or key not in st.session_state:
        st.session_state[key] = value


def _seed_widgets(f: Filters, bounds, provinces: list[str], force: bool) -> None:
    ss = st.session_state
    _seed(W_LANG, f.lang, force)
    if bounds.lo is not None and bounds.lo < bounds.hi:
        lo = bounds.lo if f.year_min is None else min(max(f.year_min, bounds.lo), bounds.hi)
        hi = bounds.hi if f.year_max is None else max(min(f.year_max, bounds.hi), bounds.lo)
        _seed(W_YEARS, (lo, hi), force)
        # A slider value from other data (the folder changed under a running session) must fit the new bounds.
        cur = ss.get(W_YEARS)
        if not (isinstance(cur, tuple | list) and len(cur) == 2 and bounds.lo <= cur[0] <= cur[1] <= bounds.hi):
            ss[W_YEARS] = (lo, hi)
    for key, values, options in (
        (W_TOPICS, f.topics, taxonomy.TOPICS),
        (W_TYPES, f.visit_types, taxonomy.VISIT_TYPES),
        (W_INST, f.institution_types, taxonomy.INSTITUTION_TYPES),
        (W_ORIGIN, f.origin_provinces, provinces),
        (W_HOST, f.host_provinces, provinces),
    ):
        _seed(key, [v for v in values if v in options], force)
        # Options can shrink when the data changes; a stale choice would make the widget raise.
        ss[key] = [v for v in ss[key] if v in options]
    _seed(W_PLACE, f.place, force)


def _reset_filters() -> None:
    """Reset button callback: every filter back to "all", the language kept."""
    ss = st.session_state
    lang = ss.get(W_LANG, DEFAULT_LANG)
    for key in (W_TOPICS, W_TYPES, W_INST, W_ORIGIN, W_HOST):
        ss[key] = []
    ss[W_PLACE] = ""
    ss.pop(W_YEARS, None)
    ss[FILTERS_KEY] = Filters(lang=lang)
    ss[NOTICES_KEY] = []


def _sync_in(tables: data_mod.Tables, provinces: list[str]) -> Filters:
    """Decide this run's starting filters (URL from outside wins, else the session's) and seed the widgets."""
    ss = st.session_state
    bounds = _year_facts(tables)[0]
    url = _url_filter_params()
    if url and url != ss.get(LAST_URL_KEY):
        f, notices = from_query_params(st.query_params, provinces=provinces)
        f = normalize_years(f, bounds)
        ss[NOTICES_KEY] = notices
        ss.pop(W_YEARS, None)
        _seed_widgets(f, bounds, provinces, force=True)
        return f
    f = ss.get(FILTERS_KEY)
    if not isinstance(f, Filters):
        f = Filters(lang=current_lang())
    _seed_widgets(f, bounds, provinces, force=False)
    return f


def _sync_out(f: Filters) -> None:
    """Keep the session's filters and write the URL form of them, touching only our keys."""
    ss = st.session_state
    ss[FILTERS_KEY] = f
    params = to_query_params(f)
    qp = st.query_params
    for key in URL_KEYS.values():
        if key in params:
            if qp.get_all(key) != [params[key]]:
                qp[key] = params[key]
        elif key in qp:
            del qp[key]
    ss[LAST_URL_KEY] = {k: (v,) for k, v in params.items()}


def _render_sidebar(tables: data_mod.Tables, provinces: list[str], lang: str) -> Filters:
    """Draw the language switch and the filters; return the Filters the widgets now hold."""
    bounds = _year_facts(tables)[0]
    tr = partial(t, lang=lang)
    sb = st.sidebar
    sb.radio(tr("sidebar.language"), LANGS, key=W_LANG, format_func=LANG_NAMES.get, horizontal=True)
    sb.subheader(tr("sidebar.filters"))
    year_min = year_max = None
    if bounds.lo is None:
        sb.caption(tr("filter.no_years"))
    elif bounds.lo == bounds.hi:
        sb.caption(tr("filter.years_single", year=bounds.lo))
    else:
        lo, hi = sb.slider(tr("filter.years"), min_value=bounds.lo, max_value=bounds.hi, step=1, key=W_YEARS)
        year_min, year_max = lo, hi

    def labeller(table):
        return lambda slug: taxonomy.label(table, slug, lang)

    def province_label(name: str) -> str:
        return tr("unknown") if name == UNKNOWN_PROVINCE else name

    topics = sb.multiselect(tr("filter.topics"), list(taxonomy.TOPICS), key=W_TOPICS,
                            format_func=labeller(taxonomy.TOPICS), placeholder=tr("filter.any"))
    types = sb.multiselect(tr("filter.visit_types"), list(taxonomy.VISIT_TYPES), key=W_TYPES,
                           format_func=labeller(taxonomy.VISIT_TYPES), placeholder=tr("filter.any"))
    inst = sb.multiselect(tr("filter.institution_types"), list(taxonomy.INSTITUTION_TYPES), key=W_INST,
                          format_func=labeller(taxonomy.INSTITUTION_TYPES), placeholder=tr("filter.any"))
    origin = sb.multiselect(tr("filter.origin_provinces"), provinces, key=W_ORIGIN,
                            format_func=province_label, placeholder=tr("filter.any"))
    host = sb.multiselect(tr("filter.host_provinces"), provinces, key=W_HOST,
                          format_func=province_label, placeholder=tr("filter.any"))
    place = sb.text_input(tr("filter.place"), key=W_PLACE, help=tr("filter.place_help"), max_chars=200)
    f = Filters(
        year_min=year_min,
        year_max=year_max,
        topics=tuple(topics),
        visit_types=tuple(types),
        institution_types=tuple(inst),
        origin_provinces=tuple(origin),
        host_provinces=tuple(host),
        place=place.strip(),
        lang=lang,
    )
    return normalize_years(f, bounds)


def _render_counts(tables: data_mod.Tables, n_filtered: int, f: Filters, lang: str) -> int:
    """The "N of M visits" line, how unknown years are treated, and which data is shown."""
    tr = partial(t, lang=lang)
    sb = st.sidebar
    all_visits = tables.visits
    sb.markdown(f"**{tr('filter.count', n=fmt_int(n_filtered, lang), m=fmt_int(len(all_visits), lang))}**")
    bounds, unknown = _year_facts(tables)
    excluded = count_unknown_year_excluded(all_visits, f, bounds=bounds, unknown=unknown)
    if excluded:
        sb.caption(tr("filter.unknown_year_out", n=fmt_int(excluded, lang)))
    elif unknown:
        sb.caption(tr("filter.unknown_year_in", n=fmt_int(unknown, lang)))
    sb.button(tr("filter.reset"), on_click=_reset_filters, disabled=f.is_default())
    sb.caption(tr("filter.share"))
    sb.divider()
    path = str(tables.data_dir)
    if data_mod.is_env_data_dir():
        sb.caption(tr("data.source_env", path=path))
    elif data_mod.is_sample_only(tables.inputs):
        sample = data_mod.SAMPLE_ARTICLES_DIR
        shown = sample.relative_to(data_mod.ROOT) if sample.is_relative_to(data_mod.ROOT) else sample
        sb.caption(tr("data.source_sample", path=str(shown)))
    else:
        sb.caption(tr("data.source_default", path=path))
    if tables.built_at:
        sb.caption(tr("data.updated", when=fmt_timestamp(tables.built_at, lang)))
    if tables.corrections:
        sb.caption(tr("data.corrections", n=fmt_int(tables.corrections, lang)))
    if tables.corrections_error:
        sb.warning(tr("data.corrections_failed", reason=tables.corrections_error))
    return excluded


def _topic_rows(tables: data_mod.Tables) -> np.ndarray:
    """Each topic row's visit position in tables.visits, once per table (see ui.state.to_topic_rows)."""
    counts = tables.memo("topic_counts", lambda: None)
    return tables.memo("topic_rows", lambda: to_topic_rows(tables.visits, tables.visit_topics, counts))


def _year_facts(tables: data_mod.Tables) -> tuple[YearBounds, int]:
    """The table's known year range and how many visits have no year: once per table, not per run."""
    visits = tables.visits
    return tables.memo("year_facts", lambda: (to_year_bounds(visits), count_unknown_year(visits)))


def _filtered_view(tables: data_mod.Tables, f: Filters) -> FilteredView:
    """The visits matching f, kept in the session for the next run: a rerun of the same view (a widget on the page,
    the language, another page) does not filter 1M visits again. One view per session; it holds row positions and
    the columns pages asked for, not a copy of every row."""
    key = (str(tables.data_dir), tables.fingerprint, id(tables.visits), replace(f, lang=DEFAULT_LANG))
    kept = st.session_state.get(FILTERED_KEY)
    if isinstance(kept, FilteredView) and kept.key == key:
        return kept
    visits = tables.visits
    if replace(f, lang=DEFAULT_LANG) == Filters():
        mask = None
    else:
        rows = _topic_rows(tables) if f.topics else None
        mask = filter_mask(visits, f, tables.visit_topics, topic_rows=rows, bounds=_year_facts(tables)[0])
    view = FilteredView(key, tables, mask)
    st.session_state[FILTERED_KEY] = view
    return view


def setup(page_key: str, title: bool = True) -> PageContext:
    """Page config, data, sidebar and filters for the page page_key ("overview", "flows", ...).

    Draws the page's title (title=False to draw your own). Invalid link values
    show as warnings; a missing or unreadable data folder shows a message and stops the page.
    """
    lang = current_lang()
    st.set_page_config(page_title=page_title(page_key, lang), layout="wide")
    tables = _load(lang)
    provinces = _province_choices(str(tables.data_dir), tables.fingerprint, tables.visits)
    start = _sync_in(tables, provinces)
    lang = st.session_state.get(W_LANG, start.lang)
    if lang not in LANGS:
        lang = DEFAULT_LANG
    f = _render_sidebar(tables, provinces, lang)
    if f != start:
        # The user changed something since the link was read: its notices no longer describe the view.
        st.session_state[NOTICES_KEY] = []
    _sync_out(f)
    view = _filtered_view(tables, f)
    excluded = _render_counts(tables, view.n, f, lang)
    if title:
        st.title(t(f"page.{page_key}", lang))
    for notice in st.session_state.get(NOTICES_KEY, []):
        st.warning(notice)
    return PageContext(
        tables=tables,
        view=view,
        filters=f,
        lang=lang,
        t=partial(t, lang=lang),
        unknown_year_excluded=excluded,
    )

