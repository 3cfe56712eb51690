"""Loading the ETL's Parquet tables for the dashboard, once, cached.

read_tables() reads and checks the four tables (no Streamlit); load_tables()
is the cached edge every page uses. The cache key holds the modification times
of the data folder's files, so new ETL output (or a new corrections file in
that folder) shows on the next rerun without restarting the server.
"""

from __future__ import annotations

import importlib
import json
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import streamlit as st

from etl import schema

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / "data" / "processed"
SAMPLE_ARTICLES_DIR = ROOT / "data" / "sample" / "articles"
ENV_VAR = "ATLAS_DATA_DIR"
TABLE_NAMES = ("articles", "visits", "visit_sources", "visit_topics")

# Two sessions opening the app at its first start must not both build the sample.
_BUILD_LOCK = threading.Lock()


def use_fast_allocator() -> str:
    """Give Arrow the jemalloc allocator in the dashboard's process, unless ARROW_DEFAULT_MEMORY_POOL chooses one.

    Reading 1M visits in a fresh process took 1.30 s with jemalloc and 1.88 s with pyarrow's default mimalloc
    (means of six alternating runs each on this 2-core machine): most of a cold page start is that read.
    Returns the allocator in use.
    """
    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        try:
            pa.set_memory_pool(pa.jemalloc_memory_pool())
        except NotImplementedError:  # a pyarrow built without jemalloc keeps its default
            pass
    return pa.default_memory_pool().backend_name


use_fast_allocator()


class DataError(Exception):
    """The data folder cannot be shown. kind: missing / corrupt / build_failed."""

    def __init__(self, kind: str, path: Path, reason: str = "") -> None:
        super().__init__(f"{kind}: {path}: {reason}")
        self.kind = kind
        self.path = path
        self.reason = reason


class LazyFrame:
    """A table read on first use, once, by whichever thread asks first (Streamlit runs sessions in threads).

    Holds the reader until then; a failed read raises to the caller and is tried again at the next use.
    """

    def __init__(self, read: Callable[[], pd.DataFrame]) -> None:
        self._read = read
        self._frame: pd.DataFrame | None = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, frame: pd.DataFrame) -> LazyFrame:
        """An already read table."""
        lazy = cls(lambda: frame)
        lazy._frame = frame
        return lazy

    @property
    def loaded(self) -> bool:
        return self._frame is not None

    def get(self) -> pd.DataFrame:
        frame = self._frame
        if frame is None:
            with self._lock:
                if self._frame is None:
                    self._frame = self._read()
                frame = self._frame
        return frame


@dataclass(frozen=True)
class Tables:
    """The four ETL tables (all rows), where they came from, and how many corrections were applied.

    articles is read on first use (only the Visits and Data pages need it; at 1M articles that saves ~0.4 s
    of every first load); article_statuses, its status column alone, is read with the rest and is what the
    Overview counts.
    """

    visits: pd.DataFrame
    visit_sources: pd.DataFrame
    visit_topics: pd.DataFrame
    data_dir: Path
    article_statuses: pd.DataFrame  # the articles table's status column (all rows)
    lazy_articles: LazyFrame = field(repr=False, compare=False)  # all of the articles table, read on first use
    built_at: str | None = None
    corrections: int = 0
    corrections_error: str | None = None  # set when corrections could not be applied (the ETL's rows are shown)
    fingerprint: tuple = ()  # read_fingerprint(data_dir) at load: a cache key for pages' own derived results
    inputs: tuple[str, ...] = ()  # what the ETL read, from manifest.json (empty when unknown)
    # Answers derived from these tables, worked out once (see memo). Not an init field: dataclasses.replace()
    # (corrections applied, a new fingerprint) starts an empty one, so nothing derived from other rows survives.
    _memo: dict = field(init=False, default_factory=dict, repr=False, compare=False)

    @property
    def articles(self) -> pd.DataFrame:
        """The articles table, read (and checked) on first use. Raises DataError if it cannot be read then."""
        return self.lazy_articles.get()

    def memo(self, name: str, build: Callable[[], T]) -> T:
        """build() once per Tables object (shared by every session and page): a value derived from the tables that
        every filtered view needs, such as each topic row's visit position. Two threads asking at once may both
        build it; both get an equal answer."""
        try:
            return self._memo[name]
        except KeyError:
            value = self._memo[name] = build()
            return value


