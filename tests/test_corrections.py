"""Corrections: validated edits, merges, splits, hand-made visits, undo, conflicts, orphans, surviving ETL re-runs."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from etl import corrections as c
from etl import schema
from etl.corrections import (
    ConflictError,
    CorrectionError,
    InvalidValueError,
    ManualSource,
    StoredState,
    VisitState,
)
from etl.model import Place
from tests.conftest import build_visit_sources, build_visits, write_tables

T0 = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)


def clock():
    return T0


def ids(*values):
    it = iter(values)
    return lambda: next(it)


def row(visits: pd.DataFrame, vid: str) -> dict:
    return {k: c._plain(v) for k, v in visits.set_index("visit_id").loc[vid].to_dict().items()} | {"visit_id": vid}


def read_visits(data_dir: Path) -> pd.DataFrame:
    return schema.to_arrow("visits", pd.read_parquet(data_dir / "visits.parquet")).to_pandas()


def corrected(data_dir: Path) -> pd.DataFrame:
    return c.apply_corrections(read_visits(data_dir), data_dir)


# ------------------------------------------------------------------ validation


BASE = {"visit_id": "v9", "date": date(2024, 2, 2), "date_precision": "day", "delegation_min": 10, "delegation_max": 19}
EXACT = {"visit_id": "v8", "delegation_size": 20, "delegation_min": 20, "delegation_max": 20}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date": "2024-02-09", "date_precision": "month"}, {"date": date(2024, 2, 1), "date_precision": "month"}),
        ({"date_precision": "year"}, {"date": date(2024, 1, 1), "date_precision": "year"}),
        ({"date_precision": "unknown"}, {"date": None, "date_precision": "unknown"}),
        ({"date": date(2024, 2, 3)}, {"date": date(2024, 2, 3), "date_precision": "day"}),
        ({"topics": ["smart_city", "egov", "egov"]}, {"topics": ["egov", "smart_city"]}),
        ({"delegation_size": 12.0}, {"delegation_size": 12}),
        # an exact size the ETL stored as min = max = size moves its range along
        ({"delegation_size": 21}, {"delegation_size": 21, "delegation_min": 21, "delegation_max": 21}),
        ({"delegation_size": None, "delegation_text": "  belasan pimpinan OPD "}, {"delegation_size": None, "delegation_text": "belasan pimpinan OPD"}),
        ({"lead": "   "}, {"lead": None}),
        ({"visit_type": "emulation_study", "host_institution_type": "dprd"}, {"visit_type": "emulation_study", "host_institution_type": "dprd"}),
    ],
)
def test_parse_changes_normalises(changes, expected):
    assert c.parse_changes(changes, EXACT if changes.get("delegation_size") == 21 else BASE) == expected


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"visit_id": "x"}, "visit_id"),
        ({"n_sources": 4}, "n_sources"),
        ({"topics": ["egov", "sepak_bola"]}, "topics"),
        ({"visit_type": "vacation"}, "visit_type"),
        ({"date_precision": "week"}, "date_precision"),
        ({"date": "kemarin"}, "date"),
        ({"date": None}, "date"),  # precision is still "day"
        ({"date": "2024-02-02", "date_precision": "unknown"}, "date"),
        ({"delegation_size": 25}, "delegation_size"),  # above max 19
        ({"delegation_size": 0}, "delegation_size"),
        ({"delegation_size": 2.5}, "delegation_size"),
        ({"delegation_min": 30}, "delegation_min"),
        ({"origin_lat": 123.0}, "origin_lat"),
        ({"origin_level": "desa"}, "origin_level"),
    ],
)
def test_parse_changes_refuses(changes, field):
    with pytest.raises(InvalidValueError) as err:
        c.parse_changes(changes, BASE)
    assert err.value.field == field


def test_place_fields_from_the_gazetteer_and_unknown():
    place = Place("Kota Surabaya", "kota", "35.78", "Jawa Timur", -7.25, 112.75, "gazetteer", "Subaya")
    assert c.place_fields("host", place) == {
        "host_name": "Kota Surabaya", "host_level": "kota", "host_code": "35.78", "host_province": "Jawa Timur",
        "host_lat": -7.25, "host_lon": 112.75, "host_resolution": "gazetteer",
    }
    assert c.place_fields("origin", None, mention="Kota Antah") == {
        "origin_name": None, "origin_level": "unknown", "origin_code": None, "origin_province": None,
        "origin_lat": None, "origin_lon": None, "origin_resolution": "unresolved", "origin_mention": "Kota Antah",
    }


# ------------------------------------------------------------------ edit, re-run, undo


def test_no_corrections_leaves_the_table_alone_and_creates_no_file(data_dir):
    visits = read_visits(data_dir)
    assert c.apply_corrections(visits, data_dir) is visits
    assert not c.db_path(data_dir).exists()


def test_edit_is_applied_audited_and_survives_an_etl_rerun(data_dir):
    before = read_visits(data_dir)
    v6 = row(before, "v6")
    place = Place("Kota Ambon", "kota", "81.71", "Maluku", -3.6954, 128.1814, "gazetteer")
    with c.open_db(data_dir) as conn:
        change = c.save_edit(
            conn, v6,
            {**c.place_fields("origin", place), "date": "2022-08-17", "date_precision": "day", "topics": ["health", "egov"]},
            0, "rina@example.id", now=clock,
        )
    expected = {
        **v6,
        "origin_name": "Kota Ambon", "origin_level": "kota", "origin_code": "81.71", "origin_province": "Maluku",
        "origin_lat": -3.6954, "origin_lon": 128.1814, "origin_resolution": "gazetteer",
        "date": date(2022, 8, 17), "date_precision": "day", "year": 2022, "topics": ["egov", "health"], "confidence": 1.0,
        "distance_km": c.distance_km(-3.6954, 128.1814, v6["host_lat"], v6["host_lon"]),
    }
    after = corrected(data_dir)
    assert row(after, "v6") == expected
    assert list(after.columns) == list(before.columns) and list(after.dtypes) == list(before.dtypes)
    assert after.attrs["n_corrections"] == 1
    # every other visit untouched
    assert after[after.visit_id != "v6"].reset_index(drop=True).equals(before[before.visit_id != "v6"].reset_index(drop=True))

    [entry] = c.load_audit(data_dir)
    assert (entry.change_id, entry.action, entry.who, entry.at, entry.visit_id, entry.version) == (
        change, "edit", "rina@example.id", "2026-11-25T16:00:00+00:00", "v6", 1
    )
    assert entry.before is None
    assert entry.detail["origin_name"] == [None, "Kota Ambon"]
    assert entry.detail["date"] == [None, "2022-08-17"]

    # The ETL runs again: v6 is extracted again (same id) with other values, and a new visit appears.
    rerun = build_visits()
    rerun.loc[rerun.visit_id == "v6", "lead"] = "Sekda Kota Antah"
    extra = rerun[rerun.visit_id == "v8"].assign(visit_id="v9")
    write_tables(data_dir, pd.concat([rerun, extra], ignore_index=True))
    again = corrected(data_dir)
    assert row(again, "v6") == {**expected, "lead": "Sekda Kota Antah"}
    assert sorted(again.visit_id) == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"]


def test_undo_puts_the_before_state_back_as_a_new_entry(data_dir):
    original = read_visits(data_dir)
    v2 = row(original, "v2")
    with c.open_db(data_dir) as conn:
        first = c.save_edit(conn, v2, {"delegation_size": 14}, 0, "rina", now=clock)
        second = c.save_edit(conn, row(corrected(data_dir), "v2"), {"visit_type": "comparative_study"}, 1, "rina", now=clock)
        assert row(corrected(data_dir), "v2") == {**v2, "delegation_size": 14, "visit_type": "comparative_study", "confidence": 1.0}
        with pytest.raises(ConflictError):  # the later change must be undone first
            c.save_undo(conn, first, "budi", now=clock)
        undo2 = c.save_undo(conn, second, "budi", now=clock)
        assert row(corrected(data_dir), "v2") == {**v2, "delegation_size": 14, "confidence": 1.0}
        undo1 = c.save_undo(conn, first, "budi", now=clock)
        assert row(corrected(data_dir), "v2") == v2
        redo = c.save_undo(conn, undo1, "budi", now=clock)  # undoing the undo is a redo
        assert row(corrected(data_dir), "v2") == {**v2, "delegation_size": 14, "confidence": 1.0}
    log = c.load_audit(data_dir, "v2")
    assert [(e.change_id, e.action, e.who, e.version, e.undoes) for e in log] == [
        (redo, "undo", "budi", 5, undo1),
        (undo1, "undo", "budi", 4, first),
        (undo2, "undo", "budi", 3, second),
        (second, "edit", "rina", 2, None),
        (first, "edit", "rina", 1, None),
    ]
    assert log[1].after is None and log[1].before == log[4].after


def test_two_editors_at_once_the_second_gets_a_conflict_not_an_overwrite(data_dir):
    v3 = row(read_visits(data_dir), "v3")
    with c.open_db(data_dir) as one, c.open_db(data_dir) as two:
        seen_by_one = c.read_version(one, "v3")
        seen_by_two = c.read_version(two, "v3")
        c.save_edit(one, v3, {"delegation_size": 36}, seen_by_one, "rina@example.id", now=clock)
        with pytest.raises(ConflictError) as err:
            c.save_edit(two, v3, {"delegation_size": 40}, seen_by_two, "budi@example.id", now=clock)
    e = err.value
    assert (e.visit_id, e.expected, e.actual) == ("v3", 0, 1)
    assert (e.last.who, e.last.action, e.last.at) == ("rina@example.id", "edit", "2026-11-25T16:00:00+00:00")
    assert e.current.fields == {"delegation_size": 36, "confidence": 1.0}
    assert row(corrected(data_dir), "v3")["delegation_size"] == 36
    assert [a.who for a in c.load_audit(data_dir)] == ["rina@example.id"]


def test_the_database_is_in_wal_mode(data_dir):
    with c.open_db(data_dir):
        pass
    conn = sqlite3.connect(c.db_path(data_dir))
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


def test_a_change_needs_a_name(data_dir):
    with c.open_db(data_dir) as conn, pytest.raises(CorrectionError, match="who"):
        c.save_reject(conn, "v1", 0, "  ", now=clock)


# ------------------------------------------------------------------ orphans


def test_a_correction_whose_visit_disappeared_is_listed_not_dropped(data_dir):
    with c.open_db(data_dir) as conn:
        c.save_edit(conn, row(read_visits(data_dir), "v5"), {"lead": "Wali Kota Surabaya"}, 0, "rina", now=clock)
        c.save_reject(conn, "v4", 0, "rina", now=clock)
    rerun = build_visits()
    write_tables(data_dir, rerun[~rerun.visit_id.isin(["v5", "v4"])].reset_index(drop=True))
    visits = read_visits(data_dir)
    assert sorted(corrected(data_dir).visit_id) == ["v1", "v2", "v3", "v6", "v7", "v8"]
    states = c.load_states(data_dir)
    orphans = c.find_orphans(visits.visit_id, states)
    assert orphans == [
        c.Orphan("v4", "visit_missing", VisitState(status="rejected"), 1),
        c.Orphan("v5", "visit_missing", VisitState(fields={"lead": "Wali Kota Surabaya", "confidence": 1.0}), 1),
    ]
    # a person says which visit now stands for v5: the edit moves there, the audit keeps both ends
    with c.open_db(data_dir) as conn:
        c.save_reattach(conn, "v5", 1, "v7", 0, "rina", now=clock)
    assert row(corrected(data_dir), "v7")["lead"] == "Wali Kota Surabaya"
    assert [o.visit_id for o in c.find_orphans(visits.visit_id, c.load_states(data_dir))] == ["v4"]


# ------------------------------------------------------------------ reject, merge, split, add


def tables_of(data_dir: Path) -> dict[str, pd.DataFrame]:
    return {n: pd.read_parquet(data_dir / f"{n}.parquet") for n in ("visits", "visit_sources", "visit_topics")}


def test_reject_and_restore(data_dir):
    with c.open_db(data_dir) as conn:
        c.save_reject(conn, "v6", 0, "rina", note="not a visit", now=clock)
        assert "v6" not in set(corrected(data_dir).visit_id)
        c.save_restore(conn, "v6", 1, "rina", now=clock)
    assert row(corrected(data_dir), "v6") == row(read_visits(data_dir), "v6")


def test_merge_moves_sources_unites_topics_and_recounts(data_dir):
    visits = read_visits(data_dir)
    with c.open_db(data_dir) as conn:
        c.save_merge(conn, row(visits, "v7"), 0, row(visits, "v1"), 0, "rina", now=clock)
    out = c.apply_corrections_tables(tables_of(data_dir), data_dir)
    assert "v1" not in set(out["visits"].visit_id)
    assert row(out["visits"], "v7") == {**row(visits, "v7"), "topics": ["egov", "smart_city", "civil_service"], "n_sources": 3}
    assert sorted(map(tuple, out["visit_sources"].query("visit_id == 'v7'")[["article_id", "field"]].values)) == [
        ("a1", "date"), ("a1", "origin"), ("a2", "host"), ("a7", "delegation"),
    ]
    assert sorted(out["visit_topics"].query("visit_id == 'v7'").topic) == ["civil_service", "egov", "smart_city"]
    assert set(out["visit_topics"].visit_id) == set(out["visits"].visit_id)
    # the visits-only entry point reads visit_sources itself for the count
    assert row(corrected(data_dir), "v7")["n_sources"] == 3


def test_merging_a_visit_into_itself_is_refused(data_dir):
    v1 = row(read_visits(data_dir), "v1")
    with c.open_db(data_dir) as conn, pytest.raises(CorrectionError):
        c.save_merge(conn, v1, 0, v1, 0, "rina", now=clock)


def test_split_moves_the_chosen_article_and_topic_to_a_new_visit(data_dir):
    visits = read_visits(data_dir)
    v1 = row(visits, "v1")
    with c.open_db(data_dir) as conn:
        _, new = c.save_split(conn, v1, 0, ["a2"], ["smart_city"], "rina", now=clock, new_id=ids("manual-000000000001"))
    assert new == "manual-000000000001"
    out = c.apply_corrections_tables(tables_of(data_dir), data_dir)
    assert row(out["visits"], "v1") == {**v1, "topics": ["egov"], "n_sources": 1}
    assert row(out["visits"], new) == {**v1, "visit_id": new, "topics": ["smart_city"], "n_sources": 1}
    srcs = out["visit_sources"]
    assert sorted(srcs[srcs.visit_id == new].article_id) == ["a2"]
    assert sorted(srcs[srcs.visit_id == "v1"].article_id) == ["a1", "a1"]
    # the new visit can be edited like any other
    with c.open_db(data_dir) as conn:
        c.save_edit(conn, row(out["visits"], new), {"date": "2019-03-12"}, 1, "rina", now=clock)
    assert row(corrected(data_dir), new)["date"] == date(2019, 3, 12)


def test_add_a_visit_by_hand_needs_a_source(data_dir):
    fields = {
        **c.place_fields("origin", Place("Kota Ternate", "kota", "82.71", "Maluku Utara", 0.79, 127.38, "gazetteer")),
        **c.place_fields("host", Place("Kota Surabaya", "kota", "35.78", "Jawa Timur", -7.25, 112.75, "gazetteer")),
        "date": "2024-02-02", "date_precision": "day", "visit_type": "working_visit", "topics": ["data"],
        "origin_institution": "Pemerintah Kota Ternate", "origin_institution_type": "pemkot",
    }
    with c.open_db(data_dir) as conn:
        with pytest.raises(InvalidValueError, match="source"):
            c.save_new_visit(conn, fields, [ManualSource("  ", None)], "rina", now=clock)
        with pytest.raises(InvalidValueError, match="URL"):
            c.save_new_visit(conn, fields, [ManualSource("javascript:alert(1)")], "rina", now=clock)
        _, vid = c.save_new_visit(
            conn, fields, [ManualSource("https://contoh.id/ternate", "seen in print")], "rina",
            now=clock, new_id=ids("manual-00000000000a"),
        )
    out = c.apply_corrections_tables(tables_of(data_dir), data_dir)
    got = row(out["visits"], vid)
    assert got == {
        "visit_id": vid, "date": date(2024, 2, 2), "date_precision": "day", "date_note": None, "year": 2024,
        "origin_name": "Kota Ternate", "origin_level": "kota", "origin_code": "82.71", "origin_province": "Maluku Utara",
        "origin_lat": 0.79, "origin_lon": 127.38, "origin_resolution": "gazetteer", "origin_mention": None,
        "origin_institution": "Pemerintah Kota Ternate", "origin_institution_type": "pemkot",
        "host_name": "Kota Surabaya", "host_level": "kota", "host_code": "35.78", "host_province": "Jawa Timur",
        "host_lat": -7.25, "host_lon": 112.75, "host_resolution": "gazetteer", "host_mention": None,
        "host_institution": None, "host_institution_type": "other",
        "distance_km": c.distance_km(0.79, 127.38, -7.25, 112.75), "delegation_size": None, "delegation_min": None,
        "delegation_max": None, "delegation_text": None, "lead": None, "visit_type": "working_visit",
        "topics": ["data"], "n_sources": 1, "confidence": 1.0,
    }
    assert [{k: c._plain(v) for k, v in r.items()} for r in out["visit_sources"].query("visit_id == @vid").to_dict("records")] == [
        {"visit_id": vid, "article_id": None, "field": "manual_source", "evidence": "https://contoh.id/ternate | seen in print"}
    ]


# ------------------------------------------------------------------ the pure core directly


@pytest.mark.parametrize(
    ("states", "shown"),
    [
        ({}, ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"]),
        ({"v2": VisitState(status="rejected")}, ["v1", "v3", "v4", "v5", "v6", "v7", "v8"]),
        ({"v2": VisitState(status="merged", merged_into="v4"), "v4": VisitState(absorbed=("v2",))},
         ["v1", "v3", "v4", "v5", "v6", "v7", "v8"]),
        ({"gone": VisitState(fields={"lead": "x"})}, ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"]),
        # a cycle made by hand must not hang or lose both visits' rows silently
        ({"v2": VisitState(status="merged", merged_into="v4"), "v4": VisitState(status="merged", merged_into="v2")},
         ["v1", "v3", "v5", "v6", "v7", "v8"]),
    ],
    ids=["none", "rejected", "merged", "orphan-ignored", "merge-cycle"],
)
def test_build_corrected_tables_rows(states, shown):
    tables = {"visits": schema.to_arrow("visits", build_visits()).to_pandas(), "visit_sources": build_visit_sources()}
    out = c.build_corrected_tables(tables, {k: StoredState(v, 1) for k, v in states.items()})
    assert list(out["visits"].visit_id) == shown


# ------------------------------------------------------------------ review queue


def test_review_queue_puts_the_likely_wrong_first(data_dir):
    visits = read_visits(data_dir)
    visits.loc[visits.visit_id == "v4", "host_resolution"] = "online"
    sources = pd.concat(
        [build_visit_sources(), pd.DataFrame([{"visit_id": "v1", "article_id": "a2", "field": "date", "evidence": "Rabu (6/3)."}])]
    )
    states = {"v2": StoredState(VisitState(fields={"confidence": 1.0}), 1)}
    q = c.build_review_queue(visits, sources, states)
    assert q.to_dict("records")[:4] == [
        {"visit_id": "v6", "score": 2.1, "reasons": ["low_confidence", "origin_unresolved", "date_unknown"], "reviewed": False},
        {"visit_id": "v4", "score": 0.7, "reasons": ["host_online"], "reviewed": False},
        {"visit_id": "v1", "score": 0.6, "reasons": ["sources_differ"], "reviewed": False},
        {"visit_id": "v5", "score": 0.25, "reasons": [], "reviewed": False},
    ]
    assert q.iloc[-1].to_dict() == {"visit_id": "v2", "score": 0.0, "reasons": [], "reviewed": True}


# ------------------------------------------------------------------ with the real ETL

BOGOR = """DPRD Kota Bogor Studi Banding Pengelolaan Sampah ke Surabaya

