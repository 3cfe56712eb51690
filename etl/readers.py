"""Turn input files (.txt, .html/.htm, .json, .jsonl; files or folders) into Articles, streaming.

Every input becomes exactly one item: a `Loaded` article, a `ReadError` with the reason
(binary, empty, too large, broken JSON, no text...), or an `Ignored` file (unknown
extension). Nothing is read whole except single .txt/.html/.json files under the size
cap, so a corpus of any size streams through in constant memory. No function here
touches the network: HTML is parsed as saved, never fetched.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from etl.model import Article, ReadError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json", ".jsonl"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
MAX_TITLE_CHARS = 300
# Share of control bytes above which undecodable bytes are called binary rather than legacy text.
_BINARY_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_LINE_CHUNK = 1 << 20


@dataclass(frozen=True)
class Loaded:
    """An article that was read, with a note on how when it matters (e.g. a legacy encoding)."""

    article: Article
    note: str | None = None


@dataclass(frozen=True)
class Ignored:
    """A file that is not an article input (unknown extension); listed, not an error."""

    path: str
    reason: str


@dataclass(frozen=True)
class Pending:
    """An input found but not yet read: a file, or one JSON Lines line.

    `scan_inputs` yields these cheaply in the main process; `read_pending` does the
    reading and parsing (decoding, JSON, HTML) wherever the work is done, e.g. in a worker.
    """

    article_id: str
    source_path: str
    root: str | None = None  # for a file: the input root its id is relative to
    line: bytes | None = None  # for a JSON Lines line: its bytes
    max_bytes: int = DEFAULT_MAX_BYTES


Item = Loaded | ReadError | Ignored


class DecodeError(ValueError):
    """Bytes that are not text (binary content)."""


class TooLarge(ValueError):
    """An input over the size cap."""


def format_size(n: int) -> str:
    """Bytes for people: 54_945_587 -> '52.4 MB', 5 MiB -> '5 MB', 2_500 -> '2.4 KB'."""
    value, unit = (n / (1024 * 1024), "MB") if n >= 1024 * 1024 else (n / 1024, "KB")
    return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"


def too_large_message(size: int, max_bytes: int) -> str:
    """The error text for an input over the cap.

    >>> too_large_message(54_945_587, 5 * 1024 * 1024)
    'file too large (52.4 MB > 5 MB)'
    """
    return f"file too large ({format_size(size)} > {format_size(max_bytes)})"


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/latin-1 with a note.

    Raises DecodeError for binary content (NUL bytes, many control bytes).

    >>> decode_bytes("Kota Malang".encode("cp1252"))
    ('Kota Malang', None)
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "decoded as UTF-16"
        except UnicodeDecodeError as e:
            raise DecodeError("binary file (not decodable as text)") from e
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    if sample and sum(sample.count(b) for b in _CONTROL_BYTES) / len(sample) > _BINARY_SHARE:
        raise DecodeError("binary file (not decodable as text)")
    try:
        return data.decode("cp1252"), "not valid UTF-8; decoded as cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        return data.decode("latin-1"), "not valid UTF-8; decoded as latin-1"


def parse_title(text: str) -> str | None:
    """The title of a plain-text article: its first block of lines, if it is title-sized.

    >>> parse_title("Bupati Studi Banding ke Kota Batu\\n\\nIsi berita.")
    'Bupati Studi Banding ke Kota Batu'
    """
    lines: list[str] = []
    for line in text.lstrip().splitlines():
        if not line.strip():
            break
        lines.append(line.strip())
    title = " ".join(lines)
    return title if title and len(title) <= MAX_TITLE_CHARS else None


def parse_date(value: object) -> date | None:
    """A publication date from JSON or HTML metadata ('2024-02-02', '2024-02-02T09:00:00+07:00'); None if not one.

    >>> parse_date("2024-02-02T09:00:00+07:00")
    datetime.date(2024, 2, 2)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clean_str(value: object) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return text or None


def parse_text_article(text: str, article_id: str, source_path: str | None) -> Article:
    """An Article from a plain-text file: title on the first line(s), then the body."""
    if not text.strip():
        raise ValueError("empty file")
    return Article(article_id=article_id, text=text, title=parse_title(text), source_path=source_path)


def parse_html_article(html: str, article_id: str, source_path: str | None) -> Article:
    """An Article from a saved news page: main text, title, date, canonical URL and site name (no fetching)."""
    import trafilatura  # imported here: it is slow to import and only HTML inputs need it

    if not html.strip():
        raise ValueError("empty file")
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, config=_trafilatura_config())
    except Exception as e:  # trafilatura/lxml raise many kinds on hostile markup; each means "unusable page"
        raise ValueError(f"HTML could not be parsed ({type(e).__name__})") from e
    body = (doc.text or "").strip() if doc is not None else ""
    if not body:
        raise ValueError("no article text found in HTML")
    title = _clean_str(doc.title)
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    return Article(
        article_id=article_id,
        text=text,
        title=title,
        url=_clean_str(doc.url),
        outlet=_clean_str(doc.sitename),
        published=parse_date(doc.date),
        source_path=source_path,
    )


