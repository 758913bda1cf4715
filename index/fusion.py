"""Fuse dense and lexical scores over the same candidates (pure numpy).

Every function takes score arrays aligned on the same candidate rows and
returns one fused score per row; higher is better.
"""

from __future__ import annotations

import numpy as np

FUSIONS = ("rrf", "convex", "tmm")


def ranks(scores: np.ndarray) -> np.ndarray:
    """Rank of each row (0 = best); ties keep row order.

    Example:
        >>> ranks(np.array([0.1, 0.9, 0.5])).tolist()
        [2, 0, 1]
    """
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    result = np.empty(len(order), dtype=np.int64)
    result[order] = np.arange(len(order))
    return result


def reciprocal_rank_fusion(*score_arrays: np.ndarray, k: float = 60.0) -> np.ndarray:
    """Sum of ``1 / (k + rank)`` over the rankings (Cormack et al., 2009).

    A ranking whose scores are all zero (no term matched) carries no
    information and is left out, so it cannot reorder the others.

    Example:
        >>> reciprocal_rank_fusion(np.array([3.0, 1.0]), np.array([0.2, 0.9]), k=1).round(3).tolist()
        [1.5, 1.5]
    """
    if not score_arrays:
        raise ValueError("reciprocal_rank_fusion needs at least one score array")
    fused = np.zeros(len(score_arrays[0]), dtype=np.float64)
    for scores in score_arrays:
        if not np.any(scores):
            continue
        fused += 1.0 / (k + 1.0 + ranks(scores))
    return fused


def min_max(scores: np.ndarray) -> np.ndarray:
    """Scale to [0, 1]; a constant array becomes zeros."""
    scores = np.asarray(scores, dtype=np.float64)
    if scores.size == 0:
        return scores
    low, high = scores.min(), scores.max()
    if high - low <= 1e-12:
        return np.zeros_like(scores)
    return (scores - low) / (high - low)


def convex_fusion(dense: np.ndarray, lexical: np.ndarray, *, dense_weight: float = 0.5) -> np.ndarray:
    """``w * minmax(dense) + (1 - w) * minmax(lexical)`` over the candidates.

    Convex combination of normalised scores keeps the score margins that rank
    fusion throws away (Bruch et al., 2023, "An Analysis of Fusion Functions
    for Hybrid Retrieval").

    Example:
        >>> convex_fusion(np.array([0.8, 0.4]), np.array([0.0, 5.0]), dense_weight=0.7).round(2).tolist()
        [0.7, 0.3]
    """
    if not 0.0 <= dense_weight <= 1.0:
        raise ValueError(f"dense_weight must be within [0, 1], got {dense_weight}")
    return dense_weight * min_max(dense) + (1.0 - dense_weight) * min_max(lexical)


def bounded_fusion(dense: np.ndarray, lexical: np.ndarray, *, dense_weight: float = 0.5) -> np.ndarray:
    """``w * dense + (1 - w) * lexical`` on scores that already have fixed bounds.

    Theoretical min-max normalisation (Bruch et al., 2023): cosine similarity
    and bound-normalised BM25 (see ``LexicalIndex.scores``) are used as they
    are, so a weak match is not stretched to 1.0 as min-max over the
    candidates would, and the fused score means the same across queries.

    Example:
        >>> bounded_fusion(np.array([0.5, 0.2]), np.array([0.0, 0.8]), dense_weight=0.5).round(2).tolist()
        [0.25, 0.5]
    """
    if not 0.0 <= dense_weight <= 1.0:
        raise ValueError(f"dense_weight must be within [0, 1], got {dense_weight}")
    return dense_weight * np.asarray(dense, dtype=np.float64) + (1.0 - dense_weight) * np.asarray(lexical, dtype=np.float64)


def fuse(dense: np.ndarray, lexical: np.ndarray, *, method: str, dense_weight: float, rrf_k: float) -> np.ndarray:
    """Dispatch to one of :data:`FUSIONS`."""
    if method == "rrf":
        return reciprocal_rank_fusion(dense, lexical, k=rrf_k)
    if method == "convex":
        return convex_fusion(dense, lexical, dense_weight=dense_weight)
    if method == "tmm":
        return bounded_fusion(dense, lexical, dense_weight=dense_weight)
    raise ValueError(f"unknown fusion {method!r}; choose one of {', '.join(FUSIONS)}")
