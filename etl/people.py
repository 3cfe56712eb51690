"""Who led the delegation: the visitor's leader with title, e.g. "Wali Kota Ternate M. Tauhid Soleman".

The genre names officials two ways: title first ("Wali Kota Dumai Drs H Zulkifli
AS MSi memimpin rombongan", "Kepala BPSDM Kabupaten Minahasa, Roy Tumiwa") or
name first ("Ahmad Yusuf, Kabid Litbang Badan Diklat Provinsi Banten"). The
visitor's leader is the official whose title ends in the origin's name (so the
host's mayor is never picked); among several, a sentence that says they led
("memimpin", "dipimpin", "memboyong", "bersama rombongan") and the focus
sentences win, then the head of the region, then the earliest. Without origin
names only officials in a sentence that says they led are considered.
Degrees (MSi, SE) are dropped from the name.
Heads of regions read title first ("Wali Kota Dumai Zulkifli AS"); other
officials name first ("Roy Tumiwa, Kepala BPSDM Kabupaten Minahasa"), with the honorifics
written before the name ("H. Ahmad Supriadi, Ketua Komisi II DPRD Kabupaten Tangerang").
A title may end in an office's acronym or "DPRD"/"Setda" before the origin ("Kepala BKPSDM
Bantaeng", "Ketua Komisi III DPRD Palembang"); a clause between a title and the origin
("Kepala Dinas Pariwisata Kota Batu menerima rombongan DPRD Kabupaten Sleman") is no title.
When no title names the origin: committee chairs ("Ketua Komisi I, Nama", completed with the
origin's DPRD), "Ketua rombongan, Nama", a chair in a list of members, and a crisp
"dipimpin <title>, <name>" in a sentence about the visitors.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

from etl.text import Sentence

_TITLE = re.compile(
    r"\b(?:wakil\s+)?(?:wali\s*kota|walikota|bupati|gubernur|ketua|sekda|sekretaris(?:\s+daerah)?|kepala|kabid|"
    r"kadis|kaban|kabag|asisten|camat|direktur|inspektur|plt\.?|pj\.?|penjabat|staf\s+ahli)\b"
)  # matched on lower-cased windows: IGNORECASE makes sre several times slower
_LEVELS = ("kota", "kabupaten", "kab.", "kab", "provinsi", "prov.", "prov")
_NOT_BEFORE_LEVEL = frozenset(
    "di ke dari pemkot pemkab pemprov asal seluruh warga masyarakat menuju kawasan antara dan untuk bagi oleh".split()
)
_TITLE_WORDS = frozenset("bupati gubernur walikota wabup wawali sekda camat".split())
# Heads of an office whose title may end in an acronym before the origin ("Kepala BKPSDM Bantaeng").
_OFFICE_HEADS = ("ketua", "kepala", "sekretaris", "asisten", "kadis", "kaban", "kabid", "kabag", "direktur", "plt")
_HEAD = re.compile(r"(?:wakil\s+)?(?:wali\s*kota|walikota|bupati|gubernur|ketua\s+dprd)\b", re.IGNORECASE)
# A name: capitalised words and initials, possibly behind honorifics.
_NAME = re.compile(r"[ \t]*,?[ \t]*((?:dr\.[ \t]+)?(?:[A-Z](?:\.|[\w'’-]*\.?)(?:[ \t]+|(?=[,;:)]|$))){1,8})")
_BEFORE_TITLE_WORDS = re.compile(r"(?:\s+(?:selaku|sebagai|yang\s+juga|yakni))+\s*$")
_NAME_END = re.compile(r"((?:[A-Z][\w'’.-]*[ \t]+){0,5}[A-Z][\w'’.-]*)$")
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w'’.-]*[ \t]+){0,5}[A-Z][\w'’.-]*)[ \t]*,[ \t]*$")
_PROVINCE_AFTER = re.compile(r"[ \t]+Provinsi[ \t]+[A-Z]\w+(?:[ \t]+[A-Z]\w+)?(?=[ \t,])")
_COMMITTEE = re.compile(
    r"\b((?:Wakil\s+)?Ketua\s+(?:Komisi|Pansus|Panitia\s+Khusus|Fraksi|Bapemperda|Banggar|Badan\s+Anggaran)"
    r"(?:\s+(?:[IVX]+|[A-E]))?)(?:[ \t]+DPRD[ \t]*,|[ \t]*,|[ \t]+(?=[A-Z][a-z]|[A-Z]\.[ \t]))"
)  # "Ketua Komisi I, Nama", "Ketua Komisi II DPRD, Nama", "Ketua Komisi I Nama mengatakan"
_LED_HEAD = re.compile(
    r"dipimpin(?:\s+langsung)?(?:\s+oleh)?\s+((?:[Ww]akil\s+)?(?:Bupati|Wali\s*[Kk]ota|Walikota|Gubernur))\s+(?=[A-Z])"
)
_LISTED_CHAIR = re.compile(
    r"(?:\d{1,2}[.)]\s*)?([A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,6}),?[ \t]*(?:[A-Z][\w.]*,?[ \t]*)*"
    r"\(((?:Wakil\s+)?Ketua\s+(?:Komisi|Pansus|Bapemperda|Banggar)(?:\s+(?:[IVX]+|[A-E]))?)\)"
)
_HEAD_OF_GROUP = re.compile(r"\b[Kk]etua\s+rombongan[ \t]*,?[ \t]*((?:[A-Z][\w'’.-]*[ \t]*){1,6})")
_LED_TITLE_START = re.compile(
    r"dipimpin(?:\s+langsung)?(?:\s+oleh)?\s+((?:Wakil\s+)?(?:Direktur|Kepala|Asisten|Sekretaris|Ketua|Deputi|Inspektur))\b"
)
_TITLE_LOWER = frozenset(
    {"dan", "dalam", "bagian", "urusan", "bidang", "kota", "ahli", "daerah"}
)  # lower-case words inside titles
_VISITORS = ("rombongan", "tim ", "delegasi", "kunjungan", "studi", "peserta")
_ENOUGH = 8  # sentences naming the origin that are read (plus the focus sentences)
_HONORIFICS = frozenset("Drs Drs. Dra Dra. Dr Dr. DR Ir Ir. Prof Prof. H H. Hj Hj. KH KH. dr dr.".split())
_DEGREES = frozenset(
    "SE SE. MSi M.Si MSi. MM MM. SH SH. MH MH. ST ST. MT MT. MPd M.Pd SPd S.Pd SSos S.Sos SIP S.IP MAP M.AP SKM "
    "MKes M.Kes Ak CA MBA PhD DEA SKom S.Kom MKom M.Kom SSTP MEc MSc MA SAg MAg SHut SP MP STP MTP".split()
)
# Capitalised words that end a name: places, bodies, and words that start the next clause.
_NOT_NAME = frozenset(
    "Kota Kabupaten Kab Provinsi Pemkot Pemkab Pemprov Pemerintah DPRD Dinas Badan Bersama Beserta Dalam Di Ke "
    "Saat Selaku Yang Dan Serta Mengatakan Menjelaskan Juga Pada Sementara Kepada Usai Ketika Sebagai Wakil "
    "Ketua Kepala Sekretaris Bupati Gubernur Wali Walikota Camat Kepulauan Utara Selatan Barat Timur Tengah "
    "Senin Selasa Rabu Kamis Jumat Sabtu Minggu".split()
)
_LEVEL_WORDS = re.compile(r"^(?:kota|kabupaten|kab\.?|provinsi|prov\.?)\s+", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<!\S)[A-Z]")
_LEADS_AFTER = re.compile(
    r"\s*,?\s*(?:memimpin|memboyong|membawa|bersama rombongan|beserta rombongan)\b", re.IGNORECASE
)
_LED_BEFORE = re.compile(r"dipimpin(?:\s+langsung)?(?:\s+oleh)?\s*$", re.IGNORECASE)


def extract_lead(
    sents: Sequence[Sentence], focus: Sequence[int] = (), origin_names: Sequence[str] = ()
) -> tuple[str | None, str | None]:
    """The delegation's leader with title, and the sentence naming them; (None, None) when unclear.

    >>> from etl.text import sentences
    >>> extract_lead(sentences("Wali Kota Dumai, Zulkifli AS memimpin rombongan ke Manado."), (), ["Kota Dumai"])
    ('Wali Kota Dumai Zulkifli AS', 'Wali Kota Dumai, Zulkifli AS memimpin rombongan ke Manado.')
    """
    keys = _lower_keys(tuple(origin_names))
    focus_set = set(focus)
    # One lower-cased copy of the article; only sentences holding an origin name (or a leading verb) are read.
    joined = "\n".join(s.text for s in sents).lower()
    starts: list[int] = []
    pos = 0
    for s in sents:
        starts.append(pos)
        pos += len(s.text) + 1
    ends: dict[int, list[int]] = {}
    for key in keys or ("pimpin", "boyong", "membawa"):
        i = joined.find(key)
        while i != -1:
            end = i + len(key)
            k = bisect_right(starts, i) - 1
            if not keys:
                ends.setdefault(k, [])
            elif not joined[end : end + 1].isalpha() and _could_end_title(joined[max(starts[k], i - 60) : i].split()):
                ends.setdefault(k, []).append(end - starts[k])
            i = joined.find(key, end)
    found: list[tuple[tuple[bool, bool, bool, int], str, str, str]] = []  # (rank, title, name, sentence)
    yielded = 0
    for k in sorted(ends):
        if yielded >= _ENOUGH and k not in focus_set:
            continue  # the leader is named early; later mentions only repeat them
        yielded += 1
        text = sents[k].text
        if k + 1 < len(sents) and _cut_in_name(text[text.rfind(" ") + 1 :]):
            text = f"{text} {sents[k + 1].text}"  # cut after "dr." or "Muh.": the name is in the next piece
        low = joined[starts[k] : starts[k] + len(text)]
        led = "pimpin" in low or "boyong" in low or "membawa" in low or "rombongan" in low
        if not keys and not led:
            continue
        officials = _officials(text, ends[k] if keys else None)
        if not officials or _is_headline(text):
            continue
        for title, name in officials:
            found.append(((k in focus_set, led, _HEAD.match(title) is not None, -k), title, name, text))
    if not found and keys and "ketua" in joined:
        found = _committee_chairs(sents, focus_set, origin_names, "dprd" in joined)
    if not found and keys and "pimpin" in joined:
        found = _led_without_origin(sents, focus_set, joined, starts)
    if not found:
        return None, None
    rank, title, name, text = max(found, key=lambda f: f[0])
    # The same official is often named once in full and then shortly ("Zulkifli"): keep the full name.
    first = _bare(name).split()[0]
    for _, t, n, _ in found:
        if t.lower() == title.lower() and _bare(n).split()[0] == first and len(_bare(n)) > len(_bare(name)):
            name = n
    if _HEAD.match(title):
        return f"{title} {_bare(name)}", text
    return f"{name}, {title}", text


def _cut_in_name(last: str) -> bool:
    """The sentence splitter cut after an honorific or a shortened first name ("dr.", "H.", "Muh.", "Moh.")."""
    return last in _HONORIFICS or (
        2 <= len(last) <= 5 and last[0].isupper() and last[-1] == "." and last[1:-1].isalpha()
    )


def _bare(name: str) -> str:
    """The name without the honorifics in front ("H. Ahmad Supriadi" -> "Ahmad Supriadi")."""
    tokens = name.split()
    while len(tokens) > 1 and tokens[0] in _HONORIFICS:
        tokens.pop(0)
    return " ".join(tokens)


def _committee_chairs(
    sents: Sequence[Sentence], focus_set: set[int], origin_names: Sequence[str], dprd: bool
) -> list[tuple[tuple[bool, bool, bool, int], str, str, str]]:
    """DPRD visits name their leader by committee only ("dipimpin Ketua Komisi I, Heri Gunawan"): complete the
    title with the origin's DPRD, since the host's own committees rarely appear by name."""
    found = []
    for k, s in enumerate(sents):
        if "Ketua" not in s.text:
            continue
        for m in _COMMITTEE.finditer(s.text):
            name_m = _NAME.match(s.text, m.end())
            name = _clean_name(name_m.group(1)) if name_m else None
            if not name:
                continue
            title = " ".join(m.group(1).split())
            if dprd and origin_names:
                title = f"{title} DPRD {origin_names[0]}"
            led = "pimpin" in s.text.lower()
            found.append(((k in focus_set, led, False, -k), title, name, s.text))
        # a list of members: "1. Ir. Syamsul Bahri Dea Lalu (Ketua Komisi III)"
        m = _LISTED_CHAIR.match(s.text)
        name = _clean_name(m.group(1)) if m else None
        if m and name:
            title = " ".join(m.group(2).split())
            if dprd and origin_names:
                title = f"{title} DPRD {origin_names[0]}"
            found.append(((k in focus_set, False, False, -k), title, name, s.text))
        m = _HEAD_OF_GROUP.search(s.text)
        name = _clean_name(m.group(1)) if m else None
        if m and name:  # "Ketua rombongan, Marudut Sitorus, mengatakan ..."
            found.append(((k in focus_set, True, False, -k), "Ketua rombongan", name, s.text))
    return found


def _led_without_origin(
    sents: Sequence[Sentence], focus_set: set[int], joined: str, starts: Sequence[int]
) -> list[tuple[tuple[bool, bool, bool, int], str, str, str]]:
    """A leader whose title does not name the origin ("Tim ... dipimpin Asisten Deputi X, Drs. Nama"): only a
    crisp "dipimpin <title>, <name>" in a sentence about the visitors counts, so the host's officials stay out."""
    found = []
    for k, s in enumerate(sents):
        low = joined[starts[k] : starts[k] + len(s.text)]
        at = low.find("pimpin")
        if at == -1 or not any(w in low[:at] for w in _VISITORS):
            continue
        head = _LED_HEAD.search(s.text)
        name_m = _NAME.match(s.text, head.end()) if head else None
        name = _clean_name(name_m.group(1)) if name_m else None
        if head and name:  # "dipimpin Bupati Nikson Nababan": the visitors' own head, named without the place
            found.append(((k in focus_set, True, True, -k), " ".join(head.group(1).split()), name, s.text))
        # "Direktur Perencanaan, Evaluasi dan ...": one name-like word after a comma is a title running on
        officials = [(t, n) for t, n in _officials(s.text, None) if len(_bare(n).split()) >= 2]
        for title, name in officials or _long_title_led(s.text):
            found.append(((k in focus_set, True, _HEAD.match(title) is not None, -k), title, name, s.text))
    return found


