"""What the visitors came to learn, what kind of visit it was, and whether the text reports one at all.

One pass over the article's words serves all three questions: the text is
folded, stripped of punctuation and split once, and every word is looked up in
one index of cue phrases (topics, visit types, visit cues) and context words
(learning verbs, job titles, organisation words, host statistics). A regex
alternation of ~500 phrases cost ~1 ms an article; the word index costs ~0.06 ms.

Topics: each hit scores 3 (a phrase that names the topic, e.g. "pengelolaan
sampah") or 1 (a word that only hints at it, e.g. "puskesmas"); doubled when a
word of the visitors' purpose comes before it in the sentence ("mempelajari",
"ingin belajar", "menggali informasi", "menimba ilmu soal", "tertarik") or of the
host's presentation ("memaparkan", "terkait"); zero inside an official's title
("Kadis Kesehatan"), a numbered list of officials, a related-article link or a
page label (tags, photo captions); a third inside an organisation's name ("BPJS
Kesehatan", "Dinas Pertanian"); halved in the host's statistics ("memiliki
17.500 pegawai ... guru"); 0.4 of the cue's weight in a catalogue: a sentence
naming three topics or more, or boasting ("dalam sambutannya", "berbagai
capaian", "dikenal dengan"), with no purpose or presentation word, or a side
trip ("juga sempat melihat"); weighted 0.6 outside the focus sentences when a
focus is given (the host's presentation is often shared by all the visits of one
article, so it is discounted, not dropped). Longest phrase wins ("pelayanan
kesehatan" over "pelayanan", "lelang jabatan" over "lelang", "peta jalan" over
"jalan"). A topic is kept at 3 points or more when it was named as the visitors'
purpose or reaches a fifth of the main topic's score; when none is kept, the best
one at 2 or more is kept.

Visit type, from the four seeds: the name the article gives the visit decides,
most specific first: "studi tiru"/ATM -> emulation_study, then "studi banding"/
"studi komparasi" -> comparative_study, then a training programme (Diklat PIM/
PKA/PKP/Latsar/pelatihan kepemimpinan) -> training_visit, then "benchmarking"
-> benchmarking, then "kunjungan kerja"/"kunker" -> working_visit, then figures
of speech for learning ("menimba ilmu", "kunjungan belajar") -> comparative_study,
then a courtesy call ("bertandang", "silaturahmi", "audiensi") -> other, then a
bare "kunjungan"/"pertemuan" -> working_visit, else other. So seed 004 (PKA
cohort, "studi tiru") is emulation_study and seed 002 (Diklat PIM cohorts,
"kunjungan Benchmarking") is training_visit: diklat curricula call the field
visit itself "benchmarking", while "studi tiru" and "studi banding" are methods
a writer names on purpose. A training programme counts only in the first three
sentences or beside a visit word ("peserta", "angkatan", "kunjungan"): elsewhere
it is a topic ("pegawai dikirim mengikuti pelatihan kepemimpinan").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from etl.taxonomy import TOPICS
from etl.text import Sentence, fold

# topic -> (strong phrases, weak hints). Words as they read after folding and removing punctuation;
# "e-kios" stands for both "e kios" and "ekios". A one-word cue also matches with "-nya".
_TOPIC_CUES: dict[str, tuple[str, str]] = {
    "egov": (
        "e-gov; e-govt; e-government; e-goverment; e-govermen; e-governance; e-gov-ernment; pemerintahan digital; "
        "digital government; digital governance; spbe; sistem pemerintahan berbasis elektronik; "
        "sistem pemerintahan berbasis teknologi; sistem pemerintahan berbasis digital; "
        "pemerintahan berbasis elektronik; berbasis elektronik; berbasis teknologi; digitalisasi; digitaliasi; "
        "digitalization; digitalisation; transformasi digital; super-app; super-apps; teknologi informasi; "
        "berbasis digital; berbasis online; berbasis aplikasi; layanan digital; layanan online; layanan daring; "
        "pelayanan online; pelayanan digital; e-office; tanda tangan elektronik; tte; sistem informasi; "
        "inovasi digital; tata kelola ti; tata kelola teknologi informasi; aplikasi terintegrasi",
        "aplikasi; digital; online; daring; teknologi; kominfo; diskominfo; diskominfotik; website; informatika; "
        "internet; elektronik; sistem berbasis",
    ),
    "smart_city": (
        "smart-city; kota cerdas; kota pintar; command-center; command-centre; ruang kendali; pusat kendali; "
        "war-room; smart government; smart environment; smart economy; smart living; smart people; "
        "smart mobility; smart branding; smart society; smart kampung; smart village; cctv; ruang cerdas; "
        "internet of things",
        "cerdas; iot; sensor",
    ),
    "public_service": (
        "pelayanan publik; layanan publik; mal pelayanan publik; mall pelayanan publik; mpp; perizinan; "
        "perijinan; ptsp; dpmptsp; pelayanan terpadu; pelayanan terpadu satu pintu; antrean; antrian; "
        "antre; antri; e-kios; anjungan mandiri; layanan 112; layanan darurat 112; layanan darurat; layanan kedaruratan; "
        "call center; call centre; "
        "call center 112; pengaduan; pengaduan masyarakat; keluhan masyarakat; keluhan warga; keluhan publik; "
        "sp4n; pelayanan prima; standar pelayanan; inovasi pelayanan; kualitas pelayanan; "
        "pelayanan administrasi; online single submission; kepuasan masyarakat; survei kepuasan masyarakat; "
        "indeks kepuasan masyarakat; survei kepuasan",
        "lapor; loket; izin usaha; pelayanan masyarakat; layanan masyarakat; keluhan; izin",
    ),
    "civil_service": (
        "manajemen talent; manajemen tallent; manajemen talenta; manajemen tallenta; manajamen talent; "
        "managemen talent; managemen tallent; talent pool; pool manajemen pool asn; managemen pool asn; "
        "merit-sistem; merit-system; sistem merit; e-kinerja; e-performance; e-absensi; absensi online; "
        "absensi elektronik; tpp; tambahan penghasilan pegawai; kepegawaian; manajemen asn; manajemen kinerja; "
        "aparatur sipil negara; asn; pengembangan kompetensi; kompetensi aparatur; kompetensi asn; "
        "kompetensi pegawai; kepemimpinan; "
        "manajerial; lelang jabatan; seleksi terbuka; open bidding; jabatan fungsional; pengembangan sdm; "
        "sdm aparatur",
        "pns; asn; pegawai; kinerja pegawai; kinerja aparatur; sdm; latsar; diklat; pendidikan dan pelatihan; bkpsdm; bkd; "
        # A training programme names the delegation (peserta PKA, Diklat PIM angkatan 33) more often than its subject.
        "pelatihan kepemimpinan; diklat kepemimpinan; diklat pim; diklatpim; "
        "bpsdm; aparatur; kompetensi",
    ),
    "finance": (
        "pengelolaan keuangan; pengelolaan keuangan daerah; keuangan daerah; e-budgeting; e-planning; "
        "penganggaran; perencanaan pembangunan; perencanaan daerah; perencanaan anggaran; "
        "perencanaan dan penganggaran; bidang perencanaan; pajak daerah; e-pajak; e-retribusi; "
        "pendapatan asli daerah; pendapatan daerah; retribusi; bphtb; pbb p2; musrenbang; aset daerah; "
        "manajemen aset; penatausahaan; laporan keuangan; sipd; sistem informasi pemerintahan daerah; blud; badan layanan umum daerah; dana transfer; "
        "dana bagi hasil; dana alokasi umum; dana alokasi khusus; transfer ke daerah; kua ppas; belanja daerah; "
        "pemungutan pajak; pendapatan asli desa; pengelolaan pendapatan",
        "pad; apbd; apbdes; pajak; perencanaan; keuangan; anggaran; menganggarkan; dianggarkan; pendapatan; dana desa; "
        "bapenda; bpkad; bppkad; bp2rd; bappeda",
    ),
    "procurement": (
        "e-procurement; pengadaan barang jasa; pengadaan barang dan jasa; pengadaan barang; "
        "pengadaan secara elektronik; lpse; e-katalog; e-purchasing; ukpbj; bpbj; tender; lelang online; "
        "lelang elektronik; lelang secara online",
        "pengadaan; lelang; ulp",
    ),
    "data": (
        "satu data; big data; basis data; database; mengintegrasikan data; data terintegrasi; integrasi data antardinas; "
        "pemutakhiran data; data by name; statistik sektoral; data terpadu; integrasi data; "
        "data center; data centre; pusat data; open data; dashboard data; tata kelola data; pengelolaan data",
        "data; statistik; bps; dashboard",
    ),
    "waste_env": (
        "pengelolaan sampah; penanganan sampah; sampah; bank sampah; tpa; tps3r; tps 3r; tpst; daur ulang; "
        "limbah; lingkungan hidup; rth; ruang terbuka hijau; kebersihan; penghijauan; perubahan iklim; emisi; "
        "pencemaran; konservasi; kali bersih",
        "lingkungan; dlh; hijau; sungai; adipura; lingkungan cerdas; taman; taman kota; taman tematik",
    ),
    "health": (
        "pelayanan kesehatan; layanan kesehatan; bidang kesehatan; kesehatan masyarakat; jaminan kesehatan; "
        "stunting; jkn; uhc; universal health coverage; gizi buruk; imunisasi; vaksinasi; posyandu; psc 119; "
        "public safety center; kota sehat; kabupaten sehat; germas; angka kematian ibu; angka kematian bayi",
        "kesehatan; puskesmas; rumah sakit; rsud; bpjs; dinkes; covid; covid 19; pasien; dokter; obat; sehat; gizi; balita",
    ),
    "education": (
        "pendidikan; dunia pendidikan; beasiswa; paud; perpustakaan; "
        "merdeka belajar; wajib belajar; ppdb; madrasah; pesantren; kualitas guru",
        "kurikulum; literasi; sekolah; guru; siswa; murid; pelajar; disdik; sd; smp; sma; kampus",
    ),
    "agriculture": (
        "pertanian; perikanan; peternakan; perkebunan; ketahanan pangan; hortikultura; "
        "kelautan; tambak; alsintan; food estate; lumbung pangan; urban farming; hidroponik",
        "budidaya; pupuk; benih; pangan; petani; nelayan; padi; sawah; ternak; bibit; panen",
    ),
    "economy_trade": (
        "umkm; ukm; usaha mikro; usaha kecil; penataan pedagang; pedagang kaki lima; pkl; pasar tradisional; pasar rakyat; "
        "revitalisasi pasar; penataan pasar; pengelolaan pasar; perdagangan; perindustrian; industri kecil; "
        "investasi; penanaman modal; koperasi; bumd; badan usaha milik daerah; bumdes; "
        "pengendalian inflasi; pemberdayaan ekonomi; ekonomi kerakyatan; pertumbuhan ekonomi",
        "ekspor; pelaku usaha; pasar; pedagang; ekonomi; usaha; industri; perindag; inflasi; produk lokal",
    ),
    "tourism_culture": (
        "pariwisata; wisata; destinasi; destinasi wisata; desa wisata; budaya; kebudayaan; festival; "
        "cagar budaya; museum; kesenian; heritage; ekonomi kreatif; wisatawan; pokdarwis; sadar wisata",
        "seni; adat; disbudpar; dispar; event; kuliner",
    ),
    "infrastructure": (
        "pembangunan infrastruktur; infrastruktur jalan; infrastruktur dasar; infrastruktur transportasi; "
        "drainase; perkim; perumahan; kawasan kumuh; rumah tidak layak huni; rtlh; "
        "transportasi; angkutan umum; angkutan massal; angkutan kota; bus rapid transit; brt; "
        "air bersih; air minum; pdam; sanitasi; tata ruang; penataan ruang; "
        "penataan kota; penataan kawasan; pekerjaan umum; penerangan jalan; perparkiran; rusunawa; "
        "pembangunan jalan; jalan tol; penanganan banjir; pengendalian banjir; penanggulangan banjir; genangan; "
        "kolam retensi; polder; rumah pompa; pompa air; normalisasi sungai; normalisasi saluran; saluran air; "
        "sumur resapan; tanggul; pemeliharaan jalan; perbaikan jalan; kerusakan jalan",
        "banjir; lalu lintas; terminal; jembatan; pemukiman; permukiman; pelabuhan; irigasi; infrastruktur; jalan; angkutan; pupr; dishub; parkir; bangunan; konstruksi",
    ),
    "social": (
        "dukcapil; kependudukan; data kependudukan; pelayanan administrasi kependudukan; "
        "layanan administrasi kependudukan; pelayanan kependudukan; layanan kependudukan; catatan sipil; adminduk; administrasi kependudukan; e-ktp; "
        "ktp-el; kartu keluarga; akta kelahiran; bansos; bantuan sosial; kemiskinan; penanggulangan kemiskinan; "
        "pkh; dtks; disabilitas; perlindungan anak; perlindungan perempuan; pemberdayaan perempuan; "
        "kesejahteraan sosial; lansia; kota layak anak; kabupaten layak anak; keluarga berencana; baznas; zakat; "
        "jaminan sosial",
        "sosial; dinsos; penduduk; warga miskin; anak",
    ),
    "governance": (
        "inspektorat; sakip; reformasi birokrasi; propemperda; pembentukan perda; pembentukan peraturan daerah; "
        "penyusunan perda; penyusunan peraturan daerah; harmonisasi perda; naskah akademik; "
        "bapemperda; jdih; spip; zona integritas; wbk; wbbm; akuntabilitas; akuntabilitas kinerja; "
        "lakip; lkjip; pencegahan korupsi; good governance; tata kelola pemerintahan; "
        "pengawasan internal; ombudsman; opini wtp; wajar tanpa pengecualian; mcp kpk; "
        "penyederhanaan birokrasi",
        "produk hukum; legislasi; anti-korupsi; peraturan daerah; ranperda; raperda; perda; pengawasan; birokrasi; audit; transparansi; integritas; regulasi",
    ),
}

# Phrases that hold a cue word but name no topic: idioms ("peta jalan" is a roadmap, "jalan sendiri-sendiri" is
# working alone) and regions named after a river. Matched like cues, so they hide the word inside them.
_NOT_TOPICS = (
    "peta jalan; jalan sendiri; jalan keluar; jalan tengah; jalan pintas; sungai penuh; hulu sungai; sungai raya"
)

# Visit types, in the priority the module docstring explains.
_TYPE_CUES: dict[str, str] = {
    "emulation_study": "studi tiru; study tiru; amati tiru modifikasi; amati tiru dan modifikasi",
    "comparative_study": "studi banding; study banding; studi komparasi; studi komparatif; comparative study",
    "training_visit": (
        "diklat pim; diklatpim; diklat kepemimpinan; pelatihan kepemimpinan; pka; pkp; pkn; latsar; "
        "pelatihan dasar; diklat prajabatan; kunjungan lapangan"
    ),
    "benchmarking": "benchmarking; benchmark; best practice visit",
    "working_visit": "kunjungan kerja; kunker",
    # Figures of speech for learning: weaker than the visit's own name ("menimba ilmu" in a "kunjungan kerja").
    "learning": "kunjungan belajar; kunjungan studi; menimba ilmu; menimbah ilmu; tujuan belajar; belajar ke; datang belajar",
    # A courtesy call names no study ("bertandang", "silaturahmi", "audiensi"): other, unless a visit word above.
    "courtesy": "silaturahmi; silaturahim; audiensi; bertandang; kunjungan kehormatan; courtesy call",
    "meeting": "kunjungan; lawatan; pertemuan; menyambangi; mendatangi; berkunjung; mengunjungi; kunjungi; dikunjungi",
}
_TYPE_ORDER = tuple(_TYPE_CUES)
_TYPE_SLUG = {"learning": "comparative_study", "courtesy": "other", "meeting": "working_visit"}
# A training programme named outside the lead or a visit sentence is a topic ("dikirim mengikuti pelatihan
# kepemimpinan"), not what the visitors are.
_TRAINING_NEAR = ("kunjungan", "benchmark", "studi", "rombongan", "peserta", "berkunjung", "angkatan", "tiba")

# Evidence that the text reports a visit (strong, weak) or is something else (negative).
_VISIT_CUES: dict[str, str] = {
    "strong": (
        "kunjungan kerja; kunker; studi banding; study banding; benchmarking; studi tiru; studi komparasi; "
        "kunjungan belajar; menimba ilmu; menimbah ilmu; menerima kunjungan; menerima rombongan; kunjungan studi; "
        "kunjungan lapangan; melakukan kunjungan; berkunjung ke; bertandang ke; menyambangi; belajar ke; "
        "belajar di; studi lapangan; beserta rombongan; dan rombongan; memimpin rombongan; dipimpin langsung; "
        "tujuan belajar; datang untuk belajar; datang untuk mempelajari; untuk mempelajari; menerima dua rombongan"
    ),
    "weak": (
        "rombongan; delegasi; kunjungan; pka; pkp; diklat pim; latsar; "
        "tiba di; disambut; menyambut; cenderamata; cinderamata; plakat; ramah tamah; pertemuan; "
        "selamat datang; best practice; best practise; berkesempatan hadir; berbagi pengalaman; mempelajari; "
        "dipimpin; menerima"
    ),
    "negative": (
        "penelitian ini; studi ini; jurnal; abstrak; kata kunci; skripsi; tesis; metode penelitian; daftar pustaka; "
        "responden; kuesioner; makalah; kolom; tajuk; penulis adalah; pengajar; "
        "surat edaran; penghentian sementara; larangan; melarang; dilarang; pemborosan; "
        "penghematan anggaran; pembatasan; dibatasi; standar biaya; perbup; peraturan bupati; "
        "menghentikan; dihentikan; korupsi; sidang; jaksa; kerugian negara; "
        "kelebihan bayar; kelebihan pembayaran; temuan bpk; "
        "resmikan; meresmikan; peresmian; osis; "
        "tulisan ini; penulis; oleh dr; dosen administrasi; penelitian; kualitatif; kuantitatif; informan; "
        "wawancara mendalam; studi pada; pidato; hut kota; hut kabupaten"
    ),
    # Words that settle it: the trip was to one's own constituency, was fake, or the text is an opinion.
    # (Called off, recesses and festivals are etl.extract's _NOT_A_VISIT, which names the reason; not repeated here.)
    "decisive": "dapil; daerah pemilihan; fiktif; terdakwa; moratorium; tipikor; opini",
    # Said of popular hosts ("rujukan berbagai daerah") as much as in essays: two points wherever they stand.
    "generic": "banyak daerah; berbagai daerah; sejumlah daerah; daerah lain; tak pernah sepi; hampir setiap pekan",
}

# Words of the visitors' purpose ("ingin mempelajari", "menggali informasi", "menimba ilmu soal"): what follows
# them is what they came to learn. Doubled, and such a topic is kept even when it is a small share of the text.
_LEARN_WORDS = (
    "mempelajari belajar pembelajaran berdiskusi diskusi membahas dibahas bertukar sharing berbagi menggali "
    "melihat mengetahui menimba menimbah mendalami memahami mengenal menyerap mengadopsi mereplikasi replikasi "
    "meniru ditiru konsultasi berkonsultasi memperoleh ingin tertarik fokus difokuskan menyoroti penerapan "
    "menerapkan implementasi meninjau studi benchmarking inovasi"
)
# Words of the host's presentation ("memaparkan", "dipaparkan"): doubled too (the host presents what was asked),
# but they do not make a topic the visitors' purpose. "terkait" ("related to") doubles only.
_PRESENT_WORDS = "memaparkan dipaparkan paparan paparannya penjelasan"
_ABOUT_WORDS = "terkait terkat"
# A host's welcome ("dalam sambutannya", "berbagai capaian", "dikenal dengan", "menyinggung"): with no word of
# purpose or presentation in the sentence, what it names is a catalogue, not what was studied. So is a side trip
# ("juga sempat melihat"), whatever its verbs.
_BOAST_WORDS = "sambutan sambutannya capaian prestasi penghargaan dikenal menyinggung memperkenalkan unggulan"
_INCIDENTAL_WORDS = "sempat"
_TITLE_WORDS = "kadis kaban kabid kasi kasubag kasubbag kabag kepala sekdis plt"
_ORG_WORDS = (
    "dinas badan kantor bank bpjs kementerian kemenkes kemendagri kemenpan menteri direktur direktorat dirut "
    "universitas fakultas balai upt perusahaan pt"
)
# ("sebanyak"/"berjumlah" are left out: they count the delegation as often as the host's staff.)
_HOST_WORDS = "memiliki mempunyai terdapat jumlah"

_LEARN, _TITLE, _ORG, _HOST, _PRESENT, _BOAST, _ABOUT, _INCIDENTAL, _LABEL = 1, 2, 4, 8, 16, 32, 64, 128, 256
_CONTEXT = _HOST | _BOAST | _ABOUT | _INCIDENTAL | _LABEL
_LEARN_REACH = 15  # words after a learning word that its object may span ("berdiskusi tentang A, B, C dan D")
_SEP = "\x01"
_PUNCT = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"})
_DIGIT = re.compile(r"[0-9]")
_LIST_NUMBER = re.compile(r"\d{1,2}[.)]?$")
_LIST_TITLE = re.compile(
    r"(?:\d{1,2}[.)]\s*)?(?:kadis|kaban|kabid|kabag|kepala|sekda|sekretaris|asisten|staf ahli|inspektur|camat|"
    r"direktur|ketua|anggota|plt)\b",
    re.IGNORECASE,
)
_ORDER = {slug: i for i, slug in enumerate(TOPICS)}
# Lines that are page labels, not the story: tags, photo captions ("Tags: DPRD, perizinan", "(Foto: ...)").
# Checked only when a sentence starts with one of _LABEL_WORDS.
_PAGE_LABEL = re.compile(
    r"\(?(?:tags?|tagar|topik|kata kunci|foto|caption|keterangan foto|ilustrasi)\s*:", re.IGNORECASE
)
_LABEL_WORDS = "tags tag tagar topik kata foto caption keterangan ilustrasi"
# A short line that is an official's title in a list of who came, or a page label.
_BULLETS = "-\u2022\u00bb*\u25aa"
# A sentence naming this many topics without a purpose word is a catalogue; its hits count this share.
_CATALOGUE_TOPICS = 3
_CATALOGUE_WEIGHT = 0.4
# A topic far below the article's main one is a passing mention, unless it was named as something learned.
_SHARE_OF_TOP = 0.2


_Labels = tuple[tuple[str, str, int], ...]  # (kind t/v/c, topic or type or strength, weight)


def _variants(phrase: str) -> list[tuple[str, ...]]:
    """Word tuples a cue stands for: "e-kios" -> ("e", "kios") and ("ekios",); one word also with "-nya"."""
    out: list[tuple[str, ...]] = [()]
    for word in phrase.split():
        forms = [word.replace("-", " ").split(), [word.replace("-", "")]] if "-" in word else [[word]]
        out = [prev + tuple(f) for prev in out for f in forms]
    if len(out) == 1 and len(out[0]) == 1:
        out.append((out[0][0] + "nya",))
    return out


def _build_index() -> tuple[
    dict[str, _Labels], dict[tuple[str, str], list[tuple[tuple[str, ...], _Labels]]], dict[str, int]
]:
    """The word index: one-word cues, multi-word cues by their first two words, and context-word flags."""
    labels: dict[tuple[str, ...], list[tuple[str, str, int]]] = {}

    def add(spec: str, kind: str, value: str, weight: int) -> None:
        for phrase in filter(None, (p.strip() for p in spec.split(";"))):
            for words in _variants(phrase):
                labels.setdefault(words, []).append((kind, value, weight))

    for topic, (strong, weak) in _TOPIC_CUES.items():
        add(strong, "t", topic, 3)
        add(weak, "t", topic, 1)
    add(_NOT_TOPICS, "t", "", 0)
    for slug, spec in _TYPE_CUES.items():
        add(spec, "v", slug, 0)
    for strength, spec in _VISIT_CUES.items():
        add(spec, "c", strength, 0)
    single: dict[str, _Labels] = {}
    pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], _Labels]]] = {}
    for words, labs in labels.items():
        # A phrase listed as strong and weak for one topic keeps the strong weight only.
        best: dict[tuple[str, str], int] = {}
        for kind, value, weight in labs:
            best[(kind, value)] = max(best.get((kind, value), 0), weight)
        merged = tuple((k, v, w) for (k, v), w in best.items())
        if len(words) == 1:
            single[words[0]] = merged
        else:
            pairs.setdefault((words[0], words[1]), []).append((words, merged))
    for (first, _), entries in pairs.items():
        # A phrase also says what its first word says about the visit ("berkunjung ke" is a cue and a visit name).
        extra = tuple(lab for lab in single.get(first, ()) if lab[0] != "t")
        for n, (words, labs) in enumerate(entries):
            entries[n] = (words, labs + tuple(e for e in extra if e[:2] not in {lab[:2] for lab in labs}))
        entries.sort(key=lambda e: -len(e[0]))
    flags: dict[str, int] = {}
    for words, flag in (
        (_LEARN_WORDS, _LEARN),
        (_PRESENT_WORDS, _PRESENT),
        (_BOAST_WORDS, _BOAST),
        (_ABOUT_WORDS, _ABOUT),
        (_INCIDENTAL_WORDS, _INCIDENTAL),
        (_LABEL_WORDS, _LABEL),
        (_TITLE_WORDS, _TITLE),
        (_ORG_WORDS, _ORG),
        (_HOST_WORDS, _HOST),
    ):
        for w in words.split():
            flags[w] = flags.get(w, 0) | flag
    return single, pairs, flags


_SINGLE, _PAIRS, _FLAGS = _build_index()
_FIRST = frozenset(first for first, _ in _PAIRS)
_KEYS = frozenset(_SINGLE) | _FIRST | frozenset(_FLAGS) | {_SEP}
# One lookup per word in the scan: (context flags, one-word labels, starts a longer phrase).
_ENTRY: dict[str, tuple[int, _Labels, bool]] = {w: (_FLAGS.get(w, 0), _SINGLE.get(w, ()), w in _FIRST) for w in _KEYS}


@dataclass(frozen=True)
class _Scan:
    """What one pass over an article found: weighted topic hits, visit-type names and visit-cue counts."""

    # (topic, sentence position, weight before focus, named as the visitors' purpose, cue weight or 0 in a name)
    topic_hits: tuple[tuple[str, int, float, bool, int], ...]
    type_hits: tuple[tuple[str, int], ...]  # (visit type, sentence position)
    strong: float
    weak: float
    negative: int


_LAST: list[object] = [None, None]


def _scan(sents: Sequence[Sentence]) -> _Scan:
    """Scan the article once; the last article's scan is kept, since the assembler asks three questions of it."""
    # Same list object, same length, same first and last sentence objects: the same article, not refilled.
    key = (len(sents), id(sents[0]) if sents else 0, id(sents[-1]) if sents else 0)
    if _LAST[0] is sents and isinstance(_LAST[1], tuple) and _LAST[1][0] == key:
        return _LAST[1][1]
    result = _scan_uncached(sents)
    _LAST[0], _LAST[1] = sents, (key, result)
    return result


