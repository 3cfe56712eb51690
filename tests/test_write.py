import os
import re
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from etl import schema
from etl.model import Article, ArticleResult, Place, ReadError, Visit
from etl.write import (
    OutputError,
    TableWriter,
    commit_dir,
    distance_km,
    make_staging_dir,
    to_article_row,
    to_source_rows,
    to_topic_rows,
    to_visit_row,
    write_manifest,
)

BIMA = Place("Kota Bima", "kota", "52.72", "Nusa Tenggara Barat", -8.46, 118.73, "gazetteer", "Kota Bima")
MALANG = Place("Kota Malang", "kota", "35.73", "Jawa Timur", -7.98, 112.63, "gazetteer", "Kota Malang")
UNRESOLVED = Place(None, "unknown", mention="Kota Antah")


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (Place("A", "kota", lat=0.0, lon=0.0), Place("B", "kota", lat=0.0, lon=1.0), 111.319),
        (BIMA, MALANG, 674.203),
        (BIMA, UNRESOLVED, None),
        (Place("A", "kota", lat=1.0), MALANG, None),
    ],
)
def test_distance_km(a, b, expected):
    assert distance_km(a, b) == expected


ARTICLE = Article("bima.txt", "teks", "Judul", "https://warta.example/1", "Warta", date(2023, 5, 10), "/in/bima.txt")


@pytest.mark.parametrize(
    "item, note, expected",
    [
        (
            ReadError("x.jsonl#2", "/in/x.jsonl", "invalid JSON"),
            None,
            {
                "article_id": "x.jsonl#2",
                "source_path": "/in/x.jsonl",
                "url": None,
                "outlet": None,
                "title": None,
                "published": None,
                "status": "error",
                "error": "invalid JSON",
                "note": None,
                "n_visits": 0,
            },
        ),
        (
            ArticleResult(ARTICLE, (), "no_visit", "no visit cue"),
            "not valid UTF-8; decoded as cp1252",
            {
                "article_id": "bima.txt",
                "source_path": "/in/bima.txt",
                "url": "https://warta.example/1",
                "outlet": "Warta",
                "title": "Judul",
                "published": date(2023, 5, 10),
                "status": "no_visit",
                "error": None,
                "note": "not valid UTF-8; decoded as cp1252; no visit cue",
                "n_visits": 0,
            },
        ),
        (
            ArticleResult(ARTICLE, (), "error", "extraction failed: KeyError: 'x'"),
            None,
            {
                "article_id": "bima.txt",
                "source_path": "/in/bima.txt",
                "url": "https://warta.example/1",
                "outlet": "Warta",
                "title": "Judul",
                "published": date(2023, 5, 10),
                "status": "error",
                "error": "extraction failed: KeyError: 'x'",
                "note": None,
                "n_visits": 0,
            },
        ),
    ],
)
def test_to_article_row(item, note, expected):
    assert to_article_row(item, note) == expected


def test_to_visit_row_flattens_places_and_derives_year_and_distance():
    v = Visit(
        origin=BIMA,
        host=MALANG,
        origin_institution="DPRD Kota Bima",
        origin_institution_type="dprd",
        host_institution="Pemerintah Kota Malang",
        host_institution_type="pemkot",
        date=date(2023, 5, 10),
        date_precision="day",
        delegation_size=20,
        delegation_text="dua puluh anggota",
        lead="Ketua DPRD Kota Bima",
        visit_type="comparative_study",
        topics=("waste_env",),
        confidence=0.8,
    )
    assert to_visit_row(v, "abc", 2) == {
        "visit_id": "abc",
        "date": date(2023, 5, 10),
        "date_precision": "day",
        "date_note": None,
        "year": 2023,
        "origin_name": "Kota Bima",
        "origin_level": "kota",
        "origin_code": "52.72",
        "origin_province": "Nusa Tenggara Barat",
        "origin_lat": -8.46,
        "origin_lon": 118.73,
        "origin_resolution": "gazetteer",
        "origin_mention": "Kota Bima",
        "origin_institution": "DPRD Kota Bima",
        "origin_institution_type": "dprd",
        "host_name": "Kota Malang",
        "host_level": "kota",
        "host_code": "35.73",
        "host_province": "Jawa Timur",
        "host_lat": -7.98,
        "host_lon": 112.63,
        "host_resolution": "gazetteer",
        "host_mention": "Kota Malang",
        "host_institution": "Pemerintah Kota Malang",
        "host_institution_type": "pemkot",
        "distance_km": 674.203,
        "delegation_size": 20,
        "delegation_min": None,
        "delegation_max": None,
        "delegation_text": "dua puluh anggota",
        "lead": "Ketua DPRD Kota Bima",
        "visit_type": "comparative_study",
        "topics": ["waste_env"],
        "n_sources": 2,
        "confidence": 0.8,
    }
    assert set(to_visit_row(v, "abc")) == set(schema.VISITS.names)


