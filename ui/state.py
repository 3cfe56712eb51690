"""The dashboard's shared filters: one frozen value, its URL form, and applying it to the visits table.

Everything here is pure: no Streamlit. ui/page.py keeps a Filters in
st.session_state and in the URL; pages only read it.

URL form (short keys so links stay readable; several values are comma-separated,
repeated keys are accepted too):
    from=2019&to=2023&topic=egov,health&type=comparative_study&inst=dprd
    &origin=Jawa Barat&host=Jawa Timur&q=surabaya&lang=id
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import taxonomy
from ui.i18n import DEFAULT_LANG, LANGS, t

# A province filter value for visits whose province is not known, so they can be chosen, not lost.
UNKNOWN_PROVINCE = "unknown"

# Filters field -> URL key.
URL_KEYS: dict[str, str] = {
    "year_min": "from",
    "year_max": "to",
    "topics": "topic",
    "visit_types": "type",
    "institution_types": "inst",
    "origin_provinces": "origin",
    "host_provinces": "host",
    "place": "q",
    "lang": "lang",
}

# Years outside this window in a link are typos, not filters.
YEAR_WINDOW = (1900, 2100)

# Columns the place search looks in.
PLACE_COLUMNS = (
    "origin_name",
    "origin_mention",
    "origin_institution",
    "origin_province",
    "host_name",
    "host_mention",
    "host_institution",
    "host_province",
)


@dataclass(frozen=True)
class Filters:
    """What the user chose to look at. None / empty means "no restriction".

    >>> Filters(topics=("egov",)).is_default()
    False
    """

    year_min: int | None = None
    year_max: int | None = None
    topics: tuple[str, ...] = ()
    visit_types: tuple[str, ...] = ()
    institution_types: tuple[str, ...] = ()
    origin_provinces: tuple[str, ...] = ()
    host_provinces: tuple[str, ...] = ()
    place: str = ""
    lang: str = DEFAULT_LANG

    def is_default(self) -> bool:
        """True when nothing is filtered (the language does not count)."""
        return replace(self, lang=DEFAULT_LANG) == Filters()


@dataclass(frozen=True)
class YearBounds:
    """The smallest and largest known year of a visits table (None when no visit has a year)."""

    lo: int | None
    hi: int | None


def to_year_bounds(visits: pd.DataFrame) -> YearBounds:
    """The known year range of the visits.

    >>> to_year_bounds(pd.DataFrame({"year": [2021, None, 2019]}))
    YearBounds(lo=2019, hi=2021)
    """
    years = pd.to_numeric(visits["year"], errors="coerce").dropna()
    if years.empty:
        return YearBounds(None, None)
    return YearBounds(int(years.min()), int(years.max()))


def normalize_years(f: Filters, bounds: YearBounds) -> Filters:
    """Drop year limits that do not restrict anything in these bounds, so links stay short and the
    "full range" (which keeps visits of unknown year) is recognised whichever way it was chosen."""
    year_min, year_max = f.year_min, f.year_max
    if bounds.lo is None:
        return replace(f, year_min=None, year_max=None)
    if year_min is not None and year_min <= bounds.lo:
        year_min = None
    if year_max is not None and year_max >= bounds.hi:
        year_max = None
    return replace(f, year_min=year_min, year_max=year_max)


def is_full_year_range(f: Filters, bounds: YearBounds) -> bool:
    """True when the year limits exclude no known year (then visits of unknown year are kept)."""
    g = normalize_years(f, bounds)
    return g.year_min is None and g.year_max is None


def _raw_values(params: Mapping, key: str) -> list[str]:
    """All values of a URL key, from st.query_params (get_all) or a plain dict (str or list)."""
    if hasattr(params, "get_all"):
        return [str(v) for v in params.get_all(key)]
    value = params.get(key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _values(params: Mapping, key: str) -> list[str]:
    """All values of a URL key, comma-split, stripped, without repeats."""
    out: list[str] = []
    for item in _raw_values(params, key):
        for part in str(item).split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def _parse_year(text: str) -> int | None:
    try:
        year = int(text.strip())
    except ValueError:
        return None
    return year if YEAR_WINDOW[0] <= year <= YEAR_WINDOW[1] else None


def from_query_params(
    params: Mapping, provinces: Collection[str] | None = None
) -> tuple[Filters, list[str]]:
    """Filters from a link's query params, plus notices (in the link's language) for values that were ignored.

    provinces: the province names the data knows; when given, other names get a notice.
    Never raises on what a link holds: a bad value is dropped and said.

    >>> f, notices = from_query_params({"from": "2020", "topic": "egov,nope", "lang": "id"})
    >>> (f.year_min, f.topics, f.lang, len(notices))
    (2020, ('egov',), 'id', 1)
    """
    lang_values = _values(params, "lang")
    lang = lang_values[0] if lang_values and lang_values[0] in LANGS else DEFAULT_LANG
    notices: list[str] = []
    if lang_values and lang_values[0] not in LANGS:
        notices.append(t("notice.bad_lang", lang, value=lang_values[0]))

    years: dict[str, int | None] = {}
    for name in ("year_min", "year_max"):
        values = _values(params, URL_KEYS[name])
        years[name] = None
        if values:
            year = _parse_year(values[0])
            if year is None:
                notices.append(t("notice.bad_year", lang, value=values[0]))
            years[name] = year
    if years["year_min"] is not None and years["year_max"] is not None and years["year_min"] > years["year_max"]:
        notices.append(t("notice.year_order", lang, lo=years["year_min"], hi=years["year_max"]))
        years["year_min"], years["year_max"] = years["year_max"], years["year_min"]

    allowed: dict[str, Collection[str] | None] = {
        "topics": taxonomy.TOPICS,
        "visit_types": taxonomy.VISIT_TYPES,
        "institution_types": taxonomy.INSTITUTION_TYPES,
        "origin_provinces": None if provinces is None else {*provinces, UNKNOWN_PROVINCE},
        "host_provinces": None if provinces is None else {*provinces, UNKNOWN_PROVINCE},
    }
    chosen: dict[str, tuple[str, ...]] = {}
    for name, ok in allowed.items():
        kept = []
        for value in _values(params, URL_KEYS[name]):
            if ok is None or value in ok:
                kept.append(value)
            else:
                notices.append(t("notice.bad_value", lang, field=t(f"filter.{name}", lang), value=value))
        chosen[name] = tuple(kept)

    # Search text may hold commas, so it is not split; a very long one is cut rather than refused.
    place = " ".join(_raw_values(params, URL_KEYS["place"])).strip()[:200]
    return Filters(**years, **chosen, place=place, lang=lang), notices


def to_query_params(f: Filters) -> dict[str, str]:
    """The URL form of the filters, leaving out what is not restricted (and the default language).

    >>> to_query_params(Filters(year_min=2020, topics=("egov", "health"), lang="id"))
    {'from': '2020', 'topic': 'egov,health', 'lang': 'id'}
    """
    out: dict[str, str] = {}
    for name, key in URL_KEYS.items():
        value = getattr(f, name)
        if value is None or value == "" or value == ():
            continue
        if name == "lang" and value == DEFAULT_LANG:
            continue
        out[key] = ",".join(value) if isinstance(value, tuple) else str(value)
    return out


def isin(column: pd.Series, values: Collection[str]) -> np.ndarray:
    """Boolean mask of column values in values (missing is False), via Arrow: pandas' isin on str columns
    was 35x slower (3 s against 0.09 s for 130k rows)."""
    arr = pa.array(column, from_pandas=True)
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.string())
    # Arrays (a column's unique values) go to Arrow as they are: a Python list of 400k ids cost 0.4 s to build.
    if isinstance(values, (pd.Series, pd.Index, np.ndarray, pd.api.extensions.ExtensionArray)):
        value_set = pa.array(values, from_pandas=True)
        if value_set.type != arr.type:
            value_set = value_set.cast(arr.type)
    else:
        value_set = pa.array(list(values), type=arr.type)
    hit = pc.is_in(arr, value_set=value_set)
    return pc.fill_null(hit, False).to_numpy(zero_copy_only=False)


def _in_provinces(column: pd.Series, chosen: tuple[str, ...]) -> np.ndarray:
    mask = isin(column, [p for p in chosen if p != UNKNOWN_PROVINCE])
    if UNKNOWN_PROVINCE in chosen:
        mask = mask | column.isna().to_numpy()
    return mask


def contains_text(column: pd.Series, needle: str) -> np.ndarray:
    """Boolean mask: column.astype("string").str.contains(needle, case=False, regex=False), missing as False.

    The same Arrow match pandas runs, on each distinct value once: place columns hold a few thousand distinct
    names in 1M rows, so numbering them (one hash each) and matching the names is 2x faster than matching every row.
    """
    arr = pa.array(column.astype("string"))
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    encoded = arr.dictionary_encode()
    found = pc.match_substring(encoded.dictionary, needle, ignore_case=True)
    return pc.fill_null(found.take(encoded.indices), False).to_numpy(zero_copy_only=False)


def to_topic_rows(visits: pd.DataFrame, visit_topics: pd.DataFrame, topic_counts: np.ndarray | None = None
                  ) -> np.ndarray:
    """For each topic row, the position of its visit in visits (-1 when that visit is not there).

    Worked out once per table (ui.data.Tables.memo): the topic filter and the filtered visits' topic rows then
    cost an array lookup instead of matching 1.3M ids to a million visits per view. topic_counts (how many topics
    each visit lists) allows a shortcut for tables written in visit order, as the ETL writes them: the positions
    follow from the counts and are checked id by id (0.03 s at 1M visits instead of a 0.4 s hash lookup).

    >>> to_topic_rows(pd.DataFrame({"visit_id": ["a", "b"]}), pd.DataFrame({"visit_id": ["b", "x", "a"]})).tolist()
    [1, -1, 0]
    """
    ids = pa.array(visits["visit_id"], from_pandas=True)
    wanted = pa.array(visit_topics["visit_id"], from_pandas=True)
    if topic_counts is not None and len(topic_counts) == len(ids) and int(topic_counts.sum()) == len(wanted):
        ends = np.cumsum(topic_counts)
        # Row i of visit_topics belongs to the visit whose topics end after it: count the ends at or before i.
        rows = np.cumsum(np.bincount(ends, minlength=len(wanted) + 1)[: len(wanted)]).astype(np.int64)
        same = pc.equal(ids.take(pa.array(rows)), wanted.cast(ids.type))
        if len(rows) == 0 or pc.all(pc.fill_null(same, False)).as_py():
            return rows
    found = pc.index_in(wanted.cast(ids.type), value_set=ids)
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)


def _has_any_topic(visits: pd.DataFrame, chosen: tuple[str, ...], visit_topics: pd.DataFrame | None,
                   topic_rows: np.ndarray | None = None) -> np.ndarray:
    if visit_topics is not None and topic_rows is not None:
        rows = topic_rows[isin(visit_topics["topic"], chosen)]
        mask = np.zeros(len(visits), dtype=bool)
        mask[rows[rows >= 0]] = True
        return mask
    if visit_topics is not None:
        ids = visit_topics["visit_id"][isin(visit_topics["topic"], chosen)]
        return isin(visits["visit_id"], ids.unique())
    wanted = set(chosen)

    def hit(value: object) -> bool:
        if value is None or isinstance(value, float):
            return False
        return not wanted.isdisjoint(value)

    return visits["topics"].map(hit).astype(bool).to_numpy()


def apply_filters(visits: pd.DataFrame, f: Filters, visit_topics: pd.DataFrame | None = None) -> pd.DataFrame:
    """The visits that match every filter (pure; the input is not changed).

    Visits of unknown year are kept while the year range is the full range and
    dropped once it is narrowed (count them with count_unknown_year_excluded).
    A visit matches a list filter when it has any of the chosen values; the
    institution-type filter looks at both the visitor and the host.
    visit_topics, when given, answers the topic filter faster than the visits' topics lists.
    """
    return visits.loc[filter_mask(visits, f, visit_topics)]


def filter_mask(visits: pd.DataFrame, f: Filters, visit_topics: pd.DataFrame | None = None,
                topic_rows: np.ndarray | None = None, bounds: YearBounds | None = None) -> np.ndarray:
    """apply_filters as a boolean mask over the rows of visits (what a page keeps instead of a copy of the rows).

    topic_rows (to_topic_rows of visits and visit_topics) and bounds (to_year_bounds of visits) are the same
    answers worked out once per table; without them they are worked out here.
    """
    mask = np.ones(len(visits), dtype=bool)
    g = normalize_years(f, to_year_bounds(visits) if bounds is None else bounds)
    if g.year_min is not None or g.year_max is not None:
        year = pd.to_numeric(visits["year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            if g.year_min is not None:
                mask &= year >= g.year_min
            if g.year_max is not None:
                mask &= year <= g.year_max
        mask &= ~np.isnan(year)
    if f.topics:
        mask &= _has_any_topic(visits, f.topics, visit_topics, topic_rows)
    if f.visit_types:
        mask &= isin(visits["visit_type"], f.visit_types)
    if f.institution_types:
        mask &= isin(visits["origin_institution_type"], f.institution_types) | isin(
            visits["host_institution_type"], f.institution_types)
    if f.origin_provinces:
        mask &= _in_provinces(visits["origin_province"], f.origin_provinces)
    if f.host_provinces:
        mask &= _in_provinces(visits["host_province"], f.host_provinces)
    if f.place.strip():
        needle = f.place.strip()
        hit = np.zeros(len(visits), dtype=bool)
        for col in PLACE_COLUMNS:
            if col in visits.columns:
                hit |= contains_text(visits[col], needle)
        mask &= hit
    return mask


def count_unknown_year(visits: pd.DataFrame) -> int:
    """How many visits have no known year."""
    return int(pd.to_numeric(visits["year"], errors="coerce").isna().sum())


def count_unknown_year_excluded(visits: pd.DataFrame, f: Filters, bounds: YearBounds | None = None,
                                unknown: int | None = None) -> int:
    """How many visits of unknown year the year range leaves out (0 while the range is full).

    bounds and unknown (to_year_bounds and count_unknown_year of visits) may be passed when already known."""
    if is_full_year_range(f, to_year_bounds(visits) if bounds is None else bounds):
        return 0
    return count_unknown_year(visits) if unknown is None else unknown


def filter_visit_topics(visit_topics: pd.DataFrame, visits: pd.DataFrame) -> pd.DataFrame:
    """The topic rows of the given visits (all their topics, also those not chosen in the topic filter)."""
    return visit_topics.loc[isin(visit_topics["visit_id"], visits["visit_id"].unique())]


def select_visit_topics(visit_topics: pd.DataFrame, topic_rows: np.ndarray, mask: np.ndarray) -> pd.DataFrame:
    """filter_visit_topics by position: the topic rows whose visit (topic_rows, see to_topic_rows) is in mask."""
    keep = np.zeros(len(topic_rows), dtype=bool)
    known = topic_rows >= 0
    keep[known] = mask[topic_rows[known]]
    return visit_topics.loc[keep]


def province_options(visits: pd.DataFrame) -> list[str]:
    """Province names present in the visits (visitor or host side), sorted."""
    # Each column's distinct values first (a few dozen): concatenating two 1M-row columns cost 0.1 s.
    names = set()
    for col in ("origin_province", "host_province"):
        names.update(v for v in pc.unique(pa.array(visits[col], from_pandas=True)).to_pylist() if v is not None)
    return sorted(str(n) for n in names)

