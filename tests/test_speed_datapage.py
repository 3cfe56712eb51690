"""The Data page's faster paths give what the plain pandas ways they replace gave, on varied data.

References here are the former implementations (pandas sort of a whole queue frame, row filter + concat, a set of
all ids, an id index over the visits); the new ones must match them value for value and dtype for dtype.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from etl import corrections as c
from etl import schema
from etl.corrections import ManualSource, StoredState, VisitState
from tests.conftest import build_visit_sources, build_visit_topics, build_visits

PAGE = Path(__file__).resolve().parent.parent / "pages" / "6_Data.py"


# ------------------------------------------------------------------ references (the former implementations)


def reference_queue(visits: pd.DataFrame, visit_sources: pd.DataFrame | None = None,
                    states: Mapping[str, StoredState] | None = None) -> pd.DataFrame:
    """build_review_queue as it was: one frame of all visits, sorted by pandas."""
    states = states or {}
    differ: set[str] = set()
    if visit_sources is not None and len(visit_sources):
        src = visit_sources.dropna(subset=["article_id"])
        if "n_sources" in visits.columns:
            several = visits.loc[pd.to_numeric(visits["n_sources"], errors="coerce").fillna(0) > 1, "visit_id"]
            src = src[src["visit_id"].isin(several)]
        per = src.groupby(["visit_id", "field"]).agg(n_articles=("article_id", "nunique"), n_texts=("evidence", "nunique"))
        differ = set(per[(per.n_articles > 1) & (per.n_texts > 1)].index.get_level_values(0))

    def col(name: str) -> pd.Series:
        return visits[name] if name in visits.columns else pd.Series([None] * len(visits), index=visits.index)

    conf = pd.to_numeric(col("confidence"), errors="coerce").fillna(0.0).astype(float)
    precision = col("date_precision")
    flags = {
        "low_confidence": conf < c.LOW_CONFIDENCE,
        "origin_unresolved": col("origin_resolution") == "unresolved",
        "origin_online": col("origin_resolution") == "online",
        "host_unresolved": col("host_resolution") == "unresolved",
        "host_online": col("host_resolution") == "online",
        "date_unknown": precision.isna() | (precision == "unknown"),
        "sources_differ": visits["visit_id"].isin(differ),
    }
    names = list(flags)
    matrix = np.column_stack([flags[n].to_numpy(dtype=bool) for n in names]) if len(visits) else np.zeros((0, len(names)), bool)
    weights = np.array([c.REVIEW_WEIGHTS[n] for n in names])
    reviewed = visits["visit_id"].isin([k for k, v in states.items() if v.state is not None]).to_numpy()
    score = np.where(reviewed, 0.0, (1.0 - conf.to_numpy()) + matrix @ weights).round(3)
    reasons = [[n for i, n in enumerate(names) if row[i]] for row in matrix]
    rows = {"visit_id": visits["visit_id"].tolist(), "score": score, "reasons": reasons, "reviewed": reviewed}
    out = pd.DataFrame(rows, columns=["visit_id", "score", "reasons", "reviewed"])
    out["reviewed"] = out["reviewed"].astype(bool)
    return out.sort_values(["score", "visit_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def reference_rebuild(frame: pd.DataFrame, keep: np.ndarray | None, extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """The former way: pandas' row filter, then pandas' concat."""
    kept = frame if keep is None else frame[keep]
    if extra is None or not len(extra):
        return kept.reset_index(drop=True)
    return pd.concat([kept, extra], ignore_index=True)


# ------------------------------------------------------------------ varied data


def random_visits(n: int, seed: int, *, object_ids: bool = False, null_ids: bool = False, dup_ids: bool = False,
                  wild_confidence: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = [f"v{x:05d}" for x in rng.permutation(n * 3)[:n]]
    if n > 3:
        ids[1] = "Ünïcode-é"  # sorts after ASCII by code point
        ids[2] = "v"  # a prefix of the others
    if dup_ids and n > 5:
        ids[4] = ids[5]
    if null_ids and n > 6:
        ids[6] = None
    conf = rng.choice([0.2, 0.45, 0.6, 0.85, 1.0, np.nan], n)
    if wild_confidence and n:
        conf[0] = -80.0  # a score out of 16-bit thousandths: the other sort path
    frame = pd.DataFrame({
        "visit_id": pd.Series(ids, dtype=object if object_ids else None),
        "confidence": conf,
        "date_precision": rng.choice(["day", "month", "unknown", None], n),
        "origin_resolution": rng.choice(["gazetteer", "unresolved", "online", None], n),
        "host_resolution": rng.choice(["gazetteer", "unresolved", "online"], n),
        "n_sources": rng.integers(1, 4, n),
    })
    return frame


def random_sources(visits: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for vid, k in zip(visits["visit_id"], visits["n_sources"], strict=True):
        for j in range(int(k)):
            rows.append((vid, f"a{j}" if rng.random() > 0.1 else None, rng.choice(["date", "host"]), f"e{rng.integers(0, 2)}"))
    return pd.DataFrame(rows, columns=["visit_id", "article_id", "field", "evidence"])


def some_states(visits: pd.DataFrame, seed: int) -> dict[str, StoredState]:
    rng = np.random.default_rng(seed)
    ids = [v for v in visits["visit_id"] if isinstance(v, str)]
    picked = rng.choice(ids, min(len(ids), 5), replace=False) if ids else []
    states = {str(v): StoredState(VisitState(fields={"confidence": 1.0}), 1) for v in picked}
    states["gone"] = StoredState(VisitState(fields={"lead": "x"}), 1)
    if ids:
        states[ids[0]] = StoredState(None, 2)  # undone: not reviewed
    return states


CASES = [
    dict(n=0),
    dict(n=1),
    dict(n=7),
    dict(n=2500),
    dict(n=2500, object_ids=True),
    dict(n=300, null_ids=True),
    dict(n=300, dup_ids=True),
    dict(n=300, wild_confidence=True),
]


@pytest.mark.parametrize("case", CASES, ids=[",".join(f"{k}={v}" for k, v in case.items()) for case in CASES])
@pytest.mark.parametrize("seed", [0, 1])
def test_review_queue_matches_the_pandas_sort(case, seed):
    visits = random_visits(seed=seed, **case)
    sources = random_sources(visits, seed)
    states = some_states(visits, seed)
    for src, st in ((None, None), (sources, states)):
        pd.testing.assert_frame_equal(c.build_review_queue(visits, src, st), reference_queue(visits, src, st))


def test_review_queue_without_optional_columns():
    visits = pd.DataFrame({"visit_id": ["b", "a", "c"]})
    pd.testing.assert_frame_equal(c.build_review_queue(visits), reference_queue(visits))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_review_rows_of_a_view_match_filtering_the_whole_queue(seed):
    """What the page shows for filtered visits: the queue's rows of those visits, first ones, in queue order."""
    rng = np.random.default_rng(seed)
    visits = random_visits(3000, seed)
    sources = random_sources(visits, seed)
    states = some_states(visits, seed)
    full = reference_queue(visits, sources, states)
    review = c.review_order(visits, sources, states)
    for share in (0.0, 0.01, 0.5, 1.0):
        mask = rng.random(len(visits)) < share
        shown = review.order[mask[review.order]][:500]
        expected = full[full["visit_id"].isin(visits.loc[mask, "visit_id"])].reset_index(drop=True).head(500)
        pd.testing.assert_frame_equal(c.review_rows(visits, review, shown), expected)


