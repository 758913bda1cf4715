"""BM25 over passages with bm25s: English stopwords and a Snowball stemmer."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

# Words that say how a question is asked, not what it is about. They are
# dropped from queries only, so "which", "discussed" or "said" never pull up a
# passage that merely shares the wording of the question.
QUESTION_WORDS = frozenset(
    """
    what which who whom whose where when why how whether did does do was were is are be been
    said say says saying tell told mention mentioned mentions discuss discussed discussion
    talk talked talks about regarding anything something passage
    please any there their they them it its this that these those and or also
    """.split()
)
# Words that only ask whether something came up ("Was Africa brought up?",
# "Did Tonga feature at all?"): a question made of names and these asks
# nothing about the names beyond their being there, so the aspect check
# (``Engine.aspect_gap``) leaves it alone. Kept out of the frame above: "raise
# cooperation to a higher level" and "address regional challenges" are what
# the statement says.
MENTION_WORDS = frozenset(
    """
    bring brings brought bringing up come comes came coming raise raises raised raising
    cover covers covered covering touch touched touching feature features featured featuring
    refer refers referred referring note noted address addressed figure figured appear appears appeared
    agenda all at everything tell me
    """.split()
)
# The same in the other languages: "said", "talked", "discussed",
# "mentioned", "raised" and "came up" as questions inflect them ("¿Hablaron
# de Hong Kong?", "O que disseram sobre Hong Kong?", "Hong Kong hakkında ne
# dediler?", "Kwam Afrika ter sprake?"), and Turkish "about" and its question
# particle. Nouns that share a stem are left out (Spanish "tratado" and
# Italian "trattato", a treaty; Turkish "görüş", a view). Languages written
# without spaces are not split into words, so Chinese, Japanese and Thai
# have none; Korean attaches particles to the names, so it has none either.
# "Bring up" and "on the agenda" or "among the topics" ask the same
# ("Brachten sie die Uiguren zur Sprache?", "¿Estaba África en su lista de
# temas?", "Была ли Африка в их списке тем?"), as English "agenda" does.
MENTION_VERBS = {
    "fr": r"parl(?:é|er|aient|ent)|dit|mentionn\w*|évoqu\w*|abord(?:é|ée|és|er)|discut\w*|soulev(?:é|ée|er)"
    r"|agenda|sujets?|thèmes?|liste",
    "de": r"gesagt|sagten|sagte|gesprochen|sprachen|besprochen|erwähnt|angesprochen|diskutiert|thematisiert|erörtert"
    r"|sprache|kam|kamen|brachte|brachten|gebracht|tagesordnung|themen?|liste",
    "es": r"habl(?:ó|aron|ado|ar)|dij(?:o|eron)|dicho|decir|mencion\w*|discut\w*|abord(?:ó|aron|ado|ar)"
    r"|trat(?:ó|aron)|plante(?:ó|aron|ado)|surgi(?:ó|eron|do)|sali(?:ó|eron)|relucir|agenda|temas?|lista",
    "it": r"dett[oiae]|dire|dissero|parl(?:ato|are|arono)|menzionat\w*|discuss[oiae]|sollevat[oiae]|accennat\w*"
    r"|agenda|tem[ai]|lista",
    "pt": r"disse(?:ram)?|dito|fal(?:ou|aram|ado|ar)|mencion\w*|discut\w*|abord(?:ou|aram|ado)|trat(?:ou|aram)"
    r"|levant(?:ou|aram|ado)|surgi(?:u|ram)|agenda|pauta|temas?|lista",
    "nl": r"gezegd|zeiden|zei|gesproken|spraken|besproken|genoemd|vermeld|aangekaart|ter|sprake|kwam|kwamen"
    r"|agenda|stond|stonden|onderwerpen|onderwerp|lijst",
    "pl": r"powiedzi\w*|powiedzia\w*|mówi\w*|rozmawia\w*|wspomni\w*|wspomina\w*|omawia\w*|omówi\w*|porusz\w*"
    r"|dyskutow\w*|agend(?:a|zie|y)|temat(?:y|ów|ach)?|list(?:a|y|ie|ę)",
    "ru": r"сказа\w*|говори\w*|обсужд\w*|обсуди\w*|упомина\w*|упомяну\w*|затрону\w*|затрагива\w*|подня\w*"
    r"|поднима\w*|повестк\w*|тем[аыу]?|спис(?:ок|ке|ка)",
    "tr": r"dedi\w*|söyle\w*|bahset\w*|bahsed\w*|konuş\w*|görüştü\w*|görüşüldü\w*|değin\w*|hakkında|m[iıuü]"
    r"|gündem\w*|konu\w*|liste\w*",
    "ar": r"[وف]?(?:قال|ذكر|ناقش|نوقش|تحدث|تطرق|أثار|تناول)\w*",
}
_MENTION_VERBS = {language: re.compile(rf"(?:{pattern})", re.IGNORECASE) for language, pattern in MENTION_VERBS.items()}


def asks_only_whether_named(question: str, language: str, named: set[str]) -> bool:
    """Whether a question asks nothing about its names beyond their coming up.

    Its topic's words are all names (``named``, lower case; "l'Afrique"
    and "Kong'dan" count by the part the apostrophe sets off), English
    frame or mention words, or the question's own language's words for
    saying, discussing or mentioning (``MENTION_VERBS``).

    Example:
        >>> asks_only_whether_named("¿Hablaron de Hong Kong?", "es", {"hong", "kong"})
        True
        >>> asks_only_whether_named("¿Hablaron de la economía de Yibuti?", "es", {"yibuti"})
        False
    """
    verbs = _MENTION_VERBS.get(language)

    def beyond(word: str) -> bool:
        lowered = word.lower()
        if lowered in named or lowered in MENTION_WORDS:
            return False
        if any(part in named for part in re.split(r"['’]", lowered)):
            return False
        return not (verbs is not None and verbs.fullmatch(lowered))

    return not any(beyond(word) for word in words_of(topic_of(question, language)))


# Words of the statement's own reporting frame ("the four Ministers shared the
# view …"): left out of a question's topic, since nearly every passage has them.
FRAME_WORDS = QUESTION_WORDS | frozenset("ministers minister four".split())


_SCRIPT_BOUNDARY = re.compile(
    r"(?<=[A-Za-z0-9])(?=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])|(?<=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])(?=[A-Za-z0-9])"
)


def fold_query(query: str) -> str:
    """Split Latin from CJK script and strip accents (a query-side normalisation).

    Example:
        >>> fold_query("NATOの関心 Taïwan")
        'NATO の関心 Taiwan'
    """
    import unicodedata

    query = _SCRIPT_BOUNDARY.sub(" ", query)
    decomposed = unicodedata.normalize("NFKD", query)
    # drop combining accents only; keep kana voicing marks by recomposing afterwards
    stripped = "".join(ch for ch in decomposed if not (unicodedata.combining(ch) and ord(ch) < 0x0370))
    return unicodedata.normalize("NFKC", stripped)


def topic_of(question: str, language: str = "en") -> str:
    """The words of a question that name its topic, in order, as typed.

    The question's frame ("What did the ministers say about …?") is dropped,
    so the topic can be compared with the statement without the frame's words
    matching every passage that reports what the ministers said. A question
    in another language also loses that language's function words
    (stopwords-iso's list): "Что было сказано об уйгурах" keeps "сказано
    уйгурах", not its "что", "было" and "об".

    Example:
        >>> topic_of("Did the ministers discuss the Olympic Games?")
        'Olympic Games'
    """
    kept = content_words(question, language)
    return " ".join(kept) if kept else question


def content_words(question: str, language: str = "en") -> list[str]:
    """The words of ``question`` that are not frame or function words of ``language`` (what :func:`topic_of` keeps)."""
    stop = function_words(language)
    return [word for word in words_of(question) if not _function_word(word, stop)]


def _function_word(word: str, stop: frozenset[str]) -> bool:
    """A stopword, or one written of stopwords joined by an apostrophe or a hyphen.

    French and Italian frame a question with such words ("Qu'a-t-on dit
    sur Hong Kong ?", "Ont-ils parlé …", "C'è qualcosa …"); "l'Iran" keeps
    its "Iran".
    """
    lowered = word.lower()
    if lowered in stop:
        return True
    parts = [part for part in re.split(r"['’_-]", lowered) if part]
    return len(parts) > 1 and all(part in stop for part in parts)


# A pasted paragraph's topic can run to hundreds of words; coverage is
# scored over its first ones.
MAX_TOPIC_WORDS = 16


def topic_words(topic: str, limit: int = MAX_TOPIC_WORDS) -> list[str]:
    """A topic's distinct words (case aside), in order, at most ``limit``: what term coverage embeds one by one.

    A script written without spaces gives one word per run ("关于裁军说了什么").

    Example:
        >>> topic_words("opusieron fuerza mares región")
        ['opusieron', 'fuerza', 'mares', 'región']
    """
    seen: dict[str, str] = {}
    for word in words_of(topic):
        seen.setdefault(word.lower(), word)
    return list(seen.values())[:limit]


@lru_cache(maxsize=32)
def function_words(language: str) -> frozenset[str]:
    """English stopwords and frame words, and the function words of ``language``."""
    from bm25s.stopwords import STOPWORDS_EN

    words = set(STOPWORDS_EN) | FRAME_WORDS
    if language != "en":
        import stopwordsiso

        # one list for Chinese in either script
        words |= stopwordsiso.stopwords(language.split("-")[0])
    return frozenset(words)


def words_of(text: str) -> list[str]:
    """Runs of letters, digits and combining marks (with ' ’ - inside words), in order.

    Combining marks belong to their word: Thai writes most vowels and tone
    marks as marks ("อวกาศ" is one word), which ``\\w`` would split out and drop.

    Example:
        >>> words_of("พูดถึงอวกาศ, Kishi’s 5G?")
        ['พูดถึงอวกาศ', 'Kishi’s', '5G']
    """
    import unicodedata

    words, current = [], []
    for ch in text:
        if ch in "’'-_" or unicodedata.category(ch)[0] in "LMN":
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


class LexicalIndex:
    """A BM25 index (bm25s, Lucene variant) over a fixed list of texts.

    Example:
        >>> lex = LexicalIndex.build(["North Korea missiles", "Tonga support"])
        >>> lex.scores("Tonga").argmax()
        1
    """

    def __init__(self, retriever, *, k1: float, b: float, question_words: frozenset[str] = QUESTION_WORDS) -> None:
        self._retriever = retriever
        self.k1 = k1
        self.b = b
        self.question_words = question_words
        self._stem = _stemmer()
        self.vocabulary = frozenset(retriever.vocab_dict)
        self.size = int(retriever.scores["num_docs"])
        # the score matrix is term-major (CSC): a term's stored entries are its documents
        self._document_frequency = np.diff(np.asarray(retriever.scores["indptr"]))

    @classmethod
    def build(
        cls,
        texts: Sequence[str],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        question_words: frozenset[str] = QUESTION_WORDS,
    ) -> LexicalIndex:
        """Index ``texts``; ``question_words`` are dropped from queries only."""
        import bm25s

        retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
        retriever.index(tokenize(list(texts)), show_progress=False)
        return cls(retriever, k1=k1, b=b, question_words=question_words)

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder))

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        retriever = bm25s.BM25.load(str(folder), mmap=False, allow_pickle=False)
        return cls(retriever, k1=float(retriever.k1), b=float(retriever.b))

    def query_terms(self, query: str) -> list[str]:
        """Stemmed content terms of a question (stopwords and question words removed).

        Accents are folded and Latin runs are split from Japanese or Chinese
        script, so "NATOの関心" and "Taïwan" still match "NATO" and "Taiwan".
        """
        words = [w for w in tokenize([fold_query(query)], stem=False)[0] if w not in self.question_words]
        return self._stem.stemWords(words) if words else []

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every text for ``query``, divided by its upper bound.

        The bound is what a text would score if it contained every content
        term of the query, each with an unbounded frequency: the sum of
        ``idf(t) * (k1 + 1)`` over the query's terms, a term absent from the
        corpus taking the highest idf. So 1.0 means "all the question's
        words, often", and a passage that shares one common word with a
        four-word question scores little. Dividing by a per-query constant
        leaves the BM25 ranking unchanged.
        """
        terms = self.query_terms(query)
        known = [t for t in terms if t in self.vocabulary]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        raw = np.asarray(self._retriever.get_scores(known), dtype=np.float64)
        bound = sum(self._idf(t) for t in terms) * (self.k1 + 1.0)
        return (raw / bound).astype(np.float32)

    def _idf(self, term: str) -> float:
        """Lucene idf: ``ln(1 + (N - df + 0.5) / (df + 0.5))``."""
        token = self._retriever.vocab_dict.get(term)
        df = int(self._document_frequency[token]) if token is not None else 0
        return float(np.log(1.0 + (self.size - df + 0.5) / (df + 0.5)))


def tokenize(texts: list[str], *, stem: bool = True) -> list[list[str]]:
    """Lower-case word tokens without English stopwords, optionally stemmed."""
    import bm25s

    return bm25s.tokenize(
        texts,
        stopwords="en",
        stemmer=_stemmer() if stem else None,
        return_ids=False,
        show_progress=False,
    )