def _long_title_led(text: str) -> list[tuple[str, str]]:
    """ "dipimpin Direktur Perencanaan, Evaluasi dan Informasi Pembangunan Daerah, Ir. Bambang Santoso.": the title
    runs over commas; the name is the first comma-separated piece that ends the sentence or the clause."""
    m = _LED_TITLE_START.search(text)
    if not m:
        return []
    comma = text.find(",", m.end())
    while comma != -1:
        name_m = _NAME.match(text, comma)
        if name_m and re.match(r"\s*(?:[,.;]|$)", text[name_m.end(1) :]):
            name = _clean_name(name_m.group(1))
            if name and len(_bare(name).split()) >= 2:
                return [(" ".join(text[m.start(1) : comma].split()), name)]
        comma = text.find(",", comma + 1)
    return []


@lru_cache(maxsize=4096)
def _lower_keys(origin_names: tuple[str, ...]) -> tuple[str, ...]:
    """The lower-cased keys of an origin; an origin's names repeat across its visits and articles."""
    return tuple(k.lower() for k in _keys(origin_names))


def _keys(origin_names: Sequence[str]) -> list[str]:
    """'Kota Ternate' -> 'Ternate', 'Provinsi Banten' -> 'Banten'; the words an official's title ends in."""
    out = []
    for name in origin_names:
        key = _LEVEL_WORDS.sub("", name.strip())
        # "Kota Tidore Kepulauan" is often "DPRD Tidore", "Kabupaten Kepulauan Sangihe" "Sekda Sangihe"
        short = " ".join(w for w in key.split() if w.lower() != "kepulauan")
        for k in (key, short):
            if len(k) >= 4 and k not in out:
                out.append(k)
    return out


