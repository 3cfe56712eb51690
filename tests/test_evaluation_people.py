"""The people hold-out set (tests/fixtures/holdout_people): 15 articles written and labelled before the size and
lead rules they test were changed, so they score the genre rather than the examples the rules were built from.

Delegations counted in parts ("15 anggota DPRD didampingi 6 pejabat sekretariat", "terdiri dari 10 kepala desa dan 4
staf"), ranges and approximations ("berkisar 12 hingga 15 orang", "sekitar 30 orang", "puluhan"), counts that are not
the delegation (the host's staff, an event's participants, budgets, dates), and leads named title-first, name-first,
"dipimpin oleh", "diketuai", "yang dipimpin langsung", a deputy standing in, beside host officials who chair the
meeting. Before those rules the extractor scored delegation_size 0.800 (12/15) and lead 0.357 (5/14) here; the bars
sit a little below what it reaches now (1.000 and 1.000): one miss more fails.
"""

from pathlib import Path

from etl.evaluate import evaluate
from tests.helpers import failed_bars, read_labelled_set
from tests.test_evaluation_sets import BARS

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests/fixtures/holdout_people_expected.jsonl"
ARTICLES = ROOT / "tests/fixtures/holdout_people"
SIZE_BAR = 0.95
LEAD_BAR = 0.95


def test_people_holdout_clears_its_bars_and_the_product_bars():
    report = evaluate(LABELS, ARTICLES)
    print(report.to_text())
    bars = {**BARS, "delegation_size": SIZE_BAR, "lead": LEAD_BAR}
    failed = failed_bars(report, bars)
    assert failed == [], report.to_text() + "\n" + "\n".join(report.mismatches)


def test_people_holdout_labels_are_well_formed():
    rows = read_labelled_set(LABELS, ARTICLES)
    assert len(rows) >= 12
    visits = [v for r in rows for v in r["visits"]]
    for visit in visits:
        size, lo, hi = visit["delegation_size"], visit.get("delegation_min"), visit.get("delegation_max")
        assert size is None or (lo is None and hi is None)  # a range is never also a size
    assert sum(v["delegation_size"] is None and v.get("delegation_min") is not None for v in visits) >= 2  # ranges
    assert sum(v["delegation_size"] is None and v.get("delegation_min") is None for v in visits) >= 2  # unknown
    assert sum(bool(v["lead"]) for v in visits) >= 12
