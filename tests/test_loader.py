from __future__ import annotations

import pytest

from corpus import CorpusError, corpus_fingerprint, load_corpus, read_statement, scan_corpus


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\xff\xfe\xfa not utf-8", "byte order mark but is not UTF-16"),
        (bytes(range(1, 32)) * 40, "binary"),
    ],
)
def test_unreadable_files_name_the_file_and_the_problem(tmp_path, content, problem):
    bad = tmp_path / "bad-statement.txt"
    bad.write_bytes(content)
    with pytest.raises(CorpusError, match=problem) as caught:
        read_statement(bad)
    assert "bad-statement.txt" in str(caught.value)


def test_one_bad_file_stops_a_strict_load_but_not_a_scan(seed_corpus):
    (seed_corpus / "zz-broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    with pytest.raises(CorpusError, match="zz-broken.txt"):
        load_corpus(seed_corpus)
    scan = scan_corpus(seed_corpus)
    assert [s.doc for s in scan.statements] == ["japan-france-2plus2-2022-01-20"]
    assert [str(p) for p in scan.problems] == [
        "zz-broken.txt — looks like a binary file (it contains NUL bytes), not a text statement"
    ]


def test_missing_folder_and_empty_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_corpus(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="no statement files"):
        load_corpus(tmp_path)


def test_every_statement_file_is_a_statement_and_the_stem_is_its_id(seed_corpus):
    (seed_corpus / "other-statement.txt").write_text("Other\n\nJune 1, 2023\n\nIt was sunny.\n", encoding="utf-8")
    (seed_corpus / "third.md").write_text("# Third\n\nJune 2, 2023\n\nIt rained.\n", encoding="utf-8")
    (seed_corpus / "notes.json").write_text('{"not": "a statement"}', encoding="utf-8")
    (seed_corpus / ".hidden.txt").write_text("Hidden\n\nIt was dark.\n", encoding="utf-8")
    docs = [s.doc for s in load_corpus(seed_corpus)]
    assert docs == ["japan-france-2plus2-2022-01-20", "other-statement", "third"]


def test_two_files_with_one_name_keep_the_first_and_report_the_second(seed_corpus):
    (seed_corpus / "twin.md").write_text("# Twin\n\nIt was sunny.\n", encoding="utf-8")
    (seed_corpus / "twin.txt").write_text("Twin\n\nIt rained.\n", encoding="utf-8")
    scan = scan_corpus(seed_corpus)
    assert [s.doc for s in scan.statements].count("twin") == 1
    assert [(p.name, p.reason) for p in scan.problems] == [
        ("twin.txt", "has the same name as twin.md; rename one of them")
    ]


def test_fingerprint_changes_with_any_text(seed_corpus):
    before = corpus_fingerprint(load_corpus(seed_corpus))
    path = next(seed_corpus.glob("*.txt"))
    path.write_text(path.read_text(encoding="utf-8") + "\n6. New section\n(1) New item.\n", encoding="utf-8")
    assert corpus_fingerprint(load_corpus(seed_corpus)) != before
