"""Which language a question is in, and whether the multilingual model knows it.

Script decides first, where it can: kana is Japanese, hangul Korean, Thai
script Thai. Text in a script several languages share (Latin, Cyrillic,
Arabic, Han) goes to **py3langid** (BSD, 97 languages, its model inside the
package as numpy arrays, no pickle): chosen over lingua, which was more
accurate on our short questions (0.92 against 0.87 before the rules below)
but needs 1.3 GB of memory and 4.5 s to load all its languages, against
about 100 MB and 0.5 s (measured by ``statement-qa bench``'s notes and the
README).

Questions are short and full of names, which say nothing about the
language they are asked in ("NATO?", "Taïwan", an English question with
one French name): entity mentions, acronyms and numbers are removed before
detection. A question left with fewer than two words is judged on its
whole text and leaves English only when the identifier is nearly sure of
another language; one that reads as English by its function words is
English. Otherwise the identifier must be confident before a question
leaves English.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# The 16 languages Universal Sentence Encoder multilingual v3 was trained on
# (Chinese simplified and traditional are one code here).
SUPPORTED = {
    "ar": "Arabic", "zh": "Chinese", "nl": "Dutch", "en": "English", "fr": "French", "de": "German",
    "it": "Italian", "ja": "Japanese", "ko": "Korean", "pl": "Polish", "pt": "Portuguese", "es": "Spanish",
    "th": "Thai", "tr": "Turkish", "ru": "Russian",
}
# The plainest question about a name, per language: what the aspect check
# (``Engine.aspect_gap``) measures a question against, so that the frame of a
# question ("What did they say about…") is not taken for what it asks.
PLAIN_QUESTION = {
    "ar": "ماذا قالوا عن {}؟", "zh": "他们对{}说了什么？", "nl": "Wat zeiden ze over {}?",
    "en": "What did they say about {}?", "fr": "Qu'ont-ils dit sur {} ?", "de": "Was wurde über {} gesagt?",
    "it": "Che cosa hanno detto su {}?", "ja": "{}について何と述べましたか？", "ko": "{}에 대해 무엇을 말했습니까?",
    "pl": "Co powiedziano o {}?", "pt": "O que disseram sobre {}?", "es": "¿Qué dijeron sobre {}?",
    "th": "พวกเขากล่าวอะไรเกี่ยวกับ{}", "tr": "{} hakkında ne dediler?", "ru": "Что было сказано о {}?",
}
# How sure the identifier must be before a question leaves English, and
# before it is called a language the model does not know.
SWITCH_CONFIDENCE = 0.5
# A question that is little more than a name ("le détroit de Taïwan", "Tayvan
# Boğazı") is judged on its whole text, names included, and leaves English
# only when the identifier is nearly sure ("NATO?" and "Taïwan" stay English).
SHORT_SWITCH_CONFIDENCE = 0.9
UNSUPPORTED_CONFIDENCE = 0.9
UNSUPPORTED_MIN_WORDS = 3

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
# Thai script (also read by the entity matcher, which cuts Thai into words)
THAI = re.compile(r"[\u0e00-\u0e7f]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# English words that are not also common words of the other Latin-script
# languages ("a", "in", "die", "de", "no" are)
_ENGLISH = frozenset(
    """the of to for and or is are was were what which who whom how did does said say about with they
    their there this that been discuss discussed anything mention mentioned tell please has have had
    will would could should not yes talk talked agreed between""".split()
)

_identifier = None
_identifier_lock = threading.Lock()


@dataclass(frozen=True)
class Language:
    """A question's language: ISO 639-1 ``code`` and whether the multilingual model knows it."""

    code: str
    supported: bool

    @property
    def name(self) -> str:
        return SUPPORTED.get(self.code) or _language_name(self.code)


