"""The Insights page under AppTest on the shared fixture data (tests/conftest.py: eight visits, Surabaya on top)."""

from __future__ import annotations

from functools import partial

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import plotly_specs, values
from tests.helpers import run_page as run_page_file
from ui import briefing, cost, insights
from ui.i18n import t

run_page = partial(run_page_file, "5_Insights.py", timeout=60)
TAB_LABELS = {"en": ["Learning network", "Best-practice hubs", "One place", "Travel and cost", "Briefing"],
              "id": ["Jejaring belajar", "Rujukan praktik baik", "Satu daerah", "Perjalanan dan biaya",
                     "Ringkasan untuk pimpinan"]}


def frames(at: AppTest) -> list:
    return [df.value for df in at.dataframe]


def click_tab(at: AppTest, label: str) -> AppTest:
    """What a click on a tab does: the tabs widget (key ins_w_tab) holds that label on the next run."""
    at.session_state["ins_w_tab"] = label
    return at.run()


def test_page_renders_the_network_without_errors(atlas_env):
    at = run_page()
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs] == [
        "Learning network", "Best-practice hubs", "One place", "Travel and cost", "Briefing",
    ]
    hosts = frames(at)[0]
    # Surabaya hosts v1 v2 v4 v7 from Bandung (twice), Minahasa and Kabupaten Bogor: 4 visits, 3 visitors.
    first = hosts.iloc[0].to_dict()
    assert first["Place"] == "Kota Surabaya"
    assert (first["Visits"], first["Distinct visitors"], first["Came more than once"]) == (4, 3, 1)
    # v6's visitor is unresolved: counted apart, and said so.
    assert any("1 visits with an unknown visitor and 0 with an unknown host" in c.value for c in at.caption)


def test_scopes_table(atlas_env):
    at = run_page()
    scopes = next(df for df in frames(at) if "Where the visit goes" in df.columns).set_index("Where the visit goes")
    # Regional: v1 v7 (Jabar->Jatim), v4 (Jabar->Jatim), v3 (Banten->Jabar), v8 (Jabar->Banten): within Jawa = 5;
    # v2 Sulut->Jatim to Java; v5 Jatim->Sulut other island; v6 unresolved.
    assert scopes.loc["Within the same island group", "Visits"] == 5
    assert scopes.loc["From outside Java to Java", "Visits"] == 1
    assert scopes.loc["To another island group", "Visits"] == 1
    assert scopes.loc["Place unknown (apart)", "Visits"] == 1
    assert scopes.loc["Within the same island group", "Share of regional visits"] == "71%"  # 5 / 7


def test_cost_tab_counts_unknowns_apart(atlas_env):
    at = run_page({"tab": "cost"})
    # Sizes: v1 20, v2 10..19 -> 14.5 (estimated), v3 35, v5 12, v7 8, v8 15; v4 and v6 have none -> 6 costed of 8.
    costed = next(m for m in at.metric if m.label == "Visits costed")
    assert costed.value == "6 / 8"
    dkm = next(m for m in at.metric if m.label == "Delegate-km")
    # 2 x (20x675 + 14.5x1800 + 35x180 + 12x1800 + 8x675 + 15x75)
    # = 2 x (13,500 + 26,100 + 6,300 + 21,600 + 5,400 + 1,125) = 2 x 74,025 = 148,050
    assert dkm.value == "148,050"
    assert any("Not costed: 2 with an unknown delegation size and 0 with an unknown distance" in c.value
               for c in at.caption)


def test_changing_a_parameter_changes_the_estimate(atlas_env):
    at = click_tab(run_page(), "Travel and cost")
    before = next(m for m in at.metric if m.label == "Estimated cost").value
    at.number_input(key="ins_w_days_hi").set_value(10.0).run()
    after = next(m for m in at.metric if m.label == "Estimated cost").value
    assert not at.exception
    assert before != after
    # A low above its high is refused with a message, and the default is used.
    at.number_input(key="ins_w_days_lo").set_value(12.0).run()
    assert any("A low value is above its high value" in w.value for w in at.warning)


