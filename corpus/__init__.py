"""Statements and the parser that turns them into numbered passages."""

from corpus.loader import (
    DEFAULT_CORPUS_DIR,
    CorpusProblem,
    CorpusScan,
    corpus_fingerprint,
    corpus_passages,
    load_corpus,
    read_statement,
    read_text,
    scan_corpus,
    statement_files,
)
from corpus.formats import SUFFIXES
from corpus.model import CorpusError, Passage, Statement
from corpus.parser import comparable, normalise_whitespace, parse_date, parse_statement
from corpus.sentences import split_sentences

__all__ = [
    "DEFAULT_CORPUS_DIR",
    "SUFFIXES",
    "CorpusError",
    "CorpusProblem",
    "CorpusScan",
    "Passage",
    "Statement",
    "corpus_fingerprint",
    "corpus_passages",
    "load_corpus",
    "comparable",
    "normalise_whitespace",
    "parse_date",
    "parse_statement",
    "read_statement",
    "read_text",
    "scan_corpus",
    "split_sentences",
    "statement_files",
]
