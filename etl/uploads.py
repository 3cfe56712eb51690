"""Articles added from the browser: check what was uploaded before anything touches the disk.

An upload is untrusted bytes. `parse_upload` turns one uploaded file (a .txt, .html,
.json or .jsonl article file, or a .zip of them) into the article files to keep and
the refusals, each with a reason a person can read. It never writes and never
extracts to disk: zip members are read in memory, in bounded chunks, so a member
that lies about its size or a decompression bomb is stopped while reading, not after.
`save_uploads` then writes the accepted files under a name derived from their
content, so the same article uploaded twice is kept once and nothing is overwritten.

>>> result = parse_upload("kunjungan.txt", "Wali Kota Ternate berkunjung ke Surabaya.".encode())
>>> [f.name for f in result.accepted], result.refused
(['kunjungan.txt'], [])
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import re
import stat
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

import pandas as pd

ARTICLE_EXTENSIONS = (".txt", ".html", ".htm", ".json", ".jsonl")
ARCHIVE_EXTENSIONS = (".zip",)

# Magic numbers of binary formats people are likely to rename by mistake (or on purpose).
_BINARY_MAGIC = (
    b"PK\x03\x04",  # zip, docx, xlsx
    b"PK\x05\x06",  # empty zip
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",  # jpeg
    b"\x7fELF",
    b"MZ",  # windows executable
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xd0\xcf\x11\xe0",  # old office documents
    b"SQLite format 3",
)
_CHUNK = 64 * 1024
# Below this many bytes a high ratio costs nothing (a page of repeated spaces squeezes 200 to 1).
_RATIO_FLOOR = 256 * 1024


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may cost the server. Sizes are bytes."""

    max_file_bytes: int = 20 * 1024 * 1024  # one uploaded file, zip included
    max_member_bytes: int = 5 * 1024 * 1024  # one article, alone or inside a zip
    max_total_bytes: int = 100 * 1024 * 1024  # everything a zip expands to
    max_members: int = 2000
    max_ratio: float = 100.0  # uncompressed / compressed, per member and for the archive


DEFAULT_LIMITS = UploadLimits()


class UploadError(ValueError):
    """An uploaded file (or a member of an uploaded archive) that is not kept, and why."""

    code = "refused"

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class TooLargeError(UploadError):
    code = "too_large"


class TooManyMembersError(UploadError):
    code = "too_many_members"


class CompressionBombError(UploadError):
    code = "compression_ratio"


class SizeMismatchError(UploadError):
    code = "size_mismatch"


class UnsafePathError(UploadError):
    code = "unsafe_path"


class NestedArchiveError(UploadError):
    code = "nested_archive"


class FileTypeError(UploadError):
    code = "file_type"


class BinaryContentError(UploadError):
    code = "binary_content"


class BadArchiveError(UploadError):
    code = "bad_archive"