SURABAYA - Rombongan Komisi III DPRD Kota Bogor melakukan studi banding ke Pemerintah Kota Surabaya, Selasa (5/3/2024). \
Sebanyak 20 anggota dewan dan staf sekretariat diterima di Balai Kota Surabaya.

Mereka mempelajari pengelolaan sampah, bank sampah dan TPA yang dijalankan Dinas Lingkungan Hidup Kota Surabaya.
"""
BOGOR_AGAIN = """Surabaya Jadi Rujukan DPRD Bogor

SURABAYA - Komisi III DPRD Kota Bogor berkunjung ke Kota Surabaya pada Selasa (5/3/2024) untuk studi banding \
pengelolaan sampah. Rombongan diterima Wali Kota Surabaya di Balai Kota.
"""
MINAHASA = """Pemkab Minahasa Belajar SPBE ke Kota Bandung

BANDUNG - Pemerintah Kabupaten Minahasa melakukan kunjungan kerja ke Pemerintah Kota Bandung, Kamis (12/9/2024). \
Rombongan yang dipimpin Sekretaris Daerah itu belajar penerapan SPBE dan aplikasi layanan publik.
"""


def test_an_edit_survives_a_real_etl_rerun_that_adds_articles(tmp_path):
    from etl.pipeline import run_etl

    arts, out = tmp_path / "articles", tmp_path / "processed"
    arts.mkdir()
    (arts / "bogor.txt").write_text(BOGOR, encoding="utf-8")
    run_etl([arts], out)
    first = read_visits(out)
    [bogor] = [r for r in first.to_dict("records") if r["origin_name"] == "Kota Bogor"]
    base = row(first, bogor["visit_id"])
    with c.open_db(out) as conn:
        c.save_edit(conn, base, {"delegation_size": 21, "lead": "Ketua Komisi III"}, 0, "rina", now=clock)
    assert c.db_path(out).parent == tmp_path  # beside the output folder, which the ETL swaps whole

    (arts / "bogor_lagi.txt").write_text(BOGOR_AGAIN, encoding="utf-8")
    (arts / "minahasa.txt").write_text(MINAHASA, encoding="utf-8")
    run_etl([arts], out)
    second = read_visits(out)
    assert len(second) == 2
    again = row(second, bogor["visit_id"])  # the same visit, now with two sources
    assert again["n_sources"] == 2
    assert row(corrected(out), bogor["visit_id"]) == {
        **again, "delegation_size": 21, "delegation_min": 21, "delegation_max": 21, "lead": "Ketua Komisi III", "confidence": 1.0
    }
    assert c.find_orphans(second.visit_id, c.load_states(out)) == []


# ------------------------------------------------------------------ what an edit form changed, merge candidates


@pytest.mark.parametrize(
    ("edited", "expected"),
    [
        ({"lead": "", "date_note": "  "}, {}),  # empty stays empty
        ({"lead": " Sekda "}, {"lead": "Sekda"}),
        ({"topics": ["smart_city", "egov"]}, {}),  # same topics, other order
        ({"topics": ["egov"]}, {"topics": ["egov"]}),
        ({"delegation_size": 20}, {}),  # 20.0 read from Parquet is 20
        ({"delegation_size": 25.0}, {"delegation_size": 25}),
        ({"delegation_size": None}, {"delegation_size": None}),
        ({"date": date(2019, 3, 5), "visit_type": "comparative_study"}, {}),
        ({"date": date(2019, 3, 6)}, {"date": date(2019, 3, 6)}),
    ],
)
def test_build_edit_changes(edited, expected):
    base = {"lead": None, "date_note": None, "topics": ["egov", "smart_city"], "delegation_size": 20.0,
            "date": date(2019, 3, 5), "visit_type": "comparative_study"}
    assert c.build_edit_changes(base, edited) == expected


@pytest.mark.parametrize(
    ("vid", "expected"),
    [
        ("v1", ["v2", "v4", "v7"]),  # same visitor (Bandung) or host (Surabaya), nearest date first
        ("v6", ["v3"]),  # unknown visitor: only the same host (Bandung) counts
    ],
)
def test_build_merge_candidates(vid, expected):
    visits = schema.to_arrow("visits", build_visits()).to_pandas()
    base = row(visits, vid)
    assert c.build_merge_candidates(visits, base) == expected
    assert c.build_merge_candidates(visits, base, limit=1) == expected[:1]


def test_applying_twice_changes_nothing(data_dir):
    """The loader may hand already corrected tables to a page that applies the corrections again."""
    visits = read_visits(data_dir)
    with c.open_db(data_dir) as conn:
        c.save_merge(conn, row(visits, "v7"), 0, row(visits, "v1"), 0, "rina", now=clock)
        c.save_split(conn, row(visits, "v3"), 0, ["a3"], ["data"], "rina", now=clock, new_id=ids("manual-0000000000b1"))
        c.save_new_visit(conn, {"visit_type": "benchmarking"}, [ManualSource("https://contoh.id/x")], "rina",
                         now=clock, new_id=ids("manual-0000000000b2"))
        c.save_reject(conn, "v8", 0, "rina", now=clock)
    states = c.load_states(data_dir)
    once = c.build_corrected_tables(tables_of(data_dir), states)
    twice = c.build_corrected_tables(once, states)
    for name in ("visits", "visit_sources", "visit_topics"):
        a = once[name].sort_values(list(once[name].columns[:2])).reset_index(drop=True)
        b = twice[name].sort_values(list(twice[name].columns[:2])).reset_index(drop=True)
        assert a.astype(str).equals(b.astype(str)), name
    assert c.build_corrected_sources(once["visit_sources"], states).astype(str).sort_values(["visit_id", "field"]).reset_index(
        drop=True).equals(once["visit_sources"].astype(str).sort_values(["visit_id", "field"]).reset_index(drop=True))
