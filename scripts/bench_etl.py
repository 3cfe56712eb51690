"""Benchmark the whole ETL command on a generated corpus: articles/s and peak memory.

Runs `python -m etl` as a subprocess, exactly as a person would, and prints the figures:
wall time, articles/s, CPU time, peak RSS of the largest process (getrusage RUSAGE_CHILDREN and
VmHWM) and of the whole process tree (both sampled from /proc for the pool workers). `--profile N` also profiles extraction
of N articles in this process with cProfile and prints the top functions.

    python scripts/bench_etl.py --n 100000 --workers 2
    python scripts/bench_etl.py --n 20000 --format txt
    python scripts/bench_etl.py --n 100000 --extractor bench_etl:synthetic_extract   # the pipeline alone
    python scripts/bench_etl.py --n 5000 --profile 2000
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import gen_corpus  # noqa: E402

from etl.model import Article, ArticleResult, Place, Visit  # noqa: E402

_REGIONS: list[Place] | None = None


def synthetic_extract(article: Article) -> ArticleResult:
    """Baseline for measuring the pipeline without the real extractor: one visit drawn from a hash of the id.

    Costs next to nothing, so the figure it gives is the ceiling the pipeline itself allows.
    """
    global _REGIONS
    if _REGIONS is None:
        _REGIONS = [
            Place(
                r["name"],
                r["level"],
                r["code"],
                r["province"],
                float(r["lat"]),
                float(r["lon"]),
                "gazetteer",
                r["name"],
            )
            for r in gen_corpus.read_regions()
        ]
    h = int.from_bytes(hashlib.blake2b(article.text[:200].encode(), digest_size=8).digest(), "big")
    if h % 10 < 3:
        return ArticleResult(article, (), "no_visit", "synthetic: no visit")
    origin, host = _REGIONS[h % 101], _REGIONS[(h >> 16) % 97 + 101]
    d = date.fromordinal(date(2015, 1, 1).toordinal() + (h >> 32) % 4000)
    visit = Visit(
        origin, host, date=d, date_precision="day", topics=("egov",), confidence=0.5, evidence={"origin": "x"}
    )
    return ArticleResult(article, (visit,), "visit")


_TICKS = os.sysconf("SC_CLK_TCK")


def _tree_sample(root: int) -> dict[int, tuple[int, int, float]]:
    """pid -> (VmRSS kB, VmHWM kB, CPU seconds) for a process and all its descendants (Linux /proc).

    getrusage(RUSAGE_CHILDREN) misses pool workers (their parent, the forkserver, is never
    waited for), so the benchmark samples the whole tree instead.
    """
    children: dict[int, list[int]] = {}
    info: dict[int, tuple[int, int, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss = int(fields.get("VmRSS", "0 kB").split()[0])
        hwm = int(fields.get("VmHWM", "0 kB").split()[0])
        info[pid] = (rss, hwm, (int(stat[11]) + int(stat[12])) / _TICKS)  # utime + stime
    out: dict[int, tuple[int, int, float]] = {}
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in info:
            out[pid] = info[pid]
        stack.extend(children.get(pid, []))
    return out


def run_cli(corpus: Path, out: Path, workers: int, extractor: str | None) -> dict:
    """Run `python -m etl` on the corpus; returns wall seconds, exit code and memory peaks."""
    cmd = [sys.executable, "-m", "etl", "--input", str(corpus), "--out", str(out), "--quiet", "--workers", str(workers)]
    if extractor:
        cmd += ["--extractor", extractor]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    peak_tree = 0
    hwm: dict[int, int] = {}
    cpu_seen: dict[int, float] = {}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(0.2):
            tree = _tree_sample(proc.pid)
            peak_tree = max(peak_tree, sum(rss for rss, _, _ in tree.values()))
            for pid, (_, high, cpu) in tree.items():
                hwm[pid] = max(hwm.get(pid, 0), high)
                cpu_seen[pid] = max(cpu_seen.get(pid, 0.0), cpu)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _, stderr = proc.communicate()
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    main_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The main process is waited for (exact); the others are known from the last sample.
    cpu = main_cpu + sum(c for pid, c in cpu_seen.items() if pid != proc.pid)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "returncode": proc.returncode,
        "stderr": stderr,
        "peak_rss_mb": max([after.ru_maxrss, *hwm.values()]) / 1024,
        "peak_tree_rss_mb": peak_tree / 1024,
    }


def profile_extraction(corpus: Path, n: int, top: int = 25) -> str:
    """cProfile of the default extractor over the first n articles, top functions by own time."""
    from etl.extract import extract_article
    from etl.readers import Loaded, read_inputs

    articles = []
    for item in read_inputs([corpus]):
        if isinstance(item, Loaded):
            articles.append(item.article)
        if len(articles) >= n:
            break
    extract_article(articles[0])  # load the gazetteer outside the profile
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for a in articles:
        extract_article(a)
    prof.disable()
    seconds = time.perf_counter() - t0
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    head = f"extract_article: {len(articles):,} articles in {seconds:.2f} s = {1000 * seconds / len(articles):.3f} ms/article (under cProfile)\n"
    return head + buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100_000, help="articles to generate (default: 100000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    p.add_argument("--corpus", type=Path, default=None, help="use this corpus instead of generating one")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--extractor", default=None, help="MODULE:FUNCTION passed to --extractor (default: the real one)")
    p.add_argument("--profile", type=int, default=0, metavar="N", help="also profile extraction of N articles")
    p.add_argument("--keep", action="store_true", help="keep the generated corpus and output")
    args = p.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="bench_etl-"))
    corpus = args.corpus
    if corpus is None:
        corpus = tmp / ("corpus.jsonl" if args.format == "jsonl" else "corpus")
        t0 = time.perf_counter()
        size = gen_corpus.write_corpus(corpus, args.n, args.seed, args.format)
        print(f"generated {args.n:,} articles ({size / 1e6:,.1f} MB) in {time.perf_counter() - t0:.1f} s: {corpus}")
    out = tmp / "out"
    r = run_cli(corpus, out, args.workers, args.extractor)
    if r["returncode"] != 0:
        print(f"python -m etl failed with exit code {r['returncode']}:\n{r['stderr']}", file=sys.stderr)
        return 1
    manifest = json.loads((out / "manifest.json").read_text())
    counts = manifest["counts"]
    n = counts["articles"]
    print(
        f"python -m etl --workers {args.workers}{' --extractor ' + args.extractor if args.extractor else ''}: "
        f"{n:,} articles in {r['seconds']:.1f} s = {n / r['seconds']:,.0f} articles/s (whole process, wall clock)"
    )
    cores = os.cpu_count() or 1
    print(
        f"  CPU time of all its processes: {r['cpu_seconds']:.1f} s = {n / r['cpu_seconds']:,.0f} articles per CPU-second; "
        f"load average {os.getloadavg()[0]:.1f} on {cores} cores (wall figures suffer when others share the machine)"
    )
    print(
        f"  peak RSS: largest process {r['peak_rss_mb']:,.0f} MB, whole process tree {r['peak_tree_rss_mb']:,.0f} MB (sampled)"
    )
    print(
        f"  visit articles {counts['visit_articles']:,}, visits {counts['visits']:,} "
        f"(from {counts['extracted_visits']:,} reports, {counts['merged_duplicates']:,} merged), errors {counts['error_articles']:,}"
    )
    print(f"  ETL's own timing: {manifest['duration_s']:.1f} s inside run_etl")
    if args.profile:
        print(profile_extraction(corpus, args.profile))
    if not args.keep:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"kept {tmp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
