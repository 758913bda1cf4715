"""Write evaluation figures as JSON, a Markdown table and a PNG plot."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
RETRIEVAL_COLUMNS = ("hit@1", "recall@3", "recall@5", "mrr@10", "ndcg@10", "all_relevant@5", "latency_p50_ms", "latency_p95_ms")
ASK_COLUMNS = (
    "false_refusal_rate",
    "answerable_refused",
    "false_answer_rate",
    "unanswerable_answered",
    "related_shown_when_declined",
    "abstention_precision",
    "abstention_recall",
    "answer_rate_answerable",
    "first_quote_correct",
    "quote_f1",
    "latency_p50_ms",
    "latency_p95_ms",
)


def markdown_table(rows: dict[str, dict[str, float]], columns: tuple[str, ...], first: str = "retriever") -> str:
    """A Markdown table with one row per key of ``rows``.

    Example:
        >>> print(markdown_table({"bm25": {"hit@1": 0.5}}, ("hit@1",)))
        | retriever | hit@1 |
        |---|---|
        | bm25 | 0.500 |
    """
    lines = [f"| {first} | " + " | ".join(columns) + " |", "|" + "---|" * (len(columns) + 1)]
    for name, figures in rows.items():
        cells = [_cell(figures.get(column)) for column in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.3f}"
    return str(value)


def statement_markdown(results: dict, title: str) -> str:
    parts = [
        f"# {title}",
        "",
        f"{results['questions_total']} questions ({results['answerable']} answerable, "
        f"{results['unanswerable']} not answered by the statement).",
        "",
        "## Retrieval",
        "",
        markdown_table(results["retrievers"], RETRIEVAL_COLUMNS),
        "",
        "## ask()",
        "",
        markdown_table({"ask": results["ask"]}, ASK_COLUMNS, first=""),
    ]
    if "settings" in results:
        parts += ["", f"Settings: `{json.dumps(results['settings'])}`"]
    return "\n".join(parts) + "\n"


SUMMARY_COLUMNS = (
    "language", "split", "questions", "language detected", "hit@1", "all_relevant@5", "ndcg@10",
    "refused (answerable)", "false refusal rate", "refused, closest shown is relevant", "answered (unanswerable)",
    "false answer rate",
)


def summary_markdown(rows: dict[str, dict]) -> str:
    """One table over every gold set: retrieval and ask() confusion side by side.

    ``rows`` maps a set's name to ``{"language", "split", "results"}``.
    """
    table = {}
    for name, row in rows.items():
        results = row["results"]
        hybrid, ask = results["retrievers"]["hybrid"], results["ask"]
        table[name] = {
            "language": row["language"],
            "split": row["split"],
            "questions": f"{results['questions_total']} ({results['unanswerable']} unanswerable)",
            "language detected": results.get("language_detected"),
            "hit@1": hybrid["hit@1"],
            "all_relevant@5": hybrid["all_relevant@5"],
            "ndcg@10": hybrid["ndcg@10"],
            "refused (answerable)": f"{ask['answerable_refused']} of {results['answerable']}",
            "false refusal rate": ask["false_refusal_rate"],
            "refused, closest shown is relevant": f"{ask.get('refused_closest_relevant', 0)} of {ask['answerable_refused']}",
            "answered (unanswerable)": f"{ask['unanswerable_answered']} of {results['unanswerable']}",
            "false answer rate": ask["false_answer_rate"],
        }
    return (
        "# Every gold set\n\nHybrid retrieval; `ask()` with the thresholds in `index/calibration.json`. "
        "Development sets were used to choose settings; held-out sets never were. "
        "A refused question may still show its closest passage under a caveat; the column after the refusals "
        "counts those whose closest passage is a relevant one.\n\n"
        + markdown_table(table, SUMMARY_COLUMNS, first="set")
        + "\n"
    )


def plot_by_set(rows: dict[str, dict], path: Path) -> Path:
    """Bars per gold set: hit@1, false refusal rate and false answer rate."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(rows)
    series = {
        "hit@1": [rows[n]["results"]["retrievers"]["hybrid"]["hit@1"] for n in names],
        "false refusals": [rows[n]["results"]["ask"]["false_refusal_rate"] for n in names],
        "false answers": [rows[n]["results"]["ask"]["false_answer_rate"] for n in names],
    }
    figure, axis = plt.subplots(figsize=(max(7, 0.9 * len(names)), 3.8), dpi=120)
    width = 0.27
    for offset, (label, values) in enumerate(series.items()):
        axis.bar([i + (offset - 1) * width for i in range(len(names))], values, width, label=label)
    axis.set_xticks(range(len(names)), names, rotation=35, ha="right", fontsize=7)
    axis.set_ylim(0, 1.05)
    axis.set_title("Per gold set (language and split)")
    return _save(figure, axis, path)


def write_results(results: dict, stem: str, *, out_dir: Path = RESULTS_DIR, markdown: str | None = None) -> list[Path]:
    """Write ``stem.json`` (and ``stem.md``) under ``out_dir``; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / f"{stem}.json"]
    written[0].write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if markdown is not None:
        written.append(out_dir / f"{stem}.md")
        written[1].write_text(markdown, encoding="utf-8")
    return written


def plot_top_scores(results: dict, threshold: float, path: Path) -> Path:
    """Histogram of the best passage's score, answerable vs unanswerable, with the score threshold.

    ``threshold`` is the score at which ``ask()`` answers on the score
    alone. Below it, the grounding cosine decides, alone (the "either" rule)
    or added to the score (the "sum" rule), so the line is not the whole
    decision.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    answerable = [q["top_score"] for q in results["questions"] if q["relevant"]]
    unanswerable = [q["top_score"] for q in results["questions"] if not q["relevant"]]
    figure, axis = plt.subplots(figsize=(7, 3.6), dpi=120)
    bins = [i / 50 for i in range(0, 31)]
    axis.hist(answerable, bins=bins, alpha=0.7, label=f"answerable ({len(answerable)})", color="#2b6cb0")
    axis.hist(unanswerable, bins=bins, alpha=0.7, label=f"not in the statement ({len(unanswerable)})", color="#c05621")
    axis.axvline(threshold, color="black", linestyle="--", label=f"answered on the score alone from {threshold:.3f}")
    axis.set_xlabel("fused score of the best passage")
    axis.set_ylabel("questions")
    axis.set_title("Best-passage scores (below the line, grounding decides too)")
    return _save(figure, axis, path)


def _save(figure, axis, path: Path) -> Path:
    """Legend, layout, PNG: the same last steps for every plot."""
    import matplotlib.pyplot as plt

    axis.legend(frameon=False, fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path
