"""Evaluate every retriever and ``ask`` on a gold question set."""

from __future__ import annotations

import time
from dataclasses import dataclass

from eval.calibration import quote_f1
from eval.gold import GoldQuestion, passage_id, qrels_of
from eval.metrics import STANDARD_METRICS, evaluate_run, percentile
from index.engine import Engine
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
    language: str = "en"
    related: tuple[str, ...] = ()


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
                language=answer.language,
                related=tuple(h.ref for h in answer.related),
            )
        )
    return outcomes, latencies


def _ask_figures(outcomes: list[QuestionOutcome], latencies: list[float]) -> dict:
    abstained = [o for o in outcomes if not o.answered]
    unanswerable = [o for o in outcomes if not o.relevant]
    answerable = [o for o in outcomes if o.relevant]
    correct_abstentions = sum(1 for o in abstained if not o.relevant)
    f1s = [quote_f1(set(o.quoted), set(o.relevant)) for o in answerable if o.answered]
    refused = sum(1 for o in answerable if not o.answered)
    falsely_answered = sum(1 for o in unanswerable if o.answered)
    return {
        "false_refusal_rate": refused / len(answerable) if answerable else 0.0,
        "false_answer_rate": falsely_answered / len(unanswerable) if unanswerable else 0.0,
        "answerable_refused": refused,
        "answerable_answered": len(answerable) - refused,
        "unanswerable_answered": falsely_answered,
        "unanswerable_declined": len(unanswerable) - falsely_answered,
        # graded answers: refused, but the closest passage shown under the caveat is a relevant one
        "refused_closest_relevant": sum(1 for o in answerable if not o.answered and o.related and o.related[0] in o.relevant),
        "related_shown_when_declined": sum(1 for o in abstained if o.related) / len(abstained) if abstained else 0.0,
        "abstention_precision": correct_abstentions / len(abstained) if abstained else 1.0,
        "abstention_recall": correct_abstentions / len(unanswerable) if unanswerable else 1.0,
        "answer_rate_answerable": sum(o.answered for o in answerable) / len(answerable) if answerable else 0.0,
        "first_quote_correct": sum(1 for o in answerable if o.quoted and o.quoted[0] in o.relevant)
        / max(1, len(answerable)),
        "quote_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }
