import json
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from etl import schema
from etl.model import Article, ArticleResult, Place, Visit
from etl.pipeline import InputNotFound, NoReadableInput, RunSummary, check_visit, extract_safely, run_etl
from etl.write import OutputError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inputs"
TABLES = ("articles", "visits", "visit_sources", "visit_topics")

# A deliberately small extractor for testing the pipeline around the real one: it knows six
# places and reads "<place> ... ke <place>" and "d/m/yyyy".
_PLACES = {
    "Kota Bima": ("kota", "52.72", "Nusa Tenggara Barat", -8.46, 118.73),
    "Kota Malang": ("kota", "35.73", "Jawa Timur", -7.98, 112.63),
    "Kota Pontianak": ("kota", "61.71", "Kalimantan Barat", -0.03, 109.33),
    "Kabupaten Kubu Raya": ("kabupaten", "61.12", "Kalimantan Barat", -0.35, 109.47),
    "Kabupaten Sleman": ("kabupaten", "34.04", "DI Yogyakarta", -7.72, 110.36),
    "Kota Denpasar": ("kota", "51.71", "Bali", -8.65, 115.22),
}
_PAIR = re.compile(r"((?:Kota|Kabupaten) [A-Z]\w+(?: Raya)?)\b[^.\n]*?\bke ((?:Kota|Kabupaten) [A-Z]\w+(?: Raya)?)")
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_TOPICS = {
    "sampah": "waste_env",
    "digital": "egov",
    "perizinan": "public_service",
    "pelayanan publik": "public_service",
}
_TYPES = {"studi banding": "comparative_study", "studi tiru": "emulation_study", "kunjungan kerja": "working_visit"}


def _place(name: str) -> Place:
    if name not in _PLACES:
        return Place(None, "unknown", mention=name)
    level, code, province, lat, lon = _PLACES[name]
    return Place(name, level, code, province, lat, lon, "gazetteer", name)


def toy_extract(article: Article) -> ArticleResult:
    """Test extractor: one visit per article at most, from a pattern."""
    if "MELEDAK" in article.text:
        raise RuntimeError("rusak di tengah jalan")
    m = _PAIR.search(article.text)
    if not m:
        return ArticleResult(article, (), "no_visit", "no place pair")
    d = _DATE.search(article.text)
    low = article.text.lower()
    visit = Visit(
        origin=_place(m.group(1)),
        host=_place(m.group(2)),
        date=date(int(d.group(3)), int(d.group(2)), int(d.group(1))) if d else None,
        date_precision="day" if d else "unknown",
        date_note=None if d else "no date in text",
        visit_type=next((t for cue, t in _TYPES.items() if cue in low), "other"),
        topics=tuple(dict.fromkeys(t for cue, t in _TOPICS.items() if cue in low)),
        confidence=0.5,
        evidence={"origin": m.group(0), **({"date": d.group(0)} if d else {})},
    )
    return ArticleResult(article, (visit,), "visit")


def _bad_topic_extract(article: Article) -> ArticleResult:
    result = toy_extract(article)
    if not result.visits:
        return result
    v = result.visits[0]
    return ArticleResult(article, (Visit(v.origin, v.host, topics=("astrologi",)),), "visit")


def read_tables(out: Path) -> dict[str, list[dict]]:
    return {t: pq.read_table(out / f"{t}.parquet").to_pylist() for t in TABLES}


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "processed"
    summary = run_etl([FIXTURES], out, extract=toy_extract)
    return summary, out


def test_summary_counts(fixture_run):
    summary, out = fixture_run
    assert summary == RunSummary(
        out=out,
        articles=10,
        visit_articles=6,
        no_visit_articles=3,
        error_articles=1,
        extracted_visits=6,
        visits=3,
        merged_duplicates=3,
        ignored=(str(FIXTURES / "catatan.md"),),
        errors=(("batch.jsonl#3", "invalid JSON (Expecting value: line 1 column 89 (char 88))"),),
        seconds=summary.seconds,
    )


