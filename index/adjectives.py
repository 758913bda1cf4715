"""Adjectives of country names in the inflecting languages of the multilingual model.

People ask about "das iranische Atomprogramm", "иранской ядерной программе"
or "the Iranian nuclear programme" as often as about Iran. No library lists
country adjectives for German, Dutch, Polish, Russian, Italian, Spanish or
Portuguese, but Unicode CLDR's currency names carry them: "Iranischer
Rial", "Iraanse rial", "rial irański", "иранский риал", "rial iraniano",
"rial iraní". A word of a currency name that begins like the name of a
territory using the currency is its adjective; the currency noun ("Rial",
"libra") is the word many currency names share, and is left out.

Each adjective then takes the endings of its language, so that "iranischen",
"irańskim" and "иранской" are found as whole words. Built once per index
with the entity catalog (``index/entities.py``).

Example:
    >>> from index.entities import _cldr_territory_names
    >>> sorted(country_adjectives(_cldr_territory_names(), populations={"IR": 88_000_000})["IR"])[:3]
    ['iraans', 'iraanse', 'irani']
"""

from __future__ import annotations

import re
from collections import Counter

# CLDR locales whose currency names carry an adjective before or after the
# noun; Arabic (the nisba, see entities.py), Turkish and the languages
# written without word breaks use the country's name itself
ADJECTIVE_LOCALES = ("de", "nl", "pl", "ru", "it", "es", "pt", "pt_PT")
# a word in this many currency names of a locale is a currency noun ("rial", "dollar", "libra")
CURRENCY_NOUN_MIN = 3
MIN_LENGTH = 5
# the endings each language's adjectives take, after the stem the currency name gives
# (keys are folded: no accents, "й" read as "и")
_RUSSIAN_ENDINGS = ("ии", "ая", "ое", "ие", "ого", "ому", "им", "ом", "ои", "ую", "их", "ими")
_POLISH_ENDINGS = ("i", "a", "ie", "iego", "iej", "im", "imi", "ich")
_GERMAN_ENDINGS = ("", "e", "er", "es", "en", "em")


def inflected_forms(word: str, locale: str) -> list[str]:
    """Every form of the (folded, lower-case) adjective ``word`` of ``locale``.

    Returns no form for a word that does not look like an adjective of
    that language, so a stray noun of a currency name adds nothing.

    Example:
        >>> inflected_forms("iranischer", "de")
        ['iranisch', 'iranische', 'iranischer', 'iranisches', 'iranischen', 'iranischem']
    """
    language = locale[:2]
    if language == "de":
        stem = re.sub(r"(?:e|er|es|en|em)$", "", word)
        return [stem + e for e in _GERMAN_ENDINGS] if stem.endswith("isch") else []
    if language == "nl":
        # "Iraanse rial" → iraans, iraanse
        return [word[:-1], word] if word.endswith("se") else []
    if language == "pl":
        stem = re.sub(r"(?:ie|i|a|e|y)$", "", word)
        return [stem + e for e in _POLISH_ENDINGS] if stem.endswith("k") else []
    if language == "ru":
        stem = re.sub(r"(?:ии|ыи|ая|ое|ие|ои)$", "", word)
        return [stem + e for e in _RUSSIAN_ENDINGS] if stem.endswith("к") else []
    if language == "it":
        if word.endswith(("o", "a")):
            return [word[:-1] + e for e in "oaie"]
        return [word[:-1] + e for e in "ei"] if word.endswith("e") else []
    # Spanish and Portuguese
    if word.endswith(("es", "esa")):  # japonés, japonesa, japoneses, japonesas
        stem = word[:-1] if word.endswith("esa") else word
        return [stem + e for e in ("", "a", "es", "as")]
    if word.endswith(("o", "a")):
        return [word[:-1] + e for e in ("o", "a", "os", "as")]
    if word.endswith("ense"):  # estadounidense
        return [word, word + "s"]
    if language == "es" and word.endswith("i"):  # iraní, iraníes
        return [word, word + "es", word + "s"]
    return []


# continents and oceans have no currency: their adjectives, as a dictionary gives them
# (masculine nominative singular; inflected_forms adds the rest)
REGION_ADJECTIVES = {
    "region:africa": {"de": "afrikanisch", "nl": "afrikaanse", "pl": "afrykański", "ru": "африканский",
                      "it": "africano", "es": "africano", "pt": "africano"},
    "region:asia": {"de": "asiatisch", "nl": "aziatische", "pl": "azjatycki", "ru": "азиатский",
                    "it": "asiatico", "es": "asiático", "pt": "asiático"},
    "region:europe": {"de": "europäisch", "nl": "europese", "pl": "europejski", "ru": "европейский",
                      "it": "europeo", "es": "europeo"},
    "sea:pacific-ocean": {"de": "pazifisch", "ru": "тихоокеанский"},
}


def region_adjectives() -> dict[str, set[str]]:
    """Continent or ocean id → the folded forms of its adjectives ("afrikanischen", "тихоокеанского")."""
    from index.entities import _lower, fold

    return {
        region: {form for locale, word in words.items() for form in inflected_forms(_lower(fold(word)), locale)}
        for region, words in REGION_ADJECTIVES.items()
    }


def country_adjectives(territory_names: dict[str, list[str]], *, populations: dict[str, int]) -> dict[str, set[str]]:
    """Alpha-2 code (upper case) → the folded forms of the adjectives of its name.

    ``territory_names`` are CLDR's names of each territory in every
    language (``entities._cldr_territory_names``); an adjective begins like
    one of their words. An adjective several territories share ("dólar
    americano" is the currency of more than one) goes to the most populous
    of them, as English demonyms do in ``entities.py``.
    """
    from babel import Locale
    from babel.numbers import get_territory_currencies

    from index.entities import _lower, fold

    names: dict[str, set[str]] = {}
    for code, local_names in territory_names.items():
        if len(code) == 2 and code.isalpha():
            for name in local_names:
                names.setdefault(code, set()).update(w for w in re.split(r"[\s\-]+", _lower(fold(name))) if len(w) >= 4)
    owners: dict[str, str] = {}
    for locale in ADJECTIVE_LOCALES:
        currencies = {code: _lower(fold(name)).split() for code, name in Locale.parse(locale).currencies.items()}
        nouns = {w for w, n in Counter(w for words in currencies.values() for w in set(words)).items() if n >= CURRENCY_NOUN_MIN}
        for territory in sorted(names):
            for currency in get_territory_currencies(territory, tender=True):
                for word in currencies.get(currency, ()):
                    if word in nouns or word in names[territory] or len(word) < MIN_LENGTH:
                        continue
                    if not any(_begins_like(part, name) for part in word.split("-") for name in names[territory]):
                        continue
                    for form in inflected_forms(word, locale):
                        owner = owners.get(form)
                        if owner is None or populations.get(territory, 0) > populations.get(owner, 0):
                            owners[form] = territory
    adjectives: dict[str, set[str]] = {}
    for form, territory in owners.items():
        adjectives.setdefault(territory, set()).add(form)
    return adjectives


def _begins_like(word: str, name: str) -> bool:
    """Whether ``word`` may be the adjective of ``name``: same first three letters, and not much shorter."""
    return word[:3] == name[:3] and len(word) >= len(name) - 2
