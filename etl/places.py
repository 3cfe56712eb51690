"""Places in an article: find the mentions, type the institutions, decide who visited whom.

`find_mentions` scans each sentence once: a regex splits words, and a dict from a word to the names starting with
it (etl.gazetteer's phrase index) finds "Surabaya", "Kota Pahlawan", "Kemendagri", "Jepang" without looping
over names. The words before a name say its level ("Pemkot", "Bupati", "DPRD Kabupaten") and institution.
`resolve_direction` then scores each place as visitor or host from the wording around its mentions
("rombongan X", "X memboyong ... ke Y", "Y menerima kunjungan", "diterima oleh Y") and picks the host and the
visiting delegations. Everything here is pure.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from etl.gazetteer import Gazetteer
from etl.model import Place
from etl.text import Sentence, fold, trie_pattern

_WORD = re.compile(r"[^\W_]+")
_CAPWORD = re.compile(r"\b[A-Z][^\W_]*")

# Words right before a name that fix its level; the official titles also tell who speaks for the place.
_LEVEL_CUES: dict[str, str] = {
    "kota": "kota",
    "pemkot": "kota",
    "pemko": "kota",
    "walikota": "kota",
    "wawali": "kota",
    "kotamadya": "kota",
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "pemkab": "kabupaten",
    "bupati": "kabupaten",
    "wabup": "kabupaten",
    "provinsi": "provinsi",
    "prov": "provinsi",
    "propinsi": "provinsi",
    "pemprov": "provinsi",
    "gubernur": "provinsi",
    "wagub": "provinsi",
    "pemprop": "provinsi",
}
_OFFICIAL_CUES = frozenset({"walikota", "wawali", "bupati", "wabup", "gubernur", "wagub"})
# "Wali Kota X" / "Kabupaten Administrasi X": words that may sit between the level cue and the name.
_SKIP_BEFORE_NAME = frozenset({"administrasi", "adm"})
_KECAMATAN_CUES = frozenset({"kecamatan", "kec", "camat"})
# Strong cues for an unknown name ("Kabupaten Xyz"): only the level words themselves and Pemkot/Pemkab/Pemprov.
_UNRESOLVED_CUES = frozenset({"kota", "kabupaten", "kab", "provinsi", "pemkot", "pemkab", "pemprov", "pemko"})
# Capitalised words after "Kota"/"Kabupaten" that are slogans or programmes, not place names.
_NOT_NAMES = frozenset(
    """cerdas layak sehat lengkap tanpa kreatif pintar besar tua baru madya mandiri pusaka dunia hijau bersih
    administrasi dan yang di ke dari se seluruh lain setempat induk tersebut ini itu sendiri kami kita mereka
    dengan untuk pada atau serta sebagai menuju the city smart""".split()
)
# Single names that are also everyday words or first names: only places when a level cue says so.
_BARE_NEEDS_CUE = frozenset(
    """batu pati buru agam banjar lebak kudus metro tual puncak kuningan batang landak karo muna toba alor belu
    sigi ende dairi malaka bima lingga kaur lahat bone tebo asahan kota selatan utara barat timur tengah""".split()
)

# Heads that start an institution's name, by the institution type they imply (None: by the place's level).
_HEADS: dict[str, str | None] = {
    "dprd": "dprd",
    "komisi": None,
    "pansus": None,
    "fraksi": None,
    "bapemperda": "dprd",
    "banggar": "dprd",
    "setwan": "dprd",
    "universitas": "university",
    "univ": "university",
    "institut": "university",
    "politeknik": "university",
    "uin": "university",
    "iain": "university",
    "stia": "university",
    "ipdn": "university",
    "kpu": "other",
    "bawaslu": "other",
    "polres": "other",
    "polresta": "other",
    "kejari": "other",
    "pdam": "other",
    "bumd": "other",
    "pkk": "other",
    "kadin": "other",
    "pemerintah": None,
    "pemkot": None,
    "pemkab": None,
    "pemprov": None,
    "pemko": None,
    "badan": None,
    "dinas": None,
    "sekretariat": None,
    "setda": None,
    "kantor": None,
    "bagian": None,
    "biro": None,
    "inspektorat": None,
    "bappeda": None,
    "bapenda": None,
    "bappeko": None,
    "bpsdm": None,
    "bkpsdm": None,
    "bkpp": None,
    "bkd": None,
    "bpkad": None,
    "diskominfo": None,
    "kominfo": None,
    "disdukcapil": None,
    "dispendukcapil": None,
    "rsud": None,
    "balai": None,
    "lembaga": None,
    "mpp": None,
    "dpmptsp": None,
}
# "kampus Jatinangor", "IPDN Jatinangor": a campus is named by its kecamatan, which places it in its kabupaten.
_CAMPUS_CUES = frozenset({"kampus", *(w for w, t in _HEADS.items() if t == "university")})
_STUDENTS = frozenset({"praja", "mahasiswa", "mahasiswi", "dosen", "taruna", "siswa", "alumni"})
# Titles end the walk back from a name: "Kepala BPSDM Kabupaten Minahasa" -> institution "BPSDM Kabupaten Minahasa".
_TITLES = frozenset(
    """kepala kabid kabag kasubag kasubbag kadis kaban sekretaris ketua wakil anggota plt plh staf pejabat camat
    direktur asisten sekda sekdakot sekdakab jajaran rombongan peserta""".split()
)
_GOVERNMENT = {"kota": "pemkot", "kabupaten": "pemkab", "provinsi": "pemprov"}
_GOVERNMENT_NAME = {"kota": "Pemerintah Kota", "kabupaten": "Pemerintah Kabupaten", "provinsi": "Pemerintah Provinsi"}

# A dateline: "TERNATE -", "MANADO—", "Tangerang (ANTARA) -", "SURABAYA, OT -", "Surabaya, situs.co -".
_DATELINE = re.compile(
    r"^(?:[\w.]+\.(?:com|id|net|co)\s*,\s*)?"  # "Liputan6.com, Jakarta -"
    r"([A-Z][A-Za-z'.]+(?: [A-Z][A-Za-z'.]+){0,2})\s*(?:\([^)]{1,40}\)\s*)?(?:[,|]\s*[\w. ]{1,30}?\s*)?[-|:]"
)

# ---- direction cues, matched on folded text between a mention and its neighbouring mentions -----------------
_FILLER = (
    r"(?:(?:(?:dua|tiga|empat|lima|beberapa|sejumlah)\s+(?:daerah|kabupaten|kota|provinsi|negara|lokasi|tempat)|"
    r"kantor|balai|gedung|ruang\w*|aula|pendopo|kampus|pendapa|rumah dinas|rumdin|kompleks|komplek|markas|"
    r"wilayah|daerah|kawasan|pusat|direktorat|dinas|badan|biro|sekretariat|bagian|mal|mall|desa|kelurahan|kampung|"
    r"dusun|nagari|gampong)\b[^.;]{0,40}?\s+)?"
)
_VISIT_NOUNS = (
    r"kunjungan(?: kerja| studi| belajar| dinas| lapangan| resmi| balasan)?|kunker|studi banding|study banding|"
    r"studi tiru|study tiru|studi lapangan|benchmarking|bencmarking|benchmark|lawatan|audiensi|silaturahmi|"
    r"silaturahim|visitasi|studi komparasi|study tour|magang|bimtek|praktik lapangan|praktek lapangan|"
    r"kuliah lapangan|kuliah kerja lapangan"
)
# Words that may stand between "rombongan"/"kunjungan kerja" and the visitor's name ("rombongan 40 pegawai dari").
_VISITOR_GAP = (
    r"(?:kerja|studi|banding|study|tiru|resmi|dinas|lapangan|balasan|belajar|anggota|para|pejabat|sejumlah|puluhan|"
    r"belasan|ratusan|tim|pimpinan|jajaran|peserta|pegawai|asn|pertama|kedua|ketiga|sebanyak|\d+|orang|rombongan|"
    r"delegasi|yang|berasal|dari|asal|sekaligus|yakni|yaitu|spesifik|khusus|dua|tiga|adalah|ialah|merupakan|"
    r"berikutnya|terakhir|lain|lainnya|lagi|juga)\b"
)
_MOTION = (
    "kunj", "kunker", "studi", "study", "bench", "bencm", "berkunjung", "bertandang", "bertolak", "berangkat",
    "datang", "tiba", "hadir", "belajar", "berguru", "menimba", "mengunjungi", "mendatangi", "menyambangi",
    "menyambagi", "menemui", "melawat", "terbang", "lawatan", "audiensi", "silatur", "visitasi", "magang", "bimtek",
    "praktik", "praktek", "kuliah", "konsultasi",
)  # fmt: skip
# What a host receives ("menerima kunjungan/rombongan/Bupati X", "menyambut hangat kedatangan ..."), as opposed to
# "menyambut pengesahan perda", "menerima penghargaan": the words after menerima/menyambut must name visitors
# (or the window ends at the next place, "menerima DPRD Kota Bitung").
_RECEIVED = (
    r"(?=(?:\s+(?:hangat|baik|langsung|secara|dengan|antusias|gembira|ramah|resmi|kembali|pula|juga|sekaligus|"
    r"dua|tiga|empat|lima|sejumlah|sebanyak|sekitar|belasan|puluhan|ratusan|\d+|para|ke))*(?:\s*$|\s+(?:kunjungan|"
    r"kunker|kedatangan|orang|asisten|plt|plh|sekjen|duta|dubes|konsul|perangkat|kabid|kadis|kaban|kabag|rektor|dosen|"
    r"rombongan|delegasi|tamu|tim|stud[iy]|benchmarking|audiensi|silatura\w*|peserta|praja|mahasiswa|anggota|pimpinan|"
    r"jajaran|pejabat|bupati|wabup|wali|walikota|wawali|wakil|gubernur|wagub|ketua|sekda|sekretaris|kepala|camat|"
    r"kades|lurah|pemerintah|pemkot|pemkab|pemprov|pemko|dprd|komisi|pansus|fraksi|badan|dinas|menteri|dirjen|"
    r"direktur|deputi|staf|asn|pegawai|perwakilan|utusan|kontingen)\b))"
)


class Cue(NamedTuple):
    """A wording cue: its regex, its weight, words one of which must be in the window, and how far it reaches."""

    rx: re.Pattern[str]
    weight: float
    needs: re.Pattern[str]  # a plain alternation of words: a cheap test before the real regex
    reach: int
    at: bool  # the regex has a group "at": the cue's distance to the mention is measured from there


def _cues(*specs: tuple[str, float, tuple[str, ...], int]) -> tuple[Cue, ...]:
    out = []
    for p, w, n, r in specs:
        rx = re.compile(p)
        out.append(Cue(rx, w, re.compile(trie_pattern(n)), r, "at" in rx.groupindex))
    return tuple(out)


# Before a mention: regexes end at the mention ($); after it: they start at the mention (^).
_HOST_BEFORE = _cues(
    (
        rf"\b(?:berkunjung|bertandang|bertolak|berangkat|datang|tiba|hadir|belajar|berguru|menimba?h? ilmu|"
        rf"{_VISIT_NOUNS}|mengunjungi|mendatangi|menyambangi|menyambagi|menemui|melawat|terbang|(?:ber)?konsultasi|"
        rf"bergeser|bergerak|melanjutkan|perjalanan|meninjau|bertamu|singgah|menginap)\b"
        rf"[^.;]{{0,40}}?(?<!selamat datang )\b(?:ke|di|menuju)\s+{_FILLER}$",
        3.0, (*_MOTION, "bergeser", "bergerak", "melanjutkan", "perjalanan", "meninjau", "bertamu", "singgah",
              "menginap"), 130,
    ),
    # A tour's stops: "Setelah dari Kota Malang, rombongan bertolak ke ..." names the stop before, "hari kedua ...
    # di Kota Batu" the next one (a bare "di" is too common to say so on its own).
    (rf"\b(?:setelah|usai|seusai|sesudah|selepas|selesai)\s+(?:dari|di|mengunjungi|berkunjung ke)\s+{_FILLER}$",
     3.0, ("setelah", "usai", "sesudah", "selepas", "selesai"), 80),
    (
        rf"\b(?:hari (?:pertama|kedua|ketiga|keempat|kelima|terakhir|berikutnya|selanjutnya)|keesokan harinya|"
        rf"esok harinya)\b[^.;]{{0,60}}?\b(?:di|ke|menuju)\s+{_FILLER}$",
        3.0, ("hari pertama", "hari kedua", "hari ketiga", "hari keempat", "hari kelima", "hari terakhir",
              "hari berikutnya", "hari selanjutnya", "harinya"), 130,
    ),
    # "belajar penataan pasar dari Pemkot Blitar": what they learnt may stand between the verb and the host, so
    # the cue's distance is measured from "dari"
    (
        rf"\b(?:mengunjungi|mendatangi|menyambangi|menyambagi|menemui|bertemu|pertemuan dengan|audiensi dengan|"
        rf"kunjungi|sambangi|datangi|tinjau|"
        rf"menimba?h? ilmu|(?:belajar|menimba?h? ilmu|berguru|mencontoh|meniru)\b"
        rf"(?:(?!\b(?:ke|berasal|asal|datang|tiba|rombongan|peserta)\b)[^.;]){{1,50}}?\b(?P<at>dari|kepada|pada)|"
        rf"meniru|mencontoh|berguru)\s+{_FILLER}$",
        3.0,
        ("mengunjungi", "mendatangi", "menyambangi", "menyambagi", "menemui", "bertemu", "pertemuan", "audiensi",
         "menimba", "belajar", "meniru", "mencontoh", "berguru", "kunjungi", "sambangi", "datangi", "tinjau"),
        110,
    ),
    # "rombongan bertemu pejabat Direktorat Jenderal Tanaman Pangan di kantor Kementerian Pertanian": a second
    # host of a tour is often named only where the delegation met its officials
    (rf"\bbertemu\b[^.;]{{0,60}}?\bdi\s+{_FILLER}$", 3.0, ("bertemu",), 130),
    (r"\b(?<!akan )(?<!yang )(?<!bisa )(?<!dapat )(?:diterima|disambut)\b[^.;]{0,70}$", 3.0, ("diterima", "disambut"), 90),
    (rf"\bke\s+{_FILLER}$", 2.0, ("ke ",), 60),
    (r"\bselamat datang di\s+$", 3.0, ("selamat datang",), 25),
    (r"\b(?:sambutan|tuan rumah|memilih|pemilihan|dipilihnya|terpilihnya)\s+$", 1.5,
     ("sambutan", "tuan rumah", "memilih", "pemilihan", "dipilihnya", "terpilihnya"), 20),
    (
        r"\b(?:seperti|sebagaimana|keberhasilan|inovasi|capaian|prestasi)\s+(?:yang (?:dilakukan|diterapkan) )?$",
        1.0, ("seperti", "sebagaimana", "keberhasilan", "inovasi", "capaian", "prestasi"), 40,
    ),
    (rf"\bdi\s+{_FILLER}$", 1.0, ("di ",), 60),
)  # fmt: skip
_HOST_AFTER = _cues(
    (
        rf"^[^.;]{{0,50}}?\b(?:(?:menerima|terima|menyambut|sambut){_RECEIVED}|mendapat(?:kan)? kunjungan|kedatangan|"
        rf"dikunjungi|didatangi|kebanjiran)\b",
        3.0, ("erima", "ambut", "mendapat", "kedatangan", "dikunjungi", "didatangi", "kebanjiran"), 70,
    ),
    (
        r"^[^.;]{0,15}?\b(?:menjadi|jadi|dijadikan|sebagai|merupakan)\s+(?:tujuan|jujugan|lokasi|lokus|tempat|"
        r"destinasi|rujukan|percontohan|contoh|role model|best practi\w*|kiblat|tuan rumah|referensi)\b",
        2.5, ("jadi", "sebagai", "merupakan"), 50,
    ),
    (r"^[^.;]{0,30}?\b(?:berhasil|sukses|dinilai|dikenal|terkenal|terbaik)\b", 0.5,
     ("berhasil", "sukses", "dinilai", "dikenal", "terkenal", "terbaik"), 45),
)  # fmt: skip
_VISITOR_BEFORE = _cues(
    (
        rf"\b(?:rombongan|delegasi|tamu|kontingen|{_VISIT_NOUNS}|kedatangan)\b(?:\s+{_VISITOR_GAP}){{0,4}}\s*"
        rf"(?:,\s*)?(?:dari|asal)?\s*$",
        3.0, ("rombongan", "delegasi", "tamu", "kontingen", "kedatangan", *_MOTION), 90,
    ),
    (r"\bselamat datang (?:kepada|bagi|untuk)\s+$", 3.0, ("selamat datang",), 30),
    (rf"\b(?:(?:menerima|menyambut){_RECEIVED}|menjamu|didatangi|dikunjungi|disambangi)\b[^.;]{{0,40}}$", 2.0,
     ("menerima", "menyambut", "menjamu", "didatangi", "dikunjungi", "disambangi"), 55),
    (
        r"\b(?:peserta|angkatan|diklat ?pim|diklatpim|pelatihan kepemimpinan|diklat kepemimpinan|pkp|pka|pkn|"
        r"latsar|pelatihan dasar|praja|mahasiswa)\b[^.;]{0,40}$",
        1.5, ("peserta", "angkatan", "diklat", "pelatihan", "pkp", "pka", "pkn", "latsar", "praja", "mahasiswa"), 65,
    ),
    (r"\b(?:asal|utusan)\s+$", 2.0, ("asal", "utusan"), 10),
    # "Rombongan dipimpin Sekda Sangihe": who leads the delegation belongs to it
    (r"\b(?:rombongan|delegasi|tim)\b[^.;]{0,30}\b(?:dipimpin|diketuai)\b[^.;]{0,40}$", 2.0,
     ("dipimpin", "diketuai"), 90),
    (r"\bdari\s+$", 0.5, ("dari",), 8),
)  # fmt: skip
_VISITOR_AFTER = _cues(
    (
        rf"^[^.;]{{0,50}}?\b(?:memboyong|boyong|memimpin rombongan|pimpin rombongan|membawa rombongan|"
        rf"(?:melakukan|melaksanakan|menggelar|mengadakan|lakukan|gelar|mengikuti) (?:kegiatan )?(?:{_VISIT_NOUNS})|"
        rf"berkunjung|bertandang|(?:ber)?konsultasi\b[^.;,]{{0,30}}?\bke|"
        rf"mengunjungi|mendatangi|menyambangi|menyambagi|kunjungi|sambangi|datangi|menimba?h? ilmu|belajar ke|"
        rf"belajar di|berguru|"
        rf"(?:beserta|bersama|dan|berserta) rombongan|rombongannya|bertolak|terbang|ikut (?:dalam )?rombongan|"
        rf"(?:{_VISIT_NOUNS})\b[^.;,]{{0,30}}?\bke)\b",
        3.0, ("boyong", "rombongan", "lakukan", "laksanakan", "gelar", "adakan", "mengikuti", "konsultasi", "berkunjung",
              "bertandang",
              "mengunjungi", "mendatangi", "menyambangi", "menyambagi", "kunjungi", "sambangi", "datangi", "menimba",
              "belajar", "berguru",
              "bertolak", "terbang", " ke"), 90,
    ),
    (
        r"^[^.;]{0,40}?\b(?:datang|tiba|hadir|diterima|disambut|berterima kasih|mengucapkan terima kasih|"
        r"terkesan|belajar)\b",
        1.5, ("datang", "tiba", "hadir", "diterima", "disambut", "terima kasih", "terkesan", "belajar"), 55,
    ),
)  # fmt: skip
# Pupils, companies and clubs also "studi banding"; they are not governments learning from each other.
_NOT_GOVERNMENT = re.compile(
    r"\b(?:osis|sma|smp|sd|smk|sman|smpn|sdn|smkn|man|mts|siswa|pelajar|sekolah|madrasah|pesantren|santri|"
    r"karang taruna|komunitas|pt|cv|klub|persatuan|ikatan|paguyuban|kelompok tani|gapoktan|koperasi|yayasan|"
    r"perusahaan|hotel|bank|ormas|partai|warga|masyarakat|penduduk)\b(?:\s+[\w-]+){0,3}\s*$"
)
_OBJECT_OF = re.compile(r"\b(?:di|ke|dari|kepada|dengan|oleh|untuk|bagi|pada|seperti|antara|selama|tentang|menuju)\s+$")
# "Puluhan kepala desa dari X melakukan studi banding": X is where the people come from, and the verb is theirs.
_PEOPLE_FROM = re.compile(
    r"\b(?:kepala desa|kades|perangkat desa|lurah|camat|pejabat|pegawai|asn|staf|anggota|aparatur|peserta|pengurus|"
    r"praja|mahasiswa|dosen)"
    r"(?:\s+[\w-]+){0,2}\s+dari\s+$"
)
_COUNTED = re.compile(r"\b(?:dua|tiga|empat|lima|beberapa|sejumlah)\s+(?:daerah|kabupaten|kota|provinsi|negara)\b")
# "ke dua kabupaten di Jawa Timur": the province only locates the stops counted before it; it is not one of them.
_LOCATES_STOPS = re.compile(
    r"\b(?:dua|tiga|empat|lima|beberapa|sejumlah)\s+(?:daerah|kabupaten|kota|kabupaten/kota|kota/kabupaten|pemda)"
    r"(?:\s+[\w-]+){0,2}?\s+(?:di|se|dari)\s*$"
)
LEAD_SENTENCES = 4  # the title, dateline and first paragraph say who went where most plainly
LEAD_WEIGHT = 1.5
MAX_SCORED = 8  # mentions of one place scored in the body (title and lede always are); keeps long articles cheap
NEAR_TIE = 12  # characters: two cues this close to a mention are one phrase
DATELINE_HOST = 0.5  # an outlet's dateline is where it reports from: the host more often than not, but weakly
MIN_SIDE_SCORE = 1.0
EXTRA_ORIGIN_SCORE = 1.5  # a second delegation needs its own clear wording, not just "dari X"
EXTRA_HOST_SCORE = 3.0  # a second host ("lalu ke Banjarmasin") needs as much, and a share of the first's evidence
EXTRA_HOST_SHARE = 0.4
DATELINE_ORIGIN_SCORE = 3.0
FALLBACK_HOST_SCORE = 3.0  # only a clearly named host lets the lede's subject stand in for an unnamed visitor


class Mention(NamedTuple):
    """One place named in one sentence.

    keys: gazetteer entry keys it may mean (two for a bare namesake, none when unresolved).
    level: the level a cue fixed ("kota" for "Pemkot Bogor"), else None.
    institution/institution_type: the body named with it ("DPRD Kabupaten Sleman", "dprd"), if any.
    kind: core / alias / seat / kecamatan / fuzzy / national / foreign / unresolved / dateline.
    """

    sent: int
    start: int
    end: int
    text: str
    name: str
    keys: tuple[str, ...]
    level: str | None = None
    institution: str | None = None
    institution_type: str | None = None
    official: bool = False
    kind: str = "core"
    context: bool = False  # a province written only to locate the place before it ("Minahasa, Sulawesi Utara")


@dataclass
class Side:
    """A place's evidence as visitor and as host across the article."""

    key: str
    place: Place
    visitor: float = 0.0
    host: float = 0.0
    mentions: list[Mention] = field(default_factory=list)
    visitor_cues: list[tuple[float, int]] = field(default_factory=list)  # (weight, sentence index)
    host_cues: list[tuple[float, int]] = field(default_factory=list)
    ambiguous: bool = False
    fuzzy: bool = False

    @property
    def has_institution(self) -> bool:
        """Whether some mention names it with a level word, an official or a body (not just a bare name)."""
        return any(m.level or m.institution or m.kind in ("national", "foreign", "alias") for m in self.mentions)


