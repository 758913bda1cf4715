"""Entity grounding: which passages name what a question names, and what no passage names.

Built once per index from the passages and saved with it (``entities.json``);
at query time it works on plain sets and arrays, no model involved.

A question's *frame* entities (those in the statement's title: Japan and
France for a Japan-France meeting) say nothing about its topic, so they are
set aside. Of the others, a mention is *addressed* when some passage names
the entity or something within it (Xinjiang for China, Djibouti for
Africa), and *missing* otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corpus import Passage
from index.entities import EntityCatalog, Mention

ENTITY_FILE_FORMAT = 1
# a passage naming something within the asked entity (Djibouti for "Africa")
# counts for less than one naming the entity itself
WITHIN_CREDIT = 0.6


@dataclass(frozen=True)
class EntityIndex:
    """The catalog an index was built with, and the entities each passage names."""

    catalog: EntityCatalog
    passage_ids: tuple[frozenset[str], ...]
    frames: dict[str, frozenset[str]]

    def __post_init__(self) -> None:
        rows: dict[str, list[int]] = {}
        for row, ids in enumerate(self.passage_ids):
            for entity_id in ids:
                rows.setdefault(entity_id, []).append(row)
        # inverted lists: entity id -> passage rows naming it
        object.__setattr__(self, "_rows", {i: np.array(r, dtype=np.int64) for i, r in rows.items()})

    def frame(self, docs=None) -> frozenset[str]:
        """Entities in the titles of ``docs`` (all statements by default)."""
        chosen = self.frames.values() if docs is None else (self.frames.get(d, frozenset()) for d in docs)
        return frozenset().union(*chosen)

    def rows_naming(self, ids) -> np.ndarray:
        """Passage rows that name any of ``ids``."""
        found = [self._rows[i] for i in ids if i in self._rows]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)

    @classmethod
    def build(cls, catalog: EntityCatalog, passages: list[Passage] | tuple[Passage, ...]) -> EntityIndex:
        """Recognise the entities each passage's own words name, and each statement's title.

        Section titles are left out: "3. Indo-Pacific cooperation" does not
        make its item on Tonga a passage about the Indo-Pacific.
        """
        passage_ids = tuple(catalog.ids_in(p.text) for p in passages)
        frames: dict[str, frozenset[str]] = {}
        for passage in passages:
            if passage.doc not in frames:
                frames[passage.doc] = catalog.ids_in(passage.title)
        return cls(catalog, passage_ids, frames)

    def to_json(self) -> dict:
        return {
            "format": ENTITY_FILE_FORMAT,
            "catalog": self.catalog.to_json(),
            "passages": [sorted(ids) for ids in self.passage_ids],
            "frames": {doc: sorted(ids) for doc, ids in self.frames.items()},
        }

    @classmethod
    def from_json(cls, raw: dict) -> EntityIndex:
        if not isinstance(raw, dict) or raw.get("format") != ENTITY_FILE_FORMAT:
            raise ValueError("entities.json has an unknown format")
        return cls(
            catalog=EntityCatalog.from_json(raw["catalog"]),
            passage_ids=tuple(frozenset(ids) for ids in raw["passages"]),
            frames={doc: frozenset(ids) for doc, ids in raw["frames"].items()},
        )


@dataclass(frozen=True)
class EntityEvidence:
    """What the statement says about the entities a question names.

    ``scores`` has one value per passage row: the share of the question's
    topical mentions the passage addresses (1 for naming the entity itself,
    :data:`WITHIN_CREDIT` for naming something within it).
    ``asks_beyond_names`` is what :func:`ground` was told of the question:
    whether it asks something about what it names, not only whether it
    came up (the aspect check reads it too).
    """

    addressed: tuple[Mention, ...]
    missing: tuple[Mention, ...]
    specific_missing: tuple[Mention, ...]
    scores: np.ndarray
    asks_beyond_names: bool = False

    @property
    def topical(self) -> bool:
        """Whether the question names anything beyond the statement's own frame."""
        return bool(self.addressed or self.missing)

    @property
    def declines(self) -> bool:
        """The question is about something the statement never names.

        Either nothing it names is in the statement, or one of the missing
        names is an organisation, agreement, initiative or event ("China's
        Belt and Road" is about the initiative, whatever else matches) or a
        country asked about in a region or sea the statement names ("Was
        India part of the Indo-Pacific discussion?") or asked something
        about ("Did they condemn Russia's troop buildup near Ukraine?").
        """
        return bool(self.specific_missing) or (bool(self.missing) and not self.addressed)


