"""Score extraction against a labelled set (the seeds' expected.jsonl format).

    python -m etl.evaluate --labels data/sample/expected.jsonl --articles data/sample/articles

prints precision / recall / F1 (or accuracy) per field: detection, origin->host pairs, origin, host,
provinces, date (with the share of invented dates), delegation size, visit type, topics and
duplicate merging. The scoring functions are pure; only `main` reads files and runs the ETL.

Matching: a predicted visit counts for a labelled one when both come from the same article and
name the same origin and host (canonical names, case-insensitive). Attribute fields are scored on
matched visits only, so a wrong place is charged once, in the pair score, not again in every field.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

FIELDS_EXACT = ("origin_province", "host_province", "delegation_size", "visit_type")


@dataclass(frozen=True)
class Score:
    """Counts behind one line of the report."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int | None = None  # for accuracy-style fields
    total: int | None = None
    note: str = ""

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        if self.correct is not None:
            return self.accuracy
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        if self.correct is None or not self.total:
            return 1.0
        return self.correct / self.total

    def as_dict(self) -> dict[str, object]:
        if self.correct is not None:
            return {
                "name": self.name,
                "accuracy": round(self.accuracy, 4),
                "correct": self.correct,
                "total": self.total,
                "note": self.note,
            }
        return {
            "name": self.name,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "note": self.note,
        }


@dataclass
class Report:
    """All scores of one evaluation, plus the mismatches that explain them."""

    scores: list[Score]
    mismatches: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> Score:
        for s in self.scores:
            if s.name == name:
                return s
        raise KeyError(name)

    def to_text(self) -> str:
        lines = [f"{'field':<22} {'P':>6} {'R':>6} {'F1/acc':>7}  counts"]
        for s in self.scores:
            if s.correct is not None:
                lines.append(
                    f"{s.name:<22} {'':>6} {'':>6} {s.accuracy:>7.3f}  {s.correct}/{s.total} {s.note}".rstrip()
                )
            else:
                lines.append(
                    f"{s.name:<22} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>7.3f}  "
                    f"tp={s.tp} fp={s.fp} fn={s.fn} {s.note}".rstrip()
                )
        return "\n".join(lines)


def _key(name: object) -> str:
    return str(name or "").strip().casefold()


def _date_key(visit: Mapping[str, object]) -> str | None:
    """The date as far as it is known: 'YYYY-MM-DD', 'YYYY-MM', 'YYYY' or None."""
    value = visit.get("date")
    if value in (None, ""):
        return None
    text = str(value)[:10]
    precision = visit.get("date_precision")
    if precision == "month":
        return text[:7]
    if precision == "year":
        return text[:4]
    return text


def _match(gold: Sequence[Mapping], pred: Sequence[Mapping]) -> tuple[list[tuple[Mapping, Mapping]], int, int]:
    """Pair gold and predicted visits of one article by (origin, host); returns pairs, unmatched pred, unmatched gold."""
    left = list(pred)
    pairs = []
    missed = 0
    for g in gold:
        k = (_key(g.get("origin")), _key(g.get("host")))
        hit = next((p for p in left if (_key(p.get("origin")), _key(p.get("host"))) == k), None)
        if hit is None:
            missed += 1
        else:
            left.remove(hit)
            pairs.append((g, hit))
    return pairs, len(left), missed


