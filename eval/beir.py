"""Evaluate the retrievers on a BEIR-format folder (corpus, queries, qrels).

Dense: the bundled all-MiniLM-L6-v2 on ``title + " " + text`` (256 tokens),
cosine similarity through an exact FAISS inner-product index — the MTEB
setting. BM25: bm25s Lucene, k1=1.2, b=0.75, English stopwords, Snowball
stemmer. Hybrid: the engine's fusion, its dense weight tuned on the train
split only. Corpus embeddings are cached on disk, keyed by model and corpus
hash, so a re-run takes seconds.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval.metrics import evaluate_run
from eval.report import markdown_table, write_results
from index.fusion import bounded_fusion, convex_fusion, reciprocal_rank_fusion

logger = logging.getLogger(__name__)

BEIR_METRICS = {"ndcg@10": "ndcg@10", "recall@100": "recall@100", "mrr@10": "mrr@10", "recall@10": "recall@10"}
PUBLISHED = {"dense": {"ndcg@10": 0.6451, "recall@100": 0.925}, "bm25": {"ndcg@10": 0.680}}
DEPTH = 100


@dataclass(frozen=True)
class BeirSet:
    doc_ids: list[str]
    texts: list[str]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]
    corpus_hash: str


def load_beir(folder: Path, split: str) -> BeirSet:
    """Read ``corpus.jsonl``, ``queries.jsonl`` and ``qrels/SPLIT.tsv``.

    Only queries judged in the split are kept. Raises ``FileNotFoundError``
    naming a missing file and ``ValueError`` for a malformed line.
    """
    folder = Path(folder)
    for name in ("corpus.jsonl", "queries.jsonl", f"qrels/{split}.tsv"):
        if not (folder / name).is_file():
            raise FileNotFoundError(f"{folder / name} is missing; is {folder} a BEIR folder?")
    qrels: dict[str, dict[str, int]] = {}
    with (folder / "qrels" / f"{split}.tsv").open(encoding="utf-8") as rows:
        for number, line in enumerate(rows, 1):
            fields = line.rstrip("\n").split("\t")
            if number == 1 and not fields[-1].lstrip("-").isdigit():
                continue  # header
            if len(fields) != 3:
                raise ValueError(f"qrels/{split}.tsv:{number}: expected 3 tab-separated fields")
            qid, doc_id, score = fields
            if int(score) > 0:
                qrels.setdefault(qid, {})[doc_id] = int(score)
    doc_ids, texts = [], []
    digest = hashlib.sha256()
    with (folder / "corpus.jsonl").open("rb") as raw:
        for number, line in enumerate(raw, 1):
            digest.update(line)
            try:
                row = json.loads(line)
            except ValueError as error:
                raise ValueError(f"corpus.jsonl:{number}: {error}") from error
            doc_ids.append(str(row["_id"]))
            texts.append((row.get("title") or "") + " " + (row.get("text") or ""))
    queries = {}
    with (folder / "queries.jsonl").open(encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            if str(row["_id"]) in qrels:
                queries[str(row["_id"])] = row["text"]
    return BeirSet(doc_ids, texts, queries, qrels, digest.hexdigest())


def corpus_embeddings(embedder, data: BeirSet, cache_dir: Path) -> np.ndarray:
    """Embeddings of the corpus, from the on-disk cache when present."""
    key = f"{embedder.fingerprint()[:16]}-{data.corpus_hash[:16]}"
    path = cache_dir / f"{key}.npy"
    if path.is_file():
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape[0] == len(data.texts):
            return vectors
    started = time.perf_counter()
    vectors = embedder.embed(data.texts)
    logger.info("embedded %d documents in %.0f s", len(data.texts), time.perf_counter() - started)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors, allow_pickle=False)
    tmp.replace(path)
    return vectors


@dataclass(frozen=True)
class ScoreMatrices:
    query_ids: list[str]
    dense: np.ndarray  # (queries, docs) cosine
    lexical: np.ndarray  # (queries, docs) BM25 / upper bound


def score_matrices(data: BeirSet, doc_vectors: np.ndarray, embedder, lexical) -> ScoreMatrices:
    import faiss

    query_ids = sorted(data.queries)
    query_vectors = embedder.embed([data.queries[q] for q in query_ids])
    index = faiss.IndexFlatIP(doc_vectors.shape[1])
    index.add(np.ascontiguousarray(doc_vectors, dtype=np.float32))
    # exact search over every document gives the full cosine matrix
    scores, ids = index.search(np.ascontiguousarray(query_vectors, dtype=np.float32), len(data.doc_ids))
    dense = np.empty_like(scores)
    np.put_along_axis(dense, ids, scores, axis=1)
    lexical_scores = np.stack([lexical.scores(data.queries[q]) for q in query_ids])
    return ScoreMatrices(query_ids, dense, lexical_scores)


def fused(matrices: ScoreMatrices, method: str, weight: float) -> np.ndarray:
    if method == "dense":
        return matrices.dense
    if method == "bm25":
        return matrices.lexical
    rows = []
    for dense, lexical in zip(matrices.dense, matrices.lexical):
        if method == "tmm":
            rows.append(bounded_fusion(dense, lexical, dense_weight=weight))
        elif method == "convex":
            rows.append(convex_fusion(dense, lexical, dense_weight=weight))
        elif method == "rrf":
            rows.append(reciprocal_rank_fusion(dense, lexical, k=weight))
        else:
            raise ValueError(f"unknown method {method!r}")
    return np.stack(rows)


def run_of(matrices: ScoreMatrices, scores: np.ndarray, doc_ids: list[str], depth: int = DEPTH) -> dict:
    top = np.argsort(-scores, axis=1, kind="stable")[:, :depth]
    return {
        qid: {doc_ids[j]: float(scores[i, j]) for j in top[i]} for i, qid in enumerate(matrices.query_ids)
    }


def evaluate_methods(matrices, data, methods: dict[str, tuple[str, float]]) -> dict[str, dict[str, float]]:
    return {
        name: evaluate_run(data.qrels, run_of(matrices, fused(matrices, method, weight), data.doc_ids), BEIR_METRICS)
        for name, (method, weight) in methods.items()
    }


def tune(matrices, data, method: str, grid: list[float]) -> tuple[float, dict[float, float]]:
    """The grid value with the best nDCG@10 (on whatever split ``data`` is)."""
    scores = {
        w: evaluate_run(data.qrels, run_of(matrices, fused(matrices, method, w), data.doc_ids), {"ndcg@10": "ndcg@10"})[
            "ndcg@10"
        ]
        for w in grid
    }
    return max(scores, key=scores.get), scores


def run_beir(folder: Path, *, split: str, out_dir: Path) -> int:
    """Evaluate BM25, dense and the fusions; tune on train, report ``split``."""
    from index.embedding import SentenceTransformerEmbedder
    from index.lexical import LexicalIndex

    embedder = SentenceTransformerEmbedder(max_seq_length=256, batch_size=64, show_progress=True)
    name = Path(folder).resolve().name
    data = load_beir(folder, split)
    cache_dir = out_dir / "cache"
    doc_vectors = corpus_embeddings(embedder, data, cache_dir)
    lexical = LexicalIndex.build(data.texts, question_words=frozenset())
    matrices = score_matrices(data, doc_vectors, embedder, lexical)

    tuned: dict[str, dict] = {}
    grid = [round(0.05 * i, 2) for i in range(1, 20)]
    if split != "train" and (Path(folder) / "qrels" / "train.tsv").is_file():
        train = load_beir(folder, "train")
        train_matrices = score_matrices(train, doc_vectors, embedder, lexical)
        for method, values in (("tmm", grid), ("convex", grid), ("rrf", [10.0, 20.0, 40.0, 60.0, 100.0])):
            best, curve = tune(train_matrices, train, method, values)
            tuned[method] = {"chosen_on": "train", "value": best, "train_ndcg@10": curve[best]}
    else:
        tuned = {"tmm": {"value": 0.5}, "convex": {"value": 0.5}, "rrf": {"value": 60.0}}
    methods = {
        "bm25": ("bm25", 0.0),
        "dense": ("dense", 0.0),
        "hybrid": ("tmm", tuned["tmm"]["value"]),
        "convex": ("convex", tuned["convex"]["value"]),
        "rrf": ("rrf", 60.0),
        "rrf-tuned": ("rrf", tuned["rrf"]["value"]),
    }
    retrievers = evaluate_methods(matrices, data, methods)
    results = {
        "benchmark": name,
        "split": split,
        "queries": len(data.queries),
        "documents": len(data.doc_ids),
        "retrievers": retrievers,
        "settings": {
            "dense": "all-MiniLM-L6-v2, title + ' ' + text, 256 tokens, cosine, exact FAISS IndexFlatIP",
            "bm25": "bm25s lucene k1=1.2 b=0.75, English stopwords, Snowball stemmer",
            "hybrid": f"tmm: w*cosine + (1-w)*BM25/upper-bound, w={tuned['tmm']['value']} (tuned on train)",
            "convex": f"w*minmax(cosine) + (1-w)*minmax(BM25), w={tuned['convex']['value']} (tuned on train)",
            "rrf": "reciprocal rank fusion, k=60",
        },
        "tuning": tuned,
        "published": PUBLISHED,
    }
    table = markdown_table(retrievers, tuple(BEIR_METRICS))
    markdown = f"# {name} ({split}, {len(data.queries)} queries)\n\n{table}\n\nPublished: {json.dumps(PUBLISHED)}\n"
    paths = write_results(results, f"{name}-{split}", out_dir=out_dir, markdown=markdown)
    print(markdown)
    print("wrote " + ", ".join(str(p) for p in paths))
    return 0
