"""What a hostile run found: tampered encoder files, quadratic parsing, terminal escapes, bad arguments."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import index.keeper as keeper_module
import index.store as store_module
from app.guards import LoginThrottle
from corpus import split_sentences
from index import Engine, QuestionError
from index.store import load_index
from tests.conftest import FakeEmbedder

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args, index_dir, corpus=None, **kwargs):
    exe = shutil.which("statement-qa") or os.path.join(os.path.dirname(sys.executable), "statement-qa")
    env = dict(os.environ, STATEMENT_QA_INDEX_DIR=str(index_dir), HF_HUB_OFFLINE="1")
    extra = ["--corpus", str(corpus)] if corpus else []
    return subprocess.run([exe, *extra, *args], capture_output=True, env=env, timeout=240, **kwargs)


def test_a_tampered_query_encoder_is_exported_again(tmp_path, caplog):
    index_dir = tmp_path / "idx"
    Engine(index_dir=index_dir, multilingual=False).build()
    model = next(index_dir.glob("onnx-*/model.onnx"))
    data = bytearray(model.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = bytes(4096)  # zeroed in place, same size
    model.write_bytes(bytes(data))
    engine = Engine(index_dir=index_dir, multilingual=False)
    with caplog.at_level(logging.WARNING):
        assert engine.ask("what was said about North Korea").quotes[0].ref == "4(2)"
    assert engine.query_embedder().model_id.startswith("onnx:")
    assert any("does not match the sha256" in r.getMessage() and "exporting it again" in r.getMessage()
               for r in caplog.records)


def test_sentence_splitting_is_linear_on_runs_of_abbreviations():
    # quadratic splitting took 8.4 s for 64 KB; 1 MB would take hours. The bound only
    # separates linear from quadratic; speed itself is measured by `statement-qa bench`.
    started = time.perf_counter()
    spans = split_sentences("Mr. " * 262_144)  # 1 MiB
    assert time.perf_counter() - started < 5.0 and len(spans) == 1


def test_an_unchanged_corpus_is_not_parsed_again(seed_corpus, tmp_path, monkeypatch):
    Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False).build()
    calls = []
    real_scan = keeper_module.scan_corpus
    monkeypatch.setattr(keeper_module, "scan_corpus", lambda folder: calls.append(folder) or real_scan(folder))
    engine = Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False)
    assert engine.ask("Tonga").quotes[0].ref == "3(4)" and calls == []
    assert engine.statements()[0].title.startswith("Sixth Japan-France")
    path = next(seed_corpus.glob("*.txt"))
    path.write_text(path.read_text(encoding="utf-8") + "\n6. Ice\n(1) Glaciers were discussed.\n", encoding="utf-8")
    assert engine.search("glaciers", k=1)[0].ref == "6(1)" and len(calls) == 1


def test_terminal_escapes_in_a_statement_never_reach_the_terminal(tmp_path):
    corpus = tmp_path / "statements"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(
        "Hostile \x1b[2J statement\n\n1. Section\n(1) Tonga \x1b]0;pwned\x07 support \x1b[2J was discussed \x9b31m here.\n",
        encoding="utf-8",
    )
    for args in (("ask", "Tonga"), ("search", "Tonga"), ("list",), ("ask", "Tonga", "--json")):
        result = _cli(*args, index_dir=tmp_path / "idx", corpus=corpus, text=True)
        assert result.returncode == 0, result.stderr
        assert ("Hostile" if args == ("list",) else "Tonga") in result.stdout
        assert not any(ch in result.stdout for ch in "\x1b\x07\x9b"), args


def test_a_closed_pipe_ends_quietly(tmp_path):
    built = _cli("index", index_dir=tmp_path / "idx")
    assert built.returncode == 0
    exe = shutil.which("statement-qa") or os.path.join(os.path.dirname(sys.executable), "statement-qa")
    env = dict(os.environ, STATEMENT_QA_INDEX_DIR=str(tmp_path / "idx"), HF_HUB_OFFLINE="1")
    result = subprocess.run(
        f"'{exe}' search 'North Korea' -k 15 | head -1", shell=True, capture_output=True, text=True, env=env, timeout=120
    )
    assert result.stdout.startswith("1. §4(2)") and "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_bad_arguments_are_errors_with_messages(seed_corpus, tmp_path):
    engine = Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False)
    with pytest.raises(QuestionError, match="not valid text"):
        engine.ask("North \ud800 Korea")
    with pytest.raises(ValueError, match="k must be a whole number, not 2.5"):
        engine.search("Tonga", k=2.5)
    with pytest.raises(ValueError, match="k must be at least 1"):
        engine.search("Tonga", k=0)
    with pytest.raises(ValueError, match="max_quotes must be a whole number"):
        engine.ask("Tonga", max_quotes="3")
    with pytest.raises(ValueError, match="doc must be a statement id"):
        engine.ask("Tonga", doc=7)
    with pytest.raises(ValueError, match="unknown retrieval mode"):
        engine.search("Tonga", mode="fuzzy")


def test_serving_beyond_loopback_needs_a_login(tmp_path):
    refused = _cli("serve", "--host", "0.0.0.0", "--port", "7999", index_dir=tmp_path / "idx", text=True)
    assert refused.returncode == 2
    assert "refusing to serve on 0.0.0.0 without a login" in refused.stderr and "--insecure-no-auth" in refused.stderr


def test_a_reader_racing_a_switch_of_current_reads_the_new_version(seed_corpus, tmp_path, monkeypatch, caplog):
    index_dir = tmp_path / "idx"
    Engine(corpus_dir=seed_corpus, index_dir=index_dir, embedder=FakeEmbedder(), multilingual=False).build()
    live = store_module.current_folder(index_dir)
    answers = iter([index_dir / "v-removed-by-another-builder"])
    real = store_module.current_folder
    # the first look at CURRENT names a version another process has just replaced
    monkeypatch.setattr(store_module, "current_folder", lambda d: next(answers, None) or real(d))
    with caplog.at_level(logging.WARNING):
        assert load_index(index_dir).folder == live
    assert not [r for r in caplog.records if "damaged" in r.getMessage()]


def test_index_files_are_as_readable_as_the_umask_allows(seed_corpus, tmp_path):
    old = os.umask(0o022)
    try:
        Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False).build()
    finally:
        os.umask(old)
    folder = load_index(tmp_path / "idx").folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "idx" / "CURRENT").stat().st_mode) == 0o644
    assert stat.S_IMODE((folder / "passages.jsonl").stat().st_mode) == 0o644


def test_login_throttle_backs_off_per_address_and_clears_on_success():
    now = [0.0]

    async def app(scope, receive, send):
        ok = scope["headers"] == [(b"x-password", b"right")]
        await send({"type": "http.response.start", "status": 200 if ok else 400, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    gate = LoginThrottle(app, free_attempts=3, clock=lambda: now[0])

    def attempt(client: str, password: bytes) -> int:
        sent = []

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/login", "client": (client, 1),
                 "headers": [(b"x-password", password)]}
        asyncio.run(gate(scope, None, send))
        return sent[0]["status"]

    assert [attempt("10.0.0.7", b"wrong") for _ in range(3)] == [400, 400, 400]
    assert attempt("10.0.0.7", b"right") == 429  # blocked for 1 s after the third failure
    assert attempt("10.0.0.8", b"right") == 200  # another address is not affected
    now[0] += 1.5
    assert attempt("10.0.0.7", b"wrong") == 400
    assert gate.wait_s("10.0.0.7") == pytest.approx(2.0)  # twice as long after each further failure
    now[0] += 2.5
    assert attempt("10.0.0.7", b"right") == 200 and gate.wait_s("10.0.0.7") == 0.0


def test_hostile_layouts_parse_in_one_pass(caplog):
    """Repeated numbering, endless hyphenation and thousands of subheadings: linear, and a bounded number of warnings."""
    import logging

    from corpus import parse_statement

    head = "Title\n\nMay 1, 2024\n\n"
    with caplog.at_level(logging.WARNING, logger="corpus.parser"):
        repeated = parse_statement(head + "1. Trade\n" + "(1) same item.\n" * 20000, "x")
    assert len(repeated.passages) == 20000 and repeated.passages[-1].ref == "1(1)-20000"
    assert len(caplog.records) == 6 and "19994 more refs appear again" in caplog.records[-1].getMessage()

    hyphens = parse_statement(head + "1. Start " + "co-\noperation and environ-\nment " * 10000 + "end.\n", "x")
    assert len(hyphens.passages) == 1
    assert hyphens.passages[0].text.startswith("Start co-operation and environment co-operation")

    headings = parse_statement(head + "A sentence.\nShort Heading\n" * 10000 + "The end.\n", "x")
    assert len(headings.passages) == 10001 and headings.passages[-1].section_title == "Short Heading"


def test_an_edited_passage_representation_rebuilds_an_unchanged_corpus(seed_corpus, tmp_path, monkeypatch):
    # what is indexed for a passage (title, glossary, windows) is code: editing it must not leave an index
    # that no longer matches it, even when no statement changed
    first = Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False)
    first.build()
    built = store_module.current_folder(tmp_path / "idx")
    monkeypatch.setattr(keeper_module, "representation_version", lambda: "edited")
    engine = Engine(corpus_dir=seed_corpus, index_dir=tmp_path / "idx", embedder=FakeEmbedder(), multilingual=False)
    assert engine.ask("Tonga").quotes[0].ref == "3(4)"
    assert store_module.current_folder(tmp_path / "idx") != built