def ground(
    mentions: tuple[Mention, ...], index: EntityIndex, docs: list[str], row_range: tuple[int, int],
    *, member_asked: bool = False, asks_beyond_names: bool = False,
) -> EntityEvidence:
    """Split a question's mentions into addressed and missing over rows ``[lo, hi)``.

    ``member_asked`` is for a question asking for a country
    (``answer_type.asks_for_member``): a region it names is then answered
    by the countries within it, and a passage naming only the region gets
    the lesser credit ("Which African country hosts the centre?" is
    answered by Djibouti, not by "the situations in Afghanistan and Africa").

    ``asks_beyond_names`` is for a question that asks something about what
    it names, not only whether it came up (``lexical.asks_only_whether_named``):
    a country it names that the statement does not is then what it asks
    about, whatever else it names ("Did they condemn Russia's troop buildup
    near Ukraine?" declines, the Ukraine passage being only the closest);
    "What did they say about Russia and Ukraine?" is answered for Ukraine.

    Example:
        >>> evidence = ground(catalog.find("What was the line on Kabul?"), entity_index, [doc], (0, 15))
        >>> [m.text for m in evidence.addressed], int(evidence.scores.argmax())
        (['Kabul'], 13)
    """
    frame = index.frame(docs)
    scores = np.zeros(len(index.passage_ids), dtype=np.float64)
    lo, hi = row_range
    addressed, missing, specific_missing = [], [], []
    topical = [m for m in mentions if not m.ids <= frame]
    for mention in topical:
        within = frozenset().union(*(index.catalog.members(i) for i in mention.ids))
        credit = np.zeros_like(scores)
        if member_asked and _is_kind(mention, index.catalog, *CONTAINERS):
            credit[index.rows_naming(mention.ids)] = WITHIN_CREDIT
            credit[index.rows_naming(within - mention.ids)] = 1.0
        else:
            credit[index.rows_naming(within)] = WITHIN_CREDIT
            credit[index.rows_naming(mention.ids)] = 1.0
        credit[:lo] = 0.0
        credit[hi:] = 0.0
        if credit.any():
            addressed.append(mention)
            scores += credit
        else:
            missing.append(mention)
            if index.catalog.is_specific(mention):
                specific_missing.append(mention)
    if addressed and (asks_beyond_names or all(_is_kind(m, index.catalog, *CONTAINERS) for m in addressed)):
        # a country asked about in a region or sea the statement names is the
        # topic, the region its setting ("Was India part of the Indo-Pacific
        # discussion?"); so is one a question asks something about, next to
        # anything the statement names. Only "Syldavia and Carpania", asking
        # whether they came up, is answered for the named one
        specific_missing += [
            m for m in missing if _is_kind(m, index.catalog, "country") and m not in specific_missing
        ]
    if topical:
        scores /= len(topical)
    return EntityEvidence(tuple(addressed), tuple(missing), tuple(specific_missing), scores, asks_beyond_names)


# What countries lie within ("an African country", "a Pacific island country").
CONTAINERS = ("region", "sea")


def _is_kind(mention: Mention, catalog: EntityCatalog, *kinds: str) -> bool:
    """Whether an entity the mention names is of one of ``kinds`` ("country", "region", "sea", …)."""
    return any(catalog.entities[i].kind in kinds for i in mention.ids if i in catalog.entities)
