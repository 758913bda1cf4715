"""The question's topic: its words, whatever the script."""

from __future__ import annotations

from index.lexical import asks_only_whether_named, topic_of, topic_words, words_of


def test_thai_vowel_and_tone_marks_stay_in_their_word():
    # "อวกาศ" (outer space) carries a mark; split at marks it would read as "อวกาศ" broken in two
    assert words_of("มีการกล่าวถึงอวกาศว่าอย่างไร") == ["มีการกล่าวถึงอวกาศว่าอย่างไร"]
    assert topic_of("มีการกล่าวถึงอวกาศว่าอย่างไร") == "มีการกล่าวถึงอวกาศว่าอย่างไร"


def test_words_keep_apostrophes_and_hyphens_and_drop_punctuation():
    assert words_of("Kishi’s view on Indo-Pacific, 5G?") == ["Kishi’s", "view", "on", "Indo-Pacific", "5G"]
    assert topic_of("Did the ministers discuss the Olympic Games?") == "Olympic Games"


def test_a_question_in_another_language_loses_its_own_function_words():
    # stopwords-iso's Russian and Spanish lists: the frame's "что", "было", "об", "qué", "se", "dijo", "sobre" go
    assert topic_of("Что было сказано об уйгурах?", "ru") == "сказано уйгурах"
    assert topic_of("¿Qué se dijo sobre la migración?", "es") == "migración"
    # English function words go in any language (the names the parser appends are English)
    assert topic_of("Was wurde über die Krim gesagt? (the Crimea)", "de") == "Krim Crimea"
    # traditional Chinese shares the Chinese list; a question of function words only is kept whole
    assert topic_of("什么", "zh-tw") == "什么"


def test_words_made_of_function_words_joined_by_an_apostrophe_or_hyphen_are_frame_too():
    # "Qu'a-t-on", "Ont-ils", "C'è": the frame of a French or Italian question, not its topic
    assert topic_of("Qu'a-t-on dit sur Hong Kong ?", "fr") == "Hong Kong"
    assert topic_of("Ont-ils parlé du Brésil ?", "fr") == "parlé Brésil"
    assert topic_of("C'è qualcosa sulle catene di approvvigionamento?", "it") == "catene approvvigionamento"
    # an elided article leaves the name it is joined to, and a compound stays whole
    assert topic_of("Qu'ont-ils dit de l'Iran ?", "fr") == "l'Iran"
    assert topic_of("What about Indo-Pacific cooperation?") == "Indo-Pacific cooperation"


def test_topic_words_are_distinct_in_order_and_capped():
    assert topic_words("opusieron fuerza mares región") == ["opusieron", "fuerza", "mares", "región"]
    # case aside, the first spelling is kept; a script without spaces is one word per run
    assert topic_words("Korea korea KOREA 北朝鮮について") == ["Korea", "北朝鮮について"]
    assert topic_words(" ".join(f"w{i}" for i in range(40)), limit=16) == [f"w{i}" for i in range(16)]


def test_a_question_whose_other_words_only_ask_whether_a_name_came_up_asks_nothing_beyond_it():
    hong_kong = {"hong", "kong"}
    for question, language in [
        ("¿Hablaron de Hong Kong?", "es"),
        ("O que disseram sobre Hong Kong?", "pt"),
        ("Hong Kong'dan bahsettiler mi?", "tr"),  # the suffix the apostrophe sets off
        ("Qu'a-t-on dit sur Hong Kong ?", "fr"),
        ("Wurde Hong Kong angesprochen?", "de"),
        ("Was Hong Kong brought up?", "en"),
        # brought up, on the agenda, among the topics
        ("Brachten sie Hong Kong zur Sprache?", "de"),
        ("¿Estaba Hong Kong en su lista de temas?", "es"),
        ("Hong Kong era nella loro lista di temi?", "it"),
        ("Был ли Hong Kong в их списке тем?", "ru"),
        ("Stond Hong Kong op de agenda?", "nl"),
    ]:
        assert asks_only_whether_named(question, language, hong_kong), question
    assert asks_only_whether_named("Ont-ils parlé de l'Afrique ?", "fr", {"afrique"})
    assert asks_only_whether_named("Kwam Afrika ter sprake?", "nl", {"afrika"})
    # an aspect is more than that, and a treaty is not a verb of saying
    assert not asks_only_whether_named("¿Hablaron de la economía de Yibuti?", "es", {"yibuti"})
    assert not asks_only_whether_named("Hanno parlato del trattato con l'Iran?", "it", {"iran"})
    assert not asks_only_whether_named("Co powiedzieli o gospodarce Dżibuti?", "pl", {"dżibuti"})
