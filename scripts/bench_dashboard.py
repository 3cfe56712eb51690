"""Time the dashboard at scale: load, each page's aggregations + figures (cold and warm), payload per chart, AppTest.

    python scripts/gen_visits.py --n 1000000 --out /tmp/big
    python scripts/bench_dashboard.py --data /tmp/big               # pure parts, no Streamlit runtime
    python scripts/bench_dashboard.py --data /tmp/big --apptest     # plus each page under AppTest (slow: real load)

"cold" is the first call in a fresh process (imports done, nothing computed yet); "warm" is the median of the
next calls with the same inputs, what a rerun costs when a page does not cache. Pages also cache their aggregations
per data fingerprint and filters, so a warm rerun of a page skips this work entirely (the AppTest rows show that).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the ui and etl packages are in the repo root

import pandas as pd  # noqa: E402

from ui import aggregate as A  # noqa: E402
from ui import figures as F  # noqa: E402
from ui import geo  # noqa: E402
from ui.data import read_tables  # noqa: E402

PAGES = {"flows": "pages/1_Flows.py", "timeline": "pages/2_Timeline.py", "topics": "pages/3_Topics.py"}
PAYLOAD_LIMIT_KB = 500


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, float, float, object]:
    """(cold wall s, warm median wall s, cold CPU s, warm median CPU s, result) of calling fn 1 + repeat times.

    CPU time is reported too because on a shared machine wall time mostly measures the neighbours.
    """
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    cold, cold_cpu = time.perf_counter() - w, time.process_time() - c
    warm, warm_cpu = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        warm.append(time.perf_counter() - w)
        warm_cpu.append(time.process_time() - c)
    med = statistics.median
    return cold, med(warm) if warm else float("nan"), cold_cpu, med(warm_cpu) if warm else float("nan"), out


def page_work(visits: pd.DataFrame, visit_topics: pd.DataFrame, seats: pd.DataFrame) -> dict[str, Callable]:
    """Per page: a function doing what the page computes on first view (defaults), returning its figures."""

    def flows():
        fl = A.build_flows(visits, "region", seats)
        return {"flow map (region, top 50)": F.build_flow_map(fl, 50, "visits", "en"),
                "flow map (region, top 300)": F.build_flow_map(fl, 300, "visits", "en")}

    def flows_province():
        fl = A.build_flows(visits, "province", seats)
        return {"flow map (province, top 300)": F.build_flow_map(fl, 300, "delegates", "en")}

    def timeline():
        return {"timeline (month, by topic)": F.build_timeline_chart(A.build_timeline(visits, visit_topics, "month",
                                                                                       "topic"), "en"),
                "seasonality heatmap": F.build_seasonality_heatmap(A.build_seasonality(visits), "en")}

    def topics():
        rows = A.build_topic_rows(visits, visit_topics)  # as the page does: once for its three tables
        hubs = A.build_topic_hubs(visits, rows, 8)
        return {"topic shares": F.build_topic_shares_chart(A.build_topic_shares(visits, rows), "en"),
                "topic x year": F.build_topic_year_heatmap(A.build_topic_year(visits, rows), "en"),
                "hubs (egov)": F.build_hubs_chart(hubs, "egov", "en")}

    return {"flows": flows, "flows (province)": flows_province, "timeline": timeline, "topics": topics}


def run_apptest(data: Path, timeout: float, reruns: int = 3) -> list[tuple[str, float, float, float, float]]:
    """(page, first run wall/CPU s, median rerun wall/CPU s) per page under AppTest, ATLAS_DATA_DIR at data.

    AppTest runs the script in a thread of this process, so process CPU time covers it.
    """
    from streamlit.testing.v1 import AppTest

    os.environ["ATLAS_DATA_DIR"] = str(data)
    os.chdir(ROOT)
    rows = []
    for name, path in PAGES.items():
        at = AppTest.from_file(str(ROOT / path), default_timeout=timeout)
        t, c = time.perf_counter(), time.process_time()
        at.run()
        first, first_cpu = time.perf_counter() - t, time.process_time() - c
        if at.exception:
            raise RuntimeError(f"{name}: {at.exception[0].value}")
        walls, cpus = [], []
        for _ in range(reruns):
            t, c = time.perf_counter(), time.process_time()
            at.run()
            walls.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        rows.append((name, first, first_cpu, statistics.median(walls), statistics.median(cpus)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="a folder written by scripts/gen_visits.py or the ETL")
    ap.add_argument("--repeat", type=int, default=3, help="warm calls per measurement")
    ap.add_argument("--apptest", action="store_true", help="also run each page under AppTest (uses the real loader)")
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()

    t, c = time.perf_counter(), time.process_time()
    # The app's own reader (checks and conforms every table), so the frames have the dtypes pages get.
    tables = read_tables(args.data)
    visits, visit_topics = tables.visits, tables.visit_topics
    load, load_cpu = time.perf_counter() - t, time.process_time() - c
    seats = geo.read_province_seats()
    print(f"data: {args.data} - {len(visits):,} visits, {len(visit_topics):,} topic rows")
    print(f"load the four tables (ui.data.read_tables): {load:.2f} s wall, {load_cpu:.2f} s CPU")
    print(f"machine load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print()
    print(f"{'page':<18} {'cold s':>7} {'warm s':>7} {'coldCPU':>7} {'warmCPU':>7}   chart payloads (KB, "
          f"limit {PAYLOAD_LIMIT_KB})")
    over = []
    for page, fn in page_work(visits, visit_topics, seats).items():
        cold, warm, cold_cpu, warm_cpu, figs = timed(fn, args.repeat)
        sizes = {name: F.payload_kb(fig) for name, fig in figs.items()}
        over += [name for name, kb in sizes.items() if kb > PAYLOAD_LIMIT_KB]
        print(f"{page:<18} {cold:>7.2f} {warm:>7.2f} {cold_cpu:>7.2f} {warm_cpu:>7.2f}   " + ", ".join(f"{n}: {kb:.0f}" for n, kb in sizes.items()))
    print("every payload under the limit" if not over else f"OVER THE LIMIT: {over}")

    if args.apptest:
        print()
        print(f"{'AppTest page':<18} {'first s':>8} {'firstCPU':>8} {'rerun s':>8} {'rerunCPU':>8}   "
              "(the first page's first run includes loading the tables)")
        for name, first, first_cpu, again, again_cpu in run_apptest(args.data, args.timeout):
            print(f"{name:<18} {first:>8.2f} {first_cpu:>8.2f} {again:>8.2f} {again_cpu:>8.2f}")


if __name__ == "__main__":
    main()
