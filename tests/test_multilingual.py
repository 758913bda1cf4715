"""Japanese and French questions over the English statement, end to end."""

from __future__ import annotations

import pytest

from app.chat import respond
from eval.gold import MULTILINGUAL_GOLD, MULTILINGUAL_HELDOUT, load_gold
from eval.statement import evaluate_statement
from index.entities import default_catalog
from index.language import detect_language
from index.multilingual import ModelError, verify_resources


@pytest.mark.parametrize(
    ("text", "language", "supported"),
    [
        ("北朝鮮について何が述べられましたか", "ja", True),
        ("台湾海峡", "zh", True),  # kanji alone read as Chinese: both are answered alike
        ("Qu'ont dit les ministres sur la Corée du Nord ?", "fr", True),
        ("les exercices militaires conjoints", "fr", True),
        ("what was said about North Korea", "en", True),
        # "was" is German too: a word spelled outside ASCII lets the identifier decide
        ("Was wurde über Tonga besprochen?", "de", True),
        ("Was Africa brought up?", "en", True),
        ("UN Security Council resolutions", "en", True),
        ("NATO?", "en", True),  # too short to leave English
        ("Taïwan", "en", True),
        ("What did they say about the Élysée and Corée du Nord?", "en", True),  # names say nothing
        ("Что министры сказали о Северной Корее?", "ru", True),
        ("Was haben die Minister über Nordkorea gesagt?", "de", True),
        ("¿Qué dijeron los ministros sobre Corea del Norte?", "es", True),
        ("장관들은 북한에 대해 무엇을 말했습니까?", "ko", True),
        ("รัฐมนตรีพูดอะไรเกี่ยวกับเกาหลีเหนือ", "th", True),
        ("ماذا قال الوزراء عن كوريا الشمالية؟", "ar", True),
        ("Co řekli ministři o Severní Koreji?", "cs", False),
        ("Τι είπαν οι υπουργοί για τη Βόρεια Κορέα;", "el", False),
        ("Що міністри сказали про Північну Корею?", "uk", False),
    ],
)
def test_detect_language(text, language, supported):
    names = [m.span for m in default_catalog().find(text)]
    detected = detect_language(text, names=names)
    assert (detected.code, detected.supported) == (language, supported)


def test_a_language_the_models_do_not_know_gets_the_list_of_those_they_do(real_engine):
    answer = real_engine.ask("Τι είπαν οι υπουργοί για τη Βόρεια Κορέα;")
    assert not answer.found and answer.basis == "language" and answer.quotes == ()
    assert answer.message.startswith("This question looks like Modern Greek")
    assert "Arabic, Chinese, Dutch, English, French, German" in answer.message and "not address" not in answer.message


def test_japanese_question_finds_4_2_and_quotes_english(real_engine):
    hits = real_engine.search("北朝鮮について何が述べられましたか", k=5)
    assert hits[0].ref == "4(2)"
    answer = real_engine.ask("北朝鮮について何が述べられましたか")
    assert answer.found and answer.language == "ja" and answer.quotes[0].ref == "4(2)"
    assert answer.quotes[0].text.startswith("The four Ministers expressed strong concerns over North Korea")


def test_french_question_finds_4_2_and_2_1(real_engine):
    refs = [h.ref for h in real_engine.search("Qu'ont dit les ministres sur la Corée du Nord ?", k=5)]
    assert refs[0] == "4(2)" and "2(1)" in refs


def test_taiwan_strait_in_japanese_finds_4_1(real_engine):
    assert real_engine.search("台湾海峡", k=1)[0].ref == "4(1)"


def test_chat_says_the_quote_is_in_the_original_language(real_engine):
    reply = respond(real_engine, "Qu'ont dit les ministres sur la Corée du Nord ?", [])
    assert "langue d'origine" in reply.markdown and "§4(2)" in reply.markdown
    japanese = respond(real_engine, "北朝鮮について何が述べられましたか", [])
    assert "原文" in japanese.markdown and "§4(2)" in japanese.markdown
    assert "original language" not in respond(real_engine, "what was said about North Korea", []).markdown


