"""The sample corpus and its labels (data/sample): well-formed, complete, and hard enough.

The sample is the dashboard's default data and the extraction's evaluation set, so
these tests guard both the label format and the coverage the corpus promises in
data/sample/README.md (every topic and visit type, many provinces and years,
negatives, duplicates, multi-visit articles), and that no seed article text was
copied into it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from etl import taxonomy

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
ARTICLES = SAMPLE / "articles"
LABELS = SAMPLE / "expected.jsonl"
# CI lays shared/ beside the clone (../shared/seeds), as on a developer's machine.
SEED_ARTICLES = ROOT.parent / "shared" / "seeds" / "articles"

PROVINCES = {
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan", "Bengkulu",
    "Lampung", "Kepulauan Bangka Belitung", "Kepulauan Riau", "DKI Jakarta", "Jawa Barat",
    "Jawa Tengah", "Daerah Istimewa Yogyakarta", "Jawa Timur", "Banten", "Bali", "Nusa Tenggara Barat",
    "Nusa Tenggara Timur", "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan",
    "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara", "Sulawesi Tengah",
    "Sulawesi Selatan", "Sulawesi Tenggara", "Gorontalo", "Sulawesi Barat", "Maluku",
    "Maluku Utara", "Papua", "Papua Barat", "Papua Selatan", "Papua Tengah",
    "Papua Pegunungan", "Papua Barat Daya",
}  # fmt: skip

# Which island group each province belongs to, for the spread-across-islands check.
ISLANDS = {
    "Sumatra": {"Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan",
                "Bengkulu", "Lampung", "Kepulauan Bangka Belitung", "Kepulauan Riau"},
    "Java": {"DKI Jakarta", "Jawa Barat", "Jawa Tengah", "Daerah Istimewa Yogyakarta", "Jawa Timur", "Banten"},
    "Bali-Nusa Tenggara": {"Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur"},
    "Kalimantan": {"Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan",
                   "Kalimantan Timur", "Kalimantan Utara"},
    "Sulawesi": {"Sulawesi Utara", "Sulawesi Tengah", "Sulawesi Selatan", "Sulawesi Tenggara",
                 "Gorontalo", "Sulawesi Barat"},
    "Maluku": {"Maluku", "Maluku Utara"},
    "Papua": {"Papua", "Papua Barat", "Papua Selatan", "Papua Tengah", "Papua Pegunungan",
              "Papua Barat Daya"},
}  # fmt: skip

VISIT_KEYS = {
    "origin", "origin_province", "origin_institution", "origin_institution_type", "host",
    "host_province", "date", "date_precision", "delegation_size", "delegation_size_text",
    "visit_type", "topics", "lead",
}  # fmt: skip
JSONL_KEYS = {"id", "url", "outlet", "title", "published", "text"}
PLACE_PREFIXES = ("Kota ", "Kabupaten ", "Provinsi ")
SEED_RUN = 12  # consecutive words shared with a seed article that count as copying


def read_labels() -> list[dict]:
    with LABELS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_jsonl_articles() -> dict[str, dict]:
    """id -> object, over every JSON Lines file of the sample."""
    out: dict[str, dict] = {}
    for path in sorted(ARTICLES.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    obj = json.loads(line)
                    assert obj["id"] not in out, f"duplicate id {obj['id']}"
                    out[obj["id"]] = obj
    return out


def strip_html(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def read_texts() -> dict[str, str]:
    """article id -> its text, as the ETL names articles."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in ARTICLES.glob("*.txt")}
    texts |= {p.name: strip_html(p.read_text(encoding="utf-8")) for p in ARTICLES.glob("*.html")}
    texts |= {k: f"{v['title']}\n{v['text']}" for k, v in read_jsonl_articles().items()}
    return texts


LABELLED = read_labels()
VISITS = [v for a in LABELLED for v in a["visits"]]


def test_every_article_has_exactly_one_label():
    files = [a["file"] for a in LABELLED]
    assert len(files) == len(set(files))
    assert set(files) == set(read_texts())


def test_article_file_names_follow_the_pattern():
    for path in ARTICLES.iterdir():
        if path.suffix in {".txt", ".html"}:
            assert re.fullmatch(r"\d{3}_[a-z0-9_]+\.(txt|html)", path.name), path.name
        else:
            assert path.name == "batch_2024.jsonl", path.name


def test_label_records_have_the_documented_shape():
    for a in LABELLED:
        assert set(a) == {"file", "is_visit_article", "duplicate_of", "visits"}, a["file"]
        assert a["is_visit_article"] == bool(a["visits"]), a["file"]
        for v in a["visits"]:
            assert VISIT_KEYS <= set(v), (a["file"], VISIT_KEYS - set(v))
            assert set(v) - VISIT_KEYS <= {"delegation_min", "delegation_max"}, a["file"]


