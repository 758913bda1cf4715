"""Evaluate every retriever and ``ask`` on a gold question set."""

from __future__ import annotations

import time
from dataclasses import dataclass

from eval.gold import GoldQuestion, passage_id, qrels_of
from eval.metrics import STANDARD_METRICS, evaluate_run, percentile
from index.engine import AskSettings, Engine, select_quotes
from index.followup import contextualize
from index.retrieval import MODES


@dataclass(frozen=True)
class QuestionOutcome:
    """What one question got: its ranking and, for ``ask``, the decision."""

    id: str
    query: str
    relevant: tuple[str, ...]
    ranking: tuple[str, ...]
    top_score: float
    answered: bool
    quoted: tuple[str, ...]


def resolved_query(question: GoldQuestion) -> str:
    """The standalone query for a gold question, follow-ups resolved."""
    history: list[str] = []
    for earlier in question.history:
        history.append(contextualize(earlier, history).query)
    return contextualize(question.question, history).query


def evaluate_statement(
    engine: Engine, questions: list[GoldQuestion], *, modes: tuple[str, ...] = MODES, k: int = 10
) -> dict:
    """Metrics per retriever, abstention figures for ``ask``, latencies.

    Returns a JSON-ready dict::

        {"retrievers": {"hybrid": {"hit@1": …, …, "latency_p50_ms": …}, …},
         "ask": {"abstention_precision": …, "abstention_recall": …, …},
         "questions": [per-question outcome of the default retriever]}
    """
    qrels = qrels_of(questions)
    queries = {q.id: resolved_query(q) for q in questions}
    engine.search(queries[questions[0].id], k=1)  # load the model and index before timing
    cache_size, engine.query_cache_size = engine.query_cache_size, 0  # time real encodes
    retrievers: dict[str, dict] = {}
    for mode in modes:
        run: dict[str, dict[str, float]] = {}
        latencies = []
        for q in questions:
            started = time.perf_counter()
            hits = engine.search(queries[q.id], k=k, doc=q.doc, mode=mode)
            latencies.append((time.perf_counter() - started) * 1000)
            run[q.id] = {passage_id(h.doc, h.ref): float(len(hits) - i) for i, h in enumerate(hits)}
        figures = evaluate_run(qrels, run, STANDARD_METRICS)
        figures["all_relevant@5"] = _all_relevant_at(qrels, run, 5)
        figures["latency_p50_ms"] = percentile(latencies, 50)
        figures["latency_p95_ms"] = percentile(latencies, 95)
        retrievers[mode] = figures
    outcomes, ask_latencies = _ask_outcomes(engine, questions, queries)
    engine.query_cache_size = cache_size
    return {
        "questions_total": len(questions),
        "answerable": sum(q.answerable for q in questions),
        "unanswerable": sum(not q.answerable for q in questions),
        "retrievers": retrievers,
        "ask": _ask_figures(outcomes, ask_latencies),
        "questions": [o.__dict__ for o in outcomes],
    }


def _all_relevant_at(qrels: dict, run: dict, k: int) -> float:
    """Share of questions whose every relevant passage is in the top ``k``."""
    wins = 0
    for qid, relevant in qrels.items():
        top = sorted(run.get(qid, {}).items(), key=lambda item: -item[1])[:k]
        wins += set(relevant) <= {pid for pid, _ in top}
    return wins / len(qrels)


def _ask_outcomes(engine: Engine, questions: list[GoldQuestion], queries: dict[str, str]):
    outcomes = []
    latencies = []
    for q in questions:
        hits = engine.search(queries[q.id], k=10, doc=q.doc)
        started = time.perf_counter()
        answer = engine.ask(queries[q.id], doc=q.doc)
        latencies.append((time.perf_counter() - started) * 1000)
        outcomes.append(
            QuestionOutcome(
                id=q.id,
                query=queries[q.id],
                relevant=q.relevant,
                ranking=tuple(h.ref for h in hits),
                top_score=hits[0].score if hits else 0.0,
                answered=answer.found,
                quoted=tuple(h.ref for h in answer.quotes),
            )
        )
    return outcomes, latencies


