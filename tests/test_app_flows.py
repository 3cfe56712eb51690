"""The Flows page under AppTest with the fixture data: the map, the toggles, one place, both languages."""

from __future__ import annotations

from functools import partial

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import plotly_specs, values
from tests.helpers import run_page as run_page_file

run_page = partial(run_page_file, "1_Flows.py")


def figure(at: AppTest) -> dict:
    return plotly_specs(at)[0]


def route_rows(at: AppTest) -> list[list]:
    return at.dataframe[0].value.values.tolist()


def test_map_and_top_routes(atlas_env):
    at = run_page()
    assert not at.exception
    # Kota Antah (the visitor of v6) is unresolved: 7 of 8 visits are drawn, over 6 routes.
    assert at.markdown[0].value == "7 of 8 visits have both ends on the map; 6 routes, the top 6 are drawn."
    assert route_rows(at)[0] == ["Kota Bandung", "Kota Surabaya", 2, 28]
    fig = figure(at)
    assert {tr["type"] for tr in fig["data"]} == {"scattergeo"}
    arrows = [tr for tr in fig["data"] if tr.get("marker", {}).get("symbol") == "triangle-up"]
    assert len(values(arrows[0]["lon"])) == 6
    assert fig["layout"]["geo"]["showland"] is False
    apart = at.dataframe[1].value.values.tolist()
    assert apart == [["Visitor", "Unresolved", "Kota Antah", 1]]


def test_province_level_and_delegates(atlas_env):
    at = run_page()
    at.radio(key="atlas_flows_level").set_value("province").run()
    at.radio(key="atlas_flows_weight").set_value("delegates").run()
    assert not at.exception
    assert at.markdown[0].value.startswith("7 of 8 visits have both ends on the map; 5 routes")
    # Heaviest by delegates first: Banten's 35 people, then Jawa Barat -> Jawa Timur: Bandung twice (20 + 8) and
    # Bogor's DPRD (size unknown).
    assert route_rows(at)[:2] == [["Banten", "Jawa Barat", 1, 35], ["Jawa Barat", "Jawa Timur", 3, 28]]
    assert any(c.value.startswith("Delegates: 6 of 8 visits state a size") for c in at.caption)
    legend = [tr["name"] for tr in figure(at)["data"] if tr.get("mode") == "lines" and tr.get("fill") != "toself"]
    assert legend and all(name.endswith("delegates") for name in legend)


def test_top_n_limits_the_drawn_routes(atlas_env):
    at = run_page()
    at.select_slider(key="atlas_flows_top_n").set_value(10).run()
    assert "the top 6 are drawn" in at.markdown[0].value  # fewer routes than the smallest choice


@pytest.mark.parametrize("place, came, went", [
    ("Kota Surabaya", [["Kota Bandung", 2, 28], ["Kabupaten Bogor", 1, 0], ["Kabupaten Minahasa", 1, 15]],
     [["Kabupaten Minahasa", 1, 12]]),
    ("Kota Bandung", [["?", 1, 0], ["Provinsi Banten", 1, 35]], [["Kota Surabaya", 2, 28]]),
])
def test_picking_a_place_shows_who_came_and_where_it_went(atlas_env, place, came, went):
    at = run_page()
    at.selectbox(key="atlas_flows_place").set_value(place).run()
    assert not at.exception
    tables = [d.value.values.tolist() for d in at.dataframe]
    assert tables[-2] == came and tables[-1] == went


def test_indonesian(atlas_env):
    at = run_page({"lang": "id"})
    assert not at.exception
    assert at.markdown[0].value == "7 dari 8 kunjungan punya asal dan tujuan di peta; 6 rute, 6 teratas digambar."
    assert list(at.dataframe[0].value.columns) == ["Pengunjung", "Tuan rumah", "Kunjungan", "Anggota rombongan"]
    names = [tr.get("name") for tr in figure(at)["data"]]
    assert "Tuan rumah (ukuran: kunjungan diterima)" in names


def test_no_match_is_a_friendly_message(atlas_env):
    at = run_page({"q": "atlantis"})
    assert not at.exception
    assert [i.value for i in at.info] == [
        "No visit matches these filters. Widen the years or remove a filter (or press Reset filters)."]
    assert not at.get("plotly_chart")


def test_only_unmapped_visits_say_so(atlas_env):
    # The one visit from the unresolved Kota Antah: nothing to draw, and the page says why.
    at = run_page({"q": "Antah"})
    assert not at.exception
    assert at.info[0].value == "No visit in this selection has both ends on the map."
    assert at.dataframe[0].value.values.tolist() == [["Visitor", "Unresolved", "Kota Antah", 1]]


def test_a_filtered_view_counts_only_its_visits(atlas_env):
    # Visitors from Jawa Barat only: Bandung (twice) and Bogor (to Surabaya and to Banten); Minahasa's visit to
    # Surabaya and Surabaya's own trip are left out. Routes and the place detail come from the view's rows alone.
    at = run_page({"origin": "Jawa Barat"})
    assert not at.exception
    assert at.markdown[0].value == "4 of 4 visits have both ends on the map; 3 routes, the top 3 are drawn."
    assert route_rows(at) == [["Kota Bandung", "Kota Surabaya", 2, 28], ["Kabupaten Bogor", "Provinsi Banten", 1, 15],
                              ["Kabupaten Bogor", "Kota Surabaya", 1, 0]]
    at.selectbox(key="atlas_flows_place").set_value("Kota Surabaya").run()
    assert not at.exception
    assert at.dataframe[-1].value.values.tolist() == [["Kota Bandung", 2, 28], ["Kabupaten Bogor", 1, 0]]
    assert at.info[-1].value == "No visits from Kota Surabaya in this selection."
