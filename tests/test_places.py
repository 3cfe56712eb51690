
import pytest

from etl.gazetteer import load_gazetteer
from etl.places import extract_places, find_mentions
from etl.text import sentences


@pytest.fixture(scope="module")
def g():
    return load_gazetteer()


def _mentions(text, g):
    return [(m.text, m.name, m.keys, m.level, m.institution, m.institution_type, m.kind, m.context)
            for m in find_mentions(sentences(text), g)]  # fmt: skip


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Pemkab Sleman mengirim staf ke Kota Pahlawan.",
            [
                ("Pemkab Sleman", "Sleman", ("34.04",), "kabupaten", "Pemkab Sleman", None, "core", False),
                ("Kota Pahlawan", "Kota Pahlawan", ("35.78",), None, None, None, "alias", False),
            ],
        ),
        (
            "Kepala BPSDM Kabupaten Minahasa, Sulawesi Utara hadir.",
            [
                (
                    "BPSDM Kabupaten Minahasa",
                    "Minahasa",
                    ("71.02",),
                    "kabupaten",
                    "BPSDM Kabupaten Minahasa",
                    None,
                    "core",
                    False,
                ),
                ("Sulawesi Utara", "Sulawesi Utara", ("71",), None, None, None, "core", True),
            ],
        ),
        (
            "Komisi A DPRD Kab. Bogor bertemu Wali Kota Bogor.",
            [
                (
                    "Komisi A DPRD Kab. Bogor",
                    "Bogor",
                    ("32.01",),
                    "kabupaten",
                    "Komisi A DPRD Kab. Bogor",
                    "dprd",
                    "core",
                    False,
                ),
                ("Wali Kota Bogor", "Bogor", ("32.71",), "kota", None, None, "core", False),
            ],
        ),
        (
            "Rombongan Kemendagri dan pejabat LAN tiba di Seoul, Korea Selatan.",
            [
                (
                    "Kemendagri",
                    "Kemendagri",
                    ("national:Kementerian Dalam Negeri",),
                    None,
                    None,
                    None,
                    "national",
                    False,
                ),
                ("LAN", "LAN", ("national:Lembaga Administrasi Negara",), None, None, None, "national", False),
                ("Seoul", "Seoul", ("foreign:Seoul",), None, None, None, "foreign", False),
                ("Korea Selatan", "Korea Selatan", ("foreign:Korea Selatan",), None, None, None, "foreign", True),
            ],
        ),
        # a typo after a place cue is matched; an unknown name after one is kept unresolved
        (
            "Wali Kota bertemu pejabat Kota Surabya dan Kabupaten Antahberantah.",
            [
                ("Kota Surabya", "Surabya", ("35.78",), "kota", None, None, "fuzzy", False),
                ("Kabupaten Antahberantah", "Antahberantah", (), "kabupaten", None, None, "unresolved", False),
            ],
        ),
        # the mayor's own name after "Wali Kota" and a name after a regency ending in "Kota" are no unknown cities
        ("Rombongan dipimpin Wali Kota Taufik Rahman.", []),
        (
            "Bupati Lima Puluh Kota Hendra Hidayat hadir.",
            [
                (
                    "Bupati Lima Puluh Kota",
                    "Lima Puluh Kota",
                    ("13.07",),
                    "kabupaten",
                    None,
                    None,
                    "core",
                    False,
                ),
            ],
        ),
        # "lan" in prose and a bare "Batu" at a sentence start are not places
        ("Batu besar itu dipindahkan pakai lan kabel.", []),
        # a seat stands for its kabupaten, a kecamatan after its cue too
        (
            "Warga Kepanjen dan Kecamatan Lowokwaru ikut.",
            [
                ("Kepanjen", "Kepanjen", ("35.07",), None, None, None, "seat", False),
                ("Kecamatan Lowokwaru", "Lowokwaru", ("35.73",), None, None, None, "kecamatan", False),
            ],
        ),
        # a campus named by its kecamatan stands for that kecamatan's kabupaten, with the university named before it
        (
            "Praja Institut Pemerintahan Dalam Negeri (IPDN) dari kampus Jatinangor tiba.",
            [
                (
                    "Institut Pemerintahan Dalam Negeri (IPDN) dari kampus Jatinangor",
                    "Jatinangor",
                    ("32.11",),
                    None,
                    "Institut Pemerintahan Dalam Negeri (IPDN) kampus Jatinangor",
                    "university",
                    "kecamatan",
                    False,
                ),
            ],
        ),
        (
            "Praja IPDN Jatinangor dan mahasiswa kampus Dramaga tiba.",
            [
                (
                    "IPDN Jatinangor",
                    "Jatinangor",
                    ("32.11",),
                    None,
                    "IPDN Jatinangor",
                    "university",
                    "kecamatan",
                    False,
                ),
                ("kampus Dramaga", "Dramaga", ("32.01",), None, None, None, "kecamatan", False),
            ],
        ),
        # a kecamatan name shared by two regencies (Ciawi) settles nothing; a bare "kampus" word before a
        # regency's own name is not a campus
        ("Mahasiswa kampus Ciawi datang.", []),
        ("Mahasiswa kampus Surabaya datang.", [("Surabaya", "Surabaya", ("35.78",), None, None, None, "core", False)]),
    ],
)
def test_find_mentions(g, text, expected):
    assert _mentions(text, g) == expected


