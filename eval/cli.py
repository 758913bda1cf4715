"""``statement-qa eval``: run the evaluations and write their results."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path

from eval.gold import CALIBRATION_SETS, DEVELOPMENT_SETS, HELDOUT_SETS, load_gold, set_language, set_round
from eval.report import RESULTS_DIR, plot_by_set, plot_top_scores, statement_markdown, summary_markdown, write_results
from index.policy import CALIBRATION_FILE


def run_eval(args, engine) -> int:
    out_dir = args.out or RESULTS_DIR
    if getattr(args, "langid", False):
        from eval.langid import run_langid

        return run_langid(out_dir)
    if args.beir:
        from eval.beir import run_beir

        return run_beir(args.beir, split=args.split, out_dir=out_dir)
    default = [[p] for p in (*DEVELOPMENT_SETS, *HELDOUT_SETS)]
    gold_sets = [[Path(p)] for p in args.gold] if args.gold else default
    if args.calibrate:
        _calibrate(engine, getattr(args, "calibration_file", None) or CALIBRATION_FILE)
    from eval.statement import evaluate_statement

    summary: dict[str, dict] = {}
    for gold_files in gold_sets:
        questions = [q for path in gold_files for q in load_gold(path)]
        results = evaluate_statement(engine, questions)
        results["settings"] = {
            "retrieval": asdict(engine.retrieval),
            "ask": asdict(engine.ask_settings),
            "multilingual_retrieval": asdict(engine.multilingual_retrieval),
            "ask_multilingual": asdict(engine.multilingual_ask_settings),
        }
        results["gold"] = [Path(p).name for p in gold_files]
        stem = _stem(gold_files)
        markdown = statement_markdown(results, f"Statement evaluation ({', '.join(results['gold'])})")
        paths = write_results(results, stem, out_dir=out_dir, markdown=markdown)
        routed = sum(engine.language(q.question) != "en" for q in questions) > len(questions) / 2
        threshold = (engine.multilingual_ask_settings if routed else engine.ask_settings).min_score
        paths.append(plot_top_scores(results, threshold, out_dir / f"{stem}-top-scores.png"))
        print(markdown)
        print("wrote " + ", ".join(str(p) for p in paths) + "\n")
        expected = set_language(stem)
        detected = [o["language"] == expected for o in results["questions"]]
        results["language_detected"] = sum(detected) / len(detected) if detected else 0.0
        summary[stem] = {
            "language": expected,
            "split": "held out" if "heldout" in stem else "development",
            "results": results,
        }
    table = summary_markdown(summary)
    (out_dir / "summary.md").write_text(table, encoding="utf-8")
    plot = plot_by_set(summary, out_dir / "summary.png")
    print(table)
    print(f"wrote {out_dir / 'summary.md'}, {plot}")
    return 0


def _calibrate(engine, path: Path) -> None:
    """Choose each route's thresholds by cross-validation over its development sets; save them."""
    from eval.calibration import calibrate
    from eval.statement import resolved_query

    saved = {"chosen_on": time.strftime("%Y-%m-%d")}
    for key, files in CALIBRATION_SETS.items():
        by_set = [(set_round(gold), load_gold(gold)) for gold in files]
        questions = [q for _, qs in by_set for q in qs]
        groups = {q.id: name for name, qs in by_set for q in qs}
        settings, report = calibrate(engine, questions, {q.id: resolved_query(q) for q in questions}, groups)
        saved[key] = asdict(settings)
        saved[f"{key}_chosen_from"] = [Path(p).name for p in files]
        saved[f"{key}_figures"] = report
        print(f"calibrated {key}: {settings} (out-of-fold loss per rule: {report['rule_losses']})")
        for language, counts in report["cross_validated"].items():
            print(
                f"  {language}: cross-validated false refusals {counts['answerable_refused']} "
                f"({counts['false_refusal_rate']:.3f}), false answers {counts['unanswerable_answered']} "
                f"({counts['false_answer_rate']:.3f})"
            )
        for share, row in report["decline_tradeoff"].items():
            refused = "no setting" if row["answerable_refused"] is None else (
                f"{row['answerable_refused']} ({row['false_refusal_rate']:.3f})"
            )
            print(f"  declining {float(share):.0%} of unanswerable questions refuses at best {refused} answerable (in sample)")
        if key == "ask":
            engine.ask_settings = settings
        else:
            engine.multilingual_ask_settings = settings
    path.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    print(f"saved → {path}")


def _stem(gold_files: list[Path]) -> str:
    """``statement`` for the development set, ``statement-heldout`` for the held-out one."""
    names = [Path(p).stem.replace("statement-en", "statement") for p in gold_files]
    return "-".join(names)
