"""Module-level ``search`` and ``ask`` over the bundled statements.

The default engine is built lazily, once per process, on first use.
"""

from __future__ import annotations

import threading
from datetime import date

from index.engine import Engine
from index.results import Answer, Hit

_default: Engine | None = None
_default_lock = threading.Lock()


def default_engine() -> Engine:
    """The process-wide engine over ``corpus/statements``."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Engine()
    return _default


def search(
    query: str, *, k: int = 5, doc: str | None = None, mode: str = "hybrid",
    since: str | date | None = None, until: str | date | None = None,
) -> list[Hit]:
    """The ``k`` best passages for ``query``, best first (see :meth:`Engine.search`).

    Example:
        >>> search("what was said about North Korea", k=3)[0].ref
        '4(2)'
        >>> search("fishing quotas", since="2024", until="2024-12-31")[0].doc
        'valmora-estoria-fisheries-2024'
    """
    return default_engine().search(query, k=k, doc=doc, mode=mode, since=since, until=until)


def ask(
    question: str, *, doc: str | None = None,
    since: str | date | None = None, until: str | date | None = None,
) -> Answer:
    """Quote the passages that answer ``question``, or say it is not addressed (see :meth:`Engine.ask`).

    Example:
        >>> [q.ref for q in ask("what was said about North Korea").quotes]
        ['4(2)', '2(1)']
    """
    return default_engine().ask(question, doc=doc, since=since, until=until)
