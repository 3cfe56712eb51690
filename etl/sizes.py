"""How many came: read the delegation's size from an article's sentences.

Rule: `size` is an exact number the text states ("sebanyak 36 orang", "15 anggota
DPRD", "dua puluh lima peserta") or sums within one sentence ("angkatan 33
sebanyak 36 orang, sedangkan angkatan 34 sebanyak 32 orang" = 68; a total
followed by "terdiri dari ..." is taken alone). Words without an exact number
give a range and keep their text, never a size: belasan = 11-19, puluhan =
20-99 (tens above the teens), ratusan = 100-999; "lebih dari 30" = 31 or more,
"hampir 30" = at most 29. With no number at all, a list of who came is the count:
a numbered list after "Peserta:" / "sebagai berikut:", or people named one by one
after "terdiri atas" ("Wakil Wali Kota X, Hj. Nama, Kepala Bappeda dan dua
staf" = 4; a title and its holder's name are one person), unless the list holds
an uncounted group ("serta sejumlah staf"). Beside a vague word the list only
raises the minimum (seed 000: "belasan pimpinan OPD" and 11 listed = 11-19, no
size), since the writer said the list is not everyone.

Parts of one group are added: "15 anggota DPRD didampingi 6 pejabat sekretariat" = 21, "terdiri dari 10 kepala
desa dan 4 staf" = 14, "bersama 9 stafnya" = 10 (the official and their staff), and a next sentence "Mereka
didampingi 6 pejabat DPMD" adds its count to an exact one. Ranges stay ranges: "berkisar 12 hingga 15 orang",
"12-15 orang", "20-an orang" (20-29).

Only counts of people next to a delegation word count: the host's statistics
("memiliki 17.500 pegawai"), "211 aplikasi", "layanan 112", "angkatan 12",
years, dates, money and percentages carry no people noun or sit in a host
sentence, so they are ignored. So are the host's people ("diterima 6 pejabat Pemkot", "30 orang diterima oleh
Sekda bersama 5 kepala OPD"), an event the host held ("pameran yang diikuti 120 peserta") and people already
counted ("35 orang, termasuk 10 staf").

Speed: the article is split into words once and only words that are people
nouns are looked at (a regex over every sentence cost ~1 ms an article).
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
    "sepuluh": 10,
    "sebelas": 11,
    "seratus": 100,
    "belas": 0,
    "puluh": 0,
    "ratus": 0,
}
_VAGUE = {"belasan": (11, 19), "puluhan": (20, 99), "ratusan": (100, 999)}

# People nouns a delegation is counted in; the word after "kepala", "pelaku", "tenaga"... is free.
_UNITS = frozenset(
    "orang peserta pegawai asn pns cpns pppk anggota personel personil pejabat delegasi utusan perwakilan staf staff "
    "kades lurah camat sekdes aparatur pimpinan pengurus guru dosen mahasiswa siswa pelajar santri petani nelayan "
    "peternak kader bidan perawat dokter widyaiswara legislator auditor penyuluh kepala perangkat pelaku tenaga "
    "wakil kepsek praja taruna pendamping stafnya anggotanya pejabatnya pegawainya".split()
)
_STRONG_UNITS = frozenset({"peserta", "delegasi", "utusan", "perwakilan"})
_UNIT_KEYS = frozenset(u + p for u in _UNITS for p in ("", ",", ".", ";", ":", ")", "),", ")."))
# Words before a count that say it is the delegation's (conjunctions only join counts).
_CUES = frozenset(
    "sebanyak berjumlah sejumlah total beranggotakan membawa memboyong diikuti oleh rombongan dari atas berkisar".split()
)
_SPAN_CUES = frozenset({"sebanyak", "berjumlah", "sejumlah", "total", "beranggotakan", "berkisar"})
_RANGE_JOINS = frozenset({"hingga", "sampai", "-", "–", "s.d.", "s/d", "sd"})
_RANGE_TOKEN = re.compile(r"^(\d{1,3})[-–](\d{1,3})$")
_TENS_TOKEN = re.compile(r"^([1-9]0)-?an$")
# Words before a count of the host's people, or of people already counted ("termasuk 10 staf").
_NOT_DELEGATION_CUES = frozenset({"diterima", "disambut", "dengan", "menemui", "bertemu", "termasuk", "kepada"})
# Between two counts, a word that turns to the host: the second count is the host's people.
_RECEPTION = frozenset({"diterima", "disambut", "dengan", "bertemu", "menemui", "menerima", "menyambut"})
# A group the count may describe ("Tim terdiri dari 10 kepala desa dan 4 staf").
_GROUP_STEMS = ("rombongan", "tim ", "delegasi", "kontingen", "peserta")
# An event the host held: "pameran yang diikuti 120 peserta" counts its participants, not the visitors.
_EVENT_STEMS = (
    "menggelar",
    "digelar",
    "pameran",
    "festival",
    "lomba",
    "pentas",
    "bimbingan teknis",
    "bimtek",
    "seminar",
    "lokakarya",
    "workshop",
    "sosialisasi",
    "turnamen",
)
# A sentence right after the count that adds who came along: "Mereka didampingi 6 pejabat DPMD Kukar."
_COMPANIONS = re.compile(r"(?:mereka|rombongan|tim|para\s+\w+)\s+(?:juga\s+|turut\s+)?didampingi\s")
_VISIT_WORDS = ("kunjung", "kunker", "studi", "rombongan", "benchmark", "delegasi")
_JOINS = frozenset({"dan", "serta", "sedangkan", "ditambah", "bersama", "plus"})
_NOT_PEOPLE = frozenset("rp pukul jam angkatan nomor no tahun ke lantai kelas tingkat gelombang pasal".split())
_BREAKDOWN = ("terdiri", "yang", "meliputi", "antara")
_OPEN_UNITS = frozenset({"kepala", "perangkat", "pelaku", "tenaga", "wakil"})  # "kepala desa", "pelaku umkm"
# Stems checked with `in` on the lower-cased sentence (IGNORECASE regexes cost ~15 us a sentence).
_VISIT_STEMS = (
    "kunjung",
    "kunker",
    "studi",
    "study",
    "benchmark",
    "rombongan",
    "tiba ",
    "hadir",
    "datang",
    "bertandang",
    "mengikuti",
    "diklat",
    "pelatihan",
    "belajar",
    "pelajari",
    "menimba",
    "diterima",
    "menyambangi",
    "mendatangi",
    "bertolak",
    "berangkat",
    "pimpin",
    "ikut",
)
# The host describing itself: numbers in these sentences are statistics, not visitors.
_HOST_STEMS = (
    "memiliki",
    "mempunyai",
    "terdapat",
    "melayani",
    "dilayani",
    "penduduk",
    "per hari",
    "setiap hari",
    "per tahun",
    "mencapai",
    "tercatat",
    "jumlah pegawai",
    "jumlah asn",
    "jumlah penduduk",
    "di antaranya",
)
_LIST_INTRO = re.compile(r"(?:berikut|antara\s+lain|yaitu|yakni|di\s*antaranya)\W*:?\s*$|:\s*$", re.IGNORECASE)
_LIST_WHO = re.compile(r"ikut|rombongan|peserta|pimpinan|anggota|delegasi|pejabat|hadir|kepala", re.IGNORECASE)
_ENUM_CUE = re.compile(r"\b(?:terdiri\s+(?:atas|dari)|beranggotakan)\s+", re.IGNORECASE)
_ENUM_SPLIT = re.compile(r"\s*[,;]\s*(?:serta\s+|dan\s+)?|\s+serta\s+")
_UNCOUNTED = frozenset({"sejumlah", "beberapa", "para", "belasan", "puluhan", "ratusan", "jajaran"})
_GROUP_WORDS = ("rombongan", "tim ", "delegasi", "peserta", "ikut", "pansus", "komisi")
_TITLES = frozenset(
    "ketua wakil anggota kepala sekretaris sekda staf staff asisten kabid kadis kaban kabag camat lurah direktur "
    "bupati gubernur wali walikota plt pejabat perwakilan kasubag kasi".split()
)
# "Wakil Bupati Sikka", "Ketua DPRD Kota Bima": a title of a place, so the name after it is the same person.
_TITLE_OF_PLACE = re.compile(
    r"^(?:wakil\s+)?(?:bupati|wali\s*kota|walikota|gubernur)\b|\b(?:Kota|Kabupaten|Provinsi|DPRD)\s+\S+(?:\s+\S+)?$",
    re.IGNORECASE,
)
# An office's name runs on over "dan": "Dinas Kebersihan dan Pertamanan".
_OFFICE = re.compile(r"\b(?:Dinas|Badan|Bagian|Bidang|Kantor|Biro|Seksi|Balai|Komisi)\b")
_LIST_ITEM = re.compile(r"(\d{1,2})[.)](?:\s|$)")


@dataclass(frozen=True)
class SizeResult:
    """The delegation's size (exact) or range, the words it was written in, and the sentence."""

    size: int | None
    min: int | None = None
    max: int | None = None
    text: str | None = None
    evidence: str | None = None


