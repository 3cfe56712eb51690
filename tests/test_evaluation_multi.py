"""The multi-visit hold-out set (tests/fixtures/holdout_multi): 15 articles written and labelled before topics were
read per visit, so they score the genre rather than the examples the rule was built from.

Eleven report several visits with a different subject each (tours with two stops, a host receiving two delegations,
a round-up of two delegations' trips); four are single visits of other shapes (a host's boast and a side trip, a
two-topic visit, a consultation at a ministry, a training cohort). With topics read article-wide every visit of an
article got every visit's subjects: topics F1 0.676 (precision 0.511). Read per visit (etl.topics.
extract_visit_topics) it is 0.906; the bars sit a little below what the set reaches now on every field.
"""

from pathlib import Path

from etl.evaluate import evaluate
from tests.helpers import failed_bars, read_labelled_set

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests/fixtures/holdout_multi_expected.jsonl"
ARTICLES = ROOT / "tests/fixtures/holdout_multi"
# Reached at the time of writing: detection 1.000, pairs 1.000 (0.920 before tour stops and each delegation's own
# host were read), date 0.962, delegation_size 1.000, visit_type 0.923, topics 0.947 (precision 0.900, recall 1.000).
BARS = {
    "detection": 0.95,
    "origin->host pairs": 0.95,
    "date": 0.89,
    "delegation_size": 0.90,
    "visit_type": 0.90,
    "topics": 0.88,
}


def test_multi_holdout_clears_its_bars():
    report = evaluate(LABELS, ARTICLES)
    print(report.to_text())
    failed = failed_bars(report, BARS)
    assert failed == [], report.to_text() + "\n" + "\n".join(report.mismatches)
    assert report["topics"].precision >= 0.80, report.to_text()
    assert report["topics"].recall >= 0.95, report.to_text()


def test_multi_holdout_labels_are_well_formed():
    rows = read_labelled_set(LABELS, ARTICLES)
    assert len(rows) >= 12
    multi = [r for r in rows if len(r["visits"]) >= 2]
    assert len(multi) >= 8
    # most multi-visit articles give their visits different subjects: the case this set is for
    assert sum(len({tuple(v["topics"]) for v in r["visits"]}) >= 2 for r in multi) >= 8
