"""The real pipeline: bundled model, real FAISS, BM25 and fusion."""

from __future__ import annotations

import numpy as np
import pytest

from eval.gold import HELDOUT_GOLD, load_gold
from eval.statement import evaluate_statement
from index import QuestionError
from index.embedding import ModelError, SentenceTransformerEmbedder, verify_weights


def test_north_korea_finds_4_2_first_and_2_1_in_top_3(real_engine):
    hits = real_engine.search("what was said about North Korea", k=5)
    assert hits[0].ref == "4(2)"
    assert "2(1)" in [h.ref for h in hits[:3]]
    evidence = hits[0].evidence_texts()
    assert evidence and all("North Korea" in sentence for sentence in evidence[:2])


def test_ask_quotes_4_2_and_2_1_verbatim(real_engine):
    answer = real_engine.ask("what was said about North Korea")
    assert answer.found
    assert [q.ref for q in answer.quotes][:2] == ["4(2)", "2(1)"]
    seed_text = " ".join(real_engine.statements()[0].text.split())
    assert all(q.text in seed_text for q in answer.quotes)
    assert answer.quotes[0].citation().startswith("§4(2) Regional affairs — Sixth Japan-France")


def test_ask_abstains_when_the_statement_is_silent(real_engine):
    answer = real_engine.ask("Did they discuss Brazil?")
    assert not answer.found and answer.quotes == ()
    assert "does not address" in answer.message


@pytest.mark.parametrize(
    ("question", "ref"),
    [("JCPOA", "4(4)"), ("Tonga", "3(4)"), ("How long did the meeting last?", "intro"), ("disarmament", "5")],
)
def test_keyword_and_question_lookups(real_engine, question, ref):
    assert real_engine.search(question, k=1)[0].ref == ref


def test_all_three_modes_return_full_rankings(real_engine):
    for mode in ("hybrid", "dense", "bm25"):
        hits = real_engine.search("Tonga", k=15, mode=mode)
        assert len(hits) == 15 and hits[0].ref == "3(4)"


def test_empty_question_is_a_clear_error(real_engine):
    with pytest.raises(QuestionError, match="empty"):
        real_engine.search("   ")


def test_huge_and_markup_questions_are_answered_safely(real_engine):
    assert real_engine.search("North Korea " * 5000, k=3)[0].ref == "4(2)"
    hits = real_engine.search("<script>alert(1)</script> Tonga", k=1)
    assert hits[0].ref == "3(4)"


def test_module_level_api_uses_a_lazy_default_engine():
    import index

    hits = index.search("what was said about North Korea", k=3)
    assert hits[0].ref == "4(2)"
    assert not index.ask("Did they discuss Brazil?").found
    assert index.default_engine() is index.default_engine()


def test_bundled_weights_are_verified(tmp_path):
    embedder = SentenceTransformerEmbedder()
    vectors = embedder.embed(["North Korea", "Tonga"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    (tmp_path / "model.safetensors").write_bytes(b"tampered")
    with pytest.raises(ModelError, match="altered"):
        verify_weights(tmp_path, "0" * 64)


def test_gold_set_targets(real_engine):
    """Regression guard on the English development set (figures in eval/results/statement.md)."""
    results = evaluate_statement(real_engine, load_gold())
    hybrid = results["retrievers"]["hybrid"]
    assert hybrid["hit@1"] >= 0.95
    assert hybrid["all_relevant@5"] >= 0.95
    assert hybrid["hit@1"] > results["retrievers"]["dense"]["hit@1"]
    assert hybrid["hit@1"] > results["retrievers"]["bm25"]["hit@1"]
    assert results["ask"]["answer_rate_answerable"] >= 0.95
    assert results["ask"]["abstention_recall"] >= 0.8


def test_held_out_targets(real_engine):
    """Questions never used for tuning (eval/gold/statement-en-heldout.jsonl)."""
    results = evaluate_statement(real_engine, load_gold(HELDOUT_GOLD))
    assert results["retrievers"]["hybrid"]["hit@1"] >= 0.95
    assert results["retrievers"]["hybrid"]["all_relevant@5"] >= 0.95
    assert results["ask"]["answer_rate_answerable"] >= 0.95
    assert results["ask"]["abstention_recall"] >= 0.8
