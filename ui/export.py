"""Tables for people: the visits as shown and downloaded (CSV, Excel), and a visit's sources and evidence.

Article text is untrusted. In a download, a cell that starts with =, +, -, @,
a tab or a carriage return would be run as a formula by a spreadsheet ("CSV
injection"), so such text gets a leading apostrophe. On the page these tables go
to st.dataframe, which shows text as text.
"""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import taxonomy
from ui.i18n import UNKNOWN_MARK, fmt_date, t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; everything else is unchanged.

    >>> neutralize_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralize_cell(-3)
    -3
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralize_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of df whose text cells (and column names) cannot run as spreadsheet formulas."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralize_cell).astype(object)
    out.columns = [neutralize_cell(str(c)) for c in out.columns]
    return out


def to_safe_link(url: object) -> str | None:
    """The URL when it is http(s), else None: a javascript: or data: link from an article must not be clickable.

    >>> to_safe_link("javascript:alert(1)") is None
    True
    """
    if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def place_label(name: object, mention: object, lang: str) -> str:
    """A place as people read it: its canonical name, else the name as written marked unresolved, else 'unknown'.

    >>> place_label(None, "Kota Antah", "en")
    'Kota Antah (?)'
    """
    if isinstance(name, str) and name:
        return name
    if isinstance(mention, str) and mention:
        return f"{mention} (?)"
    return t("unknown", lang)


def to_place_labels(names: pd.Series, mentions: pd.Series, lang: str) -> pd.Series:
    """place_label for whole columns, vectorised (1M rows in well under a second)."""
    names = names.astype("string")
    mentions = mentions.astype("string")
    written = (mentions.where(mentions.str.len() > 0) + " (?)")
    out = names.where(names.notna() & (names.str.len() > 0), written).fillna(t("unknown", lang))
    return out.astype(object)