def test_articles_table(fixture_run):
    _, out = fixture_run
    rows = read_tables(out)["articles"]
    assert [(r["article_id"], r["status"], r["n_visits"], r["published"], r["error"], r["note"]) for r in rows] == [
        ("batch.jsonl#1", "visit", 1, date(2023, 5, 13), None, None),
        ("batch-2", "no_visit", 0, date(2023, 5, 14), None, "no place pair"),
        ("batch.jsonl#3", "error", 0, None, "invalid JSON (Expecting value: line 1 column 89 (char 88))", None),
        ("daftar.json#1", "visit", 1, date(2023, 6, 15), None, None),
        ("daftar-2", "no_visit", 0, None, None, "no place pair"),
        ("html/berita.html", "visit", 1, date(2023, 6, 14), None, None),
        ("kunjungan/bima_malang_a.txt", "visit", 1, None, None, None),
        ("kunjungan/bima_malang_b.txt", "visit", 1, None, None, None),
        ("kunjungan/pontianak_kubu_raya.txt", "visit", 1, None, None, None),
        ("kunjungan/tanpa_kunjungan.txt", "no_visit", 0, None, None, "no place pair"),
    ]
    assert (
        rows[5]["outlet"] == "Kabar Daerah" and rows[5]["url"] == "https://kabar-daerah.example/2023/06/sleman-denpasar"
    )


def test_visits_are_merged_across_outlets(fixture_run):
    _, out = fixture_run
    t = read_tables(out)
    visits = [
        (r["origin_name"], r["host_name"], r["date"], r["n_sources"], r["topics"], r["visit_type"], r["distance_km"])
        for r in t["visits"]
    ]
    assert visits == [
        ("Kabupaten Sleman", "Kota Denpasar", date(2023, 6, 14), 2, ["public_service"], "working_visit", 545.316),
        ("Kota Bima", "Kota Malang", date(2023, 5, 10), 3, ["waste_env", "egov"], "comparative_study", 674.203),
        ("Kota Pontianak", "Kabupaten Kubu Raya", None, 1, ["egov", "public_service"], "emulation_study", 38.664),
    ]
    ids = {r["origin_name"]: r["visit_id"] for r in t["visits"]}
    sources = {(r["visit_id"], r["article_id"]) for r in t["visit_sources"]}
    assert sources == {
        (ids["Kota Bima"], "batch.jsonl#1"),
        (ids["Kota Bima"], "kunjungan/bima_malang_a.txt"),
        (ids["Kota Bima"], "kunjungan/bima_malang_b.txt"),
        (ids["Kabupaten Sleman"], "daftar.json#1"),
        (ids["Kabupaten Sleman"], "html/berita.html"),
        (ids["Kota Pontianak"], "kunjungan/pontianak_kubu_raya.txt"),
    }
    assert t["visit_sources"][0] == {
        "visit_id": ids["Kota Bima"],
        "article_id": "batch.jsonl#1",
        "field": "origin",
        "evidence": "Kota Bima kembali berkunjung ke Kota Malang",
    }
    assert [(r["visit_id"], r["topic"]) for r in t["visit_topics"]] == [
        (ids["Kabupaten Sleman"], "public_service"),
        (ids["Kota Bima"], "waste_env"),
        (ids["Kota Bima"], "egov"),
        (ids["Kota Pontianak"], "egov"),
        (ids["Kota Pontianak"], "public_service"),
    ]


def test_tables_conform_and_manifest_is_complete(fixture_run):
    summary, out = fixture_run
    for t in TABLES:
        table = pq.read_table(out / f"{t}.parquet")
        assert table.schema == schema.TABLES[t]
        schema.validate(t, table)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"] == {
        "articles": 10,
        "visit_articles": 6,
        "no_visit_articles": 3,
        "error_articles": 1,
        "extracted_visits": 6,
        "visits": 3,
        "merged_duplicates": 3,
        "ignored_files": 1,
    }
    assert manifest["errors"]["by_kind"] == {"invalid JSON": 1}
    assert manifest["inputs"] == [str(FIXTURES)]
    assert set(manifest["versions"]) == {"etl", "python", "pandas", "pyarrow"}
    assert manifest == summary.manifest
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{t}.parquet" for t in TABLES] + ["manifest.json"])


def test_rerun_is_byte_identical_and_workers_change_nothing(fixture_run, tmp_path):
    _, out = fixture_run
    run_etl([FIXTURES], tmp_path / "again", extract=toy_extract)
    run_etl([FIXTURES], tmp_path / "pool", extract=toy_extract, workers=2)
    for t in TABLES:
        first = (out / f"{t}.parquet").read_bytes()
        assert (tmp_path / "again" / f"{t}.parquet").read_bytes() == first, t
        assert (tmp_path / "pool" / f"{t}.parquet").read_bytes() == first, t


