"""Every quote true to the statement, whatever happens to the index folder."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import subprocess
import sys

import pytest

from app.chat import respond
from index import Engine
from index.store import load_index
from tests.conftest import FakeEmbedder

QUESTION = "what was said about North Korea"
TRUE_WORDS = "expressed strong concerns over North Korea"


def _cli(*args, index_dir, corpus=None):
    exe = shutil.which("statement-qa") or os.path.join(os.path.dirname(sys.executable), "statement-qa")
    env = dict(os.environ, STATEMENT_QA_INDEX_DIR=str(index_dir), HF_HUB_OFFLINE="1")
    extra = ["--corpus", str(corpus)] if corpus else []
    return subprocess.run([exe, *extra, *args], capture_output=True, text=True, env=env, timeout=240)


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("integrity-index")
    built = _cli("index", index_dir=index_dir)
    assert built.returncode == 0, built.stderr
    return index_dir


def _live(index_dir):
    return load_index(index_dir).folder


def test_a_same_size_edit_of_the_passages_is_caught_and_never_quoted(cli_index):
    path = _live(cli_index) / "passages.jsonl"
    text = path.read_text(encoding="utf-8")
    forged = text.replace("strong concerns over", "warm support for the")
    assert len(forged.encode()) == len(text.encode()) and forged != text
    path.write_text(forged, encoding="utf-8")
    result = _cli("ask", QUESTION, index_dir=cli_index)
    assert result.returncode == 0, result.stderr
    assert TRUE_WORDS in result.stdout and "warm support" not in result.stdout
    assert "passages.jsonl does not match its sha256" in result.stderr and "Traceback" not in result.stderr


def test_a_same_size_damage_to_an_array_is_a_rebuild_not_a_traceback(cli_index):
    path = next((_live(cli_index) / "bm25").glob("*.npy"))
    data = bytearray(path.read_bytes())
    data[-8:] = b"\xff" * 8
    path.write_bytes(bytes(data))
    result = _cli("ask", QUESTION, index_dir=cli_index)
    assert result.returncode == 0 and TRUE_WORDS in result.stdout
    assert "does not match its sha256" in result.stderr and "Traceback" not in result.stderr


def test_current_replaced_by_a_folder_is_a_rebuild(cli_index):
    pointer = cli_index / "CURRENT"
    pointer.unlink()
    pointer.mkdir()
    result = _cli("ask", QUESTION, index_dir=cli_index)
    assert result.returncode == 0 and TRUE_WORDS in result.stdout and "Traceback" not in result.stderr
    assert pointer.is_file()


def test_a_binary_file_in_the_corpus_never_takes_answers_down(cli_index, tmp_path):
    corpus = tmp_path / "statements"
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "corpus", "statements"), corpus)
    (corpus / "zz-broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = _cli("ask", QUESTION, index_dir=tmp_path / "idx", corpus=corpus)
    assert result.returncode == 0 and TRUE_WORDS in result.stdout
    assert "zz-broken.txt" in result.stderr and "Traceback" not in result.stderr


def test_a_passage_that_differs_from_the_file_is_rebuilt_before_it_is_quoted(seed_corpus, tmp_path, caplog):
    engine = Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False)
    stored = engine.stored()
    row = [p.ref for p in stored.passages].index("4(2)")
    forged = dataclasses.replace(stored.passages[row], text=stored.passages[row].text.replace("strong", "warm"))
    passages = stored.passages[:row] + (forged,) + stored.passages[row + 1 :]
    engine.keeper._stored = dataclasses.replace(stored, passages=passages)  # what a damaged load would hold
    with caplog.at_level(logging.WARNING):
        reply = respond(engine, "North Korea ballistic missile launches", [])
    assert "strong concerns" in reply.markdown and "warm concerns" not in reply.markdown
    assert any("quotes §4(2)" in r.getMessage() and "rebuilding" in r.getMessage() for r in caplog.records)


def test_a_fresh_read_only_index_answers_without_a_lock(seed_corpus, tmp_path, monkeypatch):
    Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False).build()
    import filelock

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(filelock, "FileLock", refuse)
    engine = Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False)
    assert engine.ask("Tonga").quotes[0].ref == "3(4)"


def test_a_stale_read_only_index_answers_from_what_is_there(seed_corpus, tmp_path, monkeypatch, caplog):
    Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False).build()
    (seed_corpus / "new.txt").write_text("New statement\n\n1. Ice\n(1) Glaciers are melting.\n", encoding="utf-8")
    import filelock

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(filelock, "FileLock", refuse)
    engine = Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False)
    with caplog.at_level(logging.WARNING):
        hits = engine.search("Tonga", k=3)
    assert hits[0].ref == "3(4)"
    assert any("run `statement-qa index`" in r.getMessage() for r in caplog.records)


def test_the_manifest_holds_a_sha256_of_every_file(real_engine):
    folder = real_engine.stored().folder
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["sha256"]) == set(manifest["files"]) and "passages.jsonl" in manifest["sha256"]
    assert all(len(digest) == 64 for digest in manifest["sha256"].values())
