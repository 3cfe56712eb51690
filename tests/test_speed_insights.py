"""The faster Insights measures (ui/insights.py), cost estimate (ui/cost.py) and brief give exactly what the old
implementations gave (tests/speed_insights_reference.py, verbatim copies) on generated visits read back through
Arrow as the app reads them, on messy ones (unknown places, provinces and levels, null sizes and distances, nulls
inside topic lists), on hand-made object-dtype frames, on filtered views, one row and none."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from etl import schema
from tests import speed_insights_reference as OLD
from tests.helpers import generated_tables
from tests.test_insights import make_visits
from ui import briefing, cost, insights

FUNCTIONS = ["count_unnamed", "rank_hosts", "rank_visitors", "count_pairs", "find_repeat_pairs",
             "find_reciprocal_pairs", "count_scopes", "to_province_matrix", "to_scopes", "count_untopiced",
             "find_topic_hubs", "list_places"]


def _generated(n: int, seed: int) -> pd.DataFrame:
    return generated_tables(n, seed)["visits"]


def _messy(v: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The same visits with many more unknowns of every kind the measures treat apart."""
    rng = np.random.default_rng(seed)
    v = v.copy()
    n = len(v)

    def some(share: float) -> np.ndarray:
        return rng.random(n) < share

    v.loc[some(0.1), "year"] = np.nan
    for side in ("origin", "host"):
        v.loc[some(0.08), f"{side}_level"] = "unknown"
        v.loc[some(0.04), f"{side}_level"] = "foreign"
        v.loc[some(0.04), f"{side}_level"] = "national"
        v.loc[some(0.05), f"{side}_name"] = None
        v.loc[some(0.05), f"{side}_province"] = None
        v.loc[some(0.03), f"{side}_province"] = "Atlantis"  # not one of the 38
        v.loc[some(0.03), f"{side}_province"] = "Jakarta"  # an alias
        v.loc[some(0.05), f"{side}_resolution"] = "unresolved"
    v.loc[some(0.02), "host_name"] = "Jawa Timur"  # a place named like a province
    v.loc[some(0.02), "origin_name"] = v["host_name"]  # visits within one place
    for col in ("delegation_size", "delegation_min", "delegation_max", "distance_km"):
        v.loc[some(0.2), col] = np.nan
    v.loc[some(0.05), "distance_km"] = 500.0  # on a band edge
    topics = v["topics"].to_numpy(dtype=object).copy()
    for i in np.flatnonzero(some(0.1)):
        topics[i] = np.array([], dtype=object)
    for i in np.flatnonzero(some(0.05)):
        topics[i] = None
    for i in np.flatnonzero(some(0.05)):
        topics[i] = np.array([None, "egov"], dtype=object)  # a null inside a list is no topic
    v["topics"] = topics
    return schema.to_arrow("visits", v).to_pandas()


@pytest.fixture(scope="module", params=[(2000, 3, False), (1500, 11, True), (300, 5, True)], ids=str)
def visits(request) -> pd.DataFrame:
    n, seed, messy = request.param
    v = _generated(n, seed)
    return _messy(v, seed) if messy else v


def _shared_lists(v: pd.DataFrame) -> pd.DataFrame:
    """Rows holding equal topic lists hold one shared array object, as ui/data.py loads them."""
    shared: dict = {}
    topics = np.empty(len(v), dtype=object)
    for i, t in enumerate(v["topics"]):
        key = None if t is None else tuple(t)
        topics[i] = shared.setdefault(key, t)
    return v.assign(topics=topics)


