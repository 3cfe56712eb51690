"""People's corrections to the visits table, kept apart from the ETL output and applied on top of it.

The ETL can be re-run at any time (new articles, better extractors), so a correction is
never written into its Parquet tables. Each corrected visit has a *state* keyed by its
stable visit_id, stored in SQLite (WAL mode, so readers never block the one writer)
beside the ETL output folder: data/processed -> data/processed.corrections.sqlite (see db_path):

- kind "etl": a correction of a visit the ETL produced: field overrides, rejected,
  merged into another visit, articles moved out to a split-off visit;
- kind "manual": a visit that exists only because a person made it (added by hand with
  a source, or split off another one): its whole record.

Every change (one person, one action; a merge touches two visits) is a row in `changes`
and one `audit` row per visit with the state before and after, so any change can be
undone: undo writes the before-state again, as a new change. Each visit state carries a
version; a save names the version it was based on and fails with ConflictError when
someone else saved first (optimistic concurrency), instead of overwriting their work.

`apply_corrections(visits, data_dir)` (what every page sees) and
`apply_corrections_tables(tables, data_dir)` (visits, visit_sources and visit_topics kept
consistent) read the states and apply them; the pure core is `build_corrected_tables`.
A correction whose visit the ETL no longer produces is not applied and not dropped:
`find_orphans` lists it for a person to look at.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import schema, taxonomy
from etl.model import Place

DB_SUFFIX = ".corrections.sqlite"
DB_ENV = "ATLAS_CORRECTIONS_DB"
STAMP_NAME = ".corrections-stamp"
MANUAL_PREFIX = "manual-"
MANUAL_SOURCE_FIELD = "manual_source"
REVIEWED_CONFIDENCE = 1.0  # a visit a person edited or confirmed: it leaves the review queue

_PLACE_PARTS = ("name", "level", "code", "province", "lat", "lon", "resolution", "mention")
_INSTITUTION_PARTS = ("institution", "institution_type")
EDITABLE_FIELDS: tuple[str, ...] = (
    "date",
    "date_precision",
    "date_note",
    *(f"{p}_{part}" for p in ("origin", "host") for part in _PLACE_PARTS + _INSTITUTION_PARTS),
    "delegation_size",
    "delegation_min",
    "delegation_max",
    "delegation_text",
    "lead",
    "visit_type",
    "topics",
    "confidence",
)
_INT_FIELDS = ("delegation_size", "delegation_min", "delegation_max")
_TEXT_FIELDS = (
    "date_note",
    "delegation_text",
    "lead",
    *(f"{p}_{part}" for p in ("origin", "host") for part in ("name", "code", "province", "mention", "institution")),
)

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS visit_state (
    visit_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    state TEXT,              -- JSON of VisitState; NULL once a change is undone back to "no correction"
    change_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
    change_id INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL,    -- edit / reject / restore / merge / split / add / undo / reattach
    who TEXT NOT NULL,
    at TEXT NOT NULL,        -- ISO 8601, UTC
    note TEXT,
    undoes INTEGER REFERENCES changes(change_id)
);
CREATE TABLE IF NOT EXISTS audit (
    audit_id INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id INTEGER NOT NULL REFERENCES changes(change_id),
    visit_id TEXT NOT NULL,
    version INTEGER NOT NULL, -- the visit's version after this change
    before TEXT,              -- JSON of the state before (NULL: no correction)
    after TEXT,               -- JSON of the state after
    detail TEXT               -- JSON {field: [shown before, shown after]} for people to read
);
CREATE INDEX IF NOT EXISTS audit_visit ON audit(visit_id);
CREATE INDEX IF NOT EXISTS audit_change ON audit(change_id);
"""


# ---------------------------------------------------------------- errors


class CorrectionError(ValueError):
    """A correction that cannot be made as asked."""


class InvalidValueError(CorrectionError):
    """A field value that breaks the visits table's rules."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


class UnknownVisitError(CorrectionError, KeyError):
    """The visit asked for is not in the data (or not in the corrections)."""


class ConflictError(CorrectionError):
    """Someone saved a change to this visit after you started: yours was not written.

    `current` is the state now in the store, `who`/`at`/`action` say whose change it was.
    """

    def __init__(self, visit_id: str, expected: int, actual: int, current: VisitState | None, last: Change | None):
        who = f" by {last.who} at {last.at}" if last else ""
        super().__init__(f"visit {visit_id} was changed{who} (version {actual}, you had {expected})")
        self.visit_id = visit_id
        self.expected = expected
        self.actual = actual
        self.current = current
        self.last = last


# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class ManualSource:
    """Where a hand-made visit comes from: a URL, a note, or both (at least one)."""

    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class VisitState:
    """What people decided about one visit (see the module docstring)."""

    kind: str = "etl"  # etl / manual
    status: str = "active"  # active / rejected / merged
    merged_into: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # overrides (etl) or the whole record (manual)
    sources: tuple[ManualSource, ...] = ()  # manual: where it comes from
    split_from: str | None = None  # manual: the visit it was split off
    moved_articles: tuple[str, ...] = ()  # manual (split): articles taken from split_from
    moved_out: tuple[str, ...] = ()  # articles moved out of this visit to split-off visits
    absorbed: tuple[str, ...] = ()  # visits merged into this one

    def to_json(self) -> str:
        d = asdict(self)
        d["fields"] = {k: _to_jsonable(v) for k, v in self.fields.items()}
        return json.dumps(d, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> VisitState | None:
        if text is None:
            return None
        d = json.loads(text)
        return cls(
            kind=d["kind"],
            status=d["status"],
            merged_into=d.get("merged_into"),
            fields={k: _from_jsonable(k, v) for k, v in d.get("fields", {}).items()},
            sources=tuple(ManualSource(**s) for s in d.get("sources", ())),
            split_from=d.get("split_from"),
            moved_articles=tuple(d.get("moved_articles", ())),
            moved_out=tuple(d.get("moved_out", ())),
            absorbed=tuple(d.get("absorbed", ())),
        )


@dataclass(frozen=True)
class Change:
    change_id: int
    action: str
    who: str
    at: str
    note: str | None = None
    undoes: int | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One visit's part of one change, as the audit log shows it."""

    change_id: int
    action: str
    who: str
    at: str
    visit_id: str
    version: int
    before: VisitState | None
    after: VisitState | None
    detail: dict[str, list[Any]]
    note: str | None = None
    undoes: int | None = None


@dataclass(frozen=True)
class StoredState:
    state: VisitState | None
    version: int


@dataclass(frozen=True)
class Orphan:
    """A correction that no longer has its visit in the ETL output (shown for attention, never dropped)."""

    visit_id: str
    reason: str
    state: VisitState
    version: int


# ---------------------------------------------------------------- validation (pure)


