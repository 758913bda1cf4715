"""Rank passages for one query vector: arrays and ids only, no model.

``rank_passages`` is the array-bound half of a search. It takes the query's
embedding and its BM25 scores, gathers candidates from the FAISS indexes
(passages and sentences) and from BM25, rescores them exactly, and fuses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.fusion import fuse
from index.store import StoredIndex

MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class RetrievalSettings:
    """How the retrievers are combined.

    ``sentence_weight`` mixes a passage's own cosine with its best sentence's:
    ``dense = (1 - w) * passage + w * best_sentence`` (0 = passages only).
    ``entity_weight`` adds, in hybrid mode, that weight times the share of
    the question's named entities a passage names. ``topic_weight`` mixes
    the question's embedding with its topic's (the question less its frame
    and function words): ``normalise((1 - w) * question + w * topic)``.
    ``term_weight`` orders passages by a dense score that adds that weight
    times how well a passage covers the topic's words one by one: the mean,
    over the words, of each word's best cosine with any of the passage's
    units (late interaction, as ColBERT scores a document). A passage that
    names the seas, the force and the opposing a question asks about then
    outranks one that matches the question's gist through a single phrase.
    Coverage only orders: one word's cosines are comparable between the
    passages of one question, not between questions, so the scores a
    ranking keeps (what ``ask()`` holds to its thresholds) leave it out.
    """

    fusion: str = "tmm"
    dense_weight: float = 0.3
    rrf_k: float = 60.0
    sentence_weight: float = 0.5
    candidates: int = 100
    entity_weight: float = 0.2
    topic_weight: float = 0.0
    term_weight: float = 0.0


@dataclass(frozen=True)
class Ranking:
    """Top rows, best first, with the scores that ranked them."""

    rows: np.ndarray
    scores: np.ndarray
    dense: np.ndarray
    lexical: np.ndarray
    entity: np.ndarray


def rank_passages(
    stored: StoredIndex,
    query_vector: np.ndarray,
    lexical_scores: np.ndarray,
    *,
    k: int,
    mode: str = "hybrid",
    row_range: tuple[int, int] | None = None,
    settings: RetrievalSettings = RetrievalSettings(),
    space=None,
    entity_scores: np.ndarray | None = None,
    term_vectors: np.ndarray | None = None,
) -> Ranking:
    """Rank passages (optionally only rows ``[lo, hi)``) and keep the top ``k``.

    ``space`` holds the vectors ``query_vector`` is compared with: the
    index's own (default) or its multilingual ``VectorSpace``.
    ``entity_scores`` (one per passage row, see ``index.grounding``) join the
    hybrid score and bring every passage naming the question's entities
    into the candidates. ``term_vectors`` (one row per topic word, same
    space) are what ``settings.term_weight`` scores coverage with.

    Example:
        >>> r = rank_passages(stored, q, stored.lexical.scores("Korea"), k=3)
        >>> stored.passages[r.rows[0]].ref
        '4(2)'
    """
    if mode not in MODES:
        raise ValueError(f"unknown retrieval mode {mode!r}; choose one of {', '.join(MODES)}")
    lo, hi = row_range if row_range is not None else (0, len(stored.passages))
    if hi <= lo or k <= 0:
        empty = np.zeros(0)
        return Ranking(rows=np.zeros(0, dtype=np.int64), scores=empty, dense=empty, lexical=empty, entity=empty)
    query_vector = np.ascontiguousarray(query_vector, dtype=np.float32).reshape(-1)
    space = space or stored.main
    candidates = _candidates(stored, space, query_vector, lexical_scores, lo, hi, max(settings.candidates, k))
    if entity_scores is not None and mode == "hybrid":
        named = np.flatnonzero(entity_scores[lo:hi] > 0) + lo
        candidates = np.union1d(candidates, named).astype(np.int64)
    dense = _dense_scores(space, query_vector, candidates, settings.sentence_weight)
    lexical = lexical_scores[candidates].astype(np.float64)
    entity = np.zeros(len(candidates)) if entity_scores is None else entity_scores[candidates].astype(np.float64)
    fused = _fused(dense, lexical, entity, mode, settings)
    # term coverage orders the passages; the scores kept (what ask() reads) leave it out
    ordering, tie_break = fused, dense
    if term_vectors is not None and len(term_vectors) and settings.term_weight > 0 and mode != "bm25":
        covered = dense + settings.term_weight * term_coverage(space, term_vectors, candidates)
        ordering, tie_break = _fused(covered, lexical, entity, mode, settings), covered
    # ties (e.g. BM25 zeros) fall back to the dense order, then to row order;
    # BM25 alone keeps row order so its figures are its own
    if mode == "bm25":
        tie_break = np.zeros_like(dense)
    order = np.lexsort((candidates, -tie_break, -ordering))[:k]
    return Ranking(
        rows=candidates[order], scores=fused[order], dense=dense[order], lexical=lexical[order], entity=entity[order]
    )


def best_similarity(
    stored: StoredIndex, vector: np.ndarray, row_range: tuple[int, int] | None = None, *, space=None
) -> float:
    """Highest cosine between ``vector`` and any passage or sentence (in the range).

    Example:
        >>> best_similarity(stored, embed("Olympic Games"))
        0.20
    """
    lo, hi = row_range if row_range is not None else (0, len(stored.passages))
    if hi <= lo:
        return 0.0
    space = space or stored.main
    vector = np.ascontiguousarray(vector, dtype=np.float32).reshape(-1)
    rows = _faiss_rows(space.passage_index, vector, 1, lo, hi)
    best = float(space.passage_vectors[rows[0]] @ vector) if len(rows) else -1.0
    s_lo, s_hi = int(space.sentence_start[lo]), int(space.sentence_start[hi])
    if s_hi > s_lo:
        sentence_rows = _faiss_rows(space.sentence_index, vector, 1, s_lo, s_hi)
        if len(sentence_rows):
            best = max(best, float(space.sentence_vectors[sentence_rows[0]] @ vector))
    return best


def _fused(dense: np.ndarray, lexical: np.ndarray, entity: np.ndarray, mode: str, settings: RetrievalSettings) -> np.ndarray:
    if mode == "dense":
        return dense
    if mode == "bm25":
        return lexical
    fused = fuse(dense, lexical, method=settings.fusion, dense_weight=settings.dense_weight, rrf_k=settings.rrf_k)
    return fused + settings.entity_weight * entity


def _candidates(
    stored: StoredIndex, space, query: np.ndarray, lexical_scores: np.ndarray, lo: int, hi: int, size: int
) -> np.ndarray:
    if hi - lo <= size:
        return np.arange(lo, hi, dtype=np.int64)
    pools = [_faiss_rows(space.passage_index, query, size, lo, hi)]
    s_lo, s_hi = int(space.sentence_start[lo]), int(space.sentence_start[hi])
    if s_hi > s_lo:
        sentence_rows = _faiss_rows(space.sentence_index, query, size * 2, s_lo, s_hi)
        pools.append(space.sentence_owner[sentence_rows])
    window = lexical_scores[lo:hi]
    top = np.argpartition(-window, min(size, len(window) - 1))[:size] + lo
    pools.append(top[lexical_scores[top] > 0])
    return np.unique(np.concatenate(pools)).astype(np.int64)


def _faiss_rows(index, query: np.ndarray, size: int, lo: int, hi: int) -> np.ndarray:
    import faiss

    params = None
    if (lo, hi) != (0, index.ntotal):
        params = faiss.SearchParameters(sel=faiss.IDSelectorRange(lo, hi))
    _, ids = index.search(query.reshape(1, -1), min(size, hi - lo), params=params)
    ids = ids[0]
    return ids[ids >= 0].astype(np.int64)


def _unit_rows(space, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The unit (sentence or window) rows of passages ``rows``, concatenated, and the offset where each passage's begin."""
    starts = space.sentence_start[rows]
    counts = space.sentence_start[rows + 1] - starts
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return np.repeat(starts - offsets, counts) + np.arange(counts.sum()), offsets