def _scan_uncached(sents: Sequence[Sentence]) -> _Scan:
    words = fold(f" {_SEP} ".join(s.text for s in sents)).translate(_PUNCT).split()
    n_words = len(words)
    # Sentences that are no place for topics: a numbered list's entries, officials' titles, page labels.
    skip: list[bool] = []
    prev_number = False
    for s in sents:
        text = s.text
        is_number = len(text) <= 3 and _LIST_NUMBER.match(text) is not None
        skip.append(
            prev_number
            or is_number
            or (len(text) < 60 and _LIST_TITLE.match(text) is not None)
            or (text[:1] in _BULLETS and _headline(text))
        )
        prev_number = is_number
    # (topic, sentence position, weight, named as the visitors' purpose, weight before doubling)
    hits: list[tuple[str, int, float, bool, int]] = []
    type_hits: list[tuple[str, int]] = []
    host_sents: set[int] = set()
    exempt: set[int] = set()  # sentences with a word of purpose or presentation: never a catalogue
    boast: set[int] = set()
    catalogue: set[int] = set()
    side_trip: set[int] = set()
    sent_start_word = 0
    crowded: dict[int, int] = {}  # sentence -> index of its first hit, for sentences with three hits or more
    hits_in: dict[int, int] = {}
    last_hit_pos = hits_here = -1
    strong = weak = 0.0
    negative = pos = next_free = 0
    # One forward pass: context words met so far in the sentence are remembered by position.
    learned_at = presented_at = learned_before = presented_before = -99
    last_title = last_org = -9
    entry = _ENTRY.get
    for i, w in enumerate(words):
        e = entry(w)
        if e is None:
            continue
        if w == _SEP:
            sent_start_word = i + 1
            pos += 1
            learned_at = presented_at = -99
            last_title = last_org = -9
            continue
        f, labels, first = e
        if f:
            # A learning word may start a topic phrase ("inovasi pelayanan"): the phrase is learned by the one before.
            if f & _LEARN:
                learned_before, learned_at = learned_at, i
                exempt.add(pos)
            if f & _PRESENT:
                presented_before, presented_at = presented_at, i
                exempt.add(pos)
            if f & _TITLE:
                last_title = i
            if f & _ORG:
                last_org = i
            if f & _CONTEXT:
                if f & _ABOUT:
                    presented_before, presented_at = presented_at, i
                if f & _HOST:
                    host_sents.add(pos)
                if f & _BOAST:
                    boast.add(pos)
                if f & _INCIDENTAL:
                    side_trip.add(pos)
                if f & _LABEL and i == sent_start_word and _PAGE_LABEL.match(sents[pos].text) is not None:
                    skip[pos] = True
        n = 1
        if first and i + 1 < n_words:
            for phrase, labs in _PAIRS.get((w, words[i + 1]), ()):
                if len(phrase) == 2 or tuple(words[i : i + len(phrase)]) == phrase:
                    labels, n = labs, len(phrase)
                    break
        if not labels:
            continue
        # Topic phrases do not overlap (longest wins); visit words may sit inside one another.
        inside = i < next_free
        for kind, value, weight in labels:
            if kind == "t":
                if inside:
                    continue
                next_free = i + n
                if not value or 0 < i - last_title <= 3:
                    continue
                if skip[pos]:
                    continue
                if pos == last_hit_pos:
                    hits_here += 1
                    if hits_here >= _CATALOGUE_TOPICS:
                        crowded[pos] = len(hits) + 1 - hits_here
                        hits_in[pos] = hits_here
                else:
                    last_hit_pos, hits_here = pos, 1
                if 0 < i - last_org <= 3:
                    hits.append((value, pos, weight / 3, False, 0))
                elif 0 < i - (learned_before if learned_at == i else learned_at) <= _LEARN_REACH:
                    hits.append((value, pos, weight * 2.0, True, weight))
                elif 0 < i - (presented_before if presented_at == i else presented_at) <= _LEARN_REACH:
                    hits.append((value, pos, weight * 2.0, False, weight))
                else:
                    hits.append((value, pos, float(weight), False, weight))
            elif kind == "v":
                type_hits.append((value, pos))
            elif value == "negative":
                negative += 3 if pos < 3 else 1  # the title and lede say what kind of text it is
            elif value == "generic":
                negative += 2
            elif value == "decisive":
                negative += 8 if pos < 3 else 2
            elif value == "strong":
                strong += 1.5 if pos < 3 else 1.0
            else:
                weak += 1.5 if pos < 3 else 1.0
    # Sentences with three hits or more: a catalogue when they name three topics.
    for k, start in crowded.items():
        if len({h[0] for h in hits[start : start + hits_in[k]]}) >= _CATALOGUE_TOPICS:
            catalogue.add(k)
    # A catalogue: a sentence naming three topics or more, or boasting ("berbagai capaian", "dalam sambutannya"),
    # with no word of the visitors' purpose or of a presentation; or a side trip ("juga sempat melihat").
    catalogue = {k for k in catalogue | boast if k not in exempt} | side_trip
    if host_sents:
        # The host's statistics ("memiliki 17.500 pegawai"): hints there count half.
        host_sents = {k for k in host_sents if _DIGIT.search(sents[k].text)}
    if catalogue or host_sents:
        for n, (topic, k, wt, purpose, base) in enumerate(hits):
            if k in catalogue and base:  # not an organisation's name (base 0), which keeps its third
                wt, purpose = base * _CATALOGUE_WEIGHT, False
            elif k not in host_sents:
                continue
            hits[n] = (topic, k, wt / 2 if k in host_sents else wt, purpose, base)
    return _Scan(tuple(hits), tuple(type_hits), strong, weak, negative)