@dataclass(frozen=True)
class Party:
    """One side of a visit as decided: the place, its institution and how sure we are."""

    place: Place
    institution: str | None
    institution_type: str
    score: float
    sentences: tuple[int, ...]
    evidence: str | None
    how: str  # cue / dateline / fallback


@dataclass(frozen=True)
class Direction:
    """Who visited whom: the host and one or more visiting delegations, or a note saying why not."""

    host: Party | None
    origins: tuple[Party, ...]
    note: str | None = None
    extra_hosts: tuple[Party, ...] = ()  # further hosts of a single delegation's tour
    own_hosts: tuple[Party | None, ...] = ()  # per origin, a host of its own (None: the main host)

    def pairs(self) -> list[tuple[Party, Party]]:
        """(origin, host) of every visit: each delegation to its host, then the one delegation to further hosts."""
        if self.host is None:
            return []
        own = self.own_hosts or (None,) * len(self.origins)
        return [(o, h or self.host) for o, h in zip(self.origins, own, strict=True)] + [
            (self.origins[0], h) for h in self.extra_hosts
        ]


def _fold_word(w: str) -> str:
    return w.lower() if w.isascii() else fold(w)


def find_mentions(sents: Sequence[Sentence], gz: Gazetteer) -> list[Mention]:
    """Every place mention in the sentences, in order, with level and institution read from the words around it.

    >>> from etl.gazetteer import load_gazetteer
    >>> from etl.text import sentences
    >>> [m.name for m in find_mentions(sentences("Rombongan Pemkab Sleman tiba di Kota Pahlawan."), load_gazetteer())]
    ['Sleman', 'Kota Pahlawan']
    """
    # One scan over the whole article (sentences joined by newlines) costs far less than one per sentence.
    starts: list[int] = []
    pos = 0
    for s in sents:
        starts.append(pos)
        pos += len(s.text) + 1
    joined = "\n".join(s.text for s in sents)
    out = []
    for m in _sentence_mentions(joined, starts, gz):
        k = bisect_right(starts, m.start) - 1
        off = starts[k]
        out.append(Mention(k, m.start - off, m.end - off, *m[3:]))  # _replace costs ~3 us a call
    dl = _dateline(sents, gz)
    if dl is not None and not any(m.sent == dl.sent and m.start == dl.start for m in out):
        out.insert(0, dl)
    elif dl is not None:
        out = [replace_kind(m, "dateline") if m.sent == dl.sent and m.start == dl.start else m for m in out]
    return out


