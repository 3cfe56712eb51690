import pytest

from etl.evaluate import gold_groups, score


def visit(origin="Kota Ternate", host="Kota Surabaya", **kw):
    base = {
        "origin": origin,
        "origin_province": "Maluku Utara",
        "host": host,
        "host_province": "Jawa Timur",
        "date": "2024-02-02",
        "date_precision": "day",
        "delegation_size": None,
        "visit_type": "working_visit",
        "topics": ["egov", "data"],
        "lead": None,
    }
    base.update(kw)
    return base


LABELS = {
    "a.txt": {"is_visit_article": True, "duplicate_of": None, "visits": [visit()]},
    "b.txt": {"is_visit_article": True, "duplicate_of": "a.txt", "visits": [visit(topics=["egov"])]},
    "c.txt": {
        "is_visit_article": True,
        "duplicate_of": None,
        "visits": [
            visit("Provinsi Banten", host_province="Jawa Timur", origin_province="Banten", delegation_size=68),
            visit("Kota Lubuklinggau", origin_province="Sumatera Selatan"),
        ],
    },
    "neg.txt": {"is_visit_article": False, "duplicate_of": None, "visits": []},
}


def test_perfect_predictions_score_one_everywhere():
    preds = {k: {"is_visit_article": v["is_visit_article"], "visits": v["visits"]} for k, v in LABELS.items()}
    clusters = {"a.txt": {"v1"}, "b.txt": {"v1"}, "c.txt": {"v2", "v3"}}
    report = score(LABELS, preds, clusters)
    assert {s.name: round(s.f1, 3) for s in report.scores if s.name != "date invented"} == {
        "detection": 1.0,
        "origin->host pairs": 1.0,
        "origin": 1.0,
        "host": 1.0,
        "origin_province": 1.0,
        "host_province": 1.0,
        "date": 1.0,
        "delegation_size": 1.0,
        "visit_type": 1.0,
        "topics": 1.0,
        "lead": 1.0,
        "duplicates merged": 1.0,
    }
    assert report["date invented"].correct == 0
    assert report.mismatches == []


def test_errors_are_charged_to_the_right_field():
    preds = {
        # right pair, invented date, one extra topic
        "a.txt": {"is_visit_article": True, "visits": [visit(date=None, date_precision="unknown", topics=["egov", "data", "health"])]},
        # direction reversed: the pair is wrong, so attribute fields are not scored for it
        "b.txt": {"is_visit_article": True, "visits": [visit("Kota Surabaya", "Kota Ternate")]},
        # one of two visits found, with a wrong size
        "c.txt": {"is_visit_article": True, "visits": [visit("Provinsi Banten", origin_province="Banten", delegation_size=36)]},
        # a negative article taken for a visit
        "neg.txt": {"is_visit_article": True, "visits": [visit("Kota Bogor", "Kota Malang")]},
    }
    clusters = {"a.txt": {"v1"}, "b.txt": {"v2"}, "c.txt": {"v3"}, "neg.txt": {"v4"}}
    r = score(LABELS, preds, clusters)
    assert (r["detection"].tp, r["detection"].fp, r["detection"].fn) == (3, 1, 0)
    assert (r["origin->host pairs"].tp, r["origin->host pairs"].fp, r["origin->host pairs"].fn) == (2, 2, 2)
    assert (r["date"].correct, r["date"].total) == (1, 2)
    assert (r["delegation_size"].correct, r["delegation_size"].total) == (1, 2)
    assert (r["topics"].tp, r["topics"].fp, r["topics"].fn) == (4, 1, 0)
    assert (r["duplicates merged"].tp, r["duplicates merged"].fn) == (0, 1)
    assert r["topics"].f1 == pytest.approx(2 * 0.8 * 1.0 / 1.8)


def test_an_unknown_gold_date_predicted_as_a_date_counts_as_invented():
    labels = {"x": {"is_visit_article": True, "visits": [visit(date=None, date_precision="unknown")]}}
    preds = {"x": {"is_visit_article": True, "visits": [visit()]}}
    r = score(labels, preds)
    assert (r["date invented"].correct, r["date invented"].total) == (1, 1)
    assert r["date"].correct == 0


def test_month_precision_dates_compare_by_month():
    labels = {"x": {"is_visit_article": True, "visits": [visit(date="2022-07", date_precision="month")]}}
    preds = {"x": {"is_visit_article": True, "visits": [visit(date="2022-07-01", date_precision="month")]}}
    assert score(labels, preds)["date"].correct == 1


def test_duplicate_chains_resolve_to_their_first_article():
    labels = {
        "a": {"duplicate_of": None},
        "b": {"duplicate_of": "a"},
        "c": {"duplicate_of": "b"},
        "d": {"duplicate_of": None},
    }
    assert gold_groups(labels) == {"a": "a", "b": "a", "c": "a", "d": "d"}