def test_place_profile(atlas_env):
    at = run_page({"tab": "place"})
    assert at.selectbox(key="ins_w_place").value == "Kota Surabaya"
    at.selectbox(key="ins_w_place").set_value("Kota Bandung").run()
    dfs = frames(at)
    visitors = next(df for df in dfs if list(df.columns) == ["Visitor", "Visits"])
    # Bandung hosted Banten (v3) and an unresolved visitor (v6, not named, not listed).
    assert visitors.to_dict("records") == [{"Visitor": "Provinsi Banten", "Visits": 1}]
    assert any(c.value == "And 1 visits from a visitor whose place is unknown." for c in at.caption)
    destinations = next(df for df in dfs if list(df.columns) == ["Host", "Visits"])
    assert destinations.to_dict("records") == [{"Host": "Kota Surabaya", "Visits": 2}]
    # Topics over time: years on a number line at least six years wide, not one category bar across the chart.
    (spec,) = plotly_specs(at)
    years = sorted({x for trace in spec["data"] for x in values(trace["x"])})
    lo, hi = spec["layout"]["xaxis"]["range"]
    assert all(float(y).is_integer() for y in years) and hi - lo >= 6 and lo < years[0] and years[-1] < hi


@pytest.mark.parametrize(("lang", "tab", "html_label"), [
    ("en", "Briefing", "Download the brief (HTML)"),
    ("id", "Ringkasan untuk pimpinan", "Unduh ringkasan (HTML)"),
])
def test_briefing_tab_offers_downloads_in_the_ui_language(atlas_env, lang, tab, html_label):
    at = run_page({"lang": lang, "tab": "brief"})
    assert not at.exception, at.exception
    assert tab in [t.label for t in at.tabs]
    labels = [b.proto.label for b in at.get("download_button")]
    assert html_label in labels
    assert len(labels) == 2  # HTML and PDF (WeasyPrint is pinned in requirements.txt)


def test_filters_narrow_every_number(atlas_env):
    at = run_page({"host": "Jawa Timur", "tab": "cost"})
    assert not at.exception
    assert next(m for m in at.metric if m.label == "Visits costed").value == "3 / 4"  # v1 v2 v7 of v1 v2 v4 v7


def test_empty_view_is_a_message_not_a_traceback(atlas_env):
    at = run_page({"q": "no such place anywhere"})
    assert not at.exception
    assert not at.tabs
    assert len(at.info) == 1  # the shared "nothing matches" message


def test_unknown_text_shows_as_a_dash(atlas_env):
    at = run_page({"tab": "cost"})
    per_visit = next(df for df in frames(at) if "Costed as" in df.columns).set_index("ID")
    # v6's visitor is unresolved (no name) and its size unknown.
    assert per_visit.loc["v6", "Visitor"] == "–"
    assert per_visit.loc["v6", "Costed as"] == "size unknown: not costed"
    assert per_visit.loc["v1", "Visitor"] == "Kota Bandung"


def test_the_per_visit_table_of_a_filtered_view_names_its_own_visits(atlas_env):
    at = run_page({"host": "Jawa Timur", "tab": "cost"})
    per_visit = next(df for df in frames(at) if "Costed as" in df.columns).set_index("ID")
    assert sorted(per_visit.index) == ["v1", "v2", "v4", "v7"]
    assert per_visit.loc["v1", ["Visitor", "Host"]].tolist() == ["Kota Bandung", "Kota Surabaya"]
    # v4's size is unknown: last (unknown delegate-km sorts last), not costed.
    assert per_visit.index[-1] == "v4"
    assert per_visit.loc["v4", "Costed as"] == "size unknown: not costed"


def test_long_pair_tables_send_only_their_first_rows_and_say_so(tmp_path, monkeypatch):
    """20,000 generated visits give ~2,200 repeat pairs: the browser gets the first 500, most visits first."""
    from scripts import gen_visits

    out = tmp_path / "processed"
    gen_visits.write_tables(gen_visits.build_tables(20_000, gen_visits.read_places(), seed=3), out)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(out))
    at = run_page()
    assert not at.exception, at.exception
    repeat = next(df for df in frames(at) if list(df.columns) == ["Visitor", "Host", "Visits"])
    assert len(repeat) == 500
    assert repeat["Visits"].is_monotonic_decreasing
    caps = [c.value for c in at.caption if c.value.startswith("Showing the first 500 of ")]
    assert len(caps) == 1, caps  # the repeat pairs only: fewer than 500 pairs go both ways


TABS = ("network", "hubs", "place", "cost", "brief")


