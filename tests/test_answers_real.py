"""ask() on questions phrased unlike the gold sets, with the real model and index."""

from __future__ import annotations

import math

import pytest


@pytest.mark.parametrize(
    ("question", "first"),
    [
        pytest.param(
            "What was the line on Kabul?", "4(4)",  # a capital for the country
            marks=pytest.mark.xfail(
                strict=True,
                reason="the aspect check declines it: what it asks beyond 'Kabul' ('the line on') points at §4(4) "
                "less than the English route's min_aspect asks; §4(4) is shown as the closest passage",
            ),
        ),
        ("Afghan situation", "4(4)"),  # a demonym
        ("What was said about Uyghurs?", "4(1)"),  # a word only §4(1) has
        ("What did they say about the Atlantic alliance?", "3(2)"),  # NATO's long form
        ("the Iran nuclear deal", "4(4)"),  # JCPOA by another name
        ("平壌の核開発について", "4(2)"),  # Japanese, with Pyongyang for North Korea
        ("la situation à Kaboul", "4(4)"),  # French, with Kabul for Afghanistan
    ],
)
def test_entities_named_another_way_are_answered(real_engine, question, first):
    answer = real_engine.ask(question)
    assert answer.found, answer.message
    assert answer.quotes[0].ref == first


def test_an_aspect_of_a_named_entity_the_statement_never_gives_gets_its_passage_as_the_closest(real_engine):
    answer = real_engine.ask("Iran's oil exports")
    assert not answer.found and answer.basis == "aspect" and answer.quotes == ()
    assert [h.ref for h in answer.related][:1] == ["4(4)"]
    assert "It mentions Iran, but not what the question asks about it." in answer.message


def test_an_aspect_asked_in_the_plain_questions_frame_is_declined(real_engine):
    # "What did they say about …" comes as close to §4(1) as "Hong Kong" alone:
    # measured against the plain question about Hong Kong, "elections" is what is left
    answer = real_engine.ask("What did they say about elections in Hong Kong?")
    assert not answer.found and answer.basis == "aspect"
    assert [h.ref for h in answer.related][:1] == ["4(1)"]


def test_an_ordinal_is_not_the_time_a_when_question_asks_for(real_engine):
    answer = real_engine.ask("When will the 10th NPT Review Conference be held?")
    assert not answer.found and answer.basis == "type"
    assert [h.ref for h in answer.related][:1] == ["5"]


@pytest.mark.parametrize(
    "question", ["When will the next 2+2 meeting take place?", "¿Cuándo será la próxima reunión 2+2?"]
)
def test_the_date_of_the_meeting_does_not_answer_when_the_next_one_is(real_engine, question):
    answer = real_engine.ask(question)
    assert not answer.found and answer.basis == "type"
    assert "date, time or duration" in answer.message


@pytest.mark.parametrize("question", ["¿Hablaron de Hong Kong?", "O que disseram sobre Hong Kong?", "Hong Kong hakkında ne dediler?"])
def test_asking_only_whether_a_name_came_up_is_answered_in_any_language(real_engine, question):
    # nothing beyond the name for the aspect check to read, as in "What did they say about Hong Kong?"
    answer = real_engine.ask(question)
    assert answer.found and answer.basis == "entities", answer.message
    assert answer.quotes[0].ref == "4(1)"


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Wie viele französische Soldaten werden in Japan stationiert?", "de"),
        # counted with a counter: §4(2) speaks of "the recent series of ballistic missile launches", no number
        ("声明によると、北朝鮮は弾道ミサイルを何発発射しましたか。", "ja"),
        ("성명에 따르면 북한은 탄도미사일을 몇 발 발사했습니까?", "ko"),
    ],
)
def test_a_figure_asked_for_in_another_language_is_not_answered_by_a_passage_without_one(real_engine, question, language):
    answer = real_engine.ask(question)
    assert answer.language == language and not answer.found and answer.basis == "type"
    assert answer.related  # the closest passage, under the caveat


@pytest.mark.xfail(
    strict=True,
    reason="the passages ranked first for it (the intro) name the four ministers without counting them; "
    "'The four Ministers' elsewhere counts them, but the top quotes are read for a figure, in English as in French",
)
@pytest.mark.parametrize("question", ["How many ministers took part in the meeting?", "Combien de ministres ont participé à la réunion ?"])
def test_how_many_ministers_is_answered(real_engine, question):
    assert real_engine.ask(question).found


