"""Write evaluation figures as JSON, a Markdown table and a PNG plot."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
RETRIEVAL_COLUMNS = ("hit@1", "recall@3", "recall@5", "mrr@10", "ndcg@10", "all_relevant@5", "latency_p50_ms", "latency_p95_ms")
ASK_COLUMNS = (
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
    """Histogram of the best passage's score, answerable vs unanswerable, with the threshold."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    answerable = [q["top_score"] for q in results["questions"] if q["relevant"]]
    unanswerable = [q["top_score"] for q in results["questions"] if not q["relevant"]]
    figure, axis = plt.subplots(figsize=(7, 3.6), dpi=120)
    bins = [i / 50 for i in range(0, 31)]
    axis.hist(answerable, bins=bins, alpha=0.7, label=f"answerable ({len(answerable)})", color="#2b6cb0")
    axis.hist(unanswerable, bins=bins, alpha=0.7, label=f"not in the statement ({len(unanswerable)})", color="#c05621")
    axis.axvline(threshold, color="black", linestyle="--", label=f"abstention threshold {threshold:.3f}")
    axis.set_xlabel("fused score of the best passage")
    axis.set_ylabel("questions")
    axis.set_title("Where ask() draws the line")
    axis.legend(frameon=False, fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path