def test_to_visit_row_with_unknowns():
    row = to_visit_row(Visit(BIMA, UNRESOLVED, date_note="no year"), "u1")
    assert (
        row["date"],
        row["date_precision"],
        row["year"],
        row["distance_km"],
        row["host_name"],
        row["host_mention"],
    ) == (
        None,
        "unknown",
        None,
        None,
        None,
        "Kota Antah",
    )


def test_source_and_topic_rows():
    assert to_source_rows("v1", "a.txt", {"origin": "s1", "date": "s2"}) == [
        {"visit_id": "v1", "article_id": "a.txt", "field": "origin", "evidence": "s1"},
        {"visit_id": "v1", "article_id": "a.txt", "field": "date", "evidence": "s2"},
    ]
    assert to_source_rows("v1", "a.txt", {}) == [
        {"visit_id": "v1", "article_id": "a.txt", "field": None, "evidence": None}
    ]
    assert to_topic_rows("v1", ("egov", "data")) == [
        {"visit_id": "v1", "topic": "egov"},
        {"visit_id": "v1", "topic": "data"},
    ]


def test_table_writer_writes_batches_that_conform(tmp_path):
    path = tmp_path / "visit_topics.parquet"
    with TableWriter(path, "visit_topics", batch_rows=2) as w:
        w.extend([{"visit_id": f"v{i}", "topic": "egov"} for i in range(5)])
    f = pq.ParquetFile(path)
    assert f.schema_arrow == schema.VISIT_TOPICS
    assert f.metadata.num_row_groups == 3
    assert f.read().to_pylist() == [{"visit_id": f"v{i}", "topic": "egov"} for i in range(5)]


def test_table_writer_with_no_rows_still_writes_the_schema(tmp_path):
    path = tmp_path / "visits.parquet"
    TableWriter(path, "visits").close()
    t = pq.read_table(path)
    assert (t.schema, t.num_rows) == (schema.VISITS, 0)


@pytest.mark.parametrize(
    "table, row, message",
    [
        ("visit_topics", {"visit_id": "v1", "topic": "astrology"}, "visit_topics.topic: values ['astrology']"),
        ("articles", {"article_id": "a", "status": "hilang"}, "articles.status: values ['hilang']"),
    ],
)
def test_table_writer_refuses_values_outside_the_taxonomy(tmp_path, table, row, message):
    w = TableWriter(tmp_path / f"{table}.parquet", table)
    w.append(row)
    with pytest.raises(schema.SchemaError, match=re.escape(message)):
        w.close()


def test_same_rows_give_byte_identical_files(tmp_path):
    rows = [to_visit_row(Visit(BIMA, MALANG, date=date(2023, 5, 10), date_precision="day", topics=("egov",)), "v1")]
    for name in ("a", "b"):
        with TableWriter(tmp_path / f"{name}.parquet", "visits") as w:
            w.extend(rows)
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_commit_swaps_in_the_new_folder_and_leaves_no_temporary_folders(tmp_path):
    out = tmp_path / "processed"
    for content in ("lama", "baru"):
        staging = make_staging_dir(out)
        assert staging.parent == tmp_path and staging.name.startswith(".processed.tmp-")
        (staging / "isi.txt").write_text(content)
        write_manifest(staging, {"run": content})
        commit_dir(staging, out)
        assert (out / "isi.txt").read_text() == content
        assert (out / "manifest.json").read_text() == f'{{\n  "run": "{content}"\n}}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]
    assert oct(out.stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def test_commit_without_renameat2_falls_back_to_rename_aside(tmp_path, monkeypatch):
    import etl.write

    monkeypatch.setattr(etl.write, "_exchange", lambda a, b: False)
    out = tmp_path / "processed"
    out.mkdir()
    (out / "lama.txt").write_text("lama")
    staging = make_staging_dir(out)
    (staging / "baru.txt").write_text("baru")
    commit_dir(staging, out)
    assert [p.name for p in out.iterdir()] == ["baru.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


@pytest.mark.parametrize("kind", ["file_as_out", "file_as_parent"])
def test_unusable_output_is_an_output_error(tmp_path, kind):
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder")
    out = blocker if kind == "file_as_out" else blocker / "processed"
    with pytest.raises(OutputError):
        make_staging_dir(out)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_paths_are_fixed_names():
    from etl.write import MANIFEST, TABLE_FILES

    assert (TABLE_FILES, MANIFEST) == (
        {
            "articles": "articles.parquet",
            "visits": "visits.parquet",
            "visit_sources": "visit_sources.parquet",
            "visit_topics": "visit_topics.parquet",
        },
        "manifest.json",
    )
    assert Path(TABLE_FILES["visits"]).suffix == ".parquet"
