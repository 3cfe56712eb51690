"""setup() filters once per view and session, and works out the filtered topic rows only for pages that use them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from conftest import build_visit_topics, build_visits
from streamlit.testing.v1 import AppTest

import ui.page as page
from ui.page import W_LANG, W_TOPICS, W_YEARS
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
    calls = counting(monkeypatch, "apply_filters")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30).run()
    assert len(calls) == 1
    at.run()
    at.sidebar.radio(key=W_LANG).set_value("id").run()  # the language is not a filter
    assert len(calls) == 1
    at.sidebar.multiselect(key=W_TOPICS).set_value(["egov"]).run()
    assert len(calls) == 2
    assert {m.label: m.value for m in at.metric}["Kunjungan"] == "2"
    at.sidebar.slider(key=W_YEARS).set_value((2021, 2023)).run()
    assert len(calls) == 3
    at.run()
    assert len(calls) == 3
    assert not at.exception


def test_the_overview_never_looks_up_topic_rows_and_the_topics_page_gets_the_right_ones(atlas_env, monkeypatch):
    calls = counting(monkeypatch, "filter_visit_topics")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.query_params["topic"] = "egov"
    at.run()
    assert not at.exception and calls == []
    topics = AppTest.from_file(str(ROOT / "pages" / "3_Topics.py"), default_timeout=30)
    topics.query_params["from"] = "2021"
    topics.run()
    assert not topics.exception and len(calls) == 1


def test_lazy_topic_rows_are_the_filtered_visits_rows(data_dir):
    from ui.data import read_tables  # noqa: PLC0415

    tables = read_tables(data_dir)
    for f in (Filters(), Filters(year_min=2021), Filters(topics=("egov",))):
        visits = apply_filters(tables.visits, f, tables.visit_topics)
        ctx = page.PageContext(tables=tables, visits=visits, filters=f, lang="en", t=str,
                               lazy_visit_topics=page.data_mod.LazyFrame(lambda v=visits: page._topics_of(tables, v)))
        expected = filter_visit_topics(tables.visit_topics, visits)
        pd.testing.assert_frame_equal(ctx.visit_topics.reset_index(drop=True), expected.reset_index(drop=True))
        plain = page.PageContext(tables=tables, visits=visits, filters=f, lang="en", t=str)
        pd.testing.assert_frame_equal(plain.visit_topics, expected)
    assert len(build_visit_topics(build_visits())) == len(tables.visit_topics)
