import pytest

from etl.taxonomy import TOPICS, VISIT_TYPES
from etl.text import sentences
from etl.topics import (
    TopicResult,
    extract_topics,
    extract_visit_topics,
    extract_visit_type,
    score_topics,
    visit_cue,
)
from tests.helpers import expected_seeds as _expected_seeds
from tests.helpers import seed_sentences as _seed


@pytest.mark.seeds
@pytest.mark.parametrize("name, record", _expected_seeds())
def test_seed_topics_match_expected(name, record):
    got = extract_topics(_seed(name)).topics
    assert set(got) == set(record["visits"][0]["topics"])
    assert list(got) == sorted(got, key=list(TOPICS).index)


@pytest.mark.seeds
@pytest.mark.parametrize("name, record", _expected_seeds())
def test_seed_visit_types_match_expected(name, record):
    assert extract_visit_type(_seed(name))[0] == record["visits"][0]["visit_type"]


@pytest.mark.seeds
@pytest.mark.parametrize("name, record", _expected_seeds())
def test_seeds_read_as_visits(name, record):
    assert visit_cue(_seed(name)) >= 0.9


@pytest.mark.seeds
def test_seed_002_both_cohorts_share_the_hosts_topics():
    sents = _seed("002_45a9ea6ffb2152d6.txt")
    want = ("egov", "civil_service", "procurement", "public_service")
    assert set(extract_topics(sents, focus=(5, 6, 7, 8, 9, 10)).topics) == set(want)
    assert set(extract_topics(sents, focus=(11, 12)).topics) == set(want)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rombongan datang untuk mempelajari pengelolaan sampah dan bank sampah.", ("waste_env",)),
        ("DPRD Kota Kendari belajar tentang penerapan e-Government dan SPBE.", ("egov",)),
        ("Tim Pemkab Sumba belajar soal e goverment dan digitaliasi layanan.", ("egov",)),
        ("Mereka meninjau command center dan ruang kendali CCTV kota cerdas itu.", ("smart_city",)),
        ("Studi banding terkait mal pelayanan publik dan perizinan online.", ("public_service",)),
        ("Kunjungan itu membahas manajemen talenta ASN dan sistem merit.", ("civil_service",)),
        ("Rombongan mempelajari e-budgeting, pajak daerah dan retribusi.", ("finance",)),
        ("Mereka ingin tahu cara kerja LPSE dan e-katalog dalam pengadaan barang dan jasa.", ("procurement",)),
        ("Pemkot tamu mempelajari satu data dan statistik sektoral.", ("data",)),
        ("Kunjungan kerja itu membahas penurunan stunting dan pelayanan kesehatan di puskesmas.", ("health",)),
        ("Rombongan belajar tentang beasiswa dan kurikulum sekolah.", ("education",)),
        ("Mereka mempelajari ketahanan pangan dan budidaya perikanan.", ("agriculture",)),
        ("Kunjungan membahas penataan pedagang kaki lima dan pembinaan UMKM.", ("economy_trade",)),
        ("Rombongan belajar mengelola desa wisata dan festival budaya.", ("tourism_culture",)),
        ("Kunjungan terkait drainase dan transportasi umum kota.", ("infrastructure",)),
        ("DPRD belajar tentang administrasi kependudukan dan penanggulangan kemiskinan.", ("social",)),
        ("Komisi I mempelajari penyusunan peraturan daerah dan reformasi birokrasi.", ("governance",)),
    ],
)
def test_topics_from_learning_phrases(text, expected):
    assert extract_topics(sentences(text)) == TopicResult(expected, text)


@pytest.mark.parametrize(
    "text",
    [
        # Officials' titles in a list of who came are not topics.
        "Yang ikut sebagai berikut:\n1. Kadis Kesehatan\n2. Kadis Pertanian\n3. Kepala Dinas Pendidikan",
        # The host's statistics are not what the visitors came for.
        "Kota ini memiliki 17.500 pegawai dengan 12.000 guru dan 60 puskesmas.",
        # An organisation's name is not a topic.
        "Wali kota didampingi Direktur Bank Riau dan Kepala BPJS Kesehatan cabang.",
        # One passing hint is too little.
        "Rombongan tiba di balai kota dan disambut di depan pasar.",
    ],
)
def test_names_lists_and_statistics_are_not_topics(text):
    assert extract_topics(sentences(text)) == TopicResult(())


