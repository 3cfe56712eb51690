"""Tables for people and their downloads: labels, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pandas as pd
import pytest
from conftest import HOSTILE_EVIDENCE, HOSTILE_TITLE, build_articles, build_visit_sources

from ui.export import (
    neutralize_cell,
    neutralize_formulas,
    place_label,
    to_csv_bytes,
    to_date_label,
    to_delegation_label,
    to_evidence_table,
    to_safe_link,
    to_sources_table,
    to_visits_table,
    to_xlsx_bytes,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+6281234", "'+6281234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("Kota Surabaya", "Kota Surabaya"),
        ("a=b", "a=b"),
        ("", ""),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_neutralize_cell(value, expected):
    assert neutralize_cell(value) == expected


HOSTILE = pd.DataFrame({
    "=cmd|' /C calc'!A0": ["=HYPERLINK(\"http://evil.example\")", "Kota Bandung", "@x"],
    "n": [1, -2, 3],
})


def test_csv_download_has_no_formula_cells_and_opens_in_excel_with_utf8():
    data = to_csv_bytes(HOSTILE)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["'=cmd|' /C calc'!A0", "n"],
        ["'=HYPERLINK(\"http://evil.example\")", "1"],
        ["Kota Bandung", "-2"],
        ["'@x", "3"],
    ]


def test_excel_download_stores_hostile_text_as_text_not_formula():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(HOSTILE)))
    ws = wb["visits"]
    cells = [[(c.value, c.data_type) for c in row] for row in ws.iter_rows()]
    assert cells == [
        [("'=cmd|' /C calc'!A0", "s"), ("n", "s")],
        [("'=HYPERLINK(\"http://evil.example\")", "s"), (1, "n")],
        [("Kota Bandung", "s"), (-2, "n")],
        [("'@x", "s"), (3, "n")],
    ]


def test_neutralize_formulas_leaves_the_input_unchanged():
    before = HOSTILE.copy()
    neutralize_formulas(HOSTILE)
    pd.testing.assert_frame_equal(HOSTILE, before)


@pytest.mark.parametrize(
    ("name", "mention", "lang", "expected"),
    [("Kota Surabaya", "Surabaya", "en", "Kota Surabaya"), (None, "Kota Antah", "id", "Kota Antah (?)"),
     (None, None, "id", "tidak diketahui"), (None, "", "en", "unknown")],
)
def test_place_label(name, mention, lang, expected):
    assert place_label(name, mention, lang) == expected


@pytest.mark.parametrize(
    ("d", "precision", "lang", "expected"),
    [(date(2020, 7, 1), "month", "id", "Juli 2020"), (pd.Timestamp("2019-03-05"), "day", "en", "5 March 2019"),
     (None, "day", "en", "date unknown"), (pd.NaT, "unknown", "id", "tanggal tidak diketahui")],
)
def test_to_date_label(d, precision, lang, expected):
    assert to_date_label(d, precision, lang) == expected


@pytest.mark.parametrize(
    ("size", "lo", "hi", "lang", "expected"),
    [(20, None, None, "en", "20 people"), (None, 10, 19, "id", "10–19 orang"), (None, 50, None, "en", "50–? people"),
     (None, None, None, "en", "–"), (pd.NA, pd.NA, pd.NA, "id", "–")],
)
def test_to_delegation_label(size, lo, hi, lang, expected):
    assert to_delegation_label(size, lo, hi, lang) == expected


def test_visits_table_in_indonesian(visits):
    table = to_visits_table(visits, "id")
    assert list(table.columns) == [
        "visit_id", "Tanggal", "Tamu", "Lembaga tamu", "Provinsi tamu", "Tuan rumah", "Lembaga tuan rumah",
        "Provinsi tuan rumah", "Jenis", "Topik", "Rombongan", "Jarak (km)", "Sumber", "Keyakinan",
    ]
    first = table.iloc[0].to_dict()
    assert first == {
        "visit_id": "v1", "Tanggal": "5 Maret 2019", "Tamu": "Kota Bandung", "Lembaga tamu": "Pemerintah Kota Bandung",
        "Provinsi tamu": "Jawa Barat", "Tuan rumah": "Kota Surabaya", "Lembaga tuan rumah": "Pemerintah Kota Surabaya",
        "Provinsi tuan rumah": "Jawa Timur", "Jenis": "Studi banding", "Topik": "E-government & SPBE, Kota cerdas & command center",
        "Rombongan": "20 orang", "Jarak (km)": 675.0, "Sumber": 2, "Keyakinan": 0.9,
    }
    unknown = table.set_index("visit_id").loc["v6"]
    assert (unknown["Tanggal"], unknown["Tamu"], unknown["Provinsi tamu"], unknown["Rombongan"]) == (
        "tanggal tidak diketahui", "Kota Antah (?)", "–", "–")
    assert pd.isna(unknown["Jarak (km)"])


def test_sources_and_evidence_of_a_visit():
    sources = to_sources_table("v1", build_visit_sources(), build_articles(), "en")
    assert sources.to_dict("records") == [
        {"Outlet": "Surabaya Pos", "Title": "Pemkot Bandung studi banding ke Surabaya", "Published": "6 March 2019",
         "Link": "https://news.example.id/a1"},
        {"Outlet": "Kabar Manado", "Title": "DPRD Minahasa kunker ke Surabaya", "Published": "3 July 2020",
         "Link": "https://news.example.id/a2"},
    ]
    evidence = to_evidence_table("v1", build_visit_sources(), "id")
    assert evidence.to_dict("records") == [
        {"Isian": "tamu", "Kalimat bukti": "Rombongan Pemerintah Kota Bandung berkunjung ke Surabaya, Selasa (5/3/2019)."},
        {"Isian": "tanggal", "Kalimat bukti": "Selasa (5/3/2019)."},
        {"Isian": "tuan rumah", "Kalimat bukti": "Surabaya menjadi tujuan studi banding."},
    ]


def test_hostile_article_text_is_kept_verbatim_for_display():
    sources = to_sources_table("v6", build_visit_sources(), build_articles(), "en")
    assert sources["Title"].tolist() == [HOSTILE_TITLE]
    assert sources["Published"].tolist() == ["–"]
    assert to_evidence_table("v6", build_visit_sources(), "en")["Evidence sentence"].tolist() == [HOSTILE_EVIDENCE]
    assert to_sources_table("nope", build_visit_sources(), build_articles(), "en").empty


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://a.id/x", "https://a.id/x"), (" HTTP://a.id ", "HTTP://a.id"), ("javascript:alert(1)", None),
     ("JaVaScRiPt:alert(1)", None), ("data:text/html,<script>x</script>", None), ("//evil.example", None), (None, None)],
)
def test_only_http_links_are_clickable(url, expected):
    assert to_safe_link(url) == expected
