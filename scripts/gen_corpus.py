"""Generate a large, realistic corpus of Indonesian news articles about study visits, for benchmarks.

The sentences are this project's own templates; places come from data/gazetteer/regions.csv.
Mixes visit reports (varied institutions, date formats, delegation sizes, topics, visit
types), second reports of the same visit by another outlet (a day later, other wording),
unrelated local news, and a few broken records. Written as a stream: any size fits in memory.

    python scripts/gen_corpus.py --n 100000 --seed 1 --out /tmp/corpus.jsonl
    python scripts/gen_corpus.py --n 20000 --format txt --out /tmp/corpus_txt
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import deque
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ROOT / "data" / "gazetteer" / "regions.csv"

MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()
WEEKDAYS = "Senin Selasa Rabu Kamis Jumat Sabtu Minggu".split()
OUTLETS = [
    ("Warta Nusantara", "wartanusantara"),
    ("Kabar Daerah", "kabardaerah"),
    ("Suara Timur", "suaratimur"),
    ("Berita Kota", "beritakota"),
    ("Lintas Provinsi", "lintasprovinsi"),
    ("Gema Rakyat", "gemarakyat"),
    ("Pelita Pagi", "pelitapagi"),
    ("Media Pemerintahan", "mediapemerintahan"),
]
GIVEN = "Ahmad Budi Citra Dewi Eko Fajar Gita Hendra Indah Joko Kartika Lukman Maria Nanda Oktavia Putra Rahmat Siti Taufik Umar Vivi Wahyu Yusuf Zainal".split()
FAMILY = "Santoso Wijaya Siregar Nasution Pratama Lestari Hidayat Saputra Simanjuntak Mahmud Rahman Hasibuan Kurniawan Tanjung Lubis Sinaga Manurung Syahputra".split()
NUMBER_WORDS = {
    2: "dua",
    3: "tiga",
    4: "empat",
    5: "lima",
    6: "enam",
    7: "tujuh",
    8: "delapan",
    9: "sembilan",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    15: "lima belas",
    20: "dua puluh",
    25: "dua puluh lima",
    30: "tiga puluh",
}
# topic slug -> phrases a reporter would use for it
TOPICS = {
    "egov": [
        "penerapan SPBE",
        "aplikasi layanan digital",
        "pemerintahan berbasis elektronik",
        "super app pelayanan warga",
    ],
    "smart_city": ["pengelolaan command center", "konsep kota cerdas", "ruang kendali CCTV kota"],
    "public_service": ["mal pelayanan publik", "pelayanan perizinan satu pintu", "layanan darurat 112"],
    "civil_service": ["manajemen talenta ASN", "penerapan sistem merit", "penilaian kinerja pegawai secara elektronik"],
    "finance": [
        "peningkatan pendapatan asli daerah",
        "penyusunan anggaran berbasis kinerja",
        "pemungutan pajak daerah",
    ],
    "procurement": ["pengadaan barang dan jasa secara elektronik", "tata kelola LPSE"],
    "data": ["program satu data", "pengelolaan big data pemerintahan", "statistik sektoral"],
    "waste_env": ["pengelolaan bank sampah", "pengolahan sampah di TPA", "penataan ruang terbuka hijau"],
    "health": ["penanganan stunting", "layanan puskesmas keliling", "pengelolaan rumah sakit daerah"],
    "education": ["program beasiswa pelajar", "peningkatan mutu guru", "digitalisasi sekolah"],
    "agriculture": ["ketahanan pangan", "pengembangan perikanan budi daya", "pertanian organik"],
    "economy_trade": ["pembinaan UMKM", "revitalisasi pasar tradisional", "promosi investasi daerah"],
    "tourism_culture": ["pengembangan destinasi wisata", "pelestarian budaya lokal", "penyelenggaraan festival"],
    "infrastructure": ["penanganan drainase perkotaan", "penataan transportasi umum", "pembangunan jalan lingkungan"],
    "social": ["pelayanan administrasi kependudukan", "penyaluran bantuan sosial", "penanggulangan kemiskinan"],
    "governance": ["penerapan reformasi birokrasi", "penguatan SAKIP", "peran inspektorat daerah"],
}
VISIT_TYPES = {
    "working_visit": ["kunjungan kerja", "kunker"],
    "comparative_study": ["studi banding", "kunjungan studi banding"],
    "benchmarking": ["benchmarking", "kegiatan benchmarking"],
    "emulation_study": ["studi tiru", "kegiatan studi tiru"],
    "training_visit": ["kunjungan lapangan Diklat PIM III", "studi lapangan Pelatihan Kepemimpinan Administrator"],
}
SITES = ["ruang rapat utama balai kota", "kantor bupati", "gedung DPRD", "aula kantor gubernur", "pendopo kabupaten"]
FILLER = [
    "Menurut dia, daerahnya masih menghadapi kendala anggaran dan keterbatasan sumber daya manusia sehingga perlu banyak belajar dari daerah lain.",
    "Dalam sesi tanya jawab, peserta menanyakan regulasi pendukung, jumlah personel yang terlibat, serta besaran anggaran yang dibutuhkan setiap tahun.",
    "Tuan rumah juga membagikan salinan peraturan daerah dan standar operasional prosedur yang selama ini menjadi pedoman kerja.",
    "Ia berharap kerja sama kedua daerah tidak berhenti pada kunjungan ini, tetapi berlanjut dengan pendampingan teknis.",
    "Hasil kunjungan akan dibahas dalam rapat koordinasi bersama organisasi perangkat daerah terkait pekan depan.",
    "Program tersebut sebelumnya meraih penghargaan tingkat nasional dan kerap menjadi rujukan pemerintah daerah lain.",
    "Pemaparan dilanjutkan dengan diskusi mengenai tantangan yang dihadapi pada tahun-tahun awal pelaksanaan program.",
    "Sejumlah kepala dinas turut hadir untuk menjelaskan pembagian tugas antarperangkat daerah.",
    "Setelah paparan, rombongan berkeliling melihat langsung fasilitas yang sudah berjalan dan berbincang dengan petugas di lapangan.",
    "Para peserta mencatat sejumlah hal teknis, mulai dari alur kerja, kebutuhan perangkat, hingga cara melibatkan warga.",
    "Kedua pihak sepakat untuk terus bertukar informasi melalui forum komunikasi antardaerah yang sudah terbentuk.",
]
NEGATIVE = [
    (
        "Harga Cabai di {short} Naik Menjelang Hari Raya",
        [
            "Harga cabai rawit di sejumlah pasar di {region} naik hampir dua kali lipat dalam sepekan terakhir.",
            "Pedagang mengaku pasokan dari petani berkurang karena hujan deras yang turun hampir setiap hari.",
            "Dinas perdagangan berencana menggelar operasi pasar untuk menekan harga di tingkat konsumen.",
        ],
    ),
    (
        "Banjir Rendam Ratusan Rumah di {short}",
        [
            "Hujan deras sejak sore membuat sungai meluap dan merendam ratusan rumah warga di {region}.",
            "Petugas gabungan mengevakuasi warga lanjut usia dan anak-anak ke tempat pengungsian sementara.",
            "Badan penanggulangan bencana daerah mencatat tidak ada korban jiwa dalam kejadian itu.",
        ],
    ),
    (
        "DPRD {short} Gelar Rapat Paripurna Bahas Laporan Keuangan",
        [
            "DPRD {region} menggelar rapat paripurna untuk membahas laporan pertanggungjawaban pelaksanaan anggaran.",
            "Sejumlah fraksi menyampaikan catatan mengenai serapan anggaran yang dinilai masih rendah.",
            "Rapat ditutup dengan penandatanganan berita acara oleh pimpinan dewan dan kepala daerah.",
        ],
    ),
    (
        "Festival Kuliner Meriahkan Hari Jadi {short}",
        [
            "Ribuan warga memadati alun-alun untuk menikmati festival kuliner dalam rangka hari jadi {region}.",
            "Panitia menghadirkan lebih dari seratus stan pelaku usaha kecil dari berbagai kecamatan.",
            "Acara berlangsung hingga malam dan dimeriahkan pertunjukan musik daerah.",
        ],
    ),
    (
        "Tim Sepak Bola {short} Lolos ke Babak Final",
        [
            "Tim sepak bola kebanggaan {region} memastikan tempat di babak final setelah menang adu penalti.",
            "Pelatih memuji mental para pemain yang tetap tenang meski tertinggal lebih dulu.",
            "Laga final akan digelar akhir pekan ini di stadion utama provinsi.",
        ],
    ),
]


def read_regions(path: Path = REGIONS) -> list[dict]:
    """Kota, kabupaten and provinsi rows of the gazetteer."""
    with path.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["level"] in ("kota", "kabupaten", "provinsi")]


def short_name(region: dict) -> str:
    for prefix in ("Kota ", "Kabupaten ", "Provinsi "):
        if region["name"].startswith(prefix):
            return region["name"][len(prefix) :]
    return region["name"]


def institution(rng: random.Random, region: dict) -> tuple[str, str]:
    """(institution as written, title of its head)."""
    short, level = short_name(region), region["level"]
    if rng.random() < 0.3:
        return f"DPRD {region['name']}", "Ketua DPRD"
    if level == "kota":
        return rng.choice([f"Pemerintah Kota {short}", f"Pemkot {short}"]), "Wali Kota"
    if level == "kabupaten":
        return rng.choice([f"Pemerintah Kabupaten {short}", f"Pemkab {short}"]), "Bupati"
    return rng.choice([f"Pemerintah Provinsi {short}", f"Pemprov {short}"]), "Gubernur"


def person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def date_phrase(rng: random.Random, d: date) -> str:
    wd = WEEKDAYS[d.weekday()]
    kind = rng.random()
    if kind < 0.3:
        return f"{wd} ({d.day}/{d.month}/{d.year})"
    if kind < 0.5:
        return f"{wd} ({d.day}/{d.month})"
    if kind < 0.75:
        return f"{wd}, {d.day} {MONTHS[d.month - 1]} {d.year}"
    if kind < 0.9:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"{wd} lalu"


def size_phrase(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.45:
        return f"{rng.randint(5, 60)} orang"
    if kind < 0.7:
        n = rng.choice(list(NUMBER_WORDS))
        return f"{NUMBER_WORDS[n]} orang"
    return rng.choice(["belasan pejabat", "puluhan anggota", "sejumlah pejabat", "beberapa kepala dinas"])


def make_visit(rng: random.Random, regions: list[dict]) -> dict:
    """The facts of one visit, reported by one or more articles."""
    origin, host = rng.sample(regions, 2)
    start = date(2015, 1, 1).toordinal()
    d = date.fromordinal(rng.randint(start, date(2025, 12, 31).toordinal()))
    topics = rng.sample(list(TOPICS), rng.randint(1, 3))
    return {
        "origin": origin,
        "host": host,
        "date": d,
        "topics": topics,
        "type": rng.choice(list(VISIT_TYPES)),
        "size": size_phrase(rng),
        "lead": person(rng),
        "host_lead": person(rng),
    }


def visit_article(rng: random.Random, v: dict, shift: int = 0) -> tuple[str, str, date]:
    """(title, body, publication date) of one report of a visit."""
    d = v["date"] + timedelta(days=shift)
    published = v["date"] + timedelta(days=rng.randint(0, 2))
    o_inst, o_title = institution(rng, v["origin"])
    h_inst, h_title = institution(rng, v["host"])
    o_short, h_short = short_name(v["origin"]), short_name(v["host"])
    kind = rng.choice(VISIT_TYPES[v["type"]])
    topic = rng.choice(TOPICS[v["topics"][0]])
    title = rng.choice(
        [
            f"{o_inst} {kind.title()} ke {h_short}, Pelajari {topic.title()}",
            f"Rombongan {o_inst} Kunjungi {v['host']['name']}",
            f"{h_inst} Terima {kind.title()} {o_inst}",
            f"Belajar {topic.title()}, {o_inst} Datangi {h_short}",
        ]
    )
    outlet_tag = rng.choice(OUTLETS)[1].upper()
    lead = rng.choice(
        [
            f"{h_short.upper()}, {outlet_tag} - {o_title} {o_short} {v['lead']} memimpin {v['size']} dalam {kind} "
            f"ke {v['host']['name']} pada {date_phrase(rng, d)}.",
            f"{h_inst} menerima {kind} {o_inst} di {rng.choice(SITES)}, {date_phrase(rng, d)}. "
            f"Rombongan berjumlah {v['size']} itu dipimpin {o_title} {v['lead']}.",
        ]
    )
    paras = [lead, f"Kunjungan itu bertujuan mempelajari {topic} yang dinilai berhasil diterapkan di {h_short}."]
    paras.append(
        f'"Kami ingin belajar langsung bagaimana {topic} dijalankan di sini, lalu menerapkannya di daerah kami," '
        f"ujar {v['lead'].split()[0]}."
    )
    for slug in v["topics"][1:]:
        paras.append(f"Selain itu, rombongan juga menggali pengalaman {h_short} dalam {rng.choice(TOPICS[slug])}.")
    paras.append(
        f"{h_title} {h_short} {v['host_lead']} menyambut baik kedatangan rombongan dan memaparkan langkah-langkah "
        f"yang ditempuh pemerintah daerahnya sejak beberapa tahun terakhir."
    )
    paras.extend(rng.sample(FILLER, rng.randint(3, 6)))
    if rng.random() < 0.4:
        paras.insert(2, f"Baca juga: {rng.choice(NEGATIVE)[0].format(short=h_short)}")
    paras.append(f"Editor: {person(rng)}")
    return title, "\n\n".join(paras), published


def negative_article(rng: random.Random, regions: list[dict]) -> tuple[str, str, date]:
    region = rng.choice(regions)
    title, lines = rng.choice(NEGATIVE)
    fill = {"short": short_name(region), "region": region["name"]}
    paras = [line.format(**fill) for line in lines] + rng.sample(FILLER[5:], 2)
    published = date.fromordinal(rng.randint(date(2015, 1, 1).toordinal(), date(2025, 12, 31).toordinal()))
    return title.format(**fill), "\n\n".join(paras), published


def generate(
    n: int,
    seed: int,
    regions: list[dict],
    duplicate_share: float = 0.15,
    negative_share: float = 0.3,
    broken_share: float = 0.001,
):
    """Yield n article dicts (id, title, text, url, outlet, published) or, rarely, a broken raw line (str)."""
    rng = random.Random(seed)
    recent: deque[dict] = deque(maxlen=200)
    for i in range(n):
        roll = rng.random()
        if roll < broken_share:
            yield f'{{"id": "rusak-{i}", "text": "Rombongan tiba di'
            continue
        if roll < broken_share + negative_share:
            title, body, published = negative_article(rng, regions)
        elif recent and roll < broken_share + negative_share + duplicate_share:
            title, body, published = visit_article(rng, rng.choice(recent), shift=rng.choice([0, 0, 1, -1]))
        else:
            v = make_visit(rng, regions)
            recent.append(v)
            title, body, published = visit_article(rng, v)
        outlet, slug = rng.choice(OUTLETS)
        yield {
            "id": f"art-{i:07d}",
            "title": title,
            "text": f"{title}\n\n{body}\n",
            "url": f"https://{slug}.example/berita/{i}",
            "outlet": outlet,
            "published": published.isoformat(),
        }


def write_corpus(out: Path, n: int, seed: int, fmt: str = "jsonl") -> int:
    """Write the corpus as one JSON Lines file or as a folder of .txt files (1,000 a subfolder); returns bytes."""
    regions = read_regions()
    written = 0
    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as f:
            for rec in generate(n, seed, regions):
                line = rec if isinstance(rec, str) else json.dumps(rec, ensure_ascii=False)
                written += f.write(line + "\n")
        return written
    for i, rec in enumerate(generate(n, seed, regions)):
        folder = out / f"{i // 1000:04d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        if isinstance(rec, str):
            (folder / f"{i:07d}.txt").write_bytes(b"\x00\x01 rusak")
            continue
        d = date.fromisoformat(rec["published"])
        dateline = f"{WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]} {d.year} 10:15 WIB"
        text = rec["text"].replace("\n\n", f"\n\n{dateline}\n\n", 1)
        written += (folder / f"{i:07d}.txt").write_text(text, encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100_000, help="number of articles (default: 100000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    p.add_argument("--out", type=Path, required=True, help="a .jsonl file, or a folder for --format txt")
    args = p.parse_args(argv)
    size = write_corpus(args.out, args.n, args.seed, args.format)
    print(f"wrote {args.n:,} articles ({size / 1e6:,.1f} MB of text) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
