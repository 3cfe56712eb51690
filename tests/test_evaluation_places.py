"""The evaluation command on the places set (tests/fixtures/holdout_places): 12 short articles written for this
project on the hard parts of who-visited-whom, with bars a little below the scores reached when it was added.

The set: host-side reports ("kedatangan tamu dari", "dikunjungi oleh", "menyambut kedatangan", "menerima kunjungan
kerja"), visitor-side ones ("studi banding ke", "kunjungan kerja ke"), a two-host tour on two days with a visit type
per stop, a campus named by its kecamatan (IPB's Dramaga: Kabupaten Bogor, not Kota Bogor), a ministry as host, the
DPRD of a province next to its namesake kabupaten or kota, Kabupaten Bogor visiting Kota Bogor, a non-visit that
"menerima kunjungan" of tourists, and a second outlet's report of one visit dated only "kemarin".
The report is printed (pytest -s, or in the failure message) so a CI log shows the figures.
"""

from pathlib import Path

from etl.evaluate import evaluate
from tests.helpers import failed_bars

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "fixtures" / "holdout_places_expected.jsonl"
ARTICLES = ROOT / "tests" / "fixtures" / "holdout_places"

# Reached when the set was added: 1.000 everywhere but visit_type 0.917 (one debatable "kunjungan studi") and
# topics ~0.80 (etl.topics). One more miss in a 12-article set keeps each of these bars.
BARS = {
    "detection": 0.95,
    "origin->host pairs": 0.95,
    "origin_province": 0.95,
    "host_province": 0.95,
    "date": 0.90,
    "delegation_size": 0.90,
    "visit_type": 0.80,
    "topics": 0.70,
    "duplicates merged": 0.80,
}


def test_places_set_clears_its_bars():
    report = evaluate(LABELS, ARTICLES)
    print(report.to_text())
    failed = failed_bars(report, BARS)
    assert failed == [], report.to_text() + "\n" + "\n".join(report.mismatches)
    assert report["date invented"].correct == 0, report.to_text()


def test_places_set_labels_every_article():
    labelled = {line.split('"file": "', 1)[1].split('"', 1)[0] for line in LABELS.read_text().splitlines() if line}
    assert labelled == {p.name for p in ARTICLES.iterdir()}
