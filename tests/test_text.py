import pytest

from etl.text import paragraphs, sentences, split_sentences


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
        ('"Kami belajar banyak," ujarnya. Kunjungan selesai.', ['"Kami belajar banyak," ujarnya.', "Kunjungan selesai."]),
    ],
)
def test_split_sentences_keeps_titles_and_times_whole(para, expected):
    assert split_sentences(para) == expected


def test_sentences_are_numbered_in_order():
    ss = sentences("Satu kalimat. Dua kalimat.\nParagraf baru.")
    assert [(s.paragraph, s.index) for s in ss] == [(0, 0), (0, 1), (1, 2)]