def parse_changes(changes: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise edited fields against the visit they apply to; returns the clean overrides.

    `base` is the visit as currently shown (a visits row). Rules: values from the
    taxonomy; a date with precision "unknown" has no date and a dated precision needs
    one (a month date is kept as its first day, a year as 1 January, like the ETL);
    delegation numbers are positive and min <= size <= max.

    >>> parse_changes({"date": date(2024, 2, 9), "date_precision": "month"}, {})
    {'date': datetime.date(2024, 2, 1), 'date_precision': 'month'}
    """
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise InvalidValueError(unknown[0], "this field cannot be edited")
    out: dict[str, Any] = {}
    for name, value in changes.items():
        out[name] = _parse_value(name, value)
    merged = {**dict(base), **out}

    if "date" in out or "date_precision" in out:
        precision = merged.get("date_precision") or "unknown"
        d = merged.get("date")
        d = None if _isna(d) else _as_date("date", d)
        if precision == "unknown":
            if d is not None and "date" in out and out["date"] is not None:
                raise InvalidValueError("date", "a date was given but its precision is 'unknown'")
            d = None
        elif d is None:
            raise InvalidValueError("date", f"precision '{precision}' needs a date")
        elif precision == "month":
            d = d.replace(day=1)
        elif precision == "year":
            d = date(d.year, 1, 1)
        out["date"], out["date_precision"] = d, precision

    if "delegation_size" in out and "delegation_min" not in out and "delegation_max" not in out:
        # The ETL writes an exact size as min = max = size; a new exact size moves that range with it.
        old = [None if _isna(base.get(k)) else int(base.get(k)) for k in _INT_FIELDS]
        if old[0] is not None and old[1] == old[2] == old[0]:
            merged["delegation_min"] = merged["delegation_max"] = out["delegation_size"]
            out["delegation_min"] = out["delegation_max"] = out["delegation_size"]
    if any(k in out for k in _INT_FIELDS):
        size, lo, hi = (None if _isna(merged.get(k)) else merged.get(k) for k in _INT_FIELDS)
        if lo is not None and hi is not None and lo > hi:
            raise InvalidValueError("delegation_min", f"minimum {lo} is above maximum {hi}")
        if size is not None and lo is not None and size < lo:
            raise InvalidValueError("delegation_size", f"size {size} is below the minimum {lo}")
        if size is not None and hi is not None and size > hi:
            raise InvalidValueError("delegation_size", f"size {size} is above the maximum {hi}")
    return out


def place_fields(prefix: str, place: Place | None, mention: str | None = None) -> dict[str, Any]:
    """The visits columns of a place picked by a person (from the gazetteer), or of "unknown".

    >>> place_fields("host", None)["host_resolution"]
    'unresolved'
    """
    if prefix not in ("origin", "host"):
        raise InvalidValueError(prefix, "a place is either origin or host")
    p = place or Place(name=None, level="unknown", resolved_by="unresolved")
    out = {
        f"{prefix}_name": p.name,
        f"{prefix}_level": p.level,
        f"{prefix}_code": p.code,
        f"{prefix}_province": p.province,
        f"{prefix}_lat": p.lat,
        f"{prefix}_lon": p.lon,
        f"{prefix}_resolution": p.resolved_by,
    }
    if mention is not None:
        out[f"{prefix}_mention"] = mention
    return out


def _parse_value(name: str, value: Any) -> Any:
    if _isna(value):
        value = None
    if name == "topics":
        topics = [] if value is None else list(value)
        bad = [t for t in topics if t not in taxonomy.TOPICS]
        if bad:
            raise InvalidValueError("topics", f"unknown topic {bad[0]!r}")
        return sorted(set(topics), key=list(taxonomy.TOPICS).index)
    if name == "visit_type":
        return _one_of(name, value, taxonomy.VISIT_TYPES)
    if name == "date_precision":
        return _one_of(name, value, taxonomy.DATE_PRECISIONS)
    if name.endswith("_institution_type"):
        return _one_of(name, value, taxonomy.INSTITUTION_TYPES)
    if name.endswith("_level"):
        return _one_of(name, value, taxonomy.LEVELS)
    if name.endswith("_resolution"):
        return _one_of(name, value, taxonomy.RESOLUTIONS)
    if name == "date":
        return None if value is None else _as_date(name, value)
    if name in _INT_FIELDS:
        if value is None:
            return None
        if isinstance(value, bool) or not float(value).is_integer():
            raise InvalidValueError(name, f"{value!r} is not a whole number")
        n = int(value)
        if n < 1 or n > 100_000:
            raise InvalidValueError(name, f"{n} is not a plausible delegation size")
        return n
    if name.endswith(("_lat", "_lon")) or name == "confidence":
        if value is None:
            return None
        x = float(value)
        limit = {"_lat": 90.0, "_lon": 180.0}.get(name[-4:], 1.0)
        if math.isnan(x) or abs(x) > limit or (name == "confidence" and x < 0):
            raise InvalidValueError(name, f"{value!r} is out of range")
        return x
    if name in _TEXT_FIELDS:
        if value is None:
            return None
        text = str(value).strip()
        return text or None
    raise InvalidValueError(name, "this field cannot be edited")  # pragma: no cover - EDITABLE_FIELDS guards


def _one_of(name: str, value: Any, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise InvalidValueError(name, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _as_date(name: str, value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidValueError(name, f"{value!r} is not a date (YYYY-MM-DD)") from exc


# ---------------------------------------------------------------- applying (pure)


def build_corrected_tables(
    tables: Mapping[str, pd.DataFrame], states: Mapping[str, StoredState | VisitState | None]
) -> dict[str, pd.DataFrame]:
    """The ETL tables with people's corrections applied: visits, and when given, visit_sources and visit_topics.

    Pure. Rejected and merged-away visits are dropped; a merged-away visit's sources
    join the visit it was merged into; split-off and hand-made visits are added; n_sources
    is recounted for visits whose sources changed. Corrections of visits not in
    `tables["visits"]` are skipped here (see find_orphans). Only the rows people touched
    go through Python; the rest of a large table is carried over as it is.
    """
    st = _active_states(states)
    out = dict(tables)
    visits = tables["visits"]
    if not st:
        return out
    sources = tables.get("visit_sources")
    touched: set[str] = set()
    new_sources = None
    if sources is not None:
        new_sources, touched = _correct_sources_frame(sources, st)
        out["visit_sources"] = new_sources

    # Visit rows: the touched ones rebuilt and written back in place; dropped ones removed; hand-made ones appended.
    ids = visits["visit_id"]
    sel = (ids.isin(st.keys()) | ids.isin(touched)).to_numpy()
    positions = np.flatnonzero(sel)
    manual_ids = [vid for vid, s in st.items() if s.kind == "manual" and s.status == "active"]
    already = set(ids[ids.isin(manual_ids)])
    extra_cols = [c for c in visits.columns if c not in schema.VISITS.names]
    kept: list[tuple[int, dict[str, Any]]] = []
    dropped: list[int] = []
    for pos, r in zip(positions, visits.iloc[positions].to_dict("records"), strict=True):
        s = st.get(r["visit_id"])
        if s is not None:
            if s.status != "active":
                dropped.append(int(pos))  # rejected / merged away
                continue
            # An ETL visit gets its overrides; a hand-made one already in the table (tables corrected
            # before) gets its record again, so applying twice changes nothing.
            r = _overlay(r, {k: v for k, v in s.fields.items() if k in schema.VISITS.names})
        kept.append((int(pos), r))
    added: list[dict[str, Any]] = []
    for vid in manual_ids:
        if vid in already:
            continue
        # A split-off visit whose parent is gone is still shown (its record is whole); find_orphans flags it.
        row = {c: None for c in visits.columns}
        row.update({k: v for k, v in st[vid].fields.items() if k in schema.VISITS.names})
        row["visit_id"] = vid
        added.append(_overlay(row, {}))
    result = [r for _, r in kept] + added

    # n_sources from the sources each touched visit now has.
    if new_sources is not None:
        mine = new_sources[new_sources["visit_id"].isin(touched)]
        has_article = mine["article_id"].notna()
        n_articles = mine[has_article].groupby("visit_id")["article_id"].nunique().to_dict()
        n_manual = mine[~has_article].groupby("visit_id").size().to_dict()
        for r in result:
            if r["visit_id"] in touched:
                r["n_sources"] = n_articles.get(r["visit_id"], 0) + n_manual.get(r["visit_id"], 0)
    else:
        for r in result:
            s = st.get(r["visit_id"])
            if s is not None and s.kind == "manual":
                r["n_sources"] = len(s.sources) + len(s.moved_articles)

    # Rebuilt rows go through the schema once (a small frame), then into a shallow copy cell by cell:
    # a large table is neither converted nor copied whole (pandas copies only the columns written).
    fixed = _frame_like(result, visits, "visits", extra_cols)
    frame = visits.copy(deep=False)
    if kept:
        rows = np.array([pos for pos, _ in kept])
        for j, name in enumerate(frame.columns):
            values = fixed.iloc[: len(kept), j].tolist()
            if all(_same(a, b) for a, b in zip(visits.iloc[rows, j].tolist(), values, strict=True)):
                continue  # most columns of most corrections are unchanged: leave them untouched
            if frame[name].dtype == object:
                # list cells (topics) cannot be set by position in one go; copy this one column and set them one by one
                column = frame[name].to_numpy(dtype=object, copy=True)
                for pos, value in zip(rows.tolist(), values, strict=True):
                    column[pos] = value
                frame[name] = pd.Series(column, index=frame.index, dtype=object)
            else:
                frame.iloc[rows, j] = fixed.iloc[: len(kept), j].to_numpy()
    keep_mask = None
    if dropped:
        keep_mask = np.ones(len(frame), dtype=bool)
        keep_mask[dropped] = False
    out["visits"] = _rebuild_rows(frame, keep_mask, fixed.iloc[len(kept):] if added else None)
    topics = tables.get("visit_topics")
    if topics is not None:
        keep = ~topics["visit_id"].isin(st.keys()).to_numpy(dtype=bool)
        add = [{"visit_id": r["visit_id"], "topic": t} for r in result if r["visit_id"] in st for t in _list(r["topics"])]
        out["visit_topics"] = _rebuild_rows(topics, keep, _frame_like(add, topics, "visit_topics", []))
    return out


def _rebuild_rows(frame: pd.DataFrame, keep: np.ndarray | None, extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """pd.concat([frame[keep], extra], ignore_index=True), copying each column once and keeping Arrow columns whole.

    Dropping a few rows of a 1M-row table: pandas' row filter takes every Arrow column row by row (1.1 s of CPU
    for the visits), and its concat chains the pieces so that every later row take copies them again. Here the
    kept runs of rows are sliced without copying and joined with the extra rows in one copy per column. When
    every row is kept and none is added, the columns are not copied at all.
    """
    n = len(frame)
    keep_all = keep is None or bool(np.all(keep))
    if keep_all and (extra is None or len(extra) == 0):
        return frame.reset_index(drop=True)
    if keep_all:
        ranges = [(0, n)]
    else:
        edges = np.diff(np.concatenate(([0], np.asarray(keep, dtype=np.int8), [0])))
        ranges = list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))
    extra = frame.iloc[:0] if extra is None else extra
    total = sum(e - b for b, e in ranges) + len(extra)
    columns = {}
    for i in range(frame.shape[1]):
        col, add = frame.iloc[:, i], extra.iloc[:, i]
        columns[i] = _join_column(col, ranges, add)
    out = pd.DataFrame({i: v.reset_index(drop=True) for i, v in columns.items()}, copy=False)
    out.index = pd.RangeIndex(total)
    out.columns = frame.columns
    out.attrs = dict(frame.attrs)
    return out


def _chunked(arr: pa.Array | pa.ChunkedArray) -> pa.ChunkedArray:
    return arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr], type=arr.type)


def _is_arrow(dtype: Any) -> bool:
    return isinstance(dtype, pd.ArrowDtype) or getattr(dtype, "storage", None) == "pyarrow"


def _join_column(col: pd.Series, ranges: list[tuple[int, int]], add: pd.Series) -> pd.Series:
    """The rows ranges of col followed by add, as one column of col's dtype (pandas' own concat when dtypes differ)."""
    if col.dtype == add.dtype and _is_arrow(col.dtype):
        whole, more = _chunked(pa.array(col)), _chunked(pa.array(add))
        chunks = [c for b, e in ranges for c in whole.slice(b, e - b).chunks] + more.chunks
        chunks = [c for c in chunks if len(c)]
        if chunks and all(c.type == chunks[0].type for c in chunks):
            return pd.Series(pd.array(pa.concat_arrays(chunks), dtype=col.dtype), copy=False)
    elif isinstance(col.dtype, np.dtype) and isinstance(add.dtype, np.dtype) and col.dtype == add.dtype:
        values = col.to_numpy()
        joined = np.concatenate([values[b:e] for b, e in ranges] + [add.to_numpy()])
        return pd.Series(joined, dtype=col.dtype, copy=False)  # as a Series: no guessing a new dtype for object columns
    pieces = [col.iloc[b:e] for b, e in ranges] + [add]
    return pd.concat(pieces, ignore_index=True)


def _active_states(states: Mapping[str, StoredState | VisitState | None]) -> dict[str, VisitState]:
    st = {k: (v.state if isinstance(v, StoredState) else v) for k, v in states.items()}
    return {k: v for k, v in st.items() if v is not None}


def build_corrected_sources(visit_sources: pd.DataFrame, states: Mapping[str, StoredState | VisitState | None]) -> pd.DataFrame:
    """visit_sources with merges, splits, rejections and hand-made sources applied (pure)."""
    st = _active_states(states)
    if not st:
        return visit_sources
    return _correct_sources_frame(visit_sources, st)[0]


def _correct_sources_frame(sources: pd.DataFrame, st: Mapping[str, VisitState]) -> tuple[pd.DataFrame, set[str]]:
    """Only the source rows of visits that were rejected, merged away or split are rewritten."""
    affected = {vid for vid, s in st.items() if s.status != "active" or s.moved_out or s.kind == "manual"}
    affected |= {s.split_from for s in st.values() if s.kind == "manual" and s.split_from}
    mask = sources["visit_id"].isin(affected).to_numpy(dtype=bool)
    rows, touched = _correct_sources(sources[mask].to_dict("records"), st)
    fixed = _frame_like(rows, sources, "visit_sources", [])
    return _rebuild_rows(sources, ~mask, fixed), touched


def _correct_sources(src_records: list[dict[str, Any]], st: Mapping[str, VisitState]) -> tuple[list[dict[str, Any]], set[str]]:
    # Where a visit's sources end up: follow merges (with a guard against a cycle made by hand).
    def final(vid: str) -> str | None:
        seen: set[str] = set()
        while vid in st and st[vid].status == "merged" and st[vid].merged_into:
            if vid in seen:
                return None
            seen.add(vid)
            vid = st[vid].merged_into
        s = st.get(vid)
        if s is not None and s.status == "rejected":
            return None
        return vid

    # Moves by split, then merges; rejected visits lose theirs.
    moved: dict[tuple[str, str], str] = {}
    for vid, s in st.items():
        if s.kind == "manual" and s.split_from:
            for aid in s.moved_articles:
                moved[(s.split_from, aid)] = vid
    touched: set[str] = set()
    new_sources: list[dict[str, Any]] = []
    for r in src_records:
        if r.get("field") == MANUAL_SOURCE_FIELD and r["visit_id"] in st:
            continue  # a hand-made visit's own sources are added below, once (applying twice changes nothing)
        vid = moved.get((r["visit_id"], r["article_id"]), r["visit_id"])
        target = final(vid)
        if target != r["visit_id"]:
            touched.update(x for x in (r["visit_id"], target) if x)
        if target is None:
            continue
        new_sources.append({**r, "visit_id": target})
    for vid, s in st.items():
        if s.kind == "manual" and s.status == "active":
            touched.add(vid)
            for src in s.sources:
                evidence = " | ".join(x for x in (src.url, src.note) if x)
                new_sources.append(
                    {"visit_id": vid, "article_id": None, "field": MANUAL_SOURCE_FIELD, "evidence": evidence}
                )
    for vid, s in st.items():
        if s.absorbed or s.moved_out:
            touched.add(vid)
    return new_sources, touched


def _overlay(row: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    r = dict(row)
    moved = any(k.endswith(("_lat", "_lon")) and not _same(r.get(k), v) for k, v in fields.items())
    r.update(fields)
    d = r.get("date")
    r["year"] = None if _isna(d) or d is None else _as_date("date", d).year
    if moved or _isna(r.get("distance_km")):
        r["distance_km"] = distance_km(r.get("origin_lat"), r.get("origin_lon"), r.get("host_lat"), r.get("host_lon"))
    return r


def distance_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> float | None:
    """Distance in km the way the ETL measures it (etl.write.distance_km, geodesic), or None when a coordinate is unknown.

    >>> distance_km(0.79, 127.38, -7.25, 112.75)  # Ternate -> Surabaya
    1852.029
    """
    if any(v is None or _isna(v) for v in (lat1, lon1, lat2, lon2)):
        return None
    from etl.write import distance_km as etl_distance  # noqa: PLC0415 - one definition of distance for both

    return etl_distance(Place("a", "kota", lat=float(lat1), lon=float(lon1)), Place("b", "kota", lat=float(lat2), lon=float(lon2)))


def _frame_like(
    records: list[dict[str, Any]], like: pd.DataFrame, table: str, extra_cols: Sequence[str]
) -> pd.DataFrame:
    """Records as a DataFrame with the columns and, where pandas allows, the dtypes of `like`."""
    names = [c for c in schema.TABLES[table].names if c in like.columns]
    base = pd.DataFrame([{k: _plain(r.get(k)) for k in names} for r in records], columns=names)
    frame = schema.to_arrow(table, base).to_pandas()[names]
    for c in extra_cols:
        frame[c] = [r.get(c) for r in records]
    frame = frame[list(like.columns)]
    for c in frame.columns:
        if frame[c].dtype != like[c].dtype:
            try:
                frame[c] = frame[c].astype(like[c].dtype)
            except (TypeError, ValueError):
                pass  # keep the schema's own type rather than lose values
    return frame.reset_index(drop=True)


def find_orphans(visit_ids: Iterable[str], states: Mapping[str, StoredState]) -> list[Orphan]:
    """Corrections that cannot be applied to the current ETL output, with the reason.

    >>> s = {"a1": StoredState(VisitState(fields={"lead": "Bupati"}), 1)}
    >>> [o.reason for o in find_orphans(["b2"], s)]
    ['visit_missing']
    """
    ids = _present_ids(visit_ids, states)
    out: list[Orphan] = []
    for vid, stored in sorted(states.items()):
        s = stored.state
        if s is None:
            continue
        if s.kind == "etl" and vid not in ids:
            out.append(Orphan(vid, "visit_missing", s, stored.version))
        elif (
            s.kind == "etl"
            and s.status == "merged"
            and s.merged_into not in ids
            and not _is_active_manual(states, s.merged_into)
        ):
            out.append(Orphan(vid, "merge_target_missing", s, stored.version))
        elif (
            s.kind == "manual"
            and s.split_from
            and s.split_from not in ids
            and not _is_active_manual(states, s.split_from)
        ):
            out.append(Orphan(vid, "split_parent_missing", s, stored.version))
    return out


def _present_ids(visit_ids: Iterable[str] | pa.Array | pa.ChunkedArray, states: Mapping[str, StoredState]) -> set[str]:
    """The ids find_orphans asks about (the corrected visits, where they were merged into or split from) that are
    among visit_ids. An Arrow column of 1M ids is searched in C instead of becoming a set of 1M Python strings."""
    needed = {vid for vid in states}
    for stored in states.values():
        if stored.state is not None:
            needed |= {x for x in (stored.state.merged_into, stored.state.split_from) if x is not None}
    arr: Any = visit_ids
    if isinstance(arr, pd.Series):
        try:
            arr = pa.array(arr, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arr = arr.tolist()
    if isinstance(arr, (pa.Array, pa.ChunkedArray)):
        if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            return set(arr.to_pylist()) & needed
        if not needed:
            return set()
        hit = pc.is_in(arr, value_set=pa.array(sorted(needed), type=arr.type))
        return set(pc.filter(arr, hit).to_pylist())
    return set(arr) & needed


def _is_active_manual(states: Mapping[str, StoredState], vid: str | None) -> bool:
    stored = states.get(vid) if vid else None
    return bool(stored and stored.state and stored.state.kind == "manual" and stored.state.status == "active")


# ---------------------------------------------------------------- what an edit form changed, what may be merged (pure)


def parse_blank(v: Any) -> Any:
    """A form value with empty text (or NaN) as None, so "left empty" means "no value".

    >>> parse_blank("  "), parse_blank(" Bupati "), parse_blank(float("nan"))
    (None, 'Bupati', None)
    """
    if isinstance(v, str):
        return v.strip() or None
    return None if _isna(v) else v


def build_edit_changes(base: Mapping[str, Any], edited: Mapping[str, Any]) -> dict[str, Any]:
    """Only the fields an edit form really changed, compared with the visit it showed (for save_edit).

    >>> build_edit_changes({"lead": None, "topics": ["egov"], "delegation_size": 20.0},
    ...                    {"lead": "", "topics": ["egov"], "delegation_size": 21})
    {'delegation_size': 21}
    """
    out: dict[str, Any] = {}
    for k, v in edited.items():
        old, new = _plain(base.get(k)), parse_blank(v)
        if k == "topics":
            if sorted(old or []) != sorted(new or []):
                out[k] = list(new or [])
        elif k in _INT_FIELDS:
            if (None if old is None else int(old)) != (None if new is None else int(new)):
                out[k] = None if new is None else int(new)
        elif old != new:
            out[k] = new
    return out


def build_merge_candidates(visits: pd.DataFrame, base: Mapping[str, Any], limit: int = 500) -> list[str]:
    """Visits `base` may be a duplicate of: the same visitor or host, nearest in date first; at most `limit`."""
    return _merge_candidates(visits, base, limit)["visit_id"].tolist()


def merge_candidate_positions(visits: pd.DataFrame, base: Mapping[str, Any], limit: int = 500) -> np.ndarray:
    """build_merge_candidates as row positions of `visits` (a page then reads those rows without an id index)."""
    return _merge_candidates(visits, base, limit)["_pos"].to_numpy(dtype=np.int64)


def _merge_candidates(visits: pd.DataFrame, base: Mapping[str, Any], limit: int) -> pd.DataFrame:
    same = (visits["visit_id"] != base["visit_id"]) & (
        ((visits["origin_name"] == base.get("origin_name")) & visits["origin_name"].notna())
        | ((visits["host_name"] == base.get("host_name")) & visits["host_name"].notna())
    )
    cand = visits.loc[same, ["visit_id", "date"]].copy()
    cand["_pos"] = np.flatnonzero(same.to_numpy(dtype=bool))
    if base.get("date") is not None and not _isna(base.get("date")):
        days = pd.to_datetime(cand["date"], errors="coerce") - pd.Timestamp(base["date"])
        cand["gap"] = days.abs().dt.days.fillna(10**6)
    else:
        cand["gap"] = 0
    return cand.sort_values(["gap", "visit_id"], kind="stable").head(limit)


# ---------------------------------------------------------------- the review queue (pure)

# Why a visit may be wrong, and how much each reason weighs (on top of 1 - confidence).
REVIEW_WEIGHTS: dict[str, float] = {
    "origin_unresolved": 1.0,
    "host_unresolved": 1.0,
    "date_unknown": 0.6,
    "sources_differ": 0.5,
    "origin_online": 0.4,
    "host_online": 0.4,
    "low_confidence": 0.0,  # already counted through 1 - confidence; named so people see it
}
LOW_CONFIDENCE = 0.6


def build_review_queue(
    visits: pd.DataFrame,
    visit_sources: pd.DataFrame | None = None,
    states: Mapping[str, StoredState] | None = None,
) -> pd.DataFrame:
    """Visits most likely to be wrong first: columns visit_id, score, reasons (codes), reviewed.

    A visit a person already edited or confirmed is `reviewed` and scores 0, so it drops
    to the end; "sources_differ" means two articles give different evidence for the same
    field of the visit (e.g. each its own date sentence).

    >>> v = pd.DataFrame({"visit_id": ["a", "b"], "confidence": [0.9, 0.4], "date_precision": ["day", "unknown"],
    ...     "origin_resolution": ["gazetteer"] * 2, "host_resolution": ["gazetteer", "unresolved"]})
    >>> build_review_queue(v)[["visit_id", "reasons"]].values.tolist()
    [['b', ['low_confidence', 'host_unresolved', 'date_unknown']], ['a', []]]
    """
    if not len(visits):  # pandas' own dtypes for an empty queue, as before
        out = pd.DataFrame({"visit_id": [], "score": np.zeros(0), "reasons": [], "reviewed": np.zeros(0, bool)})
        return out[["visit_id", "score", "reasons", "reviewed"]]
    review = review_order(visits, visit_sources, states)
    return review_rows(visits, review, review.order)


@dataclass(frozen=True)
class ReviewOrder:
    """The review queue of a visits table without the table: what build_review_queue shows, per row of `visits`.

    order: row positions of `visits`, most likely wrong first (score descending, then visit_id);
    score, reasons (a list of codes per row, shared by rows with the same ones) and reviewed: one per row.
    A page takes the first rows of the view it shows (review_rows) instead of a 1M-row frame on every rerun.
    """

    order: np.ndarray
    score: np.ndarray
    reasons: np.ndarray
    reviewed: np.ndarray


def review_order(
    visits: pd.DataFrame,
    visit_sources: pd.DataFrame | None = None,
    states: Mapping[str, StoredState] | None = None,
) -> ReviewOrder:
    """Score every visit and sort them, as build_review_queue does (see there); vectorised (1M visits: ~0.3 s)."""
    states = states or {}
    differ: set[str] = set()
    if visit_sources is not None and len(visit_sources):
        src = visit_sources.dropna(subset=["article_id"])
        if "n_sources" in visits.columns:  # only visits read from several articles can disagree
            several = visits.loc[pd.to_numeric(visits["n_sources"], errors="coerce").fillna(0) > 1, "visit_id"]
            src = src[src["visit_id"].isin(several)]
        per = src.groupby(["visit_id", "field"]).agg(n_articles=("article_id", "nunique"), n_texts=("evidence", "nunique"))
        differ = set(per[(per.n_articles > 1) & (per.n_texts > 1)].index.get_level_values(0))

    def col(name: str) -> pd.Series:
        return visits[name] if name in visits.columns else pd.Series([None] * len(visits), index=visits.index)

    conf = pd.to_numeric(col("confidence"), errors="coerce").fillna(0.0).astype(float)
    precision = col("date_precision")
    flags = {
        "low_confidence": conf < LOW_CONFIDENCE,
        "origin_unresolved": col("origin_resolution") == "unresolved",
        "origin_online": col("origin_resolution") == "online",
        "host_unresolved": col("host_resolution") == "unresolved",
        "host_online": col("host_resolution") == "online",
        "date_unknown": precision.isna() | (precision == "unknown"),
        "sources_differ": visits["visit_id"].isin(differ),
    }
    names = list(flags)
    matrix = np.column_stack([flags[n].to_numpy(dtype=bool) for n in names]) if len(visits) else np.zeros((0, len(names)), bool)
    weights = np.array([REVIEW_WEIGHTS[n] for n in names])
    reviewed = visits["visit_id"].isin([k for k, v in states.items() if v.state is not None]).to_numpy(dtype=bool)
    score = np.where(reviewed, 0.0, (1.0 - conf.to_numpy()) + matrix @ weights).round(3)
    # One reasons list per combination of flags (at most 2**7), shared by the rows that have it: fast on big tables.
    codes = matrix.astype(np.int64) @ (1 << np.arange(len(names), dtype=np.int64)) if len(visits) else np.zeros(0, np.int64)
    lookup = np.empty(1 << len(names), dtype=object)
    for code in np.flatnonzero(np.bincount(codes, minlength=len(lookup))).tolist():
        lookup[code] = [n for i, n in enumerate(names) if code >> i & 1]
    # Sorted by visit_id first (Arrow sorts 1M strings in C, stably, missing ones last), then stably by score:
    # the same order as pandas' stable sort on [score desc, visit_id], 8x faster.
    ids = pa.array(visits["visit_id"], from_pandas=True)
    by_id = np.asarray(pc.sort_indices(ids), dtype=np.int64) if len(visits) else np.zeros(0, np.int64)
    order = by_id[_argsort_desc(score[by_id])]
    return ReviewOrder(order=order, score=score, reasons=lookup[codes], reviewed=reviewed)


def _argsort_desc(score: np.ndarray) -> np.ndarray:
    """np.argsort(-score, kind="stable") for scores rounded to 3 decimals: as whole thousandths in 16 bits when they
    fit, which numpy sorts by radix (linear) instead of by merging floats."""
    key = np.rint(score * -1000.0)
    if len(key) and np.isfinite(key).all() and -32768 <= key.min() and key.max() <= 32767:
        return np.argsort(key.astype(np.int16), kind="stable")
    return np.argsort(-score, kind="stable")


def review_rows(visits: pd.DataFrame, review: ReviewOrder, positions: np.ndarray) -> pd.DataFrame:
    """The review queue's rows for these row positions of `visits`, in their order (build_review_queue's columns)."""
    positions = np.asarray(positions, dtype=np.int64)
    ids = visits["visit_id"]
    if ids.dtype == _STR_DTYPE and not ids.isna().any():
        visit_id: Any = ids.take(positions).reset_index(drop=True)  # no 1M Python strings; the dtype pandas would infer
    else:
        visit_id = ids.to_numpy(dtype=object)[positions].tolist()
    rows = {
        "visit_id": visit_id,
        "score": review.score[positions],
        "reasons": review.reasons[positions],
        "reviewed": review.reviewed[positions],
    }
    out = pd.DataFrame(rows, columns=["visit_id", "score", "reasons", "reviewed"])
    out["reviewed"] = out["reviewed"].astype(bool)
    return out


_STR_DTYPE = pd.Series(["x"]).dtype  # what pandas makes of a list of strings


# ---------------------------------------------------------------- the store (SQLite, I/O)


def db_path(data_dir: Path) -> Path:
    """Where the corrections of data_dir live: ATLAS_CORRECTIONS_DB, else a sibling file of the folder.

    Not inside data_dir: the ETL swaps that whole folder in when it re-runs (and
    `make clean` removes it), which would take people's corrections with it.
    data/processed -> data/processed.corrections.sqlite
    """
    override = os.environ.get(DB_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    data_dir = Path(data_dir)
    return data_dir.parent / f"{data_dir.name}{DB_SUFFIX}"


def etl_fingerprint(fingerprint: Iterable[tuple[Any, ...]]) -> tuple[tuple[Any, ...], ...]:
    """A data folder's fingerprint ((name, mtime_ns, size) per file) without the stamp a saved correction touches.

    It changes only when the ETL's own files do: a cache of the tables as the ETL wrote them can be keyed on it,
    and a saved correction then costs apply_corrections_tables on those tables (~0.2 s at 1M visits) instead of
    reading every Parquet file again.

    >>> etl_fingerprint([("visits.parquet", 1, 9), (STAMP_NAME, 5, 32)])
    (('visits.parquet', 1, 9),)
    """
    return tuple(tuple(entry) for entry in fingerprint if entry[0] != STAMP_NAME)


def write_stamp(data_dir: Path) -> None:
    """Touch a small file inside data_dir after a change, so caches keyed on that folder's files reload."""
    data_dir = Path(data_dir)
    try:
        if data_dir.is_dir():
            (data_dir / STAMP_NAME).write_text(datetime.now(UTC).isoformat(), encoding="utf-8")
    except OSError:
        pass  # best effort: the change is saved; a read-only output folder only delays the reload


