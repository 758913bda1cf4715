"""Multi-word names inflected in every word: "Morzu Wschodniochińskim", "Тайваньскому проливу".

Polish and Russian decline every word of a name, not only the last: "Morze
Wschodniochińskie" (the East China Sea) is "o Morzu Wschodniochińskim",
"Южно-Китайское море" is "в Южно-Китайском море". The catalog's matcher
(``index/entities.py``) lets a name take an ending after its last word only,
so these are matched here, word by word: each word of the name, less its
final vowels, followed by at most :data:`MAX_ENDING` letters. Words of
three letters or fewer ("de", "ООН") must be written as listed.

Example:
    >>> phrases = InflectedPhrases({"morze wschodniochinskie": (frozenset({"sea:ecs"}), set())})
    >>> text = "co powiedzieli o morzu wschodniochinskim?"
    >>> phrases.find(text, text)
    [(17, 40, frozenset({'sea:ecs'}))]
"""

from __future__ import annotations

import re

from index.entities import MAX_ENDING, VOWELS

# words of a name or a question: letters of Latin or Cyrillic script, split at spaces and hyphens
_WORD = re.compile(r"[^\W\d_]+")
_SEPARATOR = re.compile(r"[\s\-]+")
MIN_STEM = 3


def _stem(word: str) -> str:
    """A word less its final vowels ("morze" → "morz", "китаиское" → "китаиск"); a short word as it is."""
    if len(word) <= MIN_STEM:
        return word
    stem = word.rstrip("".join(VOWELS))
    return stem if len(stem) >= MIN_STEM else word[:MIN_STEM]


def _inflectable(words: list[str]) -> bool:
    """Two words or more, each of letters, ending in Latin or Cyrillic script."""
    return len(words) >= 2 and all(w and w.isalpha() and w[-1] < "\u0530" for w in words)


class InflectedPhrases:
    """Names of two words or more, found with an ending on each word."""

    def __init__(self, names: dict[str, tuple[frozenset[str], set[str]]]) -> None:
        """``names``: folded lower-case name → (its ids, how it is spelled where folding changed it)."""
        # the first word's stem → (every word's stem, whether the word may inflect,
        # each word's stem as spelled before folding, ids)
        self._by_first: dict[str, list[tuple]] = {}
        for key, (ids, spellings) in names.items():
            if " " not in key and "-" not in key:
                continue
            words = _SEPARATOR.split(key)
            if not _inflectable(words):
                continue
            stems = tuple(_stem(w) for w in words)
            inflects = tuple(len(w) > MIN_STEM for w in words)
            spelled = [_SEPARATOR.split(raw) for raw in spellings]
            spelled_stems = tuple(
                frozenset(raw[i][: len(stem)] for raw in spelled if len(raw) == len(words)) for i, stem in enumerate(stems)
            )
            self._by_first.setdefault(stems[0], []).append((stems, inflects, spelled_stems, ids))

    def __len__(self) -> int:
        return sum(len(names) for names in self._by_first.values())

    def find(self, lowered: str, raw: str) -> list[tuple[int, int, frozenset[str]]]:
        """(start, stop, ids) of every name in ``lowered`` (folded, lower-case text) with its words inflected.

        ``raw`` is the same text lower-cased but not folded: a word keeps
        the letters its name is spelled with ("Egito" is not "eğit-").
        """
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(lowered)]
        found = []
        for i, (start, _, word) in enumerate(words):
            for cut in range(0, MAX_ENDING + 1):
                if len(word) - cut < 1:
                    break
                for stems, inflects, spelled, ids in self._by_first.get(word[: len(word) - cut], ()):
                    stop = _match(lowered, raw, words, i, stems, inflects, spelled)
                    if stop is not None:
                        found.append((start, stop, ids))
        return found


def _match(lowered, raw, words, first, stems, inflects, spelled) -> int | None:
    """Where the name ends if its words follow one another from ``words[first]``, else None."""
    if first + len(stems) > len(words):
        return None
    for offset, (stem, inflects_word, spellings) in enumerate(zip(stems, inflects, spelled)):
        start, end, word = words[first + offset]
        if offset and not _SEPARATOR.fullmatch(lowered[words[first + offset - 1][1] : start]):
            return None  # not the next word
        if inflects_word:
            if not (word.startswith(stem) and len(word) - len(stem) <= MAX_ENDING):
                return None
        elif word != stem:
            return None
        as_written = raw[start : start + len(stem)]
        if as_written != stem and as_written not in spellings:
            return None
    return words[first + len(stems) - 1][1]
