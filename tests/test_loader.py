from __future__ import annotations

import pytest

from corpus import CorpusError, corpus_fingerprint, load_corpus, read_statement


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Déclaration commune\n\nTexte.".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_files_name_the_file_and_the_problem(tmp_path, content, problem):
    bad = tmp_path / "bad-statement.txt"
    bad.write_bytes(content)
    with pytest.raises(CorpusError, match=problem) as caught:
        read_statement(bad)
    assert "bad-statement.txt" in str(caught.value)


def test_one_bad_file_stops_the_whole_corpus(seed_corpus):
    (seed_corpus / "zz-broken.txt").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CorpusError, match="zz-broken.txt"):
        load_corpus(seed_corpus)


def test_missing_folder_and_empty_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_corpus(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="no statement files"):
        load_corpus(tmp_path)


def test_every_txt_is_a_statement_and_the_stem_is_its_id(seed_corpus):
    (seed_corpus / "other-statement.txt").write_text("Other\n\nJune 1, 2023\n\nIt was sunny.\n", encoding="utf-8")
    (seed_corpus / "notes.md").write_text("not a statement", encoding="utf-8")
    docs = [s.doc for s in load_corpus(seed_corpus)]
    assert docs == ["japan-france-2plus2-2022-01-20", "other-statement"]


def test_fingerprint_changes_with_any_text(seed_corpus):
    before = corpus_fingerprint(load_corpus(seed_corpus))
    path = next(seed_corpus.glob("*.txt"))
    path.write_text(path.read_text(encoding="utf-8") + "\n6. New section\n(1) New item.\n", encoding="utf-8")
    assert corpus_fingerprint(load_corpus(seed_corpus)) != before