def resolve_data_dir() -> Path:
    """ATLAS_DATA_DIR when set (and not empty), else data/processed next to the app."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value).expanduser() if value else DEFAULT_DATA_DIR


def is_env_data_dir() -> bool:
    """True when the data folder was chosen through ATLAS_DATA_DIR."""
    return bool(os.environ.get(ENV_VAR, "").strip())


def has_tables(data_dir: Path) -> bool:
    """True when every table file is present (says nothing about whether they can be read)."""
    return all((data_dir / f"{name}.parquet").is_file() for name in TABLE_NAMES)


def read_fingerprint(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """(name, mtime_ns, size) of every file in the folder: the cache key that changes when the data does."""
    if not data_dir.is_dir():
        return ()
    out = []
    for path in sorted(data_dir.iterdir()):
        if path.is_file():
            stat = path.stat()
            out.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def conform_table(name: str, table: pa.Table) -> pa.Table:
    """The table in its schema's column order and types (missing nullable columns as nulls), allowed values checked.

    Works on Arrow columns: a cast per column instead of a Python value per cell, so 1M visits take well under a second.
    Raises schema.SchemaError.
    """
    target = schema.TABLES[name]
    columns = []
    for f in target:
        if f.name in table.column_names:
            column = table.column(f.name)
            if column.type == f.type:
                columns.append(column)
                continue
            try:
                columns.append(column.cast(f.type))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise schema.SchemaError(f"{name}.{f.name}: cannot read as {f.type}: {exc}") from exc
        else:
            columns.append(pa.nulls(table.num_rows, type=f.type))
    out = pa.Table.from_arrays(columns, schema=target)
    for col, allowed in schema.ALLOWED.get(name, {}).items():
        present = pc.unique(out.column(col)).to_pylist()
        bad = sorted(v for v in present if v is not None and v not in allowed)
        if bad:
            raise schema.SchemaError(f"{name}.{col}: values {bad[:5]} not in {list(allowed)}")
    return out


# Separates list items in to_object_lists' keys; lists holding it are converted the plain way.
_ITEM_SEP = "\x1f"


def to_object_lists(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A list<string> column as pandas holds it (a numpy array of strings per row, None for a null list).

    Same values as column.to_pandas(), 2x faster at 1M rows: each distinct list is converted once and shared
    by the rows that hold it (visits repeat a few topic combinations), so rows holding equal lists hold the same
    array object. The frames are read-only for pages (they are shared by all sessions anyway).
    """
    arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    items = arr.flatten()
    if len(arr) == 0 or items.null_count or pc.any(pc.match_substring(items, _ITEM_SEP)).as_py():
        return arr.to_pandas().to_numpy()
    # A key per row that only equal lists share: the items joined, and how many there are ([] against [""]).
    count = pc.cast(pc.list_value_length(arr), pa.string())
    key = pc.binary_join_element_wise(pc.binary_join(arr, _ITEM_SEP), count, _ITEM_SEP)
    encoded = key.dictionary_encode(null_encoding="encode")
    code = encoded.indices.to_numpy(zero_copy_only=False)
    some_row = np.empty(len(encoded.dictionary), dtype=np.int64)
    some_row[code] = np.arange(len(code))  # any row of each distinct list will do: they are equal
    return arr.take(pa.array(some_row)).to_pandas().to_numpy()[code]


def to_frame(table: pa.Table) -> pd.DataFrame:
    """A conformed table as pandas: one chunk per column (taking rows from a chunked Arrow column copies
    every chunk: 10 rows of 1M cost 90 ms in 8 chunks, 2 ms in one) and list columns via to_object_lists."""
    table = table.combine_chunks() if any(c.num_chunks > 1 for c in table.columns) else table
    lists = [f.name for f in table.schema if pa.types.is_list(f.type)]
    frame = table.drop_columns(lists).to_pandas()
    for name in lists:
        frame.insert(table.column_names.index(name), name, to_object_lists(table.column(name)))
    return frame


