"""Sentence boundaries with character offsets, tuned for diplomatic prose.

A boundary is a ``.``, ``!`` or ``?`` (optionally followed by a closing quote
or bracket), then whitespace, then something that can open a sentence. Titles
and initials ("Mr.", "H.E.") never end a sentence; "a.m."/"p.m." end one only
when a capitalised word follows ("11:15 p.m. After the meeting").
"""

from __future__ import annotations

import re

# Words that end with a period but never end a sentence in this genre.
_TITLES = frozenset(
    "mr mrs ms dr prof st no nos vol art para paras fig e.g i.e etc vs cf jr sr gen col lt adm amb".split()
)
_BOUNDARY = re.compile(r"[.!?][”’\"')\]]*\s+(?=[“‘\"'(\[]?[A-Z0-9])")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")
# longer than any title or run of initials the rules below recognise
_LOOKBEHIND = 64


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Split ``text`` into sentences, returned as ``(start, end)`` offsets.

    Offsets slice back to the sentence without surrounding whitespace.

    Example:
        >>> t = "Mr. Kishi spoke. H.E. Ms. Parly replied."
        >>> [t[s:e] for s, e in split_sentences(t)]
        ['Mr. Kishi spoke.', 'H.E. Ms. Parly replied.']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start() + 1
        # include closing quotes/brackets that belong to the sentence
        while end < len(text) and text[end] in "”’\"')]":
            end += 1
        # only the word before the mark matters: look at a bounded window, so a
        # run of abbreviations ("Mr. Mr. Mr. …") stays linear in the text
        if _is_abbreviation(text[max(start, match.start() - _LOOKBEHIND) : match.start()], text[match.start()]):
            continue
        _append(spans, text, start, end)
        start = match.end()
    _append(spans, text, start, len(text))
    return tuple(spans)


def _is_abbreviation(before: str, mark: str) -> bool:
    if mark != ".":
        return False
    if not before or before[-1].isspace():
        return False
    word = before.rsplit(None, 1)[-1].lstrip("“‘\"'([").lower()
    if word in _TITLES:
        return True
    # "H.E", "U", "J" — initials; "a.m"/"p.m" are handled by the capital rule
    return bool(_INITIALS.match(word)) and word not in {"a.m", "p.m"}


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
