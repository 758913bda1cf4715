"""Turn a statement's text into passages that keep its own numbering.

The header is the first few lines: banners ("Press Releases",
"Communiqué de presse") are skipped, the first other line is the title, and
a date line in English, French or Japanese ("January 20, 2022",
"Paris, le 20 janvier 2022", "2022年1月20日", a place before the date)
is read wherever it sits among them. A repeat of the title is skipped.

The body is read line by line, in any mix of these layouts:

=====================================  =====================================
Line                                   Passage ref
=====================================  =====================================
``I. Regional issues`` (heading)       section ``I``
``1.General remarks`` (heading)        section ``1`` (``II.1`` inside ``II``)
``3. The Ministers …`` (paragraph)     ``3`` (``II.3`` inside ``II``)
``(1) …``, ``- (1) …``, ``1) …``       ``4(1)`` inside section or paragraph 4
``(a) …``, ``a) …``                    ``4(a)``, or ``4(2)(a)`` inside item 4(2)
``• …``, ``- …``, ``– …``, ``* …``       ``4.b1``, ``4.b2`` … (bullets of 4)
``Regional Security`` (subheading)     sets the section title of what follows
text right under a numbered heading    the heading's ref (``5``)
a further paragraph of that section    ``5.p2``, ``5.p3`` …
text before any numbering              ``intro``, ``intro-2`` …
=====================================  =====================================

Unnumbered content takes the ref of what it sits in, plus its position:
bullets count ``.b1, .b2 …`` and further paragraphs ``.p2, .p3 …`` within
it. Under an unnumbered subheading with no numbering above it, "what it sits
in" is ``s1``, ``s2`` … (the subheading's position among them), so a
communiqué of plain headed sections cites ``s2.b3``. A text with none of
these is split into paragraphs at blank lines: ``p1``, ``p2`` ….

A heading is a short line without a final full stop; a numbered line that is
as long as the text's wrapped lines, or whose next line continues it in lower
case, is a paragraph instead. Wrapped lines are joined, and a word
hyphenated across a line break is rejoined (the hyphen is kept when the text
writes that word with one elsewhere, or when it follows a prefix such as
"non" or "co").

A numbering typo (two items "(2)" in one section) does not stop the corpus:
the document's labels are kept and the repeat is cited as ``4(2)-2`` (then
``-3`` …), with a warning naming the file and line.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from corpus.model import CorpusError, Passage, Statement
from corpus.sentences import split_sentences

logger = logging.getLogger(__name__)

_WHITESPACE = re.compile(r"\s+")
# markers are matched on the NFKC form of a line, so "１．" and "（１）" read as "1." and "(1)"
_ROMAN = re.compile(r"^(?=[IVXLC])(M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))\.\s+(\S.*)$")
_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.(?!\d)\s*(\S.*)?$")
_ITEM = re.compile(r"^(?:[-–—•]\s*)?\((\d{1,3})\)\s*(.*)$|^(\d{1,3})\)\s+(.*)$")
_LETTER = re.compile(r"^(?:[-–—•]\s*)?\(([a-z]|[ivx]{2,4})\)\s*(.*)$|^([a-z])\)\s+(.*)$")
_BULLET = re.compile(r"^[•●▪◦‣∙·*\-–—]\s+(\S.*)$")
_TERMINAL = tuple(".;:,!?。．、！？")
_HYPHENATED = re.compile(r"(\w+)-$")
_WITH_HYPHEN = re.compile(r"\w+-\w+")
# short words a wrapped line often ends on, and a heading never does
_FUNCTION_WORDS = frozenset(
    "a an the of and or to in on for with by at from as that which than into "
    "de du des la le les et ou à au aux en pour par sur dans avec d l".split()
)
# prefixes whose hyphen is part of the word, not a line-end break
_HYPHEN_PREFIXES = frozenset("non co self ex anti post pre multi cross well long short high low".split())
# lines above the title that only say what kind of page it is
_BANNERS = frozenset(
    banner.strip()
    for banner in """press release|press releases|press statement|news release|news releases|news|statement|
    statements|speeches and statements|for immediate release|provisional translation|unofficial translation|
    communiqué de presse|communiqués de presse|communiqué|déclaration|déclarations|actualités|
    traduction provisoire|プレスリリース|報道発表|仮訳""".split("|")
)
_BREADCRUMB = re.compile(r"\s[>›»/|]\s")
_HEADER_LINES = 8
_MAX_REPEAT_WARNINGS = 5  # a file of repeated numbering warns this often, then once more with a count


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return _WHITESPACE.sub(" ", text).strip()


def parse_date(line: str) -> str:
    """Return the ISO date of a date line, or ``""`` if it is not one.

    English, French and Japanese forms are read, with a place before the
    date ("Valmora, 12 May 2024", "Paris, le 20 janvier 2024").
    All-numeric dates other than ISO ("12/05/2024") are ambiguous and not read.

    Example:
        >>> parse_date("January 20, 2022"), parse_date("Paris, le 20 janvier 2024")
        ('2022-01-20', '2024-01-20')
    """
    return _parse_date(normalise_whitespace(unicodedata.normalize("NFKC", line)))


@lru_cache(maxsize=1024)
def _parse_date(line: str) -> str:
    if not line or len(line) > 60 or not re.search(r"\d{4}", line):
        return ""
    if re.fullmatch(r"[\d\s/.\-]+", line) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", line):
        return ""
    import dateparser  # imported only when a header is read: it is slow to import

    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    candidates = [line]
    if place := re.match(r"^[^\d,、，]{1,60}[,、，]\s*", line):  # "Paris, le 20 janvier 2024"
        candidates.append(line[place.end():])
    for candidate in candidates:
        parsed = dateparser.parse(candidate, languages=["en", "fr", "ja"], settings=settings)
        if parsed is not None:
            return parsed.date().isoformat()
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
    if not any(line.strip() for line in lines):
        raise CorpusError(f"{source or doc}: the statement is empty")

    title, date, date_text, body_start = _read_header(lines, doc)
    body = lines[body_start:]
    blocks = _Reader(body, offset=body_start).blocks()
    if not blocks:
        blocks = _paragraph_blocks(body, offset=body_start)

    passages: list[Passage] = []
    seen: set[str] = set()
    repeats: dict[str, int] = {}  # the last repeat number given to each ref
    warned = 0
    hyphenated = frozenset(_WITH_HYPHEN.findall(text))
    for block in blocks:
        passage_text = _join(block.lines, hyphenated)
        if not passage_text:
            continue
        ref = block.ref
        if ref in seen:
            repeat = repeats.get(block.ref, 1) + 1
            while f"{block.ref}-{repeat}" in seen:
                repeat += 1
            repeats[block.ref] = repeat
            ref = f"{block.ref}-{repeat}"
            warned += 1
            if warned <= _MAX_REPEAT_WARNINGS:
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
    if warned > _MAX_REPEAT_WARNINGS:
        logger.warning("%s: %d more refs appear again (not listed)", source or doc, warned - _MAX_REPEAT_WARNINGS)
    if not passages:
        raise CorpusError(f"{source or doc}: no passages found after the title and date lines")
    return Statement(doc=doc, title=title, date=date, date_text=date_text, text=text, passages=tuple(passages))


def comparable(text: str) -> str:
    """``text`` as quote verification compares it: whitespace normalised, hyphens and soft hyphens dropped.

    A passage rejoins words hyphenated across line ends ("co-\noperation"
    becomes "cooperation"), so it is compared with the file's text in a form
    where hyphenation cannot differ.
    """
    return normalise_whitespace(re.sub(r"[-\u00ad]\s*", "", text))


def _marker_form(line: str) -> str:
    return unicodedata.normalize("NFKC", line.strip())


def _is_banner(line: str) -> bool:
    plain = normalise_whitespace(line).strip(" :|-–—").casefold()
    return plain in _BANNERS or bool(_BREADCRUMB.search(line) and len(line) < 120)


def _is_structure(line: str) -> bool:
    form = _marker_form(line)
    return any(p.match(form) for p in (_NUMBER, _ROMAN, _ITEM, _LETTER, _BULLET))


def _read_header(lines: list[str], doc: str) -> tuple[str, str, str, int]:
    """Find the title and date lines among the first few; return them and where the body starts."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    title = date = date_text = ""
    cursor = 0  # index into nonblank of the first line not consumed
    for position, i in enumerate(nonblank[:_HEADER_LINES]):
        line = normalise_whitespace(lines[i])
        if not date and (iso := parse_date(line)):
            date, date_text, cursor = iso, line, position + 1
        elif not title and _is_banner(line):
            cursor = position + 1
        elif not title and _is_title(line, lines, i):
            title, cursor = line, position + 1
        elif title and line == title:
            cursor = position + 1  # many statements repeat the title above the body
        else:
            break
    if not title:
        title = doc.replace("-", " ").replace("_", " ")
    body_start = nonblank[cursor] if cursor < len(nonblank) else len(lines)
    return title, date, date_text, body_start