@contextmanager
def open_db(data_dir: Path) -> Iterator[sqlite3.Connection]:
    """A connection to data_dir/corrections.sqlite (created on first use, WAL mode), closed afterwards."""
    path = db_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.executescript(_SCHEMA_SQL)
        yield conn
        if conn.total_changes:
            write_stamp(data_dir)
    finally:
        conn.close()


def load_states(data_dir: Path) -> dict[str, StoredState]:
    """Every visit's correction state and version; {} when nobody corrected anything yet (no file is created)."""
    if not db_path(data_dir).exists():
        return {}
    with open_db(data_dir) as conn:
        return read_states(conn)


def read_states(conn: sqlite3.Connection) -> dict[str, StoredState]:
    rows = conn.execute("SELECT visit_id, state, version FROM visit_state").fetchall()
    return {vid: StoredState(VisitState.from_json(state), version) for vid, state, version in rows}


def read_version(conn: sqlite3.Connection, visit_id: str) -> int:
    row = conn.execute("SELECT version FROM visit_state WHERE visit_id = ?", (visit_id,)).fetchone()
    return row[0] if row else 0


def load_audit(data_dir: Path, visit_id: str | None = None, limit: int = 500) -> list[AuditEntry]:
    """The audit log, newest first; one visit's when visit_id is given."""
    if not db_path(data_dir).exists():
        return []
    with open_db(data_dir) as conn:
        return read_audit(conn, visit_id, limit)


