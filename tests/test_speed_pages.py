"""The faster aggregations give exactly what the old ones gave (tests/speed_pages_reference.py, a verbatim copy of
ui/aggregate.py before the speed-pages changes), on varied data: generated visits, visits full of unknowns (no date,
unresolved places, no coordinates, places off the map, no sizes, no topics), subsets, one row and empty frames."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from etl import schema
from tests import speed_pages_reference as OLD
from tests.helpers import blank_place_ends, generated_tables
from ui import aggregate as A
from ui import geo

SEATS = geo.read_province_seats()


def _generated(n: int, seed: int) -> dict[str, pd.DataFrame]:
    return generated_tables(n, seed)


def _messy(tables: dict[str, pd.DataFrame], seed: int) -> dict[str, pd.DataFrame]:
    """The same visits with many more unknowns, and a name that is both a place and a province."""
    rng = np.random.default_rng(seed)
    v = tables["visits"].copy()
    n = len(v)

    def some(share: float) -> np.ndarray:
        return rng.random(n) < share

    v.loc[some(0.15), "date"] = None
    v.loc[some(0.1), "date_precision"] = "unknown"
    v.loc[some(0.1), "year"] = np.nan
    blank_place_ends(v, some)
    # A place named like a province (it must stay one place at province level).
    v.loc[some(0.02), "host_name"] = "Jawa Timur"
    v.loc[some(0.3), ["delegation_size", "delegation_min", "delegation_max"]] = np.nan
    v.loc[some(0.05), "visit_type"] = None
    v.loc[some(0.05), "origin_institution_type"] = None
    v = schema.to_arrow("visits", v).to_pandas()
    vt = tables["visit_topics"]
    vt = vt[rng.random(len(vt)) < 0.7]  # some visits lose their topics, some keep only a few
    return {**tables, "visits": v, "visit_topics": vt.reset_index(drop=True)}


@pytest.fixture(scope="module", params=[(2000, 3, False), (1500, 11, True), (400, 5, True)], ids=str)
def tables(request) -> dict[str, pd.DataFrame]:
    n, seed, messy = request.param
    t = _generated(n, seed)
    return _messy(t, seed) if messy else t


def _views(v: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The visits as pages get them: all, filtered (kept index), a sample, one row, none."""
    year = v["year"]
    return {"all": v, "recent": v[year >= 2021], "sample": v.sample(frac=0.3, random_state=1),
            "one": v.iloc[:1], "empty": v.iloc[:0]}


def _same_flows(a, b) -> None:
    assert_frame_equal(a.routes, b.routes, check_exact=True)
    assert_frame_equal(a.places, b.places, check_exact=True)
    assert_frame_equal(a.apart, b.apart, check_exact=True)
    assert (a.n_visits, a.n_routed, a.n_sized, a.level) == (b.n_visits, b.n_routed, b.n_sized, b.level)


@pytest.mark.parametrize("level", A.FLOW_LEVELS)
def test_flows_same_as_before(tables, level):
    for name, v in _views(tables["visits"]).items():
        for seats in (None, SEATS):
            _same_flows(OLD.build_flows(v, level, seats), A.build_flows(v, level, seats))
        assert len(v) == 0 or name != "all" or len(A.build_flows(v, level).routes)


def test_place_detail_same_as_before(tables):
    v = tables["visits"]
    for level in A.FLOW_LEVELS:
        for place in [*A.build_flows(v, level, SEATS).places["place"].head(3), "nowhere"]:
            for a, b in zip(OLD.build_place_detail(v, place, level), A.build_place_detail(v, place, level), strict=True):
                assert_frame_equal(a, b, check_exact=True)


@pytest.mark.parametrize("freq", A.FREQS)
@pytest.mark.parametrize("stack", A.STACKS)
def test_timeline_same_as_before(tables, freq, stack):
    vt = tables["visit_topics"]
    for v in _views(tables["visits"]).values():
        a = OLD.build_timeline(v, vt, freq, stack)
        for b in (A.build_timeline(v, vt, freq, stack),
                  A.build_timeline(v, vt, freq, stack, month_code=A.month_codes(v)),
                  A.build_timeline(v, A.build_topic_rows(v, vt), freq, stack)):
            assert_frame_equal(a.counts, b.counts, check_exact=True)
            assert (a.freq, a.stack, a.n_visits, a.n_placed, a.n_unknown_date, a.n_year_only, a.topic_rows) == (
                b.freq, b.stack, b.n_visits, b.n_placed, b.n_unknown_date, b.n_year_only, b.topic_rows)


