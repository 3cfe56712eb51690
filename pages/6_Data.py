"""Data: add articles from the browser, review and correct visits, and the history of every correction.

Reading this page needs no account; every change goes through ui.auth's gate and is
recorded (who, when, before, after) by etl.corrections, which keeps corrections beside
the ETL output so they survive re-runs. Article titles, evidence, file names and the
names people type are untrusted: they are shown with st.dataframe / st.text / st.json,
or Markdown-escaped where a message must carry them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import streamlit as st

from etl import corrections as corr
from etl import taxonomy, uploads
from ui import data as data_mod
from ui.auth import md_escape, render_editor_gate
from ui.export import place_label, to_date_label, to_evidence_table, to_sources_table
from ui.page import setup

KEEP, UNKNOWN = "__keep__", "__unknown__"
SS_VERSIONS = "dp_versions"  # visit_id -> the version the editor started from (optimistic concurrency)
SS_FLASH = "dp_flash"
SS_CONFLICT = "dp_conflict"
SS_REPORT = "dp_report"
SS_SELECTED = "dp_selected"
MAX_CHOICES = 500  # rows of the queue shown and merge candidates offered: pickers stay quick on big data


# ---------------------------------------------------------------- small pure helpers


def visit_label(row: Any, lang: str) -> str:
    """'Kota Bandung → Kota Surabaya · 5 March 2019' (plain text, for pickers)."""
    origin = place_label(row.get("origin_name"), row.get("origin_mention"), lang)
    host = place_label(row.get("host_name"), row.get("host_mention"), lang)
    when = to_date_label(row.get("date"), row.get("date_precision"), lang)
    return f"{origin} → {host} · {when}"


def to_cell_text(v: Any) -> str:
    """A value as plain text for the field table: whole floats without '.0', lists joined, missing as '–'."""
    if v is None:
        return "–"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return str(v)


# ---------------------------------------------------------------- page


ctx = setup("data")
tr, lang = ctx.t, ctx.lang
ss = st.session_state
data_dir = Path(ctx.tables.data_dir)
all_visits = ctx.tables.visits
states = corr.load_states(data_dir)
versions: dict[str, int] = ss.setdefault(SS_VERSIONS, {})


class _Rows:
    """visit_id -> row dict of the visits read so far (by row position: an index of 1M ids costs ~0.3 s a rerun)."""

    def __init__(self) -> None:
        self._rows: dict[str, dict[str, Any]] = {}

    def read(self, positions: Any) -> list[str]:
        """Read the visits at these row positions of all_visits; returns their ids."""
        rows = all_visits.iloc[np.asarray(positions, dtype=np.int64)].to_dict("records")
        for r in rows:
            self._rows.setdefault(r["visit_id"], r)
        return [r["visit_id"] for r in rows]

    def __getitem__(self, vid: str) -> dict[str, Any]:
        if vid not in self._rows:
            self.read(np.flatnonzero((all_visits["visit_id"] == vid).to_numpy(dtype=bool))[:1])
        return self._rows[vid]


rows_by_id = _Rows()


def _gazetteer():
    try:
        from etl.gazetteer import GazetteerError, load_gazetteer  # noqa: PLC0415 - optional until it loads

        try:
            return load_gazetteer()
        except GazetteerError:
            return None
    except ImportError:
        return None


gaz = _gazetteer()
place_keys = sorted(gaz.entries, key=lambda k: (gaz.entries[k].name, k)) if gaz else []


@st.cache_resource(show_spinner=False, max_entries=2)  # shared, not copied per run: callers only read it
def _review_data(folder: str, fingerprint: tuple, _tables: data_mod.Tables) -> tuple[pd.DataFrame, corr.ReviewOrder]:
    """Corrected sources and the review order of all visits of _tables, computed once per state of the data folder.

    The fingerprint (files of the folder, including the stamp every saved correction touches) is the
    cache key, so a change by anyone recomputes it; the sidebar filters are applied outside the cache.
    The order holds row positions of _tables.visits: the tables this page shows (same fingerprint).
    """
    del fingerprint
    stored = corr.load_states(Path(folder))
    sources = corr.build_corrected_sources(_tables.visit_sources, stored)
    return sources, corr.review_order(_tables.visits, sources, stored)


def _file_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@st.cache_resource(show_spinner=False, max_entries=2)
def _raw_visit_ids(key: tuple[str, int, int]) -> pa.ChunkedArray:
    """The ETL's own visit ids (before corrections), read once per version of visits.parquet."""
    return pq.read_table(key[0], columns=["visit_id"]).column("visit_id")


