"""The Overview (dashboard.py) under AppTest with the fixture data, and its pure number builders."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from ui import overview
from ui.page import W_HOST, W_LANG, W_TOPICS, W_YEARS

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")
TIMEOUT = 30


def run_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def count_line(at: AppTest) -> str:
    return at.sidebar.markdown[0].value


def test_overview_shows_the_headline_numbers(atlas_env):
    at = run_app()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metrics(at) == {
        "Visits": "8", "Delegates": "90", "Distinct visitors": "7", "Distinct hosts": "5", "Median distance": "675 km",
    }
    assert count_line(at) == "**8 of 8 visits**"
    captions = [c.value for c in at.caption]
    assert "Not in the sum: size only as a range 1, no size 2" in captions
    hosts = at.dataframe[0].value
    assert hosts.iloc[0].tolist() == ["Kota Surabaya", "Jawa Timur", 4]
    routes = at.dataframe[1].value
    assert routes.iloc[0].tolist() == ["Kota Bandung → Kota Surabaya", 2]
    recent = at.dataframe[2].value
    assert recent.iloc[0].tolist() == ["2 November 2023", "Pemerintah Kota Bandung", "Kota Surabaya", "Training field visit"]


def test_overview_says_what_is_unknown(atlas_env):
    at = run_app()
    text = at.main.markdown[-1].value
    assert text.splitlines() == [
        "- Visits with no known date: 1",
        "- Visits dated only to the month or year: 2",
        "- Visits whose visitor's place could not be located: 1",
        "- Visits whose host's place could not be located: 0",
        "- All articles read: 10; reporting a visit: 8; no visit: 1; unreadable: 1.",
    ]
    assert "Includes visits with an unknown year (1); they drop out once you narrow the years." in [
        c.value for c in at.sidebar.caption]


@pytest.mark.parametrize(
    ("widget", "value", "visits", "url"),
    [
        (W_TOPICS, ["egov"], "2", {"topic": "egov"}),
        (W_HOST, ["Jawa Timur"], "4", {"host": "Jawa Timur"}),
        (W_YEARS, (2021, 2023), "5", {"from": "2021"}),
    ],
)
def test_changing_a_filter_changes_the_numbers_and_the_link(atlas_env, widget, value, visits, url):
    at = run_app()
    if widget == W_YEARS:
        at.sidebar.slider(key=widget).set_value(value).run()
    else:
        at.sidebar.multiselect(key=widget).set_value(value).run()
    assert not at.exception
    assert metrics(at)["Visits"] == visits
    assert count_line(at) == f"**{visits} of 8 visits**"
    assert dict(at.query_params) == url


def test_a_year_range_leaves_unknown_years_out_and_says_so(atlas_env):
    at = run_app({"from": "2021", "to": "2022"})
    assert metrics(at)["Visits"] == "3"
    assert "Left out while a year range is set: visits with an unknown year (1)." in [c.value for c in at.sidebar.caption]


def test_a_deep_link_restores_the_view(atlas_env):
    at = run_app({"from": "2021", "host": "Jawa Timur", "lang": "id"})
    assert not at.exception
    assert at.title[0].value == "Ringkasan"
    assert metrics(at)["Kunjungan"] == "2"
    assert count_line(at) == "**2 dari 8 kunjungan**"
    assert at.sidebar.slider(key=W_YEARS).value == (2021, 2023)
    assert at.sidebar.multiselect(key=W_HOST).value == ["Jawa Timur"]
    assert at.sidebar.radio(key=W_LANG).value == "id"


def test_invalid_link_values_show_notices_not_errors(atlas_env):
    at = run_app({"from": "abc", "topic": "golf,egov", "host": "Atlantis"})
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "The link's year 'abc' is not a year; the full year range is shown.",
        "The link's Topics value 'golf' is not known here and was ignored.",
        "The link's Hosts' provinces value 'Atlantis' is not known here and was ignored.",
    ]
    assert metrics(at)["Visits"] == "2"
    assert dict(at.query_params) == {"topic": "egov"}


def test_notices_go_once_the_user_changes_a_filter(atlas_env):
    at = run_app({"topic": "golf"})
    assert len(at.warning) == 1
    at.sidebar.multiselect(key=W_TOPICS).set_value(["health"]).run()
    assert len(at.warning) == 0


def test_no_match_is_a_friendly_message(atlas_env):
    at = run_app({"q": "atlantis"})
    assert not at.exception
    assert [i.value for i in at.info] == [
        "No visit matches these filters. Widen the years or remove a filter (or press Reset filters)."]
    assert not at.metric


def test_switching_the_language_translates_and_keeps_filters(atlas_env):
    at = run_app({"topic": "egov"})
    at.sidebar.radio(key=W_LANG).set_value("id").run()
    assert not at.exception
    assert at.title[0].value == "Ringkasan"
    assert list(metrics(at)) == ["Kunjungan", "Anggota rombongan", "Tamu berbeda", "Tuan rumah berbeda", "Jarak median"]
    assert metrics(at)["Kunjungan"] == "2"
    assert dict(at.query_params) == {"topic": "egov", "lang": "id"}
    assert at.sidebar.multiselect(key=W_TOPICS).value == ["egov"]


def test_reset_brings_back_every_visit_and_a_clean_link(atlas_env):
    at = run_app({"topic": "egov", "lang": "id"})
    at.sidebar.button[0].click().run()
    assert metrics(at)["Kunjungan"] == "8"
    assert dict(at.query_params) == {"lang": "id"}
    assert at.sidebar.multiselect(key=W_TOPICS).value == []


def test_filters_survive_a_page_change(atlas_env):
    at = run_app()
    at.sidebar.multiselect(key=W_TOPICS).set_value(["egov"]).run()
    at.switch_page("pages/4_Visits.py").run()
    assert not at.exception
    assert at.title[0].value == "Visits"
    assert count_line(at) == "**2 of 8 visits**"
    assert dict(at.query_params) == {"topic": "egov"}


@pytest.mark.parametrize(
    ("folder", "message"),
    [("empty", "No visits data was found in"), ("corrupt", "could not be read")],
)
def test_missing_or_corrupt_data_is_a_message_not_a_traceback(tmp_path, monkeypatch, folder, message):
    data = tmp_path / folder
    data.mkdir()
    if folder == "corrupt":
        from conftest import write_tables

        write_tables(data)
        (data / "visits.parquet").write_bytes(b"not parquet at all")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    at = run_app()
    assert not at.exception
    assert message in at.error[0].value
    assert str(data) in at.error[0].value


def test_the_codes_are_built_once_per_tables_in_a_worker_thread(atlas_env):
    from ui import data as data_mod

    tables = data_mod.load_tables(atlas_env)
    job = dashboard.codes_job(tables)
    assert dashboard.codes_job(tables) is job
    codes = job.result(timeout=30)
    assert overview.to_headline(codes) == overview.to_headline(overview.build_overview_codes(tables.visits))
    dashboard.start_codes_early()  # the same tables from the cache: the same job
    assert dashboard.codes_job(data_mod.load_tables(atlas_env)) is job


def test_a_failed_build_of_the_codes_reaches_whoever_waits(visits):
    from ui import data as data_mod

    tables = data_mod.Tables(visits=visits.drop(columns=["host_name"]), visit_sources=pd.DataFrame(),
                             visit_topics=pd.DataFrame(), data_dir=Path("."), article_statuses=pd.DataFrame(),
                             lazy_articles=data_mod.LazyFrame.of(pd.DataFrame()))
    with pytest.raises(KeyError, match="host_name"):
        dashboard.codes_job(tables).result(timeout=30)


# ---- the pure builders --------------------------------------------------------------------------


def test_build_headline_counts_sizes_apart(visits):
    assert overview.build_headline(visits) == {
        "visits": 8, "delegates": 90, "size_exact": 5, "size_range": 1, "size_unknown": 2,
        "visitors": 7, "hosts": 5, "median_km": 675.0, "no_distance": 1,
    }


def test_build_headline_of_nothing(visits):
    head = overview.build_headline(visits.iloc[0:0])
    assert (head["visits"], head["delegates"], head["median_km"]) == (0, 0, None)


def test_build_quality_and_article_counts(visits):
    from conftest import build_articles

    assert overview.build_quality(visits) == {
        "unknown_dates": 1, "partial_dates": 2, "unresolved_origin": 1, "unresolved_host": 0}
    assert overview.build_article_counts(build_articles()) == {"total": 10, "visit": 8, "no_visit": 1, "error": 1}


def test_top_routes_in_indonesian_mark_unresolved_places(visits):
    routes = overview.build_top_routes(visits, "id")
    assert list(routes.columns) == ["Rute", "Kunjungan"]
    assert "Kota Antah (?) → Kota Bandung" in routes["Rute"].tolist()
    assert isinstance(routes, pd.DataFrame) and routes["Kunjungan"].sum() == 8


def test_navigation_lists_only_pages_that_exist(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "4_Visits.py").write_text("")
    pages = dashboard.build_page_list("id", root=tmp_path)
    assert [(key, title, file, url) for key, title, file, url, _ in pages] == [
        ("overview", "Ringkasan", None, ""), ("visits", "Daftar kunjungan", "pages/4_Visits.py", "visits")]


def test_first_start_builds_the_sample_and_says_which_data_is_shown(tmp_path, monkeypatch):
    from ui import data as data_mod

    articles = tmp_path / "sample"
    articles.mkdir()
    for path in sorted(data_mod.SAMPLE_ARTICLES_DIR.glob("*.txt"))[:3]:
        (articles / path.name).write_bytes(path.read_bytes())
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    monkeypatch.setattr(data_mod, "DEFAULT_DATA_DIR", tmp_path / "processed")
    monkeypatch.setattr(data_mod, "SAMPLE_ARTICLES_DIR", articles)
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    assert (tmp_path / "processed" / "visits.parquet").is_file()
    built = data_mod.read_tables(tmp_path / "processed")
    assert len(built.articles) == 3
    assert metrics(at)["Visits"] == str(len(built.visits))
    assert f"Data: the bundled sample articles ({articles})." in [c.value for c in at.sidebar.caption]


def test_an_empty_env_folder_is_not_built_into(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    at = run_app()
    assert "No visits data was found in" in at.error[0].value
    assert list(tmp_path.iterdir()) == []
