import pytest

from etl.sizes import SizeResult, extract_delegation
from etl.text import sentences
from tests.helpers import expected_seeds as _expected_seeds
from tests.helpers import seed_sentences as _seed


@pytest.mark.seeds
@pytest.mark.parametrize("name, record", _expected_seeds())
def test_seed_sizes_match_expected(name, record):
    assert extract_delegation(_seed(name)).size == record["visits"][0]["delegation_size"]


@pytest.mark.seeds
def test_seed_000_belasan_with_a_list_is_a_range_not_a_size():
    got = extract_delegation(_seed("000_edb1ca93051f22de.txt"))
    assert (got.size, got.min, got.max, got.text) == (None, 11, 19, "belasan pimpinan (11 listed)")


@pytest.mark.seeds
def test_seed_002_focus_splits_the_two_cohorts():
    sents = _seed("002_45a9ea6ffb2152d6.txt")
    banten = (5, 6, 7, 8, 9, 10)  # Ahmad Yusuf's sentences: welcome, "lokus benchmarking", the two cohorts
    lubuklinggau = (11, 12)  # Tamri's sentences: "angkatan 12", thanks
    got = extract_delegation(sents, focus=banten)
    assert (got.size, got.text) == (68, "angkatan 33 sebanyak 36 orang, sedangkan angkatan 34 sebanyak 32 orang")
    assert extract_delegation(sents, focus=lubuklinggau).size is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sebanyak 40 pegawai Pemkab Sigi mengikuti studi tiru di Kota Makassar.", (40, 40, 40, "Sebanyak 40 pegawai")),
        ("Rombongan berjumlah 25 orang itu tiba di Kota Malang.", (25, 25, 25, "berjumlah 25 orang")),
        ("Kunjungan kerja diikuti 15 anggota DPRD Kabupaten Jember.", (15, 15, 15, "15 anggota")),
        ("Studi banding itu diikuti sebanyak 36 orang peserta.", (36, 36, 36, "sebanyak 36 orang peserta")),
        (
            "Pelatihan membawa angkatan 7 sebanyak 30 orang dan angkatan 8 sebanyak 28 orang ke Kota Batu.",
            (58, 58, 58, "angkatan 7 sebanyak 30 orang dan angkatan 8 sebanyak 28 orang"),
        ),
        ("Kunjungan kerja diikuti dua puluh lima peserta dari Kota Bima.", (25, 25, 25, "dua puluh lima peserta")),
        ("Rombongan sepuluh (10) orang tiba di Pemkot Cimahi.", (10, 10, 10, "sepuluh (10) orang")),
        # IPDN's praja are counted like any delegation's people
        (
            "Sebanyak 120 praja IPDN mengikuti praktik lapangan di Pemkot Cimahi.",
            (120, 120, 120, "Sebanyak 120 praja"),
        ),
        ("Rombongan sekitar 30 orang tiba di Balai Kota Blitar.", (30, 30, 30, "sekitar 30 orang")),
        (
            "Rombongan berjumlah 25 orang yang terdiri dari 20 anggota dewan dan 5 staf tiba di Kota Kediri.",
            (25, 25, 25, "berjumlah 25 orang"),
        ),
        ("Kunjungan kerja diikuti belasan kepala desa dari Kabupaten Pati.", (None, 11, 19, "belasan kepala desa")),
        ("Puluhan peserta diklat tiba di Kota Probolinggo.", (None, 20, 99, "Puluhan peserta")),
        ("Studi banding diikuti ratusan petani dari Kabupaten Ngawi.", (None, 100, 999, "ratusan petani")),
        ("Rombongan lebih dari 30 orang tiba di Kota Pasuruan.", (None, 31, None, "lebih dari 30 orang")),
        ("Rombongan hampir 30 orang tiba di Kota Pasuruan.", (None, None, 29, "hampir 30 orang")),
    ],
)
def test_delegation_sizes(text, expected):
    got = extract_delegation(sentences(text))
    assert (got.size, got.min, got.max, got.text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kota Surabaya memiliki 17.500 pegawai dengan 12.000 di antaranya adalah guru.",
        "Kota Bekasi telah membangun 211 aplikasi dan layanan 112 yang aktif.",
        "Peserta pelatihan angkatan 12 datang dari Bengkulu.",
        "Kunjungan berlangsung pada tahun 2019 dan menghabiskan Rp 150 juta.",
        "Capaian pelayanan naik 45 persen dalam dua tahun.",
        "Puskesmas di kota ini melayani 300 orang setiap hari.",
        "Kota Madiun memiliki 27 puskesmas dan 6 rumah sakit.",
        "Penduduk kota itu mencapai 500 orang per kelurahan.",
    ],
)
def test_numbers_that_are_not_the_delegation_are_ignored(text):
    assert extract_delegation(sentences(text)) == SizeResult(None)