def test_one_weak_hint_in_a_learning_phrase_is_kept_when_nothing_else_is():
    text = "Rombongan mempelajari pengelolaan puskesmas."
    assert extract_topics(sentences(text)).topics == ("health",)


def test_focus_discounts_other_sentences():
    text = "Rombongan Pemkab Rote belajar tentang inspektorat. Kota ini juga punya bank sampah."
    sents = sentences(text)
    assert extract_topics(sents, focus=(0,)).topics == ("governance",)
    assert extract_topics(sents).topics == ("waste_env", "governance")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Peserta PKA melakukan studi tiru ke Kota Tangerang.", "emulation_study"),
        ("Peserta Diklat PIM IV melakukan kunjungan benchmarking ke Kota Batu.", "training_visit"),
        ("Peserta Diklat PIM IV melakukan studi banding ke Kota Batu.", "comparative_study"),
        ("DPRD Kota Blitar melakukan study banding ke Kota Batu.", "comparative_study"),
        ("Wali Kota Dumai datang menimba ilmu di Manado.", "comparative_study"),
        ("Tim Pemprov Jambi melakukan benchmarking ke Pemkot Surabaya.", "benchmarking"),
        ("Komisi II DPRD melakukan kunjungan kerja ke Kabupaten Badung.", "working_visit"),
        ("Bupati Sleman kunker ke Kota Bandung.", "working_visit"),
        ("Peserta Latsar CPNS berkunjung ke Mal Pelayanan Publik.", "training_visit"),
        ("Pemkab Ngawi mengadopsi metode amati, tiru dan modifikasi dari Kota Madiun.", "emulation_study"),
        ("Harga cabai naik di pasar induk.", "other"),
        ("Delegasi Kota Kitakyushu berkunjung ke Kota Surabaya pada Senin.", "working_visit"),
        ("Kota Denpasar kembali menjadi tujuan belajar bagi rombongan Pemkab Sumba.", "comparative_study"),
        ("Anggota DPRD Kota Depok menimba ilmu ke Surabaya dalam kunjungan kerja dua hari.", "working_visit"),
        ("Wali Kota Kediri bertandang ke Blitar untuk silaturahmi. Di akhir kunjungan mereka berfoto.", "other"),
        (
            "Tim BKD Provinsi Bali melakukan benchmarking ke Bandung. Mereka tiba pagi. Diskusi berlangsung lama. "
            "Pegawai terbaik dikirim ke pelatihan kepemimpinan.",
            "benchmarking",
        ),
    ],
)
def test_visit_types(text, expected):
    sents = sentences(text)
    slug, evidence = extract_visit_type(sents)
    assert slug in VISIT_TYPES
    assert slug == expected
    assert evidence in {s.text for s in sents} | ({None} if expected == "other" else set())


def test_visit_type_prefers_the_focus_sentences():
    sents = sentences("Tim Pemkab Jepara melakukan studi banding. Tim Pemkab Kudus melakukan kunjungan kerja.")
    assert extract_visit_type(sents, focus=(1,))[0] == "working_visit"
    assert extract_visit_type(sents)[0] == "comparative_study"


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("Rombongan DPRD Kota Blitar melakukan studi banding ke Kota Batu.", 0.75, 1.0),
        ("Pemkot Malang menerima kunjungan kerja rombongan Pemkab Sorong.", 0.9, 1.0),
        ("Peserta PKA BPSDM Provinsi Jambi belajar ke Kota Surabaya.", 0.8, 1.0),
        # An essay or a paper about the practice, not a report of a visit.
        ("Penelitian ini menganalisis efektivitas anggaran. Abstrak: metode penelitian kualitatif.", 0.0, 0.05),
        ("Gubernur melarang studi banding ke luar negeri karena pemborosan anggaran.", 0.0, 0.45),
        ("Banyak daerah datang belajar ke sini, kata wali kota dalam pidato HUT kota.", 0.0, 0.6),
        ("Harga cabai naik di pasar induk.", 0.0, 0.0),
        ("Sidang korupsi kunjungan kerja fiktif DPRD kembali digelar. Terdakwa mengaku menerima setoran.", 0.0, 0.25),
        ("Opini: Studi banding, belajar atau pelesir? Oleh: Dr. Rina, dosen administrasi publik.", 0.0, 0.25),
        ("Anggota DPR RI melakukan kunjungan kerja ke dapil di Kabupaten Garut.", 0.0, 0.45),
    ],
)
def test_visit_cue(text, low, high):
    assert low <= visit_cue(sentences(text)) <= high