def test_unanswerable_in_japanese_and_french(real_engine):
    assert not real_engine.ask("ブラジルについて議論しましたか").found
    assert not real_engine.ask("Qu'ont-ils dit sur le changement climatique ?").found


@pytest.mark.parametrize("path", MULTILINGUAL_GOLD, ids=lambda p: p.stem)
def test_multilingual_gold_targets(real_engine, path):
    """Regression guard on the Japanese and French sets (figures in eval/results/)."""
    results = evaluate_statement(real_engine, load_gold(path))
    assert results["retrievers"]["hybrid"]["hit@1"] >= 0.95
    assert results["retrievers"]["hybrid"]["all_relevant@5"] >= 0.95
    # 6 of the Japanese set's 8 unanswerable questions: with round 24 among
    # the development sets the multilingual thresholds let "移民政策について"
    # (immigration policy, grounding 0.34) through as well
    assert results["ask"]["abstention_recall"] >= 0.75
    assert results["ask"]["answer_rate_answerable"] >= 0.8


@pytest.mark.parametrize("path", MULTILINGUAL_HELDOUT, ids=lambda p: p.stem)
def test_multilingual_held_out_retrieval(real_engine, path):
    """Questions never used for tuning: every relevant passage in the top 5 or close."""
    results = evaluate_statement(real_engine, load_gold(path))
    assert results["retrievers"]["hybrid"]["hit@1"] >= 0.7
    assert results["retrievers"]["hybrid"]["recall@5"] >= 0.85


def test_multilingual_weights_are_verified(tmp_path):
    (tmp_path / "weights.npz").write_bytes(b"tampered")
    (tmp_path / "sp.model").write_bytes(b"tampered")
    with pytest.raises(ModelError, match="altered"):
        verify_resources(tmp_path)


@pytest.mark.parametrize(
    ("question", "note", "first"),
    [
        ("Was haben die Minister über Nordkorea gesagt?", "Die Erklärung wird in ihrer Originalsprache", "4(2)"),
        ("Что министры сказали о Северной Корее?", "Заявление цитируется на языке оригинала", "4(2)"),
        ("烏克蘭局勢", "声明以原文（英文）引用。", "4(3)"),
        ("الوضع في أوكرانيا", "يُقتبس البيان بلغته الأصلية", "4(3)"),
        # "quando" is the conjunction here, not "when?": no time is asked, §2(3) (cyber attacks) answers
        ("Risponderanno insieme quando gli hacker colpiscono?", "La dichiarazione è citata nella sua lingua originale", "2(3)"),
    ],
)
def test_questions_in_other_languages_are_answered_with_a_note_in_their_language(real_engine, question, note, first):
    reply = respond(real_engine, question, [])
    assert reply.markdown.startswith(f"_{note}") and "The statement is quoted in its original language" in reply.markdown
    assert real_engine.ask(question).quotes[0].ref == first


def test_a_country_the_statement_never_names_is_declined_in_any_language(real_engine):
    for question in ("他們討論了巴西嗎？", "Haben sie über Brasilien gesprochen?", "Brezilya'yı konuştular mı?"):
        answer = real_engine.ask(question)
        assert not answer.found and answer.missing, question


@pytest.mark.parametrize(
    "question",
    ["Кто участвовал во встрече с французской стороны?", "¿Quién asistió a la reunión por parte de Francia?",
     "Wer hat auf französischer Seite an dem Treffen teilgenommen?"],
)
def test_asking_who_from_france_finds_the_passage_naming_the_ministers(real_engine, question):
    # §3(2) names France four times; the intro names the four ministers
    assert real_engine.search(question, k=1)[0].ref == "intro"



