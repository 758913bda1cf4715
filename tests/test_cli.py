"""The installed console script, run as a user runs it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest


def _run(*args, tmp_path):
    exe = shutil.which("statement-qa") or os.path.join(os.path.dirname(sys.executable), "statement-qa")
    env = dict(os.environ, STATEMENT_QA_INDEX_DIR=str(tmp_path / "index"), HF_HUB_OFFLINE="1")
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, timeout=240)


@pytest.fixture(scope="module")
def cli_tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("cli")


def test_help_is_fast_and_lists_commands(cli_tmp):
    result = _run("--help", tmp_path=cli_tmp)
    assert result.returncode == 0
    for command in ("ask", "search", "index", "serve", "eval"):
        assert command in result.stdout


def test_index_then_ask_json(cli_tmp):
    built = _run("index", tmp_path=cli_tmp)
    assert built.returncode == 0, built.stderr
    assert "15 passages" in built.stdout
    # a first build (model load, ONNX export) prints nothing a newcomer would take for an error
    assert built.stderr == "", built.stderr
    result = _run("ask", "what was said about North Korea", "--json", tmp_path=cli_tmp)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["found"] is True
    assert [q["ref"] for q in answer["quotes"]][:2] == ["4(2)", "2(1)"]
    assert answer["quotes"][0]["evidence_text"][0].startswith("The four Ministers")


def test_ask_marks_evidence_in_plain_output(cli_tmp):
    result = _run("ask", "what was said about North Korea", tmp_path=cli_tmp)
    assert result.returncode == 0
    assert "§4(2) Regional affairs" in result.stdout
    assert "**The four Ministers expressed strong concerns over North Korea’s" in result.stdout


def test_unanswerable_and_empty_questions(cli_tmp):
    silent = _run("ask", "Did they discuss Brazil?", tmp_path=cli_tmp)
    assert silent.returncode == 0 and "does not address" in silent.stdout
    empty = _run("ask", "  ", tmp_path=cli_tmp)
    assert empty.returncode == 2 and "empty" in empty.stderr


def test_a_near_topic_question_shows_the_closest_passage_under_a_caveat(cli_tmp):
    plain = _run("ask", "China's Belt and Road Initiative", tmp_path=cli_tmp)
    assert plain.returncode == 0
    assert "does not mention Belt and Road Initiative" in plain.stdout
    assert "The statement does not directly address this. The closest passage is §4(1)." in plain.stdout
    assert "§4(1) Regional affairs" in plain.stdout
    answer = json.loads(_run("ask", "China's Belt and Road Initiative", "--json", tmp_path=cli_tmp).stdout)
    assert answer["found"] is False and answer["quotes"] == []
    assert [h["ref"] for h in answer["related"]] == ["4(1)"] and answer["basis"] == "missing"


def test_list_and_index_report_files_left_out(cli_tmp, tmp_path):
    corpus = tmp_path / "statements"
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "corpus", "statements"), corpus)
    (corpus / "zz-broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    outside = tmp_path / "outside.txt"
    outside.write_text("Outside\n\nNot part of the corpus.\n", encoding="utf-8")
    (corpus / "link.txt").symlink_to(outside)
    listed = _run("--corpus", str(corpus), "--index", str(tmp_path / "idx"), "list", tmp_path=cli_tmp)
    assert listed.returncode == 0, listed.stderr
    assert "japan-france-2plus2-2022-01-20: Sixth Japan-France" in listed.stdout and "(2022-01-20), 15 passages" in listed.stdout
    assert "1 file could not be read and was left out:" in listed.stderr
    assert "zz-broken.txt — looks like a binary file" in listed.stderr
    assert "link.txt — a link to a file outside the corpus folder, not read" in listed.stderr
    indexed = _run("--corpus", str(corpus), "--index", str(tmp_path / "idx"), "index", tmp_path=cli_tmp)
    assert indexed.returncode == 0 and "15 passages" in indexed.stdout and "zz-broken.txt" in indexed.stderr


def test_building_the_package_prints_no_warnings(tmp_path):
    """A newcomer's install shows no setuptools warnings (package data is declared)."""
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation", "-w", str(tmp_path)],
        cwd=os.path.join(os.path.dirname(__file__), ".."), capture_output=True, text=True, timeout=240,
    )
    assert build.returncode == 0, build.stderr
    output = build.stdout + build.stderr
    assert "would be ignored" not in output and "BuildBackendWarning" not in output
    wheel = next(tmp_path.glob("statement_qa-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "corpus/statements/japan-france-2plus2-2022-01-20.txt" in names
    assert "eval/gold/adversarial-en-heldout.jsonl" in names and "index/calibration.json" in names


def test_ask_format_citation_gives_quotes_ready_to_paste(cli_tmp):
    result = _run("ask", "what was said about North Korea", "--format", "citation", tmp_path=cli_tmp)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("“The four Ministers")
    assert first.endswith("(§4(2), Sixth Japan-France Foreign and Defense Ministers’ Meeting (“2+2”), 20 January 2022)")
    markdown = _run("ask", "what was said about North Korea", "--format", "markdown", tmp_path=cli_tmp).stdout
    assert markdown.startswith("> “The four Ministers") and "> — §4(2), Sixth Japan-France" in markdown


def test_add_copies_statements_in_and_updates_the_index(tmp_path, seed_corpus):
    from tests.pdf_fixture import write_pdf

    fixtures = os.path.join(os.path.dirname(__file__), "data", "statements")
    html = os.path.join(fixtures, "valmora-estoria-fisheries-2024.html")
    pdf = str(write_pdf(tmp_path / "norvand-estoria-arctic-2024.pdf"))
    corpus = ["--corpus", str(seed_corpus), "--index", str(tmp_path / "idx")]
    assert _run(*corpus, "index", tmp_path=tmp_path).returncode == 0

    added = _run(*corpus, "add", html, pdf, tmp_path=tmp_path)
    assert added.returncode == 0, added.stderr
    assert "added valmora-estoria-fisheries-2024.html: Joint Statement on Fisheries Cooperation" in added.stdout
    assert "added norvand-estoria-arctic-2024.pdf: Norvand-Estoria Arctic Research Agreement: Summary" in added.stdout
    # the bundled statement's vectors are reused, not embedded again
    assert re.search(r"index updated: \d+ texts embedded, [1-9]\d* reused", added.stdout), added.stdout
    assert added.stderr == ""
    assert (seed_corpus / "norvand-estoria-arctic-2024.pdf").exists()

    listed = _run(*corpus, "list", tmp_path=tmp_path).stdout.splitlines()
    assert [line.split(":")[0] for line in listed] == [
        "norvand-estoria-arctic-2024", "valmora-estoria-fisheries-2024", "japan-france-2plus2-2022-01-20",
    ]
    assert listed[1].endswith("(2024-06-03), 6 passages")

    found = _run(*corpus, "ask", "What catch limits were agreed for herring?", "--since", "2024", "--json",
                 tmp_path=tmp_path)
    answer = json.loads(found.stdout)
    assert answer["found"] and answer["quotes"][0]["doc"] == "valmora-estoria-fisheries-2024"
    older = _run(*corpus, "ask", "What catch limits were agreed for herring?", "--until", "2023", tmp_path=tmp_path)
    assert "No statement dated up to 2023-12-31 addresses this question." in older.stdout

    again = _run(*corpus, "add", html, tmp_path=tmp_path)
    assert again.returncode == 0 and "already in the corpus, unchanged" in again.stdout


def test_add_refuses_unreadable_files_and_name_clashes_and_copies_nothing(tmp_path, seed_corpus):
    corpus = ["--corpus", str(seed_corpus), "--index", str(tmp_path / "idx")]
    good = tmp_path / "good-one.txt"
    good.write_text("Good One\n\nMay 1, 2024\n\n1. A paragraph that says something.\n", encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    refused = _run(*corpus, "add", str(good), str(broken), tmp_path=tmp_path)
    assert refused.returncode == 2 and "broken.pdf" in refused.stderr and "nothing was added" in refused.stderr
    assert not (seed_corpus / "good-one.txt").exists()

    clash = tmp_path / "japan-france-2plus2-2022-01-20.md"
    clash.write_text("# Another\n\nSome text.\n", encoding="utf-8")
    refused = _run(*corpus, "add", str(clash), tmp_path=tmp_path)
    assert refused.returncode == 2 and "--replace" in refused.stderr
    other = _run(*corpus, "add", str(tmp_path / "notes.docx"), tmp_path=tmp_path)
    assert other.returncode == 2 and "not a statement file" in other.stderr