def test_argsort_desc_matches_numpy():
    rng = np.random.default_rng(3)
    for score in (
        np.round(rng.random(5000) * 4, 3),
        np.round(rng.choice([0.0, 0.5, 1.1, 2.6], 5000), 3),
        np.array([81.0, 0.25, 0.25, 40.0]),  # out of 16-bit thousandths
        np.array([np.inf, 0.5, 0.5]),
        np.zeros(0),
        np.array([-0.0, 0.0, -0.0]),
    ):
        assert np.array_equal(c._argsort_desc(score), np.argsort(-score, kind="stable"))


# ------------------------------------------------------------------ dropping and adding rows


def mixed_frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "s": pd.Series(rng.choice(["a", "bb", None, "é"], n)),  # Arrow-backed strings with missing values
        "f": rng.choice([1.5, np.nan, -2.0], n),
        "i": pd.Series(rng.integers(0, 9, n), dtype="int32"),
        "lists": pd.Series([["x"] if k % 3 else [] for k in range(n)], dtype=object),
        "d": pd.Series([date(2020, 1, 1 + k % 28) if k % 4 else None for k in range(n)], dtype=object),
        "nullable": pd.array([k if k % 5 else None for k in range(n)], dtype="Int64"),  # neither Arrow nor numpy
        "b": rng.random(n) > 0.5,
    })


