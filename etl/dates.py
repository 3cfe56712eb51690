"""When did the visit happen: read the visit date from an article's sentences.

The genre writes dates as "Jumat (2/2/2024)", "Kamis, (12/10/17)" (day first,
two-digit year), "Selasa (15/9)" (year from the page's date line or the
publication date), "Senin, 3 Juni 2019", "pada 12-14 Maret 2018" (a range: its
first day), "akhir bulan Juli 2022" (month precision), "tahun 2016" (year
precision, only beside a visit word), or only a weekday ("Selasa", "kemarin"),
which is resolved against `published` when it is given and never guessed
otherwise.

Choice among several dates: the finest precision wins; within it, focus
sentences beat the rest of the article, a weekday named beside the date beats a
bare date (that is how the genre stamps the event), a sentence with a visit word
beats one without, and earlier beats later. Page date lines ("September 15,
2015", "Rabu, 3 Mei 2023 10:15 WIB") are publication stamps: they lend their
year, they are not the visit date. Dates of other events ("sejak 2003",
"diresmikan pada 3 Mei 2019", "APEKSI 2024") are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from etl.text import Sentence

_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "januari january jan",
        "februari pebruari february feb peb",
        "maret march mar",
        "april apr",
        "mei may",
        "juni june jun",
        "juli july jul",
        "agustus august agust agus agt agu aug",
        "september sept sep",
        "oktober october okt oct",
        "november nopember nov nop",
        "desember december des dec",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _num

_WEEKDAYS: dict[str, int] = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
}
_WEEKDAY_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

_MON = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_WD = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)"
_RANGE = r"(?:\s*(?:-|s\.?\s?d\.?|sampai(?:\s+dengan)?|hingga|dan)\s*)"

# One alternation for every shape, scanned once over the whole article; named groups say which matched.
_DATE = re.compile(
    rf"""
    (?:(?P<wd>{_WD})\b[\s,]*(?:\(\s*)?)?
    (?:
        # (2/2/2024), (15/9), 12/10/17 in parentheses; 02-02-2024 or 2/2/2024 bare only with a 4-digit year
        (?P<num>(?<![\d/])
            (?:\(\s*(?P<nd>\d{{1,2}})/(?P<nm>\d{{1,2}})(?:/(?P<ny>\d{{4}}|\d{{2}}))?\s*\)
              |(?P<bd>\d{{1,2}})[/-](?P<bm>\d{{1,2}})[/-](?P<by>\d{{4}})\b))
      | # 3 Juni 2019, 12-14 Maret 2018, 28 Februari - 2 Maret 2018, 15 September
        (?P<txt>(?<!\d)(?P<td>\d{{1,2}})(?:{_RANGE}\d{{1,2}}(?!\d))?\s+(?P<tm>{_MON})
            (?:{_RANGE}\d{{1,2}}\s+{_MON})?(?:\s*,?\s*(?:tahun\s+)?(?P<ty>(?:19|20)\d\d)\b)?)
      | # September 15, 2015
        (?P<eng>(?P<em>{_MON})\s+(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ey>(?:19|20)\d\d)\b)
      | # awal bulan Juli 2022, Juli 2022
        (?P<my>(?P<mq>(?:awal|akhir|pertengahan|medio)\s+)?(?:bulan\s+)?(?P<mm>{_MON})\s+(?:tahun\s+)?(?P<mmy>(?:19|20)\d\d)\b)
      | # tahun 2016, pada 2016
        (?P<yr>(?:tahun|pada)\s+(?P<yy>(?:19|20)\d\d)\b)
      | (?P<rel>kemarin|hari\s+ini)
    )
    | (?-i:(?P<wdonly>Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)\b)(?P<lalu>\s+(?:pekan|minggu)\s+lalu)?
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Words just before a date that make it another event's date, not the visit's.
_OTHER_EVENT = re.compile(
    r"(?:sejak|since|semenjak|hingga|sampai|berdiri|didirikan|dibentuk|diresmikan|diluncurkan|diundangkan|"
    r"ditetapkan|lahir|tertanggal|nomor|berlaku|periode|anggaran|target|apeksi|apkasi|adeksi)\W+(?:\w+\W+)?$",
    re.IGNORECASE,
)
_VISIT_WORD = re.compile(
    r"kunjung|kunker|studi|study|benchmark|rombongan|tiba\b|diterima|menerima|bertandang|menyambangi|mendatangi|"
    r"belajar|menimba|sambut|audiensi",
    re.IGNORECASE,
)
# What a page date line may hold besides the date itself.
_DATELINE_REST = re.compile(r"(?:\b\d{1,2}[:.]\d{2}\b|\bwib\b|\bwita\b|\bwit\b|[\W\d_])+", re.IGNORECASE)

_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True)
class DateResult:
    """The visit date, its precision, why it is uncertain or unknown, and the sentence it came from."""

    date: date | None
    precision: str  # day / month / year / unknown
    note: str | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class _Candidate:
    value: date
    precision: str
    sentence: int
    weekday: int | None
    notes: tuple[str, ...]
    in_visit_sentence: bool


