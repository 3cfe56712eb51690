"""The offline gazetteer: Indonesian regions, national bodies and foreign places, with their names and aliases.

Loaded once per process from data/gazetteer (see data/gazetteer/SOURCES.md) by `load_gazetteer()`. Lookups are
pure dictionary reads on folded names; the phrase index (first token -> phrases) is what etl.places scans text
with, so finding places never loops over all names.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from etl.model import Place
from etl.text import fold

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "gazetteer"

# Level words Kemendagri puts before a region's own name; "Kota Administrasi" first so it wins over "Kota".
_PREFIXES = (
    ("Kota Administrasi ", "kota"),
    ("Kabupaten Administrasi ", "kabupaten"),
    ("Kabupaten ", "kabupaten"),
    ("Kota ", "kota"),
    ("Provinsi ", "provinsi"),
)
_TOKEN = re.compile(r"[^\W_]+")

# Seats that are also everyday words or too generic to stand for a regency on their own ("Sumber Daya Air", the
# seat of Cirebon regency, opens many agency names).
_WEAK_SEATS = frozenset({"tanjung", "kota", "pusat", "baru", "sentani", "batu", "muara", "bangko", "sumber"})

# Fuzzy matching is for typos of real names ("Subaya"), so it needs a long token and a near-certain score.
FUZZY_MIN_LEN = 5
FUZZY_MIN_SCORE = 85.0
FUZZY_MARGIN = 5.0


class GazetteerError(RuntimeError):
    """The gazetteer files are missing or inconsistent."""


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry: a region (by Kemendagri code), a national body or a foreign place."""

    key: str
    name: str
    level: str  # kota / kabupaten / provinsi / national / foreign
    code: str | None
    province: str | None
    lat: float | None
    lon: float | None
    seat: str | None = None


@dataclass(frozen=True)
class Phrase:
    """A name as a sequence of folded tokens and the entries it may mean.

    kind: core (a region's own name), alias, national, foreign, seat.
    exact: for acronyms ("LAN", "BPK"), the tokens as they must be written, so "lan" in prose is not a body.
    """

    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    kind: str
    exact: tuple[str, ...] | None = None


def tokens_of(text: str) -> list[str]:
    """Folded word tokens; hyphens and slashes separate ("Bau-Bau" -> ['bau', 'bau'])."""
    return _TOKEN.findall(fold(text))


def core_name(name: str) -> tuple[str, str | None]:
    """Split a Kemendagri name into its own name and level: 'Kota Surabaya' -> ('Surabaya', 'kota')."""
    for prefix, level in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :], level
    return name, None


def _needs_exact(alias: str) -> bool:
    # Acronyms and camel-cased short forms ("LAN", "KemenPAN-RB") are only names when written that way.
    return any(ch.isupper() for ch in alias[1:])