def replace_kind(m: Mention, kind: str) -> Mention:
    """The same mention with another kind."""
    return m._replace(kind=kind)


def replace_context(m: Mention) -> Mention:
    """The same mention marked as mere context."""
    return m._replace(context=True)


def _dateline(sents: Sequence[Sentence], gz: Gazetteer) -> Mention | None:
    for k, s in enumerate(sents[:4]):
        m = _DATELINE.match(s.text)
        if not m:
            continue
        keys = gz.keys_for(m.group(1))
        keys = tuple(x for x in keys if gz.entries[x].level != "provinsi") or keys
        if keys and gz.entries[keys[0]].level not in ("national",):
            return Mention(k, m.start(1), m.end(1), m.group(1), m.group(1), keys, kind="dateline")
    return None


def _sentence_mentions(text: str, starts: list[int], gz: Gazetteer) -> list[Mention]:
    # Only capitalised words can start a name, so only they are looked up (a fifth of the words in news text);
    # the words before a hit are tokenised only for the hits.
    out: list[Mention] = []
    single, multi, multi_first, longest_of = gz.single, gz.multi, gz.multi_first, gz.longest
    done = 0
    for m in _CAPWORD.finditer(text):
        start = m.start()
        if start < done:
            continue
        w = m.group()
        lw = w.lower()
        longest = longest_of.get(lw)
        if longest is None and not w.isascii():
            lw = fold(w)
            longest = longest_of.get(lw)
        if longest is not None:
            names = [(start, m.end(), w)]
            if longest > 1:
                for nxt in _WORD.finditer(text, m.end()):
                    if len(names) >= longest or text[names[-1][1] : nxt.start()].strip(" -/"):
                        break
                    names.append((nxt.start(), nxt.end(), nxt.group()))
            low_names = [_fold_word(x[2]) for x in names]
            phrases = single.get(lw, ())
            if len(low_names) > 1 and lw in multi_first:
                phrases = multi.get((lw, low_names[1]), []) + list(phrases)
            for ph in phrases:
                size = len(ph.tokens)
                if size > 2 and tuple(low_names[:size]) != ph.tokens:
                    continue
                if ph.exact is not None and tuple(x[2] for x in names[:size]) != ph.exact:
                    continue
                mention = _mention_at(text, starts, names[:size], ph.keys, ph.kind, gz, done)
                if mention is not None:
                    out.append(mention)
                    done = mention.end
                break
            continue
        if not text[max(0, start - 11) : start].lower().endswith(_CUE_ENDINGS):
            continue
        prev = _previous_word(text, start)
        if prev in _KECAMATAN_CUES:
            regencies = gz.districts.get(lw, ())
            if len(regencies) == 1:
                begin = start - len(prev) - 1 - (text[start - 2] == ".")
                out.append(Mention(-1, begin, m.end(), text[begin : m.end()], w, regencies, kind="kecamatan"))
                done = m.end()
        elif prev in _CAMPUS_CUES:
            regencies = gz.districts.get(lw, ())
            if len(regencies) == 1:
                out.append(_campus_mention(text, starts, start, m.end(), prev, regencies, done))
                done = m.end()
        elif (
            prev in _UNRESOLVED_CUES
            and lw not in _LEVEL_CUES
            and lw not in _NOT_NAMES
            and text[start - 1] == " "
            and start - len(prev) - 1 >= done  # "Bupati Lima Puluh Kota Hendra": the cue ends the last place
            and "balai kota" not in text[max(0, start - 12) : start].lower()  # "Balai Kota Among Tani" is a building
        ):
            typo = gz.fuzzy(w, _LEVEL_CUES[prev])
            keys = () if typo is None else (typo.code or "",)
            kind = "fuzzy" if keys else "unresolved"
            if not keys and prev == "kota" and _previous_word(text, start - len(prev) - 1) in ("wali", "wawali"):
                continue  # "Wali Kota Taufik Rahman": the mayor's own name, not an unknown city
            mention = _mention_at(text, starts, [(start, m.end(), w)], keys, kind, gz, done)
            if mention is not None:
                out.append(mention)
                done = mention.end
    _mark_context(out, gz, text)
    return out


