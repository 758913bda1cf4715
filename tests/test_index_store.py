"""The index folder: round trip, staleness, damage, reuse (fake embedder)."""

from __future__ import annotations

import json
import logging

import pytest

from index import Engine
from index.store import current_folder, load_index
from tests.conftest import FakeEmbedder


def _engine(corpus, index_dir, embedder=None):
    return Engine(corpus_dir=corpus, index_dir=index_dir, embedder=embedder or FakeEmbedder())


def test_round_trip_keeps_passages_vectors_and_manifest(seed_corpus, tmp_path):
    engine = _engine(seed_corpus, tmp_path / "idx")
    built = engine.build()
    loaded = load_index(tmp_path / "idx")
    assert [p.ref for p in loaded.passages] == [p.ref for p in built.passages]
    assert loaded.passages == built.passages
    assert (loaded.main.passage_vectors == built.main.passage_vectors).all()
    manifest = json.loads((current_folder(tmp_path / "idx") / "manifest.json").read_text())
    assert manifest["model_id"] == "fake/hashed-words"
    assert manifest["dim"] == 64 and manifest["normalised"] is True
    assert manifest["passage_count"] == 15 and manifest["format_version"] == 4
    assert len(manifest["corpus_fingerprint"]) == 64
    assert not list((tmp_path / "idx").rglob("*.pkl"))


def test_loading_holds_the_garbage_collector_and_gives_it_back_as_it_was(seed_corpus, tmp_path, monkeypatch):
    import gc

    import index.store

    _engine(seed_corpus, tmp_path / "idx").build()
    seen = []
    real = index.store._load_version

    def spy(folder, **kwargs):
        seen.append(gc.isenabled())
        return real(folder, **kwargs)

    monkeypatch.setattr(index.store, "_load_version", spy)
    try:
        assert gc.isenabled()
        load_index(tmp_path / "idx")
        assert seen == [False] and gc.isenabled()
        gc.disable()
        load_index(tmp_path / "idx")
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(Exception, match="no index"):
        load_index(tmp_path / "empty")
    assert gc.isenabled()


def test_search_returns_top_k_best_first_with_citation_fields(seed_corpus, tmp_path):
    hits = _engine(seed_corpus, tmp_path / "idx").search("Tonga support cooperation", k=5)
    assert len(hits) == 5
    assert hits[0].ref == "3(4)"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].doc == "japan-france-2plus2-2022-01-20" and hits[0].date == "2022-01-20"
    assert hits[0].evidence_texts() == ["The four Ministers exchanged views on the cooperation in support for Tonga."]


def test_k_larger_than_corpus_returns_everything(seed_corpus, tmp_path):
    assert len(_engine(seed_corpus, tmp_path / "idx").search("ministers", k=100)) == 15


def test_unchanged_index_is_loaded_not_rebuilt(seed_corpus, tmp_path):
    _engine(seed_corpus, tmp_path / "idx").build()
    again = FakeEmbedder()
    _engine(seed_corpus, tmp_path / "idx", again).search("Tonga", k=1)
    assert again.embedded == ["Tonga"]  # only the query


def test_changed_corpus_triggers_rebuild_reusing_unchanged_vectors(seed_corpus, tmp_path, caplog):
    _engine(seed_corpus, tmp_path / "idx").build()
    path = next(seed_corpus.glob("*.txt"))
    path.write_text(path.read_text(encoding="utf-8") + "\n\n6. Climate\n(1) The Ministers discussed glaciers.\n")
    embedder = FakeEmbedder()
    engine = _engine(seed_corpus, tmp_path / "idx", embedder)
    with caplog.at_level(logging.INFO, logger="index.keeper"):
        hits = engine.search("glaciers", k=1)
    assert hits[0].ref == "6(1)"
    # an edited corpus is what a rebuild is for: said, but not as a warning
    assert [r.levelname for r in caplog.records if "stale (the corpus changed)" in r.getMessage()] == ["INFO"]
    assert "The Ministers discussed glaciers." in embedder.embedded
    assert not any("Tonga" in text for text in embedder.embedded)  # unchanged passages reused


def test_running_engine_notices_a_corpus_edit(seed_corpus, tmp_path):
    engine = _engine(seed_corpus, tmp_path / "idx")
    assert engine.search("glaciers", k=1)[0].ref != "6(1)"
    (seed_corpus / "new.txt").write_text("New statement\n\n1. Climate\n(1) Glaciers are melting.\n", encoding="utf-8")
    hit = engine.search("glaciers", k=1)[0]
    assert (hit.doc, hit.ref) == ("new", "1(1)")


def test_other_model_triggers_rebuild(seed_corpus, tmp_path, caplog):
    _engine(seed_corpus, tmp_path / "idx").build()
    other = FakeEmbedder(salt="other-weights")
    with caplog.at_level(logging.WARNING):
        _engine(seed_corpus, tmp_path / "idx", other).build()
    assert "another model" in caplog.text
    assert len(other.embedded) > 15


@pytest.mark.parametrize("damage", ["truncate_faiss", "bad_manifest", "drop_passages", "bad_pointer"])
def test_damaged_index_is_detected_and_rebuilt(seed_corpus, tmp_path, caplog, damage):
    index_dir = tmp_path / "idx"
    _engine(seed_corpus, index_dir).build()
    folder = current_folder(index_dir)
    if damage == "truncate_faiss":
        data = (folder / "passages.faiss").read_bytes()
        (folder / "passages.faiss").write_bytes(data[: len(data) // 2])
    elif damage == "bad_manifest":
        (folder / "manifest.json").write_text("{not json")
    elif damage == "drop_passages":
        (folder / "passages.jsonl").unlink()
    else:
        (index_dir / "CURRENT").write_text("../../etc")
    with caplog.at_level(logging.WARNING):
        hits = _engine(seed_corpus, index_dir).search("Tonga", k=1)
    assert hits[0].ref == "3(4)"
    assert "rebuilding" in caplog.text
    load_index(index_dir)  # whole again


def test_doc_filter_and_unknown_doc(seed_corpus, tmp_path):
    (seed_corpus / "other.txt").write_text("Other\n\n1. Pacific\n(1) Support for Tonga was discussed.\n")
    engine = _engine(seed_corpus, tmp_path / "idx")
    assert {h.doc for h in engine.search("Tonga", k=20, doc="other")} == {"other"}
    with pytest.raises(KeyError, match="no statement 'nope'"):
        engine.search("Tonga", doc="nope")


def test_changed_representation_re_embeds_instead_of_reusing(seed_corpus, tmp_path, monkeypatch):
    """Vectors are reused only for the exact text that was embedded before."""
    import index.keeper as engine_module

    _engine(seed_corpus, tmp_path / "idx").build()
    original = engine_module.indexed_text
    monkeypatch.setattr(engine_module, "indexed_text", lambda p: "Context: " + original(p))
    embedder = FakeEmbedder()
    _engine(seed_corpus, tmp_path / "idx", embedder).build()
    assert sum(text.startswith("Context: ") for text in embedder.embedded) == 15
    # sentences did not change, so their vectors were reused
    assert all(text.startswith("Context: ") for text in embedder.embedded)