def test_dateline_is_a_mention(g):
    ms = find_mentions(sentences("MATARAM - Rombongan tiba siang ini."), g)
    assert [(m.name, m.keys, m.kind) for m in ms] == [("MATARAM", ("52.71",), "dateline")]


def _pairs(text, g):
    d = extract_places(sentences(text), g)
    return sorted((o.place.name, o.institution_type, h.place.name, h.institution_type) for o, h in d.pairs()), d.note


@pytest.mark.parametrize(
    "text, pairs",
    [
        # the visitor's press office
        (
            "Komisi II DPRD Kabupaten Klaten melakukan kunjungan kerja ke Kota Denpasar untuk belajar soal pasar.",
            [("Kabupaten Klaten", "dprd", "Kota Denpasar", "pemkot")],
        ),
        # the host's press office, the visitor after "menerima kunjungan"
        (
            "Wali Kota Denpasar menerima kunjungan kerja Komisi II DPRD Kabupaten Klaten di ruang rapat.",
            [("Kabupaten Klaten", "dprd", "Kota Denpasar", "pemkot")],
        ),
        # "diterima oleh": the host comes after, the visitor before
        (
            "Rombongan Pemkab Lebak diterima oleh Sekda Kota Cimahi di aula balai kota.",
            [("Kabupaten Lebak", "pemkab", "Kota Cimahi", "pemkot")],
        ),
        # memboyong ... ke, with a nickname as host
        (
            "Bupati Jember memboyong dua puluh kepala dinas ke Kota Kembang untuk studi banding.",
            [("Kabupaten Jember", "pemkab", "Kota Bandung", "pemkot")],
        ),
        # a ministry hosts; a training cohort of a province visits
        (
            "Peserta Pelatihan Kepemimpinan Administrator BPSDM Provinsi Riau berkunjung ke Kemendagri.",
            [("Provinsi Riau", "pemprov", "Kementerian Dalam Negeri", "national_agency")],
        ),
        # a foreign host; the country after the city is context
        (
            "Pemkot Medan melakukan studi banding ke Kuala Lumpur, Malaysia, pekan lalu.",
            [("Kota Medan", "pemkot", "Kuala Lumpur", "foreign_government")],
        ),
        # two cohorts, one host: the second named with its own institution counts, "dari Jambi" does not
        (
            "Kota Batu menerima dua rombongan studi banding, yakni DPRD Kabupaten Pati dan Pemerintah Kota Tegal. "
            "Peserta lain dari Jambi ikut menonton.",
            [("Kabupaten Pati", "dprd", "Kota Batu", "pemkot"), ("Kota Tegal", "pemkot", "Kota Batu", "pemkot")],
        ),
        # one delegation, two hosts on a tour
        (
            "Komisi C DPRD Kota Palu melakukan kunjungan kerja ke Kota Malang. "
            "Sehari kemudian rombongan melanjutkan kunjungan ke Kota Blitar dan diterima Wali Kota Blitar.",
            [("Kota Palu", "dprd", "Kota Blitar", "pemkot"), ("Kota Palu", "dprd", "Kota Malang", "pemkot")],
        ),
        # a foreign city and, later, its country are one visiting party
        (
            "Delegasi Pemerintah Kota Kitakyushu berkunjung ke Kota Surabaya. Rombongan dari Jepang itu "
            "datang untuk melihat pengolahan sampah.",
            [("Kitakyushu", "foreign_government", "Kota Surabaya", "pemkot")],
        ),
        # the namesake settled by the article's own "Kota Tangerang"; the province after Minahasa is context
        (
            "Pegawai asal Kabupaten Minahasa, Sulawesi Utara belajar di Kota Tangerang. Tangerang dinilai berhasil.",
            [("Kabupaten Minahasa", "pemkab", "Kota Tangerang", "pemkot")],
        ),
        # village heads "dari X" do the visiting; the host is known only by village and kecamatan
        (
            "Puluhan kepala desa dari Kabupaten Kutai Kartanegara melakukan studi banding ke Desa Ponggok, "
            "Kecamatan Polanharjo, untuk belajar mengelola BUMDes.",
            [("Kabupaten Kutai Kartanegara", "pemkab", "Kabupaten Klaten", "pemkab")],
        ),
        # host-side wording: "kedatangan tamu dari", "mendapat kunjungan", "dikunjungi oleh", "menyambut kedatangan"
        (
            "Pemkot Madiun kedatangan tamu dari Pemkab Bantaeng yang ingin belajar pengelolaan sampah.",
            [("Kabupaten Bantaeng", "pemkab", "Kota Madiun", "pemkot")],
        ),
        (
            "Pemkab Sleman mendapat kunjungan dari DPRD Kota Bitung untuk belajar bank sampah.",
            [("Kota Bitung", "dprd", "Kabupaten Sleman", "pemkab")],
        ),
        (
            "Pemkab Sleman mendapatkan kunjungan kerja Komisi II DPRD Kabupaten Tegal.",
            [("Kabupaten Tegal", "dprd", "Kabupaten Sleman", "pemkab")],
        ),
        (
            "Kabupaten Sleman dikunjungi oleh rombongan Pemkot Tidore Kepulauan.",
            [("Kota Tidore Kepulauan", "pemkot", "Kabupaten Sleman", "pemkab")],
        ),
        (
            "Wali Kota Madiun menyambut kedatangan Bupati Bantaeng beserta jajaran di balai kota.",
            [("Kabupaten Bantaeng", "pemkab", "Kota Madiun", "pemkot")],
        ),
        (
            "Bupati Sleman menerima sebanyak 30 orang ASN Pemkot Tidore Kepulauan di pendopo.",
            [("Kota Tidore Kepulauan", "pemkot", "Kabupaten Sleman", "pemkab")],
        ),
        # a tour's second stop "menuju" the next host
        (
            "Rombongan DPRD Kabupaten Pati melakukan studi banding ke Kota Tegal. Sehari kemudian rombongan "
            "melanjutkan perjalanan menuju Kota Cirebon untuk belajar pengelolaan pasar.",
            [("Kabupaten Pati", "dprd", "Kota Cirebon", "pemkot"), ("Kabupaten Pati", "dprd", "Kota Tegal", "pemkot")],
        ),
        # what they learnt stands between "belajar" and the host
        (
            "Pemkab Kediri belajar tata kelola pasar dari Pemkot Blitar.",
            [("Kabupaten Kediri", "pemkab", "Kota Blitar", "pemkot")],
        ),
        # a consultation trip to a ministry
        (
            "DPRD Kabupaten Kediri berkonsultasi ke Kementerian Dalam Negeri soal rancangan perda.",
            [("Kabupaten Kediri", "dprd", "Kementerian Dalam Negeri", "national_agency")],
        ),
        # "menyambut" a non-visit event is no host cue: the Bupati welcomed a by-law, the pansus went to Batam
        (
            "Pansus DPRD Kabupaten Bekasi melakukan studi banding ke Batam pada 2013. "
            "Bupati Bekasi menyambut pengesahan perda tersebut.",
            [("Kabupaten Bekasi", "dprd", "Kota Batam", "pemkot")],
        ),
        # praja from a campus named by its kecamatan: the kabupaten visits; their field practice is a visit
        (
            "Sebanyak 120 praja Institut Pemerintahan Dalam Negeri (IPDN) dari kampus Jatinangor mengikuti "
            "kegiatan praktik lapangan di Pemerintah Kota Cimahi.",
            [("Kabupaten Sumedang", "university", "Kota Cimahi", "pemkot")],
        ),
        (
            "Pemkot Bandung menerima kunjungan praja IPDN Jatinangor.",
            [("Kabupaten Sumedang", "university", "Kota Bandung", "pemkot")],
        ),
        # "DPRD Jambi" is the province's parliament even beside the dateline of its namesake city; the city's is
        # written in full, and a later short "DPRD Kota" form keeps meaning the city's
        (
            "JAMBI - Komisi III DPRD Jambi melakukan studi banding ke Kota Surabaya.",
            [("Provinsi Jambi", "dprd", "Kota Surabaya", "pemkot")],
        ),
        (
            "Pemkot Surabaya menerima kunjungan kerja DPRD Bengkulu.",
            [("Provinsi Bengkulu", "dprd", "Kota Surabaya", "pemkot")],
        ),
        (
            "Pemkot Surabaya menerima kunjungan kerja DPRD Kota Bengkulu. Ketua DPRD Bengkulu memimpin rombongan.",
            [("Kota Bengkulu", "dprd", "Kota Surabaya", "pemkot")],
        ),
        # the DPRD of a province, its namesake regency named in a quote
        (
            "Komisi II DPRD Provinsi Gorontalo melakukan kunjungan kerja ke Kabupaten Malang. "
            '"Petani jagung di Kabupaten Gorontalo sering merugi," ujar ketua komisi.',
            [("Provinsi Gorontalo", "dprd", "Kabupaten Malang", "pemkab")],
        ),
    ],
)
def test_direction(g, text, pairs):
    assert _pairs(text, g)[0] == pairs


