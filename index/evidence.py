"""Pick the sentences of a passage that answer the question."""

from __future__ import annotations

import numpy as np

# A sentence that shares the question's content words is strong evidence
# even when its embedding is diluted by the rest of the sentence.
LEXICAL_WEIGHT = 0.25
# Sentences scoring within this margin of the best one are evidence too.
MARGIN = 0.08


def select_evidence(
    similarities: np.ndarray,
    sentence_terms: list[frozenset[str]],
    query_terms: set[str],
    *,
    margin: float = MARGIN,
    lexical_weight: float = LEXICAL_WEIGHT,
) -> list[int]:
    """Indices of the evidence sentences, best first.

    Each sentence scores its cosine similarity to the question
    (``similarities``, one per sentence) plus ``lexical_weight`` times the
    share of the question's content terms it contains; sentences within
    ``margin`` of the best are kept.

    Example:
        >>> select_evidence(np.array([0.5, 0.3]), [{"korea"}, {"tonga"}], {"korea"})
        [0]
    """
    if len(similarities) == 0:
        return []
    scores = np.asarray(similarities, dtype=np.float64)
    if query_terms:
        overlap = np.array([len(terms & query_terms) / len(query_terms) for terms in sentence_terms])
        scores = scores + lexical_weight * overlap
    order = np.argsort(-scores, kind="stable")
    best = scores[order[0]]
    return [int(i) for i in order if scores[i] >= best - margin]
