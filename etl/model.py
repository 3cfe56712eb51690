"""Values that flow through the ETL: an article in, visits out.

These are the contract between the readers, the extractors, the merger and the
writers. They are plain frozen dataclasses so they pickle cheaply across worker
processes and compare by value in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Article:
    """One input article, already decoded to text.

    `published` is the publication date when the input gives one (JSON field,
    HTML metadata); it is the anchor for "Selasa (15/9)" and weekday-only dates.
    """

    article_id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    source_path: str | None = None


@dataclass(frozen=True)
class ReadError:
    """An input that could not be turned into an Article, with the reason."""

    article_id: str
    source_path: str | None
    error: str


@dataclass(frozen=True)
class Place:
    """A resolved (or unresolved) place.

    name: canonical Kemendagri-style name ("Kota Surabaya", "Kabupaten Minahasa",
    "Provinsi Banten"), a national body ("Kementerian Dalam Negeri"), a foreign
    place ("Singapura"), or None when the mention could not be resolved.
    level: kota / kabupaten / provinsi / national / foreign / unknown.
    code: Kemendagri code, dotted ("35.78", "36", "71.02"); None if not a region.
    province: the province's own name ("Jawa Timur") or None.
    resolved_by: gazetteer / online / unresolved.
    mention: the text as written in the article ("Kota Subaya", "Kota Pahlawan").
    """

    name: str | None
    level: str
    code: str | None = None
    province: str | None = None
    lat: float | None = None
    lon: float | None = None
    resolved_by: str = "unresolved"
    mention: str = ""


UNKNOWN_PLACE = Place(name=None, level="unknown", resolved_by="unresolved")


@dataclass(frozen=True)
class Visit:
    """One visit as extracted from one article (before merging across articles).

    Unknown values stay None; the *_note fields say why (e.g. date_note="no year
    in text or publication date").
    evidence maps a field name ("origin", "host", "date", "delegation", "topics",
    "visit_type", "lead") to the sentence(s) it was read from.
    """

    origin: Place
    host: Place
    origin_institution: str | None = None
    origin_institution_type: str = "other"
    host_institution: str | None = None
    host_institution_type: str = "other"
    date: date | None = None
    date_precision: str = "unknown"
    date_note: str | None = None
    delegation_size: int | None = None
    delegation_min: int | None = None
    delegation_max: int | None = None
    delegation_text: str | None = None
    lead: str | None = None
    visit_type: str = "other"
    topics: tuple[str, ...] = ()
    confidence: float = 0.0
    evidence: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class ArticleResult:
    """What extraction made of one article: its visits, or why it has none."""

    article: Article
    visits: tuple[Visit, ...] = ()
    status: str = "no_visit"  # visit / no_visit / error
    note: str | None = None  # e.g. why it is not a visit article