def test_visit_cue_of_nothing_is_zero():
    assert visit_cue([]) == 0.0


def test_a_passing_mention_far_below_the_main_topic_is_dropped():
    text = (
        "DPRD Kota Bima mempelajari pengelolaan sampah, bank sampah dan TPS3R di Kota Malang. "
        "Mereka melihat daur ulang sampah plastik dan pengelolaan limbah pasar. "
        "Kunjungan dilakukan di tengah kemacetan lalu lintas kota. "
        "Hasil kunjungan akan menjadi bahan raperda."
    )
    assert extract_topics(sentences(text)).topics == ("waste_env",)


def test_a_topic_named_as_learned_stays_beside_a_bigger_one():
    text = (
        "Rombongan mempelajari e-government, SPBE, digitalisasi layanan dan super app. "
        "Mereka juga berdiskusi tentang penataan pedagang."
    )
    assert extract_topics(sentences(text)).topics == ("egov", "economy_trade")


# What the visitors came for, not everything the article names (hosts' welcome speeches, side trips, page furniture).
@pytest.mark.parametrize(
    "text, expected",
    [
        # The host's catalogue of achievements in a welcome speech: the guests came for drainage.
        (
            "Komisi C datang untuk mempelajari sistem drainase perkotaan. "
            "Dalam sambutannya, Sekda menyampaikan berbagai capaian kota, antara lain command center, "
            "pengelolaan sampah, perizinan daring, pengembangan UMKM dan sekolah ramah anak.",
            ("infrastructure",),
        ),
        # A sentence naming three topics or more with no word of purpose is a list, not a study.
        (
            "Rombongan ingin belajar cara menurunkan stunting di posyandu. "
            "Kabupaten itu juga mengembangkan digitalisasi pemerintahan, command center, pariwisata dan ketahanan pangan.",
            ("health",),
        ),
        # A side trip ("juga sempat melihat") is not what the visit was for, whatever its verb.
        (
            "Pemkot Ambon studi banding untuk mempelajari pengelolaan sampah dan bank sampah. "
            "Mereka juga sempat melihat ruang command center.",
            ("waste_env",),
        ),
        # The host's reputation ("dikenal dengan") is not the purpose.
        (
            "Rombongan ingin belajar menata pedagang pasar tradisional. Kota itu juga dikenal dengan destinasi wisata.",
            ("economy_trade",),
        ),
        # A presentation of several subjects is what the guests were shown (the seeds label it so).
        (
            "Wali kota memaparkan digitalisasi dalam pengelolaan keuangan, manajemen ASN dan perizinan.",
            ("egov", "public_service", "civil_service", "finance"),
        ),
        # A purpose that names several subjects keeps them all.
        (
            "Mereka ingin berdiskusi tentang pengelolaan sampah, penataan pedagang, pertanian dan bidang kesehatan.",
            ("waste_env", "health", "agriculture", "economy_trade"),
        ),
    ],
)
def test_purpose_outweighs_catalogues_and_side_trips(text, expected):
    assert set(extract_topics(sentences(text)).topics) == set(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        # Related-article links after "BACA JUGA:" (the heading line itself is dropped as furniture).
        (
            "Bapemperda mendalami penyusunan propemperda.\n\n"
            "- Dinas Kesehatan Gencarkan Imunisasi Anak di 35 Kabupaten\n\n"
            "- Harga Cabai di Pasar Semarang Naik",
            ("governance",),
        ),
        # Tags and photo captions.
        (
            "Komisi B menggali informasi terkait perizinan usaha.\n\nTags: DPRD, pariwisata, kesehatan, pendidikan",
            ("public_service",),
        ),
        (
            "Rombongan mempelajari bank sampah.\n\n(Foto: Kunjungan ke command center dan puskesmas kota)",
            ("waste_env",),
        ),
        # A lower-case bullet is still the story ("- mempelajari SPBE").
        ("Agenda kunjungan kerja:\n\n- mempelajari penerapan SPBE dan pemerintahan digital", ("egov",)),
    ],
)
def test_page_furniture_names_no_topic(text, expected):
    assert extract_topics(sentences(text)).topics == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Purpose stated only as a goal, in the genre's phrasings.
        ("Para peserta ingin menimba ilmu soal penanggulangan kemiskinan.", ("social",)),
        ("Kunjungan itu untuk menggali informasi terkait PPDB sistem zonasi dan beasiswa.", ("education",)),
        ("Kami tertarik pada penanganan banjir dengan kolam retensi dan polder.", ("infrastructure",)),
        ("Dewan ingin tahu cara pemungutan retribusi dan pendapatan asli desa.", ("finance",)),
        ("Mereka mempelajari penerapan badan layanan umum daerah di rumah sakit.", ("finance",)),
        ("Tim datang untuk melihat survei kepuasan masyarakat di mal pelayanan publik.", ("public_service",)),
        ("Komisi I belajar pelayanan administrasi kependudukan keliling.", ("social",)),
        # "inovasi pelayanan" is learned by the "melihat" before it, though "inovasi" is itself a learning word.
        ("Agenda benchmarking untuk melihat langsung inovasi pelayanan publik.", ("public_service",)),
    ],
)
def test_purpose_goals_and_vocabulary(text, expected):
    assert set(extract_topics(sentences(text)).topics) == set(expected)


