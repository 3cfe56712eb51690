"""Text clean-up shared by every extractor: normalise, drop page furniture, split sentences.

News pages carry comment prompts, "Baca juga" links, view counters and paragraphs
scraped twice; extractors should never see those. All functions here are pure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Lines that are page furniture, not the story. Matched against a whole stripped line.
_FURNITURE = re.compile(
    r"""^(?:
        baca\s+(?:juga|selengkapnya)\b.*
      | (?:lihat|simak)\s+juga\b.*
      | komentar | loading\.*\.? | tinggalkan\s+balasan
      | alamat\s+email\s+anda\s+tidak\s+akan\s+dipublikasikan.*
      | ruas\s+yang\s+wajib\s+ditandai.*
      | \d+\s*dilihat | \S+\s*\d+\s*dilihat
      | yuk!?\s+baca\s+berita.*
      | (?:share|bagikan)(?:\s*(?::|ke|,|facebook|twitter|whatsapp|telegram|line|email))*
      | (?:editor|penulis|pewarta|reporter|redaktur)\s*:.*
      | copyright\b.* | ©.*
      | \(?[a-z]{2,8}(?:/[a-z]{2,8})*\)?
      | \d{1,3}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Every alternative of _FURNITURE that can match a line longer than 60 characters starts with one of these words.
_FURNITURE_HEAD = re.compile(
    r"(?:baca|lihat|simak|alamat|ruas|tinggalkan|yuk|share|bagikan|editor|penulis|pewarta|reporter|redaktur|"
    r"copyright|©|komentar|loading)",
    re.IGNORECASE,
)

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'", "–": "-", "—": "-", "\u00a0": " "})

# A sentence ends at . ! ? (or a closing quote after one) followed by space and an
# upper-case letter, digit or quote. Titles and abbreviations common in the genre do not end one.
_BOUNDARY = re.compile(r"([.!?])([\"')\]]?)\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREV = frozenset(
    "Drs Dr Ir H Hj Prof Kab Kec Kel Prov No Jl Jln St Sos SE SH MH MM MSi MPd SSos SIP ST Bpk Ibu Tn Ny "
    "dkk dll dsb tsb Sdr Sdri Kol Letkol Mayjen Brigjen AKBP AKP Kompol Ipda Iptu".split()
)
# Runs of spaces and tabs become one space; a lone space is left alone (replacing each costs a match per word).
_SPACES = re.compile(r"\t[ \t]*| [ \t]+")
_NONWORD = re.compile(r"\W+")

# Control and invisible format characters (zero-width spaces, BOM, bidi marks); keeps \t \n \r.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_ASCII_CONTROL = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# ASCII bytes that are not word characters (\w): deleting them gives an ASCII line's repeat key without a regex.
_ASCII_NONWORD = bytes(b for b in range(128) if not (chr(b).isalnum() or b == 0x5F))


@dataclass(frozen=True)
class Sentence:
    """A sentence and where it sits: paragraph index and order in the document."""

    text: str
    paragraph: int
    index: int


def normalize(text: str) -> str:
    """NFC-normalise, unify quotes and dashes, drop control characters, collapse spaces within lines."""
    # Most articles are plain ASCII: then only the backtick needs translating, and the byte-level
    # checks below (C speed) tell whether the control-character and space regexes have anything to do.
    if text.isascii():
        if "`" in text:
            text = text.replace("`", "'")
        if len(text.encode().translate(None, _ASCII_CONTROL)) != len(text):
            text = _CONTROL.sub("", text)
    else:
        text = _CONTROL.sub("", unicodedata.normalize("NFC", text).translate(_QUOTES))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text or "  " in text:
        text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def _maybe_furniture(line: str) -> bool:
    """A cheap necessary condition for _FURNITURE: a long line can only be furniture by its first word,
    its last word ("... 120 dilihat") or by having no space at all ("ant/rhm"). Non-ASCII lines always go through.
    """
    if len(line) <= 60 or " " not in line or not line.isascii():
        return True
    return line[-7:].lower() == "dilihat" or _FURNITURE_HEAD.match(line) is not None


def _repeat_key(line: str) -> str | bytes:
    """The line's letters and digits, lower-cased: two paragraphs with the same key are one scraped twice."""
    if line.isascii():
        return line.lower().encode().translate(None, _ASCII_NONWORD)
    key = _NONWORD.sub("", line.lower())
    return key.encode() if key.isascii() else key  # same key type as an ASCII line with the same words


def paragraphs(text: str) -> list[str]:
    """Story paragraphs: normalised, without page furniture, each repeated paragraph kept once."""
    seen: set[str | bytes] = set()
    out: list[str] = []
    for line in normalize(text).split("\n"):
        line = line.strip()
        if not line or (_maybe_furniture(line) and _FURNITURE.match(line)):
            continue
        key = _repeat_key(line)
        if key in seen:
            continue
        seen.add(key)
        out.append(line)
    return out


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences without breaking at 'Drs.', 'H.' and the like."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        if m.group(1) == "." and not m.group(2):
            token = paragraph[max(paragraph.rfind(" ", start, m.start()) + 1, start) : m.start()]
            # "Drs.", "H." and single initials ("M. Tauhid") abbreviate, they do not end a sentence.
            if token in _ABBREV or (len(token) == 1 and token.isalpha()):
                continue
        piece = paragraph[start : m.start() + len(m.group(1)) + len(m.group(2))].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def sentences(text: str) -> list[Sentence]:
    """All story sentences of a document, in order."""
    out: list[Sentence] = []
    for p_index, para in enumerate(paragraphs(text)):
        for s in split_sentences(para):
            out.append(Sentence(s, p_index, len(out)))
    return out


def trie_pattern(words) -> str:
    """A regex alternation of literal words with shared prefixes factored out, so the engine does not try every
    word at every position: ['kota', 'kop', 'k'] -> 'k(?:o(?:ta|p))?'. Matches exactly the same strings.

    >>> trie_pattern(["kota", "kop", "k"])
    'k(?:o(?:ta|p))?'
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in node.items() if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" not in node:
            return body
        return body + "?" if len(alts) > 1 or len(alts[0]) == 1 else "(?:" + body + ")?"

    return build(trie)


def fold(text: str) -> str:
    """Lower-case and strip accents, for matching cues regardless of case and diacritics."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