@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("部長們談到台灣海峽的和平了嗎？", "部长们谈到台湾海峡的和平了吗？"), ("他們對網路攻擊說了什麼？", "他们对网络攻击说了什么？")],
)
def test_traditional_chinese_is_read_as_simplified(real_engine, traditional, simplified):
    # characters and Taiwan's words (網路 → 网络) alike; what the asker typed is kept
    asked, twin = real_engine.parse(traditional), real_engine.parse(simplified)
    assert asked.text == traditional and asked.retrieval_text == twin.retrieval_text
    assert [h.ref for h in real_engine.search(traditional, k=3)] == [h.ref for h in real_engine.search(simplified, k=3)]


def test_a_section_title_is_a_span_of_its_own(real_engine):
    from index.representation import passage_windows
    from index.store import window_layout, window_texts

    passages = [p for s in real_engine.statements() for p in s.passages]
    last = next(p for p in passages if p.ref == "5")
    units = passage_windows(last)
    assert units[0][0] == "Disarmament and non-proliferation" and len(units) == len(last.sentences)
    owner, start, sentence = window_layout(passages)
    assert len(window_texts(passages)) == len(owner) == len(sentence) == start[-1]
    # the title is counted with the passage's first sentence, so a match on it highlights a sentence of the passage
    row = passages.index(last)
    assert sentence[start[row]] == sentence[start[row] + 1]


def test_an_acronym_spelled_out_is_a_span_of_its_sentence(real_engine):
    from index.representation import passage_windows

    passage = next(p for s in real_engine.statements() for p in s.passages if p.ref == "3(1)")
    units = passage_windows(passage)
    assert "PKO: peacekeeping operations" in units[0] and len(units) == len(passage.sentences)


def test_term_coverage_is_each_words_best_unit_averaged(real_engine):
    import numpy as np

    from index.retrieval import term_coverage

    stored = real_engine.stored()
    space = stored.multilingual
    rows = np.array([i for i, p in enumerate(stored.passages) if p.ref in ("4(1)", "4(3)")])
    words = real_engine.multilingual_embedder.embed(["fuerza", "mares", "Ucrania"])
    coverage = term_coverage(space, words, rows)
    for row, value in zip(rows, coverage):
        units = space.sentence_vectors[space.sentence_start[row] : space.sentence_start[row + 1]]
        assert value == pytest.approx(float((units @ words.T).max(axis=0).mean()), abs=1e-6)
    # one word's coverage is its best unit: the seas are §4(1)'s, Ukraine §4(3)'s
    seas, ukraine = (term_coverage(space, words[i : i + 1], rows) for i in (1, 2))
    assert seas[0] > seas[1] and ukraine[1] > ukraine[0]


def test_term_coverage_orders_passages_but_stays_out_of_their_scores(real_engine):
    from dataclasses import replace

    from index.retrieval import rank_passages
    from index.scope import Scope

    parsed = real_engine.parse("¿Se opusieron al uso de la fuerza en los mares de la región?")
    route = real_engine._route(parsed, Scope.of(None))
    assert route.retrieval.term_weight > 0
    vector, terms = real_engine._query_vectors(parsed, route)
    stored = real_engine.stored()
    lexical = stored.lexical.scores(parsed.retrieval_text)

    def ranked(settings, term_vectors):
        r = rank_passages(stored, vector, lexical, k=5, settings=settings, space=route.space, term_vectors=term_vectors)
        return [stored.passages[row].ref for row in r.rows], dict(zip(r.rows.tolist(), r.scores.tolist()))

    with_terms, scores = ranked(route.retrieval, terms)
    without, plain = ranked(replace(route.retrieval, term_weight=0.0), None)
    # every §4 passage matches the "Regional affairs" title alike; only §4(1) has oppose, force and seas
    assert with_terms[0] == "4(1)" and without[0] != "4(1)"
    assert all(scores[row] == pytest.approx(plain[row]) for row in scores.keys() & plain.keys())