def _headline(text: str) -> bool:
    """A bulleted line of capitalised words: a related-article link ("- Harga Cabai di Pasar Naik"), not the story."""
    words = text[1:].split()
    return len(words) >= 3 and sum(w[:1].isupper() or w[:1].isdigit() for w in words) >= 0.6 * len(words)


@dataclass(frozen=True)
class TopicResult:
    """Topic slugs in taxonomy order, and the sentence that spoke most of them."""

    topics: tuple[str, ...]
    evidence: str | None = None


def score_topics(sents: Sequence[Sentence], focus: Sequence[int] = ()) -> dict[str, float]:
    """Each topic's score (the numbers behind extract_topics), for inspection and tuning."""
    return _scores(_scan(sents).topic_hits, sents, focus)


def _scores(
    hits: tuple[tuple[str, int, float, bool, int], ...], sents: Sequence[Sentence], focus: Sequence[int]
) -> dict[str, float]:
    scores: dict[str, float] = {}
    focus_set = {sents[i].index for i in focus if 0 <= i < len(sents)} if focus else None
    if focus_set:
        for topic, pos, wt, _, _ in hits:
            scores[topic] = scores.get(topic, 0.0) + (wt if sents[pos].index in focus_set else wt * 0.6)
    else:
        for topic, _, wt, _, _ in hits:
            scores[topic] = scores.get(topic, 0.0) + wt
    return scores


