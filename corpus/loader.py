"""Read a folder of statements: every ``*.txt`` is one, its stem the doc id."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from corpus.model import CorpusError, Passage, Statement
from corpus.parser import parse_statement

logger = logging.getLogger(__name__)

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent / "statements"
MAX_STATEMENT_BYTES = 50 * 1024 * 1024
# Bump when parsing changes what passages a file yields: it invalidates indexes.
PARSER_VERSION = "1"


def read_statement(path: str | Path) -> Statement:
    """Read and parse one statement file.

    Raises:
        CorpusError: the file is unreadable, too large, empty, binary or not
            UTF-8; the message names the file.

    Example:
        >>> read_statement("corpus/statements/japan-france-2plus2-2022-01-20.txt").passages[0].ref
        'intro'
    """
    path = Path(path)
    raw = _read_bytes(path)
    return parse_statement(_decode(raw, path), path.stem)


def load_corpus(corpus_dir: str | Path = DEFAULT_CORPUS_DIR) -> list[Statement]:
    """Read every statement in ``corpus_dir``, sorted by doc id.

    Either every file parses or a :class:`CorpusError` names the first one
    that does not: a corpus is never half-read.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist; put statement .txt files there")
    files = sorted(p for p in corpus_dir.glob("*.txt") if p.is_file())
    if not files:
        raise CorpusError(f"{corpus_dir}: no statement files (*.txt) found")
    statements = [read_statement(path) for path in files]
    logger.debug("read %d statements from %s", len(statements), corpus_dir)
    return statements


def corpus_passages(statements: list[Statement]) -> list[Passage]:
    """All passages of all statements, in doc then document order."""
    return [passage for statement in statements for passage in statement.passages]


def corpus_fingerprint(statements: list[Statement]) -> str:
    """A hash of everything that decides the passages: ids, texts, parser."""
    digest = hashlib.sha256(f"parser={PARSER_VERSION}\n".encode())
    for statement in statements:
        digest.update(statement.doc.encode() + b"\0" + statement.text.encode() + b"\0")
    return digest.hexdigest()


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_STATEMENT_BYTES:
            raise CorpusError(
                f"{path}: {size / 1e6:.1f} MB is larger than the {MAX_STATEMENT_BYTES // 2**20} MiB "
                "limit for one statement; split it into several files"
            )
        return path.read_bytes()
    except OSError as error:
        raise CorpusError(f"{path}: cannot be read ({error.strerror or error})") from error


def _decode(raw: bytes, path: Path) -> str:
    if not raw.strip():
        raise CorpusError(f"{path}: the file is empty")
    if b"\0" in raw[:8192]:
        raise CorpusError(f"{path}: looks like a binary file (it contains NUL bytes), not a text statement")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CorpusError(
            f"{path}: is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start}); "
            "re-save it as UTF-8"
        ) from error
