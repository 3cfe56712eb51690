"""The Topics page under AppTest with the fixture data: shares, topic x year, hubs, both languages."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from tests.helpers import plotly_specs, values
from tests.helpers import run_page as run_page_file

run_page = partial(run_page_file, "3_Topics.py")
charts = plotly_specs


def test_shares_count_a_visit_in_each_of_its_topics(atlas_env):
    at = run_page()
    assert not at.exception
    assert at.caption[0].value.startswith("A visit with several topics counts in each (3 of 8 visits have two or more)")
    assert at.caption[0].value.endswith("0 visits name no topic.")
    (bar,) = charts(at)[0]["data"]
    assert bar["y"][0] == "E-government & digital services" and bar["y"][-1] == "No topic stated"
    assert values(bar["x"])[0] == pytest.approx(2 / 8)
    assert len(bar["y"]) == 11  # the 10 topics the fixture names + "no topic"
    assert sum(values(bar["x"])) == pytest.approx(11 / 8)  # more than 100%: said in the caption


@pytest.mark.parametrize("normalize, column_sum", [(False, [2, 1, 4, 1, 2]), (True, [1, 1, 1, 1, 1])])
def test_topic_by_year(atlas_env, normalize, column_sum):
    at = run_page()
    if normalize:
        at.toggle(key="atlas_topics_normalize").set_value(True).run()
    (hm,) = charts(at)[1]["data"]
    assert hm["x"] == ["2019", "2020", "2021", "2022", "2023"]
    z = np.array(values(hm["z"]), dtype=float)
    assert z.sum(axis=0).tolist() == pytest.approx(column_sum)


@pytest.mark.parametrize("topic, hosts", [("egov", ["Kota Bandung", "Kota Surabaya"]),
                                          ("finance", ["Provinsi Banten"])])
def test_hubs(atlas_env, topic, hosts):
    at = run_page()
    at.selectbox(key="atlas_topics_pick").set_value(topic).run()
    assert not at.exception
    (bar,) = charts(at)[2]["data"]
    assert bar["y"] == hosts  # a tie is ranked by name
    table = at.dataframe[0].value
    assert table.iloc[0].tolist() == ["E-government & digital services", "Kota Bandung", "50%"]


def test_indonesian(atlas_env):
    at = run_page({"lang": "id"})
    assert not at.exception
    assert charts(at)[0]["data"][0]["y"][0] == "E-government & SPBE"
    assert list(at.dataframe[0].value.columns) == ["Topik", "Tuan rumah teratas", "Porsinya di topik ini"]


def test_no_match_is_a_friendly_message(atlas_env):
    at = run_page({"q": "atlantis"})
    assert not at.exception
    assert at.info[0].value.startswith("No visit matches these filters.")
    assert not at.get("plotly_chart")


def test_a_visit_without_a_year_still_counts_in_the_shares(atlas_env):
    at = run_page({"q": "Antah"})  # v6: health, no year
    assert not at.exception
    assert charts(at)[0]["data"][0]["y"][0] == "Health"
    assert at.info[0].value == "Nothing to show for these filters."  # topic x year: no year to place it