@pytest.mark.parametrize("n", [0, 1, 10, 600])
@pytest.mark.parametrize("keep_kind", ["none-given", "all", "none", "first", "last", "random"])
@pytest.mark.parametrize("extra_rows", [0, 3])
def test_rebuild_rows_matches_filter_then_concat(n, keep_kind, extra_rows):
    frame = mixed_frame(n, n)
    frame.index = frame.index + 7  # not a RangeIndex from 0: the result still gets one
    rng = np.random.default_rng(n + extra_rows)
    keep = {
        "none-given": None,
        "all": np.ones(n, bool),
        "none": np.zeros(n, bool),
        "first": np.arange(n) != 0,
        "last": np.arange(n) != n - 1,
        "random": rng.random(n) > 0.3,
    }[keep_kind]
    extra = mixed_frame(extra_rows, 99) if extra_rows else None
    out = c._rebuild_rows(frame, keep, extra)
    pd.testing.assert_frame_equal(out, reference_rebuild(frame, keep, extra))
    for name in ("s",):
        arr = pa.array(out[name])
        assert not isinstance(arr, pa.ChunkedArray) or arr.num_chunks <= 1


def test_rebuild_rows_with_other_dtypes_in_the_extra_rows():
    frame = mixed_frame(50, 1)
    extra = mixed_frame(4, 2).astype({"i": "float64", "s": object})
    keep = np.arange(50) % 7 != 0
    pd.testing.assert_frame_equal(c._rebuild_rows(frame, keep, extra), reference_rebuild(frame, keep, extra))


def test_rebuild_rows_on_schema_tables():
    visits = schema.to_arrow("visits", build_visits()).to_pandas()
    keep = np.array([True, False, True, True, False, True, True, True])
    extra = visits.iloc[2:4]
    pd.testing.assert_frame_equal(c._rebuild_rows(visits, keep, extra), reference_rebuild(visits, keep, extra))


STATE_SETS = {
    "edits": {"v1": VisitState(fields={"lead": "Ketua", "topics": ["egov"]}),
              "v3": VisitState(fields={"date": date(2021, 5, 1), "date_precision": "month", "origin_lat": 1.5})},
    "reject+merge": {"v2": VisitState(status="rejected"), "v5": VisitState(status="merged", merged_into="v4"),
                     "v4": VisitState(absorbed=("v5",), fields={"topics": ["egov", "health"]})},
    "split+manual": {
        "v1": VisitState(moved_out=("a1",), fields={"topics": []}),
        "manual-aaa": VisitState(kind="manual", split_from="v1", moved_articles=("a1",),
                                 fields={"visit_type": "other", "topics": ["egov"], "date_precision": "unknown"}),
        "manual-bbb": VisitState(kind="manual", sources=(ManualSource("https://x.id/a", None),),
                                 fields={"visit_type": "other", "topics": [], "date_precision": "unknown"}),
    },
    "everything": {
        "v8": VisitState(status="rejected"), "v6": VisitState(fields={"lead": None, "delegation_size": 30}),
        "v2": VisitState(status="merged", merged_into="v7"), "v7": VisitState(absorbed=("v2",)),
        "manual-ccc": VisitState(kind="manual", sources=(ManualSource(None, "a note"),), fields={"topics": ["health"]}),
        "gone": VisitState(fields={"lead": "x"}),
    },
}


@pytest.mark.parametrize("name", list(STATE_SETS))
def test_build_corrected_tables_same_as_with_pandas_filter_and_concat(name, monkeypatch):
    visits = schema.to_arrow("visits", build_visits()).to_pandas()
    tables = {
        "visits": visits,
        "visit_sources": schema.to_arrow("visit_sources", build_visit_sources()).to_pandas(),
        "visit_topics": schema.to_arrow("visit_topics", build_visit_topics(build_visits())).to_pandas(),
    }
    states = {k: StoredState(v, 1) for k, v in STATE_SETS[name].items()}
    fast = c.build_corrected_tables(tables, states)
    monkeypatch.setattr(c, "_rebuild_rows", reference_rebuild)
    plain = c.build_corrected_tables(tables, states)
    assert fast.keys() == plain.keys()
    for key in fast:
        pd.testing.assert_frame_equal(fast[key], plain[key])
    # and the input tables were not changed
    pd.testing.assert_frame_equal(tables["visits"], schema.to_arrow("visits", build_visits()).to_pandas())


# ------------------------------------------------------------------ orphans, merge candidates, rows by position


