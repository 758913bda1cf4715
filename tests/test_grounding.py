"""Entity grounding over small synthetic passages: addressed, missing, scores."""

from __future__ import annotations

import numpy as np
import pytest

from corpus import Passage
from index.entities import Entity, EntityCatalog
from index.grounding import WITHIN_CREDIT, EntityIndex, ground


def passage(ref: str, text: str, doc: str = "d", title: str = "Aland-Borduria talks") -> Passage:
    return Passage(doc=doc, ref=ref, section="", section_title="", text=text, sentences=((0, len(text)),), title=title)


@pytest.fixture
def index() -> EntityIndex:
    entities = {
        "c:aland": Entity("c:aland", "country", "Aland"),
        "c:borduria": Entity("c:borduria", "country", "Borduria"),
        "c:syldavia": Entity("c:syldavia", "country", "Syldavia", ("r:east",)),
        "c:carpania": Entity("c:carpania", "country", "Carpania", ("r:east",)),
        "r:east": Entity("r:east", "region", "the East"),
        "o:pact": Entity("o:pact", "agreement", "Klow Pact"),
    }
    aliases = {
        "Aland": {"c:aland"}, "Borduria": {"c:borduria"}, "Syldavia": {"c:syldavia"}, "Klow": {"c:syldavia"},
        "Carpania": {"c:carpania"}, "the East": {"r:east"}, "Klow Pact": {"o:pact"},
    }
    catalog = EntityCatalog(entities, aliases, set())
    passages = [
        passage("1", "Aland and Borduria met."),
        passage("2", "They discussed Syldavia."),
        passage("3", "They discussed the East."),
        passage("4", "Trade grew."),
    ]
    return EntityIndex.build(catalog, passages)


def evidence(index: EntityIndex, question: str):
    return ground(index.catalog.find(question), index, ["d"], (0, len(index.passage_ids)))


def test_capital_names_the_country_and_reaches_its_passage(index):
    found = evidence(index, "What about Klow?")
    assert [m.text for m in found.addressed] == ["Klow"] and not found.declines
    assert int(np.argmax(found.scores)) == 1 and found.scores[1] == 1.0


def test_a_member_addresses_its_container_for_less(index):
    found = evidence(index, "What about the East?")
    assert found.scores[2] == 1.0 and found.scores[1] == pytest.approx(WITHIN_CREDIT)
    # the container does not address a member
    assert evidence(index, "What about Carpania?").declines


def test_frame_entities_say_nothing_about_the_topic(index):
    found = evidence(index, "What did Aland say?")
    assert not found.topical and not found.declines and not found.scores.any()


def test_a_missing_agreement_declines_even_next_to_a_named_country(index):
    found = evidence(index, "Syldavia and the Klow Pact")
    assert [m.text for m in found.addressed] == ["Syldavia"]
    assert [m.text for m in found.specific_missing] == ["Klow Pact"] and found.declines


def test_a_missing_country_next_to_a_named_one_still_answers(index):
    found = evidence(index, "Syldavia and Carpania")
    assert found.missing and found.addressed and not found.declines


def test_a_missing_country_a_question_asks_something_about_declines(index):
    # "Did Carpania's troops mass near Syldavia?": Carpania is what it asks about
    mentions = index.catalog.find("Did Carpania's troops mass near Syldavia?")
    found = ground(mentions, index, ["d"], (0, 4), asks_beyond_names=True)
    assert [m.text for m in found.addressed] == ["Syldavia"]
    assert [m.text for m in found.specific_missing] == ["Carpania"] and found.declines


def test_a_missing_country_asked_about_in_a_named_region_declines(index):
    # the region is where the question looks, the country what it asks about
    found = evidence(index, "Was Carpania part of the talks on the East?")
    assert [m.text for m in found.addressed] == ["the East"]
    assert [m.text for m in found.specific_missing] == ["Carpania"] and found.declines
    # a named country next to the region keeps the answer for what is named
    assert not evidence(index, "Syldavia, Carpania and the East").declines


def test_row_range_limits_what_counts(index):
    found = ground(index.catalog.find("Syldavia"), index, ["d"], (2, 4))
    assert found.declines and not found.scores.any()


def test_entity_index_round_trips_through_json(index):
    copy = EntityIndex.from_json(index.to_json())
    assert copy.passage_ids == index.passage_ids and copy.frames == index.frames
    with pytest.raises(ValueError):
        EntityIndex.from_json({"format": 99})


def test_a_question_asking_for_a_country_of_a_region_prefers_its_members(index):
    asked = ground(index.catalog.find("Which country of the East?"), index, ["d"], (0, 4), member_asked=True)
    assert asked.scores[1] == 1.0 and asked.scores[2] == pytest.approx(WITHIN_CREDIT)
    # a country named with it keeps its own credit
    plain = ground(index.catalog.find("Syldavia"), index, ["d"], (0, 4), member_asked=True)
    assert plain.scores[1] == 1.0 and plain.scores[2] == 0.0
