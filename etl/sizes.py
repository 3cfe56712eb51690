"""How many came: read the delegation's size from an article's sentences.

Rule: `size` is an exact number the text states ("sebanyak 36 orang", "15 anggota
DPRD", "dua puluh lima peserta") or sums within one sentence ("angkatan 33
sebanyak 36 orang, sedangkan angkatan 34 sebanyak 32 orang" = 68; a total
followed by "terdiri dari ..." is taken alone). Words without an exact number
give a range and keep their text, never a size: belasan = 11-19, puluhan =
20-99 (tens above the teens), ratusan = 100-999; "lebih dari 30" = 31 or more,
"hampir 30" = at most 29. A numbered list of officials after the delegation
sentence raises the minimum to its length and is named in the text, but is not
a size (the writer rarely lists everyone: drivers, staff and the leader
are missing).

Only counts of people next to a delegation word count: the host's statistics
("memiliki 17.500 pegawai"), "211 aplikasi", "layanan 112", "angkatan 12",
years, dates, money and percentages carry no people noun or sit in a host
sentence, so they are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from etl.text import Sentence

_WORD_NUMS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_WORD = r"(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|belas|puluh|ratus)"
_VAGUE = {"belasan": (11, 19), "puluhan": (20, 99), "ratusan": (100, 999)}

# People nouns a delegation is counted in.
_UNIT = (
    r"(?:orang|peserta|pegawai|asn|pns|anggota|personel|personil|pejabat|delegasi|utusan|perwakilan|staf|staff|"
    r"kepala\s+(?:desa|dinas|sekolah|opd|daerah|puskesmas)|perangkat\s+desa|kades|lurah|camat|sekdes|aparatur|"
    r"pimpinan|pengurus|guru|dosen|mahasiswa|siswa|pelajar|santri|petani|nelayan|peternak|pelaku\s+(?:umkm|usaha)|"
    r"kader|bidan|perawat|dokter|tenaga\s+\w+|widyaiswara|legislator|wakil\s+rakyat|kepala\s+\w+|auditor|penyuluh)\b"
)

_COUNT = re.compile(
    rf"""
    (?P<pre>(?:(?:angkatan|kelas|gelombang|kelompok)\s+[\w.]+\s+)?
      (?:(?P<cue>sebanyak|berjumlah|sejumlah|total|terdiri\s+(?:dari|atas)|beranggotakan|membawa|memboyong|diikuti(?:\s+oleh)?|
          rombongan|bersama|dan|serta|sedangkan|ditambah)\s+)?
      (?P<qual>sekitar|kurang\s+lebih|lebih\s+kurang|lebih\s+dari|hampir|sedikitnya|setidaknya|±)?\s*)
    (?:(?P<digits>(?<![\d.,/])\d{{1,3}}(?![\d.,/]))|(?P<words>\b{_WORD}(?:\s+{_WORD})*\b)|(?P<vague>\b(?:belasan|puluhan|ratusan)\b))
    (?:\s*\(\d{{1,3}}\))?\s+(?:orang\s+)?(?P<unit>{_UNIT})
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A cheap prefilter: no digit and no number word means no count.
_PREFILTER = re.compile(rf"\d|\b{_WORD}|belasan|puluhan|ratusan", re.IGNORECASE)

_STRONG = re.compile(
    r"sebanyak|berjumlah|rombongan|membawa|memboyong|diikuti|terdiri|beranggotakan|sejumlah|peserta|delegasi",
    re.IGNORECASE,
)
_VISIT = re.compile(
    r"kunjung|kunker|studi|study|benchmark|rombongan|tiba\b|hadir|datang|bertandang|mengikuti|diklat|pelatihan|"
    r"belajar|menimba|diterima|menyambangi|mendatangi|bertolak|berangkat",
    re.IGNORECASE,
)
# The host describing itself: numbers in these sentences are statistics, not visitors.
_HOST_STAT = re.compile(
    r"memiliki|mempunyai|terdapat|melayani|dilayani|penduduk|per\s+hari|setiap\s+hari|per\s+tahun|mencapai|tercatat|"
    r"jumlah\s+(?:pegawai|asn|penduduk)|di\s+antaranya",
    re.IGNORECASE,
)
_LIST_INTRO = re.compile(r"(?:berikut|antara\s+lain|yaitu|yakni|di\s*antaranya)\W*:?\s*$|:\s*$", re.IGNORECASE)
_LIST_WHO = re.compile(r"ikut|rombongan|peserta|pimpinan|anggota|delegasi|pejabat|hadir|kepala", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^(\d{1,2})[.)](?:\s|$)")
_ROMBONGAN = re.compile(r"\brombongan\b", re.IGNORECASE)


@dataclass(frozen=True)
class SizeResult:
    """The delegation's size (exact) or range, the words it was written in, and the sentence."""

    size: int | None
    min: int | None = None
    max: int | None = None
    text: str | None = None
    evidence: str | None = None


NO_SIZE = SizeResult(None)


