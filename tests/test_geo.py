"""The offline map: shipped outline data, no remote references in the figure, province seats."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from scripts import build_geo
from tests.test_aggregate import BDG, SBY, make
from ui import aggregate as A
from ui import figures as F
from ui import geo


def test_outline_is_small_and_covers_indonesia():
    assert geo.OUTLINE_PATH.stat().st_size < 300 * 1024
    outline = geo.read_outline()
    ids = [c["id"] for c in outline["countries"]]
    assert ids[0] == "IDN" and outline["countries"][0]["focus"]
    assert {"MYS", "SGP", "TLS", "PNG", "AUS"} <= set(ids)
    pts = np.array([p for r in outline["countries"][0]["rings"] for p in r])
    # Sabang to Merauke, Miangas to Rote.
    assert pts[:, 0].min() < 96 and pts[:, 0].max() > 140.5
    assert pts[:, 1].min() < -10.5 and pts[:, 1].max() > 5
    assert len(outline["countries"][0]["rings"]) > 50  # the islands, not one blob


def test_outline_arrays_hold_the_same_rings():
    """The outline as arrays holds exactly the old points and None gaps, and is shared, not rebuilt."""
    outline = geo.read_outline()
    arrays = geo.to_outline_arrays(outline)
    assert arrays is geo.to_outline_arrays(outline)
    for arr, old in zip(arrays, geo.to_outline_traces(outline), strict=True):
        for axis in ("lon", "lat"):
            assert arr[axis].tolist() == list(getattr(old, axis))
            assert sum(v is None for v in arr[axis]) > 10  # a gap after every ring
        assert {k: v for k, v in arr.items() if k not in ("lon", "lat", "type")} == {
            k: v for k, v in old.to_plotly_json().items() if k not in ("lon", "lat", "type")}
        assert not arr["lon"].flags.writeable


def test_figure_makes_no_network_reference():
    fig = F.build_flow_map(A.build_flows(make([{"o": BDG, "h": SBY}])), n=5)
    layout = fig.layout.geo
    for flag in geo.BASE_LAYERS_OFF:
        assert layout[flag] is False, flag
    text = fig.to_json()
    assert not re.search(r"https?://", text)
    assert "topojson" not in text.lower()


@pytest.mark.parametrize("lat, lon, inside", [(-6.2, 106.8, True), (1.35, 103.8, True), (35.7, 139.7, False),
                                               (-33.9, 151.2, False), (np.nan, 110.0, False)])
def test_in_map(lat, lon, inside):
    assert geo.in_map(pd.Series([lat]), pd.Series([lon])).tolist() == [inside]


def test_province_seats_from_gazetteer(tmp_path):
    seats = geo.read_province_seats()
    assert len(seats) == 38
    assert seats.set_index("province").loc["Jawa Timur", "lat"] == pytest.approx(-7.25, abs=0.1)
    assert geo.read_province_seats(tmp_path / "absent.csv").empty


def _square_topology() -> dict:
    # Two arcs forming a unit square around (100, 0), delta-encoded on a 0.5-degree grid.
    return {
        "transform": {"scale": [0.5, 0.5], "translate": [99.0, -1.0]},
        "arcs": [[[0, 0], [4, 0], [0, 4]], [[4, 4], [-4, 0], [0, -4]]],
        "objects": {"countries": {"geometries": [
            {"type": "Polygon", "id": "IDN", "arcs": [[0, 1]]},
            {"type": "Polygon", "id": "FAR", "arcs": [[~1, ~0]]},  # same ring reversed
            {"type": "Polygon", "arcs": [[0, 1]]},  # no id: skipped
        ]}},
    }


def test_build_outline_decodes_arcs():
    out = build_geo.build_outline(_square_topology(), tolerance=0.01)
    by_id = {c["id"]: c for c in out["countries"]}
    assert list(by_id) == ["IDN", "FAR"]
    assert by_id["IDN"]["rings"] == [[[99.0, -1.0], [101.0, -1.0], [101.0, 1.0], [99.0, 1.0], [99.0, -1.0]]]
    assert by_id["FAR"]["rings"][0] == by_id["IDN"]["rings"][0][::-1]
    json.dumps(out)


@pytest.mark.parametrize("tolerance, kept", [(0.05, 4), (0.5, 2)])
def test_simplify(tolerance, kept):
    line = np.array([[0, 0], [1, 0.1], [2, 0], [3, 0.01], [4, 0]], dtype=float)
    out = build_geo.simplify(line, tolerance)
    assert len(out) == kept  # at 0.05 only the 0.01 bump at x=3 goes
    assert out[0].tolist() == [0, 0] and out[-1].tolist() == [4, 0]