def extract_date(sents: Sequence[Sentence], published: date | None = None, focus: Sequence[int] = ()) -> DateResult:
    """Read the visit date from the sentences, anchored on `published` when there is one.

    >>> from etl.text import sentences
    >>> extract_date(sentences("Rombongan tiba di Surabaya, Jumat (2/2/2024)."), None)
    DateResult(date=datetime.date(2024, 2, 2), precision='day', note=None, evidence='Rombongan tiba di Surabaya, Jumat (2/2/2024).')
    """
    if not sents:
        return DateResult(None, "unknown", "no text", None)
    joined = "\n".join(s.text for s in sents)
    starts: list[int] = []
    pos = 0
    for s in sents:
        starts.append(pos)
        pos += len(s.text) + 1
    matches = list(_DATE.finditer(joined))
    if not matches:
        return DateResult(None, "unknown", "no date in text", None)

    anchor, anchor_note = published, None
    datelines: set[int] = set()
    for m in matches:
        if m.group("eng") or (m.group("txt") and m.group("ty")):
            k = bisect_right(starts, m.start()) - 1
            if _is_dateline(sents[k].text, m):
                datelines.add(k)
                if anchor is None:
                    anchor = _full_date(m)
                    anchor_note = "year from the page's date line"

    candidates: list[_Candidate] = []
    yearless: list[tuple[int, str]] = []
    weekday_only: list[tuple[int, re.Match[str]]] = []
    for m in matches:
        k = bisect_right(starts, m.start()) - 1
        if k in datelines:
            continue
        text = sents[k].text
        local_start = m.start() - starts[k]
        if _OTHER_EVENT.search(text, max(0, local_start - 40), local_start):
            continue
        if m.group("wdonly") or m.group("rel"):
            weekday_only.append((k, m))
            continue
        cand = _candidate(m, k, anchor, anchor_note, text)
        if isinstance(cand, str):
            if cand:
                yearless.append((k, cand))
            continue
        candidates.append(cand)

    focus_set = set(focus)
    if candidates:
        best = max(
            candidates,
            key=lambda c: (
                _PRECISION_RANK[c.precision],
                c.sentence in focus_set,
                c.weekday is not None,
                c.in_visit_sentence,
                -c.sentence,
            ),
        )
        notes = list(best.notes)
        if published is not None and best.value > published:
            notes.append(f"date is after the publication date {published.isoformat()}")
        return DateResult(best.value, best.precision, "; ".join(notes) or None, sents[best.sentence].text)

    if weekday_only:
        k, m = max(
            weekday_only, key=lambda p: (p[0] in focus_set, _VISIT_WORD.search(sents[p[0]].text) is not None, -p[0])
        )
        word = m.group("wdonly") or m.group("wd") or m.group("rel")
        if published is None:
            return DateResult(None, "unknown", f"weekday only ('{word}'), no publication date", sents[k].text)
        value = _resolve_relative(m, published)
        how = f"'{word}' resolved against the publication date {published.isoformat()}"
        return DateResult(value, "day", how, sents[k].text)
    if yearless:
        k, why = yearless[0]
        return DateResult(None, "unknown", why, sents[k].text)
    return DateResult(None, "unknown", "no visit date in text", None)