NO_SIZE = SizeResult(None)


@dataclass(frozen=True)
class _Count:
    """One count of people in a sentence: value or range, and where its words start and end."""

    value: int | None
    lo: int | None
    hi: int | None
    start: int
    end: int
    cue: str | None
    exact: bool


def extract_delegation(sents: Sequence[Sentence], focus: Sequence[int] = ()) -> SizeResult:
    """Read how many people the delegation had; only the focus sentences when a focus is given.

    >>> from etl.text import sentences
    >>> extract_delegation(sentences("Rombongan berjumlah 25 orang tiba di Kota Malang."))
    SizeResult(size=25, min=25, max=25, text='berjumlah 25 orang', evidence='Rombongan berjumlah 25 orang tiba di Kota Malang.')
    """
    pool = [sents[i] for i in focus if 0 <= i < len(sents)] if focus else list(sents)
    best: tuple[int, SizeResult, int] | None = None
    for pos, s in enumerate(pool):
        low = s.text.lower().replace('"', " ").split()
        if _UNIT_KEYS.isdisjoint(low):
            continue
        result, score = _read_sentence(s.text, low)
        if result is None:
            continue
        if result.size is None and result.min is not None:
            result = _with_list(result, pool, pos)
        key = score * 2 + (result.size is not None)
        if best is None or key > best[0]:
            best = (key, result, pos)
    if best is not None:
        result, pos = best[1], best[2]
        if result.size is not None and pos + 1 < len(pool) and pool[pos + 1].paragraph == pool[pos].paragraph:
            extra = _companions(pool[pos + 1].text)
            if extra is not None:
                n, words = extra
                total = result.size + n
                evidence = f"{result.evidence} {pool[pos + 1].text}"
                return SizeResult(total, total, total, f"{result.text} ... {words}", evidence)
        return result
    # No count stated: a list of who came is the count ("Peserta:" 1. ... 7.; "terdiri atas A, B dan dua staf").
    for j, s in enumerate(pool):
        if _is_list_intro(s.text):
            n = _list_length(pool, j + 1)
            if n >= 2:
                return SizeResult(n, n, n, f"{n} listed", s.text)
    for j, s in enumerate(pool):
        if "terdiri" in s.text or "beranggotakan" in s.text:
            text = _rejoin(pool, j)
            enumerated = _enumerated(text)
            if enumerated is not None:
                n, words = enumerated
                return SizeResult(n, n, n, words, text)
    for s in pool:
        if "rombongan" in s.text.lower():
            return SizeResult(None, None, None, "rombongan", s.text)
    return NO_SIZE


