"""Encode queries without torch: the bundled model exported to ONNX.

The export happens once, when an index is first built with the bundled
model (torch is loaded then anyway). It is checked against the
sentence-transformers model on probe texts (cosine ≥ 0.9999) and written
atomically to ``INDEX_DIR/onnx-<weights hash>/``. Queries are then encoded
with onnxruntime and the tokenizers library, so answering a question never
imports torch or transformers.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.embedding import ModelError, file_sha256

logger = logging.getLogger(__name__)

MIN_COSINE = 0.9999
PROBES = (
    "what was said about North Korea",
    "Did they discuss Brazil?",
    "Pyongyang's atomic arsenal",
    "JCPOA",
    "The four Ministers exchanged views on the cooperation in support for Tonga.",
    "北朝鮮について何が述べられましたか",
    "Qu'ont dit les ministres sur la Corée du Nord ?",
    "word " * 400,
)


def onnx_folder(index_dir: Path, fingerprint: str) -> Path:
    return Path(index_dir) / f"onnx-{fingerprint[:16]}"


def export_onnx(model_dir: Path, folder: Path, fingerprint: str, *, max_seq_length: int = 256) -> Path:
    """Export the sentence-transformers model in ``model_dir`` to ``folder``.

    The graph includes mean pooling and L2 normalisation, so its output is
    the sentence embedding. Raises ``RuntimeError`` when the exported model
    disagrees with the original on the probes.
    """
    import torch
    from sentence_transformers import SentenceTransformer

    from index.store import process_umask

    model = SentenceTransformer(str(model_dir), device="cpu")
    model.max_seq_length = max_seq_length
    transformer = model[0].auto_model.eval()

    class Pooled(torch.nn.Module):
        def __init__(self, encoder):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".onnx-", dir=folder.parent))
    os.chmod(staging, 0o777 & ~process_umask())  # mkdtemp makes 0700
    try:
        sample = model.tokenizer(["hello world"], return_tensors="pt")
        axes = {0: "batch", 1: "tokens"}
        with torch.no_grad(), warnings.catch_warnings():
            # the tracer's notes on this fixed graph are known and harmless (the
            # probe check below is what tells a good export); keep other warnings
            warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"torch\.onnx.*")
            warnings.filterwarnings("ignore", message=r".*legacy TorchScript-based ONNX export", category=DeprecationWarning)
            warnings.filterwarnings("ignore", category=UserWarning, module=r"torch\.onnx.*")
            torch.onnx.export(
                Pooled(transformer),
                (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
                str(staging / "model.onnx"),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["embedding"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "embedding": {0: "batch"}},
                opset_version=17,
                dynamo=False,
            )
        shutil.copy(Path(model_dir) / "tokenizer.json", staging / "tokenizer.json")
        # what was written, so a later load can tell the files are still these
        hashes = {name: file_sha256(staging / name) for name in EXPORTED_FILES}
        (staging / "export.json").write_text(
            json.dumps({"fingerprint": fingerprint, "max_seq_length": max_seq_length, "sha256": hashes}),
            encoding="utf-8",
        )
        reference = model.encode(list(PROBES), normalize_embeddings=True, convert_to_numpy=True)
        exported = OnnxEmbedder(staging).embed(list(PROBES))
        cosine = float((reference * exported).sum(axis=1).min())
        if cosine < MIN_COSINE:
            raise RuntimeError(f"the ONNX export disagrees with the model (min cosine {cosine:.6f} < {MIN_COSINE})")
        meta = json.loads((staging / "export.json").read_text(encoding="utf-8"))
        meta["min_probe_cosine"] = cosine
        (staging / "export.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    logger.info("exported the query encoder to %s (min probe cosine %.6f)", folder, cosine)
    return folder


EXPORTED_FILES = ("model.onnx", "tokenizer.json")


def verify_export(folder: Path, meta: dict) -> None:
    """Refuse an export whose files differ from what was written (sha256 in ``export.json``).

    Raises:
        ModelError: a file is missing, altered, or the export recorded no hashes.
    """
    recorded = meta.get("sha256") or {}
    for name in EXPORTED_FILES:
        if name not in recorded:
            raise ModelError(f"{folder / 'export.json'} records no sha256 for {name}; export again")
        if not (folder / name).is_file() or file_sha256(folder / name) != recorded[name]:
            raise ModelError(f"{folder / name} does not match the sha256 recorded when it was exported")


class OnnxEmbedder:
    """The exported model: ``embed(texts)`` with onnxruntime, no torch.

    Example:
        >>> OnnxEmbedder(folder).embed(["North Korea"]).shape
        (1, 384)
    """

    dim = 384

    def __init__(self, folder: Path, *, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        folder = Path(folder)
        meta = json.loads((folder / "export.json").read_text(encoding="utf-8"))
        verify_export(folder, meta)
        self.model_id = "onnx:" + meta["fingerprint"][:16]
        self._fingerprint = meta["fingerprint"]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(int(meta.get("max_seq_length", 256)))
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()

    def fingerprint(self) -> str:
        return self._fingerprint

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            encodings = self.tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            ids[row, :n] = encoding.ids
            mask[row, :n] = encoding.attention_mask
            types[row, :n] = encoding.type_ids
        (vectors,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        return np.ascontiguousarray(vectors, dtype=np.float32)
