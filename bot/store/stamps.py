"""Instants as every table keeps them: UTC ISO-8601 text, always to the microsecond.

One precision for every column means text order is time order, so SQL compares and sorts stamps
as the instants they are: a gig published in the same second as the digest that reads it is
before it, not beside it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


def stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat(timespec="microseconds")


@overload
def instant(text: str) -> datetime: ...
@overload
def instant(text: None) -> None: ...
@overload
def instant(text: str | None) -> datetime | None: ...
def instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).astimezone(UTC)