@pytest.mark.parametrize(
    "question",
    [
        # the ranking puts §1(2) first by its coverage of the question; every passage naming the Indo-Pacific is quoted
        "¿Quieren elevar la cooperación en el Indo-Pacífico a un nivel superior?",
        "Who attended the meeting from France?",  # a "who" question moves the intro up
    ],
)
def test_the_first_quote_is_the_passage_ranked_first(real_engine, question):
    answer = real_engine.ask(question)
    assert answer.found, answer.message
    assert answer.quotes[0].ref == real_engine.search(question)[0].ref


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        # the country's adjective or name is left out before the "which minister" cue is read
        ("Welcher japanische Minister nahm für die Verteidigung teil?", "KISHI Nobuo, Minister of Defense"),
        ("어느 일본 장관이 방위 쪽으로 참석했나요?", "KISHI Nobuo, Minister of Defense"),
        ("哪位日本大臣代表防卫方面出席？", "KISHI Nobuo, Minister of Defense"),
        ("Savunma adına hangi Japon bakan katıldı?", "KISHI Nobuo, Minister of Defense"),
        # "how many hours" asks how long: "one hour 45 minutes" answers it, as in English
        ("Wie viele Stunden saßen die Minister zusammen?", "one hour 45 minutes"),
        ("Сколько часов шла видеоконференция?", "one hour 45 minutes"),
        ("视频会议开了几个小时？", "one hour 45 minutes"),
    ],
)
def test_which_minister_and_how_many_hours_are_answered_by_the_intro(real_engine, question, quoted):
    answer = real_engine.ask(question)
    assert answer.found and answer.quotes[0].ref == "intro", [q.ref for q in answer.quotes]
    assert quoted in answer.quotes[0].text


def test_a_question_asking_only_whether_a_name_came_up_has_no_aspect(real_engine):
    assert math.isnan(real_engine.aspect_gap("Was Africa brought up?"))
    # "raise … to a higher level" is what the statement says, not a mention word
    assert not math.isnan(real_engine.aspect_gap("Did they raise Indo-Pacific cooperation with ASEAN?"))
    assert not math.isnan(real_engine.aspect_gap("What did they say about Ukraine's grain exports?"))


def test_every_language_the_model_knows_has_a_plain_question_with_one_slot_for_the_names():
    from index.language import PLAIN_QUESTION, SUPPORTED

    assert set(PLAIN_QUESTION) == set(SUPPORTED)
    assert all(template.count("{}") == 1 for template in PLAIN_QUESTION.values())


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("What concerns were raised about Hong Kong?", "4(1)"),  # what the statement says of it
        ("NATO", "3(2)"),  # nothing asked beyond the name
        ("What did they say about the European Union?", "3(2)"),  # the frame only
        ("Was Africa brought up?", "4(4)"),  # only whether it came up
        ("Did Tonga come up at all?", "3(4)"),
        ("Qu'a-t-on dit sur Hong Kong ?", "4(1)"),  # the multilingual route has no aspect cut
    ],
)
def test_questions_on_what_the_statement_says_of_an_entity_are_answered(real_engine, question, first):
    answer = real_engine.ask(question)
    assert answer.found and answer.basis == "entities", answer.message
    assert answer.quotes[0].ref == first


def test_africa_quotes_the_passage_naming_it_and_the_one_naming_djibouti(real_engine):
    assert {q.ref for q in real_engine.ask("Did they mention Africa at all?").quotes} >= {"4(4)", "3(1)"}


@pytest.mark.parametrize(
    "question",
    [
        "Did they discuss the Philippines?",
        "What did they say about the US-Japan alliance?",
        "Did they talk about South Korea?",
        "Did they discuss the Paris Agreement on climate?",  # "Paris" is France, but the agreement is missing
        "What about the Tokyo Olympics?",
        "Was Cambodia mentioned?",  # ASEAN is named, Cambodia is not
    ],
)
def test_entities_the_statement_never_names_are_declined(real_engine, question):
    answer = real_engine.ask(question)
    assert not answer.found and answer.quotes == ()
    assert answer.missing and "does not mention" in answer.message


@pytest.mark.parametrize(
    ("question", "missing", "closest"),
    [
        # asked about in a region the statement names: the Indo-Pacific passages are the closest
        ("Was India part of the Indo-Pacific discussion?", "India", "3("),
        ("War Indien Teil der Gespräche über den Indopazifik?", "India", "3("),  # "Indien (India)"
        ("¿Formó parte la India de la conversación sobre el Indo-Pacífico?", "India", "3("),
        ("Czy Indie były częścią rozmowy o Indo-Pacyfiku?", "India", "3("),
        # asked something about next to a country the statement names: Ukraine's passage is the closest
        ("Did they condemn Russian military pressure on Ukraine?", "Russia", "4(3)"),
        ("Haben sie den russischen Druck auf die Ukraine verurteilt?", "Russia", "4(3)"),
        ("他们是否谴责了俄罗斯对乌克兰的施压？", "Russia", "4(3)"),
    ],
)
def test_a_missing_country_the_question_asks_about_is_declined(real_engine, question, missing, closest):
    answer = real_engine.ask(question)
    assert not answer.found and answer.basis == "missing" and answer.quotes == ()
    assert len(answer.missing) == 1 and missing in answer.missing[0]
    assert answer.related and answer.related[0].ref.startswith(closest)


