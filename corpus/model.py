"""Plain data types for statements and their passages."""

from __future__ import annotations

from dataclasses import dataclass, field


class CorpusError(ValueError):
    """A statement file that cannot be turned into passages.

    The message always names the file and says what is wrong with it.
    """


@dataclass(frozen=True)
class Passage:
    """One citable unit of a statement, numbered as the statement numbers it.

    ``text`` is the passage with its whitespace normalised and every other
    character kept verbatim; ``sentences`` are ``(start, end)`` character
    offsets into ``text``.

    Example:
        >>> p.ref, p.section, p.section_title
        ('4(2)', '4', 'Regional affairs')
    """

    doc: str
    ref: str
    section: str
    section_title: str
    text: str
    sentences: tuple[tuple[int, int], ...]
    title: str = ""
    date: str = ""

    def sentence_texts(self) -> list[str]:
        return [self.text[start:end] for start, end in self.sentences]


@dataclass(frozen=True)
class Statement:
    """A whole statement: its metadata, original text and passages.

    ``date`` is ISO (``2022-01-20``) when the date line could be read, else
    ``""``; ``date_text`` is the line as written. ``file`` is the file's
    name in the corpus folder (``""`` for text parsed directly).
    """

    doc: str
    title: str
    date: str
    date_text: str
    text: str
    passages: tuple[Passage, ...] = field(default_factory=tuple)
    file: str = ""
