"""What gets indexed for a passage: its words plus the context a reader has.

A reader of "(1) The four Ministers shared the view ... NPT Review
Conference" knows it sits under "5. Disarmament and non-proliferation" and
that NPT is the Treaty on the Non-Proliferation of Nuclear Weapons. The
indexed text carries both, so questions phrased in those words find it. The
quoted text never changes: this is only what the retrievers see.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from corpus import Passage

# Acronyms common in diplomatic and defence statements, with their expansions.
GLOSSARY: dict[str, str] = {
    "ADMM": "ASEAN Defence Ministers' Meeting",
    "AOIP": "ASEAN Outlook on the Indo-Pacific",
    "APEC": "Asia-Pacific Economic Cooperation",
    "ASEAN": "Association of Southeast Asian Nations",
    "AU": "African Union",
    "CBRN": "chemical, biological, radiological and nuclear",
    "COP": "Conference of the Parties on climate change",
    "CTBT": "Comprehensive Nuclear-Test-Ban Treaty",
    "CVID": "complete, verifiable and irreversible dismantlement",
    "DPRK": "Democratic People's Republic of Korea, North Korea",
    "EEZ": "exclusive economic zone",
    "EU": "European Union",
    "FMCT": "Fissile Material Cut-off Treaty",
    "FOIP": "Free and Open Indo-Pacific",
    "G7": "Group of Seven industrialised nations",
    "G20": "Group of Twenty major economies",
    "IAEA": "International Atomic Energy Agency, nuclear watchdog",
    "ICBM": "intercontinental ballistic missile",
    "JCPOA": "Joint Comprehensive Plan of Action, Iran nuclear deal",
    "NATO": "North Atlantic Treaty Organization, transatlantic military alliance",
    "NPT": "Treaty on the Non-Proliferation of Nuclear Weapons, nuclear arms",
    "OSCE": "Organization for Security and Co-operation in Europe",
    "PKO": "peacekeeping operations",
    "QUAD": "Quadrilateral Security Dialogue",
    "SLBM": "submarine-launched ballistic missile",
    "UN": "United Nations",
    "UNCLOS": "United Nations Convention on the Law of the Sea",
    "UNSC": "United Nations Security Council",
    "WMD": "weapons of mass destruction",
    "WTO": "World Trade Organization",
    "5G": "fifth-generation mobile telecommunications networks",
}
_ACRONYM = re.compile(r"\b(" + "|".join(sorted(map(re.escape, GLOSSARY), key=len, reverse=True)) + r")\b")


def expansions(text: str) -> list[str]:
    """Expansions of the glossary acronyms that ``text`` uses, in order.

    Example:
        >>> expansions("the PKO training center")
        ['PKO: peacekeeping operations']
    """
    seen: dict[str, None] = {}
    for match in _ACRONYM.finditer(text):
        seen.setdefault(match.group(1))
    return [f"{acronym}: {GLOSSARY[acronym]}" for acronym in seen]


def indexed_text(passage: Passage) -> str:
    """The passage as the retrievers see it: section title, text, acronyms.

    Example:
        >>> indexed_text(p5)
        'Disarmament and non-proliferation. The four Ministers ... (NPT: Treaty on ...)'
    """
    parts = [f"{passage.section_title}." if passage.section_title else "", passage.text]
    expanded = expansions(passage.text)
    if expanded:
        parts.append("(" + "; ".join(expanded) + ")")
    return " ".join(part for part in parts if part)


def expand_query(query: str) -> str:
    """Append expansions of acronyms a question uses ("WMD" → its meaning)."""
    expanded = expansions(query)
    return f"{query} ({'; '.join(expanded)})" if expanded else query


# The multilingual model compares short spans best: a Japanese or French
# question is matched against 6-word windows (stride 3) of each sentence.
WINDOW_WORDS = 6
WINDOW_STRIDE = 3


def sentence_windows(sentence: str, *, size: int = WINDOW_WORDS, stride: int = WINDOW_STRIDE) -> list[str]:
    """Overlapping word windows covering a sentence (the sentence itself if short).

    Example:
        >>> sentence_windows("a b c d e f g h", size=6, stride=3)
        ['a b c d e f', 'd e f g h']
    """
    words = sentence.split()
    if len(words) <= size:
        return [sentence]
    return [" ".join(words[i : i + size]) for i in range(0, len(words) - size + stride, stride)]


def passage_windows(passage: Passage) -> list[list[str]]:
    """The units the multilingual model compares a question with, per sentence.

    Each sentence's word windows; the passage's section title is a unit of
    its own, counted with the first sentence. A title names what its
    passages are about in a few words ("Disarmament and non-proliferation"),
    the span this model matches best, where the passage's own sentences
    may speak only of a conference or of weapons of mass destruction. So
    is each glossary acronym a sentence uses, spelled out ("PKO:
    peacekeeping operations"), counted with that sentence: a question
    asks for peacekeeping in its own language, not for "PKO".

    Example:
        >>> passage_windows(p5)[0][:2]
        ['Disarmament and non-proliferation', 'The four Ministers shared the view on']
    """
    units = [sentence_windows(sentence) + expansions(sentence) for sentence in passage.sentence_texts()]
    if passage.section_title and units:
        units[0] = [passage.section_title, *units[0]]
    return units


@lru_cache(maxsize=1)
def representation_version() -> str:
    """This module's code, hashed: what is indexed for a passage (section title, glossary, word windows).

    An index records it, so editing any of them rebuilds the index, whether
    or not a statement changed.
    """
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
