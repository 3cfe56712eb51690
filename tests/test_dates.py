from datetime import date

import pytest

from etl.dates import DateResult, extract_date
from etl.text import sentences
from tests.helpers import expected_seeds as _expected_seeds
from tests.helpers import seed_sentences


@pytest.mark.seeds
@pytest.mark.parametrize("name, record", _expected_seeds())
def test_seed_dates_match_expected(name, record):
    sents = seed_sentences(name)
    got = extract_date(sents, None)
    want = record["visits"][0]["date"]
    assert (got.date.isoformat() if got.date else None) == want
    assert got.precision == ("day" if want else "unknown")


def test_seed_004_weekday_only_says_why():
    sents = seed_sentences("004_f05d6fbf7de106e5.txt")
    got = extract_date(sents, None)
    assert (got.date, got.precision, got.note) == (None, "unknown", "weekday only ('Selasa'), no publication date")


def test_seed_004_weekday_resolves_when_published_is_given():
    sents = seed_sentences("004_f05d6fbf7de106e5.txt")
    got = extract_date(sents, date(2024, 5, 23))  # a Thursday: the Tuesday before is 21 May
    assert (got.date, got.precision) == (date(2024, 5, 21), "day")
    assert got.note == "'Selasa' resolved against the publication date 2024-05-23"


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("Rombongan DPRD Kabupaten Sleman tiba di Balikpapan, Jumat (2/2/2024).", None, (date(2024, 2, 2), "day")),
        (
            "Kamis, (12/10/17) siang, Bupati Kampar memimpin studi banding ke Kota Batam.",
            None,
            (date(2017, 10, 12), "day"),
        ),
        ("Kunjungan kerja itu berlangsung pada Senin, 3 Juni 2019 di aula Bappeda.", None, (date(2019, 6, 3), "day")),
        ("Studi banding digelar pada 12-14 Maret 2018 di Kota Malang.", None, (date(2018, 3, 12), "day")),
        ("Studi banding digelar 28 Februari - 2 Maret 2018 di Kota Malang.", None, (date(2018, 2, 28), "day")),
        ("Rombongan tiba pada 5 s.d. 7 Agt 2021 di Kota Solo.", None, (date(2021, 8, 5), "day")),
        ("Kunjungan kerja berlangsung 4 Nop. 2016 di Pekanbaru.", None, (date(2016, 11, 4), "day")),
        ("Kunjungan kerja berlangsung 9 Des 2020 di Pekanbaru.", None, (date(2020, 12, 9), "day")),
        ("Kunjungan kerja ini berlangsung pada 02-03-2022 di ruang rapat.", None, (date(2022, 3, 2), "day")),
        (
            "Pada awal bulan Juli 2022 rombongan Pemkab Gowa berkunjung ke Banyuwangi.",
            None,
            (date(2022, 7, 1), "month"),
        ),
        ("Kunjungan kerja DPRD ke Kota Bandung dilakukan tahun 2016.", None, (date(2016, 1, 1), "year")),
        # a part of a year without "tahun": the year
        ("Pansus melakukan studi banding ke Batam pada pertengahan 2013.", None, (date(2013, 1, 1), "year")),
        ("Rombongan berkunjung ke Kota Malang awal 2019.", None, (date(2019, 1, 1), "year")),
        ("Rombongan diterima Selasa (15/9) di ruang rapat wali kota.", date(2015, 9, 16), (date(2015, 9, 15), "day")),
        ("Rombongan diterima Senin (28/12) di ruang rapat.", date(2021, 1, 4), (date(2020, 12, 28), "day")),
        (
            "Rombongan Pemkab Bantul berkunjung ke Kota Madiun, Rabu kemarin.",
            date(2023, 5, 5),
            (date(2023, 5, 3), "day"),
        ),
        ("Rombongan Pemkab Bantul tiba kemarin di Kota Madiun.", date(2023, 5, 5), (date(2023, 5, 4), "day")),
        ("Rombongan Pemkab Bantul berkunjung Senin pekan lalu.", date(2023, 5, 5), (date(2023, 4, 24), "day")),
    ],
)
def test_dates_read_from_text(text, published, expected):
    got = extract_date(sentences(text), published)
    assert (got.date, got.precision) == expected


def test_year_comes_from_the_page_date_line():
    text = "Rabu, 16 September 2015 10:15 WIB\nRombongan diterima Selasa (15/9) di ruang rapat."
    assert extract_date(sentences(text), None) == DateResult(
        date(2015, 9, 15), "day", "year from the page's date line", "Rombongan diterima Selasa (15/9) di ruang rapat."
    )


def test_english_date_line_lends_its_year():
    text = "Oktober 3, 2019\nTim Bappeda Kota Kendari belajar ke Kota Makassar, Rabu (2/10)."
    got = extract_date(sentences(text), None)
    assert (got.date, got.precision) == (date(2019, 10, 2), "day")


def test_date_line_alone_is_not_the_visit_date():
    text = "3 Mei 2023\nRombongan DPRD Kota Kupang belajar tata kelola sampah di Kota Denpasar."
    got = extract_date(sentences(text), None)
    assert (got.date, got.precision) == (None, "unknown")


