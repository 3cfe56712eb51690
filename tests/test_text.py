import re

import pytest

from etl.text import normalize, paragraphs, sentences, split_sentences, trie_pattern


def test_page_furniture_and_repeated_paragraphs_are_dropped():
    raw = (
        "Judul Berita Kunjungan\n\nBaca juga: Hal lain yang tidak terkait\n"
        "Rombongan DPRD tiba di balai kota.\n\nRombongan DPRD tiba di balai kota.\n"
        "Komentar\nLoading...\nTinggalkan Balasan\n"
    )
    assert paragraphs(raw) == ["Judul Berita Kunjungan", "Rombongan DPRD tiba di balai kota."]


@pytest.mark.parametrize(
    "para, expected",
    [
        (
            "Bupati Drs. H. Ahmad hadir. Rombongan tiba pukul 09.00 WIB.",
            ["Bupati Drs. H. Ahmad hadir.", "Rombongan tiba pukul 09.00 WIB."],
        ),
        (
            '"Kami belajar banyak," ujarnya. Kunjungan selesai.',
            ['"Kami belajar banyak," ujarnya.', "Kunjungan selesai."],
        ),
    ],
)
def test_split_sentences_keeps_titles_and_times_whole(para, expected):
    assert split_sentences(para) == expected


def test_sentences_are_numbered_in_order():
    ss = sentences("Satu kalimat. Dua kalimat.\nParagraf baru.")
    assert [(s.paragraph, s.index) for s in ss] == [(0, 0), (0, 1), (1, 2)]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Rombongan\t tiba  di   balai kota.\x07", "Rombongan tiba di balai kota."),
        ("Kata `studi tiru` dipakai\u00a0lagi – katanya.", "Kata 'studi tiru' dipakai lagi - katanya."),
        ("  Baris\u200b satu \r\nBaris dua\rBaris tiga  ", "Baris satu\nBaris dua\nBaris tiga"),
    ],
)
def test_normalize_collapses_spaces_and_drops_control_characters(raw, expected):
    assert normalize(raw) == expected


def test_long_furniture_lines_and_repeats_that_differ_only_in_punctuation_are_dropped():
    body = "Kunjungan kerja rombongan DPRD itu berlangsung sejak pagi hingga sore hari di kantor bupati."
    raw = "\n".join(
        [
            body,
            body.replace(" itu", ", itu").upper(),  # scraped twice, once in capitals and with a comma
            "Editor: Nama Redaktur Pelaksana dari Kantor Biro Berita Daerah Setempat dan Sekitarnya",
            "BACA JUGA: Rombongan dewan dari kabupaten tetangga juga belajar ke kota ini pekan lalu",
            "Para tamu mendapat penjelasan tentang pengelolaan sampah dan layanan publik yang baik.",
        ]
    )
    assert paragraphs(raw) == [
        body,
        "Para tamu mendapat penjelasan tentang pengelolaan sampah dan layanan publik yang baik.",
    ]


@pytest.mark.parametrize(
    "words",
    [
        ["kota", "kop", "k"],
        ["kunj", "kunjungan", "kunker", "ke ", "datang", "kedatangan", "tuan rumah", "erima"],
        ["a.b", "a+b", "(x)"],
    ],
)
def test_trie_pattern_finds_what_the_plain_alternation_finds(words):
    plain = re.compile("|".join(map(re.escape, words)))
    trie = re.compile(trie_pattern(words))
    texts = [*words, "rombongan kedatangan tamu", "ke kota", "a+b (x) kop", "menerima", "tidak ada", "kunjung", ""]
    for text in texts:
        assert bool(trie.search(text)) == bool(plain.search(text)), text
        assert (trie.fullmatch(text) is None) == (text not in words), text
