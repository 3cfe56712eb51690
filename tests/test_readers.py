import json
import socket
from datetime import date
from pathlib import Path

import pytest

from etl.model import Article, ReadError
from etl.readers import (
    DecodeError,
    Ignored,
    Loaded,
    count_articles,
    decode_bytes,
    format_size,
    parse_date,
    parse_html_article,
    parse_json_line,
    parse_title,
    read_file,
    read_inputs,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inputs"
BODY = "Rombongan Pemerintah Kota Bima melakukan studi banding ke Kota Malang.\n"


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"Kunjungan ke Kota Batu", ("Kunjungan ke Kota Batu", None)),
        ("\ufeffKunjungan kerja".encode(), ("Kunjungan kerja", None)),
        ("Café Kota Malang".encode("cp1252"), ("Café Kota Malang", "not valid UTF-8; decoded as cp1252")),
        (b"Kota \x81Malang", ("Kota \x81Malang", "not valid UTF-8; decoded as latin-1")),
        ("Studi tiru".encode("utf-16"), ("Studi tiru", "decoded as UTF-16")),
    ],
)
def test_decode_bytes(data, expected):
    assert decode_bytes(data) == expected


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"PK\x03\x04\x00\x00binary", "binary file (contains NUL bytes)"),
        (bytes(range(1, 32)) * 20 + b"\xff\xfe\xfa", "binary file (not decodable as text)"),
    ],
)
def test_decode_bytes_refuses_binary(data, reason):
    with pytest.raises(DecodeError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        decode_bytes(data)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bupati Studi Banding ke Kota Batu\n\nIsi berita.", "Bupati Studi Banding ke Kota Batu"),
        ("\n\nJudul yang\nterbelah dua\n\nIsi.", "Judul yang terbelah dua"),
        ("x" * 400 + "\n\nIsi.", None),
    ],
)
def test_parse_title(text, expected):
    assert parse_title(text) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-02-02", date(2024, 2, 2)),
        ("2024-02-02T09:00:00+07:00", date(2024, 2, 2)),
        ("2 Februari 2024", None),
        (20240202, None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "n, expected", [(54_945_587, "52.4 MB"), (5 * 1024 * 1024, "5 MB"), (1024 * 1024 + 1, "1.0 MB"), (2_500, "2.4 KB")]
)
def test_format_size(n, expected):
    assert format_size(n) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            b'{"id": "b-1", "text": "Isi.", "url": "https://warta.example/1", "outlet": "Warta", '
            b'"title": "Judul", "published": "2023-05-10", "penulis": "diabaikan"}',
            Loaded(Article("b-1", "Isi.", "Judul", "https://warta.example/1", "Warta", date(2023, 5, 10), "f.jsonl")),
        ),
        (b'{"text": "Isi.", "id": 17}', Loaded(Article("17", "Isi.", source_path="f.jsonl"))),
        (
            b'{"text": "Isi.", "published": "kemarin"}',
            Loaded(Article("f.jsonl#3", "Isi.", source_path="f.jsonl"), "publication date not understood: 'kemarin'"),
        ),
        (
            b'{"text": "Isi.", ',
            ReadError(
                "f.jsonl#3",
                "f.jsonl",
                "invalid JSON (Expecting property name enclosed in double quotes: line 1 column 17 (char 16))",
            ),
        ),
        (b'{"id": "c", "judul": "x"}', ReadError("c", "f.jsonl", "JSON object has no 'text'")),
        (b'{"text": ["a"]}', ReadError("f.jsonl#3", "f.jsonl", "JSON 'text' is a list, not a string")),
        (b'{"text": "  "}', ReadError("f.jsonl#3", "f.jsonl", "empty text")),
        (b'["Isi."]', ReadError("f.jsonl#3", "f.jsonl", "JSON value is a list, not an object")),
        (b"[" * 100_000, ReadError("f.jsonl#3", "f.jsonl", "invalid JSON (nested too deeply)")),
    ],
)
def test_parse_json_line(line, expected):
    assert parse_json_line(line, "f.jsonl#3", "f.jsonl") == expected