def read_audit(conn: sqlite3.Connection, visit_id: str | None = None, limit: int = 500) -> list[AuditEntry]:
    sql = (
        "SELECT c.change_id, c.action, c.who, c.at, a.visit_id, a.version, a.before, a.after, a.detail, c.note, c.undoes "
        "FROM audit a JOIN changes c USING (change_id) "
        + ("WHERE a.visit_id = ? " if visit_id else "")
        + "ORDER BY a.audit_id DESC LIMIT ?"
    )
    args: tuple[Any, ...] = (visit_id, limit) if visit_id else (limit,)
    return [
        AuditEntry(
            change_id=r[0],
            action=r[1],
            who=r[2],
            at=r[3],
            visit_id=r[4],
            version=r[5],
            before=VisitState.from_json(r[6]),
            after=VisitState.from_json(r[7]),
            detail=json.loads(r[8] or "{}"),
            note=r[9],
            undoes=r[10],
        )
        for r in conn.execute(sql, args).fetchall()
    ]


def _now() -> datetime:
    return datetime.now(UTC)


def _new_manual_id() -> str:
    return MANUAL_PREFIX + uuid.uuid4().hex[:12]


@dataclass(frozen=True)
class _Write:
    visit_id: str
    expected: int
    after: VisitState | None
    detail: dict[str, list[Any]] = field(default_factory=dict)


