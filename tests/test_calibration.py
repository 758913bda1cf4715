"""Threshold choice by cross-validation, on synthetic cases."""

from __future__ import annotations

import numpy as np
import pytest

from eval.calibration import (
    AskCase, calibrate_cases, confusion, cross_validate, decisions, fit_aspect, fit_thresholds, loss, tradeoff,
)


def case(
    i: int, answerable: bool, score: float, grounding: float, *, settled: str = "", language: str = "en",
    aspect: float = float("nan"),
) -> AskCase:
    return AskCase(
        id=f"q{i}", language=language, answerable=answerable, relevant=("1",) if answerable else (),
        settled=settled, score=score, grounding=grounding, hits=(), terms=frozenset(), aspect=aspect,
    )


def separable(n: int = 40) -> list[AskCase]:
    rng = np.random.default_rng(0)
    cases = [case(i, True, 0.3 + 0.2 * rng.random(), 0.5) for i in range(n)]
    cases += [case(n + i, False, 0.1 * rng.random(), 0.2, language="fr") for i in range(n // 2)]
    return cases


def test_fitted_thresholds_separate_separable_cases():
    cases = separable()
    min_score, min_grounding = fit_thresholds(cases)
    answered = decisions(cases, min_score, min_grounding)
    assert (answered == np.array([c.answerable for c in cases])).all()
    assert 0.1 <= min_score <= 0.3


def test_settled_cases_ignore_the_thresholds():
    cases = [case(0, True, 0.0, 0.0, settled="answer"), case(1, False, 0.9, 0.9, settled="decline")]
    assert decisions(cases, 0.5, 0.5).tolist() == [True, False]


def test_loss_weighs_refusals_twice_as_much_as_false_answers():
    answerable = np.array([True] * 10 + [False] * 10)
    one_refusal = answerable.copy()
    one_refusal[0] = False
    one_false_answer = answerable.copy()
    one_false_answer[10] = True
    assert loss(one_refusal, answerable) == 2 * loss(one_false_answer, answerable)


def test_cross_validation_reports_out_of_fold_confusion_per_language():
    cases = separable()
    predicted, chosen = cross_validate(cases, folds=5)
    assert len(chosen) == 5
    table = confusion(cases, predicted)
    assert set(table) == {"en", "fr", "all"}
    assert table["en"]["answerable_answered"] + table["en"]["answerable_refused"] == 40
    assert table["fr"]["unanswerable_declined"] + table["fr"]["unanswerable_answered"] == 20
    assert table["all"]["false_refusal_rate"] == 0 and table["all"]["false_answer_rate"] == 0


def test_either_fit_is_the_exhaustive_search_over_both_cuts():
    rng = np.random.default_rng(3)
    cases = [case(i, bool(rng.random() < 0.7), float(rng.random()), float(rng.random())) for i in range(60)]
    cases[0] = case(0, True, 0.9, 0.9, settled="answer")
    min_score, min_grounding = fit_thresholds(cases)
    answerable = np.array([c.answerable for c in cases])
    scores = sorted({c.score for c in cases if not c.settled}) + [2.0]
    groundings = sorted({c.grounding for c in cases if not c.settled}) + [2.0]
    best = min(loss(decisions(cases, a, b), answerable) for a in scores for b in groundings)
    assert loss(decisions(cases, min_score, min_grounding), answerable) == pytest.approx(best)


def test_sum_rule_separates_cases_no_corner_can():
    # answerable: both signals middling; unanswerable: one high, the other low
    cases = [case(i, True, 0.25 + 0.01 * (i % 5), 0.45 + 0.01 * (i % 3)) for i in range(30)]
    cases += [case(30 + i, False, 0.35, 0.1) for i in range(8)] + [case(40 + i, False, 0.05, 0.55) for i in range(8)]
    answerable = np.array([c.answerable for c in cases])
    corner = decisions(cases, *fit_thresholds(cases, "either"), "either")
    line = decisions(cases, *fit_thresholds(cases, "sum"), "sum")
    assert loss(line, answerable) == 0
    assert loss(corner, answerable) > 0


def test_grouped_cross_validation_leaves_each_set_out_whole():
    cases = separable()
    groups = ["round2" if i % 2 else "round3" for i in range(len(cases))]
    predicted, chosen = cross_validate(cases, groups=groups, rule="sum")
    assert len(chosen) == 2
    assert (predicted == np.array([c.answerable for c in cases])).all()


def test_the_stored_thresholds_were_chosen_on_todays_development_sets():
    # a round that becomes development data must be calibrated on; a held-out set never is
    import json
    from pathlib import Path

    from eval.gold import CALIBRATION_SETS, HELDOUT_SETS
    from index.policy import CALIBRATION_FILE

    stored = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    held_out = {Path(p).name for p in HELDOUT_SETS}
    for key, files in CALIBRATION_SETS.items():
        assert stored[f"{key}_chosen_from"] == [Path(p).name for p in files], f"recalibrate: statement-qa eval --calibrate ({key})"
        assert not held_out & set(stored[f"{key}_chosen_from"])


def test_the_aspect_cut_declines_entity_answers_only_where_it_lowers_the_loss():
    named = [case(i, True, 0.5, 0.5, settled="answer", aspect=0.01 * i) for i in range(10)]
    traps = [case(10 + i, False, 0.5, 0.5, settled="answer", aspect=-0.1 - 0.01 * i) for i in range(5)]
    cut = fit_aspect(named + traps)
    assert cut is not None and -0.1 < cut <= 0.0
    answered = decisions(named + traps, 0.9, 0.9, "either", cut)
    assert answered.tolist() == [True] * 10 + [False] * 5
    # where the traps come as close as the answerable questions, no cut helps
    mixed = named + [case(10 + i, False, 0.5, 0.5, settled="answer", aspect=0.05) for i in range(2)]
    assert fit_aspect(mixed) is None


def test_cross_validation_fits_the_aspect_cut_in_each_fold():
    cases = separable() + [case(100 + i, False, 0.5, 0.5, settled="answer", aspect=-0.2) for i in range(5)]
    cases += [case(200 + i, True, 0.5, 0.5, settled="answer", aspect=0.0) for i in range(10)]
    predicted, chosen = cross_validate(cases, folds=5)
    assert all(len(t) == 3 and t[2] is not None for t in chosen)
    assert not predicted[-15:-10].any() and predicted[-10:].all()


def test_the_aspect_cut_is_kept_only_where_it_lowers_the_out_of_fold_loss():
    open_cases = separable()
    groups = ["a" if i % 2 else "b" for i in range(len(open_cases))]
    # each fold fits a cut on its own traps, and the held-out fold's answerable questions fall under it
    a = [case(100 + i, True, 0.5, 0.5, settled="answer", aspect=0.0) for i in range(10)]
    a.append(case(120, False, 0.5, 0.5, settled="answer", aspect=-0.2))
    b = [case(200 + i, True, 0.5, 0.5, settled="answer", aspect=-0.3) for i in range(10)]
    b.append(case(220, False, 0.5, 0.5, settled="answer", aspect=-0.5))
    settings, report = calibrate_cases(open_cases + a + b, groups + ["a"] * 11 + ["b"] * 11)
    assert report["aspect_cut_losses"]["with"] > report["aspect_cut_losses"]["without"]
    assert settings.min_aspect is None
    # where the traps fall under every answerable question in every set, the cut is kept
    b = [case(200 + i, True, 0.5, 0.5, settled="answer", aspect=0.0) for i in range(10)]
    b.append(case(220, False, 0.5, 0.5, settled="answer", aspect=-0.2))
    settings, report = calibrate_cases(open_cases + a + b, groups + ["a"] * 11 + ["b"] * 11)
    assert report["aspect_cut_losses"]["with"] < report["aspect_cut_losses"]["without"]
    assert settings.min_aspect is not None and -0.2 < settings.min_aspect < 0.0


def test_the_decline_tradeoff_is_free_on_separable_cases():
    table = tradeoff(separable())
    assert table["1.00"] == {"unanswerable_answered": 0, "answerable_refused": 0, "false_refusal_rate": 0.0}


def test_the_decline_tradeoff_is_the_exhaustive_search_over_every_setting():
    rng = np.random.default_rng(7)
    cases = [case(i, bool(rng.random() < 0.7), rng.random(), rng.random()) for i in range(30)]
    # entity answers, some asking nothing beyond their names (never cut), and fixed declines
    cases += [
        case(30 + i, bool(rng.random() < 0.6), 0.0, 0.0, settled="answer", aspect=rng.random() if i % 4 else float("nan"))
        for i in range(16)
    ]
    cases += [case(46 + i, i % 2 == 0, 0.0, 0.0, settled="decline") for i in range(4)]
    answerable = np.array([c.answerable for c in cases])
    grid = lambda values: np.concatenate([[-1.0], np.unique(values), [2.0]])
    scores, grounding = grid([c.score for c in cases]), grid([c.grounding for c in cases])
    aspects = np.concatenate([[None], grid([c.aspect for c in cases if not np.isnan(c.aspect)])])
    best: dict[int, int] = {}
    for s in scores:
        for g in grounding:
            for a in aspects:
                answered = decisions(cases, s, g, "either", a)
                wrong, refused = int((answered & ~answerable).sum()), int((~answered & answerable).sum())
                best[wrong] = min(best.get(wrong, refused), refused)
    n_unanswerable = int((~answerable).sum())
    for share, row in tradeoff(cases).items():
        allowed = int(np.floor((1 - float(share)) * n_unanswerable + 1e-9))
        assert row["unanswerable_answered"] == allowed
        reachable = [refused for wrong, refused in best.items() if wrong <= allowed]
        assert row["answerable_refused"] == (min(reachable) if reachable else None)
    assert tradeoff(cases)["0.50"]["answerable_refused"] is not None
