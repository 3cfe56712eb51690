"""One article in, its visits out: clean the text, decide who visited whom, read each visit's attributes.

`extract_article` is the pure per-article step the pipeline runs in worker processes. It rejects articles that
do not report a visit (essays, announcements, papers, "many regions come here to learn"), keeping the reason
in the note, and builds one Visit per visiting delegation with the evidence sentence of every field.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from etl.gazetteer import Gazetteer, core_name, load_gazetteer
from etl.model import Article, ArticleResult, Visit
from etl.places import LEAD_SENTENCES, Direction, Party, extract_places, lede_paragraph
from etl.text import Sentence, fold, sentences

log = logging.getLogger(__name__)

# Below this, etl.topics.visit_cue says the wording does not report a visit (0 for essays and announcements).
MIN_VISIT_CUE = 0.25

# Reports that name a study visit but are not one: called off, a recess in one's own constituency, a festival
# or contest the delegations came to perform in. Read in the title and lede only.
_NOT_A_VISIT = re.compile(
    r"\b(?:batal\w*|membatalkan|dibatalkan|pembatalan|ditunda|menunda|urung|reses|festival|lomba|pawai|karnaval|"
    r"jambore|perkemahan|pertandingan|turnamen|mtq|porprov|popda|kirab)\b"
)
# A visit the title and lede deny ever happened: a denial together with a hoax word.
_DENIED = re.compile(r"\b(?:bantah|membantah|dibantah|bantahan|menepis|ditepis|klarifikasi)\b")
_HOAX = re.compile(r"\b(?:hoaks|hoax|kabar bohong|berita bohong|informasi palsu)\b")
# A member of the national parliament (DPR RI, DPD RI; not a DPRD) visiting the own electoral district.
_NATIONAL_MP = re.compile(r"\b(?:dpr|dpd)(?: ri)?\b|\banggota dewan perwakilan rakyat\b")
_CONSTITUENCY = re.compile(r"\b(?:reses|dapil|dapilnya|daerah pemilihan(?:nya)?)\b")
_STUDY_WORDS = re.compile(r"\b(?:stud[iy] banding|studi tiru|benchmarking|kunjungan kerja|kunker|menimba?h? ilmu)\b")

# Fallback for visit_cue while etl.topics is missing: the same kind of wording, counted crudely.
_VISIT_WORDS = re.compile(
    r"\b(?:kunjungan kerja|kunker|stud[iy] banding|benchmarking|studi tiru|menimba?h? ilmu|menerima kunjungan|"
    r"berkunjung|bertandang|rombongan|delegasi|belajar ke|diterima oleh)\b"
)

# Plain host-side and trip wording that etl.topics.visit_cue may weigh too lightly on its own ("Pemkot X
# kedatangan tamu dari Pemkab Y", "dikunjungi oleh", "konsultasi ke Kemendagri"). In the title or lede it lets
# the article through to place finding, which must then find a delegation named by its own wording.
_PLAIN_VISIT = re.compile(
    r"\b(?:kedatangan (?:tamu|rombongan|delegasi)|mendapat(?:kan)? kunjungan|dikunjungi oleh|"
    r"didatangi (?:oleh )?rombongan|(?:menerima|menyambut|sambut|terima) (?:kedatangan|kunjungan|rombongan)|"
    r"(?:ber)?konsultasi ke)\b"
)


def _attribute_extractors():
    """The attribute extractors of etl.dates/sizes/topics/people; any still missing is None."""
    found = {}
    for module, names in (
        ("etl.dates", ("extract_date",)),
        ("etl.sizes", ("extract_delegation",)),
        ("etl.topics", ("extract_topics", "extract_visit_topics", "extract_visit_type", "visit_cue")),
        ("etl.people", ("extract_lead",)),
    ):
        try:
            mod = __import__(module, fromlist=list(names))
        except Exception as e:  # a sibling module missing or half-written must not stop extraction
            log.warning("attribute extractor %s unavailable (%s: %s)", module, type(e).__name__, e)
            mod = None
        for name in names:
            found[name] = getattr(mod, name, None) if mod else None
    return found


_EXTRACTORS: dict = {}


def _extractors() -> dict:
    """The attribute extractors, imported on first use (once per worker process)."""
    if not _EXTRACTORS:
        _EXTRACTORS.update(_attribute_extractors())
    return _EXTRACTORS


def visit_strength(sents: Sequence[Sentence]) -> float:
    """How strongly the text reports a study visit (0..1), from etl.topics.visit_cue when it is there."""
    cue = _extractors()["visit_cue"]
    if cue is not None:
        return float(cue(sents))
    hits = sum(len(_VISIT_WORDS.findall(fold(s.text))) for s in sents)
    return min(1.0, hits / 3)


def plain_visit_wording(sents: Sequence[Sentence]) -> bool:
    """Whether the title or lede reports a visit in plain host-side or trip wording.

    >>> from etl.text import sentences
    >>> plain_visit_wording(sentences("Pemkot Madiun kedatangan tamu dari Pemkab Bantaeng, Senin (3/7/2023)."))
    True
    """
    return any(_PLAIN_VISIT.search(fold(sents[k].text)) for k in lede_sentences(sents))


def not_a_visit(sents: Sequence[Sentence]) -> str | None:
    """Why the title and lede, though they use visit words, report no visit that happened; None if they do.

    >>> from etl.text import sentences
    >>> not_a_visit(sentences("DPRD Kota Ambon membatalkan studi banding ke Kota Batu karena anggaran dipangkas."))
    'called off, a recess or an event, not a study visit: membatalkan'
    """
    lead = [fold(s.text) for s in sents[:4]]
    for text in lead:
        m = _NOT_A_VISIT.search(text)
        if m is None:
            continue
        # "studi banding ... festival" in one sentence is still a study visit unless it was called off
        if m.group().startswith(("batal", "membatalkan", "dibatalkan", "pembatalan", "ditunda", "menunda", "urung")):
            return f"called off, a recess or an event, not a study visit: {m.group()}"
        if not any(_STUDY_WORDS.search(t) for t in lead):
            return f"called off, a recess or an event, not a study visit: {m.group()}"
    joined = " | ".join(lead)
    # Substring tests first: they cost next to nothing, and nearly every article fails them.
    hoax = _HOAX.search(joined) if any(w in joined for w in ("hoaks", "hoax", "bohong", "palsu")) else None
    denied = _DENIED.search(joined) if hoax else None
    if denied and hoax:  # "Pemkab X bantah kabar bupati studi banding ke Turki ... unggahan itu hoaks"
        return f"a denied rumour, not a study visit: {denied.group()}, {hoax.group()}"
    recess = _CONSTITUENCY.search(joined) if any(w in joined for w in ("reses", "dapil", "pemilihan")) else None
    mp = _NATIONAL_MP.search(joined) if recess else None
    if mp and recess:  # a DPR RI member's "kunjungan kerja" in the own constituency is a recess, not a study visit
        return f"a national MP in the own constituency, not a study visit: {mp.group()}, {recess.group()}"
    return None


def article_sentences(article: Article) -> list[Sentence]:
    """The article's story sentences, its title first when the body does not already start with it."""
    text = article.text or ""
    title = (article.title or "").strip()
    if title and not text.lstrip().startswith(title[:40]):
        text = title + "\n\n" + text
    return sentences(text)