def _ask_figures(outcomes: list[QuestionOutcome], latencies: list[float]) -> dict:
    abstained = [o for o in outcomes if not o.answered]
    unanswerable = [o for o in outcomes if not o.relevant]
    answerable = [o for o in outcomes if o.relevant]
    correct_abstentions = sum(1 for o in abstained if not o.relevant)
    quote_f1 = [_f1(set(o.quoted), set(o.relevant)) for o in answerable if o.answered]
    return {
        "abstention_precision": correct_abstentions / len(abstained) if abstained else 1.0,
        "abstention_recall": correct_abstentions / len(unanswerable) if unanswerable else 1.0,
        "answer_rate_answerable": sum(o.answered for o in answerable) / len(answerable) if answerable else 0.0,
        "first_quote_correct": sum(1 for o in answerable if o.quoted and o.quoted[0] in o.relevant)
        / max(1, len(answerable)),
        "quote_f1": sum(quote_f1) / len(quote_f1) if quote_f1 else 0.0,
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


def _f1(predicted: set[str], relevant: set[str]) -> float:
    if not predicted or not relevant:
        return 0.0
    overlap = len(predicted & relevant)
    if overlap == 0:
        return 0.0
    precision, recall = overlap / len(predicted), overlap / len(relevant)
    return 2 * precision * recall / (precision + recall)


def calibrate(engine: Engine, questions: list[GoldQuestion]) -> tuple[AskSettings, dict]:
    """Choose ``ask``'s thresholds from labelled questions.

    ``min_score`` and ``min_grounding`` together maximise balanced accuracy
    (answerable questions answered, unanswerable ones declined); among tied
    pairs the one farthest from every question's figures wins. The report
    includes the leave-one-out balanced accuracy: each question decided by
    thresholds chosen without it, an estimate for questions not in the set.
    ``quote_ratio`` and ``min_quote_score`` then maximise the mean F1 of
    quoted against relevant refs.
    """
    import numpy as np

    queries = {q.id: resolved_query(q) for q in questions}
    rankings = {q.id: engine.search(queries[q.id], k=10, doc=q.doc) for q in questions}
    scores = np.array([rankings[q.id][0].score for q in questions])
    grounding = np.array([engine.grounding(queries[q.id], doc=q.doc) for q in questions])
    answerable = np.array([q.answerable for q in questions])
    if answerable.all() or not answerable.any():
        raise ValueError("calibration needs both answerable and unanswerable questions")
    t1, t2, accuracy = _best_thresholds(scores, grounding, answerable)
    loo = []
    for i in range(len(questions)):
        keep = np.arange(len(questions)) != i
        a1, a2, _ = _best_thresholds(scores[keep], grounding[keep], answerable[keep])
        loo.append(bool((scores[i] >= a1) or (grounding[i] >= a2)) == bool(answerable[i]))
    loo = np.array(loo)
    loo_balanced = (loo[answerable].mean() + loo[~answerable].mean()) / 2
    current = engine.ask_settings
    terms = {q.id: set(engine._ensure_ready().lexical.query_terms(queries[q.id])) for q in questions}

    def mean_quote_f1(ratio: float, floor: float) -> float:
        trial = AskSettings(min_score=t1, min_grounding=t2, min_quote_score=floor, quote_ratio=ratio,
                            max_quotes=current.max_quotes)
        f1s = []
        for index, q in enumerate(questions):
            if not q.answerable or (scores[index] < t1 and grounding[index] < t2):
                continue
            quoted = [h.ref for h in select_quotes(rankings[q.id], terms[q.id], trial)]
            f1s.append(_f1(set(quoted), set(q.relevant)))
        return sum(f1s) / len(f1s) if f1s else 0.0

    grid = [(round(0.3 + 0.05 * i, 2), round(0.1 + 0.01 * j, 4)) for i in range(14) for j in range(31)]
    # best F1; among ties the strictest rule (fewest extra quotes)
    quote_ratio, min_quote_score = max(grid, key=lambda rf: (round(mean_quote_f1(*rf), 6), rf[1], rf[0]))
    settings = AskSettings(
        min_score=round(t1, 4),
        min_grounding=round(t2, 4),
        min_quote_score=min_quote_score,
        quote_ratio=quote_ratio,
        max_quotes=current.max_quotes,
    )
    report = {
        "balanced_accuracy": accuracy,
        "leave_one_out_balanced_accuracy": float(loo_balanced),
        "quote_f1": mean_quote_f1(quote_ratio, min_quote_score),
        "top_scores": {q.id: float(s) for q, s in zip(questions, scores)},
        "grounding": {q.id: float(g) for q, g in zip(questions, grounding)},
    }
    return settings, report


def _best_thresholds(scores, grounding, answerable) -> tuple[float, float, float]:
    """The (score, grounding) thresholds with the best balanced accuracy."""
    import numpy as np

    def cuts(values):
        ordered = np.unique(values)
        return np.concatenate([(ordered[:-1] + ordered[1:]) / 2, [ordered[-1] + 1e-6]])

    c1, c2 = cuts(scores), cuts(grounding)
    # predictions for every pair of thresholds: (len(c1), len(c2), questions)
    answered = (scores[None, None, :] >= c1[:, None, None]) | (grounding[None, None, :] >= c2[None, :, None])
    correct = answered == answerable[None, None, :]
    balanced = (correct[:, :, answerable].mean(axis=2) + correct[:, :, ~answerable].mean(axis=2)) / 2
    best = balanced.max()
    margin1 = np.abs(scores[None, :] - c1[:, None]).min(axis=1)
    margin2 = np.abs(grounding[None, :] - c2[:, None]).min(axis=1)
    margins = np.where(balanced == best, margin1[:, None] + margin2[None, :], -np.inf)
    i, j = np.unravel_index(np.argmax(margins), margins.shape)
    return float(c1[i]), float(c2[j]), float(best)