def _officials(text: str, ends: Sequence[int] | None) -> list[tuple[str, str]]:
    """(title, name) pairs in one sentence whose title ends at one of `ends` (or at a comma, when None)."""
    out = []
    keys = ends is not None
    if ends is None:
        # Without an origin a title runs to the next comma: "Kepala Bappeda Kota X, Nama".
        ends = [m.start() for m in re.finditer(",", text)]
    for end in sorted(ends):
        window_start = max(0, end - 100)
        window = text[window_start:end]
        cut = max(window.rfind(","), window.rfind("."), window.rfind(";"), window.rfind(":"), window.rfind('"'))
        if cut >= 0:
            window_start += cut + 1
            window = window[cut + 1 :]
        t_start = _last_title(window.lower())
        if t_start is None:
            continue
        title = " ".join(window[t_start:].split())
        if any(w[0].islower() and w not in _TITLE_LOWER for w in title.split()[1:]):
            continue  # "Kepala Dinas Pariwisata Kota Batu menerima rombongan DPRD Kabupaten Sleman": a clause
        title = title[0].upper() + title[1:]
        after = end
        prov = _PROVINCE_AFTER.match(text, after)
        if prov:
            after = prov.end()
        m_name = _NAME.match(text, after)
        name = _clean_name(m_name.group(1)) if m_name else None
        if not keys:
            # Without an origin only a crisp "dipimpin <title>, <name>" or "<title>, <name> memimpin" counts.
            led_before = _LED_BEFORE.search(text, 0, window_start + t_start) is not None
            if not (name and m_name and (led_before or _LEADS_AFTER.match(text, m_name.end(1)))):
                continue
        if name is None:
            name = _name_before(text, window_start + t_start)
        if name:
            out.append((title, name))
    return out