def _commit(
    conn: sqlite3.Connection,
    action: str,
    who: str,
    writes: Sequence[_Write],
    now: Callable[[], datetime],
    note: str | None = None,
    undoes: int | None = None,
) -> int:
    """Write one change atomically: every visit's version must still be the expected one."""
    if not who or not who.strip():
        raise CorrectionError("a change needs the name or e-mail of who made it")
    conn.execute("BEGIN IMMEDIATE")  # take the write lock first, so the version checks below cannot race
    try:
        befores: list[tuple[VisitState | None, int]] = []
        for w in writes:
            row = conn.execute("SELECT state, version FROM visit_state WHERE visit_id = ?", (w.visit_id,)).fetchone()
            current, version = (VisitState.from_json(row[0]), row[1]) if row else (None, 0)
            if version != w.expected:
                last = _last_change(conn, w.visit_id)
                raise ConflictError(w.visit_id, w.expected, version, current, last)
            befores.append((current, version))
        at = now().isoformat(timespec="seconds")
        cur = conn.execute(
            "INSERT INTO changes (action, who, at, note, undoes) VALUES (?, ?, ?, ?, ?)",
            (action, who.strip(), at, note, undoes),
        )
        change_id = cur.lastrowid
        for w, (before, version) in zip(writes, befores, strict=True):
            after_json = w.after.to_json() if w.after is not None else None
            conn.execute(
                "INSERT INTO visit_state (visit_id, version, state, change_id) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(visit_id) DO UPDATE SET version = excluded.version, state = excluded.state, "
                "change_id = excluded.change_id",
                (w.visit_id, version + 1, after_json, change_id),
            )
            conn.execute(
                "INSERT INTO audit (change_id, visit_id, version, before, after, detail) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    change_id,
                    w.visit_id,
                    version + 1,
                    before.to_json() if before is not None else None,
                    after_json,
                    json.dumps(
                        {k: [_to_jsonable(a), _to_jsonable(b)] for k, (a, b) in w.detail.items()}, ensure_ascii=False
                    ),
                ),
            )
        conn.execute("COMMIT")
        return change_id
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _last_change(conn: sqlite3.Connection, visit_id: str) -> Change | None:
    row = conn.execute(
        "SELECT c.change_id, c.action, c.who, c.at, c.note, c.undoes FROM audit a JOIN changes c USING (change_id) "
        "WHERE a.visit_id = ? ORDER BY a.audit_id DESC LIMIT 1",
        (visit_id,),
    ).fetchone()
    return Change(*row) if row else None