_CUE_ENDINGS = tuple(f"{w} " for w in (*_KECAMATAN_CUES, *_UNRESOLVED_CUES, *_CAMPUS_CUES)) + ("kab. ", "kec. ")


def _campus_mention(text: str, starts: list[int], start: int, end: int, cue: str, keys, done: int) -> Mention:
    """ "Institut Pemerintahan Dalam Negeri (IPDN) dari kampus Jatinangor", "IPDN Jatinangor": the university with
    the kecamatan of its campus (keys: that kecamatan's kabupaten). The mention spans the university's name, so
    the verb after it is the university's ("praja ... dari kampus Jatinangor mengikuti praktik lapangan di X")."""
    cue_start = start - len(cue) - 1
    floor = max(starts[bisect_right(starts, start) - 1], done, cue_start - 80)
    words = [(x.start(), x.end(), x.group()) for x in _WORD.finditer(text, floor, start)]  # the cue word last
    right = start - 1  # where the name walked back over must reach: the cue word itself is the name's last word
    if cue == "kampus" and words:
        words.pop()
        right = cue_start
        if words and words[-1][2].lower() in ("dari", "di") and not text[words[-1][1] : cue_start].strip():
            right = words.pop()[0]
    gap_end = right  # "(IPDN) dari kampus": the name ends before "dari"
    first = last = None
    for ws, we, w in reversed(words[-9:]):
        own_cue = cue != "kampus" and last is None
        if not own_cue and (
            text[we:right].strip(" ()")
            or not (w[:1].isupper() or w.isdigit())
            or w.lower() in _TITLES
            or w.lower() in _STUDENTS
        ):
            break
        first, last, right = ws, last or we, ws
    name = text[start:end]
    if first is None or last is None:
        return Mention(-1, cue_start, end, text[cue_start:end], name, keys, kind="kecamatan")
    institution = f"{text[first:gap_end].strip()} {text[cue_start:end]}" if cue == "kampus" else text[first:end]
    return Mention(-1, first, end, text[first:end], name, keys, None, institution, "university", False, "kecamatan")