def score(
    labels: Mapping[str, Mapping],
    predictions: Mapping[str, Mapping],
    clusters: Mapping[str, set[str]] | None = None,
) -> Report:
    """Score predictions against labels, both keyed by article id.

    labels[id] = {"is_visit_article", "duplicate_of", "visits": [...]} (expected.jsonl);
    predictions[id] = {"is_visit_article", "visits": [...]} with the same visit keys;
    clusters maps an article id to the set of merged visit ids it contributes to (for duplicates).
    """
    det = {"tp": 0, "fp": 0, "fn": 0}
    pair = {"tp": 0, "fp": 0, "fn": 0}
    acc: dict[str, list[int]] = {n: [0, 0] for n in ("origin", "host", *FIELDS_EXACT, "date", "lead")}
    invented = 0
    gold_unknown_dates = 0
    topic = {"tp": 0, "fp": 0, "fn": 0}
    mismatches: list[str] = []

    for aid, gold in sorted(labels.items()):
        pred = predictions.get(aid, {"is_visit_article": False, "visits": []})
        g_pos, p_pos = bool(gold.get("is_visit_article")), bool(pred.get("is_visit_article"))
        if g_pos and p_pos:
            det["tp"] += 1
        elif p_pos:
            det["fp"] += 1
            mismatches.append(f"{aid}: detected a visit in a negative article")
        elif g_pos:
            det["fn"] += 1
            mismatches.append(f"{aid}: missed a visit article ({pred.get('note') or 'no note'})")
        gold_visits = list(gold.get("visits") or [])
        pred_visits = list(pred.get("visits") or [])
        pairs, extra, missed = _match(gold_visits, pred_visits)
        pair["tp"] += len(pairs)
        pair["fp"] += extra
        pair["fn"] += missed
        if extra or missed:
            got = [f"{p.get('origin')} -> {p.get('host')}" for p in pred_visits]
            want = [f"{g.get('origin')} -> {g.get('host')}" for g in gold_visits]
            mismatches.append(f"{aid}: pairs {got} != expected {want}")
        for g, p in pairs:
            for name in ("origin", "host", *FIELDS_EXACT):
                a = acc[name]
                a[1] += 1
                same = (
                    _key(g.get(name)) == _key(p.get(name)) if name in ("origin", "host") else g.get(name) == p.get(name)
                )
                a[0] += same
                if not same:
                    mismatches.append(f"{aid}: {name} {p.get(name)!r} != expected {g.get(name)!r}")
            gd, pd_ = _date_key(g), _date_key(p)
            acc["date"][1] += 1
            acc["date"][0] += gd == pd_
            if gd != pd_:
                mismatches.append(f"{aid}: date {pd_!r} != expected {gd!r}")
            if gd is None:
                gold_unknown_dates += 1
            if gd is None and pd_ is not None:
                invented += 1
            if g.get("lead"):
                acc["lead"][1] += 1
                acc["lead"][0] += _key(g.get("lead")).replace(".", "") == _key(p.get("lead")).replace(".", "")
            gt, pt = set(g.get("topics") or ()), set(p.get("topics") or ())
            topic["tp"] += len(gt & pt)
            topic["fp"] += len(pt - gt)
            topic["fn"] += len(gt - pt)
            if gt != pt:
                mismatches.append(f"{aid}: topics extra {sorted(pt - gt)} missing {sorted(gt - pt)}")

    scores = [Score("detection", **det), Score("origin->host pairs", **pair)]
    for name in ("origin", "host", "origin_province", "host_province"):
        scores.append(Score(name, correct=acc[name][0], total=acc[name][1]))
    n_matched = acc["date"][1]
    scores.append(
        Score(
            "date",
            correct=acc["date"][0],
            total=n_matched,
            note=f"invented={invented}/{n_matched} (gold unknown: {gold_unknown_dates})",
        )
    )
    scores.append(
        Score("date invented", correct=invented, total=n_matched, note="share of matched visits; lower is better")
    )
    scores.append(Score("delegation_size", correct=acc["delegation_size"][0], total=acc["delegation_size"][1]))
    scores.append(Score("visit_type", correct=acc["visit_type"][0], total=acc["visit_type"][1]))
    scores.append(Score("topics", **topic))
    scores.append(Score("lead", correct=acc["lead"][0], total=acc["lead"][1], note="bonus field"))
    if clusters is not None:
        scores.append(_score_duplicates(labels, clusters, mismatches))
    return Report(scores, mismatches)


def gold_groups(labels: Mapping[str, Mapping]) -> dict[str, str]:
    """Article id -> id of the first article of its duplicate group (itself when alone)."""
    root = {}
    for aid, gold in labels.items():
        target = gold.get("duplicate_of")
        seen = {aid}
        while target and target in labels and target not in seen:
            seen.add(target)
            nxt = labels[target].get("duplicate_of")
            if not nxt:
                break
            target = nxt
        root[aid] = target or aid
    return root