def _state_of(conn: sqlite3.Connection, visit_id: str) -> VisitState | None:
    row = conn.execute("SELECT state FROM visit_state WHERE visit_id = ?", (visit_id,)).fetchone()
    return VisitState.from_json(row[0]) if row else None


def _kind_of(visit_id: str) -> str:
    return "manual" if visit_id.startswith(MANUAL_PREFIX) else "etl"


def save_edit(
    conn: sqlite3.Connection,
    base: Mapping[str, Any],
    changes: Mapping[str, Any],
    expected_version: int,
    who: str,
    *,
    note: str | None = None,
    now: Callable[[], datetime] = _now,
) -> int:
    """Validate and save field edits of one visit (`base`: the visit as the editor saw it). Returns the change id.

    The edited visit counts as reviewed: its confidence becomes 1.0 unless the edit sets it.
    """
    vid = str(base["visit_id"])
    clean = parse_changes(changes, base)
    clean.setdefault("confidence", REVIEWED_CONFIDENCE)
    current = _state_of(conn, vid) or VisitState(kind=_kind_of(vid))
    detail = {k: (_plain(base.get(k)), v) for k, v in clean.items() if not _same(base.get(k), v)}
    after = replace(current, fields={**current.fields, **clean})
    return _commit(conn, "edit", who, [_Write(vid, expected_version, after, detail)], now, note)


