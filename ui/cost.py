"""What the travel costs: delegate-kilometres, a rough money cost and a rough CO2 estimate, always as a range.

Pure functions over a visits DataFrame (columns of etl.schema.VISITS) and a `CostParams` an analyst can change.
The defaults below are ROUGH: they are there so the page shows an order of magnitude, not a budget. Each figure
names its source; replace them with the current regulation and your own travel data for any real decision.

A visit is costed only when both its delegation size and its distance are known. The size is the exact
`delegation_size`, else the midpoint of `delegation_min..delegation_max` (flagged as estimated), else the one
bound that is known (flagged as estimated: "more than 20" is costed as 20, a floor). Visits with an unknown
size or distance are counted apart, never as zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa


@dataclass(frozen=True)
class Range:
    """A low..high pair; every estimate in this module is one."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")


# Distance bands on the one-way geodesic distance: < 500 km (often by road or a short hop), 500-1,500 km
# (one domestic flight), > 1,500 km (long domestic flights, e.g. Java to Papua, and abroad).
BAND_EDGES_KM: tuple[float, float] = (500.0, 1500.0)
BANDS: tuple[str, str, str] = ("lt500", "500to1500", "gt1500")

# --- Money (Indonesian rupiah, per person) -------------------------------------------------------------------
# Daily allowance (uang harian) for out-of-town official travel, lowest and highest province:
# Rp 360,000 (Aceh, Kalimantan Tengah) to Rp 580,000 (Papua, Papua Tengah, Papua Selatan, Papua Pegunungan).
# Source: Ministry of Finance regulation on the standard input cost (Standar Biaya Masukan), PMK 49/2023 for
# fiscal year 2024; the same figures are reported for PMK 32/2025 (fiscal year 2026). Ceilings, not averages.
SBM_PER_DIEM_IDR = Range(360_000, 580_000)
# Lodging per night for staff (eselon IV and golongan I-III), lowest and highest province ceiling:
# Rp 538,000 (Kalimantan Barat) to Rp 1,500,000 (Papua Pegunungan). Source: PMK 49/2023 (SBM 2024).
SBM_LODGING_IDR = Range(538_000, 1_500_000)
# Round-trip transport per person by band. A project assumption, not a regulation: the SBM publishes
# route-by-route economy airfare ceilings (satuan biaya tiket pesawat pergi-pulang), and these ranges only
# bracket typical fares (bus or car to a short return flight; one economy return flight; a long domestic one).
ASSUMED_TRANSPORT_IDR: tuple[Range, Range, Range] = (
    Range(300_000, 2_500_000),
    Range(2_000_000, 5_000_000),
    Range(4_000_000, 12_000_000),
)
# Days away per visit: a study visit is typically reported as a 2-4 day trip (project assumption).
ASSUMED_DAYS = Range(2, 4)

# --- Emissions (kg CO2e per passenger-km) ----------------------------------------------------------------------
# UK DESNZ (ex-DEFRA/BEIS) greenhouse gas conversion factors 2024, business travel, economy, with radiative
# forcing, as commonly quoted: domestic flight ~0.255, short-haul ~0.156, long-haul ~0.150. Coach ~0.027 (same
# tables, land travel). UK factors for UK aircraft and load factors: a published yardstick, not Indonesia's own.
DESNZ_COACH = 0.027
DESNZ_DOMESTIC_FLIGHT = 0.255
DESNZ_SHORT_HAUL = 0.156
DESNZ_LONG_HAUL = 0.150
ASSUMED_EMISSION_KG_PKM: tuple[Range, Range, Range] = (
    Range(DESNZ_COACH, DESNZ_DOMESTIC_FLIGHT),  # by coach .. by a short flight
    Range(DESNZ_SHORT_HAUL, DESNZ_DOMESTIC_FLIGHT),
    Range(DESNZ_LONG_HAUL, DESNZ_SHORT_HAUL),
)


