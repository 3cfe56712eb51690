"""Texts of the app's frame (sidebar, filters, data loading) and of the Overview and Visits pages.

key -> (English, Bahasa Indonesia). Page titles for every page live here so the
navigation can name all pages in both languages.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("Study Visit Atlas", "Atlas Studi Banding"),
    "app.tagline": (
        "Who visits whom among Indonesian governments, and what they come to learn.",
        "Siapa mengunjungi siapa di antara pemerintah di Indonesia, dan apa yang mereka pelajari.",
    ),
    # Page titles (navigation, browser tab, headings).
    "page.overview": ("Overview", "Ringkasan"),
    "page.flows": ("Flows", "Arus kunjungan"),
    "page.timeline": ("Timeline", "Linimasa"),
    "page.topics": ("Topics", "Topik"),
    "page.visits": ("Visits", "Daftar kunjungan"),
    "page.insights": ("Insights", "Temuan"),
    "page.data": ("Data", "Data"),
    # Generic words.
    "unknown": ("unknown", "tidak diketahui"),
    "date.unknown": ("date unknown", "tanggal tidak diketahui"),
    # Sidebar.
    "sidebar.language": ("Language", "Bahasa"),
    "sidebar.filters": ("Filters", "Filter"),
    "filter.years": ("Years", "Tahun"),
    "filter.years_single": ("All dated visits are from {year}.", "Semua kunjungan bertanggal berasal dari tahun {year}."),
    "filter.no_years": ("No visit has a known year.", "Tidak ada kunjungan dengan tahun yang diketahui."),
    "filter.topics": ("Topics", "Topik"),
    "filter.visit_types": ("Visit types", "Jenis kunjungan"),
    "filter.institution_types": ("Institution types (visitor or host)", "Jenis lembaga (tamu atau tuan rumah)"),
    "filter.origin_provinces": ("Visitors' provinces", "Provinsi asal tamu"),
    "filter.host_provinces": ("Hosts' provinces", "Provinsi tuan rumah"),
    "filter.place": ("Search a place or institution", "Cari tempat atau lembaga"),
    "filter.place_help": (
        "Matches visitor or host names, institutions, provinces and the place as written in the article.",
        "Mencocokkan nama tamu atau tuan rumah, lembaga, provinsi, dan nama tempat seperti tertulis di artikel.",
    ),
    "filter.any": ("all", "semua"),
    "filter.reset": ("Reset filters", "Atur ulang filter"),
    "filter.count": ("{n} of {m} visits", "{n} dari {m} kunjungan"),
    "filter.unknown_year_out": (
        "Left out while a year range is set: visits with an unknown year ({n}).",
        "Tidak ikut dihitung selama rentang tahun dipilih: kunjungan tanpa tahun ({n}).",
    ),
    "filter.unknown_year_in": (
        "Includes visits with an unknown year ({n}); they drop out once you narrow the years.",
        "Termasuk kunjungan tanpa tahun ({n}); tidak ikut bila rentang tahun dipersempit.",
    ),
    "filter.share": (
        "The address bar holds these filters: copy it to share this view.",
        "Alamat di peramban menyimpan filter ini: salin untuk membagikan tampilan ini.",
    ),
    "filter.empty": (
        "No visit matches these filters. Widen the years or remove a filter (or press Reset filters).",
        "Tidak ada kunjungan yang cocok dengan filter ini. Perlebar rentang tahun atau hapus filter (atau tekan Atur ulang filter).",
    ),
    # Notices about link values that could not be used.
    "notice.bad_year": (
        "The link's year {value!r} is not a year; the full year range is shown.",
        "Tahun {value!r} di tautan bukan tahun yang sah; seluruh rentang tahun ditampilkan.",
    ),
    "notice.year_order": (
        "The link's years were reversed ({lo} after {hi}); they were swapped.",
        "Tahun di tautan terbalik ({lo} setelah {hi}); urutannya ditukar.",
    ),
    "notice.bad_value": (
        "The link's {field} value {value!r} is not known here and was ignored.",
        "Nilai {field} {value!r} di tautan tidak dikenal dan diabaikan.",
    ),
    "notice.bad_lang": (
        "The link's language {value!r} is not available; English is shown.",
        "Bahasa {value!r} di tautan tidak tersedia; bahasa Inggris ditampilkan.",
    ),
    # Data loading.
    "data.source_sample": ("Data: the bundled sample articles ({path}).", "Data: contoh artikel bawaan ({path})."),
    "data.source_env": ("Data: ATLAS_DATA_DIR = {path}", "Data: ATLAS_DATA_DIR = {path}"),
    "data.source_default": ("Data: {path}", "Data: {path}"),
    "data.updated": ("Built {when}.", "Dibuat {when}."),
    "data.corrections": ("Corrected visits: {n}.", "Koreksi diterapkan: {n}."),
    "data.corrections_failed": (
        "Corrections could not be applied ({reason}); the ETL's visits are shown as they are.",
        "Koreksi tidak dapat diterapkan ({reason}); kunjungan hasil ETL ditampilkan apa adanya.",
    ),
    "data.building": (
        "First start: reading the bundled sample articles to build the visits table…",
        "Pertama kali dijalankan: membaca contoh artikel bawaan untuk menyusun tabel kunjungan…",
    ),
    "data.building_progress": ("Read {done} of {total} articles", "Sudah dibaca {done} dari {total} artikel"),
    "data.missing": (
        "No visits data was found in {path}. Run the ETL first (`make etl`, or `python -m etl --input <articles> --out {path}`), or point ATLAS_DATA_DIR at a folder that holds its output.",
        "Data kunjungan tidak ditemukan di {path}. Jalankan ETL dahulu (`make etl`, atau `python -m etl --input <artikel> --out {path}`), atau arahkan ATLAS_DATA_DIR ke folder berisi keluarannya.",
    ),
    "data.corrupt": (
        "The visits data in {path} could not be read ({reason}). Run the ETL again to rebuild it.",
        "Data kunjungan di {path} tidak dapat dibaca ({reason}). Jalankan ETL lagi untuk menyusunnya ulang.",
    ),
    "data.build_failed": (
        "The bundled sample could not be turned into a visits table ({reason}).",
        "Contoh artikel bawaan tidak dapat diolah menjadi tabel kunjungan ({reason}).",
    ),
    "data.no_visits": (
        "The data holds no visits yet. Add articles (page Data) or run the ETL on your own articles.",
        "Data belum berisi kunjungan. Tambahkan artikel (halaman Data) atau jalankan ETL pada artikel Anda.",
    ),
    # Overview.
    "overview.visits": ("Visits", "Kunjungan"),
    "overview.delegates": ("Delegates", "Anggota rombongan"),
    "overview.delegates_help": (
        "Sum of the exact delegation sizes. Visits that give only a range (e.g. 'puluhan'): {ranged}; with no size: {unknown}. Neither is in the sum.",
        "Jumlah ukuran rombongan yang pasti. {ranged} kunjungan hanya menyebut kisaran (mis. 'puluhan') dan {unknown} tidak menyebut jumlah; keduanya tidak ikut dijumlah.",
    ),
    "overview.delegates_note": (
        "Not in the sum: size only as a range {ranged}, no size {unknown}",
        "Tidak dijumlah: hanya kisaran {ranged}, tanpa jumlah {unknown}",
    ),
    "overview.visitors": ("Distinct visitors", "Tamu berbeda"),
    "overview.hosts": ("Distinct hosts", "Tuan rumah berbeda"),
    "overview.distance": ("Median distance", "Jarak median"),
    "overview.distance_value": ("{km} km", "{km} km"),
    "overview.distance_help": (
        "Half of the visits with both places located travelled less than this (straight line). Visits without a distance: {n}.",
        "Separuh kunjungan yang kedua tempatnya diketahui menempuh jarak kurang dari ini (garis lurus). Kunjungan tanpa jarak: {n}.",
    ),
    "overview.top_hosts": ("Most visited hosts", "Tuan rumah paling sering dikunjungi"),
    "overview.top_routes": ("Most frequent routes", "Rute paling sering"),
    "overview.recent": ("Most recent visits", "Kunjungan terbaru"),
    "overview.quality": ("What the data does not know", "Yang tidak diketahui data"),
    "overview.unknown_dates": ("Visits with no known date: {n}", "Kunjungan tanpa tanggal yang diketahui: {n}"),
    "overview.partial_dates": (
        "Visits dated only to the month or year: {n}",
        "Kunjungan yang hanya diketahui bulan atau tahunnya: {n}",
    ),
    "overview.unresolved_origin": (
        "Visits whose visitor's place could not be located: {n}",
        "Kunjungan dengan tempat tamu yang tidak dapat ditentukan: {n}",
    ),
    "overview.unresolved_host": (
        "Visits whose host's place could not be located: {n}",
        "Kunjungan dengan tempat tuan rumah yang tidak dapat ditentukan: {n}",
    ),
    "overview.articles": (
        "All articles read: {total}; reporting a visit: {visit}; no visit: {no_visit}; unreadable: {error}.",
        "Seluruh artikel yang dibaca: {total}; memberitakan kunjungan: {visit}; tanpa kunjungan: {no_visit}; tidak terbaca: {error}.",
    ),
    "overview.more": ("See every visit, its sources and evidence on the Visits page.", "Lihat semua kunjungan beserta sumber dan buktinya di halaman Daftar kunjungan."),
    # Table columns.
    "col.date": ("Date", "Tanggal"),
    "col.year": ("Year", "Tahun"),
    "col.visitor": ("Visitor", "Tamu"),
    "col.visitor_institution": ("Visiting institution", "Lembaga tamu"),
    "col.origin_province": ("Visitor's province", "Provinsi tamu"),
    "col.host": ("Host", "Tuan rumah"),
    "col.host_institution": ("Host institution", "Lembaga tuan rumah"),
    "col.host_province": ("Host's province", "Provinsi tuan rumah"),
    "col.route": ("Route", "Rute"),
    "col.visits": ("Visits", "Kunjungan"),
    "col.visit_type": ("Type", "Jenis"),
    "col.topics": ("Topics", "Topik"),
    "col.delegation": ("Delegation", "Rombongan"),
    "col.distance_km": ("Distance (km)", "Jarak (km)"),
    "col.sources": ("Sources", "Sumber"),
    "col.confidence": ("Confidence", "Keyakinan"),
    "col.precision": ("Date precision", "Ketelitian tanggal"),
    "col.outlet": ("Outlet", "Media"),
    "col.title": ("Title", "Judul"),
    "col.url": ("Link", "Tautan"),
    "col.published": ("Published", "Terbit"),
    "col.field": ("Field", "Isian"),
    "col.evidence": ("Evidence sentence", "Kalimat bukti"),
    "precision.day": ("exact day", "tanggal pasti"),
    "precision.month": ("month only", "hanya bulan"),
    "precision.year": ("year only", "hanya tahun"),
    "precision.unknown": ("unknown", "tidak diketahui"),
    "delegation.range": ("{lo}–{hi} people", "{lo}–{hi} orang"),
    "delegation.exact": ("{n} people", "{n} orang"),
    "field.origin": ("visitor", "tamu"),
    "field.host": ("host", "tuan rumah"),
    "field.date": ("date", "tanggal"),
    "field.delegation": ("delegation", "rombongan"),
    "field.topics": ("topics", "topik"),
    "field.visit_type": ("visit type", "jenis kunjungan"),
    "field.lead": ("leader", "pimpinan"),
    # Visits page.
    "visits.intro": (
        "Select a row to see the articles it was read from and the sentences behind each value.",
        "Pilih satu baris untuk melihat artikel sumbernya dan kalimat yang mendasari setiap isian.",
    ),
    "visits.detail": ("Visit {visit_id}", "Kunjungan {visit_id}"),
    "visits.pick": ("Select a visit in the table to see its sources.", "Pilih kunjungan di tabel untuk melihat sumbernya."),
    "visits.sources": ("Sources", "Sumber"),
    "visits.evidence": ("Evidence", "Bukti"),
    "visits.no_sources": ("No source article is recorded for this visit.", "Tidak ada artikel sumber yang tercatat untuk kunjungan ini."),
    "visits.no_evidence": ("No evidence sentence is recorded for this visit.", "Tidak ada kalimat bukti yang tercatat untuk kunjungan ini."),
    "visits.date_line": ("Date: {date} ({precision})", "Tanggal: {date} ({precision})"),
    "visits.date_note": ("Why: {note}", "Alasan: {note}"),
    "visits.confidence_line": ("Confidence: {value}", "Keyakinan: {value}"),
    "visits.lead_line": ("Led by: {lead}", "Dipimpin oleh: {lead}"),
    "visits.size_line": ("Delegation: {size}", "Rombongan: {size}"),
    "visits.export": ("Download the filtered visits ({n})", "Unduh kunjungan yang tersaring ({n})"),
    "visits.shown": (
        "Showing the latest {shown} of {n} visits. Narrow the filters to see others, or download them all below.",
        "Menampilkan {shown} kunjungan terbaru dari {n}. Persempit filter untuk melihat yang lain, atau unduh semuanya di bawah.",
    ),
    "visits.xlsx_too_many": (
        "The Excel file is made for at most {max} rows (more would take minutes): narrow the filters or download CSV.",
        "Berkas Excel dibuat untuk paling banyak {max} baris (lebih dari itu butuh beberapa menit): persempit filter atau unduh CSV.",
    ),
    "visits.csv": ("CSV", "CSV"),
    "visits.xlsx": ("Excel", "Excel"),
}