def _previous_word(text: str, start: int) -> str:
    """The folded word right before position start ("Kab." -> "kab"), or '' at a sentence start."""
    j = start - 1
    if j <= 0 or text[j] != " ":
        return ""
    q = text.rfind(" ", 0, j) + 1
    return text[q:j].rstrip(".").lower()


def _mention_at(text: str, starts: list[int], names, keys, kind: str, gz: Gazetteer, done: int = 0) -> Mention | None:
    start, end = names[0][0], names[-1][1]
    j = start - 1
    if j > 0 and text[j] == " ":
        # Fast path, most mentions: after a lower-case word ("ke", "di", "dari") there is no level word,
        # official or institution to read, so the words before need no tokenising.
        prev = text[text.rfind(" ", 0, j) + 1 : j]
        if prev.isalpha() and prev.islower() and prev not in _LEVEL_CUES and prev not in _SKIP_BEFORE_NAME:
            first = names[0][2]
            if kind not in ("national", "foreign") and not (kind == "alias" and first[:1].isupper()):
                if not first[:1].isupper() or (len(names) == 1 and first.lower() in _BARE_NEEDS_CUE):
                    return None
            name = text[start:end]
            return Mention(-1, start, end, name, name, tuple(keys), kind=kind)
    # Look back within the sentence and never into the previous mention ("DPRD Kabupaten Pati dan Pemkot Tegal").
    sentence_start = max(starts[bisect_right(starts, names[0][0]) - 1], done)
    base = max(sentence_start, names[0][0] - 60)
    before = [(x.start(), x.end(), x.group()) for x in _WORD.finditer(text, base, names[0][0])]
    if base > sentence_start and before:
        before = before[1:]  # the first may be cut in half
    words = before + list(names)
    low = [x[2].lower() for x in words]
    return _make_mention(text, -1, words, low, len(before), len(names), keys, kind, gz)


def _make_mention(text, k, words, low, i, size, keys, kind, gz: Gazetteer) -> Mention | None:
    first = words[i][2]
    # Level cue: the word before the name, skipping "Administrasi"; DPRD before the level word marks a parliament.
    j = i - 1
    while j >= 0 and low[j] in _SKIP_BEFORE_NAME:
        j -= 1
    cue = low[j] if j >= 0 else ""
    level = _LEVEL_CUES.get(cue)
    official = cue in _OFFICIAL_CUES or (cue == "kota" and j >= 1 and low[j - 1] in ("wali", "wawali", "walikota"))
    if cue == "kota" and j >= 1 and low[j - 1] == "wakil":
        official = True
    if kind in ("national", "foreign") or (kind == "alias" and first[:1].isupper()):
        level = None if kind in ("national", "foreign") else level
    elif not first[:1].isupper():
        return None  # "kebijakan di surabaya": a lower-case bare word is not a confident name
    elif level is None and size == 1 and low[i] in _BARE_NEEDS_CUE and cue != "dprd":
        return None
    if level and keys:
        narrowed = tuple(x for x in keys if gz.entries[x].level == level)
        if narrowed:
            keys = narrowed
        elif kind == "seat":
            pass
        elif level in ("kota", "kabupaten") and all(gz.entries[x].level == "provinsi" for x in keys):
            # "Kota Jambi" when only the province matched would be odd; "Kabupaten Banten" does not exist.
            return None
    elif len(keys) > 1 and i >= 1:
        keys = _by_district(text, words, low, i, keys, gz)
    start = words[j][0] if (level or cue in _LEVEL_CUES) and j >= 0 else words[i][0]
    if official and j >= 1 and low[j - 1] in ("wali", "wakil", "wawali"):
        start = words[j - 1][0]
        if j >= 2 and low[j - 2] == "wakil":
            start = words[j - 2][0]
    end = words[i + size - 1][1]
    inst_start, inst_type, head = _institution_start(text, words, low, j if level else i)
    if inst_start is not None:
        start = min(start, inst_start)
    name = text[words[i][0] : end]
    institution = _balanced(text[inst_start:end]) if inst_start is not None else None
    if institution is None and cue == "dprd":
        institution, inst_type = text[words[j][0] : end], "dprd"
        start = min(start, words[j][0])
    return Mention(k, start, end, text[start:end], name, tuple(keys), level, institution, inst_type, official, kind)


