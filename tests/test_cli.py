import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import etl.pipeline
from etl import __version__
from etl.cli import ExtractorNotFound, default_out, load_extractor, main
from etl.model import Article, ArticleResult

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "inputs"


def mini_extract(article: Article) -> ArticleResult:
    """Test extractor: no visits, a note saying how long the text was."""
    return ArticleResult(article, (), "no_visit", f"{len(article.text.split())} kata")


@pytest.fixture(autouse=True)
def default_extractor(monkeypatch):
    # The command line's default extractor is etl.extract; these tests check the command line around it.
    monkeypatch.setattr(etl.pipeline, "_default_extract", lambda: mini_extract)


def test_run_prints_a_summary_and_exits_0_despite_error_rows(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--input", str(FIXTURES), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:8] == [
        f"Wrote {out}",
        "  articles read:      10",
        "  visit articles:     0",
        "  visits:             0 (from 0 reports)",
        "  merged duplicates:  0",
        "  articles w/ errors: 1",
        f"  ignored files:      1 ({FIXTURES / 'catatan.md'})",
        "    error batch.jsonl#3: invalid JSON (Expecting value: line 1 column 89 (char 88))",
    ]
    assert printed[8].startswith("  time:")
    notes = [r["note"] for r in pq.read_table(out / "articles.parquet").to_pylist()]
    assert notes[0] == "20 kata"


def test_several_inputs_and_quiet(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["-i", str(FIXTURES / "kunjungan"), "-i", str(FIXTURES / "daftar.json"), "-o", str(out), "--quiet"])
    assert (code, capsys.readouterr()) == (0, ("", ""))
    ids = [r["article_id"] for r in pq.read_table(out / "articles.parquet").to_pylist()]
    assert ids == [
        "bima_malang_a.txt",
        "bima_malang_b.txt",
        "pontianak_kubu_raya.txt",
        "tanpa_kunjungan.txt",
        "daftar.json#1",
        "daftar-2",
    ]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--input", "{tmp}/tidak_ada", "--out", "{tmp}/out"], 2, "error: input not found: {tmp}/tidak_ada"),
        (["--input", "{fixtures}", "--out", "{tmp}/berkas/out"], 2, "error: cannot write to {tmp}/berkas"),
        (["--input", "{fixtures}", "--out", "{tmp}/berkas"], 2, "error: output path is not a folder: {tmp}/berkas"),
        (["--input", "{tmp}/kosong", "--out", "{tmp}/out"], 1, "error: no article found in the inputs"),
        (
            ["--input", "{fixtures}/catatan.md", "--out", "{tmp}/out"],
            1,
            "error: no article found in the inputs; 1 files ignored",
        ),
        (
            ["--input", "{fixtures}", "--extractor", "etl.tidak_ada:f"],
            2,
            "error: cannot load extractor 'etl.tidak_ada:f'",
        ),
        (["--input", "{fixtures}", "--max-mb", "0"], 2, "error: --max-mb must be positive"),
        (
            ["--input", "{fixtures}", "--log", "{tmp}/berkas/log.txt"],
            2,
            "error: cannot write the log file {tmp}/berkas/log.txt",
        ),
    ],
)
def test_unusable_arguments_and_nothing_to_read(tmp_path, capsys, args, code, message):
    (tmp_path / "berkas").write_text("bukan folder")
    (tmp_path / "kosong").mkdir()
    args = [a.format(tmp=tmp_path, fixtures=FIXTURES) for a in args]
    assert main(args) == code
    err = capsys.readouterr().err
    assert err.startswith(message.format(tmp=tmp_path, fixtures=FIXTURES)), err


@pytest.mark.parametrize("args", [[], ["--input", "x", "--workers", "0"], ["--input", "x", "--workers", "dua"]])
def test_argparse_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as e:
        main(args)
    assert e.value.code == 2


def test_default_out_is_env_or_data_processed(monkeypatch, tmp_path):
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    assert default_out() == Path("data/processed")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "atlas"))
    assert default_out() == tmp_path / "atlas"
    assert main(["--input", str(FIXTURES / "kunjungan"), "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "atlas").iterdir()) == [
        "articles.parquet",
        "manifest.json",
        "visit_sources.parquet",
        "visit_topics.parquet",
        "visits.parquet",
    ]


def test_log_file_lists_errors_and_ignored_files(tmp_path):
    log = tmp_path / "etl.log"
    assert main(["--input", str(FIXTURES), "--out", str(tmp_path / "out"), "-q", "--log", str(log)]) == 0
    lines = [line.split(" ", 3)[3] for line in log.read_text().splitlines()]
    assert lines[:2] == [
        "error batch.jsonl#3: invalid JSON (Expecting value: line 1 column 89 (char 88))",
        f"ignored {FIXTURES / 'catatan.md'}: unknown extension '.md'",
    ]
    assert lines[2].startswith("10 articles read: 0 with visits, 1 with errors")


def test_extractor_option_loads_a_function(tmp_path):
    assert load_extractor("test_cli:mini_extract") is mini_extract
    with pytest.raises(ExtractorNotFound):
        load_extractor("test_cli")
    with pytest.raises(ExtractorNotFound):
        load_extractor("test_cli:FIXTURES")


def test_python_dash_m_etl_runs_as_a_process(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    version = subprocess.run(
        [sys.executable, "-m", "etl", "--version"], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert (version.returncode, version.stdout.strip()) == (0, f"python -m etl {__version__}")
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "etl",
        "--input",
        str(FIXTURES),
        "--out",
        str(out),
        "--extractor",
        "test_cli:mini_extract",
    ]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # not a terminal: no progress bar
    assert run.stdout.splitlines()[1] == "  articles read:      10"
    missing = subprocess.run([*cmd[:4], str(tmp_path / "tidak_ada")], cwd=ROOT, capture_output=True, text=True, env=env)
    assert (missing.returncode, missing.stderr) == (2, f"error: input not found: {tmp_path / 'tidak_ada'}\n")