def detect_language(text: str, *, names: Sequence[tuple[int, int]] = ()) -> Language:
    """The language of a question; ``names`` are spans of entity mentions to ignore.

    Example:
        >>> detect_language("Qu'ont dit les ministres sur la Corée du Nord ?").code
        'fr'
        >>> detect_language("NATO?").code
        'en'
    """
    if _KANA.search(text):
        return Language("ja", True)
    if _HANGUL.search(text):
        return Language("ko", True)
    if THAI.search(text):
        return Language("th", True)
    if _HAN.search(text):
        # kanji without kana is Japanese or Chinese; both are answered
        return Language(_best_of(text, ("zh", "ja"), default="zh"), True)
    if _ARABIC.search(text):
        return _decide(text, default="ar", words=len(text.split()))
    if _CYRILLIC.search(text):
        return _decide(text, default="ru", words=len(text.split()))
    if not any(unicodedata.category(ch).startswith("L") and ch.isascii() or "\u00c0" <= ch <= "\u024f" for ch in text):
        # another script altogether (Greek, Hebrew, Devanagari …) if it has letters at all
        if any(unicodedata.category(ch).startswith("L") for ch in text):
            return _decide(text, default="en", words=len(text.split()), leave_english=True)
        return Language("en", True)
    words = _content_words(text, names)
    if len(words) < 2:
        if not _LATIN_WORD.search(text):
            return Language("en", True)
        return _decide(text, default="en", words=len(words), switch=SHORT_SWITCH_CONFIDENCE)
    if sum(word.lower() in _ENGLISH for word in words) / len(words) >= 0.25 and all(word.isascii() for word in words):
        # an English function word among words spelled outside ASCII ("Was wurde über …
        # besprochen?") is a German or Dutch word: the identifier decides
        return Language("en", True)
    return _decide(" ".join(words), default="en", words=len(words))


def text_language(text: str) -> str:
    """The language a statement is written in, from its first 3,000 characters.

    Text whose words are a good share English function words is English
    without asking the identifier (and without loading it).

    Example:
        >>> text_language("Les ministres ont signé un accord sur le patrimoine.")
        'fr'
    """
    sample = text[:3000]
    for pattern, code in ((_KANA, "ja"), (_HANGUL, "ko"), (THAI, "th")):
        if pattern.search(sample):
            return code
    words = _LATIN_WORD.findall(sample)
    if words and sum(word.lower() in _ENGLISH for word in words) / len(words) >= 0.2:
        return "en"
    return _rank(sample)[0][0]


def _content_words(text: str, names: Sequence[tuple[int, int]]) -> list[str]:
    """Words that can tell a language: no names, no acronyms, no numbers."""
    kept = list(text)
    for start, end in names:
        kept[start:end] = " " * (end - start)
    words = _LATIN_WORD.findall("".join(kept))
    return [w for w in words if not (w.isupper() and len(w) <= 6)]


def _decide(
    text: str, *, default: str, words: int, leave_english: bool = False, switch: float = SWITCH_CONFIDENCE
) -> Language:
    """A language the model knows unless the identifier is sure of another.

    Among the known languages the probabilities are renormalised, and the
    best must be more likely than all the others together to replace
    ``default``.
    """
    ranked = _rank(text)
    top, confidence = ranked[0]
    if top not in SUPPORTED:
        if leave_english or (confidence >= UNSUPPORTED_CONFIDENCE and words >= UNSUPPORTED_MIN_WORDS):
            return Language(top, False)
    known = [(code, p) for code, p in ranked if code in SUPPORTED]
    total = sum(p for _, p in known) or 1.0
    best, p = known[0]
    if best == default or p / total >= switch:
        return Language(best, True)
    return Language(default, True)


def _best_of(text: str, codes: tuple[str, ...], *, default: str) -> str:
    for code, _ in _rank(text):
        if code in codes:
            return code
    return default


def _rank(text: str) -> list[tuple[str, float]]:
    global _identifier
    if _identifier is None:
        with _identifier_lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return [(code, float(p)) for code, p in _identifier.rank(text)]


def _language_name(code: str) -> str:
    try:
        import pycountry
    except ImportError:
        return code
    language = pycountry.languages.get(alpha_2=code)
    # "Modern Greek (1453-)" reads as "Modern Greek"
    return language.name.split(" (")[0] if language is not None else code