def focus_sentences(sents: Sequence[Sentence], parties: Sequence[Party]) -> list[tuple[int, ...]]:
    """Per delegation (or per host of one delegation's tour), the sentences about it.

    A sentence belongs to the party it names, and to the last named party until another is named. With one party
    the focus is empty, meaning the whole article.
    """
    if len(parties) < 2:
        return [() for _ in parties]
    named = [set(p.sentences) for p in parties]
    out: list[list[int]] = [[] for _ in parties]
    current: int | None = None
    for k in range(len(sents)):
        here = [i for i, s in enumerate(named) if k in s]
        if here:
            current = here[-1] if len(here) == 1 else None
            for i in here:
                out[i].append(k)
        elif current is not None:
            out[current].append(k)
    return [tuple(x) for x in out]


def lede_sentences(sents: Sequence[Sentence]) -> tuple[int, ...]:
    """The title and lede: on a tour ("ke IPB ... lalu ke Kementan") they describe the one delegation every stop shares."""
    lede = lede_paragraph(sents)
    return tuple(k for k, s in enumerate(sents) if k < LEAD_SENTENCES or s.paragraph <= lede)


def confidence(origin: Party, host: Party) -> float:
    """0..1 from how clearly the wording set the direction and how surely the places were resolved."""
    score = 0.5 * min(1.0, origin.score / 6) + 0.5 * min(1.0, host.score / 6)
    for party in (origin, host):
        if party.place.resolved_by == "unresolved":
            score -= 0.2
        if party.how in ("dateline", "fallback"):
            score -= 0.15
    return round(max(0.05, min(1.0, score)), 2)


def _names_for(party: Party) -> tuple[str, ...]:
    names = [n for n in (party.place.name, party.place.mention, party.institution) if n]
    if party.place.name:
        names.append(core_name(party.place.name)[0])
    return tuple(dict.fromkeys(names))


def _alone(own: Sequence[int], focuses: Sequence[Sequence[int]]) -> tuple[int, ...]:
    """The sentences of one visit's focus that are in no other visit's focus."""
    others = {k for f in focuses if f is not own for k in f}
    return tuple(k for k in own if k not in others)


