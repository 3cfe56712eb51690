"""Uploads: good files are kept byte for byte, hostile ones are refused with a reason, nothing touches disk early."""

from __future__ import annotations

import io
import json
import stat
import struct
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from etl.uploads import (
    MissingInputError,
    Refusal,
    RunBusyError,
    RunReport,
    UploadedFile,
    UploadLimits,
    build_etl_inputs,
    build_pasted_article,
    build_run_report,
    open_run_lock,
    parse_upload,
    parse_uploads,
    resolve_uploads_dir,
    save_uploads,
)

TXT = b"Wali Kota Bogor bersama jajaran melakukan studi banding ke Kota Surabaya, Jawa Timur, Kamis (12/10/2023).\n"
HTML = b"<html><head><title>Kunker DPRD</title></head><body><p>DPRD Kabupaten Minahasa berkunjung ke Kota Manado.</p></body></html>"
JSONL = (json.dumps({"title": "Studi tiru", "text": "Pemkab Banyuwangi menerima studi tiru dari Pemkot Ternate."}) + "\n").encode()


def make_zip(members: list[tuple[str | zipfile.ZipInfo, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def patch_sizes(data: bytes, member: str, file_size: int) -> bytes:
    """Rewrite the uncompressed size a member declares, in its local header and the central directory."""
    raw = bytearray(data)
    fname = member.encode()
    # local file header: signature PK\x03\x04, uncompressed size at offset 22, name length at 26
    pos = raw.find(b"PK\x03\x04")
    while pos != -1:
        nlen = struct.unpack_from("<H", raw, pos + 26)[0]
        if bytes(raw[pos + 30 : pos + 30 + nlen]) == fname:
            struct.pack_into("<I", raw, pos + 22, file_size)
        pos = raw.find(b"PK\x03\x04", pos + 4)
    # central directory header: signature PK\x01\x02, uncompressed size at 24, name length at 28
    pos = raw.find(b"PK\x01\x02")
    while pos != -1:
        nlen = struct.unpack_from("<H", raw, pos + 28)[0]
        if bytes(raw[pos + 46 : pos + 46 + nlen]) == fname:
            struct.pack_into("<I", raw, pos + 24, file_size)
        pos = raw.find(b"PK\x01\x02", pos + 4)
    return bytes(raw)


def symlink_zip() -> bytes:
    info = zipfile.ZipInfo("link.txt")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return make_zip([(info, b"/etc/passwd"), ("ok.txt", TXT)])


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
RANDOM_BINARY = bytes((i * 37 + 11) % 256 for i in range(4096))  # no magic number, many control bytes


@pytest.mark.parametrize(
    ("name", "data", "accepted", "refused"),
    [
        ("berita.txt", TXT, [UploadedFile("berita.txt", TXT)], []),
        ("Berita Kunker (1).HTML", HTML, [UploadedFile("Berita_Kunker_1.html", HTML)], []),
        ("batch.jsonl", JSONL, [UploadedFile("batch.jsonl", JSONL)], []),
        ("../../etc/cron.d/x.txt", TXT, [UploadedFile("x.txt", TXT)], []),
        (
            "foto.txt",
            PNG,
            [],
            [Refusal("foto.txt", "binary_content", "is not text (binary content in a .txt file)")],
        ),
        (
            "data.txt",
            RANDOM_BINARY,
            [],
            [Refusal("data.txt", "binary_content", "is not text (binary content in a .txt file)")],
        ),
        (
            "laporan.pdf",
            b"%PDF-1.4",
            [],
            [Refusal("laporan.pdf", "file_type", "type .pdf is not accepted; accepted: .txt, .html, .htm, .json, .jsonl, .zip")],
        ),
        ("kosong.txt", b"  \n", [], [Refusal("kosong.txt", "file_type", "is empty")]),
        (
            "arsip.txt",
            make_zip([("a.txt", TXT)]),
            [],
            [Refusal("arsip.txt", "nested_archive", "is a zip archive renamed .txt")],
        ),
        ("lama.txt", "Pemkot Tangerang menerima kunjungan – studi banding".encode("cp1252"), None, []),
    ],
    ids=["txt", "html-renamed", "jsonl", "path-in-name", "png-as-txt", "binary-as-txt", "pdf", "empty", "zip-as-txt", "cp1252"],
)
def test_single_files(name, data, accepted, refused):
    result = parse_upload(name, data)
    if accepted is None:  # decoded as Windows-1252: kept as it came
        accepted = [UploadedFile(name, data)]
    assert result.accepted == accepted
    assert result.refused == refused


def test_allowed_mix_in_a_zip_is_kept_whole_and_the_stranger_refused():
    data = make_zip(
        [
            ("berita/a.txt", TXT),
            ("berita/b.html", HTML),
            ("c.jsonl", JSONL),
            ("lain/a.txt", TXT + b"beda"),  # same base name, other folder: kept under a distinct name
            ("gambar.png", PNG),
            ("dalam.zip", make_zip([("x.txt", TXT)])),
            ("folder/", b""),
        ]
    )
    result = parse_upload("kiriman.zip", data)
    second = UploadedFile("a.txt", TXT + b"beda")
    assert result.accepted == [
        UploadedFile("a.txt", TXT),
        UploadedFile("b.html", HTML),
        UploadedFile("c.jsonl", JSONL),
        UploadedFile(f"{second.sha256[:8]}_a.txt", TXT + b"beda"),
    ]
    assert result.refused == [
        Refusal(
            "kiriman.zip/gambar.png",
            "file_type",
            "type .png is not accepted; accepted: .txt, .html, .htm, .json, .jsonl, .zip",
        ),
        Refusal("kiriman.zip/dalam.zip", "nested_archive", "archives inside archives are not accepted"),
    ]


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (
            make_zip([("../../evil.txt", TXT), ("ok.txt", TXT)]),
            Refusal("z.zip", "unsafe_path", "member '../../evil.txt' points outside the archive"),
        ),
        (
            make_zip([("/etc/evil.txt", TXT)]),
            Refusal("z.zip", "unsafe_path", "member '/etc/evil.txt' points outside the archive"),
        ),
        (
            make_zip([("C:/Windows/evil.txt", TXT)]),
            Refusal("z.zip", "unsafe_path", "member 'C:/Windows/evil.txt' points outside the archive"),
        ),
        (symlink_zip(), Refusal("z.zip", "unsafe_path", "member 'link.txt' is a symbolic link")),
        (
            patch_sizes(make_zip([("besar.txt", TXT)]), "besar.txt", 1024**3),
            Refusal("z.zip", "too_large", "expands to 1024.0 MB, the limit is 100.0 MB"),
        ),
        (
            make_zip([("bom.txt", b" " * (4 * 1024 * 1024))]),
            Refusal("z.zip", "compression_ratio", "compressed 1028 to 1, more than 100 to 1 allowed"),
        ),
        (
            make_zip([(f"{i}.txt", TXT) for i in range(12)]),
            Refusal("z.zip", "too_many_members", "12 files inside, the limit is 10"),
        ),
        (b"PK\x03\x04 not really a zip", None),
    ],
    ids=["dotdot", "absolute", "drive-letter", "symlink", "declares-1GB", "ratio-bomb", "too-many", "broken"],
)
def test_hostile_archives_are_refused_whole(data, refusal):
    limits = UploadLimits(max_members=10)
    result = parse_upload("z.zip", data, limits)
    assert result.accepted == []
    if refusal is None:
        assert [(r.name, r.code) for r in result.refused] == [("z.zip", "bad_archive")]
    else:
        assert result.refused == [refusal]


def test_one_member_declaring_more_than_the_member_cap_is_refused_from_the_directory():
    data = patch_sizes(make_zip([("besar.txt", TXT)]), "besar.txt", 1024**3)
    limits = UploadLimits(max_total_bytes=2 * 1024**3, max_ratio=1e12)
    assert parse_upload("z.zip", data, limits).refused == [
        Refusal("z.zip", "too_large", "member 'besar.txt' declares 1024.0 MB, the limit is 5.0 MB")
    ]


def test_a_member_that_lies_about_its_size_is_stopped_while_reading():
    body = b"Rombongan studi banding tiba di Balai Kota. " * 2000  # ~88 KB of text
    data = patch_sizes(make_zip([("bohong.txt", body)]), "bohong.txt", 1000)
    result = parse_upload("z.zip", data)
    assert result.accepted == []
    assert [(r.name, r.code) for r in result.refused] == [("z.zip/bohong.txt", "size_mismatch")]


def test_a_stored_member_that_lies_is_stopped_too():
    body = b"Kunjungan kerja DPRD. " * 500
    data = patch_sizes(make_zip([("bohong.txt", body)], compression=zipfile.ZIP_STORED), "bohong.txt", 100)
    assert [(r.name, r.code) for r in parse_upload("z.zip", data).refused] == [("z.zip/bohong.txt", "size_mismatch")]


@pytest.mark.parametrize(
    ("limits", "data", "code"),
    [
        (UploadLimits(max_file_bytes=10), TXT, "too_large"),
        (UploadLimits(max_member_bytes=10), TXT, "too_large"),
    ],
)
def test_size_caps_for_plain_files(limits, data, code):
    assert [r.code for r in parse_upload("a.txt", data, limits).refused] == [code]


def test_parse_uploads_keeps_order_and_reasons():
    result = parse_uploads([("a.txt", TXT), ("b.exe", b"MZ\x90\x00"), ("c.html", HTML)])
    assert [f.name for f in result.accepted] == ["a.txt", "c.html"]
    assert [(r.name, r.code) for r in result.refused] == [("b.exe", "file_type")]


def test_pasted_article_becomes_one_json_line():
    f = build_pasted_article(
        "  Pemprov Banten studi banding ke Surabaya.  ",
        title="Diklat PIM: kunjungan",
        url="https://contoh.id/berita/1",
        published=date(2015, 9, 15),
        outlet="Contoh News",
    )
    assert f.name == "pasted_Diklat_PIM_kunjungan.jsonl"
    assert json.loads(f.data.decode()) == {
        "text": "Pemprov Banten studi banding ke Surabaya.",
        "title": "Diklat PIM: kunjungan",
        "url": "https://contoh.id/berita/1",
        "outlet": "Contoh News",
        "published": "2015-09-15",
    }
    assert f.data.endswith(b"\n") and f.data.count(b"\n") == 1


def test_pasting_nothing_is_refused():
    with pytest.raises(ValueError, match="empty"):
        build_pasted_article("   ")


def test_save_keeps_everything_and_never_overwrites(tmp_path):
    a, b = UploadedFile("a.txt", TXT), UploadedFile("a.txt", TXT + b"x")
    first = save_uploads([a, b], tmp_path / "uploads")
    again = save_uploads([a], tmp_path / "uploads")
    assert [p.name for p in first] == [f"{a.sha256[:12]}_a.txt", f"{b.sha256[:12]}_a.txt"]
    assert again == first[:1]
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == sorted(p.name for p in first)
    assert [p.read_bytes() for p in first] == [TXT, TXT + b"x"]


# ------------------------------------------------------------------ re-running the ETL with the uploads


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        ({}, ["sample", "uploads"]),
        ({"inputs": ["{tmp}/mine"]}, ["mine", "uploads"]),
        ({"inputs": ["{tmp}/mine", "{tmp}/uploads"]}, ["mine", "uploads"]),
        ({"inputs": ["mine"]}, ["mine", "uploads"]),  # relative to the root when not found as given
    ],
    ids=["no-manifest", "last-run-inputs", "uploads-listed-once", "relative-to-root"],
)
def test_build_etl_inputs(tmp_path, manifest, expected):
    (tmp_path / "mine").mkdir()
    (tmp_path / "sample").mkdir()
    manifest = {"inputs": [p.format(tmp=tmp_path) for p in manifest["inputs"]]} if manifest else {}
    got = build_etl_inputs(manifest, [tmp_path / "sample"], tmp_path / "uploads", root=tmp_path)
    assert [p.name for p in got] == expected
    assert all(p.is_absolute() for p in got)


