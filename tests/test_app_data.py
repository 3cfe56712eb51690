"""The Data page under AppTest: read-only by default, unlock with the passphrase, add a pasted article, edit, undo."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl import corrections as c
from etl import schema
from tests.test_corrections import BOGOR, BOGOR_AGAIN, MINAHASA

PAGE = Path(__file__).resolve().parent.parent / "pages" / "6_Data.py"
PASSPHRASE = "kunci-rahasia"
TIMEOUT = 60


@pytest.fixture
def etl_dir(tmp_path, monkeypatch) -> Path:
    """A data folder built by the real ETL from two articles, with ATLAS_DATA_DIR and a passphrase set."""
    from etl.pipeline import run_etl

    arts, out = tmp_path / "articles", tmp_path / "processed"
    arts.mkdir()
    (arts / "bogor.txt").write_text(BOGOR, encoding="utf-8")
    (arts / "minahasa.txt").write_text(MINAHASA, encoding="utf-8")
    run_etl([arts], out)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(out))
    monkeypatch.setenv("ATLAS_EDITOR_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("ATLAS_UPLOADS_DIR", raising=False)
    monkeypatch.delenv("ATLAS_CORRECTIONS_DB", raising=False)
    return out


def visits_of(data_dir: Path) -> pd.DataFrame:
    raw = schema.to_arrow("visits", pd.read_parquet(data_dir / "visits.parquet")).to_pandas()
    return c.apply_corrections(raw, data_dir)


def unlocked(at: AppTest) -> AppTest:
    name = next(w for w in at.text_input if w.label == "Your name")
    secret = next(w for w in at.text_input if w.label == "Editor passphrase")
    name.input("Rina")
    secret.input(PASSPHRASE)
    next(b for b in at.button if b.label == "Start editing").click()
    return at.run(timeout=TIMEOUT)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_reading_needs_no_account_and_shows_no_edit_form(etl_dir):
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [b.label for b in at.button if b.label in ("Save correction", "Add and re-run the ETL", "Undo")] == []
    assert "visit_id" in at.dataframe[0].value.columns  # the review queue is readable
    assert sorted(at.dataframe[0].value["visit_id"]) == sorted(visits_of(etl_dir)["visit_id"])


def test_wrong_passphrase_keeps_the_page_read_only(etl_dir):
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run()
    next(w for w in at.text_input if w.label == "Your name").input("Budi")
    next(w for w in at.text_input if w.label == "Editor passphrase").input("salah")
    button(at, "Start editing").click()
    at.run()
    assert "That passphrase is not right." in [e.value for e in at.error]
    assert [b.label for b in at.button if b.label == "Save correction"] == []


def test_paste_an_article_reruns_the_etl_and_reports_the_merge(etl_dir):
    at = unlocked(AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run())
    before = visits_of(etl_dir)
    [bogor_id] = before.loc[before.origin_name == "Kota Bogor", "visit_id"]
    next(w for w in at.text_input if w.label == "Title").input("Surabaya Jadi Rujukan DPRD Bogor")
    next(w for w in at.text_input if w.label == "Link (optional)").input("https://berita.example.id/bogor-surabaya")
    at.text_area[0].input(BOGOR_AGAIN)
    button(at, "Add and re-run the ETL").click()
    at.run(timeout=TIMEOUT)
    assert not at.exception
    assert not at.error
    # the article is kept beside the output, and the ETL ran over it
    [kept] = list((etl_dir.parent / "uploads").glob("*.jsonl"))
    assert b"berita.example.id" in kept.read_bytes()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Articles read": "1", "New visits": "0", "Visits that gained a source": "1", "Files that failed": "0"}
    after = visits_of(etl_dir)
    assert after.set_index("visit_id").loc[bogor_id, "n_sources"] == 2


def test_paste_of_a_non_http_link_is_refused(etl_dir):
    at = unlocked(AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run())
    next(w for w in at.text_input if w.label == "Link (optional)").input("javascript:alert(1)")
    at.text_area[0].input(BOGOR_AGAIN)
    button(at, "Add and re-run the ETL").click()
    at.run(timeout=TIMEOUT)
    assert not (etl_dir.parent / "uploads").exists()
    refused = at.dataframe[-1].value
    assert refused.iloc[0].tolist() == ["Or paste an article", "refused: the link must start with http:// or https://"]


def test_edit_then_undo(etl_dir):
    at = unlocked(AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run())
    visits = visits_of(etl_dir)
    vid = at.selectbox(key="dp_selected").value
    original = visits.set_index("visit_id").loc[vid]
    next(w for w in at.text_input if w.label == "Led by").input("Ketua Komisi III")
    next(w for w in at.text_input if w.label == "Why (kept in the history)").input("the article names the leader")
    button(at, "Save correction").click()
    at.run(timeout=TIMEOUT)
    assert not at.exception
    assert [s.value for s in at.success] == ["Saved."]
    edited = visits_of(etl_dir).set_index("visit_id").loc[vid]
    assert edited["lead"] == "Ketua Komisi III"
    [entry] = c.load_audit(etl_dir)
    assert (entry.action, entry.who, entry.visit_id, entry.note, entry.detail["lead"]) == (
        "edit", "Rina (passphrase)", vid, "the article names the leader", [original["lead"] if pd.notna(original["lead"]) else None, "Ketua Komisi III"]
    )
    history = at.dataframe[-1].value
    assert history.iloc[0][["Who", "Action", "Visit"]].tolist() == ["Rina (passphrase)", "edit", vid]

    undo_pick = next(s for s in at.selectbox if s.label == "Change to undo")
    assert undo_pick.value == entry.change_id
    button(at, "Undo").click()
    at.run(timeout=TIMEOUT)
    assert [s.value for s in at.success] == ["Change undone."]
    restored = visits_of(etl_dir).set_index("visit_id").loc[vid]
    assert restored.equals(original)
    assert [e.action for e in c.load_audit(etl_dir)] == ["undo", "edit"]


def test_a_stale_edit_shows_the_other_persons_change(etl_dir):
    at = unlocked(AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run())
    vid = at.selectbox(key="dp_selected").value
    # someone else saves this visit after this page showed it
    base = {k: c._plain(v) for k, v in visits_of(etl_dir).set_index("visit_id").loc[vid].to_dict().items()} | {"visit_id": vid}
    with c.open_db(etl_dir) as conn:
        c.save_edit(conn, base, {"delegation_text": "dua puluh orang"}, 0, "budi@example.id")
    next(w for w in at.text_input if w.label == "Led by").input("Ketua Komisi III")
    button(at, "Save correction").click()
    at.run(timeout=TIMEOUT)
    assert any("budi@example\\.id" in e.value for e in at.error)
    now = visits_of(etl_dir).set_index("visit_id").loc[vid]
    assert (now["delegation_text"], c._plain(now["lead"])) == ("dua puluh orang", base["lead"])
    # continuing from their version, the edit goes through on top of theirs
    button(at, "Continue from their version").click()
    at.run(timeout=TIMEOUT)
    next(w for w in at.text_input if w.label == "Led by").input("Ketua Komisi III")
    button(at, "Save correction").click()
    at.run(timeout=TIMEOUT)
    now = visits_of(etl_dir).set_index("visit_id").loc[vid]
    assert (now["delegation_text"], now["lead"]) == ("dua puluh orang", "Ketua Komisi III")


def test_uploaded_zips_hostile_refused_allowed_read(etl_dir):
    from tests.test_uploads import PNG, make_zip

    at = unlocked(AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run())
    hostile = make_zip([("../../etc/cron.d/evil.txt", BOGOR_AGAIN.encode())])
    mixed = make_zip([("berita/bogor_lagi.txt", BOGOR_AGAIN.encode()), ("foto.txt", PNG)])
    at.file_uploader[0].set_value([("jahat.zip", hostile, "application/zip"), ("kiriman.zip", mixed, "application/zip")])
    button(at, "Add and re-run the ETL").click()
    at.run(timeout=TIMEOUT)
    assert not at.exception
    refused = at.dataframe[-1].value
    assert refused.values.tolist() == [
        ["jahat.zip", "unsafe path in the archive: member '../../etc/cron.d/evil.txt' points outside the archive"],
        ["kiriman.zip/foto.txt", "not a text file: is not text (binary content in a .txt file)"],
    ]
    assert [p.name.split("_", 1)[1] for p in (etl_dir.parent / "uploads").glob("*.txt")] == ["bogor_lagi.txt"]
    assert {m.label: m.value for m in at.metric}["Visits that gained a source"] == "1"


def test_merge_two_visits_from_the_page(etl_dir):
    from etl.pipeline import run_etl

    # a second visit from Bogor to Surabaya a week later, which a reviewer knows is the same trip
    arts = etl_dir.parent / "articles"
    (arts / "bogor_minggu_depan.txt").write_text(BOGOR_AGAIN.replace("5/3/2024", "12/3/2024"), encoding="utf-8")
    run_etl([arts], etl_dir)
    visits = visits_of(etl_dir)
    first, second = visits.loc[visits.origin_name == "Kota Bogor"].sort_values("date")["visit_id"]
    at = unlocked(AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run())
    at.selectbox(key="dp_selected").set_value(first)
    at.run(timeout=TIMEOUT)
    assert next(s for s in at.selectbox if s.label == "Visit to fold into this one").value == second
    button(at, "Merge").click()
    at.run(timeout=TIMEOUT)
    assert [s.value for s in at.success] == ["Saved."]
    merged = visits_of(etl_dir)
    assert second not in set(merged.visit_id)
    assert merged.set_index("visit_id").loc[first, "n_sources"] == 2


def test_reject_then_restore_from_the_page(etl_dir):
    at = unlocked(AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run())
    vid = at.selectbox(key="dp_selected").value
    button(at, "Reject: not a visit").click()
    at.run(timeout=TIMEOUT)
    assert vid not in set(visits_of(etl_dir).visit_id)
    assert vid not in at.selectbox(key="dp_selected").options
    restore = next(s for s in at.selectbox if s.label == "Visit" and s.value == vid)
    assert restore.options[0].endswith(f" · {vid}") and " → " in restore.options[0]
    button(at, "Restore").click()
    at.run(timeout=TIMEOUT)
    assert vid in set(visits_of(etl_dir).visit_id)
    assert [e.action for e in c.load_audit(etl_dir)] == ["restore", "reject"]


def test_an_orphaned_correction_is_shown_for_attention(etl_dir):
    with c.open_db(etl_dir) as conn:
        c.save_edit(conn, {"visit_id": "0123456789abcdef"}, {"lead": "Bupati"}, 0, "rina")
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run()
    assert [w.value for w in at.warning] == [
        "1 correction(s) need attention: their visit is no longer in the ETL output. They are kept, not applied."
    ]
    orphans = at.dataframe[0].value
    assert orphans.iloc[0, :2].tolist() == ["0123456789abcdef", "the visit is no longer produced by the ETL"]


def test_hostile_article_text_is_never_rendered_as_markdown(atlas_env, monkeypatch):
    """conftest's visit v6 comes from an article whose title and evidence hold HTML, Markdown links and formulas."""
    from tests.conftest import HOSTILE_EVIDENCE, HOSTILE_TITLE

    monkeypatch.setenv("ATLAS_EDITOR_PASSPHRASE", PASSPHRASE)
    visits = schema.to_arrow("visits", pd.read_parquet(atlas_env / "visits.parquet")).to_pandas()
    visits.loc[visits.visit_id == "v6", "origin_mention"] = "[Kota Antah](http://evil.example/) <img src=x>"
    from tests.conftest import write_tables

    write_tables(atlas_env, visits)
    at = unlocked(AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run())
    at.selectbox(key="dp_selected").set_value("v6")
    at.run(timeout=TIMEOUT)
    assert not at.exception
    markdown_like = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "header",
                                          "subheader", "title") for e in getattr(at, kind)]
    unescaped = re.compile(r"(?<!\\)<|(?<!\\)\]\(")  # a bare "<" or "](" could open HTML or a link
    assert any("Kota Antah" in text for text in markdown_like)  # the heading does carry the mention, escaped
    for text in markdown_like:
        assert not unescaped.search(text), text
    shown = pd.concat([d.value.astype(str) for d in at.dataframe], ignore_index=True).to_string()
    assert HOSTILE_TITLE[:20] in shown  # still shown, as plain text in a table
    assert HOSTILE_EVIDENCE[:20] in shown


def test_failed_article_files_are_listed_without_loading_every_article(atlas_env):
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [e.label for e in at.expander if "could not be read" in e.label] == ["1 article file(s) could not be read"]
    failed = next(d.value for d in at.dataframe if "Reason" in d.value.columns or "Alasan" in d.value.columns)
    assert failed.to_numpy().tolist() == [["a10.json", "UnicodeDecodeError: bad bytes"]]
