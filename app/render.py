"""How an answer reads: Markdown for the chat, HTML for the statement panel, JSON for programs.

Pure functions of :class:`index.Answer`, :class:`index.Hit` and the
statements; no Gradio. Everything a user typed or a statement holds is
HTML-escaped and its Markdown punctuation backslashed before it reaches a
page, so markup is shown as text and never run.
"""

from __future__ import annotations

import html
import math
import re
from urllib.parse import quote as url_quote
from collections.abc import Sequence
from dataclasses import asdict

from corpus import Statement
from index.results import Answer, Hit, display_date

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]~|$])")
# A quote whose fused score is at least this many times the answering
# threshold reads as a close match.
CLOSE_MATCH_RATIO = 2.0


def escape_text(text: str) -> str:
    """Make any text inert inside Markdown: HTML-escaped, Markdown punctuation backslashed.

    Example:
        >>> print(escape_text("<script>*x*</script>"))
        &lt;script&gt;\\*x\\*&lt;/script&gt;
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def match_words(hit: Hit, min_score: float) -> str:
    """How well a quote matches, in words a reader understands (no numbers).

    Example:
        >>> match_words(hit, 0.13)
        'closely matches your question'
    """
    if hit.entity >= 1.0 or hit.score >= CLOSE_MATCH_RATIO * min_score:
        return "closely matches your question"
    return "partly matches your question"


def statement_heading(hit: Hit) -> str:
    """``**Title**, 20 January 2022``: said once for each statement a reply quotes."""
    when = display_date(hit.date)
    return f"**{escape_text(hit.title or hit.doc)}**" + (f", {escape_text(when)}" if when else "")


def quote_markdown(hit: Hit, hint: str) -> str:
    """One quote: its place and section, a hint in words, the passage as a blockquote, evidence in <mark>,
    then controls that copy the quote with its citation (plain text, Markdown)."""
    place = f"**{escape_text(hit.place())}{' ' + escape_text(hit.section_title) if hit.section_title else ''}**"
    body = f"{place} · _{escape_text(hint)}_\n\n> " + highlighted(hit, escape_text, "<mark>", "</mark>")
    return body + "\n\n" + copy_controls(hit)


def copy_controls(hit: Hit) -> str:
    """Two links the chat's click handler turns into clipboard copies (the text rides in the link).

    Links, not buttons: they survive the chat's HTML sanitiser, and a
    keyboard reaches them with Tab.
    """
    plain = url_quote(hit.cite(), safe="")
    markdown = url_quote(hit.cite(markdown=True), safe="")
    return (
        f'<a class="sqa-copy" href="#copy={plain}">Copy quote with citation</a> · '
        f'<a class="sqa-copy" href="#copy={markdown}">Copy as Markdown</a>'
    )


def answer_link(question: str, doc: str | None = None) -> str:
    """A link that opens the chat and asks ``question`` again (``?q=…``, ``&doc=…`` of one statement)."""
    query = f"?q={url_quote(question, safe='')}" + (f"&amp;doc={url_quote(doc, safe='')}" if doc else "")
    return f'<a class="sqa-link" href="{query}">Link to this answer</a>'


def export_turn(question: str, answer: Answer | None, reply_markdown: str) -> str:
    """One question and its answer for the conversation export: every quote with its citation."""
    lines = [f"## {question}", ""]
    if answer is None:
        lines.append(_plain_markdown(reply_markdown))
    elif answer.found:
        lines += [hit.cite(markdown=True) + "\n" for hit in answer.quotes]
    else:
        lines.append(answer.message)
        if answer.related:
            lines += ["", answer.closest_note(), ""] + [hit.cite(markdown=True) + "\n" for hit in answer.related]
    return "\n".join(lines).rstrip() + "\n"


def export_markdown(turns: Sequence[str], title: str) -> str:
    """The whole conversation as a Markdown document."""
    return f"# Questions about {title}\n\nQuotes are the statement's own words.\n\n" + "\n".join(turns)


def _plain_markdown(markdown: str) -> str:
    """A reply without the chat's HTML (highlights, controls)."""
    text = re.sub(r"<a class=\"sqa-[^\"]*\"[^>]*>.*?</a>( · )?", "", markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def grouped_quotes(hits: Sequence[Hit], hint) -> str:
    """Quotes grouped under their statement's title and date (newest statement first).

    ``hint(hit)`` gives each quote's hint in words.
    """
    order: dict[str, list[Hit]] = {}
    for hit in hits:
        order.setdefault(hit.doc, []).append(hit)
    docs = sorted(order, key=lambda doc: order[doc][0].date or "", reverse=True)
    blocks = []
    for doc in docs:
        blocks.append(statement_heading(order[doc][0]))
        blocks += [quote_markdown(hit, hint(hit)) for hit in order[doc]]
    return "\n\n".join(blocks)


def answer_markdown(answer: Answer, *, doc: str | None = None) -> str:
    """The reply for an answer: quotes under their statement, or why there are none.

    How well each quote matches is read against the answering threshold of
    the model that took the question (``answer.min_score``).
    """
    if answer.found:
        return grouped_quotes(answer.quotes, lambda hit: match_words(hit, answer.min_score)) + "\n\n" + answer_link(answer.question, doc)
    if answer.basis == "language":
        return f"**{escape_text(answer.message)}**"
    missing = escape_text(answer.reason)
    if answer.related:
        return (
            f"**The statement does not directly address this.**{missing} "
            f"{escape_text(answer.closest_places())} It is shown below as the nearest thing the statement says, "
            "not as an answer.\n\n" + grouped_quotes(answer.related, lambda hit: "closest passage, not an answer")
        )
    return (
        f"**The statement does not address this.**{missing} Nothing in it answers "
        f"“{escape_text(answer.question)}”, so I am not quoting anything. Try other words, or one of the examples."
    )


def highlighted(hit: Hit, escape, opening: str, closing: str) -> str:
    """The passage text, escaped, with its evidence sentences wrapped."""
    out, cursor = [], 0
    for start, end in sorted(hit.evidence):
        out += [escape(hit.text[cursor:start]), opening, escape(hit.text[start:end]), closing]
        cursor = end
    out.append(escape(hit.text[cursor:]))
    return "".join(out)


def item_label(ref: str, section: str = "") -> str:
    """The label a passage carries in the statement (see the parser's ref rules).

    ``(2)`` for ``4(2)``, ``(a)`` for ``4(2)(a)``, ``(2)-2`` for a repeat,
    ``•`` for a bullet ``4.b1``, ``3.`` for a numbered paragraph ``3`` or
    ``II.3``; nothing for text that sits under its section's heading.

    Example:
        >>> item_label("4(2)"), item_label("5", "5"), item_label("II.3", "II"), item_label("s1.b2")
        ('(2)', '', '3.', '•')
    """
    if "(" in ref:
        return "(" + ref.rsplit("(", 1)[1]
    if re.search(r"\.b\d+$", ref) or re.fullmatch(r"b\d+", ref):
        return "•"
    if ref != section and re.fullmatch(r"(?:[IVXLC]+\.)?\d+(?:\.\d+)*", ref):
        return ref.rsplit(".", 1)[-1] + "." if "." in ref else f"{ref}."
    return ""


def statement_html(statements: Sequence[Statement], quotes: Sequence[Hit], doc: str | None = None) -> str:
    """The statement being quoted, in full: quoted passages highlighted, the best one marked.

    The best quote (the first) carries ``sqa-best`` so the panel can scroll
    to it rather than to whichever quoted passage comes first in the text.
    """
    if not statements:
        return ""
    # the statement of the best quote; else the one asked about; else the newest
    doc = quotes[0].doc if quotes else doc or max(statements, key=lambda s: (s.date, s.doc)).doc
    statement = next((s for s in statements if s.doc == doc), statements[0])
    quoted = {hit.ref: hit for hit in quotes if hit.doc == statement.doc}
    best = quotes[0].ref if quotes and quotes[0].doc == statement.doc else None
    parts = [
        # a scrollable region a keyboard can reach and a screen reader can name
        '<div class="sqa-statement" tabindex="0" role="region" aria-label="The statement, quoted passages highlighted">',
        f"<h3>{html.escape(statement.title)}</h3>",
        f'<div class="sqa-date">{html.escape(statement.date_text or display_date(statement.date))}</div>',
    ]
    section = ("", "")
    for passage in statement.passages:
        if (passage.section, passage.section_title) != section and (passage.section or passage.section_title):
            section = (passage.section, passage.section_title)
            label = f"{passage.section}. " if passage.section else ""
            parts.append(f"<h4>{html.escape(label)}{html.escape(passage.section_title)}</h4>")
        label = item_label(passage.ref, passage.section)
        hit = quoted.get(passage.ref)
        body = highlighted(hit, html.escape, "<mark>", "</mark>") if hit else html.escape(passage.text)
        classes = " ".join(c for c in ("sqa-quoted" if hit else "", "sqa-best" if passage.ref == best else "") if c)
        css = f' class="{classes}"' if classes else ""
        ref_label = f'<span class="sqa-ref">{html.escape(label)}</span>' if label else ""
        parts.append(f'<p id="sqa-{html.escape(passage.ref)}"{css}>{ref_label}{body}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def hit_json(hit: Hit) -> dict:
    """A quote for programs: every field, evidence as offsets and as text, the citation."""
    row = asdict(hit)
    row["evidence"] = [list(span) for span in hit.evidence]
    row["evidence_text"] = hit.evidence_texts()
    row["citation"] = hit.citation()
    return row


def answer_json(answer: Answer) -> dict:
    """An answer for programs (``statement-qa ask --json`` and the ``/ask`` endpoint): no markup."""
    return {
        "question": answer.question,
        "found": answer.found,
        "message": answer.message,
        "confidence": answer.confidence,
        "grounding": None if math.isnan(answer.grounding) else answer.grounding,
        "quotes": [hit_json(h) for h in answer.quotes],
        "related": [hit_json(h) for h in answer.related],
        "related_note": answer.closest_note(),
        "missing": list(answer.missing),
        "lacks": answer.lacks or None,
        "reason": answer.reason.strip(),
        "basis": answer.basis,
        "language": answer.language,
    }