def _companions(text: str) -> tuple[int, str] | None:
    """People the next sentence says travel with the counted group ("Mereka didampingi 6 pejabat DPMD"), or None."""
    low = text.lower()
    if not _COMPANIONS.match(low) or "setempat" in low or "tuan rumah" in low:
        return None
    words = low.replace('"', " ").split()
    total, first, last = 0, None, None
    for i, w in enumerate(words):
        if w not in _UNIT_KEYS:
            continue
        count = _count_before(words, i)
        if count is None or not count.exact or (last is not None and count.start < last.end):
            continue
        total += count.value or 0
        first, last = first or count, count
    if not total or first is None or last is None:
        return None
    shown = text.replace('"', " ").split()
    return total, " ".join((shown if len(shown) == len(words) else words)[first.start : last.end]).rstrip(",.;:")


def _read_sentence(text: str, low: list[str]) -> tuple[SizeResult | None, int]:
    """The delegation count one sentence states, with how sure we are (higher is surer)."""
    host_stat = visit = group = event = None
    counts: list[_Count] = []
    score = 0
    for i, w in enumerate(low):
        if w not in _UNIT_KEYS:
            continue
        count = _count_before(low, i)
        if count is None or count.cue in _NOT_DELEGATION_CUES:
            continue  # "diterima 6 pejabat Pemkot", "35 orang, termasuk 10 staf"
        if counts and not _RECEPTION.isdisjoint(low[counts[-1].end : count.start]):
            continue  # "30 orang diterima oleh Sekda bersama 5 kepala OPD": the host's people
        if visit is None:  # only sentences that count people pay for these checks
            lowered = text.lower()
            host_stat = any(stem in lowered for stem in _HOST_STEMS)
            visit = any(stem in lowered for stem in _VISIT_STEMS)
            group = any(stem in lowered for stem in _GROUP_STEMS)
            event = any(stem in lowered for stem in _EVENT_STEMS) and not any(v in lowered for v in _VISIT_WORDS)
        if counts and count.cue in _JOINS and counts[-1].end == count.start - 1:
            local = max(score, 1)  # "10 kepala desa dan 4 staf": the second part of the same group
        else:
            local = 2 if count.cue in _CUES or (count.cue == "terdiri" and group) else 0
            local += 1 if visit else 0
            local += 1 if w.rstrip(",.;:)") in _STRONG_UNITS else 0
            local -= 3 if host_stat and count.cue not in _CUES else 0
            local -= 4 if event and count.cue in ("diikuti", "oleh") else 0
        if local < 1:
            continue
        score = max(score, local)
        if counts and counts[-1].start == count.start:
            counts[-1] = count  # "36 orang peserta": one count, read to its last noun
        else:
            counts.append(count)
        # A total followed by its breakdown ("25 orang yang terdiri dari ..."): keep the total alone.
        if count.exact and low[i + 1 : i + 2] and low[i + 1].startswith(_BREAKDOWN):
            break
    if not counts:
        return None, 0
    words = text.replace('"', " ").split()
    if len(words) != len(low):  # lower-casing changed the word count (rare Unicode): show the folded words
        words = low
    exact = [c for c in counts if c.exact]
    if exact:
        total = sum(c.value or 0 for c in exact)
        return SizeResult(total, total, total, _span(words, exact), text), score
    first = counts[0]
    return SizeResult(None, first.lo, first.hi, _span(words, [first]), text), score


