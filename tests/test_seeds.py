"""Acceptance check: the five seed articles (../shared/seeds) extract to what expected.jsonl says.

The seeds are third-party text, read from beside the clone and never copied into the project.
"""

import importlib.util
import json
import os
from pathlib import Path

import pytest

from etl.extract import extract_article
from etl.model import Article

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

pytestmark = pytest.mark.seeds

# A developer's clone without the shared folder beside it may skip; CI must have it, so there it fails instead.
if not (SEEDS / "expected.jsonl").exists() and not os.environ.get("CI"):
    print(f"seed acceptance tests skipped: {SEEDS} not found")
    pytest.skip(f"seed folder {SEEDS} not found beside the clone", allow_module_level=True)


def _expected() -> list[dict]:
    with (SEEDS / "expected.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


EXPECTED = _expected()
# The attribute fields compared come from etl.dates/sizes/topics; while one is missing its fields cannot pass.
_MISSING = [m for m in ("etl.dates", "etl.sizes", "etl.topics") if importlib.util.find_spec(m) is None]


def _extract(name: str):
    path = SEEDS / "articles" / name
    text = path.read_text(encoding="utf-8")
    title = text.strip().splitlines()[0]
    return extract_article(Article(article_id=name, text=text, title=title, published=None, source_path=str(path)))


@pytest.mark.parametrize("row", EXPECTED, ids=[r["file"] for r in EXPECTED])
def test_seed_places_and_direction(row):
    result = _extract(row["file"])
    assert result.status == ("visit" if row["is_visit_article"] else "no_visit"), result.note
    got = [(v.origin.name, v.origin.province, v.host.name, v.host.province) for v in result.visits]
    want = [(v["origin"], v["origin_province"], v["host"], v["host_province"]) for v in row["visits"]]
    assert sorted(got) == sorted(want)


INSTITUTION_TYPES = {
    "000_edb1ca93051f22de.txt": [("pemkot", "pemkot")],
    "001_922858a3b185660b.txt": [("pemkot", "pemkot")],
    "002_45a9ea6ffb2152d6.txt": [("pemkot", "pemkot"), ("pemprov", "pemkot")],
    "003_f373fb3116661b37.txt": [("pemkot", "pemkot")],
    "004_f05d6fbf7de106e5.txt": [("pemkab", "pemkot")],
}


@pytest.mark.parametrize("name, types", sorted(INSTITUTION_TYPES.items()))
def test_seed_institution_types(name, types):
    visits = sorted(_extract(name).visits, key=lambda v: v.origin.name or "")
    assert [(v.origin_institution_type, v.host_institution_type) for v in visits] == types
    assert all(v.origin.resolved_by == "gazetteer" and v.host.resolved_by == "gazetteer" for v in visits)


@pytest.mark.xfail(bool(_MISSING), reason=f"attribute extractors not yet in the tree: {_MISSING}", strict=False)
@pytest.mark.parametrize("row", EXPECTED, ids=[r["file"] for r in EXPECTED])
def test_seed_attributes(row):
    visits = sorted(_extract(row["file"]).visits, key=lambda v: v.origin.name or "")
    got = [(v.date.isoformat() if v.date else None, v.delegation_size, v.visit_type, set(v.topics)) for v in visits]
    want = [
        (v["date"], v["delegation_size"], v["visit_type"], set(v["topics"]))
        for v in sorted(row["visits"], key=lambda v: v["origin"])
    ]
    assert got == want
