from __future__ import annotations

import numpy as np
import pytest

from index.fusion import bounded_fusion, convex_fusion, fuse, ranks, reciprocal_rank_fusion


def test_ranks_break_ties_by_row():
    assert ranks(np.array([0.5, 0.9, 0.5])).tolist() == [1, 0, 2]


def test_rrf_by_hand():
    dense = np.array([0.9, 0.5, 0.1])  # ranks 0, 1, 2
    lexical = np.array([0.0, 2.0, 1.0])  # ranks 2, 0, 1
    expected = [1 / 61 + 1 / 63, 1 / 62 + 1 / 61, 1 / 63 + 1 / 62]
    assert np.allclose(reciprocal_rank_fusion(dense, lexical, k=60), expected)


def test_rrf_ignores_a_ranking_with_no_signal():
    dense = np.array([0.2, 0.9])
    assert np.argmax(reciprocal_rank_fusion(dense, np.zeros(2))) == 1


def test_convex_and_bounded_by_hand():
    assert np.allclose(convex_fusion(np.array([0.8, 0.4]), np.array([0.0, 5.0]), dense_weight=0.7), [0.7, 0.3])
    assert np.allclose(bounded_fusion(np.array([0.5, 0.2]), np.array([0.0, 0.8]), dense_weight=0.25), [0.125, 0.65])


def test_fuse_rejects_unknown_method_and_bad_weight():
    with pytest.raises(ValueError, match="unknown fusion"):
        fuse(np.ones(2), np.ones(2), method="magic", dense_weight=0.5, rrf_k=60)
    with pytest.raises(ValueError, match="dense_weight"):
        bounded_fusion(np.ones(2), np.ones(2), dense_weight=1.5)