def extract_topics(sents: Sequence[Sentence], focus: Sequence[int] = ()) -> TopicResult:
    """What the delegation came to learn, as TAXONOMY.md topic slugs.

    >>> from etl.text import sentences
    >>> extract_topics(sentences("Rombongan datang untuk mempelajari pengelolaan sampah dan bank sampah.")).topics
    ('waste_env',)
    """
    hits = _scan(sents).topic_hits
    if not hits:
        return TopicResult(())
    scores = _scores(hits, sents, focus)
    # The share of the main topic is measured on the whole article, so a focus does not make the host's
    # presentation (shared by every visit of the article) look like a passing mention.
    whole = _scores(hits, sents, ()) if focus else scores
    bar = _SHARE_OF_TOP * max(whole.values())
    learned = {h[0] for h in hits if h[3] and h[2] >= 6}
    kept = [t for t, s in scores.items() if s >= 3 and (t in learned or whole[t] >= bar)]
    if not kept:
        top = max(scores, key=scores.__getitem__)
        if scores[top] < 2:
            return TopicResult(())
        kept = [top]
    per_sentence: dict[int, float] = {}
    for topic, pos, wt, _, _ in hits:
        if topic in kept:
            per_sentence[pos] = per_sentence.get(pos, 0.0) + wt
    best = max(per_sentence, key=lambda k: (per_sentence[k], -k))
    return TopicResult(tuple(sorted(kept, key=_ORDER.__getitem__)), sents[best].text)


