"""Merge reports of the same visit across articles, from compact keys (pure, in memory).

Different outlets report one visit with different wording and dates a day apart. The
pipeline keeps one compact key per extracted visit (`MergeKeys`, a few dozen bytes: place
ids, a date range, a publication anchor, a hash of the article id) instead of whole
visits, clusters the keys once every article is read (`build_clusters`), and folds each
cluster's visits into one (`merge_visits`) while streaming them back.

Rules (visits with the same resolved origin and host; direction matters):
- Unresolved origin or host: never merged.
- Day dates: merged when within DAY_TOLERANCE (2) days of the cluster's earliest day date
  (greedy from the earliest, so dates 1, 3, 5 make two visits, not a chain of one).
- Month dates: joined to the one cluster whose date falls in that month (+-2 days); when
  there are several such clusters it is ambiguous and stays apart.
- Year-only and unknown dates: joined to the one cluster having a member whose article
  anchor is within PUBLICATION_WINDOW (7) days of theirs (anchor = publication date, or a
  day-precise visit date when the article has none; a year-only date must also agree on
  the year). Without an anchor, or with several candidates, they stay apart. So two
  undated reports of the same pair merge only when published within a week of each other.
- An undated report without any anchor that names only the weekday ("kata Wali Kota ... di
  Semarang, Selasa") joins the one day-dated cluster of its pair that has a report on that
  weekday; with none or several such clusters it stays apart.

visit_id (16 hex characters, stable across runs and as articles are added):
- resolved, dated: sha1 of origin name, host name and a date bucket of the cluster's
  date: ISO week for a day date ("2024-W05"), "2024-02" for a month, "2024" for a year;
- resolved, undated: sha1 of origin name, host name and the id of the earliest article
  (by publication date, then by hashed article id);
- unresolved: sha1 of the article id and the visit's position in its article.
Limits: a new report that moves a cluster's date across a week boundary (an earlier or
more precise date) or an earlier article joining an undated cluster changes the id; two
different visits of one pair in the same bucket share a base and are told apart by a
suffix ("-2", "-3") in date order, which shifts if a new visit lands before them.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from etl.dates import weekday_of_note
from etl.model import Place, Visit

DAY_TOLERANCE = 2
PUBLICATION_WINDOW = 7
PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}
_DAY, _MONTH, _YEAR, _UNKNOWN = 3, 2, 1, 0
_NONE = 0  # date ordinals start at 1, so 0 stands for "no date"


def place_key(place: Place) -> str | None:
    """The identity of a place for merging: its canonical name, or None when unresolved.

    >>> place_key(Place("Kota Surabaya", "kota", resolved_by="gazetteer"))
    'Kota Surabaya'
    """
    if place.name is None or place.resolved_by == "unresolved":
        return None
    return place.name


def date_range(d: date | None, precision: str) -> tuple[int, int] | None:
    """The ordinal day range a dated visit may fall in; None when the date is unknown.

    >>> date_range(date(2024, 2, 10), "month") == (date(2024, 2, 1).toordinal(), date(2024, 2, 29).toordinal())
    True
    """
    rank = PRECISION_RANK.get(precision, _UNKNOWN)
    if d is None or rank == _UNKNOWN:
        return None
    if rank == _DAY:
        return d.toordinal(), d.toordinal()
    if rank == _MONTH:
        first = date(d.year, d.month, 1)
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return first.toordinal(), nxt.toordinal() - 1
    return date(d.year, 1, 1).toordinal(), date(d.year, 12, 31).toordinal()


def article_hash(article_id: str) -> int:
    """A signed 64-bit hash of an article id (what the merge keys keep instead of the string)."""
    return int.from_bytes(hashlib.blake2b(article_id.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def date_bucket(d: date, precision: str) -> str:
    """The coarse date a visit_id is built from: ISO week for days, month, or year.

    >>> date_bucket(date(2024, 2, 2), "day"), date_bucket(date(2024, 2, 2), "month")
    ('2024-W05', '2024-02')
    """
    if precision == "day":
        iso = d.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if precision == "month":
        return f"{d.year}-{d.month:02d}"
    return f"{d.year}"


class MergeKeys:
    """One compact merge key per extracted visit, in the order added (the visit's seq number).

    Holds place ids, the date range, the article's publication anchor, a hash of the
    article id and the visit's index in its article: about 30 bytes a visit.
    """

    def __init__(self) -> None:
        self.place_ids: dict[str, int] = {}
        self.place_names: list[str] = []
        self.origin = array("i")
        self.host = array("i")
        self.lo = array("i")
        self.hi = array("i")
        self.rank = array("b")
        self.anchor = array("i")
        self.source = array("q")
        self.index = array("i")
        self.weekday = array("b")  # an undated report's named weekday (0 = Monday), -1 when none

    def __len__(self) -> int:
        return len(self.origin)

    def add(self, visit: Visit, article_id: str, published: date | None, index: int = 0) -> int:
        """Record a visit's key; returns its seq number (0, 1, 2, ...)."""
        return self.add_key(key_of(visit, published, index), article_id)

    def add_key(self, key: tuple, article_id: str) -> int:
        """Record a key made by key_of (e.g. in a worker process); returns its seq number."""
        origin, host, lo, hi, rank, anchor, index, weekday = key
        self.origin.append(self._place_id(origin))
        self.host.append(self._place_id(host))
        self.lo.append(lo)
        self.hi.append(hi)
        self.rank.append(rank)
        self.anchor.append(anchor)
        self.source.append(article_hash(article_id))
        self.index.append(index)
        self.weekday.append(weekday)
        return len(self.origin) - 1

    def _place_id(self, key: str | None) -> int:
        if key is None:
            return -1
        pid = self.place_ids.get(key)
        if pid is None:
            pid = self.place_ids[key] = len(self.place_names)
            self.place_names.append(key)
        return pid


def key_of(visit: Visit, published: date | None, index: int = 0) -> tuple:
    """The compact merge key of a visit: (origin, host, date lo, date hi, precision rank, anchor, index, weekday).

    >>> key_of(Visit(Place("Kota A", "kota", resolved_by="gazetteer"), Place(None, "unknown")), None)
    ('Kota A', None, 0, 0, 0, 0, 0, -1)
    """
    rng = date_range(visit.date, visit.date_precision)
    rank = PRECISION_RANK.get(visit.date_precision, _UNKNOWN) if rng else _UNKNOWN
    if published is not None:
        anchor = published.toordinal()
    elif rank == _DAY and rng:
        anchor = rng[0]
    else:
        anchor = _NONE
    lo, hi = rng if rng else (_NONE, _NONE)
    weekday = -1
    if anchor == _NONE and rank == _UNKNOWN:
        wd = weekday_of_note(visit.date_note)
        weekday = -1 if wd is None else wd
    return (place_key(visit.origin), place_key(visit.host), lo, hi, rank, anchor, index, weekday)


@dataclass
class Clusters:
    """Which cluster each visit seq belongs to, each cluster's size and visit_id."""

    cluster_of: np.ndarray  # seq -> cluster number
    sizes: list[int]
    visit_ids: list[str]

    @property
    def merged(self) -> int:
        """How many extracted visits were folded into another (visits in - visits out)."""
        return len(self.cluster_of) - len(self.sizes)


@dataclass(slots=True)
class _Cluster:
    number: int
    rank: int
    lo: int
    hi: int
    anchors: list[int]
    first: tuple[int, int]  # earliest member by (anchor or max, article hash)
    members: list[int]


def _compatible(c: _Cluster, rank: int, lo: int, hi: int, anchor: int) -> bool:
    if rank == _MONTH:
        if c.rank == _DAY:
            return lo - DAY_TOLERANCE <= c.lo <= hi + DAY_TOLERANCE
        return c.rank == _MONTH and c.lo == lo
    if anchor == _NONE:
        return False
    if rank == _YEAR and c.rank != _UNKNOWN and (c.hi < lo or c.lo > hi):
        return False
    return any(abs(a - anchor) <= PUBLICATION_WINDOW for a in c.anchors if a != _NONE)


def _cluster_group(members: np.ndarray, keys: MergeKeys) -> list[_Cluster]:
    """Cluster the seqs of one (origin, host) pair, most precise and earliest first."""
    lo, hi, rank, anchor, source, weekday = keys.lo, keys.hi, keys.rank, keys.anchor, keys.source, keys.weekday
    order = sorted(members.tolist(), key=lambda s: (-rank[s], lo[s], anchor[s], s))
    clusters: list[_Cluster] = []
    last_day: _Cluster | None = None
    for s in order:
        r, a = rank[s], anchor[s]
        far = a if a != _NONE else 1 << 31
        target: _Cluster | None = None
        if r == _DAY:
            if last_day is not None and lo[s] - last_day.lo <= DAY_TOLERANCE:
                target = last_day
        elif r == _UNKNOWN and a == _NONE:
            wd = weekday[s]
            if wd >= 0:  # "Selasa" alone: the one day-dated visit of the pair reported on a Tuesday
                candidates = [c for c in clusters if c.rank == _DAY and any((lo[m] - 1) % 7 == wd for m in c.members)]
                if len(candidates) == 1:
                    target = candidates[0]
        else:
            # Linear in the pair's clusters: fine for the handful of visits a pair has in practice.
            candidates = [c for c in clusters if _compatible(c, r, lo[s], hi[s], a)]
            if len(candidates) == 1:
                target = candidates[0]
        if target is None:
            target = _Cluster(len(clusters), r, lo[s], hi[s], [], (far, source[s]), [])
            clusters.append(target)
            if r == _DAY:
                last_day = target
        target.anchors.append(a)
        target.members.append(s)
        target.first = min(target.first, (far, source[s]))
    return clusters


def _group_ids(origin: str, host: str, clusters: list[_Cluster]) -> list[str]:
    """The visit_ids of one pair's clusters; clusters sharing a bucket get "-2", "-3" in date order."""
    bases = []
    for c in clusters:
        if c.rank == _UNKNOWN:
            bases.append(_sha(f"{origin}|{host}|undated|{c.first[1] & 0xFFFFFFFFFFFFFFFF:016x}"))
        else:
            precision = {_DAY: "day", _MONTH: "month", _YEAR: "year"}[c.rank]
            bases.append(_sha(f"{origin}|{host}|{date_bucket(date.fromordinal(c.lo), precision)}"))
    ids = list(bases)
    if len(set(bases)) < len(bases):
        by_base: dict[str, list[int]] = {}
        for i, b in enumerate(bases):
            by_base.setdefault(b, []).append(i)
        for b, numbers in by_base.items():
            ordered = sorted(numbers, key=lambda i: (clusters[i].lo, -clusters[i].rank, clusters[i].first))
            for k, i in enumerate(ordered[1:], start=2):
                ids[i] = f"{b}-{k}"
    return ids


def build_clusters(keys: MergeKeys) -> Clusters:
    """Cluster all keys into visits and give each a stable visit_id (see the module docstring for the rules).

    Only one pair's clusters are held at a time, so memory stays at a few arrays and the
    visit_id strings (~100 bytes a visit).
    """
    n = len(keys)
    cluster_of = np.full(n, -1, dtype=np.int64)
    origin = np.frombuffer(keys.origin, dtype=np.int32) if n else np.zeros(0, np.int32)
    host = np.frombuffer(keys.host, dtype=np.int32) if n else np.zeros(0, np.int32)
    resolved = np.nonzero((origin >= 0) & (host >= 0))[0]
    sizes: list[int] = []
    visit_ids: list[str] = []
    if len(resolved):
        order = resolved[np.lexsort((resolved, host[resolved], origin[resolved]))]
        pairs = origin[order].astype(np.int64) * (1 << 32) + host[order]
        cuts = np.nonzero(np.diff(pairs))[0] + 1
        for group in np.split(order, cuts):
            clusters = _cluster_group(group, keys)
            o = keys.place_names[origin[group[0]]]
            h = keys.place_names[host[group[0]]]
            for c, vid in zip(clusters, _group_ids(o, h, clusters), strict=True):
                cluster_of[c.members] = len(sizes)
                sizes.append(len(c.members))
                visit_ids.append(vid)
    for s in np.nonzero(cluster_of < 0)[0].tolist():
        cluster_of[s] = len(sizes)
        sizes.append(1)
        src = keys.source[s] & 0xFFFFFFFFFFFFFFFF
        visit_ids.append(_sha(f"unresolved|{src:016x}|{keys.index[s]}"))
    return Clusters(cluster_of, sizes, visit_ids)


def _precision_rank(v: Visit) -> int:
    return PRECISION_RANK.get(v.date_precision, _UNKNOWN) if v.date is not None else _UNKNOWN


def _most_confident(visits: Sequence[Visit], has) -> Visit | None:
    best: Visit | None = None
    for v in visits:
        if has(v) and (best is None or v.confidence > best.confidence):
            best = v
    return best


def merge_visits(visits: Sequence[Visit]) -> Visit:
    """Fold reports of one visit into one, taking from each what it knows best.

    Most precise date (ties: earliest), an exact delegation size over a range, the union of
    topics (in order of first mention), the most confident lead, visit type, places and
    institutions, the highest confidence; evidence fields from the most confident report first.

    >>> a = Visit(Place("Kota Ternate", "kota"), Place("Kota Surabaya", "kota"), topics=("data",), confidence=0.6)
    >>> merge_visits([a, replace(a, topics=("egov", "data"), confidence=0.9)]).topics
    ('data', 'egov')
    """
    if not visits:
        raise ValueError("merge_visits needs at least one visit")
    if len(visits) == 1:
        return visits[0]
    best = _most_confident(visits, lambda v: True)
    assert best is not None
    dated = min(visits, key=lambda v: (-_precision_rank(v), v.date or date.max))
    exact = _most_confident(visits, lambda v: v.delegation_size is not None)
    ranged = _most_confident(visits, lambda v: v.delegation_min is not None or v.delegation_max is not None)
    size_from = exact or ranged or _most_confident(visits, lambda v: v.delegation_text is not None) or best
    lead = _most_confident(visits, lambda v: v.lead is not None) or best
    typed = _most_confident(visits, lambda v: v.visit_type != "other") or best
    origin_inst = _most_confident(visits, lambda v: v.origin_institution is not None) or best
    host_inst = _most_confident(visits, lambda v: v.host_institution is not None) or best
    topics = tuple(dict.fromkeys(t for v in visits for t in v.topics))
    evidence: dict[str, str] = {}
    for v in (best, *visits):
        for k, text in v.evidence.items():
            evidence.setdefault(k, text)
    return replace(
        best,
        origin=_best_place(visits, "origin", best),
        host=_best_place(visits, "host", best),
        origin_institution=origin_inst.origin_institution,
        origin_institution_type=origin_inst.origin_institution_type,
        host_institution=host_inst.host_institution,
        host_institution_type=host_inst.host_institution_type,
        date=dated.date,
        date_precision=dated.date_precision if dated.date is not None else "unknown",
        date_note=dated.date_note,
        delegation_size=size_from.delegation_size,
        delegation_min=size_from.delegation_min,
        delegation_max=size_from.delegation_max,
        delegation_text=size_from.delegation_text,
        lead=lead.lead,
        visit_type=typed.visit_type,
        topics=topics,
        confidence=max(v.confidence for v in visits),
        evidence=evidence,
    )


def _best_place(visits: Sequence[Visit], side: str, best: Visit) -> Place:
    """The most confident report's place, unless another report has coordinates it lacks."""
    place: Place = getattr(best, side)
    if place.lat is None:
        for v in visits:
            other: Place = getattr(v, side)
            if other.lat is not None and other.name == place.name:
                return other
    return place
