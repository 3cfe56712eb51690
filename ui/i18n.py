"""Texts in two languages and number/date formatting for people.

Each owner keeps their texts in a module of their own (ui/texts_core.py,
ui/texts_figures.py, ui/texts_insights.py, ui/texts_data.py), each a
`TEXTS: dict[str, tuple[str, str]]` of key -> (English, Bahasa Indonesia).
They are merged here once; a module that does not exist yet is fine, but the
same key in two modules is an error, so one owner cannot silently override
another's words.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache

import pandas as pd

LANGS = ("en", "id")
DEFAULT_LANG = "en"
LANG_NAMES = {"en": "English", "id": "Bahasa Indonesia"}

TEXT_MODULES = ("ui.texts_core", "ui.texts_figures", "ui.texts_insights", "ui.texts_data")

MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ),
}  # fmt: skip

# What a missing number or date looks like: visible, never an empty cell.
UNKNOWN_MARK = "–"


class DuplicateTextKey(ValueError):
    """Two text modules define the same key."""


def merge_texts(sources: Iterable[tuple[str, Mapping[str, tuple[str, str]]]]) -> dict[str, tuple[str, str]]:
    """Merge (module name, TEXTS) pairs into one dict; a key defined twice raises DuplicateTextKey.

    >>> merge_texts([("a", {"hi": ("Hi", "Hai")})])["hi"]
    ('Hi', 'Hai')
    """
    merged: dict[str, tuple[str, str]] = {}
    owner: dict[str, str] = {}
    for name, texts in sources:
        for key, pair in texts.items():
            if key in merged:
                raise DuplicateTextKey(f"text key {key!r} is defined in both {owner[key]} and {name}")
            merged[key] = tuple(pair)  # type: ignore[assignment]
            owner[key] = name
    return merged


def read_text_modules(names: Iterable[str] = TEXT_MODULES) -> list[tuple[str, Mapping[str, tuple[str, str]]]]:
    """Import the text modules that exist; a module that is missing is skipped, a broken one raises."""
    found = []
    for name in names:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # Only "this module does not exist (yet)" is fine; a missing import inside it is a bug to show.
            if exc.name != name:
                raise
            continue
        found.append((name, getattr(module, "TEXTS", {})))
    return found


@cache
def texts() -> dict[str, tuple[str, str]]:
    """All texts of the app, merged once per process."""
    return merge_texts(read_text_modules())


def t(key: str, lang: str, **fmt: object) -> str:
    """The text for key in lang ('en' or 'id'), with {placeholders} filled from fmt.

    >>> t("app.title", "id")
    'Atlas Studi Banding'
    """
    pair = texts()[key]
    text = pair[1] if lang == "id" else pair[0]
    return text.format(**fmt) if fmt else text


def _is_missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def fmt_float(x: float | None, lang: str, digits: int = 1) -> str:
    """A number with thousands separators: en '1,234.5', id '1.234,5'; missing is '–'.

    >>> fmt_float(1234.5, "id", 1)
    '1.234,5'
    """
    if _is_missing(x):
        return UNKNOWN_MARK
    text = f"{float(x):,.{digits}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_int(n: int | float | None, lang: str) -> str:
    """A whole number with thousands separators: en '1,234', id '1.234'; missing is '–'.

    >>> fmt_int(1234, "id")
    '1.234'
    """
    if _is_missing(n):
        return UNKNOWN_MARK
    return fmt_float(round(float(n)), lang, 0)


def fmt_date(d: date | None, lang: str, precision: str = "day") -> str:
    """A date as people write it, only as precise as known: '3 Februari 2024', 'February 2024', '2024'.

    >>> fmt_date(date(2024, 2, 3), "id", "day")
    '3 Februari 2024'
    """
    if _is_missing(d) or precision == "unknown":
        return t("date.unknown", lang)
    month = MONTHS["id" if lang == "id" else "en"][d.month - 1]
    if precision == "year":
        return str(d.year)
    if precision == "month":
        return f"{month} {d.year}"
    return f"{d.day} {month} {d.year}"


def fmt_timestamp(iso: str, lang: str) -> str:
    """An ISO time (an ETL run's) as people read it; unparseable text is shown as it is.

    >>> fmt_timestamp("2026-11-25T16:11:32+00:00", "id")
    '25 November 2026, 16:11 UTC'
    """
    try:
        when = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    offset = when.utcoffset()
    zone = " UTC" if offset is not None and offset.total_seconds() == 0 else ""
    return f"{fmt_date(when.date(), lang, 'day')}, {when:%H:%M}{zone}"
