"""Keeping an index in step with its corpus: load, stale checks, build, reuse, ONNX export.

:class:`IndexKeeper` owns the index folder of one corpus. ``stored()`` gives
the live :class:`StoredIndex`, building or rebuilding it first when the
corpus, the models, the entity catalog or the files changed; answering
questions is :class:`index.engine.Engine`'s business.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import os
import threading
import time
from pathlib import Path

import numpy as np

from corpus import CorpusProblem, Statement, corpus_fingerprint, corpus_passages, scan_corpus, statement_files
from index.embedding import BUNDLED, Embedder, SentenceTransformerEmbedder, bundled_model_path
from index.entities import catalog_source_version, default_catalog
from index.grounding import EntityIndex
from index.scope import Scope
from index.representation import indexed_text, representation_version
from index.store import (
    IndexStoreError,
    StoredIndex,
    load_index,
    read_manifest,
    text_hash,
    window_texts,
    write_index,
)

logger = logging.getLogger(__name__)

# Above this many sentence vectors the keeper builds HNSW graphs instead of
# exact flat indexes (see the README's "Scale" section for the measurements).
HNSW_THRESHOLD = 50_000


def default_index_dir(corpus_dir: Path) -> Path:
    """Where an index of ``corpus_dir`` lives unless told otherwise.

    ``$STATEMENT_QA_INDEX_DIR`` wins; otherwise a folder per corpus under
    ``$XDG_CACHE_HOME/statement-qa`` (``~/.cache/statement-qa``).
    """
    if os.environ.get("STATEMENT_QA_INDEX_DIR"):
        return Path(os.environ["STATEMENT_QA_INDEX_DIR"])
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "statement-qa"
    key = hashlib.sha256(str(corpus_dir.resolve()).encode()).hexdigest()[:12]
    return cache / f"{corpus_dir.name}-{key}"


def index_fingerprint(statements: list[Statement]) -> str:
    """Hash of the corpus and of what is indexed for it (section titles, glossary, entities)."""
    digest = hashlib.sha256(corpus_fingerprint(statements).encode())
    digest.update(f"representation={representation_version()}".encode())
    digest.update(f"entities={catalog_source_version()}".encode())
    for passage in corpus_passages(statements):
        digest.update(b"\0" + indexed_text(passage).encode())
    return digest.hexdigest()


class IndexKeeper:
    """The index of one corpus folder, always current when asked for.

    Example:
        >>> keeper = IndexKeeper("corpus/statements", "/tmp/idx", embedder=embedder)
        >>> len(keeper.stored().passages)
        15
    """

    def __init__(
        self,
        corpus_dir: Path,
        index_dir: Path,
        *,
        embedder: Embedder,
        multilingual_embedder: Embedder | None = None,
        index_type: str = "auto",
        onnx: bool = True,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.index_dir = index_dir
        self.embedder = embedder
        self.multilingual_embedder = multilingual_embedder
        self.index_type = index_type
        self.onnx = onnx
        self._lock = threading.RLock()
        self._stored: StoredIndex | None = None
        self._statements: list[Statement] = []
        self._doc_rows: dict[str, tuple[int, int]] = {}
        self._row_dates: list[str] = []
        self._languages: dict[str, str] = {}  # doc -> language, worked out on first need
        self._all_languages: frozenset[str] = frozenset()
        self._corpus_signature: tuple | None = None
        self._query_embedder: Embedder | None = None
        self._sources: dict[tuple[str, str], tuple[str, str]] = {}
        self.problems: tuple[CorpusProblem, ...] = ()
        self.skipped: tuple[CorpusProblem, ...] = ()
        # texts embedded afresh and vectors reused from the previous index, in the last build
        self.last_build: dict[str, int] = {"embedded": 0, "reused": 0}

    # -- what the engine asks for -----------------------------------------

    def stored(self) -> StoredIndex:
        """The live index, built or rebuilt first if the corpus changed."""
        signature = self._signature()
        stored = self._stored
        if stored is not None and signature == self._corpus_signature:
            return stored
        with self._lock:
            if self._stored is None or signature != self._corpus_signature:
                unchanged = self._unchanged(signature) if self._stored is None else None
                if unchanged is not None:
                    self._stored, statements = unchanged
                else:
                    statements = self._scan()
                    self._stored = self._load_or_build(statements)
                self._adopt(statements)
                self._corpus_signature = signature
            return self._stored

    def build(self, *, force: bool = False) -> StoredIndex:
        """Build the index if it is missing or stale (always, with ``force``)."""
        with self._lock:
            signature = self._signature()
            statements = self._scan()
            self._stored = self._load_or_build(statements, force=force)
            self._adopt(statements)
            # the first query after a build must not load everything again
            self._corpus_signature = signature
            return self._stored

    def statements(self) -> list[Statement]:
        self.stored()
        return list(self._statements)

    def docs(self, scope: Scope | None = None) -> list[str]:
        """The statements' ids, oldest first; only those inside ``scope`` when given."""
        self.stored()
        if scope is None:
            return list(self._doc_rows)
        lo, hi = self.row_range(scope)
        return [doc for doc, (start, stop) in self._doc_rows.items() if start < hi and stop > lo]

    def row_range(self, scope: Scope | None = None) -> tuple[int, int]:
        """Passage rows ``[lo, hi)`` of a scope, or of the whole corpus.

        Rows are in date order, so a statement or a date range is one run.

        Raises:
            KeyError: the scope names a statement that is not in the corpus.
        """
        stored = self.stored()
        scope = scope or Scope()
        lo, hi = 0, len(stored.passages)
        if scope.doc is not None:
            if scope.doc not in self._doc_rows:
                known = ", ".join(sorted(self._doc_rows)) or "none"
                raise KeyError(f"no statement {scope.doc!r} in {self.corpus_dir} (known: {known})")
            lo, hi = self._doc_rows[scope.doc]
        if scope.dated:
            dates = self._row_dates
            lo = max(lo, bisect.bisect_left(dates, scope.since) if scope.since else bisect.bisect_right(dates, ""))
            hi = min(hi, bisect.bisect_right(dates, scope.until) if scope.until else len(dates))
        return (lo, hi) if hi > lo else (lo, lo)

    def languages(self, scope: Scope | None = None) -> frozenset[str]:
        """The languages the statements (in ``scope``) are written in, as ISO 639-1 codes.

        Worked out once per index, on first need; asked of the whole corpus
        (every English question is) it is a lookup.
        """
        from index.language import text_language

        docs = None if scope is None or scope == Scope() else self.docs(scope)
        self.stored()
        with self._lock:
            if not self._languages:
                self._languages = {
                    statement.doc: text_language(" ".join(passage.text for passage in statement.passages[:6]))
                    for statement in self._statements
                }
                self._all_languages = frozenset(self._languages.values())
            if docs is None:
                return self._all_languages
            return frozenset(self._languages[doc] for doc in docs if doc in self._languages)

    def verify(self, doc: str, ref: str, text: str, evidence) -> bool:
        """Whether ``text`` is, word for word, passage ``ref`` of the statement as it is on disk now.

        The passage must equal what the parser reads from the current file
        and occur in that file's text (whitespace normalised); every
        evidence span must lie inside it.
        """
        from corpus import comparable

        # no stored() here: the caller ranked on the live index, whose sources were adopted with it
        source = self._sources.get((doc, ref))
        if source is None or source[0] != text or comparable(text) not in source[1]:
            return False
        return all(0 <= start < end <= len(text) for start, end in evidence)

    def rebuild(self, reason: str) -> None:
        """Rebuild now (a quote failed verification), unless the folder is read-only."""
        logger.warning("%s; rebuilding the index in %s", reason, self.index_dir)
        self.build(force=True)

    def query_embedder(self) -> Embedder:
        """The embedder for questions: the ONNX export when there is one."""
        if self._query_embedder is None:
            chosen: Embedder = self.embedder
            folder = self._onnx_folder()
            if folder is not None and (folder / "export.json").is_file():
                from index.onnx import OnnxEmbedder

                try:
                    chosen = OnnxEmbedder(folder)
                except Exception as error:
                    logger.warning("ONNX query encoder in %s is unusable (%s); exporting it again", folder, error)
                    try:
                        self._reexport(folder)
                        chosen = OnnxEmbedder(folder)
                    except Exception as again:
                        logger.warning("ONNX query encoder still unusable (%s); using torch", again)
            self._query_embedder = chosen
        return self._query_embedder

    # -- keeping it current -----------------------------------------------

    def _scan(self) -> list[Statement]:
        """The statements that can be read, oldest first; files that cannot are kept in ``problems``.

        The index holds them in date order (undated first), so that one
        statement or any date range is one run of rows.
        """
        scan = scan_corpus(self.corpus_dir)
        self.problems, self.skipped = scan.problems, scan.skipped
        return sorted(scan.statements, key=lambda statement: (statement.date, statement.doc))

    def _signature_key(self, signature: tuple) -> str:
        """The corpus files' signature plus everything else that decides the passages and vectors."""
        from corpus.loader import PARSER_VERSION
        from index.store import FORMAT_VERSION

        wanted = self.multilingual_embedder.fingerprint() if self.multilingual_embedder else ""
        parts = [list(map(list, signature)), PARSER_VERSION, FORMAT_VERSION, catalog_source_version(),
                 self.embedder.fingerprint(), wanted, representation_version()]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()

    def _unchanged(self, signature: tuple) -> tuple[StoredIndex, list[Statement]] | None:
        """The live index and its statements without parsing, when no corpus file changed since it was built.

        A process that only asks (the CLI) then reads the files' text, for
        quote verification, but never re-parses them.
        """
        from corpus import CorpusError, read_text

        if not signature:
            return None
        try:
            manifest = read_manifest(self.index_dir)
            if manifest is None or manifest.corpus_signature != self._signature_key(signature):
                return None
            stored = load_index(self.index_dir)
            if stored.statements is None:
                return None
            by_doc: dict[str, list] = {}
            for passage in stored.passages:
                by_doc.setdefault(passage.doc, []).append(passage)
            statements = [
                Statement(
                    doc=meta["doc"], title=meta["title"], date=meta["date"], date_text=meta["date_text"],
                    text=read_text(self.corpus_dir / meta["file"]), passages=tuple(by_doc.get(meta["doc"], ())),
                    file=meta["file"],
                )
                for meta in stored.statements["statements"]
            ]
            self.problems = tuple(CorpusProblem(*row) for row in stored.statements.get("problems", ()))
            self.skipped = tuple(CorpusProblem(*row) for row in stored.statements.get("skipped", ()))
        except (IndexStoreError, CorpusError, OSError, ValueError, KeyError, TypeError):
            return None
        self._ensure_query_encoder()
        return stored, statements

    def _signature(self) -> tuple:
        """Cheap change detector: names, sizes and mtimes of the corpus files."""
        try:
            stats = [(p.name, p.stat()) for p in statement_files(self.corpus_dir)]
            return tuple((name, st.st_size, st.st_mtime_ns) for name, st in stats)
        except OSError:
            return ()

    def _adopt(self, statements: list[Statement]) -> None:
        """Remember the statements read and where each document's rows are in the index.

        Rows come from the stored passages, which are what searches rank
        (they differ from ``statements`` only when a stale index is served).
        """
        self._statements = statements
        self._languages = {}
        rows: dict[str, tuple[int, int]] = {}
        for row, passage in enumerate(self._stored.passages if self._stored is not None else ()):
            lo, _ = rows.get(passage.doc, (row, row))
            rows[passage.doc] = (lo, row + 1)
        self._doc_rows = rows
        self._row_dates = [passage.date for passage in (self._stored.passages if self._stored is not None else ())]
        from corpus import comparable

        sources = {}
        for statement in statements:
            whole = comparable(statement.text)
            for passage in statement.passages:
                sources[(passage.doc, passage.ref)] = (passage.text, whole)
        self._sources = sources

    def _load_or_build(self, statements: list[Statement], *, force: bool = False) -> StoredIndex:
        fingerprint = index_fingerprint(statements)
        if not force:
            stored = self._try_load(fingerprint)
            if stored is not None:
                self._ensure_query_encoder()
                return stored
        try:
            stored = self._build_locked(statements, fingerprint, force=force)
        except OSError as error:
            # a read-only deployment: answer from what is there rather than fail
            fallback = self._readable_index()
            if fallback is None:
                raise IndexStoreError(
                    f"cannot build the index in {self.index_dir} ({error.strerror or error}); "
                    "run `statement-qa index` where that folder is writable, or pass --index"
                ) from error
            logger.warning(
                "index in %s is stale but cannot be rebuilt there (%s); answering from it; "
                "run `statement-qa index` with write access to that folder",
                self.index_dir, error.strerror or error,
            )
            return fallback
        self._ensure_query_encoder()
        return stored

    def _build_locked(self, statements: list[Statement], fingerprint: str, *, force: bool) -> StoredIndex:
        from filelock import FileLock

        if self.index_dir.exists() and not self.index_dir.is_dir():
            raise IndexStoreError(f"{self.index_dir} is a file, not an index folder; remove it or pass another --index")
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.index_dir / ".lock")):
            # another process may have built it while we waited for the lock
            if force or (stored := self._try_load(fingerprint, quiet=True)) is None:
                self._write(statements, fingerprint)
                stored = load_index(self.index_dir)
        return stored

    def _readable_index(self) -> StoredIndex | None:
        try:
            return load_index(self.index_dir)
        except IndexStoreError:
            return None

    def _onnx_folder(self) -> Path | None:
        """Where the ONNX query encoder lives, or None when it is not used."""
        if not isinstance(self.embedder, SentenceTransformerEmbedder) or self.embedder.model != BUNDLED:
            return None
        if not self.onnx or os.environ.get("STATEMENT_QA_ONNX", "1") == "0":
            return None
        from index.onnx import onnx_folder

        return onnx_folder(self.index_dir, self.embedder.fingerprint())

    def _ensure_query_encoder(self) -> None:
        """Export the bundled model to ONNX once, so queries need no torch."""
        folder = self._onnx_folder()
        if folder is None or (folder / "export.json").is_file():
            return
        from filelock import FileLock

        from index.onnx import export_onnx

        with FileLock(str(self.index_dir / ".lock")):
            if not (folder / "export.json").is_file():
                try:
                    export_onnx(bundled_model_path(), folder, self.embedder.fingerprint())
                except Exception as error:  # the torch path still answers; only speed is lost
                    logger.warning("could not export the ONNX query encoder (%s); queries will use torch", error)

    def _reexport(self, folder: Path) -> None:
        import shutil

        from filelock import FileLock

        from index.onnx import export_onnx

        with FileLock(str(self.index_dir / ".lock")):
            shutil.rmtree(folder, ignore_errors=True)
            export_onnx(bundled_model_path(), folder, self.embedder.fingerprint())

    def _try_load(self, fingerprint: str, *, quiet: bool = False) -> StoredIndex | None:
        try:
            manifest = read_manifest(self.index_dir)
            if manifest is None:
                if not quiet:
                    logger.info("no index in %s yet; building it", self.index_dir)
                return None
            reason = self._stale_reason(manifest, fingerprint)
            if reason:
                if not quiet:
                    # editing the corpus is what a rebuild is for; anything else is worth a warning
                    level = logging.INFO if reason == "the corpus changed" else logging.WARNING
                    logger.log(level, "index in %s is stale (%s); rebuilding", self.index_dir, reason)
                return None
            return load_index(self.index_dir)
        except IndexStoreError as error:
            if not quiet:
                logger.warning("index in %s is unusable (%s); rebuilding", self.index_dir, error)
            return None

    def _stale_reason(self, manifest, fingerprint: str) -> str:
        if manifest.corpus_fingerprint != fingerprint:
            return "the corpus changed"
        if manifest.model_fingerprint != self.embedder.fingerprint():
            return f"it was built with another model ({manifest.model_id})"
        wanted = self.multilingual_embedder.fingerprint() if self.multilingual_embedder else ""
        if manifest.multilingual_model != wanted:
            return "its multilingual vectors do not match this engine's setting"
        return ""

    def _write(self, statements: list[Statement], fingerprint: str) -> None:
        started = time.perf_counter()
        passages = corpus_passages(statements)
        texts = [indexed_text(p) for p in passages]
        sentences = [s for p in passages for s in p.sentence_texts()]
        reuse = self._previous_vectors()
        self.last_build = {"embedded": 0, "reused": 0}
        passage_vectors = self._embed_reusing(texts, reuse, self.embedder)
        sentence_vectors = self._embed_reusing(sentences, reuse, self.embedder)
        multilingual = None
        if self.multilingual_embedder is not None:
            ml = self.multilingual_embedder
            multilingual = (
                self._embed_reusing(texts, reuse, ml, prefix="ml:"),
                self._embed_reusing(window_texts(passages), reuse, ml, prefix="ml:"),
                ml.fingerprint(),
            )
        index_type = self.index_type
        if index_type == "auto":
            index_type = "hnsw" if len(sentences) > HNSW_THRESHOLD else "flat"
        write_index(
            self.index_dir,
            passages=passages,
            indexed_texts=texts,
            passage_vectors=passage_vectors,
            sentence_vectors=sentence_vectors,
            model_id=self.embedder.model_id,
            model_fingerprint=self.embedder.fingerprint(),
            corpus_fingerprint=fingerprint,
            index_type=index_type,
            multilingual=multilingual,
            entities=EntityIndex.build(default_catalog(), passages),
            corpus_signature=self._signature_key(self._signature()),
            statements={
                "statements": [
                    {"doc": st.doc, "title": st.title, "date": st.date, "date_text": st.date_text, "file": st.file or f"{st.doc}.txt"}
                    for st in statements
                ],
                "problems": [[p.name, p.reason] for p in self.problems],
                "skipped": [[p.name, p.reason] for p in self.skipped],
            },
        )
        logger.info(
            "built %s index of %d passages / %d sentences in %.1f s",
            index_type, len(passages), len(sentences), time.perf_counter() - started,
        )

    def _previous_vectors(self) -> dict[str, np.ndarray]:
        """Vectors of the previous index by text hash, when its model matches."""
        try:
            manifest = read_manifest(self.index_dir)
            if manifest is None or manifest.model_fingerprint != self.embedder.fingerprint():
                return {}
            old = load_index(self.index_dir)
        except IndexStoreError:
            return {}
        reuse = dict(zip(old.passage_hashes, old.main.passage_vectors))
        reuse.update(zip(old.sentence_hashes, old.main.sentence_vectors))
        if old.multilingual is not None and self.multilingual_embedder is not None:
            if manifest.multilingual_model == self.multilingual_embedder.fingerprint():
                reuse.update(zip(("ml:" + h for h in old.passage_hashes), old.multilingual.passage_vectors))
                windows = window_texts(old.passages)
                reuse.update(zip(("ml:" + text_hash(w) for w in windows), old.multilingual.sentence_vectors))
        return reuse

    def _embed_reusing(
        self, texts: list[str], reuse: dict[str, np.ndarray], embedder: Embedder, *, prefix: str = ""
    ) -> np.ndarray:
        hashes = [prefix + text_hash(t) for t in texts]
        missing = sorted({h: i for i, h in enumerate(hashes) if h not in reuse}.values())
        self.last_build["embedded"] += len(missing)
        self.last_build["reused"] += len(texts) - len(missing)
        if missing:
            logger.info("embedding %d of %d texts (%d reused)", len(missing), len(texts), len(texts) - len(missing))
            fresh = embedder.embed([texts[i] for i in missing])
            reuse = dict(reuse)
            reuse.update({hashes[i]: fresh[j] for j, i in enumerate(missing)})
        if not texts:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        return np.stack([reuse[h] for h in hashes]).astype(np.float32)
