"""Choose ``ask()``'s thresholds by cross-validation over every development set.

Questions the entity evidence settles (the statement names what they name,
or misses it) do not depend on the thresholds. The rest are decided by two
thresholds, on the best fused score and on the topic's cosine
("grounding"), combined by one of two rules (``index.policy.RULES``:
either one suffices, or the two add up along a straight boundary); those
are fitted to minimise

    false_refusal_rate / 0.05 + false_answer_rate / 0.10

(the product's targets: at most 5 % of answerable questions refused, at most
10 % of unanswerable ones answered).

The entity evidence's answers have one cut of their own, on how well what
the question asks beyond its names points at the passages naming them
(``AskSettings.min_aspect``, :meth:`Engine.aspect_gap`): fitted with the
same loss in each fold, and kept only if deciding with it gives a lower
out-of-fold loss than deciding without it.

Each development set is a fold of its own: a round of questions, with its
translations into every language, is decided by thresholds fitted on the
other rounds, as a new round of questions would be. (Random folds would
fit on the German wording of a question and test on its Spanish one.) The
rule with the lower out-of-fold loss is kept, with the median of its fold
fits; the figures reported are the out-of-fold decisions, per language.
Held-out sets are never read here.

What these signals can separate at all is reported too (:func:`tradeoff`):
the fewest answerable questions any setting refuses, in sample, to
decline half, three quarters, nine tenths and all of the unanswerable ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eval.gold import GoldQuestion
from index.answer_type import expected_type
from index.engine import Engine
from index.policy import RULES, AskSettings, entity_quotes, misses_type, select_quotes

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
    # Engine.aspect_gap, for a question the entity evidence answers (else NaN)
    aspect: float = float("nan")


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
                aspect=engine.aspect_gap(queries[q.id], doc=q.doc) if settled == "answer" else float("nan"),
            )
        )
    return cases


def decisions(
    cases: list[AskCase], min_score: float, min_grounding: float, rule: str = "either", min_aspect: float | None = None
) -> np.ndarray:
    """Whether ``ask()`` answers each case under these thresholds and this rule."""
    settings = AskSettings(min_score=min_score, min_grounding=min_grounding, rule=rule)
    return np.array(
        [
            not case.typed_out
            and (
                (case.settled == "answer" and not _aspect_declines(case, min_aspect))
                or (case.settled == "" and settings.clears(case.score, case.grounding))
            )
            for case in cases
        ]
    )


def loss(answered: np.ndarray, answerable: np.ndarray) -> float:
    """``refusal_rate / 0.05 + false_answer_rate / 0.10`` (lower is better)."""
    refusals = (~answered & answerable).sum() / max(1, answerable.sum())
    false_answers = (answered & ~answerable).sum() / max(1, (~answerable).sum())
    return refusals / REFUSAL_TARGET + false_answers / FALSE_ANSWER_TARGET


def fit_thresholds(cases: list[AskCase], rule: str = "either") -> tuple[float, float]:
    """The (score, grounding) pair with the lowest loss under ``rule``; ties go to the widest margin."""
    open_cases = [c for c in cases if not c.settled]
    if not open_cases:
        return AskSettings().min_score, AskSettings().min_grounding
    if rule == "sum":
        return _fit_line(cases)
    answerable, settled_answer, n_answerable, n_unanswerable = _tallies(cases)
    scores = np.array([c.score for c in open_cases])
    grounding = np.array([c.grounding for c in open_cases])
    # a typed-out case is never answered, whatever the thresholds
    can_answer = np.array([not c.typed_out for c in open_cases])
    open_answerable = np.array([c.answerable for c in open_cases])
    c1, c2 = _cuts(scores), _cuts(grounding)
    answered_right, answered_wrong = _answer_grid(scores, grounding, open_answerable, c1, c2, can_answer)
    refusals = answerable.sum() - (settled_answer & answerable).sum() - answered_right
    false_answers = (settled_answer & ~answerable).sum() + answered_wrong
    losses = refusals / n_answerable / REFUSAL_TARGET + false_answers / n_unanswerable / FALSE_ANSWER_TARGET
    best = losses.min()
    margin1 = np.abs(scores[None, :] - c1[:, None]).min(axis=1)
    margin2 = np.abs(grounding[None, :] - c2[:, None]).min(axis=1)
    margins = np.where(np.isclose(losses, best), margin1[:, None] + margin2[None, :], -np.inf)
    i, j = np.unravel_index(np.argmax(margins), margins.shape)
    return float(c1[i]), float(c2[j])


def _answer_grid(
    scores: np.ndarray, grounding: np.ndarray, answerable: np.ndarray, c1: np.ndarray, c2: np.ndarray,
    can_answer: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Answerable and unanswerable cases answered under every (score cut, grounding cut) pair of the *either* rule.

    Counted row by row: the cases the score cut answers, plus those below it
    the grounding cut answers; a case ``can_answer`` marks False is never
    answered.
    """
    if can_answer is None:
        can_answer = np.ones(len(scores), dtype=bool)
    answered_right = np.zeros((len(c1), len(c2)), dtype=np.int64)
    answered_wrong = np.zeros((len(c1), len(c2)), dtype=np.int64)
    for i, cut in enumerate(c1):
        by_score = (scores >= cut) & can_answer
        rest = ~by_score & can_answer
        for row, kind in ((answered_right, answerable), (answered_wrong, ~answerable)):
            below = np.sort(grounding[rest & kind])
            row[i] = (by_score & kind).sum() + len(below) - np.searchsorted(below, c2, side="left")
    return answered_right, answered_wrong


