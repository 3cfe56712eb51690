"""ui.figures: trace types, counts, widths, sums and payload bounds, in both languages."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from tests.test_aggregate import BDG, MKS, SBY, SGP, make, topics_of
from ui import aggregate as A
from ui import figures as F

MAX_PAYLOAD = 500 * 1024


@pytest.fixture
def visits() -> pd.DataFrame:
    rows = ([{"o": BDG, "h": SBY, "size": 10, "date": date(2020, 3, 1), "topics": ["egov"]}] * 8
            + [{"o": MKS, "h": SBY, "size": 5, "date": date(2021, 7, 1), "topics": ["egov", "health"]}] * 3
            + [{"o": SBY, "h": BDG, "date": date(2021, 8, 1), "topics": ["waste_env"]}] * 2
            + [{"o": BDG, "h": SGP, "size": 40, "date": date(2022, 1, 5), "topics": []}])
    return make(rows)


def _traces(fig: go.Figure, kind: str) -> list:
    return [tr for tr in fig.data if tr.type == kind]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_flow_map_traces(visits, lang):
    fig = F.build_flow_map(A.build_flows(visits), n=10, lang=lang)
    assert all(tr.type == "scattergeo" for tr in fig.data)
    outline, lines = fig.data[:2], [tr for tr in fig.data[2:] if tr.mode == "lines"]
    assert [tr.fill for tr in outline] == ["toself", "toself"]
    # 4 routes: 8, 3, 2 and 1 visits; each route is a 12-point curve plus a pen-up gap.
    assert sum(np.isnan(np.array(tr.lon, dtype=float)).sum() for tr in lines) == 4
    assert sum(len(tr.lon) for tr in lines) == 4 * (F.CURVE_POINTS + 1)
    widths = {tr.name: tr.line.width for tr in lines}
    assert max(widths.values()) == F.WIDTHS[-1] and min(widths.values()) == F.WIDTHS[0]
    arrows = [tr for tr in fig.data if tr.mode == "markers" and tr.marker.symbol == "triangle-up"][0]
    assert len(arrows.lon) == 4 and arrows.marker.angleref == "north"
    assert ("Kota Bandung" in arrows.text[0]) and ("8" in arrows.text[0])
    hosts = [tr for tr in fig.data if tr.mode == "markers" and tr.marker.symbol == "circle"][0]
    assert sorted(hosts.customdata) == ["Kota Bandung", "Kota Surabaya", "Singapura"]
    assert hosts.marker.size[list(hosts.customdata).index("Kota Surabaya")] == pytest.approx(30)
    assert fig.layout.legend.orientation == "h"


def test_flow_map_weight_by_delegates_changes_the_heaviest_line(visits):
    flows = A.build_flows(visits)
    by_visits = F.build_flow_map(flows, n=10, weight="visits")
    by_del = F.build_flow_map(flows, n=10, weight="delegates")

    def heaviest_endpoint(fig):
        lines = [tr for tr in fig.data[2:] if tr.mode == "lines"]
        top = max(lines, key=lambda tr: tr.line.width)
        return (top.lon[F.CURVE_POINTS - 1], top.lat[F.CURVE_POINTS - 1])

    assert heaviest_endpoint(by_visits) == (112.75, -7.25)  # Bandung -> Surabaya, 8 visits
    # Bandung -> Surabaya has 80 delegates, Bandung -> Singapura 40: both in the top class, Surabaya still drawn.
    assert any(tr.name.endswith("delegates") for tr in by_del.data if tr.mode == "lines")


def test_flow_map_arrow_points_toward_host():
    v = make([{"o": BDG, "h": SBY}, {"o": SBY, "h": BDG}])
    fig = F.build_flow_map(A.build_flows(v), n=10)
    arrows = [tr for tr in fig.data if tr.mode == "markers" and tr.marker.symbol == "triangle-up"][0]
    angles = dict(zip([c[1] for c in arrows.customdata], arrows.marker.angle, strict=True))
    # Surabaya lies east of Bandung: heading roughly east (90 deg) toward it, roughly west (-90) back.
    assert 45 < angles["Kota Surabaya"] < 135
    assert -135 < angles["Kota Bandung"] < -45


def test_flow_map_empty_still_draws_the_outline():
    fig = F.build_flow_map(A.build_flows(make([])), n=10)
    assert len(fig.data) == 2 and all(tr.fill == "toself" for tr in fig.data)


@pytest.mark.parametrize("weights, classes", [
    ([1, 1, 1], 1), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5), ([1, 1, 1, 1, 100], 2),
])
def test_width_classes(weights, classes):
    cls, bounds = F.width_classes(pd.Series(weights))
    assert len(bounds) == classes
    assert cls.min() == 0 and cls.max() == classes - 1
    assert bounds[0][0] == min(weights) and bounds[-1][1] == max(weights)


@pytest.mark.parametrize("freq, stack, n_traces", [("month", "none", 1), ("year", "topic", 4),
                                                   ("quarter", "visit_type", 1)])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_timeline_chart(visits, freq, stack, n_traces, lang):
    tl = A.build_timeline(visits, topics_of(visits), freq, stack)
    fig = F.build_timeline_chart(tl, lang)
    assert [tr.type for tr in fig.data] == ["bar"] * n_traces
    assert sum(sum(tr.y) for tr in fig.data) == tl.counts["visits"].sum()
    assert fig.layout.barmode == "stack"
    assert fig.layout.separators == (",." if lang == "id" else ".,")
    if stack == "topic":
        names = [tr.name for tr in fig.data]
        assert names[-1] == ("Topik tidak disebut" if lang == "id" else "No topic stated")  # no-topic last, grey
        assert fig.data[-1].marker.color == F.GREY


def test_width_class_labels_do_not_overlap():
    cls, bounds = F.width_classes(pd.Series([568, 580, 600, 604, 605, 630, 648, 700, 758, 800, 875, 1231]))
    labels = [F.class_label(lo, hi, k == 0, "visits", "en") for k, (lo, hi) in enumerate(bounds)]
    ranges = [tuple(int(x.replace(",", "")) for x in lab.split()[0].split("–")) for lab in labels]
    assert all(prev[1] < nxt[0] for prev, nxt in zip(ranges, ranges[1:], strict=False))
    assert ranges[0][0] == 568 and ranges[-1][1] == 1231
    # Every route falls in the class whose label range holds its weight.
    for w, k in zip([568, 580, 600, 604, 605, 630, 648, 700, 758, 800, 875, 1231], cls, strict=True):
        assert ranges[k][0] <= w <= ranges[k][1]


@pytest.mark.parametrize("share, barnorm, title", [(False, None, "Visits"),
                                                   (True, "percent", "Share of the period's visits (%)")])
def test_timeline_chart_share(visits, share, barnorm, title):
    fig = F.build_timeline_chart(A.build_timeline(visits, topics_of(visits), "year", "topic"), "en", share=share)
    assert fig.layout.barnorm == barnorm and fig.layout.yaxis.title.text == title


def test_seasonality_heatmap(visits):
    fig = F.build_seasonality_heatmap(A.build_seasonality(visits), "id")
    (hm,) = fig.data
    assert hm.type == "heatmap" and list(hm.x)[:3] == ["Jan", "Feb", "Mar"] and list(hm.y) == ["2020", "2021",
                                                                                             "2022"]
    assert np.array(hm.z).sum() == 14


def test_topic_shares_chart(visits):
    fig = F.build_topic_shares_chart(A.build_topic_shares(visits, topics_of(visits)), "en")
    (bar,) = fig.data
    assert bar.type == "bar" and bar.orientation == "h"
    assert list(bar.y) == ["E-government & digital services", "Health", "Waste & environment", "No topic stated"]
    assert list(bar.x) == pytest.approx([11 / 14, 3 / 14, 2 / 14, 1 / 14])


@pytest.mark.parametrize("normalize, total", [(False, 16), (True, 2)])
def test_topic_year_heatmap(visits, normalize, total):
    fig = F.build_topic_year_heatmap(A.build_topic_year(visits, topics_of(visits)), "en", normalize)
    assert np.array(fig.data[0].z).sum() == pytest.approx(total)  # shares: each year's column (2020, 2021) sums to 1


@pytest.mark.parametrize("zmax, share, expected", [
    (3, False, {"thickness": 12, "tickformat": ",d", "dtick": 1}),
    (40, False, {"thickness": 12, "tickformat": ",d"}),
    (0.7, True, {"thickness": 12, "tickformat": ".0%"}),
])
def test_count_colorbar(zmax, share, expected):
    assert F._count_colorbar(zmax, share) == expected


def test_hubs_chart(visits):
    hubs = A.build_topic_hubs(visits, topics_of(visits))
    fig = F.build_hubs_chart(hubs, "egov", "id")
    (bar,) = fig.data
    assert list(bar.y) == ["Kota Surabaya"] and list(bar.x) == [11]
    assert bar.text[0] == "100,0%"


@pytest.mark.parametrize("builder", [
    lambda v, vt: F.build_timeline_chart(A.build_timeline(v, vt), "en"),
    lambda v, vt: F.build_seasonality_heatmap(A.build_seasonality(v), "en"),
    lambda v, vt: F.build_topic_shares_chart(A.build_topic_shares(v, vt), "en"),
    lambda v, vt: F.build_topic_year_heatmap(A.build_topic_year(v, vt), "en"),
    lambda v, vt: F.build_hubs_chart(A.build_topic_hubs(v, vt), "egov", "en"),
])
def test_empty_selection_gives_the_empty_figure(builder):
    fig = builder(make([]), pd.DataFrame({"visit_id": [], "topic": []}))
    assert fig.layout.annotations[0].text == "Nothing to show for these filters."


def test_payload_bound_with_many_routes():
    # 40 x 40 places fully connected: 1,560 routes, of which the map draws the top 300.
    rng = np.random.default_rng(1)
    places = [(f"Kota {i}", "kota", f"P{i % 30}", float(rng.uniform(-9, 5)), float(rng.uniform(96, 140)))
              for i in range(40)]
    rows = [{"o": a, "h": b, "size": 5} for a in places for b in places if a != b]
    fig = F.build_flow_map(A.build_flows(make(rows)), n=300)
    assert len(fig.to_json()) < MAX_PAYLOAD
    assert sum(len(tr.lon) for tr in fig.data[2:] if tr.mode == "lines") == 300 * (F.CURVE_POINTS + 1)


def _timeline(periods: list[str], freq: str) -> A.Timeline:
    counts = pd.DataFrame({"period": pd.to_datetime(periods), "group": "all", "visits": [2] * len(periods)})
    return A.Timeline(counts=counts, freq=freq, stack="none", n_visits=2 * len(periods), n_placed=2 * len(periods),
                      n_unknown_date=0, n_year_only=0)


@pytest.mark.parametrize(("lang", "labels"), [("en", ["Sep 2022", "Nov 2022", "Jan 2023", "Mar 2023", "May 2023",
                                                      "Jul 2023", "Sep 2023"]),
                                              ("id", ["Sep 2022", "Nov 2022", "Jan 2023", "Mar 2023", "Mei 2023",
                                                      "Jul 2023", "Sep 2023"])])
def test_timeline_bars_span_their_own_month_and_short_timelines_name_the_months(lang, labels):
    # Two months a year apart: plotly's default would size each bar by the gap between them (a year wide).
    fig = F.build_timeline_chart(_timeline(["2022-09-01", "2023-10-01"], "month"), lang)
    (bar,) = fig.data
    assert bar.xperiod == "M1" and bar.xperiodalignment == "middle"
    assert bar.width == pytest.approx(0.85 * 30.44 * 86_400_000)
    assert list(fig.layout.xaxis.ticktext) == labels  # 14 months: every other one labelled
    assert pd.Timestamp(fig.layout.xaxis.tickvals[0]) == pd.Timestamp("2022-09-01") + pd.Timedelta(days=15.22)


def test_long_or_yearly_timelines_are_labelled_by_year():
    monthly = F.build_timeline_chart(_timeline(["2013-01-01", "2024-12-01"], "month"), "en")
    yearly = F.build_timeline_chart(_timeline(["2013-01-01", "2024-01-01"], "year"), "en")
    for fig in (monthly, yearly):
        assert fig.layout.xaxis.tickformat == "%Y" and fig.layout.xaxis.ticklabelmode == "period"
    assert yearly.data[0].width == pytest.approx(0.85 * 365.25 * 86_400_000)