def _count_before(low: list[str], i: int) -> _Count | None:
    """The count of people standing before the noun at i: '36 orang', 'dua puluh lima peserta', 'belasan kepala'."""
    j = i
    if j >= 1 and low[j - 1] == "orang" and low[i].rstrip(",.;:)") != "orang":
        j -= 1  # "36 orang peserta"
    if j < 1:
        return None
    tok = low[j - 1]
    if tok.startswith("(") and tok.endswith(")"):
        tok = tok[1:-1]  # "sepuluh (10) orang"
    value: int | None = None
    lo = hi = None
    start = j - 1
    span = _RANGE_TOKEN.match(tok) or _TENS_TOKEN.match(tok)
    if span:  # "12-15 orang": a range, never a size
        if start >= 1 and low[start - 1] in _NOT_PEOPLE:
            return None
        lo = int(span.group(1))
        hi = int(span.group(2)) if span.lastindex == 2 else lo + 9  # "20-an orang": twenty-something
    elif tok.isdigit() and len(tok) <= 3:
        value = int(tok)
        k = start
        while k >= 1 and low[k - 1] in _WORD_NUMS:  # "sepuluh (10) orang"
            k -= 1
        start = k
        if start >= 1 and low[start - 1] in _NOT_PEOPLE:
            return None
        if start >= 2 and low[start - 1] in _RANGE_JOINS and low[start - 2].isdigit() and len(low[start - 2]) <= 3:
            lo, hi, value = int(low[start - 2]), value, None  # "12 hingga 15 orang"
            start -= 2
            if lo >= hi:
                return None
    elif tok in _WORD_NUMS:
        k = start
        while k >= 1 and low[k - 1] in _WORD_NUMS:
            k -= 1
        start = k
        value = _parse_words(low[start:j])
    elif tok in _VAGUE:
        lo, hi = _VAGUE[tok]
    else:
        return None
    if value is not None and value <= 0:
        return None
    exact = value is not None
    if span and (lo >= hi):
        return None
    qual = " ".join(low[max(0, start - 2) : start])
    if value is not None:
        if qual.endswith("lebih dari") or qual.endswith(("sedikitnya", "setidaknya")):
            lo, hi, exact = (value + 1 if qual.endswith("dari") else value), None, False
            start -= 2 if qual.endswith("dari") else 1
        elif qual.endswith("hampir"):
            lo, hi, exact = None, value - 1, False
            start -= 1
        elif qual.endswith("kurang lebih") or qual.endswith("lebih kurang"):
            start -= 2
            lo = hi = value
        elif qual.endswith(("sekitar", "±")):
            start -= 1
            lo = hi = value
        else:
            lo = hi = value
    cue = low[start - 1] if start >= 1 else None
    if cue in _SPAN_CUES:
        start -= 1
        if start >= 2 and low[start - 2] in ("angkatan", "kelas", "gelombang", "kelompok"):
            start -= 2  # "angkatan 33 sebanyak 36 orang"
    elif cue in ("dari", "atas") and start >= 2 and low[start - 2] == "terdiri":
        cue = "terdiri"
    if exact and value is not None and cue in ("bersama", "beserta") and low[i].rstrip(",.;:)").endswith("nya"):
        value += 1  # "Kepala Dinkes, dr. Sri Handayani, bersama 9 stafnya": she and her nine
        lo = hi = value
    end = i + 2 if low[i] in _OPEN_UNITS and i + 1 < len(low) else i + 1
    return _Count(value, lo, hi, start, end, cue, exact)