@pytest.mark.parametrize("name", list(STATE_SETS))
def test_find_orphans_same_for_lists_series_and_arrow(name):
    states = {k: StoredState(v, 3) for k, v in STATE_SETS[name].items()}
    states["undone"] = StoredState(None, 2)
    for present in (["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"], ["v1", "v3"], []):
        expected = c.find_orphans(list(present), states)
        assert c.find_orphans(pd.Series(present, dtype="str"), states) == expected
        assert c.find_orphans(pd.Series(present, dtype=object), states) == expected
        assert c.find_orphans(pa.array(present, type=pa.string()), states) == expected
        assert c.find_orphans(pa.chunked_array([pa.array(present, type=pa.large_string())]), states) == expected
        assert c.find_orphans(iter(present), states) == expected


def test_merge_candidate_positions_are_the_candidates():
    visits = schema.to_arrow("visits", build_visits()).to_pandas()
    for i in range(len(visits)):
        base = {k: c._plain(v) for k, v in visits.iloc[i].to_dict().items()}
        for limit in (1, 3, 500):
            pos = c.merge_candidate_positions(visits, base, limit)
            assert visits["visit_id"].iloc[pos].tolist() == c.build_merge_candidates(visits, base, limit)


def test_a_row_read_by_position_is_the_row_looked_up_by_id():
    """The page reads rows with iloc(...).to_dict("records") where it used set_index("visit_id").loc[vid]."""
    visits = schema.to_arrow("visits", build_visits()).to_pandas()
    by_id = visits.set_index("visit_id", drop=False)
    records = visits.iloc[np.arange(len(visits))].to_dict("records")
    for r in records:
        old = {k: c._plain(v) for k, v in by_id.loc[r["visit_id"]].to_dict().items()}
        new = {k: c._plain(v) for k, v in r.items()}
        assert new == old
        assert list(new) == list(old)


# ------------------------------------------------------------------ the page


def queue_ids(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["visit_id"])


def test_the_page_queue_of_a_filtered_view_is_the_filtered_queue(atlas_env):
    """A year range: the queue lists the visits of those years only, in the order of the whole queue."""
    visits = schema.to_arrow("visits", build_visits()).to_pandas()
    full = reference_queue(visits, build_visit_sources(), {})
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.run()
    assert not at.exception
    assert queue_ids(at) == full["visit_id"].tolist()
    at.query_params["from"] = "2021"
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.query_params["from"] = "2021"
    at.run()
    assert not at.exception
    years = pd.to_numeric(visits.set_index("visit_id")["year"])
    expected = [v for v in full["visit_id"] if years[v] >= 2021]
    assert expected and len(expected) < len(full)
    assert queue_ids(at) == expected


def test_the_page_lists_a_rejected_visit_by_its_etl_label(atlas_env, monkeypatch):
    monkeypatch.delenv("ATLAS_CORRECTIONS_DB", raising=False)
    with c.open_db(atlas_env) as conn:
        c.save_reject(conn, "v3", 0, "budi@example.id")
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not at.exception
    rejected = next(d.value for d in at.dataframe if list(d.value.columns)[-1:] == ["visit_id"]
                    and d.value["visit_id"].tolist() == ["v3"])
    visits = schema.to_arrow("visits", build_visits()).to_pandas()
    v3 = visits[visits.visit_id == "v3"].iloc[0]
    assert v3["origin_name"] in rejected.iloc[0, 0] and "v3" not in queue_ids(at)


# ------------------------------------------------------------------ the ETL's part of a folder's fingerprint


def test_etl_fingerprint_ignores_only_the_corrections_stamp(data_dir, monkeypatch):
    from ui.data import read_fingerprint

    monkeypatch.delenv("ATLAS_CORRECTIONS_DB", raising=False)
    before = read_fingerprint(data_dir)
    visits = schema.to_arrow("visits", build_visits()).to_pandas()
    with c.open_db(data_dir) as conn:  # a saved correction touches the stamp inside the folder
        c.save_edit(conn, {k: c._plain(v) for k, v in visits.iloc[0].to_dict().items()}, {"lead": "Ketua"}, 0, "rina")
    after = read_fingerprint(data_dir)
    assert after != before and c.STAMP_NAME in [e[0] for e in after]
    assert c.etl_fingerprint(after) == c.etl_fingerprint(before) == before
    # a new ETL output changes it
    os.utime(data_dir / "visits.parquet", ns=(1, 1))
    assert c.etl_fingerprint(read_fingerprint(data_dir)) != c.etl_fingerprint(after)
