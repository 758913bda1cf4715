"""Choose ``ask()``'s thresholds by cross-validation over every development set.

Questions the entity evidence settles (the statement names what they name,
or misses it) do not depend on the thresholds. The rest are decided by two
thresholds, on the best fused score and on the topic's cosine
("grounding"); those are fitted to minimise

    false_refusal_rate / 0.05 + false_answer_rate / 0.10

(the product's targets: at most 5 % of answerable questions refused, at most
10 % of unanswerable ones answered). With k-fold cross-validation each fold
fits the thresholds on the other folds and decides its own questions; the
thresholds kept are the median of the fold fits, and the figures reported
are the out-of-fold decisions, per language: an estimate for new questions
that never saw the questions it is measured on. Held-out sets are never
read here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eval.gold import GoldQuestion
from index.answer_type import expected_type
from index.engine import Engine
from index.policy import AskSettings, entity_quotes, misses_type, select_quotes

FOLDS = 5
SEED = 20260
REFUSAL_TARGET = 0.05
FALSE_ANSWER_TARGET = 0.10


@dataclass(frozen=True)
class AskCase:
    """One development question as ``ask()`` sees it, before any threshold."""

    id: str
    language: str
    answerable: bool
    relevant: tuple[str, ...]
    settled: str  # "answer", "decline" (by entities) or "" (thresholds decide)
    score: float
    grounding: float
    hits: tuple
    terms: frozenset[str]
    # asks for a figure or a time that none of its quotes holds: never answered
    typed_out: bool = False


def ask_cases(engine: Engine, questions: list[GoldQuestion], queries: dict[str, str]) -> list[AskCase]:
    """Features of each question: entity verdict, best score, grounding, ranking."""
    cases = []
    for q in questions:
        parsed = engine.parse(queries[q.id])
        hits = engine.search(queries[q.id], k=10, doc=q.doc)
        evidence = engine.entity_evidence(queries[q.id], doc=q.doc)
        settled = ""
        if evidence is not None and evidence.declines:
            settled = "decline"
        elif evidence is not None and evidence.addressed:
            settled = "answer"
        expects = expected_type(parsed.text, parsed.language)
        typed_out = bool(hits) and expects is not None and misses_type(
            (entity_quotes if settled == "answer" else select_quotes)(hits, set(parsed.terms), engine.ask_settings),
            expects, parsed.text,
        )
        cases.append(
            AskCase(
                id=q.id,
                language=parsed.language,
                answerable=q.answerable,
                relevant=q.relevant,
                settled=settled,
                score=hits[0].score if hits else 0.0,
                grounding=engine.grounding(queries[q.id], doc=q.doc),
                hits=tuple(hits),
                terms=parsed.terms,
                typed_out=typed_out,
            )
        )
    return cases


def decisions(cases: list[AskCase], min_score: float, min_grounding: float) -> np.ndarray:
    """Whether ``ask()`` answers each case under these thresholds."""
    return np.array(
        [
            not case.typed_out
            and (
                case.settled == "answer"
                or (case.settled == "" and (case.score >= min_score or case.grounding >= min_grounding))
            )
            for case in cases
        ]
    )


def loss(answered: np.ndarray, answerable: np.ndarray) -> float:
    """``refusal_rate / 0.05 + false_answer_rate / 0.10`` (lower is better)."""
    refusals = (~answered & answerable).sum() / max(1, answerable.sum())
    false_answers = (answered & ~answerable).sum() / max(1, (~answerable).sum())
    return refusals / REFUSAL_TARGET + false_answers / FALSE_ANSWER_TARGET


def fit_thresholds(cases: list[AskCase]) -> tuple[float, float]:
    """The (score, grounding) pair with the lowest loss; ties go to the widest margin."""
    open_cases = [c for c in cases if not c.settled]
    if not open_cases:
        return AskSettings().min_score, AskSettings().min_grounding
    scores = np.array([c.score for c in open_cases])
    grounding = np.array([c.grounding for c in open_cases])
    answerable_all = np.array([c.answerable for c in cases])
    settled_answer = np.array([c.settled == "answer" and not c.typed_out for c in cases])
    is_open = np.array([not c.settled for c in cases])
    typed_out = np.array([c.typed_out for c in open_cases])

    def cuts(values: np.ndarray) -> np.ndarray:
        ordered = np.unique(values)
        return np.concatenate([[ordered[0] - 1e-6], (ordered[:-1] + ordered[1:]) / 2, [ordered[-1] + 1e-6]])

    c1, c2 = cuts(scores), cuts(grounding)
    # answers of the open cases for every pair of thresholds: (len(c1), len(c2), open)
    open_answers = ((scores[None, None, :] >= c1[:, None, None]) | (grounding[None, None, :] >= c2[None, :, None])) \
        & ~typed_out[None, None, :]
    answered = np.broadcast_to(settled_answer, (len(c1), len(c2), len(cases))).copy()
    answered[:, :, is_open] = open_answers
    refusals = (~answered & answerable_all).sum(axis=2) / max(1, answerable_all.sum())
    false_answers = (answered & ~answerable_all).sum(axis=2) / max(1, (~answerable_all).sum())
    losses = refusals / REFUSAL_TARGET + false_answers / FALSE_ANSWER_TARGET
    best = losses.min()
    margin1 = np.abs(scores[None, :] - c1[:, None]).min(axis=1)
    margin2 = np.abs(grounding[None, :] - c2[:, None]).min(axis=1)
    margins = np.where(np.isclose(losses, best), margin1[:, None] + margin2[None, :], -np.inf)
    i, j = np.unravel_index(np.argmax(margins), margins.shape)
    return float(c1[i]), float(c2[j])


def cross_validate(cases: list[AskCase], *, folds: int = FOLDS, seed: int = SEED):
    """Out-of-fold decisions and the thresholds each fold chose.

    Folds are stratified by language and answerability, so each fold holds
    its share of every kind of question.
    """
    rng = np.random.default_rng(seed)
    fold_of = np.zeros(len(cases), dtype=int)
    strata: dict[tuple[str, bool], list[int]] = {}
    for index, case in enumerate(cases):
        strata.setdefault((case.language, case.answerable), []).append(index)
    offset = 0
    for members in strata.values():
        members = list(rng.permutation(members))
        for position, index in enumerate(members):
            fold_of[index] = (position + offset) % folds
        offset += len(members)
    predicted = np.zeros(len(cases), dtype=bool)
    chosen = []
    for fold in range(folds):
        train = [c for c, f in zip(cases, fold_of) if f != fold]
        test_index = [i for i, f in enumerate(fold_of) if f == fold]
        thresholds = fit_thresholds(train)
        chosen.append(thresholds)
        predicted[test_index] = decisions([cases[i] for i in test_index], *thresholds)
    return predicted, chosen


def confusion(cases: list[AskCase], answered: np.ndarray) -> dict[str, dict]:
    """Per language: answered/refused answerable, answered/declined unanswerable, and rates."""
    table: dict[str, dict] = {}
    for language in sorted({c.language for c in cases}) + ["all"]:
        rows = [i for i, c in enumerate(cases) if language in ("all", c.language)]
        answerable = np.array([cases[i].answerable for i in rows])
        said = answered[rows]
        counts = {
            "answerable_answered": int((said & answerable).sum()),
            "answerable_refused": int((~said & answerable).sum()),
            "unanswerable_answered": int((said & ~answerable).sum()),
            "unanswerable_declined": int((~said & ~answerable).sum()),
        }
        counts["false_refusal_rate"] = counts["answerable_refused"] / max(1, int(answerable.sum()))
        counts["false_answer_rate"] = counts["unanswerable_answered"] / max(1, int((~answerable).sum()))
        table[language] = counts
    return table


def calibrate(engine: Engine, questions: list[GoldQuestion], queries: dict[str, str]) -> tuple[AskSettings, dict]:
    """Thresholds for one route (English, or multilingual) from its development questions."""
    cases = ask_cases(engine, questions, queries)
    if all(c.answerable for c in cases) or not any(c.answerable for c in cases):
        raise ValueError("calibration needs both answerable and unanswerable questions")
    predicted, chosen = cross_validate(cases)
    min_score = float(np.median([t[0] for t in chosen]))
    min_grounding = float(np.median([t[1] for t in chosen]))
    final = decisions(cases, min_score, min_grounding)
    current = AskSettings()
    quote_ratio, min_quote_score = _quote_settings(cases, final, current.max_quotes)
    settings = AskSettings(
        min_score=round(min_score, 4),
        min_grounding=round(min_grounding, 4),
        min_quote_score=min_quote_score,
        quote_ratio=quote_ratio,
        max_quotes=current.max_quotes,
    )
    report = {
        "questions": len(cases),
        "settled_by_entities": sum(bool(c.settled) for c in cases),
        "fold_thresholds": [[round(a, 4), round(b, 4)] for a, b in chosen],
        "cross_validated": confusion(cases, predicted),
        "fitted_on_all": confusion(cases, final),
        "quote_f1": _mean_quote_f1(cases, final, settings),
    }
    return settings, report


def _quote_settings(cases: list[AskCase], answered: np.ndarray, max_quotes: int) -> tuple[float, float]:
    """``quote_ratio`` and ``min_quote_score`` with the best mean quote F1 (ties: strictest)."""
    grid = [(round(0.3 + 0.05 * i, 2), round(0.1 + 0.01 * j, 4)) for i in range(14) for j in range(31)]

    def score(rf):
        trial = AskSettings(quote_ratio=rf[0], min_quote_score=rf[1], max_quotes=max_quotes)
        return round(_mean_quote_f1(cases, answered, trial), 6), rf[1], rf[0]

    return max(grid, key=score)


def _mean_quote_f1(cases: list[AskCase], answered: np.ndarray, settings: AskSettings) -> float:
    f1s = []
    for case, said in zip(cases, answered):
        if not case.answerable or not said or not case.hits:
            continue
        hits = list(case.hits)
        if case.settled == "answer":
            quoted = entity_quotes(hits, set(case.terms), settings)
        else:
            quoted = select_quotes(hits, set(case.terms), settings)
        f1s.append(quote_f1({h.ref for h in quoted}, set(case.relevant)))
    return sum(f1s) / len(f1s) if f1s else 0.0


def quote_f1(predicted: set[str], relevant: set[str]) -> float:
    """F1 of the quoted refs against the relevant ones (0 when either is empty)."""
    if not predicted or not relevant:
        return 0.0
    overlap = len(predicted & relevant)
    if overlap == 0:
        return 0.0
    precision, recall = overlap / len(predicted), overlap / len(relevant)
    return 2 * precision * recall / (precision + recall)