def _enumerated(text: str) -> tuple[int, str] | None:
    """People named one by one after "terdiri atas", "beranggotakan"...: their number and the words, or None."""
    low = text.lower()
    if "terdiri" not in low and "beranggotakan" not in low:
        return None
    m = _ENUM_CUE.search(text)
    if not m or not any(w in low[: m.start()] for w in _GROUP_WORDS):
        return None
    rest = text[m.end() :].rstrip(" .")
    items: list[str] = []
    for chunk in _ENUM_SPLIT.split(rest):
        parts = chunk.split(" dan ")
        merged = [parts[0]]
        for part in parts[1:]:
            head = part.split()[:1]
            # "Kepala Dinas Kebersihan dan Pertamanan" is one office; "... dan dua staf", "... dan Ninik" are more people.
            if head and (_number(head[0].lower()) or head[0].lower() in _TITLES or not _OFFICE.search(merged[-1])):
                merged.append(part)
            else:
                merged[-1] += " dan " + part
        items.extend(i.strip() for i in merged if i.strip())
    total, previous = 0, ""
    for item in items:
        words = item.split()
        if words[0].lower() in _UNCOUNTED:
            return None  # "serta sejumlah staf": how many is not said
        value = _number(words[0].lower())
        if value and len(words) > 1:
            total += value
        elif not _is_title(item) and _TITLE_OF_PLACE.search(previous):
            pass  # "Wakil Wali Kota Pontianak, Hj. Nurul Fitriani": the name of the title just counted
        else:
            total += 1
        previous = item
    if len(items) < 2 or total < 2:
        return None
    return total, " ".join(text[m.start() :].split())