@pytest.mark.parametrize("question", ["Abrüstung und Nichtverbreitung", "разоружение и нераспространение"])
def test_a_question_in_a_section_titles_words_finds_its_passage(real_engine, question):
    # §4(2) speaks of weapons of mass destruction; §5's one sentence of the NPT Review Conference
    assert real_engine.search(question, k=1)[0].ref == "5"


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # the statement's own frame (Japan and France) says nothing about what is asked
        ("Was the fate of abducted Japanese citizens brought up?", "fate abducted citizens brought up"),
        ("Wie nannten sie die Partnerschaft zwischen Japan und Frankreich?", "nannten Partnerschaft"),
        ("Que disseram o Japão e a França sobre o Irã?", "disseram Irã Iran"),
        # unless the question names nothing else
        ("What did they say about France?", "France"),
        ("Qu'a-t-on dit du Japon ?", "Japon"),
    ],
)
def test_a_questions_topic_leaves_out_the_statements_frame(real_engine, question, topic):
    assert real_engine.parse(question).topic == topic


def test_a_question_in_another_language_is_embedded_half_with_its_topic(real_engine):
    import numpy as np

    from index.scope import Scope

    parsed = real_engine.parse("Что было сказано об уйгурах?")
    # the frame's "что", "было", "об" go; the name the catalog adds stays
    assert parsed.topic == "сказано уйгурах Xinjiang"
    route = real_engine._route(parsed, Scope.of(None))
    assert route.multilingual and route.retrieval.topic_weight == 0.5
    question, topic = route.embedder.embed([parsed.retrieval_text, parsed.topic])
    mixed = (question + topic) / np.linalg.norm(question + topic)
    vector, terms = real_engine._query_vectors(parsed, route)
    np.testing.assert_allclose(vector, mixed, atol=1e-5)
    # and each of the topic's words on its own, for term coverage
    np.testing.assert_allclose(terms, route.embedder.embed(["сказано", "уйгурах", "Xinjiang"]), atol=1e-5)
    # English questions are embedded as asked, with no words on their own
    english = real_engine.parse("What was said about the Uyghurs?")
    english_route = real_engine._route(english, Scope.of(None))
    vector, terms = real_engine._query_vectors(english, english_route)
    np.testing.assert_allclose(vector, english_route.embedder.embed([english.retrieval_text])[0], atol=1e-5)
    assert terms is None
    assert real_engine.ask("Что было сказано об уйгурах?").quotes[0].ref == "4(1)"


def test_the_query_cache_returns_what_the_model_would(real_engine):
    import numpy as np

    embedder = real_engine.multilingual_embedder
    texts = ["Cyberangriffe", "über Cyberangriffe", "Cyberangriffe"]
    cached = real_engine._embed_many(texts, embedder)
    again = real_engine._embed_many(texts[:1], embedder)
    np.testing.assert_allclose(np.stack(cached), embedder.embed(texts), atol=1e-5)
    assert again[0] is cached[0]


def test_a_quote_is_read_against_the_threshold_of_the_model_that_answered(real_engine):
    from dataclasses import replace

    from app.render import answer_markdown

    asked = real_engine.ask("Что было сказано о безопасности в космосе?")
    assert asked.found and asked.quotes[0].ref == "2(3)" and asked.quotes[0].entity < 1
    assert asked.min_score == real_engine.multilingual_ask_settings.min_score
    assert real_engine.ask("What was said about security in outer space?").min_score == real_engine.ask_settings.min_score
    # the wording follows the answer's own threshold, not the English model's
    score = asked.quotes[0].score
    assert "closely matches" in answer_markdown(replace(asked, quotes=asked.quotes[:1], min_score=score / 2.5))
    assert "partly matches" in answer_markdown(replace(asked, quotes=asked.quotes[:1], min_score=score))
