from datetime import date

import pytest

from etl.extract import extract_article, focus_sentences, not_a_visit
from etl.model import Article
from etl.places import Party
from etl.text import sentences


def _run(text, title=None, published=None):
    return extract_article(Article("t", text, title=title, published=published))


def _rows(result):
    return sorted(
        (v.origin.name, v.origin.province, v.origin_institution_type, v.host.name, v.host.province,
         v.host_institution_type)
        for v in result.visits
    )  # fmt: skip


CASES = [
    # the visitor's press office
    (
        "DPRD Kota Madiun Belajar Pengelolaan Sampah ke Kota Probolinggo",
        "MADIUN - Komisi III DPRD Kota Madiun melakukan studi banding ke Kota Probolinggo, Rabu (6/3/2024). "
        "Rombongan berjumlah 15 orang ingin mempelajari bank sampah dan pengolahan sampah menjadi kompos.",
        [("Kota Madiun", "Jawa Timur", "dprd", "Kota Probolinggo", "Jawa Timur", "pemkot")],
    ),
    # the host's press office; the visitor named after "menerima kunjungan"; bare "Madiun" read as the regency
    # because the article names "Kabupaten Madiun"
    (
        "Pemkab Ngawi Terima Kunjungan Kerja",
        "NGAWI - Bupati Ngawi menerima kunjungan kerja rombongan Pemerintah Kabupaten Madiun di Pendopo Kabupaten "
        "Ngawi. Madiun ingin belajar tentang pelayanan perizinan satu pintu.",
        [("Kabupaten Madiun", "Jawa Timur", "pemkab", "Kabupaten Ngawi", "Jawa Timur", "pemkab")],
    ),
    # nickname host, typo'd host official, DPRD of a province by abbreviation
    (
        None,
        "Anggota Komisi A DPRD Jatim berkunjung ke Kota Kembang untuk belajar tata kelola data. "
        "Kedatangan mereka diterima oleh Sekda Kota Bandng di ruang rapat.",
        [("Provinsi Jawa Timur", "Jawa Timur", "dprd", "Kota Bandung", "Jawa Barat", "pemkot")],
    ),
    # a ministry as host
    (
        None,
        "Bupati Sigi beserta rombongan melakukan audiensi dan kunjungan kerja ke Kementerian Dalam Negeri di "
        "Jakarta untuk berkonsultasi soal penataan batas desa.",
        [("Kabupaten Sigi", "Sulawesi Tengah", "pemkab", "Kementerian Dalam Negeri", "DKI Jakarta", "national_agency")],
    ),  # fmt: skip
    # a foreign host, the country after the city as context
    (
        None,
        "Pemerintah Kota Semarang melakukan benchmarking ke Kota Yokohama, Jepang, untuk mempelajari "
        "pengendalian banjir rob dan tanggul laut.",
        [("Kota Semarang", "Jawa Tengah", "pemkot", "Yokohama", None, "foreign_government")],
    ),
    # two training cohorts, one host, written from the host's side
    (
        "Kota Madiun Jadi Lokus Studi Lapangan",
        "MADIUN - Pemerintah Kota Madiun menerima dua rombongan peserta pelatihan kepemimpinan, yakni BPSDM "
        "Provinsi Bengkulu dan Badan Kepegawaian Kabupaten Kendal. Rombongan diterima Wali Kota Madiun di "
        "ruang Command Center.",
        [
            ("Kabupaten Kendal", "Jawa Tengah", "pemkab", "Kota Madiun", "Jawa Timur", "pemkot"),
            ("Provinsi Bengkulu", "Bengkulu", "pemprov", "Kota Madiun", "Jawa Timur", "pemkot"),
        ],
    ),
]


@pytest.mark.parametrize("title, text, rows", CASES, ids=[c[1][:40] for c in CASES])
def test_extract_visits(title, text, rows):
    result = _run(text, title)
    assert (result.status, result.note) == ("visit", None)
    assert _rows(result) == rows
    for v in result.visits:
        assert 0 < v.confidence <= 1
        assert v.evidence["origin"] and v.evidence["host"]
        assert v.origin.resolved_by == v.host.resolved_by == "gazetteer"


def test_unresolved_places_are_kept_with_their_mention():
    result = _run("Rombongan Pemkab Antahberantah melakukan studi banding ke Kota Malang untuk belajar soal pasar.")
    assert result.status == "visit"
    (v,) = result.visits
    assert (v.origin.name, v.origin.level, v.origin.resolved_by, v.origin.mention) == (
        None, "unknown", "unresolved", "Pemkab Antahberantah")  # fmt: skip
    assert v.host.name == "Kota Malang"
    assert v.confidence < 0.8


