"""The result types every search and answer is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as _date


@dataclass(frozen=True)
class Hit:
    """One retrieved passage, quoted verbatim, with where it comes from.

    ``evidence`` holds ``(start, end)`` offsets into ``text`` of the
    sentences that answer the question, best first. ``dense`` and
    ``lexical`` are the two retrievers' raw scores (cosine similarity and
    BM25); ``entity`` the share of the question's named entities the passage
    names; ``score`` is the fused score the ranking used.

    Example:
        >>> hit.citation()
        '§4(2) Regional affairs — Sixth Japan-France ... (“2+2”), 20 January 2022'
    """

    doc: str
    ref: str
    section: str
    section_title: str
    text: str
    score: float
    evidence: tuple[tuple[int, int], ...] = ()
    title: str = ""
    date: str = ""
    dense: float = 0.0
    lexical: float = 0.0
    entity: float = 0.0

    def evidence_texts(self) -> list[str]:
        return [self.text[start:end] for start, end in self.evidence]

    def place(self) -> str:
        """Where the passage sits: ``§4(2)``, ``Opening paragraph`` or ``Paragraph 3``."""
        if self.ref == "intro":
            return "Opening paragraph"
        if self.ref.startswith("p") and not self.section:
            return f"Paragraph {self.ref[1:]}"
        return f"§{self.ref}"

    def cite(self, *, markdown: bool = False) -> str:
        """The quote with its citation, ready to paste into a document.

        The quote is the answering sentences in the order the statement has
        them (gaps marked " … "), or the whole passage when none are marked.

        Example:
            >>> hit.cite()
            '“The four Ministers expressed strong concerns …” (§4(2), Sixth Japan-France …, 20 January 2022)'
            >>> print(hit.cite(markdown=True))
            > “The four Ministers expressed strong concerns …”
            >
            > — §4(2), Sixth Japan-France …, 20 January 2022
        """
        spans = sorted(self.evidence) or [(0, len(self.text))]
        parts, end = [], None
        for start, stop in spans:
            if end is not None and self.text[end:start].strip():
                parts.append("…")
            parts.append(self.text[start:stop])
            end = stop
        quote = " ".join(parts)
        source = ", ".join(part for part in (self.place(), self.title or self.doc, display_date(self.date)) if part)
        if markdown:
            return f"> “{quote}”\n>\n> — {source}"
        return f"“{quote}” ({source})"

    def citation(self) -> str:
        """A human citation: ``§ref section title — document title, date``."""
        where = self.place()
        if self.section_title:
            where += f" {self.section_title}"
        source = self.title or self.doc
        when = display_date(self.date)
        return f"{where} — {source}, {when}" if when else f"{where} — {source}"


@dataclass(frozen=True)
class Answer:
    """What :func:`ask` returns: quotes worth reading, or a plain "not addressed".

    ``confidence`` is the fused score of the best passage and ``grounding``
    the cosine between the question's topic and the closest passage or
    sentence (NaN when the fused score alone settled it): the two figures
    the abstention thresholds apply to. ``language`` is the question's
    (``"en"``, ``"ja"``, ``"fr"``, ``"other"``); quotes are always in the
    statement's own language. ``min_score`` is the fused score that answers
    on its own on the route that took the question (the English model's or
    the multilingual one's): what a quote's score is read against.
    """

    question: str
    found: bool
    quotes: tuple[Hit, ...] = field(default_factory=tuple)
    message: str = ""
    confidence: float = 0.0
    grounding: float = 0.0
    language: str = "en"
    related: tuple[Hit, ...] = field(default_factory=tuple)
    missing: tuple[str, ...] = field(default_factory=tuple)
    basis: str = ""
    lacks: str = ""  # the kind of answer asked for that the statement does not give ("figure")
    reason: str = ""  # why it is not answered, after "does not address this" (" It does not mention Brazil.")
    min_score: float = 0.0

    def closest_note(self) -> str:
        """The caveat above ``related`` passages: close to the question, not an answer to it.

        Example:
            >>> answer.closest_note()
            'The statement does not directly address this. The closest passage is §4(1).'
        """
        if not self.related:
            return ""
        return f"The statement does not directly address this. {self.closest_places()}"

    def closest_places(self) -> str:
        """``The closest passage is §4(1).`` (empty without related passages)."""
        if not self.related:
            return ""
        places = ", ".join(hit.place() for hit in self.related)
        noun = "passage is" if len(self.related) == 1 else "passages are"
        return f"The closest {noun} {places}."


def display_date(iso: str) -> str:
    """``2022-01-20`` → ``20 January 2022``; anything else is returned as is."""
    try:
        day = _date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    return f"{day.day} {day:%B %Y}"
