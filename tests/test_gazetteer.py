import csv
from pathlib import Path

import pytest

from etl.gazetteer import DATA_DIR, Gazetteer, read_entries
from etl.gazetteer import load_gazetteer as _load
from etl.model import Place


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return _load()


def _regions() -> list[dict]:
    with (DATA_DIR / "regions.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_counts_match_kemendagri():
    rows = _regions()
    assert sum(r["level"] == "provinsi" for r in rows) == 38
    assert sum(r["level"] in ("kota", "kabupaten") for r in rows) == 514
    assert sum(r["level"] == "kota" for r in rows) == 98


def test_codes_unique_and_coordinates_inside_indonesia():
    rows = _regions()
    assert len({r["code"] for r in rows}) == len(rows)
    outside = [r["name"] for r in rows if not (-11.5 <= float(r["lat"]) <= 6.5 and 94.5 <= float(r["lon"]) <= 141.5)]
    assert outside == []


def test_every_regency_sits_in_its_province_by_code():
    rows = _regions()
    prov = {r["code"]: r["province"] for r in rows if r["level"] == "provinsi"}
    wrong = [r["name"] for r in rows if r["level"] != "provinsi" and prov[r["code"][:2]] != r["province"]]
    assert wrong == []


NAMESAKES = [
    "Bogor",
    "Malang",
    "Semarang",
    "Tangerang",
    "Kediri",
    "Tasikmalaya",
    "Bandung",
    "Bekasi",
    "Madiun",
    "Magelang",
    "Pekalongan",
    "Probolinggo",
    "Pasuruan",
    "Mojokerto",
    "Blitar",
    "Tegal",
    "Cirebon",
    "Sukabumi",
    "Serang",
    "Solok",
    "Kupang",
    "Sorong",
    "Jayapura",
    "Bima",
    "Gorontalo",
]


@pytest.mark.parametrize("name", NAMESAKES)
def test_namesakes_are_separate_places(g, name):
    levels = sorted(p.level for p in g.candidates(name))
    assert levels == ["kabupaten", "kota"] if name != "Gorontalo" else levels == ["kabupaten", "kota", "provinsi"]
    kota, kab = g.lookup(name, "kota"), g.lookup(name, "kabupaten")
    assert kota.name == f"Kota {name}" and kab.name == f"Kabupaten {name}" and kota.code != kab.code


@pytest.mark.parametrize(
    "name, level, expected",
    [
        ("Kota Surabaya", None, ("Kota Surabaya", "kota", "35.78", "Jawa Timur")),
        ("Kabupaten Minahasa", None, ("Kabupaten Minahasa", "kabupaten", "71.02", "Sulawesi Utara")),
        ("Banten", None, ("Provinsi Banten", "provinsi", "36", "Banten")),
        ("Ternate", None, ("Kota Ternate", "kota", "82.71", "Maluku Utara")),
        ("Tangerang", "kota", ("Kota Tangerang", "kota", "36.71", "Banten")),
        ("Kota Pahlawan", None, ("Kota Surabaya", "kota", "35.78", "Jawa Timur")),
        ("Kota Kembang", None, ("Kota Bandung", "kota", "32.73", "Jawa Barat")),
        ("Palangka Raya", None, ("Kota Palangkaraya", "kota", "62.71", "Kalimantan Tengah")),
        ("Pekan Baru", None, ("Kota Pekanbaru", "kota", "14.71", "Riau")),
        ("Bau-Bau", None, ("Kota Baubau", "kota", "74.72", "Sulawesi Tenggara")),
        ("Baubau", None, ("Kota Baubau", "kota", "74.72", "Sulawesi Tenggara")),
        ("Jakarta Selatan", None, ("Kota Administrasi Jakarta Selatan", "kota", "31.74", "DKI Jakarta")),
        ("Jatim", None, ("Provinsi Jawa Timur", "provinsi", "35", "Jawa Timur")),
        ("Irian Jaya", None, ("Provinsi Papua", "provinsi", "91", "Papua")),
        ("Bumi Cenderawasih", None, ("Provinsi Papua", "provinsi", "91", "Papua")),
        ("Kemendagri", None, ("Kementerian Dalam Negeri", "national", None, "DKI Jakarta")),
        ("LAN", None, ("Lembaga Administrasi Negara", "national", None, "DKI Jakarta")),
        ("Korea Selatan", None, ("Korea Selatan", "foreign", None, None)),
        ("Kuala Lumpur", None, ("Kuala Lumpur", "foreign", None, None)),
    ],
)
def test_lookup(g, name, level, expected):
    p = g.lookup(name, level)
    assert (p.name, p.level, p.code, p.province) == expected
    assert p.resolved_by == "gazetteer" and p.mention == name and p.lat is not None and p.lon is not None


@pytest.mark.parametrize("name, level", [("Bogor", None), ("Atlantis", None), ("Surabaya", "kabupaten")])
def test_lookup_unknown_or_ambiguous_is_none(g, name, level):
    assert g.lookup(name, level) is None


@pytest.mark.parametrize(
    "name, level, expected",
    [
        ("Subaya", None, "Kota Surabaya"),
        ("Surabya", "kota", "Kota Surabaya"),
        ("Sidoarja", None, "Kabupaten Sidoarjo"),
        ("Pekalongn", "kota", "Kota Pekalongan"),
        ("Pekalongn", None, None),  # namesakes: a typo cannot choose between them
        ("Bekas", None, None),  # a real word, too far from Bekasi to be sure
        ("Sura", None, None),  # too short to guess
        ("Surabaya", None, None),  # exact names are not typos
    ],
)
def test_fuzzy_is_guarded(g, name, level, expected):
    p = g.fuzzy(name, level)
    assert (p.name if p else None) == expected


def test_seats_and_kecamatan_point_to_their_regency(g):
    assert [p.name for p in g.by_seat("Tondano")] == ["Kabupaten Minahasa"]
    assert [p.name for p in g.by_seat("Kepanjen")] == ["Kabupaten Malang"]
    assert [p.name for p in g.district_regencies("Lowokwaru")] == ["Kota Malang"]
    assert len(g.district_regencies("Karanganyar")) == 6


def test_province_membership(g):
    sby = g.lookup("Kota Surabaya")
    assert g.province_of(sby) == Place(
        "Provinsi Jawa Timur",
        "provinsi",
        "35",
        "Jawa Timur",
        sby.lat and g.lookup("Jatim").lat,
        g.lookup("Jatim").lon,
        "gazetteer",
        "",
    )
    assert g.in_province(sby, "Jawa Timur") and g.in_province(sby, "Jatim") and not g.in_province(sby, "Banten")
    assert g.province_of(g.lookup("Jepang")) is None


def test_missing_files_raise_a_specific_error(tmp_path: Path):
    from etl.gazetteer import GazetteerError

    with pytest.raises(GazetteerError, match="regions.csv"):
        read_entries(tmp_path)