def _balanced(institution: str) -> str:
    """An institution that starts inside parentheses keeps its short name without the closing one.

    >>> _balanced("Bapemperda) DPRD Kota Jayapura")
    'Bapemperda DPRD Kota Jayapura'
    >>> _balanced("Komisi A (Bidang Pemerintahan) DPRD Kabupaten Sleman")
    'Komisi A (Bidang Pemerintahan) DPRD Kabupaten Sleman'
    """
    if institution.count(")") <= institution.count("("):
        return institution
    head, _, rest = institution.partition(")")
    return " ".join(f"{head} {rest}".split())


def _by_district(text: str, words, low, i: int, keys: tuple[str, ...], gz: Gazetteer) -> tuple[str, ...]:
    """A kecamatan written before a bare namesake settles it: "Kampus Dramaga, Bogor" is Kabupaten Bogor."""
    for size in (1, 2):
        if i - size < 0 or text[words[i - 1][1] : words[i][0]].strip(" ,"):
            continue
        name = " ".join(low[i - size : i])
        hits = [k for k in keys if k in gz.districts.get(name, ())]
        if len(hits) == 1:
            return (hits[0],)
    return keys


def _institution_start(text: str, words, low, j: int) -> tuple[int | None, str | None, str | None]:
    """Walk back over the capitalised words before position j to the leftmost institution head."""
    best: tuple[int | None, str | None, str | None] = (None, None, None)
    if 0 <= j < len(low) and low[j] in _HEADS and low[j] in _LEVEL_CUES:  # "Pemkab Sleman" names a body itself
        best = (words[j][0], _HEADS[low[j]], low[j])
    has_dprd = False
    for t in range(j - 1, max(j - 9, -1), -1):
        w, lw = words[t][2], low[t]
        if lw in _TITLES or text[words[t][1] : words[t + 1][0]].strip(" ()"):
            break
        if not (w[:1].isupper() or lw in ("dan", "tingkat", "angkatan") or w.isdigit()):
            break
        if lw == "dprd":
            has_dprd = True
        if lw in _HEADS:
            best = (words[t][0], _HEADS[lw], lw)
    if j >= 0 and j < len(low) and low[j] == "dprd":
        has_dprd = True
    if has_dprd and best[0] is not None:
        return best[0], "dprd", best[2]
    return best


def _mark_context(out: list[Mention], gz: Gazetteer, text: str) -> None:
    """A province written right after a regency in it ("Kabupaten Minahasa, Sulawesi Utara") only locates it."""
    for a, b in zip(out, out[1:], strict=False):
        if not b.keys:
            continue
        eb = gz.entries[b.keys[0]]
        if eb.level == "foreign" and len(text[a.end : b.start]) <= 3 and not text[a.end : b.start].strip(" ,"):
            ea = gz.entries[a.keys[0]] if a.keys else None
            if ea is None or (ea.level == "foreign" and ea.seat == eb.seat and ea.key != eb.key):
                out[out.index(b)] = replace_context(b)
                if ea is None:  # "Kota Davao, Filipina": an unknown city, but surely a foreign one
                    out[out.index(a)] = a._replace(kind="unresolved_foreign")
            continue
        if not a.keys:
            continue
        ea = gz.entries[a.keys[0]]
        if ea.level == "national" and eb.province == ea.province and not text[a.end : b.start].strip(" ,di"):
            out[out.index(b)] = replace_context(b)  # "Kementerian Keuangan, di Jakarta": the ministry's seat
            continue
        if eb.level != "provinsi" or b.institution:
            continue
        gap = text[a.end : b.start]
        if len(gap) <= 3 and gap.strip(" ,") == "" and any(gz.entries[x].province == eb.province for x in a.keys):
            out[out.index(b)] = replace_context(b)


# ---- direction ------------------------------------------------------------------------------------------------
def _closest(window: str, host_patterns, visitor_patterns, before: bool) -> tuple[float, float]:
    """(host, visitor) weight of the cue nearest the mention; a nearer cue overrides a farther one.

    "rombongan diterima Sekda Banyuwangi": "diterima" is nearer than "rombongan", so Banyuwangi is the host.
    """
    found: list[tuple[int, float]] = []  # per role: (nearest distance, strongest weight)
    for patterns in (host_patterns, visitor_patterns):
        near, weight = 1 << 30, 0.0
        for cue in patterns:
            part = window[-cue.reach :] if before else window[: cue.reach]
            if cue.needs.search(part) is None:
                continue
            m = cue.rx.search(part)
            if m is not None:
                at = m.start("at") if cue.at else -1
                at = m.start() if at < 0 else at
                near = min(near, len(part) - at if before else m.end())
                weight = max(weight, cue.weight)
        found.append((near, weight))
    (hd, hw), (vd, vw) = found
    if hw and vw:
        if abs(hd - vd) <= NEAR_TIE and hw != vw:  # "belajar dari X": the longer, stronger cue wins over "dari"
            return (hw, 0.0) if hw > vw else (0.0, vw)
        return (hw, 0.0) if hd <= vd else (0.0, vw)
    return hw, vw


def _entity_key(m: Mention) -> str:
    return m.keys[0] if len(m.keys) == 1 else "?" + fold(m.text if not m.keys else m.name)


def resolve_namesakes(mentions: Sequence[Mention], gz: Gazetteer) -> list[Mention]:
    """Decide bare namesakes from the article: a bare "Tangerang" near "Kota Tangerang" is the city.

    Without any level word in the article, a bare namesake is read as the city (the usual host and the
    usual short form), and marked ambiguous by keeping both keys out of the decision.
    """
    # Any mention that settles one of the namesakes counts: "Kota Tangerang", "Singaparna" (a seat), a kecamatan.
    settled: list[tuple[int, str]] = [(m.sent, m.keys[0]) for m in mentions if len(m.keys) == 1]
    out = []
    for m in mentions:
        if len(m.keys) > 1 and m.institution_type == "dprd" and m.level is None:
            # "DPRD Jambi" is the province's parliament (the city's is "DPRD Kota Jambi"), unless the article names
            # a namesake in full ("Kota Bengkulu ... Ketua DPRD Bengkulu"); an outlet's dateline does not count.
            full = [x.keys[0] for x in mentions if len(x.keys) == 1 and x.kind != "dateline"]
            own = [k for k in m.keys if k in full]
            provinces = [k for k in m.keys if gz.entries[k].level == "provinsi"]
            if own or provinces:
                m = m._replace(keys=(own or provinces)[:1])
        if len(m.keys) > 1:
            seen = [(s, key) for s, key in settled if key in m.keys]
            before = [key for s, key in seen if s <= m.sent]
            choice = before[-1] if before else (seen[0][1] if seen else None)
            if choice is None:
                cities = [x for x in m.keys if gz.entries[x].level == "kota"]
                choice = cities[0] if cities else None
            if choice is not None:
                m = m._replace(keys=(choice,), kind=m.kind if seen else "ambiguous")
        out.append(m)
    return out


_JOIN = re.compile(r"^[\s,]*(?:dan|serta|maupun|beserta|juga)?[\s,]*$")


def _joined(text: str, prev: Mention, m: Mention, all_ms: Sequence[Mention], listed: bool = False) -> bool:
    """Whether only a conjunction (and context like a province) stands between two mentions.

    A bare comma joins them only in a counted list ("ke tiga daerah, Kota Malang, Kota Batu dan Kabupaten Sleman"):
    elsewhere it as often ends a clause.
    """
    gap = text[prev.end : m.start]
    for c in all_ms:
        if c.context and prev.end <= c.start and c.end <= m.start:
            gap = gap.replace(text[c.start : c.end], "")
    return bool(_JOIN.match(gap)) and (bool(gap.strip(" ,")) or (listed and gap.strip() == ","))


