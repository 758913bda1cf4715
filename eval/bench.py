"""``statement-qa bench``: speed, memory and scale figures, printed and saved.

Sections (all measured in one run, written to ``eval/results/bench.json``
and ``bench.md``):

* warm ``search()``/``ask()`` latency over the gold questions, query cache
  off and on, beside encoding the query alone with the plain
  sentence-transformers model (the floor a naive implementation sits on);
* cold start: the whole ``statement-qa ask`` process, beside
  ``python -c "import sentence_transformers"``;
* index build throughput, full and after adding one statement;
* peak memory (RSS) of a query process and of the server under requests;
* synthetic scale: exact FAISS vs HNSW at 10k, 100k (and 1M with
  ``--scale 1000000``) vectors: build time, memory, search p50, recall@10.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from eval.gold import DEFAULT_GOLD, load_gold
from eval.metrics import percentile
from eval.report import RESULTS_DIR
from eval.statement import resolved_query

QUESTION = "what was said about North Korea"


def _latency(fn, items, *, repeat: int = 1) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        for item in items:
            started = time.perf_counter()
            fn(item)
            times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "p99_ms": percentile(times, 99)}


def warm_latency(engine, questions: list[str], *, repeat: int, other_languages: list[str] = ()) -> dict:
    from sentence_transformers import SentenceTransformer

    from index.embedding import bundled_model_path

    engine.search(questions[0], k=5)
    engine.ask(questions[0])
    cache = engine.query_cache_size
    engine.query_cache_size = 0
    results = {
        "search_no_cache": _latency(lambda q: engine.search(q, k=5), questions, repeat=repeat),
        "ask_no_cache": _latency(engine.ask, questions, repeat=repeat),
    }
    if other_languages:
        engine.ask(other_languages[0])  # load the multilingual model and the language identifier
        results["ask_other_languages_no_cache"] = _latency(engine.ask, list(other_languages), repeat=repeat)
    engine.query_cache_size = max(cache, 1024)
    for q in questions:
        engine.search(q, k=5)
    results["search_cached"] = _latency(lambda q: engine.search(q, k=5), questions, repeat=repeat)
    results["ask_cached"] = _latency(engine.ask, questions, repeat=repeat)
    engine.query_cache_size = cache
    plain = SentenceTransformer(str(bundled_model_path()), device="cpu")
    plain.encode([questions[0]])
    results["plain_encode"] = _latency(lambda q: plain.encode([q], normalize_embeddings=True), questions, repeat=repeat)
    floor = results["plain_encode"]["p50_ms"]
    results["ratio_search_p50_to_plain_encode"] = results["search_no_cache"]["p50_ms"] / floor
    results["ratio_search_cached_p50_to_plain_encode"] = results["search_cached"]["p50_ms"] / floor
    results["query_encoder"] = engine.query_embedder().model_id
    return results


# Runs the CLI as its console script does, then reports the process's own
# peak RSS. (A child's ru_maxrss would include the memory of this process,
# which it was forked from, so it cannot be used.)
_CLI_WITH_PEAK = (
    "import sys\n"
    "from app.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "print('PEAK_RSS_KIB', peak, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _run_timed(command: list[str], env: dict) -> tuple[float, int]:
    """Wall time (s) and, for CLI runs, peak RSS (KiB) of one process."""
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stderr[-500:]}")
    peak = [line.split()[1] for line in result.stderr.splitlines() if line.startswith("PEAK_RSS_KIB")]
    return elapsed, int(peak[0]) if peak else 0


def cold_start(index_dir: Path, corpus_dir: Path, *, runs: int) -> dict:
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    ask = [sys.executable, "-c", _CLI_WITH_PEAK, "--corpus", str(corpus_dir), "--index", str(index_dir), "ask", QUESTION]
    _run_timed(ask, env)  # warm the file cache
    ask_runs = [_run_timed(ask, env) for _ in range(runs)]
    import_runs = [_run_timed([sys.executable, "-c", "import sentence_transformers"], env) for _ in range(max(3, runs // 2))]
    ask_s = statistics.median(t for t, _ in ask_runs)
    import_s = statistics.median(t for t, _ in import_runs)
    return {
        "ask_process_median_s": ask_s,
        "import_sentence_transformers_median_s": import_s,
        "ratio": ask_s / import_s,
        "ask_process_peak_rss_mib": max(r for _, r in ask_runs) / 1024,
        "runs": runs,
    }


def load_cost(index_dir: Path, *, runs: int = 5) -> dict:
    """What loading the live index costs, and the share spent checking its sha256 hashes."""
    from index.embedding import file_sha256
    from index.store import load_index, read_manifest

    load_index(index_dir)  # warm the file cache
    loads, hashes = [], []
    for _ in range(runs):
        started = time.perf_counter()
        stored = load_index(index_dir)
        loads.append(time.perf_counter() - started)
        started = time.perf_counter()
        for name in read_manifest(index_dir).sha256:
            file_sha256(stored.folder / name)
        hashes.append(time.perf_counter() - started)
    size = sum(read_manifest(index_dir).files.values())
    block = os.urandom(64 * 2**20)
    started = time.perf_counter()
    hashlib.sha256(block).hexdigest()
    throughput = len(block) / 2**20 / (time.perf_counter() - started)
    return {
        "index_mib": size / 2**20,
        "load_median_ms": 1000 * statistics.median(loads),
        "sha256_median_ms": 1000 * statistics.median(hashes),
        "sha256_mib_per_s": throughput,
    }


def _variant(text: str, number: int) -> str:
    """A statement of the same shape whose every passage and sentence differs."""
    return text.replace("four Ministers", f"four Ministers (session {number})")


def build_throughput(corpus_dir: Path, *, copies: int = 20) -> dict:
    """Full build of ``copies`` variants of the corpus, then adding one more."""
    from corpus import load_corpus
    from index import Engine

    with tempfile.TemporaryDirectory() as tmp:
        corpus_copy = Path(tmp) / "statements"
        corpus_copy.mkdir()
        from corpus import read_text, statement_files

        sources = statement_files(corpus_dir)
        for number in range(copies):
            for source in sources:
                text = _variant(read_text(source), number)
                (corpus_copy / f"{source.stem}-{number:03d}.txt").write_text(text, encoding="utf-8")
        engine = Engine(corpus_dir=corpus_copy, index_dir=Path(tmp) / "index")
        engine.embedder.embed(["warm up"])
        # the one-off ONNX export is timed apart from the build itself
        onnx_setting = os.environ.get("STATEMENT_QA_ONNX")
        os.environ["STATEMENT_QA_ONNX"] = "0"
        try:
            started = time.perf_counter()
            stored = engine.build(force=True)
            full = time.perf_counter() - started
        finally:
            if onnx_setting is None:
                os.environ.pop("STATEMENT_QA_ONNX")
            else:
                os.environ["STATEMENT_QA_ONNX"] = onnx_setting
        started = time.perf_counter()
        engine.build()  # exports the query encoder
        export_s = time.perf_counter() - started
        passages = stored.manifest.passage_count
        sentences = stored.manifest.sentence_count
        # one new statement: only its passages are embedded
        added = _variant(sources[0].read_text(encoding="utf-8"), copies)
        (corpus_copy / "zz-added-statement.txt").write_text(added, encoding="utf-8")
        started = time.perf_counter()
        engine.build()
        incremental = time.perf_counter() - started
        total = sum(len(s.passages) for s in load_corpus(corpus_copy))
    return {
        "full_build_s": full,
        "passages": passages,
        "sentences": sentences,
        "passages_per_s": passages / full,
        "texts_per_s": (passages + sentences) / full,
        "rebuild_after_adding_one_statement_s": incremental,
        "onnx_export_s": export_s,
        "passages_after_adding": total,
        "statements": copies * len(sources),
    }


def server_memory(index_dir: Path, corpus_dir: Path, *, requests: int) -> dict:
    from gradio_client import Client

    from eval.server import rss_mib, served

    from eval.gold import MULTILINGUAL_GOLD

    # English, Japanese and French questions in turn: both models get loaded, as in real use
    sets = [[q.question for q in load_gold(path)] for path in (DEFAULT_GOLD, *MULTILINGUAL_GOLD)]
    questions = [question for group in zip(*sets) for question in group]
    with tempfile.TemporaryDirectory() as tmp, served(corpus_dir, index_dir, Path(tmp) / "server.log") as server:
        client = Client(server.url, verbose=False)
        for i in range(requests):
            client.predict(questions[i % len(questions)], api_name="/chat")
        return {
            "server_peak_rss_mib": rss_mib(server.pid, "VmHWM"),
            "server_rss_mib": rss_mib(server.pid),
            "requests": requests,
            "questions": "English, Japanese and French in turn",
        }


def scale(sizes: list[int], *, dim: int = 384, queries: int = 200, seed: int = 7) -> list[dict]:
    """Exact vs HNSW on synthetic clustered unit vectors."""
    import faiss

    from index.store import make_faiss_index

    rng = np.random.default_rng(seed)
    rows = []
    for size in sizes:
        centres = rng.standard_normal((max(16, size // 1000), dim)).astype(np.float32)
        data = centres[rng.integers(0, len(centres), size)] + 0.6 * rng.standard_normal((size, dim)).astype(np.float32)
        data /= np.linalg.norm(data, axis=1, keepdims=True)
        probe = centres[rng.integers(0, len(centres), queries)] + 0.6 * rng.standard_normal((queries, dim)).astype(np.float32)
        probe /= np.linalg.norm(probe, axis=1, keepdims=True)
        truth = None
        for kind in ("flat", "hnsw"):
            started = time.perf_counter()
            index = make_faiss_index(data, kind)
            build_s = time.perf_counter() - started
            size_mib = len(faiss.serialize_index(index)) / 2**20
            times, found = [], []
            for q in probe:
                started = time.perf_counter()
                _, ids = index.search(q.reshape(1, -1), 10)
                times.append((time.perf_counter() - started) * 1000)
                found.append(ids[0])
            found = np.array(found)
            if kind == "flat":
                truth = found
            recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth)]))
            rows.append({
                "vectors": size, "index": kind, "build_s": build_s, "index_mib": size_mib,
                "search_p50_ms": percentile(times, 50), "search_p95_ms": percentile(times, 95), "recall@10": recall,
            })
            print(f"  scale {size:>9,} {kind:5s} build {build_s:7.1f} s  {size_mib:8.1f} MiB  "
                  f"p50 {rows[-1]['search_p50_ms']:7.3f} ms  recall@10 {recall:.3f}", flush=True)
            del index
    return rows


def run_bench(engine, *, out_dir: Path = RESULTS_DIR, repeat: int = 3, cold_runs: int = 5,
              scale_sizes: list[int] | None = None, server_requests: int = 40, build_copies: int = 20) -> dict:
    scale_sizes = scale_sizes if scale_sizes is not None else [10_000, 100_000]
    engine.build()
    questions = [resolved_query(q) for q in load_gold(DEFAULT_GOLD)]
    from eval.gold import LANGUAGE_GOLD, MULTILINGUAL_GOLD

    others = [q.question for path in (*MULTILINGUAL_GOLD, *LANGUAGE_GOLD) for q in load_gold(path)]
    print("warm latency…", flush=True)
    results = {"warm": warm_latency(engine, questions, repeat=repeat, other_languages=others)}
    print("index load…", flush=True)
    results["load"] = load_cost(engine.index_dir)
    print("cold start…", flush=True)
    results["cold_start"] = cold_start(engine.index_dir, engine.corpus_dir, runs=cold_runs)
    print("index build…", flush=True)
    results["build"] = build_throughput(engine.corpus_dir, copies=build_copies)
    print("server memory…", flush=True)
    results["server"] = server_memory(engine.index_dir, engine.corpus_dir, requests=server_requests)
    print("scale…", flush=True)
    results["scale"] = scale(scale_sizes)
    results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    markdown = bench_markdown(results)
    (out_dir / "bench.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    print(f"wrote {out_dir / 'bench.json'}, {out_dir / 'bench.md'}")
    return results


def bench_markdown(results: dict) -> str:
    warm, cold, build, server = results["warm"], results["cold_start"], results["build"], results["server"]
    lines = ["# Benchmark", "", f"Query encoder: `{warm['query_encoder']}`", "",
             "| warm latency | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|"]
    for name in ("search_no_cache", "search_cached", "ask_no_cache", "ask_cached", "ask_other_languages_no_cache",
                 "plain_encode"):
        if name not in warm:
            continue
        row = warm[name]
        lines.append(f"| {name} | {row['p50_ms']:.2f} | {row['p95_ms']:.2f} | {row['p99_ms']:.2f} |")
    lines += [
        "",
        f"search p50 / plain encode p50: **{warm['ratio_search_p50_to_plain_encode']:.2f}** (cache off), "
        f"{warm['ratio_search_cached_p50_to_plain_encode']:.2f} (cache on)",
        "",
        f"Cold `statement-qa ask`: **{cold['ask_process_median_s']:.2f} s** (median of {cold['runs']}) vs "
        f"`import sentence_transformers` {cold['import_sentence_transformers_median_s']:.2f} s → ratio "
        f"**{cold['ratio']:.2f}**; peak RSS {cold['ask_process_peak_rss_mib']:.0f} MiB",
        "",
        f"Build: {build['statements']} statements, {build['passages']} passages + {build['sentences']} sentences "
        f"in {build['full_build_s']:.2f} s "
        f"({build['passages_per_s']:.0f} passages/s, {build['texts_per_s']:.0f} texts/s); adding one statement "
        f"re-embeds only its texts: rebuild {build['rebuild_after_adding_one_statement_s']:.2f} s; one-off ONNX export "
        f"{build['onnx_export_s']:.1f} s",
        "",
        f"Index load: {results['load']['load_median_ms']:.1f} ms for {results['load']['index_mib']:.1f} MiB, of which "
        f"sha256 checks {results['load']['sha256_median_ms']:.1f} ms (sha256 runs at "
        f"{results['load']['sha256_mib_per_s']:.0f} MiB/s here)",
        "",
        f"Server: peak RSS {server['server_peak_rss_mib']:.0f} MiB after {server['requests']} requests "
        f"({server.get('questions', 'English')}) "
        f"(now {server['server_rss_mib']:.0f} MiB)",
        "",
        "| vectors | index | build s | MiB | search p50 ms | p95 ms | recall@10 |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in results["scale"]:
        lines.append(
            f"| {row['vectors']:,} | {row['index']} | {row['build_s']:.1f} | {row['index_mib']:.0f} | "
            f"{row['search_p50_ms']:.3f} | {row['search_p95_ms']:.3f} | {row['recall@10']:.3f} |"
        )
    return "\n".join(lines) + "\n"