def test_two_foreign_delegations_one_of_them_unknown(g):
    # An unknown city located by its country has no gazetteer entry; comparing countries once raised KeyError.
    text = (
        "Delegasi Kota Davao, Filipina dan delegasi Kota Osaka, Jepang berkunjung ke Kota Surabaya untuk studi "
        "banding pengelolaan sampah."
    )
    d = extract_places(sentences(text), g)
    assert [(o.place.name, o.place.level, o.place.mention, o.institution_type, h.place.name) for o, h in d.pairs()] == [
        (None, "foreign", "Kota Davao", "foreign_government", "Kota Surabaya"),
        ("Osaka", "foreign", "Kota Osaka", "foreign_government", "Kota Surabaya"),
    ]


@pytest.mark.parametrize(
    "text, note",
    [
        ("Banyak daerah datang ke Kota Surabaya untuk belajar.", "no visiting delegation named (only a host)"),
        ("Rapat paripurna membahas anggaran perjalanan dinas.", "no place named"),
        (
            "Kementerian Dalam Negeri melarang studi banding ke luar negeri.",
            "no host: nothing says where the delegation went",
        ),
        ("Anggaran perjalanan dinas Kota Ambon dipangkas tahun ini.", "no wording says who visited whom"),
        # welcoming a policy or receiving an award names no visitor and no host
        ("Bupati Sleman menyambut baik kebijakan Pemprov Jawa Tengah.", "no wording says who visited whom"),
        ("Pemkot Madiun menerima penghargaan dari Kemendagri.", "no wording says who visited whom"),
    ],
)
def test_no_direction_says_why(g, text, note):
    assert _pairs(text, g) == ([], note)


