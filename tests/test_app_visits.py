"""The Visits page under AppTest: the filtered table, a selected visit's sources and evidence, downloads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import HOSTILE_EVIDENCE, HOSTILE_TITLE, build_visits, write_tables
from streamlit.testing.v1 import AppTest

from ui.page import W_LANG, W_TOPICS

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "4_Visits.py")
TABLE_KEY = "atlas_visits_table"


def run_page(query: dict[str, str] | None = None, select: int | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if select is not None:
        at.session_state[TABLE_KEY] = {"selection": {"rows": [select], "columns": [], "cells": []}}
        at.run()
    return at


def test_the_table_lists_the_filtered_visits(atlas_env):
    at = run_page()
    assert not at.exception
    assert at.title[0].value == "Visits"
    table = at.dataframe[0].value
    assert table["visit_id"].tolist() == ["v7", "v5", "v4", "v3", "v8", "v2", "v1", "v6"]  # latest first, undated last
    assert table.iloc[5][["Date", "Visitor", "Host", "Delegation"]].tolist() == [
        "July 2020", "Kabupaten Minahasa", "Kota Surabaya", "10–19 people"]
    assert [i.value for i in at.info] == ["Select a visit in the table to see its sources."]
    assert [b.label for b in at.get("download_button")] == ["CSV", "Excel"]
    assert "Download the filtered visits (8)" in [c.value for c in at.caption]


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ({"topic": "egov"}, ["v3", "v1"]),
        ({"from": "2023"}, ["v7", "v5"]),
        ({"inst": "dprd", "q": "bogor"}, ["v4"]),
    ],
)
def test_filters_from_the_link_narrow_the_table(atlas_env, query, ids):
    at = run_page(query)
    assert at.dataframe[0].value["visit_id"].tolist() == ids
    assert f"Download the filtered visits ({len(ids)})" in [c.value for c in at.caption]


def test_selecting_a_visit_shows_its_sources_and_evidence(atlas_env):
    at = run_page(select=6)
    assert not at.exception
    assert [s.value for s in at.main.subheader] == ["Visit v1"]
    assert at.text[0].value == "Date: 5 March 2019 (exact day)\nDelegation: 20 people\nConfidence: 0.90"
    sources, evidence = at.dataframe[1].value, at.dataframe[2].value
    assert sources["Outlet"].tolist() == ["Surabaya Pos", "Kabar Manado"]
    assert sources["Link"].tolist() == ["https://news.example.id/a1", "https://news.example.id/a2"]
    assert evidence["Field"].tolist() == ["visitor", "date", "host"]
    assert evidence["Evidence sentence"].iloc[1] == "Selasa (5/3/2019)."


def test_a_visit_of_unknown_date_says_why(atlas_env):
    at = run_page(select=7)
    assert at.text[0].value == (
        "Date: date unknown (unknown)\nDelegation: –\nConfidence: 0.50\nWhy: no year in text or publication date")


def test_hostile_article_text_is_shown_as_text_only(atlas_env):
    at = run_page(select=7)
    sources, evidence = at.dataframe[1].value, at.dataframe[2].value
    assert sources["Title"].tolist() == [HOSTILE_TITLE]
    assert evidence["Evidence sentence"].tolist() == [HOSTILE_EVIDENCE]
    rendered_as_markdown = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    assert not any("evil.example" in text or "<script" in text for text in rendered_as_markdown)


def test_language_switch_translates_table_and_details(atlas_env):
    at = run_page(select=5)
    at.sidebar.radio(key=W_LANG).set_value("id").run()
    assert not at.exception
    assert at.title[0].value == "Daftar kunjungan"
    table = at.dataframe[0].value
    assert table.iloc[5][["Tanggal", "Jenis", "Rombongan"]].tolist() == ["Juli 2020", "Kunjungan kerja", "10–19 orang"]
    assert at.text[0].value.startswith("Tanggal: Juli 2020 (hanya bulan)\nRombongan: 10–19 orang\nKeyakinan: 0,80")


def test_no_match_is_a_friendly_message(atlas_env):
    at = run_page()
    at.sidebar.multiselect(key=W_TOPICS).set_value(["health"]).run()
    assert at.dataframe[0].value["visit_id"].tolist() == ["v6"]
    at.sidebar.text_input(key="atlas_w_place").input("surabaya").run()
    assert not at.exception
    assert not at.dataframe
    assert [i.value for i in at.info] == [
        "No visit matches these filters. Widen the years or remove a filter (or press Reset filters)."]
    assert dict(at.query_params) == {"topic": "health", "q": "surabaya"}


def test_a_long_table_shows_the_latest_rows_and_says_so(tmp_path, monkeypatch):
    base = build_visits()
    many = pd.concat([base.assign(visit_id=base["visit_id"] + f"-{i}") for i in range(263)], ignore_index=True)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(write_tables(tmp_path / "many", visits=many)))
    at = run_page()
    assert not at.exception
    assert len(many) == 2104
    assert len(at.dataframe[0].value) == 2000
    assert at.dataframe[0].value["visit_id"].iloc[0].startswith("v7-")
    captions = [c.value for c in at.caption]
    assert "Showing the latest 2,000 of 2,104 visits. Narrow the filters to see others, or download them all below." in captions
    assert "Download the filtered visits (2,104)" in captions