@dataclass(frozen=True)
class CostParams:
    """Everything the estimate assumes; the page lets an analyst change each one."""

    transport_idr: tuple[Range, Range, Range] = ASSUMED_TRANSPORT_IDR
    per_diem_idr: Range = SBM_PER_DIEM_IDR
    lodging_idr: Range = SBM_LODGING_IDR
    days: Range = ASSUMED_DAYS
    emission_kg_pkm: tuple[Range, Range, Range] = ASSUMED_EMISSION_KG_PKM
    band_edges_km: tuple[float, float] = field(default=BAND_EDGES_KM)

    def with_band(self, which: str, band: int, value: Range) -> CostParams:
        """A copy with one band's transport or emission range replaced."""
        ranges = list(getattr(self, which))
        ranges[band] = value
        return replace(self, **{which: tuple(ranges)})


DEFAULT_PARAMS = CostParams()

# Why a visit is or is not costed.
STATUSES: tuple[str, ...] = ("exact", "estimated", "unknown_size", "unknown_distance")


def _num(v: object) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f  # NaN is unknown


def to_delegates(size: object, low: object, high: object) -> tuple[float | None, bool]:
    """(number of delegates, estimated?) from the exact size, else the range's midpoint, else the known bound.

    >>> to_delegates(None, 20, 30)
    (25.0, True)
    """
    exact = _num(size)
    if exact is not None:
        return exact, False
    lo, hi = _num(low), _num(high)
    if lo is not None and hi is not None:
        return (lo + hi) / 2, True
    if lo is not None or hi is not None:
        return (lo if lo is not None else hi), True
    return None, False


def to_band(distance_km: object, edges: tuple[float, float] = BAND_EDGES_KM) -> int | None:
    """Index of the distance band (0: < 500 km, 1: 500-1,500 km, 2: > 1,500 km), None when unknown.

    >>> to_band(500.0)
    1
    """
    d = _num(distance_km)
    if d is None:
        return None
    if d < edges[0]:
        return 0
    if d <= edges[1]:
        return 1
    return 2


def estimate_visit(size: object, low: object, high: object, distance_km: object,
                   params: CostParams = DEFAULT_PARAMS) -> dict:
    """The estimate for one visit: delegates, delegate_km, cost and CO2 ranges and a status (see STATUSES).

    Per person, low and high: transport(band) + per-diem x days + lodging x (days - 1) nights; CO2 = factor(band)
    x round-trip km. Multiplied by the delegates. Unknown inputs give None values and an unknown_* status.
    """
    delegates, estimated = to_delegates(size, low, high)
    dist = _num(distance_km)
    out = {
        "delegates": delegates, "delegates_estimated": estimated, "band": None, "delegate_km": None,
        "cost_low_idr": None, "cost_high_idr": None, "co2_low_kg": None, "co2_high_kg": None,
    }
    if delegates is None:
        return {**out, "status": "unknown_size"}
    if dist is None:
        return {**out, "status": "unknown_distance"}
    band = to_band(dist, params.band_edges_km)
    round_trip = 2 * dist
    days, p = params.days, params
    person_low = p.transport_idr[band].low + p.per_diem_idr.low * days.low + p.lodging_idr.low * max(days.low - 1, 0)
    person_high = (
        p.transport_idr[band].high + p.per_diem_idr.high * days.high + p.lodging_idr.high * max(days.high - 1, 0)
    )
    return {
        **out,
        "band": band,
        "delegate_km": delegates * round_trip,
        "cost_low_idr": delegates * person_low,
        "cost_high_idr": delegates * person_high,
        "co2_low_kg": delegates * round_trip * p.emission_kg_pkm[band].low,
        "co2_high_kg": delegates * round_trip * p.emission_kg_pkm[band].high,
        "status": "estimated" if estimated else "exact",
    }


def _num_col(visits: pd.DataFrame, name: str) -> np.ndarray:
    if name not in visits.columns:
        return np.full(len(visits), np.nan)
    return pd.to_numeric(visits[name], errors="coerce").astype("float64").to_numpy()