@st.cache_resource(show_spinner=False, max_entries=4)
def _raw_labels(key: tuple[str, int, int], visit_ids: tuple[str, ...], lang: str) -> dict[str, str]:
    """Labels of visits as the ETL wrote them (rejected visits are not in the corrected table), once per version.

    Only the row groups holding those visits are read (found through the cached id column), not the whole table.
    """
    ids = _raw_visit_ids(key)
    positions = np.flatnonzero(pc.is_in(ids, value_set=pa.array(visit_ids, type=ids.type)).to_numpy(zero_copy_only=False))
    if not len(positions):
        return {}
    columns = ["visit_id", "origin_name", "origin_mention", "host_name", "host_mention", "date", "date_precision"]
    with pq.ParquetFile(key[0]) as f:
        sizes = [f.metadata.row_group(i).num_rows for i in range(f.num_row_groups)]
        starts = np.concatenate([[0], np.cumsum(sizes)])
        groups = sorted(set((np.searchsorted(starts, positions, side="right") - 1).tolist()))
        table = f.read_row_groups(groups, columns=[c for c in columns if c in f.schema_arrow.names])
    # positions within the groups read, which sit one after another in `table`
    offset = {g: int(starts[g]) - int(sum(sizes[x] for x in groups if x < g)) for g in groups}
    local = [int(p) - offset[int(np.searchsorted(starts, p, side="right") - 1)] for p in positions]
    raw = table.take(pa.array(local, type=pa.int64())).to_pandas()
    return {r["visit_id"]: visit_label(r, lang) for r in raw.to_dict("records")}


def place_option_label(key: str, current: str = "") -> str:
    if key == KEEP:
        return tr("dp.place_keep", current=current)
    if key == UNKNOWN:
        return tr("dp.place_unknown")
    e = gaz.entries[key]
    extra = e.province if e.province and e.level not in ("provinsi",) else tr(f"dp.level.{e.level}")
    return f"{e.name} ({extra})"


def version_of(vid: str) -> int:
    """The version this editor started from; remembered the first time the visit is shown."""
    if vid not in versions:
        stored = states.get(vid)
        versions[vid] = stored.version if stored else 0
    return versions[vid]


def run_change(action: Callable[[Any], Any], visit_ids: list[str], success: str) -> Any:
    """Run one change against the store; on success remember the new versions, say so and reload the page."""
    try:
        with corr.open_db(data_dir) as conn:
            result = action(conn)
            for vid in visit_ids + ([result[1]] if isinstance(result, tuple) else []):
                versions[vid] = corr.read_version(conn, vid)
    except corr.ConflictError as err:
        ss[SS_CONFLICT] = {
            "visit_id": err.visit_id,
            "actual": err.actual,
            "who": err.last.who if err.last else "?",
            "at": err.last.at if err.last else "?",
            "action": err.last.action if err.last else "?",
            "state": corr.VisitState.to_json(err.current) if err.current else None,
        }
        st.rerun()
    except corr.InvalidValueError as err:
        st.error(tr("dp.invalid", field=md_escape(err.field), message=md_escape(err.message)))
        return None
    except corr.CorrectionError as err:
        st.error(tr("dp.refused", message=md_escape(err)))
        return None
    ss[SS_FLASH] = success
    st.rerun()


if ss.get(SS_FLASH):
    st.success(ss.pop(SS_FLASH))

who = None
with st.container(border=True):
    st.subheader(tr("dp.editing"))
    who = render_editor_gate(tr)