_RANGE_GAP = re.compile(r"^\s*,?\s*(?:sampai|hingga|sampai ke|hingga ke)\s*$")


def _in_range(low: str, ms: Sequence[Mention], idx: int) -> bool:
    """Whether a mention is one end of "dari X sampai Y"."""
    if idx + 1 < len(ms) and _RANGE_GAP.match(low[ms[idx].end : ms[idx + 1].start]):
        return True
    return idx > 0 and bool(_RANGE_GAP.match(low[ms[idx - 1].end : ms[idx].start]))


def _side(sides: dict[str, Side], m: Mention, gz: Gazetteer) -> Side:
    key = _entity_key(m)
    side = sides.get(key)
    if side is None:
        place = (
            gz.place(key, m.text)
            if not key.startswith("?")
            else Place(
                None,
                "foreign" if m.kind == "unresolved_foreign" else "unknown",
                resolved_by="unresolved",
                mention=m.text,
            )  # fmt: skip
        )
        side = sides[key] = Side(key, place, ambiguous=m.kind == "ambiguous", fuzzy=m.kind == "fuzzy")
    return side


def lede_paragraph(sents: Sequence[Sentence]) -> int:
    """The first paragraph long enough to be the story's lede (after a title, date lines and captions)."""
    length: dict[int, int] = {}
    for s in sents[1:]:
        length[s.paragraph] = length.get(s.paragraph, 0) + len(s.text)
        if length[s.paragraph] >= 150:
            return s.paragraph
    return -1


def score_sides(sents: Sequence[Sentence], mentions: Sequence[Mention], gz: Gazetteer) -> dict[str, Side]:
    """Sum each place's visitor and host evidence from the wording between it and its neighbouring mentions."""
    sides: dict[str, Side] = {}
    lede = lede_paragraph(sents)
    by_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sent.setdefault(m.sent, []).append(m)
    for k, all_ms in by_sent.items():
        text = sents[k].text
        for m in all_ms:
            if m.context:
                _side(sides, m, gz).mentions.append(m)
        ms = [m for m in all_ms if not m.context]
        last = (0.0, 0.0)
        low = fold(text)
        weight = LEAD_WEIGHT if k < LEAD_SENTENCES or sents[k].paragraph == lede else 1.0
        for idx, m in enumerate(ms):
            side = _side(sides, m, gz)
            side.mentions.append(m)
            if m.kind == "dateline":
                side.host += DATELINE_HOST
                side.host_cues.append((DATELINE_HOST, k))
                continue
            if _in_range(low, ms, idx):
                continue  # "dari Aceh sampai Papua" sketches a spread, it names no delegation
            if side.place.level == "provinsi" and _LOCATES_STOPS.search(low[max(0, m.start - 60) : m.start]):
                continue

            if len(side.mentions) > MAX_SCORED and weight == 1.0:
                last = (0.0, 0.0)  # the tenth "Surabaya" in the body changes nothing the first nine did not say
                continue
            prev_end = ms[idx - 1].end if idx > 0 else 0
            next_start = ms[idx + 1].start if idx + 1 < len(ms) else len(text)
            before = low[max(prev_end, m.start - 90) : m.start]
            after = low[m.end : min(next_start, m.end + 70)]
            hb, vb = _closest(before, _HOST_BEFORE, _VISITOR_BEFORE, True)
            # After "di/ke/dari X" the next verb has another subject: "Selama di Jepang, tim mengunjungi ...".
            object_of = _OBJECT_OF.search(before) is not None and _PEOPLE_FROM.search(before) is None
            ha, va = (0.0, 0.0) if object_of else _closest(after, _HOST_AFTER, _VISITOR_AFTER, False)
            h, v = max(hb, ha), max(vb, va)
            if v and _NOT_GOVERNMENT.search(low[max(0, m.start - 40) : m.start]):
                v = 0.0
            listed = last[0] > 0 and _COUNTED.search(low, 0, m.start) is not None
            if not (h or v) and idx > 0 and _joined(text, ms[idx - 1], m, all_ms, listed):
                h, v = last  # "menerima DPRD Kabupaten Tabalong, Kalimantan Selatan, dan Pemkab Sangihe"
            last = (h, v)
            if h:
                side.host += h * weight
                side.host_cues.append((h * weight, k))
            if v:
                side.visitor += v * weight
                side.visitor_cues.append((v * weight, k))
    return sides


def _party(side: Side, role: str, sents: Sequence[Sentence], how: str) -> Party:
    cues = side.visitor_cues if role == "origin" else side.host_cues
    best_sent = max(cues)[1] if cues else side.mentions[0].sent
    inst, itype = _institution_of(side, role, {s for _, s in cues})
    score = side.visitor - side.host if role == "origin" else side.host - side.visitor
    # A dateline naming a host is where the outlet reports from, not which stop of a tour its lede is about ("SIDOARJO
    # - Tim ... ke dua kabupaten, Kamis-Jumat"); naming a delegation's home, it is that delegation's press office.
    own = {m.sent for m in side.mentions if m.kind != "dateline" or role == "origin"}
    sentences = tuple(sorted(own or {m.sent for m in side.mentions}))
    return Party(side.place, inst, itype, score, sentences, sents[best_sent].text, how)


def _institution_of(side: Side, role: str, cue_sents: set[int]) -> tuple[str | None, str]:
    place = side.place
    if place.level == "national":
        return place.name, "national_agency"
    if place.level == "foreign":
        return place.name or next((m.institution for m in side.mentions if m.institution), None), "foreign_government"
    rank = {"dprd": 3, "university": 2, "other": 1}

    def quality(m: Mention) -> tuple[int, int, int]:
        t = m.institution_type or ""
        return (
            m.sent in cue_sents and bool(m.institution or m.official),
            rank.get(t, 2 if m.institution else 0),
            -m.sent,
        )

    named = [m for m in side.mentions if m.institution or m.official]
    best = max(named, key=quality) if named else None
    level = place.level if place.level in _GOVERNMENT else (best.level if best else None)
    gov = _GOVERNMENT.get(level or "", "other")
    if best is None or (best.official and not best.institution):
        name = (
            f"{_GOVERNMENT_NAME[level]} {place.name.split(' ', 1)[1]}" if level in _GOVERNMENT and place.name else None
        )
        return name, gov
    return best.institution, best.institution_type or gov


