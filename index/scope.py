"""Which statements a question is asked of: all of them, one, or those of a date range."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


@dataclass(frozen=True)
class Scope:
    """One statement (``doc``), a date range (``since``/``until``, ISO, inclusive), both, or everything.

    Example:
        >>> Scope.of(since="2023", until="2024-06").until
        '2024-06-30'
    """

    doc: str | None = None
    since: str = ""
    until: str = ""

    @classmethod
    def of(cls, doc: object = None, since: object = None, until: object = None) -> Scope:
        """Validate what a caller passed: a doc id, and dates as ``date``, ``"2024-05-12"``, ``"2024-05"`` or ``"2024"``.

        A partial date means its whole span: ``since="2023"`` is from
        1 January 2023, ``until="2023"`` up to 31 December 2023.

        Raises:
            ValueError: a doc that is not text, a date that is not a date,
                or ``since`` after ``until``.
        """
        if doc is not None and not isinstance(doc, str):
            raise ValueError(f"doc must be a statement id (text), not {type(doc).__name__}")
        scope = cls(doc, _iso(since, "since", end=False), _iso(until, "until", end=True))
        if scope.since and scope.until and scope.since > scope.until:
            raise ValueError(f"since ({scope.since}) is after until ({scope.until})")
        return scope

    @property
    def dated(self) -> bool:
        return bool(self.since or self.until)

    def admits(self, iso_date: str) -> bool:
        """Whether a statement of this date is inside the date range (an undated one is not, when there is one)."""
        if not self.dated:
            return True
        return bool(iso_date) and (not self.since or iso_date >= self.since) and (
            not self.until or iso_date <= self.until
        )

    def describe(self) -> str:
        """The date range in words: ``dated 2023-01-01 to 2023-12-31``, ``dated from 2023-01-01``."""
        if self.since and self.until:
            return f"dated {self.since} to {self.until}"
        if self.since:
            return f"dated from {self.since}"
        if self.until:
            return f"dated up to {self.until}"
        return ""


def _iso(value: object, name: str, *, end: bool) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a date (2024-05-12, 2024-05 or 2024), not {type(value).__name__}")
    match = _PARTIAL.match(value.strip())
    if not match:
        raise ValueError(f"{name} must be a date written 2024-05-12, 2024-05 or 2024, not {value!r}")
    year = int(match.group(1))
    month = int(match.group(2) or (12 if end else 1))
    try:
        day = int(match.group(3) or (calendar.monthrange(year, month)[1] if end else 1))
        return date(year, month, day).isoformat()
    except (ValueError, calendar.IllegalMonthError) as error:
        raise ValueError(f"{name} is not a real date: {value!r} ({error})") from None
