"""IR metrics from ranx, on plain dicts; inputs are never modified.

``qrels``: ``{qid: {doc_id: relevance}}``; ``run``: ``{qid: {doc_id: score}}``.
"""

from __future__ import annotations

import copy

# Our names → ranx metric names.
STANDARD_METRICS = {
    "hit@1": "hit_rate@1",
    "recall@3": "recall@3",
    "recall@5": "recall@5",
    "mrr@10": "mrr@10",
    "ndcg@10": "ndcg@10",
}


def evaluate_run(
    qrels: dict[str, dict[str, int]],
    run: dict[str, dict[str, float]],
    metrics: dict[str, str] | None = None,
) -> dict[str, float]:
    """Mean of each metric over the queries in ``qrels``.

    A query in ``qrels`` with no results in ``run`` scores 0; queries in
    ``run`` but not in ``qrels`` are ignored.

    Example:
        >>> evaluate_run({"q": {"a": 1}}, {"q": {"b": 2.0, "a": 1.0}}, {"mrr@10": "mrr@10"})
        {'mrr@10': 0.5}
    """
    from ranx import Qrels, Run, evaluate

    metrics = metrics or STANDARD_METRICS
    if not qrels:
        raise ValueError("no judged queries to evaluate")
    qrels = {qid: dict(docs) for qid, docs in copy.deepcopy(qrels).items() if docs}
    # ranx needs every judged query in the run; an empty ranking must still count as 0
    run = {qid: dict(run.get(qid) or {"__no_result__": 0.0}) for qid in qrels}
    scores = evaluate(Qrels(qrels), Run(run), list(metrics.values()), make_comparable=True)
    if not isinstance(scores, dict):
        scores = {list(metrics.values())[0]: scores}
    return {name: float(scores[ranx_name]) for name, ranx_name in metrics.items()}


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0–100) of ``values``; NaN when empty."""
    import numpy as np

    return float(np.percentile(values, q)) if values else float("nan")