NEGATIVES = [
    # an essay about study visits in general
    (
        "Studi banding anggota dewan sering dipertanyakan manfaatnya. Banyak pihak menilai perjalanan itu "
        "lebih mirip pelesiran daripada belajar, dan hasilnya jarang dilaporkan kepada publik.",
        ("no place named", "no study-visit report"),
    ),
    # many regions come to learn here: no delegation named
    (
        "Banyak daerah datang ke Kota Banyuwangi untuk belajar tentang pelayanan publik berbasis desa. "
        "Setiap bulan puluhan rombongan tiba.",
        ("no visiting delegation named (only a host)", "no study-visit report"),
    ),
    # called off
    (
        "DPRD Kota Kendari membatalkan rencana studi banding ke Kota Batu karena anggaran dialihkan.",
        ("called off, a recess or an event, not a study visit: membatalkan",),
    ),
    # delegations performing at a festival
    (
        "Rombongan delegasi dari Kabupaten Gowa dan Kota Palopo tiba di Kabupaten Toraja Utara untuk memeriahkan "
        "festival budaya. Mereka disambut Bupati Toraja Utara.",
        ("called off, a recess or an event, not a study visit: festival", "no study-visit report"),
    ),
    # a rumoured trip the regency denies
    (
        "Pemkab Klaten Bantah Bupati Studi Banding ke Korea\n\nKLATEN - Pemerintah Kabupaten Klaten membantah "
        "kabar bahwa bupati dan rombongan berangkat studi banding ke Korea Selatan. Kabag Prokopim menyebut "
        "unggahan di media sosial itu hoaks.",
        ("a denied rumour, not a study visit: bantah, hoaks",),
    ),
    # a DPR RI member's working visit in the own constituency
    (
        "Anggota Komisi IV DPR RI melakukan kunjungan kerja ke Kabupaten Grobogan, daerah pemilihannya, "
        "untuk menyerap aspirasi petani jagung.",
        ("a national MP in the own constituency, not a study visit: dpr ri, daerah pemilihannya",),
    ),
]


@pytest.mark.parametrize("text, notes", NEGATIVES, ids=[n[0][:30] for n in NEGATIVES])
def test_non_visits_say_why(text, notes):
    # Either this module's reason or, earlier, etl.topics.visit_cue finding no visit wording; both must say why.
    result = _run(text)
    assert (result.status, result.visits) == ("no_visit", ())
    assert result.note.startswith(notes), result.note


