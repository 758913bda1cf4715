"""When ``ask`` answers, what it quotes, and what it offers when it does not.

Pure functions over ranked :class:`Hit` lists and the entity evidence of a
question: no model, no index.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path

from index.answer_type import gives
from index.grounding import WITHIN_CREDIT, EntityEvidence
from index.lexical import tokenize
from index.results import Hit

CALIBRATION_FILE = Path(__file__).resolve().parent / "calibration.json"
# A passage is offered as "the closest passage" (never as the answer) when the
# best score reaches this share of the answering thresholds (under the "sum"
# rule: when the question clears the thresholds scaled by the score share).
RELATED_SCORE_SHARE = 0.75
RELATED_GROUNDING_SHARE = 0.85
MAX_RELATED = 2
# how the best score and the grounding cosine combine (see AskSettings)
RULES = ("either", "sum")


@dataclass(frozen=True)
class AskSettings:
    """When :meth:`Engine.ask` answers and what it quotes.

    Chosen by ``statement-qa eval --calibrate`` (cross-validated over every
    development set) and stored in ``index/calibration.json``:

    * a question that names entities is answered when the statement names
      them (or something within them) and declined when it names none of
      them, or misses an organisation, agreement, initiative or event the
      question is about; only questions that name nothing decisive fall
      through to the two thresholds below;
    * with ``rule="either"``, answer when the best passage's fused score
      is at least ``min_score``, or when the question's topic has a cosine
      of at least ``min_grounding`` with some passage or sentence; with
      ``rule="sum"``, answer when ``score / min_score + grounding /
      min_grounding`` is at least 1: each threshold is what answers on its
      own, and between them the two signals add up (a straight boundary,
      which held better than the corner of "either" on rounds of questions
      left out of the fit);
    * a question that the entity evidence would answer is declined
      instead when what it asks beyond the names points at the passages
      naming them less than ``min_aspect`` (:meth:`Engine.aspect_gap`;
      "Iran's oil exports": the statement names Iran, not its oil
      exports). ``None`` turns this off: cross-validation keeps it only on
      a route where it lowers the out-of-fold loss;
    * also quote the next passages whose fused score is at least
      ``min_quote_score`` and at least ``quote_ratio`` times the best one's,
      or that contain every content word of the question (``max_quotes`` in
      all).
    """

    min_score: float = 0.15
    min_grounding: float = 0.3
    min_quote_score: float = 0.18
    quote_ratio: float = 0.5
    max_quotes: int = 4
    rule: str = "either"
    min_aspect: float | None = None

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown answering rule {self.rule!r}; choose one of {', '.join(RULES)}")

    def clears(self, score: float, grounding: float, *, scale: float = 1.0) -> bool:
        """Whether a best score and a grounding cosine answer the question under this rule.

        ``scale`` multiplies both thresholds (below 1: nearly answered).

        Example:
            >>> AskSettings(min_score=0.4, min_grounding=0.6, rule="sum").clears(0.2, 0.3)
            True
        """
        min_score, min_grounding = scale * self.min_score, scale * self.min_grounding
        if score >= min_score:
            return True
        if self.rule == "either":
            return grounding >= min_grounding
        return score / min_score + max(grounding, 0.0) / min_grounding >= 1.0 - 1e-12

    @classmethod
    def from_file(cls, path: Path = CALIBRATION_FILE, *, key: str = "ask") -> AskSettings:
        """The settings stored under ``key`` (``"ask"`` or ``"ask_multilingual"``)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        names = {f.name for f in fields(cls)}
        return cls(**{name: value for name, value in raw.get(key, {}).items() if name in names})


@dataclass(frozen=True)
class Decision:
    """What to say: quotes when ``found``; otherwise, maybe the closest passages.

    ``basis`` says what settled it: ``"entities"`` (the statement names what
    the question names), ``"missing"`` (it does not), ``"score"``,
    ``"grounding"`` or ``"weak"`` (the answering rule not met), ``"aspect"``
    (the statement names what the question names, but not what it asks
    about it: its passages on the names are offered as the closest), ``"type"``
    (the passages on the topic hold no answer of the kind asked: no figure
    for "how many"), ``"empty"``. ``missing`` holds the names the statement
    does not use.
    """

    found: bool
    basis: str
    quotes: tuple[Hit, ...] = ()
    related: tuple[Hit, ...] = ()
    missing: tuple[str, ...] = ()
    grounding: float = float("nan")