class Gazetteer:
    """Name and alias lookups over regions, national bodies and foreign places.

    >>> g = load_gazetteer()
    >>> [p.name for p in g.candidates("Bogor")]
    ['Kabupaten Bogor', 'Kota Bogor']
    """

    def __init__(self, entries: list[Entry], phrases: list[Phrase], districts: dict[str, tuple[str, ...]]):
        self.entries: dict[str, Entry] = {e.key: e for e in entries}
        self.by_name: dict[str, tuple[str, ...]] = {}
        self.index: dict[str, list[Phrase]] = {}
        self.districts = districts
        self.province_by_name: dict[str, Entry] = {e.province: e for e in entries if e.level == "provinsi"}
        merged: dict[tuple[tuple[str, ...], str], Phrase] = {}
        for ph in phrases:
            k = (ph.tokens, ph.kind if ph.exact is None else ph.kind + ":" + " ".join(ph.exact))
            old = merged.get(k)
            keys = ph.keys if old is None else tuple(dict.fromkeys(old.keys + ph.keys))
            merged[k] = Phrase(ph.tokens, keys, ph.kind, ph.exact)
        for ph in merged.values():
            self.index.setdefault(ph.tokens[0], []).append(ph)
            if ph.kind != "seat":
                name = " ".join(ph.tokens)
                self.by_name[name] = tuple(dict.fromkeys(self.by_name.get(name, ()) + ph.keys))
        for lst in self.index.values():
            lst.sort(key=lambda p: -len(p.tokens))
        # For scanning text: one-word names by their word, longer names by their first two words, so a common
        # first word ("Kota", "Kementerian") does not mean trying every name that starts with it.
        self.single: dict[str, list[Phrase]] = {}
        self.multi: dict[tuple[str, str], list[Phrase]] = {}
        for first, lst in self.index.items():
            for ph in lst:
                if len(ph.tokens) == 1:
                    self.single.setdefault(first, []).append(ph)
                else:
                    self.multi.setdefault(ph.tokens[:2], []).append(ph)
        self.multi_first = frozenset(t[0] for t in self.multi)
        self.longest = {first: len(lst[0].tokens) for first, lst in self.index.items()}
        self._fuzzy_names = sorted({n for n in self.by_name if len(n) >= FUZZY_MIN_LEN and " " not in n})

    # ---- building Places -------------------------------------------------------------------------------
    def place(self, key: str, mention: str = "") -> Place:
        """The Place of an entry key, carrying the mention as written."""
        e = self.entries[key]
        return Place(e.name, e.level, e.code, e.province, e.lat, e.lon, "gazetteer", mention)

    # ---- lookups -----------------------------------------------------------------------------------------
    def keys_for(self, name: str, level: str | None = None) -> tuple[str, ...]:
        """Entry keys a name or alias may mean, optionally only of one level ('kota', 'kabupaten', ...)."""
        keys = self.by_name.get(" ".join(tokens_of(name)), ())  # aliases may start with a level word: "Kota Pahlawan"
        if not keys:
            own, prefix_level = core_name(name.strip())
            level = level or prefix_level
            keys = self.by_name.get(" ".join(tokens_of(own)), ())
        if level:
            keys = tuple(k for k in keys if self.entries[k].level == level)
        return keys

    def candidates(self, name: str) -> tuple[Place, ...]:
        """Every place a bare name may mean: 'Bogor' -> (Kabupaten Bogor, Kota Bogor)."""
        keys = self.keys_for(name)
        return tuple(sorted((self.place(k, name) for k in keys), key=lambda p: p.name or ""))

    def lookup(self, name: str, level: str | None = None) -> Place | None:
        """The one place a name means at a level, or None when it is unknown or still ambiguous.

        >>> load_gazetteer().lookup("Kota Pahlawan").name
        'Kota Surabaya'
        """
        keys = self.keys_for(name, level)
        return self.place(keys[0], name) if len(keys) == 1 else None

    def by_seat(self, name: str) -> tuple[Place, ...]:
        """Regencies whose seat is this town: 'Tondano' -> (Kabupaten Minahasa,)."""
        toks = tuple(tokens_of(name))
        for ph in self.index.get(toks[0], ()) if toks else ():
            if ph.kind == "seat" and ph.tokens == toks:
                return tuple(self.place(k, name) for k in ph.keys)
        return ()

    def district_regencies(self, name: str) -> tuple[Place, ...]:
        """Kabupaten/kota holding a kecamatan of this name (often several)."""
        return tuple(self.place(k, name) for k in self.districts.get(" ".join(tokens_of(name)), ()))

    def province_of(self, place: Place) -> Place | None:
        """The province a region lies in, as a Place (None for national, foreign or unknown places)."""
        e = (
            self.province_by_name.get(place.province or "")
            if place.level in ("kota", "kabupaten", "provinsi")
            else None
        )
        return self.place(e.key) if e else None

    def in_province(self, place: Place, province: str) -> bool:
        """Whether a region lies in the named province ('Jawa Timur', 'Provinsi Jawa Timur' or 'Jatim')."""
        prov = [self.entries[k] for k in self.keys_for(province) if self.entries[k].level == "provinsi"]
        return bool(prov) and place.province == prov[0].province

    def fuzzy(self, name: str, level: str | None = None) -> Place | None:
        """A guarded typo match of one word ('Subaya' -> Kota Surabaya): long, near-certain, single best.

        The caller must only ask for capitalised words right after a place cue (Kota, Pemkab, Bupati ...).
        """
        key = " ".join(tokens_of(name))
        if len(key) < FUZZY_MIN_LEN or " " in key or key in self.by_name:
            return None
        hits = process.extract(key, self._fuzzy_names, scorer=fuzz.ratio, limit=3)
        good = []
        for cand, score, _ in hits:
            keys = self.by_name[cand]
            if level:
                keys = tuple(k for k in keys if self.entries[k].level == level)
            if keys and score >= FUZZY_MIN_SCORE:
                good.append((score, keys))
        if not good or len(good[0][1]) != 1:
            return None
        if len(good) > 1 and good[0][0] - good[1][0] < FUZZY_MARGIN:
            return None
        return self.place(good[0][1][0], name)