@pytest.mark.parametrize(
    "question",
    [
        "What did they say about the cost of the PKO training center in Djibouti?",
        "Was sagten sie über die Kosten des PKO-Ausbildungszentrums in Dschibuti?",
        "Что они сказали о стоимости учебного центра миротворцев в Джибути?",
        "关于吉布提维和训练中心的费用他们说了什么？",
    ],
)
def test_the_cost_of_something_the_statement_names_is_declined_in_every_language(real_engine, question):
    # §3(1) names the centre and gives no amount: the closest passage, not the answer
    answer = real_engine.ask(question)
    assert not answer.found and answer.basis == "type"
    assert [h.ref for h in answer.related][:1] == ["3(1)"]


def test_asking_whether_a_missing_country_came_up_keeps_the_named_ones_answer(real_engine):
    answer = real_engine.ask("What did they say about Russia and Ukraine?")
    assert answer.found and answer.quotes[0].ref == "4(3)"
    assert "Russia" in " ".join(answer.missing)


def test_a_function_word_spelled_like_a_country_is_no_mention(real_engine):
    # Russian "для того, чтобы" (so that): "того" is not Togo
    parsed = real_engine.parse("Что необходимо для того, чтобы Северная Корея ликвидировала оружие массового уничтожения?")
    assert [m.text for m in parsed.mentions] == ["Северная Корея"]
    assert [m.text for m in real_engine.parse("Что они сказали о Того?").mentions] == ["Того"]


def test_a_near_topic_question_gets_the_closest_passage_under_a_caveat(real_engine):
    answer = real_engine.ask("China's Belt and Road Initiative")
    assert not answer.found and answer.basis == "missing"
    assert [h.ref for h in answer.related] == ["4(1)"]
    assert answer.closest_note().startswith("The statement does not directly address this. The closest passage is §4(1)")


def test_nothing_related_gets_a_plain_refusal(real_engine):
    answer = real_engine.ask("What is the capital of Brazil?")
    assert not answer.found and answer.related == () and answer.closest_note() == ""


def test_the_index_stores_the_entities_of_each_passage(real_engine):
    entities = real_engine.stored().entities
    refs = [p.ref for p in real_engine.stored().passages]
    assert "country:kp" in entities.passage_ids[refs.index("4(2)")]
    assert "sea:taiwan-strait" in entities.passage_ids[refs.index("4(1)")]
    assert entities.frames["japan-france-2plus2-2022-01-20"] == {"country:jp", "country:fr"}
    assert (real_engine.stored().folder / "entities.json").is_file()


def test_a_fact_the_statement_does_not_give_gets_the_closest_passage_and_why(real_engine):
    answer = real_engine.ask("What is the population of Tonga?")
    assert not answer.found and answer.basis == "type" and answer.lacks == "figure"
    assert [hit.ref for hit in answer.related] == ["3(4)"]
    assert "It gives no figure for this." in answer.message
    assert answer.reason == " It gives no figure for this."
    assert answer.closest_note() == "The statement does not directly address this. The closest passage is §3(4)."


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("How long did the meeting last?", "intro"),
        ("When was the Joint Statement issued?", "intro"),
        ("How many minutes past the hour did the meeting run?", "intro"),  # "45 minutes" counts them
    ],
)
def test_questions_for_a_time_or_a_figure_the_statement_gives_are_answered(real_engine, question, first):
    answer = real_engine.ask(question)
    assert answer.found, answer.message
    if first:
        assert answer.quotes[0].ref == first


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("porozumienie nuklearne z Iranem", "4(4)"),  # Polish, "Iran" inflected
        ("الاتفاق النووي مع إيران", "4(4)"),  # Arabic, CLDR's name for Iran
        ("Cieśnina Tajwańska", "4(1)"),  # Polish name of the strait
        ("北約對印太地區的興趣", "3(2)"),  # traditional Chinese, NATO
    ],
)
def test_names_in_other_languages_reach_their_passage(real_engine, question, first):
    answer = real_engine.ask(question)
    assert answer.found, answer.message
    assert answer.quotes[0].ref == first


def test_an_inflected_name_the_statement_never_uses_is_declined(real_engine):
    answer = real_engine.ask("Что министры сказали о России?")  # "about Russia", in the prepositional case
    assert not answer.found and answer.basis == "missing"
    assert "Russia" in " ".join(answer.missing)



@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("When does France hold the Presidency of the EU Council?", "3(2)"),  # "in the first half of 2022"
        ("When was the French training fleet in Japan?", "2(1)"),  # "last year"
        ("Wann hat Frankreich den Vorsitz im Rat der EU inne?", "3(2)"),
        ("At what time did the meeting start?", "intro"),  # a clock time still goes first
    ],
)
def test_a_when_question_keeps_a_passage_naming_a_year_first(real_engine, question, first):
    assert real_engine.search(question, k=3)[0].ref == first