conflict = ss.get(SS_CONFLICT)
if conflict:
    st.error(tr("dp.conflict", visit=md_escape(conflict["visit_id"]), who=md_escape(conflict["who"]),
                at=md_escape(conflict["at"]), action=md_escape(conflict["action"])))
    st.caption(tr("dp.conflict_state"))
    st.json(conflict["state"] or "{}", expanded=False)
    if st.button(tr("dp.conflict_continue"), key="dp_conflict_continue"):
        versions[conflict["visit_id"]] = conflict["actual"]
        ss.pop(SS_CONFLICT, None)
        st.rerun()

orphans = []
visits_path = data_dir / "visits.parquet"
if states and visits_path.is_file():
    orphans = corr.find_orphans(_raw_visit_ids(_file_key(visits_path)), states)
if orphans:
    st.warning(tr("dp.orphans_note", n=len(orphans)))

tab_review, tab_upload, tab_add, tab_history = st.tabs(
    [tr("dp.tab_review"), tr("dp.tab_upload"), tr("dp.tab_add"), tr("dp.tab_history")]
)

# ---------------------------------------------------------------- review and correct

with tab_review:
    if orphans:
        st.subheader(tr("dp.orphans"))
        st.dataframe(
            pd.DataFrame(
                {
                    tr("dp.col_visit"): [o.visit_id for o in orphans],
                    tr("dp.col_reason"): [tr(f"dp.orphan.{o.reason}") for o in orphans],
                    tr("dp.col_correction"): [o.state.to_json() for o in orphans],
                }
            ),
            hide_index=True,
        )
        if who and len(all_visits):
            needle = st.text_input(tr("dp.reattach_filter"), max_chars=100, key="dp_reattach_filter").strip()
            if needle:
                hay = all_visits["visit_id"].astype(str)
                for name in ("origin_name", "host_name", "origin_mention", "host_mention"):
                    hay = hay + " " + all_visits[name].fillna("").astype(str)
                hits = np.flatnonzero(hay.str.contains(needle, case=False, regex=False).to_numpy(dtype=bool))
            else:  # every visit matches an empty filter
                hits = np.arange(len(all_visits))
            targets = rows_by_id.read(hits[:MAX_CHOICES])
            with st.form("dp_reattach"):
                o_id = st.selectbox(tr("dp.orphan_pick"), [o.visit_id for o in orphans])
                target = st.selectbox(tr("dp.reattach_to"), list(targets),
                                      format_func=lambda v: f"{visit_label(rows_by_id[v], lang)} · {v}")
                if st.form_submit_button(tr("dp.reattach")) and target:
                    o_ver = next(o.version for o in orphans if o.visit_id == o_id)
                    run_change(lambda conn: corr.save_reattach(conn, o_id, o_ver, target, version_of(target), who),
                               [o_id, target], tr("dp.saved"))

    st.subheader(tr("dp.queue"))
    st.caption(tr("dp.queue_note"))
    sources_now, review = _review_data(str(data_dir), ctx.tables.fingerprint, ctx.tables)
    in_view = ctx.positions
    if in_view is None:
        shown = review.order
    else:
        mask = np.zeros(len(all_visits), dtype=bool)
        mask[in_view] = True
        shown = review.order[mask[review.order]]
    if len(shown) > MAX_CHOICES:
        st.caption(tr("dp.queue_capped", n=MAX_CHOICES, total=len(shown)))
        shown = shown[:MAX_CHOICES]
    queue = corr.review_rows(all_visits, review, shown)
    rows_by_id.read(shown)
    if queue.empty:
        st.info(tr("dp.queue_empty"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    tr("dp.col_visit"): [visit_label(rows_by_id[v], lang) for v in queue["visit_id"]],
                    tr("dp.col_score"): queue["score"],
                    tr("dp.col_reasons"): [", ".join(tr(f"dp.reason.{r}") for r in rs) for rs in queue["reasons"]],
                    tr("dp.col_reviewed"): queue["reviewed"],
                    "visit_id": queue["visit_id"],
                }
            ),
            hide_index=True,
            height=min(420, 38 + 35 * len(queue)),
        )
        options = list(queue["visit_id"])
        if ss.get(SS_SELECTED) not in options:
            ss[SS_SELECTED] = options[0]
        vid = st.selectbox(tr("dp.pick_visit"), options, key=SS_SELECTED,
                           format_func=lambda v: f"{visit_label(rows_by_id[v], lang)} · {v}")
        base = {k: corr._plain(v) for k, v in rows_by_id[vid].items()}
        version = version_of(vid)
        # Widget keys carry the version: after "continue from their version" the form starts
        # from their values, instead of keeping stale ones that would silently undo their change.
        vkey = f"{vid}_v{version}"

        st.markdown(f"#### {md_escape(visit_label(base, lang))}")
        st.dataframe(
            pd.DataFrame({tr("dp.col_field"): list(base), tr("dp.col_value"): [to_cell_text(v) for v in base.values()]}),
            hide_index=True,
            height=300,
        )
        st.caption(tr("dp.sources"))
        # This visit's sources, and their articles, picked out once (each table would search all rows again).
        vid_sources = sources_now[(sources_now["visit_id"] == vid).to_numpy(dtype=bool)]
        articles = ctx.tables.articles
        vid_articles = articles[articles["article_id"].isin(vid_sources["article_id"].drop_duplicates()).to_numpy(dtype=bool)]
        st.dataframe(to_sources_table(vid, vid_sources, vid_articles, lang), hide_index=True)
        st.dataframe(to_evidence_table(vid, vid_sources, lang), hide_index=True)

        if not who:
            st.caption(tr("dp.read_only"))
        else:
            # ---- edit fields
            with st.form(f"dp_edit_{vkey}"):
                st.markdown(f"**{tr('dp.edit')}**")
                edited: dict[str, Any] = {}
                place_changes: dict[str, Any] = {}
                for prefix in ("origin", "host"):
                    c1, c2, c3 = st.columns([2, 2, 1])
                    current = place_label(base.get(f"{prefix}_name"), base.get(f"{prefix}_mention"), lang)
                    pick = c1.selectbox(tr(f"dp.{prefix}"), [KEEP, UNKNOWN, *place_keys], key=f"dp_{prefix}_{vkey}",
                                        format_func=lambda k, cur=current: place_option_label(k, cur))
                    if pick == UNKNOWN:
                        place_changes.update(corr.place_fields(prefix, None))
                    elif pick != KEEP:
                        place_changes.update(corr.place_fields(prefix, gaz.place(pick)))
                    edited[f"{prefix}_institution"] = c2.text_input(
                        tr(f"dp.{prefix}_institution"), value=base.get(f"{prefix}_institution") or "", max_chars=300,
                        key=f"dp_{prefix}_inst_{vkey}")
                    types = list(taxonomy.INSTITUTION_TYPES)
                    cur_type = base.get(f"{prefix}_institution_type") or "other"
                    edited[f"{prefix}_institution_type"] = c3.selectbox(
                        tr("dp.institution_type"), types, index=types.index(cur_type) if cur_type in types else len(types) - 1,
                        format_func=lambda s: taxonomy.label(taxonomy.INSTITUTION_TYPES, s, lang), key=f"dp_{prefix}_type_{vkey}")
                c1, c2 = st.columns(2)
                vtypes = list(taxonomy.VISIT_TYPES)
                edited["visit_type"] = c1.selectbox(
                    tr("dp.visit_type"), vtypes, index=vtypes.index(base.get("visit_type") or "other"),
                    format_func=lambda s: taxonomy.label(taxonomy.VISIT_TYPES, s, lang), key=f"dp_vtype_{vkey}")
                edited["topics"] = c2.multiselect(
                    tr("dp.topics"), list(taxonomy.TOPICS), default=[x for x in (base.get("topics") or []) if x in taxonomy.TOPICS],
                    format_func=lambda s: taxonomy.label(taxonomy.TOPICS, s, lang), key=f"dp_topics_{vkey}")
                c1, c2, c3 = st.columns(3)
                precisions = list(taxonomy.DATE_PRECISIONS)
                edited["date_precision"] = c1.selectbox(
                    tr("dp.date_precision"), precisions, index=precisions.index(base.get("date_precision") or "unknown"),
                    format_func=lambda p: tr(f"dp.precision.{p}"), key=f"dp_prec_{vkey}")
                edited["date"] = c2.date_input(tr("dp.date"), value=base.get("date"), min_value=date(1950, 1, 1),
                                               max_value=date(2100, 12, 31), key=f"dp_date_{vkey}")
                edited["date_note"] = c3.text_input(tr("dp.date_note"), value=base.get("date_note") or "", max_chars=300,
                                                    key=f"dp_dnote_{vkey}")
                c1, c2, c3, c4 = st.columns(4)
                for col, name in ((c1, "delegation_size"), (c2, "delegation_min"), (c3, "delegation_max")):
                    edited[name] = col.number_input(tr(f"dp.{name}"), min_value=1, max_value=100_000, step=1,
                                                    value=None if base.get(name) is None else int(base[name]),
                                                    key=f"dp_{name}_{vkey}")
                edited["delegation_text"] = c4.text_input(tr("dp.delegation_text"), value=base.get("delegation_text") or "",
                                                          max_chars=300, key=f"dp_dtext_{vkey}")
                edited["lead"] = st.text_input(tr("dp.lead"), value=base.get("lead") or "", max_chars=300, key=f"dp_lead_{vkey}")
                note = st.text_input(tr("dp.note"), max_chars=500, key=f"dp_note_{vkey}")
                if st.form_submit_button(tr("dp.save")):
                    changes = {**corr.build_edit_changes(base, edited), **place_changes}
                    if not changes:
                        st.info(tr("dp.nothing_changed"))
                    else:
                        run_change(lambda conn: corr.save_edit(conn, base, changes, version, who, note=note or None),
                                   [vid], tr("dp.saved"))

            # ---- other actions on this visit
            c1, c2 = st.columns(2)
            if c1.button(tr("dp.confirm"), key=f"dp_confirm_{vkey}"):
                run_change(lambda conn: corr.save_confirm(conn, base, version, who), [vid], tr("dp.saved"))
            if c2.button(tr("dp.reject"), key=f"dp_reject_{vkey}"):
                run_change(lambda conn: corr.save_reject(conn, vid, version, who), [vid], tr("dp.rejected"))

            others = rows_by_id.read(corr.merge_candidate_positions(all_visits, base, MAX_CHOICES))
            with st.expander(tr("dp.merge")):
                with st.form(f"dp_merge_{vkey}"):
                    st.caption(tr("dp.merge_note") if others else tr("dp.merge_none"))
                    drop = st.selectbox(tr("dp.merge_pick"), others,
                                        format_func=lambda v: f"{visit_label(rows_by_id[v], lang)} · {v}")
                    if st.form_submit_button(tr("dp.merge_do")) and drop:
                        drop_row = {k: corr._plain(v) for k, v in rows_by_id[drop].items()}
                        run_change(lambda conn: corr.save_merge(conn, base, version, drop_row, version_of(drop), who),
                                   [vid, drop], tr("dp.saved"))
            with st.expander(tr("dp.split")):
                with st.form(f"dp_split_{vkey}"):
                    st.caption(tr("dp.split_note"))
                    arts = [a for a in vid_sources["article_id"].dropna().unique()]
                    move_a = st.multiselect(tr("dp.split_articles"), arts)
                    move_t = st.multiselect(tr("dp.split_topics"), base.get("topics") or [],
                                            format_func=lambda s: taxonomy.label(taxonomy.TOPICS, s, lang))
                    if st.form_submit_button(tr("dp.split_do")):
                        run_change(lambda conn: corr.save_split(conn, base, version, move_a, move_t, who), [vid],
                                   tr("dp.saved"))

    rejected = sorted(v for v, s in states.items() if s.state is not None and s.state.status == "rejected")
    if rejected:
        st.subheader(tr("dp.rejected_list"))
        raw_labels = _raw_labels(_file_key(visits_path), tuple(rejected), lang) if visits_path.is_file() else {}
        labels = {v: raw_labels.get(v, v) for v in rejected}
        st.dataframe(pd.DataFrame({tr("dp.col_visit"): [labels[v] for v in rejected], "visit_id": rejected}),
                     hide_index=True)
        if who:
            with st.form("dp_restore"):
                rid = st.selectbox(tr("dp.restore_pick"), rejected, format_func=lambda v: f"{labels[v]} · {v}")
                if st.form_submit_button(tr("dp.restore")):
                    run_change(lambda conn: corr.save_restore(conn, rid, version_of(rid), who), [rid], tr("dp.saved"))

