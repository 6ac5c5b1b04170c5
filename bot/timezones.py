"""The IANA time zones a hub may keep its schedule in."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

# The longest IANA time zone name is 32 characters; what is longer is no zone's name.
TIMEZONE_MAX = 64


@cache
def _known() -> frozenset[str]:
    return frozenset(available_timezones())  # read from disk once


@cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA time zone name, sorted."""
    return tuple(sorted(_known()))


def is_timezone(name: str) -> bool:
    # Looked up by name rather than opened: ZoneInfo turns a name into a file path, and a
    # path's errors (too long, a directory) say nothing about the name.
    return name in _known()