def _score_duplicates(labels: Mapping[str, Mapping], clusters: Mapping[str, set[str]], mismatches: list[str]) -> Score:
    """Pairs of visit articles that report the same visit: merged (tp), merged wrongly (fp), left apart (fn)."""
    roots = gold_groups(labels)
    ids = sorted(a for a, g in labels.items() if g.get("is_visit_article"))
    tp = fp = fn = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            same_gold = roots[a] == roots[b]
            same_pred = bool(clusters.get(a, set()) & clusters.get(b, set()))
            if same_gold and same_pred:
                tp += 1
            elif same_gold:
                fn += 1
                mismatches.append(f"{a} + {b}: the same visit was not merged")
            elif same_pred:
                # Two labelled-distinct articles may still share one real visit (e.g. a multi-visit article);
                # count it only when no labelled visit pair is shared.
                ga = {(_key(v.get("origin")), _key(v.get("host")), _date_key(v)) for v in labels[a]["visits"]}
                gb = {(_key(v.get("origin")), _key(v.get("host")), _date_key(v)) for v in labels[b]["visits"]}
                if not ga & gb:
                    fp += 1
                    mismatches.append(f"{a} + {b}: merged visits that are different")
    return Score("duplicates merged", tp=tp, fp=fp, fn=fn, note="pairs of articles")


def read_labels(path: Path) -> dict[str, dict]:
    """Labels keyed by article id (the `file` field)."""
    out = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
        out[row["file"]] = row
    return out


def to_label_visit(visit) -> dict[str, object]:
    """An etl.model.Visit in the labels' vocabulary."""
    return {
        "origin": visit.origin.name,
        "origin_province": visit.origin.province,
        "origin_institution_type": visit.origin_institution_type,
        "host": visit.host.name,
        "host_province": visit.host.province,
        "date": visit.date.isoformat() if visit.date else None,
        "date_precision": visit.date_precision,
        "delegation_size": visit.delegation_size,
        "visit_type": visit.visit_type,
        "topics": list(visit.topics),
        "lead": visit.lead,
    }


def predict(articles: Iterable) -> dict[str, dict]:
    """Run per-article extraction: article id -> {"is_visit_article", "visits", "note"}."""
    from etl.extract import extract_article

    out = {}
    for article in articles:
        result = extract_article(article)
        out[article.article_id] = {
            "is_visit_article": result.status == "visit",
            "visits": [to_label_visit(v) for v in result.visits],
            "note": result.note,
        }
    return out


def read_clusters(out_dir: Path) -> dict[str, set[str]]:
    """Article id -> merged visit ids, from an ETL output folder."""
    import pandas as pd

    sources = pd.read_parquet(out_dir / "visit_sources.parquet", columns=["visit_id", "article_id"])
    clusters: dict[str, set[str]] = {}
    for vid, aid in zip(sources["visit_id"], sources["article_id"], strict=True):
        clusters.setdefault(aid, set()).add(vid)
    return clusters


def evaluate(labels_path: Path, articles_path: Path) -> Report:
    """Read, extract, run the whole ETL for merging, and score."""
    from etl.pipeline import run_etl
    from etl.readers import read_articles

    labels = read_labels(labels_path)
    articles = [a for a in read_articles([articles_path]) if hasattr(a, "text")]
    predictions = predict(articles)
    with tempfile.TemporaryDirectory() as tmp:
        run_etl([articles_path], Path(tmp) / "out")
        clusters = read_clusters(Path(tmp) / "out")
    unlabelled = sorted(set(predictions) - set(labels))
    report = score(labels, predictions, clusters)
    if unlabelled:
        report.mismatches.append(f"articles without labels (not scored): {unlabelled}")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, required=True, help="expected.jsonl")
    parser.add_argument("--articles", type=Path, required=True, help="folder or file of the labelled articles")
    parser.add_argument("--json", type=Path, help="also write the scores as JSON here")
    parser.add_argument("--quiet", action="store_true", help="do not list mismatches")
    args = parser.parse_args(argv)
    for p in (args.labels, args.articles):
        if not p.exists():
            print(f"error: {p} does not exist", file=sys.stderr)
            return 2
    report = evaluate(args.labels, args.articles)
    print(report.to_text())
    if report.mismatches and not args.quiet:
        print(f"\n{len(report.mismatches)} mismatches:")
        for m in report.mismatches:
            print(f"  - {m}")
    if args.json:
        args.json.write_text(json.dumps([s.as_dict() for s in report.scores], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
