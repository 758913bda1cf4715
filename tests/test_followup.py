from __future__ import annotations

from index.followup import contextualize

HISTORY = ["what was said about North Korea"]


def test_elliptical_follow_ups_take_the_new_topic():
    assert contextualize("and Iran?", HISTORY).query == "what was said about Iran"
    assert contextualize("What about Ukraine?", HISTORY).query == "what was said about Ukraine"
    assert contextualize("how about the EU", HISTORY).query == "what was said about the EU"


def test_more_and_where_refer_to_the_previous_question():
    more = contextualize("tell me more", HISTORY)
    assert (more.intent, more.query) == ("more", HISTORY[-1])
    where = contextualize("Which section was that?", HISTORY)
    assert (where.intent, where.query) == ("where", HISTORY[-1])


def test_topicless_question_borrows_the_previous_one():
    turn = contextualize("why did they say that?", HISTORY)
    assert turn.rewritten and "North Korea" in turn.query


def test_standalone_questions_and_first_questions_are_untouched():
    assert contextualize("What was said about Tonga?", HISTORY).query == "What was said about Tonga?"
    assert contextualize("and Iran?", []).query == "and Iran?"