def _rejoin(pool: Sequence[Sentence], j: int) -> str:
    """The sentence at j, rejoined with the next ones of its paragraph when it was cut after "dr." or "S.E."."""
    text = pool[j].text
    while j + 1 < len(pool) and pool[j + 1].paragraph == pool[j].paragraph:
        last = text.rstrip().rsplit(" ", 1)[-1]
        if not (last.endswith(".") and (len(last) <= 4 or "." in last[:-1])):
            break
        j += 1
        text = f"{text} {pool[j].text}"
    return text


def _number(token: str) -> int | None:
    """A count written as digits ("2") or one word ("dua"); None otherwise."""
    if token.isdigit() and len(token) <= 3:
        return int(token)
    return _WORD_NUMS.get(token) or None


def _is_title(item: str) -> bool:
    words = item.split()
    return bool(words) and words[0].lower().rstrip(".") in _TITLES


def _with_list(result: SizeResult, pool: Sequence[Sentence], pos: int) -> SizeResult:
    """Raise the minimum to the length of a numbered list of officials that follows in the text."""
    for j in range(pos + 1, len(pool)):
        if _is_list_intro(pool[j].text):
            n = _list_length(pool, j + 1)
            if n >= 2:
                lo = max(result.min or 0, n)
                return SizeResult(None, lo, result.max, f"{result.text} ({n} listed)", result.evidence)
    return result


def _is_list_intro(text: str) -> bool:
    """A sentence that announces a list of who came ("... sebagai berikut:")."""
    if ":" not in text[-3:] and "erikut" not in text and "antara" not in text and "yaitu" not in text:
        return False
    tail = text.rstrip()[-30:].lower()
    if not (tail.endswith(":") or "berikut" in tail or "antara" in tail or "yaitu" in tail or "yakni" in tail):
        return False
    return _LIST_INTRO.search(text) is not None and _LIST_WHO.search(text) is not None


def _list_length(pool: Sequence[Sentence], start: int) -> int:
    """How many numbered items run on from `start` ("1." "Sekda" "2." "Kadis ..." or "1. Sekda")."""
    expected, j, gap = 1, start, 0
    while j < len(pool) and gap <= 2:
        m = _LIST_ITEM.match(pool[j].text)
        if m and int(m.group(1)) == expected:
            expected, gap = expected + 1, 0
        elif m or expected == 1:
            break
        else:
            gap += 1  # an item cut in pieces: "2." "Nurhidayah, S.E." "(Wakil Ketua)"
        j += 1
    return expected - 1


def _span(words: list[str], counts: Sequence[_Count]) -> str:
    """The words the count was written in, from the first to the last counted phrase."""
    return " ".join(words[counts[0].start : counts[-1].end]).rstrip(",.;:")


def _parse_words(words: Sequence[str]) -> int:
    """Indonesian number words up to 999: 'dua puluh lima' -> 25, 'seratus dua belas' -> 112."""
    total = current = 0
    for tok in words:
        if tok == "belas":
            current += 10
        elif tok == "puluh":
            current *= 10
        elif tok == "ratus":
            total, current = total + current * 100, 0
        elif tok == "seratus":
            total += 100
        else:
            current += _WORD_NUMS.get(tok, 0)
    return total + current
