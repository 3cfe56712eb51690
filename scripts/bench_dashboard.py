"""Time the dashboard at scale: every page under AppTest (cold, a new view, a rerun, payloads) and the pure parts.

    python scripts/gen_visits.py --n 1000000 --out /tmp/big
    python scripts/bench_dashboard.py --data /tmp/big               # pure parts, no Streamlit runtime
    python scripts/bench_dashboard.py --data /tmp/big --apptest     # plus every page under AppTest (~3-5 min at 1M)

AppTest part, one fresh Python process per page (only streamlit imported, as in a server that just started):
- cold: the page's first run, which imports the app's modules and loads the tables (load s: of which the load);
- rerun: the median of the next runs of that first (unfiltered) view (what every click on a widget costs);
- years / topic: the next run after narrowing the sidebar's year range, then after also picking one topic: a view
  the page has not computed yet, with the tables cached (what a reader waits for after changing a filter);
- rerun_f: the median of reruns of that filtered view;
- "(setup only)": a page drawing nothing but the shared sidebar and filters (ui.page.setup), the part of every
  page's times that is not the page's own work;
- chart KB / table KB: the largest plotly figure JSON and the largest st.dataframe message the page sent.
Times are wall seconds with the process's CPU seconds in brackets: on a shared machine wall time also measures the
neighbours (the load column is the 1-minute load average when the page started). Verdicts compare wall times with
the targets at 1M visits: cold <= 3 s, a new view <= 0.5 s, a rerun <= 0.3 s, every chart <= 500 KB.

Pure part: "cold" is the first call in a fresh process (imports done, nothing computed yet); "warm" is the median
of the next calls with the same inputs, what a rerun costs when a page does not cache. Pages also cache their
aggregations per data fingerprint and filters, so a warm rerun of a page skips this work entirely.
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

# No pandas / ui import at module level: a page worker must start the way a server does, with only streamlit loaded.

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


def page_work(visits, visit_topics, seats) -> dict[str, Callable]:
    """Per page: a function doing what the page computes on first view (defaults), returning its figures."""
    from ui import aggregate as A  # noqa: PLC0415 - see the module note on imports
    from ui import figures as F  # noqa: PLC0415

    def flows():
        fl = A.build_flows(visits, "region", seats)
        return {"flow map (region, top 50)": F.build_flow_map(fl, 50, "visits", "en"),
                "flow map (region, top 300)": F.build_flow_map(fl, 300, "visits", "en")}

    def flows_province():
        fl = A.build_flows(visits, "province", seats)
        return {"flow map (province, top 300)": F.build_flow_map(fl, 300, "delegates", "en")}

    def timeline():  # as the page does: the dates read once for the chart and the seasonality
        month = A.month_codes(visits)
        return {"timeline (month, by topic)": F.build_timeline_chart(
                    A.build_timeline(visits, visit_topics, "month", "topic", month_code=month), "en"),
                "seasonality heatmap": F.build_seasonality_heatmap(A.build_seasonality(visits, month_code=month), "en")}

    def timeline_default():  # what the page shows first: by month, not stacked
        month = A.month_codes(visits)
        return {"timeline (month)": F.build_timeline_chart(
                    A.build_timeline(visits, visit_topics, "month", "none", month_code=month), "en"),
                "seasonality heatmap": F.build_seasonality_heatmap(A.build_seasonality(visits, month_code=month), "en")}

    def topics():
        rows = A.build_topic_rows(visits, visit_topics)  # as the page does: once for its three tables
        hubs = A.build_topic_hubs(visits, rows, 8)
        return {"topic shares": F.build_topic_shares_chart(A.build_topic_shares(visits, rows), "en"),
                "topic x year": F.build_topic_year_heatmap(A.build_topic_year(visits, rows), "en"),
                "hubs (egov)": F.build_hubs_chart(hubs, "egov", "en")}

    def visits_table():  # the Visits page's browser table: the latest MAX_SHOWN rows, labelled
        from ui.export import to_latest_first, to_visits_table  # noqa: PLC0415

        to_visits_table(to_latest_first(visits, 2_000), "en")
        return {}

    return {"flows": flows, "flows (province)": flows_province, "timeline": timeline_default,
            "timeline (topic)": timeline, "topics": topics, "visits (table)": visits_table}


# Every page of the app, as the menu lists them (dashboard.py draws the Overview).
APP_PAGES = {
    "overview": "dashboard.py", "flows": "pages/1_Flows.py", "timeline": "pages/2_Timeline.py",
    "topics": "pages/3_Topics.py", "visits": "pages/4_Visits.py", "insights": "pages/5_Insights.py",
    "data": "pages/6_Data.py",
}
# The targets at 1M visits: first view after a server start, a view once the tables are cached (a new filter or a
# rerun), and the biggest chart the browser receives. A rerun of a view already seen should cost even less.
COLD_LIMIT_S = 3.0
CACHED_LIMIT_S = 0.5
RERUN_LIMIT_S = 0.3
YEARS_KEY = "atlas_w_years"  # ui.page's sidebar widgets
TOPICS_KEY = "atlas_w_topics"
NEW_VIEW_TOPIC = "egov"
WORKER_TAG = "BENCH_PAGE_JSON "


def _time_run(at) -> tuple[float, float]:
    """(wall s, CPU s) of one AppTest run; AppTest runs the script in a thread of this process, so process CPU
    time covers it (and any other thread of the process, which is only the idle test harness)."""
    t, c = time.perf_counter(), time.process_time()
    at.run()
    return time.perf_counter() - t, time.process_time() - c


def _payloads(at) -> tuple[float, float]:
    """(largest plotly chart JSON, largest table message) in KB, as the browser would receive them."""
    charts = [len(el.proto.spec.encode("utf-8")) for el in at.get("plotly_chart")]
    tables = [el.proto.ByteSize() for el in at.get("dataframe")]
    return max(charts, default=0) / 1024, max(tables, default=0) / 1024


def _count_table_loads() -> dict:
    """Time ui.data.read_tables (the table load) whenever the app imports it, without importing it ourselves:
    a server starts with streamlit imported and nothing else, so the first run pays for the app's imports too."""
    import importlib.abc
    import importlib.util

    stats = {"load_s": 0.0, "load_cpu_s": 0.0}

    def wrap(module) -> None:
        inner = module.read_tables

        def read_tables(*args, **kwargs):
            t, c = time.perf_counter(), time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                stats["load_s"] += time.perf_counter() - t
                stats["load_cpu_s"] += time.process_time() - c

        module.read_tables = read_tables

    class Hook(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name != "ui.data":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            run = spec.loader.exec_module

            def exec_module(module) -> None:
                run(module)
                wrap(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Hook())
    return stats


# A page that only draws the shared sidebar and filters (ui.page.setup), run like the others: the part of every
# page's time that is not the page's own work.
SETUP_ONLY = "(setup only)"
SETUP_ONLY_SCRIPT = "from ui.page import setup\nsetup('overview')\n"


def page_worker(data: Path, page: str, timeout: float, reruns: int) -> dict:
    """One page in this (fresh) process: cold run, reruns, then two new views (a year range, then one topic too)
    and reruns of that filtered view."""
    os.environ["ATLAS_DATA_DIR"] = str(data)
    os.chdir(ROOT)
    import streamlit.delta_generator as dg  # noqa: PLC0415
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415 - a server has streamlit loaded; the app's imports count

    # Outside a server, streamlit's first element looks through the whole call stack (inspect.stack, 0.1-0.3 s) to
    # decide whether to print "run it with streamlit run": a cost of the test harness, not of the app.
    dg._use_warning_has_been_displayed = True
    loads = _count_table_loads()
    out: dict = {"page": page, "load_avg": os.getloadavg()[0]}
    if page == SETUP_ONLY:
        at = AppTest.from_string(SETUP_ONLY_SCRIPT, default_timeout=timeout)
    else:
        at = AppTest.from_file(str(ROOT / page), default_timeout=timeout)
    out["cold_s"], out["cold_cpu_s"] = _time_run(at)
    out.update(loads)
    if at.exception:
        out["error"] = str(at.exception[0].message)[:200]
        return out
    chart_kb, table_kb = _payloads(at)
    runs = [_time_run(at) for _ in range(reruns)]
    out["rerun_s"] = statistics.median(w for w, _ in runs)
    out["rerun_cpu_s"] = statistics.median(c for _, c in runs)
    years = at.slider(key=YEARS_KEY) if any(s.key == YEARS_KEY for s in at.slider) else None
    if years is not None:
        lo, hi = years.min, years.max
        # A narrower range, not seen before: every cache keyed by the filters misses.
        years.set_value((lo + (hi - lo) // 2, hi - 1) if hi - lo >= 2 else (lo, lo))
        out["years_s"], out["years_cpu_s"] = _time_run(at)
        chart_kb, table_kb = map(max, zip((chart_kb, table_kb), _payloads(at), strict=True))
    topics = at.multiselect(key=TOPICS_KEY) if any(m.key == TOPICS_KEY for m in at.multiselect) else None
    if topics is not None:  # options are shown as labels; set_value takes the slug
        topics.set_value([NEW_VIEW_TOPIC])
        out["topic_s"], out["topic_cpu_s"] = _time_run(at)
        chart_kb, table_kb = map(max, zip((chart_kb, table_kb), _payloads(at), strict=True))
    if at.exception:
        out["error"] = str(at.exception[0].message)[:200]
        return out
    if years is not None or topics is not None:
        runs = [_time_run(at) for _ in range(reruns)]
        out["rerun_f_s"] = statistics.median(w for w, _ in runs)
        out["rerun_f_cpu_s"] = statistics.median(c for _, c in runs)
    out["chart_kb"], out["table_kb"] = chart_kb, table_kb
    return out


def run_apptest(data: Path, timeout: float, reruns: int = 3, pages: dict[str, str] | None = None) -> list[dict]:
    """Each page in a fresh Python process (one at a time, so they do not compete for the CPUs)."""
    import json
    import subprocess

    rows = []
    for name, path in {**(pages or APP_PAGES), "setup": SETUP_ONLY}.items():
        cmd = [sys.executable, str(Path(__file__).resolve()), "--data", str(data), "--page-worker", path,
               "--timeout", str(timeout), "--reruns", str(reruns)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout * (3 + reruns), cwd=ROOT)
        found = [line for line in proc.stdout.splitlines() if line.startswith(WORKER_TAG)]
        if proc.returncode or not found:
            row = {"page": path, "error": (proc.stderr.strip().splitlines() or ["no output"])[-1][:200]}
        else:
            row = json.loads(found[-1][len(WORKER_TAG):])
        row["name"] = name
        rows.append(row)
        print_apptest_row(row)
    return rows


def verdict(row: dict) -> str:
    """PASS, or which targets the page misses (wall times: what a visitor waits)."""
    if "error" in row:
        return "ERROR " + row["error"]
    missed = []
    if row["cold_s"] > COLD_LIMIT_S:
        missed.append("cold")
    for key in ("years_s", "topic_s"):
        if row.get(key, 0.0) > CACHED_LIMIT_S:
            missed.append(key[:-2])
    for key in ("rerun_s", "rerun_f_s"):
        if row.get(key, 0.0) > RERUN_LIMIT_S:
            missed.append(key[:-2])
    if row["chart_kb"] > PAYLOAD_LIMIT_KB:
        missed.append("payload")
    return "PASS" if not missed else "FAIL " + ",".join(missed)


APPTEST_HEADER = (f"{'page':<10} {'cold s':>13} {'load s':>11} {'rerun s':>11} {'years s':>11} {'topic s':>11} "
                  f"{'rerun_f s':>11} {'chart KB':>8} {'table KB':>8} {'load':>4}  verdict")


def _pair(row: dict, key: str) -> str:
    if key not in row:
        return f"{'-':>11}"
    return f"{row[key]:>5.2f} ({row[key[:-2] + '_cpu_s']:>4.2f})"


def print_apptest_row(row: dict) -> None:
    if "error" in row and "cold_s" not in row:
        print(f"{row['name']:<10} {verdict(row)}", flush=True)
        return
    cold = f"{row['cold_s']:>6.2f} ({row['cold_cpu_s']:>4.2f})"
    print(f"{row['name']:<10} {cold:>13} {_pair(row, 'load_s')} {_pair(row, 'rerun_s')} {_pair(row, 'years_s')} "
          f"{_pair(row, 'topic_s')} {_pair(row, 'rerun_f_s')} {row.get('chart_kb', 0):>8.0f} {row.get('table_kb', 0):>8.0f} "
          f"{row['load_avg']:>4.1f}  {verdict(row)}", flush=True)


def pure_part(data: Path, repeat: int, export: bool) -> None:
    """Load the tables in this process and time each page's pure work (aggregations and figures)."""
    from ui import figures as F  # noqa: PLC0415 - see the module note on imports
    from ui import geo  # noqa: PLC0415
    from ui.data import read_tables  # noqa: PLC0415

    t, c = time.perf_counter(), time.process_time()
    # The app's own reader (checks and conforms every table), so the frames have the dtypes pages get.
    tables = read_tables(data)
    visits, visit_topics = tables.visits, tables.visit_topics
    load, load_cpu = time.perf_counter() - t, time.process_time() - c
    seats = geo.read_province_seats()
    print(f"data: {data} - {len(visits):,} visits, {len(visit_topics):,} topic rows")
    print(f"load the four tables (ui.data.read_tables): {load:.2f} s wall, {load_cpu:.2f} s CPU")
    print(f"machine load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print()
    print(f"{'pure work':<18} {'cold s':>7} {'warm s':>7} {'coldCPU':>7} {'warmCPU':>7}   chart payloads (KB, "
          f"limit {PAYLOAD_LIMIT_KB})")
    over = []
    for page, fn in page_work(visits, visit_topics, seats).items():
        cold, warm, cold_cpu, warm_cpu, figs = timed(fn, repeat)
        sizes = {name: F.payload_kb(fig) for name, fig in figs.items()}
        over += [name for name, kb in sizes.items() if kb > PAYLOAD_LIMIT_KB]
        print(f"{page:<18} {cold:>7.2f} {warm:>7.2f} {cold_cpu:>7.2f} {warm_cpu:>7.2f}   "
              + ", ".join(f"{n}: {kb:.0f}" for n, kb in sizes.items()), flush=True)
    print("every payload under the limit" if not over else f"OVER THE LIMIT: {over}")
    if export:
        from ui.export import to_csv_bytes, to_latest_first, to_visits_table  # noqa: PLC0415

        t, c = time.perf_counter(), time.process_time()
        size = len(to_csv_bytes(to_visits_table(to_latest_first(visits), "en")))
        print(f"Visits CSV download of all {len(visits):,} rows: {time.perf_counter() - t:.1f} s wall, "
              f"{time.process_time() - c:.1f} s CPU, {size / 2**20:.0f} MB (built only when the button is pressed)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="a folder written by scripts/gen_visits.py or the ETL")
    ap.add_argument("--repeat", type=int, default=3, help="warm calls per pure measurement")
    ap.add_argument("--apptest", action="store_true", help="also run every page under AppTest (uses the real loader)")
    ap.add_argument("--pages", default=",".join(APP_PAGES), help="with --apptest: which pages (comma-separated)")
    ap.add_argument("--no-pure", action="store_true", help="skip the pure part (with --apptest)")
    ap.add_argument("--export", action="store_true", help="also time the Visits page's CSV download of every row")
    ap.add_argument("--reruns", type=int, default=3, help="reruns of the same view per page (median shown)")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--page-worker", help=argparse.SUPPRESS)  # internal: measure one page in this fresh process
    args = ap.parse_args()

    if args.page_worker:
        import json  # noqa: PLC0415

        print(WORKER_TAG + json.dumps(page_worker(args.data, args.page_worker, args.timeout, args.reruns)), flush=True)
        return
    if not args.no_pure:
        pure_part(args.data, args.repeat, args.export)
    if args.apptest:
        unknown = [n for n in args.pages.split(",") if n not in APP_PAGES]
        if unknown:
            ap.error(f"unknown pages {unknown}; choose from {list(APP_PAGES)}")
        print()
        print(f"every page under AppTest, each in a fresh process; wall s (CPU s); targets: cold <= {COLD_LIMIT_S:g} s, "
              f"new view <= {CACHED_LIMIT_S:g} s, rerun <= {RERUN_LIMIT_S:g} s, chart <= {PAYLOAD_LIMIT_KB} KB")
        print(APPTEST_HEADER, flush=True)
        t = time.perf_counter()
        run_apptest(args.data, args.timeout, args.reruns, {n: APP_PAGES[n] for n in args.pages.split(",")})
        print(f"(AppTest part took {time.perf_counter() - t:.0f} s)")


if __name__ == "__main__":
    main()