def test_visit_ids_survive_adding_articles(fixture_run, tmp_path):
    _, out = fixture_run
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "baru.txt").write_text(
        "Kunjungan Lagi\n\nRombongan dari Kota Malang melakukan studi banding ke Kota Bima pada 2/8/2023.\n"
    )
    summary = run_etl([FIXTURES, extra], tmp_path / "more", extract=toy_extract)
    before = {(r["origin_name"], r["host_name"]): r["visit_id"] for r in read_tables(out)["visits"]}
    after = {(r["origin_name"], r["host_name"]): r["visit_id"] for r in read_tables(tmp_path / "more")["visits"]}
    assert summary.visits == 4
    assert {k: after[k] for k in before} == before


def _write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)
    return folder


def test_extraction_errors_and_invalid_values_become_error_rows(tmp_path):
    inputs = _write(
        tmp_path / "in",
        {
            "a.txt": "Judul\n\nRombongan dari Kota Bima ke Kota Malang pada 1/2/2024.\n",
            "b.txt": "Judul\n\nTeks ini MELEDAK saat dibaca.\n",
            "c.txt": "Judul\n\nTidak ada kunjungan.\n",
        },
    )
    summary = run_etl([inputs], tmp_path / "out", extract=toy_extract)
    rows = read_tables(tmp_path / "out")["articles"]
    assert [(r["article_id"], r["status"], r["error"]) for r in rows] == [
        ("a.txt", "visit", None),
        ("b.txt", "error", "extraction failed: RuntimeError: rusak di tengah jalan"),
        ("c.txt", "no_visit", None),
    ]
    assert (summary.error_articles, summary.visits) == (1, 1)
    run_etl([inputs], tmp_path / "bad", extract=_bad_topic_extract)
    rows = read_tables(tmp_path / "bad")["articles"]
    assert rows[0]["error"] == "extraction returned an invalid visit (topics=['astrologi'])"


@pytest.mark.parametrize(
    "result, expected",
    [
        (ArticleResult(Article("x", "t"), (), "visit"), ArticleResult(Article("x", ""), (), "no_visit")),
        (
            ArticleResult(Article("x", "t"), (), "error", None),
            ArticleResult(Article("x", ""), (), "error", "extraction failed"),
        ),
        ("bukan hasil", ArticleResult(Article("x", ""), (), "error", "extraction failed: returned str")),
    ],
)
def test_extract_safely_normalises_results(result, expected):
    assert extract_safely(Article("x", "t"), lambda a: result) == expected


@pytest.mark.parametrize(
    "visit, expected",
    [
        (Visit(_place("Kota Bima"), _place("Kota Malang")), None),
        (Visit(_place("Kota Bima"), _place("Kota Malang"), visit_type="tamasya"), "visit_type='tamasya'"),
        (Visit(_place("Kota Bima"), Place("X", "desa")), "host.level='desa'"),
        ("kunjungan", "not a Visit: str"),
    ],
)
def test_check_visit(visit, expected):
    assert check_visit(visit) == expected


def test_hostile_batch_goes_on_and_nothing_is_lost(tmp_path):
    inputs = _write(
        tmp_path / "in",
        {
            "01_biner.txt": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,
            "02_kosong.txt": b"",
            "03_latin.txt": "Judul\n\nRombongan dari Kota Pontianak ke Kabupaten Kubu Raya, caf\xe9 5/3/2022.".encode(
                "cp1252"
            ),
            "04_campur.jsonl": '{"text": "Rombongan dari Kabupaten Sleman ke Kota Denpasar."}\n{"text": 1}\n{patah\n',
            "05_skrip.html": "<html><head><script>while(1){}</script></head><body><article><p>Warga Kota Malang bergotong royong.</p></article></body></html>",
            "06_gambar.png": b"\x89PNG\r\n",
            "07_besar.txt": "x" * 3000,
        },
    )
    summary = run_etl([inputs], tmp_path / "out", extract=toy_extract, max_bytes=2048)
    rows = read_tables(tmp_path / "out")["articles"]
    assert [(r["article_id"], r["status"], r["error"], r["note"]) for r in rows] == [
        ("01_biner.txt", "error", "binary file (contains NUL bytes)", None),
        ("02_kosong.txt", "error", "empty file", None),
        ("03_latin.txt", "visit", None, "not valid UTF-8; decoded as cp1252"),
        ("04_campur.jsonl#1", "visit", None, None),
        ("04_campur.jsonl#2", "error", "JSON 'text' is a int, not a string", None),
        (
            "04_campur.jsonl#3",
            "error",
            "invalid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))",
            None,
        ),
        ("05_skrip.html", "no_visit", None, "no place pair"),
        ("07_besar.txt", "error", "file too large (2.9 KB > 2 KB)", None),
    ]
    assert summary.ignored == (str(inputs / "06_gambar.png"),)
    assert (summary.articles, summary.error_articles, summary.visits) == (8, 5, 2)


