"""Texts in two languages and the formatting of numbers and dates."""

from __future__ import annotations

import string
from datetime import date

import pytest

from ui import i18n
from ui.i18n import (
    DuplicateTextKey,
    fmt_date,
    fmt_float,
    fmt_int,
    fmt_timestamp,
    merge_texts,
    read_text_modules,
    t,
    texts,
)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(texts()))
def test_every_text_exists_in_both_languages_with_the_same_placeholders(key):
    en, id_ = texts()[key]
    assert isinstance(en, str) and en.strip(), f"{key}: English text is empty"
    assert isinstance(id_, str) and id_.strip(), f"{key}: Indonesian text is empty"
    assert _placeholders(en) == _placeholders(id_), f"{key}: placeholders differ between languages"


def test_all_existing_text_modules_are_merged():
    names = [name for name, _ in read_text_modules()]
    assert names[0] == "ui.texts_core"
    assert set(names) <= set(i18n.TEXT_MODULES)
    assert len(texts()) == sum(len(m) for _, m in read_text_modules())


def test_a_key_defined_twice_raises_naming_both_modules():
    with pytest.raises(DuplicateTextKey, match=r"'hi'.*mod_a.*mod_b"):
        merge_texts([("mod_a", {"hi": ("Hi", "Hai")}), ("mod_b", {"hi": ("Hello", "Halo")})])


def test_a_missing_module_is_skipped_but_a_broken_one_raises(tmp_path, monkeypatch):
    pkg = tmp_path / "atlas_texts_probe"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "good.py").write_text('TEXTS = {"probe.ok": ("OK", "Oke")}\n')
    (pkg / "broken.py").write_text("import atlas_no_such_dependency\nTEXTS = {}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = read_text_modules(["atlas_texts_probe.good", "atlas_texts_probe.absent"])
    assert found == [("atlas_texts_probe.good", {"probe.ok": ("OK", "Oke")})]
    with pytest.raises(ModuleNotFoundError, match="atlas_no_such_dependency"):
        read_text_modules(["atlas_texts_probe.broken"])


@pytest.mark.parametrize(
    ("key", "lang", "fmt", "expected"),
    [
        ("app.title", "en", {}, "Study Visit Atlas"),
        ("app.title", "id", {}, "Atlas Studi Banding"),
        ("filter.count", "en", {"n": "3", "m": "8"}, "3 of 8 visits"),
        ("filter.count", "id", {"n": "3", "m": "8"}, "3 dari 8 kunjungan"),
    ],
)
def test_t_picks_the_language_and_fills_placeholders(key, lang, fmt, expected):
    assert t(key, lang, **fmt) == expected


def test_t_raises_on_an_unknown_key():
    with pytest.raises(KeyError):
        t("no.such.key", "en")


@pytest.mark.parametrize(
    ("n", "lang", "expected"),
    [(1234, "en", "1,234"), (1234, "id", "1.234"), (1234567, "id", "1.234.567"), (0, "id", "0"),
     (12.6, "en", "13"), (None, "en", "–"), (float("nan"), "id", "–")],
)
def test_fmt_int(n, lang, expected):
    assert fmt_int(n, lang) == expected


@pytest.mark.parametrize(
    ("x", "lang", "digits", "expected"),
    [(1234.56, "en", 1, "1,234.6"), (1234.56, "id", 1, "1.234,6"), (0.5, "id", 2, "0,50"),
     (-1234.5, "id", 0, "-1.234"), (None, "id", 1, "–")],
)
def test_fmt_float(x, lang, digits, expected):
    assert fmt_float(x, lang, digits) == expected


@pytest.mark.parametrize(
    ("d", "lang", "precision", "expected"),
    [
        (date(2024, 2, 3), "id", "day", "3 Februari 2024"),
        (date(2024, 2, 3), "en", "day", "3 February 2024"),
        (date(2023, 8, 1), "id", "month", "Agustus 2023"),
        (date(2023, 5, 1), "en", "month", "May 2023"),
        (date(2022, 1, 1), "id", "year", "2022"),
        (date(2022, 1, 1), "en", "unknown", "date unknown"),
        (None, "id", "day", "tanggal tidak diketahui"),
    ],
)
def test_fmt_date_is_only_as_precise_as_known(d, lang, precision, expected):
    assert fmt_date(d, lang, precision) == expected


@pytest.mark.parametrize(
    ("iso", "lang", "expected"),
    [("2026-11-25T16:11:32+00:00", "id", "25 November 2026, 16:11 UTC"), ("2026-02-03T08:05:00", "en", "3 February 2026, 08:05"),
     ("yesterday", "en", "yesterday")],
)
def test_fmt_timestamp(iso, lang, expected):
    assert fmt_timestamp(iso, lang) == expected
