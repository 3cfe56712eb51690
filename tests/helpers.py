"""What several test files share: the seed articles, and running one page under AppTest."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from etl.text import Sentence, sentences

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"  # CI places ../shared beside the clone


def seed_sentences(name: str) -> list[Sentence]:
    """The sentences of one seed article."""
    return sentences((SEEDS / "articles" / name).read_text(encoding="utf-8"))


def expected_seeds() -> list[tuple[str, dict]]:
    """(file name, label record) for each line of the seeds' expected.jsonl."""
    lines = (SEEDS / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [(rec["file"], rec) for rec in map(json.loads, filter(None, lines))]


def run_page(page: str, query: dict[str, str] | None = None, timeout: float = 30) -> AppTest:
    """Run pages/<page> once under AppTest, with query params set as a link would."""
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def plotly_specs(at: AppTest) -> list[dict]:
    """The JSON of every plotly chart on the page, in order."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def values(x) -> list:
    """A figure array from its JSON: plotly writes numeric arrays as base64 'bdata'."""
    if isinstance(x, dict) and "bdata" in x:
        arr = np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"])
        if "shape" in x:
            arr = arr.reshape([int(n) for n in str(x["shape"]).split(",")])
        return arr.tolist()
    return list(x)


def generated_tables(n: int, seed: int) -> dict:
    """n synthetic visits from scripts/gen_visits.py (all four tables), read back through the schema as the
    dashboard reads them: the varied data the speed tests compare old and new code on."""
    from etl import schema  # noqa: PLC0415
    from scripts import gen_visits  # noqa: PLC0415

    tables = gen_visits.build_tables(n, gen_visits.read_places(), seed=seed)
    return {name: schema.to_arrow(name, df).to_pandas() for name, df in tables.items()}


def failed_bars(report, bars: dict[str, float]) -> list[str]:
    """The fields of an etl.evaluate report that score under their bar, as 'field: score < bar' lines."""
    return [f"{name}: {report[name].f1:.3f} < {bar}" for name, bar in bars.items() if report[name].f1 < bar]


def read_labelled_set(labels: Path, articles: Path) -> list[dict]:
    """A hand-labelled set's rows, checked well formed: one row per article file, and every visit's topics and
    visit type taken from the taxonomy."""
    from etl.taxonomy import TOPICS, VISIT_TYPES  # noqa: PLC0415

    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {r["file"] for r in rows} == {p.name for p in articles.iterdir()}
    for row in rows:
        for visit in row["visits"]:
            assert visit["topics"] and set(visit["topics"]) <= set(TOPICS), (row["file"], visit["topics"])
            assert visit["visit_type"] in VISIT_TYPES, (row["file"], visit["visit_type"])
    return rows


def blank_place_ends(visits, some) -> None:
    """Make both ends of some visits (in place) unknown, unnamed, province-less, unplaced, off the drawn map or
    without a mention; some(share) picks rows. The messy data the flow and page speed tests compare old and new on."""
    for side in ("origin", "host"):
        visits.loc[some(0.1), f"{side}_level"] = "unknown"
        visits.loc[some(0.05), f"{side}_name"] = None
        visits.loc[some(0.05), f"{side}_province"] = None
        visits.loc[some(0.05), [f"{side}_lat", f"{side}_lon"]] = np.nan
        off = some(0.03)  # outside the drawn map
        visits.loc[off, f"{side}_lat"], visits.loc[off, f"{side}_lon"] = 51.5, -0.1
        visits.loc[some(0.05), f"{side}_mention"] = None

