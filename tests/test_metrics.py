"""The metrics library, checked against small examples worked out by hand."""

from __future__ import annotations

import copy
import math

import pytest

from eval.metrics import evaluate_run


def test_metrics_match_hand_computation():
    qrels = {"q1": {"a": 2, "c": 1}, "q2": {"x": 1}}
    run = {"q1": {"a": 3.0, "b": 2.0, "c": 1.0}, "q2": {"y": 2.0, "z": 1.5, "x": 1.0}}
    figures = evaluate_run(qrels, run)
    # q1: hit@1 1, recall@3 1, rr 1; q2: hit@1 0, recall@3 1, rr 1/3
    assert figures["hit@1"] == pytest.approx(0.5)
    assert figures["recall@3"] == pytest.approx(1.0)
    assert figures["mrr@10"] == pytest.approx((1 + 1 / 3) / 2)
    # nDCG with linear gains (trec_eval): q1 = (2 + 1/log2(4)) / (2 + 1/log2(3)); q2 = (1/log2(4)) / 1
    q1 = (2 + 1 / math.log2(4)) / (2 + 1 / math.log2(3))
    q2 = 1 / math.log2(4)
    assert figures["ndcg@10"] == pytest.approx((q1 + q2) / 2)


def test_missing_run_counts_as_zero_and_inputs_are_untouched():
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}}
    run = {"q1": {"a": 1.0}}
    before = (copy.deepcopy(qrels), copy.deepcopy(run))
    figures = evaluate_run(qrels, run)
    assert figures["hit@1"] == pytest.approx(0.5)
    assert (qrels, run) == before


def test_empty_qrels_is_an_error():
    with pytest.raises(ValueError, match="no judged queries"):
        evaluate_run({}, {"q": {"a": 1.0}})
