"""``statement-qa eval``: run the evaluations and write their results."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path

from eval.gold import DEFAULT_GOLD, HELDOUT_GOLD, load_gold
from eval.report import RESULTS_DIR, plot_top_scores, statement_markdown, write_results
from index.engine import CALIBRATION_FILE


def run_eval(args, engine) -> int:
    out_dir = args.out or RESULTS_DIR
    if args.beir:
        from eval.beir import run_beir

        return run_beir(args.beir, split=args.split, out_dir=out_dir)
    gold_sets = [[Path(p)] for p in args.gold] if args.gold else [[DEFAULT_GOLD], [HELDOUT_GOLD]]
    if args.calibrate:
        from eval.statement import calibrate

        # thresholds come from the first (development) set only
        tuning_files = gold_sets[0]
        settings, report = calibrate(engine, [q for path in tuning_files for q in load_gold(path)])
        CALIBRATION_FILE.write_text(
            json.dumps(
                {
                    "ask": asdict(settings),
                    "chosen_from": [Path(p).name for p in tuning_files],
                    "chosen_on": time.strftime("%Y-%m-%d"),
                    "balanced_accuracy": report["balanced_accuracy"],
                    "leave_one_out_balanced_accuracy": report["leave_one_out_balanced_accuracy"],
                    "quote_f1": report["quote_f1"],
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        engine.ask_settings = settings
        print(f"calibrated ask(): {settings} → {CALIBRATION_FILE}")
    from eval.statement import evaluate_statement

    for gold_files in gold_sets:
        questions = [q for path in gold_files for q in load_gold(path)]
        results = evaluate_statement(engine, questions)
        results["settings"] = {"retrieval": asdict(engine.retrieval), "ask": asdict(engine.ask_settings)}
        results["gold"] = [Path(p).name for p in gold_files]
        stem = _stem(gold_files)
        markdown = statement_markdown(results, f"Statement evaluation ({', '.join(results['gold'])})")
        paths = write_results(results, stem, out_dir=out_dir, markdown=markdown)
        paths.append(plot_top_scores(results, engine.ask_settings.min_score, out_dir / f"{stem}-top-scores.png"))
        print(markdown)
        print("wrote " + ", ".join(str(p) for p in paths) + "\n")
    return 0


def _stem(gold_files: list[Path]) -> str:
    """``statement`` for the development set, ``statement-heldout`` for the held-out one."""
    names = [Path(p).stem.replace("statement-en", "statement") for p in gold_files]
    return "-".join(names)
