"""Shared fixtures: the seed statement, a fake embedder, a real engine."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from corpus import DEFAULT_CORPUS_DIR

SEED_DOC = "japan-france-2plus2-2022-01-20"
SEED_FILE = DEFAULT_CORPUS_DIR / f"{SEED_DOC}.txt"


@pytest.fixture(scope="session", autouse=True)
def _private_index_home(tmp_path_factory):
    """Keep every default index of this run out of the user's cache."""
    home = tmp_path_factory.mktemp("xdg-cache")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(home)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    yield home
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


class FakeEmbedder:
    """Deterministic bag-of-words embedder: hashed word counts, L2-normalised.

    Texts that share words get similar vectors, which is all the unit tests
    of storage, fusion and staleness need. It counts what it embeds.
    """

    model_id = "fake/hashed-words"
    dim = 64

    def __init__(self, salt: str = "") -> None:
        self.salt = salt
        self.embedded: list[str] = []

    def fingerprint(self) -> str:
        return f"fake:{self.salt}"

    def embed(self, texts):
        self.embedded.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                bucket = int(hashlib.md5((self.salt + word).encode()).hexdigest(), 16) % self.dim
                out[row, bucket] += 1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def seed_corpus(tmp_path) -> Path:
    """A private copy of the bundled statements, safe to modify."""
    folder = tmp_path / "statements"
    shutil.copytree(DEFAULT_CORPUS_DIR, folder)
    return folder


@pytest.fixture(scope="session")
def real_engine(tmp_path_factory):
    """An engine over the bundled statement with the real model and index."""
    from index import Engine

    engine = Engine(corpus_dir=DEFAULT_CORPUS_DIR, index_dir=tmp_path_factory.mktemp("index"))
    engine.build()
    return engine


@pytest.fixture(scope="session")
def chat_server(tmp_path_factory):
    """``statement-qa serve`` running in its own process on a free port."""
    from eval.server import served

    index_dir = tmp_path_factory.mktemp("server-index")
    log = tmp_path_factory.mktemp("server") / "server.log"
    with served(None, index_dir, log) as server:
        yield server.url


@pytest.fixture(scope="session")
def chat_server_log(chat_server, tmp_path_factory) -> Path:
    """What the ``chat_server`` process printed so far."""
    logs = sorted(Path(tmp_path_factory.getbasetemp()).glob("server*/server.log"))
    return logs[0]


@pytest.fixture(scope="session")
def many_corpus(tmp_path_factory) -> Path:
    """The bundled statement plus every layout fixture and a PDF: ten statements, four formats."""
    from tests.pdf_fixture import write_pdf

    folder = tmp_path_factory.mktemp("many") / "statements"
    shutil.copytree(DEFAULT_CORPUS_DIR, folder)
    for path in (Path(__file__).parent / "data" / "statements").iterdir():
        shutil.copyfile(path, folder / path.name)
    write_pdf(folder / "norvand-estoria-arctic-2024.pdf")
    return folder


@pytest.fixture(scope="session")
def many_engine(many_corpus, tmp_path_factory):
    """A real engine over :func:`many_corpus`."""
    from index import Engine

    engine = Engine(corpus_dir=many_corpus, index_dir=tmp_path_factory.mktemp("many-index"))
    engine.build()
    return engine