def _items(path: Path, root: Path | None = None, **kw) -> list:
    return list(read_file(path, root or path.parent, **kw))


def test_fixture_folder_reads_every_file_in_name_order():
    items = list(read_inputs([FIXTURES]))
    ids = [i.article.article_id if isinstance(i, Loaded) else getattr(i, "article_id", None) for i in items]
    assert ids == [
        "batch.jsonl#1",
        "batch-2",
        "batch.jsonl#3",
        None,  # catatan.md is ignored
        "daftar.json#1",
        "daftar-2",
        "html/berita.html",
        "kunjungan/bima_malang_a.txt",
        "kunjungan/bima_malang_b.txt",
        "kunjungan/pontianak_kubu_raya.txt",
        "kunjungan/tanpa_kunjungan.txt",
    ]
    assert items[3] == Ignored(str(FIXTURES / "catatan.md"), "unknown extension '.md'")
    assert count_articles([FIXTURES]) == 9  # an estimate: a .json list counts as one


def test_text_file_keeps_whole_text_and_takes_title():
    [item] = _items(FIXTURES / "kunjungan" / "bima_malang_a.txt", FIXTURES)
    text = (FIXTURES / "kunjungan" / "bima_malang_a.txt").read_text("utf-8")
    assert item == Loaded(
        Article(
            "kunjungan/bima_malang_a.txt",
            text,
            title="DPRD Kota Bima Belajar Pengelolaan Sampah ke Kota Malang",
            source_path=str(FIXTURES / "kunjungan" / "bima_malang_a.txt"),
        )
    )


def test_html_page_gives_text_and_metadata():
    [item] = _items(FIXTURES / "html" / "berita.html", FIXTURES)
    a = item.article
    assert (a.article_id, a.title, a.url, a.outlet, a.published) == (
        "html/berita.html",
        "Pemkab Sleman Tiru Mal Pelayanan Publik Kota Denpasar",
        "https://kabar-daerah.example/2023/06/sleman-denpasar",
        "Kabar Daerah",
        date(2023, 6, 14),
    )
    assert a.text.startswith("Pemkab Sleman Tiru Mal Pelayanan Publik Kota Denpasar\n")
    assert "mal pelayanan publik & perizinan" in a.text  # entity decoded
    assert "document.cookie" not in a.text and "Berlangganan" not in a.text  # script and furniture gone
    assert item.note is None


def test_html_parsing_never_opens_a_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    html = (
        '<html><head><link rel="canonical" href="http://10.255.255.1/berita"><script src="http://10.255.255.1/x.js">'
        "</script></head><body><article><p>Rombongan Kabupaten Gowa belajar ke Kota Makassar.</p>"
        '<img src="http://10.255.255.1/foto.jpg"><iframe src="http://10.255.255.1/"></iframe></article></body></html>'
    )
    a = parse_html_article(html, "x.html", None)
    assert a.text == "Rombongan Kabupaten Gowa belajar ke Kota Makassar."
    assert a.url == "http://10.255.255.1/berita"


@pytest.mark.parametrize(
    "name, make, expected",
    [
        ("kosong.txt", lambda p: p.write_bytes(b""), "empty file"),
        ("spasi.txt", lambda p: p.write_bytes(b" \n\n\t "), "empty file"),
        (
            "gambar.txt",
            lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            "binary file (contains NUL bytes)",
        ),
        ("raksasa.txt", lambda p: p.open("wb").truncate(54_945_587), "file too large (52.4 MB > 5 MB)"),
        ("kosong.html", lambda p: p.write_text("<html><body></body></html>"), "no article text found in HTML"),
        (
            "skrip.html",
            lambda p: p.write_text("<html><script>" + "alert(1);" * 50 + "</script></html>"),
            "no article text found in HTML",
        ),
        (
            "rusak.json",
            lambda p: p.write_text('{"text": "Isi'),
            "invalid JSON (Unterminated string starting at: line 1 column 10 (char 9))",
        ),
        ("daftar_kosong.json", lambda p: p.write_text("[]"), "empty JSON list"),
        ("kosong.jsonl", lambda p: p.write_text("\n\n"), "empty file"),
        ("biner.json", lambda p: p.write_bytes(b"\x00\x01{}"), "binary file (contains NUL bytes)"),
    ],
)
def test_bad_files_become_one_error_each(tmp_path, name, make, expected):
    path = tmp_path / name
    make(path)
    assert _items(path) == [ReadError(name, str(path), expected)]