def test_a_long_article_of_repeated_paragraphs_reads_one_pair(g):
    # A 3 KB article in the genre. Its speed is measured by scripts/bench_etl.py (which prints figures), not here:
    # a timed unit test failed on a busy machine without anything being wrong.
    para = (
        "Rombongan Komisi B DPRD Kabupaten Banjarnegara melakukan kunjungan kerja ke Kota Surabaya, Jawa Timur, "
        "Kamis (12/9/2024). Kedatangan rombongan diterima Asisten Pemerintahan Sekretariat Daerah Kota Surabaya "
        "di ruang rapat Balai Kota. Ketua rombongan mengatakan, pihaknya ingin belajar pengelolaan pasar rakyat, "
        "retribusi parkir elektronik dan layanan perizinan daring yang sudah lama diterapkan Pemkot Surabaya.\n"
    )
    text = "".join(para.replace("Kamis", f"Kamis pekan ke-{i}") for i in range(7))  # repeats would be dropped
    sents = sentences(text)
    assert 2800 <= len(text) <= 3300 and len(sents) == 21
    pairs = {(o.place.name, h.place.name) for o, h in extract_places(sents, g).pairs()}
    assert pairs == {("Kabupaten Banjarnegara", "Kota Surabaya")}


@pytest.mark.parametrize(
    "text, institution",
    [
        # Started at the short name inside parentheses: the stray closing one is dropped.
        ("JAYAPURA – Badan Pembentukan Peraturan Daerah (Bapemperda) DPRD Kota Jayapura berkunjung ke Kemendagri.",
         "Bapemperda DPRD Kota Jayapura"),
        # Without the dateline the walk back reaches the full name, parentheses and all.
        ("Badan Pembentukan Peraturan Daerah (Bapemperda) DPRD Kota Jayapura berkunjung ke Kemendagri.",
         "Badan Pembentukan Peraturan Daerah (Bapemperda) DPRD Kota Jayapura"),
        # Balanced parentheses inside the name stay as written.
        ("Komisi A (Bidang Pemerintahan) DPRD Kabupaten Sleman berkunjung ke Pemkot Surabaya.",
         "Komisi A (Bidang Pemerintahan) DPRD Kabupaten Sleman"),
    ],
)
def test_an_institution_never_keeps_a_lone_parenthesis(text, institution, g):
    assert [m[4] for m in _mentions(text, g) if m[4]][0] == institution