# A visit claims a topic with this many points of its own: named as its purpose, or in a sentence naming it alone.
_CLAIM = 4.0
# A visit keeps a topic another visit claimed only with this many points in its own sentences.
_OWN_KEEP = 3.0


def extract_visit_topics(
    sents: Sequence[Sentence], focuses: Sequence[Sequence[int]], named: Sequence[Sequence[int]] = ()
) -> tuple[TopicResult, ...]:
    """Per visit of a multi-visit article, what its delegation came to learn; article-wide topics as a fallback.

    focuses[v] are the sentences about visit v (etl.extract.focus_sentences), named[v] those naming its varying
    party (the stop of a tour, or the delegation). For visit v, a sentence naming only another visit counts
    nothing, other sentences outside v's focus count 0.6 (the host's presentation after the last delegation is
    named is often shared by all). A topic another visit claims (4 points in sentences about it alone: as its
    purpose, in a sentence naming it, or what its "kunjungan kerja terkait ..." is about) is dropped unless v
    names it as its purpose too or has 3 points of it.

    >>> from etl.text import sentences
    >>> s = sentences("Rombongan DPRD Kota Batu belajar pengelolaan sampah. Rombongan Pemkab Sigi mempelajari stunting.")
    >>> [r.topics for r in extract_visit_topics(s, [(0,), (1,)], [(0,), (1,)])]
    [('waste_env',), ('health',)]
    """
    scan = _scan(sents)
    hits = scan.topic_hits
    whole_result = extract_topics(sents)
    if not hits or len(focuses) < 2:
        return tuple(extract_topics(sents, f) if f else whole_result for f in focuses)
    named_sets = [set(n) for n in named] if named else [set() for _ in focuses]
    named_sets += [set() for _ in range(len(focuses) - len(named_sets))]
    focus_sets = [set(f) for f in focuses]
    owners: dict[int, list[int]] = {}
    for v, f in enumerate(focus_sets):
        for k in f:
            owners.setdefault(k, []).append(v)
    # Points per visit and topic in the sentences about that visit alone: all, and those that claim the topic.
    own: list[dict[str, float]] = [{} for _ in focuses]
    claim_pts: list[dict[str, float]] = [{} for _ in focuses]
    asked: list[set[str]] = [set() for _ in focuses]  # named as the purpose, however briefly ("lapor jalan rusak")
    # "kunjungan kerja terkait X", "studi banding terkait X": what a sentence naming the visit is about is its own.
    visit_named = {pos for kind, pos in scan.type_hits if kind not in ("meeting", "courtesy")}
    for topic, pos, wt, purpose, base in hits:
        who = owners.get(pos, ())
        if len(who) != 1:
            continue
        v = who[0]
        own[v][topic] = own[v].get(topic, 0.0) + wt
        if purpose:
            asked[v].add(topic)
        if purpose or pos in named_sets[v] or (base and wt >= 2 * base and pos in visit_named):
            claim_pts[v][topic] = claim_pts[v].get(topic, 0.0) + wt
    claims = [{t for t, s in pts.items() if s >= _CLAIM} for pts in claim_pts]
    whole = _scores(hits, sents, ())
    bar = _SHARE_OF_TOP * max(whole.values())
    out = []
    for v, focus in enumerate(focus_sets):
        if not focus:
            out.append(whole_result)
            continue
        others_named = set().union(*(named_sets[u] for u in range(len(focuses)) if u != v)) - focus
        claimed_elsewhere = set().union(*(claims[u] for u in range(len(focuses)) if u != v)) - claims[v]
        weighted = [
            (t, k, wt * (1.0 if k in focus else 0.0 if k in others_named else 0.6), p)
            for t, k, wt, p, _ in hits
            if not (t in claimed_elsewhere and t not in asked[v] and own[v].get(t, 0.0) < _OWN_KEEP)
        ]
        scores: dict[str, float] = {}
        for t, _, wt, _ in weighted:
            scores[t] = scores.get(t, 0.0) + wt
        learned = {t for t, _, wt, p in weighted if p and wt >= 6}
        kept = [t for t, s in scores.items() if s >= 3 and (t in learned or whole[t] >= bar)]
        if not kept and scores:
            top = max(scores, key=scores.__getitem__)
            kept = [top] if scores[top] >= 2 else []
        if not kept:
            out.append(whole_result)
            continue
        per_sentence: dict[int, float] = {}
        for t, k, wt, _ in weighted:
            if t in kept and wt:
                per_sentence[k] = per_sentence.get(k, 0.0) + wt
        best = max(per_sentence, key=lambda k: (per_sentence[k], -k))
        out.append(TopicResult(tuple(sorted(kept, key=_ORDER.__getitem__)), sents[best].text))
    return tuple(out)


