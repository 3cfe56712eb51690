"""Filters: reading and writing their URL form, and applying them to the visits table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import build_visit_topics, build_visits

from ui.state import (
    UNKNOWN_PROVINCE,
    Filters,
    YearBounds,
    apply_filters,
    count_unknown_year,
    count_unknown_year_excluded,
    filter_visit_topics,
    from_query_params,
    is_full_year_range,
    isin,
    normalize_years,
    province_options,
    to_query_params,
    to_topic_rows,
    to_year_bounds,
)

PROVINCES = ["Banten", "Jawa Barat", "Jawa Timur", "Sulawesi Utara"]


class MultiParams(dict):
    """Like st.query_params: repeated keys, get_all() gives every value."""

    def get_all(self, key):
        value = self.get(key)
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]


@pytest.mark.parametrize(
    ("params", "expected", "n_notices"),
    [
        ({}, Filters(), 0),
        ({"from": "2020", "to": "2022"}, Filters(year_min=2020, year_max=2022), 0),
        ({"from": "2022", "to": "2020"}, Filters(year_min=2020, year_max=2022), 1),
        ({"from": "twenty", "to": "2022"}, Filters(year_max=2022), 1),
        ({"from": "3020"}, Filters(), 1),
        ({"topic": "egov,health"}, Filters(topics=("egov", "health")), 0),
        ({"topic": "egov,egov, health"}, Filters(topics=("egov", "health")), 0),
        ({"topic": "egov,golf"}, Filters(topics=("egov",)), 1),
        ({"type": "comparative_study", "inst": "dprd"}, Filters(visit_types=("comparative_study",), institution_types=("dprd",)), 0),
        ({"type": "picnic"}, Filters(), 1),
        ({"origin": "Jawa Barat", "host": "Jawa Timur,Atlantis"}, Filters(origin_provinces=("Jawa Barat",), host_provinces=("Jawa Timur",)), 1),
        ({"host": "unknown"}, Filters(host_provinces=(UNKNOWN_PROVINCE,)), 0),
        ({"q": "  surabaya, kota "}, Filters(place="surabaya, kota"), 0),
        ({"lang": "id"}, Filters(lang="id"), 0),
        ({"lang": "fr"}, Filters(), 1),
        ({"utm_source": "mail"}, Filters(), 0),
    ],
)
def test_from_query_params_keeps_valid_values_and_notices_the_rest(params, expected, n_notices):
    f, notices = from_query_params(params, provinces=PROVINCES)
    assert f == expected
    assert len(notices) == n_notices


def test_notices_are_in_the_links_language_and_name_the_value():
    _, notices = from_query_params({"lang": "id", "topic": "golf", "from": "abc"}, provinces=PROVINCES)
    assert notices == [
        "Tahun 'abc' di tautan bukan tahun yang sah; seluruh rentang tahun ditampilkan.",
        "Nilai Topik 'golf' di tautan tidak dikenal dan diabaikan.",
    ]


def test_repeated_keys_are_read_like_comma_lists():
    params = MultiParams({"topic": ["egov", "health,data"], "from": ["2021", "2019"]})
    f, notices = from_query_params(params)
    assert f.topics == ("egov", "health", "data")
    assert f.year_min == 2021  # the first value counts
    assert notices == []


def test_without_known_provinces_any_province_is_kept():
    f, notices = from_query_params({"origin": "Atlantis"})
    assert f.origin_provinces == ("Atlantis",)
    assert notices == []


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (Filters(), {}),
        (Filters(lang="id"), {"lang": "id"}),
        (Filters(year_min=2020, year_max=2021, topics=("egov", "data"), place="Surabaya"),
         {"from": "2020", "to": "2021", "topic": "egov,data", "q": "Surabaya"}),
        (Filters(origin_provinces=("Jawa Barat", "Banten"), host_provinces=(UNKNOWN_PROVINCE,)),
         {"origin": "Jawa Barat,Banten", "host": "unknown"}),
    ],
)
def test_to_query_params_leaves_out_what_is_not_restricted(f, expected):
    assert to_query_params(f) == expected


@pytest.mark.parametrize(
    "f",
    [
        Filters(year_min=2019, year_max=2023, topics=("egov",), visit_types=("benchmarking", "other"),
                institution_types=("dprd",), origin_provinces=("Jawa Barat",), host_provinces=("Banten", UNKNOWN_PROVINCE),
                place="kota bandung", lang="id"),
        Filters(year_max=2020),
    ],
)
def test_url_round_trip_restores_the_same_filters(f):
    back, notices = from_query_params(to_query_params(f), provinces=PROVINCES)
    assert (back, notices) == (f, [])


def _ids(df: pd.DataFrame) -> list[str]:
    return sorted(df["visit_id"])


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (Filters(), ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"]),
        (Filters(year_min=2021), ["v3", "v4", "v5", "v7", "v8"]),
        (Filters(year_min=2020, year_max=2021), ["v2", "v3", "v8"]),
        (Filters(year_min=2019, year_max=2023), ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"]),
        (Filters(topics=("egov",)), ["v1", "v3"]),
        (Filters(topics=("egov", "health")), ["v1", "v3", "v6"]),
        (Filters(visit_types=("working_visit",)), ["v2", "v4"]),
        (Filters(institution_types=("dprd",)), ["v2", "v4"]),
        (Filters(institution_types=("pemprov",)), ["v3", "v8"]),
        (Filters(origin_provinces=("Jawa Barat",)), ["v1", "v4", "v7", "v8"]),
        (Filters(origin_provinces=(UNKNOWN_PROVINCE,)), ["v6"]),
        (Filters(host_provinces=("Jawa Timur",)), ["v1", "v2", "v4", "v7"]),
        (Filters(place="SURABAYA"), ["v1", "v2", "v4", "v5", "v7"]),
        (Filters(place="antah"), ["v6"]),
        (Filters(place="dprd kabupaten"), ["v2", "v4"]),
        (Filters(year_min=2021, host_provinces=("Jawa Timur",), visit_types=("training_visit",)), ["v7"]),
        (Filters(topics=("health",), year_min=2020), []),
    ],
)
def test_apply_filters_keeps_exactly_the_matching_visits(visits, f, expected):
    assert _ids(apply_filters(visits, f)) == expected


@pytest.mark.parametrize("topics", [("egov",), ("health", "finance"), ("golf",), ("egov", "data", "waste_env")])
def test_topic_filter_gives_the_same_visits_through_visit_topics(visits, topics):
    f = Filters(topics=topics, year_min=2020)
    fast = apply_filters(visits, f, build_visit_topics(build_visits()))
    assert _ids(fast) == _ids(apply_filters(visits, f))


def test_apply_filters_does_not_change_its_input(visits):
    before = visits.copy()
    apply_filters(visits, Filters(year_min=2021, topics=("egov",), place="x"))
    pd.testing.assert_frame_equal(visits, before)


@pytest.mark.parametrize(
    ("f", "excluded", "full"),
    [(Filters(), 0, True), (Filters(year_min=2019), 0, True), (Filters(year_max=2022), 1, False),
     (Filters(year_min=2020, year_max=2023), 1, False)],
)
def test_unknown_years_are_kept_in_the_full_range_and_counted_when_left_out(visits, f, excluded, full):
    assert count_unknown_year(visits) == 1
    assert count_unknown_year_excluded(visits, f) == excluded
    assert is_full_year_range(f, to_year_bounds(visits)) is full
    assert ("v6" in set(apply_filters(visits, f)["visit_id"])) is full


@pytest.mark.parametrize(
    ("f", "bounds", "expected"),
    [
        (Filters(year_min=2019, year_max=2023), YearBounds(2019, 2023), Filters()),
        (Filters(year_min=2015, year_max=2030), YearBounds(2019, 2023), Filters()),
        (Filters(year_min=2020, year_max=2023), YearBounds(2019, 2023), Filters(year_min=2020)),
        (Filters(year_min=2020), YearBounds(None, None), Filters()),
    ],
)
def test_normalize_years_drops_limits_that_restrict_nothing(f, bounds, expected):
    assert normalize_years(f, bounds) == expected


def test_year_bounds_and_provinces_of_the_fixture(visits):
    assert to_year_bounds(visits) == YearBounds(2019, 2023)
    assert to_year_bounds(visits.iloc[0:0]) == YearBounds(None, None)
    assert province_options(visits) == PROVINCES


def test_filter_visit_topics_keeps_all_topics_of_the_kept_visits(visits):
    topics = pd.DataFrame({"visit_id": ["v1", "v1", "v3", "v3", "v6"],
                           "topic": ["egov", "smart_city", "egov", "data", "health"]})
    kept = filter_visit_topics(topics, apply_filters(visits, Filters(topics=("egov",))))
    assert sorted(zip(kept["visit_id"], kept["topic"], strict=True)) == [
        ("v1", "egov"), ("v1", "smart_city"), ("v3", "data"), ("v3", "egov")]


def test_is_default_ignores_the_language():
    assert Filters(lang="id").is_default()
    assert not Filters(place="x").is_default()


@pytest.mark.parametrize("values", [
    ["b", "x"],
    ("b", "x"),
    pd.Series(["b", "x"], dtype="str"),
    pd.Index(["b", "x"]),
    np.array(["b", "x"], dtype=object),
    pd.Series(["b", "x", "b"], dtype="str").unique(),
])
def test_isin_takes_lists_and_arrays_alike(values):
    column = pd.Series(["a", "b", None, "x", "b"], dtype="str")
    assert isin(column, values).tolist() == [False, True, False, True, True]


def test_topic_rows_point_at_each_topic_rows_visit_or_minus_one():
    visits = pd.DataFrame({"visit_id": pd.Series(["v1", "v2", "v3"], dtype="str")})
    topics = pd.DataFrame({"visit_id": pd.Series(["v3", "v9", "v1", "v3"], dtype="str"),
                           "topic": ["egov", "waste", "egov", "health"]})
    assert to_topic_rows(visits, topics).tolist() == [2, -1, 0, 2]
    assert to_topic_rows(visits.iloc[0:0], topics).tolist() == [-1, -1, -1, -1]


@pytest.mark.parametrize(("topic_ids", "counts"), [
    (["v1", "v1", "v3"], [2, 0, 1]),          # in visit order: the counts give the positions
    (["v3", "v1", "v1"], [2, 0, 1]),          # counts right, order not: checked id by id, then looked up
    (["v1", "v1", "v3"], [1, 1, 1]),          # counts that do not fit the ids: looked up
    (["v1", "v9"], [1, 0, 1]),                # a topic row of no visit
    ([], [0, 0, 0]),
])
def test_topic_rows_from_counts_are_the_looked_up_ones(topic_ids, counts):
    visits = pd.DataFrame({"visit_id": pd.Series(["v1", "v2", "v3"], dtype="str")})
    topics = pd.DataFrame({"visit_id": pd.Series(topic_ids, dtype="str"), "topic": ["egov"] * len(topic_ids)})
    expected = to_topic_rows(visits, topics)
    assert to_topic_rows(visits, topics, np.array(counts)).tolist() == expected.tolist()