@pytest.mark.parametrize(
    "text, pairs",
    [
        # the stops announced together after a count ("ke tiga daerah, yakni X dan Y")
        (
            "Komisi C DPRD Kabupaten Klaten melakukan kunjungan kerja ke dua daerah, yakni Kota Salatiga dan "
            "Kabupaten Semarang, Selasa lalu. Di Salatiga rombongan mempelajari pengelolaan sampah.",
            [("Kabupaten Klaten", "dprd", "Kabupaten Semarang", "pemkab"), ("Kabupaten Klaten", "dprd", "Kota Salatiga", "pemkot")],
        ),
        # "setelah dari X" names the stop before the next one
        (
            "Setelah dari Kota Madiun, rombongan Pansus II DPRD Kabupaten Kendal bertolak ke Kabupaten Ngawi untuk "
            "melihat pasar hewan.",
            [("Kabupaten Kendal", "dprd", "Kabupaten Ngawi", "pemkab"), ("Kabupaten Kendal", "dprd", "Kota Madiun", "pemkot")],
        ),
        # "pada hari kedua ... di Y": a plain "di" is a stop when the day of the tour is told
        (
            "Rombongan Pemkab Bantul tiba di Kota Surakarta untuk belajar tata kelola pasar. Pada hari kedua, "
            "rombongan berada di Kabupaten Karanganyar untuk melihat kebun teh.",
            [("Kabupaten Bantul", "pemkab", "Kabupaten Karanganyar", "pemkab"), ("Kabupaten Bantul", "pemkab", "Kota Surakarta", "pemkot")],
        ),
        # a headline's short verb ("Sambangi", "Kunjungi") sends the delegation as the full one does
        (
            "Pemkab Pacitan Sambangi Kabupaten Blitar\n\nPara pejabat belajar soal pasar.",
            [("Kabupaten Pacitan", "pemkab", "Kabupaten Blitar", "pemkab")],
        ),
        # two delegations of one round-up, each to its own host; the bare province only says where both come from
        (
            "Dua rombongan dari Sulawesi Selatan belajar ke Jawa pekan ini. Komisi I DPRD Kabupaten Bone berkunjung ke "
            "Kota Semarang, Senin. Esoknya, Bapemperda DPRD Kabupaten Wajo mendatangi Pemerintah Kota Surabaya untuk "
            "belajar penyusunan perda.",
            [("Kabupaten Bone", "dprd", "Kota Semarang", "pemkot"), ("Kabupaten Wajo", "dprd", "Kota Surabaya", "pemkot")],
        ),
        # two delegations, one host named with each: both keep it
        (
            "Pemkot Cilegon menerima kunjungan kerja DPRD Kabupaten Garut dan DPRD Kabupaten Ciamis. Rombongan DPRD "
            "Kabupaten Ciamis juga bertanya soal pelabuhan di Cilegon.",
            [("Kabupaten Ciamis", "dprd", "Kota Cilegon", "pemkot"), ("Kabupaten Garut", "dprd", "Kota Cilegon", "pemkot")],
        ),
        # a counted list joined by commas: every stop; the province that locates counted stops is none of them
        (
            "DPRD Kota Ambon melakukan studi banding ke tiga daerah, Kota Malang, Kota Batu dan Kabupaten Sleman.",
            [("Kota Ambon", "dprd", "Kabupaten Sleman", "pemkab"), ("Kota Ambon", "dprd", "Kota Batu", "pemkot"),
             ("Kota Ambon", "dprd", "Kota Malang", "pemkot")],
        ),
        (
            "Tim BPSDM Provinsi Bali melakukan kunjungan kerja ke dua kabupaten di Jawa Timur, pekan lalu. Di "
            "Kabupaten Sidoarjo tim melihat mal pelayanan publik.",
            [("Provinsi Bali", "pemprov", "Kabupaten Sidoarjo", "pemkab")],
        ),
        # a plain comma outside a counted list still joins nothing
        (
            "Komisi D DPRD Kota Kupang berkunjung ke Kota Denpasar, Kabupaten Badung menyusul tahun depan.",
            [("Kota Kupang", "dprd", "Kota Denpasar", "pemkot")],
        ),
        # the host's residents who "datang" somewhere are no delegation
        (
            'Komisi B DPRD Kota Bogor berkunjung ke Kota Bandung. "Warga Bandung datang ke mal pelayanan publik tanpa '
            'antre," ujar ketua komisi. Warga Bandung juga datang ke kecamatan.',
            [("Kota Bogor", "dprd", "Kota Bandung", "pemkot")],
        ),
    ],
)  # fmt: skip
def test_every_stop_of_a_tour_and_each_delegations_own_host(g, text, pairs):
    assert _pairs(text, g) == (pairs, None)


def test_a_dateline_naming_a_stop_does_not_tie_the_lede_to_that_stop(g):
    # The lede covers both stops ("Senin-Selasa (3-4/6)"); tying it to Sleman would date Sleman by the range's end.
    text = (
        "SLEMAN - Tim Pemkot Kediri melakukan kunjungan kerja ke dua kabupaten, Senin-Selasa (3-4/6/2024). "
        "Senin (3/6/2024), tim meninjau pasar rakyat di Kabupaten Sleman. "
        "Selasa (4/6/2024), tim bergeser ke Kabupaten Bantul untuk melihat layanan perizinan."
    )
    d = extract_places(sentences(text), g)
    assert [(o.place.name, o.sentences, h.place.name, h.sentences) for o, h in d.pairs()] == [
        ("Kota Kediri", (0,), "Kabupaten Sleman", (1,)),
        ("Kota Kediri", (0,), "Kabupaten Bantul", (2,)),
    ]
