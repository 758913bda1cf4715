"""ask()'s decision over synthetic hits: entities first, then thresholds, then the closest passage."""

from __future__ import annotations

import numpy as np
import pytest

from index.entities import Mention
from index.grounding import EntityEvidence
from index.policy import AskSettings, decide, entity_quotes, select_quotes
from index.results import Answer, Hit

SETTINGS = AskSettings(min_score=0.2, min_grounding=0.6, min_quote_score=0.15, quote_ratio=0.5, max_quotes=3)


def hit(ref: str, score: float, entity: float = 0.0, text: str = "words") -> Hit:
    return Hit(doc="d", ref=ref, section="", section_title="", text=text, score=score, entity=entity)


def mention(text: str) -> Mention:
    return Mention(0, len(text), text, frozenset({f"x:{text}"}))


def evidence(addressed=(), missing=(), specific=()) -> EntityEvidence:
    return EntityEvidence(tuple(addressed), tuple(missing), tuple(specific), np.zeros(3))


def never(*_):
    raise AssertionError("grounding must not be computed here")


def test_entities_the_statement_names_are_answered_whatever_the_score():
    hits = [hit("4(4)", 0.05, entity=1.0), hit("1", 0.04)]
    decision = decide(hits, evidence(addressed=[mention("Kabul")]), terms=set(), grounding=never, settings=SETTINGS)
    assert decision.found and decision.basis == "entities" and [h.ref for h in decision.quotes] == ["4(4)"]


def test_missing_entities_decline_and_offer_what_names_the_rest():
    hits = [hit("4(1)", 0.5, entity=0.5), hit("2", 0.4)]
    belt = mention("Belt and Road")
    decision = decide(
        hits, evidence(addressed=[mention("China")], missing=[belt], specific=[belt]),
        terms=set(), grounding=never, settings=SETTINGS,
    )
    assert not decision.found and decision.basis == "missing"
    assert [h.ref for h in decision.related] == ["4(1)"] and decision.missing == ("Belt and Road",)


def test_a_missing_entity_alone_gets_a_plain_refusal():
    hits = [hit("intro", 0.1)]
    decision = decide(hits, evidence(missing=[mention("Brazil")]), terms=set(), grounding=never, settings=SETTINGS)
    assert not decision.found and decision.related == ()


def test_thresholds_decide_when_no_entity_does():
    assert decide([hit("1", 0.25)], None, terms=set(), grounding=never, settings=SETTINGS).basis == "score"
    grounded = decide([hit("1", 0.1)], evidence(), terms=set(), grounding=lambda: 0.7, settings=SETTINGS)
    assert grounded.found and grounded.basis == "grounding" and grounded.grounding == 0.7


def test_weak_evidence_shows_the_closest_passage_only_near_the_thresholds():
    near = decide([hit("3", 0.17)], None, terms=set(), grounding=lambda: 0.1, settings=SETTINGS)
    assert not near.found and [h.ref for h in near.related] == ["3"]
    far = decide([hit("3", 0.05)], None, terms=set(), grounding=lambda: 0.1, settings=SETTINGS)
    assert not far.found and far.related == ()
    answer = Answer(question="q", found=False, related=near.related)
    assert answer.closest_note() == "The statement does not directly address this. The closest passage is §3."


def test_quotes_follow_the_best_and_every_passage_naming_the_entity():
    hits = [hit("4(4)", 0.6, entity=1.0), hit("3(1)", 0.2, entity=0.6), hit("5", 0.5)]
    assert [h.ref for h in entity_quotes(hits, set(), SETTINGS)] == ["4(4)", "3(1)"]
    # without entities, only scores close to the best count: §3(1) is too far below
    assert [h.ref for h in select_quotes(hits, set(), SETTINGS)] == ["4(4)", "5"]


def test_no_hits_is_not_found():
    assert not decide([], None, terms=set(), grounding=never, settings=SETTINGS).found


def test_cite_quotes_the_answering_sentences_in_order_with_the_citation():
    text = "One. Two is here. Three."
    cited = Hit(doc="d", ref="4(2)", section="4", section_title="R", text=text, score=1.0,
                evidence=((18, 24), (0, 4)), title="Talks", date="2022-01-20")
    assert cited.cite() == "“One. … Three.” (§4(2), Talks, 20 January 2022)"
    assert cited.cite(markdown=True) == "> “One. … Three.”\n>\n> — §4(2), Talks, 20 January 2022"
    whole = Hit(doc="d", ref="intro", section="", section_title="", text=text, score=1.0, title="Talks")
    assert whole.cite() == "“One. Two is here. Three.” (Opening paragraph, Talks)"


def test_sum_rule_adds_the_two_signals_up():
    settings = AskSettings(min_score=0.4, min_grounding=0.6, rule="sum")
    assert settings.clears(0.4, 0.0)
    assert settings.clears(0.2, 0.3)
    assert not settings.clears(0.2, 0.25)
    assert not AskSettings(min_score=0.4, min_grounding=0.6).clears(0.2, 0.3)


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="either"):
        AskSettings(rule="both")


def test_an_aspect_of_a_named_entity_the_statement_never_gives_is_declined_with_its_passages():
    hits = [hit("4(1)", 0.4, entity=1.0), hit("2", 0.3)]
    named = evidence(addressed=[mention("Hong Kong")])
    strict = AskSettings(min_score=0.2, min_grounding=0.6, min_aspect=-0.05)
    declined = decide(hits, named, terms=set(), grounding=never, settings=strict, aspect=lambda: -0.12)
    assert not declined.found and declined.basis == "aspect" and [h.ref for h in declined.related] == ["4(1)"]
    kept = decide(hits, named, terms=set(), grounding=never, settings=strict, aspect=lambda: 0.01)
    assert kept.found and kept.basis == "entities"


def test_without_an_aspect_cut_the_gap_is_never_computed():
    hits = [hit("4(1)", 0.4, entity=1.0)]
    decision = decide(hits, evidence(addressed=[mention("Hong Kong")]), terms=set(), grounding=never, settings=SETTINGS, aspect=never)
    assert decision.found and decision.basis == "entities"