def test_bare_rombongan_keeps_the_word():
    text = "Wali Kota Dumai dan rombongan diterima di ruang rapat."
    assert extract_delegation(sentences(text)) == SizeResult(None, None, None, "rombongan", text)


def test_numbered_list_without_a_number_is_the_count():
    text = "Pejabat yang ikut dalam kunjungan sebagai berikut:\n1. Sekda\n2. Kepala Bappeda\n3. Kadis Kominfo"
    got = extract_delegation(sentences(text))
    assert (got.size, got.min, got.max, got.text) == (3, 3, 3, "3 listed")


@pytest.mark.parametrize(
    "text, size",
    [
        ("Rombongan terdiri atas Ketua Komisi Ani Lestari, Wakil Ketua Budi Raharjo serta anggota Cici dan Dodi.", 4),
        # A title and then its holder's name is one person; "dan Pertamanan" belongs to the office's name.
        (
            "Tim terdiri dari Wakil Bupati Sikka, Hj. Rina Wati, Kepala Dinas Kebersihan dan Pertamanan dan tiga staf.",
            5,
        ),
        ("Delegasi beranggotakan Sekda Kota Bima, Kepala Bappeda, Kepala Dinas Kominfo dan dua staf teknis.", 5),
    ],
)
def test_people_named_one_by_one_are_counted(text, size):
    assert extract_delegation(sentences(text)).size == size


def test_a_vague_word_keeps_a_list_a_minimum():
    text = "Bupati memboyong belasan pejabat ke Kota Batu. Pejabat yang ikut sebagai berikut:\n1. Sekda\n2. Kadis PU"
    got = extract_delegation(sentences(text))
    assert (got.size, got.min, got.max) == (None, 11, 19)


def test_focus_limits_the_search():
    text = "Rombongan berjumlah 25 orang tiba di Kota Malang. Wakil wali kota menerima mereka."
    assert extract_delegation(sentences(text), focus=(1,)) == SizeResult(None)


def test_an_uncounted_group_in_the_list_leaves_the_size_unknown():
    text = "Rombongan terdiri dari Sekda Halbar Rudi, Kepala Dinas Kesehatan dr. Fitri, serta sejumlah staf."
    assert extract_delegation(sentences(text)).size is None


def test_a_numbered_list_cut_in_pieces_is_counted_whole():
    text = "Peserta :\n1. Ir. Ahmad Dahlan (Ketua)\n2. Siti, S.E.\n(Wakil Ketua)\n3. Budi (Anggota)"
    assert extract_delegation(sentences(text)).size == 3


