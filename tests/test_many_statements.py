"""A corpus of many statements in several layouts and formats: the right statement and passage first.

The questions were written before the first run against this corpus and are
not used to tune anything.
"""

from __future__ import annotations

import pytest

from corpus import read_statement
from tests.conftest import SEED_DOC

# question -> (statement, passage)
QUESTIONS = {
    "What catch limits were agreed for herring?": ("valmora-estoria-fisheries-2024", "1(1)"),
    "When are trawlers kept away from Cape Orrin?": ("valmora-estoria-fisheries-2024", "1(2)"),
    "Which help will small fishing villages get?": ("valmora-estoria-fisheries-2024", "3.b1"),
    "Will there be a consulate in Varna Bay?": ("estoria-press-release-2023", "1(1)"),
    "Who thanked Valmora for help after the floods?": ("estoria-press-release-2023", "1(2)"),
    "What was said about the Drevic border?": ("norvand-valmora-joint-2023", "3"),
    "How long is the gas supply contract?": ("norvand-valmora-joint-2023", "5"),
    "Are tariffs on agricultural machinery being removed?": ("valmora-trade-communique-2024", "s1.b2"),
    "What is planned for customs declarations at Kessel Gate?": ("valmora-trade-communique-2024", "s2(b)"),
    "Where will the next Trade Council session take place?": ("valmora-trade-communique-2024", "s3.b1"),
    "What about the artists' residence in Marseille?": ("declaration-franco-valmorane-2024", "2"),
    "Was a cross-cultural season planned for 2025?": ("declaration-franco-valmorane-2024", "3"),
    "Une saison culturelle croisée est-elle prévue en 2025 ?": ("declaration-franco-valmorane-2024", "3"),
    "Qu'ont décidé les ministres pour le patrimoine endommagé par le séisme ?": ("declaration-franco-valmorane-2024", "1"),
    "航行の自由について両外相は何を確認したか": ("valmora-japan-overview-2021", "2(1)"),
    "What did the delegations say about ransomware against hospitals?": ("valmora-security-dialogue-2022", "II.1"),
    "How will undersea cables be protected?": ("valmora-security-dialogue-2022", "I.2"),
    "Who gets genomic surveillance data on respiratory viruses?": ("estoria-norvand-health-2025", "1(1)"),
    "Will nurses from Estoria train abroad?": ("estoria-norvand-health-2025", "2.b1"),
    "Who pays for the ice-class research vessel?": ("norvand-estoria-arctic-2024", "2"),
    "Can either country end the Arctic research agreement?": ("norvand-estoria-arctic-2024", "8"),
    "How will the research stations be powered?": ("norvand-estoria-arctic-2024", "3"),
    "what was said about North Korea": (SEED_DOC, "4(2)"),
    "Did they discuss Ukraine?": (SEED_DOC, "4(3)"),
}


# Written with the others and failing; kept, so a fix shows (strict xfail).
KNOWN_MISSES = {
    # English questions of a corpus that mixes languages go through the multilingual encoder (the only one
    # that reads French and Japanese), which is weaker in English than the English one: §4 of the Arctic
    # agreement ("twice a year") comes first, and ask() declines
    "How often will the summit be held?": ("norvand-valmora-joint-2023", "2"),
}
@pytest.mark.parametrize(
    "question",
    sorted(QUESTIONS) + [pytest.param(q, marks=pytest.mark.xfail(strict=True, reason="known miss")) for q in KNOWN_MISSES],
)
def test_each_question_finds_its_statement_and_passage_first(many_engine, question):
    expected = QUESTIONS.get(question) or KNOWN_MISSES[question]
    hits = many_engine.search(question, k=3)
    assert (hits[0].doc, hits[0].ref) == expected, [(h.doc, h.ref) for h in hits]
    answer = many_engine.ask(question)
    assert answer.found, answer.message
    assert (answer.quotes[0].doc, answer.quotes[0].ref) == expected


def test_statements_are_listed_with_title_date_and_passages(many_engine):
    statements = many_engine.statements()
    assert len(statements) == 10
    dates = [s.date for s in statements]
    assert dates == sorted(dates)  # the index keeps them in date order
    seed = next(s for s in statements if s.doc == SEED_DOC)
    assert (seed.date, len(seed.passages)) == ("2022-01-20", 15)
    assert {s.file.rsplit(".", 1)[1] for s in statements} == {"txt", "md", "html", "pdf"}


def test_an_english_question_of_one_english_statement_keeps_the_english_encoder(many_engine):
    assert many_engine.keeper.languages() == {"en", "fr", "ja"}
    answer = many_engine.ask("How often will the summit be held?", doc="norvand-valmora-joint-2023")
    assert answer.found and answer.quotes[0].ref == "2"


def test_an_english_question_that_crosses_to_the_multilingual_encoder_is_ordered_without_term_coverage(many_engine):
    from index.scope import Scope

    english, french = many_engine.parse("How will the research stations be powered?"), many_engine.parse("Qui finance le navire ?")
    crossing, other = many_engine._route(english, Scope.of(None)), many_engine._route(french, Scope.of(None))
    assert crossing.multilingual and other.multilingual
    assert crossing.retrieval.term_weight == 0 and other.retrieval.term_weight == many_engine.multilingual_retrieval.term_weight > 0
    assert many_engine._query_vectors(english, crossing)[1] is None


def test_filter_by_statement(many_engine):
    hits = many_engine.search("joint patrols and exercises", k=5, doc="valmora-security-dialogue-2022")
    assert hits and {h.doc for h in hits} == {"valmora-security-dialogue-2022"}
    answer = many_engine.ask("what was said about North Korea", doc="valmora-estoria-fisheries-2024")
    assert not answer.found and "'valmora-estoria-fisheries-2024'" in answer.message


def test_filter_by_date_range(many_engine):
    hits = many_engine.search("cooperation agreed by the ministers", k=20, since="2024-01-01", until="2024-12-31")
    assert hits and {h.date[:4] for h in hits} == {"2024"}
    assert {h.doc for h in many_engine.search("Ministers", k=50, until="2021")} == {"valmora-japan-overview-2021"}
    answer = many_engine.ask("what was said about North Korea", since="2023")
    assert not answer.found and "dated from 2023-01-01" in answer.message
    inside = many_engine.ask("what was said about North Korea", since="2022-01", until="2022-01")
    assert inside.found and inside.quotes[0].ref == "4(2)"


def test_an_empty_date_range_says_so(many_engine):
    answer = many_engine.ask("fishing", since="2030")
    assert not answer.found and answer.message == "No statement in the corpus is dated from 2030-01-01."
    assert many_engine.search("fishing", since="2030") == []


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [("2024-13", None, "not a real date"), ("May 2024", None, "must be a date"), ("2025", "2024", "is after")],
)
def test_bad_dates_are_refused_with_a_message(many_engine, since, until, message):
    with pytest.raises(ValueError, match=message):
        many_engine.search("fishing", since=since, until=until)


def test_quotes_from_every_format_verify_against_their_files(many_engine, many_corpus):
    for statement in many_engine.statements():
        fresh = read_statement(many_corpus / statement.file)
        assert [p.text for p in fresh.passages] == [p.text for p in statement.passages]
        for passage in statement.passages[:2]:
            assert many_engine.keeper.verify(passage.doc, passage.ref, passage.text, ())