@dataclass(frozen=True)
class UploadedFile:
    """An article file that passed every check: a safe base name and its bytes."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Refusal:
    """A file that was not kept: which one, a stable code (for translated messages) and the reason."""

    name: str
    code: str
    message: str

    @classmethod
    def from_error(cls, err: UploadError) -> Refusal:
        return cls(name=err.name, code=err.code, message=err.message)


@dataclass(frozen=True)
class UploadResult:
    accepted: list[UploadedFile] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def parse_upload(name: str, data: bytes, limits: UploadLimits = DEFAULT_LIMITS) -> UploadResult:
    """Check one uploaded file; a zip is opened in memory and each member checked.

    A problem with the archive as a whole (bomb, size lie, path escape, too many members)
    refuses the whole archive: such an archive is hostile or broken, and keeping half of it
    would hide that. A member of the wrong type is refused alone and the rest kept.
    """
    try:
        if len(data) > limits.max_file_bytes:
            raise TooLargeError(name, f"file is {_mb(len(data))}, the limit is {_mb(limits.max_file_bytes)}")
        suffix = PurePosixPath(name).suffix.lower()
        if suffix in ARCHIVE_EXTENSIONS:
            return _parse_zip(name, data, limits)
        return UploadResult(accepted=[_check_article(name, data, limits)])
    except UploadError as err:
        return UploadResult(refused=[Refusal.from_error(err)])


def parse_uploads(files: Iterable[tuple[str, bytes]], limits: UploadLimits = DEFAULT_LIMITS) -> UploadResult:
    """`parse_upload` over several uploads, results concatenated in order."""
    accepted: list[UploadedFile] = []
    refused: list[Refusal] = []
    for name, data in files:
        one = parse_upload(name, data, limits)
        accepted.extend(one.accepted)
        refused.extend(one.refused)
    return UploadResult(accepted=accepted, refused=refused)


def build_pasted_article(
    text: str,
    title: str | None = None,
    url: str | None = None,
    published: date | None = None,
    outlet: str | None = None,
) -> UploadedFile:
    """A pasted article as a one-line JSON Lines file, so title, URL and date travel with the text.

    >>> f = build_pasted_article("Rombongan DPRD Kota Bogor studi banding ke Kota Surabaya.", title="Studi banding")
    >>> f.name.endswith(".jsonl"), json.loads(f.data)["title"]
    (True, 'Studi banding')
    """
    text = (text or "").strip()
    if not text:
        raise FileTypeError("pasted text", "the pasted text is empty")
    record: dict[str, str] = {"text": text}
    if title and title.strip():
        record["title"] = title.strip()
    if url and url.strip():
        record["url"] = url.strip()
    if outlet and outlet.strip():
        record["outlet"] = outlet.strip()
    if published is not None:
        record["published"] = published.isoformat()
    data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    stem = _slug(title or text[:60]) or "pasted"
    return UploadedFile(name=f"pasted_{stem}.jsonl", data=data)


def save_uploads(files: Iterable[UploadedFile], uploads_dir: Path) -> list[Path]:
    """Write accepted files into uploads_dir, named by content hash + safe name; never overwrite.

    The same bytes uploaded again land on the same path (kept once), so re-uploading
    does not duplicate articles; different bytes with the same name get a different path.
    """
    uploads_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for f in files:
        path = uploads_dir / f"{f.sha256[:12]}_{f.name}"
        if not path.exists():
            tmp = path.with_name(path.name + ".part")
            tmp.write_bytes(f.data)
            tmp.replace(path)
        paths.append(path)
    return paths


# ---------------------------------------------------------------- re-running the ETL with the uploads


class RunBusyError(RuntimeError):
    """Another re-run of the ETL over the same output is in progress."""


class MissingInputError(FileNotFoundError):
    """An input the last run read is gone: re-running without it would silently drop its visits."""


def build_etl_inputs(
    manifest: Mapping, default_inputs: Sequence[Path], uploads_dir: Path, root: Path | None = None
) -> list[Path]:
    """What to re-run the ETL over: the inputs of the last run (its manifest), else the defaults, plus the uploads.

    A relative input from the manifest is looked up as given, then under `root` (the
    folder the command was likely run from). An input that cannot be found raises
    MissingInputError: leaving it out would shrink the data without anyone deciding so.

    >>> build_etl_inputs({}, [Path("data/sample/articles")], Path("data/uploads"))
    [PosixPath('data/sample/articles'), PosixPath('data/uploads')]
    """
    listed = [Path(p) for p in manifest.get("inputs", []) if isinstance(p, str)] if manifest else []
    up = Path(uploads_dir)
    out: list[Path] = []
    missing: list[str] = []
    for p in listed or [Path(x) for x in default_inputs]:
        if _norm(p) == _norm(up):
            continue
        found = next((c for c in (p, Path(root) / p if root and not p.is_absolute() else None) if c and c.exists()), None)
        if found is None:
            missing.append(str(p))
        else:
            out.append(found)
    if missing:
        raise MissingInputError(f"input of the last run not found: {', '.join(missing)}")
    return [*out, up]


def _norm(p: Path) -> str:
    try:
        return str(Path(p).resolve())
    except OSError:
        return str(p)


UPLOADS_ENV = "ATLAS_UPLOADS_DIR"


def resolve_uploads_dir(data_dir: Path, env: Mapping[str, str]) -> Path:
    """Where uploaded articles are kept: ATLAS_UPLOADS_DIR, else `uploads` beside the ETL output folder.

    Beside, not inside: the ETL swaps its output folder whole on every run.

    >>> resolve_uploads_dir(Path("data/processed"), {})
    PosixPath('data/uploads')
    """
    value = (env.get(UPLOADS_ENV) or "").strip()
    return Path(value).expanduser() if value else Path(data_dir).parent / "uploads"


@contextlib.contextmanager
def open_run_lock(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock file while the ETL re-runs; RunBusyError at once if someone else holds it.

    A file lock (not a thread lock) so a re-run from the page and one from the command
    line, or from a second server process, cannot write the same output together.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RunBusyError("another re-run of the ETL is in progress") from exc
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


@dataclass(frozen=True)
class RunReport:
    """What adding articles changed: visits that are new, visits that gained sources, files that failed."""

    read: int  # articles read from the files just added
    new_visits: list[str]
    merged_visits: list[tuple[str, int, int]]  # (visit_id, sources before, sources after)
    failed: list[tuple[str, str]]  # (file, reason), from articles rows with status=error
    no_visit: list[tuple[str, str]]  # (file, why no visit), for the files just added


def build_run_report(
    before: pd.DataFrame | None, after: pd.DataFrame, articles: pd.DataFrame, added_paths: Iterable[Path | str]
) -> RunReport:
    """Compare visit ids and n_sources before and after a re-run (pure).

    `before`/`after`: visits tables (visit_id, n_sources); `articles`: the new articles table.
    """
    added = {str(p) for p in added_paths}
    old = {} if before is None or before.empty else dict(zip(before["visit_id"], before["n_sources"], strict=True))
    new_ids = [v for v in after["visit_id"] if v not in old]
    merged = [
        (v, int(old[v]), int(n))
        for v, n in zip(after["visit_id"], after["n_sources"], strict=True)
        if v in old and not pd.isna(n) and not pd.isna(old[v]) and int(n) > int(old[v])
    ]
    mine = articles[articles["source_path"].astype("string").isin(added)] if len(articles) else articles
    failed = [
        (str(r["source_path"]), str(r["error"]) if not pd.isna(r["error"]) else "")
        for _, r in mine[mine["status"] == "error"].iterrows()
    ]
    no_visit = [
        (str(r["source_path"]), str(r["note"]) if not pd.isna(r["note"]) else "")
        for _, r in mine[mine["status"] == "no_visit"].iterrows()
    ]
    return RunReport(read=len(mine), new_visits=new_ids, merged_visits=merged, failed=failed, no_visit=no_visit)


# ---------------------------------------------------------------- internals


def _parse_zip(name: str, data: bytes, limits: UploadLimits) -> UploadResult:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise BadArchiveError(name, f"not a readable zip archive ({exc})") from exc
    with zf:
        members = [i for i in infos if not i.is_dir()]
        # Everything below is decided from the central directory, before a byte is inflated.
        if len(members) > limits.max_members:
            raise TooManyMembersError(name, f"{len(members)} files inside, the limit is {limits.max_members}")
        declared = sum(i.file_size for i in members)
        if declared > limits.max_total_bytes:
            raise TooLargeError(name, f"expands to {_mb(declared)}, the limit is {_mb(limits.max_total_bytes)}")
        compressed = sum(i.compress_size for i in members)
        if declared > _RATIO_FLOOR and declared > limits.max_ratio * max(compressed, 1):
            raise CompressionBombError(
                name, f"compressed {_ratio(declared, compressed)} to 1, more than {limits.max_ratio:g} to 1 allowed"
            )
        for info in members:
            _check_member_header(name, info, limits)

        accepted: list[UploadedFile] = []
        refused: list[Refusal] = []
        seen: set[str] = set()
        total = 0
        for info in members:
            member = f"{name}/{info.filename}"
            base = PurePosixPath(info.filename.replace("\\", "/")).name
            suffix = PurePosixPath(base).suffix.lower()
            if suffix in ARCHIVE_EXTENSIONS:
                refused.append(
                    Refusal.from_error(NestedArchiveError(member, "archives inside archives are not accepted"))
                )
                continue
            if suffix not in ARTICLE_EXTENSIONS:
                refused.append(Refusal.from_error(_type_error(member, suffix)))
                continue
            content = _read_member(zf, info, member, limits, total)
            total += len(content)
            try:
                article = _check_article(base, content, limits, shown_as=member)
            except (FileTypeError, BinaryContentError, NestedArchiveError) as err:
                refused.append(Refusal.from_error(err))
                continue
            # Two members with the same base name in different folders: keep both, distinctly.
            if article.name in seen:
                article = UploadedFile(name=f"{article.sha256[:8]}_{article.name}", data=article.data)
            seen.add(article.name)
            accepted.append(article)
        return UploadResult(accepted=accepted, refused=refused)


def _check_member_header(archive: str, info: zipfile.ZipInfo, limits: UploadLimits) -> None:
    member = f"{archive}/{info.filename}"
    raw = info.filename
    parts = PurePosixPath(raw.replace("\\", "/")).parts
    if raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw) or ".." in parts or "\x00" in raw:
        raise UnsafePathError(archive, f"member {raw!r} points outside the archive")
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        raise UnsafePathError(archive, f"member {raw!r} is a symbolic link")
    if info.file_size > limits.max_member_bytes:
        raise TooLargeError(
            archive, f"member {raw!r} declares {_mb(info.file_size)}, the limit is {_mb(limits.max_member_bytes)}"
        )
    if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise CompressionBombError(
            member,
            f"compressed {_ratio(info.file_size, info.compress_size)} to 1, more than {limits.max_ratio:g} to 1 allowed",
        )


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, member: str, limits: UploadLimits, so_far: int) -> bytes:
    """Inflate one member in chunks, stopping as soon as it passes what it declared or any limit."""
    cap = min(info.file_size, limits.max_member_bytes)
    budget = limits.max_total_bytes - so_far
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                out += chunk
                if len(out) > cap:
                    raise SizeMismatchError(member, f"holds more than the {info.file_size} bytes it declares")
                if len(out) > budget:
                    raise TooLargeError(member, f"the archive expands past {_mb(limits.max_total_bytes)}")
                if len(out) > _RATIO_FLOOR and len(out) > limits.max_ratio * max(info.compress_size, 1):
                    raise CompressionBombError(member, "inflates far beyond its compressed size")
    except zipfile.BadZipFile as exc:
        # zipfile stops at the declared size and then finds the CRC wrong: a member that lied.
        raise SizeMismatchError(member, f"is damaged or not what it declares ({exc})") from exc
    except (NotImplementedError, RuntimeError, OSError, EOFError) as exc:  # encrypted, unknown method
        raise BadArchiveError(member, f"cannot be read ({exc})") from exc
    if len(out) != info.file_size:
        raise SizeMismatchError(member, f"holds {len(out)} bytes but declares {info.file_size}")
    return bytes(out)


def _check_article(name: str, data: bytes, limits: UploadLimits, shown_as: str | None = None) -> UploadedFile:
    shown = shown_as or name
    safe = _safe_name(name)
    suffix = PurePosixPath(safe).suffix.lower()
    if suffix in ARCHIVE_EXTENSIONS:
        raise NestedArchiveError(shown, "archives inside archives are not accepted")
    if suffix not in ARTICLE_EXTENSIONS:
        raise _type_error(shown, suffix)
    if len(data) > limits.max_member_bytes:
        raise TooLargeError(shown, f"file is {_mb(len(data))}, the limit is {_mb(limits.max_member_bytes)}")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise NestedArchiveError(shown, f"is a zip archive renamed {suffix}")
    text = _decode_text(data)
    if text is None:
        raise BinaryContentError(shown, f"is not text (binary content in a {suffix} file)")
    if not text.strip():
        raise FileTypeError(shown, "is empty")
    return UploadedFile(name=safe, data=data)


def _decode_text(data: bytes) -> str | None:
    """The text, or None when the bytes look binary (magic number, NUL, control characters)."""
    head = data[:16].lstrip(b"\xef\xbb\xbf")
    if head.startswith(_BINARY_MAGIC) or b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Older Indonesian sites still serve Windows-1252; it is strict on the unused bytes.
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
    control = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if control > max(2, len(text) // 200):
        return None
    return text


def _type_error(name: str, suffix: str) -> FileTypeError:
    allowed = ", ".join(ARTICLE_EXTENSIONS + ARCHIVE_EXTENSIONS)
    return FileTypeError(name, f"type {suffix or '(none)'} is not accepted; accepted: {allowed}")


def _safe_name(name: str) -> str:
    """A base name that is safe on any filesystem: no folders, no control or shell-special characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    stem, suffix = PurePosixPath(base).stem, PurePosixPath(base).suffix.lower()
    return f"{_slug(stem) or 'article'}{suffix}"


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._-")[:80]


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _ratio(big: int, small: int) -> str:
    return f"{big / max(small, 1):.0f}"