# ---------------------------------------------------------------- add articles


def _render_report(report: dict) -> None:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(tr("dp.report_read"), report["read"])
    c2.metric(tr("dp.report_new"), len(report["new"]))
    c3.metric(tr("dp.report_merged"), len(report["merged"]))
    c4.metric(tr("dp.report_failed"), len(report["failed"]))
    if report["new"]:
        st.caption(tr("dp.report_new"))
        st.dataframe(pd.DataFrame(report["new"], columns=[tr("dp.col_visit"), "visit_id"]), hide_index=True)
    if report["merged"]:
        st.caption(tr("dp.report_merged"))
        st.dataframe(pd.DataFrame(report["merged"], columns=[tr("dp.col_visit"), "visit_id", tr("dp.col_before"),
                                                             tr("dp.col_after")]), hide_index=True)
    if report["failed"]:
        st.caption(tr("dp.report_failed"))
        st.dataframe(pd.DataFrame(report["failed"], columns=[tr("dp.col_file"), tr("dp.col_reason")]), hide_index=True)
    if report["no_visit"]:
        st.caption(tr("dp.report_no_visit"))
        st.dataframe(pd.DataFrame(report["no_visit"], columns=[tr("dp.col_file"), tr("dp.col_reason")]), hide_index=True)
    if report["refused"]:
        st.caption(tr("dp.report_refused"))
        st.dataframe(pd.DataFrame(report["refused"], columns=[tr("dp.col_file"), tr("dp.col_reason")]), hide_index=True)


