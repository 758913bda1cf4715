"""The index on disk: a self-describing folder, written atomically.

Layout::

    INDEX_DIR/
      CURRENT                 name of the live version folder
      .lock                   held while building
      v-<stamp>/
        manifest.json         model, dimension, counts, corpus hash, files
        passages.jsonl        row i is FAISS id i
        passages.faiss        passage vectors
        sentences.faiss       sentence vectors (rows follow passages.jsonl)
        passage_vectors.npy   the same vectors, for reuse and evidence
        sentence_vectors.npy
        bm25/                 bm25s arrays (npy, no pickle) and vocabulary
        entities.json         the entity catalog and the entities each passage names
        statements.json       each statement's title and dates, files left out, at build time

A build writes a new version folder, then replaces ``CURRENT`` with
``os.replace``; a build killed midway leaves the previous version live.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from corpus import Passage
from index.embedding import file_sha256
from index.grounding import EntityIndex
from index.lexical import LexicalIndex

logger = logging.getLogger(__name__)

FORMAT_VERSION = 4
INDEX_TYPES = ("flat", "hnsw")
_VECTOR_FILES = ("passages.faiss", "sentences.faiss", "passage_vectors.npy", "sentence_vectors.npy")


class IndexStoreError(RuntimeError):
    """The index folder is missing, stale or damaged; the message says why."""




@dataclass(frozen=True)
class Manifest:
    format_version: int
    model_id: str
    model_fingerprint: str
    dim: int
    normalised: bool
    metric: str
    index_type: str
    passage_count: int
    sentence_count: int
    corpus_fingerprint: str
    created: str
    files: dict[str, int]
    multilingual_model: str = ""
    sha256: dict[str, str] = field(default_factory=dict)
    corpus_signature: str = ""

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError("manifest is not a JSON object")
        optional = {"multilingual_model", "sha256", "corpus_signature"}
        return cls(**{name: raw[name] for name in cls.__dataclass_fields__ if name in raw or name not in optional})


@dataclass(frozen=True)
class VectorSpace:
    """One embedding model's vectors: FAISS indexes plus the raw rows.

    The "sentence" level holds whatever spans this model compares best:
    sentences for the main model, word windows of sentences for the
    multilingual one. ``sentence_owner``/``sentence_start`` map those rows to
    passages, ``unit_sentence`` maps each row to its sentence row.
    """

    passage_index: object
    sentence_index: object
    passage_vectors: np.ndarray
    sentence_vectors: np.ndarray
    sentence_owner: np.ndarray
    sentence_start: np.ndarray
    unit_sentence: np.ndarray


@dataclass(frozen=True)
class StoredIndex:
    """Everything a search needs, loaded from one version folder."""

    manifest: Manifest
    passages: tuple[Passage, ...]
    main: VectorSpace
    lexical: LexicalIndex
    folder: Path
    passage_hashes: tuple[str, ...] = ()
    sentence_hashes: tuple[str, ...] = ()
    multilingual: VectorSpace | None = None
    entities: EntityIndex | None = None
    statements: dict | None = None  # statements.json: what the corpus held when this was built

    @property
    def sentence_owner(self) -> np.ndarray:
        """Passage row of each sentence row."""
        return self.main.sentence_owner

    @property
    def sentence_start(self) -> np.ndarray:
        """First sentence row of each passage (one extra entry at the end)."""
        return self.main.sentence_start


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def sentence_layout(passages: tuple[Passage, ...] | list[Passage]) -> tuple[np.ndarray, np.ndarray]:
    """Owner passage of each sentence row, and each passage's first sentence row."""
    counts = np.array([len(p.sentences) for p in passages], dtype=np.int64)
    owner = np.repeat(np.arange(len(passages), dtype=np.int64), counts)
    start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return owner, start


def window_texts(passages) -> list[str]:
    """The multilingual units of every sentence, in passage then sentence order."""
    from index.representation import passage_windows

    return [w for p in passages for windows in passage_windows(p) for w in windows]


