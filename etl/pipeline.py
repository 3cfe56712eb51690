"""Run the ETL end to end: read inputs, extract (optionally in worker processes), merge, write.

Memory stays bounded however large the corpus: inputs stream, article rows are written
in batches, extracted visits are spilled to a temporary file with only a compact merge
key (and a spill offset) each kept in memory, and the merged visits are written while
streaming the spill back, a duplicate's earlier reports read back by offset. The main
process only scans inputs and writes; reading, parsing, extraction and distances run in
the workers. `run_etl` is what the command line, the dashboard's first start and its
upload page call.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import platform
import re
import struct
import sys
import time
import types
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from etl import __version__, schema, write
from etl.merge import MergeKeys, build_clusters, key_of, merge_visits
from etl.model import Article, ArticleResult, ReadError, Visit
from etl.readers import DEFAULT_MAX_BYTES, Ignored, Loaded, Pending, count_articles, read_pending, scan_inputs

log = logging.getLogger("etl")

# Inputs sent to a worker at a time. Each chunk costs the main process ~3 ms of Pool bookkeeping
# (task and result threads, GIL hand-offs): 64 a chunk cost ~1 s of main-process CPU per 20k
# articles, 256 a quarter of that. The first chunks are smaller (FIRST_CHUNK, doubling) so that a
# small upload is still shared between the workers.
CHUNK_ARTICLES = 256
FIRST_CHUNK = 32
_SPILL_HEADER = struct.Struct("<qII")  # first visit seq, article id bytes, pickled visits bytes
PROGRESS_EVERY = 256
MANIFEST_ERRORS = 200
MANIFEST_IGNORED = 1_000

Extract = Callable[[Article], ArticleResult]
Progress = Callable[[int, "int | None"], None]


class EtlError(Exception):
    """A run that cannot produce output; the message is for people."""


class InputNotFound(EtlError, FileNotFoundError):
    """An input path does not exist."""


class ExtractorUnavailable(EtlError):
    """The default extractor (etl.extract) cannot be imported."""


class WorkerDied(EtlError):
    """A worker process ended in the middle of a run (killed, out of memory); the run wrote nothing."""


class NoReadableInput(EtlError):
    """Not a single article could be read from the inputs (the previous output is kept)."""


@dataclass(frozen=True)
class RunSummary:
    """What a run did, in numbers, plus where it wrote."""

    out: Path
    articles: int = 0
    visit_articles: int = 0
    no_visit_articles: int = 0
    error_articles: int = 0
    extracted_visits: int = 0
    visits: int = 0
    merged_duplicates: int = 0
    ignored: tuple[str, ...] = ()
    errors: tuple[tuple[str, str], ...] = ()  # (article_id, error), the first MANIFEST_ERRORS
    seconds: float = 0.0
    manifest: dict = field(default_factory=dict, compare=False, repr=False)

    def describe(self) -> str:
        """One line for people, e.g. '120 articles read: 80 with visits, 3 with errors; 95 visits (12 merged duplicates)'."""
        text = (
            f"{self.articles:,} articles read: {self.visit_articles:,} with visits, "
            f"{self.error_articles:,} with errors; {self.visits:,} visits "
            f"({self.merged_duplicates:,} merged duplicates)"
        )
        if self.ignored:
            text += f"; {len(self.ignored):,} files ignored"
        rate = self.articles / self.seconds if self.seconds else 0
        return text + f" in {self.seconds:.1f} s ({rate:,.0f} articles/s)"


def _default_extract() -> Extract:
    try:
        from etl.extract import extract_article  # imported lazily: the extractor loads a gazetteer
    except ImportError as e:
        raise ExtractorUnavailable(f"the extractor cannot be loaded: {e}") from e
    return extract_article


_ALLOWED_VISIT = {
    "date_precision": frozenset(schema.ALLOWED["visits"]["date_precision"]),
    "visit_type": frozenset(schema.ALLOWED["visits"]["visit_type"]),
    "origin_institution_type": frozenset(schema.ALLOWED["visits"]["origin_institution_type"]),
    "host_institution_type": frozenset(schema.ALLOWED["visits"]["host_institution_type"]),
}
_ALLOWED_LEVELS = frozenset(schema.ALLOWED["visits"]["origin_level"])
_ALLOWED_RESOLUTIONS = frozenset(schema.ALLOWED["visits"]["origin_resolution"])
_ALLOWED_TOPICS = frozenset(schema.ALLOWED["visit_topics"]["topic"])


def check_visit(visit: object) -> str | None:
    """Why a visit from the extractor would break the tables' allowed values, or None if it is fine."""
    if not isinstance(visit, Visit):
        return f"not a Visit: {type(visit).__name__}"
    for name, allowed in _ALLOWED_VISIT.items():
        if getattr(visit, name) not in allowed:
            return f"{name}={getattr(visit, name)!r}"
    for side in ("origin", "host"):
        place = getattr(visit, side)
        if place.level not in _ALLOWED_LEVELS:
            return f"{side}.level={place.level!r}"
        if place.resolved_by not in _ALLOWED_RESOLUTIONS:
            return f"{side}.resolved_by={place.resolved_by!r}"
    bad = [t for t in visit.topics if t not in _ALLOWED_TOPICS]
    return f"topics={bad!r}" if bad else None