def resolve_direction(sents: Sequence[Sentence], mentions: Sequence[Mention], gz: Gazetteer) -> Direction:
    """Decide the host and the visiting delegations from the scored mentions.

    The host is the place with the most host evidence over visitor evidence; the origin the place (not the host,
    not a province named only as the host's or origin's context) with the most visitor evidence. Further
    delegations need their own clear visitor wording and a named institution, so "peserta dari Bengkulu" does not
    add one; a single delegation may have further hosts when the wording takes it clearly to each.
    """
    mentions = resolve_namesakes(mentions, gz)
    sides = score_sides(sents, mentions, gz)
    if not sides:
        return Direction(None, (), "no place named")
    hosts = sorted(
        (s for s in sides.values() if s.host - s.visitor >= MIN_SIDE_SCORE),
        key=lambda s: (s.place.resolved_by != "unresolved", s.host - s.visitor, s.host),  # unresolved: last resort
        reverse=True,
    )
    host = hosts[0] if hosts else None
    how_host = "cue"
    candidates = [s for s in sides.values() if s is not host and s.visitor - s.host >= MIN_SIDE_SCORE]
    candidates.sort(key=lambda s: (s.visitor - s.host, s.visitor), reverse=True)
    # "Dua rombongan dari Sulawesi Selatan ... DPRD Kabupaten Bone ... DPRD Kabupaten Wajo": the bare province only
    # locates the delegations named in it, and must not stand in for (and shut out) them.
    candidates = [
        c for c in candidates if not any(x is not c and x.has_institution and _context_of(c, x) for x in candidates)
    ]
    if host is None and candidates and candidates[0].visitor - candidates[0].host >= DATELINE_ORIGIN_SCORE:
        # Only a clear delegation lets the dateline stand in for the host ("BATU - Rombongan DPRD ... tiba").
        dl = next((sides[_entity_key(m)] for m in mentions if m.kind == "dateline"), None)
        if dl is not None and dl.visitor < MIN_SIDE_SCORE and dl is not candidates[0]:
            host, how_host = dl, "dateline"
    if host is not None:
        candidates = [s for s in candidates if s is not host and not _context_of(s, host) and not _context_of(host, s)]
    if host is None and not candidates:
        return Direction(None, (), "no wording says who visited whom")
    if host is None:
        return Direction(None, (), "no host: nothing says where the delegation went")
    how_origin = "cue"
    if not candidates and host.host - host.visitor >= FALLBACK_HOST_SCORE:
        # "DPRD Kota Tidore ... usai dewan melakukan studi banding ke Kota Batu": the visit's subject is a pronoun
        # or "dewan"/"rombongan"; the body named in the title or lede, other than the host, is the one that went.
        subject = _lede_subject(sents, sides, host)
        if subject is not None:
            candidates, how_origin = [subject], "fallback"
    if not candidates:
        return Direction(None, (), "no visiting delegation named (only a host)")
    origins = [candidates[0]]
    for s in candidates[1:]:
        if (
            s.visitor - s.host >= EXTRA_ORIGIN_SCORE
            and s.has_institution
            and s.place.level != "unknown"
            and not any(_context_of(s, o) or _context_of(o, s) or _same_country(s, o, gz) for o in origins)
        ):
            origins.append(s)
    origins.sort(key=lambda s: min((m.sent, m.start) for m in s.mentions))
    own = _own_hosts(origins, host, hosts, gz) if len(origins) > 1 else [None]
    extra: list[Side] = []
    if len(origins) == 1:
        floor = max(EXTRA_HOST_SCORE, EXTRA_HOST_SHARE * (host.host - host.visitor))
        for s in hosts[1:]:
            if (
                s.host - s.visitor >= floor
                and max(w for w, _ in s.host_cues) >= 2.0
                and s is not origins[0]
                and not any(
                    _context_of(s, o) or _context_of(o, s) or _same_country(s, o, gz)
                    for o in (host, origins[0], *extra)
                )
            ):
                extra.append(s)
    return Direction(
        _party(host, "host", sents, how_host),
        tuple(_party(s, "origin", sents, how_origin) for s in origins),
        extra_hosts=tuple(_party(s, "host", sents, "cue") for s in extra),
        own_hosts=tuple(None if s is None else _party(s, "host", sents, "cue") for s in own),
    )


def _own_hosts(origins: Sequence[Side], host: Side, hosts: Sequence[Side], gz: Gazetteer) -> list[Side | None]:
    """Per delegation, the host its own sentences take it to, when that is not the main host.

    "Komisi II DPRD Kota Samarinda berkunjung ke Kota Yogyakarta ... Komisi IV DPRD Kabupaten Berau mendatangi
    Pemerintah Kota Bandung": two delegations of one round-up, each with its own host. A delegation keeps the main
    host when a sentence that sends it anywhere also names the main host, or names no other clear host.
    """
    out: list[Side | None] = []
    for o in origins:
        sent_cues = {k for w, k in o.visitor_cues if w >= 2.0}
        named = {m.sent for m in host.mentions}
        if not sent_cues or sent_cues & named:
            out.append(None)
            continue
        own = [
            s
            for s in hosts
            if s is not host
            and s not in origins
            and any(w >= 2.0 and k in sent_cues for w, k in s.host_cues)
            and not any(_context_of(s, x) or _context_of(x, s) or _same_country(s, x, gz) for x in (o, host))
        ]
        out.append(own[0] if own else None)
    return out


def _same_country(a: Side, b: Side, gz: Gazetteer) -> bool:
    """Two foreign places of one country (Kitakyushu and Jepang) are one party, named twice."""
    if a.place.level != "foreign" or b.place.level != "foreign":
        return False
    ea, eb = gz.entries.get(a.key), gz.entries.get(b.key)  # "Kota Davao, Filipina": unresolved, no entry
    return ea is not None and eb is not None and ea.seat == eb.seat


def _lede_subject(sents: Sequence[Sentence], sides: dict[str, Side], host: Side) -> Side | None:
    """The first body (with a level word, an official or an institution) named in the title or lede, not the host."""
    lede = lede_paragraph(sents)
    best: tuple[tuple[int, int], Side] | None = None
    for side in sides.values():
        # Only clear host wording rules a body out: "di Tidore, petani ..." in the body and the outlet's dateline
        # are where the returning delegation talks from, not evidence that it received the visit.
        strong_host = sum(w for w, _ in side.host_cues if w >= 2.0)
        if side is host or side.place.level == "unknown" or strong_host - side.visitor > (host.host - host.visitor) / 2:
            continue
        if _context_of(side, host) or _context_of(host, side):
            continue
        for m in side.mentions:
            early = m.sent < LEAD_SENTENCES or sents[m.sent].paragraph == lede
            if early and not m.context and (m.institution or m.official or m.level):
                if best is None or (m.sent, m.start) < best[0]:
                    best = ((m.sent, m.start), side)
    return best[1] if best else None


def _context_of(outer: Side, inner: Side) -> bool:
    """Whether `outer` is the province `inner` lies in, named only to locate it (no institution of its own).

    "Kabupaten Minahasa, Sulawesi Utara" names the province as context; "BPSDM Provinsi Jambi" and "Pemerintah
    Kabupaten Bungo" are two delegations even though Bungo lies in Jambi.
    """
    if not (
        outer.place.level == "provinsi"
        and inner.place.level in ("kota", "kabupaten")
        and outer.place.province is not None
        and outer.place.province == inner.place.province
    ):
        return False
    return not any(m.level == "provinsi" or m.institution or m.official for m in outer.mentions)


def extract_places(sents: Sequence[Sentence], gz: Gazetteer) -> Direction:
    """Mentions then direction, in one call: the part of extraction that is about places.

    >>> from etl.gazetteer import load_gazetteer
    >>> from etl.text import sentences
    >>> d = extract_places(sentences("DPRD Kabupaten Sleman melakukan kunjungan kerja ke Kota Surabaya."), load_gazetteer())
    >>> (d.origins[0].place.name, d.origins[0].institution_type, d.host.place.name)
    ('Kabupaten Sleman', 'dprd', 'Kota Surabaya')
    """
    return resolve_direction(sents, find_mentions(sents, gz), gz)
