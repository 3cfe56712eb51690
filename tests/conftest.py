"""Shared fixtures: a small visits dataset in the ETL's schema, built in code, written as the four Parquet files.

The rows are chosen so every filter changes the numbers, and so that unknowns
(no year, no size, unresolved places) and hostile article text (HTML, Markdown,
spreadsheet formulas) are present.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import streamlit as st

from etl import schema

HOSTILE_TITLE = "<script>alert('x')</script> **Studi banding** [klik](http://evil.example/)"
HOSTILE_EVIDENCE = "=HYPERLINK(\"http://evil.example\",\"klik\") <img src=http://evil.example/x.png>"


def _place(prefix: str, name, level, code, province, lat, lon, resolution, mention, inst, inst_type) -> dict:
    return {
        f"{prefix}_name": name,
        f"{prefix}_level": level,
        f"{prefix}_code": code,
        f"{prefix}_province": province,
        f"{prefix}_lat": lat,
        f"{prefix}_lon": lon,
        f"{prefix}_resolution": resolution,
        f"{prefix}_mention": mention,
        f"{prefix}_institution": inst,
        f"{prefix}_institution_type": inst_type,
    }


SURABAYA = ("Kota Surabaya", "kota", "35.78", "Jawa Timur", -7.2575, 112.7521, "gazetteer", "Surabaya")
BANDUNG = ("Kota Bandung", "kota", "32.73", "Jawa Barat", -6.9175, 107.6191, "gazetteer", "Kota Bandung")
MINAHASA = ("Kabupaten Minahasa", "kabupaten", "71.02", "Sulawesi Utara", 1.3024, 124.9060, "gazetteer", "Minahasa")
BANTEN = ("Provinsi Banten", "provinsi", "36", "Banten", -6.1200, 106.1503, "gazetteer", "Pemprov Banten")
BOGOR_KAB = ("Kabupaten Bogor", "kabupaten", "32.01", "Jawa Barat", -6.4797, 106.8249, "gazetteer", "Kabupaten Bogor")
NOWHERE = (None, "unknown", None, None, None, None, "unresolved", "Kota Antah")


def _visit(vid, d, precision, year, origin, o_inst, o_type, host, h_inst, h_type, dist, size, lo, hi,
           vtype, topics, conf, n_sources=1, note=None, text=None) -> dict:
    row = {
        "visit_id": vid,
        "date": d,
        "date_precision": precision,
        "date_note": note,
        "year": year,
        **_place("origin", *origin, o_inst, o_type),
        **_place("host", *host, h_inst, h_type),
        "distance_km": dist,
        "delegation_size": size,
        "delegation_min": lo,
        "delegation_max": hi,
        "delegation_text": text,
        "lead": "Wakil Ketua DPRD" if o_type == "dprd" else None,
        "visit_type": vtype,
        "topics": list(topics),
        "n_sources": n_sources,
        "confidence": conf,
    }
    return row


def build_visits() -> pd.DataFrame:
    """Eight visits, 2019-2023 plus one of unknown year; Surabaya is the most visited host."""
    rows = [
        _visit("v1", date(2019, 3, 5), "day", 2019, BANDUNG, "Pemerintah Kota Bandung", "pemkot",
               SURABAYA, "Pemerintah Kota Surabaya", "pemkot", 675.0, 20, None, None,
               "comparative_study", ("egov", "smart_city"), 0.9, 2, text="20 orang"),
        _visit("v2", date(2020, 7, 1), "month", 2020, MINAHASA, "DPRD Kabupaten Minahasa", "dprd",
               SURABAYA, "Pemerintah Kota Surabaya", "pemkot", 1800.0, None, 10, 19,
               "working_visit", ("public_service",), 0.8, text="belasan anggota"),
        _visit("v3", date(2021, 9, 14), "day", 2021, BANTEN, "Pemerintah Provinsi Banten", "pemprov",
               BANDUNG, "Pemerintah Kota Bandung", "pemkot", 180.0, 35, None, None,
               "benchmarking", ("egov", "data"), 0.85, text="35 pegawai"),
        _visit("v4", date(2022, 1, 1), "year", 2022, BOGOR_KAB, "DPRD Kabupaten Bogor", "dprd",
               SURABAYA, "DPRD Kota Surabaya", "dprd", 660.0, None, None, None,
               "working_visit", ("waste_env",), 0.7),
        _visit("v5", date(2023, 5, 20), "day", 2023, SURABAYA, "Pemerintah Kota Surabaya", "pemkot",
               MINAHASA, "Pemerintah Kabupaten Minahasa", "pemkab", 1800.0, 12, None, None,
               "emulation_study", ("tourism_culture",), 0.75, text="12 orang"),
        _visit("v6", None, "unknown", None, NOWHERE, "Pemerintah Kota Antah", "pemkot",
               BANDUNG, "Pemerintah Kota Bandung", "pemkot", None, None, None, None,
               "comparative_study", ("health",), 0.5, note="no year in text or publication date"),
        _visit("v7", date(2023, 11, 2), "day", 2023, BANDUNG, "Pemerintah Kota Bandung", "pemkot",
               SURABAYA, "Pemerintah Kota Surabaya", "pemkot", 675.0, 8, None, None,
               "training_visit", ("civil_service",), 0.95, text="8 peserta"),
        _visit("v8", date(2021, 2, 10), "day", 2021, BOGOR_KAB, "Pemerintah Kabupaten Bogor", "pemkab",
               BANTEN, "Pemerintah Provinsi Banten", "pemprov", 75.0, 15, None, None,
               "comparative_study", ("finance", "procurement"), 0.8, text="15 orang"),
    ]
    return pd.DataFrame(rows)


def build_articles() -> pd.DataFrame:
    rows = [
        ("a1", "https://news.example.id/a1", "Surabaya Pos", "Pemkot Bandung studi banding ke Surabaya", date(2019, 3, 6), "visit", 1),
        ("a2", "https://news.example.id/a2", "Kabar Manado", "DPRD Minahasa kunker ke Surabaya", date(2020, 7, 3), "visit", 1),
        ("a3", "https://news.example.id/a3", "Banten News", "Pemprov Banten benchmarking", date(2021, 9, 15), "visit", 1),
        ("a4", None, None, None, None, "visit", 1),
        ("a5", "https://news.example.id/a5", "Manado Today", "Surabaya studi tiru ke Minahasa", date(2023, 5, 21), "visit", 1),
        ("a6", "https://evil.example/a6", "Blog", HOSTILE_TITLE, None, "visit", 1),
        ("a7", "https://news.example.id/a7", "Surabaya Pos", "Diklat PKA ke Surabaya", date(2023, 11, 3), "visit", 1),
        ("a8", "https://news.example.id/a8", "Banten News", "Bogor belajar ke Banten", date(2021, 2, 11), "visit", 1),
        ("a9", "https://news.example.id/a9", "Surabaya Pos", "Banjir di Surabaya", date(2021, 2, 11), "no_visit", 0),
        ("a10", None, None, None, None, "error", 0),
    ]
    df = pd.DataFrame(rows, columns=["article_id", "url", "outlet", "title", "published", "status", "n_visits"])
    df["source_path"] = df["article_id"] + ".json"
    df["error"] = [None] * 9 + ["UnicodeDecodeError: bad bytes"]
    df["note"] = [None] * 8 + ["no visit cue", None]
    return df


def build_visit_sources() -> pd.DataFrame:
    rows = [
        ("v1", "a1", "origin", "Rombongan Pemerintah Kota Bandung berkunjung ke Surabaya, Selasa (5/3/2019)."),
        ("v1", "a1", "date", "Selasa (5/3/2019)."),
        ("v1", "a2", "host", "Surabaya menjadi tujuan studi banding."),
        ("v2", "a2", "delegation", "Belasan anggota DPRD Minahasa tiba di Balai Kota Surabaya."),
        ("v3", "a3", "topics", "Mereka mempelajari SPBE dan satu data."),
        ("v4", "a4", "host", "DPRD Kabupaten Bogor melakukan kunjungan kerja ke DPRD Kota Surabaya."),
        ("v5", "a5", "visit_type", "Pemkot Surabaya studi tiru pariwisata ke Minahasa."),
        ("v6", "a6", "origin", HOSTILE_EVIDENCE),
        ("v7", "a7", "delegation", "Sebanyak 8 peserta Diklat PKA belajar ke Surabaya."),
        ("v8", "a8", "topics", "Pemkab Bogor belajar pengelolaan keuangan dan LPSE."),
    ]
    return pd.DataFrame(rows, columns=["visit_id", "article_id", "field", "evidence"])


def build_visit_topics(visits: pd.DataFrame) -> pd.DataFrame:
    rows = [(v, topic) for v, topics in zip(visits["visit_id"], visits["topics"], strict=True) for topic in topics]
    return pd.DataFrame(rows, columns=["visit_id", "topic"])


def write_tables(out: Path, visits: pd.DataFrame | None = None) -> Path:
    """Write the fixture tables as the ETL does (schema-checked Parquet files) into out."""
    out.mkdir(parents=True, exist_ok=True)
    visits = build_visits() if visits is None else visits
    frames = {
        "articles": build_articles(),
        "visits": visits,
        "visit_sources": build_visit_sources(),
        "visit_topics": build_visit_topics(visits),
    }
    for name, frame in frames.items():
        pq.write_table(schema.to_arrow(name, frame), out / f"{name}.parquet")
    return out


@pytest.fixture
def visits() -> pd.DataFrame:
    """The fixture visits as the dashboard reads them (through the schema's dtypes)."""
    return schema.to_arrow("visits", build_visits()).to_pandas()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder holding the four fixture tables."""
    return write_tables(tmp_path / "processed")


@pytest.fixture
def atlas_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ATLAS_DATA_DIR pointed at the fixture data folder (for AppTest pages)."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_dir))
    return data_dir


@pytest.fixture(autouse=True)
def _clear_streamlit_cache():
    """st.cache_data and st.cache_resource outlive AppTest instances; each test starts from empty caches."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def _restore_main_module():
    """AppTest installs the page script as sys.modules["__main__"] and leaves it there. A later test that starts
    worker processes (forkserver/spawn) then re-runs that page script in every worker, which hung the ETL's
    workers test. Put the real __main__ back after each test."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main