def _name_before(text: str, pos: int) -> str | None:
    """The name written before a title: "Ahmad Yusuf, Kabid ...", "Dr. Siti Maryam, M.Pd., selaku Kepala ..."."""
    head = _BEFORE_TITLE_WORDS.sub("", text[max(0, pos - 80) : pos])
    tokens = head.split()
    comma = False
    while tokens:
        last = tokens[-1]
        if last.endswith(","):
            comma = True
            tokens[-1] = last = last[:-1]
            if not last:
                tokens.pop()
                continue
        bare = last.rstrip(".")
        if comma and (bare in _DEGREES or last in _DEGREES or bare.replace(".", "") in _DEGREES):
            tokens.pop()
            continue
        break
    if not comma or not tokens:
        return None
    m = _NAME_END.search(" ".join(tokens))
    return _clean_name(m.group(1)) if m else None


def _last_title(low: str) -> int | None:
    """Where the title the window ends in starts: its last title word, with title words written just before it
    ("kepala desa yang dipimpin Asisten Perekonomian ..." -> "Asisten ...", "Plt Kepala Dinas ...")."""
    start = end = None
    for m in _TITLE.finditer(low):
        if start is None or low[end : m.start()].strip():
            start = m.start()
        end = m.end()
    return start


def _could_end_title(before: list[str]) -> bool:
    """Cheap check before the title regex: 'Wali Kota X', 'Bupati X', 'Kepala BPSDM Kabupaten X' can end a title;
    'di Kota X', 'Pemerintah Kota X', 'X dan Surabaya' cannot."""
    if not before:
        return False
    last = before[-1]
    if last.endswith(_LEVELS):
        return len(before) < 2 or before[-2] not in _NOT_BEFORE_LEVEL
    if last in _TITLE_WORDS:
        return True
    # "Ketua Komisi III DPRD Palembang", "Kepala DPMD Kutai Kartanegara", "Asisten ... Setda Sintang"
    if last in _NOT_BEFORE_LEVEL:
        return False
    near = before[-6:]
    return not _TITLE_WORDS.isdisjoint(near) or any(w.startswith(_OFFICE_HEADS) for w in near)