def test_policy_announcement_without_visit_wording_is_rejected_by_visit_strength():
    result = _run("Gubernur menerbitkan surat edaran tentang penghematan anggaran perjalanan dinas tahun depan.")
    assert result.status == "no_visit" and result.note.startswith("no study-visit report")


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01\x02", "Kota " * 2000, "(((((" * 500, "ke ke ke di di"])
def test_odd_text_never_raises(text):
    result = _run(text)
    assert result.status in ("no_visit", "visit")


def test_a_genuine_bug_becomes_status_error():
    result = extract_article(Article("t", "Rombongan Pemkab Sleman berkunjung ke Kota Malang."), gazetteer=object())
    assert result.status == "error" and result.note.startswith("extraction failed: AttributeError")


def test_title_is_read_once_when_the_body_repeats_it():
    body = "Pemkab Kendal Studi Banding ke Kota Batu\n\nRombongan Pemkab Kendal berkunjung ke Kota Batu."
    a = _run(body, title="Pemkab Kendal Studi Banding ke Kota Batu")
    b = _run(body)
    assert _rows(a) == _rows(b) == [("Kabupaten Kendal", "Jawa Tengah", "pemkab", "Kota Batu", "Jawa Timur", "pemkot")]


def test_publication_date_reaches_the_date_extractor():
    result = _run("Rombongan DPRD Kabupaten Kendal berkunjung ke Kota Batu, Selasa (5/3).", published=date(2024, 3, 6))
    assert result.visits[0].date == date(2024, 3, 5)


def test_focus_follows_the_last_named_delegation():
    sents = sentences("Kota Batu menerima Kendal dan Gowa. Kendal datang dulu. Lalu Gowa tiba. Gowa membawa 20 orang.")
    assert len(sents) == 4

    def party(ks):
        return Party(None, None, "other", 1.0, ks, None, "cue")

    assert focus_sentences(sents, [party((0, 1)), party((0, 2, 3))]) == [(0, 1), (0, 2, 3)]
    assert focus_sentences(sents, [party((0,))]) == [()]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Rencana kunjungan kerja DPRD ke Bali ditunda.", "called off, a recess or an event, not a study visit: ditunda"),
        ("Studi banding DPRD ke Kota Batu di sela festival apel berjalan lancar.", None),
        ("Anggota DPR RI menggelar reses di daerah pemilihannya.", "called off, a recess or an event, not a study visit: reses"),
    ],
)  # fmt: skip
def test_not_a_visit(text, reason):
    assert not_a_visit(sentences(text)) == reason


def test_unknown_foreign_city_is_a_foreign_party_and_unknown_host_a_last_resort():
    result = _run("Pemkot Makassar menerima kunjungan balasan dari Pemerintah Kota Davao, Filipina, pekan ini.")
    (v,) = result.visits
    assert (v.origin.name, v.origin.level, v.origin.resolved_by, v.origin.mention, v.origin_institution_type) == (
        None, "foreign", "unresolved", "Pemerintah Kota Davao", "foreign_government")  # fmt: skip
    assert v.host.name == "Kota Makassar"
    result = _run("Rombongan DPRD Kota Palu melakukan studi banding ke Kabupaten Antahberantah pekan lalu.")
    (v,) = result.visits
    assert (v.origin.name, v.host.name, v.host.level, v.host.mention) == (
        "Kota Palu", None, "unknown", "Kabupaten Antahberantah")  # fmt: skip


def test_a_dprd_visiting_during_its_recess_and_a_dpr_working_visit_elsewhere_are_still_visits():
    r = _run("Rombongan DPRD Kabupaten Sleman melakukan studi banding ke Kota Surabaya pada masa reses.")
    assert _rows(r) == [
        ("Kabupaten Sleman", "Daerah Istimewa Yogyakarta", "dprd", "Kota Surabaya", "Jawa Timur", "pemkot")
    ]
    r = _run("Komisi II DPRD Kabupaten Sleman melakukan kunjungan kerja ke Kota Surabaya. Rombongan disambut Sekda.")
    assert r.status == "visit"


def test_a_tour_names_its_second_host_where_the_delegation_met_its_officials_and_dates_each_stop():
    # One delegation, two stops on two days: the lede's delegation size belongs to both stops, each stop's own
    # sentences give its date, and "bertemu pejabat ... di kantor Kementerian X" makes the ministry a host.
    text = (
        "Komisi II DPRD Kabupaten Asmat Belajar Irigasi di Jawa\n\n"
        "AGATS - Komisi II DPRD Kabupaten Asmat melakukan kunjungan kerja ke Pulau Jawa untuk belajar "
        "pengelolaan irigasi rawa. Rombongan sebanyak 9 orang dipimpin ketua komisi.\n\n"
        "Pada Rabu (7/6/2023), rombongan mengunjungi Universitas Gadjah Mada di Kota Yogyakarta dan berdiskusi "
        "dengan para ahli teknik sipil tentang saluran tersier.\n\n"
        "Keesokan harinya, Kamis (8/6/2023), rombongan bertemu pejabat Direktorat Jenderal Sumber Daya Air di "
        "kantor Kementerian Pekerjaan Umum dan Perumahan Rakyat, Jakarta, untuk menyampaikan usulan bendung."
    )
    r = _run(text)
    got = sorted((v.origin.name, v.host.name, v.date, v.delegation_size) for v in r.visits)
    assert got == [
        ("Kabupaten Asmat", "Kementerian Pekerjaan Umum", date(2023, 6, 8), 9),
        ("Kabupaten Asmat", "Kota Yogyakarta", date(2023, 6, 7), 9),
    ]


def test_dewan_as_the_subject_with_its_dprd_named_earlier_and_its_home_town_in_the_body():
    # The delegation is only "dewan"; its DPRD is named first. "di Kota Asal" in the quotes and the dateline are
    # where it reports from afterwards, not evidence that it received the visit.
    text = (
        "DPRD Kota Ternate Usulkan Desa Wisata Usai Studi Banding\n\n"
        "TERNATE - DPRD Kota Ternate meminta pemkot menata kampung tua menjadi desa wisata. Usulan itu muncul "
        "setelah dewan melakukan studi banding ke Kota Batu, Jawa Timur, pekan lalu.\n\n"
        '"Di Ternate, warga kampung bisa menjadi pemandu seperti di sana," kata seorang anggota dewan.\n\n'
        "Menurutnya, pasar malam tahunan di Ternate bisa menjadi awal promosi wisata."
    )
    r = _run(text)
    assert r.status == "visit"
    assert _rows(r) == [("Kota Ternate", "Maluku Utara", "dprd", "Kota Batu", "Jawa Timur", "pemkot")]


@pytest.mark.parametrize(
    "text",
    [
        "Pemkot Madiun kedatangan tamu dari Pemkab Bantaeng, Senin (3/7/2023).",
        "Kabupaten Sleman dikunjungi oleh DPRD Kota Bitung, Senin (3/7/2023).",
        "Pemkab Sleman mendapat kunjungan dari DPRD Kota Bitung, Senin (3/7/2023).",
        "DPRD Kabupaten Kediri berkonsultasi ke Kementerian Dalam Negeri, Senin (3/7/2023).",
    ],
)
def test_plain_host_side_or_trip_wording_reports_a_visit(text):
    # Nothing else in these ledes says "studi banding" or "kunjungan kerja"; the plain wording is enough when a
    # delegation is named by its own wording.
    r = _run(text)
    assert r.status == "visit", r.note
    assert len(r.visits) == 1


@pytest.mark.parametrize(
    "text",
    [
        # the plain wording, but no delegation named: the visitors are tourists
        "Museum Angkut kedatangan rombongan wisatawan dari luar kota selama libur panjang.",
        # only the host is named; the visitor is a guess from the lede
        "Kantor Bupati Sleman kedatangan tamu pada Senin (3/7/2023).",
    ],
)
def test_plain_wording_without_a_named_delegation_is_no_visit(text):
    r = _run(text)
    assert (r.status, r.visits) == ("no_visit", ())


def test_each_delegation_and_each_stop_has_its_own_visit_type():
    two = _run(
        "Pemkot Tangerang menerima dua rombongan, yakni DPRD Kabupaten Tabalong dan Pemkab Kepulauan Sangihe.\n\n"
        "Rombongan DPRD Kabupaten Tabalong melakukan kunjungan kerja soal aplikasi layanan warga.\n\n"
        "Rombongan Pemkab Kepulauan Sangihe datang untuk studi tiru layanan 112."
    )
    assert sorted((v.origin.name, v.visit_type) for v in two.visits) == [
        ("Kabupaten Kepulauan Sangihe", "emulation_study"),
        ("Kabupaten Tabalong", "working_visit"),
    ]
    tour = _run(
        "TARUTUNG - Rombongan Pemkab Tapanuli Utara melakukan studi tiru ke Kabupaten Banyuwangi, Senin (4/11/2019), "
        "soal desa wisata.\n\nSelasa (5/11/2019), rombongan melanjutkan kunjungan kerja ke Pemerintah Kota "
        "Surabaya untuk mempelajari command center."
    )
    assert sorted((v.host.name, v.date, v.visit_type) for v in tour.visits) == [
        ("Kabupaten Banyuwangi", date(2019, 11, 4), "emulation_study"),
        ("Kota Surabaya", date(2019, 11, 5), "working_visit"),
    ]


def test_a_tour_has_one_delegation_whose_size_may_be_told_after_the_stops():
    r = _run(
        "TARUTUNG - Rombongan Pemkab Tapanuli Utara melakukan studi tiru ke Kabupaten Banyuwangi, Senin (4/11/2019)."
        "\n\nSelasa (5/11/2019), rombongan melanjutkan kunjungan kerja ke Pemerintah Kota Surabaya."
        "\n\nSebanyak 20 kepala OPD ikut dalam perjalanan tersebut."
    )
    assert sorted((v.host.name, v.delegation_size) for v in r.visits) == [
        ("Kabupaten Banyuwangi", 20),
        ("Kota Surabaya", 20),
    ]
    # two delegations are two sizes: the count told of one is not lent to the other
    two = _run(
        "Pemkot Tangerang menerima dua rombongan, yakni DPRD Kabupaten Tabalong dan Pemkab Kepulauan Sangihe.\n\n"
        "Rombongan DPRD Kabupaten Tabalong sebanyak 15 orang melakukan kunjungan kerja.\n\n"
        "Rombongan Pemkab Kepulauan Sangihe datang untuk studi tiru."
    )
    assert sorted((v.origin.name, v.delegation_size) for v in two.visits) == [
        ("Kabupaten Kepulauan Sangihe", None),
        ("Kabupaten Tabalong", 15),
    ]


_HOST_OF_TWO = (
    "Pemkot Madiun Terima Rombongan Ponorogo dan Ngawi\n\n"
    "MADIUN – Pemerintah Kota Madiun menerima dua rombongan di Balai Kota, Selasa (22/8/2023).\n\n"
    "Rombongan pertama adalah Komisi C DPRD Kabupaten Ponorogo. Mereka melakukan kunjungan kerja untuk "
    "mempelajari penerangan jalan umum dan pemeliharaan jalan.\n\n"
    "Rombongan kedua berasal dari Bappeda Kabupaten Ngawi. Kepala Bappeda Ngawi mengatakan studi banding ini "
    "untuk mempelajari perencanaan dan penganggaran daerah.\n\n"
    "Sekda Kota Madiun memaparkan bahwa usulan musrenbang dicatat sampai menjadi kegiatan dalam APBD."
)
_TOUR_OF_TWO = (
    "DPRD Gowa Studi Banding ke Semarang dan Sleman\n\n"
    "SUNGGUMINASA – Pansus DPRD Kabupaten Gowa melakukan studi banding ke Kota Semarang dan Kabupaten Sleman.\n\n"
    "Di Kota Semarang, Rabu (10/7/2024), pansus meninjau polder dan rumah pompa untuk pengendalian banjir.\n\n"
    "Kepala Dinas Pekerjaan Umum Kota Semarang memaparkan kolam retensi yang dibangun lima tahun terakhir.\n\n"
    "Jumat (12/7/2024), pansus melanjutkan kunjungan ke Kabupaten Sleman. Di Sleman, anggota pansus mempelajari "
    "pelayanan perizinan secara daring di mal pelayanan publik."
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            _HOST_OF_TWO,
            [
                ("Kabupaten Ponorogo", "Kota Madiun", ("infrastructure",), "Mereka melakukan kunjungan kerja"),
                ("Kabupaten Ngawi", "Kota Madiun", ("finance",), "Sekda Kota Madiun memaparkan"),
            ],
        ),
        (
            _TOUR_OF_TWO,
            [
                ("Kabupaten Gowa", "Kabupaten Sleman", ("public_service",), "Di Sleman, anggota pansus"),
                ("Kabupaten Gowa", "Kota Semarang", ("infrastructure",), "Di Kota Semarang, Rabu"),
            ],
        ),
    ],
)
def test_each_visit_of_an_article_gets_its_own_topics(text, expected):
    result = extract_article(Article("multi", text))
    got = [
        (v.origin.name, v.host.name, v.topics, v.evidence["topics"][: len(e[3])])
        for v, e in zip(result.visits, expected, strict=True)
    ]
    assert got == expected


def test_a_tour_stop_is_dated_by_its_own_sentences_before_a_lede_naming_both_days():
    text = (
        "BKPSDM Payakumbuh Belajar ke Padang, Lanjut ke Tanah Datar\n\n"
        "PAYAKUMBUH – BKPSDM Kota Payakumbuh melakukan kunjungan kerja ke Kota Padang dan Kabupaten Tanah Datar, "
        "Senin-Selasa (4-5/3/2024).\n\n"
        "Di Kota Padang, Senin (4/3/2024), mereka mempelajari manajemen talenta dan sistem merit.\n\n"
        '"Padang sudah punya talent pool untuk seluruh pejabat administrator," kata Kepala BKPSDM.\n\n'
        "Selasa (5/3/2024), rombongan menuju Batusangkar, ibu kota Kabupaten Tanah Datar. Di sana, rombongan "
        "belajar aplikasi e-kinerja pegawai."
    )
    result = extract_article(Article("tour", text))
    assert [(v.host.name, v.date, v.topics) for v in result.visits] == [
        ("Kota Padang", date(2024, 3, 4), ("civil_service",)),
        ("Kabupaten Tanah Datar", date(2024, 3, 5), ("civil_service",)),
    ]


def test_each_delegation_of_a_round_up_is_dated_by_its_own_sentences():
    # A host receiving two delegations on different days: each report's own day, not the first one named.
    two = _run(
        "Pemkot Tangerang menerima dua rombongan pekan ini.\n\n"
        "Senin (7/10/2024), rombongan DPRD Kabupaten Tabalong melakukan kunjungan kerja soal aplikasi layanan "
        "warga.\n\n"
        "Kamis (10/10/2024), giliran rombongan Pemkab Kepulauan Sangihe datang untuk studi tiru layanan 112."
    )
    assert sorted((v.origin.name, v.date) for v in two.visits) == [
        ("Kabupaten Kepulauan Sangihe", date(2024, 10, 10)),
        ("Kabupaten Tabalong", date(2024, 10, 7)),
    ]
