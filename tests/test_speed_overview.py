"""The Overview's fast number builders and filters give exactly what the simple implementations gave.

Each reference below is an implementation that was replaced (copied as it was; the previous code-per-view builders
are in speed_overview_reference.py), run on varied visits tables and on views of them (row positions):
missing and empty names, unresolved places, provinces unknown, equal counts (ties), labels that collide
('A → B' + 'C' against 'A' + 'B → C'), a real place named like the 'unknown' label, and empty tables.
"""

from __future__ import annotations

import functools
import random
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import speed_overview_reference as previous

from etl import schema, taxonomy
from ui import overview
from ui.export import (
    latest_first_order,
    to_date_labels,
    to_day_numbers,
    to_latest_first,
    to_place_label_codes,
    to_place_labels,
)
from ui.i18n import t

# ---- the replaced implementations, as they were --------------------------------------------------


def ref_to_place_labels(names: pd.Series, mentions: pd.Series, lang: str) -> pd.Series:
    names = names.astype("string")
    mentions = mentions.astype("string")
    written = (mentions.where(mentions.str.len() > 0) + " (?)")
    out = names.where(names.notna() & (names.str.len() > 0), written).fillna(t("unknown", lang))
    return out.astype(object)


def ref_to_latest_first(visits: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    days = pa.array(visits["date"], type=pa.date32(), from_pandas=True).cast(pa.int32())
    import pyarrow.compute as pc  # noqa: PLC0415

    key = pc.fill_null(days, -(2**31)).to_numpy(zero_copy_only=False).astype(np.int64)
    order = np.argsort(-key, kind="stable")
    if n is not None:
        order = order[:n]
    return visits.iloc[order]


def ref_build_headline(visits: pd.DataFrame) -> dict:
    size = pd.to_numeric(visits["delegation_size"], errors="coerce")
    has_range = visits["delegation_min"].notna() | visits["delegation_max"].notna()
    visitors = visits["origin_institution"].fillna(visits["origin_name"]).dropna()
    hosts = visits["host_institution"].fillna(visits["host_name"]).dropna()
    distance = pd.to_numeric(visits["distance_km"], errors="coerce")
    return {
        "visits": len(visits),
        "delegates": int(size.sum()),
        "size_exact": int(size.notna().sum()),
        "size_range": int((size.isna() & has_range).sum()),
        "size_unknown": int((size.isna() & ~has_range).sum()),
        "visitors": int(visitors.nunique()),
        "hosts": int(hosts.nunique()),
        "median_km": float(distance.median()) if distance.notna().any() else None,
        "no_distance": int(distance.isna().sum()),
    }


def ref_build_top_hosts(visits: pd.DataFrame, lang: str, n: int = 10) -> pd.DataFrame:
    hosts = ref_to_place_labels(visits["host_name"], visits["host_mention"], lang)
    province = visits["host_province"].astype(object).where(visits["host_province"].notna(), t("unknown", lang))
    counts = pd.DataFrame({"host": hosts.to_numpy(), "province": province.to_numpy()}).value_counts().rename("visits")
    out = (counts.reset_index().sort_values(["visits", "host"], ascending=[False, True], kind="stable")
           .head(n).reset_index(drop=True))
    return out.rename(columns={"host": t("col.host", lang), "province": t("col.host_province", lang),
                               "visits": t("col.visits", lang)})


def ref_build_top_routes(visits: pd.DataFrame, lang: str, n: int = 10) -> pd.DataFrame:
    origin = ref_to_place_labels(visits["origin_name"], visits["origin_mention"], lang).astype("string")
    host = ref_to_place_labels(visits["host_name"], visits["host_mention"], lang).astype("string")
    counts = (origin + " → " + host).value_counts().rename("visits")
    counts.index.name = "route"
    out = (counts.reset_index().sort_values(["visits", "route"], ascending=[False, True], kind="stable")
           .head(n).reset_index(drop=True))
    out["route"] = out["route"].astype(object)
    return out.rename(columns={"route": t("col.route", lang), "visits": t("col.visits", lang)})


def ref_build_recent(visits: pd.DataFrame, lang: str, n: int = 10) -> pd.DataFrame:
    dated = ref_to_latest_first(visits.loc[visits["date"].notna()], n)
    visitor = dated["origin_institution"].astype(object).where(
        dated["origin_institution"].notna(), ref_to_place_labels(dated["origin_name"], dated["origin_mention"], lang))
    return pd.DataFrame({
        t("col.date", lang): to_date_labels(dated["date"], dated["date_precision"], lang),
        t("col.visitor", lang): visitor.tolist(),
        t("col.host", lang): ref_to_place_labels(dated["host_name"], dated["host_mention"], lang).tolist(),
        t("col.visit_type", lang): [taxonomy.label(taxonomy.VISIT_TYPES, v, lang) for v in dated["visit_type"]],
    })


# ---- varied visits tables ---------------------------------------------------------------------------

NAMES = [None, "", "Kota Bandung", "Kota Surabaya", "Kabupaten Bogor", "A → B", "A", "x →", "Kota Antah (?)",
         t("unknown", "en"), t("unknown", "id"), "Ärzte Stadt", "kota bandung"]
MENTIONS = [None, "", "Kota Antah", "B → C", "→ y", "C", "Bandung", "Kota Bandung", "ẞtraße"]
PROVINCES = [None, "", "Jawa Barat", "Jawa Timur", "Banten", t("unknown", "en")]
INSTITUTIONS = [None, "", "Pemerintah Kota Bandung", "DPRD Kabupaten Bogor", "Kota Bandung"]


@functools.cache
def random_visits(seed: int, n: int, typed: bool = True) -> pd.DataFrame:
    """n visits drawn from small pools (so counts tie); typed: with the dtypes read_tables gives (via the schema)."""
    rng = random.Random(seed)
    # Some tables draw from fewer values, so one label dominates or every group ties.
    k = rng.choice([2, 4, len(NAMES)])
    rows = []
    for i in range(n):
        d = None if rng.random() < 0.2 else date(2019, 1, 1) + timedelta(days=rng.randrange(0, 60 if seed % 2 else 2000))
        size = None if rng.random() < 0.4 else rng.randrange(1, 60)
        lo = None if size is not None or rng.random() < 0.5 else rng.randrange(1, 20)
        rows.append({
            "visit_id": f"v{i}",
            "date": d,
            "date_precision": rng.choice(["day", "month", "year"]) if d else "unknown",
            "year": d.year if d else None,
            "origin_name": rng.choice(NAMES[:k]), "origin_mention": rng.choice(MENTIONS),
            "origin_province": rng.choice(PROVINCES), "origin_institution": rng.choice(INSTITUTIONS),
            "host_name": rng.choice(NAMES[:k]), "host_mention": rng.choice(MENTIONS),
            "host_province": rng.choice(PROVINCES), "host_institution": rng.choice(INSTITUTIONS),
            "distance_km": None if rng.random() < 0.3 else float(rng.randrange(0, 3000)),
            "delegation_size": size, "delegation_min": lo, "delegation_max": None if lo is None else lo + 9,
            "visit_type": rng.choice(list(taxonomy.VISIT_TYPES)),
            "topics": rng.sample(list(taxonomy.TOPICS), rng.randrange(0, 3)),
        })
    frame = pd.DataFrame(rows, columns=["visit_id", "date", "date_precision", "year", "origin_name", "origin_mention",
                                        "origin_province", "origin_institution", "host_name", "host_mention",
                                        "host_province", "host_institution", "distance_km", "delegation_size",
                                        "delegation_min", "delegation_max", "visit_type", "topics"])
    if typed:
        return schema.to_arrow("visits", frame).to_pandas()
    return frame


CASES = [(seed, n, typed) for seed, n in enumerate([0, 1, 3, 12, 40, 300, 2500]) for typed in (True, False)]


@pytest.fixture(params=CASES, ids=lambda c: f"seed{c[0]}-n{c[1]}-{'typed' if c[2] else 'plain'}")
def varied(request) -> pd.DataFrame:
    seed, n, typed = request.param
    return random_visits(seed, n, typed)


def test_the_varied_tables_hold_the_hard_cases():
    v = random_visits(6, 2500)
    assert v["origin_name"].isna().any() and (v["origin_name"] == "").any()
    assert v["date"].isna().any() and v["host_province"].isna().any()
    counts = ref_build_top_hosts(v, "en", n=1000)["Visits"]
    assert counts.duplicated().any()  # ties


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("n", [0, 1, 3, 10, 50])
def test_top_hosts_match_the_simple_count(varied, lang, n):
    pd.testing.assert_frame_equal(overview.build_top_hosts(varied, lang, n), ref_build_top_hosts(varied, lang, n))


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("n", [0, 1, 3, 10, 50])
def test_top_routes_match_the_simple_count(varied, lang, n):
    pd.testing.assert_frame_equal(overview.build_top_routes(varied, lang, n), ref_build_top_routes(varied, lang, n))


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("n", [0, 1, 10, 5000])
def test_recent_matches_the_simple_sort(varied, lang, n):
    pd.testing.assert_frame_equal(overview.build_recent(varied, lang, n), ref_build_recent(varied, lang, n))


def test_headline_matches_the_simple_count(varied):
    assert overview.build_headline(varied) == ref_build_headline(varied)


@pytest.mark.parametrize("n", [None, 0, 1, 2, 10, 299, 300, 301, 5000])
def test_latest_first_matches_a_full_stable_sort(varied, n):
    pd.testing.assert_frame_equal(to_latest_first(varied, n), ref_to_latest_first(varied, n))
    dated = varied.loc[varied["date"].notna()]
    pd.testing.assert_frame_equal(to_latest_first(varied, n, dated_only=True).reset_index(drop=True),
                                  ref_to_latest_first(dated, n).reset_index(drop=True))


def test_latest_first_order_keeps_position_order_among_equal_days():
    rng = np.random.default_rng(3)
    for _ in range(50):
        days = rng.integers(0, 5, size=rng.integers(0, 40))
        for n in (None, 0, 1, 3, 7, 100):
            expected = np.argsort(-days, kind="stable")[: None if n is None else n]
            assert latest_first_order(days, n).tolist() == expected.tolist()


def test_day_numbers_mark_the_undated():
    assert to_day_numbers(pd.Series([date(1970, 1, 2), None], dtype=object)).tolist() == [1, -(2**31)]


def test_collisions_of_route_texts_are_added_up_like_the_texts():
    v = pd.DataFrame({"origin_name": ["A → B", "A", "A"], "origin_mention": [None] * 3,
                      "host_name": ["C", "B → C", "Z"], "host_mention": [None] * 3})
    out = overview.build_top_routes(v, "en")
    assert out.values.tolist() == [["A → B → C", 2], ["A → Z", 1]]
    pd.testing.assert_frame_equal(out, ref_build_top_routes(v, "en"))


def test_equal_hosts_in_two_provinces_keep_the_order_they_appear_in():
    v = pd.DataFrame({"host_name": ["Kota X", "Kota X", "Kota A", "Kota X"], "host_mention": [None] * 4,
                      "host_province": ["P2", "P1", "P9", None]})
    out = overview.build_top_hosts(v, "en")
    assert out.values.tolist() == [["Kota A", "P9", 1], ["Kota X", "P2", 1], ["Kota X", "P1", 1], ["Kota X", "unknown", 1]]
    pd.testing.assert_frame_equal(out, ref_build_top_hosts(v, "en"))


def test_place_labels_unchanged(varied):
    for side in ("origin", "host"):
        got = to_place_labels(varied[f"{side}_name"], varied[f"{side}_mention"], "id")
        pd.testing.assert_series_equal(got, ref_to_place_labels(varied[f"{side}_name"], varied[f"{side}_mention"], "id"))


@pytest.mark.parametrize("lang", ["en", "id"])
def test_label_codes_name_every_row_as_place_labels_do(varied, lang):
    for side in ("origin", "host"):
        codes, labels = to_place_label_codes(varied[f"{side}_name"], varied[f"{side}_mention"], lang)
        expected = ref_to_place_labels(varied[f"{side}_name"], varied[f"{side}_mention"], lang).tolist()
        assert [labels[int(c)].as_py() for c in codes] == expected
        assert len(set(labels.to_pylist())) == len(labels)  # equal labels share one code


# ---- views counted on per-table codes against the previous per-view builders ----------------------------------

RESOLUTIONS = [None, "unresolved", "exact", "province", ""]


def with_resolutions(visits: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The plain tables lack the resolution columns the quality counts read: draw them (typed tables have them)."""
    if "origin_resolution" in visits and visits["origin_resolution"].notna().any():
        return visits
    rng = random.Random(seed)
    pick = [rng.choice(RESOLUTIONS) for _ in range(2 * len(visits))]
    return visits.assign(origin_resolution=pick[: len(visits)], host_resolution=pick[len(visits):])


def views(n: int, seed: int) -> list[np.ndarray | None]:
    """All rows (None), about half, a few, the first, the last and none, as ascending positions."""
    rng = np.random.default_rng(seed)
    out: list[np.ndarray | None] = [None, np.flatnonzero(rng.random(n) < 0.5), np.flatnonzero(rng.random(n) < 0.03),
                                    np.zeros(0, dtype=np.intp)]
    if n:
        out += [np.array([0]), np.array([n - 1])]
    return out


def previous_overview(rows: pd.DataFrame, lang: str, n: int) -> dict:
    return {"head": previous.build_headline(rows), "hosts": previous.build_top_hosts(rows, lang, n),
            "routes": previous.build_top_routes(rows, lang, n), "recent": previous.build_recent(rows, lang, n),
            "quality": previous.build_quality(rows)}


def assert_same_overview(got: dict, expected: dict) -> None:
    assert list(got) == list(expected)
    for key, value in expected.items():
        if isinstance(value, dict):
            assert got[key] == value and list(got[key]) == list(value), key  # the page lists them in this order
        else:
            pd.testing.assert_frame_equal(got[key], value)


@pytest.mark.parametrize("n", [0, 1, 10])
def test_views_counted_on_codes_match_the_previous_builders(varied, n):
    seed = len(varied)
    visits = with_resolutions(varied, seed)
    codes = overview.build_overview_codes(visits)
    for positions in views(len(visits), seed):
        rows = visits if positions is None else visits.iloc[positions]
        for lang in ("en", "id"):
            assert_same_overview(overview.build_overview(codes, positions, visits, lang, n),
                                 previous_overview(rows, lang, n))


def test_the_word_for_unknown_merges_with_a_place_of_that_name_in_its_language_only():
    unknown_id = t("unknown", "id")
    visits = pd.DataFrame({"host_name": [unknown_id, None, "Kota A", None], "host_mention": [None] * 4,
                           "host_province": [unknown_id, None, "P", None]})
    codes = overview.build_overview_codes(visits, ("hosts",))
    assert overview.to_top_hosts(codes, "id").values.tolist() == [[unknown_id, unknown_id, 3], ["Kota A", "P", 1]]
    assert overview.to_top_hosts(codes, "en").values.tolist() == [
        ["unknown", "unknown", 2], ["Kota A", "P", 1], [unknown_id, unknown_id, 1]]
    for lang in ("id", "en"):
        pd.testing.assert_frame_equal(overview.to_top_hosts(codes, lang), ref_build_top_hosts(visits, lang))


def test_hosts_tied_on_count_and_name_are_ordered_by_first_row_of_the_view():
    visits = pd.DataFrame({"host_name": ["Kota X", "Kota X", "Kota X", "Kota X", "Kota B"], "host_mention": [None] * 5,
                           "host_province": ["P1", "P2", "P1", "P2", "P3"]})
    codes = overview.build_overview_codes(visits, ("hosts",))
    assert overview.to_top_hosts(codes, "en", np.array([1, 2, 4])).values.tolist() == [
        ["Kota B", "P3", 1], ["Kota X", "P2", 1], ["Kota X", "P1", 1]]
    assert overview.to_top_hosts(codes, "en", np.array([0, 1, 4])).values.tolist() == [
        ["Kota B", "P3", 1], ["Kota X", "P1", 1], ["Kota X", "P2", 1]]


@pytest.mark.parametrize("seed", range(8))
def test_large_views_match_the_previous_builders(seed):
    """Tables large enough for the dense-count paths and many ties at the n-th place."""
    rng = np.random.default_rng(seed)
    size = 20_000
    names = np.array(NAMES + [f"Kota {i}" for i in range(300)], dtype=object)
    mentions = np.array(MENTIONS + [f"Desa {i}" for i in range(50)], dtype=object)
    provinces = np.array(PROVINCES, dtype=object)
    days = rng.integers(17000, 17400 if seed % 2 else 19000, size)
    dated = rng.random(size) < 0.8
    frame = pd.DataFrame({
        "visit_id": [f"v{i}" for i in range(size)],
        "date": [date(1970, 1, 1) + timedelta(days=int(d)) if ok else None for d, ok in zip(days, dated, strict=True)],
        "date_precision": np.where(dated, rng.choice(["day", "month", "year"], size), "unknown"),
        "origin_name": rng.choice(names, size), "origin_mention": rng.choice(mentions, size),
        "origin_institution": rng.choice(np.array(INSTITUTIONS, dtype=object), size),
        "origin_resolution": rng.choice(np.array(RESOLUTIONS, dtype=object), size),
        "host_name": rng.choice(names[: 5 + seed * 40], size), "host_mention": rng.choice(mentions, size),
        "host_province": rng.choice(provinces, size),
        "host_institution": rng.choice(np.array(INSTITUTIONS, dtype=object), size),
        "host_resolution": rng.choice(np.array(RESOLUTIONS, dtype=object), size),
        "distance_km": np.where(rng.random(size) < 0.3, np.nan, rng.integers(0, 3000, size).astype(float)),
        "delegation_size": np.where(rng.random(size) < 0.4, np.nan, rng.integers(1, 60, size).astype(float)),
        "delegation_min": np.where(rng.random(size) < 0.7, np.nan, 5.0),
        "delegation_max": np.nan,
        "visit_type": rng.choice(list(taxonomy.VISIT_TYPES), size),
    })
    codes = overview.build_overview_codes(frame)
    for positions in views(size, seed)[:3]:
        rows = frame if positions is None else frame.iloc[positions]
        for lang in ("en", "id"):
            assert_same_overview(overview.build_overview(codes, positions, frame, lang),
                                 previous_overview(rows, lang, 10))


@pytest.mark.parametrize("seed", range(6))
def test_routes_of_labels_without_arrows_match_the_previous_builders(seed):
    """Without '→' in any label the routes are grouped by label pairs, not by their texts."""
    rng = random.Random(seed)
    names = [x for x in NAMES if x is None or "→" not in x]
    mentions = [x for x in MENTIONS if x is None or "→" not in x]
    size = rng.choice([1, 7, 60, 3000])
    visits = pd.DataFrame({
        "origin_name": [rng.choice(names) for _ in range(size)], "origin_mention": [rng.choice(mentions) for _ in range(size)],
        "host_name": [rng.choice(names) for _ in range(size)], "host_mention": [rng.choice(mentions) for _ in range(size)],
    })
    codes = overview.build_overview_codes(visits, ("routes",))
    assert not overview._has_arrow(codes.lang_codes("en").origin_labels)
    for positions in views(size, seed):
        rows = visits if positions is None else visits.iloc[positions]
        for lang in ("en", "id"):
            for n in (1, 10):
                pd.testing.assert_frame_equal(overview.to_top_routes(codes, lang, positions, n),
                                              previous.build_top_routes(rows, lang, n))
