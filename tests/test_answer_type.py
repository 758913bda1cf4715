"""The kind of answer a question asks for, and whether a passage holds one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from index.answer_type import (
    FIGURE, PERSON, TIME, asked_kind, asks_for_member, expected_type, gives, kind_first, names_kind,
)
from index.policy import AskSettings, decide
from index.results import Hit


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many troops will France send?", FIGURE),
        ("What is the population of Tonga?", FIGURE),
        ("What was Japan's defence budget?", FIGURE),
        ("How long did the meeting last?", TIME),
        ("When was the Joint Statement issued?", TIME),
        ("What time did the call begin?", TIME),
        ("What was said about North Korea?", None),
        ("Who represented France?", None),
        ("How often will the summit be held?", None),  # a frequency is said in words ("every year")
    ],
)
def test_expected_type(question, kind):
    assert expected_type(question) == kind


@pytest.mark.parametrize(
    ("question", "language", "kind"),
    [
        ("Combien de temps a duré la réunion ?", "fr", TIME),
        ("Combien de soldats la France enverra-t-elle ?", "fr", FIGURE),
        ("Wie viele französische Soldaten werden in Japan stationiert?", "de", FIGURE),
        ("Um wie viel Uhr begann die Videokonferenz?", "de", TIME),
        ("¿Cuántos soldados franceses se estacionarán en Japón?", "es", FIGURE),
        ("Quanti soldati francesi saranno di stanza in Giappone?", "it", FIGURE),
        ("Hoeveel Franse militairen worden in Japan gestationeerd?", "nl", FIGURE),
        ("Ilu francuskich żołnierzy zostanie rozmieszczonych w Japonii?", "pl", FIGURE),
        ("Quantos soldados franceses ficarão estacionados no Japão?", "pt", FIGURE),
        ("Сколько французских военных будет размещено в Японии?", "ru", FIGURE),
        ("Во сколько началась видеоконференция?", "ru", TIME),
        ("Japonya'da kaç Fransız askeri konuşlandırılacak?", "tr", FIGURE),
        ("Video konferans saat kaçta başladı?", "tr", TIME),
        ("كم عدد الجنود الفرنسيين الذين سيتمركزون في اليابان؟", "ar", FIGURE),
        ("일본에 프랑스 군인이 몇 명 주둔하게 되나요?", "ko", FIGURE),
        ("ทหารฝรั่งเศสจะประจำการในญี่ปุ่นกี่นาย", "th", FIGURE),
        ("法国将在日本驻扎多少士兵？", "zh", FIGURE),
        ("日本に駐留するフランス兵は何人ですか。", "ja", FIGURE),
        # a counter after "how many" names what is counted: missiles, shells, launchers
        ("声明によると、北朝鮮は弾道ミサイルを何発発射しましたか。", "ja", FIGURE),
        ("북한은 탄도미사일을 몇 발 발사했습니까?", "ko", FIGURE),
        ("朝鲜发射了几枚导弹？", "zh", FIGURE),
        # an ordinal asks which one ("the 10th", "Sixth"), not how many
        ("検討会議は何回目ですか。", "ja", None),
        ("검토회의는 몇 번째인가요?", "ko", None),
        ("这是第几次2+2会议？", "zh", None),
        # words that only look like "how many": "as for", "for some years", "a few", "kidnapping"
        ("Per quanto riguarda l'Iran, cosa hanno detto?", "it", None),
        ("Quanto ao Irã, o que disseram?", "pt", None),
        ("En cuanto a Irán, ¿qué dijeron?", "es", None),
        ("장관들은 최근 몇 년간 안보 협력이 강화되었다고 말했나요?", "ko", None),
        ("รัฐมนตรีกล่าวว่าความร่วมมือด้านความมั่นคงแข็งแกร่งขึ้นในช่วงไม่กี่ปีที่ผ่านมาหรือไม่", "th", None),
        ("Bakan Hayashi kaçırılma meselesini gündeme getirdi mi?", "tr", None),
        ("พวกเขากล่าวอะไรเกี่ยวกับเกาหลีเหนือ", "th", None),  # "about" holds the letters of "how many"
        ("Сколько длилась встреча?", "ru", TIME),
        # "when" that is also the conjunction asks only opening or closing the question
        ("Risponderanno insieme quando gli hacker colpiscono?", "it", None),
        ("Будут ли они реагировать вместе, когда нападут хакеры?", "ru", None),
        ("Há um plano para responder em conjunto quando houver ciberataques?", "pt", None),
        ("Reageren ze samen wanneer hackers toeslaan?", "nl", None),
        ("E quando si è svolto l'incontro?", "it", TIME),
        ("А когда они встретились?", "ru", TIME),
        ("Ils se sont réunis quand ?", "fr", TIME),
        ("Depuis quand la France préside-t-elle le Conseil ?", "fr", TIME),
        ("كم استمر اجتماع الوزراء؟", "ar", TIME),
        ("Was wurde über Tonga besprochen?", "de", None),
        # "how" before an adjective asks no figure
        ("Quanto è importante la cooperazione con la Francia?", "it", None),
        ("Fransa ile işbirliği ne kadar önemli?", "tr", None),
        ("Japonya savunmaya ne kadar para harcayacak?", "tr", FIGURE),
        # a cost, a price, a budget asks for an amount, as "cost" does in English
        ("Was sagten sie über die Ausbildungskosten in Dschibuti?", "de", FIGURE),
        ("¿Qué dijeron sobre el costo del centro en Yibuti?", "es", FIGURE),
        ("Co powiedzieli o kosztach ośrodka w Dżibuti?", "pl", FIGURE),
        ("Что они сказали о стоимости центра в Джибути?", "ru", FIGURE),
        ("Cibuti'deki merkezin maliyeti hakkında ne dediler?", "tr", FIGURE),
        ("关于吉布提训练中心的费用他们说了什么？", "zh", FIGURE),
        ("지부티 훈련센터의 비용에 대해 무엇을 말했습니까?", "ko", FIGURE),
        ("Qu'ont-ils dit du coût du centre de formation ?", "fr", FIGURE),
        ("Wat zeiden ze over de centrale rol van ASEAN?", "nl", None),  # "centrale" is no "cent"
        # "how many" hours or minutes asks how long, answered by a duration
        ("Combien de minutes la visioconférence a-t-elle duré ?", "fr", TIME),
        ("Wie viele Stunden saßen die Minister zusammen?", "de", TIME),
        ("¿Cuántas horas estuvieron reunidos los ministros?", "es", TIME),
        ("Quanti minuti è durata la videoconferenza?", "it", TIME),
        ("Hoeveel uur zaten de ministers bij elkaar?", "nl", TIME),
        ("Ile właściwie godzin trwała wideokonferencja?", "pl", TIME),
        ("Quantas horas estiveram os ministros reunidos?", "pt", TIME),
        ("Сколько часов шла видеоконференция?", "ru", TIME),
        ("Videokonferans kaç dakika sürdü?", "tr", TIME),
        ("كم ساعة استغرقت المحادثات؟", "ar", TIME),
        ("การประชุมทางวิดีโอใช้เวลากี่นาที", "th", TIME),
        ("视频会议开了几个小时？", "zh", TIME),
        ("Quanti ministri hanno partecipato ora?", "it", FIGURE),  # "ora" (now) is counted by nothing
    ],
)
def test_questions_are_typed_from_their_own_languages_words(question, language, kind):
    assert expected_type(question, language) == kind


@pytest.mark.parametrize(
    ("text", "kind", "question", "holds"),
    [
        ("The meeting lasted one hour 45 minutes.", TIME, "How long was it?", True),
        ("The ministers met on January 20.", TIME, "When did they meet?", True),
        ("The four Ministers exchanged views on Tonga.", TIME, "When did they discuss Tonga?", False),
        # an ordinal or a name is no time; a year or a clock time is
        ("They will work toward a successful 10th NPT Review Conference.", TIME, "When will it be held?", False),
        ("They discussed 5G and the \"2+2\".", TIME, "When did they discuss 5G?", False),
        ("France holds the Presidency in the first half of 2022.", TIME, "When?", True),
        ("The talks ran from 9:30 to 11:15.", TIME, "When?", True),
        # the next meeting's time is not the meeting's own: only a passage on a time to come gives it
        ("On January 20, the ministers held the 2+2.", TIME, "When will the next 2+2 meeting take place?", False),
        ("On January 20, the ministers held the 2+2.", TIME, "Wann treffen sie sich wieder?", False),
        ("On January 20, the ministers held the 2+2.", TIME, "下一次2+2会议什么时候举行？", False),
        ("The next meeting will be held in Paris in 2023.", TIME, "When will the next 2+2 meeting take place?", True),
        ("They will meet in Tokyo in 2023.", TIME, "Quand aura lieu la prochaine réunion ?", True),
        ("On January 20, the ministers held the 2+2.", TIME, "When did the 2+2 take place?", True),
        ("Tonga has about 100,000 inhabitants.", FIGURE, "What is the population of Tonga?", True),
        ("The budget rose by 3 percent.", FIGURE, "What was the budget?", True),
        ("The four Ministers exchanged views on Tonga.", FIGURE, "What is the population of Tonga?", False),
        ("The four Ministers exchanged views on Tonga.", FIGURE, "How many ministers met?", True),
        # a year, a clock time, a date, an ordinal and a name are not figures
        ("In 2022, at 9:30 p.m. on January 20, before the 10th conference, on 5G, at the \"2+2\".", FIGURE, "How many?", False),
    ],
)
def test_gives(text, kind, question, holds):
    assert gives(text, kind, question) is holds


def _hit(ref: str, text: str, score: float) -> Hit:
    return Hit(doc="d", ref=ref, section="", section_title="", text=text, score=score)


def test_a_passage_on_the_topic_without_the_figure_is_the_closest_passage_not_the_answer():
    hits = [_hit("3(4)", "The four Ministers exchanged views on the cooperation in support for Tonga.", 0.4)]
    question = "What is the population of Tonga?"
    decision = decide(hits, None, terms={"popul", "tonga"}, grounding=lambda: 0.9, settings=AskSettings(),
                      expects=expected_type(question), question=question)
    assert not decision.found and decision.basis == "type"
    assert [h.ref for h in decision.related] == ["3(4)"] and decision.quotes == ()
    untyped = decide(hits, None, terms={"tonga"}, grounding=lambda: 0.9, settings=AskSettings())
    assert untyped.found


def test_a_duration_is_a_figure_only_for_its_own_unit():
    text = "The meeting lasted one hour 45 minutes."
    assert not gives(text, FIGURE, "What was Japan's defence budget?")
    assert gives(text, FIGURE, "How many minutes did it last?")


@pytest.mark.parametrize(
    ("question", "language", "kind"),
    [
        ("Who represented France?", "en", PERSON),
        ("Кто участвовал во встрече?", "ru", PERSON),
        ("Wie nam deel aan de bijeenkomst?", "nl", PERSON),  # "wie" is "who" in Dutch
        ("Wie lange dauerten die Gespräche?", "de", TIME),  # and "how" in German
        ("Toplantıya Fransa'dan kim katıldı?", "tr", PERSON),
        ("Kim Jong Un's missile programme", "en", None),  # a name, not Turkish "who"
        ("會談持續了多長時間？", "zh", TIME),
        ("À quelle heure la réunion a-t-elle commencé ?", "fr", TIME),
        ("من شارك في الاجتماع؟", "ar", PERSON),
        ("ماذا قالوا عن إيران؟", "ar", None),
        ("What was said about North Korea?", "en", None),
        ("Which ministers represented France?", "en", PERSON),  # "which minister" asks who too
        ("Fransa'yı hangi bakanlar temsil etti?", "tr", PERSON),
        ("フランスを代表したのはどの大臣ですか？", "ja", PERSON),
        ("What did the ministers say about Iran?", "en", None),
    ],
)
def test_asked_kind(question, language, kind):
    assert asked_kind(question, language) == kind


def test_names_kind_wants_a_titled_name_or_a_precise_time():
    assert names_kind("held talks with H.E. Ms. Florence Parly, Minister for Armed Forces", PERSON)
    assert names_kind("Furthermore, Minister Hayashi requested continued understanding", PERSON)
    assert not names_kind("The four Ministers reaffirmed the importance of the partnership", PERSON)
    assert names_kind("from 9:30 p.m. to 11:15 p.m.", TIME) and names_kind("On January 20, they met", TIME)
    assert not names_kind("significant strengthening in recent years", TIME)
    # a year, or a year counted from the meeting, answers "when" too
    assert names_kind("France holds the Presidency in the first half of 2022", TIME)
    assert names_kind("the port call in Japan by the French training fleet last year", TIME)
    assert names_kind("close the spawning grounds to trawlers from March to May each year", TIME)
    assert not names_kind("toward a successful 10th NPT Review Conference", TIME)
    assert not names_kind("the countries concerned may soon return to compliance", TIME)


def test_the_names_a_question_holds_are_left_out_before_its_cue_is_read():
    hits = [
        _hit("2(1)", "The four Ministers shared the view on defense equipment cooperation.", 0.31),
        _hit("intro", "Mr. KISHI Nobuo, Minister of Defense, held the meeting.", 0.29),
    ]
    question = "Welcher japanische Minister nahm für die Verteidigung teil?"
    assert [h.ref for h in kind_first(hits, question, "de")] == ["2(1)", "intro"]
    assert [h.ref for h in kind_first(hits, question, "de", names=[(8, 18)])] == ["intro", "2(1)"]


def test_a_question_asking_who_brings_up_a_passage_naming_a_person_only_by_reordering():
    france = Hit(doc="d", ref="3(2)", section="", section_title="", text="France holds the Presidency.", score=0.4)
    intro = Hit(doc="d", ref="intro", section="", section_title="", text="Mr. KISHI Nobuo met Ms. Parly.", score=0.3)
    other = Hit(doc="d", ref="5", section="", section_title="", text="The NPT Review Conference.", score=0.2)
    hits = [france, intro, other]
    assert [h.ref for h in kind_first(hits, "¿Quién asistió por parte de Francia?", "es")] == ["intro", "3(2)", "5"]
    assert kind_first(hits, "What did France say?", "en") == hits  # asks no one
    assert kind_first([france, other, other, intro], "Who attended?", "en", within=3)[0] is france  # too far down


def test_a_who_question_does_not_overturn_a_clear_lead():
    # "who holds the presidency" is answered by a country: the passage that
    # says so leads by far, and the one naming the ministers stays second
    presidency = Hit(doc="d", ref="3(2)", section="", section_title="",
                     text="France holds the Presidency of the EU Council in the first half of 2022.", score=0.45)
    intro = Hit(doc="d", ref="intro", section="", section_title="", text="Mr. KISHI Nobuo met Ms. Parly.", score=0.15)
    question = "Who holds the EU Council presidency in the first half of 2022?"
    assert [h.ref for h in kind_first([presidency, intro], question, "en")] == ["3(2)", "intro"]
    # the same two passages, close: the one naming a person goes first
    near = replace(intro, score=0.40)
    assert [h.ref for h in kind_first([presidency, near], question, "en")] == ["intro", "3(2)"]
    assert [h.ref for h in kind_first([presidency, intro], question, "en", close=0.3)] == ["intro", "3(2)"]


@pytest.mark.parametrize(
    ("question", "language", "asks"),
    [
        ("Which African country hosts the centre?", "en", True),
        ("Welches afrikanische Land beherbergt das Zentrum?", "de", True),
        ("Welk eilandland steunden ze?", "nl", True),  # compounded
        ("维和训练中心设在哪个非洲国家？", "zh", True),
        ("Какая африканская страна?", "ru", True),
        ("What was said about Africa?", "en", False),
        ("Was wurde über Afrika gesagt?", "de", False),
    ],
)
def test_asks_for_member(question, language, asks):
    assert asks_for_member(question, language) is asks
