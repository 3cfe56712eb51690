from dataclasses import replace
from datetime import date

import pytest

from etl.merge import MergeKeys, build_clusters, date_bucket, date_range, merge_visits, place_key
from etl.model import Place, Visit

TERNATE = Place("Kota Ternate", "kota", "82.71", "Maluku Utara", 0.79, 127.38, "gazetteer", "Kota Ternate")
SURABAYA = Place("Kota Surabaya", "kota", "35.78", "Jawa Timur", -7.25, 112.75, "gazetteer", "Kota Surabaya")
BOGOR_KAB = Place("Kabupaten Bogor", "kabupaten", "32.01", "Jawa Barat", -6.48, 106.82, "gazetteer", "Kab. Bogor")
UNRESOLVED = Place(None, "unknown", mention="Kota Antah")
SELASA = "weekday only ('Selasa'), no publication date"  # etl.dates' note for a bare "Selasa"


def visit(d=None, precision="day", origin=TERNATE, host=SURABAYA, **kw) -> Visit:
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return Visit(origin, host, date=d, date_precision=precision if d else "unknown", **kw)


def clusters_of(rows):
    """rows: (visit, article_id, published) -> the cluster partition as lists of row numbers."""
    keys = MergeKeys()
    for i, (v, aid, pub) in enumerate(rows):
        assert keys.add(v, aid, date.fromisoformat(pub) if pub else None) == i
    c = build_clusters(keys)
    groups: dict[int, list[int]] = {}
    for seq, number in enumerate(c.cluster_of.tolist()):
        groups.setdefault(number, []).append(seq)
    assert sorted(len(g) for g in groups.values()) == sorted(c.sizes)
    return sorted(groups.values()), c


@pytest.mark.parametrize(
    "rows, expected",
    [
        # same day, two outlets
        ([(visit("2024-02-02"), "a", "2024-02-02"), (visit("2024-02-02"), "b", "2024-02-03")], [[0, 1]]),
        # a day apart, and two days apart
        ([(visit("2024-02-02"), "a", None), (visit("2024-02-03"), "b", None)], [[0, 1]]),
        ([(visit("2024-02-04"), "a", None), (visit("2024-02-02"), "b", None)], [[0, 1]]),
        # three days apart: two visits
        ([(visit("2024-02-02"), "a", None), (visit("2024-02-05"), "b", None)], [[0], [1]]),
        # 1, 3, 5 do not chain into one visit
        (
            [(visit("2024-02-01"), "a", None), (visit("2024-02-03"), "b", None), (visit("2024-02-05"), "c", None)],
            [[0, 1], [2]],
        ),
        # direction matters
        (
            [(visit("2024-02-02"), "a", None), (visit("2024-02-02", origin=SURABAYA, host=TERNATE), "b", None)],
            [[0], [1]],
        ),
        # unresolved places never merge
        (
            [(visit("2024-02-02", host=UNRESOLVED), "a", None), (visit("2024-02-02", host=UNRESOLVED), "b", None)],
            [[0], [1]],
        ),
        # a month-only date joins the one visit in that month...
        ([(visit("2024-02-02"), "a", None), (visit("2024-02-01", "month"), "b", "2024-02-20")], [[0, 1]]),
        # ...but stays apart when two visits that month make it ambiguous
        (
            [
                (visit("2024-02-02"), "a", None),
                (visit("2024-02-20"), "b", None),
                (visit("2024-02-01", "month"), "c", None),
            ],
            [[0], [1], [2]],
        ),
        # unknown date + precise date: merged when published within a week
        ([(visit("2024-02-02"), "a", "2024-02-03"), (visit(), "b", "2024-02-08")], [[0, 1]]),
        ([(visit("2024-02-02"), "a", "2024-02-03"), (visit(), "b", "2024-02-20")], [[0], [1]]),
        # the precise report's own date is its anchor when it has no publication date
        ([(visit("2024-02-02"), "a", None), (visit(), "b", "2024-02-04")], [[0, 1]]),
        # unknown publication: never merged on a guess
        ([(visit("2024-02-02"), "a", "2024-02-03"), (visit(), "b", None)], [[0], [1]]),
        # two unknown dates: merged only within one publication window
        ([(visit(), "a", "2024-03-01"), (visit(), "b", "2024-03-06")], [[0, 1]]),
        ([(visit(), "a", "2024-03-01"), (visit(), "b", "2024-03-12")], [[0], [1]]),
        ([(visit(), "a", None), (visit(), "b", None)], [[0], [1]]),
        # an undated report between two dated visits is ambiguous
        (
            [
                (visit("2024-02-02"), "a", "2024-02-02"),
                (visit("2024-02-06"), "b", "2024-02-06"),
                (visit(), "c", "2024-02-04"),
            ],
            [[0], [1], [2]],
        ),
        # no anchor but a named weekday ("..., Selasa."): the one dated visit on that weekday (6 Feb 2024: Tuesday)
        ([(visit("2024-02-06"), "a", None), (visit(date_note=SELASA), "b", None)], [[0, 1]]),
        ([(visit("2024-02-07"), "a", None), (visit(date_note=SELASA), "b", None)], [[0], [1]]),
        # ...also when another report of that visit, a day later, is on another weekday
        (
            [(visit("2024-02-07"), "a", None), (visit("2024-02-06"), "c", None), (visit(date_note=SELASA), "b", None)],
            [[0, 1, 2]],
        ),
        # two Tuesday visits: ambiguous; two weekday-only reports alone: nothing to join
        (
            [(visit("2024-02-06"), "a", None), (visit("2024-02-13"), "c", None), (visit(date_note=SELASA), "b", None)],
            [[0], [1], [2]],
        ),
        ([(visit(date_note=SELASA), "a", None), (visit(date_note=SELASA), "b", None)], [[0], [1]]),
        # an undated report that names no weekday still needs an anchor
        ([(visit("2024-02-06"), "a", None), (visit(date_note="no date in text"), "b", None)], [[0], [1]]),
        # a year-only date needs the same year as well as the publication window
        ([(visit("2024-02-02"), "a", "2024-02-03"), (visit("2023-01-01", "year"), "b", "2024-02-05")], [[0], [1]]),
        ([(visit("2024-02-02"), "a", "2024-02-03"), (visit("2024-01-01", "year"), "b", "2024-02-05")], [[0, 1]]),
    ],
)
def test_clusters(rows, expected):
    groups, c = clusters_of(rows)
    assert groups == expected
    assert c.merged == len(rows) - len(expected)
    assert len(set(c.visit_ids)) == len(c.visit_ids)


