"""Evaluation runners: BEIR loading on a tiny fixture, statement eval output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.beir import load_beir, run_beir
from eval.gold import DEFAULT_GOLD, DEVELOPMENT_SETS, HELDOUT_SETS, load_gold, qrels_of, set_language

TINY = Path(__file__).parent / "data" / "beir-tiny"


def test_load_beir_keeps_judged_queries_and_joins_title_and_text():
    data = load_beir(TINY, "test")
    assert data.doc_ids == ["d1", "d2", "d3", "d4", "d5"]
    assert data.texts[0] == "Missiles North Korea launched ballistic missiles over the sea."
    assert set(data.queries) == {"q1", "q2", "q3"}
    assert data.qrels == {"q1": {"d1": 1}, "q2": {"d2": 1}, "q3": {"d4": 1}}


def test_load_beir_names_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus.jsonl"):
        load_beir(tmp_path, "test")


def test_run_beir_writes_the_documented_shape(tmp_path, capsys):
    assert run_beir(TINY, split="test", out_dir=tmp_path) == 0
    results = json.loads((tmp_path / "beir-tiny-test.json").read_text())
    for name in ("bm25", "dense", "hybrid"):
        figures = results["retrievers"][name]
        assert 0.0 <= figures["ndcg@10"] <= 1.0 and 0.0 <= figures["recall@100"] <= 1.0
    assert results["retrievers"]["hybrid"]["ndcg@10"] >= 0.9  # three easy queries
    assert results["tuning"]["tmm"]["chosen_on"] == "train"
    assert (tmp_path / "cache").is_dir() and list((tmp_path / "cache").glob("*.npy"))
    assert "| hybrid |" in capsys.readouterr().out


def test_gold_sets_are_well_formed_and_refs_exist(real_engine):
    refs = {(p.doc, p.ref) for s in real_engine.statements() for p in s.passages}
    questions = load_gold()
    assert len(questions) >= 60 and sum(not q.answerable for q in questions) >= 10
    every = [q for path in (*DEVELOPMENT_SETS, *HELDOUT_SETS) for q in load_gold(path)]
    for question in every:
        assert all((question.doc, ref) in refs for ref in question.relevant), question.id
    assert all(max(rel.values()) == 2 for rel in qrels_of(every).values())
    assert len({q.id for q in every}) == len(every)


def test_no_held_out_question_is_also_a_development_question():
    development = {" ".join(q.question.lower().split()) for path in DEVELOPMENT_SETS for q in load_gold(path)}
    held_out = {" ".join(q.question.lower().split()) for path in HELDOUT_SETS for q in load_gold(path)}
    assert not development & held_out
    assert not {p.name for p in DEVELOPMENT_SETS} & {p.name for p in HELDOUT_SETS}
    assert all("heldout" in p.name for p in HELDOUT_SETS)


def test_every_set_is_reported_in_the_language_its_questions_name():
    # the per-language table reads a set's language from its name
    for path in (*DEVELOPMENT_SETS, *HELDOUT_SETS):
        named = {q.language.split("-")[0] for q in load_gold(path) if q.language}
        assert named <= {set_language(path.stem)}, path.name
    assert set_language("round10-zh-tw-heldout") == "zh"


def test_eval_command_writes_json_markdown_and_plot(tmp_path):
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("statement-qa")
    result = subprocess.run(
        [str(exe), "--index", str(tmp_path / "idx"), "eval", "--gold", str(DEFAULT_GOLD), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "| hybrid |" in result.stdout and "abstention_precision" in result.stdout
    saved = json.loads((tmp_path / "out" / "statement.json").read_text())
    assert set(saved["retrievers"]) == {"hybrid", "dense", "bm25"}
    assert (tmp_path / "out" / "statement-top-scores.png").stat().st_size > 5000