def _f(value: str) -> float | None:
    return float(value) if value else None


def read_entries(data_dir: Path) -> tuple[list[Entry], list[Phrase], dict[str, tuple[str, ...]]]:
    """Read the gazetteer CSVs into entries, phrases and kecamatan -> regency codes."""
    entries: list[Entry] = []
    phrases: list[Phrase] = []
    by_full: dict[str, Entry] = {}
    try:
        with (data_dir / "regions.csv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for r in rows:
            e = Entry(r["code"], r["name"], r["level"], r["code"], r["province"], _f(r["lat"]), _f(r["lon"]), r["seat"])
            entries.append(e)
            by_full[e.name] = e
            own, _ = core_name(e.name)
            toks = tuple(tokens_of(own))
            phrases.append(Phrase(toks, (e.key,), "core"))
            if len(toks) > 1:  # "Bau Bau" is also written "Baubau", "Lubuk Linggau" "Lubuklinggau"
                phrases.append(Phrase(("".join(toks),), (e.key,), "alias"))
        own_names = {ph.tokens for ph in phrases}
        for e in entries:
            seat = tuple(tokens_of(e.seat or ""))
            if e.level == "kabupaten" and seat and seat not in own_names and " ".join(seat) not in _WEAK_SEATS:
                phrases.append(Phrase(seat, (e.key,), "seat"))
        with (data_dir / "aliases.csv").open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                target = by_full.get(r["target"])
                if target is None:
                    raise GazetteerError(f"aliases.csv: unknown target {r['target']!r}")
                exact = tuple(_TOKEN.findall(r["alias"])) if _needs_exact(r["alias"]) else None
                phrases.append(Phrase(tuple(tokens_of(r["alias"])), (target.key,), "alias", exact))
        with (data_dir / "national.csv").open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                seat = next((e for e in entries if e.code == r["seat_code"]), None)
                if seat is None:
                    raise GazetteerError(f"national.csv: unknown seat code {r['seat_code']!r}")
                e = Entry(
                    "national:" + r["name"], r["name"], "national", None, seat.province, seat.lat, seat.lon, seat.name
                )
                entries.append(e)
                for alias in [r["name"], *filter(None, r["aliases"].split("|"))]:
                    exact = tuple(_TOKEN.findall(alias)) if _needs_exact(alias) else None
                    phrases.append(Phrase(tuple(tokens_of(alias)), (e.key,), "national", exact))
        with (data_dir / "foreign.csv").open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                e = Entry(
                    "foreign:" + r["name"], r["name"], "foreign", None, None, _f(r["lat"]), _f(r["lon"]), r["country"]
                )
                entries.append(e)
                for alias in [r["name"], *filter(None, r["aliases"].split("|"))]:
                    exact = tuple(_TOKEN.findall(alias)) if _needs_exact(alias) else None
                    phrases.append(Phrase(tuple(tokens_of(alias)), (e.key,), "foreign", exact))
        districts: dict[str, list[str]] = {}
        with (data_dir / "districts.csv").open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                districts.setdefault(" ".join(tokens_of(r["name"])), []).append(r["regency_code"])
    except FileNotFoundError as exc:
        raise GazetteerError(f"gazetteer file missing: {exc.filename}") from exc
    return entries, phrases, {k: tuple(dict.fromkeys(v)) for k, v in districts.items()}


@lru_cache(maxsize=4)
def load_gazetteer(data_dir: Path = DATA_DIR) -> Gazetteer:
    """The gazetteer from data/gazetteer, read once per process and cached."""
    return Gazetteer(*read_entries(Path(data_dir)))
