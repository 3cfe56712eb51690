"""The printable brief: its sections in both languages, its numbers, escaping, SVG charts and the PDF."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from etl import schema
from ui import briefing, cost
from ui.state import Filters

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import make_briefing  # noqa: E402 - a script, not a package

SEATS = {
    "Kota Medan": ("kota", "Sumatera Utara", 3.58, 98.67),
    "Kota Surabaya": ("kota", "Jawa Timur", -7.25, 112.74),
    "Kabupaten Sleman": ("kabupaten", "Daerah Istimewa Yogyakarta", -7.72, 110.35),
    "Kota Makassar": ("kota", "Sulawesi Selatan", -5.14, 119.43),
    "Kota Manado": ("kota", "Sulawesi Utara", 1.47, 124.84),
    "Tokyo": ("foreign", None, 35.68, 139.69),
    # An article's words reach the page through names: they must be escaped.
    "Kota <script>alert(1)</script>": ("kota", "Bali", -8.65, 115.22),
}

# visit_id, origin, host, date, precision, size, min, max, distance_km, topics
ROWS = [
    ("v1", "Kota Medan", "Kota Surabaya", date(2024, 1, 10), "day", 10, None, None, 1400.0, ["egov"]),
    ("v2", "Kota Medan", "Kota Surabaya", date(2024, 3, 1), "month", None, 20, 30, 1400.0, ["egov", "finance"]),
    ("v3", "Kota Makassar", "Kota Surabaya", date(2024, 3, 5), "day", 6, None, None, 800.0, ["egov"]),
    ("v4", "Kabupaten Sleman", "Kota Surabaya", date(2024, 1, 1), "year", None, None, None, 250.0, ["health"]),
    ("v5", "Kota Makassar", "Kota Manado", None, "unknown", 4, None, None, 1000.0, []),
    ("v6", "Kota Surabaya", "Tokyo", date(2024, 2, 2), "day", 5, None, None, 5300.0, ["smart_city"]),
    ("v7", "Kota Manado", "Kota <script>alert(1)</script>", date(2024, 2, 20), "day", 3, None, None, 1900.0,
     ["tourism_culture"]),
]


def make_visits() -> pd.DataFrame:
    records = []
    for vid, origin, host, day, prec, size, lo, hi, dist, topics in ROWS:
        rec = {"visit_id": vid, "date": day, "date_precision": prec, "year": day.year if day else None,
               "delegation_size": size, "delegation_min": lo, "delegation_max": hi, "distance_km": dist,
               "topics": topics, "visit_type": "comparative_study"}
        for side, name in (("origin", origin), ("host", host)):
            level, province, lat, lon = SEATS[name]
            rec.update({f"{side}_name": name, f"{side}_level": level, f"{side}_province": province,
                        f"{side}_lat": lat, f"{side}_lon": lon, f"{side}_resolution": "gazetteer"})
        records.append(rec)
    return schema.to_arrow("visits", pd.DataFrame(records)).to_pandas()


HEADINGS = {
    "en": ["Headline numbers", "Who visits whom", "When", "Top hosts", "Top topics", "Where visits go",
           "What the travel costs", "How these numbers were made"],
    "id": ["Angka utama", "Siapa mengunjungi siapa", "Kapan", "Tuan rumah teratas", "Topik teratas",
           "Ke mana kunjungan pergi", "Berapa biaya perjalanannya", "Cara angka ini dibuat"],
}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_brief_has_every_section_in_its_language(lang):
    page = briefing.to_brief_html(make_visits(), lang, generated=date(2026, 11, 25), outline=briefing.read_outline())
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
    positions = [page.index(f'<section id="{s}"') for s in briefing.SECTIONS]
    assert positions == sorted(positions)
    for heading in HEADINGS[lang]:
        assert heading in page
    other = HEADINGS["id" if lang == "en" else "en"]
    assert not any(h in page for h in other if h not in HEADINGS[lang])


def test_brief_is_self_contained_and_escapes_article_text():
    page = briefing.to_brief_html(make_visits(), "en", outline=briefing.read_outline())
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Nothing fetched: no scripts, no external stylesheets, images or fonts.
    assert not re.search(r"<script|<link|<img|@import|url\(|src=", page)
    assert page.count("<svg") == 2


def test_brief_numbers():
    page = briefing.to_brief_html(make_visits(), "en", total_visits=20, generated=date(2026, 11, 25))
    assert "7 of 20 visits · generated 2026-11-25" in page
    # Regional visits v1 v2 v3 v4 v5 v7 = 6 (v6 goes abroad); from outside Java to Java: v1 v2 v3 = 3 -> 50%.
    assert "<b>50%</b><span>of 6 regional visits go from outside Java to Java</span>" in page
    # Distinct named visitors: Medan, Makassar, Sleman, Surabaya, Manado = 5; hosts: Surabaya, Manado, Tokyo, <script> = 4.
    assert "<b>5</b><span>distinct visitors</span>" in page
    assert "<b>4</b><span>distinct hosts</span>" in page
    # Every visit has a size (or a range) and a distance except v4 (no size): 6 costed, v2 estimated from its range.
    assert "6 visits with a known delegation size and distance: 53 delegates" in page  # 10+25+6+4+5+3
    assert "1 of them use a size estimated from words" in page
    assert "1 with an unknown delegation size, 0 with an unknown distance" in page
    # Top host row: Surabaya, 4 visits from 3 distinct visitors.
    assert re.search(r"<td[^>]*>Kota Surabaya</td><td[^>]*>Jawa Timur</td><td[^>]*>4</td><td[^>]*>3</td>", page)


def test_brief_with_filters_lists_them():
    f = Filters(year_min=2023, year_max=2024, topics=("egov",), host_provinces=("Jawa Timur",), lang="id")
    page = briefing.to_brief_html(make_visits(), "id", filters=f)
    assert "tahun 2023–2024; topik: E-government &amp; SPBE; provinsi tuan rumah: Jawa Timur" in page
    assert "tidak ada (semua kunjungan)" not in briefing.to_brief_html(make_visits(), "id", filters=f)
    assert "tidak ada (semua kunjungan)" in briefing.to_brief_html(make_visits(), "id", filters=Filters())


def test_brief_of_an_empty_view_still_renders():
    page = briefing.to_brief_html(make_visits().iloc[0:0], "en")
    for s in briefing.SECTIONS:
        assert f'<section id="{s}"' in page
    assert "No visit has both a known delegation size and a known distance." in page
    assert "No visit has a known date." in page


def test_flow_routes_leave_out_what_is_off_the_map():
    routes, not_drawn = briefing.to_flow_routes(make_visits())
    assert not_drawn == 1  # v6 to Tokyo
    got = {(r.origin, r.host): r.visits for r in routes.itertuples()}
    assert got[("Kota Medan", "Kota Surabaya")] == 2
    assert sum(got.values()) == 6


def test_map_svg_uses_the_outline_or_falls_back_to_dots():
    visits = make_visits()
    with_outline = briefing.to_map_svg(visits, {"countries": [{"focus": True, "rings": [[[100, 0], [101, 0], [101, 1]]]}]})
    assert "<path d=\"M" in with_outline and "Kota Surabaya (4)" in with_outline
    dots = briefing.to_map_svg(visits, None, points=[(110.0, -7.0), (200.0, 0.0)])
    assert dots.count('r="1.6"') == 1  # the point outside the map is not drawn
    # Equirectangular: the map's corners land on the SVG's corners.
    w = briefing.MAP_WIDTH
    h = round(w * (briefing.MAP_LAT[1] - briefing.MAP_LAT[0]) / (briefing.MAP_LON[1] - briefing.MAP_LON[0]))
    assert briefing._project(briefing.MAP_LON[0], briefing.MAP_LAT[1], w, h) == (0, 0)
    assert briefing._project(briefing.MAP_LON[1], briefing.MAP_LAT[0], w, h) == (w, h)


def test_timeline_bars_monthly_with_year_only_and_undated_apart():
    bars = briefing.to_timeline_bars(make_visits())
    # Month-dated: Jan (v1), Feb (v6, v7), Mar (v2, v3); v4 is dated to 2024 only, v5 not at all.
    assert (bars.freq, bars.periods, bars.counts) == ("month", ["2024-01", "2024-02", "2024-03"], [1, 2, 2])
    assert (bars.n_year_only, bars.n_undated) == (1, 1)


def test_timeline_bars_yearly_for_long_spans():
    visits = make_visits()
    visits.loc[0, "date"] = date(2019, 5, 1)
    visits.loc[0, "year"] = 2019
    bars = briefing.to_timeline_bars(visits, max_months=36)
    # 2019-05 to 2024-03 is 59 months: yearly bars, gaps as zeros; every dated visit counts (v4 too).
    assert bars.freq == "year"
    assert bars.periods == ["2019", "2020", "2021", "2022", "2023", "2024"]
    assert bars.counts == [1, 0, 0, 0, 0, 5]


def test_assumptions_name_their_sources():
    lines = briefing.to_assumption_lines(cost.DEFAULT_PARAMS, "en")
    text = " ".join(lines)
    for needle in ("PMK 49/2023", "Standar Biaya Masukan", "DESNZ", "Rp 360,000 – 580,000", "rough defaults"):
        assert needle in text
    assert "Rp 360.000 – 580.000" in " ".join(briefing.to_assumption_lines(cost.DEFAULT_PARAMS, "id"))


def count_pdf_pages(data: bytes) -> int:
    """Pages in a PDF, also when its objects sit in compressed object streams (WeasyPrint writes them)."""
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    return sum(len(re.findall(rb"/Type\s*/Page(?![s\w])", c)) for c in chunks)


ENGINES = [e for e in ("weasyprint", "chromium") if briefing.PDF_ENGINES[e]()]


@pytest.mark.parametrize("engine", ["weasyprint", "chromium"])
def test_pdf_renders_offline(engine, tmp_path):
    if engine not in ENGINES:
        pytest.skip(f"{engine} is not installed on this machine (pip weasyprint / apt chromium)")
    page = briefing.to_brief_html(make_visits(), "id", outline=briefing.read_outline())
    pdf = briefing.render_pdf(page, engine=engine)
    assert pdf.startswith(b"%PDF-")
    assert 2 <= count_pdf_pages(pdf) <= 5


def test_weasyprint_is_the_default_engine_here():
    # requirements.txt pins WeasyPrint; this machine has Pango, so the in-process engine must be found first.
    assert briefing.find_pdf_engine() == "weasyprint"


def test_missing_pdf_engine_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(briefing, "PDF_ENGINES", {"weasyprint": lambda: False, "chromium": lambda: False})
    assert briefing.find_pdf_engine() is None
    with pytest.raises(briefing.PdfEngineMissing):
        briefing.render_pdf("<html></html>")


@pytest.fixture(scope="module")
def sample_data_dir(tmp_path_factory) -> Path:
    """The bundled sample articles run through the real ETL into a fresh folder (as `make run` does on first start)."""
    from etl.pipeline import run_etl  # noqa: PLC0415 - heavy; only these tests need it

    out = tmp_path_factory.mktemp("sample") / "processed"
    run_etl([Path("data/sample/articles")], out)
    return out


@pytest.mark.parametrize("lang", ["en", "id"])
def test_cli_writes_the_sample_brief(sample_data_dir, tmp_path, lang, capsys):
    html_path, pdf_path = tmp_path / "brief.html", tmp_path / "brief.pdf"
    code = make_briefing.main(["--data-dir", str(sample_data_dir), "--lang", lang, "--out", str(html_path),
                               "--pdf", str(pdf_path)])
    assert code == 0
    page = html_path.read_text(encoding="utf-8")
    assert all(f'<section id="{s}"' in page for s in briefing.SECTIONS)
    assert all(h in page for h in HEADINGS[lang])
    n = len(pd.read_parquet(sample_data_dir / "visits.parquet"))
    assert n > 20
    assert f"wrote {html_path} ({n} of {n} visits)" in capsys.readouterr().out
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF-") and 2 <= count_pdf_pages(pdf) <= 6


def test_cli_filters_and_missing_data(sample_data_dir, tmp_path, capsys):
    out = tmp_path / "b.html"
    assert make_briefing.main(["--data-dir", str(sample_data_dir), "--topic", "egov", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "topics: E-government &amp; digital services" in page
    assert make_briefing.main(["--data-dir", str(tmp_path / "nothing"), "--out", str(out)]) == 1
    assert "visits.parquet not found" in capsys.readouterr().err


def test_cli_without_pdf_engine_still_writes_html(sample_data_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(briefing, "PDF_ENGINES", {"weasyprint": lambda: False, "chromium": lambda: False})
    out, pdf = tmp_path / "b.html", tmp_path / "b.pdf"
    assert make_briefing.main(["--data-dir", str(sample_data_dir), "--out", str(out), "--pdf", str(pdf)]) == 2
    assert out.is_file() and not pdf.exists()


@pytest.mark.parametrize(
    ("low", "high", "lang", "text"),
    [
        (175_964_000, 674_560_000, "en", "Rp 176 – 675 million"),
        (175_964_000, 674_560_000, "id", "Rp 176 – 675 juta"),
        (2_100_000_000, 8_600_000_000, "en", "Rp 2.1 – 8.6 billion"),
        (2_100_000_000, 8_600_000_000, "id", "Rp 2,1 – 8,6 miliar"),
        (400_000_000, 1_200_000_000, "en", "Rp 0.4 – 1.2 billion"),  # one unit for both ends
        (4_000_500_000_000, 15_097_700_000_000, "id", "Rp 4,0 – 15,1 triliun"),
    ],
)
def test_idr_range(low, high, lang, text):
    assert briefing.to_idr_range(cost.Range(low, high), lang) == text


def test_backdrop_is_the_outline_or_else_region_dots(tmp_path):
    outline, points = briefing.read_backdrop()
    assert outline is not None and points is None  # data/geo/outline.json ships with the repo
    assert any(c["focus"] for c in outline["countries"])
    assert briefing.read_outline(tmp_path / "absent.json") is None
    dots = briefing.read_region_points()
    assert len(dots) > 500  # 38 provinces + 514 regencies/cities in data/gazetteer/regions.csv


def test_finding_the_pdf_engine_does_not_import_weasyprint():
    """The import takes ~0.8 s; the Insights page asks on every first view whether a PDF can be offered."""

    code = ("import sys; from ui import briefing; ok = briefing._weasyprint_ok(); "
            "print(ok, 'weasyprint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    found, imported = out.stdout.split()
    assert imported == "False"
    assert found == str(importlib.util.find_spec("weasyprint") is not None)


def test_a_weasyprint_that_cannot_load_is_reported_as_a_missing_engine(monkeypatch):

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import now raises ImportError
    monkeypatch.setattr(briefing, "PDF_ENGINES", {"weasyprint": lambda: True, "chromium": lambda: False})
    with pytest.raises(briefing.PdfEngineMissing, match="WeasyPrint cannot be loaded"):
        briefing.render_pdf("<html></html>", engine="weasyprint")