def _candidate(m: re.Match[str], k: int, anchor: date | None, anchor_note: str | None, text: str) -> _Candidate | str:
    """A dated candidate from one match, or the reason it has no date ("" when it is no date at all)."""
    notes: list[str] = []
    if m.group("num"):
        d = int(m.group("nd") or m.group("bd"))
        mo = int(m.group("nm") or m.group("bm"))
        y_text = m.group("ny") or m.group("by")
        precision = "day"
    elif m.group("txt"):
        d, mo, y_text, precision = int(m.group("td")), _month(m.group("tm")), m.group("ty"), "day"
    elif m.group("eng"):
        d, mo, y_text, precision = int(m.group("ed")), _month(m.group("em")), m.group("ey"), "day"
    elif m.group("my"):
        d, mo, y_text, precision = 1, _month(m.group("mm")), m.group("mmy"), "month"
        if m.group("mq"):
            notes.append(f"'{m.group('mq').strip().lower()}' of the month")
    else:
        if not _VISIT_WORD.search(text):
            return ""
        d, mo, y_text, precision = 1, 1, m.group("yy"), "year"
    if not 1 <= mo <= 12:
        return ""
    if y_text is None:
        if anchor is None:
            return f"day and month without a year ({d}/{mo}), no publication date"
        year = anchor.year
        if _safe_date(year, mo, d) and _safe_date(year, mo, d) > anchor + timedelta(days=60):
            year -= 1
        notes.append(anchor_note or "year from the publication date")
    else:
        year = int(y_text)
        if len(y_text) == 2:
            year += 2000 if year < 70 else 1900
    value = _safe_date(year, mo, d)
    if value is None:
        return ""
    wd = _WEEKDAYS.get(m.group("wd").lower()) if m.group("wd") else None
    if wd is not None and precision == "day" and value.weekday() != wd:
        notes.append(f"weekday {m.group('wd')} does not match {value.isoformat()} ({_WEEKDAY_ID[value.weekday()]})")
    return _Candidate(value, precision, k, wd, tuple(notes), _VISIT_WORD.search(text) is not None)


def _resolve_relative(m: re.Match[str], published: date) -> date:
    """The day a weekday-only or relative mention points to: the latest such day on or before `published`."""
    rel, named = m.group("rel"), m.group("wdonly") or m.group("wd")
    if not named:
        return published - timedelta(days=1) if rel.lower().startswith("kemarin") else published
    wd = _WEEKDAYS[named.lower()]
    value = published - timedelta(days=(published.weekday() - wd) % 7)
    if m.group("lalu") and value.isocalendar()[:2] == published.isocalendar()[:2]:
        value -= timedelta(days=7)
    return value


def _is_dateline(text: str, m: re.Match[str]) -> bool:
    """True when the sentence is a page date stamp: the date plus at most a weekday, a time and a zone."""
    rest = _DATELINE_REST.sub(" ", text.replace(m.group(0), " ")).strip()
    return len(rest.split()) <= 1 and len(text) < 60


def _full_date(m: re.Match[str]) -> date | None:
    if m.group("eng"):
        return _safe_date(int(m.group("ey")), _month(m.group("em")), int(m.group("ed")))
    return _safe_date(int(m.group("ty")), _month(m.group("tm")), int(m.group("td")))


def _month(name: str) -> int:
    return _MONTHS.get(name.lower().rstrip("."), 0)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
