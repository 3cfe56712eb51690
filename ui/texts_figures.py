"""Texts of the charts and of the Flows, Timeline and Topics pages: key -> (English, Bahasa Indonesia)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # shared chart words
    "fig.visits": ("Visits", "Kunjungan"),
    "fig.delegates": ("Delegates", "Anggota rombongan"),
    "fig.share": ("Share of visits", "Porsi kunjungan"),
    "fig.share_pct": ("Share of the period's visits (%)", "Porsi kunjungan periode itu (%)"),
    "fig.year": ("Year", "Tahun"),
    "fig.month": ("Month", "Bulan"),
    "fig.topic": ("Topic", "Topik"),
    "fig.host": ("Host", "Tuan rumah"),
    "fig.origin": ("Visitor", "Pengunjung"),
    "fig.no_topic": ("No topic stated", "Topik tidak disebut"),
    "fig.empty": ("Nothing to show for these filters.", "Tidak ada data untuk filter ini."),
    "fig.range": ("{lo}–{hi} {unit}", "{lo}–{hi} {unit}"),
    "fig.single": ("{lo} {unit}", "{lo} {unit}"),
    "fig.hosts_in": ("Hosts (size: visits received)", "Tuan rumah (ukuran: kunjungan diterima)"),
    "fig.origins_out": ("Visitors (size: visits made)", "Pengunjung (ukuran: kunjungan dilakukan)"),
    "fig.route_hover": (
        "{origin} → {host}<br>{visits} visits · {delegates} delegates ({sized} of the visits give a size)",
        "{origin} → {host}<br>{visits} kunjungan · {delegates} anggota ({sized} kunjungan menyebut jumlah)",
    ),
    "fig.place_hover": (
        "{place}<br>{vin} visits received · {vout} visits made",
        "{place}<br>{vin} kunjungan diterima · {vout} kunjungan dilakukan",
    ),
    "fig.arrow": ("Direction (arrow points to the host)", "Arah (panah menunjuk tuan rumah)"),
    "fig.period_hover": ("{period}<br>{group}: {visits} visits", "{period}<br>{group}: {visits} kunjungan"),
    "fig.share_hover": ("{topic}<br>{visits} visits ({share} of all)", "{topic}<br>{visits} kunjungan ({share} dari semua)"),
    "fig.heat_hover": ("{y} · {x}: {z} visits", "{y} · {x}: {z} kunjungan"),
    "fig.heat_share_hover": ("{y} · {x}: {z} of the year's visits", "{y} · {x}: {z} kunjungan tahun itu"),
    "fig.hub_hover": ("{host}<br>{visits} visits · {share} of the topic", "{host}<br>{visits} kunjungan · {share} topik ini"),
    # Flows page
    "flows.title": ("Flows: who visits whom", "Arus: siapa mengunjungi siapa"),
    "flows.intro": (
        "Lines run from the visiting government to the host; the arrow near each host shows the direction. "
        "Line width grows with the number of visits (or delegates).",
        "Garis ditarik dari pemerintah yang berkunjung ke tuan rumah; panah di dekat tuan rumah menunjukkan arah. "
        "Tebal garis sesuai jumlah kunjungan (atau anggota rombongan).",
    ),
    "flows.level": ("Places", "Tingkat tempat"),
    "flows.level.region": ("City / regency / province", "Kota / kabupaten / provinsi"),
    "flows.level.province": ("Province (at its seat)", "Provinsi (di ibu kotanya)"),
    "flows.weight": ("Line width by", "Tebal garis menurut"),
    "flows.weight.visits": ("Visits", "Kunjungan"),
    "flows.weight.delegates": ("Delegates", "Anggota rombongan"),
    "flows.top_n": ("Routes shown", "Rute ditampilkan"),
    "flows.summary": (
        "{routed} of {total} visits have both ends on the map; {routes} routes, the top {shown} are drawn.",
        "{routed} dari {total} kunjungan punya asal dan tujuan di peta; {routes} rute, {shown} teratas digambar.",
    ),
    "flows.sized_note": (
        "Delegates: {sized} of {total} visits state a size (a stated range counts as its middle); the rest count 0.",
        "Anggota rombongan: {sized} dari {total} kunjungan menyebut jumlah (rentang dihitung nilai tengahnya); "
        "sisanya dihitung 0.",
    ),
    "flows.same_place": (
        "Visits within one place at this level (no line to draw): {n}.",
        "Kunjungan di dalam satu tempat pada tingkat ini (tanpa garis): {n}.",
    ),
    "flows.top_routes": ("Top routes", "Rute teratas"),
    "flows.apart": ("Not on the map: {n} visit ends", "Tidak di peta: {n} ujung kunjungan"),
    "flows.apart.help": (
        "Unresolved places (the text could not be matched to a region), places without coordinates, and foreign "
        "places outside the map. Counted per end: a visit with both ends unknown counts twice.",
        "Tempat yang tidak dikenali, tempat tanpa koordinat, dan tempat luar negeri di luar peta. Dihitung per "
        "ujung: kunjungan yang asal dan tujuannya tidak dikenal dihitung dua kali.",
    ),
    "flows.reason.unresolved": ("Unresolved", "Tidak dikenali"),
    "flows.reason.no_coordinates": ("No coordinates", "Tanpa koordinat"),
    "flows.reason.outside_map": ("Outside the map", "Di luar peta"),
    "flows.side.origin": ("Visitor", "Pengunjung"),
    "flows.side.host": ("Host", "Tuan rumah"),
    "flows.col.reason": ("Why", "Alasan"),
    "flows.col.side": ("End", "Ujung"),
    "flows.col.place": ("Place (as written)", "Tempat (seperti tertulis)"),
    "flows.pick": ("Look at one place", "Lihat satu tempat"),
    "flows.pick.none": ("(choose a place)", "(pilih tempat)"),
    "flows.came": ("Who came to {place}", "Siapa yang datang ke {place}"),
    "flows.went": ("Where {place} went", "Ke mana {place} pergi"),
    "flows.none_came": ("No visits to {place} in this selection.", "Tidak ada kunjungan ke {place} di pilihan ini."),
    "flows.none_went": ("No visits from {place} in this selection.", "Tidak ada kunjungan dari {place} di pilihan ini."),
    "flows.no_routes": (
        "No visit in this selection has both ends on the map.",
        "Tidak ada kunjungan di pilihan ini yang asal dan tujuannya ada di peta.",
    ),
    "flows.map_source": (
        "Outlines: Natural Earth (public domain). The map is drawn offline.",
        "Garis pantai: Natural Earth (domain publik). Peta digambar tanpa internet.",
    ),
    # Timeline page
    "timeline.title": ("Timeline: when visits happen", "Linimasa: kapan kunjungan terjadi"),
    "timeline.freq": ("Per", "Per"),
    "timeline.freq.month": ("Month", "Bulan"),
    "timeline.freq.quarter": ("Quarter", "Triwulan"),
    "timeline.freq.year": ("Year", "Tahun"),
    "timeline.stack": ("Split by", "Dipilah menurut"),
    "timeline.stack.none": ("Nothing", "Tidak dipilah"),
    "timeline.stack.topic": ("Topic", "Topik"),
    "timeline.stack.visit_type": ("Visit type", "Jenis kunjungan"),
    "timeline.stack.origin_institution_type": ("Who travelled", "Siapa yang berkunjung"),
    "timeline.share": ("Show as share of each period", "Tampilkan sebagai porsi tiap periode"),
    "timeline.placed": (
        "{placed} of {total} visits are on this chart.",
        "{placed} dari {total} kunjungan ada di grafik ini.",
    ),
    "timeline.unknown": (
        "Visits with no known date: {n} (left out of every view).",
        "Kunjungan tanpa tanggal: {n} (tidak ada di tampilan mana pun).",
    ),
    "timeline.year_only": (
        "Visits dated to a year only: {n}; they appear in the yearly view, not per month or quarter. "
        "Visits dated to a month are placed in that month.",
        "Kunjungan yang hanya diketahui tahunnya: {n}; tampil di tampilan per tahun, tidak per bulan atau triwulan. "
        "Kunjungan yang diketahui bulannya ditempatkan di bulan itu.",
    ),
    "timeline.multi_topic": (
        "Split by topic, a visit with several topics counts once in each.",
        "Dipilah per topik, kunjungan dengan beberapa topik dihitung sekali di setiap topik.",
    ),
    "timeline.season": ("Seasonality: visits per month and year", "Musim: kunjungan per bulan dan tahun"),
    "timeline.season_note": (
        "Visits dated to a day or a month only.",
        "Hanya kunjungan yang diketahui tanggal atau bulannya.",
    ),
    "timeline.busiest": ("Busiest month overall: {month}.", "Bulan tersibuk secara keseluruhan: {month}."),
    # Topics page
    "topics.title": ("Topics: what governments go to learn", "Topik: apa yang dipelajari"),
    "topics.shares": ("Share of visits per topic", "Porsi kunjungan per topik"),
    "topics.multi": (
        "A visit with several topics counts in each ({multi} of {total} visits have two or more), so the shares add "
        "up to more than 100%. {none} visits name no topic.",
        "Kunjungan dengan beberapa topik dihitung di setiap topik ({multi} dari {total} kunjungan punya dua topik "
        "atau lebih), jadi jumlah porsinya lebih dari 100%. {none} kunjungan tidak menyebut topik.",
    ),
    "topics.by_year": ("Topics by year", "Topik per tahun"),
    "topics.normalize": ("Show as share of each year's visits", "Tampilkan sebagai porsi kunjungan tiap tahun"),
    "topics.hubs": ("Best-practice hubs: where people go to learn it", "Pusat praktik baik: ke mana orang belajar"),
    "topics.pick": ("Topic", "Topik"),
    "topics.hubs_table": ("Top host per topic", "Tuan rumah teratas per topik"),
    "topics.hub_unresolved": (
        "Visits on this topic to an unresolved host (not ranked): {n}.",
        "Kunjungan untuk topik ini ke tuan rumah yang tidak dikenali (tidak diperingkat): {n}.",
    ),
    "topics.col.top_host": ("Top host", "Tuan rumah teratas"),
    "topics.col.hub_share": ("Its share of the topic", "Porsinya di topik ini"),
}
