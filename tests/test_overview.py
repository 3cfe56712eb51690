"""ui/overview.py: per-table codes of the columns the Overview reads, and a view's numbers counted from them."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from ui import overview
from ui.i18n import t


def labels_of(codes: overview.TextCodes) -> list:
    return [codes.labels[int(c)].as_py() for c in codes.codes]


@pytest.mark.parametrize(("values", "expected"), [
    (["b", None, "b", ""], ["b", None, "b", ""]),
    ([], []),
    ([None, None], [None, None]),
])
def test_text_codes_name_every_row(values, expected):
    codes = overview.to_text_codes(pd.Series(values, dtype=object))
    assert labels_of(codes) == expected
    assert len(set(codes.labels.to_pylist())) == len(codes.labels)


@pytest.mark.parametrize(("names", "mentions", "expected"), [
    (["Kota A", "", None, None, "Kota A"], [None, "Antah", "Kota B", None, "x"],
     ["Kota A", "Antah (?)", "Kota B (?)", None, "Kota A"]),
    # A name written like an unresolved mention is one label with it.
    (["Antah (?)", None], [None, "Antah"], ["Antah (?)", "Antah (?)"]),
    ([None, ""], ["", None], [None, None]),
])
def test_place_codes_read_mentions_only_where_the_name_is_missing(names, mentions, expected):
    codes = overview.to_place_codes(pd.Series(names, dtype=object), pd.Series(mentions, dtype=object))
    assert labels_of(codes) == expected
    assert len(set(labels_of(codes))) == len(set(codes.codes.tolist()))


def test_coalesced_codes_count_an_institution_and_a_place_of_the_same_name_once():
    codes = overview.to_coalesced_codes(pd.Series(["Kota A", None, None, "DPRD"], dtype=object),
                                        pd.Series(["x", "Kota A", None, "y"], dtype=object))
    assert labels_of(codes) == ["Kota A", "Kota A", None, "DPRD"]
    assert codes.codes[0] == codes.codes[1]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_for_lang_names_the_unknown_and_merges_it_with_an_equal_label(lang):
    codes = overview.to_text_codes(pd.Series([None, t("unknown", "id"), "P"], dtype=object))
    remap, labels = codes.for_lang(lang)
    named = [labels[int(remap[c])].as_py() for c in codes.codes]
    assert named == [t("unknown", lang), t("unknown", "id"), "P"]
    assert (remap[codes.codes[0]] == remap[codes.codes[1]]) == (lang == "id")


def small_visits() -> pd.DataFrame:
    return pd.DataFrame({
        "date": [date(2024, 3, 1), None, date(2023, 1, 5), date(2024, 3, 1), pd.NaT],
        "date_precision": ["day", "unknown", "month", None, "year"],  # no precision: an unknown date
        "origin_name": ["Kota A", "Kota A", None, "Kota B", "Kota C"],
        "origin_mention": [None, None, "Desa X", None, None],
        "origin_institution": ["Pemkot A", None, None, None, "Kota A"],
        "origin_resolution": ["city", "city", "unresolved", None, "city"],
        "host_name": ["Kota H", "Kota H", "Kota H", "Kota J", None],
        "host_mention": [None] * 5,
        "host_institution": [None, "DPRD H", None, None, None],
        "host_province": ["P1", "P1", None, "P2", None],
        "host_resolution": ["city"] * 4 + ["unresolved"],
        "delegation_size": [10, None, 5, None, None],
        "delegation_min": [None, 3, None, None, None],
        "delegation_max": [None, 9, None, None, None],
        "distance_km": [100.0, None, 300.0, 50.0, 400.0],
        "visit_type": ["working_visit"] * 5,
    })


@pytest.mark.parametrize(("positions", "head", "quality"), [
    (None,
     {"visits": 5, "delegates": 15, "size_exact": 2, "size_range": 1, "size_unknown": 2, "visitors": 3, "hosts": 3,
      "median_km": 200.0, "no_distance": 1},
     {"unknown_dates": 3, "partial_dates": 2, "unresolved_origin": 2, "unresolved_host": 1}),
    (np.array([1, 3]),
     {"visits": 2, "delegates": 0, "size_exact": 0, "size_range": 1, "size_unknown": 1, "visitors": 2, "hosts": 2,
      "median_km": 50.0, "no_distance": 1},
     {"unknown_dates": 2, "partial_dates": 0, "unresolved_origin": 1, "unresolved_host": 0}),
    (np.zeros(0, dtype=np.intp),
     {"visits": 0, "delegates": 0, "size_exact": 0, "size_range": 0, "size_unknown": 0, "visitors": 0, "hosts": 0,
      "median_km": None, "no_distance": 0},
     {"unknown_dates": 0, "partial_dates": 0, "unresolved_origin": 0, "unresolved_host": 0}),
])
def test_headline_and_quality_of_a_view(positions, head, quality):
    codes = overview.build_overview_codes(small_visits())
    assert overview.to_headline(codes, positions) == head
    assert overview.to_quality(codes, positions) == quality


@pytest.mark.parametrize(("positions", "n", "expected"), [
    (None, 10, [0, 3, 2]),  # latest first, equal days in table order, undated left out
    (None, 2, [0, 3]),
    (np.array([1, 2, 4]), 10, [2]),
    (np.array([1, 4]), 10, []),
])
def test_recent_rows_are_table_positions_latest_first(positions, n, expected):
    codes = overview.build_overview_codes(small_visits(), ("recent",))
    assert overview.to_recent_rows(codes, positions, n).tolist() == expected


def test_a_view_shows_its_own_hosts_routes_and_latest_visits():
    visits = small_visits()
    codes = overview.build_overview_codes(visits)
    got = overview.build_overview(codes, np.array([0, 2, 3]), visits, "en")
    assert got["hosts"].values.tolist() == [["Kota H", "P1", 1], ["Kota H", "unknown", 1], ["Kota J", "P2", 1]]
    assert got["routes"].values.tolist() == [["Desa X (?) → Kota H", 1], ["Kota A → Kota H", 1], ["Kota B → Kota J", 1]]
    assert got["recent"].values.tolist() == [
        ["1 March 2024", "Pemkot A", "Kota H", "Working visit"],
        ["date unknown", "Kota B", "Kota J", "Working visit"],  # a day without its precision is not shown
        ["January 2023", "Desa X (?)", "Kota H", "Working visit"],
    ]


def test_codes_are_built_once_per_language():
    codes = overview.build_overview_codes(small_visits(), ("hosts",))
    assert codes.lang_codes("id") is codes.lang_codes("id")
    assert codes.lang_codes("en") is not codes.lang_codes("id")