def save_confirm(
    conn: sqlite3.Connection,
    base: Mapping[str, Any],
    expected_version: int,
    who: str,
    *,
    now: Callable[[], datetime] = _now,
) -> int:
    """Mark a visit as checked and right as it is (it leaves the review queue)."""
    return save_edit(conn, base, {"confidence": REVIEWED_CONFIDENCE}, expected_version, who, note="confirmed", now=now)


def save_reject(
    conn: sqlite3.Connection,
    visit_id: str,
    expected_version: int,
    who: str,
    *,
    note: str | None = None,
    now: Callable[[], datetime] = _now,
) -> int:
    """Reject a visit (not a visit, or not one worth showing); it disappears from every page until restored."""
    current = _state_of(conn, visit_id) or VisitState(kind=_kind_of(visit_id))
    after = replace(current, status="rejected", merged_into=None)
    return _commit(
        conn,
        "reject",
        who,
        [_Write(visit_id, expected_version, after, {"status": [current.status, "rejected"]})],
        now,
        note,
    )


def save_restore(
    conn: sqlite3.Connection, visit_id: str, expected_version: int, who: str, *, now: Callable[[], datetime] = _now
) -> int:
    """Bring back a rejected visit."""
    current = _state_of(conn, visit_id)
    if current is None or current.status != "rejected":
        raise CorrectionError(f"visit {visit_id} is not rejected")
    after = replace(current, status="active")
    return _commit(
        conn, "restore", who, [_Write(visit_id, expected_version, after, {"status": ["rejected", "active"]})], now
    )


def save_merge(
    conn: sqlite3.Connection,
    keep: Mapping[str, Any],
    keep_version: int,
    drop: Mapping[str, Any],
    drop_version: int,
    who: str,
    *,
    note: str | None = None,
    now: Callable[[], datetime] = _now,
) -> int:
    """Merge visit `drop` into visit `keep`: one visit, both visits' sources, the union of their topics."""
    kid, did = str(keep["visit_id"]), str(drop["visit_id"])
    if kid == did:
        raise CorrectionError("a visit cannot be merged with itself")
    k_state = _state_of(conn, kid) or VisitState(kind=_kind_of(kid))
    d_state = _state_of(conn, did) or VisitState(kind=_kind_of(did))
    if k_state.status != "active" or d_state.status != "active":
        raise CorrectionError("only visits that are shown (not rejected or merged) can be merged")
    topics = parse_changes({"topics": [*_list(keep.get("topics")), *_list(drop.get("topics"))]}, keep)["topics"]
    k_after = replace(
        k_state, absorbed=tuple(dict.fromkeys((*k_state.absorbed, did))), fields={**k_state.fields, "topics": topics}
    )
    d_after = replace(d_state, status="merged", merged_into=kid)
    return _commit(
        conn,
        "merge",
        who,
        [
            _Write(
                kid, keep_version, k_after, {"topics": (_list(keep.get("topics")), topics), "absorbed": ([], [did])}
            ),
            _Write(did, drop_version, d_after, {"merged_into": (None, kid)}),
        ],
        now,
        note,
    )


def save_split(
    conn: sqlite3.Connection,
    parent: Mapping[str, Any],
    parent_version: int,
    move_articles: Sequence[str],
    move_topics: Sequence[str],
    who: str,
    *,
    note: str | None = None,
    now: Callable[[], datetime] = _now,
    new_id: Callable[[], str] = _new_manual_id,
) -> tuple[int, str]:
    """Split a visit in two: a copy with a new id takes the chosen articles and topics away from it.

    Returns (change id, the new visit's id). The new visit starts as a copy of the parent
    and is edited like any other.
    """
    pid = str(parent["visit_id"])
    moved_topics = parse_changes({"topics": list(move_topics)}, parent)["topics"]
    have = _list(parent.get("topics"))
    if not move_articles and not moved_topics:
        raise CorrectionError("choose at least one article or topic for the new visit")
    if any(t not in have for t in moved_topics):
        raise InvalidValueError("topics", "only topics the visit has can be moved")
    cid = new_id()
    p_state = _state_of(conn, pid) or VisitState(kind=_kind_of(pid))
    if p_state.status != "active":
        raise CorrectionError("only a visit that is shown can be split")
    record = {k: _plain(parent.get(k)) for k in schema.VISITS.names if k not in ("visit_id", "n_sources")}
    record["topics"] = moved_topics or have
    child = VisitState(kind="manual", fields=record, split_from=pid, moved_articles=tuple(dict.fromkeys(move_articles)))
    remaining = [t for t in have if t not in moved_topics] if moved_topics else have
    p_after = replace(
        p_state,
        moved_out=tuple(dict.fromkeys((*p_state.moved_out, *move_articles))),
        fields={**p_state.fields, "topics": remaining},
    )
    change = _commit(
        conn,
        "split",
        who,
        [
            _Write(pid, parent_version, p_after, {"topics": (have, remaining), "moved_out": ([], list(move_articles))}),
            _Write(cid, 0, child, {"split_from": (None, pid)}),
        ],
        now,
        note,
    )
    return change, cid