@pytest.mark.parametrize(
    "text",
    [
        # Idioms that hold a topic word: a roadmap, working alone.
        "Ketua komisi membahas peta jalan kerja sama. Programnya jalan sendiri-sendiri.",
        # A region named after its river.
        "Rombongan berdialog dengan perangkat desa di Kecamatan Sungai Raya.",
        # A training programme names the delegation, not its subject.
        "Sebanyak 40 peserta Pelatihan Kepemimpinan Pengawas angkatan II berkunjung ke Kubu Raya.",
        # "tahu" is tofu here, not "ingin tahu".
        "Kabupaten itu mengembangkan pengembangan UMKM tahu, command center dan ketahanan pangan.",
    ],
)
def test_idioms_names_and_programmes_are_not_topics(text):
    assert extract_topics(sentences(text)).topics == ()


def test_delegation_count_is_not_host_statistics():
    # "Sebanyak 12 anggota dewan" counts the visitors: their purpose is not halved like "memiliki 17.500 pegawai".
    sents = sentences("Sebanyak 12 anggota dewan datang untuk menimba ilmu soal pengelolaan desa wisata.")
    assert score_topics(sents)["tourism_culture"] == 6.0


_TWO_DELEGATIONS = (
    "Pemkot Madiun menerima dua rombongan. "
    "Rombongan DPRD Ponorogo ingin mempelajari penerangan jalan dan pemeliharaan jalan. "
    "Rombongan Bappeda Ngawi mempelajari perencanaan dan penganggaran daerah. "
    "Kepala Bappeda Madiun memaparkan musrenbang dan e-budgeting."
)
_SHARED_PRESENTATION = (
    "Pemkot Surabaya menerima dua rombongan diklat. "
    "Rombongan Pemprov Banten dipimpin Kabid Diklat. "
    "Rombongan Pemkot Lubuklinggau dipimpin kepala badan. "
    "Kabid Diklat Surabaya memaparkan e-procurement dan lelang elektronik. "
    "Pegawai dinilai lewat e-performance dan tambahan penghasilan pegawai."
)
_TOUR = (
    "Rombongan DPRD Gowa ke Semarang dan Sleman. "
    "Di Semarang, rombongan mempelajari polder dan rumah pompa. "
    "Kepala Dinas PU Semarang memaparkan kolam retensi. "
    "Di Sleman, rombongan mempelajari perizinan dan pelayanan terpadu satu pintu."
)
_ABOUT_THE_VISIT = (
    "Pemkab Sleman menerima dua rombongan. "
    "Rombongan Bappeda Lombok Timur datang untuk studi banding perencanaan pembangunan dan penganggaran. "
    "Rombongan kedua adalah DPRD Buton. "
    "Mereka melakukan kunjungan kerja terkait pengembangan desa wisata. "
    "Sekda Sleman memaparkan bahwa puluhan desa wisata dikelola warga dengan promosi bersama."
)
_ASKED_BRIEFLY = (
    "Pemkot Tangerang menerima dua rombongan. "
    "Rombongan Tabalong ingin mempelajari aplikasi SPBE dan cara lapor jalan rusak. "
    "Rombongan Sangihe tertarik pada mal pelayanan publik. "
    "Dalam pertemuan itu, Pemkot Tangerang memaparkan pelayanan publik yang kini bisa diurus lewat satu aplikasi."
)