def _views(v: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The visits as the page gets them: all, filtered (kept index), a sample, one row, none; and all with
    shared topic lists."""
    return {"all": v, "recent": v[v["year"] >= 2021], "sample": v.sample(frac=0.3, random_state=1),
            "one": v.iloc[:1], "empty": v.iloc[:0], "shared": _shared_lists(v)}


def _same(a, b) -> None:
    if isinstance(a, pd.DataFrame):
        assert_frame_equal(a, b, check_exact=True)
    elif isinstance(a, pd.Series):
        assert_series_equal(a, b, check_exact=True)
    elif dataclasses.is_dataclass(a):
        assert dataclasses.astuple(a) == dataclasses.astuple(b)
    else:
        assert a == b


def _same_measures(v: pd.DataFrame) -> None:
    for name in FUNCTIONS:
        _same(getattr(OLD, name)(v), getattr(insights, name)(v))
    for top in (1, 3, 10):
        _same(OLD.find_topic_hubs(v, top=top), insights.find_topic_hubs(v, top=top))
        _same(OLD.rank_hosts(v, top=top), insights.rank_hosts(v, top=top))
        _same(OLD.rank_visitors(v, top=top), insights.rank_visitors(v, top=top))
    _same(OLD.explode_topics(v, ["visit_id", "year"]), insights.explode_topics(v, ["visit_id", "year"]))
    _same(OLD.explode_topics(v), insights.explode_topics(v))
    places = OLD.list_places(v)
    for place in [*places[:3], *places[-2:], "Nowhere at all"]:
        old, new = OLD.profile_place(v, place), insights.profile_place(v, place)
        assert old.keys() == new.keys()
        for key in old:
            _same(old[key], new[key])


def _old_network(v: pd.DataFrame, hubs: int = 10) -> dict:
    old = {
        "unnamed": OLD.count_unnamed(v), "hosts": OLD.rank_hosts(v), "visitors": OLD.rank_visitors(v),
        "repeat": OLD.find_repeat_pairs(v), "reciprocal": OLD.find_reciprocal_pairs(v),
        "scopes": OLD.count_scopes(v), "matrix": OLD.to_province_matrix(v), "hubs": OLD.find_topic_hubs(v, top=hubs),
        "untopiced": OLD.count_untopiced(v), "places": OLD.list_places(v),
    }
    # What the brief did for its topic table: explode every column, count, sort by count then slug.
    ex = OLD.explode_topics(v)
    counts = ex["topic"].value_counts() if not ex.empty else pd.Series(dtype="int64")
    old["topics"] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return old


def _same_network(v: pd.DataFrame) -> None:
    net = insights.measure_network(v, hubs=10)
    old = _old_network(v)
    assert net.keys() == old.keys()
    for key in old:
        _same(old[key], net[key])
    assert insights.count_topics(v) == old["topics"]


PARAMS = [
    cost.DEFAULT_PARAMS,
    cost.DEFAULT_PARAMS.with_band("transport_idr", 1, cost.Range(1_000_000, 1_000_000)),
    dataclasses.replace(cost.DEFAULT_PARAMS, days=cost.Range(1, 1), band_edges_km=(300.0, 2000.0)),
]


def _same_cost(v: pd.DataFrame) -> None:
    for params in PARAMS:
        old = OLD.estimate_visits(v, params)
        new = cost.estimate_visits(v, params)
        _same(old, new)
        _same(OLD.summarize(old), cost.summarize(new))
        _same(OLD.summarize_by_band(old), cost.summarize_by_band(new))
        trips = cost.to_trips(v, params.band_edges_km)
        summary, by_band = cost.summarize_trips(trips, params)
        _same(OLD.summarize(old), summary)
        _same(OLD.summarize_by_band(old), by_band)
        # The page's per-visit table: the old sort of the whole table, and the new rows priced alone.
        for top in (1, 5, 500):
            before = old.sort_values("delegate_km", ascending=False, na_position="last").head(top)
            after = cost.estimate_visits(v.iloc[cost.largest_trip_rows(trips, top)], params)
            names = v[[c for c in ("origin_name", "host_name") if c in v.columns]]
            _same(before.join(names), after.join(names))


@pytest.mark.parametrize("view", ["all", "recent", "sample", "one", "empty", "shared"])
def test_measures_same_as_before(visits, view):
    _same_measures(_views(visits)[view])


@pytest.mark.parametrize("view", ["all", "recent", "empty", "shared"])
def test_measure_network_same_as_the_functions_before(visits, view):
    _same_network(_views(visits)[view])


@pytest.mark.parametrize("view", ["all", "sample", "one", "empty"])
def test_cost_same_as_before(visits, view):
    _same_cost(_views(visits)[view])


def _hand_made_variants() -> dict[str, pd.DataFrame]:
    """Object-dtype frames as tests build them: the ten hand-counted visits and awkward shapes of them."""
    v = make_visits()
    bare_topics = v.assign(topics=["egov", None, float("nan"), ["health", None], ("a", "b"), [], "x", None,
                                   np.array(["egov"]), ["egov", "egov"]])
    return {
        "hand": v,
        "hand_strings": v.astype({c: "str" for c in v.columns if v[c].dtype == object and c != "topics"}),
        "bare_topics": bare_topics,  # strings, tuples, NaN: the general topic path
        "no_topics": v.drop(columns=["topics"]),
        "no_provinces": v.drop(columns=["origin_province", "host_province", "origin_level"]),
        "no_names": v.assign(origin_name=None, host_name=None),
        "no_hosts": v.assign(host_name=None),
        "gapped_index": v.set_axis([10, 3, 7, 100, 1, 2, 55, 8, 9, 0]),
        "empty": v.iloc[:0],
    }


@pytest.mark.parametrize("name", list(_hand_made_variants()))
def test_hand_made_visits_same_as_before(name):
    v = _hand_made_variants()[name]
    _same_measures(v)
    _same_network(v)
    for params in PARAMS:
        _same(OLD.estimate_visits(v, params), cost.estimate_visits(v, params))


def test_sizes_and_distances_in_every_combination_cost_as_before():
    values = [None, np.nan, 0.0, 3.0, 500.0, 1500.0, 1500.5, 20.0]
    rows = [{"visit_id": f"v{i}", "delegation_size": s, "delegation_min": lo, "delegation_max": hi,
             "distance_km": d}
            for i, (s, lo, hi, d) in enumerate(
                (s, lo, hi, d) for s in values[:4] for lo in values[:4] for hi in values[3:] for d in values)]
    v = pd.DataFrame(rows)
    for frame in (v, schema.to_arrow("visits", v).to_pandas(), v.drop(columns=["visit_id"])):
        _same_cost(frame)


def test_the_brief_map_is_the_same_with_routes_given(visits):
    routes, _ = briefing.to_flow_routes(visits)
    assert briefing.to_map_svg(visits, None, [(110.0, -7.0)], routes=routes) == briefing.to_map_svg(
        visits, None, [(110.0, -7.0)])


def test_the_brief_is_the_same_as_from_the_old_measures(visits, monkeypatch):
    new = briefing.to_brief_html(visits, "en", generated=date(2026, 1, 1))
    monkeypatch.setattr(briefing.insights, "measure_network", lambda v, hubs: _old_network(v, hubs))
    assert briefing.to_brief_html(visits, "en", generated=date(2026, 1, 1)) == new


def _positions(v: pd.DataFrame) -> dict[str, np.ndarray]:
    """Row positions a filter gives (ascending), and awkward ones: none, one, all, the last row, out of order."""
    rng = np.random.default_rng(7)
    n = len(v)
    years = v["year"].to_numpy(dtype="float64", na_value=np.nan) if "year" in v.columns else np.zeros(n)
    return {
        "recent": np.flatnonzero(years >= 2021), "sample": np.sort(rng.choice(n, size=n // 3, replace=False)),
        "one": np.arange(min(n, 1)), "last": np.arange(n)[-1:], "none": np.arange(0), "all": np.arange(n),
        "shuffled": rng.permutation(n)[: n // 2],
    }


def _same_selections(v: pd.DataFrame) -> None:
    """A NetworkView's selection measures what the old functions measure on those rows taken as a frame."""
    full = insights.NetworkView(v)
    for name, pos in _positions(v).items():
        part = v.iloc[pos]
        old = _old_network(part)
        sel = full.select(pos)
        new = {**insights.measure_links(sel), **insights.measure_topics(sel, hubs=10),
               "places": insights.list_places(sel)}
        assert new.keys() == old.keys(), name
        for key in old:
            _same(old[key], new[key])
        for top in (1, 3):
            _same(OLD.find_topic_hubs(part, top=top), insights.measure_topics(sel, hubs=top)["hubs"])
        # A selection of a selection is the selection of the composed rows.
        half = np.arange(0, len(pos), 2)
        again = {**insights.measure_links(sel.select(half)), "places": insights.list_places(sel.select(half))}
        twice = _old_network(v.iloc[pos[half]])
        for key in again:
            _same(twice[key], again[key])


def test_selections_measure_as_the_old_functions_on_the_rows(visits):
    _same_selections(visits)
    _same_selections(_shared_lists(visits))


@pytest.mark.parametrize("name", list(_hand_made_variants()))
def test_selections_of_hand_made_visits_measure_as_before(name):
    _same_selections(_hand_made_variants()[name])


@pytest.mark.parametrize("limit", ["_PLACE_LIST_CELLS", "_PAIR_CELLS"])
def test_the_paths_for_many_names_or_topic_lists_agree(visits, monkeypatch, limit):
    """Too many (host, topic list) or (origin, host) cells for a dense count: the hosts' topics are counted per topic
    entry, the pairs by sorting; same results."""
    monkeypatch.setattr(insights, limit, 0)
    for view in _views(visits).values():
        _same_network(view)
    _same_selections(visits)
