"""setup() filters once per view and session, keeps row positions instead of a copy of every column, and hands out
exactly the rows, columns and topic rows the full filtered frame would give."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import build_visit_topics, build_visits
from streamlit.testing.v1 import AppTest

import ui.page as page
from ui.aggregate import build_topic_rows
from ui.data import read_tables
from ui.page import W_LANG, W_TOPICS, W_YEARS, FilteredView
from ui.state import Filters, apply_filters, filter_visit_topics

ROOT = Path(__file__).resolve().parent.parent


def counting(monkeypatch, name: str) -> list:
    calls: list = []
    real = getattr(page, name)

    def wrapper(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(page, name, wrapper)
    return calls


def test_a_rerun_of_the_same_view_does_not_filter_again(atlas_env, monkeypatch):
    calls = counting(monkeypatch, "filter_mask")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30).run()
    assert len(calls) == 0  # nothing filtered: the table itself, no mask
    at.run()
    at.sidebar.radio(key=W_LANG).set_value("id").run()  # the language is not a filter
    assert len(calls) == 0
    at.sidebar.multiselect(key=W_TOPICS).set_value(["egov"]).run()
    assert len(calls) == 1
    assert {m.label: m.value for m in at.metric}["Kunjungan"] == "2"
    at.sidebar.slider(key=W_YEARS).set_value((2021, 2023)).run()
    assert len(calls) == 2
    at.run()
    assert len(calls) == 2
    assert not at.exception


def test_the_overview_never_selects_topic_rows_and_the_topics_page_gets_the_right_ones(atlas_env, monkeypatch):
    calls = counting(monkeypatch, "select_visit_topics")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.query_params["topic"] = "egov"
    at.run()
    assert not at.exception and calls == []
    topics = AppTest.from_file(str(ROOT / "pages" / "3_Topics.py"), default_timeout=30)
    topics.query_params["from"] = "2021"
    topics.run()
    assert not topics.exception
    # The Topics page resolves topic rows from per-table arrays; the rows it counted are the filtered visits' ones.
    assert topics.session_state[page.FILTERED_KEY].n == len(apply_filters(
        read_tables(atlas_env).visits, Filters(year_min=2021)))


def _synthetic(tmp_path: Path) -> Path:
    from scripts import gen_visits  # noqa: PLC0415

    out = tmp_path / "synthetic"
    gen_visits.write_tables(gen_visits.build_tables(3000, gen_visits.read_places(), seed=11), out)
    return out


VIEWS = (
    Filters(),
    Filters(year_min=2021),
    Filters(topics=("egov",)),
    Filters(topics=("egov", "waste"), year_max=2022),
    Filters(visit_types=("comparative_study",), place="a"),
    Filters(place="no such place anywhere"),
)


@pytest.mark.parametrize("source", ["fixture", "synthetic"])
def test_a_filtered_view_gives_what_the_full_filtered_frame_gives(source, data_dir, tmp_path):
    tables = read_tables(data_dir if source == "fixture" else _synthetic(tmp_path))
    seen_sizes = set()
    for f in VIEWS:
        expected = apply_filters(tables.visits, f, tables.visit_topics)
        seen_sizes.add(len(expected))
        mask = page.filter_mask(tables.visits, f, tables.visit_topics,
                                topic_rows=page.to_topic_rows(tables.visits, tables.visit_topics))
        view = FilteredView(("k", f), tables, None if f == Filters() else mask)
        assert view.n == len(expected)
        pd.testing.assert_frame_equal(view.frame(), expected)
        pd.testing.assert_frame_equal(view.columns("year", "host_name"), expected[["year", "host_name"]])
        topics = filter_visit_topics(tables.visit_topics, expected)
        pd.testing.assert_frame_equal(view.visit_topics(), topics)
        want, got = build_topic_rows(expected, topics), view.topic_rows()
        np.testing.assert_array_equal(got.pos, want.pos)
        np.testing.assert_array_equal(got.codes, want.codes)
        np.testing.assert_array_equal(got.names, want.names)
        if view.positions is not None:
            np.testing.assert_array_equal(tables.visits["visit_id"].to_numpy()[view.positions],
                                          expected["visit_id"].to_numpy())
    assert 0 in seen_sizes and len(tables.visits) in seen_sizes and len(seen_sizes) >= 4


def test_a_view_copies_only_the_columns_asked_for_and_keeps_them(data_dir):
    tables = read_tables(data_dir)
    view = FilteredView(("k",), tables, tables.visits["year"].eq(2022).to_numpy())
    narrow = view.columns("visit_id", "year")
    assert list(narrow.columns) == ["visit_id", "year"]
    assert view.columns("visit_id", "year") is narrow  # a rerun gets the same frame, not another copy
    with pytest.raises(KeyError):
        view.columns("no_such_column")


def test_the_fixture_topic_rows_match_the_visits(data_dir):
    tables = read_tables(data_dir)
    assert len(build_visit_topics(build_visits())) == len(tables.visit_topics)
