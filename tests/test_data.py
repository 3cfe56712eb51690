"""Reading the ETL's tables for the dashboard: checks, cache refresh, friendly errors, corrections on top."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import pandas as pd
import pytest
from conftest import build_visits, write_tables

from etl import corrections
from ui import data as data_mod
from ui.data import (
    DataError,
    build_sample_tables,
    load_tables,
    read_fingerprint,
    read_tables,
    resolve_data_dir,
    to_visit_topics,
)


def test_read_tables_gives_the_four_tables_with_schema_dtypes(data_dir):
    tables = read_tables(data_dir)
    assert (len(tables.articles), len(tables.visits), len(tables.visit_sources), len(tables.visit_topics)) == (10, 8, 10, 11)
    assert tables.visits["visit_id"].tolist() == [f"v{i}" for i in range(1, 9)]
    assert tables.visits["year"].tolist()[4:6] == [2023.0, pytest.approx(float("nan"), nan_ok=True)]
    assert str(tables.visits["n_sources"].dtype) == "int32"
    assert tables.visits.loc[tables.visits["visit_id"] == "v1", "topics"].iloc[0].tolist() == ["egov", "smart_city"]
    assert tables.data_dir == data_dir
    assert tables.corrections == 0


def test_load_tables_is_cached_until_a_file_changes(data_dir, monkeypatch):
    reads: list[Path] = []
    real = data_mod.read_tables
    monkeypatch.setattr(data_mod, "read_tables", lambda d, **kw: reads.append(d) or real(d, **kw))
    first = load_tables(data_dir)
    load_tables(data_dir)
    assert len(reads) == 1
    write_tables(data_dir, visits=build_visits().head(3))
    stamp = (data_dir / "visits.parquet").stat().st_mtime_ns + 5_000_000_000
    os.utime(data_dir / "visits.parquet", ns=(stamp, stamp))
    second = load_tables(data_dir)
    assert len(reads) == 2
    assert first.fingerprint != second.fingerprint
    assert second.fingerprint == read_fingerprint(data_dir)
    assert len(first.visits) == 8
    assert len(second.visits) == 3


def test_fingerprint_changes_with_a_new_file(data_dir):
    before = read_fingerprint(data_dir)
    (data_dir / "corrections.sqlite").write_bytes(b"")
    after = read_fingerprint(data_dir)
    assert [n for n, *_ in before] == ["articles.parquet", "visit_sources.parquet", "visit_topics.parquet", "visits.parquet"]
    assert "corrections.sqlite" in [n for n, *_ in after]
    assert read_fingerprint(data_dir / "nope") == ()


@pytest.mark.parametrize(
    ("damage", "kind", "reason"),
    [
        ("no_dir", "missing", "visits.parquet not found"),
        ("no_visits", "missing", "visits.parquet not found"),
        ("no_topics", "missing", "visit_topics.parquet not found"),
        ("garbage", "corrupt", "visits.parquet"),
        ("bad_value", "corrupt", "visit_type"),
    ],
)
def test_unreadable_data_raises_a_data_error_with_the_reason(tmp_path, damage, kind, reason):
    folder = tmp_path / "processed"
    if damage != "no_dir":
        write_tables(folder)
    if damage == "no_visits":
        (folder / "visits.parquet").unlink()
    elif damage == "no_topics":
        (folder / "visit_topics.parquet").unlink()
    elif damage == "garbage":
        (folder / "visits.parquet").write_bytes(b"PAR1 this is not parquet")
    elif damage == "bad_value":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pq.read_table(folder / "visits.parquet")
        i = table.schema.get_field_index("visit_type")
        table = table.set_column(i, "visit_type", pa.array(["picnic"] * table.num_rows))
        pq.write_table(table, folder / "visits.parquet")
    with pytest.raises(DataError) as info:
        read_tables(folder)
    assert info.value.kind == kind
    assert reason in info.value.reason


@pytest.mark.parametrize(
    ("env", "expected"),
    [(None, data_mod.DEFAULT_DATA_DIR), ("", data_mod.DEFAULT_DATA_DIR), ("   ", data_mod.DEFAULT_DATA_DIR),
     ("/srv/atlas/out", Path("/srv/atlas/out"))],
)
def test_resolve_data_dir(monkeypatch, env, expected):
    if env is None:
        monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    else:
        monkeypatch.setenv("ATLAS_DATA_DIR", env)
    assert resolve_data_dir() == expected
    assert data_mod.is_env_data_dir() is bool(env and env.strip())


def test_corrections_saved_beside_the_tables_show_in_what_pages_read(data_dir):
    base = read_tables(data_dir).visits.set_index("visit_id").loc["v2"].to_dict() | {"visit_id": "v2"}
    with corrections.open_db(data_dir) as conn:
        corrections.save_edit(conn, base, {"topics": ["health"], "delegation_size": 14}, 0, "tester")
    tables = read_tables(data_dir)
    v2 = tables.visits.set_index("visit_id").loc["v2"]
    assert (list(v2["topics"]), int(v2["delegation_size"])) == (["health"], 14)
    assert sorted(tables.visit_topics.loc[tables.visit_topics["visit_id"] == "v2", "topic"]) == ["health"]
    assert tables.corrections == 1


def test_a_saved_correction_shows_without_reading_the_tables_again(data_dir, monkeypatch):
    """Saving touches only the corrections stamp: the ETL's tables stay cached and corrections are applied anew."""
    reads: list[str] = []
    real = data_mod.read_table
    monkeypatch.setattr(data_mod, "read_table", lambda d, name, *a, **kw: reads.append(name) or real(d, name, *a, **kw))
    before = load_tables(data_dir)
    assert sorted(reads) == ["articles", "visit_sources", "visit_topics", "visits"]  # articles: its status column
    base = before.visits.set_index("visit_id").loc["v2"].to_dict() | {"visit_id": "v2"}
    with corrections.open_db(data_dir) as conn:
        corrections.save_edit(conn, base, {"delegation_size": 14}, 0, "tester")
    after = load_tables(data_dir)
    assert len(reads) == 4, f"tables were read again: {reads[4:]}"
    assert after.fingerprint != before.fingerprint and after.corrections == 1
    assert int(after.visits.set_index("visit_id").loc["v2", "delegation_size"]) == 14
    assert before.visits.set_index("visit_id").loc["v2", "delegation_size"] != 14  # the cached ETL rows kept
    # The ETL writing new tables still means reading them.
    write_tables(data_dir, visits=build_visits().head(3))
    stamp = (data_dir / "visits.parquet").stat().st_mtime_ns + 5_000_000_000
    os.utime(data_dir / "visits.parquet", ns=(stamp, stamp))
    assert len(load_tables(data_dir).visits) == 3
    assert len(reads) == 8