def _clean_name(raw: str) -> str | None:
    """Drop degrees, keep honorifics in front; stop at a word that cannot be part of a name."""
    tokens = []
    for tok in raw.split():
        bare = tok.rstrip(",")
        if bare in _NOT_NAME:
            break
        tokens.append(bare)
    honorifics = []
    while tokens and tokens[0] in _HONORIFICS:
        honorifics.append(tokens.pop(0))
    while tokens and (tokens[-1] in _DEGREES or tokens[-1].rstrip(".") in _DEGREES):
        tokens.pop()
    if tokens and len(tokens[-1]) > 2:
        tokens[-1] = tokens[-1].rstrip(".")  # the sentence's full stop, not an initial
    if not tokens or len(tokens[0]) < 2 and not tokens[0].endswith(".") and len(tokens) == 1:
        return None
    # Honorifics stay in front ("H. Ahmad Supriadi, Ketua Komisi II"); a head of region drops them later.
    return " ".join(honorifics + tokens)


def _is_headline(text: str) -> bool:
    """A title in Title Case ("Wali Kota Ternate Boyong Belasan Pimpinan OPD"): its capitals are no names."""
    words = text.split()
    if len(words) < 5:
        return False
    caps = len(_CAPITALISED.findall(text))
    return caps / len(words) > 0.7 and not text.rstrip().endswith((".", '"'))