def test_size_cap_is_configurable(tmp_path):
    path = tmp_path / "kecil.txt"
    path.write_text("Judul\n\n" + "kata " * 500)  # 2,507 bytes
    assert _items(path, max_bytes=1024) == [ReadError("kecil.txt", str(path), "file too large (2.4 KB > 1 KB)")]
    assert isinstance(_items(path, max_bytes=1 << 20)[0], Loaded)


def test_jsonl_broken_and_oversized_lines_are_errors_and_the_rest_goes_on(tmp_path):
    path = tmp_path / "campur.jsonl"
    big = json.dumps({"text": "kata " * 300_000})  # 1.5 MB line, over a 1 MB cap
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": BODY}),
                "{rusak",
                big,
                "",
                json.dumps({"text": BODY, "outlet": "Warta"}),
            ]
        )
        + "\n"
    )
    items = _items(path, max_bytes=1 << 20)
    assert items == [
        Loaded(Article("a", BODY, source_path=str(path))),
        ReadError(
            "campur.jsonl#2",
            str(path),
            "invalid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))",
        ),
        ReadError("campur.jsonl#3", str(path), "file too large (1.4 MB > 1 MB)"),
        Loaded(Article("campur.jsonl#4", BODY, outlet="Warta", source_path=str(path))),
    ]
    assert count_articles([path]) == 5


def test_json_file_with_one_object_uses_the_file_name_as_id(tmp_path):
    path = tmp_path / "satu.json"
    path.write_text(json.dumps({"text": BODY, "published": "2022-11-01"}))
    assert _items(path) == [Loaded(Article("satu.json", BODY, published=date(2022, 11, 1), source_path=str(path)))]


@pytest.mark.parametrize("depth", [10_000, 300_000])
def test_deeply_nested_html_is_one_item_and_no_crash(tmp_path, depth):
    path = tmp_path / "bersarang.html"
    path.write_text("<html><body>" + "<div>" * depth + "<p>Rombongan DPRD tiba di Kota Padang.</p>" + "</div>" * depth)
    [item] = _items(path)
    if isinstance(item, Loaded):
        assert "Rombongan DPRD tiba di Kota Padang." in item.article.text
    else:
        assert item.error in ("no article text found in HTML",) or item.error.startswith("HTML could not be parsed")


def test_entity_bomb_in_html_is_not_expanded(tmp_path):
    path = tmp_path / "entitas.html"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body><article><p>Kunjungan &c; ke Kota Solok.</p>'
        "</article></body></html>"
    )
    [item] = _items(path)
    text = item.article.text if isinstance(item, Loaded) else ""
    assert "a" * 100 not in text


def test_missing_path_raises():
    with pytest.raises(FileNotFoundError):
        list(read_inputs([FIXTURES / "tidak_ada"]))


def test_unreadable_file_is_an_error(tmp_path):
    if hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0:
        path = tmp_path / "folder.txt"
        path.mkdir()  # root can read any file; a folder named like a file cannot be read as one
        items = list(read_file(path, tmp_path))
        assert items == [ReadError("folder.txt", str(path), "cannot read file (Is a directory)")]
    else:
        path = tmp_path / "terkunci.txt"
        path.write_text(BODY)
        path.chmod(0)
        assert list(read_file(path, tmp_path)) == [
            ReadError("terkunci.txt", str(path), "cannot read file (Permission denied)")
        ]
