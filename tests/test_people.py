import pytest

from etl.people import extract_lead
from etl.text import sentences
from tests.helpers import seed_sentences as _seed


@pytest.mark.seeds
@pytest.mark.parametrize(
    "name, origins, focus, expected",
    [
        ("000_edb1ca93051f22de.txt", ["Kota Ternate"], (), "Wali Kota Ternate M. Tauhid Solemen"),
        ("001_922858a3b185660b.txt", ["Kota Ternate"], (), "Wali Kota Ternate M Tauhid Soleman"),
        ("002_45a9ea6ffb2152d6.txt", ["Provinsi Banten"], (), "Ahmad Yusuf, Kabid Litbang Badan DiklatProvinsi Banten"),
        (
            "002_45a9ea6ffb2152d6.txt",
            ["Kota Lubuklinggau"],
            (11, 12),
            "Tamri, Kepala Badan Diklat Pemerintah Kota Lubuklinggau",
        ),
        ("003_f373fb3116661b37.txt", ["Kota Dumai"], (), "Wali Kota Dumai Zulkifli AS"),
        (
            "004_f05d6fbf7de106e5.txt",
            ["Kabupaten Minahasa"],
            (),
            "Roy Tumiwa, Kepala Badan Pengembangan Sumber Daya Manusia (BPSDM) Kabupaten Minahasa",
        ),
    ],
)
def test_seed_leads(name, origins, focus, expected):
    assert extract_lead(_seed(name), focus, origins)[0] == expected


@pytest.mark.parametrize(
    "text, origins, expected",
    [
        ("Wali Kota Dumai, Zulkifli AS memimpin rombongan ke Manado.", ["Kota Dumai"], "Wali Kota Dumai Zulkifli AS"),
        (
            "Bupati Sleman Drs H Budi Santoso MSi memboyong 20 kepala dinas ke Kota Batu.",
            ["Kabupaten Sleman"],
            "Bupati Sleman Budi Santoso",
        ),
        (
            "Rombongan dipimpin Ketua DPRD Kota Kupang, Yeskiel Loudoe, tiba di Denpasar.",
            ["Kota Kupang"],
            "Ketua DPRD Kota Kupang Yeskiel Loudoe",
        ),
        (
            "Kepala Bappeda Kabupaten Gowa, Ir. Andi Makkasau MT, memaparkan tujuan kunjungan.",
            ["Kabupaten Gowa"],
            "Ir. Andi Makkasau, Kepala Bappeda Kabupaten Gowa",
        ),
        (
            "Siti Aminah, Sekretaris Daerah Provinsi Jambi, menyampaikan terima kasih.",
            ["Provinsi Jambi"],
            "Siti Aminah, Sekretaris Daerah Provinsi Jambi",
        ),
    ],
)
def test_leads_from_titles(text, origins, expected):
    assert extract_lead(sentences(text), (), origins) == (expected, text)


def test_the_hosts_official_is_not_the_lead():
    text = (
        "Wali Kota Madiun, Maidi menerima rombongan Pemkab Ngawi. "
        "Rombongan dipimpin Wakil Bupati Ngawi, Dwi Rianto Jatmiko."
    )
    assert extract_lead(sentences(text), (), ["Kabupaten Ngawi"])[0] == "Wakil Bupati Ngawi Dwi Rianto Jatmiko"


def test_the_full_name_wins_over_a_later_short_mention():
    text = "Wali Kota Dumai H Zulkifli AS MSi tiba pagi. Wali Kota Dumai Zulkifli memimpin rombongan."
    assert extract_lead(sentences(text), (), ["Kota Dumai"])[0] == "Wali Kota Dumai Zulkifli AS"


def test_focus_picks_the_visit_in_question():
    text = "Ketua Komisi I DPRD Kota Bima, Ahmad Jaya, memimpin rombongan. Kepala Bappeda Kota Bima, Nur Laila, ikut."
    assert extract_lead(sentences(text), (1,), ["Kota Bima"])[0] == "Nur Laila, Kepala Bappeda Kota Bima"


@pytest.mark.parametrize(
    "text, origins",
    [
        ("Wali Kota Ternate Boyong Belasan Pimpinan OPD ke Surabaya", ["Kota Ternate"]),  # a headline
        ("Rombongan Pemkab Ngawi tiba di Madiun.", ["Kabupaten Ngawi"]),  # no official named
        ("Wali Kota Madiun, Maidi menyambut tamunya.", ["Kabupaten Ngawi"]),  # only the host's
        ("Wali Kota Surabaya, Eri Cahyadi menjelaskan sistemnya.", []),  # no origin and no leading verb
    ],
)
def test_no_lead(text, origins):
    assert extract_lead(sentences(text), (), origins) == (None, None)


