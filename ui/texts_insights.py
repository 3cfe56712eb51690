"""Texts of the Insights page (ins.*) and of the printable brief (brief.*).

key -> (English, Bahasa Indonesia), merged by ui/i18n.py.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- shared column names
    "ins.col_place": ("Place", "Tempat"),
    "ins.col_province": ("Province", "Provinsi"),
    "ins.col_level": ("Level", "Tingkat"),
    "ins.col_visits": ("Visits", "Kunjungan"),
    "ins.col_visitors": ("Distinct visitors", "Tamu berbeda"),
    "ins.col_repeat_visitors": ("Came more than once", "Datang lebih dari sekali"),
    "ins.col_hosts": ("Distinct hosts", "Tuan rumah berbeda"),
    "ins.col_repeat_hosts": ("Visited more than once", "Dikunjungi lebih dari sekali"),
    "ins.col_km": ("Km travelled (round trips)", "Km ditempuh (pulang-pergi)"),
    "ins.col_km_unknown": ("Visits of unknown distance", "Kunjungan tanpa jarak"),
    "ins.col_topics": ("Topics taught", "Topik yang dipelajari"),
    "ins.col_n_topics": ("Topics", "Jumlah topik"),
    "ins.col_topic": ("Topic", "Topik"),
    "ins.col_hub": ("Main host", "Tuan rumah utama"),
    "ins.col_rank": ("Rank", "Peringkat"),
    "ins.col_share": ("Share", "Porsi"),
    "ins.col_scope": ("Where the visit goes", "Arah kunjungan"),
    "ins.col_share_regional": ("Share of regional visits", "Porsi kunjungan antardaerah"),
    "ins.col_origin": ("Visitor", "Tamu"),
    "ins.col_host": ("Host", "Tuan rumah"),
    "ins.col_year": ("Year", "Tahun"),
    "ins.col_role": ("Role", "Peran"),
    "ins.col_a_to_b": ("A → B", "A → B"),
    "ins.col_b_to_a": ("B → A", "B → A"),
    # ---------------------------------------------------------------- scopes
    "ins.scope_within_province": ("Within the same province", "Di dalam provinsi yang sama"),
    "ins.scope_within_island": ("Within the same island group", "Di dalam kelompok pulau yang sama"),
    "ins.scope_to_java": ("From outside Java to Java", "Dari luar Jawa ke Jawa"),
    "ins.scope_other_island": ("To another island group", "Ke kelompok pulau lain"),
    "ins.scope_national": ("To or from a national body (apart)", "Ke/dari lembaga pusat (dihitung terpisah)"),
    "ins.scope_foreign": ("To or from abroad (apart)", "Ke/dari luar negeri (dihitung terpisah)"),
    "ins.scope_unresolved": ("Place unknown (apart)", "Tempat tidak diketahui (dihitung terpisah)"),
    "ins.scopes_note": (
        "Island groups: Sumatera, Jawa, Bali-Nusa Tenggara, Kalimantan, Sulawesi, Maluku, Papua. Shares are of "
        "visits between regions whose provinces are known; visits with a ministry, abroad, or an unknown place "
        "are counted apart.",
        "Kelompok pulau: Sumatera, Jawa, Bali-Nusa Tenggara, Kalimantan, Sulawesi, Maluku, Papua. Porsi dihitung "
        "dari kunjungan antardaerah yang provinsinya diketahui; kunjungan dengan kementerian/lembaga, ke luar "
        "negeri, atau yang tempatnya tidak diketahui dihitung terpisah.",
    ),
    # ---------------------------------------------------------------- page
    "ins.intro": (
        "Who learns from whom, which places are the best-practice hubs for each topic, and how much travel it "
        "takes, for the visits in the current filter.",
        "Siapa belajar dari siapa, daerah mana yang menjadi rujukan praktik baik untuk tiap topik, dan berapa "
        "besar perjalanan yang dibutuhkan, untuk kunjungan pada filter saat ini.",
    ),
    "ins.empty": (
        "No visit matches the current filters. Widen the filters in the sidebar.",
        "Tidak ada kunjungan yang cocok dengan filter. Longgarkan filter di panel samping.",
    ),
    "ins.tab_field": ("tab", "tab"),  # names the link's tab= value in an "ignored" notice
    "ins.tab_network": ("Learning network", "Jejaring belajar"),
    "ins.tab_hubs": ("Best-practice hubs", "Rujukan praktik baik"),
    "ins.tab_place": ("One place", "Satu daerah"),
    "ins.tab_cost": ("Travel and cost", "Perjalanan dan biaya"),
    "ins.tab_brief": ("Briefing", "Ringkasan untuk pimpinan"),
    "ins.h_hosts": ("Most visited hosts", "Tuan rumah paling banyak dikunjungi"),
    "ins.h_visitors": ("Most active visitors", "Tamu paling aktif"),
    "ins.h_repeat": ("Repeat visits (same visitor, same host)", "Kunjungan berulang (tamu dan tuan rumah sama)"),
    "ins.h_reciprocal": ("Reciprocal pairs (A visited B and B visited A)",
                         "Pasangan timbal balik (A mengunjungi B dan B mengunjungi A)"),
    "ins.h_scopes": ("Where visits go", "Ke mana kunjungan pergi"),
    "ins.h_matrix": ("Visitors' province × hosts' province", "Provinsi tamu × provinsi tuan rumah"),
    "ins.matrix_note": (
        "Regional visits only (rows: visitors' province, columns: hosts' province), west to east.",
        "Hanya kunjungan antardaerah (baris: provinsi tamu, kolom: provinsi tuan rumah), dari barat ke timur.",
    ),
    "ins.unnamed_note": (
        "{o} visits with an unknown visitor and {h} with an unknown host are left out of the rankings and pairs.",
        "{o} kunjungan dengan tamu tidak diketahui dan {h} dengan tuan rumah tidak diketahui tidak ikut diperingkat.",
    ),
    "ins.km_note": (
        "Km are round trips (2 × the straight-line distance) over visits whose distance is known.",
        "Km adalah pulang-pergi (2 × jarak garis lurus) dari kunjungan yang jaraknya diketahui.",
    ),
    "ins.none": ("None in the current view.", "Tidak ada pada tampilan ini."),
    "ins.top_n": ("Show the top", "Tampilkan teratas"),
    "ins.hubs_intro": (
        "For each topic, the hosts that received the most visits on it.",
        "Untuk tiap topik, tuan rumah yang paling banyak dikunjungi untuk topik itu.",
    ),
    "ins.hubs_per_topic": ("Hosts per topic", "Tuan rumah per topik"),
    "ins.untopiced_note": ("{n} visits have no known topic.", "{n} kunjungan tidak memiliki topik yang diketahui."),
    "ins.choose_place": ("Place", "Daerah"),
    "ins.h_place_visitors": ("Who came to learn here", "Siapa yang datang belajar ke sini"),
    "ins.h_place_destinations": ("Where it went to learn", "Ke mana daerah ini pergi belajar"),
    "ins.h_place_topics": ("Topics over time", "Topik dari tahun ke tahun"),
    "ins.role_host": ("as host", "sebagai tuan rumah"),
    "ins.role_origin": ("as visitor", "sebagai tamu"),
    "ins.unknown_visitors_note": ("And {n} visits from a visitor whose place is unknown.",
                                  "Ditambah {n} kunjungan dari tamu yang tempatnya tidak diketahui."),
    "ins.unknown_destinations_note": ("And {n} visits to a host whose place is unknown.",
                                      "Ditambah {n} kunjungan ke tuan rumah yang tempatnya tidak diketahui."),
    "ins.undated_note": ("{n} of its visits have no known year.", "{n} kunjungannya tidak memiliki tahun."),
    "ins.no_places": ("No named place in the current view.", "Tidak ada daerah bernama pada tampilan ini."),
    # ---------------------------------------------------------------- cost
    "ins.cost_intro": (
        "A rough order of magnitude, always a range: delegates × round-trip distance, priced with the "
        "parameters below. Change them to match your own rules; the defaults and their sources are listed.",
        "Perkiraan kasar, selalu berupa rentang: jumlah peserta × jarak pulang-pergi, dihitung dengan parameter "
        "di bawah. Ubah sesuai aturan Anda; nilai bawaan dan sumbernya dicantumkan.",
    ),
    "ins.params": ("Parameters of the estimate", "Parameter perkiraan"),
    "ins.p_transport": ("Round-trip transport per person (Rp), {band}", "Transportasi pulang-pergi per orang (Rp), {band}"),
    "ins.p_per_diem": ("Daily allowance per person per day (Rp)", "Uang harian per orang per hari (Rp)"),
    "ins.p_lodging": ("Lodging per person per night (Rp)", "Penginapan per orang per malam (Rp)"),
    "ins.p_days": ("Days per visit", "Hari per kunjungan"),
    "ins.p_emission": ("Emission factor (kg CO₂e per passenger-km), {band}",
                       "Faktor emisi (kg CO₂e per penumpang-km), {band}"),
    "ins.low": ("low", "rendah"),
    "ins.high": ("high", "tinggi"),
    "ins.reset_params": ("Back to the defaults", "Kembali ke nilai bawaan"),
    "ins.bad_range": ("A low value is above its high value: {what}. The defaults are used for it.",
                      "Nilai rendah melebihi nilai tinggi: {what}. Nilai bawaan dipakai."),
    "ins.m_costed": ("Visits costed", "Kunjungan yang dihitung"),
    "ins.m_delegate_km": ("Delegate-km", "Peserta-km"),
    "ins.m_cost": ("Estimated cost", "Perkiraan biaya"),
    "ins.m_co2": ("Estimated CO₂e", "Perkiraan CO₂e"),
    "ins.cost_apart": (
        "{e} costed visits use a delegation size estimated from words (a range's midpoint). Not costed: {s} "
        "with an unknown delegation size and {d} with an unknown distance; they are counted apart, not as zero.",
        "{e} kunjungan dihitung dengan jumlah peserta yang diperkirakan dari kata-kata (nilai tengah rentang). "
        "Tidak dihitung: {s} tanpa jumlah peserta dan {d} tanpa jarak; dihitung terpisah, bukan sebagai nol.",
    ),
    "ins.h_by_band": ("By distance band", "Menurut jarak"),
    "ins.col_band": ("Distance band", "Jarak"),
    "ins.col_cost": ("Cost (Rp million, low – high)", "Biaya (juta Rp, rendah – tinggi)"),
    "ins.col_co2": ("CO₂e (t, low – high)", "CO₂e (t, rendah – tinggi)"),
    "ins.col_delegates": ("Delegates", "Peserta"),
    "ins.col_status": ("Costed as", "Dihitung sebagai"),
    "ins.h_per_visit": ("Per visit", "Per kunjungan"),
    "ins.rows_cap": ("Showing the first {k} of {n}, most visits first.",
                     "Menampilkan {k} teratas dari {n}, kunjungan terbanyak lebih dulu."),
    "ins.per_visit_cap": ("Showing the {k} visits with the most delegate-km, of {n}.",
                          "Menampilkan {k} kunjungan dengan peserta-km terbesar, dari {n}."),
    "ins.h_assumptions": ("Assumptions and sources", "Asumsi dan sumber"),
    "ins.status_exact": ("exact size", "jumlah pasti"),
    "ins.status_estimated": ("estimated size", "jumlah perkiraan"),
    "ins.status_unknown_size": ("size unknown: not costed", "jumlah tidak diketahui: tidak dihitung"),
    "ins.status_unknown_distance": ("distance unknown: not costed", "jarak tidak diketahui: tidak dihitung"),
    "ins.band_lt": ("under {a} km", "di bawah {a} km"),
    "ins.band_mid": ("{a}–{b} km", "{a}–{b} km"),
    "ins.band_gt": ("over {b} km", "di atas {b} km"),
    "ins.a_delegates": (
        "Delegates: the number stated in the article; when only words are given (e.g. 'puluhan'), the midpoint "
        "of the range they mean, or its one known bound ('more than 20' counts as 20); flagged as estimated.",
        "Peserta: jumlah yang disebut dalam berita; jika hanya berupa kata (mis. 'puluhan'), nilai tengah "
        "rentangnya, atau satu batas yang diketahui ('lebih dari 20' dihitung 20); ditandai sebagai perkiraan.",
    ),
    "ins.a_transport": (
        "Round-trip transport per person by one-way distance — {v}. A project assumption bracketing typical "
        "fares (road, one economy flight, a long domestic flight); the Ministry of Finance's Standar Biaya Masukan "
        "lists route-by-route airfare ceilings to use instead.",
        "Transportasi pulang-pergi per orang menurut jarak sekali jalan — {v}. Asumsi proyek yang mencakup tarif "
        "umum (darat, satu penerbangan ekonomi, penerbangan domestik jauh); Standar Biaya Masukan Kemenkeu memuat "
        "batas tiket pesawat per rute yang dapat dipakai sebagai gantinya.",
    ),
    "ins.a_per_diem": (
        "Daily allowance (uang harian, out of town) {v} per day: the lowest and highest province in the Ministry "
        "of Finance's Standar Biaya Masukan (PMK 49/2023 for 2024; the same figures in PMK 32/2025 for 2026).",
        "Uang harian perjalanan dinas luar kota {v} per hari: provinsi terendah dan tertinggi dalam Standar Biaya "
        "Masukan Kemenkeu (PMK 49/2023 untuk 2024; angka yang sama di PMK 32/2025 untuk 2026).",
    ),
    "ins.a_lodging": (
        "Lodging {v} per night for staff grades (eselon IV, golongan I–III), lowest and highest province ceiling "
        "in PMK 49/2023; nights = days − 1.",
        "Penginapan {v} per malam untuk eselon IV dan golongan I–III, batas provinsi terendah dan tertinggi dalam "
        "PMK 49/2023; jumlah malam = hari − 1.",
    ),
    "ins.a_days": ("Days per visit: {v} (a project assumption).", "Hari per kunjungan: {v} (asumsi proyek)."),
    "ins.a_emission": (
        "Emissions, kg CO₂e per passenger-km — {v}: UK DESNZ (formerly DEFRA) greenhouse gas conversion factors "
        "2024 for business travel (coach ≈0.027; flights with radiative forcing: domestic ≈0.255, short-haul "
        "≈0.156, long-haul ≈0.150). UK factors, a published yardstick rather than Indonesia's own.",
        "Emisi, kg CO₂e per penumpang-km — {v}: faktor konversi gas rumah kaca UK DESNZ (dulu DEFRA) 2024 untuk "
        "perjalanan dinas (bus ≈0,027; pesawat dengan radiative forcing: domestik ≈0,255, jarak pendek ≈0,156, "
        "jarak jauh ≈0,150). Faktor Inggris, tolok ukur terbitan resmi, bukan angka Indonesia sendiri.",
    ),
    "ins.a_excluded": (
        "Not included: representation allowances, local transport, meeting and souvenir costs; trips abroad are "
        "priced at domestic rates. These are rough defaults for an order of magnitude, not a budget.",
        "Tidak termasuk: uang representasi, transportasi lokal, biaya rapat dan cendera mata; perjalanan ke luar "
        "negeri dihitung dengan tarif dalam negeri. Ini nilai bawaan kasar untuk gambaran besaran, bukan anggaran.",
    ),
    # ---------------------------------------------------------------- briefing on the page
    "ins.brief_intro": (
        "A printable brief of the current view (filters and language as now): headline numbers, flow map, "
        "timeline, top hosts and topics, cost estimate and method notes.",
        "Ringkasan siap cetak dari tampilan saat ini (filter dan bahasa seperti sekarang): angka utama, peta arus, "
        "linimasa, tuan rumah dan topik teratas, perkiraan biaya, dan catatan metode.",
    ),
    "ins.brief_html": ("Download the brief (HTML)", "Unduh ringkasan (HTML)"),
    "ins.brief_pdf": ("Download the brief (PDF)", "Unduh ringkasan (PDF)"),
    "ins.brief_make_pdf": ("Make the PDF", "Buat PDF"),
    "ins.brief_no_pdf": (
        "No PDF engine on this machine (WeasyPrint or Chromium). Download the HTML and print it to PDF from your "
        "browser: it is laid out for A4.",
        "Tidak ada mesin PDF di komputer ini (WeasyPrint atau Chromium). Unduh HTML lalu cetak ke PDF dari "
        "peramban: tata letaknya sudah untuk A4.",
    ),
    "ins.brief_pdf_failed": ("The PDF could not be made: {e}. The HTML works.",
                             "PDF tidak dapat dibuat: {e}. HTML tetap dapat dipakai."),
    "ins.brief_preview": ("Preview", "Pratinjau"),
    # ---------------------------------------------------------------- the brief
    "brief.title": ("Study visits: briefing", "Kunjungan studi banding: ringkasan"),
    "brief.subtitle": ("{n} visits · generated {date} by Study Visit Atlas",
                       "{n} kunjungan · dibuat {date} oleh Atlas Studi Banding"),
    "brief.subtitle_of": ("{n} of {m} visits · generated {date} by Study Visit Atlas",
                          "{n} dari {m} kunjungan · dibuat {date} oleh Atlas Studi Banding"),
    "brief.filters": ("Filters", "Filter"),
    "brief.no_filters": ("none (all visits)", "tidak ada (semua kunjungan)"),
    "brief.f_years": ("years {a}–{b}", "tahun {a}–{b}"),
    "brief.f_topics": ("topics: {v}", "topik: {v}"),
    "brief.f_types": ("visit types: {v}", "jenis kunjungan: {v}"),
    "brief.f_inst": ("institutions: {v}", "lembaga: {v}"),
    "brief.f_origin": ("visitors' provinces: {v}", "provinsi tamu: {v}"),
    "brief.f_host": ("hosts' provinces: {v}", "provinsi tuan rumah: {v}"),
    "brief.f_place": ("place contains “{v}”", "tempat memuat “{v}”"),
    "brief.h_headline": ("Headline numbers", "Angka utama"),
    "brief.k_visits": ("visits", "kunjungan"),
    "brief.k_visitors": ("distinct visitors", "tamu berbeda"),
    "brief.k_hosts": ("distinct hosts", "tuan rumah berbeda"),
    "brief.k_to_java": ("of {n} regional visits go from outside Java to Java",
                        "dari {n} kunjungan antardaerah pergi dari luar Jawa ke Jawa"),
    "brief.k_cost": ("estimated cost of {n} costed visits (rough range)",
                     "perkiraan biaya {n} kunjungan yang dihitung (rentang kasar)"),
    "brief.k_co2": ("estimated CO₂e of {n} costed visits (rough range)",
                    "perkiraan CO₂e {n} kunjungan yang dihitung (rentang kasar)"),
    "brief.idr_million": ("Rp {n} million", "Rp {n} juta"),
    "brief.idr_billion": ("Rp {n} billion", "Rp {n} miliar"),
    "brief.idr_trillion": ("Rp {n} trillion", "Rp {n} triliun"),
    "brief.h_map": ("Who visits whom", "Siapa mengunjungi siapa"),
    "brief.map_note": (
        "Lines run from visitor to host, wider for more visits; blue circles are hosts, larger for more visits. "
        "{n} visits are not drawn (a place unknown, or abroad).",
        "Garis dari tamu ke tuan rumah, makin tebal makin banyak kunjungan; lingkaran biru adalah tuan rumah, "
        "makin besar makin banyak kunjungan. {n} kunjungan tidak digambar (tempat tidak diketahui atau luar negeri).",
    ),
    "brief.map_routes": ("Lines are drawn for the {k} busiest of {m} routes; the circles count every visit.",
                         "Garis digambar untuk {k} rute tersibuk dari {m} rute; lingkaran menghitung semua kunjungan."),
    "brief.h_timeline": ("When", "Kapan"),
    "brief.timeline_note_month": (
        "Visits per month. Left out: {y} dated to a year only, {u} with no known date.",
        "Kunjungan per bulan. Tidak termasuk: {y} yang hanya diketahui tahunnya, {u} tanpa tanggal.",
    ),
    "brief.timeline_note_year": (
        "Visits per year. Left out: {u} with no known date.",
        "Kunjungan per tahun. Tidak termasuk: {u} tanpa tanggal.",
    ),
    "brief.no_dates": ("No visit has a known date.", "Tidak ada kunjungan dengan tanggal yang diketahui."),
    "brief.h_hosts": ("Top hosts", "Tuan rumah teratas"),
    "brief.hosts_note": ("{n} visits with an unknown host are not ranked.",
                         "{n} kunjungan dengan tuan rumah tidak diketahui tidak diperingkat."),
    "brief.h_topics": ("Top topics and their main host", "Topik teratas dan tuan rumah utamanya"),
    "brief.topics_note": ("A visit can have several topics. {n} visits have no known topic.",
                          "Satu kunjungan bisa memiliki beberapa topik. {n} kunjungan tidak memiliki topik."),
    "brief.h_scopes": ("Where visits go", "Ke mana kunjungan pergi"),
    "brief.h_cost": ("What the travel costs (rough estimate)", "Berapa biaya perjalanannya (perkiraan kasar)"),
    "brief.cost_line": (
        "{n} visits with a known delegation size and distance: {d} delegates, {km} delegate-km. Estimated cost",
        "{n} kunjungan dengan jumlah peserta dan jarak diketahui: {d} peserta, {km} peserta-km. Perkiraan biaya",
    ),
    "brief.cost_none": ("No visit has both a known delegation size and a known distance.",
                        "Tidak ada kunjungan dengan jumlah peserta dan jarak yang diketahui."),
    "brief.cost_apart": (
        "{e} of them use a size estimated from words. Not costed (counted apart, not as zero): {s} with an unknown "
        "delegation size, {d} with an unknown distance.",
        "{e} di antaranya memakai jumlah perkiraan dari kata-kata. Tidak dihitung (terpisah, bukan nol): {s} tanpa "
        "jumlah peserta, {d} tanpa jarak.",
    ),
    "brief.h_method": ("How these numbers were made", "Cara angka ini dibuat"),
    "brief.m_data": (
        "The data: Indonesian news articles about inter-government study visits (kunjungan kerja, studi banding, "
        "benchmarking, studi tiru, training field visits), read automatically into one row per visit. A visit "
        "reported by several articles is counted once. Only visits that were reported can be counted.",
        "Data: berita berbahasa Indonesia tentang kunjungan antarpemerintah (kunjungan kerja, studi banding, "
        "benchmarking, studi tiru, kunjungan diklat), dibaca otomatis menjadi satu baris per kunjungan. Kunjungan "
        "yang diberitakan beberapa media dihitung sekali. Hanya kunjungan yang diberitakan yang dapat dihitung.",
    ),
    "brief.m_unknown": (
        "What is unknown stays unknown: {o} visits have an unknown visitor and {h} an unknown host; undated "
        "visits, visits without topic, size or distance are counted apart in each section, never as zero.",
        "Yang tidak diketahui tetap tidak diketahui: {o} kunjungan tanpa tamu yang diketahui dan {h} tanpa tuan "
        "rumah; kunjungan tanpa tanggal, topik, jumlah peserta atau jarak dihitung terpisah di tiap bagian, "
        "bukan sebagai nol.",
    ),
    "brief.m_places": (
        "Places are matched to the official list of regions (Kemendagri codes); distances are straight lines "
        "between region seats. Island groups follow the 38 provinces, including the new Papua provinces.",
        "Tempat dicocokkan dengan daftar resmi daerah (kode Kemendagri); jarak adalah garis lurus antar-ibu kota "
        "daerah. Kelompok pulau mengikuti 38 provinsi, termasuk provinsi baru di Papua.",
    ),
    "brief.m_cost": (
        "Cost and CO₂e: delegates × round-trip distance, priced per person with the assumptions listed above "
        "and always given as a low–high range.",
        "Biaya dan CO₂e: jumlah peserta × jarak pulang-pergi, dihitung per orang dengan asumsi di atas dan "
        "selalu berupa rentang rendah–tinggi.",
    ),
    "brief.m_rough": (
        "The cost defaults are rough and for an order of magnitude only; check them against the current "
        "regulation before quoting a figure.",
        "Nilai bawaan biaya bersifat kasar, hanya untuk gambaran besaran; cocokkan dengan peraturan terbaru "
        "sebelum mengutip angka.",
    ),
    "brief.none": ("None in this view.", "Tidak ada pada tampilan ini."),
}
