"""Cost, delegate-km and CO2 estimates on a six-visit table, every number worked out by hand below.

With the default parameters, per person (transport(band) + per-diem x days + lodging x (days - 1)):
  band 0 (< 500 km):      low 300,000 + 360,000 x 2 + 538,000 x 1 =  1,558,000
                          high 2,500,000 + 580,000 x 4 + 1,500,000 x 3 = 9,320,000
  band 1 (500-1,500 km):  low 2,000,000 + 1,258,000 = 3,258,000;  high 5,000,000 + 6,820,000 = 11,820,000
  band 2 (> 1,500 km):    low 4,000,000 + 1,258,000 = 5,258,000;  high 12,000,000 + 6,820,000 = 18,820,000
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ui import cost
from ui.cost import CostParams, Range

# visit_id, size, min, max, distance_km
ROWS = [
    ("a", 10, None, None, 250.0),  # exact, band 0
    ("b", None, 20, 30, 1000.0),  # midpoint 25, band 1
    ("c", None, None, None, 800.0),  # size unknown
    ("d", 5, None, None, None),  # distance unknown
    ("e", 2, None, None, 2000.0),  # exact, band 2
    ("f", None, 21, None, 500.0),  # only "more than 20": floor 21, band 1 (500 is the band's lower edge)
]


def make_visits() -> pd.DataFrame:
    df = pd.DataFrame(ROWS, columns=["visit_id", "delegation_size", "delegation_min", "delegation_max", "distance_km"])
    for c in ("delegation_size", "delegation_min", "delegation_max"):
        df[c] = df[c].astype("Int32")
    return df


@pytest.mark.parametrize(
    ("size", "low", "high", "expected"),
    [
        (12, None, None, (12.0, False)),
        (12, 10, 20, (12.0, False)),  # the exact number wins over words
        (None, 10, 20, (15.0, True)),
        (None, 21, None, (21.0, True)),
        (None, None, 50, (50.0, True)),
        (None, None, None, (None, False)),
        (pd.NA, float("nan"), None, (None, False)),
    ],
)
def test_to_delegates(size, low, high, expected):
    assert cost.to_delegates(size, low, high) == expected


@pytest.mark.parametrize(
    ("km", "band"),
    [(0.0, 0), (499.9, 0), (500.0, 1), (1500.0, 1), (1500.1, 2), (9000.0, 2), (None, None), (float("nan"), None)],
)
def test_to_band(km, band):
    assert cost.to_band(km) == band


def test_estimate_visits_per_visit():
    est = cost.estimate_visits(make_visits()).set_index("visit_id")
    assert est.loc["a", ["delegates", "band", "delegate_km", "status"]].tolist() == [10.0, 0, 5000.0, "exact"]
    assert est.loc["a", "cost_low_idr"] == 10 * 1_558_000
    assert est.loc["a", "cost_high_idr"] == 10 * 9_320_000
    assert est.loc["a", "co2_low_kg"] == pytest.approx(5000 * 0.027)  # 135 kg
    assert est.loc["a", "co2_high_kg"] == pytest.approx(5000 * 0.255)  # 1,275 kg
    # b: 25 delegates x 2,000 km round trip.
    assert est.loc["b", ["delegates", "delegates_estimated", "delegate_km", "status"]].tolist() == [
        25.0, True, 50_000.0, "estimated",
    ]
    assert est.loc["b", "cost_low_idr"] == 81_450_000  # 25 x 3,258,000
    assert est.loc["b", "cost_high_idr"] == 295_500_000  # 25 x 11,820,000
    assert est.loc["e", "co2_low_kg"] == pytest.approx(8000 * 0.150)
    assert est.loc["e", "co2_high_kg"] == pytest.approx(8000 * 0.156)
    # Unknowns stay unknown: NaN, not 0.
    assert est.loc["c", "status"] == "unknown_size" and math.isnan(est.loc["c", "cost_low_idr"])
    assert est.loc["d", "status"] == "unknown_distance" and math.isnan(est.loc["d", "delegate_km"])
    assert est.loc["d", "delegates"] == 5.0


def test_summarize_totals():
    s = cost.summarize(cost.estimate_visits(make_visits()))
    assert (s.visits, s.costed, s.estimated_size, s.unknown_size, s.unknown_distance, s.not_costed) == (6, 4, 2, 1, 1, 2)
    assert s.delegates == 58  # 10 + 25 + 2 + 21
    assert s.delegate_km == 84_000  # 5,000 + 50,000 + 8,000 + 21,000
    # 15,580,000 + 81,450,000 + 10,516,000 + 68,418,000
    assert s.cost_idr.low == 175_964_000
    # 93,200,000 + 295,500,000 + 37,640,000 + 248,220,000
    assert s.cost_idr.high == 674_560_000
    # (135 + 7,800 + 1,200 + 3,276) kg and (1,275 + 12,750 + 1,248 + 5,355) kg
    assert s.co2_t.low == pytest.approx(12.411)
    assert s.co2_t.high == pytest.approx(20.628)


def test_summarize_by_band():
    by = cost.summarize_by_band(cost.estimate_visits(make_visits()))
    assert by[["band", "band_name", "visits", "delegate_km"]].values.tolist() == [
        [0, "lt500", 1, 5000.0],
        [1, "500to1500", 2, 71_000.0],
        [2, "gt1500", 1, 8000.0],
    ]


def test_parameters_change_the_estimate():
    params = CostParams(days=Range(1, 1)).with_band("transport_idr", 0, Range(0, 0))
    est = cost.estimate_visits(make_visits(), params).set_index("visit_id")
    # One day, no night: 10 x (0 + 360,000) and 10 x (0 + 580,000).
    assert est.loc["a", ["cost_low_idr", "cost_high_idr"]].tolist() == [3_600_000, 5_800_000]
    # Other bands keep their default transport: 25 x (2,000,000 + 360,000).
    assert est.loc["b", "cost_low_idr"] == 59_000_000


def test_empty_table_costs_nothing_and_counts_nothing():
    s = cost.summarize(cost.estimate_visits(make_visits().iloc[0:0]))
    assert (s.visits, s.costed, s.delegate_km, s.cost_idr) == (0, 0, 0.0, Range(0.0, 0.0))


def test_range_rejects_low_above_high():
    with pytest.raises(ValueError):
        Range(2, 1)


def test_defaults_are_the_named_sourced_constants():
    p = cost.DEFAULT_PARAMS
    assert p.per_diem_idr == Range(360_000, 580_000)
    assert p.lodging_idr == Range(538_000, 1_500_000)
    assert p.emission_kg_pkm[1] == Range(cost.DESNZ_SHORT_HAUL, cost.DESNZ_DOMESTIC_FLIGHT)


def test_vectorised_estimate_matches_the_one_visit_rules():
    visits = make_visits()
    table = cost.estimate_visits(visits)
    for i, (_, size, low, high, dist) in enumerate(ROWS):
        one = cost.estimate_visit(size, low, high, dist)
        row = table.iloc[i]
        assert row["status"] == one["status"]
        for key in ("delegates", "delegate_km", "cost_low_idr", "cost_high_idr", "co2_low_kg", "co2_high_kg"):
            expected = one[key]
            assert (pd.isna(row[key]) and expected is None) or row[key] == pytest.approx(expected), (i, key)