def test_slugs_are_from_the_taxonomy():
    for v in VISITS:
        assert v["visit_type"] in taxonomy.VISIT_TYPES
        assert v["origin_institution_type"] in taxonomy.INSTITUTION_TYPES
        assert v["date_precision"] in taxonomy.DATE_PRECISIONS
        assert v["topics"], "a visit has at least one topic"
        assert len(v["topics"]) == len(set(v["topics"]))
        assert set(v["topics"]) <= set(taxonomy.TOPICS), v["topics"]


@pytest.mark.parametrize("side", ["origin", "host"])
def test_places_are_canonical(side):
    for v in VISITS:
        name, province = v[side], v[f"{side}_province"]
        assert name, v
        if province is None:  # a foreign place: plain Indonesian name, no level prefix
            assert not name.startswith(PLACE_PREFIXES + ("Kementerian",)), name
            continue
        assert province in PROVINCES, province
        if name.startswith("Provinsi "):
            assert name == f"Provinsi {province}"
        elif name.startswith(("Kementerian ", "Lembaga ", "Badan ")):
            assert province == "DKI Jakarta", name  # national bodies sit at their seat
        else:
            assert name.startswith(("Kota ", "Kabupaten ")), name


def test_dates_match_their_precision():
    shapes = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
    for v in VISITS:
        if v["date_precision"] == "unknown":
            assert v["date"] is None
            continue
        assert re.fullmatch(shapes[v["date_precision"]], v["date"]), v["date"]
        year, month, day = (v["date"].split("-") + ["1", "1"])[:3]
        assert 2013 <= date(int(year), int(month), int(day)).year <= 2025


def test_delegation_sizes_are_consistent():
    for v in VISITS:
        size, text = v["delegation_size"], v["delegation_size_text"]
        if size is not None:
            assert isinstance(size, int) and size > 0
            assert text, "an exact size says where it came from"
        if "delegation_min" in v:
            assert size is None
            assert 0 < v["delegation_min"] <= v["delegation_max"]
        if text and re.search(r"\b(belasan|puluhan)\b", text):
            assert "delegation_min" in v, text
    worded = [v for v in VISITS if "delegation_min" in v]
    assert {(v["delegation_min"], v["delegation_max"]) for v in worded} >= {(11, 19), (20, 99)}


def test_duplicates_point_to_the_first_report_of_the_same_visit():
    by_file = {a["file"]: a for a in LABELLED}
    for a in LABELLED:
        first = a["duplicate_of"]
        if first is None:
            continue
        assert first in by_file, first
        assert by_file[first]["duplicate_of"] is None, "point at the group's first article"
        assert first != a["file"]
        pairs = {(v["origin"], v["host"]) for v in by_file[first]["visits"]}
        assert any((v["origin"], v["host"]) in pairs for v in a["visits"]), a["file"]