def _is_title(line: str, lines: list[str], i: int) -> bool:
    """A line that can be a title: short, not numbered, not the first line of a paragraph."""
    if len(line) > 200 or _is_structure(line):
        return False
    following = lines[i + 1].strip() if i + 1 < len(lines) else ""
    if following and following[0].islower():
        return False  # a sentence wrapped onto the next line
    return not line.endswith((".", ";", ",", "。"))  # a sentence, not a title


class _Reader:
    """The state machine behind :func:`parse_statement` for structured text."""

    def __init__(self, body: list[str], *, offset: int):
        self.lines = body
        self.offset = offset
        self.blocks_: list[_Block] = []
        self.roman = ""  # "II"
        self.number = ""  # "3" or "II.3"
        self.number_is_heading = False
        self.item = ""  # "3(1)"
        self.letter = ""  # "3(1)(a)"
        self.subheading = ""  # "s2" when an unnumbered subheading stands above everything else
        self.subheadings = 0
        self.section = ""
        self.section_title = ""
        self.current: _Block | None = None
        self.counts: dict[tuple[str, str], int] = {}
        self.intro = 0
        self.structured = False
        self.by_ref: dict[str, _Block] = {}  # the latest block of each ref
        self.last_text = max((i for i, line in enumerate(body) if line.strip()), default=-1)
        lengths = sorted(len(line.strip()) for line in body if line.strip())
        # the width the text is wrapped at: a line that long is a wrapped line, not a heading
        self.wrap = lengths[(len(lengths) * 3) // 4] if len(lengths) >= 4 else 0

    def blocks(self) -> list[_Block]:
        previous = ""  # the previous non-blank line, stripped; "" after a blank line
        for index, raw in enumerate(self.lines):
            number = self.offset + index + 1
            line = raw.strip()
            if not line:
                previous = ""
                self._end_paragraph()
                continue
            self._read(line, previous, index, number)
            previous = line
        if not self.structured:
            return []
        # a heading that has items carries no text of its own
        return [block for block in self.blocks_ if block.lines]

    # -- one line -------------------------------------------------------------

    def _read(self, line: str, previous: str, index: int, number: int) -> None:
        form = _marker_form(line)
        following = self._next_line(index)
        if (match := _ROMAN.match(form)) and self._heading_like(match.group(2), line, following):
            self.structured = True
            self.roman, self.number, self.item, self.letter, self.subheading = match.group(1), "", "", "", ""
            self.section, self.section_title = self.roman, normalise_whitespace(match.group(2))
            self._start(self.roman, number, "")
            return
        if match := _NUMBER.match(form):
            label, rest = match.group(1), match.group(2) or ""
            ref = f"{self.roman}.{label}" if self.roman else label
            self.structured = True
            self.item = self.letter = ""
            self.number = ref
            if not rest or self._heading_like(rest, line, following):
                self.number_is_heading = True
                self.subheading = ""
                self.section, self.section_title = ref, normalise_whitespace(rest)
                self._start(ref, number, "")
            else:
                self.number_is_heading = False
                self._start(ref, number, _content(line, rest))
            return
        if match := _ITEM.match(form):
            label, rest = match.group(1) or match.group(3), match.group(2) if match.group(1) else match.group(4)
            self.structured = True
            self.letter = ""
            base = self._base(items=False)
            self.item = f"{base}({label})" if base else label
            self._start(self.item, number, _content(line, rest or ""))
            return
        if match := _LETTER.match(form):
            label, rest = match.group(1) or match.group(3), match.group(2) if match.group(1) else match.group(4)
            self.structured = True
            base = self.item or self._base(items=False)
            self.letter = f"{base}({label})" if base else f"({label})"
            self._start(self.letter, number, _content(line, rest or ""))
            return
        if match := _BULLET.match(form):
            self.structured = True
            base = self._base()
            self._start(self._counted(base, "b"), number, _content(line, match.group(1)))
            return
        if self._subheading(line, previous, following, index):
            self.structured = True
            self.subheadings += 1
            self.item = self.letter = ""
            if not self.number_is_heading:
                self.number = ""
                self.subheading = f"s{self.subheadings}"
            if not self.roman and not self.number:
                self.section = ""
            self.section_title = line
            self.current = None
            return
        self._text(line, number)

    def _text(self, line: str, number: int) -> None:
        if self.current is not None:
            self.current.lines.append(line)
            return
        base = self._base()
        if not base:
            self.intro += 1
            ref = "intro" if self.intro == 1 else f"intro-{self.intro}"
            self._start(ref, number, line, section="", section_title="")
            return
        owner = self.by_ref.get(base)
        if owner is not None and not owner.lines:
            owner.lines.append(line)  # the text right under a heading is the heading's passage
            self.current = owner
            return
        if owner is None and base == self.subheading:
            self._start(base, number, line)  # the first paragraph under an unnumbered subheading
            return
        self._start(self._counted(base, "p", first=2), number, line)

    # -- helpers --------------------------------------------------------------

    def _start(self, ref: str, number: int, first: str, *, section: str | None = None,
               section_title: str | None = None) -> None:
        block = _Block(
            ref=ref,
            section=self.section if section is None else section,
            section_title=self.section_title if section_title is None else section_title,
            line=number,
        )
        if first:
            block.lines.append(first)
        self.blocks_.append(block)
        self.by_ref[ref] = block
        self.current = block

    def _end_paragraph(self) -> None:
        """A blank line: what follows is a new paragraph, unless a heading waits for its text."""
        if self.current is not None and self.current.lines:
            self.current = None

    def _base(self, *, items: bool = True) -> str:
        """The ref that unnumbered content belongs to here."""
        if items and (self.letter or self.item):
            return self.letter or self.item
        return self.number or self.roman or self.subheading

    def _counted(self, base: str, kind: str, *, first: int = 1) -> str:
        key = (base, kind)
        self.counts[key] = max(self.counts.get(key, first - 1), first - 1) + 1
        suffix = f"{kind}{self.counts[key]}"
        return f"{base}.{suffix}" if base else suffix

    def _next_line(self, index: int) -> str:
        return self.lines[index + 1].strip() if index + 1 < len(self.lines) else ""

    def _heading_like(self, text: str, line: str, following: str) -> bool:
        """Whether a (numbered) line is a heading rather than a paragraph's first line."""
        text = normalise_whitespace(text)
        words = text.split()
        if not words or len(words) > 14 or len(text) > 100 or text.endswith(_TERMINAL):
            return False
        if words[-1].casefold().strip("’'") in _FUNCTION_WORDS or text[0].islower():
            return False
        if self.wrap >= 60 and len(line) >= 0.7 * self.wrap:
            return False  # as long as a wrapped line: the paragraph goes on below
        return not (following and following[0].islower())

    def _subheading(self, line: str, previous: str, following: str, index: int) -> bool:
        """An unnumbered short line standing alone between paragraphs, with text after it."""
        if previous and not previous.endswith(_TERMINAL + ("”", '"', ")")):
            return False  # the previous line's sentence goes on here
        if index >= self.last_text:
            return False  # the last line (a signature, a place): text, not a heading
        return self._heading_like(line, line, following)


def _content(line: str, rest: str) -> str:
    """The text after a marker, taken from the original line (the marker was matched on NFKC)."""
    rest = rest.strip()
    if not rest:
        return ""
    position = line.find(rest)
    if position >= 0:
        return line[position:]
    # the text itself changed under NFKC (full-width letters): cut the marker's length instead
    return line[len(line) - len(rest):] if len(line) >= len(rest) else rest


def _join(lines: list[str], hyphenated: frozenset[str]) -> str:
    """Join wrapped lines into one passage, rejoining words hyphenated at a line end.

    ``hyphenated`` holds the words the text writes with a hyphen within a
    line ("co-operation"), whose hyphen is kept when one is split at a line end.
    """
    parts: list[str] = []  # lines and the separators between them
    for line in lines:
        line = line.replace("\u00ad", "")
        if parts:
            previous = parts[-1]
            match = _HYPHENATED.search(previous[-64:]) if previous.endswith("-") else None
            if match and len(previous) >= 2 and previous[-2].isalpha() and line[:1].isalpha():
                head, tail = match.group(1), re.match(r"\w+", line).group(0)  # line starts with a letter
                keep = line[0].isupper() or head.casefold() in _HYPHEN_PREFIXES or f"{head}-{tail}" in hyphenated
                # "Indo-" + "Pacific", "non-" + "proliferation" keep the hyphen; "environ-" + "ment" loses it
                if not keep:
                    parts[-1] = previous[:-1]
                parts.append(line)
                continue
            parts.append(" ")
        parts.append(line)
    return normalise_whitespace("".join(parts))


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
