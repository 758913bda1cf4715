"""Statement files in the formats ministries publish, as plain text for the parser.

=============  ==============================================================
``.txt``       read as is (any encoding, see :mod:`corpus.loader`)
``.md``        Markdown, read with markdown-it-py: headings, paragraphs and
               list items become lines; ``**``, links and the like are dropped
``.html``      the main text, extracted with trafilatura (menus, headers,
``.htm``       footers, cookie banners and scripts left out), then read as
               Markdown so headings and list numbering stay lines
``.pdf``       the text layer, read with pypdf page by page; running headers,
               footers and page numbers are removed
=============  ==============================================================

What each returns is the statement's text as the parser sees it, and what
quotes are verified against.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from pathlib import Path

from corpus.model import CorpusError

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES

# "Page 3", "Page 3 of 7", "- 3 -", "3/7", "3"
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def markdown_text(source: str) -> str:
    """Markdown as lines the parser reads: one line per heading, paragraph line and list item.

    A numbered list right under a numbered heading is written ``(1)``,
    ``(2)`` … (items of that section); anywhere else it keeps its ``1.``.

    Example:
        >>> print(markdown_text("## 2. Trade\\n\\n1. Tariffs **fall**.\\n2. Quotas go."))
        2. Trade
        <BLANKLINE>
        (1) Tariffs fall.
        (2) Quotas go.
    """
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(source)
    out: list[str] = []
    lists: list[tuple[str, bool]] = []  # (kind, numbered heading above) per open list
    numbered_heading = False
    pending_marker = ""
    for position, token in enumerate(tokens):
        kind = token.type
        if kind in {"bullet_list_open", "ordered_list_open"}:
            lists.append((kind, numbered_heading))
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            lists.pop()
            if not lists:
                out.append("")
        elif kind == "list_item_open":
            list_kind, under_number = lists[-1]
            if list_kind == "bullet_list_open":
                pending_marker = "• "
            elif under_number:
                pending_marker = f"({token.info}) "
            else:
                pending_marker = f"{token.info}{token.markup} "
        elif kind == "inline":
            text = _inline_text(token)
            heading = tokens[position - 1].type == "heading_open"
            if heading:
                out.append("")
                numbered_heading = bool(re.match(r"^\s*(?:\d{1,3}|[IVXLC]+)\.", text))
            out.append(pending_marker + text if pending_marker else text)
            pending_marker = ""
            if heading or not lists:
                out.append("")
        elif kind in {"fence", "code_block"}:
            out.extend(token.content.splitlines() + [""])
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _inline_text(token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def html_text(source: str, path: Path) -> str:
    """The main text of an HTML page, without the site around it.

    Raises:
        CorpusError: no main text could be found (a menu-only page, a script).
    """
    import trafilatura

    text = trafilatura.extract(
        source, output_format="markdown", include_tables=True, include_comments=False,
        include_images=False, include_links=False, with_metadata=False,
    )
    if not text or not text.strip():
        raise CorpusError(f"{path}: no statement text found in this HTML page (only menus, scripts or nothing)")
    lines = markdown_text(text)
    head = [line for line in lines.split("\n") if line.strip()][:3]
    metadata = trafilatura.extract_metadata(source)
    if metadata is not None:
        from corpus.parser import parse_date

        # the page's <title> or <time> when the article itself does not carry them
        if metadata.date and not any(parse_date(line) for line in head):
            lines = f"{metadata.date}\n\n{lines}"
        title = re.split(r"\s+[|–—-]\s+", metadata.title or "")[0].strip()
        if title and not any(line.strip() == title for line in head):
            lines = f"{title}\n\n{lines}"
    return lines


def pdf_text(raw: bytes, path: Path) -> str:
    """The text layer of a PDF, page by page, without running headers, footers and page numbers.

    Raises:
        CorpusError: the file is not a PDF pypdf can read, is encrypted, or
            has no text layer (a scan).
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise CorpusError(f"{path}: the PDF is encrypted; save an unprotected copy")
        pages = [(page.extract_text() or "").replace("\r\n", "\n") for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise CorpusError(f"{path}: not a PDF that can be read ({error})") from error
    if not any(page.strip() for page in pages):
        raise CorpusError(f"{path}: the PDF has no text layer (a scanned image?); it needs OCR first")
    return "\n".join(_without_furniture(pages)).strip() + "\n"


def _without_furniture(pages: list[str]) -> list[str]:
    """Drop page numbers, and lines repeated at the top or bottom of most pages."""
    split = [page.split("\n") for page in pages]
    # the first two and last two non-blank lines of each page
    edge_rows = []
    for lines in split:
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        edge_rows.append(set(nonblank[:2] + nonblank[-2:]))
    edges: Counter[str] = Counter()
    for lines, rows in zip(split, edge_rows):
        for line in {_DIGITS.sub("#", lines[i].strip()) for i in rows}:
            edges[line] += 1
    repeated = {line for line, count in edges.items() if len(pages) >= 2 and count >= max(2, len(pages) // 2 + 1)}
    kept: list[str] = []
    for lines, rows in zip(split, edge_rows):
        for i, line in enumerate(lines):
            stripped = line.strip()
            if i in rows and (_PAGE_NUMBER.match(stripped) or _DIGITS.sub("#", stripped) in repeated):
                continue
            kept.append(line.rstrip())
    return kept