def save_new_visit(
    conn: sqlite3.Connection,
    fields: Mapping[str, Any],
    sources: Sequence[ManualSource],
    who: str,
    *,
    note: str | None = None,
    now: Callable[[], datetime] = _now,
    new_id: Callable[[], str] = _new_manual_id,
) -> tuple[int, str]:
    """Add a visit by hand; it needs at least one source (a URL or a note saying where it is from)."""
    srcs = tuple(ManualSource(url=(s.url or "").strip() or None, note=(s.note or "").strip() or None) for s in sources)
    srcs = tuple(s for s in srcs if s.url or s.note)
    if not srcs:
        raise InvalidValueError("sources", "a visit added by hand needs a source: a URL or a note")
    for s in srcs:
        if s.url and not s.url.lower().startswith(("http://", "https://")):
            raise InvalidValueError("sources", f"{s.url!r} is not an http(s) URL")
    base = {
        "date_precision": "unknown",
        "visit_type": "other",
        "topics": [],
        "origin_level": "unknown",
        "host_level": "unknown",
        "origin_resolution": "unresolved",
        "host_resolution": "unresolved",
        "origin_institution_type": "other",
        "host_institution_type": "other",
    }
    clean = parse_changes({k: v for k, v in fields.items()}, base)
    record = {**base, **clean}
    record.setdefault("confidence", REVIEWED_CONFIDENCE)
    vid = new_id()
    state = VisitState(kind="manual", fields=record, sources=srcs)
    change = _commit(conn, "add", who, [_Write(vid, 0, state, {k: (None, v) for k, v in clean.items()})], now, note)
    return change, vid


def save_undo(conn: sqlite3.Connection, change_id: int, who: str, *, now: Callable[[], datetime] = _now) -> int:
    """Undo a change by writing back each visit's state from before it, as a new change.

    Refused with ConflictError if a visit changed again since: undo the later change first.
    """
    rows = conn.execute(
        "SELECT visit_id, version, before, after FROM audit WHERE change_id = ? ORDER BY audit_id", (change_id,)
    ).fetchall()
    if not rows:
        raise UnknownVisitError(f"no change {change_id}")
    writes = []
    for vid, _version, before, after in rows:
        b, a = VisitState.from_json(before), VisitState.from_json(after)
        # Undo only what is still there: if the visit changed since (and was not brought back
        # to exactly this state by other undos), the later change has to be undone first.
        row = conn.execute("SELECT state, version FROM visit_state WHERE visit_id = ?", (vid,)).fetchone()
        current, version = (VisitState.from_json(row[0]), row[1]) if row else (None, 0)
        if current != a:
            raise ConflictError(vid, _version, version, current, _last_change(conn, vid))
        detail = {"state": (_describe(a), _describe(b))}
        writes.append(_Write(vid, version, b, detail))
    return _commit(conn, "undo", who, writes, now, note=f"undo of change {change_id}", undoes=change_id)


def save_reattach(
    conn: sqlite3.Connection,
    orphan_id: str,
    orphan_version: int,
    target_id: str,
    target_version: int,
    who: str,
    *,
    now: Callable[[], datetime] = _now,
) -> int:
    """Move an orphaned correction's field edits onto the visit that now stands for it (a person says which).

    The orphan's state is cleared in the same change, so the audit keeps both ends.
    """
    orphan = _state_of(conn, orphan_id)
    if orphan is None:
        raise UnknownVisitError(orphan_id)
    target = _state_of(conn, target_id) or VisitState(kind=_kind_of(target_id))
    after = replace(
        target,
        fields={**target.fields, **orphan.fields},
        status=orphan.status,
        merged_into=orphan.merged_into,
        absorbed=tuple(dict.fromkeys((*target.absorbed, *orphan.absorbed))),
    )
    return _commit(
        conn,
        "reattach",
        who,
        [
            _Write(target_id, target_version, after, {"from": (None, orphan_id)}),
            _Write(orphan_id, orphan_version, None, {"to": (None, target_id)}),
        ],
        now,
    )


# ---------------------------------------------------------------- the two entry points the pages use


def apply_corrections(visits: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    """The visits table with every correction in data_dir/corrections.sqlite applied (same columns and dtypes).

    Reads data_dir/visit_sources.parquet when merges or splits need sources recounted.
    """
    states = load_states(Path(data_dir))
    if not any(s.state is not None for s in states.values()):
        return visits
    tables: dict[str, pd.DataFrame] = {"visits": visits}
    sources_path = Path(data_dir) / "visit_sources.parquet"
    if any(s.state and (s.state.absorbed or s.state.moved_out or s.state.kind == "manual") for s in states.values()):
        if sources_path.exists():
            tables["visit_sources"] = pd.read_parquet(sources_path)
    out = build_corrected_tables(tables, states)["visits"]
    out.attrs["n_corrections"] = sum(1 for s in states.values() if s.state is not None)
    return out


def apply_corrections_tables(tables: Mapping[str, pd.DataFrame], data_dir: Path) -> dict[str, pd.DataFrame]:
    """Like apply_corrections, for visits, visit_sources and visit_topics together (whichever are given)."""
    states = load_states(Path(data_dir))
    return build_corrected_tables(tables, states)


# ---------------------------------------------------------------- small helpers


def _isna(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, (list, tuple, dict, set)):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _list(v: Any) -> list[str]:
    if v is None or (not isinstance(v, (list, tuple)) and _isna(v)):
        return []
    return [str(x) for x in list(v)]


def _plain(v: Any) -> Any:
    """A cell as a plain Python value (numpy arrays -> lists, NaN/NaT -> None, Timestamps -> dates)."""
    if hasattr(v, "tolist") and not isinstance(v, (str, bytes)):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if _isna(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v


def _same(a: Any, b: Any) -> bool:
    return _plain(a) == _plain(b)


def _to_jsonable(v: Any) -> Any:
    v = _plain(v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def _from_jsonable(name: str, v: Any) -> Any:
    if name == "date" and isinstance(v, str):
        return date.fromisoformat(v)
    return v


def _describe(s: VisitState | None) -> str:
    if s is None:
        return "no correction"
    if s.status != "active":
        return s.status + (f" into {s.merged_into}" if s.merged_into else "")
    return f"{s.kind}: {len(s.fields)} field(s) set"