def build_visits(article: Article, sents: Sequence[Sentence], direction: Direction) -> tuple[Visit, ...]:
    """One Visit per delegation, with the attributes read from the article (and its focus sentences)."""
    ex = _extractors()
    pairs = direction.pairs()
    varying = [o for o, _ in pairs] if len(direction.origins) > 1 else [h for _, h in pairs]
    dr = ex["extract_date"](sents, article.published) if ex["extract_date"] else None
    topics = ex["extract_topics"](sents) if ex["extract_topics"] else None
    vtype, vtype_ev = ex["extract_visit_type"](sents) if ex["extract_visit_type"] else ("other", None)
    several = len(pairs) > 1
    visits = []
    tour = len(direction.origins) == 1 and len(pairs) > 1
    shared = lede_sentences(sents) if tour else ()
    focuses = focus_sentences(sents, varying)
    per_visit_topics = [topics] * len(pairs)
    if several and topics is not None and ex["extract_visit_topics"]:
        # A round-up or a tour names a different subject per visit: each visit's topics from its own sentences.
        per_visit_topics = list(ex["extract_visit_topics"](sents, focuses, [p.sentences for p in varying]))
    for (origin, host), own_focus, topics in zip(pairs, focuses, per_visit_topics, strict=True):
        focus = tuple(sorted({*own_focus, *shared})) if tour else own_focus
        size = ex["extract_delegation"](sents, focus) if ex["extract_delegation"] else None
        if tour and size is not None and size.size is None and size.min is None and size.max is None:
            # One delegation on every stop: its size may be told anywhere ("Sebanyak 20 kepala OPD ikut").
            whole = ex["extract_delegation"](sents)
            if whole.size is not None or whole.min is not None or whole.max is not None:
                size = whole
        visit_date = dr
        if several and ex["extract_date"] and own_focus:
            # The stops of a tour, or the delegations a host received, fall on different days: each visit's own
            # sentences date it, if they can; first those about it alone (a lede naming both stops,
            # "Senin-Selasa (4-5/3)", dates neither).
            for part in (_alone(own_focus, focuses), own_focus):
                own = ex["extract_date"]([sents[i] for i in part], article.published) if part else None
                if own is not None and own.date is not None:
                    visit_date = own
                    break
        visit_type, type_ev = vtype, vtype_ev
        if several and own_focus and ex["extract_visit_type"]:
            # Two delegations (or two stops) may come as "kunjungan kerja" and "studi tiru": each by its own sentences.
            visit_type, type_ev = ex["extract_visit_type"](sents, own_focus)
        lead, lead_ev = ex["extract_lead"](sents, focus, _names_for(origin)) if ex["extract_lead"] else (None, None)
        evidence = {"origin": origin.evidence, "host": host.evidence}
        for name, ev in (
            ("date", visit_date.evidence if visit_date else None),
            ("delegation", size.evidence if size else None),
            ("topics", topics.evidence if topics else None),
            ("visit_type", type_ev),
            ("lead", lead_ev),
        ):
            if ev:
                evidence[name] = ev
        visits.append(
            Visit(
                origin=origin.place,
                host=host.place,
                origin_institution=origin.institution,
                origin_institution_type=origin.institution_type,
                host_institution=host.institution,
                host_institution_type=host.institution_type,
                date=visit_date.date if visit_date else None,
                date_precision=visit_date.precision if visit_date else "unknown",
                date_note=visit_date.note if visit_date else "date extractor not available",
                delegation_size=size.size if size else None,
                delegation_min=size.min if size else None,
                delegation_max=size.max if size else None,
                delegation_text=size.text if size else None,
                lead=lead,
                visit_type=visit_type,
                topics=tuple(topics.topics) if topics else (),
                confidence=confidence(origin, host),
                evidence={k: v for k, v in evidence.items() if v},
            )
        )
    return tuple(visits)


def extract_article(article: Article, gazetteer: Gazetteer | None = None) -> ArticleResult:
    """The visits an article reports, or status no_visit with the reason, or status error for a bug.

    >>> r = extract_article(Article("x", "Rombongan DPRD Kabupaten Sleman melakukan studi banding ke Kota Surabaya."))
    >>> (r.status, r.visits[0].origin.name, r.visits[0].origin_institution_type, r.visits[0].host.name)
    ('visit', 'Kabupaten Sleman', 'dprd', 'Kota Surabaya')
    """
    try:
        return _extract(article, gazetteer or load_gazetteer())
    except Exception as e:  # a bug must cost one article, not the batch; the reason is kept in its row
        return ArticleResult(article, (), "error", f"extraction failed: {type(e).__name__}: {e}"[:500])


def _extract(article: Article, gz: Gazetteer) -> ArticleResult:
    sents = article_sentences(article)
    if not sents:
        return ArticleResult(article, (), "no_visit", "no text")
    reason = not_a_visit(sents)
    if reason:
        return ArticleResult(article, (), "no_visit", reason)
    strength = visit_strength(sents)
    plain = strength < MIN_VISIT_CUE and plain_visit_wording(sents)
    if strength < MIN_VISIT_CUE and not plain:
        return ArticleResult(article, (), "no_visit", f"no study-visit report (visit wording {strength:.2f})")
    direction = extract_places(sents, gz)
    if direction.host is None or not direction.origins:
        return ArticleResult(article, (), "no_visit", direction.note or "no visitor and host")
    if plain and not all(o.how == "cue" and o.place.level != "unknown" for o in direction.origins):
        # only the plain wording let it through: the delegation must be named as one, not guessed
        return ArticleResult(article, (), "no_visit", f"no study-visit report (visit wording {strength:.2f})")
    return ArticleResult(article, build_visits(article, sents, direction), "visit", None)