def _text_column(values: tuple[str, ...], codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """values[codes] as the string column pandas infers for text: one Arrow take, not a Python string per row."""
    return pd.array(pa.array(values).take(pa.array(codes)), dtype="str")


@dataclass(frozen=True)
class Trips:
    """What the estimate of each visit is before any price: the part that does not change with the money and
    emission parameters, so a view computes it once and a changed parameter only re-prices it."""

    index: pd.Index
    visit_id: object  # the visit_id column as estimate_visits shows it (None when there is none)
    distance_km: np.ndarray
    delegates: np.ndarray
    estimated: np.ndarray  # bool: size from words (range midpoint or one bound)
    costed: np.ndarray  # bool: both size and distance known
    band: np.ndarray  # 0..2, meaningful where costed
    delegate_km: np.ndarray  # NaN where not costed
    status: np.ndarray  # int8 codes into STATUSES

    def __len__(self) -> int:
        return len(self.index)


def to_trips(visits: pd.DataFrame, band_edges_km: tuple[float, float] = BAND_EDGES_KM) -> Trips:
    """Delegates, distance band, delegate-km and status of every visit (the rules of `estimate_visit`)."""
    size, low, high = (_num_col(visits, c) for c in ("delegation_size", "delegation_min", "delegation_max"))
    dist = _num_col(visits, "distance_km")
    # Exact size, else the midpoint of both bounds, else the one bound that is known.
    one_bound = np.where(np.isnan(low), high, low)
    words = np.where(np.isnan(low) | np.isnan(high), one_bound, (low + high) / 2)
    delegates = np.where(np.isnan(size), words, size)
    estimated = np.isnan(size) & ~np.isnan(delegates)
    costed = ~np.isnan(delegates) & ~np.isnan(dist)
    e0, e1 = band_edges_km
    band = np.where(dist < e0, 0, np.where(dist <= e1, 1, 2))
    # Status codes into STATUSES, the first matching rule winning (assigned lowest priority first).
    status = np.zeros(len(visits), dtype=np.int8)  # exact
    status[estimated] = STATUSES.index("estimated")
    status[np.isnan(dist)] = STATUSES.index("unknown_distance")
    status[np.isnan(delegates)] = STATUSES.index("unknown_size")
    if "visit_id" not in visits.columns:
        visit_id = None
    elif isinstance(visits["visit_id"].dtype, pd.StringDtype) and len(visits):
        visit_id = visits["visit_id"].array  # already text: no copy through Python strings
    else:
        visit_id = visits["visit_id"].to_numpy()
    return Trips(index=visits.index, visit_id=visit_id, distance_km=dist, delegates=delegates, estimated=estimated,
                 costed=costed, band=band, delegate_km=np.where(costed, delegates * 2 * dist, np.nan), status=status)


def _price(delegates: np.ndarray, delegate_km: np.ndarray, band: np.ndarray, params: CostParams) -> dict:
    """Cost and CO2 ranges per trip (the caller blanks the trips that are not costed)."""
    p, days = params, params.days
    fixed_low = p.per_diem_idr.low * days.low + p.lodging_idr.low * max(days.low - 1, 0)
    fixed_high = p.per_diem_idr.high * days.high + p.lodging_idr.high * max(days.high - 1, 0)
    return {
        "cost_low_idr": delegates * (np.array([r.low for r in p.transport_idr])[band] + fixed_low),
        "cost_high_idr": delegates * (np.array([r.high for r in p.transport_idr])[band] + fixed_high),
        "co2_low_kg": delegate_km * np.array([r.low for r in p.emission_kg_pkm])[band],
        "co2_high_kg": delegate_km * np.array([r.high for r in p.emission_kg_pkm])[band],
    }


def estimate_visits(visits: pd.DataFrame, params: CostParams = DEFAULT_PARAMS) -> pd.DataFrame:
    """One estimate row per visit (same index), with visit_id and distance_km kept for reading.

    Vectorised; the same rules as `estimate_visit` (tests hold the two together).
    """
    t = to_trips(visits, params.band_edges_km)
    priced = _price(t.delegates, t.delegate_km, t.band, params)
    return pd.DataFrame({
        "visit_id": t.visit_id,
        "distance_km": t.distance_km,
        "delegates": t.delegates,
        "delegates_estimated": t.estimated,
        "band": pd.arrays.IntegerArray(np.where(t.costed, t.band, 0).astype("int64"), ~t.costed),
        "delegate_km": t.delegate_km,
        "cost_low_idr": np.where(t.costed, priced["cost_low_idr"], np.nan),
        "cost_high_idr": np.where(t.costed, priced["cost_high_idr"], np.nan),
        "co2_low_kg": priced["co2_low_kg"],
        "co2_high_kg": priced["co2_high_kg"],
        # An empty object column stays object, as pandas infers it for no rows.
        "status": _text_column(STATUSES, t.status) if len(visits) else np.array([], dtype=object),
    }, index=visits.index)


def largest_trip_rows(trips: Trips, top: int) -> np.ndarray:
    """Positions of the `top` trips with the most delegate-km (unknown last), in the order of
    `estimate_visits(...).sort_values("delegate_km", ascending=False, na_position="last")`: one column sorted, not
    every column of every visit reordered."""
    order = pd.Series(trips.delegate_km).sort_values(ascending=False, na_position="last")
    return order.index[:top].to_numpy()


@dataclass(frozen=True)
class CostSummary:
    """Totals over the costed visits, and how many were not costed and why."""

    visits: int
    costed: int
    estimated_size: int
    unknown_size: int
    unknown_distance: int
    delegates: float
    delegate_km: float
    cost_idr: Range
    co2_t: Range

    @property
    def not_costed(self) -> int:
        return self.unknown_size + self.unknown_distance


_SUMMED = ("delegates", "delegate_km", "cost_low_idr", "cost_high_idr", "co2_low_kg", "co2_high_kg")


def _summary(n_visits: int, status_counts: dict, costed: pd.DataFrame) -> CostSummary:
    return CostSummary(
        visits=n_visits,
        costed=len(costed),
        estimated_size=int(status_counts.get("estimated", 0)),
        unknown_size=int(status_counts.get("unknown_size", 0)),
        unknown_distance=int(status_counts.get("unknown_distance", 0)),
        delegates=float(costed["delegates"].sum()),
        delegate_km=float(costed["delegate_km"].sum()),
        cost_idr=Range(float(costed["cost_low_idr"].sum()), float(costed["cost_high_idr"].sum())),
        co2_t=Range(float(costed["co2_low_kg"].sum()) / 1000, float(costed["co2_high_kg"].sum()) / 1000),
    )


def _by_band(costed: pd.DataFrame) -> pd.DataFrame:
    g = costed.groupby("band").agg(
        visits=("status", "size"), delegate_km=("delegate_km", "sum"),
        cost_low_idr=("cost_low_idr", "sum"), cost_high_idr=("cost_high_idr", "sum"),
        co2_low_kg=("co2_low_kg", "sum"), co2_high_kg=("co2_high_kg", "sum"),
    )
    g = g.reindex(range(len(BANDS)), fill_value=0)
    g.insert(0, "band_name", list(BANDS))
    return g.reset_index().rename(columns={"index": "band"})


def _costed_rows(estimates: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    # Only the needed columns of the costed rows (filtering the whole frame would copy every column).
    is_costed = estimates["status"].isin(["exact", "estimated"]).to_numpy(dtype=bool)
    return estimates.loc[is_costed, list(columns)]


def summarize(estimates: pd.DataFrame) -> CostSummary:
    """Add up `estimate_visits` output; the totals cover costed visits only (the rest are counted apart)."""
    status = estimates["status"].value_counts()
    return _summary(len(estimates), status, _costed_rows(estimates, _SUMMED))


def summarize_by_band(estimates: pd.DataFrame) -> pd.DataFrame:
    """Costed visits per distance band: band, visits, delegate_km, cost and CO2 ranges."""
    return _by_band(_costed_rows(estimates, ("band", "status", *_SUMMED[1:])))


def summarize_trips(trips: Trips, params: CostParams = DEFAULT_PARAMS) -> tuple[CostSummary, pd.DataFrame]:
    """`summarize` and `summarize_by_band` of `estimate_visits` under params, from trips made once per view:
    only the costed trips are priced, and the totals add the same values in the same order (same numbers)."""
    c = trips.costed
    delegates, delegate_km, band = trips.delegates[c], trips.delegate_km[c], trips.band[c]
    costed = pd.DataFrame({
        "band": pd.array(band.astype("int64"), dtype="Int64"),
        "status": np.ones(len(band), dtype=np.int8),  # only counted
        "delegates": delegates, "delegate_km": delegate_km,
        **_price(delegates, delegate_km, band, params),
    })
    counts = np.bincount(trips.status, minlength=len(STATUSES))
    status = {s: int(counts[i]) for i, s in enumerate(STATUSES)}
    return _summary(len(trips), status, costed), _by_band(costed)
