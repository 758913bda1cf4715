"""One value per question, made once at the edge and passed down."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from index.entities import EntityCatalog, Mention
from index.lexical import LexicalIndex, content_words, topic_of
from index.representation import expand_query

MAX_QUESTION_CHARS = 2000


class QuestionError(ValueError):
    """A question that cannot be searched (empty, for instance)."""


@dataclass(frozen=True)
class Query:
    """A question as every part of the engine sees it.

    ``text`` is the cleaned question; ``retrieval_text`` adds what a reader
    would know (acronym expansions, the country a capital stands for) and is
    what the retrievers embed and match; ``topic`` is ``retrieval_text``
    without the question's frame and function words, and without the names
    of the statements' own frame unless it names nothing else (what
    grounding embeds);
    ``terms`` are its stemmed content terms as BM25 sees them; ``mentions``
    the entities it names.

    Example:
        >>> q = parse_query("What was the line on Kabul?", lexical=lex, catalog=catalog)
        >>> q.retrieval_text, q.language
        ('What was the line on Kabul? (Afghanistan)', 'en')
    """

    text: str
    language: str
    topic: str
    terms: frozenset[str]
    mentions: tuple[Mention, ...]
    retrieval_text: str
    language_supported: bool = True


def clean_question(question: object) -> str:
    """Trim a question and refuse one that has nothing to search for.

    Over-long input is cut to :data:`MAX_QUESTION_CHARS` characters rather
    than refused: the start of a pasted text still says what it is about.
    """
    if not isinstance(question, str):
        raise QuestionError(f"a question must be text, not {type(question).__name__}")
    try:
        question.encode("utf-8")
    except UnicodeEncodeError as error:
        raise QuestionError(
            f"the question holds a character that is not valid text ({question[error.start]!a} at "
            f"position {error.start}); type or paste it again"
        ) from None
    question = " ".join(question.split())
    if not question:
        raise QuestionError("the question is empty; ask something about the statement")
    return question[:MAX_QUESTION_CHARS]


# Languages whose questions name things with case endings or attached words
# ("Iranem", "России", "وإيران"): their entity mentions are found with
# inflection allowed (see EntityCatalog.find)
INFLECTING = frozenset({"ar", "de", "es", "fr", "it", "nl", "pl", "pt", "ru", "tr"})


@lru_cache(maxsize=1)
def _to_simplified():
    import opencc

    return opencc.OpenCC("tw2sp")


def simplified_chinese(text: str) -> str:
    """Chinese in simplified characters and mainland words, as the multilingual encoder reads it best.

    The encoder scores traditional Chinese lower than the same question in
    simplified characters (more of the former fall under the answer
    threshold; ``eval/results/summary.md``). OpenCC's ``tw2sp`` converts
    both the characters and Taiwan's words for things ("視訊" → "视频",
    "網路" → "网络"); simplified text and other scripts pass unchanged.

    Example:
        >>> simplified_chinese("部長們談到伊朗核協議了嗎？")
        '部长们谈到伊朗核协议了吗？'
    """
    return _to_simplified().convert(text)


def _function_word_named(text: str, language: str) -> bool:
    """A match in lower case that is one of the language's function words: Russian "того" (of that) is not Togo."""
    from index.lexical import function_words

    return text == text.lower() and text in function_words(language)


def _without_frame(text: str, mentions: tuple[Mention, ...], frame: frozenset[str]) -> str:
    """``text`` less its names of the statements' own frame ("Japan", "japanischer" for a Japan-France meeting).

    Every passage of the statement is about them, so in a question's topic
    they only pull towards the passages that repeat them most: "Was the
    fate of abducted Japanese citizens brought up?" is about the
    abductions, which §4(2) speaks of without naming Japan.
    """
    spans = sorted(m.span for m in mentions if m.ids and m.ids <= frame)
    if not spans:
        return text
    kept, last = [], 0
    for start, end in spans:
        kept.append(text[last:start])
        last = max(last, end)
    kept.append(text[last:])
    return " ".join("".join(kept).split())


def parse_query(
    question: object,
    *,
    lexical: LexicalIndex,
    catalog: EntityCatalog | None,
    frame: frozenset[str] = frozenset(),
    language: str | None = None,
) -> Query:
    """Clean, find entities, detect the language, find terms: once per question.

    Entities named by an alias ("Kabul") add their name ("Afghanistan") to
    what the retrievers see, except the statements' own frame (``frame``:
    Japan and France for a Japan-France meeting), which every passage shares.
    """
    from index.language import Language, detect_language

    text = clean_question(question)
    mentions = catalog.find(text) if catalog is not None else ()
    detected = Language(language, True) if language else detect_language(text, names=[m.span for m in mentions])
    if catalog is not None and detected.code in INFLECTING:
        mentions = catalog.find(text, inflected=True)
    mentions = tuple(m for m in mentions if not _function_word_named(m.text, detected.code))
    retrieval_text = expand_query(text)
    names = []
    for mention in mentions:
        if mention.ids <= frame:
            continue
        for entity_id in sorted(mention.ids):
            name = catalog.name(entity_id)
            if name.lower() not in text.lower() and name not in names:
                names.append(name)
    if names:
        retrieval_text += f" ({'; '.join(names)})"
    # the topic leaves out the frame's names, unless the question names nothing else
    unframed = _without_frame(text, mentions, frame)
    if unframed != text and not content_words(unframed, detected.code):
        unframed = text
    topic_text = unframed + retrieval_text[len(text):]
    if detected.code == "zh":
        retrieval_text = simplified_chinese(retrieval_text)
        topic_text = simplified_chinese(topic_text)
    return Query(
        text=text,
        language=detected.code,
        language_supported=detected.supported,
        topic=topic_of(topic_text, detected.code),
        terms=frozenset(lexical.query_terms(text)),
        mentions=mentions,
        retrieval_text=retrieval_text,
    )