def test_seasonality_same_as_before(tables):
    for v in _views(tables["visits"]).values():
        a = OLD.build_seasonality(v)
        for b in (A.build_seasonality(v), A.build_seasonality(v, month_code=A.month_codes(v))):
            assert_frame_equal(a, b, check_exact=True, check_index_type=True, check_column_type=True)


def test_month_codes_match_the_old_period_codes(tables):
    for v in _views(tables["visits"]).values():
        old, _ = OLD._period_codes(v, "month")
        np.testing.assert_array_equal(A.month_codes(v), old.to_numpy(dtype=float))


def test_topic_tables_same_as_before(tables):
    vt = tables["visit_topics"]
    for v in _views(tables["visits"]).values():
        rows_old, rows_new = OLD.build_topic_rows(v, vt), A.build_topic_rows(v, vt)
        for field in ("pos", "codes", "names"):
            np.testing.assert_array_equal(getattr(rows_old, field), getattr(rows_new, field))
        a, b = OLD.build_topic_shares(v, rows_old), A.build_topic_shares(v, rows_new)
        assert_frame_equal(a.shares, b.shares, check_exact=True)
        assert (a.n_visits, a.n_no_topic, a.n_multi) == (b.n_visits, b.n_no_topic, b.n_multi)
        if len(rows_old.pos):  # the old topic-year pivot cannot take zero rows
            assert_frame_equal(OLD.build_topic_year(v, rows_old), A.build_topic_year(v, rows_new), check_exact=True)
        assert_frame_equal(OLD.build_topic_hubs(v, rows_old, 8), A.build_topic_hubs(v, rows_new, 8), check_exact=True)


def test_hand_made_visits_same_as_before():
    """A few visits written out, with ties in every sort key (equal counts, equal delegates)."""
    rows = []
    for i, (o, h, size) in enumerate([("Kota A", "Kota B", 10), ("Kota B", "Kota A", 10), ("Kota A", "Kota C", 10),
                                      ("Kota C", "Kota A", None), ("Kota A", "Kota A", 5), ("Kota B", None, 3)]):
        rows.append({"visit_id": f"v{i}", "date": date(2020, 1 + i, 1), "date_precision": "day", "year": 2020,
                     "origin_name": o, "origin_level": "kota", "origin_province": "P1", "origin_lat": -6.0 - i,
                     "origin_lon": 107.0 + i, "origin_mention": o, "host_name": h,
                     "host_level": "kota" if h else "unknown", "host_province": "P2" if h else None,
                     "host_lat": -7.0 + i if h else np.nan, "host_lon": 110.0 - i if h else np.nan,
                     "host_mention": h or "somewhere", "delegation_size": size, "topics": ["egov"]})
    v = schema.to_arrow("visits", pd.DataFrame(rows)).to_pandas()
    for level in A.FLOW_LEVELS:
        _same_flows(OLD.build_flows(v, level, SEATS), A.build_flows(v, level, SEATS))
    assert_frame_equal(OLD.build_seasonality(v), A.build_seasonality(v), check_exact=True)


def test_bench_measures_a_page_in_a_fresh_process(tmp_path):
    """scripts/bench_dashboard.py --apptest: a page and the setup-only row, each run cold, rerun and under two new
    filters in a fresh process, with payloads and a verdict (on a small generated folder, so it takes seconds)."""
    from scripts import bench_dashboard, gen_visits

    gen_visits.write_tables(gen_visits.build_tables(400, gen_visits.read_places(), seed=5), tmp_path)
    rows = bench_dashboard.run_apptest(tmp_path, timeout=120, reruns=1, pages={"timeline": "pages/2_Timeline.py"})
    assert [r["name"] for r in rows] == ["timeline", "setup"]
    for row in rows:
        assert "error" not in row, row
        for key in ("cold_s", "cold_cpu_s", "load_s", "rerun_s", "years_s", "topic_s", "rerun_f_s"):
            assert 0 < row[key] < 120, (key, row)
        assert row["load_s"] < row["cold_s"]
        assert bench_dashboard.verdict(row).startswith(("PASS", "FAIL"))
    timeline, setup = rows
    assert 0 < timeline["chart_kb"] < bench_dashboard.PAYLOAD_LIMIT_KB and setup["chart_kb"] == 0
