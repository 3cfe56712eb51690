"""When did the visit happen: read the visit date from an article's sentences.

The genre writes dates as "Jumat (2/2/2024)", "Kamis, (12/10/17)" (day first,
two-digit year), "Selasa (15/9)" (year from the page's date line or the
publication date), "Senin, 3 Juni 2019", "pada 12-14 Maret 2018" (a range: its
first day), "akhir bulan Juli 2022" (month precision), "tahun 2016" (year
precision, only beside a visit word), or only a weekday ("Selasa", "kemarin"),
which is resolved against `published`, or failing that the page's date line,
and never guessed otherwise.

Choice among several dates: focus sentences first; then a day or month told
beside the visit ("kunjungan kerja ... pada 12-14 Maret 2018", "Kegiatan
berlangsung pada Agustus 2016") beats a date elsewhere, and any date beats the
day a quote was given ("kata Hasan di gedung DPRD, Senin (30/9/2013)", often
after the trip); then the finer precision, a weekday named beside the date, and
the earlier sentence. Page date lines ("September 15, 2015", "Rabu, 3 Mei 2023
10:15 WIB") are publication stamps: they lend their year, they are not the
visit date. Dates of other events ("sejak 2003", "diresmikan pada 3 Mei 2019",
"APEKSI 2024") are skipped.
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

_RANGE_WORDS = frozenset({"-", "s.d.", "s.d", "sd", "s/d", "sampai", "hingga", "dan", "dengan", "to"})
_QUALIFIERS = frozenset({"awal", "akhir", "pertengahan", "medio"})
# Words just before a date that make it another event's date, not the visit's.
_OTHER_EVENT = frozenset(
    "sejak semenjak since hingga sampai berdiri didirikan dibentuk diresmikan diluncurkan diundangkan ditetapkan "
    "lahir tertanggal nomor berlaku periode anggaran target apeksi apkasi adeksi".split()
)
# Stems of visit words; checked with `in` on the lower-cased sentence (an IGNORECASE regex cost ~15 us a sentence).
_VISIT_STEMS = (
    "kunjung",
    "kunker",
    "studi",
    "study",
    "benchmark",
    "rombongan",
    "tiba ",
    "diterima",
    "menerima",
    "bertandang",
    "menyambangi",
    "mendatangi",
    "belajar",
    "menimba",
    "sambut",
    "audiensi",
    "berlangsung",
    "dilaksanakan",
    "digelar",
    "lawatan",
    "delegasi",
)
# "kata Hasan di gedung DPRD, Senin (30/9/2013)": the day a quote was given, often after the visit.
_SPEECH = frozenset(
    "kata katanya ujar ujarnya ungkap ungkapnya jelas jelasnya tutur tuturnya terang terangnya tambah tambahnya "
    "sebut sebutnya papar paparnya tegas tegasnya imbuh imbuhnya ucap ucapnya tandas tandasnya pungkas pungkasnya "
    "lanjutnya mengatakan menjelaskan menuturkan menyampaikan mengungkapkan".split()
)
# "(2/2/2024)", "(15/9)", "( 12/10/17 )": starts with a literal, so the scan is cheap.
_PAREN = re.compile(r"\(\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\s*\)")
_ISO = re.compile(r"-(\d{2})-(\d{2})(?!\d)")
_BARE_NUMERIC = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2$")
_WINDOW_CLEAN = str.maketrans({",": " ", "(": " ", ")": " "})
_WORDS = re.compile(r"[a-z]+")
_DATELINE_OK = frozenset(_MONTHS) | frozenset(_WEEKDAYS) | {"jum", "at", "wib", "wita", "wit", "pukul", "am", "pm"}
_WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Jum'at", "Sabtu", "Minggu", "Ahad")
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}
_OTHER = (0, "other", 0, 0, None, None, None)  # a date of another event: seen, but not the visit's


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
    speech: bool = False


def extract_date(sents: Sequence[Sentence], published: date | None = None, focus: Sequence[int] = ()) -> DateResult:
    """Read the visit date from the sentences, anchored on `published` when there is one.

    >>> from etl.text import sentences
    >>> extract_date(sentences("Rombongan tiba di Surabaya, Jumat (2/2/2024)."), None)
    DateResult(date=datetime.date(2024, 2, 2), precision='day', note=None, evidence='Rombongan tiba di Surabaya, Jumat (2/2/2024).')
    """
    if not sents:
        return DateResult(None, "unknown", "no text", None)
    # Sentences of one paragraph are joined by a space: a date cut after "Nop." or "s.d." still reads whole.
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for i, s in enumerate(sents):
        if i:
            parts.append(" " if s.paragraph == sents[i - 1].paragraph else "\n")
            pos += 1
        starts.append(pos)
        parts.append(s.text)
        pos += len(s.text)
    text = "".join(parts)

    found = _find_dates(text)  # (start, kind, day, month, year or None, weekday or None, qualifier)
    anchor, anchor_note = published, None
    datelines: set[int] = set()
    for start, kind, d, mo, y, _, _ in found:
        if kind == "day" and y is not None:
            k = bisect_right(starts, start) - 1
            if _is_dateline(sents[k].text):
                datelines.add(k)
                if anchor is None and (value := _safe_date(y, mo, d)) is not None:
                    anchor, anchor_note = value, "year from the page's date line"

    candidates: list[_Candidate] = []
    yearless: list[tuple[int, str]] = []
    for start, kind, d, mo, y, wd, qual in found:
        k = bisect_right(starts, start) - 1
        if k in datelines or kind == "other":
            continue
        sentence = sents[k].text
        if kind == "year" and not _visit_sentence(sentence):
            continue
        notes: list[str] = []
        if y is None:
            if anchor is None:
                yearless.append((k, f"day and month without a year ({d}/{mo}), no publication date"))
                continue
            y = anchor.year
            guess = _safe_date(y, mo, d)
            if guess is not None and guess > anchor + timedelta(days=60):
                y -= 1
            notes.append(anchor_note or "year from the publication date")
        value = _safe_date(y, mo, d)
        if value is None:
            continue
        if qual:
            notes.append(f"'{qual}' of the {'year' if kind == 'year' else 'month'}")
        if wd is not None and kind == "day" and value.weekday() != wd:
            named = _WEEKDAY_ID[wd]
            notes.append(f"weekday {named} does not match {value.isoformat()} ({_WEEKDAY_ID[value.weekday()]})")
        speech = any(t.strip("\"'.") in _SPEECH for t in _words_before(text, start, 70)[-8:])
        visit = _visit_sentence(sentence)
        candidates.append(_Candidate(value, kind, k, wd, tuple(notes), visit, speech))

    focus_set = set(focus)
    if candidates:
        best = max(
            candidates,
            key=lambda c: (
                c.sentence in focus_set,
                # a day or month told beside the visit beats the day a quote was given
                2 if c.in_visit_sentence and not c.speech and c.precision != "year" else 0 if c.speech else 1,
                _PRECISION_RANK[c.precision],
                c.weekday is not None,
                -c.sentence,
            ),
        )
        notes = list(best.notes)
        if published is not None and best.value > published:
            notes.append(f"date is after the publication date {published.isoformat()}")
        return DateResult(best.value, best.precision, "; ".join(notes) or None, sents[best.sentence].text)

    relative = _find_relative(text)  # (start, word, weekday or None, "pekan lalu" follows)
    if relative:
        start, word, wd, last_week = max(
            relative,
            key=lambda r: (
                (k := bisect_right(starts, r[0]) - 1) in focus_set,
                _visit_sentence(sents[k].text),
                -r[0],
            ),
        )
        k = bisect_right(starts, start) - 1
        if anchor is None:
            return DateResult(None, "unknown", _WEEKDAY_ONLY.format(word=word), sents[k].text)
        value = _resolve_relative(word, wd, last_week, anchor)
        against = "the publication date" if published is not None else "the page's date line"
        how = f"'{word}' resolved against {against} {anchor.isoformat()}"
        return DateResult(value, "day", how, sents[k].text)
    if yearless:
        k, why = yearless[0]
        return DateResult(None, "unknown", why, sents[k].text)
    if found:
        return DateResult(None, "unknown", "no visit date in text", None)
    return DateResult(None, "unknown", "no date in text", None)


_WEEKDAY_ONLY = "weekday only ('{word}'), no publication date"


def weekday_of_note(note: str | None) -> int | None:
    """The weekday (0 = Monday) an undated visit's note names ("weekday only ('Selasa')"), else None.

    etl.merge uses it to join an undated report to the one dated report of the pair on that weekday.

    >>> weekday_of_note("weekday only ('Selasa'), no publication date"), weekday_of_note("no date in text")
    (1, None)
    """
    head = "weekday only ('"
    if not note or not note.startswith(head):
        return None
    return _WEEKDAYS.get(note[len(head) : note.find("'", len(head))].lower())


def _visit_sentence(sentence: str) -> bool:
    low = sentence.lower()
    return any(stem in low for stem in _VISIT_STEMS)


def _find_dates(text: str) -> list[tuple[int, str, int, int, int | None, int | None, str | None]]:
    """Every dated expression: numeric ones in parentheses, and whatever stands before a year.

    A regex alternation over month names cost ~5 ms an article; finding "(" and years with
    str.find and reading the few words before them costs a few microseconds.
    """
    out: list[tuple[int, str, int, int, int | None, int | None, str | None]] = []
    taken: list[tuple[int, int]] = []
    if "(" in text:
        for m in _PAREN.finditer(text):
            d, mo, y_text = int(m.group(1)), int(m.group(2)), m.group(3)
            taken.append(m.span())
            before = _words_before(text, m.start())
            if _other_event(before):
                out.append((m.start(), "other", 0, 0, None, None, None))
                continue
            y = (
                None
                if y_text is None
                else int(y_text) + (0 if len(y_text) == 4 else 2000 if int(y_text) < 70 else 1900)
            )
            wd = _WEEKDAYS.get(before[-1]) if before else None
            out.append((m.start(), "day", d, mo, y, wd, None))
    for p in _year_positions(text):
        if any(a <= p < b for a, b in taken):
            continue
        read = _read_before_year(text, p)
        if read is not None:
            out.append(read)
    if not out:
        out.extend(_yearless_textual(text))
    return out


def _year_positions(text: str) -> list[int]:
    """Where a four-digit year (19xx, 20xx) stands alone, not inside a longer number."""
    out = []
    for lit in ("20", "19"):
        i = text.find(lit)
        while i != -1:
            if (
                text[i + 2 : i + 4].isdigit()
                and len(text[i + 2 : i + 4]) == 2
                and (i == 0 or not (text[i - 1].isdigit() or text[i - 1] in ".,"))
                and not text[i + 4 : i + 5].isdigit()
                and not (text[i + 4 : i + 5] in ".," and text[i + 5 : i + 6].isdigit())
            ):
                out.append(i)
            i = text.find(lit, i + 1)
    out.sort()
    return out


def _words_before(text: str, p: int, width: int = 48) -> list[str]:
    """The lower-cased words just before position p on the same line, commas and brackets dropped."""
    lo = max(text.rfind("\n", 0, p) + 1, p - width)
    return text[lo:p].lower().translate(_WINDOW_CLEAN).split()


def _read_before_year(text: str, p: int) -> tuple[int, str, int, int, int | None, int | None, str | None] | None:
    """Read the date a year at p closes: '3 Juni 2019', '12-14 Maret 2018', 'September 15, 2015', 'Juli 2022'..."""
    y = int(text[p : p + 4])
    iso = _ISO.match(text, p + 4)
    if iso:  # "2023-05-03 10:15": year first, as page stamps and metadata write it
        return (p, "day", int(iso.group(2)), int(iso.group(1)), y, None, None)
    bare = _BARE_NUMERIC.search(text, max(0, p - 6), p)
    if bare:
        before = _words_before(text, bare.start())
        wd = _WEEKDAYS.get(before[-1]) if before else None
        if _other_event(before):
            return (bare.start(), "other", 0, 0, None, None, None)
        return (bare.start(), "day", int(bare.group(1)), int(bare.group(3)), y, wd, None)
    w = _words_before(text, p)
    if not w:
        return None
    start = p - 1
    had_tahun = w[-1] == "tahun"
    if had_tahun:
        w = w[:-1]
        if not w:
            return (start, "year", 1, 1, y, None, None)
    last = w[-1].rstrip(".")
    month = _MONTHS.get(last)
    if month is not None:
        rest = w[:-1]
        day = _day(rest[-1]) if rest else None
        if day is not None:
            rest = rest[:-1]
            if len(rest) >= 2 and rest[-1] in _RANGE_WORDS and _day(rest[-2]) is not None:
                day, rest = _day(rest[-2]), rest[:-2]  # "12 - 14 Maret": the range starts on the 12th
            elif len(rest) >= 3 and rest[-1] in _RANGE_WORDS and _MONTHS.get(rest[-2].rstrip(".")):
                if _day(rest[-3]) is not None:  # "28 Februari - 2 Maret 2018"
                    day, month, rest = _day(rest[-3]), _MONTHS[rest[-2].rstrip(".")], rest[:-3]
            if _other_event(rest):
                return _OTHER
            wd = _WEEKDAYS.get(rest[-1]) if rest else None
            return (start, "day", day, month, y, wd, None)
        qual = None
        if rest and rest[-1] == "bulan":
            rest = rest[:-1]
        if rest and rest[-1] in _QUALIFIERS:
            qual, rest = rest[-1], rest[:-1]
        return _OTHER if _other_event(rest) else (start, "month", 1, month, y, None, qual)
    day = _day(last)
    if not had_tahun and day is not None and len(w) >= 2 and (month := _MONTHS.get(w[-2].rstrip("."))) is not None:
        rest = w[:-2]  # "September 15, 2015"
        wd = _WEEKDAYS.get(rest[-1]) if rest else None
        return (start, "day", day, month, y, wd, None)
    if had_tahun:  # "tahun 2016", but not "sejak tahun 2003"
        return _OTHER if _other_event(w) else (start, "year", 1, 1, y, None, None)
    if last == "pada":
        return _OTHER if _other_event(w[:-1]) else (start, "year", 1, 1, y, None, None)
    if last in _QUALIFIERS:  # "pada pertengahan 2013", "awal 2019": a part of the year, so the year
        return _OTHER if _other_event(w[:-1]) else (start, "year", 1, 1, y, None, last)
    return None


def _other_event(words: list[str]) -> bool:
    """True when one of the two words before a date ties it to another event ("sejak", "diresmikan pada")."""
    return any(w in _OTHER_EVENT for w in words[-2:])


def _yearless_textual(text: str) -> list[tuple[int, str, int, int, int | None, int | None, str | None]]:
    """'Selasa, 15 September' without a year: only looked for when nothing better was found."""
    low = text.lower()
    out = []
    for name, month in _MONTHS.items():
        if len(name) < 4 and name not in ("mei", "may"):
            continue  # abbreviations without a year are too often something else
        i = low.find(name)
        while i != -1:
            end = i + len(name)
            if (i == 0 or not low[i - 1].isalpha()) and not low[end : end + 1].isalpha():
                before = _words_before(text, i)
                if before and (day := _day(before[-1])) is not None:
                    rest = before[:-1]
                    if not _other_event(rest):
                        wd = _WEEKDAYS.get(rest[-1]) if rest else None
                        out.append((i, "day", day, month, None, wd, None))
            i = low.find(name, end)
    return out


def _find_relative(text: str) -> list[tuple[int, str, int | None, bool]]:
    """Weekday-only mentions ("Selasa", "Rabu kemarin") and "kemarin" / "hari ini"."""
    out = []
    for name in _WEEKDAY_NAMES:
        i = text.find(name)
        while i != -1:
            end = i + len(name)
            after = text[end : end + 24]
            if (i == 0 or not text[i - 1].isalpha()) and not after[:1].isalpha():
                # "Selasa (15/9)" is a dated mention, read elsewhere; "Minggu lalu" is a week.
                tail = after.lstrip(" ,(")
                if not tail[:1].isdigit() and not (name == "Minggu" and tail.startswith(("lalu", "depan", "ini"))):
                    last_week = tail.lower().startswith(("pekan lalu", "minggu lalu"))
                    out.append((i, name, _WEEKDAYS[name.lower()], last_week))
            i = text.find(name, end)
    low = text.lower()
    for word in ("kemarin", "hari ini"):
        i = low.find(word)
        while i != -1:
            before = _words_before(text, i, 12)
            if not (before and before[-1] in _WEEKDAYS):
                out.append((i, word, None, False))
            i = low.find(word, i + 1)
    return out


def _resolve_relative(word: str, wd: int | None, last_week: bool, published: date) -> date:
    """The day a weekday-only or relative mention points to: the latest such day on or before the anchor."""
    if wd is None:
        return published - timedelta(days=1) if word == "kemarin" else published
    value = published - timedelta(days=(published.weekday() - wd) % 7)
    if last_week and value.isocalendar()[:2] == published.isocalendar()[:2]:
        value -= timedelta(days=7)
    return value


def _is_dateline(sentence: str) -> bool:
    """True when the sentence is a page date stamp: a date plus at most a weekday, a time and one place word."""
    if len(sentence) >= 60:
        return False
    words = [w for w in _WORDS.findall(sentence.lower()) if w not in _DATELINE_OK]
    return len(words) <= 1


def _day(token: str) -> int | None:
    token = token.rstrip(".")
    if token.isdigit() and len(token) <= 2 and 1 <= int(token) <= 31:
        return int(token)
    if "-" in token:  # "12-14"
        head = token.split("-", 1)[0]
        if head.isdigit() and len(head) <= 2 and 1 <= int(head) <= 31:
            return int(head)
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
