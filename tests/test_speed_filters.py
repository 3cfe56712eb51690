"""The faster place search (and the filters around it) keep exactly the visits the simple version kept."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_speed_overview import random_visits

from etl import schema
from ui.state import (
    PLACE_COLUMNS,
    Filters,
    _has_any_topic,
    _in_provinces,
    apply_filters,
    contains_text,
    isin,
    normalize_years,
    to_year_bounds,
)


def ref_apply_filters(visits: pd.DataFrame, f: Filters, visit_topics: pd.DataFrame | None = None) -> pd.DataFrame:
    """apply_filters as it was (the place search matched every row with pandas' str.contains)."""
    mask = np.ones(len(visits), dtype=bool)
    bounds = to_year_bounds(visits)
    g = normalize_years(f, bounds)
    if g.year_min is not None or g.year_max is not None:
        year = pd.to_numeric(visits["year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            if g.year_min is not None:
                mask &= year >= g.year_min
            if g.year_max is not None:
                mask &= year <= g.year_max
        mask &= ~np.isnan(year)
    if f.topics:
        mask &= _has_any_topic(visits, f.topics, visit_topics)
    if f.visit_types:
        mask &= isin(visits["visit_type"], f.visit_types)
    if f.institution_types:
        mask &= isin(visits["origin_institution_type"], f.institution_types) | isin(
            visits["host_institution_type"], f.institution_types)
    if f.origin_provinces:
        mask &= _in_provinces(visits["origin_province"], f.origin_provinces)
    if f.host_provinces:
        mask &= _in_provinces(visits["host_province"], f.host_provinces)
    if f.place.strip():
        needle = f.place.strip()
        hit = np.zeros(len(visits), dtype=bool)
        for col in PLACE_COLUMNS:
            if col in visits.columns:
                found = visits[col].astype("string").str.contains(needle, case=False, regex=False)
                hit |= found.fillna(False).to_numpy(dtype=bool)
        mask &= hit
    return visits.loc[mask]


NEEDLES = ["bandung", "BANDUNG", "kota", " Kota B", "ẞ", "ss", "STRASSE", "(?)", "→", "unknown", "a", "Jawa", "zzz",
           "ärzte", "ÄRZTE", ".*", "["]


@pytest.mark.parametrize("seed", [0, 1, 5, 6])
@pytest.mark.parametrize("typed", [True, False])
def test_place_search_keeps_the_same_visits(seed, typed):
    n = [0, 1, 40, 2500][seed % 4]
    visits = random_visits(seed, n, typed)
    for needle in NEEDLES:
        f = Filters(place=needle)
        pd.testing.assert_frame_equal(apply_filters(visits, f), ref_apply_filters(visits, f))
        for col in PLACE_COLUMNS:
            expected = visits[col].astype("string").str.contains(needle, case=False, regex=False)
            assert contains_text(visits[col], needle).tolist() == expected.fillna(False).tolist()


@pytest.mark.parametrize(
    "f",
    [
        Filters(),
        Filters(year_min=2020, year_max=2021),
        Filters(topics=("egov", "health"), place="kota"),
        Filters(visit_types=("comparative_study",), host_provinces=("Jawa Barat", "unknown"), place="a"),
        Filters(origin_provinces=("unknown",), year_max=2019, place="BANDUNG"),
    ],
)
def test_combined_filters_keep_the_same_visits(f):
    visits = random_visits(6, 2500)
    topics = schema.to_arrow("visit_topics", pd.DataFrame(
        [(v, t) for v, ts in zip(visits["visit_id"], visits["topics"], strict=True) for t in ts],
        columns=["visit_id", "topic"])).to_pandas()
    for vt in (topics, None):
        pd.testing.assert_frame_equal(apply_filters(visits, f, vt), ref_apply_filters(visits, f, vt))
