"""Loading the tables faster gives the same frames: same columns, dtypes and values as the plain read.

The reference is the read as it was: pq.read_table, conform_table, to_pandas. The articles table is now read on
first use (once, whichever thread asks first); its status column is read and checked with the rest.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import build_articles, build_visits, write_tables

from ui import data as data_mod
from ui.data import DataError, LazyFrame, conform_table, read_tables, to_frame, to_object_lists


def reference_read(folder, name: str) -> pd.DataFrame:
    return conform_table(name, pq.read_table(folder / f"{name}.parquet")).to_pandas()


def assert_same_lists(got: np.ndarray, expected: np.ndarray) -> None:
    assert got.dtype == object and len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        if e is None:
            assert g is None
        else:
            assert isinstance(g, np.ndarray) and g.dtype == e.dtype and g.tolist() == e.tolist()


LISTS = [
    [["egov", "data"], [], None, [""], ["egov", "data"], ["data", "egov"], [], ["", ""], None, ["egov"]],
    [],
    [None, None],
    [[], [""], ["", ""], ["a\x1fb"], ["a", "b"]],  # an item holding the separator: converted the plain way
    [["a", None], ["a"]],  # a null item: the plain way too
]


@pytest.mark.parametrize("values", LISTS)
def test_object_lists_equal_arrows_own_conversion(values):
    arr = pa.array(values, type=pa.list_(pa.string()))
    assert_same_lists(to_object_lists(arr), arr.to_pandas().to_numpy())
    chunked = pa.chunked_array([arr[:1], arr[1:]], type=arr.type) if len(arr) else pa.chunked_array([], arr.type)
    assert_same_lists(to_object_lists(chunked), arr.to_pandas().to_numpy())


def test_object_lists_on_many_random_lists():
    rng = np.random.default_rng(7)
    pool = ["egov", "health", "", "data", "tourism_culture"]
    values = [None if rng.random() < 0.1 else list(rng.choice(pool, size=rng.integers(0, 4))) for _ in range(3000)]
    arr = pa.array(values, type=pa.list_(pa.string()))
    assert_same_lists(to_object_lists(arr), arr.to_pandas().to_numpy())


def test_read_tables_gives_what_the_plain_read_gave(data_dir):
    tables = read_tables(data_dir)
    for name in ("visits", "visit_sources", "visit_topics", "articles"):
        expected = reference_read(data_dir, name)
        got = getattr(tables, name)
        if name == "visits":
            assert_same_lists(got["topics"].to_numpy(), expected["topics"].to_numpy())
            got, expected = got.drop(columns="topics"), expected.drop(columns="topics")
        pd.testing.assert_frame_equal(got, expected)
    assert tables.article_statuses.columns.tolist() == ["status"]
    pd.testing.assert_frame_equal(tables.article_statuses, reference_read(data_dir, "articles")[["status"]])


def test_a_table_in_many_row_groups_becomes_one_chunk_per_column(tmp_path):
    folder = write_tables(tmp_path / "processed")
    visits = pq.read_table(folder / "visits.parquet")
    pq.write_table(visits, folder / "visits.parquet", row_group_size=3)  # 8 visits in 3 row groups
    frame = read_tables(folder).visits
    assert pa.array(frame["origin_name"]).type == pa.large_string()
    assert len(frame) == 8
    pd.testing.assert_frame_equal(frame.drop(columns="topics"), reference_read(folder, "visits").drop(columns="topics"))
    table = conform_table("visits", visits)
    assert all(c.num_chunks == 1 for c in pa.Table.from_pandas(to_frame(table).drop(columns="topics")).columns)


def test_articles_are_read_on_first_use_only_once(data_dir, monkeypatch):
    calls = []
    real = data_mod.read_table

    def counting(folder, name, columns=None, counts=None):
        calls.append((name, columns))
        time.sleep(0.05)  # so concurrent first uses overlap
        return real(folder, name, columns, counts)

    monkeypatch.setattr(data_mod, "read_table", counting)
    tables = read_tables(data_dir)
    assert ("articles", None) not in calls and ("articles", ["status"]) in calls
    assert not tables.lazy_articles.loaded
    calls.clear()
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(tables.articles)) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert calls == [("articles", None)]
    assert all(frame is seen[0] for frame in seen) and len(seen[0]) == len(build_articles())
    assert tables.articles is seen[0]


def test_a_failed_first_read_is_tried_again():
    outcomes = iter([DataError("corrupt", data_mod.DEFAULT_DATA_DIR, "busy"), pd.DataFrame({"status": ["visit"]})])

    def read():
        value = next(outcomes)
        if isinstance(value, Exception):
            raise value
        return value

    lazy = LazyFrame(read)
    with pytest.raises(DataError):
        lazy.get()
    assert lazy.get()["status"].tolist() == ["visit"]
    assert LazyFrame.of(pd.DataFrame({"a": [1]})).loaded


@pytest.mark.parametrize(
    ("damage", "kind", "reason"),
    [
        ("missing", "missing", "articles.parquet not found"),
        ("bad_status", "corrupt", "status"),
        ("bad_type", "corrupt", "n_visits"),
        ("garbage", "corrupt", "articles.parquet"),
    ],
)
def test_a_broken_articles_table_still_fails_the_load(tmp_path, damage, kind, reason):
    folder = write_tables(tmp_path / "processed")
    path = folder / "articles.parquet"
    table = pq.read_table(path)
    if damage == "missing":
        path.unlink()
    elif damage == "bad_status":
        i = table.schema.get_field_index("status")
        pq.write_table(table.set_column(i, "status", pa.array(["maybe"] * table.num_rows)), path)
    elif damage == "bad_type":
        i = table.schema.get_field_index("n_visits")
        pq.write_table(table.set_column(i, "n_visits", pa.array(["many"] * table.num_rows)), path)
    else:
        path.write_bytes(b"PAR1 not parquet")
    with pytest.raises(DataError) as info:
        read_tables(folder)
    assert info.value.kind == kind
    assert reason in info.value.reason


def test_corrections_still_apply_without_the_articles(data_dir):
    from etl import corrections  # noqa: PLC0415

    base = read_tables(data_dir).visits.set_index("visit_id").loc["v2"].to_dict() | {"visit_id": "v2"}
    with corrections.open_db(data_dir) as conn:
        corrections.save_edit(conn, base, {"topics": ["health"]}, 0, "tester")
    tables = read_tables(data_dir)
    assert list(tables.visits.set_index("visit_id").loc["v2", "topics"]) == ["health"]
    assert len(tables.articles) == len(build_articles())
    assert len(tables.visits) == len(build_visits())