def window_layout(passages) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Owner passage, per-passage first row, and sentence row of each window."""
    from index.representation import passage_windows

    owner, sentence_of, counts = [], [], []
    sentence_row = 0
    for index, passage in enumerate(passages):
        count = 0
        for windows in passage_windows(passage):
            n = len(windows)
            owner += [index] * n
            sentence_of += [sentence_row] * n
            sentence_row += 1
            count += n
        counts.append(count)
    start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return np.array(owner, dtype=np.int64), start, np.array(sentence_of, dtype=np.int64)


def make_faiss_index(vectors: np.ndarray, index_type: str, *, hnsw_m: int = 32, ef_search: int = 128):
    """An inner-product FAISS index over unit vectors (cosine similarity)."""
    import faiss

    dim = vectors.shape[1]
    if index_type == "flat":
        index = faiss.IndexFlatIP(dim)
    elif index_type == "hnsw":
        index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 128
        index.hnsw.efSearch = ef_search
    else:
        raise ValueError(f"unknown index type {index_type!r}; choose one of {', '.join(INDEX_TYPES)}")
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def write_index(
    index_dir: Path,
    *,
    passages: list[Passage],
    indexed_texts: list[str],
    passage_vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    model_id: str,
    model_fingerprint: str,
    corpus_fingerprint: str,
    index_type: str,
    multilingual: tuple[np.ndarray, np.ndarray, str] | None = None,
    entities: EntityIndex | None = None,
    corpus_signature: str = "",
    statements: dict | None = None,
) -> Path:
    """Write a new version folder and make it the live one; return its path."""
    import faiss

    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    folder = Path(tempfile.mkdtemp(prefix=f"v-{stamp}-", dir=index_dir))
    # mkdtemp makes 0700; an index is as readable as the umask allows, like any file
    os.chmod(folder, 0o777 & ~process_umask())
    try:
        with (folder / "passages.jsonl").open("w", encoding="utf-8") as out:
            for passage, embedded in zip(passages, indexed_texts, strict=True):
                row = asdict(passage)
                # hashes of exactly what was embedded, so a rebuild reuses a vector
                # only for the very same input text
                row["embedded_hash"] = text_hash(embedded)
                row["sentence_hashes"] = [text_hash(s) for s in passage.sentence_texts()]
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        faiss.write_index(make_faiss_index(passage_vectors, index_type), str(folder / "passages.faiss"))
        faiss.write_index(make_faiss_index(sentence_vectors, index_type), str(folder / "sentences.faiss"))
        np.save(folder / "passage_vectors.npy", passage_vectors.astype(np.float32), allow_pickle=False)
        np.save(folder / "sentence_vectors.npy", sentence_vectors.astype(np.float32), allow_pickle=False)
        LexicalIndex.build(indexed_texts).save(folder / "bm25")
        if multilingual is not None:
            ml_passages, ml_sentences, _ = multilingual
            faiss.write_index(make_faiss_index(ml_passages, index_type), str(folder / "ml_passages.faiss"))
            faiss.write_index(make_faiss_index(ml_sentences, index_type), str(folder / "ml_sentences.faiss"))
            np.save(folder / "ml_passage_vectors.npy", ml_passages.astype(np.float32), allow_pickle=False)
            np.save(folder / "ml_sentence_vectors.npy", ml_sentences.astype(np.float32), allow_pickle=False)
        if entities is not None:
            (folder / "entities.json").write_text(json.dumps(entities.to_json(), ensure_ascii=False), encoding="utf-8")
        if statements is not None:
            (folder / "statements.json").write_text(json.dumps(statements, ensure_ascii=False), encoding="utf-8")
        stored_files = [path for path in sorted(folder.rglob("*")) if path.is_file()]
        files = {str(path.relative_to(folder)): path.stat().st_size for path in stored_files}
        hashes = {str(path.relative_to(folder)): file_sha256(path) for path in stored_files}
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model_id=model_id,
            model_fingerprint=model_fingerprint,
            dim=int(passage_vectors.shape[1]),
            normalised=True,
            metric="inner_product",
            index_type=index_type,
            passage_count=len(passages),
            sentence_count=int(sentence_vectors.shape[0]),
            corpus_fingerprint=corpus_fingerprint,
            created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            files=files,
            multilingual_model=multilingual[2] if multilingual is not None else "",
            sha256=hashes,
            corpus_signature=corpus_signature,
        )
        (folder / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2), encoding="utf-8")
        _fsync_tree(folder)
        _point_current(index_dir, folder.name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _remove_old_versions(index_dir, keep=folder.name)
    return folder


def current_folder(index_dir: Path) -> Path | None:
    """The live version folder, or None when there is no index yet."""
    pointer = index_dir / "CURRENT"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise IndexStoreError(f"{pointer} cannot be read: {error}") from error
    if not name.startswith("v-") or "/" in name:
        raise IndexStoreError(f"{pointer} names {name!r}, which is not a version folder")
    return index_dir / name


def read_manifest(index_dir: Path) -> Manifest | None:
    """The live manifest, or None when there is no index yet.

    Raises:
        IndexStoreError: the manifest is missing, unreadable or malformed.
    """
    return _from_current(index_dir, _read_manifest)


def _from_current(index_dir: Path, read):
    """``read(folder)`` on the version ``CURRENT`` names, or None when there is no index.

    Another process may switch ``CURRENT`` and remove the old version while
    this one reads it: a failure is only damage if ``CURRENT`` still names the
    folder that failed; otherwise the new version is read.
    """
    for _ in range(4):
        folder = current_folder(index_dir)
        if folder is None:
            return None
        try:
            return read(folder)
        except IndexStoreError:
            if current_folder(index_dir) == folder:
                raise
            logger.debug("%s switched while reading; reading the new version", index_dir / "CURRENT")
    folder = current_folder(index_dir)
    return read(folder) if folder is not None else None


def _read_manifest(folder: Path) -> Manifest:
    path = folder / "manifest.json"
    try:
        manifest = Manifest.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise IndexStoreError(f"{path} is missing") from error
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexStoreError(f"{path} is unreadable or malformed ({error})") from error
    if manifest.format_version != FORMAT_VERSION:
        raise IndexStoreError(f"{path} has format {manifest.format_version}, this version reads {FORMAT_VERSION}")
    return manifest


def load_index(index_dir: Path, *, ef_search: int = 128) -> StoredIndex:
    """Load the live index and check it is whole (see :func:`_from_current` for a racing switch).

    Raises:
        IndexStoreError: anything is missing, truncated or inconsistent.
    """
    with _collector_paused():
        stored = _from_current(index_dir, lambda folder: _load_version(folder, ef_search=ef_search))
    if stored is None:
        raise IndexStoreError(f"no index in {index_dir}")
    return stored


@contextmanager
def _collector_paused():
    """Hold Python's cyclic garbage collector while an index is read.

    Reading creates tens of thousands of small objects (the entity
    catalog's names); each allocation burst sets off a collection that
    walks every object in the process. In a process that holds the models
    and the web server (600,000 objects), that tripled the load: 418 ms
    against 123 ms with the collector held. It runs again afterwards, as
    it was, and collects whatever the read left behind.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_version(folder: Path, *, ef_search: int) -> StoredIndex:
    import faiss

    manifest = _read_manifest(folder)
    for name, size in manifest.files.items():
        path = folder / name
        if not path.is_file():
            raise IndexStoreError(f"{path} is missing")
        if path.stat().st_size != size:
            raise IndexStoreError(f"{path} is {path.stat().st_size} bytes, the manifest says {size} (truncated?)")
    if set(manifest.sha256) != set(manifest.files):
        raise IndexStoreError(f"{folder / 'manifest.json'} does not hold a sha256 for every file")
    for name, expected in manifest.sha256.items():
        try:
            actual = file_sha256(folder / name)
        except OSError as error:
            raise IndexStoreError(f"{folder / name} cannot be read ({error})") from error
        if actual != expected:
            raise IndexStoreError(f"{folder / name} does not match its sha256 in the manifest (changed or damaged)")
    try:
        rows = list(_read_passages(folder / "passages.jsonl"))
        passages = tuple(passage for passage, _, _ in rows)
        passage_index = faiss.read_index(str(folder / "passages.faiss"))
        sentence_index = faiss.read_index(str(folder / "sentences.faiss"))
        passage_vectors = np.load(folder / "passage_vectors.npy", allow_pickle=False)
        sentence_vectors = np.load(folder / "sentence_vectors.npy", allow_pickle=False)
        lexical = LexicalIndex.load(folder / "bm25")
        multilingual = None
        if manifest.multilingual_model:
            window_owner, window_start, window_sentence = window_layout(passages)
            multilingual = VectorSpace(
                passage_index=faiss.read_index(str(folder / "ml_passages.faiss")),
                sentence_index=faiss.read_index(str(folder / "ml_sentences.faiss")),
                passage_vectors=np.load(folder / "ml_passage_vectors.npy", allow_pickle=False),
                sentence_vectors=np.load(folder / "ml_sentence_vectors.npy", allow_pickle=False),
                sentence_owner=window_owner,
                sentence_start=window_start,
                unit_sentence=window_sentence,
            )
        statements = None
        if "statements.json" in manifest.files:
            statements = json.loads((folder / "statements.json").read_text(encoding="utf-8"))
            if not isinstance(statements, dict) or not isinstance(statements.get("statements"), list):
                raise ValueError("statements.json is not a statement list")
        entities = None
        if "entities.json" in manifest.files:
            entities = EntityIndex.from_json(json.loads((folder / "entities.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
        raise IndexStoreError(f"{folder} is damaged: {error}") from error
    arrays = {"passage_vectors.npy": passage_vectors, "sentence_vectors.npy": sentence_vectors}
    if multilingual is not None:
        arrays["ml_passage_vectors.npy"] = multilingual.passage_vectors
        arrays["ml_sentence_vectors.npy"] = multilingual.sentence_vectors
    for name, array in arrays.items():
        if array.dtype != np.float32 or array.ndim != 2:
            raise IndexStoreError(f"{folder / name} holds {array.dtype} of shape {array.shape}, not float32 rows")
    if passage_vectors.shape[1] != manifest.dim or sentence_vectors.shape[1] != manifest.dim:
        raise IndexStoreError(f"{folder}: vector width differs from the manifest's dimension {manifest.dim}")
    owner, start = sentence_layout(passages)
    expected = {
        "passages.jsonl rows": (len(passages), manifest.passage_count),
        "passages.faiss vectors": (passage_index.ntotal, manifest.passage_count),
        "passage_vectors.npy rows": (passage_vectors.shape[0], manifest.passage_count),
        "sentences.faiss vectors": (sentence_index.ntotal, manifest.sentence_count),
        "sentence_vectors.npy rows": (sentence_vectors.shape[0], manifest.sentence_count),
        "sentences in passages.jsonl": (len(owner), manifest.sentence_count),
        "bm25 documents": (lexical.size, manifest.passage_count),
        "vector dimension": (passage_index.d, manifest.dim),
    }
    if entities is not None:
        expected["passages in entities.json"] = (len(entities.passage_ids), manifest.passage_count)
    if multilingual is not None:
        expected["multilingual passage vectors"] = (multilingual.passage_index.ntotal, manifest.passage_count)
        expected["multilingual passage rows"] = (multilingual.passage_vectors.shape[0], manifest.passage_count)
        windows = len(multilingual.sentence_owner)
        expected["multilingual window vectors"] = (multilingual.sentence_index.ntotal, windows)
        expected["multilingual window rows"] = (multilingual.sentence_vectors.shape[0], windows)
    for what, (actual, wanted) in expected.items():
        if actual != wanted:
            raise IndexStoreError(f"{folder}: {what} is {actual}, the manifest says {wanted}")
    if manifest.index_type == "hnsw":
        for index in (passage_index, sentence_index) + (
            (multilingual.passage_index, multilingual.sentence_index) if multilingual else ()
        ):
            index.hnsw.efSearch = ef_search
    return StoredIndex(
        manifest=manifest,
        passages=passages,
        main=VectorSpace(
            passage_index=passage_index,
            sentence_index=sentence_index,
            passage_vectors=passage_vectors,
            sentence_vectors=sentence_vectors,
            sentence_owner=owner,
            sentence_start=start,
            unit_sentence=np.arange(len(owner), dtype=np.int64),
        ),
        lexical=lexical,
        folder=folder,
        passage_hashes=tuple(h for _, h, _ in rows),
        sentence_hashes=tuple(h for _, _, hashes in rows for h in hashes),
        multilingual=multilingual,
        entities=entities,
        statements=statements,
    )


def _read_passages(path: Path):
    with path.open(encoding="utf-8") as rows:
        for line_number, line in enumerate(rows, 1):
            try:
                row = json.loads(line)
                embedded_hash = str(row.pop("embedded_hash"))
                sentence_hashes = [str(h) for h in row.pop("sentence_hashes")]
                row["sentences"] = tuple(tuple(span) for span in row["sentences"])
                passage = Passage(**row)
                if len(sentence_hashes) != len(passage.sentences):
                    raise ValueError("sentence hashes do not match the sentences")
                yield passage, embedded_hash, sentence_hashes
            except (ValueError, TypeError, KeyError) as error:
                raise ValueError(f"{path.name} line {line_number}: {error}") from error


def _point_current(index_dir: Path, name: str) -> None:
    pointer = index_dir / "CURRENT"
    if pointer.is_dir() and not pointer.is_symlink():
        # damage, not ours to keep: a folder where the pointer file belongs
        shutil.rmtree(pointer)
    fd, tmp = tempfile.mkstemp(prefix=".CURRENT-", dir=index_dir)
    os.chmod(tmp, 0o666 & ~process_umask())
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(name + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, index_dir / "CURRENT")
    _fsync_dir(index_dir)


def process_umask() -> int:
    """The process umask, read without changing it (Linux), else by setting it back."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def _remove_old_versions(index_dir: Path, *, keep: str) -> None:
    for old in index_dir.glob("v-*"):
        if old.name != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    for leftover in index_dir.glob(".CURRENT-*"):
        leftover.unlink(missing_ok=True)


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