def extract_visit_type(sents: Sequence[Sentence], focus: Sequence[int] = ()) -> tuple[str, str | None]:
    """The visit's type slug (TAXONOMY.md) and the sentence naming it; focus sentences first.

    >>> from etl.text import sentences
    >>> extract_visit_type(sentences("DPRD Kota Blitar melakukan studi banding ke Kota Batu."))
    ('comparative_study', 'DPRD Kota Blitar melakukan studi banding ke Kota Batu.')
    """
    hits = _scan(sents).type_hits
    if not hits:
        return "other", None
    focus_set = set(focus)
    pools = [[h for h in hits if h[1] in focus_set], list(hits)] if focus else [list(hits)]
    for pool in pools:
        pool = [h for h in pool if h[0] != "training_visit" or _training_here(sents[h[1]].text, h[1])]
        if pool:
            kind, pos = min(pool, key=lambda h: (_TYPE_ORDER.index(h[0]), h[1]))
            return _TYPE_SLUG.get(kind, kind), sents[pos].text
    return "other", None


def _training_here(text: str, pos: int) -> bool:
    low = text.lower()
    return pos < 3 or any(w in low for w in _TRAINING_NEAR)


def visit_cue(sents: Sequence[Sentence]) -> float:
    """How strongly the text reports a study visit, from 0 (not at all) to 1 (clearly).

    >>> from etl.text import sentences
    >>> round(visit_cue(sentences("Rombongan DPRD Kota Blitar melakukan studi banding ke Kota Batu.")), 2)
    0.8
    """
    scan = _scan(sents)
    evidence = scan.strong + 0.3 * min(scan.weak, 10.0)
    # negative: 3 per word in the title or lede, 1 elsewhere (an essay, a ban, a trial); 8 for a word that
    # settles it in the lede (one's own constituency, fake, an opinion); 2 for "berbagai daerah"-style generalities
    score = 1 - math.exp(-evidence / 1.2) - 0.07 * min(scan.negative, 14)
    return max(0.0, min(1.0, score))
