"""Embedding, the FAISS index on disk, BM25, fusion, evidence, and the public API."""

from index.api import ask, default_engine, search
from index.embedding import Embedder, ModelError, SentenceTransformerEmbedder
from index.engine import Engine, QuestionError
from index.policy import AskSettings
from index.results import Answer, Hit
from index.retrieval import MODES, RetrievalSettings
from index.store import IndexStoreError

__all__ = [
    "MODES",
    "Answer",
    "AskSettings",
    "Embedder",
    "Engine",
    "Hit",
    "IndexStoreError",
    "ModelError",
    "QuestionError",
    "RetrievalSettings",
    "SentenceTransformerEmbedder",
    "ask",
    "default_engine",
    "search",
]
