"""``statement-qa load``: many concurrent chat clients against a real server.

Each client is its own ``gradio_client`` session asking its share of the gold
questions through ``/chat``. Every reply is compared with the reply the engine
gives for that question in-process, so a reply that belongs to another
client's question (cross-talk) is caught, not just an error.
"""

from __future__ import annotations

import json
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app.chat import respond
from eval.gold import load_gold
from eval.metrics import percentile
from eval.report import RESULTS_DIR
from eval.server import rss_mib, served


def run_load(engine, *, clients: int = 32, questions_per_client: int = 25, out_dir: Path | None = RESULTS_DIR) -> dict:
    """Drive the server; return (and save, unless ``out_dir`` is None) the figures."""
    from gradio_client import Client

    engine.build()
    pool = [q.question for q in load_gold()]
    expected = {q: respond(engine, q, []).markdown for q in pool}
    plan = [[pool[(c * 7 + i) % len(pool)] for i in range(questions_per_client)] for c in range(clients)]
    with tempfile.TemporaryDirectory() as tmp, served(engine.corpus_dir, engine.index_dir, Path(tmp) / "server.log") as server:
        Client(server.url, verbose=False).predict(pool[0], api_name="/chat")  # warm
        rss_before = rss_mib(server.pid)

        def session(questions: list[str]) -> list[tuple[str, str | None, float, str]]:
            client = Client(server.url, verbose=False)
            out = []
            for question in questions:
                started = time.perf_counter()
                try:
                    reply, error = client.predict(question, api_name="/chat"), ""
                except Exception as failure:  # counted, not raised: the run reports every error
                    reply, error = None, f"{type(failure).__name__}: {failure}"
                out.append((question, reply, (time.perf_counter() - started) * 1000, error))
            return out

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as executor:
            sessions = list(executor.map(session, plan))
        wall = time.perf_counter() - started
        rss_after = rss_mib(server.pid)
        rss_peak = rss_mib(server.pid, "VmHWM")
    calls = [call for calls in sessions for call in calls]
    errors = [error for _, _, _, error in calls if error]
    crossed = [q for q, reply, _, error in calls if not error and reply != expected[q]]
    latencies = [ms for _, _, ms, _ in calls]
    results = {
        "clients": clients,
        "questions_per_client": questions_per_client,
        "requests": len(calls),
        "errors": len(errors),
        "error_examples": errors[:3],
        "mismatched_replies": len(crossed),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "throughput_rps": len(calls) / wall,
        "wall_s": wall,
        "server_rss_before_mib": rss_before,
        "server_rss_after_mib": rss_after,
        "server_peak_rss_mib": rss_peak,
    }
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "load.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results
