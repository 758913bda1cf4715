"""Japanese and French questions over the English statement, end to end."""

from __future__ import annotations

import pytest

from app.chat import respond
from eval.gold import MULTILINGUAL_GOLD, MULTILINGUAL_HELDOUT, load_gold
from eval.statement import evaluate_statement
from index.multilingual import ModelError, detect_language, verify_resources


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("北朝鮮について何が述べられましたか", "ja"),
        ("台湾海峡", "ja"),
        ("Qu'ont dit les ministres sur la Corée du Nord ?", "fr"),
        ("les exercices militaires conjoints", "fr"),
        ("what was said about North Korea", "en"),
        ("Jeanne d'Arc", "en"),
        ("UN Security Council resolutions", "en"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_japanese_question_finds_4_2_and_quotes_english(real_engine):
    hits = real_engine.search("北朝鮮について何が述べられましたか", k=5)
    assert hits[0].ref == "4(2)"
    answer = real_engine.ask("北朝鮮について何が述べられましたか")
    assert answer.found and answer.language == "ja" and answer.quotes[0].ref == "4(2)"
    assert answer.quotes[0].text.startswith("The four Ministers expressed strong concerns over North Korea")


def test_french_question_finds_4_2_and_2_1(real_engine):
    refs = [h.ref for h in real_engine.search("Qu'ont dit les ministres sur la Corée du Nord ?", k=5)]
    assert refs[0] == "4(2)" and "2(1)" in refs


def test_taiwan_strait_in_japanese_finds_4_1(real_engine):
    assert real_engine.search("台湾海峡", k=1)[0].ref == "4(1)"


def test_chat_says_the_quote_is_in_the_original_language(real_engine):
    reply = respond(real_engine, "Qu'ont dit les ministres sur la Corée du Nord ?", [])
    assert "langue d'origine" in reply.markdown and "§4(2)" in reply.markdown
    japanese = respond(real_engine, "北朝鮮について何が述べられましたか", [])
    assert "原文" in japanese.markdown and "§4(2)" in japanese.markdown
    assert "original language" not in respond(real_engine, "what was said about North Korea", []).markdown


def test_unanswerable_in_japanese_and_french(real_engine):
    assert not real_engine.ask("ブラジルについて議論しましたか").found
    assert not real_engine.ask("Qu'ont-ils dit sur le changement climatique ?").found


@pytest.mark.parametrize("path", MULTILINGUAL_GOLD, ids=lambda p: p.stem)
def test_multilingual_gold_targets(real_engine, path):
    """Regression guard on the Japanese and French sets (figures in eval/results/)."""
    results = evaluate_statement(real_engine, load_gold(path))
    assert results["retrievers"]["hybrid"]["hit@1"] >= 0.95
    assert results["retrievers"]["hybrid"]["all_relevant@5"] >= 0.95
    assert results["ask"]["abstention_recall"] >= 0.85
    assert results["ask"]["answer_rate_answerable"] >= 0.8


@pytest.mark.parametrize("path", MULTILINGUAL_HELDOUT, ids=lambda p: p.stem)
def test_multilingual_held_out_retrieval(real_engine, path):
    """Questions never used for tuning: every relevant passage in the top 5 or close."""
    results = evaluate_statement(real_engine, load_gold(path))
    assert results["retrievers"]["hybrid"]["hit@1"] >= 0.7
    assert results["retrievers"]["hybrid"]["recall@5"] >= 0.85


def test_multilingual_weights_are_verified(tmp_path):
    (tmp_path / "weights.npz").write_bytes(b"tampered")
    (tmp_path / "sp.model").write_bytes(b"tampered")
    with pytest.raises(ModelError, match="altered"):
        verify_resources(tmp_path)