_TRAFILATURA_CONFIG = None


def _trafilatura_config():
    global _TRAFILATURA_CONFIG
    if _TRAFILATURA_CONFIG is None:
        from trafilatura.settings import use_config

        config = use_config()
        # Short local news items are articles too; the default 250-character floor drops them.
        config.set("DEFAULT", "min_extracted_size", "1")
        config.set("DEFAULT", "min_output_size", "1")
        config.set("DEFAULT", "extraction_timeout", "0")
        _TRAFILATURA_CONFIG = config
    return _TRAFILATURA_CONFIG


def parse_json_record(
    obj: object, default_id: str, source_path: str | None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Loaded:
    """An Article from one JSON object with `text` and optional id, url, outlet, title, published.

    Raises ValueError with the reason when the object is not an article.
    """
    if not isinstance(obj, dict):
        raise ValueError(f"JSON value is a {type(obj).__name__}, not an object")
    text = obj.get("text")
    if text is None:
        raise ValueError("JSON object has no 'text'")
    if not isinstance(text, str):
        raise ValueError(f"JSON 'text' is a {type(text).__name__}, not a string")
    if not text.strip():
        raise ValueError("empty text")
    if len(text) > max_bytes:
        size = len(text.encode("utf-8"))
        if size > max_bytes:
            raise ValueError(too_large_message(size, max_bytes))
    note = None
    published = parse_date(obj.get("published"))
    if published is None and obj.get("published") not in (None, ""):
        note = f"publication date not understood: {str(obj.get('published'))[:40]!r}"
    article = Article(
        article_id=_clean_str(obj.get("id")) or default_id,
        text=text,
        title=_clean_str(obj.get("title")),
        url=_clean_str(obj.get("url")),
        outlet=_clean_str(obj.get("outlet")),
        published=published,
        source_path=source_path,
    )
    return Loaded(article, note)


def parse_json_line(line: bytes, default_id: str, source_path: str | None, max_bytes: int = DEFAULT_MAX_BYTES) -> Item:
    """One JSON Lines line -> a Loaded article or a ReadError naming the problem."""
    try:
        obj = json.loads(line.strip())
    except UnicodeDecodeError:
        return ReadError(default_id, source_path, "line is not valid UTF-8 JSON")
    except ValueError as e:
        return ReadError(default_id, source_path, f"invalid JSON ({_short_json_error(e)})")
    except RecursionError:
        return ReadError(default_id, source_path, "invalid JSON (nested too deeply)")
    try:
        return parse_json_record(obj, default_id, source_path, max_bytes)
    except ValueError as e:
        return ReadError(_record_id(obj, default_id), source_path, str(e))


def _record_id(obj: object, default_id: str) -> str:
    return (_clean_str(obj.get("id")) if isinstance(obj, dict) else None) or default_id


def _short_json_error(e: ValueError) -> str:
    msg = str(e)
    return msg if len(msg) <= 80 else msg[:77] + "..."


def iter_input_files(paths: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """Each file under the given paths with the root its id is relative to, folders walked recursively in name order.

    Raises FileNotFoundError for a path that does not exist.
    """
    for path in paths:
        path = Path(path)
        if path.is_file():
            yield path, path.parent
        elif path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    yield Path(dirpath) / name, path
        else:
            raise FileNotFoundError(str(path))


def read_inputs(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Stream every input under `paths` as Loaded / ReadError / Ignored items, in a stable order.

    A missing path raises FileNotFoundError before anything is yielded for it.
    """
    for item in scan_inputs(paths, max_bytes):
        if isinstance(item, Pending):
            yield from read_pending(item)
        else:
            yield item


def scan_inputs(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Pending | ReadError | Ignored]:
    """Find the inputs without parsing them: a Pending per file or JSON Lines line, Ignored for other files.

    JSON Lines files are split into lines here (an over-long line is a ReadError at once,
    never held in memory); everything else is left to read_pending.
    """
    for file, root in iter_input_files(paths):
        suffix = file.suffix.lower()
        aid = article_id_for(file, root)
        if suffix not in SUFFIXES:
            yield Ignored(str(file), f"unknown extension {suffix or '(none)'!r}")
        elif suffix == ".jsonl":
            yield from scan_jsonl(file, aid, max_bytes)
        else:
            yield Pending(aid, str(file), root=str(root), max_bytes=max_bytes)


def read_pending(pending: Pending) -> list[Item]:
    """Read and parse a Pending input: the items of its file, or the article of its JSON Lines line."""
    if pending.line is not None:
        return [parse_json_line(pending.line, pending.article_id, pending.source_path, pending.max_bytes)]
    root = Path(pending.root) if pending.root is not None else Path(pending.source_path).parent
    return list(read_file(Path(pending.source_path), root, pending.max_bytes))


def read_articles(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | ReadError]:
    """Stream the Articles (and ReadErrors) under `paths`, leaving out ignored files and read notes."""
    for item in read_inputs(paths, max_bytes):
        if isinstance(item, Loaded):
            yield item.article
        elif isinstance(item, ReadError):
            yield item


def article_id_for(file: Path, root: Path) -> str:
    """The id of a file's article: its path relative to the input root, with forward slashes."""
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def read_file(file: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The items of one input file: one for .txt/.html, one per object for .json/.jsonl."""
    suffix = file.suffix.lower()
    aid = article_id_for(file, root)
    src = str(file)
    if suffix not in SUFFIXES:
        yield Ignored(src, f"unknown extension {suffix or '(none)'!r}")
        return
    if suffix == ".jsonl":
        yield from read_jsonl(file, aid, max_bytes)
        return
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise TooLarge(too_large_message(size, max_bytes))
        if size == 0:
            raise ValueError("empty file")
        data = file.read_bytes()
    except (OSError, ValueError) as e:
        yield ReadError(aid, src, _os_message(e))
        return
    if suffix == ".json":
        yield from parse_json_document(data, aid, src, max_bytes)
        return
    try:
        text, note = decode_bytes(data)
        article = (parse_html_article if suffix in HTML_SUFFIXES else parse_text_article)(text, aid, src)
    except ValueError as e:
        yield ReadError(aid, src, str(e))
        return
    yield Loaded(article, note)


def _os_message(e: Exception) -> str:
    if isinstance(e, OSError):
        return f"cannot read file ({e.strerror or type(e).__name__})"
    return str(e)


def parse_json_document(data: bytes, aid: str, src: str | None, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The articles of a .json file: one object, or a list of objects (ids default to `file.json#N`)."""
    try:
        text, _ = decode_bytes(data)
        obj = json.loads(text)
    except DecodeError as e:
        yield ReadError(aid, src, str(e))
        return
    except ValueError as e:
        yield ReadError(aid, src, f"invalid JSON ({_short_json_error(e)})")
        return
    except RecursionError:
        yield ReadError(aid, src, "invalid JSON (nested too deeply)")
        return
    if isinstance(obj, list):
        if not obj:
            yield ReadError(aid, src, "empty JSON list")
        for n, record in enumerate(obj, start=1):
            default_id = f"{aid}#{n}"
            try:
                yield parse_json_record(record, default_id, src, max_bytes)
            except ValueError as e:
                yield ReadError(_record_id(record, default_id), src, str(e))
        return
    try:
        yield parse_json_record(obj, aid, src, max_bytes)
    except ValueError as e:
        yield ReadError(_record_id(obj, aid), src, str(e))


def read_jsonl(file: Path, aid: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Stream a JSON Lines file: one item per non-blank line; a broken line is an error item, the rest go on.

    Objects without `id` get `file.jsonl#N` (N counts non-blank lines from 1). A line over
    the cap is skipped without being held in memory.
    """
    for item in scan_jsonl(file, aid, max_bytes):
        yield from read_pending(item) if isinstance(item, Pending) else (item,)


def scan_jsonl(file: Path, aid: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Pending | ReadError]:
    """The lines of a JSON Lines file as Pending items (unparsed), over-long lines as ReadErrors."""
    src = str(file)
    try:
        f = file.open("rb")
    except OSError as e:
        yield ReadError(aid, src, _os_message(e))
        return
    with f:
        n = 0
        while True:
            line = f.readline(max_bytes + 1)
            if not line:
                break
            if len(line) > max_bytes and not line.endswith(b"\n"):
                size = len(line) + _skip_line(f)
                n += 1
                yield ReadError(f"{aid}#{n}", src, too_large_message(size, max_bytes))
                continue
            if not line.strip():
                continue
            n += 1
            yield Pending(f"{aid}#{n}", src, line=line, max_bytes=max_bytes)
        if n == 0:
            yield ReadError(aid, src, "empty file")


def _skip_line(f) -> int:
    skipped = 0
    while True:
        chunk = f.readline(_LINE_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def count_articles(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    """A fast estimate of how many items `read_inputs` will yield (newlines for .jsonl, 1 per other file)."""
    total = 0
    for file, _root in iter_input_files(paths):
        suffix = file.suffix.lower()
        if suffix not in SUFFIXES:
            continue
        if suffix != ".jsonl":
            total += 1
            continue
        try:
            with file.open("rb") as f:
                lines = 0
                last = b"\n"
                while chunk := f.read(_LINE_CHUNK):
                    lines += chunk.count(b"\n")
                    last = chunk[-1:]
                total += max(1, lines + (last != b"\n"))
        except OSError:
            total += 1
    return total