def to_text_array(values: pd.Series) -> pa.Array:
    """A text column as one Arrow string array, converted as pandas' astype("string") does (missing -> null)."""
    arr = pa.array(values.astype("string"))
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _codes(values: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Dictionary codes of a text array (a null is an entry of its own) and the distinct values."""
    encoded = values.dictionary_encode(null_encoding="encode")
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary


def to_place_label_codes(names: pd.Series, mentions: pd.Series, lang: str) -> tuple[np.ndarray, pa.Array]:
    """to_place_labels as (a code per row, the distinct labels): equal labels share a code.

    Counting codes instead of 1M Python strings: the names and mentions are numbered once (in C), labels are
    made for the distinct values only, and labels that come out equal (a name written like an unresolved
    mention, a place named like the 'unknown' label) are merged.
    """
    name_code, name_dict = _codes(to_text_array(names))
    mention_code, mention_dict = _codes(to_text_array(mentions))
    name_ok = pc.fill_null(pc.greater(pc.binary_length(name_dict), 0), False).to_numpy(zero_copy_only=False)
    mention_ok = pc.fill_null(pc.greater(pc.binary_length(mention_dict), 0), False).to_numpy(zero_copy_only=False)
    # Label table: the names, then the mentions marked unresolved, then 'unknown'.
    written = pc.binary_join_element_wise(mention_dict, pa.scalar(" (?)", mention_dict.type),
                                          pa.scalar("", mention_dict.type))
    table = pa.concat_arrays([name_dict.cast(pa.large_string()), written.cast(pa.large_string()),
                              pa.array([t("unknown", lang)], pa.large_string())])
    unknown = len(name_dict) + len(mention_dict)
    fallback = np.where(mention_ok[mention_code], len(name_dict) + mention_code, unknown)
    code = np.where(name_ok[name_code], name_code, fallback)
    # Entries that are not labels (empty names, null mentions) become nulls; equal labels get one code.
    usable = np.concatenate([name_ok, mention_ok, [True]])
    merged = pc.if_else(pa.array(usable), table, pa.scalar(None, pa.large_string())).dictionary_encode()
    remap = pc.fill_null(merged.indices, 0).to_numpy(zero_copy_only=False)
    return remap[code].astype(np.int64), merged.dictionary


def _memo_map(keys: list, fn) -> list:
    """fn applied once per distinct key: dates, sizes and topic lists repeat a lot in a visits table."""
    seen: dict = {}
    out = []
    for key in keys:
        if key not in seen:
            seen[key] = fn(key)
        out.append(seen[key])
    return out


def to_date_labels(dates: pd.Series, precisions: pd.Series, lang: str) -> list[str]:
    """to_date_label for whole columns."""
    keys = list(zip(dates.tolist(), precisions.astype(object).tolist(), strict=True))
    return _memo_map(keys, lambda k: to_date_label(k[0], k[1], lang))


def to_date_label(d: object, precision: object, lang: str) -> str:
    """A visit's date as precisely as known ('3 Februari 2024', 'July 2020', '2022', 'date unknown')."""
    if d is None or (not isinstance(d, date) and pd.isna(d)):
        return t("date.unknown", lang)
    if isinstance(d, pd.Timestamp):
        d = d.date()
    return fmt_date(d, lang, precision if isinstance(precision, str) else "unknown")


def to_delegation_label(size: object, lo: object, hi: object, lang: str) -> str:
    """'20 people', '10–19 people', or '–' when the article gave no number."""
    if pd.notna(size):
        return t("delegation.exact", lang, n=int(size))
    if pd.notna(lo) or pd.notna(hi):
        low = int(lo) if pd.notna(lo) else "?"
        high = int(hi) if pd.notna(hi) else "?"
        return t("delegation.range", lang, lo=low, hi=high)
    return UNKNOWN_MARK


def _topics_label(topics: object, lang: str) -> str:
    if topics is None or isinstance(topics, float):
        return ""
    return ", ".join(taxonomy.label(taxonomy.TOPICS, s, lang) for s in topics)


def _topics_key(topics: object) -> tuple[str, ...]:
    if topics is None or isinstance(topics, float):
        return ()
    return tuple(topics)


def _nullable(series: pd.Series) -> list:
    """Text values, with what the article did not say shown as '–' (not 'None', not an empty cell)."""
    return series.astype(object).where(series.notna(), UNKNOWN_MARK).tolist()


def to_visits_table(visits: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The visits as a people's table: translated headers and labels, dates as precise as known.

    The visit_id column stays (first) so a selected row can be traced back.
    """
    v = visits
    vtypes = {slug: taxonomy.label(taxonomy.VISIT_TYPES, slug, lang) for slug in taxonomy.VISIT_TYPES}
    # Missing sizes as -1 so equal keys hash equal (NaN != NaN would defeat the memo).
    size_cols = [pd.to_numeric(v[c], errors="coerce").fillna(-1).astype("int64").tolist()
                 for c in ("delegation_size", "delegation_min", "delegation_max")]
    sizes = list(zip(*size_cols, strict=True))
    rows = {
        "visit_id": v["visit_id"].tolist(),
        t("col.date", lang): to_date_labels(v["date"], v["date_precision"], lang),
        t("col.visitor", lang): to_place_labels(v["origin_name"], v["origin_mention"], lang).tolist(),
        t("col.visitor_institution", lang): _nullable(v["origin_institution"]),
        t("col.origin_province", lang): _nullable(v["origin_province"]),
        t("col.host", lang): to_place_labels(v["host_name"], v["host_mention"], lang).tolist(),
        t("col.host_institution", lang): _nullable(v["host_institution"]),
        t("col.host_province", lang): _nullable(v["host_province"]),
        t("col.visit_type", lang): v["visit_type"].map(lambda s: vtypes.get(s, s)).tolist(),
        t("col.topics", lang): _memo_map([_topics_key(x) for x in v["topics"]], lambda k: _topics_label(k, lang)),
        t("col.delegation", lang): _memo_map(sizes, lambda k: to_delegation_label(*(None if x < 0 else x for x in k), lang)),
        t("col.distance_km", lang): pd.to_numeric(v["distance_km"], errors="coerce").round(0).tolist(),
        t("col.sources", lang): pd.to_numeric(v["n_sources"], errors="coerce").tolist(),
        t("col.confidence", lang): pd.to_numeric(v["confidence"], errors="coerce").round(2).tolist(),
    }
    return pd.DataFrame(rows)


def to_day_numbers(dates: pd.Series) -> np.ndarray:
    """Days since 1970 of a column of dates, undated as -2**31 (Arrow converts the Python date objects in C)."""
    days = pa.array(dates, type=pa.date32(), from_pandas=True).cast(pa.int32())
    return pc.fill_null(days, -(2**31)).to_numpy(zero_copy_only=False).astype(np.int64)


def latest_first_order(days: np.ndarray, n: int | None = None) -> np.ndarray:
    """Positions of days latest first, ties in position order (a stable sort), optionally only the first n.

    For a small n the n-th latest day is found by partitioning (linear) and only the days at least that late are
    sorted, so the 10 latest of 1M take milliseconds; the result equals np.argsort(-days, kind="stable")[:n].
    """
    neg = -days
    if n is None or n >= len(neg):
        return np.argsort(neg, kind="stable")
    if n <= 0:
        return np.zeros(0, dtype=np.intp)
    kth = np.partition(neg, n - 1)[n - 1]
    candidates = np.flatnonzero(neg <= kth)
    return candidates[np.argsort(neg[candidates], kind="stable")][:n]


def to_latest_first(visits: pd.DataFrame, n: int | None = None, dated_only: bool = False) -> pd.DataFrame:
    """The visits latest date first, undated last (stable), optionally only the first n; dated_only drops undated.

    Dates are Python objects in pandas; Arrow turns them into day numbers in C, and only the rows shown are taken.
    """
    key = to_day_numbers(visits["date"])
    if dated_only:
        positions = np.flatnonzero(key != -(2**31))
        return visits.iloc[positions[latest_first_order(key[positions], n)]]
    return visits.iloc[latest_first_order(key, n)]


def to_sources_table(visit_id: str, visit_sources: pd.DataFrame, articles: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The articles a visit was read from: outlet, title, publication date, link (one row per article)."""
    ids = visit_sources.loc[visit_sources["visit_id"] == visit_id, "article_id"].drop_duplicates()
    arts = articles.set_index("article_id").reindex(ids.tolist())
    return pd.DataFrame({
        t("col.outlet", lang): arts["outlet"].astype(object).where(arts["outlet"].notna(), None).tolist(),
        t("col.title", lang): arts["title"].astype(object).where(arts["title"].notna(), None).tolist(),
        t("col.published", lang): [to_date_label(d, "day", lang) if pd.notna(d) else UNKNOWN_MARK for d in arts["published"]],
        t("col.url", lang): arts["url"].astype(object).where(arts["url"].notna(), None).tolist(),
    })


def to_evidence_table(visit_id: str, visit_sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The sentences behind each value of a visit, field by field."""
    rows = visit_sources.loc[visit_sources["visit_id"] == visit_id]
    return pd.DataFrame({
        t("col.field", lang): [t(f"field.{f}", lang) if f"field.{f}" in _field_keys() else f for f in rows["field"]],
        t("col.evidence", lang): rows["evidence"].astype(object).tolist(),
    })


def _field_keys() -> set[str]:
    from ui.i18n import texts  # noqa: PLC0415 - avoids a second import path for the merged texts

    return {k for k in texts() if k.startswith("field.")}


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM so Excel reads Indonesian names right), formulas neutralised."""
    return neutralize_formulas(table).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(table: pd.DataFrame, sheet: str = "visits") -> bytes:
    """An Excel workbook of the table, formulas neutralised (openpyxl would otherwise store '=...' as a formula)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        neutralize_formulas(table).to_excel(writer, index=False, sheet_name=sheet)
    return buf.getvalue()
