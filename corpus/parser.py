"""Turn a statement's text into passages that keep its own numbering.

A numbered statement looks like::

    Title line
    January 20, 2022
    Title line (repeated heading, skipped)
    Opening paragraph ...                      -> ref "intro"
    1.General remarks                          -> section 1
    (1) The four Ministers ...                 -> ref "1(1)"
      wrapped continuation line ...            (joined into 1(1))
    5. Disarmament and non-proliferation
     The four Ministers ...                    -> ref "5" (no numbered items)

A statement without section headings falls back to paragraphs separated by
blank lines, with refs ``p1``, ``p2``, ...

A numbering typo (two items "(2)" in one section) does not stop the corpus:
the document's labels are kept and the repeat is cited as ``4(2)-2`` (then
``-3`` …), with a warning naming the file and line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from corpus.model import CorpusError, Passage, Statement
from corpus.sentences import split_sentences

logger = logging.getLogger(__name__)

_SECTION = re.compile(r"^(\d{1,3})\.\s*([^\d\s(].{0,150})$")
_ITEM = re.compile(r"^\((\d{1,3})\)\s*(.*)$")
_WHITESPACE = re.compile(r"\s+")
_DATE_FORMATS = ("%B %d, %Y", "%d %B %Y", "%B %d %Y", "%Y-%m-%d", "%b %d, %Y", "%d %b %Y")


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return _WHITESPACE.sub(" ", text).strip()


def parse_date(line: str) -> str:
    """Return the ISO date of a date line, or ``""`` if it is not one.

    Example:
        >>> parse_date("January 20, 2022")
        '2022-01-20'
    """
    line = normalise_whitespace(line)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(line, fmt).date().isoformat()
        except ValueError:
            continue
    return ""


@dataclass
class _Block:
    ref: str
    section: str
    section_title: str
    lines: list[str] = field(default_factory=list)
    line: int = 0  # 1-based line of the block's first line in the file


def parse_statement(text: str, doc: str, *, source: str | None = None) -> Statement:
    """Parse one statement's text into a :class:`Statement` with passages.

    ``source`` (the file name) is what warnings and errors name.

    Raises:
        CorpusError: the text has no content.

    Example:
        >>> st = parse_statement(open("corpus/statements/x.txt").read(), "x")
        >>> [p.ref for p in st.passages][:3]
        ['intro', '1(1)', '1(2)']
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        raise CorpusError(f"{doc}: the statement is empty")

    title, date, date_text, body_start = _read_header(lines, nonblank, doc)
    body = lines[body_start:]
    if any(_SECTION.match(line.strip()) for line in body):
        blocks = _numbered_blocks(body, offset=body_start)
    else:
        blocks = _paragraph_blocks(body, offset=body_start)

    passages: list[Passage] = []
    seen: set[str] = set()
    for block in blocks:
        passage_text = normalise_whitespace(" ".join(block.lines))
        if not passage_text:
            continue
        ref = block.ref
        if ref in seen:
            repeat = 2
            while f"{block.ref}-{repeat}" in seen:
                repeat += 1
            ref = f"{block.ref}-{repeat}"
            logger.warning(
                "%s, line %d: the ref %r appears again; this one is cited as %r",
                source or doc, block.line, block.ref, ref,
            )
        seen.add(ref)
        passages.append(
            Passage(
                doc=doc,
                ref=ref,
                section=block.section,
                section_title=block.section_title,
                text=passage_text,
                sentences=split_sentences(passage_text),
                title=title,
                date=date,
            )
        )
    if not passages:
        raise CorpusError(f"{doc}: no passages found after the title and date lines")
    return Statement(doc=doc, title=title, date=date, date_text=date_text, text=text, passages=tuple(passages))


def _read_header(lines: list[str], nonblank: list[int], doc: str) -> tuple[str, str, str, int]:
    """Find the title and date lines; return them and where the body starts."""
    first = lines[nonblank[0]].strip()
    single_line_title = (nonblank[0] + 1 >= len(lines) or not lines[nonblank[0] + 1].strip()) and len(first) <= 200
    if not single_line_title or _SECTION.match(first) or _ITEM.match(first):
        return doc.replace("-", " ").replace("_", " "), "", "", 0
    title = normalise_whitespace(first)
    cursor = 1
    date = date_text = ""
    if cursor < len(nonblank) and parse_date(lines[nonblank[cursor]]):
        date_text = normalise_whitespace(lines[nonblank[cursor]])
        date = parse_date(date_text)
        cursor += 1
    # many statements repeat the title as a heading above the body
    if cursor < len(nonblank) and normalise_whitespace(lines[nonblank[cursor]]) == title:
        cursor += 1
    body_start = nonblank[cursor] if cursor < len(nonblank) else len(lines)
    return title, date, date_text, body_start


def _numbered_blocks(body: list[str], *, offset: int = 0) -> list[_Block]:
    blocks: list[_Block] = []
    intro_count = 0
    section = section_title = ""
    current: _Block | None = None
    for number, raw in enumerate(body, offset + 1):
        line = raw.strip()
        if not line:
            # a blank line ends an intro paragraph; inside a section it is just spacing
            if current is not None and not current.section:
                current = None
            continue
        if heading := _SECTION.match(line):
            section, section_title = heading.group(1), normalise_whitespace(heading.group(2))
            current = _Block(ref=section, section=section, section_title=section_title, line=number)
            blocks.append(current)
            continue
        if (item := _ITEM.match(line)) and section:
            current = _Block(
                ref=f"{section}({item.group(1)})", section=section, section_title=section_title, line=number
            )
            current.lines.append(item.group(2))
            blocks.append(current)
            continue
        if current is None:
            intro_count += 1
            ref = "intro" if intro_count == 1 else f"intro-{intro_count}"
            current = _Block(ref=ref, section="", section_title="", line=number)
            blocks.append(current)
        current.lines.append(line)
    # a section heading that has items carries no text of its own
    return [block for block in blocks if block.lines]


def _paragraph_blocks(body: list[str], *, offset: int = 0) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(body + [""], offset + 1):
        if raw.strip():
            if not current:
                start = number
            current.append(raw.strip())
        elif current:
            blocks.append(_Block(ref=f"p{len(blocks) + 1}", section="", section_title="", lines=current, line=start))
            current = []
    return blocks
