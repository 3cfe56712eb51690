"""ui.aggregate on small hand-made visits tables: exact counts, unknowns counted apart."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from etl import schema
from ui import aggregate as A

# name, level, province, lat, lon
SBY = ("Kota Surabaya", "kota", "Jawa Timur", -7.25, 112.75)
MLG = ("Kota Malang", "kota", "Jawa Timur", -7.98, 112.63)
BDG = ("Kota Bandung", "kota", "Jawa Barat", -6.91, 107.61)
MKS = ("Kota Makassar", "kota", "Sulawesi Selatan", -5.14, 119.42)
SGP = ("Singapura", "foreign", None, 1.35, 103.82)
TYO = ("Tokyo", "foreign", None, 35.68, 139.69)
NOCOORD = ("Kabupaten Tanpa Titik", "kabupaten", "Jawa Barat", None, None)
UNK = (None, "unknown", None, None, None)

SEATS = pd.DataFrame({"province": ["Jawa Timur", "Jawa Barat", "Sulawesi Selatan"],
                      "lat": [-7.246, -6.921, -5.139], "lon": [112.739, 107.607, 119.452]})


def make(rows: list[dict]) -> pd.DataFrame:
    """Visits as the dashboard reads them (through the schema), from short row dicts."""
    out = []
    for i, r in enumerate(rows):
        row = {"visit_id": f"v{i}", "visit_type": r.get("type", "comparative_study"),
               "date": r.get("date"), "date_precision": r.get("precision", "day" if r.get("date") else "unknown"),
               "year": r.get("year", r["date"].year if r.get("date") else None),
               "delegation_size": r.get("size"), "delegation_min": r.get("lo"), "delegation_max": r.get("hi"),
               "topics": list(r.get("topics", ())), "origin_institution_type": r.get("inst", "pemkot")}
        for side, place in (("origin", r["o"]), ("host", r["h"])):
            name, level, prov, lat, lon = place
            row |= {f"{side}_name": name, f"{side}_level": level, f"{side}_province": prov, f"{side}_lat": lat,
                    f"{side}_lon": lon, f"{side}_mention": r.get(f"{side}_mention", name or "kota sebelah")}
        out.append(row)
    return schema.to_arrow("visits", pd.DataFrame(out)).to_pandas()


def topics_of(visits: pd.DataFrame) -> pd.DataFrame:
    rows = [(v, t) for v, ts in zip(visits["visit_id"], visits["topics"], strict=True) for t in ts]
    return pd.DataFrame(rows, columns=["visit_id", "topic"])


@pytest.fixture
def flows_visits() -> pd.DataFrame:
    return make([
        {"o": BDG, "h": SBY, "size": 10},
        {"o": BDG, "h": SBY, "lo": 10, "hi": 20},  # a range counts as its middle: 15
        {"o": BDG, "h": SBY},  # unknown size
        {"o": MKS, "h": SBY, "size": 4},
        {"o": SBY, "h": BDG, "size": 3},
        {"o": MLG, "h": SBY, "size": 2},  # same province as the host: one place at province level
        {"o": UNK, "h": SBY, "origin_mention": "kota sebelah"},
        {"o": BDG, "h": SGP, "size": 6},  # foreign inside the map extent: drawn
        {"o": BDG, "h": TYO},  # foreign outside the map: listed apart
        {"o": BDG, "h": NOCOORD},
    ])


def test_delegates_uses_size_then_range_middle():
    v = make([{"o": BDG, "h": SBY, "size": 7}, {"o": BDG, "h": SBY, "lo": 10, "hi": 15}, {"o": BDG, "h": SBY}])
    assert A.delegates(v).tolist()[:2] == [7.0, 12.5]
    assert pd.isna(A.delegates(v).iloc[2])


def test_region_routes_exact(flows_visits):
    f = A.build_flows(flows_visits, "region")
    r = f.routes.set_index(["origin", "host"])
    assert r.loc[("Kota Bandung", "Kota Surabaya"), ["visits", "delegates", "sized"]].tolist() == [3, 25.0, 2]
    assert r.loc[("Kota Makassar", "Kota Surabaya"), "visits"] == 1
    assert r.loc[("Kota Bandung", "Singapura"), "visits"] == 1
    assert f.routes.iloc[0][["origin", "host"]].tolist() == ["Kota Bandung", "Kota Surabaya"]  # heaviest first
    assert len(f.routes) == 5 and f.routes["visits"].sum() == f.n_routed == 7
    assert f.n_visits == 10 and f.n_sized == 6
    assert not f.routes["same_place"].any()


def test_unmapped_ends_are_counted_apart(flows_visits):
    apart = A.build_flows(flows_visits, "region").apart
    got = {(s, r, p): n for s, r, p, n in apart[["side", "reason", "place", "visits"]].itertuples(index=False)}
    assert got == {
        ("origin", "unresolved", "kota sebelah"): 1,
        ("host", "outside_map", "Tokyo"): 1,
        ("host", "no_coordinates", "Kabupaten Tanpa Titik"): 1,
    }


@pytest.mark.parametrize("place, vin, vout", [
    ("Kota Surabaya", 6, 1),  # the unresolved visitor's visit still counts as received
    ("Kota Bandung", 1, 6),  # visits made count even when the host (Tokyo, no coordinates) is not on the map
    ("Singapura", 1, 0),
])
def test_places_count_visits_in_and_out(flows_visits, place, vin, vout):
    p = A.build_flows(flows_visits, "region").places.set_index("place")
    assert p.loc[place, ["visits_in", "visits_out"]].tolist() == [vin, vout]


def test_province_level_uses_seats_and_marks_same_place(flows_visits):
    f = A.build_flows(flows_visits, "province", SEATS)
    r = f.routes.set_index(["origin", "host"])
    assert r.loc[("Jawa Barat", "Jawa Timur"), "visits"] == 3
    assert r.loc[("Jawa Timur", "Jawa Timur"), "same_place"]
    assert r.loc[("Jawa Barat", "Jawa Timur"), ["h_lat", "h_lon"]].tolist() == [-7.246, 112.739]
    # Foreign places keep their own name at province level.
    assert ("Jawa Barat", "Singapura") in r.index


@pytest.mark.parametrize("n, weight, first", [(2, "visits", ("Kota Bandung", "Kota Surabaya")),
                                               (1, "delegates", ("Kota Bandung", "Kota Surabaya")),
                                               (10, "visits", ("Kota Bandung", "Kota Surabaya"))])
def test_top_routes(flows_visits, n, weight, first):
    top = A.top_routes(A.build_flows(flows_visits, "province", SEATS).routes, n, weight)
    assert len(top) == min(n, 4)  # 5 province routes, one of them inside Jawa Timur (not drawable)
    assert not top["same_place"].any()


def test_place_detail(flows_visits):
    came, went = A.build_place_detail(flows_visits, "Kota Surabaya")
    assert came.set_index("origin")["visits"].to_dict() == {"Kota Bandung": 3, "?": 1, "Kota Makassar": 1,
                                                           "Kota Malang": 1}
    assert went.set_index("host")["visits"].to_dict() == {"Kota Bandung": 1}


def test_flows_when_one_side_is_all_unresolved():
    f = A.build_flows(make([{"o": UNK, "h": SBY}, {"o": UNK, "h": BDG}]), "region")
    assert f.routes.empty and f.n_routed == 0
    assert f.apart[["side", "reason", "visits"]].values.tolist() == [["origin", "unresolved", 2]]
    assert f.places.set_index("place")["visits_in"].to_dict() == {"Kota Bandung": 1, "Kota Surabaya": 1}


def test_empty_flows():
    f = A.build_flows(make([]), "region")
    assert f.routes.empty and f.places.empty and f.apart.empty and f.n_routed == 0


@pytest.fixture
def dated() -> pd.DataFrame:
    return make([
        {"o": BDG, "h": SBY, "date": date(2020, 1, 15), "topics": ["egov", "health"], "type": "benchmarking"},
        {"o": BDG, "h": SBY, "date": date(2020, 2, 3), "topics": ["egov"]},
        {"o": BDG, "h": SBY, "date": date(2020, 5, 1), "precision": "month", "topics": ["health"]},
        {"o": BDG, "h": SBY, "date": date(2021, 1, 1), "precision": "year", "topics": []},
        {"o": BDG, "h": SBY, "date": None, "year": None, "topics": ["egov"]},
        {"o": MKS, "h": BDG, "date": date(2021, 11, 30), "topics": ["waste_env"], "inst": "dprd"},
    ])


@pytest.mark.parametrize("freq, expected, placed", [
    ("month", {"2020-01": 1, "2020-02": 1, "2020-05": 1, "2021-11": 1}, 4),
    ("quarter", {"2020-01": 2, "2020-04": 1, "2021-10": 1}, 4),
    ("year", {"2020-01": 3, "2021-01": 2}, 5),
])
def test_timeline_periods(dated, freq, expected, placed):
    tl = A.build_timeline(dated, topics_of(dated), freq, "none")
    got = dict(zip(tl.counts["period"].dt.strftime("%Y-%m"), tl.counts["visits"], strict=True))
    assert got == expected
    assert (tl.n_placed, tl.n_unknown_date, tl.n_year_only) == (placed, 1, 1)


def test_timeline_by_topic_counts_each_topic_and_no_topic(dated):
    tl = A.build_timeline(dated, topics_of(dated), "year", "topic")
    got = {(p.year, g): n for p, g, n in tl.counts.itertuples(index=False)}
    assert got == {(2020, "egov"): 2, (2020, "health"): 2, (2021, A.NO_TOPIC): 1, (2021, "waste_env"): 1}
    assert tl.topic_rows == 6


def test_timeline_by_visit_type(dated):
    tl = A.build_timeline(dated, None, "year", "visit_type")
    got = {(p.year, g): n for p, g, n in tl.counts.itertuples(index=False)}
    assert got == {(2020, "benchmarking"): 1, (2020, "comparative_study"): 2, (2021, "comparative_study"): 2}


@pytest.mark.parametrize("bad", [{"freq": "week"}, {"stack": "colour"}])
def test_timeline_rejects_unknown_options(dated, bad):
    with pytest.raises(ValueError):
        A.build_timeline(dated, None, **bad)


@pytest.mark.parametrize("dates", [
    pd.Series([date(2020, 1, 31), None, date(2021, 12, 1)], dtype=object),
    pd.Series(pd.to_datetime(["2020-01-31", None, "2021-12-01"])),
    pd.Series(["2020-01-31", None, "2021-12-01"], dtype=object),
])
def test_year_month_of_any_date_dtype(dates):
    year, month = A.year_month(dates)
    assert year[[0, 2]].tolist() == [2020, 2021] and month[[0, 2]].tolist() == [1, 12]
    assert np.isnan(year[1]) and np.isnan(month[1])


def test_seasonality(dated):
    s = A.build_seasonality(dated)
    assert list(s.columns) == list(range(1, 13))
    assert s.loc[2020].tolist() == [1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert s.to_numpy().sum() == 4  # year-only and undated visits are not in a month


def test_topic_shares(dated):
    ts = A.build_topic_shares(dated, topics_of(dated))
    assert ts.shares.set_index("topic")["visits"].to_dict() == {"egov": 3, "health": 2, "waste_env": 1}
    assert ts.shares.iloc[0]["share"] == pytest.approx(3 / 6)
    assert (ts.n_visits, ts.n_no_topic, ts.n_multi) == (6, 1, 1)


def test_topic_shares_ignore_topics_of_filtered_out_visits(dated):
    ts = A.build_topic_shares(dated.iloc[:2], topics_of(dated))
    assert ts.shares.set_index("topic")["visits"].to_dict() == {"egov": 2, "health": 1}


@pytest.mark.parametrize("fn", [A.build_topic_shares, A.build_topic_year, A.build_topic_hubs])
def test_topic_rows_give_the_same_tables(dated, fn):
    rows = A.build_topic_rows(dated, topics_of(dated))
    assert rows.pos.tolist() == [0, 0, 1, 2, 4, 5]
    got, want = fn(dated, rows), fn(dated, topics_of(dated))
    pd.testing.assert_frame_equal(got if isinstance(got, pd.DataFrame) else got.shares,
                                  want if isinstance(want, pd.DataFrame) else want.shares)


def test_topic_year(dated):
    ty = A.build_topic_year(dated, topics_of(dated))
    assert ty.loc["egov"].to_dict() == {2020: 2, 2021: 0}  # the undated egov visit is left out
    assert int(ty.to_numpy().sum()) == 5


def test_topic_hubs():
    v = make([
        {"o": BDG, "h": SBY, "topics": ["egov"]}, {"o": MKS, "h": SBY, "topics": ["egov"]},
        {"o": SBY, "h": BDG, "topics": ["egov", "health"]}, {"o": BDG, "h": UNK, "topics": ["egov"]},
        {"o": BDG, "h": MKS, "topics": ["health"]},
    ])
    hubs = A.build_topic_hubs(v, topics_of(v), k=1)
    rows = hubs.set_index("topic")[["host", "visits", "rank", "share", "unresolved"]].to_dict("index")
    assert rows["egov"] == {"host": "Kota Surabaya", "visits": 2, "rank": 1, "share": 0.5, "unresolved": 1}
    # A tie is broken by name, so the ranking is stable.
    assert rows["health"]["host"] == "Kota Bandung"


def test_top_places(flows_visits):
    top = A.build_top_places(flows_visits, "host", k=2)
    assert top.values.tolist() == [["Kota Surabaya", 6], ["Kota Bandung", 1]]


@pytest.fixture(scope="module")
def generated() -> dict[str, pd.DataFrame]:
    """3,000 synthetic visits from scripts/gen_visits.py, read back through the schema as the dashboard reads them."""
    from scripts import gen_visits

    tables = gen_visits.build_tables(3000, gen_visits.read_places(), seed=3)
    return {name: schema.to_arrow(name, df).to_pandas() for name, df in tables.items()}


def test_generated_tables_conform_and_are_realistic(generated):
    v = generated["visits"]
    assert len(v) == 3000 and len(generated["articles"]) == 3000
    assert set(v["date_precision"]) == {"day", "month", "year", "unknown"}
    assert v["year"].dropna().between(2013, 2025).all()
    assert 0.02 < v["host_level"].eq("unknown").mean() < 0.10  # some unresolved places, not many
    assert v["delegation_size"].isna().mean() > 0.3 and v["delegation_min"].notna().any()
    top_share = v["host_name"].value_counts(normalize=True).iloc[0]
    assert top_share > 0.05  # skewed: one host draws far more than 1/500 of the visits


@pytest.mark.parametrize("level", A.FLOW_LEVELS)
def test_flows_conserve_visits_on_generated_data(generated, level):
    v = generated["visits"]
    f = A.build_flows(v, level, SEATS if level == "province" else None)
    assert f.routes["visits"].sum() == f.n_routed
    both_ends_known = (v["origin_level"] != "unknown") & (v["host_level"] != "unknown")
    assert f.n_routed <= both_ends_known.sum()
    unresolved = f.apart[f.apart["reason"] == "unresolved"].groupby("side")["visits"].sum().to_dict()
    assert unresolved == {"origin": int(v["origin_level"].eq("unknown").sum()),
                          "host": int(v["host_level"].eq("unknown").sum())}


def test_timeline_and_topics_conserve_visits_on_generated_data(generated):
    v, vt = generated["visits"], generated["visit_topics"]
    tl = A.build_timeline(v, vt, "year", "none")
    assert tl.counts["visits"].sum() + tl.n_unknown_date == len(v)
    month = A.build_timeline(v, vt, "month", "none")
    assert month.counts["visits"].sum() + month.n_unknown_date + month.n_year_only == len(v)
    shares = A.build_topic_shares(v, vt)
    assert shares.shares["visits"].sum() == len(vt)
    assert shares.n_no_topic == int((v["topics"].map(len) == 0).sum())
