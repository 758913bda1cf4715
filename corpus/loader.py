"""Read a folder of statements: every ``.txt``, ``.md``, ``.html``/``.htm`` or
``.pdf`` file is one (see :mod:`corpus.formats`), its stem the doc id.

Files are read in the encoding they are in: UTF-8 (with or without a byte
order mark), UTF-16 or UTF-32 by their byte order mark, and legacy
single-byte encodings (Windows-1252, Windows-1251, …) as charset-normalizer
detects them. Empty files, binaries and text no decoder makes sense of are
refused with a message naming the file. A link that leads outside the corpus
folder is never followed.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from corpus.formats import HTML_SUFFIXES, MARKDOWN_SUFFIXES, PDF_SUFFIXES, SUFFIXES, html_text, markdown_text, pdf_text
from corpus.model import CorpusError, Passage, Statement
from corpus.parser import parse_statement

logger = logging.getLogger(__name__)

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent / "statements"
MAX_STATEMENT_BYTES = 50 * 1024 * 1024
# Bump when parsing changes what passages a file yields: it invalidates indexes.
PARSER_VERSION = "3"


# byte order marks, longest first (UTF-32 LE starts like UTF-16 LE)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# When the detector finds several legacy encodings equally plausible (short
# French text reads the same in Windows-1250 and Windows-1252 except for a
# few letters), the Western European one is by far the most common.
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")


@dataclass(frozen=True)
class CorpusProblem:
    """A file left out of the corpus, and why (``reason`` reads after the name)."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name} — {self.reason}"


@dataclass(frozen=True)
class CorpusScan:
    """What a corpus folder holds: the statements read, the files refused or skipped."""

    statements: tuple[Statement, ...]
    problems: tuple[CorpusProblem, ...] = ()
    skipped: tuple[CorpusProblem, ...] = ()


def read_statement(path: str | Path) -> Statement:
    """Read and parse one statement file.

    Raises:
        CorpusError: the file is unreadable, too large, empty, binary or in
            no encoding that makes sense of it; the message names the file.

    Example:
        >>> read_statement("corpus/statements/japan-france-2plus2-2022-01-20.txt").passages[0].ref
        'intro'
    """
    path = Path(path)
    return replace(parse_statement(read_text(path), path.stem, source=str(path)), file=path.name)


def read_text(path: str | Path) -> str:
    """A statement file's text as the parser reads it: decoded, and extracted from Markdown, HTML or PDF."""
    path = Path(path)
    raw = _read_bytes(path)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return pdf_text(raw, path)
    text = _decode(raw, path)
    if suffix in HTML_SUFFIXES:
        return html_text(text, path)
    if suffix in MARKDOWN_SUFFIXES:
        return markdown_text(text)
    return text


def statement_files(corpus_dir: str | Path) -> list[Path]:
    """The files of a corpus folder that are statements, by name."""
    return sorted(p for p in Path(corpus_dir).iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith("."))


def scan_corpus(corpus_dir: str | Path = DEFAULT_CORPUS_DIR) -> CorpusScan:
    """Read every statement in ``corpus_dir`` that can be read; report the rest.

    A file that cannot be read is left out and reported (``problems``), so
    one bad file never takes the others down; a link leading outside the
    folder is skipped (``skipped``) and never read.

    Raises:
        FileNotFoundError: the folder does not exist.
        CorpusError: no statement could be read at all.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise FileNotFoundError(
            f"corpus folder {corpus_dir} does not exist; put statement files there ({', '.join(SUFFIXES)})"
        )
    root = corpus_dir.resolve()
    statements: list[Statement] = []
    problems: list[CorpusProblem] = []
    skipped: list[CorpusProblem] = []
    docs: dict[str, str] = {}
    for path in statement_files(corpus_dir):
        target = path.resolve()
        if not target.is_relative_to(root):
            logger.warning("skipping %s: it links to %s, outside the corpus folder", path, target)
            skipped.append(CorpusProblem(path.name, "a link to a file outside the corpus folder, not read"))
            continue
        if not target.is_file():
            continue
        if path.stem in docs:
            logger.warning("skipping %s: %s has the same name, and a name is the statement's id", path, docs[path.stem])
            problems.append(CorpusProblem(path.name, f"has the same name as {docs[path.stem]}; rename one of them"))
            continue
        try:
            statements.append(read_statement(path))
            docs[path.stem] = path.name
        except CorpusError as error:
            logger.warning("%s", error)
            problems.append(CorpusProblem(path.name, str(error).removeprefix(f"{path}: ")))
    if not statements:
        if problems:
            raise CorpusError(f"{corpus_dir}: no statement could be read ({'; '.join(map(str, problems))})")
        raise CorpusError(f"{corpus_dir}: no statement files ({', '.join(SUFFIXES)}) found")
    logger.debug("read %d statements from %s", len(statements), corpus_dir)
    return CorpusScan(tuple(statements), tuple(problems), tuple(skipped))


def load_corpus(corpus_dir: str | Path = DEFAULT_CORPUS_DIR) -> list[Statement]:
    """Read every statement in ``corpus_dir``, sorted by doc id; strictly.

    Links outside the folder are skipped as by :func:`scan_corpus`, but a file
    that cannot be read raises a :class:`CorpusError` naming it.
    """
    scan = scan_corpus(corpus_dir)
    if scan.problems:
        problem = scan.problems[0]
        raise CorpusError(f"{Path(corpus_dir) / problem.name}: {problem.reason}")
    return list(scan.statements)


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
    """The text of a statement file, in whatever encoding it is in (see the module doc)."""
    if not raw.strip(b" \t\r\n\x00") or raw in {bom for bom, _ in _BOMS}:
        raise CorpusError(f"{path}: the file is empty")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return _sensible(raw.decode(encoding), path, encoding)
            except UnicodeDecodeError as error:
                raise CorpusError(
                    f"{path}: starts with a {encoding.upper()} byte order mark but is not {encoding.upper()} "
                    f"text ({error.reason} at byte {error.start}); re-save it as UTF-8"
                ) from error
    if b"\0" in raw[:8192]:
        raise CorpusError(f"{path}: looks like a binary file (it contains NUL bytes), not a text statement")
    try:
        return _sensible(raw.decode("utf-8"), path, "UTF-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(raw))
    if not matches:
        raise CorpusError(
            f"{path}: is not UTF-8 text (byte 0x{raw[utf8_error.start]:02x} at offset {utf8_error.start}) "
            "and no other encoding makes sense of it; re-save it as UTF-8"
        )
    best = matches[0]
    tied = [m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    encoding = next((e for e in _PREFERRED_LEGACY if e in tied), best.encoding)
    logger.info("%s is not UTF-8; read it as %s", path, encoding)
    return _sensible(raw.decode(encoding), path, encoding)


def _sensible(text: str, path: Path, encoding: str) -> str:
    """Refuse decoded text that is mostly control or unassigned characters."""
    if not text.strip():
        raise CorpusError(f"{path}: the file is empty")
    odd = sum(1 for ch in text if unicodedata.category(ch) in {"Cc", "Cn", "Co", "Cs"} and ch not in "\n\r\t")
    if odd > max(8, len(text) // 10):
        raise CorpusError(
            f"{path}: decoded as {encoding} it is mostly control characters: a binary file, not a text statement"
        )
    return text