def _read_arrow(data_dir: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    path = data_dir / f"{name}.parquet"
    if not path.is_file():
        raise DataError("missing", data_dir, f"{path.name} not found")
    try:
        # ParquetFile.read, not pq.read_table: no dataset scan, and one chunk per row group instead of one per 128k rows.
        with pq.ParquetFile(path) as f:
            if columns is not None:
                # The other columns must still read as the schema says: checked on no rows (cheap), and columns
                # stored as another type are read too, so a value that does not cast fails now, not on first use.
                conform_table(name, f.schema_arrow.empty_table())
                target = schema.TABLES[name]
                stored = f.schema_arrow
                recast = [c.name for c in stored if c.name in target.names and c.type != target.field(c.name).type]
                columns = [c for c in stored.names if c in columns or c in recast]
            return f.read(columns=columns)
    except schema.SchemaError as exc:
        raise DataError("corrupt", data_dir, f"{path.name}: {exc}") from exc
    except (OSError, pa.ArrowException) as exc:
        raise DataError("corrupt", data_dir, f"{path.name}: {exc}") from exc


def read_table(data_dir: Path, name: str, columns: list[str] | None = None, counts: dict | None = None
               ) -> pd.DataFrame:
    """One table (or some of its columns), checked against its schema; missing columns added as nulls.

    counts, when given, receives {list column name: number of items per row} (Arrow knows them for free; pandas
    would have to look at every row's list). Raises DataError.
    """
    table = _read_arrow(data_dir, name, columns)
    path = data_dir / f"{name}.parquet"
    try:
        # Casting through the schema gives every reader the same dtypes, also for tables written by older runs.
        conformed = conform_table(name, table)
        if columns is not None:
            conformed = conformed.select(columns)
        if counts is not None:
            for f in conformed.schema:
                if pa.types.is_list(f.type):
                    counts[f.name] = pc.list_value_length(conformed.column(f.name)).fill_null(0).to_numpy()
        return to_frame(conformed)
    except (schema.SchemaError, pa.ArrowException) as exc:
        raise DataError("corrupt", data_dir, f"{path.name}: {exc}") from exc


def is_sample_only(inputs: tuple[str, ...], sample_dir: Path | None = None) -> bool:
    """True when the ETL read nothing but the bundled sample articles (so the page can say so)."""
    sample = (SAMPLE_ARTICLES_DIR if sample_dir is None else sample_dir).resolve()
    if not inputs:
        return False
    return all(Path(p).resolve() == sample or sample in Path(p).resolve().parents for p in inputs)


def read_manifest(data_dir: Path) -> dict:
    """The ETL's manifest.json, or {} when there is none or it cannot be read."""
    try:
        return json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def to_visit_topics(visits: pd.DataFrame) -> pd.DataFrame:
    """The visit_topics table derived from the visits' topics lists (used after corrections changed topics)."""
    rows = [(vid, topic) for vid, topics in zip(visits["visit_id"], visits["topics"], strict=True)
            if topics is not None and not isinstance(topics, float) for topic in topics]
    if not rows:
        return schema.empty("visit_topics")
    return schema.to_arrow("visit_topics", pd.DataFrame(rows, columns=["visit_id", "topic"])).to_pandas()


def apply_corrections_if_available(frames: dict[str, pd.DataFrame], data_dir: Path) -> tuple[dict[str, pd.DataFrame], int]:
    """Apply people's corrections (etl.corrections, SQLite beside the tables) when that module exists.

    Returns the tables (visits, visit_sources, visit_topics kept consistent) and how many visits carry a correction.
    """
    try:
        corrections = importlib.import_module("etl.corrections")
    except ModuleNotFoundError as exc:
        # Only "the module is not there (yet)" means no corrections; a broken import inside it must show.
        if exc.name not in ("etl.corrections", "etl"):
            raise
        return frames, 0
    out = dict(frames)
    if hasattr(corrections, "apply_corrections_tables"):
        corrected = corrections.apply_corrections_tables(
            {k: frames[k] for k in ("visits", "visit_sources", "visit_topics")}, data_dir
        )
        out.update({k: v for k, v in corrected.items() if k in out})
    elif hasattr(corrections, "apply_corrections"):
        out["visits"] = corrections.apply_corrections(frames["visits"], data_dir)
        out["visit_topics"] = to_visit_topics(out["visits"])
    else:
        return frames, 0
    n = 0
    if hasattr(corrections, "load_states"):
        n = sum(1 for s in corrections.load_states(data_dir).values() if getattr(s, "state", None) is not None)
    return out, n


def read_tables(data_dir: Path, corrected: bool = True) -> Tables:
    """Read and check the tables of a data folder, with corrections applied (corrected=False: as the ETL wrote
    them). Raises DataError.

    The articles table is read on first use of Tables.articles; here only its status column is read and checked.
    """
    if not data_dir.is_dir() or not (data_dir / "visits.parquet").is_file():
        raise DataError("missing", data_dir, "visits.parquet not found")
    # The small reads run beside the visits (Arrow decodes without the GIL; the visits' pandas conversion holds it);
    # their errors are raised in the order the tables were always read in: articles, visits, sources, topics.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="atlas-read") as pool:
        statuses_job = pool.submit(read_table, data_dir, "articles", ["status"])
        jobs = {name: pool.submit(read_table, data_dir, name) for name in ("visit_sources", "visit_topics")}
        list_counts: dict[str, np.ndarray] = {}
        try:
            visits: pd.DataFrame | DataError = read_table(data_dir, "visits", counts=list_counts)
        except DataError as exc:
            visits = exc
        statuses = statuses_job.result()
        if isinstance(visits, DataError):
            raise visits
        frames = {"visits": visits, **{name: job.result() for name, job in jobs.items()}}
    manifest = read_manifest(data_dir)
    built = manifest.get("finished") or manifest.get("finished_at")
    raw = Tables(
        visits=frames["visits"],
        visit_sources=frames["visit_sources"],
        visit_topics=frames["visit_topics"],
        data_dir=data_dir,
        article_statuses=statuses,
        lazy_articles=LazyFrame(lambda: read_table(data_dir, "articles")),
        built_at=str(built) if built else None,
        inputs=tuple(str(p) for p in manifest.get("inputs", []) if isinstance(p, str)),
    )
    if "topics" in list_counts:
        raw.memo("topic_counts", lambda: list_counts["topics"])
    return with_corrections(raw) if corrected else raw


def with_corrections(raw: Tables) -> Tables:
    """The ETL's tables with people's corrections applied (unchanged columns are shared, not copied).

    A corrections file that cannot be applied leaves the ETL's rows and says why in corrections_error.
    """
    frames = {"visits": raw.visits, "visit_sources": raw.visit_sources, "visit_topics": raw.visit_topics}
    try:
        frames, n_corrections = apply_corrections_if_available(frames, raw.data_dir)
        error = None
    except Exception as exc:  # noqa: BLE001 - a broken corrections file must not hide the ETL's data
        n_corrections, error = 0, f"{type(exc).__name__}: {exc}"
    out = replace(raw, **frames, corrections=n_corrections, corrections_error=error)
    if out.visits is raw.visits and "topic_counts" in raw._memo:  # same rows, same topics lists: same counts
        out.memo("topic_counts", lambda: raw._memo["topic_counts"])
    return out


# cache_resource, not cache_data: cache_data pickles a copy out on every rerun, which took 3 s for 100k visits
# (topics lists and dates are Python objects) and would take ~30 s for 1M. The frames are shared by all sessions,
# so pages must never change them in place (pandas' copy-on-write keeps every derived frame safe).
@st.cache_resource(show_spinner=False, max_entries=2)
def _load_tables_cached(data_dir: str, fingerprint: tuple) -> Tables:
    # The fingerprint is part of the cache key: new files in the folder mean a new entry. A saved correction
    # changes only the folder's corrections stamp, so the ETL's tables come from their own cache (keyed without
    # the stamp) and only the corrections are applied again: ~0.2 s at 1M visits instead of reading every file.
    raw = _read_etl_cached(data_dir, _etl_fingerprint(fingerprint))
    corrected = with_corrections(raw)
    out = replace(corrected, fingerprint=fingerprint)
    if "topic_counts" in corrected._memo:
        out.memo("topic_counts", lambda: corrected._memo["topic_counts"])
    return out


@st.cache_resource(show_spinner=False, max_entries=2)
def _read_etl_cached(data_dir: str, etl_fingerprint: tuple) -> Tables:
    del etl_fingerprint  # the cache key
    return read_tables(Path(data_dir), corrected=False)


def _etl_fingerprint(fingerprint: tuple) -> tuple:
    """The folder's fingerprint without the corrections stamp (all of it when etl.corrections is not there)."""
    try:
        from etl.corrections import etl_fingerprint  # noqa: PLC0415 - optional, as in apply_corrections_if_available
    except ModuleNotFoundError as exc:
        if exc.name not in ("etl.corrections", "etl"):
            raise
        return fingerprint
    return etl_fingerprint(fingerprint)


def load_tables(data_dir: Path) -> Tables:
    """The tables of data_dir, read once and cached until a file in the folder changes. Raises DataError."""
    return _load_tables_cached(str(data_dir), read_fingerprint(data_dir))


def build_sample_tables(
    out: Path,
    articles_dir: Path | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> None:
    """Run the ETL over the bundled sample articles (or articles_dir) into out (first start). Raises DataError."""
    articles_dir = SAMPLE_ARTICLES_DIR if articles_dir is None else articles_dir
    with _BUILD_LOCK:
        if has_tables(out):
            return
        try:
            from etl.pipeline import run_etl  # noqa: PLC0415 - the ETL is heavy; only the first start needs it
        except ImportError as exc:
            raise DataError("build_failed", out, f"the ETL is not available: {exc}") from exc
        if not articles_dir.is_dir():
            raise DataError("build_failed", out, f"{articles_dir} not found")
        try:
            run_etl([articles_dir], out, progress=progress)
        except Exception as exc:  # noqa: BLE001 - any ETL failure becomes a message on the page, not a traceback
            raise DataError("build_failed", out, f"{type(exc).__name__}: {exc}") from exc
        if not has_tables(out):
            raise DataError("build_failed", out, "the ETL wrote no tables")
