"""Turn a follow-up question into one that stands alone, from the history.

No language model is available, so this handles the follow-ups people type
in a chat about a statement:

* "and Iran?", "what about Ukraine?", "how about the EU" → ask about the new
  topic the way the conversation has been asking ("what was said about Iran");
* "tell me more", "more", "go on" → the previous question, with more passages;
* "which section was that?", "where is that?" → a question about the previous
  answer, which the chat answers from it;
* "why did they say that?" and other questions with no topic of their own →
  the question plus the previous question's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.lexical import QUESTION_WORDS

_NEW_TOPIC = re.compile(
    r"^(?:and|also|ok(?:ay)?|so|then|now)?[\s,]*(?:(?:what|how)\s+about|and|as\s+for|regarding|on)\s+(?P<topic>.+?)[\s?.!]*$",
    re.IGNORECASE,
)
_MORE = re.compile(
    r"^(?:please\s+)?(?:tell\s+me\s+more|more|go\s+on|continue|anything\s+else|what\s+else|show\s+more|more\s+please)"
    r"(?:\s+(?:about\s+(?:it|that|this)|on\s+(?:it|that|this)|please))?[\s?.!]*$",
    re.IGNORECASE,
)
_WHERE = re.compile(
    r"^(?:which|what)\s+(?:section|paragraph|part|item)\s+(?:was|is)\s+(?:that|this|it)\b.*$|"
    r"^where\s+(?:was|is|does\s+it\s+say)\s+(?:that|this|it)\b.*$|^(?:cite|source|citation)s?[\s?.!]*$",
    re.IGNORECASE,
)
_PRONOUNS = frozenset("it that this these those them they he she his her its".split())


@dataclass(frozen=True)
class Turn:
    """How to handle one chat message.

    ``intent`` is ``"question"`` (search ``query``), ``"more"`` (search
    ``query`` and show the passages after those already shown) or
    ``"where"`` (say where the previous answer's quotes are).
    """

    query: str
    intent: str = "question"
    rewritten: bool = False


def contextualize(message: str, history: list[str]) -> Turn:
    """Resolve ``message`` against the earlier questions (oldest first).

    Example:
        >>> contextualize("and Iran?", ["what was said about North Korea"]).query
        'what was said about Iran'
    """
    message = " ".join(message.split())
    previous = history[-1] if history else ""
    if not previous:
        return Turn(query=message)
    if _MORE.match(message):
        return Turn(query=previous, intent="more", rewritten=True)
    if _WHERE.match(message):
        return Turn(query=previous, intent="where", rewritten=True)
    if match := _NEW_TOPIC.match(message):
        topic = match.group("topic")
        if not _content_words(topic) - _PRONOUNS:
            return Turn(query=f"{message} {previous}", rewritten=True)
        return Turn(query=f"what was said about {topic}", rewritten=True)
    if not _content_words(message) - _PRONOUNS:
        return Turn(query=f"{message} {previous}", rewritten=True)
    return Turn(query=message)


def _content_words(text: str) -> set[str]:
    words = set(re.findall(r"\w+", text.lower()))
    return {w for w in words if w not in QUESTION_WORDS and len(w) > 1} - {"the", "a", "an", "of", "to", "in", "on", "for"}
