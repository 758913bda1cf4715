"""``statement-qa eval --langid``: language detection on every gold question, per language.

Compares the detector the engine uses (``index.language``: script rules,
names removed, py3langid) with py3langid alone and, when it is installed,
lingua (``pip install lingua-language-detector``), and writes
``eval/results/langid.{json,md}``.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

from eval.gold import GOLD_DIR, load_gold, set_language
from eval.report import RESULTS_DIR, markdown_table


def gold_languages() -> list[tuple[str, str, int]]:
    """(language, question, word count) of every gold question; the set's name gives its language."""
    rows = []
    for path in sorted(GOLD_DIR.glob("*.jsonl")):
        language = set_language(path.stem)
        for question in load_gold(path):
            rows.append(((question.language or language).split("-")[0], question.question, len(question.question.split())))
    return rows


def detectors() -> dict:
    from index.entities import default_catalog
    from index.language import _rank, detect_language

    catalog = default_catalog()
    found = {
        "engine (rules + py3langid)": lambda text: detect_language(
            text, names=[m.span for m in catalog.find(text)]
        ).code,
        "py3langid alone": lambda text: _rank(text)[0][0],
    }
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        return found
    lingua = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()

    def lingua_code(text: str) -> str:
        language = lingua.detect_language_of(text)
        return language.iso_code_639_1.name.lower() if language else "none"

    found["lingua alone"] = lingua_code
    return found


def run_langid(out_dir: Path = RESULTS_DIR) -> int:
    rows = gold_languages()
    results = {}
    for name, detect in detectors().items():
        detect("warm up the model")
        per = defaultdict(lambda: [0, 0])
        times = []
        for language, question, _ in rows:
            started = time.perf_counter()
            got = detect(question)
            times.append((time.perf_counter() - started) * 1000)
            per[language][0] += got == language
            per[language][1] += 1
        short = [(l, q) for l, q, n in rows if 3 <= n <= 10]
        results[name] = {
            "accuracy": sum(a for a, _ in per.values()) / len(rows),
            "accuracy_3_to_10_words": sum(detect(q) == l for l, q in short) / max(1, len(short)),
            "p50_ms": statistics.median(times),
            **{f"acc_{lang}": a / n for lang, (a, n) in sorted(per.items())},
        }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "langid.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    columns = ("accuracy", "accuracy_3_to_10_words", "p50_ms") + tuple(
        sorted(k for k in next(iter(results.values())) if k.startswith("acc_"))
    )
    table = f"# Language detection on {len(rows)} gold questions\n\n" + markdown_table(results, columns, first="detector") + "\n"
    (out_dir / "langid.md").write_text(table, encoding="utf-8")
    print(table)
    return 0