def _markers(at: AppTest, lang: str) -> dict[str, bool]:
    """Which tab's content the run drew, each told by an element only that tab has."""
    tr = partial(t, lang=lang)
    return {
        "network": any(s.value == tr("ins.h_hosts") for s in at.subheader),
        "hubs": any(c.value == tr("ins.hubs_intro") for c in at.caption),
        "place": any(s.value == tr("ins.h_place_visitors") for s in at.subheader),
        "cost": any(m.label == tr("ins.m_costed") for m in at.metric),
        "brief": any(b.proto.label == tr("ins.brief_html") for b in at.get("download_button")),
    }


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("slug", TABS)
def test_each_tab_draws_only_its_content_when_opened(atlas_env, lang, slug):
    at = run_page({"lang": lang})
    assert [tab.label for tab in at.tabs] == TAB_LABELS[lang]
    assert _markers(at, lang) == {s: s == "network" for s in TABS}  # the first tab opens by default
    at = click_tab(at, TAB_LABELS[lang][TABS.index(slug)])
    assert not at.exception, at.exception
    assert _markers(at, lang) == {s: s == slug for s in TABS}
    # The open tab is in the link (the first tab is the default and stays out of it).
    assert at.query_params.get("tab") == (None if slug == "network" else slug)
    assert at.session_state["ins_tab"] == slug


@pytest.mark.parametrize(("query", "slug"), [
    ({"tab": "hubs"}, "hubs"), ({"tab": "brief", "lang": "id"}, "brief"),
    ({"tab": "nope"}, "network"), ({"tab": ""}, "network"), ({}, "network"),
])
def test_a_link_opens_the_tab_it_names(atlas_env, query, slug):
    at = run_page(query)
    assert not at.exception, at.exception
    assert _markers(at, query.get("lang", "en")) == {s: s == slug for s in TABS}
    assert at.query_params.get("tab") == (None if slug == "network" else slug)  # an unknown name is dropped
    notices = [w.value for w in at.warning if "is not known here" in w.value]
    assert notices == (["The link's tab value 'nope' is not known here and was ignored."] if query.get("tab") == "nope"
                       else [])
    at.run()  # said once: the name is gone from the link
    assert not [w for w in at.warning if "is not known here" in w.value]


def test_unopened_tabs_compute_nothing(atlas_env, monkeypatch):
    calls: list[str] = []

    def spy(module, name):
        real = getattr(module, name)

        def wrapped(*args, **kwargs):
            calls.append(name)
            return real(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapped)

    for module, name in [(insights, "measure_links"), (insights, "measure_topics"), (insights, "list_places"),
                         (insights, "profile_place"), (insights, "measure_network"), (cost, "summarize_trips"),
                         (briefing, "find_pdf_engine"), (briefing, "to_brief_html")]:
        spy(module, name)
    at = run_page()
    assert calls == ["measure_links"]
    at.slider(key="ins_w_top").set_value(20).run()  # a widget on the open tab: the measures come from the cache
    assert calls == ["measure_links"]
    click_tab(at, "Best-practice hubs")
    assert calls == ["measure_links", "measure_topics"]
    click_tab(at, "Travel and cost")
    assert calls == ["measure_links", "measure_topics", "summarize_trips"]
    click_tab(at, "Learning network")  # back to a tab already computed for this view
    assert calls == ["measure_links", "measure_topics", "summarize_trips"]
    click_tab(at, "Briefing")  # the brief itself is made only when a download button is pressed
    assert calls == ["measure_links", "measure_topics", "summarize_trips", "find_pdf_engine"]


def test_the_open_tab_outlives_a_language_switch(atlas_env):
    at = click_tab(run_page(), "Travel and cost")
    at.radio(key="atlas_w_lang").set_value("id").run()
    assert not at.exception, at.exception
    assert _markers(at, "id") == {s: s == "cost" for s in TABS}
    assert [tab.label for tab in at.tabs] == TAB_LABELS["id"]
    assert at.query_params.get("tab") == "cost"


def test_settings_outlive_the_runs_where_their_tab_is_closed(atlas_env):
    at = click_tab(run_page(), "Travel and cost")
    at.number_input(key="ins_w_days_hi").set_value(10.0).run()
    changed = next(m for m in at.metric if m.label == "Estimated cost").value
    at = click_tab(at, "Learning network")
    at.slider(key="ins_w_top").set_value(25).run()
    assert "ins_w_days_hi" not in at.session_state  # Streamlit dropped the closed tab's widget
    at = click_tab(at, "Travel and cost")
    assert at.number_input(key="ins_w_days_hi").value == 10.0
    assert next(m for m in at.metric if m.label == "Estimated cost").value == changed
    at = click_tab(at, "Learning network")
    assert at.slider(key="ins_w_top").value == 25
    # Resetting the parameters forgets the kept ones too.
    at = click_tab(at, "Travel and cost")
    at.button(key="ins_w_reset").click().run()
    assert at.number_input(key="ins_w_days_hi").value == 4.0