def extract_delegation(sents: Sequence[Sentence], focus: Sequence[int] = ()) -> SizeResult:
    """Read how many people the delegation had; only the focus sentences when a focus is given.

    >>> from etl.text import sentences
    >>> extract_delegation(sentences("Rombongan berjumlah 25 orang tiba di Kota Malang."))
    SizeResult(size=25, min=25, max=25, text='berjumlah 25 orang', evidence='Rombongan berjumlah 25 orang tiba di Kota Malang.')
    """
    pool = [sents[i] for i in focus if 0 <= i < len(sents)] if focus else list(sents)
    best: tuple[int, SizeResult] | None = None
    for pos, s in enumerate(pool):
        if not _PREFILTER.search(s.text):
            continue
        result, score = _read_sentence(s.text)
        if result is None:
            continue
        if result.size is None and result.min is not None:
            result = _with_list(result, pool, pos)
        key = score * 2 + (result.size is not None)
        if best is None or key > best[0]:
            best = (key, result)
    if best is not None:
        return best[1]
    for j, s in enumerate(pool):
        if _LIST_INTRO.search(s.text) and _LIST_WHO.search(s.text):
            n = _list_length(pool, j + 1)
            if n >= 2:
                return SizeResult(None, n, None, f"{n} listed", s.text)
    for s in pool:
        if _ROMBONGAN.search(s.text):
            return SizeResult(None, None, None, "rombongan", s.text)
    return NO_SIZE


def _read_sentence(text: str) -> tuple[SizeResult | None, int]:
    """The delegation count one sentence states, with how sure we are (higher is surer)."""
    host_stat = _HOST_STAT.search(text) is not None
    visit = _VISIT.search(text) is not None
    exact: list[tuple[int, re.Match[str]]] = []
    vague: list[tuple[int, int, re.Match[str]]] = []
    bounds: list[tuple[int | None, int | None, re.Match[str]]] = []
    score = 0
    for m in _COUNT.finditer(text):
        local = 2 if (m.group("cue") and m.group("cue").lower() not in ("dan", "serta", "bersama")) else 0
        local += 1 if visit else 0
        local += 1 if _STRONG.search(m.group("unit")) else 0
        local -= 3 if host_stat and not m.group("cue") else 0
        if local < 1:
            continue
        score = max(score, local)
        if m.group("vague"):
            lo, hi = _VAGUE[m.group("vague").lower()]
            vague.append((lo, hi, m))
            continue
        n = int(m.group("digits")) if m.group("digits") else _parse_words(m.group("words"))
        if not n:
            continue
        qual = (m.group("qual") or "").lower()
        if qual in ("lebih dari", "sedikitnya", "setidaknya"):
            bounds.append((n + 1 if qual == "lebih dari" else n, None, m))
        elif qual == "hampir":
            bounds.append((None, n - 1, m))
        else:
            exact.append((n, m))
        if m.group("cue") and m.group("cue").lower().startswith("terdiri"):
            break
        # A total followed by its breakdown: keep the total alone.
        if re.match(r"\W*(?:yang\s+)?(?:terdiri|meliputi|antara\s+lain)", text[m.end() :], re.IGNORECASE):
            break
    if exact:
        total = sum(n for n, _ in exact)
        return SizeResult(total, total, total, _span(text, [m for _, m in exact]), text), score
    if bounds:
        lo, hi, m = bounds[0]
        return SizeResult(None, lo, hi, _span(text, [m]), text), score
    if vague:
        lo, hi, m = vague[0]
        return SizeResult(None, lo, hi, _span(text, [m]), text), score
    return None, 0


def _with_list(result: SizeResult, pool: Sequence[Sentence], pos: int) -> SizeResult:
    """Raise the minimum to the length of a numbered list of officials that follows in the text."""
    for j in range(pos + 1, len(pool)):
        if _LIST_INTRO.search(pool[j].text) and _LIST_WHO.search(pool[j].text):
            n = _list_length(pool, j + 1)
            if n >= 2:
                lo = max(result.min or 0, n)
                return SizeResult(None, lo, result.max, f"{result.text} ({n} listed)", result.evidence)
    return result


def _list_length(pool: Sequence[Sentence], start: int) -> int:
    """How many numbered items run on from `start` ("1." "Sekda" "2." "Kadis ..." or "1. Sekda")."""
    expected, j = 1, start
    while j < len(pool):
        m = _LIST_ITEM.match(pool[j].text)
        if not m or int(m.group(1)) != expected:
            break
        expected += 1
        j += 2 if pool[j].text.strip() == m.group(0).strip() else 1
    return expected - 1


def _span(text: str, matches: Sequence[re.Match[str]]) -> str:
    """The words the count was written in, from the first to the last counted phrase."""
    first = matches[0]
    start = first.start() + (len(first.group("pre")) - len(first.group("pre").lstrip()))
    cue = first.group("cue")
    if cue and not re.match(r"sebanyak|berjumlah|sejumlah|total|terdiri|beranggotakan", cue, re.IGNORECASE):
        start = first.start("cue") + len(cue) + 1
    return " ".join(text[start : matches[-1].end()].split())


def _parse_words(words: str) -> int:
    """Indonesian number words up to 999: 'dua puluh lima' -> 25, 'seratus dua belas' -> 112."""
    total = current = 0
    for tok in words.lower().split():
        if tok in _WORD_NUMS:
            current += _WORD_NUMS[tok]
        elif tok == "sepuluh":
            current += 10
        elif tok == "sebelas":
            current += 11
        elif tok == "belas":
            current += 10
        elif tok == "puluh":
            current *= 10
        elif tok == "seratus":
            total += 100
        elif tok == "ratus":
            total, current = total + current * 100, 0
    return total + current
