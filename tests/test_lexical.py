"""The question's topic: its words, whatever the script."""

from __future__ import annotations

from index.lexical import topic_of, words_of


def test_thai_vowel_and_tone_marks_stay_in_their_word():
    # "อวกาศ" (outer space) carries a mark; split at marks it would read as "อวกาศ" broken in two
    assert words_of("มีการกล่าวถึงอวกาศว่าอย่างไร") == ["มีการกล่าวถึงอวกาศว่าอย่างไร"]
    assert topic_of("มีการกล่าวถึงอวกาศว่าอย่างไร") == "มีการกล่าวถึงอวกาศว่าอย่างไร"


def test_words_keep_apostrophes_and_hyphens_and_drop_punctuation():
    assert words_of("Kishi’s view on Indo-Pacific, 5G?") == ["Kishi’s", "view", "on", "Indo-Pacific", "5G"]
    assert topic_of("Did the ministers discuss the Olympic Games?") == "Olympic Games"