def test_duplicate_ids_are_kept_as_error_rows(tmp_path):
    inputs = _write(
        tmp_path / "in",
        {"a.jsonl": '{"id": "n1", "text": "Satu."}\n{"id": "n1", "text": "Dua."}\n{"id": "n1", "text": "Tiga."}\n'},
    )
    run_etl([inputs], tmp_path / "out", extract=toy_extract)
    rows = read_tables(tmp_path / "out")["articles"]
    assert [(r["article_id"], r["status"], r["error"]) for r in rows] == [
        ("n1", "no_visit", None),
        ("n1 (duplicate 2)", "error", "duplicate article id (read once already)"),
        ("n1 (duplicate 3)", "error", "duplicate article id (read once already)"),
    ]


@pytest.mark.parametrize(
    "n, expected_calls", [(300, [(d, 300) for d in range(3, 301, 3)]), (40, [(d, 40) for d in range(1, 41)])]
)
def test_progress_reports_done_and_total(tmp_path, n, expected_calls):
    inputs = _write(tmp_path / "in", {f"{i:03d}.txt": f"Judul {i}\n\nIsi berita.\n" for i in range(n)})
    calls = []
    run_etl([inputs], tmp_path / "out", extract=toy_extract, progress=lambda d, t: calls.append((d, t)))
    assert calls == expected_calls + [(n, n)]