def _aspect_declines(case: AskCase, min_aspect: float | None) -> bool:
    return min_aspect is not None and bool(case.aspect < min_aspect)


def fit_aspect(cases: list[AskCase]) -> float | None:
    """The cut on ``AskCase.aspect`` with the lowest loss over the entity evidence's answers, or None (no cut) if none lowers it.

    Only those answers move with the cut, so the loss is counted over them
    with the whole set's denominators; ties go to the lowest cut.
    """
    answerable, settled_answer, n_answerable, n_unanswerable = _tallies(cases)
    gaps = np.array([c.aspect for c in cases])
    movable = settled_answer & ~np.isnan(gaps)
    if not movable.any():
        return None
    cuts, refused, answered_wrongly = _cut_counts(gaps[movable], answerable[movable])
    losses = refused / n_answerable / REFUSAL_TARGET + answered_wrongly / n_unanswerable / FALSE_ANSWER_TARGET
    k = int(np.argmin(losses))  # the first of equal losses: the lowest cut
    # the lowest cut answers them all: no cut at all
    return None if k == 0 else float(cuts[k])


def _tallies(cases: list[AskCase]) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Which cases are answerable, which the entity evidence answers, and how many of each kind there are."""
    answerable = np.array([c.answerable for c in cases])
    settled_answer = np.array([c.settled == "answer" and not c.typed_out for c in cases])
    return answerable, settled_answer, max(1, answerable.sum()), max(1, (~answerable).sum())


def _cuts(values: np.ndarray) -> np.ndarray:
    """Every threshold that splits ``values`` differently: below all, between neighbours, above all."""
    return _between(np.unique(values))


def _between(ordered: np.ndarray) -> np.ndarray:
    """A cut below the first of the sorted ``ordered``, one between each pair of neighbours, one above the last."""
    return np.concatenate([[ordered[0] - 1e-6], (ordered[:-1] + ordered[1:]) / 2, [ordered[-1] + 1e-6]])


# directions of the straight boundary tried by the "sum" rule, strictly between
# the score axis and the grounding axis (one per degree)
LINE_ANGLES = np.radians(np.arange(1, 90))


def _fit_line(cases: list[AskCase]) -> tuple[float, float]:
    """The straight boundary ``score / a + grounding / b = 1`` with the lowest loss, as ``(a, b)``.

    For each direction, the open cases are ordered by their projection on
    it and every cut between neighbours is scored at once; ties go to the
    widest gap. The grounding enters clipped at 0, as :meth:`AskSettings.clears` reads it.
    """
    answerable, settled_answer, n_answerable, n_unanswerable = _tallies(cases)
    is_open = np.array([not c.settled and not c.typed_out for c in cases])
    # refused and answered among the cases no threshold decides
    fixed_refused = (answerable & ~settled_answer & ~is_open).sum()
    fixed_answered = (~answerable & settled_answer).sum()
    scores = np.array([c.score for c in cases])[is_open]
    grounding = np.clip(np.array([c.grounding for c in cases])[is_open], 0.0, None)
    open_answerable = answerable[is_open]
    best = (np.inf, -np.inf, 0.0, 0.0)
    for angle in LINE_ANGLES:
        projected = scores * np.cos(angle) + grounding * np.sin(angle)
        order = np.argsort(projected, kind="stable")
        values, kinds = projected[order], open_answerable[order]
        # a cut before position k refuses the first k cases and answers the rest
        refused = np.concatenate([[0], np.cumsum(kinds)])
        answered_wrongly = (~kinds).sum() - np.concatenate([[0], np.cumsum(~kinds)])
        losses = (fixed_refused + refused) / n_answerable / REFUSAL_TARGET \
            + (fixed_answered + answered_wrongly) / n_unanswerable / FALSE_ANSWER_TARGET
        cuts = _between(values)
        gaps = np.concatenate([[0.0], np.diff(values), [0.0]])
        k = int(np.argmin(losses - 1e-9 * gaps))
        if losses[k] < best[0] - 1e-12 or (np.isclose(losses[k], best[0]) and gaps[k] > best[1]):
            best = (losses[k], gaps[k], angle, cuts[k])
    _, _, angle, cut = best
    cut = max(cut, 1e-6)
    return float(cut / np.cos(angle)), float(cut / np.sin(angle))


def cross_validate(
    cases: list[AskCase],
    *,
    folds: int = FOLDS,
    seed: int = SEED,
    groups: list[str] | None = None,
    rule: str = "either",
    aspect: bool = True,
):
    """Out-of-fold decisions and the thresholds each fold chose (score, grounding, aspect cut or None).

    ``aspect=False`` fits no aspect cut in any fold.

    With ``groups`` (one per case: the development set a question comes
    from, less its language), each group is a fold of its own: a round of
    questions is decided by thresholds fitted without any of its questions
    or their translations, as a new round would be. Without, folds are
    stratified by language and answerability.
    """
    if groups is not None:
        names = sorted(set(groups))
        fold_of = np.array([names.index(g) for g in groups])
        folds = len(names)
    else:
        fold_of = _stratified_folds(cases, folds, seed)
    predicted = np.zeros(len(cases), dtype=bool)
    chosen = []
    for fold in range(folds):
        train = [c for c, f in zip(cases, fold_of) if f != fold]
        test_index = [i for i, f in enumerate(fold_of) if f == fold]
        thresholds = (*fit_thresholds(train, rule), fit_aspect(train) if aspect else None)
        chosen.append(thresholds)
        predicted[test_index] = decisions([cases[i] for i in test_index], *thresholds[:2], rule, thresholds[2])
    return predicted, chosen


# shares of the unanswerable questions :func:`tradeoff` reports the cost of declining
DECLINE_SHARES = (0.5, 0.75, 0.9, 1.0)
# more refusals than any set has questions: a number of answers no setting reaches
UNREACHABLE = np.iinfo(np.int64).max // 4


def tradeoff(cases: list[AskCase], shares: tuple[float, ...] = DECLINE_SHARES) -> dict[str, dict]:
    """The fewest answerable questions refused to decline each share of the unanswerable ones, over every setting.

    Every (score, grounding) pair of the *either* rule and every aspect cut
    is tried on the cases themselves, in sample: a bound on what these
    signals can separate, not a setting to use. The questions the
    thresholds decide and those the entity evidence answers move
    independently (the pair moves the first, the cut the second), so each
    has its own frontier (fewest refusals for each number of unanswerable
    questions answered) and the two are combined. Questions settled
    otherwise (declined by the entity evidence, or typed out) are fixed.
    """
    answerable = np.array([c.answerable for c in cases])
    n_answerable, n_unanswerable = int(answerable.sum()), int((~answerable).sum())
    is_open = np.array([not c.settled and not c.typed_out for c in cases])
    by_entities = np.array([c.settled == "answer" and not c.typed_out for c in cases])
    fixed_refused = int((answerable & ~is_open & ~by_entities).sum())
    open_frontier = _open_frontier([c for c, o in zip(cases, is_open) if o], n_unanswerable)
    gaps = np.array([c.aspect for c in cases])[by_entities]
    kinds = answerable[by_entities]
    _, refused, answered = _cut_counts(np.where(np.isnan(gaps), np.inf, gaps), kinds)
    entity_frontier = _frontier(refused, answered, n_unanswerable)
    # fewest refusals with at most w unanswerable questions answered, both families together
    combined = np.array([
        (open_frontier[w::-1] + entity_frontier[: w + 1]).min() for w in range(n_unanswerable + 1)
    ])
    table = {}
    for share in shares:
        allowed = int(np.floor((1 - share) * n_unanswerable + 1e-9))
        # None: no setting declines that many (an entity answer with nothing to cut on)
        refused = None if combined[allowed] >= UNREACHABLE else int(fixed_refused + combined[allowed])
        table[f"{share:.2f}"] = {
            "unanswerable_answered": allowed,
            "answerable_refused": refused,
            "false_refusal_rate": None if refused is None else round(refused / max(1, n_answerable), 4),
        }
    return table


def _cut_counts(values: np.ndarray, kinds: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every cut on ``values`` (answer at or above it; an infinite value is never cut), with the answerable ``kinds`` refused and the others answered at each."""
    finite = values[np.isfinite(values)]
    cuts = _cuts(finite) if len(finite) else np.array([0.0])
    refused = np.array([(kinds & (values < cut)).sum() for cut in cuts])
    answered = np.array([(~kinds & (values >= cut)).sum() for cut in cuts])
    return cuts, refused, answered