def extract_safely(article: Article, extract: Extract) -> ArticleResult:
    """Run the extractor on one article; any failure or invalid value becomes a status=error result.

    The article's text is dropped from the result: it is not needed downstream and
    would otherwise be sent back from every worker.
    """
    a = article
    # Built directly rather than with dataclasses.replace, which costs ~20 µs a call here.
    slim = Article(a.article_id, "", a.title, a.url, a.outlet, a.published, a.source_path)
    try:
        result = extract(article)
    except Exception as e:  # one bad article must not stop a batch; the reason is kept in its row
        return ArticleResult(slim, (), "error", f"extraction failed: {type(e).__name__}: {e}"[:500])
    if not isinstance(result, ArticleResult):
        return ArticleResult(slim, (), "error", f"extraction failed: returned {type(result).__name__}")
    if result.status == "error":
        return ArticleResult(slim, (), "error", result.note or "extraction failed")
    for v in result.visits:
        problem = check_visit(v)
        if problem:
            return ArticleResult(slim, (), "error", f"extraction returned an invalid visit ({problem})")
    return ArticleResult(slim, tuple(result.visits), "visit" if result.visits else "no_visit", result.note)


@dataclass(frozen=True)
class Extracted:
    """What the main process needs of one extracted article, made where the work is done.

    row: its articles-table row; keys: the merge key of each visit (merge.key_of);
    visits: the pickled ((visit, distance_km), ...) to spill, so the main process never
    unpickles or re-pickles Visit objects while reading.
    """

    row: dict
    keys: tuple[tuple, ...] = ()
    visits: bytes | None = None


def _extract_one(loaded: Loaded, extract: Extract) -> Extracted:
    result = extract_safely(loaded.article, extract)
    if _ONLINE_CHAIN is not None and result.visits:
        result = geocode_unresolved(result, _ONLINE_CHAIN)
    row = write.to_article_row(result, loaded.note)
    if not result.visits:
        return Extracted(row)
    published = result.article.published
    keys = tuple(key_of(v, published, i) for i, v in enumerate(result.visits))
    # Distances are computed here so that, with workers, the geodesic maths runs in parallel.
    payload = tuple((v, write.distance_km(v.origin, v.host)) for v in result.visits)
    return Extracted(row, keys, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))


# Set by run_etl for the length of a run when ATLAS_ONLINE_GEOCODING=1 (in-process only, see run_etl).
_ONLINE_CHAIN = None


def geocode_unresolved(result: ArticleResult, chain) -> ArticleResult:
    """Look up the places the gazetteer did not know with an online geocoder chain (etl.geocode.GeocoderChain).

    Only unresolved places with a mention are asked; a miss or a network error leaves them unresolved.
    """
    visits = []
    for v in result.visits:
        origin, host = v.origin, v.host
        if origin.resolved_by == "unresolved" and origin.mention:
            origin = chain.resolve(origin.mention)
        if host.resolved_by == "unresolved" and host.mention:
            host = chain.resolve(host.mention)
        visits.append(v if (origin is v.origin and host is v.host) else replace(v, origin=origin, host=host))
    return replace(result, visits=tuple(visits))