def test_visit_id_is_stable_when_more_reports_and_other_visits_are_added():
    first = [(visit("2024-02-02"), "a.txt", "2024-02-02"), (visit(host=BOGOR_KAB), "b.txt", "2024-03-01")]
    _, c1 = clusters_of(first)
    more = [
        (visit("2023-08-08", origin=BOGOR_KAB), "c.txt", None),
        *first,
        (visit("2024-02-03"), "d.txt", "2024-02-04"),
        (visit(host=BOGOR_KAB), "e.txt", "2024-03-03"),
    ]
    _, c2 = clusters_of(more)
    ids1 = [c1.visit_ids[n] for n in c1.cluster_of.tolist()]
    ids2 = [c2.visit_ids[n] for n in c2.cluster_of.tolist()]
    assert ids2[1:3] == ids1
    assert ids2[3] == ids2[1] and ids2[4] == ids2[2]
    assert ids2[0] not in ids1


def test_visit_id_rule():
    import hashlib

    _, c = clusters_of([(visit("2024-02-02"), "a", None)])
    assert c.visit_ids == [hashlib.sha1(b"Kota Ternate|Kota Surabaya|2024-W05").hexdigest()[:16]]


def test_two_visits_in_one_week_get_distinct_ids_in_date_order():
    _, c = clusters_of([(visit("2024-02-02"), "a", None), (visit("2024-01-29"), "b", None)])
    ids = [c.visit_ids[n] for n in c.cluster_of.tolist()]
    assert ids[0] == ids[1] + "-2"


def test_unresolved_visits_get_ids_from_their_article_and_position():
    keys = MergeKeys()
    keys.add(visit(host=UNRESOLVED), "a", None, 0)
    keys.add(visit(host=UNRESOLVED), "a", None, 1)
    keys.add(visit(host=UNRESOLVED), "b", None, 0)
    c = build_clusters(keys)
    assert c.sizes == [1, 1, 1] and len(set(c.visit_ids)) == 3
    again = MergeKeys()
    again.add(visit(host=UNRESOLVED), "b", None, 0)
    assert build_clusters(again).visit_ids == [c.visit_ids[2]]


