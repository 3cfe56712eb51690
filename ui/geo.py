"""The offline map of Indonesia: outline data, map extent, and place coordinates for province-level flows.

plotly's geo base layers (land, coastlines, countries) are fetched from a CDN and render blank offline, so the map
turns them all off and draws Natural Earth outlines shipped in data/geo/outline.json (see data/geo/SOURCES.md and
scripts/build_geo.py) as filled Scattergeo polygons.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

ROOT = Path(__file__).resolve().parents[1]
OUTLINE_PATH = ROOT / "data" / "geo" / "outline.json"
REGIONS_PATH = ROOT / "data" / "gazetteer" / "regions.csv"

# What the map shows: all of Indonesia (Sabang 95.3E to Merauke 141E, Miangas 5.6N to Rote 11S) with a margin.
# Foreign places inside it are drawn; those outside it are listed beside the map.
MAP_LON = (93.5, 142.5)
MAP_LAT = (-12.5, 9.0)

LAND_FOCUS = "#e9e4d8"
LAND_OTHER = "#f3f2ee"
COAST = "#a9a294"
SEA = "#f4f8fb"

# Every base layer plotly could fetch from its CDN, switched off.
BASE_LAYERS_OFF = {
    "showland": False,
    "showocean": False,
    "showlakes": False,
    "showrivers": False,
    "showcountries": False,
    "showcoastlines": False,
    "showsubunits": False,
    "showframe": False,
}


@lru_cache(maxsize=2)
def read_outline(path: Path = OUTLINE_PATH) -> dict:
    """The simplified country outlines written by scripts/build_geo.py."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def in_map(lat: pd.Series, lon: pd.Series) -> pd.Series:
    """True where a coordinate falls inside the drawn map extent (NaN coordinates are outside)."""
    return lat.between(*MAP_LAT) & lon.between(*MAP_LON)


def _rings_to_xy(rings: list[list[list[float]]]) -> tuple[list, list]:
    # One trace per group of rings: None between rings lifts the pen, so a country is one trace, not hundreds.
    lon: list = []
    lat: list = []
    for ring in rings:
        lon.extend(p[0] for p in ring)
        lat.extend(p[1] for p in ring)
        lon.append(None)
        lat.append(None)
    return lon, lat


def to_outline_traces(outline: dict) -> list[go.Scattergeo]:
    """Two filled polygon traces: Indonesia, and its neighbours in a lighter tone (no hover, no legend)."""
    traces = []
    for focus, fill in ((False, LAND_OTHER), (True, LAND_FOCUS)):
        rings = [r for c in outline["countries"] if c["focus"] is focus for r in c["rings"]]
        lon, lat = _rings_to_xy(rings)
        traces.append(
            go.Scattergeo(
                lon=lon, lat=lat, mode="lines", fill="toself", fillcolor=fill,
                line={"color": COAST, "width": 0.6}, hoverinfo="skip", showlegend=False,
                name="Indonesia" if focus else "neighbours",
            )
        )
    return traces


def to_outline_arrays(outline: dict) -> tuple[dict, dict]:
    """The two traces of to_outline_traces as plain dicts whose points are numpy object arrays (None between rings).

    Plotly takes an array in one step where a list of ~9,000 points is checked point by point, and copies it
    without walking it; an object array is still written out as the same JSON list (float arrays would go out as
    base64 doubles: 47 KB more per chart). The outline never changes, so it is built once per outline (the dicts
    are shared: callers copy, never edit).
    """
    key = id(outline)
    kept = _OUTLINE_ARRAYS.get(key)
    if kept is not None and kept[0] is outline:
        return kept[1]
    traces = []
    for focus, fill in ((False, LAND_OTHER), (True, LAND_FOCUS)):
        rings = [r for c in outline["countries"] if c["focus"] is focus for r in c["rings"]]
        lon, lat = _rings_to_xy(rings)
        traces.append({
            "type": "scattergeo", "lon": np.array(lon, dtype=object), "lat": np.array(lat, dtype=object),
            "mode": "lines", "fill": "toself", "fillcolor": fill, "line": {"color": COAST, "width": 0.6},
            "hoverinfo": "skip", "showlegend": False, "name": "Indonesia" if focus else "neighbours",
        })
    for a in (t[k] for t in traces for k in ("lon", "lat")):
        a.flags.writeable = False  # shared by every figure
    if len(_OUTLINE_ARRAYS) >= 4:  # the app has one outline; tests may pass many
        _OUTLINE_ARRAYS.pop(next(iter(_OUTLINE_ARRAYS)))
    pair = (traces[0], traces[1])
    _OUTLINE_ARRAYS[key] = (outline, pair)  # the outline kept too, so its id is not reused
    return pair


_OUTLINE_ARRAYS: dict[int, tuple[dict, tuple[dict, dict]]] = {}


def to_geo_layout(lon_range: tuple[float, float] = MAP_LON, lat_range: tuple[float, float] = MAP_LAT) -> dict:
    """A geo layout with every remote base layer off and the view fixed on Indonesia."""
    return {
        **BASE_LAYERS_OFF,
        "projection": {"type": "mercator"},
        "lonaxis": {"range": list(lon_range), "showgrid": False},
        "lataxis": {"range": list(lat_range), "showgrid": False},
        "bgcolor": SEA,
        "resolution": 50,
    }


def read_province_seats(path: Path = REGIONS_PATH) -> pd.DataFrame:
    """Province -> seat lat/lon from the gazetteer; empty (same columns) when the file is absent."""
    cols = ["province", "lat", "lon"]
    if not Path(path).exists():
        return pd.DataFrame(columns=cols)
    regions = pd.read_csv(path, usecols=["level", "province", "lat", "lon"])
    return regions.loc[regions["level"] == "provinsi", cols].drop_duplicates("province").reset_index(drop=True)
