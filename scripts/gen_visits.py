"""Write a large, realistic synthetic visits dataset in the ETL's exact output format (for benchmarks and load tests).

All four Parquet tables (articles, visits, visit_sources, visit_topics) are conformed with etl.schema.to_arrow, so
the dashboard reads them exactly as it reads the ETL's output. Realistic on purpose: real gazetteer places and
coordinates, a few hosts that everyone visits (Zipf-like popularity), each host known for a topic or two, growth
over 2013-2025 with a pandemic dip, budget-year seasonality, and the unknowns the ETL really produces: dates known
only to the month or year or not at all, delegation sizes given as ranges or not at all, unresolved places.

    python scripts/gen_visits.py --n 1000000 --out /tmp/big
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the etl package is in the repo root

from etl import schema, taxonomy  # noqa: E402

GAZ = ROOT / "data" / "gazetteer"

# Hosts that draw delegations in the news, put at the head of the popularity ranking.
FAMOUS_HOSTS = (
    "Kota Surabaya", "Kabupaten Banyuwangi", "Kota Bandung", "Kota Yogyakarta", "Kota Makassar",
    "Kabupaten Sleman", "Kota Semarang", "Kabupaten Badung", "Kota Denpasar", "Kota Tangerang",
    "Kabupaten Kulon Progo", "Kota Malang", "Kabupaten Bantaeng", "Kota Padang", "Kota Pekanbaru",
)  # fmt: skip
YEARS = np.arange(2013, 2026)
# Relative visits per year: growth, the 2020-2021 pandemic dip, recovery.
YEAR_WEIGHTS = np.array([5, 6, 7, 8, 9, 10, 11, 3, 4, 9, 11, 12, 12], dtype=float)
# Relative visits per month: slow January, a Ramadan-ish dip mid-year, a rush before the budget year closes.
MONTH_WEIGHTS = np.array([3, 7, 9, 8, 7, 5, 8, 9, 10, 11, 12, 10], dtype=float)
UNRESOLVED_MENTIONS = ("Kabupaten Sukamaju", "Pemkot setempat", "kota tetangga", "Kab. Tanjung Sari", "daerah lain")


def read_places(gaz: Path = GAZ) -> pd.DataFrame:
    """name, level, province, lat, lon, code of the regions, national bodies and foreign places in the gazetteer."""
    regions = pd.read_csv(gaz / "regions.csv", dtype={"code": str})
    regions = regions[["name", "level", "code", "province", "lat", "lon"]]
    frames = [regions]
    if (gaz / "national.csv").exists():
        nat = pd.read_csv(gaz / "national.csv", dtype={"seat_code": str})
        seat = regions.set_index("code")
        nat = nat.assign(
            level="national", code=None, province=nat["seat_code"].map(seat["province"]),
            lat=nat["seat_code"].map(seat["lat"]), lon=nat["seat_code"].map(seat["lon"]),
        )[["name", "level", "code", "province", "lat", "lon"]]
        frames.append(nat)
    if (gaz / "foreign.csv").exists():
        fr = pd.read_csv(gaz / "foreign.csv")
        fr = fr.assign(level="foreign", code=None, province=None)[["name", "level", "code", "province", "lat", "lon"]]
        frames.append(fr)
    return pd.concat(frames, ignore_index=True)


def _institution(level: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    base = np.select(
        [level == "kota", level == "kabupaten", level == "provinsi", level == "national", level == "foreign"],
        ["pemkot", "pemkab", "pemprov", "national_agency", "foreign_government"], default="other",
    ).astype(object)
    # Regional parliaments travel as much as executives do.
    dprd = np.isin(level, ["kota", "kabupaten", "provinsi"]) & (rng.random(len(level)) < 0.35)
    base[dprd] = "dprd"
    base[rng.random(len(level)) < 0.03] = "university"
    return base


def build_tables(n: int, places: pd.DataFrame, seed: int = 7) -> dict[str, pd.DataFrame]:
    """The four tables for n synthetic visits (pure: same n, places and seed give the same tables)."""
    rng = np.random.default_rng(seed)
    regional = places[places["level"].isin(["kota", "kabupaten", "provinsi"])].reset_index(drop=True)
    national = places[places["level"] == "national"].reset_index(drop=True)
    foreign = places[places["level"] == "foreign"].reset_index(drop=True)

    # Host popularity: famous hosts first, then the rest shuffled; weight ~ 1 / rank^1.1.
    famous = regional["name"].isin(FAMOUS_HOSTS)
    rank = regional["name"].map({name: i for i, name in enumerate(FAMOUS_HOSTS)})
    order = np.concatenate([rank[famous].sort_values().index.to_numpy(), rng.permutation(np.flatnonzero(~famous))])
    host_w = np.zeros(len(regional))
    host_w[order] = 1.0 / np.arange(1, len(order) + 1) ** 1.1
    host_w /= host_w.sum()
    origin_w = rng.gamma(2.0, 1.0, len(regional))
    origin_w /= origin_w.sum()

    def pick(kind_p: list[float], weights: np.ndarray) -> pd.DataFrame:
        kind = rng.choice(4, size=n, p=kind_p)  # 0 regional, 1 national, 2 foreign, 3 unresolved
        idx_r = rng.choice(len(regional), size=n, p=weights)
        idx_n = rng.integers(0, max(len(national), 1), n)
        idx_f = rng.integers(0, max(len(foreign), 1), n)
        cols = {}
        for col in ("name", "level", "code", "province", "lat", "lon"):
            out = regional[col].to_numpy(dtype=object)[idx_r]
            if len(national):
                out = np.where(kind == 1, national[col].to_numpy(dtype=object)[idx_n], out)
            if len(foreign):
                out = np.where(kind == 2, foreign[col].to_numpy(dtype=object)[idx_f], out)
            cols[col] = out
        frame = pd.DataFrame(cols)
        unresolved = kind == 3
        frame["mention"] = frame["name"]
        frame.loc[unresolved, ["name", "code", "province", "lat", "lon"]] = None
        frame.loc[unresolved, "level"] = "unknown"
        frame.loc[unresolved, "mention"] = rng.choice(UNRESOLVED_MENTIONS, size=int(unresolved.sum()))
        frame["resolution"] = np.where(unresolved, "unresolved", "gazetteer")
        frame["lat"] = frame["lat"].astype("float64")
        frame["lon"] = frame["lon"].astype("float64")
        frame["idx"] = np.where(kind == 0, idx_r, -1)
        return frame

    host = pick([0.86, 0.05, 0.04, 0.05], host_w)
    origin = pick([0.93, 0.02, 0.0, 0.05], origin_w)

    visits = pd.DataFrame({"visit_id": [f"v{i:07d}" for i in range(n)]})

    # Dates: day 70%, month 15%, year 8%, unknown 7%.
    year = rng.choice(YEARS, size=n, p=YEAR_WEIGHTS / YEAR_WEIGHTS.sum())
    month = rng.choice(np.arange(1, 13), size=n, p=MONTH_WEIGHTS / MONTH_WEIGHTS.sum())
    day = rng.integers(1, 29, n)
    precision = rng.choice(np.array(["day", "month", "year", "unknown"]), size=n, p=[0.70, 0.15, 0.08, 0.07])
    date = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": np.where(precision == "day", day, 1)}))
    date = date.where(np.isin(precision, ["day", "month"]))
    visits["date"] = date.dt.date.where(date.notna(), None)
    visits["date_precision"] = precision
    visits["date_note"] = np.select(
        [precision == "month", precision == "year", precision == "unknown"],
        ["month and year only", "year only", "no date in text or publication date"], default=None,
    )
    visits["year"] = pd.array(np.where(precision == "unknown", pd.NA, year), dtype="Int32")

    for side, frame in (("origin", origin), ("host", host)):
        for col in ("name", "level", "code", "province", "lat", "lon", "resolution", "mention"):
            visits[f"{side}_{col}"] = frame[col].to_numpy()
        inst_type = _institution(frame["level"].to_numpy(dtype=object), rng)
        visits[f"{side}_institution_type"] = inst_type
        visits[f"{side}_institution"] = np.where(frame["name"].notna(), inst_type + " " + frame["name"].fillna(""), None)

    lat1, lon1, lat2, lon2 = (np.radians(visits[c].to_numpy(dtype=float)) for c in
                              ("origin_lat", "origin_lon", "host_lat", "host_lon"))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    visits["distance_km"] = np.round(2 * 6371.0 * np.arcsin(np.sqrt(a)), 1)

    # Delegations: stated 55%, a range 10%, unknown 35%.
    size_kind = rng.choice(3, size=n, p=[0.55, 0.10, 0.35])
    size = np.clip(np.round(rng.lognormal(2.6, 0.7, n)), 2, 400).astype("int64")
    visits["delegation_size"] = pd.array(np.where(size_kind == 0, size, pd.NA), dtype="Int32")
    visits["delegation_min"] = pd.array(np.where(size_kind == 1, size, pd.NA), dtype="Int32")
    visits["delegation_max"] = pd.array(np.where(size_kind == 1, size + rng.integers(5, 20, n), pd.NA), dtype="Int32")
    visits["delegation_text"] = np.select([size_kind == 0, size_kind == 1], [
        pd.Series(size).astype(str).to_numpy() + " orang",
        "sekitar " + pd.Series(size).astype(str).to_numpy() + " orang"], default=None)
    visits["lead"] = None
    visits["visit_type"] = rng.choice(list(taxonomy.VISIT_TYPES), size=n, p=[0.35, 0.30, 0.08, 0.10, 0.12, 0.05])

    # Topics: each regional host is known for one topic; visits take it 60% of the time plus 0-2 random ones.
    slugs = np.array(list(taxonomy.TOPICS))
    specialty = rng.integers(0, len(slugs), len(regional))
    n_topics = rng.choice(4, size=n, p=[0.10, 0.55, 0.27, 0.08])
    first = np.where((host["idx"].to_numpy() >= 0) & (rng.random(n) < 0.6),
                     specialty[np.maximum(host["idx"].to_numpy(), 0)], rng.integers(0, len(slugs), n))
    extra1 = rng.integers(0, len(slugs), n)
    extra2 = rng.integers(0, len(slugs), n)
    tid = np.concatenate([np.flatnonzero(n_topics >= 1), np.flatnonzero(n_topics >= 2), np.flatnonzero(n_topics >= 3)])
    tsl = np.concatenate([first[n_topics >= 1], extra1[n_topics >= 2], extra2[n_topics >= 3]])
    topics = pd.DataFrame({"vi": tid, "topic": slugs[tsl]}).drop_duplicates().sort_values("vi", kind="stable")
    visit_topics = pd.DataFrame({"visit_id": visits["visit_id"].to_numpy()[topics["vi"]], "topic": topics["topic"]})
    grouped = topics.groupby("vi")["topic"].agg(list)
    topic_lists = np.empty(n, dtype=object)
    topic_lists[:] = [[] for _ in range(n)]
    topic_lists[grouped.index.to_numpy()] = grouped.to_numpy()
    visits["topics"] = topic_lists
    visits["n_sources"] = 1
    visits["confidence"] = np.round(rng.uniform(0.5, 1.0, n), 2)

    article_ids = np.array([f"a{i:07d}" for i in range(n)], dtype=object)
    pub = pd.to_datetime(visits["date"]).fillna(pd.Timestamp("2024-01-01"))
    articles = pd.DataFrame({
        "article_id": article_ids, "source_path": None, "url": None, "outlet": "synthetic", "title": None,
        "published": pub.dt.date, "status": "visit", "error": None, "note": None, "n_visits": 1,
    })
    sources = pd.DataFrame({"visit_id": visits["visit_id"], "article_id": article_ids, "field": "host",
                            "evidence": "synthetic visit"})
    return {"articles": articles, "visits": visits, "visit_sources": sources, "visit_topics": visit_topics}


def write_tables(tables: dict[str, pd.DataFrame], out: Path, chunk: int = 200_000) -> None:
    """Conform each table to its schema (in chunks, so memory stays bounded) and write it as Parquet."""
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        parts = [schema.to_arrow(name, df.iloc[i : i + chunk]) for i in range(0, max(len(df), 1), chunk)]
        pq.write_table(pa.concat_tables(parts), out / f"{name}.parquet")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t0 = time.perf_counter()
    tables = build_tables(args.n, read_places(), args.seed)
    t1 = time.perf_counter()
    write_tables(tables, args.out)
    t2 = time.perf_counter()
    print(f"{args.n:,} visits -> {args.out} (built in {t1 - t0:.1f} s, conformed and written in {t2 - t1:.1f} s)")


if __name__ == "__main__":
    main()
