"""The shared vocabulary of the visits table (mirrors ../shared/TAXONOMY.md).

Slugs are stable identifiers stored in the data; labels are what a person reads.
Extraction cues live with the extractors; this module only names things.
"""

from __future__ import annotations

# slug -> (English, Bahasa Indonesia)
TOPICS: dict[str, tuple[str, str]] = {
    "egov": ("E-government & digital services", "E-government & SPBE"),
    "smart_city": ("Smart city & command centre", "Kota cerdas & command center"),
    "public_service": ("Public services & licensing", "Pelayanan publik & perizinan"),
    "civil_service": ("Civil service & leadership", "Kepegawaian & kepemimpinan"),
    "finance": ("Planning, budgeting & revenue", "Perencanaan, keuangan & pendapatan"),
    "procurement": ("Procurement", "Pengadaan barang/jasa"),
    "data": ("Data & statistics", "Satu data & statistik"),
    "waste_env": ("Waste & environment", "Sampah & lingkungan"),
    "health": ("Health", "Kesehatan"),
    "education": ("Education", "Pendidikan"),
    "agriculture": ("Agriculture, fisheries & food", "Pertanian, perikanan & pangan"),
    "economy_trade": ("Economy, trade & MSMEs", "Ekonomi, perdagangan & UMKM"),
    "tourism_culture": ("Tourism & culture", "Pariwisata & budaya"),
    "infrastructure": ("Infrastructure, housing & transport", "Infrastruktur, perumahan & transportasi"),
    "social": ("Population & social welfare", "Kependudukan & sosial"),
    "governance": ("Oversight & bureaucratic reform", "Pengawasan & reformasi birokrasi"),
}

VISIT_TYPES: dict[str, tuple[str, str]] = {
    "working_visit": ("Working visit", "Kunjungan kerja"),
    "comparative_study": ("Comparative study", "Studi banding"),
    "benchmarking": ("Benchmarking", "Benchmarking"),
    "emulation_study": ("Emulation study", "Studi tiru"),
    "training_visit": ("Training field visit", "Kunjungan diklat"),
    "other": ("Other", "Lainnya"),
}

INSTITUTION_TYPES: dict[str, tuple[str, str]] = {
    "pemkot": ("City government", "Pemerintah kota"),
    "pemkab": ("Regency government", "Pemerintah kabupaten"),
    "pemprov": ("Provincial government", "Pemerintah provinsi"),
    "dprd": ("Regional parliament (DPRD)", "DPRD"),
    "national_agency": ("Ministry or national agency", "Kementerian atau lembaga"),
    "university": ("University", "Perguruan tinggi"),
    "foreign_government": ("Foreign government", "Pemerintah asing"),
    "other": ("Other", "Lainnya"),
}

LEVELS: dict[str, tuple[str, str]] = {
    "kota": ("City", "Kota"),
    "kabupaten": ("Regency", "Kabupaten"),
    "provinsi": ("Province", "Provinsi"),
    "national": ("National", "Nasional"),
    "foreign": ("Foreign", "Luar negeri"),
    "unknown": ("Unknown", "Tidak diketahui"),
}

DATE_PRECISIONS = ("day", "month", "year", "unknown")
RESOLUTIONS = ("gazetteer", "online", "unresolved")
ARTICLE_STATUSES = ("visit", "no_visit", "error")


def label(table: dict[str, tuple[str, str]], slug: str, lang: str = "en") -> str:
    """Human label of a slug in 'en' or 'id'; unknown slugs are shown as they are.

    >>> label(TOPICS, "egov", "id")
    'E-government & SPBE'
    """
    pair = table.get(slug)
    if pair is None:
        return slug
    return pair[1] if lang == "id" else pair[0]