def test_a_failing_corrections_module_leaves_the_etl_rows_and_says_why(data_dir, monkeypatch):
    broken = types.ModuleType("etl.corrections")

    def apply_corrections_tables(tables, data_dir):
        raise RuntimeError("database is locked")

    broken.apply_corrections_tables = apply_corrections_tables
    monkeypatch.setitem(sys.modules, "etl.corrections", broken)
    tables = read_tables(data_dir)
    assert len(tables.visits) == 8
    assert tables.corrections == 0
    assert tables.corrections_error == "RuntimeError: database is locked"


def test_to_visit_topics_explodes_the_topic_lists():
    visits = pd.DataFrame({"visit_id": ["a", "b", "c"], "topics": [["egov", "data"], [], None]})
    assert to_visit_topics(visits).values.tolist() == [["a", "egov"], ["a", "data"]]


def test_building_from_a_missing_articles_folder_is_a_build_error(tmp_path):
    with pytest.raises(DataError) as info:
        build_sample_tables(tmp_path / "out", articles_dir=tmp_path / "no-articles")
    assert info.value.kind == "build_failed"
    assert not (tmp_path / "out" / "visits.parquet").exists()


def test_building_skips_when_the_tables_are_already_there(data_dir):
    before = read_fingerprint(data_dir)
    build_sample_tables(data_dir, articles_dir=data_dir / "never-read")
    assert read_fingerprint(data_dir) == before


def test_first_start_builds_the_sample_with_the_etl(tmp_path):
    """The real ETL over two bundled sample articles; before the extractor lands this is a build error."""
    articles = tmp_path / "articles"
    articles.mkdir()
    samples = sorted(data_mod.SAMPLE_ARTICLES_DIR.glob("*.txt"))[:2]
    assert samples, "the bundled sample articles are missing"
    for path in samples:
        (articles / path.name).write_bytes(path.read_bytes())
    calls: list[tuple[int, int | None]] = []
    out = tmp_path / "out"
    try:
        build_sample_tables(out, articles_dir=articles, progress=lambda done, total: calls.append((done, total)))
    except DataError as exc:
        assert exc.kind == "build_failed"
        assert "etl.extract" in exc.reason, exc.reason  # the only acceptable reason: the extractor is not there yet
        print(f"ETL extractor not available yet: {exc.reason}")
        return
    tables = read_tables(out)
    assert len(tables.articles) == 2
    assert tables.built_at
    assert calls and calls[-1][0] == 2


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (("/app/data/sample/articles",), True),
        (("/app/data/sample/articles/001.txt", "/app/data/sample/articles/002.txt"), True),
        (("/app/data/sample/articles", "/app/data/uploads/batch-1"), False),
        (("/srv/news",), False),
        ((), False),
    ],
)
def test_is_sample_only(inputs, expected):
    assert data_mod.is_sample_only(inputs, sample_dir=Path("/app/data/sample/articles")) is expected


def test_manifest_inputs_reach_the_tables(data_dir):
    (data_dir / "manifest.json").write_text('{"inputs": ["/x/articles"], "finished": "2026-01-02T03:04:05+00:00"}')
    tables = read_tables(data_dir)
    assert (tables.inputs, tables.built_at) == (("/x/articles",), "2026-01-02T03:04:05+00:00")



def test_the_dashboard_reads_with_jemalloc_unless_the_operator_chose_an_allocator(monkeypatch):
    import pyarrow as pa

    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    assert data_mod.use_fast_allocator() == "jemalloc"  # pyarrow's Linux wheels include it
    before = pa.default_memory_pool()
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    try:
        pa.set_memory_pool(pa.system_memory_pool())
        assert data_mod.use_fast_allocator() == "system"
    finally:
        pa.set_memory_pool(before)