def test_empty_keys():
    c = build_clusters(MergeKeys())
    assert (c.sizes, c.visit_ids, c.merged) == ([], [], 0)


@pytest.mark.parametrize(
    "place, expected",
    [(SURABAYA, "Kota Surabaya"), (UNRESOLVED, None), (replace(SURABAYA, resolved_by="unresolved"), None)],
)
def test_place_key(place, expected):
    assert place_key(place) == expected


@pytest.mark.parametrize(
    "d, precision, expected",
    [
        (date(2024, 2, 2), "day", (date(2024, 2, 2), date(2024, 2, 2))),
        (date(2024, 2, 2), "month", (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2023, 12, 5), "month", (date(2023, 12, 1), date(2023, 12, 31))),
        (date(2024, 2, 2), "year", (date(2024, 1, 1), date(2024, 12, 31))),
        (date(2024, 2, 2), "unknown", None),
        (None, "day", None),
    ],
)
def test_date_range(d, precision, expected):
    got = date_range(d, precision)
    assert got == (None if expected is None else (expected[0].toordinal(), expected[1].toordinal()))


@pytest.mark.parametrize(
    "d, precision, expected",
    [
        (date(2024, 2, 2), "day", "2024-W05"),
        (date(2024, 12, 30), "day", "2025-W01"),
        (date(2024, 2, 2), "year", "2024"),
    ],
)
def test_date_bucket(d, precision, expected):
    assert date_bucket(d, precision) == expected


def test_merge_visits_takes_the_best_of_each_report():
    a = Visit(
        origin=replace(TERNATE, mention="Kota Ternate"),
        host=replace(SURABAYA, mention="Kota Subaya"),
        origin_institution="Pemerintah Kota Ternate",
        origin_institution_type="pemkot",
        date=date(2024, 2, 3),
        date_precision="day",
        delegation_min=11,
        delegation_max=19,
        delegation_text="belasan pimpinan OPD",
        visit_type="working_visit",
        topics=("data", "egov"),
        confidence=0.7,
        evidence={"origin": "kalimat a1", "date": "kalimat a2"},
    )
    b = Visit(
        origin=replace(TERNATE, lat=None, lon=None),
        host=replace(SURABAYA, mention="Kota Pahlawan"),
        host_institution="Pemerintah Kota Surabaya",
        host_institution_type="pemkot",
        date=date(2024, 2, 2),
        date_precision="day",
        delegation_size=12,
        delegation_text="12 orang",
        lead="Wali Kota Ternate",
        topics=("egov", "waste_env"),
        confidence=0.9,
        evidence={"origin": "kalimat b1", "lead": "kalimat b2"},
    )
    c = Visit(origin=TERNATE, host=SURABAYA, date=date(2024, 2, 1), date_precision="month", confidence=0.95)
    merged = merge_visits([a, b, c])
    assert merged == Visit(
        origin=TERNATE,  # c is the most confident and has coordinates
        host=SURABAYA,
        origin_institution="Pemerintah Kota Ternate",
        origin_institution_type="pemkot",
        host_institution="Pemerintah Kota Surabaya",
        host_institution_type="pemkot",
        date=date(2024, 2, 2),  # day beats month; of two days, the earliest
        date_precision="day",
        delegation_size=12,
        delegation_text="12 orang",
        lead="Wali Kota Ternate",
        visit_type="working_visit",
        topics=("data", "egov", "waste_env"),
        confidence=0.95,
    )
    assert merged.evidence == {"origin": "kalimat a1", "date": "kalimat a2", "lead": "kalimat b2"}


def test_merge_visits_keeps_a_range_when_no_report_has_an_exact_size():
    a = visit("2024-02-02", delegation_min=11, delegation_max=19, delegation_text="belasan", confidence=0.4)
    b = visit("2024-02-02", delegation_text="rombongan besar", confidence=0.8)
    merged = merge_visits([a, b])
    assert (merged.delegation_size, merged.delegation_min, merged.delegation_max, merged.delegation_text) == (
        None,
        11,
        19,
        "belasan",
    )


def test_merge_visits_single_and_empty():
    v = visit("2024-02-02")
    assert merge_visits([v]) is v
    with pytest.raises(ValueError):
        merge_visits([])