def test_weekday_mismatch_keeps_the_date_and_says_so():
    got = extract_date(sentences("Rombongan tiba di Kota Pontianak, Senin (2/2/2024)."), None)
    assert got == DateResult(
        date(2024, 2, 2),
        "day",
        "weekday Senin does not match 2024-02-02 (Jumat)",
        "Rombongan tiba di Kota Pontianak, Senin (2/2/2024).",
    )


def test_date_after_publication_is_noted():
    got = extract_date(sentences("Kunjungan kerja ke Kota Palu dijadwalkan Kamis (14/3/2024)."), date(2024, 3, 1))
    assert got.date == date(2024, 3, 14)
    assert got.note == "date is after the publication date 2024-03-01"


@pytest.mark.parametrize(
    "text, published, note",
    [
        ("Rombongan diterima di Kantor Bupati, Selasa.", None, "weekday only ('Selasa'), no publication date"),
        (
            "Rombongan diterima Selasa (15/9) di ruang rapat.",
            None,
            "day and month without a year (15/9), no publication date",
        ),
        ("Aplikasi itu dijalankan sejak 2003 dan kini dipakai 40 dinas.", None, "no date in text"),
        ("Mal pelayanan publik diresmikan pada 3 Mei 2019 oleh menteri.", None, "no visit date in text"),
        ("Program kerja APEKSI 2024 ingin semua kota maju bersama.", None, "no date in text"),
        ("Kunjungan kerja ini melanjutkan kerja sama sejak tahun 2003.", None, "no visit date in text"),
        ("Semua kota ingin maju bersama.", None, "no date in text"),
        ("Kota ini pada 2019 meraih penghargaan pelayanan publik.", None, "no visit date in text"),
    ],
)
def test_no_date_is_invented(text, published, note):
    got = extract_date(sentences(text), published)
    assert (got.date, got.precision, got.note) == (None, "unknown", note)


def test_focus_sentences_win_over_the_rest():
    text = (
        "Rombongan Pemkot Bogor tiba di Kota Semarang, Senin (4/3/2019). "
        "Sehari kemudian rombongan Pemkab Kudus tiba di Kota Semarang, Selasa (5/3/2019)."
    )
    sents = sentences(text)
    assert extract_date(sents, None).date == date(2019, 3, 4)
    assert extract_date(sents, None, focus=(1,)).date == date(2019, 3, 5)


def test_day_date_beats_a_programme_year():
    text = "Rapat koordinasi APEKSI di awal tahun 2024 jadi dasarnya. Kunjungan kerja berlangsung Jumat (2/2/2024)."
    got = extract_date(sentences(text), None)
    assert (got.date, got.precision) == (date(2024, 2, 2), "day")


def test_empty_article():
    assert extract_date([], None) == DateResult(None, "unknown", "no text", None)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Komisi B melakukan kunjungan kerja ke Kota Kupang pada 4-6 Mei 2022. "
            '"Kami belajar banyak," kata ketua komisi di Ende, Senin (9/5/2022).',
            (date(2022, 5, 4), "day"),
        ),
        (
            "Tim Pemkab Sikka belajar tata kelola pasar. Kegiatan berlangsung pada Agustus 2019. "
            '"Pasarnya rapi," ujarnya, Selasa (3/9/2019).',
            (date(2019, 8, 1), "month"),
        ),
        (
            '"Hasilnya akan kami terapkan," kata bupati, Kamis (7/3/2019). Rombongan tiba di Makassar.',
            (date(2019, 3, 7), "day"),
        ),
    ],
)
def test_the_visit_date_beats_the_day_a_quote_was_given(text, expected):
    got = extract_date(sentences(text), None)
    assert (got.date, got.precision) == expected


def test_relative_day_resolves_against_the_page_date_line():
    text = "Jumat, 19 September 2014\nRombongan Pemkot Suwon berkeliling taman kota kemarin."
    assert extract_date(sentences(text), None) == DateResult(
        date(2014, 9, 18),
        "day",
        "'kemarin' resolved against the page's date line 2014-09-19",
        "Rombongan Pemkot Suwon berkeliling taman kota kemarin.",
    )


def test_iso_date_line_lends_its_year():
    text = "2019-10-03 10:15\nTim Bappeda Kota Kendari belajar ke Kota Makassar, Rabu (2/10)."
    got = extract_date(sentences(text), None)
    assert (got.date, got.precision, got.note) == (date(2019, 10, 2), "day", "year from the page's date line")


def test_a_part_of_a_year_in_the_visit_sentence_beats_kemarin_of_another_event():
    # The by-law was passed "kemarin"; the study visit behind it happened "pada pertengahan 2013".
    text = (
        "Rabu, 14 Mei 2014\n\nDPRD Kabupaten Bekasi mengesahkan perda penanaman modal dalam rapat paripurna, "
        "kemarin. Pansus melakukan studi banding ke Batam pada pertengahan 2013 untuk belajar perizinan."
    )
    got = extract_date(sentences(text), None)
    assert (got.date, got.precision, got.note) == (date(2013, 1, 1), "year", "'pertengahan' of the year")