def test_without_origin_a_leading_verb_is_needed():
    text = "Rombongan dipimpin Kepala Dinas Kominfo Kota Sorong, Yanto Ham, tiba di Kota Malang."
    assert extract_lead(sentences(text)) == ("Yanto Ham, Kepala Dinas Kominfo Kota Sorong", text)


def test_a_committee_chair_gets_the_origins_dprd():
    text = "Komisi I DPRD Kota Depok berkunjung ke Surabaya. Rombongan dipimpin Ketua Komisi I, Heri Santoso."
    assert extract_lead(sentences(text), (), ["Kota Depok"]) == (
        "Heri Santoso, Ketua Komisi I DPRD Kota Depok",
        "Rombongan dipimpin Ketua Komisi I, Heri Santoso.",
    )


@pytest.mark.parametrize(
    "text, origins, expected",
    [
        # a title ending in an office's acronym or "DPRD" before the origin
        (
            "Kunjungan itu diketuai oleh Ketua Komisi III DPRD Palembang, Antoni Saputra.",
            ["Kota Palembang"],
            "Antoni Saputra, Ketua Komisi III DPRD Palembang",
        ),
        (
            "Rahmat Hidayat, Kepala DPMD Kutai Kartanegara, yang memimpin rombongan, mengatakan hal itu.",
            ["Kabupaten Kutai Kartanegara"],
            "Rahmat Hidayat, Kepala DPMD Kutai Kartanegara",
        ),
        (
            "Rombongan berjumlah 11 orang dipimpin Markus Lumban, Asisten Perekonomian dan Pembangunan Setda Sintang.",
            ["Kabupaten Sintang"],
            "Markus Lumban, Asisten Perekonomian dan Pembangunan Setda Sintang",
        ),
        # the title is the last run of title words, not "Kepala desa ..." before the verb
        (
            "Puluhan kepala desa se-Kabupaten Sumbawa yang dipimpin langsung Bupati Sumbawa Zainal Arifin tiba di Gianyar.",
            ["Kabupaten Sumbawa"],
            "Bupati Sumbawa Zainal Arifin",
        ),
        # a deputy standing in is the lead; a head of region drops the honorifics, a name-first lead keeps them
        (
            "Kunjungan dipimpin Wakil Ketua DPRD Banyumas, H. Slamet Riyadi, karena Ketua DPRD berhalangan.",
            ["Kabupaten Banyumas"],
            "Wakil Ketua DPRD Banyumas Slamet Riyadi",
        ),
        (
            "Dr. Siti Maryam, M.Pd., selaku Kepala Dinas Pendidikan Kabupaten Bima, memimpin langsung rombongan.",
            ["Kabupaten Bima"],
            "Dr. Siti Maryam, Kepala Dinas Pendidikan Kabupaten Bima",
        ),
        (
            "Wakil Ketua DPRD Tidore Kepulauan, Ridwan Malagapi, memimpin rombongan.",
            ["Kota Tidore Kepulauan", "Tidore"],
            "Wakil Ketua DPRD Tidore Kepulauan Ridwan Malagapi",
        ),
    ],
)
def test_leads_in_the_genres_phrasings(text, origins, expected):
    assert extract_lead(sentences(text), (), origins) == (expected, text)


def test_a_name_cut_off_after_dr_is_read_from_the_next_piece():
    text = "Rombongan dipimpin Kepala Dinas Kesehatan Bintan, dr. Hasanuddin Rambe. Mereka tiba pagi."
    assert (
        extract_lead(sentences(text), (), ["Kabupaten Bintan"])[0]
        == "dr. Hasanuddin Rambe, Kepala Dinas Kesehatan Bintan"
    )