def _dense_scores(space, query: np.ndarray, rows: np.ndarray, sentence_weight: float) -> np.ndarray:
    passage_cos = space.passage_vectors[rows] @ query
    if sentence_weight <= 0:
        return passage_cos.astype(np.float64)
    unit_rows, offsets = _unit_rows(space, rows)
    best_sentence = np.maximum.reduceat(space.sentence_vectors[unit_rows] @ query, offsets)
    return ((1 - sentence_weight) * passage_cos + sentence_weight * best_sentence).astype(np.float64)


def best_in_rows(space, vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Per vector, its highest cosine with passages ``rows`` or any of their units.

    Example:
        >>> best_in_rows(space, embed(["Iran's oil exports", "Iran"]), rows_naming_iran)
        array([0.31, 0.44])
    """
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, space.passage_vectors.shape[1])
    unit_rows, _ = _unit_rows(space, rows)
    passages = (space.passage_vectors[rows] @ vectors.T).max(axis=0)
    if not len(unit_rows):
        return passages.astype(np.float64)
    return np.maximum(passages, (space.sentence_vectors[unit_rows] @ vectors.T).max(axis=0)).astype(np.float64)


def term_coverage(space, term_vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Per passage row, the mean over the term vectors of each one's best cosine with the passage's units.

    Example:
        >>> term_coverage(space, embed(["fuerza", "mares"]), rows)   # §4(1) names both
        array([0.41, 0.27, ...])
    """
    unit_rows, offsets = _unit_rows(space, rows)
    term_vectors = np.asarray(term_vectors, dtype=np.float32).reshape(-1, space.sentence_vectors.shape[1])
    best = np.maximum.reduceat(space.sentence_vectors[unit_rows] @ term_vectors.T, offsets, axis=0)
    return best.mean(axis=1).astype(np.float64)