@pytest.mark.parametrize(
    "text, expected",
    [
        # parts of one group are added up
        (
            "Rombongan 15 anggota DPRD Kabupaten Kendal didampingi 6 pejabat sekretariat tiba di Kota Solo.",
            (21, 21, 21, "15 anggota DPRD Kabupaten Kendal didampingi 6 pejabat"),
        ),
        (
            "Tim terdiri dari 10 kepala desa dan 4 staf Dinas PMD.",
            (14, 14, 14, "10 kepala desa dan 4 staf"),
        ),
        (
            "Dua belas kepala puskesmas dan tiga pejabat Dinas Kesehatan berangkat bersama untuk studi banding.",
            (15, 15, 15, "Dua belas kepala puskesmas dan tiga pejabat"),
        ),
        (
            "Pemkot Kupang datang sebanyak tujuh orang ditambah dua tenaga ahli.",
            (9, 9, 9, "sebanyak tujuh orang ditambah dua tenaga ahli"),
        ),
        # a range is kept as a range, never a size
        (
            "Jumlah peserta kunjungan berkisar 12 hingga 15 orang.",
            (None, 12, 15, "berkisar 12 hingga 15 orang"),
        ),
        ("Rombongan 20-25 orang tiba di Kota Batu.", (None, 20, 25, "20-25 orang")),
        ("Rombongan kurang lebih 40 orang tiba di Kota Batam.", (40, 40, 40, "kurang lebih 40 orang")),
    ],
)
def test_sizes_in_parts_and_ranges(text, expected):
    got = extract_delegation(sentences(text))
    assert (got.size, got.min, got.max, got.text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Pemkab Kukar memberangkatkan 40 kepala desa untuk studi banding ke Ponggok. Mereka didampingi 6 pejabat DPMD.",
            (46, "40 kepala desa ... 6 pejabat"),
        ),
        # the host's escort is not the delegation; nor a count in the next paragraph
        (
            "Rombongan berjumlah 18 anggota dewan tiba. Mereka didampingi 3 pejabat Pemkot setempat.",
            (18, "berjumlah 18 anggota"),
        ),
        ("Rombongan berjumlah 18 anggota dewan tiba.\n\nMereka didampingi 4 staf.", (18, "berjumlah 18 anggota")),
    ],
)
def test_companions_in_the_next_sentence(text, expected):
    got = extract_delegation(sentences(text))
    assert (got.size, got.text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Rombongan DPRD Kota Bima diterima Sekda. Pekan lalu Pemkot menggelar pameran yang diikuti 120 peserta.",
            SizeResult(None, None, None, "rombongan", "Rombongan DPRD Kota Bima diterima Sekda."),
        ),
        (
            "Komisi A DPRD Sleman berkunjung ke Badung. Sehari sebelumnya Pemkab Badung menggelar bimbingan teknis "
            "yang diikuti 60 peserta dari desa adat.",
            SizeResult(None),
        ),
    ],
)
def test_a_hosts_event_is_not_the_delegation(text, expected):
    assert extract_delegation(sentences(text)) == expected


def test_the_visitors_own_event_wording_still_counts():
    text = "Studi banding yang digelar Senin itu diikuti 30 peserta dari Kabupaten Sigi."
    assert extract_delegation(sentences(text)).size == 30


@pytest.mark.parametrize(
    "text, expected",
    [
        # the host's people: after a word of reception, or the only count and named by it
        (
            "Rombongan berjumlah 30 orang diterima oleh Sekda Kota Batu bersama 5 kepala OPD.",
            (30, "berjumlah 30 orang"),
        ),
        ("Rombongan 12 anggota Komisi B tiba, lalu berdiskusi dengan 8 pejabat Dinas Perdagangan.", (12, "12 anggota")),
        ("Mereka diterima 6 pejabat Pemkot Malang.", (None, None)),
        # people already counted
        ("Sebanyak 35 orang, termasuk 10 staf, mengikuti kunjungan itu.", (35, "Sebanyak 35 orang")),
        # a companion who travels along
        (
            "Dalam kunjungan itu, 10 kepala desa ikut bersama 3 pendamping desa.",
            (13, "10 kepala desa ikut bersama 3 pendamping"),
        ),
    ],
)
def test_the_hosts_people_and_people_already_counted(text, expected):
    got = extract_delegation(sentences(text))
    assert (got.size, got.text) == expected


def test_twenty_something_is_a_range():
    got = extract_delegation(sentences("Rombongan yang berjumlah 20-an orang itu tiba di Kota Batu."))
    assert (got.size, got.min, got.max, got.text) == (None, 20, 29, "berjumlah 20-an orang")


@pytest.mark.parametrize(
    "text, size",
    [
        ("Kepala Dinkes Purworejo, dr. Sri Handayani, bersama 9 stafnya mempelajari pendampingan ibu hamil.", 10),
        ("Bupati Ngawi bersama 12 anggotanya tiba di Madiun untuk studi banding.", 13),
        ("Kepala dinas tiba bersama 4 staf untuk studi banding.", 4),  # whose staff is not said: the count alone
    ],
)
def test_a_leader_with_their_own_staff_counts_themself(text, size):
    assert extract_delegation(sentences(text)).size == size