@pytest.mark.parametrize(
    "text, focuses, named, expected",
    [
        # a host receiving two delegations on different subjects: each keeps its own
        (_TWO_DELEGATIONS, [(1,), (2, 3)], [(1,), (2,)], [("infrastructure",), ("finance",)]),
        # the host's presentation after the last delegation is named, claimed by neither: shared by both
        (_SHARED_PRESENTATION, [(1,), (2, 3, 4)], [(1,), (2,)], [("civil_service", "procurement")] * 2),
        # a tour: the title names both stops, each stop's sentences name its own subject
        (_TOUR, [(0, 1, 2), (0, 3)], [(0, 1, 2), (0, 3)], [("infrastructure",), ("public_service",)]),
        # "kunjungan kerja terkait X" claims X for its delegation, though no purpose word names it and the
        # sentence does not name the delegation: the host's presentation of X that follows is not the other's
        (_ABOUT_THE_VISIT, [(1,), (2, 3, 4)], [(1,), (2,)], [("finance",), ("tourism_culture",)]),
        # a topic another visit claims stays when this visit names it as its purpose too ("lapor"), with the
        # shared presentation behind it; the other visit never asked about egov, so the shared hint is not its
        (_ASKED_BRIEFLY, [(1,), (2,)], [(1,), (2,)], [("egov", "public_service"), ("public_service",)]),
    ],
)
def test_visit_topics_come_from_each_visits_own_sentences(text, focuses, named, expected):
    sents = sentences(text)
    assert [r.topics for r in extract_visit_topics(sents, focuses, named)] == expected


def test_visit_topics_fall_back_to_the_article_for_a_visit_without_sentences():
    sents = sentences(_TWO_DELEGATIONS)
    whole = extract_topics(sents)
    assert whole.topics == ("finance", "infrastructure")
    assert extract_visit_topics(sents, [(), (2, 3)], [(), (2,)])[0] == whole
    assert extract_visit_topics(sents, [(1, 2, 3)]) == (extract_topics(sents, (1, 2, 3)),)


def test_visit_topics_evidence_is_the_visits_strongest_sentence():
    sents = sentences(_TWO_DELEGATIONS)
    got = extract_visit_topics(sents, [(1,), (2, 3)], [(1,), (2,)])
    # the second visit's strongest sentence is the host's presentation that follows it (musrenbang, e-budgeting)
    assert [r.evidence for r in got] == [sents[1].text, sents[3].text]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rombongan mempelajari command center 112 dan layanan kedaruratan terpadu.", ("smart_city", "public_service")),
        ("Kami ingin belajar layanan darurat bagi warga.", ("public_service",)),
    ],
)
def test_emergency_services_are_public_services(text, expected):
    assert extract_topics(sentences(text)).topics == expected
