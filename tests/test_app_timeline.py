"""The Timeline page under AppTest with the fixture data: periods, splits, what is left out, both languages."""

from __future__ import annotations

from functools import partial

import pytest

from tests.helpers import plotly_specs, values
from tests.helpers import run_page as run_page_file

run_page = partial(run_page_file, "2_Timeline.py")
charts = plotly_specs


@pytest.mark.parametrize("freq, placed, bars", [("month", 6, 6), ("quarter", 6, 6), ("year", 7, 5)])
def test_frequencies_and_what_is_left_out(atlas_env, freq, placed, bars):
    at = run_page()
    at.radio(key="atlas_timeline_freq").set_value(freq).run()
    assert not at.exception
    (bar,) = charts(at)[0]["data"]
    assert bar["type"] == "bar" and len(values(bar["y"])) == bars and sum(values(bar["y"])) == placed
    note = at.caption[0].value
    assert note.startswith(f"{placed} of 8 visits are on this chart.")
    assert "Visits with no known date: 1" in note and "Visits dated to a year only: 1;" in note


@pytest.mark.parametrize("stack, traces, total", [("topic", 9, 11), ("visit_type", 5, 7),
                                                  ("origin_institution_type", 4, 7)])
def test_split_by(atlas_env, stack, traces, total):
    at = run_page()
    at.radio(key="atlas_timeline_freq").set_value("year").run()
    at.radio(key="atlas_timeline_stack").set_value(stack).run()
    assert not at.exception
    data = charts(at)[0]["data"]
    assert len(data) == traces
    # By topic a visit counts once per topic: 7 dated visits carry 10 topic rows over 9 topics (v6 has no date).
    assert sum(sum(values(tr["y"])) for tr in data) == total - (1 if stack == "topic" else 0)
    assert ("Split by topic, a visit with several topics counts once in each." in at.caption[0].value) is (
        stack == "topic")


def test_share_toggle_only_when_split(atlas_env):
    at = run_page()
    assert not at.toggle  # nothing to compare when not split
    at.radio(key="atlas_timeline_stack").set_value("visit_type").run()
    at.toggle(key="atlas_timeline_share").set_value(True).run()
    assert not at.exception
    assert charts(at)[0]["layout"]["barnorm"] == "percent"


def test_seasonality_heatmap(atlas_env):
    at = run_page()
    (hm,) = charts(at)[1]["data"]
    assert hm["type"] == "heatmap" and hm["y"] == ["2019", "2020", "2021", "2023"]
    assert any(c.value.endswith("Busiest month overall: February.") for c in at.caption)


def test_indonesian(atlas_env):
    at = run_page({"lang": "id"})
    assert not at.exception
    assert at.caption[0].value.startswith("6 dari 8 kunjungan ada di grafik ini.")
    assert charts(at)[1]["data"][0]["x"][:3] == ["Jan", "Feb", "Mar"]
    assert charts(at)[0]["layout"]["separators"] == ",."


def test_no_match_is_a_friendly_message(atlas_env):
    at = run_page({"q": "atlantis"})
    assert not at.exception
    assert at.info[0].value.startswith("No visit matches these filters.")
    assert not at.get("plotly_chart")


def test_only_undated_visits_say_so(atlas_env):
    at = run_page({"q": "Antah"})  # v6: no date at all
    assert not at.exception
    assert [i.value for i in at.info] == ["Nothing to show for these filters."] * 2
    assert at.caption[0].value.startswith("0 of 1 visits are on this chart. Visits with no known date: 1")