def test_the_hosts_official_who_chairs_the_meeting_is_not_the_lead():
    text = (
        "Rapat penerimaan rombongan Pemkab Sintang dipimpin Sekretaris Daerah Kota Malang, Wahyu Setianto. "
        "Rombongan dipimpin Markus Lumban, Asisten Perekonomian Setda Sintang."
    )
    assert (
        extract_lead(sentences(text), (), ["Kabupaten Sintang"])[0]
        == "Markus Lumban, Asisten Perekonomian Setda Sintang"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        # committee chairs named without a comma, or after "DPRD,"
        (
            "Ketua Komisi I Heri Gunawan Saputra mengatakan rombongan belajar SPBE.",
            "Heri Gunawan Saputra, Ketua Komisi I DPRD Kota Bogor",
        ),
        (
            "Rombongan itu dipimpin Ketua Komisi II DPRD, Ujang Saepuloh.",
            "Ujang Saepuloh, Ketua Komisi II DPRD Kota Bogor",
        ),
        ("Ketua Komisi III menyampaikan terima kasih kepada DPRD tuan rumah.", None),  # no name
    ],
)
def test_committee_chairs(text, expected):
    sents = sentences("Komisi DPRD Kota Bogor berkunjung ke Surabaya. " + text)
    assert extract_lead(sents, (), ["Kota Bogor"])[0] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # no title names the origin: the visitors' "dipimpin <title>, <name>" or "dipimpin Bupati <name>"
        (
            "Rombongan Pemerintah Kabupaten Tapanuli Utara yang dipimpin Bupati Nikson Nababan melakukan studi tiru.",
            "Bupati Nikson Nababan",
        ),
        (
            "Tim beranggotakan enam orang itu dipimpin Asisten Deputi Pelayanan Publik, Drs. Hendarto Susilo, M.Si.",
            "Drs. Hendarto Susilo, Asisten Deputi Pelayanan Publik",
        ),
        # a title that runs on over commas has no name in it
        ("Tim itu dipimpin Direktur Perencanaan, Evaluasi dan Informasi Pembangunan Daerah.", None),
        # the host chairing a meeting is no visitor's sentence
        ("Rapat itu dipimpin Sekretaris Daerah, Wahyu Setianto, di balai kota.", None),
    ],
)
def test_leads_whose_title_does_not_name_the_origin(text, expected):
    assert extract_lead(sentences(text), (), ["Kabupaten Tapanuli Utara", "Kementerian PANRB"])[0] == expected


@pytest.mark.parametrize(
    "text, origins, expected",
    [
        # "Kepulauan" is often left out of the origin's name in a title
        (
            "Wakil Ketua DPRD Tidore, Ridwan Malagapi, mengatakan rombongan belajar wisata budaya.",
            ["Kota Tidore Kepulauan"],
            "Wakil Ketua DPRD Tidore Ridwan Malagapi",
        ),
        # a list of members names the chair in brackets
        (
            "Komisi III DPRD Kabupaten Sumbawa berkunjung ke Gresik. Peserta:\n\n"
            "1. Ir. Syamsul Bahri Dea Lalu (Ketua Komisi III)\n\n2. Nurhidayah, S.E. (Wakil Ketua Komisi III)",
            ["Kabupaten Sumbawa"],
            "Ir. Syamsul Bahri Dea Lalu, Ketua Komisi III DPRD Kabupaten Sumbawa",
        ),
        # "Ketua rombongan" is the title the article gives
        (
            "Rombongan DPRD Toba tiba di Gianyar. Ketua rombongan, Marudut Sitorus, mengatakan desanya ingin belajar.",
            ["Kabupaten Toba"],
            "Marudut Sitorus, Ketua rombongan",
        ),
        # a title that runs over commas, then the name ends the sentence
        (
            "Kedatangan tim dipimpin Direktur Perencanaan, Evaluasi dan Informasi Pembangunan Daerah, Ir. Bambang "
            "Santoso.",
            ["Kementerian Dalam Negeri"],
            "Ir. Bambang Santoso, Direktur Perencanaan, Evaluasi dan Informasi Pembangunan Daerah",
        ),
    ],
)
def test_leads_found_by_the_fallbacks(text, origins, expected):
    assert extract_lead(sentences(text), (), origins)[0] == expected


def test_a_clause_between_a_title_and_the_origin_is_no_title():
    text = "Kepala Dinas Pariwisata Kota Batu menerima rombongan DPRD Kabupaten Sleman, Senin (3/4/2023)."
    assert extract_lead(sentences(text), (), ["Kabupaten Sleman"]) == (None, None)


def test_a_name_cut_off_after_a_shortened_first_name_is_read_whole():
    text = "Rombongan dipimpin Kepala BPSDM Sultra, Laode Muh. Ridwan, tiba pagi."
    assert extract_lead(sentences(text), (), ["Provinsi Sulawesi Tenggara", "Sultra"])[0] == (
        "Laode Muh. Ridwan, Kepala BPSDM Sultra"
    )
