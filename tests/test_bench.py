"""The benchmark runs on a tiny configuration and writes well-formed results."""

from __future__ import annotations

import json
import math

import numpy as np

from eval.bench import run_bench, scale


def test_scale_reports_exact_and_hnsw_with_recall():
    rows = scale([2000], queries=20)
    assert [(r["vectors"], r["index"]) for r in rows] == [(2000, "flat"), (2000, "hnsw")]
    assert rows[0]["recall@10"] == 1.0
    assert 0.5 <= rows[1]["recall@10"] <= 1.0
    assert all(r["search_p50_ms"] > 0 and r["index_mib"] > 0 for r in rows)


def test_bench_tiny_run_writes_json_and_markdown(real_engine, tmp_path):
    results = run_bench(
        real_engine, out_dir=tmp_path, repeat=1, cold_runs=1, scale_sizes=[1000], server_requests=2, build_copies=2
    )
    saved = json.loads((tmp_path / "bench.json").read_text())
    assert saved == json.loads(json.dumps(results))
    warm = saved["warm"]
    for name in ("search_no_cache", "search_cached", "ask_no_cache", "plain_encode"):
        assert set(warm[name]) == {"p50_ms", "p95_ms", "p99_ms"}
        assert all(math.isfinite(v) and v > 0 for v in warm[name].values())
    assert warm["query_encoder"].startswith("onnx:")  # the query path runs without torch
    assert saved["cold_start"]["ask_process_median_s"] > 0 and saved["cold_start"]["ratio"] > 0
    assert saved["build"]["statements"] == 2
    assert saved["build"]["passages_after_adding"] == 3 * 15 == saved["build"]["passages"] + 15
    assert saved["server"]["server_peak_rss_mib"] > 50
    load = saved["load"]
    assert 0 < load["sha256_median_ms"] <= load["load_median_ms"] * 1.5 and load["sha256_mib_per_s"] > 0
    assert "| search_no_cache |" in (tmp_path / "bench.md").read_text()


def test_onnx_query_encoder_matches_the_model(real_engine):
    """The ONNX export gives the same vectors as sentence-transformers (cosine ≥ 0.9999)."""
    from eval.gold import load_gold

    questions = [q.question for q in load_gold()]
    onnx_vectors = real_engine.query_embedder().embed(questions)
    torch_vectors = real_engine.embedder.embed(questions)
    assert real_engine.query_embedder() is not real_engine.embedder
    assert float((onnx_vectors * torch_vectors).sum(axis=1).min()) >= 0.9999
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
