"""Corpus files as people have them: legacy encodings, UTF-16/32, links, numbering typos."""

from __future__ import annotations

import codecs
import logging

import pytest

from corpus import read_statement, scan_corpus
from index import Engine
from tests.conftest import FakeEmbedder

FRENCH = (
    "Déclaration conjointe des ministres\n\n20 January 2024\n\n"
    "1. Coopération\n(1) Les ministres ont salué la coopération à Nouméa et l’été dernier à Papeete.\n"
    "(2) Ils ont réaffirmé leur engagement envers la sécurité maritime.\n"
)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("cp1252", b""),  # Windows "ANSI" from a French desktop: é is byte 0xE9
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),  # Word's "Unicode text"
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ],
)
def test_statements_are_read_in_the_encoding_they_are_in(tmp_path, encoding, prefix):
    path = tmp_path / "declaration.txt"
    path.write_bytes(prefix + FRENCH.encode(encoding))
    statement = read_statement(path)
    assert statement.title == "Déclaration conjointe des ministres"
    assert [p.ref for p in statement.passages] == ["1(1)", "1(2)"]
    assert "la coopération à Nouméa et l’été dernier" in statement.passages[0].text


def test_a_legacy_file_logs_the_encoding_it_was_read_in(tmp_path, caplog):
    path = tmp_path / "declaration.txt"
    path.write_bytes(FRENCH.replace("’", "'").encode("cp1252"))
    with caplog.at_level(logging.INFO, logger="corpus.loader"):
        read_statement(path)
    assert any("read it as cp1252" in record.getMessage() for record in caplog.records)


def test_a_link_out_of_the_folder_is_skipped_and_reported(seed_corpus, tmp_path, caplog):
    secret = tmp_path / "secret.txt"
    secret.write_text("Private notes\n\nThe password is swordfish.\n", encoding="utf-8")
    (seed_corpus / "notes.txt").symlink_to(secret)
    inside = seed_corpus / "copy-of-seed.txt"
    inside.symlink_to(next(seed_corpus.glob("japan-*.txt")))  # a link inside the folder is fine
    scan = scan_corpus(seed_corpus)
    assert [s.doc for s in scan.statements] == ["copy-of-seed", "japan-france-2plus2-2022-01-20"]
    assert [p.name for p in scan.skipped] == ["notes.txt"]
    engine = Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder())
    assert all("swordfish" not in hit.text for hit in engine.search("password swordfish", k=40))
    assert [p.name for p in engine.corpus_problems()[1]] == ["notes.txt"]


def test_a_numbering_typo_loads_with_unique_refs(seed_corpus, tmp_path):
    (seed_corpus / "typo.txt").write_text(
        "Typo statement\n\n1. Regional affairs\n(1) Ministers discussed glaciers.\n(2) First item two.\n"
        "(2) Second item two about reindeer.\n",
        encoding="utf-8",
    )
    engine = Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder())
    hit = engine.search("reindeer", k=1, doc="typo")[0]
    assert (hit.ref, hit.text) == ("1(2)-2", "Second item two about reindeer.")
    assert engine.search("North Korea", k=1)[0].ref == "4(2)"  # the bundled statement is untouched


def test_each_bad_file_is_left_out_without_stopping_the_rest(seed_corpus, tmp_path):
    (seed_corpus / "zz-broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (seed_corpus / "empty.txt").write_bytes(b"")
    (seed_corpus / "french.txt").write_bytes(FRENCH.encode("cp1252"))
    engine = Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder())
    assert {s.doc for s in engine.statements()} == {"japan-france-2plus2-2022-01-20", "french"}
    problems, _ = engine.corpus_problems()
    assert [str(p) for p in problems] == [
        "empty.txt — the file is empty",
        "zz-broken.txt — looks like a binary file (it contains NUL bytes), not a text statement",
    ]