def _read_ids(path: Path) -> pd.DataFrame | None:
    return pq.read_table(path, columns=["visit_id", "n_sources"]).to_pandas() if path.is_file() else None


def add_articles(files: list[tuple[str, bytes]], pasted: uploads.UploadedFile | None,
                 refused: list[uploads.Refusal]) -> None:
    result = uploads.parse_uploads(files)
    accepted = result.accepted + ([pasted] if pasted else [])
    refused = refused + result.refused
    report: dict[str, Any] = {"read": 0, "new": [], "merged": [], "failed": [], "no_visit": [],
                              "refused": [(r.name, tr(f"dp.refusal.{r.code}") + ": " + r.message) for r in refused]}
    if accepted:
        manifest = data_mod.read_manifest(data_dir)
        if data_mod.is_env_data_dir() and not manifest.get("inputs"):
            st.error(tr("dp.no_inputs", path=md_escape(data_dir)))
            return
        uploads_dir = uploads.resolve_uploads_dir(data_dir, os.environ)
        saved = uploads.save_uploads(accepted, uploads_dir)
        try:
            inputs = uploads.build_etl_inputs(manifest, [data_mod.SAMPLE_ARTICLES_DIR], uploads_dir, root=data_mod.ROOT)
        except uploads.MissingInputError as err:
            st.error(tr("dp.etl_failed", reason=md_escape(err)))
            return
        before = _read_ids(visits_path)
        bar = st.progress(0.0, text=tr("dp.running"))

        def progress(done: int, total: int | None) -> None:
            bar.progress(min(done / total, 1.0) if total else 0.0, text=tr("dp.running_n", done=done, total=total or "?"))

        try:
            from etl.pipeline import EtlError, run_etl  # noqa: PLC0415 - heavy; only a re-run needs it
            from etl.write import OutputError  # noqa: PLC0415

            with uploads.open_run_lock(uploads_dir / ".etl.lock"):
                run_etl(inputs, data_dir, progress=progress)
        except uploads.RunBusyError:
            st.warning(tr("dp.busy"))
            return
        except (EtlError, OutputError) as err:
            st.error(tr("dp.etl_failed", reason=md_escape(err)))
            return
        bar.progress(1.0, text=tr("dp.done"))
        after = pq.read_table(visits_path).to_pandas()
        arts = pq.read_table(data_dir / "articles.parquet", columns=["source_path", "status", "error", "note"]).to_pandas()
        rep = uploads.build_run_report(before, after[["visit_id", "n_sources"]], arts, saved)
        by_id = {r["visit_id"]: r for r in after.to_dict("records")}
        report.update(
            read=rep.read,
            new=[(visit_label(by_id[v], lang), v) for v in rep.new_visits],
            merged=[(visit_label(by_id[v], lang), v, b, a) for v, b, a in rep.merged_visits],
            failed=[(Path(p).name, r) for p, r in rep.failed],
            no_visit=[(Path(p).name, r) for p, r in rep.no_visit],
        )
    ss[SS_REPORT] = report
    st.rerun()