def _process(item: Pending | ReadError | Ignored, extract: Extract) -> list[Extracted | ReadError | Ignored]:
    """One scanned input -> its outputs in order: read it (if pending), extract each article."""
    items = read_pending(item) if isinstance(item, Pending) else (item,)
    return [_extract_one(i, extract) if isinstance(i, Loaded) else i for i in items]


_WORKER_EXTRACT: Extract | None = None


def _init_worker(extract: Extract) -> None:
    global _WORKER_EXTRACT
    _WORKER_EXTRACT = extract


def _extract_chunk(chunk: list) -> list:
    """Worker side: process a chunk of scanned inputs, outputs flattened in order."""
    extract = _WORKER_EXTRACT or _default_extract()
    return [out for item in chunk for out in _process(item, extract)]


def _chunks(items: Iterable, size: int, first: int | None = None) -> Iterator[list]:
    """Lists of `size` items; with `first`, the first lists hold first, 2*first, ... items up to `size`."""
    chunk: list = []
    n = min(first or size, size)
    for item in items:
        chunk.append(item)
        if len(chunk) >= n:
            yield chunk
            chunk = []
            n = min(2 * n, size)
    if chunk:
        yield chunk


def _extract_stream(items: Iterable, extract: Extract | None, workers: int) -> Iterator:
    """Outputs of every scanned input in input order, in this process or in a pool of `workers` processes."""
    if workers <= 1:
        fn = extract or _default_extract()
        for item in items:
            yield from _process(item, fn)
        return
    # forkserver: workers start from a clean process, safe even when the caller (Streamlit) runs threads.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    # A process pool executor, not multiprocessing.Pool: when a worker dies (killed for memory, a crash in a
    # C library) Pool silently starts another and the run waits forever for the lost chunk; the executor
    # marks itself broken and the run ends with a message. Only a few chunks are in flight at a time.
    in_flight = workers * 4
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(extract,))
    pending: deque[Future] = deque()
    try:
        for chunk in _chunks(items, CHUNK_ARTICLES, FIRST_CHUNK):
            # The executor starts a worker inside submit() until it has `workers` of them (not all at the first
            # one), and a new worker must not re-run the caller's __main__ (see _plain_main).
            with _plain_main():
                pending.append(pool.submit(_extract_chunk, chunk))
            if len(pending) >= in_flight:
                yield from _chunk_result(pending.popleft())
        while pending:
            yield from _chunk_result(pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunk_result(future: Future) -> list:
    """A worker's outputs for one chunk; a worker that died becomes an EtlError that says so."""
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise WorkerDied(
            "an extraction worker process stopped unexpectedly (killed, perhaps for lack of memory); "
            "nothing was written. Run again with --workers 1 to see the failing article, or with less input."
        ) from exc


@contextlib.contextmanager
def _plain_main() -> Iterator[None]:
    """Start workers without re-running the caller's __main__ in them.

    multiprocessing re-imports the parent's main script in each new worker. When the
    caller is a Streamlit page or an AppTest script, that script is not meant to run
    there: it fails (with multiprocessing.Pool, which restarts workers, the run hung forever). The workers
    need nothing from __main__ (the extractor is imported by name), so hide it while they start.
    """
    real = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if real is not None:
            sys.modules["__main__"] = real


class _Run:
    """The main-process side of one run: article rows out, merge keys kept, visits spilled."""

    def __init__(self, staging: Path, progress: Progress | None, total: int | None) -> None:
        self.staging = staging
        self.progress = progress
        self.total = total
        # About a hundred updates for a small upload, one per PROGRESS_EVERY articles for a corpus.
        self.every = PROGRESS_EVERY if total is None else max(1, min(PROGRESS_EVERY, total // 100))
        self.articles = write.TableWriter(staging / write.TABLE_FILES["articles"], "articles")
        self.keys = MergeKeys()
        self.spill_path = staging / ".visits.spill"
        self.spill = self.spill_path.open("wb", buffering=1 << 20)
        self.spill_size = 0
        # Where each visit's article record starts in the spill: 8 bytes a visit, so that pass 2
        # can fetch a duplicate's earlier reports from disk instead of holding them in memory.
        self.offsets = array("q")
        self.status: Counter[str] = Counter()
        self.errors: list[tuple[str, str]] = []
        self.error_kinds: Counter[str] = Counter()
        self.ignored: list[str] = []
        self.done = 0
        # hash(article id) -> hash(source path): 64-bit hashes keep this small (~100 bytes an article);
        # a false repeat needs a collision in 2**64.
        self.seen_ids: dict[int, int] = {}
        self.repeats: Counter[str] = Counter()

    def add(self, item: Extracted | ReadError | Ignored) -> None:
        if isinstance(item, Ignored):
            self.ignored.append(item.path)
            log.info("ignored %s: %s", item.path, item.reason)
            return
        if isinstance(item, ReadError):
            aid, repeat = self._unique(item.article_id, item.source_path)
            row = write.to_article_row(repeat or ReadError(aid, item.source_path, item.error))
        else:
            row = item.row
            aid, repeat = self._unique(row["article_id"], row["source_path"])
            if repeat is not None:
                row = write.to_article_row(repeat)
            elif aid != row["article_id"]:
                row = {**row, "article_id": aid}
            if repeat is None and item.keys:
                aid = row["article_id"]
                first = len(self.keys)
                for key in item.keys:
                    self.keys.add_key(key, aid)
                self._spill(first, aid, item.visits)
        if row["status"] == "error":
            self._error(row["article_id"], row["error"])
        self.status[row["status"]] += 1
        self.articles.append(row)
        self.done += 1
        if self.progress and self.done % self.every == 0:
            self._report()

    def _unique(self, article_id: str, source_path: str | None) -> tuple[str, ReadError | None]:
        """(the id to use, None) for a new article; (id, error row replacing it) for a repeated one.

        The same relative file name under two input folders ("a/x.txt" and "b/x.txt", both
        "x.txt") names two files: the later one takes its full path as id. The same id
        from the same file twice, or an `id` field repeated, is one article read twice:
        an error row with a suffixed id (nothing is lost, nothing counted twice).
        """
        src = hash(source_path)
        first = self._claim(article_id, src)
        if first is None:
            return article_id, None
        path_part = article_id.split("#", 1)[0]
        if first != src and source_path and Path(source_path).as_posix().endswith("/" + path_part):
            longer = Path(source_path).as_posix() + article_id[len(path_part) :]
            if self._claim(longer, src) is None:
                return longer, None
        self.repeats[article_id] += 1
        n = self.repeats[article_id] + 1
        error = ReadError(f"{article_id} (duplicate {n})", source_path, "duplicate article id (read once already)")
        return error.article_id, error

    def _claim(self, article_id: str, src: int) -> int | None:
        """Record an id as taken; None if it was free, else the source-path hash of its holder."""
        h = hash(article_id)
        first = self.seen_ids.get(h)
        if first is None:
            self.seen_ids[h] = src
        return first

    def _report(self) -> None:
        total = None if self.total is None else max(self.total, self.done)
        self.progress(self.done, total)

    def _error(self, article_id: str, error: str) -> None:
        log.info("error %s: %s", article_id, error)
        self.error_kinds[_error_kind(error)] += 1
        if len(self.errors) < MANIFEST_ERRORS:
            self.errors.append((article_id, error))

    def _spill(self, first: int, article_id: str, visits: bytes) -> None:
        """Append one article's pickled visits: header (first seq, id length, blob length), id, blob."""
        aid = article_id.encode("utf-8")
        record = _SPILL_HEADER.pack(first, len(aid), len(visits)) + aid + visits
        n = len(self.keys) - first
        self.offsets.extend([self.spill_size] * n)
        self.spill.write(record)
        self.spill_size += len(record)

    def _read_spill(self) -> Iterator[tuple[int, str, Visit, float | None]]:
        """Every spilled visit in order: (seq, article id, visit, distance_km)."""
        with self.spill_path.open("rb", buffering=1 << 20) as f:
            while header := f.read(_SPILL_HEADER.size):
                first, n_aid, n_blob = _SPILL_HEADER.unpack(header)
                article_id = f.read(n_aid).decode("utf-8")
                for i, (visit, km) in enumerate(pickle.loads(f.read(n_blob))):
                    yield first + i, article_id, visit, km

    def _fetch(self, f, seq: int) -> Visit:
        """One spilled visit, read back from its article's record."""
        offset = self.offsets[seq]
        first, n_aid, n_blob = _SPILL_HEADER.unpack(os.pread(f.fileno(), _SPILL_HEADER.size, offset))
        blob = os.pread(f.fileno(), n_blob, offset + _SPILL_HEADER.size + n_aid)
        return pickle.loads(blob)[seq - first][0]

    def finish_articles(self) -> None:
        self.spill.close()
        self.articles.close()
        if self.progress:
            self._report()

    def write_visits(self) -> tuple[int, int]:
        """Cluster the keys, then stream the spill back writing merged visits, sources and topics.

        A visit reported once is written as it streams by; a visit reported several times
        is written at its last report, its earlier reports read back from the spill by
        offset. Memory stays flat however far apart the reports are.
        """
        clusters = build_clusters(self.keys)
        cluster_of, sizes, ids = clusters.cluster_of, clusters.sizes, clusters.visit_ids
        size_of = np.asarray(sizes, dtype=np.int64)
        multi = np.nonzero(size_of[cluster_of] > 1)[0] if len(cluster_of) else np.zeros(0, np.int64)
        # The seqs of every multi-report visit, grouped by cluster, ascending within each.
        grouped = multi[np.argsort(cluster_of[multi], kind="stable")]
        starts = np.searchsorted(cluster_of[grouped], np.arange(len(sizes)), side="left")
        files = write.TABLE_FILES
        with (
            write.TableWriter(self.staging / files["visits"], "visits") as visits,
            write.TableWriter(self.staging / files["visit_sources"], "visit_sources") as sources,
            write.TableWriter(self.staging / files["visit_topics"], "visit_topics") as topics,
            self.spill_path.open("rb") as spill,
        ):
            for seq, article_id, v, km in self._read_spill():
                write.remember_distance(v.origin, v.host, km)
                c = int(cluster_of[seq])
                vid = ids[c]
                sources.extend(write.to_source_rows(vid, article_id, v.evidence))
                if sizes[c] == 1:
                    merged = v
                else:
                    members = grouped[starts[c] : starts[c] + sizes[c]].tolist()
                    if seq != members[-1]:
                        continue
                    merged = merge_visits([self._fetch(spill, s) for s in members[:-1]] + [v])
                visits.append(write.to_visit_row(merged, vid, sizes[c]))
                topics.extend(write.to_topic_rows(vid, merged.topics))
        self.spill_path.unlink()
        return len(sizes), clusters.merged


def _error_kind(error: str) -> str:
    """Group error messages for the manifest: drop details in brackets and after a second colon.

    >>> _error_kind("extraction failed: KeyError: 'x'"), _error_kind("file too large (52.4 MB > 5 MB)")
    ('extraction failed: KeyError', 'file too large')
    """
    kind = ": ".join(re.sub(r"\s*\(.*\)", "", error).split(": ")[:2])
    return kind.strip(" :") or error


def _versions() -> dict[str, str]:
    import pandas
    import pyarrow

    return {
        "etl": __version__,
        "python": platform.python_version(),
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
    }


def run_etl(
    inputs: Sequence[Path],
    out: Path,
    workers: int = 1,
    progress: Progress | None = None,
    extract: Extract | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    online_chain=None,
) -> RunSummary:
    """Read every article under `inputs`, extract and merge visits, and write the tables into `out`.

    Places the gazetteer does not know are looked up online only when ATLAS_ONLINE_GEOCODING=1
    (or an etl.geocode.GeocoderChain is passed as online_chain); the run then uses one process.

    progress(done, total) is called now and then (total is an estimate, or None).
    `extract` defaults to etl.extract.extract_article; with workers > 1 it must be a
    module-level function (it is sent to the worker processes).
    Raises InputNotFound, write.OutputError or NoReadableInput; per-article problems are rows.

    >>> run_etl([Path("data/sample/articles")], Path("data/processed")).describe()  # doctest: +SKIP
    '12 articles read: 9 with visits, 0 with errors; 10 visits (1 merged duplicates) in 0.4 s (30 articles/s)'
    """
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    paths = [Path(p) for p in inputs]
    if not paths:
        raise InputNotFound("no input given")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputNotFound(f"input not found: {', '.join(missing)}")
    out = Path(out)
    # Resolved here, not in the workers: a missing extractor is one clear error, not one per worker.
    extract = extract or _default_extract()
    global _ONLINE_CHAIN
    if online_chain is None:
        from etl.geocode import GeocoderChain, online_enabled  # noqa: PLC0415 - only an opted-in run needs it

        online_chain = GeocoderChain(online=True) if online_enabled() else None
    if online_chain is not None and workers > 1:
        # One process keeps the remote geocoder's one-request-a-second limit for the whole run.
        log.warning("online geocoding is on: extracting in one process instead of %d", workers)
        workers = 1
    _ONLINE_CHAIN = online_chain
    staging = write.make_staging_dir(out)
    try:
        total = count_articles(paths, max_bytes) if progress else None
        run = _Run(staging, progress, total)
        for item in _extract_stream(scan_inputs(paths, max_bytes), extract, max(1, workers)):
            run.add(item)
        run.finish_articles()
        readable = run.status["visit"] + run.status["no_visit"]
        if readable == 0:
            raise NoReadableInput(_nothing_read_message(run))
        n_visits, merged = run.write_visits()
        seconds = time.perf_counter() - t0
        summary = RunSummary(
            out=out,
            articles=run.done,
            visit_articles=run.status["visit"],
            no_visit_articles=run.status["no_visit"],
            error_articles=run.status["error"],
            extracted_visits=len(run.keys),
            visits=n_visits,
            merged_duplicates=merged,
            ignored=tuple(run.ignored),
            errors=tuple(run.errors),
            seconds=seconds,
        )
        manifest = build_manifest(summary, paths, started, run.error_kinds, workers)
        write.write_manifest(staging, manifest)
        write.commit_dir(staging, out)
    except BaseException:
        write.discard_dir(staging)
        raise
    finally:
        _ONLINE_CHAIN = None
    log.info(summary.describe())
    return replace(summary, manifest=manifest)


def _nothing_read_message(run: _Run) -> str:
    if run.done == 0:
        found = f"; {len(run.ignored)} files ignored (unknown extension)" if run.ignored else ""
        return f"no article found in the inputs{found}"
    first = "; ".join(f"{aid}: {err}" for aid, err in run.errors[:3])
    return f"none of the {run.done} inputs could be read and extracted ({first})"


def build_manifest(
    summary: RunSummary, inputs: Sequence[Path], started: datetime, error_kinds: Counter, workers: int
) -> dict:
    """The manifest.json content: counts, inputs, versions, times and an error summary."""
    finished = datetime.now(UTC)
    return {
        "counts": {
            "articles": summary.articles,
            "visit_articles": summary.visit_articles,
            "no_visit_articles": summary.no_visit_articles,
            "error_articles": summary.error_articles,
            "extracted_visits": summary.extracted_visits,
            "visits": summary.visits,
            "merged_duplicates": summary.merged_duplicates,
            "ignored_files": len(summary.ignored),
        },
        "inputs": [str(p) for p in inputs],
        "ignored": list(summary.ignored[:MANIFEST_IGNORED]),
        "errors": {
            "count": summary.error_articles,
            "by_kind": dict(sorted(error_kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
            "first": [{"article_id": a, "error": e} for a, e in summary.errors],
        },
        "versions": _versions(),
        "workers": workers,
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "duration_s": round(summary.seconds, 3),
        "articles_per_s": round(summary.articles / summary.seconds, 1) if summary.seconds else None,
    }