def decide(
    hits: list[Hit],
    evidence: EntityEvidence | None,
    *,
    terms: set[str],
    grounding: Callable[[], float],
    settings: AskSettings,
    names: Callable[[str], str] = str,
    expects: str | None = None,
    question: str = "",
    aspect: Callable[[], float] = lambda: 0.0,
) -> Decision:
    """Answer, decline, or decline and show the closest passages.

    ``grounding`` is called only when the fused score alone does not settle
    the question (it embeds the question's topic). ``names`` turns a mention
    into the name to report as missing. ``expects`` is the kind of answer
    ``question`` asks for (:func:`index.answer_type.expected_type`): an
    answer is given only if a quote holds one. ``aspect`` is called only
    when the entity evidence would answer (and a quote holds the kind of
    answer asked for) and ``settings.min_aspect`` is set (:meth:`Engine.aspect_gap`).

    Example:
        >>> decide(hits, evidence, terms={"kabul"}, grounding=lambda: 0.2, settings=AskSettings()).quotes[0].ref
        '4(4)'
    """
    if not hits:
        return Decision(found=False, basis="empty")
    missing = tuple(dict.fromkeys(names(m.text) for m in evidence.missing)) if evidence else ()
    if evidence is not None and evidence.declines:
        # what the statement says about the other things named ("China" in
        # "China's Belt and Road"), or a passage that would have answered on
        # its words alone; never one that merely shares the question's frame
        related = [hit for hit in hits if hit.entity > 0] or [hit for hit in hits[:1] if hit.score >= settings.min_score]
        return Decision(found=False, basis="missing", related=tuple(related[:MAX_RELATED]), missing=missing)
    if evidence is not None and evidence.addressed:
        decision = Decision(found=True, basis="entities", quotes=tuple(entity_quotes(hits, terms, settings)), missing=missing)
    elif hits[0].score >= settings.min_score:
        decision = Decision(found=True, basis="score", quotes=tuple(select_quotes(hits, terms, settings)))
    else:
        cosine = grounding()
        if not settings.clears(hits[0].score, cosine):
            related = _related(hits, settings, lambda: cosine)
            return Decision(found=False, basis="weak", related=tuple(related[:MAX_RELATED]), grounding=cosine)
        decision = Decision(
            found=True, basis="grounding", quotes=tuple(select_quotes(hits, terms, settings)), grounding=cosine
        )
    if misses_type(decision.quotes, expects, question):
        # on the topic, but without the figure or date asked for: the closest passages, not an answer
        return replace(decision, found=False, basis="type", quotes=(), related=decision.quotes[:MAX_RELATED])
    if decision.basis == "entities" and settings.min_aspect is not None and aspect() < settings.min_aspect:
        # the statement names what the question names, not what it asks about it
        related = [hit for hit in hits if hit.entity > 0] or list(hits[:1])
        return Decision(found=False, basis="aspect", related=tuple(related[:MAX_RELATED]), missing=missing)
    return decision


def misses_type(quotes, expects: str | None, question: str) -> bool:
    """Whether ``question`` asks for a kind of answer (``expects``: a figure, a time) that no quote holds."""
    return expects is not None and not any(gives(hit.text, expects, question) for hit in quotes)


def _related(hits: list[Hit], settings: AskSettings, grounding: Callable[[], float]) -> list[Hit]:
    top = hits[0]
    if settings.rule == "sum":
        return [top] if settings.clears(top.score, grounding(), scale=RELATED_SCORE_SHARE) else []
    if top.score >= RELATED_SCORE_SHARE * settings.min_score or grounding() >= RELATED_GROUNDING_SHARE * settings.min_grounding:
        return [top]
    return []


def entity_quotes(hits: list[Hit], question_terms: set[str], settings: AskSettings) -> list[Hit]:
    """Quotes for a question whose entities the statement names.

    Every passage that names as much of the question as the best one does
    is quoted ("North Korea" → §4(2) and §2(1)), then passages chosen as
    :func:`select_quotes` would, up to ``max_quotes``.
    """
    best = max(hit.entity for hit in hits)
    # naming something within the entity (Djibouti for Africa) is as good as
    # the best a passage does, scaled the same way
    quotes = [hit for hit in hits if hit.entity >= WITHIN_CREDIT * best - 1e-9][: settings.max_quotes]
    for hit in select_quotes(hits, question_terms, settings):
        if len(quotes) >= settings.max_quotes:
            break
        if hit not in quotes and hit.entity > 0:
            quotes.append(hit)
    # in the ranking's order: a passage the ranking moved up (coverage of the
    # question's words, a "who" or "when" question) keeps its place
    rank = {id(hit): position for position, hit in enumerate(hits)}
    return sorted(quotes, key=lambda hit: rank[id(hit)])


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


@lru_cache(maxsize=4096)
def passage_terms(text: str) -> frozenset[str]:
    """Stemmed content terms of a text, as BM25 sees them (cached: a corpus quotes the same passages again and again)."""
    return frozenset(tokenize([text])[0])
