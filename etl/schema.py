"""The tidy tables the ETL writes and the dashboard reads, defined once.

Each table is a pyarrow schema. `conform()` orders and casts a DataFrame to its
schema (adding missing nullable columns as nulls) and `validate()` checks the
allowed values, so writers and readers agree on names and dtypes.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from etl import taxonomy

ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("source_path", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("status", pa.string()),  # visit / no_visit / error
        ("error", pa.string()),  # the reason for status=error
        ("note", pa.string()),  # why no visit was found, when status=no_visit
        ("n_visits", pa.int32()),
    ]
)


def _place_fields(prefix: str) -> list[tuple[str, pa.DataType]]:
    return [
        (f"{prefix}_name", pa.string()),
        (f"{prefix}_level", pa.string()),
        (f"{prefix}_code", pa.string()),
        (f"{prefix}_province", pa.string()),
        (f"{prefix}_lat", pa.float64()),
        (f"{prefix}_lon", pa.float64()),
        (f"{prefix}_resolution", pa.string()),  # gazetteer / online / unresolved
        (f"{prefix}_mention", pa.string()),  # as written in the article
        (f"{prefix}_institution", pa.string()),
        (f"{prefix}_institution_type", pa.string()),
    ]


VISITS = pa.schema(
    [
        ("visit_id", pa.string()),
        ("date", pa.date32()),
        ("date_precision", pa.string()),  # day / month / year / unknown
        ("date_note", pa.string()),
        ("year", pa.int32()),
        *_place_fields("origin"),
        *_place_fields("host"),
        ("distance_km", pa.float64()),
        ("delegation_size", pa.int32()),
        ("delegation_min", pa.int32()),
        ("delegation_max", pa.int32()),
        ("delegation_text", pa.string()),
        ("lead", pa.string()),
        ("visit_type", pa.string()),
        ("topics", pa.list_(pa.string())),
        ("n_sources", pa.int32()),
        ("confidence", pa.float64()),
    ]
)

VISIT_SOURCES = pa.schema(
    [
        ("visit_id", pa.string()),
        ("article_id", pa.string()),
        ("field", pa.string()),  # origin, host, date, delegation, topics, visit_type, lead
        ("evidence", pa.string()),  # the sentence(s) the field was read from
    ]
)

VISIT_TOPICS = pa.schema([("visit_id", pa.string()), ("topic", pa.string())])

TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "visits": VISITS,
    "visit_sources": VISIT_SOURCES,
    "visit_topics": VISIT_TOPICS,
}

ALLOWED: dict[str, dict[str, tuple[str, ...]]] = {
    "articles": {"status": taxonomy.ARTICLE_STATUSES},
    "visits": {
        "date_precision": taxonomy.DATE_PRECISIONS,
        "origin_level": tuple(taxonomy.LEVELS),
        "host_level": tuple(taxonomy.LEVELS),
        "origin_resolution": taxonomy.RESOLUTIONS,
        "host_resolution": taxonomy.RESOLUTIONS,
        "origin_institution_type": tuple(taxonomy.INSTITUTION_TYPES),
        "host_institution_type": tuple(taxonomy.INSTITUTION_TYPES),
        "visit_type": tuple(taxonomy.VISIT_TYPES),
    },
    "visit_topics": {"topic": tuple(taxonomy.TOPICS)},
}


class SchemaError(ValueError):
    """A table does not have the columns or values its schema promises."""


def empty(table: str) -> pd.DataFrame:
    """An empty DataFrame with the table's columns and dtypes."""
    return TABLES[table].empty_table().to_pandas()


def to_arrow(table: str, df: pd.DataFrame) -> pa.Table:
    """Cast a DataFrame to the table's schema: column order, dtypes, missing nullable columns as nulls."""
    schema = TABLES[table]
    unknown = set(df.columns) - set(schema.names)
    if unknown:
        raise SchemaError(f"{table}: unexpected columns {sorted(unknown)}")
    data = {}
    for f in schema:
        if f.name in df.columns:
            values = df[f.name].tolist()
            data[f.name] = pa.array([None if _isna(v) else v for v in values], type=f.type)
        else:
            data[f.name] = pa.nulls(len(df), type=f.type)
    out = pa.Table.from_pydict(data, schema=schema)
    validate(table, out)
    return out


def _isna(v: object) -> bool:
    if isinstance(v, (list, tuple)):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def validate(table: str, data: pa.Table | pd.DataFrame) -> None:
    """Raise SchemaError if columns are missing or a column holds a value outside its allowed set."""
    schema = TABLES[table]
    names = data.schema.names if isinstance(data, pa.Table) else list(data.columns)
    missing = [n for n in schema.names if n not in names]
    if missing:
        raise SchemaError(f"{table}: missing columns {missing}")
    for col, allowed in ALLOWED.get(table, {}).items():
        values = data.column(col).to_pylist() if isinstance(data, pa.Table) else data[col].tolist()
        bad = sorted({v for v in values if v is not None and not _isna(v) and v not in allowed})
        if bad:
            raise SchemaError(f"{table}.{col}: values {bad[:5]} not in {list(allowed)}")