def _frontier(refused: np.ndarray, answered: np.ndarray, n_unanswerable: int) -> np.ndarray:
    """Fewest refusals among settings answering at most w unanswerable questions, for w = 0 … ``n_unanswerable``."""
    best = np.full(n_unanswerable + 1, UNREACHABLE, dtype=np.int64)
    np.minimum.at(best, np.asarray(answered, dtype=np.int64).ravel(), np.asarray(refused, dtype=np.int64).ravel())
    return np.minimum.accumulate(best)


def _open_frontier(open_cases: list[AskCase], n_unanswerable: int) -> np.ndarray:
    """:func:`_frontier` over every (score, grounding) pair of the *either* rule, for the cases the thresholds decide."""
    if not open_cases:
        return np.zeros(n_unanswerable + 1, dtype=np.int64)
    scores = np.array([c.score for c in open_cases])
    grounding = np.array([c.grounding for c in open_cases])
    kinds = np.array([c.answerable for c in open_cases])
    answered_right, answered_wrong = _answer_grid(scores, grounding, kinds, _cuts(scores), _cuts(grounding))
    return _frontier(kinds.sum() - answered_right, answered_wrong, n_unanswerable)


def _stratified_folds(cases: list[AskCase], folds: int, seed: int) -> np.ndarray:
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
    return fold_of


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


