"""The learning network on a ten-visit table whose every number is counted by hand below."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ui import insights


def _place(prefix, name, level, province, resolution="gazetteer"):
    return {
        f"{prefix}_name": name,
        f"{prefix}_level": level,
        f"{prefix}_province": province,
        f"{prefix}_resolution": resolution,
    }


MEDAN = ("Kota Medan", "kota", "Sumatera Utara")
SURABAYA = ("Kota Surabaya", "kota", "Jawa Timur")
SLEMAN = ("Kabupaten Sleman", "kabupaten", "Daerah Istimewa Yogyakarta")
YOGYA = ("Kota Yogyakarta", "kota", "Daerah Istimewa Yogyakarta")
MAKASSAR = ("Kota Makassar", "kota", "Sulawesi Selatan")
MANADO = ("Kota Manado", "kota", "Sulawesi Utara")
AMBON = ("Kota Ambon", "kota", "Maluku")
KEMENDAGRI = ("Kementerian Dalam Negeri", "national", "DKI Jakarta")
SINGAPURA = ("Singapura", "foreign", None)
UNRESOLVED = (None, "unknown", None, "unresolved")

# id, origin, host, year, distance_km, topics
ROWS = [
    ("v1", MEDAN, SURABAYA, 2023, 1400.0, ["egov", "finance"]),  # to_java
    ("v2", MEDAN, SURABAYA, 2024, 1400.0, ["egov"]),  # to_java, repeat of v1
    ("v3", SURABAYA, MEDAN, 2024, 1400.0, ["health"]),  # other_island, reciprocal of v1/v2
    ("v4", SLEMAN, SURABAYA, 2023, 250.0, ["egov"]),  # within_island (Jawa)
    ("v5", SLEMAN, YOGYA, 2023, 10.0, ["waste_env"]),  # within_province
    ("v6", MAKASSAR, MANADO, 2024, 1000.0, []),  # within_island (Sulawesi), no topic
    ("v7", AMBON, KEMENDAGRI, 2024, 2300.0, ["governance"]),  # national
    ("v8", UNRESOLVED, SURABAYA, None, None, ["egov"]),  # unresolved, undated
    ("v9", SURABAYA, SINGAPURA, 2024, None, ["smart_city"]),  # foreign, distance unknown
    ("v10", MAKASSAR, SURABAYA, 2023, 800.0, ["egov"]),  # to_java
]


def make_visits() -> pd.DataFrame:
    records = []
    for vid, origin, host, year, dist, topics in ROWS:
        records.append({
            "visit_id": vid, **_place("origin", *origin), **_place("host", *host),
            "year": year, "distance_km": dist, "topics": np.array(topics, dtype=object),
        })
    df = pd.DataFrame(records)
    df["year"] = df["year"].astype("Int32")
    return df


@pytest.mark.parametrize(
    ("province", "group"),
    [
        ("Aceh", "Sumatera"),
        ("Kepulauan Riau", "Sumatera"),
        ("DKI Jakarta", "Jawa"),
        ("Provinsi Banten", "Jawa"),
        ("Nusa Tenggara Timur", "Bali-Nusa Tenggara"),
        ("Kalimantan Utara", "Kalimantan"),
        ("Gorontalo", "Sulawesi"),
        ("Maluku Utara", "Maluku"),
        ("Papua Selatan", "Papua"),
        ("Papua Tengah", "Papua"),
        ("Papua Pegunungan", "Papua"),
        ("Papua Barat Daya", "Papua"),
        ("Atlantis", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_island_group(province, group):
    assert insights.to_island_group(province) == group


def test_all_38_provinces_have_a_group():
    assert len(insights.PROVINCE_GROUP) == 38
    assert set(insights.PROVINCE_GROUP.values()) == set(insights.ISLAND_GROUPS)
    regions = pd.read_csv("data/gazetteer/regions.csv")
    provinces = set(regions.loc[regions["level"] == "provinsi", "province"])
    assert provinces == set(insights.PROVINCE_GROUP)


@pytest.mark.parametrize(
    ("origin", "host", "scope"),
    [
        (("kota", "Jawa Timur", "gazetteer"), ("kabupaten", "Jawa Timur", "gazetteer"), "within_province"),
        (("kota", "DKI Jakarta", "gazetteer"), ("kota", "Daerah Khusus Ibukota Jakarta", "online"), "within_province"),
        (("kabupaten", "Papua Selatan", "gazetteer"), ("kota", "Papua Barat Daya", "gazetteer"), "within_island"),
        (("kota", "Bali", "gazetteer"), ("kota", "Jawa Barat", "gazetteer"), "to_java"),
        (("kota", "Jawa Barat", "gazetteer"), ("kota", "Bali", "gazetteer"), "other_island"),
        (("kota", "Bali", "gazetteer"), ("national", "Daerah Khusus Ibukota Jakarta", "gazetteer"), "national"),
        (("foreign", None, "gazetteer"), ("national", "Daerah Khusus Ibukota Jakarta", "gazetteer"), "foreign"),
        (("foreign", None, "gazetteer"), ("unknown", None, "unresolved"), "unresolved"),
        (("kota", "Bali", "unresolved"), ("kota", "Bali", "gazetteer"), "unresolved"),
        ((None, None, None), ("kota", "Bali", "gazetteer"), "unresolved"),
        (("kota", None, "gazetteer"), ("kota", "Bali", "gazetteer"), "unresolved"),
    ],
)
def test_scope(origin, host, scope):
    assert insights.to_scope(*origin, *host) == scope


def test_count_scopes():
    got = insights.count_scopes(make_visits()).set_index("scope")
    # Regional: v1 v2 v10 to_java (3), v4 v6 within_island (2), v5 within_province (1), v3 other_island (1) = 7.
    assert got["visits"].to_dict() == {
        "within_province": 1, "within_island": 2, "to_java": 3, "other_island": 1,
        "national": 1, "foreign": 1, "unresolved": 1,
    }
    assert got.loc["to_java", "share"] == pytest.approx(3 / 7)
    assert got.loc["within_island", "share"] == pytest.approx(2 / 7)
    assert got.loc["within_province", "share"] == pytest.approx(1 / 7)
    assert all(math.isnan(got.loc[s, "share"]) for s in insights.APART_SCOPES)


def test_count_scopes_without_regional_visits_has_no_share():
    only_foreign = make_visits().iloc[[8]]
    got = insights.count_scopes(only_foreign).set_index("scope")
    assert got.loc["foreign", "visits"] == 1
    assert got["share"].isna().all()


def test_province_matrix():
    m = insights.to_province_matrix(make_visits())
    # Rows and columns west to east; only regional visits.
    assert list(m.index) == ["Sumatera Utara", "Daerah Istimewa Yogyakarta", "Jawa Timur", "Sulawesi Selatan"]
    assert list(m.columns) == ["Sumatera Utara", "Daerah Istimewa Yogyakarta", "Jawa Timur", "Sulawesi Utara"]
    assert m.loc["Sumatera Utara", "Jawa Timur"] == 2  # v1, v2
    assert m.loc["Jawa Timur", "Sumatera Utara"] == 1  # v3
    assert m.loc["Daerah Istimewa Yogyakarta", "Daerah Istimewa Yogyakarta"] == 1  # v5
    assert m.loc["Sulawesi Selatan", "Jawa Timur"] == 1  # v10
    assert m.to_numpy().sum() == 7


def test_rank_hosts():
    got = insights.rank_hosts(make_visits())
    first = got.iloc[0].to_dict()
    # Surabaya: v1 v2 v4 v8 v10; named visitors Medan (twice), Sleman, Makassar; egov x5, finance x1.
    assert first == {
        "place": "Kota Surabaya", "province": "Jawa Timur", "level": "kota", "visits": 5, "visitors": 3,
        "repeat_visitors": 1, "n_topics": 2, "topics": ["egov", "finance"],
    }
    # The rest received one visit each; ties in alphabetical order.
    assert got["place"].tolist()[1:] == [
        "Kementerian Dalam Negeri", "Kota Manado", "Kota Medan", "Kota Yogyakarta", "Singapura",
    ]
    assert got.set_index("place").loc["Kota Manado", "n_topics"] == 0
    assert insights.rank_hosts(make_visits(), top=2)["place"].tolist() == ["Kota Surabaya", "Kementerian Dalam Negeri"]


def test_rank_visitors():
    got = insights.rank_visitors(make_visits()).set_index("place")
    # Four places made 2 visits; ties broken by distinct hosts (Medan went to one host twice), then name.
    assert got.index.tolist() == ["Kabupaten Sleman", "Kota Makassar", "Kota Surabaya", "Kota Medan", "Kota Ambon"]
    assert got.loc["Kota Medan", ["visits", "hosts", "repeat_hosts"]].tolist() == [2, 1, 1]
    assert got.loc["Kota Medan", "km_travelled"] == 5600.0  # 2 x (1400 + 1400)
    assert got.loc["Kabupaten Sleman", "km_travelled"] == 520.0  # 2 x (250 + 10)
    assert got.loc["Kota Makassar", "km_travelled"] == 3600.0  # 2 x (1000 + 800)
    # Surabaya's trip to Singapura has no distance: it is counted apart, not as 0 km.
    assert got.loc["Kota Surabaya", "km_travelled"] == 2800.0
    assert got.loc["Kota Surabaya", "km_unknown"] == 1
    assert got.loc["Kota Ambon", "km_unknown"] == 0


def test_repeat_and_reciprocal_pairs():
    visits = make_visits()
    assert insights.find_repeat_pairs(visits).to_dict("records") == [
        {"origin": "Kota Medan", "host": "Kota Surabaya", "visits": 2}
    ]
    assert insights.find_reciprocal_pairs(visits).to_dict("records") == [
        {"place_a": "Kota Medan", "place_b": "Kota Surabaya", "a_to_b": 2, "b_to_a": 1}
    ]
    # Without v3 nobody went back.
    assert insights.find_reciprocal_pairs(visits[visits["visit_id"] != "v3"]).empty


def test_count_unnamed_and_untopiced():
    visits = make_visits()
    assert insights.count_unnamed(visits) == {"origin": 1, "host": 0, "either": 1}
    assert insights.count_untopiced(visits) == 1  # v6


def test_topic_hubs():
    hubs = insights.find_topic_hubs(make_visits(), top=2)
    # egov: v1 v2 v4 v8 v10, all hosted by Surabaya; every other topic has one visit, ordered by slug.
    assert hubs.iloc[0].to_dict() == {
        "topic": "egov", "rank": 1, "place": "Kota Surabaya", "province": "Jawa Timur", "visits": 5, "share": 1.0,
    }
    assert hubs["topic"].tolist() == ["egov", "finance", "governance", "health", "smart_city", "waste_env"]
    assert hubs.set_index("topic").loc["waste_env", "place"] == "Kota Yogyakarta"


def test_topic_hubs_rank_within_topic():
    visits = make_visits()
    # Add two egov visits to Yogyakarta: Surabaya 5, Yogyakarta 2 of 7 egov visits.
    extra = visits.iloc[[4, 4]].assign(visit_id=["x1", "x2"], topics=[np.array(["egov"])] * 2)
    hubs = insights.find_topic_hubs(pd.concat([visits, extra], ignore_index=True), top=3)
    egov = hubs[hubs["topic"] == "egov"]
    assert egov[["rank", "place", "visits"]].values.tolist() == [[1, "Kota Surabaya", 5], [2, "Kota Yogyakarta", 2]]
    assert egov["share"].tolist() == pytest.approx([5 / 7, 2 / 7])


def test_profile_place():
    prof = insights.profile_place(make_visits(), "Kota Surabaya")
    assert prof["visitors"].to_dict("records") == [
        {"place": "Kota Medan", "visits": 2},
        {"place": "Kabupaten Sleman", "visits": 1},
        {"place": "Kota Makassar", "visits": 1},
    ]
    assert prof["destinations"]["place"].tolist() == ["Kota Medan", "Singapura"]
    # As host: 2023 egov (v1 v4 v10) and finance (v1), 2024 egov (v2); v8 has no year.
    # As origin: 2024 health (v3) and smart_city (v9).
    assert prof["topics_by_year"].values.tolist() == [
        [2023, "egov", "host", 3],
        [2023, "finance", "host", 1],
        [2024, "egov", "host", 1],
        [2024, "health", "origin", 1],
        [2024, "smart_city", "origin", 1],
    ]
    assert prof["undated"] == 1
    assert (prof["unknown_visitors"], prof["unknown_destinations"]) == (1, 0)  # v8's origin has no name


def test_profile_of_a_place_with_no_visits_is_empty():
    prof = insights.profile_place(make_visits(), "Kota Atlantis")
    assert prof["visitors"].empty and prof["destinations"].empty and prof["topics_by_year"].empty
    assert prof["undated"] == 0


def test_list_places_most_involved_first():
    places = insights.list_places(make_visits())
    assert places[0] == "Kota Surabaya"  # 5 as host + 2 as origin
    # Medan, Surabaya, Sleman, Yogyakarta, Makassar, Manado, Ambon, Kemendagri, Singapura; v8's origin has no name.
    assert len(places) == 9


def test_empty_table():
    empty = make_visits().iloc[0:0]
    assert insights.rank_hosts(empty).empty
    assert insights.rank_visitors(empty).empty
    assert insights.find_reciprocal_pairs(empty).empty
    assert insights.to_province_matrix(empty).empty
    assert insights.count_scopes(empty)["visits"].sum() == 0
    assert insights.find_topic_hubs(empty).empty


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("DKI Jakarta", "DKI Jakarta"),  # as data/gazetteer/regions.csv names it
        ("Daerah Khusus Ibukota Jakarta", "DKI Jakarta"),
        ("Provinsi Jawa Timur", "Jawa Timur"),
        ("  Jawa   Timur ", "Jawa Timur"),
        ("NTB", "Nusa Tenggara Barat"),
        ("Jawa", None),
    ],
)
def test_to_province(name, canonical):
    assert insights.to_province(name) == canonical


def test_vectorised_scopes_follow_the_scalar_rules():
    # Every case of test_scope, as one table: to_scopes must agree with to_scope row by row.
    cases = test_scope.pytestmark[0].args[1]
    rows = [
        {"origin_level": o[0], "origin_province": o[1], "origin_resolution": o[2],
         "host_level": h[0], "host_province": h[1], "host_resolution": h[2]}
        for o, h, _ in cases
    ]
    got = insights.to_scopes(pd.DataFrame(rows)).tolist()
    assert got == [scope for _, _, scope in cases]


@pytest.mark.parametrize("values", [
    [["egov"], None, "x", 3.5, ["egov"]],
    [],
    [None],
])
def test_object_ids_are_the_ids_of_the_elements(values):
    arr = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        arr[i] = v
    expected = [id(v) for v in arr]
    assert insights._object_ids(arr).tolist() == expected
    assert insights._object_ids(arr[::-1]).tolist() == expected[::-1]  # not contiguous: read one by one


def test_warm_works_out_the_first_tabs_codes_and_changes_no_measure():
    warm, cold = insights.NetworkView(make_visits()), insights.NetworkView(make_visits())
    warm.warm()
    assert {"origin", "host", "topic_sets", "provinces", "scopes", "distance"} <= set(vars(warm))
    a, b = insights.measure_links(warm), insights.measure_links(cold)
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], pd.DataFrame):
            pd.testing.assert_frame_equal(a[key], b[key])
        else:
            assert a[key] == b[key]


def test_warm_leaves_an_error_to_whoever_asks_next():
    view = insights.NetworkView(make_visits().assign(origin_name=[["a list"]] * 10))  # names cannot be hashed
    view.warm()  # no error here, and nothing half-made is kept
    assert "origin" not in vars(view)
    with pytest.raises(TypeError):
        _ = view.origin