def test_html_pages_carry_their_metadata():
    pages = sorted(ARTICLES.glob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+</title>", html), page.name
        assert re.search(r'property="article:published_time" content="\d{4}-\d{2}-\d{2}T', html), page.name
        assert 'property="og:site_name"' in html, page.name
        assert "<article" in html, page.name


def test_jsonl_articles_have_every_field():
    objs = read_jsonl_articles()
    assert len(objs) >= 5
    for obj in objs.values():
        assert set(obj) == JSONL_KEYS, obj["id"]
        date.fromisoformat(obj["published"])
        assert re.match(r"https://[a-z0-9.-]+\.example/", obj["url"]), obj["url"]
        assert obj["text"].strip() and obj["title"].strip()


def test_txt_articles_start_with_a_line_of_text():
    for path in ARTICLES.glob("*.txt"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.strip(), path.name


def test_coverage_promised_by_the_readme():
    negatives = [a for a in LABELLED if not a["is_visit_article"]]
    groups = {a["duplicate_of"] for a in LABELLED if a["duplicate_of"]}
    multi = [a for a in LABELLED if len(a["visits"]) >= 2]
    provinces = {v[k] for v in VISITS for k in ("origin_province", "host_province")} - {None}
    years = {int(v["date"][:4]) for v in VISITS if v["date"]}
    types = Counter(v["origin_institution_type"] for v in VISITS)

    assert len(LABELLED) >= 60
    assert len(negatives) >= 12
    assert len(groups) >= 6
    assert len(multi) >= 4
    assert {t for v in VISITS for t in v["topics"]} == set(taxonomy.TOPICS)
    assert {v["visit_type"] for v in VISITS} == set(taxonomy.VISIT_TYPES)
    assert len(provinces) >= 25
    assert all(provinces & members for members in ISLANDS.values()), "every island group"
    assert len(years) >= 10 and min(years) == 2013 and max(years) == 2025
    assert types["dprd"] >= len(VISITS) / 3, "DPRDs are a large share of the visitors"
    for kind in ("pemkot", "pemkab", "pemprov", "national_agency", "university", "foreign_government"):
        assert types[kind] >= 1, kind
    assert any(v["host_province"] is None for v in VISITS), "a foreign host"
    assert any(v["host"].startswith("Kementerian ") for v in VISITS), "a ministry as host"
    assert {v["date_precision"] for v in VISITS} == set(taxonomy.DATE_PRECISIONS)


@pytest.mark.parametrize(
    "stem", ["Bogor", "Malang", "Semarang", "Tangerang", "Kediri", "Tasikmalaya", "Bandung", "Bekasi"]
)
def test_namesakes_appear_as_both_city_and_regency(stem):
    places = {v[k] for v in VISITS for k in ("origin", "host")}
    assert {f"Kota {stem}", f"Kabupaten {stem}"} <= places


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def shingles(text: str, n: int = SEED_RUN) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


@pytest.mark.seeds
def test_no_sentence_is_copied_from_the_seed_articles():
    seeds = sorted(SEED_ARTICLES.glob("*.txt"))
    assert seeds, f"seed articles not found in {SEED_ARTICLES}"
    seed_runs = set().union(*(shingles(p.read_text(encoding="utf-8")) for p in seeds))
    for article_id, text in read_texts().items():
        shared = shingles(text) & seed_runs
        assert not shared, (article_id, " ".join(next(iter(shared))))


WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip
NUMERIC_DATE = re.compile(rf"\b({'|'.join(WEEKDAYS)}),?\s*\((\d{{1,2}})/(\d{{1,2}})/(\d{{2}}|\d{{4}})\)")
WORDED_DATE = re.compile(rf"\b({'|'.join(WEEKDAYS)}),?\s+(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+(\d{{4}})")


def dated_weekdays(text: str) -> list[tuple[str, date]]:
    """(weekday as written, the date it stands next to) for every full date in the text."""
    out = []
    for m in NUMERIC_DATE.finditer(text):
        year = int(m[4]) + (2000 if len(m[4]) == 2 else 0)
        out.append((m[1], date(year, int(m[3]), int(m[2]))))
    for m in WORDED_DATE.finditer(text):
        out.append((m[1], date(int(m[4]), MONTHS.index(m[3]) + 1, int(m[2]))))
    return out


def test_weekdays_agree_with_the_dates_they_name():
    checked = 0
    for article_id, text in read_texts().items():
        for weekday, day in dated_weekdays(text):
            assert WEEKDAYS[day.weekday()] == weekday, (article_id, weekday, day)
            checked += 1
    assert checked >= 40  # the check reads the corpus' usual date forms, not nothing


def test_day_dates_in_labels_appear_in_their_article_or_its_publication_context():
    """A day-precision label is either written next to a weekday in the text, or anchored on the page's date."""
    texts = read_texts()
    for a in LABELLED:
        written = {d for _, d in dated_weekdays(texts[a["file"]])}
        for v in a["visits"]:
            if v["date_precision"] == "day" and date.fromisoformat(v["date"]) not in written:
                # short forms ("Selasa (15/9)", "kemarin", "pada 23-26 September 2013") are listed in the README
                assert a["file"] in SHORT_DATE_FORMS, (a["file"], v["date"])


def test_the_short_date_form_list_holds_only_articles_that_need_it():
    texts = read_texts()
    for article_id in SHORT_DATE_FORMS:
        written = {d for _, d in dated_weekdays(texts[article_id])}
        labelled = {date.fromisoformat(v["date"]) for a in LABELLED if a["file"] == article_id for v in a["visits"]}
        assert labelled - written, article_id


SHORT_DATE_FORMS = {
    "011_portal_kemenpan_di_kota_daeng.txt",  # "Rabu (9/11)", year from the page header
    "013_suwon_kagumi_kota_kembang.txt",  # "kemarin", page dated Jumat, 19 September 2014
    "014_dprd_ntb_kunker_ke_bali.txt",  # "pada 12-14 Maret 2018": the first day
    "017_gianyar_terima_dewan_tasik.txt",  # "Jumat (27/11)", year from the header line
    "031_dprd_dki_studi_banding_singapura.txt",  # "pada 23-26 September 2013"
    "072_dprd_bitung_ke_tarakan.txt",
    "075_banggar_dprd_kalsel_konsultasi_kemenkeu.txt",  # "pada 21-22 Juni 2022"  # "Selasa (15/10)", year from the header "Oktober 16, 2013"
    "047_pemkot_pontianak_ke_kitakyushu.txt",  # "pada 5-9 Oktober 2015"
    "b2024_01",  # "Selasa" only, anchored on publication 2024-03-06 (a Wednesday)
    "b2024_03",  # "Kamis (8/2)", published 2024-02-09
}


def test_readme_coverage_tables_match_the_labels():
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    topics = Counter(t for v in VISITS for t in v["topics"])
    types = Counter(v["visit_type"] for v in VISITS)
    for slug, count in [*topics.items(), *types.items()]:
        m = re.search(rf"^\| {slug} \| (\d+) \|$", readme, re.MULTILINE)
        assert m and int(m[1]) == count, (slug, count)
    assert f"{len(LABELLED)} articles ({sum(not a['is_visit_article'] for a in LABELLED)} negatives)" in readme