with tab_upload:
    st.caption(tr("dp.upload_intro", mb=uploads.DEFAULT_LIMITS.max_file_bytes // (1024 * 1024)))
    if ss.get(SS_REPORT):
        st.subheader(tr("dp.report"))
        _render_report(ss[SS_REPORT])
    # The status column is already loaded; the failed files' names and reasons are read only when there are some
    # (reading every article cost 0.4 s at 1M for a tab that usually has nothing to show).
    failed = ctx.tables.article_statuses["status"].eq("error").to_numpy(dtype=bool, na_value=False)
    errors = (ctx.tables.articles if ctx.tables.lazy_articles.loaded else data_mod.read_table(
        data_dir, "articles", ["source_path", "error"])).loc[failed] if failed.any() else None
    if errors is not None and len(errors):
        with st.expander(tr("dp.failed_files", n=len(errors))):
            st.dataframe(pd.DataFrame({tr("dp.col_file"): errors["source_path"].map(lambda p: Path(str(p)).name),
                                       tr("dp.col_reason"): errors["error"]}), hide_index=True)
    if not who:
        st.caption(tr("dp.read_only"))
    else:
        with st.form("dp_add_articles", clear_on_submit=True):
            files = st.file_uploader(tr("dp.files"), type=["txt", "html", "htm", "json", "jsonl", "zip"],
                                     accept_multiple_files=True)
            st.markdown(f"**{tr('dp.paste')}**")
            p_title = st.text_input(tr("dp.paste_title"), max_chars=300)
            c1, c2, c3 = st.columns(3)
            p_url = c1.text_input(tr("dp.paste_url"), max_chars=1000)
            p_outlet = c2.text_input(tr("dp.paste_outlet"), max_chars=200)
            p_date = c3.date_input(tr("dp.paste_published"), value=None, min_value=date(1990, 1, 1),
                                   max_value=date(2100, 12, 31))
            p_text = st.text_area(tr("dp.paste_text"), height=200, max_chars=uploads.DEFAULT_LIMITS.max_member_bytes // 4)
            if st.form_submit_button(tr("dp.add_articles")):
                pasted, refused = None, []
                if p_text.strip():
                    if p_url.strip() and not p_url.strip().lower().startswith(("http://", "https://")):
                        refused.append(uploads.Refusal(tr("dp.paste"), "refused", tr("dp.bad_url")))
                    else:
                        pasted = uploads.build_pasted_article(p_text, p_title, p_url, p_date, p_outlet)
                items = [(f.name, f.getvalue()) for f in files or []]
                if not items and pasted is None and not refused:
                    st.info(tr("dp.nothing_to_add"))
                else:
                    add_articles(items, pasted, refused)

# ---------------------------------------------------------------- add a visit by hand

with tab_add:
    if not who:
        st.caption(tr("dp.read_only"))
    elif not gaz:
        st.warning(tr("dp.no_gazetteer"))
    else:
        with st.form("dp_new_visit"):
            fields: dict[str, Any] = {}
            for prefix in ("origin", "host"):
                c1, c2, c3 = st.columns([2, 2, 1])
                pick = c1.selectbox(tr(f"dp.{prefix}"), [UNKNOWN, *place_keys], format_func=place_option_label,
                                    key=f"dp_new_{prefix}")
                fields.update(corr.place_fields(prefix, None if pick == UNKNOWN else gaz.place(pick)))
                fields[f"{prefix}_institution"] = c2.text_input(tr(f"dp.{prefix}_institution"), max_chars=300,
                                                                key=f"dp_new_{prefix}_inst")
                fields[f"{prefix}_institution_type"] = c3.selectbox(
                    tr("dp.institution_type"), list(taxonomy.INSTITUTION_TYPES), index=len(taxonomy.INSTITUTION_TYPES) - 1,
                    format_func=lambda s: taxonomy.label(taxonomy.INSTITUTION_TYPES, s, lang), key=f"dp_new_{prefix}_type")
            c1, c2 = st.columns(2)
            fields["visit_type"] = c1.selectbox(tr("dp.visit_type"), list(taxonomy.VISIT_TYPES),
                                                format_func=lambda s: taxonomy.label(taxonomy.VISIT_TYPES, s, lang))
            fields["topics"] = c2.multiselect(tr("dp.topics"), list(taxonomy.TOPICS),
                                              format_func=lambda s: taxonomy.label(taxonomy.TOPICS, s, lang))
            c1, c2 = st.columns(2)
            fields["date_precision"] = c1.selectbox(tr("dp.date_precision"), list(taxonomy.DATE_PRECISIONS),
                                                    format_func=lambda p: tr(f"dp.precision.{p}"))
            fields["date"] = c2.date_input(tr("dp.date"), value=None, min_value=date(1950, 1, 1),
                                           max_value=date(2100, 12, 31))
            c1, c2 = st.columns(2)
            fields["delegation_size"] = c1.number_input(tr("dp.delegation_size"), min_value=1, max_value=100_000,
                                                        step=1, value=None)
            fields["delegation_text"] = c2.text_input(tr("dp.delegation_text"), max_chars=300)
            fields["lead"] = st.text_input(tr("dp.lead"), max_chars=300)
            c1, c2 = st.columns(2)
            src_url = c1.text_input(tr("dp.source_url"), max_chars=1000)
            src_note = c2.text_input(tr("dp.source_note"), max_chars=500)
            if st.form_submit_button(tr("dp.add_visit")):
                clean = {k: corr.parse_blank(v) for k, v in fields.items()}
                run_change(lambda conn: corr.save_new_visit(conn, clean, [corr.ManualSource(src_url, src_note)], who),
                           [], tr("dp.added"))

# ---------------------------------------------------------------- history

with tab_history:
    log = corr.load_audit(data_dir, limit=300)
    if not log:
        st.info(tr("dp.history_empty"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    tr("dp.col_change"): [e.change_id for e in log],
                    tr("dp.col_when"): [e.at for e in log],
                    tr("dp.col_who"): [e.who for e in log],
                    tr("dp.col_action"): [tr(f"dp.action.{e.action}") for e in log],
                    tr("dp.col_visit"): [e.visit_id for e in log],
                    tr("dp.col_what"): ["; ".join(f"{k}: {a!s} → {b!s}" for k, (a, b) in e.detail.items()) for e in log],
                    tr("dp.col_note"): [e.note or "" for e in log],
                }
            ),
            hide_index=True,
        )
        if who:
            with st.form("dp_undo"):
                change_ids = list(dict.fromkeys(e.change_id for e in log))
                cid = st.selectbox(tr("dp.undo_pick"), change_ids,
                                   format_func=lambda c: next(f"#{c} · {tr(f'dp.action.{e.action}')} · {e.visit_id} · {e.who}"
                                                              for e in log if e.change_id == c))
                if st.form_submit_button(tr("dp.undo")):
                    vids = [e.visit_id for e in log if e.change_id == cid]
                    run_change(lambda conn: corr.save_undo(conn, cid, who), vids, tr("dp.undone"))