def test_a_vanished_input_stops_the_rerun(tmp_path):
    with pytest.raises(MissingInputError, match="gone"):
        build_etl_inputs({"inputs": [str(tmp_path / "gone")]}, [], tmp_path / "uploads", root=tmp_path)


def test_only_one_rerun_at_a_time(tmp_path):
    lock = tmp_path / "uploads" / ".etl.lock"
    with open_run_lock(lock):
        with pytest.raises(RunBusyError), open_run_lock(lock):
            pass
    with open_run_lock(lock):  # released afterwards
        pass


def test_run_report_names_new_merged_and_failed():
    before = pd.DataFrame({"visit_id": ["aa", "bb"], "n_sources": [1, 1]})
    after = pd.DataFrame({"visit_id": ["aa", "bb", "cc"], "n_sources": [2, 1, 1]})
    articles = pd.DataFrame(
        {
            "source_path": ["/up/1_a.txt", "/up/2_b.jsonl", "/up/2_b.jsonl", "/sample/x.txt", "/up/3_c.txt"],
            "status": ["visit", "visit", "error", "error", "no_visit"],
            "error": [None, None, "invalid JSON (line 2)", "old failure", None],
            "note": [None, None, None, None, "no visit cue"],
        }
    )
    report = build_run_report(before, after, articles, [Path("/up/1_a.txt"), Path("/up/2_b.jsonl"), Path("/up/3_c.txt")])
    assert report == RunReport(
        read=4,
        new_visits=["cc"],
        merged_visits=[("aa", 1, 2)],
        failed=[("/up/2_b.jsonl", "invalid JSON (line 2)")],
        no_visit=[("/up/3_c.txt", "no visit cue")],
    )
    assert build_run_report(None, after, articles.iloc[:0], []).new_visits == ["aa", "bb", "cc"]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "/srv/atlas/uploads"),
        ({"ATLAS_UPLOADS_DIR": " /data/kiriman "}, "/data/kiriman"),
        ({"ATLAS_UPLOADS_DIR": ""}, "/srv/atlas/uploads"),
    ],
)
def test_resolve_uploads_dir(env, expected):
    assert resolve_uploads_dir(Path("/srv/atlas/processed"), env) == Path(expected)
