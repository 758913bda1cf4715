"""What kind of answer a question asks for, and whether a passage can give it.

"What is the population of Tonga?" names something the statement names,
but a passage that only mentions Tonga does not answer it: the question
wants a figure. A question asking "how many", "how much", or for a budget,
cost, price or population wants a *figure*; one asking "when", "what
time", "which year" or "how long" wants a *time* (a date, an hour or a
duration). ``ask`` answers such a question only with a passage that holds
one, and otherwise offers the passage as the closest one.

This is the expected-answer-type check of classic question answering,
kept to what can be told reliably from English question words; questions
in other languages are not typed.

Example:
    >>> expected_type("How many troops will France send?")
    'figure'
    >>> gives("The four Ministers exchanged views on Tonga.", "figure", "How many troops will France send?")
    False
    >>> gives("The meeting lasted one hour 45 minutes.", "time", "How long was it?")
    True
"""

from __future__ import annotations

import re

FIGURE = "figure"
TIME = "time"

_FIGURE_CUES = re.compile(
    r"\bhow\s+(?:many|much|big|large|expensive|old|far)\b"
    r"|\b(?:population|budget|budgets|cost|costs|price|prices|spending|expenditure|amount|percentage|gdp)\b"
    r"|\bgross\s+domestic\s+product\b"
    r"|\bnumber\s+of\b",
    re.IGNORECASE,
)
_TIME_CUES = re.compile(
    r"^\W*when\b|\bwhen\s+(?:did|does|do|was|were|is|will|are)\b"
    r"|\b(?:what|which)\s+(?:time|hour|date|day|year|month)\b|\bhow\s+long\b|\bat\s+what\s+time\b",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_TIME_WORDS = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:hours?|minutes?|days?|weeks?|months?|years?|today|yesterday|tomorrow"
    r"|a\.m\.|p\.m\.|morning|afternoon|evening|night)\b|\d",
    re.IGNORECASE,
)
_MAGNITUDE = re.compile(
    r"[$€¥£%]|\b(?:yen|euros?|dollars?|pounds?|hundreds?|thousands?|millions?|billions?|trillions?|percent|per\s+cent)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    "|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen"
)
# a number and the word it counts: "four Ministers", "27 countries"
_COUNTED = re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS})\s+([^\W\d_]+)", re.IGNORECASE)
_DIGITS = re.compile(r"\d[\d,.]*\d|\d")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)
# after the digits: a clock time, an ordinal, or a unit of time (a duration
# answers "how long", or "how many minutes" through the counted word)
_NOT_A_FIGURE_AFTER = re.compile(
    r"(?::|st\b|nd\b|rd\b|th\b|\s*[ap]\.m\.|\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b)",
    re.IGNORECASE,
)


def expected_type(question: str, language: str = "en") -> str | None:
    """``"figure"``, ``"time"`` or None (any passage on the topic can answer)."""
    if language != "en":
        return None
    if _TIME_CUES.search(question):
        return TIME
    if _FIGURE_CUES.search(question):
        return FIGURE
    return None


def gives(text: str, kind: str | None, question: str) -> bool:
    """Whether ``text`` holds an answer of ``kind`` to ``question``.

    A figure is an amount (a currency, "million", a percentage), a number
    that is not a year, a clock time, a duration or a date, or a number
    counting something the question names ("four Ministers" for "how many
    ministers", "45 minutes" for "how many minutes").
    """
    if kind is None:
        return True
    if kind == TIME:
        return bool(_TIME_WORDS.search(text))
    if _MAGNITUDE.search(text) or any(_is_figure(text, match) for match in _DIGITS.finditer(text)):
        return True
    asked = {_singular(word) for word in re.findall(r"[^\W\d_]+", question.lower())}
    return any(_singular(match.group(1).lower()) in asked for match in _COUNTED.finditer(text))


def _is_figure(text: str, match: re.Match) -> bool:
    """Digits that are not a year, a clock time, a duration, an ordinal, a day of a month or part of a name ("5G", "2+2")."""
    digits = match.group()
    before, after = text[max(0, match.start() - 1) : match.start()], text[match.end() : match.end() + 1]
    if before.isalpha() or after.isalpha() or "+" in (before, after):
        return False
    if re.fullmatch(r"(?:19|20)\d\d", digits) or before == ":":
        return False
    return not (_NOT_A_FIGURE_AFTER.match(text, match.end()) or _MONTH_BEFORE.search(text, 0, match.start()))


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word