def test_nothing_readable_keeps_the_previous_output(fixture_run, tmp_path):
    _, out = fixture_run
    kept = tmp_path / "processed"
    shutil.copytree(out, kept)
    before = {p.name: p.read_bytes() for p in kept.iterdir()}
    junk = _write(tmp_path / "junk", {"a.txt": b"\x00\x01", "b.md": "catatan"})
    with pytest.raises(NoReadableInput, match=r"none of the 1 inputs could be read and extracted \(a.txt: binary file"):
        run_etl([junk], kept, extract=toy_extract)
    with pytest.raises(NoReadableInput, match=r"no article found in the inputs; 1 files ignored"):
        run_etl([junk / "b.md"], kept, extract=toy_extract)
    assert {p.name: p.read_bytes() for p in kept.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk", "processed"]


class _Crash(BaseException):
    pass


def test_a_crash_mid_run_keeps_the_previous_output(fixture_run, tmp_path):
    _, out = fixture_run
    kept = tmp_path / "processed"
    shutil.copytree(out, kept)
    before = {p.name: p.read_bytes() for p in kept.iterdir()}

    def crash(done, total):
        raise _Crash()

    inputs = _write(
        tmp_path / "in", {f"{i:03d}.txt": "Judul\n\nRombongan dari Kota Bima ke Kota Malang.\n" for i in range(300)}
    )
    with pytest.raises(_Crash):
        run_etl([inputs], kept, extract=toy_extract, progress=crash)
    assert {p.name: p.read_bytes() for p in kept.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "processed"]


def test_missing_input_and_unwritable_output(tmp_path):
    with pytest.raises(InputNotFound, match="input not found: .*tidak_ada"):
        run_etl([tmp_path / "tidak_ada"], tmp_path / "out", extract=toy_extract)
    with pytest.raises(InputNotFound):
        run_etl([], tmp_path / "out", extract=toy_extract)
    blocker = tmp_path / "berkas"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        run_etl([FIXTURES], blocker / "out", extract=toy_extract)


SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.mark.seeds
@pytest.mark.skipif(not (SEEDS / "articles").is_dir(), reason=f"seed articles not found at {SEEDS / 'articles'}")
def test_seeds_two_outlets_one_visit(tmp_path):
    """With the real extractor: 000 and 001 report one visit (Ternate -> Surabaya, 2 Feb 2024), 002 holds two."""
    summary = run_etl([SEEDS / "articles"], tmp_path / "out")
    t = read_tables(tmp_path / "out")
    by_article: dict[str, set[str]] = {}
    for r in t["visit_sources"]:
        by_article.setdefault(r["article_id"], set()).add(r["visit_id"])
    ternate = by_article["000_edb1ca93051f22de.txt"]
    assert by_article["001_922858a3b185660b.txt"] == ternate and len(ternate) == 1
    [visit] = [v for v in t["visits"] if v["visit_id"] in ternate]
    assert (visit["origin_name"], visit["host_name"], visit["date"], visit["n_sources"]) == (
        "Kota Ternate",
        "Kota Surabaya",
        date(2024, 2, 2),
        2,
    )
    assert len(by_article["002_45a9ea6ffb2152d6.txt"]) == 2
    assert (summary.articles, summary.error_articles, summary.merged_duplicates) == (5, 0, 1)
    again = tmp_path / "again"
    run_etl([SEEDS / "articles"], again, workers=2)
    for name in TABLES:
        assert (again / f"{name}.parquet").read_bytes() == (tmp_path / "out" / f"{name}.parquet").read_bytes(), name


def test_same_file_name_under_two_input_folders_keeps_both(tmp_path):
    text = "Judul\n\nRombongan dari Kota Bima ke Kota Malang pada 1/2/2024.\n"
    a = _write(tmp_path / "a", {"x.txt": text, "y.jsonl": '{"text": "Satu."}\n'})
    b = _write(tmp_path / "b", {"x.txt": text.replace("1/2", "9/2"), "y.jsonl": '{"text": "Dua."}\n'})
    summary = run_etl([a, b, a / "x.txt"], tmp_path / "out", extract=toy_extract)
    rows = read_tables(tmp_path / "out")["articles"]
    assert [(r["article_id"], r["status"], r["error"]) for r in rows] == [
        ("x.txt", "visit", None),
        ("y.jsonl#1", "no_visit", None),
        (f"{(b / 'x.txt').as_posix()}", "visit", None),
        (f"{(b / 'y.jsonl').as_posix()}#1", "no_visit", None),
        ("x.txt (duplicate 2)", "error", "duplicate article id (read once already)"),
    ]
    sources = {r["article_id"] for r in read_tables(tmp_path / "out")["visit_sources"]}
    assert sources == {"x.txt", (b / "x.txt").as_posix()}
    assert (summary.visits, summary.error_articles) == (2, 1)


def all_pairs_extract(article: Article) -> ArticleResult:
    """Test extractor: one visit per '<place> ... ke <place>' line, dated by the first d/m/yyyy of that line."""
    visits = []
    for line in article.text.splitlines():
        m, d = _PAIR.search(line), _DATE.search(line)
        if m:
            when = date(int(d.group(3)), int(d.group(2)), int(d.group(1))) if d else None
            visits.append(
                Visit(
                    _place(m.group(1)),
                    _place(m.group(2)),
                    date=when,
                    date_precision="day" if when else "unknown",
                    topics=tuple(t for cue, t in _TOPICS.items() if cue in line.lower()),
                    confidence=0.5 + 0.01 * len(visits),
                    evidence={"origin": line},
                )
            )
    return ArticleResult(article, tuple(visits), "visit" if visits else "no_visit")


def test_reports_far_apart_are_merged_from_the_spill(tmp_path):
    lines = {
        "Bima": "Rombongan dari Kota Bima ke Kota Malang pada 3/3/2024 soal sampah.",
        "Sleman": "Rombongan dari Kabupaten Sleman ke Kota Denpasar pada 4/4/2024 soal perizinan.",
        "Bima2": "Rombongan dari Kota Bima ke Kota Malang pada 4/3/2024 soal digital.",
    }
    files = {"000.txt": f"Dua kunjungan\n\n{lines['Bima']}\n{lines['Sleman']}\n"}
    files |= {f"{i:03d}.txt": f"Berita {i}\n\nTidak ada kunjungan.\n" for i in range(1, 40)}
    files["040.txt"] = f"Lagi\n\n{lines['Sleman'].replace('4/4', '5/4')}\n{lines['Bima2']}\n"
    summary = run_etl([_write(tmp_path / "in", files)], tmp_path / "out", extract=all_pairs_extract)
    t = read_tables(tmp_path / "out")
    got = [(r["origin_name"], r["date"], r["n_sources"], r["topics"], r["confidence"]) for r in t["visits"]]
    assert got == [
        ("Kabupaten Sleman", date(2024, 4, 4), 2, ["public_service"], 0.51),
        ("Kota Bima", date(2024, 3, 3), 2, ["waste_env", "egov"], 0.51),
    ]
    assert [(r["article_id"], r["evidence"]) for r in t["visit_sources"]] == [
        ("000.txt", lines["Bima"]),
        ("000.txt", lines["Sleman"]),
        ("040.txt", lines["Sleman"].replace("4/4", "5/4")),
        ("040.txt", lines["Bima2"]),
    ]
    assert (summary.extracted_visits, summary.visits, summary.merged_duplicates) == (4, 2, 2)


def test_workers_start_even_when_the_callers_main_script_cannot_run_in_them(tmp_path, monkeypatch):
    """Streamlit's AppTest leaves a script as __main__ that fails when a worker re-runs it."""
    import sys
    import threading
    import types

    script = tmp_path / "halaman.py"
    script.write_text("raise NameError('skrip halaman tidak boleh dijalankan di pekerja')\n")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    result = {}
    worker = threading.Thread(
        target=lambda: result.update(s=run_etl([FIXTURES], tmp_path / "out", extract=toy_extract, workers=2)),
        daemon=True,
    )
    worker.start()
    worker.join(180)
    assert not worker.is_alive(), "run_etl hung: pool workers kept failing to start"
    assert result["s"].visits == 3
    assert sys.modules["__main__"] is fake_main


class _FakeRemote:
    """Stands in for Nominatim: knows one place, counts its calls, never touches the network."""

    def __init__(self):
        self.calls = []

    def geocode(self, query, exactly_one=True):
        from geopy.location import Location

        self.calls.append(query)
        if query.startswith("Bad Homburg"):
            return Location("Bad Homburg, Hessen, Jerman", (50.23, 8.62), {})
        return None


def _unknown_origin_extract(article: Article) -> ArticleResult:
    result = toy_extract(article)
    if not result.visits:
        return result
    v = result.visits[0]
    unknown = Place(None, "unknown", resolved_by="unresolved", mention="Bad Homburg")
    return ArticleResult(article, (replace(v, origin=unknown),), "visit")


def test_online_geocoding_resolves_what_the_gazetteer_did_not_know(tmp_path):
    from etl.geocode import GeocoderChain

    remote = _FakeRemote()
    chain = GeocoderChain(online=True, remote=remote, cache_path=tmp_path / "geo.json", sleep=lambda s: None)
    run_etl([FIXTURES], tmp_path / "out", extract=_unknown_origin_extract, workers=2, online_chain=chain)
    visits = pq.read_table(tmp_path / "out" / "visits.parquet").to_pandas()
    assert set(visits["origin_resolution"]) == {"online"}
    assert set(visits["origin_name"]) == {"Bad Homburg, Hessen, Jerman"}
    assert visits["distance_km"].notna().all()
    assert remote.calls == ["Bad Homburg, Indonesia"]  # asked once, then the disk cache answers


def test_without_opting_in_unknown_places_stay_unresolved(tmp_path, monkeypatch):
    monkeypatch.delenv("ATLAS_ONLINE_GEOCODING", raising=False)
    run_etl([FIXTURES], tmp_path / "out", extract=_unknown_origin_extract)
    visits = pq.read_table(tmp_path / "out" / "visits.parquet").to_pandas()
    assert set(visits["origin_resolution"]) == {"unresolved"}
    assert visits["origin_name"].isna().all()


def _dying_extract(article: Article) -> ArticleResult:
    """Ends its worker process the way the kernel's out-of-memory killer would: no exception, no clean-up."""
    import os

    os._exit(9)


def test_a_worker_that_dies_ends_the_run_with_a_message_and_keeps_the_previous_output(tmp_path):
    import threading

    from etl.pipeline import EtlError, WorkerDied

    out = tmp_path / "out"
    before = run_etl([FIXTURES], out, extract=toy_extract, workers=1)
    visits_before = (out / "visits.parquet").read_bytes()
    result = {}

    def run():
        try:
            run_etl([FIXTURES], out, extract=_dying_extract, workers=2)
        except EtlError as exc:
            result["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(180)
    assert not worker.is_alive(), "run_etl hung after a worker process died"
    assert isinstance(result.get("error"), WorkerDied)
    assert "worker process stopped" in str(result["error"]) and "--workers 1" in str(result["error"])
    assert (out / "visits.parquet").read_bytes() == visits_before, "the previous output must be kept whole"
    assert before.visits == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "no staging folder may be left behind"