def calibrate(
    engine: Engine, questions: list[GoldQuestion], queries: dict[str, str], groups: dict[str, str] | None = None
) -> tuple[AskSettings, dict]:
    """Thresholds and rule for one route (English, or multilingual) from its development questions.

    ``groups`` maps a question id to the set it comes from (less its
    language); each set is then left out in turn. Both rules are
    cross-validated, each with and without the aspect cut, and the pair
    with the lowest out-of-fold loss is kept (ties: no cut, then the first rule).
    """
    cases = ask_cases(engine, questions, queries)
    return calibrate_cases(cases, [groups[c.id] for c in cases] if groups else None)


def calibrate_cases(cases: list[AskCase], case_groups: list[str] | None = None) -> tuple[AskSettings, dict]:
    """:func:`calibrate` on cases already computed; ``case_groups`` holds each case's set, or None for stratified folds."""
    if all(c.answerable for c in cases) or not any(c.answerable for c in cases):
        raise ValueError("calibration needs both answerable and unanswerable questions")
    answerable = np.array([c.answerable for c in cases])
    trials = {
        (rule, aspect): cross_validate(cases, groups=case_groups, rule=rule, aspect=aspect)
        for rule in RULES
        for aspect in (False, True)
    }
    losses = {key: loss(predicted, answerable) for key, (predicted, _) in trials.items()}
    rule, aspect = min(trials, key=lambda key: (round(losses[key], 9), key[1], RULES.index(key[0])))
    predicted, chosen = trials[rule, aspect]
    min_score = float(np.median([t[0] for t in chosen]))
    min_grounding = float(np.median([t[1] for t in chosen]))
    # a fold that keeps no cut counts as one below every gap
    min_aspect = float(np.median([-np.inf if t[2] is None else t[2] for t in chosen]))
    min_aspect = round(min_aspect, 4) if np.isfinite(min_aspect) else None
    final = decisions(cases, min_score, min_grounding, rule, min_aspect)
    current = AskSettings()
    quote_ratio, min_quote_score = _quote_settings(cases, final, current.max_quotes)
    settings = AskSettings(
        min_score=round(min_score, 4),
        min_grounding=round(min_grounding, 4),
        min_quote_score=min_quote_score,
        quote_ratio=quote_ratio,
        max_quotes=current.max_quotes,
        rule=rule,
        min_aspect=min_aspect,
    )
    report = {
        "questions": len(cases),
        "settled_by_entities": sum(bool(c.settled) for c in cases),
        "folds": "one per development set" if case_groups else f"{FOLDS} stratified",
        "rule": rule,
        "rule_losses": {r: round(float(losses[r, aspect]), 4) for r in RULES},
        "aspect_cut_losses": {
            "with": round(float(losses[rule, True]), 4), "without": round(float(losses[rule, False]), 4)
        },
        "rules_cross_validated": {r: confusion(cases, trials[r, aspect][0])["all"] for r in RULES},
        "fold_thresholds": [[round(a, 4), round(b, 4), None if c is None else round(c, 4)] for a, b, c in chosen],
        "aspect_declines": {
            "answerable": sum(c.answerable and _aspect_declines(c, min_aspect) for c in cases if c.settled == "answer"),
            "unanswerable": sum(not c.answerable and _aspect_declines(c, min_aspect) for c in cases if c.settled == "answer"),
        },
        "cross_validated": confusion(cases, predicted),
        "fitted_on_all": confusion(cases, final),
        "quote_f1": _mean_quote_f1(cases, final, settings),
        "decline_tradeoff": tradeoff(cases),
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
